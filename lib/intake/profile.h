// SPDX-License-Identifier: MIT
// Mapping profiles: how the columns of a list map to intake fields. The common Vietnamese
// headers are recognised without a profile; a TOML profile (`--profile`) maps any other layout,
// with value maps, date formats, defaults and a constant source agency. See man/hotro-profile.5.
#pragma once

#include <string>
#include <vector>

#include "codes.h"
#include "intake/record.h"

namespace hotro::intake {

/// One "text" = "code" line of a profile's [values.FIELD] table, kept to check the code against
/// the library's code lists (check_value_codes) and to say where it was written.
struct ValueMapping {
  Field field;
  std::string text, code;
  std::string where;  // "FILE:LINE:COLUMN"
};

struct Profile {
  std::string name = "built-in";
  std::string path;                                  // empty for the built-in profile
  std::vector<std::string> columns[kFieldCount];     // folded header texts, in preference order
  ValueRules values;
  std::vector<ValueMapping> value_mappings;          // the [values.FIELD] lines, as written
  std::string defaults[kFieldCount];                 // used when the row's cell is empty
  std::string encoding;                              // empty = auto
  std::string sheet;                                 // xlsx sheet; empty = first
  int header_row = 0;                                // 0 = the first non-empty row
};

/// The built-in profile: common Vietnamese headers, with and without diacritics, any case.
Profile builtin_profile();

/// Loads a TOML profile on top of the built-in one. Unknown keys, wrong types and unknown field
/// names are errors naming the file, line and column (Exit::config); a missing file is
/// Exit::noinput.
Profile load_profile(const std::string& path);

/// Checks that every code on the right of the profile's [values.FIELD] tables is a code of the
/// field's code list; throws Error(Exit::config) "FILE:LINE:COL: ..." for the first that is not.
void check_value_codes(const Profile& p, const CodeLists& codes);

/// Where each field is in a header row: column index or -1.
struct ColumnMap {
  std::array<int, kFieldCount> index;
  std::vector<std::string> ignored;   // headers that map to no field
};

/// Maps a header row. Throws Error(Exit::data) "FILE:LINE: ..." when two columns map to the same
/// field or the name column is missing.
ColumnMap map_columns(const Profile& p, const std::vector<std::string>& header,
                      const std::string& file, long line);

}  // namespace hotro::intake
