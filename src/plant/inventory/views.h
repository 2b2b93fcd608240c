// What inventory's queries answer, as plain data: the lot, containment and balance views the
// API replies with (their JSON is derived from inventory/contract.h). Built under the state's
// read lock; they own copies, so they outlive it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plant/inventory/lot.h"

namespace takt::plant::inventory {

struct LotLocation {
  std::string location;
  Quantity quantity;
};

// A lot as the API shows it: identity, derived status with its holds, quantity by location,
// the lot's balance sheet and shipments. Quantities in the lot's (its material's) unit.
struct LotView {
  std::string id;
  std::string material;
  std::string uom;
  std::string status;         // StatusName
  std::string status_reason;  // the holds' reasons, "; " between
  bool serial = false;
  std::string supplier;
  std::string supplier_lot;
  std::optional<Timestamp> expires_at;
  std::vector<model::Property> properties;
  std::string work_order;  // the producing order; empty for received lots
  std::string operation;
  Quantity quantity;  // on hand, over every location
  Quantity initial, consumed, scrapped, shipped, adjusted;
  std::string last_shipment;  // the reference of the latest shipment
  Timestamp created_at;
  std::string created_by;
  Timestamp updated_at;
  std::vector<LotLocation> locations;
  std::vector<Hold> holds;
  std::vector<Shipment> shipments;
};
LotView View(const Lot& lot);

struct LotList {
  std::vector<LotView> items;
  std::optional<std::string> next_after;  // the last id listed when more follow
};

// What one journal event did to a lot, for its movement history.
enum class MovementKind {
  kReceived,
  kProduced,
  kMoved,
  kCounted,
  kAdjusted,
  kScrapped,
  kShipped,
  kConsumed,
  kHeld,
  kReleased,
  kContained,
  kContainmentReleased,
  kStatusChanged,  // before holds stacked (lot.status_changed)
  kRecordUpdated,  // a foundation-era lot record's update or retirement
};

struct LotMovement {
  uint64_t seq = 0;  // the journal event
  Timestamp at;
  std::string actor;
  MovementKind kind = MovementKind::kReceived;
  // The change to the lot's stock, signed, in its unit; a move: the quantity moved (the lot's
  // stock stays). None for holds and cases.
  std::optional<Quantity> quantity;
  std::string location;  // where: received or produced into, taken from, counted at; a move's source
  std::string to;        // a move's destination
  std::string reason;
  std::string reference;  // a shipment's delivery reference; a receipt's supplier lot
  std::string work_order, operation;
  std::string case_id;  // contained, containment_released
  std::string hold;     // held: its kind; released: the holds lifted; received/produced: the status born with
};

struct LotMovements {
  std::string lot;
  std::string uom;
  std::vector<LotMovement> items;
  std::optional<uint64_t> next_after;  // the last seq listed when more follow
};

enum class CaseStatus { kOpen, kReleased };

// A lot a containment case holds, with its current status and stock.
struct HeldLot {
  std::string lot;
  std::string source;  // the contained lot it descends from (a source: itself)
  std::string status;
  Quantity quantity;
  std::string uom;
};

struct ContainmentView {
  std::string id;
  CaseStatus status = CaseStatus::kOpen;
  std::string reason;
  std::vector<std::string> sources;
  std::vector<HeldLot> held;  // in the order held
  Timestamp opened_at;
  std::string opened_by;
  std::optional<Timestamp> released_at;
  std::string released_by, release_reason;  // empty while open
  int64_t held_count = 0;
};

struct ContainmentList {
  std::vector<ContainmentView> items;
  std::optional<std::string> next_after;
};

// Stock by lot status; a status with no stock is left out.
struct StatusQuantities {
  std::optional<QuantitySum> available, on_hold, quarantine, expired, consumed, shipped, scrapped, depleted;
};

enum class BalanceGrouping { kMaterial, kLot, kLocation };

// One row of a balance: a material's stock, or a lot's or a location's of one material.
struct BalanceRow {
  std::string lot;       // grouped by lot
  std::string location;  // grouped by location
  std::string material;
  QuantitySum quantity;
  std::string uom;
  StatusQuantities by_status;
  std::optional<QuantitySum> reserved;  // grouped by material: what open orders reserved
};

struct BalanceReport {
  BalanceGrouping by = BalanceGrouping::kMaterial;
  std::vector<BalanceRow> items;
};

}  // namespace takt::plant::inventory
