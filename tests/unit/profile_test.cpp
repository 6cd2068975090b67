// SPDX-License-Identifier: MIT
// lib/intake/profile.{h,cpp}: the built-in header names, TOML mapping profiles and their
// errors, and mapping a header row to fields.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "codes.h"
#include "intake/profile.h"
#include "test_support.h"
#include "text/unicode.h"

using hotro::Exit;
using namespace hotro::intake;
using namespace hotro::test;

namespace {

using Strings = std::vector<std::string>;

size_t idx(Field f) { return static_cast<size_t>(f); }

// The column index each field maps to in `header` with the profile `p`.
ColumnMap mapped(const Strings& header, const Profile& p = builtin_profile()) {
  return map_columns(p, header, "list.csv", 1);
}
int column_of(Field f, const Strings& header, const Profile& p = builtin_profile()) {
  return mapped(header, p).index[idx(f)];
}

// A profile file in a temporary directory.
struct ProfileFile {
  TempDir dir{"profile"};
  std::string path = dir.file("xa_a.toml");
  Profile load(const std::string& toml) {
    write_file(path, toml);
    return load_profile(path);
  }
  // The Exit::config message for a profile, checked to start with "PATH:LINE:".
  std::string error(const std::string& toml, int line) {
    write_file(path, toml);
    const std::string msg = error_of([&] { load_profile(path); }, Exit::config);
    CHECK_MESSAGE(msg.starts_with(fmt::format("{}:{}:", path, line)), msg);
    return msg;
  }
};

}  // namespace

TEST_CASE("profile: the built-in profile") {
  const Profile p = builtin_profile();
  CHECK(p.name == "built-in");
  CHECK(p.path.empty());
  CHECK(p.header_row == 0);
  CHECK(p.encoding.empty());
  CHECK(p.sheet.empty());
  for (size_t f = 0; f < kFieldCount; ++f) {
    CAPTURE(field_key(static_cast<Field>(f)));
    CHECK_FALSE(p.columns[f].empty());  // every field has names
    CHECK(p.defaults[f].empty());
    CHECK(p.values.map[f].empty());
    CHECK(p.values.date_format[f].empty());
    for (const auto& name : p.columns[f]) CHECK(name == hotro::text::fold(name));  // folded
  }
}

TEST_CASE("profile: built-in headers match with or without diacritics, in any case") {
  for (const char* name : {"Họ và tên", "HỌ VÀ TÊN", "HO VA TEN", "ho va ten", "Ho ten",
                           "Họ tên", "  Họ   và tên ", "Họ & tên", "Họ và tên nạn nhân",
                           "Full name", "NAME"}) {
    CAPTURE(name);
    CHECK(column_of(Field::full_name, {"STT", name}) == 1);
  }
  CHECK(column_of(Field::full_name, {kHuongNfd, "Họ và te\xcc\x82n"}) == 1);  // NFD header
  for (const char* name : {"Năm sinh", "NAM SINH", "Ngày sinh", "Ngày, tháng, năm sinh",
                           "Sinh năm", "Date of birth"}) {
    CAPTURE(name);
    CHECK(column_of(Field::birth_date, {"Họ tên", name}) == 1);
  }
  CHECK(column_of(Field::sex, {"Họ tên", "Nam/Nữ"}) == 1);
  CHECK(column_of(Field::sex, {"Họ tên", "GIOI TINH"}) == 1);
  CHECK(column_of(Field::citizen_id, {"Họ tên", "CMND/CCCD"}) == 1);
  CHECK(column_of(Field::citizen_id, {"Họ tên", "Số định danh cá nhân"}) == 1);
  CHECK(column_of(Field::intake_date, {"Họ tên", "Ngày tiếp nhận"}) == 1);
  CHECK(column_of(Field::poor_household, {"Họ tên", "Thuộc hộ nghèo"}) == 1);
}

TEST_CASE("profile: every field's own title, as the man page and rejects files write it, is a header of it") {
  for (size_t f = 0; f < kFieldCount; ++f) {
    const Field field = static_cast<Field>(f);
    CAPTURE(field_title(field));
    CHECK(column_of(field, {field == Field::full_name ? "STT" : "Họ và tên", field_title(field)}) == 1);
  }
}

