// SPDX-License-Identifier: MIT
// hotro backup FILE: a consistent copy of the library, taken while others may be writing.
#include <iostream>

#include <fmt/format.h>

#include "clock.h"
#include "common.h"
#include "db/backup.h"

namespace hotro::cmd {

namespace {

void run_backup(const Global& g, const std::string& file) {
  now_utc();  // a bad HOTRO_NOW stops here, before there is a copy without its audit entry
  auto db = g.open_read();
  db::backup_to(*db, file);
  const std::string hash = sha256_file(file);
  // The copy holds every name and ID number: who made it, and where to, is audited.
  db.reset();
  auto w = g.open_write();
  db::Transaction tx(*w);
  audit::append(*w, g.context("backup"),
                {"backup", "library", audit::json::array(), nullptr, nullptr,
                 {{"file", file}, {"sha256", hash}}});
  tx.commit();
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
