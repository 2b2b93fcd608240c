// Test harness: runs the real `takt` binary on a temporary SQLite file and a free port.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace takt::test {

// Path of the built takt binary (set by CMake).
std::string TaktBinary();

// A fresh temporary directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

// Runs takt with `args` to completion.
RunResult RunTakt(const std::vector<std::string>& args);

// A `takt serve` (or `takt demo`) process listening on 127.0.0.1 on a free port.
class ServerProcess {
 public:
  // Starts `takt <mode> --db sqlite:DB --listen 127.0.0.1:0` and waits until it listens.
  explicit ServerProcess(std::string db_path, std::string mode = "serve", std::vector<std::string> extra = {});
  ~ServerProcess();  // SIGTERM and wait

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Lines printed before "listening" (startup report, demo token).
  const std::string& banner() const { return banner_; }
  void Kill9();     // SIGKILL, no cleanup at all
  int Terminate();  // SIGTERM, returns the exit status

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string banner_;
};

// Creates a user through the CLI (server must not be running on db) and returns its token.
std::string AddUser(const std::string& db_path, const std::string& name, const std::string& role);

}  // namespace takt::test
