// SPDX-License-Identifier: MIT
// Fuzzes the rule-set loader (lib/rules/rules.h, hotro::rules::load_rule_set): the input is
// written to a temporary .toml file and loaded; a rule set it accepts must be usable.
#include "fuzz_support.h"
#include "rules/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static hotro::fuzz::TempFile file("rules", ".toml");
  const std::string& path = file.write(data, size);
  try {
    const hotro::rules::RuleSet rs = hotro::rules::load_rule_set(path);
    HOTRO_FUZZ_CHECK(!rs.id.empty() && !rs.citation.empty());
    for (const auto& [name, p] : rs.parameters) {
      for (size_t i = 1; i < p.values.size(); ++i) HOTRO_FUZZ_CHECK(p.values[i - 1].from < p.values[i].from);
      for (const auto& v : p.values) HOTRO_FUZZ_CHECK(!v.citation.empty());
    }
    for (const auto& e : rs.entitlements) {
      HOTRO_FUZZ_CHECK(!e.citation.empty() && !e.who.empty());
      if (e.rate) HOTRO_FUZZ_CHECK(rs.parameters.count(*e.rate) == 1);
    }
  } catch (const hotro::Error&) {
    // rejected as a bad rule file: expected
  }
  return 0;
}
