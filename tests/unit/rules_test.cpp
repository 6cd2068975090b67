// SPDX-License-Identifier: MIT
// lib/rules/{rules,toml_reader,rule_tests}: the rule-set loader and every problem it must
// refuse (each with Exit::config, the file, the line and the key), the cross-file checks, then
// the shipped rules (rules/): which regime and resolution are in force on which date, the values
// they resolve, the version and certainty of the terms, and the rule test cases in rules/tests.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "rules/rule_tests.h"
#include "rules/rules.h"
#include "test_support.h"

using namespace hotro::test;
using hotro::Exit;
using hotro::rules::Certainty;
using hotro::rules::RuleBook;
using hotro::rules::Terms;
using hotro::text::Date;

namespace {

namespace fs = std::filesystem;

// A national rule set for the tests (2020–2022), valid as it is. Each error test changes one
// thing in it (or in kProvince) and expects the loader to name that line.
const std::string kNational = R"TOML(# Test decree
[ruleset]
id = "t.nat"
scope = "national"
title_vi = "Nghị định thử nghiệm"
title_en = "Test decree"
valid_from = 2020-01-01
valid_to = 2022-12-31
citation = "Nghị định 1/2020 (thử)"
status = "confirmed"

[parameters.meals_rate]
unit = "vnd_per_day"
description_vi = "Tiền ăn"
description_en = "Meals"
values = [
  { from = 2020-01-01, value = 50000, minimum = true, citation = "ND1 Dieu 1" },
  { from = 2021-01-01, value = 60000, minimum = true, citation = "ND1 Dieu 1 (2021)" },
]

[parameters.meals_max_days]
unit = "days"
description_vi = "Số ngày tối đa"
description_en = "Most days"
values = [
  { from = 2020-01-01, value = 60, citation = "ND1 Dieu 2" },
]

[parameters.items_cap]
unit = "vnd"
description_vi = "Mức tối đa vật dụng"
description_en = "Cap on items"
values = [
  { from = 2020-01-01, value = 400000, citation = "ND1 Dieu 3" },
]

[parameters.allowance]
unit = "vnd"
description_vi = "Trợ cấp"
description_en = "Allowance"
values = [
  { from = 2020-01-01, status = "unconfirmed", citation = "ND1 Dieu 4", note = "amount not found" },
]

[parameters.deadline]
unit = "months"
description_vi = "Thời hạn nộp đơn"
description_en = "Time to apply"
values = [
  { from = 2020-01-01, value = 12, citation = "ND1 Dieu 5" },
]

[parameters.decide_days]
unit = "working_days"
description_vi = "Thời hạn giải quyết"
description_en = "Time to decide"
values = [
  { from = 2020-01-01, value = 10, status = "unconfirmed", citation = "ND1 Dieu 6" },
]

[parameters.school_years]
unit = "times"
description_vi = "Số năm học"
description_en = "School years"
values = [
  { from = 2020-01-01, value = 2, status = "secondary", citation = "ND1 Dieu 7" },
]

[[entitlements]]
id = "meals"
kind = "meals"
who = ["victim", "pending", "minor"]
citizenship = ["vn", "stateless"]
setting = "facility"
unit = "per_day"
rate = "meals_rate"
max_days = "meals_max_days"
decided_by_vi = "Cơ sở"
decided_by_en = "The facility"
citation = "ND1 Dieu 10"

[[entitlements]]
id = "items"
kind = "personal_items"
who = ["victim"]
citizenship = ["vn"]
setting = "facility"
unit = "actual_cost"
cap = "items_cap"
max_times = 1
decided_by_vi = "Cơ sở"
decided_by_en = "The facility"
citation = "ND1 Dieu 11"

[[entitlements]]
id = "allowance"
kind = "initial_hardship"
who = ["victim"]
citizenship = ["vn"]
setting = "returning"
unit = "once"
rate = "allowance"
max_times = 1
deadline_months = "deadline"
decided_by_vi = "UBND"
decided_by_en = "District chair"
citation = "ND1 Dieu 12"

[[entitlements]]
id = "training"
kind = "vocational_training"
who = ["victim"]
citizenship = ["vn"]
setting = "returning"
unit = "actual_cost"
decision_days = "decide_days"
decided_by_vi = "UBND"
decided_by_en = "District chair"
citation = "ND1 Dieu 13"

[[entitlements]]
id = "school"
kind = "education"
who = ["victim", "minor"]
citizenship = ["vn"]
age_below = 18
setting = "returning"
unit = "actual_cost"
max_times = "school_years"
decided_by_vi = "Sở"
decided_by_en = "Department"
citation = "ND1 Dieu 14"

[[entitlements]]
id = "counselling"
kind = "psychological"
who = ["victim", "minor"]
citizenship = ["vn", "stateless", "foreign"]
setting = "any"
unit = "service"
decided_by_vi = "Cơ sở"
decided_by_en = "The facility"
citation = "ND1 Dieu 15"
)TOML";

// A provincial resolution on top of kNational, valid as it is.
const std::string kProvince = R"TOML(# Test province
[ruleset]
id = "99.nq1"
scope = "province"
province = "99"
extends = "t.nat"
title_vi = "Tỉnh thử: Nghị quyết 1"
title_en = "Test province: Resolution 1"
valid_from = 2020-06-01
citation = "NQ 1/2020"
status = "secondary"

[parameters.meals_rate]
values = [
  { from = 2020-06-01, value = 70000, status = "secondary", citation = "NQ1 Dieu 1" },
]

[parameters.items_cap]
values = [
  { from = 2020-06-01, value = 500000, citation = "NQ1 Dieu 2" },
]
)TOML";

// A second national regime (from 31/12/2022, so that it overlaps kNational by one day).
const std::string kNational2 = R"TOML([ruleset]
id = "t.nat2"
scope = "national"
title_vi = "Nghị định mới"
title_en = "New decree"
valid_from = 2022-12-31
citation = "Nghị định 2/2022"

[[entitlements]]
id = "counselling"
kind = "psychological"
who = ["victim"]
citizenship = ["vn"]
setting = "any"
unit = "service"
decided_by_vi = "Cơ sở"
decided_by_en = "The facility"
citation = "ND2 Dieu 1"
)TOML";

// `text` with the first `from` replaced by `to` (which must be there).
std::string replaced(const std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "fixture has no '" << from << "'");
  std::string out = text;
  out.replace(at, from.size(), to);
  return out;
}

