// Scheduling over real HTTP: plan the released orders, read the projected completions, follow
// the schedule in dispatch lists, and repair it when a work unit breaks down.
#include <boost/json.hpp>
#include <map>
#include <set>
#include <tuple>

#include "api/fixture.h"
#include "core/time.h"

namespace takt::test {
namespace {

class ScheduleApi : public ServerTest {
 protected:
  void Seed() {
    auto c = Client();
    ASSERT_EQ(c.Post("/api/v1/units", R"({"id":"pcs","dimension":"count"})").status, 201);
    ASSERT_EQ(c.Post("/api/v1/equipment-classes", R"({"id":"LATHE"})").status, 201);
    for (const char* doc : {
             R"({"id":"ENT","level":"enterprise"})",
             R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Paris"})",
             R"({"id":"AREA","level":"area","parent":"SITE"})",
             R"({"id":"WC","level":"work_center","parent":"AREA"})",
             R"({"id":"L1","level":"work_unit","parent":"WC","classes":["LATHE"]})",
             R"({"id":"L2","level":"work_unit","parent":"WC","classes":["LATHE"]})",
         })
      ASSERT_EQ(c.Post("/api/v1/equipment", doc).status, 201) << doc;
    ASSERT_EQ(c.Post("/api/v1/material-definitions", R"({"id":"PIN","uom":"pcs"})").status, 201);
    ASSERT_EQ(c.Post("/api/v1/product-definitions", R"({"id":"PD","product":"PIN","routing":[
        {"id":"OP10","equipment_class":"LATHE","setup_time_s":300,"run_time_per_unit_s":60},
        {"id":"OP20","equipment_class":"LATHE","run_time_per_unit_s":30,"may_pause":true}]})")
                  .status,
              201);
    for (int i = 0; i < 6; ++i) {
      std::string id = "WO-" + std::to_string(i);
      ASSERT_EQ(c.Post("/api/v1/work-orders",
                       R"({"id":")" + id + R"(","product_definition":"PD","quantity":)" + std::to_string(5 + 5 * i) +
                           R"(,"due":"2099-01-01","site":"SITE","priority":)" + std::to_string(100 + i) + "}")
                    .status,
                201);
      ASSERT_EQ(c.Post("/api/v1/work-orders/" + id + "/release", "{}").status, 200);
    }
  }
};

