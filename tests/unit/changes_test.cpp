// SPDX-License-Identifier: MIT
// lib/changes.{h,cpp}: change sets are applied whole or not at all, keep before and after, are
// audited, and undo puts the old values back (and refuses when the record changed since).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "audit.h"
#include "changes.h"
#include "test_support.h"

using hotro::Exit;
using namespace hotro::changes;
using namespace hotro::test;
namespace db = hotro::db;
namespace audit = hotro::audit;

namespace {

struct Library {
  EnglishMessages english;
  ScopedEnv now{"HOTRO_NOW", "2026-11-25T08:00:00Z"};
  std::unique_ptr<db::Database> lib = new_library(":memory:");
  audit::Context ctx{"lan", "edit"};

  Library() {
    lib->exec("INSERT INTO person (id, full_name, name_folded, birth_year, created_at) VALUES "
              "(1, 'Lò Thị A', 'lo thi a', 1990, '2026-01-01T00:00:00Z'), "
              "(2, 'Vàng Văn B', 'vang van b', NULL, '2026-01-01T00:00:00Z');"
              "INSERT INTO case_file (id, person_id, intake_date, intake_channel, created_at, updated_at) "
              "VALUES (7, 1, '2026-03-01', 'returned', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z');");
    audit::accept_state(*lib, ctx, "test rows", false);  // written with SQL: sealed as they stand
  }
  std::string name(int id) { return query_text(*lib, "SELECT full_name FROM person WHERE id = " + std::to_string(id)); }
  int64_t audits() { return query_int(*lib, "SELECT count(*) FROM audit WHERE action <> 'seal'"); }  // after the fixture's
};

}  // namespace

TEST_CASE("changes: current() reads integers, text and null as JSON") {
  Library l;
  CHECK(current(*l.lib, "person", 1, "birth_year") == json(1990));
  CHECK(current(*l.lib, "person", 1, "full_name") == json("Lò Thị A"));
  CHECK(current(*l.lib, "person", 2, "birth_year").is_null());
  CHECK(contains(error_of([&] { current(*l.lib, "person", 99, "full_name"); }, Exit::noinput), "no person #99"));
  error_of([&] { current(*l.lib, "audit", 1, "actor"); }, Exit::software);        // not an editable table
  error_of([&] { current(*l.lib, "person", 1, "id"); }, Exit::software);          // never the id
  error_of([&] { current(*l.lib, "person", 1, "x\" = 1 --"); }, Exit::software);  // not a column
}

TEST_CASE("changes: apply writes every field, keeps before and after, and audits by kind of record") {
  Library l;
  const int64_t id = apply(*l.lib, l.ctx, "edit",
                           {{"person", 1, "full_name", "Lò Thị A", "Lò Thị Á"},
                            {"person", 2, "birth_year", nullptr, 1985},
                            {"case_file", 7, "intake_date", "2026-03-01", "2026-03-02"}},
                           std::string("typo on the police list"));
  CHECK(id == 1);
  CHECK(l.name(1) == "Lò Thị Á");
  CHECK(query_int(*l.lib, "SELECT birth_year FROM person WHERE id = 2") == 1985);
  CHECK(query_text(*l.lib, "SELECT intake_date FROM case_file WHERE id = 7") == "2026-03-02");
  CHECK(query_text(*l.lib, "SELECT updated_at FROM case_file WHERE id = 7") == "2026-11-25T08:00:00Z");
  CHECK(l.audits() == 2);  // one entry for the case, one for the persons
  CHECK(query_text(*l.lib, "SELECT entity_ids FROM audit WHERE entity = 'person'") == "[[1,2]]");
  CHECK(query_text(*l.lib, "SELECT json_extract(before, '$.2.birth_year') IS NULL AND "
                           "json_extract(after, '$.2.birth_year') = 1985 FROM audit WHERE entity = 'person'") == "1");
  CHECK(query_text(*l.lib, "SELECT json_extract(detail, '$.change_set') || '/' || json_extract(detail, '$.reason') "
                           "FROM audit WHERE entity = 'case'") == "1/typo on the police list");
  const auto sets = list(*l.lib);
  REQUIRE(sets.size() == 1);
  CHECK(sets[0].actor == "lan");
  CHECK(sets[0].changes == 3);
  CHECK_FALSE(sets[0].undone_at);
  const auto stored = of(*l.lib, id);
  REQUIRE(stored.size() == 3);
  CHECK(describe(stored[0]) == "case #7 intake_date: \"2026-03-01\" → \"2026-03-02\"");
  CHECK(describe(stored[1]) == "person #1 full_name: \"Lò Thị A\" → \"Lò Thị Á\"");
  CHECK(describe(stored[2]) == "person #2 birth_year: ∅ → 1985");
  CHECK(audit::verify(*l.lib).problems.empty());
}

