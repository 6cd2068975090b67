// SPDX-License-Identifier: MIT
// lib/intake/record.{h,cpp}: validating one intake field by field; row_key and content_hash.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "codes.h"
#include "intake/record.h"
#include "test_support.h"
#include "text/unicode.h"

using hotro::CodeLists;
using hotro::text::Date;
using namespace hotro::intake;
using namespace hotro::test;
namespace db = hotro::db;

namespace {

using Strings = std::vector<std::string>;

// A parser over a fresh library's code lists, with today fixed at 2026-06-15.
struct Parsing {
  EnglishMessages english;
  ScopedEnv today{"HOTRO_TODAY", "2026-06-15"};
  std::unique_ptr<db::Database> lib = new_library(":memory:");
  CodeLists codes{*lib};
  ValueRules rules;
  RawValues raw;

  Parsing() {
    raw[idx(Field::full_name)] = kHuongNfc;
    raw[idx(Field::intake_date)] = "05/03/2026";
    raw[idx(Field::intake_channel)] = "Tự trở về";
  }
  static size_t idx(Field f) { return static_cast<size_t>(f); }
  std::string& operator[](Field f) { return raw[idx(f)]; }

  // Parses `raw` (the parser is made per call, as the rules may have changed).
  std::vector<FieldError> parse(Record& out) const {
    RecordParser parser(codes, rules);
    return parser.parse(raw, out);
  }
  Record ok() {
    Record r;
    const auto errors = parse(r);
    for (const auto& e : errors) FAIL_CHECK(field_key(e.field) << ": " << e.message);
    return r;
  }
  // The messages of the errors found on `f` (errors on other fields are not looked at).
  Strings errors_on(Field f) const {
    Record r;
    Strings out;
    for (const auto& e : parse(r))
      if (e.field == f) out.push_back(e.message);
    return out;
  }
  // The one error on `f`, or "" after failing the test.
  std::string error_on(Field f) const {
    const Strings all = errors_on(f);
    REQUIRE_MESSAGE(all.size() == 1, field_key(f) << ": " << all.size() << " errors");
    return all[0];
  }
};

Record base_record() {
  Record r;
  r.full_name = kHuongNfc;
  r.sex = "F";
  r.birth = Date{1996, 4, 12};
  r.ethnicity = "01";
  r.citizen_id = "038196001234";
  r.residence = "Xã Quảng Phú, tỉnh Thanh Hóa";
  r.residence_province = "38";
  r.intake_date = Date{2026, 5, 20};
  r.intake_channel = "self_returned";
  r.receiving_agency = "Công an tỉnh Thanh Hóa";
  r.source_agency = "Đồn Biên phòng";
  r.abroad = 1;
  r.destination_country = "KH";
  r.exploitation = {"forced_labour", "sexual"};
  r.poor_household = 0;
  r.record_no = "4";
  r.note = "ghi chú";
  return r;
}

}  // namespace

TEST_CASE("record: field keys, titles and code lists") {
  CHECK(std::string(field_key(Field::full_name)) == "full_name");
  CHECK(std::string(field_title(Field::full_name)) == "Họ và tên");
  CHECK(std::string(field_key(Field::destination_country)) == "destination_country");
  CHECK(std::string(field_title(Field::intake_date)) == "Ngày tiếp nhận");
  for (size_t i = 0; i < kFieldCount; ++i) {
    const auto f = static_cast<Field>(i);
    CAPTURE(field_key(f));
    CHECK(field_from_key(field_key(f)) == f);
    CHECK(std::string(field_title(f)).size() > 0);
  }
  CHECK(field_from_key("note") == Field::note);
  CHECK_FALSE(field_from_key("Full_Name"));
  CHECK_FALSE(field_from_key("name"));
  CHECK_FALSE(field_from_key(""));
  CHECK(std::string(code_list_of(Field::sex)) == "sex");
  CHECK(std::string(code_list_of(Field::destination_country)) == "country");
  CHECK(std::string(code_list_of(Field::abroad)) == "yesno");
  CHECK(std::string(code_list_of(Field::poor_household)) == "yesno");
  CHECK(std::string(code_list_of(Field::exploitation)) == "exploitation");
  CHECK(code_list_of(Field::full_name) == nullptr);
  CHECK(code_list_of(Field::note) == nullptr);
  CHECK(code_list_of(Field::intake_date) == nullptr);
}

