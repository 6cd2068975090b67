// SPDX-License-Identifier: MIT
#include "intake/importer.h"

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "cases.h"
#include "clock.h"
#include "codes.h"
#include "error.h"
#include "hash.h"
#include "i18n.h"
#include "intake/store.h"
#include "io/csv_writer.h"
#include "io/protected_files.h"
#include "text/unicode.h"

namespace hotro::intake {

namespace {

bool ascii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x80; });
}


bool blank_cells(const std::vector<std::string>& cells) {
  return std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return text::blank(c); });
}

bool blank_row(const io::Row& row) { return blank_cells(row.cells); }

// Touched ids as [first, last] ranges: an import of a million new cases is one range.
class IdRanges {
 public:
  void add(int64_t id) {
    if (!ranges_.empty() && ranges_.back().second + 1 == id)
      ranges_.back().second = id;
    else
      ranges_.emplace_back(id, id);
  }
  audit::json to_json() const {
    audit::json out = audit::json::array();
    for (auto [a, b] : ranges_) out.push_back({a, b});
    return out;
  }

 private:
  std::vector<std::pair<int64_t, int64_t>> ranges_;
};

const char* decision_name(OnDuplicate d) {
  switch (d) {
    case OnDuplicate::link: return "linked";
    case OnDuplicate::new_person: return "new";
    case OnDuplicate::skip: return "skipped";
  }
  return "";
}

// A set of 64-bit hashes that may answer "certainly absent" (Bloom filter, 4 probes, fixed
// size: 512 KiB, under 1% false positives up to 300,000 keys, about 14% at a million, never a
// false negative).
class HashFilter {
 public:
  void add(uint64_t h) {
    for (int i = 0; i < 4; ++i) {
      const uint64_t bit = probe(h, i);
      bits_[bit >> 6] |= uint64_t{1} << (bit & 63);
    }
  }
  bool maybe(uint64_t h) const {
    for (int i = 0; i < 4; ++i) {
      const uint64_t bit = probe(h, i);
      if (!(bits_[bit >> 6] & (uint64_t{1} << (bit & 63)))) return false;
    }
    return true;
  }

 private:
  static constexpr uint64_t kBits = uint64_t{1} << 22;
  static uint64_t probe(uint64_t h, int i) {
    const uint64_t step = (h >> 32 | h << 32) | 1;  // double hashing over the well-mixed input
    return (h + static_cast<uint64_t>(i) * step) & (kBits - 1);
  }
  std::vector<uint64_t> bits_ = std::vector<uint64_t>(kBits / 64);
};

// The persons an import has written, by a 32-bit fingerprint of each one's citizen ID hash and
// of its name-and-birth-year key (hash64 / RecordKeys::match_key): an exact index, kept in
// memory, of what the library's two person indexes would hold. A fingerprint may also name
// persons with another key; each one found is checked against the library. Open addressing in
// 2^21 slots of 8 bytes (16 MiB, taken from the system as they are first written: calloc);
// add() says false when `max_keys` are held, at most 90% of the slots.
class PersonKeys {
 public:
  explicit PersonKeys(size_t max_keys) : max_keys_(std::min(max_keys, kSlots / 10 * 9)) {
    if (!slots_) throw std::bad_alloc();
  }
  bool add(uint64_t hash, int64_t person_id) {
    if (person_id <= 0 || person_id > int64_t{UINT32_MAX} || count_ >= max_keys_) return false;
    size_t i = first_slot(hash);
    while (slots_.get()[i] != 0) i = (i + 1) & (kSlots - 1);
    slots_.get()[i] = (hash >> 32) << 32 | static_cast<uint64_t>(person_id);
    ++count_;
    return true;
  }
  /// Calls f(person_id) for each person added under a hash with the same fingerprint.
  template <typename F>
  void each(uint64_t hash, F f) const {
    const uint64_t fp = hash >> 32;
    for (size_t i = first_slot(hash);; i = (i + 1) & (kSlots - 1)) {
      const uint64_t slot = slots_.get()[i];
      if (slot == 0) return;
      if (slot >> 32 == fp) f(static_cast<int64_t>(slot & UINT32_MAX));
    }
  }

