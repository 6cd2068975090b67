// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>
#include <minizip/zip.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "error.h"
#include "io/row_reader.h"

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

std::string temp_path(const std::string& name) {
  static const hotro::test::TempDir dir("xlsx");  // removed when the test process ends
  return dir.file(name);
}

std::vector<Row> read_all(const std::string& path, const ReadOptions& opts = {}) {
  auto reader = hotro::io::open_rows(path, opts);
  CHECK(reader->encoding() == "xlsx");
  std::vector<Row> rows;
  Row row;
  while (reader->next(row)) rows.push_back(row);
  return rows;
}

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

// A list as a clerk gets it: Vietnamese text, an ID stored as a number, dates, booleans, gaps.
std::string make_workbook() {
  const std::string path = temp_path("list.xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Danh sách");
  lxw_worksheet* second = workbook_add_worksheet(wb, "Tháng 2");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "dd/mm/yyyy");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);

  const char* headers[] = {"Họ và tên", "Số CCCD", "Năm sinh", "Ngày tiếp nhận", "Hộ nghèo", "Số tiền"};
  for (lxw_col_t c = 0; c < 6; ++c) worksheet_write_string(ws, 0, c, headers[c], nullptr);

  worksheet_write_string(ws, 1, 0, "Lò Thị Mai", nullptr);
  worksheet_write_number(ws, 1, 1, 123456789012.0, nullptr);
  worksheet_write_number(ws, 1, 2, 1998, nullptr);
  lxw_datetime received = {2024, 1, 1, 0, 0, 0};
  worksheet_write_datetime(ws, 1, 3, &received, date);
  worksheet_write_boolean(ws, 1, 4, 1, nullptr);
  worksheet_write_number(ws, 1, 5, 3.5, nullptr);

  worksheet_write_string(ws, 2, 0, "Vàng A Sử", nullptr);
  worksheet_write_number(ws, 2, 3, 1e17, nullptr);
  worksheet_write_blank(ws, 2, 4, bold);  // formatted but empty: no cell value
  worksheet_write_boolean(ws, 2, 5, 0, nullptr);

  worksheet_write_blank(ws, 3, 0, bold);  // a row with no values at all is skipped

  lxw_rich_string_tuple part1 = {bold, const_cast<char*>("Đặng ")};
  lxw_rich_string_tuple part2 = {nullptr, const_cast<char*>("Văn Đức")};
  lxw_rich_string_tuple* rich[] = {&part1, &part2, nullptr};
  worksheet_write_rich_string(ws, 4, 0, rich, nullptr);
  worksheet_write_string(ws, 4, 1, "002195001234", nullptr);
  worksheet_write_number(ws, 4, 2, -42, nullptr);
  worksheet_write_formula_str(ws, 4, 3, "=A1", nullptr, "Họ và tên");
  lxw_datetime noon = {2025, 7, 1, 12, 0, 0};
  worksheet_write_datetime(ws, 4, 4, &noon, date);

  worksheet_write_string(second, 0, 0, "Trang hai", nullptr);
  worksheet_write_number(second, 2, 1, 7, nullptr);
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  return path;
}

// A package written part by part, for what libxlsxwriter never writes.
std::string make_zip(const std::string& name, const std::vector<std::pair<std::string, std::string>>& parts) {
  const std::string path = temp_path(name);
  zipFile zip = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  REQUIRE(zip);
  for (const auto& [part, text] : parts) {
    REQUIRE(zipOpenNewFileInZip64(zip, part.c_str(), nullptr, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                  Z_DEFAULT_COMPRESSION, 0) == ZIP_OK);
    REQUIRE(zipWriteInFileInZip(zip, text.data(), static_cast<unsigned>(text.size())) == ZIP_OK);
    REQUIRE(zipCloseFileInZip(zip) == ZIP_OK);
  }
  REQUIRE(zipClose(zip, nullptr) == ZIP_OK);
  return path;
}

const std::string ns =
    " xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
    " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