TEST_CASE("record: the smallest good row") {
  Parsing p;
  const Record r = p.ok();
  CHECK(r.full_name == kHuongNfc);
  CHECK(r.intake_date == Date{2026, 3, 5});
  CHECK(r.intake_channel == "self_returned");
  CHECK_FALSE(r.sex);
  CHECK_FALSE(r.birth);
  CHECK_FALSE(r.ethnicity);
  CHECK_FALSE(r.citizen_id);
  CHECK_FALSE(r.residence);
  CHECK_FALSE(r.residence_province);
  CHECK_FALSE(r.receiving_agency);
  CHECK_FALSE(r.source_agency);
  CHECK_FALSE(r.abroad);
  CHECK_FALSE(r.destination_country);
  CHECK(r.exploitation.empty());
  CHECK_FALSE(r.poor_household);
  CHECK_FALSE(r.record_no);
  CHECK_FALSE(r.note);
}

TEST_CASE("record: a full row") {
  Parsing p;
  p[Field::record_no] = " 12 ";
  p[Field::full_name] = "  Vi   Văn\tDũng ";
  p[Field::sex] = "Nam";
  p[Field::birth_date] = "1987";
  p[Field::ethnicity] = "Tày";
  p[Field::citizen_id] = "020087004321";
  p[Field::residence] = "Xã Tân Tiến,  tỉnh Lạng Sơn";
  p[Field::intake_date] = "15/04/2026";
  p[Field::intake_channel] = "Được giải cứu";
  p[Field::receiving_agency] = "Công an tỉnh Lạng Sơn";
  p[Field::source_agency] = "Đồn Biên phòng Hữu Nghị";
  p[Field::abroad] = "Có";
  p[Field::destination_country] = "Myanmar";
  p[Field::exploitation] = "Cưỡng bức thực hiện hành vi phạm tội; Cưỡng bức lao động";
  p[Field::poor_household] = "x";
  p[Field::note] = "  cần   hỗ trợ \r\n\n  khẩn cấp \n";
  const Record r = p.ok();
  CHECK(r.record_no == "12");
  CHECK(r.full_name == "Vi Văn Dũng");
  CHECK(r.sex == "M");
  REQUIRE(r.birth);
  CHECK(r.birth->year_only());
  CHECK(r.birth->year == 1987);
  CHECK(r.ethnicity == "02");
  CHECK(r.citizen_id == "020087004321");
  CHECK(r.residence == "Xã Tân Tiến, tỉnh Lạng Sơn");
  CHECK(r.residence_province == "20");
  CHECK(r.intake_date == Date{2026, 4, 15});
  CHECK(r.intake_channel == "rescued");
  CHECK(r.receiving_agency == "Công an tỉnh Lạng Sơn");
  CHECK(r.source_agency == "Đồn Biên phòng Hữu Nghị");
  CHECK(r.abroad == 1);
  CHECK(r.destination_country == "MM");
  CHECK(r.exploitation == Strings{"forced_crime", "forced_labour"});
  CHECK(r.poor_household == 1);
  CHECK(r.note == "cần hỗ trợ\n\nkhẩn cấp");  // a note keeps its lines
}

