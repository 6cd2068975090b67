# The xlsx reports open in LibreOffice (Debian package libreoffice-calc-nogui) and show the
# same numbers as the CSV output. Skipped (exit 77) where LibreOffice is not installed.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

if ! command -v libreoffice >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
    echo "SKIP: libreoffice (libreoffice-calc-nogui) or python3 is not installed"
    exit 77
fi

"$HOTRO_BIN" -q init || fail "init"
"$HOTRO_BIN" -q intake import --profile "$EXAMPLES/profiles/bien_phong.toml" "$EXAMPLES/lists/bien_phong_2025.xlsx" || fail "import"
"$HOTRO_BIN" -q intake import "$EXAMPLES/lists/cong_an_2026.csv" || fail "import"
"$HOTRO_BIN" -q intake import --profile "$EXAMPLES/profiles/xa_thong_nhat.toml" "$EXAMPLES/lists/xa_thong_nhat_2026_q1.csv" || fail "import"
sqlite3 "$HOTRO_DB" "INSERT INTO support (case_id, person_id, kind, support_date, agency_id, quantity, unit, amount_vnd,
    rule_id, rule_version, rule_citation, status, created_at, updated_at)
  SELECT id, person_id, CASE id % 3 WHEN 0 THEN 'meals' WHEN 1 THEN 'travel_fare' ELSE 'medical' END, intake_date,
         receiving_agency_id, 5, 'per_day', 1234567 * id, 'r', 'v', 'c', 'paid', 'x', 'x' FROM case_file" || fail "supports"
"$HOTRO_BIN" -q audit seal --reason "support fixture" || fail "audit seal"

# Numbers in document order: from hotro's CSV, and from every "Biểu N" / "Danh sách" sheet of
# LibreOffice's conversion in sheet order (the chart and info sheets hold no table numbers).
numbers() {
    python3 - "$1" <<'PY'
import csv, os, re, sys
num = re.compile(r'^-?\d+(\.\d+)?$')
path = sys.argv[1]
if os.path.isdir(path):
    def order(name):
        m = re.search(r'-Biểu (\d+)\.csv$', name)
        return (0, int(m.group(1))) if m else (1, name)
    files = sorted((f for f in os.listdir(path) if re.search(r'-(Biểu \d+|Danh sách.*)\.csv$', f)), key=order)
    files = [os.path.join(path, f) for f in files]
else:
    files = [path]
for name in files:
    with open(name, encoding='utf-8-sig', newline='') as f:
        for row in csv.reader(f):
            for cell in row:
                if num.match(cell.strip()):
                    print(repr(float(cell)))
PY
}

for spec in "province-consolidated 2026" "commune-quarterly 2026-Q1" "support-list 2026" "data-quality 2026"; do
    set -- $spec
    run report --template "$1" --period "$2" --out "$1.xlsx"
    expect_rc 0 "$1: xlsx"
    run report --template "$1" --period "$2" --out "$1.csv"
    expect_rc 0 "$1: csv"
    mkdir -p "lo-$1"
    libreoffice --headless "-env:UserInstallation=file://$WORK/lo-profile" \
        --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
        --outdir "lo-$1" "$1.xlsx" >lo.log 2>&1 || fail "$1: LibreOffice could not convert"
    grep -qi "error\|repair\|corrupt" lo.log && fail "$1: LibreOffice complained: $(cat lo.log)"
    numbers "lo-$1" > "lo-$1.numbers"
    numbers "$1.csv" > "$1.numbers"
    CHECKS=$((CHECKS + 1))
    if ! cmp -s "$1.numbers" "lo-$1.numbers"; then
        fail "$1: the xlsx shows other numbers than the CSV"
        diff "$1.numbers" "lo-$1.numbers" | head -10 >&2
    fi
    CHECKS=$((CHECKS + 1))
    [ "$(wc -l < "$1.numbers")" -gt 5 ] || fail "$1: too few numbers compared ($(wc -l < "$1.numbers"))"
done

finish
