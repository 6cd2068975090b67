// SPDX-License-Identifier: MIT
#include "intake/profile.h"

#include <filesystem>

#include <toml++/toml.h>
#include <fmt/format.h>

#include "error.h"
#include "i18n.h"
#include "io/csv_writer.h"
#include "text/dates.h"
#include "text/encoding.h"
#include "text/unicode.h"

namespace hotro::intake {

namespace {

// Header texts seen in real lists, per field. Matching is on the folded text, so diacritics,
// case and punctuation do not matter ("Họ và tên", "HO VA TEN", "Họ & tên" all match).
struct Synonyms {
  Field field;
  std::vector<const char*> headers;
};

const std::vector<Synonyms>& header_synonyms() {
  static const std::vector<Synonyms> all = {
      {Field::record_no, {"STT", "Số TT", "Số thứ tự", "TT", "Mã hồ sơ", "Số hồ sơ"}},
      {Field::full_name, {"Họ và tên", "Họ tên", "Họ và tên nạn nhân", "Tên nạn nhân",
                          "Họ tên nạn nhân", "Full name", "Name"}},
      {Field::sex, {"Giới tính", "Giới", "Nam/Nữ", "Nam Nữ", "Sex", "Gender"}},
      {Field::birth_date, {"Ngày sinh", "Năm sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh",
                           "Sinh năm", "Date of birth", "Birth date", "Year of birth"}},
      {Field::ethnicity, {"Dân tộc", "Ethnicity"}},
      {Field::citizen_id, {"Số CCCD", "CCCD", "Số CMND", "CMND", "CMND/CCCD", "Số CMND/CCCD",
                           "Số định danh", "Số định danh cá nhân", "Căn cước công dân",
                           "Citizen ID"}},
      {Field::residence, {"Nơi cư trú", "Địa chỉ", "Quê quán", "Nơi thường trú", "Hộ khẩu thường trú",
                          "Địa chỉ thường trú", "Chỗ ở", "Residence", "Address"}},
      {Field::intake_date, {"Ngày tiếp nhận", "Ngày nhận", "Thời gian tiếp nhận", "Ngày trao trả",
                            "Ngày về", "Intake date"}},
      {Field::intake_channel, {"Hình thức tiếp nhận", "Hình thức trở về", "Hình thức", "Kênh tiếp nhận",
                               "Nguồn tiếp nhận", "Intake channel", "Channel"}},
      {Field::receiving_agency, {"Cơ quan tiếp nhận", "Đơn vị tiếp nhận", "Nơi tiếp nhận",
                                 "Receiving agency"}},
      {Field::source_agency, {"Đơn vị gửi danh sách", "Đơn vị gửi", "Cơ quan gửi", "Đơn vị báo cáo",
                              "Cơ quan chuyển", "Source agency"}},
      {Field::abroad, {"Bị mua bán ra nước ngoài", "Ra nước ngoài", "Nước ngoài", "Abroad"}},
      {Field::destination_country, {"Nước đến", "Nước bị bán sang", "Bị bán sang", "Quốc gia",
                                    "Nơi bị mua bán", "Destination country", "Destination"}},
      {Field::exploitation, {"Hình thức bị bóc lột", "Hình thức bóc lột", "Mục đích mua bán",
                             "Hình thức bị mua bán", "Exploitation"}},
      {Field::poor_household, {"Hộ nghèo", "Thuộc hộ nghèo", "Poor household"}},
      {Field::note, {"Ghi chú", "Note", "Notes"}},
      {Field::citizenship, {"Quốc tịch", "Quốc tịch hiện nay", "Nationality", "Citizenship"}},
  };
  return all;
}

[[noreturn]] void config_error(const std::string& path, const toml::source_region& where,
                               const std::string& what) {
  throw Error(Exit::config,
              fmt::format("{}:{}:{}: {}", path, where.begin.line, where.begin.column, what));
}

Field field_at(const std::string& path, const toml::key& key) {
  auto f = field_from_key(key.str());
  if (!f)
    config_error(path, key.source(),
                 fmt::format(fmt::runtime(tr("không có trường '{}'", "unknown field '{}'")), key.str()));
  return *f;
}

const std::string& string_at(const std::string& path, const toml::node& node,
                             const std::string& what) {
  const auto* s = node.as_string();
  if (!s)
    config_error(path, node.source(),
                 fmt::format(fmt::runtime(tr("{} phải là một chuỗi (trong dấu ngoặc kép)",
                                             "{} must be a string")),
                             what));
  return s->get();
}

// A TOML integer, or nothing. Not node.value<int64_t>(): it would also convert a float, even
// one out of range (undefined behaviour, found by fuzz_profile).
std::optional<int64_t> integer_of(const toml::node& node) {
  const auto* integer = node.as_integer();
  if (!integer) return std::nullopt;
  return integer->get();
}

void load_columns(Profile& p, const toml::table& t) {
  for (const auto& [key, node] : t) {
    Field f = field_at(p.path, key);
    std::vector<std::string> headers;
    if (const auto* arr = node.as_array()) {
      for (const auto& item : *arr)
        headers.push_back(text::fold(string_at(p.path, item, tr("tên cột", "a column name"))));
    } else {
      headers.push_back(text::fold(string_at(p.path, node, tr("tên cột", "a column name"))));
    }
    // The profile's own names are tried before the built-in ones, and a name the profile gives
    // to this field no longer maps to any other (e.g. exploitation = "Hình thức").
    for (auto& other : p.columns)
      for (const auto& h : headers) std::erase(other, h);
    auto& cols = p.columns[static_cast<size_t>(f)];
    cols.insert(cols.begin(), headers.begin(), headers.end());
  }
}

void load_values(Profile& p, const toml::table& t) {
  for (const auto& [key, node] : t) {
    Field f = field_at(p.path, key);
    if (!code_list_of(f))
      config_error(p.path, key.source(),
                   fmt::format(fmt::runtime(tr("[values.{}]: trường này là văn bản tự do, không có "
                                               "bảng mã để ánh xạ (chỉ dùng [values.X] cho sex, "
                                               "ethnicity, intake_channel, destination_country, "
                                               "exploitation, abroad, poor_household)",
                                               "[values.{}]: a free-text field has no codes to map "
                                               "to ([values.X] is for sex, ethnicity, "
                                               "intake_channel, destination_country, exploitation, "
                                               "abroad, poor_household)")),
                               key.str()));
    const auto* map = node.as_table();
    if (!map)
      config_error(p.path, node.source(),
                   tr("[values.FIELD] phải là một bảng dạng \"văn bản\" = \"mã\"",
                      "[values.FIELD] must be a table of \"text\" = \"code\""));
    for (const auto& [from, to] : *map) {
      const std::string& code = string_at(p.path, to, tr("giá trị", "a value"));
      p.values.map[static_cast<size_t>(f)][text::fold(from.str())] = code;
      const auto& where = to.source().begin;
      p.value_mappings.push_back({f, std::string(from.str()), code,
                                  fmt::format("{}:{}:{}", p.path, where.line, where.column)});
    }
  }
}

}  // namespace

Profile builtin_profile() {
  Profile p;
  for (const auto& s : header_synonyms())
    for (const char* h : s.headers) p.columns[static_cast<size_t>(s.field)].push_back(text::fold(h));
  // The field keys as headers too ("full_name", "intake_date"): what `hotro export` writes, so
  // that an export with personal data can be imported by another office as it is.
  for (size_t f = 0; f < kFieldCount; ++f) p.columns[f].push_back(text::fold(field_key(static_cast<Field>(f))));
  return p;
}

Profile load_profile(const std::string& path) {
  if (!std::filesystem::exists(path))
    throw Error(Exit::noinput,
                fmt::format(fmt::runtime(tr("không mở được tệp cấu hình '{}': không có tệp này",
                                            "cannot open profile '{}': no such file")),
                            path));
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    config_error(path, e.source(), std::string(e.description()));
  }

