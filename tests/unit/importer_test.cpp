// SPDX-License-Identifier: MIT
// lib/intake/importer.{h,cpp} on a temporary library: the example lists, re-imports, updates,
// all-or-nothing, dry runs, rejects files and probable duplicates.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "audit.h"
#include "cases.h"
#include "clock.h"
#include "db/migrate.h"
#include "db/seal.h"
#include "hash.h"
#include "intake/importer.h"
#include "intake/profile.h"
#include "test_support.h"

using hotro::Exit;
using namespace hotro::intake;
using namespace hotro::test;
namespace audit = hotro::audit;
namespace cases = hotro::cases;
namespace db = hotro::db;
using json = nlohmann::ordered_json;

namespace {

const std::string kLists = std::string(HOTRO_SOURCE_DIR) + "/examples/lists/";
const std::string kProfiles = std::string(HOTRO_SOURCE_DIR) + "/examples/profiles/";

// A fresh library in a temporary directory, with the clock fixed.
struct Library {
  EnglishMessages english;
  ScopedEnv today{"HOTRO_TODAY", "2026-06-30"};
  ScopedEnv now{"HOTRO_NOW", "2026-07-01T08:00:00Z"};
  TempDir dir{"import"};
  std::string path = dir.file("hotro.db");
  std::unique_ptr<db::Database> lib = new_library(path);
  audit::Context ctx{"lan", "intake import"};

  ImportReport run(const std::vector<std::string>& files, const ImportOptions& opts = {}) {
    return import_files(*lib, ctx, files, opts);
  }
  ImportReport run(const std::string& file, const ImportOptions& opts = {}) {
    return run(std::vector<std::string>{file}, opts);
  }
  // Writes a list into the temporary directory; returns its path.
  std::string list(const std::string& name, const std::string& text) {
    const std::string p = dir.file(name);
    write_file(p, text);
    return p;
  }
  int64_t count(const std::string& table) {
    return query_int(*lib, "SELECT count(*) FROM " + table);
  }
  json load(int64_t case_id) {
    auto c = cases::load(*lib, case_id);
    REQUIRE(c);
    return *c;
  }
  // Files in the temporary directory other than the library and its WAL files.
  std::vector<std::string> other_files() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir.path())) {
      const std::string name = e.path().filename().string();
      if (!name.starts_with("hotro.db")) out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

ImportOptions with_profile(const std::string& name) {
  ImportOptions o;
  o.profile = load_profile(kProfiles + name);
  return o;
}

using Strings = std::vector<std::string>;

const std::string kTwoRows =
    "Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận,Hình thức bị bóc lột,Ghi chú\n"
    "Nguyễn Thị Hường,1996,20/05/2026,Tự trở về,Cưỡng bức lao động,\n"
    "Vi Văn Dũng,1987,15/04/2026,Được giải cứu,Bóc lột tình dục,cũ\n";

}  // namespace

TEST_CASE("importer: the police list (CSV, built-in headers)") {
  Library l;
  const std::string file = kLists + "cong_an_2026.csv";
  const ImportReport r = l.run(file);
  CHECK(r.committed);
  CHECK(r.problems.empty());
  CHECK(r.duplicates.empty());
  CHECK(r.audit_id == 1);
  REQUIRE(r.files.size() == 1);
  const FileReport& f = r.files[0];
  CHECK(f.file == file);
  CHECK(f.encoding == "UTF-8");
  CHECK(f.sha256 == hotro::sha256_file(file));
  CHECK(f.rows == 4);
  CHECK(f.created == 4);
  CHECK(f.updated + f.unchanged + f.skipped + f.rejected == 0);
  CHECK(f.ignored_columns.empty());
  CHECK(f.rejects_file.empty());
  CHECK(r.total(&FileReport::created) == 4);

  CHECK(l.count("case_file") == 4);
  CHECK(l.count("person") == 4);
  CHECK(l.count("agency") == 3);  // Hà Nội, Lạng Sơn (twice), Thanh Hóa police

  json c = l.load(1);
  CHECK(c["person"]["full_name"] == "Đỗ Thị Ngọc Ánh");
  CHECK(c["person"]["sex"] == "F");
  CHECK(c["person"]["birth_date"] == "2001");
  CHECK(c["person"]["ethnicity"] == "01");
  CHECK(c["person"]["citizen_id"] == "001301012345");  // leading zeros kept
  CHECK(c["person"]["residence"] == "Phường Hà Đông, thành phố Hà Nội");
  CHECK(c["person"]["residence_province"] == "01");
  CHECK(c["intake_date"] == "2026-04-08");
  CHECK(c["intake_channel"] == "hotline");
  CHECK(c["status"] == "received");
  CHECK(c["abroad"] == false);
  CHECK(c["destination_country"].is_null());
  CHECK(c["exploitation"] == json::array({"sexual"}));
  CHECK(c["receiving_agency"] == "Công an thành phố Hà Nội");
  CHECK(c["source_agency"].is_null());
  CHECK(c["note"] == "STT 1; Tin báo qua đường dây nóng");

  c = l.load(2);
  CHECK(c["person"]["full_name"] == "Vi Văn Dũng");
  CHECK(c["person"]["ethnicity"] == "02");
  CHECK(c["person"]["residence_province"] == "20");
  CHECK(c["intake_channel"] == "rescued");
  CHECK(c["abroad"] == true);
  CHECK(c["destination_country"] == "MM");
  CHECK(c["exploitation"] == json::array({"forced_crime", "forced_labour"}));

  c = l.load(3);
  CHECK(c["person"]["citizen_id"].is_null());
  CHECK(c["intake_date"] == "2026-05-02");  // written 2/5/26
  CHECK(c["intake_channel"] == "tip_off");
  CHECK(c["destination_country"] == "CN");
  CHECK(c["exploitation"] == json::array({"forced_marriage"}));
  CHECK(c["note"] == "STT 3; Người dưới 18 tuổi; đã báo gia đình");

  c = l.load(4);
  CHECK(c["intake_channel"] == "self_returned");
  CHECK(c["destination_country"] == "KH");
  CHECK(c["person"]["residence_province"] == "38");

  // One audit entry for the whole import.
  const auto v = audit::verify(*l.lib);
  CHECK(v.entries == 1);
  CHECK(v.problems.empty());
  const auto log = audit::log(*l.lib, {});
  REQUIRE(log.size() == 1);
  CHECK(log[0].at == "2026-07-01T08:00:00Z");
  CHECK(log[0].actor == "lan");
  CHECK(log[0].command == "intake import");
  CHECK(log[0].action == "import");
  CHECK(log[0].entity == "case");
  CHECK(log[0].entity_ids == json::array({json{1, 4}}));
  CHECK(log[0].before.is_null());
  CHECK(log[0].after.is_null());
  CHECK(log[0].detail["profile"] == "built-in");
  REQUIRE(log[0].detail["files"].size() == 1);
  CHECK(log[0].detail["files"][0]["file"] == file);
  CHECK(log[0].detail["files"][0]["sha256"] == f.sha256);
  CHECK(log[0].detail["files"][0]["created"] == 4);
  CHECK(log[0].detail["files"][0]["rejected"] == 0);
}

