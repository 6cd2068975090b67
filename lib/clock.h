// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <array>
#include <memory>
#include <string>
#include <string_view>

namespace hotro {

/// The current UTC time as ISO 8601 ("2026-11-22T08:30:00Z"); HOTRO_NOW overrides it so that
/// tests and reproducible runs get fixed timestamps.
std::string now_utc();

/// Who is acting: the given name if not empty, else $HOTRO_ACTOR, else the OS user name.
std::string actor_name(const std::string& given);

/// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

/// SHA-256 of data given piece by piece (a million rows need not be joined first).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view data);
  /// Lower-case hex of everything given since construction or the last hex(); starts again.
  std::string hex();
  /// The same digest as 32 bytes; starts again.
  std::array<unsigned char, 32> bytes();

 private:
  struct Context;
  std::unique_ptr<Context> ctx_;
};


/// Lower-case hex SHA-256 of a file's bytes. Throws Error(Exit::noinput) if unreadable.
std::string sha256_file(const std::string& path);

}  // namespace hotro
