// SPDX-License-Identifier: MIT
// hotro case list | show | timeline | overdue: find and read cases, and what is late;
// hotro case close | reopen: the end of a case (kết thúc hồ sơ), and taking it up again.
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cases.h"
#include "codes.h"
#include "common.h"
#include "error.h"
#include "money.h"
#include "overdue.h"
#include "rules/rules.h"
#include "text/unicode.h"
#include "workflow.h"

namespace hotro::cmd {

namespace {

struct ListOptions {
  std::string period, status, agency, residence, name;
  int64_t limit = 0;
  bool json = false;
};

void run_list(const Global& g, const ListOptions& o) {
  auto db = g.open_read();
  std::optional<std::string> status;
  if (!o.status.empty()) {  // a code or its label ("closed", "Đã kết thúc hồ sơ"); a typo is an error, not 0 cases
    CodeLists codes(*db);
    status = codes.find("case_status", o.status);
    if (!status)
      throw Error(Exit::usage, fmt::format(fmt::runtime(g.tr("--status: không có trạng thái '{}' (một trong: received, "
                                                             "being_identified, identified, not_victim, closed)",
                                                             "--status: no status '{}' (one of: received, "
                                                             "being_identified, identified, not_victim, closed)")),
                                           o.status));
  }
  cases::Filter f{std::nullopt, status, optional_text(o.agency),
                  optional_text(o.residence), optional_text(o.name), o.limit};
  if (!o.period.empty()) {
    std::string why;
    f.period = parse_period(o.period, &why);
    if (!f.period) throw Error(Exit::usage, "--period: " + why);
  }
  auto rows = cases::list(*db, f);
  CodeLists codes(*db);
  if (o.json) {
    json out = json::array();
    for (const auto& r : rows)
      out.push_back({{"id", r.id}, {"intake_date", r.intake_date}, {"status", r.status},
                     {"intake_channel", r.channel}, {"full_name", r.full_name},
                     {"sex", r.sex.empty() ? json() : json(r.sex)},
                     {"birth_date", r.birth.empty() ? json() : json(r.birth)},
                     {"residence", r.residence.empty() ? json() : json(r.residence)},
                     {"agency", r.agency.empty() ? json() : json(r.agency)}});
    print_json(out);
    return;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& r : rows)
    table.push_back({std::to_string(r.id), display_date(r.intake_date),
                     codes.label("intake_channel", r.channel, g.lang), r.full_name,
                     r.sex.empty() ? "" : codes.label("sex", r.sex, g.lang), display_date(r.birth),
                     r.residence, r.agency});
  print_table({"#", g.tr("Ngày tiếp nhận", "Intake date"), g.tr("Hình thức", "Channel"),
               g.tr("Họ và tên", "Name"), g.tr("Giới tính", "Sex"), g.tr("Ngày sinh", "Born"),
               g.tr("Nơi cư trú", "Residence"), g.tr("Cơ quan", "Agency")},
              table);
  if (!g.quiet) std::cout << fmt::format(fmt::runtime(tr_n(rows.size(), "{} hồ sơ\n", "{} case\n", "{} cases\n")),
                                         count(g, rows.size()));
}

std::string yes_no(const Global& g, const json& v) {
  if (v.is_null()) return g.tr("chưa rõ", "unknown");
  return v.get<bool>() ? g.tr("có", "yes") : g.tr("không", "no");
}

std::string str(const json& v) { return v.is_null() ? "" : v.get<std::string>(); }

void run_show(const Global& g, int64_t id, bool as_json) {
  auto db = g.open_read();
  auto c = cases::load(*db, id);
  if (!c) throw cases::no_such_case(id);
  // A closed case: when and why (the latest closure, from the events).
  std::optional<workflow::Standing> closure;
  if ((*c)["status"] == "closed") closure = workflow::standing(*db, id);
  if (as_json) {
    if (closure)
      (*c)["closure"] = {{"date", closure->closed_on ? json(closure->closed_on->iso()) : json()},
                         {"reason", closure->close_reason}, {"from", closure->before_closure}};
    print_json(*c);
    return;
  }
  CodeLists codes(*db);
  const json& p = (*c)["person"];
  auto label = [&](const char* list, const json& v) {
    return v.is_null() ? std::string() : codes.label(list, v.get<std::string>(), g.lang);
  };
  std::string forms;
  for (const auto& f : (*c)["exploitation"])
    forms += (forms.empty() ? "" : ", ") + codes.label("exploitation", f.get<std::string>(), g.lang);
  std::vector<std::pair<std::string, std::string>> lines = {
      {g.tr("Hồ sơ", "Case"), fmt::format("#{} ({})", id, label("case_status", (*c)["status"]))},
      {g.tr("Họ và tên", "Name"), fmt::format("{} (#{})", str(p["full_name"]), p["id"].get<int64_t>())},
      {g.tr("Giới tính", "Sex"), label("sex", p["sex"])},
      {g.tr("Ngày sinh", "Born"), display_date(str(p["birth_date"]))},
      {g.tr("Dân tộc", "Ethnicity"), label("ethnicity", p["ethnicity"])},
      {g.tr("Số CCCD", "Citizen ID"), str(p["citizen_id"])},
      {g.tr("Quốc tịch", "Citizenship"), p["citizenship"].is_null() ? g.tr("(chưa ghi)", "(not recorded)")
                                                                     : label("citizenship", p["citizenship"])},
      {g.tr("Nơi cư trú", "Residence"), str(p["residence"])},
      {g.tr("Hộ nghèo", "Poor household"), yes_no(g, p["poor_household"])},
      {g.tr("Ngày tiếp nhận", "Intake date"), display_date(str((*c)["intake_date"]))},
      {g.tr("Hình thức tiếp nhận", "Intake channel"), label("intake_channel", (*c)["intake_channel"])},
      {g.tr("Cơ quan tiếp nhận", "Receiving agency"), str((*c)["receiving_agency"])},
      {g.tr("Đơn vị gửi", "Source agency"), str((*c)["source_agency"])},
      {g.tr("Bị mua bán ra nước ngoài", "Trafficked abroad"), yes_no(g, (*c)["abroad"])},
      {g.tr("Nước đến", "Destination"), label("country", (*c)["destination_country"])},
      {g.tr("Hình thức bị bóc lột", "Exploitation"), forms},
      {g.tr("Ghi chú", "Note"), str((*c)["note"])},
  };
  if (closure) {
    std::string text = fmt::format("{}: {}", closure->closed_on ? closure->closed_on->display() : "?",
                                   codes.label("case_close_reason", closure->close_reason, g.lang));
    lines.insert(lines.begin() + 1, {g.tr("Kết thúc hồ sơ", "Closed"), text});
  }
  for (const auto& m : (*c)["minors"])
    lines.push_back({g.tr("Người dưới 18 tuổi đi cùng", "Accompanying minor"),
                     fmt::format("{} (#{}) {} {}", str(m["full_name"]), m["id"].get<int64_t>(),
                                 display_date(str(m["birth_date"])), str(m["relation"]))});
  size_t width = 0;
  for (const auto& [k, v] : lines) width = std::max(width, text::length(k));
  for (const auto& [k, v] : lines)
    if (!v.empty()) std::cout << k << std::string(width - text::length(k) + 2, ' ') << v << '\n';
}

// One event of the timeline as a sentence.
// The accompanying minors of a case by person id, for naming whom a support was for.
using MinorNames = std::map<int64_t, std::string>;

std::string describe(const Global& g, const CodeLists& codes, const MinorNames& minors,
                     const workflow::TimelineEntry& e) {
  const json& d = e.detail;
  const auto label = [&](const char* list, const json& v) {
    return v.is_string() ? codes.label(list, v.get<std::string>(), g.lang) : std::string();
  };
  const auto decision = [&](const json& dd) {
    std::string text = dd.value("result", "") == "victim" ? g.tr("là nạn nhân", "a victim")
                                                           : g.tr("không phải nạn nhân", "not a victim");
    if (dd.contains("certificate")) {
      const json& c = dd["certificate"];
      text += fmt::format(fmt::runtime(g.tr(" (giấy xác nhận số {}, ngày {}, {}; {})",
                                            " (certificate no. {} of {}, {}; {})")),
                          c.value("number", ""), display_date(c.value("date", "")),
                          c.value("issued_by", ""), label("victim_document", c["document"]));
    }
    return text;
  };
  if (e.kind == "intake")
    return fmt::format(fmt::runtime(g.tr("Tiếp nhận: {}", "Intake: {}")), label("intake_channel", d["channel"]));
  if (e.kind == "verify_start") return g.tr("Bắt đầu xác minh", "Verification started");
  if (e.kind == "verify_decide") {
    std::string text = fmt::format(fmt::runtime(g.tr("Quyết định: {}", "Decision: {}")), decision(d));
    if (d.contains("basis")) text += fmt::format(fmt::runtime(g.tr("; căn cứ: {}", "; basis: {}")), d["basis"].get<std::string>());
    return text;
  }
  if (e.kind == "verify_correct")
    return fmt::format(fmt::runtime(g.tr("Sửa quyết định: {}; lý do: {}", "Decision corrected: {}; reason: {}")),
                       decision(d), d.value("reason", ""));
  if (e.kind == "protect") {
    std::string text = fmt::format(fmt::runtime(g.tr("Biện pháp bảo vệ: {}", "Protection: {}")),
                                   label("protection_measure", d["measure"]));
    if (d.contains("until"))
      text += fmt::format(fmt::runtime(g.tr(", đến {}", ", until {}")), display_date(d["until"].get<std::string>()));
    if (d["for"].is_object())
      text += fmt::format(fmt::runtime(g.tr(", cho người thân: {}", ", for a relative: {}")),
                          d["for"].value("relative", ""));
    return text;
  }
  if (e.kind == "refer_send") {
    std::string text = fmt::format(fmt::runtime(g.tr("Chuyển tuyến #{} đến {}: {}", "Referral #{} to {}: {}")),
                                   d.value("referral", 0), d.value("to", ""), d.value("reason", ""));
    if (d.value("escort", false)) text += g.tr(" (có người đi kèm)", " (escorted)");
    if (d.contains("forced"))
      text += fmt::format(fmt::runtime(g.tr(" (không có người đi kèm: {})", " (without escort: {})")),
                          d["forced"].get<std::string>());
    return text;
  }
  if (e.kind == "support_add") {
    std::string text = fmt::format(fmt::runtime(g.tr("Hỗ trợ #{}: {}", "Support #{}: {}")), d.value("support", 0),
                                   label("support_kind", d["kind"]));
    if (d.contains("days")) text += fmt::format(fmt::runtime(tr_n(d["days"].get<int64_t>(), ", {} ngày", ", {} day", ", {} days")),
                                              d["days"].get<int64_t>());
    if (d.value("amount_vnd", int64_t{0}) > 0)
      text += fmt::format(fmt::runtime(g.tr(", {} đồng", ", {} VND")), format_vnd(d["amount_vnd"].get<int64_t>()));
    if (d.contains("person") && d["person"].is_number_integer())
      if (const auto m = minors.find(d["person"].get<int64_t>()); m != minors.end())
        text += fmt::format(fmt::runtime(g.tr(", cho {} (người dưới 18 tuổi đi cùng)", ", for {} (accompanying minor)")),
                            m->second);
    if (d.contains("override"))
      text += fmt::format(fmt::runtime(g.tr(" (ghi nhận dù quy định từ chối: {})", " (recorded although the rules refuse: {})")),
                          d["override"].get<std::string>());
    return text;
  }
  if (e.kind == "case_close") {
    std::string text = fmt::format(fmt::runtime(g.tr("Kết thúc hồ sơ: {}", "Case closed: {}")),
                                   label("case_close_reason", d["reason"]));
    if (d.contains("note")) text += " (" + d["note"].get<std::string>() + ")";
    if (d.contains("forced"))
      text += fmt::format(fmt::runtime(g.tr(" (vẫn kết thúc vì: {})", " (forced: {})")), d["forced"].get<std::string>());
    return text;
  }
  if (e.kind == "case_reopen")
    return fmt::format(fmt::runtime(g.tr("Mở lại hồ sơ: {}; trở lại tình trạng: {}", "Case reopened: {}; back to: {}")),
                       d.value("reason", ""), label("case_status", d["to"]));
  if (e.kind.rfind("support_", 0) == 0) {
    std::string text = fmt::format(fmt::runtime(g.tr("Hỗ trợ #{}: {}", "Support #{}: {}")), d.value("support", 0),
                                   label("support_status", d["status"]));
    if (d.contains("decision_no"))
      text += fmt::format(fmt::runtime(g.tr(" (quyết định số {}, {})", " (decision no. {}, {})")),
                          d["decision_no"].get<std::string>(), d.value("decided_by", ""));
    if (d.contains("reason")) text += " (" + d["reason"].get<std::string>() + ")";
    return text;
  }
  const std::string word = label("referral_status", d["status"]);
  std::string text = fmt::format(fmt::runtime(g.tr("Chuyển tuyến #{}: {}", "Referral #{}: {}")),
                                 d.value("referral", 0), word);
  if (d.contains("note")) text += " (" + d["note"].get<std::string>() + ")";
  return text;
}

void run_timeline(const Global& g, int64_t id, bool as_json) {
  auto db = g.open_read();
  const auto events = workflow::timeline(*db, id);
  if (as_json) {
    json out = json::array();
    for (const auto& e : events)
      out.push_back({{"date", e.date}, {"kind", e.kind},
                     {"agency", e.agency.empty() ? json() : json(e.agency)},
                     {"officer", e.officer.empty() ? json() : json(e.officer)}, {"detail", e.detail}});
    print_json(out);
    return;
  }
  CodeLists codes(*db);
  MinorNames minors;
  if (const auto c = cases::load(*db, id))
    for (const auto& m : (*c)["minors"]) minors[m["id"].get<int64_t>()] = m["full_name"].get<std::string>();
  std::vector<std::vector<std::string>> table;
  for (const auto& e : events)
    table.push_back({display_date(e.date), describe(g, codes, minors, e), e.agency, e.officer});
  print_table({g.tr("Ngày", "Date"), g.tr("Sự việc", "Event"), g.tr("Cơ quan", "Agency"),
               g.tr("Cán bộ", "Officer")},
              table);
}

struct CloseOptions {
  int64_t case_id = 0;
  std::string reason, agency, date, officer, note, force;
};

void run_close(const Global& g, const CloseOptions& o) {
  auto db = g.open_write();
  workflow::close_case(*db, g.context("case close"),
                       {o.case_id, date_option("--date", o.date), o.agency, optional_text(o.officer)},
                       {o.reason, optional_text(o.note), optional_text(o.force)});
  if (!g.quiet) {
    const auto s = workflow::standing(*db, o.case_id);
    std::cout << fmt::format(fmt::runtime(g.tr("Hồ sơ #{}: đã kết thúc ngày {} ({})", "Case #{}: closed on {} ({})")),
                             o.case_id, s.closed_on ? s.closed_on->display() : "?",
                             CodeLists(*db).label("case_close_reason", s.close_reason, g.lang))
              << '\n';
  }
}

void run_reopen(const Global& g, const CloseOptions& o) {
  auto db = g.open_write();
  workflow::reopen_case(*db, g.context("case reopen"),
                        {o.case_id, date_option("--date", o.date), o.agency, optional_text(o.officer)}, o.reason);
  if (!g.quiet)
    std::cout << fmt::format(fmt::runtime(g.tr("Hồ sơ #{}: đã mở lại ({})", "Case #{}: reopened ({})")), o.case_id,
                             CodeLists(*db).label("case_status", workflow::standing(*db, o.case_id).status, g.lang))
              << '\n';
}

}  // namespace

struct OverdueOptions {
  std::string on, rules_dir;
  int referral_days = 10, within = 30;
  bool json = false;
};

const char* overdue_words(const Global& g, const std::string& what) {
  if (what == "verification_start") return g.tr("Chưa bắt đầu xác minh", "Verification not started");
  if (what == "verification_max") return g.tr("Quá thời hạn xác minh tối đa", "Past the longest verification allowed");
  if (what == "verification") return g.tr("Quá thời hạn xác minh", "Verification past its time limit");
  if (what == "referral") return g.tr("Chuyển tuyến chưa được trả lời", "Referral not answered");
  return g.tr("Sắp hết hạn nộp đơn hỗ trợ", "Support application deadline near");
}

void run_overdue(const Global& g, const OverdueOptions& o) {
  const auto book = load_rules(o.rules_dir);
  auto db = g.open_read();
  overdue::Options opt;
  opt.on = date_option("--on", o.on);
  opt.referral_days = o.referral_days;
  opt.within_days = o.within;
  const auto r = overdue::find(*db, book, opt);
  CodeLists codes(*db);
  if (o.json) {
    json items = json::array();
    for (const auto& i : r.items)
      items.push_back({{"what", i.what}, {"case", i.case_id}, {"referral", i.referral_id ? json(*i.referral_id) : json()},
                       {"since", i.since.iso()}, {"due", i.due.iso()}, {"days_late", i.late},
                       {"detail", i.detail.empty() ? json() : json(i.detail)}, {"citation", i.citation},
                       {"certainty", rules::certainty_name(i.certainty)}});
    print_json({{"on", opt.on.iso()}, {"items", items}, {"no_known_limit", r.no_known_limit}});
  } else if (!r.items.empty() || !r.no_known_limit.empty() || !g.quiet) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& i : r.items) {
      std::string detail = i.what == "support_deadline" ? codes.label("support_kind", i.detail, g.lang) : i.detail;
      if (i.referral_id) detail = fmt::format("#{} → {}", *i.referral_id, detail);
      std::string late = i.late >= 0 ? fmt::format(fmt::runtime(tr_n(i.late, "trễ {} ngày", "{} day late", "{} days late")), i.late)
                                     : fmt::format(fmt::runtime(tr_n(-i.late, "còn {} ngày", "{} day left", "{} days left")), -i.late);
      std::string basis = i.citation;
      if (i.certainty == rules::Certainty::unconfirmed) basis += g.tr(" (CHƯA XÁC NHẬN)", " (UNCONFIRMED)");
      rows.push_back({overdue_words(g, i.what), std::to_string(i.case_id), i.person, detail, display_date(i.since.iso()),
                      display_date(i.due.iso()), late, basis});
    }
    if (!rows.empty())
      print_table({g.tr("Việc", "What"), g.tr("Hồ sơ", "Case"), g.tr("Người", "Person"), g.tr("Chi tiết", "Detail"),
                   g.tr("Từ ngày", "Since"), g.tr("Hạn", "Due"), g.tr("Tình trạng", "State"), g.tr("Căn cứ", "Basis")},
                  rows);
    if (!g.quiet) {
      std::cout << fmt::format(fmt::runtime(g.tr("{} việc trễ hoặc sắp đến hạn ngày {}\n", "{} items late or due soon on {}\n")),
                               r.items.size(), opt.on.display());
      if (!r.no_known_limit.empty())
        std::cout << fmt::format(fmt::runtime(g.tr("{} hồ sơ đang xác minh theo quy định chưa có thời hạn xác nhận được: {}\n",
                                                    "{} cases are being verified under rules with no known time limit: {}\n")),
                                 r.no_known_limit.size(), fmt::join(r.no_known_limit, ", "));
    }
  }
  if (!r.items.empty())
    throw Error(Exit::found, fmt::format(fmt::runtime(g.tr("{} việc trễ hoặc sắp đến hạn", "{} items late or due soon")),
                                         r.items.size()));
}

