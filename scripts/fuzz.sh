#!/bin/sh
# Build the libFuzzer targets of tests/fuzz in ./build-fuzz (clang, ASan + UBSan) and run each
# for SECONDS (default 30) on a copy of its seed corpus; the committed corpus is never grown.
#   scripts/fuzz.sh [SECONDS] [TARGET...]      e.g. scripts/fuzz.sh 600 fuzz_xlsx
# Exits 1 if a target found a crash, a sanitizer report, a timeout or an out-of-memory input,
# and prints the path of each reproducer (build-fuzz/findings/TARGET/...). Replay one with
#   build-fuzz/tests/fuzz/TARGET REPRODUCER
set -eu
cd "$(dirname "$0")/.."

SECONDS_EACH=${1:-30}
case "$SECONDS_EACH" in
    ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 64 ;;
esac
[ $# -gt 0 ] && shift
ALL_TARGETS="fuzz_csv fuzz_xlsx fuzz_dates fuzz_period fuzz_profile fuzz_rules fuzz_unicode"
TARGETS=${*:-$ALL_TARGETS}
for t in $TARGETS; do
    case " $ALL_TARGETS " in *" $t "*) ;; *) echo "fuzz.sh: unknown target '$t' (targets: $ALL_TARGETS)" >&2; exit 64 ;; esac
done

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
apt_install() {
    echo "fuzz.sh: installing: $*" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The libraries hotro builds against, then clang and the libFuzzer runtime of its version
# (Debian 12: clang 14, libclang-rt-14-dev).
./scripts/install-deps.sh
if ! command -v clang++ >/dev/null 2>&1 || ! installed clang; then apt_install clang; fi
CLANG_MAJOR=$(clang++ -dumpversion | cut -d. -f1)
installed "libclang-rt-$CLANG_MAJOR-dev" || apt_install "libclang-rt-$CLANG_MAJOR-dev"
if [ ! -f "$(clang++ -print-file-name=libclang_rt.fuzzer-x86_64.a)" ] &&
   [ -z "$(find "$(clang++ -print-resource-dir)" -name 'libclang_rt.fuzzer*.a' 2>/dev/null | head -n1)" ]; then
    echo "fuzz.sh: the libFuzzer runtime of clang $CLANG_MAJOR is missing" >&2
    exit 69
fi

BUILD=build-fuzz
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DHOTRO_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# shellcheck disable=SC2086  # one --target list
cmake --build "$BUILD" -j"$(nproc)" --target $TARGETS

failed=""
summary=""
for t in $TARGETS; do
    work="$BUILD/fuzz-run/$t"
    findings="$BUILD/findings/$t"
    rm -rf "$work" "$findings"
    mkdir -p "$work" "$findings" "$BUILD/logs"
    cp -R "tests/fuzz/corpus/$t/." "$work/"   # a copy: new inputs go here, not into git
    log="$BUILD/logs/$t.log"
    dict=""
    [ -f "tests/fuzz/dict/$t.dict" ] && dict="-dict=tests/fuzz/dict/$t.dict"
    # HOTRO_FUZZ_SEED fixes libFuzzer's random seed (CI), so a run can be repeated.
    seed=""
    [ -n "${HOTRO_FUZZ_SEED:-}" ] && seed="-seed=$HOTRO_FUZZ_SEED"
    echo "fuzz.sh: $t for ${SECONDS_EACH}s (log: $log)"
    status=0
    # shellcheck disable=SC2086  # $dict and $seed are empty or one argument
    "$BUILD/tests/fuzz/$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$findings/" $seed $dict "$work" >"$log" 2>&1 &
    pid=$!
    wait "$pid" || status=$?
    # A target that crashed did not remove its temporary input file (fuzz_support.h: TempFile).
    rm -f "${HOTRO_FUZZ_TMPDIR:-/dev/shm}"/hotro_fuzz_*."$pid".* "${TMPDIR:-/tmp}"/hotro_fuzz_*."$pid".*
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2)
    line="$t: ${runs:-?} runs in ${secs:-?} s, coverage ${cov:-?} edges"
    if [ "$status" -ne 0 ]; then
        failed="$failed $t"
        line="$line: FOUND A PROBLEM (exit $status)"
        echo "fuzz.sh: $t found a problem; the end of $log:" >&2
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*fuzz check failed|.*terminate called|.*what\(\))' "$log" | head -n 8 >&2 || true
        for f in "$findings"/*; do
            [ -f "$f" ] && echo "fuzz.sh: reproducer: $f   (replay: $BUILD/tests/fuzz/$t $f)" >&2
        done
    fi
    summary="$summary$line
"
done

printf '\n%s' "$summary"
if [ -n "$failed" ]; then
    echo "fuzz.sh: findings in:$failed" >&2
    exit 1
fi
echo "fuzz.sh: no findings"
