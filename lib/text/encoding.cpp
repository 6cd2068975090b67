// SPDX-License-Identifier: MIT
#include "text/encoding.h"

#include <iconv.h>
#include <utf8proc.h>

#include <array>
#include <cerrno>
#include <optional>
#include <tuple>
#include <unordered_set>

#include <fmt/format.h>

#include "error.h"
#include "i18n.h"
#include "text/unicode.h"

namespace hotro::text {
namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";
const iconv_t no_cd = reinterpret_cast<iconv_t>(-1);

// Bytes that mean the same ASCII character in UTF-8, CP1258, TCVN5712-1 and VISCII;
// TCVN and VISCII put Vietnamese capitals at some C0 control positions, so those are out.
bool plain_byte(unsigned char c) { return (c >= 0x20 && c < 0x80) || c == '\t' || c == '\n' || c == '\r'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

// True when `s` ends with the first bytes of a multi-byte UTF-8 sequence that is cut short.
bool cut_sequence_at_end(std::string_view s, size_t& start) {
  for (size_t back = 1; back <= 3 && back <= s.size(); ++back) {
    const auto c = static_cast<unsigned char>(s[s.size() - back]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte: keep looking for the lead
    const size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    start = s.size() - back;
    return c >= 0xC2 && c <= 0xF4 && back < need;
  }
  return false;
}

// Where well-formed UTF-8 stops (only called once `s` is known to be invalid).
size_t bad_utf8_offset(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (len > s.size() - i || !valid_utf8(s.substr(i, len))) return i;
    i += len;
  }
  return s.size();
}

[[noreturn]] void throw_invalid(const std::string& encoding, size_t offset) {
  throw Error(Exit::data, fmt::format(fmt::runtime(tr("dữ liệu không hợp lệ theo bảng mã {} tại vị "
                                                      "trí byte {}",
                                                      "invalid {} at byte offset {}")),
                                      encoding, offset));
}

// --- Telling the legacy encodings apart ---------------------------------------------------
// Windows-1258, TCVN 5712 and VISCII each map the bytes above 127 to letters or signs, so any
// of them decodes any Vietnamese text without an error, into text that is wrong: "Nguyễn" in
// TCVN read as Windows-1258 is "NguyÔn". Read rightly, the words are Vietnamese syllables;
// read wrongly, they carry signs (·, ¹, µ), a capital inside a word, or two tones. So each
// candidate decodes the sample and the one with the most well-formed words wins.

constexpr char32_t kGrave = 0x300, kAcute = 0x301, kCircumflex = 0x302, kTilde = 0x303,
                   kBreve = 0x306, kHook = 0x309, kHorn = 0x31B, kDotBelow = 0x323;

enum class Letter { none, lower, upper };

// An ASCII letter, đ/Đ, or a Latin vowel with the marks Vietnamese puts on it (at most one of
// circumflex, breve or horn, on the vowels that take it, and at most one tone); `tones` counts
// the tone marks.
Letter vietnamese_letter(char32_t c, int& tones) {
  if (c < 0x80) return c >= 'a' && c <= 'z' ? Letter::lower : c >= 'A' && c <= 'Z' ? Letter::upper : Letter::none;
  if (c == 0x111) return Letter::lower;  // đ
  if (c == 0x110) return Letter::upper;  // Đ
  utf8proc_int32_t parts[4];
  int last_boundclass = 0;
  const auto n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(c), parts, 4, UTF8PROC_DECOMPOSE,
                                         &last_boundclass);
  if (n < 2 || n > 3 || parts[0] >= 0x80) return Letter::none;
  const char base = static_cast<char>(parts[0] | 0x20);  // lower case
  if (std::string_view("aeiouy").find(base) == std::string_view::npos) return Letter::none;
  int modifiers = 0;
  for (int i = 1; i < n; ++i) {
    const auto m = static_cast<char32_t>(parts[i]);
    if (m == kGrave || m == kAcute || m == kTilde || m == kHook || m == kDotBelow) {
      ++tones;
    } else if ((m == kCircumflex && std::string_view("aeo").find(base) != std::string_view::npos) ||
               (m == kBreve && base == 'a') || (m == kHorn && (base == 'o' || base == 'u'))) {
      if (++modifiers > 1) return Letter::none;
    } else {
      return Letter::none;
    }
  }
  return parts[0] >= 'a' ? Letter::lower : Letter::upper;
}

// Very frequent words of the lists (names, places, headers): read rightly, a list has some.
bool common_word(const std::string& lower) {
  static const std::unordered_set<std::string> words = {
      "thị", "văn", "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "vũ", "võ", "đặng", "bùi", "đỗ",
      "hồ", "ngô", "dương", "lý", "lò", "lù", "vàng", "giàng", "sùng", "mùa", "hầu", "thào", "cầm",
      "đinh", "đào", "hà", "lưu", "triệu", "nông", "hứa", "xã", "tỉnh", "huyện", "phường", "trấn",
      "thành", "phố", "bản", "thôn", "họ", "tên", "năm", "ngày", "giới", "tính", "nữ", "dân", "tộc",
      "nơi", "cư", "trú", "hình", "thức", "tiếp", "nhận", "trở", "về", "được", "giải", "cứu", "trả",
      "có", "không", "quốc", "chú", "mông", "thái", "tày", "nùng", "mường", "số", "đơn", "vị", "gửi",
      "bị", "bán", "nước", "ngoài", "đến", "địa", "chỉ", "sinh", "đồn", "công", "biên", "phòng"};
  return words.count(lower) > 0;
}

// How well a decoding reads as Vietnamese: its words of two letters or more with a letter
// beyond ASCII, well-formed or not, and how many are very frequent words. Words are cut at
// every character that is not a letter (in any script: a dash, a curly quote or "…" read
// rightly is no word); a one-letter word counts for nothing (a stray "–" read as TCVN is the
// capital "Ọ"). A well-formed word has Vietnamese letters only, at most one tone, and is written
// all in small letters, all in capitals, or with a capital first: "NguyÔn" or "HOò" is not.
struct Reading {
  int good = 0, bad = 0, common = 0;
};

Reading read_as_vietnamese(std::string_view utf8) {
  Reading out;
  int letters = 0, uppers = 0, tones = 0;
  bool foreign = false, bad = false, upper_first = false;
  std::string lower;
  auto end_word = [&] {
    const bool casing = uppers == 0 || uppers == letters || (uppers == 1 && upper_first);
    if (letters >= 2 && foreign) {
      if (bad || tones > 1 || !casing) {
        ++out.bad;
      } else {
        ++out.good;
        if (common_word(lower)) ++out.common;
      }
    }
    letters = uppers = tones = 0;
    foreign = bad = upper_first = false;
    lower.clear();
  };
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(utf8.size());
  while (left > 0) {
    utf8proc_int32_t c = 0;
    const auto len = utf8proc_iterate(p, left, &c);
    if (len <= 0) break;
    p += len;
    left -= len;
    const auto category = utf8proc_category(c);
    const bool letter = category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LL ||
                        category == UTF8PROC_CATEGORY_LT || category == UTF8PROC_CATEGORY_LM ||
                        category == UTF8PROC_CATEGORY_LO;
    if (!letter) {
      end_word();
      continue;
    }
    if (c >= 0x80) foreign = true;
    const Letter l = vietnamese_letter(static_cast<char32_t>(c), tones);
    if (l == Letter::none) bad = true;
    if (l == Letter::upper) {
      if (letters == 0) upper_first = true;
      ++uppers;
    }
    ++letters;
    utf8proc_uint8_t bytes[4];
    const auto n = utf8proc_encode_char(utf8proc_tolower(c), bytes);
    lower.append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(n));
  }
  end_word();
  return out;
}

}  // namespace

