// SPDX-License-Identifier: MIT
#define SQLITE_ENABLE_PREUPDATE_HOOK 1  // declares sqlite3_preupdate_* (Debian builds it in)
#include "db/seal.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "clock.h"
#include "db/database.h"
#include "db/migrate.h"
#include "error.h"
#include "i18n.h"

namespace hotro::db {

namespace {

// A row's hash: SHA-256 of the table name and each column value, typed and length-prefixed so
// that no two different rows serialise alike. A number is hashed as an integer when it is a
// whole number (SQLite may hand the same stored value back as either).
class RowHasher {
 public:
  template <typename ValueAt>
  std::array<unsigned char, 32> hash(const std::string& table, int n, ValueAt value_at) {
    buf_.assign(table);
    buf_ += '\0';
    for (int i = 0; i < n; ++i) put(value_at(i));
    sha_.update(buf_);
    return sha_.bytes();
  }

 private:
  void put_u64(uint64_t v) {
    char bytes[8];
    for (int b = 0; b < 8; ++b) bytes[b] = static_cast<char>((v >> (8 * b)) & 0xFF);
    buf_.append(bytes, 8);
  }
  void put(sqlite3_value* v) {
    switch (v ? sqlite3_value_type(v) : SQLITE_NULL) {
      case SQLITE_INTEGER:
        buf_ += 'i';
        put_u64(static_cast<uint64_t>(sqlite3_value_int64(v)));
        break;
      case SQLITE_FLOAT: {
        const double d = sqlite3_value_double(v);
        if (std::nearbyint(d) == d && std::fabs(d) < 9.0e18) {
          buf_ += 'i';
          put_u64(static_cast<uint64_t>(static_cast<int64_t>(d)));
        } else {
          uint64_t bits = 0;
          std::memcpy(&bits, &d, sizeof bits);
          buf_ += 'r';
          put_u64(bits);
        }
        break;
      }
      case SQLITE_TEXT:
      case SQLITE_BLOB: {
        const bool text = sqlite3_value_type(v) == SQLITE_TEXT;
        // The bytes as stored, text too (a library is UTF-8): sqlite3_value_text would first copy
        // each value of a row being written, to end it with a NUL.
        const void* p = sqlite3_value_blob(v);
        const int len = sqlite3_value_bytes(v);
        buf_ += text ? 't' : 'b';
        put_u64(static_cast<uint64_t>(len));
        if (len > 0) buf_.append(static_cast<const char*>(p), static_cast<size_t>(len));
        break;
      }
      default:
        buf_ += 'n';
    }
  }
  std::string buf_;
  Sha256 sha_;
};

StateDigest::Lanes lanes_of(const std::array<unsigned char, 32>& h) {
  StateDigest::Lanes l{};
  for (size_t i = 0; i < 4; ++i)
    for (size_t b = 0; b < 8; ++b) l[i] |= static_cast<uint64_t>(h[8 * i + b]) << (8 * b);
  return l;
}

bool table_exists(Database& db, std::string_view name) {
  Statement st(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
  st.bind(1, name);
  return st.step();
}

void preupdate(void* ctx, sqlite3*, int op, const char* db_name, const char* table, sqlite3_int64,
               sqlite3_int64) {
  if (std::strcmp(db_name, "main") == 0) static_cast<SealTracker*>(ctx)->on_change(table, op);
}

std::string seal_hash(const std::string& prev, int64_t id, const std::optional<int64_t>& audit_id,
                      const std::string& audit_hash, const std::string& reason,
                      const std::string& digest) {
  return sha256_hex(fmt::format("{}|{}|{}|{}|{}|{}", prev, id, audit_id ? std::to_string(*audit_id) : "",
                                audit_hash, reason, digest));
}

std::string audit_hash_of(Database& db, int64_t id) {
  Statement st(db, "SELECT hash FROM audit WHERE id = ?");
  st.bind(1, id);
  return st.step() ? st.text(0) : std::string();
}

const std::string kGenesis(64, '0');
constexpr int kSealSchema = 9;  // schemas/0009_seal.sql

}  // namespace

const std::vector<std::string>& sealed_tables() {
  static const std::vector<std::string> tables{
      "agency",        "agency_merge",   "case_event",        "case_exploitation", "case_file",
      "case_minor",    "change_set",     "field_change",      "person",            "person_merge",
      "referral",      "report_period",  "report_snapshot",   "support"};
  return tables;
}

// --- StateDigest ---

void StateDigest::add(const std::string& table, const std::array<unsigned char, 32>& row_hash) {
  const Lanes l = lanes_of(row_hash);
  Lanes& t = tables_[table];
  for (size_t i = 0; i < 4; ++i) t[i] += l[i];
}

void StateDigest::sub(const std::string& table, const std::array<unsigned char, 32>& row_hash) {
  const Lanes l = lanes_of(row_hash);
  Lanes& t = tables_[table];
  for (size_t i = 0; i < 4; ++i) t[i] -= l[i];
}

void StateDigest::add(const StateDigest& other) {
  for (const auto& [name, l] : other.tables_) {
    Lanes& t = tables_[name];
    for (size_t i = 0; i < 4; ++i) t[i] += l[i];
  }
}

bool StateDigest::empty() const {
  return std::all_of(tables_.begin(), tables_.end(), [](const auto& t) {
    return t.second == Lanes{};
  });
}

std::string StateDigest::to_text() const {
  std::string out;
  for (const std::string& name : sealed_tables()) {
    auto it = tables_.find(name);
    const Lanes l = it == tables_.end() ? Lanes{} : it->second;
    if (!out.empty()) out += ' ';
    out += fmt::format("{}:{:016x}{:016x}{:016x}{:016x}", name, l[0], l[1], l[2], l[3]);
  }
  return out;
}

StateDigest StateDigest::from_text(std::string_view text) {
  StateDigest d;
  auto bad = [&] {
    return Error(Exit::data, fmt::format(fmt::runtime(tr("niêm phong hỏng: '{}'", "malformed seal: '{}'")),
                                         text.substr(0, 80)));
  };
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view item = text.substr(pos, end - pos);
    const size_t colon = item.find(':');
    if (colon == std::string_view::npos || item.size() - colon - 1 != 64) throw bad();
    Lanes l{};
    for (size_t i = 0; i < 4; ++i) {
      const std::string hex(item.substr(colon + 1 + 16 * i, 16));
      if (hex.find_first_not_of("0123456789abcdef") != std::string::npos) throw bad();
      l[i] = std::stoull(hex, nullptr, 16);
    }
    d.tables_[std::string(item.substr(0, colon))] = l;
    pos = end + 1;
  }
  return d;
}

std::vector<std::string> StateDigest::differences(const StateDigest& other) const {
  std::vector<std::string> out;
  for (const std::string& name : sealed_tables()) {
    auto a = tables_.find(name), b = other.tables_.find(name);
    const Lanes la = a == tables_.end() ? Lanes{} : a->second;
    const Lanes lb = b == other.tables_.end() ? Lanes{} : b->second;
    if (la != lb) out.push_back(name);
  }
  return out;
}

StateDigest compute_state(Database& db) {
  StateDigest d;
  RowHasher hasher;
  for (const std::string& table : sealed_tables()) {
    if (!table_exists(db, table)) continue;
    sqlite3_stmt* st = nullptr;
    const std::string sql = fmt::format("SELECT * FROM \"{}\"", table);
    int rc = sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &st, nullptr);
    if (rc != SQLITE_OK) db.fail(rc, table);
    const int n = sqlite3_column_count(st);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
      d.add(table, hasher.hash(table, n, [&](int i) { return sqlite3_column_value(st, i); }));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) db.fail(rc, table);
  }
  return d;
}

