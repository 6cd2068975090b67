// SPDX-License-Identifier: MIT
// hotro backup FILE: a consistent copy of the library, taken while others may be writing.
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "clock.h"
#include "common.h"
#include "db/backup.h"
#include "remove_on_signal.h"

namespace hotro::cmd {

namespace {

void run_backup(const Global& g, const std::string& file) {
  // A bad HOTRO_NOW or a blank actor stops here, before there is a copy without its audit entry.
  now_utc();
  const audit::Context context = g.context("backup");
  auto db = g.open_read();
  // The copy holds every name and ID number: who made it, and where to, is audited. A copy
  // whose entry cannot be written (the library busy beyond --wait) is removed, so that the
  // retry of a cron job does not find the file already there; and so is one stopped by a signal
  // before its entry is written.
  std::optional<RemoveOnSignal> unaudited;
  db::backup_to(*db, file, &unaudited);
  std::string hash;
  try {
    hash = sha256_file(file);
    db.reset();
    auto w = g.open_write();
    db::Transaction tx(*w);
    audit::append(*w, context, {"backup", "library", audit::json::array(), nullptr, nullptr,
                                {{"file", file}, {"sha256", hash}}});
    tx.commit();
    unaudited.reset();
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(file, ec);
    throw;
  }
  if (!g.quiet)
    std::cout << fmt::format(fmt::runtime(g.tr("Đã sao lưu thư viện {} vào {} (sha256 {})\n",
                                                "Backed up library {} to {} (sha256 {})\n")),
                             g.db_path, file, hash);
}

}  // namespace

void register_backup(CLI::App& app, Global& g) {
  auto file = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("backup", "Copy the library to a new file, safely while others "
                                           "write (sao lưu)");
  sub->add_option("file", *file, "The copy to make; must not exist")->required();
  sub->callback([&g, file] { run_backup(g, *file); });
}

}  // namespace hotro::cmd
