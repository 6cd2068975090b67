// SPDX-License-Identifier: MIT
// hotro report: the periodic reports (templates/*.toml) as xlsx, CSV, JSON, Markdown or a
// terminal table; `report close` / `report reopen` freeze a period's figures as submitted.
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "clock.h"
#include "common.h"
#include "data_dir.h"
#include "error.h"
#include "io/csv_writer.h"
#include "period.h"
#include "report/closing.h"
#include "report/engine.h"
#include "report/render.h"
#include "report/template.h"

namespace hotro::cmd {

namespace {

struct ReportOptions {
  std::string template_name, period, cutoff, out, format, templates_dir, rules_dir, issuer;
  bool include_pii = false, live = false, list_templates = false;
  int suppress_below = -1, fail_on_quality = -1;
  std::string reason;           // reopen
  std::vector<std::string> close_templates;
};

// Everything a run needs that does not come from the library.
struct Setup {
  std::filesystem::path templates, rules_file;
  PeriodRules rules;
};

Setup setup(const ReportOptions& o) {
  Setup s;
  s.templates = data_dir("templates", "HOTRO_TEMPLATES", optional_text(o.templates_dir));
  s.rules_file = rules_folder(o.rules_dir) / "periods.toml";
  s.rules = load_period_rules(s.rules_file);
  return s;
}

std::string format_of(const ReportOptions& o) {
  if (o.out.empty()) return o.format.empty() ? "table" : o.format;
  const std::string ext = extension_of(o.out);
  for (const char* f : {"xlsx", "csv", "json", "md"}) {
    if (ext != std::string(".") + f) continue;
    // A CSV named .xlsx is a file Excel refuses to open.
    if (!o.format.empty() && o.format != f)
      throw Error(Exit::usage, fmt::format(fmt::runtime(tr("--out '{}' có đuôi .{} nhưng --format là {}: bỏ --format, hoặc "
                                                           "đổi đuôi tệp",
                                                           "--out '{}' ends in .{} but --format is {}: leave out --format, "
                                                           "or change the file's extension")),
                                           o.out, f, o.format));
    return f;
  }
  if (!o.format.empty()) return o.format;
  throw Error(Exit::usage, fmt::format(fmt::runtime(tr("--out '{}': không biết định dạng; dùng đuôi .xlsx, .csv, .json, .md "
                                                       "hoặc --format",
                                                       "--out '{}': unknown format; use .xlsx, .csv, .json, .md or --format")),
                                       o.out));
}

// --out with {template} and {period} filled in.
std::string out_path(const std::string& pattern, const std::string& template_id, const std::string& period) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    const size_t end = pattern.find('}', i);
    const std::string name = end == std::string::npos ? "" : pattern.substr(i + 1, end - i - 1);
    if (name == "template") out += template_id;
    else if (name == "period") out += period;
    else
      throw Error(Exit::usage, fmt::format(fmt::runtime(tr("--out '{}': chỉ dùng được {{template}} và {{period}}",
                                                           "--out '{}': only {{template}} and {{period}} can be filled in")),
                                           pattern));
    i = end;
  }
  return out;
}

void print_terminal(const Global& g, const report::Report& r) {
  for (const auto& [k, v] : report::heading(r)) std::cout << k << ": " << v << '\n';
  auto number = [&](const std::string& type, int64_t v) {
    return type == "percent" ? fmt::format("{}{}{}", v / 10, g.en() ? '.' : ',', v % 10) : count(g, v);
  };
  for (const auto& s : r.sections) {
    std::cout << '\n' << s.title << '\n';
    std::vector<std::string> header = {s.row_header};
    for (const auto& c : s.columns) header.push_back(c.group.empty() ? c.header : c.group + ": " + c.header);
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < s.rows.size(); ++i) {
      std::vector<std::string> cells = {(s.rows[i].level ? "  " : "") + s.rows[i].label};
      for (size_t c = 0; c < s.columns.size(); ++c)
        cells.push_back(s.shown[i][c] == report::Shown::value ? number(s.columns[c].type, s.values[i][c])
                                                               : report::cell_text(s, i, c));
      rows.push_back(std::move(cells));
    }
    print_table(header, rows);
  }
  if (r.listing) {
    std::cout << '\n' << r.listing->title << '\n';
    std::vector<std::string> header;
    for (const auto& c : r.listing->columns) header.push_back(c.header);
    std::vector<std::vector<std::string>> rows;
    auto cells_of = [&](const std::vector<report::ListCell>& row) {
      std::vector<std::string> cells;
      for (size_t c = 0; c < row.size(); ++c) {
        const auto& type = r.listing->columns[c].type;
        cells.push_back(!row[c].number ? row[c].s
                        : type == "vnd" || type == "days" ? count(g, row[c].n) : std::to_string(row[c].n));
      }
      return cells;
    };
    for (const auto& row : r.listing->rows) rows.push_back(cells_of(row));
    if (!r.listing->total.empty()) rows.push_back(cells_of(r.listing->total));
    print_table(header, rows);
  }
}

