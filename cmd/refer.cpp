// SPDX-License-Identifier: MIT
// hotro refer send | accept | decline | complete | revoke: referrals (chuyển tuyến) between
// agencies and to the place of residence. The rules are in lib/workflow.h.
#include <iostream>

#include <fmt/format.h>

#include "batch.h"
#include "codes.h"
#include "common.h"
#include "error.h"
#include "text/unicode.h"
#include "workflow.h"

namespace hotro::cmd {

namespace {

struct SendOptions {
  int64_t case_id = 0;
  std::string agency, officer, date, to, reason, force;
  bool escort = false;
};

struct AnswerOptions {
  int64_t referral_id = 0;
  std::string date, note, officer;
};

void add_answer(CLI::App& refer, Global& g, const char* name, const char* help,
                workflow::ReferralAction action) {
  auto o = std::make_shared<AnswerOptions>();
  auto* sub = refer.add_subcommand(name, help);
  sub->add_option("referral", o->referral_id, "Referral id (printed by refer send)")->check(positive_number())->required();
  sub->add_option("--date", o->date, "Date (default: today)");
  sub->add_option("--note", o->note, "Note");
  sub->add_option("--officer", o->officer, "The responsible officer");
  sub->callback([&g, o, action, name] {
    if (action == workflow::ReferralAction::decline && text::blank(o->note))
      throw Error(Exit::usage, g.tr("cần --note: lý do từ chối (Thông tư 35/2013/TT-BLĐTBXH Điều 16 khoản 3)",
                                    "--note is required: why the referral is declined (Circular 35/2013/TT-BLĐTBXH Art. 16(3))"));
    auto db = g.open_write();
    workflow::answer_referral(*db, g.context(std::string("refer ") + name), o->referral_id, action,
                              date_option("--date", o->date), optional_text(o->note),
                              optional_text(o->officer));
    if (!g.quiet)
      std::cout << fmt::format(fmt::runtime(g.tr("Chuyển tuyến #{}: {}", "Referral #{}: {}")),
                               o->referral_id,
                               CodeLists(*db).label("referral_status",
                                                    workflow::referral_status_after(action), g.lang))
                << '\n';
  });
}

}  // namespace

void register_refer(CLI::App& app, Global& g) {
  auto* refer = app.add_subcommand("refer", "Referrals between agencies and home (chuyển tuyến)");
  refer->require_subcommand(1);

  auto o = std::make_shared<SendOptions>();
  auto* send = refer->add_subcommand("send", "Refer a case to an agency; prints the referral id");
  send->add_option("case", o->case_id, "Case id")->check(positive_number())->required();
  send->add_option("--to", o->to, "Receiving agency or facility")->required();
  send->add_option("--reason", o->reason, "Why (e.g. support at a facility, return home)")->required();
  send->add_option("--agency", o->agency, "The sending agency")->required();
  send->add_option("--date", o->date, "Date sent (default: today)");
  send->add_option("--officer", o->officer, "The responsible officer");
  send->add_flag("--escort", o->escort, "The person travels escorted (required for minors)");
  send->add_option("--force", o->force, "Why a minor travels without an escort (audited)");
  send->callback([&g, o] {
    if (o->escort && !o->force.empty())
      throw Error(Exit::usage, g.tr("--escort và --force không dùng cùng nhau",
                                    "--escort and --force do not go together"));
    auto db = g.open_write();
    const int64_t id = workflow::refer(
        *db, g.context("refer send"),
        {o->case_id, date_option("--date", o->date), o->agency, optional_text(o->officer)},
        {o->to, o->reason, o->escort, optional_text(o->force)});
    std::cout << id << '\n';
  });

  add_answer(*refer, g, "accept", "The receiver accepts the referral", workflow::ReferralAction::accept);
  add_answer(*refer, g, "decline", "The receiver declines it", workflow::ReferralAction::decline);
  add_answer(*refer, g, "complete", "The person has arrived and the referral is done",
             workflow::ReferralAction::complete);
  add_answer(*refer, g, "revoke", "The sender withdraws the referral", workflow::ReferralAction::revoke);
  add_batch_import(*refer, g, workflow::Form::refer);
}

}  // namespace hotro::cmd
