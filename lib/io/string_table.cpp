// SPDX-License-Identifier: MIT
#include "io/string_table.h"

#include <unistd.h>

#include <cstring>

#include "io/temp_file.h"

namespace hotro::io {

StringTable::StringTable(size_t memory_budget) : budget_(memory_budget), cache_(kCached) {
  for (auto& entry : cache_) entry.first = SIZE_MAX;
}

StringTable::~StringTable() {
  if (file_) std::fclose(file_);
}

void StringTable::add(std::string_view s) {
  const uint32_t n = static_cast<uint32_t>(s.size());  // a cell holds at most 32,767 characters
  open_block_.append(reinterpret_cast<const char*>(&n), sizeof n);
  open_block_.append(s);
  if (++count_ % kPerBlock == 0) close_block();
}

void StringTable::close_block() {
  if (open_block_.empty()) return;
  if (!file_ && in_memory_bytes_ + open_block_.size() <= budget_) {
    in_memory_bytes_ += open_block_.size();
    open_block_.shrink_to_fit();
    memory_blocks_.push_back(std::move(open_block_));
    open_block_.clear();
    return;
  }
  if (!file_) {
    file_ = open_temp_file("hotro-strings");
    first_on_file_ = memory_blocks_.size();
    file_offsets_.push_back(0);
  }
  if (std::fwrite(open_block_.data(), 1, open_block_.size(), file_) != open_block_.size())
    temp_write_failed();
  file_offsets_.push_back(file_offsets_.back() + open_block_.size());
  open_block_.clear();
}

std::string_view StringTable::block(size_t b) const {
  if (b < memory_blocks_.size()) return memory_blocks_[b];
  const size_t on_file = b - first_on_file_;
  if (!file_ || on_file + 1 >= file_offsets_.size()) return open_block_;  // the one being filled
  auto& [cached, bytes] = cache_[b % kCached];
  if (cached != b) {
    if (std::fflush(file_) != 0) temp_read_failed();
    const uint64_t from = file_offsets_[on_file], size = file_offsets_[on_file + 1] - from;
    bytes.resize(size);
    const ssize_t got = pread(fileno(file_), bytes.data(), size, static_cast<off_t>(from));
    if (got != static_cast<ssize_t>(size)) temp_read_failed();
    cached = b;
  }
  return bytes;
}

std::string StringTable::at(size_t i) const {
  std::string_view bytes = block(i / kPerBlock);
  for (size_t skip = i % kPerBlock;; --skip) {
    uint32_t n = 0;
    std::memcpy(&n, bytes.data(), sizeof n);
    if (skip == 0) return std::string(bytes.substr(sizeof n, n));
    bytes.remove_prefix(sizeof n + n);
  }
}

}  // namespace hotro::io
