// One description per API body. A body type is described once, as a table of its fields; JSON
// decoding (with field paths in errors), encoding and the OpenAPI schema are all derived from
// that table (contract/codec.h, contract/schema.h), so the three cannot drift apart.
//
//   template <>
//   struct Describe<MoveLot> {
//     static constexpr std::string_view kName = "MoveLot";  // the OpenAPI component name
//     static constexpr std::string_view kDoc = "Moves quantity of a lot to another location.";
//     static constexpr auto kFields = std::tuple{
//         Field("to", &MoveLot::to, kRequired | kId, "storage location to move to"),
//         Field("quantity", &MoveLot::quantity, kRequired, "in the lot's unit", kPositive),
//         Field("reason", &MoveLot::reason)};
//   };
//
// Field types: std::string, bool, int64_t, int, double, Quantity, Timestamp, json::value (any
// JSON), enums with EnumNames, other described types, and std::optional and std::vector of
// them. A type with other needs specialises contract::Codec (codec.h).
//
// A field whose JSON form differs from its member's type (minutes after midnight as "06:00")
// names its own codec: FieldAs<ClockCodec>("start", &Shift::start_min, kRequired). The codec
// class has the static Read, Write, Empty of a Codec (codec.h) and Schema (schema.h).
//
// Optional hooks in a Describe<T> specialisation:
//   static void Check(T&, const json::object& raw, Decoder&)   after the fields decoded: rules
//       across fields, and defaults that depend on whether a field was given (raw is the
//       request's object); paths in its errors are relative to the object
//   static void Encoded(const T&, json::object&)   final touches to the encoded object
//   static void Rules(json::object& schema)   the rules Check enforces, stated in the schema where
//       JSON Schema can say them (oneOf, dependentRequired)
//
// Include this header only from .cc files: the templates are not for every translation unit.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace takt::contract {

enum Flag : uint32_t {
  kOptional = 0,
  kRequired = 1u << 0,     // a request must carry it (absent or null is an error)
  kReadOnly = 1u << 1,     // set by the server: in replies; accepted and ignored in requests
  kWriteOnly = 1u << 2,    // in requests only, never in replies
  kNullIfEmpty = 1u << 3,  // an empty value (string, list, nullopt) encodes as null
  kOmitIfEmpty = 1u << 4,  // an empty value is left out of replies
  kId = 1u << 5,           // a string that must be an id: 1-64 of [A-Za-z0-9._:-]
  kUnique = 1u << 6,       // a list without duplicates
  kNonEmpty = 1u << 7,     // a string or list that may not be empty when given
};

// Bounds of a number or quantity (inclusive unless exclusive).
struct Limits {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool exclusive_min = false;
  bool exclusive_max = false;
  bool bounded() const {
    return min > -std::numeric_limits<double>::infinity() || max < std::numeric_limits<double>::infinity();
  }
};
inline constexpr Limits kPositive{0, std::numeric_limits<double>::infinity(), true};
inline constexpr Limits kNonNegative{0};
constexpr Limits Range(double lo, double hi) {
  return {lo, hi};
}

struct FieldInfo {
  std::string_view name;
  uint32_t flags = kOptional;
  std::string_view doc;
  Limits limits;
  bool has(Flag f) const { return (flags & f) != 0; }
};

struct DefaultCodec {};

template <typename T, typename M, typename C = DefaultCodec>
struct FieldDef {
  FieldInfo info;
  M T::*member;
  using Owner = T;
  using Type = M;
  using CodecType = C;  // DefaultCodec: Codec<M> and Schema<M>
};

// The members of a described member, at this level of the JSON object (a resource's id and
// description come from its Meta).
template <typename T, typename M>
struct InlineDef {
  M T::*member;
  using Owner = T;
  using Type = M;
};

template <typename T, typename M>
constexpr FieldDef<T, M> Field(std::string_view name, M T::*member, uint32_t flags = kOptional,
                               std::string_view doc = {}, Limits limits = {}) {
  return {{name, flags, doc, limits}, member};
}

template <typename C, typename T, typename M>
constexpr FieldDef<T, M, C> FieldAs(std::string_view name, M T::*member, uint32_t flags = kOptional,
                                    std::string_view doc = {}, Limits limits = {}) {
  return {{name, flags, doc, limits}, member};
}

template <typename T, typename M>
constexpr InlineDef<T, M> Inline(M T::*member) {
  return {member};
}

// Specialise for every body type (see the top of this file).
template <typename T>
struct Describe;

template <typename T>
concept Described = requires {
  Describe<T>::kName;
  Describe<T>::kFields;
};

// Specialise for enums that travel as strings:
//   template <> struct EnumNames<Level> {
//     static constexpr std::pair<Level, std::string_view> kValues[] = {{Level::kSite, "site"}, ...};
//   };
template <typename E>
struct EnumNames;

template <typename E>
concept NamedEnum = std::is_enum_v<E> && requires {
  EnumNames<E>::kValues;
};

template <NamedEnum E>
constexpr std::string_view NameOf(E e) {
  for (const auto& [v, n] : EnumNames<E>::kValues)
    if (v == e) return n;
  return {};
}

template <NamedEnum E>
constexpr std::optional<E> ParseName(std::string_view s) {
  for (const auto& [v, n] : EnumNames<E>::kValues)
    if (n == s) return v;
  return std::nullopt;
}

// Calls f(def) for each field or inline definition of T.
template <Described T, typename F>
constexpr void ForEachField(F&& f) {
  std::apply([&](const auto&... defs) { (f(defs), ...); }, Describe<T>::kFields);
}

}  // namespace takt::contract
