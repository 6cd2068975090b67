// SPDX-License-Identifier: MIT
#include "report/engine.h"

#include <algorithm>
#include <array>
#include <deque>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "error.h"
#include "i18n.h"
#include "text/dates.h"

namespace hotro::report {

namespace {

// Text values (sex, channel, kind of support, agency name, ...) as small numbers, the same
// number for the same text: items carry numbers, and a dimension decides the category of each
// distinct text once instead of once per item. Code 0 is the empty text (also NULL).
class Codes {
 public:
  Codes() { of(std::string()); }
  int of(const std::string& text) {
    auto [it, added] = index_.try_emplace(text, static_cast<int>(texts_.size()));
    if (added) texts_.push_back(text);
    return it->second;
  }
  int of(const std::optional<std::string>& text) { return text ? of(*text) : 0; }
  const std::string& text(int code) const { return texts_[static_cast<size_t>(code)]; }

 private:
  std::unordered_map<std::string, int> index_;
  std::vector<std::string> texts_;
};

// A person row, as recorded on a case or support (before following merges).
struct Person {
  int sex = 0, ethnicity = 0;  // Codes
  std::string birth;           // ISO date or bare year; "" when unknown
  std::optional<text::Date> born;
  bool has_citizen_id = false;
  // Read for named lists only (Needs::person_details):
  std::string full_name, citizen_id, residence;
  std::optional<int64_t> birth_year;
};

// What a case contributes to every item of it, as of the period's end.
struct Case {
  int64_t person = 0;          // its person row (before following merges)
  std::string intake_date;
  int channel = 0, agency = 0, destination = 0;  // Codes; agency: the receiving agency's name
  int abroad = -1;
  // Read only when the template looks at them (Needs):
  int forms = 0;               // Codes: its forms of exploitation, sorted, joined by ';'
  int status = 0;              // Codes: received | being_identified | identified | not_victim
  bool referred = false;
  bool supported = false, supported_known = false;  // see Data::read_supported()
};

// One thing a measure counts: a case in scope, a support, a referral or a protection measure.
struct Item {
  int64_t id = 0, person = 0, case_id = 0;  // person: the canonical person (merges followed)
  long day = 0;
  int date = 0;    // Codes: the date as written (ISO); `day` is the same date, counted
  int64_t amount = 0, days = 0;  // days: of every per-day support (meals, travel meals)
  int64_t stay_days = 0;          // of meals at the facility: the days of stay a facility bills
  int code = 0;    // Codes: support kind, referral status or protection measure
  int agency = 0;  // Codes: receiving agency (cases), giving agency (supports), receiver (referrals)
  int age = -1;    // at intake for a case, else on `date`; -1 when the birth date is unknown
  const Case* c = nullptr;
  const Person* p = nullptr;
};

constexpr size_t kSources = 4;

// What a template looks at beyond the case and person rows: each costs a pass over a table.
struct Needs {
  bool forms = false, status = false, referred = false, supported = false;
  bool person_details = false;  // names, ID numbers, addresses: the named list
};

// ---- reading: a source's rows, then their cases and persons in bulk ----
//
// A source's query lists its items (the cases in scope, supports, referrals or protection
// measures) with what they have of their own. The cases and persons they belong to are then
// read for all of them at once, a few ordered passes (IdTable), and each item points at its
// case and person; text values become Codes. (Reading them per item, with correlated
// subqueries, and copying their text into every item made a yearly report on a library of a
// million cases take seconds: bench/README.md.)

// The cases in scope, with the date that places each in the period. (Only the ids from the
// date index; their rows are read in id order with the other cases, which is faster.)
std::string scope_query(const std::string& basis) {
  if (basis == "intake") return "SELECT id, intake_date FROM case_file WHERE intake_date BETWEEN ?1 AND ?2";
  if (basis == "identification")
    return "SELECT case_id, min(event_date) FROM case_event WHERE kind IN ('verify_decide', 'verify_correct') "
           "AND json_extract(detail, '$.result') = 'victim' GROUP BY case_id HAVING min(event_date) BETWEEN ?1 AND ?2";
  if (basis == "payment")  // what was paid in the period, by its payment date (quyết toán)
    return "SELECT case_id, min(paid_date) FROM support WHERE status = 'paid' AND paid_date BETWEEN ?1 AND ?2 "
           "GROUP BY case_id";
  // A support counts once given: approved (the decision that grants it) or paid; one only
  // proposed, or cancelled, counts nowhere in a report (here, kSupportQuery, kCaseSupported).
  return "SELECT case_id, min(support_date) FROM support WHERE status IN ('approved', 'paid') "
         "AND support_date BETWEEN ?1 AND ?2 GROUP BY case_id";
}

// The other sources' rows: id, person (NULL: the case's person), case id, date, code, agency
// id, amount, days; supports also the days of stay (the per-day meals at the facility, not the
// meals of the journey home).
constexpr const char* kSupportQuery = R"(SELECT s.id, s.person_id, s.case_id, s.support_date, s.kind, s.agency_id,
  s.amount_vnd, CASE WHEN s.unit = 'per_day' THEN coalesce(s.quantity, 0) ELSE 0 END,
  CASE WHEN s.unit = 'per_day' AND s.kind = 'meals' THEN coalesce(s.quantity, 0) ELSE 0 END
FROM support s WHERE s.status IN ('approved', 'paid') AND s.support_date BETWEEN ?1 AND ?2)";
// The same for date_basis "payment": the supports paid in the period, dated by their payment, as
// `support settle` counts them.
constexpr const char* kPaidSupportQuery = R"(SELECT s.id, s.person_id, s.case_id, s.paid_date, s.kind, s.agency_id,
  s.amount_vnd, CASE WHEN s.unit = 'per_day' THEN coalesce(s.quantity, 0) ELSE 0 END,
  CASE WHEN s.unit = 'per_day' AND s.kind = 'meals' THEN coalesce(s.quantity, 0) ELSE 0 END
FROM support s WHERE s.status = 'paid' AND s.paid_date BETWEEN ?1 AND ?2)";

// A referral's status as of the period's end: its last event up to then.
constexpr const char* kReferralQuery = R"(SELECT r.id, NULL, r.case_id, r.sent_date,
  coalesce((SELECT e.kind FROM case_event e WHERE e.case_id = r.case_id AND e.kind LIKE 'refer\_%' ESCAPE '\'
              AND json_extract(e.detail, '$.referral') = r.id AND e.event_date <= ?2
            ORDER BY e.event_date DESC, e.id DESC LIMIT 1), 'refer_send'),
  r.to_agency_id, 0, 0
FROM referral r WHERE r.sent_date BETWEEN ?1 AND ?2)";

constexpr const char* kProtectionQuery = R"(SELECT pe.id, NULL, pe.case_id, pe.event_date,
  coalesce(json_extract(pe.detail, '$.measure'), ''), pe.agency_id, 0, 0
FROM case_event pe WHERE pe.kind = 'protect' AND pe.event_date BETWEEN ?1 AND ?2)";

// Cases and persons are read for many ids at once: the ids go into a temporary table
// (IdTable), and one query per table joins it in id order, `FROM temp.report_ids n CROSS JOIN
// person p ON p.id = n.id` (CROSS JOIN keeps the ids as the outer loop: each row is found by its
// key, near the previous one). That replaces a look-up, or a correlated subquery, per item.
// A person's columns (Data::read_person()); a case's row comes with its person's.
constexpr const char* kPersonColumns = R"(p.id, p.merged_into, p.sex, p.birth_date, p.ethnicity,
  coalesce(p.citizen_id, '') <> '', p.full_name, p.citizen_id, p.residence, p.birth_year)";
const std::string kCaseRows = fmt::format(R"(SELECT c.id, c.person_id, c.intake_date, c.intake_channel,
  c.receiving_agency_id, c.abroad, c.destination_country, {}
FROM temp.report_ids n CROSS JOIN case_file c ON c.id = n.id LEFT JOIN person p ON p.id = c.person_id
ORDER BY n.id)",
                                          kPersonColumns);
// In case id order, each case's forms in order (the primary key's).
constexpr const char* kCaseForms = R"(SELECT x.case_id, x.form
FROM temp.report_ids n CROSS JOIN case_exploitation x ON x.case_id = n.id ORDER BY n.id, x.form)";
// A case's status as of the period's end (?1): its last verification event up to then. (A
// correlated subquery here, not a join: SQLite would first scan all events to build a filter.)
constexpr const char* kCaseVerification = R"(SELECT n.id,
  (SELECT e.kind || ':' || coalesce(json_extract(e.detail, '$.result'), '') FROM case_event e
   WHERE e.case_id = n.id AND e.kind IN ('verify_start', 'verify_decide', 'verify_correct') AND e.event_date <= ?1
   ORDER BY e.event_date DESC, e.id DESC LIMIT 1)
