// SPDX-License-Identifier: MIT
// Fuzzes reporting-period names (lib/period.h, hotro::parse_period).
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "period.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string why;
  try {
    if (const auto p = hotro::parse_period(input, &why)) {
      std::string upper(input);  // "2026-q3" is named "2026-Q3"
      for (char& c : upper)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      HOTRO_FUZZ_CHECK(p->name == upper);
      HOTRO_FUZZ_CHECK(!p->from.year_only() && !p->to.year_only());
      HOTRO_FUZZ_CHECK(!(p->to < p->from));
      HOTRO_FUZZ_CHECK(p->from.year >= 1900 && p->to.year <= 2100);
      HOTRO_FUZZ_CHECK(hotro::text::from_iso(p->from.iso()) == p->from);
      HOTRO_FUZZ_CHECK(hotro::text::from_iso(p->to.iso()) == p->to);
    } else {
      HOTRO_FUZZ_CHECK(!why.empty());
    }
  } catch (const hotro::Error&) {
    // rejected as bad input: expected
  }
  return 0;
}
