#include "support/journal_files.h"

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <vector>

#include "core/event.h"

namespace takt::test {
namespace {

sqlite3* OpenDb(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI | (path.rfind("file:", 0) == 0 ? SQLITE_OPEN_CREATE : 0),
                      nullptr) != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw std::runtime_error("open " + path + ": " + why);
  }
  sqlite3_busy_timeout(db, 10000);
  return db;
}

void Exec(sqlite3* db, const std::string& sql) {
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    std::string why = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error(sql + ": " + why);
  }
}

}  // namespace

void Sql(const std::string& path, const std::string& sql) {
  sqlite3* db = OpenDb(path);
  Exec(db, sql);
  sqlite3_close(db);
}

std::string SqlValue(const std::string& path, const std::string& sql) {
  sqlite3* db = OpenDb(path);
  sqlite3_stmt* s = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    std::string why = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error(sql + ": " + why);
  }
  if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
    out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

void RechainUnkeyed(const std::string& path) {
  sqlite3* db = OpenDb(path);
  std::vector<Event> events;
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT seq, time, actor, type, version, payload FROM events ORDER BY seq", -1, &s, nullptr);
  while (sqlite3_step(s) == SQLITE_ROW) {
    Event e;
    e.seq = static_cast<uint64_t>(sqlite3_column_int64(s, 0));
    e.time.micros = sqlite3_column_int64(s, 1);
    e.actor = reinterpret_cast<const char*>(sqlite3_column_text(s, 2));
    e.type = reinterpret_cast<const char*>(sqlite3_column_text(s, 3));
    e.version = sqlite3_column_int(s, 4);
    e.payload = reinterpret_cast<const char*>(sqlite3_column_text(s, 5));
    events.push_back(std::move(e));
  }
  sqlite3_finalize(s);
  Exec(db, "BEGIN");
  sqlite3_prepare_v2(db, "UPDATE events SET hash = ?2 WHERE seq = ?1", -1, &s, nullptr);
  Digest prev{};
  for (Event& e : events) {
    e.hash = ChainHash(prev, e);
    prev = e.hash;
    sqlite3_bind_int64(s, 1, static_cast<int64_t>(e.seq));
    sqlite3_bind_blob(s, 2, e.hash.data(), 32, SQLITE_TRANSIENT);
    sqlite3_step(s);
    sqlite3_reset(s);
  }
  sqlite3_finalize(s);
  sqlite3_prepare_v2(db, "UPDATE head SET seq = ?1, hash = ?2", -1, &s, nullptr);
  sqlite3_bind_int64(s, 1, events.empty() ? 0 : static_cast<int64_t>(events.back().seq));
  sqlite3_bind_blob(s, 2, prev.data(), 32, SQLITE_TRANSIENT);
  sqlite3_step(s);
  sqlite3_finalize(s);
  Exec(db, "COMMIT");
  sqlite3_close(db);
}

void MakeUnkeyed(const std::string& path) {
  Sql(path,
      "DROP TABLE meta; DELETE FROM snapshots; ALTER TABLE snapshots DROP COLUMN mac; ALTER TABLE head DROP COLUMN "
      "format; ALTER TABLE head DROP COLUMN mac; PRAGMA application_id = 0; PRAGMA user_version = 0;");
  RechainUnkeyed(path);
  std::filesystem::remove(path + ".key");
  std::filesystem::remove(path + ".key.highwater");
}

void WriteGarbage(const std::string& path, uint64_t offset, size_t n) {
  std::mt19937_64 rng(offset + n);
  std::string junk(n, '\0');
  for (char& c : junk) c = static_cast<char>(rng());
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  if (!f) throw std::runtime_error("cannot write garbage into " + path);
}

uint64_t FileSize(const std::string& path) {
  return std::filesystem::file_size(path);
}

void CopyJournal(const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  for (const char* suffix : {"", "-wal", ".key"})
    if (fs::exists(from + suffix)) fs::copy_file(from + suffix, to + suffix, fs::copy_options::overwrite_existing);
}

}  // namespace takt::test
