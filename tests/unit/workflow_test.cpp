// SPDX-License-Identifier: MIT
// lib/workflow.{h,cpp}: every allowed and every refused step of the case workflow, and of a
// referral; then the recorded events on a real library.
#include <doctest/doctest.h>

#include <map>

#include "intake/add.h"
#include "intake/record.h"
#include "test_support.h"
#include "workflow.h"

using namespace hotro::test;
using hotro::Exit;
using hotro::text::Date;
using namespace hotro::workflow;
namespace db = hotro::db;

namespace {

const std::vector<std::string> kStatuses = {"received", "being_identified", "identified", "not_victim"};
const std::vector<std::pair<Step, const char*>> kSteps = {
    {Step::start, "start"}, {Step::decide, "decide"}, {Step::correct, "correct"},
    {Step::protect, "protect"}, {Step::refer, "refer"}};

}  // namespace

TEST_CASE("workflow: every step from every status is allowed or refused as the law says") {
  EnglishMessages english;
  // status → the steps allowed from it; every other pair must be refused with a reason.
  const std::map<std::string, std::vector<Step>> allowed = {
      {"received", {Step::start, Step::refer}},
      {"being_identified", {Step::decide, Step::protect, Step::refer}},
      {"identified", {Step::correct, Step::protect, Step::refer}},
      {"not_victim", {Step::correct, Step::refer}},
  };
  for (const auto& status : kStatuses) {
    for (const auto& step_name : kSteps) {  // (clang: no structured binding in CAPTURE's lambda)
      const Step step = step_name.first;
      CAPTURE(status);
      CAPTURE(step_name.second);
      const auto& ok = allowed.at(status);
      const bool expected = std::find(ok.begin(), ok.end(), step) != ok.end();
      const auto why = refusal(status, step);
      CHECK(why.has_value() == !expected);
      if (why) CHECK_FALSE(why->empty());
    }
  }
  CHECK(refusal("archived", Step::refer).has_value());  // an unknown status is never allowed
}

TEST_CASE("workflow: closing and reopening from every status, and what a closed case refuses") {
  EnglishMessages english;
  const std::vector<std::pair<Step, const char*>> all = {
      {Step::start, "start"},     {Step::decide, "decide"}, {Step::correct, "correct"},
      {Step::protect, "protect"}, {Step::refer, "refer"},   {Step::support, "support"},
      {Step::close, "close"},     {Step::reopen, "reopen"}};
  // A closed case takes only a reopening; every other status may be closed except while being
  // identified (close_case() lets --force set that aside), takes supports, and is not reopened.
  for (const auto& status : kStatuses) {
    CAPTURE(status);
    CHECK(refusal(status, Step::close).has_value() == (status == "being_identified"));
    CHECK_FALSE(refusal(status, Step::support).has_value());
    CHECK(contains(*refusal(status, Step::reopen), "not closed"));
  }
  for (const auto& step_name : all) {
    const Step step = step_name.first;
    CAPTURE(step_name.second);
    const auto why = refusal("closed", step);
    CHECK(why.has_value() == (step != Step::reopen));
    if (why && step != Step::close) CHECK(contains(*why, "reopen it first"));
  }
  CHECK(contains(*refusal("closed", Step::refer), "a closed case cannot be referred"));
  CHECK(contains(*refusal("closed", Step::close), "already closed"));
  CHECK(contains(*refusal("being_identified", Step::close), "--force"));
  // The reason 'not_victim' needs that decision.
  CHECK_FALSE(close_reason_refusal("not_victim", "not_victim").has_value());
  CHECK(close_reason_refusal("identified", "not_victim").has_value());
  CHECK(close_reason_refusal("received", "not_victim").has_value());
  CHECK_FALSE(close_reason_refusal("identified", "reintegrated").has_value());
}

