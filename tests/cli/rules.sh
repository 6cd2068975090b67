# hotro rules check | show | test: the shipped rule sets, and rule files with mistakes.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

run rules check
expect_rc 0 "the shipped rules are valid"
expect_in out "4 bộ quy định" "check counts the rule sets"
expect_not_in err "lưu ý" "the shipped rules give no notice"

run rules test
expect_rc 0 "the shipped rule tests pass"
expect_in out "0 không đạt" "no rule test fails"

# What is in force on a date, for a province: the 1 July 2025 boundary.
run --lang en rules show --on 2025-06-30 --province 02 --json
expect_rc 0 "show on the last day of Decree 09"
expect_eq "$(json_get out '$.national.id')" "vn.decree09" "30/06/2025: Decree 09/2013"
expect_eq "$(json_get out '$.province.id')" "02.nq15-2020" "30/06/2025: Hà Giang's resolution"
expect_eq "$(sqlite3 :memory: "SELECT json_extract(value, '\$.rate.value') FROM json_each(readfile('$WORK/out'), '\$.entitlements') WHERE json_extract(value, '\$.kind') = 'meals'")" \
    "60000" "Hà Giang meals rate"
run --lang en rules show --on 2025-07-01 --province 02 --json
expect_eq "$(json_get out '$.national.id')" "vn.decree162" "01/07/2025: Decree 162/2025"
expect_eq "$(json_get out '$.province')" "" "01/07/2025: the 2020 resolution no longer applies"
expect_eq "$(sqlite3 :memory: "SELECT json_type(value, '\$.rate.value') FROM json_each(readfile('$WORK/out'), '\$.entitlements') WHERE json_extract(value, '\$.kind') = 'meals'")" \
    "null" "Decree 162 meals rate: not found, so no figure"
run rules show --on 2024-01-01
expect_rc 0 "show in Vietnamese"
expect_in out "tối thiểu 70.000/ngày" "the Circular 84 travel-meal minimum"
expect_in out "CHƯA XÁC NHẬN" "unconfirmed figures are marked"
expect_in out "không rõ" "amounts not found are shown as unknown"
run rules show --on 2010-01-01
expect_rc 65 "no regime before 15/04/2013"
expect_in err "không có quy định hỗ trợ nào có hiệu lực ngày 01/01/2010" "says no rules"
run rules show --province Hà
expect_rc 64 "a province is a 2-digit code"

# A province adds its resolution as a file, without touching code.
cp -r "$SRC/rules" myrules
cat > myrules/provinces/20-lang-son-nq08-2020.toml <<'TOML'
[ruleset]
id = "20.nq08-2020"
scope = "province"
province = "20"
extends = "vn.decree09"
title_vi = "Lạng Sơn: Nghị quyết 08/2020/NQ-HĐND"
title_en = "Lạng Sơn: Resolution 08/2020/NQ-HĐND"
valid_from = 2020-08-01
citation = "Nghị quyết 08/2020/NQ-HĐND tỉnh Lạng Sơn"
status = "unconfirmed"

[parameters.meals_rate]
values = [{ from = 2020-08-01, value = 40000, status = "secondary", citation = "NQ 08/2020/NQ-HĐND Lạng Sơn (40.000 đồng/ngày)" }]
TOML
run rules check --rules myrules
expect_rc 0 "a new provincial file is valid"
run rules show --rules myrules --on 2021-01-01 --province 20 --json
expect_eq "$(sqlite3 :memory: "SELECT json_extract(value, '\$.rate.value') FROM json_each(readfile('$WORK/out'), '\$.entitlements') WHERE json_extract(value, '\$.kind') = 'meals'")" \
    "40000" "the new province's rate applies"
HOTRO_RULES=myrules "$HOTRO_BIN" rules check >/dev/null 2>&1 || fail "HOTRO_RULES names the rules folder"

