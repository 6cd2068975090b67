# Encryption at rest (hotro key, --key-file, HOTRO_KEY_FILE, HOTRO_KEY). In the default build a
# key is refused, never ignored; in a build with SQLCipher (scripts/test-encrypted.sh) libraries
# made with a key are unreadable without it, and key set / remove / a new key keep every record.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"
unset HOTRO_KEY_FILE HOTRO_KEY HOTRO_NEW_KEY  # this test chooses its own keys

# A key on the command line would be readable by every user in the process list: no such option.
run init --key "x'00'"
expect_rc 64 "the key itself is never an argument"

printf 'một mật khẩu dài\n' > pass.key
chmod 600 pass.key

if ! "$HOTRO_BIN" --version | grep -q SQLCipher; then
    # The default build: a key is an error, so a library never stays plain by mistake.
    run init --key-file pass.key
    expect_rc 78 "a key given to a build without SQLCipher"
    expect_in err "SQLCipher" "the message says the build has no encryption"
    expect_in err "HOTRO_SQLCIPHER" "and how to build one"
    CHECKS=$((CHECKS + 1))
    [ -e hotro.db ] && fail "no file is made for a key the build cannot use"
    HOTRO_KEY=secret "$HOTRO_BIN" -q init 2>err; RC=$?
    expect_rc 78 "HOTRO_KEY in a build without SQLCipher"
    "$HOTRO_BIN" -q init || fail "init without a key"
    run key status
    expect_rc 0 "key status in the default build"
    expect_in out "SQLCipher" "key status says the build has no encryption"
    run key set --new-key-file pass.key
    expect_rc 78 "key set in a build without SQLCipher"
    finish
fi

SHELL_BIN=$(dirname "$HOTRO_BIN")/hotro-sqlcipher-shell
# keyed_sql KEYFILE DB QUERY: the query through SQLCipher's own shell, with the key in KEYFILE
# (read from a file, not passed as an argument).
keyed_sql() {
    (umask 077; printf 'PRAGMA key = "%s";\n' "$(cat "$1")" > "$WORK/key.sql")
    "$SHELL_BIN" -cmd ".output /dev/null" -cmd ".read '$WORK/key.sql'" -cmd ".output" "$2" "$3"
}

# --- key generate: a raw 256-bit key, owner-only, never written over.
run key generate k1.key
expect_rc 0 "key generate"
expect_eq "$(stat -c %a k1.key)" "600" "a new key file is readable by its owner only"
expect_eq "$(grep -cE "^x'[0-9A-F]{64}'\$" k1.key)" "1" "the key file holds x'<64 hex digits>'"
run key generate k1.key
expect_rc 73 "a key file is never written over"
"$HOTRO_BIN" -q key generate k2.key
[ "$(cat k1.key)" = "$(cat k2.key)" ] && fail "two generated keys differ"

# --- a new library made with a key is encrypted from its first page.
export HOTRO_KEY_FILE=$WORK/k1.key
run init
expect_rc 0 "init with a key"
expect_in out "HOTRO_KEY_FILE=$WORK/k1.key" "init says the library is encrypted, with which key"
"$HOTRO_BIN" -q intake import "$EXAMPLES/lists/cong_an_2026.csv" || fail "import into an encrypted library"
CHECKS=$((CHECKS + 1))
head -c 16 hotro.db | grep -q "SQLite format 3" && fail "the library file has a plain SQLite header"
CHECKS=$((CHECKS + 1))
grep -a -q "Hường" hotro.db hotro.db-wal 2>/dev/null && fail "a name is readable in the encrypted file"
run case list
expect_rc 0 "case list with the key"
expect_in out "Nguyễn Thị Hường" "the records read back"
run key status --json
expect_eq "$(json_get out '$.encrypted')" "1" "key status: encrypted"
expect_eq "$(json_get out '$.key_kind')" "raw" "key status: a raw key"
expect_eq "$(json_get out '$.key_from')" "HOTRO_KEY_FILE=$WORK/k1.key" "key status: where the key came from"

# --- without the key, or with another, nothing opens, with a clear message and no change.
before=$(sha256sum hotro.db | cut -d' ' -f1)
HOTRO_KEY_FILE= "$HOTRO_BIN" case list >out 2>err; RC=$?
expect_rc 74 "no key for an encrypted library"
expect_in err "HOTRO_KEY_FILE" "the message says how to give the key"
HOTRO_KEY_FILE=$WORK/k2.key "$HOTRO_BIN" intake add --name "Lò Thị Ba" --channel 111 >out 2>err; RC=$?
expect_rc 74 "a wrong key"
expect_in err "k2.key" "the message names the key that was tried"
expect_eq "$(sha256sum hotro.db | cut -d' ' -f1)" "$before" "a failed open changes nothing"

