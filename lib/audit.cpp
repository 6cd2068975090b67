// SPDX-License-Identifier: MIT
#include "audit.h"

#include <algorithm>
#include <climits>

#include <fmt/format.h>

#include "clock.h"
#include "db/seal.h"
#include "error.h"
#include "i18n.h"
#include "text/unicode.h"

namespace hotro::audit {

namespace {

// The chain starts from 64 zeros.
const std::string kGenesis(64, '0');

std::string dump_or_null(const json& j) { return j.is_null() ? std::string() : j.dump(); }

// The hashed form of an entry: each field length-prefixed so that no two different entries
// serialise alike. The id is included, so a deleted entry also breaks the chain by its gap.
std::string entry_hash(const std::string& prev, int64_t id, const std::string& at,
                       const std::string& actor, const std::string& command,
                       const std::string& action, const std::string& entity,
                       const std::string& ids, const std::string& before,
                       const std::string& after, const std::string& detail) {
  std::string buf = prev;
  for (const std::string* f : {&at, &actor, &command, &action, &entity, &ids, &before, &after,
                               &detail})
    buf += fmt::format("|{}:{}", f->size(), *f);
  buf += fmt::format("|id:{}", id);
  return sha256_hex(buf);
}

json parse_or_null(const std::optional<std::string>& s) {
  if (!s || s->empty()) return nullptr;
  return json::parse(*s, nullptr, false);
}

}  // namespace

int64_t append(db::Database& db, const Context& ctx, const Entry& e) {
  std::string prev = kGenesis;
  int64_t id = 1;
  {
    db::Statement last(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
    if (last.step()) {
      id = last.int64(0) + 1;
      prev = last.text(1);
    }
  }
  std::string at = now_utc();
  std::string ids = e.entity_ids.dump(), before = dump_or_null(e.before),
              after = dump_or_null(e.after), detail = dump_or_null(e.detail);
  std::string hash = entry_hash(prev, id, at, ctx.actor, ctx.command, e.action, e.entity, ids,
                                before, after, detail);
  db::Statement ins(db,
                    "INSERT INTO audit (id, at, actor, command, action, entity, entity_ids, "
                    "before, after, detail, prev_hash, hash) "
                    "VALUES (?,?,?,?,?,?,?,NULLIF(?,''),NULLIF(?,''),NULLIF(?,''),?,?)");
  ins.bind(1, id).bind(2, at).bind(3, ctx.actor).bind(4, ctx.command).bind(5, e.action);
  ins.bind(6, e.entity).bind(7, ids).bind(8, before).bind(9, after).bind(10, detail);
  ins.bind(11, prev).bind(12, hash).run();
  return id;
}

VerifyResult verify(db::Database& db) {
  VerifyResult r;
  db::Statement st(db,
                   "SELECT id, at, actor, command, action, entity, entity_ids, "
                   "coalesce(before,''), coalesce(after,''), coalesce(detail,''), prev_hash, hash "
                   "FROM audit ORDER BY id");
  std::string prev = kGenesis;
  int64_t expected_id = 1;
  while (st.step()) {
    ++r.entries;
    int64_t id = st.int64(0);
    if (id != expected_id)
      r.problems.push_back({id, fmt::format(fmt::runtime(tr("thiếu các mục {}..{} (đã bị xóa)",
                                                            "entries {}..{} are missing (deleted)")),
                                            expected_id, id - 1)});
    std::string stored_prev = st.text(10), stored_hash = st.text(11);
    if (stored_prev != prev)
      r.problems.push_back({id, tr("không nối tiếp mục liền trước (một mục trước đó đã bị sửa "
                                   "hoặc xóa)",
                                   "does not follow the previous entry (an entry before it was "
                                   "changed or deleted)")});
    std::string h = entry_hash(stored_prev, id, st.text(1), st.text(2), st.text(3), st.text(4),
                               st.text(5), st.text(6), st.text(7), st.text(8), st.text(9));
    if (h != stored_hash)
      r.problems.push_back({id, tr("nội dung đã bị sửa sau khi ghi",
                                   "content was changed after it was written")});
    prev = stored_hash;
    expected_id = id + 1;
  }
  r.head = r.entries ? prev : std::string();
  r.chain_problems = r.problems.size();
  // The case data against the seal of the last write: a row changed behind the trail's back.
  for (auto& p : db::verify_state(db, r.seals)) r.problems.push_back({p.audit_id, std::move(p.message)});
  return r;
}

std::vector<std::string> accept_state(db::Database& db, const Context& ctx,
                                      const std::string& reason, bool dry_run) {
  if (text::blank(reason))
    throw Error(Exit::usage, tr("cần --reason: vì sao dữ liệu đã được ghi ngoài hotro",
                                "--reason is required: why the data was written outside hotro"));
  db::Transaction tx(db);
  std::vector<std::string> tables = db::unsealed_tables(db);
  if (tables.empty() || dry_run) return tables;
  append(db, ctx, {"seal", "library", json::array(), nullptr, nullptr,
                   json{{"reason", reason}, {"tables", tables}}});
  db.seal()->recompute_on_commit();
  tx.commit();
  return tables;
}

void Touched::Spans::add(int64_t first, int64_t last) {
  spans_.emplace_back(first, last);
  merged_ = false;
}

bool Touched::Spans::has(int64_t id) const {
  if (!merged_) {
    std::sort(spans_.begin(), spans_.end());
    std::vector<std::pair<int64_t, int64_t>> merged;
    for (const auto& s : spans_)
      if (!merged.empty() && s.first <= merged.back().second + 1)
        merged.back().second = std::max(merged.back().second, s.second);
      else
        merged.push_back(s);
    spans_ = std::move(merged);
    merged_ = true;
  }
  auto it = std::upper_bound(spans_.begin(), spans_.end(), std::make_pair(id, INT64_MAX));
  return it != spans_.begin() && std::prev(it)->second >= id;
}

void Touched::add(const std::string& entity, const json& entity_ids, const json& detail) {
  if ((entity == "case" || entity == "person") && entity_ids.is_array()) {
    for (const auto& r : entity_ids)
      if (r.is_array() && r.size() == 2 && r[0].is_number_integer() && r[1].is_number_integer())
        (entity == "case" ? cases_ : persons_).add(r[0].get<int64_t>(), r[1].get<int64_t>());
  } else if (entity == "agency" && detail.is_object() && detail.contains("cases") && detail["cases"].is_array()) {
    // An agency merge names the cases whose rows (the case, its events, referrals, supports) it moved.
    for (const auto& id : detail["cases"])
      if (id.is_number_integer()) cases_.add(id.get<int64_t>(), id.get<int64_t>());
  } else if (entity == "agency" && detail.is_object() && detail.contains("moved") && detail["moved"].is_object()) {
    // Merges audited before they named their cases: {"moved": {"case_file.receiving_agency_id":
    // [case ids], "case_event.agency_id": [event ids], ...}}, where only case_file's are cases.
    for (const auto& [column, moved] : detail["moved"].items())
      if (column.rfind("case_file.", 0) == 0 && moved.is_array())
        for (const auto& id : moved)
          if (id.is_number_integer()) cases_.add(id.get<int64_t>(), id.get<int64_t>());
  }
}

bool Touched::has(int64_t case_id, int64_t person_id) const {
  return cases_.has(case_id) || persons_.has(person_id);
}

std::vector<LogRow> log(db::Database& db, const LogFilter& f) {
  // Optional filters are bound as NULL when absent, so the SQL text stays fixed.
  db::Statement st(db,
                   "SELECT id, at, actor, command, action, entity, entity_ids, before, after, "
                   "detail, prev_hash, hash FROM audit "
                   "WHERE (?1 IS NULL OR at >= ?1) "
                   "AND (?2 IS NULL OR substr(at, 1, length(?2)) <= ?2) "
                   "AND (?3 IS NULL OR actor = ?3) "
                   "AND (?4 IS NULL OR command = ?4 OR substr(command, 1, length(?4) + 1) = ?4 || ' ') "
                   "ORDER BY id");
  st.bind(1, f.since).bind(2, f.until).bind(3, f.actor).bind(4, f.command);
  // --case: entries for the case, for its person (an edit of the name, a merge of duplicates)
  // and agency merges that moved the case.
  int64_t person_id = -1;
  if (f.case_id) {
    db::Statement p(db, "SELECT person_id FROM case_file WHERE id = ?");
    p.bind(1, *f.case_id);
    if (p.step()) person_id = p.int64(0);
  }
  std::vector<LogRow> rows;
  while (st.step()) {
    LogRow row{st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5),
               parse_or_null(st.opt_text(6)), parse_or_null(st.opt_text(7)),
               parse_or_null(st.opt_text(8)), parse_or_null(st.opt_text(9)), st.text(10),
               st.text(11)};
    if (f.case_id) {
      Touched touched;
      touched.add(row.entity, row.entity_ids, row.detail);
      if (!touched.has(*f.case_id, person_id)) continue;
    }
    rows.push_back(std::move(row));
  }
  if (f.limit > 0 && static_cast<int64_t>(rows.size()) > f.limit)
    rows.erase(rows.begin(), rows.end() - f.limit);
  return rows;
}

}  // namespace hotro::audit