 private:
  static constexpr int kBits = 21;
  static constexpr size_t kSlots = size_t{1} << kBits;
  static size_t first_slot(uint64_t hash) { return static_cast<size_t>(hash >> (64 - kBits)); }
  size_t max_keys_;
  std::unique_ptr<uint64_t, decltype(&std::free)> slots_{
      static_cast<uint64_t*>(std::calloc(kSlots, sizeof(uint64_t))), &std::free};
  size_t count_ = 0;
};

// When the library holds no person and no case as the import starts, every probable duplicate
// and every repeated row identity is a row of this import. Then:
// - filters of what the import has written answer most row-identity look-ups ("certainly not
//   there") without searching the library;
// - the two case indexes no import look-up uses are dropped at the start and built again,
//   sorted, before the commit;
// - so are the two person indexes: until then the persons' keys are looked up in PersonKeys.
//   Should that fill up, the person indexes are built there and then, and the import goes on
//   with them (and with the filters, for the look-ups they can spare).
// Random inserts into indexes larger than the page cache would otherwise cost a page written
// and read back for most rows. A failed or dry run rolls back to the library as it was,
// indexes and all.
struct FreshLibrary {
  HashFilter row_keys, citizen_ids, match_keys;
  std::unique_ptr<PersonKeys> persons;  // until it fills up
  // Index name, its CREATE INDEX, its table: dropped, to build before the commit.
  struct Index {
    std::string name, sql, table;
  };
  std::vector<Index> deferred;

  static std::unique_ptr<FreshLibrary> open(db::Database& db, size_t person_keys) {
    {
      db::Statement empty(db, "SELECT NOT EXISTS (SELECT 1 FROM person) AND "
                              "NOT EXISTS (SELECT 1 FROM case_file)");
      if (!empty.step() || !empty.int64(0)) return nullptr;
    }  // (finalised: a statement still open would lock the table against DROP INDEX)
    auto fresh = std::make_unique<FreshLibrary>();
    fresh->persons = std::make_unique<PersonKeys>(person_keys);
    {
      db::Statement indexes(db, "SELECT name, sql, tbl_name FROM sqlite_schema WHERE "
                                "type = 'index' AND name IN ('case_person', 'case_intake_date', "
                                "'person_match', 'person_citizen_id') AND sql IS NOT NULL "
                                "ORDER BY name");
      while (indexes.step())
        fresh->deferred.push_back({indexes.text(0), indexes.text(1), indexes.text(2)});
    }
    for (const auto& index : fresh->deferred) db.exec("DROP INDEX \"" + index.name + "\"");
    {
      db::Statement size(db, "PRAGMA cache_size");
      if (size.step()) fresh->cache_size = size.int64(0);
    }
    fresh->set_cache_size(db);
    return fresh;
  }

  /// The lowest-numbered person of this import that `r` probably duplicates (what
  /// Store::find_duplicate answers with the person indexes).
  std::optional<Store::Duplicate> find_duplicate(Store& store, const Record& r, const RecordKeys& k) {
    if (!persons) return store.find_duplicate(r, k, seen_citizen_id(r), seen_name(k));
    std::optional<int64_t> first;
    auto lowest = [&](auto same) {
      return [&, same](int64_t id) {
        if ((!first || id < *first) && same(id)) first = id;
      };
    };
    if (r.citizen_id) {
      persons->each(hash64_u(*r.citizen_id),
                    lowest([&](int64_t id) { return store.same_citizen_id(id, r); }));
      if (first) return Store::Duplicate{*first, "citizen_id"};
    }
    if (k.match_key) {
      const uint32_t mine = residence_key(k.residence_folded, r.residence_province);
      persons->each(static_cast<uint64_t>(*k.match_key), lowest([&](int64_t id) {
                      return may_live_alike(id, mine) && store.same_name_birth_residence(id, r, k);
                    }));
    }
    if (first) return Store::Duplicate{*first, "name_birth_residence"};
    return std::nullopt;
  }

