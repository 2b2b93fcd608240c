// Boost.Beast transport for Api: asynchronous sessions with keep-alive, a body limit (413), and
// replies that may arrive from any thread. Against abuse: caps on open connections in all and
// per client address, a reserve descriptor and a pause when accepting fails, short timeouts for
// idle connections and slow headers, and no transfer coding but `chunked`.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "connect/http/server.h"
#include "connect/http/throttle.h"

namespace takt::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// Open connections, in all and per client (ClientKey). Threads: any.
class Connections {
 public:
  enum class Verdict { kAdmitted, kServerFull, kClientFull };
  Connections(int total, int per_client) : max_total_(total), max_per_client_(per_client) {}

  Verdict Admit(const std::string& client) {
    std::lock_guard l(mu_);
    if (total_ >= max_total_) return Verdict::kServerFull;
    auto [it, fresh] = by_client_.try_emplace(client, 0);
    if (it->second >= max_per_client_) return Verdict::kClientFull;
    ++it->second;
    ++total_;
    return Verdict::kAdmitted;
  }
  void Release(const std::string& client) {
    std::lock_guard l(mu_);
    --total_;
    if (auto it = by_client_.find(client); it != by_client_.end() && --it->second <= 0) by_client_.erase(it);
  }

 private:
  const int max_total_, max_per_client_;
  std::mutex mu_;
  int total_ = 0;
  std::unordered_map<std::string, int> by_client_;
};