  Profile p = builtin_profile();
  p.path = path;
  p.name = std::filesystem::path(path).stem().string();
  for (const auto& [key, node] : root) {
    std::string k(key.str());
    if (k == "version") {
      const std::optional<int64_t> v = integer_of(node);
      if (!v)
        config_error(path, node.source(),
                     tr("version phải là một số nguyên", "version must be a whole number"));
      if (*v != 1)
        config_error(path, node.source(),
                     fmt::format(fmt::runtime(tr("không hỗ trợ tệp cấu hình phiên bản {} "
                                                 "(bản hotro này đọc phiên bản 1)",
                                                 "profile version {} is not supported (this "
                                                 "hotro reads 1)")),
                                 *v));
    } else if (k == "name") {
      p.name = string_at(path, node, "name");
    } else if (k == "encoding") {
      p.encoding = string_at(path, node, "encoding");
      try {
        // "auto" is the default: detect, as when the key is left out.
        p.encoding = text::fold(p.encoding) == "auto" ? "" : text::canonical_encoding(p.encoding);
      } catch (const Error& e) {
        config_error(path, node.source(), e.what());
      }
    } else if (k == "sheet") {
      p.sheet = string_at(path, node, "sheet");
    } else if (k == "header_row") {
      const std::optional<int64_t> v = integer_of(node);
      if (!v || *v < 1 || *v > 1048576)  // Excel's last row
        config_error(path, node.source(),
                     tr("header_row phải là số thứ tự của dòng, từ 1 đến 1048576",
                        "header_row must be a row number from 1 to 1048576"));
      p.header_row = static_cast<int>(*v);
    } else if (k == "columns" || k == "values" || k == "dates" || k == "defaults") {
      const auto* t = node.as_table();
      if (!t)
        config_error(path, node.source(),
                     fmt::format(fmt::runtime(tr("[{}] phải là một bảng", "[{}] must be a table")), k));
      if (k == "columns") load_columns(p, *t);
      if (k == "values") load_values(p, *t);
      for (const auto& [fk, fv] : *t) {
        if (k == "dates") {
          const std::string& format = string_at(path, fv, tr("định dạng ngày", "a date format"));
          try {
            text::check_date_format(format);
          } catch (const Error& e) {
            config_error(path, fv.source(), e.what());
          }
          p.values.date_format[static_cast<size_t>(field_at(path, fk))] = format;
        }
        if (k == "defaults")
          p.defaults[static_cast<size_t>(field_at(path, fk))] =
              string_at(path, fv, tr("giá trị mặc định", "a default value"));
      }
    } else {
      config_error(path, key.source(),
                   fmt::format(fmt::runtime(tr("khóa không hợp lệ '{}' (các khóa hợp lệ: version, "
                                               "name, encoding, sheet, header_row, [columns], "
                                               "[values.FIELD], [dates], [defaults])",
                                               "unknown key '{}' (known: version, name, encoding, "
                                               "sheet, header_row, [columns], [values.FIELD], "
                                               "[dates], [defaults])")),
                               k));
    }
  }
  return p;
}

