// SPDX-License-Identifier: MIT
// Reading cases: one case with its person, agencies, forms and minors, and filtered lists.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "codes.h"
#include "db/database.h"
#include "error.h"
#include "period.h"

namespace hotro::cases {

using json = nlohmann::ordered_json;

/// The error for a case number that is not in the library: "không có hồ sơ #N", exit 66.
Error no_such_case(int64_t case_id);

/// The whole case as JSON (codes, not labels), or nullopt if there is no such case.
std::optional<json> load(db::Database& db, int64_t case_id);

struct Filter {
  std::optional<Period> period;          // intake date within
  std::optional<std::string> status;
  std::optional<std::string> agency;     // receiving or source agency name contains (folded), or the
                                         // name of an agency merged into it
  std::optional<std::string> residence;  // province code or residence text contains (folded)
  std::optional<std::string> name;       // person's name contains (folded)
  int64_t limit = 0;                     // 0 = all
};

struct Summary {
  int64_t id;
  std::string intake_date, status, channel, full_name, sex, birth, residence, agency;
};

std::vector<Summary> list(db::Database& db, const Filter& f);

}  // namespace hotro::cases
