# hotro intake import: the example lists, re-import, updates, all-or-nothing, dry run,
# --skip-invalid and the rejects file, duplicates, broken files, encodings.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
cases() { sql 'SELECT count(*) FROM case_file'; }
persons() { sql 'SELECT count(*) FROM person'; }
audits() { sql 'SELECT count(*) FROM audit'; }

# --- the example lists -------------------------------------------------------------------
run intake import --json --profile "$EXAMPLES/profiles/bien_phong.toml" "$EXAMPLES/lists/bien_phong_2025.xlsx"
expect_rc 0 "import the Border Guard xlsx"
expect_eq "$(json_get out '$.files[0].created')" "12" "12 cases from the xlsx"
expect_eq "$(json_get out '$.committed')" "1" "committed"
expect_eq "$(sql "SELECT a.name FROM case_file c JOIN agency a ON a.id = c.source_agency_id LIMIT 1")" \
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lào Cai" "the profile's constant source agency"

run intake import "$EXAMPLES/lists/cong_an_2026.csv"
expect_rc 0 "import the police CSV (UTF-8 with BOM, built-in headers)"
expect_in out "mới 4" "4 new cases reported in Vietnamese"
expect_eq "$(sql "SELECT citizen_id FROM person WHERE full_name = 'Đỗ Thị Ngọc Ánh'")" "001301012345" \
    "leading zeros of an ID number are kept"
expect_eq "$(sql "SELECT destination_country FROM case_file c JOIN person p ON p.id = c.person_id WHERE p.full_name = 'Sầm Thị Hạnh'")" \
    "CN" "'Trung Quốc' is CN"
expect_eq "$(sql "SELECT intake_date FROM case_file c JOIN person p ON p.id = c.person_id WHERE p.full_name = 'Sầm Thị Hạnh'")" \
    "2026-05-02" "d/m/yy date"
expect_eq "$(sql "SELECT group_concat(form, ',') FROM (SELECT form FROM case_exploitation e JOIN case_file c ON c.id = e.case_id JOIN person p ON p.id = c.person_id WHERE p.full_name = 'Vi Văn Dũng' ORDER BY form)")" \
    "forced_crime,forced_labour" "two forms of exploitation in one cell"

run --lang en intake import --profile "$EXAMPLES/profiles/xa_thong_nhat.toml" "$EXAMPLES/lists/xa_thong_nhat_2026_q1.csv"
expect_rc 0 "import the commune's Windows-1258 CSV with its profile"
expect_in out "(CP1258)" "encoding detected"
expect_in out "new 5" "5 new cases"
expect_in out "probable duplicate: 'Lò Thị Mai' is like person #1" "the returning person is recognised"
expect_eq "$(sql "SELECT count(*) FROM case_file WHERE person_id = 1")" "2" "her second case is linked to her"
expect_eq "$(sql "SELECT intake_channel FROM case_file c JOIN person p ON p.id = c.person_id WHERE p.full_name = 'Hoàng Thị Thu'")" \
    "rescued" "profile value map ('Được công an đưa về')"
expect_eq "$(sql "SELECT intake_date FROM case_file c JOIN person p ON p.id = c.person_id WHERE p.full_name = 'Hoàng Thị Thu'")" \
    "2026-01-12" "profile date format %d.%m.%Y"
expect_eq "$(sql "SELECT note FROM case_file c JOIN person p ON p.id = c.person_id WHERE p.full_name = 'Hoàng Thị Thu'")" \
    'STT 2; Đi cùng con nhỏ; cần hỗ trợ "khẩn cấp"' "quoted cell with ; and doubled quotes (the list's row number is kept in the note)"
expect_eq "$(cases)/$(persons)" "21/20" "21 cases of 20 persons"

# --- importing the same file twice adds nothing ----------------------------------------
a=$(audits)
run --lang en intake import "$EXAMPLES/lists/cong_an_2026.csv"
expect_rc 0 "re-import"
expect_in out "new 0, updated 0, unchanged 4" "re-import: all unchanged"
expect_eq "$(cases)" "21" "re-import adds no case"
expect_eq "$(audits)" "$((a + 1))" "the re-import is still recorded in the audit trail"

# --- a changed row updates its case, with before and after in its own audit entry --------
sed 's/Công an tỉnh Lạng Sơn,$/Công an tỉnh Lạng Sơn,Đã chuyển Trung tâm CTXH/' \
    "$EXAMPLES/lists/cong_an_2026.csv" > changed.csv
id=$(sql "SELECT c.id FROM case_file c JOIN person p ON p.id = c.person_id WHERE p.full_name = 'Vi Văn Dũng'")
run --lang en intake import changed.csv
expect_rc 0 "import a changed list"
expect_in out "new 0, updated 1, unchanged 3" "one row changed"
expect_eq "$(sql "SELECT note FROM case_file WHERE id = $id")" "STT 2; Đã chuyển Trung tâm CTXH" "the case was updated in place"
expect_eq "$(cases)" "21" "no second case"
last=$(sql 'SELECT max(id) FROM audit')
expect_eq "$(sql "SELECT action || ' ' || entity_ids || ' ' || json_extract(detail, '\$.files[0].updated') FROM audit WHERE id = $last")" \
    "import [] 1" "the import's audit entry names the cases it created (none) and counts the update"
