// SPDX-License-Identifier: MIT
// hotro intake add | import: record persons and cases, one from flags or many from lists.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cases.h"
#include "codes.h"
#include "common.h"
#include "error.h"
#include "intake/add.h"
#include "intake/importer.h"
#include "intake/profile.h"
#include "io/spool.h"
#include "text/encoding.h"
#include "text/unicode.h"

namespace hotro::cmd {

namespace {

using intake::Field;

const std::map<std::string, intake::OnDuplicate> kOnDuplicate = {
    {"link", intake::OnDuplicate::link},
    {"new", intake::OnDuplicate::new_person},
    {"skip", intake::OnDuplicate::skip}};

struct AddOptions {
  std::map<Field, std::string> values;  // flag values by field
  std::map<Field, std::string> flags;   // the flag that sets each field, for messages
  std::vector<std::string> exploitation;
  std::vector<std::string> minors;
  std::string on_duplicate = "link";
  bool json = false;
};

struct ImportOptions {
  std::vector<std::string> files;
  std::string profile, encoding = "auto", sheet, rejects, on_duplicate = "link";
  std::vector<std::string> defaults;  // FIELD=VALUE
  bool dry_run = false, skip_invalid = false, json = false;
};

// The reasons and decisions are codes in the library (and in --json); people read words.
std::string duplicate_reason(const Global& g, const std::string& code) {
  if (code == "citizen_id") return g.tr("cùng số CCCD/CMND", "same citizen ID");
  if (code == "name_birth_residence")
    return g.tr("cùng họ tên, năm sinh và nơi cư trú", "same name, birth year and residence");
  return code;
}

// What was done with a probable duplicate; what would be done, when nothing was written (a dry
// run, or an import refused for its errors).
std::string duplicate_decision(const Global& g, const std::string& code, bool written = true) {
  if (code == "linked")
    return written ? g.tr("đã gắn hồ sơ mới vào người này", "the new case is linked to them")
                   : g.tr("sẽ gắn hồ sơ mới vào người này", "the new case would be linked to them");
  if (code == "new") return written ? g.tr("đã tạo người mới", "created a new person")
                                    : g.tr("sẽ tạo người mới", "a new person would be created");
  if (code == "skipped") return written ? g.tr("bỏ qua dòng này", "row skipped") : g.tr("sẽ bỏ qua dòng này", "the row would be skipped");
  if (code == "updated")  // a changed row gave its person another person's ID number
    return written ? g.tr("đã cập nhật hồ sơ của dòng này; hai người cùng số CCCD (xem hotro dedupe)",
                          "the row's case is updated; two persons share the ID number (see hotro dedupe)")
                   : g.tr("sẽ cập nhật hồ sơ của dòng này; hai người sẽ cùng số CCCD (xem hotro dedupe)",
                          "the row's case would be updated; two persons would share the ID number (see hotro dedupe)");
  return code;
}

// "[##########----------]  50%  123.456 dòng  list.csv" on a terminal; without a known size
// (xlsx) only the rows read.
std::string progress_line(const Global& g, const std::string& file, long rows, double fraction) {
  const std::string name = std::filesystem::path(file).filename().string();
  const std::string counted = fmt::format(fmt::runtime(tr_n(rows, "{} dòng", "{} row", "{} rows")), count(g, rows));
  if (fraction < 0) return fmt::format("{}  {}", counted, name);
  constexpr int width = 30;
  const int done = std::clamp(static_cast<int>(fraction * width + 0.5), 0, width);
  return fmt::format("[{}{}] {:3}%  {}  {}", std::string(done, '#'), std::string(width - done, '-'),
                     std::clamp(static_cast<int>(fraction * 100), 0, 100), counted, name);
}

void run_add(const Global& g, const AddOptions& o) {
  auto db = g.open_write();
  CodeLists codes(*db);
  intake::ValueRules no_rules;
  intake::RecordParser parser(codes, no_rules);
  intake::RawValues raw;
  for (const auto& [field, value] : o.values) raw[static_cast<size_t>(field)] = value;
  if (raw[static_cast<size_t>(Field::intake_date)].empty())
    raw[static_cast<size_t>(Field::intake_date)] = text::today().iso();
  std::string forms;
  for (const auto& e : o.exploitation) forms += e + ";";
  raw[static_cast<size_t>(Field::exploitation)] = forms;

  intake::Record rec;
  auto errors = parser.parse(raw, rec);
  if (!errors.empty()) {
    std::string msg;
    for (const auto& e : errors)
      msg += fmt::format("{}{}: {}", msg.empty() ? "" : "\n  ", o.flags.at(e.field), e.message);
    throw Error(Exit::data, msg);
  }
  std::vector<intake::Minor> minors;
  for (const auto& spec : o.minors) minors.push_back(intake::parse_minor(codes, spec, rec.intake_date));

  auto r = intake::add_case(*db, g.context("intake add"), rec, minors, kOnDuplicate.at(o.on_duplicate));
  if (r.duplicate && !g.quiet)
    std::cerr << fmt::format(fmt::runtime(g.tr("chú ý: có thể trùng với người #{} ({}); {}\n",
                                  "note: probably the same person as #{} ({}); {}\n")),
                             r.duplicate->person_id, duplicate_reason(g, r.duplicate->reason),
                             r.skipped ? g.tr("bỏ qua, không ghi", "skipped, nothing written")
                             : o.on_duplicate == "link" ? g.tr("đã gắn hồ sơ mới vào người này",
                                                               "the new case is linked to them")
                                                        : g.tr("đã tạo người mới", "created a new person"));
  if (r.skipped) return;
  if (o.json)
    print_json(*cases::load(*db, r.case_id));
  else
    std::cout << r.case_id << '\n';
}

// What an import finds row by row (problems of rejected rows, probable duplicates) can be as
// long as the list, so it goes to temporary files as it is found, one compact JSON object an
// item, and is printed from there once the import is over.
struct RowNotes {
  io::Spool problems, duplicates;

