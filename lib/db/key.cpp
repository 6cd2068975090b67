// SPDX-License-Identifier: MIT
#include "db/key.h"

#include <sys/stat.h>
#include <unistd.h>

#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include <fmt/format.h>

#include "db/database.h"
#include "db/migrate.h"
#include "error.h"
#include "i18n.h"

namespace hotro::db {

namespace {

std::optional<std::string> g_key_file;  // --key-file

Error no_cipher(const Key& key) {
  return Error(Exit::config,
               fmt::format(fmt::runtime(tr("có khoá ({}) nhưng bản hotro này được dựng không có "
                                           "mã hoá (SQLCipher); dựng lại với -DHOTRO_SQLCIPHER=ON, "
                                           "hoặc bỏ khoá để dùng thư viện không mã hoá",
                                           "a key was given ({}) but this hotro was built without "
                                           "encryption (SQLCipher); rebuild it with "
                                           "-DHOTRO_SQLCIPHER=ON, or give no key for a plain "
                                           "library")),
                           key.origin));
}

std::string one_text(Database& db, const std::string& sql) {
  Statement st(db, sql);
  return st.step() ? st.text(0) : std::string();
}

}  // namespace

bool encryption_built_in() { return HOTRO_SQLCIPHER != 0; }

std::string cipher_version() {
#if HOTRO_SQLCIPHER
  sqlite3* db = nullptr;
  std::string v;
  if (sqlite3_open(":memory:", &db) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA cipher_version", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return v;
#else
  return {};
#endif
}

Key read_key_file(const std::string& path, const std::string& origin) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có tệp khoá '{}' ({})",
                                                           "no key file '{}' ({})")),
                                           path, origin));
  if (st.st_mode & (S_IRWXG | S_IRWXO))
    throw Error(Exit::config,
                fmt::format(fmt::runtime(tr("tệp khoá '{}' để người khác đọc được (quyền {:o}); "
                                            "chỉ chủ tệp được đọc: chmod 600 '{}'",
                                            "key file '{}' is open to other users (mode {:o}); "
                                            "only its owner may read it: chmod 600 '{}'")),
                            path, st.st_mode & 0777, path));
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line))
    line.clear();
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty())
    throw Error(Exit::config, fmt::format(fmt::runtime(tr("tệp khoá '{}' trống", "key file '{}' is empty")),
                                          path));
  return {line, origin};
}

std::string random_raw_key() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    throw Error(Exit::software, "RAND_bytes failed");
  std::string key = "x'";
  for (unsigned char b : bytes) key += fmt::format("{:02X}", b);
  key += "'";
  return key;
}

void set_key_file(const std::string& path) { g_key_file = path; }

const Key& default_key() {
  static const Key key = [] {
    if (g_key_file) return read_key_file(*g_key_file, "--key-file " + *g_key_file);
    const char* file = std::getenv("HOTRO_KEY_FILE");
    const char* secret = std::getenv("HOTRO_KEY");
    if (file && *file && secret && *secret)
      throw Error(Exit::config, tr("có cả HOTRO_KEY_FILE và HOTRO_KEY; chỉ dùng một",
                                   "both HOTRO_KEY_FILE and HOTRO_KEY are set; use one"));
    if (file && *file) return read_key_file(file, std::string("HOTRO_KEY_FILE=") + file);
    if (secret && *secret) return Key{secret, "HOTRO_KEY"};
    return Key{};
  }();
  return key;
}

void require_cipher_for(const Key& key) {
  if (!key.empty() && !encryption_built_in()) throw no_cipher(key);
}

