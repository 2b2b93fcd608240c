// Containment that cannot leak, over real HTTP against a real `takt serve`: the external
// tester's findings, each replayed as it was reported.
#include <boost/json.hpp>
#include <set>

#include "api/fixture.h"

namespace takt::test {
namespace {

namespace json = boost::json;

class ContainmentApi : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    auto c = Client();
    for (const char* doc : {R"({"id":"kg","dimension":"mass"})", R"({"id":"pcs","dimension":"count"})"})
      ASSERT_EQ(c.Post("/api/v1/units", doc).status, 201);
    ASSERT_EQ(c.Post("/api/v1/equipment-classes", R"({"id":"LATHE"})").status, 201);
    for (const char* doc :
         {R"({"id":"ENT","level":"enterprise"})",
          R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Paris"})",
          R"({"id":"AREA","level":"area","parent":"SITE"})", R"({"id":"WC","level":"work_center","parent":"AREA"})",
          R"({"id":"LATHE-1","level":"work_unit","parent":"WC","classes":["LATHE"]})",
          R"({"id":"LATHE-2","level":"work_unit","parent":"WC","classes":["LATHE"]})",
          R"({"id":"WH","level":"storage_zone","parent":"SITE"})",
          R"({"id":"FG","level":"storage_zone","parent":"SITE"})"})
      ASSERT_EQ(c.Post("/api/v1/equipment", doc).status, 201) << doc;
    ASSERT_EQ(c.Post("/api/v1/persons", R"({"id":"ANA","name":"Ana Lima"})").status, 201);
    for (const char* doc : {R"({"id":"STEEL","uom":"kg"})", R"({"id":"SHAFT","uom":"pcs"})"})
      ASSERT_EQ(c.Post("/api/v1/material-definitions", doc).status, 201);
    ASSERT_EQ(c.Post("/api/v1/product-definitions", R"({"id":"PD-SHAFT","product":"SHAFT",
        "bom":[{"material":"STEEL","quantity":2,"uom":"kg","operation":"OP10"}],
        "routing":[{"id":"OP10","equipment_class":"LATHE","run_time_per_unit_s":60},
                   {"id":"OP20","equipment_class":"LATHE","run_time_per_unit_s":30}]})")
                  .status,
              201);
  }

  void Receive(const std::string& id, int kg) {
    auto r = Client().Post("/api/v1/material-lots", R"({"id":")" + id + R"(","material":"STEEL","quantity":)" +
                                                        std::to_string(kg) + R"(,"uom":"kg","location":"WH"})");
    ASSERT_EQ(r.status, 201) << r.body;
  }

  // A released order for `qty` shafts whose OP10 is running on `unit` and has consumed `kg` of
  // `lot`.
  void Running(const std::string& order, int qty, const std::string& unit, const std::string& lot, int kg) {
    auto c = Client();
    ASSERT_EQ(c.Post("/api/v1/work-orders", R"({"id":")" + order + R"(","product_definition":"PD-SHAFT",
        "quantity":)" + std::to_string(qty) + R"(,"due":"2026-12-15T16:00:00Z","site":"SITE"})")
                  .status,
              201);
    ASSERT_EQ(c.Post("/api/v1/work-orders/" + order + "/release", "{}").status, 200);
    ASSERT_EQ(Op(order, "OP10", "start", R"({"work_unit":")" + unit + R"(","operators":["ANA"]})").status, 200);
    auto r = Op(order, "OP10", "consume", R"({"lot":")" + lot + R"(","quantity":)" + std::to_string(kg) + "}");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  HttpResult Op(const std::string& order, const std::string& op, const std::string& action, const std::string& body) {
    return Client("operator").Post("/api/v1/work-orders/" + order + "/operations/" + op + "/" + action, body);
  }
  HttpResult Lot(const std::string& id) { return Client().Get("/api/v1/material-lots/" + id); }
  HttpResult SetStatus(const std::string& lot, const std::string& body) {
    return Client("supervisor").Post("/api/v1/material-lots/" + lot + "/status", body);
  }
  HttpResult Ship(const std::string& lot, int qty, const std::string& ref) {
    return Client("operator")
        .Post("/api/v1/material-lots/" + lot + "/ship",
              R"({"quantity":)" + std::to_string(qty) + R"(,"reference":")" + ref + R"("})");
  }
};

