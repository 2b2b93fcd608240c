#include "support/http_client.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <strings.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <mutex>

namespace takt::test {

namespace {
size_t Collect(char* p, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, size * n);
  return size * n;
}

// Header lines of the reply, without the status line; a redirect or 100 Continue starts afresh.
size_t CollectHeader(char* p, size_t size, size_t n, void* out) {
  auto& headers = *static_cast<std::vector<std::pair<std::string, std::string>>*>(out);
  std::string line(p, size * n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.starts_with("HTTP/")) {
    headers.clear();
  } else if (auto colon = line.find(':'); colon != std::string::npos) {
    size_t v = line.find_first_not_of(' ', colon + 1);
    headers.emplace_back(line.substr(0, colon), v == std::string::npos ? "" : line.substr(v));
  }
  return size * n;
}

}  // namespace

void LogExchange(const std::string& method, const std::string& target, const std::string& body, const HttpResult& r,
                 const char* content_type) {
  static const char* dir = std::getenv("TAKT_CONTRACT_LOG");
  if (!dir || !*dir || r.status == 0) return;
  boost::json::object e{{"method", method},
                        {"target", target},
                        {"request", body},
                        {"status", r.status},
                        {"content_type", content_type ? content_type : ""},
                        {"response", r.body}};
  // One write per line on an O_APPEND descriptor: lines of several threads never interleave.
  static std::mutex mu;
  std::string line = boost::json::serialize(e) + "\n";
  std::lock_guard lock(mu);
  std::string file = std::string(dir) + "/exchanges-" + std::to_string(getpid()) + ".jsonl";
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  ssize_t n = ::write(fd, line.data(), line.size());
  (void)n;
  ::close(fd);
}

const boost::json::value& HttpResult::json() const {
  if (!parsed_) {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    parsed_ = ec ? boost::json::value() : std::move(v);
  }
  return *parsed_;
}

std::string HttpResult::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  return "";
}

std::string HttpResult::error_code() const {
  const auto& v = json();
  if (!v.is_object() || !v.as_object().contains("error")) return "";
  const auto& c = v.at("error").at("code");
  return c.is_string() ? std::string(c.as_string()) : "";
}

std::string HttpResult::error_field() const {
  const auto& v = json();
  if (!v.is_object() || !v.as_object().contains("error")) return "";
  const auto& f = v.at("error").at("field");
  return f.is_string() ? std::string(f.as_string()) : "";
}

HttpClient::HttpClient(std::string base, std::string token)
    : base_(std::move(base)), token_(std::move(token)), curl_(curl_easy_init()) {}

void HttpClient::set_header(const std::string& name, std::string value) {
  std::erase_if(extra_, [&](const auto& h) { return h.first == name; });
  if (!value.empty()) extra_.emplace_back(name, std::move(value));
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

HttpResult HttpClient::Send(const std::string& method, const std::string& path, const std::string& body) {
  CURL* c = static_cast<CURL*>(curl_);
  HttpResult r;
  std::string url = base_ + path;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(c, CURLOPT_NOBODY, method == "HEAD" ? 1L : 0L);
  if (method == "POST" || method == "PUT" || !body.empty()) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  } else {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, "Expect:");
  std::string auth = authorization_.empty() ? "Authorization: Bearer " + token_ : "Authorization: " + authorization_;
  if (!token_.empty() || !authorization_.empty()) headers = curl_slist_append(headers, auth.c_str());
  for (const auto& [name, value] : extra_) headers = curl_slist_append(headers, (name + ": " + value).c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  char* content_type = nullptr;
  if (curl_easy_perform(c) == CURLE_OK) {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &content_type);
  }
  LogExchange(method, path, body, r, content_type);
  curl_slist_free_all(headers);
  return r;
}

}  // namespace takt::test
