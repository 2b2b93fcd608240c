#include "core/json.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <charconv>
#include <cmath>
#include <cstring>

namespace takt {

Result<json::value> ParseJson(std::string_view text) {
  json::parse_options opt;
  opt.max_depth = 64;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec, {}, opt);
  if (ec) return Status::Invalid("malformed JSON: " + ec.message(), "");
  return v;
}

namespace {

// Whether a byte of `w` must be escaped in a JSON string: below 0x20, '"' or '\\' (the
// word-at-a-time tests of "Bit Twiddling Hacks": exact for the word as a whole).
bool EscapeIn(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
  const auto zero_byte = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  return (((w - kOnes * 0x20) & ~w & kHigh) | zero_byte(w ^ (kOnes * '"')) | zero_byte(w ^ (kOnes * '\\'))) != 0;
}

}  // namespace

void JsonOut::Grow(size_t k) {
  s_.resize(std::max(2 * s_.size(), n_ + k + 1024));
}

void JsonOut::String(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  char* const start = Room(2 + 6 * s.size());  // every byte escaped as \u00XX at worst
  char* d = start;
  const char* p = s.data();
  const char* const end = p + s.size();
  *d++ = '"';
  while (p != end) {
    for (uint64_t w; end - p >= 8 && (std::memcpy(&w, p, 8), !EscapeIn(w)); p += 8, d += 8) std::memcpy(d, &w, 8);
    if (p == end) break;
    const unsigned char c = static_cast<unsigned char>(*p++);
    if (c >= 0x20 && c != '"' && c != '\\') {
      *d++ = static_cast<char>(c);
      continue;
    }
    *d++ = '\\';
    switch (c) {
      case '"':
      case '\\':
        *d++ = static_cast<char>(c);
        break;
      case '\b':
        *d++ = 'b';
        break;
      case '\t':
        *d++ = 't';
        break;
      case '\n':
        *d++ = 'n';
        break;
      case '\f':
        *d++ = 'f';
        break;
      case '\r':
        *d++ = 'r';
        break;
      default:
        *d++ = 'u';
        *d++ = '0';
        *d++ = '0';
        *d++ = kHex[c >> 4];
        *d++ = kHex[c & 15];
    }
  }
  *d++ = '"';
  n_ += static_cast<size_t>(d - start);
}

void JsonOut::Int(int64_t i) {
  char* d = Room(24);
  n_ += static_cast<size_t>(std::to_chars(d, d + 24, i).ptr - d);
}

// Boost.JSON 1.81 prints every double in exponent form (0.971 as 9.71E-1); people and
// spreadsheets read plain decimals. std::to_chars gives the shortest text that reads back to
// the same double: in fixed form for the magnitudes quantities and ratios have, and in
// exponent form only far outside them (1e-300), where fixed form would be hundreds of digits.
void JsonOut::Double(double x) {
  if (!std::isfinite(x)) return Raw("null");  // JSON has no NaN or infinity
  char* d = Room(64);
  double a = std::fabs(x);
  auto r = a == 0 || (a >= 1e-6 && a < 1e21) ? std::to_chars(d, d + 64, x, std::chars_format::fixed)
                                             : std::to_chars(d, d + 64, x);
  n_ += static_cast<size_t>(r.ptr - d);
}

void JsonOut::Value(const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: {
      Char('{');
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) Char(',');
        first = false;
        String(kv.key());
        Char(':');
        Value(kv.value());
      }
      return Char('}');
    }
    case json::kind::array: {
      Char('[');
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) Char(',');
        first = false;
        Value(e);
      }
      return Char(']');
    }
    case json::kind::string:
      return String(v.get_string());
    case json::kind::int64:
      return Int(v.get_int64());
    case json::kind::uint64: {
      char* d = Room(24);
      n_ += static_cast<size_t>(std::to_chars(d, d + 24, v.get_uint64()).ptr - d);
      return;
    }
    case json::kind::bool_:
      return Raw(v.get_bool() ? "true" : "false");
    case json::kind::null:
      return Raw("null");
    case json::kind::double_:
      return Double(v.get_double());
  }
}

std::string Serialize(const json::value& v) {
  std::string s;
  JsonOut(s).Value(v);
  return s;
}

json::value Number(double d) {
  constexpr double kExact = 9007199254740992.0;  // 2^53
  if (d == static_cast<double>(static_cast<int64_t>(d)) && d > -kExact && d < kExact) return static_cast<int64_t>(d);
  return d;
}

json::value ToJson(Quantity q) {
  if (q.micros() % Quantity::kScale == 0) return q.micros() / Quantity::kScale;
  return q.ToDouble();
}

json::value ToJson(Quantity q, QtyForm form) {
  return form == QtyForm::kMicros ? json::value(q.micros()) : ToJson(q);
}

json::value ToJson(const QuantitySum& s) {
  if (auto q = s.Exact()) return ToJson(*q);
  return s.ToDouble();
}

