// SPDX-License-Identifier: MIT
#include "text/unicode.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

#include <fmt/format.h>

#include "error.h"
#include "i18n.h"

namespace hotro::text {
namespace {

constexpr size_t npos = std::string_view::npos;

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// Offset of the first byte that does not start a well-formed UTF-8 sequence (no overlongs,
// no surrogates, nothing above U+10FFFF), or npos.
size_t invalid_utf8_at(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const unsigned c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c == 0xED) len = 3, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    else return i;
    if (n - i < len || p[i + 1] < lo || p[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return i;
    i += len;
  }
  return npos;
}

// True when `s` is well-formed UTF-8 that is certainly NFC already: every code point is ASCII
// or a precomposed letter from Latin-1, Latin Extended-A/B or Latin Extended Additional. These
// have NFC_Quick_Check=Yes and combining class 0, so nothing can compose or reorder; that covers
// nearly all Vietnamese text and skips utf8proc. Validation and the check are one pass. False
// says nothing more: the caller validates and normalises the slow way.
bool valid_plain_latin(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const unsigned c = p[i];
    if (c < 0x80) {
      ++i;
    } else if (c >= 0xC2 && c <= 0xC9) {  // U+0080..U+027F: two bytes
      if (n - i < 2 || (p[i + 1] & 0xC0) != 0x80) return false;
      const unsigned cp = (c & 0x1Fu) << 6 | (p[i + 1] & 0x3Fu);
      if (cp < 0xA0 || cp > 0x24F) return false;
      i += 2;
    } else if (c == 0xE1) {  // U+1000..U+1FFF: three bytes
      if (n - i < 3 || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80) return false;
      const unsigned cp = (c & 0x0Fu) << 12 | (p[i + 1] & 0x3Fu) << 6 | (p[i + 2] & 0x3Fu);
      if (cp < 0x1E00 || cp > 0x1EFF) return false;
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

void require_utf8(std::string_view s) {
  if (size_t at = invalid_utf8_at(s); at != npos)
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("dữ liệu không hợp lệ theo bảng mã UTF-8 "
                                                        "tại vị trí byte {}",
                                                        "invalid UTF-8 at byte offset {}")),
                                        at));
}

// Runs utf8proc_map on input already known to be valid UTF-8.
std::string map(std::string_view s, int options) {
  utf8proc_uint8_t* out = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                              static_cast<utf8proc_ssize_t>(s.size()), &out,
                              static_cast<utf8proc_option_t>(options));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(out, &std::free);
  if (n == UTF8PROC_ERROR_NOMEM) throw std::bad_alloc();
  if (n < 0)
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("không chuẩn hóa được văn bản: {}",
                                                        "cannot normalise text: {}")),
                                        utf8proc_errmsg(n)));
  return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
}

// Unicode White_Space.
bool is_space(utf8proc_int32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

// Appends text while collapsing white space: a space is written only before the next
// non-space, so runs collapse and both ends are trimmed.
class Collapser {
 public:
  explicit Collapser(size_t reserve) { out_.reserve(reserve); }
  void space() { pending_ = !out_.empty(); }
  void put(char c) {
    flush();
    out_ += c;
  }
  void put(std::string_view bytes) {
    flush();
    out_ += bytes;
  }
  std::string take() { return std::move(out_); }

 private:
  void flush() {
    if (pending_) out_ += ' ';
    pending_ = false;
  }
  std::string out_;
  bool pending_ = false;
};

bool ascii_space(unsigned char c) { return c == ' ' || (c >= 0x09 && c <= 0x0D); }
bool ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char ascii_lower(unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); }

void fold_ascii(Collapser& out, unsigned char c) {
  if (ascii_space(c)) out.space();
  else if (ascii_alnum(c)) out.put(ascii_lower(c));
}

