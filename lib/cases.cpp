// SPDX-License-Identifier: MIT
#include "cases.h"

#include <cctype>

#include <fmt/format.h>

#include "agency.h"
#include "i18n.h"
#include "text/unicode.h"

namespace hotro::cases {

namespace {

json opt(const db::Statement& st, int col) {
  if (st.is_null(col)) return nullptr;
  return st.text(col);
}

json opt_bool(const db::Statement& st, int col) {
  if (st.is_null(col)) return nullptr;
  return st.int64(col) != 0;
}

json person_json(db::Database& db, int64_t person_id) {
  db::Statement st(db,
                   "SELECT id, full_name, sex, birth_date, ethnicity, citizen_id, residence, "
                   "residence_province, poor_household, citizenship FROM person WHERE id = ?");
  st.bind(1, person_id);
  if (!st.step()) return nullptr;
  return json{{"id", st.int64(0)},          {"full_name", st.text(1)},
              {"sex", opt(st, 2)},          {"birth_date", opt(st, 3)},
              {"ethnicity", opt(st, 4)},    {"citizen_id", opt(st, 5)},
              {"residence", opt(st, 6)},    {"residence_province", opt(st, 7)},
              {"poor_household", opt_bool(st, 8)}, {"citizenship", opt(st, 9)}};
}

}  // namespace

Error no_such_case(int64_t case_id) {
  return Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có hồ sơ #{}", "no case #{}")), case_id));
}

std::optional<json> load(db::Database& db, int64_t case_id) {
  db::Statement st(db,
                   "SELECT c.id, c.person_id, c.intake_date, c.intake_channel, c.status, "
                   "ra.name, sa.name, c.abroad, c.destination_country, c.note, c.created_at, "
                   "c.updated_at FROM case_file c "
                   "LEFT JOIN agency ra ON ra.id = c.receiving_agency_id "
                   "LEFT JOIN agency sa ON sa.id = c.source_agency_id WHERE c.id = ?");
  st.bind(1, case_id);
  if (!st.step()) return std::nullopt;
  json c{{"id", st.int64(0)},
         {"status", st.text(4)},
         {"intake_date", st.text(2)},
         {"intake_channel", st.text(3)},
         {"receiving_agency", opt(st, 5)},
         {"source_agency", opt(st, 6)},
         {"abroad", opt_bool(st, 7)},
         {"destination_country", opt(st, 8)},
         {"exploitation", json::array()},
         {"person", person_json(db, st.int64(1))},
         {"minors", json::array()},
         {"note", opt(st, 9)},
         {"created_at", st.text(10)},
         {"updated_at", st.text(11)}};
  db::Statement forms(db, "SELECT form FROM case_exploitation WHERE case_id = ? ORDER BY form");
  forms.bind(1, case_id);
  while (forms.step()) c["exploitation"].push_back(forms.text(0));
  db::Statement minors(db, "SELECT person_id, relation FROM case_minor WHERE case_id = ? "
                           "ORDER BY person_id");
  minors.bind(1, case_id);
  while (minors.step()) {
    json m = person_json(db, minors.int64(0));
    m["relation"] = opt(minors, 1);
    c["minors"].push_back(m);
  }
  return c;
}

namespace {

// A two-digit residence filter is a province code of the 2025 set. A code of an older set only
// (Hà Giang's 02), or of none, could never match as a code: when it found nothing in the
// addresses either, it is refused, naming the province it stands for today, rather than answered
// with an empty list.
void check_province_code(db::Database& db, const std::string& folded) {
  if (folded.size() != 2 || !std::isdigit(static_cast<unsigned char>(folded[0])) ||
      !std::isdigit(static_cast<unsigned char>(folded[1])))
    return;
  db::Statement current(db, "SELECT 1 FROM admin_unit WHERE code_set = '2025' AND level = 'province' AND code = ?");
  if (current.bind(1, folded).step()) return;
  db::Statement old(db,
                    "SELECT a.code_set, a.name, group_concat(n.name || ' (' || n.code || ')', ', ') "
                    "FROM admin_unit a JOIN admin_unit_map m ON m.old_set = a.code_set AND m.old_code = a.code "
                    "JOIN admin_unit n ON n.code_set = m.new_set AND n.code = m.new_code "
                    "WHERE a.level = 'province' AND a.code = ? AND a.code_set <> '2025' "
                    "GROUP BY a.code_set, a.name ORDER BY a.code_set DESC LIMIT 1");
  if (old.bind(1, folded).step())
    throw Error(Exit::usage,
                fmt::format(fmt::runtime(tr("mã tỉnh {0} là mã của bộ mã {1} ({2}), không phải mã 2025; "
                                            "nay là {3}: lọc theo mã mới, hoặc theo tên '{2}' như địa chỉ đã ghi",
                                            "province code {0} is of code set {1} ({2}), not a 2025 code; "
                                            "it is now {3}: filter by the new code, or by the name '{2}' as "
                                            "addresses were written")),
                            folded, old.text(0), old.text(1), old.text(2)));
  throw Error(Exit::usage, fmt::format(fmt::runtime(tr("không có tỉnh nào mang mã {} trong bộ mã 2025 "
                                                       "(xem: hotro units list --set 2025 --level province)",
                                                       "no province has code {} in the 2025 code set "
                                                       "(see: hotro units list --set 2025 --level province)")),
                                       folded));
}

}  // namespace

std::vector<Summary> list(db::Database& db, const Filter& f) {
  db::Statement st(
      db,
      "SELECT c.id, c.intake_date, c.status, c.intake_channel, p.full_name, "
      "coalesce(p.sex, ''), coalesce(p.birth_date, ''), coalesce(p.residence, ''), "
      "coalesce(ra.name, sa.name, '') FROM case_file c JOIN person p ON p.id = c.person_id "
      "LEFT JOIN agency ra ON ra.id = c.receiving_agency_id "
      "LEFT JOIN agency sa ON sa.id = c.source_agency_id "
      "WHERE (?1 IS NULL OR c.intake_date BETWEEN ?1 AND ?2) "
      "AND (?3 IS NULL OR c.status = ?3) "
      "AND (?4 IS NULL OR c.receiving_agency_id IN " + agency::named_ids_sql(4) +
      " OR c.source_agency_id IN " + agency::named_ids_sql(4) + ") "
      // A province code is the current one: a code of an older set matches the unit that
      // replaced it (admin_unit_map), so the answer is the same before and after `units remap`.
      "AND (?5 IS NULL OR instr(p.residence_folded, ?5) > 0 "
      "OR (p.residence_province = ?5 AND NOT EXISTS (SELECT 1 FROM admin_unit_map m WHERE "
      "m.old_set = coalesce(p.residence_code_set, '2025') AND m.old_code = p.residence_province)) "
      "OR EXISTS (SELECT 1 FROM admin_unit_map m WHERE m.old_set = p.residence_code_set "
      "AND m.old_code = p.residence_province AND m.new_code = ?5)) "
      "AND (?6 IS NULL OR instr(p.name_folded, ?6) > 0) "
      "ORDER BY c.intake_date, c.id LIMIT ?7");
  if (f.period) st.bind(1, f.period->from.iso()).bind(2, f.period->to.iso());
  st.bind(3, f.status);
  if (f.agency) st.bind(4, text::fold(*f.agency));
  if (f.residence) st.bind(5, text::fold(*f.residence));
  if (f.name) st.bind(6, text::fold(*f.name));
  st.bind(7, f.limit > 0 ? f.limit : int64_t{-1});
  std::vector<Summary> out;
  while (st.step())
    out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5),
                   st.text(6), st.text(7), st.text(8)});
  // Two digits that found nothing, not even in an address ("Tổ 02"), were meant as a code.
  if (out.empty() && f.residence) check_province_code(db, text::fold(*f.residence));
  return out;
}

}  // namespace hotro::cases
