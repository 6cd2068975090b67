// SPDX-License-Identifier: MIT
#include "report/template.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "clock.h"
#include "error.h"
#include "i18n.h"

namespace hotro::report {

namespace {

constexpr MeasureDef kMeasures[] = {
    {"persons", Source::cases, Agg::persons, nullptr, nullptr, "Số người", "Persons"},
    {"persons_received", Source::cases, Agg::persons, nullptr, nullptr, "Số người được tiếp nhận", "Persons received"},
    {"persons_identified", Source::cases, Agg::persons, "status", "identified", "Số người đã xác định là nạn nhân", "Identified victims"},
    {"persons_being_identified", Source::cases, Agg::persons, "status", "being_identified", "Số người đang được xác định", "Persons being identified"},
    {"persons_not_victim", Source::cases, Agg::persons, "status", "not_victim", "Số người không phải nạn nhân", "Persons found not victims"},
    {"persons_unverified", Source::cases, Agg::persons, "status", "received", "Số người chưa xác minh", "Persons not yet verified"},
    {"cases", Source::cases, Agg::count, nullptr, nullptr, "Số hồ sơ", "Cases"},
    {"supports", Source::supports, Agg::count, nullptr, nullptr, "Số lượt hỗ trợ", "Supports"},
    {"supported_persons", Source::supports, Agg::persons, nullptr, nullptr, "Số người được hỗ trợ", "Persons supported"},
    {"support_vnd", Source::supports, Agg::sum_vnd, nullptr, nullptr, "Số tiền (đồng)", "Amount (VND)"},
    {"support_days", Source::supports, Agg::sum_days, nullptr, nullptr, "Số ngày", "Days"},
    {"referrals", Source::referrals, Agg::count, nullptr, nullptr, "Số lượt chuyển tuyến", "Referrals"},
    {"referred_persons", Source::referrals, Agg::persons, nullptr, nullptr, "Số người được chuyển tuyến", "Persons referred"},
    {"protection_measures", Source::protection, Agg::count, nullptr, nullptr, "Số biện pháp bảo vệ", "Protection measures"},
    {"protected_persons", Source::protection, Agg::persons, nullptr, nullptr, "Số người được bảo vệ", "Persons protected"},
};

// Dimensions and the sources that have them (a bit per Source).
struct DimDef {
  const char* name;
  unsigned sources;
};
constexpr unsigned kAll = 0xF, kCase = 1, kSupport = 2, kReferral = 4, kProtection = 8;
constexpr DimDef kDims[] = {
    {"total", kAll},        {"sex", kAll},          {"age_group", kAll},   {"ethnicity", kAll},
    {"abroad", kAll},       {"destination", kAll},  {"channel", kAll},     {"exploitation", kAll},
    {"status", kAll},       {"agency", kAll},       {"referred", kAll},    {"supported", kAll},
    {"quarter", kAll},      {"support_kind", kSupport}, {"referral_status", kReferral},
    {"protection_measure", kProtection},
};

std::string measure_names() {
  std::string out;
  for (const auto& m : kMeasures) out += (out.empty() ? "" : ", ") + std::string(m.name);
  return out;
}

std::string dimension_names() {
  std::string out;
  for (const auto& d : kDims) out += (out.empty() ? "" : ", ") + std::string(d.name);
  return out;
}

// The printed texts a template may also give in English, as KEY_en.
constexpr std::string_view kTranslated[] = {"title", "recipient", "issuer", "form", "notes", "row_header",
                                            "header", "label"};

// "title" for "title_en"; empty for a key that is no English text.
std::string english_of(std::string_view key) {
  if (!key.ends_with("_en")) return {};
  const std::string_view base = key.substr(0, key.size() - 3);
  for (auto t : kTranslated)
    if (t == base) return std::string(base);
  return {};
}

// Reading one template file, with the position of every error.
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void fail(const toml::source_region& where, const std::string& what) const {
    throw Error(Exit::config, fmt::format("{}:{}:{}: {}", path_, where.begin.line, where.begin.column, what));
  }

