// SPDX-License-Identifier: MIT
// lib/units.{h,cpp}: the shipped code sets and map, `units show`, and the remap: what moves, what
// is left for a person (a split built into a test library), one reversible change set, nothing
// written the second time; check and case list agree before and after.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "audit.h"
#include "cases.h"
#include "changes.h"
#include "check.h"
#include "rules/rules.h"
#include "test_support.h"
#include "units.h"

using hotro::Exit;
using hotro::text::Date;
using namespace hotro::test;
namespace db = hotro::db;
namespace audit = hotro::audit;
namespace units = hotro::units;
namespace changes = hotro::changes;

namespace {

const Date kJuly1{2025, 7, 1};

struct Library {
  EnglishMessages english;
  ScopedEnv now{"HOTRO_NOW", "2026-11-25T08:00:00Z"};
  std::unique_ptr<db::Database> lib = new_library(":memory:");
  audit::Context ctx{"lan", "units remap"};

  // Persons: 1 Hà Giang (2004:02 → 08), 2 Tuyên Quang (2004:08 → 08, only the set changes),
  // 3 already 2025:15, 4 no code, 5 code 54 (Phú Yên) with no set recorded, 6 NULL set with a
  // shared code (left alone). Agencies: 1 code 54 (old only) → 66, 2 code 66 (shared, left), 3 none.
  void fill() {
    lib->exec(
        "INSERT INTO person (id, full_name, name_folded, residence, residence_folded, residence_province, "
        "residence_code_set, created_at) VALUES "
        "(1, 'A', 'a', 'Xã Lũng Cú, tỉnh Hà Giang', 'xa lung cu, tinh ha giang', '02', '2004', 't'), "
        "(2, 'B', 'b', 'Xã Hòa An, tỉnh Tuyên Quang', 'xa hoa an, tinh tuyen quang', '08', '2004', 't'), "
        "(3, 'C', 'c', 'Xã Sa Pa, tỉnh Lào Cai', 'xa sa pa, tinh lao cai', '15', '2025', 't'), "
        "(4, 'D', 'd', NULL, NULL, NULL, NULL, 't'), "
        "(5, 'E', 'e', 'Tuy Hòa', 'tuy hoa', '54', NULL, 't'), "
        "(6, 'F', 'f', 'Hà Nội', 'ha noi', '01', NULL, 't');"
        "INSERT INTO agency (id, name, name_folded, province) VALUES "
        "(1, 'Sở LĐTBXH Phú Yên', 'so ldtbxh phu yen', '54'), (2, 'Sở Y tế Đắk Lắk', 'so y te dak lak', '66'), "
        "(3, 'Công an xã', 'cong an xa', NULL);"
        "INSERT INTO case_file (id, person_id, intake_date, intake_channel, created_at, updated_at) VALUES "
        "(10, 1, '2024-05-02', 'returned', 't', 't'), (11, 2, '2024-06-01', 'returned', 't', 't');");
    audit::accept_state(*lib, ctx, "rows of an older system", false);  // written with SQL
  }

  // A test-only province 99 of the 2004 set that was split between 08 and 15, one (98) the map
  // has no successor for, and a person carrying a code (97) the 2004 set does not have.
  void add_split() {
    lib->exec(
        "INSERT INTO admin_unit (code_set, code, level, name, valid_to) VALUES "
        "('2004', '99', 'province', 'Tỉnh Thử', '2025-06-30'), ('2004', '98', 'province', 'Tỉnh Mất', '2025-06-30');"
        "INSERT INTO admin_unit_map (old_set, old_code, new_set, new_code, basis) VALUES "
        "('2004', '99', '2025', '08', 'test split'), ('2004', '99', '2025', '15', 'test split');"
        "INSERT INTO person (id, full_name, name_folded, residence, residence_folded, residence_province, "
        "residence_code_set, created_at) VALUES "
        "(7, 'G', 'g', 'Xã Một, tỉnh Thử', 'xa mot, tinh thu', '99', '2004', 't'), "
        "(8, 'H', 'h', 'Xã Hai, tỉnh Thử', 'xa hai, tinh thu', '99', '2004', 't'), "
        "(9, 'I', 'i', 'Tỉnh Mất', 'tinh mat', '98', '2004', 't'), "
        "(20, 'J', 'j', '?', '?', '97', '2004', 't');"
        "INSERT INTO case_file (id, person_id, intake_date, intake_channel, created_at, updated_at) VALUES "
        "(12, 7, '2024-07-01', 'returned', 't', 't'), (13, 7, '2025-01-01', 'returned', 't', 't');");
    audit::accept_state(*lib, ctx, "rows of an older system", false);
  }

