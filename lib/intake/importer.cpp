// SPDX-License-Identifier: MIT
#include "intake/importer.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "cases.h"
#include "clock.h"
#include "codes.h"
#include "error.h"
#include "i18n.h"
#include "intake/store.h"
#include "io/csv_writer.h"
#include "text/unicode.h"

namespace hotro::intake {

namespace {

bool ascii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x80; });
}

bool blank(const std::string& cell) { return cell.find_first_not_of(" \t\r\n") == std::string::npos; }

bool blank_row(const io::Row& row) {
  return std::all_of(row.cells.begin(), row.cells.end(), [](const std::string& c) { return blank(c); });
}

// Touched ids as [first, last] ranges: an import of a million new cases is one range.
class IdRanges {
 public:
  void add(int64_t id) {
    if (!ranges_.empty() && ranges_.back().second + 1 == id)
      ranges_.back().second = id;
    else
      ranges_.emplace_back(id, id);
  }
  audit::json to_json() const {
    audit::json out = audit::json::array();
    for (auto [a, b] : ranges_) out.push_back({a, b});
    return out;
  }

 private:
  std::vector<std::pair<int64_t, int64_t>> ranges_;
};

const char* decision_name(OnDuplicate d) {
  switch (d) {
    case OnDuplicate::link: return "linked";
    case OnDuplicate::new_person: return "new";
    case OnDuplicate::skip: return "skipped";
  }
  return "";
}

// Everything one import run shares across its files.
struct Run {
  db::Database& db;
  const ImportOptions& opts;
  CodeLists codes;
  RecordParser parser;
  Store store;
  ImportReport report;
  IdRanges touched;
  audit::json before = audit::json::object(), after = audit::json::object();
  // Rejects files stay temporary until the import commits.
  std::vector<std::unique_ptr<io::RejectsFile>> rejects_files;
  // The cases rows of this run have matched (made, changed or unchanged), by case id: a
  // second row with the same identity in one run is a clash, not an update. One bit a case.
  std::vector<bool> matched;
  bool match(int64_t case_id) {  // false when an earlier row of this run matched the case
    if (static_cast<size_t>(case_id) >= matched.size()) matched.resize(case_id * 2 + 1024);
    if (matched[case_id]) return false;
    matched[case_id] = true;
    return true;
  }

  Run(db::Database& d, const ImportOptions& o)
      : db(d), opts(o), codes(d), parser(codes, o.profile.values), store(d) {
    check_value_codes(o.profile, codes);
  }

  void import_file(const std::string& file);
  /// Writes one valid row; returns a problem when it clashes with an earlier row of this run.
  std::optional<FieldError> import_row(FileReport& fr, const io::Row& row, const Record& rec);
};

void Run::import_file(const std::string& file) {
  FileReport fr;
  fr.file = file;
  io::ReadOptions read = opts.read;
  if (read.encoding == "auto" && !opts.profile.encoding.empty()) read.encoding = opts.profile.encoding;
  if (read.sheet.empty()) read.sheet = opts.profile.sheet;
  auto reader = io::open_rows(file, read);
  fr.sha256 = sha256_file(file);

  io::Row row;
  bool have_header = false;
  while (reader->next(row)) {
    if (opts.profile.header_row > 0 ? row.line >= opts.profile.header_row : !blank_row(row)) {
      have_header = true;
      break;
    }
  }
  if (!have_header)
    throw Error(Exit::data,
                fmt::format(fmt::runtime(tr("{}: tệp trống: không có dòng tiêu đề (cần các tiêu đề "
                                            "như 'Họ và tên', 'Ngày tiếp nhận')",
                                            "{}: empty file: no header row (expected headers such "
                                            "as 'Họ và tên', 'Ngày tiếp nhận')")),
                            file));
  const std::vector<std::string> header = row.cells;
  const long header_line = row.line;
  ColumnMap cols = map_columns(opts.profile, header, file, header_line);
  fr.ignored_columns = cols.ignored;
  fr.encoding = reader->encoding();

  auto rejects = std::make_unique<io::RejectsFile>(
      opts.rejects_path.empty() ? file + ".rejects.csv" : opts.rejects_path, header);
  RawValues raw;
  Record rec;
  while (reader->next(row)) {
    if (blank_row(row)) continue;
    ++fr.rows;
    if (opts.progress && fr.rows % 4096 == 0) opts.progress(file, fr.rows, reader->fraction_read());
    for (size_t f = 0; f < kFieldCount; ++f) {
      int c = cols.index[f];
      raw[f] = c >= 0 && static_cast<size_t>(c) < row.cells.size() ? row.cells[c] : std::string();
      if (blank(raw[f])) raw[f] = opts.profile.defaults[f];
    }
    std::vector<FieldError> errors = parser.parse(raw, rec);
    if (errors.empty()) {
      auto clash = import_row(fr, row, rec);
      if (!clash) continue;
      errors.push_back(*clash);
    }
    ++fr.rejected;
    std::string reasons;
    for (const auto& e : errors) {
      int c = cols.index[static_cast<size_t>(e.field)];
      std::string column = c >= 0 ? header[c] : field_title(e.field);
      report.problems.push_back({file, row.line, column, e.message});
      reasons += (reasons.empty() ? "" : "; ") + column + ": " + e.message;
    }
    if (opts.skip_invalid && !opts.dry_run) rejects->add(row.cells, reasons);
  }
  if (rejects->used()) {
    fr.rejects_file = rejects->path();
    rejects_files.push_back(std::move(rejects));
  }
  report.files.push_back(std::move(fr));
}