TEST_CASE("profile: a whole header row from a real list") {
  // examples/lists/cong_an_2026.csv
  const Strings header{"STT", "Họ tên", "Giới tính", "Năm sinh", "Dân tộc", "CMND/CCCD",
                       "Địa chỉ", "Ngày tiếp nhận", "Nguồn tiếp nhận", "Ra nước ngoài",
                       "Nước bị bán sang", "Mục đích mua bán", "Đơn vị tiếp nhận", "Ghi chú"};
  const ColumnMap m = mapped(header);
  const std::vector<std::pair<Field, int>> expected = {
      {Field::record_no, 0},      {Field::full_name, 1},
      {Field::sex, 2},            {Field::birth_date, 3},
      {Field::ethnicity, 4},      {Field::citizen_id, 5},
      {Field::residence, 6},      {Field::intake_date, 7},
      {Field::intake_channel, 8}, {Field::abroad, 9},
      {Field::destination_country, 10}, {Field::exploitation, 11},
      {Field::receiving_agency, 12},    {Field::note, 13},
      {Field::source_agency, -1}, {Field::poor_household, -1}};
  for (auto [f, col] : expected) {
    CAPTURE(field_key(f));
    CHECK(m.index[idx(f)] == col);
  }
  CHECK(m.ignored.empty());
}

TEST_CASE("profile: unknown, empty and rejects columns") {
  const ColumnMap m =
      mapped({"Họ tên", "", "Số điện thoại", "  ", "Lỗi", "Tên bố", "Ngày tiếp nhận"});
  CHECK(m.index[idx(Field::full_name)] == 0);
  CHECK(m.index[idx(Field::intake_date)] == 6);
  CHECK(m.ignored == Strings{"Số điện thoại", "Tên bố"});  // blank and "Lỗi" are not listed
}

TEST_CASE("profile: two columns for one field is an error naming both") {
  std::string msg = error_of(
      [] { map_columns(builtin_profile(), {"STT", "Họ và tên", "Họ tên"}, "ds.csv", 3); },
      Exit::data);
  CHECK(msg ==
        "ds.csv:3: columns 2 'Họ và tên' and 3 'Họ tên' both give full_name (Họ và tên); "
        "rename one or map them with a profile");
  msg = error_of(
      [] {
        map_columns(builtin_profile(), {"Họ tên", "Giới tính", "GIOI TINH"}, "ds.csv", 1);
      },
      Exit::data);
  CHECK(contains(msg, "columns 2 'Giới tính' and 3 'GIOI TINH' both give sex"));
}

TEST_CASE("profile: a header row without a name column is an error listing the row") {
  std::string msg = error_of(
      [] { map_columns(builtin_profile(), {"Giới tính", "Năm sinh"}, "ds.csv", 2); },
      Exit::data);
  CHECK(msg.starts_with("ds.csv:2: no column for the person's name"));
  CHECK(contains(msg, "Giới tính, Năm sinh"));
  CHECK(contains(msg, "--profile"));
  error_of([] { map_columns(builtin_profile(), {}, "ds.csv", 1); }, Exit::data);
}

TEST_CASE("profile: every key of a TOML profile") {
  ProfileFile f;
  const Profile p = f.load(R"(# a profile
version = 1
name = "UBND xã A"
encoding = "windows-1258"
sheet = "Danh sách"
header_row = 3

[columns]
full_name = "Tên người trở về"
residence = ["Thôn, xã", "Địa chỉ"]

[values.intake_channel]
"Được Công an đưa về" = "rescued"
"Gia đình đón" = "self_returned"

[values.poor_household]
HN = "1"

[dates]
intake_date = "%d.%m.%Y"
birth_date = "%Y"

[defaults]
source_agency = "UBND xã A"
intake_channel = "self_returned"
)");
  CHECK(p.name == "UBND xã A");
  CHECK(p.path == f.path);
  CHECK(p.encoding == "CP1258");  // the canonical name of "windows-1258"
  CHECK(p.sheet == "Danh sách");
  CHECK(p.header_row == 3);
  // The profile's names come first, the built-in ones still follow.
  const auto& names = p.columns[idx(Field::full_name)];
  REQUIRE(names.size() > 1);
  CHECK(names[0] == "ten nguoi tro ve");
  CHECK(std::find(names.begin(), names.end(), "ho va ten") != names.end());
  const auto& residence = p.columns[idx(Field::residence)];
  REQUIRE(residence.size() >= 2);
  CHECK(residence[0] == "thon xa");
  CHECK(residence[1] == "dia chi");
  // Value maps are keyed by the folded text.
  const auto& channel = p.values.map[idx(Field::intake_channel)];
  CHECK(channel.size() == 2);
  CHECK(channel.at("duoc cong an dua ve") == "rescued");
  CHECK(channel.at("gia dinh don") == "self_returned");
  CHECK(p.values.map[idx(Field::poor_household)].at("hn") == "1");
  CHECK(p.values.map[idx(Field::sex)].empty());
  CHECK(p.values.date_format[idx(Field::intake_date)] == "%d.%m.%Y");
  CHECK(p.values.date_format[idx(Field::birth_date)] == "%Y");
  CHECK(p.defaults[idx(Field::source_agency)] == "UBND xã A");
  CHECK(p.defaults[idx(Field::intake_channel)] == "self_returned");
  CHECK(p.defaults[idx(Field::note)].empty());

  // The loaded profile maps the list it was written for.
  const ColumnMap m =
      mapped({"TT", "TÊN NGƯỜI TRỞ VỀ", "Thôn, xã", "Ngày tiếp nhận"}, p);
  CHECK(m.index[idx(Field::full_name)] == 1);
  CHECK(m.index[idx(Field::residence)] == 2);
}

