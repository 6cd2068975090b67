// SPDX-License-Identifier: MIT
#include "support.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "agency.h"
#include "clock.h"
#include "codes.h"
#include "cases.h"
#include "error.h"
#include "i18n.h"
#include "money.h"
#include "text/unicode.h"
#include "workflow.h"

namespace hotro::support {

namespace {

using json = nlohmann::ordered_json;
using text::Date;

[[noreturn]] void refuse(const std::string& why) { throw Error(Exit::data, why); }

// The province code whose resolution applies to a person on a date. From 01/07/2025 the 2025
// code of the residence; before, the 2004-series province named in the residence text, else
// the 2004 code of a province the 2025 reorganisation left whole (one old code maps to it).
std::optional<std::string> province_on(db::Database& db, const std::optional<std::string>& residence,
                                       const std::optional<std::string>& province_2025, const Date& on) {
  if (Date{2025, 7, 1} <= on) return province_2025;
  if (residence) {
    const std::string parts[] = {province_part(*residence, ','), province_part(*residence, '-')};
    db::Statement st(db, "SELECT code, name FROM admin_unit WHERE code_set = '2004' AND level = 'province'");
    while (st.step()) {
      const std::string name = text::fold(st.text(1));
      if (name == parts[0] || name == parts[1]) return st.text(0);
    }
  }
  if (province_2025) {
    db::Statement st(db, "SELECT old_code FROM admin_unit_map WHERE old_set = '2004' AND new_set = '2025' "
                         "AND new_code = ?");
    st.bind(1, *province_2025);
    std::vector<std::string> old;
    while (st.step()) old.push_back(st.text(0));
    if (old.size() == 1) return old.front();
  }
  return std::nullopt;
}

std::string rule_words(const rules::Terms& t) {
  return fmt::format("[{}] {}", t.rule_id(), t.entitlement->citation);
}

struct SupportState {
  int64_t case_id = 0;
  std::string status;
  Date date;
  std::optional<Date> decided;  // the approval's date
};

SupportState load_support(db::Database& db, int64_t id) {
  db::Statement st(db, "SELECT case_id, status, support_date, decision_date FROM support WHERE id = ?");
  st.bind(1, id);
  if (!st.step())
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có khoản hỗ trợ #{}", "no support #{}")), id));
  SupportState s{st.int64(0), st.text(1), *text::from_iso(st.text(2)), std::nullopt};
  if (auto d = st.opt_text(3)) s.decided = text::from_iso(*d);
  return s;
}

const char* status_words(const std::string& s) {
  if (s == "proposed") return tr("đề xuất", "proposed");
  if (s == "approved") return tr("đã duyệt", "approved");
  if (s == "paid") return tr("đã chi trả", "paid");
  if (s == "cancelled") return tr("đã hủy", "cancelled");
  return "?";
}

// Moves a support to `to`; the event and audit entry carry `detail`. An approval is a new
// decision for the case, which the workflow refuses on a closed case; a payment or a
// cancellation of what was decided before is still recorded.
void move(db::Database& db, const audit::Context& ctx, int64_t id, const Date& date,
          const std::string& agency, const std::string& to, json detail,
          const std::vector<std::string>& from_allowed) {
  db::Transaction tx(db);
  const SupportState s = load_support(db, id);
  if (to == "approved") workflow::check_allowed(db, s.case_id, workflow::Step::support, date);
  if (std::find(from_allowed.begin(), from_allowed.end(), s.status) == from_allowed.end())
    refuse(fmt::format(fmt::runtime(tr("khoản hỗ trợ #{} đang ở trạng thái '{}', không thể chuyển sang '{}'",
                                       "support #{} is {}; it cannot become {}")),
                       id, status_words(s.status), status_words(to)));
  if (date < s.date)
    refuse(fmt::format(fmt::runtime(tr("ngày {} trước ngày hỗ trợ {}", "{} is before the support's date {}")),
                       date.display(), s.date.display()));
  if (to == "paid" && s.decided && date < *s.decided)
    refuse(fmt::format(fmt::runtime(tr("ngày chi trả {} trước ngày duyệt {}", "the payment date {} is before the approval on {}")),
                       date.display(), s.decided->display()));
  if (to == "cancelled" && s.decided && date < *s.decided)
    refuse(fmt::format(fmt::runtime(tr("ngày hủy {} trước ngày duyệt {}", "the cancellation date {} is before the approval on {}")),
                       date.display(), s.decided->display()));
  detail["support"] = id;
  detail["status"] = to;
  workflow::StepInput in{s.case_id, date, agency, std::nullopt};
  workflow::record_event(db, ctx, in, "support_" + to, detail);
  db::Statement upd(db, "UPDATE support SET status = ?2, updated_at = ?3, "
                        "decision_no = coalesce(?4, decision_no), decided_by = coalesce(?5, decided_by), "
                        "decision_date = CASE WHEN ?2 = 'approved' THEN ?6 ELSE decision_date END, "
                        "paid_date = CASE WHEN ?2 = 'paid' THEN ?6 ELSE paid_date END WHERE id = ?1");
  upd.bind(1, id).bind(2, to).bind(3, now_utc());
  upd.bind(4, detail.contains("decision_no") ? std::optional<std::string>(detail["decision_no"].get<std::string>())
                                             : std::nullopt);
  upd.bind(5, detail.contains("decided_by") ? std::optional<std::string>(detail["decided_by"].get<std::string>())
                                            : std::nullopt);
  upd.bind(6, date.iso()).run();
  tx.commit();
}

// The agency that gave a support (payments and cancellations are its events by default).
std::string support_agency(db::Database& db, int64_t id) {
  (void)load_support(db, id);  // names a missing support
  db::Statement st(db, "SELECT a.name FROM support s JOIN agency a ON a.id = s.agency_id WHERE s.id = ?");
  st.bind(1, id);
  return st.step() ? st.text(0) : std::string();
}

std::string required(const std::string& value, const char* vi, const char* en) {
  std::string clean = text::clean(value);
  if (clean.empty()) throw Error(Exit::usage, fmt::format(fmt::runtime(tr("thiếu {}", "missing {}")), tr(vi, en)));
  return clean;
}

}  // namespace

const char* category_words(const std::string& c) {
  if (c == "victim") return tr("nạn nhân", "an identified victim");
  if (c == "pending") return tr("người đang trong quá trình xác định là nạn nhân", "a person being identified as a victim");
  if (c == "minor") return tr("người dưới 18 tuổi đi cùng nạn nhân", "a person under 18 accompanying a victim");
  if (c == "minor_pending")
    return tr("người dưới 18 tuổi đi cùng người đang trong quá trình xác định là nạn nhân",
              "a person under 18 accompanying a person being identified as a victim");
  return "?";
}

Beneficiary beneficiary(db::Database& db, int64_t case_id, std::optional<int64_t> person_id, const Date& on) {
  db::Statement c(db, "SELECT person_id, status, intake_date FROM case_file WHERE id = ?");
  c.bind(1, case_id);
  if (!c.step())
    throw cases::no_such_case(case_id);
  Beneficiary b;
  b.case_id = case_id;
  b.case_status = c.text(1);
  b.intake = *text::from_iso(c.text(2));
  const int64_t case_person = c.int64(0);
  b.person_id = person_id.value_or(case_person);
  bool minor = false;
  if (b.person_id != case_person) {
    db::Statement m(db, "SELECT 1 FROM case_minor WHERE case_id = ? AND person_id = ?");
    m.bind(1, case_id).bind(2, b.person_id);
    if (!m.step())
      throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("người #{} không phải là người của hồ sơ #{} hay người dưới 18 tuổi đi cùng",
                                                             "person #{} is neither the person of case #{} nor an accompanying minor")),
                                             b.person_id, case_id));
    minor = true;
  }
  db::Statement p(db, "SELECT full_name, birth_date, poor_household, residence, residence_province, citizenship "
                      "FROM person WHERE id = ?");
  p.bind(1, b.person_id);
  if (!p.step()) throw Error(Exit::noinput, fmt::format("no person #{}", b.person_id));
  b.name = p.text(0);
  if (auto bd = p.opt_text(1)) b.birth = text::from_iso(*bd);
  if (auto ph = p.opt_int64(2)) b.poor_household = *ph != 0;
  b.province = province_on(db, p.opt_text(3), p.opt_text(4), on);
  b.citizenship_code = p.opt_text(5);
  if (b.citizenship_code) b.citizenship = *b.citizenship_code == "VN" ? "vn" : *b.citizenship_code == "stateless" ? "stateless" : "foreign";
  // The person's standing on the date (not today): the latest decision dated on or before it,
  // else "being identified" from the intake on. Deadlines run from the decision that the person
  // is a victim (its certificate's date when it has one).
  db::Statement d(db, "SELECT event_date, detail FROM case_event WHERE case_id = ? AND event_date <= ? AND "
                      "kind IN ('verify_decide', 'verify_correct') ORDER BY event_date DESC, id DESC LIMIT 1");
  d.bind(1, case_id).bind(2, on.iso());
  std::string standing = "being_identified";
  if (d.step()) {
    json detail = json::parse(d.text(1), nullptr, false);
    const bool victim = detail.is_object() && detail.value("result", "") == "victim";
    standing = victim ? "identified" : "not_victim";
    if (victim) {
      b.identified_on = text::from_iso(d.text(0));
      if (detail.contains("certificate"))
        if (auto cd = text::from_iso(detail["certificate"].value("date", ""))) b.identified_on = cd;
    }
  }
  b.case_status = standing;
  if (minor) {
    // Accompanying a victim, or a person being identified (Law 53/2024 Art. 37: a–h, or a–g),
    // while under 18 on the date: the companion who has come of age is supported no more.
    b.of_age = b.birth && text::youngest_age_on(*b.birth, on) >= 18;
    b.category = b.of_age                    ? ""
                 : standing == "identified"   ? "minor"
                 : standing == "being_identified" ? "minor_pending"
                                              : "";
  } else {
    b.category = standing == "identified" ? "victim" : standing == "being_identified" ? "pending" : "";
  }
  return b;
}

