// SQLite backend, what a file is: identification before SQLite touches it, creation of a new
// journal with its key, the meta record that names the chain scheme, and the upgrade of an
// unkeyed journal. See docs/journal_format.md.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <map>
#include <optional>

#include "journal/key_file.h"
#include "journal/sqlite_journal.h"

namespace takt::journal {
namespace {

constexpr int kApplicationId = 0x54616b74;  // "Takt", in the SQLite header (`file` shows it)
constexpr const char* kFormat = "3";
constexpr const char* kKeyedScheme = "keyed-blake2b-256";

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE events(
  seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, actor TEXT NOT NULL, type TEXT NOT NULL,
  version INTEGER NOT NULL, payload TEXT NOT NULL, hash BLOB NOT NULL);
CREATE TABLE head(
  id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash BLOB NOT NULL, format INTEGER NOT NULL,
  mac BLOB);
CREATE TABLE snapshots(seq INTEGER PRIMARY KEY, hash BLOB NOT NULL, body BLOB NOT NULL, mac BLOB);
INSERT INTO head VALUES (1, 0, zeroblob(32), 3, NULL);
)sql";

// head.format stops takt builds from before format 2 writing to a keyed journal (they would
// chain unkeyed events onto it): their schema statement inserts a head row of three values.
constexpr const char* kAddHeadColumns =
    "ALTER TABLE head ADD COLUMN format INTEGER NOT NULL DEFAULT 3; ALTER TABLE head ADD COLUMN mac BLOB;";

using Meta = std::map<std::string, std::string>;

std::string Errno() {
  return std::strerror(errno);
}

// Length-prefixed, as Hasher::UpdateField, so that no two records encode alike.
void AppendField(std::string& out, std::string_view s) {
  uint64_t n = s.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(n >> (8 * i)));
  out.append(s);
}

std::string KeyCheck(const Chain& c, const std::string& journal_id) {
  std::string bytes;
  AppendField(bytes, "takt.key_check");
  AppendField(bytes, journal_id);
  return ToHex(c.MetaMac(bytes));
}

// The MAC over every meta row but itself, in name order.
std::string MetaMac(const Chain& c, const Meta& meta) {
  std::string bytes;
  AppendField(bytes, "takt.meta");
  for (const auto& [name, value] : meta) {
    if (name == "meta_mac") continue;
    AppendField(bytes, name);
    AppendField(bytes, value);
  }
  return ToHex(c.MetaMac(bytes));
}

std::string NewJournalId() {
  Digest id_bytes{};
  std::memcpy(id_bytes.data(), RandomKey().bytes.data(), id_bytes.size());
  return ToHex(id_bytes).substr(0, 32);
}

// The meta record of a keyed chain; `subkeys` is "journal" (derived from the journal's id) or
// "master" (a format-2 journal's, kept when it moved to format 3).
Meta KeyedMeta(const Chain& c, const std::string& journal_id, const std::string& subkeys) {
  Meta m{{"format", kFormat},
         {"chain", kKeyedScheme},
         {"journal_id", journal_id},
         {"subkeys", subkeys},
         {"keyed_from", std::to_string(c.keyed_from())},
         {"anchor", ToHex(c.anchor())}};
  m["key_check"] = KeyCheck(c, journal_id);
  m["meta_mac"] = MetaMac(c, m);
  return m;
}

// Sets the head row's MAC (format 3) for the head as it stands.
Status SealHead(sqlite3* db, const Chain& c) {
  Stmt read(db, "SELECT seq, hash FROM head WHERE id = 1");
  if (!read.ok() || sqlite3_step(read.get()) != SQLITE_ROW) return SqliteError(db, "read the head");
  uint64_t seq = static_cast<uint64_t>(sqlite3_column_int64(read.get(), 0));
  Digest hash{};
  if (sqlite3_column_bytes(read.get(), 1) == 32) std::memcpy(hash.data(), sqlite3_column_blob(read.get(), 1), 32);
  Digest mac = c.HeadMac(seq, hash);
  Stmt write(db, "UPDATE head SET format = 3, mac = ?1 WHERE id = 1");
  if (!write.ok()) return SqliteError(db, "seal the head");
  sqlite3_bind_blob(write.get(), 1, mac.data(), 32, SQLITE_STATIC);
  if (sqlite3_step(write.get()) != SQLITE_DONE) return SqliteError(db, "seal the head");
  return Status::Ok();
}

