// SPDX-License-Identifier: MIT
#include "edit.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "agency.h"
#include "clock.h"
#include "cases.h"
#include "error.h"
#include "i18n.h"
#include "intake/profile.h"
#include "intake/record.h"
#include "period.h"
#include "text/dates.h"
#include "text/unicode.h"

namespace hotro::edit {

namespace {

using intake::Field;

struct FieldDef {
  const char* key;
  Field field;
  bool person;    // a field of the person (else of the case)
  bool required;  // every case has one: it cannot be cleared
  bool identity;  // says who the person is: never set on several persons at once
};

constexpr FieldDef kFields[] = {
    {"full_name", Field::full_name, true, true, true},
    {"sex", Field::sex, true, false, false},
    {"birth_date", Field::birth_date, true, false, true},
    {"ethnicity", Field::ethnicity, true, false, false},
    {"citizen_id", Field::citizen_id, true, false, true},
    {"residence", Field::residence, true, false, false},
    {"poor_household", Field::poor_household, true, false, false},
    {"citizenship", Field::citizenship, true, false, false},
    {"intake_date", Field::intake_date, false, true, false},
    {"intake_channel", Field::intake_channel, false, true, false},
    {"receiving_agency", Field::receiving_agency, false, false, false},
    {"source_agency", Field::source_agency, false, false, false},
    {"abroad", Field::abroad, false, false, false},
    {"destination_country", Field::destination_country, false, false, false},
    {"note", Field::note, false, false, false},
};

const FieldDef* def_of(std::string_view key) {
  for (const FieldDef& d : kFields)
    if (key == d.key) return &d;
  return nullptr;
}

size_t idx(Field f) { return static_cast<size_t>(f); }

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

// The intake field a user's name stands for: its English key, or a column header that `intake
// import` recognises without a profile (folded: accents, case and punctuation ignored).
std::optional<Field> intake_field_named(std::string_view name) {
  const std::string clean = text::clean(name);
  if (auto f = intake::field_from_key(clean)) return f;
  const std::string folded = text::fold(clean);
  if (folded.empty()) return std::nullopt;
  for (size_t f = 0; f < intake::kFieldCount; ++f)
    if (text::fold(intake::field_key(static_cast<Field>(f))) == folded) return static_cast<Field>(f);
  static const intake::Profile builtin = intake::builtin_profile();
  for (size_t f = 0; f < intake::kFieldCount; ++f)
    for (const std::string& header : builtin.columns[f])
      if (header == folded) return static_cast<Field>(f);
  return std::nullopt;
}

// The English key of the field `name` stands for, for `hotro edit` (`where`: --where, which
// also knows status). Throws Error(Exit::usage) naming it and listing the valid ones.
std::string key_named(std::string_view name, bool where) {
  const std::string clean = text::clean(name);
  if (where && text::fold(clean) == "status") return "status";
  const auto f = intake_field_named(clean);
  if (f)
    for (const FieldDef& d : kFields)
      if (d.field == *f) return d.key;
  const std::string valid = fmt::format("{}", fmt::join(where ? where_keys() : field_keys(), ", "));
  if (!where && text::fold(clean) == "status")
    throw Error(Exit::usage,
                fmt::format(fmt::runtime(tr("trạng thái hồ sơ (status) đi theo các bước của hồ sơ: dùng hotro verify, "
                                            "refer, case close; các trường sửa được: {}",
                                            "a case's status follows its steps: use hotro verify, refer, case close; "
                                            "the fields are: {}")),
                            valid));
  if (f) {  // known to import, but not a column hotro edit sets
    const std::string named = clean == intake::field_key(*f) ? clean : fmt::format("{} ({})", clean, intake::field_key(*f));
    throw Error(Exit::usage,
                fmt::format(fmt::runtime(tr("trường '{}' không sửa được bằng hotro edit; các trường sửa được: {}",
                                            "field '{}' cannot be set with hotro edit; the fields are: {}")),
                            named, valid));
  }
  throw Error(Exit::usage, fmt::format(fmt::runtime(tr("không có trường '{}'; các trường sửa được: {}",
                                                       "unknown field '{}'; the fields are: {}")),
                                       clean, valid));
}

// Columns and their types (schemas/0001_init.sql): integers, the rest text.
bool integer_column(std::string_view column) {
  return column == "birth_year" || column == "poor_household" || column == "match_key" || column == "abroad" ||
         column == "receiving_agency_id" || column == "source_agency_id";
}

constexpr const char* kPersonColumns[] = {"full_name",       "name_folded",        "sex",
                                          "birth_date",      "birth_year",         "ethnicity",
                                          "citizen_id",      "residence",          "residence_folded",
                                          "residence_province", "residence_code_set", "poor_household",
                                          "match_key",       "citizenship"};
constexpr const char* kCaseColumns[] = {"intake_date", "intake_channel", "receiving_agency_id", "source_agency_id",
                                        "abroad",      "destination_country", "note"};
constexpr size_t kPersonCount = std::size(kPersonColumns);
constexpr size_t kCaseCount = std::size(kCaseColumns);

json opt_json(const std::optional<std::string>& v) { return v ? json(*v) : json(); }
json opt_json(const std::optional<int>& v) { return v ? json(*v) : json(); }

// A case and its person as stored: every editable column, and the raw values the intake parser
// reads back to the same record.
struct Stored {
  int64_t case_id = 0, person_id = 0;
  std::optional<int64_t> merged_into;
  std::map<std::string, json> person, kase;  // column → value
  intake::RawValues raw{};
};

std::string raw_text(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// The reads a plan needs, prepared once for a bulk edit.
class Reader {
 public:
  explicit Reader(db::Database& db)
      : db_(db),
        row_(db, fmt::format("SELECT c.person_id, p.merged_into, ra.name, sa.name, p.\"{}\", c.\"{}\" "
                             "FROM case_file c JOIN person p ON p.id = c.person_id "
                             "LEFT JOIN agency ra ON ra.id = c.receiving_agency_id "
                             "LEFT JOIN agency sa ON sa.id = c.source_agency_id WHERE c.id = ?",
                             fmt::join(kPersonColumns, "\", p.\""), fmt::join(kCaseColumns, "\", c.\""))),
        first_after_intake_(db, "SELECT d, kind FROM (SELECT event_date AS d, kind FROM case_event WHERE case_id = ?1 "
                                "UNION ALL SELECT support_date, 'support' FROM support WHERE case_id = ?1 "
                                "UNION ALL SELECT sent_date, 'referral' FROM referral WHERE case_id = ?1) "
                                "ORDER BY d LIMIT 1"),
        minors_(db, "SELECT p.id, p.full_name, p.birth_date FROM case_minor m JOIN person p ON p.id = m.person_id "
                    "WHERE m.case_id = ? AND p.birth_date IS NOT NULL ORDER BY p.id"),
        first_intake_(db, "SELECT min(intake_date) FROM case_file WHERE person_id = ? AND id <> ?"),
        accompanied_(db, "SELECT c.id, c.intake_date FROM case_minor m JOIN case_file c ON c.id = m.case_id "
                         "WHERE m.person_id = ? ORDER BY c.intake_date, c.id"),
        same_citizen_id_(db, "SELECT id FROM person WHERE citizen_id = ? AND id <> ? AND merged_into IS NULL "
                             "ORDER BY id LIMIT 1") {}

  Stored load(int64_t case_id) {
    row_.reset();
    row_.bind(1, case_id);
    if (!row_.step())
      throw cases::no_such_case(case_id);
    Stored s;
    s.case_id = case_id;
    s.person_id = row_.int64(0);
    s.merged_into = row_.opt_int64(1);
    int col = 4;
    for (const char* c : kPersonColumns) s.person[c] = value(col++, c);
    for (const char* c : kCaseColumns) s.kase[c] = value(col++, c);
    auto& raw = s.raw;
    raw[idx(Field::full_name)] = raw_text(s.person["full_name"]);
    raw[idx(Field::sex)] = raw_text(s.person["sex"]);
    raw[idx(Field::birth_date)] = raw_text(s.person["birth_date"]);
    raw[idx(Field::ethnicity)] = raw_text(s.person["ethnicity"]);
    raw[idx(Field::citizen_id)] = raw_text(s.person["citizen_id"]);
    raw[idx(Field::residence)] = raw_text(s.person["residence"]);
    raw[idx(Field::poor_household)] = raw_text(s.person["poor_household"]);
    raw[idx(Field::citizenship)] = raw_text(s.person["citizenship"]);
    raw[idx(Field::intake_date)] = raw_text(s.kase["intake_date"]);
    raw[idx(Field::intake_channel)] = raw_text(s.kase["intake_channel"]);
    raw[idx(Field::receiving_agency)] = row_.opt_text(2).value_or("");
    raw[idx(Field::source_agency)] = row_.opt_text(3).value_or("");
    raw[idx(Field::abroad)] = raw_text(s.kase["abroad"]);
    raw[idx(Field::destination_country)] = raw_text(s.kase["destination_country"]);
    raw[idx(Field::note)] = raw_text(s.kase["note"]);
    row_.reset();
    return s;
  }

  // The earliest event, support or referral of a case: nothing may be dated before its intake.
  std::optional<std::pair<std::string, std::string>> first_after_intake(int64_t case_id) {
    first_after_intake_.reset();
    first_after_intake_.bind(1, case_id);
    std::optional<std::pair<std::string, std::string>> out;
    if (first_after_intake_.step()) out.emplace(first_after_intake_.text(0), first_after_intake_.text(1));
    first_after_intake_.reset();
    return out;
  }

  struct Minor {
    int64_t id;
    std::string name, birth;
  };
  std::vector<Minor> minors(int64_t case_id) {
    minors_.reset();
    minors_.bind(1, case_id);
    std::vector<Minor> out;
    while (minors_.step()) out.push_back({minors_.int64(0), minors_.text(1), minors_.text(2)});
    minors_.reset();
    return out;
  }

  // The earliest intake of the person's other cases.
  std::optional<std::string> first_other_intake(int64_t person_id, int64_t case_id) {
    first_intake_.reset();
    first_intake_.bind(1, person_id).bind(2, case_id);
    std::optional<std::string> out;
    if (first_intake_.step()) out = first_intake_.opt_text(0);
    first_intake_.reset();
    return out;
  }

  // The cases on which the person is an accompanying minor: id and intake date.
  std::vector<std::pair<int64_t, std::string>> accompanied(int64_t person_id) {
    accompanied_.reset();
    accompanied_.bind(1, person_id);
    std::vector<std::pair<int64_t, std::string>> out;
    while (accompanied_.step()) out.emplace_back(accompanied_.int64(0), accompanied_.text(1));
    accompanied_.reset();
    return out;
  }

  std::optional<int64_t> agency(const std::string& name) { return agency::find(db_, name); }

  std::optional<int64_t> same_citizen_id(const std::string& id, int64_t person_id) {
    same_citizen_id_.reset();
    same_citizen_id_.bind(1, id).bind(2, person_id);
    std::optional<int64_t> out;
    if (same_citizen_id_.step()) out = same_citizen_id_.int64(0);
    same_citizen_id_.reset();
    return out;
  }

 private:
  json value(int col, std::string_view column) {
    if (row_.is_null(col)) return nullptr;
    if (integer_column(column)) return row_.int64(col);
    return row_.text(col);
  }

  db::Database& db_;
  db::Statement row_, first_after_intake_, minors_, first_intake_, accompanied_, same_citizen_id_;
};

// The workflow's rules for an intake date: nothing of the case before it (no event, support or
// referral), and every accompanying minor born by then and under 18 on it.
void check_intake(Reader& reader, const std::string& where, int64_t case_id, const text::Date& d) {
  auto refuse = [&](const std::string& why) { throw Error(Exit::data, where + ": " + why); };
  if (auto first = reader.first_after_intake(case_id)) {
    const auto when = text::from_iso(first->first);
    if (when && d > *when)
      refuse(fmt::format(fmt::runtime(tr("intake_date {}: hồ sơ có bước '{}' ngày {}, không bước nào được "
                                         "trước ngày tiếp nhận",
                                         "intake_date {}: the case has '{}' on {}, and nothing may come "
                                         "before the intake")),
                         d.display(), first->second, when->display()));
  }
  for (const auto& m : reader.minors(case_id)) {
    const auto birth = text::from_iso(m.birth);
    if (!birth) continue;
    if ((birth->year_only() && birth->year > d.year) || (!birth->year_only() && *birth > d))
      refuse(fmt::format(fmt::runtime(tr("intake_date {}: người đi cùng #{} {} sinh sau ngày này",
                                         "intake_date {}: the accompanying minor #{} {} was born after it")),
                         d.display(), m.id, m.name));
    if (text::youngest_age_on(*birth, d) >= 18)
      refuse(fmt::format(fmt::runtime(tr("intake_date {}: người đi cùng #{} {} đã {} tuổi vào ngày này; "
                                         "người đi cùng phải dưới 18 tuổi",
                                         "intake_date {}: the accompanying minor #{} {} is {} on that day; "
                                         "an accompanying minor is under 18")),
                         d.display(), m.id, m.name, text::youngest_age_on(*birth, d)));
  }
}

// A person's fields count in the figures of their cases (sex, age, province): their cases are
// marked updated, so that reports flag the cases edited after a period was closed.
void touch_cases_of_persons(db::Database& db, std::vector<int64_t> persons) {
  std::sort(persons.begin(), persons.end());
  persons.erase(std::unique(persons.begin(), persons.end()), persons.end());
  if (persons.empty()) return;
  db::Statement touch(db, "UPDATE case_file SET updated_at = ? WHERE person_id = ?");
  const std::string now = now_utc();
  for (int64_t id : persons) touch.bind(1, now).bind(2, id).run();
}

void touch_cases_of_persons(db::Database& db, const std::vector<changes::FieldChange>& list) {
  std::vector<int64_t> persons;
  for (const auto& c : list)
    if (c.entity == "person") persons.push_back(c.id);
  touch_cases_of_persons(db, std::move(persons));
}

std::string audit_entity(const std::string& table) { return table == "case_file" ? "case" : table; }

// What one case's plan is made of, before the bulk dedupe.
class CasePlanner {
 public:
  CasePlanner(db::Database& db, const std::vector<Assignment>& set)
      : codes_(db), parser_(codes_, rules_), reader_(db), set_(set) {
    for (const Assignment& a : set_) {
      const FieldDef* d = def_of(a.key);
      if (!d) throw Error(Exit::software, "edit: unknown key " + a.key);
      if (d->required && blank(a.value))
        throw Error(Exit::data, fmt::format(fmt::runtime(tr("{}: không thể để trống (hồ sơ nào cũng phải có)",
                                                            "{}: cannot be cleared (every case has one)")),
                                            a.key));
      touched_[idx(d->field)] = true;
      if (d->person) person_fields_ = true;
    }
    for (size_t i = 0; i < set_.size(); ++i)
      for (size_t j = i + 1; j < set_.size(); ++j)
        if (set_[i].key == set_[j].key)
          throw Error(Exit::usage, fmt::format(fmt::runtime(tr("trường {} được gán hai lần", "field {} is set twice")),
                                               set_[i].key));
  }

  // The changes of one case (person's columns first where the user named them first); throws
  // Error(Exit::data) for what is refused.
  std::vector<Change> plan(int64_t case_id, std::vector<std::string>& warnings) {
    const Stored s = reader_.load(case_id);
    const std::string where = fmt::format("{} #{}", changes::entity_words("case_file"), case_id);
    if (person_fields_ && s.merged_into)
      refuse(where, fmt::format(fmt::runtime(tr("người #{} đã được gộp vào người #{} (hotro dedupe merge): hãy sửa người #{}",
                                                "person #{} was merged into person #{} (hotro dedupe merge): edit person #{}")),
                                s.person_id, *s.merged_into, *s.merged_into));

    intake::RawValues edited = s.raw;
    for (const Assignment& a : set_) edited[idx(def_of(a.key)->field)] = a.value;
    intake::Record before, after;
    const auto old_errors = parser_.parse(s.raw, before);
    const auto errors = parser_.parse(edited, after);
    std::vector<std::string> problems;
    for (const auto& e : errors) {
      const bool pre_existing = std::any_of(old_errors.begin(), old_errors.end(), [&](const intake::FieldError& o) {
        return o.field == e.field && o.message == e.message;
      });
      if (touched_[idx(e.field)])
        problems.push_back(fmt::format("{}={}: {}", intake::field_key(e.field), text::clean(edited[idx(e.field)]), e.message));
      else if (!pre_existing)
        problems.push_back(fmt::format("{}: {}", intake::field_key(e.field), e.message));
    }
    if (!problems.empty()) refuse(where, fmt::format("{}", fmt::join(problems, "; ")));

    std::vector<Change> out;
    std::set<std::pair<std::string, std::string>> seen;  // (table, column)
    auto add = [&](const std::string& key, bool person, const char* column, json v, bool derived,
                   std::optional<std::string> new_agency = std::nullopt) {
      const std::string table = person ? "person" : "case_file";
      if (!seen.emplace(table, column).second) return;
      const json& old = person ? s.person.at(column) : s.kase.at(column);
      if (old == v && !new_agency) return;
      out.push_back({{table, person ? s.person_id : s.case_id, column, old, std::move(v)}, key, derived, case_id,
                     std::move(new_agency)});
    };
    // The match key follows the folded name and the birth year, whichever of them is set.
    auto name_folded = [&]() -> json {
      return touched_[idx(Field::full_name)] ? json(text::fold(after.full_name)) : s.person.at("name_folded");
    };
    auto birth_year = [&]() -> json {
      if (!touched_[idx(Field::birth_date)]) return s.person.at("birth_year");
      return after.birth ? json(after.birth->year) : json();
    };
    auto match_key = [&]() -> json {
      const json name = name_folded(), year = birth_year();
      if (year.is_null() || !name.is_string()) return nullptr;
      return intake::person_match_key(name.get<std::string>(), static_cast<int>(year.get<int64_t>()));
    };
    for (const Assignment& a : set_) {
      const FieldDef& d = *def_of(a.key);
      switch (d.field) {
        case Field::full_name:
          add(a.key, true, "full_name", after.full_name, false);
          add(a.key, true, "name_folded", name_folded(), true);
          add(a.key, true, "match_key", match_key(), true);
          break;
        case Field::birth_date:
          add(a.key, true, "birth_date", after.birth ? json(after.birth->iso()) : json(), false);
          add(a.key, true, "birth_year", birth_year(), true);
          add(a.key, true, "match_key", match_key(), true);
          if (after.birth) check_birth(where, s, *after.birth);
          break;
        case Field::sex: add(a.key, true, "sex", opt_json(after.sex), false); break;
        case Field::ethnicity: add(a.key, true, "ethnicity", opt_json(after.ethnicity), false); break;
        case Field::citizen_id:
          add(a.key, true, "citizen_id", opt_json(after.citizen_id), false);
          if (after.citizen_id)
            if (auto other = reader_.same_citizen_id(*after.citizen_id, s.person_id))
              warnings.push_back(fmt::format(fmt::runtime(tr("{}: người #{} cũng có số CCCD {} (xem hotro dedupe)",
                                                             "{}: person #{} has the same citizen ID {} (see hotro dedupe)")),
                                             where, *other, *after.citizen_id));
          break;
        case Field::residence:
          // As `intake import` stores it (lib/intake/store.cpp): the province, when recognised,
          // in the 2025 code set.
          add(a.key, true, "residence", opt_json(after.residence), false);
          add(a.key, true, "residence_folded", after.residence ? json(text::fold(*after.residence)) : json(), true);
          add(a.key, true, "residence_province", opt_json(after.residence_province), true);
          add(a.key, true, "residence_code_set", after.residence_province ? json("2025") : json(), true);
          break;
        case Field::poor_household: add(a.key, true, "poor_household", opt_json(after.poor_household), false); break;
        case Field::citizenship: add(a.key, true, "citizenship", opt_json(after.citizenship), false); break;
        case Field::intake_date:
          add(a.key, false, "intake_date", after.intake_date.iso(), false);
          check_intake(reader_, where, s.case_id, after.intake_date);
          break;
        case Field::intake_channel: add(a.key, false, "intake_channel", after.intake_channel, false); break;
        case Field::receiving_agency:
        case Field::source_agency: {
          const char* column = d.field == Field::receiving_agency ? "receiving_agency_id" : "source_agency_id";
          const auto& name = d.field == Field::receiving_agency ? after.receiving_agency : after.source_agency;
          if (!name) {
            add(a.key, false, column, nullptr, false);
          } else if (auto id = reader_.agency(*name)) {
            add(a.key, false, column, *id, false);
          } else {
            add(a.key, false, column, nullptr, false, *name);
          }
          break;
        }
        case Field::abroad:
          // Cleared means unknown, even when a destination is recorded (import would infer it).
          add(a.key, false, "abroad", blank(a.value) ? json() : opt_json(after.abroad), false);
          break;
        case Field::destination_country:
          add(a.key, false, "destination_country", opt_json(after.destination_country), false);
          if (!touched_[idx(Field::abroad)]) add(a.key, false, "abroad", opt_json(after.abroad), true);
          break;
        case Field::note: add(a.key, false, "note", opt_json(after.note), false); break;
        default: throw Error(Exit::software, "edit: field " + a.key);
      }
    }
    return out;
  }

  bool identity_set() const {
    for (const Assignment& a : set_)
      if (def_of(a.key)->identity) return true;
    return false;
  }

 private:
  [[noreturn]] static void refuse(const std::string& where, const std::string& why) {
    throw Error(Exit::data, where + ": " + why);
  }

  void check_birth(const std::string& where, const Stored& s, const text::Date& birth) {
    const auto other = reader_.first_other_intake(s.person_id, s.case_id);
    const auto first = other ? text::from_iso(*other) : std::nullopt;
    if (first && ((birth.year_only() && birth.year > first->year) || (!birth.year_only() && birth > *first)))
      refuse(where, fmt::format(fmt::runtime(tr("birth_date {}: người #{} có hồ sơ khác tiếp nhận ngày {}",
                                                "birth_date {}: person #{} has another case taken in on {}")),
                                birth.display(), s.person_id, first->display()));
    // As an accompanying minor on another case: born by its intake, and under 18 on it (the
    // same rules as an intake_date edit of that case).
    for (const auto& [case_id, intake] : reader_.accompanied(s.person_id)) {
      const auto d = text::from_iso(intake);
      if (!d) continue;
      if ((birth.year_only() && birth.year > d->year) || (!birth.year_only() && birth > *d))
        refuse(where, fmt::format(fmt::runtime(tr("birth_date {}: người #{} là người đi cùng trong hồ sơ #{} tiếp nhận ngày {}, "
                                                  "không thể sinh sau ngày đó",
                                                  "birth_date {}: person #{} is an accompanying minor on case #{} taken in "
                                                  "on {}, so cannot be born after it")),
                                  birth.display(), s.person_id, case_id, d->display()));
      if (text::youngest_age_on(birth, *d) >= 18)
        refuse(where, fmt::format(fmt::runtime(tr("birth_date {}: người #{} là người dưới 18 tuổi đi cùng trong hồ sơ #{}, "
                                                  "nhưng đã {} tuổi vào ngày tiếp nhận {}",
                                                  "birth_date {}: person #{} is an accompanying minor on case #{}, but "
                                                  "is {} on its intake date {}")),
                                  birth.display(), s.person_id, case_id, text::youngest_age_on(birth, *d), d->display()));
    }
  }

  CodeLists codes_;
  intake::ValueRules rules_;
  intake::RecordParser parser_;
  Reader reader_;
  const std::vector<Assignment>& set_;
  bool touched_[intake::kFieldCount] = {};
  bool person_fields_ = false;
};

bool same_changes(const std::vector<Change>& a, const std::vector<Change>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto& x = a[i].change;
    const auto& y = b[i].change;
    if (std::tie(x.entity, x.id, x.field, x.before, x.after) != std::tie(y.entity, y.id, y.field, y.before, y.after) ||
        a[i].new_agency != b[i].new_agency)
      return false;
  }
  return true;
}

std::pair<std::string, std::string> split_condition(std::string_view text, bool where) {
  const size_t at = where ? text.find_first_of("=~") : text.find('=');
  if (at == std::string_view::npos || blank(text.substr(0, at)))
    throw Error(Exit::usage, fmt::format(fmt::runtime(tr("'{}': cần dạng TRƯỜNG=GIÁ_TRỊ{}", "'{}': expected FIELD=VALUE{}")),
                                         text, where ? tr(" hoặc TRƯỜNG~CHỮ", " or FIELD~TEXT") : ""));
  return {std::string(text.substr(0, at)), std::string(text.substr(at))};
}

}  // namespace

const std::vector<std::string>& field_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for (const FieldDef& d : kFields) k.push_back(d.key);
    return k;
  }();
  return keys;
}

