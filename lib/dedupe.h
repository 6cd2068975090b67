// SPDX-License-Identifier: MIT
// Probable duplicate persons (`hotro dedupe`): pairs that share a citizen ID, or the folded name
// and birth year, scored by what else they share, with the reasons.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/database.h"

namespace hotro::dedupe {

struct Pair {
  int64_t first, second;             // person ids, first < second
  int score;                         // 0..100
  std::vector<std::string> reasons;  // codes: citizen_id, name, birth_date, birth_year, sex,
                                     // residence, province
};

/// Every pair scoring at least `min_score`, highest score first (then by ids).
/// Scores: same citizen ID 60; same folded name 25; same birth date 20, else same birth year 10;
/// same residence text 15, else same province 10; same sex 5; capped at 100.
std::vector<Pair> probable_duplicates(db::Database& db, int min_score);

}  // namespace hotro::dedupe
