// SPDX-License-Identifier: MIT
// Rules as code (quy định pháp luật dưới dạng dữ liệu): the support regimes, their amounts, caps
// and deadlines, read from the TOML rule sets in rules/ (see rules/README.md, hotro-rules(5)).
//
// A rule set is national (a regime in force between two dates) or provincial (a People's
// Council resolution that sets the parameters of the national set it `extends`). Parameters
// have effective-dated values, each with a citation and a status (confirmed, secondary,
// unconfirmed); a value that was not found has no amount. Entitlements say who may receive a
// kind of support, per which unit, within which caps and deadlines, and who decides.
// Parameters are modelled on OpenFisca's: a name, a unit and dated values with references.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "text/dates.h"

namespace hotro::rules {

/// How sure we are of a value (rules/README.md).
enum class Certainty { confirmed, secondary, unconfirmed };
const char* certainty_name(Certainty c);

/// One dated value of a parameter: in force from `from` until the next value (or the rule
/// set's end). No `value` means the amount is not known.
struct Value {
  text::Date from;
  std::optional<int64_t> value;
  bool minimum = false;  // a national floor: a province may set more, never less
  Certainty status = Certainty::confirmed;
  std::string citation;
  std::string note;
  int line = 0;
};

struct Parameter {
  std::string id;
  std::string unit;  // vnd, vnd_per_day, days, months, working_days, times
  std::string description_vi, description_en;
  std::vector<Value> values;  // by `from`, strictly increasing
  int line = 0;
};

struct Entitlement {
  std::string id;
  std::string kind;                      // code list support_kind
  std::vector<std::string> who;          // victim, pending, minor
  std::vector<std::string> citizenship;  // vn, stateless, foreign
  std::optional<bool> poor_household;    // required value, when the law sets one
  std::optional<int> age_below;          // only persons younger than this on the date
  std::string setting;                   // facility, returning, any
  std::string unit;                      // per_day, once, actual_cost, service
  // Parameter names (in the rule set) for the amounts and limits; absent when the law has none.
  std::optional<std::string> rate, cap, max_days, deadline_months, decision_days, max_times_param;
  std::optional<int64_t> max_times;      // a fixed number of times (e.g. once)
  std::optional<text::Date> valid_from, valid_to;  // within the rule set's dates
  std::string decided_by_vi, decided_by_en;
  std::string citation;
  Certainty status = Certainty::confirmed;
  int line = 0;
};

struct RuleSet {
  std::string path;  // as given to the loader, for messages
  std::string id;
  std::string scope;     // national, province
  std::string province;  // 2-digit province code (scope province)
  std::string extends;   // the national set a province's parameters belong to
  std::string title_vi, title_en;
  std::string citation;
  Certainty status = Certainty::confirmed;
  text::Date valid_from;
  std::optional<text::Date> valid_to;
  std::map<std::string, Parameter> parameters;
  std::vector<Entitlement> entitlements;
  std::string sha256;  // of the file's bytes
  int id_line = 0, from_line = 0, extends_line = 0;  // for messages about the set as a whole

  bool in_force(const text::Date& d) const { return valid_from <= d && (!valid_to || d <= *valid_to); }
};

/// A parameter's value on a date, with where it came from.
struct Resolved {
  std::string parameter;
  std::string unit;
  std::optional<int64_t> value;  // nothing: not known
  bool minimum = false;
  Certainty status = Certainty::confirmed;
  std::string citation;
  std::string note;
  std::string set_id;  // the national or provincial set that gave it
};

/// An entitlement as it applies on a date in a province: its parameters resolved.
struct Terms {
  const Entitlement* entitlement = nullptr;
  const RuleSet* national = nullptr;
  const RuleSet* province = nullptr;  // the provincial set in force, if any
  std::optional<Resolved> rate, cap, max_days, max_times, deadline_months, decision_days;

  /// "vn.decree09.meals".
  std::string rule_id() const;
  /// The first 16 hex digits of SHA-256 over the national (and provincial) files' hashes.
  std::string version() const;
  /// The least certain of the entitlement and its resolved values.
  Certainty certainty() const;
};

class RuleBook {
 public:
  /// Loads every *.toml under `dir`/national and `dir`/provinces and checks them (and their
  /// consistency with each other). Throws Error(Exit::config) with "FILE:LINE:COL: reason" for
  /// the first problem; `problems`, when given, collects all of them instead of throwing.
  static RuleBook load(const std::filesystem::path& dir, std::vector<std::string>* problems = nullptr);

  const std::vector<RuleSet>& sets() const { return sets_; }
  /// Valid but probably not meant, as "FILE:LINE: text": an entitlement for the person being
  /// identified and the minor with a victim that leaves out the minor with a person being
  /// identified (a rule file written before minor_pending existed, which that minor then no
  /// longer gets; Law 53/2024 Art. 37 gives that minor regimes a–g).
  std::vector<std::string> notices() const;
  /// The national set in force on `d`, or nullptr.
  const RuleSet* national_on(const text::Date& d) const;
  /// The same, or Error(Exit::data) "no support rules are in force on D".
  const RuleSet& national_in_force(const text::Date& d) const;
  /// The provincial set for `province` (2-digit code) in force on `d` that extends the
  /// national set in force then, or nullptr.
  const RuleSet* province_on(const text::Date& d, const std::string& province) const;
  /// Every entitlement in force on `d`, priced for `province` (national values alone when no
  /// province is given or it has no resolution then). Empty when no regime is in force.
  std::vector<Terms> in_force(const text::Date& d, const std::optional<std::string>& province) const;
  /// The parameter `name` of the national set in force on `d` (with the province's value
  /// when it sets one); nullopt when no regime is in force or it has no such parameter.
  std::optional<Resolved> parameter(const std::string& name, const text::Date& d,
                                    const std::optional<std::string>& province = std::nullopt) const;
  /// The terms of `kind` on `d` (nullopt when no entitlement of that kind is in force).
  std::optional<Terms> terms_for(const std::string& kind, const text::Date& d,
                                 const std::optional<std::string>& province) const;

 private:
  std::vector<RuleSet> sets_;
};

/// Loads one rule-set file (without the cross-file checks). Throws Error(Exit::config).
RuleSet load_rule_set(const std::filesystem::path& file);

/// The support kinds a rule may name (code list support_kind, schemas/0004_support.sql).
const std::vector<std::string>& support_kinds();

}  // namespace hotro::rules
