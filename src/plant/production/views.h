// What production shows: one plain struct per reply body of the work order routes, built by
// the queries (queries.h) and described once in production/contract.h, which the HTTP adapter
// encodes and documents. Quantities are in the unit named beside them. Plain data: no JSON here.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/quantity.h"
#include "core/time.h"
#include "plant/production/work_order.h"

namespace takt::plant::production {

// ---- a work order, as GET /api/v1/work-orders/{id} shows it -------------------------------------

struct OperationView {
  std::string id;
  std::string description;
  std::string equipment_class;
  std::string work_center;
  std::string qualification;
  double setup_time_s = 0;
  double run_time_per_unit_s = 0;
  bool may_pause = false;
  std::string setup_family;
  std::vector<std::string> predecessors;
  OpStatus status = OpStatus::kPending;
  std::string work_unit;
  std::vector<std::string> crew;
  std::vector<std::string> operators;
  Quantity good;
  Quantity scrap;
  std::map<std::string, Quantity> scrap_by_reason;
  double machine_time_s = 0;
  double labour_time_s = 0;
  int64_t machine_us = 0;
  int64_t labour_us = 0;
  std::optional<Timestamp> running_since;
  std::string nothing_produced;
  std::optional<Timestamp> started_at;
  std::optional<Timestamp> completed_at;
  std::vector<Consumption> consumed;  // described directly (contract.h)
  std::vector<Output> produced;
};

struct MaterialNeedView {
  MaterialNeed need;  // described directly, inline
  Quantity open_reservation;
  Quantity short_;
};

struct OrderInput {
  std::string lot;
  Quantity quantity;
};

struct WorkOrderView {
  std::string id;
  std::string description;
  std::string product_definition;
  std::string product;
  std::string uom;
  std::string site;
  Quantity quantity;
  double tolerance = 0;
  Timestamp due;
  std::optional<Timestamp> earliest_start;
  int64_t priority = 500;
  std::string output_pattern;
  OrderStatus status = OrderStatus::kCreated;
  OrderStatus held_from = OrderStatus::kCreated;
  std::string status_reason;
  Quantity produced;
  int64_t next_output = 1;
  std::vector<std::string> outputs;
  Timestamp created_at;
  std::string created_by;
  std::optional<Timestamp> released_at, started_at, completed_at, closed_at;
  std::vector<OperationView> operations;
  std::vector<MaterialNeedView> materials;
  std::vector<OrderInput> inputs;
};

WorkOrderView View(const WorkOrder& wo);

struct WorkOrderPage {
  std::vector<WorkOrderView> items;
  std::optional<std::string> next_after;
};

// ---- the dispatch list ---------------------------------------------------------------------------

struct DispatchNeed {
  std::string material;
  Quantity required, reserved, consumed, short_;
  std::string uom;
  bool backflush = false;
};

struct DispatchItem {
  std::string order;
  std::string operation;
  std::string description;
  std::string product;
  Quantity quantity;
  std::string uom;
  int64_t priority = 500;
  Timestamp due;
  std::optional<Timestamp> earliest_start;
  std::string qualification;
  std::string equipment_class;
  std::string work_center;
  double planned_time_s = 0;
  std::vector<DispatchNeed> materials;
  std::vector<std::string> idle_units;
  std::optional<std::string> scheduled_unit;
  std::optional<Timestamp> scheduled_start;
  std::optional<int64_t> scheduled_changeover_s;
};

// An operation under way (running or paused) on a unit of the list: it holds the unit, so it is
// not among the items that may start.
struct DispatchInProgress {
  DispatchItem item;  // inline
  OpStatus status = OpStatus::kRunning;
  std::string work_unit;
  std::vector<std::string> crew;
  Quantity good, scrap;
  std::optional<Timestamp> running_since;
};

struct DispatchList {
  std::string work_center;
  std::string work_unit;
  std::vector<DispatchInProgress> in_progress;  // by work unit
  std::vector<DispatchItem> items;
};

// ---- picks ---------------------------------------------------------------------------------------

enum class PickStrategy { kFefo, kFifo };

struct PickView {
  std::string lot;
  std::string location;
  Quantity quantity;
  std::optional<Timestamp> expires_at;
  Timestamp received_at;
};

struct PickNeed {
  std::string material;
  std::string operation;
  Quantity open;
  std::string uom;
  std::vector<PickView> picks;
  Quantity short_;
};

struct PickList {
  std::string order;
  PickStrategy strategy = PickStrategy::kFefo;
  std::vector<PickNeed> needs;
};

// ---- planned versus actual -----------------------------------------------------------------------

struct NothingProducedAt {
  std::string operation;
  std::string reason;
};

struct OperationPerformance {
  std::string operation;
  OpStatus status = OpStatus::kPending;
  std::string work_unit;
  std::vector<std::string> operators;
  Quantity good;
  Quantity scrap;
  std::map<std::string, Quantity> scrap_by_reason;
  std::string nothing_produced;
  double planned_time_s = 0;
  double machine_time_s = 0;
  double labour_time_s = 0;
};

struct MaterialUsage {
  std::string material;
  std::string operation;
  std::string uom;
  Quantity required_for_order;
  Quantity planned_for_reported;
  QuantitySum consumed;
  QuantitySum variance;
};

struct ConsumedLot {
  std::string lot;
  std::string material;
  std::string operation;
  Quantity quantity;
  bool backflush = false;
  std::string deviation_reason;
};

struct OutputSummary {
  std::string lot;
  Quantity quantity;
  std::string location;
};

struct OrderPerformance {
  std::string order;
  OrderStatus status = OrderStatus::kCreated;
  std::string product;
  std::string uom;
  Quantity quantity;
  Quantity produced;
  Quantity good;
  QuantitySum scrap;
  double planned_time_s = 0;
  double machine_time_s = 0;
  double labour_time_s = 0;
  Timestamp due;
  std::optional<Timestamp> completed_at;
  std::vector<NothingProducedAt> nothing_produced;
  std::vector<OperationPerformance> operations;
  std::vector<MaterialUsage> materials;
  std::vector<ConsumedLot> consumed_lots;
  std::vector<OutputSummary> outputs;
};

}  // namespace takt::plant::production
