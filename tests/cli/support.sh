# hotro support quote | add | approve | pay | cancel | list: supports priced by the rules in
# force on their date, refused when the rules refuse them, and their status flow.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
# A poor-household victim from Hà Giang, received before 1 July 2025, identified after it.
case=$("$HOTRO_BIN" intake add --name "Giàng Thị Dợ" --sex Nữ --birth 2000 --channel "trao trả" \
    --residence "Xã Lũng Cú, huyện Đồng Văn, tỉnh Hà Giang" --poor-household có --intake-date 10/06/2025 \
    --agency "Đồn Biên phòng Lũng Cú" --destination "Trung Quốc" --exploitation "ép buộc kết hôn")
"$HOTRO_BIN" -q verify start "$case" --agency "Phòng LĐTBXH huyện Đồng Văn" --date 11/06/2025 || fail "verify start"
AG="Cơ sở trợ giúp xã hội tỉnh Hà Giang"

# Being identified on 20/06/2025: essential needs at Hà Giang's rates (NQ 15/2020), no allowance.
run --lang en support quote "$case" --on 2025-06-20 --json
expect_rc 0 "quote"
expect_eq "$(json_get out '$.category')" "pending" "being identified on that date"
expect_eq "$(json_get out '$.province_rules')" "02.nq15-2020" "Hà Giang's resolution applies"
q() { sqlite3 :memory: "SELECT json_extract(value, '\$.$2') FROM json_each(readfile('$WORK/out'), '\$.entitlements') WHERE json_extract(value, '\$.kind') = '$1'"; }
expect_eq "$(q meals rate_vnd)" "60000" "meals at 60,000 a day"
expect_eq "$(q initial_hardship eligible)" "0" "no initial allowance while being identified"
expect_eq "$(q meals setting)" "facility" "meals are given during the stay at a facility"
expect_eq "$(q travel_fare setting)" "returning" "the fare on the return home"

run support add "$case" --kind meals --days 10 --date 20/06/2025 --agency "$AG" --json
expect_rc 0 "ten days of meals"
expect_eq "$(json_get out '$.amount_vnd')" "600000" "priced 10 × 60,000"
expect_eq "$(json_get out '$.rule')" "vn.decree09.meals" "the rule that priced it"
meals=$(json_get out '$.id')
expect_eq "$(sql "SELECT rule_version FROM support WHERE id = $meals" | wc -c)" "17" "the rule version is kept"
run support add "$case" --kind "tiền ăn trong thời gian lưu trú tại cơ sở" --days 85 --date 25/06/2025 --agency "$AG"
expect_rc 65 "over the 90-day cap"
expect_in err "vượt quá 90 ngày: đã hỗ trợ 10 ngày, thêm 85 ngày" "says the cap and what is used"
expect_in err "vn.decree09.meals" "names the rule"
run support add "$case" --kind meals --days 85 --date 25/06/2025 --agency "$AG" --override "quyết định gia hạn của giám đốc"
expect_rc 0 "overridden with a reason"
expect_in err "cảnh báo" "an override warns"
expect_eq "$(sql "SELECT override_reason FROM support ORDER BY id DESC LIMIT 1")" "quyết định gia hạn của giám đốc" "the override is stored"
expect_eq "$(sql "SELECT count(*) FROM audit WHERE command = 'support add' AND after LIKE '%quyết định gia hạn%'")" "1" "the override is audited"
run support add "$case" --kind meals --days 2 --date 26/06/2025 --agency "$AG" --amount 999999 --reason "x"
expect_rc 64 "no --amount when the rules price it"
for d in 0 -2; do
  run support add "$case" --kind meals --days=$d --date 26/06/2025 --agency "$AG"
  expect_rc 64 "--days $d"
  expect_in err "--days phải từ 1 trở lên, không phải $d" "says a day count is 1 or more"
