// The OpenAPI 3.1 document, generated from the route table and the descriptions of its bodies
// (route.h), so the document and the server cannot drift apart.
#include <cctype>

#include "connect/http/route.h"

namespace takt::http {
namespace {

// getApiV1WorkOrdersIdRelease: unique, and a valid identifier for generated clients.
std::string OperationId(const Route& r) {
  std::string id;
  for (char c : r.method) id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool up = true;
  for (char c : r.path) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      up = true;
      continue;
    }
    id += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    up = false;
  }
  return id;
}

json::object Content(const char* type, json::value schema) {
  return json::object{{std::string(type), json::object{{"schema", std::move(schema)}}}};
}

json::object Operation(const Route& r, contract::SchemaRegistry& reg, const json::value& error) {
  json::object op{{"operationId", OperationId(r)}};
  if (!r.summary.empty()) op["summary"] = r.summary;
  if (!r.description.empty()) op["description"] = r.description;
  json::array params;
  for (size_t at = r.path.find('{'); at != std::string::npos; at = r.path.find('{', at + 1)) {
    std::string name = r.path.substr(at + 1, r.path.find('}', at) - at - 1);
    params.push_back(
        json::object{{"name", name}, {"in", "path"}, {"required", true}, {"schema", json::object{{"type", "string"}}}});
  }
  if (r.parameters)
    for (auto& p : r.parameters(reg)) params.push_back(std::move(p));
  if (!params.empty()) op["parameters"] = std::move(params);
  if (r.request_type && r.request)
    op["requestBody"] =
        json::object{{"required", !r.request_optional}, {"content", Content(r.request_type, r.request(reg))}};
  json::object responses;
  json::object ok{{"description", "success"}};
  if (r.response_type && r.response) ok["content"] = Content(r.response_type, r.response(reg));
  responses[std::to_string(r.status)] = std::move(ok);
  json::object err{{"description", "refused: the error body names the code, the reason and the offending field"},
                   {"content", Content("application/json", error)}};
  responses["4XX"] = err;
  responses["5XX"] = err;
  op["responses"] = std::move(responses);
  if (!r.permission && !r.any_user)
    op["security"] = json::array{};
  else if (r.permission)
    op["x-takt-permission"] = plant::PermissionName(*r.permission);
  return op;
}

// The web UI's session cookie (POST /api/v1/session), accepted wherever a bearer token is.
json::object SessionScheme() {
  return json::object{{"type", "apiKey"},
                      {"in", "cookie"},
                      {"name", "takt_session"},
                      {"description",
                       "From POST /api/v1/session. Requests other than GET and HEAD made with it must carry the "
                       "session's csrf_token in X-CSRF-Token."}};
}

}  // namespace

std::string OpenApiDocument() {
  static const std::string doc = [] {
    contract::SchemaRegistry reg;
    json::value error = reg.Ref<ErrorBody>();
    json::object paths;
    for (const Route& r : Routes()) {
      std::string method = r.method;
      for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      json::value& item = paths[r.path];
      if (!item.is_object()) item.emplace_object();
      item.as_object()[method] = Operation(r, reg, error);
    }
    json::object root{
        {"openapi", "3.1.0"},
        {"info", json::object{{"title", "Takt MOM API"},
                              {"version", "1"},
                              {"description",
                               "Manufacturing operations management (ISA-95 Level 3). Every write is an event in an "
                               "append-only journal, durable before the reply."}}},
        {"paths", std::move(paths)},
        {"components",
         json::object{{"schemas", reg.components()},
                      {"securitySchemes", json::object{{"bearer", json::object{{"type", "http"}, {"scheme", "bearer"}}},
                                                       {"session", SessionScheme()}}}}},
        {"security", json::array{json::object{{"bearer", json::array{}}}, json::object{{"session", json::array{}}}}}};
    return Serialize(root);
  }();
  return doc;
}

}  // namespace takt::http
