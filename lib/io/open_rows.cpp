// SPDX-License-Identifier: MIT
#include <algorithm>
#include <filesystem>

#include "io/row_reader.h"

namespace hotro::io {

std::unique_ptr<RowReader> open_rows(const std::string& path, const ReadOptions& opts) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  if (ext == ".xlsx") return open_xlsx(path, opts);
  return open_csv(path, opts);
}

}  // namespace hotro::io
