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
  std::string upper(s);  // the name is written one way: "2026-q3" is "2026-Q3"
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(p->name == upper);
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
  CHECK(parse_period("2026-q3")->name == "2026-Q3");  // one period, one name: closed once
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
  CHECK(span("2026-02-30..2026-03-01") == "error: invalid day 30 for 02/2026");  // the day, not the form
  CHECK(span("2026-01-01..2026-13-01") == "error: invalid month 13");
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

// ---- 9-month periods, rule files, relative names and the state cut-off ----

namespace {

using hotro::Exit;
using hotro::resolve_period;
using hotro::test::error_of;
using hotro::test::contains;

const std::string kRules = std::string(HOTRO_SOURCE_DIR) + "/rules/periods.toml";

std::string resolved(std::string_view name, const std::string& basis, Date today = {2026, 11, 25}) {
  const auto rules = hotro::load_period_rules(kRules);
  const auto p = resolve_period(name, rules, basis, today);
  return p.name + " " + p.from.iso() + ".." + p.to.iso();
}

// Writes a rule file into `dir` and returns the error message loading it gives.
std::string rule_error(const hotro::test::TempDir& dir, const std::string& body) {
  const std::string file = dir.file("periods.toml");
  hotro::test::write_file(file, body);
  return error_of([&] { hotro::load_period_rules(file); }, Exit::config);
}

const char* const kValidRules = R"(version = 1
[calendar]
citation = "calendar"
[state_cutoff]
start_day = 15
end_day = 14
[state_cutoff.month]
confirmed = true
citation = "m"
[state_cutoff.quarter]
confirmed = true
citation = "q"
[state_cutoff.half]
confirmed = true
citation = "h"
[state_cutoff.nine_months]
confirmed = false
citation = "n"
[state_cutoff.year]
confirmed = true
citation = "y"
)";

}  // namespace

TEST_CASE("period: nine months run from January to September") {
  CHECK(span("2026-9M") == "2026-01-01..2026-09-30");
  CHECK(parse_period("2026-9M")->kind == "nine_months");
  CHECK(parse_period("2026-Q2")->kind == "quarter");
  CHECK(parse_period("2026")->kind == "year");
  CHECK(parse_period("2026-01-01..2026-02-01")->kind == "range");
  CHECK(rejected("2026-8M"));
}

TEST_CASE("period rules: the shipped file loads, with a citation for every kind") {
  const auto r = hotro::load_period_rules(kRules);
  CHECK(r.start_day == 15);
  CHECK(r.end_day == 14);
  CHECK(r.sha256.size() == 64);
  CHECK_FALSE(r.calendar_citation.empty());
  for (const char* kind : {"month", "quarter", "half", "year", "nine_months"}) {
    CAPTURE(kind);
    REQUIRE(r.state_cutoff.count(kind));
    CHECK(contains(r.state_cutoff.at(kind).citation, kind == std::string("nine_months") ? "Khánh Hòa" : "09/2019/NĐ-CP"));
  }
  CHECK(r.state_cutoff.at("quarter").confirmed);
  CHECK(r.state_cutoff.at("year").confirmed);
  CHECK_FALSE(r.state_cutoff.at("nine_months").confirmed);  // not in Decree 09/2019
}

TEST_CASE("period: calendar boundaries through resolve_period") {
  CHECK(resolved("2026-Q3", "calendar") == "2026-Q3 2026-07-01..2026-09-30");
  const auto r = hotro::load_period_rules(kRules);
  const auto p = resolve_period("2026", r, "calendar", {2026, 11, 25});
  CHECK(p.basis == "calendar");
  CHECK(p.confirmed);
  CHECK(p.citation == r.calendar_citation);
}

TEST_CASE("period: the state cut-off of Decree 09/2019 Art. 12") {
  CHECK(resolved("2026-07", "state_cutoff") == "2026-07 2026-06-15..2026-07-14");
  CHECK(resolved("2026-01", "state_cutoff") == "2026-01 2025-12-15..2026-01-14");
  CHECK(resolved("2026-Q1", "state_cutoff") == "2026-Q1 2025-12-15..2026-03-14");
  CHECK(resolved("2026-Q3", "state_cutoff") == "2026-Q3 2026-06-15..2026-09-14");
  CHECK(resolved("2026-H1", "state_cutoff") == "2026-H1 2025-12-15..2026-06-14");
  CHECK(resolved("2026-H2", "state_cutoff") == "2026-H2 2026-06-15..2026-12-14");
  CHECK(resolved("2026", "state_cutoff") == "2026 2025-12-15..2026-12-14");
  CHECK(resolved("2026-9M", "state_cutoff") == "2026-9M 2025-12-15..2026-09-14");
  const auto r = hotro::load_period_rules(kRules);
  const auto q = resolve_period("2026-Q3", r, "state_cutoff", {2026, 11, 25});
  CHECK(q.basis == "state_cutoff");
  CHECK(q.confirmed);
  CHECK(contains(q.citation, "Art. 12"));  // citation_en: the tests run in English
  CHECK_FALSE(resolve_period("2026-9M", r, "state_cutoff", {2026, 11, 25}).confirmed);
  // A range is the dates given, whatever the basis.
  CHECK(resolved("2026-02-03..2026-04-05", "state_cutoff") == "2026-02-03..2026-04-05 2026-02-03..2026-04-05");
}

