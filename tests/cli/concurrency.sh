# Two imports and a reader at the same time all succeed (WAL, busy timeout), nothing lost.
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

finish
