// SPDX-License-Identifier: MIT
// .xlsx reader: minizip opens the package, expat streams its XML parts. The sheet is fed to
// expat in 64 KiB chunks and the parser is suspended at the end of every row, so rows come
// out one at a time and memory stays flat (the shared strings go to a file past 4 MiB).
#include <expat.h>
#include <minizip/unzip.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <exception>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "error.h"
#include "i18n.h"
#include "io/row_reader.h"
#include "io/string_table.h"
#include "text/dates.h"
#include "text/unicode.h"

namespace hotro::io {
namespace {

constexpr int chunk_size = 64 * 1024;
constexpr int max_columns = 16384;  // Excel's limit (XFD)
constexpr int case_insensitive = 2;  // for unzLocateFile: OPC part names ignore case

// Element and attribute names without their namespace ("ns-uri|row" → "row").
std::string_view local_name(const XML_Char* name) {
  std::string_view s(name);
  const size_t bar = s.rfind('|');
  return bar == std::string_view::npos ? s : s.substr(bar + 1);
}

const char* attribute(const XML_Char** attrs, std::string_view name) {
  for (; *attrs; attrs += 2)
    if (local_name(attrs[0]) == name) return attrs[1];
  return nullptr;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | cp >> 6);
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | cp >> 12);
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Excel writes characters that XML cannot carry (e.g. a CR) as _xHHHH_, and '_' as _x005F_.
std::string unescape(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  std::string out;
  for (size_t i = 0; i < s.size();) {
    unsigned cp = 0;
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_' &&
        std::from_chars(s.data() + i + 2, s.data() + i + 6, cp, 16).ptr == s.data() + i + 6) {
      append_utf8(out, cp);
      i += 7;
    } else {
      out += s[i++];
    }
  }
  return out;
}

// Excel stores numbers as text such as "45292", "1.2345678901E+11" or "3.5". Integral values
// are written out as plain digits (IDs and date serials); the others keep their text.
std::string normalise_number(const std::string& s) {
  size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) ++i;
  std::string digits;
  long point = -1;  // position of the decimal point within digits
  for (; i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'); ++i) {
    if (s[i] != '.') digits += s[i];
    else if (point >= 0) return s;
    else point = static_cast<long>(digits.size());
  }
  if (digits.empty()) return s;
  if (point < 0) point = static_cast<long>(digits.size());
  if (i < s.size() && (s[i] == 'E' || s[i] == 'e')) {
    long exponent = 0;
    const char* from = s.data() + i + 1 + (s[i + 1] == '+');
    const auto [end, ec] = std::from_chars(from, s.data() + s.size(), exponent);
    if (ec != std::errc() || end != s.data() + s.size()) return s;
    if (exponent > 1000 || exponent < -1000) return s;  // no number a list holds; keep the text
    point += exponent;
  } else if (i != s.size()) {
    return s;
  }
  if (point > 30) return s;  // no ID is that long; keep Excel's text
  for (long k = std::max(point, 0L); k < static_cast<long>(digits.size()); ++k)
    if (digits[static_cast<size_t>(k)] != '0') return s;
  std::string out = point <= 0 ? "" : digits.substr(0, static_cast<size_t>(point));
  out.resize(static_cast<size_t>(std::max(point, 0L)), '0');
  out.erase(0, std::min(out.find_first_not_of('0'), out.size()));
  if (out.empty()) return "0";
  return negative ? "-" + out : out;
}

// A whole number attribute (numFmtId="14", s="3"), or -1.
long number_attribute(const char* value) {
  if (!value) return -1;
  long n = -1;
  const std::string_view v(value);
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  return ec == std::errc() && end == v.data() + v.size() && n >= 0 ? n : -1;
}

