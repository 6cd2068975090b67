// SPDX-License-Identifier: MIT
// Reporting periods by name: "2026", "2026-H1", "2026-Q3", "2026-07", and inclusive ranges
// "2026-01-01..2026-03-31" (as people say them). Calendar boundaries.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "text/dates.h"

namespace hotro {

struct Period {
  std::string name;
  text::Date from;  // inclusive
  text::Date to;    // inclusive
};

/// Parses a period name; nullopt (with `why`) when it is not one.
std::optional<Period> parse_period(std::string_view s, std::string* why = nullptr);

}  // namespace hotro
