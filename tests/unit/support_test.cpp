// SPDX-License-Identifier: MIT
// lib/support.{h,cpp}: who a person of a case is on a date (beneficiary), why the rules refuse
// them (ineligible), application deadlines, and recording supports priced by the shipped rules
// (add), with their approval, payment and cancellation, on a real library.
#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <vector>

#include "intake/add.h"
#include "intake/record.h"
#include "money.h"
#include "rules/rules.h"
#include "support.h"
#include "test_support.h"
#include "workflow.h"

using namespace hotro::test;
using hotro::Exit;
using hotro::rules::RuleBook;
using hotro::text::Date;
namespace db = hotro::db;
namespace support = hotro::support;
namespace workflow = hotro::workflow;

namespace {

const RuleBook& book() {
  static const RuleBook b = RuleBook::load(std::filesystem::path(HOTRO_SOURCE_DIR) / "rules");
  return b;
}

const char* const kHaGiang = "thôn Lũng Cú, huyện Đồng Văn, tỉnh Hà Giang";
const char* const kCaoBang = "xã Ngọc Côn, huyện Trùng Khánh, tỉnh Cao Bằng";
const char* const kAgency = "Trung tâm Công tác xã hội tỉnh Hà Giang";

struct Person {
  std::string name = "Lò Thị Mai";
  std::optional<Date> birth = Date{1995, 4, 2};
  std::optional<std::string> residence = std::string(kHaGiang);
  std::optional<std::string> province_2025 = std::string("08");  // Hà Giang is part of Tuyên Quang
  std::optional<int> poor = 1;
  std::vector<hotro::intake::Minor> minors;
};

hotro::intake::Minor minor(const std::string& name, Date birth) { return {name, std::nullopt, birth, "con"}; }

// A case library with today fixed at 30/06/2026.
struct Library {
  EnglishMessages english;
  ScopedEnv today{"HOTRO_TODAY", "2026-06-30"};
  ScopedEnv now{"HOTRO_NOW", "2026-06-30T08:00:00Z"};
  TempDir dir{"support"};
  std::unique_ptr<db::Database> lib = new_library(dir.file("hotro.db"));
  hotro::audit::Context ctx{"lan", "support"};

  int64_t new_case(Date intake, const Person& p = {}) {
    hotro::intake::Record r;
    r.full_name = p.name;
    r.birth = p.birth;
    r.residence = p.residence;
    r.residence_province = p.province_2025;
    r.poor_household = p.poor;
    r.intake_date = intake;
    r.intake_channel = "handed_over";
    return hotro::intake::add_case(*lib, ctx, r, p.minors, hotro::intake::OnDuplicate::new_person).case_id;
  }
  workflow::StepInput on(int64_t case_id, Date d) { return {case_id, d, "Công an huyện Đồng Văn", std::nullopt}; }
  workflow::Certificate certificate(Date d) { return {"12/GXN", d, "Công an huyện Đồng Văn", "district_police"}; }
  // Verification started on `started`, the person found a victim on `decided` with a certificate of `certified`.
  void identify(int64_t case_id, Date started, Date decided, Date certified) {
    workflow::start_verification(*lib, ctx, on(case_id, started));
    workflow::decide(*lib, ctx, on(case_id, decided), true, certificate(certified), std::nullopt);
  }
  support::AddInput input(int64_t case_id, const std::string& kind, Date d) {
    support::AddInput in;
    in.case_id = case_id;
    in.kind = kind;
    in.date = d;
    in.agency = kAgency;
    return in;
  }
  support::Added add(const support::AddInput& in) { return support::add(*lib, ctx, book(), in); }
  std::string add_error(const support::AddInput& in, Exit code) {
    const int64_t rows = supports(), evs = events(), audits = audit_entries();
    const std::string msg = error_of([&] { (void)add(in); }, code);
    CHECK_MESSAGE(supports() == rows, "a refused support was stored");
    CHECK(events() == evs);
    CHECK(audit_entries() == audits);
    return msg;
  }
  int64_t minor_of(int64_t case_id) {
    return query_int(*lib, "SELECT person_id FROM case_minor WHERE case_id = " + std::to_string(case_id));
  }
  // A case received on `intake` with one accompanying minor, Lò Văn Tú born 01/01/2015: {case, minor}.
  std::pair<int64_t, int64_t> new_case_with_minor(Date intake) {
    Person p;
    p.minors = {minor("Lò Văn Tú", Date{2015, 1, 1})};
    const int64_t case_id = new_case(intake, p);
    return {case_id, minor_of(case_id)};
  }
  int64_t supports() { return query_int(*lib, "SELECT count(*) FROM support"); }
  int64_t events() { return query_int(*lib, "SELECT count(*) FROM case_event"); }
  int64_t audit_entries() { return query_int(*lib, "SELECT count(*) FROM audit"); }
  std::string field(int64_t id, const std::string& column) {
    return query_text(*lib, "SELECT coalesce(" + column + ", '<null>') FROM support WHERE id = " + std::to_string(id));
  }
  std::string status(int64_t id) { return field(id, "status"); }
};

// A Hà Giang victim: intake 01/08/2022, identified on 31/08/2022 with a certificate of 30/08/2022.
struct HaGiangVictim : Library {
  int64_t c = 0;
  HaGiangVictim() {
    c = new_case(Date{2022, 8, 1});
    identify(c, Date{2022, 8, 2}, Date{2022, 8, 31}, Date{2022, 8, 30});
  }
};

support::Beneficiary victim_2022() {
  support::Beneficiary b;
  b.category = "victim";
  b.case_status = "identified";
  b.birth = Date{1995, 4, 2};
  b.poor_household = true;
  b.identified_on = Date{2022, 8, 30};
  return b;
}

hotro::rules::Terms terms(const std::string& kind, Date d, std::optional<std::string> province = std::nullopt) {
  auto t = book().terms_for(kind, d, province);
  REQUIRE_MESSAGE(t.has_value(), "no " << kind << " on " << d.iso());
  return *t;
}

}  // namespace

// --- Who the person is on a date ----------------------------------------------------------------

TEST_CASE("support: beneficiary is pending before the decision and a victim from it") {
  HaGiangVictim v;
  const auto before = support::beneficiary(*v.lib, v.c, std::nullopt, Date{2022, 8, 30});
  CHECK(before.category == "pending");
  CHECK(before.case_status == "being_identified");
  CHECK_FALSE(before.identified_on.has_value());
  CHECK(before.name == "Lò Thị Mai");
  CHECK(before.intake == Date{2022, 8, 1});
  CHECK(before.birth == std::optional<Date>(Date{1995, 4, 2}));
  CHECK(before.poor_household == std::optional<bool>(true));
  CHECK(before.case_id == v.c);
  CHECK(before.person_id == query_int(*v.lib, "SELECT person_id FROM case_file WHERE id = " + std::to_string(v.c)));

  const auto after = support::beneficiary(*v.lib, v.c, std::nullopt, Date{2022, 8, 31});
  CHECK(after.category == "victim");
  CHECK(after.case_status == "identified");
  // The deadline runs from the certificate's date, not the decision's.
  CHECK(after.identified_on == std::optional<Date>(Date{2022, 8, 30}));
  // Before verification started the person is still one being identified (from the intake on).
  CHECK(support::beneficiary(*v.lib, v.c, std::nullopt, Date{2022, 8, 1}).category == "pending");
}