// "Setting a contained lot to quarantine overwrote the containment reason; setting it back to
// available let it ship while its source was still held."
TEST_F(ContainmentApi, HoldsStackSoAReleaseLeavesTheContainment) {
  Receive("RAW-1", 50);
  Running("WO-1", 4, "LATHE-1", "RAW-1", 8);
  auto made = Op("WO-1", "OP10", "produce", R"({"outputs":[{"id":"SH-1","quantity":4,"location":"FG"}]})");
  ASSERT_EQ(made.status, 201) << made.body;
  auto contained = SetStatus("RAW-1", R"({"status":"on_hold","reason":"mill certificate wrong","containment":true})");
  ASSERT_EQ(contained.status, 200) << contained.body;
  ASSERT_EQ(Lot("SH-1").json().at("status"), "on_hold");

  ASSERT_EQ(SetStatus("SH-1", R"({"status":"quarantine","reason":"dimension check"})").status, 200);
  auto released = SetStatus("SH-1", R"({"status":"available","reason":"dimension ok"})");
  ASSERT_EQ(released.status, 200) << released.body;  // releases the quarantine, the only hold it may
  EXPECT_EQ(released.json().at("status"), "on_hold");
  auto shipped = Ship("SH-1", 1, "SO-1001");
  EXPECT_EQ(shipped.status, 409) << shipped.body;
  EXPECT_EQ(shipped.error_field(), "lot");

  auto lot = Lot("SH-1");
  const auto& holds = lot.json().at("holds").as_array();
  ASSERT_EQ(holds.size(), 1u) << lot.body;
  EXPECT_EQ(holds[0].at("kind"), "containment");
  EXPECT_EQ(holds[0].at("reason"), "mill certificate wrong");
  EXPECT_EQ(holds[0].at("source"), "RAW-1");
  EXPECT_FALSE(holds[0].at("case").is_null());
  EXPECT_FALSE(holds[0].at("actor").as_string().empty());
  // The status route does not lift a case's hold; the case's release does.
  EXPECT_EQ(SetStatus("SH-1", R"({"status":"available","reason":"looks fine"})").status, 409);
  std::string case_id(holds[0].at("case").as_string());
  auto done = Client("supervisor").Post("/api/v1/containments/" + case_id + "/release", R"({"reason":"cert found"})");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json().at("status"), "released");
  EXPECT_EQ(Ship("SH-1", 1, "SO-1001").status, 200);
}