void check_value_codes(const Profile& p, const CodeLists& codes) {
  for (const auto& m : p.value_mappings) {
    const char* list = code_list_of(m.field);
    // The code itself, or a label the code list knows ("Nữ" for F).
    if (codes.find(list, m.code)) continue;
    throw Error(Exit::config,
                fmt::format(fmt::runtime(tr("{}: [values.{}] \"{}\" = \"{}\": '{}' không có trong "
                                            "bảng mã {} (ví dụ: {})",
                                            "{}: [values.{}] \"{}\" = \"{}\": '{}' is not in the "
                                            "code list {} (e.g. {})")),
                            m.where, field_key(m.field), m.text, m.code, m.code, list,
                            codes.examples(list)));
  }
}

ColumnMap map_columns(const Profile& p, const std::vector<std::string>& header,
                      const std::string& file, long line) {
  ColumnMap m;
  m.index.fill(-1);
  std::vector<std::string> folded;
  for (const auto& h : header) folded.push_back(text::fold(h));
  for (size_t col = 0; col < folded.size(); ++col) {
    if (folded[col].empty() || io::is_rejects_column(header[col])) continue;
    bool mapped = false;
    for (size_t f = 0; f < kFieldCount && !mapped; ++f) {
      for (const auto& name : p.columns[f]) {
        if (name != folded[col]) continue;
        if (m.index[f] >= 0)
          throw Error(Exit::data,
                      fmt::format(fmt::runtime(tr("{}:{}: cột {} '{}' và cột {} '{}' đều là {} ({}); "
                                                  "hãy đổi tên một cột, hoặc chỉ rõ cột bằng tệp "
                                                  "cấu hình (--profile)",
                                                  "{}:{}: columns {} '{}' and {} '{}' both give {} "
                                                  "({}); rename one or map them with a profile")),
                                  file, line, m.index[f] + 1, header[m.index[f]], col + 1,
                                  header[col], field_key(static_cast<Field>(f)),
                                  field_title(static_cast<Field>(f))));
        m.index[f] = static_cast<int>(col);
        mapped = true;
        break;
      }
    }
    if (!mapped) m.ignored.push_back(header[col]);
  }
  if (m.index[static_cast<size_t>(Field::full_name)] < 0)
    throw Error(Exit::data,
                fmt::format(fmt::runtime(tr("{}:{}: không có cột họ tên (ví dụ 'Họ và tên'); dòng "
                                            "tiêu đề gồm: {}; hãy chỉ rõ các cột bằng --profile",
                                            "{}:{}: no column for the person's name (e.g. 'Họ và "
                                            "tên'); the header row has: {}; map the columns with "
                                            "--profile")),
                            file, line, fmt::join(header, ", ")));
  return m;
}

}  // namespace hotro::intake