# Mistakes are errors with file and line, never ignored.
sed -i 's/^status = "unconfirmed"/statuss = "unconfirmed"/' myrules/provinces/20-lang-son-nq08-2020.toml
run rules check --rules myrules
expect_rc 78 "an unknown key is refused"
expect_in err "myrules/provinces/20-lang-son-nq08-2020.toml:10:1: khóa không hợp lệ 'statuss'" "names the file, line and key"
sed -i 's/^statuss = .*//' myrules/provinces/20-lang-son-nq08-2020.toml
cat >> myrules/provinces/20-lang-son-nq08-2020.toml <<'TOML'
[parameters.travel_meals_rate]
values = [{ from = 2020-08-01, value = 50000, citation = "a figure below Circular 84/2019's minimum" }]
TOML
run --lang en rules check --rules myrules
expect_rc 78 "below the national minimum of the day is refused"
expect_in err "20-lang-son-nq08-2020.toml:15: 50000 is below the national minimum 70000 from 11/01/2020" "says which value and the minimum"
cp -r "$SRC/rules" bad
echo 'oops = 1' >> bad/provinces/54-phu-yen-nq05-2020.toml
sed -i 's/^valid_from = 2025-07-01/valid_from = 2025-06-01/' bad/national/2025-decree-162.toml
run --lang en rules check --rules bad
expect_rc 78 "several problems"
expect_in err "54-phu-yen-nq05-2020.toml:30:1: unknown key 'oops'" "an unknown root key names its line"
expect_in err "overlapping date ranges" "two national regimes in force together"
expect_in err "2 problems in the rules" "counts the problems"
cp -r "$SRC/rules" nocite
sed -i '0,/^citation = /{/^citation = /d}' nocite/national/2013-decree-09.toml
run --lang en rules check --rules nocite
expect_rc 78 "a rule set without its citation"
expect_in err "2013-decree-09.toml:6:1: missing 'citation'" "a missing citation names its table's line"
expect_in err "'extends' = 'vn.decree09' is none of the national rule sets read (nocite/national/2013-decree-09.toml left out for the errors above)" "the provinces built on it are refused too, saying why"
expect_not_in err "is not a national rule set" "not as if their parent were no national set"
run rules check --rules nowhere
expect_rc 78 "a missing rules folder"

# A rule file written before minor_pending existed is valid, but check says what it leaves out.
cp -r "$SRC/rules" oldminor
sed -i '0,/^who = \["victim", "pending", "minor", "minor_pending"\]/s//who = ["victim", "pending", "minor"]/' \
    oldminor/national/2025-decree-162.toml
run rules check --rules oldminor
expect_rc 0 "an entitlement without minor_pending is still valid"
expect_in err "2025-decree-162.toml:" "the notice names the file"
expect_in err "có \"pending\" và \"minor\" nhưng không có \"minor_pending\"" "says what is left out"
expect_in err "Luật 53/2024 Điều 37" "with the article"

# A rule test that does not hold fails the command (for CI), naming the test.
cp -r "$SRC/rules" wrong
sed -i '0,/^rate = 60000/s//rate = 65000/' wrong/tests/decree09.toml
run --lang en rules test --rules wrong
expect_rc 1 "a failing rule test exits 1"
expect_in out "FAIL  Hà Giang NQ 15/2020" "names the failing test"
expect_in out "'meals'.rate: expected 65000, got 60000" "says what differs"

# A test's province is a 2-digit code, as a rule set's: "2" would quietly test national values.
cp -r "$SRC/rules" badprov
sed -i '0,/^province = "02"/s//province = "2"/' badprov/tests/decree09.toml
grep -q '^province = "2"' badprov/tests/decree09.toml || fail "badprov has a 1-digit province"
run --lang en rules test --rules badprov
expect_rc 78 "a malformed province in a rule test"
expect_in err "decree09.toml:" "names the file"
expect_in err "'province' must be a 2-digit province code" "says what it must be"

finish
