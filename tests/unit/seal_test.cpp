// SPDX-License-Identifier: MIT
// The seal of the case data (lib/db/seal): the digest hotro follows row by row equals the one
// recomputed from the rows, through updates, deletes, savepoints and rollbacks; verify finds
// what was changed behind hotro's back; every table is either sealed or known not to be.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "audit.h"
#include "db/seal.h"
#include "test_support.h"

using namespace hotro::test;
namespace db = hotro::db;
namespace audit = hotro::audit;
using hotro::Exit;

namespace {

struct Library {
  EnglishMessages english;
  ScopedEnv now{"HOTRO_NOW", "2026-11-25T08:00:00Z"};
  std::unique_ptr<db::Database> lib = new_library(":memory:");
  audit::Context ctx{"lan", "test"};

  // A write as a command makes it: rows and an audit entry in one transaction.
  void write(const std::string& sql) {
    db::Transaction tx(*lib);
    lib->exec(sql);
    audit::append(*lib, ctx, {"test", "case", audit::json::array(), nullptr, nullptr, nullptr});
    tx.commit();
  }
  std::string last_digest() { return query_text(*lib, "SELECT digest FROM seal ORDER BY id DESC LIMIT 1"); }
  std::vector<std::string> problems() {
    std::vector<std::string> out;
    for (const auto& p : audit::verify(*lib).problems) out.push_back(p.message);
    return out;
  }
};

const char* kPerson =
    "INSERT INTO person (full_name, name_folded, birth_year, created_at) VALUES ('{}', 'x', {}, 't')";

std::string person(const std::string& name, int year) {
  return fmt::format(fmt::runtime(kPerson), name, year);
}

}  // namespace

TEST_CASE("seal: the digest followed write by write equals the one recomputed from the rows") {
  Library l;
  CHECK(query_text(*l.lib, "SELECT reason FROM seal") == "upgrade");  // the schema's first seal
  std::mt19937 rng(7);
  for (int i = 0; i < 60; ++i) {
    switch (rng() % 4) {
      case 0: l.write(person("Lò Thị " + std::to_string(i), 1980 + i % 30)); break;
      case 1: l.write("UPDATE person SET birth_year = birth_year + 1 WHERE id % 3 = " + std::to_string(i % 3)); break;
      case 2: l.write("DELETE FROM person WHERE id = (SELECT min(id) FROM person)"); break;
      default: l.write("INSERT INTO agency (name, name_folded) VALUES ('Đội " + std::to_string(i) + "', 'doi " + std::to_string(i) + "')");
    }
    REQUIRE(l.last_digest() == db::compute_state(*l.lib).to_text());
  }
  CHECK(l.problems().empty());
  CHECK(query_int(*l.lib, "SELECT count(*) FROM seal WHERE reason = 'write'") == 60);
  // Values as SQLite may give them back: a whole REAL and its INTEGER hash alike; 1.5 not.
  l.write("UPDATE person SET birth_year = 1990.0 WHERE id = (SELECT max(id) FROM person)");
  CHECK(l.last_digest() == db::compute_state(*l.lib).to_text());
}

TEST_CASE("seal: a step rolled back inside a batch, and a rolled-back transaction, leave no trace") {
  Library l;
  {
    db::Transaction outer(*l.lib);
    l.lib->exec(person("Một", 1990));
    {
      db::Transaction step(*l.lib);
      l.lib->exec(person("Hai", 1991));
      {
        db::Transaction inner(*l.lib);  // released into the step
        l.lib->exec(person("Ba", 1992));
        inner.commit();
      }
    }  // the step is rolled back, with its inner savepoint
    {
      db::Transaction step(*l.lib);
      l.lib->exec("UPDATE person SET birth_year = 2000");
      step.commit();
    }
    audit::append(*l.lib, l.ctx, {"test", "case", audit::json::array(), nullptr, nullptr, nullptr});
    outer.commit();
  }
  CHECK(query_int(*l.lib, "SELECT count(*) FROM person") == 1);
  CHECK(l.last_digest() == db::compute_state(*l.lib).to_text());
  {
    db::Transaction tx(*l.lib);
    l.lib->exec(person("Bốn", 1993));
  }  // rolled back
  l.write(person("Năm", 1994));
  CHECK(l.last_digest() == db::compute_state(*l.lib).to_text());
  CHECK(l.problems().empty());
}

