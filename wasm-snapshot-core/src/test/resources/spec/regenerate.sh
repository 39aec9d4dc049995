#!/usr/bin/env bash
# Rebuilds simd.zip: the WebAssembly spec's SIMD and relaxed SIMD test scripts (simd_*.wast and the seven relaxed
# SIMD scripts of WebAssembly/testsuite at the commit below, Apache License 2.0: see LICENSE), each converted by
# wabt's wast2json (1.0.32 was used) into NAME/NAME.json and its modules, zipped in name order with fixed times, so
# the same inputs give the same bytes. SimdSpecTest runs them in the build.
# Needs git, wast2json (apt-get install wabt) and python3; TESTSUITE may name another clone of the testsuite.
set -euo pipefail
COMMIT=193e551ff22663995b1ac95dc62344133669e14b
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

git clone -q "${TESTSUITE:-https://github.com/WebAssembly/testsuite}" "$work/testsuite"
git -C "$work/testsuite" checkout -q "$COMMIT"
cp "$work/testsuite/LICENSE" "$here/LICENSE"
mkdir "$work/out"
for wast in "$work"/testsuite/simd_*.wast "$work"/testsuite/*relaxed*.wast; do
    name=$(basename "$wast" .wast)
    mkdir "$work/out/$name"
    # wabt 1.0.32 knows the relaxed dot products by their earlier names
    sed -e 's/i16x8\.relaxed_dot_i8x16_i7x16_s/i16x8.dot_i8x16_i7x16_s/g' \
        -e 's/i32x4\.relaxed_dot_i8x16_i7x16_add_s/i32x4.dot_i8x16_i7x16_add_s/g' "$wast" > "$work/$name.wast"
    # relative paths: the JSON records the script's file name, which must not be the temporary directory's
    (cd "$work" && wast2json --enable-all "$name.wast" -o "out/$name/$name.json")
done
python3 - "$work/out" "$here/simd.zip" <<'PY'
import os, sys, zipfile
root, target = sys.argv[1], sys.argv[2]
names = sorted(os.path.relpath(os.path.join(d, f), root) for d, _, files in os.walk(root) for f in files)
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
    for name in names:
        entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        with open(os.path.join(root, name), "rb") as f:
            archive.writestr(entry, f.read(), compresslevel=9)
PY
echo "wrote $here/simd.zip"