// Excel's built-in number formats that show a date: 14–17 and 22, and the East Asian ones
// (27–36, 50–58). (18–21 and 45–47 are times of day.)
bool builtin_date_format(long id) {
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

// A custom number format shows a date when it has a day or year code outside quoted text,
// [brackets] and escaped characters: "dd/mm/yyyy", "[$-42A]d mmmm yyyy" do; "0.00", "h:mm",
// "#,##0 \"đ\"" do not.
bool date_format_code(std::string_view code) {
  bool quoted = false;
  int bracket = 0;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quoted) {
      if (c == '"') quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is shown as it is (or is padding)
    } else if (c == '[') {
      ++bracket;
    } else if (c == ']') {
      bracket = std::max(0, bracket - 1);
    } else if (bracket == 0 && (c == 'd' || c == 'D' || c == 'y' || c == 'Y')) {
      return true;
    }
  }
  return false;
}

// A date cell's serial number ("45292", "45839.5") as an ISO date, in the workbook's date
// system; nothing when it is no date Excel can show.
std::optional<std::string> serial_date(const std::string& value, bool date1904) {
  double serial = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), serial);
  if (ec != std::errc() || end != value.data() + value.size() || !(serial >= 1) || serial >= 2958466) return std::nullopt;
  long whole = static_cast<long>(serial);
  if (date1904) whole += 1462;  // day 0 is 01/01/1904
  else if (whole < 60) ++whole;  // Excel counts a 29/02/1900 that never was
  return text::add_days(text::Date{1899, 12, 30}, whole).iso();
}

// "C7" → 2; -1 when the reference has no column letters.
int column_of(const char* ref) {
  int col = 0, letters = 0;
  for (; *ref >= 'A' && *ref <= 'Z' && letters < 4; ++ref, ++letters) col = col * 26 + (*ref - 'A' + 1);
  return letters == 0 ? -1 : col - 1;
}

// Receives expat's events. Exceptions must not unwind through expat (C code), so the
// trampolines in Parser store them and stop the parser; Parser rethrows them afterwards.
struct Handler {
  virtual ~Handler() = default;
  virtual void start(std::string_view name, const XML_Char** attrs) = 0;
  virtual void end(std::string_view) {}
  virtual void text(std::string_view) {}
  XML_Parser parser = nullptr;
  std::exception_ptr error;
};

