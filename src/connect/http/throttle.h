// Slows down token guessing, per client address. After `free_failures` failed authentications in
// a row, the address's requests with a token are refused (429) for `first_backoff` without being
// checked; each further failure once that has passed doubles the wait, up to `max_backoff`. A
// success clears the address. Memory is bounded: at most `max_addresses` are remembered (those
// quiet for longest go first), and one address never holds back another.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace takt::http {

// What per-address limits count as one client: an IPv4 address, or the /64 network of an IPv6
// one (a host usually holds a whole /64). IPv4-mapped IPv6 addresses count as IPv4.
std::string ClientKey(std::string_view address);

class AuthThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    int free_failures = 10;  // 0: no throttle
    std::chrono::milliseconds first_backoff{1000};
    std::chrono::milliseconds max_backoff{5 * 60 * 1000};
    size_t max_addresses = 10000;
  };

  explicit AuthThrottle(Options options) : options_(options) {}

  // How long `address` must wait before its next token is looked at (zero: go ahead).
  // Threads: any (all calls take one mutex).
  Clock::duration Wait(std::string_view address, Clock::time_point now);
  void Failed(std::string_view address, Clock::time_point now);
  void Succeeded(std::string_view address);

  size_t remembered() const;

 private:
  struct Entry {
    int failures = 0;
    Clock::time_point until{};  // refused before then
    Clock::time_point last{};   // last failure
  };
  void Prune(Clock::time_point now);

  Options options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace takt::http
