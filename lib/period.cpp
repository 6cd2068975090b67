// SPDX-License-Identifier: MIT
#include "period.h"

#include <charconv>

#include <fmt/format.h>

#include "i18n.h"

namespace hotro {

namespace {

// Digits only (no sign): from_chars alone would take "-202".
bool number(std::string_view s, int& out) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// A reporting year: four digits, in the range dates accept for a bare year.
bool year(std::string_view s, int& out) { return s.size() == 4 && number(s, out) && out >= 1900 && out <= 2100; }

int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

Period months(std::string name, int y, int first, int last) {
  return {std::move(name), text::Date{y, first, 1}, text::Date{y, last, days_in_month(y, last)}};
}

}  // namespace

std::optional<Period> parse_period(std::string_view s, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<Period> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  std::string name(s);
  if (auto dots = s.find(".."); dots != std::string_view::npos) {
    auto a = text::from_iso(s.substr(0, dots)), b = text::from_iso(s.substr(dots + 2));
    if (!a || !b || a->year_only() || b->year_only())
      return fail(tr("khoảng thời gian phải viết dạng yyyy-mm-dd..yyyy-mm-dd",
                     "a range is written yyyy-mm-dd..yyyy-mm-dd"));
    if (*b < *a) return fail(tr("ngày kết thúc trước ngày bắt đầu", "the range ends before it starts"));
    if (a->year < 1900 || b->year > 2100)
      return fail(tr("khoảng thời gian phải nằm trong các năm 1900..2100",
                     "a range must lie within the years 1900..2100"));
    return Period{name, *a, *b};
  }
  int y = 0, n = 0;
  if (s.size() == 4 && year(s, y)) return months(name, y, 1, 12);
  if (s.size() == 7 && s[4] == '-' && year(s.substr(0, 4), y)) {
    char kind = s[5];
    if ((kind == 'Q' || kind == 'q') && number(s.substr(6), n) && n >= 1 && n <= 4)
      return months(name, y, 3 * n - 2, 3 * n);
    if ((kind == 'H' || kind == 'h') && number(s.substr(6), n) && n >= 1 && n <= 2)
      return months(name, y, 6 * n - 5, 6 * n);
    if (number(s.substr(5), n) && n >= 1 && n <= 12) return months(name, y, n, n);
  }
  return fail(fmt::format(fmt::runtime(tr("'{}' không phải là khoảng thời gian hợp lệ (ví dụ 2026, "
                                          "2026-H1, 2026-Q3, 2026-07, 2026-01-01..2026-03-31)",
                                          "'{}' is not a period (e.g. 2026, 2026-H1, 2026-Q3, "
                                          "2026-07, 2026-01-01..2026-03-31)")),
                          s));
}

}  // namespace hotro