  std::string province(int id) {
    return query_text(*lib, "SELECT coalesce(residence_province, '-') || '/' || coalesce(residence_code_set, '-') "
                            "FROM person WHERE id = " + std::to_string(id));
  }
  std::string agency(int id) {
    return query_text(*lib, "SELECT coalesce(province, '-') FROM agency WHERE id = " + std::to_string(id));
  }
  int64_t count(const std::string& table) { return query_int(*lib, "SELECT count(*) FROM " + table); }
  units::Reorganisation july() { return units::reorganisation_on(*lib, kJuly1); }
};

std::string moves_of(const units::Plan& p) {
  std::string out;
  for (const auto& g : p.groups)
    out += fmt::format("{}.{} {}:{}→{}{} ×{}; ", g.table, g.column, g.old_set, g.old_code, g.new_code,
                       g.assigned ? " (assigned)" : "", g.records);
  return out;
}

const hotro::rules::RuleBook& book() {
  static const auto b = hotro::rules::RuleBook::load(std::filesystem::path(HOTRO_SOURCE_DIR) / "rules");
  return b;
}

std::vector<int64_t> found(db::Database& db, const std::string& rule, const Date& today) {
  return hotro::check::run(db, book(), today, {rule}).front().ids;
}

std::vector<int64_t> cases_in(db::Database& db, const std::string& residence) {
  hotro::cases::Filter f;
  f.residence = residence;
  std::vector<int64_t> out;
  for (const auto& s : hotro::cases::list(db, f)) out.push_back(s.id);
  return out;
}

}  // namespace

TEST_CASE("units: the shipped code sets, and the one reorganisation they describe") {
  Library l;
  CHECK(units::list(*l.lib, "2004", "province").size() == 63);
  CHECK(units::list(*l.lib, "2025", "").size() == 34);
  CHECK(units::list(*l.lib, "", "commune").empty());  // communes are not shipped
  CHECK(contains(error_of([&] { units::list(*l.lib, "1999", ""); }, Exit::usage), "known: 2004, 2025"));
  error_of([&] { units::list(*l.lib, "", "hamlet"); }, Exit::usage);

  const auto all = units::reorganisations(*l.lib);
  REQUIRE(all.size() == 1);
  CHECK(all[0].on == kJuly1);
  CHECK(all[0].new_set == "2025");
  CHECK(all[0].old_sets == std::vector<std::string>{"2004"});
  CHECK(contains(error_of([&] { units::reorganisation_on(*l.lib, Date{2025, 6, 30}); }, Exit::usage),
                 "known dates: 01/07/2025"));

  // Honestly: at province level the shipped map has mergers only, no split and no gap, so a
  // remap of shipped data never needs a person. (Communes, where splits happen, are not shipped.)
  CHECK(query_int(*l.lib, "SELECT count(*) FROM admin_unit u WHERE u.code_set = '2004' AND "
                          "(SELECT count(*) FROM admin_unit_map m WHERE m.old_set = '2004' AND m.old_code = u.code "
                          "AND m.new_set = '2025') <> 1") == 0);
  // Every code the two sets share stays with its province (what lets agency.province, which has
  // no code set column, be read without one).
  CHECK(query_int(*l.lib, "SELECT count(*) FROM admin_unit a JOIN admin_unit b ON b.code = a.code "
                          "AND b.code_set = '2025' WHERE a.code_set = '2004' AND NOT EXISTS (SELECT 1 FROM "
                          "admin_unit_map m WHERE m.old_set = '2004' AND m.old_code = a.code AND m.new_code = a.code)") == 0);
}

TEST_CASE("units: show finds a unit by code or name, with predecessors and successors") {
  Library l;
  auto hg = units::show(*l.lib, "tỉnh Hà Giang");
  REQUIRE(hg.size() == 1);
  CHECK(hg[0].unit.code_set == "2004");
  CHECK(hg[0].unit.code == "02");
  CHECK(hg[0].unit.valid_to == std::optional<std::string>("2025-06-30"));
  REQUIRE(hg[0].successors.size() == 1);
  CHECK(hg[0].successors[0].unit.code == "08");
  CHECK(hg[0].successors[0].unit.name == "Tuyên Quang");
  CHECK(contains(hg[0].successors[0].basis, "202/2025/QH15"));

  CHECK(units::show(*l.lib, "08").size() == 2);  // both sets have 08
  auto tq = units::show(*l.lib, "2025:08");
  REQUIRE(tq.size() == 1);
  REQUIRE(tq[0].predecessors.size() == 2);
  CHECK(tq[0].predecessors[0].unit.name == "Hà Giang");  // by code
  CHECK(tq[0].predecessors[1].unit.name == "Tuyên Quang");
  CHECK(units::show(*l.lib, "ha giang")[0].unit.code == "02");
  CHECK(units::show(*l.lib, "TP HCM")[0].unit.code == "79");  // a variant spelling
  CHECK(units::show(*l.lib, "TP HCM").size() == 2);           // of the 2004 and the 2025 city
  CHECK(units::show(*l.lib, "Hồ Chí Minh").size() == 2);      // the 2004 and the 2025 city
  CHECK(contains(error_of([&] { units::show(*l.lib, "Xứ Sở Thần Tiên"); }, Exit::noinput), "no administrative unit"));
}

