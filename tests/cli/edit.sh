# hotro edit: corrections of one case or many, shown before they are written, audited and
# reversible (--undo, --list, --show).
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
add() { "$HOTRO_BIN" -q intake add --on-duplicate new --channel "tự trở về" "$@" >/dev/null || fail "add $*"; }
add --name "Lo Thi Mai" --birth 1998 --intake-date 01/03/2026 --residence "Xã Mường Lạn, tỉnh Sơn La" \
    --agency "Công an huyện Mường Khương"                                                   # case 1
add --name "Vàng A Sử" --sex Nam --birth 2003 --intake-date 02/03/2026 --agency "Công an huyện Mường Khương" \
    --destination "Trung Quốc"                                                              # case 2
add --name "Giàng Thị Chu" --birth 2001 --intake-date 15/04/2026 --agency "Đồn Biên phòng Lũng Cú"  # case 3
person_row() { sql "SELECT full_name || '|' || name_folded || '|' || coalesce(sex, '') || '|' || coalesce(birth_date, '') || '|' || coalesce(birth_year, '') || '|' || coalesce(match_key, '') FROM person WHERE id = $1"; }
first=$(person_row 1)
audits=$(sql 'SELECT count(*) FROM audit')

# --dry-run: the diff, nothing written. Vietnamese column headers and code variants work.
run edit 1 "full_name=Lò Thị Mai" "Giới tính=Nữ" birth_date=12/03/1997 intake_date=02/03/2026 --dry-run
expect_rc 0 "dry run"
expect_in out 'người #1 full_name: "Lo Thi Mai" → "Lò Thị Mai"' "the name in the diff"
expect_in out "người #1 sex: (trống) → Nữ" "the sex by its label"
expect_in out "người #1 birth_date: 1998 → 12/03/1997" "dates for people"
expect_in out "hồ sơ #1 intake_date: 01/03/2026 → 02/03/2026" "the case's field"
expect_in out "  người #1 match_key:" "derived columns, indented"
expect_in out "không ghi gì" "says nothing is written"
expect_eq "$(person_row 1)" "$first" "a dry run changes nothing"
run edit 1 "full_name=Lò Thị Mây" --dry-run --json
expect_eq "$(sqlite3 :memory: "SELECT json_type(value, '\$.before') || ' ' || json_extract(value, '\$.before') FROM json_each(readfile('$WORK/out'), '\$.changes') WHERE json_extract(value, '\$.field') = 'match_key'")" \
    "text $(sql 'SELECT match_key FROM person WHERE id = 1')" "a matching key is text in JSON, every digit kept"
expect_eq "$(sql 'SELECT count(*) FROM audit')" "$audits" "a dry run writes no audit entry"

# The edit itself.
run edit 1 "full_name=Lò Thị Mai" "Giới tính=Nữ" birth_date=12/03/1997 intake_date=02/03/2026 --reason "sai chính tả trong danh sách công an"
expect_rc 0 "edit"
expect_in out "hồ sơ #1 intake_date: 01/03/2026 → 02/03/2026" "the diff is printed while writing"
expect_in out "hotro edit --undo 1" "how to undo"
expect_eq "$(sql 'SELECT full_name || sex || birth_date || birth_year FROM person WHERE id = 1')" "Lò Thị MaiF1997-03-121997" "written"
expect_eq "$(sql 'SELECT intake_date FROM case_file WHERE id = 1')" "2026-03-02" "the case's field written"
expect_eq "$(sql "SELECT command || '|' || reason FROM change_set WHERE id = 1")" "edit|sai chính tả trong danh sách công an" "one change set, with the reason"
expect_eq "$(sql "SELECT group_concat(entity, ',') FROM (SELECT entity FROM audit WHERE action = 'edit' ORDER BY id)")" "case,person" "audited"

# The same again: nothing changes, nothing is written.
sets=$(sql 'SELECT count(*) FROM change_set')
run edit 1 "full_name=Lò Thị Mai" sex=F
expect_rc 0 "no change"
expect_in out "Không có gì thay đổi" "says so"
expect_eq "$(sql 'SELECT count(*) FROM change_set')" "$sets" "no change set"

