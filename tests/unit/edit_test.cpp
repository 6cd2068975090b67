// SPDX-License-Identifier: MIT
// lib/edit.{h,cpp}: field names as import knows them, values read as import reads them, every
// derived column in the plan, what the workflow refuses, bulk matching, and apply/undo.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "audit.h"
#include "changes.h"
#include "codes.h"
#include "edit.h"
#include "intake/add.h"
#include "intake/record.h"
#include "test_support.h"
#include "text/unicode.h"

using hotro::Exit;
using namespace hotro::edit;
using namespace hotro::test;
namespace db = hotro::db;
namespace audit = hotro::audit;
namespace intake = hotro::intake;
namespace changes = hotro::changes;

namespace {

struct Library {
  EnglishMessages english;
  ScopedEnv today{"HOTRO_TODAY", "2026-11-25"};
  ScopedEnv now{"HOTRO_NOW", "2026-11-25T08:00:00Z"};
  std::unique_ptr<db::Database> lib = new_library(":memory:");
  audit::Context ctx{"lan", "edit"};

  // Records a case as `intake add` does; returns its id.
  int64_t add(const std::string& name, const std::string& birth, const std::string& intake_date,
              const std::string& residence = "", const std::string& citizen_id = "",
              intake::OnDuplicate on_duplicate = intake::OnDuplicate::new_person) {
    hotro::CodeLists codes(*lib);
    intake::ValueRules rules;
    intake::RecordParser parser(codes, rules);
    intake::RawValues raw;
    raw[static_cast<size_t>(intake::Field::full_name)] = name;
    raw[static_cast<size_t>(intake::Field::birth_date)] = birth;
    raw[static_cast<size_t>(intake::Field::intake_date)] = intake_date;
    raw[static_cast<size_t>(intake::Field::intake_channel)] = "Tự trở về";
    raw[static_cast<size_t>(intake::Field::residence)] = residence;
    raw[static_cast<size_t>(intake::Field::citizen_id)] = citizen_id;
    raw[static_cast<size_t>(intake::Field::receiving_agency)] = "Công an huyện Mường Khương";
    intake::Record r;
    const auto errors = parser.parse(raw, r);
    REQUIRE(errors.empty());
    return intake::add_case(*lib, ctx, r, {}, on_duplicate).case_id;
  }
  std::string text(const std::string& sql) { return query_text(*lib, sql); }
  int64_t number(const std::string& sql) { return query_int(*lib, sql); }

