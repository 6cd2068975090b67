// SPDX-License-Identifier: MIT
// lib/report: templates as data, the engine (persons counted once, every row and column,
// totals that add up), suppression, JSON round trip, and template errors with file:line.
#include <doctest/doctest.h>

#include <filesystem>

#include "agency.h"
#include "period.h"
#include "report/engine.h"
#include "report/render.h"
#include "report/template.h"
#include "test_support.h"

namespace {

using namespace hotro;
using hotro::test::contains;
using hotro::test::error_of;

const std::filesystem::path kTemplates = std::filesystem::path(HOTRO_SOURCE_DIR) / "templates";
// The head every small test template shares: a commune report by intake date, calendar cut-off.
const std::string kTemplateHead = "version = 1\ntitle = \"T\"\nrecipient = \"R\"\nissuing_level = \"commune\"\n"
                                  "date_basis = \"intake\"\ncutoff = \"calendar\"\n";

// A small library: person 1 received twice (two agencies) and supported by a third; person 2
// a merged duplicate of person 3 (its support counts for person 3); minors, missing fields.
void fixture(db::Database& db) {
  db.exec(R"(
INSERT INTO audit (id, at, actor, command, action, entity, entity_ids, prev_hash, hash)
  VALUES (1, '2026-01-01T00:00:00Z', 't', 'test', 'create', 'case', '[]', '', 'h');
INSERT INTO agency (id, name, name_folded) VALUES (1, 'Biên phòng', 'bien phong'), (2, 'Công an', 'cong an'),
  (3, 'Trung tâm CTXH', 'trung tam ctxh');
INSERT INTO person (id, full_name, name_folded, sex, birth_date, birth_year, ethnicity, citizen_id, created_at) VALUES
  (1, 'Lò Thị A', 'lo thi a', 'F', '2010-05-01', 2010, '01', '001', 'x'),
  (2, 'Vàng Văn B', 'vang van b', 'M', '1990', 1990, '02', NULL, 'x'),
  (3, 'Vàng Văn B', 'vang van b', 'M', '1990', 1990, '02', '002', 'x'),
  (4, 'Giàng Thị C', 'giang thi c', NULL, NULL, NULL, NULL, NULL, 'x'),
  (5, 'Hà Thị D', 'ha thi d', 'F', '2009-08-01', 2009, '01', '004', 'x');
UPDATE person SET merged_into = 3 WHERE id = 2;
INSERT INTO case_file (id, person_id, intake_date, intake_channel, receiving_agency_id, abroad, destination_country,
                       status, created_at, updated_at) VALUES
  (1, 1, '2026-02-01', 'rescued', 1, 1, 'CN', 'identified', 'x', 'x'),
  (2, 1, '2026-03-01', 'handed_over', 2, 1, 'CN', 'received', 'x', 'x'),
  (3, 3, '2026-02-10', 'hotline', 2, 0, NULL, 'being_identified', 'x', 'x'),
  (4, 4, '2026-03-05', 'self_returned', NULL, NULL, NULL, 'received', 'x', 'x'),
  (5, 5, '2026-03-20', 'self_returned', 1, 1, 'KH', 'received', 'x', 'x'),
  (6, 5, '2025-12-20', 'tip_off', 1, 1, 'LA', 'received', 'x', 'x');
INSERT INTO case_exploitation VALUES (1, 'forced_marriage'), (2, 'forced_marriage'), (3, 'forced_labour'),
  (3, 'sexual'), (5, 'unknown');
INSERT INTO case_event (case_id, kind, event_date, agency_id, detail, audit_id) VALUES
  (1, 'verify_start', '2026-02-02', 2, '{}', 1),
  (1, 'verify_decide', '2026-02-20', 2, '{"result":"victim"}', 1),
  (3, 'verify_start', '2026-02-11', 2, '{}', 1),
  (1, 'protect', '2026-02-21', 2, '{"measure":"secret_identity","for":"victim"}', 1),
  (1, 'refer_send', '2026-02-22', 2, '{"referral":1}', 1),
  (1, 'refer_accept', '2026-02-25', 3, '{"referral":1,"status":"accepted"}', 1),
  (3, 'refer_send', '2026-02-12', 2, '{"referral":2}', 1);
INSERT INTO referral (id, case_id, from_agency_id, to_agency_id, reason, status, sent_date, updated_date) VALUES
  (1, 1, 2, 3, 'hỗ trợ', 'accepted', '2026-02-22', '2026-02-25'),
  (2, 3, 2, 3, 'hỗ trợ', 'sent', '2026-02-12', '2026-02-12');
INSERT INTO support (case_id, person_id, kind, support_date, agency_id, quantity, unit, amount_vnd, rule_id,
                     rule_version, rule_citation, status, paid_date, created_at, updated_at) VALUES
  (1, 1, 'meals', '2026-02-21', 3, 10, 'per_day', 400000, 'r', 'v', 'c', 'paid', '2026-02-25', 'x', 'x'),
  (1, 1, 'travel_fare', '2026-02-28', 3, NULL, 'once', 250000, 'r', 'v', 'c', 'paid', '2026-03-03', 'x', 'x'),
  (2, 1, 'meals', '2026-03-02', 1, 5, 'per_day', 200000, 'r', 'v', 'c', 'approved', NULL, 'x', 'x'),
  (3, 2, 'medical', '2026-02-15', 3, NULL, 'actual_cost', 1000000, 'r', 'v', 'c', 'paid', '2026-02-20', 'x', 'x'),
  (3, 3, 'meals', '2026-02-16', 3, 3, 'per_day', 120000, 'r', 'v', 'c', 'paid', '2026-04-02', 'x', 'x'),
  (4, 4, 'meals', '2026-03-06', 3, 2, 'per_day', 80000, 'r', 'v', 'c', 'cancelled', NULL, 'x', 'x');
)");
}

Period q1(const std::string& basis = "calendar") {
  const auto rules = load_period_rules(std::filesystem::path(HOTRO_SOURCE_DIR) / "rules/periods.toml");
  return resolve_period("2026-Q1", rules, basis, {2026, 11, 25});
}

Period q2() {
  const auto rules = load_period_rules(std::filesystem::path(HOTRO_SOURCE_DIR) / "rules/periods.toml");
  return resolve_period("2026-Q2", rules, "calendar", {2026, 11, 25});
}

report::Report run(db::Database& db, const std::string& name, const Period& p, report::RunOptions o = {}) {
  const auto t = report::load_template(kTemplates / (name + ".toml"));
  return report::run(db, t, p, o);
}

// The value in section `s` at the row labelled `row` and the column headed `col` (group: header).
int64_t cell(const report::Section& s, const std::string& row, const std::string& col) {
  for (size_t r = 0; r < s.rows.size(); ++r)
    for (size_t c = 0; c < s.columns.size(); ++c)
      if (s.rows[r].label == row && (s.columns[c].header == col || s.columns[c].group + ": " + s.columns[c].header == col))
        return s.values[r][c];
  FAIL("no cell " << row << " / " << col);
  return -1;
}

}  // namespace