TEST_CASE("seal: what verify finds") {
  Library l;
  l.write(person("Một", 1990));
  l.write(person("Hai", 1991));
  REQUIRE(l.problems().empty());

  SUBCASE("a row written outside a transaction of hotro's (as the sqlite3 shell would)") {
    l.lib->exec("UPDATE person SET full_name = 'Khác' WHERE id = 1");
    const auto p = l.problems();
    REQUIRE(p.size() == 1);
    CHECK(contains(p[0], "table person: the rows differ from the last seal (#3)"));
    CHECK(audit::accept_state(*l.lib, l.ctx, "fixed by hand", /*dry_run=*/true) == std::vector<std::string>{"person"});
    CHECK(l.problems().size() == 1);  // a dry run writes nothing
    CHECK(audit::accept_state(*l.lib, l.ctx, "fixed by hand", false) == std::vector<std::string>{"person"});
    CHECK(l.problems().empty());
    CHECK(query_text(*l.lib, "SELECT json_extract(detail, '$.reason') FROM audit ORDER BY id DESC LIMIT 1") == "fixed by hand");
    CHECK(audit::accept_state(*l.lib, l.ctx, "again", false).empty());
    CHECK(contains(error_of([&] { audit::accept_state(*l.lib, l.ctx, " ", false); }, Exit::usage), "--reason"));
  }
  SUBCASE("a write of hotro's without an audit entry") {
    db::Transaction tx(*l.lib);
    l.lib->exec(person("Ba", 1992));
    tx.commit();
    const auto p = l.problems();
    REQUIRE(p.size() == 1);
    CHECK(contains(p[0], "seal #4: data was written without an audit entry"));
  }
  SUBCASE("a seal edited, or removed") {
    l.lib->exec("DROP TRIGGER seal_no_update; UPDATE seal SET reason = 'upgrade' WHERE id = 2");
    CHECK(contains(l.problems().at(0), "seal #2 was changed"));
    l.lib->exec("DROP TRIGGER seal_no_delete; DELETE FROM seal WHERE id = 2");
    CHECK(contains(l.problems().at(0), "seals 2..2 are missing"));
    l.lib->exec("UPDATE seal SET digest = 'person:12'");
    CHECK(contains(l.problems().back(), "malformed seal"));
    l.lib->exec("DELETE FROM seal");
    CHECK(l.problems() == std::vector<std::string>{"the data's seals were deleted"});
    {
      Library other;  // sealed again from the rows, by `audit seal`, which the trail records
      other.lib->exec("DROP TRIGGER seal_no_delete; DELETE FROM seal");
      CHECK(audit::accept_state(*other.lib, other.ctx, "seals lost", false) == db::sealed_tables());
      CHECK(other.problems().empty());
      CHECK(query_text(*other.lib, "SELECT reason FROM seal") == "write");
    }
    l.lib->exec("DROP TABLE seal");
    CHECK(l.problems() == std::vector<std::string>{"the data's seals were deleted"});
    l.lib->exec("PRAGMA user_version = 8");  // a library from before the seal (a restored backup)
    int64_t seals = -1;
    CHECK(db::verify_state(*l.lib, seals).empty());
    CHECK(seals == 0);
  }
  SUBCASE("an audit entry a seal is tied to") {
    l.lib->exec("DROP TRIGGER audit_no_update; UPDATE audit SET hash = 'x' WHERE id = 1");
    const auto p = l.problems();
    CHECK(std::any_of(p.begin(), p.end(), [](const std::string& m) { return contains(m, "seal #2 was changed, or the audit entry"); }));
  }
}

TEST_CASE("seal: the digest's stored form") {
  db::StateDigest d;
  d.add("person", std::array<unsigned char, 32>{1});
  const std::string text = d.to_text();
  CHECK(contains(text, "person:0000000000000001000000000000000000000000000000000000000000000000"));
  CHECK(db::StateDigest::from_text(text).to_text() == text);
  CHECK(db::StateDigest::from_text(text).differences(d).empty());
  d.sub("person", std::array<unsigned char, 32>{1});
  CHECK(d.empty());
  CHECK(db::StateDigest::from_text(text).differences(d) == std::vector<std::string>{"person"});
  error_of([] { db::StateDigest::from_text("person:zz"); }, Exit::data);
  error_of([] { db::StateDigest::from_text("person:" + std::string(64, 'g')); }, Exit::data);
}

TEST_CASE("seal: every table of the library is sealed, or known not to hold case data") {
  Library l;
  // Reference data the migrations bring, and the trails that have their own chains.
  const std::vector<std::string> unsealed{"admin_unit", "admin_unit_map", "audit", "code_alias", "code_list", "seal"};
  db::Statement st(*l.lib, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  while (st.step()) {
    const std::string t = st.text(0);
    const auto& sealed = db::sealed_tables();
    INFO("table " << t << ": add it to sealed_tables() in lib/db/seal.cpp, or to the unsealed list here");
    CHECK((std::find(sealed.begin(), sealed.end(), t) != sealed.end() ||
           std::find(unsealed.begin(), unsealed.end(), t) != unsealed.end()));
  }
  for (const auto& t : db::sealed_tables()) CHECK(query_int(*l.lib, "SELECT count(*) FROM sqlite_schema WHERE name = '" + t + "'") == 1);
}