// The report for a template and period: frozen if the period is closed (unless --live).
report::Report make(const Global& g, db::Database& db, const ReportOptions& o, const Setup& s,
                    const report::Template& t, const Period& p, std::vector<std::string>& warnings) {
  if (!o.live)
    if (const auto c = report::closure(db, p.name)) {
      const auto edited = report::edited_since(db, *c, p);
      if (!edited.empty()) {
        std::string ids;
        for (size_t i = 0; i < edited.size() && i < 10; ++i) ids += fmt::format("{}#{}", i ? ", " : "", edited[i]);
        if (edited.size() > 10) ids += ", ...";
        warnings.push_back(fmt::format(fmt::runtime(tr_n(edited.size(),
                                                         "kỳ {} đã khóa lúc {} UTC: {} hồ sơ có thay đổi sau đó (hồ sơ, "
                                                         "bước xử lý hoặc khoản hỗ trợ: {}); số liệu là số đã nộp (--live để "
                                                         "tính lại)",
                                                         "period {} was closed on {} UTC: {} case changed since (the case, "
                                                         "a step or a support: {}); the figures are those submitted "
                                                         "(--live to recompute)",
                                                         "period {} was closed on {} UTC: {} cases changed since (the case, "
                                                         "a step or a support: {}); the figures are those submitted "
                                                         "(--live to recompute)")),
                                       p.name, text::display_time(c->closed_at), edited.size(), ids));
      }
      if (auto r = report::frozen(db, *c, t.id, p)) {
        // The figures as submitted, with the small counts hidden that this copy asks to hide.
        if (!report::suppress_kept(*r, o.suppress_below >= 0 ? o.suppress_below : t.suppress_below))
          warnings.push_back(fmt::format(fmt::runtime(g.tr("kỳ {} được khóa trước khi hotro lưu số người của từng khoản "
                                                           "tiền: mọi ô số tiền đều bị ẩn (--live để tính lại)",
                                                           "period {} was closed before hotro kept how many persons each "
                                                           "amount is of: every amount cell is hidden (--live to recompute)")),
                                         p.name));
        return *r;
      }
      warnings.push_back(fmt::format(fmt::runtime(g.tr("kỳ {} đã khóa nhưng không lưu số liệu của mẫu '{}' ({}): số liệu được tính lại",
                                                       "period {} is closed but no figures of template '{}' ({}) were kept: "
                                                       "recomputed")),
                                     p.name, t.id, p.basis));
    }
  report::RunOptions ro;
  ro.include_pii = o.include_pii;
  if (o.suppress_below >= 0) ro.suppress_below = o.suppress_below;
  ro.rules_sha256 = s.rules.sha256;
  return report::run(db, t, p, ro);
}

