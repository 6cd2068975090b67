// SPDX-License-Identifier: MIT
#include "rules/rules.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "rules/toml_reader.h"

namespace hotro::rules {

namespace {

using text::Date;

// Reads one file; every problem is "FILE:LINE:COL: reason" and stops the file.
class FileLoader : TomlReader {
 public:
  using TomlReader::TomlReader;

  RuleSet load() {
    toml::table root = parse();
    RuleSet rs;
    rs.path = path();
    rs.sha256 = sha256_file(path());
    only_keys(root, {"ruleset", "parameters", "entitlements"});
    const auto* head = table_at(root, "ruleset", true);
    load_head(rs, *head);
    if (const auto* params = root.get("parameters")) {
      const auto* t = as_table(*params, "parameters");
      for (const auto& [key, node] : *t) rs.parameters.emplace(std::string(key.str()), load_parameter(rs, key, node));
    }
    if (const auto* ents = root.get("entitlements")) {
      if (rs.scope == "province")
        fail(ents->source(), tr("nghị quyết của tỉnh chỉ đặt tham số, không đặt chế độ ('entitlements')",
                                "a provincial set only sets parameters, not entitlements"));
      const auto* arr = ents->as_array();
      if (!arr || !arr->is_array_of_tables())
        fail(ents->source(), tr("'entitlements' phải là [[entitlements]]", "'entitlements' must be [[entitlements]]"));
      for (const auto& node : *arr) rs.entitlements.push_back(load_entitlement(rs, *node.as_table()));
      check_entitlements(rs);
    }
    return rs;
  }

 private:
  void load_head(RuleSet& rs, const toml::table& t) const {
    only_keys(t, {"id", "scope", "province", "extends", "title_vi", "title_en", "valid_from", "valid_to",
                  "citation", "status"});
    rs.id = *text(t, "id", true);
    rs.id_line = static_cast<int>(t.get("id")->source().begin.line);
    rs.scope = one_of(t, "scope", {"national", "province"});
    rs.title_vi = *text(t, "title_vi", true);
    rs.title_en = *text(t, "title_en", true);
    rs.citation = *text(t, "citation", true);
    rs.status = certainty(t);
    rs.valid_from = *date(t, "valid_from", true);
    rs.from_line = static_cast<int>(t.get("valid_from")->source().begin.line);
    rs.valid_to = date(t, "valid_to", false);
    if (rs.valid_to && *rs.valid_to < rs.valid_from)
      fail(t.get("valid_to")->source(), tr("'valid_to' trước 'valid_from'", "'valid_to' is before 'valid_from'"));
    if (rs.scope == "province") {
      rs.province = *text(t, "province", true);
      if (rs.province.size() != 2 || !std::isdigit(static_cast<unsigned char>(rs.province[0])) ||
          !std::isdigit(static_cast<unsigned char>(rs.province[1])))
        fail(t.get("province")->source(), tr("'province' phải là mã tỉnh 2 chữ số, ví dụ \"02\"",
                                             "'province' must be a 2-digit province code, e.g. \"02\""));
      rs.extends = *text(t, "extends", true);
      rs.extends_line = static_cast<int>(t.get("extends")->source().begin.line);
    } else {
      for (const char* k : {"province", "extends"})
        if (t.get(k))
          fail(t.get(k)->source(), fmt::format(fmt::runtime(tr("'{}' chỉ dùng cho bộ quy định của tỉnh",
                                                                  "'{}' belongs to provincial sets only")), k));
    }
  }

