# Two imports and a reader at the same time all succeed (WAL, busy timeout), nothing lost; so do a
# report and two imports, 50 rounds; and a library busy beyond --wait exits 75 with nothing written.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"

make_list "Lò" 20000 > a.csv
make_list "Vàng" 20000 > b.csv

for round in 1 2 3; do
    rm -f hotro.db hotro.db-wal hotro.db-shm
    "$HOTRO_BIN" -q init || fail "init round $round"
    "$HOTRO_BIN" -q intake import a.csv 2>a.err & pa=$!
    "$HOTRO_BIN" -q intake import b.csv 2>b.err & pb=$!
    readers_ok=0
    while kill -0 $pa 2>/dev/null || kill -0 $pb 2>/dev/null; do
        if "$HOTRO_BIN" case list --limit 1 >/dev/null 2>r.err; then
            readers_ok=$((readers_ok + 1))
        else
            fail "round $round: a reader failed during the imports: $(cat r.err)"
            break
        fi
    done
    wait $pa; ra=$?
    wait $pb; rb=$?
    CHECKS=$((CHECKS + 1))
    [ $ra -eq 0 ] || fail "round $round: import a exited $ra: $(cat a.err)"
    [ $rb -eq 0 ] || fail "round $round: import b exited $rb: $(cat b.err)"
    expect_eq "$(sql 'SELECT count(*) FROM case_file')" "40000" "round $round: both imports complete"
    expect_eq "$(sql 'SELECT count(*) FROM audit')" "2" "round $round: two audit entries"
    run audit verify
    expect_rc 0 "round $round: audit trail intact"
    echo "round $round: $readers_ok reads during the imports"
done

# A cron-style report and two imports at once, HOTRO_CONCURRENCY_ROUNDS times (50 unless told):
# nothing fails (no "database is locked"), nothing is lost, and the report sees the library
# before an import or after it, never half of one (each import is one transaction).
ROUNDS=${HOTRO_CONCURRENCY_ROUNDS:-50}
make_list "Lò" 2000 > a.csv
make_list "Vàng" 2000 > b.csv
bad_rounds=0
saw_0=0 saw_2000=0 saw_4000=0
for round in $(seq 1 "$ROUNDS"); do
    rm -f hotro.db hotro.db-wal hotro.db-shm r.json
    "$HOTRO_BIN" -q init || fail "init round $round"
    "$HOTRO_BIN" -q intake import a.csv 2>a.err & pa=$!
    # The report starts 0 to 0.2 s after the imports, so that it lands before, between and after them.
    (sleep "0.$(( (round % 5) * 5 ))"
     exec "$HOTRO_BIN" -q report --template province-consolidated --period 2026 --cutoff calendar --out r.json) 2>r.err & pr=$!
    "$HOTRO_BIN" -q intake import b.csv 2>b.err & pb=$!
    wait $pa; ra=$?
    wait $pr; rr=$?
    wait $pb; rb=$?
    seen=$(json_get r.json '$.sections[0].rows[0].values[0]' 2>/dev/null)
    problem=""
    [ $ra -eq 0 ] || problem="import a exited $ra: $(cat a.err)"
    [ $rb -eq 0 ] || problem="$problem; import b exited $rb: $(cat b.err)"
    [ $rr -eq 0 ] || problem="$problem; the report exited $rr: $(cat r.err)"
    grep -qi "locked" a.err b.err r.err && problem="$problem; 'database is locked' reported"
    case "$seen" in 0|2000|4000) eval "saw_$seen=\$((saw_$seen + 1))" ;; *) problem="$problem; the report counted '$seen' persons, not 0, 2000 or 4000" ;; esac
    [ "$(sql 'SELECT count(*) FROM case_file')" = 4000 ] || problem="$problem; $(sql 'SELECT count(*) FROM case_file') cases, not 4000"
    [ "$(sql 'SELECT count(*) FROM audit')" = 2 ] || problem="$problem; $(sql 'SELECT count(*) FROM audit') audit entries, not 2"
    if [ -n "$problem" ]; then
        fail "report + two imports, round $round: $problem"
        bad_rounds=$((bad_rounds + 1))
        [ $bad_rounds -ge 3 ] && break
    fi
done
CHECKS=$((CHECKS + 1))
run audit verify
expect_rc 0 "the audit trail of the last round is intact"
echo "report + two imports: $ROUNDS rounds, $bad_rounds failed; the report saw 0 persons $saw_0 times, one import $saw_2000, both $saw_4000"

# A library held by another writer beyond --wait: exit 75 (try again), nothing written.
(echo "BEGIN IMMEDIATE; INSERT INTO agency (name, name_folded) VALUES ('giữ khóa', 'giu khoa');"
 sleep 4; echo "ROLLBACK;") | sqlite3 hotro.db & holder=$!
sleep 1
c=$(sql 'SELECT count(*) FROM case_file')
run --wait 1 intake add --name "Lò Văn Chăm" --channel 111
expect_rc 75 "a library busy beyond --wait"
expect_in err "hotro.db" "the message names the library"
wait $holder
expect_eq "$(sql 'SELECT count(*) FROM case_file')" "$c" "nothing written"
run --wait 1 intake add --name "Lò Văn Chăm" --channel 111
expect_rc 0 "the same command succeeds once the library is free"

# backup and restore refused while busy leave no copy behind: cron's retry must not find the
# backup "already there", and each retried restore must not keep one more full copy.
run backup before.db
expect_rc 0 "a backup to restore later"
(echo "BEGIN IMMEDIATE; INSERT INTO agency (name, name_folded) VALUES ('giữ khóa', 'giu khoa');"
 sleep 6; echo "ROLLBACK;") | sqlite3 hotro.db & holder=$!
sleep 1
run --wait 1 backup busy.db
expect_rc 75 "a backup whose audit entry cannot be written"
[ -e busy.db ] && fail "the refused backup left busy.db behind"
CHECKS=$((CHECKS + 1))
run --wait 1 restore before.db
expect_rc 75 "a restore into a busy library"
ls hotro.db.before-restore-* >/dev/null 2>&1 && fail "the refused restore left $(ls hotro.db.before-restore-*) behind"
CHECKS=$((CHECKS + 1))
wait $holder
run --wait 1 backup busy.db
expect_rc 0 "the same backup succeeds once the library is free"
run --actor "  " backup blank.db
expect_rc 64 "a blank actor"
[ -e blank.db ] && fail "the backup refused for a blank actor left blank.db behind"
CHECKS=$((CHECKS + 1))

finish
