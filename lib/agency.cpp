// SPDX-License-Identifier: MIT
#include "agency.h"

#include "text/unicode.h"

namespace hotro {

int64_t find_or_add_agency(db::Database& db, const std::string& name) {
  const std::string clean = text::clean(name);
  const std::string folded = text::fold(clean);
  db::Statement find(db, "SELECT id FROM agency WHERE name_folded = ?");
  find.bind(1, folded);
  if (find.step()) return find.int64(0);
  db::Statement add(db, "INSERT INTO agency (name, name_folded) VALUES (?, ?)");
  add.bind(1, clean).bind(2, folded).run();
  return db.last_insert_id();
}

}  // namespace hotro
