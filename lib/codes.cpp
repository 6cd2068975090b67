// SPDX-License-Identifier: MIT
#include "codes.h"

#include "i18n.h"

#include "text/unicode.h"

namespace hotro {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string province_part(std::string_view residence, char separator) {
  const auto at = residence.find_last_of(separator);
  std::string part = text::fold(at == std::string_view::npos ? residence : residence.substr(at + 1));
  // "tỉnh", "thành phố" and their abbreviations as commune lists write them: "TP.", and "T." after
  // a separator only (the dot is gone once folded): alone, "T." may be a village, "Thôn".
  for (std::string_view prefix : {"tinh ", "thanh pho ", "tp ", "t "})
    if (part.rfind(prefix, 0) == 0 && (prefix != "t " || at != std::string_view::npos)) return part.substr(prefix.size());
  return part;
}

CodeLists::CodeLists(db::Database& db) {
  db::Statement codes(db, "SELECT list, code, label_vi, label_en FROM code_list ORDER BY list, sort, code");
  while (codes.step()) {
    List& l = lists_[codes.text(0)];
    std::string code = codes.text(1);
    Entry e{codes.text(2), codes.text(3)};
    l.by_code.emplace(lower(code), code);
    l.by_folded.emplace(text::fold(e.label_vi), code);
    l.by_folded.emplace(text::fold(e.label_en), code);
    l.entries.emplace(code, std::move(e));
    l.order.push_back(code);
  }
  db::Statement aliases(db, "SELECT list, variant, code FROM code_alias");
  while (aliases.step())
    lists_[aliases.text(0)].by_folded.emplace(text::fold(aliases.text(1)), aliases.text(2));
}

std::optional<std::string> CodeLists::find(std::string_view list, std::string_view t) const {
  auto l = lists_.find(std::string(list));
  if (l == lists_.end()) return std::nullopt;
  // A code matches exactly (any case) before labels and variants match through the fold, so
  // that "Mỹ" (folded "my") is the United States and not the code MY (Malaysia).
  std::string_view trimmed = t;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front()))) trimmed.remove_prefix(1);
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.remove_suffix(1);
  if (auto c = l->second.by_code.find(lower(trimmed)); c != l->second.by_code.end()) return c->second;
  auto it = l->second.by_folded.find(text::fold(t));
  if (it == l->second.by_folded.end()) return std::nullopt;
  return it->second;
}

std::string CodeLists::label(std::string_view list, std::string_view code,
                             std::string_view lang) const {
  auto l = lists_.find(std::string(list));
  if (l == lists_.end()) return std::string(code);
  auto e = l->second.entries.find(std::string(code));
  if (e == l->second.entries.end()) return std::string(code);
  return lang == "en" ? e->second.label_en : e->second.label_vi;
}

std::string CodeLists::examples(std::string_view list, size_t n) const {
  auto l = lists_.find(std::string(list));
  if (l == lists_.end()) return {};
  std::string out;
  for (size_t i = 0; i < l->second.order.size() && i < n; ++i) {
    if (i) out += ", ";
    // In the user's language: both labels are understood (find()).
    const auto& e = l->second.entries.at(l->second.order[i]);
    out += "'" + (lang() == Lang::en && !e.label_en.empty() ? e.label_en : e.label_vi) + "'";
  }
  if (l->second.order.size() > n) out += ", ...";
  return out;
}

}  // namespace hotro
