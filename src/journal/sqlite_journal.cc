// SQLite backend, data path: WAL mode, synchronous=FULL, one transaction per group of events.
#include "journal/sqlite_journal.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cstring>

namespace takt::journal {

Stmt::Stmt(sqlite3* db, const char* sql) {
  ok_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) == SQLITE_OK;
}

Stmt::~Stmt() {
  sqlite3_finalize(s_);
}

Status SqliteError(sqlite3* db, const std::string& what) {
  if (!db) return Status::Internal(what + ": out of memory");
  int code = sqlite3_errcode(db) & 0xff;
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    return Status::Internal(what + ": the database file is damaged (SQLite: " + sqlite3_errmsg(db) + ")");
  return Status::Internal(what + ": " + sqlite3_errmsg(db));
}

Status SqliteReadError(sqlite3* db, const std::string& what) {
  Status st = SqliteError(db, what);
  int code = db ? sqlite3_errcode(db) & 0xff : SQLITE_NOMEM;
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return Status(Code::kConflict, st.message());
  return st;
}

namespace {

Digest BlobDigest(sqlite3_stmt* s, int col) {
  Digest d{};
  if (sqlite3_column_bytes(s, col) == 32) std::memcpy(d.data(), sqlite3_column_blob(s, col), 32);
  return d;
}

}  // namespace

SqliteJournal::~SqliteJournal() {
  append_.reset();
  head_update_.reset();
  for (sqlite3* r : readers_) sqlite3_close(r);
  if (snapshot_db_) sqlite3_close(snapshot_db_);
  if (db_) sqlite3_close(db_);
  if (lock_fd_ >= 0) close(lock_fd_);
}

Status SqliteJournal::Prepare() {
  append_ = std::make_unique<Stmt>(db_, "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  head_update_ = std::make_unique<Stmt>(db_, format_ == 3 ? "UPDATE head SET seq = ?1, hash = ?2, mac = ?3 WHERE id = 1"
                                                          : "UPDATE head SET seq = ?1, hash = ?2 WHERE id = 1");
  if (!append_->ok() || !head_update_->ok()) return SqliteError(db_, "prepare");
  return Status::Ok();
}

Status SqliteJournal::ReadHead() {
  Stmt h(db_, "SELECT seq, hash FROM head WHERE id = 1");
  if (!h.ok()) return SqliteError(db_, "read the head of " + path_);
  int rc = sqlite3_step(h.get());
  if (rc == SQLITE_DONE) return Status::Internal("the journal " + path_ + " has lost its head row");
  if (rc != SQLITE_ROW) return SqliteError(db_, "read the head of " + path_);
  head_.seq = static_cast<uint64_t>(sqlite3_column_int64(h.get(), 0));
  head_.hash = BlobDigest(h.get(), 1);
  return Status::Ok();
}

Status SqliteJournal::Append(std::span<const Event> events) {
  if (events.empty()) return Status::Ok();
  if (events.front().seq != head_.seq + 1) return Status::Internal("append out of sequence");
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return SqliteError(db_, "begin");
  for (const Event& e : events) {
    sqlite3_stmt* s = append_->get();
    sqlite3_bind_int64(s, 1, static_cast<int64_t>(e.seq));
    sqlite3_bind_int64(s, 2, e.time.micros);
    sqlite3_bind_text(s, 3, e.actor.data(), static_cast<int>(e.actor.size()), SQLITE_STATIC);
    sqlite3_bind_text(s, 4, e.type.data(), static_cast<int>(e.type.size()), SQLITE_STATIC);
    sqlite3_bind_int(s, 5, e.version);
    sqlite3_bind_text(s, 6, e.payload.data(), static_cast<int>(e.payload.size()), SQLITE_STATIC);
    sqlite3_bind_blob(s, 7, e.hash.data(), 32, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
      Status st = SqliteError(db_, "append event " + std::to_string(e.seq));
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return st;
    }
  }
  const Event& last = events.back();
  sqlite3_stmt* h = head_update_->get();
  sqlite3_bind_int64(h, 1, static_cast<int64_t>(last.seq));
  sqlite3_bind_blob(h, 2, last.hash.data(), 32, SQLITE_STATIC);
  // The head's MAC, in the same transaction: cutting the newest events back together with the
  // head row needs an older head's MAC.
  Digest mac{};
  if (format_ == 3) {
    mac = chain_.HeadMac(last.seq, last.hash);
    sqlite3_bind_blob(h, 3, mac.data(), 32, SQLITE_STATIC);
  }
  int rc = sqlite3_step(h);
  sqlite3_reset(h);
  if (rc != SQLITE_DONE || sqlite3_changes(db_) != 1 ||
      sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    Status st = SqliteError(db_, "commit");
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return st;
  }
  std::lock_guard l(head_mu_);
  head_ = {last.seq, last.hash};
  return Status::Ok();
}

