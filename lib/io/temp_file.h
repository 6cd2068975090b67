// SPDX-License-Identifier: MIT
// Anonymous temporary files, for what a long import must keep but memory should not hold
// (io/spool.h, io/string_table.h).
#pragma once

#include <cstdio>

namespace hotro::io {

/// Makes a file in $TMPDIR (or /tmp), named TAG-XXXXXX, opened for writing and reading, and
/// unlinks it at once: nothing is left behind, even after a crash. Throws
/// hotro::Error(Exit::cantcreat), naming the path tried, when it cannot be made.
std::FILE* open_temp_file(const char* tag);

/// hotro::Error(Exit::ioerr) for a temporary file that could not be written (a full disk) or
/// read back, with the system's reason.
[[noreturn]] void temp_write_failed();
[[noreturn]] void temp_read_failed();

}  // namespace hotro::io