Status WriteMeta(sqlite3* db, const Meta& meta) {
  Stmt s(db, "INSERT INTO meta(name, value) VALUES (?1, ?2)");
  if (!s.ok()) return SqliteError(db, "write meta");
  for (const auto& [name, value] : meta) {
    sqlite3_bind_text(s.get(), 1, name.data(), static_cast<int>(name.size()), SQLITE_STATIC);
    sqlite3_bind_text(s.get(), 2, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    int rc = sqlite3_step(s.get());
    sqlite3_reset(s.get());
    if (rc != SQLITE_DONE) return SqliteError(db, "write meta");
  }
  return Status::Ok();
}

std::string NotAJournal(const std::string& path, const std::string& what) {
  return path + " " + what +
         ", so not a takt journal: give the path of a journal, or a path where no file exists to create a new one";
}

// What the file is, before SQLite opens it (SQLite takes an empty file for an empty database).
Status Identify(const std::string& path, const struct stat& st) {
  if (!S_ISREG(st.st_mode)) return Status::Invalid(NotAJournal(path, "is not a regular file"), "db");
  if (st.st_size == 0)
    return Status::Invalid(path +
                               " is an empty file, not a takt journal: takt creates a journal only where no file "
                               "exists; restore the journal from your backup, or remove the empty file to start a "
                               "new plant",
                           "db");
  char header[16] = {};
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Internal("cannot open " + path + ": " + Errno());
  ssize_t n = read(fd, header, sizeof header);
  close(fd);
  if (n != static_cast<ssize_t>(sizeof header) || std::memcmp(header, "SQLite format 3", 16) != 0)
    return Status::Invalid(NotAJournal(path, "is not a SQLite database"), "db");
  return Status::Ok();
}

std::string Text(sqlite3_stmt* s, int col) {
  const unsigned char* t = sqlite3_column_text(s, col);
  return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(s, col)) : std::string();
}

Result<int64_t> PragmaInt(sqlite3* db, const char* sql) {
  Stmt s(db, sql);
  if (!s.ok() || sqlite3_step(s.get()) != SQLITE_ROW) return SqliteError(db, sql);
  return sqlite3_column_int64(s.get(), 0);
}

}  // namespace