Usage used(db::Database& db, int64_t case_id, int64_t person_id, const std::string& kind,
           const std::optional<Date>& up_to) {
  db::Statement st(db, "SELECT coalesce(sum(CASE WHEN unit = 'per_day' THEN quantity ELSE 0 END), 0), "
                       "count(*), coalesce(sum(amount_vnd), 0) FROM support "
                       "WHERE case_id = ? AND person_id = ? AND kind = ? AND status <> 'cancelled' "
                       "AND (?4 IS NULL OR support_date <= ?4)");
  st.bind(1, case_id).bind(2, person_id).bind(3, kind);
  if (up_to) st.bind(4, up_to->iso());
  st.step();
  return {st.int64(0), st.int64(1), st.int64(2)};
}

std::optional<std::string> ineligible(const rules::Terms& terms, const Beneficiary& who, const Date& on) {
  const auto& e = *terms.entitlement;
  if (who.of_age)
    return fmt::format(fmt::runtime(tr("người đi cùng đã đủ 18 tuổi vào ngày {}: chỉ người dưới 18 tuổi đi cùng được hỗ trợ",
                                       "the companion is 18 or over on {}: only persons under 18 accompanying the "
                                       "victim are supported")),
                       on.display());
  if (who.category.empty())
    return who.case_status == "not_victim"
               ? std::string(tr("người này đã được xác định không phải là nạn nhân", "the person was found not to be a victim"))
               : std::string(tr("không thuộc đối tượng được hỗ trợ", "not a person the rules support"));
  if (std::find(e.who.begin(), e.who.end(), who.category) == e.who.end())
    return fmt::format(fmt::runtime(tr("chế độ này không dành cho {}", "this support is not for {}")),
                       category_words(who.category));
  if (std::find(e.citizenship.begin(), e.citizenship.end(), who.citizenship) == e.citizenship.end())
    return std::string(tr("chế độ này không dành cho người có quốc tịch này", "this support is not for this citizenship"));
  if (e.poor_household && *e.poor_household) {
    if (!who.poor_household)
      return std::string(tr("chỉ dành cho người thuộc hộ nghèo; hồ sơ chưa ghi hộ nghèo hay không",
                            "for poor households only; the record does not say whether the household is poor"));
    if (!*who.poor_household)
      return std::string(tr("chỉ dành cho người thuộc hộ nghèo", "for poor households only"));
  }
  if (e.age_below) {
    if (!who.birth)
      return fmt::format(fmt::runtime(tr("chỉ dành cho người dưới {} tuổi; chưa biết ngày sinh",
                                         "for persons under {} only; the birth date is unknown")), *e.age_below);
    if (text::youngest_age_on(*who.birth, on) >= *e.age_below)
      return fmt::format(fmt::runtime(tr("chỉ dành cho người dưới {} tuổi", "for persons under {} only")), *e.age_below);
  }
  if (e.who.size() == 1 && e.who[0] == "victim" && !who.identified_on)
    return std::string(tr("chưa có quyết định xác định là nạn nhân", "there is no decision identifying a victim"));
  return std::nullopt;
}