TEST_CASE("record: parsing into a used Record clears what the new row lacks") {
  Parsing p;
  p[Field::sex] = "Nữ";
  p[Field::citizen_id] = "038196001234";
  p[Field::exploitation] = "Mại dâm";
  p[Field::note] = "x";
  Record r = p.ok();
  REQUIRE(r.sex);
  Parsing q;
  REQUIRE(q.parse(r).empty());
  CHECK_FALSE(r.sex);
  CHECK_FALSE(r.citizen_id);
  CHECK(r.exploitation.empty());
  CHECK_FALSE(r.note);
}

TEST_CASE("record: every problem of a row is reported at once") {
  Parsing p;
  p[Field::full_name] = "";
  p[Field::sex] = "?";
  p[Field::birth_date] = "31/02/1990";
  p[Field::citizen_id] = "12345";
  p[Field::intake_date] = "";
  p[Field::intake_channel] = "";
  p[Field::destination_country] = "Atlantis";
  p[Field::poor_household] = "hình như";
  Record r;
  const auto errors = p.parse(r);
  std::vector<Field> fields;
  for (const auto& e : errors) fields.push_back(e.field);
  CHECK(fields == std::vector<Field>{Field::full_name, Field::sex, Field::birth_date,
                                     Field::citizen_id, Field::intake_date,
                                     Field::intake_channel, Field::destination_country,
                                     Field::poor_household});
  for (const auto& e : errors) {
    CAPTURE(e.message);
    CHECK_FALSE(e.message.empty());
    CHECK_FALSE(e.message.ends_with("."));
  }
}

TEST_CASE("record: the name is required and at most 200 characters") {
  Parsing p;
  SUBCASE("missing") {
    for (const char* blank : {"", "   ", "\t\n"}) {
      p[Field::full_name] = blank;
      CHECK(contains(p.error_on(Field::full_name), "missing"));
    }
  }
  SUBCASE("200 characters is the limit, counted in characters, not bytes") {
    std::string name;
    for (int i = 0; i < 200; ++i) name += "ễ";  // 3 bytes each
    p[Field::full_name] = name;
    CHECK(p.errors_on(Field::full_name).empty());
    p[Field::full_name] = name + "a";
    CHECK(p.error_on(Field::full_name) == "longer than 200 characters");
  }
  SUBCASE("white space is cleaned and NFD composed") {
    p[Field::full_name] = " " + kHuongNfd + "  ";
    CHECK(p.ok().full_name == kHuongNfc);
  }
}

TEST_CASE("record: sex") {
  Parsing p;
  for (auto [text, code] : {std::pair{"Nữ", "F"}, {"nu", "F"}, {"NỮ", "F"}, {"F", "F"},
                            {"Nam", "M"}, {"nam giới", "M"}, {"m", "M"}}) {
    CAPTURE(text);
    p[Field::sex] = text;
    CHECK(p.ok().sex == code);
  }
  p[Field::sex] = "X";
  const std::string msg = p.error_on(Field::sex);
  CHECK(contains(msg, "unknown value 'X'"));
  CHECK(contains(msg, "'Female', 'Male'"));  // the labels in the messages' language
}

