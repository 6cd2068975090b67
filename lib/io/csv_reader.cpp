// SPDX-License-Identifier: MIT
// RFC 4180 CSV reader: the file is read in 64 KiB blocks and cut into records by a small
// state machine, so memory stays flat; each cell is decoded to UTF-8 NFC on its own.
#include <fcntl.h>
#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "io/row_reader.h"
#include "io/temp_file.h"
#include "text/encoding.h"
#include "text/unicode.h"

namespace hotro::io {
namespace {

constexpr size_t block_size = 64 * 1024;  // also the sample for encoding detection
constexpr size_t max_field = 1024 * 1024;

// Bytes that are the same character in every supported encoding (TCVN and VISCII put
// Vietnamese capitals at some C0 control positions, so only these may skip decoding).
bool needs_decoding(const std::string& s) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 || c >= 0x80) && c != '\t' && c != '\n' && c != '\r') return true;
  }
  return false;
}

// "UTF-16LE" or "UTF-16BE" for a sample without a byte-order mark that is UTF-16 all the same:
// text never has NUL bytes, and in UTF-16 every ASCII character brings one, at odd offsets for
// little-endian and at even ones for big-endian. "" for anything else.
std::string utf16_without_bom(std::string_view sample) {
  size_t even = 0, odd = 0;
  for (size_t i = 0; i < sample.size(); ++i)
    if (sample[i] == '\0') ++(i % 2 ? odd : even);
  if (sample.size() < 4) return "";
  if (odd * 4 >= sample.size() && even * 20 < odd) return "UTF-16LE";
  if (even * 4 >= sample.size() && odd * 20 < even) return "UTF-16BE";
  return "";
}

class CsvReader final : public RowReader {
 public:
  CsvReader(const std::string& path, const ReadOptions& opts);
  ~CsvReader() override { ::close(fd_); }
  bool next(Row& row) override;
  std::string encoding() const override { return utf16_.empty() ? decoder_->encoding() : utf16_; }
  std::string sha256() const override { return eof_ ? digest_ : std::string(); }
  double fraction_read() const override {
    return file_size_ > 0 ? static_cast<double>(consumed_ - (len_ - pos_)) / file_size_ : -1;
  }

 private:
  enum class State { field_start, unquoted, quoted, quote_seen };

  bool fill();
  void read_as_utf8(const std::string& encoding);
  char detect_delimiter() const;
  std::string* start_field(Row& row, size_t index);
  void append(std::string& field, const char* p, size_t n, bool quoted) const;
  bool finish(Row& row, size_t fields);
  [[noreturn]] void fail(long line, const std::string& what) const;

  std::string path_;
  int fd_ = -1;
  std::vector<char> buf_ = std::vector<char>(block_size);
  size_t pos_ = 0;
  size_t len_ = 0;
  bool eof_ = false;
  off_t file_size_ = 0;   // for fraction_read(); 0 for a pipe
  off_t consumed_ = 0;    // bytes read from the file so far
  long line_ = 1;        // physical line of buf_[pos_]
  long field_line_ = 1;  // where the current field started, for error messages
  bool skip_lf_ = false;  // the last record ended with CR: a following LF belongs to it
  char delim_ = ',';
  bool auto_encoding_ = true;
  bool utf8_ = true;
  std::string utf16_;  // "UTF-16…" when the file was UTF-16, read through a UTF-8 copy
  std::optional<text::Decoder> decoder_;
  // SHA-256 of the bytes as they are read (the import records the file's digest).
  Sha256 sha_;
  std::string digest_;  // hex, once the end of the file is reached
};

CsvReader::CsvReader(const std::string& path, const ReadOptions& opts) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0)
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không mở được tệp '{}': {}",
                                                           "cannot open '{}': {}")),
                                           path, sys_error(errno)));
  try {
    struct stat st {};
    if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) file_size_ = st.st_size;
    fill();
    // UTF-16 (Excel's "Unicode Text", TAB-separated) has a NUL in every ASCII character, so it
    // cannot be cut into records as it is: its byte-order mark, or --encoding utf-16…, has the
    // whole file converted to a temporary UTF-8 copy first, which is then read as usual.
    const std::string asked = opts.encoding.empty() || opts.encoding == "auto" ? "" : text::canonical_encoding(opts.encoding);
    const std::string_view head(buf_.data(), len_);
    if (asked.starts_with("UTF-16")) read_as_utf8(asked);
    else if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF")) read_as_utf8("UTF-16");
    else if (asked.empty() && !utf16_without_bom(head).empty()) read_as_utf8(utf16_without_bom(head));
    const std::string_view sample(buf_.data(), len_);
    // A UTF-8 byte-order mark settles the encoding, whatever a profile says: hotro's own
    // rejects files have one, and are imported again with the profile of the original list.
    const bool bom = sample.starts_with("\xEF\xBB\xBF");
    auto_encoding_ = utf16_.empty() && (bom || asked.empty());
    decoder_.emplace(!utf16_.empty() ? std::string("UTF-8") : auto_encoding_ ? text::detect_encoding(sample) : asked);
    utf8_ = decoder_->encoding() == "UTF-8";
    if (bom) pos_ = 3;
    delim_ = opts.delimiter ? opts.delimiter : detect_delimiter();
  } catch (...) {
    ::close(fd_);  // the destructor does not run when the constructor throws
    throw;
  }
}

