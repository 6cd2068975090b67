// SPDX-License-Identifier: MIT
// Fuzzes the CSV reader (lib/io/csv_reader.cpp, through hotro::io::open_csv): the input is
// written to a temporary file and every row is read. The first byte chooses the encoding:
// even → "auto" (UTF-8 / CP1258 detection), odd → forced "cp1258". The whole input is the file,
// so the seeds are ordinary CSV files.
#include "fuzz_support.h"
#include "io/row_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static hotro::fuzz::TempFile file("csv", ".csv");
  const std::string& path = file.write(data, size);
  hotro::io::ReadOptions opts;
  opts.encoding = size > 0 && (data[0] & 1) ? "cp1258" : "auto";
  try {
    auto reader = hotro::io::open_csv(path, opts);
    const std::string encoding = reader->encoding();
    HOTRO_FUZZ_CHECK(encoding == "UTF-8" || encoding == "CP1258");
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
