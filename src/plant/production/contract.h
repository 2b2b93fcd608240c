// The JSON contract of production: each request (requests.h), query (queries.h) and reply
// (views.h) of the work order and dispatch routes described once, from which decoding, encoding
// and the OpenAPI schemas derive (core/contract). Structural rules live here and in the Check
// hooks (contract.cc); rules against the plant's state stay in production::Execute. Include
// from .cc files only.
#pragma once

#include "core/contract/schema.h"
#include "plant/production/queries.h"
#include "plant/production/requests.h"
#include "plant/production/views.h"

namespace takt::plant::production {

// A sum over stored quantities (QuantitySum): exact while it fits a quantity, else the nearest
// number. Replies only.
struct SumCodec {
  static void Read(const json::value&, const contract::FieldInfo&, QuantitySum&, contract::Decoder& d,
                   const std::string& path) {
    d.Invalid(path, "not accepted in requests");
  }
  static json::value Write(const QuantitySum& s) { return ToJson(s); }
  static bool Empty(const QuantitySum&) { return false; }
  static json::object Schema(contract::SchemaRegistry&, const contract::FieldInfo&);
};

// Quantities by a name (scrap by reason): an object whose values are numbers. Replies only.
struct QuantitiesByName {
  static void Read(const json::value&, const contract::FieldInfo&, std::map<std::string, Quantity>&,
                   contract::Decoder& d, const std::string& path) {
    d.Invalid(path, "not accepted in requests");
  }
  static json::value Write(const std::map<std::string, Quantity>& m);
  static bool Empty(const std::map<std::string, Quantity>& m) { return m.empty(); }
  static json::object Schema(contract::SchemaRegistry&, const contract::FieldInfo&);
};

}  // namespace takt::plant::production

