#include "plant/access/users.h"

namespace takt::plant {
namespace {

bool ValidUserName(const std::string& n) {
  return IsValidId(n) && n.size() <= 32;
}

std::vector<EventDraft> One(const char* type, const json::object& payload) {
  return {{type, 1, Serialize(payload)}};
}

Status NoUser(const std::string& name) {
  return Status::NotFound("no user '" + name + "'", "name");
}

}  // namespace

int Users::OtherActiveAdmins(std::string_view name) const {
  int n = 0;
  for (const auto& [id, u] : users_) n += id != name && u.role == Role::kAdmin && !u.disabled;
  return n;
}

Result<std::vector<EventDraft>> Users::Execute(const AddUser& c) const {
  if (!ValidUserName(c.name)) return Status::Invalid("user names are 1-32 characters of A-Z a-z 0-9 . _ : -", "name");
  if (users_.count(c.name)) return Status::Conflict("user '" + c.name + "' already exists", "name");
  return One("user.added", {{"name", c.name}, {"role", RoleName(c.role)}, {"token_hash", c.token_hash}});
}

Result<std::vector<EventDraft>> Users::Execute(const IssueToken& c) const {
  if (!users_.count(c.name)) return NoUser(c.name);
  return One("user.token_issued", {{"name", c.name}, {"token_hash", c.token_hash}});
}

Result<std::vector<EventDraft>> Users::Execute(const ChangeUser& c) const {
  const User* u = Find(c.name);
  if (!u) return NoUser(c.name);
  if (c.reason.size() > 500) return Status::Invalid("at most 500 characters", "reason");
  bool last_admin = u->role == Role::kAdmin && !u->disabled && OtherActiveAdmins(c.name) == 0;
  switch (c.action) {
    case UserAction::kDisable:
      if (u->disabled) return Status::Conflict("user '" + c.name + "' is already disabled", "name");
      if (c.reason.empty()) return Status::Invalid("say why the user is disabled", "reason");
      if (last_admin)
        return Status::Conflict("'" + c.name + "' is the last enabled admin: enable or add another admin first",
                                "name");
      return One("user.disabled", {{"name", c.name}, {"reason", c.reason}});
    case UserAction::kEnable:
      if (!u->disabled) return Status::Conflict("user '" + c.name + "' is not disabled", "name");
      return One("user.enabled", {{"name", c.name}, {"reason", c.reason}});
    case UserAction::kChangeRole:
      if (u->role == c.role) return Status::Conflict("user '" + c.name + "' already has that role", "role");
      if (last_admin)
        return Status::Conflict("'" + c.name + "' is the last enabled admin: give another user the admin role first",
                                "role");
      return One("user.role_changed",
                 {{"name", c.name}, {"role", RoleName(c.role)}, {"previous", RoleName(u->role)}, {"reason", c.reason}});
  }
  return Status::Internal("unknown user action");
}

Status Users::Apply(const Event& e, const json::object& p) {
  if (e.version != 1) return Status::Internal("unsupported version " + std::to_string(e.version));
  const json::value* nv = p.if_contains("name");
  if (!nv || !nv->is_string()) return Status::Internal("user event without a name");
  std::string name(nv->get_string());
  auto text = [&](const char* k) -> std::string {
    const json::value* v = p.if_contains(k);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  if (e.type == "user.added") {
    auto role = ParseRole(text("role"));
    std::string hash = text("token_hash");
    if (!role || hash.empty() || users_.count(name)) return Status::Internal("bad user.added");
    users_[name] = User{name, *role, hash, e.time, false, {}, e.time, e.actor};
    by_token_[hash] = name;
    return Status::Ok();
  }
  auto it = users_.find(name);
  if (it == users_.end()) return Status::Internal("unknown user '" + name + "'");
  User& u = it->second;
  if (e.type == "user.token_issued") {
    std::string hash = text("token_hash");
    if (hash.empty()) return Status::Internal("bad user.token_issued");
    by_token_.erase(u.token_hash);
    u.token_hash = hash;
    by_token_[hash] = name;
  } else if (e.type == "user.disabled") {
    u.disabled = true;
    u.disabled_reason = text("reason");
  } else if (e.type == "user.enabled") {
    u.disabled = false;
    u.disabled_reason.clear();
  } else if (e.type == "user.role_changed") {
    auto role = ParseRole(text("role"));
    if (!role) return Status::Internal("bad user.role_changed");
    u.role = *role;
  } else {
    return Status::Internal("unknown type");
  }
  u.updated_at = e.time;
  u.updated_by = e.actor;
  return Status::Ok();
}

const User* Users::FindByTokenHash(std::string_view hash) const {
  auto it = by_token_.find(hash);
  return it == by_token_.end() ? nullptr : Find(it->second);
}

const User* Users::Find(std::string_view name) const {
  auto it = users_.find(name);
  return it == users_.end() ? nullptr : &it->second;
}

json::array Users::Encode() const {
  json::array a;
  for (const auto& [name, u] : users_)
    a.push_back(json::object{{"name", u.name},
                             {"role", RoleName(u.role)},
                             {"token_hash", u.token_hash},
                             {"created_at", FormatIso8601(u.created_at)},
                             {"disabled", u.disabled},
                             {"disabled_reason", u.disabled_reason},
                             {"updated_at", FormatIso8601(u.updated_at)},
                             {"updated_by", u.updated_by}});
  return a;
}

Status Users::Decode(const json::array& users) {
  for (const auto& uv : users) {
    const json::object* o = uv.if_object();
    if (!o) return Status::Internal("bad user");
    auto text = [&](const char* k) -> std::string {
      const json::value* v = o->if_contains(k);
      return v && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    User u;
    u.name = text("name");
    auto role = ParseRole(text("role"));
    auto created = ParseIso8601(text("created_at"));
    u.token_hash = text("token_hash");
    if (u.name.empty() || !role || !created || u.token_hash.empty()) return Status::Internal("bad user");
    u.role = *role;
    u.created_at = *created;
    u.updated_at = *created;
    if (const json::value* d = o->if_contains("disabled"); d && d->is_bool()) u.disabled = d->get_bool();
    u.disabled_reason = text("disabled_reason");
    if (auto t = ParseIso8601(text("updated_at"))) u.updated_at = *t;
    u.updated_by = text("updated_by");
    by_token_[u.token_hash] = u.name;
    std::string name = u.name;
    users_[std::move(name)] = std::move(u);
  }
  return Status::Ok();
}

json::object RedactUserPayload(std::string_view type, json::object payload) {
  if (type.starts_with("user.") && payload.erase("token_hash")) payload["token_hash"] = "redacted";
  return payload;
}

}  // namespace takt::plant