// `text` with every `from` replaced by `to` (at least one must be there).
std::string replaced_all(std::string text, const std::string& from, const std::string& to) {
  REQUIRE_MESSAGE(text.find(from) != std::string::npos, "fixture has no '" << from << "'");
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// `text` with `lines` inserted after the (first) line that contains `anchor`.
std::string inserted_after(const std::string& text, const std::string& anchor, const std::string& lines) {
  const auto at = text.find(anchor);
  REQUIRE_MESSAGE(at != std::string::npos, "fixture has no '" << anchor << "'");
  const auto eol = text.find('\n', at);
  REQUIRE(eol != std::string::npos);
  return text.substr(0, eol + 1) + lines + text.substr(eol + 1);
}

// The 1-based line of the first line containing `needle` (the first at or after line `from`).
int line_of(const std::string& text, const std::string& needle, int from = 1) {
  int line = 1;
  size_t start = 0;
  while (start <= text.size()) {
    const auto eol = text.find('\n', start);
    const std::string l = text.substr(start, eol == std::string::npos ? std::string::npos : eol - start);
    if (line >= from && l.find(needle) != std::string::npos) return line;
    if (eol == std::string::npos) break;
    start = eol + 1;
    ++line;
  }
  FAIL("fixture has no line with '" << needle << "'");
  return 0;
}

// The line a "FILE:LINE[:COL]: reason" message gives for `file`, or 0 when it names none.
int reported_line(const std::string& msg, const fs::path& file) {
  const std::string prefix = file.string() + ":";
  if (!msg.starts_with(prefix)) return 0;
  size_t i = prefix.size();
  int n = 0;
  bool any = false;
  while (i < msg.size() && std::isdigit(static_cast<unsigned char>(msg[i]))) {
    n = n * 10 + (msg[i++] - '0');
    any = true;
  }
  return any && i < msg.size() && msg[i] == ':' ? n : 0;
}

// A rules folder (national/, provinces/, tests/) in a temporary directory.
struct RulesDir {
  TempDir dir{"rules"};

  fs::path write(const std::string& sub, const std::string& name, const std::string& text) {
    fs::create_directories(dir.path() / sub);
    const fs::path p = dir.path() / sub / name;
    write_file(p.string(), text);
    return p;
  }
  fs::path national(const std::string& text, const std::string& name = "t-nat.toml") {
    return write("national", name, text);
  }
  fs::path province(const std::string& text, const std::string& name = "99-nq1.toml") {
    return write("provinces", name, text);
  }
  RuleBook load() const { return RuleBook::load(dir.path()); }

  // Loading must fail with Exit::config, at `file`:`line`, and mention `key`.
  std::string refused(const fs::path& file, int line, const std::string& key) {
    const std::string msg = error_of([&] { (void)load(); }, Exit::config);
    CHECK_MESSAGE(reported_line(msg, file) == line, "expected " << file.string() << ":" << line << ": in: " << msg);
    CHECK_MESSAGE(contains(msg, key), "'" << key << "' not in: " << msg);
    return msg;
  }
};

// A national file that is kNational changed by `edit`; the load must fail at the line of
// `needle` (in the changed text) and mention `key`.
std::string national_refused(const std::string& text, const std::string& needle, const std::string& key,
                             int from_line = 1) {
  RulesDir r;
  const fs::path f = r.national(text);
  return r.refused(f, line_of(text, needle, from_line), key);
}

// A province file (with kNational beside it) that must fail at the line of `needle`.
std::string province_refused(const std::string& text, const std::string& needle, const std::string& key) {
  RulesDir r;
  r.national(kNational);
  const fs::path f = r.province(text);
  return r.refused(f, line_of(text, needle), key);
}

const Terms* find_kind(const std::vector<Terms>& terms, const std::string& kind) {
  for (const auto& t : terms)
    if (t.entitlement->kind == kind) return &t;
  return nullptr;
}

std::set<std::string> kinds_of(const std::vector<Terms>& terms) {
  std::set<std::string> out;
  for (const auto& t : terms) out.insert(t.entitlement->kind);
  return out;
}

const RuleBook& shipped() {
  static const RuleBook book = RuleBook::load(fs::path(HOTRO_SOURCE_DIR) / "rules");
  return book;
}

}  // namespace

// --- The fixtures themselves load: every error below comes from its one change ------------

TEST_CASE("rules: the test fixtures load, with what they say") {
  RulesDir r;
  r.national(kNational);
  r.province(kProvince);
  const RuleBook book = r.load();
  REQUIRE(book.sets().size() == 2);
  const auto& nat = book.sets()[0];
  CHECK(nat.id == "t.nat");
  CHECK(nat.scope == "national");
  CHECK(nat.valid_from == Date{2020, 1, 1});
  CHECK(nat.valid_to == std::optional<Date>(Date{2022, 12, 31}));
  CHECK(nat.parameters.size() == 7);
  REQUIRE(nat.entitlements.size() == 6);
  CHECK(nat.entitlements[0].line == line_of(kNational, "[[entitlements]]"));
  CHECK(nat.parameters.at("meals_rate").values.size() == 2);
  CHECK(nat.parameters.at("meals_rate").values[1].line == line_of(kNational, "ND1 Dieu 1 (2021)"));
  CHECK(nat.parameters.at("allowance").values[0].status == Certainty::unconfirmed);
  CHECK_FALSE(nat.parameters.at("allowance").values[0].value.has_value());
  CHECK(nat.entitlements[2].max_times == std::optional<int64_t>(1));
  CHECK(nat.entitlements[4].max_times_param == std::optional<std::string>("school_years"));
  CHECK(nat.entitlements[4].age_below == std::optional<int>(18));
  CHECK(nat.sha256.size() == 64);
  const auto& prov = book.sets()[1];
  CHECK(prov.scope == "province");
  CHECK(prov.province == "99");
  CHECK(prov.extends == "t.nat");
  CHECK(prov.status == Certainty::secondary);
  CHECK_FALSE(prov.valid_to.has_value());
}

// --- One file: syntax, keys, types -------------------------------------------------------------

TEST_CASE("rules: a TOML syntax error names the file and its line") {
  const std::string text = replaced(kNational, "title_en = \"Test decree\"", "title_en = \"Test decree");
  RulesDir r;
  const fs::path f = r.national(text);
  const std::string msg = error_of([&] { (void)r.load(); }, Exit::config);
  CHECK_MESSAGE(reported_line(msg, f) == line_of(text, "title_en"), msg);
  // load_rule_set (one file, no cross-file checks) says the same.
  CHECK(error_of([&] { (void)hotro::rules::load_rule_set(f); }, Exit::config) == msg);
}

TEST_CASE("rules: an unknown key is refused at every level, at its line") {
  SUBCASE("root") {
    const std::string text = "colour = \"red\"\n" + kNational;
    national_refused(text, "colour", "colour");
  }
  SUBCASE("[ruleset]") {
    const std::string text = inserted_after(kNational, "scope = \"national\"", "author = \"Lan\"\n");
    const std::string msg = national_refused(text, "author", "author");
    CHECK(contains(msg, "unknown key"));
  }
  SUBCASE("a parameter") {
    const std::string text = inserted_after(kNational, "[parameters.items_cap]", "scale = 2\n");
    national_refused(text, "scale", "scale");
  }
  SUBCASE("a value") {
    const std::string text = replaced(kNational, "value = 400000,", "value = 400000, amount = 3,");
    national_refused(text, "amount = 3", "amount");
  }
  SUBCASE("an entitlement") {
    const std::string text = inserted_after(kNational, "id = \"items\"", "comment = \"x\"\n");
    national_refused(text, "comment", "comment");
  }
  SUBCASE("a province's parameter value") {
    const std::string text = replaced(kProvince, "value = 70000,", "value = 70000, per = \"day\",");
    province_refused(text, "per = ", "'per'");
  }
  SUBCASE("two in one table: the one higher in the file, whatever their names") {
    const std::string text = inserted_after(kNational, "scope = \"national\"", "zone = 1\nauthor = \"Lan\"\n");
    national_refused(text, "zone", "zone");
  }
}

