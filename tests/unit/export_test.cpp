// SPDX-License-Identifier: MIT
// lib/export.{h,cpp}: the CTDC age bands and k-anonymity by suppression.
#include <doctest/doctest.h>

#include <map>

#include "export.h"

using hotro::exporting::age_broad;
using hotro::exporting::make_k_anonymous;
using hotro::exporting::Table;

namespace {

// The size of the smallest group of identical rows (0 for no rows).
size_t smallest_group(const Table& t) {
  std::map<std::vector<std::string>, size_t> size;
  for (const auto& r : t.rows) ++size[r];
  size_t smallest = 0;
  for (const auto& [row, n] : size) smallest = smallest == 0 ? n : std::min(smallest, n);
  return smallest;
}

Table people(const std::vector<std::vector<std::string>>& rows) {
  return Table{{"year", "sex", "age"}, rows};
}

}  // namespace

TEST_CASE("export: CTDC ageBroad bands, edges included") {
  CHECK(age_broad(-1) == "");
  CHECK(age_broad(0) == "0--8");
  CHECK(age_broad(8) == "0--8");
  CHECK(age_broad(9) == "9--17");
  CHECK(age_broad(17) == "9--17");
  CHECK(age_broad(18) == "18--20");
  CHECK(age_broad(20) == "18--20");
  CHECK(age_broad(21) == "21--23");
  CHECK(age_broad(26) == "24--26");
  CHECK(age_broad(29) == "27--29");
  CHECK(age_broad(38) == "30--38");
  CHECK(age_broad(47) == "39--47");
  CHECK(age_broad(48) == "48+");
  CHECK(age_broad(90) == "48+");
}

TEST_CASE("export: a table already k-anonymous is left as it is") {
  Table t = people({{"2025", "F", "18--20"}, {"2025", "F", "18--20"}, {"2026", "M", "48+"},
                    {"2026", "M", "48+"}});
  const auto s = make_k_anonymous(t, 2, {{2}, {1}});
  CHECK(s.values == 0);
  CHECK(s.rows_dropped == 0);
  CHECK(t.rows.size() == 4);
}

TEST_CASE("export: small groups lose detail in the given order, then rows") {
  Table t = people({{"2025", "F", "18--20"}, {"2025", "F", "21--23"}, {"2025", "F", "24--26"},
                    {"2025", "M", "30--38"}, {"2025", "M", "48+"},
                    {"2026", "F", "9--17"}});
  const auto s = make_k_anonymous(t, 2, {{2}, {1}});
  // Ages go first: the three women of 2025 are one group, the two men another; the woman of
  // 2026 is alone even without age and sex, so her row is left out.
  CHECK(s.rows_dropped == 1);
  CHECK(t.rows.size() == 5);
  CHECK(smallest_group(t) >= 2);
  for (const auto& r : t.rows) CHECK(r[2].empty());
  CHECK(t.rows[0] == std::vector<std::string>{"2025", "F", ""});
  CHECK(t.rows[3] == std::vector<std::string>{"2025", "M", ""});
  CHECK(s.values == 7);  // six ages, then the 2026 row's sex
}

TEST_CASE("export: k larger than the table leaves nothing") {
  Table t = people({{"2025", "F", "18--20"}, {"2025", "F", "18--20"}});
  const auto s = make_k_anonymous(t, 11, {{2}, {1}, {0}});
  CHECK(t.rows.empty());
  CHECK(s.rows_dropped == 2);
}

TEST_CASE("export: every group of the result has at least k rows") {
  // A deterministic spread of 500 rows over many small combinations.
  Table t{{"a", "b", "c"}, {}};
  for (int i = 0; i < 500; ++i)
    t.rows.push_back({std::to_string(i % 3), std::to_string(i % 7), std::to_string(i % 11)});
  for (int k : {2, 5, 11, 30}) {
    CAPTURE(k);
    Table copy = t;
    make_k_anonymous(copy, k, {{2}, {1}});
    CHECK(smallest_group(copy) >= static_cast<size_t>(k));
  }
}
