// SPDX-License-Identifier: MIT
// Fuzzes date parsing (lib/text/dates.h): the input is "FORMAT\nVALUE"; parse_date takes the
// value, parse_date_format the value with the format (an input without '\n' is a value with an
// empty format). HOTRO_TODAY is fixed so that two-digit years expand the same way every run.
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "text/dates.h"

namespace {

using hotro::text::Date;

// Every date handed out is a real calendar date (or a bare year) that survives ISO text.
void check(const Date& d) {
  HOTRO_FUZZ_CHECK(d.year >= 1);
  if (d.year_only()) {
    HOTRO_FUZZ_CHECK(d.day == 0);
  } else {
    HOTRO_FUZZ_CHECK(d.month >= 1 && d.month <= 12);
    HOTRO_FUZZ_CHECK(d.day >= 1 && d.day <= 31);
  }
  if (d.year <= 9999) {
    const auto back = hotro::text::from_iso(d.iso());
    HOTRO_FUZZ_CHECK(back && *back == d);
  }
  (void)d.display();
  (void)d.days();
  (void)hotro::text::age_on(d, hotro::text::today());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("HOTRO_TODAY", "2026-11-25", 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.find('\n');
  const std::string_view format = nl == std::string_view::npos ? std::string_view() : input.substr(0, nl);
  const std::string_view value = nl == std::string_view::npos ? input : input.substr(nl + 1);

  std::string why;
  if (const auto d = hotro::text::parse_date(value, &why)) check(*d);
  else HOTRO_FUZZ_CHECK(!why.empty());
  if (const auto d = hotro::text::from_iso(value)) check(*d);

  try {
    why.clear();
    if (const auto d = hotro::text::parse_date_format(value, format, &why)) check(*d);
    else HOTRO_FUZZ_CHECK(!why.empty());
  } catch (const hotro::Error&) {
    // a format parse_date_format does not take: expected
  }
  return 0;
}
