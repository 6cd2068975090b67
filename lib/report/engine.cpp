// SPDX-License-Identifier: MIT
#include "report/engine.h"

#include <algorithm>
#include <array>
#include <functional>
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

// One thing a measure counts: a case in scope, a support, a referral or a protection measure,
// with what the dimensions look at.
struct Item {
  int64_t id = 0, person = 0, case_id = 0;
  long day = 0;
  std::string date;
  int64_t amount = 0, days = 0;
  std::string code;     // support kind, referral status or protection measure
  std::string agency;   // receiving agency (cases), giving agency (supports), receiver (referrals)
  std::string sex, birth, ethnicity, channel, destination, forms, status, intake_date;
  int abroad = -1, age = -1;
  bool referred = false, supported = false, has_citizen_id = false;
};

constexpr size_t kSources = 4;

// Every item query gives, from column 8: the person's sex, birth date, ethnicity and whether
// an ID number is recorded. The case's own columns come from kCaseColumns, once per case.
constexpr const char* kPersonColumns = "p.sex, p.birth_date, p.ethnicity, coalesce(p.citizen_id, '') <> ''";

// A case's columns as of the period's end (?2): channel, receiving agency, abroad, destination,
// forms of exploitation, the last verification event, referred, supported, intake date.
constexpr const char* kCaseColumns = R"(c.intake_channel, ra.name, c.abroad, c.destination_country,
  (SELECT group_concat(form, ';') FROM
     (SELECT form FROM case_exploitation x WHERE x.case_id = c.id ORDER BY form)),
  (SELECT e.kind || ':' || coalesce(json_extract(e.detail, '$.result'), '') FROM case_event e
     WHERE e.case_id = c.id AND e.kind IN ('verify_start', 'verify_decide', 'verify_correct')
       AND e.event_date <= ?2 ORDER BY e.event_date DESC, e.id DESC LIMIT 1),
  EXISTS (SELECT 1 FROM referral r2 WHERE r2.case_id = c.id AND r2.sent_date <= ?2),
  EXISTS (SELECT 1 FROM support s2 WHERE s2.case_id = c.id AND s2.status <> 'cancelled'
            AND s2.support_date <= ?2),
  c.intake_date)";

std::string case_query(const std::string& basis) {
  std::string scope;
  if (basis == "intake")
    scope = "SELECT id AS case_id, intake_date AS d FROM case_file WHERE intake_date BETWEEN ?1 AND ?2";
  else if (basis == "identification")
    scope = "SELECT case_id, min(event_date) AS d FROM case_event WHERE kind IN ('verify_decide', "
            "'verify_correct') AND json_extract(detail, '$.result') = 'victim' GROUP BY case_id "
            "HAVING min(event_date) BETWEEN ?1 AND ?2";
  else
    scope = "SELECT case_id, min(support_date) AS d FROM support WHERE status <> 'cancelled' AND "
            "support_date BETWEEN ?1 AND ?2 GROUP BY case_id";
  return fmt::format(R"(WITH scope AS ({})
SELECT c.id, c.person_id, c.id, s.d, '', '', 0, 0, {}, {}
FROM scope s JOIN case_file c ON c.id = s.case_id JOIN person p ON p.id = c.person_id
LEFT JOIN agency ra ON ra.id = c.receiving_agency_id)",
                     scope, kPersonColumns, kCaseColumns);
}

std::string one_case_query() {
  return fmt::format("SELECT {} FROM case_file c LEFT JOIN agency ra ON ra.id = c.receiving_agency_id "
                     "WHERE c.id = ?1 AND ?2 IS NOT NULL",
                     kCaseColumns);
}

std::string support_query() {
  return fmt::format(R"(SELECT s.id, s.person_id, s.case_id, s.support_date, s.kind, a.name, s.amount_vnd,
  CASE WHEN s.unit = 'per_day' THEN coalesce(s.quantity, 0) ELSE 0 END, {}
FROM support s JOIN person p ON p.id = s.person_id
LEFT JOIN agency a ON a.id = s.agency_id
WHERE s.status <> 'cancelled' AND s.support_date BETWEEN ?1 AND ?2)",
                     kPersonColumns);
}