TEST_CASE("importer: the commune list (Windows-1258, semicolons) with its profile") {
  Library l;
  const std::string file = kLists + "xa_thong_nhat_2026_q1.csv";
  SUBCASE("without the profile its name column is not found, and nothing is written") {
    const std::string msg = error_of([&] { l.run(file); }, Exit::data);
    CHECK(contains(msg, "no column for the person's name"));
    CHECK(l.count("case_file") == 0);
    CHECK(l.count("audit") == 0);
  }
  SUBCASE("with the profile") {
    const ImportReport r = l.run(file, with_profile("xa_thong_nhat.toml"));
    CHECK(r.committed);
    CHECK(r.problems.empty());
    REQUIRE(r.files.size() == 1);
    CHECK(r.files[0].encoding == "CP1258");
    CHECK(r.files[0].created == 5);
    CHECK(r.files[0].ignored_columns.empty());

    json c = l.load(1);
    CHECK(c["person"]["full_name"] == "Lò Thị Mai");
    CHECK(c["person"]["birth_date"] == "1998-03-12");
    CHECK(c["person"]["residence_province"] == "14");
    CHECK(c["person"]["poor_household"] == true);        // "HN" through the value map
    CHECK(c["intake_date"] == "2026-01-05");             // 05.01.2026 with the profile's format
    CHECK(c["intake_channel"] == "self_returned");       // "Gia đình đón về" through the map
    CHECK(c["destination_country"] == "CN");             // "TQ"
    CHECK(c["abroad"] == true);                          // inferred from the destination
    CHECK(c["source_agency"] == "UBND xã Thống Nhất, tỉnh Lào Cai");  // profile default
    CHECK(c["receiving_agency"] == "UBND xã Thống Nhất, tỉnh Lào Cai");
    c = l.load(2);
    CHECK(c["intake_channel"] == "rescued");
    CHECK(c["note"] == "STT 2; Đi cùng con nhỏ; cần hỗ trợ \"khẩn cấp\"");
    c = l.load(3);
    CHECK(c["person"]["full_name"] == "Bàn Văn Chiến");
    CHECK(c["destination_country"] == "KH");  // "Cam"
    CHECK(c["person"]["poor_household"] == false);  // "CN" means not poor in this list
    CHECK(c["exploitation"] == json::array({"forced_crime"}));
    CHECK(l.count("agency") == 1);  // one agency, both sender and receiver
  }
}

TEST_CASE("importer: the border guard workbook (xlsx) with its profile") {
  Library l;
  const ImportReport r = l.run(kLists + "bien_phong_2025.xlsx", with_profile("bien_phong.toml"));
  CHECK(r.committed);
  CHECK(r.problems.empty());
  REQUIRE(r.files.size() == 1);
  CHECK(r.files[0].encoding == "xlsx");
  CHECK(r.files[0].rows == 12);
  CHECK(r.files[0].created == 12);
  CHECK(l.count("case_file") == 12);

  json c = l.load(1);
  CHECK(c["person"]["full_name"] == "Lò Thị Mai");
  CHECK(c["person"]["citizen_id"] == "014198003517");
  CHECK(c["person"]["ethnicity"] == "03");
  CHECK(c["person"]["residence_province"] == "14");
  CHECK(c["intake_date"] == "2025-02-14");  // Excel serial 45702
  CHECK(c["intake_channel"] == "handed_over");
  CHECK(c["person"]["poor_household"] == true);
  CHECK(c["source_agency"] == "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lào Cai");
  CHECK(c["receiving_agency"] == "Cơ sở trợ giúp xã hội tỉnh Lào Cai");
  c = l.load(2);
  CHECK(c["person"]["residence_province"] == "08");  // Hà Giang is now Tuyên Quang
  CHECK(c["person"]["poor_household"] == true);      // "x"
  CHECK(c["intake_channel"] == "rescued");
  c = l.load(3);
  CHECK(c["exploitation"] == json::array({"forced_crime"}));
  CHECK(c["person"]["poor_household"] == false);
  c = l.load(5);
  CHECK(c["person"]["poor_household"].is_null());  // the row has no cell there
}

TEST_CASE("importer: the three example lists, and the person who is in two of them") {
  Library l;
  REQUIRE(l.run(kLists + "bien_phong_2025.xlsx", with_profile("bien_phong.toml")).committed);
  ImportOptions opts = with_profile("xa_thong_nhat.toml");
  SUBCASE("link (the default)") {
    const ImportReport r = l.run(kLists + "xa_thong_nhat_2026_q1.csv", opts);
    CHECK(r.files[0].created == 5);
    REQUIRE(r.duplicates.size() == 1);
    const DuplicateNote& d = r.duplicates[0];
    CHECK(d.file == kLists + "xa_thong_nhat_2026_q1.csv");
    CHECK(d.line == 2);
    CHECK(d.full_name == "Lò Thị Mai");
    CHECK(d.person_id == 1);
    CHECK(d.reason == "name_birth_residence");  // same name, birth year and province
    CHECK(d.decision == "linked");
    CHECK(l.count("person") == 16);
    CHECK(l.count("case_file") == 17);
    CHECK(query_int(*l.lib, "SELECT count(*) FROM case_file WHERE person_id = 1") == 2);
    const auto log = audit::log(*l.lib, {});
    REQUIRE(log.size() == 2);
    CHECK(log[1].detail["duplicates"] == 1);
    CHECK(log[1].detail["on_duplicate"] == "linked");

    // The police list has no one from the other two.
    const ImportReport police = l.run(kLists + "cong_an_2026.csv");
    CHECK(police.files[0].created == 4);
    CHECK(police.duplicates.empty());
    CHECK(l.count("case_file") == 21);
  }
  SUBCASE("new") {
    opts.on_duplicate = OnDuplicate::new_person;
    const ImportReport r = l.run(kLists + "xa_thong_nhat_2026_q1.csv", opts);
    REQUIRE(r.duplicates.size() == 1);
    CHECK(r.duplicates[0].decision == "new");
    CHECK(r.files[0].created == 5);
    CHECK(l.count("person") == 17);
    CHECK(query_int(*l.lib, "SELECT count(*) FROM case_file WHERE person_id = 1") == 1);
  }
  SUBCASE("skip") {
    opts.on_duplicate = OnDuplicate::skip;
    const ImportReport r = l.run(kLists + "xa_thong_nhat_2026_q1.csv", opts);
    REQUIRE(r.duplicates.size() == 1);
    CHECK(r.duplicates[0].decision == "skipped");
    CHECK(r.files[0].created == 4);
    CHECK(r.files[0].skipped == 1);
    CHECK(l.count("case_file") == 16);
  }
}

TEST_CASE("importer: importing a list again changes nothing") {
  Library l;
  struct Case {
    std::string file;
    ImportOptions opts;
    long rows;
  };
  const std::vector<Case> lists = {
      {kLists + "cong_an_2026.csv", {}, 4},
      {kLists + "xa_thong_nhat_2026_q1.csv", with_profile("xa_thong_nhat.toml"), 5},
      {kLists + "bien_phong_2025.xlsx", with_profile("bien_phong.toml"), 12},
  };
  for (const auto& list : lists) REQUIRE(l.run(list.file, list.opts).committed);
  const int64_t cases = l.count("case_file"), persons = l.count("person"),
                agencies = l.count("agency");
  const std::string before = l.load(1).dump();
  for (const auto& list : lists) {
    CAPTURE(list.file);
    const ImportReport r = l.run(list.file, list.opts);
    CHECK(r.committed);
    REQUIRE(r.files.size() == 1);
    CHECK(r.files[0].rows == list.rows);
    CHECK(r.files[0].unchanged == list.rows);
    CHECK(r.files[0].created == 0);
    CHECK(r.files[0].updated == 0);
    CHECK(r.duplicates.empty());  // an unchanged row is not matched again
  }
  CHECK(l.count("case_file") == cases);
  CHECK(l.count("person") == persons);
  CHECK(l.count("agency") == agencies);
  CHECK(l.load(1).dump() == before);
  // Each import is still recorded, touching nothing.
  const auto log = audit::log(*l.lib, {});
  REQUIRE(log.size() == 6);
  for (size_t i = 3; i < 6; ++i) CHECK(log[i].entity_ids == json::array());
  CHECK(audit::verify(*l.lib).problems.empty());
}

