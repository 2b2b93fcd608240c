// The HTTP/1.1 server that carries Api. Its implementation (Boost.Beast) stays in one file
// so that Beast's heavy headers are compiled once.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "connect/http/api.h"
#include "core/status.h"

namespace takt::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;         // 0 picks a free port
  int threads = 0;              // 0: one per core
  size_t body_limit = 1 << 20;  // larger bodies get 413
  // Open connections in all (0: from the descriptor limit, see ResolveLimits) and per client
  // address (ClientKey; 0: a quarter of the total, at most 256). A connection over either is
  // answered 503 or 429 at once and closed.
  int max_connections = 0;
  int max_connections_per_address = 0;
  // A keep-alive connection idle this long, or a request whose headers take longer, is closed;
  // a body must arrive within `body_timeout`, a reply be taken within `write_timeout`.
  // Server-sent event streams have no timeout.
  std::chrono::milliseconds idle_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
};

// Raises the process's soft RLIMIT_NOFILE to its hard limit, and fills in the connection caps
// left at 0: max_connections = min(4096, descriptors - 64), at least 16 (64 descriptors stay for
// the journal, its read pool, MQTT and the like); per address a quarter of that, at most 256.
// Returns the descriptor limit. StartServer calls it too.
uint64_t ResolveLimits(ServerOptions& options);

class Server {
 public:
  virtual ~Server() = default;
  // The port actually bound (useful with port 0).
  virtual uint16_t port() const = 0;
  // Serves until SIGINT or SIGTERM, or until Stop(). Threads: call from one thread.
  virtual void Run() = 0;
  // Threads: any.
  virtual void Stop() = 0;
};

// Binds and listens; kInvalidArgument for a bad host, kConflict when the port is taken. A
// descriptor is kept in reserve: when descriptors run out, it is released to accept waiting
// connections (up to 64), answer them 503 and close them, and accepting pauses (10 ms, doubling to 1 s) instead
// of spinning.
Result<std::unique_ptr<Server>> StartServer(const ServerOptions& options, Api& api);

// The same for any handler (e.g. Api::HandleMetricsOnly), with the same contract as Api::Handle.
using Handler = std::function<void(const Request&, Reply)>;
Result<std::unique_ptr<Server>> StartServer(const ServerOptions& options, Handler handler);

// Parses "HOST:PORT" (HOST may be [v6]). kInvalidArgument with field "listen" when malformed.
Status ParseListen(std::string_view text, std::string& host, uint16_t& port);

}  // namespace takt::http
