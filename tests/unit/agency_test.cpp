// SPDX-License-Identifier: MIT
// lib/agency.{h,cpp}: names found through merges, the list with its counts, and merge/unmerge of
// every column that points at an agency, refused where it would split or lose records.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "agency.h"
#include "audit.h"
#include "cases.h"
#include "support.h"
#include "test_support.h"

using hotro::Exit;
using namespace hotro::test;
namespace db = hotro::db;
namespace audit = hotro::audit;
namespace agency = hotro::agency;

namespace {

// A library where agency 1 "Công an tỉnh Lào Cai" and agency 2 "CA tỉnh Lào Cai" are one office:
// agency 2 appears in every column that can point at an agency, agency 3 is another office.
struct Library {
  ScopedEnv now{"HOTRO_NOW", "2026-11-27T08:00:00Z"};
  std::unique_ptr<db::Database> lib = new_library(":memory:");
  audit::Context ctx{"lan", "agency merge"};
  int64_t kept = hotro::find_or_add_agency(*lib, "Công an tỉnh Lào Cai");
  int64_t dropped = hotro::find_or_add_agency(*lib, "CA tỉnh Lào Cai");
  int64_t other = hotro::find_or_add_agency(*lib, "Trung tâm Công tác xã hội tỉnh Lào Cai");

  Library() {
    const int64_t entry = audit::append(*lib, ctx, {"create", "case", audit::json::array(), nullptr, nullptr, nullptr});
    lib->exec(fmt::format(
        "INSERT INTO person (id, full_name, name_folded, created_at) VALUES (1, 'Lò Thị Mai', 'lo thi mai', 'x');"
        "INSERT INTO case_file (id, person_id, intake_date, intake_channel, receiving_agency_id, source_agency_id, "
        "  created_at, updated_at) VALUES "
        "  (1, 1, '2026-03-01', '111', {0}, {1}, 'x', 'x'), (2, 1, '2026-04-01', '111', {1}, {2}, 'x', 'x'),"
        "  (3, 1, '2026-05-01', '111', {2}, NULL, 'x', 'x');"
        "INSERT INTO case_event (id, case_id, kind, event_date, agency_id, audit_id) VALUES "
        "  (1, 1, 'verify_start', '2026-03-02', {1}, {3}), (2, 2, 'verify_start', '2026-04-02', {0}, {3});"
        "INSERT INTO referral (id, case_id, from_agency_id, to_agency_id, reason, sent_date, updated_date) VALUES "
        "  (1, 1, {1}, {2}, 'r', '2026-03-03', '2026-03-03'), (2, 2, {2}, {1}, 'r', '2026-04-03', '2026-04-03');"
        "INSERT INTO support (id, case_id, person_id, kind, support_date, agency_id, unit, amount_vnd, rule_id, "
        "  rule_version, rule_citation, created_at, updated_at) VALUES "
        "  (1, 2, 1, 'meals', '2026-04-04', {1}, 'once', 1000, 'r', 'v', 'c', 'x', 'x');",
        kept, dropped, other, entry));
  }
  int64_t number(const std::string& sql) { return query_int(*lib, sql); }
  std::string text(const std::string& sql) { return query_text(*lib, sql); }
  // Where every reference of the fixture points now, in one line.
  std::string where() {
    return text("SELECT group_concat(v, ' ') FROM ("
                "SELECT 'c' || id || ':' || coalesce(receiving_agency_id, '-') || '/' || coalesce(source_agency_id, '-') AS v "
                "FROM case_file UNION ALL SELECT 'e' || id || ':' || agency_id FROM case_event "
                "UNION ALL SELECT 'r' || id || ':' || from_agency_id || '>' || to_agency_id FROM referral "
                "UNION ALL SELECT 's' || id || ':' || agency_id FROM support)");
  }
};

}  // namespace

TEST_CASE("agency: every column that points at an agency is one a merge moves") {
  Library l;
  std::set<std::string> in_schema;
  db::Statement tables(*l.lib, "SELECT m.name, f.\"from\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f "
                               "WHERE m.type = 'table' AND f.\"table\" = 'agency'");
  while (tables.step()) in_schema.insert(tables.text(0) + "." + tables.text(1));
  in_schema.erase("agency_merge.kept_id");
  in_schema.erase("agency_merge.dropped_id");
  const auto listed = agency::reference_columns();
  CHECK(std::set<std::string>(listed.begin(), listed.end()) == in_schema);
  CHECK(in_schema.size() == 6);
}

