# hotro report: templates × periods into xlsx/CSV/JSON/Markdown; deterministic; cron-safe (silent,
# atomic, one error line); --include-pii audited; --fail-on-quality; close and reopen.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
"$HOTRO_BIN" -q intake import --profile "$EXAMPLES/profiles/bien_phong.toml" "$EXAMPLES/lists/bien_phong_2025.xlsx" || fail "import xlsx"
"$HOTRO_BIN" -q intake import "$EXAMPLES/lists/cong_an_2026.csv" || fail "import csv"
"$HOTRO_BIN" -q intake import --profile "$EXAMPLES/profiles/xa_thong_nhat.toml" "$EXAMPLES/lists/xa_thong_nhat_2026_q1.csv" || fail "import commune list"
"$HOTRO_BIN" -q verify start 17 --agency "Công an huyện" --date 10/02/2026 || fail "verify start"
"$HOTRO_BIN" -q verify decide 17 --result victim --agency "Công an huyện" --date 20/02/2026 \
    --certificate 1/GXN --issued-by "Công an huyện" --document district_police || fail "verify decide"
# Supports (hotro support add comes with the support work): rows as that command will store them.
sqlite3 "$HOTRO_DB" "INSERT INTO support (case_id, person_id, kind, support_date, agency_id, quantity, unit, amount_vnd,
    rule_id, rule_version, rule_citation, status, paid_date, created_at, updated_at)
  SELECT 17, person_id, 'meals', '2026-02-21', receiving_agency_id, 10, 'per_day', 400000, 'decree162.meals', 'v', 'c', 'paid', '2026-02-27', 'x', 'x' FROM case_file WHERE id = 17;
  INSERT INTO support (case_id, person_id, kind, support_date, agency_id, quantity, unit, amount_vnd,
    rule_id, rule_version, rule_citation, status, created_at, updated_at)
  SELECT 18, person_id, 'travel_fare', '2026-03-01', NULL, NULL, 'once', 1250000, 'r', 'v', 'c', 'approved', 'x', 'x' FROM case_file WHERE id = 18;" \
  || fail "support fixture"
"$HOTRO_BIN" -q audit seal --reason "support fixture" || fail "audit seal"

run report --list-templates
expect_rc 0 "list the templates"
for t in commune-quarterly province-consolidated support-list data-quality; do expect_in out "$t" "template $t is shipped"; done

run --lang en report --template province-consolidated --period 2026-Q1 --cutoff calendar
expect_rc 0 "terminal table"
expect_in out "Q1 2026 (01/01/2026 to 31/03/2026)" "period and its dates"
expect_in out "Date basis: intake date" "the date basis is printed"
expect_in out "Removal of organs" "rows at zero are shown"

# Formats, by --out's extension; CSV and JSON are byte for byte the same on a second run.
run report --template province-consolidated --period 2026 --out p.csv
expect_rc 0 "csv"
expect_eq "$(cat out err)" "" "silent on success"
run report --template province-consolidated --period 2026 --out p2.csv
cmp -s p.csv p2.csv || fail "CSV is deterministic"
run report --template province-consolidated --period 2026 --out p.json
run report --template province-consolidated --period 2026 --out p2.json
cmp -s p.json p2.json || fail "JSON is deterministic"
expect_eq "$(json_get p.json '$.period.from')" "2025-12-15" "the yearly report uses the state cut-off by default"
expect_eq "$(json_get p.json '$.sections[0].rows[0].values[0]')" "$(sql "SELECT count(DISTINCT person_id) FROM case_file WHERE intake_date BETWEEN '2025-12-15' AND '2026-12-14'")" \
    "persons received = distinct persons in the cut-off window"
