// The JSON contract of the resource model: one description per document, from which
// model::Decode, model::Encode and the OpenAPI schemas are derived (core/contract). Include
// from .cc files only.
#pragma once

#include "core/contract/schema.h"
#include "model/resources.h"

namespace takt::model {
// Forms that differ from their member's type.
struct ClockCodec {  // minutes after midnight as local "HH:MM" (24:00 reads as midnight)
  static void Read(const json::value& v, const contract::FieldInfo&, int& out, contract::Decoder& d,
                   const std::string& path);
  static json::value Write(int minutes);
  static bool Empty(int) { return false; }
  static json::object Schema(contract::SchemaRegistry&, const contract::FieldInfo&);
};
struct LocalDatesCodec {  // days since 1970-01-01 as local dates "YYYY-MM-DD"
  static void Read(const json::value& v, const contract::FieldInfo&, std::vector<int64_t>& out, contract::Decoder& d,
                   const std::string& path);
  static json::value Write(const std::vector<int64_t>& days);
  static bool Empty(const std::vector<int64_t>& days) { return days.empty(); }
  static json::object Schema(contract::SchemaRegistry&, const contract::FieldInfo&);
};
struct PassFailCodec {  // a test result: "pass" or "fail"
  static void Read(const json::value& v, const contract::FieldInfo&, bool& out, contract::Decoder& d,
                   const std::string& path);
  static json::value Write(bool passed) { return passed ? "pass" : "fail"; }
  static bool Empty(bool) { return false; }
  static json::object Schema(contract::SchemaRegistry&, const contract::FieldInfo&);
};
struct FamilyCodec {  // a setup family id, or "*" for any
  static void Read(const json::value& v, const contract::FieldInfo&, std::string& out, contract::Decoder& d,
                   const std::string& path);
  static json::value Write(const std::string& f) { return json::value(f); }
  static bool Empty(const std::string& f) { return f.empty(); }
  static json::object Schema(contract::SchemaRegistry&, const contract::FieldInfo&);
};
}  // namespace takt::model

