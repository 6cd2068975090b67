// SPDX-License-Identifier: MIT
// Helpers shared by the unit tests that need a case library, temporary files or a fixed clock.
// Header-only; each test file includes it (the unit test glob only picks up *.cpp).
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "db/database.h"
#include "db/migrate.h"
#include "error.h"
#include "i18n.h"

#ifndef HOTRO_SOURCE_DIR  // set by CMake; a hand build runs from the project root
#define HOTRO_SOURCE_DIR "."
#endif

// Readable failure messages for optional strings (doctest prints "{?}" otherwise).
namespace doctest {
template <>
struct StringMaker<std::optional<std::string>> {
  static String convert(const std::optional<std::string>& v) {
    return v ? String(("\"" + *v + "\"").c_str()) : String("nullopt");
  }
};
}  // namespace doctest

namespace hotro::test {

namespace fs = std::filesystem;

/// A fresh directory under the system temp dir, named uniquely per process and per use;
/// removed with everything in it when the object goes.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            fmt::format("hotro_unit_{}_{}_{}", tag, ::getpid(), counter++);
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

/// Sets an environment variable for one scope and restores the previous value afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_.c_str(), old_->c_str(), 1);
    else ::unsetenv(name_.c_str());
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  void set(const std::string& value) { ::setenv(name_.c_str(), value.c_str(), 1); }

 private:
  std::string name_;
  std::optional<std::string> old_;
};

/// Library messages in English (the library's default) for one scope, whatever an earlier
/// test left set; the previous language comes back afterwards.
class EnglishMessages {
 public:
  EnglishMessages() : old_(lang()) { set_lang(Lang::en); }
  ~EnglishMessages() { set_lang(old_); }
  EnglishMessages(const EnglishMessages&) = delete;
  EnglishMessages& operator=(const EnglishMessages&) = delete;

 private:
  Lang old_;
};

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  REQUIRE(out);
  out << bytes;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A new, fully migrated case library at `path` (":memory:" for an in-memory one).
inline std::unique_ptr<db::Database> new_library(const std::string& path) {
  auto db = std::make_unique<db::Database>(path, db::Mode::create);
  db::migrate(*db);
  return db;
}

/// The single integer a query returns.
inline int64_t query_int(db::Database& db, const std::string& sql) {
  db::Statement st(db, sql);
  REQUIRE(st.step());
  return st.int64(0);
}

/// The single text a query returns.
inline std::string query_text(db::Database& db, const std::string& sql) {
  db::Statement st(db, sql);
  REQUIRE(st.step());
  return st.text(0);
}

/// Runs `f`, which must throw hotro::Error with `code`; returns the (English) message, or ""
/// after failing the test if nothing was thrown.
template <class F>
std::string error_of(F&& f, Exit code) {
  EnglishMessages english;
  try {
    f();
  } catch (const Error& e) {
    CHECK_MESSAGE(e.code() == code, "exit code " << static_cast<int>(e.code()) << ": " << e.what());
    return e.what();
  }
  FAIL_CHECK("no hotro::Error was thrown");
  return "";
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

/// "Nguyễn Thị Hường" in NFC, in NFD (base letters followed by combining marks), and as
/// it is typed without accents.
inline const std::string kHuongNfc = "Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b H\xc6\xb0\xe1\xbb\x9dng";
inline const std::string kHuongNfd =
    "Nguye\xcc\x82\xcc\x83n Thi\xcc\xa3 Hu\xcc\x9bo\xcc\x9b\xcc\x80ng";
inline const std::string kHuongPlain = "NGUYEN THI HUONG";

}  // namespace hotro::test
