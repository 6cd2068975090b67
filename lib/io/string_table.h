// SPDX-License-Identifier: MIT
// A table of strings numbered in the order added, such as an xlsx workbook's shared strings
// (every distinct text of the workbook): hundreds of thousands in a big list. They are kept
// packed, 64 to a block; past a memory budget the blocks go to an unlinked temporary file and
// are read back when asked for, so memory stays flat whatever the workbook's size.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace hotro::io {

class StringTable {
 public:
  /// `memory_budget`: bytes of strings kept in memory before the temporary file is used (it is
  /// made, in $TMPDIR or /tmp, only then).
  explicit StringTable(size_t memory_budget = size_t{4} << 20);
  ~StringTable();
  StringTable(const StringTable&) = delete;
  StringTable& operator=(const StringTable&) = delete;

  /// Throws hotro::Error: Exit::cantcreat when the temporary file cannot be made, Exit::ioerr
  /// when it cannot be written.
  void add(std::string_view s);
  size_t size() const { return count_; }
  /// The string numbered `i` (< size()). Throws Error(Exit::ioerr) when it cannot be read back.
  std::string at(size_t i) const;
  /// Whether some strings went to the temporary file (for tests).
  bool spilled() const { return file_ != nullptr; }

 private:
  static constexpr size_t kPerBlock = 64;
  // A block is its strings end to end, each after its length in 4 bytes. Blocks in memory
  // first; from `first_on_file_` on they are in the file, block b at file_offsets_[b - first].
  void close_block();
  std::string_view block(size_t b) const;  // its bytes, from memory or read back

  size_t budget_;
  size_t count_ = 0;
  size_t in_memory_bytes_ = 0;
  std::vector<std::string> memory_blocks_;
  std::string open_block_;  // the block being filled
  std::FILE* file_ = nullptr;
  size_t first_on_file_ = SIZE_MAX;
  std::vector<uint64_t> file_offsets_;  // start of each block on file, and the end
  // The last blocks read back, by block number modulo their count.
  static constexpr size_t kCached = 32;
  mutable std::vector<std::pair<size_t, std::string>> cache_;
};

}  // namespace hotro::io
