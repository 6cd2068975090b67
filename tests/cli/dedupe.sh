# hotro dedupe: probable duplicate persons, scored, with the reasons; read-only.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
add() { "$HOTRO_BIN" -q intake add --on-duplicate new --channel 111 --intake-date 01/03/2026 "$@" >/dev/null || fail "add $*"; }
add --name "Lò Thị Mai" --sex Nữ --birth 12/03/1998 --residence "Xã Mường Lạn, tỉnh Sơn La" --citizen-id 014198003517
add --name "LO THI MAI" --sex Nữ --birth 12/03/1998 --residence "Xa Muong Lan, tinh Son La"         # 2: same as 1, no accents
add --name "Lò Mai" --citizen-id 014198003517                                                     # 3: same ID as 1
add --name "Lò Thị Mai" --sex Nữ --birth 1998 --residence "Xã Chiềng Sơ, tỉnh Điện Biên"           # 4: name and year only
add --name "Vàng A Sử" --sex Nam --birth 2003                                                     # 5: nobody like him
audits=$(sql 'SELECT count(*) FROM audit')

run dedupe --json --min-score 0
expect_rc 0 "dedupe"
pairs() { sqlite3 :memory: "SELECT group_concat(json_extract(value, '\$.person') || '-' || json_extract(value, '\$.other') || ':' || json_extract(value, '\$.score'), ' ') FROM json_each(readfile('$WORK/out'))"; }
expect_eq "$(pairs)" "1-2:65 1-3:60 1-4:40 2-4:40" "the pairs, highest score first"
expect_eq "$(json_get out '$[0].reasons')" '["name","birth_date","residence","sex"]' "the reasons of the best pair"
expect_eq "$(json_get out '$[1].reasons')" '["citizen_id"]' "a pair by citizen ID alone"

run dedupe --json
expect_eq "$(pairs)" "1-2:65 1-3:60" "the default keeps scores of 50 or more"
run dedupe
expect_in out "cùng số CCCD" "reasons in Vietnamese"
expect_in out "2 cặp" "the count"
run --lang en dedupe --min-score 61
expect_in out "same name, same birth date, same residence, same sex" "reasons in English"
expect_not_in out "#3" "the ID-only pair is below 61"

run dedupe --min-score 101
expect_rc 64 "a score is 0 to 100"
expect_eq "$(sql 'SELECT count(*) FROM audit')" "$audits" "listing writes nothing"

# Merge: the dropped person's cases and minor links move to the kept person; reversible.
"$HOTRO_BIN" -q intake add --name "Lò Văn Pọm" --channel 111 --intake-date 02/03/2026 \
    --minor "LO THI MAI;Nữ;2012;cháu" >/dev/null || fail "a case where person 2's name is a minor's"
minor_person=$(sql "SELECT person_id FROM case_minor")
cases_of() { sql "SELECT group_concat(id, ',') FROM (SELECT id FROM case_file WHERE person_id = $1 ORDER BY id)"; }
before=$(sql 'SELECT count(*) FROM audit')
run dedupe merge 1 2 --dry-run
expect_rc 0 "merge --dry-run"
expect_in out "1" "says what would move"
expect_eq "$(cases_of 2)" "2" "a dry run moves nothing"
expect_eq "$(sql 'SELECT count(*) FROM audit')" "$before" "a dry run writes nothing"

run dedupe merge 1 2
expect_rc 0 "merge"
expect_eq "$(cases_of 1)" "1,2" "person 2's case now belongs to person 1"
expect_eq "$(sql 'SELECT merged_into FROM person WHERE id = 2')" "1" "person 2 points at person 1"
expect_eq "$(sql "SELECT action || ' ' || entity_ids FROM audit ORDER BY id DESC LIMIT 1")" "merge [[1,1],[2,2]]" "the merge is audited"
run dedupe --json --min-score 0
expect_not_in out '"other": 2' "a merged person is no longer listed"
run dedupe merge 1 2
expect_rc 65 "a person is merged once"
run dedupe merge 3 3
expect_rc 65 "not with themselves"
run dedupe merge 1 99
expect_rc 66 "no such person"