void run_report(const Global& g, const ReportOptions& o) {
  if (o.template_name.empty())
    throw Error(Exit::usage, g.tr("cần --template (xem: hotro report --list-templates)", "--template is required (see: hotro report --list-templates)"));
  if (o.period.empty()) throw Error(Exit::usage, g.tr("cần --period", "--period is required"));
  const std::string format = format_of(o);
  if (format == "xlsx" && o.out.empty())
    throw Error(Exit::usage, g.tr("định dạng xlsx cần --out TỆP", "the xlsx format needs --out FILE"));
  const Setup s = setup(o);
  report::Template t = report::load_template(report::find_template(s.templates, o.template_name));
  if (!o.issuer.empty()) t.issuer = o.issuer;
  if (o.include_pii && t.kind != "list")
    throw Error(Exit::usage, fmt::format(fmt::runtime(g.tr("--include-pii chỉ dùng với danh sách có tên (mẫu '{}' là bảng số liệu)",
                                                           "--include-pii goes only with a named list (template '{}' is a table of figures)")),
                                         t.id));
  const Period p = resolve_period(o.period, s.rules, o.cutoff.empty() ? t.cutoff : o.cutoff, text::today());
  const std::string path = o.out.empty() ? "" : out_path(o.out, t.id, p.name);

  std::vector<std::string> warnings;
  if (!p.confirmed)
    warnings.push_back(fmt::format(fmt::runtime(g.tr("cách tính kỳ {} chưa được xác nhận: {}", "the period rule for {} is unconfirmed: {}")),
                                   p.name, p.citation));
  auto db = g.open_read();
  // A report reads a year of cases and their events in a few passes: map the file and keep a
  // large page cache for this connection rather than reading page by page.
  db->exec("PRAGMA mmap_size = 4294967296; PRAGMA cache_size = -262144");
  report::Report r = make(g, *db, o, s, t, p, warnings);
  if (!o.issuer.empty()) r.issuer = o.issuer;
  db.reset();

  if (o.fail_on_quality >= 0 && static_cast<int64_t>(r.problems.size()) > o.fail_on_quality)
    throw Error(Exit::found,
                fmt::format(fmt::runtime(g.tr("{} vấn đề chất lượng dữ liệu, nhiều hơn --fail-on-quality {}; chưa ghi báo cáo "
                                              "(xem: hotro report --template data-quality --period {})",
                                              "{} data-quality problems, more than --fail-on-quality {}; no report written "
                                              "(see: hotro report --template data-quality --period {})")),
                            r.problems.size(), o.fail_on_quality, p.name));

  // The output is opened before the audit entry is written: a folder that does not exist or
  // cannot be written is refused (exit 73) with nothing in the trail. (An xlsx workbook is
  // written by its own writer, the same way; this file only proves the folder.)
  auto file = path.empty() ? nullptr : std::make_unique<io::CsvWriter>(path, false);
  if (o.include_pii) {
    // Audited before any personal data leaves the library.
    auto w = g.open_write();
    db::Transaction tx(*w);
    audit::append(*w, g.context("report"),
                  {"report", "person", audit::json::array(), nullptr, nullptr,
                   audit::json{{"template", t.id}, {"period", p.name}, {"include_pii", true},
                               {"rows", r.listing ? r.listing->rows.size() : 0},
                               {"format", format}, {"out", path.empty() ? audit::json("stdout") : audit::json(path)}}});
    tx.commit();
  }

  if (format == "xlsx") {
    file.reset();
    report::MadeBy made{g.db_path, now_utc(), text::today().iso(), t.path, s.rules_file.string(), warnings};
    report::write_xlsx(r, path, made);
  } else if (format == "table") {
    print_terminal(g, r);
  } else {
    const std::string text = format == "csv" ? report::to_csv(r) : format == "json" ? report::to_json_text(r)
                                                                                    : report::to_markdown(r);
    if (!file) {
      std::cout << text;
    } else {
      file->raw(text);
      file->commit();
    }
  }
  for (const auto& w : warnings) std::cerr << "hotro: " << g.tr("cảnh báo: ", "warning: ") << w << '\n';
}

void run_close(const Global& g, const ReportOptions& o) {
  const Setup s = setup(o);
  std::vector<std::string> names = o.close_templates.empty() ? report::template_names(s.templates) : o.close_templates;
  auto db = g.open_write();
  std::vector<std::pair<std::string, report::Report>> reports;
  std::string period_name;
  for (const auto& name : names) {
    const report::Template t = report::load_template(report::find_template(s.templates, name));
    const std::string cutoff = o.cutoff.empty() ? t.cutoff : o.cutoff;
    const Period p = resolve_period(o.period, s.rules, cutoff, text::today());
    period_name = p.name;
    report::RunOptions ro;
    ro.rules_sha256 = s.rules.sha256;
    reports.push_back({p.basis, report::run(*db, t, p, ro)});  // a date range is "calendar" under either
  }
  if (period_name.empty()) period_name = resolve_period(o.period, s.rules, "calendar", text::today()).name;
  report::close_period(*db, g.context("report close"), period_name, reports);
  if (!g.quiet)
    std::cout << fmt::format(fmt::runtime(tr_n(reports.size(), "Đã khóa kỳ {} ({} mẫu báo cáo)\n", "Closed period {} ({} template)\n",
                                               "Closed period {} ({} templates)\n")),
                             period_name, reports.size());
}

