// SPDX-License-Identifier: MIT
#include "rules/toml_reader.h"

#include <algorithm>

#include <fmt/format.h>

#include "error.h"
#include "i18n.h"
#include "text/unicode.h"

namespace hotro::rules {

toml::table TomlReader::parse() const {
  try {
    return toml::parse_file(path_);
  } catch (const toml::parse_error& e) {
    fail(e.source(), std::string(e.description()));
  }
}


void TomlReader::fail(const toml::source_region& where, const std::string& what) const {
  throw Error(Exit::config, fmt::format("{}:{}:{}: {}", path_, where.begin.line, where.begin.column, what));
}

void TomlReader::only_keys(const toml::table& t, std::initializer_list<const char*> allowed) const {
  // The table's keys come in name order: the unknown key named is the one highest in the file.
  const toml::key* first = nullptr;
  for (const auto& [key, node] : t) {
    const std::string_view name = key.str();  // (clang: a lambda cannot capture a structured binding)
    bool ok = std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; });
    if (!ok && (!first || key.source().begin.line < first->source().begin.line)) first = &key;
  }
  if (first) {
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail(first->source(), fmt::format(fmt::runtime(tr("khóa không hợp lệ '{}' (chỉ nhận: {})",
                                                       "unknown key '{}' (expected one of: {})")),
                                      first->str(), list));
  }
}

const toml::table* TomlReader::as_table(const toml::node& node, const std::string& what) const {
  const auto* t = node.as_table();
  if (!t) fail(node.source(), fmt::format(fmt::runtime(tr("{} phải là một bảng", "{} must be a table")), what));
  return t;
}

const toml::table* TomlReader::table_at(const toml::table& t, const char* key, bool required) const {
  const auto* node = t.get(key);
  if (!node) {
    if (required)
      fail(t.source(), fmt::format(fmt::runtime(tr("thiếu [{}]", "missing [{}]")), key));
    return nullptr;
  }
  return as_table(*node, key);
}

std::optional<std::string> TomlReader::text(const toml::table& t, const char* key, bool required) const {
  const auto* node = t.get(key);
  if (!node) {
    if (required) fail(t.source(), fmt::format(fmt::runtime(tr("thiếu '{}'", "missing '{}'")), key));
    return std::nullopt;
  }
  const auto* s = node->as_string();
  if (!s || text::clean(s->get()).empty())  // blank counts as empty
    fail(node->source(), fmt::format(fmt::runtime(tr("'{}' phải là một chuỗi không rỗng",
                                                     "'{}' must be a non-empty string")), key));
  return s->get();
}

std::string TomlReader::one_of(const toml::table& t, const char* key, std::initializer_list<const char*> allowed,
                   std::optional<std::string> fallback) const {
  auto v = text(t, key, !fallback);
  if (!v) return *fallback;
  for (const char* a : allowed)
    if (*v == a) return *v;
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  fail(t.get(key)->source(), fmt::format(fmt::runtime(tr("'{}' = '{}' không hợp lệ (chỉ nhận: {})",
                                                           "'{}' = '{}' is not valid (expected one of: {})")),
                                         key, *v, list));
}

std::optional<text::Date> TomlReader::date(const toml::table& t, const char* key, bool required) const {
  const auto* node = t.get(key);
  if (!node) {
    if (required) fail(t.source(), fmt::format(fmt::runtime(tr("thiếu '{}'", "missing '{}'")), key));
    return std::nullopt;
  }
  const auto* d = node->as_date();
  if (!d)
    fail(node->source(), fmt::format(fmt::runtime(tr("'{}' phải là một ngày TOML (yyyy-mm-dd, không có dấu ngoặc kép)",
                                                     "'{}' must be a TOML date (yyyy-mm-dd, unquoted)")), key));
  return text::Date{d->get().year, d->get().month, d->get().day};
}

std::optional<int64_t> TomlReader::integer(const toml::table& t, const char* key) const {
  const auto* node = t.get(key);
  if (!node) return std::nullopt;
  const auto* i = node->as_integer();
  if (!i || i->get() < 0)
    fail(node->source(), fmt::format(fmt::runtime(tr("'{}' phải là một số nguyên không âm (không có dấu chấm)",
                                                     "'{}' must be a non-negative integer")), key));
  return i->get();
}

std::optional<bool> TomlReader::boolean(const toml::table& t, const char* key) const {
  const auto* node = t.get(key);
  if (!node) return std::nullopt;
  const auto* b = node->as_boolean();
  if (!b) fail(node->source(), fmt::format(fmt::runtime(tr("'{}' phải là true hoặc false", "'{}' must be true or false")), key));
  return b->get();
}

Certainty TomlReader::certainty(const toml::table& t) const {
  std::string s = one_of(t, "status", {"confirmed", "secondary", "unconfirmed"}, std::string("confirmed"));
  return s == "confirmed" ? Certainty::confirmed : s == "secondary" ? Certainty::secondary : Certainty::unconfirmed;
}

std::vector<std::string> TomlReader::list(const toml::table& t, const char* key,
                                          const std::vector<std::string>& allowed, bool allow_empty) const {
  const auto* node = t.get(key);
  if (!node) fail(t.source(), fmt::format(fmt::runtime(tr("thiếu '{}'", "missing '{}'")), key));
  const auto* arr = node->as_array();
  if (!arr || (arr->empty() && !allow_empty))
    fail(node->source(), fmt::format(fmt::runtime(tr("'{}' phải là một danh sách không rỗng", "'{}' must be a non-empty list")), key));
  std::vector<std::string> out;
  for (const auto& item : *arr) {
    const auto* s = item.as_string();
    if (!s || std::find(allowed.begin(), allowed.end(), s->get()) == allowed.end()) {
      std::string all;
      for (const auto& a : allowed) all += (all.empty() ? "" : ", ") + a;
      fail(item.source(), fmt::format(fmt::runtime(tr("giá trị không hợp lệ trong '{}' (chỉ nhận: {})",
                                                      "not a valid value in '{}' (expected one of: {})")), key, all));
    }
    out.push_back(s->get());
  }
  return out;
}

}  // namespace hotro::rules