Status SqliteJournal::Init(const std::string& path, const OpenOptions& options) {
  path_ = path;
  mode_ = options.mode;
  key_path_ = options.key_file.empty() ? path + ".key" : options.key_file;
  if (mode_ == Mode::kReadWrite) {
    const std::string lock = path + ".lock";
    lock_fd_ = open(lock.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
    if (lock_fd_ < 0 && errno == ELOOP)
      return Status::Invalid(lock + " is a symbolic link: remove it (takt makes its lock file itself)", "db");
    if (lock_fd_ < 0) return Status::Internal("cannot create " + lock + ": " + Errno());
    struct stat lst;
    if (fstat(lock_fd_, &lst) != 0 || !S_ISREG(lst.st_mode))
      return Status::Invalid(lock + " is not a regular file: remove it (takt makes its lock file itself)", "db");
    if (flock(lock_fd_, LOCK_EX | LOCK_NB) != 0)
      return Status::Conflict("the journal " + path + " is in use by another takt process");
  }
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return Status::Internal("cannot open " + path + ": " + Errno());
    if (mode_ == Mode::kReadOnly) return Status::NotFound("no journal at " + path);
    TAKT_RETURN_IF_ERROR(Create());
  } else {
    TAKT_RETURN_IF_ERROR(Identify(path, st));
  }
  // What the file is, on a plain read-only connection: nothing is configured or written before
  // the file is known to be a takt journal.
  {
    sqlite3* probe = nullptr;
    Status known;
    if (sqlite3_open_v2(path_.c_str(), &probe, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      known = SqliteError(probe, "open " + path_);
    } else {
      sqlite3_busy_timeout(probe, 5000);
      known = ReadFormat(probe);
    }
    sqlite3_close(probe);
    TAKT_RETURN_IF_ERROR(known);
  }
  TAKT_RETURN_IF_ERROR(OpenConnection(&db_));
  if (mode_ == Mode::kReadWrite) {
    TAKT_RETURN_IF_ERROR(Settle());
    TAKT_RETURN_IF_ERROR(Prepare());
  }
  return ReadHead();
}

// The key made aside, then the database built aside and renamed into place, then the key moved
// in: a journal never exists without its key, a crash never leaves a half-made journal at
// `path_`, and a key at KEY always belongs to the journal beside it.
Status SqliteJournal::Create() {
  if (Exists(key_path_))
    return Status::NotFound("there is no journal at " + path_ + ", but its key file " + key_path_ +
                                " exists: the journal was deleted or its volume is not mounted. Restore the journal "
                                "from your backup (or mount its volume), with this key; to start a new, empty plant "
                                "here instead, move the key file away first (takt makes a new key with each journal "
                                "and never adopts one it did not make)",
                            "db");
  const std::string pending = pending_key_path();
  if (Exists(pending)) TAKT_RETURN_IF_ERROR(RemoveFile(pending));  // a crashed creation's: it sealed nothing
  // Records left by a journal whose key was moved away: not this one's.
  TAKT_RETURN_IF_ERROR(RemoveFile(high_water_path()));
  TAKT_RETURN_IF_ERROR(RemoveFile(failure_path()));
  auto key = CreateKeyFile(pending);
  if (!key.ok()) return key.status();
  CrashPoint("key-created");
  const std::string id = NewJournalId();
  Chain chain(*key, id, 1, Digest{});
  const std::string tmp = path_ + ".new";
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) unlink((tmp + suffix).c_str());  // a crashed attempt's
  // Made here with mode 0600, so that SQLite neither creates it with the umask's mode nor gives
  // that mode to the -wal and -shm files, which take the database's.
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Internal("cannot create " + tmp + ": " + Errno());
  bool made = fchmod(fd, 0600) == 0;
  close(fd);
  if (!made) return Status::Internal("cannot set the mode of " + tmp + ": " + Errno());
  sqlite3* db = nullptr;
  Status st;
  if (sqlite3_open_v2(tmp.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    st = SqliteError(db, "create " + tmp);
  } else {
    std::string setup = "PRAGMA synchronous=FULL; PRAGMA application_id=" + std::to_string(kApplicationId) +
                        "; PRAGMA user_version=" + kFormat + "; BEGIN;" + kSchema;
    if (sqlite3_exec(db, setup.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) st = SqliteError(db, "create schema");
    if (st.ok()) st = SealHead(db, chain);
    if (st.ok()) st = WriteMeta(db, KeyedMeta(chain, id, "journal"));
    if (st.ok() && sqlite3_exec(db, "COMMIT; PRAGMA journal_mode=WAL;", nullptr, nullptr, nullptr) != SQLITE_OK)
      st = SqliteError(db, "create " + tmp);
  }
  sqlite3_close(db);
  if (st.ok()) {
    int fd = open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) st = Status::Internal("cannot sync " + tmp + ": " + Errno());
    if (fd >= 0) close(fd);
  }
  CrashPoint("journal-built");
  if (st.ok() && rename(tmp.c_str(), path_.c_str()) != 0)
    st = Status::Internal("cannot move " + tmp + " to " + path_ + ": " + Errno());
  CrashPoint("journal-renamed");
  if (st.ok()) st = SyncDirectoryOf(path_);
  if (!st.ok()) {
    unlink(tmp.c_str());
    return st;
  }
  return PromoteKeyFile(pending, key_path_);
}

Status SqliteJournal::ReadFormat(sqlite3* db) {
  bool meta = false, events = false, head = false, snapshots = false;
  {
    Stmt s(db, "SELECT name FROM sqlite_schema WHERE type = 'table'");
    int rc = s.ok() ? SQLITE_ROW : SQLITE_ERROR;
    while (s.ok() && (rc = sqlite3_step(s.get())) == SQLITE_ROW) {
      std::string name = Text(s.get(), 0);
      meta |= name == "meta";
      events |= name == "events";
      head |= name == "head";
      snapshots |= name == "snapshots";
    }
    if (rc != SQLITE_DONE) return SqliteError(db, "cannot read " + path_ + " (damaged?)");
  }
  if (meta) return ReadMeta(db);
  if (!events || !head || !snapshots)
    return Status::Invalid(NotAJournal(path_, "is a SQLite database without the events, head and snapshots tables"),
                           "db");
  // An unkeyed journal, written before keyed chains.
  auto app = PragmaInt(db, "PRAGMA application_id");
  if (!app.ok()) return app.status();
  if (*app == kApplicationId)
    return Status::Internal("the journal " + path_ +
                            " has lost its meta record (it was keyed): restore the journal from your backup");
  // No takt leaves a key at KEY beside an unkeyed journal: an upgrade's key waits at KEY.pending
  // until its commit. (A pending key alone is an upgrade interrupted before it; it sealed nothing.)
  if (Exists(key_path_))
    return Status::Invalid("the journal " + path_ + " records no chain key, yet the key file " + key_path_ +
                               " exists: its key record was removed, which is how forged history is passed off as "
                               "unkeyed. Restore the journal from your backup, with this key. takt neither opens it "
                               "nor keys it with this key",
                           "db");
  chain_ = Chain();
  format_ = 1;
  Stmt cols(db, "SELECT 1 FROM pragma_table_info('snapshots') WHERE name = 'mac'");
  if (!cols.ok()) return SqliteError(db, "read " + path_);
  snapshot_macs_ = sqlite3_step(cols.get()) == SQLITE_ROW;
  return Status::Ok();
}

Status SqliteJournal::ReadMeta(sqlite3* db) {
  Meta meta;
  {
    Stmt s(db, "SELECT name, value FROM meta");
    int rc = s.ok() ? SQLITE_ROW : SQLITE_ERROR;
    while (s.ok() && (rc = sqlite3_step(s.get())) == SQLITE_ROW) meta[Text(s.get(), 0)] = Text(s.get(), 1);
    if (rc != SQLITE_DONE) return SqliteError(db, "read the meta record of " + path_);
  }
  const std::string damaged = "the journal " + path_ + "'s meta record ";
  const std::string format = meta.count("format") ? meta.at("format") : "";
  if (format != "2" && format != kFormat)
    return Status::Invalid(damaged + "says format '" + format + "'; this takt reads formats 2 and " + kFormat +
                               " (written by a newer takt?)",
                           "db");
  if (meta["chain"] != kKeyedScheme)
    return Status::Invalid(damaged + "names the chain scheme '" + meta["chain"] + "', which this takt does not know",
                           "db");
  // Format 2 derived its subkeys from the master key; format 3 from the journal's id, unless it
  // was a format-2 journal moved on.
  std::string subkeys = format == "2" ? "master" : meta["subkeys"];
  if (format == "2" && meta.count("subkeys")) subkeys.clear();
  uint64_t keyed_from = 0;
  const std::string& kf = meta["keyed_from"];
  auto [end, ec] = std::from_chars(kf.data(), kf.data() + kf.size(), keyed_from);
  Digest anchor{}, key_check{}, mac{};
  if (ec != std::errc() || end != kf.data() + kf.size() || keyed_from == 0 || !FromHex(meta["anchor"], anchor) ||
      !FromHex(meta["key_check"], key_check) || !FromHex(meta["meta_mac"], mac) || meta["journal_id"].empty() ||
      (subkeys != "journal" && subkeys != "master"))
    return Status::Internal(damaged + "is damaged: restore the journal from your backup");
  const std::string& id = meta["journal_id"];
  auto chain_for = [&](const Key& key) { return Chain(key, subkeys == "journal" ? id : "", keyed_from, anchor); };
  auto holds_key = [&](const Chain& c) {
    Digest want;
    return FromHex(KeyCheck(c, id), want) && SameDigest(want, key_check);
  };
  const std::string pending = pending_key_path();
  std::optional<Chain> chain;
  if (!Exists(key_path_) && Exists(pending)) {
    // An interrupted creation or upgrade: its key waits at KEY.pending. It is this journal's only
    // if it passes the key check; Settle then moves it in.
    auto key = ReadKeyFile(pending, path_);
    if (key.ok() && holds_key(chain_for(*key))) {
      chain = chain_for(*key);
      promote_pending_ = true;
    }
  }
  if (!chain) {
    auto key = ReadKeyFile(key_path_, path_);
    if (!key.ok()) return key.status();
    chain = chain_for(*key);
    if (!holds_key(*chain))
      return Status::Invalid("the key file " + key_path_ + " does not hold the key of the journal " + path_ +
                                 ": give the journal's own key file with --key-file, or restore it from your backup",
                             "key_file");
    // A promotion cut short between its link and its unlink leaves the same key pending too.
    if (mode_ == Mode::kReadWrite && Exists(pending)) {
      auto same = ReadKeyFile(pending, path_);
      if (same.ok() && same->bytes == key->bytes) TAKT_RETURN_IF_ERROR(RemoveFile(pending));
    }
  }
  Digest want;
  if (!FromHex(MetaMac(*chain, meta), want) || !SameDigest(want, mac))
    return Status::Internal(damaged + "was altered (its MAC does not match): restore the journal from your backup");
  chain_ = *chain;
  format_ = format == "2" ? 2 : 3;
  journal_id_ = id;
  return Status::Ok();
}

// What a read-write opener settles once the file is known: the snapshot checks of an unkeyed
// journal, the move of a format-2 journal to format 3, and a key left pending.
Status SqliteJournal::Settle() {
  if (format_ == 1 && !snapshot_macs_) {
    // Snapshots written before checks keep a NULL check and are never used.
    if (sqlite3_exec(db_, "ALTER TABLE snapshots ADD COLUMN mac BLOB", nullptr, nullptr, nullptr) != SQLITE_OK)
      return SqliteError(db_, "add snapshot checks to " + path_);
    snapshot_macs_ = true;
  }
  if (format_ == 2) TAKT_RETURN_IF_ERROR(MoveToFormat3());
  if (promote_pending_) {
    TAKT_RETURN_IF_ERROR(PromoteKeyFile(pending_key_path(), key_path_));
    promote_pending_ = false;
    finished_pending_key_ = true;
  }
  return Status::Ok();
}

// Format 2 to 3: the head gets its MAC, and the meta record says so (its subkeys stay the
// master key's: the events' MACs were made with them). One transaction.
Status SqliteJournal::MoveToFormat3() {
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE; ALTER TABLE head ADD COLUMN mac BLOB; DELETE FROM meta;", nullptr, nullptr,
                   nullptr) != SQLITE_OK) {
    Status st = SqliteError(db_, "move " + path_ + " to format 3");
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return st;
  }
  Status st = SealHead(db_, chain_);
  if (st.ok()) st = WriteMeta(db_, KeyedMeta(chain_, journal_id_, "master"));
  std::string done = std::string("PRAGMA user_version=") + kFormat + "; COMMIT;";
  if (st.ok() && sqlite3_exec(db_, done.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    st = SqliteError(db_, "move " + path_ + " to format 3");
  if (!st.ok()) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return st;
  }
  format_ = 3;
  return Status::Ok();
}