  void add_person(db::Database& db, int64_t person_id, const Record& r, const RecordKeys& k) {
    if (persons && person_id > 0 && static_cast<size_t>(person_id) < (size_t{1} << 31)) {
      if (residences.size() <= static_cast<size_t>(person_id)) residences.resize(static_cast<size_t>(person_id) + 1);
      residences[static_cast<size_t>(person_id)] = residence_key(k.residence_folded, r.residence_province);
    }
    bool kept = true;
    if (r.citizen_id) {
      const uint64_t h = hash64_u(*r.citizen_id);
      citizen_ids.add(h);
      if (persons) kept = persons->add(h, person_id);
    }
    if (k.match_key) {
      const auto h = static_cast<uint64_t>(*k.match_key);
      match_keys.add(h);
      if (persons && kept) kept = persons->add(h, person_id);
    }
    if (persons && !kept) person_keys_full(db);
  }

  // PersonKeys is full: the library's person indexes take over from here.
  void person_keys_full(db::Database& db) {
    persons.reset();
    residences = {};
    build_indexes(db, "person");
  }

  /// Builds the deferred indexes of `table`; all of them, once the rows are written, when no
  /// table is given (the look-ups are over then: PersonKeys goes first).
  void build_indexes(db::Database& db, const std::string& table = "") {
    if (table.empty()) persons.reset(), residences = {};
    auto mine = [&](const Index& i) { return table.empty() || i.table == table; };
    if (std::any_of(deferred.begin(), deferred.end(), mine)) {
      // CREATE INDEX sorts in memory up to the page cache's size, on top of the cache itself:
      // a smaller cache while it runs keeps the peak memory where the import left it. At the
      // end of the import the reader's core is idle: the sort may take it (when PersonKeys
      // fills up mid-import, it shares it with the reader).
      db.exec("PRAGMA cache_size = -2048");
      db.exec(fmt::format("PRAGMA threads = {}", std::min(std::thread::hardware_concurrency(), 4U)));
      for (const auto& index : deferred)
        if (mine(index)) db.exec(index.sql);
      db.exec("PRAGMA threads = 0");
      deferred.erase(std::remove_if(deferred.begin(), deferred.end(), mine), deferred.end());
    }
    set_cache_size(db);
  }

 private:
  // While PersonKeys holds up to 16 MiB, the page cache keeps 20 MiB instead of 32 (peak memory
  // under 64 MiB: bench/): with the person indexes deferred, the pages most in use are the
  // row-identity index's and the tables' last ones.
  static constexpr int64_t kCacheWithPersonKeysKiB = 20480;
  int64_t cache_size = -32768;  // the connection's own (PRAGMA cache_size), given back after
  void set_cache_size(db::Database& db) {
    db.exec(fmt::format("PRAGMA cache_size = {}", persons ? -kCacheWithPersonKeysKiB : cache_size));
  }

  static uint64_t hash64_u(const std::string& s) { return static_cast<uint64_t>(hash64(s)); }

