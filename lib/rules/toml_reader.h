// SPDX-License-Identifier: MIT
// Reading hotro's TOML data files (rule sets, rule tests): typed getters that refuse unknown
// keys and wrong types with "FILE:LINE:COL: reason" (Error(Exit::config)).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "rules/rules.h"
#include "text/dates.h"

namespace hotro::rules {

class TomlReader {
 public:
  explicit TomlReader(std::string path) : path_(std::move(path)) {}
  const std::string& path() const { return path_; }

  /// Parses the file; a syntax error names its line and column.
  toml::table parse() const;
  [[noreturn]] void fail(const toml::source_region& where, const std::string& what) const;
  void only_keys(const toml::table& t, std::initializer_list<const char*> allowed) const;
  const toml::table* as_table(const toml::node& node, const std::string& what) const;
  const toml::table* table_at(const toml::table& t, const char* key, bool required) const;
  std::optional<std::string> text(const toml::table& t, const char* key, bool required) const;
  std::string one_of(const toml::table& t, const char* key, std::initializer_list<const char*> allowed,
                     std::optional<std::string> fallback = std::nullopt) const;
  std::optional<text::Date> date(const toml::table& t, const char* key, bool required) const;
  std::optional<int64_t> integer(const toml::table& t, const char* key) const;
  std::optional<bool> boolean(const toml::table& t, const char* key) const;
  Certainty certainty(const toml::table& t) const;
  /// A list of strings, each one of `allowed`.
  std::vector<std::string> list(const toml::table& t, const char* key, const std::vector<std::string>& allowed,
                                bool allow_empty = false) const;

 private:
  std::string path_;
};

}  // namespace hotro::rules