const std::vector<std::string>& where_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k = field_keys();
    k.push_back("status");
    return k;
  }();
  return keys;
}

Assignment parse_assignment(std::string_view text) {
  auto [name, rest] = split_condition(text, false);
  return {key_named(name, false), rest.substr(1)};
}

Condition parse_condition(std::string_view text) {
  auto [name, rest] = split_condition(text, true);
  Condition c{key_named(name, true), rest[0] == '~', rest.substr(1)};
  const bool textual = c.key == "full_name" || c.key == "residence" || c.key == "receiving_agency" ||
                       c.key == "source_agency" || c.key == "note" || c.key == "citizen_id";
  if (c.contains && !textual)
    throw Error(Exit::usage, fmt::format(fmt::runtime(tr("--where {}~...: dấu ~ (có chứa) chỉ dùng cho trường chữ "
                                                         "(full_name, residence, receiving_agency, source_agency, note, "
                                                         "citizen_id); hãy dùng {}=...",
                                                         "--where {}~...: ~ (contains) is for text fields only "
                                                         "(full_name, residence, receiving_agency, source_agency, note, "
                                                         "citizen_id); use {}=...")),
                                         c.key, c.key));
  return c;
}

std::vector<int64_t> find_cases(db::Database& db, const std::vector<Condition>& where) {
  CodeLists codes(db);
  // Columns of the query below.
  enum Col { id, name, sex, birth_date, birth_year, ethnicity, citizen_id, residence, poor_household, intake_date,
             intake_channel, receiving, source, abroad, destination, note, status, citizenship, receiving_id,
             source_id };
  using Test = std::function<bool(const db::Statement&)>;
  std::vector<Test> tests;
  auto bad = [](const Condition& c, const std::string& why) -> Error {
    return Error(Exit::usage, fmt::format("--where {}{}{}: {}", c.key, c.contains ? "~" : "=", text::clean(c.value), why));
  };
  for (const Condition& c : where) {
    const std::string key = c.key;
    if (blank(c.value)) {  // empty: the field is not recorded
      static const std::map<std::string, int> column_of = {
          {"full_name", name},         {"sex", sex},
          {"birth_date", birth_date},  {"ethnicity", ethnicity},
          {"citizen_id", citizen_id},  {"residence", residence},
          {"poor_household", poor_household}, {"intake_date", intake_date},
          {"intake_channel", intake_channel}, {"receiving_agency", receiving},
          {"source_agency", source},   {"abroad", abroad},
          {"destination_country", destination}, {"note", note},
          {"status", status}, {"citizenship", citizenship}};
      const int col = column_of.at(key);
      if (c.contains) continue;  // every text contains the empty text
      tests.push_back([col](const db::Statement& st) { return st.is_null(col) || st.text(col).empty(); });
      continue;
    }
    const bool contains = c.contains;
    if (key == "receiving_agency" || key == "source_agency") {
      // By the agencies so named and those they were merged into: a name merged away still
      // finds the cases that moved to the kept agency.
      std::set<int64_t> ids;
      db::Statement named(db, "SELECT id FROM " + agency::named_ids_sql(1, !contains));
      named.bind(1, text::fold(text::clean(c.value)));
      while (named.step()) ids.insert(named.int64(0));
      const int col = key == "receiving_agency" ? receiving_id : source_id;
      tests.push_back([col, ids = std::move(ids)](const db::Statement& st) {
        return !st.is_null(col) && ids.count(st.int64(col)) > 0;
      });
    } else if (key == "full_name" || key == "residence" || key == "note") {
      const int col = key == "full_name" ? name : key == "residence" ? residence : note;
      const bool fold_stored = key == "note";  // the others are stored folded
      const std::string target = text::fold(c.value);
      tests.push_back([col, fold_stored, target, contains](const db::Statement& st) {
        if (st.is_null(col)) return false;
        const std::string v = fold_stored ? text::fold(st.text(col)) : st.text(col);
        return contains ? v.find(target) != std::string::npos : v == target;
      });
    } else if (key == "citizen_id") {
      std::string digits;
      for (char ch : text::clean(c.value))
        if (ch != ' ' && ch != '.') digits += ch;
      tests.push_back([digits, contains](const db::Statement& st) {
        if (st.is_null(citizen_id)) return false;
        const std::string v = st.text(citizen_id);
        return contains ? v.find(digits) != std::string::npos : v == digits;
      });
    } else if (key == "sex" || key == "ethnicity" || key == "intake_channel" || key == "destination_country" ||
               key == "status" || key == "abroad" || key == "poor_household" || key == "citizenship") {
      const char* list = key == "destination_country" ? "country"
                         : key == "status"            ? "case_status"
                         : (key == "abroad" || key == "poor_household") ? "yesno"
                                                                         : key.c_str();
      const auto code = codes.find(list, c.value);
      if (!code)
        throw bad(c, fmt::format(fmt::runtime(tr("giá trị không hợp lệ (cần một trong: {})", "unknown value (expected one of {})")),
                                 codes.examples(list)));
      const int col = key == "sex" ? sex : key == "ethnicity" ? ethnicity : key == "intake_channel" ? intake_channel
                      : key == "destination_country" ? destination : key == "status" ? status
                      : key == "abroad" ? abroad : key == "citizenship" ? citizenship : poor_household;
      const std::string want = *code;
      tests.push_back([col, want](const db::Statement& st) { return !st.is_null(col) && st.text(col) == want; });
    } else if (key == "birth_date") {
      std::string why;
      const auto d = text::parse_date(c.value, &why);
      if (!d) throw bad(c, why);
      if (d->year_only()) {
        const int64_t year = d->year;
        tests.push_back([year](const db::Statement& st) { return !st.is_null(birth_year) && st.int64(birth_year) == year; });
      } else {
        const std::string iso = d->iso();
        tests.push_back([iso](const db::Statement& st) { return !st.is_null(birth_date) && st.text(birth_date) == iso; });
      }
    } else if (key == "intake_date") {
      std::string why, why_period;
      std::string from, to;
      if (const auto d = text::parse_date(c.value, &why); d && !d->year_only()) {
        from = to = d->iso();
      } else if (const auto p = parse_period(text::clean(c.value), &why_period)) {
        from = p->from.iso();
        to = p->to.iso();
      } else {
        throw bad(c, tr("cần một ngày (dd/mm/yyyy) hoặc một kỳ (2026, 2026-Q1, 2026-03, 2026-01-01..2026-03-31)",
                        "expected a date (dd/mm/yyyy) or a period (2026, 2026-Q1, 2026-03, 2026-01-01..2026-03-31)"));
      }
      tests.push_back([from, to](const db::Statement& st) {
        const std::string v = st.text(intake_date);
        return v >= from && v <= to;
      });
    } else {
      throw Error(Exit::software, "edit: --where " + key);
    }
  }
  db::Statement st(db, "SELECT c.id, p.name_folded, p.sex, p.birth_date, p.birth_year, p.ethnicity, p.citizen_id, "
                       "p.residence_folded, p.poor_household, c.intake_date, c.intake_channel, ra.name_folded, "
                       "sa.name_folded, c.abroad, c.destination_country, c.note, c.status, p.citizenship, "
                       "c.receiving_agency_id, c.source_agency_id "
                       "FROM case_file c JOIN person p ON p.id = c.person_id "
                       "LEFT JOIN agency ra ON ra.id = c.receiving_agency_id "
                       "LEFT JOIN agency sa ON sa.id = c.source_agency_id ORDER BY c.id");
  std::vector<int64_t> out;
  while (st.step())
    if (std::all_of(tests.begin(), tests.end(), [&](const Test& t) { return t(st); })) out.push_back(st.int64(id));
  return out;
}

