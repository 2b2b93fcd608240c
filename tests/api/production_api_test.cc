// Production end to end over real HTTP: receive raw lots, create and release a work order for
// a serialised product with a 3-operation routing, execute it with two operators (one refused
// for a missing qualification), consume and produce, then trace a finished serial back to the
// supplier lot and the supplier lot forward to every finished serial, before and after a restart.
#include <atomic>
#include <boost/json.hpp>
#include <set>
#include <thread>

#include "api/fixture.h"

namespace takt::test {
namespace {

namespace json = boost::json;

class ProductionApi : public ServerTest {
 protected:
  void Seed() {
    auto c = Client();
    for (const char* doc : {R"({"id":"kg","dimension":"mass"})", R"({"id":"g","dimension":"mass","factor":0.001})",
                            R"({"id":"pcs","dimension":"count"})"})
      ASSERT_EQ(c.Post("/api/v1/units", doc).status, 201);
    ASSERT_EQ(c.Post("/api/v1/equipment-classes", R"({"id":"LATHE"})").status, 201);
    for (const char* doc : {
             R"({"id":"ENT","level":"enterprise"})",
             R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Paris"})",
             R"({"id":"AREA","level":"area","parent":"SITE"})",
             R"({"id":"WC-TURN","level":"work_center","parent":"AREA"})",
             R"({"id":"LATHE-1","level":"work_unit","parent":"WC-TURN","classes":["LATHE"]})",
             R"({"id":"WC-ASM","level":"work_center","parent":"AREA"})",
             R"({"id":"ASM-1","level":"work_unit","parent":"WC-ASM"})",
             R"({"id":"WH","level":"storage_zone","parent":"SITE"})",
             R"({"id":"FG","level":"storage_zone","parent":"SITE"})",
         })
      ASSERT_EQ(c.Post("/api/v1/equipment", doc).status, 201) << doc;
    ASSERT_EQ(c.Post("/api/v1/qualifications", R"({"id":"Q-TURN","validity_days":365})").status, 201);
    ASSERT_EQ(c.Post("/api/v1/persons", R"({"id":"ANA","name":"Ana Lima","qualifications":[
        {"qualification":"Q-TURN","tested_at":"2026-06-01"}]})")
                  .status,
              201);
    ASSERT_EQ(c.Post("/api/v1/persons", R"({"id":"BOB","name":"Bob Stone"})").status, 201);
    for (const char* doc :
         {R"({"id":"STEEL","uom":"kg"})", R"({"id":"SEAL","uom":"pcs"})", R"({"id":"PUMP","uom":"pcs"})"})
      ASSERT_EQ(c.Post("/api/v1/material-definitions", doc).status, 201);
    auto pd = c.Post("/api/v1/product-definitions", R"({"id":"PD-PUMP","product":"PUMP",
        "bom":[{"material":"STEEL","quantity":1.5,"uom":"kg","operation":"OP10"},
               {"material":"SEAL","quantity":1,"uom":"pcs","operation":"OP30"}],
        "routing":[{"id":"OP10","description":"turn housing","equipment_class":"LATHE","qualification":"Q-TURN",
                    "setup_time_s":600,"run_time_per_unit_s":120},
                   {"id":"OP20","description":"deburr","work_center":"WC-TURN","run_time_per_unit_s":30},
                   {"id":"OP30","description":"assemble","work_center":"WC-ASM","run_time_per_unit_s":90}]})");
    ASSERT_EQ(pd.status, 201) << pd.body;
  }

  HttpResult Op(const std::string& op, const std::string& action, const std::string& body,
                const std::string& role = "operator") {
    return Client(role).Post("/api/v1/work-orders/WO-1/operations/" + op + "/" + action, body);
  }

  static std::set<std::string> Links(const json::value& trace) {
    std::set<std::string> out;
    for (const auto& k : trace.at("links").as_array())
      out.insert(std::string(k.at("from").as_string()) + ">" + std::string(k.at("to").as_string()));
    return out;
  }
  static std::set<std::string> Lots(const json::value& trace) {
    std::set<std::string> out;
    for (const auto& l : trace.at("lots").as_array()) out.insert(std::string(l.at("lot").as_string()));
    return out;
  }
};

