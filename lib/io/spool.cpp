// SPDX-License-Identifier: MIT
#include "io/spool.h"

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "error.h"
#include "i18n.h"

namespace hotro::io {

namespace {

[[noreturn]] void fail(Exit code, const char* what, const std::string& path = {}) {
  throw Error(code, fmt::format(fmt::runtime(what), path) + ": " + std::strerror(errno));
}

const char* cannot_write() { return tr("không ghi được vào tệp tạm", "cannot write to a temporary file"); }
const char* cannot_read() { return tr("không đọc lại được tệp tạm", "cannot read back a temporary file"); }

}  // namespace

void Spool::open() {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/hotro-spool-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0)
    fail(Exit::cantcreat, tr("không tạo được tệp tạm {}", "cannot make a temporary file {}"), path);
  unlink(path.c_str());
  file_ = fdopen(fd, "w+b");
  if (!file_) {
    close(fd);
    fail(Exit::cantcreat, tr("không mở được tệp tạm {}", "cannot open the temporary file {}"), path);
  }
}

Spool::~Spool() {
  if (file_) std::fclose(file_);
}

// Each item is its length (8 bytes, native order: the file never leaves this process) and then
// its bytes.
void Spool::add(std::string_view item) {
  if (!file_) open();
  const uint64_t n = item.size();
  if (read_back_ && std::fseek(file_, 0, SEEK_END) != 0) fail(Exit::ioerr, cannot_write());
  read_back_ = false;
  if (std::fwrite(&n, sizeof n, 1, file_) != 1 || (n && std::fwrite(item.data(), 1, n, file_) != n))
    fail(Exit::ioerr, cannot_write());
  ++count_;
}

void Spool::each(const std::function<void(std::string_view)>& each) {
  if (!file_) return;
  if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0)
    fail(Exit::ioerr, cannot_read());
  read_back_ = true;
  std::string item;
  for (long i = 0; i < count_; ++i) {
    uint64_t n = 0;
    if (std::fread(&n, sizeof n, 1, file_) != 1) fail(Exit::ioerr, cannot_read());
    item.resize(n);
    if (n && std::fread(item.data(), 1, n, file_) != n)
      fail(Exit::ioerr, cannot_read());
    each(item);
  }
}

}  // namespace hotro::io