TEST_CASE("profile: an empty profile is the built-in one, named after its file") {
  ProfileFile f;
  const Profile p = f.load("# nothing yet\n");
  CHECK(p.name == "xa_a");
  CHECK(p.path == f.path);
  CHECK(p.columns[idx(Field::full_name)] == builtin_profile().columns[idx(Field::full_name)]);
  CHECK(p.header_row == 0);
}

TEST_CASE("profile: a missing profile is 66") {
  TempDir dir("profile");
  const std::string path = dir.file("nope.toml");
  const std::string msg = error_of([&] { load_profile(path); }, Exit::noinput);
  CHECK(contains(msg, path));
}

TEST_CASE("profile: a TOML syntax error is 78 with file:line:column") {
  ProfileFile f;
  std::string msg = f.error("version = 1\nname = \"không đóng\n", 2);
  CHECK(msg.starts_with(f.path + ":2:"));
  msg = f.error("version = 1\n\n[columns\nfull_name = \"Tên\"\n", 3);
  CHECK(msg.starts_with(f.path + ":3:9: "));  // where the ']' is missing
  CHECK(contains(msg, "expected ']'"));
  msg = f.error("version = 1\nversion = 1\n", 2);  // a key given twice
  CHECK(contains(msg, "version"));
  msg = f.error("= 1\n", 1);
  CHECK(msg.starts_with(f.path + ":1:1: "));
}

TEST_CASE("profile: unknown keys and fields are 78 naming them where they are") {
  ProfileFile f;
  std::string msg = f.error("version = 1\ncolums = 1\n", 2);
  CHECK(msg.starts_with(f.path + ":2:1: "));
  CHECK(contains(msg, "unknown key 'colums'"));
  CHECK(contains(msg, "[columns]"));  // the message lists the known keys
  msg = f.error("version = 1\n[colums]\nfull_name = \"Tên\"\n", 2);
  CHECK(contains(msg, "unknown key 'colums'"));
  msg = f.error("[columns]\nfull_name = \"Tên\"\nfullname = \"Họ\"\n", 3);
  CHECK(contains(msg, "unknown field 'fullname'"));
  msg = f.error("[values.gioi_tinh]\nNu = \"F\"\n", 1);
  CHECK(msg.starts_with(f.path + ":1:9: "));
  CHECK(contains(msg, "unknown field 'gioi_tinh'"));
  msg = f.error("[dates]\n\nngay = \"%d.%m.%Y\"\n", 3);
  CHECK(contains(msg, "unknown field 'ngay'"));
  msg = f.error("[defaults]\nsource = \"UBND\"\n", 2);
  CHECK(contains(msg, "unknown field 'source'"));
}

