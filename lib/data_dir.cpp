// SPDX-License-Identifier: MIT
#include "data_dir.h"

#include <cstdlib>

#include <fmt/format.h>

#include "error.h"
#include "i18n.h"

#ifndef HOTRO_DATA_DIR
#error "HOTRO_DATA_DIR must be defined by the build (CMakeLists.txt)"
#endif

namespace hotro {

std::filesystem::path data_dir(const std::string& name, const char* env,
                               const std::optional<std::string>& explicit_dir) {
  std::filesystem::path dir;
  if (explicit_dir) {
    dir = *explicit_dir;
  } else if (const char* v = std::getenv(env); v && *v) {
    dir = v;
  } else {
    dir = std::filesystem::path(HOTRO_DATA_DIR) / name;
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw Error(Exit::config, fmt::format("{}: {}", dir.string(),
                                          tr("không phải là thư mục", "is not a folder")));
  return dir;
}

}  // namespace hotro
