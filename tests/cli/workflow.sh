# hotro verify | refer | case timeline: complete cases walked through the workflow, and the
# histories the law does not allow.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
count_of() { sqlite3 :memory: "SELECT json_array_length(readfile('$WORK/out'))"; }

# 1. A self-returned adult: identified by the district police, supported at home.
adult=$("$HOTRO_BIN" intake add --name "Nguyễn Thị Hường" --sex Nữ --birth 1996 --channel "tự trở về" \
    --residence "Xã Quảng Phú, tỉnh Thanh Hóa" --intake-date 02/03/2026 --agency "UBND xã Quảng Phú" \
    --destination "Campuchia" --exploitation "cưỡng bức lao động")
run verify start "$adult" --agency "Công an xã Quảng Phú" --date 03/03/2026
expect_rc 0 "adult: verification starts"
expect_eq "$(sql "SELECT status FROM case_file WHERE id = $adult")" "being_identified" "adult: being identified"
run verify decide "$adult" --result victim --agency "Công an tỉnh Thanh Hóa" --date 20/03/2026 \
    --certificate "35/GXN-CAT" --issued-by "Công an tỉnh Thanh Hóa" --document district_police --basis "Điều 5 khoản 1 NĐ 62/2012"
expect_rc 0 "adult: identified"
run refer send "$adult" --to "UBND xã Quảng Phú" --reason "về nơi cư trú" --agency "Công an tỉnh Thanh Hóa" --date 21/03/2026
expect_rc 0 "adult: referred home"
ref=$(cat out)
run refer accept "$ref" --date 22/03/2026
expect_rc 0 "adult: referral accepted"
run refer complete "$ref" --date 24/03/2026 --note "đã về đến nhà"
expect_rc 0 "adult: referral completed"
run case timeline "$adult" --json
expect_eq "$(sqlite3 :memory: "SELECT group_concat(json_extract(value, '\$.kind'), ' ') FROM json_each(readfile('$WORK/out'))")" \
    "intake verify_start verify_decide refer_send refer_accept refer_complete" "adult: the timeline in order"
expect_eq "$(json_get out '$[2].detail.certificate.number')" "35/GXN-CAT" "adult: the certificate in the timeline"
run case timeline "$adult"
expect_in out "Quyết định: là nạn nhân (giấy xác nhận số 35/GXN-CAT" "adult: the decision in Vietnamese"
expect_in out "24/03/2026" "adult: dates as dd/mm/yyyy"
run --lang en case timeline "$adult"
expect_in out "Referral #$ref: Completed (đã về đến nhà)" "adult: the timeline in English"

# 2. A minor handed over at the border with an accompanying child.
minor=$("$HOTRO_BIN" intake add --name "Sùng Thị Dở" --sex Nữ --birth 15/08/2010 --channel "trao trả" \
    --intake-date 10/04/2026 --agency "Đồn Biên phòng Cửa khẩu Lào Cai" --destination "Trung Quốc" \
    --exploitation "ép buộc kết hôn" --minor "Sùng A Lừ;Nam;2025;con")
run verify start "$minor" --agency "Đồn Biên phòng Cửa khẩu Lào Cai" --date 10/04/2026
expect_rc 0 "minor: verification"
run verify protect "$minor" --measure "giữ bí mật nhân thân" --agency "Công an tỉnh Lào Cai" --date 11/04/2026
expect_rc 0 "minor: protection while being identified"
run verify decide "$minor" --result victim --agency "Đồn Biên phòng Cửa khẩu Lào Cai" --date 12/04/2026 \
    --certificate "08/GXN" --issued-by "Đồn Biên phòng Cửa khẩu Lào Cai" --document rescuing_agency
expect_rc 0 "minor: identified"
run verify protect "$minor" --measure temporary_shelter --agency "Công an tỉnh Lào Cai" --date 12/04/2026 \
    --until 12/05/2026 --for "relative:Sùng A Páo"
expect_rc 0 "minor: protection for a relative"
run refer send "$minor" --to "Trung tâm Công tác xã hội tỉnh Lào Cai" --reason "hỗ trợ tại cơ sở" \
    --agency "Đồn Biên phòng Cửa khẩu Lào Cai" --date 13/04/2026
expect_rc 65 "minor: no referral without an escort"
expect_in err "--escort" "minor: says how"
run refer send "$minor" --to "Trung tâm Công tác xã hội tỉnh Lào Cai" --reason "hỗ trợ tại cơ sở" \
    --agency "Đồn Biên phòng Cửa khẩu Lào Cai" --date 13/04/2026 --escort
expect_rc 0 "minor: referred with an escort"
ref=$(cat out)
run refer decline "$ref" --date 14/04/2026 --note "  "
expect_rc 64 "a decline without its reason (Circular 35/2013 Art. 16(3))"
expect_in err "--note" "says what is missing"
run refer decline "$ref" --date 14/04/2026 --note "hết chỗ"
expect_rc 0 "minor: the facility declines"
run refer send "$minor" --to "Cơ sở trợ giúp xã hội tỉnh Yên Bái" --reason "hỗ trợ tại cơ sở" \
    --agency "Đồn Biên phòng Cửa khẩu Lào Cai" --date 14/04/2026 --force "mẹ đến đón và đi cùng"