TEST_CASE("profile: wrong types are 78 naming what was expected") {
  ProfileFile f;
  CHECK(contains(f.error("name = 5\n", 1), "name must be a string"));
  CHECK(contains(f.error("\nencoding = true\n", 2), "encoding must be a string"));
  CHECK(contains(f.error("sheet = [\"a\"]\n", 1), "sheet must be a string"));
  CHECK(contains(f.error("header_row = \"3\"\n", 1), "header_row must be a row number"));
  CHECK(contains(f.error("header_row = 0\n", 1), "header_row must be a row number"));
  CHECK(contains(f.error("header_row = -2\n", 1), "header_row must be a row number"));
  // Found by fuzz_profile: a number past int was cast to a negative or small row.
  CHECK(contains(f.error("header_row = 2147483648\n", 1), "header_row must be a row number"));
  CHECK(contains(f.error("header_row = 4294967297\n", 1), "header_row must be a row number"));
  // Found by fuzz_profile: a float was converted to an integer, out of range.
  CHECK(contains(f.error("header_row = 21474821474364821474836.8\n", 1), "header_row must be a row number"));
  CHECK(contains(f.error("header_row = 3.0\n", 1), "header_row must be a row number"));
  CHECK(contains(f.error("version = 1.0\n", 1), "version must be a whole number"));
  CHECK(contains(f.error("columns = \"Họ tên\"\n", 1), "[columns] must be a table"));
  CHECK(contains(f.error("dates = 1\n", 1), "[dates] must be a table"));
  CHECK(contains(f.error("[columns]\nfull_name = 5\n", 2), "a column name must be a string"));
  CHECK(contains(f.error("[columns]\nfull_name = [\"Tên\",\n  5]\n", 3),
                 "a column name must be a string"));
  CHECK(contains(f.error("[values]\nsex = \"F\"\n", 2), "[values.FIELD] must be a table"));
  CHECK(contains(f.error("[values.sex]\nNu = 1\n", 2), "a value must be a string"));
  CHECK(contains(f.error("[dates]\nintake_date = 1\n", 2), "a date format must be a string"));
  CHECK(contains(f.error("[defaults]\nabroad = true\n", 2), "a default value must be a string"));
}

TEST_CASE("profile: only version 1 is read") {
  ProfileFile f;
  CHECK(contains(f.error("version = 2\n", 1), "profile version 2 is not supported"));
  CHECK(contains(f.error("version = 0\n", 1), "profile version 0 is not supported"));
  CHECK(contains(f.error("version = \"1\"\n", 1), "version must be a whole number"));
  CHECK(contains(f.error("\nversion = 1.5\n", 2), "version"));
  CHECK(f.load("version = 1\n").name == "xa_a");
}

TEST_CASE("profile: the shipped example profiles load") {
  const std::string dir = std::string(HOTRO_SOURCE_DIR) + "/examples/profiles/";
  SUBCASE("bien_phong.toml") {
    const Profile p = load_profile(dir + "bien_phong.toml");
    CHECK(p.name == "Bộ đội Biên phòng – danh sách bàn giao");
    CHECK(p.defaults[idx(Field::source_agency)] == "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lào Cai");
    CHECK(p.defaults[idx(Field::receiving_agency)] == "Cơ sở trợ giúp xã hội tỉnh Lào Cai");
  }
  SUBCASE("xa_thong_nhat.toml maps its list's header row") {
    const Profile p = load_profile(dir + "xa_thong_nhat.toml");
    CHECK(p.name == "UBND xã Thống Nhất – danh sách người trở về");
    CHECK(p.encoding == "CP1258");  // the canonical name of "windows-1258"
    CHECK(p.values.date_format[idx(Field::intake_date)] == "%d.%m.%Y");
    CHECK(p.values.map[idx(Field::destination_country)].at("tq") == "CN");
    CHECK(p.values.map[idx(Field::poor_household)].at("cn") == "0");
    CHECK(p.values.map[idx(Field::intake_channel)].at("gia dinh don ve") == "self_returned");
    // examples/lists/xa_thong_nhat_2026_q1.csv
    const ColumnMap m = mapped({"TT", "Họ tên người trở về", "Phái", "Sinh ngày", "Thôn, xã",
                                "Ngày về địa phương", "Về bằng cách nào", "Bị đưa đi đâu",
                                "Bị bóc lột gì", "HN", "Ghi chú của cán bộ"},
                               p);
    CHECK(m.ignored.empty());
    const std::vector<std::pair<Field, int>> expected = {
        {Field::record_no, 0},       {Field::full_name, 1},
        {Field::sex, 2},             {Field::birth_date, 3},
        {Field::residence, 4},       {Field::intake_date, 5},
        {Field::intake_channel, 6},  {Field::destination_country, 7},
        {Field::exploitation, 8},    {Field::poor_household, 9},
        {Field::note, 10}};
    for (auto [field, col] : expected) {
      CAPTURE(field_key(field));
      CHECK(m.index[idx(field)] == col);
    }
  }
  SUBCASE("every profile in examples/profiles") {
    int n = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".toml") continue;
      CAPTURE(entry.path().string());
      CHECK_NOTHROW(load_profile(entry.path().string()));
      ++n;
    }
    CHECK(n >= 2);
  }
}