expect_eq "$(sql "SELECT action || ' ' || json_extract(before, '\$.note') || ' -> ' || json_extract(after, '\$.note') || ' ' || json_extract(detail, '\$.line') FROM audit WHERE id = $((last - 1))")" \
    "update STT 2 -> STT 2; Đã chuyển Trung tâm CTXH 3" "the case's own entry holds it before and after, and the row"
expect_eq "$(sql "SELECT entity_ids FROM audit WHERE id = $((last - 1))")" "[[$id,$id]]" "and names it"
run --lang en audit log
expect_in out "update  case $id" "audit log: the update entry names the case"
expect_in out "(1 updated: see the update entries above)" "audit log: the import's entry points to it"
printf 'Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận\nLò Văn Mới,1990,01/01/2026,Tự trở về\n' > new1.csv
sed 's/Đã chuyển Trung tâm CTXH$/Đã về/' changed.csv > changed2.csv
run --lang en intake import new1.csv changed2.csv
expect_rc 0 "a new case and an updated one in one import"
run --lang en audit log
expect_in out " (and 1 updated)" "audit log: the import names what it created, and counts the update"

# --- a later list that leaves a field blank, or lacks its column, keeps what is recorded ----
printf 'Họ và tên,Ngày sinh,Dân tộc,Số CCCD,Nơi cư trú,Ngày tiếp nhận,Hình thức,Nước đến,Hình thức bóc lột,Đơn vị gửi,Ghi chú\nLù Thị Kép,1999,Dao,012199000777,"Xã Bản Lang, tỉnh Lai Châu",03/02/2026,trao trả,Trung Quốc,cưỡng bức lao động,Đồn BP Y,gọi lần 1\n' > keep1.csv
printf 'Họ và tên,Ngày sinh,Ngày tiếp nhận,Hình thức,Đơn vị gửi\nLù Thị Kép,1999,03/02/2026,trao trả,Đồn BP Y\n' > keep2.csv
printf 'Họ và tên,Ngày sinh,Dân tộc,Số CCCD,Nơi cư trú,Ngày tiếp nhận,Hình thức,Nước đến,Hình thức bóc lột,Đơn vị gửi,Ghi chú\nLù Thị Kép,1999,,,,03/02/2026,trao trả,,,Đồn BP Y,\n' > keep3.csv
"$HOTRO_BIN" -q intake import keep1.csv || fail "keep1"
kep=$(sql "SELECT max(id) FROM case_file")
kept() { sql "SELECT p.ethnicity || '|' || p.citizen_id || '|' || p.residence || '|' || p.residence_province || '|' || c.destination_country || '|' || c.note || '|' || (SELECT group_concat(form) FROM case_exploitation WHERE case_id = c.id) || '|' || c.updated_at FROM case_file c JOIN person p ON p.id = c.person_id WHERE c.id = $kep"; }
before=$(kept); a=$(audits)
expect_eq "${before%|*}" "09|012199000777|Xã Bản Lang, tỉnh Lai Châu|12|CN|gọi lần 1|forced_labour" "the first list recorded her details"
export HOTRO_NOW=2026-11-26T08:00:00Z
run --lang en intake import keep2.csv
expect_rc 0 "a list without those columns"
expect_in out "new 0, updated 0, unchanged 1" "changes nothing"
expect_eq "$(kept)" "$before" "ethnicity, ID, residence, country, note and forms are kept, and the case's updated_at"
expect_eq "$(audits)" "$((a + 1))" "one entry for the import, none for an update"
run --lang en intake import keep3.csv
expect_in out "new 0, updated 0, unchanged 1" "blank cells in the columns change nothing either"
expect_eq "$(kept)" "$before" "all kept"
run --lang en intake import keep2.csv
expect_in out "unchanged 1" "and a list read again is unchanged at once"
sed 's/,,Đồn BP Y,$/,,Đồn BP Y,đã về/; s/1999,,,,03/1999,Tày,,,03/' keep3.csv > keep4.csv
run --lang en intake import keep4.csv
expect_in out "updated 1" "a cell that says something still updates"
expect_eq "$(sql "SELECT p.ethnicity || '|' || p.citizen_id || '|' || c.note || '|' || c.updated_at FROM case_file c JOIN person p ON p.id = c.person_id WHERE c.id = $kep")" \
    "02|012199000777|đã về|2026-11-26T08:00:00Z" "what it says, beside what it leaves blank"
printf 'Họ và tên,Ngày sinh,Ngày tiếp nhận,Hình thức,Bị mua bán ra nước ngoài,Đơn vị gửi\nLù Thị Kép,1999,03/02/2026,trao trả,Không,Đồn BP Y\n' > keep5.csv
run --lang en intake import keep5.csv
expect_in out "updated 1" "'not abroad'"
expect_eq "$(sql "SELECT abroad || '|' || coalesce(destination_country, '-') FROM case_file WHERE id = $kep")" "0|-" \
    "takes the destination country with it"
# A field corrected with `hotro edit` keeps the correction when the sender's list, which still
# holds the old value, comes again with other news; an undone edit lets the list speak again.
"$HOTRO_BIN" -q edit "$kep" ethnicity=Mông citizen_id=012199000778 intake_channel="giải cứu" --reason "sai trong danh sách" \
    || fail "edit Kép"
