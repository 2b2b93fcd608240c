// Journal files in tests: built and damaged the way a tester (or a forger without the key)
// would, with plain SQL and file writes from outside takt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace takt::test {

// Runs `sql` on the database at `path` (a file name, or a SQLite URI such as file:P?mode=rwc to
// create one) over a connection of its own, waiting out a busy writer.
// Throws std::runtime_error on failure.
void Sql(const std::string& path, const std::string& sql);

// The first column of the first row of `sql`, as text ("" when no row).
std::string SqlValue(const std::string& path, const std::string& sql);

// Recomputes every event's hash with the plain (unkeyed) BLAKE2b chain, and the head to match.
void RechainUnkeyed(const std::string& path);

// Turns a journal into the format written before keyed chains: no meta record, no application
// id, a snapshots table without checks, a head without format and MAC, the unkeyed chain;
// removes its key file (PATH.key) and its high-water record (PATH.key.highwater).
void MakeUnkeyed(const std::string& path);

// Overwrites `n` bytes at `offset` with random bytes.
void WriteGarbage(const std::string& path, uint64_t offset, size_t n);

uint64_t FileSize(const std::string& path);

// Copies a closed journal at `from` (its database, write-ahead log and key file, where they
// exist) to `to`, keeping the key file's mode.
void CopyJournal(const std::string& from, const std::string& to);

}  // namespace takt::test
