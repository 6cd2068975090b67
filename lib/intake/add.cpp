// SPDX-License-Identifier: MIT
#include "intake/add.h"

#include <fmt/format.h>

#include "cases.h"
#include "error.h"
#include "i18n.h"
#include "intake/store.h"
#include "text/unicode.h"

namespace hotro::intake {

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      parts.push_back(text::clean(s.substr(start, i - start)));
      start = i + 1;
    }
  return parts;
}

}  // namespace

Minor parse_minor(const CodeLists& codes, const std::string& spec, const text::Date& intake_date) {
  auto parts = split(spec, ';');
  if (parts.size() > 4 || parts[0].empty())
    throw Error(Exit::data,
                fmt::format(fmt::runtime(tr("--minor '{}': cần dạng NAME[;SEX[;BIRTH[;RELATION]]] "
                                            "(họ tên;giới tính;ngày sinh;quan hệ)",
                                            "--minor '{}': expected NAME[;SEX[;BIRTH[;RELATION]]]")),
                            spec));
  Minor m;
  m.full_name = parts[0];
  if (parts.size() > 1 && !parts[1].empty()) {
    m.sex = codes.find("sex", parts[1]);
    if (!m.sex)
      throw Error(Exit::data, fmt::format(fmt::runtime(tr("--minor '{}': giới tính không hợp lệ '{}'",
                                                          "--minor '{}': unknown sex '{}'")),
                                          spec, parts[1]));
  }
  if (parts.size() > 2 && !parts[2].empty()) {
    std::string why;
    m.birth = text::parse_date(parts[2], &why);
    if (!m.birth)
      throw Error(Exit::data, fmt::format(fmt::runtime(tr("--minor '{}': '{}' không phải là ngày: {}",
                                                          "--minor '{}': '{}' is not a date: {}")),
                                          spec, parts[2], why));
    int age = text::youngest_age_on(*m.birth, intake_date);
    if (age >= 18)
      throw Error(Exit::data,
                  fmt::format(fmt::runtime(tr("--minor '{}': {} tuổi vào ngày tiếp nhận; trẻ em đi "
                                              "cùng phải dưới 18 tuổi",
                                              "--minor '{}': {} years old on the intake date; an "
                                              "accompanying minor is under 18")),
                              spec, age));
    if (*m.birth > intake_date)
      throw Error(Exit::data, fmt::format(fmt::runtime(tr("--minor '{}': sinh sau ngày tiếp nhận",
                                                          "--minor '{}': born after the intake date")),
                                          spec));
  }
  if (parts.size() > 3 && !parts[3].empty()) m.relation = parts[3];
  return m;
}

AddResult add_case(db::Database& db, const audit::Context& ctx, const Record& r,
                   const std::vector<Minor>& minors, OnDuplicate on_duplicate) {
  db::Transaction tx(db);
  Store store(db);
  AddResult result;
  result.duplicate = store.find_duplicate(r);
  if (result.duplicate && on_duplicate == OnDuplicate::skip) {
    result.skipped = true;
    return result;
  }
  result.person_id = result.duplicate && on_duplicate == OnDuplicate::link
                         ? result.duplicate->person_id
                         : store.insert_person(r);
  result.case_id = store.insert_case(result.person_id, r, std::nullopt, content_hash(r));
  for (const Minor& m : minors) {
    Record mr;
    mr.full_name = m.full_name;
    mr.sex = m.sex;
    mr.birth = m.birth;
    mr.residence = r.residence;
    mr.residence_province = r.residence_province;
    store.add_minor(result.case_id, store.insert_person(mr), m.relation);
  }
  audit::Entry entry{"create", "case", audit::json::array({{result.case_id, result.case_id}}),
                     nullptr, *cases::load(db, result.case_id), nullptr};
  if (result.duplicate)
    entry.detail = {{"duplicate_of_person", result.duplicate->person_id},
                    {"reason", result.duplicate->reason}};
  audit::append(db, ctx, entry);
  tx.commit();
  return result;
}

}  // namespace hotro::intake
