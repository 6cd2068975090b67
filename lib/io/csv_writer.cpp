// SPDX-License-Identifier: MIT
#include "io/csv_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <cstring>

#include <fmt/format.h>

#include "error.h"
#include "i18n.h"
#include "io/protected_files.h"
#include "text/unicode.h"

namespace hotro::io {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string output_target(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path target(path);
  // Through links to what they name, also when that does not exist yet (a dangling link).
  for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(target, ec)); ++hops) {
    const fs::path to = fs::read_symlink(target, ec);
    if (ec) break;
    target = to.is_absolute() ? to : target.parent_path() / to;
  }
  const fs::file_status st = fs::status(target, ec);
  auto refuse = [&](const std::string& why) {
    throw Error(Exit::cantcreat, fmt::format(fmt::runtime(tr("không tạo được tệp '{}': {}", "cannot create '{}': {}")),
                                             path, why));
  };
  if (fs::is_directory(st)) refuse(sys_error(EISDIR));
  if (const auto what = protected_file(target.string()))
    refuse(*what == Protected::library
               ? tr("đó là thư viện hồ sơ đang dùng (hoặc tệp nhật ký của nó); hãy chọn tên tệp khác",
                    "it is the case library in use (or its journal); choose another file name")
               : tr("đó là một tệp đang được đọc trong lệnh này; hãy chọn tên tệp khác",
                    "it is a file this command is reading; choose another file name"));
  if (fs::exists(st) && !fs::is_regular_file(st))
    refuse(tr("đây không phải là một tệp thường (thiết bị, ống hoặc socket) nên không ghi đè; "
              "muốn ghi ra đầu ra chuẩn dùng --out -",
              "it is not a regular file (a device, pipe or socket), so it is not written over; "
              "for standard output use --out -"));
  return target.string();
}

CsvWriter::CsvWriter(const std::string& path, bool bom)
    : path_(output_target(path)), tmp_(fmt::format("{}.tmp-{}", path_, getpid())) {
  // Rejects files and exports hold the same personal data as the library: owner only. The file
  // has no name until commit() (O_TMPFILE), so a process killed before that leaves nothing
  // behind; where the file system cannot, a named temporary file is used.
  // A folder or a device given as the file is refused now (output_target), not at the rename.
  const std::string dir = std::filesystem::path(path_).parent_path().string();
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  anonymous_ = fd >= 0;
  if (!anonymous_) fd = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  f_ = fd < 0 ? nullptr : ::fdopen(fd, "wb");
  if (!f_)
    throw Error(Exit::cantcreat, fmt::format(fmt::runtime(tr("không tạo được tệp '{}': {}",
                                                             "cannot create '{}': {}")),
                                             path, sys_error(errno)));
  if (bom) std::fputs("\xEF\xBB\xBF", f_);
}

CsvWriter::~CsvWriter() {
  if (f_) std::fclose(f_);
  if (!done_ && !anonymous_) std::remove(tmp_.c_str());
}

void CsvWriter::row(const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) write(",");
    std::string field = csv_field(cells[i]);
    write(field);
  }
  write("\r\n");
}

void CsvWriter::raw(std::string_view text) { write(text); }

void CsvWriter::write(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), f_) != text.size() && !write_error_) write_error_ = errno ? errno : EIO;
}

void CsvWriter::commit() {
  // A write that failed earlier (a full disk) fails the commit, even if the final flush succeeds.
  bool ok = !write_error_ && std::fflush(f_) == 0 && !std::ferror(f_) && fsync(fileno(f_)) == 0;
  // An unnamed file gets the temporary name now, then the final one (rename replaces an older
  // file of that name in one step).
  if (ok && anonymous_) {
    const std::string self = fmt::format("/proc/self/fd/{}", fileno(f_));
    std::remove(tmp_.c_str());
    ok = ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, tmp_.c_str(), AT_SYMLINK_FOLLOW) == 0;
  }
  const int saved = errno;
  ok = std::fclose(f_) == 0 && ok;
  f_ = nullptr;
  if (ok && std::rename(tmp_.c_str(), path_.c_str()) == 0) {
    done_ = true;
    return;
  }
  const int err = write_error_ ? write_error_ : errno ? errno : saved;
  std::remove(tmp_.c_str());
  throw Error(Exit::ioerr, fmt::format(fmt::runtime(tr("không ghi được tệp '{}': {}",
                                                       "cannot write '{}': {}")),
                                       path_, sys_error(err)));
}

bool is_rejects_column(const std::string& header) {
  const std::string f = text::fold(header);
  return f == "loi" || f == "ly do loi" || f == "error";
}

RejectsFile::RejectsFile(std::string path, std::vector<std::string> header)
    : path_(std::move(path)), header_(std::move(header)) {
  reasons_at_ = std::find_if(header_.begin(), header_.end(), is_rejects_column) - header_.begin();
  if (reasons_at_ == header_.size()) header_.push_back("Lỗi");
}

void RejectsFile::add(const std::vector<std::string>& cells, const std::string& reasons) {
  if (!writer_) {
    writer_ = std::make_unique<CsvWriter>(path_);
    writer_->row(header_);
  }
  std::vector<std::string> row = cells;
  row.resize(header_.size());
  row[reasons_at_] = reasons;
  writer_->row(row);
}

}  // namespace hotro::io