std::string make_handmade(const std::string& name, const std::string& sheet_data) {
  return make_zip(name, {
      {"xl/workbook.xml", "<x:workbook" + ns + "><x:sheets><x:sheet name=\"Data\" sheetId=\"1\" r:id=\"rId7\"/>"
                          "</x:sheets></x:workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId7\" Type=\"worksheet\" Target=\"/xl/worksheets/data.xml\"/></Relationships>"},
      {"xl/sharedStrings.xml",
       "<x:sst" + ns + "><x:si><x:t>Tên</x:t></x:si>"
       "<x:si><x:r><x:t xml:space=\"preserve\">Đặng </x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>Văn</x:t></x:r>"
       "<x:rPh sb=\"0\" eb=\"1\"><x:t>ダン</x:t></x:rPh></x:si>"
       "<x:si><x:t>a_x000D_b_x005F_x0041_</x:t></x:si></x:sst>"},
      {"xl/worksheets/data.xml", "<x:worksheet" + ns + "><x:sheetData>" + sheet_data + "</x:sheetData></x:worksheet>"},
  });
}

}  // namespace

TEST_CASE("xlsx: strings, numbers, dates, booleans and gaps") {
  const auto rows = read_all(make_workbook());
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].line == 1);
  CHECK(rows[0].cells == Cells{"Họ và tên", "Số CCCD", "Năm sinh", "Ngày tiếp nhận", "Hộ nghèo", "Số tiền"});
  CHECK(rows[1].line == 2);
  // A number shown as a date is read as that date; the same number without a date format stays
  // a number ("1998", the ID).
  CHECK(rows[1].cells == Cells{"Lò Thị Mai", "123456789012", "1998", "2024-01-01", "1", "3.5"});
  CHECK(rows[2].line == 3);
  CHECK(rows[2].cells == Cells{"Vàng A Sử", "", "", "100000000000000000", "", "0"});
  CHECK(rows[3].line == 5);
  CHECK(rows[3].cells == Cells{"Đặng Văn Đức", "002195001234", "-42", "Họ và tên", "2025-07-01"});  // noon: the day
}

TEST_CASE("xlsx: date cells by their style, in the 1900 and the 1904 date systems") {
  // Style 0 General, 1 the built-in d/m/yyyy (14), 2 a custom "dd/mm/yyyy", 3 a custom number
  // format with a quoted "d" (not a date), 4 a time of day (built-in 20).
  const std::string styles =
      "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"#,##0 &quot;đ&quot;\"/></numFmts>"
      "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
      "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
      "<xf numFmtId=\"165\"/><xf numFmtId=\"20\"/></cellXfs></styleSheet>";
  const std::string sheet =
      "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>34700</v></c><c r=\"B1\" s=\"2\"><v>9132</v></c>"
      "<c r=\"C1\" s=\"3\"><v>9132</v></c><c r=\"D1\"><v>9132</v></c><c r=\"E1\" s=\"4\"><v>0.5</v></c>"
      "<c r=\"F1\" s=\"2\"><v>1</v></c><c r=\"G1\" s=\"2\"><v>99999999</v></c><c r=\"H1\" s=\"9\"><v>7</v></c></row>";
  auto workbook = [&](const std::string& name, const std::string& pr) {
    return make_zip(name, {
        {"xl/workbook.xml", "<x:workbook" + ns + ">" + pr + "<x:sheets><x:sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/>"
                            "</x:sheets></x:workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
        {"xl/styles.xml", styles},
        {"xl/worksheets/sheet1.xml", "<x:worksheet" + ns + "><x:sheetData>" + sheet + "</x:sheetData></x:worksheet>"},
    });
  };
  const auto rows1900 = read_all(workbook("dates1900.xlsx", ""));
  REQUIRE(rows1900.size() == 1);
  // 34700 is 01/01/1995; 9132 under a date format is 31/12/1924 (not the year 9132), under a
  // number format or none it is 9132; a time of day stays a number; a serial no date can be
  // stays a number; a style that does not exist is no date.
  CHECK(rows1900[0].cells == Cells{"1995-01-01", "1924-12-31", "9132", "9132", "0.5", "1900-01-01", "99999999", "7"});
  const auto rows1904 = read_all(workbook("dates1904.xlsx", "<x:workbookPr date1904=\"1\"/>"));
  REQUIRE(rows1904.size() == 1);
  CHECK(rows1904[0].cells[0] == "1999-01-02");  // 34700 days after 01/01/1904
  CHECK(rows1904[0].cells[1] == "1929-01-01");
}

TEST_CASE("xlsx: sheet selection") {
  const std::string path = make_workbook();
  ReadOptions opts;
  opts.sheet = "Tháng 2";
  auto rows = read_all(path, opts);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].cells == Cells{"Trang hai"});
  CHECK(rows[1].line == 3);
  CHECK(rows[1].cells == Cells{"", "7"});

  opts.sheet = "Danh sách";
  CHECK(read_all(path, opts).size() == 4);

  opts.sheet = "Tháng 3";
  CHECK(read_error(path, Exit::data, opts) == path + ": no sheet named 'Tháng 3' (sheets: Danh sách, Tháng 2)");
}

