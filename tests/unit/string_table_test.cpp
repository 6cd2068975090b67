// SPDX-License-Identifier: MIT
// lib/io/string_table.{h,cpp}: strings numbered in order, in memory and past the budget in a
// temporary file.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "error.h"
#include "io/string_table.h"
#include "test_support.h"

using hotro::Error;
using hotro::Exit;
using hotro::io::StringTable;
using namespace hotro::test;

namespace {

// 1,000 strings of lengths 0 to 300, some Vietnamese, none alike.
std::vector<std::string> samples() {
  std::vector<std::string> out;
  for (int i = 0; i < 1000; ++i)
    out.push_back(i % 7 == 0 ? std::string() + (i % 14 ? "" : "Nguyễn Thị Hường ") + std::to_string(i)
                             : std::string(static_cast<size_t>(i % 301), static_cast<char>('a' + i % 26)) +
                                   std::to_string(i));
  out[0] = "";
  return out;
}

}  // namespace

TEST_CASE("string table: every string comes back, from memory or from the file") {
  TempDir dir("strings");
  ScopedEnv tmp("TMPDIR", dir.path().string());
  const auto strings = samples();
  for (size_t budget : {size_t{0}, size_t{100}, size_t{20000}, size_t{1} << 30}) {
    CAPTURE(budget);
    StringTable t(budget);
    for (size_t i = 0; i < strings.size(); ++i) {
      t.add(strings[i]);
      CHECK(t.at(i) == strings[i]);  // at once, from the block being filled
    }
    CHECK(t.size() == strings.size());
    CHECK(t.spilled() == (budget < size_t{1} << 30));
    // In order, backwards, and jumping between blocks, as cells of a sheet do.
    for (size_t i = 0; i < strings.size(); ++i) CHECK(t.at(i) == strings[i]);
    for (size_t i = strings.size(); i-- > 0;) CHECK(t.at(i) == strings[i]);
    for (size_t i = 0; i < strings.size(); ++i) {
      const size_t j = (i * 389) % strings.size();
      CHECK(t.at(j) == strings[j]);
    }
    CHECK(std::filesystem::is_empty(dir.path()));  // the file has no name
  }
}

TEST_CASE("string table: a small workbook needs no temporary file") {
  ScopedEnv tmp("TMPDIR", "/nonexistent/hotro-test");
  StringTable t;
  for (int i = 0; i < 5000; ++i) t.add("Xã " + std::to_string(i));
  CHECK_FALSE(t.spilled());
  CHECK(t.at(4321) == "Xã 4321");
}

TEST_CASE("string table: no temporary directory to spill to is an error") {
  EnglishMessages english;
  ScopedEnv tmp("TMPDIR", "/nonexistent/hotro-test");
  StringTable t(10);
  try {
    for (int i = 0; i < 200; ++i) t.add("Lào Cai");
    FAIL("strings were lost silently");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::cantcreat);
    CHECK(contains(e.what(), "/nonexistent/hotro-test/hotro-strings-"));
  }
}
