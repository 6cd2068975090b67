// SPDX-License-Identifier: MIT
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "error.h"
#include "i18n.h"
#include "io/row_reader.h"
#include "text/unicode.h"

namespace hotro::io {

namespace {

// Old binary Excel workbooks (.xls, Excel 97-2003) are OLE2 compound files; this reader does not
// read them, and reading one as CSV would give nonsense, so say what to do instead.
bool is_legacy_excel(const std::string& path) {
  static const char kOle2[8] = {'\xD0', '\xCF', '\x11', '\xE0', '\xA1', '\xB1', '\x1A', '\xE1'};
  char head[8] = {};
  std::ifstream in(path, std::ios::binary);
  return in.read(head, sizeof head) && std::equal(head, head + 8, kOle2);
}

}  // namespace

std::vector<size_t> unnamed_columns(const std::vector<std::string>& header) {
  std::vector<size_t> out;
  for (size_t i = 0; i < header.size(); ++i)
    if (text::clean(header[i]).empty()) out.push_back(i);
  return out;
}

std::optional<StrayCell> stray_cell(const std::vector<std::string>& cells, size_t header_size,
                                    const std::vector<size_t>& unnamed) {
  std::optional<size_t> first;
  std::string values;
  auto look = [&](size_t i) {
    const std::string v = text::clean(cells[i]);
    if (v.empty()) return;
    if (!first) first = i;
    values += fmt::format("{}'{}'", values.empty() ? "" : ", ", v);
  };
  for (size_t i : unnamed)
    if (i < cells.size() && !cells[i].empty()) look(i);
  for (size_t i = header_size; i < cells.size(); ++i) look(i);
  if (!first) return std::nullopt;
  const bool beyond = *first >= header_size;
  return StrayCell{
      fmt::format(fmt::runtime(tr("cột {} (không có tiêu đề)", "column {} (no header)")), *first + 1),
      fmt::format(fmt::runtime(beyond ? tr("dòng có giá trị ngoài các cột có tiêu đề ({}); thường là một giá "
                                           "trị có dấu phẩy mà thiếu ngoặc kép, làm lệch các cột sau nó",
                                           "the row has values beyond the columns with a header ({}); "
                                           "usually a value with a comma that lost its quotes, which moved "
                                           "the columns after it")
                                      : tr("dòng có giá trị ở cột không có tiêu đề ({}); hãy đặt tiêu đề cho cột "
                                           "đó, hoặc xem có giá trị nào có dấu phẩy mà thiếu ngoặc kép, làm lệch "
                                           "các cột sau nó",
                                           "the row has values under a column without a header ({}); give the "
                                           "column a header, or look for a value with a comma that lost its "
                                           "quotes, which moved the columns after it")),
                  values)};
}

std::unique_ptr<RowReader> open_rows(const std::string& path, const ReadOptions& opts) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))  // a list that cannot be opened: 66, not 74
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("'{}' là một thư mục, không phải tệp danh sách",
                                                           "'{}' is a folder, not a list file")),
                                           path));
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  if (ext == ".xlsx") return open_xlsx(path, opts);
  if (ext == ".json")
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("{}: tệp JSON không phải danh sách; hotro đọc danh sách CSV "
                                                        "và .xlsx (hotro export --format csv viết một danh sách "
                                                        "nhập lại được)",
                                                        "{}: a JSON file is not a list; hotro reads CSV and .xlsx "
                                                        "lists (hotro export --format csv writes one that can be "
                                                        "imported again)")),
                                        path));
  if (is_legacy_excel(path))
    throw Error(Exit::data,
                fmt::format(fmt::runtime(tr("{}: tệp Excel 97-2003 (.xls) chưa đọc được; hãy mở bằng "
                                            "Excel hoặc LibreOffice và lưu thành .xlsx hoặc CSV",
                                            "{}: an Excel 97-2003 (.xls) workbook cannot be read; "
                                            "open it in Excel or LibreOffice and save it as .xlsx "
                                            "or CSV")),
                            path));
  return open_csv(path, opts);
}

}  // namespace hotro::io
