// The Sparkplug B payload (spec chapter 6) as plain structs, and its codec. Protobuf stays in
// payload.cc: nothing that includes this header sees a generated class.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace takt::sparkplug {

// Metric datatypes (spec 6.4.16); the numbers are the wire values.
enum class DataType : uint32_t {
  kUnknown = 0,
  kInt8 = 1,
  kInt16 = 2,
  kInt32 = 3,
  kInt64 = 4,
  kUInt8 = 5,
  kUInt16 = 6,
  kUInt32 = 7,
  kUInt64 = 8,
  kFloat = 9,
  kDouble = 10,
  kBoolean = 11,
  kString = 12,
  kDateTime = 13,
  kText = 14,
  kUuid = 15,
  kDataSet = 16,
  kBytes = 17,
  kFile = 18,
  kTemplate = 19,
};

// A metric's value as its datatype means it. Signed integer types are sign-extended from
// their width; without a datatype (DATA messages need not carry one) integers read as
// unsigned, and Reinterpret applies the datatype the birth declared. Datasets, templates,
// bytes, files and arrays are not read: monostate, like a missing or null value.
using Value = std::variant<std::monostate, int64_t, uint64_t, double, bool, std::string>;

// `v` as `datatype` means it: an unsigned reading of a signed type is sign-extended.
Value Reinterpret(Value v, uint32_t datatype);

struct Metric {
  std::string name;  // empty when absent (DATA by alias)
  std::optional<uint64_t> alias;
  std::optional<uint64_t> timestamp;  // ms since the epoch, UTC
  std::optional<uint32_t> datatype;
  bool is_historical = false;
  bool is_transient = false;
  bool is_null = false;
  Value value;
};

struct Payload {
  std::optional<uint64_t> timestamp;  // ms since the epoch, UTC: when the message was sent
  std::optional<uint64_t> seq;
  std::vector<Metric> metrics;
  std::string uuid;
};

// Limits of one decode. The wire is checked against them before protobuf allocates anything,
// so hostile bytes cost at most about kMaxElements small allocations.
inline constexpr size_t kMaxPayloadBytes = 16u << 20;
inline constexpr size_t kMaxElements = 1u << 20;  // messages and repeated strings, at any depth
inline constexpr int kMaxDepth = 32;              // nesting of templates and property sets

// Decodes one payload. Threads: any (no shared state).
// Guarantees: never crashes on any bytes; refuses with kInvalidArgument and a message that
// says where when the bytes are not a Sparkplug B payload (truncated, malformed wire format,
// too large, too deep) or a metric carries neither a name nor an alias. An empty input is a
// valid, empty payload (the protobuf encoding of a message with no fields).
Result<Payload> DecodePayload(std::string_view bytes);

// Encodes a payload (metrics with their datatype when set; a value is written in the field
// its datatype uses, else in the field of its C++ type). For commands, tests and benchmarks.
std::string EncodePayload(const Payload& payload);

// The NCMD a host sends to ask an edge node for a rebirth: one metric, by name and without
// alias, "Node Control/Rebirth" = true, Boolean (spec 5.15, tck-id-...-ncmd-rebirth-*).
std::string EncodeRebirthRequest(uint64_t timestamp_ms);

inline constexpr std::string_view kRebirthMetric = "Node Control/Rebirth";
inline constexpr std::string_view kBdSeqMetric = "bdSeq";

}  // namespace takt::sparkplug
