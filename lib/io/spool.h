// SPDX-License-Identifier: MIT
// A list of text items kept in an anonymous temporary file instead of memory, to be read back
// once complete: what a long import has to report (probable duplicates, rejected rows) can
// grow with the file, and memory must not.
#pragma once

#include <cstdio>
#include <functional>
#include <string_view>

namespace hotro::io {

class Spool {
 public:
  Spool() = default;
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  /// Appends one item (any bytes, newlines included). The first makes the file, in $TMPDIR (or
  /// /tmp), and unlinks it at once: nothing is left behind, even after a crash. Throws
  /// hotro::Error: Exit::cantcreat when no file can be made there, Exit::ioerr on a full disk.
  void add(std::string_view item);
  long size() const { return count_; }
  /// Calls `each` with every item, in the order added. The spool can be added to afterwards.
  void each(const std::function<void(std::string_view)>& each);

 private:
  std::FILE* file_ = nullptr;
  long count_ = 0;
  bool read_back_ = false;  // the file position is no longer at the end
};

}  // namespace hotro::io
