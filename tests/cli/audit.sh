# hotro audit verify | log: the hash chain holds, tampering is found and located, filters.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
HOTRO_ACTOR=clerk1 "$HOTRO_BIN" -q intake import "$EXAMPLES/lists/cong_an_2026.csv" || fail "import"
HOTRO_NOW=2026-11-26T09:00:00Z "$HOTRO_BIN" -q --actor clerk2 intake add --name "Lù Văn Páo" --channel 111 --intake-date 20/11/2026 >/dev/null || fail "add"
HOTRO_NOW=2026-11-27T10:00:00Z "$HOTRO_BIN" -q intake add --name "Vàng Thị Say" --channel "tự trở về" --intake-date 21/11/2026 >/dev/null || fail "add"

run audit verify
expect_rc 0 "an untouched trail verifies"
expect_in out "3 mục" "three entries"
run audit verify --json
expect_eq "$(json_get out '$.ok')" "1" "--json ok"
expect_eq "$(json_get out '$.entries')" "3" "--json entries"

run audit log --json
expect_eq "$(json_get out '$[0].actor')" "clerk1" "HOTRO_ACTOR"
expect_eq "$(json_get out '$[1].actor')" "clerk2" "--actor wins over HOTRO_ACTOR"
expect_eq "$(json_get out '$[0].command')" "intake import" "the command"
expect_eq "$(json_get out '$[0].detail.files[0].sha256')" "$(sha256sum "$EXAMPLES/lists/cong_an_2026.csv" | cut -d' ' -f1)" \
    "the import entry holds the file's hash"
expect_eq "$(json_get out '$[0].detail.files[0].created')" "4" "and its counts"
expect_eq "$(json_get out '$[0].entity_ids')" "[[1,4]]" "and the ids it touched"

run audit log --json --actor clerk2
expect_eq "$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))")" "1" "--actor filter"
run audit log --json --since 2026-11-26 --until 2026-11-26
expect_eq "$(json_get out '$[0].actor')$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))")" "clerk21" "--since/--until (inclusive day)"
run audit log --json --since 2026-11-26T09:00Z --until 2026-11-26T09:00:00Z
expect_eq "$(json_get out '$[0].actor')$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))")" "clerk21" "--since/--until with a time"
expect_eq "$(json_get out '$[0].prev_hash')" "$(sql 'SELECT hash FROM audit WHERE id = 1')" "--json shows the chain"
run audit log --json --case 3
expect_eq "$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))")" "1" "--case finds the import that touched case 3"
run audit log --json --case 6
expect_eq "$(json_get out '$[0].command')" "intake add" "--case 6"
run audit log --json --command "intake add"
expect_eq "$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))")" "2" "--command filter"
run audit log --limit 1
expect_in out "27/11/2026 10:00:00" "--limit 1 shows the last entry, its time as dd/mm/yyyy hh:mm:ss"
expect_not_in out "intake import" "and only that one"
run audit log --since yesterday
expect_rc 64 "a malformed --since is a usage error"
for bad in 2026-13-45 2026-02-30 2026-02-28T25:00 2026-02-28T10:60:00Z; do
  run audit log --since "$bad"
  expect_rc 64 "--since $bad: no such date or time"
  expect_in err "không có ngày giờ này" "says so"
done
run audit log --since 2024-02-29T23:59:59Z
expect_rc 0 "a leap day, a last second"
for bad in 0 -1 x; do
  run audit log --limit=$bad
  expect_rc 64 "--limit $bad"
  expect_in err "phải là số từ 1 trở lên" "a count is 1 or more"
done

# The trail is append-only inside SQLite.
if sqlite3 hotro.db "UPDATE audit SET actor = 'x' WHERE id = 1" 2>/dev/null; then
    fail "an UPDATE of the audit table was allowed"
fi
if sqlite3 hotro.db "DELETE FROM audit WHERE id = 1" 2>/dev/null; then
    fail "a DELETE from the audit table was allowed"
fi

# Someone who drops the triggers and edits an entry is found, and the entry named.
cp hotro.db edited.db
sqlite3 edited.db "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'someone else' WHERE id = 2"
run --db edited.db audit verify
expect_rc 1 "an edited entry is detected (exit 1)"
expect_in out "#2" "and located"
expect_in err "nhật ký kiểm toán đã bị sửa hoặc xoá" "the chain is named as altered"

cp hotro.db deleted.db
sqlite3 deleted.db "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2"
run --db deleted.db --lang en audit verify
expect_rc 1 "a deleted entry is detected"
expect_in out "#3" "the gap is reported at the next entry"