run report --template province-consolidated --period 2026 --out p.md
expect_in p.md "| Chỉ tiêu |" "markdown table"
run report --template province-consolidated --period 2026 --format json
expect_in out '"template": "province-consolidated"' "json on standard output"
# Standard output that cannot be written is an error too, not a success.
if [ -w /dev/full ]; then
  "$HOTRO_BIN" report --template province-consolidated --period 2026 --format json >/dev/full 2>"$WORK/err"; RC=$?
  expect_rc 74 "a report to a full standard output"
  expect_in err "không ghi được ra đầu ra chuẩn" "says so"
  "$HOTRO_BIN" case list --json >/dev/full 2>/dev/null; RC=$?
  expect_rc 74 "any command's output to a full standard output"
fi

# Relative periods and placeholders, as cron uses them.
mkdir reports
run report --template commune-quarterly --period previous-quarter --out 'reports/{template}-{period}.xlsx'
expect_rc 0 "cron line"
expect_eq "$(cat out err)" "" "silent"
[ -s reports/commune-quarterly-2026-Q3.xlsx ] || fail "the file name is filled in"
expect_eq "$(stat -c %a reports/commune-quarterly-2026-Q3.xlsx)" "600" "owner-only"
expect_eq "$(unzip -l reports/commune-quarterly-2026-Q3.xlsx | grep -c 'xl/worksheets/sheet')" "3" "two tables and the info sheet"
unzip -p reports/commune-quarterly-2026-Q3.xlsx xl/sharedStrings.xml > strings.xml
expect_in strings.xml "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "national heading"
expect_in strings.xml "NGƯỜI LẬP BIỂU" "signature block"
expect_in strings.xml "Thông tin báo cáo" "info sheet"
unzip -p reports/commune-quarterly-2026-Q3.xlsx xl/worksheets/sheet1.xml > sheet1.xml
expect_in sheet1.xml 'paperSize="9"' "A4"
expect_in sheet1.xml 'orientation="landscape"' "landscape"
expect_in sheet1.xml 'state="frozen"' "frozen header rows"
expect_in sheet1.xml '<mergeCell ' "merged headers"
unzip -p reports/commune-quarterly-2026-Q3.xlsx xl/styles.xml > styles.xml
expect_in styles.xml 'Times New Roman' "font"
expect_in styles.xml '#,##0' "thousands separators"
ls reports/.*tmp* 2>/dev/null && fail "no temporary file left"

# The named list: no names without --include-pii; with it, audited.
run report --template support-list --period 2026-Q1 --out list.csv
expect_rc 0 "named list"
expect_not_in list.csv "Lò Thị" "no names by default"
expect_in list.csv "400000" "the total of the amounts paid"
expect_not_in list.csv "1250000" "an approved support not yet paid is not in the settlement list"
expect_not_in list.csv "1650000" "nor in its total"
run report --template support-list --period 2026-Q1 --include-pii --out list-pii.xlsx
expect_rc 0 "named list with personal data"
expect_eq "$(sql "SELECT json_extract(detail, '\$.template') || ' ' || json_extract(detail, '\$.include_pii') || ' ' || actor FROM audit WHERE action = 'report'")" \
    "support-list 1 tester" "personal data in a report is audited"
entries=$(sql 'SELECT count(*) FROM audit')
run report --template support-list --period 2026-Q1 --include-pii --out "$WORK/no-such-folder/list.XLSX"
expect_rc 73 "a named list to a folder that does not exist"
expect_eq "$(sql 'SELECT count(*) FROM audit')" "$entries" "a refused report leaves nothing in the trail"
run report --template province-consolidated --period 2026 --include-pii
expect_rc 64 "--include-pii on a table of figures"

# Suppression.
run report --template province-consolidated --period 2026 --suppress-below 3 --out s.json
expect_rc 0 "suppressed copy"
CHECKS=$((CHECKS + 1))
[ "$(json_get s.json '$.hidden_cells')" -gt 0 ] || fail "small cells are hidden"

# Data quality.
run report --template data-quality --period 2026 --out q.csv
expect_rc 0 "quality annex"
expect_in q.csv "Thiếu dân tộc" "problems are listed"
run report --template province-consolidated --period 2026 --fail-on-quality 0 --out fq.xlsx
expect_rc 1 "--fail-on-quality"
expect_eq "$(wc -l < err)" "1" "one line"
expect_in err "data-quality" "says where to look"
[ -e fq.xlsx ] && fail "nothing written when quality fails"
run report --template province-consolidated --period 2026 --fail-on-quality 1000 --out fq.xlsx
expect_rc 0 "--fail-on-quality with room"

