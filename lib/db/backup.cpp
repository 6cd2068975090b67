// SPDX-License-Identifier: MIT
#include "db/backup.h"

#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "db/migrate.h"
#include "error.h"
#include "i18n.h"
#include "remove_on_signal.h"

namespace hotro::db {

namespace {

// Copies every page of `from` into `to` in one step (one read snapshot of `from`).
void copy_pages(sqlite3* from, sqlite3* to, const Database& errors_of) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (!b) errors_of.fail(sqlite3_errcode(to), "backup");
  int rc = sqlite3_backup_step(b, -1);
  int finish = sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) errors_of.fail(rc, "backup");
  if (finish != SQLITE_OK) errors_of.fail(finish, "backup");
}

void integrity_check(Database& db) {
  Statement st(db, "PRAGMA integrity_check");
  std::string result = st.step() ? st.text(0) : "";
  if (result != "ok")
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("'{}' bị hỏng (integrity_check: {})",
                                                        "'{}' is damaged (integrity_check: {})")),
                                        db.path(), result));
}

// Copies `src` to the new file `dest` through a temporary file; see backup_to().
void copy_to_new_file(Database& src, const std::string& dest, std::optional<RemoveOnSignal>* mark = nullptr) {
  if (std::filesystem::exists(dest))
    throw Error(Exit::cantcreat, fmt::format(fmt::runtime(tr("'{}' đã có; không ghi đè lên bản sao",
                                                             "'{}' exists; a copy is never "
                                                             "written over")),
                                             dest));
  const std::string tmp = fmt::format("{}.tmp-{}", dest, ::getpid());
  std::filesystem::remove(tmp);
  const RemoveOnSignal marked(tmp), journal(tmp + "-journal");  // gone if a signal stops the copy
  try {
    {
      Database copy(tmp, Mode::create);
      copy.exec("PRAGMA journal_mode = DELETE");  // a single self-contained file
      copy_pages(src.handle(), copy.handle(), copy);
      integrity_check(copy);
    }
    fsync_path(tmp);
    if (mark) mark->emplace(dest);  // from the moment it has its name
    std::filesystem::rename(tmp, dest);
  } catch (const std::exception& e) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    std::filesystem::remove(tmp + "-journal", ec);
    // "backup: disk I/O error" alone does not say which file could not be written.
    const Exit code = dynamic_cast<const Error*>(&e) ? static_cast<const Error&>(e).code() : Exit::ioerr;
    throw Error(code, fmt::format(fmt::runtime(tr("không ghi được bản sao '{}': {}", "cannot write the copy '{}': {}")),
                                  dest, e.what()));
  }
}

}  // namespace

void backup_to(Database& src, const std::string& dest, std::optional<RemoveOnSignal>* unaudited) {
  copy_to_new_file(src, dest, unaudited);
}

int check_library_file(const std::string& path) {
  if (!std::filesystem::is_regular_file(path))
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có tệp '{}'", "no file '{}'")),
                                           path));
  Database db(path, Mode::read_only);
  integrity_check(db);
  check_library(db);
  const int version = schema_version(db);
  if (version == 0)  // an empty file (a copy cut short) passes check_library, which init accepts
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("'{}' không phải là một thư viện hotro: tệp rỗng hoặc chưa "
                                                        "được khởi tạo (có thể là bản sao bị cắt ngắn)",
                                                        "'{}' is not a hotro library: the file is empty or was never "
                                                        "initialised (perhaps a copy cut short)")),
                                        path));
  return version;
}

void restore_from(Database& live, const std::string& source, const std::string& aside) {
  check_library_file(source);
  copy_to_new_file(live, aside);
  try {
    Database from(source, Mode::read_only);
    copy_pages(from.handle(), live.handle(), live);
  } catch (...) {  // nothing was replaced (busy beyond the wait): the copy set aside goes too
    std::error_code ec;
    std::filesystem::remove(aside, ec);
    throw;
  }
}

namespace {

std::optional<std::string> audit_hash_at(Database& db, int64_t id) {
  Statement st(db, "SELECT hash FROM audit WHERE id = ?");
  st.bind(1, id);
  return st.step() ? std::optional<std::string>(st.text(0)) : std::nullopt;
}

int64_t newest_audit_id(Database& db) {
  Statement st(db, "SELECT coalesce(max(id), 0) FROM audit");
  return st.step() ? st.int64(0) : 0;
}

}  // namespace

nlohmann::ordered_json trail_beyond(Database& live, Database& backup) {
  // Each entry's hash covers the one before it, so two trails that agree at an entry agree up
  // to it: the last shared entry is found by halving.
  int64_t lo = 0, hi = std::min(newest_audit_id(live), newest_audit_id(backup));
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo + 1) / 2;
    const auto a = audit_hash_at(live, mid);
    if (a && a == audit_hash_at(backup, mid)) lo = mid;
    else hi = mid - 1;
  }
  nlohmann::ordered_json out{{"shared_up_to", lo}, {"dropped", 0}, {"copies", nlohmann::ordered_json::array()}};
  Statement count(live, "SELECT count(*) FROM audit WHERE id > ?");
  count.bind(1, lo);
  if (count.step()) out["dropped"] = count.int64(0);
  Statement copies(live, "SELECT id, at, actor, command, action, detail FROM audit WHERE id > ? "
                         "AND action IN ('backup', 'export') ORDER BY id");
  copies.bind(1, lo);
  while (copies.step()) {
    nlohmann::ordered_json e{{"id", copies.int64(0)}, {"at", copies.text(1)}, {"actor", copies.text(2)},
                             {"command", copies.text(3)}, {"action", copies.text(4)}, {"detail", nullptr}};
    if (!copies.is_null(5)) e["detail"] = nlohmann::ordered_json::parse(copies.text(5), nullptr, false);
    out["copies"].push_back(std::move(e));
  }
  return out;
}

}  // namespace hotro::db
