// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "error.h"
#include "text/dates.h"

using namespace hotro::text;

namespace {

// Sets HOTRO_TODAY for one test and restores the previous value afterwards.
class FixedToday {
 public:
  explicit FixedToday(const char* iso) {
    if (const char* old = std::getenv("HOTRO_TODAY")) old_ = old;
    setenv("HOTRO_TODAY", iso, 1);
  }
  ~FixedToday() {
    if (old_) setenv("HOTRO_TODAY", old_->c_str(), 1);
    else unsetenv("HOTRO_TODAY");
  }

 private:
  std::optional<std::string> old_;
};

// The ISO form of a parsed date, or "error: <reason>".
std::string parsed(std::string_view s) {
  std::string why;
  const auto d = parse_date(s, &why);
  if (!d) {
    REQUIRE_FALSE(why.empty());
    return "error: " + why;
  }
  return d->iso();
}

bool rejected(std::string_view s) { return parsed(s).starts_with("error: "); }

}  // namespace

TEST_CASE("parse_date accepts every documented shape") {
  FixedToday fixed("2025-06-15");
  CHECK(parsed("05/03/2024") == "2024-03-05");
  CHECK(parsed("5/3/2024") == "2024-03-05");
  CHECK(parsed("05-03-2024") == "2024-03-05");
  CHECK(parsed("05.03.2024") == "2024-03-05");
  CHECK(parsed("5/3/24") == "2024-03-05");
  CHECK(parsed("05.03.24") == "2024-03-05");
  CHECK(parsed("2024-03-05") == "2024-03-05");
  CHECK(parsed("2024/03/05") == "2024-03-05");
  CHECK(parsed("2024-3-5") == "2024-03-05");
  CHECK(parsed("1990") == "1990");
  CHECK(parsed("45292") == "2024-01-01");
  CHECK(parsed("  05/03/2024\t") == "2024-03-05");
  CHECK(parsed("\xc2\xa0" "05/03/2024\xc2\xa0") == "2024-03-05");
}

TEST_CASE("parse_date validates the calendar") {
  CHECK(parsed("29/02/2024") == "2024-02-29");
  CHECK(parsed("29/02/2000") == "2000-02-29");
  CHECK(rejected("29/02/2023"));
  CHECK(rejected("29/02/1900"));  // not a leap year in the Gregorian calendar
  CHECK(rejected("31/04/2024"));
  CHECK(parsed("30/04/2024") == "2024-04-30");
  CHECK(parsed("31/12/2024") == "2024-12-31");
  CHECK(rejected("32/01/2024"));
  CHECK(rejected("00/01/2024"));
  CHECK(rejected("01/13/2024"));
  CHECK(rejected("01/00/2024"));
  CHECK(rejected("2024-02-30"));
  CHECK(rejected("0000-01-01"));
  CHECK(parsed("31/04/2024") == "error: invalid day 31 for 04/2024");
  CHECK(parsed("12/13/2024") == "error: invalid month 13");
}

TEST_CASE("two-digit years: 20yy unless that is after today's year") {
  {
    FixedToday fixed("2025-06-15");
    CHECK(today() == Date{2025, 6, 15});
    CHECK(parsed("1/1/00") == "2000-01-01");
    CHECK(parsed("1/1/25") == "2025-01-01");
    CHECK(parsed("31/12/25") == "2025-12-31");  // this year, even if later this year
    CHECK(parsed("1/1/26") == "1926-01-01");
    CHECK(parsed("1/1/99") == "1999-01-01");
  }
  {
    FixedToday fixed("2030-01-01");
    CHECK(parsed("1/1/26") == "2026-01-01");
    CHECK(parsed("1/1/31") == "1931-01-01");
  }
  {
    FixedToday fixed("not-a-date");
    CHECK_THROWS_AS(today(), hotro::Error);
  }
}

TEST_CASE("Excel serial day numbers (1900 date system)") {
  CHECK(parsed("45292") == "2024-01-01");
  CHECK(parsed("45292.5") == "2024-01-01");
  CHECK(parsed("45292,75") == "2024-01-01");
  CHECK(parsed("45351") == "2024-02-29");
  CHECK(parsed("10000") == "1927-05-18");
  CHECK(parsed("73050") == "2099-12-31");
  CHECK(parsed("99999") == "error: year 2173 is out of range 1900..2100");
  CHECK(parsed("32874") == "1990-01-01");
  CHECK(rejected("9999"));    // four digits: a year, and out of range
  CHECK(rejected("100000"));  // six digits
  CHECK(rejected("45292."));
  CHECK(rejected("45292.5.1"));
  CHECK(rejected("4529.5"));
}