std::string detect_encoding(std::string_view sample) {
  if (sample.starts_with(bom) || valid_utf8(sample)) return "UTF-8";
  size_t start = 0;
  if (cut_sequence_at_end(sample, start) && valid_utf8(sample.substr(0, start))) return "UTF-8";
  // The decoding with the fewest garbled words wins, then the one with more frequent words
  // ("Thị", "Nguyễn", "xã"), then more well-formed words. Windows-1258 is kept on a tie, and
  // unless the other shows Vietnamese of its own (a frequent word, or three well-formed words
  // more than garbled ones): a Western word ("naïve") does not turn a file into TCVN.
  std::optional<Reading> best;
  std::string best_name = "CP1258";
  for (const char* candidate : {"CP1258", "TCVN5712-1", "VISCII"}) {
    Reading r;
    try {
      r = read_as_vietnamese(Decoder(candidate).decode(sample));
    } catch (const Error&) {
      continue;  // a byte this encoding does not have
    }
    const bool evidence = r.common > 0 || r.good - r.bad >= 3;
    const bool better = !best || std::tuple(r.bad, -r.common, -r.good) < std::tuple(best->bad, -best->common, -best->good);
    if (!best || (better && (best_name != "CP1258" || evidence))) {
      best = r;
      best_name = candidate;
    }
  }
  return best_name;
}