Plan plan(db::Database& db, const std::vector<int64_t>& cases, const std::vector<Assignment>& set) {
  if (set.empty()) throw Error(Exit::usage, tr("không có trường nào để sửa (TRƯỜNG=GIÁ_TRỊ)", "no field to set (FIELD=VALUE)"));
  Plan p;
  p.cases = cases;
  p.set = set;
  CasePlanner planner(db, set);
  std::set<std::tuple<std::string, int64_t, std::string>> seen;
  std::set<int64_t> persons;
  std::vector<std::string> refused;
  for (int64_t case_id : cases) {
    std::vector<Change> one;
    try {
      one = planner.plan(case_id, p.warnings);
    } catch (const Error& e) {
      if (e.code() != Exit::data) throw;
      refused.push_back(e.what());
      continue;
    }
    for (Change& c : one) {
      if (c.change.entity == "person") persons.insert(c.change.id);
      // A person with several cases is changed once.
      if (seen.emplace(c.change.entity, c.change.id, c.change.field).second) p.changes.push_back(std::move(c));
    }
  }
  if (!refused.empty()) {
    constexpr size_t kShown = 10;
    std::string text;
    for (size_t i = 0; i < refused.size() && i < kShown; ++i) text += (i ? "\n  " : "") + refused[i];
    if (refused.size() > kShown)
      text += fmt::format(fmt::runtime(tr("\n  ... và {} hồ sơ khác", "\n  ... and {} more cases")), refused.size() - kShown);
    if (cases.size() > 1)
      text += fmt::format(fmt::runtime(tr("\n{} trong {} hồ sơ bị từ chối; không ghi gì",
                                          "\n{} of {} cases refused; nothing was written")),
                          refused.size(), cases.size());
    throw Error(Exit::data, text);
  }
  if (persons.size() > 1 && planner.identity_set())
    throw Error(Exit::usage,
                fmt::format(fmt::runtime(tr("lệnh này đặt cùng một họ tên, ngày sinh hoặc số CCCD cho {} người khác "
                                            "nhau; hãy sửa từng hồ sơ: hotro edit HỒ_SƠ TRƯỜNG=GIÁ_TRỊ",
                                            "this would give the same name, birth date or citizen ID to {} different "
                                            "persons; edit their cases one by one: hotro edit CASE FIELD=VALUE")),
                            persons.size()));
  return p;
}

