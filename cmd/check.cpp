// SPDX-License-Identifier: MIT
// hotro check: data-quality rules over the whole library; counts per rule, the ids behind
// each, exit 1 when something is found (for cron).
#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "check.h"
#include "common.h"
#include "error.h"

namespace hotro::cmd {

namespace {

struct CheckOptions {
  std::vector<std::string> only;
  std::string on, rules_dir;
  bool json = false;
};

void run_check(const Global& g, const CheckOptions& o) {
  const auto book = load_rules(o.rules_dir);
  auto db = g.open_read();
  const text::Date today = date_option("--on", o.on);
  const auto findings = check::run(*db, book, today, o.only);
  size_t found = 0, rules_failing = 0;
  for (const auto& f : findings) {
    found += f.ids.size();
    if (!f.ids.empty()) ++rules_failing;
  }
  if (o.json) {
    json rules = json::array();
    for (const auto& f : findings)
      rules.push_back({{"rule", f.rule}, {"entity", f.entity}, {"title", g.en() ? f.title_en : f.title_vi},
                       {"count", f.ids.size()}, {"ids", f.ids}});
    print_json({{"on", today.iso()}, {"rules", rules}, {"found", found}});
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& f : findings) {
      if (g.quiet && f.ids.empty()) continue;  // -q (cron): only what needs fixing, else nothing
      std::string ids;
      const size_t shown = std::min<size_t>(f.ids.size(), 20);
      for (size_t i = 0; i < shown; ++i) ids += (i ? ", " : "") + std::to_string(f.ids[i]);
      if (f.ids.size() > shown) ids += ", …";
      rows.push_back({f.ids.empty() ? "ok" : "!!", f.rule, g.en() ? f.title_en : f.title_vi,
                      std::to_string(f.ids.size()), ids});
    }
    if (!rows.empty())
      print_table({"", g.tr("Quy tắc", "Rule"), g.tr("Nội dung", "What"), g.tr("Số lượng", "Count"),
                   g.tr("Mã (hồ sơ, người, cơ quan, chuyển tuyến hoặc khoản hỗ trợ)",
                        "Ids (case, person, agency, referral or support)")},
                  rows);
  }
  if (found)
    throw Error(Exit::found,
                fmt::format(fmt::runtime(tr_n(found, "{} vấn đề", "{} problem", "{} problems")), found) +
                    fmt::format(fmt::runtime(tr_n(rules_failing, " theo {} quy tắc", " under {} rule", " under {} rules")),
                                rules_failing));
}

}  // namespace

void register_check(CLI::App& app, Global& g) {
  auto o = std::make_shared<CheckOptions>();
  auto* sub = app.add_subcommand("check", "Data-quality rules over the whole library: counts, the ids behind "
                                           "each, exit 1 when something is found (kiểm tra dữ liệu)");
  sub->add_option("--rule", o->only, "Only this rule (repeatable): " + fmt::format("{}", fmt::join(check::rule_names(), ", ")));
  sub->add_option("--on", o->on, "Judge dates and time limits as of this date (default: today)");
  sub->add_option("--rules", o->rules_dir, "The rules folder (default: $HOTRO_RULES, else the shipped rules/)");
  sub->add_flag("--json", o->json, "Print JSON");
  sub->callback([&g, o] { run_check(g, *o); });
}

}  // namespace hotro::cmd
