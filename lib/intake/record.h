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
};
constexpr size_t kFieldCount = 16;

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
};

struct FieldError {
  Field field;
  std::string message;  // in the language set with set_lang() (i18n.h), lowercase, no final stop
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
  std::optional<text::Date> date(Field f, const std::string& raw,
                                 std::vector<FieldError>& errors) const;
  const CodeLists& codes_;
  const ValueRules& rules_;
  text::Date today_;
};

/// The identity of an intake across re-imports: the person (folded name and birth) at an
/// intake date as recorded by one source (the source or else the receiving agency; empty when the
/// list names neither). The same row imported again, from any file, maps to the same case.
int64_t row_key(const Record& r, std::string_view source);
/// A digest of everything stored from the row: an unchanged row is skipped on re-import.
int64_t content_hash(const Record& r);
/// The key under which probable duplicates are looked up: folded name and birth year (the
/// lookup then compares the name itself, so a clash of keys only costs a comparison).
int64_t person_match_key(std::string_view name_folded, int birth_year);

}  // namespace hotro::intake