# Clearing an optional field; a new agency is created like import does.
run --lang en edit 2 "receiving_agency=Sở Lao động tỉnh Lào Cai" ethnicity= "destination=" abroad= --json
expect_rc 0 "clear and a new agency"
expect_eq "$(json_get out '$.changes[0].field')" "receiving_agency_id" "JSON names the column"
expect_eq "$(json_get out '$.changes[0].new_agency')" "Sở Lao động tỉnh Lào Cai" "a new agency"
expect_eq "$(sql "SELECT coalesce(destination_country, '-') || coalesce(abroad, '-') FROM case_file WHERE id = 2")" "--" "cleared"
expect_eq "$(sql "SELECT count(*) FROM agency WHERE name = 'Sở Lao động tỉnh Lào Cai'")" "1" "the agency exists"
agency_set=$(json_get out '$.change_set')

# Refusals: unknown field (64), bad value (65), impossible dates (65), missing case (66).
run edit 1 colour=red
expect_rc 64 "unknown field"
expect_in err "colour" "names the field"
expect_in err "full_name, sex, birth_date" "lists the valid fields"
run edit 1 sex=abc
expect_rc 65 "bad code"
expect_in err "sex=abc" "names field and value"
run --lang en edit 1 citizen_id=14198003517
expect_rc 65 "a lost leading zero"
expect_in err "leading zero" "says why"
run --lang en edit 1 intake_date=01/12/2026
expect_rc 65 "intake date in the future"
expect_in err "in the future" "says why"
"$HOTRO_BIN" -q verify start 1 --agency "Công an xã Mường Lạn" --date 05/03/2026 || fail "verify start"
run --lang en edit 1 intake_date=06/03/2026
expect_rc 65 "intake after a step of the case"
expect_in err "verify_start" "names the step"
run edit 1 full_name=
expect_rc 65 "a name cannot be cleared"
run edit 99 sex=Nữ
expect_rc 66 "no such case"
run edit 1
expect_rc 64 "no field"
run edit
expect_rc 64 "nothing asked"
run edit 1 sex=Nữ --list
expect_rc 64 "one mode at a time"

# Bulk: --where and --set; written with --yes only.
run edit --where "receiving_agency=cong an huyen muong khuong" --set poor_household=có
expect_rc 64 "a bulk edit needs --yes"
expect_in out "người #1 poor_household: (trống) → Có (hồ sơ #1)" "the diff is shown first"
expect_in err "--yes" "the hint"
expect_eq "$(sql 'SELECT count(*) FROM person WHERE poor_household IS NOT NULL')" "0" "nothing written without --yes"
run edit --where "receiving_agency=cong an huyen muong khuong" --set poor_household=có --dry-run
expect_rc 0 "bulk dry run"
expect_in out "1 thay đổi trong 1 hồ sơ" "the count"
run edit --where "intake_date=2026-03" --where "full_name~mai" --set poor_household=có --yes --reason "hộ nghèo 2026"
expect_rc 0 "bulk with --yes"
expect_eq "$(sql 'SELECT group_concat(id) FROM person WHERE poor_household = 1')" "1" "only the matching person"
bulk_set=$(sql 'SELECT max(id) FROM change_set')
run edit --where "sex=Nam" --where "birth_date=2003" --set "full_name=Vàng A Sử" --yes
expect_rc 0 "bulk, nothing to change"
expect_in out "Không có gì thay đổi" "says so"
run edit --where "status=Đã tiếp nhận" --set "full_name=X" --yes
expect_rc 64 "one name for several persons is refused"
run edit --where "sex=xyz" --set note=x --yes
expect_rc 64 "an unknown code in --where is a usage error, like --period 2026-Q5"
expect_in err "--where sex=xyz" "names the condition"
expect_in err "hotro edit --help" "with the help line"
run edit --where "intake_date=2026-Q5" --set note=x --yes
expect_rc 64 "an unreadable period in --where"
run edit --where "sex~N" --set note=x --yes
expect_rc 64 "~ on a code"
run edit --where "full_name=nobody" --set note=x --yes
expect_rc 0 "no case matches"
expect_in out "Không có hồ sơ nào khớp" "says so"
run edit --set note=x
expect_rc 64 "--set needs --where"

# --list, --show, --undo.
run edit --list
expect_rc 0 "list"
expect_in out "sai chính tả trong danh sách công an" "the reason in the list"
run edit --list --json
expect_eq "$(json_get out '$[0].changes')" "$(sql 'SELECT count(*) FROM field_change WHERE change_set_id = 1')" "counts in JSON"
run edit --show 1
expect_rc 0 "show"
expect_in out "hồ sơ #1 intake_date: 01/03/2026 → 02/03/2026" "its field changes"
run edit --show 99
expect_rc 66 "no such set"