FROM temp.report_ids n ORDER BY n.id)";
constexpr const char* kCaseReferred = R"(SELECT n.id FROM temp.report_ids n
WHERE EXISTS (SELECT 1 FROM referral r WHERE r.case_id = n.id AND r.sent_date <= ?1) ORDER BY n.id)";
// A case whose victim has been given a support by the period's end (the accompanying minors'
// supports are theirs: "nạn nhân ... được hỗ trợ" counts the victim's own).
constexpr const char* kCaseSupported = R"(SELECT n.id FROM temp.report_ids n
WHERE EXISTS (SELECT 1 FROM support s WHERE s.case_id = n.id AND s.status IN ('approved', 'paid')
  AND s.person_id = (SELECT person_id FROM case_file WHERE id = n.id) AND s.support_date <= ?1))";
const std::string kPersonRows =
    fmt::format("SELECT {} FROM temp.report_ids n CROSS JOIN person p ON p.id = n.id", kPersonColumns);

std::string status_of(const std::optional<std::string>& last_event) {
  if (!last_event) return "received";
  if (last_event->starts_with("verify_start")) return "being_identified";
  return last_event->ends_with(":victim") ? "identified" : "not_victim";
}

std::string referral_status_of(const std::string& kind) {
  if (kind == "refer_accept") return "accepted";
  if (kind == "refer_decline") return "declined";
  if (kind == "refer_complete") return "completed";
  if (kind == "refer_revoke") return "revoked";
  return "sent";
}

// The temporary table of ids that the bulk queries join on. Dropped with it.
class IdTable {
 public:
  explicit IdTable(db::Database& db) : db_(db) {
    db_.exec("CREATE TEMP TABLE IF NOT EXISTS report_ids (id INTEGER PRIMARY KEY)");
  }
  ~IdTable() {
    try {
      db_.exec("DROP TABLE IF EXISTS temp.report_ids");
    } catch (...) {  // nothing throws from a destructor; the table goes with the connection anyway
    }
  }
  IdTable(const IdTable&) = delete;
  IdTable& operator=(const IdTable&) = delete;

  // Replaces the ids (sorted, distinct). In one statement: one small transaction on the
  // temporary database instead of one per id.
  void fill(const std::vector<int64_t>& ids) {
    std::string list = "[";
    for (int64_t id : ids) fmt::format_to(std::back_inserter(list), "{}{}", list.size() > 1 ? "," : "", id);
    list += "]";
    db_.exec("DELETE FROM temp.report_ids");
    db::Statement insert(db_, "INSERT INTO temp.report_ids (id) SELECT value FROM json_each(?1)");
    insert.bind(1, list);
    insert.run();
  }

 private:
  db::Database& db_;
};

// The ids of `ids` that `known` does not hold yet, sorted and distinct.
template <class Map>
std::vector<int64_t> missing_from(const Map& known, std::vector<int64_t> ids) {
  std::erase_if(ids, [&](int64_t id) { return known.count(id) > 0; });
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// ---- the library's data for one period ----

class Data {
 public:
  Data(db::Database& db, const Period& p, const std::string& basis, const Needs& needs)
      : db_(db), period_(p), basis_(basis), needs_(needs), ids_(db) {
    db::Statement agencies(db, "SELECT id, name FROM agency");
    while (agencies.step()) agency_[agencies.int64(0)] = codes_.of(agencies.text(1));
  }

  // The person a person row now is (following merges).
  int64_t canonical(int64_t id) const {
    for (int hops = 0; hops < 100; ++hops) {
      auto it = merged_.find(id);
      if (it == merged_.end()) return id;
      id = it->second;
    }
    return id;
  }

  // The items of a source, sorted by person, then date and id: a person's items are together,
  // the latest last. Read on first use.
  const std::vector<Item>& items(Source s) {
    auto& slot = items_[static_cast<size_t>(s)];
    if (!slot) slot = load(s);
    return *slot;
  }

  // A person row read for the items (their canonical persons included), or nullptr.
  const Person* person(int64_t id) const {
    auto it = persons_.find(id);
    return it == persons_.end() ? nullptr : &it->second;
  }

  const Codes& codes() const { return codes_; }
  const Needs& needs() const { return needs_; }

  // Whether cases were supported by the period's end is read when first asked for: by then the
  // period's supports have often been read, and a case with one of them was supported; only
  // the other cases are looked up (kCaseSupported). Cases read later are looked up at once.
  void read_supported() {
    if (supported_asked_) return;
    supported_asked_ = true;
    std::vector<int64_t> unknown;
    for (const auto& [id, c] : cases_)
      if (!c.supported_known) unknown.push_back(id);
    std::sort(unknown.begin(), unknown.end());
    if (!unknown.empty()) {
      ids_.fill(unknown);
      look_up_supported(unknown);
    }
  }

 private:
  int agency_code(const db::Statement& st, int col) const {
    if (st.is_null(col)) return 0;
    auto it = agency_.find(st.int64(col));
    return it == agency_.end() ? 0 : it->second;
  }

  // A date of the items (Codes), parsed once per distinct text.
  std::optional<text::Date> date(int code) {
    if (static_cast<size_t>(code) >= dates_.size()) dates_.resize(static_cast<size_t>(code) + 1);
    auto& d = dates_[static_cast<size_t>(code)];
    if (!d) d = text::from_iso(codes_.text(code));
    return *d;
  }

  Case* find_case(int64_t id) {
    auto it = cases_.find(id);
    return it == cases_.end() ? nullptr : &it->second;
  }

  // A source's items, before their cases and persons are attached (`person` is the person row
  // of a support; for the other sources, load() takes the case's person).
  // (A deque: it grows without moving what it holds; load() moves each item once, sorted.)
  std::deque<Item> read_items(Source s) {
    std::deque<Item> items;
    if (s == Source::cases) {
      db::Statement st(db_, scope_query(basis_));
      st.bind(1, period_.from.iso()).bind(2, period_.to.iso());
      while (st.step()) {
        Item& it = items.emplace_back();
        it.id = it.case_id = st.int64(0);
        it.date = codes_.of(st.text(1));
      }
      return items;
    }
    const char* supports = basis_ == "payment" ? kPaidSupportQuery : kSupportQuery;
    db::Statement st(db_, s == Source::supports ? supports : s == Source::referrals ? kReferralQuery : kProtectionQuery);
    st.bind(1, period_.from.iso()).bind(2, period_.to.iso());
    while (st.step()) {
      Item& it = items.emplace_back();
      it.id = st.int64(0);
      it.person = st.int64(1);
      it.case_id = st.int64(2);
      it.date = codes_.of(st.text(3));
      it.code = codes_.of(s == Source::referrals ? referral_status_of(st.text(4)) : st.text(4));
      it.agency = agency_code(st, 5);
      it.amount = st.int64(6);
      it.days = st.int64(7);
      if (s == Source::supports) it.stay_days = st.int64(8);
    }
    return items;
  }

  // Reads the cases of `wanted` not read yet: their rows with their persons' rows, then what
  // the template needs of them from the other tables, one pass per table.
  void read_cases(std::vector<int64_t> wanted) {
    const std::vector<int64_t> ids = missing_from(cases_, std::move(wanted));
    if (ids.empty()) return;
    ids_.fill(ids);
    cases_.reserve(cases_.size() + ids.size());
    persons_.reserve(persons_.size() + ids.size());
    const int received = codes_.of(status_of(std::nullopt));
    // The cases just read, in id order (nullptr: no such case). The passes below return their
    // rows in id order too (ORDER BY n.id, the order the ids are stored in: no sorting), so each
    // row finds its case by walking along, rather than by a look-up.
    std::vector<Case*> read(ids.size(), nullptr);
    struct Walk {
      const std::vector<int64_t>& ids;
      const std::vector<Case*>& read;
      size_t at = 0;
      Case* find(int64_t id) {
        while (at < ids.size() && ids[at] < id) ++at;
        return at < ids.size() && ids[at] == id ? read[at] : nullptr;
      }
    };
    {
      db::Statement st(db_, kCaseRows);
      size_t at = 0;
      while (st.step()) {
        while (ids[at] < st.int64(0)) ++at;
        Case& c = cases_[st.int64(0)];
        read[at] = &c;
        c.person = st.int64(1);
        c.intake_date = st.text(2);
        c.channel = codes_.of(st.text(3));
        c.agency = agency_code(st, 4);
        c.abroad = st.is_null(5) ? -1 : static_cast<int>(st.int64(5));
        c.destination = codes_.of(st.opt_text(6));
        c.status = received;
        read_person(st, 7);
      }
    }
    const std::string end = period_.to.iso();
    if (needs_.forms) {
      db::Statement st(db_, kCaseForms);
      Walk walk{ids, read};
      int64_t id = 0;
      std::string forms;
      auto done = [&] {
        if (Case* c = walk.find(id)) c->forms = codes_.of(forms);
      };
      while (st.step()) {
        if (st.int64(0) != id && !forms.empty()) {
          done();
          forms.clear();
        }
        id = st.int64(0);
        forms += (forms.empty() ? "" : ";") + st.text(1);
      }
      if (!forms.empty()) done();
    }
    if (needs_.status) {
      db::Statement st(db_, kCaseVerification);
      st.bind(1, end);
      Walk walk{ids, read};
      while (st.step())
        if (Case* c = walk.find(st.int64(0))) c->status = codes_.of(status_of(st.opt_text(1)));
    }
    if (needs_.referred) {
      db::Statement st(db_, kCaseReferred);
      st.bind(1, end);
      Walk walk{ids, read};
      while (st.step())
        if (Case* c = walk.find(st.int64(0))) c->referred = true;
    }
    if (needs_.supported && supported_asked_) look_up_supported(ids);
  }

  // Sets `supported` for the cases of `ids`, which are in the id table.
  void look_up_supported(const std::vector<int64_t>& ids) {
    db::Statement st(db_, kCaseSupported);
    st.bind(1, period_.to.iso());
    while (st.step())
      if (Case* c = find_case(st.int64(0))) c->supported = true;
    for (int64_t id : ids)
      if (Case* c = find_case(id)) c->supported_known = true;
  }

  // Reads kPersonColumns from column `at`, unless the person was read already (or there is
  // none: a NULL id).
  void read_person(const db::Statement& st, int at) {
    if (st.is_null(at)) return;
    const int64_t id = st.int64(at);
    auto [it, added] = persons_.try_emplace(id);
    if (!added) return;
    if (!st.is_null(at + 1)) {
      merged_[id] = st.int64(at + 1);
      merged_unread_.push_back(st.int64(at + 1));
    }
    Person& p = it->second;
    p.sex = codes_.of(st.opt_text(at + 2));
    p.birth = st.opt_text(at + 3).value_or("");
    p.born = text::from_iso(p.birth);
    p.ethnicity = codes_.of(st.opt_text(at + 4));
    p.has_citizen_id = st.int64(at + 5) != 0;
    if (needs_.person_details) {
      p.full_name = st.text(at + 6);
      p.citizen_id = st.opt_text(at + 7).value_or("");
      p.residence = st.opt_text(at + 8).value_or("");
      p.birth_year = st.opt_int64(at + 9);
    }
  }

  // Reads the persons of `wanted` not read yet, and the persons they were merged into.
  void read_persons(std::vector<int64_t> wanted) {
    // Each round also reads the persons that those read so far were merged into (canonical()
    // follows at most 100 hops).
    for (int round = 0; round < 100; ++round) {
      wanted.insert(wanted.end(), merged_unread_.begin(), merged_unread_.end());
      merged_unread_.clear();
      const std::vector<int64_t> ids = missing_from(persons_, std::move(wanted));
      wanted.clear();
      if (ids.empty()) return;
      ids_.fill(ids);
      persons_.reserve(persons_.size() + ids.size());
      db::Statement st(db_, kPersonRows);
      while (st.step()) read_person(st, 0);
    }
  }

  std::vector<Item> load(Source s) {
    std::deque<Item> items = read_items(s);
    // Each item's case, then its person: looked up once, and those not read yet are read
    // together (then looked up again).
    std::vector<Case*> cases(items.size());
    std::vector<int64_t> unread;
    for (size_t i = 0; i < items.size(); ++i)
      if (!(cases[i] = find_case(items[i].case_id))) unread.push_back(items[i].case_id);
    if (!unread.empty()) {
      read_cases(std::move(unread));
      for (size_t i = 0; i < items.size(); ++i)
        if (!cases[i]) cases[i] = find_case(items[i].case_id);
    }
    unread.clear();
    for (size_t i = 0; i < items.size(); ++i) {
      Item& it = items[i];
      it.c = cases[i];
      if (cases[i] && s != Source::supports) it.person = cases[i]->person;
      // A support given to the victim in the period: the case was supported (read_supported()).
      if (cases[i] && s == Source::supports && it.person == cases[i]->person)
        cases[i]->supported = cases[i]->supported_known = true;
      if (!(it.p = person(it.person))) unread.push_back(it.person);
    }
    if (!unread.empty() || !merged_unread_.empty()) {
      read_persons(std::move(unread));
      for (Item& it : items)
        if (!it.p) it.p = person(it.person);
    }

    // An item whose person, or case, does not exist is left out (as an inner join would leave
    // it out); but a support of a case that does not exist is an error.
    struct Key {
      int64_t person, id;
      int32_t day;
      uint32_t at;
      bool operator<(const Key& o) const {
        if (person != o.person) return person < o.person;
        return day != o.day ? day < o.day : id < o.id;
      }
    };
    std::vector<Key> keys;
    keys.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      Item& it = items[i];
      if (it.p && !it.c && s == Source::supports) throw Error(Exit::data, fmt::format("no case #{}", it.case_id));
      if (!it.p || !it.c) continue;
      it.person = canonical(it.person);
      if (s == Source::cases) it.agency = it.c->agency;
      const auto d = date(it.date);
      it.day = d ? d->days() : 0;
      // A person's age is taken at intake, whatever date places the case in the period (a girl
      // received at 17 and identified at 18 is a child victim); a support, referral or measure
      // counts the age on its own date. A bare birth year is the youngest it can make them.
      const auto age_on = s == Source::cases ? text::from_iso(it.c->intake_date) : d;
      if (const auto& b = it.p->born; b && age_on) it.age = text::youngest_age_on(*b, *age_on);
      keys.push_back({it.person, it.id, static_cast<int32_t>(it.day), static_cast<uint32_t>(i)});
    }
    // By person, then date and id. (Sorting the small keys, then moving each item once into
    // place, is much faster than sorting the items. A day fits in 32 bits: years have 4 digits.)
    std::sort(keys.begin(), keys.end());
    std::vector<Item> sorted;
    sorted.reserve(keys.size());
    for (const Key& k : keys) sorted.push_back(std::move(items[k.at]));
    return sorted;
  }

  db::Database& db_;
  Period period_;
  std::string basis_;
  Needs needs_;
  IdTable ids_;
  bool supported_asked_ = false;
  Codes codes_;
  std::unordered_map<int64_t, int> agency_;      // agency id → Codes of its name
  std::unordered_map<int64_t, Case> cases_;      // node-based: items point into it
  std::unordered_map<int64_t, Person> persons_;  // likewise
  std::unordered_map<int64_t, int64_t> merged_;  // person → the person it was merged into
  std::vector<int64_t> merged_unread_;           // persons merged into, not read yet
  std::vector<std::optional<std::optional<text::Date>>> dates_;  // by Codes; outer: parsed yet
  std::array<std::optional<std::vector<Item>>, kSources> items_;
};

