#include "journal/key_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
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

// Opens `path` for reading without following a symbolic link at its end and without waiting for
// a FIFO's writer; -1 with errno set (ELOOP for a link) otherwise.
int OpenPlain(const std::string& path) {
  return open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
}

bool WriteAll(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
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

bool FailPointOnce(const char* point) {
  static std::atomic<bool> fired{false};
  const char* at = std::getenv("TAKT_FAIL_POINT");
  return at && std::strcmp(at, point) == 0 && !fired.exchange(true);
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
  int fd = OpenPlain(path);
  if (fd < 0) {
    if (errno == ENOENT) return Status::Invalid("the journal's key file " + path + " is missing" + restore, "key_file");
    if (errno == ELOOP)
      return Status::Invalid("the key file " + path +
                                 " is a symbolic link: takt reads a key only from a regular file, so that nobody can "
                                 "point it elsewhere; give the file's own path with --key-file",
                             "key_file");
    return Status::Invalid("cannot read the key file " + path + ": " + Errno() + restore, "key_file");
  }
  struct stat st;
  Status bad;
  Key key;
  if (fstat(fd, &st) != 0) {
    bad = Status::Invalid("cannot read the key file " + path + ": " + Errno() + restore, "key_file");
  } else if (!S_ISREG(st.st_mode)) {
    bad = Status::Invalid("the key file " + path + " is not a regular file" + restore, "key_file");
  } else if (st.st_uid != geteuid()) {
    bad = Status::Invalid("the key file " + path + " belongs to user id " + std::to_string(st.st_uid) +
                              ", not to the user takt runs as (" + std::to_string(geteuid()) +
                              "): whoever owns it can replace the key; run takt as its owner, or check who made it "
                              "and chown it",
                          "key_file");
  } else if (st.st_mode & 077) {
    bad = Status::Invalid("the key file " + path + " may be read or written by others (mode " + Octal(st.st_mode) +
                              "): anyone who reads it can forge the journal's history; run chmod 600 " + path,
                          "key_file");
  } else if (st.st_size != static_cast<off_t>(key.bytes.size())) {
    bad = Status::Invalid("the key file " + path + " holds " + std::to_string(st.st_size) +
                              " bytes, not the 32 of a takt journal key" + restore,
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
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
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

Status PromoteKeyFile(const std::string& pending, const std::string& path) {
  if (link(pending.c_str(), path.c_str()) != 0) {
    if (errno == EEXIST)
      return Status::Conflict("cannot move the new key " + pending + " to " + path +
                              ": a file appeared there meanwhile, and takt never replaces a key; find out who put it "
                              "there, then move it away and start takt again");
    return Status::Internal("cannot move the new key " + pending + " to " + path + ": " + Errno());
  }
  CrashPoint("key-promoted");
  if (unlink(pending.c_str()) != 0) return Status::Internal("cannot remove " + pending + ": " + Errno());
  return SyncDirectoryOf(path);
}

Result<std::optional<std::string>> ReadSmallFile(const std::string& path, size_t max) {
  int fd = OpenPlain(path);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return Status::Internal("cannot read " + path + ": " + Errno());
  }
  struct stat st;
  std::string out;
  Status bad;
  if (fstat(fd, &st) != 0) {
    bad = Status::Internal("cannot read " + path + ": " + Errno());
  } else if (!S_ISREG(st.st_mode) || st.st_size < 0 || static_cast<size_t>(st.st_size) > max) {
    bad = Status::Internal(path + " is not a regular file of at most " + std::to_string(max) + " bytes");
  } else {
    out.resize(static_cast<size_t>(st.st_size));
    if (read(fd, out.data(), out.size()) != static_cast<ssize_t>(out.size()))
      bad = Status::Internal("cannot read " + path + ": " + Errno());
  }
  close(fd);
  if (!bad.ok()) return bad;
  return std::optional<std::string>(std::move(out));
}

Status WriteFileAtomically(const std::string& path, const std::string& contents) {
  const std::string tmp = path + ".tmp";
  unlink(tmp.c_str());  // a crashed attempt's
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Internal("cannot create " + tmp + ": " + Errno());
  bool ok = WriteAll(fd, contents.data(), contents.size()) && fsync(fd) == 0;
  std::string why = ok ? "" : Errno();
  close(fd);
  if (ok && rename(tmp.c_str(), path.c_str()) != 0) {
    ok = false;
    why = Errno();
  }
  if (!ok) {
    unlink(tmp.c_str());
    return Status::Internal("cannot write " + path + ": " + why);
  }
  return SyncDirectoryOf(path);
}

Status RemoveFile(const std::string& path) {
  if (unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return Status::Internal("cannot remove " + path + ": " + Errno());
  }
  return SyncDirectoryOf(path);
}

}  // namespace takt::journal
