// SPDX-License-Identifier: MIT
// Data-quality rules over the whole library (hotro check): each rule names what it finds and
// the ids behind it. Rules are a table of SQL queries (lib/check.cpp), plus the time limits of
// `case overdue`, so adding a rule is adding a row.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/database.h"
#include "rules/rules.h"
#include "text/dates.h"

namespace hotro::check {

struct Finding {
  std::string rule;      // e.g. birth_after_intake
  std::string entity;    // case, person, referral, support
  std::string title_vi, title_en;
  std::vector<int64_t> ids;  // what it found (empty: the rule passes)
};

/// Runs every rule (or only those named in `only`) as of `today`. Throws Error(Exit::usage)
/// for an unknown rule name.
std::vector<Finding> run(db::Database& db, const rules::RuleBook& book, const text::Date& today,
                         const std::vector<std::string>& only = {});

/// The rule names, in the order they run.
std::vector<std::string> rule_names();

}  // namespace hotro::check
