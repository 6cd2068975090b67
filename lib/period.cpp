// SPDX-License-Identifier: MIT
#include "period.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "clock.h"
#include "error.h"
#include "i18n.h"

namespace hotro {

namespace {

// Digits only (no sign): from_chars alone would take "-202".
bool number(std::string_view s, int& out) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// A reporting year: four digits, in the range dates accept for a bare year.
bool year(std::string_view s, int& out) { return s.size() == 4 && number(s, out) && out >= 1900 && out <= 2100; }

Period months(std::string name, const char* kind, int y, int first, int last) {
  Period p;
  p.name = std::move(name);
  p.from = text::Date{y, first, 1};
  p.to = text::Date{y, last, days_in_month(y, last)};
  p.kind = kind;
  return p;
}

// The period kinds a rule file must describe, in the order they are documented.
const char* const kKinds[] = {"month", "quarter", "half", "nine_months", "year"};

}  // namespace

int days_in_month(int y, int m) { return text::days_in_month(y, m); }

std::optional<Period> parse_period(std::string_view s, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<Period> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  std::string name(s);
  if (auto dots = s.find(".."); dots != std::string_view::npos) {
    std::string impossible;  // the shape is right but there is no such day
    auto a = text::from_iso(s.substr(0, dots), &impossible), b = text::from_iso(s.substr(dots + 2), &impossible);
    if (!impossible.empty()) return fail(impossible);
    if (!a || !b || a->year_only() || b->year_only())
      return fail(tr("khoảng thời gian phải viết dạng yyyy-mm-dd..yyyy-mm-dd",
                     "a range is written yyyy-mm-dd..yyyy-mm-dd"));
    if (*b < *a) return fail(tr("ngày kết thúc trước ngày bắt đầu", "the range ends before it starts"));
    if (a->year < 1900 || b->year > 2100)
      return fail(tr("khoảng thời gian phải nằm trong các năm 1900..2100",
                     "a range must lie within the years 1900..2100"));
    Period p;
    p.name = name;
    p.from = *a;
    p.to = *b;
    p.kind = "range";
    return p;
  }
  // One name for one period: "2026-q3" is "2026-Q3", so that it cannot be closed twice.
  for (char& c : name)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  int y = 0, n = 0;
  if (s.size() == 4 && year(s, y)) return months(name, "year", y, 1, 12);
  if (s.size() == 7 && s[4] == '-' && year(s.substr(0, 4), y)) {
    char kind = s[5];
    if ((kind == 'Q' || kind == 'q') && number(s.substr(6), n) && n >= 1 && n <= 4)
      return months(name, "quarter", y, 3 * n - 2, 3 * n);
    if ((kind == 'H' || kind == 'h') && number(s.substr(6), n) && n >= 1 && n <= 2)
      return months(name, "half", y, 6 * n - 5, 6 * n);
    if (s.substr(5) == "9M" || s.substr(5) == "9m") return months(name, "nine_months", y, 1, 9);
    if (number(s.substr(5), n) && n >= 1 && n <= 12) return months(name, "month", y, n, n);
  }
  return fail(fmt::format(fmt::runtime(tr("'{}' không phải là khoảng thời gian hợp lệ (ví dụ 2026, "
                                          "2026-H1, 2026-Q3, 2026-07, 2026-01-01..2026-03-31)",
                                          "'{}' is not a period (e.g. 2026, 2026-H1, 2026-Q3, "
                                          "2026-07, 2026-01-01..2026-03-31)")),
                          s));
}

// ---- the rule file ----

namespace {

[[noreturn]] void rule_error(const std::string& path, const toml::source_region& where,
                             const std::string& what) {
  throw Error(Exit::config, fmt::format("{}:{}:{}: {}", path, where.begin.line, where.begin.column, what));
}

std::string unknown_key(std::string_view key, std::string_view allowed) {
  return fmt::format(fmt::runtime(tr("khóa '{}' không hợp lệ ở đây (chỉ dùng: {})",
                                     "unknown key '{}' (expected one of: {})")),
                     key, allowed);
}

const std::string& need_string(const std::string& path, const toml::node& n, std::string_view key) {
  const auto* s = n.as_string();
  if (!s)
    rule_error(path, n.source(), fmt::format(fmt::runtime(tr("'{}' phải là một chuỗi", "'{}' must be a string")), key));
  if (s->get().empty())
    rule_error(path, n.source(), fmt::format(fmt::runtime(tr("'{}' không được để trống", "'{}' must not be empty")), key));
  return s->get();
}

const toml::table& need_table(const std::string& path, const toml::node& n, std::string_view key) {
  const auto* t = n.as_table();
  if (!t)
    rule_error(path, n.source(), fmt::format(fmt::runtime(tr("'{}' phải là một bảng [{}]", "'{}' must be a table [{}]")), key, key));
  return *t;
}

int need_day(const std::string& path, const toml::node& n, std::string_view key) {
  const auto* i = n.as_integer();
  if (!i || i->get() < 1 || i->get() > 28)
    rule_error(path, n.source(), fmt::format(fmt::runtime(tr("'{}' phải là một ngày trong tháng, từ 1 đến 28",
                                                             "'{}' must be a day of the month from 1 to 28")),
                                             key));
  return static_cast<int>(i->get());
}

// A table's key that must be present.
const toml::node& required(const std::string& path, const toml::table& t, std::string_view key,
                           std::string_view table_name) {
  if (const toml::node* n = t.get(key)) return *n;
  rule_error(path, t.source(), fmt::format(fmt::runtime(tr("[{}] thiếu khóa bắt buộc '{}'",
                                                           "[{}] lacks the required key '{}'")),
                                           table_name, key));
}

}  // namespace

PeriodRules load_period_rules(const std::filesystem::path& file) {
  const std::string path = file.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không mở được tệp quy tắc '{}': không có tệp này",
                                                           "cannot open rule file '{}': no such file")),
                                           path));
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    rule_error(path, e.source(), std::string(e.description()));
  }
  PeriodRules r;
  r.path = path;
  r.sha256 = sha256_file(path);
  for (const auto& [key, node] : root) {
    const std::string_view k = key.str();
    if (k == "version") {
      const auto* v = node.as_integer();
      if (!v) rule_error(path, node.source(), tr("version phải là một số nguyên", "version must be a whole number"));
      if (v->get() != 1)
        rule_error(path, node.source(), fmt::format(fmt::runtime(tr("không hỗ trợ tệp quy tắc phiên bản {} (bản hotro này đọc phiên bản 1)",
                                                                    "rule file version {} is not supported (this hotro reads 1)")),
                                                    v->get()));
    } else if (k == "calendar") {
      const toml::table& t = need_table(path, node, k);
      std::string english;
      for (const auto& [ck, cn] : t) {
        if (ck.str() == "citation") r.calendar_citation = need_string(path, cn, "citation");
        else if (ck.str() == "citation_en") english = need_string(path, cn, "citation_en");
        else rule_error(path, ck.source(), unknown_key(ck.str(), "citation, citation_en"));
      }
      if (r.calendar_citation.empty()) required(path, t, "citation", "calendar");
      if (lang() == Lang::en && !english.empty()) r.calendar_citation = english;
    } else if (k == "state_cutoff") {
      const toml::table& t = need_table(path, node, k);
      for (const auto& [ck, cn] : t) {
        const std::string_view c = ck.str();
        if (c == "start_day") {
          r.start_day = need_day(path, cn, c);
        } else if (c == "end_day") {
          r.end_day = need_day(path, cn, c);
        } else if (std::find(std::begin(kKinds), std::end(kKinds), c) != std::end(kKinds)) {
          const std::string table_name = fmt::format("state_cutoff.{}", c);
          const toml::table& kt = need_table(path, cn, table_name);
          PeriodRule rule;
          std::string english;  // citation_en: printed instead with --lang en
          for (const auto& [kk, kn] : kt) {
            if (kk.str() == "confirmed") {
              const auto* b = kn.as_boolean();
              if (!b) rule_error(path, kn.source(), tr("'confirmed' phải là true hoặc false", "'confirmed' must be true or false"));
              rule.confirmed = b->get();
            } else if (kk.str() == "citation") {
              rule.citation = need_string(path, kn, "citation");
            } else if (kk.str() == "citation_en") {
              english = need_string(path, kn, "citation_en");
            } else {
              rule_error(path, kk.source(), unknown_key(kk.str(), "confirmed, citation, citation_en"));
            }
          }
          required(path, kt, "confirmed", table_name);
          required(path, kt, "citation", table_name);
          if (lang() == Lang::en && !english.empty()) rule.citation = english;
          r.state_cutoff[std::string(c)] = rule;
        } else {
          rule_error(path, ck.source(),
                     unknown_key(c, "start_day, end_day, month, quarter, half, nine_months, year"));
        }
      }
      required(path, t, "start_day", "state_cutoff");
      required(path, t, "end_day", "state_cutoff");
      for (const char* kind : kKinds) required(path, t, kind, "state_cutoff");
    } else {
      rule_error(path, key.source(), unknown_key(k, "version, calendar, state_cutoff"));
    }
  }
  required(path, root, "version", "periods");
  required(path, root, "calendar", "periods");
  required(path, root, "state_cutoff", "periods");
  return r;
}

