# hotro export: no personal data by default, --include-pii audited, the anonymised extract is
# k-anonymous, files are owner-only and whole.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
"$HOTRO_BIN" -q intake import --profile "$EXAMPLES/profiles/bien_phong.toml" "$EXAMPLES/lists/bien_phong_2025.xlsx" || fail "import xlsx"
"$HOTRO_BIN" -q intake import "$EXAMPLES/lists/cong_an_2026.csv" || fail "import csv"
"$HOTRO_BIN" -q intake import --profile "$EXAMPLES/profiles/xa_thong_nhat.toml" "$EXAMPLES/lists/xa_thong_nhat_2026_q1.csv" || fail "import commune list"

run export
expect_rc 0 "export to standard output"
expect_eq "$(wc -l < out)" "22" "a header and 21 cases"
expect_not_in out "Lò Thị Mai" "no names by default"
expect_not_in out "001301012345" "no ID numbers by default"
expect_not_in out "Mường Lạn" "no addresses by default"
expect_in out "case_id,person_id,intake_date" "the header"
expect_eq "$(sql "SELECT json_extract(detail, '\$.include_pii') FROM audit WHERE action = 'export'")" "0" "the export is audited"

run export --include-pii --out pii.csv
expect_rc 0 "export with personal data to a file"
expect_in out "Đã xuất 21 dòng vào pii.csv" "says so on standard output, which holds no data here"
expect_in pii.csv "Lò Thị Mai" "names with --include-pii"
expect_in pii.csv "001301012345" "ID numbers kept as text, with the leading zeros"
expect_eq "$(stat -c %a pii.csv)" "600" "the file is readable by its owner only"
expect_eq "$(sql "SELECT json_extract(detail, '\$.include_pii') || ' ' || json_extract(detail, '\$.out') || ' ' || actor FROM audit WHERE action = 'export' ORDER BY id DESC LIMIT 1")" \
    "1 pii.csv tester" "who exported personal data, and where to, is audited"
ls pii.csv.tmp-* 2>/dev/null && fail "no temporary file left"
entries=$(sql 'SELECT count(*) FROM audit')
run export --include-pii --out "$WORK/no-such-folder/pii.csv"
expect_rc 73 "an export to a folder that does not exist"
expect_eq "$(sql 'SELECT count(*) FROM audit')" "$entries" "a refused export leaves nothing in the trail"
run export --out Q.JSON
expect_rc 0 "an upper-case extension"
expect_eq "$(head -c 1 Q.JSON)" "[" ".JSON is JSON"

# Another office imports the export with personal data as it is: the same cases come out.
run --db other.db init
run --db other.db intake import pii.csv
expect_rc 0 "an export with personal data is a list hotro reads"
expect_in out "mới 21" "every case"
run --db other.db export --include-pii --out pii2.csv
expect_eq "$(cut -d, -f3- pii2.csv | sort | md5sum)" "$(cut -d, -f3- pii.csv | sort | md5sum)" \
    "the other library's export is the same, but for the ids"
run --db other.db intake import Q.JSON
expect_rc 65 "a JSON export is not a list"
expect_in err "Q.JSON: tệp JSON không phải danh sách" "says so, naming the file"

run export --out -
expect_rc 0 "--out - is standard output"
expect_eq "$(wc -l < out)" "22" "the same header and 21 cases"
[ -e ./- ] && fail "--out - wrote a file named '-'"
CHECKS=$((CHECKS + 1))

run export --period 2026-Q1 --out q1.json
expect_rc 0 "a period, as JSON"
expect_eq "$(sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/q1.json'))")" "7" "the 7 intakes of 2026-Q1"
expect_eq "$(json_get q1.json '$[0].case_id')" "17" "ids are numbers in JSON"

run export --anonymised --k 3 --out anon.csv
expect_rc 0 "the anonymised extract"
expect_in err "k = 3" "says what was suppressed"
expect_in anon.csv "yearOfRegistration,gender,ageBroad" "CTDC-shaped columns"
# Every combination of values appears at least 3 times.
smallest=$(sqlite3 :memory: ".import --csv anon.csv a" \
    "SELECT min(n) FROM (SELECT count(*) AS n FROM a GROUP BY yearOfRegistration, gender, ageBroad, majorityStatus, citizenship, CountryOfExploitation, isSexualExploit, isForcedLabour, isForcedMarriage, isOrganRemoval, isOtherExploit)")
CHECKS=$((CHECKS + 1))
[ "$smallest" -ge 3 ] || fail "a group of $smallest rows in the k = 3 extract"

run export --anonymised
expect_rc 0 "k = 11 by default"
expect_eq "$(wc -l < out)" "12" "with 21 cases, k = 11 keeps groups of 11 or more"

run export --anonymised --include-pii
expect_rc 64 "--anonymised with --include-pii is refused"
run export --anonymised --k 1
expect_rc 64 "k below 2 is refused"
run export --k 5
expect_rc 64 "--k without --anonymised is refused, not ignored"
expect_in err "--k phải dùng cùng --anonymised" "says what it needs"
run export --format xml
expect_rc 64 "unknown format"
run export --period 2026-Q9
expect_rc 64 "bad period"
run export --out "$WORK/no/dir/x.csv"
expect_rc 73 "cannot create the file"
# A folder given as the file is refused before anything is read or written (was 74 at the end).
mkdir "$WORK/folder"
run export --out "$WORK/folder"
expect_rc 73 "a folder as --out"
expect_in err "thư mục" "the message says it is a folder"
expect_eq "$(ls -A "$WORK/folder")" "" "nothing left in the folder"
mkfifo "$WORK/pipe.csv"
run export --out "$WORK/pipe.csv"
expect_rc 73 "a named pipe as --out, which a rename would replace with a regular file"
expect_eq "$(stat -c %F "$WORK/pipe.csv")" "fifo" "the pipe is left as it was"

# A child known by the birth year only, taken in that same year: age 0, the least it can be
# (not a blank, which would drop the child from every age group).
"$HOTRO_BIN" -q intake add --name "Lò Văn Bé" --sex Nam --birth 2026 --intake-date 02/03/2026 --channel 111 \
    --agency "Công an huyện Mường Khương" >/dev/null || fail "a child born in the intake year"
baby=$(sql "SELECT max(id) FROM case_file")
run export --period 2026-Q1 --format json
expect_rc 0 "export with the child"
expect_eq "$(sqlite3 :memory: "SELECT json_extract(value, '\$.age_at_intake') FROM json_each(readfile('$WORK/out')) WHERE json_extract(value, '\$.case_id') = $baby")" \
    "0" "age 0 for a year-only birth in the intake year"

finish
