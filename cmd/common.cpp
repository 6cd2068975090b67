// SPDX-License-Identifier: MIT
#include "common.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <regex>

#include <fmt/format.h>

#include "clock.h"
#include "data_dir.h"
#include "i18n.h"
#include "error.h"
#include "db/key.h"
#include "db/migrate.h"
#include "io/protected_files.h"
#include "text/unicode.h"

namespace hotro::cmd {

namespace {

std::unique_ptr<db::Database> open(const Global& g, db::Mode mode) {
  // No --out or --rejects of this run may replace the library or the journals beside it.
  static std::vector<std::unique_ptr<io::ProtectedFiles>> libraries;
  libraries.push_back(std::make_unique<io::ProtectedFiles>(
      std::vector<std::string>{g.db_path, g.db_path + "-wal", g.db_path + "-shm", g.db_path + "-journal"},
      io::Protected::library));
  return std::make_unique<db::Database>(g.db_path, mode, static_cast<int>(g.wait_seconds * 1000));
}

// CLI11's messages (CLI/Error.hpp, CLI/Validators.hpp of CLI11 2.3) in Vietnamese, chosen by
// the error's kind so that a value the user typed is never taken for CLI11's wording. A
// message not listed here stays as CLI11 wrote it.
std::string in_vietnamese(const CLI::ParseError& e) {
  struct Rule {
    const char* kind;
    std::regex english;
    const char* vietnamese;
    bool bounds = false;  // CLI::Range on a double prints its bounds as 86400.000000
  };
  static const Rule kRules[] = {
      {"RequiredError", std::regex("A subcommand is required"), "thiếu lệnh con"},
      {"RequiredError", std::regex("(.+) is required"), "thiếu $1 (bắt buộc)"},
      // ExtrasError of a subcommand carries the subcommand's name as its kind: matched on the text.
      {nullptr, std::regex("The following arguments? (?:was|were) not expected: (.+)"),
       "không hiểu tham số: $1"},
      {"ArgumentMismatch", std::regex("(.+): \\d+ required (.+) missing"), "$1 cần một giá trị ($2)"},
      {"RequiresError", std::regex("(.+) requires (.+)"), "$1 phải dùng cùng $2"},
      {"ExcludesError", std::regex("(.+) excludes (.+)"), "không dùng $1 cùng $2 được"},
      {"ConversionError", std::regex("Could not convert: (.+) = (.+)"), "$1: không đọc được giá trị '$2'"},
      {"ValidationError", std::regex("(.+): Value (.+) not in range (.+) to (.+)"),
       "$1: giá trị $2 nằm ngoài khoảng $3 đến $4", true},
      {"ValidationError", std::regex("(.+): (.*) not in (\\{.*\\})"), "$1: '$2' không có trong $3"},
  };
  const std::string message = e.what();
  for (const Rule& r : kRules) {
    if ((r.kind && e.get_name() != r.kind) || !std::regex_match(message, r.english)) continue;
    std::string said = std::regex_replace(message, r.english, r.vietnamese);
    if (r.bounds) said = std::regex_replace(said, std::regex("(\\d)\\.0+( đến |$)"), "$1$2");
    return said;
  }
  return message;
}

}  // namespace

std::unique_ptr<db::Database> Global::open_read() const {
  auto db = open(*this, db::Mode::read_only);
  db::require_current(*db);
  return db;
}

std::unique_ptr<db::Database> Global::open_write() const {
  auto db = open(*this, db::Mode::read_write);
  db::require_current(*db);
  return db;
}

std::unique_ptr<db::Database> Global::open_create() const { return open(*this, db::Mode::create); }

// The actor as the trail keeps it: NFC with its white space tidied, like every name hotro
// stores, so that the same officer typing on two machines is one actor; control characters
// (a terminal's colour codes) are refused rather than written into the trail.
std::string clean_actor(const std::string& given) {
  const std::string name = text::clean(given);
  const bool control = std::any_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (name.empty() || control)
    // (The value is not echoed: its control characters would act on the terminal.)
    throw Error(Exit::usage, tr("--actor (hoặc HOTRO_ACTOR) không dùng được làm tên người thực hiện: trống hoặc có "
                                "ký tự điều khiển (xuống dòng, mã màu)",
                                "--actor (or HOTRO_ACTOR) cannot name who acts: it is blank or holds control "
                                "characters (line breaks, colour codes)"));
  return name;
}

audit::Context Global::context(const std::string& command) const {
  return {clean_actor(actor_name(actor)), command};
}

CLI::Option* add_out_option(CLI::App* sub, std::string& out, const std::string& help) {
  return sub
      ->add_option("--out", out, help + "; - for standard output")
      ->transform(CLI::Validator(
          [](std::string& value) {
            if (value == "-") value.clear();
            return std::string();
          },
          "", "stdout"))
      ->type_name("FILE");
}

std::string extension_of(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

namespace {

// The subcommand being read (the last one parsed) and its full name, "hotro case list".
std::pair<const CLI::App*, std::string> command_read(const CLI::App& app) {
  std::string command = "hotro";
  const CLI::App* deepest = &app;
  while (!deepest->get_subcommands().empty()) {
    deepest = deepest->get_subcommands().front();
    command += " " + deepest->get_name();
  }
  return {deepest, command};
}

}  // namespace

std::string help_hint(const CLI::App& app) {
  return fmt::format(fmt::runtime(tr("Xem '{} --help' để biết cách dùng.\n", "Run '{} --help' for more information.\n")),
                     command_read(app).second);
}

std::string usage_error(const CLI::App& app, const CLI::ParseError& e) {
  const CLI::App* deepest = command_read(app).first;
  std::string said = lang() == Lang::en ? std::string(e.what()) : in_vietnamese(e);
  // "A subcommand is required" when a word was given that is no subcommand: a typing mistake,
  // named with the commands there are ("hotro reprot").
  auto left = deepest->remaining();
  if (left.empty()) left = app.remaining();  // a word after a subcommand may fall through to the top
  if (e.get_name() == "RequiredError" && std::string(e.what()) == "A subcommand is required" && !left.empty() &&
      !left.front().empty() && left.front()[0] != '-') {
    std::vector<std::string> names;
    for (const CLI::App* sub : deepest->get_subcommands({})) names.push_back(sub->get_name());
    said = fmt::format(fmt::runtime(tr("không có lệnh '{}' (các lệnh: {})", "unknown command '{}' (commands: {})")),
                       left.front(), fmt::join(names, ", "));
  }
  return said + "\n" + help_hint(app);
}

void add_global_options(CLI::App& app, Global& g) {
  const char* env = std::getenv("HOTRO_DB");
  g.db_path = env && *env ? env : "hotro.db";
  app.add_option("--db", g.db_path, "Case library file (default: $HOTRO_DB or ./hotro.db)")
      ->type_name("PATH");
  // The key of an encrypted library: a file, or HOTRO_KEY_FILE / HOTRO_KEY; never the key itself
  // on the command line, where every user of the machine can read it.
  app.add_option("--key-file", g.key_file, "Key file of an encrypted library (default: $HOTRO_KEY_FILE, "
                 "else the key in $HOTRO_KEY; none: a plain library)")
      ->type_name("PATH")
      ->each([](const std::string& path) { db::set_key_file(path); });
  app.add_option("--actor", g.actor, "Who is acting, for the audit trail (default: $HOTRO_ACTOR, else the OS user)")
      ->type_name("NAME");
  // The language is set as soon as the option is read, before any subcommand callback runs;
  // main() sets Vietnamese before parsing, for when --lang is not given.
  app.add_option("--lang", g.lang, "Language of messages and tables: vi (default) or en")
      ->check(CLI::IsMember({"vi", "en"}))
      ->each([](const std::string& l) { set_lang(l == "en" ? Lang::en : Lang::vi); });
  app.add_option("--wait", g.wait_seconds, "Seconds to wait for a library another hotro is "
                 "writing before giving up with exit 75 (default: 30)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.0, 86400.0));
  app.add_flag("-q,--quiet", g.quiet, "No summaries or notes on success (results asked for, such "
               "as a new case id, a list or JSON, still print)");
}

text::Date date_option(const char* option, const std::string& value) {
  if (value.empty()) return text::today();
  std::string why;
  const auto d = text::parse_date(value, &why);
  if (!d) throw Error(Exit::usage, fmt::format("{} '{}': {}", option, value, why));
  if (d->year_only())
    throw Error(Exit::usage, fmt::format(fmt::runtime(tr("{} '{}': cần ngày đầy đủ, không chỉ năm",
                                                         "{} '{}': needs a full date, not a year")),
                                         option, value));
  return *d;
}

void print_json(const json& j) { std::cout << j.dump(2) << '\n'; }

void print_table(const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width(header.size());
  for (size_t i = 0; i < header.size(); ++i) width[i] = text::length(header[i]);
  for (const auto& r : rows)
    for (size_t i = 0; i < r.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], text::length(r[i]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
      out += cells[i];
      if (i + 1 < cells.size()) out += std::string(width[i] - text::length(cells[i]) + 2, ' ');
    }
    out.erase(out.find_last_not_of(' ') + 1);  // no trailing blanks when the last cells are empty
    std::cout << out << '\n';
  };
  line(header);
  std::vector<std::string> rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& r : rows) line(r);
}

std::string display_date(const std::string& iso) {
  if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-')
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
  return iso;
}

std::string count(const Global& g, long n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += g.en() ? ',' : '.';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::filesystem::path rules_folder(const std::string& given) {
  return data_dir("rules", "HOTRO_RULES", optional_text(given));
}

rules::RuleBook load_rules(const std::string& given) { return rules::RuleBook::load(rules_folder(given)); }

std::optional<std::string> province_option(const std::string& value) {
  if (value.empty()) return std::nullopt;
  if (value.size() != 2 || !std::isdigit(static_cast<unsigned char>(value[0])) ||
      !std::isdigit(static_cast<unsigned char>(value[1])))
    throw Error(Exit::usage, tr("--province cần mã tỉnh 2 chữ số, ví dụ 02", "--province takes a 2-digit province code, e.g. 02"));
  return value;
}

}  // namespace hotro::cmd
