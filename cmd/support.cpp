// SPDX-License-Identifier: MIT
// hotro support: what a person is entitled to (quote), recording supports priced by the rules
// (add), their approval and payment, and the list of supports.
#include <iostream>

#include <fmt/format.h>

#include "batch.h"
#include "codes.h"
#include "common.h"
#include "error.h"
#include "money.h"
#include "period.h"
#include "rules/rules.h"
#include "support.h"

namespace hotro::cmd {

namespace {

struct Options {
  std::string rules_dir;
  int64_t case_id = 0;
  int64_t person = 0;
  std::string on, date, kind, agency, officer, amount, reason, override_reason;
  std::optional<int64_t> days;  // checked in lib/support.cpp (1 or more, by the unit)
  bool as_json = false;
};

// A --period: any period name, relative ones (previous-quarter, ...) included, with calendar
// boundaries (supports are counted by their own dates, not the state data cut-off).
Period calendar_period(const std::string& text) {
  try {
    return resolve_period(text, PeriodRules{}, "calendar", text::today());
  } catch (const Error& e) {
    throw Error(Exit::usage, fmt::format("--period: {}", e.what()));
  }
}

std::optional<int64_t> person_option(int64_t p) { return p > 0 ? std::optional<int64_t>(p) : std::nullopt; }

std::string kind_code(const Global& g, db::Database& db, const std::string& text) {
  CodeLists codes(db);
  auto code = codes.find("support_kind", text);
  if (!code)
    throw Error(Exit::usage, fmt::format(fmt::runtime(g.tr("--kind: không có loại hỗ trợ '{}' (ví dụ: {})",
                                                           "--kind: no support kind '{}' (for example: {})")),
                                         text, codes.examples("support_kind", 8)));
  return *code;
}

std::string limit_words(const Global& g, const support::QuoteLine& l) {
  std::vector<std::string> parts;
  const auto& t = l.terms;
  // An unconfirmed limit is marked as an unconfirmed amount is.
  auto mark = [](const rules::Resolved& r) {
    return r.status == rules::Certainty::unconfirmed ? std::string(" (?)") : std::string();
  };
  if (t.max_days && t.max_days->value)
    parts.push_back(fmt::format(fmt::runtime(g.tr("đã dùng {}/{} ngày{}", "{}/{} days used{}")), l.used.days,
                                *t.max_days->value, mark(*t.max_days)));
  if (t.max_times && t.max_times->value)
    parts.push_back(fmt::format(fmt::runtime(g.tr("đã dùng {}/{} lần{}", "{}/{} times used{}")), l.used.times,
                                *t.max_times->value, mark(*t.max_times)));
  if (t.cap && t.cap->value)
    parts.push_back(fmt::format(fmt::runtime(g.tr("đã chi {}/{} đồng{}", "{}/{} VND used{}")), format_vnd(l.used.vnd),
                                format_vnd(*t.cap->value), mark(*t.cap)));
  else if (l.used.vnd > 0)
    parts.push_back(fmt::format(fmt::runtime(g.tr("đã chi {} đồng", "{} VND given")), format_vnd(l.used.vnd)));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

std::string amount_words(const Global& g, const support::QuoteLine& l) {
  const auto& t = l.terms;
  const auto& unit = t.entitlement->unit;
  if (unit == "service") return g.tr("dịch vụ", "service");
  if (unit == "actual_cost") {
    std::string s = g.tr("theo thực tế", "actual cost");
    if (t.cap) s += t.cap->value ? fmt::format(fmt::runtime(g.tr(", tối đa {}", ", at most {}")), format_vnd(*t.cap->value))
                                 : g.tr(", mức tối đa không rõ", ", cap unknown");
    return s;
  }
  if (!t.rate || !t.rate->value) return g.tr("mức chi không rõ", "amount unknown");
  std::string s = format_vnd(*t.rate->value) + (unit == "per_day" ? g.tr("/ngày", "/day") : "");
  if (t.rate->status == rules::Certainty::unconfirmed) s += " (?)";
  return s;
}

// Where the law gives the support: during the stay at a facility (or the receiving agency),
// on the return home, or either. Shown so the officer can tell; not checked (hotro-rules(5)).
std::string setting_words(const Global& g, const std::string& setting) {
  if (setting == "facility") return g.tr("tại cơ sở", "at a facility");
  if (setting == "returning") return g.tr("khi về nơi cư trú", "on return home");
  return g.tr("mọi nơi", "anywhere");
}

void run_quote(const Global& g, const Options& o) {
  const auto book = load_rules(o.rules_dir);
  auto db = g.open_read();
  const text::Date on = date_option("--on", o.on);
  const auto q = support::quote(*db, book, o.case_id, person_option(o.person), on);
  CodeLists codes(*db);
  if (o.as_json) {
    json lines = json::array();
    for (const auto& l : q.lines) {
      const auto& t = l.terms;
      auto val = [](const std::optional<rules::Resolved>& r) { return r && r->value ? json(*r->value) : json(); };
      lines.push_back({{"kind", t.entitlement->kind}, {"rule", t.rule_id()}, {"eligible", !l.not_eligible},
                       {"why_not", l.not_eligible ? json(*l.not_eligible) : json()},
                       {"setting", t.entitlement->setting}, {"unit", t.entitlement->unit},
                       {"rate_vnd", val(t.rate)}, {"cap_vnd", val(t.cap)}, {"max_days", val(t.max_days)},
                       {"max_times", val(t.max_times)},
                       {"used", {{"days", l.used.days}, {"times", l.used.times}, {"vnd", l.used.vnd}}},
                       {"days_left", l.days_left ? json(*l.days_left) : json()},
                       {"times_left", l.times_left ? json(*l.times_left) : json()},
                       {"vnd_left", l.vnd_left ? json(*l.vnd_left) : json()},
                       {"deadline", l.deadline ? json(l.deadline->iso()) : json()},
                       {"status", rules::certainty_name(t.certainty())}, {"citation", t.entitlement->citation}});
    }
    print_json({{"case", q.who.case_id}, {"person", q.who.person_id}, {"on", on.iso()},
                {"category", q.who.category.empty() ? json() : json(q.who.category)},
                {"province", q.who.province ? json(*q.who.province) : json()},
                {"citizenship", q.who.citizenship_code ? json(*q.who.citizenship_code) : json()},
                {"citizenship_group", q.who.citizenship},
                {"rules", q.national ? json(q.national->id) : json()},
                {"province_rules", q.province ? json(q.province->id) : json()}, {"entitlements", lines}});
    return;
  }
  std::cout << fmt::format(fmt::runtime(g.tr("Hồ sơ #{}, người #{} {} ({}), ngày {}\n", "Case #{}, person #{} {} ({}), on {}\n")),
                           q.who.case_id, q.who.person_id, q.who.name,
                           // who the rules see: a victim, a person being identified (from the
                           // intake on), an accompanying minor; else the case's standing
                           q.who.of_age ? std::string(g.tr("người đi cùng đã đủ 18 tuổi", "companion now 18 or over"))
                           : q.who.category.empty() ? codes.label("case_status", q.who.case_status, g.lang)
                                                    : std::string(support::category_words(q.who.category)),
                           on.display());
  if (!q.national) {
    std::cout << g.tr("Không có quy định hỗ trợ nào có hiệu lực ngày này.\n", "No support rules are in force on that date.\n");
    return;
  }
  std::cout << fmt::format(fmt::runtime(g.tr("Quy định: {}", "Rules: {}")), g.en() ? q.national->title_en : q.national->title_vi);
  if (q.province) std::cout << "; " << (g.en() ? q.province->title_en : q.province->title_vi);
  else if (q.who.province)
    std::cout << fmt::format(fmt::runtime(g.tr(" (tỉnh {}: chưa có nghị quyết, áp dụng mức quốc gia)",
                                               " (province {}: no resolution, national amounts)")), *q.who.province);
  else std::cout << g.tr(" (chưa rõ tỉnh cư trú: áp dụng mức quốc gia)", " (province of residence unknown: national amounts)");
  if (q.who.citizenship_code)
    std::cout << fmt::format(fmt::runtime(g.tr("\nQuốc tịch: {}\n\n", "\nCitizenship: {}\n\n")),
                             codes.label("citizenship", *q.who.citizenship_code, g.lang));
  else
    std::cout << g.tr("\nQuốc tịch: chưa ghi, coi là Việt Nam\n\n", "\nCitizenship: not recorded, taken as Vietnamese\n\n");
  std::vector<std::vector<std::string>> rows;
  for (const auto& l : q.lines) {
    rows.push_back({codes.label("support_kind", l.terms.entitlement->kind, g.lang),
                    setting_words(g, l.terms.entitlement->setting), l.not_eligible ? g.tr("không", "no") : g.tr("có", "yes"), amount_words(g, l), limit_words(g, l),
                    l.deadline ? l.deadline->display() : "",
                    l.not_eligible ? *l.not_eligible : l.terms.entitlement->citation});
  }
  print_table({g.tr("Chế độ", "Support"), g.tr("Nơi hưởng", "Given"), g.tr("Được hưởng", "Entitled"), g.tr("Mức", "Amount"),
               g.tr("Đã dùng", "Used"), g.tr("Hạn nộp đơn", "Apply by"), g.tr("Căn cứ / lý do", "Basis / why not")},
              rows);
}

void run_add(const Global& g, const Options& o) {
  const auto book = load_rules(o.rules_dir);
  auto db = g.open_write();
  support::AddInput in;
  in.case_id = o.case_id;
  in.person_id = person_option(o.person);
  in.kind = kind_code(g, *db, o.kind);
  in.date = date_option("--date", o.date);
  in.agency = o.agency;
  in.officer = optional_text(o.officer);
  in.days = o.days;
  if (!o.amount.empty()) {
    in.amount = parse_vnd(o.amount);
    if (!in.amount)
      throw Error(Exit::usage, fmt::format(fmt::runtime(g.tr("--amount: '{}' không phải là số tiền (đồng, số nguyên)",
                                                             "--amount: '{}' is not an amount in whole VND")), o.amount));
  }
  in.reason = optional_text(o.reason);
  in.override_reason = optional_text(o.override_reason);
  const auto added = support::add(*db, g.context("support add"), book, in);
  if (o.as_json) {
    print_json({{"id", added.id}, {"amount_vnd", added.amount}, {"rule", added.rule_id},
                {"citation", added.citation}, {"overridden", added.overridden}});
    return;
  }
  if (!added.overridden.empty() && !g.quiet)
    for (const auto& r : added.overridden)
      std::cerr << "hotro: " << g.tr("cảnh báo: đã ghi nhận dù quy định từ chối: ", "warning: recorded although the rules refuse: ")
                << r << '\n';
  if (g.quiet) {
    std::cout << added.id << '\n';
    return;
  }
  std::cout << fmt::format(fmt::runtime(g.tr("Đã ghi khoản hỗ trợ #{}: {} đồng ({}; {})\n",
                                              "Recorded support #{}: {} VND ({}; {})\n")),
                           added.id, format_vnd(added.amount), added.rule_id, added.citation);
}

void run_list(const Global& g, const Options& o, const std::string& period_text, const std::string& status,
              const std::string& agency) {
  auto db = g.open_read();
  support::ListFilter f;
  if (o.case_id > 0) f.case_id = o.case_id;
  if (!period_text.empty()) {
    const Period p = calendar_period(period_text);
    f.from = p.from.iso();
    f.to = p.to.iso();
  }
  f.status = optional_text(status);
  f.agency = optional_text(agency);
  const auto rows = support::list(*db, f);
  CodeLists codes(*db);
  if (o.as_json) {
    json out = json::array();
    for (const auto& r : rows)
      out.push_back({{"id", r.id}, {"case", r.case_id}, {"person", r.person_id}, {"kind", r.kind}, {"date", r.date},
                     {"agency", r.agency}, {"unit", r.unit}, {"quantity", r.quantity ? json(*r.quantity) : json()},
                     {"amount_vnd", r.amount}, {"status", r.status}, {"rule", r.rule_id}, {"citation", r.citation},
                     {"decision_no", r.decision_no ? json(*r.decision_no) : json()},
                     {"paid_date", r.paid_date ? json(*r.paid_date) : json()},
                     {"override", r.override_reason ? json(*r.override_reason) : json()}});
    print_json(out);
    return;
  }
  std::vector<std::vector<std::string>> table;
  int64_t total = 0;
  for (const auto& r : rows) {
    if (r.status != "cancelled") total = checked_add(total, r.amount);
    table.push_back({std::to_string(r.id), std::to_string(r.case_id), r.person_name, display_date(r.date),
                     codes.label("support_kind", r.kind, g.lang), r.quantity ? std::to_string(*r.quantity) : "",
                     format_vnd(r.amount), codes.label("support_status", r.status, g.lang), r.agency});
  }
  print_table({"#", g.tr("Hồ sơ", "Case"), g.tr("Người", "Person"), g.tr("Ngày", "Date"), g.tr("Chế độ", "Support"),
               g.tr("Số ngày", "Days"), g.tr("Số tiền (đồng)", "Amount (VND)"), g.tr("Trạng thái", "Status"),
               g.tr("Cơ quan", "Agency")},
              table);
  if (!g.quiet)
    std::cout << fmt::format(fmt::runtime(g.tr("{} khoản, tổng {} đồng (không kể khoản đã hủy)\n",
                                                "{} supports, {} VND in all (cancelled ones left out)\n")),
                             rows.size(), format_vnd(total));
}

void run_estimate(const Global& g, const Options& o, int year, int64_t persons, const std::string& province) {
  const auto book = load_rules(o.rules_dir);
  auto db = g.open_read();
  const auto prov = province_option(province);
  if (prov) {  // a code of no province, in any code set, would quietly price at national rates
    db::Statement known(*db, "SELECT 1 FROM admin_unit WHERE level = 'province' AND code = ?");
    if (!known.bind(1, *prov).step())
      throw Error(Exit::usage, fmt::format(fmt::runtime(g.tr("không có tỉnh nào mang mã {} (xem: hotro units list --level province)",
                                                             "no province has code {} (see: hotro units list --level province)")),
                                           *prov));
  }
  const auto e = support::estimate(*db, book, year, persons > 0 ? std::optional<int64_t>(persons) : std::nullopt, prov);
  CodeLists codes(*db);
  if (o.as_json) {
    json lines = json::array();
    for (const auto& l : e.lines)
      lines.push_back({{"kind", l.kind}, {"unit", l.unit}, {"persons", l.persons}, {"supports", l.supports},
                       {"days", l.quantity}, {"last_year_vnd", l.last_year_vnd},
                       {"rate_vnd", l.rate ? json(*l.rate) : json()}, {"estimate_vnd", l.vnd ? json(*l.vnd) : json()},
                       {"basis", l.basis}, {"certainty", rules::certainty_name(l.certainty)}});
    print_json({{"year", e.year}, {"rules", e.national->id}, {"province_rules", e.province ? json(e.province->id) : json()},
                {"persons_last_year", e.persons_last_year}, {"persons", e.persons ? json(*e.persons) : json()},
                {"lines", lines}, {"total_vnd", e.total}, {"unpriced", e.unpriced}});
    return;
  }
  std::cout << fmt::format(fmt::runtime(g.tr("Dự toán kinh phí hỗ trợ năm {} theo {}{}\n",
                                              "Support budget estimate for {} under {}{}\n")),
                           e.year, g.en() ? e.national->title_en : e.national->title_vi,
                           e.province ? "; " + (g.en() ? e.province->title_en : e.province->title_vi) : std::string());
  std::cout << fmt::format(fmt::runtime(g.tr("Số người được hỗ trợ năm {}: {}{}\n\n", "Persons supported in {}: {}{}\n\n")),
                           e.year - 1, e.persons_last_year,
                           e.persons ? fmt::format(fmt::runtime(g.tr("; tính cho {} người", "; scaled to {} persons")), *e.persons)
                                     : std::string());
  std::vector<std::vector<std::string>> rows;
  for (const auto& l : e.lines)
    rows.push_back({codes.label("support_kind", l.kind, g.lang), std::to_string(l.persons), std::to_string(l.supports),
                    l.quantity ? std::to_string(l.quantity) : "", l.rate ? format_vnd(*l.rate) : "",
                    l.vnd ? format_vnd(*l.vnd) : g.tr("chưa có mức", "no amount"),
                    l.basis + (l.certainty == rules::Certainty::unconfirmed ? g.tr(" (CHƯA XÁC NHẬN)", " (UNCONFIRMED)") : "")});
  rows.push_back({g.tr("Tổng cộng", "Total"), "", "", "", "", format_vnd(e.total), ""});
  print_table({g.tr("Chế độ", "Support"), g.tr("Số người", "Persons"), g.tr("Số lượt", "Supports"), g.tr("Số ngày", "Days"),
               g.tr("Mức (đồng)", "Rate (VND)"), g.tr("Dự toán (đồng)", "Estimate (VND)"), g.tr("Căn cứ", "Basis")},
              rows);
  if (e.unpriced && !g.quiet)
    std::cout << fmt::format(fmt::runtime(g.tr("\n{} chế độ chưa có mức chi trong quy định: tổng chưa gồm các chế độ này.\n",
                                                "\n{} kinds have no amount in the rules: the total leaves them out.\n")),
                             e.unpriced);
}

void run_settle(const Global& g, const Options& o, const std::string& period_text, const std::string& agency) {
  auto db = g.open_read();
  const Period p = calendar_period(period_text);
  const auto s = support::settle(*db, p.from.iso(), p.to.iso(), optional_text(agency));
  CodeLists codes(*db);
  if (o.as_json) {
    json groups = json::array(), rows = json::array();
    for (const auto& gr : s.groups)
      groups.push_back({{"kind", gr.kind}, {"agency", gr.agency}, {"persons", gr.persons}, {"supports", gr.supports},
                        {"vnd", gr.vnd}});
    for (const auto& r : s.rows)
      rows.push_back({{"id", r.id}, {"case", r.case_id}, {"person", r.person_id}, {"kind", r.kind}, {"date", r.date},
                      {"paid_date", r.paid_date ? json(*r.paid_date) : json()}, {"agency", r.agency},
                      {"days", r.quantity ? json(*r.quantity) : json()}, {"amount_vnd", r.amount},
                      {"decision_no", r.decision_no ? json(*r.decision_no) : json()}, {"rule", r.rule_id}});
    print_json({{"period", p.name}, {"from", p.from.iso()}, {"to", p.to.iso()}, {"groups", groups},
                {"persons", s.persons}, {"total_vnd", s.total}, {"supports", rows}});
    return;
  }
  std::cout << fmt::format(fmt::runtime(g.tr("Quyết toán kinh phí hỗ trợ đã chi trả từ {} đến {}\n\n",
                                              "Supports paid from {} to {}\n\n")),
                           p.from.display(), p.to.display());
  std::vector<std::vector<std::string>> rows;
  for (const auto& gr : s.groups)
    rows.push_back({codes.label("support_kind", gr.kind, g.lang), gr.agency, std::to_string(gr.persons),
                    std::to_string(gr.supports), format_vnd(gr.vnd)});
  rows.push_back({g.tr("Tổng cộng", "Total"), "", std::to_string(s.persons), std::to_string(s.rows.size()), format_vnd(s.total)});
  print_table({g.tr("Chế độ", "Support"), g.tr("Cơ quan", "Agency"), g.tr("Số người", "Persons"), g.tr("Số lượt", "Supports"),
               g.tr("Số tiền (đồng)", "Amount (VND)")},
              rows);
  std::cout << '\n' << g.tr("Danh sách chi tiết:\n", "The supports behind it:\n");
  std::vector<std::vector<std::string>> list;
  for (const auto& r : s.rows)
    list.push_back({std::to_string(r.id), std::to_string(r.case_id), r.person_name, codes.label("support_kind", r.kind, g.lang),
                    display_date(r.date), display_date(r.paid_date.value_or("")), r.quantity ? std::to_string(*r.quantity) : "",
                    format_vnd(r.amount), r.decision_no.value_or("")});
  print_table({"#", g.tr("Hồ sơ", "Case"), g.tr("Người", "Person"), g.tr("Chế độ", "Support"), g.tr("Ngày", "Date"),
               g.tr("Ngày chi", "Paid"), g.tr("Số ngày", "Days"), g.tr("Số tiền (đồng)", "Amount (VND)"),
               g.tr("Quyết định", "Decision")},
              list);
}

}  // namespace

void register_support(CLI::App& app, Global& g) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("support", "Supports (hỗ trợ): entitlements, recording, approval, payment");
  sub->add_option("--rules", o->rules_dir, "The rules folder (default: $HOTRO_RULES, else the shipped rules/)");
  sub->require_subcommand(1);

