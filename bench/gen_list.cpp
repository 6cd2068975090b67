// SPDX-License-Identifier: MIT
// Benchmark input generator: writes a CSV list of N persons received (UTF-8, the header of a
// typical police list) with varied, valid Vietnamese data. Deterministic: the same N and seed
// give the same bytes. No dependencies; built by bench/import_bench.sh with g++.
//
//   gen_list N OUT.csv [SEED]
//
// Each row is one person (attributes are a pure function of a person number) and one
// reception (a function of the row number). About 0.3% of rows are a person received again
// (same person as an earlier row, later reception), as happens in real lists; about 3% are
// written in decomposed "Unicode tổ hợp" (base letter + combining tone mark, as typed with
// Unikey's combining mode) and about 2% carry stray spaces, so normalisation is exercised.
// No two rows share hotro's row identity (folded name, birth date, intake date): hotro rejects
// the second of such a pair, so a row that would repeat one is drawn again as someone else.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace {

uint64_t mix(uint64_t x) {  // splitmix64 finaliser
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// A stream of random numbers for one (seed, kind, index): attributes of a person or a row.
class Rng {
 public:
  Rng(uint64_t seed, uint64_t kind, uint64_t index) : s_(mix(seed ^ mix(kind * 0x1000193u ^ mix(index)))) {}
  uint64_t next() { return s_ = mix(s_); }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(next() % n); }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }

 private:
  uint64_t s_;
};

struct Weighted {
  const char* text;
  unsigned weight;
};

template <size_t N>
const char* pick(Rng& r, const Weighted (&items)[N]) {
  unsigned total = 0;
  for (const auto& i : items) total += i.weight;
  unsigned x = r.below(total);
  for (const auto& i : items) {
    if (x < i.weight) return i.text;
    x -= i.weight;
  }
  return items[N - 1].text;
}

template <size_t N>
const char* pick(Rng& r, const char* const (&items)[N]) {
  return items[r.below(N)];
}

// ---- names -------------------------------------------------------------------------------

const Weighted kKinhFamily[] = {
    {"Nguyễn", 240}, {"Trần", 110}, {"Lê", 95}, {"Phạm", 70}, {"Hoàng", 50}, {"Huỳnh", 30},
    {"Phan", 45},    {"Vũ", 40},    {"Võ", 30}, {"Đặng", 22}, {"Bùi", 22},   {"Đỗ", 16},
    {"Hồ", 14},      {"Ngô", 14},   {"Dương", 11}, {"Lý", 6}, {"Đinh", 10},  {"Trịnh", 9},
    {"Đoàn", 8},     {"Lương", 7},  {"Mai", 6}, {"Cao", 6},   {"Tạ", 5},     {"Lưu", 5},
    {"Trương", 9},   {"Hà", 7},     {"Chu", 4}, {"Kiều", 3},  {"Quách", 3},  {"Tô", 4},
    {"Thái", 3},     {"Vương", 4},  {"Lâm", 5}, {"Phùng", 4}, {"Đào", 6},    {"Triệu", 3},
    {"La", 2},       {"Mạc", 2},    {"Khổng", 1}, {"Nghiêm", 2}, {"Tăng", 2}, {"Âu", 1},
    {"Đàm", 2},      {"Giáp", 2},   {"Lại", 2}, {"Diệp", 1},  {"Tống", 2},   {"Thân", 2},
    {"Lục", 1},      {"Ninh", 1},   {"Khúc", 1}, {"Văn", 1},  {"Ông", 1},    {"Hứa", 2},
};
const char* const kMongFamily[] = {"Giàng", "Sùng", "Vàng", "Thào", "Mùa", "Lầu", "Hạng",
                                   "Lý", "Vừ", "Hầu", "Ly", "Tráng", "Mua", "Chang", "Cứ"};
const char* const kThaiFamily[] = {"Lò", "Cầm", "Quàng", "Lường", "Vi", "Hà", "Lù",
                                   "Tòng", "Điêu", "Bạc", "Lừ", "Lộc", "Mè", "Khà"};
const char* const kTayNungFamily[] = {"Hoàng", "Nông", "Ma", "Lục", "Sầm", "Vi", "Lý", "Triệu",
                                      "Lương", "Hà", "Đàm", "Mông", "Chu", "Lăng", "Hứa", "Nịnh",
                                      "Hà", "Bế", "Lưu", "La", "Tô", "Dương"};
const char* const kDaoFamily[] = {"Bàn", "Triệu", "Lý", "Đặng", "Chảo", "Tẩn", "Phùng", "Lò",
                                  "Chìu", "Sần", "Lìu"};
const char* const kMuongFamily[] = {"Bùi", "Đinh", "Quách", "Hà", "Xa", "Bạch", "Cao"};
const char* const kKhmerFamily[] = {"Thạch", "Sơn", "Danh", "Kim", "Lâm", "Châu", "Trịnh",
                                    "Lý", "Dương"};
