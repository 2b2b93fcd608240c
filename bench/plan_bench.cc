// Plant scheduling at size: 100 released work orders of 10 operations (1,000 open operations)
// on 10 work centers of 3 work units each. Plans them, records a breakdown of one unit, then
// repairs: the model build, the freeze of unaffected operations, the engine's first repaired
// schedule and its improved one within the repair time limit. Every routing has two branches
// that join at its last step, and with FAMILIES > 0 each step needs one of that many setup
// families, with a 15-minute changeover between families on every unit.
//
//   bench_plan [ORDERS] [PLAN_SECONDS] [REPAIR_SECONDS] [FAMILIES]   (defaults 100, 5, 0.5, 4)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "plan/plan.h"
#include "plant/plant.h"
#include "schedule/checker.h"
#include "schedule/solver.h"

using namespace takt;

namespace {

int64_t now_us = 1'795'000'000'000'000;  // 2026-11-18
plant::Plant plant_state;

void Must(const plant::Command& cmd) {
  auto drafts = plant_state.Execute(cmd, {Timestamp{now_us}, "bench"});
  if (!drafts.ok()) {
    std::fprintf(stderr, "bench_plan: %s\n", drafts.status().ToString().c_str());
    std::exit(1);
  }
  for (auto& d : *drafts) {
    Event e{plant_state.last_seq() + 1, Timestamp{now_us}, "bench", d.type, d.version, d.payload, {}};
    e.hash = ChainHash(plant_state.last_hash(), e);
    if (!plant_state.Apply(e).ok()) std::exit(1);
  }
}

void Create(model::Kind k, const std::string& doc) {
  Must(plant::CreateResource{k, *ParseJson(doc)});
}

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

schedule::Schedule SolveOrDie(const plan::Model& m, double seconds, uint64_t iterations) {
  schedule::SolveOptions o{.time_limit_s = seconds, .seed = 1, .threads = 2, .max_iterations = iterations};
  o.objective = {.makespan_weight = 1, .tardiness_weight = 1};
  auto s = schedule::Solve(m.problem, o);
  if (!s.ok() || !schedule::CheckSchedule(m.problem, *s).ok()) {
    std::fprintf(stderr, "bench_plan: solve failed\n");
    std::exit(1);
  }
  return *s;
}

}  // namespace