// ---- relative names and the cut-off ----

namespace {

// The concrete name a relative name stands for on `today`, or the name itself.
std::string concrete_name(std::string_view name, const text::Date& today) {
  int y = today.year, m = today.month;
  const int q = (m - 1) / 3 + 1, h = (m - 1) / 6 + 1;
  if (name == "current-month") return fmt::format("{:04}-{:02}", y, m);
  if (name == "previous-month") return m == 1 ? fmt::format("{:04}-12", y - 1) : fmt::format("{:04}-{:02}", y, m - 1);
  if (name == "current-quarter") return fmt::format("{:04}-Q{}", y, q);
  if (name == "previous-quarter") return q == 1 ? fmt::format("{:04}-Q4", y - 1) : fmt::format("{:04}-Q{}", y, q - 1);
  if (name == "current-half") return fmt::format("{:04}-H{}", y, h);
  if (name == "previous-half") return h == 1 ? fmt::format("{:04}-H2", y - 1) : fmt::format("{:04}-H1", y);
  if (name == "current-year") return fmt::format("{:04}", y);
  if (name == "previous-year") return fmt::format("{:04}", y - 1);
  return std::string(name);
}

}  // namespace

Period resolve_period(std::string_view name, const PeriodRules& rules, const std::string& basis,
                      const text::Date& today) {
  if (basis != "calendar" && basis != "state_cutoff")
    throw Error(Exit::usage, fmt::format(fmt::runtime(tr("cách tính kỳ '{}' không hợp lệ (calendar hoặc state_cutoff)",
                                                         "unknown period basis '{}' (calendar or state_cutoff)")),
                                         basis));
  if (today.year_only()) throw Error(Exit::usage, "today must be a full date");
  std::string why;
  auto p = parse_period(concrete_name(name, today), &why);
  if (!p) {
    if (name.find('-') != std::string_view::npos && !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])))
      why = fmt::format(fmt::runtime(tr("'{}' không phải là khoảng thời gian hợp lệ (tên tương đối: previous-month, "
                                        "current-month, previous-quarter, current-quarter, previous-half, "
                                        "current-half, previous-year, current-year)",
                                        "'{}' is not a period (relative names: previous-month, current-month, "
                                        "previous-quarter, current-quarter, previous-half, current-half, "
                                        "previous-year, current-year)")),
                        name);
    throw Error(Exit::usage, why);
  }
  if (p->kind == "range") {
    p->basis = "calendar";
    p->citation = tr("khoảng ngày do người lập báo cáo chọn", "the dates given");
    return *p;
  }
  if (basis == "calendar") {
    p->citation = rules.calendar_citation;
    return *p;
  }
  const auto rule = rules.state_cutoff.find(p->kind);
  if (rule == rules.state_cutoff.end() || rules.start_day == 0 || rules.end_day == 0)
    throw Error(Exit::config, fmt::format(fmt::runtime(tr("{}: không có quy tắc chốt số liệu cho loại kỳ '{}'",
                                                          "{}: no data cut-off rule for period kind '{}'")),
                                          rules.path, p->kind));
  // From start_day of the month before the period's first month to end_day of its last month.
  int fy = p->from.year, fm = p->from.month - 1;
  if (fm == 0) fm = 12, --fy;
  p->from = text::Date{fy, fm, rules.start_day};
  p->to = text::Date{p->to.year, p->to.month, rules.end_day};
  p->basis = "state_cutoff";
  p->confirmed = rule->second.confirmed;
  p->citation = rule->second.citation;
  return *p;
}

}  // namespace hotro