const char* const kHighlandFamily[] = {"Ksor", "Siu", "Rơ Châm", "Rmah", "Nay", "Kpă", "Rơ Lan",
                                       "Niê", "Byă", "Êban", "Mlô", "Đinh", "A Lăng", "Hồ"};

const Weighted kFemaleMiddle[] = {
    {"Thị", 170},    {"Thị Thu", 25}, {"Thị Ngọc", 25}, {"Thị Kim", 15},  {"Thị Hồng", 15},
    {"Thị Thanh", 15}, {"Thị Minh", 10}, {"Thị Mỹ", 10}, {"Thị Bích", 10}, {"Thị Thùy", 10},
    {"Thị Diệu", 5}, {"Thị Hoài", 6}, {"Thị Phương", 8}, {"Thị Quỳnh", 6}, {"Thị Tuyết", 5},
    {"Ngọc", 30},    {"Thu", 20},    {"Hồng", 15},   {"Kim", 15},     {"Mỹ", 12},
    {"Thanh", 15},   {"Phương", 10}, {"Bảo", 10},    {"Minh", 10},    {"Khánh", 8},
    {"Quỳnh", 8},    {"Diệu", 5},    {"Hoài", 6},    {"Thùy", 10},    {"Tuyết", 4},
    {"Ngọc Bảo", 4}, {"Thảo", 5},    {"Bích", 6},    {"Hải", 4},      {"Lan", 4},
    {"Ánh", 4},      {"Cẩm", 4},     {"Huyền", 3},   {"Trà", 3},      {"Vân", 3},
};
const Weighted kMaleMiddle[] = {
    {"Văn", 170},  {"Đức", 40},  {"Hữu", 30},  {"Quang", 25}, {"Minh", 30},  {"Công", 20},
    {"Thành", 15}, {"Văn Minh", 10}, {"Ngọc", 12}, {"Xuân", 12}, {"Tiến", 8}, {"Trọng", 10},
    {"Đình", 15},  {"Bá", 8},    {"Mạnh", 8},  {"Anh", 8},    {"Gia", 10},   {"Thanh", 12},
    {"Hoàng", 10}, {"Quốc", 12}, {"Duy", 8},   {"Tuấn", 6},   {"Nhật", 6},   {"Hải", 8},
    {"Trung", 6},  {"Việt", 6},  {"Kim", 4},   {"Phú", 4},    {"Thế", 6},    {"Chí", 5},
    {"Văn Đức", 4}, {"Đăng", 4}, {"Khắc", 4},  {"Tấn", 5},    {"Vĩnh", 3},   {"Hồng", 4},
};

