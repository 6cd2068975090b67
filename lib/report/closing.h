// SPDX-License-Identifier: MIT
// Closed reporting periods (schemas/0005_report.sql): `report close` freezes every template's
// figures for a period as submitted; a report of a closed period is the frozen one, and edits
// made since to cases in the period are flagged; `report reopen` (with a reason) undoes it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit.h"
#include "db/database.h"
#include "report/report.h"

namespace hotro::report {

struct Closure {
  int64_t id = 0;
  std::string period, closed_at, closed_by;
  int64_t close_audit_id = 0;
};

/// The closure in force for a period name, if it is closed.
std::optional<Closure> closure(db::Database& db, const std::string& period);

/// The frozen report of a closed period for a template over the dates of `p` (its cut-off), if
/// one was kept.
std::optional<Report> frozen(db::Database& db, const Closure& c, const std::string& template_id, const Period& p);

/// Cases of [from, to] (by intake, identification or support date) changed since the closure:
/// new or edited cases, new workflow events, new or edited supports, found by their times and by
/// the audit entries after the close's (which order changes made in the second of the close).
/// Sorted ids.
std::vector<int64_t> edited_since(db::Database& db, const Closure& c, const Period& p);

/// Closes `period` with the given reports (one per template and cut-off) in one transaction,
/// audited. Throws Error(Exit::data) if it is already closed.
void close_period(db::Database& db, const audit::Context& ctx, const std::string& period,
                  const std::vector<std::pair<std::string, Report>>& reports);

/// Reopens a closed period, audited with the reason (cleaned; Exit::usage when blank). Throws
/// Error(Exit::data) if it is not closed.
void reopen_period(db::Database& db, const audit::Context& ctx, const std::string& period,
                   const std::string& reason);

}  // namespace hotro::report