// "An order that had consumed a raw lot before it was contained produced a new lot afterwards:
// available, shipped with 200."
TEST_F(ContainmentApi, LotsMadeAfterTheContainmentAreBornHeld) {
  Receive("RAW-2", 50);
  Running("WO-2", 4, "LATHE-1", "RAW-2", 8);
  ASSERT_EQ(SetStatus("RAW-2", R"({"status":"on_hold","reason":"supplier alert","containment":true})").status, 200);
  auto made = Op("WO-2", "OP10", "produce", R"({"outputs":[{"id":"SH-2","quantity":2,"location":"FG"}]})");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json().at("lots").as_array()[0].at("status"), "on_hold") << made.body;
  EXPECT_EQ(Ship("SH-2", 1, "SO-1002").status, 409);
  ASSERT_EQ(made.json().at("containments").as_array().size(), 1u) << made.body;
  std::string case_id(made.json().at("containments").as_array()[0].as_string());

  // The case stands: listed open, with its source and every lot it holds.
  auto open = Client("viewer").Get("/api/v1/containments?status=open");
  ASSERT_EQ(open.status, 200) << open.body;
  ASSERT_EQ(open.json().at("items").as_array().size(), 1u);
  auto one = Client("viewer").Get("/api/v1/containments/" + case_id);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json().at("sources").as_array()[0], "RAW-2");
  std::set<std::string> held;
  for (const auto& h : one.json().at("held").as_array()) held.insert(std::string(h.at("lot").as_string()));
  EXPECT_EQ(held, (std::set<std::string>{"RAW-2", "SH-2"}));

  // A case opened on its own collection answers with the lots it held.
  Receive("RAW-3", 20);
  Running("WO-3", 2, "LATHE-2", "RAW-3", 4);
  ASSERT_EQ(Op("WO-3", "OP10", "produce", R"({"outputs":[{"id":"SH-3","quantity":1,"location":"FG"}]})").status, 201);
  EXPECT_EQ(Client("operator").Post("/api/v1/containments", R"({"lots":["RAW-3"],"reason":"x"})").status, 403);
  auto opened =
      Client("supervisor").Post("/api/v1/containments", R"({"id":"CASE-7","lots":["RAW-3"],"reason":"heat 7"})");
  ASSERT_EQ(opened.status, 201) << opened.body;
  EXPECT_EQ(opened.json().at("id"), "CASE-7");
  ASSERT_EQ(opened.json().at("held").as_array().size(), 2u) << opened.body;
  EXPECT_EQ(opened.json().at("held").as_array()[1].at("lot"), "SH-3");
  EXPECT_EQ(opened.json().at("held").as_array()[1].at("status"), "on_hold");

  // Releasing a case releases its holds in one command, and only its own.
  uint64_t head = JournalHead();
  auto released = Client("supervisor").Post("/api/v1/containments/" + case_id + "/release", R"({"reason":"ok"})");
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(JournalHead(), head + 1);
  EXPECT_EQ(Ship("SH-2", 1, "SO-1002").status, 200);
  EXPECT_EQ(Lot("SH-3").json().at("status"), "on_hold");
  // After a restart the cases and holds are the same.
  server_.reset();
  server_ = std::make_unique<ServerProcess>(db());
  EXPECT_EQ(Lot("SH-3").json().at("holds").as_array()[0].at("case"), "CASE-7");
  EXPECT_EQ(Client().Get("/api/v1/containments/" + case_id).json().at("status"), "released");
}

// "A lot shipped twice (SO-1004, then SO-1006) shows only last_shipment."
TEST_F(ContainmentApi, TheRecallListsEveryShipment) {
  Receive("RAW-4", 50);
  Running("WO-4", 10, "LATHE-1", "RAW-4", 20);
  ASSERT_EQ(Op("WO-4", "OP10", "produce", R"({"outputs":[{"id":"SH-4","quantity":10,"location":"FG"}]})").status, 201);
  ASSERT_EQ(Ship("SH-4", 3, "SO-1004").status, 200);
  ASSERT_EQ(Ship("SH-4", 5, "SO-1006").status, 200);
  auto recall = Client("viewer").Get("/api/v1/material-lots/RAW-4/recall");
  ASSERT_EQ(recall.status, 200) << recall.body;
  const auto& lot = recall.json().at("lots").as_array()[0];
  ASSERT_EQ(lot.at("lot"), "SH-4");
  const auto& shipments = lot.at("shipments").as_array();
  ASSERT_EQ(shipments.size(), 2u) << recall.body;
  EXPECT_EQ(shipments[0].at("reference"), "SO-1004");
  EXPECT_EQ(shipments[0].at("quantity"), 3);
  EXPECT_EQ(shipments[1].at("reference"), "SO-1006");
  EXPECT_EQ(shipments[1].at("quantity"), 5);
  EXPECT_EQ(shipments[1].at("actor"), "user:operator-user");
  EXPECT_FALSE(shipments[1].at("at").as_string().empty());
  EXPECT_EQ(recall.json().at("shipments").as_array().size(), 2u);
  EXPECT_EQ(recall.json().at("shipped_lots"), 1);
}

