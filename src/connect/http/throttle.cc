#include "connect/http/throttle.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace takt::http {

std::string ClientKey(std::string_view address) {
  std::string text(address);
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  unsigned char b[16];
  if (text.find(':') == std::string::npos || inet_pton(AF_INET6, text.c_str(), b) != 1) return text;
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char out[INET6_ADDRSTRLEN];
  if (std::memcmp(b, kMapped, sizeof kMapped) == 0) return inet_ntop(AF_INET, b + 12, out, sizeof out);
  std::memset(b + 8, 0, 8);
  return std::string(inet_ntop(AF_INET6, b, out, sizeof out)) + "/64";
}

AuthThrottle::Clock::duration AuthThrottle::Wait(std::string_view address, Clock::time_point now) {
  if (options_.free_failures <= 0) return {};
  std::lock_guard l(mu_);
  auto it = entries_.find(ClientKey(address));
  if (it == entries_.end() || it->second.until <= now) return {};
  return it->second.until - now;
}

void AuthThrottle::Failed(std::string_view address, Clock::time_point now) {
  if (options_.free_failures <= 0) return;
  std::lock_guard l(mu_);
  if (entries_.size() >= options_.max_addresses) Prune(now);
  Entry& e = entries_[ClientKey(address)];
  // Quiet for twice the longest wait: start afresh.
  if (e.failures > 0 && now - e.last > 2 * options_.max_backoff) e = {};
  e.last = now;
  if (++e.failures < options_.free_failures) return;
  const int doublings = std::min(e.failures - options_.free_failures, 30);
  auto wait = options_.first_backoff * (int64_t{1} << doublings);
  e.until = now + std::min<Clock::duration>(wait, options_.max_backoff);
}

void AuthThrottle::Succeeded(std::string_view address) {
  if (options_.free_failures <= 0) return;
  std::lock_guard l(mu_);
  if (!entries_.empty()) entries_.erase(ClientKey(address));
}

size_t AuthThrottle::remembered() const {
  std::lock_guard l(mu_);
  return entries_.size();
}

// Forgets the quiet addresses, then if still full the half that failed least recently: an
// attacker with many addresses can only make the throttle forget, never refuse someone else.
void AuthThrottle::Prune(Clock::time_point now) {
  std::erase_if(entries_, [&](const auto& kv) {
    return kv.second.until <= now && now - kv.second.last > 2 * options_.max_backoff;
  });
  if (entries_.size() < options_.max_addresses) return;
  std::vector<std::pair<Clock::time_point, std::string>> by_age;
  by_age.reserve(entries_.size());
  for (const auto& [key, e] : entries_) by_age.emplace_back(e.last, key);
  auto half = by_age.begin() + static_cast<std::ptrdiff_t>(by_age.size() / 2);
  std::nth_element(by_age.begin(), half, by_age.end());
  for (auto it = by_age.begin(); it != half; ++it) entries_.erase(it->second);
}

}  // namespace takt::http