TEST_CASE("record: dates") {
  Parsing p;  // today is 2026-06-15
  SUBCASE("accepted shapes, today included") {
    p[Field::intake_date] = "2026-06-15";
    CHECK(p.ok().intake_date == Date{2026, 6, 15});
    p[Field::intake_date] = "46086";  // Excel serial day
    CHECK(p.ok().intake_date == Date{2026, 3, 5});
    p[Field::intake_date] = "5/3/26";
    CHECK(p.ok().intake_date == Date{2026, 3, 5});
    p[Field::birth_date] = "12/04/1996";
    CHECK(p.ok().birth == Date{1996, 4, 12});
  }
  SUBCASE("in the future") {
    p[Field::intake_date] = "16/06/2026";
    CHECK(p.error_on(Field::intake_date) == "16/06/2026 is in the future");
    p[Field::intake_date] = "05/03/2026";
    p[Field::birth_date] = "01/01/2027";
    CHECK(p.error_on(Field::birth_date) == "01/01/2027 is in the future");
    p[Field::birth_date] = "2027";
    CHECK(p.error_on(Field::birth_date) == "2027 is in the future");
    p[Field::birth_date] = "2026";  // this year is not the future
    CHECK(p.errors_on(Field::birth_date).empty());
  }
  SUBCASE("birth after intake") {
    p[Field::birth_date] = "06/03/2026";
    CHECK(p.error_on(Field::birth_date) == "06/03/2026 is after the intake date 05/03/2026");
    p[Field::birth_date] = "05/03/2026";  // born that day: possible
    CHECK(p.errors_on(Field::birth_date).empty());
    p[Field::intake_date] = "31/12/2025";
    p[Field::birth_date] = "2026";
    CHECK(p.error_on(Field::birth_date) == "2026 is after the intake date 31/12/2025");
    p[Field::intake_date] = "05/03/2026";
    CHECK(p.errors_on(Field::birth_date).empty());  // a bare year of the intake year may be
  }
  SUBCASE("a bare year") {
    p[Field::birth_date] = "1990";
    const Record r = p.ok();
    REQUIRE(r.birth);
    CHECK(r.birth->year_only());
    CHECK(r.birth->iso() == "1990");
    p[Field::intake_date] = "2026";
    CHECK(p.error_on(Field::intake_date) == "needs a full date, not only a year");
  }
  SUBCASE("missing and malformed") {
    p[Field::intake_date] = " ";
    CHECK(contains(p.error_on(Field::intake_date), "missing"));
    p[Field::intake_date] = "hôm qua";
    CHECK(p.error_on(Field::intake_date) ==
          "'hôm qua' is not a date: unrecognised date 'hôm qua'");
    p[Field::intake_date] = "05/03/2026";
    p[Field::birth_date] = "03/1990";
    CHECK(contains(p.error_on(Field::birth_date), "ambiguous"));
    p[Field::birth_date] = "";  // a birth date is optional
    CHECK(p.errors_on(Field::birth_date).empty());
  }
  SUBCASE("a profile's date format replaces the accepted shapes for its field") {
    p.rules.date_format[Parsing::idx(Field::intake_date)] = "%d.%m.%Y";
    p[Field::intake_date] = "05.03.2026";
    CHECK(p.ok().intake_date == Date{2026, 3, 5});
    p[Field::intake_date] = "2026-03-05";
    CHECK(contains(p.error_on(Field::intake_date), "is not a date"));
    p[Field::intake_date] = "05.03.2026";
    p[Field::birth_date] = "12/04/1996";  // other fields keep the usual shapes
    CHECK(p.ok().birth == Date{1996, 4, 12});
  }
}