Status SqliteJournal::Upgrade() {
  if (chain_.keyed()) return Status::Conflict("the journal " + path_ + " has a keyed chain already");
  if (Exists(key_path_))
    return Status::Invalid("the key file " + key_path_ + " exists: takt upgrade makes a new key and never adopts one",
                           "key_file");
  const std::string pending = pending_key_path();
  if (Exists(pending)) TAKT_RETURN_IF_ERROR(RemoveFile(pending));  // an interrupted upgrade's: it sealed nothing
  auto key = CreateKeyFile(pending);
  if (!key.ok()) return key.status();
  CrashPoint("upgrade-key-created");
  Head h = head();
  const std::string id = NewJournalId();
  Chain chain(*key, id, h.seq + 1, h.hash);
  // The old snapshots' checks are unkeyed: nothing vouches for them under the key.
  std::string setup = std::string("BEGIN IMMEDIATE; CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL); ") +
                      kAddHeadColumns + " DELETE FROM snapshots;";
  Status st;
  if (sqlite3_exec(db_, setup.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) st = SqliteError(db_, "upgrade");
  if (st.ok()) st = SealHead(db_, chain);
  if (st.ok()) st = WriteMeta(db_, KeyedMeta(chain, id, "journal"));
  std::string ids =
      "PRAGMA application_id=" + std::to_string(kApplicationId) + "; PRAGMA user_version=" + kFormat + "; COMMIT;";
  if (st.ok() && sqlite3_exec(db_, ids.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    st = SqliteError(db_, "upgrade");
  if (!st.ok()) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    RemoveFile(pending);
    return st;
  }
  CrashPoint("upgrade-committed");
  chain_ = chain;
  format_ = 3;
  journal_id_ = id;
  TAKT_RETURN_IF_ERROR(PromoteKeyFile(pending, key_path_));
  return Prepare();
}

Result<std::unique_ptr<Journal>> OpenSqlite(const std::string& path, const OpenOptions& options) {
  auto j = std::make_unique<SqliteJournal>();
  TAKT_RETURN_IF_ERROR(j->Init(path, options));
  return std::unique_ptr<Journal>(std::move(j));
}

Status UpgradeSqlite(const std::string& path, const std::string& key_file) {
  auto j = std::make_unique<SqliteJournal>();
  TAKT_RETURN_IF_ERROR(j->Init(path, {Mode::kReadWrite, key_file}));
  if (j->chain().keyed()) {
    // An upgrade interrupted after its commit: opening it moved its key in, which finished it.
    if (j->finished_pending_key()) return Status::Ok();
    return Status::Conflict("the journal " + path + " has a keyed chain already");
  }
  VerifyReport r = Verify(*j);
  if (!r.status.ok())
    return Status::Internal("the journal " + path + " is not intact, so it is not keyed: " + r.status.message());
  return j->Upgrade();
}

}  // namespace takt::journal
