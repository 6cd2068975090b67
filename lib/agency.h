// SPDX-License-Identifier: MIT
// Agencies (cơ quan, đơn vị) are found by their folded name and created on first use. One office
// that reached the library under two names is merged (`hotro agency merge`): its records move to
// the kept agency, and its name keeps leading there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audit.h"
#include "db/database.h"

namespace hotro {

/// The id of the agency with this name (accents, case and spacing ignored), created if new. A
/// merged agency's name gives the agency it was merged into.
int64_t find_or_add_agency(db::Database& db, const std::string& name);

}  // namespace hotro

namespace hotro::agency {

/// The agency with this name (accents, case and spacing ignored), or the one it was merged
/// into; nothing when no agency has the name. Creates nothing.
std::optional<int64_t> find(db::Database& db, const std::string& name);

/// The agency `id` stands for now: the one it was merged into (following merges), else itself.
int64_t current(db::Database& db, int64_t id);

/// SQL for a subquery, `(...)`, giving the ids of the agencies whose folded name contains the
/// text bound to ?`param`, and of the agencies those were merged into, at any depth: a filter by
/// agency name (`case list --agency`, `support list --agency`) that still finds records by a
/// name merged away. Bind the folded text. With `whole_name`, the folded name must equal it.
std::string named_ids_sql(int param, bool whole_name = false);

struct Summary {
  int64_t id;
  std::string name;
  std::optional<std::string> kind, province;
  std::optional<int64_t> merged_into;  // the agency it was merged into (not followed further)
  int64_t cases = 0;      // cases it received or sent the list of
  int64_t events = 0;     // case events it recorded
  int64_t referrals = 0;  // referrals from or to it
  int64_t supports = 0;   // supports it gave
};

/// The agencies by name (then id); `name` (folded, a part is enough) narrows them. Merged
/// agencies only with `include_merged`.
std::vector<Summary> list(db::Database& db, const std::optional<std::string>& name, bool include_merged);

/// Every column that points at an agency, as "table.column": what a merge moves.
std::vector<std::string> reference_columns();

/// The records that point at the dropped agency, as "table.column" and the row ids, in the
/// order of reference_columns(); columns with no row are left out.
using Moves = std::vector<std::pair<std::string, std::vector<int64_t>>>;

struct MergePlan {
  int64_t kept, dropped;
  Moves moves;
  size_t rows() const;  // how many references move
};

/// What merging `dropped` into `kept` would move. Throws Exit::noinput for a missing agency and
/// Exit::data when the two are the same or either was already merged into another.
MergePlan plan_merge(db::Database& db, int64_t kept, int64_t dropped);

/// The reason of a merge, cleaned; Exit::usage when it is blank.
std::string merge_reason(const std::string& reason);

/// Carries out the plan, as the library now stands, in one audited transaction; `reason` (why the
/// two are one office) is required. Returns the merge id (for unmerge).
int64_t merge(db::Database& db, const audit::Context& ctx, const MergePlan& plan, const std::string& reason);

/// Puts back what merge `merge_id` moved, in one audited transaction. Throws Exit::noinput for a
/// missing merge and Exit::data when it was already undone, when the kept agency was merged on
/// since, or when a moved record no longer points at the kept agency.
void unmerge(db::Database& db, const audit::Context& ctx, int64_t merge_id);

}  // namespace hotro::agency
