// SPDX-License-Identifier: MIT
#include "dedupe.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "text/dates.h"

namespace hotro::dedupe {

namespace {

// Candidates come from the two indexes the importer keeps: the citizen ID and the match key
// (folded name and birth year), so the search never compares every person with every other.
constexpr const char* kCandidates = R"(
SELECT a.id, b.id,
       a.citizen_id IS NOT NULL AND a.citizen_id = b.citizen_id,
       a.name_folded = b.name_folded,
       a.birth_date IS NOT NULL AND length(a.birth_date) = 10 AND a.birth_date = b.birth_date,
       a.birth_year IS NOT NULL AND a.birth_year = b.birth_year,
       a.sex IS NOT NULL AND a.sex = b.sex,
       a.residence_folded IS NOT NULL AND a.residence_folded = b.residence_folded,
       a.residence_province IS NOT NULL AND a.residence_province = b.residence_province,
       a.citizen_id IS NOT NULL AND b.citizen_id IS NOT NULL AND a.citizen_id <> b.citizen_id
FROM person a JOIN person b ON b.id > a.id AND a.merged_into IS NULL AND b.merged_into IS NULL AND
     ((a.citizen_id IS NOT NULL AND b.citizen_id = a.citizen_id) OR
      (a.match_key IS NOT NULL AND b.match_key = a.match_key))
)";

}  // namespace

std::vector<Pair> probable_duplicates(db::Database& db, int min_score) {
  std::vector<Pair> out;
  db::Statement st(db, kCandidates);
  while (st.step()) {
    Pair p{st.int64(0), st.int64(1), 0, {}};
    const auto add = [&](int col, int points, const char* reason) {
      if (!st.int64(col)) return false;
      p.score += points;
      p.reasons.push_back(reason);
      return true;
    };
    add(2, 60, "citizen_id");
    add(3, 25, "name");
    if (!add(4, 20, "birth_date")) add(5, 10, "birth_year");
    if (!add(7, 15, "residence")) add(8, 10, "province");
    add(6, 5, "sex");
    p.score = std::min(p.score, 100);
    if (st.int64(9)) {
      p.score = std::max(p.score - 50, 0);
      p.reasons.push_back("citizen_id_differs");
    }
    if (p.score >= min_score) out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const Pair& x, const Pair& y) {
    return x.score != y.score ? x.score > y.score
                              : std::tie(x.first, x.second) < std::tie(y.first, y.second);
  });
  return out;
}