  // What a person of this import has for the residence part of kSameNameBirthResidence
  // (store.cpp), in 32 bits: 1 (known), 23 bits of the folded residence's hash (0: none), and
  // the province code as a number (0: none; 255: not two digits, or 00). Persons with the same
  // name and birth year but different residences (the common names of a big list) are then
  // told apart without a query; a possible match is still asked of the library, so the answers
  // are the same. By person id; 0 for a person not known here. (No row of a fresh import
  // updates a person: every case in the library is one this run made, and a second row with
  // the same identity is refused as a clash.)
  std::vector<uint32_t> residences;
  static uint32_t residence_key(const std::optional<std::string>& folded, const std::optional<std::string>& province) {
    uint32_t where = 0;
    if (folded) where = std::max<uint32_t>(1, static_cast<uint32_t>(hash64_u(*folded) >> 41));
    uint32_t code = 0;
    if (province) {
      const std::string& p = *province;
      const bool digits = p.size() == 2 && p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9';
      code = digits ? static_cast<uint32_t>((p[0] - '0') * 10 + (p[1] - '0')) : 255;
      if (code == 0) code = 255;
    }
    return uint32_t{1} << 31 | where << 8 | code;
  }
  // False only when person `id` certainly differs from the row (`mine`) in both residence and
  // province, as the SQL would find.
  bool may_live_alike(int64_t id, uint32_t mine) const {
    const uint32_t theirs = static_cast<size_t>(id) < residences.size() ? residences[static_cast<size_t>(id)] : 0;
    if (!(theirs >> 31)) return true;
    const uint32_t where = (theirs >> 8) & 0x7FFFFF, code = theirs & 0xFF, my_code = mine & 0xFF;
    if (where != 0 && where == ((mine >> 8) & 0x7FFFFF)) return true;
    return code != 0 && my_code != 0 && (code == 255 || my_code == 255 || code == my_code);
  }

  bool seen_citizen_id(const Record& r) const {
    return r.citizen_id && citizen_ids.maybe(hash64_u(*r.citizen_id));
  }
  bool seen_name(const RecordKeys& k) const {
    return k.match_key && match_keys.maybe(static_cast<uint64_t>(*k.match_key));
  }
};

// One list row, read, validated and normalised off the main thread, with what its writes need.
struct ParsedRow {
  long line = 0;
  long number = 0;        // the row's number among the file's non-blank rows (fr.rows)
  double fraction = -1;   // how much of the file was read, when number is a multiple of 4096
  std::vector<std::string> cells;
  Record rec;
  Fields defaulted;       // the fields whose blank cell took the import's default
  std::vector<FieldError> errors;
  RecordKeys keys;        // when errors is empty
};

// Reads and parses a file's rows on a worker thread while the caller writes the rows before
// them: batches of rows go through a bounded queue, so memory stays flat whatever the file size,
// and they come out in file order. An exception on the worker (a malformed line) is thrown by
// next() after the rows before it. The destructor stops and joins the worker.
class RowPipeline {
 public:
  static constexpr size_t kBatchRows = 256, kBatches = 4;
  using Produce = std::function<bool(ParsedRow&)>;  // fills the next row; false at the end

  explicit RowPipeline(Produce produce) : produce_(std::move(produce)) {
    batches_.resize(kBatches);
    for (auto& b : batches_) {
      b.rows.resize(kBatchRows);
      free_.push_back(&b);
    }
    worker_ = std::thread([this] { work(); });
  }
  ~RowPipeline() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    worker_.join();
  }
  RowPipeline(const RowPipeline&) = delete;
  RowPipeline& operator=(const RowPipeline&) = delete;

  /// The next row in file order, or nullptr at the end. Valid until the next call.
  ParsedRow* next() {
    if (current_ && pos_ < current_->count) return &current_->rows[pos_++];
    std::unique_lock lock(mu_);
    if (current_) {
      free_.push_back(current_);
      current_ = nullptr;
      cv_.notify_all();
    }
    cv_.wait(lock, [&] { return !full_.empty() || done_; });
    if (full_.empty()) {
      if (error_) std::rethrow_exception(error_);
      return nullptr;
    }
    current_ = full_.front();
    full_.pop_front();
    pos_ = 0;
    return &current_->rows[pos_++];  // a batch in full_ holds at least one row
  }

 private:
  struct Batch {
    std::vector<ParsedRow> rows;
    size_t count = 0;
  };

  void work() {
    bool more = true;
    while (more) {
      Batch* b = nullptr;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return !free_.empty() || stop_; });
        if (stop_) return;
        b = free_.front();
        free_.pop_front();
      }
      b->count = 0;
      try {
        while (b->count < kBatchRows && (more = produce_(b->rows[b->count]))) ++b->count;
      } catch (...) {
        std::lock_guard lock(mu_);
        error_ = std::current_exception();
        more = false;
      }
      {
        std::lock_guard lock(mu_);
        if (b->count > 0) full_.push_back(b);
        else free_.push_back(b);
        if (!more) done_ = true;
      }
      cv_.notify_all();
    }
  }

  Produce produce_;
  std::vector<Batch> batches_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch*> free_, full_;
  bool stop_ = false, done_ = false;
  std::exception_ptr error_;
  Batch* current_ = nullptr;  // the batch next() hands out rows from (main thread only)
  size_t pos_ = 0;
  std::thread worker_;
};