TEST_CASE("importer: a changed row updates its case, with before and after in its own audit entry") {
  Library l;
  const std::string file = l.list("ds.csv", kTwoRows);
  REQUIRE(l.run(file).files[0].created == 2);

  l.list("ds.csv",
         "Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận,Hình thức bị bóc lột,Ghi chú\n"
         "Nguyễn Thị Hường,1996,20/05/2026,Tự trở về,Cưỡng bức lao động,\n"
         "Vi Văn Dũng,1987,15/04/2026,Được giải cứu,Bóc lột tình dục; Cưỡng bức lao động,mới\n");
  ImportReport r = l.run(file);
  CHECK(r.committed);
  CHECK(r.files[0].created == 0);
  CHECK(r.files[0].updated == 1);
  CHECK(r.files[0].unchanged == 1);
  CHECK(l.count("case_file") == 2);
  const json c = l.load(2);
  CHECK(c["note"] == "mới");
  CHECK(c["exploitation"] == json::array({"forced_labour", "sexual"}));
  CHECK(l.count("case_exploitation") == 3);  // the old form replaced, not added to

  // The import's entry names the cases it created (none); the updated case's own entry, just
  // before, names it and holds it before and after, and the row it came from.
  const auto log = audit::log(*l.lib, {});
  REQUIRE(log.size() == 3);
  const auto& entry = log[2];
  CHECK(entry.id == r.audit_id);
  CHECK(entry.action == "import");
  CHECK(entry.entity_ids == json::array());
  CHECK(entry.before.is_null());
  CHECK(entry.after.is_null());
  CHECK(entry.detail["files"][0]["updated"] == 1);
  const auto& update = log[1];
  CHECK(update.action == "update");
  CHECK(update.entity == "case");
  CHECK(update.command == "intake import");
  CHECK(update.entity_ids == json::array({json{2, 2}}));
  CHECK(update.before["id"] == 2);
  CHECK(update.before["note"] == "cũ");
  CHECK(update.after["note"] == "mới");
  CHECK(update.before["exploitation"] == json::array({"sexual"}));
  CHECK(update.after["exploitation"] == json::array({"forced_labour", "sexual"}));
  CHECK(update.detail == json{{"file", file}, {"line", 3}});

  audit::LogFilter by_case;
  by_case.case_id = 2;
  CHECK(audit::log(*l.lib, by_case).size() == 2);  // created, updated
  by_case.case_id = 1;
  CHECK(audit::log(*l.lib, by_case).size() == 1);  // the update did not touch case 1

  r = l.run(file);  // and again: nothing left to change
  CHECK(r.files[0].unchanged == 2);
  CHECK(r.files[0].updated == 0);
  CHECK(audit::verify(*l.lib).problems.empty());
}

TEST_CASE("importer: a changed person field updates the person") {
  Library l;
  const std::string file = l.list(
      "ds.csv", "Họ và tên,Năm sinh,Giới tính,Ngày tiếp nhận,Hình thức tiếp nhận\n"
                "Vi Văn Dũng,1987,,15/04/2026,Được giải cứu\n");
  REQUIRE(l.run(file).files[0].created == 1);
  l.list("ds.csv", "Họ và tên,Năm sinh,Giới tính,Ngày tiếp nhận,Hình thức tiếp nhận\n"
                   "Vi Văn Dũng,1987,Nam,15/04/2026,Được giải cứu\n");
  CHECK(l.run(file).files[0].updated == 1);
  CHECK(l.load(1)["person"]["sex"] == "M");
  CHECK(l.count("person") == 1);
}

TEST_CASE("importer: an update writes only the rows whose values changed") {
  Library l;
  const std::string file = l.list("ds.csv", kTwoRows);
  REQUIRE(l.run(file).files[0].created == 2);
  // Temporary triggers count the writes that reach each table.
  l.lib->exec("CREATE TEMP TABLE writes (tbl TEXT)");
  l.lib->exec("CREATE TEMP TRIGGER person_written AFTER UPDATE ON main.person "
              "BEGIN INSERT INTO writes VALUES ('person'); END");
  l.lib->exec("CREATE TEMP TRIGGER forms_removed AFTER DELETE ON main.case_exploitation "
              "BEGIN INSERT INTO writes VALUES ('forms'); END");
  auto writes = [&](const std::string& table) {
    return query_int(*l.lib, "SELECT count(*) FROM temp.writes WHERE tbl = '" + table + "'");
  };

  // Only the note of case 2 changes: its person and its forms are left as they are.
  l.list("ds.csv",
         "Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận,Hình thức bị bóc lột,Ghi chú\n"
         "Nguyễn Thị Hường,1996,20/05/2026,Tự trở về,Cưỡng bức lao động,\n"
         "Vi Văn Dũng,1987,15/04/2026,Được giải cứu,Bóc lột tình dục,mới\n");
  REQUIRE(l.run(file).files[0].updated == 1);
  CHECK(l.load(2)["note"] == "mới");
  CHECK(writes("person") == 0);
  CHECK(writes("forms") == 0);

  // A form added: the forms are rewritten, the person still not.
  l.list("ds.csv",
         "Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận,Hình thức bị bóc lột,Ghi chú\n"
         "Nguyễn Thị Hường,1996,20/05/2026,Tự trở về,Cưỡng bức lao động,\n"
         "Vi Văn Dũng,1987,15/04/2026,Được giải cứu,Bóc lột tình dục; Cưỡng bức lao động,mới\n");
  REQUIRE(l.run(file).files[0].updated == 1);
  CHECK(l.load(2)["exploitation"] == json::array({"forced_labour", "sexual"}));
  CHECK(writes("person") == 0);
  CHECK(writes("forms") == 1);

  // A form taken away (the stored list longer than the row's) and the poor-household field
  // given: both written.
  l.list("ds.csv",
         "Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận,Hình thức bị bóc lột,Ghi chú,Hộ nghèo\n"
         "Nguyễn Thị Hường,1996,20/05/2026,Tự trở về,Cưỡng bức lao động,,\n"
         "Vi Văn Dũng,1987,15/04/2026,Được giải cứu,Bóc lột tình dục,mới,Có\n");
  REQUIRE(l.run(file).files[0].updated == 1);
  const json c = l.load(2);
  CHECK(c["exploitation"] == json::array({"sexual"}));
  CHECK(c["person"]["poor_household"] == true);
  CHECK(writes("person") == 1);
  CHECK(writes("forms") == 3);  // one row removed before, two now
  CHECK(l.count("case_exploitation") == 2);
  CHECK(audit::verify(*l.lib).problems.empty());
}

TEST_CASE("importer: NFC, NFD and unaccented names are the same person") {
  Library l;
  auto list_with = [&](const std::string& file, const std::string& name, const char* source,
                       const char* intake, const char* cccd) {
    return l.list(file,
                  "Họ và tên,Năm sinh,Số CCCD,Nơi cư trú,Ngày tiếp nhận,Hình thức tiếp nhận,"
                  "Đơn vị gửi\n" +
                      name + ",1996," + cccd + ",\"Xã Quảng Phú, tỉnh Thanh Hóa\"," + intake +
                      ",Tự trở về," + source + "\n");
  };
  REQUIRE(l.run(list_with("nfc.csv", kHuongNfc, "Công an tỉnh Thanh Hóa", "20/05/2026", ""))
              .files[0]
              .created == 1);
  CHECK(l.load(1)["person"]["full_name"] == kHuongNfc);

  SUBCASE("the same row with the name in NFD is unchanged") {
    const ImportReport r =
        l.run(list_with("nfd.csv", kHuongNfd, "Công an tỉnh Thanh Hóa", "20/05/2026", ""));
    CHECK(r.files[0].unchanged == 1);
    CHECK(r.files[0].created == 0);
    CHECK(l.load(1)["person"]["full_name"] == kHuongNfc);  // stored in NFC
  }
  SUBCASE("the same row typed without accents is the same case") {
    // Same row key (folded name), different content (the name as written): the case is
    // updated in place, not duplicated.
    const ImportReport r = l.run(
        list_with("plain.csv", kHuongPlain, "CONG AN TINH THANH HOA", "20/05/2026", ""));
    CHECK(r.files[0].created == 0);
    CHECK(r.files[0].updated + r.files[0].unchanged == 1);
    CHECK(l.count("case_file") == 1);
  }
  SUBCASE("a later intake from another source, unaccented, is linked to the person") {
    const ImportReport r =
        l.run(list_with("bp.csv", kHuongPlain, "Đồn Biên phòng", "01/06/2026", ""));
    CHECK(r.files[0].created == 1);
    REQUIRE(r.duplicates.size() == 1);
    CHECK(r.duplicates[0].person_id == 1);
    CHECK(r.duplicates[0].reason == "name_birth_residence");
    CHECK(r.duplicates[0].full_name == kHuongPlain);
    CHECK(l.count("person") == 1);
    CHECK(l.count("case_file") == 2);
  }
}