TEST_CASE("changes: a stale plan, a field listed twice or an empty list writes nothing") {
  Library l;
  const std::string stale = error_of(
      [&] {
        apply(*l.lib, l.ctx, "edit",
              {{"person", 2, "full_name", "Vàng Văn B", "Vàng Văn Bình"},
               {"person", 1, "full_name", "Lò Thị X", "Lò Thị Y"}},
              std::nullopt);
      },
      Exit::data);
  CHECK(contains(stale, "person #1 full_name"));
  CHECK(contains(stale, "nothing was written"));
  CHECK(l.name(2) == "Vàng Văn B");  // the first change was rolled back with the rest
  error_of([&] {
    apply(*l.lib, l.ctx, "edit", {{"person", 1, "full_name", "Lò Thị A", "B"}, {"person", 1, "full_name", "B", "C"}},
          std::nullopt);
  }, Exit::data);
  error_of([&] { apply(*l.lib, l.ctx, "edit", {}, std::nullopt); }, Exit::data);
  CHECK(l.name(1) == "Lò Thị A");
  CHECK(l.audits() == 0);
  CHECK(query_int(*l.lib, "SELECT count(*) FROM change_set") == 0);
}

TEST_CASE("changes: undo puts the values back as a new change set, once") {
  Library l;
  const int64_t first = apply(*l.lib, l.ctx, "units remap", {{"person", 1, "full_name", "Lò Thị A", "Lò Thị Á"}}, std::nullopt);
  const int64_t back = undo(*l.lib, l.ctx, first, std::nullopt);
  CHECK(back == 2);
  CHECK(l.name(1) == "Lò Thị A");
  const auto sets = list(*l.lib);
  REQUIRE(sets.size() == 2);
  CHECK(sets[0].undone_at == std::optional<std::string>("2026-11-25T08:00:00Z"));
  CHECK(sets[1].command == "undo");
  CHECK(sets[1].reason == std::optional<std::string>("undo of change set #1"));
  CHECK(query_text(*l.lib, "SELECT group_concat(action, ',') FROM audit WHERE action <> 'seal'") == "edit,undo");
  CHECK(contains(error_of([&] { undo(*l.lib, l.ctx, first, std::nullopt); }, Exit::data), "already undone at 25/11/2026 08:00 UTC"));
  CHECK(contains(error_of([&] { undo(*l.lib, l.ctx, 42, std::nullopt); }, Exit::noinput), "no change set #42"));

  // The undo can itself be undone (a redo); and an undo whose record changed since is refused.
  undo(*l.lib, l.ctx, back, std::string("it was right after all"));
  CHECK(l.name(1) == "Lò Thị Á");
  const int64_t third = apply(*l.lib, l.ctx, "edit", {{"person", 2, "full_name", "Vàng Văn B", "Vàng Văn Bình"}}, std::nullopt);
  l.lib->exec("UPDATE person SET full_name = 'Vàng Văn Bảo' WHERE id = 2");
  const std::string refused = error_of([&] { undo(*l.lib, l.ctx, third, std::nullopt); }, Exit::data);
  CHECK(contains(refused, "person #2 full_name: the stored value is \"Vàng Văn Bảo\", not \"Vàng Văn Bình\""));
  CHECK_FALSE(contains(refused, "change set #"));  // written by no change set: none is named
  CHECK_FALSE(list(*l.lib).back().undone_at);
  // Changed since by another change set: that one is named.
  const int64_t fourth = apply(*l.lib, l.ctx, "edit", {{"person", 2, "full_name", "Vàng Văn Bảo", "Vàng Văn Ba"}}, std::nullopt);
  CHECK(contains(error_of([&] { undo(*l.lib, l.ctx, third, std::nullopt); }, Exit::data),
                 fmt::format("(changed since: change set #{}, see: hotro edit --show {})", fourth, fourth)));
}

TEST_CASE("changes: stored field changes are checked against their audit entries") {
  Library l;
  // Listed out of order: the hash does not depend on the order the caller gave.
  const int64_t id = apply(*l.lib, l.ctx, "edit",
                           {{"person", 2, "full_name", "Vàng Văn B", "Vàng Văn Bình"},
                            {"case_file", 7, "intake_date", "2026-03-01", "2026-03-02"},
                            {"person", 1, "full_name", "Lò Thị A", "Lò Thị Á"}},
                           std::nullopt);
  CHECK(verify(*l.lib).empty());
  l.lib->exec("UPDATE field_change SET before = '\"Lò Thị Z\"' WHERE entity = 'person' AND entity_id = 1");
  const auto problems = verify(*l.lib);
  REQUIRE(problems.size() == 1);
  CHECK(contains(problems[0].message, "change set #1: the changes of person do not match the audit trail"));
  CHECK(problems[0].id == query_int(*l.lib, "SELECT id FROM audit WHERE entity = 'person'"));
  CHECK(contains(error_of([&] { undo(*l.lib, l.ctx, id, std::nullopt); }, Exit::data), "nothing was written"));
  CHECK(l.name(1) == "Lò Thị Á");
  l.lib->exec("DELETE FROM field_change WHERE entity = 'case_file'");
  CHECK(verify(*l.lib).size() == 1);  // the first problem of the set is reported
}
