// A raw HTTP client for a server-sent event stream (GET /api/v1/live): reads until what a test
// waits for appears or 15 s pass. What it saw goes to the contract check (tests/contract) like any
// exchange, so every event it read is validated against the document.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "support/http_client.h"

namespace takt::test {

class SseClient {
 public:
  SseClient(int port, const std::string& path, const std::string& token) : path_(path) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) ADD_FAILURE() << "connect";
    std::string req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    if (write(fd_, req.data(), req.size()) != static_cast<ssize_t>(req.size())) ADD_FAILURE() << "write";
  }
  ~SseClient() {
    close(fd_);
    size_t head = seen_.find("\r\n\r\n");
    if (!seen_.starts_with("HTTP/1.1 ") || head == std::string::npos) return;
    HttpResult r;
    r.status = std::atol(seen_.c_str() + 9);
    r.body = seen_.substr(head + 4);
    std::string type;
    if (size_t at = seen_.find("\r\nContent-Type: "); at < head)
      type = seen_.substr(at + 16, seen_.find("\r\n", at + 2) - at - 16);
    LogExchange("GET", path_, "", r, type.c_str());
  }

  bool WaitFor(const std::string& want) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (seen_.find(want) == std::string::npos) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char buf[4096];
      ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) return false;
      seen_.append(buf, static_cast<size_t>(n));
    }
    return true;
  }
  const std::string& seen() const { return seen_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::string seen_;
};

}  // namespace takt::test
