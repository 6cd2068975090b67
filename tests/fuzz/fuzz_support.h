// SPDX-License-Identifier: MIT
// Helpers shared by the libFuzzer targets in tests/fuzz.
//
// hotro::Error is how lib/ rejects bad input, so the targets catch it and go on. Anything else
// (another exception type escaping, a crash, a sanitizer report, or a broken promise of the
// header being fuzzed, checked with HOTRO_FUZZ_CHECK) is a finding.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "error.h"
#include "text/unicode.h"

namespace hotro::fuzz {

/// Aborts with a message: libFuzzer saves the input as a crash.
[[noreturn]] inline void check_failed(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, what);
  std::abort();
}
#define HOTRO_FUZZ_CHECK(cond) \
  ((cond) ? void() : ::hotro::fuzz::check_failed(#cond, __FILE__, __LINE__))

/// One fixed temporary file per process and target ("/dev/shm/hotro_fuzz_csv.<pid>.csv"),
/// rewritten for every input and removed at exit. It lives in /dev/shm when that is there:
/// truncating and rewriting a file thousands of times a second on ext4 (/tmp here) flushes it
/// to disk every time (auto_da_alloc) and makes the file targets some 50 times slower.
/// HOTRO_FUZZ_TMPDIR, then TMPDIR, then /tmp are used otherwise.
class TempFile {
 public:
  TempFile(const char* target, const char* extension) {
    std::string dir = "/tmp";
    if (const char* d = std::getenv("HOTRO_FUZZ_TMPDIR"); d && *d) dir = d;
    else if (::access("/dev/shm", W_OK) == 0) dir = "/dev/shm";
    else if (const char* t = std::getenv("TMPDIR"); t && *t) dir = t;
    path_ = dir + "/hotro_fuzz_" + target + "." + std::to_string(::getpid()) + extension;
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& write(const uint8_t* data, size_t size) {
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) std::perror(path_.c_str()), std::abort();
    for (size_t done = 0; done < size;) {
      const ssize_t n = ::write(fd, data + done, size - done);
      if (n <= 0) std::perror(path_.c_str()), std::abort();
      done += static_cast<size_t>(n);
    }
    ::close(fd);
    return path_;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// What lib/ promises of every text it hands out: well-formed UTF-8 in NFC.
inline bool utf8_nfc(std::string_view s) {
  return text::valid_utf8(s) && text::nfc(s) == s;
}

}  // namespace hotro::fuzz