# --- the key's sources: --key-file, HOTRO_KEY (a passphrase), never both variables.
HOTRO_KEY_FILE= "$HOTRO_BIN" --key-file k1.key -q case list >/dev/null || fail "--key-file"
HOTRO_KEY_FILE= "$HOTRO_BIN" case list --key-file k1.key >/dev/null || fail "--key-file after the subcommand"
HOTRO_KEY=secret "$HOTRO_BIN" case list >out 2>err; RC=$?
expect_rc 78 "HOTRO_KEY_FILE and HOTRO_KEY together"
chmod 644 k2.key
HOTRO_KEY_FILE=$WORK/k2.key "$HOTRO_BIN" case list >out 2>err; RC=$?
expect_rc 78 "a key file other users can read"
expect_in err "chmod 600" "the message says how to fix it"
chmod 600 k2.key
HOTRO_KEY_FILE=$WORK/missing.key "$HOTRO_BIN" case list >out 2>err; RC=$?
expect_rc 66 "a missing key file"
: > empty.key; chmod 600 empty.key
HOTRO_KEY_FILE=$WORK/empty.key "$HOTRO_BIN" case list >out 2>err; RC=$?
expect_rc 78 "an empty key file"

# --- a key given for a plain library is a wrong setting (78), not a damaged file.
HOTRO_KEY_FILE= "$HOTRO_BIN" init --db plain.db > out || fail "a plain library in the SQLCipher build"
expect_in out "hotro key set" "init says a library made without a key is not encrypted"
expect_eq "$(head -c 15 plain.db)" "SQLite format 3" "no key: a plain library"
run case list --db plain.db
expect_rc 78 "a key for a plain library"
expect_in err "hotro key set" "the message says how to encrypt it"

# --- backup: the copy is encrypted with the same key; restore reads it with that key.
run backup copy.db
expect_rc 0 "backup of an encrypted library"
CHECKS=$((CHECKS + 1))
head -c 16 copy.db | grep -q "SQLite format 3" && fail "the backup is plain"
expect_eq "$(keyed_sql k1.key copy.db 'SELECT count(*) FROM case_file')" "4" "the backup opens with the key"
HOTRO_DB=copy.db "$HOTRO_BIN" -q audit verify || fail "the backup's trail verifies"
"$HOTRO_BIN" -q intake add --name "Lò Thị Ba" --birth 1990 --channel 111 >/dev/null || fail "add"
run restore copy.db
expect_rc 0 "restore an encrypted backup"
expect_eq "$(keyed_sql k1.key hotro.db 'SELECT count(*) FROM case_file')" "4" "restored"
CHECKS=$((CHECKS + 1))
aside=$(ls hotro.db.before-restore-* | head -1)
head -c 16 "$aside" | grep -q "SQLite format 3" && fail "the library kept aside is plain"

# --- key set: a new key; the old one no longer opens it; every record and the trail kept.
cases_before=$(keyed_sql k1.key hotro.db 'SELECT group_concat(id) FROM case_file')
run key set --new-key-file k2.key
expect_rc 0 "key set (a new key)"
expect_in out "k2.key" "key set says which key to use from now on"
run case list
expect_rc 74 "the old key no longer opens the library"
export HOTRO_KEY_FILE=$WORK/k2.key
expect_eq "$(keyed_sql k2.key hotro.db 'SELECT group_concat(id) FROM case_file')" "$cases_before" \
    "every case kept under the new key"
expect_eq "$(stat -c %a hotro.db)" "600" "the re-keyed library is readable by its owner only"
"$HOTRO_BIN" -q audit verify || fail "the trail and seal verify after a new key"
run audit log --json
expect_in out '"rekey"' "the new key is audited"
expect_not_in out "$(cat k2.key)" "the key itself is not in the audit trail"
expect_not_in out "$(cat k1.key)" "nor the old key"
run key set --new-key-file k2.key
expect_rc 64 "the same key again is refused"

# A backup made under the old key is given the key in use, then restored (hotro-restore(1)).
run restore copy.db
expect_rc 74 "a backup under the old key does not open with the new one"
copy_hash=$(sha256sum copy.db | cut -d' ' -f1)
cp copy.db working.db
HOTRO_KEY_FILE=$WORK/k1.key "$HOTRO_BIN" -q key set --db working.db --new-key-file k2.key ||
    fail "a working copy of the old backup given the key in use"