int64_t apply(db::Database& db, const audit::Context& ctx, const Plan& p, const std::optional<std::string>& reason) {
  if (p.changes.empty()) throw Error(Exit::data, tr("không có gì để thay đổi", "nothing to change"));
  db::Transaction tx(db);
  const Plan fresh = plan(db, p.cases, p.set);
  if (!same_changes(fresh.changes, p.changes))
    throw Error(Exit::data, tr("thư viện đã thay đổi từ khi lập danh sách sửa; không ghi gì, hãy chạy lại lệnh",
                               "the library changed since the plan was made; nothing was written, run the command again"));
  std::map<std::string, int64_t> created;  // folded name → id
  std::vector<changes::FieldChange> list;
  for (const Change& c : fresh.changes) {
    changes::FieldChange fc = c.change;
    if (c.new_agency) {
      const std::string folded = text::fold(*c.new_agency);
      auto it = created.find(folded);
      if (it == created.end()) {
        const int64_t id = find_or_add_agency(db, *c.new_agency);
        json detail = json::object();
        if (reason) detail["reason"] = *reason;
        audit::append(db, ctx, {"create", "agency", json::array({json::array({id, id})}), nullptr,
                                json{{"name", text::clean(*c.new_agency)}}, detail});
        it = created.emplace(folded, id).first;
      }
      fc.after = it->second;
    }
    list.push_back(std::move(fc));
  }
  Describer describer(db);
  const int64_t id = changes::apply(db, ctx, "edit", list, reason,
                                    [&](const std::string& f, const json& v) { return describer.value(f, v); });
  touch_cases_of_persons(db, list);
  tx.commit();
  return id;
}

