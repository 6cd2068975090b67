# hotro intake add: one person and case from flags, minors, duplicates, refusals.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"

run intake add --name "Giàng Thị Chu" --sex Nữ --birth 2007 --ethnicity Mông \
    --citizen-id 008307001122 --residence "Xã Pả Vi, tỉnh Tuyên Quang" --intake-date 10/10/2026 \
    --channel "trao trả" --agency "Đồn Biên phòng Lũng Cú" --destination "Trung Quốc" \
    --exploitation "ép buộc kết hôn" --minor "Giàng A Páo;Nam;2025;con" --poor-household có
expect_rc 0 "add a case with a minor"
expect_eq "$(cat out)" "1" "prints the new case id"
expect_eq "$(sql "SELECT sex || ' ' || birth_date || ' ' || ethnicity || ' ' || citizen_id || ' ' || poor_household FROM person WHERE id = 1")" \
    "F 2007 08 008307001122 1" "person fields stored as codes"
expect_eq "$(sql "SELECT intake_date || ' ' || intake_channel || ' ' || abroad || ' ' || destination_country FROM case_file WHERE id = 1")" \
    "2026-10-10 handed_over 1 CN" "case fields; abroad inferred from the destination"
expect_eq "$(sql "SELECT p.full_name || ' ' || p.birth_date || ' ' || m.relation FROM case_minor m JOIN person p ON p.id = m.person_id WHERE m.case_id = 1")" \
    "Giàng A Páo 2025 con" "the accompanying minor is a person linked to the case"
expect_eq "$(sql "SELECT name FROM agency")" "Đồn Biên phòng Lũng Cú" "the receiving agency is recorded"
expect_eq "$(sql "SELECT action || ' ' || entity || ' ' || entity_ids || ' ' || actor FROM audit")" \
    "create case [[1,1]] tester" "one audit entry for the new case, by the actor"

run intake add --json --name "Lý Văn Sáng" --sex Nam --birth 15/06/1990 --channel 111 --intake-date 2026-11-01
expect_rc 0 "add with --json"
expect_eq "$(json_get out '$.intake_channel')" "hotline" "--json prints the stored record"
expect_eq "$(json_get out '$.person.birth_date')" "1990-06-15" "dd/mm/yyyy birth date stored as ISO"

# Intake date defaults to today.
run intake add --name "Mùa A Di" --channel "tự trở về"
expect_rc 0 "intake date defaults to today"
expect_eq "$(sql "SELECT intake_date FROM case_file WHERE id = $(cat out)")" "2026-11-25" "today (HOTRO_TODAY)"

# A probable duplicate: same citizen ID.
run intake add --name "Giang Thi Chu" --citizen-id 008307001122 --channel "giải cứu" --intake-date 20/11/2026
expect_rc 0 "duplicate linked by default"
expect_in err "#1" "the note names the person already recorded"
expect_eq "$(sql "SELECT person_id FROM case_file WHERE id = $(cat out)")" "1" "the new case belongs to person #1"
n=$(sql 'SELECT count(*) FROM case_file')
run intake add --name "Giàng Thị Chu" --citizen-id 008307001122 --channel "giải cứu" --on-duplicate skip
expect_rc 0 "--on-duplicate skip"
expect_eq "$(cat out)" "" "nothing printed when skipped"
expect_eq "$(sql 'SELECT count(*) FROM case_file')" "$n" "nothing written when skipped"

# Refusals: bad values, exit 65, nothing written, each problem named by its flag.
a=$(sql 'SELECT count(*) FROM audit')
run --lang en intake add --name "X" --channel "bay" --birth 2030 --exploitation zzz --citizen-id 12345
expect_rc 65 "bad values are refused"
expect_in err "--birth:" "names --birth"
expect_in err "--channel:" "names --channel"
expect_in err "--exploitation:" "names --exploitation"
expect_in err "--citizen-id:" "names --citizen-id"
run intake add --name "Y" --channel 111 --minor "Z;Nam;1990;con" --intake-date 01/11/2026
expect_rc 65 "an adult is not an accompanying minor"
run intake add --name "Y" --channel 111 --birth 01/12/2026 --intake-date 01/11/2026
expect_rc 65 "born after the intake date"
run intake add --name "Y" --channel 111 --intake-date 15/03/0202
expect_rc 65 "a year typed 0202 for 2026 is refused"
expect_in err "năm 202 nằm ngoài khoảng 1900..2100" "says which year is out of range"
run intake add --name "Y" --channel 111 --intake-date 01/11/2026 --birth 02/01/1026
expect_rc 65 "a birth year 1026 is refused"
expect_eq "$(sql 'SELECT count(*) FROM audit')/$(sql 'SELECT count(*) FROM case_file')" "$a/$n" "refusals write nothing"

# Usage.
run intake add --channel 111
expect_rc 64 "--name is required"
run intake add --name "Y" --channel 111 --on-duplicate maybe
expect_rc 64 "--on-duplicate takes link, new or skip"

# Countries by their usual Vietnamese names; the dated names of the ISO list are still read.
run intake add --name "Lò Thị Én" --channel "trao trả" --intake-date 11/10/2026 --destination "Căm Bốt" --json
expect_rc 0 "a destination written as Căm Bốt"
expect_eq "$(json_get out '$.destination_country')" "KH" "read as Cambodia"
run case show "$(json_get out '$.id')"
expect_in out "Campuchia" "shown as Campuchia"
expect_not_in out "Căm Bốt" "not by the dated name"

finish
