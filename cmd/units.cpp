// SPDX-License-Identifier: MIT
// hotro units: the administrative units (đơn vị hành chính) and their codes, and `units remap`,
// which moves records still carrying codes of a code set that has ended to the units that took
// their place (one reversible change set; `hotro edit --undo SET` puts them back).
#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common.h"
#include "error.h"
#include "units.h"

namespace hotro::cmd {

namespace {

std::string level_words(const Global& g, const std::string& level) {
  if (level == "province") return g.tr("tỉnh", "province");
  if (level == "district") return g.tr("huyện", "district");
  if (level == "commune") return g.tr("xã", "commune");
  return level;
}

std::string field_words(const Global& g, const std::string& table, const std::string& column) {
  if (table == "person" && column == "residence_province") return g.tr("Tỉnh cư trú (người)", "Residence province (person)");
  if (table == "agency" && column == "province") return g.tr("Tỉnh (cơ quan)", "Province (agency)");
  return table + "." + column;
}

std::string record_words(const Global& g, const std::string& table, int64_t id) {
  if (table == "person") return fmt::format(fmt::runtime(g.tr("người #{}", "person #{}")), id);
  if (table == "agency") return fmt::format(fmt::runtime(g.tr("cơ quan #{}", "agency #{}")), id);
  return fmt::format("{} #{}", table, id);
}

std::string why_words(const Global& g, const std::string& why) {
  if (why == "split") return g.tr("đã tách thành nhiều đơn vị", "split into several units");
  if (why == "none") return g.tr("không có đơn vị kế thừa trong bảng chuyển đổi", "no successor in the map");
  if (why == "unknown") return g.tr("mã không có trong bộ mã của nó", "code not in its code set");
  return why;
}

std::string dates(const Global& g, const units::Unit& u) {
  return fmt::format("{} – {}", u.valid_from ? display_date(*u.valid_from) : "…",
                     u.valid_to ? display_date(*u.valid_to) : g.tr("nay", "now"));
}

json unit_json(const units::Unit& u) {
  return {{"code_set", u.code_set}, {"code", u.code},           {"level", u.level},
          {"name", u.name},         {"parent", u.parent ? json(*u.parent) : json()},
          {"valid_from", u.valid_from ? json(*u.valid_from) : json()},
          {"valid_to", u.valid_to ? json(*u.valid_to) : json()}};
}

// ---- units list / show ----

void run_list(const Global& g, const std::string& set, const std::string& level, bool as_json) {
  auto db = g.open_read();
  const auto all = units::list(*db, set, level);
  if (as_json) {
    json out = json::array();
    for (const auto& u : all) out.push_back(unit_json(u));
    print_json(out);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& u : all)
    rows.push_back({u.code_set, u.code, u.name, level_words(g, u.level), dates(g, u)});
  print_table({g.tr("Bộ mã", "Code set"), g.tr("Mã", "Code"), g.tr("Tên", "Name"), g.tr("Cấp", "Level"),
               g.tr("Hiệu lực", "In force")},
              rows);
  if (!g.quiet)
    std::cout << fmt::format(fmt::runtime(g.tr("{} đơn vị\n", "{} units\n")), count(g, static_cast<long>(all.size())));
}

void run_show(const Global& g, const std::string& query, bool as_json) {
  auto db = g.open_read();
  const auto found = units::show(*db, query);
  if (as_json) {
    json out = json::array();
    for (const auto& d : found) {
      json u = unit_json(d.unit);
      u["basis"] = units::set_basis(d.unit.code_set);
      for (const char* key : {"predecessors", "successors"}) {
        json l = json::array();
        for (const auto& link : std::string(key) == "predecessors" ? d.predecessors : d.successors) {
          json x = unit_json(link.unit);
          x["basis"] = link.basis;
          l.push_back(x);
        }
        u[key] = l;
      }
      out.push_back(u);
    }
    print_json(out);
    return;
  }
  bool first = true;
  for (const auto& d : found) {
    if (!first) std::cout << '\n';
    first = false;
    const auto& u = d.unit;
    std::cout << fmt::format("{} ({}:{})\n", u.name, u.code_set, u.code);
    std::cout << fmt::format(fmt::runtime(g.tr("  Cấp: {}\n", "  Level: {}\n")), level_words(g, u.level));
    std::cout << fmt::format(fmt::runtime(g.tr("  Bộ mã: {} ({})\n", "  Code set: {} ({})\n")), u.code_set,
                             units::set_basis(u.code_set));
    std::cout << fmt::format(fmt::runtime(g.tr("  Hiệu lực: {}\n", "  In force: {}\n")), dates(g, u));
    auto print_links = [&](const std::vector<units::Link>& links, const char* vi, const char* en) {
      if (links.empty()) return;
      std::cout << "  " << g.tr(vi, en) << '\n';
      for (const auto& l : links)
        std::cout << fmt::format("    {}:{} {} ({}) — {}\n", l.unit.code_set, l.unit.code,
                                 l.unit.name.empty() ? "?" : l.unit.name, dates(g, l.unit), l.basis);
    };
    print_links(d.predecessors, "Hình thành từ:", "Formed from:");
    print_links(d.successors, "Thay bằng:", "Replaced by:");
  }
}

// ---- units remap ----

struct RemapOptions {
  std::string on, reason;
  std::vector<std::string> assign;
  bool dry_run = false, json = false;
};

json summary_json(const units::Plan& p, bool dry_run) {
  const auto& r = p.reorganisation;
  json moves = json::array();
  for (const auto& m : p.groups)
    moves.push_back({{"entity", m.table}, {"field", m.column}, {"old_set", m.old_set}, {"old_code", m.old_code},
                     {"old_name", m.old_name}, {"new_set", r.new_set}, {"new_code", m.new_code},
                     {"new_name", m.new_name}, {"assigned", m.assigned}, {"records", m.records}});
  json undecided = json::array();
  for (const auto& u : p.undecided) {
    json cands = json::array();
    for (const auto& c : u.candidates) cands.push_back({{"code", c.code}, {"name", c.name}});
    json x = {{"entity", u.table}, {"id", u.id}, {"field", u.column}, {"old_set", u.old_set}, {"code", u.code},
              {"name", u.name.empty() ? json() : json(u.name)}, {"reason", u.why}, {"candidates", cands}};
    if (u.table == "person") {
      x["residence"] = u.label;
      x["cases"] = u.cases;
    } else {
      x["agency"] = u.label;
    }
    undecided.push_back(x);
  }
  return {{"on", r.on.iso()},
          {"old_sets", r.old_sets},
          {"new_set", r.new_set},
          {"dry_run", dry_run},
          {"change_set", p.change_set ? json(*p.change_set) : json()},
          {"moved", p.records},
          {"field_changes", p.changes},
          {"moves", moves},
          {"undecided", undecided},
          {"unused_assignments", p.unused}};
}

json move_json(const units::Move& m) {
  return {{"entity", m.table}, {"id", m.id},         {"field", m.column},   {"old_set", m.old_set},
          {"old_code", m.old_code}, {"new_code", m.new_code}, {"assigned", m.assigned}};
}

void print_plan(const Global& g, const units::Plan& p) {
  const auto& r = p.reorganisation;
  std::cout << fmt::format(fmt::runtime(g.tr("Sắp xếp lại đơn vị hành chính có hiệu lực từ {}: bộ mã {} → {} ({})\n",
                                              "Reorganisation of administrative units in force from {}: code set "
                                              "{} → {} ({})\n")),
                           r.on.display(), fmt::join(r.old_sets, ", "), r.new_set, units::set_basis(r.new_set));
  if (!p.groups.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : p.groups)
      rows.push_back({field_words(g, m.table, m.column), m.old_code, m.old_name.empty() ? "?" : m.old_name, m.new_code,
                      m.new_name + (m.assigned ? g.tr(" (theo --assign)", " (by --assign)") : ""),
                      count(g, static_cast<long>(m.records))});
    print_table({g.tr("Trường", "Field"), g.tr("Mã cũ", "Old code"), g.tr("Tên cũ", "Old name"),
                 g.tr("Mã mới", "New code"), g.tr("Tên mới", "New name"), g.tr("Số bản ghi", "Records")},
                rows);
  }
  if (p.records)
    std::cout << fmt::format(fmt::runtime(g.tr("{} bản ghi chuyển sang mã của bộ mã {} ({} trường thay đổi); nơi cư "
                                                "trú ghi bằng chữ giữ nguyên\n",
                                                "{} records move to codes of code set {} ({} field changes); the "
                                                "residence as written stays as it is\n")),
                             count(g, static_cast<long>(p.records)), r.new_set, count(g, static_cast<long>(p.changes)));
  else
    std::cout << fmt::format(fmt::runtime(g.tr("Không có bản ghi nào cần chuyển sang bộ mã {}: không có gì để làm\n",
                                                "No record needs moving to code set {}: nothing to do\n")),
                             r.new_set);
  if (p.undecided.empty()) return;
  std::vector<std::vector<std::string>> rows;
  for (const auto& u : p.undecided) {
    std::vector<std::string> cands;
    for (const auto& c : u.candidates) cands.push_back(c.code + " " + c.name);
    rows.push_back({record_words(g, u.table, u.id), fmt::format("{}", fmt::join(u.cases, ", ")), u.code,
                    u.name.empty() ? "?" : u.name, why_words(g, u.why),
                    cands.empty() ? fmt::format(fmt::runtime(g.tr("mã bất kỳ của bộ {}", "any code of set {}")), r.new_set)
                                  : fmt::format("{}", fmt::join(cands, ", ")),
                    u.label});
  }
  std::cout << '\n'
            << fmt::format(fmt::runtime(g.tr("{} bản ghi không tự chuyển được, giữ nguyên mã cũ, cần người quyết định:\n",
                                              "{} records cannot be moved automatically; they keep their old code "
                                              "until a person decides:\n")),
                           count(g, static_cast<long>(p.undecided.size())));
  print_table({g.tr("Bản ghi", "Record"), g.tr("Hồ sơ", "Cases"), g.tr("Mã", "Code"), g.tr("Tên", "Name"),
               g.tr("Lý do", "Why"), g.tr("Có thể chuyển sang", "Candidates"),
               g.tr("Nơi cư trú / cơ quan", "Residence / agency")},
              rows);
  std::cout << fmt::format(fmt::runtime(g.tr("Cách quyết định: theo nơi cư trú của từng người (xã, phường), chạy lại với "
                                              "--assign person:ID=MÃ_MỚI cho từng bản ghi, hoặc --assign MÃ_CŨ=MÃ_MỚI "
                                              "cho mọi bản ghi mang mã cũ đó, ví dụ: hotro units remap --on {} "
                                              "--assign {}:{}={}; hoặc sửa từng hồ sơ bằng hotro edit.\n",
                                              "To decide: from each person's residence (commune, ward), run again with "
                                              "--assign person:ID=NEW for one record, or --assign OLD=NEW for every "
                                              "record carrying that old code, e.g. hotro units remap --on {} "
                                              "--assign {}:{}={}; or correct each case with hotro edit.\n")),
                           r.on.display(), p.undecided.front().table, p.undecided.front().id,
                           p.undecided.front().candidates.empty() ? std::string("NEW")
                                                                  : p.undecided.front().candidates.front().code);
}

void run_remap(const Global& g, const RemapOptions& o) {
  std::vector<units::Assignment> assign;
  for (const auto& a : o.assign) assign.push_back(units::parse_assignment(a));
  auto db = o.dry_run ? g.open_read() : g.open_write();
  const text::Date on = date_option("--on", o.on);
  const units::Reorganisation r = units::reorganisation_on(*db, on);
  if (text::today() < r.on)
    throw Error(Exit::data, fmt::format(fmt::runtime(g.tr("bộ mã {} chỉ có hiệu lực từ {}; hôm nay là {}",
                                                          "code set {} is in force only from {}; today is {}")),
                                        r.new_set, r.on.display(), text::today().display()));

  units::Plan p;
  if (o.dry_run) {
    // One read transaction: the summary and the records streamed after it see the same library.
    db->exec("BEGIN");
    p = units::plan(*db, r, assign);
  } else {
    const std::optional<std::string> reason = optional_text(o.reason);
    p = units::remap(*db, g.context("units remap"), r, assign, reason);
  }
  for (const auto& a : p.unused)
    std::cerr << fmt::format(fmt::runtime(g.tr("hotro: lưu ý: --assign {}: không có bản ghi nào cần quyết định khớp "
                                                "(đã chuyển rồi?)\n",
                                                "hotro: note: --assign {}: no record left to decide matches it "
                                                "(moved already?)\n")),
                             a);

  if (o.json) {
    const json head = summary_json(p, o.dry_run);
    if (!o.dry_run) {
      print_json(head);
    } else {
      // Every record that would move, streamed (a library may hold a million): a second pass.
      std::string text = head.dump(2);
      text.resize(text.size() - 2);  // the closing "\n}"
      std::cout << text << ",\n  \"records\": [";
      bool first = true;
      units::plan(*db, r, assign, [&](const units::Move& m) {
        std::cout << (first ? "\n    " : ",\n    ") << move_json(m).dump();
        first = false;
      });
      std::cout << (first ? "]\n}\n" : "\n  ]\n}\n");
    }
  } else if (!g.quiet || o.dry_run || !p.undecided.empty()) {
    print_plan(g, p);
    if (o.dry_run)
      std::cout << g.tr("Chạy thử (--dry-run): không ghi gì\n", "Dry run: nothing written\n");
    else if (p.change_set)
      std::cout << fmt::format(fmt::runtime(g.tr("Đã chuyển: lần sửa #{} (hoàn tác bằng: hotro edit --undo {})\n",
                                                  "Moved: change set #{} (undo with: hotro edit --undo {})\n")),
                               *p.change_set, *p.change_set);
  }
  if (o.dry_run) db->exec("COMMIT");  // the read transaction
  if (!p.undecided.empty())
    throw Error(Exit::found, fmt::format(fmt::runtime(g.tr("{} bản ghi cần người quyết định đơn vị mới",
                                                          "{} records need a person to decide their new unit")),
                                         p.undecided.size()));
}

}  // namespace