class Parser {
 public:
  Parser(Handler& h, std::string where) : p_(XML_ParserCreateNS(nullptr, '|')), h_(h), where_(std::move(where)) {
    if (!p_) throw std::bad_alloc();
    h.parser = p_;
    XML_SetUserData(p_, &h);
    XML_SetElementHandler(
        p_, [](void* u, const XML_Char* n, const XML_Char** a) { call(u, [&](Handler& h) { h.start(local_name(n), a); }); },
        [](void* u, const XML_Char* n) { call(u, [&](Handler& h) { h.end(local_name(n)); }); });
    XML_SetCharacterDataHandler(p_, [](void* u, const XML_Char* s, int n) {
      call(u, [&](Handler& h) { h.text({s, static_cast<size_t>(n)}); });
    });
  }
  ~Parser() { XML_ParserFree(p_); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  /// Parses a chunk; true if a handler suspended the parser (call resume() to go on).
  bool feed(const char* data, int n, bool final) { return check(XML_Parse(p_, data, n, final)); }
  bool resume() { return check(XML_ResumeParser(p_)); }

 private:
  template <class F>
  static void call(void* user, F f) {
    auto& h = *static_cast<Handler*>(user);
    if (h.error) return;  // expat may deliver a few more events after a stop
    try {
      f(h);
    } catch (...) {
      h.error = std::current_exception();
      XML_StopParser(h.parser, XML_FALSE);
    }
  }
  bool check(XML_Status status) {
    if (h_.error) std::rethrow_exception(h_.error);
    if (status == XML_STATUS_ERROR)
      throw Error(Exit::data, fmt::format(fmt::runtime(tr("{}, dòng {}: {}", "{} line {}: {}")),
                                          where_, XML_GetCurrentLineNumber(p_),
                                          XML_ErrorString(XML_GetErrorCode(p_))));
    return status == XML_STATUS_SUSPENDED;
  }
  XML_Parser p_;
  Handler& h_;
  std::string where_;
};

bool open_part(unzFile zip, const std::string& part) {
  return unzLocateFile(zip, part.c_str(), case_insensitive) == UNZ_OK && unzOpenCurrentFile(zip) == UNZ_OK;
}

// Streams a whole part through `h`; false if the package has no such part.
bool parse_part(unzFile zip, const std::string& path, const std::string& part, Handler& h) {
  if (!open_part(zip, part)) return false;
  Parser parser(h, path + ": " + part);
  std::vector<char> buf(chunk_size);
  for (int n = 1; n != 0;) {
    n = unzReadCurrentFile(zip, buf.data(), chunk_size);
    if (n < 0)
      throw Error(Exit::data, fmt::format(fmt::runtime(tr("{}: phần {} trong tệp nén bị hỏng",
                                                          "{}: {} is damaged in the zip")),
                                          path, part));
    parser.feed(buf.data(), n, n == 0);
  }
  unzCloseCurrentFile(zip);
  return true;
}

struct Workbook : Handler {
  std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
  bool date1904 = false;  // dates count from 1904 (Excel for Mac before 2011)
  void start(std::string_view name, const XML_Char** attrs) override {
    const char* sheet = attribute(attrs, "name");
    const char* id = attribute(attrs, "id");
    if (name == "sheet" && sheet && id) sheets.emplace_back(text::nfc(sheet), id);
    if (name == "workbookPr")
      if (const char* d = attribute(attrs, "date1904")) date1904 = std::string_view(d) == "1" || std::string_view(d) == "true";
  }
};

// xl/styles.xml: which cell styles show a number as a date.
struct Styles : Handler {
  std::map<long, bool> custom;  // numFmtId → shows a date
  std::vector<long> formats;    // the numFmtId of each cell style (cellXfs), by index
  bool in_cell_styles = false;
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "numFmt") {
      const long id = number_attribute(attribute(attrs, "numFmtId"));
      const char* code = attribute(attrs, "formatCode");
      if (id >= 0 && code) custom[id] = date_format_code(code);
    } else if (name == "cellXfs") {
      in_cell_styles = true;
    } else if (name == "xf" && in_cell_styles) {
      formats.push_back(std::max(0L, number_attribute(attribute(attrs, "numFmtId"))));
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_styles = false;
  }
  std::vector<bool> date_styles() const {
    std::vector<bool> out;
    out.reserve(formats.size());
    for (long id : formats) {
      const auto c = custom.find(id);
      out.push_back(c != custom.end() ? c->second : builtin_date_format(id));
    }
    return out;
  }
};

struct Relationships : Handler {
  std::map<std::string, std::string> targets;  // id → target
  void start(std::string_view name, const XML_Char** attrs) override {
    const char* id = attribute(attrs, "Id");
    const char* target = attribute(attrs, "Target");
    if (name == "Relationship" && id && target) targets[id] = target;
  }
};

// Text of <t> elements, except those of phonetic runs (<rPh>); used for <si> and <is>.
struct StringText {
  std::string text;
  int phonetic = 0;
  bool in_t = false;
  void start(std::string_view name) {
    if (name == "rPh") ++phonetic;
    if (name == "t") in_t = phonetic == 0;
  }
  void end(std::string_view name) {
    if (name == "rPh") --phonetic;
    if (name == "t") in_t = false;
  }
};

struct SharedStrings : Handler {
  StringTable& strings;
  explicit SharedStrings(StringTable& t) : strings(t) {}
  StringText si;
  void start(std::string_view name, const XML_Char**) override {
    if (name == "si") si.text.clear();
    si.start(name);
  }
  void end(std::string_view name) override {
    si.end(name);
    if (name == "si") strings.add(text::nfc(unescape(si.text)));
  }
  void text(std::string_view s) override {
    if (si.in_t) si.text += s;
  }
};