  Parameter load_parameter(const RuleSet& rs, const toml::key& key, const toml::node& node) const {
    const auto* t = as_table(node, "parameters." + std::string(key.str()));
    only_keys(*t, {"unit", "description_vi", "description_en", "values"});
    Parameter p;
    p.id = key.str();
    p.line = static_cast<int>(key.source().begin.line);
    if (rs.scope == "national") {
      p.unit = one_of(*t, "unit", {"vnd", "vnd_per_day", "days", "months", "working_days", "times"});
      p.description_vi = *text(*t, "description_vi", true);
      p.description_en = *text(*t, "description_en", true);
    } else {
      for (const char* k : {"unit", "description_vi", "description_en"})
        if (t->get(k))
          fail(t->get(k)->source(), fmt::format(fmt::runtime(tr("'{}' do bộ quy định quốc gia đặt; tỉnh chỉ đặt 'values'",
                                                                   "'{}' is set by the national set; a province sets 'values' only")), k));
    }
    const auto* values = t->get("values");
    if (!values) fail(t->source(), fmt::format(fmt::runtime(tr("tham số '{}' thiếu 'values'", "parameter '{}' has no 'values'")), p.id));
    const auto* arr = values->as_array();
    if (!arr || arr->empty())
      fail(values->source(), tr("'values' phải là một danh sách bảng { from = ..., value = ..., citation = ... }",
                                "'values' must be a list of tables { from = ..., value = ..., citation = ... }"));
    for (const auto& item : *arr) {
      const auto* vt = item.as_table();
      if (!vt) fail(item.source(), tr("mỗi giá trị phải là một bảng { from = ..., citation = ... }",
                                      "each value must be a table { from = ..., citation = ... }"));
      only_keys(*vt, {"from", "value", "minimum", "status", "citation", "note"});
      Value v;
      v.line = static_cast<int>(item.source().begin.line);
      v.from = *date(*vt, "from", true);
      v.value = integer(*vt, "value");
      v.minimum = boolean(*vt, "minimum").value_or(false);
      v.status = certainty(*vt);
      v.citation = *text(*vt, "citation", true);
      v.note = text(*vt, "note", false).value_or("");
      if (!v.value && v.status == Certainty::confirmed && v.note.empty())
        fail(item.source(), tr("giá trị không có số tiền phải có 'note' giải thích",
                               "a value without an amount needs a 'note' saying why"));
      if (v.from < rs.valid_from || (rs.valid_to && *rs.valid_to < v.from))
        fail(item.source(), fmt::format(fmt::runtime(tr("'from' = {} nằm ngoài thời gian hiệu lực của bộ quy định ({} – {})",
                                                         "'from' = {} is outside the rule set's dates ({} – {})")),
                                        v.from.display(), rs.valid_from.display(), rs.valid_to ? rs.valid_to->display() : "…"));
      if (!p.values.empty() && !(p.values.back().from < v.from))
        fail(item.source(), fmt::format(fmt::runtime(tr("khoảng thời gian chồng lấn: 'from' = {} không sau giá trị trước ({})",
                                                         "overlapping date ranges: 'from' = {} is not after the previous value's ({})")),
                                        v.from.display(), p.values.back().from.display()));
      p.values.push_back(std::move(v));
    }
    return p;
  }

