# hotro check: data-quality rules over the whole library, counts and ids, exit 1 for cron.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
run check
expect_rc 0 "an empty library passes"
expect_not_in out "!!" "no rule fails"

add() { "$HOTRO_BIN" intake add --name "$1" --sex Nữ --birth "$2" --channel "tự trở về" --residence "Xã Lũng Cú, tỉnh Hà Giang" \
    --intake-date "$3" --agency "UBND xã Lũng Cú" --exploitation "cưỡng bức lao động" "${@:4}"; }
ok=$(add "Lò Thị Tốt" 1990 01/11/2026)
"$HOTRO_BIN" -q verify start "$ok" --agency "Công an xã" --date 02/11/2026
run check --on 2026-11-03
expect_rc 0 "a well-kept case passes"

# Legacy rows with the problems the rules look for (written behind hotro's back, as old
# systems did), and steps hotro itself records.
minor=$(add "Sùng Thị Nhỏ" 15/08/2012 01/10/2026)
"$HOTRO_BIN" -q verify start "$minor" --agency "Công an xã" --date 01/10/2026
"$HOTRO_BIN" -q refer send "$minor" --to "Trung tâm CTXH" --reason "hỗ trợ" --agency "Công an xã" --date 02/10/2026 \
    --force "gia đình đến đón tại trung tâm" >/dev/null
two=$(add "Lò Thị Tốt" 1990 05/11/2026)
sqlite3 "$HOTRO_DB" "UPDATE person SET sex = NULL, birth_date = '2027-01-01' WHERE id = (SELECT person_id FROM case_file WHERE id = $minor);
                     UPDATE case_file SET intake_date = '2027-01-01' WHERE id = $two;
                     DELETE FROM case_exploitation WHERE case_id = $two;
                     UPDATE case_file SET intake_date = '2026-11-02' WHERE id = $ok;
                     UPDATE case_event SET event_date = '2026-11-01' WHERE case_id = $ok AND kind = 'verify_start';
                     INSERT INTO referral (case_id, to_agency_id, reason, escort, status, sent_date, updated_date)
                     VALUES ($minor, 1, 'legacy', 0, 'accepted', '2026-10-03', '2026-10-03');
                     INSERT INTO agency (name, name_folded) VALUES ('Ðồn Biên phòng Lũng Cú', 'ðon bien phong lung cu'),
                                                                   ('Đồn Biên phòng Lũng Cú', 'don bien phong lung cu');"
legacy=$(sql "SELECT max(id) FROM referral")
written_with_eth=$(sql "SELECT id FROM agency WHERE name_folded = 'ðon bien phong lung cu'")
"$HOTRO_BIN" -q audit seal --reason "hồ sơ cũ nhập bằng SQL" || fail "audit seal"

run --lang en check --on 2026-11-25 --json
expect_rc 1 "problems found: exit 1"
rule() { sqlite3 :memory: "SELECT json_extract(value, '\$.ids') FROM json_each(readfile('$WORK/out'), '\$.rules') WHERE json_extract(value, '\$.rule') = '$1'"; }
person_of() { sql "SELECT person_id FROM case_file WHERE id = $1"; }
expect_eq "$(rule missing_sex)" "[$(person_of "$minor")]" "a person without sex"
expect_eq "$(rule birth_after_intake)" "[$minor]" "born after the intake"
expect_eq "$(rule intake_in_future)" "[$two]" "an intake in the future"
expect_eq "$(rule missing_exploitation)" "[$two]" "no form of exploitation"
expect_eq "$(rule agency_name_written_twice)" "[$written_with_eth]" "the office written with Ð beside the same written with Đ (schema 9)"
expect_eq "$(rule two_open_cases)" "[]" "her second case is not received yet on --on (it is dated 2027)"
expect_eq "$(rule minor_referred_without_escort)" "[$legacy]" "a minor referred without escort, not forced with a reason"
expect_eq "$(rule event_before_intake)" "[$ok]" "a step dated before the intake"
expect_eq "$(rule verification_not_started)" "[]" "no verification waits beyond 3 days"
expect_eq "$(rule referral_unanswered)" "[$(sql "SELECT min(id) FROM referral")]" "the forced referral of 02/10/2026 is unanswered"
expect_eq "$(json_get out '$.found')" "8" "eight problems in all"
run --lang en check --rule two_open_cases --on 2027-01-01 --json
expect_rc 1 "once both are received"
expect_eq "$(rule two_open_cases)" "[$(person_of "$ok")]" "a person with two open cases"

run check --rule missing_sex --rule two_open_cases --on 2026-11-25
expect_rc 1 "only the rules asked for"
expect_not_in out "birth_after_intake" "others are not run"
run check --rule no_such_rule
expect_rc 64 "an unknown rule"
expect_in err "no_such_rule" "names it"

# Once the two spellings of the office are merged, either way round, the rule has nothing to say.
written_with_d=$(sql "SELECT id FROM agency WHERE name_folded = 'don bien phong lung cu'")
for pair in "$written_with_d $written_with_eth" "$written_with_eth $written_with_d"; do
  set -- $pair
  "$HOTRO_BIN" -q agency merge "$1" "$2" --reason "một đồn biên phòng" >/dev/null || fail "agency merge $pair"
  run check --rule agency_name_written_twice --json
  expect_rc 0 "merged $2 into $1: the office is no longer written twice"
  "$HOTRO_BIN" -q agency unmerge "$(sql 'SELECT max(id) FROM agency_merge')" || fail "agency unmerge"
done
run check --rule agency_name_written_twice --json
expect_rc 1 "unmerged: written twice again"

# -q (the cron line of hotro-check(1)): the rules that found something, and nothing at all when
# every rule passes.
run -q check --rule missing_sex --rule verification_not_started --on 2026-11-25
expect_rc 1 "-q: something found"
expect_in out "missing_sex" "-q lists the rule that found something"
expect_not_in out "verification_not_started" "-q leaves out a rule that found nothing"
run -q check --rule verification_not_started --on 2026-11-25
expect_rc 0 "-q: nothing found"
expect_eq "$(cat "$WORK/out")" "" "-q prints nothing when all is well"

# A person known by the birth year only is a minor for the rule as for `refer send`: a referral
# without escort recorded for an adult, then the birth year corrected to 2012.
young=$("$HOTRO_BIN" -q intake add --name "Bàn Văn Chiến" --birth 1990 --channel 111 --intake-date 03/02/2026 --agency "UBND xã Thống Nhất")
"$HOTRO_BIN" -q refer send "$young" --to "Trung tâm CTXH" --reason "hỗ trợ" --agency "UBND xã Thống Nhất" --date 10/02/2026 || fail "refer send"
"$HOTRO_BIN" -q edit "$young" birth_date=2012 --reason "sai năm sinh" || fail "edit"
run check --rule minor_referred_without_escort --json
expect_eq "$(rule minor_referred_without_escort)" "[$legacy,$(sql "SELECT max(id) FROM referral")]" "a minor by birth year is found"

finish
