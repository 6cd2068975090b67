# hotro backup | restore: consistent copies while others write, checks before replacing,
# the replaced library kept, everything audited.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
"$HOTRO_BIN" -q intake import "$EXAMPLES/lists/cong_an_2026.csv" || fail "import"

run backup copy1.db
expect_rc 0 "backup"
expect_eq "$(stat -c %a copy1.db)" "600" "the copy is readable by its owner only"
expect_eq "$(sqlite3 copy1.db 'PRAGMA integrity_check')" "ok" "the copy is intact"
expect_eq "$(sqlite3 copy1.db 'SELECT count(*) FROM case_file')" "4" "the copy holds the cases"
expect_eq "$(sql "SELECT json_extract(detail, '\$.sha256') FROM audit WHERE action = 'backup'")" \
    "$(sha256sum copy1.db | cut -d' ' -f1)" "the backup is audited with the copy's hash"
HOTRO_DB=copy1.db "$HOTRO_BIN" audit verify >/dev/null || fail "the copy's audit trail verifies"

run backup copy1.db
expect_rc 73 "a copy is never written over"
run backup "$WORK/no/such/dir/copy.db"
expect_rc 73 "a copy in a missing directory"
ls "$WORK"/no 2>/dev/null && fail "nothing left behind"
# A copy that does not fit (a file-size limit, as a full disk): 74, naming the copy, nothing left.
entries=$(sql 'SELECT count(*) FROM audit')
(ulimit -f 100; trap '' XFSZ; exec "$HOTRO_BIN" backup full.db) >"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc 74 "a copy that cannot be written whole"
expect_in err "không ghi được bản sao 'full.db'" "names the copy"
ls full.db* 2>/dev/null && fail "a copy that did not fit was left behind"
CHECKS=$((CHECKS + 1))
expect_eq "$(sql 'SELECT count(*) FROM audit')" "$entries" "and nothing audited"

# A backup stopped by a signal (Ctrl-C, kill, cron's timeout) while it waits to audit the copy
# leaves no copy that the trail does not know of.
(echo "BEGIN IMMEDIATE; INSERT INTO agency (name, name_folded) VALUES ('giữ khóa', 'giu khoa');"
 sleep 5; echo "ROLLBACK;") | sqlite3 hotro.db & holder=$!
sleep 0.5
"$HOTRO_BIN" --wait 30 backup stopped.db >/dev/null 2>&1 & backup=$!
for i in 1 2 3 4 5 6 7 8 9 10; do [ -e stopped.db ] && break; sleep 0.2; done
expect_eq "$(ls stopped.db 2>/dev/null)" "stopped.db" "the copy is made, its audit entry waits"
kill -TERM $backup
wait $backup; RC=$?
expect_rc 143 "stopped by SIGTERM"
ls stopped.db* 2>/dev/null && fail "the stopped backup left its copy behind"
CHECKS=$((CHECKS + 1))
wait $holder

# A backup taken while an import is writing is one consistent snapshot: before or after it.
awk 'BEGIN { print "Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận";
             for (i = 1; i <= 20000; i++) printf "Người thứ %d,%d,%02d/03/2026,Tự về\n", i, 1970 + i % 40, 1 + i % 28 }' > big.csv
"$HOTRO_BIN" -q intake import big.csv & importer=$!
sleep 0.2
run backup during.db
expect_rc 0 "backup while an import writes"
wait $importer || fail "the import beside the backup failed"
n=$(sqlite3 during.db 'SELECT count(*) FROM case_file')
CHECKS=$((CHECKS + 1))
case $n in 4|20004) ;; *) fail "the copy holds $n cases: neither before nor after the import" ;; esac
expect_eq "$(sqlite3 during.db 'PRAGMA integrity_check')" "ok" "the copy taken during the import is intact"

# Restore: checks first, keeps the replaced library, audits.
"$HOTRO_BIN" -q intake add --name "Mùa Thị Dế" --channel 111 >/dev/null
"$HOTRO_BIN" -q export --include-pii --out names.csv || fail "export with names"
copy1_head=$(sqlite3 copy1.db 'SELECT max(id) FROM audit')
run restore copy1.db
expect_rc 0 "restore"
[ -e copy1.db-wal ] || [ -e copy1.db-shm ] && fail "the restore left copy1.db-wal or -shm beside the backup"
CHECKS=$((CHECKS + 1))
# The trail after the backup is not the restored library's; its copies and exports are kept
# in the restore's entry.
restore_trail() { sql "SELECT json_extract(detail, '\$.replaced_trail.$1') FROM audit WHERE action = 'restore'"; }
expect_eq "$(restore_trail shared_up_to)" "$copy1_head" "the two trails part after the backup's last entry"
expect_eq "$(sql "SELECT count(*) FROM audit WHERE action = 'restore' AND json_extract(detail, '\$.replaced_trail.dropped') > 2")" "1" "entries after it are counted"
expect_eq "$(sql "SELECT group_concat(json_extract(value, '\$.action') || ':' || coalesce(json_extract(value, '\$.detail.out'), json_extract(value, '\$.detail.file'), '?'), ' ') FROM audit, json_each(json_extract(audit.detail, '\$.replaced_trail.copies')) WHERE audit.action = 'restore'")" \
    "backup:copy1.db backup:during.db export:names.csv" "who copied the data since the backup (its own entry too) is still in the trail"
