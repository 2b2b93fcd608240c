// The takt command line: help everywhere, one-line errors with non-zero exits.
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <set>

#include "api/fixture.h"
#include "core/time.h"

namespace takt::test {
namespace {

size_t Lines(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

TEST(Cli, HelpOnEverySubcommand) {
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{{"--help"},
                                                                             {"serve", "--help"},
                                                                             {"demo", "--help"},
                                                                             {"user", "--help"},
                                                                             {"user", "add", "--help"},
                                                                             {"verify", "--help"}}) {
    auto r = RunTakt(args);
    EXPECT_EQ(r.exit_code, 0) << args[0];
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << r.out;
  }
  EXPECT_NE(RunTakt({"serve", "--help"}).out.find("--listen"), std::string::npos);
}

TEST(Cli, BadFlagsAndUrlsFailWithOneLine) {
  TempDir dir;
  std::string db = "sqlite:" + dir.File("x.db");
  const std::vector<std::vector<std::string>> bad = {
      {},
      {"frobnicate"},
      {"serve", "--bogus"},
      {"serve", "--db", "mysql://x", "--listen", "127.0.0.1:0"},
      {"serve", "--db", "nodb", "--listen", "127.0.0.1:0"},
      {"serve", "--db", db, "--listen", "localhost"},
      {"serve", "--db", db, "--listen", "127.0.0.1:99999"},
      {"serve", "--db", db, "--listen", "example.com:80"},
      {"serve", "--db", db, "--listen", "127.0.0.1:0", "--replan-every", "-1"},
      {"user", "add", "bob", "--role", "king", "--db", db},
      {"user", "add", "--role", "admin", "--db", db},
      {"user", "add", "bad name", "--role", "admin", "--db", db},
      {"verify", "--db", "sqlite:" + dir.File("missing.db")},
      {"verify", "--db", "postgresql://localhost/takt"},
  };
  for (const auto& args : bad) {
    auto r = RunTakt(args);
    std::string cmd;
    for (const auto& a : args) cmd += a + " ";
    EXPECT_NE(r.exit_code, 0) << cmd;
    EXPECT_EQ(Lines(r.out), 1u) << cmd << "\n" << r.out;
    EXPECT_EQ(r.out.rfind("takt: ", 0), 0u) << cmd << "\n" << r.out;
  }
}

TEST(Cli, UserAddPrintsATokenThatWorks) {
  TempDir dir;
  std::string token = AddUser(dir.File("p.db"), "alice", "viewer");
  EXPECT_EQ(token.rfind("takt_", 0), 0u);
  auto dup = RunTakt({"user", "add", "alice", "--role", "admin", "--db", "sqlite:" + dir.File("p.db")});
  EXPECT_NE(dup.exit_code, 0);
  ServerProcess server(dir.File("p.db"));
  HttpClient c(server.base(), token);
  auto me = c.Get("/api/v1/me");
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.json().at("name"), "alice");
  // While the server holds the journal, the CLI refuses to write to it.
  auto busy = RunTakt({"user", "add", "bob", "--role", "admin", "--db", "sqlite:" + dir.File("p.db")});
  EXPECT_NE(busy.exit_code, 0);
  EXPECT_NE(busy.out.find("in use"), std::string::npos) << busy.out;
  // The token is stored only as a hash.
  server.Terminate();
  sqlite3* db;
  ASSERT_EQ(sqlite3_open(dir.File("p.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM events WHERE instr(payload, ?1) > 0", -1, &s, nullptr),
            SQLITE_OK);
  sqlite3_bind_text(s, 1, token.c_str(), -1, SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(s, 0), 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
}

TEST(Cli, VerifyDetectsTampering) {
  TempDir dir;
  AddUser(dir.File("v.db"), "alice", "admin");
  AddUser(dir.File("v.db"), "bob", "viewer");
  EXPECT_EQ(RunTakt({"verify", "--db", "sqlite:" + dir.File("v.db")}).exit_code, 0);
  sqlite3* db;
  ASSERT_EQ(sqlite3_open(dir.File("v.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE events SET actor = 'user:mallory' WHERE seq = 1", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto r = RunTakt({"verify", "--db", "sqlite:" + dir.File("v.db")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("event 1"), std::string::npos) << r.out;
  // Start-up checks the chain of the events it replays: with no snapshot to start from, the
  // tampered event is replayed and the server refuses to start.
  ASSERT_EQ(sqlite3_open(dir.File("v.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "DELETE FROM snapshots", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  try {
    ServerProcess server(dir.File("v.db"));
    ADD_FAILURE() << "a tampered journal was served";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("hash check"), std::string::npos) << e.what();
  }
}

TEST(Cli, DemoCreatesThePlantOnceAndServesIt) {
  TempDir dir;
  std::string token;
  uint64_t head = 0;
  {
    ServerProcess demo(dir.File("demo.db"), "demo");
    auto at = demo.banner().find("takt_");
    ASSERT_NE(at, std::string::npos) << demo.banner();
    token = demo.banner().substr(at, demo.banner().find('\n', at) - at);
    HttpClient c(demo.base(), token);
    auto sites = c.Get("/api/v1/equipment?level=site");
    ASSERT_EQ(sites.status, 200);
    ASSERT_EQ(sites.json().at("items").as_array().size(), 2u);
    auto tz0 = sites.json().at("items").at(0).at("time_zone"), tz1 = sites.json().at("items").at(1).at("time_zone");
    EXPECT_NE(tz0, tz1);
    auto units = c.Get("/api/v1/equipment?level=work_unit&limit=1000");
    EXPECT_GE(units.json().at("items").as_array().size(), 18u);
    EXPECT_GE(c.Get("/api/v1/product-definitions").json().at("items").as_array().size(), 2u);
    EXPECT_GE(c.Get("/api/v1/persons").json().at("items").as_array().size(), 5u);
    EXPECT_GE(c.Get("/api/v1/material-lots").json().at("items").as_array().size(), 5u);
    EXPECT_EQ(c.Get("/api/v1/material-lots?status=quarantine").json().at("items").as_array().size(), 1u);
    // Work orders in several states, one under way on a lathe.
    EXPECT_EQ(c.Get("/api/v1/work-orders").json().at("items").as_array().size(), 4u);
    auto lathe = c.Get("/api/v1/work-orders/WO-2611-001");
    EXPECT_EQ(lathe.json().at("status"), "in_progress") << lathe.body;
    EXPECT_EQ(lathe.json().at("operations").at(0).at("good"), 12);
    auto queue = c.Get("/api/v1/dispatch?work_center=LYON-MACH-TURN");
    ASSERT_EQ(queue.status, 200) << queue.body;
    // The housing's turning, and both branches of the valve body (body and mounting boss).
    std::set<std::string> turning;
    for (const auto& item : queue.json().at("items").as_array()) {
      turning.insert(std::string(item.at("order").as_string()) + "/" + std::string(item.at("operation").as_string()));
      EXPECT_TRUE(item.at("scheduled_start").is_string()) << item;  // a first schedule
    }
    EXPECT_EQ(turning, (std::set<std::string>{"WO-2611-002/OP10", "WO-2611-004/OP10", "WO-2611-004/OP15"}));
    EXPECT_EQ(c.Get("/api/v1/schedules/active").status, 200);
    // The simulated machines have eight hours of history: Lyon works three shifts every day.
    auto since = std::chrono::duration_cast<std::chrono::microseconds>(
                     std::chrono::system_clock::now().time_since_epoch() - std::chrono::hours(6))
                     .count();
    auto kpi = c.Get("/api/v1/kpi?equipment=LYON&from=" + takt::FormatIso8601(takt::Timestamp{since}));
    ASSERT_EQ(kpi.status, 200) << kpi.body;
    EXPECT_GT(kpi.json().at("counts").at("produced").as_int64(), 0) << kpi.body;
    EXPECT_GT(kpi.json().at("time_s").at("production").to_number<double>(), 0) << kpi.body;
    head = c.Get("/api/v1/health").json().at("journal_seq").to_number<uint64_t>();
  }
  ServerProcess again(dir.File("demo.db"), "demo", {"--no-simulator"});
  EXPECT_NE(again.banner().find("0 resources and 0 work orders created now"), std::string::npos) << again.banner();
  HttpClient old(again.base(), token);
  EXPECT_EQ(old.Get("/api/v1/me").status, 401);  // each start issues a fresh token
  auto at = again.banner().find("takt_");
  HttpClient c(again.base(), again.banner().substr(at, again.banner().find('\n', at) - at));
  // Only the fresh tokens of the four demo users (one per role).
  EXPECT_EQ(c.Get("/api/v1/health").json().at("journal_seq").to_number<uint64_t>(), head + 4);
  EXPECT_NE(again.banner().find("user demo-operator"), std::string::npos) << again.banner();
}

}  // namespace
}  // namespace takt::test

namespace takt::test {
namespace {

TEST(Cli, ScheduleSolveReportsMalformedLinesAndPrintsSchedules) {
  TempDir dir;
  {
    std::ofstream(dir.File("bad.txt")) << "2 2\n0 3 1 2\n1 4 0\n";
    std::ofstream(dir.File("ok.txt")) << "2 2\n0 3 1 2\n1 4 0 1\n";
    std::ofstream(dir.File("flex.txt")) << "1 2\n2 2 0 3 1 1 1 0 2\n";
  }
  auto bad = RunTakt({"schedule", "solve", dir.File("bad.txt")});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.out.find("line 3"), std::string::npos) << bad.out;
  EXPECT_EQ(Lines(bad.out), 1u);
  EXPECT_NE(RunTakt({"schedule", "solve", dir.File("missing.txt")}).exit_code, 0);
  EXPECT_NE(RunTakt({"schedule", "solve", dir.File("ok.txt"), "--format", "xml"}).exit_code, 0);
  auto ok = RunTakt({"schedule", "solve", dir.File("ok.txt"), "--time-limit", "1", "--iterations", "100"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_EQ(ok.out, "makespan 6\n0 4\n0 4\n");
  auto flex = RunTakt({"schedule", "solve", dir.File("flex.txt"), "--format", "fjsp", "--time-limit", "1"});
  EXPECT_EQ(flex.out, "makespan 3\n1:0 0:1\n");
}

}  // namespace
}  // namespace takt::test
