// SPDX-License-Identifier: MIT
#include "units.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "changes.h"
#include "codes.h"
#include "error.h"
#include "i18n.h"
#include "text/unicode.h"

namespace hotro::units {

namespace {

const char* kLevels[] = {"province", "district", "commune"};

Unit unit_at(db::Statement& st, int at) {
  return {st.text(at), st.text(at + 1), st.text(at + 2), st.text(at + 3),
          st.opt_text(at + 4), st.opt_text(at + 5), st.opt_text(at + 6)};
}

constexpr const char* kUnitColumns = "u.code_set, u.code, u.level, u.name, u.parent_code, u.valid_from, u.valid_to";

std::vector<std::string> known_sets(db::Database& db) {
  db::Statement st(db, "SELECT DISTINCT code_set FROM admin_unit ORDER BY code_set");
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::vector<Link> links(db::Database& db, const Unit& u, bool successors) {
  // Successors: the map rows from this unit; predecessors: the rows into it.
  const std::string sql = successors
      ? fmt::format("SELECT m.new_set, m.new_code, m.basis, {} FROM admin_unit_map m LEFT JOIN admin_unit u "
                    "ON u.code_set = m.new_set AND u.code = m.new_code WHERE m.old_set = ?1 AND m.old_code = ?2 "
                    "ORDER BY m.new_set, m.new_code", kUnitColumns)
      : fmt::format("SELECT m.old_set, m.old_code, m.basis, {} FROM admin_unit_map m LEFT JOIN admin_unit u "
                    "ON u.code_set = m.old_set AND u.code = m.old_code WHERE m.new_set = ?1 AND m.new_code = ?2 "
                    "ORDER BY m.old_set, m.old_code", kUnitColumns);
  db::Statement st(db, sql);
  st.bind(1, u.code_set).bind(2, u.code);
  std::vector<Link> out;
  while (st.step()) {
    Link l;
    if (st.is_null(3))
      l.unit = {st.text(0), st.text(1), u.level, "", std::nullopt, std::nullopt, std::nullopt};
    else
      l.unit = unit_at(st, 3);
    l.basis = st.text(2);
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace

std::string set_basis(const std::string& code_set) {
  if (code_set == "2004") return "Quyết định 124/2004/QĐ-TTg";
  if (code_set == "2025") return "Quyết định 19/2025/QĐ-TTg";
  return code_set;
}

std::vector<Unit> list(db::Database& db, const std::string& code_set, const std::string& level) {
  if (!code_set.empty()) {
    const auto sets = known_sets(db);
    if (std::find(sets.begin(), sets.end(), code_set) == sets.end())
      throw Error(Exit::usage, fmt::format(fmt::runtime(tr("không có bộ mã '{}' (có: {})", "no code set '{}' (known: {})")),
                                           code_set, fmt::join(sets, ", ")));
  }
  if (!level.empty() && std::find(std::begin(kLevels), std::end(kLevels), level) == std::end(kLevels))
    throw Error(Exit::usage, fmt::format(fmt::runtime(tr("cấp '{}' không có (có: {})", "no level '{}' (known: {})")),
                                         level, fmt::join(kLevels, ", ")));
  db::Statement st(db, fmt::format("SELECT {} FROM admin_unit u WHERE (?1 = '' OR u.code_set = ?1) "
                                   "AND (?2 = '' OR u.level = ?2) ORDER BY u.code_set, u.code", kUnitColumns));
  st.bind(1, code_set).bind(2, level);
  std::vector<Unit> out;
  while (st.step()) out.push_back(unit_at(st, 0));
  return out;
}

std::vector<Detail> show(db::Database& db, const std::string& query) {
  const std::string q = trim(query);
  std::vector<Unit> found;
  const auto colon = q.find(':');
  if (all_digits(q) || (colon != std::string::npos && all_digits(q.substr(colon + 1)))) {
    const std::string set = colon == std::string::npos ? "" : q.substr(0, colon);
    const std::string code = colon == std::string::npos ? q : q.substr(colon + 1);
    db::Statement st(db, fmt::format("SELECT {} FROM admin_unit u WHERE u.code = ?1 AND (?2 = '' OR u.code_set = ?2) "
                                     "ORDER BY u.code_set", kUnitColumns));
    st.bind(1, code).bind(2, set);
    while (st.step()) found.push_back(unit_at(st, 0));
  } else if (!q.empty()) {
    // A name: compared folded, without "tỉnh", "thành phố", "tp" (the last part of an address).
    auto named = [&](const std::string& want) {
      db::Statement st(db, fmt::format("SELECT {} FROM admin_unit u ORDER BY u.code_set, u.code", kUnitColumns));
      while (st.step())
        if (province_part(st.text(3), ',') == want) found.push_back(unit_at(st, 0));
    };
    const std::string want = province_part(q, ',');
    named(want);
    if (found.empty()) {
      // A variant spelling of a province (code_alias, of the 2025 codes): the units of that
      // province's name, in every set ("TP HCM" is the city of 2004 and of 2025).
      std::set<std::string> names;
      db::Statement alias(db, "SELECT a.variant, u.name FROM code_alias a JOIN admin_unit u ON u.code_set = '2025' "
                              "AND u.level = 'province' AND u.code = a.code WHERE a.list = 'province'");
      while (alias.step())
        if (text::fold(alias.text(0)) == text::fold(q) || province_part(alias.text(0), ',') == want)
          names.insert(province_part(alias.text(1), ','));
      for (const auto& n : names) named(n);
    }
  }
  if (found.empty())
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có đơn vị hành chính nào là '{}' (xem: hotro units list)",
                                                           "no administrative unit is '{}' (see: hotro units list)")),
                                           q));
  std::vector<Detail> out;
  for (auto& u : found) {
    Detail d{u, links(db, u, false), links(db, u, true)};
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<Reorganisation> reorganisations(db::Database& db) {
  db::Statement st(db, "SELECT DISTINCT u.valid_from, m.new_set, m.old_set FROM admin_unit_map m "
                       "JOIN admin_unit u ON u.code_set = m.new_set AND u.code = m.new_code "
                       "WHERE u.valid_from IS NOT NULL ORDER BY u.valid_from, m.new_set, m.old_set");
  std::vector<Reorganisation> out;
  while (st.step()) {
    const auto on = text::from_iso(st.text(0));
    if (!on) continue;
    if (out.empty() || out.back().on != *on || out.back().new_set != st.text(1))
      out.push_back({*on, st.text(1), {}});
    out.back().old_sets.push_back(st.text(2));
  }
  return out;
}

Reorganisation reorganisation_on(db::Database& db, const text::Date& on) {
  const auto all = reorganisations(db);
  std::vector<Reorganisation> matching;
  std::vector<std::string> dates;
  for (const auto& r : all) {
    if (r.on == on) matching.push_back(r);
    if (dates.empty() || dates.back() != r.on.display()) dates.push_back(r.on.display());
  }
  if (matching.empty())
    throw Error(Exit::usage,
                fmt::format(fmt::runtime(tr("không có lần sắp xếp lại đơn vị hành chính nào có hiệu lực ngày {} "
                                            "(các ngày đã biết: {})",
                                            "no reorganisation of administrative units takes effect on {} (known "
                                            "dates: {})")),
                            on.display(), dates.empty() ? std::string("-") : fmt::format("{}", fmt::join(dates, ", "))));
  if (matching.size() > 1)
    throw Error(Exit::software, fmt::format("units: several code sets start on {}", on.iso()));
  return matching.front();
}

const std::vector<Field>& fields() {
  static const std::vector<Field> kFields = {
      {"person", "residence_province", "residence_code_set", "province"},
      {"agency", "province", "", "province"},
  };
  return kFields;
}

Assignment parse_assignment(const std::string& text) {
  const auto eq = text.find('=');
  auto bad = [&] {
    return Error(Exit::usage, fmt::format(fmt::runtime(tr("--assign '{}': cần MÃ_CŨ=MÃ_MỚI hoặc person:ID=MÃ_MỚI "
                                                          "(hay agency:ID=MÃ_MỚI)",
                                                          "--assign '{}': expected OLD=NEW or person:ID=NEW "
                                                          "(or agency:ID=NEW)")),
                                          text));
  };
  if (eq == std::string::npos) throw bad();
  Assignment a;
  a.text = text;
  const std::string left = trim(std::string_view(text).substr(0, eq));
  a.new_code = trim(std::string_view(text).substr(eq + 1));
  if (!all_digits(a.new_code)) throw bad();
  const auto colon = left.find(':');
  if (colon == std::string::npos) {
    if (!all_digits(left)) throw bad();
    a.old_code = left;
    return a;
  }
  a.table = left.substr(0, colon);
  const std::string id = left.substr(colon + 1);
  if ((a.table != "person" && a.table != "agency") || !all_digits(id) || id.size() > 18) throw bad();
  a.id = std::stoll(id);
  return a;
}

namespace {

// What the map says about the old units of one level.
struct OldUnit {
  std::string name;
  std::vector<Unit> successors;
};

struct Level {
  std::map<std::pair<std::string, std::string>, OldUnit> old_units;  // (set, code)
  std::map<std::string, Unit> new_units;                              // code
};

Level load_level(db::Database& db, const Reorganisation& r, const std::string& level) {
  Level l;
  db::Statement olds(db, "SELECT code, name FROM admin_unit WHERE code_set = ?1 AND level = ?2");
  db::Statement succ(db, fmt::format("SELECT {} FROM admin_unit_map m JOIN admin_unit u ON u.code_set = m.new_set "
                                     "AND u.code = m.new_code AND u.level = ?3 WHERE m.old_set = ?1 AND "
                                     "m.old_code = ?2 AND m.new_set = ?4 ORDER BY u.code", kUnitColumns));
  for (const auto& set : r.old_sets) {
    olds.reset();
    olds.bind(1, set).bind(2, level);
    while (olds.step()) l.old_units[{set, olds.text(0)}].name = olds.text(1);
  }
  for (auto& [key, unit] : l.old_units) {
    succ.reset();
    succ.bind(1, key.first).bind(2, key.second).bind(3, level).bind(4, r.new_set);
    while (succ.step()) unit.successors.push_back(unit_at(succ, 0));
  }
  for (const auto& u : list(db, r.new_set, level)) l.new_units.emplace(u.code, u);
  return l;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

Plan plan(db::Database& db, const Reorganisation& r, const std::vector<Assignment>& assign,
          const std::function<void(const Move&)>& each) {
  Plan p;
  p.reorganisation = r;
  std::vector<bool> used(assign.size(), false);
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string, bool>, Group> groups;
  std::map<std::string, Level> levels;

  for (const Field& f : fields()) {
    auto lv = levels.find(f.level);
    if (lv == levels.end()) lv = levels.emplace(f.level, load_level(db, r, f.level)).first;
    const Level& level = lv->second;
    const bool has_set = !f.set_column.empty();
    db::Statement st(db, has_set ? fmt::format("SELECT id, {0}, {1} FROM {2} WHERE {0} IS NOT NULL "
                                               "AND ({1} IS NULL OR {1} <> ?1) ORDER BY id",
                                               quoted(f.column), quoted(f.set_column), quoted(f.table))
                                 : fmt::format("SELECT id, {0}, NULL FROM {1} WHERE {0} IS NOT NULL AND ?1 IS NOT NULL "
                                               "ORDER BY id",
                                               quoted(f.column), quoted(f.table)));
    st.bind(1, r.new_set);
    while (st.step()) {
      Move m;
      m.table = f.table;
      m.column = f.column;
      m.set_column = f.set_column;
      m.id = st.int64(0);
      m.old_code = st.text(1);
      m.stored_set = st.opt_text(2);
      const OldUnit* old = nullptr;
      if (m.stored_set) {
        if (std::find(r.old_sets.begin(), r.old_sets.end(), *m.stored_set) == r.old_sets.end()) continue;
        m.old_set = *m.stored_set;
        auto it = level.old_units.find({m.old_set, m.old_code});
        if (it != level.old_units.end()) old = &it->second;
      } else {
        // No code set recorded: a code the new set has is taken as new already (every code the
        // 2004 and 2025 sets share names the same province); a code only an old set has is old.
        if (level.new_units.count(m.old_code)) continue;
        for (const auto& set : r.old_sets) {
          auto it = level.old_units.find({set, m.old_code});
          if (it != level.old_units.end()) {
            m.old_set = set;
            old = &it->second;
            break;
          }
        }
        if (!old) continue;  // not a unit code of these sets: `hotro check` reports it
      }

      if (old && old->successors.size() == 1) {
        m.new_code = old->successors.front().code;
        for (size_t i = 0; i < assign.size(); ++i) {
          const Assignment& a = assign[i];
          if ((a.table == m.table && a.id == m.id) || (a.table.empty() && a.old_code == m.old_code))
            throw Error(Exit::usage,
                        fmt::format(fmt::runtime(tr("--assign {}: {} #{} mang mã {} ({}), tự chuyển sang {} ({}); "
                                                    "--assign chỉ dành cho bản ghi không tự chuyển được",
                                                    "--assign {}: {} #{} carries code {} ({}), which maps to {} "
                                                    "({}) by itself; --assign is for records that cannot be "
                                                    "mapped automatically")),
                                    a.text, m.table, m.id, m.old_code, old->name, m.new_code,
                                    old->successors.front().name));
        }
      } else {
        Undecided u;
        u.table = m.table;
        u.column = m.column;
        u.id = m.id;
        u.old_set = m.old_set;
        u.code = m.old_code;
        u.name = old ? old->name : "";
        u.why = !old ? "unknown" : old->successors.empty() ? "none" : "split";
        if (old) u.candidates = old->successors;
        // A person's decision: for this record first, else for its code.
        std::optional<size_t> chosen;
        for (size_t i = 0; i < assign.size() && !chosen; ++i)
          if (assign[i].table == m.table && assign[i].id == m.id) chosen = i;
        for (size_t i = 0; i < assign.size() && !chosen; ++i)
          if (assign[i].table.empty() && assign[i].old_code == m.old_code) chosen = i;
        if (!chosen) {
          p.undecided.push_back(std::move(u));
          continue;
        }
        const Assignment& a = assign[*chosen];
        const bool allowed = u.why == "split"
            ? std::any_of(u.candidates.begin(), u.candidates.end(), [&](const Unit& c) { return c.code == a.new_code; })
            : level.new_units.count(a.new_code) > 0;
        if (!allowed) {
          std::vector<std::string> codes;
          if (u.why == "split")
            for (const auto& c : u.candidates) codes.push_back(c.code + " " + c.name);
          throw Error(Exit::usage,
                      u.why == "split"
                          ? fmt::format(fmt::runtime(tr("--assign {}: {} #{} mang mã {} ({}) đã tách thành {}; {} không "
                                                        "phải một trong số đó",
                                                        "--assign {}: {} #{} carries code {} ({}), split into {}; {} is "
                                                        "not one of them")),
                                        a.text, m.table, m.id, m.old_code, u.name, fmt::join(codes, ", "), a.new_code)
                          : fmt::format(fmt::runtime(tr("--assign {}: {} không phải mã {} của bộ mã {} (xem: hotro units "
                                                        "list --set {})",
                                                        "--assign {}: {} is not a {} code of code set {} (see: hotro "
                                                        "units list --set {})")),
                                        a.text, a.new_code, f.level, r.new_set, r.new_set));
        }
        used[*chosen] = true;
        m.new_code = a.new_code;
        m.assigned = true;
      }

      ++p.records;
      if (m.old_code != m.new_code) ++p.changes;
      if (has_set && m.stored_set != r.new_set) ++p.changes;
      auto key = std::make_tuple(m.table, m.column, m.old_set, m.old_code, m.new_code, m.assigned);
      auto g = groups.find(key);
      if (g == groups.end()) {
        Group gr{m.table, m.column, m.old_set, m.old_code, old ? old->name : "", m.new_code,
                 level.new_units.at(m.new_code).name, m.assigned, 0};
        g = groups.emplace(key, std::move(gr)).first;
      }
      ++g->second.records;
      if (each) each(m);
    }
  }

  for (auto& [key, g] : groups) p.groups.push_back(std::move(g));
  // What a person needs to decide: the residence as written (it often names the commune) and
  // the cases, or the agency's name.
  db::Statement person(db, "SELECT coalesce(residence, '') FROM person WHERE id = ?");
  db::Statement cases(db, "SELECT id FROM case_file WHERE person_id = ? ORDER BY id");
  db::Statement agency(db, "SELECT name FROM agency WHERE id = ?");
  for (auto& u : p.undecided) {
    db::Statement& st = u.table == "person" ? person : agency;
    st.reset();
    st.bind(1, u.id);
    if (st.step()) u.label = st.text(0);
    if (u.table == "person") {
      cases.reset();
      cases.bind(1, u.id);
      while (cases.step()) u.cases.push_back(cases.int64(0));
    }
  }
  for (size_t i = 0; i < assign.size(); ++i)
    if (!used[i]) p.unused.push_back(assign[i].text);
  return p;
}

Plan remap(db::Database& db, const audit::Context& ctx, const Reorganisation& r,
           const std::vector<Assignment>& assign, const std::optional<std::string>& reason) {
  db::Transaction tx(db);  // the plan and its changes see the same library
  // The moves are kept as the ids of each kind of move (8 bytes a record: a remap may move a
  // million), then written once the plan's reading is done.
  using Kind = std::tuple<std::string, std::string, std::string, std::optional<std::string>, std::string, std::string>;
  std::map<Kind, std::vector<int64_t>> moves;  // (table, column, set column, stored set, old, new) → ids
  Plan p = plan(db, r, assign, [&](const Move& m) {
    moves[{m.table, m.column, m.set_column, m.stored_set, m.old_code, m.new_code}].push_back(m.id);
  });
  const std::string why =
      reason.value_or(fmt::format("{} → {} ({})", fmt::join(r.old_sets, ", "), r.new_set, r.on.iso()));
  changes::Writer w(db, ctx, "units remap", why);
  for (const auto& [kind, ids] : moves) {
    const auto& [table, column, set_column, stored_set, old_code, new_code] = kind;
    const changes::json old_set = stored_set ? changes::json(*stored_set) : changes::json();
    for (int64_t id : ids) {
      if (old_code != new_code) w.add({table, id, column, old_code, new_code});
      if (!set_column.empty() && stored_set != r.new_set) w.add({table, id, set_column, old_set, r.new_set});
    }
  }
  if (w.count() == 0) return p;
  p.change_set = w.commit();
  tx.commit();
  return p;
}

}  // namespace hotro::units
