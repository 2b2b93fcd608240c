// The chain key's file: 32 random bytes, readable only by its owner, beside the journal by
// default (PATH.key). Private to takt_journal.
#pragma once

#include <string>

#include "core/hash.h"
#include "core/status.h"

namespace takt::journal {

// Reads the key at `path`. Refuses (kInvalidArgument, naming the file and what to do) a file that
// is missing, not a regular file, unreadable, not exactly 32 bytes, or open to group or others.
Result<Key> ReadKeyFile(const std::string& path, const std::string& journal_path);

// Creates a new key at `path` atomically (written to a temporary file, synced, then linked into
// place) with mode 0600, and syncs its directory. Never overwrites: kConflict if `path` exists.
Result<Key> CreateKeyFile(const std::string& path);

// Whether anything exists at `path`.
bool Exists(const std::string& path);

// A failure point for crash tests (tests/api/crash_test.cc): the process kills itself with
// SIGKILL, as kill -9 would, when the environment variable TAKT_CRASH_POINT equals `point`.
void CrashPoint(const char* point);

// Syncs the directory holding `path`, so that a file created or renamed there survives a crash.
Status SyncDirectoryOf(const std::string& path);

}  // namespace takt::journal
