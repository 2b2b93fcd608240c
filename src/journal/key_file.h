// The chain key's file: 32 random bytes, owned by the user takt runs as and readable only by it,
// beside the journal by default (PATH.key); and the small files kept beside it. Private to
// takt_journal.
#pragma once

#include <optional>
#include <string>

#include "core/hash.h"
#include "core/status.h"

namespace takt::journal {

// Reads the key at `path` without following a symbolic link or waiting on a FIFO. Refuses
// (kInvalidArgument, naming the file and what to do) a file that is missing, a symbolic link, not
// a regular file, owned by another user than the effective one, open to group or others,
// unreadable, or not exactly 32 bytes.
Result<Key> ReadKeyFile(const std::string& path, const std::string& journal_path);

// Creates a new key at `path` atomically (written to a temporary file, synced, then linked into
// place) with mode 0600, and syncs its directory. Never overwrites: kConflict if `path` exists.
Result<Key> CreateKeyFile(const std::string& path);

// Moves the key at `pending` to `path` (link, then unlink, then a directory sync), never
// replacing a file at `path`: kConflict if one appeared there.
Status PromoteKeyFile(const std::string& pending, const std::string& path);

// Whether anything exists at `path` (a dangling symbolic link too).
bool Exists(const std::string& path);

// The contents of the small regular file at `path` (at most `max` bytes), nullopt if there is
// none; never follows a symbolic link nor waits on a FIFO.
Result<std::optional<std::string>> ReadSmallFile(const std::string& path, size_t max);

// Replaces the file at `path` with `contents` atomically (PATH.tmp written with mode 0600,
// synced, renamed over it, the directory synced). One writer at a time per `path`.
Status WriteFileAtomically(const std::string& path, const std::string& contents);

// Removes `path` if it exists and syncs its directory.
Status RemoveFile(const std::string& path);

// A failure point for crash tests (tests/api/crash_test.cc): the process kills itself with
// SIGKILL, as kill -9 would, when the environment variable TAKT_CRASH_POINT equals `point`.
void CrashPoint(const char* point);

// A failure point for tests of error paths: true the first time it is reached in this process
// when the environment variable TAKT_FAIL_POINT equals `point`, false otherwise.
bool FailPointOnce(const char* point);

// Syncs the directory holding `path`, so that a file created or renamed there survives a crash.
Status SyncDirectoryOf(const std::string& path);

}  // namespace takt::journal