std::optional<Date> deadline(const rules::Terms& terms, const Beneficiary& who) {
  if (!terms.deadline_months || !terms.deadline_months->value || !who.identified_on) return std::nullopt;
  return text::add_months(*who.identified_on, *terms.deadline_months->value);
}

namespace {

// Why a support on `on` is past its application deadline, if it is.
std::optional<std::string> past_deadline(const rules::Terms& terms, const Beneficiary& who, const Date& on) {
  const auto last = deadline(terms, who);
  if (!last || !(*last < on)) return std::nullopt;
  return fmt::format(fmt::runtime(tr("quá thời hạn nộp đơn: {} tháng kể từ ngày xác nhận là nạn nhân ({}), hết ngày {} ({})",
                                     "past the application deadline: {} months from the victim certificate ({}), ended {} ({})")),
                     *terms.deadline_months->value, who.identified_on->display(), last->display(),
                     terms.deadline_months->citation);
}

// Why one more support is over its count limit, if it is.
std::optional<std::string> times_used_up(const rules::Terms& terms, const Usage& used) {
  if (!terms.max_times || !terms.max_times->value || used.times + 1 <= *terms.max_times->value) return std::nullopt;
  return fmt::format(fmt::runtime(tr("đã hỗ trợ {} lần, tối đa {} lần ({})", "already given {} times, at most {} ({})")),
                     used.times, *terms.max_times->value, terms.max_times->citation);
}

}  // namespace

