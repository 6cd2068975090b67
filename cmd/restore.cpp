// SPDX-License-Identifier: MIT
// hotro restore FILE: replace the library with a backup, after checking it, keeping the
// replaced library aside.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "audit.h"
#include "clock.h"
#include "common.h"
#include "db/backup.h"
#include "db/migrate.h"
#include "error.h"

namespace hotro::cmd {

namespace {

// "2026-11-25T08:00:00Z" → "20261125T080000Z", for a file name.
std::string compact_time(std::string t) {
  std::erase(t, '-');
  std::erase(t, ':');
  return t;
}

// The backup's own audit trail and seal, before it replaces anything: a copy whose entries or
// case rows were changed behind hotro's back is refused unless --force says to restore it all
// the same (then the problems are recorded in the restore's audit entry).
std::vector<audit::Problem> check_trail(const Global& g, const std::string& file, bool force) {
  db::Database backup(file, db::Mode::read_only);
  std::vector<audit::Problem> problems = audit::verify(backup).problems;
  if (problems.empty() || force) return problems;
  throw Error(Exit::data,
              fmt::format(fmt::runtime(g.tr("'{}': nhật ký hoặc dữ liệu của bản sao đã bị sửa ngoài hotro "
                                            "({} chỗ; đầu tiên: {}); xem 'hotro audit verify --db {}', "
                                            "hoặc dùng --force để vẫn khôi phục",
                                            "'{}': the backup's audit trail or data was changed outside "
                                            "hotro ({} problems; first: {}); see 'hotro audit verify --db {}', "
                                            "or use --force to restore it all the same")),
                          file, problems.size(), problems.front().message, file));
}

// A backup is in WAL mode, like the library it was taken from: opening it, even read-only,
// makes its -wal and -shm files. Those this restore made are removed once it is done with the
// copy (an empty -wal holds nothing; no connection to the copy is open any more).
class SidecarCleanup {
 public:
  explicit SidecarCleanup(const std::string& file) {
    for (const char* suffix : {"-wal", "-shm"}) {
      std::error_code ec;
      const std::string path = file + suffix;
      if (!std::filesystem::exists(path, ec)) made_.push_back(path);
    }
  }
  ~SidecarCleanup() {
    for (const auto& path : made_) {
      std::error_code ec;
      if (path.ends_with("-wal") && std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) != 0)
        return;  // never drop what a -wal holds
    }
    for (const auto& path : made_) {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  }
  SidecarCleanup(const SidecarCleanup&) = delete;
  SidecarCleanup& operator=(const SidecarCleanup&) = delete;

 private:
  std::vector<std::string> made_;
};

void run_restore(const Global& g, const std::string& file, bool force) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const SidecarCleanup cleanup(file);
  if (fs::equivalent(file, g.db_path, ec))
    throw Error(Exit::usage, fmt::format(fmt::runtime(g.tr("'{}' chính là thư viện đang dùng",
                                                           "'{}' is the library itself")),
                                         file));
  const int version = db::check_library_file(file);
  const std::vector<audit::Problem> problems = check_trail(g, file, force);
  const std::string hash = sha256_file(file);
  auto db = g.open_write();
  const std::string replaced_head = audit::verify(*db).head;
  // What the restored trail will not hold: kept in the restore's own entry.
  const audit::json beyond = [&] {
    db::Database backup(file, db::Mode::read_only);
    return db::trail_beyond(*db, backup);
  }();
  // Two restores within the same second each keep their own copy (.before-restore-TIME-2, ...).
  const std::string stem = fmt::format("{}.before-restore-{}", g.db_path, compact_time(now_utc()));
  std::string aside = stem;
  for (int n = 2; fs::exists(aside, ec); ++n) aside = fmt::format("{}-{}", stem, n);
  db::restore_from(*db, file, aside);
  const db::MigrateResult upgraded = db::migrate(*db);  // a backup of an older schema
  db::Transaction tx(*db);
  audit::json detail{{"file", file}, {"sha256", hash}, {"schema_version", version},
                     {"replaced_library_kept_as", aside}, {"replaced_audit_head", replaced_head},
                     {"replaced_trail", beyond}};
  if (!problems.empty()) {  // --force: what the backup's trail and seal showed
    detail["forced_despite"] = audit::json::array();
    for (const auto& p : problems) detail["forced_despite"].push_back({{"id", p.id}, {"message", p.message}});
  }
  audit::append(*db, g.context("restore"),
                {"restore", "library", audit::json::array(), nullptr, nullptr, detail});
  tx.commit();
  if (g.quiet) return;
  std::cout << fmt::format(fmt::runtime(g.tr("Đã khôi phục thư viện {} từ {}; thư viện cũ được giữ ở {}\n",
                                              "Restored library {} from {}; the replaced library "
                                              "is kept as {}\n")),
                           g.db_path, file, aside);
  if (upgraded.from != upgraded.to)
    std::cout << fmt::format(fmt::runtime(g.tr("Đã nâng cấp lược đồ từ phiên bản {} lên {}\n",
                                                "Upgraded the schema from version {} to {}\n")),
                             upgraded.from, upgraded.to);
}

}  // namespace

void register_restore(CLI::App& app, Global& g) {
  auto file = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  auto* sub = app.add_subcommand("restore", "Replace the library with a backup, after checking "
                                            "it; the replaced library is kept (khôi phục)");
  sub->add_option("file", *file, "A backup made by hotro backup")->required();
  sub->add_flag("--force", *force, "Restore even a backup whose audit trail or data was changed "
                                   "outside hotro (the problems are audited)");
  sub->callback([&g, file, force] { run_restore(g, *file, *force); });
}

}  // namespace hotro::cmd
