// SPDX-License-Identifier: MIT
// SQL functions hotro gives each connection, so that a migration or a `hotro check` rule can
// compute in SQL what the code computes (the sqlite3 shell does not have them):
//   hotro_fold(TEXT)                  text::fold: the accent- and case-folded matching key
//   hotro_match_key(TEXT, INTEGER)    intake::person_match_key(name_folded, birth_year)
//   hotro_row_key(TEXT, TEXT, TEXT, TEXT)
//                                     intake::row_key_of_folded(name_folded, birth ISO or NULL,
//                                     intake date ISO, source agency folded)
// All are deterministic. NULL in gives NULL out, and so does text that is not valid UTF-8
// (hotro_fold), so that one bad row written behind hotro's back does not stop an upgrade.
#pragma once

#include <sqlite3.h>

namespace hotro::db {

/// Registers the functions on a connection; throws hotro::Error(Exit::software) if SQLite
/// refuses.
void add_functions(sqlite3* db);

}  // namespace hotro::db
