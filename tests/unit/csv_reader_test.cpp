// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "error.h"
#include "io/row_reader.h"
#include "clock.h"
#include "text/unicode.h"

#include "test_support.h"

#ifndef HOTRO_SOURCE_DIR  // set by CMake; a hand build runs from the project root
#define HOTRO_SOURCE_DIR "."
#endif

namespace fs = std::filesystem;
using hotro::Error;
using hotro::Exit;
using hotro::io::ReadOptions;
using hotro::io::Row;
using Cells = std::vector<std::string>;

namespace {

std::string temp_csv(const std::string& name, const std::string& bytes) {
  static const hotro::test::TempDir dir("csv");  // removed when the test process ends
  const std::string path = dir.file(name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::vector<Row> read_all(const std::string& path, const ReadOptions& opts = {}) {
  auto reader = hotro::io::open_csv(path, opts);
  std::vector<Row> rows;
  Row row;
  while (reader->next(row)) rows.push_back(row);
  return rows;
}

std::vector<Row> read_text(const std::string& bytes, const ReadOptions& opts = {}) {
  return read_all(temp_csv("t.csv", bytes), opts);
}

// The message of the hotro::Error that reading `path` throws, checking its exit code.
std::string read_error(const std::string& path, Exit code, const ReadOptions& opts = {}) {
  try {
    read_all(path, opts);
  } catch (const Error& e) {
    CHECK(e.code() == code);
    return e.what();
  }
  FAIL("no error for " << path);
  return "";
}

// "Họ và tên,Giới tính,Năm sinh\r\nNguyễn Thị Hường,Nữ,1990\r\nĐặng Văn Đức,Nam,1985\r\n",
// made with `iconv -f UTF-8 -t CP1258` (Windows-1258 writes some tones as combining marks).
const std::string cp1258_list =
    "\x48\x6f\xf2\x20\x76\xe0\x20\x74\xea\x6e\x2c\x47\x69\xf5\xec\x69\x20\x74\xed\x6e\x68\x2c"
    "\x4e\xe3\x6d\x20\x73\x69\x6e\x68\x0d\x0a\x4e\x67\x75\x79\xea\xde\x6e\x20\x54\x68\x69\xf2"
    "\x20\x48\xfd\xf5\xcc\x6e\x67\x2c\x4e\xfd\xde\x2c\x31\x39\x39\x30\x0d\x0a\xd0\xe3\xf2\x6e"
    "\x67\x20\x56\xe3\x6e\x20\xd0\xfd\xec\x63\x2c\x4e\x61\x6d\x2c\x31\x39\x38\x35\x0d\x0a";

}  // namespace

TEST_CASE("csv: plain rows, line numbers and the encoding") {
  auto reader = hotro::io::open_csv(temp_csv("plain.csv", "a,b,c\n1,2,3\n4,,6\n"));
  Row row;
  REQUIRE(reader->next(row));
  CHECK(row.line == 1);
  CHECK(row.cells == Cells{"a", "b", "c"});
  REQUIRE(reader->next(row));
  CHECK(row.line == 2);
  CHECK(row.cells == Cells{"1", "2", "3"});
  REQUIRE(reader->next(row));
  CHECK(row.cells == Cells{"4", "", "6"});
  CHECK_FALSE(reader->next(row));
  CHECK_FALSE(reader->next(row));
  CHECK(reader->encoding() == "UTF-8");
}

TEST_CASE("csv: quoted fields") {
  const auto rows = read_text("name,note\n\"Lò, Thị Mai\",\"nói \"\"không\"\"\"\n\"\",x\n\"ab\"cd,\"\"\"\"\n");
  REQUIRE(rows.size() == 4);
  CHECK(rows[1].cells == Cells{"Lò, Thị Mai", "nói \"không\""});
  CHECK(rows[2].cells == Cells{"", "x"});
  CHECK(rows[3].cells == Cells{"abcd", "\""});  // text after a closing quote is kept, as Excel does
}

TEST_CASE("csv: a quote inside an unquoted field is literal") {
  const auto rows = read_text("a 5\" b,c\n");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].cells == Cells{"a 5\" b", "c"});
}

TEST_CASE("csv: embedded newlines keep the physical line numbers") {
  const auto rows = read_text("h1,h2\n\"line one\nline two\",x\n\"a\r\nb\nc\",y\nlast,z\n");
  REQUIRE(rows.size() == 4);
  CHECK(rows[1].line == 2);
  CHECK(rows[1].cells == Cells{"line one\nline two", "x"});
  CHECK(rows[2].line == 4);
  CHECK(rows[2].cells == Cells{"a\r\nb\nc", "y"});
  CHECK(rows[3].line == 7);
  CHECK(rows[3].cells == Cells{"last", "z"});
}

