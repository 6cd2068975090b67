// SPDX-License-Identifier: MIT
#include "db/database.h"
#include "db/functions.h"
#include "db/key.h"
#include "db/seal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "error.h"
#include "i18n.h"

namespace hotro::db {

namespace {

Exit exit_for(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Exit::tempfail;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY: return Exit::ioerr;
    case SQLITE_CANTOPEN: return Exit::cantcreat;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH: return Exit::data;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Exit::ioerr;  // the library file is damaged or not a library
    default: return Exit::software;
  }
}

}  // namespace

// A new library holds personal data about victims: create it readable by its owner only,
// before SQLite opens it (SQLite would otherwise create it with the umask's permissions).
void create_private_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return;
    throw Error(Exit::cantcreat,
                fmt::format(fmt::runtime(tr("không tạo được thư viện hồ sơ '{}': {}",
                                            "cannot create library '{}': {}")),
                            path, sys_error(errno)));
  }
  ::close(fd);
}

void fsync_path(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

Database::Database(const std::string& path, Mode mode, int busy_timeout_ms, const Key* key)
    : path_(path) {
  const Key& k = key ? *key : default_key();
  bool exists = path == ":memory:" || std::filesystem::exists(path);
  if (!exists && mode != Mode::create)
    throw Error(Exit::noinput,
                fmt::format(fmt::runtime(tr("không có thư viện hồ sơ tại '{}' (tạo bằng lệnh "
                                            "'hotro init')",
                                            "no case library at '{}' (create one with 'hotro init')")),
                            path));
  require_cipher_for(k);  // before a new file is made for a key this build cannot use
  if (!exists) create_private_file(path);
  int flags = mode == Mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  // hotro never asks SQLite how much memory it holds: without that count each of its allocations
  // skips a mutex (3.5% fewer instructions in an import). Only possible before SQLite's first use.
  static const int memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)memstatus_off;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(mode == Mode::read_only ? Exit::noinput : Exit::cantcreat,
                fmt::format(fmt::runtime(tr("không mở được thư viện hồ sơ '{}': {}",
                                            "cannot open library '{}': {}")),
                            path, msg));
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, busy_timeout_ms);
  try {
    add_functions(db_);
    apply_key(db_, k);
    // Touch the file so that "not a database" shows here, with the path, not later.
    exec("PRAGMA foreign_keys = ON; SELECT count(*) FROM sqlite_schema;");
    if (has_moved()) throw replaced();
    if (mode != Mode::read_only) {
      exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768;");
      seal_ = std::make_unique<SealTracker>(*this);
    } else if (!k.empty()) {
      // In an encrypted library every page read from the file is decrypted and its HMAC checked
      // again, where a plain one is served from the OS cache: readers keep up to 128 MiB of
      // pages (a list of 200,000 cases: 4.7 s with SQLite's 2 MiB, 1.2 s, as plain, with this).
      exec("PRAGMA cache_size = -131072;");
    }
  } catch (const Error& e) {
    const bool not_a_db = sqlite3_errcode(db_) == SQLITE_NOTADB;
    const bool moved = has_moved();  // the old file, maybe under the old key (not a database)
    drop_statements();
    sqlite3_close(db_);
    db_ = nullptr;
    if (moved) throw replaced();
    // A key that does not fit the file shows as "file is not a database": say which it is.
    // Only a key given for a plain file is surely a wrong setting (78); an encrypted file opened
    // without its key looks like a damaged one, and stays "cannot open" (74).
    const std::string reason = not_a_db ? key_mismatch_reason(path, k) : std::string();
    const bool key_for_plain_file = not_a_db && !k.empty() && is_plain_file(path);
    throw Error(key_for_plain_file ? Exit::config : e.code(),
                fmt::format(fmt::runtime(tr("không mở được thư viện hồ sơ '{}': {}",
                                            "cannot open library '{}': {}")),
                            path, reason.empty() ? e.what() : reason));
  }
}

// A library replaced while this open waited for it ('hotro key set' renames a new file into
// place) leaves this connection on the old file: refused rather than read or written.
bool Database::has_moved() const {
  int moved = 0;
  return sqlite3_file_control(db_, "main", SQLITE_FCNTL_HAS_MOVED, &moved) == SQLITE_OK && moved;
}

Error Database::replaced() const {
  return Error(Exit::tempfail,
               fmt::format(fmt::runtime(tr("thư viện '{}' vừa được thay bằng một tệp mới (hotro key "
                                           "set); hãy thử lại",
                                           "library '{}' was just replaced by a new file (hotro key "
                                           "set); try again")),
                           path_));
}

Database::~Database() {
  seal_.reset();  // unhooks before the connection goes
  drop_statements();
  sqlite3_close_v2(db_);
}