TEST_CASE("agency: merge moves every reference, the old name leads to the kept agency, unmerge puts back") {
  Library l;
  const std::string before = l.where();
  CHECK(before == "c1:1/2 c2:2/3 c3:3/- e1:2 e2:1 r1:2>3 r2:3>2 s1:2");

  const agency::MergePlan plan = agency::plan_merge(*l.lib, l.kept, l.dropped);
  CHECK(plan.rows() == 6);
  CHECK(plan.moves.size() == 6);
  CHECK(plan.moves[0].first == "case_file.receiving_agency_id");
  CHECK(plan.moves[0].second == std::vector<int64_t>{2});
  CHECK(l.where() == before);  // planning writes nothing

  const int64_t audits = l.number("SELECT count(*) FROM audit");
  const int64_t id = agency::merge(*l.lib, l.ctx, plan, "  cùng một cơ quan  ");
  CHECK(l.where() == "c1:1/1 c2:1/3 c3:3/- e1:1 e2:1 r1:1>3 r2:3>1 s1:1");
  CHECK(l.text("SELECT reason FROM agency_merge WHERE id = " + std::to_string(id)) == "cùng một cơ quan");
  CHECK(l.number("SELECT count(*) FROM case_file WHERE updated_at = '2026-11-27T08:00:00Z'") == 2);
  CHECK(l.number("SELECT count(*) FROM support WHERE updated_at = '2026-11-27T08:00:00Z'") == 1);
  CHECK(l.number("SELECT count(*) FROM audit") == audits + 1);
  CHECK(l.text("SELECT action || ' ' || entity || ' ' || entity_ids FROM audit ORDER BY id DESC LIMIT 1") ==
        "merge agency [[1,1],[2,2]]");
  CHECK(l.number("SELECT count(*) FROM agency") == 3);  // the dropped agency stays, for its name

  // Its name, any spelling, now gives the kept agency; a new name still makes a new agency.
  CHECK(hotro::find_or_add_agency(*l.lib, "ca tinh lao cai") == l.kept);
  CHECK(agency::current(*l.lib, l.dropped) == l.kept);
  CHECK(hotro::find_or_add_agency(*l.lib, "Đồn Biên phòng Bát Xát") == 4);

  const auto listed = agency::list(*l.lib, std::nullopt, false);
  REQUIRE(listed.size() == 3);
  CHECK(std::none_of(listed.begin(), listed.end(), [&](const auto& a) { return a.id == l.dropped; }));
  const auto all = agency::list(*l.lib, std::string("CA TINH"), true);
  REQUIRE(all.size() == 1);
  CHECK(all[0].merged_into == l.kept);
  CHECK(all[0].cases == 0);

  agency::unmerge(*l.lib, l.ctx, id);
  CHECK(l.where() == before);
  CHECK(hotro::find_or_add_agency(*l.lib, "CA tỉnh Lào Cai") == l.dropped);
  CHECK(l.text("SELECT action FROM audit ORDER BY id DESC LIMIT 1") == "unmerge");
  CHECK(error_of([&] { agency::unmerge(*l.lib, l.ctx, id); }, Exit::data) == "agency merge #1 was already undone");
  // Merged again after the unmerge: the unique index counts only merges not undone.
  agency::merge(*l.lib, l.ctx, agency::plan_merge(*l.lib, l.kept, l.dropped), "again");
  CHECK(l.where() == "c1:1/1 c2:1/3 c3:3/- e1:1 e2:1 r1:1>3 r2:3>1 s1:1");
}

TEST_CASE("agency: the counts of the list") {
  Library l;
  const auto listed = agency::list(*l.lib, std::nullopt, false);
  REQUIRE(listed.size() == 3);
  // By folded name: "ca tinh…", "cong an tinh…", "trung tam…".
  CHECK(listed[0].id == l.dropped);
  CHECK(listed[0].cases == 2);      // case 1 sent, case 2 received (counted once each)
  CHECK(listed[0].events == 1);
  CHECK(listed[0].referrals == 2);  // from it in referral 1, to it in referral 2
  CHECK(listed[0].supports == 1);
  CHECK(listed[1].id == l.kept);
  CHECK(listed[1].cases == 1);
  CHECK(listed[2].id == l.other);
  CHECK(listed[2].cases == 2);
  CHECK(agency::list(*l.lib, std::string("xa hoi"), false).size() == 1);
  CHECK(agency::list(*l.lib, std::string("nothing like it"), false).empty());
}