TEST_CASE("csv: CRLF, bare CR, no final newline and trailing empty fields") {
  auto rows = read_text("a,b\r\n1,2\r\n3,\r\n4,5");
  REQUIRE(rows.size() == 4);
  CHECK(rows[1].cells == Cells{"1", "2"});
  CHECK(rows[2].cells == Cells{"3", ""});
  CHECK(rows[3].line == 4);
  CHECK(rows[3].cells == Cells{"4", "5"});

  rows = read_text("a,b\r1,2\r");
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].line == 2);
  CHECK(rows[1].cells == Cells{"1", "2"});

  rows = read_text("a,\"b\"");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].cells == Cells{"a", "b"});
}

TEST_CASE("csv: the delimiter is detected from the first lines") {
  auto rows = read_text("Họ và tên;Năm sinh;Ghi chú\nHoa;1990;\"a, b, c\"\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].cells == Cells{"Họ và tên", "Năm sinh", "Ghi chú"});
  CHECK(rows[1].cells == Cells{"Hoa", "1990", "a, b, c"});

  rows = read_text("a\tb\tc\n1,5\t2\t3\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].cells == Cells{"1,5", "2", "3"});

  // Delimiters inside quotes do not count; commas win a tie.
  rows = read_text("\"x;y;z\",b\n");
  CHECK(rows[0].cells == Cells{"x;y;z", "b"});
  rows = read_text("a;b,c\n");
  CHECK(rows[0].cells == Cells{"a;b", "c"});
  rows = read_text("single\nvalue\n");
  CHECK(rows[1].cells == Cells{"value"});

  // A title line above the header (with a stray comma) does not decide.
  rows = read_text("DANH SÁCH NGƯỜI TRỞ VỀ, QUÝ I\n\nTT;Họ và tên;Năm sinh;Ghi chú\n1;Hoa;1990;x\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].cells == Cells{"DANH SÁCH NGƯỜI TRỞ VỀ, QUÝ I"});
  CHECK(rows[2].cells == Cells{"1", "Hoa", "1990", "x"});

  ReadOptions opts;
  opts.delimiter = '|';
  rows = read_text("a|b,c\n", opts);
  CHECK(rows[0].cells == Cells{"a", "b,c"});
}

TEST_CASE("csv: a UTF-8 BOM is dropped and text comes out in NFC") {
  const auto rows = read_text("\xEF\xBB\xBFHọ và tên,x\nNguye\xCC\x82\xCC\x83n,1\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].cells[0] == "Họ và tên");
  CHECK(rows[1].cells[0] == "Nguyễn");  // NFD input
}

TEST_CASE("csv: Windows-1258 is detected and decoded") {
  const std::string path = temp_csv("cp1258.csv", cp1258_list);
  auto reader = hotro::io::open_csv(path);
  CHECK(reader->encoding() == "CP1258");
  Row row;
  REQUIRE(reader->next(row));
  CHECK(row.cells == Cells{"Họ và tên", "Giới tính", "Năm sinh"});
  REQUIRE(reader->next(row));
  CHECK(row.cells == Cells{"Nguyễn Thị Hường", "Nữ", "1990"});
  REQUIRE(reader->next(row));
  CHECK(row.line == 3);
  CHECK(row.cells == Cells{"Đặng Văn Đức", "Nam", "1985"});
  CHECK_FALSE(reader->next(row));
}

TEST_CASE("csv: a forced encoding is used as given") {
  ReadOptions opts;
  opts.encoding = "windows-1258";
  auto reader = hotro::io::open_csv(temp_csv("forced.csv", "T\xea\x6e\n"), opts);
  CHECK(reader->encoding() == "CP1258");
  Row row;
  REQUIRE(reader->next(row));
  CHECK(row.cells == Cells{"Tên"});

  // Valid UTF-8 forced through CP1258 is read byte by byte, not auto-detected.
  reader = hotro::io::open_csv(temp_csv("forced.csv", "Tên\n"), opts);
  REQUIRE(reader->next(row));
  CHECK(row.cells == Cells{"TĂªn"});

  opts.encoding = "utf8";
  const std::string msg = read_error(temp_csv("forced.csv", "a\nT\xea\x6e\n"), Exit::data, opts);
  CHECK(msg.find("forced.csv:2: column 1:") != std::string::npos);

  // A UTF-8 byte-order mark wins over a forced encoding (a rejects file read with the
  // profile of a Windows-1258 list).
  opts.encoding = "cp1258";
  reader = hotro::io::open_csv(temp_csv("forced.csv", "\xEF\xBB\xBFTên\n"), opts);
  CHECK(reader->encoding() == "UTF-8");
  REQUIRE(reader->next(row));
  CHECK(row.cells == Cells{"Tên"});

  opts.encoding = "no-such-encoding";
  CHECK_THROWS_AS(hotro::io::open_csv(temp_csv("forced.csv", "a\n"), opts), Error);
}

namespace {

// UTF-16 of UTF-8 `text` (ASCII, Vietnamese letters and characters beyond the BMP), with or
// without a byte-order mark.
std::string utf16(const std::string& text, bool little_endian, bool bom) {
  std::u32string cps;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    cps.push_back(cp);
    i += n;
  }
  std::string out;
  auto unit = [&](char16_t u) {
    const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    out += little_endian ? std::string{lo, hi} : std::string{hi, lo};
  };
  if (bom) unit(0xFEFF);
  for (char32_t cp : cps) {
    if (cp < 0x10000) {
      unit(static_cast<char16_t>(cp));
    } else {
      unit(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      unit(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("csv: UTF-16 (Excel's Unicode Text) is read through a UTF-8 copy") {
  const std::string list = "Họ và tên\tNăm sinh\r\nNguyễn Thị Hường\t1996\r\nĐặng Văn Đức\t1985\r\n";
  const Cells header{"Họ và tên", "Năm sinh"}, last{"Đặng Văn Đức", "1985"};
  SUBCASE("little-endian with its byte-order mark, TAB-separated") {
    const std::string path = temp_csv("u16.txt", utf16(list, true, true));
    auto reader = hotro::io::open_csv(path);
    CHECK(reader->encoding() == "UTF-16");
    Row row;
    REQUIRE(reader->next(row));
    CHECK(row.cells == header);
    REQUIRE(reader->next(row));
    REQUIRE(reader->next(row));
    CHECK(row.line == 3);
    CHECK(row.cells == last);
    CHECK_FALSE(reader->next(row));
    CHECK(reader->sha256() == hotro::sha256_file(path));  // the digest of the file, not of the copy
  }
  SUBCASE("without a byte-order mark, either byte order") {
    CHECK(read_text(utf16(list, true, false)).back().cells == last);
    CHECK(read_text(utf16(list, false, false)).back().cells == last);
  }
  SUBCASE("named with --encoding") {
    ReadOptions opts;
    opts.encoding = "utf-16be";
    auto reader = hotro::io::open_csv(temp_csv("u16.txt", utf16(list, false, false)), opts);
    CHECK(reader->encoding() == "UTF-16BE");
    Row row;
    REQUIRE(reader->next(row));
    CHECK(row.cells == header);
  }
  SUBCASE("a character of two code units cut by the 64 KiB block boundary") {
    // 2 bytes of BOM, 13 units of header and "A\t", then a note whose emoji (a surrogate pair)
    // starts 2 bytes before the end of the first block: 2 + 26 + 4 + 2 * 32751 = 65534.
    const std::string note = std::string(32751, 'x') + "\xF0\x9F\x98\x80y";
    const auto rows = read_text(utf16("Tên\tGhi chú\r\nA\t" + note + "\r\n", true, true));
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].cells[1] == note);
  }
  SUBCASE("invalid UTF-16 is a data error naming the byte") {
    CHECK(read_error(temp_csv("bad16.txt", std::string("\xFF\xFE\x00\xD8\x41\x00", 6)), Exit::data)
              .find("bad16.txt:1: byte 3 is not valid in encoding UTF-16") != std::string::npos);
    CHECK(read_error(temp_csv("bad16b.txt", utf16("a\nb\n", true, true) + std::string("\x00\xD8\x41\x00", 4)), Exit::data)
              .find("bad16b.txt:3: byte 11 is not valid") != std::string::npos);  // after two lines
    CHECK(read_error(temp_csv("cut16.txt", std::string("\xFF\xFE\x41\x00\x42", 5)), Exit::data)
              .find("ends in the middle of a UTF-16 character") != std::string::npos);
  }
}

TEST_CASE("csv: an unterminated quote is reported where it starts") {
  const std::string path = temp_csv("open_quote.csv", "a,b\n1,2\n3,\"never\nclosed\n");
  const std::string msg = read_error(path, Exit::data);
  CHECK(msg == path + ":3: unterminated quoted field starting here");
}

TEST_CASE("csv: long fields") {
  const std::string long_text(10000, 'x');
  auto rows = read_text("a,b\n\"" + long_text + "\"," + long_text + "\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].cells[0] == long_text);
  CHECK(rows[1].cells[1] == long_text);

  // Fields that cross the 64 KiB blocks.
  const std::string big(200000, 'y');
  rows = read_text("a\n\"" + big + "\"\n" + big + "\nend\n");
  REQUIRE(rows.size() == 4);
  CHECK(rows[1].cells[0] == big);
  CHECK(rows[2].cells[0] == big);
  CHECK(rows[3].line == 4);

  const std::string too_long(1024 * 1024 + 1, 'z');
  const std::string path = temp_csv("too_long.csv", "a\nb\n" + too_long + "\n");
  CHECK(read_error(path, Exit::data) == path + ":3: field longer than 1 MiB");
  const std::string quoted = temp_csv("too_long_q.csv", "a\n\"" + too_long);
  CHECK(read_error(quoted, Exit::data).starts_with(quoted + ":2: field longer than 1 MiB"));
}

TEST_CASE("csv: doubled quotes and CRLF split across block boundaries") {
  for (size_t pad : {65534u, 65535u, 65536u, 65537u}) {
    CAPTURE(pad);
    const std::string head(pad, 'p');
    const auto rows = read_text(head + "\r\n\"x\"\"y\",z\r\nlast\r\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].line == 2);
    CHECK(rows[1].cells == Cells{"x\"y", "z"});
    CHECK(rows[2].line == 3);
  }
}

TEST_CASE("csv: empty file, header only, blank lines") {
  CHECK(read_text("").empty());
  CHECK(read_text("\xEF\xBB\xBF").empty());
  CHECK(read_text("\n\r\n\n").empty());

  auto rows = read_text("Họ và tên,Năm sinh\n");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].cells == Cells{"Họ và tên", "Năm sinh"});

  rows = read_text("\n\na,b\n\n\r\n1,2\n\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].line == 3);
  CHECK(rows[1].line == 6);
  CHECK(rows[1].cells == Cells{"1", "2"});
}

TEST_CASE("csv: a reused Row gets exactly the new record's cells") {
  auto reader = hotro::io::open_csv(temp_csv("reuse.csv", "a,b,c,d\n1\n,\n"));
  Row row;
  REQUIRE(reader->next(row));
  CHECK(row.cells.size() == 4);
  REQUIRE(reader->next(row));
  CHECK(row.cells == Cells{"1"});
  REQUIRE(reader->next(row));
  CHECK(row.cells == Cells{"", ""});
}

TEST_CASE("csv: a missing file") {
  const std::string path = (fs::temp_directory_path() / "hotro_no_such_dir" / "x.csv").string();
  try {
    hotro::io::open_csv(path);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::noinput);
    CHECK(std::string(e.what()) == "cannot open '" + path + "': No such file or directory");
  }
  CHECK_THROWS_AS(hotro::io::open_rows(path), Error);
}

TEST_CASE("csv: invalid UTF-8 past the detection sample names line and column") {
  std::string text = "Họ và tên,Năm sinh\n";
  long line = 1;
  while (text.size() < 70 * 1024) {
    text += "Nguyễn Văn An,1990\n";
    ++line;
  }
  text += "Trần Thị Bé,1991\nok,1\nx,T\xea\x6e\n";  // the last line is in CP1258
  const std::string path = temp_csv("late_cp1258.csv", text);
  const std::string msg = read_error(path, Exit::data);
  CHECK(msg.starts_with(path + ":" + std::to_string(line + 3) + ": column 2: "));
  CHECK(msg.find("--encoding") != std::string::npos);
  CHECK(msg.find("invalid UTF-8") != std::string::npos);
}

TEST_CASE("csv: the test data files") {
  const std::string data = std::string(HOTRO_SOURCE_DIR) + "/tests/data";
  CHECK(read_all(data + "/empty.csv").empty());
  auto rows = read_all(data + "/header_only.csv");
  CHECK(rows.size() == 1);

  rows = read_all(data + "/embedded_newlines.csv");
  REQUIRE(rows.size() == 3);
  CHECK(rows[2].line == 4);
  CHECK(rows[1].cells[2].find('\n') != std::string::npos);

  rows = read_all(data + "/long_field.csv");
  REQUIRE(rows.size() == 2);
  CHECK(hotro::text::length(rows[1].cells[1]) == 10000);

  auto reader = hotro::io::open_rows(data + "/cp1258.csv");
  CHECK(reader->encoding() == "CP1258");
  Row row;
  REQUIRE(reader->next(row));
  CHECK(row.cells == Cells{"Họ và tên", "Giới tính", "Năm sinh", "Ngày tiếp nhận"});

  const std::string msg = read_error(data + "/broken/truncated.csv", Exit::data);
  CHECK(msg.find("truncated.csv:3: unterminated quoted field starting here") != std::string::npos);
}
