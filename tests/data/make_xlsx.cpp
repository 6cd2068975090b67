// SPDX-License-Identifier: MIT
// Writes examples/lists/bien_phong_2025.xlsx: a made-up handover list from a border-guard post
// (Bộ đội Biên phòng), shaped like the real ones: headers in row 1, reception dates as Excel
// dates, birth dates as text (dd/mm/yyyy or a bare year), CCCD numbers as text with their leading
// zero, old and post-2025 province names, and "Hộ nghèo" marked in several ways.
// Every name, number and address is invented.
//
// Build and run from the project root:
//   g++ -std=c++20 -Wall -Wextra tests/data/make_xlsx.cpp $(pkg-config --cflags --libs xlsxwriter) -o /tmp/make_xlsx
//   /tmp/make_xlsx examples/lists/bien_phong_2025.xlsx
#include <xlsxwriter.h>

#include <cstdio>

namespace {

struct Person {
  const char* name;
  const char* sex;
  const char* born;  // as the clerk typed it
  const char* ethnicity;
  const char* cccd;
  const char* residence;
  lxw_datetime received;
  const char* channel;
  const char* country;
  const char* exploitation;
  const char* poor;
};

const char* const headers[] = {"STT",       "Họ và tên",       "Giới tính",  "Ngày sinh",
                               "Dân tộc",   "Số CCCD",         "Nơi cư trú", "Ngày tiếp nhận",
                               "Hình thức tiếp nhận", "Nước đến", "Hình thức bị bóc lột", "Hộ nghèo"};

const Person people[] = {
    {"Lò Thị Mai", "Nữ", "12/03/1998", "Thái", "014198003517", "Xã Mường Lạn, huyện Sốp Cộp, tỉnh Sơn La",
     {2025, 2, 14, 0, 0, 0}, "Được trao trả", "Trung Quốc", "Ép buộc kết hôn", "Có"},
    {"Vàng A Sử", "Nam", "2003", "Mông", "002203004821", "Huyện Mèo Vạc, tỉnh Hà Giang",
     {2025, 3, 28, 0, 0, 0}, "Giải cứu", "Trung Quốc", "Cưỡng bức lao động", "x"},
    {"Nguyễn Thị Hoa", "Nữ", "05/11/1995", "Kinh", "038195006642", "Xã Quảng Phú, huyện Quảng Xương, tỉnh Thanh Hóa",
     {2025, 5, 6, 0, 0, 0}, "Giải cứu", "Campuchia", "Cưỡng bức phạm tội (lừa đảo trực tuyến)", "Không"},
    {"Giàng Thị Dợ", "Nữ", "2006", "Mông", "002306001953", "Xã Lũng Cú, huyện Đồng Văn, tỉnh Hà Giang",
     {2025, 6, 19, 0, 0, 0}, "Được trao trả", "Trung Quốc", "Ép buộc kết hôn", "Có"},
    {"Lý Thị Mẩy", "Nữ", "21/07/2001", "Dao", "010301007368", "Huyện Bát Xát, tỉnh Lào Cai",
     {2025, 6, 30, 0, 0, 0}, "Được trao trả", "Trung Quốc", "Bóc lột tình dục", ""},
    {"Sùng A Páo", "Nam", "1999", "Mông", "011099002284", "Xã Mường Nhé, tỉnh Điện Biên",
     {2025, 7, 1, 0, 0, 0}, "Giải cứu", "Lào", "Cưỡng bức lao động", "Có"},
    {"Hà Thị Xuân", "Nữ", "09/09/2000", "Thái", "040300005190", "Xã Mường Xén, tỉnh Nghệ An",
     {2025, 8, 12, 0, 0, 0}, "Giải cứu", "Lào", "Bóc lột tình dục", "x"},
    {"Phạm Văn Tuấn", "Nam", "17/01/1997", "Kinh", "036097008815", "Phường Nam Định, tỉnh Ninh Bình",
     {2025, 9, 23, 0, 0, 0}, "Giải cứu", "Campuchia", "Cưỡng bức phạm tội (lừa đảo trực tuyến)", "Không"},
    {"Thào Thị Mỷ", "Nữ", "2004", "Mông", "002304006027", "Xã Lũng Cú, tỉnh Tuyên Quang",
     {2025, 11, 4, 0, 0, 0}, "Được trao trả", "Trung Quốc", "Ép buộc kết hôn", "Có"},
    {"Triệu Thị Chài", "Nữ", "30/04/2002", "Dao", "015302009471", "Xã Mù Cang Chải, tỉnh Lào Cai",
     {2025, 12, 18, 0, 0, 0}, "Được trao trả", "Trung Quốc", "Bóc lột tình dục", ""},
    {"Lường Văn Pọm", "Nam", "1994", "Thái", "", "Huyện Mường Lát, tỉnh Thanh Hóa",
     {2026, 1, 9, 0, 0, 0}, "Giải cứu", "Lào", "Cưỡng bức lao động", "Không"},
    {"Trần Thị Lan", "Nữ", "02/12/1999", "Kinh", "004199003306", "Xã Trà Lĩnh, tỉnh Cao Bằng",
     {2026, 2, 27, 0, 0, 0}, "Giải cứu", "Campuchia", "Cưỡng bức phạm tội (lừa đảo trực tuyến)", "x"},
};

}  // namespace

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "examples/lists/bien_phong_2025.xlsx";
  lxw_workbook* wb = workbook_new(path);
  if (!wb) {
    std::fprintf(stderr, "cannot create %s\n", path);
    return 1;
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Danh sách bàn giao");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "dd/mm/yyyy");
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");

  for (lxw_col_t c = 0; c < sizeof headers / sizeof *headers; ++c) worksheet_write_string(ws, 0, c, headers[c], bold);
  lxw_row_t r = 1;
  for (Person p : people) {
    worksheet_write_number(ws, r, 0, r, nullptr);
    worksheet_write_string(ws, r, 1, p.name, nullptr);
    worksheet_write_string(ws, r, 2, p.sex, nullptr);
    worksheet_write_string(ws, r, 3, p.born, text);
    worksheet_write_string(ws, r, 4, p.ethnicity, nullptr);
    if (*p.cccd) worksheet_write_string(ws, r, 5, p.cccd, text);
    worksheet_write_string(ws, r, 6, p.residence, nullptr);
    worksheet_write_datetime(ws, r, 7, &p.received, date);
    worksheet_write_string(ws, r, 8, p.channel, nullptr);
    worksheet_write_string(ws, r, 9, p.country, nullptr);
    worksheet_write_string(ws, r, 10, p.exploitation, nullptr);
    if (*p.poor) worksheet_write_string(ws, r, 11, p.poor, nullptr);
    ++r;
  }
  worksheet_set_column(ws, 1, 1, 20, nullptr);
  worksheet_set_column(ws, 3, 5, 14, nullptr);
  worksheet_set_column(ws, 6, 6, 44, nullptr);
  worksheet_set_column(ws, 7, 10, 18, nullptr);
  worksheet_freeze_panes(ws, 1, 0);

  if (workbook_close(wb) != LXW_NO_ERROR) {
    std::fprintf(stderr, "cannot write %s\n", path);
    return 1;
  }
  return 0;
}
