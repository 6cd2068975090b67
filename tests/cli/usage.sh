# Usage errors found by the command-line parser: exit 64, said in Vietnamese by default and in
# English with --lang en, with the help command of the subcommand that was being read.
. "$HOTRO_SOURCE_DIR/tests/cli/lib/common.sh"

"$HOTRO_BIN" -q init || fail "init"

run intake
expect_rc 64 "a group without its subcommand"
expect_in err "hotro: lỗi: thiếu lệnh con" "says a subcommand is missing, in Vietnamese"
expect_in err "Xem 'hotro intake --help' để biết cách dùng." "points to the group's help"

run reprot
expect_rc 64 "a mistyped command"
expect_in err "hotro: lỗi: không có lệnh 'reprot' (các lệnh: init, intake," "names the word and the commands there are"
run --lang en case lst
expect_rc 64 "a mistyped subcommand"
expect_in err "unknown command 'lst' (commands: list, show, timeline" "names it, in English"
expect_in err "Run 'hotro case --help'" "points to the group's help"

run refer send 1
expect_rc 64 "a required option left out"
expect_in err "thiếu --to (bắt buộc)" "names the missing option"
expect_in err "'hotro refer send --help'" "points to the subcommand's own help"

run case list --bogus
expect_rc 64 "an unknown option"
expect_in err "không hiểu tham số: --bogus" "names the unknown option, in Vietnamese"

run audit log --limit
expect_rc 64 "an option without its value"
expect_in err "--limit cần một giá trị" "says the value is missing"

run case overdue --within 5000
expect_rc 64 "a value out of range"
expect_in err "--within: giá trị 5000 nằm ngoài khoảng 0 đến 3650" "gives the range"

run --wait 1e9 case list
expect_rc 64 "a number of seconds out of range"
expect_in err "nằm ngoài khoảng 0 đến 86400" "whole bounds, not 86400.000000"

run report --format pdf
expect_rc 64 "a value not in the list"
expect_in err "--format: 'pdf' không có trong {xlsx,csv,json,md,table}" "lists the allowed values"

run case show "x requires y"
expect_rc 64 "a value that contains CLI11's own words"
expect_in err "không phải 'x requires y'" "is quoted as typed, not reworded"

run --lang en report --period
expect_rc 64 "an option without its value, in English"
expect_in err "hotro: error: --period: 1 required PERIOD missing" "English with --lang en, though the error comes before --lang is applied"
expect_in err "Run 'hotro report --help' for more information." "the English hint"

run case list --lang=en --bogus
expect_in err "The following argument was not expected: --bogus" "--lang=en after the subcommand"
run case list --period 2026-Q5
expect_rc 64 "a usage error found by hotro, not the parser"
expect_in err "Xem 'hotro case list --help' để biết cách dùng." "is followed by the help command too"

finish
