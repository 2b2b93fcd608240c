// The JSON contract of inventory's routes: each request (requests.h), query (queries.h) and
// view (views.h) described once; the adapter's decoding, its replies and the OpenAPI document
// derive from these descriptions (core/contract). Include from .cc files only.
#pragma once

#include "core/contract/schema.h"
#include "model/contract.h"
#include "plant/inventory/queries.h"
#include "plant/inventory/requests.h"

namespace takt::plant::inventory {

// A lot's derived status (StatusName) as a string of a fixed set.
struct LotStatusCodec {
  static void Read(const json::value& v, const contract::FieldInfo&, std::string& out, contract::Decoder& d,
                   const std::string& path);
  static json::value Write(const std::string& s) { return json::value(s); }
  static bool Empty(const std::string& s) { return s.empty(); }
  static json::object Schema(contract::SchemaRegistry&, const contract::FieldInfo&);
};

inline constexpr std::string_view kUomDoc = "the unit of the quantity (default: the lot's, its material's unit)";
inline constexpr contract::Limits kPageLimit = contract::Range(1, 1000);
inline constexpr std::string_view kLotStatusDoc =
    "with stock: on_hold while any hold but a quarantine or expiry is active, else expired, else quarantine, else "
    "available; without: what took the last out (consumed, shipped, scrapped, or depleted by a count or "
    "adjustment)";

}  // namespace takt::plant::inventory