namespace {

std::vector<int64_t> ids(db::Database& db, const char* sql, int64_t person) {
  db::Statement st(db, sql);
  st.bind(1, person);
  std::vector<int64_t> out;
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

// The person fields a merge compares, and the columns each one is stored in (the first is the
// field itself; the others are worked out from it).
struct MergedField {
  const char* field;
  std::vector<const char*> columns;  // match_key, of the name too, is worked out, never compared
};
const std::vector<MergedField>& merged_fields() {
  static const std::vector<MergedField> all{
      {"citizen_id", {"citizen_id"}},
      {"sex", {"sex"}},
      {"birth_date", {"birth_date", "birth_year", "match_key"}},
      {"ethnicity", {"ethnicity"}},
      {"residence", {"residence", "residence_folded", "residence_province", "residence_code_set"}},
      {"poor_household", {"poor_household"}},
      {"citizenship", {"citizenship"}},
  };
  return all;
}

std::optional<std::string> field_text(db::Database& db, int64_t person, const char* field) {
  db::Statement st(db, fmt::format("SELECT CAST(\"{}\" AS TEXT) FROM person WHERE id = ?", field));
  st.bind(1, person);
  return st.step() ? st.opt_text(0) : std::nullopt;
}

// The stored columns of `f` for `person`, as JSON (integer, text or null).
audit::json columns_of(db::Database& db, int64_t person, const MergedField& f) {
  audit::json out = audit::json::object();
  for (const char* c : f.columns) {
    db::Statement st(db, fmt::format("SELECT \"{0}\", typeof(\"{0}\") = 'integer' FROM person WHERE id = ?", c));
    st.bind(1, person);
    st.step();
    if (st.is_null(0)) out[c] = nullptr;
    else if (st.int64(1)) out[c] = st.int64(0);
    else out[c] = st.text(0);
  }
  return out;
}

void write_columns(db::Database& db, int64_t person, const audit::json& values) {
  for (const auto& [column, v] : values.items()) {
    db::Statement st(db, fmt::format("UPDATE person SET \"{}\" = ? WHERE id = ?", column));
    if (v.is_number_integer()) st.bind(1, v.get<int64_t>());
    else if (v.is_string()) st.bind(1, v.get<std::string>());
    st.bind(2, person).run();
  }
}

// A birth date the merge would give the kept person must fit their own cases (born by each
// intake) and the cases they accompany as a minor (born by its intake, under 18 on it), as
// `hotro edit` requires; otherwise the merge is refused, to correct one of the two first.
void check_birth_fits(db::Database& db, int64_t kept, int64_t dropped, const std::string& birth_iso) {
  const auto birth = text::from_iso(birth_iso);
  if (!birth) return;
  auto after = [&](const text::Date& d) { return birth->year_only() ? birth->year > d.year : *birth > d; };
  db::Statement st(db, "SELECT c.id, c.intake_date, 0 FROM case_file c WHERE c.person_id = ?1 "
                       "UNION ALL SELECT c.id, c.intake_date, 1 FROM case_minor m JOIN case_file c ON c.id = m.case_id "
                       "WHERE m.person_id = ?1 ORDER BY 2, 1");
  st.bind(1, kept);
  while (st.step()) {
    const auto d = text::from_iso(st.text(1));
    if (!d) continue;
    const bool as_minor = st.int64(2) != 0;
    if (after(*d) || (as_minor && text::youngest_age_on(*birth, *d) >= 18))
      throw Error(Exit::data,
                  fmt::format(fmt::runtime(as_minor ? tr("ngày sinh {} của người #{} không hợp với hồ sơ #{} (tiếp nhận {}) mà người #{} "
                                                         "đi cùng khi dưới 18 tuổi; sửa ngày sinh của một trong hai người trước khi gộp",
                                                         "person #{1}'s birth date {0} does not fit case #{2} (taken in on {3}), "
                                                         "which person #{4} accompanies as a minor; correct one of the two birth "
                                                         "dates before merging")
                                                    : tr("ngày sinh {} của người #{} sau ngày tiếp nhận hồ sơ #{} ({}) của người #{}; "
                                                         "sửa ngày sinh của một trong hai người trước khi gộp",
                                                         "person #{1}'s birth date {0} is after the intake of case #{2} ({3}) of "
                                                         "person #{4}; correct one of the two birth dates before merging")),
                              birth->display(), dropped, st.int64(0), d->display(), kept));
  }
}

const MergedField& merged_field(const std::string& name) {
  for (const auto& f : merged_fields())
    if (name == f.field) return f;
  throw Error(Exit::software, "dedupe: unknown merged field " + name);
}

}  // namespace

MergePlan plan_merge(db::Database& db, int64_t kept, int64_t dropped, bool force) {
  if (kept == dropped)
    throw Error(Exit::data, tr("không thể gộp một người với chính họ", "a person cannot be merged with themselves"));
  for (int64_t id : {kept, dropped}) {
    db::Statement st(db, "SELECT merged_into FROM person WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
      throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có người #{}", "no person #{}")), id));
    if (!st.is_null(0))
      throw Error(Exit::data, fmt::format(fmt::runtime(tr("người #{} đã được gộp vào người #{}",
                                                          "person #{} was already merged into #{}")),
                                          id, st.int64(0)));
  }
  db::Statement own(db, "SELECT m.case_id, m.person_id, c.person_id FROM case_minor m JOIN case_file c ON c.id = m.case_id "
                        "WHERE (m.person_id = ?1 AND c.person_id = ?2) OR (m.person_id = ?2 AND c.person_id = ?1) "
                        "ORDER BY m.case_id LIMIT 1");
  own.bind(1, kept).bind(2, dropped);
  if (own.step())
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("người #{} là người dưới 18 tuổi đi cùng trong hồ sơ #{} của người #{}: "
                                                        "gộp hai người sẽ làm một người đi cùng chính mình; nếu danh sách ghi "
                                                        "nhầm, sửa hồ sơ đó trước",
                                                        "person #{} is an accompanying minor on case #{} of person #{}: "
                                                        "merging them would make a person accompany themselves; if a list "
                                                        "got it wrong, correct that case first")),
                                        own.int64(1), own.int64(0), own.int64(2)));
  MergePlan plan{kept, dropped,
                 ids(db, "SELECT id FROM case_file WHERE person_id = ? ORDER BY id", dropped),
                 ids(db, "SELECT case_id FROM case_minor WHERE person_id = ? ORDER BY case_id", dropped),
                 ids(db, "SELECT id FROM support WHERE person_id = ? ORDER BY id", dropped),
                 {}, {}, force};
  for (const auto& f : merged_fields()) {
    FieldValues v{f.field, field_text(db, kept, f.field), field_text(db, dropped, f.field)};
    if (!v.dropped || v.kept == v.dropped) continue;
    const bool finer_birth = v.kept && f.field == std::string("birth_date") && v.kept->size() == 4 &&
                             v.dropped->size() == 10 && v.dropped->starts_with(*v.kept);
    if (!v.kept || finer_birth) plan.filled.push_back(std::move(v));
    else plan.differences.push_back(std::move(v));
  }
  for (const auto& v : plan.filled)
    if (v.field == "birth_date") check_birth_fits(db, kept, dropped, *v.dropped);
  for (const auto& d : plan.differences)
    if (d.field == "citizen_id" && !force)
      throw Error(Exit::data, fmt::format(fmt::runtime(tr("người #{} có số CCCD/CMND {}, người #{} có {}: hai số định danh "
                                                          "khác nhau thường là hai người khác nhau; nếu chắc chắn là một "
                                                          "người, gộp với --force (số của người #{} được giữ)",
                                                          "person #{} has citizen ID {}, person #{} has {}: two ID numbers "
                                                          "are most often two people; if they are surely one, merge with "
                                                          "--force (person #{}'s number is kept)")),
                                          kept, *d.kept, dropped, *d.dropped, kept));
  return plan;
}

