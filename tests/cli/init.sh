# hotro init: create, re-run, upgrade refusals, file mode, paths.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

# The schema version of this tree: the number of its last migration.
CURRENT=$(basename "$(ls "$SRC"/schemas/[0-9]*.sql | tail -1)" | sed -e 's/_.*//' -e 's/^0*//')

run init
expect_rc 0 "init creates a library"
expect_in out "hotro.db" "init names the library it made"
expect_eq "$(stat -c %a hotro.db)" "600" "a new library is readable by its owner only"
expect_eq "$(sql 'PRAGMA user_version')" "$CURRENT" "schema version after init"
expect_eq "$(sql 'PRAGMA application_id')" "1213158482" "application id marks a hotro library"
expect_eq "$(sql 'PRAGMA journal_mode')" "wal" "library in WAL mode"
expect_eq "$(sql "SELECT count(*) FROM code_list WHERE list = 'ethnicity'")" "54" "54 ethnic groups"
expect_eq "$(sql "SELECT count(*) FROM admin_unit WHERE code_set = '2025' AND level = 'province'")" "34" "34 provinces of 2025"

run init
expect_rc 0 "init on a current library is a no-op"

run --db "$WORK/other.db" init
expect_rc 0 "--db chooses the file"
[ -f other.db ] || fail "--db other.db was not created"

run --db "$WORK/no/such/dir/x.db" init
expect_rc 73 "a library in a missing directory cannot be created"

# A library of an older schema is upgraded, after a private backup copy.
sqlite3 old.db < "$SRC/schemas/0001_init.sql"
sqlite3 old.db "PRAGMA application_id = 1213158482; PRAGMA user_version = 1;
  INSERT INTO person (full_name, name_folded, created_at) VALUES ('Lò Thị Mai', 'lo thi mai', '2025-01-01');"
chmod 600 old.db
run --db old.db init
expect_rc 0 "init upgrades an older library"
expect_in out "old.db.before-v$CURRENT" "and names the backup it made"
expect_eq "$(sqlite3 old.db 'PRAGMA user_version')" "$CURRENT" "upgraded to the current schema"
expect_eq "$(sqlite3 old.db 'SELECT full_name FROM person')" "Lò Thị Mai" "the data is kept"
expect_eq "$(sqlite3 "old.db.before-v$CURRENT" 'PRAGMA user_version')" "1" "the backup is the library as it was"
expect_eq "$(stat -c %a "old.db.before-v$CURRENT")" "600" "the backup is readable by its owner only"

# A library made by a newer hotro is refused, and left untouched.
cp hotro.db newer.db
sqlite3 newer.db 'PRAGMA user_version = 99'
before=$(sha256sum newer.db)
run --db newer.db init
expect_rc 65 "init refuses a library from a newer hotro"
expect_in err "99" "the refusal names the library's version"
expect_eq "$(sha256sum newer.db)" "$before" "a refused library is not changed"
run --db newer.db case list
expect_rc 65 "other commands refuse it too"

# A SQLite file that is not a hotro library is not touched.
sqlite3 foreign.db 'CREATE TABLE t (x); INSERT INTO t VALUES (1)'
run --db foreign.db init
expect_rc 65 "init refuses another program's SQLite file"
expect_eq "$(sqlite3 foreign.db 'SELECT count(*) FROM sqlite_master')" "1" "foreign file left as it was"

# Not a database at all.
printf 'Họ và tên,Năm sinh\n' > notdb.db
run --db notdb.db case list
expect_rc 74 "a file that is not a database cannot be opened"

# Commands need a library.
run --db "$WORK/missing.db" case list
expect_rc 66 "no library yet: say so"
expect_in err "init" "the message tells to run hotro init"
[ -f missing.db ] && fail "reading a missing library created it"

# HOTRO_DB is the default path.
HOTRO_DB=$WORK/env.db "$HOTRO_BIN" -q init || fail "init with HOTRO_DB"
[ -f env.db ] || fail "HOTRO_DB was not used"

# Usage errors exit 64.
run init --no-such-option
expect_rc 64 "unknown option is a usage error"
run
expect_rc 64 "no subcommand is a usage error"

finish
