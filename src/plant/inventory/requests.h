// What a caller asks of inventory, as plain data: the bodies of the lot and containment routes,
// decoded by the adapter from their descriptions (inventory/contract.h), so the plant reads no
// JSON for its commands. Structural rules (types, ids, limits, fields that go together) are in
// the descriptions; rules against the state are the plant's (Execute).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "core/quantity.h"
#include "model/resources.h"

namespace takt::plant::inventory {

// Quantities are in `uom` when given, else in the lot's (its material's) unit.
struct MoveLot {
  std::string from;  // empty: the lot's only location
  std::string to;
  Quantity quantity;
  std::string uom;
};

// A cycle count: the location then holds `counted`.
struct CountLot {
  std::string location;
  Quantity counted;
  std::string uom;
  std::string reason;  // empty: "cycle count"
};

// A signed correction of what a location holds.
struct AdjustLot {
  std::string location;
  Quantity delta;
  std::string uom;
  std::string reason;
};

struct ScrapLot {
  std::string location;  // empty: the lot's only location
  Quantity quantity;
  std::string uom;
  std::string reason;
};

struct ShipLot {
  std::string location;  // empty: the lot's only location
  Quantity quantity;
  std::string uom;
  std::string reference;  // the delivery or sales order, for a recall's letters
};

// The lot status route's verbs: available releases a hold, the others place one.
enum class StatusChange { kAvailable, kOnHold, kQuarantine, kExpired };
struct ChangeLotStatus {
  StatusChange status = StatusChange::kAvailable;
  std::string reason;
  bool containment = false;  // with on_hold: open a containment case on the lot instead
  std::string hold;          // with available: the hold to release
};

// A containment case on source lots: it holds them and every lot made from them, now and later.
struct OpenContainment {
  std::string id;  // empty: the next generated one (C-0001, ...)
  std::vector<std::string> lots;
  std::string reason;
};

struct ReleaseContainment {
  std::string reason;
};

// One command on one lot; a receipt names its new lot in its document.
using LotRequest = std::variant<model::MaterialLot, MoveLot, CountLot, AdjustLot, ScrapLot, ShipLot, ChangeLotStatus>;
using ContainmentRequest = std::variant<OpenContainment, ReleaseContainment>;

}  // namespace takt::plant::inventory
