// SPDX-License-Identifier: MIT
#include "workflow_import.h"

#include <charconv>
#include <cstring>
#include <map>
#include <memory>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "agency.h"
#include "codes.h"
#include "error.h"
#include "i18n.h"
#include "money.h"
#include "support.h"
#include "io/csv_writer.h"
#include "io/protected_files.h"
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

// Text compared as a clerk would: accents, case and spacing aside.
bool same_text(const std::string& a, const std::string& b) { return text::fold(a) == text::fold(b); }

// Every member of `want` is in `have` (text compared folded, objects member by member).
bool has_all(const json& have, const json& want) {
  if (want.is_object()) {
    if (!have.is_object()) return false;
    for (const auto& [key, value] : want.items())
      if (!have.contains(key) || !has_all(have[key], value)) return false;
    return true;
  }
  if (want.is_string() && have.is_string()) return same_text(have.get<std::string>(), want.get<std::string>());
  return have == want;
}

// What the library held before this import: a step it had is "already recorded"; one an
// earlier row of the same form recorded is not (two rows alike but for the officer or a blank
// cell are refused by the rules, or recorded, as typed one after the other).
struct Before {
  int64_t event = 0, support = 0;  // the largest ids then
};

// The agency a row names is the recorded one: by its id, through merges (agency merge moves
// the records to the agency kept, and the old name still finds it).
bool same_agency(db::Database& db, const std::optional<int64_t>& stored, const std::string& name) {
  const auto named = agency::find(db, name);
  return stored && named && agency::current(db, *stored) == *named;
}

// The step a form row gives is already in the library: case `case_id` has a `kind` event on
// `date`, by `agency` (when given), whose detail holds `want`. A form read again, or a step
// first typed with the single command, is then counted, not refused or recorded twice.
bool has_event(db::Database& db, const Before& before, int64_t case_id, const char* kind, const text::Date& date,
               const std::optional<std::string>& agency, const json& want) {
  db::Statement st(db, "SELECT agency_id, detail FROM case_event "
                       "WHERE case_id = ? AND kind = ? AND event_date = ? AND id <= ?");
  st.bind(1, case_id).bind(2, kind).bind(3, date.iso()).bind(4, before.event);
  while (st.step()) {
    if (agency && !same_agency(db, st.opt_int64(0), *agency)) continue;
    if (has_all(json::parse(st.opt_text(1).value_or("{}")), want)) return true;
  }
  return false;
}

// Records the step of a verification form's row; false when it is already recorded.
bool verify_row(db::Database& db, const audit::Context& ctx, const Before& before, const Cells& c) {
  const int step = one_of(c["step"], {{"start", "bắt đầu xác minh", "bắt đầu"},
                                      {"decide", "quyết định"},
                                      {"correct", "sửa quyết định", "sửa"},
                                      {"protect", "bảo vệ", "biện pháp bảo vệ"}});
  if (step < 0)
    bad(fmt::format(fmt::runtime(tr("bước '{}' không hợp lệ (bắt đầu xác minh, quyết định, sửa quyết định, bảo vệ)",
                                    "step '{}' is not start, decide, correct or protect")),
                    c["step"]));
  const StepInput in = step_input(c);
  const auto recorded = [&](const char* kind, const json& want) {
    return has_event(db, before, in.case_id, kind, in.date, in.agency, want);
  };
  switch (step) {
    case 0:
      if (recorded("verify_start", json::object())) return false;
      start_verification(db, ctx, in);
      return true;
    case 1:
    case 2: {
      const bool is_victim = victim(c);
      const auto cert = certificate(c);
      json want{{"result", is_victim ? "victim" : "not_victim"}};
      if (cert) want["certificate"] = {{"number", cert->number}};
      if (step == 2) want["reason"] = c["reason"];
      if (recorded(step == 1 ? "verify_decide" : "verify_correct", want)) return false;
      if (step == 1) decide(db, ctx, in, is_victim, cert, c.opt("basis"));
      else correct(db, ctx, in, is_victim, cert, c["reason"]);
      return true;
    }
    default: {
      std::optional<text::Date> until;
      if (!c["until"].empty()) until = date(c, "until", "đến ngày", "until");
      if (const auto measure = CodeLists(db).find("protection_measure", c["measure"])) {
        json want{{"measure", *measure},
                  {"for", c["relative"].empty() ? json("victim") : json{{"relative", c["relative"]}}}};
        if (until) want["until"] = until->iso();
        if (recorded("protect", want)) return false;
      }
      protect(db, ctx, in, c["measure"], until, c.opt("relative"));
      return true;
    }
  }
}

