// Inventory, containment and genealogy over real HTTP against a real `takt serve`: every route
// of the family is described in the OpenAPI document, answers a success that the contract check
// validates, and refuses bad bodies and queries naming the field, writing nothing.
#include <boost/json.hpp>
#include <set>

#include "api/fixture.h"

namespace takt::test {
namespace {

namespace json = boost::json;

const std::string kLots = "/api/v1/material-lots";

class InventoryApi : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    auto c = Client();
    for (const char* doc : {R"({"id":"kg","dimension":"mass"})", R"({"id":"g","dimension":"mass","factor":0.001})",
                            R"({"id":"pcs","dimension":"count"})"})
      ASSERT_EQ(c.Post("/api/v1/units", doc).status, 201);
    for (const char* doc : {R"({"id":"ENT","level":"enterprise"})",
                            R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Paris"})",
                            R"({"id":"WH","level":"storage_zone","parent":"SITE"})",
                            R"({"id":"FG","level":"storage_zone","parent":"SITE"})"})
      ASSERT_EQ(c.Post("/api/v1/equipment", doc).status, 201) << doc;
    for (const char* doc : {R"({"id":"STEEL","uom":"kg"})", R"({"id":"SEAL","uom":"pcs"})"})
      ASSERT_EQ(c.Post("/api/v1/material-definitions", doc).status, 201);
  }

  HttpResult Receive(const std::string& id, const std::string& extra = "") {
    return Client("operator")
        .Post(kLots, R"({"id":")" + id + R"(","material":"STEEL","quantity":100,"location":"WH")" + extra + "}");
  }
  HttpResult Lot(const std::string& id, const std::string& action, const std::string& body,
                 const std::string& role = "supervisor") {
    return Client(role).Post(kLots + "/" + id + "/" + action, body);
  }
  static double Quantity(const json::value& v) { return v.to_number<double>(); }
};

// Each route of the family, with what its operation must carry in the document.
struct Documented {
  const char* method;
  const char* path;
  bool body;
};
constexpr Documented kRoutes[] = {
    {"get", "/api/v1/material-lots", false},
    {"post", "/api/v1/material-lots", true},
    {"get", "/api/v1/material-lots/{id}", false},
    {"get", "/api/v1/material-lots/{id}/movements", false},
    {"post", "/api/v1/material-lots/{id}/move", true},
    {"post", "/api/v1/material-lots/{id}/count", true},
    {"post", "/api/v1/material-lots/{id}/scrap", true},
    {"post", "/api/v1/material-lots/{id}/ship", true},
    {"post", "/api/v1/material-lots/{id}/adjust", true},
    {"post", "/api/v1/material-lots/{id}/status", true},
    {"get", "/api/v1/material-lots/{id}/trace", false},
    {"get", "/api/v1/material-lots/{id}/as-built", false},
    {"get", "/api/v1/material-lots/{id}/recall", false},
    {"get", "/api/v1/containments", false},
    {"post", "/api/v1/containments", true},
    {"get", "/api/v1/containments/{id}", false},
    {"post", "/api/v1/containments/{id}/release", true},
    {"get", "/api/v1/inventory/balances", false},
};

TEST_F(InventoryApi, EveryRouteDeclaresItsBodiesAndReplies) {
  auto doc = Client().Get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  const auto& paths = doc.json().at("paths").as_object();
  const auto& schemas = doc.json().at("components").at("schemas").as_object();
  for (const auto& r : kRoutes) {
    SCOPED_TRACE(std::string(r.method) + " " + r.path);
    ASSERT_TRUE(paths.contains(r.path));
    const auto& op = paths.at(r.path).at(r.method).as_object();
    const json::value* ok = nullptr;
    for (const auto& [status, response] : op.at("responses").as_object())
      if (status.starts_with("2")) ok = &response;
    ASSERT_NE(ok, nullptr);
    EXPECT_TRUE(ok->as_object().contains("content"));
    EXPECT_EQ(op.contains("requestBody"), r.body);
  }
  // The bodies are named components with their fields; the receipt is the journalled document.
  for (const char* name : {"MaterialLotReceipt", "MaterialLot", "MoveLot", "CountLot", "AdjustLot", "ScrapLot",
                           "ShipLot", "LotStatusChange", "OpenContainment", "ReleaseContainment", "ContainmentCase",
                           "InventoryBalances", "LotTrace", "AsBuilt", "Recall", "LotMovements", "LotMovement"})
    EXPECT_TRUE(schemas.contains(name)) << name;
  EXPECT_EQ(schemas.at("MoveLot").at("required"), (json::array{"to", "quantity"}));
  // A required query parameter is said to be required, and only that one.
  for (const auto& p : paths.at("/api/v1/material-lots/{id}/trace").at("get").at("parameters").as_array())
    EXPECT_EQ(p.at("required").as_bool(), p.at("name") == "direction" || p.at("name") == "id") << p.at("name");
}

