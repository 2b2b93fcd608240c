// The resource API end to end: create, read, list, update, retire, journal, OpenAPI.
#include "connect/http/api.h"

#include <boost/json.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "api/fixture.h"
#include "core/hash.h"
#include "plan/queue.h"
#include "runtime/runtime.h"

namespace takt::test {
namespace {

namespace json = boost::json;

class ApiTest : public ServerTest {
 protected:
  void SeedHierarchy() {
    auto c = Client();
    ASSERT_EQ(c.Post("/api/v1/equipment", R"({"id":"ENT","level":"enterprise","description":"Acme"})").status, 201);
    ASSERT_EQ(
        c.Post("/api/v1/equipment", R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Paris"})").status,
        201);
    ASSERT_EQ(c.Post("/api/v1/equipment", R"({"id":"AREA","level":"area","parent":"SITE"})").status, 201);
    ASSERT_EQ(c.Post("/api/v1/equipment", R"({"id":"WC","level":"work_center","parent":"AREA"})").status, 201);
  }
};

TEST_F(ApiTest, HealthNeedsNoToken) {
  HttpClient anon(server_->base());
  auto r = anon.Get("/api/v1/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("status"), "ok");
  EXPECT_EQ(anon.Get("/api/v1/equipment").status, 401);
}

TEST_F(ApiTest, CreateReadUpdateRetire) {
  SeedHierarchy();
  auto c = Client();
  auto created =
      c.Post("/api/v1/equipment", R"({"id":"WU-1","level":"work_unit","parent":"WC","description":"lathe"})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json().at("version"), 1);
  EXPECT_EQ(created.json().at("updated_by"), "user:admin-user");

  auto got = c.Get("/api/v1/equipment/WU-1");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json().at("description"), "lathe");
  EXPECT_EQ(got.json().at("parent"), "WC");

  // Send back what GET returned, changed: read-only fields are accepted and ignored.
  json::object doc = got.json().as_object();
  doc["description"] = "CNC lathe";
  auto updated = c.Put("/api/v1/equipment/WU-1", json::serialize(doc));
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.json().at("version"), 2);
  auto stale = c.Put("/api/v1/equipment/WU-1", json::serialize(doc));
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.error_field(), "version");