# The minor of case 6 merged into person 1: the link moves, and comes back on unmerge.
run -q dedupe merge 1 "$minor_person"
expect_rc 0 "merge a person who is an accompanying minor"
expect_eq "$(sql 'SELECT person_id FROM case_minor')" "1" "the minor link moved"
merge_id=$(sql 'SELECT max(id) FROM person_merge')
expect_eq "$(cat "$WORK/out")" "$merge_id" "-q prints the merge id alone"
run dedupe unmerge "$merge_id"
expect_rc 0 "unmerge"
expect_eq "$(sql 'SELECT person_id FROM case_minor')" "$minor_person" "the minor link is back"
run dedupe unmerge 1
expect_rc 0 "unmerge the first merge"
expect_eq "$(cases_of 2)" "2" "person 2 has their case back"
expect_eq "$(sql 'SELECT merged_into IS NULL FROM person WHERE id = 2')" "1" "person 2 is no longer merged"
run dedupe unmerge 1
expect_rc 65 "a merge is undone once"
run dedupe unmerge 99
expect_rc 66 "no such merge"

# Merges in a chain (2 into 1, then 1 into 3) are undone last first: undoing the first while
# the second stands would leave person 2 without their case.
run dedupe merge 1 2
expect_rc 0 "merge 2 into 1 again"
first=$(sql 'SELECT max(id) FROM person_merge')
run dedupe merge 3 1
expect_rc 0 "then 1 into 3"
second=$(sql 'SELECT max(id) FROM person_merge')
expect_eq "$(cases_of 3)" "1,2,3" "person 3 has all three cases"
audits=$(sql 'SELECT count(*) FROM audit')
run dedupe unmerge "$first"
expect_rc 65 "the first merge is not undone while the second stands"
expect_in err "người #1 đã được gộp tiếp vào người #3 (lần gộp #$second)" "says which merge to undo first"
expect_eq "$(cases_of 3)" "1,2,3" "nothing moved"
expect_eq "$(sql 'SELECT merged_into FROM person WHERE id = 2')" "1" "person 2 still merged into 1"
expect_eq "$(sql 'SELECT count(*) FROM audit')" "$audits" "nothing audited"
run dedupe unmerge "$second"
expect_rc 0 "the second merge undone"
run dedupe unmerge "$first"
expect_rc 0 "then the first"
expect_eq "$(cases_of 1)" "1" "person 1 has their case"
expect_eq "$(cases_of 2)" "2" "person 2 has theirs"
expect_eq "$(cases_of 3)" "3" "and person 3 theirs"
# Supports follow the person: counted once, on the kept person, against the caps; back on unmerge.
run -q support add 2 --kind meals --days 100 --date 05/03/2026 --agency "Công an tỉnh Sơn La" --amount 1000000 --reason "tiền ăn"
expect_rc 0 "a support for person 2"
run -q dedupe merge 1 2
expect_rc 0 "merge 2 into 1 with a support"
expect_eq "$(sql 'SELECT person_id FROM support')" "1" "the support moved with the person"
run dedupe unmerge "$(sql 'SELECT max(id) FROM person_merge')"
expect_rc 0 "unmerge"
expect_eq "$(sql 'SELECT person_id FROM support')" "2" "the support is back with person 2"

# A minor on a person's own case cannot be merged into that person, either way round.
owner=$(sql 'SELECT c.person_id FROM case_minor m JOIN case_file c ON c.id = m.case_id')
audits=$(sql 'SELECT count(*) FROM audit')
run dedupe merge "$owner" "$minor_person"
expect_rc 65 "a victim and their own accompanying minor"
expect_in err "người #$minor_person là người dưới 18 tuổi đi cùng trong hồ sơ" "says why"
run dedupe merge "$minor_person" "$owner" --dry-run
expect_rc 65 "the other way round, and in a dry run"
expect_eq "$(sql 'SELECT count(*) FROM audit')" "$audits" "nothing written"