# Unhappy paths: one clear line and the right exit code.
run --lang en report --template nope --period 2026
expect_rc 64 "unknown template"
expect_in err "no template 'nope'" "names the template" ; expect_in err "province-consolidated" "and the ones there are"
run --lang en report --template province-consolidated --period 2026-Q5
expect_rc 64 "bad period"
expect_in err "'2026-Q5' is not a period" "says why"
run --lang en report --template province-consolidated --period last-quarter
expect_rc 64 "bad relative name"
run report --template province-consolidated --period 2026 --out "$WORK/no/dir/x.xlsx"
expect_rc 73 "unwritable --out"
expect_eq "$(wc -l < err)" "1" "one line"
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
    run report --template province-consolidated --period 2026 --out ro/x.xlsx
    expect_rc 73 "read-only folder"
fi
expect_eq "$(ls -A ro)" "" "nothing left behind"
run report --template province-consolidated --period 2026 --out x.txt
expect_rc 64 "unknown extension"
run report --template province-consolidated --period 2026 --out 'r/{year}.csv'
expect_rc 64 "unknown placeholder"
mkdir tpl && cp "$SRC/templates/commune-quarterly.toml" tpl/
printf 'colour = "red"\n' >> tpl/commune-quarterly.toml
run --lang en report --templates tpl --template commune-quarterly --period 2026
expect_rc 78 "bad template"
expect_in err "tpl/commune-quarterly.toml:" "names the file"
expect_in err "unknown key 'colour'" "and what is wrong"
mkdir rules && printf 'version = 1\n[calendar]\n' > rules/periods.toml
run --lang en report --rules rules --template commune-quarterly --period 2026
expect_rc 78 "bad period rules"
expect_in err "rules/periods.toml:2:1" "file and line"
run report --template province-consolidated --period 2026-9M
expect_rc 0 "nine months"
expect_in err "chưa được xác nhận" "an unconfirmed rule is flagged"
expect_not_in err "xác nhận: Chưa xác nhận" "and said once"

# Closing a period: the figures stay as submitted; later edits are flagged; reopening is audited.
run report --template province-consolidated --period 2026-Q1 --cutoff calendar --out before.json
run report --template province-consolidated --period 2026-Q1 --cutoff calendar --suppress-below 3 --out before_hidden.json
expect_rc 0 "a copy for sharing, small counts hidden"
run report close 2026-Q1 --cutoff calendar
expect_rc 0 "close"
expect_in out "Đã khóa kỳ 2026-Q1 (4 mẫu báo cáo)" "says so on standard output, like backup and restore"
expect_eq "$(sql "SELECT count(*) FROM report_snapshot")" "4" "every template frozen"
run report close 2026-Q1
expect_rc 65 "already closed"
run report close 2026-q1
expect_rc 65 "already closed, however the period is written"
expect_eq "$(sql "SELECT group_concat(DISTINCT period) FROM report_period")" "2026-Q1" "one name for the period"
# A closure an older hotro stored under the name as typed is the same period.
sqlite3 "$HOTRO_DB" "UPDATE report_period SET period = '2026-q1' WHERE period = '2026-Q1'" || fail "an older closure"
"$HOTRO_BIN" -q audit seal --reason "a closure of an older hotro" || fail "audit seal"
run report close 2026-Q1
expect_rc 65 "a period closed as 2026-q1 is closed as 2026-Q1"
run report --template province-consolidated --period 2026-Q1 --cutoff calendar --out lower.json
cmp -s before.json lower.json || fail "its frozen figures are found"
CHECKS=$((CHECKS + 1))
sqlite3 "$HOTRO_DB" "UPDATE report_period SET period = '2026-Q1' WHERE period = '2026-q1'" || fail "back"
"$HOTRO_BIN" -q audit seal --reason "back to the name of today" || fail "audit seal"
export HOTRO_NOW=2026-11-26T08:00:00Z
"$HOTRO_BIN" -q verify start 18 --agency "Công an huyện" --date 01/03/2026 || fail "a later edit"
run report --template province-consolidated --period 2026-Q1 --cutoff calendar --out after.json
expect_rc 0 "report of a closed period"
cmp -s before.json after.json || fail "frozen figures"
expect_in err "#18" "the edited case is flagged"
expect_in err "đã khóa lúc 25/11/2026 08:00 UTC: " "when it was closed, for people"
# An edit in the second of the close: the clock cannot tell it came after it; the trail can.
later=$(sql "SELECT min(id) FROM case_file WHERE intake_date BETWEEN '2026-01-01' AND '2026-03-31' AND id > 18")
[ -n "$later" ] || fail "a case of 2026-Q1 without supports"
run report --template province-consolidated --period 2026-Q1 --cutoff calendar
expect_not_in err "#$later" "not flagged before its edit"
HOTRO_NOW=$(sql "SELECT closed_at FROM report_period WHERE period = '2026-Q1'") \
    "$HOTRO_BIN" -q edit "$later" "note=sửa sau khi khóa" >/dev/null || fail "an edit after the close"