  // Every key of `t` must be one of `allowed`, or the English text of one that is printed
  // ("title_en" beside "title", see text()).
  void keys(const toml::table& t, std::initializer_list<std::string_view> allowed) const {
    for (const auto& [k, v] : t) {
      if (std::find(allowed.begin(), allowed.end(), k.str()) != allowed.end()) continue;
      if (const auto base = english_of(k.str());
          !base.empty() && std::find(allowed.begin(), allowed.end(), base) != allowed.end()) {
        if (!t.get(base))
          fail(k.source(), fmt::format(fmt::runtime(tr("có '{}' mà không có '{}'", "'{}' without '{}'")), k.str(), base));
        continue;
      }
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      fail(k.source(), fmt::format(fmt::runtime(tr("khóa '{}' không hợp lệ ở đây (chỉ dùng: {})",
                                                   "unknown key '{}' (expected one of: {})")),
                                   k.str(), list));
    }
  }

  const toml::node& need(const toml::table& t, std::string_view key, std::string_view where) const {
    if (const toml::node* n = t.get(key)) return *n;
    fail(t.source(), fmt::format(fmt::runtime(tr("{} thiếu khóa bắt buộc '{}'", "{} lacks the required key '{}'")),
                                 where, key));
  }

  std::string str(const toml::node& n, std::string_view key) const {
    const auto* s = n.as_string();
    if (!s) fail(n.source(), fmt::format(fmt::runtime(tr("'{}' phải là một chuỗi", "'{}' must be a string")), key));
    if (s->get().empty())
      fail(n.source(), fmt::format(fmt::runtime(tr("'{}' không được để trống", "'{}' must not be empty")), key));
    return s->get();
  }

  std::string opt_str(const toml::table& t, std::string_view key) const {
    const toml::node* n = t.get(key);
    return n ? str(*n, key) : std::string();
  }

  // A printed text: `key`, or with --lang en `key`_en when the template gives it (either is
  // checked, whatever the language). Empty when neither is there.
  std::string text(const toml::table& t, std::string_view key) const {
    const std::string en_key = std::string(key) + "_en";
    const std::string vi = opt_str(t, key), en = opt_str(t, en_key);
    return hotro::lang() == Lang::en && !en.empty() ? en : vi;
  }
  std::vector<std::string> texts(const toml::table& t, std::string_view key) const {
    const std::string en_key = std::string(key) + "_en";
    std::vector<std::string> vi, en;
    if (const toml::node* n = t.get(key)) vi = strings(*n, key);
    if (const toml::node* n = t.get(en_key)) en = strings(*n, en_key);
    return hotro::lang() == Lang::en && !en.empty() ? en : vi;
  }

  int64_t integer(const toml::node& n, std::string_view key, int64_t lo, int64_t hi) const {
    const auto* i = n.as_integer();
    if (!i || i->get() < lo || i->get() > hi)
      fail(n.source(), fmt::format(fmt::runtime(tr("'{}' phải là một số nguyên từ {} đến {}",
                                                   "'{}' must be a whole number from {} to {}")),
                                   key, lo, hi));
    return i->get();
  }

  std::vector<std::string> strings(const toml::node& n, std::string_view key) const {
    std::vector<std::string> out;
    if (n.is_string()) return {str(n, key)};
    const auto* a = n.as_array();
    if (!a) fail(n.source(), fmt::format(fmt::runtime(tr("'{}' phải là một chuỗi hoặc danh sách chuỗi",
                                                         "'{}' must be a string or a list of strings")),
                                         key));
    for (const auto& item : *a) out.push_back(str(item, key));
    return out;
  }

  const toml::table& table(const toml::node& n, std::string_view key) const {
    const auto* t = n.as_table();
    if (!t) fail(n.source(), fmt::format(fmt::runtime(tr("'{}' phải là một bảng", "'{}' must be a table")), key));
    return *t;
  }

