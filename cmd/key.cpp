// SPDX-License-Identifier: MIT
// hotro key: encryption at rest (mã hoá thư viện) for a hotro built with SQLCipher.
//   key status               whether the library is encrypted, and with what
//   key generate FILE        a new random key in a file only its owner can read
//   key set --new-key-file F encrypts a plain library, or changes the key of an encrypted one
//   key remove               makes an encrypted library plain again
// The key itself never appears on the command line (db/key.h).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <vector>

#include <fmt/format.h>

#include "audit.h"
#include "common.h"
#include "db/key.h"
#include "db/migrate.h"
#include "error.h"

namespace hotro::cmd {

namespace {

struct KeyOptions {
  std::string file;          // generate FILE
  std::string new_key_file;  // set --new-key-file
  bool json = false;
};

void run_status(const Global& g, const KeyOptions& o) {
  auto db = g.open_read();  // opens with the key given, or says why it cannot
  const bool plain = db::is_plain_file(g.db_path);
  const db::Key& key = db::default_key();
  // What kind of key: a raw 256-bit key (x'...', as 'key generate' writes) is used as it is; a
  // passphrase goes through SQLCipher's PBKDF2-HMAC-SHA512 first.
  const bool raw = db::is_raw_key(key.secret);
  if (o.json) {
    print_json({{"library", g.db_path},
                {"encrypted", !plain},
                {"cipher", plain ? json() : json("SQLCipher " + db::cipher_version())},
                {"key_kind", plain ? json() : json(raw ? "raw" : "passphrase")},
                {"key_from", plain ? json() : json(key.origin)},
                {"encryption_built_in", db::encryption_built_in()}});
    return;
  }
  if (plain)
    std::cout << fmt::format(fmt::runtime(g.tr("{}: không mã hoá{}\n", "{}: not encrypted{}\n")),
                             g.db_path,
                             db::encryption_built_in()
                                 ? g.tr(" (mã hoá bằng 'hotro key set')", " (encrypt it with 'hotro key set')")
                                 : g.tr(" (bản hotro này không có SQLCipher)",
                                        " (this hotro has no SQLCipher)"));
  else
    std::cout << fmt::format(fmt::runtime(g.tr("{}: mã hoá AES-256 bằng SQLCipher {}; {} từ {}\n",
                                               "{}: encrypted (AES-256) with SQLCipher {}; {} from {}\n")),
                             g.db_path, db::cipher_version(),
                             raw ? g.tr("khoá 256 bit", "256-bit key")
                                 : g.tr("mật khẩu (qua PBKDF2)", "passphrase (through PBKDF2)"),
                             key.origin);
}

void run_generate(const Global& g, const KeyOptions& o) {
  const std::string key = db::random_raw_key();
  int fd = ::open(o.file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    throw Error(Exit::cantcreat,
                fmt::format(fmt::runtime(g.tr("không tạo được tệp khoá '{}': {}{}",
                                              "cannot create key file '{}': {}{}")),
                            o.file, sys_error(errno),
                            errno == EEXIST ? g.tr(" (không ghi đè lên một khoá)",
                                                   " (a key is never written over)")
                                            : ""));
  const std::string line = key + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  if (!ok) {
    ::unlink(o.file.c_str());
    throw Error(Exit::ioerr, fmt::format("'{}': {}", o.file, sys_error(errno)));
  }
  if (!g.quiet)
    std::cout << fmt::format(
        fmt::runtime(g.tr("Đã tạo khoá mới trong {} (chỉ chủ tệp đọc được). Hãy cất một bản ở nơi an "
                          "toàn: mất khoá là mất thư viện.\n",
                          "Wrote a new key to {} (readable by its owner only). Keep a copy somewhere "
                          "safe: a lost key is a lost library.\n")),
        o.file);
}

void print_rewritten(const Global& g, const db::Key& next, bool was_plain);
std::vector<std::string> plain_copies_beside(const std::string& library);

// key set / key remove: the library written again under `next`, audited in the new file.
void rewrite(const Global& g, const db::Key& next, const std::string& action) {
  const db::Key& current = db::default_key();
  const bool was_plain = db::is_plain_file(g.db_path);
  // A library whose trail or data was changed behind hotro's back is not rewritten (its copy
  // would carry the change as sealed): checked before anything is touched, and on the copy.
  auto refuse_unless_verified = [&](db::Database& db) {
    const audit::VerifyResult v = audit::verify(db);
    if (!v.problems.empty())
      throw Error(Exit::data,
                  fmt::format(fmt::runtime(g.tr("nhật ký hoặc dữ liệu của thư viện không khớp ({}); "
                                                "xem 'hotro audit verify'; thư viện giữ nguyên",
                                                "the library's audit trail or data does not verify "
                                                "({}); see 'hotro audit verify'; the library is left "
                                                "as it was")),
                              v.problems.front().message));
  };
  {
    auto db = g.open_read();  // exists, opens with the current key, at the current schema
    refuse_unless_verified(*db);
  }
  db::rewrite_with_key(g.db_path, current, next, [&](db::Database& copy) {
    db::require_current(copy);
    db::Transaction tx(copy);
    audit::append(copy, g.context("key " + action),
                  {next.empty() ? "decrypt" : was_plain ? "encrypt" : "rekey", "library",
                   audit::json::array(),
                   {{"encrypted", !was_plain}},
                   {{"encrypted", !next.empty()}, {"cipher", next.empty() ? json() : json(db::cipher_version())}},
                   {{"key_from", next.empty() ? json() : json(next.origin)}}});
    tx.commit();
    refuse_unless_verified(copy);
  });
  if (!g.quiet) print_rewritten(g, next, was_plain);
  if (next.empty() || !was_plain) return;
  // A warning, printed with --quiet too: plain copies of a library now encrypted.
  const auto copies = plain_copies_beside(g.db_path);
  if (copies.empty()) return;
  std::cerr << g.tr("hotro: các bản sao không mã hoá sau đây vẫn còn; hãy xoá (shred) hoặc cất ở nơi an toàn:\n",
                    "hotro: these plain copies remain; delete them (shred) or keep them somewhere safe:\n");
  for (const auto& c : copies) std::cerr << "  " << c << '\n';
}

// Copies hotro made of the library before it was encrypted (upgrade and restore copies) are
// as plain as it was: name them, for the officer to delete or move to safe keeping.
std::vector<std::string> plain_copies_beside(const std::string& library) {
  namespace fs = std::filesystem;
  std::vector<std::string> found;
  const fs::path p(library);
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  const std::string prefix = p.filename().string() + ".before-";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().filename().string().starts_with(prefix) && db::is_plain_file(entry.path().string()))
      found.push_back(entry.path().string());
  std::sort(found.begin(), found.end());
  return found;
}

void print_rewritten(const Global& g, const db::Key& next, bool was_plain) {
  if (next.empty())
    std::cout << fmt::format(fmt::runtime(g.tr("Thư viện {} không còn mã hoá.\n",
                                               "Library {} is no longer encrypted.\n")),
                             g.db_path);
  else
    std::cout << fmt::format(
        fmt::runtime(g.tr("Thư viện {} đã được {} bằng khoá từ {}. Từ nay mở nó bằng khoá đó "
                          "(--key-file hoặc HOTRO_KEY_FILE). Các bản sao lưu cũ vẫn giữ khoá cũ{}.\n",
                          "Library {} is {} with the key from {}. Open it with that key from now on "
                          "(--key-file or HOTRO_KEY_FILE). Earlier backups keep their old key{}.\n")),
        g.db_path, was_plain ? g.tr("mã hoá", "encrypted") : g.tr("đổi khoá", "re-keyed"), next.origin,
        was_plain ? g.tr(" (tức là không mã hoá)", " (that is, none)") : "");
}

void run_set(const Global& g, const KeyOptions& o) {
  db::Key next;
  if (!o.new_key_file.empty()) {
    next = db::read_key_file(o.new_key_file, "--new-key-file " + o.new_key_file);
  } else if (const char* env = std::getenv("HOTRO_NEW_KEY"); env && *env) {
    next = {env, "HOTRO_NEW_KEY"};
  } else {
    throw Error(Exit::usage, g.tr("cần khoá mới: --new-key-file TỆP (tạo bằng 'hotro key generate "
                                  "TỆP') hoặc biến HOTRO_NEW_KEY",
                                  "needs the new key: --new-key-file FILE (make one with 'hotro key "
                                  "generate FILE') or HOTRO_NEW_KEY"));
  }
  if (next.secret == db::default_key().secret)
    throw Error(Exit::usage, g.tr("khoá mới trùng khoá đang dùng", "the new key is the key in use"));
  rewrite(g, next, "set");
}

void run_remove(const Global& g) {
  if (db::is_plain_file(g.db_path))
    throw Error(Exit::usage, fmt::format(fmt::runtime(g.tr("'{}' không được mã hoá", "'{}' is not encrypted")),
                                         g.db_path));
  rewrite(g, db::Key{}, "remove");
}

}  // namespace

void register_key(CLI::App& app, Global& g) {
  auto o = std::make_shared<KeyOptions>();
  auto* key = app.add_subcommand("key", "Encryption at rest with SQLCipher: status, generate, "
                                        "set, remove (mã hoá thư viện)");
  key->require_subcommand(1);

  auto* status = key->add_subcommand("status", "Whether the library is encrypted, and with what");
  status->add_flag("--json", o->json, "Print JSON");
  status->callback([&g, o] { run_status(g, *o); });

  auto* generate = key->add_subcommand("generate", "Write a new random key to a file only its "
                                                   "owner can read");
  generate->add_option("file", o->file, "The key file to make; must not exist")->required();
  generate->callback([&g, o] { run_generate(g, *o); });

  auto* set = key->add_subcommand("set", "Encrypt the library, or change its key (the new key from "
                                         "--new-key-file or HOTRO_NEW_KEY)");
  set->add_option("--new-key-file", o->new_key_file, "File holding the new key")->type_name("PATH");
  set->callback([&g, o] { run_set(g, *o); });

  auto* remove = key->add_subcommand("remove", "Make an encrypted library plain again");
  remove->callback([&g] { run_remove(g); });
}

}  // namespace hotro::cmd
