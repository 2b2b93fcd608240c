// The HTTP/1.1 server that carries Api. Its implementation (Boost.Beast) stays in one file
// so that Beast's heavy headers are compiled once.
#pragma once

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
};

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

// Binds and listens; kInvalidArgument for a bad host, kConflict when the port is taken.
Result<std::unique_ptr<Server>> StartServer(const ServerOptions& options, Api& api);

// The same for any handler (e.g. Api::HandleMetricsOnly), with the same contract as Api::Handle.
using Handler = std::function<void(const Request&, Reply)>;
Result<std::unique_ptr<Server>> StartServer(const ServerOptions& options, Handler handler);

// Parses "HOST:PORT" (HOST may be [v6]). kInvalidArgument with field "listen" when malformed.
Status ParseListen(std::string_view text, std::string& host, uint16_t& port);

}  // namespace takt::http
