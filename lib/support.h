// SPDX-License-Identifier: MIT
// Supports (hỗ trợ): what a person of a case is entitled to on a date (quote), recording a
// support priced by the rules in force on its date (add), and its status flow
//   proposed ──approve (decision no., decider)──▶ approved ──pay──▶ paid
//   proposed | approved ──cancel (reason)──▶ cancelled
// A support the rules refuse (not eligible, over a cap, past the application deadline) is
// refused with the rule and its citation, unless overridden with a reason (audited). The row
// keeps the rule id, the rule files' version and the citation that priced it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit.h"
#include "db/database.h"
#include "rules/rules.h"
#include "text/dates.h"

namespace hotro::support {

/// What the rules need to know about the person a support is for.
struct Beneficiary {
  int64_t case_id = 0;
  int64_t person_id = 0;
  std::string name;
  std::string case_status;        // on the date: being_identified, identified, not_victim
  std::string category;           // victim, pending, minor; empty when none applies
  bool of_age = false;            // an accompanying minor who is 18 or over on the date
  text::Date intake;
  std::optional<text::Date> birth;
  std::optional<bool> poor_household;
  std::string citizenship = "vn";  // the rules' group: vn, stateless or foreign
  std::optional<std::string> citizenship_code;  // as recorded (code list 'citizenship'); nullopt:
                                                // not recorded, taken as Vietnamese
  std::optional<text::Date> identified_on;  // the victim certificate's date (else the decision's)
  std::optional<std::string> province;      // province code whose resolution applies on the date
};

/// Words for a Beneficiary's category (victim, pending, minor), as in refusals and quotes.
const char* category_words(const std::string& category);

/// The person `person_id` of case `case_id` (default: the case's own person; otherwise an
/// accompanying minor of the case), as of `on`. Throws Exit::noinput if missing.
Beneficiary beneficiary(db::Database& db, int64_t case_id, std::optional<int64_t> person_id,
                        const text::Date& on);

/// What is already used of an entitlement (supports not cancelled): all of it (a cap is the whole
/// case's, whatever order the supports are dated in), or, with `up_to`, what was given up to that
/// day (a quote, or the overdue list, as the case stood on a day).
struct Usage {
  int64_t days = 0;   // per_day quantities
  int64_t times = 0;  // supports given
  int64_t vnd = 0;
};
Usage used(db::Database& db, int64_t case_id, int64_t person_id, const std::string& kind,
           const std::optional<text::Date>& up_to = std::nullopt);

/// Why the person may not receive `terms` on `on` (a sentence), or nullopt.
std::optional<std::string> ineligible(const rules::Terms& terms, const Beneficiary& who,
                                      const text::Date& on);

/// The last day to apply, when the entitlement has an application deadline.
std::optional<text::Date> deadline(const rules::Terms& terms, const Beneficiary& who);

struct QuoteLine {
  rules::Terms terms;
  std::optional<std::string> not_eligible;  // why not, or nothing when eligible
  bool used_up = false;  // why not is only that the count, days or cap are used up (by every support)
  Usage used;
  std::optional<int64_t> days_left, times_left, vnd_left;
  std::optional<text::Date> deadline;
};

struct Quote {
  Beneficiary who;
  text::Date on;
  const rules::RuleSet* national = nullptr;
  const rules::RuleSet* province = nullptr;
  std::vector<QuoteLine> lines;
};
Quote quote(db::Database& db, const rules::RuleBook& book, int64_t case_id,
            std::optional<int64_t> person_id, const text::Date& on);

struct AddInput {
  int64_t case_id = 0;
  std::optional<int64_t> person_id;  // an accompanying minor; default the case's person
  std::string kind;
  text::Date date;
  std::string agency;
  std::optional<std::string> officer;
  std::optional<int64_t> days;
  std::optional<int64_t> amount;              // actual cost, or an amount the rules do not fix
  std::optional<std::string> reason;          // what the amount is for
  std::optional<std::string> override_reason; // records a support the rules refuse
  std::optional<int64_t> row_key;             // support import: the list row's identity
};

struct Added {
  int64_t id = 0;
  int64_t amount = 0;
  std::string rule_id;
  std::string citation;
  std::vector<std::string> overridden;  // the refusals the override set aside
};
/// Prices and records a support (one event and one audit entry). Throws Error(Exit::data)
/// with the refusing rule and citation; Exit::usage for flags that do not fit the unit.
Added add(db::Database& db, const audit::Context& ctx, const rules::RuleBook& book, const AddInput& in);

/// The status flow. Each is one event and one audit entry; Exit::data for a refused step.
/// `decided_by` is who decided (a person's post or an agency); the approval's event is
/// `agency`'s, by default (empty) the agency that gives the support, as for pay and cancel.
void approve(db::Database& db, const audit::Context& ctx, int64_t support_id, const text::Date& date,
             const std::string& decision_no, const std::string& decided_by, const std::string& agency = "");
void pay(db::Database& db, const audit::Context& ctx, int64_t support_id, const text::Date& date,
         const std::string& agency);
void cancel(db::Database& db, const audit::Context& ctx, int64_t support_id, const text::Date& date,
            const std::string& reason);

struct Row {
  int64_t id = 0, case_id = 0, person_id = 0;
  std::string person_name, kind, date, agency, unit, status, rule_id, citation;
  std::optional<int64_t> quantity;
  int64_t amount = 0;
  std::optional<std::string> decision_no, override_reason, reason, paid_date;
};
struct ListFilter {
  std::optional<int64_t> case_id;
  std::optional<std::string> from, to;  // ISO dates, inclusive: of support_date (or paid_date)
  bool by_paid_date = false;
  std::optional<std::string> status;
  std::optional<std::string> agency;    // the giving agency's name contains (folded), or the name of
                                        // an agency merged into it
};
/// Exit::noinput when the filter names a case that does not exist.
std::vector<Row> list(db::Database& db, const ListFilter& f);

/// Next year's budget estimate (dự toán) by support kind.
struct EstimateLine {
  std::string kind;
  std::string unit;                  // of the entitlement in force on 1 January (empty: none)
  int64_t persons = 0, supports = 0, quantity = 0;  // the caseload (last year's, scaled)
  int64_t last_year_vnd = 0;         // what was given last year (scaled)
  std::optional<int64_t> rate;       // the amount per day / once in force on 1 January
  std::optional<int64_t> vnd;        // the estimate; nothing when the rules give no amount
  std::string basis;                 // how it was computed, and the citation
  rules::Certainty certainty = rules::Certainty::confirmed;
};
struct Estimate {
  int year = 0;
  int64_t persons_last_year = 0;
  std::optional<int64_t> persons;    // the caseload asked for
  const rules::RuleSet* national = nullptr;
  const rules::RuleSet* province = nullptr;
  std::vector<EstimateLine> lines;
  int64_t total = 0;                 // of the lines with an amount
  int unpriced = 0;                  // lines without one
};
/// Prices last year's caseload (supports not cancelled in `year` - 1), scaled to `persons` when
/// given, with the rules in force on 1 January of `year` for `province`. Exit::data when there
/// is nothing to scale from.
Estimate estimate(db::Database& db, const rules::RuleBook& book, int year, std::optional<int64_t> persons,
                  const std::optional<std::string>& province);

/// What was paid in a period (quyết toán): by kind and agency, and the supports behind it.
struct SettleGroup {
  std::string kind, agency;
  int64_t persons = 0, supports = 0, vnd = 0;
};
struct Settlement {
  std::vector<SettleGroup> groups;
  std::vector<Row> rows;
  int64_t persons = 0, total = 0;
};
Settlement settle(db::Database& db, const std::string& from, const std::string& to,
                  const std::optional<std::string>& agency);

}  // namespace hotro::support
