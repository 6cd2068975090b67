// SPDX-License-Identifier: MIT
// Rule test cases kept beside the rules (rules/tests/*.toml): a person, a date and a province →
// the kinds of support they are entitled to and the amounts, caps and deadlines that apply.
// `hotro rules test` runs them, and so does the test suite.
//
//   [[test]]
//   name = "Hà Giang 2024: poor-household victim"
//   date = 2024-03-01
//   province = "02"               # optional
//   person = "victim"             # victim, pending or minor
//   citizenship = "vn"            # optional (vn, stateless, foreign)
//   poor_household = true         # optional
//   age = 30                      # optional: age on the date
//   identified_on = 2024-01-10    # optional: the victim certificate's date
//   eligible = ["meals", ...]     # exactly the kinds this person may receive
//   [test.expect.meals]           # optional, per kind: rate, cap, max_days, max_times,
//   rate = 60000                  #   deadline (a date); "unknown" for a value not found
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "rules/rules.h"

namespace hotro::rules {

struct TestResult {
  std::string file;
  int line = 0;
  std::string name;
  std::vector<std::string> failures;  // empty when it passed
};

/// Runs every test in `dir`/tests/*.toml against `book`. A malformed test file throws
/// Error(Exit::config) with FILE:LINE:COL.
std::vector<TestResult> run_rule_tests(const RuleBook& book, const std::filesystem::path& dir);

}  // namespace hotro::rules
