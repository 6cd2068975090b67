// SPDX-License-Identifier: MIT
#include "workflow_import.h"

#include <charconv>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "error.h"
#include "codes.h"
#include "i18n.h"
#include "money.h"
#include "support.h"
#include "io/csv_writer.h"
#include "text/unicode.h"
#include "workflow.h"

namespace hotro::workflow {

namespace {

using Columns = std::vector<std::pair<std::string, std::vector<std::string>>>;

// field → header texts (matched folded: accents, case and punctuation ignored).
const Columns& columns(Form form) {
  static const Columns common = {
      {"case", {"case", "case id", "hồ sơ", "mã hồ sơ", "số hồ sơ"}},
      {"date", {"date", "ngày"}},
      {"agency", {"agency", "cơ quan", "đơn vị"}},
      {"officer", {"officer", "cán bộ"}},
  };
  static const Columns verify = [] {
    Columns c = common;
    c.insert(c.end(), {{"step", {"step", "bước", "việc"}},
                       {"result", {"result", "kết quả"}},
                       {"certificate", {"certificate", "số giấy xác nhận", "giấy xác nhận"}},
                       {"issued_by", {"issued by", "cơ quan cấp"}},
                       {"document", {"document", "loại giấy tờ"}},
                       {"certificate_date", {"certificate date", "ngày cấp"}},
                       {"basis", {"basis", "căn cứ"}},
                       {"reason", {"reason", "lý do"}},
                       {"measure", {"measure", "biện pháp", "biện pháp bảo vệ"}},
                       {"until", {"until", "đến ngày"}},
                       {"relative", {"relative", "người thân"}}});
    return c;
  }();
  static const Columns refer = [] {
    Columns c = common;
    c.insert(c.end(), {{"action", {"action", "thao tác", "việc"}},
                       {"referral", {"referral", "số chuyển tuyến", "chuyển tuyến"}},
                       {"to", {"to", "nơi nhận"}},
                       {"reason", {"reason", "lý do"}},
                       {"escort", {"escort", "người đi kèm", "có người đi kèm"}},
                       {"force", {"force", "lý do không có người đi kèm"}},
                       {"note", {"note", "ghi chú"}}});
    return c;
  }();
  static const Columns support = [] {
    Columns c = common;
    c.insert(c.end(), {{"kind", {"kind", "loại hỗ trợ", "chế độ", "chế độ hỗ trợ", "nội dung hỗ trợ"}},
                       {"days", {"days", "số ngày"}},
                       {"amount", {"amount", "số tiền", "thành tiền", "số tiền (đồng)"}},
                       {"reason", {"reason", "lý do", "nội dung chi"}},
                       {"person", {"person", "người", "mã người"}},
                       {"override", {"override", "lý do vượt quy định"}}});
    return c;
  }();
  return form == Form::verify ? verify : form == Form::refer ? refer : support;
}

const char* form_name(Form form) {
  return form == Form::verify ? "verify" : form == Form::refer ? "refer" : "support";
}

[[noreturn]] void bad(const std::string& what) { throw Error(Exit::data, what); }

// One row's cells by field; empty strings for absent cells.
struct Cells {
  std::map<std::string, std::string> by_field;
  const std::string& operator[](const std::string& f) const {
    static const std::string none;
    auto it = by_field.find(f);
    return it == by_field.end() ? none : it->second;
  }
  std::optional<std::string> opt(const std::string& f) const {
    const std::string& v = (*this)[f];
    if (v.empty()) return std::nullopt;
    return v;
  }
};

int64_t number(const Cells& c, const char* field, const char* vi, const char* en) {
  const std::string& v = c[field];
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size())
    bad(fmt::format(fmt::runtime(tr("{}: '{}' không phải là số", "{}: '{}' is not a number")), tr(vi, en), v));
  if (n < 1)
    bad(fmt::format(fmt::runtime(tr("{}: phải từ 1 trở lên, không phải {}", "{}: must be 1 or more, not {}")),
                    tr(vi, en), n));
  return n;
}

text::Date date(const Cells& c, const char* field, const char* vi, const char* en) {
  std::string why;
  const auto d = text::parse_date(c[field], &why);
  if (!d) bad(fmt::format("{}: {}", tr(vi, en), why));  // why: "no day 31 in 02/2026", ...
  if (d->year_only())
    bad(fmt::format(fmt::runtime(tr("{}: '{}' không phải là ngày đầy đủ", "{}: '{}' is not a full date")),
                    tr(vi, en), c[field]));
  return *d;
}

// The first of `names` that `value` folds to, as its index; -1 if none.
int one_of(const std::string& value, std::initializer_list<std::initializer_list<const char*>> names) {
  const std::string f = text::fold(value);
  int i = 0;
  for (const auto& group : names) {
    for (const char* n : group)
      if (f == text::fold(n)) return i;
    ++i;
  }
  return -1;
}

StepInput step_input(const Cells& c) {
  return {number(c, "case", "hồ sơ", "case"), date(c, "date", "ngày", "date"), c["agency"], c.opt("officer")};
}

std::optional<Certificate> certificate(const Cells& c) {
  if (c["certificate"].empty()) return std::nullopt;
  const bool own_date = !c["certificate_date"].empty();
  return Certificate{c["certificate"],
                     own_date ? date(c, "certificate_date", "ngày cấp", "certificate date")
                              : date(c, "date", "ngày", "date"),
                     c["issued_by"], c["document"]};
}

bool victim(const Cells& c) {
  const int r = one_of(c["result"], {{"victim", "là nạn nhân", "nạn nhân"},
                                     {"not-victim", "not victim", "không phải nạn nhân", "không phải là nạn nhân"}});
  if (r < 0)
    bad(fmt::format(fmt::runtime(tr("kết quả '{}' không hợp lệ (là nạn nhân / không phải nạn nhân)",
                                    "result '{}' is not victim or not-victim")),
                    c["result"]));
  return r == 0;
}

void verify_row(db::Database& db, const audit::Context& ctx, const Cells& c) {
  const int step = one_of(c["step"], {{"start", "bắt đầu xác minh", "bắt đầu"},
                                      {"decide", "quyết định"},
                                      {"correct", "sửa quyết định", "sửa"},
                                      {"protect", "bảo vệ", "biện pháp bảo vệ"}});
  switch (step) {
    case 0: start_verification(db, ctx, step_input(c)); return;
    case 1: decide(db, ctx, step_input(c), victim(c), certificate(c), c.opt("basis")); return;
    case 2: correct(db, ctx, step_input(c), victim(c), certificate(c), c["reason"]); return;
    case 3: {
      std::optional<text::Date> until;
      if (!c["until"].empty()) until = date(c, "until", "đến ngày", "until");
      protect(db, ctx, step_input(c), c["measure"], until, c.opt("relative"));
      return;
    }
  }
  bad(fmt::format(fmt::runtime(tr("bước '{}' không hợp lệ (bắt đầu xác minh, quyết định, sửa quyết định, bảo vệ)",
                                  "step '{}' is not start, decide, correct or protect")),
                  c["step"]));
}

void refer_row(db::Database& db, const audit::Context& ctx, const Cells& c) {
  const int action = one_of(c["action"], {{"send", "chuyển", "gửi", "chuyển tuyến"},
                                          {"accept", "chấp nhận", "tiếp nhận"},
                                          {"decline", "từ chối"},
                                          {"complete", "hoàn thành"},
                                          {"revoke", "thu hồi"}});
  if (action < 0)
    bad(fmt::format(fmt::runtime(tr("thao tác '{}' không hợp lệ (chuyển, chấp nhận, từ chối, hoàn thành, thu hồi)",
                                    "action '{}' is not send, accept, decline, complete or revoke")),
                    c["action"]));
  if (action == 0) {
    const bool escort = one_of(c["escort"], {{"1", "x", "có", "yes", "y", "true"}}) == 0;
    if (escort && !text::clean(c["force"]).empty())  // as `refer send --escort --force` is refused
      bad(tr("có người đi kèm và cả lý do không có người đi kèm: chỉ ghi một trong hai",
             "an escort and a reason for going without one: give only one of the two"));
    refer(db, ctx, step_input(c), {c["to"], c["reason"], escort, c.opt("force")});
    return;
  }
  static const ReferralAction actions[] = {ReferralAction::accept, ReferralAction::decline,
                                           ReferralAction::complete, ReferralAction::revoke};
  // The case column may be left empty on an answer; when it is filled, it must be the referral's.
  std::optional<int64_t> of_case;
  if (!text::clean(c["case"]).empty()) of_case = number(c, "case", "hồ sơ", "case");
  answer_referral(db, ctx, number(c, "referral", "số chuyển tuyến", "referral"), actions[action - 1],
                  date(c, "date", "ngày", "date"), c.opt("note"), c.opt("officer"), of_case);
}

void support_row(db::Database& db, const audit::Context& ctx, const rules::RuleBook& book, const CodeLists& codes,
                 const Cells& c) {
  support::AddInput in;
  in.case_id = number(c, "case", "hồ sơ", "case");
  const auto kind = codes.find("support_kind", c["kind"]);
  if (!kind)
    bad(fmt::format(fmt::runtime(tr("loại hỗ trợ '{}' không có (ví dụ: {})", "no support kind '{}' (for example: {})")),
                    c["kind"], codes.examples("support_kind", 5)));
  in.kind = *kind;
  in.date = date(c, "date", "ngày", "date");
  in.agency = c["agency"];
  in.officer = c.opt("officer");
  if (!c["person"].empty()) in.person_id = number(c, "person", "người", "person");
  if (!c["days"].empty()) in.days = number(c, "days", "số ngày", "days");
  if (!c["amount"].empty()) {
    in.amount = parse_vnd(c["amount"]);
    if (!in.amount)
      bad(fmt::format(fmt::runtime(tr("số tiền: '{}' không phải là số tiền (đồng)", "amount: '{}' is not an amount in VND")),
                      c["amount"]));
  }
  in.reason = c.opt("reason");
  in.override_reason = c.opt("override");
  support::add(db, ctx, book, in);
}

}  // namespace