// The file was read in a legacy encoding told from its words alone, not named by the user or
// the profile: a wrong guess garbles the accented letters.
bool legacy_guess(const std::string& requested, const std::string& read_as) {
  return requested == "auto" && (read_as == "CP1258" || read_as == "TCVN5712-1" || read_as == "VISCII");
}

// Everything one import run shares across its files.
struct Run {
  db::Database& db;
  const ImportOptions& opts;
  CodeLists codes;
  RecordParser parser;
  Store store;
  ImportReport report;
  // The cases this run created: a few ranges, as their ids are new and consecutive. The cases
  // it updated are named by their own audit entries.
  IdRanges created;
  const audit::Context& ctx;
  // Rejects files stay temporary until the import commits.
  std::vector<std::unique_ptr<io::RejectsFile>> rejects_files;
  // The cases rows of this run have matched (made, changed or unchanged), by case id: a
  // second row with the same identity in one run is a clash, not an update. One bit a case.
  std::vector<bool> matched;
  bool match(int64_t case_id) {  // false when an earlier row of this run matched the case
    if (static_cast<size_t>(case_id) >= matched.size()) matched.resize(case_id * 2 + 1024);
    if (matched[case_id]) return false;
    matched[case_id] = true;
    return true;
  }

  std::unique_ptr<FreshLibrary> fresh;  // set when the library was empty at the start
  int64_t first_new_case = 0;           // the id of the first case this run makes

  Run(db::Database& d, const audit::Context& c, const ImportOptions& o)
      : db(d), opts(o), codes(d), parser(codes, o.profile.values), store(d), ctx(c) {
    check_value_codes(o.profile, codes);
    {  // (finalised before FreshLibrary drops indexes)
      db::Statement next(d, "SELECT coalesce(max(id), 0) + 1 FROM case_file");
      next.step();
      first_new_case = next.int64(0);
    }
    fresh = FreshLibrary::open(d, o.person_keys_in_memory);
  }

  void note(RowProblem p) {
    ++report.problems_found;
    if (opts.on_problem)
      opts.on_problem(p);
    else
      report.problems.push_back(std::move(p));
  }
  void note(DuplicateNote d) {
    ++report.duplicates_found;
    if (opts.on_duplicate_note)
      opts.on_duplicate_note(d);
    else
      report.duplicates.push_back(std::move(d));
  }

  void import_file(const std::string& file);
  /// Writes one valid row; returns a problem when it clashes with an earlier row of this run.
  std::optional<FieldError> import_row(FileReport& fr, const ParsedRow& row);
};

