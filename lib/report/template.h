// SPDX-License-Identifier: MIT
// Report templates (templates/*.toml): what a report shows, as data. A template names its
// title, recipient, issuing level, which date places a case in the period (date_basis), the
// default period cut-off, and its tables: rows (indicators) × columns (disaggregations), each
// a named measure filtered by named dimensions. The engine (report/engine.h) knows how to run
// *a* template; adding an indicator or changing a layout is an edit here, not C++.
// man/hotro-report.1 (TEMPLATES) documents the format.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hotro::report {

/// A dimension as one place in a template uses it: its name and its options.
struct DimSpec {
  std::string name = "total";           // total, sex, age_group, ethnicity, ...
  std::vector<int> bands;               // age_group: the first age of each band after the first
  std::vector<std::string> categories;  // code dimensions: the codes shown (the rest: "other")
  int line = 0;
  /// Identity of the dimension with its options (for sharing computed categories).
  std::string key() const;
};

/// "Only items whose `dim` is one of `values`" (category keys, e.g. status = "identified").
struct Filter {
  DimSpec dim;
  std::vector<std::string> values;
  int line = 0;
};

struct ColumnSpec {
  std::string measure;  // empty: the row's (or the section's) measure
  DimSpec dim;          // total: one column; else one column per category, under `header`
  std::string header;
  int line = 0;
};

struct RowSpec {
  std::string label;
  std::string measure;           // empty: the section's
  std::vector<Filter> where;
  std::optional<DimSpec> by;     // a breakdown: this row, then one row per category
  bool overlap = false;          // by: a person may count under several categories
  // ratio sections:
  std::string num_measure, den_measure;
  std::vector<Filter> num_where, den_where;
  std::optional<int> target;     // plan target in percent
  int line = 0;
};

struct SectionSpec {
  std::string title;
  std::string kind = "table";    // table | ratio
  std::string measure;           // default measure of the rows
  std::string row_header;        // header of the label column
  std::vector<Filter> where;
  std::vector<ColumnSpec> columns;
  std::vector<RowSpec> rows;
  std::vector<std::string> notes;
  int line = 0;
};

struct ChartSpec {
  std::string title, measure, type = "column";  // column | bar | pie
  DimSpec dim;
  int line = 0;
};

struct ListSpec {
  std::vector<std::string> fields;  // see report/engine.cpp kListFields
  DimSpec amounts_by;               // one amount column per category (support_kind)
  int line = 0;
};

struct Template {
  std::string id;             // the file name without .toml
  std::string path, sha256;   // where it was read from; SHA-256 of its bytes (its version)
  std::string kind = "table"; // table | list | quality
  std::string form;           // form number printed top right, e.g. "Biểu số 01/BC-TNHT"
  std::string title, recipient, issuer, issuing_level, date_basis, cutoff;
  /// Who received the report before the 2025 reorganisation: [[earlier_recipient]] with `until`
  /// (ISO date) and `recipient`; a period that ends by `until` goes to the first such one.
  std::vector<std::pair<std::string, std::string>> earlier_recipients;  // until (ISO), recipient
  int suppress_below = 0;
  std::vector<std::string> notes;
  std::vector<SectionSpec> sections;
  std::optional<ChartSpec> chart;
  std::optional<ListSpec> list;
  std::vector<std::string> checks;  // quality: the checks listed (empty: all)
};

/// The recipient of a report on the period ending `period_end` (ISO).
const std::string& recipient_for(const Template& t, const std::string& period_end);

/// Reads and checks a template. Errors (unknown keys, wrong types, unknown measures or
/// dimensions, a dimension the measure does not have): Error(Exit::config, "FILE:LINE:COL: ...").
Template load_template(const std::filesystem::path& file);

/// The template file for `name`: a path to a .toml file, or the name of one in `dir`.
/// Throws Error(Exit::usage) naming the available templates when there is none.
std::filesystem::path find_template(const std::filesystem::path& dir, const std::string& name);

/// The names of the templates in `dir`, sorted.
std::vector<std::string> template_names(const std::filesystem::path& dir);

// ---- the vocabulary templates use ----

/// Where a measure's items come from.
enum class Source { cases, supports, referrals, protection };
/// How a measure adds items up.
enum class Agg { persons, count, sum_vnd, sum_days };

struct MeasureDef {
  const char* name;
  Source source;
  Agg agg;
  const char* implied_dim;    // a filter the measure implies, or nullptr
  const char* implied_value;
  const char* header_vi;
  const char* header_en;
};

/// The measure called `name`, or nullptr.
const MeasureDef* find_measure(const std::string& name);
/// Whether dimension `dim` exists, and for which sources.
bool dimension_known(const std::string& dim);
bool dimension_applies(const std::string& dim, Source s);

}  // namespace hotro::report