const char* const kFemaleGiven[] = {
    "Anh", "Ánh", "Bích", "Chi", "Châm", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",
    "Hiền", "Hoa", "Hồng", "Huệ", "Hương", "Hường", "Huyền", "Lan", "Liên", "Linh", "Loan",
    "Ly", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Nhàn", "Oanh", "Phương", "Quyên",
    "Quỳnh", "Sen", "Tâm", "Thảo", "Thanh", "Thắm", "Thơ", "Thu", "Thúy", "Thủy", "Trang",
    "Trâm", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến", "Nhi", "Như", "Diệp", "Hậu",
    "Lụa", "Mận", "Đào", "Hoài", "Khánh", "Kiều", "Lệ", "Luyến", "Lý", "Nguyệt", "Nhài",
    "Phượng", "Sương", "Thoa", "Thương", "Trinh", "Tươi", "Vui", "Xoan", "Diễm", "Điệp",
    "Gấm", "Hảo", "Hiên", "Hòa", "Huế", "Lành", "Lê", "Lịch", "Lưu", "Mơ", "Mừng", "Nương",
    "Nụ", "Phấn", "Quế", "Sáu", "Tám", "Thêu", "Thìn", "Thịnh", "Thục", "Tình", "Trúc",
    "Tú", "Ước", "Vinh", "Xinh", "Yên", "Hợp", "Minh", "Ngà", "Nhạn", "Thư", "Cúc", "Đông",
    "Hảo", "Hân", "Hiếu", "Khuê", "Lài", "Liễu", "Loan", "Miên", "Mùi", "Ngát", "Nhụy", "Phúc",
    "Quyến", "Son", "Thắng", "Thêm", "Thoan", "Thủy Tiên", "Tiên", "Trầm", "Tuệ", "Vi", "Xuyến",
    "Yên", "Ân", "Bông", "Cúc", "Dịu", "Giao", "Hải", "Hiệp", "Lanh", "Mến", "Nhâm", "Quyền",
};
const char* const kMaleGiven[] = {
    "An", "Anh", "Bảo", "Bình", "Công", "Cường", "Chiến", "Dũng", "Duy", "Dương", "Đạt",
    "Đức", "Giang", "Hải", "Hào", "Hiếu", "Hòa", "Hoàng", "Hùng", "Huy", "Khang", "Khánh",
    "Khoa", "Kiên", "Lâm", "Linh", "Long", "Lộc", "Lợi", "Mạnh", "Minh", "Nam", "Nghĩa",
    "Nhân", "Phong", "Phúc", "Quân", "Quang", "Quý", "Sơn", "Tài", "Tân", "Thắng", "Thành",
    "Thiện", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Hưng", "Hậu",
    "Hiệp", "Lực", "Thuận", "Tiến", "Tú", "Trí", "Định", "Khải", "Lượng", "Bằng", "Cảnh",
    "Chung", "Diện", "Doanh", "Đông", "Được", "Hạnh", "Hiển", "Hoan", "Học", "Khiêm", "Kỳ",
    "Luân", "Lương", "Ngọc", "Nguyên", "Pháp", "Quyết", "Sang", "Sỹ", "Tâm", "Thạch",
    "Thái", "Thăng", "Thủy", "Tịnh", "Trường", "Tuyên", "Văn", "Vượng", "Xuân", "Ý", "Yên",
    "Bách", "Chính", "Cương", "Đại", "Điền", "Đoàn", "Giáp", "Hạ", "Hiền", "Hoạt", "Hợi", "Kha",
    "Khiết", "Lai", "Lập", "Mẫn", "Ninh", "Phát", "Phước", "Quảng", "Sáng", "Sinh", "Tạo",
    "Thiêm", "Thông", "Tình", "Trọng", "Tú Anh", "Uy", "Vĩ", "Vỹ", "Xô", "Khôi", "Đăng",
};
const char* const kMongFemaleGiven[] = {"Mỷ", "Sủa", "Chá", "Dợ", "Mai", "Súa", "Pằng", "Dính", "Say", "Xúa", "Mỉ", "Dế", "Lia", "Chở", "Só", "Gầu", "Sinh", "Làn", "Ly", "Mẩy", "Pà", "Pênh", "Chi", "Dua", "Vư", "Xí", "Chía", "Kía", "Sua", "Nhìa", "Tông", "Ca", "Hoa", "Xo", "Mua", "Lầu"};
const char* const kMongMaleGiven[] = {"Páo", "Chứ", "Sử", "Lử", "Dình", "Tủa", "Chá", "Pó", "Sềnh", "Vảng", "Nủ", "Phổng", "Chính", "Dế", "Súa", "Giống", "Chồ", "Chư", "Di", "Dơ", "Hờ", "Khua", "Lềnh", "Nhà", "Pao", "Seo", "Sính", "Thề", "Tráng", "Vàng", "Xá", "Xìa", "Cở", "Dủa", "Mang", "Vừ"};
const char* const kMongMiddleF[] = {"Thị", "Mí", "Thị", "", "Thị Mỷ", "Thị Mai"};
const char* const kMongMiddleM[] = {"A", "Seo", "Văn", "Mí", "A", "Văn A", "Chẩn", ""};
const char* const kHighlandGivenF[] = {"H'Bia", "H'Nhim", "H'Lan", "H'Yên", "H'Hen", "H'Mai",
                                       "H'Ju", "H'Ngơ", "H'Dơn", "H'Xíu", "H'Bla", "H'Loan"};
const char* const kHighlandGivenM[] = {"Y Kông", "Y Bih", "Blik", "Djuih", "Thuyên", "Y Phăng",
                                       "A Huy", "A Tuấn", "Y Đhăm", "Ama Khiêm", "A Thắng", "Y Tlăng"};

// ---- ethnicity, places, codes --------------------------------------------------------------

enum class Group { kinh, mong, thai, tay_nung, dao, muong, khmer, highland, other };
struct Ethnicity {
  const char* text;  // as written in lists (labels or accepted variants)
  Group group;
  unsigned weight;
};
const Ethnicity kEthnicities[] = {
    {"Kinh", Group::kinh, 560},     {"Mông", Group::mong, 90},      {"H'Mông", Group::mong, 15},
    {"Thái", Group::thai, 80},      {"Tày", Group::tay_nung, 50},   {"Nùng", Group::tay_nung, 40},
    {"Dao", Group::dao, 40},        {"Mường", Group::muong, 30},    {"Khơ-me", Group::khmer, 15},
    {"Khmer", Group::khmer, 5},     {"Gia-rai", Group::highland, 10}, {"Ê-đê", Group::highland, 8},
    {"Ba-na", Group::highland, 5},  {"Xơ-đăng", Group::highland, 4}, {"Hoa", Group::kinh, 6},
    {"Sán Chay", Group::tay_nung, 3}, {"Sán Dìu", Group::other, 3}, {"Giáy", Group::other, 3},
    {"Hà Nhì", Group::other, 3},    {"Khơ-mú", Group::other, 3},     {"Lào", Group::thai, 2},
    {"Lô Lô", Group::other, 2},     {"Phù Lá", Group::other, 2},     {"La Hủ", Group::other, 2},
    {"Bru-Vân Kiều", Group::highland, 3}, {"Cơ-tu", Group::highland, 2}, {"Chăm", Group::other, 3},
    {"Pà Thẻn", Group::other, 1},   {"Kinh (Việt)", Group::kinh, 4},
};

