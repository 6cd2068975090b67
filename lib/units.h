// SPDX-License-Identifier: MIT
// Administrative units (đơn vị hành chính) and their reorganisations (`hotro units`): the code
// sets of the library's admin_unit table (2004 = Decision 124/2004/QĐ-TTg series, 2025 =
// Decision 19/2025/QĐ-TTg), the old → new map (admin_unit_map) with its legal basis, and the
// remap that moves records still carrying codes of a set that has ended to the set that took
// its place, as one reversible change set (lib/changes.h).
//
// Which records carry unit codes is listed in fields(): a person's residence province (with its
// code set) and an agency's province (no code set column: a code is old when only the old set
// has it; every code the two sets share names the same province, as the seat keeps its code).
// Not remapped, on purpose: support.province (the province whose resolution priced a support,
// a fact of that day tied to a rule file), report snapshots (figures as submitted) and the
// residence text as written.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audit.h"
#include "db/database.h"
#include "text/dates.h"

namespace hotro::units {

struct Unit {
  std::string code_set, code, level, name;
  std::optional<std::string> parent, valid_from, valid_to;  // ISO dates
};

/// The units of `code_set` and `level` (either may be empty for all), by set, then code.
/// Throws Error(Exit::usage) for a set or level the library does not have.
std::vector<Unit> list(db::Database& db, const std::string& code_set, const std::string& level);

struct Link {
  Unit unit;          // the other unit
  std::string basis;  // the legal basis of the change
};

struct Detail {
  Unit unit;
  std::vector<Link> predecessors, successors;
};

/// The units a user means by `query`: a code ("02", all sets that have it; "2004:02" one set), or
/// a name as written ("Hà Giang", "tỉnh Hà Giang", "TP HCM": accents, case and "tỉnh"/"thành
/// phố" ignored, known variant spellings too). Throws Error(Exit::noinput) when none matches.
std::vector<Detail> show(db::Database& db, const std::string& query);

/// The legal instrument behind a code set, e.g. "Quyết định 124/2004/QĐ-TTg"; the set itself
/// when unknown.
std::string set_basis(const std::string& code_set);

/// A reorganisation in the shipped data: the day the new set takes effect, the new set, and the
/// sets whose codes map into it.
struct Reorganisation {
  text::Date on;
  std::string new_set;
  std::vector<std::string> old_sets;
};

/// Every reorganisation the library's map knows, oldest first.
std::vector<Reorganisation> reorganisations(db::Database& db);

/// The reorganisation taking effect on `on`. Throws Error(Exit::usage) naming the known dates
/// when none does.
Reorganisation reorganisation_on(db::Database& db, const text::Date& on);

/// A field that stores a unit code.
struct Field {
  std::string table, column;
  std::string set_column;  // the column holding the code set, or empty
  std::string level;       // province, district, commune
};
const std::vector<Field>& fields();

/// A person's decision for codes that cannot be mapped automatically: `--assign 02=08` (every
/// record carrying old code 02) or `--assign person:12=08` (one record).
struct Assignment {
  std::string table;    // empty for a code assignment; else person or agency
  int64_t id = 0;
  std::string old_code;  // for a code assignment
  std::string new_code;
  std::string text;      // as given, for messages
};
/// Parses one --assign value. Throws Error(Exit::usage).
Assignment parse_assignment(const std::string& text);

/// One record that moves.
struct Move {
  std::string table, column, set_column;
  int64_t id = 0;
  std::optional<std::string> stored_set;  // the record's code set as stored (null when none)
  std::string old_set, old_code, new_code;
  bool assigned = false;                  // by an --assign, not by the map
};

/// Counts per old → new unit.
struct Group {
  std::string table, column, old_set, old_code, old_name, new_code, new_name;
  bool assigned = false;
  int64_t records = 0;
};

/// A record left for a person to decide.
struct Undecided {
  std::string table, column;
  int64_t id = 0;
  std::string old_set, code, name;  // name empty when the code is not in its set
  std::string why;                  // split (several successors), none (no successor), unknown (not in the set)
  std::vector<Unit> candidates;     // the successors of a split
  std::string label;                // the person's residence as written, or the agency's name
  std::vector<int64_t> cases;       // a person's cases
};

struct Plan {
  Reorganisation reorganisation;
  std::vector<Group> groups;          // by table, column, old code, new code
  int64_t records = 0;                // records that move
  int64_t changes = 0;                // field changes that makes (a code and its set)
  std::vector<Undecided> undecided;   // by table, id
  std::vector<std::string> unused;    // --assign values that matched no undecided record
  std::optional<int64_t> change_set;  // set by remap() when it wrote
};

/// Finds every record carrying a code of the reorganisation's old sets (one pass over each
/// field, in id order; memory does not grow with the library except for the undecided list) and
/// calls `each` for every record that moves. Writes nothing. Throws Error(Exit::usage) when an
/// assignment names a unit that is not a valid choice for a record it matches.
Plan plan(db::Database& db, const Reorganisation& r, const std::vector<Assignment>& assign,
          const std::function<void(const Move&)>& each = {});

/// Plans and applies the moves as one change set (command "units remap"), in one transaction;
/// `hotro edit --undo` reverses it. Writes nothing when nothing moves (change_set stays empty).
Plan remap(db::Database& db, const audit::Context& ctx, const Reorganisation& r,
           const std::vector<Assignment>& assign, const std::optional<std::string>& reason);

}  // namespace hotro::units