// A whole HTTP reply for a connection refused at accept: written with one non-blocking send,
// the connection closed right after.
std::string RefusalText(int status, const char* reason, const char* code, const char* message) {
  std::string body = ErrorResponse(status, code, message).body;
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nServer: takt\r\nContent-Type: application/json\r\nRetry-After: 1\r\nConnection: close\r\n"
         "Content-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

void Refuse(int fd, const std::string& text) {
  [[maybe_unused]] auto n = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

// Only `chunked`, alone, may frame a body besides Content-Length. Another coding, a list, or both
// headers at once could be read differently by another server on the way (request smuggling):
// refused, and the connection closed, so that nothing after the headers is taken as a request.
Status CheckFraming(const bhttp::request<bhttp::string_body>& msg) {
  std::string codings;
  int fields = 0;
  for (const auto& f : msg.base())
    if (f.name() == bhttp::field::transfer_encoding) {
      codings += (fields++ ? "," : "") + std::string(f.value());
    }
  if (fields == 0) return Status::Ok();
  if (msg.base().count(bhttp::field::content_length))
    return Status::Invalid("Transfer-Encoding and Content-Length together", "Transfer-Encoding");
  std::string_view c = codings;
  while (!c.empty() && (c.front() == ' ' || c.front() == '\t')) c.remove_prefix(1);
  while (!c.empty() && (c.back() == ' ' || c.back() == '\t')) c.remove_suffix(1);
  if (!beast::iequals(c, "chunked"))
    return Status::Invalid("only Transfer-Encoding: chunked is supported, got '" + codings.substr(0, 100) + "'",
                           "Transfer-Encoding");
  return Status::Ok();
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Handler& api, const ServerOptions& options, Connections& connections,
          std::string peer, std::string client)
      : stream_(std::move(socket)),
        api_(api),
        options_(options),
        connections_(connections),
        peer_(std::move(peer)),
        client_(std::move(client)) {}
  ~Session() { connections_.Release(client_); }

  void Start() {
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(options_.body_limit);
    parser_->header_limit(16 * 1024);
    // Waiting for the next request and reading its headers share one short timeout: idle
    // keep-alive connections and slowly trickled headers (slowloris) do not hold a descriptor long.
    stream_.expires_after(options_.idle_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t) {
    if (ec) return OnError(ec);
    const auto& msg = parser_->get();
    version_ = msg.version();
    if (Status s = CheckFraming(msg); !s.ok()) {
      keep_alive_ = false;
      return Send(ErrorResponse(400, "invalid_argument", s.message(), s.field()));
    }
    stream_.expires_after(options_.body_timeout);
    if (beast::iequals(msg[bhttp::field::expect], "100-continue") && !parser_->is_done()) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                               [self = shared_from_this()](beast::error_code ec, size_t) {
                                 if (ec) return self->Close();
                                 self->ReadBody();
                               });
    }
    ReadBody();
  }

  void ReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnError(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::connection_reset)
      return Close();
    keep_alive_ = false;
    if (ec == bhttp::error::body_limit)
      return Send(ErrorResponse(413, "too_large",
                                "request body exceeds " + std::to_string(options_.body_limit) + " bytes", "body"));
    if (ec == bhttp::error::header_limit)
      return Send(ErrorResponse(413, "too_large", "request headers exceed 16 KiB", "headers"));
    if (ec.category() == beast::error_code(bhttp::error::bad_target).category())  // malformed HTTP
      return Send(ErrorResponse(400, "invalid_argument", "malformed HTTP request: " + ec.message(), ""));
    Close();
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec) return OnError(ec);
    auto& msg = parser_->get();
    keep_alive_ = msg.keep_alive();
    Request req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    req.authorization = std::string(msg[bhttp::field::authorization]);
    req.accept_encoding = std::string(msg[bhttp::field::accept_encoding]);
    req.if_none_match = std::string(msg[bhttp::field::if_none_match]);
    req.cookie = std::string(msg[bhttp::field::cookie]);
    req.csrf_token = std::string(msg["X-CSRF-Token"]);
    req.origin = std::string(msg[bhttp::field::origin]);
    req.host = std::string(msg[bhttp::field::host]);
    req.body = std::move(msg.body());
    req.peer = peer_;
    // The reply may come from another thread: hop back onto this session's strand.
    api_(req, [self = shared_from_this()](Response r) {
      asio::post(self->stream_.get_executor(), [self, r = std::move(r)]() mutable { self->Send(std::move(r)); });
    });
  }

  void Send(Response r) {
    if (r.stream) return StartStream(std::move(r.stream));
    if (r.encode) r.body = r.encode();  // here, not on the thread that answered (the writer's)
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(r.status), version_);
    res->set(bhttp::field::server, "takt");
    if (!r.content_type.empty()) res->set(bhttp::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) res->set(name, value);
    res->keep_alive(keep_alive_);
    res->body() = std::move(r.body);
    // 204 and 304 have no body, and say no Content-Length (RFC 9110).
    if (r.status != 204 && r.status != 304) res->prepare_payload();
    // A reply may come long after the request (a plan): its own timeout, from now.
    stream_.expires_after(options_.write_timeout);
    bhttp::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, size_t) {
      if (ec) return;  // the session ends, closing the socket
      if (!self->keep_alive_) return self->Close();
      self->Read();
    });
  }

  // Sends FIN, then reads what the client still sends until it closes (at most 2 s), so that
  // closing with unread input does not reset the connection before the client read the reply.
  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return;
    stream_.expires_after(2s);
    Linger();
  }
  void Linger() {
    stream_.async_read_some(asio::buffer(drain_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (!ec) self->Linger();
    });
  }

  // Server-sent events: the headers, then whatever the stream sends, until the client goes.
  // The response is delimited by closing the connection, so no chunked encoding is needed.
  void StartStream(std::shared_ptr<EventStream> s) {
    live_ = std::move(s);
    stream_.expires_never();
    Write(
        "HTTP/1.1 200 OK\r\nServer: takt\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
        "Connection: close\r\n\r\n");
    Drain();
    std::weak_ptr<Session> weak = shared_from_this();
    live_->Start([weak](std::string text) {
      auto self = weak.lock();
      if (!self || self->gone_) return false;
      asio::post(self->stream_.get_executor(),
                 [self, text = std::move(text)]() mutable { self->Write(std::move(text)); });
      return true;
    });
  }
  // A pending read keeps the session alive and sees the client close the connection.
  void Drain() {
    stream_.async_read_some(asio::buffer(drain_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->Gone();
      self->Drain();
    });
  }

  void Write(std::string text) {
    if (gone_) return;
    if (pending_.size() >= 1000) return Gone();  // a client that stopped reading
    pending_.push_back(std::move(text));
    if (pending_.size() == 1) WriteNext();
  }

  void WriteNext() {
    asio::async_write(stream_, asio::buffer(pending_.front()),
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        self->pending_.pop_front();
                        if (ec) return self->Gone();
                        if (!self->pending_.empty() && !self->gone_) self->WriteNext();
                      });
  }

  void Gone() {
    gone_ = true;
    // The front buffer may be in an async_write still: it goes with that write's handler.
    if (pending_.size() > 1) pending_.erase(pending_.begin() + 1, pending_.end());
    live_.reset();
    beast::error_code ec;
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  const Handler& api_;  // the server's, which outlives its sessions
  const ServerOptions& options_;
  Connections& connections_;
  std::string peer_, client_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bool keep_alive_ = true;
  unsigned version_ = 11;
  std::shared_ptr<EventStream> live_;
  std::deque<std::string> pending_;
  char drain_[256];
  std::atomic<bool> gone_{false};
};