TEST_CASE("period: relative names are resolved against today") {
  CHECK(resolved("previous-quarter", "calendar") == "2026-Q3 2026-07-01..2026-09-30");
  CHECK(resolved("current-quarter", "calendar") == "2026-Q4 2026-10-01..2026-12-31");
  CHECK(resolved("previous-half", "calendar") == "2026-H1 2026-01-01..2026-06-30");
  CHECK(resolved("current-half", "calendar") == "2026-H2 2026-07-01..2026-12-31");
  CHECK(resolved("previous-year", "calendar") == "2025 2025-01-01..2025-12-31");
  CHECK(resolved("current-year", "calendar") == "2026 2026-01-01..2026-12-31");
  CHECK(resolved("previous-month", "calendar") == "2026-10 2026-10-01..2026-10-31");
  CHECK(resolved("current-month", "calendar") == "2026-11 2026-11-01..2026-11-30");
  // Year boundaries.
  CHECK(resolved("previous-quarter", "calendar", {2026, 2, 1}) == "2025-Q4 2025-10-01..2025-12-31");
  CHECK(resolved("previous-half", "calendar", {2026, 3, 1}) == "2025-H2 2025-07-01..2025-12-31");
  CHECK(resolved("previous-month", "calendar", {2026, 1, 10}) == "2025-12 2025-12-01..2025-12-31");
  // With the cut-off, the named period gets the cut-off dates.
  CHECK(resolved("previous-quarter", "state_cutoff") == "2026-Q3 2026-06-15..2026-09-14");
  CHECK(resolved("previous-year", "state_cutoff") == "2025 2024-12-15..2025-12-14");
}

TEST_CASE("period: bad names and bases are usage errors") {
  const auto r = hotro::load_period_rules(kRules);
  CHECK(contains(error_of([&] { resolve_period("last-quarter", r, "calendar", {2026, 11, 25}); }, Exit::usage),
                 "relative names: previous-month"));
  CHECK(contains(error_of([&] { resolve_period("2026-Q5", r, "calendar", {2026, 11, 25}); }, Exit::usage),
                 "'2026-Q5' is not a period"));
  CHECK(contains(error_of([&] { resolve_period("2026-Q1", r, "fiscal", {2026, 11, 25}); }, Exit::usage),
                 "unknown period basis 'fiscal'"));
}

TEST_CASE("period rules: every error names the file, line and column") {
  hotro::test::TempDir dir("period_rules");
  const std::string f = dir.file("periods.toml");
  {
    hotro::test::write_file(f, kValidRules);
    CHECK(hotro::load_period_rules(f).state_cutoff.size() == 5);
  }
  CHECK(contains(rule_error(dir, std::string(kValidRules) + "extra = 1\n"), f + ":22:1: unknown key 'extra'"));
  CHECK(contains(rule_error(dir, std::string(kValidRules) + "[state_cutoff.week]\nconfirmed = true\n"),
                 ":22:15: unknown key 'week'"));
  std::string s = kValidRules;
  CHECK(contains(rule_error(dir, "version = 2\n" + s.substr(s.find('\n') + 1)), f + ":1:11: rule file version 2 is not supported"));
  CHECK(contains(rule_error(dir, "version = \"1\"\n" + s.substr(s.find('\n') + 1)), ":1:11: version must be a whole number"));
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string t = kValidRules;
    t.replace(t.find(from), from.size(), to);
    return t;
  };
  CHECK(contains(rule_error(dir, replace("start_day = 15", "start_day = 31")), ":5:13: 'start_day' must be a day of the month"));
  CHECK(contains(rule_error(dir, replace("start_day = 15", "start_day = \"15\"")), ":5:13: 'start_day' must be a day"));
  CHECK(contains(rule_error(dir, replace("start_day = 15\n", "")), ":4:1: [state_cutoff] lacks the required key 'start_day'"));
  CHECK(contains(rule_error(dir, replace("confirmed = false\n", "")), ":16:1: [state_cutoff.nine_months] lacks the required key 'confirmed'"));
  CHECK(contains(rule_error(dir, replace("confirmed = false", "confirmed = \"no\"")), ":17:13: 'confirmed' must be true or false"));
  CHECK(contains(rule_error(dir, replace("citation = \"q\"\n", "")), "[state_cutoff.quarter] lacks the required key 'citation'"));
  CHECK(contains(rule_error(dir, replace("citation = \"q\"", "citation = \"\"")), ":12:12: 'citation' must not be empty"));
  CHECK(contains(rule_error(dir, replace("citation = \"q\"", "citation = 3")), ":12:12: 'citation' must be a string"));
  CHECK(contains(rule_error(dir, replace("citation = \"q\"", "cite = \"q\"")), ":12:1: unknown key 'cite'"));
  CHECK(contains(rule_error(dir, replace("[state_cutoff.half]\nconfirmed = true\ncitation = \"h\"\n", "")),
                 "[state_cutoff] lacks the required key 'half'"));
  CHECK(contains(rule_error(dir, replace("[calendar]\ncitation = \"calendar\"\n", "")), "[periods] lacks the required key 'calendar'"));
  CHECK(contains(rule_error(dir, replace("citation = \"calendar\"", "citation = \"calendar")), f + ":3:"));  // TOML syntax
  CHECK(contains(rule_error(dir, replace("[calendar]\ncitation = \"calendar\"", "calendar = 3")), ":2:12: 'calendar' must be a table"));
  CHECK(contains(error_of([&] { hotro::load_period_rules(dir.file("missing.toml")); }, Exit::noinput), "no such file"));
}
