// The SQLite journal: durability contract, scans, snapshots, and tamper detection.
#include "journal/journal.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "support/process.h"

namespace takt::journal {
namespace {

std::vector<Event> MakeChain(uint64_t from, int n, Digest prev) {
  std::vector<Event> out;
  for (int i = 0; i < n; ++i) {
    Event e{from + i, Timestamp{1000 + static_cast<int64_t>(from + i)}, "user:t", "test.event",
            1,        "{\"i\":" + std::to_string(from + i) + "}",       {}};
    e.hash = ChainHash(prev, e);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

void Exec(const std::string& path, const std::string& sql) {
  sqlite3* db;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

class JournalTest : public ::testing::Test {
 protected:
  test::TempDir dir_;
  std::string path_ = dir_.File("j.db");
  std::string url_ = "sqlite:" + path_;
};

TEST_F(JournalTest, AppendsScansAndReopens) {
  {
    auto j = Open(url_, Mode::kReadWrite);
    ASSERT_TRUE(j.ok()) << j.status().ToString();
    auto a = MakeChain(1, 5, {});
    ASSERT_TRUE((*j)->Append(a).ok());
    auto b = MakeChain(6, 3, a.back().hash);
    ASSERT_TRUE((*j)->Append(b).ok());
    EXPECT_EQ((*j)->head().seq, 8u);
    // Out-of-sequence appends are refused and change nothing.
    EXPECT_FALSE((*j)->Append(MakeChain(3, 1, {})).ok());
    EXPECT_EQ((*j)->head().seq, 8u);
  }
  auto j = Open(url_, Mode::kReadOnly);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ((*j)->head().seq, 8u);
  std::vector<uint64_t> seen;
  ASSERT_TRUE((*j)->Scan(2, 3,
                         [&](const Event& e) {
                           seen.push_back(e.seq);
                           return true;
                         })
                  .ok());
  EXPECT_EQ(seen, (std::vector<uint64_t>{3, 4, 5}));
  EXPECT_TRUE(Verify(**j).status.ok());
  EXPECT_EQ(Verify(**j).events, 8u);
}

TEST_F(JournalTest, ASecondWriterIsRefused) {
  auto a = Open(url_, Mode::kReadWrite);
  ASSERT_TRUE(a.ok());
  auto b = Open(url_, Mode::kReadWrite);
  EXPECT_EQ(b.status().code(), Code::kConflict);
  EXPECT_TRUE(Open(url_, Mode::kReadOnly).ok());  // readers are welcome
}

TEST_F(JournalTest, SnapshotsKeepTheNewest) {
  auto j = Open(url_, Mode::kReadWrite);
  ASSERT_TRUE(j.ok());
  EXPECT_FALSE((*(*j)->LatestSnapshot()).has_value());
  for (uint64_t s : {10, 20, 30}) ASSERT_TRUE((*j)->SaveSnapshot({s, {}, "state" + std::to_string(s)}).ok());
  auto snap = (*j)->LatestSnapshot();
  ASSERT_TRUE(snap.ok() && snap->has_value());
  EXPECT_EQ((*snap)->seq, 30u);
  EXPECT_EQ((*snap)->body, "state30");
}

TEST_F(JournalTest, VerifyDetectsEditedEvent) {
  {
    auto j = Open(url_, Mode::kReadWrite);
    ASSERT_TRUE((*j)->Append(MakeChain(1, 10, {})).ok());
  }
  Exec(path_, "UPDATE events SET payload = '{\"i\":99}' WHERE seq = 4");
  auto j = Open(url_, Mode::kReadOnly);
  auto r = Verify(**j);
  EXPECT_FALSE(r.status.ok());
  EXPECT_EQ(r.events, 3u);
  EXPECT_NE(r.status.message().find("event 4"), std::string::npos);
}

TEST_F(JournalTest, VerifyDetectsDeletedEvents) {
  {
    auto j = Open(url_, Mode::kReadWrite);
    ASSERT_TRUE((*j)->Append(MakeChain(1, 10, {})).ok());
  }
  Exec(path_, "DELETE FROM events WHERE seq = 5");
  auto r = Verify(**Open(url_, Mode::kReadOnly));
  EXPECT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find("event 5 is missing"), std::string::npos);
}

TEST_F(JournalTest, VerifyDetectsTruncatedTail) {
  {
    auto j = Open(url_, Mode::kReadWrite);
    ASSERT_TRUE((*j)->Append(MakeChain(1, 10, {})).ok());
  }
  Exec(path_, "DELETE FROM events WHERE seq >= 9");
  auto r = Verify(**Open(url_, Mode::kReadOnly));
  EXPECT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find("removed"), std::string::npos);
}

TEST_F(JournalTest, BadUrls) {
  EXPECT_EQ(Open("takt.db", Mode::kReadWrite).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Open("mysql://x", Mode::kReadWrite).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Open("sqlite:", Mode::kReadWrite).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Open("sqlite://relative", Mode::kReadWrite).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Open("sqlite:" + dir_.File("none.db"), Mode::kReadOnly).status().code(), Code::kNotFound);
  EXPECT_TRUE(Open("sqlite://" + dir_.File("abs.db"), Mode::kReadWrite).ok());
}

}  // namespace
}  // namespace takt::journal
