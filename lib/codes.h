// SPDX-License-Identifier: MIT
// Code lists (sex, ethnicity, country, intake channel, exploitation, yes/no, province, ...)
// loaded from the library's code_list and code_alias tables. Lookups accept the code, either
// label or any known variant spelling, compared through text::fold (accents and case ignored).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "db/database.h"

namespace hotro {

/// The province part of an address, folded, without "tỉnh", "thành phố" or "tp": the text
/// after the last `separator`. Try ',' first, then '-' for addresses written
/// "Xã A - huyện B - tỉnh C" ("Bà Rịa - Vũng Tàu" is one name, found with ',').
std::string province_part(std::string_view residence, char separator);

class CodeLists {
 public:
  explicit CodeLists(db::Database& db);

  /// The code for `text` in `list`: the code itself in any case, else a label or variant
  /// compared folded. nullopt when unknown.
  std::optional<std::string> find(std::string_view list, std::string_view text) const;
  /// The label of a code: Vietnamese, or English with lang "en". The code itself if unknown.
  std::string label(std::string_view list, std::string_view code,
                    std::string_view lang = "vi") const;
  /// A few labels of the list, for "expected one of ..." messages.
  std::string examples(std::string_view list, size_t n = 6) const;

 private:
  struct Entry {
    std::string label_vi, label_en;
  };
  struct List {
    std::unordered_map<std::string, std::string> by_code;    // lower-case code → code
    std::unordered_map<std::string, std::string> by_folded;  // folded label or variant → code
    std::unordered_map<std::string, Entry> entries;          // code → labels
    std::vector<std::string> order;                          // codes by sort order
  };
  std::unordered_map<std::string, List> lists_;
};

}  // namespace hotro