run edit --undo 1 --dry-run
expect_rc 0 "undo, dry run"
expect_in out "hồ sơ #1 intake_date: 02/03/2026 → 01/03/2026" "what the undo would write"
expect_eq "$(sql 'SELECT intake_date FROM case_file WHERE id = 1')" "2026-03-02" "a dry run undoes nothing"
run edit --undo 1 --reason "nhầm hồ sơ"
expect_rc 0 "undo"
expect_eq "$(person_row 1)" "$first" "the person is back, derived columns too"
expect_eq "$(sql 'SELECT intake_date FROM case_file WHERE id = 1')" "2026-03-01" "the case is back"
expect_eq "$(sql 'SELECT poor_household FROM person WHERE id = 1')" "1" "a later change set of other fields stays"
run edit --undo 1
expect_rc 65 "undone once"
undo_set=$(sql 'SELECT max(id) FROM change_set')
run --lang en edit --list
expect_in out "nhầm hồ sơ" "the undo is a change set with its reason"
expect_in out "undo" "and its command"
run edit --undo "$undo_set"
expect_rc 0 "an undo can be undone (redo)"
expect_eq "$(sql 'SELECT full_name FROM person WHERE id = 1')" "Lò Thị Mai" "redone"
run edit --undo "$bulk_set" --json
expect_rc 0 "undo a bulk edit"
expect_eq "$(sql 'SELECT count(*) FROM person WHERE poor_household IS NOT NULL')" "0" "bulk undone"
run edit --undo "$agency_set"
expect_rc 0 "undo the agency change"
expect_eq "$(sql "SELECT a.name || c.destination_country || c.abroad FROM case_file c JOIN agency a ON a.id = c.receiving_agency_id WHERE c.id = 2")" \
    "Công an huyện Mường KhươngCN1" "the old agency, destination and abroad are back"

# An undo is refused when the field was changed since, or when it would break the workflow.
run edit 3 note=một
run edit 3 note=hai
last=$(sql 'SELECT max(id) FROM change_set')
run edit --undo "$((last - 1))"
expect_rc 65 "changed since"
expect_in err "hồ sơ #3 note: giá trị hiện tại là \"hai\", không phải \"một\" (đã được sửa sau đó: lần sửa #$last, xem: hotro edit --show $last)" \
    "says what is stored now, in the user's words, and which change set wrote it"
"$HOTRO_BIN" -q edit 3 sex=Nam || fail "sex"
"$HOTRO_BIN" -q edit 3 sex=Nữ || fail "sex again"
run --lang en edit --undo "$(( $(sql 'SELECT max(id) FROM change_set') - 1 ))"
expect_in err "person #3 sex: the stored value is Female, not Male" "codes by their labels"
run edit 3 intake_date=10/04/2026
expect_rc 0 "intake earlier"
"$HOTRO_BIN" -q verify start 3 --agency "Công an xã Lũng Cú" --date 12/04/2026 || fail "verify start 3"
run --lang en edit --undo "$(sql 'SELECT max(id) FROM change_set')"
expect_rc 65 "the undo would put the intake after a step"
expect_in err "verify_start" "names the step"

run audit verify
expect_rc 0 "the audit trail holds"

# The stored field changes are checked against their audit entries: altered, they are found, and
# their undo is refused.
redo_set=$((undo_set + 1))
sqlite3 "$HOTRO_DB" "UPDATE field_change SET before = '\"Lò Thị Mây\"' WHERE change_set_id = $redo_set AND field = 'full_name'"
run --lang en audit verify
expect_rc 1 "audit verify finds an altered change set"
expect_in out "change set #$redo_set: the changes of person do not match the audit trail" "names the set"
expect_in out "table field_change: the rows differ from the last seal" "and the changed table"
SKIP_FINAL_VERIFY=1  # altered on purpose
run --lang en edit --undo "$redo_set"
expect_rc 65 "an altered change set is not undone"
expect_in err "see hotro audit verify" "says why"
expect_eq "$(sql 'SELECT full_name FROM person WHERE id = 1')" "Lò Thị Mai" "nothing written"

# -q: a change that is written prints its change set's id alone; so does an undo.
sets=$(sql 'SELECT max(id) FROM change_set')
run -q edit 1 "note=ghi chú để thử -q"
expect_rc 0 "a quiet edit"
expect_eq "$(cat "$WORK/out")" "$((sets + 1))" "-q prints the change set's id alone"
run -q edit --undo $((sets + 1))
expect_rc 0 "a quiet undo"
expect_eq "$(cat "$WORK/out")" "$((sets + 2))" "-q prints the undo's change set id alone"

finish
