// SPDX-License-Identifier: MIT
// Files that go when hotro is stopped by a signal: a backup, a workbook or a file
// written under a temporary name and renamed when whole leaves nothing behind when Ctrl-C, a
// `kill` or a cron job's timeout stops it half-way (an exception already removes them), and
// a backup whose audit entry is not written yet is not kept.
#pragma once

#include <string>

namespace hotro {

/// Marks `path` as a temporary file of this process for as long as the object lives: if SIGINT,
/// SIGTERM or SIGHUP arrives meanwhile, the file is removed before the process ends. The object
/// never removes the file itself. At most a few are marked at once (hotro needs two); beyond
/// that, or for a path longer than PATH_MAX, the mark is silently not kept.
class RemoveOnSignal {
 public:
  explicit RemoveOnSignal(const std::string& path);
  ~RemoveOnSignal();
  RemoveOnSignal(const RemoveOnSignal&) = delete;
  RemoveOnSignal& operator=(const RemoveOnSignal&) = delete;

 private:
  int slot_ = -1;
};

/// Installs the handlers that remove the marked files, then end the process by the same signal
/// (so a shell or cron still sees "killed by SIGTERM"). main() calls it once.
void install_remove_on_signal();

}  // namespace hotro