TEST_CASE("support: a person found not to be a victim has no category, from the decision on") {
  Library l;
  const int64_t c = l.new_case(Date{2024, 3, 1});
  workflow::start_verification(*l.lib, l.ctx, l.on(c, Date{2024, 3, 2}));
  workflow::decide(*l.lib, l.ctx, l.on(c, Date{2024, 3, 20}), false, std::nullopt, std::nullopt);
  CHECK(support::beneficiary(*l.lib, c, std::nullopt, Date{2024, 3, 19}).category == "pending");
  const auto b = support::beneficiary(*l.lib, c, std::nullopt, Date{2024, 3, 20});
  CHECK(b.category.empty());
  CHECK(b.case_status == "not_victim");
  CHECK_FALSE(b.identified_on.has_value());
  const auto why = support::ineligible(terms("meals", Date{2024, 3, 20}), b, Date{2024, 3, 20});
  REQUIRE(why);
  CHECK(contains(*why, "not to be a victim"));
  // A correction makes them a victim from its date.
  workflow::correct(*l.lib, l.ctx, l.on(c, Date{2024, 4, 10}), true, l.certificate(Date{2024, 4, 9}), "lời khai mới");
  CHECK(support::beneficiary(*l.lib, c, std::nullopt, Date{2024, 4, 9}).category.empty());
  const auto corrected = support::beneficiary(*l.lib, c, std::nullopt, Date{2024, 4, 10});
  CHECK(corrected.category == "victim");
  CHECK(corrected.identified_on == std::optional<Date>(Date{2024, 4, 9}));
}

TEST_CASE("support: a victim whose decision is corrected is no longer one after the correction") {
  HaGiangVictim v;
  workflow::correct(*v.lib, v.ctx, v.on(v.c, Date{2022, 12, 1}), false, std::nullopt, "giấy xác nhận cấp nhầm");
  CHECK(support::beneficiary(*v.lib, v.c, std::nullopt, Date{2022, 11, 30}).category == "victim");
  CHECK(support::beneficiary(*v.lib, v.c, std::nullopt, Date{2022, 12, 1}).category.empty());
}

TEST_CASE("support: an accompanying minor, and persons who are not of the case") {
  Library l;
  const auto [c, m] = l.new_case_with_minor(Date{2022, 8, 1});
  const auto b = support::beneficiary(*l.lib, c, m, Date{2022, 8, 2});
  CHECK(b.category == "minor_pending");  // with a person still being identified (Art. 37: a–g)
  CHECK(b.person_id == m);
  CHECK(b.name == "Lò Văn Tú");
  CHECK(b.birth == std::optional<Date>(Date{2015, 1, 1}));
  CHECK(b.province == std::optional<std::string>("02"));  // the residence of the case
  // Naming the case's own person is the same as naming nobody.
  const int64_t own = query_int(*l.lib, "SELECT person_id FROM case_file WHERE id = " + std::to_string(c));
  CHECK(support::beneficiary(*l.lib, c, own, Date{2022, 8, 2}).category == "pending");

  // The person of another case is neither.
  Person other;
  other.name = "Giàng Thị Dợ";
  const int64_t c2 = l.new_case(Date{2022, 8, 1}, other);
  const int64_t other_person = query_int(*l.lib, "SELECT person_id FROM case_file WHERE id = " + std::to_string(c2));
  CHECK(contains(error_of([&] { (void)support::beneficiary(*l.lib, c, other_person, Date{2022, 8, 2}); }, Exit::noinput),
                 "neither the person of case"));
  error_of([&] { (void)support::beneficiary(*l.lib, c, 9999, Date{2022, 8, 2}); }, Exit::noinput);
  error_of([&] { (void)support::beneficiary(*l.lib, 9999, std::nullopt, Date{2022, 8, 2}); }, Exit::noinput);

  // Once the case's person is found not to be a victim, the minor is no one the rules support.
  workflow::start_verification(*l.lib, l.ctx, l.on(c, Date{2022, 8, 2}));
  workflow::decide(*l.lib, l.ctx, l.on(c, Date{2022, 8, 20}), false, std::nullopt, std::nullopt);
  CHECK(support::beneficiary(*l.lib, c, m, Date{2022, 8, 19}).category == "minor_pending");
  CHECK(support::beneficiary(*l.lib, c, m, Date{2022, 8, 20}).category.empty());
}

TEST_CASE("support: the minor of an identified victim is a minor with a victim, from the decision on") {
  Library l;
  const auto [c, m] = l.new_case_with_minor(Date{2025, 8, 1});
  workflow::start_verification(*l.lib, l.ctx, l.on(c, Date{2025, 8, 2}));
  workflow::decide(*l.lib, l.ctx, l.on(c, Date{2025, 8, 20}), true, l.certificate(Date{2025, 8, 20}), std::nullopt);
  const auto before = support::beneficiary(*l.lib, c, m, Date{2025, 8, 19});
  const auto after = support::beneficiary(*l.lib, c, m, Date{2025, 8, 20});
  CHECK(before.category == "minor_pending");
  CHECK(after.category == "minor");
  // Law 53/2024 Art. 37: general education (h) is for the minor with a victim, not with a person
  // being identified (a–g).
  const auto education = terms("education", Date{2025, 8, 20});
  const auto why = support::ineligible(education, before, Date{2025, 8, 19});
  REQUIRE(why);
  CHECK(contains(*why, "not for a person under 18 accompanying a person being identified"));
  CHECK_FALSE(support::ineligible(education, after, Date{2025, 8, 20}).has_value());
}

TEST_CASE("support: the province of a Hà Giang residence before and after 01/07/2025") {
  HaGiangVictim v;
  CHECK(support::beneficiary(*v.lib, v.c, std::nullopt, Date{2022, 9, 1}).province == std::optional<std::string>("02"));
  CHECK(support::beneficiary(*v.lib, v.c, std::nullopt, Date{2025, 6, 30}).province == std::optional<std::string>("02"));
  CHECK(support::beneficiary(*v.lib, v.c, std::nullopt, Date{2025, 7, 1}).province == std::optional<std::string>("08"));
}

