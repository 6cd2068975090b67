# A person's citizenship (quốc tịch): recorded by intake add and import ("Quốc tịch" column,
# code list with variants, 'không quốc tịch'), shown by case show, corrected by edit, exported,
# and deciding the supports a foreigner may receive (Law 66/2011 Art. 32: not vocational training).
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"

run intake add --name "Sổm Phết" --sex Nữ --birth 1999 --channel "giải cứu" --intake-date 10/06/2025 \
    --residence "Xã Lũng Cú, tỉnh Hà Giang" --citizenship Lào --poor-household có
expect_rc 0 "intake add with a citizenship"
foreign=$(cat out)
expect_eq "$(sql "SELECT citizenship FROM person WHERE id = (SELECT person_id FROM case_file WHERE id = $foreign)")" "LA" "stored as its ISO code"
run case show "$foreign"
expect_in out "Quốc tịch" "case show has the line"
expect_in out "Lào" "with the label"
run case show "$foreign" --json
expect_eq "$(json_get out '$.person.citizenship')" "LA" "and the code in JSON"
run intake add --name "Giàng Thị Dợ" --sex Nữ --birth 2000 --channel "trao trả" --intake-date 10/06/2025 \
    --residence "Xã Lũng Cú, tỉnh Hà Giang" --poor-household có
vn=$(cat out)
run case show "$vn"
expect_in out "(chưa ghi)" "not recorded when not given"
run intake add --name "Người Sao Hỏa" --channel "giải cứu" --citizenship "Sao Hỏa"
expect_rc 65 "an unknown citizenship is refused"
expect_in err "Sao Hỏa" "naming the value"

# Import: the "Quốc tịch" column, with variants; an empty cell leaves it unrecorded.
cat > list.csv <<'CSV'
Họ và tên,Năm sinh,Quốc tịch,Ngày tiếp nhận,Hình thức tiếp nhận
Lò Thị Một,1990,Việt Nam,01/03/2026,Tự trở về
Lò Thị Hai,1991,không quốc tịch,02/03/2026,Tự trở về
Lò Thị Ba,1992,Trung Quốc,03/03/2026,Tự trở về
Lò Thị Bốn,1993,,04/03/2026,Tự trở về
CSV
run intake import list.csv
expect_rc 0 "import with a citizenship column"
expect_eq "$(sql "SELECT group_concat(coalesce(citizenship, '-'), ',') FROM (SELECT citizenship FROM person WHERE full_name LIKE 'Lò Thị %' ORDER BY id)")" \
    "VN,stateless,CN,-" "codes from the variants"
run intake import list.csv
expect_in out "mới 0, cập nhật 0, không đổi 4" "a re-import adds nothing"
expect_eq "$(sql "SELECT count(*) FROM person WHERE full_name LIKE 'Lò Thị %'")" "4" "nothing added again"
sed -i 's/^Lò Thị Bốn,1993,,/Lò Thị Bốn,1993,Campuchia,/' list.csv
run intake import list.csv
expect_in out "mới 0, cập nhật 1, không đổi 3" "a citizenship filled in later updates the record"
expect_eq "$(sql "SELECT citizenship FROM person WHERE full_name = 'Lò Thị Bốn'")" "KH" "updated"
printf 'Họ và tên,Năm sinh,Quốc tịch,Ngày tiếp nhận,Hình thức tiếp nhận\nLò Thị Năm,1994,Sao Hỏa,05/03/2026,Tự trở về\n' > bad.csv
run intake import bad.csv
expect_rc 65 "an unknown citizenship in a list"
expect_in err "bad.csv:2: Quốc tịch" "FILE:LINE: column"

# Edit: set and clear, with undo.
run edit "$vn" citizenship=VN --reason "hộ chiếu"
expect_rc 0 "edit sets the citizenship"
expect_eq "$(sql "SELECT citizenship FROM person WHERE id = (SELECT person_id FROM case_file WHERE id = $vn)")" "VN" "set"
run edit --where citizenship=Lào --set "citizenship=không quốc tịch" --yes --dry-run
expect_rc 0 "--where citizenship by a variant"
expect_in out "1 thay đổi trong 1 hồ sơ" "finds the one foreigner"
expect_in out "→ Không quốc tịch" "shows the new value"
expect_eq "$(sql "SELECT citizenship FROM person WHERE full_name = 'Sổm Phết'")" "LA" "a dry run writes nothing"

# Supports: identified victims before 1/7/2025 (Decree 09); vocational training is for Vietnamese
# citizens and stateless residents only.
for c in "$foreign" "$vn"; do
    "$HOTRO_BIN" -q verify start "$c" --agency "Phòng LĐTBXH huyện Đồng Văn" --date 11/06/2025 || fail "verify start $c"
    "$HOTRO_BIN" -q verify decide "$c" --result victim --agency "Công an tỉnh Hà Giang" --date 15/06/2025 \
        --certificate "1$c/GXN" --issued-by "Công an tỉnh Hà Giang" --document district_police || fail "decide $c"
done
q() { sqlite3 :memory: "SELECT json_extract(value, '\$.$2') FROM json_each(readfile('$WORK/out'), '\$.entitlements') WHERE json_extract(value, '\$.kind') = '$1'"; }
run --lang en support quote "$foreign" --on 2025-06-20 --json
expect_rc 0 "quote for the foreigner"
expect_eq "$(json_get out '$.citizenship')" "LA" "the quote names the citizenship"
expect_eq "$(json_get out '$.citizenship_group')" "foreign" "and its group in the rules"
expect_eq "$(q vocational_training eligible)" "0" "no vocational training for a foreigner"
expect_in out "this support is not for this citizenship" "says why"
expect_eq "$(q meals eligible)" "1" "meals are for foreigners too"
run --lang en support quote "$vn" --on 2025-06-20 --json
expect_eq "$(json_get out '$.citizenship_group')" "vn" "a Vietnamese citizen"
expect_eq "$(q vocational_training eligible)" "1" "vocational training for a Vietnamese citizen"
run --lang en support quote "$foreign" --on 2025-06-20
expect_in out "Citizenship: Lao People" "the table names it"

# Exports: the column, and ISO citizenship in the anonymised extract.
run export --out cases.csv
expect_in cases.csv ",citizenship" "the case export has the column"
run export --anonymised --k 2 --out anon.csv
expect_in anon.csv "majorityStatus,citizenship,CountryOfExploitation" "the CTDC-shaped extract too"
finish
