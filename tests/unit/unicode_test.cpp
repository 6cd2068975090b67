// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <string>

#include "error.h"
#include "text/unicode.h"

using namespace hotro::text;

namespace {

// "Nguyễn Thị Hường" precomposed (NFC) and decomposed (NFD), spelled out as bytes so that
// an editor cannot silently normalise the test source.
const std::string name_nfc =
    "\x4e\x67\x75\x79\xe1\xbb\x85\x6e\x20\x54\x68\xe1\xbb\x8b\x20\x48\xc6\xb0\xe1\xbb\x9d\x6e\x67";
const std::string name_nfd =
    "\x4e\x67\x75\x79\x65\xcc\x82\xcc\x83\x6e\x20\x54\x68\x69\xcc\xa3\x20\x48\x75\xcc\x9b\x6f\xcc\x9b"
    "\xcc\x80\x6e\x67";

// A code point below U+10000 as UTF-8.
std::string utf8(unsigned cp) {
  std::string s;
  if (cp < 0x800) {
    s += static_cast<char>(0xC0 | cp >> 6);
  } else {
    s += static_cast<char>(0xE0 | cp >> 12);
    s += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
  }
  s += static_cast<char>(0x80 | (cp & 0x3F));
  return s;
}

hotro::Exit code_of(void (*f)()) {
  try {
    f();
  } catch (const hotro::Error& e) {
    return e.code();
  }
  return hotro::Exit::ok;
}

}  // namespace

TEST_CASE("nfc composes decomposed Vietnamese") {
  REQUIRE(name_nfc != name_nfd);
  CHECK(name_nfc == "Nguyễn Thị Hường");
  CHECK(nfc(name_nfd) == name_nfc);
  CHECK(nfc(name_nfc) == name_nfc);
  CHECK(nfc("") == "");
  CHECK(nfc("plain ASCII, unchanged\t") == "plain ASCII, unchanged\t");
  // Vietnamese tone mark order in decomposed input: e + circumflex + acute → ế.
  CHECK(nfc("e\xcc\x82\xcc\x81") == "ế");
  CHECK(nfc("\xc3\xaa\xcc\x81") == "ế");           // precomposed ê + combining acute
  CHECK(nfc("\xe2\x84\xa6") == "\xce\xa9");         // OHM SIGN → GREEK CAPITAL OMEGA
  CHECK(nfc("\xe1\x84\x80\xe1\x85\xa1") == "가");  // Hangul jamo compose
}

TEST_CASE("fold gives one key for NFC, NFD and unaccented upper case") {
  CHECK(fold(name_nfc) == "nguyen thi huong");
  CHECK(fold(name_nfd) == "nguyen thi huong");
  CHECK(fold("NGUYEN THI HUONG") == "nguyen thi huong");
  CHECK(fold("NGUYỄN THỊ HƯỜNG") == "nguyen thi huong");
  CHECK(fold(name_nfc) == fold(name_nfd));
}

TEST_CASE("fold maps đ and Đ to d") {
  CHECK(fold("Đặng Văn Đức") == "dang van duc");
  CHECK(fold("đ") == "d");
  CHECK(fold("Đ") == "d");
  CHECK(fold("ĐĂNG") == fold("dang"));
}

