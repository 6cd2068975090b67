// SPDX-License-Identifier: MIT
// One intake (tiếp nhận): a person and their case as one list row or one `intake add` gives
// them. Raw text per field goes in; a validated Record or field errors come out. The same
// parser serves `intake add` (flags) and `intake import` (list rows).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "codes.h"
#include "text/dates.h"

namespace hotro::intake {

enum class Field {
  record_no,            // STT / số hồ sơ in the sender's list (kept as a note, not an identity)
  full_name,            // Họ và tên
  sex,                  // Giới tính
  birth_date,           // Ngày sinh / Năm sinh
  ethnicity,            // Dân tộc
  citizen_id,           // Số CCCD / CMND
  residence,            // Nơi cư trú / Địa chỉ
  intake_date,          // Ngày tiếp nhận
  intake_channel,       // Hình thức tiếp nhận
  receiving_agency,     // Cơ quan tiếp nhận
  source_agency,        // Đơn vị gửi danh sách
  abroad,               // Bị mua bán ra nước ngoài
  destination_country,  // Nước đến
  exploitation,         // Hình thức bị bóc lột (several, separated by , ; + or new lines)
  poor_household,       // Hộ nghèo
  note,                 // Ghi chú
  citizenship,          // Quốc tịch
};
constexpr size_t kFieldCount = 17;

/// The English key of a field ("full_name"), used in profiles, flags, errors and JSON.
const char* field_key(Field f);
/// The Vietnamese column title of a field ("Họ và tên"), for messages and rejects files.
const char* field_title(Field f);
std::optional<Field> field_from_key(std::string_view key);
/// The code list a field's values come from ("sex", "country", "yesno", ...), or nullptr for
/// free-text fields. Profiles' [values.FIELD] maps apply to these fields only.
const char* code_list_of(Field f);

using RawValues = std::array<std::string, kFieldCount>;

struct Record {
  std::string full_name;                // NFC, white space cleaned
  std::optional<std::string> sex;       // code
  std::optional<text::Date> birth;
  std::optional<std::string> ethnicity;   // code
  std::optional<std::string> citizen_id;  // digits as text
  std::optional<std::string> residence;   // NFC
  std::optional<std::string> residence_province;  // 2025 province code, when recognised
  text::Date intake_date;
  std::string intake_channel;             // code
  std::optional<std::string> receiving_agency;  // name, NFC
  std::optional<std::string> source_agency;     // name, NFC
  std::optional<int> abroad;              // 1 abroad, 0 at home
  std::optional<std::string> destination_country;  // ISO code
  std::vector<std::string> exploitation;  // codes, sorted, unique
  std::optional<int> poor_household;
  std::optional<std::string> record_no;
  std::optional<std::string> note;
  std::optional<std::string> citizenship;  // code list 'citizenship': ISO code or 'stateless'
};

struct FieldError {
  FieldError(Field f, std::string m, std::string col = {})
      : field(f), message(std::move(m)), column(std::move(col)) {}
  Field field;
  std::string message;  // in the language set with set_lang() (i18n.h), lowercase, no final stop
  std::string column;   // the column to name, when not the field's own (a cell with no header)
};

/// Per-field value maps (folded text → code) and date formats, from a profile.
struct ValueRules {
  std::unordered_map<std::string, std::string> map[kFieldCount];
  std::string date_format[kFieldCount];  // empty = any accepted shape
};

class RecordParser {
 public:
  RecordParser(const CodeLists& codes, const ValueRules& rules);
  /// Validates `raw` into `out`; returns every problem found (empty when the row is good).
  std::vector<FieldError> parse(const RawValues& raw, Record& out) const;

 private:
  std::optional<std::string> code(Field f, const std::string& raw,
                                  std::vector<FieldError>& errors) const;
  /// The code for a non-blank cell, or nullopt; remembered per field and cell text.
  std::optional<std::string> lookup(Field f, const std::string& raw) const;
  std::optional<text::Date> date(Field f, const std::string& raw,
                                 std::vector<FieldError>& errors) const;
  const CodeLists& codes_;
  const ValueRules& rules_;
  text::Date today_;
  // lookup()'s answers by field and cell text: a list repeats a few dozen distinct values per
  // coded column, so most cells skip the fold. At most kCacheSize texts per field (a column of
  // free text in a coded field cannot grow it without bound). One parser is used by one thread.
  static constexpr size_t kCacheSize = 4096;
  mutable std::unordered_map<std::string, std::optional<std::string>> cache_[kFieldCount];
};

/// What storing a record needs besides the record itself, worked out once (the importer does
/// it off the thread that writes): the folds, the keys and the dates as ISO text.
struct RecordKeys {
  std::string name_folded;                      // text::fold(full_name)
  std::optional<std::string> residence_folded;  // with a residence
  std::optional<int64_t> match_key;             // with a birth date: person_match_key
  std::optional<std::string> birth_iso;
  std::string intake_iso;
  int64_t row_key = 0;       // row_key(r, source agency or else receiving agency)
  // The row's key as hotro wrote it up to schema 9, when the name or the source holds a
  // look-alike of Đ, whose fold has changed since (text::fold_v1): a row imported then is
  // found under it.
  std::optional<int64_t> row_key_v1;
  int64_t content_hash = 0;  // content_hash(r)
  explicit RecordKeys(const Record& r);
  RecordKeys() = default;
  void compute(const Record& r);
};

/// The identity of an intake across re-imports: the person (folded name and birth) at an
/// intake date as recorded by one source (the source or else the receiving agency; empty when the
/// list names neither). The same row imported again, from any file, maps to the same case.
int64_t row_key(const Record& r, std::string_view source);
/// row_key() from its parts already folded (birth and intake date as ISO text): for the SQL
/// function hotro_row_key (lib/db/functions.h).
int64_t row_key_of_folded(std::string_view name_folded, const std::optional<std::string>& birth_iso,
                          std::string_view intake_iso, std::string_view source_folded);
/// A digest of everything stored from the row: an unchanged row is skipped on re-import.
int64_t content_hash(const Record& r);
/// The key under which probable duplicates are looked up: folded name and birth year (the
/// lookup then compares the name itself, so a clash of keys only costs a comparison).
int64_t person_match_key(std::string_view name_folded, int birth_year);

}  // namespace hotro::intake
