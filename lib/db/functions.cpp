// SPDX-License-Identifier: MIT
#include "db/functions.h"

#include <exception>
#include <new>
#include <optional>
#include <string>
#include <string_view>

#include "error.h"
#include "intake/record.h"
#include "text/unicode.h"

namespace hotro::db {

namespace {

// The argument as text, or nothing for NULL (and when SQLite runs out of memory converting it,
// which is then reported).
std::optional<std::string_view> text_arg(sqlite3_context* ctx, sqlite3_value* v) {
  if (sqlite3_value_type(v) == SQLITE_NULL) return std::nullopt;
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));  // before _bytes
  if (!p) {
    sqlite3_result_error_nomem(ctx);
    return std::nullopt;
  }
  return std::string_view(p, static_cast<size_t>(sqlite3_value_bytes(v)));
}

// Runs f, turning what it throws into the SQL function's error: nothing may unwind through
// SQLite's C code.
template <typename F>
void guarded(sqlite3_context* ctx, F f) {
  try {
    f();
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(ctx);
  } catch (const std::exception& e) {
    sqlite3_result_error(ctx, e.what(), -1);
  }
}

void fold(sqlite3_context* ctx, int, sqlite3_value** argv) {
  guarded(ctx, [&] {
    const auto s = text_arg(ctx, argv[0]);
    if (!s) return;  // NULL (or out of memory, already reported)
    if (!text::valid_utf8(*s)) return sqlite3_result_null(ctx);
    const std::string f = text::fold(*s);
    sqlite3_result_text64(ctx, f.data(), f.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  });
}

void match_key(sqlite3_context* ctx, int, sqlite3_value** argv) {
  guarded(ctx, [&] {
    const auto name = text_arg(ctx, argv[0]);
    if (!name || sqlite3_value_type(argv[1]) == SQLITE_NULL) return;
    sqlite3_result_int64(ctx, intake::person_match_key(*name, sqlite3_value_int(argv[1])));
  });
}

void row_key(sqlite3_context* ctx, int, sqlite3_value** argv) {
  guarded(ctx, [&] {
    const auto name = text_arg(ctx, argv[0]);
    const auto birth = text_arg(ctx, argv[1]);
    const auto intake = text_arg(ctx, argv[2]);
    const auto source = text_arg(ctx, argv[3]);
    if (!name || !intake || !source) return;
    sqlite3_result_int64(ctx, intake::row_key_of_folded(*name, birth ? std::optional<std::string>(*birth) : std::nullopt,
                                                        *intake, *source));
  });
}

}  // namespace

void add_functions(sqlite3* db) {
  constexpr int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  struct Function {
    const char* name;
    int args;
    void (*f)(sqlite3_context*, int, sqlite3_value**);
  };
  for (const Function& fn : {Function{"hotro_fold", 1, fold}, Function{"hotro_match_key", 2, match_key},
                             Function{"hotro_row_key", 4, row_key}})
    if (sqlite3_create_function_v2(db, fn.name, fn.args, flags, nullptr, fn.f, nullptr, nullptr, nullptr) != SQLITE_OK)
      throw Error(Exit::software, std::string("SQL function ") + fn.name + ": " + sqlite3_errmsg(db));
}

}  // namespace hotro::db