// ---- dimensions: categories and which category an item falls in ----

struct Category {
  std::string key, label;
};

struct Dim {
  std::vector<Category> cats;
  std::function<int(const Item&)> of;
  std::array<std::optional<std::vector<uint16_t>>, kSources> index;  // category of every item
};

// `decide` (a category from a text) applied once per distinct code, then remembered.
std::function<int(int)> per_code(const Codes& codes, std::function<int(const std::string&)> decide) {
  auto memo = std::make_shared<std::vector<int>>();
  return [&codes, decide = std::move(decide), memo](int code) {
    if (static_cast<size_t>(code) >= memo->size()) memo->resize(static_cast<size_t>(code) + 1, -1);
    int& category = (*memo)[static_cast<size_t>(code)];
    if (category < 0) category = decide(codes.text(code));
    return category;
  };
}

class Dims {
 public:
  Dims(db::Database& db, Data& data, const Template& t, const Period& p)
      : db_(db), data_(data), t_(t), period_(p) {}

  Dim& get(const DimSpec& spec) {
    auto it = dims_.find(spec.key());
    if (it == dims_.end()) it = dims_.emplace(spec.key(), make(spec)).first;
    return it->second;
  }

  // The category index of every item of `s`.
  const std::vector<uint16_t>& index(const DimSpec& spec, Source s) {
    Dim& d = get(spec);
    auto& slot = d.index[static_cast<size_t>(s)];
    if (!slot) {
      const auto& items = data_.items(s);
      slot.emplace(items.size());
      for (size_t i = 0; i < items.size(); ++i) (*slot)[i] = static_cast<uint16_t>(d.of(items[i]));
    }
    return *slot;
  }

  // The index of category `key` in `spec`; a config error at `line` when there is none.
  int category(const DimSpec& spec, const std::string& key, int line) {
    const Dim& d = get(spec);
    for (size_t i = 0; i < d.cats.size(); ++i)
      if (d.cats[i].key == key) return static_cast<int>(i);
    std::string keys;
    for (const auto& c : d.cats) keys += (keys.empty() ? "" : ", ") + c.key;
    throw Error(Exit::config, fmt::format(fmt::runtime(tr("{}:{}: phân tổ '{}' không có giá trị '{}' (có: {})",
                                                          "{}:{}: dimension '{}' has no value '{}' (known: {})")),
                                          t_.path, line, spec.name, key, keys));
  }

 private:
  // Codes of a code list in order, with their labels.
  std::vector<Category> code_list(const std::string& list) {
    std::vector<Category> out;
    db::Statement st(db_, "SELECT code, label_vi, label_en FROM code_list WHERE list = ? ORDER BY sort, code");
    st.bind(1, list);
    while (st.step()) out.push_back({st.text(0), lang() == Lang::en ? st.text(2) : st.text(1)});
    return out;
  }