int64_t merge(db::Database& db, const audit::Context& ctx, const MergePlan& wanted) {
  db::Transaction tx(db);
  const MergePlan plan = plan_merge(db, wanted.kept, wanted.dropped, wanted.force);  // as it is now
  audit::json moved{{"cases", plan.cases}, {"minor_links", audit::json::array()}};
  for (int64_t c : plan.minor_cases) {
    // The kept person may already be linked to that case: then the dropped link goes away.
    db::Statement both(db, "SELECT relation FROM case_minor WHERE case_id = ? AND person_id = ?");
    both.bind(1, c).bind(2, plan.dropped);
    both.step();
    const auto relation = both.opt_text(0);
    both.reset();
    db::Statement has_kept(db, "SELECT 1 FROM case_minor WHERE case_id = ? AND person_id = ?");
    has_kept.bind(1, c).bind(2, plan.kept);
    const bool already = has_kept.step();
    if (already) {
      db::Statement del(db, "DELETE FROM case_minor WHERE case_id = ? AND person_id = ?");
      del.bind(1, c).bind(2, plan.dropped).run();
    } else {
      db::Statement upd(db, "UPDATE case_minor SET person_id = ? WHERE case_id = ? AND person_id = ?");
      upd.bind(1, plan.kept).bind(2, c).bind(3, plan.dropped).run();
    }
    moved["minor_links"].push_back({{"case", c}, {"removed", already},
                                    {"relation", relation ? audit::json(*relation) : audit::json()}});
  }
  const std::string now = now_utc();
  db::Statement cases(db, "UPDATE case_file SET person_id = ?, updated_at = ? WHERE person_id = ?");
  cases.bind(1, plan.kept).bind(2, now).bind(3, plan.dropped).run();
  // Supports follow the person, so that what is used of a cap is counted once, on the kept person.
  db::Statement supports(db, "UPDATE support SET person_id = ?, updated_at = ? WHERE person_id = ?");
  supports.bind(1, plan.kept).bind(2, now).bind(3, plan.dropped).run();
  moved["supports"] = plan.supports;
  // The kept person's blanks take the dropped person's values (a birth date's year and the
  // matching key follow it), with what they were, for unmerge.
  moved["filled"] = audit::json::array();
  for (const auto& v : plan.filled) {
    const MergedField& f = merged_field(v.field);
    const audit::json before = columns_of(db, plan.kept, f);
    audit::json after = columns_of(db, plan.dropped, f);
    if (v.field == "birth_date" && after["birth_year"].is_number_integer()) {
      db::Statement key(db, "SELECT hotro_match_key(name_folded, ?) FROM person WHERE id = ?");
      key.bind(1, after["birth_year"].get<int64_t>()).bind(2, plan.kept);
      key.step();
      after["match_key"] = key.int64(0);
    }
    write_columns(db, plan.kept, after);
    moved["filled"].push_back({{"field", v.field}, {"before", before}, {"after", after}});
  }
  if (!plan.filled.empty()) {  // the person's fields count in the figures of all their cases
    db::Statement touch(db, "UPDATE case_file SET updated_at = ? WHERE person_id = ?");
    touch.bind(1, now).bind(2, plan.kept).run();
  }
  db::Statement mark(db, "UPDATE person SET merged_into = ? WHERE id = ?");
  mark.bind(1, plan.kept).bind(2, plan.dropped).run();
  db::Statement ins(db, "INSERT INTO person_merge (kept_id, dropped_id, moved, merged_at) VALUES (?, ?, ?, ?)");
  ins.bind(1, plan.kept).bind(2, plan.dropped).bind(3, moved.dump()).bind(4, now).run();
  const int64_t merge_id = db.last_insert_id();
  audit::append(db, ctx, {"merge", "person", audit::each_id({plan.kept, plan.dropped}),
                          audit::json{{"merged_into", nullptr}},
                          audit::json{{"merged_into", plan.kept}},
                          {{"merge", merge_id}, {"kept", plan.kept}, {"dropped", plan.dropped}, {"moved", moved}}});
  tx.commit();
  return merge_id;
}