TEST_CASE("display_time shows a stored UTC timestamp as dd/mm/yyyy hh:mm") {
  CHECK(display_time("2026-11-25T08:05:09Z") == "25/11/2026 08:05");
  CHECK(display_time("2026-02-30T08:05:09Z") == "2026-02-30T08:05:09Z");  // not a date: as it is
  CHECK(display_time("2026-11-25") == "2026-11-25");
  CHECK(display_time("") == "");
  CHECK(display_time("2026-11-25T08:05:09Z", true) == "25/11/2026 08:05:09");
  CHECK(display_time("2026-11-25T08:05Z", true) == "2026-11-25T08:05Z");  // no seconds to show
}

TEST_CASE("bare years") {
  const auto d = parse_date("1990");
  REQUIRE(d);
  CHECK(d->year_only());
  CHECK(d->year == 1990);
  CHECK(d->iso() == "1990");
  CHECK(d->display() == "1990");
  CHECK(parsed("1900") == "1900");
  CHECK(parsed("2100") == "2100");
  CHECK(parsed("1899") == "error: year 1899 is out of range 1900..2100");
  CHECK(rejected("2101"));
  // Full dates too: a year typed 0202 or 1026 for 2026 is refused, in every form.
  CHECK(parsed("15/03/0202") == "error: year 202 is out of range 1900..2100");
  CHECK(parsed("0206-03-15") == "error: year 206 is out of range 1900..2100");
  CHECK(rejected("15/03/1026"));
  CHECK(rejected("31/12/1899"));
  CHECK(parsed("01/01/1900") == "1900-01-01");
  CHECK(parsed("31/12/2100") == "2100-12-31");
  CHECK(rejected("01/01/2101"));
  CHECK(from_iso("0202-03-15").has_value());  // a stored value is still read as it is
  CHECK_FALSE(parse_date("05/03/2024")->year_only());
}

TEST_CASE("garbage is rejected with a reason") {
  CHECK(parsed("") == "error: empty date");
  CHECK(parsed("   ") == "error: empty date");
  CHECK(parsed("03/2024") == "error: '03/2024' is ambiguous: a month and year without a day");
  CHECK(parsed("abc") == "error: unrecognised date 'abc'");
  for (const char* bad : {"05/03", "5/3/", "/5/3/2024", "05//03/2024", "05/03-2024", "05 03 2024",
                          "2024.03.05", "20240305", "05/03/024", "005/03/2024",
                          "ngày 5/3/2024", "-45292", "1e5", "5/3/2024x"}) {
    CAPTURE(bad);
    CHECK(rejected(bad));
  }
  std::string why;
  CHECK_FALSE(parse_date("29/02/2023", &why));
  CHECK(why.find("29") != std::string::npos);
  CHECK_FALSE(parse_date("nonsense"));  // no reason requested
}

TEST_CASE("iso, display and from_iso") {
  const Date d{2024, 3, 5};
  CHECK(d.iso() == "2024-03-05");
  CHECK(d.display() == "05/03/2024");
  CHECK(from_iso("2024-03-05") == d);
  CHECK(from_iso("1990") == Date{1990, 0, 0});
  CHECK(from_iso(d.iso()) == d);
  CHECK_FALSE(from_iso("05/03/2024"));
  CHECK_FALSE(from_iso("2024-3-5"));
  CHECK_FALSE(from_iso("2023-02-29"));
  CHECK_FALSE(from_iso("2024-13-01"));
  CHECK_FALSE(from_iso("2024-03-05 "));
  CHECK_FALSE(from_iso(""));
  CHECK_FALSE(from_iso("199O"));
}

TEST_CASE("days() is days since 1970-01-01 and orders dates") {
  CHECK(Date{1970, 1, 1}.days() == 0);
  CHECK(Date{1970, 1, 2}.days() == 1);
  CHECK(Date{1969, 12, 31}.days() == -1);
  CHECK(Date{2000, 3, 1}.days() - Date{2000, 2, 28}.days() == 2);
  CHECK(Date{2024, 1, 1}.days() == 19723);
  CHECK(Date{1990, 0, 0}.days() == Date{1990, 1, 1}.days());
  CHECK(Date{2024, 3, 5}.days() < Date{2024, 3, 6}.days());
  CHECK(Date{2023, 12, 31}.days() < Date{2024, 1, 1}.days());
  CHECK(Date{2024, 3, 5} < Date{2024, 3, 6});
}

