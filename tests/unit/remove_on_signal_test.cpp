// SPDX-License-Identifier: MIT
// lib/remove_on_signal.{h,cpp}: files removed when a signal stops hotro.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "remove_on_signal.h"
#include "test_support.h"

using hotro::RemoveOnSignal;
using hotro::test::TempDir;
using hotro::test::write_file;

namespace {

// Runs `body` in a child process that then raises `sig`; returns how the child ended.
template <class Body>
int child_stopped_by(int sig, Body body) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    hotro::install_remove_on_signal();
    body();
    ::raise(sig);
    ::_exit(0);  // not reached: the signal ends the process
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return status;
}

}  // namespace

TEST_CASE("remove on signal: a signal removes the marked files, and only those, and still ends the process") {
  TempDir dir("remove_on_signal");
  const std::string marked = dir.file("backup.db.tmp-1"), journal = dir.file("backup.db.tmp-1-journal"),
                    unmarked = dir.file("hotro.db"), released = dir.file("report.xlsx.tmp-1");
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) {
    CAPTURE(sig);
    for (const auto& f : {marked, journal, unmarked, released}) write_file(f, "x");
    const int status = child_stopped_by(sig, [&] {
      static std::optional<RemoveOnSignal> a, b, c;
      a.emplace(marked);
      b.emplace(journal);
      c.emplace(released);
      c.reset();  // no longer temporary (renamed into place, say): left alone
    });
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == sig);  // a shell or cron still sees the signal
    CHECK_FALSE(std::filesystem::exists(marked));
    CHECK_FALSE(std::filesystem::exists(journal));
    CHECK(std::filesystem::exists(unmarked));
    CHECK(std::filesystem::exists(released));
  }
}

TEST_CASE("remove on signal: a marked file that was never made is no trouble") {
  TempDir dir("remove_on_signal");
  const int status = child_stopped_by(SIGTERM, [&] { static RemoveOnSignal never(dir.file("never")); });
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);
}

TEST_CASE("remove on signal: a signal ignored at the start (nohup) stays ignored") {
  TempDir dir("remove_on_signal");
  const std::string marked = dir.file("x.tmp");
  write_file(marked, "x");
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::signal(SIGHUP, SIG_IGN);
    hotro::install_remove_on_signal();
    static RemoveOnSignal t(marked);
    ::raise(SIGHUP);
    ::_exit(7);
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 7);
  CHECK(std::filesystem::exists(marked));
}
