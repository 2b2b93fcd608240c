#include "support/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace takt::test {

std::string TaktBinary() {
  return TAKT_BINARY;
}

TempDir::TempDir() {
  char tmpl[] = "/tmp/takt-test-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {

std::vector<char*> Argv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  static std::string bin;
  bin = TaktBinary();
  argv.push_back(bin.data());
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

// Forks and execs takt with `args`, stdout and stderr into the pipe `fds`. The child never
// outlives the test that started it.
pid_t Spawn(const std::vector<std::string>& args, int fds[2]) {
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    auto argv = Argv(args);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  return pid;
}

}  // namespace

RunResult RunTakt(const std::vector<std::string>& args) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe");
  pid_t pid = Spawn(args, fds);
  RunResult r;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) r.out.append(buf, n);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

ServerProcess::ServerProcess(std::string db_path, std::string mode, std::vector<std::string> extra) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe");
  std::vector<std::string> args = {mode, "--db", "sqlite:" + db_path, "--listen", "127.0.0.1:0", "--threads", "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  pid_ = Spawn(args, fds);
  // Read the banner until the listening line; the child exits on any startup error.
  FILE* f = fdopen(fds[0], "r");
  char line[1024];
  while (fgets(line, sizeof line, f)) {
    std::string l(line);
    banner_ += l;
    auto at = l.find("listening on http://127.0.0.1:");
    if (at != std::string::npos) {
      port_ = std::atoi(l.c_str() + at + std::string("listening on http://127.0.0.1:").size());
      break;
    }
  }
  // Keep draining stdout in the background so the server never blocks on a full pipe.
  int fd = dup(fileno(f));
  fclose(f);
  if (fork() == 0) {
    char b[4096];
    while (read(fd, b, sizeof b) > 0) {
    }
    _exit(0);
  }
  close(fd);
  if (port_ == 0) {
    Terminate();
    throw std::runtime_error("takt did not start: " + banner_);
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Terminate();
}

void ServerProcess::Kill9() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

int ServerProcess::Terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string AddUser(const std::string& db_path, const std::string& name, const std::string& role) {
  RunResult r = RunTakt({"user", "add", name, "--role", role, "--db", "sqlite:" + db_path});
  if (r.exit_code != 0) throw std::runtime_error("user add failed: " + r.out);
  auto at = r.out.find("takt_");
  if (at == std::string::npos) throw std::runtime_error("no token in: " + r.out);
  return r.out.substr(at, r.out.find('\n', at) - at);
}

}  // namespace takt::test