  void watch(intake::ImportOptions& opts) {
    opts.on_problem = [this](const intake::RowProblem& p) {
      problems.add(json{{"file", p.file}, {"line", p.line}, {"column", p.column},
                        {"message", p.message}}.dump());
    };
    opts.on_duplicate_note = [this](const intake::DuplicateNote& d) {
      duplicates.add(json{{"file", d.file}, {"line", d.line}, {"full_name", d.full_name},
                          {"person_id", d.person_id}, {"reason", d.reason},
                          {"decision", d.decision}}.dump());
    };
  }
};

// `list` as the array of a top-level key in print_json's layout (two spaces a level).
void print_json_items(io::Spool& list) {
  if (!list.size()) {
    std::cout << "[]";
    return;
  }
  std::cout << "[\n";
  long n = 0;
  list.each([&n](std::string_view item) {
    std::string text = json::parse(item).dump(2);
    for (size_t at = 0; (at = text.find('\n', at)) != std::string::npos; at += 5)
      text.replace(at, 1, "\n    ");
    std::cout << (n++ ? ",\n    " : "    ") << text;
  });
  std::cout << "\n  ]";
}

void print_report(const Global& g, const ImportOptions& o, const intake::ImportReport& r,
                  RowNotes& notes) {
  notes.problems.each([](std::string_view item) {
    auto p = json::parse(item);
    std::cerr << fmt::format("{}:{}: {}: {}\n", p["file"].get<std::string>(), p["line"].get<long>(),
                             p["column"].get<std::string>(), p["message"].get<std::string>());
  });
  for (const auto& f : r.files)
    if (f.rejected && f.encoding_guessed)
      std::cerr << fmt::format(fmt::runtime(g.tr("{}: tệp được đọc theo bảng mã {}, đoán từ chữ trong tệp: nếu chữ "
                                                 "có dấu ở các dòng lỗi trên hiện sai, hãy ghi rõ bảng mã: "
                                                 "--encoding cp1258, --encoding tcvn hoặc --encoding viscii\n",
                                                 "{}: the file was read as {}, guessed from its words: if the "
                                                 "accented letters of the rejected rows above look wrong, name "
                                                 "the encoding: --encoding cp1258, --encoding tcvn or --encoding "
                                                 "viscii\n")),
                               f.file, f.encoding);
  if (o.json) {
    json j{{"committed", r.committed}, {"dry_run", o.dry_run}, {"audit_id", r.audit_id},
           {"files", json::array()}};
    for (const auto& f : r.files)
      j["files"].push_back({{"file", f.file}, {"encoding", f.encoding}, {"encoding_guessed", f.encoding_guessed},
                            {"sha256", f.sha256},
                            {"rows", f.rows}, {"created", f.created}, {"updated", f.updated},
                            {"unchanged", f.unchanged}, {"skipped", f.skipped},
                            {"rejected", f.rejected}, {"ignored_columns", f.ignored_columns},
                            {"rejects_file", f.rejects_file.empty() ? json() : json(f.rejects_file)}});
    // As print_json would print it with the two lists added at the end; they are not held in
    // memory whole.
    std::string head = j.dump(2);
    head.resize(head.size() - 2);  // "\n}"
    std::cout << head << ",\n  \"problems\": ";
    print_json_items(notes.problems);
    std::cout << ",\n  \"duplicates\": ";
    print_json_items(notes.duplicates);
    std::cout << "\n}\n";
    return;
  }
  if (g.quiet) return;
  const bool written = !o.dry_run && !(r.problems_found && !o.skip_invalid);
  notes.duplicates.each([&g, written](std::string_view item) {
    auto d = json::parse(item);
    std::cout << fmt::format(fmt::runtime(g.tr("{}:{}: có thể trùng: '{}' giống người #{} ({}); {}\n",
                                  "{}:{}: probable duplicate: '{}' is like person #{} ({}); {}\n")),
                             d["file"].get<std::string>(), d["line"].get<long>(),
                             d["full_name"].get<std::string>(), d["person_id"].get<int64_t>(),
                             duplicate_reason(g, d["reason"].get<std::string>()),
                             duplicate_decision(g, d["decision"].get<std::string>(), written));
  });
  for (const auto& f : r.files) {
    // A dry run or a refused import wrote nothing: its counts are what an import would do.
    const char* line = r.committed
        ? g.tr("{} ({}): {} dòng; mới {}, cập nhật {}, không đổi {}, bỏ qua {}, lỗi {}\n",
               "{} ({}): {} rows; new {}, updated {}, unchanged {}, skipped {}, rejected {}\n")
        : g.tr("{} ({}): {} dòng; chưa ghi gì, nếu nhập sẽ có: mới {}, cập nhật {}, không đổi {}, "
               "bỏ qua {}; lỗi {}\n",
               "{} ({}): {} rows; nothing written, an import would give: new {}, updated {}, "
               "unchanged {}, skipped {}; rejected {}\n");
    std::cout << fmt::format(fmt::runtime(line),
                             f.file, f.encoding, count(g, f.rows), count(g, f.created),
                             count(g, f.updated), count(g, f.unchanged), count(g, f.skipped),
                             count(g, f.rejected));
    if (!f.ignored_columns.empty())
      std::cout << fmt::format(fmt::runtime(g.tr("  cột không dùng: {}\n", "  columns not used: {}\n")),
                               fmt::join(f.ignored_columns, ", "));
    if (!f.rejects_file.empty())
      std::cout << fmt::format(fmt::runtime(g.tr("  các dòng lỗi đã ghi vào {}\n", "  rejected rows written to {}\n")),
                               f.rejects_file);
  }
  if (o.dry_run)
    std::cout << g.tr("Chạy thử (--dry-run): không ghi gì vào thư viện\n",
                      "Dry run: nothing was written to the library\n");
}

// A --default value that no row could use (an unknown channel, a malformed date) is a usage
// error before any row is read, not the same rejection on every row. Each value is read alone:
// what it means beside a row's other cells is for the rows to say, and a blank one (clearing the
// profile's default) is no value.
void check_defaults(db::Database& db, const intake::Profile& profile, const std::vector<intake::Field>& given) {
  if (given.empty()) return;
  CodeLists codes(db);
  intake::RecordParser parser(codes, profile.values);
  for (const intake::Field f : given) {
    const std::string& value = profile.defaults[static_cast<size_t>(f)];
    if (text::clean(value).empty()) continue;
    intake::RawValues raw;
    raw[static_cast<size_t>(f)] = value;
    intake::Record record;
    for (const auto& e : parser.parse(raw, record))
      if (e.field == f)
        throw Error(Exit::usage, fmt::format("--default {}={}: {}", intake::field_key(f), value, e.message));
  }
}

void run_import(const Global& g, const ImportOptions& o) {
  auto db = g.open_write();
  intake::ImportOptions opts;
  if (!o.profile.empty()) opts.profile = intake::load_profile(o.profile);
  opts.read.encoding = o.encoding == "auto" ? "auto" : text::canonical_encoding(o.encoding);
  opts.read.sheet = o.sheet;
  opts.dry_run = o.dry_run;
  opts.skip_invalid = o.skip_invalid;
  opts.on_duplicate = kOnDuplicate.at(o.on_duplicate);
  opts.rejects_path = o.rejects;  // with several files, import_files refuses it (usage)
  std::vector<intake::Field> defaulted;
  for (const auto& d : o.defaults) {
    auto eq = d.find('=');
    auto field = eq == std::string::npos ? std::nullopt : intake::field_from_key(d.substr(0, eq));
    if (!field)
      throw Error(Exit::usage,
                  fmt::format(fmt::runtime(g.tr("--default '{}': cần dạng TRƯỜNG=GIÁ_TRỊ, TRƯỜNG là "
                                                "intake_channel, intake_date, receiving_agency, "
                                                "source_agency, ... (xem man hotro-profile)",
                                                "--default '{}': expected FIELD=VALUE with FIELD "
                                                "one of intake_channel, intake_date, "
                                                "receiving_agency, source_agency, ... (see man "
                                                "hotro-profile)")),
                              d));
    opts.profile.defaults[static_cast<size_t>(*field)] = d.substr(eq + 1);
    defaulted.push_back(*field);
  }
  check_defaults(*db, opts.profile, defaulted);
  bool tty = isatty(STDERR_FILENO) && !g.quiet && !o.json;
  if (tty)
    opts.progress = [&g](const std::string& file, long rows, double fraction) {
      std::cerr << "\r" << progress_line(g, file, rows, fraction) << "\033[K" << std::flush;
    };
  RowNotes notes;
  notes.watch(opts);
  auto report = intake::import_files(*db, g.context("intake import"), o.files, opts);
  if (tty) std::cerr << "\r\033[K" << std::flush;
  print_report(g, o, report, notes);
  if (report.problems_found && !o.skip_invalid)
    throw Error(Exit::data,
                fmt::format(fmt::runtime(g.tr("{} dòng có lỗi; không nhập gì (sửa các dòng trên, hoặc dùng "
                                 "--skip-invalid để nhập các dòng đúng)",
                                 "{} rows rejected; nothing was imported (fix the rows above, or "
                                 "use --skip-invalid to import the good rows)")),
                            report.total(&intake::FileReport::rejected)));
}

}  // namespace

void register_intake(CLI::App& app, Global& g) {
  auto* intake = app.add_subcommand("intake", "Record persons and cases (tiếp nhận)");
  intake->require_subcommand(1);

  auto add = std::make_shared<AddOptions>();
  auto* a = intake->add_subcommand("add", "Record one person and case from flags; prints the case id");
  auto flag = [&](const char* name, Field f, const char* help) {
    add->flags[f] = name;
    return a->add_option_function<std::string>(
        name, [add, f](const std::string& v) { add->values[f] = v; }, help);
  };
  flag("--name", Field::full_name, "Full name (họ và tên)")->required();
  flag("--sex", Field::sex, "Sex: Nam/Nữ, M/F");
  flag("--birth", Field::birth_date, "Birth date dd/mm/yyyy, or the year");
  flag("--ethnicity", Field::ethnicity, "Ethnic group (dân tộc), e.g. Kinh, Mông, Thái");
  flag("--citizen-id", Field::citizen_id, "Citizen ID (CCCD, 12 digits; CMND 9)");
  flag("--residence", Field::residence, "Place of residence, e.g. 'Xã Lũng Cú, tỉnh Tuyên Quang'");
  flag("--intake-date", Field::intake_date, "Date of intake (default: today)");
  flag("--channel", Field::intake_channel,
       "Intake channel: tự trở về, giải cứu, trao trả, tin báo, 111, sàng lọc")->required();
  flag("--agency", Field::receiving_agency, "Receiving agency (cơ quan tiếp nhận)");
  flag("--source-agency", Field::source_agency, "Agency that sent the person or the list");
  flag("--abroad", Field::abroad, "Trafficked abroad: có/không (default: from --destination)");
  flag("--destination", Field::destination_country, "Destination country, e.g. Trung Quốc, KH");
  flag("--poor-household", Field::poor_household, "Poor household (hộ nghèo): có/không");
  flag("--citizenship", Field::citizenship,
       "Citizenship (quốc tịch): Việt Nam, Trung Quốc, không quốc tịch, ...; not given: not recorded");
  flag("--note", Field::note, "Free note");
  add->flags[Field::exploitation] = "--exploitation";
  a->add_option("--exploitation", add->exploitation, "Form of exploitation (repeatable)")
      ->allow_extra_args(false);  // one value per use: the list files follow
  a->add_option("--minor", add->minors,
                "Accompanying minor 'NAME[;SEX[;BIRTH[;RELATION]]]' (repeatable)")
      ->allow_extra_args(false);  // one value per use: the list files follow
  a->add_option("--on-duplicate", add->on_duplicate, "When the person is probably already "
                "recorded: link (default), new, skip")->check(CLI::IsMember({"link", "new", "skip"}));
  a->add_flag("--json", add->json, "Print the stored record as JSON");
  a->callback([&g, add] { run_add(g, *add); });

  auto imp = std::make_shared<ImportOptions>();
  auto* i = intake->add_subcommand("import", "Import lists (CSV, .xlsx) of persons received");
  i->add_option("files", imp->files, "CSV or .xlsx files")->required();
  i->add_option("--profile", imp->profile, "TOML mapping profile for the list's layout");
  i->add_option("--encoding", imp->encoding, "Text encoding of CSV: auto (default), utf-8, "
                "cp1258, tcvn, viscii, or another iconv name");
  i->add_option("--sheet", imp->sheet, "Sheet of an .xlsx file (default: the first)");
  i->add_option("--default", imp->defaults, "FIELD=VALUE for empty cells, e.g. "
                "intake_channel=trao trả (repeatable)")
      ->allow_extra_args(false);  // one value per use: the list files follow
  i->add_flag("--dry-run", imp->dry_run, "Check everything and report; write nothing");
  i->add_flag("--skip-invalid", imp->skip_invalid,
              "Import the good rows; write rejected rows with reasons to FILE.rejects.csv");
  i->add_option("--rejects", imp->rejects, "Where --skip-invalid writes rejected rows");
  i->add_option("--on-duplicate", imp->on_duplicate, "For a person probably already recorded: "
                "link (default), new, skip")->check(CLI::IsMember({"link", "new", "skip"}));
  i->add_flag("--json", imp->json, "Print the import report as JSON");
  i->callback([&g, imp] { run_import(g, *imp); });
}

}  // namespace hotro::cmd
