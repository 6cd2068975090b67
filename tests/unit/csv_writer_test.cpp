// SPDX-License-Identifier: MIT
// lib/io/csv_writer.{h,cpp}: files that appear whole or not at all, even when the disk fills up;
// the rejects file of an import.
#include <doctest/doctest.h>

#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <string>

#include "io/csv_writer.h"
#include "test_support.h"

using hotro::Exit;
using namespace hotro::io;
using namespace hotro::test;

namespace {

// A file size limit for one scope, its signal ignored, so that writes beyond it fail with EFBIG
// as they would on a full disk.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    REQUIRE(getrlimit(RLIMIT_FSIZE, &old_) == 0);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit lower = old_;
    lower.rlim_cur = bytes;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &lower) == 0);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &old_);
    std::signal(SIGXFSZ, old_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit old_{};
  void (*old_handler_)(int) = nullptr;
};

}  // namespace

TEST_CASE("csv writer: fields are quoted only when they must be") {
  CHECK(csv_field("Lò Thị Mai") == "Lò Thị Mai");
  CHECK(csv_field("Xã Quảng Phú, tỉnh Thanh Hóa") == "\"Xã Quảng Phú, tỉnh Thanh Hóa\"");
  CHECK(csv_field("cao \"Mỷ\"") == "\"cao \"\"Mỷ\"\"\"");
  CHECK(csv_field("hai\ndòng") == "\"hai\ndòng\"");
}

TEST_CASE("csv writer: the file appears on commit, whole") {
  TempDir dir("csv_writer");
  const std::string path = dir.file("out.csv");
  {
    CsvWriter w(path, false);
    w.row({"Họ và tên", "Năm sinh"});
    w.row({"Lò Thị Mai", "1998"});
    CHECK_FALSE(std::filesystem::exists(path));
    w.commit();
  }
  CHECK(read_file(path) == "Họ và tên,Năm sinh\r\nLò Thị Mai,1998\r\n");
  {
    CsvWriter w(path, false);
    w.row({"bỏ dở"});
  }  // not committed: the earlier file stays as it was
  CHECK(read_file(path) == "Họ và tên,Năm sinh\r\nLò Thị Mai,1998\r\n");
}

TEST_CASE("csv writer: a write that fails (a full disk) fails the commit and leaves the old file") {
  TempDir dir("csv_writer_full");
  const std::string path = dir.file("report.json");
  write_file(path, "the report of yesterday");
  const std::string big(64 * 1024, 'x');  // well past the stdio buffer, so writes fail before commit
  const std::string message = error_of(
      [&] {
        FileSizeLimit limit(4096);
        CsvWriter w(path, false);
        w.raw(big);
        w.commit();
      },
      Exit::ioerr);
  CHECK(contains(message, "report.json"));
  CHECK(contains(message, "too large"));  // EFBIG, the first failure, not a later one
  CHECK(read_file(path) == "the report of yesterday");
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    CHECK(entry.path().filename() == "report.json");  // no temporary file left behind
}

// Rejects files are opened by clerks in Excel: they start with a UTF-8 BOM.
TEST_CASE("rejects file: the reasons column is added once") {
  CHECK(is_rejects_column("Lỗi"));
  CHECK(is_rejects_column("LOI"));
  CHECK(is_rejects_column("Lý do lỗi"));
  CHECK(is_rejects_column("Error"));
  CHECK_FALSE(is_rejects_column("Lỗi khác"));
  CHECK_FALSE(is_rejects_column("Ghi chú"));

  TempDir dir("rejects");
  SUBCASE("a list gets a 'Lỗi' column at the end") {
    RejectsFile r(dir.file("a.rejects.csv"), {"Họ và tên", "Năm sinh"});
    r.add({"Lò Thị Mai"}, "Năm sinh: thiếu");
    r.commit();
    CHECK(read_file(dir.file("a.rejects.csv")) == "\xEF\xBB\xBFHọ và tên,Năm sinh,Lỗi\r\nLò Thị Mai,,Năm sinh: thiếu\r\n");
  }
  SUBCASE("a rejects file keeps its own, wherever it is, with the new reasons") {
    RejectsFile r(dir.file("b.rejects.csv"), {"Họ và tên", "Lỗi", "Năm sinh"});
    r.add({"Lò Thị Mai", "Năm sinh: thiếu", "19x8"}, "Năm sinh: '19x8' không phải là năm");
    r.commit();
    CHECK(read_file(dir.file("b.rejects.csv")) ==
          "\xEF\xBB\xBFHọ và tên,Lỗi,Năm sinh\r\nLò Thị Mai,Năm sinh: '19x8' không phải là năm,19x8\r\n");
  }
  SUBCASE("nothing refused, no file") {
    RejectsFile r(dir.file("c.rejects.csv"), {"Họ và tên"});
    r.commit();
    CHECK_FALSE(r.used());
    CHECK_FALSE(std::filesystem::exists(dir.file("c.rejects.csv")));
  }
}
