// SPDX-License-Identifier: MIT
#include "intake/record.h"

#include <algorithm>

#include <fmt/format.h>

#include "hash.h"
#include "i18n.h"
#include "text/unicode.h"

namespace hotro::intake {

namespace {

struct FieldInfo {
  Field field;
  const char* key;
  const char* title;
};

constexpr FieldInfo kFields[kFieldCount] = {
    {Field::record_no, "record_no", "STT"},
    {Field::full_name, "full_name", "Họ và tên"},
    {Field::sex, "sex", "Giới tính"},
    {Field::birth_date, "birth_date", "Ngày sinh"},
    {Field::ethnicity, "ethnicity", "Dân tộc"},
    {Field::citizen_id, "citizen_id", "Số CCCD"},
    {Field::residence, "residence", "Nơi cư trú"},
    {Field::intake_date, "intake_date", "Ngày tiếp nhận"},
    {Field::intake_channel, "intake_channel", "Hình thức tiếp nhận"},
    {Field::receiving_agency, "receiving_agency", "Cơ quan tiếp nhận"},
    {Field::source_agency, "source_agency", "Đơn vị gửi danh sách"},
    {Field::abroad, "abroad", "Bị mua bán ra nước ngoài"},
    {Field::destination_country, "destination_country", "Nước đến"},
    {Field::exploitation, "exploitation", "Hình thức bị bóc lột"},
    {Field::poor_household, "poor_household", "Hộ nghèo"},
    {Field::note, "note", "Ghi chú"},
    {Field::citizenship, "citizenship", "Quốc tịch"},
};

size_t idx(Field f) { return static_cast<size_t>(f); }

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

// Splits a multi-valued cell ("Cưỡng bức lao động; Bóc lột tình dục") on , ; + / and new lines.
std::vector<std::string> split_values(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',' || c == ';' || c == '+' || c == '\n' || c == '/') {
      if (!blank(cur)) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!blank(cur)) out.push_back(cur);
  return out;
}


}  // namespace

const char* field_key(Field f) { return kFields[idx(f)].key; }
const char* field_title(Field f) { return kFields[idx(f)].title; }

const char* code_list_of(Field f) {
  switch (f) {
    case Field::sex: return "sex";
    case Field::ethnicity: return "ethnicity";
    case Field::intake_channel: return "intake_channel";
    case Field::destination_country: return "country";
    case Field::citizenship: return "citizenship";
    case Field::exploitation: return "exploitation";
    case Field::abroad:
    case Field::poor_household: return "yesno";
    default: return nullptr;
  }
}

std::optional<Field> field_from_key(std::string_view key) {
  for (const auto& info : kFields)
    if (key == info.key) return info.field;
  return std::nullopt;
}

RecordParser::RecordParser(const CodeLists& codes, const ValueRules& rules)
    : codes_(codes), rules_(rules), today_(text::today()) {}

std::optional<std::string> RecordParser::lookup(Field f, const std::string& raw) const {
  auto& cache = cache_[idx(f)];
  if (auto hit = cache.find(raw); hit != cache.end()) return hit->second;
  std::optional<std::string> found;
  const char* list = code_list_of(f);
  const auto& map = rules_.map[idx(f)];
  if (!map.empty()) {
    if (auto it = map.find(text::fold(raw)); it != map.end())
      found = codes_.find(list, it->second).value_or(it->second);
  }
  if (!found) found = codes_.find(list, raw);
  if (cache.size() < kCacheSize) cache.emplace(raw, found);
  return found;
}

std::optional<std::string> RecordParser::code(Field f, const std::string& raw,
                                              std::vector<FieldError>& errors) const {
  if (blank(raw)) return std::nullopt;
  if (auto c = lookup(f, raw)) return c;
  const char* list = code_list_of(f);
  errors.push_back({f, fmt::format(fmt::runtime(tr("giá trị không hợp lệ '{}' (cần một trong: {})",
                                                  "unknown value '{}' (expected one of {})")),
                                   text::clean(raw), codes_.examples(list))});
  return std::nullopt;
}