  // The codes the template lists (checked against the list), or all of them; `rest` collects
  // the codes not listed.
  std::vector<Category> chosen(const DimSpec& spec, const std::string& list, bool* rest,
                               const std::set<std::string>& leave_out = {}) {
    auto all = code_list(list);
    *rest = false;
    if (spec.categories.empty()) {
      std::erase_if(all, [&](const Category& c) { return leave_out.count(c.key) > 0; });
      return all;
    }
    std::vector<Category> out;
    for (const auto& key : spec.categories) {
      auto it = std::find_if(all.begin(), all.end(), [&](const Category& c) { return c.key == key; });
      if (it == all.end())
        throw Error(Exit::config, fmt::format(fmt::runtime(tr("{}:{}: mã '{}' không có trong bảng mã '{}'",
                                                              "{}:{}: code '{}' is not in code list '{}'")),
                                              t_.path, spec.line, key, list));
      if (leave_out.count(key))  // e.g. "closed" for status: closing a case does not change its result
        throw Error(Exit::config, fmt::format(fmt::runtime(tr("{}:{}: mã '{}' không phải là một giá trị của chiều '{}'",
                                                              "{}:{}: code '{}' is not a value of dimension '{}'")),
                                              t_.path, spec.line, key, spec.name));
      out.push_back(*it);
    }
    *rest = out.size() + leave_out.size() < all.size();
    return out;
  }

  // A dimension over one code field: the chosen codes, "rest", "unknown".
  Dim code_dim(const DimSpec& spec, const std::string& list, int (*field)(const Item&), bool can_be_unknown,
               const std::set<std::string>& leave_out = {}) {
    Dim d;
    bool rest = false;
    d.cats = chosen(spec, list, &rest, leave_out);
    std::unordered_map<std::string, int> at;
    for (size_t i = 0; i < d.cats.size(); ++i) at[d.cats[i].key] = static_cast<int>(i);
    int rest_at = -1, unknown_at = -1;
    if (rest) {
      rest_at = static_cast<int>(d.cats.size());
      d.cats.push_back({"rest", tr("Khác", "Other")});
    }
    if (can_be_unknown) {
      unknown_at = static_cast<int>(d.cats.size());
      d.cats.push_back({"unknown", tr("Chưa rõ", "Unknown")});
    }
    auto category = per_code(data_.codes(), [at, rest_at, unknown_at](const std::string& v) {
      if (v.empty() && unknown_at >= 0) return unknown_at;
      auto f = at.find(v);
      if (f != at.end()) return f->second;
      return rest_at >= 0 ? rest_at : unknown_at >= 0 ? unknown_at : 0;
    });
    d.of = [category, field](const Item& it) { return category(field(it)); };
    return d;
  }

  Dim yes_no(const char* yes_vi, const char* yes_en, const char* no_vi, const char* no_en,
             std::function<bool(const Item&)> f) {
    Dim d;
    d.cats = {{"yes", tr(yes_vi, yes_en)}, {"no", tr(no_vi, no_en)}};
    d.of = [f](const Item& it) { return f(it) ? 0 : 1; };
    return d;
  }

  Dim make(const DimSpec& spec) {
    const std::string& n = spec.name;
    const Needs& read = data_.needs();
    if ((n == "exploitation" && !read.forms) || (n == "status" && !read.status) || (n == "referred" && !read.referred) ||
        (n == "supported" && !read.supported))
      throw Error(Exit::software, "dimension " + n + " is not read for this template (needs_of)");
    if (n == "supported") data_.read_supported();
    if (n == "total") {
      Dim d;
      d.cats = {{"total", tr("Tổng số", "Total")}};
      d.of = [](const Item&) { return 0; };
      return d;
    }
    if (n == "sex") return code_dim(spec, "sex", [](const Item& i) { return i.p->sex; }, true);
    if (n == "channel") return code_dim(spec, "intake_channel", [](const Item& i) { return i.c->channel; }, false);
    // The result of identification as of the period's end, which closing a case does not change
    // (a closed case keeps its result): "closed" is not one of them, and would stay empty.
    if (n == "status")
      return code_dim(spec, "case_status", [](const Item& i) { return i.c->status; }, false, {"closed"});
    if (n == "support_kind") return code_dim(spec, "support_kind", [](const Item& i) { return i.code; }, false);
    if (n == "referral_status") return code_dim(spec, "referral_status", [](const Item& i) { return i.code; }, false);
    if (n == "protection_measure")
      return code_dim(spec, "protection_measure", [](const Item& i) { return i.code; }, true);
    if (n == "referred")
      return yes_no("Đã chuyển tuyến", "Referred", "Chưa chuyển tuyến", "Not referred",
                    [](const Item& i) { return i.c->referred; });
    if (n == "supported")
      return yes_no("Đã được hỗ trợ", "Supported", "Chưa được hỗ trợ", "Not supported",
                    [](const Item& i) { return i.c->supported; });
    if (n == "ethnicity") {
      Dim d;
      d.cats = {{"kinh", "Kinh"}, {"other", tr("Dân tộc khác", "Other ethnic groups")}, {"unknown", tr("Chưa rõ", "Unknown")}};
      auto category = per_code(data_.codes(), [](const std::string& e) { return e.empty() ? 2 : e == "01" ? 0 : 1; });
      d.of = [category](const Item& i) { return category(i.p->ethnicity); };
      return d;
    }
    if (n == "abroad") {
      Dim d;
      d.cats = {{"home", tr("Trong nước", "At home")}, {"abroad", tr("Ra nước ngoài", "Abroad")},
                {"unknown", tr("Chưa rõ", "Unknown")}};
      d.of = [](const Item& i) { return i.c->abroad < 0 ? 2 : i.c->abroad ? 1 : 0; };
      return d;
    }
    if (n == "destination") {
      Dim d;
      bool rest = false;
      d.cats = spec.categories.empty() ? std::vector<Category>{} : chosen(spec, "country", &rest);
      std::unordered_map<std::string, int> at;
      for (size_t i = 0; i < d.cats.size(); ++i) at[d.cats[i].key] = static_cast<int>(i);
      const int other = static_cast<int>(d.cats.size());
      d.cats.push_back({"rest", tr("Nước khác", "Other countries")});
      d.cats.push_back({"home", tr("Trong nước", "At home")});
      d.cats.push_back({"unknown", tr("Chưa rõ", "Unknown")});
      auto country = per_code(data_.codes(), [at, other](const std::string& dest) {
        if (dest.empty()) return other + 2;
        auto f = at.find(dest);
        return f == at.end() ? other : f->second;
      });
      d.of = [country, other](const Item& i) { return i.c->abroad == 0 ? other + 1 : country(i.c->destination); };
      return d;
    }
    if (n == "exploitation") {
      Dim d;
      bool rest = false;
      d.cats = chosen(spec, "exploitation", &rest, {"unknown"});
      std::unordered_map<std::string, int> at;
      for (size_t i = 0; i < d.cats.size(); ++i) at[d.cats[i].key] = static_cast<int>(i);
      int rest_at = -1;
      if (rest) {
        rest_at = static_cast<int>(d.cats.size());
        d.cats.push_back({"rest", tr("Hình thức khác", "Other forms")});
      }
      const int several = static_cast<int>(d.cats.size());
      d.cats.push_back({"several", tr("Nhiều hình thức", "Several forms")});
      d.cats.push_back({"unknown", tr("Chưa rõ", "Unknown")});
      auto category = per_code(data_.codes(), [at, rest_at, several](std::string forms) {
        // 'unknown' alongside a known form adds nothing; alone it is unknown.
        if (forms == "unknown" || forms.empty()) return several + 1;
        if (forms.find(';') != std::string::npos) {
          std::string known;
          int n = 0;
          size_t start = 0;
          while (start <= forms.size()) {
            size_t end = forms.find(';', start);
            if (end == std::string::npos) end = forms.size();
            std::string f = forms.substr(start, end - start);
            if (f != "unknown") ++n, known = f;
            start = end + 1;
          }
          if (n > 1) return several;
          forms = known;
        }
        auto f = at.find(forms);
        return f != at.end() ? f->second : rest_at >= 0 ? rest_at : several + 1;
      });
      d.of = [category](const Item& i) { return category(i.c->forms); };
      return d;
    }
    if (n == "agency") {
      Dim d;
      // Not the agencies merged into another (hotro agency merge): nothing points at them.
      db::Statement st(db_, "SELECT name FROM agency a WHERE NOT EXISTS (SELECT 1 FROM agency_merge m "
                            "WHERE m.dropped_id = a.id AND m.undone_at IS NULL) ORDER BY name, id");
      std::unordered_map<std::string, int> at;
      while (st.step()) {
        at[st.text(0)] = static_cast<int>(d.cats.size());
        d.cats.push_back({st.text(0), st.text(0)});
      }
      const int unknown = static_cast<int>(d.cats.size());
      d.cats.push_back({"unknown", tr("Chưa rõ", "Unknown")});
      auto category = per_code(data_.codes(), [at, unknown](const std::string& name) {
        auto f = at.find(name);
        return f == at.end() ? unknown : f->second;
      });
      d.of = [category](const Item& i) { return category(i.agency); };
      return d;
    }
    if (n == "age_group") {
      Dim d;
      const auto& b = spec.bands;
      d.cats.push_back({fmt::format("0-{}", b[0] - 1), fmt::format(fmt::runtime(tr("Dưới {} tuổi", "Under {}")), b[0])});
      for (size_t i = 1; i < b.size(); ++i)
        d.cats.push_back({fmt::format("{}-{}", b[i - 1], b[i] - 1),
                          fmt::format(fmt::runtime(tr("Từ {} đến {} tuổi", "{} to {}")), b[i - 1], b[i] - 1)});
      d.cats.push_back({fmt::format("{}+", b.back()), fmt::format(fmt::runtime(tr("Từ {} tuổi trở lên", "{} and over")), b.back())});
      const int unknown = static_cast<int>(d.cats.size());
      d.cats.push_back({"unknown", tr("Chưa rõ", "Unknown")});
      d.of = [b, unknown](const Item& i) {
        if (i.age < 0) return unknown;
        return static_cast<int>(std::upper_bound(b.begin(), b.end(), i.age) - b.begin());
      };
      return d;
    }
    if (n == "quarter") {
      // The calendar quarters the period touches, in order.
      Dim d;
      std::vector<long> starts;
      int y = period_.from.year, q = (period_.from.month - 1) / 3 + 1;
      while (text::Date{y, 3 * q - 2, 1} <= period_.to) {
        d.cats.push_back({fmt::format("{}-Q{}", y, q), fmt::format(fmt::runtime(tr("Quý {}/{}", "Q{} {}")), q, y)});
        starts.push_back(text::Date{y, 3 * q - 2, 1}.days());
        if (++q == 5) q = 1, ++y;
      }
      d.of = [starts](const Item& i) {
        return std::max(0, static_cast<int>(std::upper_bound(starts.begin(), starts.end(), i.day) - starts.begin()) - 1);
      };
      return d;
    }
    throw Error(Exit::software, "dimension " + n);
  }

