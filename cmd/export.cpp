// SPDX-License-Identifier: MIT
// hotro export: cases for another system (CSV or JSON), without names, ID numbers, addresses
// and notes unless --include-pii; or an anonymised, k-anonymous CTDC-shaped extract.
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "clock.h"
#include "common.h"
#include "error.h"
#include "export.h"
#include "io/csv_writer.h"

namespace hotro::cmd {

namespace {

struct ExportOptions {
  std::string out, format, period;
  bool include_pii = false, anonymised = false;
  int k = 11;
  bool k_given = false;
};

// Ids, years, ages and yes/no flags are numbers in JSON; the rest text; empty cells null.
bool numeric_column(const std::string& name) {
  static const std::set<std::string> numeric = {
      "case_id", "person_id", "birth_year", "age_at_intake", "abroad", "poor_household",
      "yearOfRegistration", "isSexualExploit", "isForcedLabour", "isForcedMarriage",
      "isOrganRemoval", "isOtherExploit"};
  return numeric.count(name) > 0;
}

json as_json(const exporting::Table& t) {
  json rows = json::array();
  for (const auto& r : t.rows) {
    json o = json::object();
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const std::string& v = r[c];
      o[t.columns[c]] = v.empty() ? json() : numeric_column(t.columns[c]) ? json(std::stoll(v)) : json(v);
    }
    rows.push_back(std::move(o));
  }
  return rows;
}

void run_export(const Global& g, const ExportOptions& o) {
  if (o.anonymised && o.include_pii)
    throw Error(Exit::usage, g.tr("--anonymised và --include-pii không dùng cùng nhau",
                                  "--anonymised and --include-pii do not go together"));
  // Without --anonymised, --k would be ignored and the row-level table given to one who asked for less.
  if (o.k_given && !o.anonymised)
    throw Error(Exit::usage, g.tr("--k phải dùng cùng --anonymised", "--k needs --anonymised"));
  if (o.k < 2) throw Error(Exit::usage, g.tr("--k phải từ 2 trở lên", "--k must be 2 or more"));
  std::string format = o.format;
  if (format.empty())
    format = extension_of(o.out) == ".json" ? "json" : "csv";
  std::optional<Period> period;
  if (!o.period.empty()) {
    std::string why;
    period = parse_period(o.period, &why);
    if (!period) throw Error(Exit::usage, "--period: " + why);
  }

  auto db = g.open_read();
  exporting::Suppression suppressed;
  const exporting::Table t = o.anonymised ? exporting::anonymised(*db, period, o.k, &suppressed)
                                          : exporting::cases(*db, period, o.include_pii);
  db.reset();

  // Written to its file (not yet in place) before the audit entry: a folder that does not exist
  // or cannot be written is refused (exit 73) with nothing in the trail.
  std::unique_ptr<io::CsvWriter> file;
  if (!o.out.empty()) {
    file = std::make_unique<io::CsvWriter>(o.out, format == "csv");  // owner-only, renamed when whole
    if (format == "json") {
      file->raw(as_json(t).dump(2) + "\n");
    } else {
      file->row(t.columns);
      for (const auto& r : t.rows) file->row(r);
    }
  }
  // Audited before anything leaves the library: who exported what, and whether with names.
  json detail{{"format", format}, {"rows", t.rows.size()}, {"include_pii", o.include_pii},
              {"anonymised", o.anonymised}, {"period", o.period.empty() ? json() : json(o.period)},
              {"out", o.out.empty() ? json("stdout") : json(o.out)}};
  if (o.anonymised) detail["k"] = o.k;
  {
    auto w = g.open_write();
    db::Transaction tx(*w);
    audit::append(*w, g.context("export"), {"export", "case", audit::json::array(), nullptr, nullptr, detail});
    tx.commit();
  }

  if (file) {
    file->commit();
  } else {
    if (format == "json") {
      print_json(as_json(t));
    } else {
      std::cout << fmt::format("{}\n", fmt::join(t.columns, ","));
      for (const auto& r : t.rows) {
        std::string line;
        for (size_t c = 0; c < r.size(); ++c) line += (c ? "," : "") + io::csv_field(r[c]);
        std::cout << line << '\n';
      }
    }
  }
  if (!g.quiet && o.anonymised)
    std::cerr << fmt::format(fmt::runtime(g.tr("k = {}: đã ẩn {} giá trị và bỏ {} dòng để không nhóm nào "
                                                "dưới {} người\n",
                                                "k = {}: {} values blanked and {} rows left out so "
                                                "that no group has fewer than {} persons\n")),
                             o.k, suppressed.values, suppressed.rows_dropped, o.k);
  if (!g.quiet && !o.out.empty())
    std::cout << fmt::format(fmt::runtime(tr_n(t.rows.size(), "Đã xuất {} dòng vào {}\n", "Exported {} row to {}\n", "Exported {} rows to {}\n")),
                             t.rows.size(), o.out);
}

}  // namespace

void register_export(CLI::App& app, Global& g) {
  auto o = std::make_shared<ExportOptions>();
  auto* sub = app.add_subcommand("export", "Export cases as CSV or JSON, without personal data "
                                           "unless --include-pii (xuất dữ liệu)");
  add_out_option(sub, o->out, "File to write (default: standard output)");
  sub->add_option("--format", o->format, "csv or json (default: from --out's extension, else csv)")
      ->check(CLI::IsMember({"csv", "json"}));
  sub->add_option("--period", o->period, "Only cases with an intake date in this period");
  sub->add_flag("--include-pii", o->include_pii,
                "Also names, birth dates, ID numbers, addresses and notes (audited)");
  sub->add_flag("--anonymised,--anonymized", o->anonymised,
                "CTDC-shaped anonymised extract (age bands, exploitation flags), k-anonymous");
  sub->add_option_function<int>(
      "--k", [o](int k) {
        o->k = k;
        o->k_given = true;
      },
      "With --anonymised: the smallest group size kept (default 11)");
  sub->callback([&g, o] { run_export(g, *o); });
}

}  // namespace hotro::cmd