  Entitlement load_entitlement(const RuleSet& rs, const toml::table& t) const {
    only_keys(t, {"id", "kind", "who", "citizenship", "poor_household", "age_below", "setting", "unit", "rate", "cap",
                  "max_days", "max_times", "deadline_months", "decision_days", "valid_from", "valid_to",
                  "decided_by_vi", "decided_by_en", "citation", "status"});
    Entitlement e;
    e.line = static_cast<int>(t.source().begin.line);
    e.id = *text(t, "id", true);
    e.kind = *text(t, "kind", true);
    const auto& kinds = support_kinds();
    if (std::find(kinds.begin(), kinds.end(), e.kind) == kinds.end())
      fail(t.get("kind")->source(), fmt::format(fmt::runtime(tr("loại hỗ trợ không có: '{}'", "unknown support kind '{}'")), e.kind));
    e.who = list(t, "who", {"victim", "pending", "minor", "minor_pending"});
    e.citizenship = list(t, "citizenship", {"vn", "stateless", "foreign"});
    e.poor_household = boolean(t, "poor_household");
    if (auto a = integer(t, "age_below")) e.age_below = static_cast<int>(*a);
    e.setting = one_of(t, "setting", {"facility", "returning", "any"});
    e.unit = one_of(t, "unit", {"per_day", "once", "actual_cost", "service"});
    e.decided_by_vi = *text(t, "decided_by_vi", true);
    e.decided_by_en = *text(t, "decided_by_en", true);
    e.citation = *text(t, "citation", true);
    e.status = certainty(t);
    e.valid_from = date(t, "valid_from", false);
    e.valid_to = date(t, "valid_to", false);
    for (const auto& d : {e.valid_from, e.valid_to})
      if (d && !rs.in_force(*d))
        fail(t.source(), tr("'valid_from'/'valid_to' nằm ngoài thời gian hiệu lực của bộ quy định",
                            "'valid_from'/'valid_to' is outside the rule set's dates"));
    e.rate = param_ref(rs, t, "rate", {"vnd_per_day", "vnd"});
    e.cap = param_ref(rs, t, "cap", {"vnd"});
    e.max_days = param_ref(rs, t, "max_days", {"days"});
    e.deadline_months = param_ref(rs, t, "deadline_months", {"months"});
    e.decision_days = param_ref(rs, t, "decision_days", {"working_days"});
    if (const auto* mt = t.get("max_times")) {
      if (mt->is_string()) e.max_times_param = param_ref(rs, t, "max_times", {"times"});
      else e.max_times = integer(t, "max_times");
    }
    // The unit decides which amounts make sense.
    auto where = t.get("unit")->source();
    if (e.unit == "per_day" && (!e.rate || rs.parameters.at(*e.rate).unit != "vnd_per_day"))
      fail(where, tr("unit = \"per_day\" cần 'rate' là tham số vnd_per_day", "unit = \"per_day\" needs a 'rate' parameter in vnd_per_day"));
    if (e.unit == "once" && (!e.rate || rs.parameters.at(*e.rate).unit != "vnd"))
      fail(where, tr("unit = \"once\" cần 'rate' là tham số vnd", "unit = \"once\" needs a 'rate' parameter in vnd"));
    if ((e.unit == "actual_cost" || e.unit == "service") && e.rate)
      fail(t.get("rate")->source(), tr("'rate' chỉ dùng với unit per_day hoặc once", "'rate' goes with unit per_day or once only"));
    if (e.unit != "per_day" && e.max_days)
      fail(t.get("max_days")->source(), tr("'max_days' chỉ dùng với unit per_day", "'max_days' goes with unit per_day only"));
    if (e.unit == "service" && e.cap)
      fail(t.get("cap")->source(), tr("unit = \"service\" không có tiền nên không có 'cap'", "unit = \"service\" has no money, so no 'cap'"));
    return e;
  }

  std::optional<std::string> param_ref(const RuleSet& rs, const toml::table& t, const char* key,
                                       std::initializer_list<const char*> units) const {
    auto name = text(t, key, false);
    if (!name) return std::nullopt;
    auto it = rs.parameters.find(*name);
    if (it == rs.parameters.end())
      fail(t.get(key)->source(), fmt::format(fmt::runtime(tr("'{}' = '{}': không có tham số này trong [parameters]",
                                                              "'{}' = '{}': no such parameter in [parameters]")), key, *name));
    bool ok = std::any_of(units.begin(), units.end(), [&](const char* u) { return it->second.unit == u; });
    if (!ok)
      fail(t.get(key)->source(), fmt::format(fmt::runtime(tr("'{}' = '{}': tham số có đơn vị {} không dùng được ở đây",
                                                              "'{}' = '{}': a parameter in {} cannot be used here")),
                                             key, *name, it->second.unit));
    return name;
  }

