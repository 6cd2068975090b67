// SPDX-License-Identifier: MIT
#include "overdue.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "support.h"
#include "workflow.h"

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

// A case as it stood on the date.
struct CaseOn {
  int64_t id = 0;
  std::string status;
  Date intake;
  std::optional<Date> verification_started;
  std::string person;
};

// Every case received by `on`, in id order, as it stood then. When a status event of the case is
// dated after `on` (verified, decided or closed later), its status is replayed from its events
// dated up to `on`; otherwise it is the recorded status (the same, and also right for cases an
// older system wrote without events).
std::vector<CaseOn> cases_on(db::Database& db, const Date& on) {
  struct Replay {
    workflow::Standing standing;
    bool later = false;
  };
  std::unordered_map<int64_t, Replay> replays;
  db::Statement ev(db, fmt::format("SELECT case_id, kind, event_date, detail FROM case_event "
                                   "WHERE kind IN ({}) ORDER BY case_id, event_date, id",
                                   workflow::kStatusEventKinds));
  while (ev.step()) {
    Replay& r = replays[ev.int64(0)];
    const Date date = *text::from_iso(ev.text(2));
    if (on < date) r.later = true;
    else r.standing.apply(ev.text(1), date, workflow::json::parse(ev.opt_text(3).value_or("{}"), nullptr, false));
  }
  std::vector<CaseOn> out;
  db::Statement st(db, "SELECT c.id, c.status, c.intake_date, p.full_name FROM case_file c "
                       "JOIN person p ON p.id = c.person_id WHERE c.intake_date <= ? ORDER BY c.id");
  st.bind(1, on.iso());
  while (st.step()) {
    CaseOn c{st.int64(0), st.text(1), *text::from_iso(st.text(2)), std::nullopt, st.text(3)};
    if (const auto it = replays.find(c.id); it != replays.end()) {
      c.verification_started = it->second.standing.verification_started;
      if (it->second.later) c.status = it->second.standing.status;
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

Result find(db::Database& db, const rules::RuleBook& book, const Options& o) {
  Result r;
  const std::vector<CaseOn> cases = cases_on(db, o.on);
  const auto status_on = [&](int64_t case_id) {
    const auto it = std::lower_bound(cases.begin(), cases.end(), case_id,
                                     [](const CaseOn& c, int64_t id) { return c.id < id; });
    return it != cases.end() && it->id == case_id ? it->status : std::string();
  };
  // Cases received but whose verification had not started on the date.
  for (const CaseOn& c : cases) {
    if (c.status != "received") continue;
    if (auto it = late_by(book.parameter("verification_start_days", c.intake), c.intake, o.on)) {
      it->what = "verification_start";
      it->case_id = c.id;
      it->person = c.person;
      r.items.push_back(*it);
    }
  }
  // Verifications started and not decided on the date: the usual limit, and the longest one
  // allowed, from the first start.
  for (const CaseOn& c : cases) {
    if (c.status != "being_identified" || !c.verification_started) continue;
    const Date start = *c.verification_started;
    auto usual = book.parameter("verification_days", start);
    auto longest = book.parameter("verification_max_days", start);
    if ((!usual || !usual->value) && (!longest || !longest->value)) {
      r.no_known_limit.push_back(c.id);
      continue;
    }
    std::optional<Item> it = late_by(longest, start, o.on);
    if (it) it->what = "verification_max";
    else if ((it = late_by(usual, start, o.on))) it->what = "verification";
    if (!it) continue;
    it->case_id = c.id;
    it->person = c.person;
    r.items.push_back(*it);
  }
  // Referrals the receiver had not answered by the date (Circular 35/2013 Art. 16(3): accept, or
  // refuse in writing with reasons; the number of days is the office's own rule). Answered: on
  // the date of its first answer event, or, for a referral answered without one (recorded by an
  // older system), on the date of its last step. Not those of a case closed on the date.
  {
    db::Statement st(db, "SELECT r.id, r.case_id, p.full_name, r.sent_date, a.name FROM referral r "
                         "JOIN case_file c ON c.id = r.case_id JOIN person p ON p.id = c.person_id "
                         "JOIN agency a ON a.id = r.to_agency_id WHERE r.sent_date <= ?1 AND coalesce("
                         "(SELECT min(e.event_date) FROM case_event e WHERE e.case_id = r.case_id AND e.kind IN "
                         "('refer_accept', 'refer_decline', 'refer_complete', 'refer_revoke') "
                         "AND json_extract(e.detail, '$.referral') = r.id), "
                         "CASE WHEN r.status <> 'sent' THEN r.updated_date END, '9999-12-31') > ?1 ORDER BY r.id");
    st.bind(1, o.on.iso());
    while (st.step()) {
      if (status_on(st.int64(1)) == "closed") continue;
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
    std::vector<int64_t> ids;
    if (book.national_on(o.on))
      for (const CaseOn& c : cases)
        if (c.status == "identified") ids.push_back(c.id);
    for (int64_t id : ids) {
      const auto q = support::quote(db, book, id, std::nullopt, o.on);
      for (const auto& line : q.lines) {
        // Not given by that day (a support given later does not make it given then).
        if ((line.not_eligible && !line.used_up) || !line.deadline || line.used.times > 0) continue;
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