void Run::import_file(const std::string& file) {
  FileReport fr;
  fr.file = file;
  io::ReadOptions read = opts.read;
  if (read.encoding == "auto" && !opts.profile.encoding.empty()) read.encoding = opts.profile.encoding;
  if (read.sheet.empty()) read.sheet = opts.profile.sheet;
  auto reader = io::open_rows(file, read);

  io::Row row;
  bool have_header = false;
  while (reader->next(row)) {
    if (opts.profile.header_row > 0 ? row.line >= opts.profile.header_row : !blank_row(row)) {
      have_header = true;
      break;
    }
  }
  if (!have_header)
    throw Error(Exit::data,
                fmt::format(fmt::runtime(tr("{}: tệp trống: không có dòng tiêu đề (cần các tiêu đề "
                                            "như 'Họ và tên', 'Ngày tiếp nhận')",
                                            "{}: empty file: no header row (expected headers such "
                                            "as 'Họ và tên', 'Ngày tiếp nhận')")),
                            file));
  const std::vector<std::string> header = row.cells;
  const std::vector<size_t> unnamed = io::unnamed_columns(header);
  const long header_line = row.line;
  ColumnMap cols;
  try {
    cols = map_columns(opts.profile, header, file, header_line);
  } catch (const Error& e) {
    // A legacy encoding is guessed from the words (text::detect_encoding); when the guess is
    // wrong the headers come out garbled, and no profile maps them: the encoding does.
    const std::string& read_as = reader->encoding();
    if (e.code() != Exit::data || !legacy_guess(read.encoding, read_as)) throw;
    throw Error(Exit::data, e.what() + fmt::format(fmt::runtime(tr("; tệp được đọc theo bảng mã {}: nếu chữ có dấu ở "
                                                                   "trên hiện sai, hãy ghi rõ bảng mã: --encoding cp1258, "
                                                                   "--encoding tcvn hoặc --encoding viscii",
                                                                   "; the file was read as {}: if the accented letters "
                                                                   "above look wrong, name the encoding: --encoding cp1258, "
                                                                   "--encoding tcvn or --encoding viscii")),
                                                   read_as));
  }
  fr.ignored_columns = cols.ignored;
  fr.encoding = reader->encoding();
  fr.encoding_guessed = legacy_guess(read.encoding, fr.encoding);

  auto rejects = std::make_unique<io::RejectsFile>(
      opts.rejects_path.empty() ? file + ".rejects.csv" : opts.rejects_path, header);
  // The worker reads, validates and normalises; this thread writes, in file order.
  RowPipeline rows([&, raw = RawValues(), in = io::Row(), number = 0L](ParsedRow& p) mutable {
    do {
      in.cells = std::move(p.cells);  // the reader reuses the strings of an earlier row
      const bool got = reader->next(in);
      p.cells = std::move(in.cells);
      if (!got) return false;
    } while (blank_cells(p.cells));
    p.line = in.line;
    p.number = ++number;
    p.fraction = number % 4096 == 0 ? reader->fraction_read() : -1;
    p.defaulted.reset();
    for (size_t f = 0; f < kFieldCount; ++f) {
      int c = cols.index[f];
      raw[f] = c >= 0 && static_cast<size_t>(c) < p.cells.size() ? p.cells[c] : std::string();
      if (text::blank(raw[f])) {
        raw[f] = opts.profile.defaults[f];
        p.defaulted[f] = !text::blank(raw[f]);
      }
    }
    // "Abroad" left blank is read from the destination: from a default one, it is a default too.
    if (p.defaulted[static_cast<size_t>(Field::destination_country)] && text::blank(raw[static_cast<size_t>(Field::abroad)]))
      p.defaulted[static_cast<size_t>(Field::abroad)] = true;
    p.errors = parser.parse(raw, p.rec);
    if (auto stray = io::stray_cell(p.cells, header.size(), unnamed))
      p.errors.push_back({Field::note, std::move(stray->message), std::move(stray->column)});
    if (p.errors.empty()) p.keys.compute(p.rec);
    return true;
  });
  while (ParsedRow* p = rows.next()) {
    fr.rows = p->number;
    if (opts.progress && fr.rows % 4096 == 0) opts.progress(file, fr.rows, p->fraction);
    std::vector<FieldError>& errors = p->errors;
    if (errors.empty()) {
      auto clash = import_row(fr, *p);
      if (!clash) continue;
      errors.push_back(*clash);
    }
    ++fr.rejected;
    std::string reasons;
    for (const auto& e : errors) {
      int c = cols.index[static_cast<size_t>(e.field)];
      std::string column = !e.column.empty() ? e.column : c >= 0 ? header[c] : field_title(e.field);
      note(RowProblem{file, p->line, column, e.message});
      reasons += (reasons.empty() ? "" : "; ") + column + ": " + e.message;
    }
    if (opts.skip_invalid && !opts.dry_run) rejects->add(p->cells, reasons);
  }
  // The CSV reader hashes the bytes as it reads them; an xlsx workbook is hashed here.
  fr.sha256 = reader->sha256();
  if (fr.sha256.empty()) fr.sha256 = sha256_file(file);
  if (rejects->used()) {
    fr.rejects_file = rejects->path();
    rejects_files.push_back(std::move(rejects));
  }
  report.files.push_back(std::move(fr));
}