int64_t undo(db::Database& db, const audit::Context& ctx, int64_t id, const std::optional<std::string>& reason) {
  db::Transaction tx(db);
  // Read a field at a time: the set may be a remap of a million records.
  Reader reader(db);
  std::vector<int64_t> persons;
  changes::each(db, id, [&](const changes::FieldChange& c) {
    if (c.entity == "case_file" && c.field == "intake_date" && c.before.is_string())
      if (auto d = text::from_iso(c.before.get<std::string>()))
        check_intake(reader, fmt::format("{} #{}", changes::entity_words("case_file"), c.id), c.id, *d);
    if (c.entity == "person") persons.push_back(c.id);
  });
  Describer describer(db);
  const int64_t undo_id = changes::undo(db, ctx, id, reason,
                                        [&](const std::string& f, const json& v) { return describer.value(f, v); });
  touch_cases_of_persons(db, std::move(persons));
  tx.commit();
  return undo_id;
}

Describer::Describer(db::Database& db) : db_(db), codes_(db) {}

std::string Describer::value(const std::string& column, const json& v) {
  if (v.is_null()) return tr("(trống)", "(empty)");
  const char* lang = hotro::lang() == Lang::en ? "en" : "vi";
  if ((column == "receiving_agency_id" || column == "source_agency_id") && v.is_number_integer()) {
    const int64_t id = v.get<int64_t>();
    auto it = agencies_.find(id);
    if (it == agencies_.end()) {
      db::Statement st(db_, "SELECT name FROM agency WHERE id = ?");
      st.bind(1, id);
      it = agencies_.emplace(id, st.step() ? "\"" + st.text(0) + "\"" : fmt::format("#{}", id)).first;
    }
    return it->second;
  }
  if ((column == "intake_date" || column == "birth_date") && v.is_string())
    if (auto d = text::from_iso(v.get<std::string>())) return d->display();
  if ((column == "abroad" || column == "poor_household") && v.is_number_integer())
    return codes_.label("yesno", v.get<int64_t>() ? "1" : "0", lang);
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    static constexpr std::pair<const char*, const char*> kCoded[] = {
        {"sex", "sex"}, {"ethnicity", "ethnicity"}, {"intake_channel", "intake_channel"}, {"destination_country", "country"}, {"citizenship", "citizenship"}};
    for (const auto& coded : kCoded)
      if (column == coded.first) return codes_.label(coded.second, s, lang);
    return "\"" + s + "\"";
  }
  return v.dump();
}

