// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <iconv.h>

#include <string>

#include "error.h"
#include "text/encoding.h"
#include "text/unicode.h"

using namespace hotro::text;

namespace {

const std::string phrase = "Nguyễn Thị Hường, Đặng Văn Đức";

// `phrase` as written by `iconv -f UTF-8 -t ...` (glibc).
const std::string phrase_cp1258 =
    "\x4e\x67\x75\x79\xea\xde\x6e\x20\x54\x68\x69\xf2\x20\x48\xfd\xf5\xcc\x6e\x67\x2c\x20\xd0\xe3"
    "\xf2\x6e\x67\x20\x56\xe3\x6e\x20\xd0\xfd\xec\x63";
const std::string phrase_tcvn =
    "\x4e\x67\x75\x79\xd4\x6e\x20\x54\x68\xde\x20\x48\xad\xea\x6e\x67\x2c\x20\xa7\xc6\x6e\x67\x20"
    "\x56\xa8\x6e\x20\xa7\xf8\x63";
const std::string phrase_viscii =
    "\x4e\x67\x75\x79\xad\x6e\x20\x54\x68\xb8\x20\x48\xdf\xb6\x6e\x67\x2c\x20\xd0\xa3\x6e\x67\x20"
    "\x56\xe5\x6e\x20\xd0\xd1\x63";

// Every Vietnamese letter with every tone, both cases.
const std::string alphabet =
    "aàáảãạ ăằắẳẵặ âầấẩẫậ eèéẻẽẹ êềếểễệ iìíỉĩị oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ ưừứửữự yỳýỷỹỵ đ "
    "AÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ EÈÉẺẼẸ ÊỀẾỂỄỆ IÌÍỈĨỊ OÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ UÙÚỦŨỤ ƯỪỨỬỮỰ YỲÝỶỸỴ Đ";

// Encodes UTF-8 with glibc iconv, as another program would have written the file.
std::string encode(const std::string& utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t o_left = out.size();
  const size_t r = iconv(cd, &in, &in_left, &o, &o_left);
  iconv(cd, nullptr, nullptr, &o, &o_left);
  iconv_close(cd);
  REQUIRE(r != static_cast<size_t>(-1));
  out.resize(out.size() - o_left);
  return out;
}

}  // namespace

TEST_CASE("Windows-1258 decodes to NFC UTF-8") {
  REQUIRE_FALSE(valid_utf8(phrase_cp1258));
  const std::string got = to_utf8(phrase_cp1258, "CP1258");
  CHECK(got == phrase);
  CHECK(got == nfc(got));
  CHECK(to_utf8(encode(alphabet, "CP1258"), "CP1258") == alphabet);
  // A decomposed sequence with no precomposed CP1258 letter still comes out in NFC.
  CHECK(to_utf8("\xd4\xec", "CP1258") == "Ố");
  // iconv gives à + dot below for a + grave + dot below; NFC orders the marks and gives ạ + grave.
  CHECK(to_utf8("a\xcc\xf2", "CP1258") == "\xe1\xba\xa1\xcc\x80");
}

TEST_CASE("TCVN5712-1 and VISCII round trips") {
  CHECK(to_utf8(phrase_tcvn, "TCVN5712-1") == phrase);
  CHECK(to_utf8(phrase_viscii, "VISCII") == phrase);
  for (const char* enc : {"TCVN5712-1", "VISCII", "CP1258"}) {
    CAPTURE(enc);
    const std::string bytes = encode(alphabet, enc);
    CHECK(bytes != alphabet);
    CHECK(to_utf8(bytes, enc) == alphabet);
  }
  // Vietnamese capitals that TCVN and VISCII keep at C0 control positions.
  CHECK(to_utf8("\x01", "TCVN5712-1") == "Ú");
  CHECK(to_utf8("\x02", "VISCII") == "Ẳ");
}

TEST_CASE("detect_encoding") {
  CHECK(detect_encoding("") == "UTF-8");
  CHECK(detect_encoding("plain,ascii\n1,2\n") == "UTF-8");
  CHECK(detect_encoding(phrase) == "UTF-8");
  CHECK(detect_encoding("\xEF\xBB\xBF" + phrase) == "UTF-8");
  CHECK(detect_encoding(phrase_cp1258) == "CP1258");
  CHECK(detect_encoding("ten\n" + phrase_cp1258) == "CP1258");

  // A 64 KiB sample may end in the middle of a character.
  const std::string long_text = "Hường";  // ư = C6 B0, ờ = E1 BB 9D
  CHECK(detect_encoding(long_text.substr(0, 2)) == "UTF-8");  // "H" + C6
  CHECK(detect_encoding(long_text.substr(0, 4)) == "UTF-8");  // ... + E1
  CHECK(detect_encoding(long_text.substr(0, 5)) == "UTF-8");  // ... + E1 BB
  CHECK(detect_encoding(std::string("\xf0\x9f\x98")) == "UTF-8");
  // ... but only at the very end, and only as the start of a real sequence.
  CHECK(detect_encoding("H\xe1\xbb" "abc") != "UTF-8");
  CHECK(detect_encoding("abc\xe1") == "UTF-8");
  CHECK(detect_encoding("abc\xff") != "UTF-8");
  CHECK(detect_encoding("abc\xc0") != "UTF-8");
  CHECK(detect_encoding("Nguy\xea\xde" "n") == "CP1258");
}

