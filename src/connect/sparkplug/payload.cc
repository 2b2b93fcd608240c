#include "connect/sparkplug/payload.h"

#include <google/protobuf/arena.h>

#include <cstring>
#include <limits>

#include "sparkplug_b.pb.h"

namespace takt::sparkplug {
namespace {

using WirePayload = wire::Payload;
using WireMetric = wire::Payload_Metric;

// ---- Wire check before parsing --------------------------------------------------------------
// Protobuf would allocate a message object per nested message it meets: a few bytes of input
// can cost a hundred bytes of memory each. This walk counts them first, knowing which fields of
// which message are messages (the schema in sparkplug_b.proto), and checks the wire structure
// so that the error names the offset instead of protobuf's bare "parse failed".

enum class Msg {
  kPayload,
  kMetric,
  kMetaData,
  kPropertySet,
  kPropertyValue,
  kPropertySetList,
  kDataSet,
  kRow,
  kDataSetValue,
  kTemplate,
  kParameter,
  kOpaque,
  kNone,
};

// The message type of `field` inside `m`, or kNone for scalars, strings and bytes.
Msg Child(Msg m, uint32_t field) {
  switch (m) {
    case Msg::kPayload:
      return field == 2 ? Msg::kMetric : Msg::kNone;
    case Msg::kMetric:
      switch (field) {
        case 8:
          return Msg::kMetaData;
        case 9:
          return Msg::kPropertySet;
        case 17:
          return Msg::kDataSet;
        case 18:
          return Msg::kTemplate;
        case 19:
          return Msg::kOpaque;
        default:
          return Msg::kNone;
      }
    case Msg::kPropertySet:
      return field == 2 ? Msg::kPropertyValue : Msg::kNone;
    case Msg::kPropertyValue:
      return field == 9    ? Msg::kPropertySet
             : field == 10 ? Msg::kPropertySetList
             : field == 11 ? Msg::kOpaque
                           : Msg::kNone;
    case Msg::kPropertySetList:
      return field == 1 ? Msg::kPropertySet : Msg::kNone;
    case Msg::kDataSet:
      return field == 4 ? Msg::kRow : Msg::kNone;
    case Msg::kRow:
      return field == 1 ? Msg::kDataSetValue : Msg::kNone;
    case Msg::kDataSetValue:
      return field == 7 ? Msg::kOpaque : Msg::kNone;
    case Msg::kTemplate:
      return field == 2 ? Msg::kMetric : field == 3 ? Msg::kParameter : Msg::kNone;
    case Msg::kParameter:
      return field == 9 ? Msg::kOpaque : Msg::kNone;
    default:
      return Msg::kNone;
  }
}

// Repeated strings cost a std::string each.
bool IsRepeatedString(Msg m, uint32_t field) {
  return (m == Msg::kDataSet && field == 2) || (m == Msg::kPropertySet && field == 1);
}

class WireCheck {
 public:
  explicit WireCheck(std::string_view bytes)
      : base_(reinterpret_cast<const uint8_t*>(bytes.data())), end_(base_ + bytes.size()) {}

  Status Run() { return Walk(base_, end_, Msg::kPayload, 0); }

 private:
  Status Fail(const uint8_t* at, const std::string& what) const {
    std::string where = metric_ >= 0 ? "metrics[" + std::to_string(metric_) + "]: " : std::string();
    return Status::Invalid("not a Sparkplug B payload: " + where + what + " at byte " + std::to_string(at - base_));
  }

  static bool ReadVarint(const uint8_t*& p, const uint8_t* end, uint64_t& out) {
    out = 0;
    for (int i = 0; i < 10; ++i) {
      if (p == end) return false;
      uint8_t b = *p++;
      if (i == 9 && b > 1) return false;  // more than 64 bits
      out |= uint64_t{b & 0x7fu} << (7 * i);
      if (!(b & 0x80)) return true;
    }
    return false;
  }