struct Province {
  const char* name;     // as written in an address
  bool city;            // "thành phố" rather than "tỉnh"
  const char* id_code;  // 3-digit place code of a CCCD (2004 series: 001..096)
  unsigned weight;      // border and mountain provinces send more cases
};
const Province kProvinces[] = {
    {"Hà Nội", true, "001", 30},      {"Cao Bằng", false, "004", 35},   {"Tuyên Quang", false, "008", 25},
    {"Hà Giang", false, "002", 45},   {"Điện Biên", false, "011", 45},  {"Lai Châu", false, "012", 40},
    {"Sơn La", false, "014", 45},     {"Lào Cai", false, "010", 50},    {"Yên Bái", false, "015", 15},
    {"Thái Nguyên", false, "019", 15}, {"Bắc Kạn", false, "006", 10},   {"Lạng Sơn", false, "020", 40},
    {"Quảng Ninh", false, "022", 25}, {"Bắc Ninh", false, "027", 10},   {"Bắc Giang", false, "024", 20},
    {"Phú Thọ", false, "025", 15},    {"Hòa Bình", false, "017", 12},   {"Hải Phòng", true, "031", 12},
    {"Hưng Yên", false, "033", 8},    {"Thái Bình", false, "034", 8},   {"Ninh Bình", false, "037", 8},
    {"Nam Định", false, "036", 8},    {"Thanh Hóa", false, "038", 40},  {"Nghệ An", false, "040", 45},
    {"Hà Tĩnh", false, "042", 20},    {"Quảng Trị", false, "045", 12},  {"Quảng Bình", false, "044", 8},
    {"Huế", true, "046", 8},          {"Đà Nẵng", true, "048", 8},      {"Quảng Nam", false, "049", 8},
    {"Quảng Ngãi", false, "051", 8},  {"Kon Tum", false, "062", 10},    {"Gia Lai", false, "064", 15},
    {"Đắk Lắk", false, "066", 15},    {"Đắk Nông", false, "067", 6},    {"Lâm Đồng", false, "068", 8},
    {"Khánh Hòa", false, "056", 6},   {"Bình Định", false, "052", 6},   {"Đồng Nai", false, "075", 12},
    {"Bình Dương", false, "074", 8},  {"Hồ Chí Minh", true, "079", 20}, {"Tây Ninh", false, "072", 12},
    {"Long An", false, "080", 6},     {"Đồng Tháp", false, "087", 10},  {"An Giang", false, "089", 20},
    {"Kiên Giang", false, "091", 10}, {"Vĩnh Long", false, "086", 5},   {"Cần Thơ", true, "092", 8},
    {"Sóc Trăng", false, "094", 8},   {"Bạc Liêu", false, "095", 4},    {"Cà Mau", false, "096", 6},
    {"Trà Vinh", false, "084", 5},    {"Hậu Giang", false, "093", 4},   {"Bến Tre", false, "083", 4},
};

