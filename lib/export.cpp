// SPDX-License-Identifier: MIT
#include "export.h"

#include <algorithm>
#include <map>

#include "text/dates.h"

namespace hotro::exporting {

namespace {

// The cases with what both tables need; exploitation forms as "a;b" (sorted).
constexpr const char* kCaseQuery = R"(
SELECT c.id, p.id, c.intake_date, c.intake_channel, ra.name, sa.name, p.sex, p.birth_year,
       p.birth_date, p.ethnicity, p.residence_province, c.abroad, c.destination_country,
       (SELECT group_concat(form, ';') FROM
          (SELECT form FROM case_exploitation e WHERE e.case_id = c.id ORDER BY form)),
       p.poor_household, c.status, p.full_name, p.citizen_id, p.residence, c.note, p.citizenship
FROM case_file c
JOIN person p ON p.id = c.person_id
LEFT JOIN agency ra ON ra.id = c.receiving_agency_id
LEFT JOIN agency sa ON sa.id = c.source_agency_id
WHERE (?1 IS NULL OR c.intake_date >= ?1) AND (?2 IS NULL OR c.intake_date <= ?2)
ORDER BY c.intake_date, c.id)";

std::string text_or_empty(const db::Statement& st, int col) {
  return st.is_null(col) ? std::string() : st.text(col);
}

void bind_period(db::Statement& st, const std::optional<Period>& period) {
  if (period) st.bind(1, period->from.iso()).bind(2, period->to.iso());
}

// Age in whole years on the intake date; with only a birth year, the least it can be (as if
// born on 31 December), as `refer send` and the support rules judge it. -1 when unknown.
int age_at_intake(const std::string& birth, const std::string& intake) {
  const auto b = text::from_iso(birth), i = text::from_iso(intake);
  if (!b || !i) return -1;
  const int age = text::youngest_age_on(*b, *i);
  // Born in the year of the intake, known by the year only: under a year old, not unknown.
  if (age < 0 && b->year_only() && b->year == i->year) return 0;
  return age;
}

}  // namespace

std::string age_broad(int age) {
  if (age < 0) return "";
  if (age <= 8) return "0--8";
  if (age <= 17) return "9--17";
  if (age <= 20) return "18--20";
  if (age <= 23) return "21--23";
  if (age <= 26) return "24--26";
  if (age <= 29) return "27--29";
  if (age <= 38) return "30--38";
  if (age <= 47) return "39--47";
  return "48+";
}

Table cases(db::Database& db, const std::optional<Period>& period, bool include_pii) {
  Table t;
  t.columns = {"case_id", "person_id", "intake_date", "intake_channel", "receiving_agency",
               "source_agency", "sex", "birth_year", "age_at_intake", "ethnicity",
               "residence_province", "abroad", "destination_country", "exploitation",
               "poor_household", "status", "citizenship"};
  if (include_pii)
    for (const char* c : {"full_name", "birth_date", "citizen_id", "residence", "note"})
      t.columns.push_back(c);
  db::Statement st(db, kCaseQuery);
  bind_period(st, period);
  while (st.step()) {
    const std::string birth = text_or_empty(st, 8);
    const int age = age_at_intake(birth, st.text(2));
    std::vector<std::string> row;
    for (int col = 0; col <= 7; ++col) row.push_back(text_or_empty(st, col));
    row.push_back(age < 0 ? "" : std::to_string(age));
    for (int col = 9; col <= 15; ++col) row.push_back(text_or_empty(st, col));
    row.push_back(text_or_empty(st, 20));
    if (include_pii) {
      row.push_back(text_or_empty(st, 16));
      row.push_back(birth);
      for (int col = 17; col <= 19; ++col) row.push_back(text_or_empty(st, col));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

Suppression make_k_anonymous(Table& t, int k, const std::vector<std::vector<int>>& suppress_order) {
  Suppression done;
  const auto small_groups = [&] {
    std::map<std::vector<std::string>, int> size;
    for (const auto& r : t.rows) ++size[r];
    std::vector<bool> small(t.rows.size());
    for (size_t i = 0; i < t.rows.size(); ++i) small[i] = size[t.rows[i]] < k;
    return small;
  };
  for (const auto& columns : suppress_order) {
    const std::vector<bool> small = small_groups();
    for (size_t i = 0; i < t.rows.size(); ++i) {
      if (!small[i]) continue;
      for (int c : columns)
        if (!t.rows[i][c].empty()) {
          t.rows[i][c].clear();
          ++done.values;
        }
    }
  }
  const std::vector<bool> small = small_groups();
  std::vector<std::vector<std::string>> kept;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    if (small[i]) ++done.rows_dropped;
    else kept.push_back(std::move(t.rows[i]));
  }
  t.rows = std::move(kept);
  return done;
}

Table anonymised(db::Database& db, const std::optional<Period>& period, int k,
                 Suppression* what_was_suppressed) {
  Table t;
  t.columns = {"yearOfRegistration", "gender", "ageBroad", "majorityStatus", "citizenship",
               "CountryOfExploitation", "isSexualExploit", "isForcedLabour", "isForcedMarriage",
               "isOrganRemoval", "isOtherExploit"};
  db::Statement st(db, kCaseQuery);
  bind_period(st, period);
  while (st.step()) {
    const std::string intake = st.text(2);
    const int age = age_at_intake(text_or_empty(st, 8), intake);
    const std::string sex = text_or_empty(st, 6);
    const std::string forms = ";" + text_or_empty(st, 13) + ";";
    const auto has = [&](const char* form) {
      return forms.find(std::string(";") + form + ";") != std::string::npos;
    };
    const bool known_forms = forms != ";;" && forms != ";unknown;";
    const auto flag = [&](bool v) { return known_forms ? std::string(v ? "1" : "0") : std::string(); };
    const bool other = has("child_sale") || has("foetus_sale") || has("surrogacy") ||
                       has("forced_crime") || has("other");
    // CountryOfExploitation: the destination abroad, Viet Nam for trafficking at home.
    std::string country;
    if (!st.is_null(11)) country = st.int64(11) ? text_or_empty(st, 12) : "VN";
    t.rows.push_back({intake.substr(0, 4), sex == "F" ? "Female" : sex == "M" ? "Male" : "",
                      age_broad(age), age < 0 ? "" : age < 18 ? "Minor" : "Adult", text_or_empty(st, 20), country,
                      flag(has("sexual")), flag(has("forced_labour")), flag(has("forced_marriage")),
                      flag(has("organ_removal")), flag(other)});
  }
  // The least useful detail goes first; year, sex and majority are kept longest. (Citizenship
  // early: a foreign victim is rare in these lists, so it singles a person out.)
  const Suppression s = make_k_anonymous(t, k, {{2}, {4}, {5}, {6, 7, 8, 9, 10}, {1}, {3}});
  if (what_was_suppressed) *what_was_suppressed = s;
  // Sorted by value: the order of intake would otherwise tell which row is whose.
  std::sort(t.rows.begin(), t.rows.end());
  return t;
}

}  // namespace hotro::exporting
