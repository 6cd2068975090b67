// SPDX-License-Identifier: MIT
#include "text/dates.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "error.h"
#include "i18n.h"

namespace hotro::text {
namespace {

using Result = std::optional<Date>;

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
long days_from_civil(long y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Date{static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_digit(c)) return false;
  return !s.empty();
}

int to_int(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

// ASCII white space and NBSP (U+00A0 as UTF-8), which spreadsheets like to leave around.
std::string_view trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || (s.front() >= '\t' && s.front() <= '\r'))) s.remove_prefix(1);
    else if (s.starts_with("\xC2\xA0")) s.remove_prefix(2);
    else if (!s.empty() && (s.back() == ' ' || (s.back() >= '\t' && s.back() <= '\r'))) s.remove_suffix(1);
    else if (s.ends_with("\xC2\xA0")) s.remove_suffix(2);
    else return s;
  }
}

Result fail(std::string* why, std::string reason) {
  if (why) *why = std::move(reason);
  return std::nullopt;
}

Result make(int y, int m, int d, std::string* why) {
  if (y < 1) return fail(why, fmt::format(fmt::runtime(tr("năm {} không hợp lệ", "invalid year {}")), y));
  if (m < 1 || m > 12)
    return fail(why, fmt::format(fmt::runtime(tr("tháng {} không hợp lệ", "invalid month {}")), m));
  if (d < 1 || d > days_in_month(y, m))
    return fail(why, fmt::format(fmt::runtime(tr("không có ngày {} trong tháng {:02}/{:04}",
                                                 "invalid day {} for {:02}/{:04}")),
                                 d, m, y));
  return Date{y, m, d};
}

int expand_two_digit(int yy) {
  const int y = 2000 + yy;
  return y > today().year ? y - 100 : y;
}

Result excel_serial(int serial) { return civil_from_days(days_from_civil(1899, 12, 30) + serial); }

}  // namespace

std::string Date::iso() const {  // by hand: called several times for every imported row
  const auto digits = [](char* out, int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = static_cast<char>('0' + value % 10);
  };
  std::string s(year_only() ? 4 : 10, '-');
  digits(s.data(), year, 4);
  if (!year_only()) {
    digits(s.data() + 5, month, 2);
    digits(s.data() + 8, day, 2);
  }
  return s;
}

std::string Date::display() const {
  if (year_only()) return fmt::format("{:04}", year);
  return fmt::format("{:02}/{:02}/{:04}", day, month, year);
}

std::string display_time(std::string_view utc, bool seconds) {
  const size_t clock = seconds ? 8 : 5;  // "hh:mm:ss" or "hh:mm"
  const auto date = utc.size() >= 11 + clock && utc[10] == 'T' ? from_iso(utc.substr(0, 10)) : std::nullopt;
  if (!date || date->year_only()) return std::string(utc);
  return date->display() + " " + std::string(utc.substr(11, clock));
}