done
run support add "$case" --kind personal_items --date 20/06/2025 --agency "$AG" --amount 0 --reason "gõ nhầm"
expect_rc 64 "no support of 0 VND (it would use up the one kit)"
expect_in err "--amount phải lớn hơn 0 đồng" "says why"
run support add "$case" --kind personal_items --date 20/06/2025 --agency "$AG" --amount 450.000 --reason "quần áo, dép"
expect_rc 0 "personal items at cost"
run support add "$case" --kind personal_items --date 20/06/2025 --agency "$AG" --amount 600000 --reason "x"
expect_rc 65 "a second kit is refused"
run support add "$case" --kind personal_items --date 20/06/2025 --agency "$AG"
expect_rc 64 "actual cost needs --amount"
run support add "$case" --kind initial_hardship --date 20/06/2025 --agency "$AG" --amount 1000000 --reason x
expect_rc 64 "the allowance is priced by the rules"
run support add "$case" --kind initial_hardship --date 20/06/2025 --agency "$AG"
expect_rc 65 "not while being identified"
expect_in err "chế độ này không dành cho người đang trong quá trình xác định là nạn nhân" "says why"
run support add "$case" --kind medical --date 09/06/2025 --agency "$AG" --amount 1 --reason x
expect_rc 65 "not before the intake"
run support add "$case" --kind medical --date 01/01/2027 --agency "$AG" --amount 1 --reason x
expect_rc 65 "not in the future"
run support add "$case" --kind holiday --date 20/06/2025 --agency "$AG"
expect_rc 64 "an unknown kind"
run support add 999 --kind meals --days 1 --date 20/06/2025 --agency "$AG"
expect_rc 66 "an unknown case"

# Identified on 05/07/2025 (Law 53/2024 in force): no national amount found, the agency gives it.
"$HOTRO_BIN" -q verify decide "$case" --result victim --agency "Công an tỉnh Tuyên Quang" --date 05/07/2025 \
    --certificate "12/GXN" --issued-by "Công an tỉnh Tuyên Quang" --document district_police || fail "decide"
run support add "$case" --kind initial_hardship --date 10/07/2025 --agency "Sở Y tế tỉnh Tuyên Quang"
expect_rc 64 "no amount in the rules: ask for it"
expect_in err "quy định có hiệu lực chưa có mức chi này" "says the rules set no amount"
run support add "$case" --kind initial_hardship --date 10/07/2025 --agency "Sở Y tế tỉnh Tuyên Quang" \
    --amount "2.000.000 đ" --reason "Quyết định 15/QĐ-SYT"
expect_rc 0 "allowance with the agency's amount"
allowance=$(sql "SELECT id FROM support WHERE kind = 'initial_hardship'")
expect_eq "$(sql "SELECT amount_vnd || ' ' || rule_id FROM support WHERE id = $allowance")" "2000000 vn.decree162.initial_hardship" "stored with its rule"
run support add "$case" --kind initial_hardship --date 11/07/2025 --agency "Sở Y tế tỉnh Tuyên Quang" --amount 1 --reason x
expect_rc 65 "the allowance is once only"
run --lang en support quote "$case" --on 2025-07-11
expect_rc 0 "quote after the decision"
expect_in out "Law 53/2024/QH15" "the new regime"
expect_in out "1/1 times used" "what is used"
expect_in out "at a facility" "quote says where each support is given"
expect_in out "on return home" "and which on the return home"
expect_in out "(an identified victim)" "the heading says whom the rules see"
# An accompanying child is quoted as one, not by the case's standing.
mother=$("$HOTRO_BIN" intake add --name "Lò Thị Na" --birth 2004 --intake-date 03/03/2026 --channel "trao trả" \
    --minor "Lò Văn Tú;Nam;2022;con")
child=$(sql "SELECT person_id FROM case_minor WHERE case_id = $mother")
run --lang en support quote "$mother" --person "$child" --on 2026-03-04
expect_in out "Lò Văn Tú (a person under 18 accompanying a person being identified as a victim)" "a minor's quote"
CHECKS=$((CHECKS + 1))
grep "General education" "$WORK/out" | grep -q "not for a person under 18 accompanying a person being identified" ||
    fail "Law 53/2024 Art. 37: no general education for the minor of a person being identified"
run support list 999
expect_rc 66 "support list of a case that does not exist"
expect_in err "#999" "names it"
run support list "$mother"
expect_rc 0 "a case with no support"
run support quote "$mother" --on 2026-03-04
expect_in out "Lò Thị Na (người đang trong quá trình xác định là nạn nhân)" "received: being identified, for the rules"
run support add "$mother" --person "$child" --kind meals --days 3 --date 04/03/2026 --agency "$AG" --amount 150000 --reason "tiền ăn"
expect_rc 0 "a support for the accompanying child"
run case timeline "$mother"
expect_in out "cho Lò Văn Tú (người dưới 18 tuổi đi cùng)" "the timeline says whom the support was for"

