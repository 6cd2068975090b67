// SPDX-License-Identifier: MIT
// lib/io/spool.{h,cpp}: items written to a temporary file and read back in order.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "error.h"
#include "io/spool.h"
#include "test_support.h"

using hotro::Error;
using hotro::Exit;
using hotro::io::Spool;
using namespace hotro::test;

namespace {

std::vector<std::string> items(Spool& s) {
  std::vector<std::string> out;
  s.each([&out](std::string_view item) { out.emplace_back(item); });
  return out;
}

}  // namespace

TEST_CASE("spool: items come back whole and in order, and it can grow after a read") {
  TempDir dir("spool");
  ScopedEnv tmp("TMPDIR", dir.path().string());
  Spool s;
  CHECK(s.size() == 0);
  CHECK(items(s).empty());
  s.add("Nguyễn Thị Hường");
  s.add("");
  s.add("two\nlines");
  s.add(std::string_view("with a NUL\0inside", 17));
  CHECK(s.size() == 4);
  const std::vector<std::string> first{"Nguyễn Thị Hường", "", "two\nlines",
                                       std::string("with a NUL\0inside", 17)};
  CHECK(items(s) == first);
  s.add(std::string(100000, 'x'));  // larger than the stdio buffer
  auto again = items(s);
  REQUIRE(again.size() == 5);
  CHECK(again[3] == first[3]);
  CHECK(again[4] == std::string(100000, 'x'));
  // Nothing is left in the directory, not even while the spool is open.
  CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("spool: no temporary directory to write in is an error, not a silent loss") {
  EnglishMessages english;
  ScopedEnv tmp("TMPDIR", "/nonexistent/hotro-test");
  Spool s;  // no file until the first item
  CHECK(s.size() == 0);
  s.each([](std::string_view) { FAIL("an empty spool has no item"); });
  try {
    s.add("Lò Thị Mai");
    FAIL("an item was kept in a missing directory");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::cantcreat);
    CHECK(contains(e.what(), "cannot make a temporary file /nonexistent/hotro-test/hotro-spool-"));
  }
}
