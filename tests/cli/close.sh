# hotro case close | reopen: the end of a case (kết thúc hồ sơ), what a closed case refuses
# (verification, protection, referral, support, also from the batch forms), reopening it, and
# `case overdue --on` measured against each case's standing on that date.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
add() { "$HOTRO_BIN" intake add --name "$1" --birth 1995 --channel "trao trả" --residence "Xã Lũng Cú, huyện Đồng Văn, tỉnh Hà Giang" \
    --poor-household có --intake-date "$2" --agency "Đồn Biên phòng Lũng Cú"; }
AG="Cơ sở trợ giúp xã hội tỉnh Hà Giang"

# A victim identified under Decree 09, with two supports proposed.
a=$(add "Giàng Thị A" 10/06/2025)
"$HOTRO_BIN" -q verify start "$a" --agency "Công an huyện Đồng Văn" --date 11/06/2025 || fail "verify start"
"$HOTRO_BIN" -q verify decide "$a" --result victim --agency "Công an huyện Đồng Văn" --date 20/06/2025 \
    --certificate 7/GXN --issued-by "Công an huyện Đồng Văn" --document district_police || fail "verify decide"
run support add "$a" --kind meals --days 5 --date 21/06/2025 --agency "$AG" --json
expect_rc 0 "meals proposed"
meals=$(json_get out '$.id')
run support add "$a" --kind personal_items --date 21/06/2025 --agency "$AG" --amount 450.000 --reason "quần áo" --json
expect_rc 0 "personal items proposed"
items=$(json_get out '$.id')

# Closing: one dated event and one audit entry.
audits=$(sql "SELECT count(*) FROM audit")
run case close "$a" --reason "tái hòa nhập cộng đồng" --agency "UBND xã Lũng Cú" --date 01/09/2025 --officer "Chị Mai"
expect_rc 0 "close"
expect_in out "Hồ sơ #$a: đã kết thúc ngày 01/09/2025 (Đã tái hòa nhập cộng đồng)" "says when and why"
expect_eq "$(sql "SELECT status FROM case_file WHERE id = $a")" "closed" "the status is closed"
expect_eq "$(sql "SELECT count(*) FROM audit")" "$((audits + 1))" "one audit entry"
expect_eq "$(sql "SELECT command || '|' || json_extract(before, '\$.status') || '>' || json_extract(after, '\$.status') FROM audit ORDER BY id DESC LIMIT 1")" \
    "case close|identified>closed" "the audit entry says from what"
expect_eq "$(sql "SELECT event_date || ' ' || officer || ' ' || json_extract(detail, '\$.reason') FROM case_event WHERE case_id = $a AND kind = 'case_close'")" \
    "2025-09-01 Chị Mai reintegrated" "the closure event"

# A closed case refuses new steps, naming the closure.
run refer send "$a" --to "Trung tâm CTXH tỉnh Hà Giang" --reason "hỗ trợ" --agency "UBND xã Lũng Cú" --date 02/09/2025
expect_rc 65 "a referral of a closed case is refused"
expect_in err "hồ sơ #$a đã kết thúc ngày 01/09/2025 (Đã tái hòa nhập cộng đồng)" "names the closure date"
expect_in err "không thể chuyển tuyến hồ sơ đã kết thúc" "says why"
run --lang en refer send "$a" --to "Trung tâm CTXH tỉnh Hà Giang" --reason "hỗ trợ" --agency "UBND xã Lũng Cú" --date 02/09/2025
expect_rc 65 "refused in English too"
expect_in err "case #$a was closed on 01/09/2025 (Reintegrated into the community); a closed case cannot be referred" "in English"
run --lang en verify protect "$a" --measure guard --agency "Công an tỉnh Hà Giang" --date 02/09/2025
expect_rc 65 "protection refused"
expect_in err "was closed on 01/09/2025" "protection: names the closure"
run --lang en verify correct "$a" --result not-victim --reason "nhầm" --agency "Công an tỉnh Hà Giang" --date 02/09/2025
expect_rc 65 "a correction refused"
run --lang en support add "$a" --kind medical --date 02/09/2025 --agency "$AG" --amount 100000 --reason "khám"
expect_rc 65 "a new support refused"
expect_in err "was closed on 01/09/2025 (Reintegrated into the community); a closed case receives no new or approved support" "support: why"
run --lang en support approve "$meals" --decision "45/QĐ" --by "Giám đốc" --date 02/09/2025
expect_rc 65 "an approval refused"
expect_in err "was closed on 01/09/2025" "approval: names the closure"
run support cancel "$items" --reason "không cần nữa" --date 02/09/2025
expect_rc 0 "what was proposed before can still be cancelled"
run --lang en case close "$a" --reason died --agency "UBND xã Lũng Cú" --date 03/09/2025
expect_rc 65 "closed twice"
expect_in err "it is already closed" "double close: why"
expect_eq "$(sql "SELECT count(*) FROM referral WHERE case_id = $a")" "0" "nothing was referred"
expect_eq "$(sql "SELECT status FROM support WHERE id = $meals")" "proposed" "nothing was approved"