std::optional<text::Date> RecordParser::date(Field f, const std::string& raw,
                                             std::vector<FieldError>& errors) const {
  if (blank(raw)) return std::nullopt;
  std::string why;
  const std::string& format = rules_.date_format[idx(f)];
  auto d = format.empty() ? text::parse_date(raw, &why) : text::parse_date_format(raw, format, &why);
  if (!d) {
    errors.push_back({f, fmt::format(fmt::runtime(tr("'{}' không phải là ngày: {}",
                                                    "'{}' is not a date: {}")),
                                     text::clean(raw), why)});
    return std::nullopt;
  }
  if (*d > today_) {
    errors.push_back({f, fmt::format(fmt::runtime(tr("{} là ngày trong tương lai", "{} is in the future")),
                                     d->display())});
    return std::nullopt;
  }
  return d;
}

std::vector<FieldError> RecordParser::parse(const RawValues& raw, Record& r) const {
  std::vector<FieldError> errors;
  auto get = [&](Field f) -> const std::string& { return raw[idx(f)]; };
  auto opt_text = [&](Field f) -> std::optional<std::string> {
    if (blank(get(f))) return std::nullopt;
    return text::clean(get(f));
  };
  r = Record{};

  r.full_name = text::clean(get(Field::full_name));
  if (r.full_name.empty())
    errors.push_back({Field::full_name, tr("thiếu: mỗi dòng phải có họ tên",
                                           "missing: every row needs the person's name")});
  else if (text::length(r.full_name) > 200)
    errors.push_back({Field::full_name, tr("dài quá 200 ký tự", "longer than 200 characters")});

  r.sex = code(Field::sex, get(Field::sex), errors);
  r.birth = date(Field::birth_date, get(Field::birth_date), errors);
  r.ethnicity = code(Field::ethnicity, get(Field::ethnicity), errors);

  if (auto id = opt_text(Field::citizen_id)) {
    // How lists carry an ID as text: '001234567890 (Excel's text mark), ="001234567890" (a CSV
    // trick); and how a number cell spoils it: 1234567890.0, 1.23457E+11.
    std::string_view v(*id);
    if (v.starts_with('\'')) v.remove_prefix(1);
    if (v.size() >= 3 && v.starts_with("=\"") && v.ends_with('"')) v = v.substr(2, v.size() - 3);
    std::string digits;
    for (char c : v)
      if (c != ' ' && c != '.') digits += c;
    if (const size_t point = v.rfind('.'); point != std::string_view::npos && v.find('.') == point &&
                                           point + 1 < v.size() && v.find_first_not_of('0', point + 1) == std::string_view::npos)
      digits = std::string(v.substr(0, point));  // "001234567890.0": the number as a float
    const bool scientific = v.find_first_of("eE") != std::string_view::npos &&
                            v.find_first_not_of("0123456789.,eE+- ") == std::string_view::npos;
    const size_t lost = digits.size() == 10 || digits.size() == 11 ? 12 - digits.size()
                        : digits.size() == 7 || digits.size() == 8 ? 9 - digits.size()
                                                                     : 0;
    if (scientific)
      errors.push_back({Field::citizen_id,
                        fmt::format(fmt::runtime(tr("'{}' là số Excel viết dạng lũy thừa: các chữ số cuối đã mất "
                                                    "(hãy định dạng cột này là văn bản (Text) trong Excel và nhập lại số)",
                                                    "'{}' is a number Excel wrote in exponent form: its last digits are "
                                                    "lost (format the column as text in Excel and type the numbers again)")),
                                    *id)});
    else if (!std::all_of(digits.begin(), digits.end(), ::isdigit) || digits.empty())
      errors.push_back({Field::citizen_id,
                        fmt::format(fmt::runtime(tr("'{}' có ký tự không phải chữ số",
                                                    "'{}' has characters other than digits")),
                                    *id)});
    else if (lost > 0)
      errors.push_back({Field::citizen_id,
                        fmt::format(fmt::runtime(tr_n(lost, "'{}' có {} chữ số: có lẽ đã mất {} số 0 ở đầu "
                                                            "(hãy định dạng cột này là văn bản (Text) trong Excel)",
                                                      "'{}' has {} digits: a leading zero was probably lost "
                                                      "(format the column as text in Excel)",
                                                      "'{}' has {} digits: {} leading zeros were probably lost "
                                                      "(format the column as text in Excel)")),
                                    digits, digits.size(), lost)});
    else if (digits.size() != 12 && digits.size() != 9)
      errors.push_back({Field::citizen_id,
                        fmt::format(fmt::runtime(tr("'{}' có {} chữ số (số CCCD có 12 chữ số, CMND cũ có 9)",
                                                    "'{}' has {} digits (a CCCD has 12, an old CMND 9)")),
                                    digits, digits.size())});
    else
      r.citizen_id = digits;
  }

  r.residence = opt_text(Field::residence);
  if (r.residence) {
    r.residence_province = codes_.find("province", province_part(*r.residence, ','));
    if (!r.residence_province) r.residence_province = codes_.find("province", province_part(*r.residence, '-'));
  }

  if (auto d = date(Field::intake_date, get(Field::intake_date), errors)) {
    r.intake_date = *d;
    if (d->year_only())
      errors.push_back({Field::intake_date, tr("cần ghi đủ ngày, tháng, năm, không chỉ năm",
                                               "needs a full date, not only a year")});
    else if ((r.birth && r.birth->year > d->year) ||
             (r.birth && !r.birth->year_only() && *r.birth > *d))
      errors.push_back({Field::birth_date,
                        fmt::format(fmt::runtime(tr("{} muộn hơn ngày tiếp nhận {}",
                                                    "{} is after the intake date {}")),
                                    r.birth->display(), d->display())});
  } else if (blank(get(Field::intake_date))) {
    errors.push_back({Field::intake_date, tr("thiếu: mỗi dòng phải có ngày tiếp nhận",
                                             "missing: every row needs the date of intake")});
  }

  if (auto c = code(Field::intake_channel, get(Field::intake_channel), errors))
    r.intake_channel = *c;
  else if (blank(get(Field::intake_channel)))
    errors.push_back({Field::intake_channel,
                      tr("thiếu (cần có cột này, hoặc giá trị mặc định trong tệp cấu hình "
                         "--profile hay qua --default)",
                         "missing (give the column, or a default in the profile or with --default)")});

  r.receiving_agency = opt_text(Field::receiving_agency);
  r.source_agency = opt_text(Field::source_agency);
  r.destination_country = code(Field::destination_country, get(Field::destination_country), errors);
  if (auto a = code(Field::abroad, get(Field::abroad), errors))
    r.abroad = *a == "1";
  else if (r.destination_country)
    r.abroad = *r.destination_country != "VN";
  if (r.abroad && *r.abroad == 0 && r.destination_country && *r.destination_country != "VN")
    errors.push_back({Field::abroad, tr("ghi là không ra nước ngoài nhưng nước đến lại là nước khác",
                                        "says 'not abroad' but the destination is another country")});
  if (r.abroad && *r.abroad == 1 && r.destination_country && *r.destination_country == "VN")
    errors.push_back({Field::abroad, tr("ghi là ra nước ngoài nhưng nước đến lại là Việt Nam",
                                        "says 'abroad' but the destination is Viet Nam")});

  // A cell may hold several forms ("Cưỡng bức lao động; Bóc lột tình dục"); a whole cell that
  // is itself one known form (an alias may contain a '/') is taken as it is.
  const std::string& forms = get(Field::exploitation);
  if (auto c = blank(forms) ? std::nullopt : lookup(Field::exploitation, forms)) {
    r.exploitation.push_back(*c);
  } else {
    for (const std::string& part : split_values(forms))
      if (auto c = code(Field::exploitation, part, errors))
        r.exploitation.push_back(*c);
  }
  std::sort(r.exploitation.begin(), r.exploitation.end());
  r.exploitation.erase(std::unique(r.exploitation.begin(), r.exploitation.end()),
                       r.exploitation.end());

  if (auto p = code(Field::poor_household, get(Field::poor_household), errors))
    r.poor_household = *p == "1";
  r.citizenship = code(Field::citizenship, get(Field::citizenship), errors);
  r.record_no = opt_text(Field::record_no);
  if (!blank(get(Field::note))) r.note = text::clean_lines(get(Field::note));  // keeps its lines
  return errors;
}