  EXPECT_EQ(c.Delete("/api/v1/equipment/WC").status, 409);  // still has WU-1
  auto retired = c.Delete("/api/v1/equipment/WU-1?version=2");
  ASSERT_EQ(retired.status, 200) << retired.body;
  EXPECT_EQ(retired.json().at("retired"), true);
  EXPECT_EQ(c.Get("/api/v1/equipment/WU-1").json().at("retired"), true);  // retired, not deleted
  EXPECT_EQ(c.Get("/api/v1/equipment/NOPE").status, 404);
}

TEST_F(ApiTest, ListsArePagedAndFiltered) {
  SeedHierarchy();
  auto c = Client();
  for (int i = 0; i < 25; ++i)
    ASSERT_EQ(c.Post("/api/v1/equipment",
                     R"({"id":"WU-)" + std::to_string(100 + i) + R"(","level":"work_unit","parent":"WC"})")
                  .status,
              201);
  ASSERT_EQ(c.Delete("/api/v1/equipment/WU-100").status, 200);
  std::vector<std::string> ids;
  std::string after;
  int pages = 0;
  do {
    auto r = c.Get("/api/v1/equipment?level=work_unit&limit=10" + (after.empty() ? "" : "&after=" + after));
    ASSERT_EQ(r.status, 200) << r.body;
    for (const auto& item : r.json().at("items").as_array()) ids.emplace_back(item.at("id").as_string());
    auto next = r.json().at("next_after");
    after = next.is_string() ? std::string(next.as_string()) : "";
    ++pages;
  } while (!after.empty());
  EXPECT_EQ(ids.size(), 24u);  // WU-100 is retired
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(ids.front(), "WU-101");
  auto all = c.Get("/api/v1/equipment?parent=WC&include_retired=true&limit=1000");
  EXPECT_EQ(all.json().at("items").as_array().size(), 25u);
  auto sites = c.Get("/api/v1/equipment?level=site");
  ASSERT_EQ(sites.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(c.Get("/api/v1/equipment?colour=red").error_field(), "colour");
  EXPECT_EQ(c.Get("/api/v1/equipment?limit=0").error_field(), "limit");
}

TEST_F(ApiTest, ReferencesAndCyclesAreUnprocessable) {
  SeedHierarchy();
  auto c = Client();
  auto r = c.Post("/api/v1/material-definitions", R"({"id":"STEEL","uom":"kg"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_field(), "uom");
  ASSERT_EQ(c.Post("/api/v1/units", R"({"id":"pcs","dimension":"count"})").status, 201);
  ASSERT_EQ(c.Post("/api/v1/material-definitions", R"({"id":"A","uom":"pcs"})").status, 201);
  ASSERT_EQ(c.Post("/api/v1/material-definitions", R"({"id":"B","uom":"pcs"})").status, 201);
  ASSERT_EQ(c.Post("/api/v1/product-definitions",
                   R"({"id":"PD-A","product":"A","bom":[{"material":"B","quantity":2,"uom":"pcs"}]})")
                .status,
            201);
  r = c.Post("/api/v1/product-definitions",
             R"({"id":"PD-B","product":"B","bom":[{"material":"A","quantity":1,"uom":"pcs"}]})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_field(), "bom[0].material");
  r = c.Post("/api/v1/equipment", R"({"id":"ENT","level":"enterprise"})");
  EXPECT_EQ(r.status, 409);
}

TEST_F(ApiTest, JournalRecordsEveryChangeWithItsActor) {
  uint64_t before = JournalHead();
  auto sup = Client("supervisor");
  ASSERT_EQ(sup.Post("/api/v1/qualifications", R"({"id":"Q1","validity_days":365})").status, 201);
  ASSERT_EQ(
      sup.Post(
             "/api/v1/persons",
             R"({"id":"P1","name":"Ana Silva","qualifications":[{"qualification":"Q1","tested_at":"2026-01-10","expires_at":"2027-01-10"}]})")
          .status,
      201);
  auto page = sup.Get("/api/v1/journal?after=" + std::to_string(before) + "&limit=1");
  ASSERT_EQ(page.status, 200) << page.body;
  const auto& events = page.json().at("events").as_array();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("seq").to_number<uint64_t>(), before + 1);
  EXPECT_EQ(events[0].at("actor"), "user:supervisor-user");
  EXPECT_EQ(events[0].at("type"), "resource.created");
  EXPECT_EQ(events[0].at("payload").at("doc").at("id"), "Q1");
  EXPECT_EQ(page.json().at("next_after").to_number<uint64_t>(), before + 1);
  auto rest = sup.Get("/api/v1/journal?after=" + std::to_string(before + 1));
  ASSERT_EQ(rest.json().at("events").as_array().size(), 1u);
  EXPECT_TRUE(rest.json().at("next_after").is_null());
}

TEST_F(ApiTest, UsersAndTokenRotation) {
  auto admin = Client();
  auto created = admin.Post("/api/v1/users", R"({"name":"bob","role":"operator"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string token(created.json().at("token").as_string());
  HttpClient bob(server_->base(), token);
  EXPECT_EQ(bob.Get("/api/v1/me").json().at("role"), "operator");
  auto rotated = admin.Post("/api/v1/users/bob/token", "{}");
  ASSERT_EQ(rotated.status, 200);
  EXPECT_EQ(bob.Get("/api/v1/me").status, 401);  // the old token no longer works
  bob.set_token(std::string(rotated.json().at("token").as_string()));
  EXPECT_EQ(bob.Get("/api/v1/me").status, 200);
  auto list = admin.Get("/api/v1/users");
  EXPECT_EQ(list.body.find("token"), std::string::npos);  // hashes never leave the server
  EXPECT_EQ(admin.Post("/api/v1/users", R"({"name":"bob","role":"viewer"})").status, 409);
  EXPECT_EQ(admin.Post("/api/v1/users", R"({"name":"eve","role":"root"})").error_field(), "role");
}

std::string Fill(std::string path) {
  for (auto [param, value] : {std::pair{"{id}", "SOME-ID"}, {"{name}", "someone"}})
    if (auto at = path.find(param); at != std::string::npos) path.replace(at, std::string(param).size(), value);
  return path;
}

TEST_F(ApiTest, OpenApiPathsMatchServedRoutes) {
  auto c = Client();
  auto doc = c.Get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  EXPECT_EQ(doc.json().at("openapi"), "3.1.0");
  std::set<std::pair<std::string, std::string>> documented, served;
  for (const auto& [path, item] : doc.json().at("paths").as_object())
    for (const auto& [method, op] : item.as_object()) {
      std::string m(method);
      for (auto& ch : m) ch = static_cast<char>(std::toupper(ch));
      documented.insert({m, std::string(path)});
    }
  for (const auto& r : http::Routes()) {
    served.insert({r.method, r.path});
    // Every route is bound to its contract: its reply (and any body it takes) is described.
    EXPECT_NE(r.response, nullptr) << r.method << " " << r.path;
    if (r.request_type) EXPECT_NE(r.request, nullptr) << r.method << " " << r.path;
    if (r.method == "PUT") EXPECT_NE(r.request_type, nullptr) << r.path;
  }
  EXPECT_EQ(documented, served);
  // Every documented operation is answered by a handler (never "no route" or 405).
  for (const auto& [method, path] : documented) {
    auto r = c.Send(method, Fill(path), method == "GET" || method == "DELETE" ? "" : "{}");
    EXPECT_NE(r.status, 0) << method << " " << path;
    EXPECT_NE(r.error_code(), "no_route") << method << " " << path;
    EXPECT_NE(r.status, 405) << method << " " << path;
  }
  // A body that may be left out says so; one with required fields does not.
  const auto& paths = doc.json().at("paths");
  EXPECT_EQ(paths.at("/api/v1/users/{name}/enable").at("post").at("requestBody").at("required"), false);
  EXPECT_EQ(paths.at("/api/v1/users/{name}/disable").at("post").at("requestBody").at("required"), true);
  EXPECT_EQ(c.Post("/api/v1/users/viewer-user/enable", "").error_code(), "conflict");  // not disabled: no body needed
  // And the check can fail: an undocumented path is not served.
  EXPECT_EQ(c.Get("/api/v1/widgets").error_code(), "no_route");
  EXPECT_EQ(c.Send("PATCH", "/api/v1/units", "{}").status, 405);
}

// Paths match route templates segment by segment: literals exactly, a parameter any non-empty
// segment (percent-decoded), a trailing slash ignored.
TEST_F(ApiTest, PathsMatchTemplatesSegmentBySegment) {
  auto c = Client();
  ASSERT_EQ(c.Post("/api/v1/units", R"({"id":"kg","dimension":"mass"})").status, 201);
  EXPECT_EQ(c.Get("/api/v1/units/kg").status, 200);
  EXPECT_EQ(c.Get("/api/v1/units/kg/").status, 200);
  EXPECT_EQ(c.Get("/api/v1/units/").json().at("items").as_array().size(), 1u);  // the list
  EXPECT_EQ(c.Get("/api/v1/units/%6Bg").json().at("id"), "kg");
  EXPECT_EQ(c.Get("/api/v1/units/g").error_code(), "not_found");
  for (const char* none :
       {"/api/v1/units//", "/api/v1//units", "/api/v1/units/kg/x", "/api/v1/unit", "/api/v1/unitsx", "/api/v1"})
    EXPECT_EQ(c.Get(none).error_code(), "no_route") << none;
  std::string deep = "/api/v1/units";
  for (int i = 0; i < 40; ++i) deep += "/kg";
  EXPECT_EQ(c.Get(deep).error_code(), "no_route");
  EXPECT_EQ(c.Send("PATCH", "/api/v1/units/kg", "{}").error_code(), "method_not_allowed");
}

// A write is answered on the runtime's writer thread, which every write waits for: its reply
// leaves that thread unencoded, and the transport encodes the body on its own thread.
TEST(ApiInProcess, WriteRepliesLeaveTheWriterUnencoded) {
  TempDir dir;
  runtime::Options o;
  o.db_url = "sqlite:" + dir.File("t.db");
  o.verify = false;
  auto rt = runtime::Runtime::Open(o);
  ASSERT_TRUE(rt.ok()) << rt.status().ToString();
  ASSERT_TRUE((*rt)->Execute(plant::AddUser{"admin", plant::Role::kAdmin, TokenHash("secret")}, "system:test").ok());
  plan::PlanQueue plans(**rt);
  http::Api api(**rt, plans);

  std::mutex mu;
  std::condition_variable cv;
  std::optional<http::Response> got;
  std::thread::id answered_on;
  http::Request req{.method = "POST",
                    .target = "/api/v1/units",
                    .authorization = "Bearer secret",
                    .body = R"({"id":"kg","dimension":"mass"})",
                    .peer = "127.0.0.1"};
  api.Handle(req, [&](http::Response r) {
    std::lock_guard l(mu);
    got = std::move(r);
    answered_on = std::this_thread::get_id();
    cv.notify_all();
  });
  std::unique_lock l(mu);
  ASSERT_TRUE(cv.wait_for(l, std::chrono::seconds(60), [&] { return got.has_value(); }));
  EXPECT_NE(answered_on, std::this_thread::get_id());  // the writer's thread
  EXPECT_EQ(got->status, 201);
  EXPECT_TRUE(got->body.empty()) << got->body;
  ASSERT_TRUE(got->encode);
  json::value body = json::parse(got->encode());
  EXPECT_EQ(body.at("id"), "kg");
  EXPECT_EQ(body.at("dimension"), "mass");
}

}  // namespace
}  // namespace takt::test