// Replaces the buffer with the next block; reads until the block is full so that the
// detection sample is a whole 64 KiB even from a pipe.
bool CsvReader::fill() {
  pos_ = len_ = 0;
  while (len_ < buf_.size()) {
    const ssize_t n = ::read(fd_, buf_.data() + len_, buf_.size() - len_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      throw Error(Exit::ioerr, fmt::format(fmt::runtime(tr("không đọc được tệp '{}': {}",
                                                           "cannot read '{}': {}")),
                                           path_, sys_error(errno)));
    if (n == 0) {
      if (digest_.empty()) digest_ = sha_.hex();
      break;
    }
    sha_.update(std::string_view(buf_.data() + len_, static_cast<size_t>(n)));
    len_ += static_cast<size_t>(n);
    consumed_ += n;
  }
  return len_ > 0;
}

// Converts the whole file from `encoding` (UTF-16, with its byte-order mark or as named) to an
// unlinked temporary UTF-8 file and reads that instead. Line numbers stay those of the file; the
// digest stays the digest of the file's own bytes (fill() keeps the first one it makes).
void CsvReader::read_as_utf8(const std::string& encoding) {
  iconv_t cd = iconv_open("UTF-8", encoding.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw Error(Exit::usage, fmt::format(fmt::runtime(tr("không đọc được bảng mã '{}'", "unknown encoding '{}'")), encoding));
  std::FILE* out = nullptr;
  try {
    out = open_temp_file("hotro-utf16");
    std::vector<char> converted(2 * block_size + 16);
    std::string carry;  // bytes of a character cut at the end of a block
    off_t offset = 0;   // of the first byte of `carry` + the block, for messages
    long lines = 0;     // line feeds converted so far, for messages
    do {
      std::string in = carry + std::string(buf_.data(), len_);
      char* src = in.data();
      size_t left = in.size();
      while (left > 0) {
        char* dst = converted.data();
        size_t room = converted.size();
        const size_t rc = iconv(cd, &src, &left, &dst, &room);
        const int err = errno;
        const size_t made = converted.size() - room;
        if (std::fwrite(converted.data(), 1, made, out) != made) temp_write_failed();
        lines += std::count(converted.data(), converted.data() + made, '\n');
        if (rc != static_cast<size_t>(-1) || err == E2BIG) continue;
        if (err == EINVAL) break;  // an incomplete character: the next block has the rest
        throw Error(Exit::data,
                    fmt::format(fmt::runtime(tr("{}:{}: byte {} không hợp lệ trong bảng mã {}",
                                                "{}:{}: byte {} is not valid in encoding {}")),
                                path_, lines + 1, offset + static_cast<off_t>(src - in.data()) + 1, encoding));
      }
      offset += static_cast<off_t>(in.size() - left);
      carry.assign(src, left);
    } while (fill());
    if (!carry.empty())
      throw Error(Exit::data, fmt::format(fmt::runtime(tr("{}: tệp kết thúc giữa một ký tự {}",
                                                          "{}: the file ends in the middle of a {} character")),
                                          path_, encoding));
    if (std::fflush(out) != 0) temp_write_failed();
    const int fd = ::dup(fileno(out));
    if (fd < 0 || ::lseek(fd, 0, SEEK_SET) != 0) temp_read_failed();
    std::fclose(out);
    out = nullptr;
    iconv_close(cd);
    ::close(fd_);
    fd_ = fd;
  } catch (...) {
    if (out) std::fclose(out);
    iconv_close(cd);
    throw;
  }
  struct stat st {};
  file_size_ = ::fstat(fd_, &st) == 0 ? st.st_size : 0;
  consumed_ = 0;
  utf16_ = encoding;
  fill();
}

// The most frequent of , ; TAB outside quotes in the first record; ',' on a tie or if none.
// The separator that splits some line of the first ten into the most cells: the header row
// usually has the most, and title lines above it ("DANH SÁCH ..., QUÝ I") only a stray comma.
char CsvReader::detect_delimiter() const {
  size_t best[3] = {0, 0, 0};  // , ; TAB: the most seen on one line
  size_t line[3] = {0, 0, 0};
  bool quoted = false;
  int lines = 0;
  const auto end_line = [&] {
    for (int k = 0; k < 3; ++k) best[k] = std::max(best[k], line[k]), line[k] = 0;
  };
  for (size_t i = pos_; i < len_ && lines < 10; ++i) {
    const char c = buf_[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') {
      end_line();
      ++lines;
    }
    line[0] += c == ',';
    line[1] += c == ';';
    line[2] += c == '\t';
  }
  end_line();
  if (best[1] > best[0] && best[1] >= best[2]) return ';';
  if (best[2] > best[0] && best[2] > best[1]) return '\t';
  return ',';
}

std::string* CsvReader::start_field(Row& row, size_t index) {
  if (index == row.cells.size()) row.cells.emplace_back();
  row.cells[index].clear();  // keeps the capacity from earlier rows
  field_line_ = line_;
  return &row.cells[index];
}

void CsvReader::append(std::string& field, const char* p, size_t n, bool quoted) const {
  if (field.size() + n > max_field)
    fail(field_line_, quoted ? tr("ô dài quá 1 MiB (có dấu ngoặc kép mở ở dòng này mà chưa đóng?)",
                                  "field longer than 1 MiB (is a quote opened here never closed?)")
                             : tr("ô dài quá 1 MiB", "field longer than 1 MiB"));
  field.append(p, n);
}

bool CsvReader::next(Row& row) {
  size_t fields = 0;  // 0 while between records
  State state = State::field_start;
  std::string* field = nullptr;
  for (;;) {
    if (pos_ == len_ && (eof_ || !fill())) {
      eof_ = true;
      if (fields == 0) return false;
      if (state == State::quoted)
        fail(field_line_, tr("dấu ngoặc kép mở ở dòng này không được đóng lại",
                             "unterminated quoted field starting here"));
      return finish(row, fields);
    }
    const char* p = buf_.data() + pos_;
    const char* const end = buf_.data() + len_;
    if (skip_lf_) {
      skip_lf_ = false;
      if (*p == '\n') {
        ++pos_;
        continue;
      }
    }
    if (fields == 0) {
      if (*p == '\n' || *p == '\r') {  // blank line
        skip_lf_ = *p == '\r';
        ++pos_;
        ++line_;
        continue;
      }
      row.line = line_;
      field = start_field(row, fields++);
    }

    switch (state) {
      case State::field_start:
        if (*p == '"') {
          ++pos_;
          state = State::quoted;
        } else {
          state = State::unquoted;
        }
        break;

      case State::unquoted: {
        const char* q = p;
        while (q < end && *q != delim_ && *q != '\n' && *q != '\r') ++q;
        append(*field, p, static_cast<size_t>(q - p), false);
        pos_ += static_cast<size_t>(q - p);
        if (q == end) break;  // the field goes on in the next block
        ++pos_;
        if (*q == delim_) {
          field = start_field(row, fields++);
          state = State::field_start;
          break;
        }
        ++line_;
        skip_lf_ = *q == '\r';
        return finish(row, fields);
      }

      case State::quoted: {
        const char* q = p;
        for (; q < end && *q != '"'; ++q) line_ += *q == '\n';
        append(*field, p, static_cast<size_t>(q - p), true);
        pos_ += static_cast<size_t>(q - p);
        if (q < end) {
          ++pos_;
          state = State::quote_seen;
        }
        break;
      }

      case State::quote_seen:  // a quote inside a quoted field: doubled, or the closing one
        if (*p == '"') {
          append(*field, p, 1, true);
          ++pos_;
          state = State::quoted;
        } else {
          state = State::unquoted;  // like Excel, text after the closing quote is kept
        }
        break;
    }
  }
}

bool CsvReader::finish(Row& row, size_t fields) {
  row.cells.resize(fields);
  for (size_t i = 0; i < fields; ++i) {
    std::string& cell = row.cells[i];
    if (!needs_decoding(cell)) continue;
    try {
      // A UTF-8 Decoder only validates; text::nfc validates and normalises in one pass.
      cell = utf8_ ? text::nfc(cell) : decoder_->decode(cell);
    } catch (const Error& e) {
      const std::string hint =
          auto_encoding_
              ? fmt::format(fmt::runtime(tr(" (phần đầu tệp có vẻ là {}; nếu tệp dùng bảng mã khác, "
                                            "hãy ghi rõ bằng --encoding, ví dụ --encoding cp1258)",
                                            " (the start of the file looked like {}; if the file is "
                                            "in another encoding, name it with --encoding, e.g. "
                                            "--encoding cp1258)")),
                            encoding())
              : fmt::format(fmt::runtime(tr(" (đã đọc theo bảng mã {}; --encoding có đúng không?)",
                                            " (read as {}; is --encoding right?)")),
                            encoding());
      fail(row.line, fmt::format(fmt::runtime(tr("cột {}: {}{}", "column {}: {}{}")), i + 1,
                                 e.what(), hint));
    }
  }
  return true;
}

void CsvReader::fail(long line, const std::string& what) const {
  throw Error(Exit::data, fmt::format("{}:{}: {}", path_, line, what));
}

}  // namespace

std::unique_ptr<RowReader> open_csv(const std::string& path, const ReadOptions& opts) {
  return std::make_unique<CsvReader>(path, opts);
}

}  // namespace hotro::io
