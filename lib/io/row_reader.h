// SPDX-License-Identifier: MIT
// Streaming readers for the lists clerks receive: CSV (any encoding) and .xlsx.
// Rows are read one at a time so that memory stays flat whatever the file size.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hotro::io {

struct Row {
  long line = 0;                    // CSV: physical line where the record starts (1-based);
                                    // xlsx: the sheet row number
  std::vector<std::string> cells;  // UTF-8, NFC; a missing trailing cell is simply absent
};

class RowReader {
 public:
  virtual ~RowReader() = default;
  /// Fills `row` with the next record; false at the end. Throws hotro::Error(Exit::data)
  /// with "FILE:LINE: reason" for malformed input (e.g. an unterminated quote).
  virtual bool next(Row& row) = 0;
  /// What the text was decoded from ("UTF-8", "CP1258", ... or "xlsx").
  virtual std::string encoding() const = 0;
  /// How much of the file has been read, 0..1, for a progress bar; negative when unknown.
  virtual double fraction_read() const { return -1; }
  /// Once next() has returned false: the SHA-256 of every byte read (lower-case hex), so that
  /// the file need not be read a second time for it. Empty when the reader cannot tell (xlsx).
  virtual std::string sha256() const { return {}; }
};

struct ReadOptions {
  std::string encoding = "auto";  // CSV only: "auto" or a name for text::canonical_encoding
  char delimiter = 0;             // CSV only: 0 = detect from the first line among , ; TAB
  std::string sheet;              // xlsx only: sheet name; empty = the first sheet
};

/// Opens a CSV reader. Throws hotro::Error(Exit::noinput) if the file cannot be opened.
std::unique_ptr<RowReader> open_csv(const std::string& path, const ReadOptions& opts = {});

/// Opens an .xlsx reader (minizip + expat; shared strings, inline strings, numbers, booleans;
/// gaps in a row are filled with empty cells). Throws Error(Exit::noinput) if the file cannot
/// be opened and Error(Exit::data) if it is not a readable xlsx workbook or the sheet is missing.
std::unique_ptr<RowReader> open_xlsx(const std::string& path, const ReadOptions& opts = {});

/// A value in a cell to the right of the header's last column, or under a column without a
/// name. A list keeps nothing there on purpose: in a CSV it is nearly always a value with a comma
/// that lost its quotes, which moved every later value one column to the right. An import
/// refuses such a row rather than drop it.
struct StrayCell {
  std::string column;   // "cột 13 (không có tiêu đề)" / "column 13 (no header)"
  std::string message;  // what is wrong and what to do, quoting the values
};
/// The positions of the header's columns that have no name (a blank header cell, often the
/// trailing comma of a CSV header): a value under one is a stray cell too.
std::vector<size_t> unnamed_columns(const std::vector<std::string>& header);
/// The cells that are not blank beyond `header_size` or under an `unnamed` column (see
/// unnamed_columns), or nothing.
std::optional<StrayCell> stray_cell(const std::vector<std::string>& cells, size_t header_size,
                                    const std::vector<size_t>& unnamed = {});

/// Chooses by extension (.xlsx → xlsx, anything else → CSV), case-insensitive.
std::unique_ptr<RowReader> open_rows(const std::string& path, const ReadOptions& opts = {});

}  // namespace hotro::io
