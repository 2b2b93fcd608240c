#include "connect/web/web.h"

#include <algorithm>

#include "connect/web/assets.h"

namespace takt::web {
namespace {

const Asset* Find(std::string_view path) {
  auto all = Assets();
  auto it =
      std::lower_bound(all.begin(), all.end(), path, [](const Asset& a, std::string_view p) { return a.path < p; });
  return it != all.end() && it->path == path ? &*it : nullptr;
}

// "gzip" as a coding of Accept-Encoding, unless refused with q=0.
bool AcceptsGzip(std::string_view header) {
  size_t at = 0;
  while (at < header.size()) {
    size_t end = header.find(',', at);
    std::string_view item = header.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    at = end == std::string_view::npos ? header.size() : end + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    std::string_view coding = item.substr(0, item.find(';'));
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (coding != "gzip" && coding != "*") continue;
    auto q = item.find("q=");
    return q == std::string_view::npos || item.substr(q + 2).find_first_not_of("0.") != std::string_view::npos;
  }
  return false;
}

bool Matches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match == "*") return true;
  return if_none_match.find(etag) != std::string_view::npos;
}

}  // namespace

bool IsWebPath(std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  return !(path == "/api" || path.starts_with("/api/") || path == "/metrics");
}

http::Response Serve(const http::Request& req) {
  if (req.method != "GET")
    return http::ErrorResponse(405, "method_not_allowed", "the web UI's files only take GET", "method");
  std::string_view path = std::string_view(req.target).substr(0, req.target.find('?'));
  if (path == "/") path = "/index.html";
  const Asset* a = Find(path);
  // A file that is not there under /assets/ is a stale page asking for an old build: 404, not the app.
  if (!a && path.starts_with("/assets/"))
    return http::ErrorResponse(404, "not_found", "no such file of the web UI", "path");
  const bool fallback = a == nullptr;
  if (!a) a = Find("/index.html");
  if (!a) return http::ErrorResponse(404, "not_found", "this takt was built without its web UI", "path");

  http::Response r;
  r.content_type = std::string(a->content_type);
  r.headers.emplace_back("ETag", std::string(a->etag));
  r.headers.emplace_back("Vary", "Accept-Encoding");
  const bool immutable = !fallback && path.starts_with("/assets/");
  r.headers.emplace_back("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (a->path == "/index.html") {
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                           "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
    r.headers.emplace_back("X-Frame-Options", "DENY");
  }
  if (!req.if_none_match.empty() && Matches(req.if_none_match, a->etag)) {
    r.status = 304;
    return r;
  }
  if (AcceptsGzip(req.accept_encoding)) {
    r.headers.emplace_back("Content-Encoding", "gzip");
    r.body.assign(a->gzip);
  } else {
    r.body.assign(a->raw);
  }
  return r;
}

}  // namespace takt::web
