// SPDX-License-Identifier: MIT
// `hotro intake add`: one person and case from flags, with the minors accompanying them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit.h"
#include "codes.h"
#include "db/database.h"
#include "intake/importer.h"
#include "intake/record.h"
#include "intake/store.h"

namespace hotro::intake {

/// A person under 18 accompanying the victim (người dưới 18 tuổi đi cùng).
struct Minor {
  std::string full_name;
  std::optional<std::string> sex;
  std::optional<text::Date> birth;
  std::optional<std::string> relation;
};

/// Parses "NAME[;SEX[;BIRTH[;RELATION]]]", e.g. "Lò Văn Tú;Nam;2019;con". Throws
/// Error(Exit::data) naming the part that is wrong, or the minor's age when 18 or over on
/// `intake_date`.
Minor parse_minor(const CodeLists& codes, const std::string& spec, const text::Date& intake_date);

struct AddResult {
  int64_t case_id = 0;
  int64_t person_id = 0;
  std::optional<Store::Duplicate> duplicate;  // a probable duplicate that was found
  bool skipped = false;                        // on_duplicate skip: nothing written
};

/// Records the case in one transaction with its audit entry.
AddResult add_case(db::Database& db, const audit::Context& ctx, const Record& r,
                   const std::vector<Minor>& minors, OnDuplicate on_duplicate);

}  // namespace hotro::intake
