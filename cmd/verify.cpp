// SPDX-License-Identifier: MIT
// hotro verify start | decide | correct | protect: verification and identification (xác minh,
// xác định) and protection measures (biện pháp bảo vệ). The rules are in lib/workflow.h.
#include <iostream>

#include <fmt/format.h>

#include "batch.h"
#include "common.h"
#include "error.h"
#include "i18n.h"
#include "text/unicode.h"
#include "workflow.h"

namespace hotro::cmd {

namespace {

struct VerifyOptions {
  int64_t case_id = 0;
  std::string agency, officer, date;
  // decide / correct
  std::string result, certificate, issued_by, document, certificate_date, basis, reason;
  // protect
  std::string measure, until, for_whom;
};

workflow::StepInput step_input(const VerifyOptions& o) {
  return {o.case_id, date_option("--date", o.date), o.agency, optional_text(o.officer)};
}

bool victim_result(const VerifyOptions& o) { return o.result == "victim"; }

std::optional<workflow::Certificate> certificate(const VerifyOptions& o) {
  if (o.certificate.empty()) {
    if (!o.issued_by.empty() || !o.document.empty() || !o.certificate_date.empty())
      throw Error(Exit::usage, tr("--issued-by, --document và --certificate-date đi kèm --certificate SỐ",
                                  "--issued-by, --document and --certificate-date go with "
                                  "--certificate NUMBER"));
    return std::nullopt;
  }
  if (o.issued_by.empty() || o.document.empty())
    throw Error(Exit::usage, tr("--certificate cần --issued-by CƠ_QUAN và --document LOẠI",
                                "--certificate needs --issued-by AGENCY and --document TYPE"));
  return workflow::Certificate{o.certificate,
                               o.certificate_date.empty() ? date_option("--date", o.date)
                                                          : date_option("--certificate-date", o.certificate_date),
                               o.issued_by, o.document};
}

void done(const Global& g, int64_t case_id, const char* vi, const char* en) {
  if (!g.quiet) std::cout << fmt::format(fmt::runtime(g.tr(vi, en)), case_id) << '\n';
}

void add_common(CLI::App* sub, VerifyOptions& o, bool date_required) {
  sub->add_option("case", o.case_id, "Case id")->check(positive_number())->required();
  sub->add_option("--agency", o.agency, "The agency taking the step")->required();
  auto* date = sub->add_option("--date", o.date, date_required ? "Date of the step"
                                                               : "Date of the step (default: today)");
  if (date_required) date->required();
  sub->add_option("--officer", o.officer, "The responsible officer (cán bộ)");
}

void add_decision(CLI::App* sub, VerifyOptions& o) {
  sub->add_option("--result", o.result, "victim or not-victim")
      ->required()
      ->check(CLI::IsMember({"victim", "not-victim"}));
  sub->add_option("--certificate", o.certificate, "Number of the written confirmation (giấy xác nhận)");
  sub->add_option("--issued-by", o.issued_by, "Agency that issued it");
  sub->add_option("--document", o.document, "Which accepted document: district_police, "
                  "rescuing_agency, procedural_body, foreign_authority (Law 2011 Art. 28)");
  sub->add_option("--certificate-date", o.certificate_date, "Its date (default: --date)");
}

}  // namespace

void register_verify(CLI::App& app, Global& g) {
  auto* v = app.add_subcommand("verify", "Verification, identification and protection (xác minh, "
                                         "xác định, bảo vệ)");
  v->require_subcommand(1);

  auto start = std::make_shared<VerifyOptions>();
  auto* s = v->add_subcommand("start", "Open verification: the person is being identified as a victim");
  add_common(s, *start, false);
  s->callback([&g, start] {
    auto db = g.open_write();
    workflow::start_verification(*db, g.context("verify start"), step_input(*start));
    done(g, start->case_id, "Hồ sơ #{}: đang trong quá trình xác định là nạn nhân",
         "Case #{}: being identified as a victim");
  });

  auto dec = std::make_shared<VerifyOptions>();
  auto* d = v->add_subcommand("decide", "Record the decision: victim (with its certificate) or not");
  add_common(d, *dec, true);
  add_decision(d, *dec);
  d->add_option("--basis", dec->basis, "Legal grounds or evidence for the decision");
  d->callback([&g, dec] {
    auto db = g.open_write();
    workflow::decide(*db, g.context("verify decide"), step_input(*dec), victim_result(*dec),
                     certificate(*dec), optional_text(dec->basis));
    done(g, dec->case_id, victim_result(*dec) ? "Hồ sơ #{}: đã xác định là nạn nhân" : "Hồ sơ #{}: không phải nạn nhân",
         victim_result(*dec) ? "Case #{}: identified victim" : "Case #{}: not a victim");
  });

  auto cor = std::make_shared<VerifyOptions>();
  auto* c = v->add_subcommand("correct", "Correct a decision, saying why (audited)");
  add_common(c, *cor, false);
  add_decision(c, *cor);
  c->add_option("--reason", cor->reason, "Why the decision is corrected")->required();
  c->callback([&g, cor] {
    auto db = g.open_write();
    workflow::correct(*db, g.context("verify correct"), step_input(*cor), victim_result(*cor),
                      certificate(*cor), cor->reason);
    done(g, cor->case_id, "Hồ sơ #{}: đã sửa quyết định", "Case #{}: decision corrected");
  });

  auto pro = std::make_shared<VerifyOptions>();
  auto* p = v->add_subcommand("protect", "Record a protection measure for the victim or a relative");
  add_common(p, *pro, true);
  p->add_option("--measure", pro->measure, "Measure (Decree 62/2012 Art. 7): secret_evidence, "
                "secret_identity, guard, restrict_contact, temporary_shelter, relocation, "
                "prevent_harm, closed_trial")->required();
  p->add_option("--until", pro->until, "Last day of the measure");
  p->add_option("--for", pro->for_whom, "relative:NAME for a close relative (default: the victim)");
  p->callback([&g, pro] {
    std::optional<std::string> relative;
    if (!pro->for_whom.empty()) {
      if (pro->for_whom.rfind("relative:", 0) != 0 ||
          text::blank(std::string_view(pro->for_whom).substr(9)))
        throw Error(Exit::usage, g.tr("--for cần dạng relative:HỌ_TÊN", "--for takes relative:NAME"));
      relative = pro->for_whom.substr(9);
    }
    std::optional<text::Date> until;
    if (!pro->until.empty()) until = date_option("--until", pro->until);
    auto db = g.open_write();
    workflow::protect(*db, g.context("verify protect"), step_input(*pro), pro->measure, until, relative);
    done(g, pro->case_id, "Hồ sơ #{}: đã ghi biện pháp bảo vệ", "Case #{}: protection measure recorded");
  });

  add_batch_import(*v, g, workflow::Form::verify);
}

}  // namespace hotro::cmd
