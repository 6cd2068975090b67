// SPDX-License-Identifier: MIT
// Dates as they arrive in Vietnamese lists: dd/mm/yyyy, d/m/yy, yyyy-mm-dd, a bare year,
// an Excel serial number; printed dd/mm/yyyy for people and ISO for machines.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hotro::text {

struct Date {
  int year = 0;
  int month = 0;  // 0 when only the year is known
  int day = 0;    // 0 when only the year is known
  bool year_only() const { return month == 0; }
  /// "2024-03-05", or "1990" for a bare year.
  std::string iso() const;
  /// "05/03/2024", or "1990" for a bare year.
  std::string display() const;
  /// Days since 1970-01-01 (a bare year counts as 1 January). For comparisons and ages.
  long days() const;
  auto operator<=>(const Date&) const = default;
};

/// Today's date: HOTRO_TODAY (yyyy-mm-dd) if set, so tests are reproducible; else the local date.
Date today();

/// Parses a date written in any of the accepted shapes:
///   dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, d/m/yy (two-digit years: 20yy unless that
///   is after today's year, then 19yy), yyyy-mm-dd (ISO), yyyy/mm/dd, a bare year yyyy
///   (1900..2100), an Excel serial day number (1900 date system, a 5-digit number 10000..99999
///   with an optional fractional part, e.g. "45292" = 2024-01-01). "mm/yyyy" alone is rejected
///   as ambiguous.
/// Leading/trailing white space is ignored. Validates the calendar (no 31/02, leap years).
/// On failure returns nullopt and, if `why` is given, a short English reason.
std::optional<Date> parse_date(std::string_view s, std::string* why = nullptr);

/// Throws hotro::Error(Exit::usage) unless `format` is a date format parse_date_format takes:
/// %d, %m and %Y or %y (or a year alone), other characters literal.
void check_date_format(std::string_view format);

/// Parses with an explicit strftime-like format: %d %m %Y %y and literal characters,
/// e.g. "%m/%d/%Y" for a US-style list. Same validation and reason as parse_date.
std::optional<Date> parse_date_format(std::string_view s, std::string_view format,
                                      std::string* why = nullptr);

/// A date from ISO text as stored in the library ("2024-03-05" or "1990"); nullopt if malformed.
/// `why` is set only for a well-formed date that does not exist ("no day 30 in 02/2026").
std::optional<Date> from_iso(std::string_view s, std::string* why = nullptr);

/// A stored UTC timestamp ("2026-11-25T08:05:09Z") for people: "25/11/2026 08:05", or
/// "25/11/2026 08:05:09" with `seconds` (the audit trail). Anything else is returned as it is.
std::string display_time(std::string_view utc, bool seconds = false);

/// Days in a month of a year (leap years included).
int days_in_month(int year, int month);

/// `d` plus `n` days (n may be negative). `d` must be a full date.
Date add_days(const Date& d, long n);

/// `d` plus `months` calendar months, the day clamped to the month's end (31/01 + 1 = 28/02).
Date add_months(const Date& d, long months);

/// Whole years between a birth date and a date (a bare birth year counts from 1 January, so it
/// may over-state the age by up to a year; callers that care check year_only()).
int age_on(const Date& birth, const Date& on);

/// The least age a person born on `birth` can have on `on`: age_on for a full birth date; for a
/// bare birth year, the age of one born on its 31 December. Whether a person is a child (under
/// 18, or under an entitlement's age) is decided on this: when in doubt, a child (Circular
/// 35/2013/TT-BLĐTBXH), so refer, support, reports and exports agree about the same person.
int youngest_age_on(const Date& birth, const Date& on);

}  // namespace hotro::text
