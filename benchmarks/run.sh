#!/usr/bin/env bash
# End-to-end benchmark: our CLI against wizer on each module, run alternately, best of N wall times, with peak RSS;
# then checks each side's output in a second engine (check.py, Python wasmtime).
#
# Usage: benchmarks/run.sh [-n N] [--wizer PATH] [--jar PATH] [--regex PATH] [MODULE...]
#   -n N          runs per side and module (default 5)
#   --wizer PATH  wizer 11.0.3 (default: the native binary that `npm install @bytecodealliance/wizer@11.0.3` puts
#                 under node_modules, looked for in the repository, beside it and in a sibling `tools` directory;
#                 the node wrapper node_modules/.bin/wizer works too but adds node's start-up, about 0.06 s)
#   --jar PATH    our CLI (default wasm-snapshot-core/target/wasm-snapshot-core-*-cli.jar)
#   --regex PATH  Wizer's regex_test.wasm (default ../shared/corpus/regex_test.wasm beside the repository, if there)
#   MODULE        regex_test, hashtable, minidb, minilisp (default all); JAVA_OPTS is passed to java, e.g.
#                 JAVA_OPTS='-XX:TieredStopAtLevel=1 -XX:+UseSerialGC'
# Needs /usr/bin/time (Debian package `time`) and Python's wasmtime.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")

runs=5 wizer= jar= regex=
while [ $# -gt 0 ]; do
    case $1 in
        -n) runs=$2; shift 2 ;;
        --wizer) wizer=$2; shift 2 ;;
        --jar) jar=$2; shift 2 ;;
        --regex) regex=$2; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
        *) break ;;
    esac
done

if [ -z "$jar" ]; then
    jar=$(ls "$ROOT"/wasm-snapshot-core/target/wasm-snapshot-core-*-cli.jar 2>/dev/null | head -n 1 || true)
fi
[ -f "$jar" ] || { echo "no CLI jar: build it (./mvnw -B -q package -DskipTests -pl wasm-snapshot-core)" >&2; exit 2; }
if [ -z "$wizer" ]; then
    for dir in "$ROOT" "$ROOT/.." "$ROOT/../tools"; do
        for candidate in "$dir"/node_modules/@bytecodealliance/wizer-linux-x64/wizer "$dir"/node_modules/.bin/wizer; do
            if [ -z "$wizer" ] && [ -x "$candidate" ]; then wizer=$candidate; fi
        done
    done
fi
[ -x "$wizer" ] || { echo "no wizer: npm install @bytecodealliance/wizer@11.0.3, or pass --wizer PATH" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "no /usr/bin/time: apt-get install time" >&2; exit 2; }
if ! python3 -c 'import wasmtime' 2>/dev/null; then
    echo "no Python wasmtime for the checks: pip install wasmtime" >&2; exit 2
fi
for name in "$@"; do
    case $name in
        regex_test|hashtable|minidb|minilisp) ;;
        *) echo "unknown module $name: regex_test, hashtable, minidb or minilisp" >&2; exit 2 ;;
    esac
done
regex=${regex:-$ROOT/../shared/corpus/regex_test.wasm}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs one side once; prints "seconds kilobytes", or fails with the tool's output.
measure() {
    local log=$1; shift
    if ! /usr/bin/time -f '%e %M' -o "$log.time" "$@" > "$log" 2>&1; then
        echo "failed: $*" >&2; cat "$log" >&2; return 1
    fi
    cat "$log.time"
}

echo "wizer: $wizer"
echo "ours:  java ${JAVA_OPTS:-} -jar $jar"
echo "best of $runs, alternating; RSS is the largest of the runs"
printf '%-11s %9s %9s %7s %10s %10s  %s\n' module wizer ours ratio "wizer RSS" "our RSS" "check (ours; wizer's)"
selected=" $* "
status=0

# bench NAME MODULE OPTIONS INITS QUERY...: OPTIONS go to both tools; INITS are the exports check.py calls on the
# original, comma-separated; each QUERY is EXPORT[:ARG...][=EXPECTED].
bench() {
    local name=$1 module=$2 options=$3 inits=$4
    shift 4
    if [ "$selected" != "  " ] && [[ $selected != *" $name "* ]]; then return; fi
    if [ ! -f "$module" ]; then
        printf '%-11s skipped: no %s (pass --regex PATH)\n' "$name" "$module"
        return
    fi
    local opts best_w= best_o= rss_w=0 rss_o=0 t m ours theirs
    read -r -a opts <<< "$options"
    for _ in $(seq "$runs"); do
        read -r t m < <(measure "$work/w.log" "$wizer" "${opts[@]}" "$module" -o "$work/$name.wizer.wasm")
        best_w=$(echo "$t ${best_w:-$t}" | awk '{print ($1 < $2) ? $1 : $2}'); rss_w=$(( m > rss_w ? m : rss_w ))
        # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
        read -r t m < <(measure "$work/o.log" java ${JAVA_OPTS:-} -jar "$jar" "${opts[@]}" "$module" \
            -o "$work/$name.ours.wasm")
        best_o=$(echo "$t ${best_o:-$t}" | awk '{print ($1 < $2) ? $1 : $2}'); rss_o=$(( m > rss_o ? m : rss_o ))
    done
    ours=$(python3 "$HERE/check.py" "$module" "$work/$name.ours.wasm" "$inits" "$@") || status=1
    theirs=$(python3 "$HERE/check.py" "$module" "$work/$name.wizer.wasm" "$inits" "$@") || true
    printf '%-11s %8.2fs %8.2fs %6.1fx %7d MB %7d MB  %s; %s\n' "$name" "$best_w" "$best_o" \
        "$(echo "$best_o $best_w" | awk '{print ($2 > 0) ? $1 / $2 : 0}')" $((rss_w / 1024)) $((rss_o / 1024)) \
        "$ours" "$theirs"
}

bench regex_test "$regex" "--allow-wasi -f wizer.initialize" wizer.initialize run:13=42 run:1999=42 run:2=0
bench hashtable "$HERE/hashtable.wasm" "" _initialize,wizer-initialize \
    entries=20000 count_of:0 count_of:19999 count_of:20000=-1 checksum
bench minidb "$HERE/minidb.wasm" "" _initialize,wizer-initialize \
    row_count=50000 integrity_errors=0 page_count depths score_of:1 score_of:50000 score_of:50001=-1 \
    count_names_from:101 count_names_from:122 rowid_by_name_rank:0 rowid_by_name_rank:49999
bench minilisp "$HERE/minilisp.wasm" "" _initialize,wizer-initialize \
    symbol_count cell_count query:0=168 query:1=547 query:2 query:3=233 query:4=610 query:5 query:6 query:7 query:8 \
    query:9 query:10=-1
exit $status