std::optional<FieldError> Run::import_row(FileReport& fr, const ParsedRow& row) {
  const Record& rec = row.rec;
  const int64_t key = row.keys.row_key;
  const int64_t hash = row.keys.content_hash;
  const bool key_seen = !fresh || fresh->row_keys.maybe(static_cast<uint64_t>(key));
  // A row imported before schema 10 folded the look-alikes of Đ is found under the key it had
  // then, first: the two rows "Ðỗ …" and "Đỗ …" imported then as two cases stay two cases.
  // (Into a library that was empty, every case has its key of today.)
  std::optional<Store::Existing> existing;
  if (row.keys.row_key_v1 && !fresh) existing = store.find_by_row_key(*row.keys.row_key_v1);
  if (!existing && key_seen) existing = store.find_by_row_key(key);
  if (existing) {
    if (!match(existing->case_id)) {
      // A case this import made is named only if it will be kept: a dry run, or a refused
      // import, writes none.
      const bool kept = existing->case_id < first_new_case || (opts.skip_invalid && !opts.dry_run);
      return FieldError{Field::full_name,
                        fmt::format(fmt::runtime(tr("trùng với một dòng trước trong lần nhập này "
                                                    "(cùng họ tên, ngày sinh, ngày tiếp nhận và đơn "
                                                    "vị{}): bỏ một trong hai dòng",
                                                    "same person, birth, intake date and agency as "
                                                    "an earlier row of this import{}: "
                                                    "remove one of them")),
                                    kept ? fmt::format(fmt::runtime(tr("; hồ sơ #{}", " (case #{})")), existing->case_id)
                                         : std::string())};
    }
    if (existing->content_hash == hash) {
      ++fr.unchanged;
      return std::nullopt;
    }
    const int64_t id = existing->case_id;
    audit::json before = *cases::load(db, id);
    // A list that writes the name without accents ("NGUYEN THI HUONG") does not erase the
    // accented name already recorded; the row's hash is kept, so re-imports stay unchanged.
    Record kept = rec;
    const std::string old_name = before["person"]["full_name"].get<std::string>();
    // Nor does one that writes Đ with a look-alike ("Ðỗ", an Icelandic Ð) erase the right one.
    if (text::fold(rec.full_name) == text::fold(old_name) &&
        ((ascii(rec.full_name) && !ascii(old_name)) ||
         (text::has_d_look_alike(rec.full_name) && !text::has_d_look_alike(old_name))))
      kept.full_name = old_name;
    // A row whose news is all blanks (a column this list lacks), or defaults for them where
    // something is recorded, changes nothing stored.
    if (!store.update(*existing, kept, hash, row.defaulted)) {
      ++fr.unchanged;
      return std::nullopt;
    }
    // Each updated case has its own entry, written now, with the case before and after: a
    // list that changes every row must not be held in memory until the end.
    audit::json after = *cases::load(db, id);
    // An ID number the update gave the person that another person already has is a probable
    // duplicate, noted as a new row's would be (hotro dedupe decides).
    if (const auto& cid = after["person"]["citizen_id"]; cid.is_string() && cid != before["person"]["citizen_id"]) {
      db::Statement other(db, "SELECT min(id) FROM person WHERE citizen_id = ? AND id <> ? AND merged_into IS NULL "
                              "HAVING min(id) IS NOT NULL");
      other.bind(1, cid.get<std::string>()).bind(2, existing->person_id);
      if (other.step())
        note(DuplicateNote{fr.file, row.line, rec.full_name, other.int64(0), "citizen_id", "updated"});
    }
    audit::append(db, ctx, {"update", "case", audit::json::array({audit::json::array({id, id})}),
                            std::move(before), std::move(after), {{"file", fr.file}, {"line", row.line}}});
    ++fr.updated;
    return std::nullopt;
  }
  int64_t person_id = 0;
  if (auto dup = fresh ? fresh->find_duplicate(store, rec, row.keys)
                       : store.find_duplicate(rec, row.keys)) {
    note(DuplicateNote{fr.file, row.line, rec.full_name, dup->person_id, dup->reason,
                       decision_name(opts.on_duplicate)});
    if (opts.on_duplicate == OnDuplicate::skip) {
      ++fr.skipped;
      return std::nullopt;
    }
    if (opts.on_duplicate == OnDuplicate::link) person_id = dup->person_id;
  }
  if (!person_id) {
    person_id = store.insert_person(rec, row.keys);
    if (fresh) fresh->add_person(db, person_id, rec, row.keys);
  }
  const int64_t case_id = store.insert_case(person_id, rec, row.keys);
  if (fresh) fresh->row_keys.add(static_cast<uint64_t>(key));
  match(case_id);
  created.add(case_id);
  ++fr.created;
  return std::nullopt;
}

}  // namespace