TEST_CASE("rules: wrong types are refused at their line") {
  SUBCASE("a quoted date for the set's valid_from") {
    const std::string text = replaced(kNational, "valid_from = 2020-01-01", "valid_from = \"2020-01-01\"");
    const std::string msg = national_refused(text, "valid_from", "valid_from");
    CHECK(contains(msg, "TOML date"));
  }
  SUBCASE("a quoted date for a value's from") {
    const std::string text = replaced(kNational, "{ from = 2020-01-01, value = 60,", "{ from = \"2020-01-01\", value = 60,");
    national_refused(text, "\"2020-01-01\"", "from");
  }
  SUBCASE("a date written dd/mm/yyyy") {
    const std::string text = replaced(kNational, "valid_to = 2022-12-31", "valid_to = \"31/12/2022\"");
    national_refused(text, "valid_to", "valid_to");
  }
  SUBCASE("a float amount") {
    const std::string text = replaced(kNational, "value = 400000,", "value = 400000.0,");
    const std::string msg = national_refused(text, "400000.0", "value");
    CHECK(contains(msg, "non-negative integer"));
  }
  SUBCASE("a negative amount") {
    const std::string text = replaced(kNational, "value = 400000,", "value = -400000,");
    national_refused(text, "-400000", "value");
  }
  SUBCASE("a quoted amount") {
    const std::string text = replaced(kNational, "value = 400000,", "value = \"400.000\",");
    national_refused(text, "\"400.000\"", "value");
  }
  SUBCASE("a non-boolean minimum") {
    const std::string text = replaced(kNational, "value = 50000, minimum = true", "value = 50000, minimum = \"yes\"");
    const std::string msg = national_refused(text, "minimum = \"yes\"", "minimum");
    CHECK(contains(msg, "true or false"));
  }
  SUBCASE("a non-integer age_below") {
    const std::string text = replaced(kNational, "age_below = 18", "age_below = 17.5");
    national_refused(text, "age_below", "age_below");
  }
  SUBCASE("a non-boolean poor_household") {
    const std::string text = inserted_after(kNational, "id = \"allowance\"", "poor_household = 1\n");
    national_refused(text, "poor_household", "poor_household");
  }
  SUBCASE("an unknown status") {
    const std::string text = replaced(kNational, "status = \"secondary\", citation = \"ND1 Dieu 7\"",
                                      "status = \"likely\", citation = \"ND1 Dieu 7\"");
    national_refused(text, "likely", "status");
  }
  SUBCASE("an unknown scope") {
    const std::string text = replaced(kNational, "scope = \"national\"", "scope = \"regional\"");
    national_refused(text, "scope", "scope");
  }
  SUBCASE("an unknown parameter unit") {
    const std::string text = replaced(kNational, "unit = \"days\"", "unit = \"weeks\"");
    national_refused(text, "weeks", "unit");
  }
  SUBCASE("values that are not a list of tables") {
    const std::string text = replaced(kNational, "{ from = 2020-01-01, value = 60, citation = \"ND1 Dieu 2\" },", "60,");
    national_refused(text, "  60,", "value");
  }
}

TEST_CASE("rules: a missing citation is refused, on the rule set, a value and an entitlement") {
  SUBCASE("the rule set") {
    const std::string text = replaced(kNational, "citation = \"Nghị định 1/2020 (thử)\"\n", "");
    national_refused(text, "[ruleset]", "citation");
  }
  SUBCASE("a value") {
    const std::string text = replaced(kNational, "value = 400000, citation = \"ND1 Dieu 3\"", "value = 400000");
    national_refused(text, "value = 400000", "citation");
  }
  SUBCASE("an entitlement") {
    const std::string text = replaced(kNational, "citation = \"ND1 Dieu 11\"\n", "");
    national_refused(text, "[[entitlements]]", "citation", line_of(kNational, "id = \"items\"") - 1);
  }
  SUBCASE("an empty citation is no citation") {
    const std::string text = replaced(kNational, "citation = \"ND1 Dieu 11\"", "citation = \"\"");
    national_refused(text, "citation = \"\"", "citation");
  }
  SUBCASE("a blank citation (spaces, a tab) is no citation") {
    const std::string text = replaced(kNational, "citation = \"ND1 Dieu 11\"", "citation = \" \\t \"");
    national_refused(text, "citation = \" \\t \"", "citation");
  }
}

TEST_CASE("rules: a confirmed value without an amount needs a note") {
  SUBCASE("confirmed, no amount, no note: refused") {
    const std::string text = replaced(kNational, "value = 400000, citation", "citation");
    national_refused(text, "\"ND1 Dieu 3\"", "note");
  }
  SUBCASE("status left out means confirmed") {
    const std::string text =
        replaced(kNational, "status = \"unconfirmed\", citation = \"ND1 Dieu 4\", note = \"amount not found\"",
                 "citation = \"ND1 Dieu 4\"");
    national_refused(text, "\"ND1 Dieu 4\"", "note");
  }
  SUBCASE("with a note, or not confirmed, it loads") {
    RulesDir r;
    r.national(replaced(kNational, "value = 400000, citation = \"ND1 Dieu 3\"",
                        "citation = \"ND1 Dieu 3\", note = \"the Circular gives no figure\""));
    const RuleBook book = r.load();
    const auto& v = book.sets()[0].parameters.at("items_cap").values[0];
    CHECK_FALSE(v.value.has_value());
    CHECK(v.note == "the Circular gives no figure");
    RulesDir r2;
    r2.national(replaced(kNational, "value = 400000, citation = \"ND1 Dieu 3\"",
                         "status = \"unconfirmed\", citation = \"ND1 Dieu 3\""));
    CHECK(r2.load().sets()[0].parameters.at("items_cap").values[0].status == Certainty::unconfirmed);
  }
}

TEST_CASE("rules: a value's date must be within the set's dates, and values strictly increase") {
  SUBCASE("before valid_from") {
    const std::string text = replaced(kNational, "{ from = 2020-01-01, value = 60,", "{ from = 2019-12-31, value = 60,");
    const std::string msg = national_refused(text, "2019-12-31", "from");
    CHECK(contains(msg, "31/12/2019"));
  }
  SUBCASE("after valid_to") {
    const std::string text = inserted_after(kNational, "value = 60, citation", "  { from = 2023-01-01, value = 90, citation = \"later\" },\n");
    national_refused(text, "2023-01-01", "from");
  }
  SUBCASE("the same from twice (overlapping ranges)") {
    const std::string text = replaced(kNational, "{ from = 2021-01-01, value = 60000", "{ from = 2020-01-01, value = 60000");
    const std::string msg = national_refused(text, "value = 60000", "from");
    CHECK(contains(msg, "overlapping"));
  }
  SUBCASE("values out of order") {
    const std::string text = replaced(kNational, "{ from = 2021-01-01, value = 60000", "{ from = 2020-01-01, value = 60000");
    const std::string out_of_order = replaced(text, "{ from = 2020-01-01, value = 50000", "{ from = 2021-01-01, value = 50000");
    national_refused(out_of_order, "value = 60000", "from");
  }
  SUBCASE("valid_to before valid_from") {
    const std::string text = replaced(kNational, "valid_to = 2022-12-31", "valid_to = 2019-12-31");
    national_refused(text, "valid_to", "valid_to");
  }
  SUBCASE("an entitlement's valid_from outside the set") {
    const std::string text = inserted_after(kNational, "id = \"training\"", "valid_from = 2019-06-01\n");
    national_refused(text, "[[entitlements]]", "valid_from", line_of(kNational, "id = \"training\"") - 1);
  }
}

TEST_CASE("rules: an entitlement's parameters must exist and have the right unit") {
  SUBCASE("a missing parameter") {
    const std::string text = replaced(kNational, "cap = \"items_cap\"", "cap = \"item_cap\"");
    const std::string msg = national_refused(text, "item_cap", "item_cap");
    CHECK(contains(msg, "cap"));
  }
  SUBCASE("a parameter of the wrong unit") {
    const std::string text = replaced(kNational, "max_days = \"meals_max_days\"", "max_days = \"items_cap\"");
    const std::string msg = national_refused(text, "max_days = \"items_cap\"", "max_days");
    CHECK(contains(msg, "items_cap"));
    CHECK(contains(msg, "vnd"));
  }
  SUBCASE("a deadline in days, not months") {
    const std::string text = replaced(kNational, "deadline_months = \"deadline\"", "deadline_months = \"meals_max_days\"");
    national_refused(text, "deadline_months", "deadline_months");
  }
  SUBCASE("max_times naming a parameter that is not in times") {
    const std::string text = replaced(kNational, "max_times = \"school_years\"", "max_times = \"deadline\"");
    national_refused(text, "max_times = \"deadline\"", "max_times");
  }
  SUBCASE("a negative fixed max_times") {
    const std::string text = replaced(kNational, "max_times = 1\ndeadline_months", "max_times = -1\ndeadline_months");
    national_refused(text, "max_times = -1", "max_times");
  }
}

