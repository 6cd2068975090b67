// SPDX-License-Identifier: MIT
// A small RAII layer over SQLite: Database, Statement, Transaction. Values are always bound,
// never formatted into SQL text. Nothing throws from a destructor.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "error.h"

namespace hotro::db {

/// Creates an empty file readable and writable by its owner only (0600), unless it exists.
/// The library and every copy of it (upgrade backups) hold personal data about victims.
void create_private_file(const std::string& path);

/// Flushes a file (or a folder, after a rename in it) to disk; best effort.
void fsync_path(const std::string& path);

enum class Mode { read_only, read_write, create };

class SealTracker;  // db/seal.h
struct Key;         // db/key.h

class Database {
 public:
  /// Opens (or with Mode::create, creates with owner-only permissions) the library at `path`,
  /// in WAL mode with foreign keys on and a busy timeout. Throws hotro::Error: 66 when a
  /// read-only/read-write library does not exist, 73/74 when it cannot be created or opened,
  /// 78 when a key is given for a plain library or to a build without SQLCipher. An encrypted
  /// library (db/key.h) is opened with `key`, else with default_key() (--key-file,
  /// HOTRO_KEY_FILE, HOTRO_KEY); a new library is made with that key.
  Database(const std::string& path, Mode mode, int busy_timeout_ms = 30000,
           const Key* key = nullptr);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }
  /// Runs SQL without results (may hold several statements). Throws hotro::Error.
  void exec(std::string_view sql);
  int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }

  /// Maps an SQLite result code to a hotro::Error (busy → 75, I/O → 74, constraint → 65, ...).
  [[noreturn]] void fail(int rc, std::string_view context) const;

  /// What this connection writes to the case tables, sealed at each commit (db/seal.h);
  /// null on a read-only connection.
  SealTracker* seal() const { return seal_.get(); }

 private:
  friend class Statement;
  bool has_moved() const;
  Error replaced() const;
  void drop_statements() const;

  sqlite3* db_ = nullptr;
  // Statements done with, reset, by their SQL text, for the next Statement of the same text:
  // preparing costs more than running most of hotro's statements, and many are made per row
  // (a case loaded for the audit, an entry appended). A connection is used by one thread.
  mutable std::unordered_multimap<std::string, sqlite3_stmt*> idle_;
  std::string path_;
  std::unique_ptr<SealTracker> seal_;
};

class Statement {
 public:
  /// Prepares `sql`, or takes a statement of the same text that an earlier Statement left
  /// with the connection, reset and unbound. The destructor leaves it there in turn; it must
  /// run while the Database lives.
  Statement(const Database& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding, 1-based like SQLite. Empty optionals bind NULL.
  Statement& bind(int i, int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::optional<std::string>& v);
  Statement& bind(int i, const std::optional<int64_t>& v);
  Statement& bind_null(int i);
  /// Binds text without copying it: the caller keeps it alive and unchanged until the
  /// statement is reset (run() resets). For hot loops.
  Statement& bind_static(int i, std::string_view v);
  Statement& bind_static(int i, const std::string& v) { return bind_static(i, std::string_view(v)); }
  Statement& bind_static(int i, const char* v) { return bind_static(i, std::string_view(v)); }
  Statement& bind_static(int i, const std::optional<std::string>& v);

  /// Steps once: true when a row is available, false when done. Throws hotro::Error.
  bool step();
  /// Steps a statement that returns no rows, then resets it for reuse.
  void run();
  /// Resets and clears bindings, for reuse in a loop.
  void reset();

  bool is_null(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
  int64_t int64(int col) const { return sqlite3_column_int64(st_, col); }
  std::string text(int col) const;
  std::optional<std::string> opt_text(int col) const;
  std::optional<int64_t> opt_int64(int col) const;
  int columns() const { return sqlite3_column_count(st_); }
  std::string column_name(int col) const { return sqlite3_column_name(st_, col); }

 private:
  const Database& db_;
  sqlite3_stmt* st_ = nullptr;
  std::string sql_;  // the key it goes back under (Database::idle_)
};

/// BEGIN IMMEDIATE in the constructor (so writers queue on the busy timeout instead of failing
/// later); ROLLBACK in the destructor unless commit() was called. Inside another transaction it
/// is a savepoint (commit() releases it, the destructor rolls back to it).
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool nested_ = false;
  bool done_ = false;
};

}  // namespace hotro::db
