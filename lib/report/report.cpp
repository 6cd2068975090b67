// SPDX-License-Identifier: MIT
#include "report/report.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "i18n.h"
#include "report/template.h"

namespace hotro::report {

namespace {

json column_json(const Column& c) {
  json j{{"group", c.group}, {"header", c.header}, {"measure", c.measure}, {"type", c.type}};
  if (c.total >= 0) j["total"] = c.total;
  return j;
}

Column column_of(const json& j) {
  Column c;
  c.group = j.at("group");
  c.header = j.at("header");
  c.measure = j.at("measure");
  c.type = j.at("type");
  c.total = j.value("total", -1);
  return c;
}

bool has_amounts(const Section& s) { return std::any_of(s.columns.begin(), s.columns.end(), amount_column); }

json list_cell(const ListCell& c) { return c.number ? json(c.n) : json(c.s); }
ListCell list_cell_of(const json& j) { return j.is_number() ? ListCell{true, j.get<int64_t>(), {}} : ListCell{false, 0, j.get<std::string>()}; }

}  // namespace

bool amount_column(const Column& c) { return c.type == "vnd" || c.type == "days"; }

json to_json(const Report& r) {
  json j;
  j["template"] = r.template_id;
  j["kind"] = r.kind;
  j["form"] = r.form;
  j["title"] = r.title;
  j["recipient"] = r.recipient;
  j["issuer"] = r.issuer;
  j["issuing_level"] = r.issuing_level;
  j["period"] = {{"name", r.period.name}, {"from", r.period.from.iso()}, {"to", r.period.to.iso()},
                 {"kind", r.period.kind}, {"basis", r.period.basis}, {"confirmed", r.period.confirmed},
                 {"citation", r.period.citation}};
  j["date_basis"] = r.date_basis;
  j["versions"] = {{"template_sha256", r.template_sha256}, {"rules_sha256", r.rules_sha256}};
  j["suppress_below"] = r.suppress_below;
  j["hidden_cells"] = r.hidden_cells;
  j["include_pii"] = r.include_pii;
  j["notes"] = r.notes;
  json sections = json::array();
  for (const auto& s : r.sections) {
    json cols = json::array(), rows = json::array();
    for (const auto& c : s.columns) cols.push_back(column_json(c));
    for (size_t i = 0; i < s.rows.size(); ++i) {
      const Row& row = s.rows[i];
      json values = json::array();
      for (size_t c = 0; c < s.columns.size(); ++c)
        values.push_back(s.shown[i][c] == Shown::value ? json(s.values[i][c])
                         : s.shown[i][c] == Shown::hidden ? json("x") : json());
      json jr{{"label", row.label}, {"level", row.level}};
      if (row.parent >= 0) jr["parent"] = row.parent;
      if (row.overlap) jr["overlap"] = true;
      jr["values"] = std::move(values);
      if (!s.persons.empty() && has_amounts(s)) {  // persons behind the amounts shown
        json persons = json::array();
        for (size_t c = 0; c < s.columns.size(); ++c)
          persons.push_back(amount_column(s.columns[c]) && s.shown[i][c] == Shown::value ? json(s.persons[i][c]) : json());
        jr["persons"] = std::move(persons);
      }
      rows.push_back(std::move(jr));
    }
    sections.push_back({{"title", s.title}, {"kind", s.kind}, {"row_header", s.row_header}, {"columns", cols},
                        {"rows", rows}, {"notes", s.notes}});
  }
  j["sections"] = std::move(sections);
  if (r.listing) {
    json cols = json::array(), rows = json::array(), total = json::array();
    for (const auto& c : r.listing->columns) cols.push_back(column_json(c));
    for (const auto& row : r.listing->rows) {
      json jr = json::array();
      for (const auto& c : row) jr.push_back(list_cell(c));
      rows.push_back(std::move(jr));
    }
    for (const auto& c : r.listing->total) total.push_back(list_cell(c));
    j["list"] = {{"title", r.listing->title}, {"columns", cols}, {"rows", rows}, {"total", total}};
  }
  if (r.chart)
    j["chart"] = {{"title", r.chart->title}, {"type", r.chart->type}, {"series", r.chart->series},
                  {"labels", r.chart->labels}, {"values", r.chart->values}};
  json problems = json::array();
  for (const auto& p : r.problems)
    problems.push_back({{"check", p.check}, {"label", p.label}, {"case_id", p.case_id}, {"record", p.record}});
  j["quality_problems"] = std::move(problems);
  return j;
}

Report from_json(const json& j) {
  Report r;
  r.template_id = j.at("template");
  r.kind = j.at("kind");
  r.form = j.at("form");
  r.title = j.at("title");
  r.recipient = j.at("recipient");
  r.issuer = j.at("issuer");
  r.issuing_level = j.at("issuing_level");
  const json& p = j.at("period");
  r.period.name = p.at("name");
  r.period.from = *text::from_iso(p.at("from").get<std::string>());
  r.period.to = *text::from_iso(p.at("to").get<std::string>());
  r.period.kind = p.at("kind");
  r.period.basis = p.at("basis");
  r.period.confirmed = p.at("confirmed");
  r.period.citation = p.at("citation");
  r.date_basis = j.at("date_basis");
  r.template_sha256 = j.at("versions").at("template_sha256");
  r.rules_sha256 = j.at("versions").at("rules_sha256");
  r.suppress_below = j.at("suppress_below");
  r.hidden_cells = j.at("hidden_cells");
  r.include_pii = j.at("include_pii");
  r.notes = j.at("notes").get<std::vector<std::string>>();
  for (const auto& js : j.at("sections")) {
    Section s;
    s.title = js.at("title");
    s.kind = js.at("kind");
    s.row_header = js.at("row_header");
    s.notes = js.at("notes").get<std::vector<std::string>>();
    for (const auto& c : js.at("columns")) s.columns.push_back(column_of(c));
    for (const auto& jr : js.at("rows")) {
      Row row;
      row.label = jr.at("label");
      row.level = jr.at("level");
      row.parent = jr.value("parent", -1);
      row.overlap = jr.value("overlap", false);
      s.rows.push_back(row);
      std::vector<int64_t> values;
      std::vector<Shown> shown;
      for (const auto& v : jr.at("values")) {
        values.push_back(v.is_number() ? v.get<int64_t>() : 0);
        shown.push_back(v.is_number() ? Shown::value : v.is_null() ? Shown::none : Shown::hidden);
      }
      s.values.push_back(values);
      s.shown.push_back(shown);
      if (jr.contains("persons")) {
        std::vector<int64_t> persons;
        for (const auto& v : jr.at("persons")) persons.push_back(v.is_number() ? v.get<int64_t>() : 0);
        s.persons.push_back(std::move(persons));
      }
    }
    if (s.persons.size() != s.rows.size()) s.persons.clear();  // not known for every row: unknown
    r.sections.push_back(std::move(s));
  }
  if (j.contains("list")) {
    Listing l;
    const json& jl = j.at("list");
    l.title = jl.at("title");
    for (const auto& c : jl.at("columns")) l.columns.push_back(column_of(c));
    for (const auto& jr : jl.at("rows")) {
      std::vector<ListCell> row;
      for (const auto& c : jr) row.push_back(list_cell_of(c));
      l.rows.push_back(std::move(row));
    }
    for (const auto& c : jl.at("total")) l.total.push_back(list_cell_of(c));
    r.listing = std::move(l);
  }
  if (j.contains("chart")) {
    const json& jc = j.at("chart");
    r.chart = Chart{jc.at("title"), jc.at("type"), jc.at("series"), jc.at("labels").get<std::vector<std::string>>(),
                    jc.at("values").get<std::vector<int64_t>>()};
  }
  for (const auto& jp : j.at("quality_problems"))
    r.problems.push_back({jp.at("check"), jp.at("label"), jp.at("case_id"), jp.at("record")});
  return r;
}

std::string cell_text(const Section& s, size_t row, size_t col) {
  switch (s.shown[row][col]) {
    case Shown::hidden: return "x";
    case Shown::none: return "-";
    case Shown::value: break;
  }
  const int64_t v = s.values[row][col];
  if (s.columns[col].type == "percent") return fmt::format("{}.{}", v / 10, v % 10);
  return std::to_string(v);
}

std::vector<std::string> check_totals(const Report& r) {
  std::vector<std::string> out;
  for (const auto& s : r.sections) {
    if (s.kind == "ratio") continue;
    const size_t nc = s.columns.size();
    for (size_t i = 0; i < s.rows.size(); ++i) {
      // Columns: the categories of one dimension add up to their total column.
      std::map<std::pair<int, std::string>, int64_t> sums;
      for (size_t c = 0; c < nc; ++c)
        if (s.columns[c].total >= 0) sums[{s.columns[c].total, s.columns[c].group}] += s.values[i][c];
      for (const auto& [key, sum] : sums)
        if (sum != s.values[i][key.first])
          out.push_back(fmt::format("{} / {} / {}: {} ≠ {} ({})", s.title, s.rows[i].label, key.second, sum,
                                    s.values[i][key.first], s.columns[key.first].header));
      // Rows: the categories under a row add up to it.
      std::vector<int64_t> child_sum(nc, 0);
      bool has_children = false;
      for (size_t k = 0; k < s.rows.size(); ++k)
        if (s.rows[k].parent == static_cast<int>(i)) {
          has_children = true;
          for (size_t c = 0; c < nc; ++c) child_sum[c] += s.values[k][c];
        }
      if (!has_children) continue;
      for (size_t c = 0; c < nc; ++c) {
        const MeasureDef* m = find_measure(s.columns[c].measure);
        if (s.rows[i].overlap && m && m->agg == Agg::persons) continue;
        if (child_sum[c] != s.values[i][c])
          out.push_back(fmt::format("{} / {} / {}: {} ≠ {}", s.title, s.rows[i].label, s.columns[c].header, child_sum[c],
                                    s.values[i][c]));
      }
    }
  }
  if (r.listing && !r.listing->total.empty()) {
    const Listing& l = *r.listing;
    for (size_t c = 0; c < l.columns.size(); ++c) {
      if (!l.total[c].number) continue;
      int64_t sum = 0;
      for (const auto& row : l.rows) sum += row[c].n;
      if (sum != l.total[c].n) out.push_back(fmt::format("{} / {}: {} ≠ {}", l.title, l.columns[c].header, sum, l.total[c].n));
    }
    for (const auto& row : l.rows) {
      std::map<int, int64_t> sums;  // a list has one group of amounts
      for (size_t c = 0; c < l.columns.size(); ++c)
        if (l.columns[c].total >= 0) sums[l.columns[c].total] += row[c].n;
      for (const auto& [t, sum] : sums)
        if (sum != row[t].n) out.push_back(fmt::format("{} / {}: {} ≠ {}", l.title, row[0].n, sum, row[t].n));
    }
  }
  return out;
}

std::string basis_words(const std::string& basis) {
  if (basis == "intake") return tr("ngày tiếp nhận", "intake date");
  if (basis == "identification") return tr("ngày xác định là nạn nhân", "identification date");
  if (basis == "support") return tr("ngày hỗ trợ", "support date");
  if (basis == "payment") return tr("ngày chi trả (chỉ các khoản đã chi)", "payment date (paid supports only)");
  return basis;
}

std::string period_basis_words(const std::string& basis) {
  if (basis == "calendar") return tr("theo lịch (ngày đầu đến ngày cuối kỳ)", "calendar (first to last day of the period)");
  if (basis == "state_cutoff")
    return tr("theo ngày chốt số liệu báo cáo nhà nước (Nghị định 09/2019/NĐ-CP)",
              "the state reporting cut-off (Decree 09/2019/NĐ-CP)");
  return basis;
}

std::string level_words(const std::string& level) {
  if (level == "commune") return tr("Cấp xã", "Commune level");
  if (level == "province") return tr("Cấp tỉnh", "Province level");
  if (level == "facility") return tr("Cơ sở hỗ trợ", "Support facility");
  return level;
}

std::string period_words(const Period& p) {
  std::string name = p.name;
  const int y = p.name.size() >= 4 ? std::atoi(p.name.substr(0, 4).c_str()) : 0;
  if (p.kind == "year") name = fmt::format(fmt::runtime(tr("Năm {}", "Year {}")), y);
  else if (p.kind == "half") name = fmt::format(fmt::runtime(tr("6 tháng {} năm {}", "{} half of {}")),
                                                p.name[6] == '1' ? tr("đầu", "First") : tr("cuối", "Second"), y);
  else if (p.kind == "quarter") name = fmt::format(fmt::runtime(tr("Quý {}/{}", "Q{} {}")), p.name.substr(6), y);
  else if (p.kind == "month") name = fmt::format(fmt::runtime(tr("Tháng {}/{}", "{}/{}")), p.name.substr(5), y);
  else if (p.kind == "nine_months") name = fmt::format(fmt::runtime(tr("9 tháng năm {}", "Nine months of {}")), y);
  else if (p.kind == "range")  // the dates are the name
    return fmt::format(fmt::runtime(tr("Từ ngày {} đến ngày {}", "{} to {}")), p.from.display(), p.to.display());
  return fmt::format(fmt::runtime(tr("{} (từ ngày {} đến ngày {})", "{} ({} to {})")), name, p.from.display(),
                     p.to.display());
}

}  // namespace hotro::report
