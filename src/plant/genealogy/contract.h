// The JSON contract of the genealogy routes (trace, as-built, recall): their queries and views
// (genealogy/trace.h) described once. Include from .cc files only.
#pragma once

#include "plant/genealogy/trace.h"
#include "plant/inventory/contract.h"

namespace takt::contract {

template <>
struct EnumNames<genealogy::Direction> {
  static constexpr std::pair<genealogy::Direction, std::string_view> kValues[] = {
      {genealogy::Direction::kBackward, "backward"}, {genealogy::Direction::kForward, "forward"}};
};

template <>
struct Describe<plant::TraceQuery> {
  static constexpr std::string_view kName = "TraceQuery";
  static constexpr auto kFields = std::tuple{
      Field("direction", &plant::TraceQuery::direction, kRequired,
            "backward: what the lot was made from; forward: where it went"),
      Field("depth", &plant::TraceQuery::depth, kOptional, "at most this many links away (0, the default: any)",
            Range(0, 1000)),
      Field("limit", &plant::TraceQuery::limit, kOptional,
            "at most this many lots (default 1000), whole levels first: the cut does not depend on link order",
            Range(1, 100000))};
};

template <>
struct Describe<plant::RecallQuery> {
  static constexpr std::string_view kName = "RecallQuery";
  static constexpr auto kFields = std::tuple{Field("limit", &plant::RecallQuery::limit, kOptional,
                                                   "at most this many lots listed (default 1000); the counts "
                                                   "cover every affected lot",
                                                   Range(1, 100000))};
};

template <>
struct Describe<plant::LotBrief> {
  static constexpr std::string_view kName = "LotBrief";
  static constexpr auto kFields = std::tuple{
      Field("lot", &plant::LotBrief::lot, kRequired),
      Field("material", &plant::LotBrief::material, kRequired),
      FieldAs<plant::inventory::LotStatusCodec>("status", &plant::LotBrief::status, kRequired,
                                                plant::inventory::kLotStatusDoc),
      Field("serial", &plant::LotBrief::serial, kRequired),
      Field("work_order", &plant::LotBrief::work_order, kRequired, "the producing order; empty for a received lot"),
      Field("supplier_lot", &plant::LotBrief::supplier_lot, kRequired),
      Field("quantity", &plant::LotBrief::quantity, kRequired, "on hand, in `uom`"),
      Field("uom", &plant::LotBrief::uom, kRequired, "the lot's (its material's) unit"),
      Field("locations", &plant::LotBrief::locations, kRequired, "where its stock lies"),
      Field("shipped", &plant::LotBrief::shipped, kRequired, "in total"),
      Field("last_shipment", &plant::LotBrief::last_shipment, kRequired,
            "the latest shipment's reference; empty if none")};
};

template <>
struct Describe<plant::TracedLot> {
  static constexpr std::string_view kName = "TracedLot";
  static constexpr auto kFields = std::tuple{
      Inline(&plant::TracedLot::brief),
      Field("depth", &plant::TracedLot::depth, kRequired, "links from the traced lot (1: a direct input or output)")};
};

template <>
struct Describe<plant::TraceLink> {
  static constexpr std::string_view kName = "TraceLink";
  static constexpr auto kFields =
      std::tuple{Field("from", &plant::TraceLink::from, kRequired, "the lot consumed"),
                 Field("to", &plant::TraceLink::to, kRequired, "the lot it was consumed into")};
};

template <>
struct Describe<plant::LotTrace> {
  static constexpr std::string_view kName = "LotTrace";
  static constexpr std::string_view kDoc =
      "The lots reached from a lot through the genealogy written at execution time, breadth first, sorted by depth "
      "then id.";
  static constexpr auto kFields = std::tuple{
      Field("lot", &plant::LotTrace::lot, kRequired, "the lot traced from"),
      Field("direction", &plant::LotTrace::direction, kRequired),
      Field("depth", &plant::LotTrace::depth, kRequired, "the depth asked for; null: any"),
      Field("count", &plant::LotTrace::count, kRequired, "lots listed"),
      Field("truncated", &plant::LotTrace::truncated, kRequired, "more lots are reached than the limit lists"),
      Field("lots", &plant::LotTrace::lots, kRequired),
      Field("links", &plant::LotTrace::links, kRequired,
            "the genealogy links among the traced lot and the lots listed, sorted by from, then to")};
};

template <>
struct Describe<plant::AsBuiltOrder> {
  static constexpr std::string_view kName = "AsBuiltOrder";
  static constexpr auto kFields =
      std::tuple{Field("id", &plant::AsBuiltOrder::id, kRequired),
                 Field("product_definition", &plant::AsBuiltOrder::product_definition, kRequired),
                 Field("status", &plant::AsBuiltOrder::status, kRequired, "the work order's status now"),
                 Field("quantity", &plant::AsBuiltOrder::quantity, kRequired, "ordered, in the product's unit"),
                 Field("site", &plant::AsBuiltOrder::site, kRequired)};
};

template <>
struct Describe<plant::AsBuiltOperation> {
  static constexpr std::string_view kName = "AsBuiltOperation";
  static constexpr auto kFields =
      std::tuple{Field("operation", &plant::AsBuiltOperation::operation, kRequired),
                 Field("description", &plant::AsBuiltOperation::description, kRequired),
                 Field("status", &plant::AsBuiltOperation::status, kRequired, "the operation's status now"),
                 Field("work_unit", &plant::AsBuiltOperation::work_unit, kRequired,
                       "where it ran (the latest unit); empty if never started"),
                 Field("operators", &plant::AsBuiltOperation::operators, kRequired, "everyone who worked on it"),
                 Field("started_at", &plant::AsBuiltOperation::started_at, kRequired, "null: never started"),
                 Field("completed_at", &plant::AsBuiltOperation::completed_at, kRequired, "null: not completed")};
};

template <>
struct Describe<plant::AsBuiltInput> {
  static constexpr std::string_view kName = "AsBuiltInput";
  static constexpr auto kFields =
      std::tuple{Field("lot", &plant::AsBuiltInput::lot, kRequired),
                 Field("material", &plant::AsBuiltInput::material, kRequired),
                 Field("quantity", &plant::AsBuiltInput::quantity, kRequired, "consumed, in `uom`"),
                 Field("uom", &plant::AsBuiltInput::uom, kRequired, "the input material's unit"),
                 Field("operation", &plant::AsBuiltInput::operation, kRequired, "the operation that consumed it"),
                 Field("level", &plant::AsBuiltInput::level, kRequired,
                       "order: consumed by the order, linked to every output; unit: into this output only"),
                 Field("supplier_lot", &plant::AsBuiltInput::supplier_lot, kRequired),
                 Field("backflush", &plant::AsBuiltInput::backflush, kRequired, "consumed automatically at completion"),
                 Field("at", &plant::AsBuiltInput::at, kRequired)};
};

template <>
struct Describe<plant::AsBuiltRecord> {
  static constexpr std::string_view kName = "AsBuilt";
  static constexpr std::string_view kDoc =
      "How a lot was made: a received lot names its supplier; a produced one its work order, the order's "
      "operations and the input lots consumed into it (unit-level inputs of this lot and the order's).";
  static constexpr auto kFields = std::tuple{
      Inline(&plant::AsBuiltRecord::brief),
      Field("created_at", &plant::AsBuiltRecord::created_at, kRequired),
      Field("created_by", &plant::AsBuiltRecord::created_by, kRequired),
      Field("origin", &plant::AsBuiltRecord::origin, kRequired, "received or produced"),
      Field("supplier", &plant::AsBuiltRecord::supplier, kOmitIfEmpty, "received lots"),
      Field("order", &plant::AsBuiltRecord::order, kOmitIfEmpty, "produced lots"),
      Field("operations", &plant::AsBuiltRecord::operations, kOmitIfEmpty, "produced lots: the order's operations"),
      Field("inputs", &plant::AsBuiltRecord::inputs, kOmitIfEmpty, "produced lots")};
};

template <>
struct Describe<plant::LotShipment> {
  static constexpr std::string_view kName = "LotShipment";
  static constexpr auto kFields =
      std::tuple{Field("reference", &plant::LotShipment::reference, kRequired, "the delivery note or sales order"),
                 Field("quantity", &plant::LotShipment::quantity, kRequired),
                 Field("uom", &plant::LotShipment::uom, kRequired),
                 Field("location", &plant::LotShipment::location, kRequired, "where it was taken from"),
                 Field("at", &plant::LotShipment::at, kRequired),
                 Field("actor", &plant::LotShipment::actor, kRequired)};
};

template <>
struct Describe<plant::RecalledLot> {
  static constexpr std::string_view kName = "RecalledLot";
  static constexpr auto kFields =
      std::tuple{Inline(&plant::RecalledLot::brief),
                 Field("depth", &plant::RecalledLot::depth, kRequired, "links from the recalled lot"),
                 Field("end_item", &plant::RecalledLot::end_item, kRequired, "went into nothing further"),
                 Field("shipments", &plant::RecalledLot::shipments, kRequired, "every shipment of this lot")};
};

template <>
struct Describe<plant::RecallShipment> {
  static constexpr std::string_view kName = "RecallShipment";
  static constexpr auto kFields =
      std::tuple{Field("lot", &plant::RecallShipment::lot, kRequired),
                 Field("reference", &plant::RecallShipment::reference, kRequired, "the delivery note or sales order"),
                 Field("quantity", &plant::RecallShipment::quantity, kRequired),
                 Field("uom", &plant::RecallShipment::uom, kRequired),
                 Field("at", &plant::RecallShipment::at, kRequired),
                 Field("actor", &plant::RecallShipment::actor, kRequired)};
};

template <>
struct Describe<plant::RecallImpact> {
  static constexpr std::string_view kName = "Recall";
  static constexpr std::string_view kDoc =
      "What a recall of a lot reaches: every lot made from it, with where it lies, its status and its shipments, "
      "and every shipment to write to customers about.";
  static constexpr auto kFields = std::tuple{
      Field("lot", &plant::RecallImpact::lot, kRequired, "the recalled lot"),
      Field("affected_lots", &plant::RecallImpact::affected_lots, kRequired, "every lot made from it, at any depth"),
      Field("end_items", &plant::RecallImpact::end_items, kRequired, "of those, the lots that went into nothing"),
      Field("shipped_lots", &plant::RecallImpact::shipped_lots, kRequired, "of those, the lots shipped at least once"),
      Field("truncated", &plant::RecallImpact::truncated, kRequired, "the limit left lots out of `lots`"),
      Field("shipments", &plant::RecallImpact::shipments, kRequired,
            "every shipment of the recalled lot and of the lots listed"),
      Field("lots", &plant::RecallImpact::lots, kRequired, "sorted by depth, then id")};
};

}  // namespace takt::contract