std::vector<std::pair<std::string, std::vector<std::string>>> form_columns(Form form) { return columns(form); }

BatchReport import_steps(db::Database& db, const audit::Context& ctx, Form form,
                         const std::string& file, const BatchOptions& opts) {
  BatchReport report;
  report.file = file;
  auto reader = io::open_rows(file, opts.read);
  report.encoding = reader->encoding();
  io::Row row;
  while (reader->next(row) && std::all_of(row.cells.begin(), row.cells.end(),
                                          [](const std::string& s) { return text::clean(s).empty(); })) {
  }
  if (row.cells.empty())
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("{}: tệp trống, không có dòng tiêu đề",
                                                        "{}: empty file: no header row")),
                                        file));
  const std::vector<std::string> header = row.cells;
  const std::vector<size_t> unnamed = io::unnamed_columns(header);
  std::vector<std::string> field_of(header.size());
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string h = text::fold(header[i]);
    if (h.empty() || h == "stt" || io::is_rejects_column(header[i])) continue;
    for (const auto& [field, names] : columns(form))
      for (const auto& n : names)
        if (field_of[i].empty() && h == text::fold(n)) field_of[i] = field;
    if (field_of[i].empty())
      throw Error(Exit::data, fmt::format(fmt::runtime(tr("{}:{}: cột '{}' không dùng được cho biểu mẫu này (xem man hotro-{})",
                                                          "{}:{}: column '{}' is not one of this form's (see man hotro-{})")),
                                          file, row.line, header[i], form_name(form)));
  }

  if (form == Form::support && !opts.rules)
    throw Error(Exit::software, "import_steps: a support form needs the rules");
  std::unique_ptr<CodeLists> codes;
  if (form == Form::support) codes = std::make_unique<CodeLists>(db);
  db::Transaction tx(db);
  io::RejectsFile rejects(opts.rejects_path.empty() ? file + ".rejects.csv" : opts.rejects_path, header);
  while (reader->next(row)) {
    Cells c;
    bool blank = true;
    for (size_t i = 0; i < header.size() && i < row.cells.size(); ++i) {
      const std::string v = text::clean(row.cells[i]);
      if (!v.empty()) blank = false;
      if (!field_of[i].empty()) c.by_field[field_of[i]] = v;
    }
    if (blank) continue;
    ++report.rows;
    try {
      if (const auto stray = io::stray_cell(row.cells, header.size(), unnamed)) bad(stray->column + ": " + stray->message);
      if (form == Form::verify) verify_row(db, ctx, c);
      else if (form == Form::refer) refer_row(db, ctx, c);
      else support_row(db, ctx, *opts.rules, *codes, c);
      ++report.recorded;
      continue;
    } catch (const Error& e) {
      if (e.code() != Exit::data && e.code() != Exit::noinput && e.code() != Exit::usage) throw;
      report.problems.push_back({row.line, e.what()});
    }
    ++report.rejected;
    if (opts.skip_invalid && !opts.dry_run) rejects.add(row.cells, report.problems.back().message);
  }
  if (rejects.used()) report.rejects_file = rejects.path();
  if (opts.dry_run || (!report.problems.empty() && !opts.skip_invalid)) return report;
  tx.commit();
  report.committed = true;
  rejects.commit();
  return report;
}

}  // namespace hotro::workflow