expect_rc 0 "minor: without escort only with a stated reason"
run case timeline "$minor" --json
expect_eq "$(count_of)" "8" "minor: intake and seven events"
expect_eq "$(json_get out '$[4].detail.for.relative')" "Sùng A Páo" "minor: protection of a relative"
expect_eq "$(json_get out '$[7].detail.forced')" "mẹ đến đón và đi cùng" "minor: the reason for no escort"
expect_eq "$(sql "SELECT count(*) FROM case_minor WHERE case_id = $minor")" "1" "minor: the accompanying child is linked"

# 3. A person found not to be a victim.
nv=$("$HOTRO_BIN" intake add --name "Lý Văn Tài" --sex Nam --birth 1990 --channel "tin báo" --intake-date 01/05/2026 --agency "Công an xã")
run verify start "$nv" --agency "Công an huyện Mường Khương" --date 02/05/2026
run verify decide "$nv" --result not-victim --agency "Công an huyện Mường Khương" --date 20/05/2026 --basis "đi lao động tự do"
expect_rc 0 "not a victim"
expect_eq "$(sql "SELECT status FROM case_file WHERE id = $nv")" "not_victim" "status not_victim"
run verify protect "$nv" --measure guard --agency "Công an huyện" --date 21/05/2026
expect_rc 65 "no protection measure for a person found not to be a victim"

# 4. A corrected decision.
run verify decide "$nv" --result victim --agency "Công an tỉnh" --date 01/06/2026 \
    --certificate 1/GXN --issued-by "Công an tỉnh" --document procedural_body
expect_rc 65 "a second decision without a correction"
expect_in err "verify correct" "says how to correct"
run verify correct "$nv" --result victim --agency "Công an tỉnh" --date 01/06/2026 \
    --certificate 1/GXN --issued-by "Cơ quan CSĐT Công an tỉnh" --document procedural_body \
    --reason "có thêm lời khai của người làm chứng"
expect_rc 0 "a correction with its reason"
expect_eq "$(sql "SELECT status FROM case_file WHERE id = $nv")" "identified" "corrected to identified"
expect_eq "$(sql "SELECT json_extract(before, '\$.status') || ' -> ' || json_extract(after, '\$.status') FROM audit WHERE action = 'verify_correct'")" \
    "not_victim -> identified" "the correction is audited with before and after"

# Impossible histories: exit 65, nothing written.
fresh=$("$HOTRO_BIN" intake add --name "Hà Thị Nga" --channel 111 --intake-date 01/06/2026)
a=$(sql 'SELECT count(*) FROM audit')
run verify decide "$fresh" --result not-victim --agency X --date 02/06/2026
expect_rc 65 "a decision before verification started"
run verify start "$fresh" --agency X --date 31/05/2026
expect_rc 65 "an event before the intake"
run verify start "$fresh" --agency X --date 26/11/2026
expect_rc 65 "an event in the future"
run verify start "$fresh" --agency X --date 02/06/2026
run verify decide "$fresh" --result victim --agency X --date 03/06/2026
expect_rc 65 "a victim decision without its certificate"
run verify decide "$fresh" --result victim --agency X --date 03/06/2026 --certificate 1 --issued-by X --document thư
expect_rc 65 "an unknown document type"
run verify decide "$fresh" --result victim --agency X --date 01/06/2026 --certificate 1 --issued-by X --document district_police
expect_rc 65 "a decision before verification started (by date)"
run --lang en verify decide "$fresh" --result victim --agency X --date 03/06/2026 --certificate " " --issued-by X --document district_police
expect_rc 65 "a certificate number of spaces"
expect_in err "the certificate needs its number" "is no number"
run --lang en verify decide "$fresh" --result victim --agency X --date 03/06/2026 --certificate 1 --issued-by "  " --document district_police
expect_rc 65 "an issuer of spaces"
expect_in err "the certificate needs its issuing agency" "is no issuer"
expect_eq "$(sql 'SELECT count(*) FROM audit')" "$((a + 1))" "only the valid start was written"

# Usage and missing records.
run verify start 999 --agency X
expect_rc 66 "no such case"
run refer accept 999
expect_rc 66 "no such referral"
run verify decide "$fresh" --result maybe --agency X --date 03/06/2026
expect_rc 64 "a result is victim or not-victim"
run verify decide "$fresh" --result victim --agency X --date 03/06/2026 --certificate 1
expect_rc 64 "a certificate needs its issuer and type"
run verify protect "$fresh" --measure guard --agency X --date 03/06/2026 --for "Hà Văn B"
expect_rc 64 "--for takes relative:NAME"
run verify protect "$fresh" --measure guard --agency X --date 03/06/2026 --for "relative:   "
expect_rc 64 "--for relative: with a blank name"
run verify start "$fresh" --agency X --date 2026
expect_rc 64 "a date needs day and month"
run audit verify
expect_rc 0 "the audit trail holds"

finish