const char* const kCommunes[] = {
    "Tân Tiến", "Quảng Phú", "Đồng Đăng", "Mường Lạn", "Thống Nhất", "Tân Lập", "Hòa Bình",
    "Thanh Xuân", "Phú Lương", "Kim Sơn", "Yên Hòa", "Minh Khai", "Quang Trung", "Hồng Phong",
    "Tân Phong", "Đông Sơn", "Hợp Tiến", "Nam Sơn", "Bắc Sơn", "Xuân Lộc", "Vĩnh Thịnh",
    "Sơn Thủy", "Lũng Cú", "Mèo Vạc", "Sủng Là", "Tả Van", "Bản Hồ", "Sín Chéng", "Mường Khương",
    "Bát Xát", "Tả Phìn", "Si Ma Cai", "Mường Nhé", "Chà Cang", "Nậm Pồ", "Tủa Chùa", "Sìn Hồ",
    "Pa Tần", "Mường Tè", "Phong Thổ", "Sông Mã", "Mộc Châu", "Chiềng Sơn", "Quỳnh Nhai",
    "Thuận Châu", "Kỳ Sơn", "Tương Dương", "Quế Phong", "Mường Lát", "Quan Hóa", "Bá Thước",
    "Lang Chánh", "Trà Lĩnh", "Hà Quảng", "Bảo Lạc", "Tràng Định", "Văn Lãng", "Lộc Bình",
    "Hải Hà", "Móng Cái", "Bình Liêu", "Tịnh Biên", "Tri Tôn", "Vĩnh Xương", "Tân Châu",
    "Hà Tiên", "Lộc Ninh", "Xuân Trường", "Giao Thủy", "Nghĩa Hưng", "Cẩm Xuyên", "Hương Sơn",
    "Đức Thọ", "Tuyên Hóa", "Hướng Hóa", "A Lưới", "Đắk Glei", "Ia Grai", "Krông Pa", "Ea Súp",
    "Buôn Đôn", "Đam Rông", "Phước Sơn", "Nam Trà My", "Sơn Tây", "An Lão", "Khánh Vĩnh",
    "Thạnh Phú", "Trần Đề", "Vĩnh Châu", "Năm Căn", "Đầm Dơi", "Phú Quốc", "Long Phú",
    "Yên Minh", "Đồng Văn", "Quản Bạ", "Hoàng Su Phì", "Xín Mần", "Na Hang", "Lâm Bình",
    "Ba Bể", "Pác Nặm", "Võ Nhai", "Định Hóa", "Lục Ngạn", "Sơn Động", "Tân Sơn", "Đà Bắc",
    "Mai Châu", "Nho Quan", "Thường Xuân", "Như Xuân", "Con Cuông", "Anh Sơn", "Vũ Quang",
};
const char* const kWards[] = {
    "Hà Đông", "Long Biên", "Hoàng Mai", "Cầu Giấy", "Thanh Xuân", "Đống Đa", "Ba Đình",
    "Lê Chân", "Hải An", "Ngô Quyền", "Thuận Hóa", "Phú Xuân", "Hải Châu", "Sơn Trà",
    "Thủ Đức", "Bình Tân", "Gò Vấp", "Tân Bình", "Ninh Kiều", "Cái Răng", "Bình Thủy",
};
const char* const kVillages[] = {
    "Thôn Nậm Chảy", "Thôn Làng Giàng", "Bản Phiêng Ngàn", "Thôn Khe Mụ", "Bản Nà Tấu",
    "Thôn Pả Vi", "Bản Huổi Lếch", "Thôn Sà Phìn", "Bản Lướt", "Thôn Đông Tiến",
    "Thôn Tân Thành", "Xóm 3", "Xóm Bãi", "Buôn Ea Kmăt",
    "Làng Đê Tar", "Bản Mường Cang", "Thôn Nà Khương", "Tổ dân phố 7",
};

const Weighted kChannels[] = {
    {"Được trao trả", 280}, {"Tự trở về", 230}, {"Được giải cứu", 190}, {"Tin báo, tố giác", 90},
    {"Tổng đài 111", 50},   {"Phát hiện qua sàng lọc", 50}, {"Giải cứu", 30}, {"Tự về", 30},
    {"trao trả", 20},       {"tin báo", 15},   {"Khác", 10},
};

enum Form { sexual, labour, marriage, crime, child, organ, surrogacy, other, unknown };
const char* const kFormText[] = {
    "Bóc lột tình dục", "Cưỡng bức lao động", "Ép buộc kết hôn",
    "Cưỡng bức thực hiện hành vi phạm tội", "Mua bán trẻ em", "Lấy bộ phận cơ thể",
    "Mang thai hộ vì mục đích thương mại", "Khác", "Chưa rõ"};
const char* const kFormVariant[] = {
    "Mại dâm", "Lao động cưỡng bức", "Lấy chồng", "Lừa đảo trực tuyến", "Bán trẻ em",
    "Lấy thận", "Mang thai hộ", "Khác", "Không rõ"};
const Weighted kForms[] = {
    {"0", 260}, {"1", 220}, {"2", 200}, {"3", 230}, {"4", 20}, {"5", 8}, {"6", 15}, {"7", 20}, {"8", 27},
};
// Destinations by form of exploitation; "" leaves the column empty.
const char* const kDestMarriage[] = {"Trung Quốc", "Trung Quốc", "Trung Quốc", "TQ", "Trung Quốc", "Đài Loan", "Hàn Quốc"};
const char* const kDestCrime[] = {"Campuchia", "Campuchia", "Campuchia", "Myanmar", "Myanmar", "Lào", "Cam-pu-chia", "Philippines"};
const char* const kDestLabour[] = {"Trung Quốc", "Malaysia", "Đài Loan", "Thái Lan", "Lào", "Campuchia", "Hàn Quốc", "Nhật Bản", "Nga", "Ả Rập Xê Út", "trong nước"};
const char* const kDestSexual[] = {"Trung Quốc", "Malaysia", "Thái Lan", "Campuchia", "Lào", "Singapore", "trong nước", "Việt Nam", "Trung Quốc"};
const char* const kDestOther[] = {"Trung Quốc", "Campuchia", "Lào", "Việt Nam", ""};

// ---- dates ---------------------------------------------------------------------------------