TEST_CASE("support: the province before 2025 from the residence text or an unmerged province's code") {
  Library l;
  SUBCASE("a residence written 'Đồng Văn - Hà Giang'") {
    Person p;
    p.residence = "Đồng Văn - Hà Giang";
    const int64_t c = l.new_case(Date{2022, 8, 1}, p);
    CHECK(support::beneficiary(*l.lib, c, std::nullopt, Date{2022, 9, 1}).province == std::optional<std::string>("02"));
  }
  SUBCASE("no province in the text: the one 2004 province of an unmerged 2025 province") {
    Person p;
    p.residence = "xóm Nà Mười";
    p.province_2025 = "04";  // Cao Bằng, not merged
    const int64_t c = l.new_case(Date{2022, 8, 1}, p);
    CHECK(support::beneficiary(*l.lib, c, std::nullopt, Date{2022, 9, 1}).province == std::optional<std::string>("04"));
  }
  SUBCASE("no province in the text and a merged 2025 province: unknown") {
    Person p;
    p.residence = "thôn Lũng Cú";
    const int64_t c = l.new_case(Date{2022, 8, 1}, p);
    CHECK_FALSE(support::beneficiary(*l.lib, c, std::nullopt, Date{2022, 9, 1}).province.has_value());
    CHECK(support::beneficiary(*l.lib, c, std::nullopt, Date{2025, 9, 1}).province == std::optional<std::string>("08"));
  }
  SUBCASE("no residence at all") {
    Person p;
    p.residence = std::nullopt;
    p.province_2025 = std::nullopt;
    const int64_t c = l.new_case(Date{2022, 8, 1}, p);
    CHECK_FALSE(support::beneficiary(*l.lib, c, std::nullopt, Date{2022, 9, 1}).province.has_value());
  }
}

TEST_CASE("support: a province whose name has a hyphen is found in the residence") {
  // 2004 province 77 is "Bà Rịa - Vũng Tàu" (merged into Hồ Chí Minh City, 79, in 2025).
  Library l;
  Person p;
  p.residence = "phường 1, thành phố Vũng Tàu, tỉnh Bà Rịa - Vũng Tàu";
  p.province_2025 = "79";
  const int64_t c = l.new_case(Date{2022, 8, 1}, p);
  CHECK(support::beneficiary(*l.lib, c, std::nullopt, Date{2022, 9, 1}).province == std::optional<std::string>("77"));
}

// --- Why the rules refuse a person ----------------------------------------------------------

TEST_CASE("support: ineligible names each condition the person does not meet") {
  const Date d{2022, 9, 15};
  const auto education = terms("education", d);  // Decree 09: victims, vn/stateless, poor households
  CHECK_FALSE(support::ineligible(education, victim_2022(), d).has_value());

  auto pending = victim_2022();
  pending.category = "pending";
  pending.identified_on = std::nullopt;
  auto why = support::ineligible(education, pending, d);
  REQUIRE(why);
  CHECK(contains(*why, "not for a person being identified"));

  auto minor_person = victim_2022();
  minor_person.category = "minor";
  why = support::ineligible(terms("legal_aid", d), minor_person, d);
  REQUIRE(why);
  CHECK(contains(*why, "not for a person under 18 accompanying a victim"));

  auto foreigner = victim_2022();
  foreigner.citizenship = "foreign";
  why = support::ineligible(education, foreigner, d);
  REQUIRE(why);
  CHECK(contains(*why, "citizenship"));
  CHECK_FALSE(support::ineligible(terms("meals", d), foreigner, d).has_value());  // meals: any citizenship
  auto stateless = victim_2022();
  stateless.citizenship = "stateless";
  CHECK_FALSE(support::ineligible(education, stateless, d).has_value());

  auto unknown_poor = victim_2022();
  unknown_poor.poor_household = std::nullopt;
  why = support::ineligible(education, unknown_poor, d);
  REQUIRE(why);
  CHECK(contains(*why, "poor households only"));
  CHECK(contains(*why, "does not say"));
  auto not_poor = victim_2022();
  not_poor.poor_household = false;
  why = support::ineligible(education, not_poor, d);
  REQUIRE(why);
  CHECK(contains(*why, "poor households only"));
  CHECK_FALSE(contains(*why, "does not say"));
  CHECK_FALSE(support::ineligible(terms("vocational_training", d), not_poor, d).has_value());  // no poor condition

  // A victim-only support needs the decision.
  auto no_decision = victim_2022();
  no_decision.identified_on = std::nullopt;
  why = support::ineligible(education, no_decision, d);
  REQUIRE(why);
  CHECK(contains(*why, "no decision identifying a victim"));

  // No category: not a person the rules support.
  auto nobody = victim_2022();
  nobody.category = "";
  nobody.case_status = "being_identified";
  why = support::ineligible(terms("meals", d), nobody, d);
  REQUIRE(why);
  CHECK(contains(*why, "not a person the rules support"));
}

TEST_CASE("support: ineligible by age, and with an unknown birth date") {
  const Date d{2025, 9, 5};
  const auto education = terms("education", d);  // Law 53/2024: under 18
  REQUIRE(education.entitlement->age_below == std::optional<int>(18));
  auto b = victim_2022();
  b.identified_on = Date{2025, 8, 20};
  b.birth = std::nullopt;
  auto why = support::ineligible(education, b, d);
  REQUIRE(why);
  CHECK(contains(*why, "under 18"));
  CHECK(contains(*why, "birth date is unknown"));
  b.birth = Date{2007, 9, 5};  // 18 that day
  why = support::ineligible(education, b, d);
  REQUIRE(why);
  CHECK(contains(*why, "under 18"));
  CHECK_FALSE(contains(*why, "unknown"));
  b.birth = Date{2007, 9, 6};  // 17 for one more day
  CHECK_FALSE(support::ineligible(education, b, d).has_value());
  // Only the year known: under 18 while one born on its 31 December would be (when in doubt, a
  // child), as refer and the reports count the same person.
  b.birth = Date{2007, 0, 0};
  CHECK_FALSE(support::ineligible(education, b, d).has_value());
  CHECK(support::ineligible(education, b, Date{2025, 12, 31}).has_value());
  b.birth = Date{2006, 0, 0};
  CHECK(support::ineligible(education, b, d).has_value());
  b.birth = Date{2007, 9, 6};
  b.category = "minor";
  CHECK_FALSE(support::ineligible(education, b, d).has_value());
}

// --- Deadlines ----------------------------------------------------------------------------------

