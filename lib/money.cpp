// SPDX-License-Identifier: MIT
#include "money.h"

#include "text/unicode.h"

namespace hotro {

std::optional<int64_t> parse_vnd(const std::string& raw) {
  // The number, then an optional unit: "đ", "đồng" or "VND" in any case and accents.
  size_t start = raw.find_first_not_of(' ');
  if (start == std::string::npos) return std::nullopt;
  size_t end = raw.find_first_not_of("0123456789., ", start);
  std::string s = raw.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (end != std::string::npos) {
    const std::string unit = text::fold(raw.substr(end));
    if (unit != "d" && unit != "dong" && unit != "vnd") return std::nullopt;
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
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
