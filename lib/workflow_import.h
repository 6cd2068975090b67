// SPDX-License-Identifier: MIT
// Batch forms for the workflow (`hotro verify import`, `hotro refer import`, `hotro support
// import`): one step per row of a CSV or xlsx file, checked by the same rules as the single
// commands (workflow.h, support.h), with the
// same import behaviour as intake: all or nothing by default, --dry-run, --skip-invalid with a
// rejects file. Every recorded step is its own audit entry, as when typed one by one. A row whose
// step is already recorded (same case, kind, date, agency and particulars) is counted and
// skipped, so a form read again, or a corrected one, records only what is new.
#pragma once

#include <string>
#include <vector>

#include "audit.h"
#include "db/database.h"
#include "io/row_reader.h"
#include "rules/rules.h"

namespace hotro::workflow {

enum class Form { verify, refer, support };

struct BatchOptions {
  io::ReadOptions read;
  bool dry_run = false;
  bool skip_invalid = false;
  std::string rejects_path;  // with skip_invalid; empty = FILE.rejects.csv
  const rules::RuleBook* rules = nullptr;  // prices the rows of Form::support
};

struct BatchProblem {
  long line;
  std::string message;
};

struct BatchReport {
  std::string file, encoding;
  long rows = 0, recorded = 0, rejected = 0;
  long already = 0;  // rows whose step the library already has (the form read again): not written
  std::vector<BatchProblem> problems;
  std::string rejects_file;  // written when rows were rejected with skip_invalid
  bool committed = false;
};

/// The header texts a form understands, by field (for messages and the man pages).
std::vector<std::pair<std::string, std::vector<std::string>>> form_columns(Form form);

/// Records the steps of `file` in file order, in one transaction. Row problems are returned,
/// not thrown; file problems (unreadable, no header, unknown columns) throw.
BatchReport import_steps(db::Database& db, const audit::Context& ctx, Form form,
                         const std::string& file, const BatchOptions& opts);

}  // namespace hotro::workflow
