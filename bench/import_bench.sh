#!/bin/sh
# SPDX-License-Identifier: MIT
# Import benchmark: a generated list of N persons (default 1,000,000) loaded by
#   (a) hotro init + hotro intake import, into a fresh library
#   (d) hotro intake import of the same file again (every row unchanged)
#   (e) hotro intake import of the same rows with a note added (every case updated, each with
#       its own audit entry holding it before and after)
#   (b) sqlite3 '.import --csv'          (the floor: no validation, one text table)
#   (c) sqlite-utils insert --csv        (a common Python tool)
# with wall time and peak RSS from /usr/bin/time. Prints a table and PASS/MISS for the targets
# (>= 200,000 rows/s, <= 2x the sqlite3 .import time, peak RSS < 64 MiB). Always exits 0 once
# the measurements ran: it is a benchmark, not a test. It exits non-zero only when it cannot
# measure (no hotro binary, generator or data check failed).
#
#   bench/import_bench.sh [N]        N also from the environment (N=20000 bench/import_bench.sh)
#   HOTRO=/path/to/hotro             binary to measure (default build/hotro; not rebuilt here)
#   SKIP_SQLITE_UTILS=1              leave out (c), which is slow
#   SKIP_CHANGED=1                   leave out (e), which is slow and makes the library twice as big
#   KEEP_DBS=1                       keep the filled libraries in bench/out/ afterwards
#   OUT=DIR                          write to DIR instead of bench/out/ (two benchmarks at once)
#
# Files go to bench/out/ (gitignored): the list bench/out/list_N.csv is reused when it exists.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
N=${1:-${N:-1000000}}
case $N in '' | *[!0-9]*) echo "import_bench: N must be a whole number, not '$N'" >&2; exit 64 ;; esac
[ "$N" -gt 0 ] || { echo "import_bench: N must be at least 1" >&2; exit 64; }
HOTRO=${HOTRO:-$root/build/hotro}
out=${OUT:-$here/out}
mkdir -p "$out"

say() { printf '%s\n' "$*" >&2; }
die() { say "import_bench: $*"; exit 1; }

# ---- tools -------------------------------------------------------------------------------------
[ -x "$HOTRO" ] || die "no hotro binary at $HOTRO (build it: cmake --build build -j2, or set HOTRO=)"
# Measure a copy, so that a rebuild while the benchmark runs cannot mix two binaries.
bin_built=$(date -u -r "$HOTRO" "+%Y-%m-%d %H:%M UTC")
cp "$HOTRO" "$out/hotro.bin"
HOTRO_SRC=$HOTRO
HOTRO=$out/hotro.bin
"$HOTRO" --version >/dev/null 2>&1 || die "$HOTRO_SRC does not run (is a build writing it?)"
head=$(git -C "$root" log -1 --format="%h %cd" --date=format:"%Y-%m-%d %H:%M" 2>/dev/null || echo "?")
dirty=$(git -C "$root" status --porcelain -- lib cmd schemas CMakeLists.txt 2>/dev/null | wc -l)
[ "$dirty" -gt 0 ] && head="$head + $dirty uncommitted file(s) in lib/ cmd/ schemas/ (the binary may include them)"
command -v g++ >/dev/null || die "g++ is needed to build the list generator"
command -v sqlite3 >/dev/null || die "sqlite3 is needed (apt-get install sqlite3)"

