# hotro verify import | refer import: batch forms, checked by the same rules as the single
# commands, all or nothing by default, --dry-run, --skip-invalid with a rejects file.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
"$HOTRO_BIN" -q intake import --profile "$EXAMPLES/profiles/bien_phong.toml" "$EXAMPLES/lists/bien_phong_2025.xlsx" || fail "import"
FORMS=$EXAMPLES/forms
events() { sql 'SELECT count(*) FROM case_event'; }

printf 'Hồ sơ,Bước,Ngày,Cơ quan\n3,Bắt đầu xác minh,31/02/2025,X\n3,Bắt đầu xác minh,2025,X\n' >"$WORK/dates.csv"
run verify import --dry-run "$WORK/dates.csv"
expect_rc 65 "impossible dates"
expect_in err "dates.csv:2: ngày: không có ngày 31 trong tháng 02/2025" "a day the month does not have is named"
expect_in err "dates.csv:3: ngày: '2025' không phải là ngày đầy đủ" "a bare year is not a full date"
# An agency with a comma and no quotes: its tail lands in a column without a header.
printf 'Hồ sơ,Bước,Ngày,Cơ quan\n3,Bắt đầu xác minh,02/07/2025,Công an huyện, tỉnh Lào Cai,\n' >"$WORK/stray.csv"
run verify import --dry-run "$WORK/stray.csv"
expect_rc 65 "a value beyond the header"
expect_in err "stray.csv:2: cột 5 (không có tiêu đề): dòng có giá trị ngoài các cột có tiêu đề ('tỉnh Lào Cai')" "names the column and the value"

run verify import --dry-run "$FORMS/xac_minh_2025.csv"
expect_rc 0 "dry run of the verification form"
expect_in out "nếu nhập sẽ ghi 7" "says what would be recorded"
expect_eq "$(events)" "0" "a dry run writes nothing"

run --lang en verify import "$FORMS/xac_minh_2025.csv"
expect_rc 0 "the verification form"
expect_in out "recorded 7, already recorded 0, rejected 0" "seven steps"
expect_eq "$(sql 'SELECT group_concat(status, ",") FROM (SELECT status FROM case_file WHERE id <= 3 ORDER BY id)')" \
    "identified,identified,not_victim" "the statuses follow"
expect_eq "$(sql "SELECT json_extract(detail, '\$.certificate.document') FROM case_event WHERE case_id = 2 AND kind = 'verify_decide'")" \
    "rescuing_agency" "document types by their Vietnamese names"
expect_eq "$(sql "SELECT count(*) FROM audit WHERE command = 'verify import'")" "7" "each step is audited"

run --lang en refer import "$FORMS/chuyen_tuyen_2025.csv"
expect_rc 0 "the referral form"
expect_in out "recorded 4" "four steps"
expect_eq "$(sql 'SELECT group_concat(status, ",") FROM (SELECT status FROM referral ORDER BY id)')" "completed,sent" "referral states"

# The same form again: its steps are already recorded; nothing is written, nothing refused.
e=$(events); a=$(sql 'SELECT count(*) FROM audit'); r=$(sql 'SELECT count(*) FROM referral')
run --lang en verify import "$FORMS/xac_minh_2025.csv"
expect_rc 0 "a form read again"
expect_in out "recorded 0, already recorded 7, rejected 0" "every step is already recorded"
run --lang en refer import "$FORMS/chuyen_tuyen_2025.csv"
expect_rc 0 "the referral form read again"
expect_in out "recorded 0, already recorded 4, rejected 0" "no second referral"
expect_eq "$(events)/$(sql 'SELECT count(*) FROM audit')/$(sql 'SELECT count(*) FROM referral')" "$e/$a/$r" "nothing written"
# A step that differs from the one recorded is still refused by the rules.
sed '0,/Là nạn nhân/s//Không phải nạn nhân/' "$FORMS/xac_minh_2025.csv" > other_result.csv
grep -q "Không phải nạn nhân" other_result.csv || fail "other_result.csv has a changed decision"
run --lang en verify import other_result.csv
expect_rc 65 "another decision for a decided case"
expect_in err "the case is already decided" "refused by the rules"
expect_eq "$(events)" "$e" "all or nothing"
# A row written twice in one form is refused, naming the first.
{ cat "$FORMS/xac_minh_2025.csv"; sed -n 2p "$FORMS/xac_minh_2025.csv"; } > twice.csv
run --lang en verify import twice.csv
expect_rc 65 "a row twice in one form"
expect_in err "twice.csv:9: the same as line 2: remove one of them" "names both lines"