int64_t row_key_of_folded(std::string_view name_folded, const std::optional<std::string>& birth_iso,
                          std::string_view intake_iso, std::string_view source_folded) {
  std::string id;
  id.reserve(name_folded.size() + 32 + source_folded.size());
  id += name_folded;
  id += '|';
  if (birth_iso) id += *birth_iso;
  id += '|';
  id += intake_iso;
  id += '|';
  id += source_folded;
  return hash64(id);
}

int64_t row_key(const Record& r, std::string_view source) {
  return row_key_of_folded(text::fold(r.full_name),
                    r.birth ? std::optional<std::string>(r.birth->iso()) : std::nullopt,
                    r.intake_date.iso(), text::fold(source));
}

RecordKeys::RecordKeys(const Record& r) { compute(r); }

void RecordKeys::compute(const Record& r) {
  name_folded = text::fold(r.full_name);
  residence_folded.reset();
  if (r.residence) residence_folded = text::fold(*r.residence);
  match_key.reset();
  birth_iso.reset();
  if (r.birth) {
    birth_iso = r.birth->iso();
    match_key = person_match_key(name_folded, r.birth->year);
  }
  intake_iso = r.intake_date.iso();
  const std::string empty;
  const std::string& source = r.source_agency      ? *r.source_agency
                              : r.receiving_agency ? *r.receiving_agency
                                                   : empty;
  row_key = row_key_of_folded(name_folded, birth_iso, intake_iso, text::fold(source));
  row_key_v1.reset();
  if (text::has_d_look_alike(r.full_name) || text::has_d_look_alike(source))
    row_key_v1 = row_key_of_folded(text::fold_v1(r.full_name), birth_iso, intake_iso, text::fold_v1(source));
  content_hash = hotro::intake::content_hash(r);
}

