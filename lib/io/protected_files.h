// SPDX-License-Identifier: MIT
// Files no output may replace: the open case library (with the journal files SQLite keeps
// beside it) and the lists a command is reading. `report --out hotro.db` or
// `--rejects danh_sach.csv` would otherwise write over them; output_target() (csv_writer.h)
// refuses such a path while it is protected.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hotro::io {

enum class Protected { library, input };

/// Protects the files at `paths` (by name, and by device and inode when they exist) for as
/// long as it lives.
class ProtectedFiles {
 public:
  ProtectedFiles(const std::vector<std::string>& paths, Protected what);
  ~ProtectedFiles();
  ProtectedFiles(const ProtectedFiles&) = delete;
  ProtectedFiles& operator=(const ProtectedFiles&) = delete;

 private:
  uint64_t id_;
};

/// What `path` is, when it is a protected file under any name (a link, a relative path).
std::optional<Protected> protected_file(const std::string& path);

}  // namespace hotro::io