TEST_F(ProductionApi, FromSupplierLotToFinishedSerialAndBack) {
  Seed();
  auto op = Client("operator");
  // Receipts: steel from the mill, two seals as serials.
  auto steel = op.Post("/api/v1/material-lots", R"({"id":"STEEL-0042","material":"STEEL","quantity":50,"uom":"kg",
      "location":"WH","supplier":"Acier SA","supplier_lot":"MILL-42"})");
  ASSERT_EQ(steel.status, 201) << steel.body;
  EXPECT_EQ(steel.json().at("quantity"), 50);
  for (const char* s : {"SEAL-A", "SEAL-B"})
    ASSERT_EQ(op.Post("/api/v1/material-lots", std::string(R"({"id":")") + s +
                                                   R"(","material":"SEAL","quantity":1,"uom":"pcs","location":"WH"})")
                  .status,
              201);

  // An operator may not plan; a supervisor creates and releases.
  const std::string order = R"({"id":"WO-1","product_definition":"PD-PUMP","quantity":2,"due":"2026-12-15T16:00:00Z",
      "site":"SITE","priority":10,"output_pattern":"PUMP-{seq}"})";
  EXPECT_EQ(op.Post("/api/v1/work-orders", order).status, 403);
  auto sup = Client("supervisor");
  auto created = sup.Post("/api/v1/work-orders", order);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json().at("operations").as_array().size(), 3u);
  auto released = sup.Post("/api/v1/work-orders/WO-1/release", "{}");
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(released.json().at("status"), "released");
  EXPECT_EQ(released.json().at("materials").as_array()[0].at("reserved"), 3);

  // The dispatch list of the turning center offers OP10 with its needs.
  auto dispatch = op.Get("/api/v1/dispatch?work_center=WC-TURN");
  ASSERT_EQ(dispatch.status, 200) << dispatch.body;
  ASSERT_EQ(dispatch.json().at("items").as_array().size(), 1u);
  const auto& item = dispatch.json().at("items").as_array()[0];
  EXPECT_EQ(item.at("operation"), "OP10");
  EXPECT_EQ(item.at("qualification"), "Q-TURN");
  EXPECT_EQ(item.at("materials").as_array()[0].at("material"), "STEEL");
  EXPECT_EQ(item.at("idle_units").as_array()[0], "LATHE-1");

  // Bob lacks the turning qualification: refused, and nothing is written.
  uint64_t head = JournalHead();
  auto refused = Op("OP10", "start", R"({"work_unit":"LATHE-1","operators":["BOB"]})");
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.error_field(), "operators[0]");
  EXPECT_NE(refused.body.find("Q-TURN"), std::string::npos);
  EXPECT_EQ(JournalHead(), head);

  ASSERT_EQ(Op("OP10", "start", R"({"work_unit":"LATHE-1","operators":["ANA"]})").status, 200);
  // The unit's dispatch list shows what holds it now, running then paused, and no longer offers it.
  for (const char* status : {"running", "paused"}) {
    auto held = op.Get("/api/v1/dispatch?work_unit=LATHE-1");
    ASSERT_EQ(held.status, 200) << held.body;
    EXPECT_EQ(held.json().at("items").as_array().size(), 0u) << held.body;
    ASSERT_EQ(held.json().at("in_progress").as_array().size(), 1u) << held.body;
    const auto& now = held.json().at("in_progress").as_array()[0];
    EXPECT_EQ(now.at("order"), "WO-1");
    EXPECT_EQ(now.at("operation"), "OP10");
    EXPECT_EQ(now.at("status"), status);
    EXPECT_EQ(now.at("work_unit"), "LATHE-1");
    EXPECT_EQ(now.at("crew").as_array()[0], "ANA");
    EXPECT_EQ(now.at("running_since").is_null(), std::string(status) == "paused");
    EXPECT_EQ(now.at("materials").as_array()[0].at("material"), "STEEL");
    EXPECT_EQ(op.Get("/api/v1/dispatch?work_center=WC-TURN").json().at("in_progress"), held.json().at("in_progress"));
    EXPECT_EQ(op.Get("/api/v1/dispatch?work_center=WC-ASM").json().at("in_progress").as_array().size(), 0u);
    ASSERT_EQ(Op("OP10", std::string(status) == "running" ? "pause" : "resume", "{}").status, 200);
  }
  auto picks = op.Get("/api/v1/work-orders/WO-1/picks?strategy=fefo");
  ASSERT_EQ(picks.status, 200) << picks.body;
  EXPECT_EQ(picks.json().at("needs").as_array()[0].at("picks").as_array()[0].at("lot"), "STEEL-0042");
  auto consumed = Op("OP10", "consume", R"({"lot":"STEEL-0042","quantity":3000,"uom":"g"})");
  ASSERT_EQ(consumed.status, 200) << consumed.body;
  ASSERT_EQ(Op("OP10", "report", R"({"good":2})").status, 200);
  ASSERT_EQ(Op("OP10", "complete", "{}").status, 200);
  ASSERT_EQ(Op("OP20", "start", R"({"work_unit":"LATHE-1","operators":["BOB"]})").status, 200);  // no qualification
  ASSERT_EQ(Op("OP20", "report", R"({"good":2})").status, 200);
  ASSERT_EQ(Op("OP20", "complete", "{}").status, 200);
  ASSERT_EQ(Op("OP30", "start", R"({"work_unit":"ASM-1","operators":["ANA","BOB"]})").status, 200);

  // Two serials, each with its own seal (unit-level genealogy).
  auto produced = Op("OP30", "produce", R"({"serial":true,"outputs":[{"quantity":1,"location":"FG"},
      {"quantity":1,"location":"FG"}]})");
  ASSERT_EQ(produced.status, 201) << produced.body;
  ASSERT_EQ(produced.json().at("lots").as_array().size(), 2u);
  EXPECT_EQ(produced.json().at("lots").as_array()[0].at("id"), "PUMP-0001");
  EXPECT_EQ(produced.json().at("lots").as_array()[1].at("serial"), true);
  ASSERT_EQ(Op("OP30", "consume", R"({"lot":"SEAL-A","quantity":1,"output":"PUMP-0001"})").status, 200);
  ASSERT_EQ(Op("OP30", "consume", R"({"lot":"SEAL-B","quantity":1,"output":"PUMP-0002"})").status, 200);
  ASSERT_EQ(Op("OP30", "report", R"({"good":2})").status, 200);
  auto done = Op("OP30", "complete", "{}");
  ASSERT_EQ(done.status, 200);
  EXPECT_EQ(done.json().at("status"), "completed");

  auto check = [&] {
    auto op = Client("operator");  // the port changes across the restart
    auto back = op.Get("/api/v1/material-lots/PUMP-0001/trace?direction=backward");
    ASSERT_EQ(back.status, 200) << back.body;
    EXPECT_EQ(Lots(back.json()), (std::set<std::string>{"STEEL-0042", "SEAL-A"}));
    for (const auto& l : back.json().at("lots").as_array()) {
      if (l.at("lot") == "STEEL-0042") {
        EXPECT_EQ(l.at("supplier_lot"), "MILL-42");
      }
    }
    // The links among the traced lots, to draw the graph: what was consumed into what.
    EXPECT_EQ(Links(back.json()), (std::set<std::string>{"SEAL-A>PUMP-0001", "STEEL-0042>PUMP-0001"}));
    auto fwd = op.Get("/api/v1/material-lots/STEEL-0042/trace?direction=forward");
    EXPECT_EQ(Lots(fwd.json()), (std::set<std::string>{"PUMP-0001", "PUMP-0002"}));
    EXPECT_EQ(Links(fwd.json()), (std::set<std::string>{"STEEL-0042>PUMP-0001", "STEEL-0042>PUMP-0002"}));
    // The steel's movements: its receipt and the order's consumption, in the lot's unit.
    auto moves = op.Get("/api/v1/material-lots/STEEL-0042/movements");
    ASSERT_EQ(moves.status, 200) << moves.body;
    EXPECT_EQ(moves.json().at("uom"), "kg");
    const auto& items = moves.json().at("items").as_array();
    ASSERT_EQ(items.size(), 2u) << moves.body;
    EXPECT_EQ(items[0].at("kind"), "received");
    EXPECT_EQ(items[0].at("quantity"), 50);
    EXPECT_EQ(items[0].at("reference"), "MILL-42");
    EXPECT_EQ(items[1].at("kind"), "consumed");
    EXPECT_EQ(items[1].at("quantity"), -3);
    EXPECT_EQ(items[1].at("work_order"), "WO-1");
    EXPECT_EQ(items[1].at("operation"), "OP10");
    EXPECT_EQ(items[1].at("actor"), "user:operator-user");
    EXPECT_TRUE(moves.json().at("next_after").is_null());
    auto recall = op.Get("/api/v1/material-lots/STEEL-0042/recall");
    EXPECT_EQ(recall.json().at("end_items"), 2);
    EXPECT_EQ(recall.json().at("lots").as_array()[0].at("locations").as_array()[0].at("location"), "FG");
    auto built = op.Get("/api/v1/material-lots/PUMP-0002/as-built");
    ASSERT_EQ(built.status, 200) << built.body;
    EXPECT_EQ(built.json().at("order").at("id"), "WO-1");
    EXPECT_EQ(built.json().at("operations").as_array()[0].at("work_unit"), "LATHE-1");
    std::set<std::string> inputs;
    for (const auto& in : built.json().at("inputs").as_array()) inputs.insert(std::string(in.at("lot").as_string()));
    EXPECT_EQ(inputs, (std::set<std::string>{"STEEL-0042", "SEAL-B"}));
    auto perf = op.Get("/api/v1/work-orders/WO-1/performance");
    ASSERT_EQ(perf.status, 200);
    EXPECT_EQ(perf.json().at("produced"), 2);
    EXPECT_EQ(perf.json().at("materials").as_array()[0].at("consumed"), 3);
    EXPECT_EQ(perf.json().at("operations").as_array()[2].at("operators").as_array().size(), 2u);
    auto balance = op.Get("/api/v1/inventory/balances?by=material&material=STEEL");
    EXPECT_EQ(balance.json().at("items").as_array()[0].at("quantity"), 47);
  };
  check();
  // The same answers after a restart (state rebuilt from snapshot and journal).
  server_.reset();
  server_ = std::make_unique<ServerProcess>(db());
  check();
  auto verify = RunTakt({"verify", "--db", "sqlite:" + db()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

// Many clients consuming the same lot at once never over-consume it.
TEST_F(ProductionApi, ConcurrentConsumptionNeverOverdraws) {
  Seed();
  auto c = Client();
  ASSERT_EQ(
      c.Post("/api/v1/material-lots", R"({"id":"HOT","material":"STEEL","quantity":100,"uom":"kg","location":"WH"})")
          .status,
      201);
  ASSERT_EQ(c.Post("/api/v1/work-orders", R"({"id":"WO-1","product_definition":"PD-PUMP","quantity":500,
      "due":"2026-12-15","site":"SITE"})")
                .status,
            201);
  ASSERT_EQ(c.Post("/api/v1/work-orders/WO-1/release", "{}").status, 200);
  ASSERT_EQ(Op("OP10", "start", R"({"work_unit":"LATHE-1","operators":["ANA"]})").status, 200);
  constexpr int kClients = 16, kEach = 12;  // 192 attempts of 1 kg on 100 kg
  std::atomic<int> ok{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kClients; ++t)
    threads.emplace_back([&] {
      HttpClient client(server_->base(), tokens_["operator"]);
      for (int i = 0; i < kEach; ++i) {
        auto r = client.Post("/api/v1/work-orders/WO-1/operations/OP10/consume", R"({"lot":"HOT","quantity":1})");
        (r.status == 200 ? ok : r.status == 409 ? conflicts : other)++;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 100);
  EXPECT_EQ(conflicts.load(), kClients * kEach - 100);
  EXPECT_EQ(other.load(), 0);
  auto lot = c.Get("/api/v1/material-lots/HOT");
  EXPECT_EQ(lot.json().at("quantity"), 0);
  EXPECT_EQ(lot.json().at("consumed"), 100);
  EXPECT_EQ(lot.json().at("status"), "consumed");
}

TEST_F(ProductionApi, BadInputIsRefusedWithItsField) {
  Seed();
  auto c = Client();
  struct Case {
    const char* path;
    const char* body;
    int status;
    const char* field;
  };
  const Case cases[] = {
      {"/api/v1/material-lots", R"({"id":"L1","material":"STEEL","quantity":"5","uom":"kg","location":"WH"})", 400,
       "quantity"},
      {"/api/v1/material-lots", R"({"id":"L1","material":"STEEL","quantity":5,"uom":"kg","location":"AREA"})", 422,
       "location"},
      {"/api/v1/material-lots", R"({"id":"L1","material":"STEEL","quantity":1e300,"uom":"kg","location":"WH"})", 400,
       "quantity"},
      {"/api/v1/material-lots/NOPE/move", R"({"to":"FG","quantity":1})", 404, "lot"},
      {"/api/v1/work-orders", R"({"id":"W","product_definition":"PD-PUMP","quantity":1,"due":"soon","site":"SITE"})",
       400, "due"},
      {"/api/v1/work-orders", R"({"id":"W","product_definition":"PD-PUMP","quantity":1,"due":"2026-12-01",
        "site":"SITE","colour":"red"})",
       400, "colour"},
      {"/api/v1/work-orders/NOPE/release", "{}", 404, "order"},
      {"/api/v1/work-orders/NOPE/operations/OP10/start", R"({"work_unit":"LATHE-1","operators":["ANA"]})", 404,
       "order"},
  };
  uint64_t head = JournalHead();
  for (const Case& k : cases) {
    auto r = c.Post(k.path, k.body);
    EXPECT_EQ(r.status, k.status) << k.path << " " << k.body << " -> " << r.body;
    EXPECT_EQ(r.error_field(), k.field) << k.path << " " << r.body;
    EXPECT_FALSE(r.error_code().empty());
  }
  EXPECT_EQ(JournalHead(), head);
  EXPECT_EQ(c.Get("/api/v1/material-lots/L1/trace?direction=sideways").error_field(), "direction");
  EXPECT_EQ(c.Get("/api/v1/material-lots/L1/trace?direction=forward").status, 404);
  EXPECT_EQ(c.Get("/api/v1/dispatch").error_field(), "work_center");
  EXPECT_EQ(c.Get("/api/v1/inventory/balances?by=colour").error_field(), "by");
}

// Every work order and operation route answers with a success the contract check validates
// (hold, resume, cancel and close, pause and resume had none), bodies that say nothing may be
// left out, and the order each step answers is the order after it.
TEST_F(ProductionApi, EveryStepOfAnOrderAnswersTheOrderAfterIt) {
  Seed();
  ASSERT_EQ(Client()
                .Post("/api/v1/product-definitions", R"({"id":"PD-KIT","product":"PUMP",
      "routing":[{"id":"OP10","work_center":"WC-ASM","run_time_per_unit_s":60}]})")
                .status,
            201);
  auto sup = Client("supervisor");
  const std::string order = R"({"id":"WO-2","product_definition":"PD-KIT","quantity":1,"due":"2026-12-15",
      "site":"SITE"})";
  ASSERT_EQ(sup.Post("/api/v1/work-orders", order).status, 201);
  auto held = sup.Post("/api/v1/work-orders/WO-2/hold", R"({"reason":"drawing revision"})");
  ASSERT_EQ(held.status, 200) << held.body;
  EXPECT_EQ(held.json().at("status"), "on_hold");
  EXPECT_EQ(held.json().at("status_reason"), "drawing revision");
  auto resumed = sup.Post("/api/v1/work-orders/WO-2/resume", "");
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  EXPECT_EQ(resumed.json().at("status"), "created");
  auto released = sup.Post("/api/v1/work-orders/WO-2/release", "");
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(released.json().at("status"), "released");

  auto step = [&](const std::string& action, const std::string& body) {
    return Client("operator").Post("/api/v1/work-orders/WO-2/operations/OP10/" + action, body);
  };
  ASSERT_EQ(step("start", R"({"work_unit":"ASM-1","operators":["BOB"]})").status, 200);
  auto paused = step("pause", "");
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(paused.json().at("operations").as_array()[0].at("status"), "paused");
  EXPECT_TRUE(paused.json().at("operations").as_array()[0].at("running_since").is_null());
  auto running = step("resume", "");
  ASSERT_EQ(running.status, 200) << running.body;
  EXPECT_EQ(running.json().at("operations").as_array()[0].at("status"), "running");
  EXPECT_EQ(running.json().at("operations").as_array()[0].at("crew"), (json::array{"BOB"}));
  ASSERT_EQ(step("report", R"({"good":1})").status, 200);
  auto completed = step("complete", "");
  ASSERT_EQ(completed.status, 200) << completed.body;
  EXPECT_EQ(completed.json().at("status"), "completed");
  auto closed = sup.Post("/api/v1/work-orders/WO-2/close", "");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json().at("status"), "closed");

  ASSERT_EQ(sup.Post("/api/v1/work-orders", R"({"id":"WO-3","product_definition":"PD-KIT","quantity":1,
      "due":"2026-12-15","site":"SITE"})")
                .status,
            201);
  auto cancelled = sup.Post("/api/v1/work-orders/WO-3/cancel", R"({"reason":"customer cancelled"})");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json().at("status"), "cancelled");

  auto list = sup.Get("/api/v1/work-orders?status=closed&site=SITE&limit=5");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(list.json().at("items").as_array()[0].at("id"), "WO-2");
  EXPECT_TRUE(list.json().at("next_after").is_null());
  auto page = sup.Get("/api/v1/work-orders?limit=1");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json().at("next_after"), "WO-2");
}