int main(int argc, char** argv) {
  const int orders = argc > 1 ? std::atoi(argv[1]) : 100;
  const double plan_s = argc > 2 ? std::atof(argv[2]) : 5;
  const double repair_s = argc > 3 ? std::atof(argv[3]) : 0.5;
  const int families = argc > 4 ? std::atoi(argv[4]) : 4;
  Create(model::Kind::kUnit, R"({"id":"pcs","dimension":"count"})");
  Create(model::Kind::kEquipment, R"({"id":"ENT","level":"enterprise"})");
  Create(model::Kind::kEquipment, R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Paris"})");
  Create(model::Kind::kEquipment, R"({"id":"AREA","level":"area","parent":"SITE"})");
  Create(model::Kind::kSetupMatrix, R"({"id":"SM","rules":[{"from":"*","to":"*","setup_time_s":900}]})");
  Create(model::Kind::kEquipmentClass,
         families > 0 ? R"({"id":"MACHINE","setup_matrix":"SM"})" : R"({"id":"MACHINE"})");
  for (int c = 0; c < 10; ++c) {
    std::string wc = "WC" + std::to_string(c);
    Create(model::Kind::kEquipment, R"({"id":")" + wc + R"(","level":"work_center","parent":"AREA"})");
    for (int u = 0; u < 3; ++u)
      Create(model::Kind::kEquipment, R"({"id":")" + wc + "-U" + std::to_string(u) +
                                          R"(","level":"work_unit","classes":["MACHINE"],"parent":")" + wc + R"("})");
  }
  Create(model::Kind::kMaterialDefinition, R"({"id":"PART","uom":"pcs"})");
  // Ten product definitions, each visiting the ten work centers in its own order: steps 0-4 and
  // 5-8 are two branches (5 starts at once), and step 9 joins them.
  for (int p = 0; p < 10; ++p) {
    std::string ops;
    for (int k = 0; k < 10; ++k) {
      int wc = (k * 3 + p) % 10;
      std::string preds = k == 5 ? R"(,"predecessors":[])" : k == 9 ? R"(,"predecessors":["OP4","OP8"])" : "";
      std::string family = families > 0 ? R"(,"setup_family":"F)" + std::to_string((p + k) % families) + "\"" : "";
      ops += std::string(k ? "," : "") + R"({"id":"OP)" + std::to_string(k) + R"(","work_center":"WC)" +
             std::to_string(wc) + R"(","setup_time_s":)" + std::to_string(300 + 60 * ((p + k) % 5)) +
             R"(,"run_time_per_unit_s":)" + std::to_string(20 + 7 * ((p * k) % 9)) + R"(,"may_pause":true)" + preds +
             family + "}";
    }
    Create(model::Kind::kProductDefinition,
           R"({"id":"PD)" + std::to_string(p) + R"(","product":"PART","routing":[)" + ops + "]}");
  }
  for (int i = 0; i < orders; ++i) {
    std::string id = "WO" + std::to_string(i);
    Timestamp due{now_us + (1 + i % 5) * 86'400'000'000LL};
    Must(
        plant::ProductionCommand{"", "",
                                 plant::production::CreateWorkOrder{.id = id,
                                                                    .product_definition = "PD" + std::to_string(i % 10),
                                                                    .quantity = *Quantity::FromDouble(20 + i % 30),
                                                                    .due = due,
                                                                    .priority = 1 + i % 900,
                                                                    .site = "SITE"}});
    Must(plant::ProductionCommand{id, "", plant::production::ReleaseWorkOrder{}});
  }
  Timestamp now{now_us};
  auto t0 = std::chrono::steady_clock::now();
  plan::Model m = plan::BuildModel(plant_state.state(), now);
  double build = Since(t0);
  auto planned = SolveOrDie(m, plan_s, 0);
  plant::PlanningCommand activate{plant::PlanAction::kActivateSchedule};
  activate.schedule = plan::Activation(m, planned, plant::planning::ScheduleKind::kPlan, {});
  Must(std::move(activate));
  std::printf(
      "plan: %d orders, %d open operations on %d work units, %d setup families: model %.1f ms, solved in %.1f s, "
      "makespan %.1f h\n",
      orders, m.problem.OperationCount(), m.problem.machines, families, build * 1e3, plan_s,
      static_cast<double>(planned.makespan) / 3600);

  // WC3-U0 breaks down for four hours, one hour from now.
  Timestamp from{now_us + 3'600'000'000LL}, to{now_us + 5 * 3'600'000'000LL};
  Must(plant::PlanningCommand{
      plant::PlanAction::kRecordDowntime, "WC3-U0", {from, to, plant::planning::DowntimeKind::kBreakdown}});
  for (uint64_t iterations : {uint64_t{1}, uint64_t{0}}) {
    t0 = std::chrono::steady_clock::now();
    plan::Model r = plan::BuildModel(plant_state.state(), now);
    plan::Scope scope = plan::FreezeUnaffected(plant_state.state(), r);
    double frozen = Since(t0);
    auto repaired = SolveOrDie(r, repair_s, iterations);
    double total = Since(t0);
    std::printf("repair (%s): %d moved, %d kept; model and freeze %.1f ms; total %.3f s; makespan %.1f h\n",
                iterations == 1 ? "first repaired schedule" : "improved within the limit", scope.moved, scope.kept,
                frozen * 1e3, total, static_cast<double>(repaired.makespan) / 3600);
  }
  return 0;
}