cp hotro.db rehashed.db
sqlite3 rehashed.db "DROP TRIGGER audit_no_update; UPDATE audit SET detail = json_set(detail, '$.files[0].created', 3) WHERE id = 1"
run --db rehashed.db audit verify --json
expect_rc 1 "changed counts in the import entry are detected"
expect_eq "$(json_get out '$.problems[0].id')" "1" "--json names the entry"

# A case row changed, added or deleted behind the trail's back (here with the sqlite3 shell) is
# found through the data's seal, naming the table.
run audit verify --json
expect_eq "$(json_get out '$.seals')" "4" "one seal for the schema, one for each write"
name=$(sql "SELECT full_name FROM person WHERE id = 1")
cp hotro.db row.db
sqlite3 row.db "UPDATE person SET full_name = 'Người Khác' WHERE id = 1"
run --db row.db --lang en audit verify
expect_rc 1 "an edited person row is detected"
expect_in out "table person: the rows differ from the last seal (#4): changed, added or deleted outside hotro" "naming the table"
expect_not_in out "table case_file" "and only that table"
expect_in err "the data or its seals were changed outside hotro (1 problem)" "the summary says it is the data"
expect_in err "the chain of audit entries is intact" "not the trail"
expect_not_in err "audit trail was altered" "which was not altered"
sqlite3 row.db "UPDATE person SET full_name = '$name' WHERE id = 1"
run --db row.db audit verify
expect_rc 0 "put back as it was, the data matches its seal again"
cp hotro.db rows.db
sqlite3 rows.db "PRAGMA foreign_keys = OFF; DELETE FROM case_exploitation WHERE case_id = 2; DELETE FROM case_file WHERE id = 2;
                 INSERT INTO agency (name, name_folded) VALUES ('Đội mới', 'doi moi')"
run --db rows.db --lang en audit verify
expect_rc 1 "deleted and added rows are detected"
expect_in out "table case_file" "a deleted case"
expect_in out "table agency" "an added agency"

# The seals are append-only too; a library whose seals were removed, or whose last seal was
# rewritten to match edited rows, says so.
if sqlite3 hotro.db "DELETE FROM seal" 2>/dev/null; then
    fail "a DELETE from the seal table was allowed"
fi
cp hotro.db noseal.db
sqlite3 noseal.db "DROP TRIGGER seal_no_delete; DELETE FROM seal"
run --db noseal.db --lang en audit verify
expect_rc 1 "lost seals are detected"
expect_in out "the data's seals were deleted" "says so"
cp hotro.db forged.db
sqlite3 forged.db "DROP TRIGGER seal_no_update; DELETE FROM case_minor;
                   UPDATE seal SET digest = (SELECT digest FROM seal WHERE id = 3) WHERE id = 4"
run --db forged.db --lang en audit verify
expect_rc 1 "a rewritten seal is detected"
expect_in out "seal #4 was changed" "by the seal chain"

"$HOTRO_BIN" -q --db "$WORK/actor.db" init || fail "init actor.db"
# The actor is stored in NFC: typed decomposed (NFD), it is the same officer.
nfd=$(printf 'Nguye\314\202\314\203n Va\314\206n An')
HOTRO_NOW=2026-11-26T09:30:00Z "$HOTRO_BIN" -q --db "$WORK/actor.db" --actor "$nfd" intake add --name "Vàng Thị Dế" --channel 111 --intake-date 20/11/2026 >/dev/null || fail "add as an NFD actor"
run --db "$WORK/actor.db" audit log --json --actor "Nguyễn Văn An"
expect_eq "$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))")" "1" "the NFD actor found by its NFC name"
run --db "$WORK/actor.db" audit log --json --actor "$nfd"
expect_eq "$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))")" "1" "and by the NFD name"
entries=$(sqlite3 "$WORK/actor.db" 'SELECT count(*) FROM audit')
run --db "$WORK/actor.db" --actor "$(printf 'clerk\033[31m')" intake add --name "Y" --channel 111 --intake-date 20/11/2026
expect_rc 64 "an actor with a terminal colour code is refused"
expect_not_in err "$(printf '\033')" "and not echoed to the terminal"
run --db "$WORK/actor.db" --actor "   " intake add --name "Y" --channel 111 --intake-date 20/11/2026
expect_rc 64 "a blank actor is refused"
expect_eq "$(sqlite3 "$WORK/actor.db" 'SELECT count(*) FROM audit')" "$entries" "nothing written"

finish
