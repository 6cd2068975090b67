// SPDX-License-Identifier: MIT
// hotro audit verify | log: check the hash chain of the audit trail, and read it.
#include <iostream>
#include <regex>

#include <fmt/format.h>

#include "audit.h"
#include "changes.h"
#include "common.h"
#include "error.h"
#include "i18n.h"
#include "text/dates.h"

namespace hotro::cmd {

namespace {

struct LogOptions {
  std::string since, until, actor, command;
  int64_t case_id = 0, limit = 0;
  bool json = false;
};

void run_verify(const Global& g, bool as_json) {
  auto db = g.open_read();
  auto r = audit::verify(*db);
  // The field changes of `hotro edit` and `units remap` are checked against their entries' hashes.
  for (auto& p : changes::verify(*db)) r.problems.push_back(std::move(p));
  if (as_json) {
    json j{{"entries", r.entries}, {"head", r.head}, {"seals", r.seals}, {"ok", r.problems.empty()},
           {"problems", json::array()}};
    for (const auto& p : r.problems) j["problems"].push_back({{"id", p.id}, {"message", p.message}});
    print_json(j);
  } else {
    for (const auto& p : r.problems)
      std::cout << (p.id ? fmt::format(fmt::runtime(g.tr("mục nhật ký #{}: {}\n", "audit entry #{}: {}\n")),
                                       p.id, p.message)
                         : p.message + "\n");
    if (!g.quiet && r.problems.empty())
      std::cout << fmt::format(fmt::runtime(g.tr("Nhật ký nguyên vẹn: {} mục, mã cuối {}; dữ liệu "
                                                 "khớp niêm phong ({} lần ghi)\n",
                                                 "Audit trail intact: {} entries, head {}; the data "
                                                 "matches its seal ({} writes)\n")),
                               r.entries, r.head, r.seals);
  }
  // Which part was changed: the chain of entries, or only the data (or its seals) behind it.
  const size_t chain = r.chain_problems, data = r.problems.size() - r.chain_problems;
  const std::string chain_words = fmt::format(fmt::runtime(tr_n(chain, "nhật ký kiểm toán đã bị sửa hoặc xoá ({} chỗ)",
                                                                "the audit trail was altered ({} problem)",
                                                                "the audit trail was altered ({} problems)")),
                                              chain);
  const std::string data_words = fmt::format(fmt::runtime(tr_n(data, "dữ liệu hoặc niêm phong đã bị sửa ngoài hotro ({} chỗ)",
                                                               "the data or its seals were changed outside hotro ({} problem)",
                                                               "the data or its seals were changed outside hotro ({} problems)")),
                                             data);
  if (chain && data) throw Error(Exit::found, fmt::format("{}; {}", chain_words, data_words));
  if (chain) throw Error(Exit::found, chain_words);
  if (data)
    throw Error(Exit::found, data_words + tr("; chuỗi các mục nhật ký vẫn nguyên vẹn (hotro audit seal --reason nếu việc "
                                             "ghi đó là đúng)",
                                             "; the chain of audit entries is intact (hotro audit seal --reason if that "
                                             "write was right)"));
}

// --since and --until take a date (yyyy-mm-dd) or a UTC time (yyyy-mm-ddThh:mm[:ss][Z]).
// The trail's times are compared as text; they are matched as prefixes, so a final 'Z' goes.
std::optional<std::string> time_prefix(const char* option, const std::string& value) {
  static const std::regex form(R"(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?)");
  if (value.empty()) return std::nullopt;
  if (!std::regex_match(value, form))
    throw Error(Exit::usage, fmt::format(fmt::runtime(tr("{} '{}': cần dạng yyyy-mm-dd hoặc "
                                                         "yyyy-mm-ddThh:mm:ssZ",
                                                         "{} '{}': expected yyyy-mm-dd or "
                                                         "yyyy-mm-ddThh:mm:ssZ")),
                                         option, value));
  // The form is right; the date and time must also exist (not 2026-13-45 or 2026-02-30).
  const auto two = [&](size_t at) { return (value[at] - '0') * 10 + (value[at + 1] - '0'); };
  const auto date = text::from_iso(value.substr(0, 10));
  if (!date || (value.size() >= 16 && (two(11) > 23 || two(14) > 59)) || (value.size() >= 19 && two(17) > 59))
    throw Error(Exit::usage, fmt::format(fmt::runtime(tr("{} '{}': không có ngày giờ này", "{} '{}': no such date or time")),
                                         option, value));
  return value.back() == 'Z' ? value.substr(0, value.size() - 1) : value;
}

// The Records column: "case 1-4". An import names the cases it created; those it updated
// have their own entries ("update") just before it, which the import's counts announce.
std::string records(const Global& g, const audit::LogRow& r, const std::string& ids) {
  int64_t updated = 0;
  if (r.action == "import" && r.before.is_null() && r.detail.is_object() && r.detail.contains("files"))
    for (const auto& f : r.detail["files"]) updated += f.value("updated", int64_t{0});
  std::string out = ids.empty() ? std::string() : r.entity + " " + ids;
  if (updated)
    out += fmt::format(fmt::runtime(ids.empty() ? g.tr("({} hồ sơ cập nhật: các mục update ở trên)",
                                                       "({} updated: see the update entries above)")
                                                : g.tr(" (và {} hồ sơ cập nhật)", " (and {} updated)")),
                       updated);
  if (out.empty())
    return r.entity == "case" ? g.tr("(không bản ghi nào thay đổi)", "(no record changed)") : r.entity;
  return out;
}

void run_log(const Global& g, const LogOptions& o) {
  audit::LogFilter f{time_prefix("--since", o.since), time_prefix("--until", o.until),
                     o.actor.empty() ? std::nullopt : std::optional<std::string>(clean_actor(o.actor)),
                     optional_text(o.command), std::nullopt, o.limit};
  auto db = g.open_read();
  if (o.case_id) f.case_id = o.case_id;
  auto rows = audit::log(*db, f);
  if (o.json) {
    json out = json::array();
    for (const auto& r : rows)
      out.push_back({{"id", r.id}, {"at", r.at}, {"actor", r.actor}, {"command", r.command},
                     {"action", r.action}, {"entity", r.entity}, {"entity_ids", r.entity_ids},
                     {"before", r.before}, {"after", r.after}, {"detail", r.detail},
                     {"prev_hash", r.prev_hash}, {"hash", r.hash}});
    print_json(out);
    return;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& r : rows) {
    std::string ids;
    for (const auto& range : r.entity_ids)
      ids += (ids.empty() ? "" : ",") +
             (range[0] == range[1] ? range[0].dump() : range[0].dump() + "-" + range[1].dump());
    table.push_back({std::to_string(r.id), text::display_time(r.at, true), r.actor, r.command, r.action, records(g, r, ids)});
  }
  print_table({"#", g.tr("Thời điểm (UTC)", "When (UTC)"), g.tr("Người thực hiện", "Actor"),
               g.tr("Lệnh", "Command"), g.tr("Thao tác", "Action"), g.tr("Đối tượng", "Records")},
              table);
}

void run_seal(const Global& g, const std::string& reason, bool dry_run) {
  auto db = g.open_write();
  const auto tables = audit::accept_state(*db, g.context("audit seal"), reason, dry_run);
  if (tables.empty()) {
    if (!g.quiet)
      std::cout << g.tr("Dữ liệu đã khớp niêm phong: không có gì để niêm phong lại.\n",
                        "The data already matches its seal: nothing to seal.\n");
    return;
  }
  std::string list;
  for (const auto& t : tables) list += (list.empty() ? "" : ", ") + t;
  if (dry_run)
    std::cout << fmt::format(fmt::runtime(g.tr("Các bảng khác với niêm phong: {}. Chạy thử (--dry-run): "
                                               "không ghi gì\n",
                                               "Tables that differ from the seal: {}. Dry run: "
                                               "nothing written\n")),
                             list);
  else if (!g.quiet)
    std::cout << fmt::format(fmt::runtime(g.tr("Đã niêm phong lại dữ liệu hiện có (các bảng: {}); "
                                               "đã ghi vào nhật ký\n",
                                               "Sealed the data as it stands (tables: {}); "
                                               "recorded in the audit trail\n")),
                             list);
}

}  // namespace

void register_audit(CLI::App& app, Global& g) {
  auto* a = app.add_subcommand("audit", "Read and verify the audit trail (nhật ký)");
  a->require_subcommand(1);

  auto as_json = std::make_shared<bool>(false);
  auto* v = a->add_subcommand("verify", "Check that no audit entry was edited or deleted "
                                         "(exit 1 if one was)");
  v->add_flag("--json", *as_json, "Print JSON");
  v->callback([&g, as_json] { run_verify(g, *as_json); });

  struct SealOptions {
    std::string reason;
    bool dry_run = false;
  };
  auto so = std::make_shared<SealOptions>();
  auto* s = a->add_subcommand("seal", "Accept rows written outside hotro on purpose (e.g. data "
                                       "brought over with SQL) as the data's new seal, audited");
  s->add_option("--reason", so->reason, "Why the data was written outside hotro")->required();
  s->add_flag("--dry-run", so->dry_run, "Only list the tables that differ from the seal");
  s->callback([&g, so] { run_seal(g, so->reason, so->dry_run); });

  auto lo = std::make_shared<LogOptions>();
  auto* l = a->add_subcommand("log", "Show the audit trail, oldest first");
  l->add_option("--since", lo->since, "From this date (yyyy-mm-dd) or time");
  l->add_option("--until", lo->until, "Up to this date (yyyy-mm-dd) or time, inclusive");
  l->add_option("--actor", lo->actor, "Only this actor");
  l->add_option("--command", lo->command, "Only this command, e.g. 'intake import' or 'intake'");
  l->add_option("--case", lo->case_id, "Only entries touching this case")->check(positive_number());
  l->add_option("--limit", lo->limit, "Only the last N entries (1 or more)")->check(positive_number());
  l->add_flag("--json", lo->json, "Print JSON");
  l->callback([&g, lo] { run_log(g, *lo); });
}

}  // namespace hotro::cmd
