// JSON helpers over Boost.JSON: strict parsing of untrusted input with field-level errors.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <cstring>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/quantity.h"
#include "core/status.h"
#include "core/time.h"

namespace takt {

namespace json = boost::json;

// Parses UTF-8 JSON text. Malformed text, invalid UTF-8 or nesting deeper than 64 levels
// give kInvalidArgument.
Result<json::value> ParseJson(std::string_view text);

// Compact JSON text. Doubles print in plain decimal, the shortest that reads back exactly
// (0.971, 0.0000001, not 9.71E-1); NaN and infinities print as null. Everything else prints as
// Boost.JSON prints it (strings: quotes, backslashes and control characters escaped, UTF-8 as
// it is).
std::string Serialize(const json::value& v);

// Appends JSON text to a string piece by piece, as Serialize writes it, without building a
// json::value first (contract::Print). Room is made in steps and the string's length set when
// the JsonOut goes: until then the string holds spare bytes. Not thread-safe.
class JsonOut {
 public:
  explicit JsonOut(std::string& s) : s_(s), n_(s.size()) {}
  ~JsonOut() { s_.resize(n_); }
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  void Char(char c) { *Room(1) = c, ++n_; }
  void Raw(std::string_view text) {  // as it is
    std::memcpy(Room(text.size()), text.data(), text.size());
    n_ += text.size();
  }
  void String(std::string_view s);  // quoted and escaped
  void Int(int64_t i);
  void Double(double d);
  void Value(const json::value& v);

 private:
  char* Room(size_t k) {
    if (s_.size() - n_ < k) Grow(k);
    return s_.data() + n_;
  }
  void Grow(size_t k);

  std::string& s_;
  size_t n_;
};

// A JSON number for a double: integral values within ±2^53 become integers, so quantities
// read 12 rather than Boost.JSON's 1.2E1.
json::value Number(double d);

// A quantity as a JSON number (integral values as integers).
json::value ToJson(Quantity q);
// How stored quantities are written: units as JSON numbers (replies, events: exact for one
// command's quantity), or integer micro-units (snapshots: exact over the whole stored range).
enum class QtyForm { kUnits, kMicros };
json::value ToJson(Quantity q, QtyForm form);
// A sum as a JSON number: exact while it fits a Quantity, else the nearest double.
json::value ToJson(const QuantitySum& s);

// Whether `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF).
bool IsValidUtf8(std::string_view text);
// `text` with each ill-formed UTF-8 sequence (each maximal subpart, as Unicode recommends)
// replaced by U+FFFD: safe to put in JSON whatever bytes a client sent.
std::string ValidUtf8(std::string_view text);

// Ids are 1 to 64 characters of [A-Za-z0-9._:-], starting with a letter or digit.
bool IsValidId(std::string_view id);

// Reads the fields of one JSON object, recording the first error with its dotted path,
// and refuses fields it was not asked for (Finish). Not thread-safe; cheap to create.
//
//   FieldReader r(value, "bom[2]");
//   auto qty = r.Number("quantity");   // error "bom[2].quantity" if missing or not a number
//   TAKT_RETURN_IF_ERROR(r.Finish());
class FieldReader {
 public:
  enum Need { kRequired, kOptional };

  FieldReader(const json::value& v, std::string path);

  bool Has(std::string_view key) const;
  std::string String(std::string_view key, Need need = kRequired);  // "" when absent
  std::string Id(std::string_view key, Need need = kRequired);      // validated with IsValidId
  std::optional<double> Number(std::string_view key, Need need = kRequired);
  std::optional<int64_t> Integer(std::string_view key, Need need = kRequired);
  std::optional<bool> Bool(std::string_view key, Need need = kRequired);
  // A quantity: a finite number of at most 10^9 in magnitude; `positive` refuses zero and below.
  std::optional<Quantity> Amount(std::string_view key, Need need = kRequired, bool positive = true);
  // A quantity read back from the journal or a snapshot, any sign: a number of units (up to
  // Quantity::kMaxReadUnits), or with kMicros an integer number of micro-units.
  std::optional<Quantity> StoredAmount(std::string_view key, QtyForm form = QtyForm::kUnits);
  // An ISO 8601 timestamp with offset, e.g. 2026-11-22T08:00:00Z.
  std::optional<Timestamp> Time(std::string_view key, Need need = kRequired);
  // nullptr when absent or on error.
  const json::array* Array(std::string_view key, Need need = kRequired);
  const json::value* Any(std::string_view key, Need need = kRequired);
  // Marks a key as known without reading it (read-only fields echoed back by clients).
  void Ignore(std::string_view key);

  // Records an error unless one is already recorded; `key` is appended to the path.
  void Fail(Code code, std::string_view key, std::string message);
  // Takes a nested reader's error (whose path is already complete) as this reader's error.
  void Adopt(FieldReader& nested);
  std::string PathOf(std::string_view key) const;
  const std::string& path() const { return path_; }
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  // The first error, else kInvalidArgument for the first unknown field, else Ok.
  Status Finish();

 private:
  const json::value* Find(std::string_view key, Need need);

  const json::object* obj_ = nullptr;
  std::string path_;
  std::set<std::string, std::less<>> seen_;
  Status status_;
};

}  // namespace takt