// The list narrows by due date (from inclusive, to exclusive) and by text in the id or the
// description, ignoring case, on top of the other filters, and pages within what matches; a range
// that ends before it starts is refused at due_to.
TEST_F(ProductionApi, OrdersListByDueDateRangeAndText) {
  Seed();
  auto sup = Client("supervisor");
  struct Order {
    const char* id;
    const char* due;
    const char* description;
  };
  const Order orders[] = {{"WO-2612-001", "2026-12-01T08:00:00Z", "pumps for Lyon"},
                          {"WO-2612-002", "2026-12-05T08:00:00Z", "pumps for Greenville"},
                          {"WO-2612-003", "2026-12-10T08:00:00Z", ""},
                          {"RW-0001", "2026-12-05T12:00:00Z", "rework of WO-2611-7"}};
  for (const Order& o : orders) {
    auto r = sup.Post("/api/v1/work-orders", std::string(R"({"id":")") + o.id + R"(","description":")" + o.description +
                                                 R"(","product_definition":"PD-PUMP",
                                                 "quantity":1,"site":"SITE","due":")" +
                                                 o.due + R"("})");
    ASSERT_EQ(r.status, 201) << r.body;
  }
  auto ids = [&](const std::string& query) {
    auto r = sup.Get("/api/v1/work-orders?" + query);
    EXPECT_EQ(r.status, 200) << query << " -> " << r.body;
    std::vector<std::string> out;
    if (r.status == 200)
      for (const auto& wo : r.json().at("items").as_array()) out.emplace_back(wo.at("id").as_string());
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids("due_from=2026-12-05T08:00:00Z&due_to=2026-12-10T08:00:00Z"), (V{"RW-0001", "WO-2612-002"}));
  EXPECT_EQ(ids("due_from=2026-12-05T09:00:00%2B01:00"), (V{"RW-0001", "WO-2612-002", "WO-2612-003"}));
  EXPECT_EQ(ids("due_to=2026-12-05"), (V{"WO-2612-001"}));
  EXPECT_EQ(ids("q=wo-2612"), (V{"WO-2612-001", "WO-2612-002", "WO-2612-003"}));
  EXPECT_EQ(ids("q=2611"), (V{"RW-0001"}));  // in its description
  EXPECT_EQ(ids("q=GREENVILLE"), (V{"WO-2612-002"}));
  EXPECT_EQ(ids("q=00&due_from=2026-12-05&status=created"), (V{"RW-0001", "WO-2612-002", "WO-2612-003"}));
  EXPECT_EQ(ids("q=2612&limit=1&after=WO-2612-001"), (V{"WO-2612-002"}));
  EXPECT_EQ(ids("q=XYZ"), V{});
  EXPECT_EQ(sup.Get("/api/v1/work-orders?due_from=2026-12-10&due_to=2026-12-01").error_field(), "due_to");
  EXPECT_EQ(sup.Get("/api/v1/work-orders?due_from=tomorrow").error_field(), "due_from");
}