TEST_CASE("report: every shipped template loads and its totals equal the sum of their parts") {
  test::EnglishMessages english;
  auto db = test::new_library(":memory:");
  fixture(*db);
  const auto names = report::template_names(kTemplates);
  CHECK(names.size() >= 4);
  for (const auto& name : names) {
    CAPTURE(name);
    for (const char* basis : {"calendar", "state_cutoff"}) {
      const auto r = run(*db, name, q1(basis));
      const auto wrong = report::check_totals(r);
      CHECK_MESSAGE(wrong.empty(), (wrong.empty() ? "" : wrong.front()));
      for (const auto& s : r.sections) {
        REQUIRE(s.values.size() == s.rows.size());
        for (const auto& row : s.values) CHECK(row.size() == s.columns.size());
      }
      // The same report again gives the same bytes.
      CHECK(report::to_csv(r) == report::to_csv(run(*db, name, q1(basis))));
      CHECK(report::to_json_text(report::from_json(report::to_json(r))) == report::to_json_text(r));
    }
  }
}

TEST_CASE("report: a person is counted once across cases and agencies, merged persons too") {
  test::EnglishMessages english;
  auto db = test::new_library(":memory:");
  fixture(*db);
  const auto r = run(*db, "province-consolidated", q1());
  const auto& a = r.sections.at(0);
  const std::string first = a.rows[0].label;
  CHECK(cell(a, first, "Total") == 4);          // persons 1, 3, 4, 5 (person 1 twice; case 6 is 2025)
  CHECK(cell(a, first, "Sex: Female") == 2);
  CHECK(cell(a, first, "Sex: Unknown") == 1);
  CHECK(cell(a, first, "Age: Under 16") == 1);  // born 2010-05 (15 on intake)
  CHECK(cell(a, first, "Age: 16 to 17") == 1);  // born 2009-08 (16 on intake)
  CHECK(cell(a, first, "Ethnicity: Kinh") == 2);
  // Person 1's latest case (handed over) places her; the rescue is the earlier case.
  CHECK(cell(a, "Handed over by a foreign authority", "Total") == 1);
  CHECK(cell(a, "Rescued", "Total") == 0);
  CHECK(cell(a, "Being identified as a victim", "Total") == 1);
  CHECK(cell(a, "Several forms", "Total") == 1);
  // Every category appears, even at zero.
  CHECK(cell(a, "Removal of organs", "Total") == 0);
  const auto& support = r.sections.at(1);
  const std::string all = support.rows[0].label;
  CHECK(cell(support, all, "Supports") == 5);       // the cancelled one is left out
  CHECK(cell(support, all, "Persons") == 2);      // persons 1 and 3 (2 merged into 3)
  CHECK(cell(support, all, "Amount (VND)") == 1970000);
  CHECK(cell(support, "Meals during stay at a facility", "Persons") == 2);
  CHECK(cell(support, "Meals during stay at a facility", "Supports") == 3);
  const auto& referrals = r.sections.at(2);
  CHECK(cell(referrals, "Accepted", referrals.columns[0].header) == 1);
  CHECK(cell(referrals, "Sent", referrals.columns[0].header) == 1);
  const auto& plan = r.sections.at(4);
  CHECK(plan.values[0][0] == 1);   // the hotline case was referred
  CHECK(plan.values[0][1] == 1);
  CHECK(plan.values[0][2] == 1000);  // 100.0 %
  CHECK(plan.values[1][1] == 1);   // one identified victim, supported
  CHECK(plan.values[1][0] == 1);
}

