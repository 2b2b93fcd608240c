// The parts of the model's contract that a table cannot say: property values typed by their
// property, clock times, dates, and the rules across fields of one document.
#include "model/contract.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace takt::model {

using contract::Decoder;
using contract::FieldInfo;
using contract::SchemaRegistry;

void ClockCodec::Read(const json::value& v, const FieldInfo&, int& out, Decoder& d, const std::string& path) {
  int h = -1, m = -1;
  if (v.is_string() && v.get_string().size() == 5 && v.get_string()[2] == ':') {
    std::string_view s = v.get_string();
    auto rh = std::from_chars(s.data(), s.data() + 2, h);
    auto rm = std::from_chars(s.data() + 3, s.data() + 5, m);
    if (rh.ptr != s.data() + 2 || rm.ptr != s.data() + 5) h = -1;
  }
  if (h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0))
    return d.Invalid(path, "expected a local time HH:MM, e.g. 06:00");
  out = (h * 60 + m) % 1440;  // 24:00 is midnight: as an end, the next day's
}

json::value ClockCodec::Write(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60 % 24, minutes % 60);
  return json::value(buf);
}

json::object ClockCodec::Schema(SchemaRegistry&, const FieldInfo&) {
  return {{"type", "string"}, {"pattern", "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$"}};
}