TEST_CASE("workflow: the status after closing and reopening, and a standing replayed from events") {
  for (const auto& status : kStatuses) {
    CHECK(status_after(status, Step::close, false) == "closed");
    CHECK(status_after("closed", Step::reopen, false, status) == status);
    CHECK(status_after(status, Step::support, true) == status);
  }
  Standing s;
  CHECK(s.status == "received");
  s.apply("verify_start", Date{2026, 3, 2}, json::object());
  s.apply("protect", Date{2026, 3, 3}, json{{"measure", "guard"}});
  s.apply("verify_decide", Date{2026, 3, 4}, json{{"result", "victim"}});
  CHECK(s.status == "identified");
  s.apply("case_close", Date{2026, 4, 1}, json{{"reason", "reintegrated"}});
  CHECK(s.status == "closed");
  CHECK(s.before_closure == "identified");
  CHECK(s.closed_on == Date{2026, 4, 1});
  CHECK(s.close_reason == "reintegrated");
  s.apply("case_reopen", Date{2026, 5, 1}, json{{"reason", "trở về địa phương"}});
  CHECK(s.status == "identified");
  CHECK_FALSE(s.closed_on.has_value());
  CHECK(s.reopened_on == Date{2026, 5, 1});
  CHECK(s.verification_started == Date{2026, 3, 2});
}

TEST_CASE("workflow: the status after each step") {
  CHECK(status_after("received", Step::start, false) == "being_identified");
  CHECK(status_after("being_identified", Step::decide, true) == "identified");
  CHECK(status_after("being_identified", Step::decide, false) == "not_victim");
  CHECK(status_after("identified", Step::correct, false) == "not_victim");
  CHECK(status_after("not_victim", Step::correct, true) == "identified");
  for (const auto& status : kStatuses) {
    CHECK(status_after(status, Step::protect, true) == status);
    CHECK(status_after(status, Step::refer, true) == status);
  }
}

TEST_CASE("workflow: every referral action from every referral status") {
  EnglishMessages english;
  const std::vector<std::pair<ReferralAction, const char*>> actions = {
      {ReferralAction::accept, "accept"}, {ReferralAction::decline, "decline"},
      {ReferralAction::complete, "complete"}, {ReferralAction::revoke, "revoke"}};
  const std::map<std::string, std::vector<ReferralAction>> allowed = {
      {"sent", {ReferralAction::accept, ReferralAction::decline, ReferralAction::revoke}},
      {"accepted", {ReferralAction::complete, ReferralAction::revoke}},
      {"declined", {}},
      {"completed", {}},
      {"revoked", {}},
  };
  for (const auto& status_ok : allowed) {
    const auto& [status, ok] = status_ok;
    for (const auto& action_name : actions) {
      const ReferralAction action = action_name.first;
      CAPTURE(status_ok.first);
      CAPTURE(action_name.second);
      const bool expected = std::find(ok.begin(), ok.end(), action) != ok.end();
      CHECK(referral_refusal(status, action).has_value() == !expected);
    }
  }
  CHECK(referral_status_after(ReferralAction::accept) == "accepted");
  CHECK(referral_status_after(ReferralAction::decline) == "declined");
  CHECK(referral_status_after(ReferralAction::complete) == "completed");
  CHECK(referral_status_after(ReferralAction::revoke) == "revoked");
}

namespace {

// A library with one case: intake on 01/03/2026 of a person born `birth`.
struct OneCase {
  EnglishMessages english;
  ScopedEnv today{"HOTRO_TODAY", "2026-06-30"};
  ScopedEnv now{"HOTRO_NOW", "2026-06-30T08:00:00Z"};
  TempDir dir{"workflow"};
  std::unique_ptr<db::Database> lib = new_library(dir.file("hotro.db"));
  hotro::audit::Context ctx{"lan", "verify"};
  int64_t case_id = 0;

  explicit OneCase(const char* birth = "1995-04-02") {
    hotro::intake::Record r;
    r.full_name = "Lò Thị Mai";
    r.birth = *hotro::text::from_iso(birth);
    r.intake_date = Date{2026, 3, 1};
    r.intake_channel = "handed_over";
    case_id = hotro::intake::add_case(*lib, ctx, r, {}, hotro::intake::OnDuplicate::link).case_id;
  }
  StepInput on(Date d) { return {case_id, d, "Công an huyện", std::nullopt}; }
  std::string status() {
    return query_text(*lib, "SELECT status FROM case_file WHERE id = " + std::to_string(case_id));
  }
  int64_t events() { return query_int(*lib, "SELECT count(*) FROM case_event"); }
  int64_t audits() { return query_int(*lib, "SELECT count(*) FROM audit"); }
};

Certificate certificate(Date d) { return {"12/GXN", d, "Công an huyện Đồng Văn", "district_police"}; }

}  // namespace

