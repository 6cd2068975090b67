// SPDX-License-Identifier: MIT
// Reversible corrections (sửa dữ liệu): `hotro edit` and `hotro units remap` plan a list of
// field changes, show it, then apply it here as one change set (schemas/0007_changes.sql): in
// one transaction, with the value before and after of every field kept and an audit entry per
// kind of record touched. `undo` applies the reverse as a new change set, so an undo is audited
// like any edit and can itself be undone.
//
// This layer is generic over tables and columns; which fields a user may set, and the columns
// that follow from them (a name's folded copy, a case's updated_at), are the callers' business.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit.h"
#include "db/database.h"

namespace hotro::changes {

using json = nlohmann::ordered_json;

/// One field of one record. Values are JSON: null, an integer or a string, as SQLite stores them.
struct FieldChange {
  std::string entity;  // the table: person, case_file or agency
  int64_t id = 0;
  std::string field;   // the column
  json before, after;
};

/// A field's stored value, in the form FieldChange holds it. Throws Error(Exit::software) for a
/// table or column outside the editable tables, Error(Exit::noinput) for a missing record.
json current(db::Database& db, const std::string& entity, int64_t id, const std::string& field);

/// Writes one change set a field at a time, so that a change set of millions of fields (a
/// remap) needs no list of them in memory: each add() checks and writes its field at once, and
/// commit() writes the audit entries. Nothing is kept unless commit() is called. Holds a
/// transaction (a savepoint of the caller's, if any) from construction to commit.
/// A stored value as people read it (a code by its label, an agency by its name), for messages.
using Describe = std::function<std::string(const std::string& field, const nlohmann::json& value)>;

/// "người", "hồ sơ", "cơ quan" (person, case, agency) for a table.
std::string entity_words(const std::string& table);

class Writer {
 public:
  /// `describe` words the values of a refusal; without it they are printed as JSON.
  Writer(db::Database& db, const audit::Context& ctx, std::string command, std::optional<std::string> reason,
         Describe describe = {});
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  /// Checks that the field still holds `c.before` and writes `c.after`. Throws Error(Exit::data)
  /// when it does not (someone changed it since the plan was made) or when the field was
  /// already added; the caller then lets the writer go and nothing is written.
  void add(const FieldChange& c);
  int64_t count() const;
  /// Writes the set's audit entries (one per kind of record) and returns the set's id. Throws
  /// Error(Exit::data) when nothing was added.
  int64_t commit();

 private:
  struct State;
  std::unique_ptr<State> s_;
};

/// Applies `changes` as one change set (a Writer fed from the list), recorded under `command` (e.g. "edit") with the user's
/// `reason`, and returns its id. Runs in its own transaction, or as a savepoint of the caller's.
/// Every field must still hold its `before` value, else nothing is written and Error(Exit::data)
/// names the field (someone changed it since the plan was made). Throws Error(Exit::data) for an
/// empty list or a field listed twice.
int64_t apply(db::Database& db, const audit::Context& ctx, const std::string& command,
              const std::vector<FieldChange>& changes, const std::optional<std::string>& reason,
              Describe describe = {});

/// Puts back what change set `id` changed, as a new change set (command "undo"), and marks `id`
/// undone. Throws Error(Exit::noinput) for a missing set, Error(Exit::data) when it was already
/// undone or a field has been changed again since (then nothing is written).
int64_t undo(db::Database& db, const audit::Context& ctx, int64_t id,
             const std::optional<std::string>& reason, Describe describe = {});

struct Summary {
  int64_t id = 0;
  std::string command, made_at, actor;
  std::optional<std::string> reason, undone_at;
  int64_t changes = 0;
};

/// Every change set, oldest first.
std::vector<Summary> list(db::Database& db);

/// The field changes of set `id`, by record and field. Throws Error(Exit::noinput)
/// for a missing set.
std::vector<FieldChange> of(db::Database& db, int64_t id);
/// The same, one at a time (a big set need not be held in memory); returns how many.
int64_t each(db::Database& db, int64_t id, const std::function<void(const FieldChange&)>& visit);

/// Checks every change set's stored field changes against the count and SHA-256 its audit
/// entries hold: one problem (at the set's audit entry) per set altered since it was written.
/// `undo` refuses such a set.
std::vector<audit::Problem> verify(db::Database& db);

/// A field change as one line, e.g. `person #12 full_name: "Lò Thị A" → "Lò Thị Á"`.
std::string describe(const FieldChange& c);

}  // namespace hotro::changes
