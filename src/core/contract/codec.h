// JSON decoding and encoding derived from the descriptions in describe.h.
//
// Decoding is strict: a body is an object; unknown fields, wrong types, ids that are not ids,
// numbers out of their limits and missing required fields are refused with the dotted path of
// the first offending field ("routing[2].work_center"); null means absent. Strings are at most
// 4096 bytes and lists at most 10,000 elements, as everywhere in the API.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/contract/describe.h"
#include "core/json.h"
#include "core/quantity.h"
#include "core/status.h"
#include "core/time.h"

namespace takt::contract {

// Collects the first error of a decode. Not thread-safe; cheap to create.
class Decoder {
 public:
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  void Fail(Code code, const std::string& path, std::string message) {
    if (status_.ok()) status_ = Status(code, std::move(message), path);
  }
  void Invalid(const std::string& path, std::string message) { Fail(Code::kInvalidArgument, path, std::move(message)); }

 private:
  Status status_;
};

inline std::string Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

// Codec<T>::Read(const json::value&, const FieldInfo&, T&, Decoder&, const std::string& path),
// Codec<T>::Write(const T&) -> json::value, Codec<T>::Empty(const T&) -> bool, and optionally
// Codec<T>::Print(const T&, JsonOut&), which appends the text of Write's value without building
// it (without one, Print writes Write's value). Specialise it for a type that no table describes
// (a variant, a map); schema.h asks it for a Schema too.
template <typename T>
struct Codec;

namespace detail {

template <typename C, typename M>
concept Prints = requires(const M& m, JsonOut& out) {
  C::Print(m, out);
};

// Appends `m` as codec C encodes it.
template <typename C, typename M>
void PrintWith(const M& m, JsonOut& out) {
  if constexpr (Prints<C, M>)
    C::Print(m, out);
  else
    out.Value(C::Write(m));
}

}  // namespace detail

template <>
struct Codec<std::string> {
  static void Read(const json::value& v, const FieldInfo& f, std::string& out, Decoder& d, const std::string& path) {
    if (!v.is_string()) return d.Invalid(path, f.has(kId) ? "expected an id (a string)" : "expected a string");
    const auto& s = v.get_string();
    if (s.size() > 4096) return d.Invalid(path, "string longer than 4096 bytes");
    if (f.has(kId) && !IsValidId(s)) {
      if (s.empty()) return d.Invalid(path, "id must not be empty");
      return d.Invalid(path, "invalid id '" + std::string(s) + "': use 1-64 characters of A-Z a-z 0-9 . _ : -");
    }
    if (f.has(kNonEmpty) && s.empty()) return d.Invalid(path, "must not be empty");
    out.assign(s.data(), s.size());
  }
  static json::value Write(const std::string& s) { return json::value(s); }
  static void Print(const std::string& s, JsonOut& out) { out.String(s); }
  static bool Empty(const std::string& s) { return s.empty(); }
};

template <>
struct Codec<bool> {
  static void Read(const json::value& v, const FieldInfo&, bool& out, Decoder& d, const std::string& path) {
    if (!v.is_bool()) return d.Invalid(path, "expected true or false");
    out = v.get_bool();
  }
  static json::value Write(bool b) { return b; }
  static void Print(bool b, JsonOut& out) { out.Raw(b ? "true" : "false"); }
  static bool Empty(bool) { return false; }
};

// "expected a number from 0 (exclusive)" and the like, from a field's limits.
std::string LimitText(const Limits& l);
bool WithinLimits(double x, const Limits& l);
// An integer from a JSON number that holds one exactly.
std::optional<int64_t> ExactInteger(const json::value& v);

template <typename I>
requires(std::is_integral_v<I> && !std::is_same_v<I, bool>) struct Codec<I> {
  static void Read(const json::value& v, const FieldInfo& f, I& out, Decoder& d, const std::string& path) {
    auto n = ExactInteger(v);
    if (!n || !std::in_range<I>(*n)) return d.Invalid(path, "expected an integer");  // -1 is no uint64_t
    if (!WithinLimits(static_cast<double>(*n), f.limits)) return d.Invalid(path, "expected " + LimitText(f.limits));
    out = static_cast<I>(*n);
  }
  static json::value Write(I i) { return static_cast<int64_t>(i); }
  static void Print(I i, JsonOut& out) { out.Int(static_cast<int64_t>(i)); }
  static bool Empty(I) { return false; }
};

template <>
struct Codec<double> {
  static void Read(const json::value& v, const FieldInfo& f, double& out, Decoder& d, const std::string& path) {
    if (!v.is_number()) return d.Invalid(path, "expected a number");
    double x = v.to_number<double>();
    if (!std::isfinite(x)) return d.Invalid(path, "expected a finite number");
    if (!WithinLimits(x, f.limits)) return d.Invalid(path, "expected " + LimitText(f.limits));
    out = x;
  }
  static json::value Write(double x) { return Number(x); }
  static void Print(double x, JsonOut& out) { out.Value(Number(x)); }
  static bool Empty(double) { return false; }
};

// Quantities: at most 10^9 units in one request (Quantity::kMaxUnits), exact to a micro-unit.
template <>
struct Codec<Quantity> {
  static void Read(const json::value& v, const FieldInfo& f, Quantity& out, Decoder& d, const std::string& path) {
    if (!v.is_number()) return d.Invalid(path, "expected a number");
    auto q = Quantity::FromDouble(v.to_number<double>());
    if (!q) return d.Invalid(path, "expected a finite quantity of at most 1e9");
    if (!WithinLimits(q->ToDouble(), f.limits))
      return d.Invalid(path, f.limits.exclusive_min && f.limits.min == 0 ? "expected a quantity greater than zero"
                                                                         : "expected " + LimitText(f.limits));
    out = *q;
  }
  static json::value Write(Quantity q) { return ToJson(q); }
  static void Print(Quantity q, JsonOut& out) { out.Value(ToJson(q)); }
  static bool Empty(Quantity) { return false; }
};

// Sums of quantities (QuantitySum), in replies: the nearest double past int64 micro-units.
template <>
struct Codec<QuantitySum> {
  static void Read(const json::value& v, const FieldInfo& f, QuantitySum& out, Decoder& d, const std::string& path) {
    Quantity q;
    Codec<Quantity>::Read(v, f, q, d, path);
    if (d.ok()) out = QuantitySum(q);
  }
  static json::value Write(const QuantitySum& s) { return ToJson(s); }
  static void Print(const QuantitySum& s, JsonOut& out) { out.Value(ToJson(s)); }
  static bool Empty(const QuantitySum&) { return false; }
};

template <>
struct Codec<Timestamp> {
  static void Read(const json::value& v, const FieldInfo&, Timestamp& out, Decoder& d, const std::string& path) {
    std::optional<Timestamp> t;
    if (v.is_string()) t = ParseIso8601(v.get_string());
    if (!t) return d.Invalid(path, "expected an ISO 8601 time such as 2026-11-22T08:00:00Z");
    out = *t;
  }
  static json::value Write(Timestamp t) { return json::value(FormatIso8601(t)); }
  static void Print(Timestamp t, JsonOut& out) { out.String(FormatIso8601(t)); }
  static bool Empty(Timestamp) { return false; }
};

template <>
struct Codec<json::value> {
  static void Read(const json::value& v, const FieldInfo&, json::value& out, Decoder&, const std::string&) { out = v; }
  static json::value Write(const json::value& v) { return v; }
  static void Print(const json::value& v, JsonOut& out) { out.Value(v); }
  static bool Empty(const json::value& v) { return v.is_null(); }
};

template <NamedEnum E>
struct Codec<E> {
  static void Read(const json::value& v, const FieldInfo&, E& out, Decoder& d, const std::string& path) {
    if (v.is_string())
      for (const auto& [value, name] : EnumNames<E>::kValues)
        if (v.get_string() == name) {
          out = value;
          return;
        }
    std::string names;
    for (const auto& [value, name] : EnumNames<E>::kValues) names += (names.empty() ? "" : ", ") + std::string(name);
    d.Invalid(path, "expected one of " + names);
  }
  static json::value Write(E e) { return json::value(NameOf(e)); }
  static void Print(E e, JsonOut& out) { out.String(NameOf(e)); }
  static bool Empty(E) { return false; }
};

template <typename T>
struct Codec<std::optional<T>> {
  static void Read(const json::value& v, const FieldInfo& f, std::optional<T>& out, Decoder& d,
                   const std::string& path) {
    T x{};
    Codec<T>::Read(v, f, x, d, path);
    if (d.ok()) out = std::move(x);
  }
  static json::value Write(const std::optional<T>& o) { return o ? Codec<T>::Write(*o) : json::value(nullptr); }
  static void Print(const std::optional<T>& o, JsonOut& out) {
    if (!o) return out.Raw("null");
    detail::PrintWith<Codec<T>>(*o, out);
  }
  static bool Empty(const std::optional<T>& o) { return !o; }
};

template <typename T>
struct Codec<std::vector<T>> {
  static void Read(const json::value& v, const FieldInfo& f, std::vector<T>& out, Decoder& d, const std::string& path) {
    if (!v.is_array()) return d.Invalid(path, "expected an array");
    const auto& a = v.get_array();
    if (a.size() > 10000) return d.Invalid(path, "more than 10000 elements");
    if (f.has(kNonEmpty) && a.empty()) return d.Invalid(path, "must not be empty");
    FieldInfo element{f.name, f.flags & (kId | kNonEmpty), {}, f.limits};
    out.clear();
    out.reserve(a.size());
    for (size_t i = 0; i < a.size() && d.ok(); ++i) {
      std::string at = path + "[" + std::to_string(i) + "]";
      T x{};
      Codec<T>::Read(a[i], element, x, d, at);
      if constexpr (std::equality_comparable<T>)
        if (d.ok() && f.has(kUnique) && std::find(out.begin(), out.end(), x) != out.end())
          d.Invalid(at, "duplicate " + Serialize(a[i]));
      out.push_back(std::move(x));
    }
  }
  static json::value Write(const std::vector<T>& xs) {
    json::array a;
    a.reserve(xs.size());
    for (const auto& x : xs) a.push_back(Codec<T>::Write(x));
    return a;
  }
  static void Print(const std::vector<T>& xs, JsonOut& out) {
    out.Char('[');
    for (size_t i = 0; i < xs.size(); ++i) {
      if (i) out.Char(',');
      detail::PrintWith<Codec<T>>(xs[i], out);
    }
    out.Char(']');
  }
  static bool Empty(const std::vector<T>& xs) { return xs.empty(); }
};

namespace detail {

// The codec of a field: its own, or Codec<M>.
template <typename Def>
using FieldCodec = std::conditional_t<std::is_same_v<typename Def::CodecType, DefaultCodec>, Codec<typename Def::Type>,
                                      typename Def::CodecType>;

template <typename T>
concept HasCheck = requires(T& t, const json::object& raw, Decoder& d) {
  Describe<T>::Check(t, raw, d);
};
template <typename T>
concept HasEncoded = requires(const T& t, json::object& o) {
  Describe<T>::Encoded(t, o);
};

// Marks the keys a described type reads, for the unknown-field check.
template <Described T>
bool Knows(std::string_view key) {
  bool known = false;
  ForEachField<T>([&](const auto& def) {
    using Def = std::decay_t<decltype(def)>;
    if constexpr (requires { def.info; })
      known |= def.info.name == key;
    else
      known |= Knows<typename Def::Type>(key);
  });
  return known;
}

template <Described T>
void ReadFields(const json::object& o, T& out, Decoder& d, const std::string& path) {
  ForEachField<T>([&](const auto& def) {
    if (!d.ok()) return;
    using M = typename std::decay_t<decltype(def)>::Type;
    if constexpr (requires { def.info; }) {
      const FieldInfo& f = def.info;
      if (f.has(kReadOnly)) return;
      const json::value* v = o.if_contains(f.name);
      if (!v || v->is_null()) {
        if (f.has(kRequired)) d.Invalid(Join(path, f.name), "missing required field");
        return;
      }
      FieldCodec<std::decay_t<decltype(def)>>::Read(*v, f, out.*(def.member), d, Join(path, f.name));
    } else {
      ReadFields<M>(o, out.*(def.member), d, path);
    }
  });
}

// The fields T writes at most, inline definitions' included.
template <Described T>
size_t FieldCount() {
  size_t n = 0;
  ForEachField<T>([&](const auto& def) {
    if constexpr (requires { def.info; })
      ++n;
    else
      n += FieldCount<typename std::decay_t<decltype(def)>::Type>();
  });
  return n;
}

template <Described T>
void WriteFields(const T& v, json::object& o) {
  ForEachField<T>([&](const auto& def) {
    using M = typename std::decay_t<decltype(def)>::Type;
    if constexpr (requires { def.info; }) {
      using C = FieldCodec<std::decay_t<decltype(def)>>;
      const FieldInfo& f = def.info;
      if (f.has(kWriteOnly)) return;
      const M& m = v.*(def.member);
      if (C::Empty(m) && f.has(kOmitIfEmpty)) return;
      o[f.name] = C::Empty(m) && f.has(kNullIfEmpty) ? json::value(nullptr) : C::Write(m);
    } else {
      WriteFields<M>(v.*(def.member), o);
    }
  });
}

// Writes what WriteFields puts in an object, as text, each field after a comma but the first.
template <Described T>
void PrintFields(const T& v, JsonOut& out, bool& first) {
  ForEachField<T>([&](const auto& def) {
    using M = typename std::decay_t<decltype(def)>::Type;
    if constexpr (requires { def.info; }) {
      using C = FieldCodec<std::decay_t<decltype(def)>>;
      const FieldInfo& f = def.info;
      if (f.has(kWriteOnly)) return;
      const M& m = v.*(def.member);
      if (C::Empty(m) && f.has(kOmitIfEmpty)) return;
      if (!first) out.Char(',');
      first = false;
      out.String(f.name);
      out.Char(':');
      if (C::Empty(m) && f.has(kNullIfEmpty))
        out.Raw("null");
      else
        PrintWith<C>(m, out);
    } else {
      PrintFields<M>(v.*(def.member), out, first);
    }
  });
}

// Whether T's fields, inline definitions' included, have distinct names (an object written
// field by field keeps the last of equal names; text written field by field would repeat it).
template <Described T>
bool UniqueNames() {
  std::vector<std::string_view> names;
  const auto collect = [&](const auto& self, auto tag) -> void {
    ForEachField<typename decltype(tag)::type>([&](const auto& def) {
      using M = typename std::decay_t<decltype(def)>::Type;
      if constexpr (requires { def.info; })
        names.push_back(def.info.name);
      else
        self(self, std::type_identity<M>{});
    });
  };
  collect(collect, std::type_identity<T>{});
  std::sort(names.begin(), names.end());
  return std::adjacent_find(names.begin(), names.end()) == names.end();
}

}  // namespace detail

template <Described T>
struct Codec<T> {
  static void Read(const json::value& v, const FieldInfo&, T& out, Decoder& d, const std::string& path) {
    const json::object* o = v.if_object();
    if (!o) return d.Invalid(path, "expected a JSON object");
    for (const auto& kv : *o)
      if (!detail::Knows<T>(kv.key())) return d.Invalid(Join(path, kv.key()), "unknown field");
    detail::ReadFields<T>(*o, out, d, path);
    if constexpr (detail::HasCheck<T>) {
      if (d.ok()) {
        // Rules across fields report paths relative to this object.
        Decoder inner;
        Describe<T>::Check(out, *o, inner);
        if (!inner.ok()) {
          const std::string& at = inner.status().field();
          d.Fail(inner.status().code(), at.empty() ? path : Join(path, at), inner.status().message());
        }
      }
    }
  }
  static json::value Write(const T& v) {
    json::object o;
    // Room for every field at once: an object grown key by key rehashes as it goes.
    static const size_t fields = detail::FieldCount<T>();
    o.reserve(fields);
    detail::WriteFields<T>(v, o);
    if constexpr (detail::HasEncoded<T>) Describe<T>::Encoded(v, o);
    return o;
  }
  // Write's text, field by field; through Write where an Encoded hook edits the object or names
  // repeat.
  static void Print(const T& v, JsonOut& out) {
    static const bool unique = detail::UniqueNames<T>();
    if (detail::HasEncoded<T> || !unique) return out.Value(Write(v));
    out.Char('{');
    bool first = true;
    detail::PrintFields<T>(v, out, first);
    out.Char('}');
  }
  static bool Empty(const T&) { return false; }
};

// Decodes a request body (or any JSON value) into T; the error names the offending field.
template <typename T>
Result<T> Decode(const json::value& v, const std::string& path = {}) {
  Decoder d;
  T out{};
  Codec<T>::Read(v, FieldInfo{}, out, d, path);
  if (!d.ok()) return d.status();
  return out;
}

template <typename T>
json::value Encode(const T& v) {
  return Codec<T>::Write(v);
}

// Serialize(Encode(v)), written straight as text: no json::value is built (replies).
template <typename T>
std::string EncodeText(const T& v) {
  std::string text;
  {
    JsonOut out(text);
    detail::PrintWith<Codec<T>>(v, out);
  }
  return text;
}

}  // namespace takt::contract
