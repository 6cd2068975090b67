// SPDX-License-Identifier: MIT
// Legacy encodings of Vietnamese text (glibc iconv): Windows-1258, TCVN 5712, VISCII.
#pragma once

#include <string>
#include <string_view>

namespace hotro::text {

/// Guesses the encoding of a sample of bytes (e.g. the first 64 KiB of a file):
/// "UTF-8" when the sample is valid UTF-8 (a UTF-8 BOM also says so). Otherwise the legacy
/// encoding that reads the sample as the most well-formed Vietnamese words: "CP1258" (what
/// Excel on a Vietnamese Windows writes for CSV, and the answer on a tie), "TCVN5712-1" (the
/// TCVN3 fonts of older office files) or "VISCII". A sample cut in the middle of a multi-byte
/// sequence at its very end still counts as UTF-8.
std::string detect_encoding(std::string_view sample);

/// Canonical iconv name for a user-given encoding name, case-insensitive:
/// utf8/utf-8 → "UTF-8"; cp1258/windows-1258 → "CP1258"; tcvn/tcvn3/tcvn5712 → "TCVN5712-1";
/// viscii → "VISCII"; utf16/utf-16 → "UTF-16" (also -le, -be); any other name iconv accepts is passed through. Throws
/// hotro::Error(Exit::usage) naming the encoding when iconv does not know it.
std::string canonical_encoding(std::string_view name);

/// Converts `bytes` from `encoding` (a canonical name) to UTF-8 in NFC. A leading UTF-8 BOM
/// is dropped. For "UTF-8" the text is validated, not converted. Throws hotro::Error(Exit::data)
/// with a message saying which byte offset is invalid for that encoding.
std::string to_utf8(std::string_view bytes, const std::string& encoding);

/// A reusable converter for one encoding, for hot loops (one iconv_t, reset per call).
class Decoder {
 public:
  explicit Decoder(const std::string& encoding);  // canonical name
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;
  /// As to_utf8(), but reuses the iconv descriptor. Pure-ASCII input is returned as is.
  std::string decode(std::string_view bytes);
  const std::string& encoding() const { return encoding_; }

 private:
  std::string encoding_;
  void* cd_ = nullptr;  // iconv_t, or null for UTF-8
};

}  // namespace hotro::text