void Database::drop_statements() const {
  for (auto& [sql, st] : idle_) sqlite3_finalize(st);
  idle_.clear();
}

void Database::exec(std::string_view sql) {
  char* err = nullptr;
  std::string s(sql);
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw Error(exit_for(rc), msg);
  }
}

void Database::fail(int rc, std::string_view context) const {
  Exit code = exit_for(rc);
  if (code == Exit::tempfail)
    throw Error(code, fmt::format(fmt::runtime(tr("thư viện hồ sơ '{}' đang bận (một hotro khác "
                                                  "đang ghi); hãy thử lại",
                                                  "library '{}' is busy (another hotro is writing); "
                                                  "try again")),
                                  path_));
  throw Error(code, fmt::format("{}: {}", context, sqlite3_errmsg(db_)));
}

// At most this many statements wait with a connection; beyond, one is finalised. hotro's
// statements are a few hundred texts, a few KiB each.
constexpr size_t kIdleStatements = 128;

Statement::Statement(const Database& db, std::string_view sql) : db_(db), sql_(sql) {
  if (auto it = db.idle_.find(sql_); it != db.idle_.end()) {
    st_ = it->second;
    db.idle_.erase(it);
    return;
  }
  int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &st_, nullptr);
  if (rc != SQLITE_OK)
    db.fail(rc, fmt::format(fmt::runtime(tr("không chuẩn bị được câu lệnh '{}'", "cannot prepare '{}'")),
                            sql.substr(0, 60)));
}

Statement::~Statement() {
  if (!st_) return;
  // Reset, it holds no lock and no bound text: it can wait with the connection.
  sqlite3_reset(st_);
  sqlite3_clear_bindings(st_);
  if (db_.idle_.size() >= kIdleStatements) {
    sqlite3_finalize(db_.idle_.begin()->second);
    db_.idle_.erase(db_.idle_.begin());
  }
  try {
    db_.idle_.emplace(std::move(sql_), st_);
  } catch (...) {  // no memory: nothing throws from a destructor
    sqlite3_finalize(st_);
  }
}

Statement& Statement::bind(int i, int64_t v) {
  sqlite3_bind_int64(st_, i, v);
  return *this;
}

Statement& Statement::bind(int i, std::string_view v) {
  sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int i, const std::optional<std::string>& v) {
  return v ? bind(i, std::string_view(*v)) : bind_null(i);
}

Statement& Statement::bind(int i, const std::optional<int64_t>& v) {
  return v ? bind(i, *v) : bind_null(i);
}

Statement& Statement::bind_static(int i, std::string_view v) {
  sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::bind_static(int i, const std::optional<std::string>& v) {
  return v ? bind_static(i, std::string_view(*v)) : bind_null(i);
}

Statement& Statement::bind_null(int i) {
  sqlite3_bind_null(st_, i);
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(st_);
  db_.fail(rc, tr("lỗi cơ sở dữ liệu", "database error"));
}

void Statement::run() {
  step();
  reset();
}

void Statement::reset() {
  sqlite3_reset(st_);
  sqlite3_clear_bindings(st_);
}

std::string Statement::text(int col) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(st_, col));
  return p ? std::string(p, sqlite3_column_bytes(st_, col)) : std::string();
}

std::optional<std::string> Statement::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

std::optional<int64_t> Statement::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

// Inside another transaction, a savepoint: a batch can wrap steps that each open their own
// transaction, and undo one step without the others.
Transaction::Transaction(Database& db) : db_(db), nested_(!sqlite3_get_autocommit(db.handle())) {
  int rc = sqlite3_exec(db.handle(), nested_ ? "SAVEPOINT hotro_step" : "BEGIN IMMEDIATE", nullptr,
                        nullptr, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, tr("không bắt đầu được giao dịch", "cannot begin a transaction"));
  if (SealTracker* seal = db.seal()) nested_ ? seal->savepoint() : seal->begin();
}

Transaction::~Transaction() {
  if (done_) return;
  if (nested_)
    sqlite3_exec(db_.handle(), "ROLLBACK TO hotro_step; RELEASE hotro_step", nullptr, nullptr, nullptr);
  else
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  if (SealTracker* seal = db_.seal()) nested_ ? seal->rollback_savepoint() : seal->rollback();
}

void Transaction::commit() {
  SealTracker* seal = db_.seal();
  if (seal && !nested_) seal->before_commit();  // the seal row is part of what commits
  int rc = sqlite3_exec(db_.handle(), nested_ ? "RELEASE hotro_step" : "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) db_.fail(rc, tr("không lưu được các thay đổi", "cannot commit"));
  if (seal && nested_) seal->release_savepoint();
  done_ = true;
}

}  // namespace hotro::db
