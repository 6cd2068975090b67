// SPDX-License-Identifier: MIT
// Numbered schema migrations (schemas/NNNN_name.sql, embedded at build time), tracked by
// PRAGMA user_version. The library file identifies itself with PRAGMA application_id.
#pragma once

#include <string>
#include <vector>

#include "db/database.h"

namespace hotro::db {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

/// 0x484F5452, "HOTR": marks a SQLite file as a hotro case library.
constexpr int kApplicationId = 0x484F5452;

/// All migrations built into this binary, in order (generated from schemas/).
const std::vector<Migration>& embedded_migrations();

/// The schema version this binary writes (the highest migration number).
int current_schema_version();

/// The library's schema version (0 for an empty file).
int schema_version(Database& db);

struct MigrateResult {
  int from = 0;
  int to = 0;
  std::string backup;  // copy of the library taken before upgrading, or empty
};

/// Brings the library up to current_schema_version(), each step in its own transaction with
/// its user_version. Before upgrading a library that already holds data, copies it to
/// "<path>.before-vN". Refuses a library made by a newer hotro (Exit::data) and a SQLite file
/// that is not a hotro library (Exit::data).
MigrateResult migrate(Database& db);

/// Throws Error(Exit::data) unless `db` is a hotro library (or an empty SQLite file) whose
/// schema is not newer than this hotro's.
void check_library(Database& db);

/// Throws unless the library is exactly at current_schema_version(): a newer one is refused,
/// an older one is told to run 'hotro init' to upgrade.
void require_current(Database& db);

}  // namespace hotro::db
