// Errors as values. Every fallible operation in Takt returns a Status or a Result<T>;
// exceptions are reserved for broken invariants inside a single function.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace takt {

// The error classes a caller can act on. Adapters map them to transport codes
// (HTTP 400/401/403/404/409/413/422/429/500/503); the domain never sees HTTP.
enum class Code {
  kOk,
  kInvalidArgument,   // malformed or invalid input (400)
  kUnauthenticated,   // missing or bad credentials (401)
  kPermissionDenied,  // role may not do this (403)
  kNotFound,          // unknown resource (404)
  kConflict,          // duplicate id, stale version, state forbids it (409)
  kTooLarge,          // request exceeds a size limit (413)
  kUnprocessable,     // well-formed but semantically wrong: unknown reference, cycle (422)
  kInternal,          // storage failure or bug (500)
  kTooManyRequests,   // the caller must slow down: throttled or over a per-client limit (429)
  kUnavailable,       // the service cannot take this now: overloaded, or writes stopped (503)
};

// Stable snake_case name used in API error bodies.
const char* CodeName(Code code);

class Status {
 public:
  Status() = default;
  Status(Code code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return {}; }
  static Status Invalid(std::string msg, std::string field = {}) {
    return {Code::kInvalidArgument, std::move(msg), std::move(field)};
  }
  static Status NotFound(std::string msg, std::string field = {}) {
    return {Code::kNotFound, std::move(msg), std::move(field)};
  }
  static Status Conflict(std::string msg, std::string field = {}) {
    return {Code::kConflict, std::move(msg), std::move(field)};
  }
  static Status Unprocessable(std::string msg, std::string field = {}) {
    return {Code::kUnprocessable, std::move(msg), std::move(field)};
  }
  static Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // Name of the offending input field (dotted path), empty when not about one field.
  const std::string& field() const { return field_; }
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::string field_;
};

// A value or the Status explaining why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace takt

// Propagates a non-ok Status out of the enclosing function.
#define TAKT_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::takt::Status takt_status_ = (expr);        \
    if (!takt_status_.ok()) return takt_status_; \
  } while (0)