# Approval and payment.
run support pay "$meals"
expect_rc 65 "no payment before approval"
run support approve "$meals" --decision "45/QĐ-TTCTXH" --by "Giám đốc Trung tâm" --date 30/06/2025
expect_rc 0 "approved"
expect_eq "$(sql "SELECT count(*) FROM agency WHERE name = 'Giám đốc Trung tâm'")" "0" "the decider is not made an agency"
expect_eq "$(sql "SELECT a.name = (SELECT a2.name FROM support s JOIN agency a2 ON a2.id = s.agency_id WHERE s.id = $meals)
                  FROM case_event e JOIN agency a ON a.id = e.agency_id WHERE e.kind = 'support_approved'")" "1" \
    "the approval is the giving agency's event"
run support approve "$meals" --decision "46" --by "x" --date 30/06/2025
expect_rc 65 "approved only once"
run support pay "$meals" --date 01/07/2025
expect_rc 0 "paid"
expect_eq "$(sql "SELECT status || ' ' || decision_no || ' ' || paid_date FROM support WHERE id = $meals")" \
    "paid 45/QĐ-TTCTXH 2025-07-01" "the flow is stored"
run support cancel "$meals" --reason "nhầm"
expect_rc 65 "a paid support cannot be cancelled"
run support cancel "$allowance" --reason "trùng quyết định" --date 12/07/2025
expect_rc 0 "cancelled"
run support add "$case" --kind initial_hardship --date 12/07/2025 --agency "Sở Y tế tỉnh Tuyên Quang" --amount 2000000 --reason "QĐ 16"
expect_rc 0 "a cancelled support frees its cap"
run support pay 999
expect_rc 66 "an unknown support"

run support list "$case" --json
expect_eq "$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$WORK/out'))")" "5" "five supports"
run support list --period 2025-Q2 --status paid
expect_in out "600.000" "list by period and status"
expect_in out "1 khoản" "one support of Q2 paid"
run support list --agency "so y te" --json
expect_rc 0 "list by the giving agency, without accents"
expect_eq "$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$WORK/out'))")" "2" "the two supports given by Sở Y tế"
run support list --agency "Không có cơ quan này" --json
expect_eq "$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$WORK/out'))")" "0" "no support of an agency unknown"
run case timeline "$case"
expect_in out "Hỗ trợ #$meals: Tiền ăn trong thời gian lưu trú tại cơ sở, 10 ngày, 600.000 đồng" "supports in the timeline"
expect_in out "Hỗ trợ #$meals: Đã chi trả" "payment in the timeline"
# A batch of supports from a list (CSV), same behaviour as intake import.
cat > batch.csv <<CSV
Hồ sơ,Loại hỗ trợ,Ngày,Cơ quan,Số ngày,Số tiền,Lý do
$case,Tiền ăn trong những ngày đi đường,15/07/2025,Sở Y tế tỉnh Tuyên Quang,3,300.000,3 ngày đi đường
$case,Hỗ trợ tâm lý,16/07/2025,Trung tâm CTXH tỉnh Tuyên Quang,,,
$case,holiday,16/07/2025,Trung tâm CTXH tỉnh Tuyên Quang,,,
999,legal_aid,16/07/2025,Trung tâm TGPL,,,
CSV
before=$(sql "SELECT count(*) FROM support")
run support import batch.csv
expect_rc 65 "a bad row refuses the whole batch"
expect_in err "batch.csv:4: loại hỗ trợ 'holiday' không có" "names the line and the field"
expect_in err "batch.csv:5: không có hồ sơ #999" "an unknown case"
expect_eq "$(sql "SELECT count(*) FROM support")" "$before" "nothing written"
run support import batch.csv --dry-run --json
expect_eq "$(json_get out '$.recorded')" "2" "dry run: two rows would be recorded"
run support import batch.csv --skip-invalid
expect_rc 0 "the good rows with --skip-invalid"
expect_eq "$(sql "SELECT count(*) FROM support")" "$((before + 2))" "two supports added"
expect_eq "$(sql "SELECT amount_vnd FROM support WHERE kind = 'travel_meals'")" "300000" "the amount read as VND"
expect_in batch.csv.rejects.csv "holiday" "the rejected rows kept to fix"
expect_eq "$(sql "SELECT count(*) FROM audit WHERE command = 'support import'")" "2" "each row audited"
# The list read again, after its bad rows were fixed: the supports already recorded are not
# recorded (nor paid) twice.
sed -i '/holiday/d; /^999,/d' batch.csv
run --lang en support import batch.csv
expect_rc 0 "the corrected list"
expect_in out "recorded 0, already recorded 2, rejected 0" "its rows are already recorded"
expect_eq "$(sql "SELECT count(*) FROM support")" "$((before + 2))" "no second support"
sed 's/,3,300.000,3 ngày đi đường/,2,200.000,2 ngày đi đường/' batch.csv > batch2.csv
run --lang en support import batch2.csv
expect_rc 0 "a row with other days"
expect_in out "recorded 1, already recorded 1" "is another support"
# A row's refusal names the form's columns, not the options of support add.
cat > noamount.csv <<CSV
Hồ sơ,Loại hỗ trợ,Ngày,Cơ quan,Số tiền,Lý do
$case,Khám chữa bệnh,21/07/2025,Trung tâm CTXH tỉnh Tuyên Quang,,
CSV
run --lang en support import noamount.csv
expect_rc 65 "an actual cost without its amount"
expect_in err "noamount.csv:2: give the column Số tiền (amount) and the column Lý do (reason): this support pays the actual cost" "names the columns"
expect_not_in err "--amount" "not the options"
# Two actual costs of one day with the same amount, for different things, are two supports.
cat > costs.csv <<CSV
Hồ sơ,Loại hỗ trợ,Ngày,Cơ quan,Số tiền,Lý do
$case,Khám chữa bệnh,20/07/2025,Trung tâm CTXH tỉnh Tuyên Quang,200.000,khám sức khỏe
$case,Khám chữa bệnh,20/07/2025,Trung tâm CTXH tỉnh Tuyên Quang,200.000,xét nghiệm máu
CSV
run --lang en support import costs.csv
expect_rc 0 "two costs"
expect_in out "recorded 2, already recorded 0" "both recorded"
run --lang en support import costs.csv
expect_in out "recorded 0, already recorded 2" "and each found again"