void LocalDatesCodec::Read(const json::value& v, const FieldInfo&, std::vector<int64_t>& out, Decoder& d,
                           const std::string& path) {
  if (!v.is_array()) return d.Invalid(path, "expected an array");
  if (v.get_array().size() > 10000) return d.Invalid(path, "more than 10000 elements");
  out.clear();
  for (size_t i = 0; i < v.get_array().size(); ++i) {
    const auto& e = v.get_array()[i];
    std::optional<Timestamp> t;
    if (e.is_string() && e.get_string().size() == 10) t = ParseIso8601(std::string_view(e.get_string()));
    if (!t) return d.Invalid(path + "[" + std::to_string(i) + "]", "expected a local date YYYY-MM-DD");
    out.push_back(t->micros / 86'400'000'000);
  }
}

json::value LocalDatesCodec::Write(const std::vector<int64_t>& days) {
  json::array a;
  for (int64_t day : days) a.push_back(json::value(FormatIso8601({day * 86'400'000'000}).substr(0, 10)));
  return a;
}

json::object LocalDatesCodec::Schema(SchemaRegistry&, const FieldInfo&) {
  return {{"type", "array"}, {"maxItems", 10000}, {"items", json::object{{"type", "string"}, {"format", "date"}}}};
}

void PassFailCodec::Read(const json::value& v, const FieldInfo&, bool& out, Decoder& d, const std::string& path) {
  if (!v.is_string() || (v.get_string() != "pass" && v.get_string() != "fail"))
    return d.Invalid(path, "expected pass or fail");
  out = v.get_string() == "pass";
}

json::object PassFailCodec::Schema(SchemaRegistry&, const FieldInfo&) {
  return {{"type", "string"}, {"enum", json::array{"pass", "fail"}}};
}

void FamilyCodec::Read(const json::value& v, const FieldInfo&, std::string& out, Decoder& d, const std::string& path) {
  if (!v.is_string() || (v.get_string() != "*" && !IsValidId(v.get_string())))
    return d.Invalid(path, "expected a setup family id or \"*\"");
  out = std::string(v.get_string());
}

json::object FamilyCodec::Schema(SchemaRegistry&, const FieldInfo&) {
  return {{"type", "string"}, {"pattern", "^\\*$|^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"}};
}

namespace {

std::string At(std::string_view key, size_t i) {
  return std::string(key) + "[" + std::to_string(i) + "]";
}

// Instances carry their properties' values; class declarations may leave them out.
void NeedValues(const std::vector<Property>& props, Decoder& d) {
  for (size_t i = 0; i < props.size(); ++i)
    if (std::holds_alternative<std::monostate>(props[i].value))
      return d.Invalid(At("properties", i) + ".value", "missing required field");
}

template <typename T, typename Key>
void NoDuplicates(const std::vector<T>& items, std::string_view list, std::string_view field, Key key,
                  std::string_view what, Decoder& d) {
  for (size_t i = 0; i < items.size(); ++i)
    for (size_t k = 0; k < i; ++k)
      if (key(items[k]) == key(items[i]))
        return d.Invalid(At(list, i) + "." + std::string(field), "duplicate " + std::string(what));
}

}  // namespace
}  // namespace takt::model

namespace takt::contract {

using namespace std::string_literals;

void Codec<model::Property>::Read(const json::value& v, const FieldInfo&, model::Property& out, Decoder& d,
                                  const std::string& path) {
  const json::object* o = v.if_object();
  if (!o) return d.Invalid(path, "expected a JSON object");
  for (const auto& kv : *o) {
    std::string_view k = kv.key();
    if (k != "id" && k != "type" && k != "value" && k != "uom" && k != "description")
      return d.Invalid(Join(path, k), "unknown field");
  }
  auto field = [&](const char* k) -> const json::value* {
    const json::value* x = o->if_contains(k);
    return x && !x->is_null() ? x : nullptr;
  };
  FieldInfo id{"id", kRequired | kId}, text{"", kOptional};
  if (auto* x = field("id"))
    Codec<std::string>::Read(*x, id, out.id, d, Join(path, "id"));
  else
    return d.Invalid(Join(path, "id"), "missing required field");
  if (auto* x = field("type"))
    Codec<model::PropertyType>::Read(*x, text, out.type, d, Join(path, "type"));
  else
    return d.Invalid(Join(path, "type"), "missing required field");
  if (auto* x = field("uom")) Codec<std::string>::Read(*x, id, out.uom, d, Join(path, "uom"));
  if (auto* x = field("description")) Codec<std::string>::Read(*x, text, out.description, d, Join(path, "description"));
  const json::value* x = field("value");
  if (!x || !d.ok()) return;
  std::string at = Join(path, "value");
  switch (out.type) {
    case model::PropertyType::kString: {
      std::string s;
      Codec<std::string>::Read(*x, text, s, d, at);
      out.value = std::move(s);
      break;
    }
    case model::PropertyType::kNumber: {
      double n = 0;
      Codec<double>::Read(*x, text, n, d, at);
      out.value = n;
      break;
    }
    case model::PropertyType::kInteger: {
      int64_t n = 0;
      Codec<int64_t>::Read(*x, text, n, d, at);
      out.value = n;
      break;
    }
    case model::PropertyType::kBoolean: {
      bool b = false;
      Codec<bool>::Read(*x, text, b, d, at);
      out.value = b;
      break;
    }
  }
}

json::value Codec<model::Property>::Write(const model::Property& p) {
  json::object o{{"id", p.id}, {"type", NameOf(p.type)}};
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, double>)
          o["value"] = Number(v);
        else if constexpr (!std::is_same_v<T, std::monostate>)
          o["value"] = v;
      },
      p.value);
  if (!p.uom.empty()) o["uom"] = p.uom;
  if (!p.description.empty()) o["description"] = p.description;
  return o;
}

json::object Schema<model::Property>::Of(SchemaRegistry& r, const FieldInfo&) {
  json::object props{
      {"id", Schema<std::string>::Of(r, FieldInfo{"id", kId})},
      {"type", json::object{{"type", "string"}, {"enum", json::array{"string", "number", "integer", "boolean"}}}},
      {"value", json::object{{"type", json::array{"string", "number", "integer", "boolean"}},
                             {"description", "of the JSON type that `type` names; a default on declarations"}}},
      {"uom", json::object{{"type", "string"}}},
      {"description", json::object{{"type", "string"}}}};
  return {{"type", "object"},
          {"description", "a named, typed property"},
          {"properties", std::move(props)},
          {"required", json::array{"id", "type"}},
          {"additionalProperties", false}};
}

void Describe<model::Equipment>::Check(model::Equipment& v, const json::object&, Decoder& d) {
  model::NeedValues(v.properties, d);
}

void Describe<model::MaterialDefinition>::Check(model::MaterialDefinition& v, const json::object&, Decoder& d) {
  model::NeedValues(v.properties, d);
}

void Describe<model::QualificationResult>::Check(model::QualificationResult& v, const json::object&, Decoder& d) {
  if (v.expires_at && *v.expires_at <= v.tested_at) d.Invalid("expires_at", "must be after tested_at");
}

void Describe<model::Person>::Check(model::Person& v, const json::object&, Decoder& d) {
  model::NeedValues(v.properties, d);
}

void Describe<model::MaterialLot>::Check(model::MaterialLot& v, const json::object&, Decoder& d) {
  model::NeedValues(v.properties, d);
}

void Describe<model::RoutingOperation>::Check(model::RoutingOperation& v, const json::object&, Decoder& d) {
  if (v.equipment_class.empty() == v.work_center.empty())
    d.Invalid("equipment_class", "give exactly one of equipment_class and work_center");
}

void Describe<model::ProductDefinition>::Check(model::ProductDefinition& v, const json::object& raw, Decoder& d) {
  auto& routing = v.routing;
  model::NoDuplicates(
      routing, "routing", "id", [](const auto& s) { return s.id; }, "operation", d);
  const json::value* steps = raw.if_contains("routing");
  for (size_t i = 0; i < routing.size() && d.ok(); ++i) {
    const json::object* step = steps && steps->is_array() ? (*steps).get_array()[i].if_object() : nullptr;
    const json::value* given = step ? step->if_contains("predecessors") : nullptr;
    auto& preds = routing[i].predecessors;
    if (!given || given->is_null()) {
      // A plain routing: each step follows the one before.
      preds.clear();
      if (i > 0) preds.push_back(routing[i - 1].id);
      continue;
    }
    for (size_t k = 0; k < preds.size(); ++k)
      if (std::none_of(routing.begin(), routing.begin() + static_cast<std::ptrdiff_t>(i),
                       [&](const auto& s) { return s.id == preds[k]; }))
        return d.Fail(Code::kUnprocessable, model::At("routing", i) + "." + model::At("predecessors", k),
                      "no earlier routing operation '" + preds[k] + "' (list steps in execution order)");
  }
  // One end: the last step is the order's output, so every branch must join before it.
  for (size_t i = 0; i + 1 < routing.size() && d.ok(); ++i) {
    const std::string& id = routing[i].id;
    bool leads = std::any_of(routing.begin() + static_cast<std::ptrdiff_t>(i) + 1, routing.end(), [&](const auto& s) {
      return std::find(s.predecessors.begin(), s.predecessors.end(), id) != s.predecessors.end();
    });
    if (!leads)
      d.Fail(Code::kUnprocessable, model::At("routing", i) + ".id",
             "operation '" + id + "' leads to no later step: every branch must join before the last operation");
  }
  for (size_t i = 0; i < v.bom.size() && d.ok(); ++i) {
    const std::string& op = v.bom[i].operation;
    if (!op.empty() && std::none_of(routing.begin(), routing.end(), [&](const auto& s) { return s.id == op; }))
      d.Fail(Code::kUnprocessable, model::At("bom", i) + ".operation", "no routing operation '" + op + "'");
  }
}

void Describe<model::ProductDefinition>::Encoded(const model::ProductDefinition& v, json::object& o) {
  // Predecessors only where the routing branches: a step that follows the one before says
  // nothing, so a client may insert a step into a chain without rewriting the next one.
  auto& steps = o["routing"].as_array();
  for (size_t i = 0; i < v.routing.size(); ++i) {
    const auto& preds = v.routing[i].predecessors;
    bool chain = i == 0 ? preds.empty() : preds.size() == 1 && preds[0] == v.routing[i - 1].id;
    if (chain) steps[i].as_object().erase("predecessors");
  }
}

void Describe<model::SetupMatrix>::Check(model::SetupMatrix& v, const json::object&, Decoder& d) {
  for (size_t i = 0; i < v.rules.size() && d.ok(); ++i)
    for (size_t k = 0; k < i; ++k)
      if (v.rules[k].from == v.rules[i].from && v.rules[k].to == v.rules[i].to)
        return d.Invalid(model::At("rules", i) + ".to",
                         "a rule from '" + v.rules[i].from + "' to '" + v.rules[i].to + "' is already given");
}

void Describe<model::MachineState>::Check(model::MachineState& v, const json::object&, Decoder& d) {
  if (v.code.empty() || v.code.size() > 64) return d.Invalid("code", "must be 1 to 64 characters");
  if (v.name.empty()) v.name = v.code;
  if (v.loss == model::Loss::kNone && v.element != model::TimeElement::kProduction)
    d.Invalid("loss", "a state that does not produce loses time: give its loss");
}

void Describe<model::StateModel>::Check(model::StateModel& v, const json::object&, Decoder& d) {
  for (size_t i = 0; i < v.states.size() && d.ok(); ++i) {
    const auto& st = v.states[i];
    bool clash = st.code == "no_data";
    for (size_t k = 0; k < i; ++k) clash |= v.states[k].code == st.code || v.states[k].name == st.name;
    if (clash) d.Invalid(model::At("states", i) + ".code", "duplicate or reserved state '" + st.code + "'");
  }
  if (d.ok())
    model::NoDuplicates(
        v.reason_codes, "reason_codes", "code", [](const auto& c) { return c.code; }, "reason code", d);
}

void Describe<model::DowntimeReason>::Check(model::DowntimeReason& v, const json::object&, Decoder& d) {
  if (v.element == model::TimeElement::kProduction || v.element == model::TimeElement::kNoData)
    return d.Invalid("element", "a stop reason may move a stop to ASUT, ADET, ADOT or PDOT only");
  if (v.loss == model::Loss::kNone) d.Invalid("loss", "a stop loses time: give its loss");
}

void Describe<model::ShiftCalendar>::Check(model::ShiftCalendar& v, const json::object&, Decoder& d) {
  model::NoDuplicates(
      v.shifts, "shifts", "id", [](const auto& s) { return s.id; }, "shift", d);
}

void Describe<model::SignalMapping>::Check(model::SignalMapping& v, const json::object&, Decoder& d) {
  // Sparkplug ids are UTF-8 without '+', '/' or '#'; metric names may contain '/'.
  for (auto [key, value] : {std::pair{"group", &v.group}, {"edge_node", &v.edge_node}, {"device", &v.device}})
    if (value->find_first_of("+/#") != std::string::npos || value->size() > 128)
      return d.Invalid(key, "must not contain '+', '/' or '#' (at most 128 characters)");
}

}  // namespace takt::contract
