#!/bin/sh
# SPDX-License-Identifier: MIT
# Report benchmark, on a library of N cases (default 1,000,000; bench/gen_report_library.sql):
#   (a) the consolidated yearly report (province-consolidated, 2025, calendar) as xlsx;
#       target < 1 s
#   (b) the named list of the ~100,000 persons supported in 2025 as xlsx (support-list,
#       --include-pii), against a bare libxlsxwriter C program writing the same cells
#       (bench/list_bare.c; target: hotro <= 1.3x) and Python XlsxWriter (bench/list_xlsxwriter.py,
#       Debian package python3-xlsxwriter) on the same rows.
# Each timing is the best of 3 runs of the whole command (wall clock; the CPU time of that run
# beside it). A benchmark, not a test: exits 0 once it measured, non-zero only when it cannot
# measure.
#
#   bench/report_bench.sh [N]     N also from the environment (N=100000 bench/report_bench.sh);
#                                 the targets are for N = 1,000,000
#   HOTRO=/path/to/hotro          binary to measure (default build/hotro; not rebuilt here)
#   KEEP_DB=1                     keep bench/out/report_N.db for the next run (it takes a while)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
HOTRO=${HOTRO:-$root/build/hotro}
N=${1:-${N:-1000000}}
case $N in '' | *[!0-9]*) echo "report_bench: N must be a whole number, not '$N'" >&2; exit 64 ;; esac
[ "$N" -ge 1000 ] || { echo "report_bench: N must be at least 1000" >&2; exit 64; }
out=$here/out
mkdir -p "$out"
die() { echo "report_bench: $*" >&2; exit 1; }
[ -x "$HOTRO" ] || die "no hotro binary at $HOTRO (build it, or set HOTRO=)"
# Measure a copy, so that a rebuild while the benchmark runs cannot mix two binaries.
HOTRO_SRC=$HOTRO
bin_built=$(date -u -r "$HOTRO" "+%Y-%m-%d %H:%M UTC")
head=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "?")
changes=$(git -C "$root" status --porcelain -- lib/report cmd/report.cpp schemas 2>/dev/null | awk '{ printf " %s", $2 }')
[ -n "$changes" ] && changes="; uncommitted:$changes"
cp "$HOTRO" "$out/hotro-report.bin"
HOTRO=$out/hotro-report.bin
command -v sqlite3 >/dev/null || die "sqlite3 is needed"
cc -O2 -o "$out/list_bare" "$here/list_bare.c" $(pkg-config --cflags --libs xlsxwriter) || die "cannot build list_bare.c"

export HOTRO_DB=$out/report_$N.db HOTRO_TODAY=2026-11-25 HOTRO_NOW=2026-11-25T08:00:00Z HOTRO_ACTOR=bench
if [ ! -s "$HOTRO_DB" ] || [ "$(sqlite3 "$HOTRO_DB" 'SELECT count(*) FROM case_file' 2>/dev/null)" != "$N" ]; then
    rm -f "$HOTRO_DB" "$HOTRO_DB"-wal "$HOTRO_DB"-shm
    echo "generating $N cases into $HOTRO_DB ..." >&2
    start=$(date +%s)
    "$HOTRO" -q init
    { echo "CREATE TEMP TABLE bench_size AS SELECT $N AS cases;"; cat "$here/gen_report_library.sql"; } |
        sqlite3 "$HOTRO_DB" >/dev/null || die "generator failed"
    echo "  generated in $(( $(date +%s) - start )) s" >&2
else
    # A library kept from an older hotro is upgraded to this one's schema (no copy kept aside).
    "$HOTRO" -q init || die "cannot upgrade $HOTRO_DB"
    rm -f "$HOTRO_DB".before-v*
fi

# best_of3 CMD...: runs CMD three times; prints the smallest wall time (seconds) and the CPU
# time (user + system, from /usr/bin/time; "?" without it) of that run. Other work on the
# machine inflates wall times more than CPU times.
best_of3() {
    best="" best_cpu=""
    for _ in 1 2 3; do
        t0=$(date +%s.%N)
        if [ -x /usr/bin/time ]; then
            /usr/bin/time -f '%U %S' -o "$out/time.txt" "$@" >/dev/null || die "failed: $*"
        else
            "$@" >/dev/null || die "failed: $*"
        fi
        t1=$(date +%s.%N)
        t=$(echo "$t1 - $t0" | bc -l)
        cpu="?"
        [ -x /usr/bin/time ] && cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$out/time.txt")
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t best_cpu=$cpu; fi
    done
    printf '%.3f %s\n' "$best" "$best_cpu"
}
# best_inner3 CMD...: the smallest of the times the command prints itself.
best_inner3() {
    best=""
    for _ in 1 2 3; do
        t=$("$@") || die "failed: $*"
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    printf '%.3f\n' "$best"
}

cases_2025=$(sqlite3 "$HOTRO_DB" "SELECT count(*) FROM case_file WHERE intake_date LIKE '2025-%'")
# (A failure inside $(...) ends only that subshell, after die printed why: stop here too.)
times=$(best_of3 "$HOTRO" report --template province-consolidated --period 2025 --cutoff calendar --out "$out/consolidated-2025.xlsx") || exit 1
set -- $times
yearly=$1 yearly_cpu=$2

"$HOTRO" report --template support-list --period 2025 --include-pii --out "$out/list-2025.csv"
persons=$(( $(sed -n '/^STT,/,/^\r*$/p' "$out/list-2025.csv" | wc -l) - 3 ))
times=$(best_of3 "$HOTRO" report --template support-list --period 2025 --include-pii --out "$out/list-2025.xlsx") || exit 1
set -- $times
list=$1 list_cpu=$2
bare=$(best_inner3 "$out/list_bare" "$out/list-2025.csv" "$out/list-bare.xlsx")
if /usr/bin/python3 -c 'import xlsxwriter' 2>/dev/null; then
    python=$(best_inner3 /usr/bin/python3 "$here/list_xlsxwriter.py" "$out/list-2025.csv" "$out/list-python.xlsx")
else
    python="(python3-xlsxwriter not installed)"
fi
ratio=$(echo "scale=2; $list / $bare" | bc -l)

verdict() { [ "$(echo "$1" | bc -l)" = 1 ] && echo PASS || echo MISS; }
cat <<REPORT
hotro report benchmark ($(date -u +%Y-%m-%d), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); library: $N cases, $cases_2025 received in 2025)
  binary $HOTRO_SRC, built $bin_built; git HEAD $head$changes
  (a) consolidated yearly report 2025, xlsx          ${yearly} s   target < 1 s: $(verdict "$yearly < 1")   (CPU ${yearly_cpu} s)
  (b) named list, $persons persons, xlsx (hotro)     ${list} s   (whole command: query, count, write; CPU ${list_cpu} s)
      bare libxlsxwriter, same cells                 ${bare} s   (writing only)
      Python XlsxWriter, same cells                  ${python} s   (writing only)
      hotro / bare libxlsxwriter                     ${ratio}x   target <= 1.3x: $(verdict "$ratio <= 1.3")
REPORT
[ -n "${KEEP_DB:-}" ] || rm -f "$HOTRO_DB" "$HOTRO_DB"-wal "$HOTRO_DB"-shm