namespace takt::contract {

namespace prod = plant::production;

// ---- enums --------------------------------------------------------------------------------------

template <>
struct EnumNames<prod::OrderStatus> {
  static constexpr std::pair<prod::OrderStatus, std::string_view> kValues[] = {
      {prod::OrderStatus::kCreated, "created"},        {prod::OrderStatus::kReleased, "released"},
      {prod::OrderStatus::kInProgress, "in_progress"}, {prod::OrderStatus::kCompleted, "completed"},
      {prod::OrderStatus::kClosed, "closed"},          {prod::OrderStatus::kOnHold, "on_hold"},
      {prod::OrderStatus::kCancelled, "cancelled"}};
};
template <>
struct EnumNames<prod::OpStatus> {
  static constexpr std::pair<prod::OpStatus, std::string_view> kValues[] = {{prod::OpStatus::kPending, "pending"},
                                                                            {prod::OpStatus::kRunning, "running"},
                                                                            {prod::OpStatus::kPaused, "paused"},
                                                                            {prod::OpStatus::kCompleted, "completed"}};
};
template <>
struct EnumNames<prod::OutputStatus> {
  static constexpr std::pair<prod::OutputStatus, std::string_view> kValues[] = {
      {prod::OutputStatus::kAvailable, "available"},
      {prod::OutputStatus::kQuarantine, "quarantine"},
      {prod::OutputStatus::kOnHold, "on_hold"}};
};
template <>
struct EnumNames<prod::PickStrategy> {
  static constexpr std::pair<prod::PickStrategy, std::string_view> kValues[] = {{prod::PickStrategy::kFefo, "fefo"},
                                                                                {prod::PickStrategy::kFifo, "fifo"}};
};

// ---- requests: the work order -------------------------------------------------------------------

template <>
struct Describe<prod::CreateWorkOrder> {
  using T = prod::CreateWorkOrder;
  static constexpr std::string_view kName = "CreateWorkOrder";
  static constexpr std::string_view kDoc =
      "A work order for a product definition: its routing and bill of materials are copied into the order, so "
      "later edits of the definition do not change it.";
  static constexpr auto kFields = std::tuple{
      Field("id", &T::id, kRequired | kId, "the order's id; never reused"),
      Field("description", &T::description),
      Field("product_definition", &T::product_definition, kRequired | kId, "an active product definition"),
      Field("quantity", &T::quantity, kRequired, "to make, in the product's unit", kPositive),
      Field("due", &T::due, kRequired, "when the order is due (UTC, or with its offset)"),
      Field("earliest_start", &T::earliest_start, kOptional,
            "not before this: ERP's start, or when late material arrives; null: no constraint"),
      Field("priority", &T::priority, kOptional, "1 (most urgent) to 1000; default 500", Range(1, 1000)),
      Field("site", &T::site, kRequired | kId, "the site (equipment at level site) that makes it"),
      Field("tolerance", &T::tolerance, kOptional,
            "over-reporting allowed, a fraction of the quantity (0.05 = 5 %); default 0", Range(0, 1)),
      Field("output_pattern", &T::output_pattern, kOptional,
            "ids of the output lots: {order} and {seq} (the order's sequence, 4 digits) are replaced; must contain "
            "{seq}, at most 48 characters; default {order}-{seq}")};
  static void Check(T& v, const json::object& raw, Decoder& d);
};

template <>
struct Describe<prod::ReleaseWorkOrder> {
  static constexpr std::string_view kName = "ReleaseWorkOrder";
  static constexpr std::string_view kDoc =
      "Releases the order to the shop floor, reserving each bill-of-materials line at its site against stock that "
      "is usable and not reserved by other orders. The body may be left out.";
  static constexpr auto kFields = std::tuple{
      Field("allow_shortage", &prod::ReleaseWorkOrder::allow_shortage, kOptional,
            "true (default): release with what stock there is and record the shortages; false: refuse (409) if short")};
};

template <>
struct Describe<prod::HoldWorkOrder> {
  static constexpr std::string_view kName = "HoldWorkOrder";
  static constexpr auto kFields = std::tuple{Field("reason", &prod::HoldWorkOrder::reason, kRequired | kNonEmpty,
                                                   "why the order is held; shown as its status_reason")};
};
template <>
struct Describe<prod::CancelWorkOrder> {
  static constexpr std::string_view kName = "CancelWorkOrder";
  static constexpr auto kFields = std::tuple{Field("reason", &prod::CancelWorkOrder::reason, kRequired | kNonEmpty,
                                                   "why the order is cancelled; shown as its status_reason")};
};
template <>
struct Describe<prod::ResumeWorkOrder> {
  static constexpr std::string_view kName = "ResumeWorkOrder";
  static constexpr std::string_view kDoc = "The body may be left out.";
  static constexpr auto kFields =
      std::tuple{Field("reason", &prod::ResumeWorkOrder::reason, kOptional, "shown as the order's status_reason")};
};
template <>
struct Describe<prod::CloseWorkOrder> {
  static constexpr std::string_view kName = "CloseWorkOrder";
  static constexpr std::string_view kDoc = "The body may be left out.";
  static constexpr auto kFields =
      std::tuple{Field("reason", &prod::CloseWorkOrder::reason, kOptional, "shown as the order's status_reason")};
};

template <>
struct Describe<prod::RescheduleWorkOrder> {
  using T = prod::RescheduleWorkOrder;
  static constexpr std::string_view kName = "RescheduleWorkOrder";
  static constexpr std::string_view kDoc =
      "New dates or priority for an open order; give at least one of earliest_start, due and priority. The next plan "
      "or repair takes them up.";
  static constexpr auto kFields = std::tuple{
      Field("earliest_start", &T::earliest_start, kOptional, "not before this; null clears it; left out: unchanged"),
      Field("due", &T::due, kOptional, "left out: unchanged"),
      Field("priority", &T::priority, kOptional, "1 (most urgent) to 1000; left out: unchanged", Range(1, 1000)),
      Field("reason", &T::reason, kRequired | kNonEmpty, "why, for the journal")};
  static void Check(T& v, const json::object& raw, Decoder& d);
};

// ---- requests: an operation ---------------------------------------------------------------------

template <>
struct Describe<prod::StartOperation> {
  static constexpr std::string_view kName = "StartOperation";
  static constexpr std::string_view kDoc =
      "Starts a pending operation whose predecessors are completed, on an idle work unit at the order's site that "
      "its work center or equipment class allows, with a crew who each hold its qualification now.";
  static constexpr auto kFields =
      std::tuple{Field("work_unit", &prod::StartOperation::work_unit, kRequired | kId, "the work unit that runs it"),
                 Field("operators", &prod::StartOperation::operators, kRequired | kId | kUnique | kNonEmpty,
                       "the crew: persons, at least one; labour time is running time times their number")};
};
template <>
struct Describe<prod::PauseOperation> {
  static constexpr std::string_view kName = "PauseOperation";
  static constexpr std::string_view kDoc = "Pauses a running operation: its clocks stop. The body may be left out.";
  static constexpr auto kFields = std::tuple{Field("reason", &prod::PauseOperation::reason, kOptional, "why")};
};
template <>
struct Describe<prod::ResumeOperation> {
  static constexpr std::string_view kName = "ResumeOperation";
  static constexpr std::string_view kDoc = "Resumes a paused operation. The body may be left out.";
  static constexpr auto kFields =
      std::tuple{Field("operators", &prod::ResumeOperation::operators, kOptional | kId | kUnique | kNonEmpty,
                       "a new crew; left out: the crew that paused returns (their qualifications are checked again)")};
};
template <>
struct Describe<prod::ReportOperation> {
  using T = prod::ReportOperation;
  static constexpr std::string_view kName = "ReportOperation";
  static constexpr std::string_view kDoc =
      "Quantities made since the last report, in the order's unit. Good plus scrap over the operation may not pass "
      "what it may process plus the order's tolerance.";
  static constexpr auto kFields =
      std::tuple{Field("good", &T::good, kOptional, "default 0; good or scrap must be positive", kNonNegative),
                 Field("scrap", &T::scrap, kOptional, "default 0", kNonNegative),
                 Field("scrap_reason", &T::scrap_reason, kOptional, "required with scrap, refused without")};
  static void Check(T& v, const json::object& raw, Decoder& d);
};
template <>
struct Describe<prod::NothingProduced> {
  static constexpr std::string_view kName = "NothingProduced";
  static constexpr std::string_view kDoc = "The statement that an operation ends without any good or scrap.";
  static constexpr auto kFields =
      std::tuple{Field("reason", &prod::NothingProduced::reason, kRequired | kNonEmpty, "why nothing was produced")};
};
template <>
struct Describe<prod::CompleteOperation> {
  static constexpr std::string_view kName = "CompleteOperation";
  static constexpr std::string_view kDoc =
      "Completes a started operation: its backflush lines are consumed from FEFO picks (or it is refused with the "
      "shortfall); the last operation completes the order. The body may be left out when good or scrap was "
      "reported.";
  static constexpr auto kFields = std::tuple{
      Field("nothing_produced", &prod::CompleteOperation::nothing_produced, kOptional,
            "required when no good and no scrap was reported (422 without it), refused (422) when some was")};
};
template <>
struct Describe<prod::ConsumeMaterial> {
  using T = prod::ConsumeMaterial;
  static constexpr std::string_view kName = "ConsumeMaterial";
  static constexpr std::string_view kDoc =
      "Consumes a quantity of a named, usable lot into the operation. Beyond the operation's bill of materials "
      "(another material, or more than its line requires) only with a deviation_reason.";
  static constexpr auto kFields = std::tuple{
      Field("lot", &T::lot, kRequired | kId, "the material lot"),
      Field("quantity", &T::quantity, kRequired, "in `uom`", kPositive),
      Field("uom", &T::uom, kOptional | kId, "the unit of quantity, converted to the material's; default the lot's"),
      Field("location", &T::location, kOptional | kId, "where it is taken from; required if the lot lies at several"),
      Field("deviation_reason", &T::deviation_reason, kOptional, "why consumption goes off the bill of materials"),
      Field("output", &T::output, kOptional | kId,
            "an output lot of this order it goes into (unit-level genealogy, for serials); default: the whole order")};
};
template <>
struct Describe<prod::OutputLot> {
  static constexpr std::string_view kName = "OutputLot";
  static constexpr auto kFields = std::tuple{
      Field("id", &prod::OutputLot::id, kOptional | kId, "the new lot's id; default from the order's output_pattern"),
      Field("quantity", &prod::OutputLot::quantity, kRequired, "in the product's unit; 1 for a serial", kPositive),
      Field("location", &prod::OutputLot::location, kRequired | kId, "an active storage location at the order's site")};
};
template <>
struct Describe<prod::ProduceMaterial> {
  using T = prod::ProduceMaterial;
  static constexpr std::string_view kName = "ProduceMaterial";
  static constexpr std::string_view kDoc =
      "New lots of the order's product, linked in the genealogy to the order's inputs. Lots made from an input "
      "that an open containment case holds are born held under that case.";
  static constexpr auto kFields =
      std::tuple{Field("outputs", &T::outputs, kRequired | kNonEmpty, "the lots, at least one"),
                 Field("serial", &T::serial, kOptional, "each output is one serialised unit (quantity 1)"),
                 Field("status", &T::status, kOptional, "the lots' status at birth; default available")};
  static void Check(T& v, const json::object& raw, Decoder& d);
};

// ---- queries ------------------------------------------------------------------------------------

template <>
struct Describe<prod::OrderFilter> {
  using T = prod::OrderFilter;
  static constexpr std::string_view kName = "WorkOrderQuery";
  static constexpr auto kFields = std::tuple{
      Field("limit", &T::limit, kOptional, "at most this many (default 100)", Range(1, 1000)),
      Field("after", &T::after, kOptional | kId, "the id to list after (the previous page's next_after)"),
      Field("status", &T::status, kOptional, "only orders in this status"),
      Field("site", &T::site, kOptional | kId, "only orders of this site"),
      Field("product_definition", &T::product_definition, kOptional | kId, "only orders of this product definition"),
      Field("due_from", &T::due_from, kOptional, "only orders due at or after this"),
      Field("due_to", &T::due_to, kOptional, "only orders due before this (exclusive); not before due_from"),
      Field("q", &T::text, kOptional, "text that the order's id or description contains, ignoring case")};
  static void Check(T& v, const json::object& raw, Decoder& d);
};
template <>
struct Describe<prod::DispatchQuery> {
  static constexpr std::string_view kName = "DispatchQuery";
  static constexpr auto kFields = std::tuple{
      Field("work_center", &prod::DispatchQuery::work_center, kOptional | kId,
            "the list of a work center: what its work units may run, and what is routed to it (give this or "
            "work_unit, not both)"),
      Field("work_unit", &prod::DispatchQuery::work_unit, kOptional | kId,
            "the list of a work unit: what it may run, less what the active schedule put on another unit (give this "
            "or work_center, not both)")};
  static void Check(prod::DispatchQuery& v, const json::object& raw, Decoder& d);
};
template <>
struct Describe<prod::PickQuery> {
  static constexpr std::string_view kName = "PickQuery";
  static constexpr auto kFields =
      std::tuple{Field("strategy", &prod::PickQuery::strategy, kOptional,
                       "fefo (default): earliest expiry first, then oldest receipt; fifo: oldest receipt first")};
};

// ---- replies: a work order ----------------------------------------------------------------------

template <>
struct Describe<prod::Consumption> {
  using T = prod::Consumption;
  static constexpr std::string_view kName = "WorkOrderConsumption";
  static constexpr auto kFields =
      std::tuple{Field("lot", &T::lot, kRequired),
                 Field("material", &T::material, kRequired),
                 Field("location", &T::location, kRequired, "where it was taken from"),
                 Field("quantity", &T::quantity, kRequired, "in the material's unit"),
                 Field("output", &T::output, kRequired, "the output lot it went into; empty: the whole order"),
                 Field("deviation_reason", &T::deviation_reason, kRequired, "empty when on the bill of materials"),
                 Field("backflush", &T::backflush, kRequired, "consumed at completion from FEFO picks"),
                 Field("at", &T::at, kRequired),
                 Field("actor", &T::actor, kRequired, "who, e.g. user:alice")};
};
template <>
struct Describe<prod::Output> {
  using T = prod::Output;
  static constexpr std::string_view kName = "WorkOrderOutput";
  static constexpr auto kFields = std::tuple{
      Field("lot", &T::lot, kRequired), Field("quantity", &T::quantity, kRequired, "in the product's unit"),
      Field("location", &T::location, kRequired, "where it was put at birth"), Field("at", &T::at, kRequired)};
};
template <>
struct Describe<prod::OperationView> {
  using T = prod::OperationView;
  static constexpr std::string_view kName = "WorkOrderOperation";
  static constexpr std::string_view kDoc =
      "An operation of the order: the routing step as copied at creation, and what execution recorded.";
  static constexpr auto kFields = std::tuple{
      Field("id", &T::id, kRequired, "the routing operation's id"),
      Field("description", &T::description, kRequired),
      Field("equipment_class", &T::equipment_class, kRequired,
            "units of this class may run it; empty: see work_center"),
      Field("work_center", &T::work_center, kRequired, "units of this work center may run it; empty: any of the class"),
      Field("qualification", &T::qualification, kRequired, "what each operator must hold; empty: none"),
      Field("setup_time_s", &T::setup_time_s, kRequired, "planned setup, seconds"),
      Field("run_time_per_unit_s", &T::run_time_per_unit_s, kRequired, "planned run time per unit, seconds"),
      Field("may_pause", &T::may_pause, kRequired, "whether it may pause over downtime in a plan"),
      Field("setup_family", &T::setup_family, kNullIfEmpty, "the tooling it needs, for changeovers; null: none"),
      Field("predecessors", &T::predecessors, kRequired, "operations that must complete before it starts"),
      Field("status", &T::status, kRequired),
      Field("work_unit", &T::work_unit, kRequired, "where it runs or ran; empty until started"),
      Field("crew", &T::crew, kRequired, "persons clocked on now"),
      Field("operators", &T::operators, kRequired, "everyone who worked on it"),
      Field("good", &T::good, kRequired, "reported, in the order's unit"),
      Field("scrap", &T::scrap, kRequired, "reported, in the order's unit"),
      FieldAs<prod::QuantitiesByName>("scrap_by_reason", &T::scrap_by_reason, kRequired, "scrap by its reason"),
      Field("machine_time_s", &T::machine_time_s, kRequired, "running time, seconds"),
      Field("labour_time_s", &T::labour_time_s, kRequired, "running time times crew size, seconds"),
      Field("machine_us", &T::machine_us, kRequired, "running time, microseconds (exact)"),
      Field("labour_us", &T::labour_us, kRequired, "labour time, microseconds (exact)"),
      Field("running_since", &T::running_since, kRequired, "while running: since its start or last resume"),
      Field("nothing_produced", &T::nothing_produced, kNullIfEmpty,
            "completed with nothing reported: the reason stated; else null"),
      Field("started_at", &T::started_at, kRequired),
      Field("completed_at", &T::completed_at, kRequired),
      Field("consumed", &T::consumed, kRequired),
      Field("produced", &T::produced, kRequired)};
};
template <>
struct Describe<prod::MaterialNeed> {  // only inlined in WorkOrderMaterial
  using T = prod::MaterialNeed;
  static constexpr std::string_view kName = "WorkOrderMaterialLine";
  static constexpr auto kFields =
      std::tuple{Field("material", &T::material, kRequired),
                 Field("uom", &T::uom, kRequired, "the material's unit"),
                 Field("operation", &T::operation, kRequired, "the operation that consumes it"),
                 Field("per_unit", &T::per_unit, kRequired, "per unit of product, scrap allowance included"),
                 Field("backflush", &T::backflush, kRequired, "consumed at the operation's completion"),
                 Field("required", &T::required, kRequired, "per_unit times the order quantity"),
                 Field("reserved", &T::reserved, kRequired, "promised at release (may be short of required)"),
                 Field("consumed", &T::consumed, kRequired)};
};
template <>
struct Describe<prod::MaterialNeedView> {
  using T = prod::MaterialNeedView;
  static constexpr std::string_view kName = "WorkOrderMaterial";
  static constexpr std::string_view kDoc = "A bill-of-materials line of the order, in the material's unit.";
  static constexpr auto kFields = std::tuple{
      Inline(&T::need), Field("open_reservation", &T::open_reservation, kRequired, "reserved and not yet consumed"),
      Field("short", &T::short_, kRequired, "required less reserved while the order is active; else 0")};
};
template <>
struct Describe<prod::OrderInput> {
  static constexpr std::string_view kName = "WorkOrderInput";
  static constexpr auto kFields =
      std::tuple{Field("lot", &prod::OrderInput::lot, kRequired),
                 Field("quantity", &prod::OrderInput::quantity, kRequired, "consumed into the whole order")};
};
template <>
struct Describe<prod::WorkOrderView> {
  using T = prod::WorkOrderView;
  static constexpr std::string_view kName = "WorkOrder";
  static constexpr std::string_view kDoc =
      "A work order: created, released, in_progress, completed, closed; on_hold from created, released or "
      "in_progress and back; cancelled. Quantities in the product's unit unless said otherwise.";
  static constexpr auto kFields = std::tuple{
      Field("id", &T::id, kRequired),
      Field("description", &T::description, kRequired),
      Field("product_definition", &T::product_definition, kRequired),
      Field("product", &T::product, kRequired, "the material produced"),
      Field("uom", &T::uom, kRequired, "the product's unit"),
      Field("site", &T::site, kRequired),
      Field("quantity", &T::quantity, kRequired),
      Field("tolerance", &T::tolerance, kRequired, "over-reporting allowed, a fraction"),
      Field("due", &T::due, kRequired),
      Field("earliest_start", &T::earliest_start, kRequired, "null: no constraint"),
      Field("priority", &T::priority, kRequired, "1 (most urgent) to 1000"),
      Field("output_pattern", &T::output_pattern, kRequired, "ids of generated output lots"),
      Field("status", &T::status, kRequired),
      Field("held_from", &T::held_from, kRequired, "the status a resume returns to (meaningful while on_hold)"),
      Field("status_reason", &T::status_reason, kRequired, "the reason of the last hold, resume, cancel or close"),
      Field("produced", &T::produced, kRequired, "output lots' quantity in total"),
      Field("next_output", &T::next_output, kRequired, "the next {seq} of a generated output id"),
      Field("outputs", &T::outputs, kRequired, "output lots, in order"),
      Field("created_at", &T::created_at, kRequired),
      Field("created_by", &T::created_by, kRequired),
      Field("released_at", &T::released_at, kRequired),
      Field("started_at", &T::started_at, kRequired),
      Field("completed_at", &T::completed_at, kRequired),
      Field("closed_at", &T::closed_at, kRequired),
      Field("operations", &T::operations, kRequired, "in routing order"),
      Field("materials", &T::materials, kRequired),
      Field("inputs", &T::inputs, kRequired, "lots consumed into the whole order (not into one output)")};
};
template <>
struct Describe<prod::WorkOrderPage> {
  static constexpr std::string_view kName = "WorkOrderPage";
  static constexpr auto kFields = std::tuple{Field("items", &prod::WorkOrderPage::items, kRequired, "by id"),
                                             Field("next_after", &prod::WorkOrderPage::next_after, kOptional,
                                                   "give it as `after` for the next page; null on the last page")};
};

// ---- replies: dispatch, picks, performance ------------------------------------------------------

template <>
struct Describe<prod::DispatchNeed> {
  using T = prod::DispatchNeed;
  static constexpr std::string_view kName = "DispatchMaterial";
  static constexpr auto kFields = std::tuple{Field("material", &T::material, kRequired),
                                             Field("required", &T::required, kRequired),
                                             Field("reserved", &T::reserved, kRequired),
                                             Field("consumed", &T::consumed, kRequired),
                                             Field("short", &T::short_, kRequired, "required less reserved"),
                                             Field("uom", &T::uom, kRequired),
                                             Field("backflush", &T::backflush, kRequired)};
};
template <>
struct Describe<prod::DispatchItem> {
  using T = prod::DispatchItem;
  static constexpr std::string_view kName = "DispatchItem";
  static constexpr auto kFields = std::tuple{
      Field("order", &T::order, kRequired),
      Field("operation", &T::operation, kRequired),
      Field("description", &T::description, kRequired),
      Field("product", &T::product, kRequired),
      Field("quantity", &T::quantity, kRequired, "what the operation may process, in uom"),
      Field("uom", &T::uom, kRequired),
      Field("priority", &T::priority, kRequired, "1 (most urgent) to 1000"),
      Field("due", &T::due, kRequired),
      Field("earliest_start", &T::earliest_start, kRequired),
      Field("qualification", &T::qualification, kRequired, "each operator must hold it; empty: none"),
      Field("equipment_class", &T::equipment_class, kRequired),
      Field("work_center", &T::work_center, kRequired),
      Field("planned_time_s", &T::planned_time_s, kRequired, "setup plus run time for quantity, seconds"),
      Field("materials", &T::materials, kRequired, "the operation's bill-of-materials lines"),
      Field("idle_units", &T::idle_units, kRequired, "units of this list that may run it and are free now"),
      Field("scheduled_unit", &T::scheduled_unit, kRequired, "from the active schedule; null: not planned"),
      Field("scheduled_start", &T::scheduled_start, kRequired, "from the active schedule; null: not planned"),
      Field("scheduled_changeover_s", &T::scheduled_changeover_s, kRequired,
            "the changeover planned just before it, seconds; null: not planned")};
};
template <>
struct Describe<prod::DispatchInProgress> {
  using T = prod::DispatchInProgress;
  static constexpr std::string_view kName = "DispatchInProgress";
  static constexpr std::string_view kDoc = "An operation running or paused on a work unit of the list.";
  static constexpr auto kFields = std::tuple{
      Inline(&T::item),
      Field("status", &T::status, kRequired, "running or paused"),
      Field("work_unit", &T::work_unit, kRequired, "the unit it holds"),
      Field("crew", &T::crew, kRequired, "persons clocked on now (while paused: those who return on resume)"),
      Field("good", &T::good, kRequired, "reported so far, in uom"),
      Field("scrap", &T::scrap, kRequired, "reported so far, in uom"),
      Field("running_since", &T::running_since, kRequired, "while running: since its start or last resume")};
};
template <>
struct Describe<prod::DispatchList> {
  static constexpr std::string_view kName = "DispatchList";
  static constexpr std::string_view kDoc =
      "Operations that may start now: those of the active schedule first, in planned order, then the rest by "
      "priority, due date and order id.";
  static constexpr auto kFields = std::tuple{
      Field("work_center", &prod::DispatchList::work_center, kRequired, "as asked; empty if a work unit was asked"),
      Field("work_unit", &prod::DispatchList::work_unit, kRequired, "as asked; empty if a work center was asked"),
      Field("in_progress", &prod::DispatchList::in_progress, kRequired,
            "operations running or paused on the list's units (at most one per unit), by unit; not in items"),
      Field("items", &prod::DispatchList::items, kRequired, "operations that may start now")};
};
template <>
struct Describe<prod::PickView> {
  using T = prod::PickView;
  static constexpr std::string_view kName = "PickSuggestion";
  static constexpr auto kFields =
      std::tuple{Field("lot", &T::lot, kRequired), Field("location", &T::location, kRequired),
                 Field("quantity", &T::quantity, kRequired, "to take, in the material's unit"),
                 Field("expires_at", &T::expires_at, kRequired, "null: does not expire"),
                 Field("received_at", &T::received_at, kRequired)};
};
template <>
struct Describe<prod::PickNeed> {
  using T = prod::PickNeed;
  static constexpr std::string_view kName = "PickNeed";
  static constexpr auto kFields = std::tuple{Field("material", &T::material, kRequired),
                                             Field("operation", &T::operation, kRequired),
                                             Field("open", &T::open, kRequired, "required less consumed"),
                                             Field("uom", &T::uom, kRequired),
                                             Field("picks", &T::picks, kRequired),
                                             Field("short", &T::short_, kRequired, "what stock cannot cover")};
};
template <>
struct Describe<prod::PickList> {
  static constexpr std::string_view kName = "PickList";
  static constexpr std::string_view kDoc =
      "Lots to pick for the order's open needs that are not backflushed, at its site; a need picks after the "
      "earlier needs of the same material.";
  static constexpr auto kFields = std::tuple{Field("order", &prod::PickList::order, kRequired),
                                             Field("strategy", &prod::PickList::strategy, kRequired),
                                             Field("needs", &prod::PickList::needs, kRequired)};
};
template <>
struct Describe<prod::NothingProducedAt> {
  static constexpr std::string_view kName = "NothingProducedAt";
  static constexpr auto kFields = std::tuple{Field("operation", &prod::NothingProducedAt::operation, kRequired),
                                             Field("reason", &prod::NothingProducedAt::reason, kRequired)};
};
template <>
struct Describe<prod::OperationPerformance> {
  using T = prod::OperationPerformance;
  static constexpr std::string_view kName = "OperationPerformance";
  static constexpr auto kFields = std::tuple{
      Field("operation", &T::operation, kRequired),
      Field("status", &T::status, kRequired),
      Field("work_unit", &T::work_unit, kRequired),
      Field("operators", &T::operators, kRequired),
      Field("good", &T::good, kRequired),
      Field("scrap", &T::scrap, kRequired),
      FieldAs<prod::QuantitiesByName>("scrap_by_reason", &T::scrap_by_reason, kRequired),
      Field("nothing_produced", &T::nothing_produced, kNullIfEmpty, "the reason stated; null: none"),
      Field("planned_time_s", &T::planned_time_s, kRequired, "setup plus run time for what it may process, seconds"),
      Field("machine_time_s", &T::machine_time_s, kRequired),
      Field("labour_time_s", &T::labour_time_s, kRequired)};
};
template <>
struct Describe<prod::MaterialUsage> {
  using T = prod::MaterialUsage;
  static constexpr std::string_view kName = "MaterialUsage";
  static constexpr auto kFields =
      std::tuple{Field("material", &T::material, kRequired),
                 Field("operation", &T::operation, kRequired),
                 Field("uom", &T::uom, kRequired, "the material's unit"),
                 Field("required_for_order", &T::required_for_order, kRequired, "the BOM line's need; 0 off the BOM"),
                 Field("planned_for_reported", &T::planned_for_reported, kRequired,
                       "what the reported good and scrap should have used; 0 off the BOM"),
                 FieldAs<prod::SumCodec>("consumed", &T::consumed, kRequired),
                 FieldAs<prod::SumCodec>("variance", &T::variance, kRequired, "consumed less planned_for_reported")};
};
template <>
struct Describe<prod::ConsumedLot> {
  using T = prod::ConsumedLot;
  static constexpr std::string_view kName = "ConsumedLot";
  static constexpr auto kFields = std::tuple{Field("lot", &T::lot, kRequired),
                                             Field("material", &T::material, kRequired),
                                             Field("operation", &T::operation, kRequired),
                                             Field("quantity", &T::quantity, kRequired),
                                             Field("backflush", &T::backflush, kRequired),
                                             Field("deviation_reason", &T::deviation_reason, kRequired)};
};
template <>
struct Describe<prod::OutputSummary> {
  static constexpr std::string_view kName = "ProducedLotSummary";
  static constexpr auto kFields = std::tuple{Field("lot", &prod::OutputSummary::lot, kRequired),
                                             Field("quantity", &prod::OutputSummary::quantity, kRequired),
                                             Field("location", &prod::OutputSummary::location, kRequired)};
};
template <>
struct Describe<prod::OrderPerformance> {
  using T = prod::OrderPerformance;
  static constexpr std::string_view kName = "WorkOrderPerformance";
  static constexpr std::string_view kDoc = "Planned versus actual for the order and each operation.";
  static constexpr auto kFields = std::tuple{
      Field("order", &T::order, kRequired),
      Field("status", &T::status, kRequired),
      Field("product", &T::product, kRequired),
      Field("uom", &T::uom, kRequired),
      Field("quantity", &T::quantity, kRequired),
      Field("produced", &T::produced, kRequired, "output lots in total"),
      Field("good", &T::good, kRequired, "good reported on the last operation"),
      FieldAs<prod::SumCodec>("scrap", &T::scrap, kRequired, "scrap over all operations"),
      Field("planned_time_s", &T::planned_time_s, kRequired),
      Field("machine_time_s", &T::machine_time_s, kRequired),
      Field("labour_time_s", &T::labour_time_s, kRequired),
      Field("due", &T::due, kRequired),
      Field("completed_at", &T::completed_at, kRequired),
      Field("nothing_produced", &T::nothing_produced, kRequired, "operations completed with nothing produced"),
      Field("operations", &T::operations, kRequired),
      Field("materials", &T::materials, kRequired, "by BOM line, then consumption off the BOM"),
      Field("consumed_lots", &T::consumed_lots, kRequired),
      Field("outputs", &T::outputs, kRequired)};
};

}  // namespace takt::contract
