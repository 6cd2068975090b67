// SPDX-License-Identifier: MIT
// What is late on a date (hotro case overdue): verifications not started or not decided within
// the legal time limits of the rules in force when their clock started, referrals a receiver
// has not answered, and support applications whose deadline is near.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "rules/rules.h"
#include "text/dates.h"

namespace hotro::overdue {

struct Item {
  std::string what;  // verification_start, verification, verification_max, referral, support_deadline
  int64_t case_id = 0;
  std::optional<int64_t> referral_id;
  std::string person;
  text::Date since;  // when the clock started
  text::Date due;    // the last day allowed
  long late = 0;     // days past `due` (negative: days still left, for support deadlines)
  std::string detail;    // the support kind, or the referral's receiver
  std::string citation;  // the limit's legal basis
  rules::Certainty certainty = rules::Certainty::confirmed;
};

struct Options {
  text::Date on;
  int referral_days = 10;  // a referral unanswered this long is late (a local working rule)
  int within_days = 30;    // support deadlines this close are listed (negative: none)
};

struct Result {
  std::vector<Item> items;                 // by kind, then the most late first
  std::vector<int64_t> no_known_limit;     // verifications whose rules set no time limit
};

Result find(db::Database& db, const rules::RuleBook& book, const Options& o);

}  // namespace hotro::overdue
