# hotro agency: the agencies with what points at each; merge one office written under two names
# (everything moves, the old name leads to the kept agency), unmerge puts back; all audited.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
add() { "$HOTRO_BIN" -q intake add --channel "tự trở về" --intake-date "$2" --agency "$3" --name "$1" "${@:4}" || fail "add $1"; }
one=$(add "Lò Thị Mai" 01/03/2026 "Công an tỉnh Lào Cai")
two=$(add "Vàng A Sử" 02/03/2026 "CA tỉnh Lào Cai" --source-agency "Đồn Biên phòng Bát Xát")
"$HOTRO_BIN" -q verify start "$two" --agency "CA tinh Lao Cai" --date 03/03/2026 || fail "verify start"
"$HOTRO_BIN" -q refer send "$one" --to "CA tỉnh Lào Cai" --reason "xác minh" --agency "Đồn Biên phòng Bát Xát" \
    --date 04/03/2026 >/dev/null || fail "refer send"
kept=$(sql "SELECT id FROM agency WHERE name = 'Công an tỉnh Lào Cai'")
dropped=$(sql "SELECT id FROM agency WHERE name = 'CA tỉnh Lào Cai'")
border=$(sql "SELECT id FROM agency WHERE name = 'Đồn Biên phòng Bát Xát'")
where() { sql "SELECT group_concat(v, ' ') FROM (
  SELECT 'c' || id || ':' || coalesce(receiving_agency_id, '-') || '/' || coalesce(source_agency_id, '-') AS v FROM case_file
  UNION ALL SELECT 'e' || id || ':' || agency_id FROM case_event
  UNION ALL SELECT 'r' || id || ':' || from_agency_id || '>' || to_agency_id FROM referral)"; }
before=$(where)
expect_eq "$before" "c1:$kept/- c2:$dropped/$border e1:$dropped e2:$border r1:$border>$dropped" "the records of the fixture"

# The list: by name, with counts; --name narrows, accents and case ignored.
run agency list --json
expect_rc 0 "agency list --json"
expect_eq "$(json_get out '$[0].name')" "CA tỉnh Lào Cai" "by folded name"
expect_eq "$(json_get out '$[0].cases') $(json_get out '$[0].events') $(json_get out '$[0].referrals')" "1 1 1" \
    "what points at the second spelling"
run agency list --name "CONG AN"
expect_rc 0 "agency list --name"
expect_in out "Công an tỉnh Lào Cai" "the match"
expect_not_in out "CA tỉnh" "not the others"
expect_in out "1 cơ quan" "the count in Vietnamese"
run --lang en agency list
expect_in out "Referrals" "the header in English"
expect_in out "3 agencies" "the count in English"

# What merge refuses, writing nothing.
audits=$(sql 'SELECT count(*) FROM audit')
run agency merge "$kept" "$dropped"
expect_rc 64 "--reason is required"
expect_in err "--reason" "says which option"
run agency merge "$kept" "$dropped" --reason "   "
expect_rc 64 "a blank reason"
run agency merge "$kept" "$kept" --reason "x"
expect_rc 65 "not with itself"
run agency merge "$kept" 99 --reason "x"
expect_rc 66 "no such agency"
expect_in err "99" "names it"
run agency merge "$kept" 99 --reason " "
expect_rc 64 "a blank reason is a usage error before the missing agency"
run agency merge "$kept" abc --reason "x"
expect_rc 64 "an id is a number"
run agency
expect_rc 64 "a subcommand is required"
run agency merge "$kept" "$dropped" --reason "cùng một cơ quan" --dry-run
expect_rc 0 "merge --dry-run"
expect_in out "chuyển 3 bản ghi (1 hồ sơ tiếp nhận, 1 sự kiện, 1 chuyển tuyến đến)" "what would move"
expect_in out "không ghi gì" "says nothing is written"
expect_eq "$(where)" "$before" "nothing moved"
expect_eq "$(sql 'SELECT count(*) FROM audit')" "$audits" "nothing audited"

