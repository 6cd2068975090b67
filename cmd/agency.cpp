// SPDX-License-Identifier: MIT
// hotro agency: the agencies (cơ quan, đơn vị) of the library with what points at each; merge
// one office that reached the library under two names, and undo that merge.
#include <iostream>

#include <fmt/format.h>

#include "agency.h"
#include "common.h"

namespace hotro::cmd {

namespace {

std::string agency_name(db::Database& db, int64_t id) {
  db::Statement st(db, "SELECT name FROM agency WHERE id = ?");
  st.bind(1, id);
  return st.step() ? st.text(0) : std::string();
}

// What a moved column holds, for people: "hotro agency merge" says how many of each move.
std::string moves_words(const Global& g, const std::string& key) {
  if (key == "case_file.receiving_agency_id") return g.tr("hồ sơ tiếp nhận", "cases received");
  if (key == "case_file.source_agency_id") return g.tr("hồ sơ do cơ quan này gửi danh sách", "cases it sent the list of");
  if (key == "case_event.agency_id") return g.tr("sự kiện", "events");
  if (key == "referral.from_agency_id") return g.tr("chuyển tuyến đi", "referrals from it");
  if (key == "referral.to_agency_id") return g.tr("chuyển tuyến đến", "referrals to it");
  if (key == "support.agency_id") return g.tr("khoản hỗ trợ", "supports");
  return key;
}

void run_list(const Global& g, const std::string& name, bool all, bool as_json) {
  auto db = g.open_read();
  const auto agencies = agency::list(*db, optional_text(name), all);
  if (as_json) {
    json out = json::array();
    for (const auto& a : agencies)
      out.push_back({{"id", a.id}, {"name", a.name}, {"kind", a.kind ? json(*a.kind) : json()},
                     {"province", a.province ? json(*a.province) : json()},
                     {"merged_into", a.merged_into ? json(*a.merged_into) : json()}, {"cases", a.cases},
                     {"events", a.events}, {"referrals", a.referrals}, {"supports", a.supports}});
    print_json(out);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& a : agencies) {
    std::vector<std::string> row{std::to_string(a.id), a.name, count(g, static_cast<long>(a.cases)),
                                 count(g, static_cast<long>(a.events)), count(g, static_cast<long>(a.referrals)),
                                 count(g, static_cast<long>(a.supports))};
    if (all) row.push_back(a.merged_into ? fmt::format("#{}", *a.merged_into) : "");
    rows.push_back(std::move(row));
  }
  std::vector<std::string> header{g.tr("Mã", "Id"), g.tr("Cơ quan", "Agency"), g.tr("Hồ sơ", "Cases"),
                                  g.tr("Sự kiện", "Events"), g.tr("Chuyển tuyến", "Referrals"),
                                  g.tr("Hỗ trợ", "Supports")};
  if (all) header.push_back(g.tr("Đã gộp vào", "Merged into"));
  print_table(header, rows);
  if (!g.quiet)
    std::cout << fmt::format(fmt::runtime(g.tr("{} cơ quan\n", "{} agencies\n")),
                             count(g, static_cast<long>(agencies.size())));
}

void run_merge(const Global& g, int64_t kept, int64_t dropped, const std::string& reason, bool dry_run) {
  agency::merge_reason(reason);  // a usage error comes before looking at the library
  auto db = g.open_write();
  const agency::MergePlan plan = agency::plan_merge(*db, kept, dropped);
  std::string what;
  for (const auto& [key, ids] : plan.moves)
    what += fmt::format("{}{} {}", what.empty() ? "" : ", ", count(g, static_cast<long>(ids.size())),
                        moves_words(g, key));
  if (what.empty()) what = g.tr("không có bản ghi nào trỏ tới nó", "nothing points at it");
  const std::string summary =
      fmt::format(fmt::runtime(g.tr("Gộp cơ quan #{} {} vào cơ quan #{} {}: chuyển {} bản ghi ({})\n",
                                    "Merge agency #{} {} into agency #{} {}: moves {} records ({})\n")),
                  dropped, agency_name(*db, dropped), kept, agency_name(*db, kept),
                  count(g, static_cast<long>(plan.rows())), what);
  if (dry_run) {
    std::cout << summary << g.tr("Chạy thử (--dry-run): không ghi gì\n", "Dry run: nothing written\n");
    return;
  }
  const int64_t id = agency::merge(*db, g.context("agency merge"), plan, reason);
  if (g.quiet) {  // the result alone, for scripts: the merge id
    std::cout << id << '\n';
    return;
  }
  std::cout << summary << fmt::format(fmt::runtime(g.tr("Đã gộp (lần gộp #{}; tên cũ từ nay dẫn tới cơ quan #{}; hoàn tác bằng: "
                                              "hotro agency unmerge {})\n",
                                              "Merged (merge #{}; the old name now leads to agency #{}; undo with: "
                                              "hotro agency unmerge {})\n")),
                           id, kept, id);
}

}  // namespace

void register_agency(CLI::App& app, Global& g) {
  auto* sub = app.add_subcommand("agency", "List the agencies with what points at each; merge one office "
                                           "written under two names, and undo it (cơ quan)");
  sub->require_subcommand(1);

  auto name = std::make_shared<std::string>();
  auto all = std::make_shared<bool>(false), as_json = std::make_shared<bool>(false);
  auto* list = sub->add_subcommand("list", "The agencies by name, with how many cases, events, referrals "
                                           "and supports point at each");
  list->add_option("--name", *name, "Only names containing this (accents and case ignored)");
  list->add_flag("--all", *all, "Also the agencies merged into another");
  list->add_flag("--json", *as_json, "Print JSON");
  list->callback([&g, name, all, as_json] { run_list(g, *name, *all, *as_json); });

  auto kept = std::make_shared<int64_t>(0), dropped = std::make_shared<int64_t>(0);
  auto reason = std::make_shared<std::string>();
  auto dry_run = std::make_shared<bool>(false);
  auto* merge = sub->add_subcommand("merge", "Move everything that points at DROP to KEEP; DROP's name then "
                                             "leads to KEEP (audited; undo with unmerge)");
  merge->add_option("keep", *kept, "The agency to keep")->check(positive_number())->required();
  merge->add_option("drop", *dropped, "The agency whose records move to KEEP")->check(positive_number())->required();
  merge->add_option("--reason", *reason, "Why the two are one office (kept in the audit trail)")->required();
  merge->add_flag("--dry-run", *dry_run, "Show what would move; write nothing");
  merge->callback([&g, kept, dropped, reason, dry_run] { run_merge(g, *kept, *dropped, *reason, *dry_run); });

  auto merge_id = std::make_shared<int64_t>(0);
  auto* unmerge = sub->add_subcommand("unmerge", "Undo an agency merge: what it moved goes back (audited)");
  unmerge->add_option("merge", *merge_id, "The merge id printed by merge")->check(positive_number())->required();
  unmerge->callback([&g, merge_id] {
    auto db = g.open_write();
    agency::unmerge(*db, g.context("agency unmerge"), *merge_id);
    if (!g.quiet)
      std::cout << fmt::format(fmt::runtime(g.tr("Đã hoàn tác lần gộp cơ quan #{}\n", "Undid agency merge #{}\n")),
                               *merge_id);
  });
}

}  // namespace hotro::cmd
