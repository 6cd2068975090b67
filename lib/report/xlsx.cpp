// SPDX-License-Identifier: MIT
// The official layout of a report as xlsx (libxlsxwriter): national heading, title and period,
// one sheet per table ("Biểu 1", ...) with merged group headers, borders, number formats and
// frozen header rows, A4 landscape in Times New Roman with a signature block; a sheet
// "Thông tin báo cáo" ("Report information" with --lang en) and, where the template asks, a
// chart sheet.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <vector>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "error.h"
#include "i18n.h"
#include "io/csv_writer.h"
#include "report/render.h"
#include "remove_on_signal.h"
#include "text/dates.h"

namespace hotro::report {

namespace {

constexpr const char* kFont = "Times New Roman";

class Formats {
 public:
  explicit Formats(lxw_workbook* wb) : wb_(wb) {}

  // A format by name, made on first use.
  lxw_format* get(const std::string& name) {
    auto it = formats_.find(name);
    if (it != formats_.end()) return it->second;
    lxw_format* f = workbook_add_format(wb_);
    format_set_font_name(f, kFont);
    format_set_font_size(f, 12);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    const bool cell = name.starts_with("cell") || name.starts_with("head") || name.starts_with("label");
    if (cell) {
      format_set_border(f, LXW_BORDER_THIN);
      format_set_font_size(f, 11);
    }
    if (name.find("bold") != std::string::npos) format_set_bold(f);
    if (name.find("italic") != std::string::npos) format_set_italic(f);
    if (name.find("underline") != std::string::npos) format_set_underline(f, LXW_UNDERLINE_SINGLE);
    if (name.find("center") != std::string::npos || name.starts_with("head")) format_set_align(f, LXW_ALIGN_CENTER);
    if (name.starts_with("head")) {
      format_set_bold(f);
      format_set_text_wrap(f);
      format_set_bg_color(f, 0xF2F2F2);
    }
    if (name.find("wrap") != std::string::npos) format_set_text_wrap(f);
    if (name.find("title") != std::string::npos) format_set_font_size(f, 14);
    if (name.find("indent") != std::string::npos) format_set_indent(f, 2);
    if (name.find("number") != std::string::npos) format_set_num_format(f, "#,##0");
    if (name.find("percent") != std::string::npos) format_set_num_format(f, "0.0");
    if (name.find("small") != std::string::npos) format_set_font_size(f, 10);
    formats_[name] = f;
    return f;
  }

