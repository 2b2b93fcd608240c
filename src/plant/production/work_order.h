// Production: work orders, their operations as instantiated from a product definition's
// routing, and what execution recorded against them. A projection of work_order.*,
// operation.* and material.* events.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/quantity.h"
#include "core/time.h"

namespace takt::plant::production {

enum class OrderStatus { kCreated, kReleased, kInProgress, kCompleted, kClosed, kOnHold, kCancelled };
const char* OrderStatusName(OrderStatus s);
std::optional<OrderStatus> ParseOrderStatus(std::string_view s);

enum class OpStatus { kPending, kRunning, kPaused, kCompleted };
const char* OpStatusName(OpStatus s);
std::optional<OpStatus> ParseOpStatus(std::string_view s);

// One BOM line of the order: what the order needs of a material, for which operation.
// Quantities in the material's own unit.
struct MaterialNeed {
  std::string material;
  std::string uom;
  std::string operation;  // routing operation id that consumes it
  double per_unit = 0;    // per unit of product, scrap allowance included
  bool backflush = false;
  Quantity required;  // per_unit x order quantity
  Quantity reserved;  // promised at release (may be short of required)
  Quantity consumed;
  // Reservation still held: what was promised and not yet consumed.
  Quantity open() const { return consumed >= reserved ? Quantity() : reserved - consumed; }
};

struct Consumption {
  std::string lot;
  std::string material;
  std::string location;
  Quantity quantity;   // in the material's unit
  std::string output;  // unit-level genealogy: the output lot this went into; empty = the order's
  std::string deviation_reason;
  bool backflush = false;
  Timestamp at;
  std::string actor;
};

struct Output {
  std::string lot;
  Quantity quantity;
  std::string location;
  Timestamp at;
};

struct Operation {
  std::string id;  // routing operation id
  std::string description;
  std::string equipment_class;
  std::string work_center;
  std::string qualification;
  double setup_time_s = 0;
  double run_time_per_unit_s = 0;
  bool may_pause = false;
  std::string setup_family;               // tooling it needs (see model::SetupMatrix)
  std::vector<std::string> predecessors;  // routing ids that must complete first (see RoutingOperation)

  OpStatus status = OpStatus::kPending;
  std::string work_unit;
  std::vector<std::string> crew;    // persons clocked on now
  std::set<std::string> operators;  // everyone who worked on it
  Quantity good, scrap;
  std::map<std::string, Quantity> scrap_by_reason;
  int64_t machine_us = 0;                  // running time
  int64_t labour_us = 0;                   // running time x crew size
  std::optional<Timestamp> running_since;  // while running: since when (start or last resume)
  std::string nothing_produced;            // completed with nothing reported: the reason stated
  std::optional<Timestamp> started_at, completed_at;
  std::vector<Consumption> consumed;
  std::vector<Output> produced;
};

struct WorkOrder {
  std::string id;
  std::string description;
  std::string product_definition;
  std::string product;  // material produced
  std::string uom;
  std::string site;
  Quantity quantity;
  double tolerance = 0;  // over-reporting allowed, 0.05 = 5 %
  Timestamp due;
  std::optional<Timestamp> earliest_start;  // not before: ERP's start, or when late material arrives
  int64_t priority = 500;                   // 1 = most urgent
  std::string output_pattern;

  OrderStatus status = OrderStatus::kCreated;
  OrderStatus held_from = OrderStatus::kCreated;  // where resume returns to
  std::string status_reason;
  std::vector<Operation> operations;  // routing order
  std::vector<MaterialNeed> materials;
  std::map<std::string, Quantity, std::less<>> inputs;  // order-level consumption by lot
  std::vector<std::string> outputs;                     // lots produced, in order
  Quantity produced;
  int64_t next_output = 1;  // sequence for generated output ids
  Timestamp created_at;
  std::string created_by;
  std::optional<Timestamp> released_at, started_at, completed_at, closed_at;

  // Most that may be reported or produced: quantity plus tolerance.
  Quantity Ceiling() const { return quantity.Times(1.0 + tolerance); }
  bool Active() const {
    return status == OrderStatus::kReleased || status == OrderStatus::kInProgress || status == OrderStatus::kOnHold;
  }
};

struct Production {
  std::map<std::string, WorkOrder, std::less<>> orders;
  std::map<std::string, std::string, std::less<>> busy_units;  // work unit -> order running or pausing on it

  const WorkOrder* Find(std::string_view id) const {
    auto it = orders.find(id);
    return it == orders.end() ? nullptr : &it->second;
  }
  WorkOrder* Find(std::string_view id) {
    auto it = orders.find(id);
    return it == orders.end() ? nullptr : &it->second;
  }
};

// The operation index for a routing operation id, if the order has it.
std::optional<size_t> OperationIndex(const WorkOrder& wo, std::string_view op);

// Indices of the operations that must complete before operation i may start.
std::vector<size_t> Predecessors(const WorkOrder& wo, size_t i);

// What operation i may process: the order quantity where a branch starts, otherwise the least
// good quantity its predecessors passed on (an assembly takes one of each).
Quantity InputOf(const WorkOrder& wo, size_t i);

}  // namespace takt::plant::production