void register_case(CLI::App& app, Global& g) {
  auto* c = app.add_subcommand("case", "List and show cases and their timelines, close and reopen them (hồ sơ)");
  c->require_subcommand(1);

  auto lo = std::make_shared<ListOptions>();
  auto* l = c->add_subcommand("list", "List cases, oldest intake first");
  l->add_option("--period", lo->period, "Intake date within a period: 2026, 2026-H1, 2026-Q3, "
                "2026-07, 2026-01-01..2026-03-31");
  l->add_option("--status", lo->status, "Case status: received, being_identified, identified, not_victim, closed");
  l->add_option("--agency", lo->agency, "Receiving or source agency name contains");
  l->add_option("--residence", lo->residence, "Province code (2025) or residence text contains");
  l->add_option("--name", lo->name, "Name contains (accents and case ignored)");
  l->add_option("--limit", lo->limit, "At most N cases (1 or more)")->check(positive_number());
  l->add_flag("--json", lo->json, "Print JSON");
  l->callback([&g, lo] { run_list(g, *lo); });

  auto id = std::make_shared<int64_t>(0);
  auto as_json = std::make_shared<bool>(false);
  auto* s = c->add_subcommand("show", "Show one case");
  s->add_option("id", *id, "Case id")->check(positive_number())->required();
  s->add_flag("--json", *as_json, "Print JSON");
  s->callback([&g, id, as_json] { run_show(g, *id, *as_json); });

  auto tid = std::make_shared<int64_t>(0);
  auto t_json = std::make_shared<bool>(false);
  auto* t = c->add_subcommand("timeline", "Every event of a case in order, the intake first");
  t->add_option("id", *tid, "Case id")->check(positive_number())->required();
  t->add_flag("--json", *t_json, "Print JSON");
  t->callback([&g, tid, t_json] { run_timeline(g, *tid, *t_json); });

  auto oo = std::make_shared<OverdueOptions>();
  auto* o = c->add_subcommand("overdue", "What is late: verifications past their legal time limit, unanswered "
                                         "referrals, support applications near their deadline (exit 1 if any)");
  o->add_option("--on", oo->on, "The date (default: today)");
  o->add_option("--referral-days", oo->referral_days, "A referral unanswered this many days is late (default 10)")
      ->check(CLI::Range(1, 3650));
  o->add_option("--within", oo->within, "List support deadlines this many days ahead (default 30)")->check(CLI::Range(0, 3650));
  o->add_option("--rules", oo->rules_dir, "The rules folder (default: $HOTRO_RULES, else the shipped rules/)");
  o->add_flag("--json", oo->json, "Print JSON");
  o->callback([&g, oo] { run_overdue(g, *oo); });

  auto co = std::make_shared<CloseOptions>();
  auto* cl = c->add_subcommand("close", "Close a case (kết thúc hồ sơ), with the reason; audited");
  cl->add_option("case", co->case_id, "Case id")->check(positive_number())->required();
  cl->add_option("--reason", co->reason, "Why: reintegrated, not_victim, moved_away, declined_support, died, "
                 "other (with --note)")->required();
  cl->add_option("--agency", co->agency, "The agency closing the case")->required();
  cl->add_option("--date", co->date, "Date of the closure (default: today)");
  cl->add_option("--officer", co->officer, "The responsible officer (cán bộ)");
  cl->add_option("--note", co->note, "A note (required with --reason other)");
  cl->add_option("--force", co->force, "Why the case is closed while being identified or with a referral "
                 "still open (audited)");
  cl->callback([&g, co] { run_close(g, *co); });

  auto ro = std::make_shared<CloseOptions>();
  auto* re = c->add_subcommand("reopen", "Reopen a closed case: back to the status it was closed from; audited");
  re->add_option("case", ro->case_id, "Case id")->check(positive_number())->required();
  re->add_option("--reason", ro->reason, "Why the case is reopened")->required();
  re->add_option("--agency", ro->agency, "The agency reopening the case")->required();
  re->add_option("--date", ro->date, "Date of the reopening (default: today)");
  re->add_option("--officer", ro->officer, "The responsible officer (cán bộ)");
  re->callback([&g, ro] { run_reopen(g, *ro); });
}

}  // namespace hotro::cmd