 private:
  lxw_workbook* wb_;
  std::map<std::string, lxw_format*> formats_;
};

// Writes text over columns [c1, c2] of a row, merged when that is more than one cell.
void span(lxw_worksheet* ws, int row, int c1, int c2, const std::string& text, lxw_format* f) {
  if (c2 > c1) worksheet_merge_range(ws, row, c1, row, c2, text.c_str(), f);
  else worksheet_write_string(ws, row, c1, text.c_str(), f);
}

std::string heading_date(const std::string& made_on) {
  const auto d = text::from_iso(made_on);
  if (!d || d->year_only()) return "";
  return fmt::format(fmt::runtime(tr("......, ngày {:02} tháng {:02} năm {}", "......, {:02}/{:02}/{}")), d->day, d->month, d->year);
}

// The national heading, the title block; returns the next free row.
int write_heading(lxw_worksheet* ws, Formats& f, const Report& r, const MadeBy& made, int width) {
  const int mid = std::max(1, width / 2 - 1);
  const int last = std::max(width - 1, mid + 1);
  const std::string issuer = r.issuer.empty() ? level_words(r.issuing_level) : r.issuer;
  span(ws, 0, 0, mid - 1 < 0 ? 0 : std::max(0, mid - 1), issuer, f.get("bold center"));
  span(ws, 0, mid, last, tr("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"), f.get("bold center"));
  span(ws, 1, 0, std::max(0, mid - 1), r.form, f.get("italic center"));
  span(ws, 1, mid, last, tr("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"), f.get("bold underline center"));
  span(ws, 2, mid, last, heading_date(made.made_on), f.get("italic center"));
  span(ws, 4, 0, last, r.title, f.get("bold center title wrap"));
  worksheet_set_row(ws, 4, 36, nullptr);
  span(ws, 5, 0, last, period_words(r.period), f.get("bold center"));
  span(ws, 6, 0, last, std::string(tr("Kính gửi: ", "To: ")) + r.recipient, f.get("center"));
  std::string basis = fmt::format(fmt::runtime(tr("Thời điểm tính: {}. Cách tính kỳ: {}", "Date basis: {}. Period rule: {}")),
                                  basis_words(r.date_basis), r.period.citation);
  if (!r.period.confirmed) basis += tr(" (CHƯA XÁC NHẬN)", " (UNCONFIRMED)");
  span(ws, 7, 0, last, basis, f.get("italic center small wrap"));
  worksheet_set_row(ws, 7, 30, nullptr);
  int row = 8;
  if (r.suppress_below > 0) {
    span(ws, row++, 0, last,
         fmt::format(fmt::runtime(tr("Các ô có số dưới {} và các ô bổ sung để không suy ra được đã được thay bằng x.",
                                     "Cells below {}, and the cells that would reveal them, are shown as x.")),
                     r.suppress_below),
         f.get("italic center small"));
  }
  return row + 1;
}

int write_signature(lxw_worksheet* ws, Formats& f, int row, int width) {
  const int mid = std::max(1, width / 2 - 1);
  const int last = std::max(width - 1, mid + 1);
  span(ws, row, 0, std::max(0, mid - 1), tr("NGƯỜI LẬP BIỂU", "PREPARED BY"), f.get("bold center"));
  span(ws, row, mid, last, tr("THỦ TRƯỞNG ĐƠN VỊ", "HEAD OF THE UNIT"), f.get("bold center"));
  span(ws, row + 1, 0, std::max(0, mid - 1), tr("(Ký, ghi rõ họ tên)", "(signature, full name)"), f.get("italic center"));
  span(ws, row + 1, mid, last, tr("(Ký tên, đóng dấu)", "(signature and seal)"), f.get("italic center"));
  return row + 6;
}

void print_setup(lxw_worksheet* ws, int header_first, int header_last) {
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_center_horizontally(ws);
  if (header_last >= header_first) worksheet_repeat_rows(ws, header_first, header_last);
}

void write_value(lxw_worksheet* ws, Formats& f, int row, int col, const Section& s, size_t r, size_t c, bool bold) {
  const std::string b = bold ? " bold" : "";
  switch (s.shown[r][c]) {
    case Shown::hidden: worksheet_write_string(ws, row, col, "x", f.get("cell center" + b)); return;
    case Shown::none: worksheet_write_string(ws, row, col, "-", f.get("cell center" + b)); return;
    case Shown::value: break;
  }
  const int64_t v = s.values[r][c];
  if (s.columns[c].type == "percent")
    worksheet_write_number(ws, row, col, static_cast<double>(v) / 10.0, f.get("cell percent" + b));
  else
    worksheet_write_number(ws, row, col, static_cast<double>(v), f.get("cell number" + b));
}

void write_section(lxw_workbook* wb, Formats& f, const Report& r, const Section& s, const std::string& name,
                   const MadeBy& made) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
  const int ncols = static_cast<int>(s.columns.size()) + 1;
  const int width = std::max(ncols, 6);
  worksheet_set_column(ws, 0, 0, 48, nullptr);
  worksheet_set_column(ws, 1, width - 1, 14, nullptr);
  int row = write_heading(ws, f, r, made, width);
  span(ws, row++, 0, ncols - 1, s.title, f.get("bold"));
  const bool groups = std::any_of(s.columns.begin(), s.columns.end(), [](const Column& c) { return !c.group.empty(); });
  const int head = row, head_last = groups ? row + 1 : row;
  if (groups) worksheet_merge_range(ws, head, 0, head_last, 0, s.row_header.c_str(), f.get("head"));
  else worksheet_write_string(ws, head, 0, s.row_header.c_str(), f.get("head"));
  for (size_t c = 0; c < s.columns.size();) {
    const int col = static_cast<int>(c) + 1;
    const Column& column = s.columns[c];
    if (column.group.empty()) {
      if (groups) worksheet_merge_range(ws, head, col, head_last, col, column.header.c_str(), f.get("head"));
      else worksheet_write_string(ws, head, col, column.header.c_str(), f.get("head"));
      ++c;
      continue;
    }
    size_t end = c;
    while (end + 1 < s.columns.size() && s.columns[end + 1].group == column.group) ++end;
    span(ws, head, col, static_cast<int>(end) + 1, column.group, f.get("head"));
    for (size_t k = c; k <= end; ++k)
      worksheet_write_string(ws, head_last, static_cast<int>(k) + 1, s.columns[k].header.c_str(), f.get("head"));
    c = end + 1;
  }
  worksheet_set_row(ws, head_last, 45, nullptr);
  row = head_last + 1;
  worksheet_freeze_panes(ws, row, 1);
  for (size_t i = 0; i < s.rows.size(); ++i, ++row) {
    const bool top = s.rows[i].level == 0;
    worksheet_write_string(ws, row, 0, s.rows[i].label.c_str(), f.get(top ? "label bold wrap" : "label indent wrap"));
    for (size_t c = 0; c < s.columns.size(); ++c) write_value(ws, f, row, static_cast<int>(c) + 1, s, i, c, top);
  }
  ++row;
  for (const auto& n : s.notes) span(ws, row++, 0, width - 1, n, f.get("italic small wrap"));
  for (const auto& n : r.notes) span(ws, row++, 0, width - 1, std::string(tr("Ghi chú: ", "Note: ")) + n, f.get("italic small wrap"));
  write_signature(ws, f, row + 1, width);
  print_setup(ws, head, head_last);
}

void write_listing(lxw_workbook* wb, Formats& f, const Report& r, const Listing& l, const MadeBy& made) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, r.kind == "quality" ? tr("Danh sách vấn đề", "Problems") : tr("Danh sách", "List"));
  const int ncols = static_cast<int>(l.columns.size());
  const int width = std::max(ncols, 6);
  for (int c = 0; c < ncols; ++c) {
    const std::string& type = l.columns[c].type;
    worksheet_set_column(ws, c, c, c == 0 ? 6 : type == "text" ? 24 : type == "vnd" ? 14 : 11, nullptr);
  }
  int row = write_heading(ws, f, r, made, width);
  span(ws, row++, 0, ncols - 1, l.title, f.get("bold"));
  const int head = row;
  for (int c = 0; c < ncols; ++c) worksheet_write_string(ws, head, c, l.columns[c].header.c_str(), f.get("head"));
  worksheet_set_row(ws, head, 45, nullptr);
  row = head + 1;
  worksheet_freeze_panes(ws, row, 0);
  lxw_format* text = f.get("cell wrap");
  lxw_format* amount = f.get("cell number");
  lxw_format* id = f.get("cell center");
  std::vector<lxw_format*> number(ncols);  // the format of each column's numbers
  for (int c = 0; c < ncols; ++c) number[c] = l.columns[c].type == "id" || c == 0 ? id : amount;
  for (const auto& cells : l.rows) {
    for (int c = 0; c < ncols; ++c) {
      const ListCell& cell = cells[c];
      if (!cell.number) worksheet_write_string(ws, row, c, cell.s.c_str(), text);
      else worksheet_write_number(ws, row, c, static_cast<double>(cell.n), number[c]);
    }
    ++row;
  }
  if (!l.total.empty()) {
    for (int c = 0; c < ncols; ++c) {
      const ListCell& cell = l.total[c];
      if (cell.number) worksheet_write_number(ws, row, c, static_cast<double>(cell.n), f.get("cell number bold"));
      else worksheet_write_string(ws, row, c, cell.s.c_str(), f.get("cell bold"));
    }
    ++row;
  }
  ++row;
  for (const auto& n : r.notes) span(ws, row++, 0, width - 1, std::string(tr("Ghi chú: ", "Note: ")) + n, f.get("italic small wrap"));
  write_signature(ws, f, row + 1, width);
  print_setup(ws, head, head);
}