TEST_CASE("fold maps the look-alikes of Đ to d as well, fold_v1 keeps them as schema 9 did") {
  // Ð/ð U+00D0/U+00F0 (a Windows-1258 list read as Windows-1252), Ɖ/ɖ U+0189/U+0256.
  CHECK(fold("\u00D0\u1ED7 Th\u1ECB H\u00E0") == "do thi ha");
  CHECK(fold("\u00D0\u1ED7 Th\u1ECB H\u00E0") == fold("Đỗ Thị Hà"));
  CHECK(fold("L\u00F2 V\u0103n \u00F0\u1EE9c") == "lo van duc");
  CHECK(fold("\u0189\u1ED7") == "do");
  CHECK(fold("\u0256\u1ED7 \u03A9") == "do ω");  // U+0256 is past fold()'s table: utf8proc
  CHECK(has_d_look_alike("\u00D0"));
  CHECK(has_d_look_alike("x\u00F0"));
  CHECK(has_d_look_alike("\u0189"));
  CHECK(has_d_look_alike("\u0256"));
  CHECK_FALSE(has_d_look_alike("Đặng Văn Đức"));
  CHECK(fold_v1("\u00D0\u1ED7 Th\u1ECB H\u00E0") == "\u00F0o thi ha");
  CHECK(fold_v1("\u0189\u1ED7 \u0256") == "\u0256o \u0256");
  CHECK(fold_v1("Đặng Văn Đức") == "dang van duc");
  // Everywhere else the two agree: with a look-alike in the text, fold_v1 goes through
  // utf8proc for every letter, where fold() uses its table.
  int checked = 0;
  for (unsigned cp = 0xA0; cp <= 0x24F; ++cp) {
    const std::string c = utf8(cp);
    if (cp == 0xD0 || cp == 0xF0 || cp == 0x189) continue;
    if (fold_v1("\u00F0 x" + c + "y") != "\u00F0 " + fold("x" + c + "y")) FAIL_CHECK("code point " << cp);
    ++checked;
  }
  CHECK(checked == 0x24F - 0xA0 + 1 - 3);
  CHECK_THROWS(fold_v1("\u00D0\xff"));
}

TEST_CASE("fold drops punctuation and collapses white space") {
  CHECK(fold("  Nguyễn-Văn   A.  ") == "nguyenvan a");
  CHECK(fold("O'Brien") == "obrien");
  CHECK(fold("Lê\xc2\xa0Thị\t\nHoa") == "le thi hoa");
  CHECK(fold("Trần\u3000Văn\u2003Bình") == "tran van binh");
  CHECK(fold("Số 12/3, Ấp Bình Minh") == "so 123 ap binh minh");
  CHECK(fold("...") == "");
  CHECK(fold("") == "");
  CHECK(fold(" \t ") == "");
  CHECK(fold("ABC-123 xyz") == "abc123 xyz");
  CHECK(fold("Straße") == "strasse");
  CHECK(fold("«Hà Nội»") == "ha noi");
  // Digits are kept, including non-ASCII decimal digits.
  CHECK(fold("Phòng ٣") == "phong ٣");
}

TEST_CASE("fold of precomposed Latin letters matches the full utf8proc path") {
  // fold() has a table for U+00A0..U+024F and U+1E00..U+1EFF; adding an omega to the text
  // sends it through utf8proc instead, and the two must agree.
  int checked = 0;
  for (unsigned cp = 0xA0; cp <= 0x1EFF; cp = cp == 0x24F ? 0x1E00 : cp + 1) {
    const std::string c = utf8(cp);
    const std::string fast = fold("x" + c + "y");
    const std::string slow = fold("x" + c + "y\xce\xa9");
    if (slow != fast + "\xcf\x89") FAIL_CHECK("code point " << cp << ": " << fast << " vs " << slow);
    ++checked;
  }
  CHECK(checked == 0x250 - 0xA0 + 0x100);
  CHECK(fold("Ω") == "ω");
  CHECK(fold("Ồ") == "o");
  CHECK(fold("Ǘ") == "u");   // U+01D7, two marks
  CHECK(fold("ǅ") == "ǆ");   // U+01C5 has only a compatibility decomposition
}

TEST_CASE("fold is not a no-op on letters it must keep apart") {
  CHECK(fold("Hoa") != fold("Hòa Bình"));
  CHECK(fold("ma") == fold("mà"));
  CHECK(fold("Nguyen Thi") != fold("Nguyen Thi Huong"));
}