  auto* quote = sub->add_subcommand("quote", "What the person of a case is entitled to on a date, what is used, deadlines");
  quote->add_option("case", o->case_id, "Case id")->check(positive_number())->required();
  quote->add_option("--on", o->on, "The date (default: today)");
  quote->add_option("--person", o->person, "An accompanying minor of the case (person id)")->check(positive_number());
  quote->add_flag("--json", o->as_json, "Print JSON");
  quote->callback([&g, o] { run_quote(g, *o); });

  auto* add = sub->add_subcommand("add", "Record a support, priced by the rules in force on its date");
  add->add_option("case", o->case_id, "Case id")->check(positive_number())->required();
  add->add_option("--kind", o->kind, "Support kind, e.g. meals, travel_meals, initial_hardship")->required();
  add->add_option("--date", o->date, "Date of the support")->required();
  add->add_option("--agency", o->agency, "The agency that gives it")->required();
  add->add_option("--days", o->days, "Number of days (supports paid per day; 1 or more)");
  add->add_option("--amount", o->amount, "Amount in VND (actual cost, or an amount the rules do not fix)");
  add->add_option("--reason", o->reason, "What the amount pays for");
  add->add_option("--person", o->person, "An accompanying minor of the case (person id)")->check(positive_number());
  add->add_option("--officer", o->officer, "The responsible officer");
  add->add_option("--override", o->override_reason, "Record it although the rules refuse it, for this reason (audited)");
  add->add_flag("--json", o->as_json, "Print JSON");
  add->callback([&g, o] { run_add(g, *o); });

