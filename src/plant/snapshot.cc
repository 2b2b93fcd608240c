// Snapshots: the whole plant state as one JSON document, so restart replays only the tail.
#include "plant/inventory/inventory.h"
#include "plant/performance/codec.h"
#include "plant/planning/planning.h"
#include "plant/plant.h"
#include "plant/production/production.h"

namespace takt::plant {
namespace {

// What the journal builds beside each order: busy work units, open reservations and the lot
// links of its consumptions.
void RestoreProjections(State& st, const production::WorkOrder& wo) {
  for (const auto& op : wo.operations) {
    if (wo.Active() && (op.status == production::OpStatus::kRunning || op.status == production::OpStatus::kPaused))
      st.prod.busy_units[op.work_unit] = wo.id;
    for (const auto& c : op.consumed) {
      if (!c.output.empty()) st.graph.AddLink(st.graph.Intern(c.lot), st.graph.Intern(c.output));
    }
  }
  for (const auto& [lot, q] : wo.inputs)
    for (const auto& out : wo.outputs) st.graph.AddLink(st.graph.Intern(lot), st.graph.Intern(out));
  for (const auto& n : wo.materials)
    if (n.open().positive()) st.inv.reserved[{wo.site, n.material}] += n.open();
}

constexpr int64_t kFormat = 6;

}  // namespace

std::string Plant::Snapshot() const {
  json::object root;
  // 4: planning.revision. 5: quantities as integer micro-units (exact over the stored range),
  // lots with their holds and shipments, containment cases. 6: each lot's history (the events
  // that changed it).
  root["format"] = kFormat;
  root["last_seq"] = last_seq_;
  root["last_hash"] = ToHex(last_hash_);
  json::object resources;
  for (model::Kind k : model::kAllKinds) {
    VisitKind(k, [&](auto tag) {
      using T = typename decltype(tag)::type;
      json::array a;
      for (const auto& [id, v] : st_.md.table<T>()) a.push_back(model::Encode(v));
      resources[model::KindName(k)] = std::move(a);
    });
  }
  root["resources"] = std::move(resources);
  json::array lots, orders;
  json::array containments;
  for (const auto& [id, lot] : st_.inv.lots) lots.push_back(inventory::Encode(lot, QtyForm::kMicros));
  for (const auto& [id, wo] : st_.prod.orders) orders.push_back(production::Encode(wo, QtyForm::kMicros));
  for (const auto& [id, c] : st_.inv.containments) containments.push_back(inventory::Encode(c));
  root["lots"] = std::move(lots);
  root["work_orders"] = std::move(orders);
  root["containments"] = std::move(containments);
  root["next_containment"] = st_.inv.next_containment;
  root["planning"] = planning::Encode(st_.planning);
  root["performance"] = performance::Encode(st_.perf);
  root["users"] = users_.Encode();
  return Serialize(root);
}

Result<std::unique_ptr<Plant>> Plant::Restore(std::string_view text) {
  auto parsed = ParseJson(text);
  if (!parsed.ok()) return Status::Internal("snapshot: " + parsed.status().message());
  auto plant = std::make_unique<Plant>();
  try {
    const auto& root = parsed->as_object();
    int64_t format = root.at("format").as_int64();
    // Older snapshots lack what replay rebuilds (the planning revision; lots' holds, shipments,
    // exact sums and histories): the runtime replays then, once, and the next snapshot is of this
    // format.
    if (format != kFormat)
      return Status::Internal("snapshot: format " + std::to_string(format) + ", this build reads " +
                              std::to_string(kFormat));
    plant->last_seq_ = root.at("last_seq").to_number<uint64_t>();
    if (!FromHex(std::string_view(root.at("last_hash").as_string()), plant->last_hash_))
      return Status::Internal("snapshot: bad hash");
    const auto& resources = root.at("resources").as_object();
    for (model::Kind k : model::kAllKinds) {
      Status s = VisitKind(k, [&](auto tag) -> Status {
        using T = typename decltype(tag)::type;
        auto& table = plant->st_.md.table<T>();
        const json::value* docs = resources.if_contains(model::KindName(k));
        if (!docs) return Status::Ok();  // a kind newer than the snapshot
        for (const auto& doc : docs->as_array()) {
          T v;
          TAKT_RETURN_IF_ERROR(model::Decode(doc, v));
          TAKT_RETURN_IF_ERROR(model::DecodeMeta(doc.as_object(), v.meta));
          table.emplace_hint(table.end(), v.meta.id, std::move(v));
        }
        return Status::Ok();
      });
      if (!s.ok()) return Status::Internal("snapshot: " + s.ToString());
    }
    State& st = plant->st_;
    for (const auto& v : root.at("lots").as_array()) {
      auto lot = inventory::DecodeLot(v, QtyForm::kMicros);
      if (!lot.ok()) return Status::Internal("snapshot: " + lot.status().ToString());
      st.inv.Add(std::move(lot).value());
    }
    for (const auto& v : root.at("work_orders").as_array()) {
      auto wo = production::DecodeOrder(v, QtyForm::kMicros);
      if (!wo.ok()) return Status::Internal("snapshot: " + wo.status().ToString());
      RestoreProjections(st, *wo);
      std::string id = wo->id;
      st.prod.orders.emplace(std::move(id), std::move(wo).value());
    }
    for (const auto& v : root.at("containments").as_array()) {
      auto c = inventory::DecodeContainment(v);
      if (!c.ok()) return Status::Internal("snapshot: " + c.status().ToString());
      std::string id = c->id;
      st.inv.containments.emplace(std::move(id), std::move(c).value());
    }
    st.inv.next_containment = root.at("next_containment").to_number<int64_t>();
    auto planning = planning::DecodePlanning(root.at("planning"));
    if (!planning.ok()) return Status::Internal("snapshot: " + planning.status().ToString());
    st.planning = std::move(planning).value();
    if (Status s = performance::Decode(root.at("performance"), st.perf); !s.ok())
      return Status::Internal("snapshot: " + s.ToString());
    if (Status s = plant->users_.Decode(root.at("users").as_array()); !s.ok())
      return Status::Internal("snapshot: " + s.ToString());
  } catch (const std::exception& e) {
    return Status::Internal(std::string("snapshot: ") + e.what());
  }
  return plant;
}

}  // namespace takt::plant
