// Helpers for tests and benchmarks that run servers of their own (a broker, a `takt serve`
// with extra flags): free ports, readiness, and child processes stopped when they go away.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace takt::test {

std::string ReadAll(const std::string& path);

// A port on 127.0.0.1 that was free a moment ago (the server binds it right after).
int FreePort();

// Whether something accepts TCP connections on 127.0.0.1:`port`.
bool Accepts(int port);

// A child process with its output in a file; stopped (SIGTERM, then waited for) by Stop or
// when destroyed. It also receives SIGTERM if this process dies.
class Child {
 public:
  Child(std::vector<std::string> argv, const std::string& out_path, std::vector<std::string> env = {});
  ~Child() { Stop(); }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  void Stop();
  // The exit code, or -1 if still running at the deadline (Stop or the destructor ends it).
  int Wait(std::chrono::seconds limit);
  std::string Output() const { return ReadAll(out_); }
  void Signal(int sig) const;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::string out_;
};

}  // namespace takt::test
