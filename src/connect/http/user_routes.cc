// Users: create, list, tokens, disable, enable, role. Tokens are made here, in the adapter, so
// that the plant only ever sees their hashes.
#include "connect/http/route.h"
#include "core/hash.h"
#include "runtime/runtime.h"

namespace takt::http {

struct UserView {
  std::string name;
  plant::Role role = plant::Role::kViewer;
  bool disabled = false;
  std::string disabled_reason;
  Timestamp created_at;
  Timestamp updated_at;
  std::string updated_by;
};
struct NewUser {
  std::string name;
  plant::Role role = plant::Role::kViewer;
};
struct UserToken {  // a token, shown once
  std::string name;
  std::optional<plant::Role> role;
  std::string token;
};
struct Reason {
  std::string reason;
};
struct OptionalReason {
  std::string reason;
};
struct RoleChange {
  plant::Role role = plant::Role::kViewer;
  std::string reason;
};
struct UserList {
  std::vector<UserView> items;
};

}  // namespace takt::http

namespace takt::contract {
using namespace http;

template <>
struct EnumNames<plant::Role> {
  static constexpr std::pair<plant::Role, std::string_view> kValues[] = {{plant::Role::kAdmin, "admin"},
                                                                         {plant::Role::kSupervisor, "supervisor"},
                                                                         {plant::Role::kOperator, "operator"},
                                                                         {plant::Role::kViewer, "viewer"}};
};
template <>
struct Describe<UserView> {
  static constexpr std::string_view kName = "User";
  static constexpr auto kFields =
      std::tuple{Field("name", &UserView::name, kRequired),
                 Field("role", &UserView::role, kRequired),
                 Field("disabled", &UserView::disabled, kRequired, "a disabled user's token is refused"),
                 Field("disabled_reason", &UserView::disabled_reason, kNullIfEmpty),
                 Field("created_at", &UserView::created_at, kRequired),
                 Field("updated_at", &UserView::updated_at, kRequired),
                 Field("updated_by", &UserView::updated_by, kRequired)};
};
template <>
struct Describe<NewUser> {
  static constexpr std::string_view kName = "NewUser";
  static constexpr auto kFields =
      std::tuple{Field("name", &NewUser::name, kRequired, "1-32 characters of A-Z a-z 0-9 . _ : -"),
                 Field("role", &NewUser::role, kRequired)};
};
template <>
struct Describe<UserToken> {
  static constexpr std::string_view kName = "UserToken";
  static constexpr std::string_view kDoc = "A bearer token, shown this once: only its hash is kept.";
  static constexpr auto kFields =
      std::tuple{Field("name", &UserToken::name, kRequired), Field("role", &UserToken::role, kOmitIfEmpty),
                 Field("token", &UserToken::token, kRequired)};
};
template <>
struct Describe<Reason> {
  static constexpr std::string_view kName = "Reason";
  static constexpr auto kFields = std::tuple{Field("reason", &Reason::reason, kRequired | kNonEmpty)};
};
template <>
struct Describe<OptionalReason> {
  static constexpr std::string_view kName = "OptionalReason";
  static constexpr auto kFields = std::tuple{Field("reason", &OptionalReason::reason)};
};
template <>
struct Describe<RoleChange> {
  static constexpr std::string_view kName = "RoleChange";
  static constexpr auto kFields =
      std::tuple{Field("role", &RoleChange::role, kRequired), Field("reason", &RoleChange::reason)};
};
template <>
struct Describe<UserList> {
  static constexpr std::string_view kName = "UserList";
  static constexpr auto kFields = std::tuple{Field("items", &UserList::items, kRequired)};
};

}  // namespace takt::contract