void register_units(CLI::App& app, Global& g) {
  auto* sub = app.add_subcommand("units", "Administrative units and their codes; move records to the units of a "
                                          "reorganisation (đơn vị hành chính)");
  sub->require_subcommand(1);

  auto set = std::make_shared<std::string>(), level = std::make_shared<std::string>();
  auto list_json = std::make_shared<bool>(false);
  auto* list = sub->add_subcommand("list", "List the units of a code set (2004: Decision 124/2004, to 30/06/2025; "
                                           "2025: Decision 19/2025, from 01/07/2025)");
  list->add_option("--set", *set, "Only this code set (2004, 2025)");
  list->add_option("--level", *level, "Only this level (province, district, commune)");
  list->add_flag("--json", *list_json, "Print JSON");
  list->callback([&g, set, level, list_json] { run_list(g, *set, *level, *list_json); });

  auto query = std::make_shared<std::string>();
  auto show_json = std::make_shared<bool>(false);
  auto* show = sub->add_subcommand("show", "A unit's names, dates, predecessors and successors with the legal basis");
  show->add_option("unit", *query, "A code (02, or 2004:02) or a name (Hà Giang)")->required();
  show->add_flag("--json", *show_json, "Print JSON");
  show->callback([&g, query, show_json] { run_show(g, *query, *show_json); });

  auto o = std::make_shared<RemapOptions>();
  auto* remap = sub->add_subcommand("remap", "Move records carrying codes of a code set that ended to the units that "
                                             "replaced them (one change set; undo with hotro edit --undo)");
  remap->add_option("--on", o->on, "The day the reorganisation takes effect (01/07/2025)")->required();
  remap->add_flag("--dry-run", o->dry_run, "Show exactly what would change; write nothing");
  remap->add_flag("--json", o->json, "Print JSON (with --dry-run: every record)");
  remap->add_option("--reason", o->reason, "Why, kept with the change set");
  remap->add_option("--assign", o->assign, "A person's decision for a record that cannot be mapped automatically: "
                                           "person:ID=NEW, agency:ID=NEW, or OLD=NEW for every such record with "
                                           "code OLD (repeatable)");
  remap->callback([&g, o] { run_remap(g, *o); });
}

}  // namespace hotro::cmd