std::string canonical_encoding(std::string_view name) {
  const std::string n = lower(name);
  if (n == "utf8" || n == "utf-8") return "UTF-8";
  if (n == "cp1258" || n == "windows-1258" || n == "windows1258") return "CP1258";
  if (n == "tcvn" || n == "tcvn3" || n == "tcvn5712" || n == "tcvn5712-1") return "TCVN5712-1";
  if (n == "viscii") return "VISCII";
  if (n == "utf16" || n == "utf-16") return "UTF-16";  // with a byte-order mark (or big-endian)
  if (n == "utf16le" || n == "utf-16le") return "UTF-16LE";
  if (n == "utf16be" || n == "utf-16be") return "UTF-16BE";
  const std::string given(name);
  iconv_t cd = given.empty() ? no_cd : iconv_open("UTF-8", given.c_str());
  if (cd == no_cd)
    throw Error(Exit::usage, fmt::format(fmt::runtime(tr("không nhận ra bảng mã '{}'",
                                                         "unknown encoding '{}'")),
                                         given));
  iconv_close(cd);
  return given;
}

std::string to_utf8(std::string_view bytes, const std::string& encoding) {
  return Decoder(encoding).decode(bytes);
}

Decoder::Decoder(const std::string& encoding) : encoding_(canonical_encoding(encoding)) {
  if (encoding_ == "UTF-8") return;
  iconv_t cd = iconv_open("UTF-8", encoding_.c_str());
  if (cd == no_cd)
    throw Error(Exit::usage, fmt::format(fmt::runtime(tr("không nhận ra bảng mã '{}'",
                                                         "unknown encoding '{}'")),
                                         encoding_));
  cd_ = cd;
}

Decoder::~Decoder() {
  if (cd_) iconv_close(static_cast<iconv_t>(cd_));
}

std::string Decoder::decode(std::string_view bytes) {
  const size_t skipped = bytes.starts_with(bom) ? bom.size() : 0;
  bytes.remove_prefix(skipped);

  bool plain = true;
  for (unsigned char c : bytes)
    if (!plain_byte(c)) {
      plain = false;
      break;
    }
  if (plain) return std::string(bytes);

  if (!cd_) {
    if (!valid_utf8(bytes)) throw_invalid(encoding_, bad_utf8_offset(bytes) + skipped);
    return std::string(bytes);
  }

  auto cd = static_cast<iconv_t>(cd_);
  iconv(cd, nullptr, nullptr, nullptr, nullptr);  // back to the initial state
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());  // iconv does not write through it
  size_t in_left = bytes.size();
  size_t done = 0;
  bool flushing = false;
  for (;;) {
    char* o = out.data() + done;
    size_t o_left = out.size() - done;
    // The legacy Vietnamese converters hold back the last character in case a combining
    // mark follows, so a final call without input is needed to flush it.
    const size_t r = flushing ? iconv(cd, nullptr, nullptr, &o, &o_left)
                              : iconv(cd, &in, &in_left, &o, &o_left);
    done = static_cast<size_t>(o - out.data());
    if (r != static_cast<size_t>(-1)) {
      if (flushing) break;
      flushing = true;
      continue;
    }
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    throw_invalid(encoding_, static_cast<size_t>(in - bytes.data()) + skipped);
  }
  out.resize(done);
  return nfc(out);
}

}  // namespace hotro::text
