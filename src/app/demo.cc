#include "app/demo.h"

namespace takt::app {

Result<size_t> EnsureDemoPlant(runtime::Runtime& rt) {
  auto docs = DemoPlantDocuments();
  size_t created = 0;
  for (const auto& d : docs) {
    auto v = ParseJson(d.json);
    if (!v.ok()) return Status::Internal("demo document: " + v.status().message());
    const std::string id(v->as_object().at("id").as_string());
    bool exists = rt.Read([&](const plant::Plant& p) {
      return plant::VisitKind(d.kind, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return p.master_data().table<T>().count(id) > 0;
      });
    });
    if (exists) continue;
    auto r = rt.Execute(plant::CreateResource{d.kind, std::move(v).value()}, "system:demo");
    if (!r.ok())
      return Status::Internal("demo " + std::string(model::KindName(d.kind)) + " '" + id +
                              "': " + r.status().ToString());
    ++created;
  }
  for (const auto& text : DemoLotReceipts()) {
    auto v = ParseJson(text);
    if (!v.ok()) return Status::Internal("demo lot: " + v.status().message());
    const std::string id(v->as_object().at("id").as_string());
    if (rt.Read([&](const plant::Plant& p) { return p.state().inv.Find(id) != nullptr; })) continue;
    auto r = rt.Execute(plant::InventoryCommand{plant::LotAction::kReceive, id, std::move(v).value()}, "system:demo");
    if (!r.ok()) return Status::Internal("demo lot '" + id + "': " + r.status().ToString());
    ++created;
  }
  return created;
}

}  // namespace takt::app
