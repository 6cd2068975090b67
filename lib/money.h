// SPDX-License-Identifier: MIT
// Money is integer VND (đồng), never floating point. Printed with thousands separators:
// "1.300.000" in Vietnamese, "1,300,000" in English.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "error.h"
#include "i18n.h"

namespace hotro {

/// 1300000 → "1.300.000" (vi) or "1,300,000" (en).
inline std::string format_vnd(int64_t vnd) {
  // The magnitude as unsigned, so that the most negative value does not overflow.
  const uint64_t magnitude = vnd < 0 ? 0 - static_cast<uint64_t>(vnd) : static_cast<uint64_t>(vnd);
  std::string digits = std::to_string(magnitude);
  std::string out;
  const char sep = lang() == Lang::en ? ',' : '.';
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return vnd < 0 ? "-" + out : out;
}

/// a × b, or Error(Exit::data) on overflow (an amount no budget holds).
inline int64_t checked_mul(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r))
    throw Error(Exit::data, tr("số tiền quá lớn", "the amount is too large"));
  return r;
}

/// a + b, or Error(Exit::data) on overflow.
inline int64_t checked_add(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r))
    throw Error(Exit::data, tr("số tiền quá lớn", "the amount is too large"));
  return r;
}

/// Parses an amount in VND as people write it: "1300000", "1.300.000", "1,300,000",
/// optionally followed by "đ", "đồng" or "VND". nullopt if it is not a whole, non-negative amount.
std::optional<int64_t> parse_vnd(const std::string& text);

}  // namespace hotro