# A form with one bad row among good ones.
cat > mixed.csv <<'CSV'
Hồ sơ,Bước,Ngày,Cơ quan,Kết quả,Số giấy xác nhận,Cơ quan cấp,Loại giấy tờ
4,Bắt đầu xác minh,20/06/2025,Công an huyện Đồng Văn,,,,
5,Quyết định,01/07/2025,Công an huyện Bát Xát,Là nạn nhân,1/GXN,Công an huyện Bát Xát,Công an cấp huyện
6,Bắt đầu xác minh,02/07/2025,Công an tỉnh Điện Biên,,,,
7,Nhảy múa,13/08/2025,X,,,,
CSV
run --lang en verify import mixed.csv
expect_rc 65 "a form with bad rows"
expect_in err "mixed.csv:3: no decision before verification has started" "the decision before the start"
expect_in err "mixed.csv:5: step 'Nhảy múa'" "an unknown step"
expect_eq "$(events)" "$e" "nothing written"
run --lang en verify import --skip-invalid mixed.csv
expect_rc 0 "--skip-invalid records the good rows"
expect_in out "recorded 2, already recorded 0, rejected 2" "two and two"
expect_eq "$(stat -c %a mixed.csv.rejects.csv)" "600" "the rejects file is owner-only"
expect_in mixed.csv.rejects.csv "Nhảy múa" "the rejected rows, with their reasons"
run --lang en verify import --skip-invalid --rejects again.csv mixed.csv.rejects.csv
expect_rc 0 "the rejects file imported as it is"
expect_eq "$(cat again.csv)" "$(cat mixed.csv.rejects.csv)" "refused again: the same file, one 'Lỗi' column with the new reasons"
expect_eq "$(sql "SELECT status FROM case_file WHERE id = 6")" "being_identified" "the good rows are in"

# A referral row with an escort and a reason for going without one: contradictory, refused as
# `refer send --escort --force` is.
cat > both.csv <<'CSV'
Hồ sơ,Thao tác,Số chuyển tuyến,Ngày,Cơ quan,Nơi nhận,Lý do,Có người đi kèm,Lý do không có người đi kèm,Ghi chú
6,Chuyển,,03/07/2025,Công an tỉnh Điện Biên,Trung tâm Công tác xã hội tỉnh Điện Biên,Hỗ trợ tại cơ sở,x,gia đình đến đón,
CSV
r=$(sql 'SELECT count(*) FROM referral')
run refer import both.csv
expect_rc 65 "an escort and a no-escort reason on one row"
expect_in err "both.csv:2" "FILE:LINE"
expect_in err "chỉ ghi một trong hai" "says to give only one"
expect_eq "$(sql 'SELECT count(*) FROM referral')" "$r" "nothing written"

# An answer row whose case column names another case than the referral's is refused, not
# applied to the other case's referral; a decline without its reason (Ghi chú) too.
ref6=$(HOTRO_NOW=2026-11-25T08:00:00Z "$HOTRO_BIN" -q refer send 6 --to "Trung tâm Công tác xã hội tỉnh Điện Biên" \
    --reason "Hỗ trợ tại cơ sở" --agency "Công an tỉnh Điện Biên" --date 03/07/2025 --escort) || fail "a referral of case 6"
other=$(sql "SELECT min(id) FROM case_file WHERE id <> 6")
cat > wrongcase.csv <<CSV
Hồ sơ,Thao tác,Số chuyển tuyến,Ngày,Cơ quan,Nơi nhận,Lý do,Có người đi kèm,Lý do không có người đi kèm,Ghi chú
$other,Chấp nhận,$ref6,04/07/2025,,,,,,
6,Từ chối,$ref6,04/07/2025,,,,,,
CSV
run --lang en refer import --skip-invalid wrongcase.csv
expect_rc 0 "both rows refused, the file read"
expect_in out "recorded 0, rejected 2" "both rows rejected"
expect_in wrongcase.csv.rejects.csv "belongs to case #6, not case #$other" "the answer names the referral's case"
expect_in wrongcase.csv.rejects.csv "a decline needs its reason" "a decline needs its reason"
expect_eq "$(sql "SELECT status FROM referral WHERE id = $ref6")" "sent" "the referral is untouched"

