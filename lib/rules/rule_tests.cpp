// SPDX-License-Identifier: MIT
#include "rules/rule_tests.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "error.h"
#include "i18n.h"
#include "money.h"
#include "rules/toml_reader.h"
#include "support.h"

namespace hotro::rules {

namespace {

using text::Date;

// The person a test describes, as the support rules see them.
support::Beneficiary person_of(const TomlReader& r, const toml::table& t, const Date& on) {
  support::Beneficiary b;
  b.category = r.one_of(t, "person", {"victim", "pending", "minor", "minor_pending"});
  b.case_status = b.category == "victim" || b.category == "minor" ? "identified" : "being_identified";
  b.citizenship = r.one_of(t, "citizenship", {"vn", "stateless", "foreign"}, std::string("vn"));
  b.poor_household = r.boolean(t, "poor_household");
  if (auto age = r.integer(t, "age")) {
    Date birth{on.year - static_cast<int>(*age), on.month, on.day};
    if (birth.month == 2 && birth.day == 29) birth.day = 28;
    b.birth = birth;
  }
  b.identified_on = r.date(t, "identified_on", false);
  if (b.category == "victim" && !b.identified_on) b.identified_on = on;
  if (auto p = r.text(t, "province", false)) {
    // As a rule set's: a malformed code would quietly test the national values instead.
    if (p->size() != 2 || !std::isdigit(static_cast<unsigned char>((*p)[0])) ||
        !std::isdigit(static_cast<unsigned char>((*p)[1])))
      r.fail(t.get("province")->source(), tr("'province' phải là mã tỉnh 2 chữ số, ví dụ \"02\"",
                                             "'province' must be a 2-digit province code, e.g. \"02\""));
    b.province = *p;
  }
  return b;
}

// "60000", "unknown" (not found), or "-" (the entitlement has no such limit).
std::string shown(const std::optional<Resolved>& v) {
  if (!v) return "-";
  return v->value ? std::to_string(*v->value) : "unknown";
}

std::string expected_text(const TomlReader& r, const toml::node& node) {
  if (const auto* i = node.as_integer()) return std::to_string(i->get());
  if (const auto* s = node.as_string(); s && (s->get() == "unknown" || s->get() == "-")) return s->get();
  if (const auto* d = node.as_date()) return Date{d->get().year, d->get().month, d->get().day}.iso();
  r.fail(node.source(), tr("giá trị mong đợi phải là số nguyên, một ngày, \"unknown\" hoặc \"-\"",
                           "an expected value must be an integer, a date, \"unknown\" or \"-\""));
}

TestResult run_one(const RuleBook& book, const TomlReader& r, const toml::table& t) {
  r.only_keys(t, {"name", "date", "province", "person", "citizenship", "poor_household", "age", "identified_on",
                  "eligible", "expect"});
  TestResult res;
  res.file = r.path();
  res.line = static_cast<int>(t.source().begin.line);
  res.name = *r.text(t, "name", true);
  const Date on = *r.date(t, "date", true);
  const support::Beneficiary who = person_of(r, t, on);
  std::vector<std::string> want = r.list(t, "eligible", support_kinds(), true);
  std::set<std::string> expected(want.begin(), want.end());

  const auto terms = book.in_force(on, who.province);
  std::set<std::string> got;
  for (const auto& term : terms)
    if (!support::ineligible(term, who, on)) got.insert(term.entitlement->kind);
  for (const auto& k : expected)
    if (!got.count(k)) res.failures.push_back(fmt::format("'{}' expected eligible, is not", k));
  for (const auto& k : got)
    if (!expected.count(k)) res.failures.push_back(fmt::format("'{}' is eligible, not expected", k));

  if (const auto* expect = t.get("expect")) {
    const auto* et = r.as_table(*expect, "expect");
    for (const auto& [kind, node] : *et) {
      const auto* kt = r.as_table(node, "expect." + std::string(kind.str()));
      r.only_keys(*kt, {"rate", "cap", "max_days", "max_times", "deadline"});
      const std::string kind_name(kind.str());
      auto term = std::find_if(terms.begin(), terms.end(),
                               [&](const Terms& x) { return x.entitlement->kind == kind_name; });
      if (term == terms.end()) {
        res.failures.push_back(fmt::format("'{}': no entitlement of this kind in force", kind.str()));
        continue;
      }
      for (const auto& [field, value] : *kt) {
        std::string f(field.str()), want_v = expected_text(r, value), got_v;
        if (f == "rate") got_v = shown(term->rate);
        else if (f == "cap") got_v = shown(term->cap);
        else if (f == "max_days") got_v = shown(term->max_days);
        else if (f == "max_times") got_v = shown(term->max_times);
        else {
          auto d = support::deadline(*term, who);
          got_v = d ? d->iso() : "-";
        }
        if (got_v != want_v)
          res.failures.push_back(fmt::format("'{}'.{}: expected {}, got {}", kind.str(), f, want_v, got_v));
      }
    }
  }
  return res;
}

}  // namespace

std::vector<TestResult> run_rule_tests(const RuleBook& book, const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (std::filesystem::is_directory(dir / "tests", ec))
    for (const auto& entry : std::filesystem::directory_iterator(dir / "tests"))
      if (entry.is_regular_file() && entry.path().extension() == ".toml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<TestResult> out;
  for (const auto& f : files) {
    TomlReader r(f.string());
    toml::table root = r.parse();
    r.only_keys(root, {"test"});
    const auto* tests = root.get("test");
    const auto* arr = tests ? tests->as_array() : nullptr;
    if (!arr || !arr->is_array_of_tables())
      r.fail(tests ? tests->source() : root.source(), tr("cần các bảng [[test]]", "expected [[test]] tables"));
    for (const auto& node : *arr) out.push_back(run_one(book, r, *node.as_table()));
  }
  return out;
}

}  // namespace hotro::rules
