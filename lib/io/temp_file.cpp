// SPDX-License-Identifier: MIT
#include "io/temp_file.h"

#include <unistd.h>

#include <cerrno>
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

}  // namespace

std::FILE* open_temp_file(const char* tag) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = fmt::format("{}/{}-XXXXXX", dir && *dir ? dir : "/tmp", tag);
  int fd = mkstemp(path.data());
  if (fd < 0)
    fail(Exit::cantcreat, tr("không tạo được tệp tạm {}", "cannot make a temporary file {}"), path);
  unlink(path.c_str());
  std::FILE* file = fdopen(fd, "w+b");
  if (!file) {
    const int saved = errno;
    close(fd);
    errno = saved;
    fail(Exit::cantcreat, tr("không mở được tệp tạm {}", "cannot open the temporary file {}"), path);
  }
  return file;
}

void temp_write_failed() {
  fail(Exit::ioerr, tr("không ghi được vào tệp tạm", "cannot write to a temporary file"));
}

void temp_read_failed() {
  fail(Exit::ioerr, tr("không đọc lại được tệp tạm", "cannot read back a temporary file"));
}

}  // namespace hotro::io
