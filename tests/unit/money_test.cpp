// SPDX-License-Identifier: MIT
// lib/money.{h,cpp}: integer VND printed with the separators of each language, amounts parsed
// as people write them (and decimals, negatives and mixed separators refused), and the
// overflow-checked arithmetic that prices supports.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "money.h"
#include "test_support.h"

using namespace hotro::test;
using hotro::Exit;
using hotro::format_vnd;
using hotro::parse_vnd;

// Readable failure messages for optional amounts (doctest prints "{?}" otherwise).
namespace doctest {
template <>
struct StringMaker<std::optional<int64_t>> {
  static String convert(const std::optional<int64_t>& v) {
    return v ? String(std::to_string(*v).c_str()) : String("nullopt");
  }
};
}  // namespace doctest

namespace {

// Messages (and separators) in one language for a scope.
class Language {
 public:
  explicit Language(hotro::Lang l) : old_(hotro::lang()) { hotro::set_lang(l); }
  ~Language() { hotro::set_lang(old_); }
  Language(const Language&) = delete;
  Language& operator=(const Language&) = delete;

 private:
  hotro::Lang old_;
};

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

}  // namespace

TEST_CASE("money: format_vnd groups thousands with '.' in Vietnamese and ',' in English") {
  {
    Language vi(hotro::Lang::vi);
    CHECK(format_vnd(1300000) == "1.300.000");
    CHECK(format_vnd(60000) == "60.000");
    CHECK(format_vnd(100000) == "100.000");
    CHECK(format_vnd(999) == "999");
    CHECK(format_vnd(1000) == "1.000");
    CHECK(format_vnd(0) == "0");
    CHECK(format_vnd(-70000) == "-70.000");
    CHECK(format_vnd(-5) == "-5");
  }
  {
    Language en(hotro::Lang::en);
    CHECK(format_vnd(1300000) == "1,300,000");
    CHECK(format_vnd(12) == "12");
    CHECK(format_vnd(1234567890) == "1,234,567,890");
    CHECK(format_vnd(0) == "0");
    CHECK(format_vnd(-1300000) == "-1,300,000");
    CHECK(format_vnd(-100) == "-100");
    CHECK(format_vnd(kMax) == "9,223,372,036,854,775,807");
    CHECK(format_vnd(-kMax) == "-9,223,372,036,854,775,807");
  }
}

// -INT64_MIN does not fit an int64: format_vnd must not negate it.
TEST_CASE("money: format_vnd of the smallest int64") {
  Language en(hotro::Lang::en);
  CHECK(format_vnd(kMin) == "-9,223,372,036,854,775,808");
}

TEST_CASE("money: parse_vnd reads amounts as people write them") {
  for (const char* text : {"1300000", "1.300.000", "1,300,000", "1 300 000", "  1300000  ", "1.300.000 đ",
                           "1300000đ", "1.300.000 đồng", "1300000 VND", "1,300,000vnd", "1.300.000 Đồng",
                           "1 300 000 VNĐ"}) {
    const std::string written = text;
    CAPTURE(written);
    CHECK(parse_vnd(written) == std::optional<int64_t>(1300000));
  }
  CHECK(parse_vnd("70.000đ") == std::optional<int64_t>(70000));
  CHECK(parse_vnd("70000 đồng") == std::optional<int64_t>(70000));
  CHECK(parse_vnd("70000 VND") == std::optional<int64_t>(70000));
  CHECK(parse_vnd("0") == std::optional<int64_t>(0));
  CHECK(parse_vnd("999") == std::optional<int64_t>(999));
  CHECK(parse_vnd("1.000") == std::optional<int64_t>(1000));
  CHECK(parse_vnd("12,345") == std::optional<int64_t>(12345));
  CHECK(parse_vnd("999999999999999") == std::optional<int64_t>(999999999999999));  // 15 digits
  CHECK(parse_vnd("999.999.999.999.999") == std::optional<int64_t>(999999999999999));
}

TEST_CASE("money: parse_vnd refuses what is not a whole, non-negative amount") {
  for (const char* text : {"", "   ", "abc", "đ", "VND", "1.5", "1,50", "1.300,000", "1,300.000", "-5", "-1.300.000",
                           "+5", "1.30.000", "1.3000", "13.00.000", ".300", "300.", "1..300", "1 300,000",
                           "1300000 USD", "5e6", "1_300_000", "0x10", "1000000000000000", "1234567890123456",
                           "12345678901234567890", "1.000.000.000.000.000", "100k", "1tr"}) {
    const std::string written = text;
    CAPTURE(written);
    CHECK(parse_vnd(written) == std::optional<int64_t>());
  }
}

TEST_CASE("money: checked_mul and checked_add refuse overflow as a data error") {
  CHECK(hotro::checked_mul(60000, 90) == 5400000);
  CHECK(hotro::checked_mul(0, kMax) == 0);
  CHECK(hotro::checked_mul(kMax, 1) == kMax);
  CHECK(hotro::checked_mul(kMax / 60000, 60000) == kMax / 60000 * 60000);
  CHECK(contains(error_of([] { (void)hotro::checked_mul(kMax / 60000 + 1, 60000); }, Exit::data), "too large"));
  error_of([] { (void)hotro::checked_mul(kMax, 2); }, Exit::data);
  error_of([] { (void)hotro::checked_mul(kMin, -1); }, Exit::data);
  error_of([] { (void)hotro::checked_mul(int64_t{1} << 32, int64_t{1} << 31); }, Exit::data);
  CHECK(hotro::checked_mul(int64_t{1} << 31, int64_t{1} << 31) == int64_t{1} << 62);

  CHECK(hotro::checked_add(400000, 100000) == 500000);
  CHECK(hotro::checked_add(kMax - 1, 1) == kMax);
  CHECK(hotro::checked_add(-5, 5) == 0);
  CHECK(contains(error_of([] { (void)hotro::checked_add(kMax, 1); }, Exit::data), "too large"));
  error_of([] { (void)hotro::checked_add(kMin, -1); }, Exit::data);
  // The message in Vietnamese too.
  Language vi(hotro::Lang::vi);
  try {
    (void)hotro::checked_add(kMax, kMax);
    FAIL("no error");
  } catch (const hotro::Error& e) {
    CHECK(std::string(e.what()) == "số tiền quá lớn");
  }
}