apt_install() {  # package...; only as root, and only when missing
  [ "$(id -u)" = 0 ] || return 1
  command -v apt-get >/dev/null || return 1
  say "installing $* with apt-get ..."
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
[ -x /usr/bin/time ] || apt_install time || die "/usr/bin/time is missing (apt-get install time)"
have_su=0 su_version=
if [ "${SKIP_SQLITE_UTILS:-0}" != 1 ]; then
  command -v sqlite-utils >/dev/null || apt_install sqlite-utils || say "sqlite-utils missing and not installable: (c) skipped"
  command -v sqlite-utils >/dev/null && have_su=1 && su_version=$(sqlite-utils --version | sed "s/.*version //")
fi

# ---- the list ----------------------------------------------------------------------------------
gen=$out/gen_list
newer() { [ -n "$(find "$1" -prune -newer "$2")" ]; }  # FILE1 FILE2: FILE1 is newer
if [ ! -x "$gen" ] || newer "$here/gen_list.cpp" "$gen"; then
  say "building the list generator ..."
  g++ -std=c++17 -O2 -Wall -Wextra -o "$gen.tmp" "$here/gen_list.cpp" || die "cannot build bench/gen_list.cpp"
  mv "$gen.tmp" "$gen"
fi

# generate N FILE: writes FILE once (through a temporary name, so a broken run is not reused).
generate() {
  if [ -s "$2" ] && ! newer "$gen" "$2"; then return 0; fi
  say "generating $1 rows into ${2#"$root"/} ..."
  "$gen" "$1" "$2.tmp" || die "the generator failed"
  mv "$2.tmp" "$2"
}

# Every row must be valid, or the benchmark measures the error path: check a small list first
# (all-or-nothing import: any rejected row makes hotro exit 65 and write nothing).
check_n=20000
[ "$N" -lt "$check_n" ] && check_n=$N
check_csv=$out/list_$check_n.csv
generate "$check_n" "$check_csv"
rm -f "$out/check.db" "$out/check.db-wal" "$out/check.db-shm"
"$HOTRO" -q --db "$out/check.db" init
if ! "$HOTRO" --lang en --db "$out/check.db" intake import "$check_csv" >"$out/check.log" 2>&1; then
  tail -n 20 "$out/check.log" >&2
  die "the generated rows are not all valid for this hotro (see bench/out/check.log)"
fi
grep -q "rejected 0\$" "$out/check.log" || die "unexpected import report (see bench/out/check.log)"
rm -f "$out/check.db" "$out/check.db-wal" "$out/check.db-shm"

csv=$out/list_$N.csv
generate "$N" "$csv"
cat "$csv" >/dev/null  # into the page cache, so no tool pays for the first read
# The same rows with a note column: every case changes, its identity does not.
changed=$out/list_${N}_changed.csv
if [ "${SKIP_CHANGED:-0}" != 1 ] && { [ ! -s "$changed" ] || newer "$csv" "$changed"; }; then
  awk 'NR == 1 { print $0 ",Ghi chú"; next } { print $0 ",đã cập nhật" }' "$csv" >"$changed.tmp" ||
    die "cannot write $changed"
  mv "$changed.tmp" "$changed"
fi
size_mib=$(du -m "$csv" | cut -f1)

# ---- measurements ------------------------------------------------------------------------------
# measure NAME CMD...: runs CMD under /usr/bin/time; output to out/NAME.log; sets secs, kib, rc.
measure() {
  name=$1
  shift
  say "running $name ..."
  rc=0
  /usr/bin/time -f '%e %M %U %S' -o "$out/$name.time" "$@" >"$out/$name.log" 2>&1 || rc=$?
  # a command failure shows in the last line of the log, the time in the last line of .time
  read -r secs kib usr sys <<EOF
$(tail -n 1 "$out/$name.time")
EOF
  case $secs in '' | *[!0-9.]*) secs=0 kib=0 usr=0 sys=0 ;; esac
  cpu=$(awk -v u="$usr" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
  [ "$rc" = 0 ] || say "  $name failed (exit $rc): $(tail -n 1 "$out/$name.log")"
}

count_rows() {  # DB TABLE
  sqlite3 "$1" "SELECT count(*) FROM $2" 2>/dev/null || echo "?"
}

fresh() { rm -f "$1" "$1-wal" "$1-shm" "$1-journal"; }

# summary LOG: hotro's counts, e.g. "new 1,000,000, updated 0, unchanged 0, skipped 0, rejected 0"
summary() { sed -n "s/.* rows; \(new .*\)\$/\1/p" "$1" | tail -n 1; }

load_before=$(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || echo "?")
hdb=$out/hotro.db
fresh "$hdb"
# shellcheck disable=SC2016 # $1.. are expanded by the inner sh
measure hotro_fresh sh -c '"$1" -q --db "$2" init && "$1" --lang en --db "$2" intake import "$3"' sh "$HOTRO" "$hdb" "$csv"
a_secs=$secs a_kib=$kib a_cpu=$cpu a_rc=$rc a_note=$(summary "$out/hotro_fresh.log")

measure hotro_reimport "$HOTRO" --lang en --db "$hdb" intake import "$csv"
d_secs=$secs d_kib=$kib d_cpu=$cpu d_rc=$rc
d_note=$(summary "$out/hotro_reimport.log")

e_secs=0 e_kib=0 e_cpu=0 e_rc=0 e_note=skipped
if [ "${SKIP_CHANGED:-0}" != 1 ]; then
  cat "$changed" >/dev/null
  measure hotro_changed "$HOTRO" --lang en --db "$hdb" intake import "$changed"
  e_secs=$secs e_kib=$kib e_cpu=$cpu e_rc=$rc e_note=$(summary "$out/hotro_changed.log")
fi

sdb=$out/sqlite3.db
fresh "$sdb"
measure sqlite3_import sqlite3 "$sdb" ".import --csv $csv t"
b_secs=$secs b_kib=$kib b_cpu=$cpu b_rc=$rc b_rows=$(count_rows "$sdb" t)

c_secs=0 c_kib=0 c_cpu=0 c_rc=0 c_rows=-
if [ "$have_su" = 1 ]; then
  udb=$out/sqlite_utils.db
  fresh "$udb"
  measure sqlite_utils_insert sqlite-utils insert "$udb" t "$csv" --csv
  c_secs=$secs c_kib=$kib c_cpu=$cpu c_rc=$rc c_rows=$(count_rows "$udb" t)
fi

# ---- report ------------------------------------------------------------------------------------
dups=$(grep -c 'probable duplicate' "$out/hotro_fresh.log" || true)
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$root/build/CMakeCache.txt" 2>/dev/null || true)
{
  echo "hotro import benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(uname -m)"
  echo "list: ${csv#"$root"/} ($N rows, $size_mib MiB; probable duplicates reported by hotro: $dups)"
  echo "hotro: ${HOTRO_SRC#"$root"/}${build_type:+ ($build_type)}, built $bin_built; source HEAD $head"
  echo "other tools: sqlite3 $(sqlite3 --version | cut -d' ' -f1)${su_version:+; sqlite-utils $su_version}"
  echo "load average (1, 5, 15 min) before: $load_before; after: $(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || echo "?")"
  echo "  (other work on the machine inflates the times; the CPU s column is less affected)"
  echo
  awk -v n="$N" \
      -v a="$a_secs" -v ak="$a_kib" -v acpu="$a_cpu" -v arc="$a_rc" -v anote="$a_note" \
      -v d="$d_secs" -v dk="$d_kib" -v dcpu="$d_cpu" -v drc="$d_rc" -v dnote="$d_note" \
      -v e="$e_secs" -v ek="$e_kib" -v ecpu="$e_cpu" -v erc="$e_rc" -v enote="$e_note" \
      -v b="$b_secs" -v bk="$b_kib" -v bcpu="$b_cpu" -v brc="$b_rc" -v brows="$b_rows" \
      -v c="$c_secs" -v ck="$c_kib" -v ccpu="$c_cpu" -v crc="$c_rc" -v crows="$c_rows" -v su="$have_su" '
    function rate(s) { return s > 0 ? n / s : 0 }
    function group(x,   s, r) {  # 1234567 -> 1,234,567
      s = sprintf("%d", x + 0.5); r = ""
      while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
      return s r
    }
    function ratio(s) { return b > 0 ? sprintf("%.2fx", s / b) : "-" }
    function row(name, s, k, cpu, rc, note) {
      if (rc != 0) note = note " FAILED (exit " rc ")"
      printf "%-36s %8.2f %10s %9.1f %8s %8.1f  %s\n", name, s, group(rate(s)), k / 1024, ratio(s), cpu, note
    }
    function verdict(ok) { return ok ? "PASS" : "MISS" }
    BEGIN {
      printf "%-36s %8s %10s %9s %8s %8s  %s\n", "tool", "seconds", "rows/s", "RSS MiB", "/sqlite3", "CPU s", "note"
      row("(a) hotro init + intake import", a, ak, acpu, arc, anote)
      row("(d) hotro re-import, all unchanged", d, dk, dcpu, drc, dnote)
      if (e > 0 || erc != 0) row("(e) hotro re-import, all changed", e, ek, ecpu, erc, enote)
      else printf "%-36s %8s\n", "(e) hotro re-import, all changed", "skipped"
      row("(b) sqlite3 .import --csv", b, bk, bcpu, brc, "rows stored: " brows)
      if (su) row("(c) sqlite-utils insert --csv", c, ck, ccpu, crc, "rows stored: " crows)
      else printf "%-36s %8s\n", "(c) sqlite-utils insert --csv", "skipped"
      print ""
      has_e = e > 0 || erc != 0
      printf "%-30s %-22s %-22s %s\n", "target", "(a) hotro fresh", "(d) unchanged", has_e ? "(e) changed" : ""
      printf "%-30s %-22s %-22s %s\n", ">= 200,000 rows/s",
        sprintf("%s %s", group(rate(a)), verdict(arc == 0 && rate(a) >= 200000)),
        sprintf("%s %s", group(rate(d)), verdict(drc == 0 && rate(d) >= 200000)),
        has_e ? sprintf("%s %s", group(rate(e)), verdict(erc == 0 && rate(e) >= 200000)) : ""
      printf "%-30s %-22s %-22s %s\n", "<= 2x sqlite3 .import time",
        sprintf("%s %s", ratio(a), verdict(arc == 0 && b > 0 && a <= 2 * b)),
        sprintf("%s %s", ratio(d), verdict(drc == 0 && b > 0 && d <= 2 * b)),
        has_e ? sprintf("%s %s", ratio(e), verdict(erc == 0 && b > 0 && e <= 2 * b)) : ""
      printf "%-30s %-22s %-22s %s\n", "peak RSS < 64 MiB",
        sprintf("%.1f MiB %s", ak / 1024, verdict(arc == 0 && ak < 64 * 1024)),
        sprintf("%.1f MiB %s", dk / 1024, verdict(drc == 0 && dk < 64 * 1024)),
        has_e ? sprintf("%.1f MiB %s", ek / 1024, verdict(erc == 0 && ek < 64 * 1024)) : ""
    }'
  echo
  echo "logs and /usr/bin/time output: ${out#"$root"/}/{hotro_fresh,hotro_reimport,hotro_changed,sqlite3_import,sqlite_utils_insert}.{log,time}"
} | tee "$out/results_$N.txt"

# The libraries are large (about 0.5 GB per million rows for hotro); KEEP_DBS=1 keeps them.
if [ "${KEEP_DBS:-0}" != 1 ]; then
  for db in "$hdb" "$sdb" "${udb:-}"; do [ -n "$db" ] && fresh "$db"; done
fi
exit 0