TEST_CASE("units: assignments are parsed strictly") {
  EnglishMessages english;
  auto a = units::parse_assignment("person:12=08");
  CHECK(a.table == "person");
  CHECK(a.id == 12);
  CHECK(a.new_code == "08");
  auto b = units::parse_assignment("99=15");
  CHECK(b.table.empty());
  CHECK(b.old_code == "99");
  for (const char* bad : {"99", "x=08", "case:3=08", "person:x=08", "99=Hà Giang", "=08"})
    error_of([&] { units::parse_assignment(bad); }, Exit::usage);
}

TEST_CASE("units: remap moves 2004 codes to 2025 as one change set, reversible, a second run does nothing") {
  Library l;
  l.fill();
  const auto r = l.july();

  std::vector<units::Move> seen;
  const auto dry = units::plan(*l.lib, r, {}, [&](const units::Move& m) { seen.push_back(m); });
  CHECK(moves_of(dry) ==
        "agency.province 2004:54→66 ×1; person.residence_province 2004:02→08 ×1; "
        "person.residence_province 2004:08→08 ×1; person.residence_province 2004:54→66 ×1; ");
  CHECK(dry.records == 4);
  CHECK(dry.changes == 6);  // person 1 code + set; person 2 set; person 5 code + set; agency 1 code
  CHECK(dry.undecided.empty());
  REQUIRE(seen.size() == 4);
  CHECK(seen[0].table == "person");
  CHECK(seen[0].id == 1);
  CHECK(seen[2].stored_set == std::nullopt);  // person 5 had no code set
  CHECK(l.count("change_set") == 0);           // planning writes nothing

  const int64_t audits = l.count("audit");
  const auto done = units::remap(*l.lib, l.ctx, r, {}, std::nullopt);
  REQUIRE(done.change_set);
  CHECK(moves_of(done) == moves_of(dry));
  CHECK(l.province(1) == "08/2025");
  CHECK(l.province(2) == "08/2025");
  CHECK(l.province(3) == "15/2025");
  CHECK(l.province(4) == "-/-");
  CHECK(l.province(5) == "66/2025");
  CHECK(l.province(6) == "01/-");  // a shared code without a set: left alone
  CHECK(l.agency(1) == "66");
  CHECK(l.agency(2) == "66");
  CHECK(l.agency(3) == "-");
  CHECK(query_text(*l.lib, "SELECT residence FROM person WHERE id = 1") == "Xã Lũng Cú, tỉnh Hà Giang");  // as written
  CHECK(l.count("field_change") == 6);
  CHECK(query_text(*l.lib, "SELECT command || ' | ' || reason FROM change_set") == "units remap | 2004 → 2025 (2025-07-01)");
  CHECK(l.count("audit") == audits + 2);  // one entry for the persons, one for the agencies
  CHECK(audit::verify(*l.lib).problems.empty());

  // Again: nothing to do, nothing written.
  const auto again = units::remap(*l.lib, l.ctx, r, {}, std::string("again"));
  CHECK_FALSE(again.change_set);
  CHECK(again.records == 0);
  CHECK(again.groups.empty());
  CHECK(l.count("change_set") == 1);
  CHECK(l.count("audit") == audits + 2);

  // Undo (what `hotro edit --undo SET` does) puts every code and set back.
  changes::undo(*l.lib, l.ctx, *done.change_set, std::nullopt);
  CHECK(l.province(1) == "02/2004");
  CHECK(l.province(2) == "08/2004");
  CHECK(l.province(5) == "54/-");
  CHECK(l.agency(1) == "54");
  CHECK(units::plan(*l.lib, r, {}).records == 4);
}