TEST_F(ScheduleApi, PlanDispatchAndRepairAfterABreakdown) {
  Seed();
  auto sup = Client("supervisor");
  EXPECT_EQ(sup.Get("/api/v1/schedules/active").status, 404);
  EXPECT_EQ(sup.Post("/api/v1/schedules/repair", "{}").status, 409);  // nothing to repair yet
  EXPECT_EQ(Client("operator").Post("/api/v1/schedules", "{}").status, 403);
  EXPECT_EQ(sup.Post("/api/v1/schedules", R"({"time_limit_s":-1})").error_field(), "time_limit_s");

  auto planned = sup.Post("/api/v1/schedules", R"({"time_limit_s":1})");
  ASSERT_EQ(planned.status, 201) << planned.body;
  // Objective weights and a frozen horizon are checked field by field.
  for (auto [body, field] : std::vector<std::pair<const char*, const char*>>{
           {R"({"frozen_horizon_s":-1})", "frozen_horizon_s"},
           {R"({"objective":{"tardiness_weight":-1}})", "objective.tardiness_weight"},
           {R"({"objective":{"makespan_weight":0,"tardiness_weight":0}})", "objective.makespan_weight"},
           {R"({"objective":{"makespan":1}})", "objective.makespan"}})
    EXPECT_EQ(sup.Post("/api/v1/schedules", body).error_field(), field) << body;
  EXPECT_EQ(sup.Post("/api/v1/schedules/repair", R"({"frozen_horizon_s":60})").error_field(), "frozen_horizon_s");
  auto frozen = sup.Post("/api/v1/schedules",
                         R"({"time_limit_s":1,"frozen_horizon_s":86400,"objective":{"tardiness_weight":0}})");
  ASSERT_EQ(frozen.status, 201) << frozen.body;
  // Everything starts within a day; what the first plan put at its own start is late by now and
  // planned again with what follows it.
  EXPECT_EQ(frozen.json().at("kind"), "plan");
  EXPECT_GT(frozen.json().at("kept").as_int64(), 0);
  EXPECT_EQ(frozen.json().at("kept").as_int64() + frozen.json().at("moved").as_int64(), 12);
  planned = sup.Get("/api/v1/schedules/active");
  EXPECT_EQ(planned.json().at("kind"), "plan");
  EXPECT_EQ(planned.json().at("operations").as_array().size(), 12u);
  ASSERT_EQ(planned.json().at("orders").as_array().size(), 6u);
  for (const auto& o : planned.json().at("orders").as_array()) EXPECT_EQ(o.at("on_time"), true);

  // A unit's dispatch list is the schedule's sequence for that unit.
  auto l1 = sup.Get("/api/v1/dispatch?work_unit=L1");
  ASSERT_EQ(l1.status, 200);
  for (const auto& item : l1.json().at("items").as_array()) EXPECT_EQ(item.at("scheduled_unit"), "L1");

  // L1 breaks down for a day from now: the downtime is recorded and the schedule repaired.
  auto down = sup.Post("/api/v1/equipment/L1/downtime",
                       R"({"start":"2020-01-01T00:00:00Z","end":"2099-01-02T00:00:00Z","kind":"breakdown",
                           "reason":"spindle bearing"})");
  ASSERT_EQ(down.status, 201) << down.body;
  const auto& repaired = down.json().at("schedule");
  ASSERT_TRUE(repaired.is_object()) << down.body;
  EXPECT_EQ(repaired.at("kind"), "repair");
  EXPECT_GT(repaired.at("moved").to_number<int64_t>(), 0);
  for (const auto& op : repaired.at("operations").as_array()) EXPECT_EQ(op.at("work_unit"), "L2") << op;
  EXPECT_EQ(sup.Get("/api/v1/schedules/active").json().at("kind"), "repair");
  // Material for WO-5 arrives late: its new earliest start holds it back in the next repair.
  EXPECT_EQ(sup.Post("/api/v1/work-orders/WO-5/reschedule", R"({"earliest_start":"tomorrow","reason":"late bar"})")
                .error_field(),
            "earliest_start");
  EXPECT_EQ(Client("operator").Post("/api/v1/work-orders/WO-5/reschedule", R"({"priority":1,"reason":"x"})").status,
            403);
  auto late = sup.Post("/api/v1/work-orders/WO-5/reschedule",
                       R"({"earliest_start":"2099-01-03T00:00:00Z","reason":"bar stock delayed"})");
  ASSERT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(sup.Get("/api/v1/work-orders/WO-5").json().at("earliest_start"), "2099-01-03T00:00:00Z");
  auto again = sup.Post("/api/v1/schedules/repair", "{}");
  ASSERT_EQ(again.status, 201) << again.body;
  for (const auto& op : again.json().at("operations").as_array())
    if (op.at("order") == "WO-5") {
      EXPECT_GE(std::string(op.at("start").as_string()), "2099-01-03T00:00:00Z") << op;
    }
  EXPECT_EQ(sup.Post("/api/v1/equipment/NOPE/downtime",
                     R"({"start":"2026-01-01T00:00:00Z","end":"2026-01-02T00:00:00Z","kind":"breakdown"})")
                .status,
            404);
  EXPECT_EQ(sup.Post("/api/v1/equipment/L2/downtime",
                     R"({"start":"2026-01-02T00:00:00Z","end":"2026-01-01T00:00:00Z","kind":"breakdown"})")
                .error_field(),
            "end");
}