  db::Database& db_;
  Data& data_;
  const Template& t_;
  Period period_;
  std::map<std::string, Dim> dims_;
};

// ---- counting ----

// "category of dim is one of these" over one source's items.
struct CompiledFilter {
  const std::vector<uint16_t>* index;
  std::vector<bool> allowed;
};

std::vector<CompiledFilter> compile(Dims& dims, const std::vector<Filter>& filters, Source s) {
  std::vector<CompiledFilter> out;
  for (const auto& f : filters) {
    CompiledFilter c{&dims.index(f.dim, s), std::vector<bool>(dims.get(f.dim).cats.size())};
    for (const auto& v : f.values) c.allowed[dims.category(f.dim, v, f.line)] = true;
    out.push_back(std::move(c));
  }
  return out;
}

bool passes(const std::vector<CompiledFilter>& fs, size_t i) {
  for (const auto& f : fs)
    if (!f.allowed[(*f.index)[i]]) return false;
  return true;
}

std::vector<Filter> with_implied(const MeasureDef& m, std::vector<Filter> where) {
  if (m.implied_dim) {
    Filter f;
    f.dim.name = m.implied_dim;
    f.values = {m.implied_value};
    where.push_back(std::move(f));
  }
  return where;
}

int64_t item_value(const MeasureDef& m, const Item& it) {
  switch (m.agg) {
    case Agg::sum_vnd: return it.amount;
    case Agg::sum_days: return it.days;
    default: return 1;
  }
}

// One measure over a row, or over all the categories of a row at once: for each column (a
// category of a dimension, or all), the value and the number of distinct persons behind it.
// The columns come in groups: a total column, or one column per category of a dimension (an
// item of category k counts in column first + k).
struct ColumnGroup {
  size_t first;
  const std::vector<uint16_t>* index;  // the category of each item; nullptr: one column, every item
};

// The cells `count_rows` fills: values[row][col] and persons[row][col], for rows first.. on.
struct Cells {
  std::vector<std::vector<int64_t>>& values;
  std::vector<std::vector<int64_t>>& persons;
  size_t first = 0;
};

// `by`: the category of each item, for the categories of a row (rows first, first + 1, ...);
// nullptr: the row itself (row first). For a persons measure each person counts once per row,
// by a representative item (the latest that qualifies): without overlap (`rep_first`) the one
// chosen on `base` alone, so that a person is in one category and the categories add up to the
// row; with overlap, the latest in each category.
void count_rows(const MeasureDef& m, const std::vector<Item>& items, const std::vector<CompiledFilter>& base,
                const std::vector<uint16_t>* by, size_t categories, bool rep_first,
                const std::vector<ColumnGroup>& cols, Cells out) {
  const size_t rows = by ? categories : 1, ncols = out.values[out.first].size();
  std::vector<int64_t> last_person(rows * ncols, -1);
  auto add = [&](size_t row, size_t i) {
    int64_t* values = out.values[out.first + row].data();
    int64_t* persons = out.persons[out.first + row].data();
    int64_t* last = &last_person[row * ncols];  // the person last counted in each column
    const int64_t value = item_value(m, items[i]), person = items[i].person;
    for (const auto& g : cols) {
      const size_t col = g.index ? g.first + (*g.index)[i] : g.first;
      values[col] += value;
      if (last[col] != person) {
        last[col] = person;
        ++persons[col];
      }
    }
  };
  const auto row_of = [&](size_t i) -> size_t { return by ? (*by)[i] : 0; };
  if (m.agg != Agg::persons) {
    for (size_t i = 0; i < items.size(); ++i)
      if (passes(base, i)) add(row_of(i), i);
    return;
  }
  // Persons: the items of a person are together (Data sorts them so).
  std::vector<size_t> rep(rows, SIZE_MAX);  // with overlap: the representative in each row
  std::vector<size_t> touched;
  for (size_t i = 0; i < items.size();) {
    size_t j = i, latest = SIZE_MAX;
    for (; j < items.size() && items[j].person == items[i].person; ++j) {
      if (!passes(base, j)) continue;
      latest = j;
      if (!rep_first) {
        if (rep[row_of(j)] == SIZE_MAX) touched.push_back(row_of(j));
        rep[row_of(j)] = j;
      }
    }
    if (rep_first && latest != SIZE_MAX) add(row_of(latest), latest);
    for (size_t row : touched) {
      add(row, rep[row]);
      rep[row] = SIZE_MAX;
    }
    touched.clear();
    i = j;
  }
}

std::string type_of(const MeasureDef& m) {
  return m.agg == Agg::sum_vnd ? "vnd" : m.agg == Agg::sum_days ? "days" : "count";
}

const MeasureDef& measure(const std::string& name) { return *find_measure(name); }

// The template file, for messages (set by run()).
thread_local std::string g_template_path;
std::string t_path(const SectionSpec&) { return g_template_path; }