bool letter_or_digit(utf8proc_int32_t cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

// Whether a letter stands for Đ/đ, and so folds to "d". Đ/đ have no decomposition to strip,
// and real lists also carry their look-alikes: Ð/ð (U+00D0/U+00F0, Icelandic eth: what a Windows-1258
// file read as Windows-1252 gives, and what some keyboards type for Đ) and Ɖ/ɖ (U+0189/U+0256,
// African D). Case folding has made each capital small by now. Up to schema 9 (fold_v1) the
// look-alikes were kept as letters of their own.
enum class LookAlikes { as_d, kept };
bool stands_for_d(utf8proc_int32_t cp, LookAlikes look_alikes) {
  if (cp == 0x0111 || cp == 0x0110) return true;
  return look_alikes == LookAlikes::as_d && (cp == 0x00F0 || cp == 0x0256);
}

// Folds valid UTF-8 with utf8proc.
void fold_slow(Collapser& out, std::string_view s, LookAlikes look_alikes = LookAlikes::as_d) {
  // COMPOSE (which decomposes first) rather than DECOMPOSE, so scripts such as Hangul
  // stay composed in the key once the marks are stripped.
  const std::string m =
      map(s, UTF8PROC_COMPOSE | UTF8PROC_STABLE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(m.data());
  for (size_t i = 0; i < m.size();) {
    if (p[i] < 0x80) {
      fold_ascii(out, p[i++]);
      continue;
    }
    utf8proc_int32_t cp = 0;
    const auto len = static_cast<size_t>(utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(m.size() - i), &cp));
    if (stands_for_d(cp, look_alikes)) out.put('d');
    else if (is_space(cp)) out.space();
    else if (letter_or_digit(cp)) out.put(std::string_view(m).substr(i, len));
    i += len;
  }
}

// The fold of each code point that valid_plain_latin() accepts, worked out once with
// fold_slow(), so that most Vietnamese text is folded without a utf8proc_map call.
const std::string& latin_fold(utf8proc_int32_t cp) {
  static const std::vector<std::string> table = [] {
    std::vector<std::string> t(0x250 + 0x100);
    for (utf8proc_int32_t c = 0xA0; c <= 0x1EFF; c = c == 0x24F ? 0x1E00 : c + 1) {
      utf8proc_uint8_t buf[4];
      const auto n = static_cast<size_t>(utf8proc_encode_char(c, buf));
      Collapser one(4);
      fold_slow(one, std::string_view(reinterpret_cast<const char*>(buf), n));
      t[c < 0x250 ? c : c - 0x1E00 + 0x250] = one.take();
    }
    return t;
  }();
  return table[cp < 0x250 ? cp : cp - 0x1E00 + 0x250];
}

}  // namespace

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == npos; }

bool valid_utf8(std::string_view s) { return invalid_utf8_at(s) == npos; }

std::string nfc(std::string_view s) {
  if (is_ascii(s) || valid_plain_latin(s)) return std::string(s);
  require_utf8(s);
  return map(s, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
}

std::string clean(std::string_view s) {
  std::string normal;
  if (!is_ascii(s)) {
    normal = nfc(s);
    s = normal;
  }
  Collapser out(s.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  for (size_t i = 0; i < s.size();) {
    if (p[i] < 0x80) {
      if (ascii_space(p[i])) out.space();
      else out.put(s[i]);
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const auto len = static_cast<size_t>(utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(s.size() - i), &cp));
    if (is_space(cp)) out.space();
    else out.put(s.substr(i, len));
    i += len;
  }
  return out.take();
}

std::string clean_lines(std::string_view s) {
  std::string out;
  size_t pending_breaks = 0;
  while (true) {
    const size_t nl = s.find('\n');
    std::string line = clean(s.substr(0, nl));  // clean() also drops a trailing \r
    if (line.empty()) {
      if (!out.empty()) ++pending_breaks;
    } else {
      out.append(pending_breaks + (out.empty() ? 0 : 1), '\n');
      pending_breaks = 0;
      out += line;
    }
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
  return out;
}

std::string fold(std::string_view s) {
  Collapser out(s.size());
  if (is_ascii(s)) {
    for (unsigned char c : s) fold_ascii(out, c);
    return out.take();
  }
  if (!valid_plain_latin(s)) {
    require_utf8(s);
    fold_slow(out, s);
    return out.take();
  }
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  for (size_t i = 0; i < s.size();) {
    if (p[i] < 0x80) {
      fold_ascii(out, p[i++]);
      continue;
    }
    utf8proc_int32_t cp = 0;
    i += static_cast<size_t>(utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(s.size() - i), &cp));
    if (is_space(cp)) out.space();
    else if (const std::string& f = latin_fold(cp); !f.empty()) out.put(f);
  }
  return out.take();
}

bool has_d_look_alike(std::string_view s) {
  for (const char* c : {"\xC3\x90", "\xC3\xB0", "\xC6\x89", "\xC9\x96"})  // Ð ð Ɖ ɖ
    if (s.find(c) != std::string_view::npos) return true;
  return false;
}

std::string fold_v1(std::string_view s) {
  if (!has_d_look_alike(s)) return fold(s);
  require_utf8(s);
  Collapser out(s.size());
  fold_slow(out, s, LookAlikes::kept);
  return out.take();
}

size_t length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace hotro::text
