// SPDX-License-Identifier: MIT
// Running a template over the case library for a period: reads what the template needs (read
// only), counts persons once (a person's cases, supports, referrals counted under one
// canonical person, merged persons followed), fills every row and column even when zero,
// applies --suppress-below with complementary suppression, and lists the data-quality problems
// of the records the report needs.
#pragma once

#include <optional>

#include "db/database.h"
#include "period.h"
#include "report/report.h"
#include "report/template.h"

namespace hotro::report {

struct RunOptions {
  bool include_pii = false;            // names and ID numbers in a named list
  std::optional<int> suppress_below;   // overrides the template's suppress_below
  std::string rules_sha256;            // the period rules' version, printed on the report
};

/// Computes the report. Throws Error(Exit::config, "FILE:LINE: ...") for a template code the
/// library does not know, Error(Exit::usage) for options that do not fit the template.
Report run(db::Database& db, const Template& t, const Period& period, const RunOptions& o);

/// Complementary suppression: hides cells of 0 < value < k (for amounts: cells of fewer than k
/// persons, `persons`), then hides more cells until no total reveals a hidden one (every sum
/// has no hidden cell or at least two). Returns the number of cells hidden.
int64_t suppress(Section& s, int k, const std::vector<std::vector<int64_t>>* persons);

/// Hides the counts below `k` in a report computed before with less hiding (a closed period's
/// report as submitted), as run() would have. Amounts whose persons were not kept are all
/// hidden; returns false then (true when every amount could be judged by its persons).
/// Nothing changes when `k` does not exceed the report's own suppress_below.
bool suppress_kept(Report& r, int k);

}  // namespace hotro::report
