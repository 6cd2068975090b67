// SPDX-License-Identifier: MIT
// Fuzzes the CSV reader (lib/io/csv_reader.cpp, through hotro::io::open_csv): the input is
// written to a temporary file and every row is read. The first byte chooses how:
//   bit 0: 0 → encoding "auto" (UTF-8, else CP1258 / TCVN / VISCII by their words), 1 → forced
//          "cp1258";
//   bit 1: 1 → the file is the input, then line feeds, then the input again, laid out so that
//          the reader's 64 KiB block boundary falls inside the second copy (at the offset
//          data[1] % size): records, quoted fields, CR LF pairs and multi-byte characters are
//          cut between two blocks. The line feeds are cheap to read: blank lines between
//          records, or text inside a quoted field that the first copy left open.
// Otherwise the file is the input as it is, so the seeds are ordinary CSV files.
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "io/row_reader.h"

namespace {

constexpr size_t block_size = 64 * 1024;  // CsvReader reads in blocks of this size

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static hotro::fuzz::TempFile file("csv", ".csv");
  const uint8_t mode = size > 0 ? data[0] : 0;
  const std::string* path = nullptr;
  if ((mode & 2) && size > 1 && size < block_size / 2) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const size_t cut = data[1] % size;  // where in the second copy the block ends
    static std::string spread;
    spread.assign(input);
    spread.append(block_size - size - cut, '\n');
    spread.append(input);
    path = &file.write(reinterpret_cast<const uint8_t*>(spread.data()), spread.size());
  } else {
    path = &file.write(data, size);
  }

  hotro::io::ReadOptions opts;
  opts.encoding = (mode & 1) ? "cp1258" : "auto";
  try {
    auto reader = hotro::io::open_csv(*path, opts);
    const std::string encoding = reader->encoding();
    HOTRO_FUZZ_CHECK(encoding == "UTF-8" || encoding == "CP1258" || encoding == "TCVN5712-1" ||
                     encoding == "VISCII" || encoding.starts_with("UTF-16"));
    hotro::io::Row row;
    long last_line = 0;
    while (reader->next(row)) {
      HOTRO_FUZZ_CHECK(row.line > last_line);  // records start on increasing physical lines
      last_line = row.line;
      HOTRO_FUZZ_CHECK(!row.cells.empty());
      for (const auto& cell : row.cells) HOTRO_FUZZ_CHECK(hotro::fuzz::utf8_nfc(cell));
      const double f = reader->fraction_read();
      HOTRO_FUZZ_CHECK(f >= 0 && f <= 1);
    }
  } catch (const hotro::Error&) {
    // rejected as bad input: expected
  }
  return 0;
}
