// SPDX-License-Identifier: MIT
// hotro init: create a case library, or upgrade an existing one to this binary's schema.
#include <iostream>

#include <fmt/format.h>

#include "common.h"
#include "db/key.h"
#include "db/migrate.h"

namespace hotro::cmd {

void register_init(CLI::App& app, Global& g) {
  auto* sub = app.add_subcommand("init", "Create a case library, or upgrade an existing one");
  sub->callback([&g] {
    auto db = g.open_create();
    db::MigrateResult r = db::migrate(*db);
    if (g.quiet) return;
    if (r.from == 0) {
      std::cout << fmt::format(fmt::runtime(g.tr("Đã tạo thư viện hồ sơ {} (lược đồ phiên bản {})\n",
                                    "Created case library {} (schema version {})\n")),
                               g.db_path, r.to);
      // Built with SQLCipher, a library made without a key is plain: say so, once.
      if (db::encryption_built_in() && db::default_key().empty())
        std::cout << g.tr("Thư viện không được mã hoá (không có khoá: --key-file, HOTRO_KEY_FILE "
                          "hoặc HOTRO_KEY); mã hoá bằng 'hotro key set'.\n",
                          "The library is not encrypted (no key: --key-file, HOTRO_KEY_FILE or "
                          "HOTRO_KEY); encrypt it with 'hotro key set'.\n");
      else if (!db::default_key().empty())
        std::cout << fmt::format(fmt::runtime(g.tr("Thư viện được mã hoá bằng khoá từ {}.\n",
                                                   "The library is encrypted with the key from {}.\n")),
                                 db::default_key().origin);
    }
    else if (r.from == r.to)
      std::cout << fmt::format(fmt::runtime(g.tr("Thư viện {} đã ở phiên bản mới nhất ({})\n",
                                    "Library {} is up to date (schema version {})\n")),
                               g.db_path, r.to);
    else
      std::cout << fmt::format(fmt::runtime(g.tr("Đã nâng cấp thư viện {} từ phiên bản {} lên {}; bản sao "
                                    "trước khi nâng cấp: {}\n",
                                    "Upgraded library {} from schema version {} to {}; copy "
                                    "taken before: {}\n")),
                               g.db_path, r.from, r.to, r.backup);
  });
}

}  // namespace hotro::cmd
