// SPDX-License-Identifier: MIT
#include "db/migrate.h"

#include <filesystem>

#include <fmt/format.h>

#include "db/seal.h"
#include "error.h"
#include "i18n.h"

namespace hotro::db {

namespace {

int pragma_int(Database& db, const char* pragma) {
  Statement st(db, fmt::format("PRAGMA {}", pragma));
  return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

bool has_tables(Database& db) {
  Statement st(db, "SELECT count(*) FROM sqlite_schema");
  return st.step() && st.int64(0) > 0;
}

void check_identity(Database& db) {
  int app = pragma_int(db, "application_id");
  if (app != kApplicationId && (app != 0 || has_tables(db)))
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("'{}' là tệp SQLite nhưng không phải thư "
                                                        "viện hồ sơ của hotro",
                                                        "'{}' is a SQLite file but not a hotro case "
                                                        "library")),
                                        db.path()));
}

void refuse_newer(Database& db, int version) {
  if (version > current_schema_version())
    throw Error(Exit::data,
                fmt::format(fmt::runtime(tr("thư viện hồ sơ '{}' có lược đồ phiên bản {}, mới hơn "
                                            "bản hotro này (hotro {} chỉ biết lược đồ đến phiên bản "
                                            "{}); hãy dùng bản hotro mới hơn",
                                            "library '{}' has schema version {}, newer than this "
                                            "hotro (version {} knows schema {}); use a newer hotro")),
                            db.path(), version, HOTRO_VERSION, current_schema_version()));
}

}  // namespace

int current_schema_version() {
  const auto& all = embedded_migrations();
  return all.empty() ? 0 : all.back().version;
}

int schema_version(Database& db) { return pragma_int(db, "user_version"); }

void check_library(Database& db) {
  check_identity(db);
  refuse_newer(db, schema_version(db));
}

MigrateResult migrate(Database& db) {
  check_identity(db);
  MigrateResult result;
  result.from = result.to = schema_version(db);
  refuse_newer(db, result.from);
  if (result.from == current_schema_version()) return result;

  if (result.from > 0 && db.path() != ":memory:") {
    result.backup = fmt::format("{}.before-v{}", db.path(), current_schema_version());
    std::filesystem::remove(result.backup);
    create_private_file(result.backup);  // VACUUM INTO fills an empty file and keeps its mode
    Statement st(db, "VACUUM INTO ?");
    st.bind(1, result.backup).run();
  }
  // Rows a migration writes are sealed as an upgrade's, not as a command's without an audit entry.
  struct Upgrading {
    SealTracker* seal;
    explicit Upgrading(SealTracker* s) : seal(s) { if (seal) seal->set_upgrading(true); }
    ~Upgrading() { if (seal) seal->set_upgrading(false); }
  } upgrading(db.seal());
  for (const Migration& m : embedded_migrations()) {
    if (m.version <= result.from) continue;
    Transaction tx(db);
    try {
      db.exec(m.sql);
    } catch (const Error& e) {
      throw Error(Exit::software, fmt::format(fmt::runtime(tr("nâng cấp lược đồ {} không thành "
                                                              "công: {}",
                                                              "migration {} failed: {}")),
                                              m.name, e.what()));
    }
    db.exec(fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {};",
                        kApplicationId, m.version));
    tx.commit();
    result.to = m.version;
  }
  return result;
}

void require_current(Database& db) {
  check_identity(db);
  int v = schema_version(db);
  refuse_newer(db, v);
  if (v == 0)
    throw Error(Exit::noinput,
                fmt::format(fmt::runtime(tr("'{}' chưa phải là thư viện hồ sơ (tạo bằng lệnh "
                                            "'hotro init')",
                                            "'{}' is not a case library yet (create it with "
                                            "'hotro init')")),
                            db.path()));
  if (v < current_schema_version())
    throw Error(Exit::data,
                fmt::format(fmt::runtime(tr("thư viện hồ sơ '{}' có lược đồ phiên bản {}; hãy chạy "
                                            "'hotro init' để nâng cấp lên phiên bản {}",
                                            "library '{}' has schema version {}; run 'hotro init' "
                                            "to upgrade it to version {}")),
                            db.path(), v, current_schema_version()));
}

}  // namespace hotro::db
