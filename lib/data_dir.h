// SPDX-License-Identifier: MIT
// Where the shipped data folders are found: rules/ (legal rule sets) and templates/ (report
// layouts). An explicit folder (a command-line option) wins, then an environment variable
// (HOTRO_RULES, HOTRO_TEMPLATES), then the folder the build was configured with (the source
// tree for a build, share/hotro once installed).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace hotro {

/// The folder `name` ("rules" or "templates"): `explicit_dir` if given, else the environment
/// variable `env`, else HOTRO_DATA_DIR/name. Throws Error(Exit::config) when it is not a folder.
std::filesystem::path data_dir(const std::string& name, const char* env,
                               const std::optional<std::string>& explicit_dir);

}  // namespace hotro
