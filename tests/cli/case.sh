# hotro case list | show: filters, table and JSON.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
"$HOTRO_BIN" -q intake import --profile "$EXAMPLES/profiles/bien_phong.toml" "$EXAMPLES/lists/bien_phong_2025.xlsx" || fail "import xlsx"
"$HOTRO_BIN" -q intake import "$EXAMPLES/lists/cong_an_2026.csv" || fail "import csv"

run case list
expect_rc 0 "list"
expect_in out "16 hồ sơ" "all 16 cases, counted in Vietnamese"
expect_in out "Ngày tiếp nhận" "Vietnamese headers"
expect_in out "14/02/2025" "dates as dd/mm/yyyy"

run --lang en case list --period 2025-Q2
expect_rc 0 "list a quarter"
expect_in out "3 cases" "three intakes in Q2 2025"
expect_in out "Intake date" "English headers"

run case list --json --period 2026-01-01..2026-03-31
expect_rc 0 "list a date range as JSON"
expect_eq "$(json_get out '$[#-1].full_name')" "Trần Thị Lan" "the last intake of Q1 2026"
expect_eq "$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))")" "2" "two cases in Q1 2026"

run case list --json --name "nguyen thi hoa"
expect_eq "$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))")" "1" "name search ignores accents and case"
run case list --json --name "HƯỜNG"
expect_eq "$(json_get out '$[0].full_name')" "Nguyễn Thị Hường" "name search with accents"

run case list --json --residence "Lạng Sơn"
expect_eq "$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))")" "2" "residence filter"
run case list --residence 02
expect_rc 64 "a province code of the 2004 set only is refused, not an empty list"
expect_in err "mã tỉnh 02 là mã của bộ mã 2004 (Hà Giang), không phải mã 2025; nay là Tuyên Quang (08)" "names the province today"
run case list --residence 99
expect_rc 64 "a two-digit code of no province"
expect_in err "không có tỉnh nào mang mã 99 trong bộ mã 2025" "says there is none"
run case list --json --residence 08
expect_rc 0 "a 2025 province code"
expect_eq "$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))")" "3" "Hà Giang before the merger and Tuyên Quang after"
run case list --json --agency "Lạng Sơn"
expect_eq "$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))")" "2" "agency filter"
run case list --json --status received --limit 5
expect_eq "$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))")" "5" "status filter and limit"

run case list --period 2026-Q5
expect_rc 64 "a malformed period is a usage error"
run case list --status closd
expect_rc 64 "an unknown status is a usage error, not 0 cases"
expect_in err "không có trạng thái 'closd'" "names the value"
run case list --json --status "Đã tiếp nhận" --limit 5
expect_eq "$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))")" "5" "a status by its label"
run case list --limit 0
expect_rc 64 "--limit 0 does not mean all"

run case show 1
expect_rc 0 "show"
expect_in out "Lò Thị Mai" "the name"
expect_in out "Đã tiếp nhận" "the status in Vietnamese"
expect_in out "Trung Quốc" "the destination's Vietnamese name"
run --lang en case show 1
expect_in out "China" "the destination's English name"
expect_in out "Received" "the status in English"

run case show 1 --json
expect_eq "$(json_get out '$.person.full_name')" "Lò Thị Mai" "--json"
expect_eq "$(json_get out '$.source_agency')" "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lào Cai" "--json source agency"

run case show 999
expect_rc 66 "a case that does not exist"
run case show abc
expect_rc 64 "a case id must be a number"
expect_in err "phải là số từ 1 trở lên, không phải 'abc'" "says what a case id must be, in Vietnamese"
run case show 0
expect_rc 64 "case 0 is a usage error, not a missing case"
run case show 99999999999999999999
expect_rc 64 "a case id beyond 64 bits is a usage error"
expect_in err "số quá lớn: '99999999999999999999'" "says the number is too large"
run --lang en case timeline 9223372036854775808
expect_rc 64 "one past the largest 64-bit id"
expect_in err "too large a number" "in English with --lang en"
run support add 1 --person -3
expect_rc 64 "a negative person id"
run refer accept 1.5
expect_rc 64 "a referral id is a whole number"
run audit log --case 0
expect_rc 64 "audit log --case 0"

# Two digits that are no 2025 code still find an address that holds them.
"$HOTRO_BIN" -q intake add --name "Lê Thị Tổ" --channel 111 --intake-date 02/03/2026 --residence "Tổ 02, phường Đồng Đăng" >/dev/null || fail "add"
run case list --json --residence 02
expect_rc 0 "an address with 'Tổ 02'"
expect_eq "$(json_get out '$[0].full_name')" "Lê Thị Tổ" "is found by the text"

finish