TEST_CASE("record: citizen ID (CCCD 12 digits, CMND 9), kept as text") {
  Parsing p;
  auto id = [&](const char* text) {
    p[Field::citizen_id] = text;
    return p.ok().citizen_id;
  };
  CHECK(id("001301012345") == "001301012345");  // leading zeros kept
  CHECK(id("001 301 012 345") == "001301012345");
  CHECK(id("001.301.012.345") == "001301012345");
  CHECK(id("  038196001234 ") == "038196001234");
  CHECK(id("012345678") == "012345678");  // an old CMND
  CHECK(id("") == std::nullopt);

  p[Field::citizen_id] = "01301012345";  // the leading zero of 001301012345 lost in Excel
  std::string msg = p.error_on(Field::citizen_id);
  CHECK(contains(msg, "has 11 digits"));
  CHECK(contains(msg, "leading zero"));
  CHECK(contains(msg, "text"));
  p[Field::citizen_id] = "12345678";  // a CMND that lost its zero
  CHECK(contains(p.error_on(Field::citizen_id), "leading zero"));
  p[Field::citizen_id] = "1301012345";  // Hà Nội's 001301012345 as a number: two zeros lost
  CHECK(p.error_on(Field::citizen_id) ==
        "'1301012345' has 10 digits: 2 leading zeros were probably lost (format the column as text in Excel)");
  p[Field::citizen_id] = "0013010123456";
  CHECK(p.error_on(Field::citizen_id) == "'0013010123456' has 13 digits (a CCCD has 12, an old CMND 9)");
  p[Field::citizen_id] = "123456";
  CHECK(contains(p.error_on(Field::citizen_id), "has 6 digits (a CCCD has 12"));
  for (const char* bad : {"00130101234X", "001-301-012-345", "CCCD 001301012345", "'", "=\"\""}) {
    CAPTURE(bad);
    p[Field::citizen_id] = bad;
    CHECK(contains(p.error_on(Field::citizen_id), "characters other than digits"));
  }
  // How lists carry an ID as text, and a number cell written as a float: read as the ID.
  CHECK(id("'001301012345") == "001301012345");
  CHECK(id("=\"001301012345\"") == "001301012345");
  CHECK(id("001301012345.0") == "001301012345");
  p[Field::citizen_id] = "38196001234.00";  // 038196001234 as a float: the zero is lost all the same
  CHECK(contains(p.error_on(Field::citizen_id), "'38196001234' has 11 digits: a leading zero was probably lost"));
  // Excel's exponent form has lost digits for good.
  for (const char* lost : {"1.23457E+11", "1,23457E+11", "1.3e11"}) {
    CAPTURE(lost);
    p[Field::citizen_id] = lost;
    CHECK(contains(p.error_on(Field::citizen_id), "exponent form: its last digits are lost"));
  }
}

TEST_CASE("record: abroad, stated or inferred from the destination") {
  Parsing p;
  auto parsed = [&](const char* abroad, const char* destination) {
    p[Field::abroad] = abroad;
    p[Field::destination_country] = destination;
    return p.ok();
  };
  CHECK(parsed("Có", "").abroad == 1);
  CHECK(parsed("x", "").abroad == 1);
  CHECK(parsed("Không", "").abroad == 0);
  CHECK(parsed("", "").abroad == std::nullopt);
  Record r = parsed("", "Trung Quốc");
  CHECK(r.abroad == 1);
  CHECK(r.destination_country == "CN");
  r = parsed("", "Việt Nam");
  CHECK(r.abroad == 0);
  CHECK(r.destination_country == "VN");
  CHECK(parsed("", "trong nước").abroad == 0);
  CHECK(parsed("Không", "Việt Nam").abroad == 0);
  CHECK(parsed("Có", "Campuchia").abroad == 1);

  p[Field::abroad] = "Không";
  p[Field::destination_country] = "Trung Quốc";
  CHECK(contains(p.error_on(Field::abroad), "not abroad"));
  p[Field::abroad] = "Có";
  p[Field::destination_country] = "Việt Nam";
  CHECK(contains(p.error_on(Field::abroad), "says 'abroad' but the destination is Viet Nam"));
  p[Field::abroad] = "có lẽ";
  p[Field::destination_country] = "";
  CHECK(contains(p.error_on(Field::abroad), "unknown value"));
  p[Field::abroad] = "";
  p[Field::destination_country] = "Atlantis";
  CHECK(contains(p.error_on(Field::destination_country), "unknown value 'Atlantis'"));
}