sed 's/,đã về$/,đã về nhà/' keep4.csv > keep6.csv
run --lang en intake import keep6.csv
expect_in out "updated 1" "the list's other news"
expect_eq "$(sql "SELECT p.ethnicity || '|' || p.citizen_id || '|' || c.intake_channel || '|' || c.note FROM case_file c JOIN person p ON p.id = c.person_id WHERE c.id = $kep")" \
    "08|012199000778|rescued|đã về nhà" "the edited ethnicity, ID and channel are kept, the note is the list's"
unset HOTRO_NOW
"$HOTRO_BIN" -q audit verify || fail "the trail and the seal agree after the kept fields"

# --- all-or-nothing ----------------------------------------------------------------------
c=$(cases); a=$(audits)
run intake import "$DATA/bad_rows.csv"
expect_rc 65 "a list with bad rows is refused"
expect_in err "bad_rows.csv:3: Giới tính:" "FILE:LINE: column: for a bad code"
expect_in err "bad_rows.csv:4: Ngày tiếp nhận:" "future intake date"
expect_in err "bad_rows.csv:5: Số CCCD:" "ID that lost its leading zero"
expect_in err "bad_rows.csv:6: Họ và tên:" "missing name"
expect_in err "bad_rows.csv:7: Ngày sinh:" "31 February"
expect_not_in err "bad_rows.csv:2:" "the good row is not reported"
expect_eq "$(cases)/$(audits)" "$c/$a" "nothing written"

run intake import --json "$DATA/bad_rows.csv"
expect_rc 65 "--json: same refusal"
expect_eq "$(json_get out '$.problems[0].line')" "3" "--json lists the problems with their line"
expect_eq "$(json_get out '$.committed')" "0" "--json says nothing was committed"

# --- dry run -----------------------------------------------------------------------------
printf 'Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận\nTráng A Lử,1985,01/03/2026,Tự trở về\n' > dry.csv
run intake import --dry-run --json dry.csv
expect_rc 0 "dry run of a good list"
expect_eq "$(json_get out '$.files[0].created')" "1" "the dry run says what would be created"
expect_eq "$(cases)/$(audits)" "$c/$a" "a dry run writes nothing"
run intake import --dry-run "$DATA/bad_rows.csv"
expect_rc 65 "a dry run still fails on bad rows"
[ -e "$DATA/bad_rows.csv.rejects.csv" ] && fail "a dry run wrote a rejects file"

# --- --skip-invalid, the rejects file, fix and re-import ---------------------------------
cp "$DATA/bad_rows.csv" skip.csv
run --lang en intake import --skip-invalid skip.csv
expect_rc 0 "--skip-invalid imports the good rows"
expect_in out "new 1" "one good row"
expect_in out "rejected 5" "five rejected"
[ -f skip.csv.rejects.csv ] || fail "rejects file written next to the list"
expect_eq "$(sqlite3 :memory: ".import --csv skip.csv.rejects.csv r" "SELECT count(*) FROM r")" "5" "5 rows in the rejects file"
expect_in skip.csv.rejects.csv "Lỗi" "the rejects file has the reason column"
expect_in skip.csv.rejects.csv "leading zero" "with the reasons"
c=$(cases)
# Imported as it is, the rejects file is refused again: its "Lỗi" column is read past and then
# holds the new reasons; no second one is added.
run --lang en intake import --skip-invalid --rejects again.csv skip.csv.rejects.csv
expect_rc 0 "the rejects file imported as it is"
expect_in out "new 0" "its rows are still bad"
expect_eq "$(cat again.csv)" "$(cat skip.csv.rejects.csv)" "the same rejects file again"
# The clerk fixes the rows in the rejects file and imports it again.
sed -e 's/,Q,/,Nam,/' -e 's|01/01/2027|01/01/2026|' -e 's/12345678901/012345678901/' \
    -e 's/^5,,/5,Nông Thị Én,/' -e 's|31/02/2001|28/02/2001|' skip.csv.rejects.csv > fixed.csv
run --lang en intake import fixed.csv
expect_rc 0 "the fixed rejects file imports"
expect_in out "new 5" "all five now imported"
expect_eq "$(cases)" "$((c + 5))" "five more cases"
expect_eq "$(stat -c %a skip.csv.rejects.csv)" "600" "the rejects file is readable by its owner only"
# Later the clerk fixes the original list too and imports it: the rows are the same cases.
sed -e 's/,Q,/,Nam,/' -e 's|01/01/2027|01/01/2026|' -e 's/12345678901/012345678901/' \
    -e 's/^5,,/5,Nông Thị Én,/' -e 's|31/02/2001|28/02/2001|' skip.csv > skip-fixed.csv
run --lang en intake import skip-fixed.csv
expect_rc 0 "the fixed original imports"
expect_in out "new 0, updated 0, unchanged 6" "its rows are the cases already imported from the rejects file"

