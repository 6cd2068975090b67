// SPDX-License-Identifier: MIT
// What every subcommand shares: the global options, opening the library, and printing.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audit.h"
#include "db/database.h"
#include "rules/rules.h"
#include "text/dates.h"
#include "i18n.h"

namespace hotro::cmd {

using json = nlohmann::ordered_json;

/// Options that apply to every subcommand (set on the top-level app).
struct Global {
  std::string db_path;  // --db, else $HOTRO_DB, else ./hotro.db
  std::string key_file;  // --key-file (db/key.h), else $HOTRO_KEY_FILE, else $HOTRO_KEY
  std::string actor;    // --actor, else $HOTRO_ACTOR, else the OS user
  std::string lang = "vi";  // --lang as given; the language in force is hotro::lang() (i18n.h)
  bool quiet = false;
  double wait_seconds = 30;  // --wait: how long to wait for a library another process writes

  bool en() const { return hotro::lang() == Lang::en; }
  /// Picks the Vietnamese or the English text (the same setting as lib/'s messages).
  const char* tr(const char* vi, const char* en_text) const { return hotro::tr(vi, en_text); }
  /// Opens the library read-only; it must exist and be at the current schema.
  std::unique_ptr<db::Database> open_read() const;
  /// Opens the library for writing; it must exist and be at the current schema.
  std::unique_ptr<db::Database> open_write() const;
  /// Opens (and creates if missing) the library for `hotro init`.
  std::unique_ptr<db::Database> open_create() const;
  audit::Context context(const std::string& command) const;
};

/// Adds --db, --key-file, --actor, --lang, --quiet to the top-level app.
void add_global_options(CLI::App& app, Global& g);

/// A usage error CLI11 found, for main() to print after its "hotro: lỗi: ": the message (CLI11's
/// own English messages said in Vietnamese unless --lang en), then where to read the usage of
/// the subcommand being parsed ("Xem 'hotro intake import --help' để biết cách dùng.").
std::string usage_error(const CLI::App& app, const CLI::ParseError& e);

/// "Xem 'hotro case list --help' để biết cách dùng.\n" for the subcommand being read: what
/// follows every usage error (exit 64), the parser's and hotro's own.
std::string help_hint(const CLI::App& app);

/// The extension of a file name, lower-cased: ".xlsx" for "Bao_cao.XLSX".
std::string extension_of(const std::string& path);

/// Adds --out FILE to `sub`; "-" means standard output, as it does for most Unix tools (the
/// option is then left empty, which is what "no --out" means to export and report).
CLI::Option* add_out_option(CLI::App* sub, std::string& out, const std::string& help);

/// A CLI11 check for a count (--limit N) or a record id (case, referral, support, change set):
/// a whole number from 1 up that fits in 64 bits, said in the user's language (CLI11 puts the
/// option's name first). Without it a 0 or negative count would mean "all", a too-long id would
/// be clamped to another number, and a word would get CLI11's English "Could not convert".
inline CLI::Validator positive_number() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        size_t used = 0;
        long long n = 0;
        try {
          n = std::stoll(value, &used);
        } catch (const std::out_of_range&) {
          return fmt::format(fmt::runtime(tr("số quá lớn: '{}'", "too large a number: '{}'")), value);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used != value.size() || used == 0 || n < 1)
          return fmt::format(fmt::runtime(tr("phải là số từ 1 trở lên, không phải '{}'",
                                             "must be a whole number from 1 up, not '{}'")),
                             value);
        return "";
      },
      "N >= 1");
}

/// --actor, $HOTRO_ACTOR or the OS user as the audit trail keeps it: NFC, white space tidied;
/// Error(Exit::usage) when blank or holding control characters.
std::string clean_actor(const std::string& given);

/// An option's text, or nothing when it was not given (empty).
inline std::optional<std::string> optional_text(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

/// The date given to `option` (any form hotro reads: dd/mm/yyyy, yyyy-mm-dd, ...), or today
/// when empty. Throws Error(Exit::usage) naming the option for a malformed or year-only date.
text::Date date_option(const char* option, const std::string& value);

/// The rules folder: `given` (--rules) if not empty, else $HOTRO_RULES, else the shipped rules/.
std::filesystem::path rules_folder(const std::string& given);
/// The checked rule sets of that folder (Error(Exit::config) for the first problem).
rules::RuleBook load_rules(const std::string& given);
/// A --province value: a 2-digit province code, or nothing when empty; Exit::usage otherwise.
std::optional<std::string> province_option(const std::string& value);

/// Prints JSON to stdout, pretty, with a final new line.
void print_json(const json& j);

/// Prints rows as an aligned text table (widths in code points), header underlined.
void print_table(const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows);

/// "2025-03-05" → "05/03/2025" for people; other text unchanged.
std::string display_date(const std::string& iso);

/// "12345" → "12.345" (Vietnamese thousands separator) or "12,345" in English.
std::string count(const Global& g, long n);

// One register function per subcommand file (the table is in main.cpp).
void register_init(CLI::App& app, Global& g);
void register_intake(CLI::App& app, Global& g);
void register_case(CLI::App& app, Global& g);
void register_audit(CLI::App& app, Global& g);
void register_backup(CLI::App& app, Global& g);
void register_restore(CLI::App& app, Global& g);
void register_export(CLI::App& app, Global& g);
void register_dedupe(CLI::App& app, Global& g);
void register_agency(CLI::App& app, Global& g);
void register_verify(CLI::App& app, Global& g);
void register_refer(CLI::App& app, Global& g);
void register_report(CLI::App& app, Global& g);
void register_rules(CLI::App& app, Global& g);
void register_support(CLI::App& app, Global& g);
void register_check(CLI::App& app, Global& g);
void register_units(CLI::App& app, Global& g);
void register_edit(CLI::App& app, Global& g);
void register_key(CLI::App& app, Global& g);

}  // namespace hotro::cmd
