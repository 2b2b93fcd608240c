// The OpenAPI 3 document, generated from the route table so the two cannot drift apart.
#include "connect/http/api.h"
#include "core/json.h"
#include "model/kinds.h"

namespace takt::http {
namespace {

json::value Ref(std::string_view name) {
  return json::object{{"$ref", "#/components/schemas/" + std::string(name)}};
}

json::object Props(std::initializer_list<std::pair<const char*, json::value>> fields) {
  json::object o;
  for (const auto& [k, v] : fields) o[k] = v;
  return o;
}

json::value T(const char* type) {
  return json::object{{"type", type}};
}
json::value ArrayOf(json::value items) {
  return json::object{{"type", "array"}, {"items", std::move(items)}};
}

// The kind-specific fields of each resource document (meta fields are shared).
json::object KindFields(model::Kind k) {
  using model::Kind;
  json::value props = ArrayOf(Ref("Property"));
  json::value ids = ArrayOf(T("string"));
  switch (k) {
    case Kind::kUnit:
      return Props({{"dimension", T("string")}, {"factor", T("number")}});
    case Kind::kEquipment:
      return Props({{"level", json::object{{"type", "string"},
                                           {"enum", json::array{"enterprise", "site", "area", "work_center",
                                                                "work_unit", "storage_zone", "storage_unit"}}}},
                    {"parent", T("string")},
                    {"classes", ids},
                    {"properties", props},
                    {"time_zone", T("string")}});
    case Kind::kMaterialDefinition:
      return Props({{"uom", T("string")},
                    {"classes", ids},
                    {"properties", props},
                    {"conversions", ArrayOf(Props({{"type", "object"}}))}});
    case Kind::kPerson:
      return Props(
          {{"name", T("string")}, {"classes", ids}, {"properties", props}, {"qualifications", ArrayOf(T("object"))}});
    case Kind::kQualification:
      return Props({{"validity_days", T("integer")}});
    case Kind::kProductDefinition:
      return Props({{"product", T("string")},
                    {"bom", ArrayOf(T("object"))},
                    {"routing", ArrayOf(Props({{"id", T("string")},
                                               {"description", T("string")},
                                               {"equipment_class", T("string")},
                                               {"work_center", T("string")},
                                               {"setup_time_s", T("number")},
                                               {"run_time_per_unit_s", T("number")},
                                               {"qualification", T("string")},
                                               {"may_pause", T("boolean")},
                                               {"setup_family", T("string")},
                                               {"predecessors", ids}}))}});
    case Kind::kEquipmentClass:
      return Props({{"properties", props}, {"state_model", T("string")}, {"setup_matrix", T("string")}});
    case Kind::kSetupMatrix:
      return Props(
          {{"rules", ArrayOf(Props({{"from", T("string")}, {"to", T("string")}, {"setup_time_s", T("number")}}))}});
    case Kind::kStateModel:
      return Props(
          {{"states",
            ArrayOf(Props(
                {{"code", T("string")}, {"name", T("string")}, {"element", T("string")}, {"loss", T("string")}}))},
           {"reason_codes", ArrayOf(Props({{"code", T("string")}, {"reason", T("string")}}))},
           {"minor_stop_s", T("integer")},
           {"startup_reject_s", T("integer")},
           {"late_window_s", T("integer")},
           {"replan_after_s", T("integer")},
           {"expected_stop_s", T("integer")},
           {"built_in", json::object{{"type", "boolean"}, {"readOnly", true}}}});
    case Kind::kDowntimeReason:
      return Props({{"parent", T("string")}, {"element", T("string")}, {"loss", T("string")}});
    case Kind::kShiftCalendar:
      return Props({{"scope", T("string")},
                    {"shifts", ArrayOf(T("object"))},
                    {"holidays", ArrayOf(T("string"))},
                    {"planned_downtime_is_loss", T("boolean")}});
    case Kind::kSignalMapping:
      return Props({{"group", T("string")},
                    {"edge_node", T("string")},
                    {"device", T("string")},
                    {"metric", T("string")},
                    {"work_unit", T("string")},
                    {"signal", T("string")},
                    {"cumulative", T("boolean")},
                    {"name", T("string")}});
    default:
      return Props({{"properties", props}});
  }
}

std::string SchemaName(model::Kind k) {
  std::string n(model::KindName(k));
  std::string out;
  bool up = true;
  for (char c : n) {
    if (c == '_') {
      up = true;
      continue;
    }
    out += up ? static_cast<char>(std::toupper(c)) : c;
    up = false;
  }
  return out;
}

json::object Responses(int ok, json::value schema) {
  json::object r;
  r[std::to_string(ok)] =
      json::object{{"description", "success"},
                   {"content", json::object{{"application/json", json::object{{"schema", std::move(schema)}}}}}};
  json::value err = json::object{{"application/json", json::object{{"schema", Ref("Error")}}}};
  for (auto [code, what] : {std::pair{"400", "invalid input"},
                            {"401", "missing or bad token"},
                            {"403", "role not allowed"},
                            {"404", "unknown"},
                            {"409", "conflict"},
                            {"413", "body too large"},
                            {"422", "unknown reference or cycle"},
                            {"429", "too many failed authentications or connections from this address (Retry-After)"},
                            {"503", "too many connections, or stopping (Retry-After)"}})
    r[code] = json::object{{"description", what}, {"content", err}};
  return r;
}

}  // namespace

std::string OpenApiDocument() {
  static const std::string doc = [] {
    json::object schemas;
    schemas["Error"] = json::object{
        {"type", "object"},
        {"properties",
         json::object{{"error", json::object{{"type", "object"},
                                             {"properties", Props({{"code", T("string")},
                                                                   {"message", T("string")},
                                                                   {"field", json::object{{"type", "string"},
                                                                                          {"nullable", true}}}})}}}}}};
    schemas["Property"] = json::object{
        {"type", "object"},
        {"required", json::array{"id", "type"}},
        {"properties", Props({{"id", T("string")},
                              {"type", json::object{{"type", "string"},
                                                    {"enum", json::array{"string", "number", "integer", "boolean"}}}},
                              {"value", json::object{}},
                              {"uom", T("string")},
                              {"description", T("string")}})}};
    for (model::Kind k : model::kAllKinds) {
      json::object props = KindFields(k);
      props["id"] = T("string");
      props["description"] = T("string");
      props["version"] = json::object{{"type", "integer"}, {"description", "read-only; required on PUT"}};
      props["retired"] = json::object{{"type", "boolean"}, {"readOnly", true}};
      props["created_at"] = json::object{{"type", "string"}, {"format", "date-time"}, {"readOnly", true}};
      props["updated_at"] = json::object{{"type", "string"}, {"format", "date-time"}, {"readOnly", true}};
      props["updated_by"] = json::object{{"type", "string"}, {"readOnly", true}};
      schemas[SchemaName(k)] = json::object{{"type", "object"}, {"required", json::array{"id"}}, {"properties", props}};
    }
    json::object paths;
    for (const Route& r : Routes()) {
      json::object op;
      std::string method = r.method;
      for (auto& c : method) c = static_cast<char>(std::tolower(c));
      op["operationId"] = method + r.path;
      json::value schema = json::object{{"type", "object"}};
      std::string_view rest = std::string_view(r.path).substr(8);
      if (auto kind = model::ParseKindCollection(rest.substr(0, rest.find('/')))) {
        bool item = r.path.find("{id}") != std::string::npos;
        schema = item || r.method != "GET"
                     ? Ref(SchemaName(*kind))
                     : json::value(json::object{{"type", "object"},
                                                {"properties", Props({{"items", ArrayOf(Ref(SchemaName(*kind)))},
                                                                      {"next_after", T("string")}})}});
        if (r.method == "POST" || r.method == "PUT")
          op["requestBody"] = json::object{
              {"required", true},
              {"content", json::object{{"application/json", json::object{{"schema", Ref(SchemaName(*kind))}}}}}};
      }
      // POST creates (201) except actions on an existing lot, order or token (200).
      bool creates = r.method == "POST" && (r.path.find('{') == std::string::npos || r.path.ends_with("/produce") ||
                                            r.path.ends_with("/downtime"));
      op["responses"] = Responses(creates ? 201 : 200, schema);
      if (r.path == "/metrics")
        op["responses"].as_object()["200"] =
            json::object{{"description", "Prometheus text exposition format 0.0.4"},
                         {"content", json::object{{"text/plain", json::object{{"schema", T("string")}}}}}};
      if (!r.permission && !r.any_user)
        op["security"] = json::array{};
      else if (r.permission)
        op["x-takt-permission"] = plant::PermissionName(*r.permission);
      json::array params;
      for (size_t at = r.path.find('{'); at != std::string::npos; at = r.path.find('{', at + 1)) {
        std::string name = r.path.substr(at + 1, r.path.find('}', at) - at - 1);
        params.push_back(json::object{{"name", name}, {"in", "path"}, {"required", true}, {"schema", T("string")}});
      }
      if (!r.summary.empty()) op["summary"] = r.summary;
      if (!params.empty()) op["parameters"] = std::move(params);
      json::value& item = paths[r.path];
      if (!item.is_object()) item.emplace_object();
      item.as_object()[method] = std::move(op);
    }
    json::object root{
        {"openapi", "3.0.3"},
        {"info", json::object{{"title", "Takt MOM API"}, {"version", "1"}}},
        {"paths", std::move(paths)},
        {"components", json::object{{"schemas", std::move(schemas)},
                                    {"securitySchemes",
                                     json::object{{"bearer", json::object{{"type", "http"}, {"scheme", "bearer"}}}}}}},
        {"security", json::array{json::object{{"bearer", json::array{}}}}}};
    return Serialize(root);
  }();
  return doc;
}

}  // namespace takt::http