TEST_CASE("rules: the unit decides which amounts an entitlement may have") {
  SUBCASE("per_day without a rate") {
    const std::string text = replaced(kNational, "rate = \"meals_rate\"\n", "");
    const std::string msg = national_refused(text, "unit = \"per_day\"", "per_day");
    CHECK(contains(msg, "rate"));
  }
  SUBCASE("per_day with a rate in vnd") {
    const std::string text = replaced(kNational, "rate = \"meals_rate\"", "rate = \"allowance\"");
    national_refused(text, "unit = \"per_day\"", "vnd_per_day");
  }
  SUBCASE("once with a vnd_per_day rate") {
    const std::string text = replaced(kNational, "rate = \"allowance\"", "rate = \"meals_rate\"");
    const std::string msg = national_refused(text, "unit = \"once\"", "once");
    CHECK(contains(msg, "rate"));
  }
  SUBCASE("once without a rate") {
    const std::string text = replaced(kNational, "rate = \"allowance\"\n", "");
    national_refused(text, "unit = \"once\"", "once");
  }
  SUBCASE("actual_cost with a rate") {
    const std::string text = inserted_after(kNational, "cap = \"items_cap\"", "rate = \"allowance\"\n");
    national_refused(text, "rate = \"allowance\"", "rate", line_of(kNational, "cap = \"items_cap\""));
  }
  SUBCASE("service with a rate") {
    const std::string text = inserted_after(kNational, "unit = \"service\"", "rate = \"allowance\"\n");
    national_refused(text, "rate = \"allowance\"", "rate", line_of(kNational, "unit = \"service\""));
  }
  SUBCASE("max_days on an actual_cost entitlement") {
    const std::string text = inserted_after(kNational, "cap = \"items_cap\"", "max_days = \"meals_max_days\"\n");
    national_refused(text, "max_days = \"meals_max_days\"", "max_days", line_of(kNational, "cap = \"items_cap\""));
  }
  SUBCASE("max_days on a once entitlement") {
    const std::string text = inserted_after(kNational, "rate = \"allowance\"", "max_days = \"meals_max_days\"\n");
    national_refused(text, "max_days = \"meals_max_days\"", "max_days", line_of(kNational, "rate = \"allowance\""));
  }
  SUBCASE("a cap on a service") {
    const std::string text = inserted_after(kNational, "unit = \"service\"", "cap = \"items_cap\"\n");
    const std::string msg = national_refused(text, "cap = \"items_cap\"", "cap", line_of(kNational, "unit = \"service\""));
    CHECK(contains(msg, "service"));
  }
  SUBCASE("an unknown unit") {
    const std::string text = replaced(kNational, "unit = \"service\"", "unit = \"per_session\"");
    national_refused(text, "per_session", "unit");
  }
}

TEST_CASE("rules: an entitlement's kind, who and citizenship come from fixed lists") {
  SUBCASE("an unknown support kind") {
    const std::string text = replaced(kNational, "kind = \"psychological\"", "kind = \"massage\"");
    const std::string msg = national_refused(text, "massage", "massage");
    CHECK(contains(msg, "kind"));
  }
  SUBCASE("an unknown who") {
    const std::string text = replaced(kNational, "who = [\"victim\", \"minor\"]", "who = [\"victim\", \"child\"]");
    national_refused(text, "\"child\"", "who");
  }
  SUBCASE("an empty who") {
    const std::string text = replaced(kNational, "who = [\"victim\", \"minor\"]", "who = []");
    national_refused(text, "who = []", "who");
  }
  SUBCASE("an unknown citizenship") {
    const std::string text = replaced(kNational, "citizenship = [\"vn\", \"stateless\"]", "citizenship = [\"vn\", \"martian\"]");
    national_refused(text, "martian", "citizenship");
  }
  SUBCASE("a citizenship that is not a list") {
    const std::string text = replaced(kNational, "citizenship = [\"vn\", \"stateless\"]", "citizenship = \"vn\"");
    national_refused(text, "citizenship = \"vn\"", "citizenship");
  }
  SUBCASE("an unknown setting") {
    const std::string text = replaced(kNational, "setting = \"any\"", "setting = \"home\"");
    national_refused(text, "setting = \"home\"", "setting");
  }
}

TEST_CASE("rules: entitlement ids are unique and one kind has one entitlement a day") {
  SUBCASE("a duplicate id") {
    const std::string text = replaced(kNational, "id = \"training\"", "id = \"items\"");
    const std::string msg = national_refused(text, "[[entitlements]]", "items", line_of(text, "kind = \"vocational_training\"") - 2);
    CHECK(contains(msg, "duplicate"));
  }
  SUBCASE("two entitlements of one kind in force together") {
    const std::string text = replaced(kNational, "kind = \"vocational_training\"", "kind = \"personal_items\"");
    const std::string msg = national_refused(text, "[[entitlements]]", "personal_items", line_of(text, "id = \"training\"") - 1);
    CHECK(contains(msg, "overlapping"));
    CHECK(contains(msg, "items"));
    CHECK(contains(msg, "training"));
  }
  SUBCASE("overlapping by one day") {
    std::string text = replaced(kNational, "kind = \"vocational_training\"", "kind = \"personal_items\"");
    text = inserted_after(text, "id = \"items\"", "valid_to = 2021-06-30\n");
    text = inserted_after(text, "id = \"training\"", "valid_from = 2021-06-30\n");
    national_refused(text, "[[entitlements]]", "overlapping", line_of(text, "id = \"training\"") - 1);
  }
  SUBCASE("one after the other is fine") {
    std::string text = replaced(kNational, "kind = \"vocational_training\"", "kind = \"personal_items\"");
    text = inserted_after(text, "id = \"items\"", "valid_to = 2021-06-30\n");
    text = inserted_after(text, "id = \"training\"", "valid_from = 2021-07-01\n");
    RulesDir r;
    r.national(text);
    const RuleBook book = r.load();
    CHECK(book.terms_for("personal_items", Date{2021, 6, 30}, std::nullopt)->entitlement->id == "items");
    CHECK(book.terms_for("personal_items", Date{2021, 7, 1}, std::nullopt)->entitlement->id == "training");
  }
}

// --- Provinces ------------------------------------------------------------------------------

TEST_CASE("rules: a provincial set only sets the values of national parameters") {
  SUBCASE("with entitlements") {
    const std::string text = kProvince + R"TOML(
[[entitlements]]
id = "meals"
kind = "meals"
who = ["victim"]
citizenship = ["vn"]
setting = "facility"
unit = "per_day"
rate = "meals_rate"
decided_by_vi = "x"
decided_by_en = "x"
citation = "x"
)TOML";
    province_refused(text, "[[entitlements]]", "entitlements");
  }
  SUBCASE("with a unit on a parameter") {
    const std::string text = inserted_after(kProvince, "[parameters.items_cap]", "unit = \"vnd\"\n");
    const std::string msg = province_refused(text, "unit = \"vnd\"", "unit");
    CHECK(contains(msg, "national"));
  }
  SUBCASE("with a description on a parameter") {
    const std::string text = inserted_after(kProvince, "[parameters.items_cap]", "description_en = \"Items\"\n");
    province_refused(text, "description_en", "description_en");
  }
  SUBCASE("a province code that is not 2 digits") {
    for (const char* code : {"9", "099", "AB", "9a"}) {
      CAPTURE(code);
      const std::string text = replaced(kProvince, "province = \"99\"", fmt::format("province = \"{}\"", code));
      province_refused(text, "province = ", "province");
    }
  }
  SUBCASE("a province set without a province") {
    const std::string text = replaced(kProvince, "province = \"99\"\n", "");
    province_refused(text, "[ruleset]", "province");
  }
  SUBCASE("a national set with extends") {
    const std::string text = inserted_after(kNational, "scope = \"national\"", "extends = \"t.other\"\n");
    national_refused(text, "extends", "extends");
  }
}