// The bodies of the planning routes are checked as described; the document describes them.
TEST_F(ScheduleApi, PlanningBodiesAreDescribed) {
  auto sup = Client("supervisor");
  for (auto [path, body, field] : std::vector<std::tuple<const char*, const char*, const char*>>{
           {"/api/v1/schedules", R"({"seed":-1})", "seed"},
           {"/api/v1/schedules", R"({"time_limit_s":0})", "time_limit_s"},
           {"/api/v1/schedules", R"({"objective":{"tardiness_weight":"high"}})", "objective.tardiness_weight"},
           {"/api/v1/schedules/repair", R"({"objective":[]})", "objective"},
           {"/api/v1/equipment/L1/downtime", R"({"start":"2026-01-01T00:00:00Z","end":"2026-01-02T00:00:00Z"})",
            "kind"},
           {"/api/v1/equipment/L1/downtime",
            R"({"start":"2026-01-01T00:00:00Z","end":"2026-01-02T00:00:00Z","kind":"strike"})", "kind"},
           {"/api/v1/equipment/L1/downtime",
            R"({"start":"2026-01-01T00:00:00Z","end":"2026-01-02T00:00:00Z","kind":"other","repair":"no"})",
            "repair"}}) {
    auto r = sup.Post(path, body);
    EXPECT_EQ(r.status, 400) << path << " " << body << " " << r.body;
    EXPECT_EQ(r.error_field(), field) << path << " " << body;
  }
  // Every field of a plan may be left out, and so may the body.
  EXPECT_EQ(sup.Post("/api/v1/schedules/repair", "").error_field(), "schedule");  // 409: nothing to repair yet

  auto doc = sup.Get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  const auto& paths = doc.json().at("paths");
  for (auto [method, path, request, reply] :
       std::vector<std::tuple<const char*, const char*, const char*, const char*>>{
           {"post", "/api/v1/schedules", "PlanSchedule", "ScheduleOutcome"},
           {"get", "/api/v1/schedules/active", nullptr, "Schedule"},
           {"post", "/api/v1/schedules/repair", "RepairSchedule", "ScheduleOutcome"},
           {"post", "/api/v1/equipment/{id}/downtime", "RecordDowntime", "DowntimeRecorded"}}) {
    const auto& op = paths.at(path).at(method).as_object();
    if (request)
      EXPECT_EQ(op.at("requestBody").at("content").at("application/json").at("schema").at("$ref").as_string(),
                std::string("#/components/schemas/") + request)
          << path;
    const auto& ok = op.at("responses").as_object().begin()->value();
    EXPECT_EQ(ok.at("content").at("application/json").at("schema").at("$ref").as_string(),
              std::string("#/components/schemas/") + reply)
        << path;
  }
}