# The batch forms apply the same rules.
printf 'Hồ sơ,Bước,Ngày,Cơ quan,Biện pháp bảo vệ\n%s,Bảo vệ,02/09/2025,Công an tỉnh Hà Giang,Giữ bí mật nhân thân\n' "$a" > verify.csv
run --lang en verify import verify.csv
expect_rc 65 "verify import: refused"
expect_in err "verify.csv:2: case #$a was closed on 01/09/2025" "verify import: the row and the closure"
printf 'Hồ sơ,Thao tác,Ngày,Cơ quan,Nơi nhận,Lý do\n%s,Chuyển,02/09/2025,UBND xã Lũng Cú,Trung tâm CTXH,hỗ trợ\n' "$a" > refer.csv
run --lang en refer import refer.csv
expect_rc 65 "refer import: refused"
expect_in err "refer.csv:2: case #$a was closed on 01/09/2025 (Reintegrated into the community); a closed case cannot be referred" "refer import: why"

# Reading a closed case.
run case list --status closed --json
expect_eq "$(sqlite3 :memory: "SELECT group_concat(json_extract(value, '\$.id')) FROM json_each(readfile('$WORK/out'))")" "$a" "case list --status closed"
run case show "$a"
expect_in out "($(sql "SELECT label_vi FROM code_list WHERE list = 'case_status' AND code = 'closed'"))" "case show: the status"
expect_in out "01/09/2025: Đã tái hòa nhập cộng đồng" "case show: when and why"
run case show "$a" --json
expect_eq "$(json_get out '$.closure.reason')" "reintegrated" "case show --json: the reason"
expect_eq "$(json_get out '$.closure.from')" "identified" "case show --json: the status it closed from"
run case timeline "$a"
expect_in out "Kết thúc hồ sơ: Đã tái hòa nhập cộng đồng" "timeline: the closure"
run --lang en case timeline "$a" --json
expect_eq "$(sqlite3 :memory: "SELECT group_concat(json_extract(value, '\$.kind'), ' ') FROM json_each(readfile('$WORK/out')) WHERE key >= 3")" \
    "support_add support_add case_close support_cancelled" "timeline --json: the closure, then the cancellation after it"

# Reopening: back to where it was; then the case takes steps again.
run case reopen "$a" --reason "bị mua bán lại" --agency "Công an tỉnh Hà Giang" --date 31/08/2025
expect_rc 65 "not before the closure"
run case reopen "$a" --reason "bị mua bán lại" --agency "Công an tỉnh Hà Giang" --date 01/10/2025
expect_rc 0 "reopen"
expect_in out "Hồ sơ #$a: đã mở lại (Đã xác định là nạn nhân)" "back to identified"
expect_eq "$(sql "SELECT status FROM case_file WHERE id = $a")" "identified" "the status before the closure"
expect_eq "$(sql "SELECT count(*) FROM audit WHERE command = 'case reopen'")" "1" "the reopening is audited"
run --lang en case timeline "$a"
expect_in out "Case reopened: bị mua bán lại; back to: Identified victim" "timeline: the reopening"
run --lang en case reopen "$a" --reason x --agency "Công an tỉnh Hà Giang" --date 02/10/2025
expect_rc 65 "reopen needs a closed case"
expect_in err "not closed" "reopen: why"
run support approve "$meals" --decision "45/QĐ" --by "Giám đốc" --date 02/10/2025
expect_rc 0 "approved once reopened"
run refer send "$a" --to "Trung tâm CTXH tỉnh Hà Giang" --reason "hỗ trợ" --agency "Công an tỉnh Hà Giang" --date 02/10/2025
expect_rc 0 "referred once reopened"
run --lang en case close "$a" --reason reintegrated --agency "UBND xã Lũng Cú" --date 03/10/2025
expect_rc 65 "not with a referral open"
expect_in err "is still open" "an open referral: why"
run audit verify
expect_rc 0 "the audit chain holds"

