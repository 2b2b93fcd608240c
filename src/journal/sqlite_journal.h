// The SQLite backend, private to takt_journal: sqlite_journal.cc holds the data path (append,
// scan, snapshots, the checks of the ends), sqlite_format.cc what a file is (identification,
// creation, the meta record, format moves, the upgrade to a keyed chain), side_files.cc the files
// kept beside the key (high-water record, recorded failure). The format is written down in
// docs/journal_format.md.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "journal/journal.h"

struct sqlite3;
struct sqlite3_stmt;

namespace takt::journal {

// A prepared statement, finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  sqlite3_stmt* get() const { return s_; }
  bool ok() const { return ok_; }

 private:
  sqlite3_stmt* s_ = nullptr;
  bool ok_ = false;
};

// `what` and SQLite's message for the last error on `db`: kInternal.
Status SqliteError(sqlite3* db, const std::string& what);
// The same on a path that checks the journal: a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) is
// kConflict, damage found; anything else kInternal, nothing proven.
Status SqliteReadError(sqlite3* db, const std::string& what);

// A head this journal reached, as recorded beside its key.
struct HighWater {
  uint64_t seq = 0;
  Digest hash{};
};

class SqliteJournal final : public Journal {
 public:
  ~SqliteJournal() override;

  // Opens (or, kReadWrite where nothing exists, creates) the journal at `path`: see Open.
  Status Init(const std::string& path, const OpenOptions& options);
  // Records a keyed chain for this unkeyed journal and drops its snapshots (their checks are
  // unkeyed): see UpgradeToKeyed. Requires: kReadWrite, and the journal checked.
  Status Upgrade();
  // Whether Init moved in a key left pending by an interrupted creation or upgrade.
  bool finished_pending_key() const { return finished_pending_key_; }

  const Chain& chain() const override { return chain_; }
  Status Append(std::span<const Event> events) override;
  Head head() const override;
  Status Scan(uint64_t after, uint64_t limit, const std::function<bool(const Event&)>& fn) const override;
  Status SaveSnapshot(const Snapshot& s) override;
  Result<std::optional<Snapshot>> NewestSnapshot(uint64_t at_most) const override;
  Status CheckEnds() const override;
  Status RecordHighWater() override;
  Status RecordFailure(const std::string& why) override;
  Result<std::optional<std::string>> RecordedFailure() const override;
  Status CheckStorage(const std::atomic<bool>* cancel) const override;

 private:
  // sqlite_format.cc
  Status Create();
  Status ReadFormat(sqlite3* db);
  Status ReadMeta(sqlite3* db);
  Status Settle();
  Status MoveToFormat3();

  // sqlite_journal.cc
  Status OpenConnection(sqlite3** out) const;
  Status Prepare();
  Status ReadHead();
  Status TakeReader(sqlite3** db) const;
  void ReturnReader(sqlite3* db) const;

  // side_files.cc
  std::string pending_key_path() const { return key_path_ + ".pending"; }
  std::string high_water_path() const { return key_path_ + ".highwater"; }
  std::string failure_path() const { return key_path_ + ".failed"; }
  // The high-water record of this journal, nullopt if none (or another journal's). A record
  // that fails its MAC is kConflict.
  Result<std::optional<HighWater>> ReadHighWater() const;

  std::string path_, key_path_;
  Mode mode_ = Mode::kReadOnly;
  Chain chain_;
  int format_ = 0;                     // 1: unkeyed, 2: keyed without head MAC, 3: keyed with head MAC
  std::string journal_id_;             // of a keyed journal
  bool snapshot_macs_ = true;          // false: a snapshots table from before checks, opened read-only
  bool promote_pending_ = false;       // the key was read from KEY.pending (interrupted creation)
  bool finished_pending_key_ = false;  // and Init moved it to KEY
  int lock_fd_ = -1;
  sqlite3* db_ = nullptr;  // the appender's connection
  std::unique_ptr<Stmt> append_, head_update_;
  mutable std::mutex head_mu_;
  Head head_;
  std::mutex snapshot_mu_;
  sqlite3* snapshot_db_ = nullptr;
  mutable std::mutex readers_mu_;
  mutable std::vector<sqlite3*> readers_;
  std::mutex side_mu_;
  int64_t high_water_seq_ = -1;  // the newest recorded by this process; guarded by side_mu_
};

}  // namespace takt::journal