// Branches and changeovers over HTTP: a setup matrix named by the lathes' class, a routing with
// two branches and setup families. The dispatch list offers both branches at once, the plan
// runs them in parallel, and each planned operation carries its changeover.
TEST_F(ScheduleApi, BranchesAndChangeoversOverHttp) {
  Seed();
  auto c = Client();
  EXPECT_EQ(c.Post("/api/v1/setup-matrices", R"({"id":"SM","rules":[{"from":"*","to":"*","setup_time_s":-5}]})")
                .error_field(),
            "rules[0].setup_time_s");
  ASSERT_EQ(
      c.Post("/api/v1/setup-matrices", R"({"id":"SM","rules":[{"from":"*","to":"*","setup_time_s":900}]})").status,
      201);
  ASSERT_EQ(c.Put("/api/v1/equipment-classes/LATHE", R"({"version":1,"setup_matrix":"SM"})").status, 200);
  ASSERT_EQ(c.Post("/api/v1/material-definitions", R"({"id":"AXLE","uom":"pcs"})").status, 201);
  EXPECT_EQ(c.Post("/api/v1/product-definitions", R"({"id":"PD-AXLE","product":"AXLE","routing":[
        {"id":"LEFT","equipment_class":"LATHE","run_time_per_unit_s":60},
        {"id":"RIGHT","equipment_class":"LATHE","run_time_per_unit_s":60,"predecessors":["JOIN"]},
        {"id":"JOIN","equipment_class":"LATHE","run_time_per_unit_s":30}]})")
                .error_field(),
            "routing[1].predecessors[0]");
  ASSERT_EQ(c.Post("/api/v1/product-definitions", R"({"id":"PD-AXLE","product":"AXLE","routing":[
        {"id":"LEFT","equipment_class":"LATHE","run_time_per_unit_s":60,"setup_family":"D20"},
        {"id":"RIGHT","equipment_class":"LATHE","run_time_per_unit_s":60,"setup_family":"D30","predecessors":[]},
        {"id":"JOIN","equipment_class":"LATHE","run_time_per_unit_s":30,"setup_family":"D30",
         "predecessors":["LEFT","RIGHT"]}]})")
                .status,
            201);
  ASSERT_EQ(c.Post("/api/v1/work-orders",
                   R"({"id":"AX-1","product_definition":"PD-AXLE","quantity":10,"due":"2099-01-01","site":"SITE"})")
                .status,
            201);
  ASSERT_EQ(c.Post("/api/v1/work-orders/AX-1/release", "{}").status, 200);
  std::set<std::string> ready;
  auto dispatch = c.Get("/api/v1/dispatch?work_center=WC");
  for (const auto& item : dispatch.json().at("items").as_array())
    if (item.at("order") == "AX-1") ready.insert(std::string(item.at("operation").as_string()));
  EXPECT_EQ(ready, (std::set<std::string>{"LEFT", "RIGHT"}));
  auto planned = c.Post("/api/v1/schedules", R"({"time_limit_s":1})");
  ASSERT_EQ(planned.status, 201) << planned.body;
  std::map<std::string, boost::json::object> ops;
  for (const auto& op : planned.json().at("operations").as_array())
    if (op.at("order") == "AX-1") ops[std::string(op.at("operation").as_string())] = op.as_object();
  ASSERT_EQ(ops.size(), 3u) << planned.body;
  EXPECT_LT(std::string(ops["LEFT"].at("start").as_string()), std::string(ops["RIGHT"].at("end").as_string()));
  EXPECT_LT(std::string(ops["RIGHT"].at("start").as_string()), std::string(ops["LEFT"].at("end").as_string()));
  EXPECT_GE(std::string(ops["JOIN"].at("start").as_string()), std::string(ops["LEFT"].at("end").as_string()));
  for (const auto& [id, op] : ops) EXPECT_TRUE(op.at("changeover_s").is_int64()) << id;
}

// The planned slot of `order`'s `operation` in a schedule reply.
boost::json::object SlotOf(const boost::json::value& schedule, const char* order, const char* operation) {
  for (const auto& op : schedule.at("operations").as_array())
    if (op.at("order") == order && op.at("operation") == operation) return op.as_object();
  ADD_FAILURE() << order << " " << operation << " is not planned";
  return {};
}

std::string Later(const boost::json::value& iso, int64_t seconds) {
  auto t = ParseIso8601(std::string_view(iso.as_string()));
  EXPECT_TRUE(t.has_value());
  return FormatIso8601(Timestamp{t->micros + seconds * 1'000'000});
}