run report --template province-consolidated --period 2026-Q1 --cutoff calendar
expect_in err "#$later" "an edit after the close is flagged by the audit trail, whatever its time"
# A shared copy of the submitted figures hides the small counts as the report did before the close.
run report --template province-consolidated --period 2026-Q1 --cutoff calendar --suppress-below 3 --out after_hidden.json
expect_rc 0 "--suppress-below on a closed period"
grep -q '"x"' after_hidden.json || fail "small counts of a closed period are hidden"
cmp -s before_hidden.json after_hidden.json || fail "hidden as in the report before the close, amounts by their persons"
# A period closed before the persons behind each amount were kept: every amount is hidden.
sqlite3 "$HOTRO_DB" "UPDATE report_snapshot SET report = replace(report, '\"persons\":', '\"persons_unknown\":')" || fail "an old snapshot"
"$HOTRO_BIN" -q audit seal --reason "a snapshot of an older hotro" || fail "audit seal"
run --lang en report --template province-consolidated --period 2026-Q1 --cutoff calendar --suppress-below 3 --format json
expect_rc 0 "--suppress-below on an older snapshot"
expect_in err "every amount cell is hidden" "says that the amounts are hidden"
expect_not_in out '400000' "no amount of an older snapshot shows"
run report --template province-consolidated --period 2026-Q1 --cutoff calendar --format json
expect_in out '400000' "without --suppress-below the submitted amounts show"
run report --template province-consolidated --period 2026-Q1 --cutoff calendar --live --out live.json
cmp -s before.json live.json && fail "--live recomputes"
run report reopen 2026-Q1
expect_rc 64 "reopen needs a reason"
run report reopen 2026-Q1 --reason "   "
expect_rc 64 "a blank reason is no reason"
expect_in err "--reason" "says what is missing"
run report reopen 2026-Q1 --reason "bổ sung hồ sơ"
expect_rc 0 "reopen"
expect_in out "Đã mở lại kỳ 2026-Q1" "says so on standard output"
expect_eq "$(sql "SELECT json_extract(detail, '\$.reason') FROM audit WHERE action = 'reopen'")" "bổ sung hồ sơ" "audited with the reason"
run report --template province-consolidated --period 2026-Q1 --cutoff calendar --out reopened.json
cmp -s live.json reopened.json || fail "an open period is computed"
run report reopen 2026-Q1 --reason x
expect_rc 65 "not closed"
run report --template province-consolidated --period 2026-Q1 --cutoff calendar --format json --out -
expect_rc 0 "--out - is standard output"
[ -e ./- ] && fail "--out - wrote a file named '-'"
CHECKS=$((CHECKS + 2))
cmp -s out reopened.json || fail "--out -: not the JSON that --out reopened.json wrote"