// "An operation completed with no good quantity reported, which left the next operation unable
// to report anything and the order showing all its material as waste."
TEST_F(ContainmentApi, CompletingWithNothingReportedNeedsAStatement) {
  Receive("RAW-5", 50);
  Running("WO-5", 4, "LATHE-1", "RAW-5", 8);
  uint64_t head = JournalHead();
  auto refused = Op("WO-5", "OP10", "complete", "{}");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.error_field(), "nothing_produced");
  EXPECT_EQ(JournalHead(), head);
  EXPECT_EQ(Op("WO-5", "OP10", "complete", R"({"nothing_produced":{}})").error_field(), "nothing_produced.reason");
  auto done = Op("WO-5", "OP10", "complete", R"({"nothing_produced":{"reason":"tool broke, bars rejected"}})");
  ASSERT_EQ(done.status, 200) << done.body;
  auto perf = Client("viewer").Get("/api/v1/work-orders/WO-5/performance");
  ASSERT_EQ(perf.status, 200);
  EXPECT_EQ(perf.json().at("operations").as_array()[0].at("nothing_produced"), "tool broke, bars rejected");
  ASSERT_EQ(perf.json().at("nothing_produced").as_array().size(), 1u);
  EXPECT_EQ(perf.json().at("nothing_produced").as_array()[0].at("operation"), "OP10");
  // A statement beside reported quantities is a contradiction.
  Receive("RAW-6", 50);
  Running("WO-6", 4, "LATHE-2", "RAW-6", 8);
  ASSERT_EQ(Op("WO-6", "OP10", "report", R"({"good":4})").status, 200);
  EXPECT_EQ(Op("WO-6", "OP10", "complete", R"({"nothing_produced":{"reason":"x"}})").error_field(), "nothing_produced");
  EXPECT_EQ(Op("WO-6", "OP10", "complete", "{}").status, 200);
}

// "A lot whose whole quantity was shipped stays available."
TEST_F(ContainmentApi, ALotShippedWholeSaysShipped) {
  Receive("RAW-7", 12);
  ASSERT_EQ(Ship("RAW-7", 12, "SO-1007").status, 200);
  EXPECT_EQ(Lot("RAW-7").json().at("status"), "shipped");
  EXPECT_EQ(Client("viewer").Get("/api/v1/material-lots?status=shipped").json().at("items").as_array().size(), 1u);
  // Stock found again by a count makes it available again.
  ASSERT_EQ(Client("operator").Post("/api/v1/material-lots/RAW-7/count", R"({"location":"WH","counted":2})").status,
            200);
  EXPECT_EQ(Lot("RAW-7").json().at("status"), "available");
}

// "An operation never started shows running_since 1970."
TEST_F(ContainmentApi, AnOperationNeverStartedHasNoRunningSince) {
  Receive("RAW-8", 50);
  Running("WO-8", 4, "LATHE-1", "RAW-8", 8);
  auto order = Client("viewer").Get("/api/v1/work-orders/WO-8");
  const auto& ops = order.json().at("operations").as_array();
  EXPECT_FALSE(ops[0].at("running_since").is_null());
  EXPECT_TRUE(ops[1].at("running_since").is_null()) << order.body;
}

// "Receipts should default uom to the material's unit."
TEST_F(ContainmentApi, AReceiptWithoutUnitTakesTheMaterials) {
  auto r = Client("operator")
               .Post("/api/v1/material-lots", R"({"id":"RAW-9","material":"STEEL","quantity":12,"location":"WH"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("uom"), "kg");
  EXPECT_EQ(r.json().at("quantity"), 12);
}

}  // namespace
}  // namespace takt::test
