#!/bin/sh
# Regenerates every checked-in .wasm of the Maven plugin's tests and examples from the .wat beside it.
# Needs wat2wasm; builds do not.
cd "$(dirname "$0")/../.." &&
  find src/it examples/maven-example examples/aot-example wasm-snapshot-maven-plugin/src/test -name '*.wat' |
  while read -r f; do wat2wasm "$f" -o "${f%.wat}.wasm"; done