TEST_CASE("report: the state cut-off moves cases between periods") {
  auto db = test::new_library(":memory:");
  fixture(*db);
  // 2025-12-20 is in Q1 2026 by the cut-off (15/12/2025..14/03/2026); 2026-03-20 is not.
  const auto cal = run(*db, "province-consolidated", q1("calendar"));
  const auto cut = run(*db, "province-consolidated", q1("state_cutoff"));
  CHECK(cal.sections[0].values[0][0] == 4);
  CHECK(cut.sections[0].values[0][0] == 4);  // person 5 by case 6 instead of case 5
  CHECK(cut.period.from.iso() == "2025-12-15");
}

TEST_CASE("report: the named list gives names only with include_pii, and adds up") {
  test::EnglishMessages english;
  auto db = test::new_library(":memory:");
  fixture(*db);
  const auto plain = run(*db, "support-list", q1());
  REQUIRE(plain.listing);
  CHECK(plain.listing->rows.size() == 2);
  CHECK_FALSE(contains(report::to_csv(plain), "Lò Thị A"));
  // What was paid in the quarter, by payment date: not the approved 200,000 (unpaid), not the
  // 120,000 given in February but paid in April; as `support settle` counts.
  CHECK(plain.listing->total.back().n == 1650000);
  CHECK(plain.date_basis == "payment");
  CHECK(run(*db, "support-list", q2()).listing->total.back().n == 120000);
  report::RunOptions o;
  o.include_pii = true;
  const auto pii = run(*db, "support-list", q1(), o);
  CHECK(contains(report::to_csv(pii), "Lò Thị A"));
  CHECK(contains(report::to_csv(pii), ",002,"));  // the kept person's ID number
  CHECK(report::check_totals(pii).empty());
}

TEST_CASE("report: the named list's days of stay are the meals at the facility, not the road home") {
  test::EnglishMessages english;
  auto db = test::new_library(":memory:");
  fixture(*db);
  db->exec(R"(INSERT INTO support (case_id, person_id, kind, support_date, agency_id, quantity, unit, amount_vnd, rule_id,
                     rule_version, rule_citation, status, paid_date, created_at, updated_at) VALUES
  (1, 1, 'travel_meals', '2026-02-28', 3, 3, 'per_day', 150000, 'r', 'v', 'c', 'paid', '2026-03-03', 'x', 'x'))");
  const auto list = run(*db, "support-list", q1());
  REQUIRE(list.listing);
  size_t days = 0;
  while (days < list.listing->columns.size() && list.listing->columns[days].type != "days") ++days;
  REQUIRE(days < list.listing->columns.size());
  std::vector<int64_t> stay;
  for (const auto& row : list.listing->rows) stay.push_back(row.at(days).n);
  // Person 1: 10 days of meals at the facility paid in the quarter; the 3 days of travel meals
  // are not days of stay. (Person 3's meals were paid in April.)
  CHECK(stay == std::vector<int64_t>{10, 0});
  CHECK(list.listing->total.at(days).n == 10);
}