TEST_CASE("record: residence and its province") {
  Parsing p;
  auto province = [&](const std::string& residence) {
    p[Field::residence] = residence;
    return p.ok().residence_province;
  };
  CHECK(province("Xã Quảng Phú, tỉnh Thanh Hóa") == "38");
  CHECK(province("Phường Hà Đông, thành phố Hà Nội") == "01");
  CHECK(province("Xã Tân Tiến, TỈNH LẠNG SƠN") == "20");
  CHECK(province("Huyện Mèo Vạc, tỉnh Hà Giang") == "08");  // old province → 2025 province
  CHECK(province("Số 5 Lê Lợi, TP.HCM") == "79");
  CHECK(province("Phường 1, TP. Hồ Chí Minh") == "79");
  CHECK(province("Thôn Nậm Chày, xã Thống Nhất, tỉnh Lào Cai") == "15");
  CHECK(province("Phường Thắng Tam, Bà Rịa - Vũng Tàu") == "79");
  CHECK(province("Cần Thơ") == "92");
  CHECK(province("Thôn 3, xã Yên Hòa") == std::nullopt);  // no province named
  CHECK(province("") == std::nullopt);
  p[Field::residence] = "  Xã Quảng Phú,   tỉnh Thanh Hóa ";
  CHECK(p.ok().residence == "Xã Quảng Phú, tỉnh Thanh Hóa");
}

TEST_CASE("record: exploitation takes several values") {
  Parsing p;
  auto forms = [&](const std::string& text) {
    p[Field::exploitation] = text;
    return p.ok().exploitation;
  };
  const Strings two{"forced_labour", "sexual"};
  CHECK(forms("Cưỡng bức lao động; Bóc lột tình dục") == two);
  CHECK(forms("Bóc lột tình dục, Cưỡng bức lao động") == two);  // sorted
  CHECK(forms("mại dâm + lao động cưỡng bức") == two);
  CHECK(forms("Mại dâm\nCưỡng bức lao động") == two);
  CHECK(forms("sexual;forced_labour") == two);
  CHECK(forms("Mại dâm; bóc lột tình dục; sexual") == Strings{"sexual"});  // unique
  CHECK(forms(" ; ,, ") == Strings{});
  CHECK(forms("") == Strings{});
  CHECK(forms("Cưỡng bức phạm tội (lừa đảo trực tuyến)") == Strings{"forced_crime"});

  p[Field::exploitation] = "Mại dâm; bán vé số";
  CHECK(contains(p.error_on(Field::exploitation), "unknown value 'bán vé số'"));
  Record r;
  p.parse(r);
  CHECK(r.exploitation == Strings{"sexual"});  // the known part is still read
  p[Field::exploitation] = "a; b";
  CHECK(p.errors_on(Field::exploitation).size() == 2);
}

// A variant of the code list itself contains the separator '/'
// ("làm việc tại các sòng bạc/đặc khu"): a whole cell that is one known value is not split.
TEST_CASE("record: a known variant containing '/' is one value") {
  Parsing p;
  p[Field::exploitation] = "làm việc tại các sòng bạc/đặc khu";
  Record r;
  CHECK(p.parse(r).empty());
  CHECK(r.exploitation == Strings{"forced_crime"});
  // Other cells with '/' are still several values.
  p[Field::exploitation] = "Mại dâm/Cưỡng bức lao động";
  CHECK(p.ok().exploitation == Strings{"forced_labour", "sexual"});
  p[Field::exploitation] = "Mại dâm/làm việc tại các sòng bạc";
  CHECK(contains(p.error_on(Field::exploitation), "unknown value 'làm việc tại các sòng bạc'"));
}

TEST_CASE("record: poor household, note and record number") {
  Parsing p;
  p[Field::poor_household] = "Có";
  CHECK(p.ok().poor_household == 1);
  p[Field::poor_household] = "Không";
  CHECK(p.ok().poor_household == 0);
  p[Field::poor_household] = "";
  CHECK(p.ok().poor_household == std::nullopt);
  p[Field::poor_household] = "HN";  // a commune's own word: needs a profile value map
  CHECK(contains(p.error_on(Field::poor_household), "unknown value 'HN'"));
}

TEST_CASE("record: intake channel is required") {
  Parsing p;
  p[Field::intake_channel] = "";
  CHECK(contains(p.error_on(Field::intake_channel), "missing"));
  p[Field::intake_channel] = "đi bộ về";
  CHECK(contains(p.error_on(Field::intake_channel), "unknown value 'đi bộ về'"));
  p[Field::intake_channel] = "Được trao trả";
  CHECK(p.ok().intake_channel == "handed_over");
}

