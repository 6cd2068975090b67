// SPDX-License-Identifier: MIT
// Writing a report: CSV, JSON and Markdown text (deterministic: the same report gives the same
// bytes), and the official xlsx layout (report/xlsx.cpp).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "report/report.h"

namespace hotro::report {

/// The lines above the tables: (label, text), e.g. ("Kính gửi", "Sở Y tế tỉnh").
std::vector<std::pair<std::string, std::string>> heading(const Report& r);

std::string to_csv(const Report& r);
std::string to_markdown(const Report& r);
std::string to_json_text(const Report& r);

/// What the xlsx's "Thông tin báo cáo" sheet records besides the report itself.
struct MadeBy {
  std::string library;        // the library's path
  std::string made_at;        // UTC, ISO 8601 (now_utc(): HOTRO_NOW makes it fixed)
  std::string made_on;        // the date printed in the heading (today), dd/mm/yyyy parts
  std::string template_path, rules_path;
  std::vector<std::string> warnings;  // printed on the info sheet (e.g. edited after closing)
};

/// Writes the xlsx to `path` atomically (a temporary file in the same folder, synced, then
/// renamed; owner-only). Throws Error(Exit::cantcreat) when it cannot be created.
void write_xlsx(const Report& r, const std::string& path, const MadeBy& made);

}  // namespace hotro::report
