#include "journal/key_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace takt::journal {
namespace {

std::string Errno() {
  return std::strerror(errno);
}

std::string DirectoryOf(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string Octal(mode_t m) {
  char b[8];
  std::snprintf(b, sizeof b, "%04o", static_cast<unsigned>(m & 07777));
  return b;
}

}  // namespace

bool Exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

void CrashPoint(const char* point) {
  const char* at = std::getenv("TAKT_CRASH_POINT");
  if (at && std::strcmp(at, point) == 0) raise(SIGKILL);
}

Status SyncDirectoryOf(const std::string& path) {
  std::string dir = DirectoryOf(path);
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::Internal("cannot open directory " + dir + ": " + Errno());
  int rc = fsync(fd);
  close(fd);
  if (rc != 0) return Status::Internal("cannot sync directory " + dir + ": " + Errno());
  return Status::Ok();
}

Result<Key> ReadKeyFile(const std::string& path, const std::string& journal_path) {
  const std::string restore =
      ": restore the journal's key from your backup, or give its location with --key-file; without it the "
      "journal " +
      journal_path + " can be neither verified nor written";
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::Invalid("the journal's key file " + path + " is missing" + restore, "key_file");
    return Status::Invalid("cannot read the key file " + path + ": " + Errno() + restore, "key_file");
  }
  struct stat st;
  Status bad;
  Key key;
  if (fstat(fd, &st) != 0) {
    bad = Status::Invalid("cannot read the key file " + path + ": " + Errno() + restore, "key_file");
  } else if (!S_ISREG(st.st_mode)) {
    bad = Status::Invalid("the key file " + path + " is not a regular file" + restore, "key_file");
  } else if (st.st_size != static_cast<off_t>(key.bytes.size())) {
    bad = Status::Invalid("the key file " + path + " holds " + std::to_string(st.st_size) +
                              " bytes, not the 32 of a takt journal key" + restore,
                          "key_file");
  } else if (st.st_mode & 077) {
    bad = Status::Invalid("the key file " + path + " may be read or written by others (mode " + Octal(st.st_mode) +
                              "): anyone who reads it can forge the journal's history; run chmod 600 " + path,
                          "key_file");
  } else if (read(fd, key.bytes.data(), key.bytes.size()) != static_cast<ssize_t>(key.bytes.size())) {
    bad = Status::Invalid("cannot read the key file " + path + ": " + Errno() + restore, "key_file");
  }
  close(fd);
  if (!bad.ok()) return bad;
  return key;
}

Result<Key> CreateKeyFile(const std::string& path) {
  if (Exists(path)) return Status::Conflict("the key file " + path + " already exists; takt never overwrites a key");
  Key key = RandomKey();
  Digest suffix{};
  std::memcpy(suffix.data(), RandomKey().bytes.data(), suffix.size());
  std::string tmp = path + ".tmp-" + ToHex(suffix).substr(0, 16);
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Internal("cannot create the key file " + tmp + ": " + Errno());
  bool ok = fchmod(fd, 0600) == 0 &&
            write(fd, key.bytes.data(), key.bytes.size()) == static_cast<ssize_t>(key.bytes.size()) && fsync(fd) == 0;
  std::string why = ok ? "" : Errno();
  close(fd);
  CrashPoint("key-written");
  if (ok && link(tmp.c_str(), path.c_str()) != 0) {
    ok = false;
    why = errno == EEXIST ? "it appeared meanwhile; takt never overwrites a key" : Errno();
  }
  CrashPoint("key-linked");
  unlink(tmp.c_str());
  if (!ok) return Status::Internal("cannot create the key file " + path + ": " + why);
  TAKT_RETURN_IF_ERROR(SyncDirectoryOf(path));
  return key;
}

}  // namespace takt::journal