TEST_CASE("importer: a library from before schema 10 folds Ð like Đ once upgraded, its rows are still found") {
  Library l;
  // Ð (U+00D0) for Đ, as a Windows-1258 list read as Windows-1252 shows it, and Ɖ (U+0189).
  const std::string header = "Họ và tên,Năm sinh,Nơi cư trú,Ngày tiếp nhận,Hình thức tiếp nhận,Đơn vị gửi\n";
  const std::string rows =
      "\u00D0\u1ED7 Thị Hà,1995,\"Xã \u00D0ông Thọ, tỉnh Thanh Hóa\",20/05/2026,Tự trở về,\u00D0ồn Biên phòng Na Mèo\n"
      "Lò Văn \u0189ức,1990,\"Xã Mường Lát, tỉnh Thanh Hóa\",21/05/2026,Tự trở về,\u00D0ồn Biên phòng Na Mèo\n"
      "Hà Thị \u00D0ào,1998,\"Xã Tam Chung, tỉnh Thanh Hóa\",22/05/2026,Tự trở về,\u00D0ồn Biên phòng Na Mèo\n";
  const std::string file = l.list("bp.csv", header + rows);
  // The same woman written with Đ on the same day: schema 9 made it a case of its own.
  const std::string same_with_d = "Hà Thị Đào,1998,\"Xã Tam Chung, tỉnh Thanh Hóa\",22/05/2026,Tự trở về,"
                                  "\u00D0ồn Biên phòng Na Mèo\n";
  ImportOptions apart;
  apart.on_duplicate = OnDuplicate::new_person;
  REQUIRE(l.run(file).files[0].created == 3);
  REQUIRE(l.run(l.list("bp_d.csv", header + "Hà Thị Đào,1998,\"Xã Tam Chung, tỉnh Thanh Hóa\",23/05/2026,"
                                            "Tự trở về,\u00D0ồn Biên phòng Na Mèo\n"),
                apart)
              .files[0]
              .created == 1);
  auto key = [](const std::string& name, const char* birth, const char* intake, const std::string& source) {
    return hotro::hash64(name + "|" + birth + "|" + intake + "|" + source);
  };
  CHECK(query_int(*l.lib, "SELECT row_key FROM case_file WHERE id = 1") ==
        key("do thi ha", "1995", "2026-05-20", "don bien phong na meo"));

  // The library as schema 9 wrote it: Ð and Ɖ kept as ð and ɖ in every folded copy and key; the
  // fourth case on the same day as the third; the same office recorded a second time with Đ.
  const std::string eth_office = "\u00F0on bien phong na meo";
  {
    hotro::db::Transaction tx(*l.lib);
    auto set_person = [&](int id, const std::string& folded, const std::string& residence, int year) {
      l.lib->exec(fmt::format("UPDATE person SET name_folded = '{}', residence_folded = '{}', match_key = {} WHERE id = {}",
                              folded, residence, person_match_key(folded, year), id));
    };
    set_person(1, "\u00F0o thi ha", "xa \u00F0ong tho tinh thanh hoa", 1995);
    set_person(2, "lo van \u0256uc", "xa muong lat tinh thanh hoa", 1990);
    set_person(3, "ha thi \u00F0ao", "xa tam chung tinh thanh hoa", 1998);
    l.lib->exec("UPDATE agency SET name_folded = '" + eth_office + "'");
    l.lib->exec("INSERT INTO agency (name, name_folded) VALUES ('Đồn Biên phòng Na Mèo', 'don bien phong na meo')");
    auto set_key = [&](int id, int64_t k) {
      l.lib->exec(fmt::format("UPDATE case_file SET row_key = {} WHERE id = {}", k, id));
    };
    set_key(1, key("\u00F0o thi ha", "1995", "2026-05-20", eth_office));
    set_key(2, key("lo van \u0256uc", "1990", "2026-05-21", eth_office));
    set_key(3, key("ha thi \u00F0ao", "1998", "2026-05-22", eth_office));
    set_key(4, key("ha thi dao", "1998", "2026-05-22", eth_office));
    l.lib->exec("UPDATE case_file SET intake_date = '2026-05-22' WHERE id = 4");
    // Case 2's person was renamed after the import: its row key is no longer his name's.
    l.lib->exec("UPDATE person SET full_name = 'Lò Văn \u0189ức Anh', name_folded = 'lo van \u0256uc anh', "
                "match_key = " + std::to_string(person_match_key("lo van \u0256uc anh", 1990)) + " WHERE id = 2");
    // A name not valid UTF-8, written behind hotro's back, does not stop the upgrade.
    l.lib->exec("INSERT INTO person (full_name, name_folded, created_at) VALUES (CAST(X'4C6FFF' AS TEXT), 'lo', '2026-01-01')");
    l.lib->exec("DROP TABLE agency_merge");  // schema 11's, empty here
    l.lib->exec("PRAGMA user_version = 9");
    tx.commit();
  }
  const auto r = hotro::db::migrate(*l.lib);
  CHECK(r.from == 9);
  CHECK(r.to == hotro::db::current_schema_version());

  // The persons' folded copies are those of today.
  CHECK(query_text(*l.lib, "SELECT group_concat(name_folded, ';') FROM person") ==
        "do thi ha;lo van duc anh;ha thi dao;ha thi dao;lo");
  CHECK(query_text(*l.lib, "SELECT residence_folded FROM person WHERE id = 1") == "xa dong tho tinh thanh hoa");
  CHECK(query_int(*l.lib, "SELECT match_key FROM person WHERE id = 1") == person_match_key("do thi ha", 1995));
  CHECK(query_int(*l.lib, "SELECT count(*) FROM person WHERE match_key = hotro_match_key(name_folded, birth_year)") == 4);
  // The agency whose new key the other one has keeps its old key; check lists it.
  CHECK(query_text(*l.lib, "SELECT name_folded FROM agency WHERE id = 1") == eth_office);
  // Row keys: case 1 and 3 have their keys of today; case 2 (renamed since) and case 4 (whose
  // key of today is case 3's) keep theirs.
  CHECK(query_int(*l.lib, "SELECT row_key FROM case_file WHERE id = 1") ==
        key("do thi ha", "1995", "2026-05-20", "don bien phong na meo"));
  CHECK(query_int(*l.lib, "SELECT row_key FROM case_file WHERE id = 2") ==
        key("lo van \u0256uc", "1990", "2026-05-21", eth_office));
  CHECK(query_int(*l.lib, "SELECT row_key FROM case_file WHERE id = 3") ==
        key("ha thi dao", "1998", "2026-05-22", "don bien phong na meo"));
  CHECK(query_int(*l.lib, "SELECT row_key FROM case_file WHERE id = 4") == key("ha thi dao", "1998", "2026-05-22", eth_office));
  // The upgrade's writes are sealed as the upgrade's (this test's own writes above, as
  // unaudited ones).
  CHECK(hotro::db::unsealed_tables(*l.lib).empty());
  CHECK(query_text(*l.lib, "SELECT reason FROM seal ORDER BY id DESC LIMIT 1") == "upgrade");

  SUBCASE("the same lists imported again: every row finds its case") {
    const ImportReport again = l.run(l.list("all.csv", header + rows + same_with_d));
    CHECK(again.files[0].created == 0);
    CHECK(again.files[0].rejected == 0);
    CHECK(again.files[0].unchanged == 3);
    CHECK(again.files[0].updated == 1);  // case 4, whose intake date this test moved
    CHECK(l.count("case_file") == 4);
  }
  SUBCASE("the list sent again with Đ for Ð updates its cases") {
    const std::string corrected = l.list(
        "corrected.csv", header + "Đỗ Thị Hà,1995,\"Xã Đông Thọ, tỉnh Thanh Hóa\",20/05/2026,Tự trở về,Đồn Biên phòng Na Mèo\n");
    const ImportReport again = l.run(corrected);
    CHECK(again.files[0].created == 0);
    CHECK(again.files[0].updated == 1);
    CHECK(l.load(1)["person"]["full_name"] == "Đỗ Thị Hà");
    CHECK(l.count("case_file") == 4);
  }
  SUBCASE("the same person written with Đ on another day is a probable duplicate of her") {
    const ImportReport again = l.run(l.list(
        "cong_an.csv", header + "Đỗ Thị Hà,1995,\"Xã Đông Thọ, tỉnh Thanh Hóa\",01/06/2026,Tự trở về,Công an tỉnh Thanh Hóa\n"));
    CHECK(again.files[0].created == 1);
    REQUIRE(again.duplicates.size() == 1);
    CHECK(again.duplicates[0].person_id == 1);
  }
}

