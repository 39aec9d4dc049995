#!/bin/sh
# Regenerates the WASI fixtures (the build never needs this: the .wasm files are checked in).
# Needs clang with the wasm32-wasi target, wasi-libc and libclang-rt for wasm32 (Debian:
# clang, lld, wasi-libc, libclang-rt-14-dev-wasm32).
set -eu
cd "$(dirname "$0")"
clang --target=wasm32-wasi --sysroot=/usr -O2 -mexec-model=reactor -Wl,--strip-debug -o observer.wasm observer.c
clang --target=wasm32-wasi --sysroot=/usr -O2 -mexec-model=reactor -Wl,--strip-debug -o files.wasm files.c
clang --target=wasm32-wasi -O2 -nostdlib -Wl,--no-entry -Wl,--allow-undefined -o calls.wasm calls.c
clang --target=wasm32-wasi -O2 -nostdlib -Wl,--no-entry -o helper.wasm helper.c
chmod 644 observer.wasm files.wasm calls.wasm helper.wasm