  Status Walk(const uint8_t* p, const uint8_t* end, Msg m, int depth) {
    if (depth > kMaxDepth) return Fail(p, "nested deeper than " + std::to_string(kMaxDepth));
    while (p < end) {
      const uint8_t* field_start = p;
      uint64_t tag = 0;
      if (!ReadVarint(p, end, tag)) return Fail(field_start, "truncated or overlong field tag");
      uint64_t field = tag >> 3;
      if (field == 0 || field > (uint64_t{1} << 29) - 1) return Fail(field_start, "invalid field number");
      switch (tag & 7) {
        case 0: {
          uint64_t ignored = 0;
          if (!ReadVarint(p, end, ignored)) return Fail(field_start, "truncated or overlong varint");
          break;
        }
        case 1:
          if (end - p < 8) return Fail(field_start, "truncated 64-bit field");
          p += 8;
          break;
        case 5:
          if (end - p < 4) return Fail(field_start, "truncated 32-bit field");
          p += 4;
          break;
        case 2: {
          if (m == Msg::kPayload && field == 2) ++metric_;
          uint64_t len = 0;
          if (!ReadVarint(p, end, len)) return Fail(field_start, "truncated length");
          if (len > static_cast<uint64_t>(end - p)) {
            return Fail(field_start, "length " + std::to_string(len) + " runs past the end");
          }
          const uint8_t* inner_end = p + len;
          Msg child = Child(m, static_cast<uint32_t>(field));
          if (child != Msg::kNone || IsRepeatedString(m, static_cast<uint32_t>(field))) {
            if (++elements_ > kMaxElements) {
              return Fail(field_start, "more than " + std::to_string(kMaxElements) + " nested elements");
            }
          }
          // Opaque extension values are kept as unknown bytes by protobuf: nothing to walk.
          if (child != Msg::kNone && child != Msg::kOpaque) TAKT_RETURN_IF_ERROR(Walk(p, inner_end, child, depth + 1));
          p = inner_end;
          break;
        }
        default:
          // 3 and 4 are proto2 groups, which Sparkplug never uses; 6 and 7 do not exist.
          return Fail(field_start, "unsupported wire type " + std::to_string(tag & 7));
      }
    }
    return Status::Ok();
  }

  const uint8_t* base_;
  const uint8_t* end_;
  size_t elements_ = 0;
  int64_t metric_ = -1;  // index of the top-level metric being walked (for messages)
};

// ---- Values -------------------------------------------------------------------------------

bool IsSigned(uint32_t dt) {
  return dt >= static_cast<uint32_t>(DataType::kInt8) && dt <= static_cast<uint32_t>(DataType::kInt64);
}

int64_t SignExtend(uint64_t raw, uint32_t dt) {
  switch (static_cast<DataType>(dt)) {
    case DataType::kInt8:
      return static_cast<int8_t>(static_cast<uint8_t>(raw));
    case DataType::kInt16:
      return static_cast<int16_t>(static_cast<uint16_t>(raw));
    case DataType::kInt32:
      return static_cast<int32_t>(static_cast<uint32_t>(raw));
    default:
      return static_cast<int64_t>(raw);
  }
}

Value FromInteger(uint64_t raw, const std::optional<uint32_t>& dt) {
  if (dt && IsSigned(*dt)) return SignExtend(raw, *dt);
  return raw;
}

Value ValueOf(const WireMetric& m, const std::optional<uint32_t>& dt) {
  switch (m.value_case()) {
    case WireMetric::kIntValue:
      return FromInteger(m.int_value(), dt);
    case WireMetric::kLongValue:
      return FromInteger(m.long_value(), dt);
    case WireMetric::kFloatValue:
      return static_cast<double>(m.float_value());
    case WireMetric::kDoubleValue:
      return m.double_value();
    case WireMetric::kBooleanValue:
      return m.boolean_value();
    case WireMetric::kStringValue:
      return m.string_value();
    default:
      return std::monostate{};  // none, bytes, dataset, template, extension
  }
}

uint64_t Bits(const Value& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return static_cast<uint64_t>(*i);
  if (auto* u = std::get_if<uint64_t>(&v)) return *u;
  if (auto* d = std::get_if<double>(&v)) return static_cast<uint64_t>(static_cast<int64_t>(*d));
  if (auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
  return 0;
}

double Number(const Value& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (auto* u = std::get_if<uint64_t>(&v)) return static_cast<double>(*u);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
  return 0;
}

void SetValue(const Metric& in, WireMetric& out) {
  if (std::holds_alternative<std::monostate>(in.value)) return;
  if (in.datatype) {
    switch (static_cast<DataType>(*in.datatype)) {
      case DataType::kInt8:
      case DataType::kInt16:
      case DataType::kInt32:
      case DataType::kUInt8:
      case DataType::kUInt16:
      case DataType::kUInt32:
        out.set_int_value(static_cast<uint32_t>(Bits(in.value)));
        return;
      case DataType::kInt64:
      case DataType::kUInt64:
      case DataType::kDateTime:
        out.set_long_value(Bits(in.value));
        return;
      case DataType::kFloat:
        out.set_float_value(static_cast<float>(Number(in.value)));
        return;
      case DataType::kDouble:
        out.set_double_value(Number(in.value));
        return;
      case DataType::kBoolean:
        out.set_boolean_value(Bits(in.value) != 0);
        return;
      default:
        break;
    }
  }
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, uint64_t>) {
          out.set_long_value(static_cast<uint64_t>(v));
        } else if constexpr (std::is_same_v<T, double>) {
          out.set_double_value(v);
        } else if constexpr (std::is_same_v<T, bool>) {
          out.set_boolean_value(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          out.set_string_value(v);
        }
      },
      in.value);
}

}  // namespace