TEST_CASE("workflow: a case through verification, protection and referral") {
  OneCase c;
  start_verification(*c.lib, c.ctx, c.on(Date{2026, 3, 2}));
  CHECK(c.status() == "being_identified");
  protect(*c.lib, c.ctx, c.on(Date{2026, 3, 3}), "temporary_shelter", Date{2026, 4, 3}, std::nullopt);
  decide(*c.lib, c.ctx, c.on(Date{2026, 3, 20}), true, certificate(Date{2026, 3, 20}), "Art. 5(1)");
  CHECK(c.status() == "identified");
  protect(*c.lib, c.ctx, c.on(Date{2026, 3, 21}), "Giữ bí mật nhân thân", std::nullopt, "Lò Văn Pọm");
  const int64_t ref = refer(*c.lib, c.ctx, c.on(Date{2026, 3, 22}), {"Trung tâm CTXH", "hỗ trợ", false, std::nullopt});
  answer_referral(*c.lib, c.ctx, ref, ReferralAction::accept, Date{2026, 3, 23}, std::nullopt);
  answer_referral(*c.lib, c.ctx, ref, ReferralAction::complete, Date{2026, 3, 25}, "đã đến");
  correct(*c.lib, c.ctx, c.on(Date{2026, 4, 1}), false, std::nullopt, "giấy xác nhận cấp nhầm người");
  CHECK(c.status() == "not_victim");

  const auto t = timeline(*c.lib, c.case_id);
  std::vector<std::string> kinds;
  for (const auto& e : t) kinds.push_back(e.kind);
  CHECK(kinds == std::vector<std::string>{"intake", "verify_start", "protect", "verify_decide", "protect",
                                          "refer_send", "refer_accept", "refer_complete", "verify_correct"});
  CHECK(t[3].detail["certificate"]["document"] == "district_police");
  CHECK(t[4].detail["measure"] == "secret_identity");
  CHECK(t[4].detail["for"]["relative"] == "Lò Văn Pọm");
  // One audit entry per event (plus the intake), each event pointing at its own.
  CHECK(c.audits() == c.events() + 1);
  CHECK(query_int(*c.lib, "SELECT count(*) FROM case_event e JOIN audit a ON a.id = e.audit_id "
                          "WHERE json_extract(a.after, '$.event.kind') = e.kind") == c.events());
  CHECK(hotro::audit::verify(*c.lib).problems.empty());
}