TEST_CASE("age_on") {
  const Date birth{2000, 6, 15};
  CHECK(age_on(birth, Date{2018, 6, 14}) == 17);
  CHECK(age_on(birth, Date{2018, 6, 15}) == 18);
  CHECK(age_on(birth, Date{2018, 12, 31}) == 18);
  CHECK(age_on(birth, birth) == 0);
  CHECK(age_on(Date{2004, 2, 29}, Date{2022, 2, 28}) == 17);
  CHECK(age_on(Date{2004, 2, 29}, Date{2022, 3, 1}) == 18);
  CHECK(age_on(Date{1990, 0, 0}, Date{2024, 1, 1}) == 34);
  CHECK(age_on(Date{1990, 0, 0}, Date{2024, 12, 31}) == 34);
}

TEST_CASE("youngest_age_on: a bare birth year counts as its 31 December (when in doubt, a child)") {
  CHECK(youngest_age_on(Date{2000, 6, 15}, Date{2018, 6, 14}) == 17);  // a full date: age_on
  CHECK(youngest_age_on(Date{2000, 6, 15}, Date{2018, 6, 15}) == 18);
  CHECK(youngest_age_on(Date{2008, 0, 0}, Date{2026, 11, 10}) == 17);  // age_on says 18
  CHECK(age_on(Date{2008, 0, 0}, Date{2026, 11, 10}) == 18);
  CHECK(youngest_age_on(Date{2008, 0, 0}, Date{2026, 12, 30}) == 17);
  CHECK(youngest_age_on(Date{2008, 0, 0}, Date{2026, 12, 31}) == 18);
  CHECK(youngest_age_on(Date{2008, 0, 0}, Date{2027, 1, 1}) == 18);
  CHECK(youngest_age_on(Date{2008, 0, 0}, Date{2008, 12, 31}) == 0);
}

TEST_CASE("parse_date_format with an explicit format") {
  FixedToday fixed("2025-06-15");
  std::string why;
  CHECK(parse_date_format("03/05/2024", "%m/%d/%Y") == Date{2024, 3, 5});
  CHECK(parse_date_format("3/5/2024", "%m/%d/%Y") == Date{2024, 3, 5});
  CHECK(parse_date_format(" 12/31/2024 ", "%m/%d/%Y") == Date{2024, 12, 31});
  CHECK(parse_date_format("20240305", "%Y%m%d") == Date{2024, 3, 5});
  CHECK(parse_date_format("05.03.99", "%d.%m.%y") == Date{1999, 3, 5});
  CHECK(parse_date_format("năm 1990", "năm %Y") == Date{1990, 0, 0});
  CHECK(parse_date_format("5%3%2024", "%d%%%m%%%Y") == Date{2024, 3, 5});

  CHECK_FALSE(parse_date_format("31/12/2024", "%m/%d/%Y", &why));
  CHECK(why == "invalid month 31");
  CHECK_FALSE(parse_date_format("02/29/2023", "%m/%d/%Y", &why));
  CHECK(why == "invalid day 29 for 02/2023");
  CHECK_FALSE(parse_date_format("03-05-2024", "%m/%d/%Y", &why));
  CHECK(why == "'03-05-2024' does not match the date format '%m/%d/%Y'");
  CHECK_FALSE(parse_date_format("03/05/2024x", "%m/%d/%Y", &why));
  CHECK_FALSE(parse_date_format("03/05/24", "%m/%d/%Y", &why));
  CHECK_FALSE(parse_date_format("", "%m/%d/%Y", &why));
  CHECK(why == "empty date");

  // A bad format is the user's command line, not the data.
  try {
    parse_date_format("2024", "%Q");
    FAIL("expected an error");
  } catch (const hotro::Error& e) {
    CHECK(e.code() == hotro::Exit::usage);
  }
  CHECK_THROWS_AS(parse_date_format("03/2024", "%m/%Y"), hotro::Error);
  CHECK_THROWS_AS(parse_date_format("03/05", "%m/%d"), hotro::Error);
}

TEST_CASE("parse_date drops a time of day after the date") {
  FixedToday fixed("2025-06-15");
  CHECK(parsed("15/03/2025 08:30") == "2025-03-15");
  CHECK(parsed("15/03/2025 8:30:00 SA") == "2025-03-15");
  CHECK(parsed("15/03/2025 2:05 PM") == "2025-03-15");
  CHECK(parsed("2025-03-15T08:30:00") == "2025-03-15");
  CHECK(parsed("2025-03-15T08:30:00Z") == "2025-03-15");
  CHECK(parsed("2025-03-15 08:30:00.123") == "2025-03-15");
  // Only a time is dropped: other trailing text is still an error, and so is a bad date.
  CHECK(rejected("15/03/2025 sáng"));
  CHECK(rejected("15/03/2025 08h30"));
  CHECK(rejected("31/02/2025 08:30"));
  CHECK(rejected("08:30"));
}
