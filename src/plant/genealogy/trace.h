// Genealogy views over the lot graph, lots and orders, as plain data for the adapters (their
// JSON is derived from genealogy/contract.h). Threads: callers hold the state's read lock; the
// views own copies. Part of takt_plant (the graph itself is takt_genealogy, which needs only
// core).
#pragma once

#include "plant/inventory/views.h"
#include "plant/state.h"

namespace takt::plant {

// A lot as a genealogy answer lists it.
struct LotBrief {
  std::string lot;
  std::string material;
  std::string status;
  bool serial = false;
  std::string work_order;
  std::string supplier_lot;
  Quantity quantity;  // on hand
  std::string uom;
  std::vector<inventory::LotLocation> locations;
  Quantity shipped;
  std::string last_shipment;
};

struct TracedLot {
  LotBrief brief;
  int64_t depth = 0;  // links from the traced lot
};

// A genealogy link between two lots of a trace: `from` was consumed into `to`.
struct TraceLink {
  std::string from;
  std::string to;
};

struct LotTrace {
  std::string lot;
  genealogy::Direction direction = genealogy::Direction::kBackward;
  std::optional<int64_t> depth;  // the depth asked for; none: no limit
  int64_t count = 0;
  bool truncated = false;
  std::vector<TracedLot> lots;
  std::vector<TraceLink> links;  // between the traced lot and the lots listed, sorted
};

struct TraceQuery {
  genealogy::Direction direction = genealogy::Direction::kBackward;
  int64_t depth = 0;  // 0: no limit
  int64_t limit = 1000;
};

// Lots reached from `lot` (backward: what it contains; forward: where it went), breadth first,
// sorted by depth then id. At most `limit` lots are listed; `truncated` says if more exist.
// `links` are the genealogy links among the traced lot and the lots listed (a graph to draw).
Result<LotTrace> TraceLots(const State& st, const std::string& lot, genealogy::Direction dir, uint32_t max_depth,
                           size_t limit);

struct AsBuiltOrder {
  std::string id;
  std::string product_definition;
  std::string status;
  Quantity quantity;
  std::string site;
};

struct AsBuiltOperation {
  std::string operation;
  std::string description;
  std::string status;
  std::string work_unit;
  std::vector<std::string> operators;
  std::optional<Timestamp> started_at, completed_at;
};

// A lot consumed into the one built.
struct AsBuiltInput {
  std::string lot;
  std::string material;
  Quantity quantity;  // in the material's unit
  std::string uom;
  std::string operation;
  std::string level;  // order (linked to every output of the order) | unit (to this output only)
  std::string supplier_lot;
  bool backflush = false;
  Timestamp at;
};

struct AsBuiltRecord {
  LotBrief brief;
  Timestamp created_at;
  std::string created_by;
  std::string origin;                   // received | produced
  std::optional<std::string> supplier;  // received
  std::optional<AsBuiltOrder> order;    // produced, with its operations and inputs
  std::optional<std::vector<AsBuiltOperation>> operations;
  std::optional<std::vector<AsBuiltInput>> inputs;
};

// How a lot was made: producing order and operation, equipment, operators, times, and the input
// lots with the quantities consumed into it (unit-level inputs first, then order-level).
Result<AsBuiltRecord> AsBuilt(const State& st, const std::string& lot);

struct LotShipment {
  std::string reference;
  Quantity quantity;
  std::string uom;
  std::string location;
  Timestamp at;
  std::string actor;
};

struct RecalledLot {
  LotBrief brief;
  int64_t depth = 0;
  bool end_item = false;  // went into nothing further
  std::vector<LotShipment> shipments;
};

struct RecallShipment {
  std::string lot;
  std::string reference;
  Quantity quantity;
  std::string uom;
  Timestamp at;
  std::string actor;
};

struct RecallImpact {
  std::string lot;
  int64_t affected_lots = 0;
  int64_t end_items = 0;
  int64_t shipped_lots = 0;
  bool truncated = false;
  std::vector<RecallShipment> shipments;
  std::vector<RecalledLot> lots;
};

struct RecallQuery {
  int64_t limit = 1000;
};

// Recall impact: every downstream lot of `lot` with its location, status and every shipment;
// end items (lots that went into nothing further) are flagged and counted. `shipments` lists
// every shipment (reference, quantity, time, actor) of the lot itself and of the lots listed.
Result<RecallImpact> Recall(const State& st, const std::string& lot, size_t limit);

}  // namespace takt::plant