TEST_CASE("workflow: impossible histories are refused, and nothing is written") {
  OneCase c;
  const auto refused = [&](auto&& step, const char* what) {
    const int64_t events = c.events(), audits = c.audits();
    const std::string status = c.status();
    CHECK(contains(error_of(step, Exit::data), what));
    CHECK(c.events() == events);
    CHECK(c.audits() == audits);
    CHECK(c.status() == status);
  };
  refused([&] { decide(*c.lib, c.ctx, c.on(Date{2026, 3, 5}), true, certificate(Date{2026, 3, 5}), std::nullopt); },
          "before verification has started");
  refused([&] { start_verification(*c.lib, c.ctx, c.on(Date{2026, 2, 28})); }, "before the intake");
  refused([&] { start_verification(*c.lib, c.ctx, c.on(Date{2026, 7, 1})); }, "in the future");
  refused([&] { protect(*c.lib, c.ctx, c.on(Date{2026, 3, 5}), "guard", std::nullopt, std::nullopt); },
          "start verification first");
  start_verification(*c.lib, c.ctx, c.on(Date{2026, 3, 10}));
  refused([&] { start_verification(*c.lib, c.ctx, c.on(Date{2026, 3, 11})); }, "already started");
  refused([&] { decide(*c.lib, c.ctx, c.on(Date{2026, 3, 9}), false, std::nullopt, std::nullopt); },
          "before the previous verification step");
  refused([&] { decide(*c.lib, c.ctx, c.on(Date{2026, 3, 12}), true, std::nullopt, std::nullopt); },
          "needs the written confirmation");
  refused([&] { decide(*c.lib, c.ctx, c.on(Date{2026, 3, 12}), false, certificate(Date{2026, 3, 12}), std::nullopt); },
          "goes only with a decision");
  refused([&] {
    decide(*c.lib, c.ctx, c.on(Date{2026, 3, 12}), true, Certificate{"1", Date{2026, 3, 12}, "X", "letter"}, std::nullopt);
  }, "unknown document type");
  refused([&] { decide(*c.lib, c.ctx, c.on(Date{2026, 3, 12}), true, certificate(Date{2026, 3, 13}), std::nullopt); },
          "dated after the decision");
  refused([&] { protect(*c.lib, c.ctx, c.on(Date{2026, 3, 12}), "hug", std::nullopt, std::nullopt); },
          "unknown protection measure");
  refused([&] { protect(*c.lib, c.ctx, c.on(Date{2026, 3, 12}), "guard", Date{2026, 3, 11}, std::nullopt); },
          "before the start");
  refused([&] { protect(*c.lib, c.ctx, c.on(Date{2026, 3, 12}), "guard", std::nullopt, std::string(" \t")); },
          "missing the relative's name");
  decide(*c.lib, c.ctx, c.on(Date{2026, 3, 12}), true, certificate(Date{2026, 3, 12}), std::nullopt);
  refused([&] { decide(*c.lib, c.ctx, c.on(Date{2026, 3, 13}), true, certificate(Date{2026, 3, 13}), std::nullopt); },
          "already decided");
  refused([&] { correct(*c.lib, c.ctx, c.on(Date{2026, 3, 13}), false, std::nullopt, ""); }, "must say why");
  error_of([&] { start_verification(*c.lib, c.ctx, {999, Date{2026, 3, 2}, "X", std::nullopt}); }, Exit::noinput);
  error_of([&] { answer_referral(*c.lib, c.ctx, 999, ReferralAction::accept, Date{2026, 3, 2}, std::nullopt); },
           Exit::noinput);
}

TEST_CASE("workflow: a minor is referred with an escort, or with a stated reason") {
  OneCase c("2012-05-01");  // 13 at intake
  const Referral alone{"Trung tâm CTXH", "hỗ trợ", false, std::nullopt};
  CHECK(contains(error_of([&] { refer(*c.lib, c.ctx, c.on(Date{2026, 3, 2}), alone); }, Exit::data), "escort"));
  CHECK(c.events() == 0);
  // A blank reason is no reason.
  for (const char* blank : {"", " ", " \t\n "}) {
    CAPTURE(blank);
    const Referral no_reason{"Trung tâm CTXH", "hỗ trợ", false, std::string(blank)};
    CHECK(contains(error_of([&] { refer(*c.lib, c.ctx, c.on(Date{2026, 3, 2}), no_reason); }, Exit::data),
                   "escort"));
  }
  CHECK(c.events() == 0);
  const int64_t escorted = refer(*c.lib, c.ctx, c.on(Date{2026, 3, 2}), {"Trung tâm CTXH", "hỗ trợ", true, std::nullopt});
  const int64_t forced = refer(*c.lib, c.ctx, c.on(Date{2026, 3, 3}),
                               {"Trung tâm CTXH", "hỗ trợ", false, "gia đình đến đón tại trung tâm"});
  CHECK(escorted != forced);
  const auto t = timeline(*c.lib, c.case_id);
  CHECK(t[2].detail["forced"] == "gia đình đến đón tại trung tâm");
  CHECK(t[2].detail["minor"] == true);
  // Referral answers: dated after sending, one way only.
  CHECK(contains(error_of([&] { answer_referral(*c.lib, c.ctx, escorted, ReferralAction::accept, Date{2026, 3, 1}, std::nullopt); },
                          Exit::data), "before the referral's previous step"));
  answer_referral(*c.lib, c.ctx, escorted, ReferralAction::decline, Date{2026, 3, 4}, "hết chỗ");
  error_of([&] { answer_referral(*c.lib, c.ctx, escorted, ReferralAction::accept, Date{2026, 3, 5}, std::nullopt); }, Exit::data);
  answer_referral(*c.lib, c.ctx, forced, ReferralAction::revoke, Date{2026, 3, 5}, std::nullopt);
  CHECK(query_text(*c.lib, "SELECT group_concat(status, ',') FROM (SELECT status FROM referral ORDER BY id)") ==
        "declined,revoked");
}