# The list's row number (STT) goes into the note with it. The STT kept is that of the list the
# case came from: a later list that numbers the row otherwise changes nothing by that alone (no
# update entry, updated_at kept), and a later note replaces only the text after it.
printf 'STT,Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức,Dân tộc,Ghi chú\n5,Vàng Thị Sua,1997,06/02/2026,tự về,Mông,gọi lần 1\n' > stt1.csv
printf 'STT,Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức,Dân tộc,Ghi chú\n7,Vàng Thị Sua,1997,06/02/2026,tự về,Dao,\n' > stt2.csv
printf 'STT,Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức\n9,Vàng Thị Sua,1997,06/02/2026,tự về\n' > stt3.csv
printf 'Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức,Ghi chú\nVàng Thị Sua,1997,06/02/2026,tự về,gọi lần 2\n' > stt4.csv
"$HOTRO_BIN" -q intake import stt1.csv || fail "stt1"
sua=$(sql "SELECT max(id) FROM case_file")
run --lang en intake import stt2.csv
expect_in out "updated 1" "another ethnicity"
expect_eq "$(sql "SELECT note FROM case_file WHERE id = $sua")" "STT 5; gọi lần 1" "the first list's STT and the note are kept"
a=$(audits)
updated_at=$(sql "SELECT updated_at FROM case_file WHERE id = $sua")
run --lang en intake import stt3.csv
expect_in out "updated 0, unchanged 1" "another STT alone is no change"
expect_eq "$(audits)" "$((a + 1))" "only the import's own entry"
expect_eq "$(sql "SELECT note || ' ' || updated_at FROM case_file WHERE id = $sua")" "STT 5; gọi lần 1 $updated_at" "note and updated_at kept"
run --lang en intake import stt3.csv
expect_in out "updated 0, unchanged 1" "and the list read again is unchanged"
run --lang en intake import stt4.csv
expect_in out "updated 1" "a new note"
expect_eq "$(sql "SELECT note FROM case_file WHERE id = $sua")" "STT 5; gọi lần 2" "replaces the text after the STT"
# Only "STT" in capitals is the list's number: a note of the clerk's own that starts "stt" is text.
printf 'Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức,Ghi chú\nVàng Văn Lử,1995,06/02/2026,tự về,stt cũ; hỏi lại\n' > stt5.csv
printf 'STT,Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức\n3,Vàng Văn Lử,1995,06/02/2026,tự về\n' > stt6.csv
"$HOTRO_BIN" -q intake import stt5.csv && "$HOTRO_BIN" -q intake import stt6.csv || fail "stt5, stt6"
expect_eq "$(sql "SELECT c.note FROM case_file c JOIN person p ON p.id = c.person_id WHERE p.full_name = 'Vàng Văn Lử'")" \
    "STT 3; stt cũ; hỏi lại" "the list's STT goes before the clerk's note"

# --default fills a blank cell; on a case already recorded it fills only what is empty and never
# overwrites: a later list without the channel column, read with a default channel, keeps the
# channel the first list gave, and its default ethnicity fills the one nothing was stored in.
printf 'Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận,Dân tộc\nSùng Thị Dua,1999,07/02/2026,Được giải cứu,Mông\nSùng Văn Pa,1998,07/02/2026,Được giải cứu,\n' > def1.csv
printf 'Họ và tên,Năm sinh,Ngày tiếp nhận,Dân tộc,Số CCCD\nSùng Thị Dua,1999,07/02/2026,,001199000123\nSùng Văn Pa,1998,07/02/2026,,\nSùng Thị Mỷ,2001,07/02/2026,,\n' > def2.csv
"$HOTRO_BIN" -q intake import def1.csv || fail "def1"
dua=$(sql "SELECT c.id FROM case_file c JOIN person p ON p.id = c.person_id WHERE p.full_name = 'Sùng Thị Dua'")
pa=$(sql "SELECT c.id FROM case_file c JOIN person p ON p.id = c.person_id WHERE p.full_name = 'Sùng Văn Pa'")
run --lang en intake import --default intake_channel=self_returned --default ethnicity=Dao def2.csv
expect_rc 0 "a later list with defaults"
expect_in out "new 1, updated 2, unchanged 0" "the new row and two changed ones"
expect_eq "$(sql "SELECT c.intake_channel || ' ' || p.ethnicity || ' ' || p.citizen_id FROM case_file c JOIN person p ON p.id = c.person_id WHERE c.id = $dua")" \
    "rescued 08 001199000123" "the recorded channel and ethnicity are kept; the row's ID number is taken"
expect_eq "$(sql "SELECT c.intake_channel || ' ' || coalesce(p.ethnicity, '-') FROM case_file c JOIN person p ON p.id = c.person_id WHERE c.id = $pa")" \
    "rescued 09" "the default ethnicity (09: Dao) fills the empty one"
expect_eq "$(sql "SELECT c.intake_channel FROM case_file c JOIN person p ON p.id = c.person_id WHERE p.full_name = 'Sùng Thị Mỷ'")" \
    "self_returned" "a new case takes the default"
run --lang en intake import --default intake_channel=self_returned --default ethnicity=Dao def2.csv
expect_in out "new 0, updated 0, unchanged 3" "the same list and defaults again: unchanged"
# A default residence gives no province to an address recorded without one; a default
# destination does not make abroad a case recorded as not abroad.
printf 'Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận,Nơi cư trú,Bị mua bán ra nước ngoài\nLò Thị Phòn,1996,08/02/2026,Tự trở về,Thôn Nà Phòn,Không\n' > def3.csv
printf 'Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận,Số CCCD\nLò Thị Phòn,1996,08/02/2026,Tự trở về,001196000456\n' > def4.csv
"$HOTRO_BIN" -q intake import def3.csv || fail "def3"
run --lang en intake import --default "residence=Xã Bản Phố, tỉnh Lào Cai" --default "destination_country=Trung Quốc" def4.csv
expect_in out "updated 1" "the ID number is news"
expect_eq "$(sql "SELECT p.residence || '|' || coalesce(p.residence_province, '-') || '|' || c.abroad || '|' || coalesce(c.destination_country, '-') || '|' || p.citizen_id FROM case_file c JOIN person p ON p.id = c.person_id WHERE p.full_name = 'Lò Thị Phòn'")" \
    "Thôn Nà Phòn|-|0|-|001196000456" "residence, province, not abroad and no destination kept"