class BeastServer final : public Server {
 public:
  BeastServer(const ServerOptions& o, Handler api)
      : options_(o),
        api_(std::move(api)),
        connections_(o.max_connections, o.max_connections_per_address),
        ioc_(o.threads > 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency())),
        acceptor_(asio::make_strand(ioc_)),
        pause_timer_(acceptor_.get_executor()),
        signals_(ioc_, SIGINT, SIGTERM),
        server_full_(RefusalText(503, "Service Unavailable", "unavailable",
                                 "the server has too many open connections: retry later")),
        client_full_(RefusalText(429, "Too Many Requests", "too_many_requests",
                                 "too many open connections from this address: close some, or retry later")) {}
  ~BeastServer() override {
    if (reserve_ >= 0) ::close(reserve_);
  }

  Status Listen() {
    beast::error_code ec;
    auto addr = asio::ip::make_address(options_.host, ec);
    if (ec) return Status::Invalid("bad listen address '" + options_.host + "': " + ec.message(), "listen");
    tcp::endpoint ep(addr, options_.port);
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec) acceptor_.native_non_blocking(true, ec);  // Shed's own accept never blocks
    if (ec)
      return Status::Conflict(
          "cannot listen on " + options_.host + ":" + std::to_string(options_.port) + ": " + ec.message(), "listen");
    port_ = acceptor_.local_endpoint().port();
    reserve_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    Accept();
    signals_.async_wait([this](beast::error_code, int) { Stop(); });
    return Status::Ok();
  }

  uint16_t port() const override { return port_; }

  void Run() override {
    int n =
        options_.threads > 0 ? options_.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::thread> pool;
    for (int i = 1; i < n; ++i) pool.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : pool) t.join();
  }

  void Stop() override { ioc_.stop(); }

 private:
  // The acceptor, its pause timer and the reserve descriptor live on the acceptor's strand.
  void Accept() {
    acceptor_.async_accept(asio::make_strand(ioc_),
                           [this](beast::error_code ec, tcp::socket socket) { OnAccept(ec, std::move(socket)); });
  }

  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (!acceptor_.is_open() || ec == asio::error::operation_aborted) return;
    if (ec) return Pause(ec);
    pause_ = {};
    beast::error_code ignored;
    auto ep = socket.remote_endpoint(ignored);
    if (!ignored) {
      std::string peer = ep.address().to_string();
      std::string client = ClientKey(peer);
      switch (connections_.Admit(client)) {
        case Connections::Verdict::kServerFull:
          Refuse(socket.native_handle(), server_full_);
          break;
        case Connections::Verdict::kClientFull:
          Refuse(socket.native_handle(), client_full_);
          break;
        case Connections::Verdict::kAdmitted:
          socket.set_option(tcp::no_delay(true), ignored);
          std::make_shared<Session>(std::move(socket), api_, options_, connections_, std::move(peer), std::move(client))
              ->Start();
      }
    }
    Accept();  // a refused socket closes as it goes out of scope
  }

  // Accepting failed, most likely for want of descriptors (EMFILE, ENFILE): the reserve one
  // takes waiting connections to tell them 503, and accepting waits 10 ms, doubling to 1 s while
  // it keeps failing, instead of retrying at once in a busy loop.
  void Pause(beast::error_code ec) {
    if (ec == boost::system::errc::too_many_files_open || ec == boost::system::errc::too_many_files_open_in_system)
      Shed();
    if (pause_ == std::chrono::milliseconds::zero())
      std::fprintf(stderr, "takt: accepting connections failed (%s): pausing\n", ec.message().c_str());
    pause_ = std::clamp<std::chrono::milliseconds>(2 * pause_, 10ms, 1000ms);
    pause_timer_.expires_after(pause_);
    pause_timer_.async_wait([this](beast::error_code e) {
      if (!e) Accept();
    });
  }

  // Answers up to 64 waiting connections through the one descriptor the reserve frees.
  void Shed() {
    if (reserve_ >= 0) ::close(reserve_);
    for (int i = 0; i < 64; ++i) {
      int fd = ::accept4(acceptor_.native_handle(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (fd < 0) break;
      Refuse(fd, server_full_);
      ::close(fd);
    }
    reserve_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  }

  const ServerOptions options_;
  Handler api_;
  Connections connections_;  // before ioc_: sessions release into it as the context destroys them
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  asio::steady_timer pause_timer_;
  asio::signal_set signals_;
  const std::string server_full_, client_full_;
  std::chrono::milliseconds pause_{0};
  int reserve_ = -1;
  uint16_t port_ = 0;
};

}  // namespace