// --- SealTracker ---

SealTracker::SealTracker(Database& db) : db_(db) { sqlite3_preupdate_hook(db.handle(), preupdate, this); }

SealTracker::~SealTracker() { sqlite3_preupdate_hook(db_.handle(), nullptr, nullptr); }

void SealTracker::begin() {
  pending_ = {};
  saved_.clear();
  recompute_ = false;
}

void SealTracker::savepoint() { saved_.push_back(pending_); }

void SealTracker::release_savepoint() {
  if (!saved_.empty()) saved_.pop_back();
}

void SealTracker::rollback_savepoint() {
  if (saved_.empty()) return;
  pending_ = std::move(saved_.back());
  saved_.pop_back();
}

void SealTracker::rollback() { begin(); }

// By name each time: the schema can be reloaded within a connection (an index dropped and made
// again), and a table's name may then sit at an address another table's name had.
int SealTracker::sealed_index(const char* table) {
  const auto& all = sealed_tables();
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i] == table) return static_cast<int>(i);
  return -1;
}

void SealTracker::on_change(const char* table, int op) {
  const int index = sealed_index(table);
  if (index < 0) return;
  const std::string& name = sealed_tables()[static_cast<size_t>(index)];
  thread_local RowHasher hasher;
  sqlite3* h = db_.handle();
  const int n = sqlite3_preupdate_count(h);
  if (op == SQLITE_UPDATE || op == SQLITE_DELETE)
    pending_.sub(name, hasher.hash(name, n, [&](int i) {
      sqlite3_value* v = nullptr;
      sqlite3_preupdate_old(h, i, &v);
      return v;
    }));
  if (op == SQLITE_UPDATE || op == SQLITE_INSERT)
    pending_.add(name, hasher.hash(name, n, [&](int i) {
      sqlite3_value* v = nullptr;
      sqlite3_preupdate_new(h, i, &v);
      return v;
    }));
}