// A supervisor drags an operation to the other lathe, two hours after what it waits for: it is
// fixed there, the schedule is repaired around it, and later repairs and plans keep it. A move
// the plan could not keep is refused (422) with its field; roles that may not plan get 403.
TEST_F(ScheduleApi, AMovedOperationIsFixedAndTheRestRepairedAroundIt) {
  Seed();
  auto sup = Client("supervisor");
  const std::string path = "/api/v1/schedules/active/fix";
  auto fix = [&](const std::string& order, const std::string& op, const boost::json::value& unit,
                 const boost::json::value& at) {
    return sup.Post(path, boost::json::serialize(boost::json::object{
                              {"order", order}, {"operation", op}, {"work_unit", unit}, {"start", at}}));
  };
  EXPECT_EQ(fix("WO-3", "OP20", "L1", "2099-01-01T00:00:00Z").error_field(), "schedule");  // 409: plan first
  auto planned = sup.Post("/api/v1/schedules", R"({"time_limit_s":1})");
  ASSERT_EQ(planned.status, 201) << planned.body;
  const auto was = SlotOf(planned.json(), "WO-3", "OP20");
  EXPECT_EQ(was.at("fixed"), false);
  EXPECT_EQ(was.at("eligible_units"), boost::json::value(boost::json::array{"L1", "L2"}));
  const boost::json::value other = was.at("work_unit") == "L1" ? "L2" : "L1";
  const boost::json::value at(Later(SlotOf(planned.json(), "WO-3", "OP10").at("end"), 7200));

  auto moved = fix("WO-3", "OP20", other, at);
  ASSERT_EQ(moved.status, 201) << moved.body;
  EXPECT_EQ(moved.json().at("work_unit"), other);
  EXPECT_EQ(moved.json().at("start"), at);
  const auto& repaired = moved.json().at("schedule");
  ASSERT_TRUE(repaired.is_object() && repaired.as_object().contains("kind")) << moved.body;
  EXPECT_EQ(repaired.at("kind"), "repair");
  auto slot = SlotOf(repaired, "WO-3", "OP20");
  EXPECT_EQ(slot.at("work_unit"), other);
  EXPECT_EQ(slot.at("start"), at);
  EXPECT_EQ(slot.at("fixed"), true);
  // Nothing else on that lathe overlaps it.
  for (const auto& op : repaired.at("operations").as_array())
    if (op.at("work_unit") == other && op != boost::json::value(slot)) {
      EXPECT_TRUE(std::string(op.at("end").as_string()) <= std::string(at.as_string()) ||
                  std::string(op.at("start").as_string()) >= std::string(slot.at("end").as_string()))
          << op;
    }
  // The next repair and plan keep it.
  auto again = sup.Post("/api/v1/schedules/repair", "{}");
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(SlotOf(again.json(), "WO-3", "OP20").at("start"), at);
  auto replanned = sup.Post("/api/v1/schedules", R"({"time_limit_s":1})");
  ASSERT_EQ(replanned.status, 201) << replanned.body;
  EXPECT_EQ(replanned.json().at("kind"), "plan");
  slot = SlotOf(replanned.json(), "WO-3", "OP20");
  EXPECT_EQ(slot.at("work_unit"), other);
  EXPECT_EQ(slot.at("start"), at);
  EXPECT_EQ(slot.at("fixed"), true);
  EXPECT_EQ(SlotOf(sup.Get("/api/v1/schedules/active").json(), "WO-3", "OP20").at("fixed"), true);

  // Refused, with the field to correct; nothing recorded.
  const uint64_t head = JournalHead();
  auto refused = fix("WO-3", "OP20", "NOPE", at);
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.error_field(), "work_unit");
  const boost::json::value early(Later(SlotOf(replanned.json(), "WO-3", "OP10").at("end"), -60));
  refused = fix("WO-3", "OP20", other, early);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.error_field(), "start");
  EXPECT_NE(refused.body.find("comes first"), std::string::npos) << refused.body;
  EXPECT_EQ(fix("WO-3", "OP20", other, "2001-01-01T00:00:00Z").error_field(), "start");  // in the past
  EXPECT_EQ(fix("WO-9", "OP20", other, at).error_field(), "order");
  EXPECT_EQ(fix("WO-3", "OP99", other, at).error_field(), "operation");
  EXPECT_EQ(JournalHead(), head);
  // Bodies are checked as described.
  EXPECT_EQ(sup.Post(path, R"({"order":"WO-3","operation":"OP20","work_unit":"L1"})").error_field(), "start");
  EXPECT_EQ(sup.Post(path, R"({"order":"WO-3","operation":"OP20","work_unit":"L 1","start":")" +
                               std::string(at.as_string()) + R"("})")
                .error_field(),
            "work_unit");
  EXPECT_EQ(sup.Post(path, R"({"order":"WO-3","operation":"OP20","work_unit":"L1","start":"soon"})").error_field(),
            "start");
  for (const char* role : {"operator", "viewer"})
    EXPECT_EQ(Client(role)
                  .Post(path, R"({"order":"WO-3","operation":"OP20","work_unit":"L1","start":")" +
                                  std::string(at.as_string()) + R"("})")
                  .status,
              403)
        << role;
}