uint64_t ResolveLimits(ServerOptions& o) {
  uint64_t limit = 1024;
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) == 0) {
    if (r.rlim_cur < r.rlim_max) {
      rlimit raised = r;
      raised.rlim_cur = r.rlim_max;
      if (setrlimit(RLIMIT_NOFILE, &raised) == 0) r = raised;
    }
    limit = r.rlim_cur == RLIM_INFINITY ? uint64_t{1} << 20 : static_cast<uint64_t>(r.rlim_cur);
  }
  if (o.max_connections <= 0)
    o.max_connections = static_cast<int>(std::clamp<int64_t>(static_cast<int64_t>(limit) - 64, 16, 4096));
  if (o.max_connections_per_address <= 0) o.max_connections_per_address = std::clamp(o.max_connections / 4, 1, 256);
  return limit;
}

Result<std::unique_ptr<Server>> StartServer(const ServerOptions& options, Api& api) {
  return StartServer(options, [&api](const Request& req, Reply reply) { api.Handle(req, std::move(reply)); });
}

Result<std::unique_ptr<Server>> StartServer(const ServerOptions& options, Handler handler) {
  ServerOptions resolved = options;
  ResolveLimits(resolved);
  auto s = std::make_unique<BeastServer>(resolved, std::move(handler));
  TAKT_RETURN_IF_ERROR(s->Listen());
  return std::unique_ptr<Server>(std::move(s));
}

Status ParseListen(std::string_view text, std::string& host, uint16_t& port) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size())
    return Status::Invalid("expected HOST:PORT, e.g. 127.0.0.1:8080, got '" + std::string(text) + "'", "listen");
  std::string_view h = text.substr(0, colon), p = text.substr(colon + 1);
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  unsigned v = 0;
  auto r = std::from_chars(p.data(), p.data() + p.size(), v);
  if (r.ec != std::errc() || r.ptr != p.data() + p.size() || v > 65535)
    return Status::Invalid("port must be a number from 0 to 65535, got '" + std::string(p) + "'", "listen");
  beast::error_code ec;
  asio::ip::make_address(std::string(h), ec);
  if (ec) return Status::Invalid("'" + std::string(h) + "' is not an IP address", "listen");
  host = std::string(h);
  port = static_cast<uint16_t>(v);
  return Status::Ok();
}

}  // namespace takt::http
