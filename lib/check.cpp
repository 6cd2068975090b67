// SPDX-License-Identifier: MIT
#include "check.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "error.h"
#include "i18n.h"
#include "overdue.h"

namespace hotro::check {

namespace {

// A rule: a query that returns the ids it finds; ?1 is today's date (ISO).
struct SqlRule {
  const char* name;
  const char* entity;
  const char* title_vi;
  const char* title_en;
  const char* sql;
};

// Persons are those not merged into another (dedupe merge keeps the dropped row aside).
const SqlRule kSqlRules[] = {
    {"missing_sex", "person", "Thiếu giới tính", "Sex missing",
     "SELECT id FROM person WHERE merged_into IS NULL AND sex IS NULL"},
    {"missing_birth", "person", "Thiếu ngày hoặc năm sinh", "Birth date or year missing",
     "SELECT id FROM person WHERE merged_into IS NULL AND birth_date IS NULL"},
    {"missing_exploitation", "case", "Thiếu hình thức bị bóc lột", "Form of exploitation missing",
     "SELECT c.id FROM case_file c WHERE NOT EXISTS (SELECT 1 FROM case_exploitation x WHERE x.case_id = c.id)"},
    {"missing_destination", "case", "Bị mua bán ra nước ngoài nhưng thiếu nước đến",
     "Trafficked abroad but the destination country is missing",
     "SELECT id FROM case_file WHERE abroad = 1 AND destination_country IS NULL"},
    {"birth_after_intake", "case", "Ngày sinh sau ngày tiếp nhận", "Born after the intake date",
     "SELECT c.id FROM case_file c JOIN person p ON p.id = c.person_id "
     "WHERE p.birth_date IS NOT NULL AND substr(p.birth_date, 1, length(p.birth_date)) > "
     "substr(c.intake_date, 1, length(p.birth_date))"},
    {"intake_in_future", "case", "Ngày tiếp nhận trong tương lai", "Intake dated in the future",
     "SELECT id FROM case_file WHERE intake_date > ?1"},
    {"event_in_future", "case", "Sự kiện có ngày trong tương lai", "An event dated in the future",
     "SELECT DISTINCT case_id FROM case_event WHERE event_date > ?1"},
    {"event_before_intake", "case", "Sự kiện trước ngày tiếp nhận", "An event dated before the intake",
     "SELECT DISTINCT e.case_id FROM case_event e JOIN case_file c ON c.id = e.case_id "
     "WHERE e.event_date < c.intake_date"},
    {"identified_without_certificate", "case", "Xác định là nạn nhân nhưng không có giấy xác nhận",
     "Identified as a victim without a certificate",
     "SELECT c.id FROM case_file c WHERE c.status = 'identified' AND NOT EXISTS ("
     "SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.kind IN ('verify_decide', 'verify_correct') "
     "AND json_extract(e.detail, '$.certificate.number') IS NOT NULL)"},
    {"minor_referred_without_escort", "referral", "Người dưới 18 tuổi được chuyển tuyến không có người đi kèm",
     "A person under 18 referred without an escort",
     "SELECT r.id FROM referral r JOIN case_file c ON c.id = r.case_id JOIN person p ON p.id = c.person_id "
     "WHERE r.escort = 0 AND length(p.birth_date) IN (4, 10) "
     // With a birth year only, as `refer send` judges it: possibly under 18 (born 31/12 at the latest).
     "AND date(CASE length(p.birth_date) WHEN 4 THEN p.birth_date || '-12-31' ELSE p.birth_date END, "
     "'+18 years') > r.sent_date "
     "AND NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = r.case_id AND e.kind = 'refer_send' "
     "AND json_extract(e.detail, '$.referral') = r.id AND json_extract(e.detail, '$.forced') IS NOT NULL)"},
    {"two_open_cases", "person", "Một người có hai hồ sơ đang mở", "A person with two open cases",
     "SELECT person_id FROM case_file WHERE status IN ('received', 'being_identified') AND intake_date <= ?1 "
     "GROUP BY person_id HAVING count(*) > 1"},
    {"unknown_province_code", "person", "Mã tỉnh không có trong bộ mã của nó", "A province code not in its code set",
     "SELECT p.id FROM person p WHERE p.residence_province IS NOT NULL AND NOT EXISTS ("
     "SELECT 1 FROM admin_unit u WHERE u.code_set = coalesce(p.residence_code_set, '2025') "
     "AND u.code = p.residence_province AND u.level = 'province')"},
    // A residence is where the person lives now, so its code is judged against today (?1), not
    // the intake's date: a code moved by `hotro units remap` to the 2025 set is right even for a
    // case received in 2024; one still in the 2004 set after 30/06/2025 is out of date.
    {"outdated_province_code", "person", "Mã tỉnh thuộc bộ mã đã hết hiệu lực (chuyển bằng: hotro units remap)",
     "A province code of a code set no longer in force (move it with: hotro units remap)",
     "SELECT p.id FROM person p JOIN admin_unit u ON u.code_set = p.residence_code_set "
     "AND u.code = p.residence_province AND u.level = 'province' "
     "WHERE p.merged_into IS NULL AND u.valid_to IS NOT NULL AND u.valid_to < ?1"},
    // Left by migration 0010 (schemas/0010_fold_d_look_alikes.sql) with its old key, until one
    // of the two is merged into the other (schemas/0011_agency_merge.sql).
    {"agency_name_written_twice", "agency",
     "Cơ quan trùng tên với một cơ quan khác khi so không dấu (Ð/Đ; gộp bằng: hotro agency merge)",
     "An agency whose name matches another agency's once folded (Ð/Đ; merge with: hotro agency merge)",
     "SELECT a.id FROM agency a WHERE hotro_fold(a.name) <> a.name_folded "
     "AND NOT EXISTS (SELECT 1 FROM agency_merge m WHERE m.dropped_id = a.id AND m.undone_at IS NULL) "
     "AND EXISTS (SELECT 1 FROM agency b WHERE b.name_folded = hotro_fold(a.name) AND NOT EXISTS "
     "(SELECT 1 FROM agency_merge m WHERE m.dropped_id = b.id AND m.undone_at IS NULL))"},
    {"support_against_rules", "support", "Khoản hỗ trợ ghi nhận dù quy định từ chối (vượt mức, quá hạn, không thuộc đối tượng)",
     "Supports recorded although the rules refuse them (over a cap, late, not eligible)",
     "SELECT id FROM support WHERE override_reason IS NOT NULL AND status <> 'cancelled'"},
};

// The time limits of `case overdue`, one rule each.
struct OverdueRule {
  const char* name;
  const char* what;  // overdue::Item::what
  const char* entity;
  const char* title_vi;
  const char* title_en;
};
const OverdueRule kOverdueRules[] = {
    {"verification_not_started", "verification_start", "case", "Chưa bắt đầu xác minh trong thời hạn",
     "Verification not started in time"},
    {"verification_late", "verification", "case", "Xác minh quá thời hạn", "Verification past its time limit"},
    {"verification_past_maximum", "verification_max", "case", "Xác minh quá thời hạn tối đa",
     "Verification past the longest time allowed"},
    {"referral_unanswered", "referral", "referral", "Chuyển tuyến chưa được trả lời (10 ngày)",
     "Referral not answered (10 days)"},
};

}  // namespace

std::vector<std::string> rule_names() {
  std::vector<std::string> out;
  for (const auto& r : kSqlRules) out.push_back(r.name);
  for (const auto& r : kOverdueRules) out.push_back(r.name);
  return out;
}

std::vector<Finding> run(db::Database& db, const rules::RuleBook& book, const text::Date& today,
                         const std::vector<std::string>& only) {
  const auto names = rule_names();
  for (const auto& n : only)
    if (std::find(names.begin(), names.end(), n) == names.end())
      throw Error(Exit::usage, fmt::format(fmt::runtime(tr("không có quy tắc kiểm tra '{}' (có: {})",
                                                           "no check rule '{}' (known: {})")),
                                           n, fmt::join(names, ", ")));
  auto wanted = [&](const char* name) { return only.empty() || std::find(only.begin(), only.end(), name) != only.end(); };
  std::vector<Finding> out;
  for (const auto& r : kSqlRules) {
    if (!wanted(r.name)) continue;
    Finding f{r.name, r.entity, r.title_vi, r.title_en, {}};
    db::Statement st(db, r.sql);
    if (std::string(r.sql).find("?1") != std::string::npos) st.bind(1, today.iso());
    std::set<int64_t> ids;
    while (st.step()) ids.insert(st.int64(0));
    f.ids.assign(ids.begin(), ids.end());
    out.push_back(std::move(f));
  }
  bool any_overdue = std::any_of(std::begin(kOverdueRules), std::end(kOverdueRules),
                                 [&](const OverdueRule& r) { return wanted(r.name); });
  if (any_overdue) {
    overdue::Options o;
    o.on = today;
    o.within_days = -1;  // deadlines still open are not problems
    const auto late = overdue::find(db, book, o);
    for (const auto& r : kOverdueRules) {
      if (!wanted(r.name)) continue;
      Finding f{r.name, r.entity, r.title_vi, r.title_en, {}};
      std::set<int64_t> ids;
      for (const auto& i : late.items)
        if (i.what == r.what) ids.insert(i.referral_id ? *i.referral_id : i.case_id);
      f.ids.assign(ids.begin(), ids.end());
      out.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace hotro::check