namespace takt::contract {

namespace inv = plant::inventory;

template <>
struct EnumNames<inv::HoldKind> {
  static constexpr std::pair<inv::HoldKind, std::string_view> kValues[] = {
      {inv::HoldKind::kOnHold, "on_hold"},
      {inv::HoldKind::kQuarantine, "quarantine"},
      {inv::HoldKind::kExpired, "expired"},
      {inv::HoldKind::kContainment, "containment"}};
};
template <>
struct EnumNames<inv::StatusChange> {
  static constexpr std::pair<inv::StatusChange, std::string_view> kValues[] = {
      {inv::StatusChange::kAvailable, "available"},
      {inv::StatusChange::kOnHold, "on_hold"},
      {inv::StatusChange::kQuarantine, "quarantine"},
      {inv::StatusChange::kExpired, "expired"}};
};
template <>
struct EnumNames<inv::CaseStatus> {
  static constexpr std::pair<inv::CaseStatus, std::string_view> kValues[] = {{inv::CaseStatus::kOpen, "open"},
                                                                             {inv::CaseStatus::kReleased, "released"}};
};
template <>
struct EnumNames<inv::BalanceGrouping> {
  static constexpr std::pair<inv::BalanceGrouping, std::string_view> kValues[] = {
      {inv::BalanceGrouping::kMaterial, "material"},
      {inv::BalanceGrouping::kLot, "lot"},
      {inv::BalanceGrouping::kLocation, "location"}};
};

template <>
struct EnumNames<inv::MovementKind> {
  static constexpr std::pair<inv::MovementKind, std::string_view> kValues[] = {
      {inv::MovementKind::kReceived, "received"},
      {inv::MovementKind::kProduced, "produced"},
      {inv::MovementKind::kMoved, "moved"},
      {inv::MovementKind::kCounted, "counted"},
      {inv::MovementKind::kAdjusted, "adjusted"},
      {inv::MovementKind::kScrapped, "scrapped"},
      {inv::MovementKind::kShipped, "shipped"},
      {inv::MovementKind::kConsumed, "consumed"},
      {inv::MovementKind::kHeld, "held"},
      {inv::MovementKind::kReleased, "released"},
      {inv::MovementKind::kContained, "contained"},
      {inv::MovementKind::kContainmentReleased, "containment_released"},
      {inv::MovementKind::kStatusChanged, "status_changed"},
      {inv::MovementKind::kRecordUpdated, "record_updated"}};
};

// ---- requests ----------------------------------------------------------------------------------

template <>
struct Describe<inv::MoveLot> {
  static constexpr std::string_view kName = "MoveLot";
  static constexpr std::string_view kDoc = "Moves quantity of a lot from one storage location to another.";
  static constexpr auto kFields = std::tuple{
      Field("from", &inv::MoveLot::from, kId, "the location to take from (default: the lot's only location)"),
      Field("to", &inv::MoveLot::to, kRequired | kId, "an active storage zone or unit, other than `from`"),
      Field("quantity", &inv::MoveLot::quantity, kRequired, "at most what `from` holds", kPositive),
      Field("uom", &inv::MoveLot::uom, kId, inv::kUomDoc)};
};

template <>
struct Describe<inv::CountLot> {
  static constexpr std::string_view kName = "CountLot";
  static constexpr std::string_view kDoc =
      "A cycle count: the location holds `counted` from now on; the difference is journalled as an adjustment.";
  static constexpr auto kFields = std::tuple{
      Field("location", &inv::CountLot::location, kRequired | kId, "an active storage zone or unit"),
      Field("counted", &inv::CountLot::counted, kRequired, "what the location holds; 0 empties it", kNonNegative),
      Field("uom", &inv::CountLot::uom, kId, inv::kUomDoc),
      Field("reason", &inv::CountLot::reason, kOptional, "default: cycle count")};
};

template <>
struct Describe<inv::AdjustLot> {
  static constexpr std::string_view kName = "AdjustLot";
  static constexpr std::string_view kDoc = "Corrects what a location holds by a signed quantity, with a reason.";
  static constexpr auto kFields = std::tuple{
      Field("location", &inv::AdjustLot::location, kRequired | kId, "an active storage zone or unit"),
      Field("delta", &inv::AdjustLot::delta, kRequired, "added (or, negative, taken); not zero"),
      Field("uom", &inv::AdjustLot::uom, kId, inv::kUomDoc), Field("reason", &inv::AdjustLot::reason, kRequired)};
  static void Check(inv::AdjustLot& v, const json::object&, Decoder& d);
};

template <>
struct Describe<inv::ScrapLot> {
  static constexpr std::string_view kName = "ScrapLot";
  static constexpr auto kFields = std::tuple{
      Field("location", &inv::ScrapLot::location, kId, "the location to take from (default: the lot's only location)"),
      Field("quantity", &inv::ScrapLot::quantity, kRequired, {}, kPositive),
      Field("uom", &inv::ScrapLot::uom, kId, inv::kUomDoc), Field("reason", &inv::ScrapLot::reason, kRequired)};
};

template <>
struct Describe<inv::ShipLot> {
  static constexpr std::string_view kName = "ShipLot";
  static constexpr std::string_view kDoc =
      "Ships quantity of a lot that has no hold and has not expired; the lot keeps every shipment for recalls.";
  static constexpr auto kFields = std::tuple{
      Field("location", &inv::ShipLot::location, kId, "the location to take from (default: the lot's only location)"),
      Field("quantity", &inv::ShipLot::quantity, kRequired, {}, kPositive),
      Field("uom", &inv::ShipLot::uom, kId, inv::kUomDoc),
      Field("reference", &inv::ShipLot::reference, kRequired, "the delivery note or sales order")};
};

template <>
struct Describe<inv::ChangeLotStatus> {
  static constexpr std::string_view kName = "LotStatusChange";
  static constexpr std::string_view kDoc =
      "on_hold, quarantine or expired place a hold of that kind (the same kind and reason twice is 409); "
      "available releases one: the one named in `hold`, or the only one this route may release (a containment "
      "case's holds go with the case only).";
  static constexpr auto kFields = std::tuple{
      Field("status", &inv::ChangeLotStatus::status, kRequired),
      Field("reason", &inv::ChangeLotStatus::reason, kRequired, "required not empty to place a hold"),
      Field("containment", &inv::ChangeLotStatus::containment, kOptional,
            "with on_hold: open a containment case on the lot instead, holding it and every lot made from it"),
      Field("hold", &inv::ChangeLotStatus::hold, kId, "with available: the hold to release (H1, H2, ...)")};
  static void Check(inv::ChangeLotStatus& v, const json::object&, Decoder& d);
};

template <>
struct Describe<inv::OpenContainment> {
  static constexpr std::string_view kName = "OpenContainment";
  static constexpr std::string_view kDoc =
      "Holds the source lots and every lot made from them, and every lot produced from a lot it holds later, "
      "until the case is released.";
  static constexpr auto kFields = std::tuple{
      Field("id", &inv::OpenContainment::id, kId, "default: the next of C-0001, C-0002, ...; 409 if it exists"),
      Field("lots", &inv::OpenContainment::lots, kRequired | kId | kUnique | kNonEmpty, "the source lots"),
      Field("reason", &inv::OpenContainment::reason, kRequired | kNonEmpty)};
};

template <>
struct Describe<inv::ReleaseContainment> {
  static constexpr std::string_view kName = "ReleaseContainment";
  static constexpr auto kFields = std::tuple{Field("reason", &inv::ReleaseContainment::reason, kRequired | kNonEmpty)};
};

// ---- queries -----------------------------------------------------------------------------------

template <>
struct Describe<inv::LotFilter> {
  static constexpr std::string_view kName = "MaterialLotQuery";
  static constexpr auto kFields =
      std::tuple{Field("limit", &inv::LotFilter::limit, kOptional, "at most this many (default 100)", inv::kPageLimit),
                 Field("after", &inv::LotFilter::after, kId, "the id to list after (the previous page's next_after)"),
                 Field("q", &inv::LotFilter::text, kOptional, "text that the lot id or the supplier's lot contains"),
                 Field("material", &inv::LotFilter::material, kOptional, "lots of this material definition"),
                 FieldAs<inv::LotStatusCodec>("status", &inv::LotFilter::status, kOptional, "lots in this status now"),
                 Field("location", &inv::LotFilter::location, kOptional, "lots with stock there"),
                 Field("work_order", &inv::LotFilter::work_order, kOptional, "lots the order produced")};
};

template <>
struct Describe<inv::ContainmentFilter> {
  static constexpr std::string_view kName = "ContainmentQuery";
  static constexpr auto kFields = std::tuple{
      Field("limit", &inv::ContainmentFilter::limit, kOptional, "at most this many (default 100)", inv::kPageLimit),
      Field("after", &inv::ContainmentFilter::after, kId, "the id to list after (the previous page's next_after)"),
      Field("status", &inv::ContainmentFilter::status, kOptional, "open or released cases only")};
};

template <>
struct Describe<inv::MovementQuery> {
  static constexpr std::string_view kName = "LotMovementQuery";
  static constexpr auto kFields = std::tuple{
      Field("after", &inv::MovementQuery::after, kOptional,
            "movements after this journal sequence number (the previous page's next_after)", Range(0, 9.2e18)),
      Field("limit", &inv::MovementQuery::limit, kOptional, "at most this many (default 100)", inv::kPageLimit)};
};

template <>
struct Describe<inv::BalanceFilter> {
  static constexpr std::string_view kName = "BalanceQuery";
  static constexpr auto kFields = std::tuple{
      Field("by", &inv::BalanceFilter::by, kOptional, "one row per material (default), lot or location"),
      Field("material", &inv::BalanceFilter::material, kOptional, "stock of this material definition"),
      Field("location", &inv::BalanceFilter::location, kOptional, "stock at this storage location"),
      Field("site", &inv::BalanceFilter::site, kOptional, "stock at the site's locations; reservations at the site"),
      FieldAs<inv::LotStatusCodec>("status", &inv::BalanceFilter::status, kOptional, "stock of lots in this status")};
};

// ---- replies -----------------------------------------------------------------------------------

template <>
struct Describe<inv::Hold> {
  static constexpr std::string_view kName = "LotHold";
  static constexpr std::string_view kDoc = "Why a lot may not be used; holds stack, and a lot is usable with none.";
  static constexpr auto kFields =
      std::tuple{Field("id", &inv::Hold::id, kRequired, "H1, H2, ... per lot, in the order placed"),
                 Field("kind", &inv::Hold::kind, kRequired),
                 Field("reason", &inv::Hold::reason, kRequired),
                 Field("origin", &inv::Hold::origin, kRequired,
                       "user, receipt, production, containment, or legacy (from before holds stacked)"),
                 Field("case", &inv::Hold::case_id, kRequired | kNullIfEmpty,
                       "the containment case that placed it; only the case's release lifts it"),
                 Field("source", &inv::Hold::source, kRequired | kNullIfEmpty,
                       "containment: the contained lot this one descends from (a source: itself)"),
                 Field("actor", &inv::Hold::actor, kRequired),
                 Field("at", &inv::Hold::at, kRequired)};
};

template <>
struct Describe<inv::Shipment> {
  static constexpr std::string_view kName = "Shipment";
  static constexpr auto kFields =
      std::tuple{Field("reference", &inv::Shipment::reference, kRequired, "the delivery note or sales order"),
                 Field("location", &inv::Shipment::location, kRequired, "where it was taken from"),
                 Field("quantity", &inv::Shipment::quantity, kRequired, "in the lot's unit"),
                 Field("at", &inv::Shipment::at, kRequired), Field("actor", &inv::Shipment::actor, kRequired)};
};

template <>
struct Describe<inv::LotLocation> {
  static constexpr std::string_view kName = "LotLocation";
  static constexpr auto kFields = std::tuple{Field("location", &inv::LotLocation::location, kRequired),
                                             Field("quantity", &inv::LotLocation::quantity, kRequired)};
};

template <>
struct Describe<inv::LotView> {
  static constexpr std::string_view kName = "MaterialLot";
  static constexpr std::string_view kDoc =
      "A material lot (a serial is a lot of quantity one): its stock by location, its holds, its balance sheet "
      "(initial + adjusted - consumed - scrapped - shipped = quantity) and its shipments. Every quantity is in the "
      "lot's unit, its material's.";
  static constexpr auto kFields = std::tuple{
      Field("id", &inv::LotView::id, kRequired),
      Field("material", &inv::LotView::material, kRequired),
      Field("uom", &inv::LotView::uom, kRequired, "the material's unit, in which the lot is kept"),
      FieldAs<inv::LotStatusCodec>("status", &inv::LotView::status, kRequired, inv::kLotStatusDoc),
      Field("status_reason", &inv::LotView::status_reason, kRequired, "the holds' reasons, \"; \" between them"),
      Field("serial", &inv::LotView::serial, kRequired),
      Field("supplier", &inv::LotView::supplier, kRequired),
      Field("supplier_lot", &inv::LotView::supplier_lot, kRequired),
      Field("expires_at", &inv::LotView::expires_at, kRequired, "null: does not expire"),
      Field("properties", &inv::LotView::properties, kRequired),
      Field("work_order", &inv::LotView::work_order, kRequired, "the producing order; empty for a received lot"),
      Field("operation", &inv::LotView::operation, kRequired, "the producing operation"),
      Field("quantity", &inv::LotView::quantity, kRequired, "on hand, over every location"),
      Field("initial", &inv::LotView::initial, kRequired, "received or produced"),
      Field("consumed", &inv::LotView::consumed, kRequired, "by work orders, in total"),
      Field("scrapped", &inv::LotView::scrapped, kRequired, "in total"),
      Field("shipped", &inv::LotView::shipped, kRequired, "in total"),
      Field("adjusted", &inv::LotView::adjusted, kRequired, "by counts and adjustments, in total (signed)"),
      Field("last_shipment", &inv::LotView::last_shipment, kRequired, "the latest shipment's reference; empty if none"),
      Field("created_at", &inv::LotView::created_at, kRequired),
      Field("created_by", &inv::LotView::created_by, kRequired),
      Field("updated_at", &inv::LotView::updated_at, kRequired),
      Field("locations", &inv::LotView::locations, kRequired, "where its stock lies; no empty locations"),
      Field("holds", &inv::LotView::holds, kRequired, "active holds, oldest first"),
      Field("shipments", &inv::LotView::shipments, kRequired, "every shipment, in order")};
};

template <>
struct Describe<inv::LotMovement> {
  static constexpr std::string_view kName = "LotMovement";
  static constexpr std::string_view kDoc = "What one journal event did to a lot.";
  static constexpr auto kFields = std::tuple{
      Field("seq", &inv::LotMovement::seq, kRequired, "the journal event's sequence number"),
      Field("at", &inv::LotMovement::at, kRequired),
      Field("actor", &inv::LotMovement::actor, kRequired, "who did it (user:NAME, system:...)"),
      Field("kind", &inv::LotMovement::kind, kRequired,
            "received, produced, moved, counted, adjusted, scrapped, shipped, consumed (by a work order), held, "
            "released (holds lifted), contained or containment_released (by a containment case); status_changed "
            "and record_updated come from older journals"),
      Field("quantity", &inv::LotMovement::quantity, kRequired,
            "the change to the lot's stock, signed, in the lot's unit; a move: the quantity moved (the stock stays); "
            "null for holds and cases"),
      Field("location", &inv::LotMovement::location, kRequired | kNullIfEmpty,
            "where: received or produced into, taken from, counted at; a move's source"),
      Field("to", &inv::LotMovement::to, kRequired | kNullIfEmpty, "a move's destination"),
      Field("reason", &inv::LotMovement::reason, kRequired | kNullIfEmpty,
            "a scrap's, adjustment's, hold's, release's or case's reason; a consumption's deviation reason"),
      Field("reference", &inv::LotMovement::reference, kRequired | kNullIfEmpty,
            "shipped: the delivery reference; received: the supplier's lot"),
      Field("work_order", &inv::LotMovement::work_order, kRequired | kNullIfEmpty, "consumed or produced by"),
      Field("operation", &inv::LotMovement::operation, kRequired | kNullIfEmpty, "consumed or produced at"),
      Field("case", &inv::LotMovement::case_id, kRequired | kNullIfEmpty, "the containment case"),
      Field("hold", &inv::LotMovement::hold, kRequired | kNullIfEmpty,
            "held: the kind of hold placed; released: the holds lifted (H1, ...); received or produced: the status "
            "it was born with, when not available")};
};

template <>
struct Describe<inv::LotMovements> {
  static constexpr std::string_view kName = "LotMovements";
  static constexpr std::string_view kDoc =
      "A lot's movement history, oldest first: every journal event that changed its stock, its locations or its "
      "holds.";
  static constexpr auto kFields =
      std::tuple{Field("lot", &inv::LotMovements::lot, kRequired),
                 Field("uom", &inv::LotMovements::uom, kRequired, "the lot's unit, in which quantities are given"),
                 Field("items", &inv::LotMovements::items, kRequired),
                 Field("next_after", &inv::LotMovements::next_after, kRequired,
                       "give it as `after` for the next page; null on the last page")};
};

template <>
struct Describe<inv::HeldLot> {
  static constexpr std::string_view kName = "ContainedLot";
  static constexpr auto kFields = std::tuple{
      Field("lot", &inv::HeldLot::lot, kRequired),
      Field("source", &inv::HeldLot::source, kRequired, "the contained lot it descends from (a source: itself)"),
      FieldAs<inv::LotStatusCodec>("status", &inv::HeldLot::status, kRequired, "the lot's status now"),
      Field("quantity", &inv::HeldLot::quantity, kRequired, "on hand now"),
      Field("uom", &inv::HeldLot::uom, kRequired)};
};

template <>
struct Describe<inv::ContainmentView> {
  static constexpr std::string_view kName = "ContainmentCase";
  static constexpr std::string_view kDoc =
      "A standing containment case: it holds its source lots, every lot made from them when it opened, and every "
      "lot produced later from a lot it holds, until it is released.";
  static constexpr auto kFields = std::tuple{
      Field("id", &inv::ContainmentView::id, kRequired),
      Field("status", &inv::ContainmentView::status, kRequired),
      Field("reason", &inv::ContainmentView::reason, kRequired),
      Field("sources", &inv::ContainmentView::sources, kRequired, "the lots contained"),
      Field("held", &inv::ContainmentView::held, kRequired, "every lot it holds (or held), in the order held"),
      Field("opened_at", &inv::ContainmentView::opened_at, kRequired),
      Field("opened_by", &inv::ContainmentView::opened_by, kRequired),
      Field("released_at", &inv::ContainmentView::released_at, kRequired, "null while open"),
      Field("released_by", &inv::ContainmentView::released_by, kRequired | kNullIfEmpty, "null while open"),
      Field("release_reason", &inv::ContainmentView::release_reason, kRequired | kNullIfEmpty, "null while open"),
      Field("held_count", &inv::ContainmentView::held_count, kRequired)};
};

template <>
struct Describe<inv::StatusQuantities> {
  static constexpr std::string_view kName = "StockByStatus";
  static constexpr std::string_view kDoc = "Stock by lot status; a status without stock is left out.";
  static constexpr auto kFields = std::tuple{Field("available", &inv::StatusQuantities::available, kOmitIfEmpty),
                                             Field("on_hold", &inv::StatusQuantities::on_hold, kOmitIfEmpty),
                                             Field("quarantine", &inv::StatusQuantities::quarantine, kOmitIfEmpty),
                                             Field("expired", &inv::StatusQuantities::expired, kOmitIfEmpty),
                                             Field("consumed", &inv::StatusQuantities::consumed, kOmitIfEmpty),
                                             Field("shipped", &inv::StatusQuantities::shipped, kOmitIfEmpty),
                                             Field("scrapped", &inv::StatusQuantities::scrapped, kOmitIfEmpty),
                                             Field("depleted", &inv::StatusQuantities::depleted, kOmitIfEmpty)};
};

template <>
struct Describe<inv::BalanceRow> {
  static constexpr std::string_view kName = "BalanceRow";
  static constexpr auto kFields =
      std::tuple{Field("lot", &inv::BalanceRow::lot, kOmitIfEmpty, "by lot: the lot"),
                 Field("location", &inv::BalanceRow::location, kOmitIfEmpty, "by location: the location"),
                 Field("material", &inv::BalanceRow::material, kRequired),
                 Field("quantity", &inv::BalanceRow::quantity, kRequired, "on hand, in `uom`"),
                 Field("uom", &inv::BalanceRow::uom, kRequired, "the material's unit"),
                 Field("by_status", &inv::BalanceRow::by_status, kRequired),
                 Field("reserved", &inv::BalanceRow::reserved, kOmitIfEmpty,
                       "by material: what open work orders reserved (at the site, if one is asked for)")};
};

template <>
struct Describe<inv::BalanceReport> {
  static constexpr std::string_view kName = "InventoryBalances";
  static constexpr std::string_view kDoc = "Stock on hand, summed exactly, by material, lot or location.";
  static constexpr auto kFields =
      std::tuple{Field("by", &inv::BalanceReport::by, kRequired),
                 Field("items", &inv::BalanceReport::items, kRequired, "ordered by the grouping key, then material")};
};

}  // namespace takt::contract
