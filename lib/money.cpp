// SPDX-License-Identifier: MIT
#include "money.h"

#include "text/unicode.h"

namespace hotro {

std::optional<int64_t> parse_vnd(const std::string& raw) {
  std::string s = text::fold(raw);  // lower case, no accents: "đồng" → "dong"
  for (const char* suffix : {"vnd", "dong", "d"}) {
    const std::string x(suffix);
    if (s.size() > x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0) {
      s.erase(s.size() - x.size());
      break;
    }
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  if (s.empty()) return std::nullopt;
  // Group separators must be consistent and in groups of three ("1.300.000"), so that
  // "1.5" (a decimal) is refused rather than read as 15.
  char sep = 0;
  std::string digits;
  size_t group = 0;
  bool grouped = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      digits += c;
      ++group;
    } else if (c == '.' || c == ',' || c == ' ') {
      if ((sep && c != sep) || i == 0) return std::nullopt;
      if (grouped ? group != 3 : (group == 0 || group > 3)) return std::nullopt;
      sep = c;
      grouped = true;
      group = 0;
    } else {
      return std::nullopt;
    }
  }
  if (grouped && group != 3) return std::nullopt;
  if (digits.empty() || digits.size() > 15) return std::nullopt;  // 10^15 VND: no such support
  return std::stoll(digits);
}

}  // namespace hotro
