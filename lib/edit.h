// SPDX-License-Identifier: MIT
// `hotro edit`: corrections of a case and its person, one case at a time (`edit CASE
// field=value ...`) or in bulk (`edit --where field=value --set field=value`). The values are
// read exactly as `intake import` reads a list row (intake::RecordParser: code-list variants,
// date shapes, NFC, leading zeros); the plan lists every column that changes, the derived ones
// too (name_folded, match_key, birth_year, residence_folded, ...), and is written as one change
// set (changes.h), so that `hotro edit --undo SET` puts everything back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit.h"
#include "changes.h"
#include "codes.h"
#include "db/database.h"

namespace hotro::edit {

using json = nlohmann::ordered_json;

/// The fields `hotro edit` sets, by their English key (the keys of `intake import`):
/// full_name, sex, birth_date, ethnicity, citizen_id, residence, poor_household, intake_date,
/// intake_channel, receiving_agency, source_agency, abroad, destination_country, note.
const std::vector<std::string>& field_keys();

/// The fields --where also matches on (field_keys() and status).
const std::vector<std::string>& where_keys();

/// One "field=value" of the user; the field is known, the value as written (empty: clear it).
struct Assignment {
  std::string key;  // the English key
  std::string value;
};

/// Reads "field=value": the field by its English key or a column header `intake import`
/// recognises ("Ngày sinh", "Giới tính", "destination", ...). Throws Error(Exit::usage) for a
/// missing '=', or naming an unknown field and listing the valid ones.
Assignment parse_assignment(std::string_view text);

/// One --where condition: "field=value" (equal: text accent- and case-folded, codes through
/// their variants, dates in any shape or a period for intake_date, a bare year for birth_date;
/// "field=" for empty) or "field~text" (the folded text contains: text fields and citizen_id).
struct Condition {
  std::string key;
  bool contains = false;
  std::string value;
};

/// Reads a --where condition. Throws Error(Exit::usage) like parse_assignment.
Condition parse_condition(std::string_view text);

/// The cases matching every condition (ANDed), by id. Throws Error(Exit::usage) for a value
/// that is not one of the field's (an unknown code, a malformed date), as for a bad --period.
std::vector<int64_t> find_cases(db::Database& db, const std::vector<Condition>& where);

/// One column that changes, and why.
struct Change {
  changes::FieldChange change;  // entity is the table: person or case_file
  std::string key;              // the user's field it follows from
  bool derived = false;         // a column that follows from the field (name_folded, ...)
  int64_t case_id = 0;          // the case it was reached through
  /// An agency the change points at that does not exist yet: apply() creates it (as `intake
  /// import` does, with an audit entry); until then change.after is null.
  std::optional<std::string> new_agency;
};

struct Plan {
  std::vector<int64_t> cases;     // the cases edited
  std::vector<Assignment> set;    // what the user asked
  std::vector<Change> changes;    // by case, then in the order of `set`; empty: nothing changes
  std::vector<std::string> warnings;  // worth saying, not refused (e.g. a citizen ID another has)
};

/// Plans `set` on `cases` (one case, or what --where matched), reading the library only.
/// Throws Error(Exit::noinput) for a missing case; Error(Exit::data) naming the case, field
/// and value for a value import would reject, and for what the workflow refuses: an intake
/// date in the future, after an event, a support or a referral of the case, or that makes an
/// accompanying minor 18; a birth date after an intake of the person; a person merged into
/// another. Error(Exit::usage) when a name, citizen ID or birth date would be set on several
/// persons at once.
Plan plan(db::Database& db, const std::vector<int64_t>& cases, const std::vector<Assignment>& set);

/// Writes the plan as one change set under command "edit" (the agencies it names created
/// first), in one transaction, after planning again inside it: when the library changed since
/// the plan was made, nothing is written and Error(Exit::data) says so. Returns the set's id.
/// Throws Error(Exit::data) for an empty plan.
int64_t apply(db::Database& db, const audit::Context& ctx, const Plan& plan,
              const std::optional<std::string>& reason);

/// Puts back what change set `id` changed (changes::undo: a new change set, refused when a field
/// was changed since), after checking that an intake date it puts back keeps the workflow's
/// rules (as plan() does). Throws Error(Exit::noinput) for a missing set, Error(Exit::data) for
/// a refusal; nothing is written then.
int64_t undo(db::Database& db, const audit::Context& ctx, int64_t id, const std::optional<std::string>& reason);

/// Field changes in words, for people: `case #12 intake_date: 01/03/2026 → 02/03/2026`,
/// `person #5 sex: (empty) → Nữ`, agencies by name, dates dd/mm/yyyy, codes by their label,
/// in the language of i18n.h.
class Describer {
 public:
  explicit Describer(db::Database& db);
  std::string line(const changes::FieldChange& c, const std::optional<std::string>& new_agency = std::nullopt);
  /// A stored value in words (the "before" or "after" of a change).
  std::string value(const std::string& column, const json& v);

 private:
  db::Database& db_;
  CodeLists codes_;
  std::unordered_map<int64_t, std::string> agencies_;
};

/// A field change as JSON: entity (case, person, agency), id, field, before, after (stored
/// values: ISO dates, codes, agency ids).
json to_json(const changes::FieldChange& c);

}  // namespace hotro::edit