std::optional<FieldError> Run::import_row(FileReport& fr, const io::Row& row, const Record& rec) {
  const std::string source = rec.source_agency     ? *rec.source_agency
                             : rec.receiving_agency ? *rec.receiving_agency
                                                    : std::string();
  const int64_t key = row_key(rec, source);
  const int64_t hash = content_hash(rec);
  if (auto existing = store.find_by_row_key(key)) {
    if (!match(existing->case_id))
      return FieldError{Field::full_name,
                        fmt::format(fmt::runtime(tr("trùng với một dòng trước trong lần nhập này "
                                                    "(cùng họ tên, ngày sinh, ngày tiếp nhận và đơn "
                                                    "vị; hồ sơ #{}): bỏ một trong hai dòng",
                                                    "same person, birth, intake date and agency as "
                                                    "an earlier row of this import (case #{}): "
                                                    "remove one of them")),
                                    existing->case_id)};
    if (existing->content_hash == hash) {
      ++fr.unchanged;
      return std::nullopt;
    }
    std::string id = std::to_string(existing->case_id);
    before[id] = *cases::load(db, existing->case_id);
    // A list that writes the name without accents ("NGUYEN THI HUONG") does not erase the
    // accented name already recorded; the row's hash is kept, so re-imports stay unchanged.
    Record kept = rec;
    const std::string old_name = before[id]["person"]["full_name"].get<std::string>();
    if (ascii(rec.full_name) && !ascii(old_name) &&
        text::fold(rec.full_name) == text::fold(old_name))
      kept.full_name = old_name;
    store.update(*existing, kept, hash);
    after[id] = *cases::load(db, existing->case_id);
    touched.add(existing->case_id);
    ++fr.updated;
    return std::nullopt;
  }
  int64_t person_id = 0;
  if (auto dup = store.find_duplicate(rec)) {
    report.duplicates.push_back({fr.file, row.line, rec.full_name, dup->person_id, dup->reason,
                                 decision_name(opts.on_duplicate)});
    if (opts.on_duplicate == OnDuplicate::skip) {
      ++fr.skipped;
      return std::nullopt;
    }
    if (opts.on_duplicate == OnDuplicate::link) person_id = dup->person_id;
  }
  if (!person_id) person_id = store.insert_person(rec);
  const int64_t case_id = store.insert_case(person_id, rec, key, hash);
  match(case_id);
  touched.add(case_id);
  ++fr.created;
  return std::nullopt;
}

}  // namespace

long ImportReport::total(long FileReport::*field) const {
  long sum = 0;
  for (const auto& f : files) sum += f.*field;
  return sum;
}

ImportReport import_files(db::Database& db, const audit::Context& ctx,
                          const std::vector<std::string>& files, const ImportOptions& opts) {
  if (!opts.rejects_path.empty() && files.size() > 1)
    throw Error(Exit::usage, tr("--rejects chỉ dùng khi nhập một tệp; khi nhập nhiều tệp, mỗi tệp "
                                "có tệp lỗi riêng TỆP.rejects.csv",
                                "--rejects names one file; with several inputs each gets "
                                "FILE.rejects.csv"));
  db::Transaction tx(db);
  Run run(db, opts);
  for (const auto& file : files) run.import_file(file);
  ImportReport& report = run.report;
  if (opts.dry_run || (!report.problems.empty() && !opts.skip_invalid)) return report;

  audit::json detail{{"profile", opts.profile.name},
                     {"on_duplicate", decision_name(opts.on_duplicate)},
                     {"files", audit::json::array()},
                     {"duplicates", report.duplicates.size()}};
  for (const auto& f : report.files)
    detail["files"].push_back({{"file", f.file},
                               {"sha256", f.sha256},
                               {"encoding", f.encoding},
                               {"rows", f.rows},
                               {"created", f.created},
                               {"updated", f.updated},
                               {"unchanged", f.unchanged},
                               {"skipped", f.skipped},
                               {"rejected", f.rejected}});
  audit::Entry entry{"import", "case", run.touched.to_json(),
                     run.before.empty() ? audit::json() : run.before,
                     run.after.empty() ? audit::json() : run.after, detail};
  report.audit_id = audit::append(db, ctx, entry);
  tx.commit();
  report.committed = true;
  for (auto& r : run.rejects_files) r->commit();
  return report;
}

}  // namespace hotro::intake