TEST_CASE("report: data-quality problems are counted and listed by id") {
  test::EnglishMessages english;
  auto db = test::new_library(":memory:");
  fixture(*db);
  const auto r = run(*db, "data-quality", q1());
  CHECK(r.sections[0].values[0][0] == static_cast<int64_t>(r.problems.size()));
  bool sex = false, agency = false;
  for (const auto& p : r.problems) {
    if (p.check == "missing_sex" && p.case_id == 4) sex = true;
    if (p.check == "missing_agency" && p.case_id == 4) agency = true;
  }
  CHECK(sex);
  CHECK(agency);
  CHECK(report::check_totals(r).empty());
}

TEST_CASE("report: complementary suppression leaves no hidden cell recoverable") {
  auto db = test::new_library(":memory:");
  fixture(*db);
  report::RunOptions o;
  o.suppress_below = 3;
  const auto r = run(*db, "province-consolidated", q1(), o);
  CHECK(r.hidden_cells > 0);
  for (const auto& s : r.sections) {
    if (s.kind == "ratio") continue;
    // Every sum (row total and its parts; parent row and its categories) hides 0 or ≥ 2 cells.
    for (size_t i = 0; i < s.rows.size(); ++i) {
      std::map<std::string, int> hidden;  // by column group: its parts and its total
      for (size_t c = 0; c < s.columns.size(); ++c) {
        const int t = s.columns[c].total;
        if (t < 0) continue;
        if (!hidden.count(s.columns[c].group)) hidden[s.columns[c].group] = s.shown[i][t] == report::Shown::hidden;
        hidden[s.columns[c].group] += s.shown[i][c] == report::Shown::hidden;
      }
      for (const auto& [g, n] : hidden) CHECK_MESSAGE(n != 1, s.title << " / " << s.rows[i].label << " / " << g);
      // Rows: a parent and its categories, per column (amounts and counts of items).
      std::vector<int> children_hidden(s.columns.size(), 0);
      bool parent = false;
      for (size_t k = 0; k < s.rows.size(); ++k)
        if (s.rows[k].parent == static_cast<int>(i)) {
          parent = true;
          for (size_t c = 0; c < s.columns.size(); ++c) children_hidden[c] += s.shown[k][c] == report::Shown::hidden;
        }
      if (parent)
        for (size_t c = 0; c < s.columns.size(); ++c) {
          if (s.rows[i].overlap && s.columns[c].measure.find("person") != std::string::npos) continue;
          CHECK_MESSAGE(children_hidden[c] + (s.shown[i][c] == report::Shown::hidden) != 1,
                        s.title << " / " << s.rows[i].label << " / " << s.columns[c].header);
        }
      for (size_t c = 0; c < s.columns.size(); ++c) {
        if (s.values[i][c] > 0 && s.values[i][c] < 3 && s.columns[c].type == "count") CHECK(s.shown[i][c] == report::Shown::hidden);
      }
    }
  }
}

TEST_CASE("report: template errors name the file, line and column") {
  test::TempDir dir("templates");
  const std::string f = dir.file("bad.toml");
  auto err = [&](const std::string& body) {
    test::write_file(f, body);
    return error_of([&] { report::load_template(f); }, Exit::config);
  };
  const std::string& head = kTemplateHead;
  const std::string section = "[[section]]\ntitle = \"S\"\nmeasure = \"persons\"\ncolumns = [{ dimension = \"sex\", header = \"Sex\" }]\n"
                              "[[section.rows]]\nlabel = \"All\"\n";
  test::write_file(f, head + section);
  CHECK(report::load_template(f).sections.size() == 1);
  CHECK(contains(err(head + "colour = 1\n" + section), f + ":7:1: unknown key 'colour'"));
  CHECK(contains(err(head + section + "measure = \"people\"\n"), ":13:11: unknown measure 'people'"));
  CHECK(contains(err(head + section + "by = \"colour\"\n"), ":13:6: unknown dimension 'colour'"));
  CHECK(contains(err(head + section + "where = { support_kind = \"meals\" }\n"), "measure 'persons' has no dimension 'support_kind'"));
  std::string s2 = section;
  s2.replace(s2.find("\"persons\""), 9, "\"people\"");
  CHECK(contains(err(head + s2), ":9:11: unknown measure 'people'"));
  std::string h2 = head;
  h2.replace(h2.find("\"intake\""), 8, "\"arrival\"");
  CHECK(contains(err(h2 + section), ":5:14: date_basis = 'arrival' is not valid"));
  CHECK(contains(err(head.substr(head.find('\n') + 1) + section), "lacks the required key 'version'"));
  CHECK(contains(err(head + "[[section]]\ntitle = \"S\"\n"), ":7:1: [[section]] lacks the required key 'columns'"));
  CHECK(contains(err(head + section + "label = \"x\n"), f + ":13:"));  // TOML syntax
  CHECK(contains(err("version = 2\n" + head.substr(head.find('\n') + 1) + section), ":1:11: this template version is not supported"));
}