// The referral an answer row is about: its number, or, with the number left blank, one of the
// case's referrals to the row's receiver (Nơi nhận), so a form that sends and answers in one go
// need not guess the number its send will get: the one this answer is already recorded for (the
// form read again), else the latest sent by the answer's date. A number with a receiver must
// agree with it: a number guessed wrong is refused, not used to answer another referral.
int64_t answered_referral(db::Database& db, const Before& before, const Cells& c, const std::optional<int64_t>& of_case,
                          const char* kind, const text::Date& on) {
  const bool to_given = !text::clean(c["to"]).empty();
  if (text::clean(c["referral"]).empty()) {
    if (!of_case || !to_given)
      bad(tr("số chuyển tuyến: trống; một trả lời cần số chuyển tuyến, hoặc hồ sơ và nơi nhận",
             "referral: empty; an answer needs the referral's number, or the case and the receiver"));
    db::Statement st(db, "SELECT id, to_agency_id, sent_date FROM referral WHERE case_id = ? ORDER BY id DESC");
    st.bind(1, *of_case);
    std::optional<int64_t> latest;
    while (st.step()) {
      if (!same_agency(db, st.int64(1), c["to"])) continue;
      const int64_t id = st.int64(0);
      if (has_event(db, before, *of_case, kind, on, std::nullopt, {{"referral", id}})) return id;
      if (!latest && st.text(2) <= on.iso()) latest = id;
    }
    if (latest) return *latest;
    bad(fmt::format(fmt::runtime(tr("hồ sơ #{} không có việc chuyển tuyến nào đến '{}' gửi đến ngày {}",
                                    "case #{} has no referral to '{}' sent by {}")),
                    *of_case, c["to"], on.display()));
  }
  const int64_t referral = number(c, "referral", "số chuyển tuyến", "referral");
  if (to_given) {
    db::Statement st(db, "SELECT r.to_agency_id, a.name FROM referral r JOIN agency a ON a.id = r.to_agency_id "
                         "WHERE r.id = ?");
    st.bind(1, referral);
    if (st.step() && !same_agency(db, st.int64(0), c["to"]))
      bad(fmt::format(fmt::runtime(tr("việc chuyển tuyến #{} là đến '{}', không phải '{}'",
                                      "referral #{} went to '{}', not '{}'")),
                      referral, st.text(1), c["to"]));
  }
  return referral;
}

// Records the step of a referral form's row; false when it is already recorded.
bool refer_row(db::Database& db, const audit::Context& ctx, const Before& before, const Cells& c) {
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
    // Yes, no or blank: "chưa rõ" (not known) or "?" is no answer to take as "no escort".
    const int answer = one_of(c["escort"], {{"1", "x", "có", "yes", "y", "true"}, {"0", "không", "no", "n", "false"}});
    if (answer < 0 && !c["escort"].empty())
      bad(fmt::format(fmt::runtime(tr("người đi kèm '{}' không hợp lệ (có: x, có, 1; không: để trống, không, 0)",
                                      "escort '{}' is not valid (yes: x, có, 1; no: blank, không, 0)")),
                      c["escort"]));
    const bool escort = answer == 0;
    if (escort && !text::clean(c["force"]).empty())  // as `refer send --escort --force` is refused
      bad(tr("có người đi kèm và cả lý do không có người đi kèm: chỉ ghi một trong hai",
             "an escort and a reason for going without one: give only one of the two"));
    const StepInput in = step_input(c);
    if (has_event(db, before, in.case_id, "refer_send", in.date, in.agency, {{"to", c["to"]}, {"reason", c["reason"]}}))
      return false;
    refer(db, ctx, in, {c["to"], c["reason"], escort, c.opt("force")});
    return true;
  }
  static const ReferralAction actions[] = {ReferralAction::accept, ReferralAction::decline,
                                           ReferralAction::complete, ReferralAction::revoke};
  static const char* const kinds[] = {"refer_accept", "refer_decline", "refer_complete", "refer_revoke"};
  // The case column may be left empty on an answer; when it is filled, it must be the referral's.
  std::optional<int64_t> of_case;
  if (!text::clean(c["case"]).empty()) of_case = number(c, "case", "hồ sơ", "case");
  const text::Date on = date(c, "date", "ngày", "date");
  const int64_t referral = answered_referral(db, before, c, of_case, kinds[action - 1], on);
  db::Statement owner(db, "SELECT case_id FROM referral WHERE id = ?");
  owner.bind(1, referral);
  // (An answer names its referral: the agency column may be blank. A referral of another case
  // than the row's is left to answer_referral to refuse.)
  if (owner.step() && (!of_case || *of_case == owner.int64(0)) &&
      has_event(db, before, owner.int64(0), kinds[action - 1], on, std::nullopt, {{"referral", referral}}))
    return false;
  answer_referral(db, ctx, referral, actions[action - 1], on, c.opt("note"), c.opt("officer"), of_case);
  return true;
}