void write_info(lxw_workbook* wb, Formats& f, const Report& r, const MadeBy& made) {
  const char* title = tr("Thông tin báo cáo", "Report information");
  lxw_worksheet* ws = workbook_add_worksheet(wb, title);
  worksheet_set_column(ws, 0, 0, 34, nullptr);
  worksheet_set_column(ws, 1, 1, 90, nullptr);
  std::vector<std::pair<std::string, std::string>> lines = {
      {tr("Mẫu báo cáo", "Template"), r.template_id},
      {tr("Tệp mẫu", "Template file"), made.template_path},
      {tr("Phiên bản mẫu (SHA-256)", "Template version (SHA-256)"), r.template_sha256},
      {tr("Tệp quy tắc kỳ báo cáo", "Period rule file"), made.rules_path},
      {tr("Phiên bản quy tắc (SHA-256)", "Rule version (SHA-256)"), r.rules_sha256},
      {tr("Kỳ báo cáo", "Period"), r.period.name},
      {tr("Từ ngày", "From"), r.period.from.display()},
      {tr("Đến ngày", "To"), r.period.to.display()},
      {tr("Cách tính kỳ", "Period basis"), period_basis_words(r.period.basis)},
      {tr("Căn cứ", "Rule"), r.period.citation},
      {tr("Quy tắc đã xác nhận", "Rule confirmed"), r.period.confirmed ? tr("có", "yes") : tr("CHƯA XÁC NHẬN", "UNCONFIRMED")},
      {tr("Thời điểm tính", "Date basis"), basis_words(r.date_basis)},
      {tr("Thư viện hồ sơ", "Case library"), made.library},
      {tr("Thời điểm lập (UTC)", "Made at (UTC)"), made.made_at},
      {tr("Phiên bản hotro", "hotro version"), HOTRO_VERSION},
      {tr("Ẩn số nhỏ", "Suppression"), r.suppress_below > 0 ? fmt::format(fmt::runtime(tr("dưới {}; {} ô bị ẩn", "below {}; {} cells hidden")), r.suppress_below, r.hidden_cells)
                                                           : tr("không", "none")},
      {tr("Có thông tin cá nhân", "Personal data"), r.include_pii ? tr("có (đã ghi nhật ký)", "yes (audited)") : tr("không", "no")},
      {tr("Vấn đề chất lượng dữ liệu", "Data-quality problems"), std::to_string(r.problems.size())},
  };
  for (const auto& w : made.warnings) lines.push_back({tr("Cảnh báo", "Warning"), w});
  worksheet_write_string(ws, 0, 0, title, f.get("bold title"));
  int row = 2;
  for (const auto& [k, v] : lines) {
    worksheet_write_string(ws, row, 0, k.c_str(), f.get("label bold"));
    worksheet_write_string(ws, row, 1, v.c_str(), f.get("cell wrap"));
    ++row;
  }
  print_setup(ws, 0, -1);
}

