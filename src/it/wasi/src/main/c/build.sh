#!/bin/sh
# Regenerates ../wasm/seer.wasm (the build never needs this: the .wasm is checked in). Needs clang with the
# wasm32-wasi target and wasi-libc (Debian: clang, lld, wasi-libc, libclang-rt-14-dev-wasm32).
set -eu
cd "$(dirname "$0")"
clang --target=wasm32-wasi --sysroot=/usr -O2 -mexec-model=reactor -Wl,--strip-debug -o ../wasm/seer.wasm seer.c
chmod 644 ../wasm/seer.wasm
