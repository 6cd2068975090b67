// SPDX-License-Identifier: MIT
// `hotro export`: cases for another system, as a table. Names, ID numbers, addresses and notes
// are left out unless asked for; the anonymised extract is shaped like the CTDC data set
// (Counter Trafficking Data Collaborative: ageBroad bands, exploitation flags) and made
// k-anonymous by suppressing values, then rows.
#pragma once

#include <string>
#include <vector>

#include "db/database.h"
#include "period.h"

namespace hotro::exporting {

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

/// One row per case, oldest intake first; codes, not labels. With include_pii: also the name,
/// birth date, citizen ID, residence as written and the note.
Table cases(db::Database& db, const std::optional<Period>& period, bool include_pii);

/// What the k-anonymity step did.
struct Suppression {
  long values = 0;      // cells blanked
  long rows_dropped = 0;
};

/// The CTDC-shaped extract: yearOfRegistration, gender, ageBroad, majorityStatus, citizenship,
/// CountryOfExploitation and exploitation flags; every combination of these values that
/// appears in the output appears at least `k` times (k ≥ 2; fewer are suppressed).
Table anonymised(db::Database& db, const std::optional<Period>& period, int k,
                 Suppression* what_was_suppressed);

/// The CTDC ageBroad band of an age in years ("0--8", "9--17", ..., "48+"), "" if unknown.
std::string age_broad(int age);

/// Makes `t` k-anonymous over all its columns: for rows whose combination appears fewer than
/// k times, blanks the columns in `suppress_order` one by one (re-grouping after each), then
/// drops the rows still in groups smaller than k. Deterministic.
Suppression make_k_anonymous(Table& t, int k, const std::vector<std::vector<int>>& suppress_order);

}  // namespace hotro::exporting