Head SqliteJournal::head() const {
  std::lock_guard l(head_mu_);
  return head_;
}

Status SqliteJournal::Scan(uint64_t after, uint64_t limit, const std::function<bool(const Event&)>& fn) const {
  sqlite3* db = nullptr;
  TAKT_RETURN_IF_ERROR(TakeReader(&db));
  Status st;
  {
    Stmt s(db,
           "SELECT seq, time, actor, type, version, payload, hash FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    if (!s.ok()) {
      st = SqliteReadError(db, "scan");
    } else {
      sqlite3_bind_int64(s.get(), 1, after > INT64_MAX ? INT64_MAX : static_cast<int64_t>(after));
      sqlite3_bind_int64(s.get(), 2, limit > INT64_MAX ? INT64_MAX : static_cast<int64_t>(limit));
      Event e;
      int rc;
      while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
        e.seq = static_cast<uint64_t>(sqlite3_column_int64(s.get(), 0));
        e.time.micros = sqlite3_column_int64(s.get(), 1);
        e.actor.assign(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 2)),
                       sqlite3_column_bytes(s.get(), 2));
        e.type.assign(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 3)), sqlite3_column_bytes(s.get(), 3));
        e.version = sqlite3_column_int(s.get(), 4);
        e.payload.assign(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 5)),
                         sqlite3_column_bytes(s.get(), 5));
        e.hash = BlobDigest(s.get(), 6);
        if (!fn(e)) break;
      }
      if (rc != SQLITE_ROW && rc != SQLITE_DONE) st = SqliteReadError(db, "scan");
    }
  }
  ReturnReader(db);
  return st;
}

Status SqliteJournal::SaveSnapshot(const Snapshot& snap) {
  // Its own connection, so a background snapshot never shares the appender's.
  std::lock_guard l(snapshot_mu_);
  if (!snapshot_db_) TAKT_RETURN_IF_ERROR(OpenConnection(&snapshot_db_));
  sqlite3* db = snapshot_db_;
  Digest mac = chain_.SnapshotMac(snap.seq, snap.hash, snap.body);
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return SqliteError(db, "snapshot");
  Status st;
  {
    Stmt s(db, "INSERT OR REPLACE INTO snapshots(seq, hash, body, mac) VALUES (?1, ?2, ?3, ?4)");
    Stmt prune(db,
               "DELETE FROM snapshots WHERE seq < (SELECT MIN(seq) FROM (SELECT seq FROM snapshots ORDER BY seq DESC "
               "LIMIT 2))");
    if (s.ok() && prune.ok()) {
      sqlite3_bind_int64(s.get(), 1, static_cast<int64_t>(snap.seq));
      sqlite3_bind_blob(s.get(), 2, snap.hash.data(), 32, SQLITE_STATIC);
      sqlite3_bind_blob64(s.get(), 3, snap.body.data(), snap.body.size(), SQLITE_STATIC);
      sqlite3_bind_blob(s.get(), 4, mac.data(), 32, SQLITE_STATIC);
    }
    if (!s.ok() || !prune.ok() || sqlite3_step(s.get()) != SQLITE_DONE || sqlite3_step(prune.get()) != SQLITE_DONE)
      st = SqliteError(db, "snapshot");
  }
  if (sqlite3_exec(db, st.ok() ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr) != SQLITE_OK && st.ok())
    st = SqliteError(db, "snapshot commit");
  return st;
}