bool is_raw_key(const std::string& secret) {
  if (secret.size() != 67 && secret.size() != 99) return false;
  if ((secret[0] != 'x' && secret[0] != 'X') || secret[1] != '\'' || secret.back() != '\'')
    return false;
  return std::all_of(secret.begin() + 2, secret.end() - 1,
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

void apply_key(sqlite3* db, const Key& key) {
  if (key.empty()) return;
#if HOTRO_SQLCIPHER
  int rc = sqlite3_key_v2(db, "main", key.secret.data(), static_cast<int>(key.secret.size()));
  if (rc != SQLITE_OK)
    throw Error(Exit::config, fmt::format("sqlite3_key: {}", sqlite3_errstr(rc)));
#else
  (void)db;
  throw no_cipher(key);
#endif
}

bool is_plain_file(const std::string& path) {
  static constexpr char kHeader[16] = "SQLite format 3";  // with its final NUL
  std::ifstream in(path, std::ios::binary);
  char head[16] = {};
  return in.read(head, sizeof head) && std::equal(head, head + 16, kHeader);
}

std::string key_mismatch_reason(const std::string& path, const Key& key) {
  std::error_code ec;
  if (std::filesystem::file_size(path, ec) == 0 || ec) return {};
  const bool plain = is_plain_file(path);
  if (plain && !key.empty())
    return fmt::format(fmt::runtime(tr("thư viện không được mã hoá nhưng có khoá ({}); bỏ khoá, "
                                        "hoặc mã hoá nó: không cho khoá nào, chạy 'hotro key set "
                                        "--new-key-file TỆP'",
                                        "the library is not encrypted but a key was given ({}); "
                                        "give no key, or encrypt it: with no key given, run "
                                        "'hotro key set --new-key-file FILE'")),
                       key.origin);
  if (plain) return {};
  if (!encryption_built_in())
    return tr("không phải thư viện SQLite, hoặc đã được mã hoá mà bản hotro này không có "
              "SQLCipher",
              "not a SQLite library, or an encrypted one and this hotro has no SQLCipher");
  if (key.empty())
    return tr("thư viện đã được mã hoá (hoặc không phải thư viện): cho khoá bằng --key-file, "
              "HOTRO_KEY_FILE hoặc HOTRO_KEY",
              "the library is encrypted (or is not a library): give its key with --key-file, "
              "HOTRO_KEY_FILE or HOTRO_KEY");
  return fmt::format(fmt::runtime(tr("khoá ({}) không mở được thư viện: sai khoá, hoặc không "
                                     "phải thư viện",
                                     "the key ({}) does not open the library: a wrong key, or "
                                     "not a library")),
                     key.origin);
}

void rewrite_with_key(const std::string& library, const Key& current, const Key& next,
                      const std::function<void(Database&)>& finish) {
  if (!encryption_built_in()) throw no_cipher(next.empty() ? current : next);
  // Through a symbolic link, the file itself is replaced (not the link, leaving the file plain).
  std::error_code ec;
  const std::string path = std::filesystem::canonical(library, ec).string();
  if (ec)
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có thư viện hồ sơ tại '{}' ({})",
                                                           "no case library at '{}' ({})")),
                                           library, sys_error(ec.value())));
  Database src(path, Mode::read_write, 5000, &current);
  // Out of WAL mode, which needs every other connection closed (at once: SQLite does not wait
  // for it), with the exclusive lock then held until the copy is in place: no other hotro
  // writes a change the copy would miss.
  bool alone = false;
  try {
    alone = one_text(src, "PRAGMA journal_mode = DELETE") == "delete";
  } catch (const Error& e) {
    if (e.code() != Exit::tempfail) throw;
  }
  const Error busy(Exit::tempfail,
                   fmt::format(fmt::runtime(tr("thư viện '{}' đang được một hotro khác mở; hãy thử "
                                               "lại khi nó xong",
                                               "library '{}' is open in another hotro; try again "
                                               "when it is done")),
                               library));
  if (!alone) throw busy;
  // (Exclusive locking is set after leaving WAL: set before, it keeps a -journal file beside the
  // library. A hotro that opened the library in between has put it back in WAL mode: busy.)
  src.exec("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;");
  if (one_text(src, "PRAGMA journal_mode") != "delete") throw busy;  // another went back to WAL
  const int version = schema_version(src);

  const std::string tmp = fmt::format("{}.rekey-{}", path, ::getpid());
  auto remove_tmp = [&] {
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::filesystem::remove(tmp + suffix, ec);
  };
  remove_tmp();
  try {
    create_private_file(tmp);
    src.exec("PRAGMA foreign_keys = OFF");  // tables are copied one after the other
    {
      Statement attach(src, "ATTACH DATABASE ? AS rekeyed KEY ?");
      attach.bind(1, tmp).bind(2, next.secret).run();
    }
    src.exec("SELECT sqlcipher_export('rekeyed')");
    src.exec(fmt::format("PRAGMA rekeyed.user_version = {}; PRAGMA rekeyed.application_id = {};",
                         version, kApplicationId));
    src.exec("DETACH DATABASE rekeyed; PRAGMA foreign_keys = ON;");
    {
      Database copy(tmp, Mode::read_write, 5000, &next);
      const std::string integrity = one_text(copy, "PRAGMA integrity_check");
      if (integrity != "ok")
        throw Error(Exit::ioerr, fmt::format("'{}': integrity_check: {}", tmp, integrity));
      if (!one_text(copy, "PRAGMA foreign_key_check").empty())
        throw Error(Exit::ioerr, fmt::format("'{}': foreign_key_check", tmp));
      finish(copy);
    }  // closing the copy's last connection folds its WAL into the file
    fsync_path(tmp);
    for (const char* suffix : {"-wal", "-shm", "-journal"})
      if (std::filesystem::exists(path + suffix, ec) || std::filesystem::exists(tmp + suffix, ec))
        throw Error(Exit::ioerr, fmt::format(fmt::runtime(tr("còn tệp '{}' của thư viện; không thay "
                                                             "thư viện",
                                                             "the library's '{}' file is still there; "
                                                             "the library is left as it was")),
                                             path + suffix));
    std::filesystem::rename(tmp, path, ec);
    if (ec)
      throw Error(Exit::ioerr, fmt::format(fmt::runtime(tr("không thay được '{}': {}",
                                                           "cannot replace '{}': {}")),
                                           path, sys_error(ec.value())));
  } catch (...) {
    remove_tmp();
    // Back to WAL mode, as the library was (best effort: the next hotro to write sets it anyway).
    try {
      src.exec("PRAGMA locking_mode = NORMAL; PRAGMA journal_mode = WAL;");
    } catch (const Error&) {
    }
    throw;
  }
  fsync_path(std::filesystem::path(path).parent_path().empty()
                 ? std::string(".")
                 : std::filesystem::path(path).parent_path().string());
}

}  // namespace hotro::db