int64_t person_match_key(std::string_view name_folded, int birth_year) {
  std::string key(name_folded);
  key += '|';
  key += std::to_string(birth_year);
  return hash64(key);
}

int64_t content_hash(const Record& r) {
  // Each field as "length:text" (absent: "-"), so no edit can move text across a boundary.
  std::string all;
  auto add = [&](const std::optional<std::string>& v) {
    if (!v) {
      all += '-';
      return;
    }
    all += std::to_string(v->size());
    all += ':';
    all += *v;
  };
  auto add_int = [&](const std::optional<int>& v) {
    add(v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt);
  };
  std::string exploitation;
  for (const auto& e : r.exploitation) exploitation += e + ",";
  add(r.full_name);
  add(r.sex);
  add(r.birth ? std::optional<std::string>(r.birth->iso()) : std::nullopt);
  add(r.ethnicity);
  add(r.citizen_id);
  add(r.residence);
  add(r.intake_date.iso());
  add(r.intake_channel);
  add(r.receiving_agency);
  add(r.source_agency);
  add_int(r.abroad);
  add(r.destination_country);
  add(exploitation);
  add_int(r.poor_household);
  add(r.record_no);
  add(r.note);
  if (r.citizenship) add(r.citizenship);  // only when given: rows hashed before it was read keep their hash
  return hash64(all);
}

}  // namespace hotro::intake