# What a merge does with the persons' fields: the kept person's blanks take the dropped one's
# values (back on unmerge); values recorded differently are shown, and the kept one's stay.
# Person 3 (Lò Mai) has only the citizen ID; person 1 has sex, birth date and residence too.
run dedupe merge 3 1 --dry-run
expect_rc 0 "a dry run of merging 1 into 3"
expect_in out "giới tính: người #3 chưa có, lấy của người #1: F" "a blank that is filled"
expect_in out "ngày sinh: người #3 chưa có, lấy của người #1: 1998-03-12" "the birth date"
expect_in out "chuyển 1 hồ sơ (1), 0 khoản hỗ trợ và 0 liên kết" "what moves"
run --lang en dedupe merge 3 1 --json
expect_rc 0 "merge 1 into 3"
expect_eq "$(json_get out '$.filled[#-1].field')" "residence" "the residence is filled too"
expect_eq "$(json_get out '$.merge')" "$(sql 'SELECT max(id) FROM person_merge')" "the merge id in the JSON"
expect_eq "$(sql "SELECT sex || ' ' || birth_date || ' ' || birth_year || ' ' || residence_province || ' ' || (match_key IS NOT NULL) FROM person WHERE id = 3")" \
    "F 1998-03-12 1998 14 1" "person 3 has them, with the year, province and matching key worked out"
run dedupe unmerge "$(json_get out '$.merge')"
expect_rc 0 "unmerge"
expect_eq "$(sql "SELECT coalesce(sex, '-') || coalesce(birth_date, '-') || coalesce(birth_year, '-') || coalesce(residence_province, '-') || coalesce(match_key, '-') FROM person WHERE id = 3")" \
    "-----" "person 3's blanks are blank again"
# Edited between merge and unmerge: a renamed person still loses the filled birth date (the
# matching key follows the name); a filled field edited since keeps the edit.
run -q dedupe merge 3 1
merge=$(cat "$WORK/out")
"$HOTRO_BIN" -q edit 3 "full_name=Lò Thị Mai Anh" "Giới tính=Nam" >/dev/null || fail "edit person 3"
run dedupe unmerge "$merge"
expect_rc 0 "unmerge after an edit"
expect_eq "$(sql "SELECT coalesce(birth_date, '-') || ' ' || coalesce(match_key, '-') || ' ' || sex FROM person WHERE id = 3")" \
    "- - M" "the birth date is blank again, with no key; the sex edited since stays"
expect_eq "$(sql "SELECT json_extract(detail, '\$.filled_kept_as_edited') FROM audit WHERE action = 'unmerge' ORDER BY id DESC LIMIT 1")" \
    '["sex"]' "the unmerge says which filled field it left as edited"
# A birth date that would not fit the kept person's own case is refused, as edit refuses it.
"$HOTRO_BIN" -q intake add --on-duplicate new --name "Lò Mai" --channel 111 --intake-date 10/06/2026 --birth 05/05/2026 >/dev/null || fail "add a baby"
baby=$(sql 'SELECT max(id) FROM person')
run dedupe merge 3 "$baby" --dry-run
expect_rc 65 "a birth date after the kept person's intake"
expect_in err "ngày sinh 05/05/2026 của người #$baby sau ngày tiếp nhận hồ sơ #3 (01/03/2026) của người #3" "says which case"

# Two persons with different citizen IDs: listed below the default score, merged only with --force.
add --name "Lò Thị Mai" --sex Nữ --birth 12/03/1998 --residence "Xã Mường Lạn, tỉnh Sơn La" --citizen-id 014198009999
other=$(sql 'SELECT max(id) FROM person')
run dedupe --json --min-score 0
expect_eq "$(sqlite3 :memory: "SELECT json_extract(value, '\$.score') || ' ' || json_extract(value, '\$.reasons[#-1]') FROM json_each(readfile('$WORK/out')) WHERE json_extract(value, '\$.person') = 1 AND json_extract(value, '\$.other') = $other")" \
    "15 citizen_id_differs" "the same name, birth and residence, but another ID number: 65 - 50"
run dedupe merge 1 "$other"
expect_rc 65 "different citizen IDs are refused"
expect_in err "người #1 có số CCCD/CMND 014198003517, người #$other có 014198009999" "names both numbers"
run dedupe merge 1 "$other" --force
expect_rc 0 "merged with --force"
expect_in out "số CCCD/CMND khác nhau: người #1 014198003517, người #$other 014198009999 (giữ của người #1)" "the difference is shown"
# A later list with the dropped person's number finds the kept person.
run intake add --name "Lo Thi Mai" --birth 1998 --citizen-id 014198009999 --channel 111 --intake-date 02/03/2026
expect_in err "người #1" "a probable duplicate of the kept person, by the dropped person's ID number"

run audit verify
expect_rc 0 "the trail holds"

finish