Result<std::optional<Snapshot>> SqliteJournal::NewestSnapshot(uint64_t at_most) const {
  if (!snapshot_macs_) return std::optional<Snapshot>();
  sqlite3* db = nullptr;
  TAKT_RETURN_IF_ERROR(TakeReader(&db));
  Result<std::optional<Snapshot>> out = std::optional<Snapshot>();
  {
    Stmt s(db,
           "SELECT seq, hash, body, mac FROM snapshots WHERE seq <= ?1 AND mac IS NOT NULL ORDER BY seq DESC LIMIT 1");
    int rc = SQLITE_ERROR;
    if (s.ok()) {
      sqlite3_bind_int64(s.get(), 1, at_most > INT64_MAX ? INT64_MAX : static_cast<int64_t>(at_most));
      rc = sqlite3_step(s.get());
    }
    if (rc == SQLITE_ROW) {
      Snapshot snap;
      snap.seq = static_cast<uint64_t>(sqlite3_column_int64(s.get(), 0));
      snap.hash = BlobDigest(s.get(), 1);
      snap.body.assign(static_cast<const char*>(sqlite3_column_blob(s.get(), 2)), sqlite3_column_bytes(s.get(), 2));
      snap.mac = BlobDigest(s.get(), 3);
      out = std::optional<Snapshot>(std::move(snap));
    } else if (rc != SQLITE_DONE) {
      out = SqliteReadError(db, "read snapshot");
    }
  }
  ReturnReader(db);
  return out;
}

Status SqliteJournal::CheckEnds() const {
  // The high-water record first: it only ever holds a durable head, so a head read after it is
  // never below it unless the journal went back, even while another process appends.
  auto high_water = ReadHighWater();
  if (!high_water.ok()) return high_water.status();
  sqlite3* db = nullptr;
  TAKT_RETURN_IF_ERROR(TakeReader(&db));
  Status st;
  Head head;
  bool at_head = false;
  Digest at_head_hash{}, head_mac{};
  uint64_t newest = 0;
  {
    // One statement: one consistent view, even while another process appends.
    std::string sql = std::string("SELECT h.seq, h.hash, e.seq IS NOT NULL, e.hash, (SELECT max(seq) FROM events), ") +
                      (format_ == 3 ? "h.mac" : "NULL") +
                      " FROM head h LEFT JOIN events e ON e.seq = h.seq WHERE h.id = 1";
    Stmt s(db, sql.c_str());
    int rc = s.ok() ? sqlite3_step(s.get()) : SQLITE_ERROR;
    if (rc == SQLITE_ROW) {
      head = {static_cast<uint64_t>(sqlite3_column_int64(s.get(), 0)), BlobDigest(s.get(), 1)};
      at_head = sqlite3_column_int(s.get(), 2) != 0;
      at_head_hash = BlobDigest(s.get(), 3);
      newest = static_cast<uint64_t>(sqlite3_column_int64(s.get(), 4));
      head_mac = BlobDigest(s.get(), 5);
    } else {
      st = rc == SQLITE_DONE ? Status(Code::kConflict, "the journal " + path_ + " has lost its head row")
                             : SqliteReadError(db, "read the ends of " + path_);
    }
  }
  ReturnReader(db);
  TAKT_RETURN_IF_ERROR(st);
  auto damage = [](std::string m) { return Status(Code::kConflict, std::move(m)); };
  const std::string h = std::to_string(head.seq);
  if (newest > head.seq)
    return damage("the journal holds event " + std::to_string(newest) + " beyond its recorded head (event " + h +
                  "): events were added or the head was edited");
  if (head.seq > 0 && !at_head)
    return damage("event " + h + ", the recorded head, is missing: the newest events were removed");
  if (at_head && !SameDigest(at_head_hash, head.hash))
    return damage("event " + h + " differs from the recorded head: it was replaced or the head was edited");
  if (format_ == 3 && !SameDigest(chain_.HeadMac(head.seq, head.hash), head_mac))
    return damage("the head row (event " + h +
                  ") fails its MAC: it was edited, or cut back together with the newest events");
  if (chain_.keyed() && chain_.keyed_from() > 1) {
    const uint64_t last_unkeyed = chain_.keyed_from() - 1;
    std::optional<Digest> hash;
    TAKT_RETURN_IF_ERROR(Scan(last_unkeyed - 1, 1, [&](const Event& e) {
      if (e.seq == last_unkeyed) hash = e.hash;
      return false;
    }));
    if (!hash || !SameDigest(*hash, chain_.anchor()))
      return damage("event " + std::to_string(last_unkeyed) +
                    ", the last before the keyed chain, differs from its anchor: history before the upgrade was "
                    "altered");
  }
  if (*high_water) {
    const HighWater& hw = **high_water;
    const std::string m = std::to_string(hw.seq);
    if (hw.seq > head.seq)
      return damage("the journal ends at event " + h + ", but it had reached event " + m + " (recorded in " +
                    high_water_path() +
                    "): it was rolled back to an older copy, or its newest events were cut. Restore the newest "
                    "backup; if you restored an older one on purpose, remove " +
                    high_water_path() + " and start again");
    std::optional<Digest> hash;
    if (hw.seq > 0)
      TAKT_RETURN_IF_ERROR(Scan(hw.seq - 1, 1, [&](const Event& e) {
        if (e.seq == hw.seq) hash = e.hash;
        return false;
      }));
    if (hw.seq > 0 && (!hash || !SameDigest(*hash, hw.hash)))
      return damage("event " + m + " is not the one the journal held when it reached it (recorded in " +
                    high_water_path() + "): its history was replaced");
  }
  return Status::Ok();
}