std::string referral_query() {
  return fmt::format(R"(SELECT r.id, c.person_id, r.case_id, r.sent_date,
  coalesce((SELECT e.kind FROM case_event e WHERE e.case_id = r.case_id AND e.kind LIKE 'refer\_%' ESCAPE '\'
              AND json_extract(e.detail, '$.referral') = r.id AND e.event_date <= ?2
            ORDER BY e.event_date DESC, e.id DESC LIMIT 1), 'refer_send'),
  t.name, 0, 0, {}
FROM referral r JOIN case_file c ON c.id = r.case_id JOIN person p ON p.id = c.person_id
LEFT JOIN agency t ON t.id = r.to_agency_id
WHERE r.sent_date BETWEEN ?1 AND ?2)",
                     kPersonColumns);
}

std::string protection_query() {
  return fmt::format(R"(SELECT pe.id, c.person_id, pe.case_id, pe.event_date,
  coalesce(json_extract(pe.detail, '$.measure'), ''), a.name, 0, 0, {}
FROM case_event pe JOIN case_file c ON c.id = pe.case_id JOIN person p ON p.id = c.person_id
LEFT JOIN agency a ON a.id = pe.agency_id
WHERE pe.kind = 'protect' AND pe.event_date BETWEEN ?1 AND ?2)",
                     kPersonColumns);
}

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

// What a case contributes to every item of it.
struct CaseAttrs {
  std::string channel, agency, destination, forms, status, intake_date;
  int abroad = -1;
  bool referred = false, supported = false;
};

// Reads kCaseColumns starting at column `at`.
CaseAttrs case_attrs(const db::Statement& st, int at) {
  CaseAttrs c;
  c.channel = st.text(at);
  c.agency = st.opt_text(at + 1).value_or("");
  c.abroad = st.is_null(at + 2) ? -1 : static_cast<int>(st.int64(at + 2));
  c.destination = st.opt_text(at + 3).value_or("");
  c.forms = st.opt_text(at + 4).value_or("");
  c.status = status_of(st.opt_text(at + 5));
  c.referred = st.int64(at + 6) != 0;
  c.supported = st.int64(at + 7) != 0;
  c.intake_date = st.text(at + 8);
  return c;
}

// ---- the library's data for one period ----