// When work units cannot work, as the Gantt shows it: recorded downtime with its id and reason,
// and the shift calendar's off-shift time and breaks.
TEST_F(ScheduleApi, DowntimeWindowsShowRecordedDowntimeAndTheCalendar) {
  Seed();
  auto c = Client();
  ASSERT_EQ(c.Post("/api/v1/shift-calendars", R"({"id":"DAYS","scope":"SITE","shifts":[
    {"id":"day","days":[1,2,3,4,5],"start":"06:00","end":"14:00","breaks":[{"start":"10:00","end":"10:30"}]}]})")
                .status,
            201);
  ASSERT_EQ(c.Post("/api/v1/equipment/L1/downtime",
                   R"({"start":"2030-01-08T12:00:00Z","end":"2030-01-08T16:00:00Z","kind":"planned_maintenance",
                       "reason":"spindle service"})")
                .status,
            201);
  auto viewer = Client("viewer");
  auto r = viewer.Get("/api/v1/downtime?from=2030-01-08T00:00:00Z&to=2030-01-09T00:00:00Z");
  ASSERT_EQ(r.status, 200) << r.body;
  std::map<std::string, std::vector<boost::json::object>> by_unit;
  for (const auto& w : r.json().at("items").as_array())
    by_unit[std::string(w.at("work_unit").as_string())].push_back(w.as_object());
  ASSERT_EQ(by_unit.size(), 2u) << r.body;  // L1 and L2
  bool maintenance = false;
  for (const auto& w : by_unit["L1"])
    if (w.at("kind") == "planned_maintenance") {
      maintenance = true;
      EXPECT_EQ(w.at("id"), "DT-1");
      EXPECT_EQ(w.at("reason"), "spindle service");
      EXPECT_EQ(w.at("start"), "2030-01-08T12:00:00Z");
    }
  EXPECT_TRUE(maintenance) << r.body;
  // Tuesday 8 January 2030 in Paris (UTC+1): the break at 09:00Z, off shift before 05:00Z and from 13:00Z.
  std::set<std::string> l2;
  for (const auto& w : by_unit["L2"])
    l2.insert(std::string(w.at("kind").as_string()) + " " + std::string(w.at("start").as_string()) + " " +
              std::string(w.at("end").as_string()));
  EXPECT_EQ(l2, (std::set<std::string>{"off_shift 2030-01-08T00:00:00Z 2030-01-08T05:00:00Z",
                                       "break 2030-01-08T09:00:00Z 2030-01-08T09:30:00Z",
                                       "off_shift 2030-01-08T13:00:00Z 2030-01-09T00:00:00Z"}))
      << r.body;
  auto one = viewer.Get("/api/v1/downtime?from=2030-01-08T00:00:00Z&to=2030-01-09T00:00:00Z&work_unit=L1");
  ASSERT_EQ(one.status, 200);
  for (const auto& w : one.json().at("items").as_array()) EXPECT_EQ(w.at("work_unit"), "L1");
  EXPECT_EQ(viewer.Get("/api/v1/downtime?from=2030-01-08T00:00:00Z&to=2030-01-07T00:00:00Z").error_field(), "to");
  EXPECT_EQ(viewer.Get("/api/v1/downtime?from=2030-01-08T00:00:00Z&to=2030-06-01T00:00:00Z").error_field(), "to");
  EXPECT_EQ(viewer.Get("/api/v1/downtime?work_unit=NOPE").status, 404);
  EXPECT_EQ(viewer.Get("/api/v1/downtime").status, 200);  // from now, for a week
}

}  // namespace
}  // namespace takt::test
