// SQLite backend: WAL mode, synchronous=FULL, one transaction per group of events.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstring>
#include <mutex>

#include "journal/journal.h"

namespace takt::journal {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS events(
  seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, actor TEXT NOT NULL, type TEXT NOT NULL,
  version INTEGER NOT NULL, payload TEXT NOT NULL, hash BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS head(id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots(seq INTEGER PRIMARY KEY, hash BLOB NOT NULL, body BLOB NOT NULL);
INSERT OR IGNORE INTO head VALUES (1, 0, zeroblob(32));
)sql";

Status Err(sqlite3* db, const std::string& what) {
  return Status::Internal(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

// A prepared statement, finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { ok_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) == SQLITE_OK; }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  sqlite3_stmt* get() const { return s_; }
  bool ok() const { return ok_; }

 private:
  sqlite3_stmt* s_ = nullptr;
  bool ok_ = false;
};

Digest BlobDigest(sqlite3_stmt* s, int col) {
  Digest d{};
  if (sqlite3_column_bytes(s, col) == 32) std::memcpy(d.data(), sqlite3_column_blob(s, col), 32);
  return d;
}

class SqliteJournal final : public Journal {
 public:
  ~SqliteJournal() override {
    append_.reset();
    head_update_.reset();
    for (sqlite3* r : readers_) sqlite3_close(r);
    if (snapshot_db_) sqlite3_close(snapshot_db_);
    if (db_) sqlite3_close(db_);
    if (lock_fd_ >= 0) close(lock_fd_);
  }

  Status Init(const std::string& path, Mode mode) {
    path_ = path;
    mode_ = mode;
    if (mode == Mode::kReadWrite) {
      lock_fd_ = open((path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
      if (lock_fd_ < 0) return Status::Internal("cannot create " + path + ".lock: " + std::strerror(errno));
      if (flock(lock_fd_, LOCK_EX | LOCK_NB) != 0)
        return Status::Conflict("the journal " + path + " is in use by another takt process");
    } else if (access(path.c_str(), F_OK) != 0) {
      return Status::NotFound("no journal at " + path);
    }
    TAKT_RETURN_IF_ERROR(OpenConnection(&db_));
    if (mode == Mode::kReadWrite) {
      if (sqlite3_exec(db_, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK) return Err(db_, "create schema");
      append_ = std::make_unique<Stmt>(db_, "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
      head_update_ = std::make_unique<Stmt>(db_, "UPDATE head SET seq = ?1, hash = ?2 WHERE id = 1");
      if (!append_->ok() || !head_update_->ok()) return Err(db_, "prepare");
    }
    Stmt h(db_, "SELECT seq, hash FROM head WHERE id = 1");
    if (!h.ok()) return Err(db_, "not a takt journal (" + path + ")");
    if (sqlite3_step(h.get()) == SQLITE_ROW) {
      head_.seq = static_cast<uint64_t>(sqlite3_column_int64(h.get(), 0));
      head_.hash = BlobDigest(h.get(), 1);
    }
    return Status::Ok();
  }

  Status Append(std::span<const Event> events) override {
    if (events.empty()) return Status::Ok();
    if (events.front().seq != head_.seq + 1) return Status::Internal("append out of sequence");
    if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return Err(db_, "begin");
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
        Status st = Err(db_, "append event " + std::to_string(e.seq));
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        return st;
      }
    }
    const Event& last = events.back();
    sqlite3_stmt* h = head_update_->get();
    sqlite3_bind_int64(h, 1, static_cast<int64_t>(last.seq));
    sqlite3_bind_blob(h, 2, last.hash.data(), 32, SQLITE_STATIC);
    int rc = sqlite3_step(h);
    sqlite3_reset(h);
    if (rc != SQLITE_DONE || sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      Status st = Err(db_, "commit");
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return st;
    }
    std::lock_guard l(head_mu_);
    head_ = {last.seq, last.hash};
    return Status::Ok();
  }

  Head head() const override {
    std::lock_guard l(head_mu_);
    return head_;
  }

  Status Scan(uint64_t after, uint64_t limit, const std::function<bool(const Event&)>& fn) const override {
    sqlite3* db = nullptr;
    TAKT_RETURN_IF_ERROR(TakeReader(&db));
    Status st;
    {
      Stmt s(db,
             "SELECT seq, time, actor, type, version, payload, hash FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2");
      if (!s.ok()) {
        st = Err(db, "scan");
      } else {
        sqlite3_bind_int64(s.get(), 1, static_cast<int64_t>(after));
        sqlite3_bind_int64(s.get(), 2, limit > INT64_MAX ? INT64_MAX : static_cast<int64_t>(limit));
        Event e;
        int rc;
        while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
          e.seq = static_cast<uint64_t>(sqlite3_column_int64(s.get(), 0));
          e.time.micros = sqlite3_column_int64(s.get(), 1);
          e.actor.assign(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 2)),
                         sqlite3_column_bytes(s.get(), 2));
          e.type.assign(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 3)),
                        sqlite3_column_bytes(s.get(), 3));
          e.version = sqlite3_column_int(s.get(), 4);
          e.payload.assign(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 5)),
                           sqlite3_column_bytes(s.get(), 5));
          e.hash = BlobDigest(s.get(), 6);
          if (!fn(e)) break;
        }
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) st = Err(db, "scan");
      }
    }
    ReturnReader(db);
    return st;
  }

  Status SaveSnapshot(const Snapshot& snap) override {
    // Its own connection, so a background snapshot never shares the appender's.
    std::lock_guard l(snapshot_mu_);
    if (!snapshot_db_) TAKT_RETURN_IF_ERROR(OpenConnection(&snapshot_db_));
    sqlite3* db = snapshot_db_;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return Err(db, "snapshot");
    Status st;
    {
      Stmt s(db, "INSERT OR REPLACE INTO snapshots VALUES (?1, ?2, ?3)");
      Stmt prune(db,
                 "DELETE FROM snapshots WHERE seq < (SELECT MIN(seq) FROM (SELECT seq FROM snapshots ORDER BY seq DESC "
                 "LIMIT 2))");
      if (s.ok() && prune.ok()) {
        sqlite3_bind_int64(s.get(), 1, static_cast<int64_t>(snap.seq));
        sqlite3_bind_blob(s.get(), 2, snap.hash.data(), 32, SQLITE_STATIC);
        sqlite3_bind_blob64(s.get(), 3, snap.body.data(), snap.body.size(), SQLITE_STATIC);
      }
      if (!s.ok() || !prune.ok() || sqlite3_step(s.get()) != SQLITE_DONE || sqlite3_step(prune.get()) != SQLITE_DONE)
        st = Err(db, "snapshot");
    }
    if (sqlite3_exec(db, st.ok() ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr) != SQLITE_OK && st.ok())
      st = Err(db, "snapshot commit");
    return st;
  }

  Result<std::optional<Snapshot>> LatestSnapshot() const override {
    sqlite3* db = nullptr;
    TAKT_RETURN_IF_ERROR(TakeReader(&db));
    Result<std::optional<Snapshot>> out = std::optional<Snapshot>();
    {
      Stmt s(db, "SELECT seq, hash, body FROM snapshots ORDER BY seq DESC LIMIT 1");
      if (!s.ok()) {
        out = Err(db, "read snapshot");
      } else if (sqlite3_step(s.get()) == SQLITE_ROW) {
        Snapshot snap;
        snap.seq = static_cast<uint64_t>(sqlite3_column_int64(s.get(), 0));
        snap.hash = BlobDigest(s.get(), 1);
        snap.body.assign(static_cast<const char*>(sqlite3_column_blob(s.get(), 2)), sqlite3_column_bytes(s.get(), 2));
        out = std::optional<Snapshot>(std::move(snap));
      }
    }
    ReturnReader(db);
    return out;
  }

 private:
  Status OpenConnection(sqlite3** out) const {
    int flags = (mode_ == Mode::kReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY) |
                SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path_.c_str(), out, flags, nullptr) != SQLITE_OK) {
      Status st = Err(*out, "open " + path_);
      sqlite3_close(*out);
      *out = nullptr;
      return st;
    }
    sqlite3_busy_timeout(*out, 5000);
    const char* pragmas = mode_ == Mode::kReadWrite
                              ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=10000;"
                              : "PRAGMA query_only=1;";
    if (sqlite3_exec(*out, pragmas, nullptr, nullptr, nullptr) != SQLITE_OK) return Err(*out, "configure " + path_);
    return Status::Ok();
  }

  Status TakeReader(sqlite3** db) const {
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

  void ReturnReader(sqlite3* db) const {
    std::lock_guard l(readers_mu_);
    if (readers_.size() < 8)
      readers_.push_back(db);
    else
      sqlite3_close(db);
  }

  std::string path_;
  Mode mode_ = Mode::kReadOnly;
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

}  // namespace

Result<std::unique_ptr<Journal>> OpenSqlite(const std::string& path, Mode mode) {
  auto j = std::make_unique<SqliteJournal>();
  TAKT_RETURN_IF_ERROR(j->Init(path, mode));
  return std::unique_ptr<Journal>(std::move(j));
}

}  // namespace takt::journal
