// A small blocking HTTP client over libcurl, for tests and benchmarks.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace takt::test {

struct HttpResult {
  long status = 0;  // 0 when the connection failed
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  // The first header field of that name (any case), or "".
  std::string header(std::string_view name) const;
  // The parsed body (null if not JSON), parsed once; valid while this result lives.
  const boost::json::value& json() const;
  std::string error_code() const;   // body.error.code or ""
  std::string error_field() const;  // body.error.field or ""

 private:
  mutable std::optional<boost::json::value> parsed_;
};

// With TAKT_CONTRACT_LOG set (a folder), appends an exchange to a file of this process there, for
// tests/contract/validate.mjs to check against the OpenAPI document. HttpClient logs each of its
// own; a test that speaks HTTP otherwise (a server-sent event stream) logs what it saw. Nothing
// when `r.status` is 0 (no reply).
void LogExchange(const std::string& method, const std::string& target, const std::string& body, const HttpResult& r,
                 const char* content_type);

class HttpClient {
 public:
  explicit HttpClient(std::string base, std::string token = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  void set_token(std::string token) { token_ = std::move(token); }
  // Sends this exact Authorization header value instead of "Bearer <token>".
  void set_authorization(std::string value) { authorization_ = std::move(value); }
  // Sends this header field with every request (Cookie, X-CSRF-Token, Origin); an empty value
  // stops sending it.
  void set_header(const std::string& name, std::string value);
  HttpResult Get(const std::string& path) { return Send("GET", path, ""); }
  HttpResult Post(const std::string& path, const std::string& body) { return Send("POST", path, body); }
  HttpResult Put(const std::string& path, const std::string& body) { return Send("PUT", path, body); }
  HttpResult Delete(const std::string& path) { return Send("DELETE", path, ""); }
  HttpResult Send(const std::string& method, const std::string& path, const std::string& body);

 private:
  std::string base_, token_, authorization_;
  std::vector<std::pair<std::string, std::string>> extra_;
  void* curl_;
};

}  // namespace takt::test
