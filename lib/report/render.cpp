// SPDX-License-Identifier: MIT
#include "report/render.h"

#include <fmt/format.h>

#include "i18n.h"
#include "io/csv_writer.h"

namespace hotro::report {

std::vector<std::pair<std::string, std::string>> heading(const Report& r) {
  std::vector<std::pair<std::string, std::string>> h;
  h.push_back({tr("Báo cáo", "Report"), r.title});
  if (!r.form.empty()) h.push_back({tr("Biểu", "Form"), r.form});
  h.push_back({tr("Kỳ báo cáo", "Period"), period_words(r.period)});
  h.push_back({tr("Kính gửi", "To"), r.recipient});
  h.push_back({tr("Đơn vị báo cáo", "Reporting unit"),
               r.issuer.empty() ? level_words(r.issuing_level) : r.issuer + " (" + level_words(r.issuing_level) + ")"});
  h.push_back({tr("Thời điểm tính", "Date basis"), basis_words(r.date_basis)});
  h.push_back({tr("Cách tính kỳ", "Period rule"),
               r.period.citation + (r.period.confirmed ? "" : tr(" (CHƯA XÁC NHẬN)", " (UNCONFIRMED)"))});
  if (r.suppress_below > 0)
    h.push_back({tr("Ẩn số nhỏ", "Small counts hidden"),
                 fmt::format(fmt::runtime(tr("các ô dưới {} và ô bổ sung được thay bằng x ({} ô)",
                                             "cells below {} and complementary cells shown as x ({} cells)")),
                             r.suppress_below, r.hidden_cells)});
  return h;
}

namespace {

std::string label_of(const Row& row) { return row.level ? "- " + row.label : row.label; }

std::string list_text(const ListCell& c) { return c.number ? std::to_string(c.n) : c.s; }

bool has_groups(const Section& s) {
  for (const auto& c : s.columns)
    if (!c.group.empty()) return true;
  return false;
}

// The group row: a group's title above its first column.
std::vector<std::string> group_row(const Section& s) {
  std::vector<std::string> out = {""};
  for (size_t c = 0; c < s.columns.size(); ++c)
    out.push_back(c > 0 && s.columns[c - 1].group == s.columns[c].group ? "" : s.columns[c].group);
  return out;
}

}  // namespace

std::string to_csv(const Report& r) {
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + io::csv_field(cells[i]);
    out += "\r\n";
  };
  for (const auto& [k, v] : heading(r)) line({k, v});
  for (const auto& s : r.sections) {
    line({});
    line({s.title});
    if (has_groups(s)) line(group_row(s));
    std::vector<std::string> h = {s.row_header};
    for (const auto& c : s.columns) h.push_back(c.header);
    line(h);
    for (size_t i = 0; i < s.rows.size(); ++i) {
      std::vector<std::string> cells = {label_of(s.rows[i])};
      for (size_t c = 0; c < s.columns.size(); ++c) cells.push_back(cell_text(s, i, c));
      line(cells);
    }
    for (const auto& n : s.notes) line({n});
  }
  if (r.listing) {
    line({});
    line({r.listing->title});
    std::vector<std::string> h;
    for (const auto& c : r.listing->columns) h.push_back(c.header);
    line(h);
    for (const auto& row : r.listing->rows) {
      std::vector<std::string> cells;
      for (const auto& c : row) cells.push_back(list_text(c));
      line(cells);
    }
    if (!r.listing->total.empty()) {
      std::vector<std::string> cells;
      for (const auto& c : r.listing->total) cells.push_back(list_text(c));
      line(cells);
    }
  }
  if (!r.notes.empty()) line({});
  for (const auto& n : r.notes) line({tr("Ghi chú", "Note"), n});
  return out;
}

std::string to_markdown(const Report& r) {
  std::string out = "# " + r.title + "\n\n";
  for (const auto& [k, v] : heading(r))
    if (k != tr("Báo cáo", "Report")) out += "- **" + k + "**: " + v + "\n";
  auto esc = [](std::string s) {
    std::string o;
    for (char ch : s) o += ch == '|' ? std::string("\\|") : std::string(1, ch);
    return o;
  };
  auto row_line = [&](const std::vector<std::string>& cells) {
    out += "|";
    for (const auto& c : cells) out += " " + esc(c) + " |";
    out += "\n";
  };
  for (const auto& s : r.sections) {
    out += "\n## " + s.title + "\n\n";
    std::vector<std::string> h = {s.row_header};
    for (const auto& c : s.columns) h.push_back(c.group.empty() ? c.header : c.group + ": " + c.header);
    row_line(h);
    out += "|---|";
    for (size_t c = 0; c < s.columns.size(); ++c) out += "---:|";
    out += "\n";
    for (size_t i = 0; i < s.rows.size(); ++i) {
      std::vector<std::string> cells = {s.rows[i].level ? "  " + label_of(s.rows[i]) : "**" + s.rows[i].label + "**"};
      for (size_t c = 0; c < s.columns.size(); ++c) cells.push_back(cell_text(s, i, c));
      row_line(cells);
    }
    for (const auto& n : s.notes) out += "\n_" + n + "_\n";
  }
  if (r.listing) {
    out += "\n## " + r.listing->title + "\n\n";
    std::vector<std::string> h;
    for (const auto& c : r.listing->columns) h.push_back(c.header);
    row_line(h);
    out += "|";
    for (const auto& c : r.listing->columns) out += c.type == "text" ? "---|" : "---:|";
    out += "\n";
    for (const auto& row : r.listing->rows) {
      std::vector<std::string> cells;
      for (const auto& c : row) cells.push_back(list_text(c));
      row_line(cells);
    }
    if (!r.listing->total.empty()) {
      std::vector<std::string> cells;
      for (const auto& c : r.listing->total) cells.push_back(list_text(c));
      row_line(cells);
    }
  }
  if (!r.notes.empty()) out += "\n";
  for (const auto& n : r.notes) out += "> " + n + "\n";
  return out;
}

std::string to_json_text(const Report& r) { return to_json(r).dump(2) + "\n"; }

}  // namespace hotro::report
