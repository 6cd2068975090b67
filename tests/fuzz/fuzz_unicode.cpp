// SPDX-License-Identifier: MIT
// Fuzzes Unicode normalisation and folding (lib/text/unicode.h): nfc, clean, clean_lines, fold
// on the raw input; malformed UTF-8 must be rejected with hotro::Error, never crash.
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "text/unicode.h"

namespace {

bool trimmed(std::string_view s) { return s.empty() || (s.front() != ' ' && s.back() != ' '); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace text = hotro::text;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const bool valid = text::valid_utf8(input);
  (void)text::length(input);

  try {
    const std::string n = text::nfc(input);
    HOTRO_FUZZ_CHECK(valid);  // nfc throws on malformed UTF-8
    HOTRO_FUZZ_CHECK(text::valid_utf8(n));
    HOTRO_FUZZ_CHECK(text::nfc(n) == n);
  } catch (const hotro::Error&) {
    HOTRO_FUZZ_CHECK(!valid);
  }

  try {
    const std::string c = text::clean(input);
    HOTRO_FUZZ_CHECK(hotro::fuzz::utf8_nfc(c));
    HOTRO_FUZZ_CHECK(trimmed(c) && c.find("  ") == std::string::npos);
    HOTRO_FUZZ_CHECK(text::clean(c) == c);
  } catch (const hotro::Error&) {
    HOTRO_FUZZ_CHECK(!valid);
  }

  try {
    const std::string l = text::clean_lines(input);
    HOTRO_FUZZ_CHECK(hotro::fuzz::utf8_nfc(l));
    HOTRO_FUZZ_CHECK(l.empty() || (l.front() != '\n' && l.back() != '\n'));
  } catch (const hotro::Error&) {
    HOTRO_FUZZ_CHECK(!valid);
  }

  try {
    const std::string f = text::fold(input);
    HOTRO_FUZZ_CHECK(text::valid_utf8(f));
    HOTRO_FUZZ_CHECK(trimmed(f) && f.find("  ") == std::string::npos);
    // "NFC or NFD ... all give the same key" (unicode.h).
    HOTRO_FUZZ_CHECK(text::fold(text::nfc(input)) == f);
  } catch (const hotro::Error&) {
    HOTRO_FUZZ_CHECK(!valid);
  }
  return 0;
}