void write_chart(lxw_workbook* wb, Formats& f, const Chart& c) {
  const char* name = tr("Biểu đồ", "Chart");
  lxw_worksheet* ws = workbook_add_worksheet(wb, name);
  worksheet_set_column(ws, 0, 0, 36, nullptr);
  worksheet_set_column(ws, 1, 1, 14, nullptr);
  worksheet_write_string(ws, 0, 0, c.title.c_str(), f.get("head"));
  worksheet_write_string(ws, 0, 1, c.series.c_str(), f.get("head"));
  for (size_t i = 0; i < c.labels.size(); ++i) {
    worksheet_write_string(ws, static_cast<int>(i) + 1, 0, c.labels[i].c_str(), f.get("label"));
    worksheet_write_number(ws, static_cast<int>(i) + 1, 1, static_cast<double>(c.values[i]), f.get("cell number"));
  }
  const uint8_t type = c.type == "pie" ? LXW_CHART_PIE : c.type == "bar" ? LXW_CHART_BAR : LXW_CHART_COLUMN;
  lxw_chart* chart = workbook_add_chart(wb, type);
  const std::string n = std::to_string(c.labels.size() + 1);
  const std::string cats = fmt::format("='{}'!$A$2:$A${}", name, n), vals = fmt::format("='{}'!$B$2:$B${}", name, n);
  lxw_chart_series* series = chart_add_series(chart, cats.c_str(), vals.c_str());
  chart_series_set_name(series, c.series.c_str());
  chart_title_set_name(chart, c.title.c_str());
  lxw_chart_font font{};
  font.name = const_cast<char*>(kFont);
  chart_title_set_name_font(chart, &font);
  if (type != LXW_CHART_PIE) {
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_axis_set_num_font(chart->x_axis, &font);
    chart_axis_set_num_font(chart->y_axis, &font);
    chart_series_set_labels(series);
  }
  lxw_chart_options opts{};
  opts.x_scale = 1.6;
  opts.y_scale = 1.5;
  worksheet_insert_chart_opt(ws, 1, 3, chart, &opts);
  print_setup(ws, 0, -1);
}