// Every movement answers the lot as it stands after the commit.
TEST_F(InventoryApi, MovementsAnswerTheLot) {
  auto r = Receive("L1", R"(,"supplier":"Acier SA","supplier_lot":"A-7","expires_at":"2030-01-01")");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("expires_at"), "2030-01-01T00:00:00Z");
  EXPECT_EQ(r.json().at("status"), "available");
  ASSERT_EQ(Receive("L2", R"(,"status":"quarantine")").status, 201);

  auto moved = Lot("L1", "move", R"({"to":"FG","quantity":30})", "operator");
  ASSERT_EQ(moved.status, 200) << moved.body;
  ASSERT_EQ(moved.json().at("locations").as_array().size(), 2u);
  EXPECT_EQ(moved.json().at("locations").as_array()[0].at("location"), "FG");
  EXPECT_EQ(Quantity(moved.json().at("locations").as_array()[0].at("quantity")), 30);

  auto counted = Lot("L1", "count", R"({"location":"WH","counted":65000,"uom":"g"})", "operator");
  ASSERT_EQ(counted.status, 200) << counted.body;
  EXPECT_EQ(Quantity(counted.json().at("adjusted")), -5);  // 70 kg counted as 65
  auto scrapped = Lot("L1", "scrap", R"({"location":"FG","quantity":2,"reason":"dented"})", "operator");
  ASSERT_EQ(scrapped.status, 200) << scrapped.body;
  EXPECT_EQ(Quantity(scrapped.json().at("scrapped")), 2);
  auto adjusted = Lot("L1", "adjust", R"({"location":"FG","delta":-3,"reason":"found short"})");
  ASSERT_EQ(adjusted.status, 200) << adjusted.body;
  EXPECT_EQ(Quantity(adjusted.json().at("adjusted")), -8);
  auto shipped = Lot("L1", "ship", R"({"location":"FG","quantity":20,"reference":"DN-1"})", "operator");
  ASSERT_EQ(shipped.status, 200) << shipped.body;
  EXPECT_EQ(shipped.json().at("last_shipment"), "DN-1");
  EXPECT_EQ(Quantity(shipped.json().at("quantity")), 70);  // 100 - 5 - 2 - 3 - 20
  EXPECT_EQ(shipped.json().at("shipments").as_array()[0].at("location"), "FG");

  // Holds stack; the release names the one it lifts.
  ASSERT_EQ(Lot("L1", "status", R"({"status":"on_hold","reason":"audit"})").status, 200);
  auto held = Lot("L1", "status", R"({"status":"expired","reason":"shelf life"})");
  ASSERT_EQ(held.status, 200) << held.body;
  EXPECT_EQ(held.json().at("holds").as_array().size(), 2u);
  EXPECT_EQ(held.json().at("status_reason"), "audit; shelf life");
  EXPECT_TRUE(held.json().at("holds").as_array()[0].at("case").is_null());
  auto released = Lot("L1", "status", R"({"status":"available","reason":"audit done","hold":"H1"})");
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(released.json().at("status"), "expired");

  // Lists page by id and filter; the lot reads the same on its own.
  auto page = Client("viewer").Get(kLots + "?limit=1&material=STEEL");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json().at("next_after"), "L1");
  auto next = Client("viewer").Get(kLots + "?after=L1&q=L");
  ASSERT_EQ(next.json().at("items").as_array().size(), 1u);
  EXPECT_TRUE(next.json().at("next_after").is_null());
  EXPECT_EQ(Client("viewer").Get(kLots + "?status=quarantine&location=WH").json().at("items").as_array().size(), 1u);
  EXPECT_EQ(Client("viewer").Get(kLots + "/L1").json().at("holds"), released.json().at("holds"));

  // The lot's movement history, oldest first, paged by journal sequence.
  auto history = Client("viewer").Get(kLots + "/L1/movements");
  ASSERT_EQ(history.status, 200) << history.body;
  std::vector<std::string> kinds;
  for (const auto& m : history.json().at("items").as_array()) kinds.emplace_back(m.at("kind").as_string());
  EXPECT_EQ(kinds, (std::vector<std::string>{"received", "moved", "counted", "scrapped", "adjusted", "shipped", "held",
                                             "held", "released"}));
  const auto& all = history.json().at("items").as_array();
  EXPECT_EQ(Quantity(all[1].at("quantity")), 30);
  EXPECT_EQ(all[1].at("location"), "WH");
  EXPECT_EQ(all[1].at("to"), "FG");
  EXPECT_EQ(Quantity(all[2].at("quantity")), -5);
  EXPECT_EQ(all[3].at("reason"), "dented");
  EXPECT_EQ(all[5].at("reference"), "DN-1");
  EXPECT_EQ(all[7].at("hold"), "expired");
  EXPECT_EQ(all[8].at("hold"), "H1");
  EXPECT_EQ(all[8].at("reason"), "audit done");
  EXPECT_TRUE(all[6].at("quantity").is_null());
  EXPECT_TRUE(history.json().at("next_after").is_null());
  auto first = Client("viewer").Get(kLots + "/L1/movements?limit=4");
  ASSERT_EQ(first.json().at("items").as_array().size(), 4u);
  auto after = first.json().at("next_after").to_number<uint64_t>();
  EXPECT_EQ(after, all[3].at("seq").to_number<uint64_t>());
  auto rest = Client("viewer").Get(kLots + "/L1/movements?after=" + std::to_string(after));
  ASSERT_EQ(rest.json().at("items").as_array().size(), 5u);
  EXPECT_EQ(rest.json().at("items").as_array()[0], all[4]);

  // Balances by material, lot and location, split by status.
  auto by_material = Client("viewer").Get("/api/v1/inventory/balances");
  ASSERT_EQ(by_material.status, 200) << by_material.body;
  const auto& steel = by_material.json().at("items").as_array()[0];
  EXPECT_EQ(Quantity(steel.at("quantity")), 170);
  EXPECT_EQ(Quantity(steel.at("by_status").at("quarantine")), 100);
  EXPECT_EQ(Quantity(steel.at("by_status").at("expired")), 70);
  EXPECT_FALSE(steel.at("by_status").as_object().contains("available"));
  EXPECT_EQ(Quantity(steel.at("reserved")), 0);
  auto by_lot = Client("viewer").Get("/api/v1/inventory/balances?by=lot&status=expired");
  ASSERT_EQ(by_lot.status, 200) << by_lot.body;
  ASSERT_EQ(by_lot.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(by_lot.json().at("items").as_array()[0].at("lot"), "L1");
  EXPECT_FALSE(by_lot.json().at("items").as_array()[0].as_object().contains("reserved"));
  auto by_location = Client("viewer").Get("/api/v1/inventory/balances?by=location&site=SITE&material=STEEL");
  ASSERT_EQ(by_location.status, 200) << by_location.body;
  std::set<std::string> where;
  for (const auto& row : by_location.json().at("items").as_array())
    where.insert(std::string(row.at("location").as_string()));
  EXPECT_EQ(where, (std::set<std::string>{"FG", "WH"}));

  // A case opened on its own collection, listed, read and released; genealogy of a lot made
  // of nothing is empty.
  auto opened = Client("supervisor").Post("/api/v1/containments", R"({"lots":["L2"],"reason":"supplier alert"})");
  ASSERT_EQ(opened.status, 201) << opened.body;
  std::string id(opened.json().at("id").as_string());
  EXPECT_EQ(id, "C-0001");
  EXPECT_TRUE(opened.json().at("released_at").is_null());
  EXPECT_EQ(Client("viewer").Get("/api/v1/containments?status=released").json().at("items").as_array().size(), 0u);
  EXPECT_EQ(Client("viewer").Get("/api/v1/containments/" + id).json().at("held_count"), 1);
  auto done = Client("supervisor").Post("/api/v1/containments/" + id + "/release", R"({"reason":"false alarm"})");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json().at("release_reason"), "false alarm");
  auto trace = Client("viewer").Get(kLots + "/L1/trace?direction=forward&depth=2&limit=5");
  ASSERT_EQ(trace.status, 200) << trace.body;
  EXPECT_EQ(trace.json().at("depth"), 2);
  EXPECT_EQ(trace.json().at("count"), 0);
  auto built = Client("viewer").Get(kLots + "/L1/as-built");
  ASSERT_EQ(built.status, 200) << built.body;
  EXPECT_EQ(built.json().at("origin"), "received");
  EXPECT_EQ(built.json().at("supplier"), "Acier SA");
  EXPECT_FALSE(built.json().as_object().contains("order"));
  auto recall = Client("viewer").Get(kLots + "/L1/recall?limit=10");
  ASSERT_EQ(recall.status, 200) << recall.body;
  EXPECT_EQ(recall.json().at("shipments").as_array().size(), 1u);  // its own shipment
  EXPECT_EQ(recall.json().at("affected_lots"), 0);
}

