# hotro case overdue: verifications past the legal time limits of the rules in force when
# they started, referrals not answered, support applications near their deadline.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
add() { "$HOTRO_BIN" intake add --name "$1" --birth 1995 --channel "tự trở về" --residence "Xã Lũng Cú, tỉnh Hà Giang" \
    --poor-household có --intake-date "$2" --agency "UBND xã Lũng Cú"; }

run case overdue
expect_rc 0 "nothing late in an empty library"

# Received on 01/06/2025, never verified: the district had 3 days (Decree 09 regime).
a=$(add "Lò Thị A" 01/06/2025)
# Verification started 10/06/2025 (Decree 09 regime): 20 days, at most 60.
b=$(add "Lò Thị B" 09/06/2025)
"$HOTRO_BIN" -q verify start "$b" --agency "Phòng LĐTBXH huyện Đồng Văn" --date 10/06/2025
# Verification started 05/11/2026 (Law 53/2024): no limit after the initial verification found.
c=$(add "Lò Thị C" 04/11/2026)
"$HOTRO_BIN" -q verify start "$c" --agency "Sở Y tế" --date 05/11/2026
# Identified 01/06/2024 under Decree 09: apply within 12 months, by 01/06/2025.
d=$(add "Lò Thị D" 25/05/2024)
"$HOTRO_BIN" -q verify start "$d" --agency "Phòng LĐTBXH huyện Đồng Văn" --date 26/05/2024
"$HOTRO_BIN" -q verify decide "$d" --result victim --agency "Công an huyện Đồng Văn" --date 01/06/2024 \
    --certificate 1/GXN --issued-by "Công an huyện Đồng Văn" --document district_police
ref=$("$HOTRO_BIN" refer send "$d" --to "Trung tâm CTXH tỉnh Hà Giang" --reason "hỗ trợ" --agency "UBND xã Lũng Cú" --date 02/06/2024)

run --lang en case overdue --on 2025-06-20 --json
expect_rc 1 "something is late: exit 1 for cron"
item() { sqlite3 :memory: "SELECT json_extract(value, '\$.$2') FROM json_each(readfile('$WORK/out'), '\$.items') WHERE json_extract(value, '\$.case') = $1 AND json_extract(value, '\$.what') = '$3'"; }
expect_eq "$(item "$a" due verification_start)" "2025-06-04" "A: 3 days from the intake"
expect_eq "$(item "$a" days_late verification_start)" "16" "A: 16 days late"
expect_eq "$(item "$b" what verification)" "" "B: still within its 20 days on 20/06/2025"
expect_eq "$(item "$d" referral referral)" "$ref" "D: the referral unanswered"
expect_eq "$(item "$d" days_late referral)" "373" "D: 10 days from 02/06/2024, late on 20/06/2025"
run --lang en case overdue --on 2025-07-15 --json
expect_eq "$(item "$b" due verification)" "2025-06-30" "B: 20 days from 10/06/2025"
run --lang en case overdue --on 2025-08-20 --json
expect_eq "$(item "$b" what verification_max)" "verification_max" "B: past the 60-day maximum"
expect_in out "Luật PCMBN 2011 Điều 24" "the limit's legal basis"

# Support deadlines: D may apply for the initial allowance until 01/06/2025.
run --lang en case overdue --on 2025-05-15 --within 30 --referral-days 400 --json
expect_eq "$(item "$d" detail support_deadline | sort | tr '\n' ' ')" "education initial_hardship vocational_training " "D: support deadlines near"
expect_eq "$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$WORK/out'), '\$.items') WHERE json_extract(value, '\$.case') = $d")" "3" \
    "D: training, allowance and education due"
expect_eq "$(item "$d" days_late support_deadline | sort -u)" "-17" "D: 17 days left"
expect_eq "$(item "$d" what referral)" "" "--referral-days changes the referral limit"
"$HOTRO_BIN" -q support add "$d" --kind initial_hardship --date 15/05/2025 --agency "UBND huyện Đồng Văn" >/dev/null
run --lang en case overdue --on 2025-05-15 --within 30 --referral-days 400 --json
expect_eq "$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$WORK/out'), '\$.items') WHERE json_extract(value, '\$.case') = $d")" "2" \
    "a support given is no longer due"
# As the case stood on an earlier day: the support given on 15/05 was not given yet on 14/05.
run --lang en case overdue --on 2025-05-14 --within 30 --referral-days 400 --json
expect_eq "$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$WORK/out'), '\$.items') WHERE json_extract(value, '\$.case') = $d")" "3" \
    "--on before the support: still due"
run --lang en support quote "$d" --on 2025-05-14 --json
expect_eq "$(sqlite3 :memory: "SELECT json_extract(value, '\$.used.times') FROM json_each(readfile('$WORK/out'), '\$.entitlements') WHERE json_extract(value, '\$.kind') = 'initial_hardship'")" "0" \
    "support quote --on before the support: nothing used yet"
run --lang en support quote "$d" --on 2025-05-15 --json
expect_eq "$(sqlite3 :memory: "SELECT json_extract(value, '\$.used.times') FROM json_each(readfile('$WORK/out'), '\$.entitlements') WHERE json_extract(value, '\$.kind') = 'initial_hardship'")" "1" \
    "support quote --on the support's day: used"

# Under Law 53/2024 no application deadline was found, so none is invented.
run --lang en case overdue --on 2025-12-01 --within 400 --referral-days 3000 --json
expect_eq "$(item "$d" what support_deadline)" "" "no deadline under Decree 162"

# Under Law 53/2024 no limit after the initial verification is known: said, not invented.
run case overdue --on 2026-11-25
expect_in out "theo quy định chưa có thời hạn xác nhận được: $c" "C: no known limit"
expect_in out "Chưa bắt đầu xác minh" "the Vietnamese table"
run case overdue --on 2026-11-25 --referral-days 0
expect_rc 64 "--referral-days must be at least 1"

finish