# Being identified: the decision first, or --force with a reason.
b=$(add "Giàng Thị B" 01/11/2026)
"$HOTRO_BIN" -q verify start "$b" --agency "Sở Y tế tỉnh Tuyên Quang" --date 02/11/2026 || fail "B: verify start"
run --lang en case close "$b" --reason declined_support --agency "Sở Y tế tỉnh Tuyên Quang" --date 03/11/2026
expect_rc 65 "B: being identified"
expect_in err "--force" "B: says how"
run case close "$b" --reason other --agency "Sở Y tế tỉnh Tuyên Quang" --date 03/11/2026 --force "gia đình đưa đi"
expect_rc 65 "B: 'other' needs a note"
run case close "$b" --reason "từ chối hỗ trợ" --agency "Sở Y tế tỉnh Tuyên Quang" --date 03/11/2026 --force "đã có văn bản từ chối"
expect_rc 0 "B: closed with --force"
expect_eq "$(sql "SELECT json_extract(detail, '\$.forced') FROM case_event WHERE case_id = $b AND kind = 'case_close'")" "đã có văn bản từ chối" "B: the reason is kept"

# case overdue --on DATE: each case's standing on that date, not today's.
# C: received 01/06/2025, verification started only on 01/08/2025: late on 20/06/2025.
c=$(add "Giàng Thị C" 01/06/2025)
"$HOTRO_BIN" -q verify start "$c" --agency "Công an huyện Đồng Văn" --date 01/08/2025 || fail "C: verify start"
# D: received 01/06/2025, never verified, closed on 01/07/2025: late on 20/06/2025, not after.
d=$(add "Giàng Thị D" 01/06/2025)
"$HOTRO_BIN" -q case close "$d" --reason moved_away --agency "UBND xã Lũng Cú" --date 01/07/2025 || fail "D: close"
# E: a referral sent 01/06/2025, accepted 20/06/2025: unanswered on 15/06/2025.
e=$(add "Giàng Thị E" 01/06/2025)
"$HOTRO_BIN" -q verify start "$e" --agency "Công an huyện Đồng Văn" --date 01/06/2025 || fail "E: verify start"
ref=$("$HOTRO_BIN" refer send "$e" --to "Trung tâm CTXH tỉnh Hà Giang" --reason "hỗ trợ" --agency "Công an huyện Đồng Văn" --date 01/06/2025)
"$HOTRO_BIN" -q refer accept "$ref" --date 20/06/2025 || fail "E: accept"
item() { sqlite3 :memory: "SELECT json_extract(value, '\$.$2') FROM json_each(readfile('$WORK/out'), '\$.items') WHERE json_extract(value, '\$.case') = $1 AND json_extract(value, '\$.what') = '$3'"; }
run --lang en case overdue --on 2025-06-20 --json
expect_rc 1 "late on 20/06/2025"
expect_eq "$(item "$c" days_late verification_start)" "16" "C: not yet verified on 20/06/2025, 16 days late"
expect_eq "$(item "$d" days_late verification_start)" "16" "D: not yet closed on 20/06/2025"
run --lang en case overdue --on 2025-06-15 --json
expect_eq "$(item "$e" days_late referral)" "4" "E: the referral was unanswered on 15/06/2025"
run --lang en case overdue --on 2025-07-15 --json
expect_eq "$(item "$c" days_late verification_start)" "41" "C: still not verified on 15/07/2025"
expect_eq "$(item "$d" what verification_start)" "" "D: closed on 15/07/2025: not late"
expect_eq "$(item "$e" what referral)" "" "E: answered by then"
run --lang en case overdue --on 2025-08-05 --json
expect_eq "$(item "$c" what verification_start)" "" "C: verification started by 05/08/2025"
expect_eq "$(item "$c" what verification)" "" "C: within its 20 days"
limitless() { sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$WORK/out'), '\$.no_known_limit') WHERE value = $1"; }
run --lang en case overdue --on 2026-11-02 --json
expect_eq "$(limitless "$b")" "1" "B: being verified on 02/11/2026, under rules with no known limit"
run --lang en case overdue --json
expect_eq "$(limitless "$b")" "0" "B: closed, no longer listed"
expect_eq "$(item "$d" what verification_start)" "" "D: closed, not overdue today"
expect_eq "$(limitless "$c")" "1" "C: being verified today, since 01/08/2025 (Law 53/2024: no known limit)"

finish