TEST_CASE("clean trims and collapses white space but keeps accents and punctuation") {
  CHECK(clean("  Nguyễn   Thị\tHường \n") == "Nguyễn Thị Hường");
  CHECK(clean("\xc2\xa0Lê\xc2\xa0\xc2\xa0Hoa\xc2\xa0") == "Lê Hoa");
  CHECK(clean(name_nfd) == name_nfc);
  CHECK(clean("  a  b  ") == "a b");
  CHECK(clean("O'Brien, Jr.") == "O'Brien, Jr.");
  CHECK(clean("line1\r\nline2") == "line1 line2");
  CHECK(clean("") == "");
  CHECK(clean(" \xc2\xa0 ") == "");
  CHECK(clean("a\u2028b\u3000c") == "a b c");
}

TEST_CASE("valid_utf8 accepts well-formed text and rejects malformed bytes") {
  CHECK(valid_utf8(""));
  CHECK(valid_utf8("ascii"));
  CHECK(valid_utf8(name_nfc));
  CHECK(valid_utf8("\xf0\x9f\x98\x80"));  // U+1F600
  CHECK_FALSE(valid_utf8("\xff"));
  CHECK_FALSE(valid_utf8("Nguy\xea\xde"));       // CP1258 bytes
  CHECK_FALSE(valid_utf8("\xe1\xbb"));           // truncated
  CHECK_FALSE(valid_utf8("\xc0\xaf"));           // overlong '/'
  CHECK_FALSE(valid_utf8("\xe0\x80\xaf"));       // overlong
  CHECK_FALSE(valid_utf8("\xed\xa0\x80"));       // surrogate U+D800
  CHECK_FALSE(valid_utf8("\xf4\x90\x80\x80"));   // above U+10FFFF
  CHECK_FALSE(valid_utf8("\x80"));               // lone continuation
  CHECK_FALSE(valid_utf8("a\xe1\x41\x41"));      // lead byte without continuations
}

TEST_CASE("invalid UTF-8 throws a data error naming the offset") {
  CHECK(code_of([] { nfc("abc\xff"); }) == hotro::Exit::data);
  CHECK(code_of([] { fold("Nguy\xea\xde"); }) == hotro::Exit::data);
  CHECK(code_of([] { clean("\xc3"); }) == hotro::Exit::data);
  CHECK(code_of([] { nfc("\xed\xa0\x80"); }) == hotro::Exit::data);
  CHECK_THROWS_WITH_AS(nfc("Hà\xff"), doctest::Contains("offset 3"), hotro::Error);
  CHECK_THROWS_WITH_AS(fold("ab\x80"), doctest::Contains("offset 2"), hotro::Error);
  // ASCII input never throws, even with control bytes.
  CHECK_NOTHROW(fold(std::string("a\0b", 3)));
}

TEST_CASE("length counts code points, not bytes") {
  CHECK(length("") == 0);
  CHECK(length("abc") == 3);
  CHECK(length(name_nfc) == 16);
  CHECK(name_nfc.size() > 16);
  CHECK(length(name_nfd) == 16 + 6);  // six combining marks
  CHECK(length("\xf0\x9f\x98\x80") == 1);
  CHECK(length("Đ") == 1);
}

TEST_CASE("unicode: clean_lines keeps the lines of free text") {
  using hotro::text::clean_lines;
  CHECK(clean_lines("Tiếp nhận tại cửa khẩu\nđã liên hệ gia đình") ==
        "Tiếp nhận tại cửa khẩu\nđã liên hệ gia đình");
  CHECK(clean_lines("  một   dòng  ") == "một dòng");
  CHECK(clean_lines("a\r\nb\r\n") == "a\nb");
  CHECK(clean_lines("\n\na\n\n\nb\n\n") == "a\n\n\nb");
  CHECK(clean_lines("") == "");
  CHECK(clean_lines(" \n \n") == "");
  CHECK(clean_lines("Nguye\xcc\x82\xcc\x83n\nx") == "Nguyễn\nx");  // NFD in, NFC out
}

TEST_CASE("blank is empty text or only spaces, tabs and line breaks") {
  CHECK(blank(""));
  CHECK(blank(" \t\r\n "));
  CHECK_FALSE(blank(" x "));
  CHECK_FALSE(blank("Đ"));
  CHECK_FALSE(blank("\xC2\xA0"));  // NBSP counts as text here; clean() is what drops it
}
