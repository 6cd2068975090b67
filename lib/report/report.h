// SPDX-License-Identifier: MIT
// A report as data: what the engine computes from a template and a period, and what every
// writer (table, CSV, JSON, Markdown, xlsx) prints. It round-trips through JSON, so a closed
// period's report is kept exactly as submitted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "period.h"

namespace hotro::report {

using json = nlohmann::ordered_json;

/// Cell states: a number, a number hidden by --suppress-below, or nothing to show (a share of 0).
enum class Shown : char { value = 0, hidden = 1, none = 2 };

struct Column {
  std::string group;          // the merged header above (a dimension's title), or ""
  std::string header;
  std::string measure;        // the measure's name (persons, support_vnd, ...)
  std::string type = "count"; // count | vnd | days | percent (percent values in tenths)
  int total = -1;             // the column these cells add up to in the same row, or -1
};

struct Row {
  std::string label;
  int level = 0;              // 0 an indicator; 1 a category of the row above it
  int parent = -1;            // the row this one adds up to, or -1
  bool overlap = false;       // a parent whose persons may count under several categories
};

struct Section {
  std::string title, kind = "table", row_header;
  std::vector<Column> columns;
  std::vector<Row> rows;
  std::vector<std::vector<int64_t>> values;  // [row][column]
  std::vector<std::vector<Shown>> shown;     // [row][column]
  // [row][column], amount columns (vnd, days) only: how many persons an amount is of, so that
  // a report kept as submitted can still have its small groups hidden. Empty when the section
  // has no amounts, or was kept by an older hotro.
  std::vector<std::vector<int64_t>> persons;
  std::vector<std::string> notes;
};

/// Whether a column holds amounts (VND or days), hidden by the persons behind them.
bool amount_column(const Column& c);

/// A list with one line per person (or per problem): text and number cells.
struct ListCell {
  bool number = false;
  int64_t n = 0;
  std::string s;
};
struct Listing {
  std::string title;
  std::vector<Column> columns;              // type "text" for text columns
  std::vector<std::vector<ListCell>> rows;
  std::vector<ListCell> total;              // a total line (empty: none)
};

struct Chart {
  std::string title, type, series;
  std::vector<std::string> labels;
  std::vector<int64_t> values;
};

struct Problem {
  std::string check, label;   // the check's name and its text
  int64_t case_id = 0;
  std::string record;         // "case #12", "support #5"
};

struct Report {
  std::string template_id, template_sha256, rules_sha256, kind, form;
  std::string title, recipient, issuer, issuing_level, date_basis;
  Period period;
  int suppress_below = 0;
  int64_t hidden_cells = 0;
  bool include_pii = false;
  std::vector<std::string> notes;
  std::vector<Section> sections;
  std::optional<Listing> listing;
  std::optional<Chart> chart;
  std::vector<Problem> problems;  // the data-quality findings for what this report needs
};

json to_json(const Report& r);
Report from_json(const json& j);

/// A cell as printed: "1234" (count), "1234567" (VND), "75.0" (percent), "x" (hidden), "-".
std::string cell_text(const Section& s, size_t row, size_t col);

/// Every place a total differs from the sum of its parts: empty when the report adds up.
std::vector<std::string> check_totals(const Report& r);

/// Words for the date basis, the period's basis (calendar, state_cutoff), the issuing level:
/// as printed.
std::string basis_words(const std::string& basis);
std::string period_basis_words(const std::string& basis);
std::string level_words(const std::string& level);
/// "Quý 3/2026 (từ ngày 01/07/2026 đến ngày 30/09/2026)"; a date range: "Từ ngày 01/02/2026 đến ngày 30/04/2026".
std::string period_words(const Period& p);

}  // namespace hotro::report