# --out names a named pipe or a device: refused (a rename would replace it with a regular file);
# a symbolic link is written through, and stays a link.
mkfifo pipe.json
run report --template province-consolidated --period 2026-Q1 --cutoff calendar --out pipe.json
expect_rc 73 "a named pipe as --out"
expect_in err "--out -" "points to standard output"
expect_eq "$(stat -c %F pipe.json)" "fifo" "the pipe is left as it was"
mkfifo pipe.xlsx
run report --template province-consolidated --period 2026-Q1 --cutoff calendar --out pipe.xlsx
expect_rc 73 "a named pipe as the xlsx --out"
echo old > linked.json
ln -s linked.json link.json
run report --template province-consolidated --period 2026-Q1 --cutoff calendar --out link.json
expect_rc 0 "a symbolic link as --out"
expect_eq "$(stat -c %F link.json)" "symbolic link" "the link stays a link"
cmp -s linked.json reopened.json || fail "the report went to the file the link points to"
ln -s linked.xlsx link.xlsx
run report --template province-consolidated --period 2026-Q1 --cutoff calendar --out link.xlsx
expect_rc 0 "a dangling symbolic link as the xlsx --out"
expect_eq "$(stat -c %F link.xlsx) $(head -c 2 linked.xlsx)" "symbolic link PK" "the workbook went where the link points"

# A date range is the dates given under either cut-off: closed, it is recorded as calendar and its
# reports are the frozen figures (they were recomputed, with a warning, for a state_cutoff template).
run report close 2026-02-01..2026-04-30
expect_rc 0 "close a date range"
expect_eq "$(sql "SELECT group_concat(DISTINCT cutoff) FROM report_snapshot s JOIN report_period p ON p.id = s.period_id WHERE p.period = '2026-02-01..2026-04-30'")" \
    "calendar" "a range is recorded as calendar"
run report --template province-consolidated --period 2026-02-01..2026-04-30 --format json
expect_rc 0 "report of a closed range"
expect_not_in err "không lưu số liệu" "the frozen figures, not recomputed"
run report --template province-consolidated --period 2026-02-01..2026-04-30 --format md
expect_in out "Từ ngày 01/02/2026 đến ngày 30/04/2026" "a range is named by its dates"
expect_not_in out "Kỳ báo cáo (từ ngày" "not as 'Period (from ...)' after 'Period:'"

# --- no output replaces the library or a file being read ----------------------------------
cp "$HOTRO_DB" before.db
run --lang en report --template province-consolidated --period 2026-H1 --format csv --out "$HOTRO_DB"
expect_rc 73 "--out the library"
expect_in err "it is the case library in use" "says why"
ln -s "$HOTRO_DB" link.db
run --lang en export --out link.db
expect_rc 73 "--out a link to the library"
run --lang en report --template province-consolidated --period 2026-H1 --format csv --out "$HOTRO_DB-wal"
expect_rc 73 "--out its WAL file"
expect_eq "$(sql 'SELECT count(*) FROM case_file')" "$(sqlite3 before.db 'SELECT count(*) FROM case_file')" "the library is whole"
"$HOTRO_BIN" -q audit verify || fail "and its trail and seal agree"
run --lang en report --template commune-quarterly --period 2026-Q1 --out x.xlsx --format csv
expect_rc 64 "a CSV named .xlsx"
expect_in err "--out 'x.xlsx' ends in .xlsx but --format is csv" "names both"
[ ! -e x.xlsx ] || fail "nothing written for a refused --format"
run report --template commune-quarterly --period 2026-Q1 --out x.txt --format csv
expect_rc 0 "another extension takes --format"
expect_in x.txt "," "as CSV"

# --- a support counts once given (approved or paid), and the indicator counts the victim's own --
G=(--db "$WORK/given.db" --lang en)
"$HOTRO_BIN" -q "${G[@]}" init || fail "init given.db"
gcase=$("$HOTRO_BIN" -q "${G[@]}" intake add --name "Ma Thị Giang" --birth 1995 --intake-date 08/04/2026 --channel "tự trở về" \
    --agency "Công an tỉnh Cao Bằng" --minor "Ma Văn Nhỏ;Nam;2020;con") || fail "a case with a minor"
