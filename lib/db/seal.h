// SPDX-License-Identifier: MIT
// The seal of the case data (niêm phong dữ liệu): what lets `hotro audit verify` find a row of
// the case tables changed behind the audit trail's back, e.g. with the sqlite3 shell.
//
// Every row of a sealed table has a hash (SHA-256 of its table name and column values); a
// table's digest is the sum of its rows' hashes (four 64-bit lanes, each added modulo 2^64), so
// it can follow inserts, updates and deletes one row at a time. hotro watches its own writes
// through SQLite's pre-update hook and, when it commits a transaction, appends a row to the
// `seal` table (schemas/0009_seal.sql): the digests after the write, the newest audit entry, and
// a hash chained to the previous seal and to that entry's hash. `verify_state` recomputes the
// digests from the rows: a change that hotro did not make shows as a table whose digest differs
// from the last seal's.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hotro::db {

class Database;

/// The sealed tables: the case data and the records of its changes. Code lists and
/// administrative units come from migrations and are not sealed.
const std::vector<std::string>& sealed_tables();

/// The digests of the sealed tables, by table name.
class StateDigest {
 public:
  using Lanes = std::array<uint64_t, 4>;
  void add(const std::string& table, const std::array<unsigned char, 32>& row_hash);
  void sub(const std::string& table, const std::array<unsigned char, 32>& row_hash);
  void add(const StateDigest& other);
  bool empty() const;  // no change at all (every lane zero)
  /// {"agency":"<64 hex>",...} over every sealed table, in name order: the stored form.
  std::string to_text() const;
  /// Parses to_text(); throws hotro::Error (Exit::data) on anything else.
  static StateDigest from_text(std::string_view text);
  /// The tables whose digests differ.
  std::vector<std::string> differences(const StateDigest& other) const;

 private:
  std::map<std::string, Lanes> tables_;
};

/// Recomputes the digests from every row of the sealed tables.
StateDigest compute_state(Database& db);

/// Follows one connection's writes to the sealed tables (the pre-update hook) and seals them
/// when the outermost transaction commits. Savepoints keep their own share, so a step rolled
/// back inside a batch takes its rows out of the seal too. Owned by the Database.
class SealTracker {
 public:
  explicit SealTracker(Database& db);
  ~SealTracker();
  SealTracker(const SealTracker&) = delete;
  SealTracker& operator=(const SealTracker&) = delete;

  void begin();               // BEGIN
  void savepoint();           // SAVEPOINT
  void release_savepoint();   // RELEASE
  void rollback_savepoint();  // ROLLBACK TO
  void rollback();            // ROLLBACK
  /// Before COMMIT: appends the seal row when rows changed or audit entries were added.
  void before_commit();
  /// While set, a seal is marked as written by a schema upgrade, not by a command.
  void set_upgrading(bool on) { upgrading_ = on; }
  /// This transaction's seal is computed from the rows as they stand (`hotro audit seal`),
  /// not from the last seal and this connection's writes.
  void recompute_on_commit() { recompute_ = true; }

  /// Called by the hook: a row of `table` changes (op: SQLITE_INSERT, _UPDATE or _DELETE).
  void on_change(const char* table, int op);

 private:
  int sealed_index(const char* table);  // -1 when the table is not sealed

  Database& db_;
  StateDigest pending_;
  std::vector<StateDigest> saved_;  // pending_ as each open savepoint began
  bool upgrading_ = false;
  bool recompute_ = false;
};

struct SealProblem {
  int64_t audit_id;     // the audit entry the problem is reported at (0: none)
  std::string message;
};

/// The sealed tables whose rows differ from the last seal (all of them when no seal is left).
std::vector<std::string> unsealed_tables(Database& db);

/// Checks the seal chain and recomputes the state: the problems found (none when intact).
/// `seals` is set to the number of seal rows.
std::vector<SealProblem> verify_state(Database& db, int64_t& seals);

}  // namespace hotro::db