TEST_CASE("importer: probable duplicates by citizen ID, or by name, birth year and place") {
  Library l;
  const std::string header =
      "Họ và tên,Năm sinh,Số CCCD,Nơi cư trú,Ngày tiếp nhận,Hình thức tiếp nhận\n";
  REQUIRE(l.run(l.list("a.csv", header +
                                    "Nguyễn Thị Hường,1996,038196001234,\"Xã Quảng Phú, tỉnh "
                                    "Thanh Hóa\",20/05/2026,Tự trở về\n"))
              .committed);
  SUBCASE("the same CCCD under another spelling of the name") {
    const ImportReport r = l.run(l.list(
        "b.csv", header + "Nguyen T. Huong,1995,038196001234,,01/06/2026,Được giải cứu\n"));
    REQUIRE(r.duplicates.size() == 1);
    CHECK(r.duplicates[0].reason == "citizen_id");
    CHECK(r.duplicates[0].person_id == 1);
    CHECK(r.duplicates[0].line == 2);
    CHECK(l.count("person") == 1);
  }
  SUBCASE("same name and birth year, the province written differently") {
    const ImportReport r = l.run(l.list(
        "b.csv", header + "NGUYỄN THỊ HƯỜNG,1996,,\"Quảng Xương, Thanh Hoá\",01/06/2026,Giải cứu\n"));
    REQUIRE(r.duplicates.size() == 1);
    CHECK(r.duplicates[0].reason == "name_birth_residence");
  }
  SUBCASE("not the same person") {
    const ImportReport r = l.run(l.list(
        "b.csv", header +
                     "Nguyễn Thị Hường,1997,,\"Xã Quảng Phú, tỉnh Thanh Hóa\",01/06/2026,Giải cứu\n"
                     "Nguyễn Thị Hường,1996,,\"Xã Tân Tiến, tỉnh Lạng Sơn\",01/06/2026,Giải cứu\n"
                     "Nguyễn Thị Hường,1996,,,02/06/2026,Giải cứu\n"
                     "Nguyễn Thị Hà,1996,,\"Xã Quảng Phú, tỉnh Thanh Hóa\",01/06/2026,Giải cứu\n"
                     "Nguyễn Thị Hường,1996,038196009999,,03/06/2026,Giải cứu\n"));
    CHECK(r.duplicates.empty());
    CHECK(r.files[0].created == 5);
    CHECK(l.count("person") == 6);
  }
}

// Into an empty library the person indexes are built at the end and the import looks persons
// up in memory, until that memory is full: the answers must be those of the indexes, wherever
// the switch falls.
TEST_CASE("importer: probable duplicates within one import into an empty library") {
  const std::string list =
      "Họ và tên,Năm sinh,Số CCCD,Nơi cư trú,Ngày tiếp nhận,Hình thức tiếp nhận\n"
      "Nguyễn Thị Hường,1996,038196001234,\"Xã Quảng Phú, tỉnh Thanh Hóa\",20/05/2026,Tự trở về\n"
      "Lò Thị Mai,2001,,\"Xã Mường Lói, tỉnh Điện Biên\",21/05/2026,Giải cứu\n"
      "Nguyen T. Huong,1995,038196001234,,01/06/2026,Được giải cứu\n"
      "LÒ THỊ MAI,2001,,\"Mường Lói, Điện Biên\",02/06/2026,Giải cứu\n"
      "Lò Thị Mai,2002,,\"Xã Mường Lói, tỉnh Điện Biên\",03/06/2026,Giải cứu\n"
      "Hà Văn Long,1990,001090000001,\"Phường Ba Đình, thành phố Hà Nội\",04/06/2026,Giải cứu\n"
      "Nguyễn Thị Hường,1996,,\"Xã Quảng Phú, tỉnh Thanh Hóa\",05/06/2026,Giải cứu\n"
      "Hà Văn Long,1990,,\"Phường Ba Đình, thành phố Hà Nội\",06/06/2026,Giải cứu\n"
      "Trần Văn Bình,1988,001090000001,,07/06/2026,Giải cứu\n"
      "Lò Thị Mai,2001,,\"Xã Mường Lói, tỉnh Điện Biên\",08/06/2026,Giải cứu\n";
  struct Seen {
    long line;
    int64_t person_id;
    std::string reason;
    bool operator==(const Seen& o) const {
      return line == o.line && person_id == o.person_id && reason == o.reason;
    }
  };
  auto import = [&](OnDuplicate on_duplicate, size_t in_memory) {
    Library l;
    ImportOptions opts;
    opts.on_duplicate = on_duplicate;
    opts.person_keys_in_memory = in_memory;
    const int64_t cache_size = query_int(*l.lib, "PRAGMA cache_size");
    const ImportReport r = l.run(l.list("list.csv", list), opts);
    REQUIRE(r.committed);
    CHECK(query_int(*l.lib, "PRAGMA cache_size") == cache_size);  // given back
    std::vector<Seen> seen;
    for (const auto& d : r.duplicates) seen.push_back({d.line, d.person_id, d.reason});
    CHECK(query_int(*l.lib, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN "
                            "('person_match', 'person_citizen_id', 'case_person', "
                            "'case_intake_date')") == 4);
    return std::make_pair(seen, l.count("person"));
  };
  // Linked: one person per probable duplicate.
  const std::vector<Seen> linked{{4, 1, "citizen_id"},
                                 {5, 2, "name_birth_residence"},
                                 {8, 1, "name_birth_residence"},
                                 {9, 4, "name_birth_residence"},
                                 {10, 4, "citizen_id"},
                                 {11, 2, "name_birth_residence"}};
  // New persons each time: a later row is reported against the first of them.
  const std::vector<Seen> apart{{4, 1, "citizen_id"},
                                {5, 2, "name_birth_residence"},
                                {8, 1, "name_birth_residence"},
                                {9, 6, "name_birth_residence"},
                                {10, 6, "citizen_id"},
                                {11, 2, "name_birth_residence"}};
  for (size_t in_memory : {SIZE_MAX, size_t{0}, size_t{1}, size_t{2}, size_t{5}, size_t{8}}) {
    CAPTURE(in_memory);
    const auto [seen_linked, persons_linked] = import(OnDuplicate::link, in_memory);
    CHECK(seen_linked == linked);
    CHECK(persons_linked == 4);
    const auto [seen_apart, persons_apart] = import(OnDuplicate::new_person, in_memory);
    CHECK(seen_apart == apart);
    CHECK(persons_apart == 10);
  }
}

