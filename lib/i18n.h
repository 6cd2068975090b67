// SPDX-License-Identifier: MIT
// The language of the messages lib/ produces (row problems, file, profile and database errors).
// A process-wide setting, like gettext's locale: English by default inside the library, so
// that library users and unit tests see the English texts; the hotro command sets it from
// --lang before any subcommand runs (Vietnamese unless --lang en).
//
// A message is written once in both languages, with the same placeholders in the same order:
//   fmt::format(fmt::runtime(tr("'{}' không phải là ngày: {}", "'{}' is not a date: {}")), raw, why)
// Codes, field keys (intake_date), SQL, JSON keys and audit hash inputs are never translated.
#pragma once

#include <string>

namespace hotro {

enum class Lang { vi, en };

void set_lang(Lang l);
Lang lang();

/// Picks the Vietnamese or the English text for the current language.
const char* tr(const char* vi, const char* en);

/// tr() for a message about n things, where English has a singular ("1 day late") that
/// Vietnamese does not: `vi` for any n, `en_one` for n == 1 and `en_many` otherwise.
const char* tr_n(long long n, const char* vi, const char* en_one, const char* en_many);

/// The text of an errno value in the current language: strerror() in English, and a
/// Vietnamese text for the common file errors (strerror() for the others).
std::string sys_error(int err);

}  // namespace hotro