  auto id = std::make_shared<int64_t>(0);
  auto decision = std::make_shared<std::string>(), by = std::make_shared<std::string>();
  auto* approve = sub->add_subcommand("approve", "Approve a proposed support (decision number and decider)");
  approve->add_option("support", *id, "Support id")->check(positive_number())->required();
  approve->add_option("--decision", *decision, "Decision number (số quyết định)")->required();
  approve->add_option("--by", *by, "Who decided")->required();
  approve->add_option("--date", o->date, "Date of the decision (default: today)");
  approve->add_option("--agency", o->agency, "The approving agency (default: the one that gives the support)");
  approve->callback([&g, o, id, decision, by] {
    auto db = g.open_write();
    support::approve(*db, g.context("support approve"), *id, date_option("--date", o->date), *decision, *by,
                     o->agency);
    if (!g.quiet) std::cout << fmt::format(fmt::runtime(g.tr("Đã duyệt khoản hỗ trợ #{}\n", "Approved support #{}\n")), *id);
  });

  auto* pay = sub->add_subcommand("pay", "Record the payment of an approved support");
  pay->add_option("support", *id, "Support id")->check(positive_number())->required();
  pay->add_option("--date", o->date, "Date of payment (default: today)");
  pay->add_option("--agency", o->agency, "The paying agency (default: the one that gave the support)");
  pay->callback([&g, o, id] {
    auto db = g.open_write();
    support::pay(*db, g.context("support pay"), *id, date_option("--date", o->date), o->agency);
    if (!g.quiet) std::cout << fmt::format(fmt::runtime(g.tr("Đã chi trả khoản hỗ trợ #{}\n", "Paid support #{}\n")), *id);
  });