// Bad bodies and queries are refused with the offending field, before anything is written.
TEST_F(InventoryApi, BadInputNamesItsField) {
  ASSERT_EQ(Receive("L1").status, 201);
  struct Case {
    std::string path;
    std::string body;  // empty: a GET
    std::string field;
  };
  const std::string l1 = kLots + "/L1";
  const Case cases[] = {
      {kLots, R"({"id":"L2","material":"STEEL","quantity":-1,"location":"WH"})", "quantity"},
      {kLots, R"({"id":"L2","material":"STEEL","quantity":1,"location":"WH","status":"lost"})", "status"},
      {kLots, R"({"id":"L2","material":"STEEL","quantity":1,"location":"WH","colour":"red"})", "colour"},
      {kLots, R"({"id":"L2","material":"STEEL","quantity":1,"location":"WH",
                  "properties":[{"id":"heat","type":"string"}]})",
       "properties[0].value"},
      {l1 + "/move", R"({"quantity":1})", "to"},
      {l1 + "/move", R"({"to":"FG","quantity":0})", "quantity"},
      {l1 + "/move", R"({"to":"FG","quantity":1,"uom":"not an id"})", "uom"},
      {l1 + "/count", R"({"location":"WH","counted":-1})", "counted"},
      {l1 + "/adjust", R"({"location":"WH","delta":0,"reason":"x"})", "delta"},
      {l1 + "/adjust", R"({"location":"WH","delta":1})", "reason"},
      {l1 + "/scrap", R"({"quantity":1})", "reason"},
      {l1 + "/ship", R"({"quantity":1,"reference":7})", "reference"},
      {l1 + "/status", R"({"status":"lost","reason":"x"})", "status"},
      {l1 + "/status", R"({"status":"quarantine","reason":""})", "reason"},
      {l1 + "/status", R"({"status":"quarantine","reason":"x","hold":"H1"})", "hold"},
      {l1 + "/status", R"({"status":"expired","reason":"x","containment":true})", "containment"},
      {"/api/v1/containments", R"({"lots":[],"reason":"x"})", "lots"},
      {"/api/v1/containments", R"({"lots":["L1","L1"],"reason":"x"})", "lots[1]"},
      {"/api/v1/containments", R"({"lots":["L1"],"reason":""})", "reason"},
      {"/api/v1/containments/C-0001/release", R"({})", "reason"},
      {kLots + "?status=lost", "", "status"},
      {kLots + "?limit=0", "", "limit"},
      {kLots + "/L1?verbose=true", "", "verbose"},
      {"/api/v1/containments?status=closed", "", "status"},
      {"/api/v1/inventory/balances?by=colour", "", "by"},
      {"/api/v1/inventory/balances?status=lost", "", "status"},
      {l1 + "/trace", "", "direction"},
      {l1 + "/trace?direction=forward&depth=1001", "", "depth"},
      {l1 + "/recall?limit=0", "", "limit"},
      {l1 + "/movements?limit=0", "", "limit"},
      {l1 + "/movements?after=-1", "", "after"},
  };
  uint64_t head = JournalHead();
  auto c = Client();
  for (const Case& k : cases) {
    auto r = k.body.empty() ? c.Get(k.path) : c.Post(k.path, k.body);
    EXPECT_EQ(r.status, 400) << k.path << " " << k.body << " -> " << r.body;
    EXPECT_EQ(r.error_field(), k.field) << k.path << " " << k.body << " -> " << r.body;
  }
  EXPECT_EQ(JournalHead(), head);
  // Rules against the state stay the plant's: a lot that does not exist, stock that is not there.
  EXPECT_EQ(c.Post(kLots + "/NOPE/move", R"({"to":"FG","quantity":1})").status, 404);
  EXPECT_EQ(c.Post(l1 + "/move", R"({"to":"FG","quantity":101})").error_field(), "quantity");
  EXPECT_EQ(c.Post("/api/v1/containments", R"({"lots":["NOPE"],"reason":"x"})").error_field(), "lots[0]");
  EXPECT_EQ(c.Get(kLots + "/NOPE/as-built").status, 404);
  EXPECT_EQ(c.Get(kLots + "/NOPE/movements").status, 404);
  EXPECT_EQ(JournalHead(), head);
}

}  // namespace
}  // namespace takt::test