TEST_CASE("support: deadline adds calendar months, clamped to the month's end") {
  hotro::rules::Terms t;
  hotro::rules::Resolved months;
  months.parameter = "application_deadline_months";
  months.unit = "months";
  t.deadline_months = months;
  support::Beneficiary b;
  const auto after = [&](Date from, int64_t n) {
    t.deadline_months->value = n;
    b.identified_on = from;
    return support::deadline(t, b);
  };
  CHECK(after(Date{2023, 1, 31}, 1) == std::optional<Date>(Date{2023, 2, 28}));
  CHECK(after(Date{2024, 1, 31}, 1) == std::optional<Date>(Date{2024, 2, 29}));  // leap year
  CHECK(after(Date{2024, 2, 29}, 12) == std::optional<Date>(Date{2025, 2, 28}));
  CHECK(after(Date{2025, 3, 31}, 1) == std::optional<Date>(Date{2025, 4, 30}));
  CHECK(after(Date{2025, 12, 15}, 1) == std::optional<Date>(Date{2026, 1, 15}));  // across the year
  CHECK(after(Date{2025, 11, 30}, 3) == std::optional<Date>(Date{2026, 2, 28}));
  CHECK(after(Date{2025, 1, 31}, 13) == std::optional<Date>(Date{2026, 2, 28}));
  CHECK(after(Date{2022, 8, 30}, 12) == std::optional<Date>(Date{2023, 8, 30}));
  CHECK(after(Date{2022, 8, 30}, 0) == std::optional<Date>(Date{2022, 8, 30}));
  CHECK(after(Date{2000, 2, 29}, 12 * 100) == std::optional<Date>(Date{2100, 2, 28}));  // 2100 is no leap year
  // Nothing to count from, or no number of months: no deadline.
  b.identified_on = std::nullopt;
  CHECK_FALSE(support::deadline(t, b).has_value());
  b.identified_on = Date{2022, 8, 30};
  t.deadline_months->value = std::nullopt;
  CHECK_FALSE(support::deadline(t, b).has_value());
  t.deadline_months = std::nullopt;
  CHECK_FALSE(support::deadline(t, b).has_value());
  // With the shipped rules: 12 months under Decree 09, none under Decree 162.
  auto v = victim_2022();
  CHECK(support::deadline(terms("initial_hardship", Date{2022, 9, 15}), v) == std::optional<Date>(Date{2023, 8, 30}));
  CHECK_FALSE(support::deadline(terms("initial_hardship", Date{2025, 9, 15}), v).has_value());
}

// --- Recording supports ---------------------------------------------------------------------

TEST_CASE("support: a per-day support is priced at the province's rate and stored with its rule") {
  HaGiangVictim v;
  const Date d{2022, 9, 15};
  auto in = v.input(v.c, "meals", d);
  in.days = 10;
  in.officer = "Chị Lan";
  const auto added = v.add(in);
  CHECK(added.amount == 600000);  // 60,000 a day (NQ 15/2020 Hà Giang) × 10
  CHECK(added.rule_id == "vn.decree09.meals");
  CHECK(added.overridden.empty());
  const auto t = terms("meals", d, std::string("02"));
  CHECK(v.field(added.id, "rule_id") == "vn.decree09.meals");
  CHECK(v.field(added.id, "rule_version") == t.version());
  CHECK(v.field(added.id, "rule_citation") == added.citation);
  CHECK(contains(added.citation, t.entitlement->citation));
  CHECK(contains(added.citation, "NQ 15/2020/NQ-HĐND Hà Giang (60.000 đồng/người/ngày)"));
  CHECK(v.field(added.id, "amount_vnd") == "600000");
  CHECK(v.field(added.id, "quantity") == "10");
  CHECK(v.field(added.id, "unit") == "per_day");
  CHECK(v.field(added.id, "province") == "02");
  CHECK(v.field(added.id, "status") == "proposed");
  CHECK(v.field(added.id, "override_reason") == "<null>");
  CHECK(v.field(added.id, "support_date") == "2022-09-15");
  // One event on the case's timeline, with its audit entry.
  const auto timeline = workflow::timeline(*v.lib, v.c);
  REQUIRE_FALSE(timeline.empty());
  const auto& e = timeline.back();
  CHECK(e.kind == "support_add");
  CHECK(e.date == "2022-09-15");
  CHECK(e.officer == "Chị Lan");
  CHECK(e.detail["support"] == added.id);
  CHECK(e.detail["days"] == 10);
  CHECK(e.detail["amount_vnd"] == 600000);
  CHECK(e.detail["rule"] == "vn.decree09.meals");
  CHECK(e.detail["rule_version"] == t.version());
  CHECK(query_int(*v.lib, "SELECT count(*) FROM audit WHERE json_extract(after, '$.event.kind') = 'support_add'") == 1);
  CHECK(hotro::audit::verify(*v.lib).problems.empty());
  // Used so far.
  const auto used = support::used(*v.lib, v.c, support::beneficiary(*v.lib, v.c, std::nullopt, d).person_id, "meals");
  CHECK(used.days == 10);
  CHECK(used.times == 1);
  CHECK(used.vnd == 600000);
}

TEST_CASE("support: more days than the cap are refused with the rule, or recorded with an override") {
  HaGiangVictim v;
  const Date d{2022, 9, 15};
  auto in = v.input(v.c, "meals", d);
  in.days = 80;
  v.add(in);
  in.days = 10;  // 90 days: the cap itself
  CHECK(v.add(in).amount == 600000);
  in.days = 1;
  const std::string msg = v.add_error(in, Exit::data);
  CHECK(contains(msg, "vn.decree09.meals"));
  CHECK(contains(msg, "Nghị định 09/2013/NĐ-CP Điều 19"));      // the entitlement's citation
  CHECK(contains(msg, "NQ 15/2020/NQ-HĐND Hà Giang (tối đa 3 tháng)"));  // the cap's
  CHECK(contains(msg, "90 days"));
  CHECK(contains(msg, "--override"));
  // A blank override is no override.
  in.override_reason = "   ";
  v.add_error(in, Exit::data);

  in.override_reason = "ở lại chờ phiên tòa";
  const int64_t audits = v.audit_entries();
  const auto added = v.add(in);
  REQUIRE(added.overridden.size() == 1);
  CHECK(contains(added.overridden[0], "90 days"));
  CHECK(v.field(added.id, "override_reason") == "ở lại chờ phiên tòa");
  CHECK(v.audit_entries() == audits + 1);
  CHECK(query_int(*v.lib, "SELECT count(*) FROM audit WHERE json_extract(after, '$.event.detail.override') = "
                          "'ở lại chờ phiên tòa' AND json_array_length(json_extract(after, '$.event.detail.refusals')) = 1") == 1);
  CHECK(support::used(*v.lib, v.c, support::beneficiary(*v.lib, v.c, std::nullopt, d).person_id, "meals").days == 91);
}

TEST_CASE("support: per-day supports need days and take no amount when the rules price them") {
  HaGiangVictim v;
  const Date d{2022, 9, 15};
  auto in = v.input(v.c, "meals", d);
  CHECK(contains(v.add_error(in, Exit::usage), "--days"));
  in.days = 0;
  v.add_error(in, Exit::usage);
  in.days = -3;
  v.add_error(in, Exit::usage);
  in.days = 5;
  in.amount = 500000;
  in.reason = "tiền ăn";
  const std::string msg = v.add_error(in, Exit::usage);
  CHECK(contains(msg, "leave out --amount"));
  CHECK(contains(msg, "60,000"));
  // --days on a support that is not per day.
  auto items = v.input(v.c, "personal_items", d);
  items.amount = 100000;
  items.reason = "quần áo";
  items.days = 2;
  CHECK(contains(v.add_error(items, Exit::usage), "not paid per day"));
}

