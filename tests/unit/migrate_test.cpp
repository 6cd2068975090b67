// SPDX-License-Identifier: MIT
// lib/db/migrate.{h,cpp} and lib/db/database.{h,cpp}: creating, identifying, upgrading and
// refusing case libraries; the RAII layer over SQLite.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "db/database.h"
#include "db/migrate.h"
#include "error.h"
#include "test_support.h"

using hotro::Error;
using hotro::Exit;
using namespace hotro::db;
using namespace hotro::test;

namespace {

int pragma(Database& db, const char* name) {
  return static_cast<int>(query_int(db, fmt::format("PRAGMA {}", name)));
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// A library as an older hotro left it: only migration 1 applied (a real file, not
// ":memory:", so that migrate() takes a backup), with one row of data in it.
void make_version_1_library(const std::string& path) {
  Database db(path, Mode::create);
  const Migration& first = embedded_migrations().front();
  REQUIRE(first.version == 1);
  Transaction tx(db);
  db.exec(first.sql);
  db.exec(fmt::format("PRAGMA application_id = {}; PRAGMA user_version = 1;", kApplicationId));
  db.exec("INSERT INTO agency (name, name_folded) VALUES ('Công an tỉnh Lào Cai', "
          "'cong an tinh lao cai')");
  tx.commit();
}

// Restores the process umask on scope exit.
struct ScopedUmask {
  mode_t old;
  explicit ScopedUmask(mode_t m) : old(::umask(m)) {}
  ~ScopedUmask() { ::umask(old); }
};

}  // namespace

TEST_CASE("migrate: the embedded migrations are numbered 1, 2, ... in order") {
  const auto& all = embedded_migrations();
  REQUIRE(all.size() >= 2);
  for (size_t i = 0; i < all.size(); ++i) {
    CAPTURE(all[i].name);
    CHECK(all[i].version == static_cast<int>(i) + 1);
    CHECK(std::string(all[i].name).starts_with(fmt::format("{:04}_", i + 1)));
    CHECK(std::string(all[i].name).ends_with(".sql"));
    CHECK(std::string(all[i].sql).size() > 0);
  }
  CHECK(current_schema_version() == all.back().version);
  CHECK(kApplicationId == 0x484F5452);
}

TEST_CASE("migrate: a new library gets every migration, its version and its identity") {
  TempDir dir("migrate");
  const std::string path = dir.file("hotro.db");
  Database db(path, Mode::create);
  CHECK(schema_version(db) == 0);
  const MigrateResult r = migrate(db);
  CHECK(r.from == 0);
  CHECK(r.to == current_schema_version());
  CHECK(r.backup.empty());  // nothing to back up in a new library
  CHECK(schema_version(db) == current_schema_version());
  CHECK(pragma(db, "user_version") == current_schema_version());
  CHECK(pragma(db, "application_id") == kApplicationId);
  CHECK_NOTHROW(require_current(db));

  // The schema and the code lists are there.
  CHECK(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'case_file'") == 1);
  CHECK(query_int(db, "SELECT count(*) FROM code_list WHERE list = 'sex'") == 2);
  // Opened in WAL mode with foreign keys enforced.
  {
    Statement st(db, "PRAGMA journal_mode");
    REQUIRE(st.step());
    CHECK(st.text(0) == "wal");
  }
  CHECK(pragma(db, "foreign_keys") == 1);
  CHECK(fs::exists(path));
  CHECK_FALSE(fs::exists(path + ".before-v" + std::to_string(current_schema_version())));
}

TEST_CASE("migrate: running it again is a no-op") {
  TempDir dir("migrate");
  const std::string path = dir.file("hotro.db");
  {
    auto db = new_library(path);
    db->exec("INSERT INTO agency (name, name_folded) VALUES ('UBND xã A', 'ubnd xa a')");
  }
  Database db(path, Mode::read_write);
  const int64_t codes = query_int(db, "SELECT count(*) FROM code_list");
  const MigrateResult again = migrate(db);
  CHECK(again.from == current_schema_version());
  CHECK(again.to == current_schema_version());
  CHECK(again.backup.empty());
  CHECK(query_int(db, "SELECT count(*) FROM code_list") == codes);  // seed rows not re-inserted
  CHECK(query_int(db, "SELECT count(*) FROM agency") == 1);          // data kept
  CHECK(migrate(db).from == current_schema_version());
  for (const auto& entry : fs::directory_iterator(dir.path()))
    CHECK_FALSE(contains(entry.path().filename().string(), ".before-v"));
}

TEST_CASE("migrate: a library made by a newer hotro is refused") {
  TempDir dir("migrate");
  const std::string path = dir.file("hotro.db");
  {
    auto db = new_library(path);
    db->exec(fmt::format("PRAGMA user_version = {}", current_schema_version() + 1));
  }
  Database db(path, Mode::read_write);
  std::string msg = error_of([&] { migrate(db); }, Exit::data);
  CHECK(contains(msg, "newer"));
  CHECK(contains(msg, path));
  CHECK(contains(msg, std::to_string(current_schema_version() + 1)));
  // Nothing was changed by the refusal.
  CHECK(schema_version(db) == current_schema_version() + 1);
  msg = error_of([&] { require_current(db); }, Exit::data);
  CHECK(contains(msg, "newer"));
}

TEST_CASE("migrate: require_current tells an empty and an old library apart") {
  TempDir dir("migrate");
  SUBCASE("an empty file is not a library yet") {
    Database db(dir.file("empty.db"), Mode::create);
    const std::string msg = error_of([&] { require_current(db); }, Exit::noinput);
    CHECK(contains(msg, "hotro init"));
  }
  SUBCASE("an older library must be upgraded with hotro init") {
    make_version_1_library(dir.file("old.db"));
    Database db(dir.file("old.db"), Mode::read_write);
    const std::string msg = error_of([&] { require_current(db); }, Exit::data);
    CHECK(contains(msg, "hotro init"));
    CHECK(contains(msg, "version 1"));
  }
}

TEST_CASE("migrate: a SQLite file that is not a hotro library is refused and left alone") {
  TempDir dir("migrate");
  const std::string path = dir.file("other.db");
  SUBCASE("tables but no application id") {
    {
      Database db(path, Mode::create);
      db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');");
    }
    Database db(path, Mode::read_write);
    const std::string msg = error_of([&] { migrate(db); }, Exit::data);
    CHECK(contains(msg, "not a hotro case library"));
    CHECK(contains(msg, path));
    CHECK(schema_version(db) == 0);
    CHECK(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'code_list'") == 0);
    CHECK(query_int(db, "SELECT count(*) FROM contacts") == 1);
    error_of([&] { require_current(db); }, Exit::data);
  }
  SUBCASE("another application's id, even with no tables") {
    {
      Database db(path, Mode::create);
      db.exec("PRAGMA application_id = 1234");
    }
    Database db(path, Mode::read_write);
    error_of([&] { migrate(db); }, Exit::data);
    CHECK(pragma(db, "application_id") == 1234);
    CHECK(schema_version(db) == 0);
  }
}

TEST_CASE("database: a file that is not SQLite is refused (exit 74) with its path, unchanged") {
  TempDir dir("migrate");
  const std::string path = dir.file("list.csv");
  const std::string bytes =
      "Họ và tên,Ngày tiếp nhận\r\nNguyễn Thị Hường,05/03/2026\r\n" + std::string(600, 'x');
  write_file(path, bytes);
  for (Mode mode : {Mode::read_only, Mode::read_write, Mode::create}) {
    CAPTURE(static_cast<int>(mode));
    const std::string msg = error_of([&] { Database db(path, mode); }, Exit::ioerr);
    CHECK(contains(msg, path));
    CHECK(read_file(path) == bytes);
  }
  CHECK_FALSE(fs::exists(path + "-wal"));
}

TEST_CASE("database: a missing library is not created unless asked") {
  TempDir dir("migrate");
  const std::string path = dir.file("missing.db");
  std::string msg = error_of([&] { Database db(path, Mode::read_only); }, Exit::noinput);
  CHECK(contains(msg, path));
  CHECK(contains(msg, "hotro init"));
  error_of([&] { Database db(path, Mode::read_write); }, Exit::noinput);
  CHECK_FALSE(fs::exists(path));
  // A directory that does not exist cannot hold a new library.
  msg = error_of([&] { Database db(dir.file("no/such/dir/hotro.db"), Mode::create); },
                 Exit::cantcreat);
  CHECK(contains(msg, "no/such/dir/hotro.db"));
}

TEST_CASE("database: a new library is readable by its owner only, whatever the umask") {
  TempDir dir("migrate");
  for (mode_t mask : {mode_t{0}, mode_t{022}, mode_t{077}}) {
    CAPTURE(mask);
    ScopedUmask umask_guard(mask);
    const std::string path = dir.file(fmt::format("lib{}.db", mask));
    auto db = new_library(path);
    CHECK(mode_of(path) == 0600);
    // SQLite gives the WAL file the database file's permissions.
    if (fs::exists(path + "-wal")) CHECK(mode_of(path + "-wal") == 0600);
  }
  // An existing file keeps its mode: opening it with Mode::create does not chmod it.
  const std::string existing = dir.file("existing.db");
  write_file(existing, "");
  fs::permissions(existing, fs::perms::owner_read | fs::perms::owner_write |
                                fs::perms::group_read);
  new_library(existing);
  CHECK(mode_of(existing) == 0640);
}

TEST_CASE("migrate: upgrading a library that holds data backs it up first") {
  TempDir dir("migrate");
  const std::string path = dir.file("hotro.db");
  make_version_1_library(path);
  const std::string backup = path + ".before-v" + std::to_string(current_schema_version());
  // A stale backup from an earlier attempt is replaced, not kept.
  write_file(backup, "stale");

  Database db(path, Mode::read_write);
  CHECK(schema_version(db) == 1);
  const MigrateResult r = migrate(db);
  CHECK(r.from == 1);
  CHECK(r.to == current_schema_version());
  CHECK(r.backup == backup);
  CHECK(schema_version(db) == current_schema_version());
  CHECK(query_int(db, "SELECT count(*) FROM agency") == 1);
  CHECK(query_int(db, "SELECT count(*) FROM code_list WHERE list = 'country'") > 200);

  REQUIRE(fs::exists(backup));
  Database old(backup, Mode::read_only);
  CHECK(schema_version(old) == 1);
  CHECK(pragma(old, "application_id") == kApplicationId);
  CHECK(query_int(old, "SELECT count(*) FROM agency") == 1);
  CHECK(query_int(old, "SELECT count(*) FROM code_list") == 0);  // taken before migration 2
}

// The backup holds the same personal data as the library: it must be as private (VACUUM INTO
// alone would create it 0644 less the umask).
TEST_CASE("migrate: the backup before an upgrade is readable by its owner only") {
  TempDir dir("migrate");
  ScopedUmask umask_guard(022);
  const std::string path = dir.file("hotro.db");
  make_version_1_library(path);
  Database db(path, Mode::read_write);
  const MigrateResult r = migrate(db);
  REQUIRE_FALSE(r.backup.empty());
  REQUIRE(fs::exists(r.backup));
  CHECK(mode_of(r.backup) == 0600);
}

TEST_CASE("migrate: an in-memory library works and is never backed up") {
  auto db = new_library(":memory:");
  CHECK(schema_version(*db) == current_schema_version());
  CHECK(pragma(*db, "application_id") == kApplicationId);
  CHECK(migrate(*db).backup.empty());
  CHECK(query_int(*db, "SELECT count(*) FROM code_list WHERE list = 'yesno'") == 2);
}

TEST_CASE("database: statements bind values and read them back, NULLs included") {
  auto db = new_library(":memory:");
  db->exec("CREATE TEMP TABLE t (a INTEGER, b TEXT, c TEXT, d INTEGER)");
  Statement ins(*db, "INSERT INTO t VALUES (?, ?, ?, ?)");
  ins.bind(1, int64_t{1} << 40).bind(2, "Hà Nội'; DROP TABLE t; --");
  ins.bind(3, std::optional<std::string>{}).bind(4, std::optional<int64_t>{7}).run();
  CHECK(db->changes() == 1);
  CHECK(db->last_insert_id() == 1);
  ins.bind(1, 2).bind(2, std::string("x")).bind_null(3).run();  // 4 left unbound: NULL
  CHECK(db->last_insert_id() == 2);

  Statement sel(*db, "SELECT a, b, c, d FROM t ORDER BY rowid");
  CHECK(sel.columns() == 4);
  CHECK(sel.column_name(1) == "b");
  REQUIRE(sel.step());
  CHECK(sel.int64(0) == (int64_t{1} << 40));
  CHECK(sel.text(1) == "Hà Nội'; DROP TABLE t; --");  // bound, never formatted into SQL
  CHECK(sel.is_null(2));
  CHECK(sel.opt_text(2) == std::nullopt);
  CHECK(sel.text(2).empty());
  CHECK(sel.opt_int64(3) == 7);
  REQUIRE(sel.step());
  CHECK(sel.opt_int64(3) == std::nullopt);  // reset() cleared the earlier binding
  CHECK_FALSE(sel.step());
}

TEST_CASE("database: SQLite errors map to exit codes") {
  auto db = new_library(":memory:");
  SUBCASE("a constraint is bad data") {
    const std::string msg = error_of(
        [&] { db->exec("INSERT INTO code_list (list, code, label_vi, label_en) "
                       "VALUES ('sex', 'F', 'x', 'x')"); },
        Exit::data);
    CHECK(contains(msg, "UNIQUE"));
    Statement st(*db, "INSERT INTO code_alias (list, variant, code) VALUES ('sex', 'zz', 'nope')");
    error_of([&] { st.run(); }, Exit::data);  // foreign keys are on
  }
  SUBCASE("bad SQL is a software error") {
    error_of([&] { db->exec("SELEKT 1"); }, Exit::software);
    error_of([&] { Statement st(*db, "SELECT * FROM no_such_table"); }, Exit::software);
  }
}

TEST_CASE("database: transactions roll back unless committed") {
  auto db = new_library(":memory:");
  {
    Transaction tx(*db);
    db->exec("INSERT INTO agency (name, name_folded) VALUES ('A', 'a')");
    CHECK(query_int(*db, "SELECT count(*) FROM agency") == 1);
  }
  CHECK(query_int(*db, "SELECT count(*) FROM agency") == 0);
  {
    Transaction tx(*db);
    db->exec("INSERT INTO agency (name, name_folded) VALUES ('B', 'b')");
    tx.commit();
  }
  CHECK(query_int(*db, "SELECT count(*) FROM agency") == 1);
}

TEST_CASE("database: a writer that waits past the busy timeout gets 'try again' (75)") {
  TempDir dir("migrate");
  const std::string path = dir.file("hotro.db");
  auto first = new_library(path);
  Transaction holding(*first);
  Database second(path, Mode::read_write, /*busy_timeout_ms=*/50);
  const std::string msg = error_of([&] { Transaction tx(second); }, Exit::tempfail);
  CHECK(contains(msg, "busy"));
  CHECK(contains(msg, path));
  // A reader is not blocked by the writer (WAL).
  Database reader(path, Mode::read_only, 50);
  CHECK(query_int(reader, "SELECT count(*) FROM code_list WHERE list = 'sex'") == 2);
}

TEST_CASE("database: a read-only library refuses writes with an I/O error") {
  TempDir dir("migrate");
  const std::string path = dir.file("hotro.db");
  new_library(path);
  Database ro(path, Mode::read_only);
  CHECK_NOTHROW(require_current(ro));
  error_of([&] { ro.exec("INSERT INTO agency (name, name_folded) VALUES ('A', 'a')"); },
           Exit::ioerr);
}
