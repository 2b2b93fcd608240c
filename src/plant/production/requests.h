// What a caller asks of production: one plain struct per request body of the work order and
// operation routes. production/contract.h describes each once; the HTTP adapter decodes bodies
// into them (structural rules: types, required fields, ids, limits, rules across fields) and
// the plant validates them against the state (production::Execute). Plain data: no JSON here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/quantity.h"
#include "core/time.h"

namespace takt::plant::production {

// ---- the work order ----------------------------------------------------------------------------

// A new order from a product definition: its routing and BOM are copied into the order.
struct CreateWorkOrder {
  std::string id;
  std::string description;
  std::string product_definition;
  Quantity quantity;  // in the product's unit
  Timestamp due;
  std::optional<Timestamp> earliest_start;
  int64_t priority = 500;  // 1 (most urgent) to 1000
  std::string site;
  double tolerance = 0;        // over-reporting allowed, a fraction (0.05 = 5 %)
  std::string output_pattern;  // empty: "{order}-{seq}"
};

// Reserves the BOM at the order's site; with allow_shortage false, a shortage refuses instead.
struct ReleaseWorkOrder {
  bool allow_shortage = true;
};

// Hold and cancel take a reason; resume and close may give one.
struct HoldWorkOrder {
  std::string reason;
};
struct CancelWorkOrder {
  std::string reason;
};
struct ResumeWorkOrder {
  std::string reason;
};
struct CloseWorkOrder {
  std::string reason;
};

// New dates or priority for an open order. At least one of earliest_start (or its clearing),
// due and priority is given.
struct RescheduleWorkOrder {
  std::optional<Timestamp> earliest_start;
  bool clear_earliest_start = false;  // earliest_start was given as null
  std::optional<Timestamp> due;
  std::optional<int64_t> priority;
  std::string reason;
};

// ---- an operation of the order -----------------------------------------------------------------

struct StartOperation {
  std::string work_unit;
  std::vector<std::string> operators;  // persons, at least one, each once
};
struct PauseOperation {
  std::string reason;
};
// The same crew returns unless `operators` names another.
struct ResumeOperation {
  std::vector<std::string> operators;
};
// Quantities made since the last report, in the order's unit; at least one is positive, and scrap
// comes with its reason.
struct ReportOperation {
  Quantity good;
  Quantity scrap;
  std::string scrap_reason;
};
struct NothingProduced {
  std::string reason;
};
// Completing an operation with no good and no scrap reported takes `nothing_produced`.
struct CompleteOperation {
  std::optional<NothingProduced> nothing_produced;
};

// A quantity of a named lot into the operation (or, with `output`, into one output lot).
struct ConsumeMaterial {
  std::string lot;
  Quantity quantity;
  std::string uom;       // the unit of `quantity`; empty: the lot's
  std::string location;  // needed when the lot lies at several
  std::string deviation_reason;
  std::string output;
};

enum class OutputStatus { kAvailable, kQuarantine, kOnHold };
struct OutputLot {
  std::string id;  // empty: from the order's output pattern
  Quantity quantity;
  std::string location;
};
// New lots of the order's product; with `serial`, each of quantity 1.
struct ProduceMaterial {
  std::vector<OutputLot> outputs;
  bool serial = false;
  OutputStatus status = OutputStatus::kAvailable;
};

using Request = std::variant<CreateWorkOrder, ReleaseWorkOrder, HoldWorkOrder, CancelWorkOrder, ResumeWorkOrder,
                             CloseWorkOrder, RescheduleWorkOrder, StartOperation, PauseOperation, ResumeOperation,
                             ReportOperation, CompleteOperation, ConsumeMaterial, ProduceMaterial>;

}  // namespace takt::plant::production