  auto* cancel = sub->add_subcommand("cancel", "Cancel a support not yet paid (with a reason)");
  cancel->add_option("support", *id, "Support id")->check(positive_number())->required();
  cancel->add_option("--reason", o->reason, "Why")->required();
  cancel->add_option("--date", o->date, "Date (default: today)");
  cancel->callback([&g, o, id] {
    auto db = g.open_write();
    support::cancel(*db, g.context("support cancel"), *id, date_option("--date", o->date), o->reason);
    if (!g.quiet) std::cout << fmt::format(fmt::runtime(g.tr("Đã hủy khoản hỗ trợ #{}\n", "Cancelled support #{}\n")), *id);
  });

  add_batch_import(*sub, g, workflow::Form::support, &o->rules_dir);

  auto period = std::make_shared<std::string>(), status = std::make_shared<std::string>();
  auto* list = sub->add_subcommand("list", "List supports, of a case or a period");
  list->add_option("case", o->case_id, "Only this case")->check(positive_number());
  list->add_option("--period", *period, "Only supports dated in this period (2026-Q1, 2026, ...)");
  list->add_option("--status", *status, "Only this status")->check(CLI::IsMember({"proposed", "approved", "paid", "cancelled"}));
  auto list_agency = std::make_shared<std::string>();
  list->add_option("--agency", *list_agency, "Only supports given by an agency whose name contains this");
  list->add_flag("--json", o->as_json, "Print JSON");
  list->callback([&g, o, period, status, list_agency] { run_list(g, *o, *period, *status, *list_agency); });

