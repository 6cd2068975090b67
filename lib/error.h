// SPDX-License-Identifier: MIT
// The one error type of hotro: a message and a sysexits-style exit code.
// lib/ throws it; cmd/main.cpp is the only place that catches it and maps it to an exit status.
#pragma once

#include <stdexcept>
#include <string>

namespace hotro {

/// Exit statuses, documented in man/hotro.1 (EXIT STATUS).
enum class Exit : int {
  ok = 0,
  found = 1,        // `check` / `audit verify` found problems
  usage = 64,       // EX_USAGE: wrong command-line usage
  data = 65,        // EX_DATAERR: bad input data
  noinput = 66,     // EX_NOINPUT: input file missing or unreadable
  software = 70,    // EX_SOFTWARE: internal error (a bug)
  cantcreat = 73,   // EX_CANTCREAT: cannot create the library or an output file
  ioerr = 74,       // EX_IOERR: I/O error while reading or writing the library
  tempfail = 75,    // EX_TEMPFAIL: library busy beyond the timeout; retry
  config = 78,      // EX_CONFIG: bad profile, rules or configuration file
};

class Error : public std::runtime_error {
 public:
  Error(Exit code, const std::string& message) : std::runtime_error(message), code_(code) {}
  Exit code() const { return code_; }

 private:
  Exit code_;
};

}  // namespace hotro
