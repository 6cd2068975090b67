// SPDX-License-Identifier: MIT
// `hotro intake import`: lists (CSV, xlsx) → persons and cases, in one transaction.
// Default all-or-nothing; --skip-invalid imports the good rows and writes the rejected ones,
// with their reasons, to a rejects file that can be fixed and imported again.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "audit.h"
#include "db/database.h"
#include "intake/profile.h"
#include "io/row_reader.h"

namespace hotro::intake {

enum class OnDuplicate { link, new_person, skip };


struct RowProblem {
  std::string file;
  long line;
  std::string column;   // the header text of the column, or the field title
  std::string message;
};

struct DuplicateNote {
  std::string file;
  long line;
  std::string full_name;
  int64_t person_id;    // the person already in the library
  std::string reason;
  std::string decision;  // linked, new, skipped
};

struct ImportOptions {
  Profile profile = builtin_profile();
  io::ReadOptions read;
  bool dry_run = false;
  bool skip_invalid = false;
  std::string rejects_path;  // with skip_invalid: where rejected rows go; empty = FILE.rejects.csv
  OnDuplicate on_duplicate = OnDuplicate::link;
  /// Called every few thousand rows with the rows read so far and the fraction of the file
  /// read (0..1, or negative when unknown, as for xlsx), for a progress display.
  std::function<void(const std::string& file, long rows, double fraction)> progress;
  /// Into a library empty at the start, how many keys of new persons (citizen IDs, names with
  /// birth years) the import looks up in memory before it builds the person indexes and goes on
  /// with them. The memory holds 1,887,435 at most (16 MiB); fewer only to test what follows.
  size_t person_keys_in_memory = SIZE_MAX;
  /// When set, each problem of a rejected row and each probable duplicate is handed over here
  /// as it is found, and the report keeps only how many there were, so that memory does not
  /// grow with the file. When not set, they are kept in the report's lists.
  std::function<void(const RowProblem&)> on_problem;
  std::function<void(const DuplicateNote&)> on_duplicate_note;
};

struct FileReport {
  std::string file;
  std::string encoding;
  bool encoding_guessed = false;  // a legacy encoding (not UTF-8) told from the words alone
  std::string sha256;
  long rows = 0;
  long created = 0, updated = 0, unchanged = 0, skipped = 0, rejected = 0;
  std::vector<std::string> ignored_columns;
  std::string rejects_file;  // written when rows were rejected with skip_invalid
};

struct ImportReport {
  std::vector<FileReport> files;
  std::vector<RowProblem> problems;        // empty when ImportOptions::on_problem is set
  std::vector<DuplicateNote> duplicates;   // empty when ImportOptions::on_duplicate_note is set
  long problems_found = 0, duplicates_found = 0;  // counted either way
  bool committed = false;   // false for a dry run or an all-or-nothing import with problems
  int64_t audit_id = 0;
  long total(long FileReport::*field) const;
};

/// Imports `files` in one transaction. Row problems do not throw: they are returned, and unless
/// skip_invalid nothing is written. File-level errors (unreadable file, bad header) throw.
ImportReport import_files(db::Database& db, const audit::Context& ctx,
                          const std::vector<std::string>& files, const ImportOptions& opts);

}  // namespace hotro::intake