  const toml::array& tables(const toml::node& n, std::string_view key) const {
    const auto* a = n.as_array();
    if (!a || !a->is_array_of_tables())
      fail(n.source(), fmt::format(fmt::runtime(tr("'{}' phải là danh sách bảng ([[{}]])",
                                                   "'{}' must be a list of tables ([[{}]])")),
                                   key, key));
    return *a;
  }

  std::string choice(const toml::node& n, std::string_view key, std::initializer_list<std::string_view> allowed) const {
    std::string v = str(n, key);
    if (std::find(allowed.begin(), allowed.end(), v) != allowed.end()) return v;
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail(n.source(), fmt::format(fmt::runtime(tr("{} = '{}' không hợp lệ (chỉ dùng: {})",
                                                 "{} = '{}' is not valid (expected one of: {})")),
                                 key, v, list));
  }

  std::string measure(const toml::node& n, std::string_view key) const {
    std::string m = str(n, key);
    if (!find_measure(m))
      fail(n.source(), fmt::format(fmt::runtime(tr("không có chỉ tiêu '{}' (có: {})", "unknown measure '{}' (known: {})")),
                                   m, measure_names()));
    return m;
  }

  // A dimension with its options, from the keys dimension/bands/categories of `t`.
  DimSpec dim(const toml::table& t, std::string_view key) const {
    DimSpec d;
    const toml::node* n = t.get(key);
    if (!n) return d;
    d.name = str(*n, key);
    d.line = static_cast<int>(n->source().begin.line);
    if (!dimension_known(d.name))
      fail(n->source(), fmt::format(fmt::runtime(tr("không có phân tổ '{}' (có: {})", "unknown dimension '{}' (known: {})")),
                                    d.name, dimension_names()));
    if (const toml::node* b = t.get("bands")) {
      if (d.name != "age_group") fail(b->source(), tr("'bands' chỉ dùng với age_group", "'bands' goes only with age_group"));
      const auto* a = b->as_array();
      if (!a || a->empty()) fail(b->source(), tr("'bands' phải là danh sách tuổi tăng dần, ví dụ [16, 18]",
                                                 "'bands' must be a rising list of ages, e.g. [16, 18]"));
      for (const auto& x : *a) {
        const int v = static_cast<int>(integer(x, "bands", 1, 120));
        if (!d.bands.empty() && v <= d.bands.back())
          fail(x.source(), tr("'bands' phải tăng dần", "'bands' must rise"));
        d.bands.push_back(v);
      }
    } else if (d.name == "age_group") {
      d.bands = {16, 18};  // the criminal statistics' under 16 and the 2024 Law's under 18
    }
    if (const toml::node* c = t.get("categories")) d.categories = strings(*c, "categories");
    return d;
  }

  // where = { dim = "value" | ["v1", "v2"], ... }
  std::vector<Filter> filters(const toml::table& t, std::string_view key) const {
    std::vector<Filter> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    for (const auto& [k, v] : table(*n, key)) {
      Filter f;
      f.dim.name = std::string(k.str());
      f.line = static_cast<int>(k.source().begin.line);
      if (!dimension_known(f.dim.name) || f.dim.name == "total" || f.dim.name == "age_group" ||
          f.dim.name == "quarter")
        fail(k.source(), fmt::format(fmt::runtime(tr("không lọc được theo '{}'", "cannot filter on '{}'")), k.str()));
      f.values = strings(v, k.str());
      out.push_back(std::move(f));
    }
    return out;
  }

  void check_source(const toml::node& where, const std::string& measure, const DimSpec& d) const {
    const MeasureDef* m = find_measure(measure);
    if (m && !dimension_applies(d.name, m->source))
      fail(where.source(), fmt::format(fmt::runtime(tr("chỉ tiêu '{}' không có phân tổ '{}'",
                                                       "measure '{}' has no dimension '{}'")),
                                       measure, d.name));
  }

 private:
  std::string path_;
};

}  // namespace

std::string DimSpec::key() const {
  std::string k = name;
  for (int b : bands) k += fmt::format(",{}", b);
  for (const auto& c : categories) k += "|" + c;
  return k;
}