TEST_CASE("importer: a dry run into an empty library leaves its indexes as they were") {
  Library l;
  const std::string indexes = "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema "
                              "WHERE type = 'index' ORDER BY name)";
  const std::string before = query_text(*l.lib, indexes);
  ImportOptions opts;
  opts.dry_run = true;
  const ImportReport r = l.run(kLists + "cong_an_2026.csv", opts);
  CHECK_FALSE(r.committed);
  CHECK(query_text(*l.lib, indexes) == before);
  CHECK(before.find("person_match") != std::string::npos);
}

TEST_CASE("importer: all or nothing: a bad row stops the whole import") {
  Library l;
  const std::string good = l.list("good.csv", kTwoRows);
  const std::string bad = l.list(
      "bad.csv",
      "Họ và tên,Giới tính,Ngày tiếp nhận,Hình thức tiếp nhận\n"  // line 1
      "Lò Thị Mai,Nữ,05/01/2026,Tự về\n"                          // 2
      "\n"                                                        // 3 (blank)
      "Bàn Văn Chiến,X,31/02/2026,Tự về\n"                        // 4
      "\"Sầm Thị\nHạnh\",Nữ,01/06/2026,Giải cứu\n"                // 5-6
      "Ma Văn Hùng,Nam,11/03/2026,\n");                           // 7
  const ImportReport r = l.run(std::vector<std::string>{good, bad});
  CHECK_FALSE(r.committed);
  CHECK(r.audit_id == 0);
  REQUIRE(r.problems.size() == 3);
  CHECK(r.problems[0].file == bad);
  CHECK(r.problems[0].line == 4);
  CHECK(r.problems[0].column == "Giới tính");
  CHECK(contains(r.problems[0].message, "unknown value 'X'"));
  CHECK(r.problems[1].line == 4);
  CHECK(r.problems[1].column == "Ngày tiếp nhận");
  CHECK(contains(r.problems[1].message, "'31/02/2026' is not a date"));
  CHECK(r.problems[2].line == 7);
  CHECK(r.problems[2].column == "Hình thức tiếp nhận");
  CHECK(contains(r.problems[2].message, "missing"));
  REQUIRE(r.files.size() == 2);
  CHECK(r.files[1].rows == 4);
  CHECK(r.files[1].rejected == 2);
  CHECK(r.files[1].rejects_file.empty());
  // Nothing from either file reached the library, and no rejects file was written.
  CHECK(l.count("case_file") == 0);
  CHECK(l.count("person") == 0);
  CHECK(l.count("agency") == 0);
  CHECK(l.count("audit") == 0);
  CHECK(l.other_files() == Strings{"bad.csv", "good.csv"});
}

TEST_CASE("importer: a problem in a field without a column names the field") {
  Library l;
  const ImportReport r = l.run(l.list("ds.csv", "Họ và tên,Ngày tiếp nhận\n"
                                                "Lò Thị Mai,05/01/2026\n"));
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].column == "Hình thức tiếp nhận");  // the field's title
  CHECK(r.problems[0].line == 2);
  CHECK_FALSE(r.committed);
  // A default for the field fills it.
  ImportOptions opts;
  opts.profile.defaults[static_cast<size_t>(Field::intake_channel)] = "Tự về";
  const ImportReport fixed = l.run(l.list("ds.csv", "Họ và tên,Ngày tiếp nhận\n"
                                                    "Lò Thị Mai,05/01/2026\n"),
                                   opts);
  CHECK(fixed.committed);
  CHECK(l.load(1)["intake_channel"] == "self_returned");
  // A default also fills a cell of only white space, and does not replace a written value.
  const ImportReport cells = l.run(l.list("ds2.csv", "Họ và tên,Ngày tiếp nhận,Hình thức\n"
                                                     "Lý Thị Sâm,20/02/2026,  \n"
                                                     "Ma Văn Hùng,11/03/2026,Giải cứu\n"),
                                   opts);
  CHECK(cells.committed);
  CHECK(l.load(2)["intake_channel"] == "self_returned");
  CHECK(l.load(3)["intake_channel"] == "rescued");
}

TEST_CASE("importer: a dry run reports and writes nothing") {
  Library l;
  ImportOptions dry;
  dry.dry_run = true;
  const ImportReport r = l.run(kLists + "cong_an_2026.csv", dry);
  CHECK_FALSE(r.committed);
  CHECK(r.audit_id == 0);
  CHECK(r.files[0].created == 4);  // what would happen
  CHECK(l.count("case_file") == 0);
  CHECK(l.count("person") == 0);
  CHECK(l.count("agency") == 0);
  CHECK(l.count("audit") == 0);
  // No row keys were left behind: the real import creates everything.
  CHECK(l.run(kLists + "cong_an_2026.csv").files[0].created == 4);

  SUBCASE("with skip_invalid, no rejects file either") {
    dry.skip_invalid = true;
    const std::string file = l.list("bad.csv", "Họ và tên,Giới tính,Ngày tiếp nhận,Hình thức\n"
                                               "Lò Thị Mai,X,05/01/2026,Tự về\n");
    const ImportReport d = l.run(file, dry);
    CHECK(d.files[0].rejected == 1);
    CHECK(d.files[0].rejects_file.empty());
    CHECK(l.other_files() == Strings{"bad.csv"});
  }
}

TEST_CASE("importer: skip_invalid imports the good rows and writes the rest to fix") {
  Library l;
  const std::string file = l.list("ds.csv",
                                  "Họ và tên,Giới tính,Ngày tiếp nhận,Hình thức tiếp nhận\n"
                                  "Lò Thị Mai,Nữ,05/01/2026,Tự về\n"
                                  "Bàn Văn Chiến,X,03/02/2026,\"Tự về\"\n"
                                  "Lý Thị Sâm,Nữ,20/02/2026,Được trao trả\n");
  ImportOptions opts;
  opts.skip_invalid = true;
  ImportReport r = l.run(file, opts);
  CHECK(r.committed);
  CHECK(r.audit_id == 1);
  CHECK(r.files[0].created == 2);
  CHECK(r.files[0].rejected == 1);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].line == 3);
  CHECK(r.files[0].rejects_file == file + ".rejects.csv");
  CHECK(l.count("case_file") == 2);
  CHECK(audit::log(*l.lib, {})[0].detail["files"][0]["rejected"] == 1);
  CHECK(l.other_files() == Strings{"ds.csv", "ds.csv.rejects.csv"});  // no temporary left

  const std::string rejects = read_file(file + ".rejects.csv");
  CHECK(rejects.starts_with("\xEF\xBB\xBF"));  // a BOM, for Excel
  CHECK(contains(rejects, "Họ và tên,Giới tính,Ngày tiếp nhận,Hình thức tiếp nhận,Lỗi\r\n"));
  CHECK(contains(rejects, "Bàn Văn Chiến,X,03/02/2026,Tự về,"));
  CHECK(contains(rejects, "Giới tính: unknown value 'X'"));
  CHECK_FALSE(contains(rejects, "Lò Thị Mai"));

  SUBCASE("the fixed rejects file imports, its error column ignored") {
    std::string fixed = rejects;
    const auto at = fixed.find(",X,");
    REQUIRE(at != std::string::npos);
    fixed.replace(at, 3, ",Nam,");
    write_file(file + ".rejects.csv", fixed);
    const ImportReport again = l.run(file + ".rejects.csv", opts);
    CHECK(again.committed);
    CHECK(again.problems.empty());
    CHECK(again.files[0].created == 1);
    CHECK(again.files[0].ignored_columns.empty());
    CHECK(again.files[0].rejects_file.empty());
    CHECK(l.count("case_file") == 3);
    // The original list now only has its old problem left; its good rows are unchanged.
    const ImportReport orig = l.run(file, opts);
    CHECK(orig.files[0].unchanged == 2);
    CHECK(orig.files[0].rejected == 1);
  }
  SUBCASE("a rejects file can be named") {
    opts.rejects_path = l.dir.file("sai.csv");
    r = l.run(file, opts);
    CHECK(r.files[0].rejects_file == l.dir.file("sai.csv"));
    CHECK(contains(read_file(l.dir.file("sai.csv")), "Bàn Văn Chiến"));
  }
}