TEST_CASE("xlsx: prefixed namespaces, absolute targets, rich and inline text, number forms") {
  const std::string path = make_handmade("handmade.xlsx",
      "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c>"
      "<x:c r=\"B1\" t=\"inlineStr\"><x:is><x:t>Nguye&#x302;&#x303;n</x:t></x:is></x:c></x:row>"
      "<x:row><x:c t=\"s\"><x:v>1</x:v></x:c><x:c t=\"s\"><x:v>2</x:v></x:c><x:c><x:v>1.2345678901E+11</x:v></x:c>"
      "<x:c t=\"str\"><x:f>A1</x:f><x:v>Tên</x:v></x:c><x:c t=\"e\"><x:v>#N/A</x:v></x:c></x:row>"
      "<x:row r=\"7\"><x:c r=\"C7\"><x:v>45292.0</x:v></x:c><x:c r=\"E7\" t=\"n\"><x:v>0.5</x:v></x:c>"
      "<x:c r=\"F7\"><x:v>-0</x:v></x:c><x:c r=\"G7\"><x:v>2.5E-3</x:v></x:c><x:c r=\"H7\"><x:v>1.5E+2</x:v></x:c>"
      "<x:c r=\"I7\"><x:v>1E+40</x:v></x:c></x:row>"
      "<x:row r=\"8\"/><x:row r=\"9\"><x:c r=\"B9\" s=\"3\"/></x:row>"
      "<x:row r=\"10\"><x:c r=\"AA10\" t=\"b\"><x:v>1</x:v></x:c></x:row>");
  const auto rows = read_all(path);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].cells == Cells{"Tên", "Nguyễn"});  // NFD inline text comes out NFC
  CHECK(rows[1].line == 2);
  CHECK(rows[1].cells == Cells{"Đặng Văn", "a\rb_x0041_", "123456789010", "Tên", "#N/A"});
  CHECK(rows[2].line == 7);
  CHECK(rows[2].cells == Cells{"", "", "45292", "", "0.5", "0", "2.5E-3", "150", "1E+40"});
  CHECK(rows[3].line == 10);
  REQUIRE(rows[3].cells.size() == 27);
  CHECK(rows[3].cells[26] == "1");
}

TEST_CASE("xlsx: rows stream one at a time from a big sheet") {
  const std::string path = temp_path("big.xlsx");
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;  // writes inline strings
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
  for (lxw_row_t r = 0; r < 30000; ++r) {
    worksheet_write_string(ws, r, 0, ("Người số " + std::to_string(r)).c_str(), nullptr);
    worksheet_write_number(ws, r, 1, r, nullptr);
  }
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);

  auto reader = hotro::io::open_xlsx(path);
  Row row;
  long count = 0;
  bool in_order = true;
  while (reader->next(row)) {
    in_order = in_order && row.line == count + 1 && row.cells[1] == std::to_string(count);
    ++count;
  }
  CHECK(count == 30000);
  CHECK(in_order);
  CHECK(row.cells == Cells{"Người số 29999", "29999"});
  CHECK_FALSE(reader->next(row));
}