const MeasureDef* find_measure(const std::string& name) {
  for (const auto& m : kMeasures)
    if (name == m.name) return &m;
  return nullptr;
}

bool dimension_known(const std::string& dim) {
  return std::any_of(std::begin(kDims), std::end(kDims), [&](const DimDef& d) { return dim == d.name; });
}

bool dimension_applies(const std::string& dim, Source s) {
  for (const auto& d : kDims)
    if (dim == d.name) return d.sources & (1u << static_cast<unsigned>(s));
  return false;
}

const std::string& recipient_for(const Template& t, const std::string& period_end) {
  for (const auto& [until, recipient] : t.earlier_recipients)
    if (period_end <= until) return recipient;
  return t.recipient;
}

Template load_template(const std::filesystem::path& file) {
  const std::string path = file.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không mở được mẫu báo cáo '{}': không có tệp này",
                                                           "cannot open template '{}': no such file")),
                                           path));
  Reader r(path);
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    r.fail(e.source(), std::string(e.description()));
  }
  Template t;
  t.path = path;
  t.id = file.stem().string();
  t.sha256 = sha256_file(path);
  r.keys(root, {"version", "kind", "form", "title", "recipient", "issuer", "issuing_level", "date_basis",
                "cutoff", "suppress_below", "notes", "section", "chart", "list", "checks", "earlier_recipient"});
  const toml::node& version = r.need(root, "version", tr("mẫu báo cáo", "the template"));
  if (r.integer(version, "version", 0, 1000) != 1)
    r.fail(version.source(), tr("không hỗ trợ mẫu báo cáo phiên bản này (bản hotro này đọc phiên bản 1)",
                                "this template version is not supported (this hotro reads 1)"));
  if (const toml::node* n = root.get("kind")) t.kind = r.choice(*n, "kind", {"table", "list", "quality"});
  r.str(r.need(root, "title", tr("mẫu báo cáo", "the template")), "title");
  r.str(r.need(root, "recipient", tr("mẫu báo cáo", "the template")), "recipient");
  t.title = r.text(root, "title");
  t.recipient = r.text(root, "recipient");
  if (const toml::node* n = root.get("earlier_recipient")) {
    std::string last;
    for (const auto& en : r.tables(*n, "earlier_recipient")) {
      const toml::table& et = *en.as_table();
      r.keys(et, {"until", "recipient"});
      const toml::node& until = r.need(et, "until", "[[earlier_recipient]]");
      const auto* d = until.as_date();
      if (!d) r.fail(until.source(), tr("'until' phải là một ngày, ví dụ 2025-06-30", "'until' must be a date, e.g. 2025-06-30"));
      const std::string iso = fmt::format("{:04}-{:02}-{:02}", d->get().year, d->get().month, d->get().day);
      if (iso <= last)
        r.fail(until.source(), tr("các [[earlier_recipient]] phải theo thứ tự ngày 'until' tăng dần",
                                  "[[earlier_recipient]] must be in order of 'until'"));
      last = iso;
      r.need(et, "recipient", "[[earlier_recipient]]");
      t.earlier_recipients.emplace_back(iso, r.text(et, "recipient"));
    }
  }
  t.issuer = r.text(root, "issuer");
  t.form = r.text(root, "form");
  t.issuing_level = r.choice(r.need(root, "issuing_level", tr("mẫu báo cáo", "the template")), "issuing_level",
                             {"commune", "province", "facility"});
  t.date_basis = r.choice(r.need(root, "date_basis", tr("mẫu báo cáo", "the template")), "date_basis",
                          {"intake", "identification", "support", "payment"});
  t.cutoff = r.choice(r.need(root, "cutoff", tr("mẫu báo cáo", "the template")), "cutoff", {"calendar", "state_cutoff"});
  if (const toml::node* n = root.get("suppress_below"))
    t.suppress_below = static_cast<int>(r.integer(*n, "suppress_below", 0, 1000));
  t.notes = r.texts(root, "notes");
  if (const toml::node* n = root.get("checks")) {
    if (t.kind != "quality") r.fail(n->source(), tr("'checks' chỉ dùng với kind = \"quality\"", "'checks' goes only with kind = \"quality\""));
    t.checks = r.strings(*n, "checks");
  }

  if (const toml::node* n = root.get("section")) {
    for (const auto& sn : r.tables(*n, "section")) {
      const toml::table& st = *sn.as_table();
      SectionSpec s;
      s.line = static_cast<int>(st.source().begin.line);
      if (const toml::node* k = st.get("kind")) s.kind = r.choice(*k, "kind", {"table", "ratio"});
      if (s.kind == "table")
        r.keys(st, {"kind", "title", "measure", "row_header", "where", "columns", "rows", "notes"});
      else
        r.keys(st, {"kind", "title", "row_header", "rows", "notes"});
      r.need(st, "title", "[[section]]");
      s.title = r.text(st, "title");
      s.row_header = r.text(st, "row_header");
      if (const toml::node* m = st.get("measure")) s.measure = r.measure(*m, "measure");
      s.where = r.filters(st, "where");
      s.notes = r.texts(st, "notes");
      if (s.kind == "table") {
        for (const auto& cn : r.tables(r.need(st, "columns", "[[section]]"), "columns")) {
          const toml::table& ct = *cn.as_table();
          r.keys(ct, {"measure", "dimension", "bands", "categories", "header"});
          ColumnSpec c;
          c.line = static_cast<int>(ct.source().begin.line);
          if (const toml::node* m = ct.get("measure")) c.measure = r.measure(*m, "measure");
          c.dim = r.dim(ct, "dimension");
          c.header = r.text(ct, "header");
          if (c.dim.name != "total" && c.header.empty()) r.need(ct, "header", "[[section.columns]]");
          s.columns.push_back(std::move(c));
        }
      }
      for (const auto& rn : r.tables(r.need(st, "rows", "[[section]]"), "rows")) {
        const toml::table& rt = *rn.as_table();
        RowSpec row;
        row.line = static_cast<int>(rt.source().begin.line);
        r.need(rt, "label", "[[section.rows]]");
        row.label = r.text(rt, "label");
        if (s.kind == "ratio") {
          r.keys(rt, {"label", "numerator", "denominator", "target"});
          for (const char* part : {"numerator", "denominator"}) {
            const toml::table& pt = r.table(r.need(rt, part, "[[section.rows]]"), part);
            r.keys(pt, {"measure", "where"});
            const std::string m = r.measure(r.need(pt, "measure", part), "measure");
            auto w = r.filters(pt, "where");
            for (const auto& f : w) r.check_source(*pt.get("where"), m, f.dim);
            (std::string(part) == "numerator" ? row.num_measure : row.den_measure) = m;
            (std::string(part) == "numerator" ? row.num_where : row.den_where) = std::move(w);
          }
          if (const toml::node* tg = rt.get("target")) row.target = static_cast<int>(r.integer(*tg, "target", 0, 100));
        } else {
          r.keys(rt, {"label", "measure", "where", "by", "bands", "categories", "overlap"});
          if (const toml::node* m = rt.get("measure")) row.measure = r.measure(*m, "measure");
          row.where = r.filters(rt, "where");
          if (rt.get("by")) row.by = r.dim(rt, "by");
          if (!row.by && (rt.get("bands") || rt.get("categories")))
            r.fail(rt.source(), tr("'bands'/'categories' của dòng cần 'by'", "a row's 'bands'/'categories' need 'by'"));
          if (const toml::node* o = rt.get("overlap")) {
            const auto* b = o->as_boolean();
            if (!b) r.fail(o->source(), tr("'overlap' phải là true hoặc false", "'overlap' must be true or false"));
            row.overlap = b->get();
          }
          // Every cell's measure must have the dimensions its row and column filter on.
          const std::string rm = row.measure.empty() ? s.measure : row.measure;
          for (const auto& c : s.columns) {
            const std::string m = c.measure.empty() ? rm : c.measure;
            if (m.empty())
              r.fail(rt.source(), tr("không rõ chỉ tiêu của ô: đặt 'measure' cho section, dòng hoặc cột",
                                     "no measure for a cell: set 'measure' on the section, the row or the column"));
            r.check_source(rt, m, c.dim);
            if (row.by) r.check_source(*rt.get("by"), m, *row.by);
            for (const auto& f : row.where) r.check_source(*rt.get("where"), m, f.dim);
            for (const auto& f : s.where) r.check_source(*st.get("where"), m, f.dim);
          }
        }
        s.rows.push_back(std::move(row));
      }
      t.sections.push_back(std::move(s));
    }
  }
  if (const toml::node* n = root.get("chart")) {
    const toml::table& ct = r.table(*n, "chart");
    r.keys(ct, {"title", "measure", "dimension", "bands", "categories", "type"});
    ChartSpec c;
    c.line = static_cast<int>(ct.source().begin.line);
    r.need(ct, "title", "[chart]");
    c.title = r.text(ct, "title");
    c.measure = r.measure(r.need(ct, "measure", "[chart]"), "measure");
    r.need(ct, "dimension", "[chart]");
    c.dim = r.dim(ct, "dimension");
    r.check_source(*ct.get("dimension"), c.measure, c.dim);
    if (const toml::node* ty = ct.get("type")) c.type = r.choice(*ty, "type", {"column", "bar", "pie"});
    t.chart = std::move(c);
  }
  if (const toml::node* n = root.get("list")) {
    if (t.kind != "list") r.fail(n->source(), tr("[list] chỉ dùng với kind = \"list\"", "[list] goes only with kind = \"list\""));
    const toml::table& lt = r.table(*n, "list");
    r.keys(lt, {"fields", "amounts_by", "categories"});
    ListSpec l;
    l.line = static_cast<int>(lt.source().begin.line);
    l.fields = r.strings(r.need(lt, "fields", "[list]"), "fields");
    static const std::set<std::string> known = {"person_id", "full_name", "birth_year", "birth_date", "sex",
                                                "citizen_id", "residence", "cases", "days"};
    for (const auto& f : l.fields)
      if (!known.count(f))
        r.fail(lt.get("fields")->source(),
               fmt::format(fmt::runtime(tr("không có trường '{}' cho danh sách (có: person_id, full_name, birth_year, "
                                           "birth_date, sex, citizen_id, residence, cases, days)",
                                           "unknown list field '{}' (known: person_id, full_name, birth_year, "
                                           "birth_date, sex, citizen_id, residence, cases, days)")),
                           f));
    if (lt.get("amounts_by")) {
      l.amounts_by = r.dim(lt, "amounts_by");
      r.check_source(*lt.get("amounts_by"), "support_vnd", l.amounts_by);
    }
    t.list = std::move(l);
  }
  if (t.kind == "list" && !t.list) r.need(root, "list", tr("mẫu danh sách", "a list template"));
  if (t.kind == "table" && t.sections.empty()) r.need(root, "section", tr("mẫu bảng", "a table template"));
  return t;
}

std::vector<std::string> template_names(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".toml") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::filesystem::path find_template(const std::filesystem::path& dir, const std::string& name) {
  std::error_code ec;
  if (name.find('/') != std::string::npos || name.ends_with(".toml")) {
    if (!std::filesystem::is_regular_file(name, ec))
      throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không mở được mẫu báo cáo '{}': không có tệp này",
                                                             "cannot open template '{}': no such file")),
                                             name));
    return name;
  }
  const auto file = dir / (name + ".toml");
  if (std::filesystem::is_regular_file(file, ec)) return file;
  std::string names;
  for (const auto& n : template_names(dir)) names += (names.empty() ? "" : ", ") + n;
  throw Error(Exit::usage, fmt::format(fmt::runtime(tr("không có mẫu báo cáo '{}' trong {} (có: {})",
                                                       "no template '{}' in {} (available: {})")),
                                       name, dir.string(), names));
}

}  // namespace hotro::report
