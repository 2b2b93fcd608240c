// Snapshots: the whole plant state as one JSON document, so restart replays only the tail.
#include "plant/plant.h"

namespace takt::plant {

std::string Plant::Snapshot() const {
  json::object root;
  root["format"] = 1;
  root["last_seq"] = last_seq_;
  root["last_hash"] = ToHex(last_hash_);
  json::object resources;
  for (model::Kind k : model::kAllKinds) {
    VisitKind(k, [&](auto tag) {
      using T = typename decltype(tag)::type;
      json::array a;
      for (const auto& [id, v] : md_.table<T>()) a.push_back(model::Encode(v));
      resources[model::KindName(k)] = std::move(a);
    });
  }
  root["resources"] = std::move(resources);
  json::array users;
  for (const auto& [name, u] : users_)
    users.push_back(json::object{{"name", u.name},
                                 {"role", RoleName(u.role)},
                                 {"token_hash", u.token_hash},
                                 {"created_at", FormatIso8601(u.created_at)}});
  root["users"] = std::move(users);
  return Serialize(root);
}

Result<std::unique_ptr<Plant>> Plant::Restore(std::string_view text) {
  auto parsed = ParseJson(text);
  if (!parsed.ok()) return Status::Internal("snapshot: " + parsed.status().message());
  auto plant = std::make_unique<Plant>();
  try {
    const auto& root = parsed->as_object();
    if (root.at("format").as_int64() != 1) return Status::Internal("snapshot: unknown format");
    plant->last_seq_ = root.at("last_seq").to_number<uint64_t>();
    if (!FromHex(std::string_view(root.at("last_hash").as_string()), plant->last_hash_))
      return Status::Internal("snapshot: bad hash");
    const auto& resources = root.at("resources").as_object();
    for (model::Kind k : model::kAllKinds) {
      Status s = VisitKind(k, [&](auto tag) -> Status {
        using T = typename decltype(tag)::type;
        auto& table = plant->md_.table<T>();
        for (const auto& doc : resources.at(model::KindName(k)).as_array()) {
          FieldReader r(doc, "");
          T v;
          TAKT_RETURN_IF_ERROR(model::Decode(r, v));
          TAKT_RETURN_IF_ERROR(model::DecodeMeta(doc.as_object(), v.meta));
          table.emplace_hint(table.end(), v.meta.id, std::move(v));
        }
        return Status::Ok();
      });
      if (!s.ok()) return Status::Internal("snapshot: " + s.ToString());
    }
    for (const auto& uv : root.at("users").as_array()) {
      const auto& u = uv.as_object();
      User user;
      user.name = std::string(u.at("name").as_string());
      auto role = ParseRole(std::string_view(u.at("role").as_string()));
      auto created = ParseIso8601(std::string_view(u.at("created_at").as_string()));
      if (!role || !created) return Status::Internal("snapshot: bad user");
      user.role = *role;
      user.created_at = *created;
      user.token_hash = std::string(u.at("token_hash").as_string());
      plant->users_by_token_[user.token_hash] = user.name;
      plant->users_[user.name] = std::move(user);
    }
  } catch (const std::exception& e) {
    return Status::Internal(std::string("snapshot: ") + e.what());
  }
  return plant;
}

}  // namespace takt::plant