TEST_CASE("rules: a provincial set must fit the national set it extends") {
  SUBCASE("extending an unknown set") {
    const std::string text = replaced(kProvince, "extends = \"t.nat\"", "extends = \"t.none\"");
    RulesDir r;
    r.national(kNational);
    const fs::path f = r.province(text);
    const std::string msg = error_of([&] { (void)r.load(); }, Exit::config);
    CHECK(msg.starts_with(f.string() + ":"));
    CHECK(contains(msg, "extends"));
    CHECK(contains(msg, "t.none"));
    // The documented form is FILE:LINE: the line of `extends`.
    CHECK_MESSAGE(reported_line(msg, f) == line_of(text, "extends"), "no line of 'extends' in: " << msg);
  }
  SUBCASE("extending a provincial set") {
    RulesDir r;
    r.national(kNational);
    r.province(kProvince);
    const std::string text = replaced(replaced(kProvince, "id = \"99.nq1\"", "id = \"98.nq2\""), "extends = \"t.nat\"",
                                      "extends = \"99.nq1\"");
    const fs::path f = r.province(replaced(text, "province = \"99\"", "province = \"98\""), "98-nq2.toml");
    const std::string msg = error_of([&] { (void)r.load(); }, Exit::config);
    CHECK(msg.starts_with(f.string() + ":"));
    CHECK(contains(msg, "99.nq1"));
  }
  SUBCASE("setting a parameter the national set lacks") {
    const std::string text = kProvince + "\n[parameters.bonus]\nvalues = [\n  { from = 2020-06-01, value = 1, citation = \"NQ1 Dieu 9\" },\n]\n";
    const std::string msg = province_refused(text, "[parameters.bonus]", "bonus");
    CHECK(contains(msg, "t.nat"));
  }
  SUBCASE("a value below the national minimum") {
    const std::string text = replaced(kProvince, "value = 70000,", "value = 45000,");
    const std::string msg = province_refused(text, "value = 45000", "minimum");
    CHECK(contains(msg, "45000"));
    CHECK(contains(msg, "50000"));
    CHECK(contains(msg, "ND1 Dieu 1"));
  }
  SUBCASE("a value below the minimum of its own date, not an earlier one") {
    // 55,000 from 2021-03-01 is above the 2020 minimum (50,000) but below 2021's (60,000).
    const std::string text = inserted_after(kProvince, "value = 70000,",
                                            "  { from = 2021-03-01, value = 55000, citation = \"NQ1 sửa\" },\n");
    province_refused(text, "value = 55000", "minimum");
  }
  SUBCASE("a value at every minimum, or under a value that is no minimum, is fine") {
    RulesDir r;
    r.national(kNational);
    r.province(replaced(replaced(kProvince, "value = 70000,", "value = 60000,"), "value = 500000,", "value = 100,"));
    CHECK(r.load().sets().size() == 2);
  }
  SUBCASE("starting before the national set") {
    std::string text = replaced(kProvince, "valid_from = 2020-06-01", "valid_from = 2019-06-01");
    RulesDir r;
    r.national(kNational);
    const fs::path f = r.province(text);
    const std::string msg = error_of([&] { (void)r.load(); }, Exit::config);
    CHECK(msg.starts_with(f.string() + ":"));
    CHECK(contains(msg, "t.nat"));
    CHECK_MESSAGE(reported_line(msg, f) == line_of(text, "valid_from"), "no line of 'valid_from' in: " << msg);
  }
}

TEST_CASE("rules: a province value below a national minimum that rises later is refused") {
  // The national minimum rises to 60,000 on 01/01/2021 while the province's 55,000 of 2020
  // stays in force: from 2021 the province pays less than the national floor.
  const std::string text = replaced(kProvince, "value = 70000,", "value = 55000,");
  RulesDir r;
  r.national(kNational);
  const fs::path f = r.province(text);
  std::vector<std::string> problems;
  (void)RuleBook::load(r.dir.path(), &problems);
  CHECK_MESSAGE(problems.size() == 1, "the 55,000 of 2020 is in force in 2021 below the 60,000 minimum");
  if (!problems.empty()) {
    CHECK(problems[0].starts_with(f.string() + ":"));
    CHECK(contains(problems[0], "minimum"));
  }
}

// --- Across files ---------------------------------------------------------------------------

TEST_CASE("rules: two national sets in force on one day are refused") {
  RulesDir check;  // the second set loads on its own
  check.national(kNational2);
  REQUIRE(check.load().sets().size() == 1);

  RulesDir r;
  const fs::path a = r.national(kNational, "a.toml");
  const fs::path b = r.national(kNational2, "b.toml");
  const std::string msg = error_of([&] { (void)r.load(); }, Exit::config);
  CHECK(msg.starts_with(b.string() + ":"));
  CHECK(contains(msg, a.string()));
  CHECK(contains(msg, "overlapping"));
  CHECK(contains(msg, "t.nat2"));
  const int line = reported_line(msg, b);
  CHECK_MESSAGE((line == line_of(kNational2, "valid_from") || line == line_of(kNational2, "[ruleset]")),
                "no line of the set's dates in: " << msg);
}

TEST_CASE("rules: national sets that follow each other load, and each has its days") {
  RulesDir ok;
  ok.national(kNational, "a.toml");
  ok.national(replaced(kNational2, "valid_from = 2022-12-31", "valid_from = 2023-01-01"), "b.toml");
  const RuleBook book = ok.load();
  CHECK(book.national_on(Date{2022, 12, 31})->id == "t.nat");
  CHECK(book.national_on(Date{2023, 1, 1})->id == "t.nat2");
  CHECK(book.terms_for("psychological", Date{2023, 1, 1}, std::nullopt)->rule_id() == "t.nat2.counselling");
}

namespace {
// kProvince again, as a later resolution (99.nq2 from 01/06/2021) of the same province.
std::string province_later() {
  return replaced_all(replaced(kProvince, "id = \"99.nq1\"", "id = \"99.nq2\""), "2020-06-01", "2021-06-01");
}
}  // namespace

TEST_CASE("rules: two resolutions of one province in force together are refused") {
  const std::string kProvinceLater = province_later();
  RulesDir r;
  r.national(kNational);
  r.province(kProvince, "99-a.toml");
  const fs::path b = r.province(kProvinceLater, "99-b.toml");
  const std::string msg = error_of([&] { (void)r.load(); }, Exit::config);
  CHECK(msg.starts_with(b.string() + ":"));
  CHECK(contains(msg, "99-a.toml"));
  CHECK(contains(msg, "overlapping"));
  const int line = reported_line(msg, b);
  CHECK_MESSAGE((line == line_of(kProvinceLater, "valid_from") || line == line_of(kProvinceLater, "[ruleset]")),
                "no line of the set's dates in: " << msg);
}

TEST_CASE("rules: resolutions of other provinces, or one after the other, load") {
  const std::string kProvinceLater = province_later();
  SUBCASE("another province's resolution on the same days") {
    RulesDir ok;
    ok.national(kNational);
    ok.province(kProvince, "99-a.toml");
    ok.province(replaced(replaced(kProvinceLater, "province = \"99\"", "province = \"98\""), "99.nq2", "98.nq2"), "98.toml");
    const RuleBook book = ok.load();
    CHECK(book.province_on(Date{2021, 7, 1}, "98")->id == "98.nq2");
    CHECK(book.province_on(Date{2021, 7, 1}, "99")->id == "99.nq1");
    CHECK(book.province_on(Date{2021, 5, 31}, "98") == nullptr);
  }
  SUBCASE("the first one ending the day before the second") {
    RulesDir ok;
    ok.national(kNational);
    ok.province(inserted_after(kProvince, "valid_from = 2020-06-01", "valid_to = 2021-05-31\n"), "99-a.toml");
    ok.province(kProvinceLater, "99-b.toml");
    const RuleBook book = ok.load();
    CHECK(book.province_on(Date{2021, 5, 31}, "99")->id == "99.nq1");
    CHECK(book.province_on(Date{2021, 6, 1}, "99")->id == "99.nq2");
    CHECK(book.terms_for("meals", Date{2021, 5, 31}, std::string("99"))->rate->citation == "NQ1 Dieu 1");
  }
}

