// SPDX-License-Identifier: MIT
// hotro: records and reports for the agencies that receive, verify, protect, refer and support
// victims of human trafficking.
//
// Adding a subcommand: write cmd/<name>.cpp with register_<name>(CLI::App&, Global&) (options
// struct, flags, a callback that calls lib/), declare it in cmd/common.h, add one row to
// kCommands below, write man/hotro-<name>.1 and tests in tests/cli/<name>*.sh.
// This file holds only the table and the single place where errors become exit codes.
#include <cerrno>
#include <cstdio>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "common.h"
#include "db/key.h"
#include "error.h"
#include "i18n.h"
#include "remove_on_signal.h"

namespace {

using Register = void (*)(CLI::App&, hotro::cmd::Global&);

// Every subcommand, once. Each registers its own sub-app with its one-line summary.
constexpr Register kCommands[] = {
    hotro::cmd::register_init,
    hotro::cmd::register_intake,
    hotro::cmd::register_verify,
    hotro::cmd::register_refer,
    hotro::cmd::register_support,
    hotro::cmd::register_rules,
    hotro::cmd::register_case,
    hotro::cmd::register_audit,
    hotro::cmd::register_backup,
    hotro::cmd::register_restore,
    hotro::cmd::register_check,
    hotro::cmd::register_dedupe,
    hotro::cmd::register_agency,
    hotro::cmd::register_export,
    hotro::cmd::register_report,
    hotro::cmd::register_units,
    hotro::cmd::register_edit,
    hotro::cmd::register_key,
};

// Before every error message, usage errors and hotro::Error alike.
std::string error_prefix() { return std::string("hotro: ") + hotro::tr("lỗi: ", "error: "); }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hotro: hồ sơ và báo cáo hỗ trợ nạn nhân bị mua bán / records and reports for "
               "the support of trafficking victims"};
  app.set_version_flag("--version", std::string("hotro ") + HOTRO_VERSION +
                                        (hotro::db::encryption_built_in()
                                             ? " (SQLCipher " + hotro::db::cipher_version() + ")"
                                             : std::string()));
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand: hotro intake import --db x
  // Vietnamese is the default; --lang en changes it while parsing, and is looked for first so
  // that a usage error found before the option is read is said in English too.
  hotro::set_lang(hotro::Lang::vi);
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;
    if (arg == "--lang=en" || (arg == "--lang" && i + 1 < argc && std::string(argv[i + 1]) == "en"))
      hotro::set_lang(hotro::Lang::en);
  }
  hotro::install_remove_on_signal();
  hotro::cmd::Global global;
  hotro::cmd::add_global_options(app, global);
  for (Register reg : kCommands) reg(app, global);

  try {
    app.parse(argc, argv);
    // What was printed must have arrived: a full disk behind stdout is an I/O error, not success.
    errno = 0;
    std::cout.flush();
    if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout)) {
      const int err = errno ? errno : EIO;
      throw hotro::Error(hotro::Exit::ioerr,
                         fmt::format(fmt::runtime(hotro::tr("không ghi được ra đầu ra chuẩn: {}",
                                                            "cannot write to standard output: {}")),
                                     hotro::sys_error(err)));
    }
    return 0;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << error_prefix() << hotro::cmd::usage_error(app, e);  // and where to read the usage
    return static_cast<int>(hotro::Exit::usage);
  } catch (const hotro::Error& e) {
    std::cerr << error_prefix() << e.what() << '\n';
    if (e.code() == hotro::Exit::usage) std::cerr << hotro::cmd::help_hint(app);
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cerr << "hotro: internal error: " << e.what() << '\n';
    return static_cast<int>(hotro::Exit::software);
  }
}
