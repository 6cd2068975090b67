// SPDX-License-Identifier: MIT
// Fuzzes mapping profiles (lib/intake/profile.h, hotro::intake::load_profile): the input is
// written to a temporary .toml file and loaded on top of the built-in profile.
#include "fuzz_support.h"
#include "intake/profile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static hotro::fuzz::TempFile file("profile", ".toml");
  const std::string& path = file.write(data, size);
  try {
    const hotro::intake::Profile p = hotro::intake::load_profile(path);
    HOTRO_FUZZ_CHECK(p.path == path);
    HOTRO_FUZZ_CHECK(p.header_row >= 0);
    for (const auto& m : p.value_mappings) HOTRO_FUZZ_CHECK(m.where.starts_with(path + ":"));
  } catch (const hotro::Error&) {
    // rejected as a bad profile: expected
  }
  return 0;
}