TEST_CASE("record: a profile's value map comes before the code lists") {
  Parsing p;
  p.rules.map[Parsing::idx(Field::intake_channel)]["duoc cong an dua ve"] = "rescued";
  p.rules.map[Parsing::idx(Field::poor_household)]["hn"] = "1";
  p.rules.map[Parsing::idx(Field::poor_household)]["cn"] = "Không";  // a label works too
  p.rules.map[Parsing::idx(Field::destination_country)]["cam"] = "KH";
  p.rules.map[Parsing::idx(Field::sex)]["nam"] = "F";  // overrides even a known label
  p[Field::intake_channel] = "Được Công an đưa về";
  p[Field::poor_household] = "HN";
  p[Field::destination_country] = "Cam";
  p[Field::sex] = "Nam";
  Record r = p.ok();
  CHECK(r.intake_channel == "rescued");
  CHECK(r.poor_household == 1);
  CHECK(r.destination_country == "KH");
  CHECK(r.abroad == 1);
  CHECK(r.sex == "F");
  p[Field::poor_household] = "CN";
  CHECK(p.ok().poor_household == 0);
  p[Field::destination_country] = "Trung Quốc";  // not in the map: the code list still works
  CHECK(p.ok().destination_country == "CN");
}

TEST_CASE("record: row_key is the person at an intake date from a source") {
  const Record r = base_record();
  const int64_t key = row_key(r, "Đồn Biên phòng");
  CHECK(row_key(r, "Đồn Biên phòng") == key);

  SUBCASE("the same for NFC, NFD and unaccented forms of the name and the source") {
    Record nfd = r, plain = r;
    nfd.full_name = kHuongNfd;
    plain.full_name = kHuongPlain;
    CHECK(row_key(nfd, "Đồn Biên phòng") == key);
    CHECK(row_key(plain, "Đồn Biên phòng") == key);
    CHECK(row_key(r, "DON BIEN PHONG") == key);
    CHECK(row_key(r, " Đồn  Biên phòng ") == key);
  }
  SUBCASE("fields that are not the identity do not change it") {
    Record other = r;
    other.note = "khác";
    other.sex = "M";
    other.citizen_id.reset();
    other.exploitation.clear();
    other.residence = "Hà Nội";
    other.intake_channel = "rescued";
    CHECK(row_key(other, "Đồn Biên phòng") == key);
  }
  SUBCASE("each part of the identity changes it") {
    Record other = r;
    other.full_name = "Nguyễn Thị Hà";
    CHECK(row_key(other, "Đồn Biên phòng") != key);
    // Accents are ignored, so names that differ only by them ("Hương", "Hường") share a key:
    // the price of matching lists typed without accents.
    other.full_name = "Nguyễn Thị Hương";
    CHECK(row_key(other, "Đồn Biên phòng") == key);
    other = r;
    other.birth = Date{1996, 4, 13};
    CHECK(row_key(other, "Đồn Biên phòng") != key);
    other.birth = Date{1996, 0, 0};
    CHECK(row_key(other, "Đồn Biên phòng") != key);
    other.birth.reset();
    CHECK(row_key(other, "Đồn Biên phòng") != key);
    other = r;
    other.intake_date = Date{2026, 5, 21};
    CHECK(row_key(other, "Đồn Biên phòng") != key);
    CHECK(row_key(r, "Công an tỉnh") != key);
    CHECK(row_key(r, "") != key);
  }
}