Quote quote(db::Database& db, const rules::RuleBook& book, int64_t case_id, std::optional<int64_t> person_id,
            const Date& on) {
  Quote q;
  q.who = beneficiary(db, case_id, person_id, on);
  q.on = on;
  if (on < q.who.intake)
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("ngày {} trước ngày tiếp nhận {}", "{} is before the intake on {}")),
                                        on.display(), q.who.intake.display()));
  q.national = book.national_on(on);  // none: the quote says so (in_force gives no line)
  if (q.who.province) q.province = book.province_on(on, *q.who.province);
  for (auto& t : book.in_force(on, q.who.province)) {
    QuoteLine line;
    line.not_eligible = ineligible(t, q.who, on);
    line.used = used(db, case_id, q.who.person_id, t.entitlement->kind, on);
    // What is left counts every support of the kind, as `support add` does (a support dated
    // after the day takes its share of the cap too); the used column is the day's.
    const Usage all = used(db, case_id, q.who.person_id, t.entitlement->kind);
    if (t.max_days && t.max_days->value) line.days_left = std::max<int64_t>(0, *t.max_days->value - all.days);
    if (t.max_times && t.max_times->value) line.times_left = std::max<int64_t>(0, *t.max_times->value - all.times);
    if (t.cap && t.cap->value) line.vnd_left = std::max<int64_t>(0, *t.cap->value - all.vnd);
    line.deadline = deadline(t, q.who);
    // What `support add` would refuse on that date is not offered as an entitlement: the
    // deadline gone, the count, days or amount used up.
    if (!line.not_eligible) line.not_eligible = past_deadline(t, q.who, on);
    line.used_up = !line.not_eligible;  // until one of the refusals below proves otherwise
    if (!line.not_eligible) line.not_eligible = times_used_up(t, all);
    if (!line.not_eligible && line.days_left == 0)
      line.not_eligible = fmt::format(fmt::runtime(tr_n(*t.max_days->value, "đã dùng hết {} ngày ({})", "the {} day allowed is used ({})", "all {} days used ({})")),
                                      *t.max_days->value, t.max_days->citation);
    if (!line.not_eligible && line.vnd_left == 0)
      line.not_eligible = fmt::format(fmt::runtime(tr("đã dùng hết mức tối đa {} đồng ({})", "the cap of {} VND is used up ({})")),
                                      format_vnd(*t.cap->value), t.cap->citation);
    line.used_up = line.used_up && line.not_eligible;
    line.terms = std::move(t);
    q.lines.push_back(std::move(line));
  }
  return q;
}