// The OpenAPI document describes every production route: its query, its body and its reply,
// none left undescribed.
TEST_F(ProductionApi, TheDocumentDescribesEveryProductionRoute) {
  auto doc = Client().Get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  const auto& paths = doc.json().at("paths").as_object();
  size_t routes = 0;
  for (const auto& [path, item] : paths) {
    if (!path.starts_with("/api/v1/work-orders") && path != "/api/v1/dispatch") continue;
    for (const auto& [method, op] : item.as_object()) {
      ++routes;
      std::string where = std::string(method) + " " + std::string(path);
      const auto& responses = op.at("responses").as_object();
      const json::value* ok = responses.contains("200") ? &responses.at("200") : responses.if_contains("201");
      ASSERT_NE(ok, nullptr) << where;
      EXPECT_TRUE(ok->as_object().contains("content")) << where << ": no reply schema";
      if (method == "post") EXPECT_TRUE(op.as_object().contains("requestBody")) << where << ": no request schema";
    }
  }
  EXPECT_EQ(routes, 19u);  // list, create, get, picks, performance, dispatch, 6 order and 7 operation steps
  const auto& schemas = doc.json().at("components").at("schemas").as_object();
  const auto& start = schemas.at("StartOperation").as_object();
  EXPECT_EQ(start.at("required"), (json::array{"work_unit", "operators"}));
  EXPECT_EQ(start.at("properties").at("operators").at("uniqueItems"), true);
  EXPECT_EQ(schemas.at("WorkOrder").at("properties").at("status").at("enum").as_array().size(), 7u);
}