TEST_CASE("support: an amount the rules do not know needs --amount and --reason") {
  Library l;
  Person p;
  p.name = "Nông Thị Hoa";
  p.residence = kCaoBang;
  p.province_2025 = "04";
  const int64_t c = l.new_case(Date{2021, 5, 1}, p);
  const Date d{2021, 5, 5};  // Circular 84/2019: meals rate left to provinces; Cao Bằng has none here
  auto in = l.input(c, "meals", d);
  in.days = 4;
  CHECK(contains(l.add_error(in, Exit::usage), "--amount"));
  in.amount = 280000;
  CHECK(contains(l.add_error(in, Exit::usage), "--reason"));
  in.reason = "   ";
  l.add_error(in, Exit::usage);
  in.reason = "tiền ăn 4 ngày theo mức của tỉnh";
  const auto added = l.add(in);
  CHECK(added.amount == 280000);
  CHECK(l.field(added.id, "quantity") == "4");
  CHECK(l.field(added.id, "reason") == "tiền ăn 4 ngày theo mức của tỉnh");
  CHECK(l.field(added.id, "province") == "<null>");  // priced by no provincial resolution
  CHECK(l.field(added.id, "rule_citation") == terms("meals", d).entitlement->citation);

  // The same under Decree 162/2025, where no amount is known at all.
  Person q;
  q.name = "Vàng Thị Sua";
  const int64_t c2 = l.new_case(Date{2025, 8, 1}, q);
  auto in2 = l.input(c2, "initial_hardship", Date{2025, 8, 5});
  workflow::start_verification(*l.lib, l.ctx, l.on(c2, Date{2025, 8, 2}));
  workflow::decide(*l.lib, l.ctx, l.on(c2, Date{2025, 8, 4}), true, l.certificate(Date{2025, 8, 4}), std::nullopt);
  CHECK(contains(l.add_error(in2, Exit::usage), "--amount"));
  in2.amount = 2000000;
  in2.reason = "trợ cấp ban đầu";
  const auto allowance = l.add(in2);
  CHECK(allowance.rule_id == "vn.decree162.initial_hardship");
  CHECK(allowance.amount == 2000000);
}

TEST_CASE("support: a national per-day rate applies where no resolution is in force") {
  Library l;
  Person p;
  p.name = "Nông Thị Hoa";
  p.residence = kCaoBang;
  p.province_2025 = "04";
  const int64_t c = l.new_case(Date{2015, 3, 1}, p);
  auto in = l.input(c, "meals", Date{2015, 3, 10});
  in.days = 5;
  const auto added = l.add(in);
  CHECK(added.amount == 150000);  // 30,000 a day (Joint Circular 134/2013 minimum) × 5
  CHECK(l.field(added.id, "province") == "<null>");
  CHECK(l.field(added.id, "rule_version") == terms("meals", Date{2015, 3, 10}).version());
  CHECK(contains(added.citation, "TTLT 134/2013"));
}

TEST_CASE("support: an actual cost over the cap is refused") {
  Library l;
  Person p;
  p.name = "Nông Thị Hoa";
  p.residence = kCaoBang;
  p.province_2025 = "04";
  const int64_t c = l.new_case(Date{2015, 3, 1}, p);
  auto in = l.input(c, "personal_items", Date{2015, 3, 10});
  CHECK(contains(l.add_error(in, Exit::usage), "--amount"));
  in.amount = 450000;
  in.reason = "quần áo, chăn màn";
  const std::string msg = l.add_error(in, Exit::data);
  CHECK(contains(msg, "vn.decree09.personal_items"));
  CHECK(contains(msg, "400,000"));
  CHECK(contains(msg, "TTLT 134/2013/TTLT-BTC-BLĐTBXH Điều 4 (tối đa 400.000 đồng/nạn nhân)"));
  in.amount = 400000;
  const auto added = l.add(in);
  CHECK(l.field(added.id, "amount_vnd") == "400000");
  CHECK(l.field(added.id, "quantity") == "<null>");
  CHECK(l.field(added.id, "unit") == "actual_cost");
  CHECK(l.field(added.id, "reason") == "quần áo, chăn màn");
  // Nothing is left of the cap (and the support is once only).
  in.amount = 1;
  const std::string again = l.add_error(in, Exit::data);
  CHECK(contains(again, "over the cap"));
  CHECK(contains(again, "already given 1 times"));

  // In Hà Giang in 2022 the cap is 500,000.
  HaGiangVictim v;
  auto hg = v.input(v.c, "personal_items", Date{2022, 9, 15});
  hg.amount = 450000;
  hg.reason = "quần áo";
  CHECK(v.add(hg).amount == 450000);
}

TEST_CASE("support: a negative amount is refused and nothing is stored") {
  HaGiangVictim v;
  auto in = v.input(v.c, "personal_items", Date{2022, 9, 15});
  in.amount = -5;
  in.reason = "sai";
  const int64_t rows = v.supports();
  bool refused = false;
  try {
    (void)v.add(in);
  } catch (const hotro::Error& e) {
    refused = e.code() == Exit::data || e.code() == Exit::usage;
  }
  CHECK(refused);
  CHECK(v.supports() == rows);
}

TEST_CASE("support: a once-only support twice is refused, a cancelled one does not count") {
  HaGiangVictim v;
  const Date d{2022, 9, 20};
  auto in = v.input(v.c, "initial_hardship", d);
  const auto first = v.add(in);
  CHECK(first.amount == 3000000);  // Hà Giang, poor household
  CHECK(first.rule_id == "vn.decree09.initial_hardship");
  const std::string msg = v.add_error(in, Exit::data);
  CHECK(contains(msg, "already given 1 times, at most 1"));
  CHECK(contains(msg, "vn.decree09.initial_hardship"));
  in.amount = 3000000;
  CHECK(contains(v.add_error(in, Exit::usage), "leave out --amount"));
  in.amount = std::nullopt;

  support::cancel(*v.lib, v.ctx, first.id, Date{2022, 9, 21}, "ghi nhầm hồ sơ");
  const int64_t person = support::beneficiary(*v.lib, v.c, std::nullopt, d).person_id;
  CHECK(support::used(*v.lib, v.c, person, "initial_hardship").times == 0);
  CHECK(support::used(*v.lib, v.c, person, "initial_hardship").vnd == 0);
  const auto second = v.add(in);
  CHECK(second.overridden.empty());
  CHECK(support::used(*v.lib, v.c, person, "initial_hardship").times == 1);
  CHECK(support::used(*v.lib, v.c, person, "initial_hardship").vnd == 3000000);
}