HOTRO_NOW=2026-11-25T08:30:00Z "$HOTRO_BIN" -q restore working.db || fail "restore the re-keyed copy"
expect_eq "$(sha256sum copy.db | cut -d' ' -f1)" "$copy_hash" "the backup itself stays as it was made"
expect_eq "$(keyed_sql k2.key hotro.db 'SELECT group_concat(id) FROM case_file')" "$cases_before" \
    "restored under the key in use"

# --- key set refuses while another connection has the library open, and changes nothing.
before=$(sha256sum hotro.db | cut -d' ' -f1)
(umask 077; printf 'PRAGMA key = "%s";\n' "$(cat k2.key)" > hold.sql)
# The holder reads (so it has the library open), says so, and keeps it open until released.
( echo "BEGIN; SELECT count(*) FROM person;"; echo ".shell touch held"
  while [ ! -e release ]; do sleep 0.1; done ) |
    "$SHELL_BIN" -cmd ".output /dev/null" -cmd ".read hold.sql" hotro.db >/dev/null &
holder=$!
for _ in $(seq 100); do [ -e held ] && break; sleep 0.1; done
run key set --new-key-file k1.key
expect_rc 75 "key set while another connection has the library open"
expect_in err "thử lại" "says to try again"
touch release; wait $holder
expect_eq "$(sha256sum hotro.db | cut -d' ' -f1)" "$before" "the library is unchanged"
expect_eq "$(keyed_sql k2.key hotro.db 'SELECT count(*) FROM case_file')" "4" "still under its key"

# --- a library whose rows were changed behind hotro's back is not rewritten (its copy would not
# verify): the library stays exactly as it was, and no copy is left.
cp hotro.db tampered.db
keyed_sql k2.key tampered.db "UPDATE person SET full_name = 'Ai Đó' WHERE id = 1" >/dev/null
before=$(sha256sum tampered.db | cut -d' ' -f1)
run key set --db tampered.db --new-key-file k1.key
expect_rc 65 "key set on a library that fails its audit check"
expect_in err "audit verify" "says where to look"
expect_eq "$(sha256sum tampered.db | cut -d' ' -f1)" "$before" "the tampered library is unchanged"

# --- through a symbolic link the library itself is re-keyed, not the link replaced.
mkdir real
cp hotro.db real/lib.db
ln -s real/lib.db link.db
run key set --db link.db --new-key-file k1.key
expect_rc 0 "key set through a symbolic link"
CHECKS=$((CHECKS + 1))
[ -L link.db ] || fail "the link is still a link"
expect_eq "$(keyed_sql k1.key real/lib.db 'SELECT count(*) FROM case_file')" "4" "the file behind the link has the new key"

# --- key remove: plain again; then key set encrypts a plain library.
run key remove
expect_rc 0 "key remove"
unset HOTRO_KEY_FILE
expect_eq "$(head -c 15 hotro.db)" "SQLite format 3" "plain after key remove"
"$HOTRO_BIN" -q audit verify || fail "verify after key remove"
run key remove
expect_rc 64 "key remove on a plain library"
# A plain copy kept aside by a restore is named when the library is encrypted.
"$HOTRO_BIN" -q backup plain-copy.db || fail "plain backup"
HOTRO_NOW=2026-11-25T09:00:00Z "$HOTRO_BIN" -q restore plain-copy.db || fail "restore a plain copy"
HOTRO_NEW_KEY="một mật khẩu khác" run -q key set
expect_rc 0 "key set from HOTRO_NEW_KEY"
expect_in err "hotro.db.before-restore-20261125T090000Z" "the plain copy kept by the restore is named, with -q too"
expect_not_in err "hotro.db.before-restore-20261125T080000Z" "not the encrypted one"
CHECKS=$((CHECKS + 1))
head -c 16 hotro.db | grep -q "SQLite format 3" && fail "encrypted again with a passphrase"
run key set
expect_rc 64 "key set without a new key"
export HOTRO_KEY="một mật khẩu khác"
run key status
expect_in out "PBKDF2" "a passphrase is shown as one"
run audit log
expect_in out "encrypt" "encrypting is audited"
expect_in out "decrypt" "decrypting is audited"
"$HOTRO_BIN" case list --json > cases.json
expect_eq "$(json_get cases.json '$[3].id')" "4" "every case survived set, remove and set"
expect_eq "$(json_get cases.json '$[4].id')" "" "and no other"

finish
