// Boost.Beast transport for Api: asynchronous sessions with keep-alive, a body limit (413),
// and replies that may arrive from the runtime's writer thread.
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <deque>
#include <thread>
#include <vector>

#include "connect/http/server.h"

namespace takt::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Handler& api, size_t body_limit)
      : stream_(std::move(socket)), api_(api), body_limit_(body_limit) {}

  void Start() {
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(body_limit_);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(std::chrono::seconds(60));
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::connection_reset)
      return Close();
    if (ec == bhttp::error::body_limit) {
      keep_alive_ = false;
      return Send(
          ErrorResponse(413, "too_large", "request body exceeds " + std::to_string(body_limit_) + " bytes", "body"));
    }
    if (ec == bhttp::error::header_limit) {
      keep_alive_ = false;
      return Send(ErrorResponse(413, "too_large", "request headers exceed 16 KiB", "headers"));
    }
    if (ec) {
      if (ec.category() == beast::error_code(bhttp::error::bad_target).category()) {  // malformed HTTP
        keep_alive_ = false;
        return Send(ErrorResponse(400, "invalid_argument", "malformed HTTP request: " + ec.message(), ""));
      }
      return Close();
    }
    auto& msg = parser_->get();
    keep_alive_ = msg.keep_alive();
    version_ = msg.version();
    Request req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    req.authorization = std::string(msg[bhttp::field::authorization]);
    req.body = std::move(msg.body());
    // The reply may come from another thread: hop back onto this session's strand.
    api_(req, [self = shared_from_this()](Response r) {
      asio::post(self->stream_.get_executor(), [self, r = std::move(r)]() mutable { self->Send(std::move(r)); });
    });
  }

  void Send(Response r) {
    if (r.stream) return StartStream(std::move(r.stream));
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(r.status), version_);
    res->set(bhttp::field::server, "takt");
    res->set(bhttp::field::content_type, r.content_type);
    res->keep_alive(keep_alive_);
    res->body() = std::move(r.body);
    res->prepare_payload();
    bhttp::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, size_t) {
      if (ec || !self->keep_alive_) return self->Close();
      self->Read();
    });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
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
  size_t body_limit_;
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
        ioc_(o.threads > 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency())),
        acceptor_(asio::make_strand(ioc_)),
        signals_(ioc_, SIGINT, SIGTERM) {}

  Status Listen() {
    beast::error_code ec;
    auto addr = asio::ip::make_address(options_.host, ec);
    if (ec) return Status::Invalid("bad listen address '" + options_.host + "': " + ec.message(), "listen");
    tcp::endpoint ep(addr, options_.port);
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      return Status::Conflict(
          "cannot listen on " + options_.host + ":" + std::to_string(options_.port) + ": " + ec.message(), "listen");
    port_ = acceptor_.local_endpoint().port();
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
  void Accept() {
    acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(socket), api_, options_.body_limit)->Start();
      }
      if (acceptor_.is_open()) Accept();
    });
  }

  ServerOptions options_;
  Handler api_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  uint16_t port_ = 0;
};

}  // namespace

Result<std::unique_ptr<Server>> StartServer(const ServerOptions& options, Api& api) {
  return StartServer(options, [&api](const Request& req, Reply reply) { api.Handle(req, std::move(reply)); });
}

Result<std::unique_ptr<Server>> StartServer(const ServerOptions& options, Handler handler) {
  auto s = std::make_unique<BeastServer>(options, std::move(handler));
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
