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

struct Sha256 {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), EVP_MD_CTX_free};
  Sha256() { EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr); }
  void update(const void* p, size_t n) { EVP_DigestUpdate(ctx.get(), p, n); }
  std::string hex() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), md, &len);
    std::string out;
    out.reserve(len * 2);
    for (unsigned i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
    return out;
  }
};

}  // namespace

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data.data(), data.size());
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
  while (in.read(buf, sizeof buf) || in.gcount() > 0) h.update(buf, in.gcount());
  return h.hex();
}

}  // namespace hotro
