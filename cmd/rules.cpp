// SPDX-License-Identifier: MIT
// hotro rules: check the rule sets in rules/, show what is in force on a date (for a
// province), and run the rule test cases kept beside them.
#include <iostream>

#include <fmt/format.h>

#include "codes.h"
#include "common.h"
#include "error.h"
#include "money.h"
#include "rules/rule_tests.h"
#include "rules/rules.h"

namespace hotro::cmd {

namespace {

void run_check(const Global& g, const std::string& dir) {
  const auto folder = rules_folder(dir);
  std::vector<std::string> problems;
  const auto book = rules::RuleBook::load(folder, &problems);
  for (const auto& p : problems) std::cerr << p << '\n';
  if (!problems.empty())
    throw Error(Exit::config, fmt::format(fmt::runtime(tr_n(problems.size(), "{} lỗi trong quy định ở {}", "{} problem in the rules in {}",
                                                               "{} problems in the rules in {}")),
                                          problems.size(), folder.string()));
  for (const auto& n : book.notices()) std::cerr << "hotro: " << g.tr("lưu ý: ", "note: ") << n << '\n';
  if (!g.quiet)
    std::cout << fmt::format(fmt::runtime(g.tr("Quy định hợp lệ: {} bộ quy định trong {}\n",
                                                "Rules are valid: {} rule sets in {}\n")),
                             book.sets().size(), folder.string());
}

std::string status_words(const Global& g, rules::Certainty c) {
  switch (c) {
    case rules::Certainty::confirmed: return "";
    case rules::Certainty::secondary: return g.tr("nguồn thứ cấp", "secondary source");
    case rules::Certainty::unconfirmed: return g.tr("CHƯA XÁC NHẬN", "UNCONFIRMED");
  }
  return "";
}

// "60.000/ngày", "không rõ" (not found), or "" when the entitlement has no such term.
std::string value_words(const Global& g, const std::optional<rules::Resolved>& r) {
  if (!r) return "";
  if (!r->value) return g.tr("không rõ", "unknown");
  std::string v;
  if (r->unit == "vnd") v = format_vnd(*r->value);
  else if (r->unit == "vnd_per_day") v = format_vnd(*r->value) + g.tr("/ngày", "/day");
  else if (r->unit == "days") v = fmt::format(fmt::runtime(tr_n(*r->value, "{} ngày", "{} day", "{} days")), *r->value);
  else if (r->unit == "months") v = fmt::format(fmt::runtime(tr_n(*r->value, "{} tháng", "{} month", "{} months")), *r->value);
  else if (r->unit == "working_days") v = fmt::format(fmt::runtime(g.tr("{} ngày làm việc", "{} working days")), *r->value);
  else v = *r->value == 1 ? std::string(g.tr("1 lần", "once")) : fmt::format(fmt::runtime(g.tr("{} lần", "{} times")), *r->value);
  if (r->minimum) v = g.tr("tối thiểu ", "at least ") + v;
  if (r->status == rules::Certainty::unconfirmed) v += " (?)";
  return v;
}

std::string unit_words(const Global& g, const std::string& unit) {
  if (unit == "per_day") return g.tr("theo ngày", "per day");
  if (unit == "once") return g.tr("một lần", "once");
  if (unit == "actual_cost") return g.tr("theo thực tế", "actual cost");
  return g.tr("dịch vụ", "service");
}

std::string who_words(const Global& g, const std::vector<std::string>& who) {
  std::string out;
  for (const auto& w : who) {
    std::string word = w == "victim"          ? g.tr("nạn nhân", "victim")
                       : w == "pending"       ? g.tr("đang xác định", "being identified")
                       : w == "minor_pending" ? g.tr("người dưới 18 tuổi đi cùng người đang xác định",
                                                     "minor with a person being identified")
                                              : g.tr("người dưới 18 tuổi đi cùng nạn nhân", "minor with a victim");
    out += (out.empty() ? "" : ", ") + word;
  }
  return out;
}

json resolved_json(const std::optional<rules::Resolved>& r) {
  if (!r) return nullptr;
  json j{{"parameter", r->parameter}, {"unit", r->unit}, {"value", r->value ? json(*r->value) : json()},
         {"minimum", r->minimum}, {"status", rules::certainty_name(r->status)}, {"citation", r->citation},
         {"from", r->set_id}};
  if (!r->note.empty()) j["note"] = r->note;
  return j;
}

void run_show(const Global& g, const std::string& dir, const std::string& on_text, const std::string& province,
              bool as_json) {
  const auto book = load_rules(dir);
  const text::Date on = date_option("--on", on_text);
  const std::optional<std::string> prov = province_option(province);
  const rules::RuleSet* nat = &book.national_in_force(on);
  const rules::RuleSet* ps = prov ? book.province_on(on, *prov) : nullptr;
  const auto terms = book.in_force(on, prov);

  // Kind labels come from the library's code list when there is a library at hand.
  std::unique_ptr<db::Database> db;
  std::unique_ptr<CodeLists> codes;
  try {
    db = g.open_read();
    codes = std::make_unique<CodeLists>(*db);
  } catch (const Error&) {
  }
  auto kind_label = [&](const std::string& kind) { return codes ? codes->label("support_kind", kind, g.lang) : kind; };

  if (as_json) {
    json out{{"on", on.iso()}, {"national", {{"id", nat->id}, {"title", g.en() ? nat->title_en : nat->title_vi},
                                              {"citation", nat->citation}, {"status", rules::certainty_name(nat->status)}}}};
    out["province"] = ps ? json{{"id", ps->id}, {"province", ps->province}, {"title", g.en() ? ps->title_en : ps->title_vi},
                                {"citation", ps->citation}, {"status", rules::certainty_name(ps->status)}}
                         : json();
    json list = json::array();
    for (const auto& t : terms) {
      const auto& e = *t.entitlement;
      list.push_back({{"rule", t.rule_id()}, {"kind", e.kind}, {"who", e.who}, {"citizenship", e.citizenship},
                      {"poor_household", e.poor_household ? json(*e.poor_household) : json()},
                      {"age_below", e.age_below ? json(*e.age_below) : json()}, {"setting", e.setting},
                      {"unit", e.unit}, {"rate", resolved_json(t.rate)}, {"cap", resolved_json(t.cap)},
                      {"max_days", resolved_json(t.max_days)}, {"max_times", resolved_json(t.max_times)},
                      {"deadline_months", resolved_json(t.deadline_months)},
                      {"decision_days", resolved_json(t.decision_days)},
                      {"decided_by", g.en() ? e.decided_by_en : e.decided_by_vi}, {"citation", e.citation},
                      {"status", rules::certainty_name(t.certainty())}, {"version", t.version()}});
    }
    out["entitlements"] = list;
    print_json(out);
    return;
  }
  std::cout << fmt::format(fmt::runtime(g.tr("Quy định có hiệu lực ngày {}: {}\n  {}\n", "Rules in force on {}: {}\n  {}\n")),
                           on.display(), g.en() ? nat->title_en : nat->title_vi, nat->citation);
  if (ps)
    std::cout << fmt::format(fmt::runtime(g.tr("Của tỉnh: {}\n  {}\n", "Province: {}\n  {}\n")),
                             g.en() ? ps->title_en : ps->title_vi, ps->citation);
  else if (prov)
    std::cout << fmt::format(fmt::runtime(g.tr("Tỉnh {}: không có nghị quyết trong thư mục quy định cho ngày này; áp dụng mức quốc gia\n",
                                                "Province {}: no resolution in the rules folder for this date; national amounts apply\n")),
                             *prov);
  std::cout << '\n';
  std::vector<std::vector<std::string>> rows;
  bool unsure = false;
  for (const auto& t : terms) {
    const auto& e = *t.entitlement;
    std::string who = who_words(g, e.who);
    if (e.poor_household && *e.poor_household) who += g.tr("; hộ nghèo", "; poor household");
    if (e.age_below) who += fmt::format(fmt::runtime(g.tr("; dưới {} tuổi", "; under {}")), *e.age_below);
    std::string amount = value_words(g, t.rate);
    if (t.cap) amount += std::string(amount.empty() ? "" : "; ") + g.tr("tối đa ", "at most ") + value_words(g, t.cap);
    std::string limits = value_words(g, t.max_days);
    if (t.max_times) limits += (limits.empty() ? "" : "; ") + value_words(g, t.max_times);
    if (t.deadline_months)
      limits += std::string(limits.empty() ? "" : "; ") + g.tr("nộp đơn trong ", "apply within ") + value_words(g, t.deadline_months);
    const std::string status = status_words(g, t.certainty());
    unsure = unsure || t.certainty() == rules::Certainty::unconfirmed;
    rows.push_back({kind_label(e.kind), who, unit_words(g, e.unit), amount, limits,
                    g.en() ? e.decided_by_en : e.decided_by_vi, e.citation, status});
  }
  print_table({g.tr("Chế độ", "Support"), g.tr("Đối tượng", "Who"), g.tr("Cách tính", "Unit"),
               g.tr("Mức", "Amount"), g.tr("Giới hạn", "Limits"), g.tr("Thẩm quyền", "Decided by"),
               g.tr("Căn cứ", "Legal basis"), g.tr("Mức độ xác nhận", "Certainty")},
              rows);
  if (unsure && !g.quiet)
    std::cout << g.tr("\n(?) và CHƯA XÁC NHẬN: con số hoặc ngày hiệu lực chưa được xác nhận từ văn bản gốc; "
                      "\"không rõ\": chưa tìm thấy mức chi, cơ quan phải nhập số tiền (--amount) kèm lý do.\n",
                      "\n(?) and UNCONFIRMED: the figure or its effective date is not confirmed from the instrument; "
                      "\"unknown\": no amount was found, the agency gives the amount (--amount) with a reason.\n");
}

void run_test(const Global& g, const std::string& dir, bool as_json) {
  const auto folder = rules_folder(dir);
  const auto book = rules::RuleBook::load(folder);
  const auto results = rules::run_rule_tests(book, folder);
  size_t failed = 0;
  json out = json::array();
  for (const auto& r : results) {
    if (!r.failures.empty()) ++failed;
    if (as_json) {
      out.push_back({{"file", r.file}, {"line", r.line}, {"name", r.name}, {"passed", r.failures.empty()},
                     {"failures", r.failures}});
      continue;
    }
    if (r.failures.empty()) {
      if (!g.quiet) std::cout << "ok    " << r.name << '\n';
      continue;
    }
    std::cout << "FAIL  " << r.name << "  (" << r.file << ':' << r.line << ")\n";
    for (const auto& f : r.failures) std::cout << "      " << f << '\n';
  }
  if (as_json) print_json(out);
  else if (!g.quiet || failed)
    std::cout << fmt::format(fmt::runtime(g.tr("{} ca kiểm thử, {} đạt, {} không đạt\n", "{} tests, {} passed, {} failed\n")),
                             results.size(), results.size() - failed, failed);
  if (results.empty())
    throw Error(Exit::config, fmt::format(fmt::runtime(g.tr("không có ca kiểm thử nào trong {}/tests", "no rule tests in {}/tests")),
                                          folder.string()));
  if (failed)
    throw Error(Exit::found, fmt::format(fmt::runtime(g.tr("{} ca kiểm thử quy định không đạt", "{} rule tests failed")), failed));
}

}  // namespace

void register_rules(CLI::App& app, Global& g) {
  auto dir = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("rules", "Check, show and test the support rules (quy định hỗ trợ) in rules/");
  sub->add_option("--rules", *dir, "The rules folder (default: $HOTRO_RULES, else the shipped rules/)");
  sub->require_subcommand(1);

  auto* check = sub->add_subcommand("check", "Validate every rule set: keys, types, dates, citations");
  check->callback([&g, dir] { run_check(g, *dir); });

  auto on = std::make_shared<std::string>(), province = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  auto* show = sub->add_subcommand("show", "Print the entitlements in force on a date, for a province");
  show->add_option("--on", *on, "The date (default: today)");
  show->add_option("--province", *province, "2-digit province code: its resolution's amounts apply");
  show->add_flag("--json", *as_json, "Print JSON");
  show->callback([&g, dir, on, province, as_json] { run_show(g, *dir, *on, *province, *as_json); });

  auto test_json = std::make_shared<bool>(false);
  auto* test = sub->add_subcommand("test", "Run the rule test cases in rules/tests/");
  test->add_flag("--json", *test_json, "Print JSON");
  test->callback([&g, dir, test_json] { run_test(g, *dir, *test_json); });
}

}  // namespace hotro::cmd
