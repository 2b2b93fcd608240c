#include "plant/plant.h"

#include "plant/inventory/inventory.h"
#include "plant/masterdata/rules.h"
#include "plant/masterdata/state_models.h"
#include "plant/performance/performance.h"
#include "plant/planning/planning.h"
#include "plant/production/production.h"

namespace takt::plant {
namespace {

using model::Kind;

constexpr std::string_view kReadOnlyMeta[] = {"version", "retired", "created_at", "updated_at", "updated_by"};

// The document stored in an event: what was decoded, without bookkeeping.
template <typename T>
json::object EventDoc(const T& v) {
  json::object o = model::Encode(v);
  for (auto k : kReadOnlyMeta) o.erase(k);
  return o;
}

std::string Payload(json::object o) {
  return Serialize(o);
}

template <typename T>
Result<T> DecodeDoc(const json::value& doc) {
  T v;
  TAKT_RETURN_IF_ERROR(model::Decode(doc, v));
  return v;
}

Result<std::vector<EventDraft>> Create(const MasterData& md, const CreateResource& c) {
  return VisitKind(c.kind, [&](auto tag) -> Result<std::vector<EventDraft>> {
    using T = typename decltype(tag)::type;
    auto v = DecodeDoc<T>(c.doc);
    if (!v.ok()) return v.status();
    if (md.table<T>().count(v->meta.id))
      return Status::Conflict(std::string(model::KindName(c.kind)) + " '" + v->meta.id + "' already exists", "id");
    if (c.kind == Kind::kStateModel && FindBuiltinStateModel(v->meta.id)) return BuiltinIsReadOnly(v->meta.id);
    TAKT_RETURN_IF_ERROR(Check(md, *v, nullptr));
    json::object p{{"kind", model::KindName(c.kind)}, {"doc", EventDoc(*v)}};
    return std::vector<EventDraft>{{"resource.created", 1, Payload(std::move(p))}};
  });
}

Result<std::vector<EventDraft>> Update(const MasterData& md, const UpdateResource& u) {
  return VisitKind(u.kind, [&](auto tag) -> Result<std::vector<EventDraft>> {
    using T = typename decltype(tag)::type;
    const auto& table = md.table<T>();
    auto it = table.find(u.id);
    if (u.kind == Kind::kStateModel && IsBuiltinStateModel(md, u.id)) return BuiltinIsReadOnly(u.id);
    if (it == table.end())
      return Status::NotFound("no " + std::string(model::KindName(u.kind)) + " '" + u.id + "'", "id");
    const T& old = it->second;
    const json::object* obj = u.doc.if_object();
    if (!obj) return Status::Invalid("expected a JSON object", "");
    auto ver = obj->find("version");
    if (ver == obj->end() || !ver->value().is_int64())
      return Status::Invalid("give the version you are updating (integer) for optimistic concurrency", "version");
    if (ver->value().get_int64() != old.meta.version)
      return Status::Conflict("stale version " + std::to_string(ver->value().get_int64()) + ": current is " +
                                  std::to_string(old.meta.version),
                              "version");
    if (old.meta.retired) return Status::Conflict("'" + u.id + "' is retired", "id");
    json::value doc = u.doc;
    auto& o = doc.as_object();
    if (auto id = o.find("id"); id != o.end() && !(id->value().is_string() && id->value().get_string() == u.id))
      return Status::Invalid("id in the body differs from the id in the path", "id");
    o["id"] = u.id;
    auto v = DecodeDoc<T>(doc);
    if (!v.ok()) return v.status();
    TAKT_RETURN_IF_ERROR(Check(md, *v, &old));
    json::object p{{"kind", model::KindName(u.kind)}, {"version", old.meta.version + 1}, {"doc", EventDoc(*v)}};
    return std::vector<EventDraft>{{"resource.updated", 1, Payload(std::move(p))}};
  });
}

Result<std::vector<EventDraft>> Retire(const MasterData& md, const RetireResource& r) {
  return VisitKind(r.kind, [&](auto tag) -> Result<std::vector<EventDraft>> {
    using T = typename decltype(tag)::type;
    const auto& table = md.table<T>();
    auto it = table.find(r.id);
    if (r.kind == Kind::kStateModel && IsBuiltinStateModel(md, r.id)) return BuiltinIsReadOnly(r.id);
    if (it == table.end())
      return Status::NotFound("no " + std::string(model::KindName(r.kind)) + " '" + r.id + "'", "id");
    const auto& meta = it->second.meta;
    if (meta.retired) return Status::Conflict("'" + r.id + "' is already retired", "id");
    if (r.expected_version && *r.expected_version != meta.version)
      return Status::Conflict("stale version: current is " + std::to_string(meta.version), "version");
    TAKT_RETURN_IF_ERROR(CheckRetire(md, r.kind, r.id));
    json::object p{{"kind", model::KindName(r.kind)}, {"id", r.id}, {"version", meta.version + 1}};
    return std::vector<EventDraft>{{"resource.retired", 1, Payload(std::move(p))}};
  });
}

}  // namespace

Result<std::vector<EventDraft>> Plant::Execute(const Command& cmd, const Context& ctx) const {
  if (auto* i = std::get_if<InventoryCommand>(&cmd)) return inventory::Execute(st_, *i, ctx);
  if (auto* c = std::get_if<ContainmentCommand>(&cmd)) return inventory::Execute(st_, *c, ctx);
  if (auto* p = std::get_if<ProductionCommand>(&cmd)) return production::Execute(st_, *p, ctx);
  if (auto* p = std::get_if<PlanningCommand>(&cmd)) return planning::Execute(st_, *p, ctx);
  if (auto* m = std::get_if<MachineDataCommand>(&cmd)) return performance::Execute(st_, *m, ctx);
  if (auto* c = std::get_if<ClassifyStop>(&cmd)) return performance::Execute(st_, *c, ctx);
  if (auto* c = std::get_if<CreateResource>(&cmd)) return Create(st_.md, *c);
  if (auto* u = std::get_if<UpdateResource>(&cmd)) return Update(st_.md, *u);
  if (auto* r = std::get_if<RetireResource>(&cmd)) return Retire(st_.md, *r);
  if (auto* a = std::get_if<AddUser>(&cmd)) return users_.Execute(*a);
  if (auto* c = std::get_if<ChangeUser>(&cmd)) return users_.Execute(*c);
  return users_.Execute(std::get<IssueToken>(cmd));
}

Status Plant::Apply(const Event& e) {
  if (e.seq != last_seq_ + 1)
    return Status::Internal("event " + std::to_string(e.seq) + " follows " + std::to_string(last_seq_));
  auto parsed = ParseJson(e.payload);
  if (!parsed.ok() || !parsed->is_object()) return Status::Internal("event " + std::to_string(e.seq) + ": bad payload");
  const json::object& p = parsed->get_object();
  const std::string& t = e.type;
  Status s = t.starts_with("lot.") || t.starts_with("containment.")      ? inventory::Apply(st_, e, p)
             : t.starts_with("resource.")                                ? ApplyResource(e, p)
             : t.starts_with("user.")                                    ? users_.Apply(e, p)
             : t.starts_with("equipment.") || t.starts_with("schedule.") ? planning::Apply(st_, e, p)
             : t.starts_with("work_order.") || t.starts_with("operation.") || t.starts_with("material.")
                 ? production::Apply(st_, e, p)
             : t.starts_with("machine_data.") || t.starts_with("stop.") ? performance::Apply(st_, e, p)
                                                                        : Status::Internal("unknown event type " + t);
  if (s.ok() && t.starts_with("operation.")) performance::OnOperation(st_, e, p);
  if (s.ok()) performance::MarkStale(st_, e, p);
  if (!s.ok()) return Status::Internal("event " + std::to_string(e.seq) + " (" + e.type + "): " + s.message());
  last_seq_ = e.seq;
  last_hash_ = e.hash;
  return Status::Ok();
}

Status Plant::ApplyResource(const Event& e, const json::object& p) {
  if (e.version != 1) return Status::Internal("unsupported version " + std::to_string(e.version));
  const json::value* kv = p.if_contains("kind");
  if (kv && kv->is_string() && kv->get_string() == "material_lot") return inventory::ApplyLegacyLotResource(st_, e, p);
  auto kind = kv && kv->is_string() ? model::ParseKindName(kv->get_string()) : std::nullopt;
  if (!kind) return Status::Internal("unknown kind");
  // What the planner reads of master data: which units there are and what they can run, their
  // calendars and changeovers. A schedule computed before such a change is stale.
  using model::Kind;
  if (*kind == Kind::kEquipment || *kind == Kind::kEquipmentClass || *kind == Kind::kShiftCalendar ||
      *kind == Kind::kSetupMatrix)
    ++st_.planning.revision;
  return VisitKind(*kind, [&](auto tag) -> Status {
    using T = typename decltype(tag)::type;
    auto& table = st_.md.table<T>();
    if (e.type == "resource.retired") {
      auto it = table.find(std::string_view(p.at("id").as_string()));
      if (it == table.end()) return Status::Internal("retired resource does not exist");
      it->second.meta.retired = true;
      it->second.meta.version += 1;
      it->second.meta.updated_at = e.time;
      it->second.meta.updated_by = e.actor;
      return Status::Ok();
    }
    const json::value* doc = p.if_contains("doc");
    if (!doc) return Status::Internal("missing doc");
    auto v = DecodeDoc<T>(*doc);
    if (!v.ok()) return v.status();
    v->meta.updated_at = e.time;
    v->meta.updated_by = e.actor;
    auto it = table.find(v->meta.id);
    if (e.type == "resource.created") {
      if (it != table.end()) return Status::Internal("created resource exists");
      v->meta.version = 1;
      v->meta.created_at = e.time;
      table.emplace(v->meta.id, std::move(*v));
      return Status::Ok();
    }
    if (e.type != "resource.updated") return Status::Internal("unknown type");
    if (it == table.end()) return Status::Internal("updated resource does not exist");
    v->meta.version = it->second.meta.version + 1;
    v->meta.created_at = it->second.meta.created_at;
    it->second = std::move(*v);
    return Status::Ok();
  });
}

void Plant::SettleIndexes() {
  performance::Settle(st_);
}

}  // namespace takt::plant