long ImportReport::total(long FileReport::*field) const {
  long sum = 0;
  for (const auto& f : files) sum += f.*field;
  return sum;
}

ImportReport import_files(db::Database& db, const audit::Context& ctx,
                          const std::vector<std::string>& files, const ImportOptions& opts) {
  if (!opts.rejects_path.empty() && files.size() > 1)
    throw Error(Exit::usage, tr("--rejects chỉ dùng khi nhập một tệp; khi nhập nhiều tệp, mỗi tệp "
                                "có tệp lỗi riêng TỆP.rejects.csv",
                                "--rejects names one file; with several inputs each gets "
                                "FILE.rejects.csv"));
  db::Transaction tx(db);
  Run run(db, ctx, opts);
  // Every list is an input from the start: a rejects file may not be written over the next one.
  const io::ProtectedFiles inputs(files, io::Protected::input);
  for (const auto& file : files) run.import_file(file);
  ImportReport& report = run.report;
  if (opts.dry_run || (report.problems_found && !opts.skip_invalid)) return report;

  audit::json detail{{"profile", opts.profile.name},
                     {"on_duplicate", decision_name(opts.on_duplicate)},
                     {"files", audit::json::array()},
                     {"duplicates", report.duplicates_found}};
  for (const auto& f : report.files)
    detail["files"].push_back({{"file", f.file},
                               {"sha256", f.sha256},
                               {"encoding", f.encoding},
                               {"rows", f.rows},
                               {"created", f.created},
                               {"updated", f.updated},
                               {"unchanged", f.unchanged},
                               {"skipped", f.skipped},
                               {"rejected", f.rejected}});
  if (run.fresh) run.fresh->build_indexes(db);
  // The cases it updated have their own entries, with before and after, just before this one:
  // the ids of thousands of updated cases, scattered, would make this one as long as the list.
  audit::Entry entry{"import", "case", run.created.to_json(), audit::json(), audit::json(), detail};
  report.audit_id = audit::append(db, ctx, entry);
  tx.commit();
  report.committed = true;
  for (auto& r : run.rejects_files) r->commit();
  return report;
}

}  // namespace hotro::intake
