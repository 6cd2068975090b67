// SPDX-License-Identifier: MIT
// lib/period.{h,cpp}: reporting periods by name, with calendar boundaries.
#include <doctest/doctest.h>

#include <string>

#include "period.h"
#include "test_support.h"

using hotro::parse_period;
using hotro::text::Date;

namespace {

// "from..to" in ISO, or "error: <reason>".
std::string span(std::string_view s) {
  hotro::test::EnglishMessages english;
  std::string why;
  const auto p = parse_period(s, &why);
  if (!p) {
    REQUIRE_FALSE(why.empty());
    return "error: " + why;
  }
  CHECK(p->name == s);
  CHECK_FALSE(p->from.year_only());
  CHECK_FALSE(p->to.year_only());
  CHECK(p->from <= p->to);
  return p->from.iso() + ".." + p->to.iso();
}

bool rejected(std::string_view s) { return span(s).starts_with("error: "); }

}  // namespace

TEST_CASE("period: a year") {
  CHECK(span("2026") == "2026-01-01..2026-12-31");
  CHECK(span("2024") == "2024-01-01..2024-12-31");
  const auto p = parse_period("2026");
  REQUIRE(p);
  CHECK(p->from == Date{2026, 1, 1});
  CHECK(p->to == Date{2026, 12, 31});
  CHECK(p->name == "2026");
}

TEST_CASE("period: half years") {
  CHECK(span("2026-H1") == "2026-01-01..2026-06-30");
  CHECK(span("2026-H2") == "2026-07-01..2026-12-31");
  CHECK(span("2026-h1") == "2026-01-01..2026-06-30");
  CHECK(span("2026-h2") == "2026-07-01..2026-12-31");
}

TEST_CASE("period: quarters") {
  CHECK(span("2026-Q1") == "2026-01-01..2026-03-31");
  CHECK(span("2026-Q2") == "2026-04-01..2026-06-30");
  CHECK(span("2026-Q3") == "2026-07-01..2026-09-30");
  CHECK(span("2026-Q4") == "2026-10-01..2026-12-31");
  CHECK(span("2026-q3") == "2026-07-01..2026-09-30");
}

TEST_CASE("period: months end on the month's last day, leap years included") {
  CHECK(span("2026-01") == "2026-01-01..2026-01-31");
  CHECK(span("2026-04") == "2026-04-01..2026-04-30");
  CHECK(span("2026-07") == "2026-07-01..2026-07-31");
  CHECK(span("2026-12") == "2026-12-01..2026-12-31");
  CHECK(span("2025-02") == "2025-02-01..2025-02-28");
  CHECK(span("2024-02") == "2024-02-01..2024-02-29");
  CHECK(span("2000-02") == "2000-02-01..2000-02-29");
  CHECK(span("1900-02") == "1900-02-01..1900-02-28");
  CHECK(span("2100-02") == "2100-02-01..2100-02-28");
}

TEST_CASE("period: inclusive date ranges") {
  CHECK(span("2026-01-01..2026-03-31") == "2026-01-01..2026-03-31");
  CHECK(span("2026-01-15..2026-01-15") == "2026-01-15..2026-01-15");
  CHECK(span("2025-12-01..2026-02-28") == "2025-12-01..2026-02-28");
  CHECK(span("2024-02-29..2024-03-01") == "2024-02-29..2024-03-01");
}

TEST_CASE("period: malformed ranges say why") {
  CHECK(span("2026-03-31..2026-01-01") == "error: the range ends before it starts");
  const std::string form = "error: a range is written yyyy-mm-dd..yyyy-mm-dd";
  CHECK(span("2026..2027") == form);
  CHECK(span("2026-01-01..2027") == form);
  CHECK(span("2026-01-01..") == form);
  CHECK(span("..2026-01-01") == form);
  CHECK(span("..") == form);
  CHECK(span("2026-02-30..2026-03-01") == form);
  CHECK(span("01/01/2026..31/03/2026") == form);
  CHECK(span("2026-1-1..2026-3-31") == form);
  CHECK(span("2026-01-01 .. 2026-03-31") == form);
  CHECK(span("2026-01-01...2026-03-31") == form);
  CHECK(span("2026-01-01..2026-03-31..2026-06-30") == form);
}

TEST_CASE("period: malformed names are rejected with the accepted forms") {
  CHECK(span("26") ==
        "error: '26' is not a period (e.g. 2026, 2026-H1, 2026-Q3, 2026-07, "
        "2026-01-01..2026-03-31)");
  for (const char* bad : {"", " ", "202", "20266", "abcd", "2026 ", " 2026", "+202",
                          "2026-", "2026-Q", "2026-Q0", "2026-Q5", "2026-Q12", "2026-Q-1",
                          "2026-H", "2026-H0", "2026-H3", "2026-X1", "2026-00", "2026-13",
                          "2026-7", "2026-007", "2026/07", "2026.07", "2026-7-", "2026- 7",
                          "Q3-2026", "2026Q3", "2026-Q3 ", "2026-01-01", "07/2026", "2026-+7",
                          "quý 3/2026", "năm 2026"}) {
    CAPTURE(bad);
    CHECK(rejected(bad));
  }
}

TEST_CASE("period: the reason is optional") {
  CHECK_FALSE(parse_period("nonsense"));
  CHECK_FALSE(parse_period("2026-03-31..2026-01-01"));
  CHECK(parse_period("2026-Q1"));
}

// Regression: years were read with std::from_chars, which takes a minus sign ("-202"), and
// were not range-checked ("0000").
TEST_CASE("period: a year is four digits of a real year") {
  CHECK(rejected("-202"));
  CHECK(rejected("0000"));
  CHECK(rejected("-001-07"));
  CHECK(rejected("-202-Q1"));
}

TEST_CASE("period: ranges stay within the years 1900..2100") {
  CHECK(rejected("1800-01-01..1800-02-01"));
  CHECK(rejected("2026-01-01..2101-01-01"));
  CHECK_FALSE(rejected("1900-01-01..2100-12-31"));
}
