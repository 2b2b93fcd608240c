// Inventory: material lots, where their quantity lies, and what is promised to work orders.
// A projection of lot.* and material.* events; every change to a quantity is one of them.
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

// An ISA-95 material lot (a serial is a lot of quantity one of a serialised material).
// Quantities are in the material definition's own unit of measure.
struct Lot {
  std::string id;
  std::string material;
  std::string uom;
  model::LotStatus status = model::LotStatus::kAvailable;
  std::string status_reason;
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
  std::string last_shipment;                             // reference of the latest shipment
  Timestamp created_at;
  std::string created_by;
  Timestamp updated_at;

  Quantity total() const {
    Quantity t;
    for (const auto& [loc, q] : on_hand) t += q;
    return t;
  }
};

struct Inventory {
  std::map<std::string, Lot, std::less<>> lots;
  std::map<std::string, std::set<std::string>, std::less<>> lots_by_material;
  // Open reservations of active work orders, by (site, material).
  std::map<std::pair<std::string, std::string>, Quantity> reserved;

  const Lot* Find(std::string_view id) const {
    auto it = lots.find(id);
    return it == lots.end() ? nullptr : &it->second;
  }
  Lot* Find(std::string_view id) {
    auto it = lots.find(id);
    return it == lots.end() ? nullptr : &it->second;
  }
  void Add(Lot lot) {
    lots_by_material[lot.material].insert(lot.id);
    std::string id = lot.id;
    lots.emplace(std::move(id), std::move(lot));
  }
};

// Why a lot may not be consumed or shipped at `now`, or empty when it may.
std::string Unusable(const Lot& lot, Timestamp now);

}  // namespace takt::plant::inventory
