// SPDX-License-Identifier: MIT
// Reporting periods by name: "2026", "2026-H1", "2026-Q3", "2026-07", "2026-9M" (January to
// September), inclusive ranges "2026-01-01..2026-03-31" (as people say them), and relative
// names for scripts ("previous-quarter", ...). parse_period() gives calendar boundaries;
// resolve_period() also applies the state data cut-off of Decree 09/2019/NĐ-CP Art. 12, a
// rule read from rules/periods.toml (load_period_rules), never hard-coded.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "text/dates.h"

namespace hotro {

struct Period {
  std::string name;
  text::Date from;  // inclusive
  text::Date to;    // inclusive
  std::string kind;                  // year, nine_months, half, quarter, month, range
  std::string basis = "calendar";    // calendar | state_cutoff (a range is always as given)
  bool confirmed = true;             // the boundaries follow a confirmed rule
  std::string citation;              // the rule the boundaries follow, as printed on a report
};

/// Parses a period name with calendar boundaries; nullopt (with `why`) when it is not one.
/// Relative names are not accepted here (they need today and the rules: resolve_period).
std::optional<Period> parse_period(std::string_view s, std::string* why = nullptr);

/// One way of mapping a period kind to dates, with where it comes from.
struct PeriodRule {
  bool confirmed = false;
  std::string citation;
};

/// rules/periods.toml: how named periods map to dates.
struct PeriodRules {
  std::string path;
  std::string sha256;                 // of the file's bytes: the version printed on reports
  std::string calendar_citation;
  int start_day = 0;                  // state cut-off: from this day of the month before...
  int end_day = 0;                    // ...to this day of the period's last month
  std::map<std::string, PeriodRule> state_cutoff;  // by kind: month, quarter, half, nine_months, year
};

/// Reads and checks a period rule file. Unknown keys, wrong types, a missing kind or citation,
/// an unsupported version: Error(Exit::config, "FILE:LINE:COL: ..."); a missing file: noinput.
PeriodRules load_period_rules(const std::filesystem::path& file);

/// The period `name` means on `today`: any parse_period() form, or previous-month,
/// current-month, previous-quarter, current-quarter, previous-half, current-half,
/// previous-year, current-year (the calendar period containing today, or the one before; the
/// result is named by what it became, e.g. "2026-Q3"). `basis` is "calendar" or
/// "state_cutoff". Throws Error(Exit::usage) for a bad name or basis.
Period resolve_period(std::string_view name, const PeriodRules& rules, const std::string& basis,
                      const text::Date& today);

/// Days in a month of a year (leap years included).
int days_in_month(int year, int month);

}  // namespace hotro
