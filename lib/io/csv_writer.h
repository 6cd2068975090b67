// SPDX-License-Identifier: MIT
// Writing CSV (RFC 4180, UTF-8) for rejects files and exports, to a temporary file that is
// renamed into place on commit(), so a reader never sees a half-written file.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "remove_on_signal.h"

namespace hotro::io {

/// Quotes a field when it holds a comma, quote, CR or LF.
std::string csv_field(const std::string& s);

/// The file an output named `path` is written as, by renaming a new file over it: `path` itself,
/// or the file a symbolic link there points to (the link stays a link). A folder, a named pipe,
/// a device or a socket is refused with Error(Exit::cantcreat): renaming over it would replace it
/// with a regular file (as root, even /dev/stdout). Standard output is "--out -".
std::string output_target(const std::string& path);

class CsvWriter {
 public:
  /// Opens an unnamed file in the directory of output_target(path) (or "<target>.tmp-<pid>");
  /// throws Error(Exit::cantcreat) if it cannot. `bom` writes a UTF-8 BOM so that Excel opens the
  /// file as UTF-8.
  explicit CsvWriter(const std::string& path, bool bom = true);
  ~CsvWriter();  // removes the temporary file unless committed
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  void row(const std::vector<std::string>& cells);
  /// Writes text as it is (a JSON export goes through the same safe file).
  void raw(std::string_view text);
  /// Flushes, syncs and renames into place. Throws Error(Exit::ioerr) on failure.
  void commit();

 private:
  void write(std::string_view text);

  std::string path_, tmp_;
  RemoveOnSignal marked_{tmp_};  // removed if a signal stops the writing (the named temporary file)
  std::FILE* f_ = nullptr;
  int write_error_ = 0;  // errno of the first write that failed
  bool anonymous_ = false;  // written through an O_TMPFILE descriptor, named at commit()
  bool done_ = false;
};

/// Whether a column is the reasons column of a rejects file ("Lỗi", "Lý do lỗi", "Error"):
/// an import reads past it, and the rejects file of a rejects file reuses it.
bool is_rejects_column(const std::string& header);

/// The rejects file of an import (`FILE.rejects.csv`): the list's header plus a "Lỗi" column,
/// then each refused row with its reasons, so it can be fixed and imported again. A list that
/// is itself a rejects file keeps its one "Lỗi" column, with the new reasons. The file is
/// created on the first refused row and appears only on commit().
class RejectsFile {
 public:
  RejectsFile(std::string path, std::vector<std::string> header);

  void add(const std::vector<std::string>& cells, const std::string& reasons);
  /// Whether any row was added (and so a file will be written).
  bool used() const { return writer_ != nullptr; }
  const std::string& path() const { return path_; }
  void commit() {
    if (writer_) writer_->commit();
  }

 private:
  std::string path_;
  std::vector<std::string> header_;  // with the reasons column
  size_t reasons_at_ = 0;            // its index
  std::unique_ptr<CsvWriter> writer_;
};

}  // namespace hotro::io