# Settlement (quyết toán) of what was paid, and next year's estimate (dự toán).
run --lang en support settle --period 2025-Q3 --json
expect_eq "$(json_get out '$.total_vnd')" "600000" "paid in Q3 2025: the meals paid on 01/07/2025"
expect_eq "$(json_get out '$.groups[0].kind')" "meals" "by kind"
expect_eq "$(json_get out '$.supports[0].decision_no')" "45/QĐ-TTCTXH" "the list behind it"
run support settle --period 2025-Q3 --agency "không có"
expect_in out "Tổng cộng" "an agency filter"
expect_not_in out "600.000" "that matches nothing"
run --lang en support estimate --year 2026 --json
expect_rc 0 "estimate 2026 from 2025"
expect_eq "$(json_get out '$.rules')" "vn.decree162" "priced with the rules of 01/01/2026"
expect_eq "$(json_get out '$.persons_last_year')" "1" "one person supported in 2025"
est() { sqlite3 :memory: "SELECT json_extract(value, '\$.$2') FROM json_each(readfile('$WORK/out'), '\$.lines') WHERE json_extract(value, '\$.kind') = '$1'"; }
expect_eq "$(est meals days)" "95" "95 days of meals last year"
expect_eq "$(est meals estimate_vnd)" "" "Decree 162 sets no meals rate: no amount invented"
expect_eq "$(est personal_items estimate_vnd)" "450000" "actual cost carried at last year's"
expect_eq "$(json_get out '$.unpriced')" "3" "meals, travel meals and the allowance have no amount"
run --lang en support estimate --year 2025 --persons 10 --province 02 --json
expect_rc 65 "nothing in 2024 to scale from"
run --lang en support estimate --year 2026 --persons 10 --json
expect_eq "$(est meals days)" "950" "scaled to 10 persons"
run support estimate --year 2026
expect_in out "chưa có mức" "the Vietnamese table marks missing amounts"

run audit verify
expect_rc 0 "the audit chain holds"

run support estimate --year 2026 --persons 0
expect_rc 64 "--persons 0"
expect_in err "phải là số từ 1 trở lên, không phải '0'" "says what it must be"

