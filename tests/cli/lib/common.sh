# Shared by the end-to-end tests in tests/cli/*.sh (sourced, not run by ctest).
# Each test runs the real binary ($HOTRO_BIN) in a fresh temporary directory with a fixed
# "today" and audit time, so outputs are reproducible.
set -u

: "${HOTRO_BIN:?set HOTRO_BIN to the hotro binary (ctest does)}"
: "${HOTRO_SOURCE_DIR:?set HOTRO_SOURCE_DIR to the source tree (ctest does)}"
SRC=$HOTRO_SOURCE_DIR
EXAMPLES=$SRC/examples
DATA=$SRC/tests/data

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hotro-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

export HOTRO_DB=$WORK/hotro.db
export HOTRO_TODAY=2026-11-25
export HOTRO_NOW=2026-11-25T08:00:00Z
export HOTRO_ACTOR=tester
unset HOTRO_LANG 2>/dev/null || true

FAILURES=0
CHECKS=0

fail() {
    echo "FAIL: $*" >&2
    FAILURES=$((FAILURES + 1))
}

# run CMD...: runs hotro with the given arguments; stdout in $WORK/out, stderr in $WORK/err,
# exit status in $RC.
run() {
    "$HOTRO_BIN" "$@" >"$WORK/out" 2>"$WORK/err"
    RC=$?
}

# expect_rc N WHAT: checks the last run's exit status.
expect_rc() {
    CHECKS=$((CHECKS + 1))
    if [ "$RC" -ne "$1" ]; then
        fail "$2: exit status $RC, expected $1"
        echo "--- stdout:" >&2; head -20 "$WORK/out" >&2
        echo "--- stderr:" >&2; head -20 "$WORK/err" >&2
    fi
}

# expect_in FILE TEXT WHAT: FILE (out or err) contains TEXT (fixed string).
expect_in() {
    CHECKS=$((CHECKS + 1))
    if ! grep -qF -- "$2" "$WORK/$1"; then
        fail "$3: '$2' not in $1"
        echo "--- $1:" >&2; head -20 "$WORK/$1" >&2
    fi
}

# expect_not_in FILE TEXT WHAT
expect_not_in() {
    CHECKS=$((CHECKS + 1))
    if grep -qF -- "$2" "$WORK/$1"; then
        fail "$3: '$2' unexpectedly in $1"
    fi
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
    CHECKS=$((CHECKS + 1))
    if [ "$1" != "$2" ]; then
        fail "$3: got '$1', expected '$2'"
    fi
}

# sql QUERY: runs a read-only query on the library with the sqlite3 shell.
sql() {
    sqlite3 -readonly "$HOTRO_DB" "$1"
}

# json_get FILE PATH: prints a value from a JSON file (jq-like path for sqlite's json_extract).
json_get() {
    sqlite3 :memory: "SELECT json_extract(readfile('$WORK/$1'), '$2');"
}

# make_list PREFIX N: a valid list of N distinct persons (unique name, birth and intake date).
make_list() {
    awk -v p="$1" -v n="$2" 'BEGIN {
        print "Họ và tên,Năm sinh,Nơi cư trú,Ngày tiếp nhận,Hình thức tiếp nhận"
        for (i = 1; i <= n; i++)
            printf "%s Thị Số %d,%d,\"Xã %d, tỉnh Lào Cai\",%02d/%02d/2026,Tự trở về\n", p, i, 1970 + i % 40, i, 1 + i % 28, 1 + i % 10
    }'
}

finish() {
    # Whatever a test did through hotro, the audit trail and the data's seal hold at the end: a
    # write that escaped the trail shows here. A test that writes behind hotro's back on
    # purpose sets SKIP_FINAL_VERIFY=1.
    if [ "${SKIP_FINAL_VERIFY:-0}" != 1 ] && [ -f "$HOTRO_DB" ]; then
        CHECKS=$((CHECKS + 1))
        if ! "$HOTRO_BIN" -q audit verify >"$WORK/final-verify" 2>&1; then
            fail "audit verify at the end of the test:"
            head -20 "$WORK/final-verify" >&2
        fi
    fi
    if [ "$FAILURES" -ne 0 ]; then
        echo "$FAILURES of $CHECKS checks failed" >&2
        exit 1
    fi
    echo "all $CHECKS checks passed"
    exit 0
}
