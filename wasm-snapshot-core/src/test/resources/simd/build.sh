#!/bin/sh
# Regenerates the SIMD C fixture (the build never needs this: the .wasm files are checked in).
# Needs clang with the wasm32-wasi target and wasi-libc's headers (Debian: clang, lld, wasi-libc).
# With WIZER=/path/to/wizer, also remakes wizer's output, ../fixtures/wizer/simd-vectors.wasm.
set -eu
cd "$(dirname "$0")"
clang --target=wasm32-wasi --sysroot=/usr -O2 -msimd128 -nostdlib -Wl,--no-entry -Wl,--strip-debug \
  -o vectors.wasm vectors.c
chmod 644 vectors.wasm
if [ -n "${WIZER:-}" ]; then
  "$WIZER" vectors.wasm -o ../fixtures/wizer/simd-vectors.wasm
fi