long days_from_civil(long y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(long z, int& y, int& m, int& d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

// ---- text helpers ---------------------------------------------------------------------------

// Precomposed toned vowels and their decomposition (base letter, which may keep its
// circumflex/breve/horn, + combining tone mark), as Unikey's "Unicode tổ hợp" writes them.
struct Toned {
  const char* composed;
  const char* base;
  const char* mark;
};
const std::vector<Toned>& toned_table() {
  static std::vector<Toned> out;  // built once: it points into `store`
  if (!out.empty()) return out;
  static const char* const rows[] = {
      // base  grave acute hook tilde dot
      "a à á ả ã ạ", "ă ằ ắ ẳ ẵ ặ", "â ầ ấ ẩ ẫ ậ", "e è é ẻ ẽ ẹ", "ê ề ế ể ễ ệ",
      "i ì í ỉ ĩ ị", "o ò ó ỏ õ ọ", "ô ồ ố ổ ỗ ộ", "ơ ờ ớ ở ỡ ợ", "u ù ú ủ ũ ụ",
      "ư ừ ứ ử ữ ự", "y ỳ ý ỷ ỹ ỵ", "A À Á Ả Ã Ạ", "Ă Ằ Ắ Ẳ Ẵ Ặ", "Â Ầ Ấ Ẩ Ẫ Ậ",
      "E È É Ẻ Ẽ Ẹ", "Ê Ề Ế Ể Ễ Ệ", "I Ì Í Ỉ Ĩ Ị", "O Ò Ó Ỏ Õ Ọ", "Ô Ồ Ố Ổ Ỗ Ộ",
      "Ơ Ờ Ớ Ở Ỡ Ợ", "U Ù Ú Ủ Ũ Ụ", "Ư Ừ Ứ Ử Ữ Ự", "Y Ỳ Ý Ỷ Ỹ Ỵ"};
  static const char* const marks[] = {"\xCC\x80", "\xCC\x81", "\xCC\x89", "\xCC\x83", "\xCC\xA3"};
  static std::deque<std::string> store;  // a deque never moves its elements
  for (const char* row : rows) {
    std::vector<std::string> parts;
    std::string cur;
    for (const char* p = row;; ++p) {
      if (*p == ' ' || *p == 0) {
        parts.push_back(cur);
        cur.clear();
        if (*p == 0) break;
      } else {
        cur += *p;
      }
    }
    store.push_back(parts[0]);
    const char* base = store.back().c_str();
    for (int t = 0; t < 5; ++t) {
      store.push_back(parts[t + 1]);
      out.push_back({store.back().c_str(), base, marks[t]});
    }
  }
  return out;
}

// The ASCII fold of a name as hotro compares names (accents, đ, case and punctuation dropped):
// "Nguyễn Thị Huệ" and "NGUYEN THI HUE" fold alike. Enough for the letters of these lists.
std::string fold(std::string_view s) {
  const std::vector<Toned>& table = toned_table();
  static const char base_ascii[] = "aaaeeiooouuy";
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) out += static_cast<char>(c);
      else if (c >= 'A' && c <= 'Z') out += static_cast<char>(c + 32);
      else if (c == ' ' && !out.empty() && out.back() != ' ') out += ' ';
      ++i;
      continue;
    }
    if (s.compare(i, 2, "đ") == 0 || s.compare(i, 2, "Đ") == 0) {
      out += 'd';
      i += 2;
      continue;
    }
    bool done = false;
    for (size_t k = 0; k < table.size() && !done; ++k) {
      const size_t n = std::strlen(table[k].composed);
      if (s.compare(i, n, table[k].composed) == 0) {
        out += base_ascii[(k / 5) % 12];
        i += n;
        done = true;
      }
    }
    for (size_t k = 0; k < table.size() && !done; k += 5) {  // untoned â ă ê ô ơ ư
      const size_t n = std::strlen(table[k].base);
      if (s.compare(i, n, table[k].base) == 0) {
        out += base_ascii[(k / 5) % 12];
        i += n;
        done = true;
      }
    }
    if (!done) ++i;  // not a letter of these lists
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string decompose(std::string_view s) {
  const std::vector<Toned>& table = toned_table();
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    bool done = false;
    if (static_cast<unsigned char>(s[i]) >= 0x80) {
      for (const auto& t : table) {
        const size_t n = std::strlen(t.composed);
        if (s.compare(i, n, t.composed) == 0) {
          out += t.base;
          out += t.mark;
          i += n;
          done = true;
          break;
        }
      }
    }
    if (!done) out += s[i++];
  }
  return out;
}

// Writes one CSV field, quoted when needed (RFC 4180).
void field(std::string& line, std::string_view v, bool last = false) {
  if (v.find_first_of(",\"\n\r") != std::string_view::npos) {
    line += '"';
    for (char c : v) {
      if (c == '"') line += '"';
      line += c;
    }
    line += '"';
  } else {
    line += v;
  }
  line += last ? '\n' : ',';
}

// ---- one person, one row ---------------------------------------------------------------------

