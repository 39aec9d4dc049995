#!/bin/sh
# Regenerates the benchmark modules from their C sources (the benchmark never needs this: the .wasm files are
# checked in). Needs clang with the wasm32-wasi target and wasi-libc (Debian: clang, lld, wasi-libc,
# libclang-rt-14-dev-wasm32) and wabt's wasm-validate. Reactors: `_initialize` runs the C constructors, then
# `wizer-initialize` does the work; no WASI call is made during initialization.
set -eu
cd "$(dirname "$0")"
for name in hashtable minidb minilisp; do
    clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Werror -mexec-model=reactor -Wl,--strip-debug \
        -o "$name.wasm" "$name.c"
    chmod 644 "$name.wasm"
    wasm-validate "$name.wasm"
done