Section table_section(const SectionSpec& spec, Data& data, Dims& dims,
                      std::vector<std::vector<int64_t>>& persons_out) {
  Section s;
  s.title = spec.title;
  s.row_header = spec.row_header.empty() ? tr("Chỉ tiêu", "Indicator") : spec.row_header;
  s.notes = spec.notes;
  // Columns: one per category of each column spec's dimension.
  struct Leaf {
    const ColumnSpec* spec;
    int category;  // -1: all
  };
  std::vector<Leaf> leaves;
  for (const auto& c : spec.columns) {
    const std::string mname = c.measure;  // may be empty: the row's measure
    const std::string header_measure = mname.empty() ? spec.measure : mname;
    if (c.dim.name == "total") {
      Column col;
      col.header = !c.header.empty() ? c.header
                   : header_measure.empty() ? tr("Tổng số", "Total")
                   : (lang() == Lang::en ? measure(header_measure).header_en : measure(header_measure).header_vi);
      col.measure = mname;
      s.columns.push_back(col);
      leaves.push_back({&c, -1});
      continue;
    }
    const Dim& d = dims.get(c.dim);
    // The total these add up to: a total column of the same measure before them.
    int total = -1;
    for (size_t k = 0; k < leaves.size(); ++k)
      if (leaves[k].category < 0 && leaves[k].spec->measure == c.measure) total = static_cast<int>(k);
    for (size_t k = 0; k < d.cats.size(); ++k) {
      Column col;
      col.group = c.header;
      col.header = d.cats[k].label;
      col.measure = mname;
      col.total = total;
      s.columns.push_back(col);
      leaves.push_back({&c, static_cast<int>(k)});
    }
  }
  // Rows, each with the measure of every cell.
  struct RowPlan {
    const RowSpec* spec;
    int category;  // -1: the row itself; else a category of spec->by
  };
  std::vector<RowPlan> plans;
  for (const auto& r : spec.rows) {
    Row row;
    row.label = r.label;
    row.overlap = r.overlap;
    const int parent = static_cast<int>(s.rows.size());
    s.rows.push_back(row);
    plans.push_back({&r, -1});
    if (!r.by) continue;
    const Dim& d = dims.get(*r.by);
    for (size_t k = 0; k < d.cats.size(); ++k) {
      Row child;
      child.label = d.cats[k].label;
      child.level = 1;
      child.parent = parent;
      s.rows.push_back(child);
      plans.push_back({&r, static_cast<int>(k)});
    }
  }
  const size_t ncols = s.columns.size();
  s.values.assign(s.rows.size(), std::vector<int64_t>(ncols, 0));
  s.shown.assign(s.rows.size(), std::vector<Shown>(ncols, Shown::value));
  persons_out.assign(s.rows.size(), std::vector<int64_t>(ncols, 0));
  for (size_t ri = 0; ri < plans.size(); ++ri) {
    if (plans[ri].category >= 0) continue;  // a category row: counted with its parent row
    const RowSpec& r = *plans[ri].spec;
    const std::string row_measure = r.measure.empty() ? spec.measure : r.measure;
    // Group this row's columns by measure: one pass over the items per measure (and one more
    // for all the row's categories).
    std::map<std::string, std::vector<size_t>> by_measure;
    for (size_t ci = 0; ci < leaves.size(); ++ci)
      by_measure[leaves[ci].spec->measure.empty() ? row_measure : leaves[ci].spec->measure].push_back(ci);
    for (const auto& [mname, cis] : by_measure) {
      const MeasureDef& m = measure(mname);
      for (size_t ci : cis) {
        // A column holds one kind of number: its first row decides, the others must agree.
        if (ri == 0) {
          s.columns[ci].type = type_of(m);
          s.columns[ci].measure = mname;
        } else if (const MeasureDef* first = find_measure(s.columns[ci].measure);
                   first && (first->agg != m.agg)) {
          throw Error(Exit::config, fmt::format(fmt::runtime(tr("{}:{}: cột '{}' có cả '{}' và '{}': một cột chỉ chứa một loại số",
                                                                "{}:{}: column '{}' mixes '{}' and '{}': a column holds one kind of number")),
                                                t_path(spec), r.line, s.columns[ci].header, first->name, m.name));
        }
      }
      const std::vector<Item>& items = data.items(m.source);
      std::vector<Filter> where = spec.where;
      where.insert(where.end(), r.where.begin(), r.where.end());
      const auto base = compile(dims, with_implied(m, where), m.source);
      std::vector<ColumnGroup> targets;  // a dimension's columns are together, its first category first
      for (size_t ci : cis) {
        const Leaf& leaf = leaves[ci];
        if (leaf.category <= 0) targets.push_back({ci, leaf.category < 0 ? nullptr : &dims.index(leaf.spec->dim, m.source)});
      }
      count_rows(m, items, base, nullptr, 1, !r.overlap, targets, {s.values, persons_out, ri});
      if (r.by)
        count_rows(m, items, base, &dims.index(*r.by, m.source), dims.get(*r.by).cats.size(), !r.overlap, targets,
                   {s.values, persons_out, ri + 1});
    }
  }
  return s;
}

int64_t total_of(const std::string& mname, const std::vector<Filter>& where, Data& data, Dims& dims) {
  const MeasureDef& m = measure(mname);
  std::vector<std::vector<int64_t>> v(1, std::vector<int64_t>(1)), p = v;
  count_rows(m, data.items(m.source), compile(dims, with_implied(m, where), m.source), nullptr, 1, true,
             {{0, nullptr}}, {v, p});
  return v[0][0];
}

Section ratio_section(const SectionSpec& spec, Data& data, Dims& dims) {
  Section s;
  s.title = spec.title;
  s.kind = "ratio";
  s.row_header = spec.row_header.empty() ? tr("Chỉ tiêu", "Indicator") : spec.row_header;
  s.notes = spec.notes;
  bool targets = std::any_of(spec.rows.begin(), spec.rows.end(), [](const RowSpec& r) { return r.target.has_value(); });
  s.columns = {{"", tr("Số đạt", "Achieved"), "", "count"}, {"", tr("Tổng số", "Out of"), "", "count"},
               {"", tr("Tỷ lệ (%)", "Share (%)"), "", "percent"}};
  if (targets) s.columns.push_back({"", tr("Chỉ tiêu (%)", "Target (%)"), "", "percent"});
  for (const auto& r : spec.rows) {
    Row row;
    row.label = r.label;
    s.rows.push_back(row);
    const int64_t num = total_of(r.num_measure, r.num_where, data, dims);
    const int64_t den = total_of(r.den_measure, r.den_where, data, dims);
    std::vector<int64_t> v = {num, den, den ? (num * 2000 + den) / (2 * den) : 0};
    std::vector<Shown> sh = {Shown::value, Shown::value, den ? Shown::value : Shown::none};
    if (targets) {
      v.push_back(r.target ? *r.target * 10 : 0);
      sh.push_back(r.target ? Shown::value : Shown::none);
    }
    s.values.push_back(v);
    s.shown.push_back(sh);
  }
  return s;
}

// ---- data quality ----

struct CheckDef {
  const char* name;
  const char* needed_by;  // the dimension or list field that needs it; nullptr: always
  Source source;
  const char* vi;
  const char* en;
  bool (*problem)(const Item&, const Codes&);
};

const CheckDef kChecks[] = {
    {"missing_sex", "sex", Source::cases, "Thiếu giới tính", "Sex missing", [](const Item& i, const Codes&) { return i.p->sex == 0; }},
    {"missing_birth", "age_group", Source::cases, "Thiếu ngày hoặc năm sinh", "Birth date or year missing",
     [](const Item& i, const Codes&) { return i.p->birth.empty(); }},
    {"missing_ethnicity", "ethnicity", Source::cases, "Thiếu dân tộc", "Ethnicity missing",
     [](const Item& i, const Codes&) { return i.p->ethnicity == 0; }},
    {"unknown_abroad", "abroad", Source::cases, "Chưa rõ bị mua bán trong nước hay ra nước ngoài",
     "Not known whether trafficked at home or abroad", [](const Item& i, const Codes&) { return i.c->abroad < 0; }},
    {"missing_destination", "destination", Source::cases, "Bị mua bán ra nước ngoài nhưng thiếu nước đến",
     "Trafficked abroad but no destination country",
     [](const Item& i, const Codes&) { return i.c->abroad == 1 && i.c->destination == 0; }},
    {"missing_exploitation", "exploitation", Source::cases, "Thiếu hình thức bị bóc lột", "Form of exploitation missing",
     [](const Item& i, const Codes& codes) { return i.c->forms == 0 || codes.text(i.c->forms) == "unknown"; }},
    {"missing_agency", "agency", Source::cases, "Thiếu cơ quan tiếp nhận", "Receiving agency missing",
     [](const Item& i, const Codes&) { return i.agency == 0; }},
    {"birth_after_intake", nullptr, Source::cases, "Ngày sinh sau ngày tiếp nhận", "Born after the intake date",
     [](const Item& i, const Codes&) {
       const std::string& birth = i.p->birth;
       return !birth.empty() && birth.substr(0, std::min<size_t>(birth.size(), 10)) > i.c->intake_date;
     }},
    {"support_before_intake", nullptr, Source::supports, "Hỗ trợ trước ngày tiếp nhận", "Support dated before the intake",
     [](const Item& i, const Codes& codes) { return codes.text(i.date) < i.c->intake_date; }},
    {"support_without_agency", nullptr, Source::supports, "Hỗ trợ không ghi cơ quan chi trả", "Support without the giving agency",
     [](const Item& i, const Codes&) { return i.agency == 0; }},
    {"missing_citizen_id", "citizen_id", Source::supports, "Người được hỗ trợ thiếu số CCCD/CMND",
     "Supported person without an ID number", [](const Item& i, const Codes&) { return !i.p->has_citizen_id; }},
};

// Dimensions and list fields a template uses, and the sources it reads.
void uses(const Template& t, std::set<std::string>& dims, std::set<Source>& sources) {
  auto dim = [&](const DimSpec& d) { dims.insert(d.name); };
  auto filters = [&](const std::vector<Filter>& fs) { for (const auto& f : fs) dims.insert(f.dim.name); };
  for (const auto& s : t.sections) {
    filters(s.where);
    if (!s.measure.empty()) sources.insert(find_measure(s.measure)->source);
    for (const auto& c : s.columns) {
      dim(c.dim);
      if (!c.measure.empty()) sources.insert(find_measure(c.measure)->source);
    }
    for (const auto& r : s.rows) {
      if (r.by) dim(*r.by);
      filters(r.where);
      filters(r.num_where);
      filters(r.den_where);
      for (const auto* m : {&r.measure, &r.num_measure, &r.den_measure})
        if (!m->empty()) sources.insert(find_measure(*m)->source);
    }
  }
  if (t.chart) {
    dim(t.chart->dim);
    sources.insert(find_measure(t.chart->measure)->source);
  }
  if (t.list) {
    for (const auto& f : t.list->fields) dims.insert(f == "birth_year" || f == "birth_date" ? "age_group" : f);
    sources.insert(Source::supports);
  }
}

