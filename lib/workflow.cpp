// SPDX-License-Identifier: MIT
#include "workflow.h"

#include <fmt/format.h>

#include "agency.h"
#include "clock.h"
#include "codes.h"
#include "error.h"
#include "i18n.h"
#include "text/unicode.h"

namespace hotro::workflow {

namespace {

bool decided(const std::string& status) { return status == "identified" || status == "not_victim"; }

[[noreturn]] void refuse(const std::string& why) { throw Error(Exit::data, why); }

// What the rules need to know about a case.
struct CaseState {
  std::string status;
  text::Date intake;
  std::optional<text::Date> birth;
  std::optional<text::Date> last_verification;  // date of the latest verify_* event
  std::optional<text::Date> verification_start;  // date verification started
};

CaseState load_state(db::Database& db, int64_t case_id) {
  db::Statement st(db,
                   "SELECT c.status, c.intake_date, p.birth_date, "
                   "(SELECT max(event_date) FROM case_event e WHERE e.case_id = c.id AND "
                   "e.kind IN ('verify_start', 'verify_decide', 'verify_correct')), "
                   "(SELECT min(event_date) FROM case_event e WHERE e.case_id = c.id AND "
                   "e.kind = 'verify_start') "
                   "FROM case_file c JOIN person p ON p.id = c.person_id WHERE c.id = ?");
  st.bind(1, case_id);
  if (!st.step())
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có hồ sơ #{}", "no case #{}")), case_id));
  CaseState s{st.text(0), *text::from_iso(st.text(1)), std::nullopt, std::nullopt, std::nullopt};
  if (auto b = st.opt_text(2)) s.birth = text::from_iso(*b);
  if (auto v = st.opt_text(3)) s.last_verification = text::from_iso(*v);
  if (auto v = st.opt_text(4)) s.verification_start = text::from_iso(*v);
  return s;
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

void check_step(const CaseState& s, Step step, const text::Date& d) {
  if (auto why = refusal(s.status, step)) refuse(*why);
  check_date(s, d);
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
  if (c.number.empty()) refuse(tr("giấy xác nhận cần có số", "the certificate needs its number"));
  if (c.issued_by.empty())
    refuse(tr("giấy xác nhận cần có cơ quan cấp", "the certificate needs its issuing agency"));
  if (decision < c.date)
    refuse(fmt::format(fmt::runtime(tr("giấy xác nhận ngày {} sau ngày quyết định {}",
                                       "the certificate of {} is dated after the decision of {}")),
                       c.date.display(), decision.display()));
  return {{"number", c.number}, {"date", c.date.iso()}, {"issued_by", c.issued_by},
          {"document", *document}};
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
  const bool known = status == "received" || status == "being_identified" || decided(status);
  if (!known)
    return fmt::format(fmt::runtime(tr("tình trạng hồ sơ '{}' không xác định", "unknown case status '{}'")),
                       status);
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
      return std::nullopt;
  }
  return std::nullopt;
}

std::string status_after(const std::string& status, Step step, bool victim) {
  switch (step) {
    case Step::start: return "being_identified";
    case Step::decide:
    case Step::correct: return victim ? "identified" : "not_victim";
    case Step::protect:
    case Step::refer: return status;
  }
  return status;
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

int64_t start_verification(db::Database& db, const audit::Context& ctx, const StepInput& in) {
  db::Transaction tx(db);
  const CaseState s = load_state(db, in.case_id);
  check_step(s, Step::start, in.date);
  const int64_t id = record(db, ctx, in, "verify_start", json::object(), s.status,
                            status_after(s.status, Step::start, false));
  tx.commit();
  return id;
}

int64_t decide(db::Database& db, const audit::Context& ctx, const StepInput& in, bool victim,
               const std::optional<Certificate>& certificate, const std::optional<std::string>& basis) {
  db::Transaction tx(db);
  const CaseState s = load_state(db, in.case_id);
  check_step(s, Step::decide, in.date);
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
  check_step(s, Step::correct, in.date);
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
  check_step(s, Step::protect, in.date);
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
  detail["for"] = relative ? json{{"relative", *relative}} : json("victim");
  const int64_t id = record(db, ctx, in, "protect", detail, s.status, s.status);
  tx.commit();
  return id;
}

int64_t refer(db::Database& db, const audit::Context& ctx, const StepInput& in, const Referral& r) {
  db::Transaction tx(db);
  const CaseState s = load_state(db, in.case_id);
  check_step(s, Step::refer, in.date);
  if (text::clean(r.reason).empty())
    refuse(tr("cần nêu lý do chuyển tuyến (--reason)", "a referral needs a reason (--reason)"));
  // With only a birth year the person may be younger than the years tell: counted as a minor
  // while under 19 by years (Circular 35/2013: when in doubt, treat the person as a child).
  const bool minor = s.birth && (s.birth->year_only() ? in.date.year - s.birth->year <= 18
                                                      : text::age_on(*s.birth, in.date) < 18);
  if (minor && !r.escort && !r.forced)
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
  if (minor && !r.escort && r.forced) detail["forced"] = *r.forced;
  record(db, ctx, in, "refer_send", detail, s.status, s.status);
  tx.commit();
  return referral_id;
}

int64_t answer_referral(db::Database& db, const audit::Context& ctx, int64_t referral_id,
                        ReferralAction action, const text::Date& date,
                        const std::optional<std::string>& note,
                        const std::optional<std::string>& officer) {
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
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có hồ sơ #{}", "no case #{}")), case_id));
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