void run_reopen(const Global& g, const ReportOptions& o) {
  const Setup s = setup(o);
  const Period p = resolve_period(o.period, s.rules, "calendar", text::today());
  auto db = g.open_write();
  report::reopen_period(*db, g.context("report reopen"), p.name, o.reason);
  if (!g.quiet) std::cout << fmt::format(fmt::runtime(g.tr("Đã mở lại kỳ {}\n", "Reopened period {}\n")), p.name);
}

}  // namespace

void register_report(CLI::App& app, Global& g) {
  auto o = std::make_shared<ReportOptions>();
  auto* sub = app.add_subcommand("report", "Periodic reports from templates as xlsx, CSV, JSON or Markdown; "
                                           "close and reopen periods (báo cáo)");
  sub->require_subcommand(0, 1);
  auto data_options = [&](CLI::App* a) {
    a->add_option("--templates", o->templates_dir, "Folder of report templates (default: $HOTRO_TEMPLATES, else the shipped templates/)")
        ->type_name("DIR");
    a->add_option("--rules", o->rules_dir, "Folder of rule files with periods.toml (default: $HOTRO_RULES, else the shipped rules/)")
        ->type_name("DIR");
    a->add_option("--cutoff", o->cutoff, "How the period maps to dates: calendar or state_cutoff (Decree 09/2019 Art. 12); "
                                         "default: the template's")
        ->check(CLI::IsMember({"calendar", "state_cutoff"}));
  };
  sub->add_option("--template", o->template_name, "Template name (templates/NAME.toml) or a .toml file")->type_name("NAME");
  sub->add_option("--period", o->period, "2026, 2026-H1, 2026-9M, 2026-Q3, 2026-07, 2026-01-01..2026-03-31, previous-quarter, "
                                         "previous-half, previous-year, current-quarter, previous-month, ...")
      ->type_name("PERIOD");
  add_out_option(sub, o->out, "File to write; {template} and {period} are filled in (default: the terminal)");
  sub->add_option("--format", o->format, "xlsx, csv, json, md or table (default: from --out's extension; table on the terminal)")
      ->check(CLI::IsMember({"xlsx", "csv", "json", "md", "table"}));
  sub->add_flag("--include-pii", o->include_pii, "Named list: also names, birth dates, ID numbers and addresses (audited)");
  sub->add_option("--suppress-below", o->suppress_below, "Hide counts below K, and cells that would reveal them (default: "
                                                         "the template's, else off)")
      ->type_name("K")
      ->check(CLI::Range(0, 1000));
  sub->add_option("--fail-on-quality", o->fail_on_quality, "Fail (exit 1, nothing written) when the report's records have "
                                                           "more than N data-quality problems")
      ->type_name("N")
      ->check(CLI::Range(0, 1000000000));
  sub->add_option("--issuer", o->issuer, "The issuing agency printed in the heading (default: the template's)")->type_name("TEXT");
  sub->add_flag("--live", o->live, "For a closed period: compute the figures again instead of the frozen ones");
  sub->add_flag("--list-templates", o->list_templates, "List the available templates and exit");
  data_options(sub);

  auto* close = sub->add_subcommand("close", "Close a period: freeze every template's figures as submitted (audited)");
  close->add_option("period", o->period, "The period, e.g. 2026-Q3 or previous-quarter")->required();
  close->add_option("--template", o->close_templates, "Only these templates (default: all)")->type_name("NAME");
  close->callback([&g, o] { run_close(g, *o); });
  auto* reopen = sub->add_subcommand("reopen", "Reopen a closed period (audited, with the reason)");
  reopen->add_option("period", o->period, "The period, e.g. 2026-Q3")->required();
  reopen->add_option("--reason", o->reason, "Why the period is opened again")->required();
  reopen->callback([&g, o] { run_reopen(g, *o); });

  sub->callback([&g, o, sub] {
    if (sub->get_subcommands().size() > 0) return;  // close / reopen ran
    if (o->list_templates) {
      const Setup s = setup(*o);
      for (const auto& name : report::template_names(s.templates)) {
        const auto t = report::load_template(s.templates / (name + ".toml"));
        std::cout << name << "  " << t.title << '\n';
      }
      return;
    }
    run_report(g, *o);
  });
}

}  // namespace hotro::cmd
