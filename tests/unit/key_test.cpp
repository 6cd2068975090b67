// SPDX-License-Identifier: MIT
// The key of an encrypted library (db/key.h): key files, generated keys, plain-file detection,
// and what each build does with a key. The whole suite runs again with SQLCipher and a key in
// scripts/test-encrypted.sh; these tests check both builds' own rules.
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "db/key.h"
#include "test_support.h"

using namespace hotro;
using namespace hotro::db;
using namespace hotro::test;

namespace {

std::string key_file(const TempDir& dir, const std::string& name, const std::string& bytes,
                     mode_t mode = 0600) {
  const std::string path = dir.file(name);
  write_file(path, bytes);
  ::chmod(path.c_str(), mode);
  return path;
}

}  // namespace

TEST_CASE("key file: the first line is the key, without its line ending") {
  TempDir dir("key");
  CHECK(read_key_file(key_file(dir, "a", "một mật khẩu\n"), "a").secret == "một mật khẩu");
  CHECK(read_key_file(key_file(dir, "b", "pass\r\nsecond line\n"), "b").secret == "pass");
  CHECK(read_key_file(key_file(dir, "c", "no newline"), "c").secret == "no newline");
  const Key k = read_key_file(key_file(dir, "d", " spaces kept \n"), "--key-file d");
  CHECK(k.secret == " spaces kept ");
  CHECK(k.origin == "--key-file d");
}

TEST_CASE("key file: missing, empty or open to other users is refused, naming the file") {
  TempDir dir("key");
  std::string msg = error_of([&] { read_key_file(dir.file("missing"), "x"); }, Exit::noinput);
  CHECK(contains(msg, dir.file("missing")));
  error_of([&] { read_key_file(dir.path().string(), "x"); }, Exit::noinput);  // a folder
  msg = error_of([&] { read_key_file(key_file(dir, "empty", ""), "x"); }, Exit::config);
  CHECK(contains(msg, "empty"));
  error_of([&] { read_key_file(key_file(dir, "blank", "\n"), "x"); }, Exit::config);
  for (mode_t mode : {0640, 0604, 0620, 0644, 0660}) {
    CAPTURE(mode);
    const std::string path = key_file(dir, "open", "secret\n", mode);
    msg = error_of([&] { read_key_file(path, "x"); }, Exit::config);
    CHECK(contains(msg, "chmod 600"));
  }
  CHECK_NOTHROW(read_key_file(key_file(dir, "owner_ro", "secret\n", 0400), "x"));
}

TEST_CASE("generated keys: raw 256-bit keys, written x'<64 hex digits>', never the same") {
  const std::string a = random_raw_key(), b = random_raw_key();
  CHECK(a != b);
  for (const std::string& k : {a, b}) {
    REQUIRE(k.size() == 67);
    CHECK(k.starts_with("x'"));
    CHECK(k.back() == '\'');
    CHECK(k.substr(2, 64).find_first_not_of("0123456789ABCDEF") == std::string::npos);
  }
}

TEST_CASE("plain-file detection: SQLite's header, not a file name") {
  TempDir dir("key");
  const Key none;
  {
    Database db(dir.file("plain.db"), Mode::create, 1000, &none);
    db.exec("CREATE TABLE t(x)");
  }
  CHECK(is_plain_file(dir.file("plain.db")));
  write_file(dir.file("text.db"), "SQLite format 2\nnot a library");
  CHECK_FALSE(is_plain_file(dir.file("text.db")));
  write_file(dir.file("short.db"), "SQLite");
  CHECK_FALSE(is_plain_file(dir.file("short.db")));
  CHECK_FALSE(is_plain_file(dir.file("missing.db")));
}

TEST_CASE("raw keys are told from passphrases as SQLCipher tells them") {
  const std::string hex64(64, 'a'), hex96(96, 'F');
  CHECK(is_raw_key("x'" + hex64 + "'"));
  CHECK(is_raw_key("X'" + hex64 + "'"));
  CHECK(is_raw_key("x'" + hex96 + "'"));  // the key and the salt
  CHECK_FALSE(is_raw_key("x'" + std::string(63, 'a') + "g'"));
  CHECK_FALSE(is_raw_key("x'" + std::string(62, 'a') + "'"));
  CHECK_FALSE(is_raw_key("y'" + hex64 + "'"));
  CHECK_FALSE(is_raw_key("một mật khẩu"));
  CHECK(is_raw_key(random_raw_key()));
}

TEST_CASE("a key in a build without SQLCipher is refused, never ignored") {
  if (encryption_built_in()) return;  // the SQLCipher build's behaviour is tested below
  TempDir dir("key");
  const Key key{"secret", "HOTRO_KEY"};
  const std::string msg =
      error_of([&] { Database db(dir.file("lib.db"), Mode::create, 1000, &key); }, Exit::config);
  CHECK(contains(msg, "SQLCipher"));
  CHECK(contains(msg, "HOTRO_KEY"));
  CHECK_FALSE(fs::exists(dir.file("lib.db")));  // no file made for a key it cannot use
  CHECK(cipher_version().empty());
}