struct Sheet : Handler {
  std::string where;  // "FILE" for error messages
  const StringTable* shared = nullptr;
  std::vector<bool> date_styles;  // by style index (the s attribute): the number is a date
  bool date1904 = false;
  long style = -1;  // of the current cell
  Row row;
  long line = 0;  // the current row's number; kept apart from `row`, which is swapped out
  bool row_ready = false;
  int column = 0;  // of the current cell, or of the next one when it has no reference
  std::string type, value;
  bool in_value = false;
  StringText inline_text;

  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "row") {
      // Row numbers run 1..1,048,576 in Excel; anything else is a damaged sheet.
      constexpr long max_rows = 1048576;
      const char* r = attribute(attrs, "r");
      long number = line + 1;
      if (r) {
        const std::string_view text(r);
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (ec != std::errc() || end != text.data() + text.size()) number = 0;
      }
      if (number < 1 || number > max_rows)
        throw Error(Exit::data, fmt::format(fmt::runtime(tr("{}:{}: số dòng không hợp lệ '{}'",
                                                            "{}:{}: bad row number '{}'")),
                                            where, line, r ? r : std::to_string(number)));
      line = number;
      row.cells.clear();
      column = 0;
    } else if (name == "c") {
      const char* r = attribute(attrs, "r");
      const char* t = attribute(attrs, "t");
      if (r && column_of(r) >= 0) column = column_of(r);
      if (column >= max_columns)
        throw Error(Exit::data, fmt::format(fmt::runtime(tr("{}:{}: tham chiếu ô không hợp lệ '{}'",
                                                            "{}:{}: bad cell reference '{}'")),
                                            where, line, r ? r : ""));
      type = t ? t : "";
      style = number_attribute(attribute(attrs, "s"));
      value.clear();
      inline_text.text.clear();
    } else if (name == "v") {
      in_value = true;
    }
    inline_text.start(name);
  }

  void end(std::string_view name) override {
    inline_text.end(name);
    if (name == "v") {
      in_value = false;
    } else if (name == "c") {
      std::string cell = cell_value();
      if (!cell.empty()) {
        if (row.cells.size() <= static_cast<size_t>(column)) row.cells.resize(static_cast<size_t>(column) + 1);
        row.cells[static_cast<size_t>(column)] = std::move(cell);
      }
      ++column;
    } else if (name == "row" && !row.cells.empty()) {  // rows with no values are skipped
      row.line = line;
      row_ready = true;
      XML_StopParser(parser, XML_TRUE);
    }
  }

  void text(std::string_view s) override {
    if (in_value) value += s;
    else if (inline_text.in_t) inline_text.text += s;
  }

  std::string cell_value() const {
    if (type == "inlineStr") return text::nfc(unescape(inline_text.text));
    if (type == "str") return text::nfc(unescape(value));
    if (type == "s") {
      size_t index = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), index);
      if (ec != std::errc() || end != value.data() + value.size() || index >= shared->size())
        throw Error(Exit::data,
                    fmt::format(fmt::runtime(tr("{}:{}: chỉ số chuỗi dùng chung không hợp lệ '{}'",
                                                "{}:{}: bad shared string index '{}'")),
                                where, line, value));
      return shared->at(index);
    }
    if (type.empty() || type == "n") {
      // A number shown as a date is that date (in the workbook's date system), not a serial
      // number a later step would have to guess at: a birth date before 1928 is a serial
      // below 10,000, which reads like a year.
      if (style >= 0 && static_cast<size_t>(style) < date_styles.size() && date_styles[static_cast<size_t>(style)])
        if (auto iso = serial_date(value, date1904)) return *iso;
      return normalise_number(value);
    }
    return value;  // b: "1"/"0", e: "#N/A", d: an ISO date
  }
};

class XlsxReader final : public RowReader {
 public:
  XlsxReader(const std::string& path, const ReadOptions& opts);
  ~XlsxReader() override {
    parser_.reset();
    unzClose(zip_);
  }
  bool next(Row& row) override;
  std::string encoding() const override { return "xlsx"; }