TEST_CASE("support: past the application deadline is refused (12 months from the certificate)") {
  HaGiangVictim v;  // certificate of 30/08/2022, decision of 31/08/2022
  auto in = v.input(v.c, "initial_hardship", Date{2023, 8, 31});
  const std::string msg = v.add_error(in, Exit::data);
  CHECK(contains(msg, "past the application deadline"));
  CHECK(contains(msg, "30/08/2023"));
  CHECK(contains(msg, "vn.decree09.initial_hardship"));
  CHECK(contains(msg, "Điều 23 khoản 3"));  // the deadline's citation
  in.date = Date{2023, 8, 30};  // the last day
  CHECK(v.add(in).amount == 3000000);
}

TEST_CASE("support: a person the rules do not cover is refused, an override records it") {
  Library l;
  const int64_t c = l.new_case(Date{2022, 8, 1});
  workflow::start_verification(*l.lib, l.ctx, l.on(c, Date{2022, 8, 2}));
  auto in = l.input(c, "legal_aid", Date{2022, 8, 10});  // Decree 09: victims only
  const std::string msg = l.add_error(in, Exit::data);
  CHECK(contains(msg, "not for a person being identified"));
  CHECK(contains(msg, "vn.decree09.legal_aid"));
  in.override_reason = "đã có quyết định của tòa";
  const auto added = l.add(in);
  CHECK(added.overridden.size() == 1);
  CHECK(l.field(added.id, "override_reason") == "đã có quyết định của tòa");
}

TEST_CASE("support: a service is given, not paid") {
  HaGiangVictim v;
  auto in = v.input(v.c, "legal_aid", Date{2022, 9, 15});
  in.amount = 100000;
  in.reason = "thù lao";
  CHECK(contains(v.add_error(in, Exit::usage), "is a service"));
  in.amount = std::nullopt;
  const auto added = v.add(in);
  CHECK(added.amount == 0);
  CHECK(v.field(added.id, "unit") == "service");
  CHECK(v.field(added.id, "amount_vnd") == "0");
  CHECK(v.field(added.id, "quantity") == "<null>");
}

TEST_CASE("support: dates outside the case, and kinds or days no rule covers, are refused") {
  HaGiangVictim v;  // intake 01/08/2022; today 30/06/2026
  auto in = v.input(v.c, "meals", Date{2022, 7, 31});
  in.days = 1;
  CHECK(contains(v.add_error(in, Exit::data), "before the intake"));
  in.date = Date{2026, 7, 1};
  in.amount = 100000;
  in.reason = "tiền ăn";
  CHECK(contains(v.add_error(in, Exit::data), "in the future"));
  CHECK(v.supports() == 0);
  auto interpretation = v.input(v.c, "interpretation", Date{2022, 9, 15});  // only from 01/07/2025
  const std::string msg = v.add_error(interpretation, Exit::data);
  CHECK(contains(msg, "no 'interpretation' support"));
  CHECK(contains(msg, "Nghị định 09/2013/NĐ-CP"));

  Library old;
  const int64_t c = old.new_case(Date{2013, 1, 2});
  auto early = old.input(c, "meals", Date{2013, 4, 14});
  early.days = 1;
  CHECK(contains(old.add_error(early, Exit::data), "no support rules are in force"));
  auto missing = old.input(9999, "meals", Date{2022, 9, 15});
  missing.days = 1;
  old.add_error(missing, Exit::noinput);
  auto no_agency = v.input(v.c, "legal_aid", Date{2022, 9, 15});
  no_agency.agency = "  ";
  v.add_error(no_agency, Exit::usage);
}

TEST_CASE("support: days × rate beyond int64 is refused as data, not wrapped") {
  HaGiangVictim v;
  auto in = v.input(v.c, "meals", Date{2022, 9, 15});
  in.days = std::numeric_limits<int64_t>::max() / 2;
  in.override_reason = "thử";  // the cap is not what stops it
  CHECK(contains(v.add_error(in, Exit::data), "too large"));
  in.days = std::numeric_limits<int64_t>::max() / 60000 + 1;  // just over
  v.add_error(in, Exit::data);
  in.days = std::numeric_limits<int64_t>::max() / 60000;  // just fits: the cap refuses it
  in.override_reason = std::nullopt;
  CHECK(contains(v.add_error(in, Exit::data), "90 days"));
}

// The days already given plus a huge request must not wrap around past the cap.
TEST_CASE("support: a huge --days with an unknown rate does not slip past the day cap") {
  Library l;
  Person p;
  p.name = "Nông Thị Hoa";
  p.residence = kCaoBang;
  p.province_2025 = "04";
  const int64_t c = l.new_case(Date{2021, 5, 1}, p);
  auto in = l.input(c, "meals", Date{2021, 5, 5});  // rate unknown nationally, 90 days at most
  in.days = 1;
  in.amount = 70000;
  in.reason = "tiền ăn";
  l.add(in);
  in.days = std::numeric_limits<int64_t>::max();
  l.add_error(in, Exit::data);
}

TEST_CASE("support: supports of a minor are the minor's own") {
  Library l;
  const auto [c, m] = l.new_case_with_minor(Date{2022, 8, 1});
  auto in = l.input(c, "meals", Date{2022, 9, 15});
  in.person_id = m;
  in.days = 90;
  const auto added = l.add(in);
  CHECK(l.field(added.id, "person_id") == std::to_string(m));
  CHECK(workflow::timeline(*l.lib, c).back().detail["person"] == m);
  // The case's person has their own 90 days.
  in.person_id = std::nullopt;
  CHECK(l.add(in).amount == 90 * 60000);
  // Legal aid under Decree 09 is for victims only.
  auto aid = l.input(c, "legal_aid", Date{2022, 9, 15});
  aid.person_id = m;
  CHECK(contains(l.add_error(aid, Exit::data), "not for a person under 18 accompanying a person being identified"));
}

// --- The status flow ----------------------------------------------------------------------------

