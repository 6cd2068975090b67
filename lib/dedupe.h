// SPDX-License-Identifier: MIT
// Probable duplicate persons (`hotro dedupe`): pairs that share a citizen ID, or the folded name
// and birth year, scored by what else they share, with the reasons.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit.h"
#include "db/database.h"

namespace hotro::dedupe {

struct Pair {
  int64_t first, second;             // person ids, first < second
  int score;                         // 0..100
  std::vector<std::string> reasons;  // codes: citizen_id, name, birth_date, birth_year, sex,
                                     // residence, province; and citizen_id_differs, against
};

/// Every pair scoring at least `min_score`, highest score first (then by ids).
/// Scores: same citizen ID 60; same folded name 25; same birth date 20, else same birth year 10;
/// same residence text 15, else same province 10; same sex 5; capped at 100. Two different
/// citizen IDs take 50 away (floor 0): two ID numbers are most often two people.
std::vector<Pair> probable_duplicates(db::Database& db, int min_score);

}  // namespace hotro::dedupe

namespace hotro::dedupe {

/// One of a person's fields in a merge: citizen_id, sex, birth_date, ethnicity, residence,
/// poor_household or citizenship, as stored (text; null when not recorded).
struct FieldValues {
  std::string field;
  std::optional<std::string> kept, dropped;
};

struct MergePlan {
  int64_t kept, dropped;
  std::vector<int64_t> cases;        // the dropped person's cases, to move
  std::vector<int64_t> minor_cases;  // cases where the dropped person is an accompanying minor
  std::vector<int64_t> supports;     // supports given to the dropped person, to move
  // Not recorded for the kept person (or only the birth year, which the dropped person's full
  // birth date of that year makes precise): the dropped person's value is written to the kept
  // one, so nothing the lists said is lost from view. unmerge puts the blanks back.
  std::vector<FieldValues> filled;
  // Recorded for both, differently: the kept person's value stays; shown, so the officer sees it.
  std::vector<FieldValues> differences;
  bool force = false;  // two different citizen IDs were allowed
};

/// What merging `dropped` into `kept` would move. Throws Exit::noinput for a missing person and
/// Exit::data when the two are the same, either was already merged, one is an accompanying minor
/// on a case of the other (the merge would make a person accompany themselves), or, unless
/// `force`, the two have different citizen IDs.
MergePlan plan_merge(db::Database& db, int64_t kept, int64_t dropped, bool force = false);

/// Carries out the plan in one audited transaction; returns the merge id (for unmerge).
int64_t merge(db::Database& db, const audit::Context& ctx, const MergePlan& plan);

/// Puts back what merge `merge_id` moved, in one audited transaction. Throws Exit::noinput for a
/// missing merge and Exit::data when it was already undone.
void unmerge(db::Database& db, const audit::Context& ctx, int64_t merge_id);

}  // namespace hotro::dedupe