void unmerge(db::Database& db, const audit::Context& ctx, int64_t merge_id) {
  db::Transaction tx(db);
  db::Statement st(db, "SELECT kept_id, dropped_id, moved, undone_at FROM person_merge WHERE id = ?");
  st.bind(1, merge_id);
  if (!st.step())
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có lần gộp #{}", "no merge #{}")), merge_id));
  const int64_t kept = st.int64(0), dropped = st.int64(1);
  const audit::json moved = audit::json::parse(st.text(2));
  if (!st.is_null(3))
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("lần gộp #{} đã được hoàn tác", "merge #{} was already undone")),
                                        merge_id));
  st.reset();
  // What the merge moved must still be where it put it; otherwise a later merge (or edit) moved it
  // on, and putting back only part would leave the dropped person without its cases.
  {
    db::Statement later(db, "SELECT p.merged_into, (SELECT max(m.id) FROM person_merge m WHERE m.dropped_id = p.id "
                            "AND m.undone_at IS NULL) FROM person p WHERE p.id = ?");
    later.bind(1, kept);
    if (later.step() && !later.is_null(0))
      throw Error(Exit::data, fmt::format(fmt::runtime(tr("người #{} đã được gộp tiếp vào người #{} (lần gộp #{}): hoàn tác "
                                                          "lần gộp đó trước",
                                                          "person #{} was merged on into person #{} (merge #{}): undo that "
                                                          "merge first")),
                                          kept, later.int64(0), later.int64(1)));
  }
  for (const auto& c : moved["cases"]) {
    db::Statement owner(db, "SELECT person_id FROM case_file WHERE id = ?");
    owner.bind(1, c.get<int64_t>());
    if (owner.step() && owner.int64(0) != kept)
      throw Error(Exit::data, fmt::format(fmt::runtime(tr("hồ sơ #{} không còn thuộc người #{} mà thuộc người #{}: "
                                                          "không hoàn tác được lần gộp #{}",
                                                          "case #{} no longer belongs to person #{} but to person #{}: "
                                                          "merge #{} cannot be undone")),
                                          c.get<int64_t>(), kept, owner.int64(0), merge_id));
  }
  const std::string now = now_utc();
  for (const auto& c : moved["cases"]) {
    db::Statement back(db, "UPDATE case_file SET person_id = ?, updated_at = ? WHERE id = ? AND person_id = ?");
    back.bind(1, dropped).bind(2, now).bind(3, c.get<int64_t>()).bind(4, kept).run();
  }
  if (moved.contains("supports"))  // merges made before supports moved with the person have none
    for (const auto& id : moved["supports"]) {
      db::Statement back(db, "UPDATE support SET person_id = ?, updated_at = ? WHERE id = ? AND person_id = ?");
      back.bind(1, dropped).bind(2, now).bind(3, id.get<int64_t>()).bind(4, kept).run();
    }
  for (const auto& link : moved["minor_links"]) {
    const int64_t c = link["case"].get<int64_t>();
    if (link["removed"].get<bool>()) {
      db::Statement add(db, "INSERT OR IGNORE INTO case_minor (case_id, person_id, relation) VALUES (?, ?, ?)");
      add.bind(1, c).bind(2, dropped);
      if (link["relation"].is_string()) add.bind(3, link["relation"].get<std::string>());
      add.run();
    } else {
      db::Statement back(db, "UPDATE case_minor SET person_id = ? WHERE case_id = ? AND person_id = ?");
      back.bind(1, dropped).bind(2, c).bind(3, kept).run();
    }
  }
  // The blanks the merge filled are blank again, unless the field was changed since (edit).
  audit::json left = audit::json::array();
  if (moved.contains("filled"))
    for (const auto& v : moved["filled"]) {
      const MergedField& f = merged_field(v["field"].get<std::string>());
      audit::json now_values = columns_of(db, kept, f), after = v["after"], before = v["before"];
      for (auto* j : {&now_values, &after, &before}) j->erase("match_key");
      if (now_values != after) {  // edited since: the edit stands
        left.push_back(v["field"]);
        continue;
      }
      write_columns(db, kept, before);
      if (f.field == std::string("birth_date")) {  // the key of the name as it is now
        db::Statement key(db, "UPDATE person SET match_key = hotro_match_key(name_folded, birth_year) WHERE id = ?");
        key.bind(1, kept).run();
      }
      db::Statement touch(db, "UPDATE case_file SET updated_at = ? WHERE person_id = ?");
      touch.bind(1, now).bind(2, kept).run();
    }
  db::Statement clear(db, "UPDATE person SET merged_into = NULL WHERE id = ?");
  clear.bind(1, dropped).run();
  db::Statement done(db, "UPDATE person_merge SET undone_at = ? WHERE id = ?");
  done.bind(1, now).bind(2, merge_id).run();
  audit::append(db, ctx, {"unmerge", "person", audit::each_id({kept, dropped}),
                          audit::json{{"merged_into", kept}}, audit::json{{"merged_into", nullptr}},
                          {{"merge", merge_id}, {"kept", kept}, {"dropped", dropped}, {"moved", moved},
                           {"filled_kept_as_edited", left}}});
  tx.commit();
}

}  // namespace hotro::dedupe
