#include "app/demo.h"

#include <cstdio>

#include "plan/planner.h"
#include "plant/production/production.h"
#include "schedule/solver.h"

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
    model::MaterialLot receipt;
    if (Status s = model::Decode(*v, receipt); !s.ok()) return Status::Internal("demo lot: " + s.ToString());
    const std::string id = receipt.id;
    if (rt.Read([&](const plant::Plant& p) { return p.state().inv.Find(id) != nullptr; })) continue;
    auto r = rt.Execute(plant::InventoryCommand{"", std::move(receipt)}, "system:demo");
    if (!r.ok()) return Status::Internal("demo lot '" + id + "': " + r.status().ToString());
    ++created;
  }
  return created;
}

namespace {

using plant::OrderAction;

struct Step {
  OrderAction action;
  const char* order;
  const char* operation;
  std::string body;
};

std::string Due(Timestamp now, int days) {
  return "\"" + FormatIso8601(Timestamp{now.micros + days * 86'400'000'000LL}) + "\"";
}

}  // namespace

// The demo's lathe operator re-certified a month ago if the static demo data has expired by `now`,
// so the order under way can start whatever the date.
Status RecertifyDemoOperator(runtime::Runtime& rt, Timestamp now) {
  auto doc = rt.Read([&](const plant::Plant& p) -> std::optional<json::object> {
    const auto& persons = p.master_data().persons;
    auto it = persons.find("P-1001");
    if (it == persons.end() ||
        plant::production::LacksQualification(p.master_data(), it->second, "CNC-OPERATION", now).empty())
      return std::nullopt;
    return model::Encode(it->second);
  });
  if (!doc) return Status::Ok();
  Timestamp tested{now.micros - 30 * 86'400'000'000LL};
  (*doc)["qualifications"].as_array().push_back(json::object{{"qualification", "CNC-OPERATION"},
                                                             {"result", "pass"},
                                                             {"tested_at", FormatIso8601(tested)},
                                                             {"expires_at", nullptr}});
  auto r = rt.Execute(plant::UpdateResource{model::Kind::kPerson, "P-1001", std::move(*doc)}, "system:demo");
  return r.ok() ? Status::Ok() : r.status();
}

Result<size_t> EnsureDemoOrders(runtime::Runtime& rt, Timestamp now) {
  if (rt.Read([](const plant::Plant& p) { return p.state().prod.Find("WO-2611-001") != nullptr; })) return 0;
  TAKT_RETURN_IF_ERROR(RecertifyDemoOperator(rt, now));
  const std::vector<Step> steps = {
      {OrderAction::kCreate, "", "",
       R"({"id":"WO-2611-001","description":"Shafts for PUMP-100 batch 47","product_definition":"PD-SHAFT-20",
           "quantity":40,"site":"LYON","priority":100,"tolerance":0.05,"due":)" +
           Due(now, 2) + "}"},
      {OrderAction::kCreate, "", "",
       R"({"id":"WO-2611-002","description":"Housings for PUMP-100 batch 47","product_definition":"PD-HOUSING-MACH",
           "quantity":25,"site":"LYON","priority":200,"due":)" +
           Due(now, 4) + "}"},
      {OrderAction::kCreate, "", "",
       R"({"id":"WO-2611-003","description":"PUMP-100 batch 47","product_definition":"PD-PUMP-100","quantity":20,
           "site":"LYON","priority":300,"due":)" +
           Due(now, 9) + "}"},
      {OrderAction::kCreate, "", "",
       R"({"id":"WO-2611-004","description":"V-25 valve bodies for Greenville","product_definition":"PD-VALVE-BODY-25",
           "quantity":30,"site":"LYON","priority":250,"due":)" +
           Due(now, 6) + "}"},
      {OrderAction::kRelease, "WO-2611-001", "", "{}"},
      {OrderAction::kRelease, "WO-2611-002", "", "{}"},
      {OrderAction::kRelease, "WO-2611-004", "", "{}"},
      {OrderAction::kStart, "WO-2611-001", "OP10", R"({"work_unit":"LYON-LATHE-01","operators":["P-1001"]})"},
      {OrderAction::kConsume, "WO-2611-001", "OP10", R"({"lot":"L-STEEL20-2611-001","quantity":12,"uom":"m"})"},
      {OrderAction::kReport, "WO-2611-001", "OP10", R"({"good":12,"scrap":1,"scrap_reason":"chatter marks"})"},
  };
  size_t created = 0;
  for (const Step& s : steps) {
    auto body = ParseJson(s.body);
    if (!body.ok()) return Status::Internal("demo order step: " + body.status().message());
    auto cmd = plant::production::DecodeCommand(s.action, s.order, s.operation, *body);
    if (!cmd.ok()) return Status::Internal("demo order step: " + cmd.status().ToString());
    auto r = rt.Execute(std::move(cmd).value(), "system:demo");
    if (!r.ok()) {
      std::fprintf(stderr, "takt: demo step on %s skipped: %s\n", *s.order ? s.order : "a new order",
                   r.status().message().c_str());
      continue;
    }
    created += s.action == OrderAction::kCreate;
  }
  // A first schedule, so dispatch lists and projected completions show at once. A fixed
  // iteration budget keeps the demo reproducible.
  schedule::SolveOptions o{.time_limit_s = 5, .seed = 1, .threads = 1, .max_iterations = 2000};
  o.objective = {.makespan_weight = 1, .tardiness_weight = 1};
  auto planned = plan::PlanAndActivate(rt, "system:demo", now, {.options = o});
  if (!planned.ok() && !(planned.status().code() == Code::kConflict && planned.status().field().empty()))  // none
    return Status::Internal("demo schedule: " + planned.status().ToString());
  return created;
}

}  // namespace takt::app