# A changed row that gives its person another person's ID number is noted as a probable duplicate;
# one that writes Đ with its look-alike keeps the right letter.
printf 'Họ và tên,Năm sinh,Số CCCD,Ngày tiếp nhận,Hình thức,Đơn vị gửi\nĐỗ Thị Lanh,2000,,09/02/2026,tự về,UBND xã Z\n' > cid1.csv
"$HOTRO_BIN" -q intake import cid1.csv || fail "cid1"
lanh=$(sql "SELECT person_id FROM case_file WHERE id = (SELECT max(id) FROM case_file)")
taken=$(sql "SELECT citizen_id FROM person WHERE citizen_id IS NOT NULL AND id <> $lanh LIMIT 1")
holder=$(sql "SELECT id FROM person WHERE citizen_id = '$taken'")
printf 'Họ và tên,Năm sinh,Số CCCD,Ngày tiếp nhận,Hình thức,Đơn vị gửi\n\xc3\x90ỗ Thị Lanh,2000,%s,09/02/2026,tự về,UBND xã Z\n' "$taken" > cid2.csv
run --lang en intake import cid2.csv
expect_rc 0 "the changed row"
expect_in out "updated 1" "is an update"
expect_in out "cid2.csv:2: probable duplicate: 'Ðỗ Thị Lanh' is like person #$holder (same citizen ID); the row's case is updated; two persons share the ID number" \
    "noted as a probable duplicate of the ID's holder"
expect_eq "$(sql "SELECT full_name || '|' || citizen_id FROM person WHERE id = $lanh")" "Đỗ Thị Lanh|$taken" "the right Đ kept, the ID written"

# --- --rejects never replaces a list being read -----------------------------------------------
printf 'Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận\nA Ly,2001,31/02/2026,giải cứu\nB Lan,2001,01/02/2026,giải cứu\n' > self.csv
cp self.csv self.orig; c=$(cases)
run --lang en intake import self.csv --skip-invalid --rejects self.csv
expect_rc 73 "--rejects the list itself"
expect_in err "cannot create 'self.csv': it is a file this command is reading" "says why"
expect_eq "$(cat self.csv)" "$(cat self.orig)" "the list is as it was"
expect_eq "$(cases)" "$c" "nothing imported"

# --- TCVN3 and VISCII lists are told from Windows-1258 by their words -------------------------
for enc in TCVN5712-1 VISCII; do
    printf 'Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận,Nơi cư trú\nLò Văn Sáng %s,1990,02/03/2026,Tự trở về,"Xã Mường Lạn, tỉnh Sơn La"\n' "$enc" \
        | iconv -f UTF-8 -t "$enc" > "legacy-$enc.csv"
    run --lang en intake import "legacy-$enc.csv"
    expect_rc 0 "a $enc list, no --encoding"
    expect_in out "($enc)" "its encoding is detected and named"
    expect_eq "$(sql "SELECT full_name || '|' || residence FROM person WHERE full_name LIKE 'Lò Văn Sáng $enc'")" \
        "Lò Văn Sáng $enc|Xã Mường Lạn, tỉnh Sơn La" "its names read rightly"
done
# When the guess is wrong, the garbled headers point to the encoding, not to a profile.
printf 'Tên,Năm sinh,Ngày tiếp nhận\nLò Văn Sáng,1990,02/03/2026\n' | iconv -f UTF-8 -t VISCII > viscii.csv
run --lang en intake import --encoding cp1258 viscii.csv
expect_rc 65 "no name column"
expect_not_in err "name the encoding" "--encoding given: no hint"
run --lang en intake import viscii.csv
expect_rc 65 "no name column, the encoding guessed"
expect_in err "the file was read as VISCII: if the accented letters above look wrong, name the encoding: --encoding cp1258" "points to the encoding"

# So do rejected rows of a file read in a guessed legacy encoding; not those of a UTF-8 file, or
# of a file whose encoding was named.
printf 'Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận\nLò Văn Sáng,1990,31/02/2026,Tự trở về\n' > guess8.csv
iconv -f UTF-8 -t CP1258 guess8.csv > guess.csv
run --lang en intake import guess.csv
expect_rc 65 "a row rejected"
expect_in err "guess.csv: the file was read as CP1258, guessed from its words: if the accented letters of the rejected rows above look wrong, name the encoding" "points to the encoding"
run --lang en intake import --json guess.csv
expect_eq "$(json_get out '$.files[0].encoding_guessed')" "1" "--json says it was guessed"
run --lang en intake import --encoding cp1258 guess.csv
expect_not_in err "name the encoding" "--encoding given: no hint"
run --lang en intake import guess8.csv
expect_not_in err "name the encoding" "UTF-8: no hint"