minor=$(sqlite3 "$WORK/given.db" "SELECT person_id FROM case_minor WHERE case_id = $gcase")
"$HOTRO_BIN" -q "${G[@]}" verify start "$gcase" --agency "Công an tỉnh Cao Bằng" --date 09/04/2026 || fail "start"
"$HOTRO_BIN" -q "${G[@]}" verify decide "$gcase" --result victim --agency "Công an tỉnh Cao Bằng" --date 10/04/2026 \
    --certificate 9/GXN --issued-by "Công an tỉnh Cao Bằng" --document district_police || fail "decide"
supported() {  # the indicator's achieved count, the section II amount
    "$HOTRO_BIN" "${G[@]}" report --template province-consolidated --period 2026-H1 --format json > given.json || fail "report"
    sqlite3 :memory: "SELECT json_extract(value, '\$.rows[1].values[0]') FROM json_each(readfile('$WORK/given.json'), '\$.sections') WHERE json_extract(value, '\$.kind') = 'ratio'"
}
minor_support=$("$HOTRO_BIN" -q "${G[@]}" support add "$gcase" --person "$minor" --kind meals --days 3 --date 11/04/2026 \
    --agency "Sở Y tế tỉnh Cao Bằng" --amount 300000 --reason "3 ngày") || fail "a support for the minor"
"$HOTRO_BIN" -q "${G[@]}" support approve "$minor_support" --decision 1/QĐ --by "Giám đốc" --date 12/04/2026 || fail "approve it"
expect_eq "$(supported)" "0" "a support given to the accompanying child does not count the victim as supported"
own=$("$HOTRO_BIN" -q "${G[@]}" support add "$gcase" --kind meals --days 3 --date 11/04/2026 \
    --agency "Sở Y tế tỉnh Cao Bằng" --amount 300000 --reason "3 ngày") || fail "the victim's support"
expect_eq "$(supported)" "0" "a support only proposed is not one given"
expect_not_in given.json "600000" "nor in section II's amounts"
"$HOTRO_BIN" -q "${G[@]}" support approve "$own" --decision 2/QĐ --by "Giám đốc" --date 12/04/2026 || fail "approve"
expect_eq "$(supported)" "1" "approved: the victim is supported"
expect_in given.json "600000" "and both supports are in section II"

# --- a person's age is taken at intake, whatever the date basis -------------------------------
mkdir agetpl && cat > agetpl/age.toml <<'TOML'
version = 1
title = "Nạn nhân theo độ tuổi"
recipient = "Sở Y tế tỉnh"
issuer = "Công an tỉnh"
issuing_level = "province"
date_basis = "identification"
cutoff = "calendar"
[[section]]
title = "I. XÁC ĐỊNH"
measure = "persons_identified"
columns = [ { dimension = "age_group", bands = [18], header = "Độ tuổi" } ]
[[section.rows]]
label = "Nạn nhân được xác định trong kỳ"
TOML
teen=$("$HOTRO_BIN" -q "${G[@]}" intake add --name "Lý Thị Mười Bảy" --birth 10/05/2008 --intake-date 01/04/2026 \
    --channel "giải cứu" --agency "Công an tỉnh Cao Bằng") || fail "a girl of 17"
"$HOTRO_BIN" -q "${G[@]}" verify start "$teen" --agency "Công an tỉnh Cao Bằng" --date 02/04/2026 || fail "start"
"$HOTRO_BIN" -q "${G[@]}" verify decide "$teen" --result victim --agency "Công an tỉnh Cao Bằng" --date 15/05/2026 \
    --certificate 10/GXN --issued-by "Công an tỉnh Cao Bằng" --document district_police || fail "identified at 18"