std::string Describer::line(const changes::FieldChange& c, const std::optional<std::string>& new_agency) {
  std::string field = c.field;
  if (field == "receiving_agency_id" || field == "source_agency_id") field.resize(field.size() - 3);
  const std::string after = new_agency ? fmt::format(fmt::runtime(tr("\"{}\" (cơ quan mới)", "\"{}\" (new agency)")),
                                                     text::clean(*new_agency))
                                       : value(c.field, c.after);
  return fmt::format("{} #{} {}: {} → {}", changes::entity_words(c.entity), c.id, field, value(c.field, c.before), after);
}

namespace {

// A whole number beyond 2^53 (a matching key) as text: JSON readers that hold numbers as doubles
// (JavaScript, spreadsheets) would change its last digits.
json exact(const json& v) {
  constexpr int64_t kLargest = int64_t{1} << 53;
  if (v.is_number_integer() && (v.get<int64_t>() > kLargest || v.get<int64_t>() < -kLargest))
    return std::to_string(v.get<int64_t>());
  return v;
}

}  // namespace

json to_json(const changes::FieldChange& c) {
  return json{{"entity", audit_entity(c.entity)}, {"id", c.id}, {"field", c.field}, {"before", exact(c.before)},
              {"after", exact(c.after)}};
}

}  // namespace hotro::edit