# --- UTF-16: Excel's "Unicode Text" (TAB-separated, with a byte-order mark) ------------------
printf 'Họ và tên\tNăm sinh\tNgày tiếp nhận\tHình thức tiếp nhận\r\nHầu Thị Dua\t1993\t04/03/2026\tTự trở về\r\n' > u8.txt
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE u8.txt; } > unicode.txt
run --lang en intake import --dry-run unicode.txt
expect_rc 0 "a UTF-16 list with its byte-order mark"
expect_in out "unicode.txt (UTF-16): 1 row" "says it was read as UTF-16"
iconv -f UTF-8 -t UTF-16BE u8.txt > nobom.txt
run --lang en intake import nobom.txt
expect_rc 0 "UTF-16 without a byte-order mark is recognised by its NUL bytes"
expect_eq "$(sql "SELECT count(*) FROM person WHERE full_name = 'Hầu Thị Dua'")" "1" "the name is read right"
printf '\377\376\000\330A\000' > broken16.txt
run --lang en intake import broken16.txt
expect_rc 65 "a lone surrogate"
expect_in err "broken16.txt:1: byte 3 is not valid in encoding UTF-16" "names the file, line and byte"

# --- a value beyond the header -------------------------------------------------------------
# A note with a comma and no quotes spills into a column without a header: the row is refused,
# not cut short. Empty cells there (a trailing comma) are fine.
c=$(cases)
printf 'Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận,Ghi chú\nTráng Thị Mỷ,1990,02/03/2026,Tự trở về,gia đình đón, đã về\nLò Văn Sáng,1988,02/03/2026,Tự trở về,,,\n' > stray.csv
run --lang en intake import stray.csv
expect_rc 65 "a value beyond the header"
expect_in err "stray.csv:2: column 6 (no header): the row has values beyond the columns with a header ('đã về')" "names the line, the column and the value"
expect_not_in err "stray.csv:3" "empty cells beyond the header are fine"
expect_eq "$(cases)" "$c" "nothing written"
# A header that ends in a comma (a blank last header), or has a blank header in the middle: a
# value under it is refused the same way, not dropped.
printf 'Họ và tên,Ngày tiếp nhận,Hình thức tiếp nhận,Nơi cư trú,\nA Bình,01/03/2026,Giải cứu,"Xã X, tỉnh Lào Cai",\nC Dương,01/03/2026,Giải cứu,Xã Y, tỉnh Lào Cai\n' > stray2.csv
run --lang en intake import stray2.csv
expect_rc 65 "a value under the blank last header"
expect_in err "stray2.csv:3: column 5 (no header): the row has values under a column without a header ('tỉnh Lào Cai')" "names the line, the column and the value"
expect_not_in err "stray2.csv:2" "the quoted row is fine"
printf 'Họ và tên,,Ngày tiếp nhận,Hình thức tiếp nhận\nE Giang,ghi chú lạc,01/03/2026,Giải cứu\nG Hà,,01/03/2026,Giải cứu\n' > stray3.csv
run --lang en intake import stray3.csv
expect_rc 65 "a value under a blank header in the middle"
expect_in err "stray3.csv:2: column 2 (no header)" "names the column"
expect_not_in err "stray3.csv:3" "an empty cell there is fine"
expect_eq "$(cases)" "$c" "nothing written"

# --- the same person typed in NFC, NFD or without accents ---------------------------------
p=$(persons)
nfd=$(printf 'Nguye\314\202\314\203n Thi\314\243 Hu\314\233o\314\233\314\200ng')   # Nguyễn Thị Hường, decomposed
printf 'Họ và tên,Năm sinh,Nơi cư trú,Ngày tiếp nhận,Hình thức tiếp nhận\n%s,1996,"Xã Quảng Phú, tỉnh Thanh Hóa",01/06/2026,Tự trở về\nNGUYEN THI HUONG,1996,"Xa Quang Phu, tinh Thanh Hoa",02/06/2026,Tự trở về\n' "$nfd" > nfd.csv
run --lang en intake import nfd.csv
expect_rc 0 "import NFD and unaccented names"
expect_eq "$(persons)" "$p" "both rows are the person already recorded"
expect_in out "probable duplicate: 'Nguyễn Thị Hường'" "stored and shown in NFC"
expect_eq "$(sql "SELECT count(*) FROM person WHERE full_name = 'Nguyễn Thị Hường'")" "1" "one person, NFC"

printf 'Họ và tên,Năm sinh,Nơi cư trú,Ngày tiếp nhận,Hình thức tiếp nhận\nNguyễn Thị Hường,1996,"Xã Quảng Phú, tỉnh Thanh Hóa",03/07/2026,Tự trở về\n' > dup.csv
c=$(cases)
run intake import --on-duplicate skip dup.csv
expect_rc 0 "--on-duplicate skip"
expect_eq "$(cases)/$(persons)" "$c/$p" "skip writes nothing for the duplicate"
run --lang en intake import --dry-run --on-duplicate new dup.csv
expect_in out "a new person would be created" "a dry run says what it would do, not what it did"
expect_not_in out "created a new person" "and not that it was done"
expect_eq "$(persons)" "$p" "nothing written"
run intake import --on-duplicate new dup.csv
expect_rc 0 "--on-duplicate new"
expect_eq "$(persons)" "$((p + 1))" "new makes a second person"

# CCCD match: same ID, different spelling of the name.
printf 'Họ tên,Số CCCD,Ngày tiếp nhận,Hình thức tiếp nhận\nĐỗ Ngọc Ánh,001301012345,01/08/2026,Tổng đài 111\n' > byid.csv
run --lang en intake import byid.csv
expect_in out "same citizen ID" "a duplicate by citizen ID"

