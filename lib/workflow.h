// SPDX-License-Identifier: MIT
// The case workflow (xác minh, xác định, bảo vệ, chuyển tuyến): the rules of which step may
// follow which, in one place, and the commands that record the steps as dated events.
//
// A case's status follows from its events:
//   received ──verify start──▶ being_identified ──verify decide──▶ identified | not_victim
//   identified | not_victim ──verify correct (with a reason)──▶ identified | not_victim
//   received | identified | not_victim ──case close (a reason)──▶ closed ──case reopen──▶ as before
//   being_identified ──case close --force (a reason)──▶ closed
// Protection measures need verification started and the person not found "not a victim".
// A closed case takes no new step (verification, protection, referral, support) until it is
// reopened; answers to its referrals and payments of its approved supports are still recorded.
// Referrals: sent ──▶ accepted | declined;  accepted ──▶ completed;  sent | accepted ──▶ revoked.
// Every event is dated no earlier than the intake (and the step it follows) and not in the
// future; every event is one audit entry, written in the same transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit.h"
#include "db/database.h"
#include "text/dates.h"

namespace hotro::workflow {

using json = nlohmann::ordered_json;

enum class Step { start, decide, correct, protect, refer, support, close, reopen };
enum class ReferralAction { accept, decline, complete, revoke };

/// Why `step` is not allowed from case status `status` (a sentence for the user), or nullopt
/// when it is. Statuses: received, being_identified, identified, not_victim, closed. (Closing a
/// case being identified is refused here; close_case() lets --force set that aside.)
std::optional<std::string> refusal(const std::string& status, Step step);

/// The status after `step` from `status` (`victim` is the decision of decide/correct;
/// `before_closure` the status a reopened case goes back to).
std::string status_after(const std::string& status, Step step, bool victim,
                         const std::string& before_closure = "");

/// Why a case in `status` may not be closed for `reason` (a code of case_close_reason), or
/// nullopt: 'not_victim' needs the decision that the person is not a victim.
std::optional<std::string> close_reason_refusal(const std::string& status, const std::string& reason);

/// A case's standing from its events, replayed in date order (then recording order) with
/// status_after(): what `case overdue --on` and reopening need to know.
struct Standing {
  std::string status = "received";
  std::string before_closure;                      // while closed: the status it was closed from
  std::optional<text::Date> verification_started;  // the first verify_start
  std::optional<text::Date> closed_on;             // while closed: the closure's date ...
  std::string close_reason;                        // ... and its reason code
  std::optional<text::Date> reopened_on;           // the latest reopening
  /// Moves the standing by one event (kinds that change nothing are ignored).
  void apply(const std::string& kind, const text::Date& date, const json& detail);
};
/// The standing of case `case_id` from its events dated up to `on` (all of them when nullopt).
Standing standing(db::Database& db, int64_t case_id, const std::optional<text::Date>& on = std::nullopt);
/// The event kinds that move a case's status (for queries that replay them).
inline constexpr const char* kStatusEventKinds =
    "'verify_start', 'verify_decide', 'verify_correct', 'case_close', 'case_reopen'";

/// Why `action` is not allowed on a referral in `status`, or nullopt; and the status after it.
std::optional<std::string> referral_refusal(const std::string& status, ReferralAction action);
std::string referral_status_after(ReferralAction action);

/// What every recorded step has.
struct StepInput {
  int64_t case_id = 0;
  text::Date date;
  std::string agency;                  // the agency that takes the step
  std::optional<std::string> officer;  // the responsible officer (cán bộ)
};

/// The written confirmation of victim status (giấy xác nhận nạn nhân).
struct Certificate {
  std::string number;
  text::Date date;
  std::string issued_by;  // agency
  std::string document;   // code of code list victim_document (Law 2011 Art. 28)
};

// Each records one event and returns its id; throws Error(Exit::noinput) for a missing case or
// referral and Error(Exit::data) with the reason for a step the rules refuse.
int64_t start_verification(db::Database& db, const audit::Context& ctx, const StepInput& in);
int64_t decide(db::Database& db, const audit::Context& ctx, const StepInput& in, bool victim,
               const std::optional<Certificate>& certificate, const std::optional<std::string>& basis);
int64_t correct(db::Database& db, const audit::Context& ctx, const StepInput& in, bool victim,
                const std::optional<Certificate>& certificate, const std::string& reason);
int64_t protect(db::Database& db, const audit::Context& ctx, const StepInput& in,
                const std::string& measure, const std::optional<text::Date>& until,
                const std::optional<std::string>& relative);

/// Throws Error(Exit::data) when the rules refuse `step` on case `case_id` on `date` (a closed
/// case names its closure), Exit::noinput when there is no such case. For steps recorded outside
/// this file (supports): the check is the same as for the workflow's own steps.
void check_allowed(db::Database& db, int64_t case_id, Step step, const text::Date& date);

/// Closing a case (kết thúc hồ sơ).
struct Closure {
  std::string reason;                 // code (or label) of code list case_close_reason
  std::optional<std::string> note;    // required for reason 'other'
  std::optional<std::string> forced;  // why it is closed although verification is undecided
                                      // or a referral is still open (audited)
};
/// Closes the case: dated no earlier than its latest event. Returns the event id.
int64_t close_case(db::Database& db, const audit::Context& ctx, const StepInput& in, const Closure& c);
/// Reopens a closed case (dated no earlier than its closure), back to the status it was closed
/// from. Returns the event id.
int64_t reopen_case(db::Database& db, const audit::Context& ctx, const StepInput& in,
                    const std::string& reason);

struct Referral {
  std::string to_agency;
  std::string reason;
  bool escort = false;
  std::optional<std::string> forced;  // why a minor travels without an escort
};
/// Sends a referral; returns the referral id.
int64_t refer(db::Database& db, const audit::Context& ctx, const StepInput& in, const Referral& r);
/// Accepts, declines, completes or revokes referral `referral_id` on `date` by its receiver (or,
/// for revoke, its sender). A decline needs its reason in `note` (Circular 35/2013/TT-BLĐTBXH
/// Art. 16(3)). `of_case`, when given (a batch form's case column), must be the referral's case.
/// Returns the event id.
int64_t answer_referral(db::Database& db, const audit::Context& ctx, int64_t referral_id,
                        ReferralAction action, const text::Date& date,
                        const std::optional<std::string>& note,
                        const std::optional<std::string>& officer = std::nullopt,
                        std::optional<int64_t> of_case = std::nullopt);

/// Records a dated event of `kind` on a case that does not change its status (a support, for
/// example): checked like every step (not before the intake, not in the future), with its
/// audit entry in the caller's transaction. Returns the event id.
int64_t record_event(db::Database& db, const audit::Context& ctx, const StepInput& in,
                     const std::string& kind, const json& detail);

struct TimelineEntry {
  std::string date;   // ISO
  std::string kind;   // intake, verify_start, verify_decide, verify_correct, protect,
                      // refer_send, refer_accept, refer_decline, refer_complete, refer_revoke,
                      // support_*, case_close, case_reopen
  std::string agency;
  std::string officer;
  json detail;        // the event's data (codes)
};
/// Every event of the case in date order, the intake first. Throws Exit::noinput if no case.
std::vector<TimelineEntry> timeline(db::Database& db, int64_t case_id);

}  // namespace hotro::workflow
