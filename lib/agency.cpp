// SPDX-License-Identifier: MIT
#include "agency.h"

#include <set>

#include <fmt/format.h>

#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "text/unicode.h"

namespace hotro {

int64_t find_or_add_agency(db::Database& db, const std::string& name) {
  if (const auto id = agency::find(db, name)) return *id;
  const std::string clean = text::clean(name);
  db::Statement add(db, "INSERT INTO agency (name, name_folded) VALUES (?, ?)");
  add.bind(1, clean).bind(2, text::fold(clean)).run();
  return db.last_insert_id();
}

}  // namespace hotro

namespace hotro::agency {

namespace {

// Every column that points at an agency (schemas/*.sql), the column of its row that names the
// case, and the row's own "last changed" column where it has one besides the case's. A moved row
// marks its case (and a support itself) updated, so that a report of a period closed before
// flags the case (lib/report/closing.cpp). tests/unit/agency_test.cpp checks the list against
// the schema's foreign keys, so a new reference cannot be forgotten here.
struct Reference {
  const char* table;
  const char* column;
  const char* case_column;
  const char* updated;  // or nullptr
};
constexpr Reference kReferences[] = {
    {"case_file", "receiving_agency_id", "id", nullptr},
    {"case_file", "source_agency_id", "id", nullptr},
    {"case_event", "agency_id", "case_id", nullptr},
    {"referral", "from_agency_id", "case_id", nullptr},
    {"referral", "to_agency_id", "case_id", nullptr},
    {"support", "agency_id", "case_id", "updated_at"},
};

std::string key_of(const Reference& r) { return fmt::format("{}.{}", r.table, r.column); }

const Reference& reference(const std::string& key) {
  for (const Reference& r : kReferences)
    if (key_of(r) == key) return r;
  throw Error(Exit::data, fmt::format(fmt::runtime(tr("lần gộp ghi một cột không biết: '{}'",
                                                      "the merge names an unknown column: '{}'")),
                                      key));
}

// Points column `r` at agency ?1 in the rows whose `where_column` is ?2; ?3 is the time the row
// is marked updated, where it has that column.
std::string repoint_sql(const Reference& r, const char* where_column) {
  return fmt::format("UPDATE \"{}\" SET \"{}\" = ?1{} WHERE \"{}\" = ?2", r.table, r.column,
                     r.updated ? fmt::format(", \"{}\" = ?3", r.updated) : std::string(), where_column);
}

// Marks updated, at `now`, the cases of the rows `ids` of `r`'s table.
// Marks the cases of the moved rows `ids` updated and adds them to `cases` (the audit entry names
// them, for `audit log --case`: audit::Touched).
void touch_cases(db::Database& db, const Reference& r, const audit::json& ids, const std::string& now,
                 std::set<int64_t>& cases) {
  db::Statement of(db, fmt::format("SELECT DISTINCT \"{}\" FROM \"{}\" WHERE id IN (SELECT value FROM json_each(?))",
                                   r.case_column, r.table));
  of.bind(1, ids.dump());
  while (of.step()) cases.insert(of.int64(0));
  db::Statement st(db, fmt::format("UPDATE case_file SET updated_at = ?1 WHERE id IN (SELECT \"{}\" FROM \"{}\" "
                                   "WHERE id IN (SELECT value FROM json_each(?2)))",
                                   r.case_column, r.table));
  st.bind(1, now).bind(2, ids.dump()).run();
}

// The merge that merged `id` into another agency and has not been undone.
std::optional<std::pair<int64_t, int64_t>> active_merge(db::Database& db, int64_t id) {
  db::Statement st(db, "SELECT id, kept_id FROM agency_merge WHERE dropped_id = ? AND undone_at IS NULL");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return std::make_pair(st.int64(0), st.int64(1));
}

}  // namespace

std::optional<int64_t> find(db::Database& db, const std::string& name) {
  db::Statement st(db, "SELECT id FROM agency WHERE name_folded = ?");
  st.bind(1, text::fold(text::clean(name)));
  if (!st.step()) return std::nullopt;
  return current(db, st.int64(0));
}

int64_t current(db::Database& db, int64_t id) {
  // Merges only join agencies that are not merged themselves, so a chain cannot loop; the bound
  // is for a library edited behind hotro's back.
  for (int hops = 0; hops < 1000; ++hops) {
    const auto m = active_merge(db, id);
    if (!m) return id;
    id = m->second;
  }
  return id;
}

std::string named_ids_sql(int param, bool whole_name) {
  return fmt::format("(WITH RECURSIVE named (id) AS (SELECT id FROM agency WHERE {} "
                     "UNION SELECT m.kept_id FROM agency_merge m JOIN named n ON m.dropped_id = n.id "
                     "WHERE m.undone_at IS NULL) SELECT id FROM named)",
                     whole_name ? fmt::format("name_folded = ?{}", param)
                                : fmt::format("instr(name_folded, ?{}) > 0", param));
}

std::vector<Summary> list(db::Database& db, const std::optional<std::string>& name, bool include_merged) {
  // One pass over each referring table, counted by agency, rather than a subquery per agency.
  db::Statement st(db, R"(
WITH uses (agency, cases, events, referrals, supports) AS (
  SELECT receiving_agency_id, 1, 0, 0, 0 FROM case_file
  UNION ALL SELECT source_agency_id, 1, 0, 0, 0 FROM case_file
            WHERE source_agency_id IS NOT receiving_agency_id
  UNION ALL SELECT agency_id, 0, 1, 0, 0 FROM case_event
  UNION ALL SELECT from_agency_id, 0, 0, 1, 0 FROM referral
  UNION ALL SELECT to_agency_id, 0, 0, 1, 0 FROM referral WHERE to_agency_id IS NOT from_agency_id
  UNION ALL SELECT agency_id, 0, 0, 0, 1 FROM support),
counts AS (SELECT agency, sum(cases) AS cases, sum(events) AS events, sum(referrals) AS referrals,
                  sum(supports) AS supports FROM uses WHERE agency IS NOT NULL GROUP BY agency)
SELECT a.id, a.name, a.kind, a.province, m.kept_id, coalesce(c.cases, 0), coalesce(c.events, 0),
       coalesce(c.referrals, 0), coalesce(c.supports, 0)
FROM agency a LEFT JOIN counts c ON c.agency = a.id
LEFT JOIN agency_merge m ON m.dropped_id = a.id AND m.undone_at IS NULL
WHERE (?1 IS NULL OR instr(a.name_folded, ?1) > 0) AND (?2 OR m.kept_id IS NULL)
ORDER BY a.name_folded, a.id)");
  if (name) st.bind(1, text::fold(text::clean(*name)));
  st.bind(2, include_merged ? 1 : 0);
  std::vector<Summary> out;
  while (st.step())
    out.push_back({st.int64(0), st.text(1), st.opt_text(2), st.opt_text(3), st.opt_int64(4), st.int64(5),
                   st.int64(6), st.int64(7), st.int64(8)});
  return out;
}

size_t MergePlan::rows() const {
  size_t n = 0;
  for (const auto& m : moves) n += m.second.size();
  return n;
}

MergePlan plan_merge(db::Database& db, int64_t kept, int64_t dropped) {
  if (kept == dropped)
    throw Error(Exit::data, tr("không thể gộp một cơ quan với chính nó", "an agency cannot be merged with itself"));
  for (int64_t id : {kept, dropped}) {
    db::Statement st(db, "SELECT 1 FROM agency WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
      throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có cơ quan #{}", "no agency #{}")), id));
    if (const auto m = active_merge(db, id))
      throw Error(Exit::data, fmt::format(fmt::runtime(tr("cơ quan #{} đã được gộp vào cơ quan #{} (lần gộp #{})",
                                                          "agency #{} was already merged into agency #{} (merge #{})")),
                                          id, m->second, m->first));
  }
  MergePlan plan{kept, dropped, {}};
  for (const Reference& r : kReferences) {
    db::Statement st(db, fmt::format("SELECT id FROM \"{}\" WHERE \"{}\" = ? ORDER BY id", r.table, r.column));
    st.bind(1, dropped);
    std::vector<int64_t> ids;
    while (st.step()) ids.push_back(st.int64(0));
    if (!ids.empty()) plan.moves.emplace_back(key_of(r), std::move(ids));
  }
  return plan;
}

std::string merge_reason(const std::string& reason) {
  std::string why = text::clean(reason);
  if (why.empty())
    throw Error(Exit::usage, tr("cần --reason: vì sao hai cơ quan là một", "--reason is required: why the two agencies are one"));
  return why;
}

int64_t merge(db::Database& db, const audit::Context& ctx, const MergePlan& wanted, const std::string& reason) {
  const std::string why = merge_reason(reason);
  db::Transaction tx(db);
  const MergePlan plan = plan_merge(db, wanted.kept, wanted.dropped);  // as it is now
  const std::string now = now_utc();
  audit::json moved = audit::json::object();
  std::set<int64_t> cases;
  for (const auto& [key, ids] : plan.moves) {
    const Reference& r = reference(key);
    db::Statement upd(db, repoint_sql(r, r.column));
    upd.bind(1, plan.kept).bind(2, plan.dropped);
    if (r.updated) upd.bind(3, now);
    upd.run();
    moved[key] = ids;
    touch_cases(db, r, moved[key], now, cases);
  }
  db::Statement ins(db, "INSERT INTO agency_merge (kept_id, dropped_id, reason, moved, merged_at) VALUES (?, ?, ?, ?, ?)");
  ins.bind(1, plan.kept).bind(2, plan.dropped).bind(3, why).bind(4, moved.dump()).bind(5, now).run();
  const int64_t merge_id = db.last_insert_id();
  audit::append(db, ctx, {"merge", "agency", audit::each_id({plan.kept, plan.dropped}),
                          audit::json{{"merged_into", nullptr}}, audit::json{{"merged_into", plan.kept}},
                          {{"merge", merge_id}, {"kept", plan.kept}, {"dropped", plan.dropped},
                           {"reason", why}, {"moved", moved}, {"cases", cases}}});
  tx.commit();
  return merge_id;
}

void unmerge(db::Database& db, const audit::Context& ctx, int64_t merge_id) {
  db::Transaction tx(db);
  db::Statement st(db, "SELECT kept_id, dropped_id, moved, undone_at FROM agency_merge WHERE id = ?");
  st.bind(1, merge_id);
  if (!st.step())
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có lần gộp cơ quan #{}", "no agency merge #{}")),
                                           merge_id));
  const int64_t kept = st.int64(0), dropped = st.int64(1);
  const audit::json moved = audit::json::parse(st.text(2));
  if (!st.is_null(3))
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("lần gộp cơ quan #{} đã được hoàn tác",
                                                        "agency merge #{} was already undone")),
                                        merge_id));
  st.reset();
  // What the merge moved must still be where it put it. Otherwise a later merge or edit moved
  // it on, and putting back only part of it would split the records of one office.
  if (const auto later = active_merge(db, kept))
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("cơ quan #{} đã được gộp tiếp vào cơ quan #{} (lần gộp #{}): "
                                                        "hoàn tác lần gộp đó trước",
                                                        "agency #{} was merged on into agency #{} (merge #{}): undo "
                                                        "that merge first")),
                                        kept, later->second, later->first));
  for (const auto& [key, ids] : moved.items()) {
    const Reference& r = reference(key);
    db::Statement now_at(db, fmt::format("SELECT \"{}\" FROM \"{}\" WHERE id = ?", r.column, r.table));
    for (const auto& id : ids) {
      now_at.bind(1, id.get<int64_t>());
      const bool there = now_at.step() && !now_at.is_null(0) && now_at.int64(0) == kept;
      now_at.reset();
      if (!there)
        throw Error(Exit::data,
                    fmt::format(fmt::runtime(tr("{} #{} không còn trỏ tới cơ quan #{} ({}): không hoàn tác được lần "
                                                "gộp cơ quan #{}",
                                                "{} #{} no longer points at agency #{} ({}): agency merge #{} cannot "
                                                "be undone")),
                                r.table, id.get<int64_t>(), kept, r.column, merge_id));
    }
  }
  const std::string now = now_utc();
  std::set<int64_t> cases;
  for (const auto& [key, ids] : moved.items()) {
    const Reference& r = reference(key);
    db::Statement back(db, repoint_sql(r, "id"));
    for (const auto& id : ids) {
      back.bind(1, dropped).bind(2, id.get<int64_t>());
      if (r.updated) back.bind(3, now);
      back.run();
    }
    touch_cases(db, r, ids, now, cases);
  }
  db::Statement done(db, "UPDATE agency_merge SET undone_at = ? WHERE id = ?");
  done.bind(1, now).bind(2, merge_id).run();
  audit::append(db, ctx, {"unmerge", "agency", audit::each_id({kept, dropped}),
                          audit::json{{"merged_into", kept}}, audit::json{{"merged_into", nullptr}},
                          {{"merge", merge_id}, {"kept", kept}, {"dropped", dropped}, {"moved", moved},
                           {"cases", cases}}});
  tx.commit();
}

std::vector<std::string> reference_columns() {
  std::vector<std::string> out;
  for (const Reference& r : kReferences) out.push_back(key_of(r));
  return out;
}

}  // namespace hotro::agency