Added add(db::Database& db, const audit::Context& ctx, const rules::RuleBook& book, const AddInput& in) {
  db::Transaction tx(db);
  workflow::check_allowed(db, in.case_id, workflow::Step::support, in.date);  // e.g. a closed case
  const Beneficiary who = beneficiary(db, in.case_id, in.person_id, in.date);
  auto terms = book.terms_for(in.kind, in.date, who.province);
  if (!terms)
    refuse(fmt::format(fmt::runtime(tr("không có chế độ '{}' trong quy định có hiệu lực ngày {} ({})",
                                       "there is no '{}' support in the rules in force on {} ({})")),
                       in.kind, in.date.display(), book.national_in_force(in.date).citation));
  const auto& e = *terms->entitlement;
  // Refusals the rules make; an override with a reason sets them aside, and says so.
  std::vector<std::string> refusals;
  if (auto why = ineligible(*terms, who, in.date)) refusals.push_back(*why);
  if (auto why = past_deadline(*terms, who, in.date)) refusals.push_back(*why);
  const Usage before = used(db, in.case_id, who.person_id, in.kind);
  if (auto why = times_used_up(*terms, before)) refusals.push_back(*why);

  // The amount, by the entitlement's unit.
  int64_t amount = 0;
  std::optional<int64_t> quantity;
  auto needs_amount = [&](const char* why_vi, const char* why_en) {
    if (!in.amount)
      throw Error(Exit::usage, fmt::format(fmt::runtime(tr("cần --amount VND và --reason: {}", "give --amount VND and --reason: {}")),
                                           tr(why_vi, why_en)));
    if (*in.amount <= 0)  // a slip, not a support: it would use up a once-only entitlement
      throw Error(Exit::usage, tr("--amount phải lớn hơn 0 đồng", "--amount must be more than 0 VND"));
    if (!in.reason || text::clean(*in.reason).empty())
      throw Error(Exit::usage, tr("--amount cần --reason (khoản chi cho việc gì)", "--amount needs --reason (what it pays for)"));
    return *in.amount;
  };
  if (e.unit == "per_day") {
    if (!in.days)
      throw Error(Exit::usage, fmt::format(fmt::runtime(tr("chế độ '{}' tính theo ngày: cần --days N", "'{}' is paid per day: give --days N")), in.kind));
    if (*in.days <= 0)
      throw Error(Exit::usage, fmt::format(fmt::runtime(tr("--days phải từ 1 trở lên, không phải {}", "--days must be 1 or more, not {}")),
                                           *in.days));
    quantity = *in.days;
    if (terms->rate && terms->rate->value) {
      if (in.amount)
        throw Error(Exit::usage, fmt::format(fmt::runtime(tr("số tiền do quy định tính ({} đồng/ngày, {}); bỏ --amount",
                                                             "the rules price it ({} VND a day, {}); leave out --amount")),
                                             format_vnd(*terms->rate->value), terms->rate->citation));
      amount = checked_mul(*terms->rate->value, *in.days);
    } else {
      amount = needs_amount("quy định có hiệu lực chưa có mức chi này", "the rules in force set no amount for it");
    }
    if (terms->max_days && terms->max_days->value && checked_add(before.days, *in.days) > *terms->max_days->value)
      refusals.push_back(fmt::format(fmt::runtime(tr("vượt quá {} ngày: đã hỗ trợ {} ngày, thêm {} ngày ({})",
                                                     "over the cap of {} days: {} days given, {} more asked ({})")),
                                     *terms->max_days->value, before.days, *in.days, terms->max_days->citation));
  } else if (in.days) {
    throw Error(Exit::usage, fmt::format(fmt::runtime(tr("chế độ '{}' không tính theo ngày: bỏ --days", "'{}' is not paid per day: leave out --days")), in.kind));
  } else if (e.unit == "once") {
    if (terms->rate && terms->rate->value) {
      if (in.amount)
        throw Error(Exit::usage, fmt::format(fmt::runtime(tr("số tiền do quy định tính ({} đồng, {}); bỏ --amount",
                                                             "the rules price it ({} VND, {}); leave out --amount")),
                                             format_vnd(*terms->rate->value), terms->rate->citation));
      amount = *terms->rate->value;
    } else {
      amount = needs_amount("quy định có hiệu lực chưa có mức chi này", "the rules in force set no amount for it");
    }
  } else if (e.unit == "actual_cost") {
    amount = needs_amount("chế độ này chi theo thực tế", "this support pays the actual cost");
    if (terms->cap && terms->cap->value && checked_add(before.vnd, amount) > *terms->cap->value)
      refusals.push_back(fmt::format(fmt::runtime(tr("vượt mức tối đa {} đồng: đã chi {} đồng, thêm {} đồng ({})",
                                                     "over the cap of {} VND: {} VND given, {} VND more asked ({})")),
                                     format_vnd(*terms->cap->value), format_vnd(before.vnd), format_vnd(amount),
                                     terms->cap->citation));
  } else {  // service: given, not paid in money
    if (in.amount)
      throw Error(Exit::usage, fmt::format(fmt::runtime(tr("chế độ '{}' là dịch vụ, không chi tiền: bỏ --amount",
                                                           "'{}' is a service, not money: leave out --amount")), in.kind));
  }

  if (!refusals.empty() && !(in.override_reason && !text::clean(*in.override_reason).empty())) {
    std::string all;
    for (const auto& r : refusals) all += (all.empty() ? "" : "; ") + r;
    refuse(fmt::format(fmt::runtime(tr("từ chối: {} — {}. Nếu vẫn ghi nhận, dùng --override LÝ_DO (được ghi vào nhật ký)",
                                       "refused: {} — {}. To record it anyway, use --override REASON (audited)")),
                       all, rule_words(*terms)));
  }

  Added out;
  out.amount = amount;
  out.rule_id = terms->rule_id();
  std::string citation = e.citation;
  if (terms->rate && terms->rate->value) citation += "; " + terms->rate->citation;
  out.citation = citation;
  if (!refusals.empty()) out.overridden = refusals;

  const int64_t agency_id = find_or_add_agency(db, required(in.agency, "cơ quan (--agency)", "the agency (--agency)"));
  db::Statement ins(db, "INSERT INTO support (case_id, person_id, kind, support_date, agency_id, quantity, unit, "
                        "amount_vnd, province, rule_id, rule_version, rule_citation, override_reason, reason, row_key, "
                        "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  const std::string now = now_utc();
  ins.bind(1, in.case_id).bind(2, who.person_id).bind(3, in.kind).bind(4, in.date.iso()).bind(5, agency_id);
  ins.bind(6, quantity).bind(7, e.unit).bind(8, amount).bind(9, terms->province ? who.province : std::nullopt);
  ins.bind(10, out.rule_id).bind(11, terms->version()).bind(12, citation);
  ins.bind(13, refusals.empty() ? std::nullopt : in.override_reason).bind(14, in.reason).bind(15, in.row_key);
  ins.bind(16, now).bind(17, now).run();
  out.id = db.last_insert_id();

  json detail{{"support", out.id}, {"kind", in.kind}, {"amount_vnd", amount}, {"rule", out.rule_id},
              {"rule_version", terms->version()}};
  if (in.person_id) detail["person"] = who.person_id;
  if (quantity) detail["days"] = *quantity;
  if (in.reason) detail["reason"] = *in.reason;
  if (!refusals.empty()) {
    detail["override"] = *in.override_reason;
    detail["refusals"] = refusals;
  }
  workflow::StepInput step{in.case_id, in.date, in.agency, in.officer};
  workflow::record_event(db, ctx, step, "support_add", detail);
  tx.commit();
  return out;
}

void approve(db::Database& db, const audit::Context& ctx, int64_t id, const Date& date,
             const std::string& decision_no, const std::string& decided_by, const std::string& agency) {
  json detail{{"decision_no", required(decision_no, "số quyết định (--decision)", "the decision number (--decision)")},
              {"decided_by", required(decided_by, "người/cơ quan quyết định (--by)", "who decided (--by)")}};
  // The decider is often a post ("Giám đốc ...", "Chủ tịch UBND ..."), kept in the record and
  // the event's detail; the event is an agency's, by default the one that gives the support.
  const std::string approver = text::clean(agency).empty() ? support_agency(db, id) : agency;
  move(db, ctx, id, date, approver, "approved", detail, {"proposed"});
}

void pay(db::Database& db, const audit::Context& ctx, int64_t id, const Date& date, const std::string& agency) {
  const std::string payer = text::clean(agency).empty() ? support_agency(db, id) : agency;
  move(db, ctx, id, date, payer, "paid", json::object(), {"approved"});
}

void cancel(db::Database& db, const audit::Context& ctx, int64_t id, const Date& date, const std::string& reason) {
  json detail{{"reason", required(reason, "lý do (--reason)", "the reason (--reason)")}};
  move(db, ctx, id, date, support_agency(db, id), "cancelled", detail, {"proposed", "approved"});
}

std::vector<Row> list(db::Database& db, const ListFilter& f) {
  if (f.case_id) {  // a case with no support lists nothing; a case that does not exist is an error
    db::Statement c(db, "SELECT 1 FROM case_file WHERE id = ?");
    c.bind(1, *f.case_id);
    if (!c.step())
      throw cases::no_such_case(*f.case_id);
  }
  db::Statement st(db, "SELECT s.id, s.case_id, s.person_id, p.full_name, s.kind, s.support_date, "
                       "coalesce(a.name, ''), s.unit, s.status, s.rule_id, s.rule_citation, s.quantity, s.amount_vnd, "
                       "s.decision_no, s.override_reason, s.reason, s.paid_date "
                       "FROM support s JOIN person p ON p.id = s.person_id LEFT JOIN agency a ON a.id = s.agency_id "
                       "WHERE (?1 IS NULL OR s.case_id = ?1) "
                       "AND (?2 IS NULL OR (CASE WHEN ?5 THEN s.paid_date ELSE s.support_date END) >= ?2) "
                       "AND (?3 IS NULL OR (CASE WHEN ?5 THEN s.paid_date ELSE s.support_date END) <= ?3) "
                       "AND (?4 IS NULL OR s.status = ?4) AND (?6 IS NULL OR s.agency_id IN " +
                       agency::named_ids_sql(6) + ") ORDER BY s.support_date, s.id");
  st.bind(1, f.case_id).bind(2, f.from).bind(3, f.to).bind(4, f.status).bind(5, f.by_paid_date ? 1 : 0);
  st.bind(6, f.agency ? std::optional<std::string>(text::fold(*f.agency)) : std::nullopt);
  std::vector<Row> out;
  while (st.step()) {
    Row r;
    r.id = st.int64(0);
    r.case_id = st.int64(1);
    r.person_id = st.int64(2);
    r.person_name = st.text(3);
    r.kind = st.text(4);
    r.date = st.text(5);
    r.agency = st.text(6);
    r.unit = st.text(7);
    r.status = st.text(8);
    r.rule_id = st.text(9);
    r.citation = st.text(10);
    r.quantity = st.opt_int64(11);
    r.amount = st.int64(12);
    r.decision_no = st.opt_text(13);
    r.override_reason = st.opt_text(14);
    r.reason = st.opt_text(15);
    r.paid_date = st.opt_text(16);
    out.push_back(std::move(r));
  }
  return out;
}

Estimate estimate(db::Database& db, const rules::RuleBook& book, int year, std::optional<int64_t> persons,
                  const std::optional<std::string>& province) {
  Estimate e;
  e.year = year;
  e.persons = persons;
  const Date jan1{year, 1, 1};
  e.national = &book.national_in_force(jan1);
  if (province) e.province = book.province_on(jan1, *province);
  const std::string from = Date{year - 1, 1, 1}.iso(), to = Date{year - 1, 12, 31}.iso();
  {
    db::Statement st(db, "SELECT count(DISTINCT person_id) FROM support WHERE status <> 'cancelled' "
                         "AND support_date BETWEEN ? AND ?");
    st.bind(1, from).bind(2, to);
    st.step();
    e.persons_last_year = st.int64(0);
  }
  if (persons && e.persons_last_year == 0)
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("năm {} không có khoản hỗ trợ nào để tính theo số người",
                                                        "there are no supports in {} to scale to a number of persons")),
                                        year - 1));
  // Scales a figure of last year to the caseload asked for, rounding half up.
  auto scaled = [&](int64_t x) {
    if (!persons) return x;
    return (checked_mul(x, *persons) * 2 + e.persons_last_year) / (2 * e.persons_last_year);
  };
  db::Statement st(db, "SELECT kind, count(DISTINCT person_id), count(*), coalesce(sum(quantity), 0), sum(amount_vnd) "
                       "FROM support WHERE status <> 'cancelled' AND support_date BETWEEN ? AND ? GROUP BY kind");
  st.bind(1, from).bind(2, to);
  std::map<std::string, std::array<int64_t, 4>> last;
  while (st.step()) last[st.text(0)] = {st.int64(1), st.int64(2), st.int64(3), st.int64(4)};
  for (const auto& kind : rules::support_kinds()) {
    auto it = last.find(kind);
    if (it == last.end()) continue;
    EstimateLine l;
    l.kind = kind;
    l.persons = scaled(it->second[0]);
    l.supports = scaled(it->second[1]);
    l.quantity = scaled(it->second[2]);
    l.last_year_vnd = scaled(it->second[3]);
    auto terms = book.terms_for(kind, jan1, province);
    if (!terms) {
      l.basis = tr("không có chế độ này trong quy định có hiệu lực", "no such support in the rules in force");
      l.certainty = rules::Certainty::unconfirmed;
    } else {
      const auto& ent = *terms->entitlement;
      l.unit = ent.unit;
      l.certainty = terms->certainty();
      if (ent.unit == "service") {
        l.vnd = 0;
        l.basis = tr("dịch vụ, không chi tiền", "a service, no money");
      } else if (ent.unit == "actual_cost") {
        l.vnd = l.last_year_vnd;
        l.basis = tr("theo thực tế: bằng số đã chi năm trước", "actual cost: last year's spending");
      } else if (terms->rate && terms->rate->value) {
        l.rate = *terms->rate->value;
        l.vnd = checked_mul(*l.rate, ent.unit == "per_day" ? l.quantity : l.supports);
        l.basis = terms->rate->citation;
      } else {
        l.basis = tr("quy định chưa có mức chi", "the rules set no amount");
      }
    }
    if (l.vnd) e.total = checked_add(e.total, *l.vnd);
    else ++e.unpriced;
    e.lines.push_back(std::move(l));
  }
  return e;
}

Settlement settle(db::Database& db, const std::string& from, const std::string& to,
                  const std::optional<std::string>& agency) {
  Settlement out;
  ListFilter f;
  f.from = from;
  f.to = to;
  f.by_paid_date = true;
  f.status = "paid";
  f.agency = agency;
  out.rows = list(db, f);
  std::map<std::pair<std::string, std::string>, std::pair<SettleGroup, std::set<int64_t>>> groups;
  std::set<int64_t> everyone;
  for (const auto& r : out.rows) {
    auto& [g, persons] = groups[{r.kind, r.agency}];
    g.kind = r.kind;
    g.agency = r.agency;
    ++g.supports;
    g.vnd = checked_add(g.vnd, r.amount);
    persons.insert(r.person_id);
    everyone.insert(r.person_id);
    out.total = checked_add(out.total, r.amount);
  }
  // In the order of the support kinds, then by agency.
  for (const auto& kind : rules::support_kinds())
    for (auto& [key, value] : groups)
      if (key.first == kind) {
        value.first.persons = static_cast<int64_t>(value.second.size());
        out.groups.push_back(value.first);
      }
  out.persons = static_cast<int64_t>(everyone.size());
  return out;
}

}  // namespace hotro::support
