// SPDX-License-Identifier: MIT
#include "io/spool.h"

#include <cstdint>
#include <string>

#include "io/temp_file.h"

namespace hotro::io {

Spool::~Spool() {
  if (file_) std::fclose(file_);
}

// Each item is its length (8 bytes, native order: the file never leaves this process) and then
// its bytes.
void Spool::add(std::string_view item) {
  if (!file_) file_ = open_temp_file("hotro-spool");
  const uint64_t n = item.size();
  if (read_back_ && std::fseek(file_, 0, SEEK_END) != 0) temp_write_failed();
  read_back_ = false;
  if (std::fwrite(&n, sizeof n, 1, file_) != 1 || (n && std::fwrite(item.data(), 1, n, file_) != n))
    temp_write_failed();
  ++count_;
}

void Spool::each(const std::function<void(std::string_view)>& each) {
  if (!file_) return;
  if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) temp_read_failed();
  read_back_ = true;
  std::string item;
  for (long i = 0; i < count_; ++i) {
    uint64_t n = 0;
    if (std::fread(&n, sizeof n, 1, file_) != 1) temp_read_failed();
    item.resize(n);
    if (n && std::fread(item.data(), 1, n, file_) != n) temp_read_failed();
    each(item);
  }
}

}  // namespace hotro::io
