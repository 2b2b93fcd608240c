#include "plant/performance/contract.h"

namespace takt::plant::performance {
namespace {

using contract::Decoder;
using contract::FieldInfo;

// Per field of the description (in its order): whether it is required, and its KindBit.
struct FieldBits {
  static_assert(std::tuple_size_v<decltype(contract::Describe<Sample>::kFields)> <= 32);
  uint32_t required = 0;
  unsigned kind[32] = {};
};
const FieldBits& Bits() {
  static const FieldBits bits = [] {
    FieldBits b;
    uint32_t k = 0;
    contract::ForEachField<Sample>([&](const auto& def) {
      if (def.info.has(contract::kRequired)) b.required |= 1u << k;
      b.kind[k++] = KindBit(def.info.name);
    });
    return b;
  }();
  return bits;
}

// Reads one reading into `s` (a default Sample) as Describe<Sample> says, the generic decoder's
// rules (null as absent, each field's codec, required fields, then the kind) without its path
// strings. False if the reading is refused.
bool ReadReading(const json::value& v, Sample& s) {
  const json::object* o = v.if_object();
  if (!o) return false;
  static const std::string kHere;  // the path fields are read with; a refusal gets its own below
  const FieldBits& bits = Bits();
  uint32_t given = 0;
  Decoder one;
  for (const auto& kv : *o) {
    std::string_view key = kv.key();
    uint32_t k = 0;
    bool known = false;
    contract::ForEachField<Sample>([&](const auto& def) {
      if (known || def.info.name != key) return void(++k);
      known = true;
      if (kv.value().is_null()) return;
      given |= 1u << k;
      contract::detail::FieldCodec<std::decay_t<decltype(def)>>::Read(kv.value(), def.info, s.*(def.member), one,
                                                                      kHere);
    });
    if (!known || !one.ok()) return false;
  }
  if ((given & bits.required) != bits.required) return false;
  unsigned kinds = 0;
  for (uint32_t k = 0; given >> k; ++k)
    if (given >> k & 1) kinds |= bits.kind[k];
  SetKind(s, kinds, one);
  return one.ok();
}

// Why reading `i` is refused: the generic decoder's answer, so that a refusal (its field, path
// and message) is the one any body gets, whatever order the fast reader met the faults in.
void Refuse(const json::value& v, Decoder& d, const std::string& path, size_t i) {
  auto r = contract::Decode<Sample>(v, path + "[" + std::to_string(i) + "]");
  if (r.ok()) return d.Fail(Code::kInternal, path, "a reading the generic decoder accepts was refused");
  d.Fail(r.status().code(), r.status().field(), r.status().message());
}

}  // namespace

unsigned KindBit(std::string_view field) {
  constexpr std::pair<std::string_view, SampleKind> kKinds[] = {{"state", SampleKind::kState},
                                                                {"good", SampleKind::kGood},
                                                                {"reject", SampleKind::kReject},
                                                                {"total", SampleKind::kTotal},
                                                                {"value", SampleKind::kProcessValue}};
  for (const auto& [name, kind] : kKinds)
    if (field == name) return 1u << static_cast<int>(kind);
  return 0;
}

void SetKind(Sample& s, unsigned given, Decoder& d) {
  if (given == 0 || (given & (given - 1)) != 0)
    return d.Invalid("state", "give exactly one of state, good, reject, total and value");
  s.kind = static_cast<SampleKind>(__builtin_ctz(given));
}

void ReadingsCodec::Read(const json::value& v, const FieldInfo&, std::vector<Sample>& out, Decoder& d,
                         const std::string& path) {
  if (!v.is_array()) return d.Invalid(path, "expected an array of readings");
  const json::array& a = v.get_array();
  if (a.size() > kMaxBatchReadings) return d.Invalid(path, "at most 100000 readings per batch");
  out.resize(a.size());
  for (size_t i = 0; i < a.size(); ++i)
    if (!ReadReading(a[i], out[i])) {
      Refuse(a[i], d, path, i);
      return out.clear();
    }
}

json::value ReadingsCodec::Write(const std::vector<Sample>& samples) {
  json::array a;
  a.reserve(samples.size());
  for (const Sample& s : samples) a.push_back(contract::Encode(s));
  return a;
}

json::object ReadingsCodec::Schema(contract::SchemaRegistry& r, const FieldInfo&) {
  json::object s = contract::TypeSchema("array");
  s["items"] = r.Ref<Sample>();
  s["maxItems"] = kMaxBatchReadings;
  return s;
}

void ProcessValuesCodec::Read(const json::value& v, const FieldInfo&, Map& out, Decoder& d, const std::string& path) {
  const json::object* o = v.if_object();
  if (!o) return d.Invalid(path, "expected a JSON object");
  for (const auto& kv : *o) {
    auto pv = contract::Decode<LatestValue>(kv.value(), contract::Join(path, kv.key()));
    if (!pv.ok()) return d.Fail(pv.status().code(), pv.status().field(), pv.status().message());
    out[std::string(kv.key())] = *pv;
  }
}

json::value ProcessValuesCodec::Write(const Map& values) {
  json::object o;
  for (const auto& [name, v] : values) o[name] = contract::Encode(v);
  return o;
}

json::object ProcessValuesCodec::Schema(contract::SchemaRegistry& r, const FieldInfo&) {
  json::object s = contract::TypeSchema("object");
  s["additionalProperties"] = r.Ref<LatestValue>();
  return s;
}

}  // namespace takt::plant::performance
