// SPDX-License-Identifier: MIT
// hotro dedupe: probable duplicate persons, scored, with the reasons (read-only).
#include <iostream>

#include <fmt/format.h>

#include "common.h"
#include "dedupe.h"

namespace hotro::cmd {

namespace {

struct Person {
  std::string name, birth, residence;
  int64_t cases = 0;
};

Person person(db::Database& db, int64_t id) {
  db::Statement st(db, "SELECT full_name, birth_date, residence, "
                       "(SELECT count(*) FROM case_file c WHERE c.person_id = p.id) "
                       "FROM person p WHERE id = ?");
  st.bind(1, id);
  Person p;
  if (st.step())
    p = {st.text(0), st.opt_text(1).value_or(""), st.opt_text(2).value_or(""), st.int64(3)};
  return p;
}

std::string reason_words(const Global& g, const std::string& code) {
  if (code == "citizen_id") return g.tr("cùng số CCCD", "same citizen ID");
  if (code == "name") return g.tr("cùng họ tên", "same name");
  if (code == "birth_date") return g.tr("cùng ngày sinh", "same birth date");
  if (code == "birth_year") return g.tr("cùng năm sinh", "same birth year");
  if (code == "residence") return g.tr("cùng nơi cư trú", "same residence");
  if (code == "province") return g.tr("cùng tỉnh", "same province");
  if (code == "sex") return g.tr("cùng giới tính", "same sex");
  return code;
}

void run_dedupe(const Global& g, int min_score, bool as_json) {
  auto db = g.open_read();
  const auto pairs = dedupe::probable_duplicates(*db, min_score);
  if (as_json) {
    json out = json::array();
    for (const auto& p : pairs)
      out.push_back({{"person", p.first}, {"other", p.second}, {"score", p.score}, {"reasons", p.reasons}});
    print_json(out);
    return;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& p : pairs) {
    const Person a = person(*db, p.first), b = person(*db, p.second);
    std::string reasons;
    for (const auto& r : p.reasons) reasons += (reasons.empty() ? "" : ", ") + reason_words(g, r);
    table.push_back({std::to_string(p.score),
                     fmt::format("#{} {} ({}; {})", p.first, a.name, display_date(a.birth), a.residence),
                     fmt::format("#{} {} ({}; {})", p.second, b.name, display_date(b.birth), b.residence),
                     reasons});
  }
  print_table({g.tr("Điểm", "Score"), g.tr("Người", "Person"), g.tr("Có thể trùng với", "Probably the same as"),
               g.tr("Lý do", "Reasons")},
              table);
  if (!g.quiet)
    std::cout << fmt::format(fmt::runtime(g.tr("{} cặp có thể trùng (điểm từ {})\n",
                                                "{} probable duplicate pairs (score {} or more)\n")),
                             count(g, static_cast<long>(pairs.size())), min_score);
}

}  // namespace

void register_dedupe(CLI::App& app, Global& g) {
  auto min_score = std::make_shared<int>(50);
  auto as_json = std::make_shared<bool>(false);
  auto* sub = app.add_subcommand("dedupe", "List probable duplicate persons with a score and the "
                                           "reasons (trùng lặp)");
  sub->add_option("--min-score", *min_score, "Only pairs scoring at least this (0-100, default 50)")
      ->check(CLI::Range(0, 100));
  sub->add_flag("--json", *as_json, "Print JSON");
  sub->callback([&g, min_score, as_json] { run_dedupe(g, *min_score, *as_json); });
}

}  // namespace hotro::cmd