TEST_CASE("workflow: steps keep their order, and blank text is not a value") {
  OneCase c;
  start_verification(*c.lib, c.ctx, c.on(Date{2026, 3, 10}));
  CHECK(contains(error_of([&] { protect(*c.lib, c.ctx, c.on(Date{2026, 3, 9}), "guard", std::nullopt, std::nullopt); },
                          Exit::data), "before verification started"));
  // Protection between the start and a decision recorded earlier is a true history.
  decide(*c.lib, c.ctx, c.on(Date{2026, 3, 20}), false, std::nullopt, std::nullopt);
  correct(*c.lib, c.ctx, c.on(Date{2026, 3, 21}), true, certificate(Date{2026, 3, 21}), "lời khai mới");
  protect(*c.lib, c.ctx, c.on(Date{2026, 3, 15}), "guard", std::nullopt, std::nullopt);
  CHECK(contains(error_of([&] { correct(*c.lib, c.ctx, c.on(Date{2026, 3, 22}), false, std::nullopt, "   "); },
                          Exit::data), "must say why"));
  CHECK(contains(error_of([&] { refer(*c.lib, c.ctx, {c.case_id, Date{2026, 3, 22}, "  ", std::nullopt},
                                      {"Trung tâm", "hỗ trợ", false, std::nullopt}); }, Exit::data), "missing the agency"));
  CHECK(contains(error_of([&] { refer(*c.lib, c.ctx, c.on(Date{2026, 3, 22}), {" ", "hỗ trợ", false, std::nullopt}); },
                          Exit::data), "missing the receiver"));
  const int64_t ref = refer(*c.lib, c.ctx, c.on(Date{2026, 3, 22}), {"Trung tâm", "hỗ trợ", false, std::nullopt});
  answer_referral(*c.lib, c.ctx, ref, ReferralAction::accept, Date{2026, 3, 25}, std::nullopt, "Chị Lan");
  CHECK(contains(error_of([&] { answer_referral(*c.lib, c.ctx, ref, ReferralAction::complete, Date{2026, 3, 24}, std::nullopt); },
                          Exit::data), "previous step"));
  CHECK(timeline(*c.lib, c.case_id).back().officer == "Chị Lan");
}

TEST_CASE("workflow: with only a birth year, a person who may be 17 is treated as a minor") {
  OneCase c("2008");  // referred in 2026: 17 or 18
  CHECK(contains(error_of([&] { refer(*c.lib, c.ctx, c.on(Date{2026, 3, 2}), {"Trung tâm", "hỗ trợ", false, std::nullopt}); },
                          Exit::data), "escort"));
  OneCase d("2007");  // 18 or 19: an adult
  refer(*d.lib, d.ctx, d.on(Date{2026, 3, 2}), {"Trung tâm", "hỗ trợ", false, "không cần"});
  CHECK_FALSE(timeline(*d.lib, d.case_id).back().detail.contains("forced"));  // only a minor's
}