# --- broken and odd files ----------------------------------------------------------------
c=$(cases)
run intake import "$DATA/broken/truncated.csv"
expect_rc 65 "truncated CSV"
expect_in err "truncated.csv:3" "names the line where the open quote starts"
run intake import "$DATA/empty.csv"
expect_rc 65 "empty file"
expect_in err "empty.csv" "names the file"
run --lang en intake import "$DATA/header_only.csv"
expect_rc 0 "a header-only list is not an error"
expect_in out "0 rows" "and imports nothing"
run intake import "$DATA/duplicate_headers.csv"
expect_rc 65 "two columns for one field"
expect_in err "'Họ và tên'" "names the first column"
expect_in err "'Họ tên'" "names the second column"
run intake import "$DATA/not_xlsx.xlsx"
expect_rc 65 "a .xlsx that is not a workbook"
run intake import "$DATA/legacy.xls"
expect_rc 65 "an Excel 97-2003 workbook"
expect_in err ".xlsx" "says to save it as .xlsx"
printf 'Họ và tên,Ngày tiếp nhận,Hình thức tiếp nhận\nSùng Thị Mua,15/03/2026 08:30,111\n' > datetime.csv
run intake import --dry-run datetime.csv
expect_rc 0 "a date with a time of day (Excel date-time cells)"
run intake import "$WORK/no-such-file.csv"
expect_rc 66 "a missing list"
mkdir -p "$WORK/folder.csv" "$WORK/folder.xlsx"
for f in folder.csv folder.xlsx; do
  run intake import "$WORK/$f"
  expect_rc 66 "a folder given as the list ($f)"
  expect_in err "là một thư mục" "says it is a folder"
done
run intake import --encoding utf-8 "$DATA/cp1258.csv"
expect_rc 65 "forcing the wrong encoding"
expect_in err "cp1258.csv:1" "names the file and line"
run intake import --encoding klingon "$DATA/cp1258.csv"
expect_rc 64 "an unknown encoding is a usage error"
expect_eq "$(cases)" "$c" "no broken file wrote anything"

run intake import --default intake_channel=self_returned --default intake_date=01/09/2026 "$DATA/cp1258.csv"
expect_rc 0 "Windows-1258 detected, with defaults for the missing columns"
expect_eq "$(sql "SELECT count(*) FROM person WHERE full_name = 'Vàng A Sử' AND birth_year = 2001")" "1" "Windows-1258 text decoded"
run intake import --default intake_channel=self_returned --default intake_date=02/09/2026 "$DATA/long_field.csv"
expect_rc 0 "a 10,000-character field"
# 1,000 times "Lời khai. ": 10,000 characters; the cell's trailing space is trimmed.
expect_eq "$(sql "SELECT max(length(note)) FROM case_file")" "9999" "kept whole"
run intake import --default intake_channel=self_returned --default intake_date=03/09/2026 "$DATA/embedded_newlines.csv"
expect_rc 0 "embedded new lines"
expect_eq "$(sql "SELECT note FROM case_file WHERE intake_date = '2026-09-03' AND note LIKE 'Tiếp nhận%'")" \
    "$(printf 'Tiếp nhận tại cửa khẩu\nđã liên hệ gia đình')" "a new line kept inside a note"
expect_eq "$(sql "SELECT note FROM case_file WHERE intake_date = '2026-09-03' AND note LIKE 'Ghi%'")" \
    'Ghi chú có "ngoặc kép", dấu phẩy' "quotes and commas inside a note"

# --- usage and profile errors --------------------------------------------------------------
run intake import --dry-run --default intake_channel=111 --default intake_date=01/01/2026 "$DATA/cp1258.csv" "$DATA/header_only.csv"
expect_rc 0 "--default takes one value; the files follow"
expect_in out "header_only.csv" "both files read"
run intake import --default nonsense "$DATA/cp1258.csv"
expect_rc 64 "--default without FIELD=VALUE"
c=$(cases)
run --lang en intake import --default "intake_channel=trao tra ve" --default intake_date=01/09/2026 "$DATA/cp1258.csv"
expect_rc 64 "a --default value no row could use is a usage error, before any row"
expect_in err "--default intake_channel=trao tra ve: unknown value" "names the option and the value"
run --lang en intake import --default intake_channel=self_returned --default intake_date=31/02/2026 "$DATA/cp1258.csv"
expect_rc 64 "a --default date that is no day"
expect_in err "--default intake_date=31/02/2026" "names it"
run intake import --default intake_channel= --default intake_date=01/09/2026 "$DATA/cp1258.csv"
expect_rc 65 "a blank --default is no value: the rows say what they lack, one by one"
expect_eq "$(cases)" "$c" "nothing written"
run intake import --profile "$WORK/none.toml" "$DATA/cp1258.csv"
expect_rc 66 "a missing profile"
printf 'version = 1\n[columns]\nfull_nam = "Tên"\n' > bad.toml
run intake import --profile bad.toml "$DATA/cp1258.csv"
expect_rc 78 "a profile with an unknown field"
expect_in err "bad.toml:3" "names the profile file and line"
run intake import --on-duplicate maybe dry.csv
expect_rc 64 "--on-duplicate takes link, new or skip"

# --- the --json report, byte for byte ---------------------------------------------------
# Its lists of problems and probable duplicates are kept in temporary files while the import
# runs, and printed from there.
cp "$DATA/import_report/first.csv" "$DATA/import_report/report.csv" .
"$HOTRO_BIN" -q --db report.db init && "$HOTRO_BIN" -q --db report.db intake import first.csv ||
    fail "a library for the report"
