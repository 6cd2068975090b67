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
  if (code == "citizen_id_differs") return g.tr("khác số CCCD", "different citizen IDs");
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
    std::cout << fmt::format(fmt::runtime(tr_n(static_cast<long long>(pairs.size()), "{} cặp có thể trùng (điểm từ {})\n",
                                                "{} probable duplicate pair (score {} or more)\n",
                                                "{} probable duplicate pairs (score {} or more)\n")),
                             count(g, static_cast<long>(pairs.size())), min_score);
}


std::string field_words(const Global& g, const std::string& field) {
  if (field == "citizen_id") return g.tr("số CCCD/CMND", "citizen ID");
  if (field == "sex") return g.tr("giới tính", "sex");
  if (field == "birth_date") return g.tr("ngày sinh", "birth date");
  if (field == "ethnicity") return g.tr("dân tộc", "ethnicity");
  if (field == "residence") return g.tr("nơi cư trú", "residence");
  if (field == "poor_household") return g.tr("hộ nghèo", "poor household");
  if (field == "citizenship") return g.tr("quốc tịch", "citizenship");
  return field;
}

json field_values_json(const std::vector<dedupe::FieldValues>& list) {
  json out = json::array();
  for (const auto& v : list)
    out.push_back({{"field", v.field}, {"kept", v.kept ? json(*v.kept) : json()}, {"dropped", v.dropped ? json(*v.dropped) : json()}});
  return out;
}

void run_merge(const Global& g, int64_t kept, int64_t dropped, bool dry_run, bool force, bool as_json) {
  auto db = g.open_write();
  const dedupe::MergePlan plan = dedupe::plan_merge(*db, kept, dropped, force);
  const Person a = person(*db, kept), b = person(*db, dropped);
  const int64_t id = dry_run ? 0 : dedupe::merge(*db, g.context("dedupe merge"), plan);
  if (as_json) {
    print_json({{"kept", kept}, {"dropped", dropped}, {"cases", plan.cases}, {"minor_cases", plan.minor_cases},
                {"supports", plan.supports}, {"filled", field_values_json(plan.filled)},
                {"differences", field_values_json(plan.differences)}, {"dry_run", dry_run},
                {"merge", dry_run ? json() : json(id)}});
    return;
  }
  if (!g.quiet || dry_run) {
    auto counted = [](size_t n, const char* vi, const char* en_one, const char* en_many) {
      return fmt::format(fmt::runtime(tr_n(static_cast<long long>(n), vi, en_one, en_many)), n);
    };
    std::cout << fmt::format(fmt::runtime(g.tr("Gộp người #{} {} vào người #{} {}: chuyển {} ({}), {} và {}\n",
                                                "Merge person #{} {} into person #{} {}: moves {} ({}), {} and {}\n")),
                             dropped, b.name, kept, a.name, counted(plan.cases.size(), "{} hồ sơ", "{} case", "{} cases"),
                             fmt::join(plan.cases, ", "),
                             counted(plan.supports.size(), "{} khoản hỗ trợ", "{} support", "{} supports"),
                             counted(plan.minor_cases.size(), "{} liên kết người dưới 18 tuổi đi cùng",
                                     "{} accompanying-minor link", "{} accompanying-minor links"));
    for (const auto& v : plan.filled)
      std::cout << fmt::format(fmt::runtime(g.tr("  {}: người #{} chưa có, lấy của người #{}: {}\n",
                                                  "  {}: person #{} has none; person #{}'s is taken: {}\n")),
                               field_words(g, v.field), kept, dropped, *v.dropped);
    for (const auto& v : plan.differences)
      std::cout << fmt::format(fmt::runtime(g.tr("  {} khác nhau: người #{} {}, người #{} {} (giữ của người #{})\n",
                                                  "  {} differs: person #{} {}, person #{} {} (person #{}'s is kept)\n")),
                               field_words(g, v.field), kept, *v.kept, dropped, *v.dropped, kept);
  }
  if (dry_run) {
    std::cout << g.tr("Chạy thử (--dry-run): không ghi gì\n", "Dry run: nothing written\n");
    return;
  }
  if (g.quiet) {  // the result alone, for scripts: the merge id
    std::cout << id << '\n';
    return;
  }
  std::cout << fmt::format(fmt::runtime(g.tr("Đã gộp (lần gộp #{}; hoàn tác bằng: hotro dedupe unmerge {})\n",
                                              "Merged (merge #{}; undo with: hotro dedupe unmerge {})\n")),
                           id, id);
}

}  // namespace

void register_dedupe(CLI::App& app, Global& g) {
  auto min_score = std::make_shared<int>(50);
  auto as_json = std::make_shared<bool>(false);
  auto* sub = app.add_subcommand("dedupe", "List probable duplicate persons with a score and the "
                                           "reasons; merge and unmerge them (trùng lặp)");
  sub->add_option("--min-score", *min_score, "Only pairs scoring at least this (0-100, default 50)")
      ->check(CLI::Range(0, 100));
  sub->add_flag("--json", *as_json, "Print JSON");
  sub->require_subcommand(0, 1);

  auto kept = std::make_shared<int64_t>(0), dropped = std::make_shared<int64_t>(0);
  auto dry_run = std::make_shared<bool>(false);
  auto* merge = sub->add_subcommand("merge", "Move the cases of DROP to KEEP (audited; undo with unmerge)");
  merge->add_option("keep", *kept, "The person to keep")->check(positive_number())->required();
  merge->add_option("drop", *dropped, "The person whose cases move to KEEP")->check(positive_number())->required();
  auto force = std::make_shared<bool>(false);
  merge->add_flag("--dry-run", *dry_run, "Show what would move; write nothing");
  merge->add_flag("--force", *force, "Merge two persons with different citizen IDs (the kept one's stays)");
  merge->add_flag("--json", *as_json, "Print the plan (and the merge id) as JSON");
  merge->callback([&g, kept, dropped, dry_run, force, as_json] { run_merge(g, *kept, *dropped, *dry_run, *force, *as_json); });

  auto merge_id = std::make_shared<int64_t>(0);
  auto* unmerge = sub->add_subcommand("unmerge", "Undo a merge: the cases go back (audited)");
  unmerge->add_option("merge", *merge_id, "The merge id printed by merge")->check(positive_number())->required();
  unmerge->callback([&g, merge_id] {
    auto db = g.open_write();
    dedupe::unmerge(*db, g.context("dedupe unmerge"), *merge_id);
    if (!g.quiet)
      std::cout << fmt::format(fmt::runtime(g.tr("Đã hoàn tác lần gộp #{}\n", "Undid merge #{}\n")), *merge_id);
  });

  sub->callback([&g, sub, min_score, as_json] {
    if (sub->get_subcommands().empty()) run_dedupe(g, *min_score, *as_json);
  });
}

}  // namespace hotro::cmd