TEST_CASE("rules: a rule set id is used once across files") {
  RulesDir r;
  r.national(kNational);
  r.province(kProvince, "99-a.toml");
  // Same id, another province and no overlap with anything else of its own.
  const std::string text = replaced(kProvince, "province = \"99\"", "province = \"97\"");
  const fs::path b = r.province(text, "99-b.toml");
  const std::string msg = error_of([&] { (void)r.load(); }, Exit::config);
  CHECK(msg.starts_with(b.string() + ":"));
  CHECK(contains(msg, "99.nq1"));
  CHECK(contains(msg, "99-a.toml"));
  const int line = reported_line(msg, b);
  CHECK_MESSAGE((line == line_of(text, "id = ") || line == line_of(text, "[ruleset]")),
                "no line of 'id' in: " << msg);
}

TEST_CASE("rules: load with a problems list collects every problem and does not throw") {
  RulesDir r;
  r.national(kNational, "a.toml");
  const fs::path bad_syntax = r.national("[ruleset\nid = \"x\"\n", "b.toml");
  const fs::path bad_extends = r.province(replaced(kProvince, "extends = \"t.nat\"", "extends = \"t.none\""), "98.toml");
  const fs::path bad_key = r.province(inserted_after(kProvince, "[parameters.items_cap]", "unit = \"vnd\"\n"), "99.toml");
  std::vector<std::string> problems;
  RuleBook book;
  CHECK_NOTHROW(book = RuleBook::load(r.dir.path(), &problems));
  // Each file's own problems in file order, then the problems across files.
  REQUIRE(problems.size() == 3);
  CHECK(problems[0].starts_with(bad_syntax.string() + ":1:"));
  CHECK(problems[1].starts_with(bad_key.string() + ":" + std::to_string(line_of(kProvince, "[parameters.items_cap]") + 1) + ":"));
  CHECK(problems[2].starts_with(bad_extends.string() + ":"));
  CHECK(contains(problems[2], "t.none"));
  // What loaded is kept: the national set and the province that extends nothing.
  CHECK(book.sets().size() == 2);
  CHECK(book.national_on(Date{2021, 1, 1}) != nullptr);
  // Without the list, the first problem is thrown.
  CHECK(error_of([&] { (void)r.load(); }, Exit::config) == problems[0]);
}

TEST_CASE("rules: a folder without national rules is a configuration error") {
  TempDir empty("norules");
  const std::string msg = error_of([&] { (void)RuleBook::load(empty.path()); }, Exit::config);
  CHECK(contains(msg, "national"));
  std::vector<std::string> problems;
  (void)RuleBook::load(empty.path(), &problems);
  CHECK(problems.size() == 1);
}

// --- Resolution on the fixtures -------------------------------------------------------------

TEST_CASE("rules: in_force resolves national and provincial values on a date") {
  RulesDir r;
  r.national(kNational);
  r.province(kProvince);
  const RuleBook book = r.load();
  // Before the national set: nothing.
  CHECK(book.in_force(Date{2019, 12, 31}, std::nullopt).empty());
  CHECK(book.in_force(Date{2023, 1, 1}, std::string("99")).empty());
  // National, then the province from its first day.
  const auto nat = book.terms_for("meals", Date{2020, 5, 31}, std::string("99"));
  REQUIRE(nat);
  CHECK(nat->province == nullptr);
  CHECK(nat->rate->value == std::optional<int64_t>(50000));
  CHECK(nat->rate->minimum);
  CHECK(nat->rate->set_id == "t.nat");
  CHECK(nat->rate->unit == "vnd_per_day");
  CHECK(nat->rate->citation == "ND1 Dieu 1");
  const auto prov = book.terms_for("meals", Date{2020, 6, 1}, std::string("99"));
  REQUIRE(prov);
  REQUIRE(prov->province != nullptr);
  CHECK(prov->province->id == "99.nq1");
  CHECK(prov->rate->value == std::optional<int64_t>(70000));
  CHECK_FALSE(prov->rate->minimum);
  CHECK(prov->rate->set_id == "99.nq1");
  CHECK(prov->rate->status == Certainty::secondary);
  CHECK(prov->max_days->value == std::optional<int64_t>(60));  // not set by the province
  CHECK(prov->max_days->set_id == "t.nat");
  // Another province, or none: the national value of that date.
  const auto other = book.terms_for("meals", Date{2021, 2, 1}, std::string("98"));
  CHECK(other->province == nullptr);
  CHECK(other->rate->value == std::optional<int64_t>(60000));
  CHECK(other->rate->citation == "ND1 Dieu 1 (2021)");
  // A value not found: no amount, its note and status.
  const auto allowance = book.terms_for("initial_hardship", Date{2021, 2, 1}, std::nullopt);
  REQUIRE(allowance);
  CHECK_FALSE(allowance->rate->value.has_value());
  CHECK(allowance->rate->note == "amount not found");
  CHECK(allowance->rate->status == Certainty::unconfirmed);
  CHECK(allowance->deadline_months->value == std::optional<int64_t>(12));
  // A fixed max_times and one from a parameter.
  CHECK(book.terms_for("personal_items", Date{2021, 2, 1}, std::nullopt)->max_times->value == std::optional<int64_t>(1));
  const auto school = book.terms_for("education", Date{2021, 2, 1}, std::nullopt);
  CHECK(school->max_times->value == std::optional<int64_t>(2));
  CHECK(school->max_times->parameter == "school_years");
  // No entitlement of a kind: nullopt.
  CHECK_FALSE(book.terms_for("loan", Date{2021, 2, 1}, std::nullopt).has_value());
}

TEST_CASE("rules: certainty is the least certain of the entitlement and its values") {
  RulesDir r;
  r.national(kNational);
  r.province(kProvince);
  const RuleBook book = r.load();
  const auto on = Date{2021, 2, 1};
  CHECK(book.terms_for("meals", on, std::nullopt)->certainty() == Certainty::confirmed);
  CHECK(book.terms_for("meals", on, std::string("99"))->certainty() == Certainty::secondary);  // province rate
  CHECK(book.terms_for("initial_hardship", on, std::nullopt)->certainty() == Certainty::unconfirmed);  // rate
  CHECK(book.terms_for("education", on, std::nullopt)->certainty() == Certainty::secondary);  // max_times
  CHECK(book.terms_for("psychological", on, std::nullopt)->certainty() == Certainty::confirmed);
  // The entitlement's own status counts.
  RulesDir r2;
  r2.national(inserted_after(kNational, "id = \"counselling\"", "status = \"unconfirmed\"\n"));
  CHECK(r2.load().terms_for("psychological", on, std::nullopt)->certainty() == Certainty::unconfirmed);
  // So does an unconfirmed national set.
  RulesDir r3;
  r3.national(replaced(kNational, "status = \"confirmed\"", "status = \"unconfirmed\""));
  CHECK(r3.load().terms_for("psychological", on, std::nullopt)->certainty() == Certainty::unconfirmed);
}

TEST_CASE("rules: certainty also counts the decision time limit, a resolved value") {
  // "training" has only decision_days, whose value is unconfirmed.
  RulesDir r;
  r.national(kNational);
  const RuleBook book = r.load();
  const auto t = book.terms_for("vocational_training", Date{2021, 2, 1}, std::nullopt);
  REQUIRE(t);
  REQUIRE(t->decision_days);
  CHECK(t->decision_days->status == Certainty::unconfirmed);
  CHECK(t->certainty() == Certainty::unconfirmed);
}

// --- The shipped rules --------------------------------------------------------------------------

TEST_CASE("rules: the shipped rules load without a problem") {
  std::vector<std::string> problems;
  const RuleBook book = RuleBook::load(fs::path(HOTRO_SOURCE_DIR) / "rules", &problems);
  for (const auto& p : problems) FAIL_CHECK(p);
  CHECK(problems.empty());
  std::set<std::string> ids;
  for (const auto& s : book.sets()) ids.insert(s.id);
  CHECK(ids == std::set<std::string>{"vn.decree09", "vn.decree162", "02.nq15-2020", "54.nq05-2020"});
}

