// The transport under abuse, against real `takt serve` processes: idle connections beyond the
// caps and beyond the descriptor limit, slow headers, and framing that could smuggle a request.
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <thread>

#include "api/fixture.h"
#include "api/raw_http.h"
#include "support/child.h"

namespace takt::test {
namespace {

using namespace std::chrono_literals;

// Closes its descriptors when it goes.
struct Sockets {
  std::vector<int> fds;
  ~Sockets() { CloseAll(); }
  void CloseAll() {
    for (int fd : fds) close(fd);
    fds.clear();
  }
  // Opens `n` idle connections from `source`; false if one fails to connect.
  bool Open(int port, int n, const char* source) {
    for (int i = 0; i < n; ++i) {
      int fd = Connect(port, source);
      if (fd < 0) return false;
      fds.push_back(fd);
    }
    return true;
  }
  int Closed(size_t from = 0, size_t to = SIZE_MAX) const {
    int n = 0;
    for (size_t i = from; i < std::min(to, fds.size()); ++i) n += PeerClosed(fds[i]);
    return n;
  }
};

// Waits for `done` until `limit`; true if it came.
template <typename F>
bool WaitFor(F done, std::chrono::milliseconds limit = 10s) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

// CPU seconds the process used over one second of waiting.
double CpuOverASecond(pid_t pid) {
  double before = CpuSeconds(pid);
  std::this_thread::sleep_for(1s);
  return CpuSeconds(pid) - before;
}

// `takt serve` with at most `descriptors` open files (soft and hard: it cannot raise them).
class LimitedServer {
 public:
  LimitedServer(const TempDir& dir, int descriptors, std::vector<std::string> flags = {})
      : child_(Argv(dir, descriptors, std::move(flags)), dir.File("serve.log")) {
    WaitFor(
        [&] {
          std::string out = child_.Output();
          auto at = out.find("listening on http://127.0.0.1:");
          if (at != std::string::npos) port_ = std::atoi(out.c_str() + at + 30);
          return port_ != 0;
        },
        20s);
    if (port_ == 0) throw std::runtime_error("takt did not start: " + child_.Output());
  }
  int port() const { return port_; }
  pid_t pid() const { return child_.pid(); }