namespace {

// The length of the well-formed UTF-8 sequence at text[i], or 0 if ill-formed; `bad` is then the
// length of its maximal subpart (at least 1), the bytes one U+FFFD replaces.
size_t Utf8Sequence(std::string_view text, size_t i, size_t& bad) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  bad = 1;
  if (c < 0x80) return 1;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  for (size_t k = 1; k < n; ++k) {
    if (i + k >= text.size()) return 0;
    const unsigned char b = byte(i + k);
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
    bad = k + 1;
  }
  return n;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0, bad = 0; i < text.size();) {
    size_t n = Utf8Sequence(text, i, bad);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string ValidUtf8(std::string_view text) {
  if (IsValidUtf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0, bad = 0; i < text.size();) {
    size_t n = Utf8Sequence(text, i, bad);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      i += bad;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  if (!alnum(id[0])) return false;
  for (char c : id)
    if (!alnum(c) && c != '.' && c != '_' && c != ':' && c != '-') return false;
  return true;
}

FieldReader::FieldReader(const json::value& v, std::string path) : path_(std::move(path)) {
  obj_ = v.if_object();
  if (!obj_) status_ = Status::Invalid("expected a JSON object", path_);
}

std::string FieldReader::PathOf(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return path_ + "." + std::string(key);
}

void FieldReader::Fail(Code code, std::string_view key, std::string message) {
  if (status_.ok()) status_ = Status(code, std::move(message), PathOf(key));
}

void FieldReader::Adopt(FieldReader& nested) {
  Status s = nested.Finish();
  if (status_.ok() && !s.ok()) status_ = std::move(s);
}

bool FieldReader::Has(std::string_view key) const {
  return obj_ && obj_->find(key) != obj_->end() && !obj_->at(key).is_null();
}

void FieldReader::Ignore(std::string_view key) {
  seen_.emplace(key);
}

const json::value* FieldReader::Find(std::string_view key, Need need) {
  seen_.emplace(key);
  if (!obj_) return nullptr;
  auto it = obj_->find(key);
  if (it == obj_->end() || it->value().is_null()) {
    if (need == kRequired) Fail(Code::kInvalidArgument, key, "missing required field");
    return nullptr;
  }
  return &it->value();
}

std::string FieldReader::String(std::string_view key, Need need) {
  const json::value* v = Find(key, need);
  if (!v) return {};
  if (!v->is_string()) {
    Fail(Code::kInvalidArgument, key, "expected a string");
    return {};
  }
  const auto& s = v->get_string();
  if (s.size() > 4096) Fail(Code::kInvalidArgument, key, "string longer than 4096 bytes");
  return std::string(s);
}

std::string FieldReader::Id(std::string_view key, Need need) {
  std::string s = String(key, need);
  if (!s.empty() && !IsValidId(s))
    Fail(Code::kInvalidArgument, key, "invalid id '" + s + "': use 1-64 characters of A-Z a-z 0-9 . _ : -");
  else if (s.empty() && Has(key))
    Fail(Code::kInvalidArgument, key, "id must not be empty");
  return s;
}

std::optional<double> FieldReader::Number(std::string_view key, Need need) {
  const json::value* v = Find(key, need);
  if (!v) return std::nullopt;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  Fail(Code::kInvalidArgument, key, "expected a number");
  return std::nullopt;
}

std::optional<int64_t> FieldReader::Integer(std::string_view key, Need need) {
  const json::value* v = Find(key, need);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX))
    return static_cast<int64_t>(v->get_uint64());
  // 2^63 itself is out of range; the comparison also refuses NaN.
  if (double d = v->is_double() ? v->get_double() : 0.5;
      d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == std::trunc(d))
    return static_cast<int64_t>(d);
  Fail(Code::kInvalidArgument, key, "expected an integer");
  return std::nullopt;
}

std::optional<bool> FieldReader::Bool(std::string_view key, Need need) {
  const json::value* v = Find(key, need);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    Fail(Code::kInvalidArgument, key, "expected true or false");
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<Quantity> FieldReader::Amount(std::string_view key, Need need, bool positive) {
  auto d = Number(key, need);
  if (!d) return std::nullopt;
  auto q = Quantity::FromDouble(*d);
  if (!q) {
    Fail(Code::kInvalidArgument, key, "expected a finite quantity of at most 1e9");
    return std::nullopt;
  }
  if (positive && !q->positive()) {
    Fail(Code::kInvalidArgument, key, "expected a quantity greater than zero");
    return std::nullopt;
  }
  return q;
}

std::optional<Quantity> FieldReader::StoredAmount(std::string_view key, QtyForm form) {
  if (form == QtyForm::kMicros) {
    auto m = Integer(key, kRequired);
    return m ? std::optional<Quantity>(Quantity::FromMicros(*m)) : std::nullopt;
  }
  auto d = Number(key, kRequired);
  if (!d) return std::nullopt;
  auto q = Quantity::FromStored(*d);
  if (!q) Fail(Code::kInvalidArgument, key, "quantity out of range");
  return q;
}

std::optional<Timestamp> FieldReader::Time(std::string_view key, Need need) {
  const json::value* v = Find(key, need);
  if (!v) return std::nullopt;
  std::optional<Timestamp> t;
  if (v->is_string()) t = ParseIso8601(v->get_string());
  if (!t) Fail(Code::kInvalidArgument, key, "expected an ISO 8601 time such as 2026-11-22T08:00:00Z");
  return t;
}

const json::array* FieldReader::Array(std::string_view key, Need need) {
  const json::value* v = Find(key, need);
  if (!v) return nullptr;
  if (!v->is_array()) {
    Fail(Code::kInvalidArgument, key, "expected an array");
    return nullptr;
  }
  if (v->get_array().size() > 10000) {
    Fail(Code::kInvalidArgument, key, "more than 10000 elements");
    return nullptr;
  }
  return &v->get_array();
}

const json::value* FieldReader::Any(std::string_view key, Need need) {
  return Find(key, need);
}

Status FieldReader::Finish() {
  if (!status_.ok() || !obj_) return status_;
  for (const auto& kv : *obj_) {
    if (!seen_.count(std::string_view(kv.key())))
      return Status::Invalid("unknown field", PathOf(std::string_view(kv.key())));
  }
  return Status::Ok();
}

}  // namespace takt
