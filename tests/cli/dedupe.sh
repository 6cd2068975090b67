# hotro dedupe: probable duplicate persons, scored, with the reasons; read-only.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"
add() { "$HOTRO_BIN" -q intake add --on-duplicate new --channel 111 --intake-date 01/03/2026 "$@" >/dev/null || fail "add $*"; }
add --name "Lò Thị Mai" --sex Nữ --birth 12/03/1998 --residence "Xã Mường Lạn, tỉnh Sơn La" --citizen-id 014198003517
add --name "LO THI MAI" --sex Nữ --birth 12/03/1998 --residence "Xa Muong Lan, tinh Son La"         # 2: same as 1, no accents
add --name "Lò Mai" --citizen-id 014198003517                                                     # 3: same ID as 1
add --name "Lò Thị Mai" --sex Nữ --birth 1998 --residence "Xã Chiềng Sơ, tỉnh Điện Biên"           # 4: name and year only
add --name "Vàng A Sử" --sex Nam --birth 2003                                                     # 5: nobody like him
audits=$(sql 'SELECT count(*) FROM audit')

run dedupe --json --min-score 0
expect_rc 0 "dedupe"
pairs() { sqlite3 :memory: "SELECT group_concat(json_extract(value, '\$.person') || '-' || json_extract(value, '\$.other') || ':' || json_extract(value, '\$.score'), ' ') FROM json_each(readfile('$WORK/out'))"; }
expect_eq "$(pairs)" "1-2:65 1-3:60 1-4:40 2-4:40" "the pairs, highest score first"
expect_eq "$(json_get out '$[0].reasons')" '["name","birth_date","residence","sex"]' "the reasons of the best pair"
expect_eq "$(json_get out '$[1].reasons')" '["citizen_id"]' "a pair by citizen ID alone"

run dedupe --json
expect_eq "$(pairs)" "1-2:65 1-3:60" "the default keeps scores of 50 or more"
run dedupe
expect_in out "cùng số CCCD" "reasons in Vietnamese"
expect_in out "2 cặp" "the count"
run --lang en dedupe --min-score 61
expect_in out "same name, same birth date, same residence, same sex" "reasons in English"
expect_not_in out "#3" "the ID-only pair is below 61"

run dedupe --min-score 101
expect_rc 64 "a score is 0 to 100"
expect_eq "$(sql 'SELECT count(*) FROM audit')" "$audits" "dedupe writes nothing"

finish