// The case attributes the template looks at beyond the case row (each costs Data a pass over
// another table): the dimensions it uses, with the filters its measures imply.
Needs needs_of(const Template& t) {
  std::set<std::string> dims;
  std::set<Source> sources;
  uses(t, dims, sources);
  auto measure = [&](const std::string& name) {
    if (const MeasureDef* m = find_measure(name); m && m->implied_dim) dims.insert(m->implied_dim);
  };
  for (const auto& s : t.sections) {
    measure(s.measure);
    for (const auto& c : s.columns) measure(c.measure);
    for (const auto& r : s.rows)
      for (const auto* m : {&r.measure, &r.num_measure, &r.den_measure}) measure(*m);
  }
  if (t.chart) measure(t.chart->measure);
  if (t.list) dims.insert(t.list->amounts_by.name);
  const bool checks_forms = t.kind == "quality" && (t.checks.empty() || std::find(t.checks.begin(), t.checks.end(),
                                                                                  "missing_exploitation") != t.checks.end());
  Needs n;
  n.forms = dims.count("exploitation") || checks_forms;
  n.status = dims.count("status") > 0;
  n.referred = dims.count("referred") > 0;
  n.supported = dims.count("supported") > 0;
  n.person_details = t.list.has_value();
  return n;
}

std::vector<Problem> quality(const Template& t, Data& data) {
  std::set<std::string> dims;
  std::set<Source> sources;
  uses(t, dims, sources);
  std::vector<Problem> out;
  for (const auto& c : kChecks) {
    bool wanted;
    if (t.kind == "quality")
      wanted = t.checks.empty() || std::find(t.checks.begin(), t.checks.end(), c.name) != t.checks.end();
    else
      wanted = sources.count(c.source) && (!c.needed_by || dims.count(c.needed_by));
    if (!wanted) continue;
    // By case, then record (as text); the full problems are made once in that order.
    std::vector<std::pair<int64_t, std::string>> found;
    const char* record = c.source == Source::cases ? tr("hồ sơ #{}", "case #{}") : tr("hỗ trợ #{}", "support #{}");
    for (const auto& it : data.items(c.source))
      if (c.problem(it, data.codes())) found.emplace_back(it.case_id, fmt::format(fmt::runtime(record), it.id));
    std::sort(found.begin(), found.end());
    const std::string label = tr(c.vi, c.en);
    for (auto& [case_id, text] : found) out.push_back({c.name, label, case_id, std::move(text)});
  }
  return out;
}

void check_quality_names(const Template& t) {
  for (const auto& name : t.checks)
    if (std::none_of(std::begin(kChecks), std::end(kChecks), [&](const CheckDef& c) { return name == c.name; })) {
      std::string known;
      for (const auto& c : kChecks) known += (known.empty() ? "" : ", ") + std::string(c.name);
      throw Error(Exit::config, fmt::format(fmt::runtime(tr("{}: không có phép kiểm tra '{}' (có: {})",
                                                            "{}: unknown check '{}' (known: {})")),
                                            t.path, name, known));
    }
}

Section quality_summary(const std::vector<Problem>& problems, const Template& t) {
  Section s;
  s.title = tr("Tổng hợp vấn đề về chất lượng dữ liệu", "Data-quality problems");
  s.row_header = tr("Vấn đề", "Problem");
  s.columns = {{"", tr("Số bản ghi", "Records"), "", "count"}};
  s.rows.push_back({tr("Tổng số vấn đề", "All problems"), 0, -1, false});
  s.values.push_back({static_cast<int64_t>(problems.size())});
  for (const auto& c : kChecks) {
    if (!t.checks.empty() && std::find(t.checks.begin(), t.checks.end(), c.name) == t.checks.end()) continue;
    s.rows.push_back({tr(c.vi, c.en), 1, 0, false});
    s.values.push_back({static_cast<int64_t>(
        std::count_if(problems.begin(), problems.end(), [&](const Problem& p) { return p.check == c.name; }))});
  }
  s.shown.assign(s.rows.size(), {Shown::value});
  return s;
}

// ---- the named list ----

ListCell text_cell(std::string s) { return {false, 0, std::move(s)}; }
ListCell number_cell(int64_t n) { return {true, n, {}}; }

Listing named_list(db::Database& db, const Template& t, Data& data, Dims& dims, bool include_pii) {
  const ListSpec& spec = *t.list;
  Listing l;
  l.title = tr("Danh sách người được hỗ trợ", "Persons supported");
  static const std::set<std::string> pii = {"full_name", "citizen_id", "residence", "birth_date"};
  struct Field {
    std::string name, header, type;
  };
  std::vector<Field> fields = {{"no", tr("STT", "No."), "count"}};
  for (const auto& f : spec.fields) {
    if (pii.count(f) && !include_pii) continue;
    static const std::map<std::string, std::pair<const char*, const char*>> headers = {
        {"person_id", {"Mã người", "Person id"}}, {"full_name", {"Họ và tên", "Full name"}},
        {"birth_year", {"Năm sinh", "Born"}},     {"birth_date", {"Ngày sinh", "Birth date"}},
        {"sex", {"Giới tính", "Sex"}},            {"citizen_id", {"Số CCCD/CMND", "ID number"}},
        {"residence", {"Nơi cư trú", "Residence"}}, {"cases", {"Mã hồ sơ", "Cases"}},
        {"days", {"Số ngày lưu trú", "Days of stay"}}};
    const auto& h = headers.at(f);
    fields.push_back({f, tr(h.first, h.second), f == "person_id" || f == "days" ? "count" : "text"});
  }
  for (const auto& f : fields) l.columns.push_back({"", f.header, "", f.type == "count" && f.name != "days" ? "text" : f.type});
  l.columns[0].type = "count";
  for (size_t k = 0; k < fields.size(); ++k)
    if (fields[k].name == "person_id") l.columns[k].type = "id";
    else if (fields[k].name == "days") l.columns[k].type = "days";
  const Dim* by = spec.amounts_by.name == "total" ? nullptr : &dims.get(spec.amounts_by);
  const std::vector<uint16_t>* by_index = by ? &dims.index(spec.amounts_by, Source::supports) : nullptr;
  const size_t first_amount = l.columns.size();
  if (by)
    for (const auto& c : by->cats) l.columns.push_back({tr("Số tiền hỗ trợ (đồng)", "Amounts (VND)"), c.label, "support_vnd", "vnd"});
  const int total_col = static_cast<int>(l.columns.size());
  l.columns.push_back({"", tr("Tổng số tiền (đồng)", "Total (VND)"), "support_vnd", "vnd"});
  if (by)
    for (size_t k = first_amount; k < l.columns.size() - 1; ++k) l.columns[k].total = total_col;

  std::unordered_map<std::string, std::string> sex_label;
  {
    db::Statement st(db, "SELECT code, label_vi, label_en FROM code_list WHERE list = 'sex'");
    while (st.step()) sex_label[st.text(0)] = lang() == Lang::en ? st.text(2) : st.text(1);
  }
  const auto& items = data.items(Source::supports);
  std::vector<int64_t> grand(l.columns.size(), 0);
  int64_t no = 0;
  std::vector<int64_t> amounts, cases;
  for (size_t i = 0; i < items.size();) {
    size_t j = i;
    amounts.assign(by ? by->cats.size() : 0, 0);
    cases.clear();
    int64_t total = 0, days = 0;
    for (; j < items.size() && items[j].person == items[i].person; ++j) {
      if (by) amounts[(*by_index)[j]] += items[j].amount;
      total += items[j].amount;
      days += items[j].stay_days;
      cases.push_back(items[j].case_id);
    }
    std::sort(cases.begin(), cases.end());
    cases.erase(std::unique(cases.begin(), cases.end()), cases.end());
    // The canonical person's row (Data read it, with the details, for the items).
    const Person* person = data.person(items[i].person);
    if (!person) throw Error(Exit::data, fmt::format("no person #{}", items[i].person));
    std::vector<ListCell> row;
    row.reserve(fields.size() + amounts.size() + 1);
    for (const auto& f : fields) {
      if (f.name == "no") row.push_back(number_cell(++no));
      else if (f.name == "person_id") row.push_back(number_cell(items[i].person));
      else if (f.name == "full_name") row.push_back(text_cell(person->full_name));
      else if (f.name == "birth_year") row.push_back(text_cell(person->birth_year ? std::to_string(*person->birth_year) : ""));
      else if (f.name == "birth_date") row.push_back(text_cell(person->birth));
      else if (f.name == "sex") {
        const std::string& s = data.codes().text(person->sex);
        auto label = sex_label.find(s);
        row.push_back(text_cell(s.empty() ? "" : label != sex_label.end() ? label->second : s));
      } else if (f.name == "citizen_id") row.push_back(text_cell(person->citizen_id));
      else if (f.name == "residence") row.push_back(text_cell(person->residence));
      else if (f.name == "cases") {
        std::string s;
        for (int64_t c : cases) s += (s.empty() ? "" : "; ") + std::to_string(c);
        row.push_back(text_cell(s));
      } else if (f.name == "days") {
        row.push_back(number_cell(days));
        grand[row.size() - 1] += days;
      }
    }
    for (size_t k = 0; k < amounts.size(); ++k) {
      grand[row.size()] += amounts[k];
      row.push_back(number_cell(amounts[k]));
    }
    grand[row.size()] += total;
    row.push_back(number_cell(total));
    l.rows.push_back(std::move(row));
    i = j;
  }
  for (size_t k = 0; k < l.columns.size(); ++k) {
    if (k == 1) l.total.push_back(text_cell(tr("Tổng cộng", "Total")));
    else if (l.columns[k].type == "vnd" || l.columns[k].type == "days") l.total.push_back(number_cell(grand[k]));
    else l.total.push_back(text_cell(""));
  }
  return l;
}

