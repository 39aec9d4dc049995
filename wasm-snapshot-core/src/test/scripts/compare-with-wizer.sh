#!/usr/bin/env bash
# Side by side with wizer: pre-initializes every fixture (and some option combinations) with
# the wasm-snapshot CLI jar and with a wizer binary, and compares the outputs byte for byte.
# Not part of the build. Usage: compare-with-wizer.sh [WIZER] (default: wizer on the PATH);
# build the jar first: ./mvnw -B -q package -DskipTests -pl wasm-snapshot-core
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
core="$here/../../.."
fixtures="$core/src/test/resources/fixtures"
jar="$core/target/wasm-snapshot-core-0.1.0-SNAPSHOT-cli.jar"
wizer="${1:-wizer}"
out="$(mktemp -d)"

cases=(
  "data" "exports" "globals" "hashtable" "import-uncalled" "memories" "primes" "reactor" "sparse" "start"
  "tables-untouched"
  "simd-bits" "simd-families"
  "import-called" "import-global" "import-memory" "import-table" "init-mistyped" "invalid" "trap"
  "tables" "dropped-segments" "funcref-globals"
  "refused-data-drop" "refused-elem-drop" "refused-mutable-funcref-global" "refused-table-copy"
  "refused-table-fill" "refused-table-grow" "refused-table-init" "refused-table-set"
  "memory-2gib" "grow-4gib" "data-above-2gib" "memory64"
  "grow-4gib -f store-at-2gib"
  "grow-4gib -f store-past-2gib-by-offset"
  "grow-4gib -f store-past-the-end"
  "init-mistyped -f wizer.initialize"
  "reactor -f _initialize"
  "exports --keep-init-func"
  "exports -r _start=main_initialized"
  "exports -r run=helper -r _start=main_initialized"
  "exports -r x=helper -r x=_start"
  "exports -r x=helper -r y=helper"
)

for case in "${cases[@]}"; do
  read -r fixture options <<<"$case"
  name="$(echo "$case" | tr ' =' '_-')"
  # shellcheck disable=SC2086 # options are words
  java -jar "$jar" "$fixtures/$fixture.wasm" -o "$out/$name.ours.wasm" $options 2>"$out/$name.ours.err"
  ours=$?
  # shellcheck disable=SC2086
  "$wizer" "$fixtures/$fixture.wasm" -o "$out/$name.wizer.wasm" $options 2>"$out/$name.wizer.err"
  theirs=$?
  if [ $ours -eq 0 ] && [ $theirs -eq 0 ]; then
    if cmp -s "$out/$name.ours.wasm" "$out/$name.wizer.wasm"; then
      verdict="identical"
    else
      verdict="DIFFERENT ($(stat -c %s "$out/$name.ours.wasm") vs $(stat -c %s "$out/$name.wizer.wasm") bytes)"
    fi
  elif [ $ours -ne 0 ] && [ $theirs -ne 0 ]; then
    verdict="both refuse: $(head -1 "$out/$name.ours.err") | wizer: $(grep -m1 -v '^$' "$out/$name.wizer.err")"
  elif [ $ours -eq 0 ]; then
    # expected for what we snapshot and wizer refuses: tables, dropped segments, reference globals
    verdict="only wizer refuses: $(grep -m1 -v '^$' "$out/$name.wizer.err")"
  else
    verdict="ONLY OURS REFUSES (wizer exit $theirs): $(head -1 "$out/$name.ours.err")"
  fi
  printf '%-52s %s\n' "$case" "$verdict"
done
echo "outputs in $out"