Status SqliteJournal::CheckStorage(const std::atomic<bool>* cancel) const {
  sqlite3* db = nullptr;
  TAKT_RETURN_IF_ERROR(TakeReader(&db));
  // Looks at `cancel` every 100,000 virtual machine steps; non-zero interrupts the statement.
  sqlite3_progress_handler(
      db, 100000, [](void* c) { return c && static_cast<const std::atomic<bool>*>(c)->load() ? 1 : 0; },
      const_cast<std::atomic<bool>*>(cancel));
  Status st;
  {
    Stmt s(db, "PRAGMA quick_check(20)");
    std::string problems;
    int rc = s.ok() ? SQLITE_ROW : SQLITE_ERROR;
    while (s.ok() && (rc = sqlite3_step(s.get())) == SQLITE_ROW) {
      const char* line = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
      std::string l = line ? line : "";
      if (l != "ok") problems += (problems.empty() ? "" : "; ") + l;
    }
    if (rc == SQLITE_INTERRUPT)
      st = Status(Code::kUnavailable, "verification stopped");
    else if (rc != SQLITE_DONE)
      st = SqliteReadError(db, "the storage check");
    else if (!problems.empty())
      st = Status(Code::kConflict, "the database file is damaged: SQLite's quick_check found " + problems);
  }
  sqlite3_progress_handler(db, 0, nullptr, nullptr);
  ReturnReader(db);
  return st;
}

Status SqliteJournal::OpenConnection(sqlite3** out) const {
  int flags = (mode_ == Mode::kReadWrite ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path_.c_str(), out, flags, nullptr) != SQLITE_OK) {
    Status st = SqliteError(*out, "open " + path_);
    sqlite3_close(*out);
    *out = nullptr;
    return st;
  }
  sqlite3_busy_timeout(*out, 5000);
  const char* pragmas = mode_ == Mode::kReadWrite
                            ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=10000;"
                            : "PRAGMA query_only=1;";
  if (sqlite3_exec(*out, pragmas, nullptr, nullptr, nullptr) != SQLITE_OK) {
    Status st = SqliteError(*out, "configure " + path_);
    sqlite3_close(*out);
    *out = nullptr;
    return st;
  }
  return Status::Ok();
}

Status SqliteJournal::TakeReader(sqlite3** db) const {
  {
    std::lock_guard l(readers_mu_);
    if (!readers_.empty()) {
      *db = readers_.back();
      readers_.pop_back();
      return Status::Ok();
    }
  }
  return OpenConnection(db);
}

void SqliteJournal::ReturnReader(sqlite3* db) const {
  std::lock_guard l(readers_mu_);
  if (readers_.size() < 8)
    readers_.push_back(db);
  else
    sqlite3_close(db);
}

}  // namespace takt::journal
