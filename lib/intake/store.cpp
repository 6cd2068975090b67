// SPDX-License-Identifier: MIT
#include "intake/store.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <utility>

#include "agency.h"
#include "clock.h"
#include "text/unicode.h"

namespace hotro::intake {

namespace {

// Column order shared by the person insert and update statements (bind_person).
constexpr const char* kInsertPerson =
    "INSERT INTO person (full_name, name_folded, sex, birth_date, birth_year, ethnicity, "
    "citizen_id, residence, residence_folded, residence_province, residence_code_set, "
    "poor_household, match_key, created_at, citizenship) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?15,?16)";
// A changed list row rewrites what it says and keeps what it leaves blank: a later list without
// the "Dân tộc" column, or with an empty cell, never erases the ethnicity an earlier one gave
// (clearing a field is `hotro edit`'s work, with a reason). The residence's folds, province and
// code set go with the residence. A field corrected with `hotro edit` (a reason, in
// field_change) keeps the correction: the sender's list still holds what was corrected.
// Each SET is matched by a test in the WHERE clause, so a row whose news is all blanks leaves
// the person's row, its indexes and its seal hash alone.
struct Update {
  const char* column;
  const char* value;   // the new value, from the row and the column itself
  const char* edited;  // the fields whose edit keeps the column as it is (space-separated)
  const char* empty = nullptr;      // when a default may fill it (default: the column is NULL)
  const char* filled_by = nullptr;  // the defaulted fields that only fill it (default: `edited`)
};
#define HOTRO_KEEP_RESIDENCE(new_value, column) \
  "CASE WHEN ?8 IS NULL THEN " column " ELSE " new_value " END"
constexpr Update kPersonUpdates[] = {
    {"full_name", "?1", "full_name"},
    {"name_folded", "?2", "full_name"},
    {"sex", "coalesce(?3, sex)", "sex"},
    {"birth_date", "coalesce(?4, birth_date)", "birth_date"},
    {"birth_year", "coalesce(?5, birth_year)", "birth_date"},
    {"match_key", "coalesce(?13, match_key)", "full_name birth_date"},
    {"ethnicity", "coalesce(?6, ethnicity)", "ethnicity"},
    {"citizen_id", "coalesce(?7, citizen_id)", "citizen_id"},
    {"residence", "coalesce(?8, residence)", "residence"},
    // A residence's folds, province and code set are filled with it, or not at all: a default
    // residence gives no province to an address recorded without one.
    {"residence_folded", HOTRO_KEEP_RESIDENCE("?9", "residence_folded"), "residence", "residence IS NULL"},
    {"residence_province", HOTRO_KEEP_RESIDENCE("?10", "residence_province"), "residence residence_province",
     "residence IS NULL"},
    {"residence_code_set", HOTRO_KEEP_RESIDENCE("?11", "residence_code_set"), "residence residence_province",
     "residence IS NULL"},
    {"poor_household", "coalesce(?12, poor_household)", "poor_household"},
    {"citizenship", "coalesce(?16, citizenship)", "citizenship"},
};
#undef HOTRO_KEEP_RESIDENCE
// Column order shared by the case insert and update statements (bind_case).
constexpr const char* kInsertCase =
    "INSERT INTO case_file (intake_date, intake_channel, receiving_agency_id, source_agency_id, "
    "abroad, destination_country, note, person_id, row_key, content_hash, created_at, "
    "updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11)";
// What a changed row does to the case, as to the person (?1–?7 as bind_case binds them; the
// note as its parts: ?14 the row's "STT n", ?16 its note). A row that says "not abroad" takes
// the destination country away with it.
#define HOTRO_STT \
  "coalesce(CASE WHEN note GLOB 'STT *' THEN CASE WHEN instr(note, '; ') > 0 THEN " \
  "substr(note, 1, instr(note, '; ') - 1) ELSE note END END, ?14)"
#define HOTRO_TEXT \
  "coalesce(?16, CASE WHEN note GLOB 'STT *; *' THEN substr(note, instr(note, '; ') + 2) " \
  "WHEN note NOT GLOB 'STT *' THEN note END)"
constexpr Update kCaseUpdates[] = {
    {"intake_date", "?1", "intake_date"},
    {"intake_channel", "?2", "intake_channel"},
    {"receiving_agency_id", "coalesce(?3, receiving_agency_id)", "receiving_agency_id"},
    {"source_agency_id", "coalesce(?4, source_agency_id)", "source_agency_id"},
    {"abroad", "coalesce(?5, abroad)", "abroad"},
    // A default destination fills none into a case recorded as not abroad.
    {"destination_country", "CASE WHEN ?5 = 0 THEN ?6 ELSE coalesce(?6, destination_country) END",
     "destination_country abroad", "destination_country IS NULL AND abroad IS NOT 0", "destination_country"},
    // The note is "STT n; note" (bind_case). The STT kept is that of the list the case came
    // from: a later list that numbers its rows otherwise (a row added above) changes nothing by
    // that alone. A row's note replaces the note after it; a row without one keeps it.
    {"note", "coalesce(" HOTRO_STT " || '; ' || " HOTRO_TEXT ", " HOTRO_STT ", " HOTRO_TEXT ")", "note"},
};
#undef HOTRO_STT
#undef HOTRO_TEXT

// "instr(P, '|a|') OR instr(P, '|b|')" for the space-separated fields: is one of them in the
// parameter P, a "|field|field|" list (NULL: none)?
std::string one_of(std::string_view fields, const char* param) {
  std::string test;
  while (!fields.empty()) {
    const size_t end = std::min(fields.find(' '), fields.size());
    test += fmt::format("{}instr({}, '|{}|')", test.empty() ? "" : " OR ", param, fields.substr(0, end));
    fields.remove_prefix(std::min(end + 1, fields.size()));
  }
  return test;
}

// An update's new value: the column as it is when an edit that still stands set it by hand
// (`edited`), or only where it is empty (Update::empty) when the row's value is the import's
// default for a blank cell (`filled`: --default fills, it never overwrites). Both parameters hold a record's
// fields as "|field|field|" (Store::edited_fields, defaulted_fields), looked up once per
// update: a lookup per column cost more than the update.
std::string value_of(const Update& u, const char* edited, const char* filled) {
  const std::string empty = u.empty ? u.empty : fmt::format("{} IS NULL", u.column);
  return fmt::format("CASE WHEN {} THEN {} WHEN {} THEN CASE WHEN {} THEN {} ELSE {} END ELSE {} END",
                     one_of(u.edited, edited), u.column, one_of(u.filled_by ? u.filled_by : u.edited, filled), empty,
                     u.value, u.column, u.value);
}

template <size_t N>
std::string set_clause(const Update (&updates)[N], const char* edited, const char* filled) {
  std::string out;
  for (const auto& u : updates)
    out += fmt::format("{}{}={}", out.empty() ? "" : ", ", u.column, value_of(u, edited, filled));
  return out;
}

template <size_t N>
std::string differs(const Update (&updates)[N], const char* edited, const char* filled) {
  std::string out;
  for (const auto& u : updates)
    out += fmt::format("{}{} IS NOT {}", out.empty() ? "(" : " OR ", u.column, value_of(u, edited, filled));
  return out + ")";
}

// ?17: the person's edited fields; ?18: the row's defaulted ones.
const std::string kUpdatePerson = "UPDATE person SET " + set_clause(kPersonUpdates, "?17", "?18") +
                                  " WHERE id=?14 AND " + differs(kPersonUpdates, "?17", "?18");
// updated_at moves only when something stored changed (?13: the person or the forms did), which is
// what a closed report's "changed since" looks at. Otherwise only the content hash is the row's
// (kSetContentHash), so the row read again is "unchanged". ?15: the case's edited fields; ?17:
// the row's defaulted ones.
const std::string kUpdateCase = "UPDATE case_file SET " + set_clause(kCaseUpdates, "?15", "?17") +
                                ", content_hash=?10, updated_at=?11 WHERE id=?12 AND (?13 OR " +
                                differs(kCaseUpdates, "?15", "?17") + ")";
constexpr const char* kSetContentHash = "UPDATE case_file SET content_hash=?1 WHERE id=?2";

// A probable duplicate by name (find_duplicate): ?1 folded name, ?2 birth year, ?3 folded
// residence, ?4 residence province, ?5 match key (bind_name).
constexpr const char* kSameNameBirthResidence =
    "match_key = ?5 AND name_folded = ?1 AND birth_year = ?2 AND (residence_folded = ?3 OR "
    "residence_province = ?4) AND merged_into IS NULL";

std::optional<int64_t> opt_int(const std::optional<int>& v) {
  if (!v) return std::nullopt;
  return *v;
}

}  // namespace

Store::Store(db::Database& db)
    : db_(db),
      by_key_(db, "SELECT id, person_id, content_hash FROM case_file WHERE row_key = ?"),
      first_case_(db, "SELECT min(id) FROM case_file WHERE person_id = ?"),
      // A person merged into another (hotro dedupe merge) leads to the one kept, through any
      // number of merges: the dropped person's ID number still finds them.
      by_citizen_id_(db, "WITH RECURSIVE up(id, merged_into) AS (SELECT id, merged_into FROM person WHERE citizen_id = ?1 "
                         "UNION SELECT p.id, p.merged_into FROM person p JOIN up ON p.id = up.merged_into) "
                         "SELECT min(id) FROM up WHERE merged_into IS NULL HAVING min(id) IS NOT NULL"),
      by_name_(db, std::string("SELECT id FROM person WHERE ") + kSameNameBirthResidence +
                       " ORDER BY id LIMIT 1"),
      same_citizen_id_(db, "SELECT 1 FROM person WHERE id = ?2 AND citizen_id = ?1 AND "
                           "merged_into IS NULL"),
      same_name_(db, std::string("SELECT 1 FROM person WHERE id = ?6 AND ") +
                         kSameNameBirthResidence),
      ins_person_(db, kInsertPerson),
      ins_case_(db, kInsertCase),
      ins_form_(db, "INSERT OR IGNORE INTO case_exploitation (case_id, form) VALUES (?, ?)"),
      del_forms_(db, "DELETE FROM case_exploitation WHERE case_id = ?"),
      forms_(db, "SELECT form FROM case_exploitation WHERE case_id = ? ORDER BY form"),
      upd_person_(db, kUpdatePerson),
      upd_case_(db, kUpdateCase),
      set_hash_(db, kSetContentHash),
      ins_minor_(db, "INSERT OR IGNORE INTO case_minor (case_id, person_id, relation) VALUES (?,?,?)"),
      edited_(db, "SELECT '|' || group_concat(f.field, '|') || '|' FROM field_change f "
                  "JOIN change_set s ON s.id = f.change_set_id "
                  "WHERE f.entity = ? AND f.entity_id = ? AND s.undone_at IS NULL"),
      now_(now_utc()) {}

std::optional<Store::Existing> Store::find_by_row_key(int64_t key) {
  by_key_.bind(1, key);
  std::optional<Existing> found;
  if (by_key_.step()) found = Existing{by_key_.int64(0), by_key_.int64(1), by_key_.int64(2)};
  by_key_.reset();
  return found;
}

std::optional<Store::Duplicate> Store::find_duplicate(const Record& r) {
  return find_duplicate(r, RecordKeys(r));
}

std::optional<Store::Duplicate> Store::find_duplicate(const Record& r, const RecordKeys& k,
                                                      bool by_citizen_id, bool by_name) {
  std::optional<Duplicate> found;
  if (r.citizen_id && by_citizen_id) {
    by_citizen_id_.bind_static(1, *r.citizen_id);
    if (by_citizen_id_.step()) found = Duplicate{by_citizen_id_.int64(0), "citizen_id"};
    by_citizen_id_.reset();
    if (found) return found;
  }
  if (!by_name || !bind_name(by_name_, r, k)) return std::nullopt;
  if (by_name_.step())
    found = Duplicate{by_name_.int64(0), "name_birth_residence"};
  by_name_.reset();
  return found;
}

bool Store::same_citizen_id(int64_t person_id, const Record& r) {
  if (!r.citizen_id) return false;
  same_citizen_id_.bind_static(1, *r.citizen_id).bind(2, person_id);
  const bool same = same_citizen_id_.step();
  same_citizen_id_.reset();
  return same;
}

bool Store::same_name_birth_residence(int64_t person_id, const Record& r, const RecordKeys& k) {
  if (!bind_name(same_name_, r, k)) return false;
  same_name_.bind(6, person_id);
  const bool same = same_name_.step();
  same_name_.reset();
  return same;
}

bool Store::bind_name(db::Statement& st, const Record& r, const RecordKeys& k) {
  if (!r.birth || !r.residence) return false;
  st.bind_static(1, k.name_folded).bind(2, r.birth->year);
  st.bind_static(3, *k.residence_folded).bind_static(4, r.residence_province);
  st.bind(5, *k.match_key);
  return true;
}

// The record, its keys and now_ outlive each statement's run: their text is bound uncopied.
// Each starts with reset(), which clears every binding: after a step that failed, none is left
// pointing at an earlier row's text.
void Store::bind_person(db::Statement& st, const Record& r, const RecordKeys& k) {
  st.reset();
  st.bind_static(1, r.full_name).bind_static(2, k.name_folded).bind_static(3, r.sex);
  if (r.birth) st.bind_static(4, *k.birth_iso).bind(5, r.birth->year).bind(13, *k.match_key);
  st.bind_static(6, r.ethnicity).bind_static(7, r.citizen_id).bind_static(8, r.residence);
  if (r.residence) st.bind_static(9, *k.residence_folded);
  if (r.residence_province) st.bind_static(10, *r.residence_province).bind_static(11, "2025");
  st.bind(12, opt_int(r.poor_household));
  st.bind_static(16, r.citizenship);
}

void Store::bind_case(db::Statement& st, const Record& r, const RecordKeys& k) {
  st.reset();
  st.bind_static(1, k.intake_iso).bind_static(2, r.intake_channel);
  st.bind(3, opt_agency(r.receiving_agency)).bind(4, opt_agency(r.source_agency));
  st.bind(5, opt_int(r.abroad)).bind_static(6, r.destination_country);
  if (r.record_no) {
    std::string note = "STT " + *r.record_no;
    if (r.note) note += "; " + *r.note;
    st.bind(7, note);  // copied: the note is made here
  } else {
    st.bind_static(7, r.note);
  }
}

int64_t Store::insert_person(const Record& r) { return insert_person(r, RecordKeys(r)); }

int64_t Store::insert_person(const Record& r, const RecordKeys& k) {
  bind_person(ins_person_, r, k);
  ins_person_.bind_static(15, now_).run();
  return db_.last_insert_id();
}

int64_t Store::insert_case(int64_t person_id, const Record& r,
                           const std::optional<int64_t>& key, int64_t hash) {
  return insert_case(person_id, r, RecordKeys(r), key, hash);
}

int64_t Store::insert_case(int64_t person_id, const Record& r, const RecordKeys& k) {
  return insert_case(person_id, r, k, k.row_key, k.content_hash);
}

int64_t Store::insert_case(int64_t person_id, const Record& r, const RecordKeys& k,
                           const std::optional<int64_t>& key, int64_t hash) {
  bind_case(ins_case_, r, k);
  ins_case_.bind(8, person_id).bind(9, key).bind(10, hash).bind_static(11, now_).run();
  int64_t id = db_.last_insert_id();
  insert_exploitation(id, r);
  return id;
}

bool Store::owns_person(const Existing& e) {
  first_case_.bind(1, e.person_id);
  const bool first = first_case_.step() && first_case_.int64(0) == e.case_id;
  first_case_.reset();
  return first;
}

std::optional<std::string> Store::edited_fields(const char* entity, int64_t id) {
  edited_.bind(1, entity).bind(2, id);
  std::optional<std::string> fields = edited_.step() ? edited_.opt_text(0) : std::nullopt;
  edited_.reset();
  return fields;
}

namespace {

// The fields of a row that took the import's default, in the vocabulary of field_change and
// Update::edited.
std::optional<std::string> defaulted_fields(Fields defaulted) {
  std::string out;
  for (size_t i = 0; i < kFieldCount; ++i) {
    const auto f = static_cast<Field>(i);
    if (!defaulted.test(i) || f == Field::record_no || f == Field::exploitation) continue;
    out += out.empty() ? "|" : "";
    out += field_key(f);
    out += f == Field::receiving_agency || f == Field::source_agency ? "_id|" : "|";
  }
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace

bool Store::update(const Existing& e, const Record& r, int64_t hash, Fields defaulted) {
  const RecordKeys k(r);
  const auto filled = defaulted_fields(defaulted);
  bool changed = false;
  if (owns_person(e)) {
    const auto edited = edited_fields("person", e.person_id);
    bind_person(upd_person_, r, k);
    upd_person_.bind(14, e.person_id).bind(17, edited).bind(18, filled).run();
    changed = db_.changes() > 0;
  }
  // A row without the forms keeps those recorded; so does one whose forms are the default.
  if (!r.exploitation.empty() && !(defaulted.test(static_cast<size_t>(Field::exploitation)) && has_forms(e.case_id)) &&
      !same_forms(e.case_id, r)) {
    del_forms_.bind(1, e.case_id).run();
    insert_exploitation(e.case_id, r);
    changed = true;
  }
  const auto edited = edited_fields("case_file", e.case_id);
  bind_case(upd_case_, r, k);
  if (r.record_no) upd_case_.bind(14, "STT " + *r.record_no);
  upd_case_.bind_static(16, r.note).bind(15, edited).bind(17, filled);
  upd_case_.bind(10, hash).bind_static(11, now_).bind(12, e.case_id).bind(13, changed ? 1 : 0).run();
  if (changed || db_.changes() > 0) return true;
  set_hash_.bind(1, hash).bind(2, e.case_id).run();
  return false;
}

bool Store::has_forms(int64_t case_id) {
  forms_.bind(1, case_id);
  const bool any = forms_.step();
  forms_.reset();
  return any;
}

bool Store::same_forms(int64_t case_id, const Record& r) {
  forms_.bind(1, case_id);
  size_t i = 0;
  bool same = true;
  while (same && forms_.step()) same = i < r.exploitation.size() && forms_.text(0) == r.exploitation[i++];
  forms_.reset();
  return same && i == r.exploitation.size();
}

void Store::add_minor(int64_t case_id, int64_t person_id,
                      const std::optional<std::string>& relation) {
  ins_minor_.bind(1, case_id).bind(2, person_id).bind(3, relation).run();
}

void Store::insert_exploitation(int64_t case_id, const Record& r) {
  for (const auto& form : r.exploitation) ins_form_.bind(1, case_id).bind_static(2, form).run();
}

int64_t Store::agency_id(const std::string& name) {
  if (auto it = agency_names_.find(name); it != agency_names_.end()) return it->second;
  const int64_t id = find_or_add_agency(db_, name);
  agency_names_.emplace(name, id);
  return id;
}

std::optional<int64_t> Store::opt_agency(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  return agency_id(*name);
}

}  // namespace hotro::intake