namespace takt::contract {

// ---- enums ------------------------------------------------------------------------------------

template <>
struct EnumNames<model::EquipmentLevel> {
  static constexpr std::pair<model::EquipmentLevel, std::string_view> kValues[] = {
      {model::EquipmentLevel::kEnterprise, "enterprise"},
      {model::EquipmentLevel::kSite, "site"},
      {model::EquipmentLevel::kArea, "area"},
      {model::EquipmentLevel::kWorkCenter, "work_center"},
      {model::EquipmentLevel::kWorkUnit, "work_unit"},
      {model::EquipmentLevel::kStorageZone, "storage_zone"},
      {model::EquipmentLevel::kStorageUnit, "storage_unit"}};
};
template <>
struct EnumNames<model::PropertyType> {
  static constexpr std::pair<model::PropertyType, std::string_view> kValues[] = {
      {model::PropertyType::kString, "string"},
      {model::PropertyType::kNumber, "number"},
      {model::PropertyType::kInteger, "integer"},
      {model::PropertyType::kBoolean, "boolean"}};
};
template <>
struct EnumNames<model::TimeElement> {
  static constexpr std::pair<model::TimeElement, std::string_view> kValues[] = {
      {model::TimeElement::kProduction, "APT"},       {model::TimeElement::kSetup, "ASUT"},
      {model::TimeElement::kDelay, "ADET"},           {model::TimeElement::kDown, "ADOT"},
      {model::TimeElement::kPlannedDowntime, "PDOT"}, {model::TimeElement::kNoData, "NODATA"}};
};
template <>
struct EnumNames<model::Loss> {
  static constexpr std::pair<model::Loss, std::string_view> kValues[] = {
      {model::Loss::kNone, "none"},     {model::Loss::kBreakdown, "breakdown"},
      {model::Loss::kSetup, "setup"},   {model::Loss::kMinorStop, "minor_stop"},
      {model::Loss::kIdle, "idle"},     {model::Loss::kPlanned, "planned"},
      {model::Loss::kNoData, "no_data"}};
};
template <>
struct EnumNames<model::Signal> {
  static constexpr std::pair<model::Signal, std::string_view> kValues[] = {
      {model::Signal::kState, "state"},
      {model::Signal::kGood, "good"},
      {model::Signal::kReject, "reject"},
      {model::Signal::kTotal, "total"},
      {model::Signal::kProcessValue, "process_value"}};
};

template <>
struct EnumNames<model::LotStatus> {
  static constexpr std::pair<model::LotStatus, std::string_view> kValues[] = {
      {model::LotStatus::kAvailable, "available"},
      {model::LotStatus::kQuarantine, "quarantine"},
      {model::LotStatus::kOnHold, "on_hold"},
      {model::LotStatus::kExpired, "expired"},
      {model::LotStatus::kConsumed, "consumed"}};
};

// A typed property: its value's JSON type follows `type`, so it has a codec of its own.
template <>
struct Codec<model::Property> {
  static void Read(const json::value& v, const FieldInfo& f, model::Property& out, Decoder& d, const std::string& path);
  static json::value Write(const model::Property& p);
  static bool Empty(const model::Property&) { return false; }
};
template <>
struct Schema<model::Property> {
  static json::object Of(SchemaRegistry& r, const FieldInfo& f);
};

// ---- documents ---------------------------------------------------------------------------------

template <>
struct Describe<model::Meta> {
  static constexpr std::string_view kName = "Meta";
  static constexpr auto kFields = std::tuple{
      Field("id", &model::Meta::id, kRequired | kId, "unique within its kind; never reused"),
      Field("description", &model::Meta::description),
      Field("version", &model::Meta::version, kReadOnly, "1 when created, one more per update; send it back on PUT"),
      Field("retired", &model::Meta::retired, kReadOnly, "retired resources are kept for history, never deleted"),
      Field("created_at", &model::Meta::created_at, kReadOnly),
      Field("updated_at", &model::Meta::updated_at, kReadOnly),
      Field("updated_by", &model::Meta::updated_by, kReadOnly, "the actor of the last change, e.g. user:alice")};
};

template <>
struct Describe<model::UnitOfMeasure> {
  static constexpr std::string_view kName = "Unit";
  static constexpr std::string_view kDoc = "A unit of measure: one of it is `factor` of its dimension's base unit.";
  static constexpr auto kFields = std::tuple{
      Inline(&model::UnitOfMeasure::meta),
      Field("dimension", &model::UnitOfMeasure::dimension, kRequired | kId, "mass, length, volume, count, time, ..."),
      Field("factor", &model::UnitOfMeasure::factor, kOptional, "base units in one of this unit (default 1)",
            kPositive)};
};

template <>
struct Describe<model::EquipmentClass> {
  static constexpr std::string_view kName = "EquipmentClass";
  static constexpr auto kFields = std::tuple{
      Inline(&model::EquipmentClass::meta),
      Field("properties", &model::EquipmentClass::properties, kOptional, "property declarations; value is a default"),
      Field("state_model", &model::EquipmentClass::state_model, kId | kNullIfEmpty,
            "how its machines' states count (default: simple)"),
      Field("setup_matrix", &model::EquipmentClass::setup_matrix, kId | kNullIfEmpty,
            "changeover times between setup families on its units")};
};

template <>
struct Describe<model::Equipment> {
  static constexpr std::string_view kName = "Equipment";
  static constexpr std::string_view kDoc =
      "A node of the ISA-95 equipment hierarchy: an enterprise has sites, a site areas and storage, an area work "
      "centers, a work center work units.";
  static constexpr auto kFields = std::tuple{
      Inline(&model::Equipment::meta),
      Field("level", &model::Equipment::level, kRequired),
      Field("parent", &model::Equipment::parent, kId | kNullIfEmpty, "the node above; none only for an enterprise"),
      Field("classes", &model::Equipment::classes, kId | kUnique, "equipment classes"),
      Field("properties", &model::Equipment::properties),
      Field("time_zone", &model::Equipment::time_zone, kOmitIfEmpty, "IANA time zone; required on sites")};
  static void Check(model::Equipment& v, const json::object&, Decoder& d);
};

template <>
struct Describe<model::MaterialClass> {
  static constexpr std::string_view kName = "MaterialClass";
  static constexpr auto kFields = std::tuple{
      Inline(&model::MaterialClass::meta),
      Field("properties", &model::MaterialClass::properties, kOptional, "property declarations; value is a default")};
};

template <>
struct Describe<model::UnitConversion> {
  static constexpr std::string_view kName = "UnitConversion";
  static constexpr auto kFields = std::tuple{Field("uom", &model::UnitConversion::uom, kRequired | kId),
                                             Field("factor", &model::UnitConversion::factor, kRequired,
                                                   "one `uom` is this much of the material's unit", kPositive)};
};

template <>
struct Describe<model::MaterialDefinition> {
  static constexpr std::string_view kName = "MaterialDefinition";
  static constexpr auto kFields = std::tuple{
      Inline(&model::MaterialDefinition::meta),
      Field("uom", &model::MaterialDefinition::uom, kRequired | kId, "the unit stock and BOMs are kept in"),
      Field("classes", &model::MaterialDefinition::classes, kId | kUnique, "material classes"),
      Field("properties", &model::MaterialDefinition::properties),
      Field("conversions", &model::MaterialDefinition::conversions, kOptional, "units particular to this material")};
  static void Check(model::MaterialDefinition& v, const json::object&, Decoder& d);
};

// Not a resource: the document a receipt brings, journalled as lot.received's `doc` (without the
// bookkeeping of resources, which lots never had in this form).
template <>
struct Describe<model::MaterialLot> {
  static constexpr std::string_view kName = "MaterialLotReceipt";
  static constexpr std::string_view kDoc =
      "A material lot received from a supplier or ERP into a storage zone or unit. Its quantity is fixed at "
      "receipt; afterwards it changes only through the lot's movements (move, count, adjust, scrap, ship).";
  static constexpr auto kFields = std::tuple{
      Field("id", &model::MaterialLot::id, kRequired | kId, "the lot's id; never reused (409 if it exists)"),
      Field("description", &model::MaterialLot::description),
      Field("material", &model::MaterialLot::material, kRequired | kId, "the material definition"),
      Field("quantity", &model::MaterialLot::quantity, kRequired,
            "as received, in `uom`; at most 1e9, kept to a millionth of the material's unit", kPositive),
      Field("uom", &model::MaterialLot::uom, kId,
            "the unit `quantity` is in (default: the material's own); stock is kept in the material's unit"),
      Field("location", &model::MaterialLot::location, kRequired | kId, "a storage zone or storage unit"),
      Field("status", &model::MaterialLot::status, kOptional,
            "at receipt: available (default), quarantine or on_hold (a hold with reason \"at receipt\"); expired "
            "and consumed are refused, and read only in journals from before lots moved into inventory"),
      Field("supplier", &model::MaterialLot::supplier),
      Field("supplier_lot", &model::MaterialLot::supplier_lot, kOptional, "the supplier's own lot or batch number"),
      Field("expires_at", &model::MaterialLot::expires_at, kOptional,
            "from then on the lot may not be consumed or shipped; a date is midnight UTC"),
      Field("properties", &model::MaterialLot::properties, kOptional, "certificate values and the like")};
  static void Check(model::MaterialLot& v, const json::object&, Decoder& d);
};

template <>
struct Describe<model::PersonnelClass> {
  static constexpr std::string_view kName = "PersonnelClass";
  static constexpr auto kFields = std::tuple{
      Inline(&model::PersonnelClass::meta),
      Field("properties", &model::PersonnelClass::properties, kOptional, "property declarations; value is a default")};
};

template <>
struct Describe<model::Qualification> {
  static constexpr std::string_view kName = "Qualification";
  static constexpr auto kFields =
      std::tuple{Inline(&model::Qualification::meta),
                 Field("validity_days", &model::Qualification::validity_days, kOptional,
                       "how long a passed test lasts when it gives no expiry", {0, 1e9, true})};
};

template <>
struct Describe<model::QualificationResult> {
  static constexpr std::string_view kName = "QualificationResult";
  static constexpr auto kFields = std::tuple{
      Field("qualification", &model::QualificationResult::qualification, kRequired | kId),
      FieldAs<model::PassFailCodec>("result", &model::QualificationResult::passed, kOptional, "pass (default) or fail"),
      Field("tested_at", &model::QualificationResult::tested_at, kRequired),
      Field("expires_at", &model::QualificationResult::expires_at, kOptional,
            "default: tested_at plus the qualification's validity_days")};
  static void Check(model::QualificationResult& v, const json::object&, Decoder& d);
};

template <>
struct Describe<model::Person> {
  static constexpr std::string_view kName = "Person";
  static constexpr auto kFields =
      std::tuple{Inline(&model::Person::meta), Field("name", &model::Person::name, kRequired | kNonEmpty),
                 Field("classes", &model::Person::classes, kId | kUnique, "personnel classes"),
                 Field("properties", &model::Person::properties),
                 Field("qualifications", &model::Person::qualifications, kOptional,
                       "tests taken; for each qualification the latest by the moment of a command decides")};
  static void Check(model::Person& v, const json::object&, Decoder& d);
};

template <>
struct Describe<model::BomLine> {
  static constexpr std::string_view kName = "BomLine";
  static constexpr auto kFields = std::tuple{
      Field("material", &model::BomLine::material, kRequired | kId),
      Field("quantity", &model::BomLine::quantity, kRequired, "per one unit of output, in `uom`", kPositive),
      Field("uom", &model::BomLine::uom, kRequired | kId),
      Field("scrap_allowance", &model::BomLine::scrap_allowance, kOptional, "a fraction added on top, 0.02 = 2 %",
            {0, 10, false, true}),
      Field("operation", &model::BomLine::operation, kId | kNullIfEmpty,
            "the routing operation that consumes it (default: the first)"),
      Field("backflush", &model::BomLine::backflush, kOptional, "consumed automatically when the operation completes")};
};

template <>
struct Describe<model::RoutingOperation> {
  static constexpr std::string_view kName = "RoutingOperation";
  static constexpr std::string_view kDoc = "A routing step (an ISA-95 process segment) of a product definition.";
  static constexpr auto kFields = std::tuple{
      Field("id", &model::RoutingOperation::id, kRequired | kId),
      Field("description", &model::RoutingOperation::description),
      Field("equipment_class", &model::RoutingOperation::equipment_class, kId | kOmitIfEmpty,
            "exactly one of equipment_class and work_center"),
      Field("work_center", &model::RoutingOperation::work_center, kId | kOmitIfEmpty),
      Field("setup_time_s", &model::RoutingOperation::setup_time_s, kOptional, "program, first piece", kNonNegative),
      Field("run_time_per_unit_s", &model::RoutingOperation::run_time_per_unit_s, kOptional, {}, kNonNegative),
      Field("qualification", &model::RoutingOperation::qualification, kId | kNullIfEmpty, "required of every operator"),
      Field("may_pause", &model::RoutingOperation::may_pause, kOptional,
            "may stop over planned downtime and resume; otherwise it must fit between"),
      Field("setup_family", &model::RoutingOperation::setup_family, kId | kNullIfEmpty,
            "tooling it needs, for the unit's setup matrix"),
      Field("predecessors", &model::RoutingOperation::predecessors, kId | kUnique,
            "earlier steps that must complete first (default: the step before; [] starts a branch); given in "
            "replies only where the routing branches")};
  static void Check(model::RoutingOperation& v, const json::object&, Decoder& d);
};

template <>
struct Describe<model::ProductDefinition> {
  static constexpr std::string_view kName = "ProductDefinition";
  static constexpr std::string_view kDoc =
      "How to make a material: its bill of materials and its routing, in execution order.";
  static constexpr auto kFields =
      std::tuple{Inline(&model::ProductDefinition::meta),
                 Field("product", &model::ProductDefinition::product, kRequired | kId, "the material definition made"),
                 Field("bom", &model::ProductDefinition::bom), Field("routing", &model::ProductDefinition::routing)};
  static void Check(model::ProductDefinition& v, const json::object& raw, Decoder& d);
  static void Encoded(const model::ProductDefinition& v, json::object& o);
};

template <>
struct Describe<model::SetupRule> {
  static constexpr std::string_view kName = "SetupRule";
  static constexpr auto kFields = std::tuple{
      FieldAs<model::FamilyCodec>("from", &model::SetupRule::from, kRequired, "a setup family, or * for any"),
      FieldAs<model::FamilyCodec>("to", &model::SetupRule::to, kRequired, "a setup family, or * for any"),
      Field("setup_time_s", &model::SetupRule::setup_time_s, kRequired, {}, Range(0, 366 * 86400.0))};
};

template <>
struct Describe<model::SetupMatrix> {
  static constexpr std::string_view kName = "SetupMatrix";
  static constexpr std::string_view kDoc =
      "Changeover times between setup families; the most specific rule wins, staying in a family is free unless "
      "a rule names it on both sides.";
  static constexpr auto kFields =
      std::tuple{Inline(&model::SetupMatrix::meta), Field("rules", &model::SetupMatrix::rules, kRequired)};
  static void Check(model::SetupMatrix& v, const json::object&, Decoder& d);
};

template <>
struct Describe<model::MachineState> {
  static constexpr std::string_view kName = "MachineState";
  static constexpr auto kFields =
      std::tuple{Field("code", &model::MachineState::code, kRequired, "what the machine sends: 6, Execute, running"),
                 Field("name", &model::MachineState::name, kOptional, "default: the code"),
                 Field("element", &model::MachineState::element, kRequired, "the ISO 22400 time element it stands for"),
                 Field("loss", &model::MachineState::loss, kOptional, "default: the element's usual loss")};
  static void Check(model::MachineState& v, const json::object&, Decoder& d);
};

template <>
struct Describe<model::ReasonCode> {
  static constexpr std::string_view kName = "ReasonCode";
  static constexpr auto kFields =
      std::tuple{Field("code", &model::ReasonCode::code, kRequired, "the machine's stop code"),
                 Field("reason", &model::ReasonCode::reason, kRequired | kId, "the downtime reason it means")};
};

inline constexpr Limits kWeekSeconds = Range(0, 604800);

template <>
struct Describe<model::StateModel> {
  static constexpr std::string_view kName = "StateModel";
  static constexpr std::string_view kDoc =
      "How a kind of machine's states count: each state's ISO 22400 time element and loss.";
  static constexpr auto kFields =
      std::tuple{Inline(&model::StateModel::meta),
                 Field("states", &model::StateModel::states, kRequired | kNonEmpty),
                 Field("reason_codes", &model::StateModel::reason_codes),
                 Field("minor_stop_s", &model::StateModel::minor_stop_s, kOptional,
                       "stops shorter than this are minor stops", kWeekSeconds),
                 Field("startup_reject_s", &model::StateModel::startup_reject_s, kOptional,
                       "rejects this soon after production starts are startup rejects", kWeekSeconds),
                 Field("late_window_s", &model::StateModel::late_window_s, kOptional,
                       "how far behind its unit's newest reading a reading may arrive (default 3600)", kWeekSeconds),
                 Field("replan_after_s", &model::StateModel::replan_after_s, kOptional,
                       "a breakdown this long makes the planner move work (0: never)", kWeekSeconds),
                 Field("expected_stop_s", &model::StateModel::expected_stop_s, kOptional,
                       "how long the planner expects a breakdown to last (default 3600)", kWeekSeconds),
                 Field("built_in", &model::StateModel::built_in, kReadOnly,
                       "shipped with Takt: read only; post a copy under another id to change it")};
  static void Check(model::StateModel& v, const json::object&, Decoder& d);
};

template <>
struct Describe<model::DowntimeReason> {
  static constexpr std::string_view kName = "DowntimeReason";
  static constexpr auto kFields =
      std::tuple{Inline(&model::DowntimeReason::meta),
                 Field("parent", &model::DowntimeReason::parent, kId | kNullIfEmpty, "the reason above in the tree"),
                 Field("element", &model::DowntimeReason::element, kOptional, "moves its stops to this time element"),
                 Field("loss", &model::DowntimeReason::loss)};
  static void Check(model::DowntimeReason& v, const json::object&, Decoder& d);
};

template <>
struct Describe<model::ShiftBreak> {
  static constexpr std::string_view kName = "ShiftBreak";
  static constexpr auto kFields =
      std::tuple{FieldAs<model::ClockCodec>("start", &model::ShiftBreak::start_min, kRequired),
                 FieldAs<model::ClockCodec>("end", &model::ShiftBreak::end_min, kRequired)};
};

template <>
struct Describe<model::Shift> {
  static constexpr std::string_view kName = "Shift";
  static constexpr auto kFields = std::tuple{
      Field("id", &model::Shift::id, kRequired | kId),
      Field("days", &model::Shift::days, kRequired, "ISO weekdays on which it starts, 1 = Monday", Range(1, 7)),
      FieldAs<model::ClockCodec>("start", &model::Shift::start_min, kRequired, "local time HH:MM"),
      FieldAs<model::ClockCodec>("end", &model::Shift::end_min, kRequired,
                                 "local time HH:MM; not after start: next day"),
      Field("breaks", &model::Shift::breaks)};
};

template <>
struct Describe<model::ShiftCalendar> {
  static constexpr std::string_view kName = "ShiftCalendar";
  static constexpr auto kFields =
      std::tuple{Inline(&model::ShiftCalendar::meta),
                 Field("scope", &model::ShiftCalendar::scope, kRequired | kId,
                       "a site, area, work center or work unit: the nearest calendar up the hierarchy wins"),
                 Field("shifts", &model::ShiftCalendar::shifts, kRequired),
                 FieldAs<model::LocalDatesCodec>("holidays", &model::ShiftCalendar::holidays, kOptional,
                                                 "local dates on which no shift starts"),
                 Field("planned_downtime_is_loss", &model::ShiftCalendar::planned_downtime_is_loss, kOptional,
                       "count planned downtime inside availability (site policy)")};
  static void Check(model::ShiftCalendar& v, const json::object&, Decoder& d);
};

template <>
struct Describe<model::SignalMapping> {
  static constexpr std::string_view kName = "SignalMapping";
  static constexpr std::string_view kDoc = "Which Sparkplug metric of which edge node (and device) means what.";
  static constexpr auto kFields =
      std::tuple{Inline(&model::SignalMapping::meta),
                 Field("group", &model::SignalMapping::group, kRequired | kNonEmpty),
                 Field("edge_node", &model::SignalMapping::edge_node, kRequired | kNonEmpty),
                 Field("device", &model::SignalMapping::device, kNullIfEmpty, "none: a metric of the node itself"),
                 Field("metric", &model::SignalMapping::metric, kRequired | kNonEmpty),
                 Field("work_unit", &model::SignalMapping::work_unit, kRequired | kId),
                 Field("signal", &model::SignalMapping::signal, kRequired),
                 Field("cumulative", &model::SignalMapping::cumulative, kOptional,
                       "counts: a running counter (default) rather than an increment"),
                 Field("name", &model::SignalMapping::name, kNullIfEmpty,
                       "process values: the variable's name (default: the metric)")};
  static void Check(model::SignalMapping& v, const json::object&, Decoder& d);
};

}  // namespace takt::contract