Value Reinterpret(Value v, uint32_t datatype) {
  if (auto* u = std::get_if<uint64_t>(&v); u && IsSigned(datatype)) return SignExtend(*u, datatype);
  return v;
}

Result<Payload> DecodePayload(std::string_view bytes) {
  if (bytes.size() > kMaxPayloadBytes) {
    return Status::Invalid("not a Sparkplug B payload: " + std::to_string(bytes.size()) + " bytes, more than " +
                           std::to_string(kMaxPayloadBytes));
  }
  TAKT_RETURN_IF_ERROR(WireCheck(bytes).Run());

  // Small payloads (the common DATA message) parse without touching the heap.
  alignas(std::max_align_t) thread_local char block[16 << 10];
  google::protobuf::ArenaOptions arena_options;
  arena_options.initial_block = block;
  arena_options.initial_block_size = sizeof block;
  google::protobuf::Arena arena(arena_options);
  auto* wp = google::protobuf::Arena::CreateMessage<WirePayload>(&arena);
  if (!wp->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Status::Invalid("not a Sparkplug B payload: protobuf refused the bytes");
  }

  Payload out;
  if (wp->has_timestamp()) out.timestamp = wp->timestamp();
  if (wp->has_seq()) out.seq = wp->seq();
  if (wp->has_uuid()) out.uuid = wp->uuid();
  out.metrics.reserve(static_cast<size_t>(wp->metrics_size()));
  for (int i = 0; i < wp->metrics_size(); ++i) {
    const WireMetric& wm = wp->metrics(i);
    // A metric is addressed by name (births, commands) or alias (DATA): with neither, nothing
    // can tell what it means.
    if (wm.name().empty() && !wm.has_alias()) {
      return Status::Invalid("metrics[" + std::to_string(i) + "]: neither name nor alias", "metrics");
    }
    Metric& m = out.metrics.emplace_back();
    m.name = wm.name();
    if (wm.has_alias()) m.alias = wm.alias();
    if (wm.has_timestamp()) m.timestamp = wm.timestamp();
    if (wm.has_datatype()) m.datatype = wm.datatype();
    m.is_historical = wm.is_historical();
    m.is_transient = wm.is_transient();
    m.is_null = wm.is_null();
    if (!m.is_null) m.value = ValueOf(wm, m.datatype);
  }
  return out;
}

std::string EncodePayload(const Payload& payload) {
  google::protobuf::Arena arena;
  auto* wp = google::protobuf::Arena::CreateMessage<WirePayload>(&arena);
  if (payload.timestamp) wp->set_timestamp(*payload.timestamp);
  if (payload.seq) wp->set_seq(*payload.seq);
  if (!payload.uuid.empty()) wp->set_uuid(payload.uuid);
  for (const Metric& m : payload.metrics) {
    WireMetric* wm = wp->add_metrics();
    if (!m.name.empty()) wm->set_name(m.name);
    if (m.alias) wm->set_alias(*m.alias);
    if (m.timestamp) wm->set_timestamp(*m.timestamp);
    if (m.datatype) wm->set_datatype(*m.datatype);
    if (m.is_historical) wm->set_is_historical(true);
    if (m.is_transient) wm->set_is_transient(true);
    if (m.is_null) {
      wm->set_is_null(true);
    } else {
      SetValue(m, *wm);
    }
  }
  return wp->SerializeAsString();
}

std::string EncodeRebirthRequest(uint64_t timestamp_ms) {
  Payload p;
  p.timestamp = timestamp_ms;
  Metric& m = p.metrics.emplace_back();
  m.name = std::string(kRebirthMetric);
  m.timestamp = timestamp_ms;
  m.datatype = static_cast<uint32_t>(DataType::kBoolean);
  m.value = true;
  return EncodePayload(p);
}

}  // namespace takt::sparkplug