TEST_CASE("workflow: a case is closed with a reason, refuses new steps, and reopens where it was") {
  OneCase c;
  start_verification(*c.lib, c.ctx, c.on(Date{2026, 3, 2}));
  decide(*c.lib, c.ctx, c.on(Date{2026, 3, 20}), true, certificate(Date{2026, 3, 20}), std::nullopt);
  const int64_t events = c.events(), audits = c.audits();
  close_case(*c.lib, c.ctx, c.on(Date{2026, 4, 10}), {"tái hòa nhập cộng đồng", std::nullopt, std::nullopt});
  CHECK(c.status() == "closed");
  CHECK(c.events() == events + 1);
  CHECK(c.audits() == audits + 1);
  const auto closed = timeline(*c.lib, c.case_id).back();
  CHECK(closed.kind == "case_close");
  CHECK(closed.date == "2026-04-10");
  CHECK(closed.detail["reason"] == "reintegrated");
  CHECK(closed.detail["from"] == "identified");
  CHECK(query_text(*c.lib, "SELECT json_extract(before, '$.status') || '>' || json_extract(after, '$.status') "
                           "FROM audit ORDER BY id DESC LIMIT 1") == "identified>closed");

  // Every new step is refused, naming the closure's date; nothing is written.
  const auto refused = [&](auto&& step, const char* what) {
    const int64_t e = c.events(), a = c.audits();
    const std::string why = error_of(step, Exit::data);
    CHECK(contains(why, "was closed on 10/04/2026 (Reintegrated into the community)"));
    CHECK(contains(why, what));
    CHECK(c.events() == e);
    CHECK(c.audits() == a);
    CHECK(c.status() == "closed");
  };
  refused([&] { refer(*c.lib, c.ctx, c.on(Date{2026, 4, 11}), {"Trung tâm CTXH", "hỗ trợ", false, std::nullopt}); },
          "cannot be referred");
  refused([&] { protect(*c.lib, c.ctx, c.on(Date{2026, 4, 11}), "guard", std::nullopt, std::nullopt); }, "reopen it first");
  refused([&] { correct(*c.lib, c.ctx, c.on(Date{2026, 4, 11}), false, std::nullopt, "nhầm"); }, "reopen it first");
  refused([&] { start_verification(*c.lib, c.ctx, c.on(Date{2026, 4, 11})); }, "reopen it first");
  refused([&] { check_allowed(*c.lib, c.case_id, Step::support, Date{2026, 4, 11}); }, "no new or approved support");
  refused([&] { close_case(*c.lib, c.ctx, c.on(Date{2026, 4, 12}), {"died", std::nullopt, "x"}); }, "already closed");
  CHECK(query_int(*c.lib, "SELECT count(*) FROM referral") == 0);

  // Reopening: not before the closure, with a reason; back to the status it was closed from.
  CHECK(contains(error_of([&] { reopen_case(*c.lib, c.ctx, c.on(Date{2026, 4, 9}), "trở về"); }, Exit::data),
                 "the reopening on 09/04/2026 is before the closure (10/04/2026)"));
  CHECK(contains(error_of([&] { reopen_case(*c.lib, c.ctx, c.on(Date{2026, 4, 15}), "  "); }, Exit::data),
                 "missing the reason for reopening"));
  reopen_case(*c.lib, c.ctx, c.on(Date{2026, 4, 15}), "người bị mua bán lại, cần hỗ trợ");
  CHECK(c.status() == "identified");
  CHECK(standing(*c.lib, c.case_id).status == "identified");
  CHECK(timeline(*c.lib, c.case_id).back().detail["to"] == "identified");
  CHECK(contains(error_of([&] { reopen_case(*c.lib, c.ctx, c.on(Date{2026, 4, 16}), "x"); }, Exit::data), "not closed"));
  // Steps after a reopening are dated no earlier than it, so the history replays in order.
  CHECK(contains(error_of([&] { protect(*c.lib, c.ctx, c.on(Date{2026, 4, 12}), "guard", std::nullopt, std::nullopt); },
                          Exit::data), "before the case was reopened (15/04/2026)"));
  protect(*c.lib, c.ctx, c.on(Date{2026, 4, 16}), "guard", std::nullopt, std::nullopt);
  // As of a past date, the standing is the one of then.
  CHECK(standing(*c.lib, c.case_id, Date{2026, 4, 12}).status == "closed");
  CHECK(standing(*c.lib, c.case_id, Date{2026, 3, 10}).status == "being_identified");
  CHECK(standing(*c.lib, c.case_id, Date{2026, 3, 1}).status == "received");
  CHECK(c.audits() == c.events() + 1);
  CHECK(hotro::audit::verify(*c.lib).problems.empty());
}