 private:
  [[noreturn]] void not_xlsx() const {
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("{}: không phải là tệp Excel .xlsx",
                                                        "{}: not an .xlsx workbook")),
                                        path_));
  }
  std::string sheet_part(const std::string& wanted);

  std::string path_;
  unzFile zip_ = nullptr;
  StringTable shared_;
  Sheet sheet_;
  std::unique_ptr<Parser> parser_;
  std::vector<char> buf_ = std::vector<char>(chunk_size);
  bool suspended_ = false;
  bool finished_ = false;  // the last chunk has been fed
};

XlsxReader::XlsxReader(const std::string& path, const ReadOptions& opts) : path_(path) {
  if (FILE* f = std::fopen(path.c_str(), "rb")) std::fclose(f);
  else
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không mở được tệp '{}': {}",
                                                           "cannot open '{}': {}")),
                                           path, sys_error(errno)));
  zip_ = unzOpen64(path.c_str());
  if (!zip_) not_xlsx();
  try {
    const std::string part = sheet_part(opts.sheet);
    SharedStrings strings(shared_);
    parse_part(zip_, path, "xl/sharedStrings.xml", strings);  // absent when there is no text
    Styles styles;
    parse_part(zip_, path, "xl/styles.xml", styles);  // absent: no cell shows a date
    sheet_.date_styles = styles.date_styles();
    if (!open_part(zip_, part))
      throw Error(Exit::data, fmt::format(fmt::runtime(tr("{}: tệp Excel không có phần {}",
                                                          "{}: the workbook has no part {}")),
                                          path, part));
    sheet_.where = path;
    sheet_.shared = &shared_;
    parser_ = std::make_unique<Parser>(sheet_, path + ": " + part);
  } catch (...) {
    unzClose(zip_);  // the destructor does not run when the constructor throws
    throw;
  }
}

// The zip path of the sheet called `wanted` (the first sheet if empty).
std::string XlsxReader::sheet_part(const std::string& wanted) {
  Workbook workbook;
  Relationships rels;
  if (!parse_part(zip_, path_, "xl/workbook.xml", workbook) || workbook.sheets.empty() ||
      !parse_part(zip_, path_, "xl/_rels/workbook.xml.rels", rels))
    not_xlsx();
  sheet_.date1904 = workbook.date1904;
  const std::string name = wanted.empty() ? workbook.sheets.front().first : text::nfc(wanted);
  for (const auto& [sheet, id] : workbook.sheets) {
    if (sheet != name) continue;
    const auto target = rels.targets.find(id);
    if (target == rels.targets.end()) not_xlsx();
    return target->second.starts_with('/') ? target->second.substr(1) : "xl/" + target->second;
  }
  std::string names;
  for (const auto& s : workbook.sheets) names += (names.empty() ? "" : ", ") + s.first;
  throw Error(Exit::data, fmt::format(fmt::runtime(tr("{}: không có trang tính tên '{}' (các trang "
                                                      "tính: {})",
                                                      "{}: no sheet named '{}' (sheets: {})")),
                                      path_, wanted, names));
}

bool XlsxReader::next(Row& row) {
  while (!sheet_.row_ready) {
    if (suspended_) {
      suspended_ = parser_->resume();
    } else if (finished_) {
      return false;
    } else {
      const int n = unzReadCurrentFile(zip_, buf_.data(), chunk_size);
      if (n < 0)
        throw Error(Exit::data, fmt::format(fmt::runtime(tr("{}: trang tính trong tệp nén bị hỏng",
                                                            "{}: the sheet is damaged in the zip")),
                                            path_));
      finished_ = n == 0;
      suspended_ = parser_->feed(buf_.data(), n, finished_);
    }
  }
  sheet_.row_ready = false;
  std::swap(row, sheet_.row);
  return true;
}

}  // namespace

std::unique_ptr<RowReader> open_xlsx(const std::string& path, const ReadOptions& opts) {
  return std::make_unique<XlsxReader>(path, opts);
}

}  // namespace hotro::io