  Plan plan_one(int64_t case_id, const std::vector<std::string>& set) {
    std::vector<Assignment> a;
    for (const auto& s : set) a.push_back(parse_assignment(s));
    return plan(*lib, {case_id}, a);
  }
  // "table.field=after" of each change, for compact checks.
  static std::vector<std::string> summary(const Plan& p) {
    std::vector<std::string> out;
    for (const auto& c : p.changes)
      out.push_back(c.change.entity + "." + c.change.field + "=" + (c.new_agency ? "new:" + *c.new_agency : c.change.after.dump()));
    return out;
  }
};

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("edit: fields by English key or by the column headers import knows") {
  EnglishMessages english;
  CHECK(parse_assignment("birth_date=12/03/1998").key == "birth_date");
  CHECK(parse_assignment("Ngày sinh=1998").key == "birth_date");
  CHECK(parse_assignment("GIOI TINH=Nữ").key == "sex");
  CHECK(parse_assignment("destination=Trung Quốc").key == "destination_country");
  CHECK(parse_assignment("Nơi cư trú=Xã A, tỉnh Lào Cai").value == "Xã A, tỉnh Lào Cai");
  CHECK(parse_assignment("note=a=b").value == "a=b");
  CHECK(parse_assignment("ethnicity=").value.empty());
  const std::string unknown = error_of([] { parse_assignment("colour=red"); }, Exit::usage);
  CHECK(contains(unknown, "unknown field 'colour'"));
  CHECK(contains(unknown, "full_name, sex, birth_date"));
  CHECK(contains(error_of([] { parse_assignment("exploitation=x"); }, Exit::usage), "cannot be set"));
  CHECK(contains(error_of([] { parse_assignment("status=closed"); }, Exit::usage), "case close"));
  error_of([] { parse_assignment("sex"); }, Exit::usage);
  error_of([] { parse_assignment("=x"); }, Exit::usage);
  CHECK(parse_condition("full_name~thi mai").contains);
  CHECK(parse_condition("status=closed").key == "status");
  CHECK(contains(error_of([] { parse_condition("sex~N"); }, Exit::usage), "text fields only"));
}

TEST_CASE("edit: values read as import reads them, with every derived column") {
  Library l;
  const int64_t id = l.add("Lo Thi Mai", "1998", "01/03/2026", "Xã Mường Lạn, tỉnh Sơn La");
  const int64_t old_key = l.number("SELECT match_key FROM person WHERE id = 1");

  // A name: its folded copy and the match key follow; NFD in, NFC stored.
  Plan p = l.plan_one(id, {"full_name=" + kHuongNfd});
  CHECK(Library::summary(p) ==
        Strings{"person.full_name=\"" + kHuongNfc + "\"", "person.name_folded=\"nguyen thi huong\"",
                "person.match_key=" + std::to_string(intake::person_match_key("nguyen thi huong", 1998))});
  CHECK_FALSE(p.changes[0].derived);
  CHECK(p.changes[1].derived);
  CHECK(p.changes[2].change.before == old_key);

  // Accents only: the folded copy and key do not change, so they are not in the plan.
  CHECK(Library::summary(l.plan_one(id, {"full_name=Lò Thị Mai"})) == Strings{"person.full_name=\"Lò Thị Mai\""});

  // A date in any shape: the year and the key follow; codes by their variants; yes/no.
  CHECK(Library::summary(l.plan_one(id, {"birth_date=12/3/1997", "sex=Nữ", "Hộ nghèo=Có", "destination=Trung Quốc"})) ==
        Strings{"person.birth_date=\"1997-03-12\"", "person.birth_year=1997",
                "person.match_key=" + std::to_string(intake::person_match_key("lo thi mai", 1997)), "person.sex=\"F\"",
                "person.poor_household=1", "case_file.destination_country=\"CN\"", "case_file.abroad=1"});
  // The residence: folded copy and province, as import derives them.
  CHECK(Library::summary(l.plan_one(id, {"residence=Thôn 3, xã Bản Lầu, tỉnh Lào Cai"})) ==
        Strings{"person.residence=\"Thôn 3, xã Bản Lầu, tỉnh Lào Cai\"",
                "person.residence_folded=\"thon 3 xa ban lau tinh lao cai\"",
                "person.residence_province=\"15\""});
  CHECK(Library::summary(l.plan_one(id, {"residence=Bản Lầu"})) ==
        Strings{"person.residence=\"Bản Lầu\"", "person.residence_folded=\"ban lau\"", "person.residence_province=null",
                "person.residence_code_set=null"});
  // Leading zeros kept; an empty value clears; the intake date as ISO.
  CHECK(Library::summary(l.plan_one(id, {"citizen_id=014 198 003 517", "intake_date=2026-03-02"})) ==
        Strings{"person.citizen_id=\"014198003517\"", "case_file.intake_date=\"2026-03-02\""});
  CHECK(Library::summary(l.plan_one(id, {"birth_date="})) ==
        Strings{"person.birth_date=null", "person.birth_year=null", "person.match_key=null"});
  // Already so: nothing to change.
  CHECK(l.plan_one(id, {"full_name=Lo Thi Mai", "birth_date=1998", "ethnicity="}).changes.empty());
}

TEST_CASE("edit: bad values and what the workflow refuses") {
  Library l;
  const int64_t id = l.add("Lò Thị Mai", "12/03/1998", "01/03/2026");
  auto refused = [&](const std::vector<std::string>& set, Exit code = Exit::data) {
    return error_of([&] { l.plan_one(id, set); }, code);
  };
  CHECK(contains(refused({"sex=abc"}), "case #1: sex=abc: unknown value 'abc'"));
  CHECK(contains(refused({"citizen_id=14198003517"}), "leading zero"));
  CHECK(contains(refused({"intake_date=01/12/2026"}), "in the future"));
  CHECK(contains(refused({"intake_date=2026"}), "full date"));
  CHECK(contains(refused({"full_name="}), "cannot be cleared"));
  CHECK(contains(refused({"intake_channel="}), "cannot be cleared"));
  // Another field's rule: a birth after the intake.
  CHECK(contains(refused({"intake_date=01/01/1998"}), "birth_date: 12/03/1998 is after the intake date 01/01/1998"));
  CHECK(contains(refused({"sex=Nữ", "Giới tính=Nam"}, Exit::usage), "set twice"));
  error_of([&] { l.plan_one(99, {"sex=Nữ"}); }, Exit::noinput);

  // No step of the case before its intake.
  l.lib->exec("INSERT INTO case_event (case_id, kind, event_date, audit_id) VALUES (1, 'verify_start', '2026-03-05', 1)");
  CHECK(contains(refused({"intake_date=06/03/2026"}), "the case has 'verify_start' on 05/03/2026"));
  CHECK(l.plan_one(id, {"intake_date=05/03/2026"}).changes.size() == 1);

  // A merged person is edited through the kept one.
  const int64_t other = l.add("Lò Thị Mai", "12/03/1998", "02/03/2026");
  l.lib->exec("UPDATE person SET merged_into = 1 WHERE id = 2");
  CHECK(contains(error_of([&] { l.plan_one(other, {"sex=Nữ"}); }, Exit::data), "merged into person #1"));
  CHECK(l.plan_one(other, {"note=x"}).changes.size() == 1);  // the case itself still can be
}

TEST_CASE("edit: an accompanying minor must be under 18 on the intake date, a birth before every intake") {
  Library l;
  hotro::CodeLists codes(*l.lib);
  intake::ValueRules rules;
  intake::RecordParser parser(codes, rules);
  intake::RawValues raw;
  raw[static_cast<size_t>(intake::Field::full_name)] = "Lò Thị Mai";
  raw[static_cast<size_t>(intake::Field::intake_date)] = "01/03/2026";
  raw[static_cast<size_t>(intake::Field::intake_channel)] = "111";
  intake::Record r;
  REQUIRE(parser.parse(raw, r).empty());
  const auto added = intake::add_case(*l.lib, l.ctx, r, {intake::parse_minor(codes, "Lò Văn Tú;Nam;2008-06-01;con", r.intake_date)},
                                      intake::OnDuplicate::new_person);
  CHECK(contains(error_of([&] { l.plan_one(added.case_id, {"intake_date=01/06/2026"}); }, Exit::data),
                 "the accompanying minor #2 Lò Văn Tú is 18 on that day"));
  CHECK(contains(error_of([&] { l.plan_one(added.case_id, {"intake_date=01/05/2008"}); }, Exit::data), "born after"));
  CHECK(l.plan_one(added.case_id, {"intake_date=31/05/2026"}).changes.size() == 1);

  // The person's other case was taken in on 01/03/2026: a birth after it is refused.
  l.lib->exec("INSERT INTO case_file (person_id, intake_date, intake_channel, created_at, updated_at) "
              "VALUES (1, '2026-05-01', 'hotline', 'x', 'x')");
  CHECK(contains(error_of([&] { l.plan_one(2, {"birth_date=01/04/2026"}); }, Exit::data),
                 "person #1 has another case taken in on 01/03/2026"));

  // The minor, Lò Văn Tú (#2), has a case of his own (#3): his birth is checked against case #1,
  // which he accompanied, as an intake_date edit of case #1 checks it.
  l.lib->exec("INSERT INTO case_file (person_id, intake_date, intake_channel, created_at, updated_at) "
              "VALUES (2, '2026-06-03', 'hotline', 'x', 'x')");
  CHECK(contains(error_of([&] { l.plan_one(3, {"birth_date=03/06/2026"}); }, Exit::data),
                 "person #2 is an accompanying minor on case #1 taken in on 01/03/2026, so cannot be born after it"));
  CHECK(contains(error_of([&] { l.plan_one(3, {"birth_date=2000"}); }, Exit::data),
                 "person #2 is an accompanying minor on case #1, but is 25 on its intake date 01/03/2026"));
  CHECK(l.plan_one(3, {"birth_date=2009"}).changes.size() >= 1);
}

TEST_CASE("edit: undo works a person's matching keys out again from the fields it restores") {
  // The keys a change set holds may be folded otherwise by now (schema 10 folds Ð like Đ): undo
  // neither refuses them as changed since nor writes them back.
  Library l;
  const int64_t id = l.add("\u00D0\u1ED7 Thị Hà", "1998", "01/03/2026", "Xã \u00D0ông Thọ");
  // The person as schema 9 wrote her.
  l.lib->exec("UPDATE person SET name_folded = '\u00F0o thi ha', residence_folded = 'xa \u00F0ong tho', match_key = " +
              std::to_string(intake::person_match_key("\u00F0o thi ha", 1998)));
  const int64_t set = apply(*l.lib, l.ctx, l.plan_one(id, {"full_name=Lo Thi Mai", "residence=Xã Mường Lạn"}), std::nullopt);
  CHECK(l.text("SELECT group_concat(before, ' ') FROM field_change WHERE change_set_id = " + std::to_string(set) +
               " AND field LIKE '%_folded'") == "\"\u00F0o thi ha\" \"xa \u00F0ong tho\"");
  // Keys stored otherwise than the set's "after" values, as an upgrade that folds anew leaves
  // those of an edit: undo does not refuse them as changed since (the name is checked).
  l.lib->exec("UPDATE person SET name_folded = 'lo thi mai ', residence_folded = 'xa muong lan '");
  const int64_t back = changes::undo(*l.lib, l.ctx, set, std::nullopt);
  CHECK(l.text("SELECT full_name || '|' || name_folded || '|' || residence_folded FROM person") ==
        "\u00D0\u1ED7 Thị Hà|do thi ha|xa dong tho");
  CHECK(l.number("SELECT match_key FROM person") == intake::person_match_key("do thi ha", 1998));
  // The undo's own change set says what it wrote.
  CHECK(l.text("SELECT after FROM field_change WHERE field = 'name_folded' AND change_set_id = " + std::to_string(back)) ==
        "\"do thi ha\"");
}

TEST_CASE("edit: apply writes one change set with the derived columns, and undo restores them") {
  Library l;
  const int64_t id = l.add("Lo Thi Mai", "1998", "01/03/2026", "Xã Mường Lạn, tỉnh Sơn La");
  const std::string before = l.text("SELECT json_array(full_name, name_folded, birth_date, birth_year, match_key, "
                                    "residence, residence_folded, residence_province, residence_code_set) FROM person");
  Plan p = l.plan_one(id, {"full_name=Lò Thị Mải", "birth_date=12/03/1997", "residence=Bản Lầu, Lào Cai",
                           "receiving_agency=Công an tỉnh Lào Cai", "intake_date=02/03/2026"});
  CHECK(std::count_if(p.changes.begin(), p.changes.end(), [](const Change& c) { return c.new_agency.has_value(); }) ==
        1);  // an agency not yet known
  const int64_t agencies = l.number("SELECT count(*) FROM agency");
  const int64_t set = apply(*l.lib, l.ctx, p, std::string("the police list had typos"));
  CHECK(l.number("SELECT count(*) FROM agency") == agencies + 1);
  CHECK(l.text("SELECT a.name FROM case_file c JOIN agency a ON a.id = c.receiving_agency_id") == "Công an tỉnh Lào Cai");
  CHECK(l.text("SELECT name_folded || '|' || birth_year || '|' || residence_province FROM person") == "lo thi mai|1997|15");
  CHECK(l.number("SELECT match_key FROM person") == intake::person_match_key("lo thi mai", 1997));
  CHECK(l.text("SELECT intake_date FROM case_file") == "2026-03-02");
  CHECK(l.number("SELECT count(*) FROM field_change WHERE change_set_id = " + std::to_string(set)) ==
        static_cast<int64_t>(p.changes.size()));
  CHECK(l.text("SELECT group_concat(entity, ',') FROM audit WHERE action = 'create'") == "case,agency");
  CHECK(audit::verify(*l.lib).problems.empty());

  changes::undo(*l.lib, l.ctx, set, std::nullopt);
  CHECK(l.text("SELECT json_array(full_name, name_folded, birth_date, birth_year, match_key, residence, "
               "residence_folded, residence_province, residence_code_set) FROM person") == before);
  CHECK(l.text("SELECT a.name || '|' || c.intake_date FROM case_file c JOIN agency a ON a.id = c.receiving_agency_id") ==
        "Công an huyện Mường Khương|2026-03-01");
  CHECK(audit::verify(*l.lib).problems.empty());

  // A person's field counts in their cases' figures: the cases are marked updated (reports flag
  // cases edited after their period was closed).
  l.now.set("2026-11-26T09:00:00Z");
  apply(*l.lib, l.ctx, l.plan_one(id, {"ethnicity=Mông"}), std::nullopt);
  CHECK(l.text("SELECT updated_at FROM case_file") == "2026-11-26T09:00:00Z");

  // Apply checks the plan again: when the record changed since, nothing is written.
  Plan stale = l.plan_one(id, {"sex=Nữ"});
  l.lib->exec("UPDATE person SET sex = 'M'");
  CHECK(contains(error_of([&] { apply(*l.lib, l.ctx, stale, std::nullopt); }, Exit::data), "changed since"));
  CHECK(l.text("SELECT sex FROM person") == "M");
  error_of([&] { apply(*l.lib, l.ctx, l.plan_one(id, {"sex=Nam"}), std::nullopt); }, Exit::data);  // nothing to change
}

TEST_CASE("edit: --where matches stored values folded, codes by variant, empty, ANDed") {
  Library l;
  l.add("Lò Thị Mai", "1998", "01/03/2026", "Xã Mường Lạn, tỉnh Sơn La");
  l.add("LO THI MAI", "12/03/1998", "15/04/2026", "Xa Muong Lan, tinh Son La");
  l.add("Vàng A Sử", "2003", "02/03/2026", "", "014198003517");
  l.lib->exec("UPDATE person SET sex = 'F' WHERE id = 1");
  auto find = [&](const std::vector<std::string>& where) {
    std::vector<Condition> c;
    for (const auto& w : where) c.push_back(parse_condition(w));
    return find_cases(*l.lib, c);
  };
  using Ids = std::vector<int64_t>;
  CHECK(find({"full_name=lo thi mai"}) == Ids{1, 2});
  CHECK(find({"full_name~THỊ"}) == Ids{1, 2});
  CHECK(find({"sex=Nữ"}) == Ids{1});
  CHECK(find({"sex="}) == Ids{2, 3});
  CHECK(find({"birth_date=1998"}) == Ids{1, 2});
  CHECK(find({"birth_date=12/03/1998"}) == Ids{2});
  CHECK(find({"intake_date=2026-03"}) == Ids{1, 3});
  CHECK(find({"intake_date=2026-Q2"}) == Ids{2});
  CHECK(find({"intake_date=02/03/2026"}) == Ids{3});
  CHECK(find({"residence~muong lan", "intake_date=2026-03"}) == Ids{1});
  CHECK(find({"citizen_id=014.198.003.517"}) == Ids{3});
  CHECK(find({"receiving_agency=cong an huyen muong khuong"}) == Ids{1, 2, 3});
  CHECK(find({"status=Đã tiếp nhận"}) == Ids{1, 2, 3});
  CHECK(find({"intake_channel=Tự trở về", "abroad="}) == Ids{1, 2, 3});
  CHECK(find({"note~x"}).empty());
  CHECK(contains(error_of([&] { find({"sex=xyz"}); }, Exit::usage), "--where sex=xyz: unknown value"));
  CHECK(contains(error_of([&] { find({"intake_date=soon"}); }, Exit::usage), "expected a date"));

  // Bulk: a person with several cases is changed once; a name is never given to several persons.
  l.lib->exec("UPDATE case_file SET person_id = 1 WHERE id = 2");
  Plan p = plan(*l.lib, find({"full_name~mai"}), {parse_assignment("sex=Nữ"), parse_assignment("destination=Lào")});
  CHECK(Library::summary(p) == Strings{"case_file.destination_country=\"LA\"", "case_file.abroad=1",
                                       "case_file.destination_country=\"LA\"", "case_file.abroad=1"});
  Plan q = plan(*l.lib, {1, 2, 3}, {parse_assignment("sex=Nam")});
  CHECK(Library::summary(q) == Strings{"person.sex=\"M\"", "person.sex=\"M\""});  // persons 1 and 3
  CHECK(contains(error_of([&] { plan(*l.lib, {1, 3}, {parse_assignment("full_name=A")}); }, Exit::usage),
                 "2 different persons"));
  CHECK(plan(*l.lib, {1, 2}, {parse_assignment("full_name=Lò Thị Mải")}).changes.size() == 1);  // one person
  // One refused case refuses the whole edit, naming it.
  l.lib->exec("INSERT INTO case_event (case_id, kind, event_date, audit_id) VALUES (3, 'verify_start', '2026-03-05', 1)");
  const std::string why = error_of([&] { plan(*l.lib, {1, 3}, {parse_assignment("intake_date=10/03/2026")}); }, Exit::data);
  CHECK(contains(why, "case #3: intake_date 10/03/2026"));
  CHECK(contains(why, "1 of 2 cases refused"));
}

TEST_CASE("edit: a change in words") {
  Library l;
  l.add("Lò Thị Mai", "1998", "01/03/2026");
  Describer d(*l.lib);
  CHECK(d.line({"case_file", 12, "intake_date", "2026-03-01", "2026-03-02"}) == "case #12 intake_date: 01/03/2026 → 02/03/2026");
  CHECK(d.line({"person", 5, "sex", nullptr, "F"}) == "person #5 sex: (empty) → Female");
  CHECK(d.line({"case_file", 1, "receiving_agency_id", 1, nullptr}, std::string("Sở LĐTBXH")) ==
        "case #1 receiving_agency: \"Công an huyện Mường Khương\" → \"Sở LĐTBXH\" (new agency)");
  CHECK(d.line({"person", 1, "poor_household", 0, 1}) == "person #1 poor_household: No → Yes");
  CHECK(d.line({"person", 1, "full_name", "A", "B"}) == "person #1 full_name: \"A\" → \"B\"");
  CHECK(to_json({"case_file", 1, "abroad", nullptr, 1}).dump() ==
        R"({"entity":"case","id":1,"field":"abroad","before":null,"after":1})");
}