int days_in_month(int y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

Date add_days(const Date& d, long n) { return civil_from_days(d.days() + n); }

Date add_months(const Date& d, long months) {
  const long total = d.year * 12L + (d.month - 1) + months;
  Date r{static_cast<int>(total / 12), static_cast<int>(total % 12) + 1, 0};
  r.day = std::min(d.day, days_in_month(r.year, r.month));
  return r;
}

long Date::days() const { return days_from_civil(year, year_only() ? 1 : month, year_only() ? 1 : day); }

Date today() {
  if (const char* fixed = std::getenv("HOTRO_TODAY"); fixed && *fixed) {
    const auto d = from_iso(fixed);
    if (!d || d->year_only())
      throw Error(Exit::usage, fmt::format(fmt::runtime(tr("HOTRO_TODAY '{}' không hợp lệ: cần "
                                                           "dạng yyyy-mm-dd",
                                                           "invalid HOTRO_TODAY '{}': expected "
                                                           "yyyy-mm-dd")),
                                           fixed));
    return *d;
  }
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

// "15/03/2025 08:30", "2025-03-15T08:30:00", "15/03/2025 8:30:00 SA": the date part, when what
// follows the date is only a time of day (Excel writes these for date-time cells).
std::string_view drop_time_of_day(std::string_view s) {
  const size_t at = s.find_first_of(" T");
  if (at == std::string_view::npos || s.find(':', at) == std::string_view::npos) return s;
  std::string_view rest = trim(s.substr(at + 1));
  for (std::string_view suffix : {"SA", "CH", "AM", "PM", "Z"})
    if (rest.size() > suffix.size() && rest.substr(rest.size() - suffix.size()) == suffix)
      rest = trim(rest.substr(0, rest.size() - suffix.size()));
  const bool time_only = !rest.empty() && is_digit(rest.front()) &&
                         rest.find_first_not_of("0123456789:.") == std::string_view::npos;
  return time_only ? trim(s.substr(0, at)) : s;
}

namespace {

// A date typed or read from a list names a year a record can hold (as a bare year does): 0202 or
// 1026 for 2026 is a slip, refused here rather than stored out of every report period.
Result plausible(Result r, std::string* why) {
  if (r && (r->year < 1900 || r->year > 2100))
    return fail(why, fmt::format(fmt::runtime(tr("năm {} nằm ngoài khoảng 1900..2100",
                                                 "year {} is out of range 1900..2100")),
                                 r->year));
  return r;
}

std::optional<Date> parse_any_year(std::string_view s, std::string* why);

}  // namespace

std::optional<Date> parse_date(std::string_view s, std::string* why) {
  return plausible(parse_any_year(s, why), why);
}

namespace {

std::optional<Date> parse_any_year(std::string_view s, std::string* why) {
  s = drop_time_of_day(trim(s));
  if (s.empty()) return fail(why, tr("ngày để trống", "empty date"));
  const auto unrecognised = [&] {
    return fail(why, fmt::format(fmt::runtime(tr("không nhận ra ngày '{}'", "unrecognised date '{}'")), s));
  };

  // Split into up to three runs of digits, each pair separated by exactly one character.
  std::string_view part[3];
  char sep[2] = {};
  int n = 0;
  for (size_t i = 0;;) {
    size_t j = i;
    while (j < s.size() && is_digit(s[j])) ++j;
    if (j == i) return unrecognised();
    part[n++] = s.substr(i, j - i);
    if (j == s.size()) break;
    if (n == 3) return unrecognised();
    sep[n - 1] = s[j];
    i = j + 1;
  }
  const auto len = [&](int k) { return part[k].size(); };
  const auto short_part = [&](int k) { return len(k) == 1 || len(k) == 2; };
  const auto dmy_sep = [](char c) { return c == '/' || c == '-' || c == '.'; };

  if (n == 1 && len(0) == 4) {
    const int y = to_int(part[0]);
    if (y < 1900 || y > 2100)
      return fail(why, fmt::format(fmt::runtime(tr("năm {} nằm ngoài khoảng 1900..2100",
                                                   "year {} is out of range 1900..2100")),
                                   y));
    return Date{y, 0, 0};
  }
  if (n == 1 && len(0) == 5 && to_int(part[0]) >= 10000) return excel_serial(to_int(part[0]));
  // The time of day after the decimal point (or comma, in Vietnamese locales) is dropped.
  if (n == 2 && len(0) == 5 && to_int(part[0]) >= 10000 && (sep[0] == '.' || sep[0] == ','))
    return excel_serial(to_int(part[0]));
  if (n == 2 && short_part(0) && len(1) == 4 && dmy_sep(sep[0]))
    return fail(why, fmt::format(fmt::runtime(tr("'{}' chưa rõ: có tháng và năm nhưng thiếu ngày",
                                                 "'{}' is ambiguous: a month and year without a day")),
                                 s));
  if (n != 3 || sep[0] != sep[1]) return unrecognised();

  if (len(0) == 4 && short_part(1) && short_part(2) && (sep[0] == '-' || sep[0] == '/'))
    return make(to_int(part[0]), to_int(part[1]), to_int(part[2]), why);
  if (short_part(0) && short_part(1) && dmy_sep(sep[0])) {
    if (len(2) == 4) return make(to_int(part[2]), to_int(part[1]), to_int(part[0]), why);
    if (len(2) == 2) return make(expand_two_digit(to_int(part[2])), to_int(part[1]), to_int(part[0]), why);
  }
  return unrecognised();
}

}  // namespace

void check_date_format(std::string_view format) {
  bool has_y = false, has_m = false, has_d = false;
  for (size_t f = 0; f + 1 < format.size(); ++f) {
    if (format[f] != '%') continue;
    switch (format[++f]) {
      case 'Y': case 'y': has_y = true; break;
      case 'm': has_m = true; break;
      case 'd': has_d = true; break;
      case '%': break;
      default:
        throw Error(Exit::usage,
                    fmt::format(fmt::runtime(tr("không hỗ trợ %{} trong định dạng ngày '{}'",
                                                "unsupported directive %{} in date format '{}'")),
                                format[f], format));
    }
  }
  if (!has_y || has_d != has_m)
    throw Error(Exit::usage,
                fmt::format(fmt::runtime(tr("định dạng ngày '{}' phải có %d, %m và %Y hoặc %y, "
                                            "hoặc chỉ có năm",
                                            "date format '{}' needs %d, %m and %Y or %y, or a year "
                                            "alone")),
                            format));
}

std::optional<Date> parse_date_format(std::string_view s, std::string_view format, std::string* why) {
  check_date_format(format);
  s = trim(s);
  if (s.empty()) return fail(why, tr("ngày để trống", "empty date"));
  int y = 0, m = 0, d = 0;
  bool ok = true, has_d = false;
  size_t i = 0;
  const auto number = [&](size_t min, size_t max) {
    size_t j = i;
    while (j < s.size() && j - i < max && is_digit(s[j])) ++j;
    ok = ok && j - i >= min;
    const int v = to_int(s.substr(i, j - i));
    i = j;
    return v;
  };
  for (size_t f = 0; f < format.size() && ok; ++f) {
    const char want = format[f];
    if (want == '%' && f + 1 < format.size() && format[f + 1] != '%') {
      switch (format[++f]) {
        case 'd': d = number(1, 2); has_d = true; break;
        case 'm': m = number(1, 2); break;
        case 'Y': y = number(4, 4); break;
        case 'y': y = number(2, 2); if (ok) y = expand_two_digit(y); break;
      }
      continue;
    }
    f += want == '%' && f + 1 < format.size();  // "%%" is a literal '%'
    ok = i < s.size() && s[i] == want;
    i += ok;
  }
  if (!ok || i != s.size())
    return fail(why, fmt::format(fmt::runtime(tr("'{}' không khớp với định dạng ngày '{}'",
                                                 "'{}' does not match the date format '{}'")),
                                 s, format));
  if (!has_d) return plausible(Result(Date{y, 0, 0}), why);
  return plausible(make(y, m, d, why), why);
}

std::optional<Date> from_iso(std::string_view s, std::string* why) {
  if (s.size() == 4 && all_digits(s) && to_int(s) > 0) return Date{to_int(s), 0, 0};
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const auto y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return std::nullopt;
  return make(to_int(y), to_int(m), to_int(d), why);
}

int age_on(const Date& birth, const Date& on) {
  const int bm = birth.year_only() ? 1 : birth.month, bd = birth.year_only() ? 1 : birth.day;
  const int om = on.year_only() ? 1 : on.month, od = on.year_only() ? 1 : on.day;
  int years = on.year - birth.year;
  if (om < bm || (om == bm && od < bd)) --years;
  return years;
}

int youngest_age_on(const Date& birth, const Date& on) {
  if (!birth.year_only()) return age_on(birth, on);
  return age_on(Date{birth.year, 12, 31}, on);
}

}  // namespace hotro::text
