// SPDX-License-Identifier: MIT
#include "intake/store.h"

#include "agency.h"
#include "clock.h"
#include "text/unicode.h"

namespace hotro::intake {

namespace {

// Column order shared by the person insert and update statements (bind_person).
constexpr const char* kInsertPerson =
    "INSERT INTO person (full_name, name_folded, sex, birth_date, birth_year, ethnicity, "
    "citizen_id, residence, residence_folded, residence_province, residence_code_set, "
    "poor_household, match_key, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?15)";
constexpr const char* kUpdatePerson =
    "UPDATE person SET full_name=?1, name_folded=?2, sex=?3, birth_date=?4, birth_year=?5, "
    "ethnicity=?6, citizen_id=?7, residence=?8, residence_folded=?9, residence_province=?10, "
    "residence_code_set=?11, poor_household=?12, match_key=?13 WHERE id=?14";
// Column order shared by the case insert and update statements (bind_case).
constexpr const char* kInsertCase =
    "INSERT INTO case_file (intake_date, intake_channel, receiving_agency_id, source_agency_id, "
    "abroad, destination_country, note, person_id, row_key, content_hash, created_at, "
    "updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11)";
constexpr const char* kUpdateCase =
    "UPDATE case_file SET intake_date=?1, intake_channel=?2, receiving_agency_id=?3, "
    "source_agency_id=?4, abroad=?5, destination_country=?6, note=?7, content_hash=?10, "
    "updated_at=?11 WHERE id=?12";

std::optional<int64_t> opt_int(const std::optional<int>& v) {
  if (!v) return std::nullopt;
  return *v;
}

}  // namespace

Store::Store(db::Database& db)
    : db_(db),
      by_key_(db, "SELECT id, person_id, content_hash FROM case_file WHERE row_key = ?"),
      by_citizen_id_(db, "SELECT id FROM person WHERE citizen_id = ? AND merged_into IS NULL "
                         "ORDER BY id LIMIT 1"),
      by_name_(db,
               "SELECT id FROM person WHERE match_key = ?5 AND name_folded = ?1 AND "
               "birth_year = ?2 AND (residence_folded = ?3 OR residence_province = ?4) "
               "AND merged_into IS NULL ORDER BY id LIMIT 1"),
      ins_person_(db, kInsertPerson),
      ins_case_(db, kInsertCase),
      ins_form_(db, "INSERT OR IGNORE INTO case_exploitation (case_id, form) VALUES (?, ?)"),
      del_forms_(db, "DELETE FROM case_exploitation WHERE case_id = ?"),
      upd_person_(db, kUpdatePerson),
      upd_case_(db, kUpdateCase),
      ins_minor_(db, "INSERT OR IGNORE INTO case_minor (case_id, person_id, relation) VALUES (?,?,?)"),
      now_(now_utc()) {}

std::optional<Store::Existing> Store::find_by_row_key(int64_t key) {
  by_key_.bind(1, key);
  std::optional<Existing> found;
  if (by_key_.step()) found = Existing{by_key_.int64(0), by_key_.int64(1), by_key_.int64(2)};
  by_key_.reset();
  return found;
}

std::optional<Store::Duplicate> Store::find_duplicate(const Record& r) {
  std::optional<Duplicate> found;
  if (r.citizen_id) {
    by_citizen_id_.bind(1, *r.citizen_id);
    if (by_citizen_id_.step()) found = Duplicate{by_citizen_id_.int64(0), "citizen_id"};
    by_citizen_id_.reset();
    if (found) return found;
  }
  if (!r.birth || !r.residence) return std::nullopt;
  const std::string& name = folded(r.full_name);
  by_name_.bind(1, name).bind(2, r.birth->year);
  by_name_.bind(3, folded(*r.residence)).bind(4, r.residence_province);
  by_name_.bind(5, person_match_key(name, r.birth->year));
  if (by_name_.step())
    found = Duplicate{by_name_.int64(0), "name_birth_residence"};
  by_name_.reset();
  return found;
}

void Store::bind_person(db::Statement& st, const Record& r) {
  const std::string& name = folded(r.full_name);
  st.bind(1, r.full_name).bind(2, name).bind(3, r.sex);
  if (r.birth) st.bind(4, r.birth->iso()).bind(5, r.birth->year).bind(13, person_match_key(name, r.birth->year));
  st.bind(6, r.ethnicity).bind(7, r.citizen_id).bind(8, r.residence);
  if (r.residence) st.bind(9, folded(*r.residence));
  if (r.residence_province) st.bind(10, *r.residence_province).bind(11, "2025");
  st.bind(12, opt_int(r.poor_household));
}

void Store::bind_case(db::Statement& st, const Record& r) {
  st.bind(1, r.intake_date.iso()).bind(2, r.intake_channel);
  st.bind(3, opt_agency(r.receiving_agency)).bind(4, opt_agency(r.source_agency));
  st.bind(5, opt_int(r.abroad)).bind(6, r.destination_country);
  std::optional<std::string> note = r.note;
  if (r.record_no) note = "STT " + *r.record_no + (r.note ? "; " + *r.note : "");
  st.bind(7, note);
}

int64_t Store::insert_person(const Record& r) {
  bind_person(ins_person_, r);
  ins_person_.bind(15, now_).run();
  return db_.last_insert_id();
}

int64_t Store::insert_case(int64_t person_id, const Record& r,
                           const std::optional<int64_t>& key, int64_t hash) {
  bind_case(ins_case_, r);
  ins_case_.bind(8, person_id).bind(9, key).bind(10, hash).bind(11, now_).run();
  int64_t id = db_.last_insert_id();
  insert_exploitation(id, r);
  return id;
}

void Store::update(const Existing& e, const Record& r, int64_t hash) {
  bind_person(upd_person_, r);
  upd_person_.bind(14, e.person_id).run();
  bind_case(upd_case_, r);
  upd_case_.bind(10, hash).bind(11, now_).bind(12, e.case_id).run();
  del_forms_.bind(1, e.case_id).run();
  insert_exploitation(e.case_id, r);
}

void Store::add_minor(int64_t case_id, int64_t person_id,
                      const std::optional<std::string>& relation) {
  ins_minor_.bind(1, case_id).bind(2, person_id).bind(3, relation).run();
}

void Store::insert_exploitation(int64_t case_id, const Record& r) {
  for (const auto& form : r.exploitation) ins_form_.bind(1, case_id).bind(2, form).run();
}

int64_t Store::agency_id(const std::string& name) {
  if (auto it = agency_names_.find(name); it != agency_names_.end()) return it->second;
  const int64_t id = find_or_add_agency(db_, name);
  agency_names_.emplace(name, id);
  return id;
}

const std::string& Store::folded(const std::string& text) {
  for (int i = 0; i < 2; ++i)
    if (fold_in_[i] == text) return fold_out_[i];
  const int i = fold_next_;
  fold_next_ = 1 - fold_next_;
  fold_in_[i] = text;
  fold_out_[i] = text::fold(text);
  return fold_out_[i];
}

std::optional<int64_t> Store::opt_agency(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  return agency_id(*name);
}

}  // namespace hotro::intake