// Structural rules of the bodies and queries are refused with their field, and change nothing.
TEST_F(ProductionApi, StructuralRulesNameTheirField) {
  Seed();
  auto c = Client();
  ASSERT_EQ(c.Post("/api/v1/work-orders", R"({"id":"WO-1","product_definition":"PD-PUMP","quantity":2,
      "due":"2026-12-15","site":"SITE"})")
                .status,
            201);
  ASSERT_EQ(c.Post("/api/v1/work-orders/WO-1/release", "{}").status, 200);
  struct Case {
    std::string path;
    const char* body;
    const char* field;
  };
  const std::string op = "/api/v1/work-orders/WO-1/operations/OP10/";
  const Case cases[] = {
      {"/api/v1/work-orders", R"({"id":"W","product_definition":"PD-PUMP","quantity":1,"due":"2026-12-01",
        "site":"SITE","priority":0})",
       "priority"},
      {"/api/v1/work-orders", R"({"id":"W","product_definition":"PD-PUMP","quantity":1,"due":"2026-12-01",
        "site":"SITE","output_pattern":"PUMP"})",
       "output_pattern"},
      {"/api/v1/work-orders/WO-1/hold", R"({"reason":""})", "reason"},
      {"/api/v1/work-orders/WO-1/reschedule", R"({"reason":"nothing new"})", "earliest_start"},
      {"/api/v1/work-orders/WO-1/release", R"({"allow_shortage":"no"})", "allow_shortage"},
      {"/api/v1/work-orders/WO-1/hold", "", "body"},  // a reason is required
      {op + "start", R"({"work_unit":"LATHE-1","operators":[]})", "operators"},
      {op + "start", R"({"work_unit":"LATHE-1","operators":["ANA","ANA"]})", "operators[1]"},
      {op + "report", R"({"good":-1})", "good"},
      {op + "report", R"({"scrap":1})", "scrap_reason"},
      {op + "complete", R"({"nothing_produced":{}})", "nothing_produced.reason"},
      {op + "produce", R"({"serial":true,"outputs":[{"quantity":1,"location":"FG"},
        {"quantity":2,"location":"FG"}]})",
       "outputs[1].quantity"},
      {op + "produce", R"({"outputs":[{"quantity":1,"location":"FG"}],"status":"lost"})", "status"},
  };
  uint64_t head = JournalHead();
  for (const Case& k : cases) {
    auto r = c.Post(k.path, k.body);
    EXPECT_EQ(r.status, 400) << k.path << " " << k.body << " -> " << r.body;
    EXPECT_EQ(r.error_field(), k.field) << k.path << " " << k.body << " -> " << r.body;
  }
  EXPECT_EQ(JournalHead(), head);
  EXPECT_EQ(c.Get("/api/v1/work-orders?status=lost").error_field(), "status");
  EXPECT_EQ(c.Get("/api/v1/dispatch?work_center=WC-TURN&work_unit=LATHE-1").error_field(), "work_center");
  EXPECT_EQ(c.Get("/api/v1/work-orders/WO-1/picks?strategy=lifo").error_field(), "strategy");
  EXPECT_EQ(c.Get("/api/v1/work-orders/WO-1/performance?x=1").error_field(), "x");
}