TEST_CASE("support: proposed → approved → paid, and the refused steps") {
  HaGiangVictim v;
  auto in = v.input(v.c, "personal_items", Date{2022, 9, 15});
  in.amount = 300000;
  in.reason = "quần áo";
  const int64_t id = v.add(in).id;
  CHECK(v.status(id) == "proposed");

  CHECK(contains(error_of([&] { support::pay(*v.lib, v.ctx, id, Date{2022, 9, 16}, ""); }, Exit::data), "cannot become paid"));
  error_of([&] { support::approve(*v.lib, v.ctx, id, Date{2022, 9, 16}, " ", "Chủ tịch UBND huyện"); }, Exit::usage);
  error_of([&] { support::approve(*v.lib, v.ctx, id, Date{2022, 9, 16}, "15/QĐ-UBND", ""); }, Exit::usage);
  CHECK(contains(error_of([&] { support::approve(*v.lib, v.ctx, id, Date{2022, 9, 14}, "15/QĐ-UBND", "Chủ tịch UBND huyện"); },
                          Exit::data), "before the support's date"));
  CHECK(contains(error_of([&] { support::approve(*v.lib, v.ctx, id, Date{2026, 7, 1}, "15/QĐ-UBND", "Chủ tịch UBND huyện"); },
                          Exit::data), "in the future"));
  CHECK(v.status(id) == "proposed");

  support::approve(*v.lib, v.ctx, id, Date{2022, 9, 20}, "15/QĐ-UBND", "Chủ tịch UBND huyện Đồng Văn");
  CHECK(v.status(id) == "approved");
  CHECK(v.field(id, "decision_no") == "15/QĐ-UBND");
  CHECK(v.field(id, "decided_by") == "Chủ tịch UBND huyện Đồng Văn");
  CHECK(v.field(id, "decision_date") == "2022-09-20");
  CHECK(v.field(id, "paid_date") == "<null>");
  error_of([&] { support::approve(*v.lib, v.ctx, id, Date{2022, 9, 21}, "16/QĐ-UBND", "X"); }, Exit::data);

  support::pay(*v.lib, v.ctx, id, Date{2022, 9, 25}, "");
  CHECK(v.status(id) == "paid");
  CHECK(v.field(id, "paid_date") == "2022-09-25");
  CHECK(v.field(id, "decision_no") == "15/QĐ-UBND");  // kept
  CHECK(v.field(id, "decision_date") == "2022-09-20");
  error_of([&] { support::pay(*v.lib, v.ctx, id, Date{2022, 9, 26}, ""); }, Exit::data);
  CHECK(contains(error_of([&] { support::cancel(*v.lib, v.ctx, id, Date{2022, 9, 26}, "nhầm"); }, Exit::data),
                 "cannot become cancelled"));
  CHECK(v.status(id) == "paid");

  // Each step is one event and one audit entry; a payment is the giving agency's by default.
  const auto t = workflow::timeline(*v.lib, v.c);
  std::vector<std::string> kinds;
  for (const auto& e : t)
    if (e.kind.rfind("support_", 0) == 0) kinds.push_back(e.kind);
  CHECK(kinds == std::vector<std::string>{"support_add", "support_approved", "support_paid"});
  CHECK(t.back().agency == kAgency);
  CHECK(t.back().detail["support"] == id);
  CHECK(t.back().detail["status"] == "paid");
  CHECK(t[t.size() - 2].detail["decision_no"] == "15/QĐ-UBND");
  CHECK(t[t.size() - 2].detail["decided_by"] == "Chủ tịch UBND huyện Đồng Văn");
  CHECK(t[t.size() - 2].agency == kAgency);  // the decider's post is not taken for an agency
  CHECK(query_int(*v.lib, "SELECT count(*) FROM agency WHERE name LIKE 'Chủ tịch%'") == 0);
  CHECK(query_int(*v.lib, "SELECT count(*) FROM case_event e JOIN audit a ON a.id = e.audit_id "
                          "WHERE e.kind LIKE 'support_%'") == 3);
  CHECK(hotro::audit::verify(*v.lib).problems.empty());

  // A payment by another agency names it.
  const int64_t id2 = v.add(v.input(v.c, "legal_aid", Date{2022, 9, 15})).id;
  support::approve(*v.lib, v.ctx, id2, Date{2022, 9, 16}, "17/QĐ", "Giám đốc Sở Tư pháp", "Sở Tư pháp");
  support::pay(*v.lib, v.ctx, id2, Date{2022, 9, 17}, "Trung tâm trợ giúp pháp lý");
  int found = 0;
  for (const auto& e : workflow::timeline(*v.lib, v.c))
    if (e.kind == "support_paid" && e.detail["support"] == id2) {
      ++found;
      CHECK(e.agency == "Trung tâm trợ giúp pháp lý");
      CHECK(e.date == "2022-09-17");
    } else if (e.kind == "support_approved" && e.detail["support"] == id2) {
      ++found;
      CHECK(e.agency == "Sở Tư pháp");  // an approval by another agency names it
    }
  CHECK(found == 2);

  // A missing support.
  error_of([&] { support::approve(*v.lib, v.ctx, 9999, Date{2022, 9, 16}, "1", "X"); }, Exit::noinput);
  error_of([&] { support::pay(*v.lib, v.ctx, 9999, Date{2022, 9, 16}, ""); }, Exit::noinput);
  error_of([&] { support::cancel(*v.lib, v.ctx, 9999, Date{2022, 9, 16}, "x"); }, Exit::noinput);
}

TEST_CASE("support: a payment dated before the approval is refused") {
  HaGiangVictim v;
  auto in = v.input(v.c, "personal_items", Date{2022, 9, 15});
  in.amount = 300000;
  in.reason = "quần áo";
  const int64_t id = v.add(in).id;
  support::approve(*v.lib, v.ctx, id, Date{2022, 9, 20}, "15/QĐ-UBND", "Chủ tịch UBND huyện");
  error_of([&] { support::pay(*v.lib, v.ctx, id, Date{2022, 9, 18}, ""); }, Exit::data);
  CHECK(v.status(id) == "approved");
}

TEST_CASE("support: cancelling needs a reason, proposed and approved supports can be cancelled") {
  HaGiangVictim v;
  auto in = v.input(v.c, "legal_aid", Date{2022, 9, 15});
  const int64_t a = v.add(in).id, b = v.add(in).id;
  error_of([&] { support::cancel(*v.lib, v.ctx, a, Date{2022, 9, 16}, "  "); }, Exit::usage);
  CHECK(v.status(a) == "proposed");
  support::cancel(*v.lib, v.ctx, a, Date{2022, 9, 16}, "trùng");
  CHECK(v.status(a) == "cancelled");
  error_of([&] { support::cancel(*v.lib, v.ctx, a, Date{2022, 9, 17}, "lại"); }, Exit::data);
  error_of([&] { support::approve(*v.lib, v.ctx, a, Date{2022, 9, 17}, "1", "X"); }, Exit::data);
  support::approve(*v.lib, v.ctx, b, Date{2022, 9, 16}, "18/QĐ", "Sở Tư pháp");
  support::cancel(*v.lib, v.ctx, b, Date{2022, 9, 17}, "không cần nữa");
  CHECK(v.status(b) == "cancelled");
  CHECK(workflow::timeline(*v.lib, v.c).back().detail["reason"] == "không cần nữa");
  const int64_t person = support::beneficiary(*v.lib, v.c, std::nullopt, Date{2022, 9, 15}).person_id;
  CHECK(support::used(*v.lib, v.c, person, "legal_aid").times == 0);
}

// --- Lists and quotes ---------------------------------------------------------------------------

