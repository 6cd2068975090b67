// SPDX-License-Identifier: MIT
#include "report/closing.h"

#include <cstdint>
#include <vector>

#include <fmt/format.h>

#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "text/unicode.h"

namespace hotro::report {

std::optional<Closure> closure(db::Database& db, const std::string& period) {
  // upper(): a period closed by an older hotro under the name as typed ("2026-q1") is the same
  // period as "2026-Q1", the one name periods have now.
  db::Statement st(db, "SELECT id, period, closed_at, closed_by, close_audit_id FROM report_period "
                       "WHERE upper(period) = upper(?) AND reopened_at IS NULL ORDER BY id LIMIT 1");
  st.bind(1, period);
  if (!st.step()) return std::nullopt;
  return Closure{st.int64(0), st.text(1), st.text(2), st.text(3), st.int64(4)};
}

std::optional<Report> frozen(db::Database& db, const Closure& c, const std::string& template_id, const Period& p) {
  // By the dates the figures cover, not by the cut-off's name: a date range is the same dates
  // under either cut-off (older hotro recorded a range closed by a state_cutoff template so).
  db::Statement st(db, "SELECT report FROM report_snapshot WHERE period_id = ? AND template = ? "
                       "AND from_date = ? AND to_date = ? ORDER BY cutoff LIMIT 1");
  st.bind(1, c.id).bind(2, template_id).bind(3, p.from.iso()).bind(4, p.to.iso());
  if (!st.step()) return std::nullopt;
  return from_json(json::parse(st.text(0)));
}

std::vector<int64_t> edited_since(db::Database& db, const Closure& c, const Period& p) {
  // What the audit trail says was written after the close, which orders what the clock cannot (a
  // change in the second of the close): cases, persons, and cases an agency merge moved.
  audit::Touched touched;
  db::Statement trail(db, "SELECT entity, entity_ids, detail FROM audit WHERE id > ? AND "
                          "entity IN ('case', 'person', 'agency') AND action NOT IN ('export', 'report')");
  trail.bind(1, c.close_audit_id);
  while (trail.step())
    touched.add(trail.text(0), json::parse(trail.text(1), nullptr, false),
                json::parse(trail.opt_text(2).value_or("null"), nullptr, false));
  // The cases of the period, with whether their own times, events or supports say they changed.
  db::Statement st(db, R"(
SELECT id, person_id,
       c.created_at > ?3 OR c.updated_at > ?3
       OR EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.audit_id > ?4)
       OR EXISTS (SELECT 1 FROM support s WHERE s.case_id = c.id AND (s.created_at > ?3 OR s.updated_at > ?3))
FROM case_file c
WHERE c.intake_date BETWEEN ?1 AND ?2
   OR EXISTS (SELECT 1 FROM support s WHERE s.case_id = c.id AND s.support_date BETWEEN ?1 AND ?2)
   OR EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.event_date BETWEEN ?1 AND ?2)
ORDER BY id)");
  st.bind(1, p.from.iso()).bind(2, p.to.iso()).bind(3, c.closed_at).bind(4, c.close_audit_id);
  std::vector<int64_t> out;
  while (st.step())
    if (st.int64(2) || touched.has(st.int64(0), st.int64(1))) out.push_back(st.int64(0));
  return out;
}

void close_period(db::Database& db, const audit::Context& ctx, const std::string& period,
                  const std::vector<std::pair<std::string, Report>>& reports) {
  db::Transaction tx(db);
  if (closure(db, period))
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("kỳ {} đã khóa; muốn mở lại dùng: hotro report reopen {} --reason LÝ_DO",
                                                        "period {} is already closed; to open it again: hotro report reopen {} --reason REASON")),
                                        period, period));
  json templates = json::array();
  for (const auto& [cutoff, r] : reports)
    templates.push_back({{"template", r.template_id}, {"cutoff", cutoff}, {"from", r.period.from.iso()},
                         {"to", r.period.to.iso()}, {"template_sha256", r.template_sha256}});
  const int64_t audit_id = audit::append(db, ctx, {"close", "report_period", json::array(), nullptr,
                                                   json{{"period", period}}, json{{"reports", templates}}});
  db::Statement ins(db, "INSERT INTO report_period (period, closed_at, closed_by, close_audit_id) VALUES (?, ?, ?, ?)");
  ins.bind(1, period).bind(2, now_utc()).bind(3, ctx.actor).bind(4, audit_id).run();
  const int64_t id = db.last_insert_id();
  db::Statement snap(db, "INSERT INTO report_snapshot (period_id, template, cutoff, from_date, to_date, report) "
                         "VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& [cutoff, r] : reports) {
    snap.bind(1, id).bind(2, r.template_id).bind(3, cutoff).bind(4, r.period.from.iso()).bind(5, r.period.to.iso());
    snap.bind(6, to_json(r).dump()).run();
  }
  tx.commit();
}

void reopen_period(db::Database& db, const audit::Context& ctx, const std::string& period,
                   const std::string& given_reason) {
  const std::string reason = text::clean(given_reason);
  if (reason.empty())
    throw Error(Exit::usage, tr("cần --reason: vì sao mở lại kỳ đã khóa", "--reason is required: why the closed period is opened again"));
  db::Transaction tx(db);
  const auto c = closure(db, period);
  if (!c)
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("kỳ {} chưa khóa", "period {} is not closed")), period));
  const int64_t audit_id = audit::append(db, ctx, {"reopen", "report_period", json::array({json::array({c->id, c->id})}),
                                                   json{{"period", period}, {"closed_at", c->closed_at}},
                                                   json{{"period", period}, {"reopened", true}},
                                                   json{{"reason", reason}}});
  db::Statement upd(db, "UPDATE report_period SET reopened_at = ?, reopened_by = ?, reopen_reason = ?, "
                        "reopen_audit_id = ? WHERE id = ?");
  upd.bind(1, now_utc()).bind(2, ctx.actor).bind(3, reason).bind(4, audit_id).bind(5, c->id).run();
  tx.commit();
}

}  // namespace hotro::report