TEST_CASE("units: a split, a unit without successor and an unknown code are left for a person, who decides") {
  Library l;
  l.fill();
  l.add_split();
  const auto r = l.july();

  const auto p = units::plan(*l.lib, r, {});
  CHECK(p.records == 4);  // the mappable ones still move
  REQUIRE(p.undecided.size() == 4);
  const auto& g = p.undecided[0];
  CHECK(g.table == "person");
  CHECK(g.id == 7);
  CHECK(g.code == "99");
  CHECK(g.name == "Tỉnh Thử");
  CHECK(g.why == "split");
  REQUIRE(g.candidates.size() == 2);
  CHECK(g.candidates[0].code == "08");
  CHECK(g.candidates[1].code == "15");
  CHECK(g.label == "Xã Một, tỉnh Thử");
  CHECK(g.cases == std::vector<int64_t>{12, 13});
  CHECK(p.undecided[1].id == 8);
  CHECK(p.undecided[2].why == "none");
  CHECK(p.undecided[2].candidates.empty());
  CHECK(p.undecided[3].id == 20);
  CHECK(p.undecided[3].why == "unknown");

  // Wrong decisions are refused before anything is written.
  auto assign = [](std::vector<std::string> texts) {
    std::vector<units::Assignment> out;
    for (const auto& t : texts) out.push_back(units::parse_assignment(t));
    return out;
  };
  CHECK(contains(error_of([&] { units::remap(*l.lib, l.ctx, r, assign({"person:7=01"}), std::nullopt); }, Exit::usage),
                 "split into 08 Tuyên Quang, 15 Lào Cai; 01 is not one of them"));
  CHECK(contains(error_of([&] { units::remap(*l.lib, l.ctx, r, assign({"person:1=15"}), std::nullopt); }, Exit::usage),
                 "maps to 08 (Tuyên Quang) by itself"));
  CHECK(contains(error_of([&] { units::remap(*l.lib, l.ctx, r, assign({"98=02"}), std::nullopt); }, Exit::usage),
                 "02 is not a province code of code set 2025"));
  CHECK(l.count("change_set") == 0);

  // The first run moves what it can and leaves the rest.
  const auto first = units::remap(*l.lib, l.ctx, r, {}, std::nullopt);
  REQUIRE(first.change_set);
  CHECK(first.undecided.size() == 4);
  CHECK(l.province(7) == "99/2004");

  // Then a person decides: person 7 lives in the part now in Lào Cai, the rest of 99 in Tuyên
  // Quang; 98 went to Hà Nội; person 20 stays for later. An unused decision is reported.
  const auto second = units::remap(*l.lib, l.ctx, r, assign({"person:7=15", "99=08", "98=01", "77=01"}),
                                   std::string("decided from the commune names"));
  REQUIRE(second.change_set);
  CHECK(moves_of(second) ==
        "person.residence_province 2004:98→01 (assigned) ×1; person.residence_province 2004:99→08 (assigned) ×1; "
        "person.residence_province 2004:99→15 (assigned) ×1; ");
  CHECK(l.province(7) == "15/2025");
  CHECK(l.province(8) == "08/2025");
  CHECK(l.province(9) == "01/2025");
  CHECK(l.province(20) == "97/2004");
  REQUIRE(second.undecided.size() == 1);
  CHECK(second.undecided[0].id == 20);
  CHECK(second.unused == std::vector<std::string>{"77=01"});
  CHECK(audit::verify(*l.lib).problems.empty());
}

TEST_CASE("units: check and case list read remapped records as before") {
  Library l;
  l.fill();
  const Date today{2026, 11, 25};
  // Before: the 2004 codes are out of date today (but were right when the 2024 cases came in).
  CHECK(found(*l.lib, "outdated_province_code", today) == std::vector<int64_t>{1, 2});
  CHECK(found(*l.lib, "outdated_province_code", Date{2025, 6, 30}).empty());
  CHECK(found(*l.lib, "unknown_province_code", today) == std::vector<int64_t>{5});  // 54 with no set: read as 2025
  // A province code filter means the 2025 province, whichever set the record is in.
  CHECK(cases_in(*l.lib, "08") == std::vector<int64_t>{10, 11});
  // 02 is Hà Giang's code in the 2004 set only: as a filter it would find nothing, so it is refused.
  CHECK(contains(error_of([&] { (void)cases_in(*l.lib, "02"); }, Exit::usage), "now Tuyên Quang (08)"));
  CHECK(cases_in(*l.lib, "Hà Giang") == std::vector<int64_t>{10});

  units::remap(*l.lib, l.ctx, l.july(), {}, std::nullopt);
  // After: 2025 codes on persons whose intake was in 2024 are not flagged.
  CHECK(found(*l.lib, "outdated_province_code", today).empty());
  CHECK(found(*l.lib, "unknown_province_code", today).empty());
  CHECK(cases_in(*l.lib, "08") == std::vector<int64_t>{10, 11});
  error_of([&] { (void)cases_in(*l.lib, "02"); }, Exit::usage);
  CHECK(cases_in(*l.lib, "Hà Giang") == std::vector<int64_t>{10});  // the residence as written
}
