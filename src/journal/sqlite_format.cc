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

#include "journal/key_file.h"
#include "journal/sqlite_journal.h"

namespace takt::journal {
namespace {

constexpr int kApplicationId = 0x54616b74;  // "Takt", in the SQLite header (`file` shows it)
constexpr const char* kFormat = "2";
constexpr const char* kKeyedScheme = "keyed-blake2b-256";

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE events(
  seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, actor TEXT NOT NULL, type TEXT NOT NULL,
  version INTEGER NOT NULL, payload TEXT NOT NULL, hash BLOB NOT NULL);
CREATE TABLE head(
  id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash BLOB NOT NULL, format INTEGER NOT NULL);
CREATE TABLE snapshots(seq INTEGER PRIMARY KEY, hash BLOB NOT NULL, body BLOB NOT NULL, mac BLOB);
INSERT INTO head VALUES (1, 0, zeroblob(32), 2);
)sql";

// head.format stops takt builds from before format 2 writing to a keyed journal (they would
// chain unkeyed events onto it): their schema statement inserts a head row of three values.
constexpr const char* kAddHeadFormat = "ALTER TABLE head ADD COLUMN format INTEGER NOT NULL DEFAULT 2;";

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

// The meta record of a keyed chain.
Meta KeyedMeta(const Chain& c) {
  Digest id_bytes{};
  std::memcpy(id_bytes.data(), RandomKey().bytes.data(), id_bytes.size());
  Meta m{{"format", kFormat},
         {"chain", kKeyedScheme},
         {"journal_id", ToHex(id_bytes).substr(0, 32)},
         {"keyed_from", std::to_string(c.keyed_from())},
         {"anchor", ToHex(c.anchor())}};
  m["key_check"] = KeyCheck(c, m["journal_id"]);
  m["meta_mac"] = MetaMac(c, m);
  return m;
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
    lock_fd_ = open((path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) return Status::Internal("cannot create " + path + ".lock: " + Errno());
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
  TAKT_RETURN_IF_ERROR(OpenConnection(&db_));
  TAKT_RETURN_IF_ERROR(ReadFormat());
  if (mode_ == Mode::kReadWrite) TAKT_RETURN_IF_ERROR(Prepare());
  return ReadHead();
}

// Key first, then the database built aside and renamed into place: a journal never exists
// without its key, and a crash never leaves a half-made journal at `path_`.
Status SqliteJournal::Create() {
  auto key = Exists(key_path_) ? ReadKeyFile(key_path_, path_) : CreateKeyFile(key_path_);
  if (!key.ok()) return key.status();
  CrashPoint("key-created");
  Chain chain(*key, 1, Digest{});
  const std::string tmp = path_ + ".new";
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) unlink((tmp + suffix).c_str());  // a crashed attempt's
  sqlite3* db = nullptr;
  Status st;
  if (sqlite3_open_v2(tmp.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    st = SqliteError(db, "create " + tmp);
  } else {
    std::string setup = "PRAGMA synchronous=FULL; PRAGMA application_id=" + std::to_string(kApplicationId) +
                        "; PRAGMA user_version=" + kFormat + "; BEGIN;" + kSchema;
    if (sqlite3_exec(db, setup.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) st = SqliteError(db, "create schema");
    if (st.ok()) st = WriteMeta(db, KeyedMeta(chain));
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
  if (!st.ok()) unlink(tmp.c_str());
  return st;
}

Status SqliteJournal::ReadFormat() {
  bool meta = false, events = false, head = false, snapshots = false;
  {
    Stmt s(db_, "SELECT name FROM sqlite_schema WHERE type = 'table'");
    int rc = s.ok() ? SQLITE_ROW : SQLITE_ERROR;
    while (s.ok() && (rc = sqlite3_step(s.get())) == SQLITE_ROW) {
      std::string name = Text(s.get(), 0);
      meta |= name == "meta";
      events |= name == "events";
      head |= name == "head";
      snapshots |= name == "snapshots";
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, "cannot read " + path_ + " (damaged?)");
  }
  if (meta) return ReadMeta();
  if (!events || !head || !snapshots)
    return Status::Invalid(NotAJournal(path_, "is a SQLite database without the events, head and snapshots tables"),
                           "db");
  // An unkeyed journal, written before keyed chains.
  auto app = PragmaInt(db_, "PRAGMA application_id");
  if (!app.ok()) return app.status();
  if (*app == kApplicationId)
    return Status::Internal("the journal " + path_ +
                            " has lost its meta record (it was keyed): restore the journal from your backup");
  if (Exists(key_path_) && !upgrading_)
    return Status::Invalid("the journal " + path_ + " records no chain key, yet the key file " + key_path_ +
                               " exists: either its key record was removed to pass forged history off as unkeyed "
                               "(restore the journal from your backup), or takt upgrade was interrupted (run it again)",
                           "db");
  chain_ = Chain();
  Stmt cols(db_, "SELECT 1 FROM pragma_table_info('snapshots') WHERE name = 'mac'");
  if (!cols.ok()) return SqliteError(db_, "read " + path_);
  snapshot_macs_ = sqlite3_step(cols.get()) == SQLITE_ROW;
  if (!snapshot_macs_ && mode_ == Mode::kReadWrite) {
    // Snapshots written before checks keep a NULL check and are never used.
    if (sqlite3_exec(db_, "ALTER TABLE snapshots ADD COLUMN mac BLOB", nullptr, nullptr, nullptr) != SQLITE_OK)
      return SqliteError(db_, "add snapshot checks to " + path_);
    snapshot_macs_ = true;
  }
  return Status::Ok();
}

Status SqliteJournal::ReadMeta() {
  Meta meta;
  {
    Stmt s(db_, "SELECT name, value FROM meta");
    int rc = s.ok() ? SQLITE_ROW : SQLITE_ERROR;
    while (s.ok() && (rc = sqlite3_step(s.get())) == SQLITE_ROW) meta[Text(s.get(), 0)] = Text(s.get(), 1);
    if (rc != SQLITE_DONE) return SqliteError(db_, "read the meta record of " + path_);
  }
  const std::string damaged = "the journal " + path_ + "'s meta record ";
  if (meta["format"] != kFormat)
    return Status::Invalid(damaged + "says format '" + meta["format"] + "'; this takt reads format " + kFormat +
                               " (written by a newer takt?)",
                           "db");
  if (meta["chain"] != kKeyedScheme)
    return Status::Invalid(damaged + "names the chain scheme '" + meta["chain"] + "', which this takt does not know",
                           "db");
  uint64_t keyed_from = 0;
  const std::string& kf = meta["keyed_from"];
  auto [end, ec] = std::from_chars(kf.data(), kf.data() + kf.size(), keyed_from);
  Digest anchor{}, key_check{}, mac{};
  if (ec != std::errc() || end != kf.data() + kf.size() || keyed_from == 0 || !FromHex(meta["anchor"], anchor) ||
      !FromHex(meta["key_check"], key_check) || !FromHex(meta["meta_mac"], mac) || meta["journal_id"].empty())
    return Status::Internal(damaged + "is damaged: restore the journal from your backup");
  auto key = ReadKeyFile(key_path_, path_);
  if (!key.ok()) return key.status();
  Chain chain(*key, keyed_from, anchor);
  Digest want;
  if (!FromHex(KeyCheck(chain, meta["journal_id"]), want) || !SameDigest(want, key_check))
    return Status::Invalid("the key file " + key_path_ + " does not hold the key of the journal " + path_ +
                               ": give the journal's own key file with --key-file, or restore it from your backup",
                           "key_file");
  if (!FromHex(MetaMac(chain, meta), want) || !SameDigest(want, mac))
    return Status::Internal(damaged + "was altered (its MAC does not match): restore the journal from your backup");
  chain_ = chain;
  return Status::Ok();
}

Status SqliteJournal::Upgrade() {
  if (chain_.keyed()) return Status::Conflict("the journal " + path_ + " has a keyed chain already");
  auto key = Exists(key_path_) ? ReadKeyFile(key_path_, path_) : CreateKeyFile(key_path_);
  if (!key.ok()) return key.status();
  CrashPoint("upgrade-key-created");
  Head h = head();
  Chain chain(*key, h.seq + 1, h.hash);
  // The old snapshots' checks are unkeyed: nothing vouches for them under the key.
  std::string setup = std::string("BEGIN IMMEDIATE; CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL); ") +
                      kAddHeadFormat + " DELETE FROM snapshots;";
  if (sqlite3_exec(db_, setup.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return SqliteError(db_, "upgrade");
  Status st = WriteMeta(db_, KeyedMeta(chain));
  std::string ids =
      "PRAGMA application_id=" + std::to_string(kApplicationId) + "; PRAGMA user_version=" + kFormat + "; COMMIT;";
  if (st.ok() && sqlite3_exec(db_, ids.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    st = SqliteError(db_, "upgrade");
  if (!st.ok()) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return st;
  }
  chain_ = chain;
  return Status::Ok();
}

Result<std::unique_ptr<Journal>> OpenSqlite(const std::string& path, const OpenOptions& options) {
  auto j = std::make_unique<SqliteJournal>();
  TAKT_RETURN_IF_ERROR(j->Init(path, options));
  return std::unique_ptr<Journal>(std::move(j));
}

Status UpgradeSqlite(const std::string& path, const std::string& key_file) {
  auto j = std::make_unique<SqliteJournal>();
  j->set_upgrading();
  TAKT_RETURN_IF_ERROR(j->Init(path, {Mode::kReadWrite, key_file}));
  if (j->chain().keyed()) return Status::Conflict("the journal " + path + " has a keyed chain already");
  TAKT_RETURN_IF_ERROR(j->CheckEnds());
  VerifyReport r = Verify(*j);
  if (!r.status.ok())
    return Status::Internal("the journal " + path + " is not intact, so it is not keyed: " + r.status.message());
  return j->Upgrade();
}

}  // namespace takt::journal