expect_eq "$(sql 'SELECT count(*) FROM case_file')" "4" "the library is the backup again"
aside=$(ls "$WORK"/hotro.db.before-restore-* 2>/dev/null | head -1)
[ -n "$aside" ] || fail "the replaced library is kept"
expect_eq "$(stat -c %a "$aside")" "600" "the kept library is readable by its owner only"
expect_eq "$(sqlite3 "$aside" 'SELECT count(*) FROM case_file')" "20005" "the kept library is the one replaced"
expect_eq "$(sql "SELECT json_extract(detail, '\$.replaced_library_kept_as') FROM audit WHERE action = 'restore'")" \
    "$aside" "the restore is audited with where the old library went"
run audit verify
expect_rc 0 "the restored trail verifies"

# Refusals leave the library untouched.
before=$(sql 'SELECT count(*) FROM audit')
run restore missing.db
expect_rc 66 "restore from a missing file"
: > empty.db
run restore empty.db
expect_rc 65 "restore from an empty file (a copy cut short)"
expect_in err "không phải là một thư viện hotro" "says it is not a library"
printf 'not a database at all, just text\n' > text.db
run restore text.db
expect_rc 74 "restore from a file that is not a database"
sqlite3 foreign.db 'CREATE TABLE t (x)'
run restore foreign.db
expect_rc 65 "restore from another program's SQLite file"
cp copy1.db newer.db
sqlite3 newer.db 'PRAGMA user_version = 99'
run restore newer.db
expect_rc 65 "restore from a newer hotro's library"
cp copy1.db damaged.db
printf 'XXXXXXXXXXXXXXXX' | dd of=damaged.db bs=1 seek=8192 conv=notrunc 2>/dev/null
run restore damaged.db
CHECKS=$((CHECKS + 1))
[ "$RC" -eq 65 ] || [ "$RC" -eq 74 ] || fail "restore from a damaged copy: exit $RC, expected 65 or 74"
run restore hotro.db
expect_rc 64 "restore from the library itself"
expect_eq "$(sql 'SELECT count(*) FROM audit')" "$before" "refused restores write nothing"
expect_eq "$(ls hotro.db.before-restore-* | wc -l)" "1" "refused restores keep nothing aside"

# A backup whose case rows were changed behind hotro's back (its seal no longer matches) is
# refused, naming what is wrong; --force restores it all the same and audits the problems.
cp copy1.db tampered.db
sqlite3 tampered.db "UPDATE person SET full_name = 'Người Khác' WHERE id = 1"
run restore tampered.db
expect_rc 65 "a tampered backup is refused"
expect_in err "bảng person: dữ liệu khác với niêm phong cuối" "naming the table"
expect_in err "--force" "and saying how to restore it anyway"
expect_eq "$(sql 'SELECT count(*) FROM audit')" "$before" "the refusal writes nothing"
expect_eq "$(ls hotro.db.before-restore-* | wc -l)" "1" "and keeps nothing aside"
export HOTRO_NOW=2026-11-25T09:00:00Z  # another name for the library kept aside
run restore tampered.db --force
expect_rc 0 "--force restores it"
expect_eq "$(sql "SELECT full_name FROM person WHERE id = 1")" "Người Khác" "as it is"
expect_eq "$(sql "SELECT json_extract(detail, '\$.forced_despite[0].message') LIKE '%person%' FROM audit WHERE action = 'restore' ORDER BY id DESC LIMIT 1")" \
    "1" "the restore entry records what was wrong"
run audit verify
expect_rc 1 "the restored library still shows the change"
run audit seal --reason "bản sao đã được sửa tay, khôi phục có chủ ý"
expect_rc 0 "until it is sealed, with the reason"

# Two restores in the same second: each keeps its own copy of what it replaced.
run restore copy1.db
expect_rc 0 "a restore at 09:00:00"
run restore copy1.db
expect_rc 0 "and another in the same second"
expect_eq "$(ls hotro.db.before-restore-20261125T090000Z* | wc -l)" "3" "three copies kept, none written over"

finish