// Consumption off the bill of materials shows in the performance view with the material's unit.
TEST_F(ProductionApi, DeviationsShowTheirUnitInThePerformanceView) {
  Seed();
  auto c = Client();
  ASSERT_EQ(c.Post("/api/v1/material-lots", R"({"id":"SEAL-X","material":"SEAL","quantity":5,"uom":"pcs",
      "location":"WH"})")
                .status,
            201);
  ASSERT_EQ(c.Post("/api/v1/work-orders", R"({"id":"WO-1","product_definition":"PD-PUMP","quantity":2,
      "due":"2026-12-15","site":"SITE"})")
                .status,
            201);
  ASSERT_EQ(c.Post("/api/v1/work-orders/WO-1/release", "{}").status, 200);
  ASSERT_EQ(Op("OP10", "start", R"({"work_unit":"LATHE-1","operators":["ANA"]})").status, 200);
  auto consumed = Op("OP10", "consume", R"({"lot":"SEAL-X","quantity":1,"deviation_reason":"test fit"})");
  ASSERT_EQ(consumed.status, 200) << consumed.body;
  auto perf = c.Get("/api/v1/work-orders/WO-1/performance");
  ASSERT_EQ(perf.status, 200) << perf.body;
  bool found = false;
  for (const auto& m : perf.json().at("materials").as_array())
    if (m.at("material") == "SEAL" && m.at("operation") == "OP10") {
      found = true;
      ASSERT_TRUE(m.as_object().contains("uom")) << perf.body;
      EXPECT_EQ(m.at("uom"), "pcs");
      EXPECT_EQ(m.at("consumed"), 1);
      EXPECT_EQ(m.at("required_for_order"), 0);
    }
  EXPECT_TRUE(found) << perf.body;
}

}  // namespace
}  // namespace takt::test