TEST_CASE("importer: file-level errors throw and roll everything back") {
  Library l;
  const std::string good = l.list("good.csv", kTwoRows);
  SUBCASE("a missing file") {
    const std::string msg = error_of(
        [&] { l.run(std::vector<std::string>{good, l.dir.file("none.csv")}); }, Exit::noinput);
    CHECK(contains(msg, "none.csv"));
  }
  SUBCASE("an empty file") {
    const std::string empty = l.list("empty.csv", "\n\n");
    const std::string msg =
        error_of([&] { l.run(std::vector<std::string>{good, empty}); }, Exit::data);
    CHECK(contains(msg, "empty file"));
    CHECK(contains(msg, empty));
  }
  SUBCASE("a header without a name column") {
    const std::string bad = l.list("bad.csv", "Tên bố,Ngày tiếp nhận\nA,05/01/2026\n");
    const std::string msg =
        error_of([&] { l.run(std::vector<std::string>{good, bad}); }, Exit::data);
    CHECK(msg.starts_with(bad + ":1: "));
  }
  SUBCASE("two columns for the name") {
    const std::string bad = l.list("bad.csv", "\n\nHọ tên,Họ và tên\nA,B\n");
    const std::string msg =
        error_of([&] { l.run(std::vector<std::string>{good, bad}); }, Exit::data);
    CHECK(msg.starts_with(bad + ":3: "));  // the header's own line
  }
  CHECK(l.count("case_file") == 0);
  CHECK(l.count("audit") == 0);
}

TEST_CASE("importer: a profile mapping to a code no list knows stops the import") {
  Library l;
  write_file(l.dir.file("p.toml"), "[values.intake_channel]\n\"Công an đưa về\" = \"rescud\"\n");
  ImportOptions opts;
  opts.profile = load_profile(l.dir.file("p.toml"));
  const std::string file = l.list("ds.csv", "Họ và tên,Ngày tiếp nhận,Hình thức\n"
                                            "Lò Thị Mai,05/01/2026,Công an đưa về\n"
                                            "Lý Thị Sâm,20/02/2026,Tự về\n");
  const std::string msg = error_of([&] { l.run(file, opts); }, Exit::config);
  CHECK(msg.starts_with(l.dir.file("p.toml") + ":2:"));
  CHECK(l.count("case_file") == 0);
  CHECK(l.count("audit") == 0);
}

TEST_CASE("importer: a header-only list imports nothing, and says so") {
  Library l;
  const ImportReport r =
      l.run(l.list("h.csv", "Họ và tên,Ngày tiếp nhận,Hình thức tiếp nhận\r\n"));
  CHECK(r.committed);
  CHECK(r.files[0].rows == 0);
  CHECK(r.files[0].created == 0);
  CHECK(l.count("audit") == 1);
}

TEST_CASE("importer: a profile's header row skips the title rows above it") {
  Library l;
  const std::string file = l.list("ds.csv",
                                  "DANH SÁCH NGƯỜI TRỞ VỀ,,\n"
                                  "Quý 1/2026,,\n"
                                  "Họ và tên,Ngày tiếp nhận,Hình thức\n"
                                  "Lò Thị Mai,05/01/2026,Tự về\n");
  error_of([&] { l.run(file); }, Exit::data);  // the title is taken for the header
  ImportOptions opts;
  opts.profile.header_row = 3;
  const ImportReport r = l.run(file, opts);
  CHECK(r.committed);
  CHECK(r.files[0].rows == 1);
  CHECK(l.load(1)["person"]["full_name"] == "Lò Thị Mai");
}

TEST_CASE("importer: a big list reports progress and is one id range in the audit") {
  Library l;
  std::string text = "Họ và tên,Ngày tiếp nhận,Hình thức tiếp nhận\n";
  for (int i = 1; i <= 4100; ++i) text += fmt::format("Người số {},05/01/2026,Tự về\n", i);
  ImportOptions opts;
  std::vector<long> progress;
  double fraction = -1;
  opts.progress = [&](const std::string&, long rows, double f) {
    progress.push_back(rows);
    fraction = f;
  };
  const ImportReport r = l.run(l.list("big.csv", text), opts);
  CHECK(r.files[0].created == 4100);
  CHECK(progress == std::vector<long>{4096});
  // 4,096 of 4,100 rows (the header and rows of equal length, give or take a digit).
  CHECK(fraction > 0.98);
  CHECK(fraction < 1.0);
  CHECK(audit::log(*l.lib, {})[0].entity_ids == json::array({json{1, 4100}}));
}

TEST_CASE("importer: totals add up over files") {
  Library l;
  const ImportReport r = l.run(std::vector<std::string>{
      kLists + "cong_an_2026.csv", l.list("two.csv", kTwoRows)});
  REQUIRE(r.files.size() == 2);
  CHECK(r.total(&FileReport::created) == 6);
  CHECK(r.total(&FileReport::rows) == 6);
  CHECK(r.total(&FileReport::rejected) == 0);
  CHECK(audit::log(*l.lib, {})[0].detail["files"].size() == 2);
}

