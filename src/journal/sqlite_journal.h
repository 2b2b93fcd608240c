// The SQLite backend, private to takt_journal: sqlite_journal.cc holds the data path (append,
// scan, snapshots), sqlite_format.cc what a file is (identification, creation, the meta record,
// the upgrade to a keyed chain). The format is written down in docs/journal_format.md.
#pragma once

#include <mutex>
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

// `what` and SQLite's message for the last error on `db`.
Status SqliteError(sqlite3* db, const std::string& what);

class SqliteJournal final : public Journal {
 public:
  ~SqliteJournal() override;

  // Opens (or, kReadWrite where nothing exists, creates) the journal at `path`: see Open.
  Status Init(const std::string& path, const OpenOptions& options);
  // Before Init: open an unkeyed journal beside an existing key file (an interrupted upgrade).
  void set_upgrading() { upgrading_ = true; }
  // Records a keyed chain for this unkeyed journal and drops its snapshots (their checks are
  // unkeyed): see UpgradeToKeyed. Requires: kReadWrite, and the journal checked.
  Status Upgrade();

  const Chain& chain() const override { return chain_; }
  Status Append(std::span<const Event> events) override;
  Head head() const override;
  Status Scan(uint64_t after, uint64_t limit, const std::function<bool(const Event&)>& fn) const override;
  Status SaveSnapshot(const Snapshot& s) override;
  Result<std::optional<Snapshot>> NewestSnapshot(uint64_t at_most) const override;
  Status CheckEnds() const override;
  Status CheckStorage(const std::atomic<bool>* cancel) const override;

 private:
  // sqlite_format.cc
  Status Create();
  Status ReadFormat();
  Status ReadMeta();

  // sqlite_journal.cc
  Status OpenConnection(sqlite3** out) const;
  Status Prepare();
  Status ReadHead();
  Status TakeReader(sqlite3** db) const;
  void ReturnReader(sqlite3* db) const;

  std::string path_, key_path_;
  Mode mode_ = Mode::kReadOnly;
  Chain chain_;
  bool upgrading_ = false;
  bool snapshot_macs_ = true;  // false: a snapshots table from before checks, opened read-only
  int lock_fd_ = -1;
  sqlite3* db_ = nullptr;  // the appender's connection
  std::unique_ptr<Stmt> append_, head_update_;
  mutable std::mutex head_mu_;
  Head head_;
  std::mutex snapshot_mu_;
  sqlite3* snapshot_db_ = nullptr;
  mutable std::mutex readers_mu_;
  mutable std::vector<sqlite3*> readers_;
};

}  // namespace takt::journal