"$HOTRO_BIN" "${G[@]}" report --templates agetpl --template age --period 2026-Q2 --cutoff calendar --format json > age.json || fail "age report"
expect_eq "$(sqlite3 :memory: "SELECT json_extract(readfile('$WORK/age.json'), '\$.sections[0].rows[0].values')")" "[1,1,0]" \
    "received at 17, identified at 18: under 18 (Ma Thị Giang, 31, the adult)"

# --- --lang en: the shipped templates' texts, the sheets and the period rule in English ----------
run --lang en report --template province-consolidated --period 2026-H1 --out en.xlsx
expect_rc 0 "an English xlsx"
unzip -o -q en.xlsx -d en_xlsx
expect_in en_xlsx/xl/workbook.xml 'name="Report information"' "the information sheet"
expect_in en_xlsx/xl/workbook.xml 'name="Chart"' "the chart sheet"
expect_not_in en_xlsx/xl/workbook.xml "Thông tin" "no Vietnamese sheet name"
expect_in en_xlsx/xl/sharedStrings.xml "I. RECEPTION AND IDENTIFICATION OF VICTIMS" "section titles"
expect_in en_xlsx/xl/sharedStrings.xml "<t>Ethnicity</t>" "column groups"
expect_in en_xlsx/xl/sharedStrings.xml "SOCIALIST REPUBLIC OF VIET NAM" "the national heading"
expect_in en_xlsx/xl/sharedStrings.xml "the state reporting cut-off" "the period's basis in words"
expect_not_in en_xlsx/xl/sharedStrings.xml "state_cutoff" "not its code"
expect_not_in en_xlsx/xl/sharedStrings.xml "TIẾP NHẬN" "no Vietnamese title"
expect_not_in en_xlsx/xl/sharedStrings.xml "Giới tính" "no Vietnamese header"
run --lang en report --template commune-quarterly --period 2026-Q1 --format md
expect_in out "**Period rule**: Decree 09/2019/NĐ-CP, Art. 12" "the period rule's citation_en"
expect_in out "**To**: Provincial Department of Health" "the recipient"
expect_in out "| Indicator | Total | Sex: Female |" "the column headers"
run report --template commune-quarterly --period 2026-Q1 --format md
expect_in out "Sở Y tế tỉnh" "in Vietnamese as before"
expect_in out "Nghị định 09/2019/NĐ-CP, Điều 12" "its period rule"
expect_in out "I. TIẾP NHẬN" "its Vietnamese title"
mkdir entpl && cp "$SRC/templates/commune-quarterly.toml" entpl/
sed -i '/^title = /d' entpl/commune-quarterly.toml
run --lang en report --templates entpl --template commune-quarterly --period 2026
expect_rc 78 "an English text without its Vietnamese one"
expect_in err "'title_en' without 'title'" "says which"
cp "$SRC/templates/commune-quarterly.toml" entpl/
sed -i 's/^recipient_en = .*/recipient_en = 5/' entpl/commune-quarterly.toml
run report --templates entpl --template commune-quarterly --period 2026
expect_rc 78 "a wrong English text is an error in Vietnamese too"
expect_in err "commune-quarterly.toml:" "names the file"

# --- before the district level was abolished (01/07/2025), the commune reported to the district --
run report --template commune-quarterly --period 2025-Q2 --format md
expect_in out "**Kính gửi**: Phòng Lao động - Thương binh và Xã hội huyện" "Q2 2025 goes to the district labour office"
run --lang en report --template commune-quarterly --period 2025-Q2 --format md
expect_in out "**To**: District Labour, Invalids and Social Affairs Office" "in English too"
run report --template commune-quarterly --period 2025-Q3 --format md
expect_in out "**Kính gửi**: Sở Y tế tỉnh" "a period that ends after 30/06/2025 goes to Sở Y tế"
cp "$SRC/templates/commune-quarterly.toml" entpl/
sed -i 's/^until = 2025-06-30/until = "30\/06\/2025"/' entpl/commune-quarterly.toml
run --lang en report --templates entpl --template commune-quarterly --period 2026
expect_rc 78 "an 'until' that is not a date"
expect_in err "'until' must be a date" "says so"

finish