# File-level problems.
printf 'Hồ sơ,Bước,Màu sắc\n1,Bắt đầu,xanh\n' > badcol.csv
run verify import badcol.csv
expect_rc 65 "an unknown column"
expect_in err "Màu sắc" "names the column"
run verify import "$WORK/missing.csv"
expect_rc 66 "a missing form"
run refer import --json "$FORMS/chuyen_tuyen_2025.csv"
expect_rc 0 "the referral form read a third time"
expect_eq "$(json_get out '$.already_recorded')/$(json_get out '$.recorded')" "4/0" "--json counts the rows already recorded"
# A step first typed with the single command, then received on a form, is recorded once.
HOTRO_NOW=2026-11-25T08:00:00Z "$HOTRO_BIN" -q verify start 7 --agency "Công an tỉnh Lào Cai" --date 20/08/2025 || fail "verify start 7"
printf 'Hồ sơ,Bước,Ngày,Cơ quan,Biện pháp bảo vệ\n7,Bắt đầu xác minh,20/08/2025,Công an tỉnh Lào Cai,\n7,Bảo vệ,21/08/2025,Công an tỉnh Lào Cai,Giữ bí mật nhân thân\n' > typed.csv
run --lang en verify import typed.csv
expect_rc 0 "a form with a step already typed"
expect_in out "recorded 1, already recorded 1, rejected 0" "the typed step counted, the new one recorded"
run --lang en verify import typed.csv
expect_in out "recorded 0, already recorded 2" "and the measure is not recorded twice"
expect_eq "$(sql "SELECT count(*) FROM case_event WHERE case_id = 7 AND kind = 'protect'")" "1" "one protection measure"
# A row like an earlier one of the same form but for its officer is no replay: it goes through
# the rules (here a second identical measure is recorded, as typed twice would be).
printf 'Hồ sơ,Bước,Ngày,Cơ quan,Cán bộ,Biện pháp bảo vệ\n7,Bảo vệ,22/08/2025,Công an tỉnh Lào Cai,Lò A,Bố trí lực lượng bảo vệ\n7,Bảo vệ,22/08/2025,Công an tỉnh Lào Cai,Lò B,Bố trí lực lượng bảo vệ\n' > officers.csv
run --lang en verify import officers.csv
expect_in out "recorded 2, already recorded 0" "both rows of this form are recorded"
# After an agency merge, the old name on a form read again still finds its steps: Công an tỉnh
# Lào Cai (of typed.csv) and the sender of the referral form are merged into other offices.
lao_cai=$(sql "SELECT id FROM agency WHERE name = 'Công an tỉnh Lào Cai'")
sender=$(sql "SELECT from_agency_id FROM referral ORDER BY id LIMIT 1")
keep=$(sql "SELECT min(id) FROM agency WHERE id NOT IN ($lao_cai, $sender)")
expect_eq "$([ -n "$lao_cai" ] && [ -n "$sender" ] && [ -n "$keep" ] && echo found)" "found" "the agencies to merge"
"$HOTRO_BIN" -q agency merge "$keep" "$lao_cai" --reason "một cơ quan" || fail "merge Lào Cai"
"$HOTRO_BIN" -q agency merge "$keep" "$sender" --reason "một cơ quan" || fail "merge the sender"
r=$(sql 'SELECT count(*) FROM referral'); e=$(events)
run --lang en verify import typed.csv
expect_in out "recorded 0, already recorded 2" "a form with the merged agency's old name is already recorded"
run --lang en refer import "$FORMS/chuyen_tuyen_2025.csv"
expect_in out "recorded 0, already recorded 4" "no referral sent twice after a merge"
expect_eq "$(events)/$(sql 'SELECT count(*) FROM referral')" "$e/$r" "nothing written"

# An answer row names its referral by case and receiver when the number is left blank (as the
# shipped form does): in a library that already has a referral #1, the form's answers still go
# to the referral the form sent, not to #1. A number that went elsewhere is refused.
"$HOTRO_BIN" -q --db two.db init || fail "init two.db"
"$HOTRO_BIN" -q --db two.db intake import --profile "$EXAMPLES/profiles/bien_phong.toml" "$EXAMPLES/lists/bien_phong_2025.xlsx" || fail "import two.db"
"$HOTRO_BIN" -q --db two.db refer send 1 --to "Bệnh viện Đa khoa Sơn La" --reason "khám sức khỏe" \
    --agency "Công an huyện Sốp Cộp" --date 20/02/2025 || fail "refer send"
