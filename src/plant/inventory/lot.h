// Inventory: material lots, where their quantity lies, what holds them, what is promised to
// work orders, and the containment cases that hold lots by genealogy. A projection of lot.*,
// containment.* and material.* events; every change to a quantity is one of them.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/quantity.h"
#include "core/time.h"
#include "model/resources.h"

namespace takt::plant::inventory {

// Why a lot may not be used. Holds stack: a lot is usable only while it has none.
enum class HoldKind { kOnHold, kQuarantine, kExpired, kContainment };
const char* HoldKindName(HoldKind k);
std::optional<HoldKind> ParseHoldKind(std::string_view s);

struct Hold {
  std::string id;  // "H1", "H2", ... per lot, in the order the lot's holds were placed
  HoldKind kind = HoldKind::kOnHold;
  std::string reason;
  std::string origin;   // user | receipt | production | containment | legacy
  std::string case_id;  // a containment case's hold: the case; only the case releases it
  std::string source;   // containment: the contained lot this one descends from (a source: itself)
  std::string actor;
  Timestamp at;
};

struct Shipment {
  std::string reference;
  std::string location;
  Quantity quantity;
  Timestamp at;
  std::string actor;
};

// An ISA-95 material lot (a serial is a lot of quantity one of a serialised material).
// Quantities are in the material definition's own unit of measure.
struct Lot {
  std::string id;
  std::string material;
  std::string uom;
  bool serial = false;
  std::string supplier;
  std::string supplier_lot;
  std::optional<Timestamp> expires_at;
  std::vector<model::Property> properties;
  std::string work_order;  // the producing order; empty for received lots
  std::string operation;
  Quantity initial;                                      // received or produced
  std::map<std::string, Quantity, std::less<>> on_hand;  // location -> quantity; no zero entries
  Quantity consumed, scrapped, shipped, adjusted;        // cumulative, for the lot's own balance sheet
  std::vector<Hold> holds;                               // active holds, oldest first
  int64_t next_hold = 1;
  std::vector<Shipment> shipments;  // every shipment, in order
  std::string emptied_by;           // consumed | shipped | scrapped | depleted: what took its last stock out
  bool retired = false;             // a foundation-era lot retired as a resource: reads as consumed
  Timestamp created_at;
  std::string created_by;
  Timestamp updated_at;
  // The journal events that changed the lot (receipt or production, movements, holds, cases,
  // consumptions), by sequence number, oldest first: its movement history is read from the journal.
  std::vector<uint64_t> history;

  Quantity total() const {
    Quantity t;
    for (const auto& [loc, q] : on_hand) t += q;
    return t;
  }
};

// A containment: a standing case that holds its source lots and every lot made from them, now
// and later (a lot produced from a held input is born held under the case), until the case is
// released, which lifts all of its holds at once.
struct Containment {
  std::string id;
  std::string reason;
  bool open = true;
  std::vector<std::string> sources;
  std::vector<std::pair<std::string, std::string>> held;  // (lot, source), in the order held
  Timestamp opened_at;
  std::string opened_by;
  std::optional<Timestamp> released_at;
  std::string released_by, release_reason;
};

struct Inventory {
  std::map<std::string, Lot, std::less<>> lots;
  std::map<std::string, std::set<std::string>, std::less<>> lots_by_material;
  // Open reservations of active work orders, by (site, material).
  std::map<std::pair<std::string, std::string>, Quantity> reserved;
  // Stock on hand per material over every lot and location. Commands keep it within
  // Quantity::kMaxStoredMicros, so every balance of one material fits a Quantity.
  std::map<std::string, QuantitySum, std::less<>> stock;
  std::map<std::string, Containment, std::less<>> containments;
  int64_t next_containment = 1;

  const Lot* Find(std::string_view id) const {
    auto it = lots.find(id);
    return it == lots.end() ? nullptr : &it->second;
  }
  Lot* Find(std::string_view id) {
    auto it = lots.find(id);
    return it == lots.end() ? nullptr : &it->second;
  }
  // Adds a lot and counts its stock into its material's.
  void Add(Lot lot) {
    lots_by_material[lot.material].insert(lot.id);
    for (const auto& [loc, q] : lot.on_hand) stock[lot.material] += q;
    std::string id = lot.id;
    lots.emplace(std::move(id), std::move(lot));
  }
  // Stock of a material over the plant (zero if none).
  QuantitySum StockOf(std::string_view material) const {
    auto it = stock.find(material);
    return it == stock.end() ? QuantitySum() : it->second;
  }
};

// A lot's status, derived: with no stock, what took the last out (consumed, shipped, scrapped,
// depleted: counted or adjusted to zero); with stock, on_hold while any hold other than a
// quarantine or expiry is active, else expired, else quarantine, else available.
const char* StatusName(const Lot& lot);
// Every status StatusName gives, for filters.
inline constexpr std::string_view kLotStatuses[] = {"available", "on_hold", "quarantine", "expired",
                                                    "consumed",  "shipped", "scrapped",   "depleted"};
bool IsLotStatus(std::string_view s);

// Why a lot may not be consumed or shipped at `now`, or empty when it may.
std::string Unusable(const Lot& lot, Timestamp now);

}  // namespace takt::plant::inventory