TEST_CASE("record: row_key of parsed rows with differently written names") {
  Parsing p;
  p[Field::birth_date] = "1996";
  const int64_t nfc = row_key(p.ok(), "list.csv");
  p[Field::full_name] = kHuongNfd;
  CHECK(row_key(p.ok(), "list.csv") == nfc);
  p[Field::full_name] = kHuongPlain;
  CHECK(row_key(p.ok(), "list.csv") == nfc);
  p[Field::full_name] = "nguyễn thị hường";
  CHECK(row_key(p.ok(), "list.csv") == nfc);
  p[Field::full_name] = "Nguyễn Thị Hà";  // a different name
  CHECK(row_key(p.ok(), "list.csv") != nfc);
}

TEST_CASE("record: content_hash changes with every stored field") {
  const Record r = base_record();
  const int64_t h = content_hash(r);
  CHECK(content_hash(base_record()) == h);

  std::vector<std::pair<const char*, void (*)(Record&)>> edits = {
      {"full_name", [](Record& x) { x.full_name = kHuongPlain; }},
      {"sex", [](Record& x) { x.sex = "M"; }},
      {"sex unknown", [](Record& x) { x.sex.reset(); }},
      {"birth", [](Record& x) { x.birth = Date{1996, 4, 13}; }},
      {"birth year only", [](Record& x) { x.birth = Date{1996, 0, 0}; }},
      {"birth unknown", [](Record& x) { x.birth.reset(); }},
      {"ethnicity", [](Record& x) { x.ethnicity = "02"; }},
      {"citizen_id", [](Record& x) { x.citizen_id = "038196001235"; }},
      {"residence", [](Record& x) { x.residence = "Xã Quảng Phú, Thanh Hóa"; }},
      {"intake_date", [](Record& x) { x.intake_date = Date{2026, 5, 21}; }},
      {"intake_channel", [](Record& x) { x.intake_channel = "rescued"; }},
      {"receiving_agency", [](Record& x) { x.receiving_agency = "Công an xã"; }},
      {"source_agency", [](Record& x) { x.source_agency.reset(); }},
      {"abroad", [](Record& x) { x.abroad = 0; }},
      {"abroad unknown", [](Record& x) { x.abroad.reset(); }},
      {"destination_country", [](Record& x) { x.destination_country = "CN"; }},
      {"exploitation added", [](Record& x) { x.exploitation.push_back("surrogacy"); }},
      {"exploitation removed", [](Record& x) { x.exploitation.pop_back(); }},
      {"poor_household", [](Record& x) { x.poor_household = 1; }},
      {"record_no", [](Record& x) { x.record_no = "5"; }},
      {"note", [](Record& x) { x.note = "ghi chú khác"; }},
      {"note removed", [](Record& x) { x.note.reset(); }},
      {"note empty", [](Record& x) { x.note = ""; }},
  };
  std::vector<int64_t> seen{h};
  for (const auto& [what, edit] : edits) {
    CAPTURE(what);
    Record changed = base_record();
    edit(changed);
    const int64_t hc = content_hash(changed);
    CHECK(hc != h);
    CHECK(std::find(seen.begin(), seen.end(), hc) == seen.end());  // all distinct
    seen.push_back(hc);
  }
  // residence_province is derived from the residence: not hashed on its own.
  Record derived = base_record();
  derived.residence_province = "01";
  CHECK(content_hash(derived) == h);
}

// Regression: content_hash() once joined fields with '|' without lengths, so moving a '|'
// between two free-text neighbours gave the same hash and the edit was lost on re-import.
TEST_CASE("record: content_hash keeps field boundaries") {
  Record a = base_record(), b = base_record();
  a.record_no = "4|cũ";
  a.note = "ghi chú";
  b.record_no = "4";
  b.note = "cũ|ghi chú";
  CHECK(content_hash(a) != content_hash(b));
  a = base_record();
  b = base_record();
  a.receiving_agency = "Công an|Đồn";
  a.source_agency = "Biên phòng";
  b.receiving_agency = "Công an";
  b.source_agency = "Đồn|Biên phòng";
  CHECK(content_hash(a) != content_hash(b));
}
