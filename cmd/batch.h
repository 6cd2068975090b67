// SPDX-License-Identifier: MIT
// The `import` subcommand shared by `hotro verify` and `hotro refer` (batch forms).
#pragma once

#include <CLI/CLI.hpp>

#include "common.h"
#include "workflow_import.h"

namespace hotro::cmd {

/// Adds `import FILE` with --dry-run, --skip-invalid, --rejects, --encoding, --sheet, --json to
/// `parent` (verify or refer).
void add_batch_import(CLI::App& parent, Global& g, workflow::Form form);

}  // namespace hotro::cmd