TEST_CASE("detect_encoding tells Windows-1258, TCVN and VISCII apart") {
  CHECK(detect_encoding(phrase_tcvn) == "TCVN5712-1");
  CHECK(detect_encoding(phrase_viscii) == "VISCII");
  // A list as an office would send it, in each encoding.
  const std::string list =
      "Họ và tên,Giới tính,Năm sinh,Dân tộc,Nơi cư trú\n"
      "Nguyễn Thị Hường,Nữ,1998,Kinh,\"Xã Mường Lạn, tỉnh Sơn La\"\n"
      "Lò Văn Dũng,Nam,2001,Thái,Bản Phiêng Ban\n"
      "Đỗ Thị Ngọc Ánh,Nữ,2003,Tày,Huyện Bát Xát\n"
      "HOÀNG VĂN THỤ,Nam,1990,Nùng,Thị trấn Phố Lu\n";
  for (const char* enc : {"CP1258", "TCVN5712-1", "VISCII"}) {
    CAPTURE(enc);
    CHECK(detect_encoding(encode(list, enc)) == enc);
  }
  // One name is enough.
  for (const char* enc : {"CP1258", "TCVN5712-1", "VISCII"}) {
    CAPTURE(enc);
    CHECK(detect_encoding(encode("ten\nNguyễn Thị Hường\n", enc)) == enc);
  }
  // Typographic punctuation from Word, dashes for empty cells, names in capitals: still
  // Windows-1258 (in TCVN or VISCII each dash or quote would be a capital letter).
  const std::string office =
      "STT,HỌ TÊN,GIỚI TÍNH,NĂM SINH,GHI CHÚ\n"
      "1,NGUYỄN VĂN AN,Nam,1990,–\n"
      "2,LÒ THỊ BÌNH,Nữ,1995,“Tu tro ve” – da bao gia dinh…\n"
      "3,HOÀNG VĂN CƯỜNG,–,–,–\n";
  CHECK(detect_encoding(encode(office, "CP1258")) == "CP1258");
  CHECK(detect_encoding(encode("Ho ten,Ghi chu\nA,“Tu tro ve” – da bao\nB,–\nC,–\nD,–\n", "CP1258")) == "CP1258");
  for (const char* enc : {"TCVN5712-1", "VISCII"}) {
    CAPTURE(enc);
    CHECK(detect_encoding(encode("STT,HỌ TÊN,GIỚI TÍNH,NĂM SINH\n1,NGUYỄN VĂN AN,Nam,1990\n2,LÒ THỊ BÌNH,Nữ,1995\n", enc)) == enc);
  }
  // One short row under an ASCII header: the names decide, by their garbled words and the
  // frequent ones ("Thị", "Vàng", "Lý").
  const std::string ascii_header = "STT,Ho ten,Nam sinh,Ngay tiep nhan,Hinh thuc tiep nhan\n";
  for (const std::string name : {"Vàng Mí Dua", "Lý Thị Hòa", "Giàng A Páo", "Hầu Thị Dua"}) {
    for (const std::string enc : {"CP1258", "TCVN5712-1", "VISCII"}) {
      CAPTURE(name);
      CAPTURE(enc);
      // (Some names are the same bytes in two encodings: "Vàng Mí Dua" in VISCII and
      // Windows-1258. What counts is that the name reads rightly.)
      const std::string bytes = encode(ascii_header + "1," + name + ",2001,03/02/2026,Trao tra\n", enc.c_str());
      CHECK(to_utf8(bytes, detect_encoding(bytes)).find(name) != std::string::npos);
    }
  }
  // Nothing Vietnamese to go by (Western words, a stray byte): Windows-1258, as before.
  CHECK(detect_encoding("caf\xe9,na\xefve\n") == "CP1258");
  CHECK(detect_encoding("1,2\n\x80\n") == "CP1258");
}

