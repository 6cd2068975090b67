// SPDX-License-Identifier: MIT
// Writing persons and cases from intake records. Statements are prepared once and reused per
// row, so a batch import is one pass of bound inserts inside the caller's transaction.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "db/database.h"
#include "intake/record.h"

namespace hotro::intake {

using Fields = std::bitset<kFieldCount>;  // a set of fields, by their number in Field

class Store {
 public:
  explicit Store(db::Database& db);

  struct Existing {
    int64_t case_id;
    int64_t person_id;
    int64_t content_hash;
  };
  /// The case an earlier import made from the same list row, if any.
  std::optional<Existing> find_by_row_key(int64_t key);

  struct Duplicate {
    int64_t person_id;
    std::string reason;  // "citizen_id" (same ID number) or "name_birth_residence"
  };
  /// A person already in the library who is probably the same as `r`.
  std::optional<Duplicate> find_duplicate(const Record& r);
  /// With `by_citizen_id` or `by_name` false, that lookup is known to find nothing (the
  /// importer's filters of a library it is filling from empty) and is not made.
  std::optional<Duplicate> find_duplicate(const Record& r, const RecordKeys& k,
                                          bool by_citizen_id = true, bool by_name = true);
  /// find_duplicate's two tests for one known person: is person `person_id` a probable
  /// duplicate of `r` by citizen ID, by name, birth year and residence?
  bool same_citizen_id(int64_t person_id, const Record& r);
  bool same_name_birth_residence(int64_t person_id, const Record& r, const RecordKeys& k);

  int64_t insert_person(const Record& r);
  int64_t insert_person(const Record& r, const RecordKeys& k);
  /// Inserts the case with its exploitation forms; returns the case id.
  int64_t insert_case(int64_t person_id, const Record& r, const std::optional<int64_t>& key,
                      int64_t hash);
  /// The same, with the row key and content hash of `k`.
  int64_t insert_case(int64_t person_id, const Record& r, const RecordKeys& k);
  /// Rewrites the case's fields from `r` (a changed list row), and the person's when the row
  /// made the person: a row linked to a person already recorded (--on-duplicate link) never
  /// rewrites that person's details, now or when it changes later. A field `r` leaves blank
  /// keeps its stored value; so does one whose value is the import's default for a blank cell
  /// (`defaulted`), which only fills a field nothing was stored in. False when nothing stored
  /// changed but the row's content hash.
  bool update(const Existing& e, const Record& r, int64_t hash, Fields defaulted = {});
  /// Records a person under 18 accompanying the victim of `case_id`.
  void add_minor(int64_t case_id, int64_t person_id, const std::optional<std::string>& relation);

  /// The agency with this name, created on first use.
  int64_t agency_id(const std::string& name);

 private:
  void bind_person(db::Statement& st, const Record& r, const RecordKeys& k);
  void bind_case(db::Statement& st, const Record& r, const RecordKeys& k);
  /// Binds ?1–?5 of kSameNameBirthResidence; false when `r` lacks a birth or a residence.
  bool bind_name(db::Statement& st, const Record& r, const RecordKeys& k);
  int64_t insert_case(int64_t person_id, const Record& r, const RecordKeys& k,
                      const std::optional<int64_t>& key, int64_t hash);
  void insert_exploitation(int64_t case_id, const Record& r);
  bool same_forms(int64_t case_id, const Record& r);  // the case's stored forms are r's
  bool has_forms(int64_t case_id);
  /// The case is its person's first: its row made the person (it was not linked to one).
  bool owns_person(const Existing& e);
  /// The fields of a record set by `hotro edit` with the edit still standing, as
  /// "|field|field|" (what kUpdatePerson and kUpdateCase look in); nullopt when none.
  std::optional<std::string> edited_fields(const char* entity, int64_t id);
  std::optional<int64_t> opt_agency(const std::optional<std::string>& name);

  db::Database& db_;
  db::Statement by_key_, first_case_, by_citizen_id_, by_name_, same_citizen_id_, same_name_, ins_person_, ins_case_, ins_form_, del_forms_, forms_,
      upd_person_, upd_case_, set_hash_, ins_minor_, edited_;
  std::unordered_map<std::string, int64_t> agency_names_;  // name as written → id (a cache)
  std::string now_;
};

}  // namespace hotro::intake
