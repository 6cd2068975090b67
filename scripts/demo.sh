#!/bin/sh
# The main job on the embedded SQLite default: build hotro, create a case library from
# examples/, import the example lists with their profiles, print a summary, and end with the
# province's consolidated report as xlsx.
# The demo library is build/demo/hotro.db (made anew on every run).
set -eu
cd "$(dirname "$0")/.."
./scripts/build.sh hotro >/dev/null
hotro=build/hotro
export HOTRO_DB=build/demo/hotro.db
mkdir -p build/demo
rm -f "$HOTRO_DB" "$HOTRO_DB"-wal "$HOTRO_DB"-shm

$hotro init
# The Border Guard's handover list (xlsx, common headers) and the police list (CSV, UTF-8):
$hotro intake import --profile examples/profiles/bien_phong.toml examples/lists/bien_phong_2025.xlsx
$hotro intake import examples/lists/cong_an_2026.csv
# A commune's own layout, saved by Excel on a Vietnamese Windows (Windows-1258):
$hotro intake import --profile examples/profiles/xa_thong_nhat.toml examples/lists/xa_thong_nhat_2026_q1.csv
# Importing the same list again adds nothing:
$hotro intake import examples/lists/cong_an_2026.csv

# One case through the workflow: verification, the decision with its certificate, a referral.
$hotro -q verify start 4 --agency "Phòng LĐTBXH huyện Đồng Văn" --date 20/06/2025
$hotro -q verify decide 4 --result victim --agency "Công an huyện Đồng Văn" --date 05/07/2025 \
    --certificate "12/GXN-CAH" --issued-by "Công an huyện Đồng Văn" --document district_police
referral=$($hotro refer send 4 --to "Trung tâm Công tác xã hội tỉnh Hà Giang" --reason "hỗ trợ tại cơ sở" \
    --agency "Phòng LĐTBXH huyện Đồng Văn" --date 06/07/2025 --escort)
$hotro -q refer accept "$referral" --date 07/07/2025
# Supports priced by the rules in force on their date: 10 days of meals at Hà Giang's rate
# (Resolution 15/2020 on top of Decree 09/2013), approved and paid.
support=$($hotro -q support add 4 --kind meals --days 10 --date 25/06/2025 --agency "Cơ sở trợ giúp xã hội tỉnh Lào Cai")
$hotro -q support approve "$support" --decision "45/QĐ-CSTGXH" --by "Giám đốc Cơ sở trợ giúp xã hội tỉnh Lào Cai" --date 30/06/2025
$hotro -q support pay "$support" --date 01/07/2025

echo
$hotro case list
echo
$hotro case timeline 4
echo
$hotro support quote 4 --on 10/07/2025
echo
$hotro audit log
$hotro audit verify
echo
echo "Thư viện mẫu / demo library: $HOTRO_DB  (try: HOTRO_DB=$HOTRO_DB $hotro case show 1)"

# The province's consolidated 6-month report for the example lists' period, as the department
# receives it (state data cut-off: 15/12/2025 to 14/06/2026).
$hotro report --template province-consolidated --period 2026-H1 --out 'build/demo/{template}-{period}.xlsx'
echo "Báo cáo / report: build/demo/province-consolidated-2026-H1.xlsx"
