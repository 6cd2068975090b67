// SPDX-License-Identifier: MIT
#include "overdue.h"

#include <algorithm>

#include "support.h"

namespace hotro::overdue {

namespace {

using text::Date;

// An item when `limit` days from `since` have passed by `on`; nothing when the rules give no
// figure (the case is then noted as having no known limit).
std::optional<Item> late_by(const std::optional<rules::Resolved>& limit, const Date& since, const Date& on) {
  if (!limit || !limit->value) return std::nullopt;
  Item it;
  it.since = since;
  it.due = text::add_days(since, *limit->value);
  it.late = on.days() - it.due.days();
  it.citation = limit->citation;
  it.certainty = limit->status;
  if (it.late <= 0) return std::nullopt;
  return it;
}

}  // namespace

Result find(db::Database& db, const rules::RuleBook& book, const Options& o) {
  Result r;
  // Cases received but whose verification has not started.
  {
    db::Statement st(db, "SELECT c.id, p.full_name, c.intake_date FROM case_file c JOIN person p ON p.id = c.person_id "
                         "WHERE c.status = 'received' AND c.intake_date <= ? ORDER BY c.id");
    st.bind(1, o.on.iso());
    while (st.step()) {
      const Date intake = *text::from_iso(st.text(2));
      if (auto it = late_by(book.parameter("verification_start_days", intake), intake, o.on)) {
        it->what = "verification_start";
        it->case_id = st.int64(0);
        it->person = st.text(1);
        r.items.push_back(*it);
      }
    }
  }
  // Verifications started and not decided: the usual limit, and the longest one allowed.
  {
    db::Statement st(db, "SELECT c.id, p.full_name, min(e.event_date) FROM case_file c "
                         "JOIN person p ON p.id = c.person_id "
                         "JOIN case_event e ON e.case_id = c.id AND e.kind = 'verify_start' "
                         "WHERE c.status = 'being_identified' GROUP BY c.id ORDER BY c.id");
    while (st.step()) {
      const Date start = *text::from_iso(st.text(2));
      auto usual = book.parameter("verification_days", start);
      auto longest = book.parameter("verification_max_days", start);
      if ((!usual || !usual->value) && (!longest || !longest->value)) {
        r.no_known_limit.push_back(st.int64(0));
        continue;
      }
      std::optional<Item> it = late_by(longest, start, o.on);
      if (it) it->what = "verification_max";
      else if ((it = late_by(usual, start, o.on))) it->what = "verification";
      if (!it) continue;
      it->case_id = st.int64(0);
      it->person = st.text(1);
      r.items.push_back(*it);
    }
  }
  // Referrals the receiver has not answered (Circular 35/2013 Art. 16(3): accept, or refuse in
  // writing with reasons; the number of days is the office's own rule).
  {
    db::Statement st(db, "SELECT r.id, r.case_id, p.full_name, r.sent_date, a.name FROM referral r "
                         "JOIN case_file c ON c.id = r.case_id JOIN person p ON p.id = c.person_id "
                         "JOIN agency a ON a.id = r.to_agency_id WHERE r.status = 'sent' ORDER BY r.id");
    while (st.step()) {
      rules::Resolved limit;
      limit.value = o.referral_days;
      limit.citation = "Thông tư 35/2013/TT-BLĐTBXH Điều 16 khoản 3 (tiếp nhận hoặc từ chối bằng văn bản); "
                       "số ngày: --referral-days";
      const Date sent = *text::from_iso(st.text(3));
      if (auto it = late_by(limit, sent, o.on)) {
        it->what = "referral";
        it->referral_id = st.int64(0);
        it->case_id = st.int64(1);
        it->person = st.text(2);
        it->detail = st.text(4);
        r.items.push_back(*it);
      }
    }
  }
  // Support applications due soon: identified victims not yet given a support that has an
  // application deadline, whose deadline falls within the next `within_days` days (none when
  // within_days is negative).
  if (o.within_days >= 0) {
    db::Statement st(db, "SELECT id FROM case_file WHERE status = 'identified' AND intake_date <= ? ORDER BY id");
    st.bind(1, o.on.iso());
    std::vector<int64_t> ids;
    if (book.national_on(o.on))
      while (st.step()) ids.push_back(st.int64(0));
    for (int64_t id : ids) {
      const auto q = support::quote(db, book, id, std::nullopt, o.on);
      for (const auto& line : q.lines) {
        if (line.not_eligible || !line.deadline || line.used.times > 0) continue;
        const long left = line.deadline->days() - o.on.days();
        if (left < 0 || left > o.within_days) continue;
        Item it;
        it.what = "support_deadline";
        it.case_id = id;
        it.person = q.who.name;
        it.since = *q.who.identified_on;
        it.due = *line.deadline;
        it.late = -left;
        it.detail = line.terms.entitlement->kind;
        it.citation = line.terms.deadline_months->citation;
        it.certainty = line.terms.deadline_months->status;
        r.items.push_back(it);
      }
    }
  }
  // By kind, in the order above, then the most late first.
  auto rank = [](const Item& i) {
    static const char* order[] = {"verification_start", "verification_max", "verification", "referral", "support_deadline"};
    return std::find_if(std::begin(order), std::end(order), [&](const char* w) { return i.what == w; }) - std::begin(order);
  };
  std::stable_sort(r.items.begin(), r.items.end(), [&](const Item& a, const Item& b) {
    return rank(a) != rank(b) ? rank(a) < rank(b) : a.late > b.late;
  });
  return r;
}

}  // namespace hotro::overdue