// Two rows of one list with the same identity (name, birth, intake date, agency) are one
// intake written twice: the second is a problem, never a silent update of the first.
// Into an empty library the importer answers most look-ups from filters of what it wrote and
// builds two case indexes at the end (importer.cpp, FreshLibrary): the same duplicates are found
// as into a library that already held a row, and the indexes are there afterwards, or still
// there after a dry run or a refused import.
TEST_CASE("importer: an empty library: the same duplicates, and its indexes kept") {
  const std::string list =
      "Họ và tên,Năm sinh,Số CCCD,Nơi cư trú,Ngày tiếp nhận,Hình thức tiếp nhận\n"
      "Nguyễn Thị Hường,1996,038196001234,\"Xã Quảng Phú, tỉnh Thanh Hóa\",20/05/2026,Tự trở về\n"
      "Nguyen T. Huong,1995,038196001234,,01/06/2026,Được giải cứu\n"
      "NGUYỄN THỊ HƯỜNG,1996,,\"Quảng Xương, Thanh Hoá\",02/06/2026,Giải cứu\n"
      "Nguyễn Thị Hường,1996,,\"Xã Tân Tiến, tỉnh Lạng Sơn\",03/06/2026,Giải cứu\n"
      "Lò Văn Páo,1990,,\"Xã Tân Tiến, tỉnh Lạng Sơn\",04/06/2026,Giải cứu\n"
      "Lo Van Pao,1990,,\"Lạng Sơn\",05/06/2026,Giải cứu\n"
      // No province in the residence: the same person only by the residence as written.
      "Lò Văn Páo,1990,,\"Thôn Nậm Chày\",06/06/2026,Giải cứu\n"
      "Lo Van Pao,1990,,\"thôn  Nậm Chày\",07/06/2026,Tự trở về\n";
  const std::string indexes =
      "SELECT group_concat(name || ':' || sql, ';') FROM (SELECT name, sql FROM sqlite_schema "
      "WHERE type = 'index' AND tbl_name = 'case_file' AND sql IS NOT NULL ORDER BY name)";
  auto index_sql = [&](Library& l) {
    db::Statement st(*l.lib, indexes);
    REQUIRE(st.step());
    return st.text(0);
  };
  Library empty;
  const std::string before = index_sql(empty);
  CHECK(contains(before, "case_person:"));
  CHECK(contains(before, "case_intake_date:"));

  ImportOptions dry;
  dry.dry_run = true;
  CHECK_FALSE(empty.run(empty.list("dry.csv", list), dry).committed);
  CHECK(index_sql(empty) == before);
  CHECK_FALSE(empty.run(empty.list("bad.csv", list + "Ai đó,1990,,,31/02/2026,Giải cứu\n")).committed);
  CHECK(index_sql(empty) == before);
  CHECK(empty.count("case_file") == 0);

  const ImportReport fresh = empty.run(empty.list("ds.csv", list));
  REQUIRE(fresh.committed);
  CHECK(index_sql(empty) == before);
  CHECK(query_int(*empty.lib, "SELECT count(*) FROM case_file INDEXED BY case_intake_date "
                              "WHERE intake_date >= '2026-06-01'") == 7);
  CHECK(query_int(*empty.lib, "SELECT count(*) FROM case_file INDEXED BY case_person "
                              "WHERE person_id > 0") == 8);

  // The same list into a library that held one unrelated row first: the same decisions.
  Library held;
  REQUIRE(held.run(held.list("other.csv", "Họ và tên,Ngày tiếp nhận,Hình thức tiếp nhận\n"
                                          "Người khác,01/01/2026,Tự trở về\n"))
              .committed);
  const ImportReport later = held.run(held.list("ds.csv", list));
  REQUIRE(later.committed);
  REQUIRE(fresh.duplicates.size() == later.duplicates.size());
  CHECK(fresh.duplicates.size() == 4);
  CHECK(fresh.duplicates.back().line == 9);  // Thôn Nậm Chày twice, without a province
  for (size_t i = 0; i < fresh.duplicates.size(); ++i) {
    CAPTURE(i);
    CHECK(fresh.duplicates[i].line == later.duplicates[i].line);
    CHECK(fresh.duplicates[i].reason == later.duplicates[i].reason);
    CHECK(fresh.duplicates[i].person_id + 1 == later.duplicates[i].person_id);
  }
  CHECK(empty.count("person") == 4);
  CHECK(held.count("person") == 5);
  // A repeated row identity in an empty library is still refused.
  Library again;
  const ImportReport twice =
      again.run(again.list("twice.csv", list + list.substr(list.find('\n') + 1)));
  CHECK_FALSE(twice.committed);
  REQUIRE(twice.problems.size() == 8);
  for (size_t i = 0; i < 8; ++i) {
    CHECK(twice.problems[i].line == static_cast<long>(i) + 10);
    CHECK(contains(twice.problems[i].message, "earlier row"));
  }
}

TEST_CASE("importer: a list with one person twice on the same day reports the second row") {
  Library l;
  const std::string file = l.list("ds.csv",
                                  "Họ và tên,Năm sinh,Ngày tiếp nhận,Hình thức tiếp nhận,Ghi chú\n"
                                  "Nguyễn Thị Hường,1996,20/05/2026,Tự trở về,lần 1\n"
                                  "Nguyễn Thị Hường,1996,20/05/2026,Tự trở về,lần 2\n");
  const ImportReport refused = l.run(file);
  CHECK_FALSE(refused.committed);
  REQUIRE(refused.problems.size() == 1);
  CHECK(refused.problems[0].line == 3);
  CHECK(contains(refused.problems[0].message, "earlier row"));
  CHECK_FALSE(contains(refused.problems[0].message, "case #"));  // none was kept to name
  CHECK(l.count("case_file") == 0);

  ImportOptions opts;
  opts.skip_invalid = true;
  const ImportReport first = l.run(file, opts);
  CHECK(first.files[0].created == 1);
  CHECK(first.files[0].rejected == 1);
  REQUIRE(first.problems.size() == 1);
  CHECK(contains(first.problems[0].message, "(case #1)"));  // kept: named
  // Re-importing is stable: the first row is unchanged, the second still reported.
  for (int round = 0; round < 2; ++round) {
    const ImportReport again = l.run(file, opts);
    CHECK(again.files[0].unchanged == 1);
    CHECK(again.files[0].updated == 0);
    CHECK(again.files[0].rejected == 1);
  }
  CHECK(l.count("case_file") == 1);
}

// One --rejects path names one file: with several lists each gets its own FILE.rejects.csv.
TEST_CASE("importer: one rejects path for several lists is refused before anything is written") {
  Library l;
  const std::string a = l.list("a.csv", "Họ và tên,Giới tính,Ngày tiếp nhận,Hình thức\n"
                                        "Lò Thị Mai,X,05/01/2026,Tự về\n"
                                        "Lý Thị Sâm,Nữ,20/02/2026,Tự về\n");
  const std::string b = l.list("b.csv", "Họ và tên,Giới tính,Ngày tiếp nhận,Hình thức\n"
                                        "Bàn Văn Chiến,Y,03/02/2026,Tự về\n");
  ImportOptions opts;
  opts.skip_invalid = true;
  opts.rejects_path = l.dir.file("sai.csv");
  error_of([&] { l.run(std::vector<std::string>{a, b}, opts); }, Exit::usage);
  CHECK(l.count("case_file") == 0);
  CHECK_FALSE(fs::exists(opts.rejects_path));
}

// A long list can have as many problems and probable duplicates as rows: the command has them
// handed over as they are found, and the report keeps only how many.
TEST_CASE("importer: problems and duplicates handed over as found are counted, not kept") {
  Library l;
  const std::string header = "Họ và tên,Năm sinh,Số CCCD,Ngày tiếp nhận,Hình thức tiếp nhận\n";
  REQUIRE(l.run(l.list("a.csv", header + "Nguyễn Thị Hường,1996,038196001234,20/05/2026,Tự về\n"))
              .committed);
  const std::string file = l.list("b.csv", header +
                                               "Nguyen T. Huong,1995,038196001234,01/06/2026,Tự về\n"
                                               "Bàn Văn Chiến,1990,12,03/02/2026,Tự về\n"
                                               "Hường Nguyễn,1996,038196001234,02/06/2026,X\n");
  std::vector<RowProblem> problems;
  std::vector<DuplicateNote> duplicates;
  ImportOptions opts;
  opts.on_problem = [&](const RowProblem& p) { problems.push_back(p); };
  opts.on_duplicate_note = [&](const DuplicateNote& d) { duplicates.push_back(d); };

  SUBCASE("all or nothing: the count of problems refuses the import") {
    const ImportReport r = l.run(file, opts);
    CHECK_FALSE(r.committed);
    CHECK(r.problems.empty());
    CHECK(r.duplicates.empty());
    CHECK(r.problems_found == 2);
    CHECK(r.duplicates_found == 1);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].line == 3);
    CHECK(problems[0].column == "Số CCCD");
    CHECK(problems[1].line == 4);
    CHECK(problems[1].column == "Hình thức tiếp nhận");
    REQUIRE(duplicates.size() == 1);
    CHECK(duplicates[0].line == 2);
    CHECK(duplicates[0].person_id == 1);
    CHECK(duplicates[0].decision == "linked");
    CHECK(l.count("case_file") == 1);
  }
  SUBCASE("skip_invalid: the audit entry counts the duplicates handed over") {
    opts.skip_invalid = true;
    const ImportReport r = l.run(file, opts);
    CHECK(r.committed);
    CHECK(r.problems_found == 2);
    CHECK(r.duplicates_found == 1);
    CHECK(problems.size() == 2);
    CHECK(duplicates.size() == 1);
    CHECK(audit::log(*l.lib, {}).back().detail["duplicates"] == 1);
    CHECK(l.count("case_file") == 2);
  }
  SUBCASE("without the callbacks the report keeps them, and counts them too") {
    const ImportReport r = l.run(file);
    CHECK(r.problems.size() == 2);
    CHECK(r.duplicates.size() == 1);
    CHECK(r.problems_found == 2);
    CHECK(r.duplicates_found == 1);
    CHECK(problems.empty());
  }
}
