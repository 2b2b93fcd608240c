#include "support/planning_plant.h"

#include <ctime>

namespace takt::test {

namespace {

// `days` from now, as an ISO 8601 UTC time.
std::string DaysFromNow(int days) {
  std::time_t t = std::time(nullptr) + days * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

std::string Post(HttpClient& c, const std::string& path, const std::string& body, long want) {
  auto r = c.Post(path, body);
  return r.status == want ? "" : path + " " + body + " gave " + std::to_string(r.status) + ": " + r.body;
}

}  // namespace

std::string SeedPlanningPlant(HttpClient& c, int orders) {
  std::string err;
  auto post = [&](const std::string& path, const std::string& body, long want = 201) {
    if (err.empty()) err = Post(c, path, body, want);
  };
  post("/api/v1/units", R"({"id":"pcs","dimension":"count"})");
  post("/api/v1/equipment", R"({"id":"ENT","level":"enterprise"})");
  post("/api/v1/equipment", R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Paris"})");
  post("/api/v1/equipment", R"({"id":"AREA","level":"area","parent":"SITE"})");
  post("/api/v1/setup-matrices", R"({"id":"SM","rules":[{"from":"*","to":"*","setup_time_s":900}]})");
  post("/api/v1/equipment-classes", R"({"id":"MACHINE","setup_matrix":"SM"})");
  for (int c = 0; c < 10; ++c) {
    std::string wc = "WC" + std::to_string(c);
    post("/api/v1/equipment", R"({"id":")" + wc + R"(","level":"work_center","parent":"AREA"})");
    for (int u = 0; u < 3; ++u)
      post("/api/v1/equipment", R"({"id":")" + wc + "-U" + std::to_string(u) +
                                    R"(","level":"work_unit","classes":["MACHINE"],"parent":")" + wc + R"("})");
  }
  post("/api/v1/material-definitions", R"({"id":"PART","uom":"pcs"})");
  for (int p = 0; p < 10; ++p) {
    std::string ops;
    for (int k = 0; k < 10; ++k) {
      int wc = (k * 3 + p) % 10;
      std::string preds = k == 5 ? R"(,"predecessors":[])" : k == 9 ? R"(,"predecessors":["OP4","OP8"])" : "";
      ops += std::string(k ? "," : "") + R"({"id":"OP)" + std::to_string(k) + R"(","work_center":"WC)" +
             std::to_string(wc) + R"(","setup_time_s":)" + std::to_string(300 + 60 * ((p + k) % 5)) +
             R"(,"run_time_per_unit_s":)" + std::to_string(20 + 7 * ((p * k) % 9)) +
             R"(,"may_pause":true,"setup_family":"F)" + std::to_string((p + k) % 4) + "\"" + preds + "}";
    }
    post("/api/v1/product-definitions",
         R"({"id":"PD)" + std::to_string(p) + R"(","product":"PART","routing":[)" + ops + "]}");
  }
  for (int i = 0; i < orders && err.empty(); ++i) {
    std::string id = "WO" + std::to_string(i);
    post("/api/v1/work-orders", R"({"id":")" + id + R"(","product_definition":"PD)" + std::to_string(i % 10) +
                                    R"(","quantity":)" + std::to_string(20 + i % 30) + R"(,"due":")" +
                                    DaysFromNow(1 + i % 5) + R"(","site":"SITE","priority":)" +
                                    std::to_string(1 + i % 900) + "}");
    post("/api/v1/work-orders/" + id + "/release", "{}", 200);
  }
  return err;
}

}  // namespace takt::test
