// Users: create, list, tokens, disable, enable, role. Tokens are made here, in the adapter, so
// that the plant only ever sees their hashes.
#include "connect/http/util.h"
#include "core/hash.h"
#include "runtime/runtime.h"

namespace takt::http {
namespace {

json::object EncodeUser(const plant::User& u) {
  json::object o{{"name", u.name},
                 {"role", plant::RoleName(u.role)},
                 {"disabled", u.disabled},
                 {"created_at", FormatIso8601(u.created_at)},
                 {"updated_at", FormatIso8601(u.updated_at)},
                 {"updated_by", u.updated_by}};
  o["disabled_reason"] = u.disabled ? json::value(u.disabled_reason) : json::value(nullptr);
  return o;
}

Response GetUser(runtime::Runtime& rt, const std::string& name) {
  return rt.Read([&](const plant::Plant& p) {
    const plant::User* u = p.FindUser(name);
    return u ? Json(200, EncodeUser(*u)) : ErrorResponse(404, "not_found", "no user '" + name + "'", "name");
  });
}

Result<plant::Role> RoleField(FieldReader& r) {
  std::string name = r.String("role");
  if (!r.ok()) return r.status();
  auto role = plant::ParseRole(name);
  if (!role) return Status::Invalid("expected admin, supervisor, operator or viewer", "role");
  return *role;
}

void AddUser(runtime::Runtime& rt, const Request& req, const std::string& actor, Reply reply) {
  auto body = Body(req);
  if (!body.ok()) return reply(FromStatus(body.status()));
  FieldReader r(*body, "");
  std::string name = r.String("name");
  auto role = RoleField(r);
  if (Status s = r.Finish(); !s.ok()) return reply(FromStatus(s));
  if (!role.ok()) return reply(FromStatus(role.status()));
  std::string token = RandomToken();
  rt.Submit(plant::AddUser{name, *role, TokenHash(token)}, actor,
            [name, role = *role, token, reply = std::move(reply)](const Result<runtime::Committed>& c) {
              if (!c.ok()) return reply(FromStatus(c.status()));
              reply(Json(201, json::object{{"name", name}, {"role", plant::RoleName(role)}, {"token", token}}));
            });
}

// disable, enable, role: the body carries the reason (and the role).
void ChangeUser(runtime::Runtime& rt, const Request& req, plant::UserAction action, const std::string& name,
                const std::string& actor, Reply reply) {
  plant::ChangeUser cmd{action, name};
  json::value empty = json::object{};
  Result<json::value> body = empty;
  if (action != plant::UserAction::kEnable || !req.body.empty()) body = Body(req);
  if (!body.ok()) return reply(FromStatus(body.status()));
  FieldReader r(*body, "");
  if (action == plant::UserAction::kChangeRole) {
    auto role = RoleField(r);
    if (!role.ok()) return reply(FromStatus(role.status()));
    cmd.role = *role;
  }
  cmd.reason =
      r.String("reason", action == plant::UserAction::kDisable ? FieldReader::kRequired : FieldReader::kOptional);
  if (Status s = r.Finish(); !s.ok()) return reply(FromStatus(s));
  rt.Submit(std::move(cmd), actor, [&rt, name, reply = std::move(reply)](const Result<runtime::Committed>& c) {
    if (!c.ok()) return reply(FromStatus(c.status()));
    reply(GetUser(rt, name));
  });
}

}  // namespace

void HandleUserRoute(runtime::Runtime& rt, const Route& route, const Request& req, const Params& params,
                     const Query& query, const std::string& actor, Reply reply) {
  if (Status s = OnlyParams(query, {}); !s.ok()) return reply(FromStatus(s));
  const std::string& p = route.path;
  if (p == "/api/v1/users" && req.method == "POST") return AddUser(rt, req, actor, std::move(reply));
  if (p == "/api/v1/users") {
    return reply(rt.Read([](const plant::Plant& pl) {
      json::array users;
      for (const auto& [name, u] : pl.users()) users.push_back(EncodeUser(u));
      return Json(200, json::object{{"items", std::move(users)}});
    }));
  }
  const std::string& name = params.at("name");
  if (p == "/api/v1/users/{name}") return reply(GetUser(rt, name));
  if (p == "/api/v1/users/{name}/token") {
    std::string token = RandomToken();
    return rt.Submit(plant::IssueToken{name, TokenHash(token)}, actor,
                     [name, token, reply = std::move(reply)](const Result<runtime::Committed>& c) {
                       if (!c.ok()) return reply(FromStatus(c.status()));
                       reply(Json(200, json::object{{"name", name}, {"token", token}}));
                     });
  }
  using plant::UserAction;
  UserAction action = p.ends_with("/disable")  ? UserAction::kDisable
                      : p.ends_with("/enable") ? UserAction::kEnable
                                               : UserAction::kChangeRole;
  ChangeUser(rt, req, action, name, actor, std::move(reply));
}

}  // namespace takt::http