# The merge.
run agency merge "$kept" "$dropped" --reason "cùng một cơ quan, viết tắt"
expect_rc 0 "merge"
expect_in out "hotro agency unmerge 1" "how to undo it"
expect_eq "$(where)" "c1:$kept/- c2:$kept/$border e1:$kept e2:$border r1:$border>$kept" "everything points at the kept agency"
expect_eq "$(sql "SELECT action || ' ' || entity || ' ' || entity_ids || ' ' || (detail->>'reason') FROM audit ORDER BY id DESC LIMIT 1")" \
    "merge agency [[$kept,$kept],[$dropped,$dropped]] cùng một cơ quan, viết tắt" "the merge is audited with its reason"
run audit verify
expect_rc 0 "the trail and the seal hold after the merge"
run agency list --json
expect_not_in out "CA tỉnh Lào Cai" "a merged agency is not listed"
expect_eq "$(json_get out '$[0].cases')" "2" "the kept agency has both cases"
run agency list --all --json
expect_eq "$(json_get out "\$[0].merged_into")" "$kept" "--all lists it, merged into the kept one"
run agency merge "$border" "$dropped" --reason "x"
expect_rc 65 "an agency is merged once"
expect_in err "đã được gộp vào cơ quan #$kept" "says where it went"

# The old name leads to the kept agency, in every command that takes an agency name.
three=$(add "Hà Thị Ba" 05/03/2026 "ca tinh lao cai")
expect_eq "$(sql "SELECT receiving_agency_id FROM case_file WHERE id = $three")" "$kept" "intake add with the old name"
"$HOTRO_BIN" -q verify start "$three" --agency "CA tỉnh Lào Cai" --date 06/03/2026 || fail "verify start"
expect_eq "$(sql "SELECT agency_id FROM case_event WHERE case_id = $three")" "$kept" "verify with the old name"
printf 'Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận,Cơ quan tiếp nhận\nSùng Thị Bốn,1999,07/03/2026,Tự trở về,CA tỉnh Lào Cai\n' \
    >"$WORK/list.csv"
run intake import "$WORK/list.csv"
expect_rc 0 "import a list with the old name"
expect_eq "$(sql "SELECT receiving_agency_id FROM case_file ORDER BY id DESC LIMIT 1")" "$kept" "import with the old name"
run edit "$three" "source_agency=CA tỉnh Lào Cai"
expect_rc 0 "edit with the old name"
expect_in out '"Công an tỉnh Lào Cai"' "the change names the kept agency"
expect_eq "$(sql "SELECT source_agency_id FROM case_file WHERE id = $three")" "$kept" "edit with the old name"
run case list --agency "CA tinh" --json
expect_eq "$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))")" "4" \
    "case list --agency finds the cases by the merged name too"
run case timeline "$two"
expect_in out "Công an tỉnh Lào Cai" "the timeline names the kept agency"
run edit --where "receiving_agency=CA tinh Lao Cai" --set "note=gộp" --dry-run
expect_rc 0 "edit --where with the merged name"
expect_in out "4 hồ sơ" "edit --where finds the cases now at the kept agency by the old name"
run edit --where "source_agency~ca tinh" --set "note=gộp" --dry-run
expect_in out "1 hồ sơ" "edit --where ~ follows the merge too"
run edit --where "receiving_agency=Đồn Biên phòng Bát Xát" --set "note=gộp" --dry-run
expect_in out "Không có hồ sơ nào khớp" "an agency with no case received"

# Unmerge: what the merge moved goes back; what was written since stays with the kept agency.
run agency unmerge 1
expect_rc 0 "unmerge"
expect_in out "Đã hoàn tác lần gộp cơ quan #1" "says so"
expect_eq "$(sql "SELECT receiving_agency_id FROM case_file WHERE id = $two")" "$dropped" "the case is back"
expect_eq "$(sql "SELECT agency_id FROM case_event WHERE case_id = $two")" "$dropped" "the event is back"
expect_eq "$(sql "SELECT to_agency_id FROM referral")" "$dropped" "the referral is back"
expect_eq "$(sql "SELECT receiving_agency_id FROM case_file WHERE id = $three")" "$kept" "a case added since stays"
run agency unmerge 1
expect_rc 65 "undone once"
run --lang en agency unmerge 9
expect_rc 66 "no such merge"
expect_in err "no agency merge #9" "in English"
four=$(add "Lù Thị Năm" 08/03/2026 "CA tỉnh Lào Cai")
expect_eq "$(sql "SELECT receiving_agency_id FROM case_file WHERE id = $four")" "$dropped" "the old name is its own agency again"