 private:
  static std::vector<std::string> Argv(const TempDir& dir, int descriptors, std::vector<std::string> flags) {
    std::vector<std::string> argv = {"/bin/sh",
                                     "-c",
                                     "ulimit -n " + std::to_string(descriptors) + " && exec \"$0\" \"$@\"",
                                     TaktBinary(),
                                     "serve",
                                     "--db",
                                     "sqlite:" + dir.File("plant.db"),
                                     "--listen",
                                     "127.0.0.1:0",
                                     "--threads",
                                     "2"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    return argv;
  }
  Child child_;
  int port_ = 0;
};

bool IsJsonError(const std::string& body, const std::string& code) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  return !ec && v.is_object() && v.as_object().contains("error") && v.at("error").at("code") == code.c_str();
}

// The tester's attack, scaled to a small descriptor limit: more idle connections from one
// address than the process has descriptors. The per-address cap (a quarter of what the limit
// allows, by default) turns the surplus away, so another client is still served and the
// process stays idle (before, accept failed with EMFILE and was retried at once, forever).
TEST(Connections, IdleConnectionsBeyondTheDescriptorLimitDoNotStopTheServer) {
  TempDir dir;
  LimitedServer server(dir, 128);
  Sockets idle;
  ASSERT_TRUE(idle.Open(server.port(), 200, "127.0.0.1"));
  // The cap for 128 descriptors: 64 connections, 16 per address; the rest are answered and closed.
  EXPECT_TRUE(WaitFor([&] { return idle.Closed() >= 200 - 16; })) << idle.Closed() << " closed";
  auto health = RawGet(server.port(), "/api/v1/health", "", "127.0.0.2");
  EXPECT_EQ(health.status, 200) << health.head;
  EXPECT_LT(CpuOverASecond(server.pid()), 0.3);
}

// Explicit caps: per address 429, in all 503, each answered at once and closed, while clients
// within the caps keep their connections and the process stays idle.
TEST(Connections, CapsInAllAndPerAddressRefuseTheSurplus) {
  TempDir dir;
  LimitedServer server(dir, 4096,
                       {"--max-connections", "40", "--max-connections-per-address", "10", "--idle-timeout", "60"});
  Sockets one;
  ASSERT_TRUE(one.Open(server.port(), 30, "127.0.0.1"));
  Reading refused = ReadToClose(one.fds.back(), 5s);
  EXPECT_TRUE(refused.closed);
  EXPECT_EQ(refused.data.rfind("HTTP/1.1 429", 0), 0u) << refused.data;
  EXPECT_TRUE(IsJsonError(refused.data.substr(refused.data.find("\r\n\r\n") + 4), "too_many_requests"));
  EXPECT_TRUE(WaitFor([&] { return one.Closed() == 20; })) << one.Closed();
  EXPECT_EQ(one.Closed(0, 10), 0);  // the first ten were accepted and stay open

  // Another address is served; then three more fill the server.
  EXPECT_EQ(RawGet(server.port(), "/api/v1/health", "", "127.0.0.2").status, 200);
  Sockets others;
  for (const char* source : {"127.0.0.3", "127.0.0.4", "127.0.0.5"})
    ASSERT_TRUE(others.Open(server.port(), 10, source));
  auto full = RawGet(server.port(), "/api/v1/health", "", "127.0.0.6");
  EXPECT_EQ(full.status, 503) << full.head;
  EXPECT_TRUE(full.closed);
  EXPECT_TRUE(IsJsonError(full.body, "unavailable")) << full.body;
  EXPECT_NE(full.head.find("Retry-After: 1"), std::string::npos);
  EXPECT_LT(CpuOverASecond(server.pid()), 0.3);

  // Room again once clients go.
  others.CloseAll();
  EXPECT_TRUE(WaitFor([&] { return RawGet(server.port(), "/api/v1/health", "", "127.0.0.6").status == 200; }));
}

// Caps set above what the descriptors allow: accept runs out of descriptors. The reserve
// descriptor answers the surplus 503, accepting pauses instead of spinning, and the server
// serves again once descriptors free up.
TEST(Connections, OutOfDescriptorsTheSurplusGets503AndAcceptingPauses) {
  TempDir dir;
  LimitedServer server(dir, 128,
                       {"--max-connections", "1000", "--max-connections-per-address", "1000", "--idle-timeout", "60"});
  Sockets idle;
  ASSERT_TRUE(idle.Open(server.port(), 200, "127.0.0.1"));
  // Some 90 fit in the descriptors left; each of the others hears 503 and is closed.
  Reading shed = ReadToClose(idle.fds.back(), 10s);
  EXPECT_TRUE(shed.closed);
  EXPECT_EQ(shed.data.rfind("HTTP/1.1 503", 0), 0u) << shed.data;
  EXPECT_TRUE(WaitFor([&] { return idle.Closed() >= 60; }, 20s)) << idle.Closed() << " closed";
  EXPECT_LT(CpuOverASecond(server.pid()), 0.3);
  idle.CloseAll();
  EXPECT_TRUE(WaitFor([&] { return RawGet(server.port(), "/api/v1/health").status == 200; }));
}

// Slowloris: headers trickled in, and idle keep-alive connections, are closed after the idle
// timeout (1 s here, 10 s by default; it was 60 s). A server-sent event stream is not.
class Timeouts : public ServerTest {
 protected:
  Timeouts() { server_args_ = {"--idle-timeout", "1"}; }
};

TEST_F(Timeouts, SlowHeadersAndIdleConnectionsAreClosedButEventStreamsStay) {
  int slow = Connect(server_->port());
  ASSERT_GE(slow, 0);
  const std::string head = "GET /api/v1/health HTTP/1.1\r\nHost: test\r\nX-Slow: ";
  auto start = std::chrono::steady_clock::now();
  bool closed = false;
  for (int i = 0; i < 60 && !closed; ++i) {  // a byte every 100 ms: never a whole header block
    std::string byte = i < static_cast<int>(head.size()) ? head.substr(i, 1) : "a";
    closed = send(slow, byte.data(), 1, MSG_NOSIGNAL) != 1 || PeerClosed(slow);
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(closed || ReadToClose(slow, 5s).closed) << "slow headers still read after 6 s";
  EXPECT_LT(std::chrono::steady_clock::now() - start, 12s);
  close(slow);

  int idle = Connect(server_->port());
  ASSERT_GE(idle, 0);
  EXPECT_TRUE(ReadToClose(idle, 10s).closed);
  close(idle);

  ASSERT_EQ(Client().Post("/api/v1/equipment", R"({"id":"ENT","level":"enterprise"})").status, 201);
  int live = Connect(server_->port());
  std::string get = "GET /api/v1/live?equipment=ENT HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " +
                    tokens_["viewer"] + "\r\n\r\n";
  ASSERT_EQ(send(live, get.data(), get.size(), MSG_NOSIGNAL), static_cast<ssize_t>(get.size()));
  // Past several idle timeouts the stream is still there, and its heartbeat (every 5 s) arrives.
  Reading r = ReadToClose(live, 7s);
  EXPECT_FALSE(r.closed);
  EXPECT_NE(r.data.find("text/event-stream"), std::string::npos);
  EXPECT_NE(r.data.find(": heartbeat"), std::string::npos) << r.data;  // sent every 5 s
  close(live);
}

// Framing: a Transfer-Encoding other than `chunked` alone, or together with Content-Length, is
// refused with 400 and the connection closed, so the bytes after the headers are never taken
// for a request. Before, without a Content-Length the body was read as a second request: here a
// POST that would create a unit.
class Framing : public ServerTest {};

TEST_F(Framing, OnlyChunkedIsAcceptedAndNothingIsSmuggled) {
  const std::string auth = "Authorization: Bearer " + tokens_["admin"] + "\r\n";
  uint64_t head = JournalHead();
  int n = 0;
  for (const std::string framing :
       {"Transfer-Encoding: gzip\r\n", "Transfer-Encoding: identity\r\n", "Transfer-Encoding: xchunked\r\n",
        "Transfer-Encoding: chunked, identity\r\n", "Transfer-Encoding: gzip, chunked\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
        "Transfer-Encoding: gzip\r\nContent-Length: 0\r\n", "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n"}) {
    std::string id = "smuggled-" + std::to_string(n++);
    std::string inner = R"({"id":")" + id + R"(","dimension":"mass"})";
    std::string text = "POST /api/v1/units HTTP/1.1\r\nHost: test\r\n" + auth + framing + "\r\n" +
                       "POST /api/v1/units HTTP/1.1\r\nHost: test\r\n" + auth +
                       "Content-Type: application/json\r\nContent-Length: " + std::to_string(inner.size()) +
                       "\r\n\r\n" + inner;
    auto r = Exchange(server_->port(), text);
    EXPECT_EQ(r.status, 400) << framing << r.head;
    EXPECT_EQ(r.replies, 1) << framing << r.body;
    EXPECT_TRUE(r.closed) << framing;
    EXPECT_TRUE(IsJsonError(r.body, "invalid_argument")) << r.body;
    EXPECT_EQ(Client().Get("/api/v1/units/" + id).status, 404) << framing;
  }
  EXPECT_EQ(JournalHead(), head);
  // `chunked` itself (any case) still frames a body.
  std::string body = R"({"id":"kg","dimension":"mass"})";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  auto ok =
      Exchange(server_->port(), "POST /api/v1/units HTTP/1.1\r\nHost: test\r\nConnection: close\r\n" + auth +
                                    "Transfer-Encoding: Chunked\r\n\r\n" + size + "\r\n" + body + "\r\n0\r\n\r\n");
  EXPECT_EQ(ok.status, 201) << ok.head << ok.body;
}

}  // namespace
}  // namespace takt::test