# An accompanying minor who turns 18 during the case is entitled to nothing from that day on.
"$HOTRO_BIN" -q --db grown.db init || fail "init grown.db"
g=$("$HOTRO_BIN" --db grown.db intake add --name "Giàng Thị A" --birth 01/01/1990 --residence "Xã Lũng Cú, huyện Đồng Văn, tỉnh Hà Giang" \
    --intake-date 01/03/2025 --channel "trao trả" --agency TT --poor-household có --minor "Giàng A B;Nam;15/08/2007;em")
"$HOTRO_BIN" -q --db grown.db verify start "$g" --agency CA --date 02/03/2025 || fail "verify start"
"$HOTRO_BIN" -q --db grown.db verify decide "$g" --result victim --agency CA --date 10/03/2025 --certificate 1/GXN \
    --issued-by CA --document district_police || fail "verify decide"
minor=$(sqlite3 grown.db "SELECT person_id FROM case_minor WHERE case_id = $g")
run --lang en --db grown.db support quote "$g" --person "$minor" --on 2025-08-14 --json
expect_eq "$(json_get out '$.category')" "minor" "17 on 14/08/2025: an accompanying minor"
run --lang en --db grown.db support quote "$g" --person "$minor" --on 2025-08-15
expect_in out "(companion now 18 or over)" "18 on 15/08/2025"
expect_in out "the companion is 18 or over on 15/08/2025" "no entitlement, and why"
run --lang en --db grown.db support add "$g" --person "$minor" --kind meals --days 10 --date 20/08/2025 --agency TT --amount 600000 --reason "QĐ 1/SYT"
expect_rc 65 "a support for the grown companion"
expect_in err "the companion is 18 or over on 20/08/2025" "is refused"
# The quote counts what is left as support add does: a support dated after the day takes its
# share of the cap too.
"$HOTRO_BIN" -q --db grown.db support add "$g" --kind meals --days 10 --date 25/06/2025 --agency TT || fail "meals 25/06"
"$HOTRO_BIN" -q --db grown.db support add "$g" --kind meals --days 30 --date 01/07/2025 --agency TT --amount 1800000 --reason "QĐ 2/SYT" || fail "meals 01/07"
run --db grown.db support quote "$g" --on 2025-06-30 --json
expect_eq "$(q meals used.days)/$(q meals days_left)" "10/50" "used up to the day, 50 days left after every support"
run --lang en --db grown.db support quote "$g" --on 2025-06-30
expect_in out "0/5 days used (?)" "an unconfirmed limit is marked (Circular 84/2019: 5 days in the draft only)"
run --lang en --db grown.db support add "$g" --kind meals --days 51 --date 30/06/2025 --agency TT
expect_rc 65 "51 more days"
expect_in err "over the cap of 90 days: 40 days given, 51 more asked" "over what the quote said was left"
# A quote on a date no regime covers says so, and is no error.
old=$("$HOTRO_BIN" --db grown.db intake add --name "Cũ Thị Z" --residence "Tỉnh Hà Giang" --intake-date 01/06/2012 --channel "tự trở về" --agency TT)
run --lang en --db grown.db support quote "$old" --on 2012-12-01
expect_rc 0 "no regime in force"
expect_in out "No support rules are in force on that date." "says so"
run --lang en --db grown.db support quote "$old" --on 2012-12-01 --json
expect_rc 0 "the same, as JSON"
expect_eq "$(json_get out '$.rules')/$(json_get out '$.entitlements[0].kind')" "/" "no rules, no entitlement"
# A cancellation is not dated before the approval it undoes; an estimate for a province code
# no province has is refused.
s25=$(sqlite3 grown.db "SELECT id FROM support WHERE support_date = '2025-06-25'")
"$HOTRO_BIN" -q --db grown.db support approve "$s25" --decision "1/QĐ" --by "Giám đốc" --date 26/06/2025 || fail "approve"
run --lang en --db grown.db support cancel "$s25" --reason "nhầm" --date 25/06/2025
expect_rc 65 "a cancellation before the approval"
expect_in err "the cancellation date 25/06/2025 is before the approval on 26/06/2025" "says so"
run --lang en --db grown.db support estimate --year 2026 --province 99
expect_rc 64 "no province 99"
expect_in err "no province has code 99" "says so"

finish
