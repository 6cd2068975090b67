// SPDX-License-Identifier: MIT
#include "db/functions.h"

#include <exception>
#include <string>
#include <string_view>

#include "error.h"
#include "intake/record.h"
#include "text/unicode.h"

namespace hotro::db {

namespace {

std::string_view text_arg(sqlite3_value* v) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  return {p, static_cast<size_t>(sqlite3_value_bytes(v))};
}

void result_text(sqlite3_context* ctx, const std::string& s) {
  sqlite3_result_text64(ctx, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void fold(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  try {
    result_text(ctx, text::fold(text_arg(argv[0])));
  } catch (const std::exception& e) {  // malformed UTF-8
    sqlite3_result_error(ctx, e.what(), -1);
  }
}

void match_key(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
    return sqlite3_result_null(ctx);
  const std::string name(text_arg(argv[0]));
  sqlite3_result_int64(ctx, intake::person_match_key(name, sqlite3_value_int(argv[1])));
}

}  // namespace

void add_functions(sqlite3* db) {
  constexpr int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  if (sqlite3_create_function_v2(db, "hotro_fold", 1, flags, nullptr, fold, nullptr, nullptr, nullptr) !=
          SQLITE_OK ||
      sqlite3_create_function_v2(db, "hotro_match_key", 2, flags, nullptr, match_key, nullptr, nullptr,
                                 nullptr) != SQLITE_OK)
    throw Error(Exit::software, std::string("SQL functions: ") + sqlite3_errmsg(db));
}

}  // namespace hotro::db
