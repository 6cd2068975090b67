// SPDX-License-Identifier: MIT
#include "clock.h"

#include <openssl/evp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <regex>

#include <fmt/format.h>

#include "error.h"
#include "i18n.h"

namespace hotro {

std::string now_utc() {
  if (const char* fixed = std::getenv("HOTRO_NOW"); fixed && *fixed) {
    static const std::regex form(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)");
    if (!std::regex_match(fixed, form))
      throw Error(Exit::usage, fmt::format(fmt::runtime(tr("HOTRO_NOW '{}' không hợp lệ: cần dạng "
                                                           "yyyy-mm-ddThh:mm:ssZ",
                                                           "invalid HOTRO_NOW '{}': expected "
                                                           "yyyy-mm-ddThh:mm:ssZ")),
                                           fixed));
    return fixed;
  }
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string actor_name(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("HOTRO_ACTOR"); env && *env) return env;
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) return pw->pw_name;
  return fmt::format("uid:{}", geteuid());
}

namespace {

// The digest is fetched once and the context reused: sha256_hex runs twice for every imported
// row, and setting up a fresh OpenSSL context costs more than hashing a row.
const EVP_MD* sha256_md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

}  // namespace

struct Sha256::Context {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), EVP_MD_CTX_free};
};

Sha256::Sha256() : ctx_(std::make_unique<Context>()) { EVP_DigestInit_ex2(ctx_->ctx.get(), sha256_md(), nullptr); }
Sha256::~Sha256() = default;

void Sha256::update(std::string_view data) { EVP_DigestUpdate(ctx_->ctx.get(), data.data(), data.size()); }

std::array<unsigned char, 32> Sha256::bytes() {
  std::array<unsigned char, 32> out{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_->ctx.get(), out.data(), &len);
  EVP_DigestInit_ex2(ctx_->ctx.get(), sha256_md(), nullptr);
  return out;
}

std::string Sha256::hex() {
  static constexpr char digits[] = "0123456789abcdef";
  const auto md = bytes();
  std::string out(md.size() * 2, '0');
  for (size_t i = 0; i < md.size(); ++i) {
    out[2 * i] = digits[md[i] >> 4];
    out[2 * i + 1] = digits[md[i] & 0xF];
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  thread_local Sha256 h;
  h.update(data);
  return h.hex();
}

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không mở được tệp '{}': {}",
                                                           "cannot open '{}': {}")),
                                           path, sys_error(errno)));
  Sha256 h;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) h.update(std::string_view(buf, static_cast<size_t>(in.gcount())));
  return h.hex();
}

}  // namespace hotro
