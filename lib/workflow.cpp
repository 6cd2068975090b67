// SPDX-License-Identifier: MIT
#include "workflow.h"

#include <fmt/format.h>

#include "agency.h"
#include "clock.h"
#include "codes.h"
#include "cases.h"
#include "error.h"
#include "i18n.h"
#include "text/unicode.h"

namespace hotro::workflow {

namespace {

bool decided(const std::string& status) { return status == "identified" || status == "not_victim"; }

[[noreturn]] void refuse(const std::string& why) { throw Error(Exit::data, why); }

// What the rules need to know about a case.
struct CaseState {
  int64_t id = 0;
  std::string status;
  text::Date intake;
  std::optional<text::Date> birth;
  std::optional<text::Date> last_verification;  // date of the latest verify_* event
  std::optional<text::Date> verification_start;  // date verification started
  std::optional<text::Date> last_event;          // date of the latest event of any kind
  std::optional<text::Date> reopened_on;         // date of the latest reopening
  Standing standing;                             // replayed from the events, when closed
};

CaseState load_state(db::Database& db, int64_t case_id) {
  db::Statement st(db,
                   "SELECT c.status, c.intake_date, p.birth_date, "
                   "(SELECT max(event_date) FROM case_event e WHERE e.case_id = c.id AND "
                   "e.kind IN ('verify_start', 'verify_decide', 'verify_correct')), "
                   "(SELECT min(event_date) FROM case_event e WHERE e.case_id = c.id AND "
                   "e.kind = 'verify_start'), "
                   "(SELECT max(event_date) FROM case_event e WHERE e.case_id = c.id), "
                   "(SELECT max(event_date) FROM case_event e WHERE e.case_id = c.id AND "
                   "e.kind = 'case_reopen') "
                   "FROM case_file c JOIN person p ON p.id = c.person_id WHERE c.id = ?");
  st.bind(1, case_id);
  if (!st.step())
    throw cases::no_such_case(case_id);
  CaseState s;
  s.id = case_id;
  s.status = st.text(0);
  s.intake = *text::from_iso(st.text(1));
  if (auto b = st.opt_text(2)) s.birth = text::from_iso(*b);
  if (auto v = st.opt_text(3)) s.last_verification = text::from_iso(*v);
  if (auto v = st.opt_text(4)) s.verification_start = text::from_iso(*v);
  if (auto v = st.opt_text(5)) s.last_event = text::from_iso(*v);
  if (auto v = st.opt_text(6)) s.reopened_on = text::from_iso(*v);
  st.reset();
  if (s.status == "closed") s.standing = standing(db, case_id);
  return s;
}

// "Case #N was closed on D (reason)", for the refusals of a closed case.
std::string closed_words(db::Database& db, const CaseState& s) {
  const std::string reason =
      CodeLists(db).label("case_close_reason", s.standing.close_reason, lang() == Lang::en ? "en" : "vi");
  return fmt::format(fmt::runtime(tr("hồ sơ #{} đã kết thúc ngày {} ({})", "case #{} was closed on {} ({})")),
                     s.id, s.standing.closed_on ? s.standing.closed_on->display() : "?", reason);
}

void check_date(const CaseState& s, const text::Date& d) {
  if (text::today() < d)
    refuse(fmt::format(fmt::runtime(tr("ngày {} là ngày trong tương lai", "{} is in the future")),
                       d.display()));
  if (d < s.intake)
    refuse(fmt::format(fmt::runtime(tr("ngày {} trước ngày tiếp nhận {}",
                                       "{} is before the intake on {}")),
                       d.display(), s.intake.display()));
}

void check_step(db::Database& db, const CaseState& s, Step step, const text::Date& d) {
  if (auto why = refusal(s.status, step)) {
    if (s.status == "closed") refuse(closed_words(db, s) + "; " + *why);
    refuse(*why);
  }
  check_date(s, d);
  // After a reopening, steps are dated no earlier than it, so that the history replays in date
  // order (Standing) to the status the case has.
  if (s.reopened_on && d < *s.reopened_on)
    refuse(fmt::format(fmt::runtime(tr("ngày {} trước ngày mở lại hồ sơ ({})",
                                       "{} is before the case was reopened ({})")),
                       d.display(), s.reopened_on->display()));
  if ((step == Step::decide || step == Step::correct) && s.last_verification &&
      d < *s.last_verification)
    refuse(fmt::format(fmt::runtime(tr("ngày {} trước bước xác minh trước đó ({})",
                                       "{} is before the previous verification step ({})")),
                       d.display(), s.last_verification->display()));
  if (step == Step::protect && s.verification_start && d < *s.verification_start)
    refuse(fmt::format(fmt::runtime(tr("ngày {} trước khi bắt đầu xác minh ({})",
                                       "{} is before verification started ({})")),
                       d.display(), s.verification_start->display()));
}

// Free text the user must give (an agency, a reason): cleaned, and not blank.
std::string required_text(const std::string& value, const char* vi_what, const char* en_what) {
  std::string clean = text::clean(value);
  if (clean.empty())
    refuse(fmt::format(fmt::runtime(tr("thiếu {}", "missing {}")), tr(vi_what, en_what)));
  return clean;
}

// A referral status in words, for messages.
const char* referral_status_words(const std::string& status) {
  if (status == "sent") return tr("đã gửi", "sent");
  if (status == "accepted") return tr("nơi nhận đã chấp nhận", "accepted");
  if (status == "declined") return tr("nơi nhận đã từ chối", "declined");
  if (status == "completed") return tr("đã hoàn thành", "completed");
  if (status == "revoked") return tr("đã thu hồi", "revoked");
  return "?";
}

// Appends the audit entry and the event, and moves the case to `after`; returns the event id.
int64_t record(db::Database& db, const audit::Context& ctx, const StepInput& in,
               const std::string& kind, json detail, const std::string& before,
               const std::string& after) {
  const int64_t agency = find_or_add_agency(db, required_text(in.agency, "cơ quan", "the agency"));
  json event{{"kind", kind}, {"date", in.date.iso()}, {"agency", in.agency}};
  if (in.officer) event["officer"] = *in.officer;
  event["detail"] = detail;
  const int64_t audit_id =
      audit::append(db, ctx, {kind, "case", json::array({json::array({in.case_id, in.case_id})}),
                              json{{"status", before}}, json{{"status", after}, {"event", event}},
                              nullptr});
  db::Statement ins(db, "INSERT INTO case_event (case_id, kind, event_date, agency_id, officer, "
                        "detail, audit_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, in.case_id).bind(2, kind).bind(3, in.date.iso()).bind(4, agency).bind(5, in.officer);
  ins.bind(6, detail.dump()).bind(7, audit_id).run();
  const int64_t event_id = db.last_insert_id();
  if (after != before) {
    db::Statement upd(db, "UPDATE case_file SET status = ?, updated_at = ? WHERE id = ?");
    upd.bind(1, after).bind(2, now_utc()).bind(3, in.case_id).run();
  }
  return event_id;
}

json certificate_json(db::Database& db, const Certificate& c, const text::Date& decision) {
  CodeLists codes(db);
  const auto document = codes.find("victim_document", c.document);
  if (!document)
    refuse(fmt::format(fmt::runtime(tr("loại giấy tờ '{}' không hợp lệ (cần một trong: {})",
                                       "unknown document type '{}' (expected one of {})")),
                       c.document, codes.examples("victim_document")));
  // A number or issuer of spaces only is none (`--certificate " "`).
  const std::string number = text::clean(c.number), issued_by = text::clean(c.issued_by);
  if (number.empty()) refuse(tr("giấy xác nhận cần có số", "the certificate needs its number"));
  if (issued_by.empty())
    refuse(tr("giấy xác nhận cần có cơ quan cấp", "the certificate needs its issuing agency"));
  if (decision < c.date)
    refuse(fmt::format(fmt::runtime(tr("giấy xác nhận ngày {} sau ngày quyết định {}",
                                       "the certificate of {} is dated after the decision of {}")),
                       c.date.display(), decision.display()));
  return {{"number", number}, {"date", c.date.iso()}, {"issued_by", issued_by}, {"document", *document}};
}

json decision_detail(db::Database& db, bool victim, const std::optional<Certificate>& certificate,
                     const text::Date& date) {
  json d{{"result", victim ? "victim" : "not_victim"}};
  if (victim && !certificate)
    refuse(tr("người được xác định là nạn nhân phải có giấy xác nhận (--certificate SỐ --issued-by "
              "CƠ_QUAN --document LOẠI)",
              "an identified victim needs the written confirmation (--certificate NO --issued-by "
              "AGENCY --document TYPE)"));
  if (!victim && certificate)
    refuse(tr("giấy xác nhận nạn nhân chỉ đi kèm quyết định là nạn nhân",
              "a victim certificate goes only with a decision that the person is a victim"));
  if (certificate) d["certificate"] = certificate_json(db, *certificate, date);
  return d;
}

}  // namespace

std::optional<std::string> refusal(const std::string& status, Step step) {
  const bool closed = status == "closed";
  const bool known = status == "received" || status == "being_identified" || decided(status) || closed;
  if (!known)
    return fmt::format(fmt::runtime(tr("tình trạng hồ sơ '{}' không xác định", "unknown case status '{}'")),
                       status);
  // A closed case takes no new step until it is reopened.
  if (closed) {
    switch (step) {
      case Step::reopen: return std::nullopt;
      case Step::close: return tr("hồ sơ đã kết thúc rồi", "it is already closed");
      case Step::refer:
        return tr("không thể chuyển tuyến hồ sơ đã kết thúc; nếu cần, hãy mở lại hồ sơ (hotro case reopen)",
                  "a closed case cannot be referred; if it must be, reopen it first (hotro case reopen)");
      case Step::support:
        return tr("không ghi nhận hay duyệt hỗ trợ mới cho hồ sơ đã kết thúc; nếu cần, hãy mở lại hồ sơ "
                  "(hotro case reopen)",
                  "a closed case receives no new or approved support; if it must, reopen it first "
                  "(hotro case reopen)");
      default:
        return tr("hồ sơ đã kết thúc không nhận thêm bước xác minh hay bảo vệ; nếu cần, hãy mở lại hồ sơ "
                  "(hotro case reopen)",
                  "a closed case takes no verification or protection step; if it must, reopen it first "
                  "(hotro case reopen)");
    }
  }
  switch (step) {
    case Step::start:
      if (status == "received") return std::nullopt;
      if (status == "being_identified") return tr("việc xác minh đã bắt đầu", "verification has already started");
      return tr("hồ sơ đã có quyết định; muốn sửa hãy dùng verify correct với lý do",
                "the case is already decided; to change it use verify correct with a reason");
    case Step::decide:
      if (status == "being_identified") return std::nullopt;
      if (status == "received")
        return tr("chưa bắt đầu xác minh (hotro verify start) thì chưa thể quyết định",
                  "no decision before verification has started (hotro verify start)");
      return tr("hồ sơ đã có quyết định; quyết định chỉ được sửa bằng verify correct với lý do",
                "the case is already decided; a decision is changed only with verify correct and "
                "a reason");
    case Step::correct:
      if (decided(status)) return std::nullopt;
      return tr("chưa có quyết định nào để sửa", "there is no decision to correct");
    case Step::protect:
      if (status == "being_identified" || status == "identified") return std::nullopt;
      if (status == "received")
        return tr("biện pháp bảo vệ áp dụng cho nạn nhân hoặc người đang được xác định là nạn nhân: "
                  "hãy bắt đầu xác minh trước (hotro verify start)",
                  "protection is for victims and persons being identified: start verification "
                  "first (hotro verify start)");
      return tr("người này đã được xác định không phải là nạn nhân",
                "the person was found not to be a victim");
    case Step::refer:
    case Step::support:
      return std::nullopt;
    case Step::close:
      if (status == "being_identified")
        return tr("việc xác minh đã bắt đầu nhưng chưa có quyết định: hãy ghi quyết định (hotro verify "
                  "decide), hoặc kết thúc hồ sơ với --force LÝ_DO",
                  "verification has started and is not decided: record the decision (hotro verify "
                  "decide), or close the case with --force REASON");
      return std::nullopt;
    case Step::reopen:
      return tr("hồ sơ chưa kết thúc nên không cần mở lại", "the case is not closed, so it cannot be reopened");
  }
  return std::nullopt;
}

std::string status_after(const std::string& status, Step step, bool victim,
                         const std::string& before_closure) {
  switch (step) {
    case Step::start: return "being_identified";
    case Step::decide:
    case Step::correct: return victim ? "identified" : "not_victim";
    case Step::close: return "closed";
    case Step::reopen: return before_closure.empty() ? "received" : before_closure;
    case Step::protect:
    case Step::refer:
    case Step::support: return status;
  }
  return status;
}

std::optional<std::string> close_reason_refusal(const std::string& status, const std::string& reason) {
  if (reason == "not_victim" && status != "not_victim")
    return tr("lý do 'không phải nạn nhân' cần quyết định người này không phải là nạn nhân (hotro verify "
              "decide --result not-victim)",
              "the reason 'not a victim' needs the decision that the person is not a victim (hotro "
              "verify decide --result not-victim)");
  return std::nullopt;
}

void Standing::apply(const std::string& kind, const text::Date& date, const json& detail) {
  const auto victim = [&] { return detail.is_object() && detail.value("result", "") == "victim"; };
  if (kind == "verify_start") {
    if (!verification_started) verification_started = date;
    status = status_after(status, Step::start, false);
  } else if (kind == "verify_decide") {
    status = status_after(status, Step::decide, victim());
  } else if (kind == "verify_correct") {
    status = status_after(status, Step::correct, victim());
  } else if (kind == "case_close") {
    before_closure = status;
    status = status_after(status, Step::close, false);
    closed_on = date;
    close_reason = detail.is_object() ? detail.value("reason", "") : "";
  } else if (kind == "case_reopen") {
    status = status_after(status, Step::reopen, false, before_closure);
    before_closure.clear();
    closed_on.reset();
    close_reason.clear();
    reopened_on = date;
  }
}

Standing standing(db::Database& db, int64_t case_id, const std::optional<text::Date>& on) {
  db::Statement st(db, fmt::format("SELECT kind, event_date, detail FROM case_event WHERE case_id = ?1 "
                                   "AND kind IN ({}) AND (?2 IS NULL OR event_date <= ?2) "
                                   "ORDER BY event_date, id",
                                   kStatusEventKinds));
  st.bind(1, case_id).bind(2, on ? std::optional<std::string>(on->iso()) : std::nullopt);
  Standing s;
  while (st.step())
    s.apply(st.text(0), *text::from_iso(st.text(1)), json::parse(st.opt_text(2).value_or("{}"), nullptr, false));
  return s;
}

std::optional<std::string> referral_refusal(const std::string& status, ReferralAction action) {
  const bool open = status == "sent" || status == "accepted";
  switch (action) {
    case ReferralAction::accept:
    case ReferralAction::decline:
      if (status == "sent") return std::nullopt;
      break;
    case ReferralAction::complete:
      if (status == "accepted") return std::nullopt;
      if (status == "sent")
        return tr("nơi nhận chưa chấp nhận việc chuyển tuyến", "the receiver has not accepted the referral");
      break;
    case ReferralAction::revoke:
      if (open) return std::nullopt;
      break;
  }
  return fmt::format(fmt::runtime(tr("việc chuyển tuyến đã ở trạng thái: {}", "the referral is already {}")),
                     referral_status_words(status));
}

std::string referral_status_after(ReferralAction action) {
  switch (action) {
    case ReferralAction::accept: return "accepted";
    case ReferralAction::decline: return "declined";
    case ReferralAction::complete: return "completed";
    case ReferralAction::revoke: return "revoked";
  }
  return "";
}

int64_t record_event(db::Database& db, const audit::Context& ctx, const StepInput& in,
                     const std::string& kind, const json& detail) {
  db::Transaction tx(db);
  const CaseState s = load_state(db, in.case_id);
  check_date(s, in.date);
  const int64_t id = record(db, ctx, in, kind, detail, s.status, s.status);
  tx.commit();
  return id;
}

void check_allowed(db::Database& db, int64_t case_id, Step step, const text::Date& date) {
  check_step(db, load_state(db, case_id), step, date);
}

int64_t close_case(db::Database& db, const audit::Context& ctx, const StepInput& in, const Closure& c) {
  db::Transaction tx(db);
  const CaseState s = load_state(db, in.case_id);
  const bool forced = c.forced && !text::clean(*c.forced).empty();
  // Closing a case being identified is refused, unless forced with a reason.
  std::vector<std::string> set_aside;
  if (auto why = refusal(s.status, Step::close)) {
    if (s.status != "being_identified" || !forced) check_step(db, s, Step::close, in.date);  // refuses
    set_aside.push_back(*why);
  }
  check_date(s, in.date);
  // (A reopening is an event: a closure after one is dated no earlier than it.)
  if (s.last_event && in.date < *s.last_event)
    refuse(fmt::format(fmt::runtime(tr("ngày kết thúc {} trước sự việc gần nhất của hồ sơ ({})",
                                       "the closure on {} is before the case's latest event ({})")),
                       in.date.display(), s.last_event->display()));
  CodeLists codes(db);
  const auto reason = codes.find("case_close_reason", c.reason);
  if (!reason)
    refuse(fmt::format(fmt::runtime(tr("lý do kết thúc '{}' không hợp lệ (cần một trong: {})",
                                       "unknown reason for closing '{}' (expected one of {})")),
                       c.reason, codes.examples("case_close_reason")));
  if (auto why = close_reason_refusal(s.status, *reason)) refuse(*why);
  const std::optional<std::string> note =
      c.note && !text::clean(*c.note).empty() ? std::optional<std::string>(text::clean(*c.note)) : std::nullopt;
  if (*reason == "other" && !note)
    refuse(tr("lý do 'khác' cần ghi rõ (--note)", "the reason 'other' needs a note saying what it is (--note)"));
  // A referral still open (sent, or accepted and not completed): the person is on the way or
  // at the receiver; closing now needs a reason too.
  db::Statement open(db, "SELECT r.id, a.name, r.status FROM referral r JOIN agency a ON a.id = r.to_agency_id "
                         "WHERE r.case_id = ? AND r.status IN ('sent', 'accepted') ORDER BY r.id");
  open.bind(1, in.case_id);
  std::vector<std::string> open_referrals;
  while (open.step())
    open_referrals.push_back(fmt::format(fmt::runtime(tr("#{} đến {} ({})", "#{} to {} ({})")), open.int64(0),
                                         open.text(1), referral_status_words(open.text(2))));
  open.reset();
  if (!open_referrals.empty()) {
    std::string list;
    for (const auto& r : open_referrals) list += (list.empty() ? "" : ", ") + r;
    const std::string why = fmt::format(
        fmt::runtime(tr("việc chuyển tuyến {} chưa kết thúc: hãy ghi kết quả (hotro refer complete, decline "
                        "hoặc revoke), hoặc kết thúc hồ sơ với --force LÝ_DO",
                        "referral {} is still open: record how it ended (hotro refer complete, decline or "
                        "revoke), or close the case with --force REASON")),
        list);
    if (!forced) refuse(why);
    set_aside.push_back(why);
  }
  json detail{{"reason", *reason}, {"from", s.status}};
  if (note) detail["note"] = *note;
  if (!set_aside.empty()) {
    detail["forced"] = text::clean(*c.forced);
    detail["refusals"] = set_aside;
  }
  const int64_t id = record(db, ctx, in, "case_close", detail, s.status, status_after(s.status, Step::close, false));
  tx.commit();
  return id;
}

int64_t reopen_case(db::Database& db, const audit::Context& ctx, const StepInput& in,
                    const std::string& reason) {
  db::Transaction tx(db);
  const CaseState s = load_state(db, in.case_id);
  check_step(db, s, Step::reopen, in.date);
  if (s.standing.closed_on && in.date < *s.standing.closed_on)
    refuse(fmt::format(fmt::runtime(tr("ngày mở lại {} trước ngày kết thúc hồ sơ ({})",
                                       "the reopening on {} is before the closure ({})")),
                       in.date.display(), s.standing.closed_on->display()));
  const std::string why = required_text(reason, "lý do mở lại (--reason)", "the reason for reopening (--reason)");
  const std::string after = status_after(s.status, Step::reopen, false, s.standing.before_closure);
  const int64_t id = record(db, ctx, in, "case_reopen", json{{"reason", why}, {"to", after}}, s.status, after);
  tx.commit();
  return id;
}

int64_t start_verification(db::Database& db, const audit::Context& ctx, const StepInput& in) {
  db::Transaction tx(db);
  const CaseState s = load_state(db, in.case_id);
  check_step(db, s, Step::start, in.date);
  const int64_t id = record(db, ctx, in, "verify_start", json::object(), s.status,
                            status_after(s.status, Step::start, false));
  tx.commit();
  return id;
}

int64_t decide(db::Database& db, const audit::Context& ctx, const StepInput& in, bool victim,
               const std::optional<Certificate>& certificate, const std::optional<std::string>& basis) {
  db::Transaction tx(db);
  const CaseState s = load_state(db, in.case_id);
  check_step(db, s, Step::decide, in.date);
  json detail = decision_detail(db, victim, certificate, in.date);
  if (basis) detail["basis"] = *basis;
  const int64_t id = record(db, ctx, in, "verify_decide", detail, s.status,
                            status_after(s.status, Step::decide, victim));
  tx.commit();
  return id;
}

int64_t correct(db::Database& db, const audit::Context& ctx, const StepInput& in, bool victim,
                const std::optional<Certificate>& certificate, const std::string& reason) {
  db::Transaction tx(db);
  const CaseState s = load_state(db, in.case_id);
  check_step(db, s, Step::correct, in.date);
  if (text::clean(reason).empty())
    refuse(tr("sửa quyết định phải nêu lý do (--reason)", "a correction must say why (--reason)"));
  json detail = decision_detail(db, victim, certificate, in.date);
  detail["reason"] = reason;
  const int64_t id = record(db, ctx, in, "verify_correct", detail, s.status,
                            status_after(s.status, Step::correct, victim));
  tx.commit();
  return id;
}

int64_t protect(db::Database& db, const audit::Context& ctx, const StepInput& in,
                const std::string& measure, const std::optional<text::Date>& until,
                const std::optional<std::string>& relative) {
  db::Transaction tx(db);
  const CaseState s = load_state(db, in.case_id);
  check_step(db, s, Step::protect, in.date);
  // (Not inside a json initializer list: an exception thrown there leaves its temporaries half made.)
  std::optional<std::string> relative_name;
  if (relative) relative_name = required_text(*relative, "họ tên người thân", "the relative's name");
  CodeLists codes(db);
  const auto code = codes.find("protection_measure", measure);
  if (!code)
    refuse(fmt::format(fmt::runtime(tr("biện pháp bảo vệ '{}' không hợp lệ (cần một trong: {})",
                                       "unknown protection measure '{}' (expected one of {})")),
                       measure, codes.examples("protection_measure")));
  if (until && *until < in.date)
    refuse(fmt::format(fmt::runtime(tr("ngày kết thúc {} trước ngày bắt đầu {}",
                                       "the end {} is before the start {}")),
                       until->display(), in.date.display()));
  json detail{{"measure", *code}};
  if (until) detail["until"] = until->iso();
  detail["for"] = relative_name ? json{{"relative", *relative_name}} : json("victim");
  const int64_t id = record(db, ctx, in, "protect", detail, s.status, s.status);
  tx.commit();
  return id;
}

int64_t refer(db::Database& db, const audit::Context& ctx, const StepInput& in, const Referral& r) {
  db::Transaction tx(db);
  const CaseState s = load_state(db, in.case_id);
  check_step(db, s, Step::refer, in.date);
  if (text::clean(r.reason).empty())
    refuse(tr("cần nêu lý do chuyển tuyến (--reason)", "a referral needs a reason (--reason)"));
  // With only a birth year the person may be younger than the years tell (youngest_age_on).
  const bool minor = s.birth && text::youngest_age_on(*s.birth, in.date) < 18;
  // The reason for going without an escort, cleaned: a blank one is no reason.
  std::optional<std::string> forced;
  if (r.forced && !text::clean(*r.forced).empty()) forced = text::clean(*r.forced);
  if (minor && !r.escort && !forced)
    refuse(tr("người dưới 18 tuổi phải được đưa đi có người đi kèm (--escort); nếu không thể, "
              "dùng --force LÝ_DO",
              "a person under 18 is referred with an escort (--escort); if that cannot be, give "
              "--force REASON"));
  const int64_t to = find_or_add_agency(db, required_text(r.to_agency, "nơi nhận", "the receiver"));
  db::Statement ins(db, "INSERT INTO referral (case_id, from_agency_id, to_agency_id, reason, "
                        "escort, sent_date, updated_date) VALUES (?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, in.case_id).bind(2, find_or_add_agency(db, in.agency)).bind(3, to).bind(4, r.reason);
  ins.bind(5, r.escort ? 1 : 0).bind(6, in.date.iso()).bind(7, in.date.iso()).run();
  const int64_t referral_id = db.last_insert_id();
  json detail{{"referral", referral_id}, {"to", r.to_agency}, {"reason", r.reason},
              {"escort", r.escort}, {"minor", minor}};
  if (minor && !r.escort && forced) detail["forced"] = *forced;
  record(db, ctx, in, "refer_send", detail, s.status, s.status);
  tx.commit();
  return referral_id;
}

int64_t answer_referral(db::Database& db, const audit::Context& ctx, int64_t referral_id,
                        ReferralAction action, const text::Date& date,
                        const std::optional<std::string>& note,
                        const std::optional<std::string>& officer, std::optional<int64_t> of_case) {
  if (action == ReferralAction::decline && text::clean(note.value_or("")).empty())
    refuse(tr("từ chối tiếp nhận phải nói lý do (Thông tư 35/2013/TT-BLĐTBXH Điều 16 khoản 3: trả lời bằng văn bản, "
              "nêu rõ lý do)",
              "a decline needs its reason (Circular 35/2013/TT-BLĐTBXH Art. 16(3): a written answer that says why)"));
  db::Transaction tx(db);
  db::Statement st(db, "SELECT r.case_id, r.status, r.updated_date, t.name, f.name FROM referral r "
                       "JOIN agency t ON t.id = r.to_agency_id "
                       "LEFT JOIN agency f ON f.id = r.from_agency_id WHERE r.id = ?");
  st.bind(1, referral_id);
  if (!st.step())
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có việc chuyển tuyến #{}",
                                                           "no referral #{}")),
                                           referral_id));
  const int64_t case_id = st.int64(0);
  if (of_case && *of_case != case_id)
    refuse(fmt::format(fmt::runtime(tr("việc chuyển tuyến #{} thuộc hồ sơ #{}, không phải hồ sơ #{}",
                                       "referral #{} belongs to case #{}, not case #{}")),
                       referral_id, case_id, *of_case));
  const std::string status = st.text(1);
  const text::Date last = *text::from_iso(st.text(2));  // sent, or the previous answer
  const std::string to = st.text(3), from = st.opt_text(4).value_or(to);
  st.reset();
  if (auto why = referral_refusal(status, action)) refuse(*why);
  const CaseState s = load_state(db, case_id);
  check_date(s, date);
  if (date < last)
    refuse(fmt::format(fmt::runtime(tr("ngày {} trước bước trước của việc chuyển tuyến ({})",
                                       "{} is before the referral's previous step ({})")),
                       date.display(), last.display()));
  const std::string after = referral_status_after(action);
  db::Statement upd(db, "UPDATE referral SET status = ?, updated_date = ? WHERE id = ?");
  upd.bind(1, after).bind(2, date.iso()).bind(3, referral_id).run();
  json detail{{"referral", referral_id}, {"status", after}};
  if (note) detail["note"] = *note;
  const StepInput in{case_id, date, action == ReferralAction::revoke ? from : to, officer};
  const char* kinds[] = {"refer_accept", "refer_decline", "refer_complete", "refer_revoke"};
  const int64_t id = record(db, ctx, in, kinds[static_cast<int>(action)], detail, s.status, s.status);
  tx.commit();
  return id;
}

std::vector<TimelineEntry> timeline(db::Database& db, int64_t case_id) {
  std::vector<TimelineEntry> out;
  db::Statement c(db, "SELECT c.intake_date, a.name, c.intake_channel FROM case_file c "
                      "LEFT JOIN agency a ON a.id = c.receiving_agency_id WHERE c.id = ?");
  c.bind(1, case_id);
  if (!c.step())
    throw cases::no_such_case(case_id);
  out.push_back({c.text(0), "intake", c.opt_text(1).value_or(""), "", json{{"channel", c.text(2)}}});
  db::Statement e(db, "SELECT e.event_date, e.kind, a.name, e.officer, e.detail FROM case_event e "
                      "LEFT JOIN agency a ON a.id = e.agency_id WHERE e.case_id = ? "
                      "ORDER BY e.event_date, e.id");
  e.bind(1, case_id);
  while (e.step())
    out.push_back({e.text(0), e.text(1), e.opt_text(2).value_or(""), e.opt_text(3).value_or(""),
                   json::parse(e.opt_text(4).value_or("{}"))});
  return out;
}

}  // namespace hotro::workflow