// "2026-11-25T08:00:00Z" as a time_t (UTC).
std::time_t utc_time(const std::string& iso) {
  std::tm tm{};
  if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                  &tm.tm_sec) != 6)
    return 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return timegm(&tm);
}

[[noreturn]] void cannot_create(const std::string& path, const std::string& why) {
  throw Error(Exit::cantcreat,
              fmt::format(fmt::runtime(tr("không tạo được tệp '{}': {}", "cannot create '{}': {}")), path, why));
}

}  // namespace

void write_xlsx(const Report& r, const std::string& path, const MadeBy& made) {
  namespace fs = std::filesystem;
  const fs::path target(io::output_target(path));  // a device or pipe is refused; a link is followed
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) cannot_create(path, sys_error(ENOENT));
  if (::access(dir.c_str(), W_OK) != 0) cannot_create(path, sys_error(errno));
  // Written under a temporary name in the same folder, then renamed: a reader (or a crash)
  // never sees half a report.
  const std::string tmp = (dir / fmt::format(".{}.tmp-{}", target.filename().string(), ::getpid())).string();
  struct Cleanup {
    std::string file;
    bool keep = false;
    ~Cleanup() {
      if (!keep) std::remove(file.c_str());
    }
  } cleanup{tmp};
  const RemoveOnSignal marked(tmp);  // and if a signal stops the writing
  {
    // Owner-only from the start: a named list holds personal data.
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) cannot_create(path, sys_error(errno));
    ::close(fd);
  }
  // A report with a list (the named list, the data-quality annex: up to ~100,000 lines) is
  // written in libxlsxwriter's constant_memory mode: each row goes to the file as soon as the
  // next one starts, its strings inline, instead of the whole sheet and a shared-string table
  // being held until the end (faster; memory stays flat; what the sheet shows is the same).
  // That mode takes every sheet strictly row by row; only a table with grouped columns writes
  // out of order (its header cells merged down over two rows), so such reports keep the usual
  // mode.
  const bool row_by_row = std::none_of(r.sections.begin(), r.sections.end(), [](const Section& s) {
    return std::any_of(s.columns.begin(), s.columns.end(), [](const Column& c) { return !c.group.empty(); });
  });
  lxw_workbook_options options{};
  options.constant_memory = r.listing && row_by_row ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(tmp.c_str(), &options);
  if (!wb) cannot_create(path, tr("libxlsxwriter không mở được tệp", "libxlsxwriter could not open the file"));
  lxw_doc_properties props{};
  props.title = const_cast<char*>(r.title.c_str());
  props.author = const_cast<char*>("hotro");
  props.created = utc_time(made.made_at);  // fixed with HOTRO_NOW: the same input gives the same bytes
  workbook_set_properties(wb, &props);
  Formats f(wb);
  for (size_t i = 0; i < r.sections.size(); ++i)
    write_section(wb, f, r, r.sections[i], fmt::format(fmt::runtime(tr("Biểu {}", "Table {}")), i + 1), made);
  if (r.listing) write_listing(wb, f, r, *r.listing, made);
  if (r.chart) write_chart(wb, f, *r.chart);
  write_info(wb, f, r, made);
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) cannot_create(path, lxw_strerror(err));
  const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (!synced || std::rename(tmp.c_str(), target.c_str()) != 0) cannot_create(path, sys_error(errno));
  cleanup.keep = true;
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace hotro::report
