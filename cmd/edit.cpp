// SPDX-License-Identifier: MIT
// hotro edit: corrections (sửa dữ liệu) of a case and its person, one case or in bulk, shown
// field by field before they are written, audited, and reversible (--undo, --list, --show).
#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "changes.h"
#include "common.h"
#include "edit.h"
#include "error.h"
#include "text/unicode.h"

namespace hotro::cmd {

namespace {

struct Options {
  std::vector<std::string> args;  // CASE FIELD=VALUE...
  std::vector<std::string> where, set;
  int64_t undo = 0, show = 0;
  bool list = false;
  std::string reason;
  bool dry_run = false, json = false, yes = false;
  // Which of the modes were given.
  bool undo_given = false, show_given = false;
};

int64_t case_number(const std::string& text) {
  std::string s = text::clean(text);
  if (!s.empty() && s[0] == '#') s.erase(0, 1);
  if (!s.empty() && s.size() < 19 && std::all_of(s.begin(), s.end(), ::isdigit)) return std::stoll(s);
  throw Error(Exit::usage, fmt::format(fmt::runtime(tr("'{}': cần số hồ sơ, ví dụ: hotro edit 12 intake_date=02/03/2026",
                                                       "'{}': expected a case number, e.g. hotro edit 12 intake_date=02/03/2026")),
                                       text));
}

json change_json(const edit::Change& c) {
  json j = edit::to_json(c.change);
  j["case"] = c.case_id;
  j["key"] = c.key;
  j["derived"] = c.derived;
  if (c.new_agency) j["new_agency"] = text::clean(*c.new_agency);
  return j;
}

json plan_json(const edit::Plan& p, bool dry_run, std::optional<int64_t> set_id) {
  json changes = json::array();
  for (const auto& c : p.changes) changes.push_back(change_json(c));
  return json{{"cases", p.cases},
              {"changes", std::move(changes)},
              {"warnings", p.warnings},
              {"dry_run", dry_run},
              {"change_set", set_id ? json(*set_id) : json()}};
}

// The diff, one line per column; the columns that follow from another indented under it.
void print_plan(db::Database& db, const edit::Plan& p, bool bulk) {
  edit::Describer describe(db);
  for (const auto& c : p.changes) {
    std::string line = (c.derived ? "  " : "") + describe.line(c.change, c.new_agency);
    if (bulk && c.change.entity == "person")
      line += fmt::format(fmt::runtime(tr(" (hồ sơ #{})", " (case #{})")), c.case_id);
    std::cout << line << '\n';
  }
}

// Asks on the terminal; true for yes.
bool confirm(const std::string& question) {
  std::cerr << question << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  const std::string a = text::fold(answer);
  return a == "y" || a == "yes" || a == "c" || a == "co";
}

void run_edit(const Global& g, const Options& o) {
  const bool bulk = !o.where.empty() || !o.set.empty();
  if (bulk && o.where.empty())
    throw Error(Exit::usage, g.tr("--set cần ít nhất một --where (sửa một hồ sơ: hotro edit HỒ_SƠ TRƯỜNG=GIÁ_TRỊ)",
                                  "--set needs at least one --where (one case: hotro edit CASE FIELD=VALUE)"));
  if (bulk && o.set.empty())
    throw Error(Exit::usage, g.tr("--where cần ít nhất một --set TRƯỜNG=GIÁ_TRỊ", "--where needs at least one --set FIELD=VALUE"));

  std::vector<edit::Assignment> set;
  std::vector<edit::Condition> where;
  std::vector<int64_t> cases;
  if (bulk) {
    for (const auto& w : o.where) where.push_back(edit::parse_condition(w));
    for (const auto& s : o.set) set.push_back(edit::parse_assignment(s));
  } else {
    cases.push_back(case_number(o.args[0]));
    for (size_t i = 1; i < o.args.size(); ++i) set.push_back(edit::parse_assignment(o.args[i]));
    if (set.empty())
      throw Error(Exit::usage, fmt::format(fmt::runtime(g.tr("cần ít nhất một TRƯỜNG=GIÁ_TRỊ sau số hồ sơ; các trường: {}",
                                                              "give at least one FIELD=VALUE after the case number; the fields: {}")),
                                           fmt::join(edit::field_keys(), ", ")));
  }

  auto db = o.dry_run ? g.open_read() : g.open_write();
  if (bulk) cases = edit::find_cases(*db, where);
  const std::optional<std::string> reason = optional_text(text::clean(o.reason));
  if (bulk && cases.empty()) {
    if (o.json)
      print_json(plan_json(edit::Plan{}, o.dry_run, std::nullopt));
    else if (!g.quiet)
      std::cout << g.tr("Không có hồ sơ nào khớp các điều kiện --where; không ghi gì\n",
                        "No case matches the --where conditions; nothing written\n");
    return;
  }
  const edit::Plan plan = edit::plan(*db, cases, set);
  for (const auto& w : plan.warnings) std::cerr << "hotro: " << g.tr("lưu ý: ", "note: ") << w << '\n';
  if (plan.changes.empty()) {
    if (o.json)
      print_json(plan_json(plan, o.dry_run, std::nullopt));
    else if (!g.quiet)
      std::cout << (bulk ? fmt::format(fmt::runtime(g.tr("Không có gì thay đổi: {} hồ sơ khớp đã có các giá trị này\n",
                                                          "Nothing to change: the {} matching cases already have these values\n")),
                                       count(g, static_cast<long>(cases.size())))
                         : fmt::format(fmt::runtime(g.tr("Không có gì thay đổi: hồ sơ #{} đã có các giá trị này\n",
                                                          "Nothing to change: case #{} already has these values\n")),
                                       cases[0]));
    return;
  }
  // A bulk edit asks on the terminal without --yes: the question comes after the changes it is about.
  const bool ask = bulk && !o.yes && !o.dry_run && !o.json && isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
  if (!o.json && (!g.quiet || o.dry_run || ask)) print_plan(*db, plan, bulk);
  const long n = static_cast<long>(plan.changes.size());
  const std::string summary =
      bulk ? fmt::format(fmt::runtime(g.tr("{} thay đổi trong {} hồ sơ", "{} changes in {} cases")), count(g, n),
                         count(g, static_cast<long>(cases.size())))
           : fmt::format(fmt::runtime(g.tr("{} thay đổi", "{} changes")), count(g, n));
  if (o.dry_run) {
    if (o.json)
      print_json(plan_json(plan, true, std::nullopt));
    else if (!g.quiet)
      std::cout << summary << g.tr(". Chạy thử (--dry-run): không ghi gì\n", ". Dry run: nothing written\n");
    return;
  }
  // A bulk edit is written when confirmed: --yes, or an answer on the terminal.
  if (bulk && !o.yes) {
    if (!ask) {
      if (o.json) print_json(plan_json(plan, false, std::nullopt));
      throw Error(Exit::usage, fmt::format(fmt::runtime(g.tr("{}; chưa ghi gì: sửa nhiều hồ sơ cần --yes để ghi "
                                                              "(hoặc --dry-run để chỉ xem)",
                                                              "{}; nothing written: a bulk edit needs --yes to write "
                                                              "(or --dry-run to only show it)")),
                                           summary));
    }
    if (!confirm(fmt::format(fmt::runtime(g.tr("{}. Ghi? [c/K] ", "{}. Write them? [y/N] ")), summary))) {
      std::cout << g.tr("Không ghi gì\n", "Nothing written\n");
      return;
    }
  }
  const int64_t id = edit::apply(*db, g.context("edit"), plan, reason);
  if (o.json)
    print_json(plan_json(plan, false, id));
  else if (g.quiet)  // the result alone, for scripts: the change set's id
    std::cout << id << '\n';
  else
    std::cout << fmt::format(fmt::runtime(g.tr("{}: đã ghi (lần sửa #{}; hoàn tác bằng: hotro edit --undo {})\n",
                                                "{}: written (change set #{}; undo with: hotro edit --undo {})\n")),
                             summary, id, id);
}


json summary_json(const changes::Summary& s) {
  return json{{"id", s.id},
              {"command", s.command},
              {"made_at", s.made_at},
              {"actor", s.actor},
              {"reason", s.reason ? json(*s.reason) : json()},
              {"changes", s.changes},
              {"undone_at", s.undone_at ? json(*s.undone_at) : json()}};
}

void run_list(const Global& g, bool as_json) {
  auto db = g.open_read();
  const auto sets = changes::list(*db);
  if (as_json) {
    json out = json::array();
    for (const auto& s : sets) out.push_back(summary_json(s));
    print_json(out);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : sets)
    rows.push_back({std::to_string(s.id), text::display_time(s.made_at), s.actor, s.command, s.reason.value_or(""),
                    count(g, static_cast<long>(s.changes)), s.undone_at ? text::display_time(*s.undone_at) : ""});
  print_table({"#", g.tr("Thời điểm (UTC)", "When (UTC)"), g.tr("Người sửa", "Who"), g.tr("Lệnh", "Command"),
               g.tr("Lý do", "Reason"), g.tr("Số thay đổi", "Changes"), g.tr("Đã hoàn tác", "Undone")},
              rows);
  if (!g.quiet)
    std::cout << fmt::format(fmt::runtime(g.tr("{} lần sửa; xem: hotro edit --show SỐ, hoàn tác: hotro edit --undo SỐ\n",
                                                "{} change sets; see one: hotro edit --show N, undo: hotro edit --undo N\n")),
                             count(g, static_cast<long>(sets.size())));
}

changes::Summary summary_of(db::Database& db, int64_t id) {
  for (const auto& s : changes::list(db))
    if (s.id == id) return s;
  throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có lần sửa #{}", "no change set #{}")), id));
}

void run_show(const Global& g, int64_t id, bool as_json) {
  auto db = g.open_read();
  const changes::Summary s = summary_of(*db, id);
  const auto list = changes::of(*db, id);
  if (as_json) {
    json out = summary_json(s);
    out["field_changes"] = json::array();
    for (const auto& c : list) out["field_changes"].push_back(edit::to_json(c));
    print_json(out);
    return;
  }
  std::cout << fmt::format(fmt::runtime(g.tr("Lần sửa #{} ({}, {} UTC, {}){}{}\n", "Change set #{} ({}, {} UTC, {}){}{}\n")),
                           s.id, s.command, text::display_time(s.made_at), s.actor, s.reason ? ": " + *s.reason : "",
                           s.undone_at ? fmt::format(fmt::runtime(g.tr(" — đã hoàn tác {} UTC", " — undone {} UTC")),
                                                     text::display_time(*s.undone_at))
                                       : "");
  edit::Describer describe(*db);
  for (const auto& c : list) std::cout << "  " << describe.line(c) << '\n';
}

void run_undo(const Global& g, const Options& o) {
  auto db = g.open_write();
  db::Transaction tx(*db);
  const int64_t id = edit::undo(*db, g.context("edit --undo"), o.undo, optional_text(text::clean(o.reason)));
  // What the undo wrote (a dry run too: its transaction is still open), read back from its own
  // change set, since a person's matching keys are worked out again rather than copied; shown up
  // to kShown changes (a remap's undo has one per record; the whole list is `hotro edit --show`).
  constexpr int64_t kShown = 1000;
  std::vector<changes::FieldChange> reverse;
  const int64_t total = changes::each(*db, id, [&](const changes::FieldChange& c) {
    if (static_cast<int64_t>(reverse.size()) < kShown) reverse.push_back(c);
  });
  const int64_t hidden = total - static_cast<int64_t>(reverse.size());
  if (o.json) {
    json out = json{{"undone", o.undo}, {"dry_run", o.dry_run}, {"change_set", o.dry_run ? json() : json(id)},
                    {"changes_total", total}, {"changes", json::array()}};
    for (const auto& c : reverse) out["changes"].push_back(edit::to_json(c));
    print_json(out);
  } else if (!g.quiet || o.dry_run) {
    edit::Describer describe(*db);
    for (const auto& c : reverse) std::cout << describe.line(c) << '\n';
    if (hidden > 0)
      std::cout << fmt::format(fmt::runtime(g.tr("... và {} thay đổi khác (xem: hotro edit --show {})\n",
                                                  "... and {} more changes (see: hotro edit --show {})\n")),
                               hidden, o.undo);
  }
  if (o.dry_run) {  // the transaction rolls back
    if (!o.json && !g.quiet)
      std::cout << fmt::format(fmt::runtime(g.tr("Chạy thử (--dry-run): hoàn tác được lần sửa #{}; không ghi gì\n",
                                                  "Dry run: change set #{} can be undone; nothing written\n")),
                               o.undo);
    return;
  }
  tx.commit();
  if (!o.json && g.quiet) std::cout << id << '\n';  // the result alone, for scripts
  if (!o.json && !g.quiet)
    std::cout << fmt::format(fmt::runtime(g.tr("Đã hoàn tác lần sửa #{} (ghi thành lần sửa #{}; làm lại bằng: hotro edit --undo {})\n",
                                                "Undid change set #{} (recorded as change set #{}; redo with: hotro edit --undo {})\n")),
                             o.undo, id, id);
}

}  // namespace

void register_edit(CLI::App& app, Global& g) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("edit", "Correct a case and its person (hotro edit CASE field=value ...), or many "
                                         "cases (--where ... --set ...): the changes shown first, audited, reversible "
                                         "(--undo, --list, --show) (sửa dữ liệu)");
  sub->add_option("args", o->args, "CASE then FIELD=VALUE ... (FIELD= clears it); the fields: " +
                                       fmt::format("{}", fmt::join(edit::field_keys(), ", ")));
  sub->add_option("--where", o->where, "Bulk: only cases whose FIELD=VALUE (folded, codes by any variant, FIELD= "
                                       "for empty) or FIELD~TEXT (contains); repeatable, all must hold")
      ->allow_extra_args(false);
  sub->add_option("--set", o->set, "Bulk: FIELD=VALUE to set on every matching case (repeatable)")
      ->allow_extra_args(false);
  sub->add_flag("-y,--yes", o->yes, "Bulk: write without asking");
  sub->add_option("--reason", o->reason, "Why (kept with the change set and in the audit trail)");
  sub->add_flag("--dry-run", o->dry_run, "Show what would change; write nothing");
  sub->add_flag("--json", o->json, "Print JSON (ISO dates, codes)");
  auto* undo = sub->add_option("--undo", o->undo, "Put back what change set SET changed (a new change set)")
                   ->type_name("SET")->check(positive_number());
  sub->add_flag("--list", o->list, "List the change sets (edits, undos, units remap)");
  auto* show = sub->add_option("--show", o->show, "Show the field changes of change set SET")
                   ->type_name("SET")
                   ->check(positive_number());
  sub->callback([&g, o, undo, show] {
    o->undo_given = undo->count() > 0;
    o->show_given = show->count() > 0;
    const int modes = (!o->args.empty()) + (!o->where.empty() || !o->set.empty()) + o->undo_given + o->show_given +
                      o->list;
    if (modes != 1)
      throw Error(Exit::usage,
                  modes == 0 ? g.tr("cần: hotro edit HỒ_SƠ TRƯỜNG=GIÁ_TRỊ ..., --where ... --set ..., --undo SỐ, --list "
                                    "hoặc --show SỐ (xem: hotro edit --help)",
                                    "give: hotro edit CASE FIELD=VALUE ..., --where ... --set ..., --undo SET, --list "
                                    "or --show SET (see hotro edit --help)")
                             : g.tr("chỉ một trong: HỒ_SƠ TRƯỜNG=GIÁ_TRỊ ..., --where/--set, --undo, --list, --show",
                                    "only one of: CASE FIELD=VALUE ..., --where/--set, --undo, --list, --show"));
    if (o->list) return run_list(g, o->json);
    if (o->show_given) return run_show(g, o->show, o->json);
    if (o->undo_given) return run_undo(g, *o);
    run_edit(g, *o);
  });
}

}  // namespace hotro::cmd
