#!/usr/bin/env sh
# Rebuilds primes.wasm from primes.wat (needs wabt's wat2wasm; the build does not).
set -e
cd "$(dirname "$0")"
wat2wasm primes.wat -o primes.wasm
