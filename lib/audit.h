// SPDX-License-Identifier: MIT
// The audit trail: every write appends an entry; entries are hash-chained so that an edited
// or deleted entry is detected by verify().
#pragma once

#include <cstdint>
#include <initializer_list>
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

/// entity_ids naming a few records one by one, in the order given: [[a, a], [b, b], ...].
inline json each_id(std::initializer_list<int64_t> ids) {
  json r = json::array();
  for (int64_t id : ids) r.push_back({id, id});
  return r;
}

/// Appends an entry in the caller's transaction; returns its id.
int64_t append(db::Database& db, const Context& ctx, const Entry& e);

struct Problem {
  int64_t id;           // the entry where the chain breaks
  std::string message;  // what is wrong there
};

struct VerifyResult {
  int64_t entries = 0;
  std::string head;     // hash of the last entry: record it elsewhere to detect truncation
  int64_t seals = 0;    // seals of the case data checked (db/seal.h)
  std::vector<Problem> problems;
  size_t chain_problems = 0;  // the first problems are the chain's; the rest, the data's and seals'
};

/// Recomputes the chain from the first entry, then checks the case data against its seal
/// (db/seal.h): an entry, a seal or a sealed row changed behind hotro's back is a problem.
VerifyResult verify(db::Database& db);

/// `hotro audit seal`: takes the case data as it now stands as sealed, after rows were written
/// outside hotro on purpose (data brought over from an older system with SQL, a repair). One
/// audit entry (action "seal") records the reason and the tables that differed; returns them
/// (none: nothing is written). With `dry_run` nothing is written either way.
std::vector<std::string> accept_state(db::Database& db, const Context& ctx,
                                      const std::string& reason, bool dry_run);

/// The cases and persons audit entries wrote to: the ids an entry names (ranges of cases, or of
/// persons, whose cases they are) and the cases an agency merge moved rows of. The one answer to "did
/// this entry touch case N?", for `audit log --case` and for the edits after a period's close.
class Touched {
 public:
  /// Adds what one entry touched, from its entity, entity_ids and detail.
  void add(const std::string& entity, const json& entity_ids, const json& detail);
  /// Whether an entry added touched the case (whose person is now `person_id`).
  bool has(int64_t case_id, int64_t person_id) const;

 private:
  // Id ranges, merged on the first question after an add.
  class Spans {
   public:
    void add(int64_t first, int64_t last);
    bool has(int64_t id) const;

   private:
    mutable std::vector<std::pair<int64_t, int64_t>> spans_;
    mutable bool merged_ = true;
  };
  Spans cases_, persons_;
};

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