namespace takt::http {
namespace {

using P = plant::Permission;

UserView View(const plant::User& u) {
  return {u.name, u.role, u.disabled, u.disabled ? u.disabled_reason : "", u.created_at, u.updated_at, u.updated_by};
}

Result<UserView> GetUser(runtime::Runtime& rt, const std::string& name) {
  return rt.Read([&](const plant::Plant& p) -> Result<UserView> {
    const plant::User* u = p.FindUser(name);
    if (!u) return Status::NotFound("no user '" + name + "'", "name");
    return View(*u);
  });
}

// disable, enable, role: answers the user as it stands after the change. Disabling ends the
// user's web sessions (enabling them again does not bring those back).
void Change(Call& c, plant::ChangeUser cmd, Answer<UserView> answer) {
  std::string name = cmd.name;
  SessionStore* ends = cmd.action == plant::UserAction::kDisable ? c.sessions : nullptr;
  c.rt.Submit(std::move(cmd), c.actor, [&rt = c.rt, name, ends, answer](const Result<runtime::Committed>& r) {
    if (!r.ok()) return answer(r.status());
    if (ends) ends->EndUser(name);
    answer(GetUser(rt, name));
  });
}

}  // namespace

void AddUserRoutes(std::vector<Route>& out) {
  const std::string user = "/api/v1/users/{name}";
  out.push_back(Bind<NoQuery, NoBody, UserList>(
      {"GET", "/api/v1/users", P::kManageUsers, "list users with their role and status"},
      [](Call& c, const NoQuery&, NoBody, Answer<UserList> answer) {
        answer(c.rt.Read([](const plant::Plant& p) {
          UserList list;
          for (const auto& [name, u] : p.users()) list.items.push_back(View(u));
          return list;
        }));
      }));
  out.push_back(Bind<NoQuery, NewUser, UserToken>(
      {"POST", "/api/v1/users", P::kManageUsers, "create a user; the reply holds its token, once", 201},
      [](Call& c, const NoQuery&, NewUser body, Answer<UserToken> answer) {
        std::string token = RandomToken();
        c.rt.Submit(plant::AddUser{body.name, body.role, TokenHash(token)}, c.actor,
                    [body, token, answer](const Result<runtime::Committed>& r) {
                      if (!r.ok()) return answer(r.status());
                      answer(UserToken{body.name, body.role, token});
                    });
      }));
  out.push_back(Bind<NoQuery, NoBody, UserView>(
      {"GET", user, P::kManageUsers, "a user with its role and status"},
      [](Call& c, const NoQuery&, NoBody, Answer<UserView> answer) { answer(GetUser(c.rt, c.param("name"))); }));
  out.push_back(Bind<NoQuery, NoBody, UserToken>(
      {"POST", user + "/token", P::kManageUsers,
       "issue a new token for a user (revokes the old one); the reply holds it, once"},
      [](Call& c, const NoQuery&, NoBody, Answer<UserToken> answer) {
        std::string token = RandomToken(), name = c.param("name");
        c.rt.Submit(plant::IssueToken{name, TokenHash(token)}, c.actor,
                    [name, token, answer, sessions = c.sessions](const Result<runtime::Committed>& r) {
                      if (!r.ok()) return answer(r.status());
                      sessions->EndUser(name);  // they signed in with the old
                      answer(UserToken{name, std::nullopt, token});
                    });
      }));
  out.push_back(Bind<NoQuery, Reason, UserView>(
      {"POST", user + "/disable", P::kManageUsers,
       "disable a user with a reason: their token stops working (never the last enabled admin)"},
      [](Call& c, const NoQuery&, Reason body, Answer<UserView> answer) {
        Change(c, {plant::UserAction::kDisable, c.param("name"), {}, body.reason}, answer);
      }));
  out.push_back(Bind<NoQuery, OptionalReason, UserView>(
      {"POST", user + "/enable", P::kManageUsers, "enable a disabled user again (the body is optional)"},
      [](Call& c, const NoQuery&, OptionalReason body, Answer<UserView> answer) {
        Change(c, {plant::UserAction::kEnable, c.param("name"), {}, body.reason}, answer);
      }));
  out.push_back(Bind<NoQuery, RoleChange, UserView>(
      {"POST", user + "/role", P::kManageUsers, "give a user another role (never demotes the last enabled admin)"},
      [](Call& c, const NoQuery&, RoleChange body, Answer<UserView> answer) {
        Change(c, {plant::UserAction::kChangeRole, c.param("name"), body.role, body.reason}, answer);
      }));
}

}  // namespace takt::http