# Edits made before a merge are undone after it: a case goes back to the agency the old one
# stands for now, never to a merged agency; the merge is not taken for someone's change.
"$HOTRO_BIN" -q edit "$four" "receiving_agency=Đồn Biên phòng Bát Xát" >/dev/null || fail "edit away from the old name"
away=$(sql 'SELECT max(id) FROM change_set')
"$HOTRO_BIN" -q edit "$one" "receiving_agency=CA tỉnh Lào Cai" >/dev/null || fail "edit to the old name"
to_old=$(sql 'SELECT max(id) FROM change_set')
second=$("$HOTRO_BIN" -q agency merge "$kept" "$dropped" --reason "lần hai") || fail "merge again"
expect_eq "$second" "$(sql 'SELECT max(id) FROM agency_merge')" "-q prints the merge id alone"
expect_eq "$(sql "SELECT receiving_agency_id FROM case_file WHERE id = $one")" "$kept" "the merge moved case $one"
run edit --undo "$away"
expect_rc 0 "undo an edit away from the merged agency"
expect_eq "$(sql "SELECT receiving_agency_id FROM case_file WHERE id = $four")" "$kept" "back to the kept agency, not the merged one"
run edit --undo "$to_old"
expect_rc 0 "undo an edit to the merged agency, which the merge moved on"
expect_eq "$(sql "SELECT receiving_agency_id FROM case_file WHERE id = $one")" "$kept" "the agency it had before the edit"

# audit log --case: the agency merges that moved the case, and edits of its person.
run audit log --case "$two" --json
expect_eq "$(sqlite3 :memory: "SELECT group_concat(value->>'action', ' ') FROM json_each(readfile('$WORK/out')) WHERE value->>'entity' = 'agency'")" \
    "merge unmerge merge" "the merges and the unmerge that moved case $two"
run audit log --case "$three" --json
expect_eq "$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$WORK/out')) WHERE value->>'entity' = 'agency'")" "0" \
    "not a merge that did not move it"
"$HOTRO_BIN" -q edit "$one" "ethnicity=Tày" >/dev/null || fail "edit the person"
run audit log --case "$one" --json
expect_eq "$(sqlite3 :memory: "SELECT value->>'command' || ' ' || (value->>'entity') FROM json_each(readfile('$WORK/out')) ORDER BY key DESC LIMIT 1")" \
    "edit person" "an edit of the case's person"
# A merge that moved only a step of the case (its event, not the case's own row) is in its log.
five=$(add "Sùng Thị Sáu" 09/03/2026 "Đồn Biên phòng Bát Xát")
"$HOTRO_BIN" -q verify start "$five" --agency "Công an huyện Bát Xát" --date 10/03/2026 || fail "verify start"
step_agency=$(sql "SELECT agency_id FROM case_event WHERE case_id = $five")
"$HOTRO_BIN" -q agency merge "$kept" "$step_agency" --reason "một cơ quan" >/dev/null || fail "merge the step's agency"
run audit log --case "$five" --json
expect_eq "$(sqlite3 :memory: "SELECT group_concat(value->>'action', ' ') FROM json_each(readfile('$WORK/out')) WHERE value->>'entity' = 'agency'")" \
    "merge" "the merge that moved the case's step"
run audit log --case "$two" --json
expect_eq "$(sqlite3 :memory: "SELECT group_concat(value->>'action', ' ') FROM json_each(readfile('$WORK/out')) WHERE value->>'entity' = 'agency'")" \
    "merge unmerge merge" "and not in the log of a case it did not touch"

finish