run --lang en --db two.db refer import "$FORMS/chuyen_tuyen_2025.csv"
expect_rc 0 "the referral form in a library with a referral already"
expect_eq "$(sqlite3 two.db 'SELECT group_concat(id || status, ",") FROM (SELECT id, status FROM referral ORDER BY id)')" \
    "1sent,2completed,3sent" "the hospital referral is not answered by the form"
run --lang en --db two.db refer import "$FORMS/chuyen_tuyen_2025.csv"
expect_in out "recorded 0, already recorded 4" "read again: already recorded"
printf 'Hồ sơ,Thao tác,Số chuyển tuyến,Ngày,Nơi nhận\n1,Thu hồi,1,01/04/2025,Trung tâm Công tác xã hội tỉnh Sơn La\n' > wrong_no.csv
run --lang en --db two.db refer import wrong_no.csv
expect_rc 65 "a number that went to another receiver"
expect_in err "wrong_no.csv:2: referral #1 went to 'Bệnh viện Đa khoa Sơn La', not 'Trung tâm Công tác xã hội tỉnh Sơn La'" "says where it went"
printf 'Hồ sơ,Thao tác,Số chuyển tuyến,Ngày,Nơi nhận\n1,Thu hồi,,01/04/2025,\n1,Thu hồi,,01/04/2025,UBND xã Lũng Cú\n' > no_ref.csv
run --lang en --db two.db refer import no_ref.csv
expect_rc 65 "answers naming no referral"
expect_in err "no_ref.csv:2: referral: empty; an answer needs the referral's number, or the case and the receiver" "no number, no receiver"
expect_in err "no_ref.csv:3: case #1 has no referral to 'UBND xã Lũng Cú'" "a receiver the case was not referred to"

# One case sent twice to one receiver in a form, each answered without its number: each answer
# goes to the referral sent by its date, and the form read again is already recorded.
printf 'Hồ sơ,Thao tác,Số chuyển tuyến,Ngày,Cơ quan,Nơi nhận,Lý do,Có người đi kèm,Ghi chú\n4,Chuyển,,01/07/2025,A,Trung tâm CTXH tỉnh Sơn La,r,x,\n4,Từ chối,,02/07/2025,,Trung tâm CTXH tỉnh Sơn La,,,hết chỗ\n4,Chuyển,,05/07/2025,A,Trung tâm CTXH tỉnh Sơn La,r,x,\n4,Chấp nhận,,06/07/2025,,Trung tâm CTXH tỉnh Sơn La,,,\n' > twice_sent.csv
run --lang en --db two.db refer import twice_sent.csv
expect_rc 0 "two referrals to one receiver"
expect_eq "$(sqlite3 two.db "SELECT group_concat(status, ',') FROM (SELECT status FROM referral WHERE case_id = 4 ORDER BY id)")" \
    "declined,accepted" "each answer to its own referral"
run --lang en --db two.db refer import twice_sent.csv
expect_rc 0 "read again"
expect_in out "recorded 0, already recorded 4, rejected 0" "all already recorded"

# Two columns for one field, or an escort cell that is neither yes nor no, are refused.
printf 'Hồ sơ,Bước,Ngày,Cơ quan,Date\n5,Bắt đầu xác minh,05/10/2025,P,02/10/2025\n' > twocols.csv
run --lang en --db two.db verify import twocols.csv
expect_rc 65 "two date columns"
expect_in err "twocols.csv:1: columns 3 'Ngày' and 5 'Date' are the same column of the form: remove or rename one" "names both"
printf 'Hồ sơ,Thao tác,Ngày,Cơ quan,Nơi nhận,Lý do,Có người đi kèm\n2,Chuyển,20/04/2025,A,B,r,chưa rõ\n2,Chuyển,21/04/2025,A,B,r,không\n' > escort.csv
run --lang en --db two.db refer import --dry-run escort.csv
expect_rc 65 "an escort not known"
expect_in err "escort.csv:2: escort 'chưa rõ' is not valid (yes: x, có, 1; no: blank, không, 0)" "is refused"
expect_not_in err "escort.csv:3" "'không' is no escort"

finish