  auto year = std::make_shared<int>(0);
  auto persons = std::make_shared<int64_t>(0);
  auto est_province = std::make_shared<std::string>();
  auto* est = sub->add_subcommand("estimate", "Next year's budget estimate (dự toán) by support kind");
  est->add_option("--year", *year, "The year to estimate")->required()->check(CLI::Range(2013, 2100));
  est->add_option("--persons", *persons, "Scale last year's caseload to this many persons")->check(positive_number());
  est->add_option("--province", *est_province, "2-digit province code whose resolution prices it");
  est->add_flag("--json", o->as_json, "Print JSON");
  est->callback([&g, o, year, persons, est_province] { run_estimate(g, *o, *year, *persons, *est_province); });

  auto settle_period = std::make_shared<std::string>(), settle_agency = std::make_shared<std::string>();
  auto* settle = sub->add_subcommand("settle", "What was paid in a period (quyết toán), by kind and agency, with the list");
  settle->add_option("--period", *settle_period, "The period (2026-Q1, 2026, ...), by payment date")->required();
  settle->add_option("--agency", *settle_agency, "Only supports given by an agency whose name contains this");
  settle->add_flag("--json", o->as_json, "Print JSON");
  settle->callback([&g, o, settle_period, settle_agency] { run_settle(g, *o, *settle_period, *settle_agency); });
}

}  // namespace hotro::cmd