TEST_CASE("xlsx: files that are not workbooks") {
  const std::string text = temp_path("text.xlsx");
  std::ofstream(text) << "Họ và tên,Năm sinh\n";
  CHECK(read_error(text, Exit::data) == text + ": not an .xlsx workbook");

  const std::string zip = make_zip("plain.xlsx", {{"hello.txt", "hello"}});
  CHECK(read_error(zip, Exit::data) == zip + ": not an .xlsx workbook");
  CHECK_THROWS_AS(hotro::io::open_xlsx(zip), Error);

  const std::string data = std::string(HOTRO_SOURCE_DIR) + "/tests/data/not_xlsx.xlsx";
  CHECK(read_error(data, Exit::data) == data + ": not an .xlsx workbook");

  const std::string missing = temp_path("no_such.xlsx");
  try {
    hotro::io::open_rows(missing);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::noinput);
    CHECK(std::string(e.what()) == "cannot open '" + missing + "': No such file or directory");
  }
}

TEST_CASE("xlsx: damaged sheets") {
  std::string path = make_handmade("bad_index.xlsx", "<x:row r=\"4\"><x:c r=\"A4\" t=\"s\"><x:v>9</x:v></x:c></x:row>");
  CHECK(read_error(path, Exit::data) == path + ":4: bad shared string index '9'");

  path = make_handmade("bad_xml.xlsx", "<x:row r=\"1\"><x:c r=\"A1\"><x:v>1</x:v></x:c></x:row><x:row>");
  std::string msg = read_error(path, Exit::data);
  CHECK(msg.starts_with(path + ": xl/worksheets/data.xml line 1: "));

  path = make_handmade("bad_ref.xlsx", "<x:row r=\"1\"><x:c r=\"ZZZZ1\"><x:v>1</x:v></x:c></x:row>");
  CHECK(read_error(path, Exit::data) == path + ":1: bad cell reference 'ZZZZ1'");

  path = make_zip("no_sheet_part.xlsx", {
      {"xl/workbook.xml", "<x:workbook" + ns + "><x:sheets><x:sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/>"
                          "</x:sheets></x:workbook>"},
      {"xl/_rels/workbook.xml.rels", "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/s.xml\"/>"
                                     "</Relationships>"}});
  CHECK(read_error(path, Exit::data) == path + ": the workbook has no part xl/worksheets/s.xml");
}

TEST_CASE("xlsx: the extension decides, whatever its case") {
  const std::string upper = temp_path("LIST.XLSX");
  fs::copy_file(make_workbook(), upper, fs::copy_options::overwrite_existing);
  CHECK(hotro::io::open_rows(upper)->encoding() == "xlsx");
  const std::string csv = temp_path("list.csv");
  std::ofstream(csv) << "a,b\n";
  CHECK(hotro::io::open_rows(csv)->encoding() == "UTF-8");
}

TEST_CASE("xlsx: the fuzzers' findings are read or refused, never undefined") {
  // tests/fuzz/corpus/fuzz_xlsx: a 1E9223372036854775807 number cell, and a row number at LONG_MAX
  // followed by a row without one. The sanitizer build (scripts/test-sanitizers.sh) turns any
  // overflow here into a failure.
  for (const char* name : {"fuzz_xlsx-exponent-overflow", "fuzz_xlsx-row-number-overflow"}) {
    CAPTURE(name);
    const std::string src = std::string(HOTRO_SOURCE_DIR) + "/tests/fuzz/corpus/fuzz_xlsx/" + name;
    const std::string path = temp_path(std::string(name) + ".xlsx");
    std::filesystem::copy_file(src, path, std::filesystem::copy_options::overwrite_existing);
    try {
      for (const auto& row : read_all(path))
        for (const auto& cell : row.cells) CHECK(cell.size() < 100);
    } catch (const Error& e) {
      CHECK(e.code() == Exit::data);
    }
  }
}
