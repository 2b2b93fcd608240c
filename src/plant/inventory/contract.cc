// The parts of inventory's contract a table cannot say: lot statuses as a fixed set of names,
// and the rules across fields of one request.
#include "plant/inventory/contract.h"

#include "plant/inventory/lot.h"

namespace takt::plant::inventory {

void LotStatusCodec::Read(const json::value& v, const contract::FieldInfo&, std::string& out, contract::Decoder& d,
                          const std::string& path) {
  if (v.is_string() && IsLotStatus(v.get_string())) {
    out = std::string(v.get_string());
    return;
  }
  std::string names;
  for (auto n : kLotStatuses) names += (names.empty() ? "" : ", ") + std::string(n);
  d.Invalid(path, "expected one of " + names);
}

json::object LotStatusCodec::Schema(contract::SchemaRegistry&, const contract::FieldInfo&) {
  json::array names;
  for (auto n : kLotStatuses) names.emplace_back(n);
  return {{"type", "string"}, {"enum", std::move(names)}};
}

}  // namespace takt::plant::inventory

namespace takt::contract {

void Describe<inv::AdjustLot>::Check(inv::AdjustLot& v, const json::object&, Decoder& d) {
  if (v.delta.zero()) d.Invalid("delta", "an adjustment of zero changes nothing");
}

void Describe<inv::ChangeLotStatus>::Check(inv::ChangeLotStatus& v, const json::object&, Decoder& d) {
  using inv::StatusChange;
  if (v.status == StatusChange::kAvailable) {
    if (v.containment) d.Invalid("containment", "containment applies to on_hold only");
    return;
  }
  if (!v.hold.empty()) return d.Invalid("hold", "'hold' names a hold to release, with status available");
  if (v.containment && v.status != StatusChange::kOnHold)
    return d.Invalid("containment", "containment applies to on_hold only");
  if (v.reason.empty()) d.Invalid("reason", v.containment ? "a containment needs a reason" : "a hold needs a reason");
}

}  // namespace takt::contract
