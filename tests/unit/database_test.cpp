// SPDX-License-Identifier: MIT
// lib/db/database.{h,cpp}: statements go back to their connection when done and are reused.
#include <doctest/doctest.h>

#include <string>

#include "db/database.h"
#include "test_support.h"

namespace db = hotro::db;
using namespace hotro::test;

namespace {

// Statements the connection holds, waiting or in use.
int prepared(const db::Database& d) {
  int n = 0;
  for (sqlite3_stmt* st = sqlite3_next_stmt(d.handle(), nullptr); st; st = sqlite3_next_stmt(d.handle(), st)) ++n;
  return n;
}

}  // namespace

TEST_CASE("database: a statement's text is prepared once, and comes back reset and unbound") {
  TempDir dir("database");
  db::Database d(dir.file("t.db"), db::Mode::create);
  d.exec("CREATE TABLE t (a INTEGER)");
  const int before = prepared(d);
  {
    db::Statement st(d, "SELECT ?1, (SELECT count(*) FROM t)");
    st.bind(1, 7);
    REQUIRE(st.step());
    CHECK(st.int64(0) == 7);
    // left in the middle of its rows
  }
  CHECK(prepared(d) == before + 1);
  {
    db::Statement st(d, "SELECT ?1, (SELECT count(*) FROM t)");
    CHECK(prepared(d) == before + 1);  // the same one, taken back
    REQUIRE(st.step());
    CHECK(st.is_null(0));  // its binding was cleared
    // Two at once with the same text: the second is prepared apart.
    db::Statement other(d, "SELECT ?1, (SELECT count(*) FROM t)");
    CHECK(prepared(d) == before + 2);
    other.bind(1, 9);
    REQUIRE(other.step());
    CHECK(other.int64(0) == 9);
    CHECK(st.is_null(0));
  }
  // A waiting statement holds no lock: the table can be written and its schema changed, and
  // the statement sees the new schema.
  d.exec("INSERT INTO t VALUES (1); ALTER TABLE t ADD COLUMN b TEXT; CREATE INDEX t_a ON t (a); DROP INDEX t_a");
  {
    db::Statement st(d, "SELECT * FROM t");
    REQUIRE(st.step());
    CHECK(st.columns() == 2);
  }
  {
    db::Statement st(d, "SELECT ?1, (SELECT count(*) FROM t)");
    REQUIRE(st.step());
    CHECK(st.int64(1) == 1);
  }
}

TEST_CASE("database: the statements waiting with a connection are bounded") {
  TempDir dir("database");
  db::Database d(dir.file("t.db"), db::Mode::create);
  const int before = prepared(d);
  for (int i = 0; i < 1000; ++i) {
    db::Statement st(d, "SELECT " + std::to_string(i));
    REQUIRE(st.step());
    CHECK(st.int64(0) == i);
  }
  CHECK(prepared(d) <= before + 128);
  CHECK(prepared(d) >= 128);
}
