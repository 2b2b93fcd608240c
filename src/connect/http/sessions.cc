#include "connect/http/sessions.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/hash.h"

namespace takt::http {

std::string_view CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    auto semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
    std::string_view value = pair.substr(eq + 1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return value;
  }
  return {};
}

std::string SessionCookie(std::string_view value, std::chrono::seconds max_age, bool secure) {
  std::string c = std::string(kSessionCookie) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=Strict";
  c += "; Max-Age=" + std::to_string(value.empty() ? 0 : std::max<int64_t>(1, max_age.count()));
  if (secure) c += "; Secure";
  return c;
}

bool SameOrigin(std::string_view origin, std::string_view host) {
  auto scheme = origin.find("://");
  if (scheme == std::string_view::npos || host.empty()) return false;
  std::string_view authority = origin.substr(scheme + 3);
  if (authority.size() != host.size()) return false;
  for (size_t i = 0; i < host.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authority[i])) != std::tolower(static_cast<unsigned char>(host[i])))
      return false;
  return true;
}

std::string SessionStore::Key(std::string_view cookie) {
  return TokenHash(cookie);
}

SessionStore::Clock::time_point SessionStore::Expires(const Session& s) const {
  return std::min(s.started + options_.max_age, s.last_used + options_.idle);
}

std::pair<std::string, SessionStore::Session> SessionStore::Begin(std::string user, std::string token_hash,
                                                                  Clock::time_point now) {
  std::string cookie = RandomSecret();
  Session s{Key(cookie), std::move(user), std::move(token_hash), RandomSecret(), now, now, {}};
  s.expires = Expires(s);
  std::lock_guard l(mu_);
  // Sign-ins are rare (each needs a right token): a sweep of everything each time keeps memory to
  // the sessions alive.
  std::vector<std::pair<Clock::time_point, std::string>> mine;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (Expires(it->second) <= now) {
      it = sessions_.erase(it);
      continue;
    }
    if (it->second.user == s.user) mine.emplace_back(it->second.started, it->first);
    ++it;
  }
  if (options_.per_user > 0 && mine.size() >= options_.per_user) {
    std::sort(mine.begin(), mine.end());
    for (size_t i = 0; i + options_.per_user <= mine.size(); ++i) sessions_.erase(mine[i].second);
  }
  sessions_[s.key] = s;
  return {std::move(cookie), std::move(s)};
}

std::optional<SessionStore::Session> SessionStore::Use(std::string_view cookie, Clock::time_point now) {
  const std::string key = Key(cookie);
  std::lock_guard l(mu_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  if (Expires(it->second) <= now) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = std::max(it->second.last_used, now);
  it->second.expires = Expires(it->second);
  return it->second;
}

void SessionStore::End(std::string_view key) {
  std::lock_guard l(mu_);
  sessions_.erase(std::string(key));
}

void SessionStore::EndUser(std::string_view user) {
  std::lock_guard l(mu_);
  std::erase_if(sessions_, [&](const auto& kv) { return kv.second.user == user; });
}

size_t SessionStore::size() const {
  std::lock_guard l(mu_);
  return sessions_.size();
}

}  // namespace takt::http