TEST_CASE("support: list filters by case, dates and status") {
  HaGiangVictim v;
  Person p;
  p.name = "Giàng Thị Dợ";
  const int64_t c2 = v.new_case(Date{2022, 8, 1}, p);
  auto meals = v.input(v.c, "meals", Date{2022, 9, 15});
  meals.days = 3;
  const int64_t s1 = v.add(meals).id;
  auto aid = v.input(v.c, "legal_aid", Date{2022, 10, 1});
  const int64_t s2 = v.add(aid).id;
  auto other = v.input(c2, "meals", Date{2022, 9, 1});
  other.days = 2;
  const int64_t s3 = v.add(other).id;
  support::approve(*v.lib, v.ctx, s1, Date{2022, 9, 16}, "15/QĐ", "UBND");
  support::pay(*v.lib, v.ctx, s1, Date{2022, 9, 17}, "");

  const auto ids = [](const std::vector<support::Row>& rows) {
    std::vector<int64_t> out;
    for (const auto& r : rows) out.push_back(r.id);
    return out;
  };
  CHECK(ids(support::list(*v.lib, {})) == std::vector<int64_t>{s3, s1, s2});  // by date
  support::ListFilter by_case;
  by_case.case_id = v.c;
  CHECK(ids(support::list(*v.lib, by_case)) == std::vector<int64_t>{s1, s2});
  support::ListFilter dates;
  dates.from = "2022-09-15";
  dates.to = "2022-10-01";  // inclusive both ends
  CHECK(ids(support::list(*v.lib, dates)) == std::vector<int64_t>{s1, s2});
  dates.to = "2022-09-30";
  CHECK(ids(support::list(*v.lib, dates)) == std::vector<int64_t>{s1});
  support::ListFilter paid;
  paid.status = "paid";
  CHECK(ids(support::list(*v.lib, paid)) == std::vector<int64_t>{s1});
  paid.case_id = c2;
  CHECK(support::list(*v.lib, paid).empty());

  const auto rows = support::list(*v.lib, by_case);
  const auto& r = rows[0];
  CHECK(r.case_id == v.c);
  CHECK(r.person_name == "Lò Thị Mai");
  CHECK(r.kind == "meals");
  CHECK(r.date == "2022-09-15");
  CHECK(r.agency == kAgency);
  CHECK(r.unit == "per_day");
  CHECK(r.status == "paid");
  CHECK(r.rule_id == "vn.decree09.meals");
  CHECK(contains(r.citation, "NQ 15/2020"));
  CHECK(r.quantity == std::optional<int64_t>(3));
  CHECK(r.amount == 180000);
  CHECK(r.decision_no == std::optional<std::string>("15/QĐ"));
  CHECK(r.paid_date == std::optional<std::string>("2022-09-17"));
  CHECK_FALSE(r.override_reason.has_value());
  CHECK(rows[1].kind == "legal_aid");
  CHECK_FALSE(rows[1].quantity.has_value());
  CHECK_FALSE(rows[1].paid_date.has_value());
}

TEST_CASE("support: a quote lists the terms in force with what is left") {
  HaGiangVictim v;
  auto meals = v.input(v.c, "meals", Date{2022, 9, 15});
  meals.days = 30;
  v.add(meals);
  const auto q = support::quote(*v.lib, book(), v.c, std::nullopt, Date{2022, 10, 1});
  CHECK(q.who.category == "victim");
  REQUIRE(q.national);
  CHECK(q.national->id == "vn.decree09");
  REQUIRE(q.province);
  CHECK(q.province->id == "02.nq15-2020");
  CHECK(q.lines.size() == 13);
  for (const auto& line : q.lines) {
    CAPTURE(line.terms.entitlement->kind);
    CHECK_FALSE(line.not_eligible.has_value());  // a poor-household Vietnamese victim gets everything
    if (line.terms.entitlement->kind == "meals") {
      CHECK(line.used.days == 30);
      CHECK(line.days_left == std::optional<int64_t>(60));
    }
    if (line.terms.entitlement->kind == "initial_hardship") {
      CHECK(line.deadline == std::optional<Date>(Date{2023, 8, 30}));
      CHECK(line.times_left == std::optional<int64_t>(1));
    }
    if (line.terms.entitlement->kind == "personal_items") CHECK(line.vnd_left == std::optional<int64_t>(500000));
  }
  // On 01/07/2025 the person is in Tuyên Quang (08) under Decree 162, with no resolution.
  const auto later = support::quote(*v.lib, book(), v.c, std::nullopt, Date{2025, 7, 1});
  CHECK(later.who.province == std::optional<std::string>("08"));
  CHECK(later.national->id == "vn.decree162");
  CHECK(later.province == nullptr);
}

TEST_CASE("support: a quote does not offer what support add would refuse: deadline gone, limits used up") {
  HaGiangVictim v;
  auto meals = v.input(v.c, "meals", Date{2022, 9, 15});
  meals.days = 90;  // Hà Giang: at most 90 days
  v.add(meals);
  auto items = v.input(v.c, "personal_items", Date{2022, 9, 15});
  items.amount = 500000;  // the cap, once
  items.reason = "quần áo";
  v.add(items);
  auto line = [](const support::Quote& q, const std::string& kind) {
    for (const auto& l : q.lines)
      if (l.terms.entitlement->kind == kind) return l;
    FAIL("no line for " << kind);
    return support::QuoteLine{};
  };
  // On the last day of the 12 months the allowance is still offered; the day after, not.
  const auto in_time = support::quote(*v.lib, book(), v.c, std::nullopt, Date{2023, 8, 30});
  CHECK_FALSE(line(in_time, "initial_hardship").not_eligible.has_value());
  const auto late = support::quote(*v.lib, book(), v.c, std::nullopt, Date{2023, 8, 31});
  const auto hardship = line(late, "initial_hardship").not_eligible;
  REQUIRE(hardship);
  CHECK(contains(*hardship, "past the application deadline"));
  const std::string refused = v.add_error(v.input(v.c, "initial_hardship", Date{2023, 8, 31}), Exit::data);
  CHECK(contains(refused, *hardship));  // the same words as the refusal
  const auto meals_line = line(late, "meals");
  REQUIRE(meals_line.not_eligible);
  CHECK(contains(*meals_line.not_eligible, "all 90 days used"));
  CHECK(meals_line.days_left == std::optional<int64_t>(0));
  const auto items_line = line(late, "personal_items").not_eligible;
  REQUIRE(items_line);
  CHECK(contains(*items_line, "already given 1 times, at most 1"));
  CHECK_FALSE(line(late, "travel_fare").not_eligible.has_value());  // no limit: still offered
}

// The rule loader checks kinds against rules::support_kinds(), a copy of the code list in
// schemas/0004_support.sql: the two must not drift apart.
TEST_CASE("support: the rule loader's support kinds are the library's code list, in order") {
  TempDir dir{"kinds"};
  auto db = new_library((dir.path() / "kinds.db").string());
  std::string kinds;
  for (const auto& k : hotro::rules::support_kinds()) kinds += (kinds.empty() ? "" : ",") + k;
  CHECK(query_text(*db, "SELECT group_concat(code, ',') FROM (SELECT code FROM code_list "
                        "WHERE list = 'support_kind' ORDER BY sort)") == kinds);
}
