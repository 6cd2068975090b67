// SPDX-License-Identifier: MIT
// Unicode normalisation and the accent- and case-folded matching key (utf8proc).
#pragma once

#include <string>
#include <string_view>

namespace hotro::text {

/// True when `s` is empty or only spaces, tabs and line breaks: text a user left blank.
bool blank(std::string_view s);

/// True when `s` is well-formed UTF-8.
bool valid_utf8(std::string_view s);

/// Unicode NFC of a UTF-8 string. Throws hotro::Error(Exit::data) on malformed UTF-8.
std::string nfc(std::string_view s);

/// NFC, with leading/trailing white space removed and inner runs of white space
/// (including NBSP, tabs, newlines) collapsed to one ASCII space. For names and free text.
std::string clean(std::string_view s);

/// Like clean(), line by line: keeps the line breaks of multi-line free text (notes), as "\n";
/// drops blank lines at the start and end.
std::string clean_lines(std::string_view s);

/// The matching key: accents stripped, lower case, đ/Đ and their look-alikes Ð/ð and Ɖ/ɖ → d,
/// white space collapsed and trimmed, punctuation other than letters/digits/space dropped.
/// "Nguyễn Thị Hường" in NFC or NFD and "NGUYEN THI HUONG" all give "nguyen thi huong", and
/// "Ðỗ" gives "do" like "Đỗ". Throws hotro::Error(Exit::data) on bad UTF-8.
std::string fold(std::string_view s);

/// True when `s` holds Ð, ð, Ɖ or ɖ: the only text whose fold() changed with schema 10.
bool has_d_look_alike(std::string_view s);

/// The key as hotro wrote it up to schema 9, which kept Ð/ð and Ɖ/ɖ as letters ("Ðỗ" gave
/// "ðo"). Only to find what was written then under that key (import row keys).
std::string fold_v1(std::string_view s);

/// Number of Unicode code points (for length limits and table alignment).
size_t length(std::string_view s);

}  // namespace hotro::text