TEST_CASE("workflow: what closing a case needs") {
  OneCase c;
  const auto refused = [&](auto&& step, const std::string& what) {
    const int64_t events = c.events();
    const std::string status = c.status();
    CHECK(contains(error_of(step, Exit::data), what));
    CHECK(c.events() == events);
    CHECK(c.status() == status);
  };
  refused([&] { close_case(*c.lib, c.ctx, c.on(Date{2026, 3, 2}), {"gone fishing", std::nullopt, std::nullopt}); },
          "unknown reason for closing");
  refused([&] { close_case(*c.lib, c.ctx, c.on(Date{2026, 3, 2}), {"other", "  ", std::nullopt}); }, "needs a note");
  refused([&] { close_case(*c.lib, c.ctx, c.on(Date{2026, 3, 2}), {"not_victim", std::nullopt, std::nullopt}); },
          "needs the decision that the person is not a victim");
  refused([&] { close_case(*c.lib, c.ctx, c.on(Date{2026, 2, 27}), {"died", std::nullopt, std::nullopt}); },
          "before the intake");
  // Being identified: the decision first, or --force with a reason.
  start_verification(*c.lib, c.ctx, c.on(Date{2026, 3, 5}));
  refused([&] { close_case(*c.lib, c.ctx, c.on(Date{2026, 3, 6}), {"moved_away", std::nullopt, std::nullopt}); },
          "record the decision");
  refused([&] { close_case(*c.lib, c.ctx, c.on(Date{2026, 3, 6}), {"moved_away", std::nullopt, " "}); },
          "record the decision");
  // An open referral: how it ended first, or --force.
  const int64_t ref = refer(*c.lib, c.ctx, c.on(Date{2026, 3, 7}), {"Trung tâm CTXH", "hỗ trợ", false, std::nullopt});
  decide(*c.lib, c.ctx, c.on(Date{2026, 3, 8}), false, std::nullopt, std::nullopt);
  refused([&] { close_case(*c.lib, c.ctx, c.on(Date{2026, 3, 9}), {"not_victim", std::nullopt, std::nullopt}); },
          "referral #" + std::to_string(ref) + " to Trung tâm CTXH (sent) is still open");
  // Not before the case's latest event.
  refused([&] { answer_referral(*c.lib, c.ctx, ref, ReferralAction::decline, Date{2026, 3, 10}, std::nullopt); },
          "a decline needs its reason");
  refused([&] { answer_referral(*c.lib, c.ctx, ref, ReferralAction::decline, Date{2026, 3, 10}, " "); },
          "a decline needs its reason");
  refused([&] { answer_referral(*c.lib, c.ctx, ref, ReferralAction::decline, Date{2026, 3, 10}, "hết chỗ", std::nullopt,
                                c.case_id + 1); },
          "belongs to case #" + std::to_string(c.case_id) + ", not case #" + std::to_string(c.case_id + 1));
  answer_referral(*c.lib, c.ctx, ref, ReferralAction::decline, Date{2026, 3, 10}, "hết chỗ", std::nullopt, c.case_id);
  refused([&] { close_case(*c.lib, c.ctx, c.on(Date{2026, 3, 9}), {"not_victim", std::nullopt, std::nullopt}); },
          "before the case's latest event (10/03/2026)");
  close_case(*c.lib, c.ctx, c.on(Date{2026, 3, 10}), {"not_victim", "không cần hỗ trợ", std::nullopt});
  CHECK(c.status() == "closed");
  CHECK(timeline(*c.lib, c.case_id).back().detail["note"] == "không cần hỗ trợ");
  CHECK_FALSE(timeline(*c.lib, c.case_id).back().detail.contains("forced"));
}

TEST_CASE("workflow: --force closes a case being identified with a referral open, and says so") {
  OneCase c;
  start_verification(*c.lib, c.ctx, c.on(Date{2026, 3, 5}));
  const int64_t ref = refer(*c.lib, c.ctx, c.on(Date{2026, 3, 7}), {"Trung tâm CTXH", "hỗ trợ", false, std::nullopt});
  close_case(*c.lib, c.ctx, c.on(Date{2026, 3, 9}), {"died", std::nullopt, "giấy báo tử số 12"});
  CHECK(c.status() == "closed");
  const auto e = timeline(*c.lib, c.case_id).back();
  CHECK(e.detail["forced"] == "giấy báo tử số 12");
  CHECK(e.detail["refusals"].size() == 2);
  CHECK(e.detail["from"] == "being_identified");
  // The open referral can still be wound down; a new one cannot be sent.
  answer_referral(*c.lib, c.ctx, ref, ReferralAction::revoke, Date{2026, 3, 10}, "người đã mất");
  CHECK(contains(error_of([&] { refer(*c.lib, c.ctx, c.on(Date{2026, 3, 10}), {"X", "y", false, std::nullopt}); },
                          Exit::data), "was closed on 09/03/2026 (Died)"));
  reopen_case(*c.lib, c.ctx, c.on(Date{2026, 3, 12}), "giấy báo tử nhầm người");
  CHECK(c.status() == "being_identified");
}
