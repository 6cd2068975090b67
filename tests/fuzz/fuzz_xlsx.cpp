// SPDX-License-Identifier: MIT
// Fuzzes the .xlsx reader (lib/io/xlsx_reader.cpp, through hotro::io::open_xlsx): the input (a
// zip package) is written to a temporary file and every row of the first sheet is read.
// The seeds in corpus/fuzz_xlsx/ are mostly stored (uncompressed) zips, so that mutations reach
// the XML parts; minizip does not check the CRC of a part that is not read to its end.
#include "fuzz_support.h"
#include "io/row_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static hotro::fuzz::TempFile file("xlsx", ".xlsx");
  const std::string& path = file.write(data, size);
  try {
    auto reader = hotro::io::open_xlsx(path);
    HOTRO_FUZZ_CHECK(reader->encoding() == "xlsx");
    hotro::io::Row row;
    while (reader->next(row)) {
      HOTRO_FUZZ_CHECK(!row.cells.empty());  // rows without values are skipped
      HOTRO_FUZZ_CHECK(row.cells.size() <= 16384);
      for (const auto& cell : row.cells) HOTRO_FUZZ_CHECK(hotro::fuzz::utf8_nfc(cell));
    }
  } catch (const hotro::Error&) {
    // rejected as bad input: expected
  }
  return 0;
}