// Records the support of a list's row; false when it is already recorded.
bool support_row(db::Database& db, const audit::Context& ctx, const Before& before, const rules::RuleBook& book,
                 const CodeLists& codes, const Cells& c) {
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
  // The same support already recorded (whatever became of it since: approved, paid, cancelled).
  db::Statement st(db, "SELECT s.agency_id, s.reason FROM support s "
                       "WHERE s.case_id = ?1 AND s.kind = ?2 AND s.support_date = ?3 AND s.person_id = "
                       "coalesce(?4, (SELECT person_id FROM case_file WHERE id = ?1)) AND (?5 IS NULL OR "
                       "s.quantity = ?5) AND (?6 IS NULL OR s.amount_vnd = ?6) AND s.id <= ?7");
  st.bind(1, in.case_id).bind(2, in.kind).bind(3, in.date.iso()).bind(4, in.person_id).bind(5, in.days).bind(6, in.amount);
  st.bind(7, before.support);
  while (st.step())
    if (same_agency(db, st.opt_int64(0), in.agency) &&
        same_text(st.opt_text(1).value_or(""), in.reason.value_or("")))  // two costs of a day differ by what they paid
      return false;
  try {
    support::add(db, ctx, book, in);
  } catch (const Error& e) {
    // The refusals name the options of `support add`; a form's row has columns instead.
    struct Column {
      const char* flag;
      const char* vi;
      const char* en;
    };
    static const Column kColumns[] = {
        {"--amount VND", "cột Số tiền", "the column Số tiền (amount)"},
        {"--amount", "cột Số tiền", "the column Số tiền (amount)"},
        {"--days N", "cột Số ngày", "the column Số ngày (days)"},
        {"--days", "cột Số ngày", "the column Số ngày (days)"},
        {"--override LÝ_DO", "cột Lý do vượt quy định", "the column Lý do vượt quy định (override)"},
        {"--override REASON", "cột Lý do vượt quy định", "the column Lý do vượt quy định (override)"},
        {"--override", "cột Lý do vượt quy định", "the column Lý do vượt quy định (override)"},
        {"--reason", "cột Lý do", "the column Lý do (reason)"}};
    std::string message = e.what();
    for (const auto& c : kColumns) {
      const std::string to = tr(c.vi, c.en);
      for (size_t at = 0; (at = message.find(c.flag, at)) != std::string::npos; at += to.size())
        message.replace(at, std::strlen(c.flag), to);
    }
    throw Error(e.code(), message);
  }
  return true;
}

}  // namespace

std::vector<std::pair<std::string, std::vector<std::string>>> form_columns(Form form) { return columns(form); }

BatchReport import_steps(db::Database& db, const audit::Context& ctx, Form form,
                         const std::string& file, const BatchOptions& opts) {
  BatchReport report;
  report.file = file;
  const io::ProtectedFiles input({file}, io::Protected::input);  // not a --rejects target
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
    // Two columns for one field: which one holds the date, or the receiver, is not guessed.
    for (size_t j = 0; j < i; ++j)
      if (field_of[j] == field_of[i])
        throw Error(Exit::data, fmt::format(fmt::runtime(tr("{}:{}: cột {} '{}' và cột {} '{}' là cùng một cột của biểu "
                                                            "mẫu: bỏ hoặc đổi tên một cột",
                                                            "{}:{}: columns {} '{}' and {} '{}' are the same column of "
                                                            "the form: remove or rename one")),
                                            file, row.line, j + 1, header[j], i + 1, header[i]));
  }

  if (form == Form::support && !opts.rules)
    throw Error(Exit::software, "import_steps: a support form needs the rules");
  std::unique_ptr<CodeLists> codes;
  if (form == Form::support) codes = std::make_unique<CodeLists>(db);
  db::Transaction tx(db);
  io::RejectsFile rejects(opts.rejects_path.empty() ? file + ".rejects.csv" : opts.rejects_path, header);
  std::unordered_map<std::string, long> seen;  // each row's cells, folded → its line
  Before before;
  {
    db::Statement st(db, "SELECT (SELECT coalesce(max(id), 0) FROM case_event), (SELECT coalesce(max(id), 0) FROM support)");
    if (st.step()) before = {st.int64(0), st.int64(1)};
  }
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
      // A row written twice in one form is one step, or a copying slip: refused, not guessed.
      std::string content;
      for (const auto& [field, value] : c.by_field) content += field + '\x1f' + text::fold(value) + '\x1e';
      if (const auto [it, first] = seen.emplace(std::move(content), row.line); !first)
        bad(fmt::format(fmt::runtime(tr("giống hệt dòng {}: bỏ một trong hai dòng", "the same as line {}: remove one of them")),
                        it->second));
      const bool recorded = form == Form::verify  ? verify_row(db, ctx, before, c)
                            : form == Form::refer ? refer_row(db, ctx, before, c)
                                                  : support_row(db, ctx, before, *opts.rules, *codes, c);
      ++(recorded ? report.recorded : report.already);
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
