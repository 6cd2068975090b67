// SPDX-License-Identifier: MIT
#include "dedupe.h"

#include <algorithm>
#include <tuple>

namespace hotro::dedupe {

namespace {

// Candidates come from the two indexes the importer keeps: the citizen ID and the match key
// (folded name and birth year), so the search never compares every person with every other.
constexpr const char* kCandidates = R"(
SELECT a.id, b.id,
       a.citizen_id IS NOT NULL AND a.citizen_id = b.citizen_id,
       a.name_folded = b.name_folded,
       a.birth_date IS NOT NULL AND length(a.birth_date) = 10 AND a.birth_date = b.birth_date,
       a.birth_year IS NOT NULL AND a.birth_year = b.birth_year,
       a.sex IS NOT NULL AND a.sex = b.sex,
       a.residence_folded IS NOT NULL AND a.residence_folded = b.residence_folded,
       a.residence_province IS NOT NULL AND a.residence_province = b.residence_province
FROM person a JOIN person b ON b.id > a.id AND
     ((a.citizen_id IS NOT NULL AND b.citizen_id = a.citizen_id) OR
      (a.match_key IS NOT NULL AND b.match_key = a.match_key))
)";

}  // namespace

std::vector<Pair> probable_duplicates(db::Database& db, int min_score) {
  std::vector<Pair> out;
  db::Statement st(db, kCandidates);
  while (st.step()) {
    Pair p{st.int64(0), st.int64(1), 0, {}};
    const auto add = [&](int col, int points, const char* reason) {
      if (!st.int64(col)) return false;
      p.score += points;
      p.reasons.push_back(reason);
      return true;
    };
    add(2, 60, "citizen_id");
    add(3, 25, "name");
    if (!add(4, 20, "birth_date")) add(5, 10, "birth_year");
    if (!add(7, 15, "residence")) add(8, 10, "province");
    add(6, 5, "sex");
    p.score = std::min(p.score, 100);
    if (p.score >= min_score) out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const Pair& x, const Pair& y) {
    return x.score != y.score ? x.score > y.score
                              : std::tie(x.first, x.second) < std::tie(y.first, y.second);
  });
  return out;
}

}  // namespace hotro::dedupe
