// SPDX-License-Identifier: MIT
// The audit trail: every write appends an entry; entries are hash-chained so that an edited
// or deleted entry is detected by verify().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/database.h"

namespace hotro::audit {

using json = nlohmann::ordered_json;

/// Who is writing, with which command; passed to every write in lib/.
struct Context {
  std::string actor;    // --actor, or the OS user
  std::string command;  // e.g. "intake import"
};

struct Entry {
  std::string action;       // create, update, import, merge, ...
  std::string entity;       // case, person, batch, ...
  json entity_ids = json::array();  // [[first, last], ...] ranges of ids touched
  json before;              // null unless an edit
  json after;               // null or the new state
  json detail;              // null or e.g. {file, sha256, counts}
};

/// Appends an entry in the caller's transaction; returns its id.
int64_t append(db::Database& db, const Context& ctx, const Entry& e);

struct Problem {
  int64_t id;           // the entry where the chain breaks
  std::string message;  // what is wrong there
};

struct VerifyResult {
  int64_t entries = 0;
  std::string head;     // hash of the last entry: record it elsewhere to detect truncation
  std::vector<Problem> problems;
};

/// Recomputes the chain from the first entry.
VerifyResult verify(db::Database& db);

struct LogFilter {
  std::optional<std::string> since;   // ISO date or timestamp, inclusive
  std::optional<std::string> until;   // ISO date or timestamp, inclusive
  std::optional<std::string> actor;
  std::optional<std::string> command; // prefix match, e.g. "intake"
  std::optional<int64_t> case_id;     // entries touching this case
  int64_t limit = 0;                  // 0 = no limit (newest last)
};

struct LogRow {
  int64_t id;
  std::string at, actor, command, action, entity;
  json entity_ids, before, after, detail;
  std::string prev_hash, hash;  // the chain: hash = SHA-256 of prev_hash and the fields
};

std::vector<LogRow> log(db::Database& db, const LogFilter& f);

}  // namespace hotro::audit