Error not_for_lists() {
  return Error(Exit::usage, tr("--suppress-below áp dụng cho bảng số liệu, không cho danh sách có tên",
                               "--suppress-below applies to tables of figures, not to a named list"));
}

}  // namespace

Report run(db::Database& db, const Template& t, const Period& period, const RunOptions& o) {
  Report r;
  r.template_id = t.id;
  r.template_sha256 = t.sha256;
  r.rules_sha256 = o.rules_sha256;
  r.kind = t.kind;
  r.form = t.form;
  r.title = t.title;
  r.recipient = recipient_for(t, period.to.iso());
  r.issuer = t.issuer;
  r.issuing_level = t.issuing_level;
  r.date_basis = t.date_basis;
  r.period = period;
  r.include_pii = o.include_pii;
  r.notes = t.notes;
  r.suppress_below = o.suppress_below.value_or(t.suppress_below);
  if (r.suppress_below == 1) r.suppress_below = 0;  // hiding counts below 1 hides nothing
  if (t.kind == "list" && r.suppress_below > 0 && o.suppress_below) throw not_for_lists();
  check_quality_names(t);
  g_template_path = t.path;

  Data data(db, period, t.date_basis, needs_of(t));
  Dims dims(db, data, t, period);
  for (const auto& spec : t.sections) {
    std::vector<std::vector<int64_t>> persons;
    Section s = spec.kind == "ratio" ? ratio_section(spec, data, dims) : table_section(spec, data, dims, persons);
    if (r.suppress_below > 0) r.hidden_cells += suppress(s, r.suppress_below, spec.kind == "ratio" ? nullptr : &persons);
    if (spec.kind != "ratio" && std::any_of(s.columns.begin(), s.columns.end(), amount_column)) s.persons = persons;
    r.sections.push_back(std::move(s));
  }
  if (t.chart) {
    Chart c;
    c.title = t.chart->title;
    c.type = t.chart->type;
    const MeasureDef& m = measure(t.chart->measure);
    c.series = lang() == Lang::en ? m.header_en : m.header_vi;
    const Dim& d = dims.get(t.chart->dim);
    for (const auto& cat : d.cats) c.labels.push_back(cat.label);
    const std::vector<ColumnGroup> targets = {{0, &dims.index(t.chart->dim, m.source)}};
    std::vector<std::vector<int64_t>> values(1, std::vector<int64_t>(d.cats.size(), 0)), persons = values;
    count_rows(m, data.items(m.source), compile(dims, with_implied(m, {}), m.source), nullptr, 1, true, targets,
               {values, persons});
    c.values = values[0];
    // A chart of a shared copy shows no small counts either.
    if (r.suppress_below > 0)
      for (auto& v : c.values)
        if (v > 0 && v < r.suppress_below) v = 0;
    r.chart = std::move(c);
  }
  if (t.kind == "list") r.listing = named_list(db, t, data, dims, o.include_pii);
  r.problems = quality(t, data);
  if (t.kind == "quality") {
    r.sections.insert(r.sections.begin(), quality_summary(r.problems, t));
    Listing l;
    l.title = tr("Danh sách bản ghi có vấn đề", "Records with problems");
    l.columns = {{"", tr("STT", "No."), "", "count"}, {"", tr("Vấn đề", "Problem"), "", "text"},
                 {"", tr("Mã hồ sơ", "Case"), "", "id"}, {"", tr("Bản ghi", "Record"), "", "text"}};
    int64_t no = 0;
    for (const auto& p : r.problems)
      l.rows.push_back({number_cell(++no), text_cell(p.label), number_cell(p.case_id), text_cell(p.record)});
    r.listing = std::move(l);
  }
  return r;
}

// ---- suppression ----

bool suppress_kept(Report& r, int k) {
  if (k <= 1 || k <= r.suppress_below) return true;
  if (r.kind == "list") throw not_for_lists();
  bool judged = true;
  for (Section& s : r.sections) {
    std::vector<std::vector<int64_t>> persons = s.persons;
    if (persons.empty()) {
      persons.assign(s.rows.size(), std::vector<int64_t>(s.columns.size(), 0));
      for (size_t row = 0; row < s.rows.size(); ++row)
        for (size_t c = 0; c < s.columns.size(); ++c)
          if (amount_column(s.columns[c]) && s.values[row][c] != 0) {
            persons[row][c] = 1;  // not known: taken as fewer than k
            judged = false;
          }
    }
    r.hidden_cells += suppress(s, k, s.kind == "ratio" ? nullptr : &persons);
  }
  if (r.chart)
    for (auto& v : r.chart->values)
      if (v > 0 && v < k) v = 0;
  r.suppress_below = k;
  return judged;
}

int64_t suppress(Section& s, int k, const std::vector<std::vector<int64_t>>* persons) {
  const size_t nr = s.rows.size(), nc = s.columns.size();
  int64_t hidden = 0;
  auto hide = [&](size_t r, size_t c) {
    if (s.shown[r][c] == Shown::value) {
      s.shown[r][c] = Shown::hidden;
      ++hidden;
    }
  };
  // Primary: small counts; amounts and shares behind fewer than k persons.
  for (size_t r = 0; r < nr; ++r)
    for (size_t c = 0; c < nc; ++c) {
      const std::string& type = s.columns[c].type;
      int64_t n = s.values[r][c];
      if (type == "vnd" || type == "days") n = persons ? (*persons)[r][c] : 0;
      if (type == "percent") continue;
      if (n > 0 && n < k) hide(r, c);
    }
  if (s.kind == "ratio") {
    for (size_t r = 0; r < nr; ++r)
      if (s.shown[r][0] == Shown::hidden || s.shown[r][1] == Shown::hidden) {
        hide(r, 0), hide(r, 1), hide(r, 2);
      }
    return hidden;
  }
  // The sums: a total column and its parts in each row; a parent row and its categories in
  // each column (unless persons may count under several categories).
  std::vector<std::vector<std::pair<size_t, size_t>>> sums;
  for (size_t r = 0; r < nr; ++r) {
    std::map<std::pair<int, std::string>, std::vector<std::pair<size_t, size_t>>> by_total;
    for (size_t c = 0; c < nc; ++c)
      if (s.columns[c].total >= 0) by_total[{s.columns[c].total, s.columns[c].group}].push_back({r, c});
    for (auto& [t, cells] : by_total) {
      cells.push_back({r, static_cast<size_t>(t.first)});
      sums.push_back(cells);
    }
  }
  for (size_t p = 0; p < nr; ++p) {
    std::vector<size_t> children;
    for (size_t r = 0; r < nr; ++r)
      if (s.rows[r].parent == static_cast<int>(p)) children.push_back(r);
    if (children.empty()) continue;
    for (size_t c = 0; c < nc; ++c) {
      if (s.rows[p].overlap && s.columns[c].type == "count" && find_measure(s.columns[c].measure) &&
          find_measure(s.columns[c].measure)->agg == Agg::persons)
        continue;
      std::vector<std::pair<size_t, size_t>> cells;
      for (size_t r : children) cells.push_back({r, c});
      cells.push_back({p, c});
      sums.push_back(cells);
    }
  }
  // Complementary: while some sum has exactly one hidden cell, hide its smallest other
  // non-zero cell (a part before the total).
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& cells : sums) {
      int n_hidden = 0;
      for (auto [r, c] : cells) n_hidden += s.shown[r][c] == Shown::hidden;
      if (n_hidden != 1) continue;
      std::optional<std::pair<size_t, size_t>> pick;
      for (size_t i = 0; i + 1 < cells.size(); ++i) {
        auto [r, c] = cells[i];
        if (s.shown[r][c] != Shown::value || s.values[r][c] == 0) continue;
        if (!pick || s.values[r][c] < s.values[pick->first][pick->second]) pick = cells[i];
      }
      if (!pick) pick = cells.back();  // no other part to hide: hide the total
      if (s.shown[pick->first][pick->second] != Shown::value) {
        // The total is the hidden one and every part is zero or hidden: hide a zero part.
        for (size_t i = 0; i + 1 < cells.size() && s.shown[pick->first][pick->second] != Shown::value; ++i)
          if (s.shown[cells[i].first][cells[i].second] == Shown::value) pick = cells[i];
        if (s.shown[pick->first][pick->second] != Shown::value) continue;
      }
      hide(pick->first, pick->second);
      changed = true;
    }
  }
  return hidden;
}

}  // namespace hotro::report