void SealTracker::before_commit() {
  if (!table_exists(db_, "seal")) {  // a library not yet upgraded to schema 9
    pending_ = {};
    return;
  }
  std::optional<int64_t> last_id, last_audit, newest_audit;
  std::string prev = kGenesis, last_digest;
  {
    Statement st(db_, "SELECT id, audit_id, digest, hash FROM seal ORDER BY id DESC LIMIT 1");
    if (st.step()) {
      last_id = st.int64(0);
      last_audit = st.opt_int64(1);
      last_digest = st.text(2);
      prev = st.text(3);
    }
  }
  {
    Statement st(db_, "SELECT max(id) FROM audit");
    if (st.step()) newest_audit = st.opt_int64(0);
  }
  StateDigest state;
  std::string reason;
  if (!last_id || recompute_) {
    // The first seal, or `hotro audit seal`: the data as it stands.
    state = compute_state(db_);
    reason = recompute_ && !upgrading_ ? "write" : "upgrade";
    recompute_ = false;
  } else {
    const bool new_entries = newest_audit && (!last_audit || *newest_audit > *last_audit);
    if (pending_.empty() && !new_entries) return;
    state = StateDigest::from_text(last_digest);
    state.add(pending_);
    reason = upgrading_ ? "upgrade" : new_entries ? "write" : "unaudited";
  }
  const int64_t id = last_id.value_or(0) + 1;
  const std::string digest = state.to_text();
  const std::string audit_hash = newest_audit ? audit_hash_of(db_, *newest_audit) : std::string();
  Statement ins(db_, "INSERT INTO seal (id, audit_id, reason, digest, prev_hash, hash) "
                     "VALUES (?,?,?,?,?,?)");
  ins.bind(1, id).bind(2, newest_audit).bind(3, reason).bind(4, digest).bind(5, prev);
  ins.bind(6, seal_hash(prev, id, newest_audit, audit_hash, reason, digest)).run();
  pending_ = {};
}

// --- verification ---

std::vector<std::string> unsealed_tables(Database& db) {
  Statement st(db, "SELECT digest FROM seal ORDER BY id DESC LIMIT 1");
  if (!st.step()) return sealed_tables();  // the seals were deleted: nothing is sealed
  return StateDigest::from_text(st.text(0)).differences(compute_state(db));
}

std::vector<SealProblem> verify_state(Database& db, int64_t& seals) {
  std::vector<SealProblem> problems;
  seals = 0;
  // Schema 9 writes the first seal as it is installed: a library without one lost it.
  const SealProblem lost{0, tr("các niêm phong của dữ liệu đã bị xóa", "the data's seals were deleted")};
  if (!table_exists(db, "seal")) return schema_version(db) < kSealSchema ? problems : std::vector{lost};
  Statement st(db, "SELECT id, audit_id, reason, digest, prev_hash, hash FROM seal ORDER BY id");
  std::string prev = kGenesis, digest;
  std::optional<int64_t> audit_id;
  int64_t expected = 1;
  while (st.step()) {
    ++seals;
    const int64_t id = st.int64(0);
    audit_id = st.opt_int64(1);
    const std::string reason = st.text(2);
    digest = st.text(3);
    const int64_t at = audit_id.value_or(0);
    if (id != expected)
      problems.push_back({at, fmt::format(fmt::runtime(tr("thiếu niêm phong {}..{} (đã bị xóa)",
                                                          "seals {}..{} are missing (deleted)")),
                                          expected, id - 1)});
    if (st.text(4) != prev)
      problems.push_back({at, fmt::format(fmt::runtime(tr("niêm phong #{} không nối tiếp niêm phong "
                                                          "liền trước",
                                                          "seal #{} does not follow the previous seal")),
                                          id)});
    const std::string audit_hash = audit_id ? audit_hash_of(db, *audit_id) : std::string();
    if (seal_hash(st.text(4), id, audit_id, audit_hash, reason, digest) != st.text(5))
      problems.push_back({at, fmt::format(fmt::runtime(tr("niêm phong #{} đã bị sửa, hoặc mục nhật ký "
                                                          "nó gắn với đã bị sửa",
                                                          "seal #{} was changed, or the audit entry it "
                                                          "is tied to was")),
                                          id)});
    if (reason == "unaudited")
      problems.push_back({at, fmt::format(fmt::runtime(tr("niêm phong #{}: dữ liệu đã được ghi mà không "
                                                          "có mục nhật ký",
                                                          "seal #{}: data was written without an "
                                                          "audit entry")),
                                          id)});
    prev = st.text(5);
    expected = id + 1;
  }
  if (!seals) return {lost};
  StateDigest sealed;
  try {
    sealed = StateDigest::from_text(digest);
  } catch (const Error& e) {
    problems.push_back({audit_id.value_or(0), e.what()});
    return problems;
  }
  for (const std::string& table : sealed.differences(compute_state(db)))
    problems.push_back({audit_id.value_or(0),
                        fmt::format(fmt::runtime(tr("bảng {}: dữ liệu khác với niêm phong cuối "
                                                    "(#{}): đã bị sửa, thêm hoặc xóa ngoài hotro",
                                                    "table {}: the rows differ from the last seal "
                                                    "(#{}): changed, added or deleted outside hotro")),
                                    table, seals)});
  return problems;
}

}  // namespace hotro::db
