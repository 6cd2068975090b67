#!/bin/sh
# The main job on the embedded SQLite default: build hotro, create a case library from
# examples/, import the example lists with their profiles, and print a summary.
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

echo
$hotro case list
echo
$hotro audit log
$hotro audit verify
echo
echo "Thư viện mẫu / demo library: $HOTRO_DB  (try: HOTRO_DB=$HOTRO_DB $hotro case show 1)"