TEST_CASE("canonical_encoding") {
  CHECK(canonical_encoding("utf8") == "UTF-8");
  CHECK(canonical_encoding("UTF-8") == "UTF-8");
  CHECK(canonical_encoding("Utf-8") == "UTF-8");
  CHECK(canonical_encoding("cp1258") == "CP1258");
  CHECK(canonical_encoding("Windows-1258") == "CP1258");
  CHECK(canonical_encoding("tcvn") == "TCVN5712-1");
  CHECK(canonical_encoding("TCVN3") == "TCVN5712-1");
  CHECK(canonical_encoding("tcvn5712") == "TCVN5712-1");
  CHECK(canonical_encoding("VISCII") == "VISCII");
  CHECK(canonical_encoding("viscii") == "VISCII");
  CHECK(canonical_encoding("ISO-8859-1") == "ISO-8859-1");  // other iconv names pass through

  CHECK_THROWS_WITH_AS(canonical_encoding("klingon-7"), doctest::Contains("klingon-7"), hotro::Error);
  try {
    canonical_encoding("no-such-encoding");
    FAIL("expected an error");
  } catch (const hotro::Error& e) {
    CHECK(e.code() == hotro::Exit::usage);
  }
  CHECK_THROWS_AS(canonical_encoding(""), hotro::Error);
  CHECK_THROWS_AS(Decoder("no-such-encoding"), hotro::Error);
}

TEST_CASE("UTF-8 input is validated, BOM dropped") {
  CHECK(to_utf8(phrase, "UTF-8") == phrase);
  CHECK(to_utf8("\xEF\xBB\xBF" + phrase, "UTF-8") == phrase);
  CHECK(to_utf8("\xEF\xBB\xBF", "UTF-8") == "");
  CHECK(to_utf8("", "UTF-8") == "");
  CHECK(to_utf8("\xEF\xBB\xBF" "abc", "CP1258") == "abc");
}

TEST_CASE("invalid bytes give a data error naming the offset") {
  try {
    to_utf8("Nguy\xea\xde", "UTF-8");
    FAIL("expected an error");
  } catch (const hotro::Error& e) {
    CHECK(e.code() == hotro::Exit::data);
    CHECK(std::string(e.what()) == "invalid UTF-8 at byte offset 4");
  }
  // The offset counts from the start of the input, BOM included.
  CHECK_THROWS_WITH_AS(to_utf8("\xEF\xBB\xBF" "ab\xff", "UTF-8"), "invalid UTF-8 at byte offset 5",
                       hotro::Error);
  CHECK_THROWS_WITH_AS(to_utf8("Hà\xe1\xbb", "UTF-8"), "invalid UTF-8 at byte offset 3", hotro::Error);
  // 0x81 is not assigned in Windows-1258.
  CHECK_THROWS_WITH_AS(to_utf8("abc\x81", "CP1258"), "invalid CP1258 at byte offset 3", hotro::Error);
  try {
    to_utf8("\xEF\xBB\xBF" "x\x8a", "CP1258");
    FAIL("expected an error");
  } catch (const hotro::Error& e) {
    CHECK(e.code() == hotro::Exit::data);
    CHECK(std::string(e.what()) == "invalid CP1258 at byte offset 4");
  }
}

TEST_CASE("Decoder reuses one converter across calls") {
  Decoder cp("cp1258");
  CHECK(cp.encoding() == "CP1258");
  CHECK(cp.decode("plain") == "plain");
  CHECK(cp.decode(phrase_cp1258) == phrase);
  CHECK_THROWS_AS(cp.decode("\x81"), hotro::Error);
  // A failed or cut-short call leaves no state behind for the next one.
  CHECK(cp.decode("Nguy\xea") == "Nguyê");
  CHECK(cp.decode("\xde") == "\xcc\x83");  // a lone combining tilde, not joined to the ê before
  CHECK(cp.decode(phrase_cp1258) == phrase);
  CHECK(cp.decode("") == "");

  Decoder tcvn("TCVN3");
  CHECK(tcvn.decode(phrase_tcvn) == phrase);
  CHECK(tcvn.decode("a\tb\r\n") == "a\tb\r\n");
  CHECK(tcvn.decode(phrase_tcvn) == phrase);

  Decoder utf8("utf8");
  CHECK(utf8.encoding() == "UTF-8");
  CHECK(utf8.decode(phrase) == phrase);
  CHECK_THROWS_AS(utf8.decode(phrase_cp1258), hotro::Error);

  // Long input forces the output buffer to grow.
  std::string many, expected;
  for (int i = 0; i < 2000; ++i) {
    many += phrase_cp1258;
    expected += phrase;
  }
  CHECK(cp.decode(many) == expected);
}
