// SPDX-License-Identifier: MIT
#include "i18n.h"

#include <atomic>
#include <cerrno>
#include <cstring>

namespace hotro {

namespace {

std::atomic<Lang> current{Lang::en};

}  // namespace

void set_lang(Lang l) { current.store(l, std::memory_order_relaxed); }

Lang lang() { return current.load(std::memory_order_relaxed); }

const char* tr(const char* vi, const char* en) { return lang() == Lang::en ? en : vi; }

const char* tr_n(long long n, const char* vi, const char* en_one, const char* en_many) {
  return tr(vi, n == 1 ? en_one : en_many);
}

std::string sys_error(int err) {
  if (lang() == Lang::vi) {
    switch (err) {
      case ENOENT: return "không có tệp hoặc thư mục này";
      case EACCES: return "không có quyền truy cập";
      case EPERM: return "không được phép";
      case EISDIR: return "đây là một thư mục, không phải tệp";
      case ENOTDIR: return "một phần của đường dẫn không phải là thư mục";
      case ENOSPC: return "ổ đĩa đã hết chỗ trống";
      case EROFS: return "ổ đĩa chỉ cho phép đọc";
      case EEXIST: return "tệp đã tồn tại";
      case EIO: return "lỗi đọc/ghi thiết bị";
      case ENAMETOOLONG: return "tên tệp quá dài";
      case EMFILE:
      case ENFILE: return "đang mở quá nhiều tệp";
      default: break;
    }
  }
  return std::strerror(err);
}

}  // namespace hotro