TEST_CASE("report: unknown codes in a template are config errors with the line") {
  test::TempDir dir("templates_codes");
  const std::string f = dir.file("codes.toml");
  test::write_file(f, kTemplateHead +
                      "[[section]]\ntitle = \"S\"\nmeasure = \"persons\"\n"
                      "columns = [{ dimension = \"channel\", categories = [\"teleport\"], header = \"C\" }]\n"
                      "[[section.rows]]\nlabel = \"All\"\nwhere = { status = \"lost\" }\n");
  auto db = test::new_library(":memory:");
  const auto t = report::load_template(f);
  const std::string e = error_of([&] { report::run(*db, t, q1(), {}); }, Exit::config);
  CHECK((contains(e, f + ":13: dimension 'status' has no value 'lost'") || contains(e, f + ":10: code 'teleport'")));
  CHECK(contains(error_of([&] { report::find_template(kTemplates, "nope"); }, Exit::usage), "no template 'nope'"));
}

TEST_CASE("report: the status dimension is the result of identification, closed is not one of its values") {
  test::EnglishMessages english;
  test::TempDir dir("templates_status");
  auto db = test::new_library(":memory:");
  fixture(*db);
  const std::string f = dir.file("status.toml");
  const std::string head = kTemplateHead +
                           "[[section]]\ntitle = \"S\"\nmeasure = \"persons\"\n"
                           "columns = [{ dimension = \"total\", header = \"Total\" }]\n[[section.rows]]\nlabel = \"By status\"\n";
  test::write_file(f, head + "by = \"status\"\n");
  const auto r = report::run(*db, report::load_template(f), q1(), {});
  std::vector<std::string> labels;
  for (const auto& row : r.sections.at(0).rows) labels.push_back(row.label);
  CHECK(std::find(labels.begin(), labels.end(), "Closed") == labels.end());
  CHECK(std::find(labels.begin(), labels.end(), "Identified victim") != labels.end());
  test::write_file(f, kTemplateHead +
                      "[[section]]\ntitle = \"S\"\nmeasure = \"persons\"\n"
                      "columns = [{ dimension = \"status\", categories = [\"identified\", \"closed\"], header = \"St\" }]\n"
                      "[[section.rows]]\nlabel = \"All\"\n");
  const auto t = report::load_template(f);
  CHECK(contains(error_of([&] { report::run(*db, t, q1(), {}); }, Exit::config),
                 ":10: code 'closed' is not a value of dimension 'status'"));
}

TEST_CASE("report: an agency merged into another has no row of its own, its cases count under the kept one") {
  test::EnglishMessages english;
  test::TempDir dir("agency_rows");
  auto db = test::new_library(":memory:");
  fixture(*db);
  const std::string f = dir.file("by_agency.toml");
  test::write_file(f, kTemplateHead +
                      "[[section]]\ntitle = \"S\"\nmeasure = \"cases\"\n"
                      "columns = [{ dimension = \"total\", header = \"Total\" }]\n"
                      "[[section.rows]]\nlabel = \"By agency\"\nby = \"agency\"\n");
  const auto t = report::load_template(f);
  auto labels = [](const report::Section& s) {
    std::string out;
    for (const auto& r : s.rows) out += r.label + "=" + std::to_string(s.values.at(&r - s.rows.data()).at(0)) + ";";
    return out;
  };
  const auto before = report::run(*db, t, q1(), {});
  CHECK(labels(before.sections.at(0)) == "By agency=5;Biên phòng=2;Công an=2;Trung tâm CTXH=0;Unknown=1;");
  agency::merge(*db, {"t", "agency merge"}, agency::plan_merge(*db, 2, 1), "one office");
  const auto after = report::run(*db, t, q1(), {});
  CHECK(labels(after.sections.at(0)) == "By agency=5;Công an=4;Trung tâm CTXH=0;Unknown=1;");
}