  void check_entitlements(const RuleSet& rs) const {
    std::set<std::string> ids;
    for (size_t i = 0; i < rs.entitlements.size(); ++i) {
      const auto& e = rs.entitlements[i];
      if (!ids.insert(e.id).second)
        throw Error(Exit::config, fmt::format(fmt::runtime(tr("{}:{}: 'id' = '{}' lặp lại", "{}:{}: duplicate 'id' '{}'")),
                                              path(), e.line, e.id));
      // Two entitlements of one kind must not be in force on the same day.
      for (size_t j = 0; j < i; ++j) {
        const auto& o = rs.entitlements[j];
        if (o.kind != e.kind) continue;
        Date a1 = e.valid_from.value_or(rs.valid_from), b1 = o.valid_from.value_or(rs.valid_from);
        Date a2 = e.valid_to.value_or(rs.valid_to.value_or(Date{9999, 12, 31}));
        Date b2 = o.valid_to.value_or(rs.valid_to.value_or(Date{9999, 12, 31}));
        if (a1 <= b2 && b1 <= a2)
          throw Error(Exit::config,
                      fmt::format(fmt::runtime(tr("{}:{}: khoảng thời gian chồng lấn: '{}' và '{}' (dòng {}) cùng loại '{}'",
                                                  "{}:{}: overlapping date ranges: '{}' and '{}' (line {}) are both of kind '{}'")),
                                  path(), e.line, e.id, o.id, o.line, e.kind));
      }
    }
  }
};

const Value* value_on(const Parameter& p, const Date& d) {
  const Value* found = nullptr;
  for (const auto& v : p.values)
    if (v.from <= d) found = &v;
  return found;
}

Certainty worse(Certainty a, Certainty b) { return static_cast<int>(a) > static_cast<int>(b) ? a : b; }

// A parameter of the national set on `d`, the provincial value winning when there is one.
Resolved resolve_parameter(const RuleSet& nat, const RuleSet* prov, const std::string& name, const Date& d) {
  const Parameter& np = nat.parameters.at(name);
  Resolved r;
  r.parameter = name;
  r.unit = np.unit;
  const Value* v = value_on(np, d);
  const RuleSet* from = &nat;
  if (prov) {
    auto pp = prov->parameters.find(name);
    if (pp != prov->parameters.end())
      if (const Value* pv = value_on(pp->second, d)) v = pv, from = prov;
  }
  if (!v) {  // no value yet on that date
    r.status = Certainty::unconfirmed;
    r.citation = np.values.front().citation;
    r.note = "no value in force on this date";
    r.set_id = nat.id;
    return r;
  }
  r.value = v->value;
  r.minimum = v->minimum;
  r.status = v->status;
  r.citation = v->citation;
  r.note = v->note;
  r.set_id = from->id;
  return r;
}

}  // namespace

const char* certainty_name(Certainty c) {
  switch (c) {
    case Certainty::confirmed: return "confirmed";
    case Certainty::secondary: return "secondary";
    case Certainty::unconfirmed: return "unconfirmed";
  }
  return "unconfirmed";
}

const std::vector<std::string>& support_kinds() {
  static const std::vector<std::string> kinds = {
      "meals", "personal_items", "travel_fare", "travel_meals", "medicine", "medical",
      "health_insurance", "interpretation", "legal_counselling", "legal_aid", "psychological",
      "education", "vocational_training", "job_counselling", "initial_hardship", "loan"};
  return kinds;
}

RuleSet load_rule_set(const std::filesystem::path& file) { return FileLoader(file.string()).load(); }

RuleBook RuleBook::load(const std::filesystem::path& dir, std::vector<std::string>* problems) {
  auto report = [&](const std::string& message) {
    if (!problems) throw Error(Exit::config, message);
    problems->push_back(message);
  };
  RuleBook book;
  std::vector<std::filesystem::path> files;
  for (const char* sub : {"national", "provinces"}) {
    std::error_code ec;
    auto folder = dir / sub;
    if (!std::filesystem::is_directory(folder, ec)) {
      if (std::string(sub) == "national")
        report(fmt::format(fmt::runtime(tr("{}: không có thư mục quy định quốc gia", "{}: no national rules folder")), folder.string()));
      continue;
    }
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
      if (entry.is_regular_file() && entry.path().extension() == ".toml") found.push_back(entry.path());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  std::vector<std::string> failed_national;  // left out for their own errors
  for (const auto& f : files) {
    try {
      book.sets_.push_back(load_rule_set(f));
    } catch (const Error& e) {
      report(e.what());
      if (f.parent_path().filename() == "national") failed_national.push_back(f.string());
    }
  }
  // Across files: unique ids, one national regime per day, provinces extend a national set
  // and set only its parameters, never below a national minimum, one resolution per day.
  std::map<std::string, const RuleSet*> by_id;
  for (const auto& rs : book.sets_) {
    if (!by_id.emplace(rs.id, &rs).second)
      report(fmt::format(fmt::runtime(tr("{}:{}: 'id' = '{}' đã dùng ở {}", "{}:{}: 'id' '{}' is already used by {}")),
                         rs.path, rs.id_line, rs.id, by_id[rs.id]->path));
  }
  auto overlaps = [](const RuleSet& a, const RuleSet& b) {
    Date far{9999, 12, 31};
    return a.valid_from <= b.valid_to.value_or(far) && b.valid_from <= a.valid_to.value_or(far);
  };
  for (size_t i = 0; i < book.sets_.size(); ++i) {
    const auto& a = book.sets_[i];
    for (size_t j = 0; j < i; ++j) {
      const auto& b = book.sets_[j];
      // One regime a day; one resolution a day per province and national regime it implements.
      bool same_scope = a.scope == b.scope &&
                        (a.scope == "national" || (a.province == b.province && a.extends == b.extends));
      if (same_scope && overlaps(a, b))
        report(fmt::format(fmt::runtime(tr("{}:{}: khoảng thời gian chồng lấn với {} ({} và {} cùng có hiệu lực)",
                                           "{}:{}: overlapping date ranges with {} ({} and {} are in force together)")),
                           a.path, a.from_line, b.path, a.id, b.id));
    }
    if (a.scope != "province") continue;
    auto base = by_id.find(a.extends);
    if (base == by_id.end() && !failed_national.empty()) {
      // Its national set may be one left out above: not a second problem of this file.
      report(fmt::format(fmt::runtime(tr("{}:{}: 'extends' = '{}' không có trong các bộ quy định quốc gia đọc được "
                                         "({} bị bỏ qua vì lỗi ở trên)",
                                         "{}:{}: 'extends' = '{}' is none of the national rule sets read "
                                         "({} left out for the errors above)")),
                         a.path, a.extends_line, a.extends, fmt::join(failed_national, ", ")));
      continue;
    }
    if (base == by_id.end() || base->second->scope != "national") {
      report(fmt::format(fmt::runtime(tr("{}:{}: 'extends' = '{}' không phải là bộ quy định quốc gia nào",
                                         "{}:{}: 'extends' = '{}' is not a national rule set")), a.path, a.extends_line, a.extends));
      continue;
    }
    const RuleSet& nat = *base->second;
    if (a.valid_from < nat.valid_from)
      report(fmt::format(fmt::runtime(tr("{}:{}: có hiệu lực trước bộ quy định quốc gia '{}'", "{}:{}: starts before the national set '{}'")),
                         a.path, a.from_line, nat.id));
    for (const auto& [name, p] : a.parameters) {
      auto np = nat.parameters.find(name);
      if (np == nat.parameters.end()) {
        report(fmt::format(fmt::runtime(tr("{}:{}: '{}' không phải là tham số của '{}'", "{}:{}: '{}' is not a parameter of '{}'")),
                           a.path, p.line, name, nat.id));
        continue;
      }
      // On every day a provincial value or a national minimum starts, the provincial value in
      // force must not be below the national minimum in force.
      std::vector<Date> days;
      for (const auto& v : p.values) days.push_back(v.from);
      for (const auto& v : np->second.values)
        if (a.in_force(v.from)) days.push_back(v.from);
      std::set<int> reported;
      for (const Date& d : days) {
        const Value* mine = value_on(p, d);
        const Value* floor = value_on(np->second, d);
        if (mine && mine->value && floor && floor->minimum && floor->value && *mine->value < *floor->value &&
            reported.insert(mine->line).second)
          report(fmt::format(fmt::runtime(tr("{}:{}: {} thấp hơn mức tối thiểu quốc gia {} từ ngày {} ({})",
                                             "{}:{}: {} is below the national minimum {} from {} ({})")),
                             a.path, mine->line, *mine->value, *floor->value, floor->from.display(), floor->citation));
      }
    }
  }
  return book;
}

const RuleSet* RuleBook::national_on(const Date& d) const {
  for (const auto& rs : sets_)
    if (rs.scope == "national" && rs.in_force(d)) return &rs;
  return nullptr;
}

const RuleSet& RuleBook::national_in_force(const Date& d) const {
  if (const RuleSet* nat = national_on(d)) return *nat;
  throw Error(Exit::data, fmt::format(fmt::runtime(tr("không có quy định hỗ trợ nào có hiệu lực ngày {}",
                                                      "no support rules are in force on {}")), d.display()));
}

const RuleSet* RuleBook::province_on(const Date& d, const std::string& province) const {
  const RuleSet* nat = national_on(d);
  if (!nat) return nullptr;
  for (const auto& rs : sets_)
    if (rs.scope == "province" && rs.province == province && rs.extends == nat->id && rs.in_force(d) &&
        nat->in_force(d))
      return &rs;
  return nullptr;
}

std::vector<Terms> RuleBook::in_force(const Date& d, const std::optional<std::string>& province) const {
  std::vector<Terms> out;
  const RuleSet* nat = national_on(d);
  if (!nat) return out;
  const RuleSet* prov = province ? province_on(d, *province) : nullptr;
  auto resolve = [&](const std::optional<std::string>& name) -> std::optional<Resolved> {
    if (!name) return std::nullopt;
    return resolve_parameter(*nat, prov, *name, d);
  };
  for (const auto& e : nat->entitlements) {
    if (e.valid_from && d < *e.valid_from) continue;
    if (e.valid_to && *e.valid_to < d) continue;
    Terms t;
    t.entitlement = &e;
    t.national = nat;
    t.province = prov;
    t.rate = resolve(e.rate);
    t.cap = resolve(e.cap);
    t.max_days = resolve(e.max_days);
    t.deadline_months = resolve(e.deadline_months);
    t.decision_days = resolve(e.decision_days);
    if (e.max_times_param) {
      t.max_times = resolve(e.max_times_param);
    } else if (e.max_times) {
      Resolved r;
      r.parameter = "max_times";
      r.unit = "times";
      r.value = *e.max_times;
      r.citation = e.citation;
      r.set_id = nat->id;
      t.max_times = r;
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::optional<Resolved> RuleBook::parameter(const std::string& name, const Date& d,
                                           const std::optional<std::string>& province) const {
  const RuleSet* nat = national_on(d);
  if (!nat || !nat->parameters.count(name)) return std::nullopt;
  return resolve_parameter(*nat, province ? province_on(d, *province) : nullptr, name, d);
}

std::optional<Terms> RuleBook::terms_for(const std::string& kind, const Date& d,
                                         const std::optional<std::string>& province) const {
  for (auto& t : in_force(d, province))
    if (t.entitlement->kind == kind) return t;
  return std::nullopt;
}

std::string Terms::rule_id() const { return national->id + "." + entitlement->id; }

std::string Terms::version() const {
  std::string both = national->sha256 + (province ? province->sha256 : "");
  return sha256_hex(both).substr(0, 16);
}

// A national set's own status is about its dates as a whole (e.g. the inferred end of Decree
// 09/2013), so only an unconfirmed set lowers its entitlements' certainty.
Certainty Terms::certainty() const {
  Certainty c = worse(entitlement->status, national->status == Certainty::unconfirmed ? Certainty::unconfirmed
                                                                                      : Certainty::confirmed);
  for (const auto* r : {&rate, &cap, &max_days, &max_times, &deadline_months, &decision_days})
    if (*r) c = worse(c, (*r)->status);
  return c;
}

std::vector<std::string> RuleBook::notices() const {
  std::vector<std::string> out;
  auto has = [](const std::vector<std::string>& who, const char* w) {
    return std::find(who.begin(), who.end(), w) != who.end();
  };
  for (const auto& rs : sets_)
    for (const auto& e : rs.entitlements)
      if (has(e.who, "pending") && has(e.who, "minor") && !has(e.who, "minor_pending"))
        out.push_back(fmt::format(
            fmt::runtime(tr("{}:{}: '{}' có \"pending\" và \"minor\" nhưng không có \"minor_pending\": người dưới 18 tuổi "
                            "đi cùng người đang được xác định sẽ không được hưởng (Luật 53/2024 Điều 37 cho họ các chế độ a–g)",
                            "{}:{}: '{}' has \"pending\" and \"minor\" but not \"minor_pending\": a person under 18 "
                            "accompanying a person being identified will not get it (Law 53/2024 Art. 37 gives them regimes a–g)")),
            rs.path, e.line, e.id));
  return out;
}

}  // namespace hotro::rules