TEST_CASE("SQLCipher build: a keyed library opens with its key only, a key for a plain one is 78") {
  if (!encryption_built_in()) return;
  TempDir dir("key");
  const Key key{random_raw_key(), "k1"}, other{"another passphrase", "k2"}, none;
  const std::string path = dir.file("enc.db");
  {
    Database db(path, Mode::create, 1000, &key);
    db.exec("CREATE TABLE t(x); INSERT INTO t VALUES ('Nguyễn Thị Hường');");
  }
  CHECK_FALSE(is_plain_file(path));
  CHECK(read_file(path).find("Hường") == std::string::npos);
  {
    Database db(path, Mode::read_only, 1000, &key);
    Statement st(db, "SELECT x FROM t");
    REQUIRE(st.step());
    CHECK(st.text(0) == "Nguyễn Thị Hường");
  }
  std::string msg = error_of([&] { Database db(path, Mode::read_only, 1000, &other); }, Exit::ioerr);
  CHECK(contains(msg, "k2"));
  msg = error_of([&] { Database db(path, Mode::read_write, 1000, &none); }, Exit::ioerr);
  CHECK(contains(msg, "HOTRO_KEY_FILE"));

  const std::string plain = dir.file("plain.db");
  {
    Database db(plain, Mode::create, 1000, &none);
    db.exec("CREATE TABLE t(x)");
  }
  CHECK(is_plain_file(plain));
  msg = error_of([&] { Database db(plain, Mode::read_only, 1000, &key); }, Exit::config);
  CHECK(contains(msg, "hotro key set"));
  CHECK_FALSE(cipher_version().empty());
}

TEST_CASE("SQLCipher build: a rewrite that fails at its last step leaves the library as it was") {
  if (!encryption_built_in()) return;
  TempDir dir("key");
  const Key key{random_raw_key(), "k1"}, next{random_raw_key(), "k2"};
  const std::string path = dir.file("lib.db");
  {
    Database db(path, Mode::create, 1000, &key);
    db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1), (2);");
  }
  CHECK_THROWS_AS(rewrite_with_key(path, key, next,
                                   [](Database& copy) {
                                     copy.exec("INSERT INTO t VALUES (3)");
                                     throw Error(Exit::data, "the copy does not verify");
                                   }),
                  Error);
  for (const auto& entry : fs::directory_iterator(dir.path()))
    CHECK_MESSAGE(entry.path().filename().string().find("rekey") == std::string::npos,
                  entry.path().string());
  auto rows_of = [&](const Key& k) {
    Database db(path, Mode::read_only, 1000, &k);
    Statement st(db, "SELECT group_concat(x) FROM t");
    return st.step() ? st.text(0) : std::string();
  };
  CHECK(rows_of(key) == "1,2");  // still under its old key, rows unchanged

  // And one that succeeds: the new key opens it, the old does not, the rows are all there.
  rewrite_with_key(path, key, next, [](Database& copy) { copy.exec("INSERT INTO t VALUES (3)"); });
  error_of([&] { rows_of(key); }, Exit::ioerr);
  CHECK(rows_of(next) == "1,2,3");
}

TEST_CASE("a library replaced while an open waited for it is refused (75), not read") {
  TempDir dir("key");
  const std::string path = dir.file("lib.db"), other = dir.file("other.db");
  {
    Database db(path, Mode::create, 1000);
    db.exec("CREATE TABLE t(x); INSERT INTO t VALUES ('old');");
  }
  {
    Database db(other, Mode::create, 1000);
    db.exec("CREATE TABLE t(x); INSERT INTO t VALUES ('new');");
    db.exec("PRAGMA journal_mode = DELETE");
  }
  // What 'hotro key set' does: an exclusive lock on the library while a new file is renamed
  // into its place. Here the lock is held by a second connection in this process's thread.
  Database holder(path, Mode::read_write, 1000);
  holder.exec("PRAGMA journal_mode = DELETE; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;");
  std::atomic<bool> started{false};
  std::string message;
  Exit code = Exit::ok;
  std::thread waiter([&] {
    started = true;
    try {
      Database db(path, Mode::read_only, 20000);  // waits for the lock
    } catch (const Error& e) {
      code = e.code();
      message = e.what();
    }
  });
  // The waiter has opened the old file once a second descriptor of this process points at it.
  struct stat lib {};
  REQUIRE(::stat(path.c_str(), &lib) == 0);
  auto descriptors_on_library = [&] {
    int n = 0;
    for (const auto& fd : fs::directory_iterator("/proc/self/fd")) {
      struct stat st {};
      if (::stat(fd.path().c_str(), &st) == 0 && st.st_ino == lib.st_ino && st.st_dev == lib.st_dev) ++n;
    }
    return n;
  };
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while ((!started || descriptors_on_library() < 2) && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK_MESSAGE(descriptors_on_library() >= 2, "the waiter never opened the library");
  fs::rename(other, path);
  holder.exec("COMMIT; PRAGMA locking_mode = NORMAL; SELECT count(*) FROM t;");  // releases
  waiter.join();
  CHECK(code == Exit::tempfail);
  CHECK(contains(message, "hotro key set"));
}
