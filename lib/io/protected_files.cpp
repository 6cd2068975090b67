// SPDX-License-Identifier: MIT
#include "io/protected_files.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <mutex>

namespace hotro::io {

namespace {

struct Entry {
  uint64_t owner;
  std::string name;  // weakly canonical
  std::optional<std::pair<dev_t, ino_t>> id;
  Protected what;
};

std::optional<std::pair<dev_t, ino_t>> file_id(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return std::pair{st.st_dev, st.st_ino};
}

std::string canonical_name(const std::string& path) {
  std::error_code ec;
  const auto p = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : p.string();
}

std::mutex mutex;
std::vector<Entry> entries;
uint64_t next_owner = 1;

}  // namespace

ProtectedFiles::ProtectedFiles(const std::vector<std::string>& paths, Protected what) {
  std::vector<Entry> mine;
  for (const auto& path : paths)
    if (!path.empty() && path != "-" && path != ":memory:")
      mine.push_back({0, canonical_name(path), file_id(path), what});
  std::lock_guard lock(mutex);
  id_ = next_owner++;
  for (auto& e : mine) {
    e.owner = id_;
    entries.push_back(std::move(e));
  }
}

ProtectedFiles::~ProtectedFiles() {
  std::lock_guard lock(mutex);
  std::erase_if(entries, [&](const Entry& e) { return e.owner == id_; });
}

std::optional<Protected> protected_file(const std::string& path) {
  const std::string name = canonical_name(path);
  const auto id = file_id(path);
  std::lock_guard lock(mutex);
  for (const auto& e : entries)
    if (e.name == name || (id && e.id == id)) return e.what;
  return std::nullopt;
}

}  // namespace hotro::io