TEST_CASE("rules: which national regime is in force on which day") {
  const RuleBook& book = shipped();
  CHECK(book.national_on(Date{2013, 4, 14}) == nullptr);
  REQUIRE(book.national_on(Date{2013, 4, 15}) != nullptr);
  CHECK(book.national_on(Date{2013, 4, 15})->id == "vn.decree09");
  CHECK(book.national_on(Date{2025, 6, 30})->id == "vn.decree09");
  REQUIRE(book.national_on(Date{2025, 7, 1}) != nullptr);
  CHECK(book.national_on(Date{2025, 7, 1})->id == "vn.decree162");
  CHECK(book.national_on(Date{2040, 1, 1})->id == "vn.decree162");  // no end date
  CHECK(book.in_force(Date{2013, 4, 14}, std::nullopt).empty());
  CHECK_FALSE(book.in_force(Date{2013, 4, 15}, std::nullopt).empty());
}

TEST_CASE("rules: Hà Giang's resolution is in force from 20/07/2020 until its regime ends") {
  const RuleBook& book = shipped();
  CHECK(book.province_on(Date{2020, 7, 19}, "02") == nullptr);
  REQUIRE(book.province_on(Date{2020, 7, 20}, "02") != nullptr);
  CHECK(book.province_on(Date{2020, 7, 20}, "02")->id == "02.nq15-2020");
  CHECK(book.province_on(Date{2025, 6, 30}, "02")->id == "02.nq15-2020");
  CHECK(book.province_on(Date{2025, 7, 1}, "02") == nullptr);  // it extends the ended regime
  CHECK(book.province_on(Date{2025, 7, 1}, "08") == nullptr);
  CHECK(book.province_on(Date{2020, 7, 10}, "54")->id == "54.nq05-2020");
  CHECK(book.province_on(Date{2020, 7, 9}, "54") == nullptr);
  CHECK(book.province_on(Date{2021, 1, 1}, "01") == nullptr);
  CHECK(book.province_on(Date{2013, 1, 1}, "02") == nullptr);  // no regime at all
}

TEST_CASE("rules: in_force on the shipped rules: the province overrides, minimums and unknowns") {
  const RuleBook& book = shipped();
  const Date d{2022, 9, 15};
  const auto ha_giang = book.in_force(d, std::string("02"));
  const auto national = book.in_force(d, std::nullopt);
  CHECK(kinds_of(ha_giang) == kinds_of(national));
  CHECK(kinds_of(national) == std::set<std::string>{"meals", "personal_items", "travel_fare", "travel_meals", "medicine",
                                                    "medical", "health_insurance", "psychological", "legal_aid",
                                                    "education", "vocational_training", "initial_hardship", "loan"});
  const Terms* meals = find_kind(ha_giang, "meals");
  REQUIRE(meals);
  CHECK(meals->national->id == "vn.decree09");
  REQUIRE(meals->province);
  CHECK(meals->province->id == "02.nq15-2020");
  CHECK(meals->rate->value == std::optional<int64_t>(60000));
  CHECK(meals->rate->set_id == "02.nq15-2020");
  CHECK(meals->rate->status == Certainty::secondary);
  CHECK(meals->max_days->value == std::optional<int64_t>(90));
  CHECK(meals->max_days->set_id == "02.nq15-2020");
  CHECK(meals->rule_id() == "vn.decree09.meals");
  // Nationally the meals rate of Circular 84/2019 is not known.
  const Terms* nat_meals = find_kind(national, "meals");
  REQUIRE(nat_meals);
  CHECK(nat_meals->province == nullptr);
  CHECK_FALSE(nat_meals->rate->value.has_value());
  CHECK(nat_meals->rate->set_id == "vn.decree09");
  CHECK(nat_meals->rate->status == Certainty::unconfirmed);
  CHECK_FALSE(nat_meals->rate->note.empty());
  // A national minimum is flagged; the province's own figure is not a minimum.
  const Terms* nat_travel = find_kind(national, "travel_meals");
  CHECK(nat_travel->rate->value == std::optional<int64_t>(70000));
  CHECK(nat_travel->rate->minimum);
  const Terms* hg_travel = find_kind(ha_giang, "travel_meals");
  CHECK(hg_travel->rate->value == std::optional<int64_t>(100000));
  CHECK_FALSE(hg_travel->rate->minimum);
  // Phú Yên sets only two parameters; the others stay national.
  const auto phu_yen = book.in_force(Date{2023, 2, 1}, std::string("54"));
  CHECK(find_kind(phu_yen, "initial_hardship")->rate->value == std::optional<int64_t>(1300000));
  CHECK(find_kind(phu_yen, "initial_hardship")->rate->set_id == "54.nq05-2020");
  CHECK(find_kind(phu_yen, "meals")->max_days->set_id == "vn.decree09");
  // Medicine: a fixed amount until 10/01/2020, then the actual cost.
  const auto medicine_2015 = book.terms_for("medicine", Date{2015, 3, 10}, std::nullopt);
  CHECK(medicine_2015->rule_id() == "vn.decree09.medicine");
  CHECK(medicine_2015->rate->value == std::optional<int64_t>(50000));
  const auto medicine_2021 = book.terms_for("medicine", Date{2021, 5, 5}, std::nullopt);
  CHECK(medicine_2021->rule_id() == "vn.decree09.medicine_actual");
  CHECK_FALSE(medicine_2021->rate.has_value());
  // Before Joint Circular 134/2013 (10/11/2013) no meals rate was in force at all.
  const auto early = book.terms_for("meals", Date{2013, 6, 1}, std::nullopt);
  REQUIRE(early);
  CHECK_FALSE(early->rate->value.has_value());
  CHECK(early->rate->status == Certainty::unconfirmed);
  CHECK(early->max_days->value == std::optional<int64_t>(60));
  // Decree 162/2025: amounts unknown, caps known.
  const auto d162 = book.in_force(Date{2025, 7, 1}, std::string("02"));
  const Terms* m162 = find_kind(d162, "meals");
  CHECK(m162->rule_id() == "vn.decree162.meals");
  CHECK(m162->province == nullptr);
  CHECK_FALSE(m162->rate->value.has_value());
  CHECK(m162->max_days->value == std::optional<int64_t>(120));
  CHECK(find_kind(d162, "interpretation") != nullptr);
  CHECK(find_kind(national, "interpretation") == nullptr);
}

TEST_CASE("rules: certainty on the shipped rules picks the least certain") {
  const RuleBook& book = shipped();
  const Date d{2025, 7, 1};
  CHECK(book.terms_for("initial_hardship", d, std::nullopt)->certainty() == Certainty::unconfirmed);
  CHECK(book.terms_for("health_insurance", d, std::nullopt)->certainty() == Certainty::secondary);
  CHECK(book.terms_for("meals", d, std::nullopt)->certainty() == Certainty::unconfirmed);
  CHECK(book.terms_for("legal_aid", d, std::nullopt)->certainty() == Certainty::confirmed);
  CHECK(book.terms_for("meals", Date{2022, 9, 15}, std::string("02"))->certainty() == Certainty::secondary);
  CHECK(book.terms_for("initial_hardship", Date{2023, 2, 1}, std::string("54"))->certainty() == Certainty::unconfirmed);
  CHECK(hotro::rules::certainty_name(Certainty::secondary) == std::string("secondary"));
}

TEST_CASE("rules: the version of terms is stable across loads and changes with a file") {
  const auto rules = fs::path(HOTRO_SOURCE_DIR) / "rules";
  const Date d{2022, 9, 15};
  const RuleBook a = RuleBook::load(rules), b = RuleBook::load(rules);
  const auto va = a.terms_for("meals", d, std::string("02"))->version();
  CHECK(va.size() == 16);
  CHECK(std::all_of(va.begin(), va.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) && !std::isupper(c); }));
  CHECK(b.terms_for("meals", d, std::string("02"))->version() == va);
  const auto national_only = a.terms_for("meals", d, std::nullopt)->version();
  CHECK(national_only != va);
  // Same files → same version for every kind of the same day and place.
  CHECK(a.terms_for("loan", d, std::string("02"))->version() == va);
  CHECK(a.terms_for("meals", Date{2025, 7, 1}, std::nullopt)->version() != national_only);

  TempDir copy("rulescopy");
  fs::copy(rules, copy.path() / "rules", fs::copy_options::recursive);
  const auto c = RuleBook::load(copy.path() / "rules");
  CHECK(c.terms_for("meals", d, std::string("02"))->version() == va);  // content, not path
  const std::string province_file = (copy.path() / "rules" / "provinces" / "02-ha-giang-nq15-2020.toml").string();
  write_file(province_file, read_file(province_file) + "\n# a comment\n");
  const auto changed = RuleBook::load(copy.path() / "rules");
  CHECK(changed.terms_for("meals", d, std::string("02"))->version() != va);
  CHECK(changed.terms_for("meals", d, std::nullopt)->version() == national_only);
}