class Data {
 public:
  Data(db::Database& db, const Period& p, const std::string& basis) : db_(db), period_(p), basis_(basis) {
    db::Statement merged(db, "SELECT id, merged_into FROM person WHERE merged_into IS NOT NULL");
    while (merged.step()) merged_[merged.int64(0)] = merged.int64(1);
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

  const std::vector<Item>& items(Source s) {
    auto& slot = items_[static_cast<size_t>(s)];
    if (!slot) slot = load(s);
    return *slot;
  }

 private:
  // A case's attributes, read once and kept.
  const CaseAttrs& case_of(int64_t id) {
    auto it = cases_.find(id);
    if (it != cases_.end()) return it->second;
    if (!one_case_) {
      one_case_ = std::make_unique<db::Statement>(db_, one_case_query());
    }
    one_case_->reset();
    one_case_->bind(1, id).bind(2, period_.to.iso());
    if (!one_case_->step()) throw Error(Exit::data, fmt::format("no case #{}", id));
    return cases_.emplace(id, case_attrs(*one_case_, 0)).first->second;
  }

  std::vector<Item> load(Source s) {
    const std::string sql = s == Source::cases      ? case_query(basis_)
                            : s == Source::supports ? support_query()
                            : s == Source::referrals ? referral_query()
                                                     : protection_query();
    db::Statement st(db_, sql);
    st.bind(1, period_.from.iso()).bind(2, period_.to.iso());
    std::vector<Item> out;
    while (st.step()) {
      Item it;
      it.id = st.int64(0);
      it.person = canonical(st.int64(1));
      it.case_id = st.int64(2);
      it.date = st.text(3);
      const auto d = text::from_iso(it.date);
      it.day = d ? d->days() : 0;
      it.code = s == Source::referrals ? referral_status_of(st.text(4)) : st.text(4);
      it.agency = st.opt_text(5).value_or("");
      it.amount = st.int64(6);
      it.days = st.int64(7);
      it.sex = st.opt_text(8).value_or("");
      it.birth = st.opt_text(9).value_or("");
      it.ethnicity = st.opt_text(10).value_or("");
      it.has_citizen_id = st.int64(11) != 0;
      const CaseAttrs& c = s == Source::cases ? cases_.emplace(it.case_id, case_attrs(st, 12)).first->second
                                              : case_of(it.case_id);
      if (s == Source::cases) it.agency = c.agency;
      it.channel = c.channel;
      it.abroad = c.abroad;
      it.destination = c.destination;
      it.forms = c.forms;
      it.status = c.status;
      it.referred = c.referred;
      it.supported = c.supported;
      it.intake_date = c.intake_date;
      if (const auto b = text::from_iso(it.birth); b && d)
        it.age = b->year_only() ? d->year - b->year : text::age_on(*b, *d);
      out.push_back(std::move(it));
    }
    // By person, then date and id: a person's items are together, the latest last.
    std::sort(out.begin(), out.end(), [](const Item& a, const Item& b) {
      return std::tie(a.person, a.day, a.id) < std::tie(b.person, b.day, b.id);
    });
    return out;
  }

  db::Database& db_;
  Period period_;
  std::string basis_;
  std::unordered_map<int64_t, int64_t> merged_;
  std::unordered_map<int64_t, CaseAttrs> cases_;
  std::unique_ptr<db::Statement> one_case_;
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
      if (it == all.end() || leave_out.count(key))
        throw Error(Exit::config, fmt::format(fmt::runtime(tr("{}:{}: mã '{}' không có trong bảng mã '{}'",
                                                              "{}:{}: code '{}' is not in code list '{}'")),
                                              t_.path, spec.line, key, list));
      out.push_back(*it);
    }
    *rest = out.size() + leave_out.size() < all.size();
    return out;
  }

  // A dimension over one code field: the chosen codes, "rest", "unknown".
  Dim code_dim(const DimSpec& spec, const std::string& list, std::function<const std::string&(const Item&)> field,
               bool can_be_unknown) {
    Dim d;
    bool rest = false;
    d.cats = chosen(spec, list, &rest);
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
    d.of = [at, rest_at, unknown_at, field](const Item& it) {
      const std::string& v = field(it);
      if (v.empty() && unknown_at >= 0) return unknown_at;
      auto f = at.find(v);
      if (f != at.end()) return f->second;
      return rest_at >= 0 ? rest_at : unknown_at >= 0 ? unknown_at : 0;
    };
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
    if (n == "total") {
      Dim d;
      d.cats = {{"total", tr("Tổng số", "Total")}};
      d.of = [](const Item&) { return 0; };
      return d;
    }
    if (n == "sex") return code_dim(spec, "sex", [](const Item& i) -> const std::string& { return i.sex; }, true);
    if (n == "channel")
      return code_dim(spec, "intake_channel", [](const Item& i) -> const std::string& { return i.channel; }, false);
    if (n == "status")
      return code_dim(spec, "case_status", [](const Item& i) -> const std::string& { return i.status; }, false);
    if (n == "support_kind")
      return code_dim(spec, "support_kind", [](const Item& i) -> const std::string& { return i.code; }, false);
    if (n == "referral_status")
      return code_dim(spec, "referral_status", [](const Item& i) -> const std::string& { return i.code; }, false);
    if (n == "protection_measure")
      return code_dim(spec, "protection_measure", [](const Item& i) -> const std::string& { return i.code; }, true);
    if (n == "referred")
      return yes_no("Đã chuyển tuyến", "Referred", "Chưa chuyển tuyến", "Not referred",
                    [](const Item& i) { return i.referred; });
    if (n == "supported")
      return yes_no("Đã được hỗ trợ", "Supported", "Chưa được hỗ trợ", "Not supported",
                    [](const Item& i) { return i.supported; });
    if (n == "ethnicity") {
      Dim d;
      d.cats = {{"kinh", "Kinh"}, {"other", tr("Dân tộc khác", "Other ethnic groups")}, {"unknown", tr("Chưa rõ", "Unknown")}};
      d.of = [](const Item& i) { return i.ethnicity.empty() ? 2 : i.ethnicity == "01" ? 0 : 1; };
      return d;
    }
    if (n == "abroad") {
      Dim d;
      d.cats = {{"home", tr("Trong nước", "At home")}, {"abroad", tr("Ra nước ngoài", "Abroad")},
                {"unknown", tr("Chưa rõ", "Unknown")}};
      d.of = [](const Item& i) { return i.abroad < 0 ? 2 : i.abroad ? 1 : 0; };
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
      d.of = [at, other](const Item& i) {
        if (i.abroad == 0) return other + 1;
        if (i.destination.empty()) return other + 2;
        auto f = at.find(i.destination);
        return f == at.end() ? other : f->second;
      };
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
      d.of = [at, rest_at, several](const Item& i) {
        std::string forms = i.forms;
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
      };
      return d;
    }
    if (n == "agency") {
      Dim d;
      db::Statement st(db_, "SELECT name FROM agency ORDER BY name, id");
      std::unordered_map<std::string, int> at;
      while (st.step()) {
        at[st.text(0)] = static_cast<int>(d.cats.size());
        d.cats.push_back({st.text(0), st.text(0)});
      }
      const int unknown = static_cast<int>(d.cats.size());
      d.cats.push_back({"unknown", tr("Chưa rõ", "Unknown")});
      d.of = [at, unknown](const Item& i) {
        auto f = at.find(i.agency);
        return f == at.end() ? unknown : f->second;
      };
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

// One measure over one row: for each column (a category of a dimension, or all), the value,
// and the number of distinct persons behind it.
struct ColumnTarget {
  size_t col;
  const std::vector<uint16_t>* index;  // nullptr: every item
  int category;
};

// `row_cat`: the row's own category filter; for a persons measure without overlap it applies
// to each person's representative item (chosen on `base`), so that categories add up.
void count_row(const MeasureDef& m, const std::vector<Item>& items, const std::vector<CompiledFilter>& base,
               const std::optional<CompiledFilter>& row_cat, bool rep_first, const std::vector<ColumnTarget>& cols,
               std::vector<int64_t>& values, std::vector<int64_t>& persons) {
  std::vector<int64_t> last_person(values.size(), -1);
  auto add = [&](size_t i) {
    for (const auto& c : cols) {
      if (c.index && (*c.index)[i] != c.category) continue;
      values[c.col] += item_value(m, items[i]);
      if (last_person[c.col] != items[i].person) {
        last_person[c.col] = items[i].person;
        ++persons[c.col];
      }
    }
  };
  const auto in_row_cat = [&](size_t i) { return !row_cat || row_cat->allowed[(*row_cat->index)[i]]; };
  if (m.agg != Agg::persons) {
    for (size_t i = 0; i < items.size(); ++i)
      if (passes(base, i) && in_row_cat(i)) add(i);
    return;
  }
  // Persons: one representative item per person (the latest that qualifies).
  for (size_t i = 0; i < items.size();) {
    size_t j = i, rep = SIZE_MAX;
    for (; j < items.size() && items[j].person == items[i].person; ++j)
      if (passes(base, j) && (rep_first || in_row_cat(j))) rep = j;
    if (rep != SIZE_MAX && in_row_cat(rep)) add(rep);
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
    const RowSpec& r = *plans[ri].spec;
    const std::string row_measure = r.measure.empty() ? spec.measure : r.measure;
    // Group this row's columns by measure: one pass over the items per measure.
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
      std::optional<CompiledFilter> row_cat;
      if (plans[ri].category >= 0) {
        row_cat = CompiledFilter{&dims.index(*r.by, m.source), std::vector<bool>(dims.get(*r.by).cats.size())};
        row_cat->allowed[plans[ri].category] = true;
      }
      std::vector<ColumnTarget> targets;
      for (size_t ci : cis) {
        const Leaf& leaf = leaves[ci];
        targets.push_back({ci, leaf.category < 0 ? nullptr : &dims.index(leaf.spec->dim, m.source), leaf.category});
      }
      count_row(m, items, base, row_cat, !r.overlap, targets, s.values[ri], persons_out[ri]);
    }
  }
  return s;
}

int64_t total_of(const std::string& mname, const std::vector<Filter>& where, Data& data, Dims& dims) {
  const MeasureDef& m = measure(mname);
  std::vector<int64_t> v(1), p(1);
  count_row(m, data.items(m.source), compile(dims, with_implied(m, where), m.source), std::nullopt, true,
            {{0, nullptr, -1}}, v, p);
  return v[0];
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
  bool (*problem)(const Item&);
};

const CheckDef kChecks[] = {
    {"missing_sex", "sex", Source::cases, "Thiếu giới tính", "Sex missing", [](const Item& i) { return i.sex.empty(); }},
    {"missing_birth", "age_group", Source::cases, "Thiếu ngày hoặc năm sinh", "Birth date or year missing",
     [](const Item& i) { return i.birth.empty(); }},
    {"missing_ethnicity", "ethnicity", Source::cases, "Thiếu dân tộc", "Ethnicity missing",
     [](const Item& i) { return i.ethnicity.empty(); }},
    {"unknown_abroad", "abroad", Source::cases, "Chưa rõ bị mua bán trong nước hay ra nước ngoài",
     "Not known whether trafficked at home or abroad", [](const Item& i) { return i.abroad < 0; }},
    {"missing_destination", "destination", Source::cases, "Bị mua bán ra nước ngoài nhưng thiếu nước đến",
     "Trafficked abroad but no destination country", [](const Item& i) { return i.abroad == 1 && i.destination.empty(); }},
    {"missing_exploitation", "exploitation", Source::cases, "Thiếu hình thức bị bóc lột", "Form of exploitation missing",
     [](const Item& i) { return i.forms.empty() || i.forms == "unknown"; }},
    {"missing_agency", "agency", Source::cases, "Thiếu cơ quan tiếp nhận", "Receiving agency missing",
     [](const Item& i) { return i.agency.empty(); }},
    {"birth_after_intake", nullptr, Source::cases, "Ngày sinh sau ngày tiếp nhận", "Born after the intake date",
     [](const Item& i) { return !i.birth.empty() && i.birth.substr(0, std::min<size_t>(i.birth.size(), 10)) > i.intake_date; }},
    {"support_before_intake", nullptr, Source::supports, "Hỗ trợ trước ngày tiếp nhận", "Support dated before the intake",
     [](const Item& i) { return i.date < i.intake_date; }},
    {"support_without_agency", nullptr, Source::supports, "Hỗ trợ không ghi cơ quan chi trả", "Support without the giving agency",
     [](const Item& i) { return i.agency.empty(); }},
    {"missing_citizen_id", "citizen_id", Source::supports, "Người được hỗ trợ thiếu số CCCD/CMND",
     "Supported person without an ID number", [](const Item& i) { return !i.has_citizen_id; }},
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
    std::vector<Problem> found;
    for (const auto& it : data.items(c.source))
      if (c.problem(it))
        found.push_back({c.name, tr(c.vi, c.en), it.case_id,
                         c.source == Source::cases ? fmt::format(fmt::runtime(tr("hồ sơ #{}", "case #{}")), it.id)
                                                   : fmt::format(fmt::runtime(tr("hỗ trợ #{}", "support #{}")), it.id)});
    std::sort(found.begin(), found.end(), [](const Problem& a, const Problem& b) {
      return std::tie(a.case_id, a.record) < std::tie(b.case_id, b.record);
    });
    out.insert(out.end(), found.begin(), found.end());
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

  db::Statement person(db, "SELECT full_name, birth_year, birth_date, sex, citizen_id, residence FROM person WHERE id = ?");
  std::unordered_map<std::string, std::string> sex_label;
  {
    db::Statement st(db, "SELECT code, label_vi, label_en FROM code_list WHERE list = 'sex'");
    while (st.step()) sex_label[st.text(0)] = lang() == Lang::en ? st.text(2) : st.text(1);
  }
  const auto& items = data.items(Source::supports);
  std::vector<int64_t> grand(l.columns.size(), 0);
  int64_t no = 0;
  for (size_t i = 0; i < items.size();) {
    size_t j = i;
    std::vector<int64_t> amounts(by ? by->cats.size() : 0, 0);
    int64_t total = 0, days = 0;
    std::vector<int64_t> cases;
    for (; j < items.size() && items[j].person == items[i].person; ++j) {
      if (by) amounts[(*by_index)[j]] += items[j].amount;
      total += items[j].amount;
      days += items[j].days;
      cases.push_back(items[j].case_id);
    }
    std::sort(cases.begin(), cases.end());
    cases.erase(std::unique(cases.begin(), cases.end()), cases.end());
    person.reset();
    person.bind(1, items[i].person);
    if (!person.step()) throw Error(Exit::data, fmt::format("no person #{}", items[i].person));
    std::vector<ListCell> row;
    for (const auto& f : fields) {
      if (f.name == "no") row.push_back(number_cell(++no));
      else if (f.name == "person_id") row.push_back(number_cell(items[i].person));
      else if (f.name == "full_name") row.push_back(text_cell(person.text(0)));
      else if (f.name == "birth_year") row.push_back(person.is_null(1) ? text_cell("") : text_cell(std::to_string(person.int64(1))));
      else if (f.name == "birth_date") row.push_back(text_cell(person.opt_text(2).value_or("")));
      else if (f.name == "sex") {
        const auto s = person.opt_text(3);
        row.push_back(text_cell(s ? (sex_label.count(*s) ? sex_label[*s] : *s) : ""));
      } else if (f.name == "citizen_id") row.push_back(text_cell(person.opt_text(4).value_or("")));
      else if (f.name == "residence") row.push_back(text_cell(person.opt_text(5).value_or("")));
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

}  // namespace

Report run(db::Database& db, const Template& t, const Period& period, const RunOptions& o) {
  Report r;
  r.template_id = t.id;
  r.template_sha256 = t.sha256;
  r.rules_sha256 = o.rules_sha256;
  r.kind = t.kind;
  r.form = t.form;
  r.title = t.title;
  r.recipient = t.recipient;
  r.issuer = t.issuer;
  r.issuing_level = t.issuing_level;
  r.date_basis = t.date_basis;
  r.period = period;
  r.include_pii = o.include_pii;
  r.notes = t.notes;
  r.suppress_below = o.suppress_below.value_or(t.suppress_below);
  if (r.suppress_below == 1) r.suppress_below = 0;  // hiding counts below 1 hides nothing
  if (t.kind == "list" && r.suppress_below > 0 && o.suppress_below)
    throw Error(Exit::usage, tr("--suppress-below áp dụng cho bảng số liệu, không cho danh sách có tên",
                                "--suppress-below applies to tables of figures, not to a named list"));
  check_quality_names(t);
  g_template_path = t.path;

  Data data(db, period, t.date_basis);
  Dims dims(db, data, t, period);
  for (const auto& spec : t.sections) {
    std::vector<std::vector<int64_t>> persons;
    Section s = spec.kind == "ratio" ? ratio_section(spec, data, dims) : table_section(spec, data, dims, persons);
    if (r.suppress_below > 0) r.hidden_cells += suppress(s, r.suppress_below, spec.kind == "ratio" ? nullptr : &persons);
    r.sections.push_back(std::move(s));
  }
  if (t.chart) {
    Chart c;
    c.title = t.chart->title;
    c.type = t.chart->type;
    const MeasureDef& m = measure(t.chart->measure);
    c.series = lang() == Lang::en ? m.header_en : m.header_vi;
    const Dim& d = dims.get(t.chart->dim);
    std::vector<ColumnTarget> targets;
    const auto& index = dims.index(t.chart->dim, m.source);
    for (size_t k = 0; k < d.cats.size(); ++k) {
      c.labels.push_back(d.cats[k].label);
      targets.push_back({k, &index, static_cast<int>(k)});
    }
    c.values.assign(d.cats.size(), 0);
    std::vector<int64_t> persons(d.cats.size(), 0);
    count_row(m, data.items(m.source), compile(dims, with_implied(m, {}), m.source), std::nullopt, true, targets,
              c.values, persons);
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
