// SPDX-License-Identifier: MIT
// The `import` subcommand shared by `hotro verify`, `hotro refer` and `hotro support` (batch forms).
#pragma once

#include <CLI/CLI.hpp>

#include "common.h"
#include "workflow_import.h"

namespace hotro::cmd {

/// Adds `import FILE` with --dry-run, --skip-invalid, --rejects, --encoding, --sheet, --json to
/// `parent` (verify, refer or support). A support form is priced by the rules in `*rules_dir`
/// (the parent's --rules; empty: $HOTRO_RULES or the shipped rules).
void add_batch_import(CLI::App& parent, Global& g, workflow::Form form, const std::string* rules_dir = nullptr);

}  // namespace hotro::cmd
