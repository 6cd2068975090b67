# Crash safety: `intake import` killed with SIGKILL at a random moment leaves the library
# either as it was (none of the batch) or with all of the batch, never anything in between;
# the database stays intact, the audit trail verifies and has exactly one entry per batch
# that got in, and no temporary rejects files are left behind.
#
# Rounds: $HOTRO_CRASH_ROUNDS (default 20 for the ctest suite). A longer run:
#     HOTRO_CRASH_ROUNDS=200 ctest --test-dir build -R cli.crash --output-on-failure
# The kill times are random, so which rounds are killed mid-import and which finish varies
# from run to run; the verdict does not, since every outcome is checked the same way.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

ROUNDS=${HOTRO_CRASH_ROUNDS:-20}
case $ROUNDS in
    '' | *[!0-9]*) echo "HOTRO_CRASH_ROUNDS must be a number, not '$ROUNDS'" >&2; exit 1 ;;
esac
N=30000

make_list "Giàng" 100 > small.csv
make_list "Lò" "$N" > big.csv

count() { sqlite3 -readonly "$HOTRO_DB" "SELECT count(*) FROM $1"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The library every round starts from: initialised, one small list in, checkpointed, copied
# while no process has it open.
"$HOTRO_BIN" -q init || fail "init"
run -q intake import small.csv
expect_rc 0 "the small list imports"
CASES0=$(count case_file)
PERSONS0=$(count person)
AUDIT0=$(count audit)
expect_eq "$CASES0" "100" "the small list is in"
expect_eq "$(sqlite3 "$HOTRO_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' | cut -d'|' -f1)" "0" "checkpoint before the copy"
cp "$HOTRO_DB" saved.db

restore() {
    rm -f "$HOTRO_DB" "$HOTRO_DB-wal" "$HOTRO_DB-shm"
    cp saved.db "$HOTRO_DB"
    chmod 600 "$HOTRO_DB"
}

# check_state WHAT: the library after a (possibly killed) import. Sets IN to 1 when the whole
# batch is in, 0 when none of it is, and fails (IN=x) on anything else.
check_state() {
    IN=x
    CHECKS=$((CHECKS + 1))
    # The first connection after a kill recovers the library (a read-write open rolls back
    # the unfinished WAL transaction).
    ic=$(sqlite3 "$HOTRO_DB" 'PRAGMA integrity_check' 2>&1)
    [ "$ic" = "ok" ] || { fail "$1: integrity_check: $(echo "$ic" | head -5)"; return; }
    expect_eq "$(sqlite3 "$HOTRO_DB" 'PRAGMA foreign_key_check' 2>&1)" "" "$1: foreign keys"
    cases=$(count case_file); persons=$(count person); audit=$(count audit)
    CHECKS=$((CHECKS + 1))
    if [ "$cases" = "$CASES0" ]; then
        IN=0
        expect_eq "$persons" "$PERSONS0" "$1: no person of the batch"
        expect_eq "$audit" "$AUDIT0" "$1: no audit entry for a batch that did not get in"
    elif [ "$cases" = "$((CASES0 + N))" ]; then
        IN=1
        expect_eq "$persons" "$((PERSONS0 + N))" "$1: every person of the batch"
        expect_eq "$audit" "$((AUDIT0 + 1))" "$1: one audit entry for the batch"
    else
        fail "$1: $cases cases: part of the batch got in (expected $CASES0 or $((CASES0 + N)))"
    fi
    run audit verify
    expect_rc 0 "$1: audit verify"
    leftovers=$(ls -A | grep -E 'rejects|\.tmp-' || true)
    expect_eq "$leftovers" "" "$1: no temporary rejects files left behind"
}

# Calibrate: one full import, timed. It also checks the restore path once.
t0=$(now_ms)
run -q intake import big.csv
t1=$(now_ms)
expect_rc 0 "a full import"
DURATION_MS=$((t1 - t0))
check_state "full import"
expect_eq "$IN" "1" "a full import gets in"
restore
check_state "restored copy"
expect_eq "$IN" "0" "the restored copy is the library before the batch"
echo "a full import of $N rows takes ${DURATION_MS} ms; $ROUNDS rounds of kill -KILL within that time"

killed=0 finished=0 late=0
round=1
while [ "$round" -le "$ROUNDS" ]; do
    delay=$(awk -v seed="$RANDOM$RANDOM" -v ms="$DURATION_MS" 'BEGIN { srand(seed); printf "%.3f", rand() * ms / 1000 }')
    "$HOTRO_BIN" -q intake import big.csv >import.out 2>import.err &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null
    { wait "$pid"; } 2>/dev/null  # no "Killed" job notice
    rc=$?
    check_state "round $round (kill after ${delay} s, exit status $rc)"
    CHECKS=$((CHECKS + 1))
    case "$rc/$IN" in
        137/0) killed=$((killed + 1)) ;;
        0/1) finished=$((finished + 1)) ;;
        137/1) late=$((late + 1)) ;;  # killed after the commit, before the process ended
        */x) ;;                       # already reported by check_state
        *) fail "round $round: exit status $rc with the batch $([ "$IN" = 1 ] && echo in || echo out): $(head -3 import.err)" ;;
    esac
    [ "$IN" = "1" ] && restore
    round=$((round + 1))
done

echo "$ROUNDS rounds: $killed killed mid-import (nothing written), $finished finished (all written), $late killed after the commit (all written)"
finish
