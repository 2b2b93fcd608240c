// Sessions of the web UI: a user signed in with their name and token gets a random cookie
// value; this store remembers the session it stands for, keyed by the value's hash (a copy of
// the store's memory gives no cookie away). Sessions live in memory only: a restart of takt
// ends them all, and the users sign in again.
//
// A session ends `max_age` after it began, or `idle` after its last use, whichever is first;
// a user holds at most `per_user` sessions (signing in once more ends their oldest). Whether
// the user may still use it (enabled, same token, which role) is not this store's business:
// the caller looks the user up at each request.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace takt::http {

inline constexpr std::string_view kSessionCookie = "takt_session";

// The value of cookie `name` in a Cookie header ("a=1; takt_session=..."); empty when absent.
std::string_view CookieValue(std::string_view header, std::string_view name);
// The Set-Cookie value of the session cookie: `value` for `max_age`, or, with an empty value,
// the cookie cleared (Max-Age=0). HttpOnly, SameSite=Strict, Path=/, and Secure if `secure`.
std::string SessionCookie(std::string_view value, std::chrono::seconds max_age, bool secure);
// Whether an Origin header ("http://host:port") names the host the request was sent to (its
// Host header), ignoring case. "null" and malformed origins name no host.
bool SameOrigin(std::string_view origin, std::string_view host);

class SessionStore {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    Clock::duration max_age = std::chrono::hours(12);
    Clock::duration idle = std::chrono::minutes(60);
    size_t per_user = 32;
  };
  struct Session {
    std::string key;         // the hash of the cookie value
    std::string user;        // name
    std::string token_hash;  // the user's token when they signed in: a new token ends the session
    std::string csrf_token;  // writes must carry it (X-CSRF-Token)
    Clock::time_point started, last_used;
    // When the session ends unless used before: the earlier of the idle and the overall limit.
    Clock::time_point expires;
  };

  explicit SessionStore(Options options) : options_(options) {}

  // Begins a session for `user` and returns the cookie value (256 random bits, base64url), shown
  // to nobody else, and the session. Ends the expired sessions of every user, and this user's
  // oldest beyond `per_user`. Threads: any (all calls take one mutex).
  std::pair<std::string, Session> Begin(std::string user, std::string token_hash, Clock::time_point now);

  // The session `cookie` stands for, its idle time restarted at `now`; nothing when unknown or
  // ended (an ended session is forgotten).
  std::optional<Session> Use(std::string_view cookie, Clock::time_point now);

  // Ends the session by its key (Session::key); ending an unknown one does nothing.
  void End(std::string_view key);
  // Ends every session of `user` (disabled, or given a new token).
  void EndUser(std::string_view user);

  size_t size() const;
  const Options& options() const { return options_; }

  // The key under which a cookie value's session is kept.
  static std::string Key(std::string_view cookie);

 private:
  Clock::time_point Expires(const Session& s) const;

  const Options options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Session> sessions_;  // by key
};

}  // namespace takt::http