// --- Rule tests ---------------------------------------------------------------------------------

TEST_CASE("rules: every shipped rule test passes") {
  const auto rules = fs::path(HOTRO_SOURCE_DIR) / "rules";
  const auto results = hotro::rules::run_rule_tests(shipped(), rules);
  CHECK(results.size() == 20);
  std::set<std::string> files;
  for (const auto& r : results) {
    CAPTURE(r.file);
    CAPTURE(r.line);
    CAPTURE(r.name);
    files.insert(fs::path(r.file).filename().string());
    CHECK(r.line > 0);
    CHECK_FALSE(r.name.empty());
    for (const auto& f : r.failures) FAIL_CHECK(f);
  }
  CHECK(files == std::set<std::string>{"decree09.toml", "decree162.toml"});
}

namespace {

// The shipped rules copied to a temporary folder, with rule tests of our own.
struct RulesCopy {
  TempDir dir{"ruletests"};
  fs::path rules = dir.path() / "rules";
  RulesCopy() {
    fs::copy(fs::path(HOTRO_SOURCE_DIR) / "rules", rules, fs::copy_options::recursive);
    for (const auto& e : fs::directory_iterator(rules / "tests")) fs::remove(e.path());
  }
  fs::path test_file(const std::string& text, const std::string& name = "mine.toml") {
    const fs::path p = rules / "tests" / name;
    write_file(p.string(), text);
    return p;
  }
  std::vector<hotro::rules::TestResult> run() { return hotro::rules::run_rule_tests(RuleBook::load(rules), rules); }
  std::string refused(const fs::path& file, int line, const std::string& key) {
    const std::string msg = error_of([&] { (void)run(); }, Exit::config);
    CHECK_MESSAGE(reported_line(msg, file) == line, "expected " << file.string() << ":" << line << ": in: " << msg);
    CHECK_MESSAGE(contains(msg, key), "'" << key << "' not in: " << msg);
    return msg;
  }
};

const std::string kGoodTest = R"TOML([[test]]
name = "Hà Giang 2022: pending person"
date = 2022-09-15
province = "02"
person = "pending"
eligible = ["meals", "personal_items", "travel_fare", "travel_meals"]
[test.expect.meals]
rate = 60000
max_days = 90
)TOML";

}  // namespace

TEST_CASE("rules: a wrong rule test fails with readable failures") {
  RulesCopy c;
  const std::string wrong = kGoodTest + R"TOML(
[[test]]
name = "deliberately wrong"
date = 2022-09-15
province = "02"
person = "pending"
eligible = ["meals", "personal_items", "travel_meals", "education"]
[test.expect.meals]
rate = 70000
max_days = 90
[test.expect.personal_items]
cap = "unknown"
[test.expect.interpretation]
max_times = 1
)TOML";
  const fs::path f = c.test_file(wrong);
  const auto results = c.run();
  REQUIRE(results.size() == 2);
  CHECK(results[0].failures.empty());
  CHECK(results[0].name == "Hà Giang 2022: pending person");
  CHECK(results[0].line == 1);
  const auto& r = results[1];
  CHECK(r.file == f.string());
  CHECK(r.line == line_of(wrong, "[[test]]", 2));
  CHECK(r.name == "deliberately wrong");
  const std::vector<std::string> want = {
      "'education' expected eligible, is not",
      "'travel_fare' is eligible, not expected",
      "'interpretation': no entitlement of this kind in force",
      "'meals'.rate: expected 70000, got 60000",
      "'personal_items'.cap: expected unknown, got 500000",
  };
  std::vector<std::string> got = r.failures;
  std::sort(got.begin(), got.end());
  std::vector<std::string> sorted_want = want;
  std::sort(sorted_want.begin(), sorted_want.end());
  CHECK(got == sorted_want);
}

TEST_CASE("rules: rule test expectations: '-', dates and unknown values") {
  RulesCopy c;
  c.test_file(R"TOML([[test]]
name = "decree 162 victim"
date = 2025-07-01
person = "victim"
poor_household = true
identified_on = 2025-06-01
eligible = ["meals", "personal_items", "medical", "medicine", "health_insurance", "interpretation",
            "legal_counselling", "legal_aid", "travel_fare", "travel_meals", "psychological",
            "vocational_training", "job_counselling", "initial_hardship", "loan"]
[test.expect.meals]
rate = "unknown"
max_times = "-"
[test.expect.initial_hardship]
deadline = "-"

[[test]]
name = "decree 09 deadline, wrong on purpose"
date = 2015-03-10
person = "victim"
poor_household = true
identified_on = 2015-01-31
eligible = ["meals", "personal_items", "travel_fare", "travel_meals", "medicine", "medical", "psychological",
            "legal_aid", "education", "vocational_training", "initial_hardship", "loan"]
[test.expect.initial_hardship]
deadline = 2016-02-01
)TOML");
  const auto results = c.run();
  REQUIRE(results.size() == 2);
  CHECK(results[0].failures.empty());
  CHECK(results[1].failures == std::vector<std::string>{"'initial_hardship'.deadline: expected 2016-02-01, got 2016-01-31"});
}

TEST_CASE("rules: a malformed rule test file is a configuration error at its line") {
  SUBCASE("an unknown key") {
    RulesCopy c;
    const std::string text = replaced(kGoodTest, "person = \"pending\"", "persona = \"pending\"");
    c.refused(c.test_file(text), line_of(text, "persona"), "persona");
  }
  SUBCASE("an unknown kind in eligible") {
    RulesCopy c;
    const std::string text = replaced(kGoodTest, "\"travel_meals\"]", "\"travel_meal\"]");
    c.refused(c.test_file(text), line_of(text, "eligible"), "eligible");
  }
  SUBCASE("an unknown person") {
    RulesCopy c;
    const std::string text = replaced(kGoodTest, "person = \"pending\"", "person = \"child\"");
    c.refused(c.test_file(text), line_of(text, "person = "), "person");
  }
  SUBCASE("an expected value that is a float") {
    RulesCopy c;
    const std::string text = replaced(kGoodTest, "rate = 60000", "rate = 60000.5");
    c.refused(c.test_file(text), line_of(text, "rate ="), "expected value");
  }
  SUBCASE("an unknown field in an expectation") {
    RulesCopy c;
    const std::string text = replaced(kGoodTest, "max_days = 90", "days = 90");
    c.refused(c.test_file(text), line_of(text, "days = 90"), "'days'");
  }
  SUBCASE("a date as text") {
    RulesCopy c;
    const std::string text = replaced(kGoodTest, "date = 2022-09-15", "date = \"15/09/2022\"");
    c.refused(c.test_file(text), line_of(text, "date ="), "date");
  }
  SUBCASE("no [[test]] tables") {
    RulesCopy c;
    const std::string text = "# nothing\ntest = 1\n";
    c.refused(c.test_file(text), 2, "[[test]]");
  }
  SUBCASE("a syntax error") {
    RulesCopy c;
    const std::string text = replaced(kGoodTest, "name = \"Hà Giang 2022: pending person\"", "name = Hà Giang");
    const fs::path f = c.test_file(text);
    const std::string msg = error_of([&] { (void)c.run(); }, Exit::config);
    CHECK_MESSAGE(reported_line(msg, f) == 2, msg);
  }
}
