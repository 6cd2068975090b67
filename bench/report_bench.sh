#!/bin/sh
# SPDX-License-Identifier: MIT
# Report benchmark, on a library of 1,000,000 cases (bench/gen_report_library.sql):
#   (a) the consolidated yearly report (province-consolidated, 2025, calendar) as xlsx;
#       target < 1 s
#   (b) the named list of the ~100,000 persons supported in 2025 as xlsx (support-list,
#       --include-pii), against a bare libxlsxwriter C program writing the same cells
#       (bench/list_bare.c; target: hotro <= 1.3x) and Python XlsxWriter (bench/list_xlsxwriter.py,
#       Debian package python3-xlsxwriter) on the same rows.
# Each timing is the best of 3 runs of the whole command (wall clock). A benchmark, not a test:
# exits 0 once it measured, non-zero only when it cannot measure.
#
#   bench/report_bench.sh
#   HOTRO=/path/to/hotro      binary to measure (default build/hotro; not rebuilt here)
#   KEEP_DB=1                 keep bench/out/report_1m.db for the next run (it takes a while)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
HOTRO=${HOTRO:-$root/build/hotro}
out=$here/out
mkdir -p "$out"
die() { echo "report_bench: $*" >&2; exit 1; }
[ -x "$HOTRO" ] || die "no hotro binary at $HOTRO (build it, or set HOTRO=)"
cp "$HOTRO" "$out/hotro-report.bin"
HOTRO=$out/hotro-report.bin
command -v sqlite3 >/dev/null || die "sqlite3 is needed"
cc -O2 -o "$out/list_bare" "$here/list_bare.c" $(pkg-config --cflags --libs xlsxwriter) || die "cannot build list_bare.c"

export HOTRO_DB=$out/report_1m.db HOTRO_TODAY=2026-11-25 HOTRO_NOW=2026-11-25T08:00:00Z HOTRO_ACTOR=bench
if [ ! -s "$HOTRO_DB" ] || [ "$(sqlite3 "$HOTRO_DB" 'SELECT count(*) FROM case_file' 2>/dev/null)" != 1000000 ]; then
    rm -f "$HOTRO_DB" "$HOTRO_DB"-wal "$HOTRO_DB"-shm
    echo "generating 1,000,000 cases into $HOTRO_DB ..." >&2
    start=$(date +%s)
    "$HOTRO" -q init
    sqlite3 "$HOTRO_DB" < "$here/gen_report_library.sql" >/dev/null || die "generator failed"
    echo "  generated in $(( $(date +%s) - start )) s" >&2
fi

# best_of3 CMD...: prints the smallest wall time (seconds) of three runs.
best_of3() {
    best=""
    for _ in 1 2 3; do
        t0=$(date +%s.%N)
        "$@" >/dev/null || die "failed: $*"
        t1=$(date +%s.%N)
        t=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    printf '%.3f\n' "$best"
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
yearly=$(best_of3 "$HOTRO" report --template province-consolidated --period 2025 --cutoff calendar --out "$out/consolidated-2025.xlsx")

"$HOTRO" report --template support-list --period 2025 --include-pii --out "$out/list-2025.csv"
persons=$(( $(sed -n '/^STT,/,/^\r*$/p' "$out/list-2025.csv" | wc -l) - 3 ))
list=$(best_of3 "$HOTRO" report --template support-list --period 2025 --include-pii --out "$out/list-2025.xlsx")
bare=$(best_inner3 "$out/list_bare" "$out/list-2025.csv" "$out/list-bare.xlsx")
if /usr/bin/python3 -c 'import xlsxwriter' 2>/dev/null; then
    python=$(best_inner3 /usr/bin/python3 "$here/list_xlsxwriter.py" "$out/list-2025.csv" "$out/list-python.xlsx")
else
    python="(python3-xlsxwriter not installed)"
fi
ratio=$(echo "scale=2; $list / $bare" | bc -l)

verdict() { [ "$(echo "$1" | bc -l)" = 1 ] && echo PASS || echo MISS; }
cat <<REPORT
hotro report benchmark ($(date -u +%Y-%m-%d), $(nproc) CPUs; library: 1,000,000 cases, $cases_2025 received in 2025)
  (a) consolidated yearly report 2025, xlsx          ${yearly} s   target < 1 s: $(verdict "$yearly < 1")
  (b) named list, $persons persons, xlsx (hotro)     ${list} s   (whole command: query, count, write)
      bare libxlsxwriter, same cells                 ${bare} s   (writing only)
      Python XlsxWriter, same cells                  ${python} s   (writing only)
      hotro / bare libxlsxwriter                     ${ratio}x   target <= 1.3x: $(verdict "$ratio <= 1.3")
REPORT
[ -n "${KEEP_DB:-}" ] || rm -f "$HOTRO_DB" "$HOTRO_DB"-wal "$HOTRO_DB"-shm