struct Person {
  bool female;
  const Ethnicity* eth;
  std::string name;
  std::string birth;  // as written
  std::string birth_iso;  // "1998" or "1998-03-05": what hotro's row identity uses
  int birth_year;
  std::string citizen_id;
  std::string residence;
  std::string poor;
};

Person make_person(uint64_t seed, uint64_t p, long intake_days) {
  Rng r(seed, 1, p);
  Person x;
  x.female = r.chance(0.74);
  {
    unsigned total = 0;
    for (const auto& e : kEthnicities) total += e.weight;
    unsigned v = r.below(total);
    x.eth = &kEthnicities[0];
    for (const auto& e : kEthnicities) {
      if (v < e.weight) {
        x.eth = &e;
        break;
      }
      v -= e.weight;
    }
  }
  const char* family = nullptr;
  const char* middle = nullptr;
  const char* given = nullptr;
  switch (x.eth->group) {
    case Group::mong:
      family = pick(r, kMongFamily);
      middle = x.female ? pick(r, kMongMiddleF) : pick(r, kMongMiddleM);
      given = x.female ? pick(r, kMongFemaleGiven) : pick(r, kMongMaleGiven);
      break;
    case Group::highland:
      family = pick(r, kHighlandFamily);
      middle = "";
      given = x.female ? pick(r, kHighlandGivenF) : pick(r, kHighlandGivenM);
      break;
    default:
      family = x.eth->group == Group::thai       ? pick(r, kThaiFamily)
               : x.eth->group == Group::tay_nung ? pick(r, kTayNungFamily)
               : x.eth->group == Group::dao      ? pick(r, kDaoFamily)
               : x.eth->group == Group::muong    ? pick(r, kMuongFamily)
               : x.eth->group == Group::khmer    ? pick(r, kKhmerFamily)
                                                 : pick(r, kKinhFamily);
      middle = x.female ? pick(r, kFemaleMiddle) : pick(r, kMaleMiddle);
      given = x.female ? pick(r, kFemaleGiven) : pick(r, kMaleGiven);
  }
  x.name = family;
  if (*middle) (x.name += ' ') += middle;
  (x.name += ' ') += given;

  // Age at intake 13..60, most 16..35.
  int iy, im, id;
  civil_from_days(intake_days, iy, im, id);
  int age = r.chance(0.6) ? 16 + static_cast<int>(r.below(22)) : 13 + static_cast<int>(r.below(50));
  long birth_days = intake_days - age * 365L - r.below(365);
  int by, bm, bd;
  civil_from_days(birth_days, by, bm, bd);
  x.birth_year = by;
  char buf[32];
  const unsigned form = r.below(100);
  if (form < 55) std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", bd, bm, by);
  else if (form < 62) std::snprintf(buf, sizeof buf, "%d/%d/%04d", bd, bm, by);
  else if (form < 65) std::snprintf(buf, sizeof buf, "%02d-%02d-%04d", bd, bm, by);
  else std::snprintf(buf, sizeof buf, "%04d", by);  // only the year is known
  x.birth = buf;
  if (form < 65) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", by, bm, bd);
  x.birth_iso = buf;

  const Province* prov = nullptr;
  {
    unsigned total = 0;
    for (const auto& pv : kProvinces) total += pv.weight;
    unsigned v = r.below(total);
    for (const auto& pv : kProvinces) {
      if (v < pv.weight) {
        prov = &pv;
        break;
      }
      v -= pv.weight;
    }
  }
  // CCCD: place code, century+sex digit, two-digit birth year, six digits (distinct for the
  // first million persons: 7919 is prime to 10^6).
  if (r.chance(0.72)) {
    const int century_sex = (by >= 2000 ? 2 : 0) + (x.female ? 1 : 0);
    std::snprintf(buf, sizeof buf, "%s%d%02d%06llu", prov->id_code, century_sex, by % 100,
                  static_cast<unsigned long long>((p * 7919 + 104729) % 1000000));
    x.citizen_id = buf;
  }
  std::string place;
  if (prov->city && r.chance(0.6)) place = std::string("Phường ") + pick(r, kWards);
  else place = std::string("Xã ") + pick(r, kCommunes);
  if (!prov->city && r.chance(0.25)) place = std::string(pick(r, kVillages)) + ", " + (place[0] == 'X' ? "xã" + place.substr(3) : place);
  const char* level = prov->city ? (r.chance(0.8) ? "thành phố" : "TP") : (r.chance(0.95) ? "tỉnh" : "Tỉnh");
  x.residence = place + ", " + level + " " + prov->name;
  const unsigned poor = r.below(100);
  x.poor = poor < 20 ? "x" : poor < 30 ? "Có" : poor < 40 ? "Không" : "";
  return x;
}

