// SPDX-License-Identifier: MIT
#include "batch.h"

#include <iostream>

#include <fmt/format.h>

#include "error.h"
#include "rules/rules.h"
#include "text/encoding.h"

namespace hotro::cmd {

namespace {

struct BatchArgs {
  std::string file, encoding = "auto", sheet, rejects;
  bool dry_run = false, skip_invalid = false, json = false;
};

void run_batch(const Global& g, workflow::Form form, const BatchArgs& a, const std::string* rules_dir) {
  workflow::BatchOptions opts;
  opts.read.encoding = a.encoding == "auto" ? "auto" : text::canonical_encoding(a.encoding);
  opts.read.sheet = a.sheet;
  opts.dry_run = a.dry_run;
  opts.skip_invalid = a.skip_invalid;
  opts.rejects_path = a.rejects;
  std::optional<rules::RuleBook> book;
  if (form == workflow::Form::support) {
    book = load_rules(rules_dir ? *rules_dir : "");
    opts.rules = &*book;
  }
  auto db = g.open_write();
  const char* command = form == workflow::Form::verify ? "verify import"
                        : form == workflow::Form::refer ? "refer import"
                                                        : "support import";
  const auto r = workflow::import_steps(*db, g.context(command), form, a.file, opts);
  for (const auto& p : r.problems) std::cerr << fmt::format("{}:{}: {}\n", r.file, p.line, p.message);
  if (a.json) {
    json j{{"file", r.file}, {"encoding", r.encoding}, {"rows", r.rows}, {"recorded", r.recorded},
           {"already_recorded", r.already}, {"rejected", r.rejected}, {"committed", r.committed}, {"dry_run", a.dry_run},
           {"rejects_file", r.rejects_file.empty() ? json() : json(r.rejects_file)},
           {"problems", json::array()}};
    for (const auto& p : r.problems) j["problems"].push_back({{"line", p.line}, {"message", p.message}});
    print_json(j);
  } else if (!g.quiet) {
    std::cout << fmt::format(fmt::runtime(r.committed ? g.tr("{} ({}): {} dòng; đã ghi {}, đã có từ trước {}, lỗi {}\n",
                                                            "{} ({}): {} rows; recorded {}, already recorded {}, rejected {}\n")
                                                      : g.tr("{} ({}): {} dòng; chưa ghi gì, nếu nhập sẽ ghi {}; đã có từ trước {}, lỗi {}\n",
                                                            "{} ({}): {} rows; nothing written, an import would record {}; already recorded {}, rejected {}\n")),
                             r.file, r.encoding, count(g, r.rows), count(g, r.recorded), count(g, r.already),
                             count(g, r.rejected));
    if (!r.rejects_file.empty())
      std::cout << fmt::format(fmt::runtime(g.tr("  các dòng lỗi đã ghi vào {}\n", "  rejected rows written to {}\n")),
                               r.rejects_file);
  }
  if (!r.problems.empty() && !a.skip_invalid)
    throw Error(Exit::data, fmt::format(fmt::runtime(g.tr("{} dòng có lỗi; không ghi gì (sửa các dòng trên, hoặc dùng --skip-invalid)",
                                                          "{} rows rejected; nothing was recorded (fix the rows above, or use --skip-invalid)")),
                                        r.rejected));
}

}  // namespace

void add_batch_import(CLI::App& parent, Global& g, workflow::Form form, const std::string* rules_dir) {
  auto a = std::make_shared<BatchArgs>();
  auto* sub = parent.add_subcommand("import", form == workflow::Form::verify ? "Record many verification steps from a CSV or xlsx form"
                                              : form == workflow::Form::refer ? "Record many referral steps from a CSV or xlsx form"
                                                                              : "Record many supports from a CSV or xlsx list");
  sub->add_option("file", a->file, "CSV or .xlsx file, one step per row, in order")->required();
  sub->add_option("--encoding", a->encoding, "Text encoding of CSV (default: auto)");
  sub->add_option("--sheet", a->sheet, "Sheet of an .xlsx file (default: the first)");
  sub->add_flag("--dry-run", a->dry_run, "Check every row; write nothing");
  sub->add_flag("--skip-invalid", a->skip_invalid, "Record the good rows; write the others with reasons to FILE.rejects.csv");
  sub->add_option("--rejects", a->rejects, "Where --skip-invalid writes rejected rows");
  sub->add_flag("--json", a->json, "Print the report as JSON");
  sub->callback([&g, a, form, rules_dir] { run_batch(g, form, *a, rules_dir); });
}

}  // namespace hotro::cmd