run --db report.db intake import --json report.csv
expect_rc 65 "a list with bad rows and probable duplicates"
expect_eq "$(cat out)" "$(cat "$DATA/import_report/expected.json")" "the --json report, in full"
expect_eq "$(grep -c '^report.csv:[45]: ' err)" "3" "each problem also on stderr"
run --db report.db intake import --json first.csv
expect_rc 0 "nothing to report"
expect_in out '"problems": [],' "an empty list of problems"
expect_in out '"duplicates": []' "an empty list of duplicates"
TMPDIR=/nonexistent/hotro run --db report.db intake import report.csv
expect_rc 73 "no directory for the temporary files"
expect_in err "/nonexistent/hotro/hotro-spool-" "names where it tried"
expect_eq "$(sqlite3 -readonly report.db 'SELECT count(*) FROM case_file')" "1" "nothing written"
TMPDIR=/nonexistent/hotro run --db report.db intake import first.csv
expect_rc 0 "a list with nothing to report needs no temporary file"

# --- cron: quiet and no progress output when not on a terminal --------------------------------
printf 'Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận\nGiàng A Tủa,1980,05/09/2026,Tự trở về\n' > quiet.csv
run -q intake import quiet.csv
expect_rc 0 "quiet import"
expect_eq "$(cat out err)" "" "-q prints nothing on success"

# Ð (U+00D0) written for Đ, as a Windows-1258 list read as Windows-1252 shows it: the same name.
printf 'Họ và tên,Năm sinh,Nơi cư trú,Ngày tiếp nhận,Hình thức tiếp nhận,Đơn vị gửi\n\xc3\x90ỗ Thị Hà,1995,"Xã \xc3\x90ông Thọ, tỉnh Thanh Hóa",20/05/2026,Tự trở về,\xc3\x90ồn Biên phòng Na Mèo\n' > eth.csv
run -q intake import eth.csv
expect_rc 0 "a list with Ð imports"
eth_case=$(sql "SELECT c.id FROM case_file c JOIN person p ON p.id = c.person_id WHERE p.full_name = 'Ðỗ Thị Hà'")
run case list --json --name "Đỗ Thị Hà"
expect_in out "\"id\": $eth_case" "found by the name written with Đ"
run case list --json --name "do thi ha"
expect_in out "\"id\": $eth_case" "and without accents"
run case list --json --agency "Đồn Biên phòng Na Mèo"
expect_in out "\"id\": $eth_case" "its agency found by the name written with Đ"
printf 'Họ và tên,Năm sinh,Nơi cư trú,Ngày tiếp nhận,Hình thức tiếp nhận,Đơn vị gửi\nĐỗ Thị Hà,1995,"Xã Đông Thọ, tỉnh Thanh Hóa",01/06/2026,Tự trở về,Đồn Biên phòng Na Mèo\n' > d.csv
run --lang en intake import d.csv
expect_rc 0 "the same person written with Đ imports"
expect_in out "person #$(sql "SELECT person_id FROM case_file WHERE id = $eth_case")" "as a probable duplicate of her"
expect_eq "$(sql "SELECT count(*) FROM agency WHERE name LIKE '%Na Mèo'")" "1" "one agency for the office, written either way"

# A row linked to a person already recorded never rewrites that person, also when the row changes
# later: the commune's case keeps its birth date, ID and residence.
printf 'Họ và tên,Ngày sinh,Số CCCD,Nơi cư trú,Ngày tiếp nhận,Hình thức,Đơn vị gửi,Ghi chú\nLò Thị Nga,12/03/1998,014198001234,"Xã Mường Lạn, tỉnh Sơn La",05/01/2026,tự về,UBND xã A,\n' > link1.csv
printf 'Họ và tên,Ngày sinh,Số CCCD,Nơi cư trú,Ngày tiếp nhận,Hình thức,Đơn vị gửi,Ghi chú\nLò Thị Nga,1998,,"Sơn La",14/02/2026,trao trả,Đồn BP X,\n' > link2.csv
sed 's/,$/,đã về nhà/' link2.csv > link2b.csv
"$HOTRO_BIN" -q intake import link1.csv || fail "link1"
nga=$(sql "SELECT person_id FROM case_file WHERE id = (SELECT max(id) FROM case_file)")
"$HOTRO_BIN" -q intake import link2.csv || fail "link2"
expect_eq "$(sql "SELECT person_id FROM case_file WHERE id = (SELECT max(id) FROM case_file)")" "$nga" "the second list's row is linked to her"
run --lang en intake import link2b.csv
expect_rc 0 "the linked row changed"
expect_in out "updated 1" "is an update"
expect_eq "$(sql "SELECT note FROM case_file WHERE id = (SELECT max(id) FROM case_file)")" "đã về nhà" "of the case"
expect_eq "$(sql "SELECT birth_date || ' ' || citizen_id || ' ' || residence FROM person WHERE id = $nga")" \
    "1998-03-12 014198001234 Xã Mường Lạn, tỉnh Sơn La" "the person is as her first list recorded her"
sed 's/014198001234/014198001235/' link1.csv > link1b.csv
"$HOTRO_BIN" -q intake import link1b.csv || fail "link1b"
expect_eq "$(sql "SELECT citizen_id FROM person WHERE id = $nga")" "014198001235" "the row that recorded her still corrects her"

finish