TEST_CASE("agency: what a merge refuses") {
  Library l;
  CHECK(error_of([&] { agency::plan_merge(*l.lib, l.kept, l.kept); }, Exit::data) ==
        "an agency cannot be merged with itself");
  CHECK(error_of([&] { agency::plan_merge(*l.lib, l.kept, 99); }, Exit::noinput) == "no agency #99");
  CHECK(error_of([&] { agency::plan_merge(*l.lib, 99, l.kept); }, Exit::noinput) == "no agency #99");
  const std::string before = l.where();
  CHECK(error_of([&] { agency::merge(*l.lib, l.ctx, agency::plan_merge(*l.lib, l.kept, l.dropped), " \t"); },
                 Exit::usage) == "--reason is required: why the two agencies are one");
  CHECK(l.where() == before);

  agency::merge(*l.lib, l.ctx, agency::plan_merge(*l.lib, l.kept, l.dropped), "one office");
  CHECK(error_of([&] { agency::plan_merge(*l.lib, l.other, l.dropped); }, Exit::data) ==
        "agency #2 was already merged into agency #1 (merge #1)");
  CHECK(error_of([&] { agency::plan_merge(*l.lib, l.dropped, l.other); }, Exit::data) ==
        "agency #2 was already merged into agency #1 (merge #1)");
  CHECK(error_of([&] { agency::unmerge(*l.lib, l.ctx, 7); }, Exit::noinput) == "no agency merge #7");
}

TEST_CASE("agency: an unmerge that would split an office's records is refused") {
  Library l;
  const int64_t first = agency::merge(*l.lib, l.ctx, agency::plan_merge(*l.lib, l.kept, l.dropped), "one office");

  SUBCASE("the kept agency was merged on: that merge is undone first") {
    const int64_t second = agency::merge(*l.lib, l.ctx, agency::plan_merge(*l.lib, l.other, l.kept), "one office");
    CHECK(agency::current(*l.lib, l.dropped) == l.other);  // followed through both merges
    CHECK(hotro::find_or_add_agency(*l.lib, "CA tỉnh Lào Cai") == l.other);
    // The first name still finds the records, which all point at agency 3 now.
    hotro::cases::Filter by_name;
    by_name.agency = "CA TINH";
    CHECK(hotro::cases::list(*l.lib, by_name).size() == 3);
    hotro::support::ListFilter supports_by_name;
    supports_by_name.agency = "ca tinh";
    CHECK(hotro::support::list(*l.lib, supports_by_name).size() == 1);
    supports_by_name.agency = "bien phong";
    CHECK(hotro::support::list(*l.lib, supports_by_name).empty());
    const std::string merged = l.where();
    CHECK(error_of([&] { agency::unmerge(*l.lib, l.ctx, first); }, Exit::data) ==
          "agency #1 was merged on into agency #3 (merge #2): undo that merge first");
    CHECK(l.where() == merged);
    agency::unmerge(*l.lib, l.ctx, second);
    agency::unmerge(*l.lib, l.ctx, first);
    CHECK(l.where() == "c1:1/2 c2:2/3 c3:3/- e1:2 e2:1 r1:2>3 r2:3>2 s1:2");
  }
  SUBCASE("a moved record was pointed elsewhere since: nothing is put back") {
    l.lib->exec("UPDATE referral SET to_agency_id = 3 WHERE id = 2");
    const std::string edited = l.where();
    CHECK(error_of([&] { agency::unmerge(*l.lib, l.ctx, first); }, Exit::data) ==
          "referral #2 no longer points at agency #1 (to_agency_id): agency merge #1 cannot be undone");
    CHECK(l.where() == edited);
    CHECK(l.number("SELECT undone_at IS NULL FROM agency_merge WHERE id = 1") == 1);
  }
}

TEST_CASE("agency: a merge and its undo mark updated the case of every record they move") {
  Library l;
  // Case 3 is received by agency 3; only a protection event of it was recorded by agency 2.
  l.lib->exec("INSERT INTO case_event (id, case_id, kind, event_date, agency_id, audit_id) "
              "VALUES (3, 3, 'protect', '2026-05-02', 2, 1)");
  const int64_t id = agency::merge(*l.lib, l.ctx, agency::plan_merge(*l.lib, l.kept, l.dropped), "one office");
  CHECK(l.text("SELECT group_concat(id) FROM case_file WHERE updated_at = '2026-11-27T08:00:00Z'") == "1,2,3");
  CHECK(l.text("SELECT updated_at FROM support WHERE id = 1") == "2026-11-27T08:00:00Z");
  l.now.set("2026-11-28T09:00:00Z");
  agency::unmerge(*l.lib, l.ctx, id);
  CHECK(l.text("SELECT group_concat(id) FROM case_file WHERE updated_at = '2026-11-28T09:00:00Z'") == "1,2,3");
}
