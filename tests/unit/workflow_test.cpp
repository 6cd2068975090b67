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
    for (const auto& [step, name] : kSteps) {
      CAPTURE(status);
      CAPTURE(name);
      const auto& ok = allowed.at(status);
      const bool expected = std::find(ok.begin(), ok.end(), step) != ok.end();
      const auto why = refusal(status, step);
      CHECK(why.has_value() == !expected);
      if (why) CHECK_FALSE(why->empty());
    }
  }
  CHECK(refusal("closed", Step::refer).has_value());  // an unknown status is never allowed
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
  for (const auto& [status, ok] : allowed) {
    for (const auto& [action, name] : actions) {
      CAPTURE(status);
      CAPTURE(name);
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