long intake_days_of(uint64_t seed, uint64_t i, long first, long last) {
  Rng r(seed, 2, i);
  // More recent receptions are more frequent (lists grow year by year).
  const long span = last - first + 1;
  const long a = static_cast<long>(r.below(static_cast<uint32_t>(span)));
  const long b = static_cast<long>(r.below(static_cast<uint32_t>(span)));
  return first + (a > b ? a : b);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s N OUT.csv [SEED]\n", argv[0]);
    return 64;
  }
  const uint64_t n = std::strtoull(argv[1], nullptr, 10);
  const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20261125;
  FILE* out = std::fopen(argv[2], "wb");
  if (!out) {
    std::perror(argv[2]);
    return 73;
  }
  static char iobuf[1 << 20];
  std::setvbuf(out, iobuf, _IOFBF, sizeof iobuf);

  // Receptions from 01/01/2024 to 25/11/2026, or to today if the clock is earlier.
  const long first = days_from_civil(2024, 1, 1);
  long last = days_from_civil(2026, 11, 25);
  {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    const long today = days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    if (today < last) last = today;
  }

  std::string line;
  line.reserve(1024);
  // hotro rejects a second row with the identity of an earlier one (same folded name, birth
  // date and intake date; the agency is empty here), so a row that would repeat one is
  // drawn again as another person.
  std::unordered_set<uint64_t> identities;
  identities.reserve(static_cast<size_t>(n));
  uint64_t redrawn = 0;
  std::fputs("STT,Họ và tên,Giới tính,Ngày sinh,Dân tộc,Số CCCD,Nơi cư trú,Ngày tiếp nhận,"
             "Hình thức tiếp nhận,Nước đến,Hình thức bị bóc lột,Hộ nghèo\n", out);
  char buf[64];
  for (uint64_t i = 0; i < n; ++i) {
    Rng r(seed, 3, i);
    const long intake = intake_days_of(seed, i, first, last);
    // A person received again: the same person as an earlier row, at a later date.
    uint64_t p = i;
    if (i > 1000 && r.chance(0.003)) {
      const uint64_t back = 1 + r.below(static_cast<uint32_t>(i - 1 < 200000 ? i - 1 : 200000));
      if (intake_days_of(seed, i - back, first, last) < intake) p = i - back;
    }
    Person x;
    for (uint64_t attempt = 0;; ++attempt) {
      const uint64_t who = attempt == 0 ? p : (i | attempt << 44);  // someone else
      x = make_person(seed, who, attempt == 0 ? intake_days_of(seed, p, first, last) : intake);
      const std::string id = fold(x.name) + "|" + x.birth_iso + "|" + std::to_string(intake);
      if (identities.insert(std::hash<std::string>{}(id)).second) break;
      ++redrawn;
    }

    std::string name = x.name, residence = x.residence;
    if (r.chance(0.03)) {
      name = decompose(name);
      residence = decompose(residence);
    }
    if (r.chance(0.02)) {
      const size_t sp = name.find(' ');
      name = " " + name.substr(0, sp) + "  " + name.substr(sp + 1) + " ";
    }

    line.clear();
    std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(i + 1));
    field(line, buf);
    field(line, name);
    const unsigned sx = r.below(100);
    field(line, x.female ? (sx < 95 ? "Nữ" : "nữ") : (sx < 95 ? "Nam" : "nam"));
    field(line, x.birth);
    field(line, x.eth->text);
    field(line, x.citizen_id);
    field(line, residence);

    int y, m, d;
    civil_from_days(intake, y, m, d);
    const unsigned df = r.below(100);
    if (df < 85) std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d, m, y);
    else if (df < 92) std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", d, m, y);
    else if (df < 96) std::snprintf(buf, sizeof buf, "%d/%d/%04d", d, m, y);
    else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    field(line, buf);
    field(line, pick(r, kChannels));

    // Forms of exploitation (one, sometimes two) and a destination that fits them.
    const int f1 = std::atoi(pick(r, kForms));
    std::string forms = r.chance(0.1) ? kFormVariant[f1] : kFormText[f1];
    int f2 = -1;
    if (r.chance(0.12)) {
      f2 = std::atoi(pick(r, kForms));
      if (f2 != f1) forms += (r.chance(0.7) ? "; " : ", ") + std::string(kFormText[f2]);
    }
    const char* dest;
    switch (f1) {
      case marriage: dest = pick(r, kDestMarriage); break;
      case crime: dest = pick(r, kDestCrime); break;
      case labour: dest = pick(r, kDestLabour); break;
      case sexual: dest = pick(r, kDestSexual); break;
      default: dest = pick(r, kDestOther);
    }
    if (r.chance(0.04)) dest = "";
    field(line, dest);
    field(line, r.chance(0.03) ? "" : forms);
    field(line, x.poor, true);
    std::fwrite(line.data(), 1, line.size(), out);
  }
  if (redrawn) std::fprintf(stderr, "gen_list: %llu rows drawn again to keep row identities distinct\n",
                             static_cast<unsigned long long>(redrawn));
  if (std::fclose(out) != 0) {
    std::perror(argv[2]);
    return 74;
  }
  return 0;
}