// A header the profile names for one field is taken from every other field's built-in names:
// "Hình thức" is a built-in name of intake_channel, mapped here to exploitation.
TEST_CASE("profile: a profile's mapping wins over a built-in name of another field") {
  ProfileFile f;
  const Profile p = f.load("[columns]\nexploitation = \"Hình thức\"\n");
  const ColumnMap m = mapped({"Họ tên", "Hình thức", "Ngày tiếp nhận"}, p);
  CHECK(m.index[idx(Field::exploitation)] == 1);
  CHECK(m.index[idx(Field::intake_channel)] == -1);
  // The other built-in names of intake_channel still work.
  CHECK(column_of(Field::intake_channel, {"Họ tên", "Hình thức tiếp nhận", "Hình thức"}, p) == 1);
  CHECK(column_of(Field::exploitation, {"Họ tên", "Hình thức tiếp nhận", "Hình thức"}, p) == 2);
  // Without the profile the column is the intake channel.
  CHECK(column_of(Field::intake_channel, {"Họ tên", "Hình thức"}) == 1);
}

TEST_CASE("profile: encodings, date formats and value maps are checked when loaded") {
  ProfileFile f;
  CHECK(f.load("encoding = \"cp1258\"\n").encoding == "CP1258");
  CHECK(f.load("encoding = \"auto\"\n").encoding.empty());  // detect, as with no key
  CHECK(f.load("encoding = \"auto\"\n").encoding.empty());  // detect, as with no key
  CHECK(f.load("encoding = \"UTF-8\"\n").encoding == "UTF-8");
  CHECK(f.load("encoding = \"tcvn3\"\n").encoding == "TCVN5712-1");
  CHECK(contains(f.error("version = 1\nencoding = \"klingon-8\"\n", 2), "klingon-8"));
  CHECK(f.load("[dates]\nbirth_date = \"%d/%m/%y\"\n")
            .values.date_format[idx(Field::birth_date)] == "%d/%m/%y");
  CHECK(contains(f.error("[dates]\n\nintake_date = \"%m/%Y\"\n", 3), "%m/%Y"));
  // [values.X] is for fields with a code list, not free text.
  CHECK(contains(f.error("[values.note]\n\"a\" = \"b\"\n", 1), "[values.note]"));
  CHECK(contains(f.error("[values.full_name]\n\"a\" = \"b\"\n", 1), "[values.full_name]"));
}

TEST_CASE("profile: the codes a value map gives are checked against the library") {
  auto lib = new_library(":memory:");
  hotro::CodeLists codes(*lib);
  CHECK_NOTHROW(check_value_codes(builtin_profile(), codes));
  CHECK_NOTHROW(check_value_codes(load_profile(std::string(HOTRO_SOURCE_DIR) +
                                               "/examples/profiles/xa_thong_nhat.toml"),
                                  codes));
  ProfileFile f;
  // A label of the code list is as good as its code.
  const Profile labels = f.load("[values.sex]\n\"gai\" = \"Nữ\"\n[values.abroad]\n\"ngoài\" = \"Có\"\n");
  CHECK(labels.value_mappings.size() == 2);
  CHECK_NOTHROW(check_value_codes(labels, codes));

  const Profile typo = f.load("version = 1\n[values.intake_channel]\n"
                              "\"Được công an đưa về\" = \"rescued\"\n"
                              "\"Công an đưa về\" = \"rescud\"\n");
  REQUIRE(typo.value_mappings.size() == 2);
  const auto bad = std::find_if(typo.value_mappings.begin(), typo.value_mappings.end(),
                                [](const ValueMapping& m) { return m.code == "rescud"; });
  REQUIRE(bad != typo.value_mappings.end());
  CHECK(bad->field == Field::intake_channel);
  CHECK(bad->text == "Công an đưa về");  // as written, not folded
  CHECK(bad->where.starts_with(f.path + ":4:"));
  const std::string msg = error_of([&] { check_value_codes(typo, codes); }, Exit::config);
  CHECK(msg.starts_with(f.path + ":4:"));
  CHECK(contains(msg, "rescud"));
  CHECK(contains(msg, "intake_channel"));
  const Profile country = f.load("[values.destination_country]\n\"Cam\" = \"Atlantis\"\n");
  CHECK(contains(error_of([&] { check_value_codes(country, codes); }, Exit::config),
                 "Atlantis"));
}
