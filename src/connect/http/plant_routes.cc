// Inventory and genealogy over HTTP: parse the route into a plant command or a query, nothing
// more. Writes answer with the lot as it stands after the commit. (Production has its own
// routes: production_routes.cc.)
#include <chrono>
#include <set>

#include "connect/http/util.h"
#include "plant/genealogy/trace.h"
#include "plant/inventory/inventory.h"
#include "plant/inventory/queries.h"
#include "runtime/runtime.h"

namespace takt::http {
namespace {

using plant::LotAction;

std::string Param(const Query& q, std::string_view key) {
  auto it = q.find(key);
  return it == q.end() ? std::string() : it->second;
}

Response ReadLot(runtime::Runtime& rt, const std::string& id, int status) {
  return rt.Read([&](const plant::Plant& p) {
    const auto* lot = p.state().inv.Find(id);
    return lot ? Json(status, plant::inventory::Encode(*lot))
               : ErrorResponse(404, "not_found", "no material lot '" + id + "'", "id");
  });
}

// A containment case as it stands after the commit: the one the events opened, or `id`.
Response ReadCase(runtime::Runtime& rt, const runtime::Committed& c, std::string id, int status) {
  if (id.empty()) {
    Status s = rt.journal().Scan(c.first_seq - 1, c.last_seq - c.first_seq + 1, [&](const Event& e) {
      if (e.type != "containment.opened") return true;
      if (auto v = ParseJson(e.payload); v.ok()) id = std::string(v->as_object().at("id").as_string());
      return false;
    });
    if (!s.ok()) return FromStatus(s);
  }
  return rt.Read([&](const plant::Plant& p) {
    auto r = plant::inventory::GetContainment(p.state(), id);
    return r.ok() ? Json(status, *r) : FromStatus(r.status());
  });
}

template <typename F>
Response Answer(runtime::Runtime& rt, F&& f) {
  return rt.Read([&](const plant::Plant& p) -> Response {
    Result<json::object> r = f(p.state());
    return r.ok() ? Json(200, *r) : FromStatus(r.status());
  });
}

Response LotQuery(runtime::Runtime& rt, const std::string& what, const std::string& id, const Query& q) {
  if (what == "trace") {
    if (Status s = OnlyParams(q, {"direction", "depth", "limit"}); !s.ok()) return FromStatus(s);
    std::string dir = Param(q, "direction");
    if (dir != "backward" && dir != "forward")
      return FromStatus(Status::Invalid("expected backward or forward", "direction"));
    auto depth = IntParam(q, "depth", 0, 0, 1000);
    if (!depth.ok()) return FromStatus(depth.status());
    auto limit = IntParam(q, "limit", 1000, 1, 100000);
    if (!limit.ok()) return FromStatus(limit.status());
    auto d = dir == "backward" ? genealogy::Direction::kBackward : genealogy::Direction::kForward;
    return Answer(rt, [&](const plant::State& st) {
      return plant::TraceLots(st, id, d, static_cast<uint32_t>(*depth), static_cast<size_t>(*limit));
    });
  }
  if (what == "recall") {
    if (Status s = OnlyParams(q, {"limit"}); !s.ok()) return FromStatus(s);
    auto limit = IntParam(q, "limit", 1000, 1, 100000);
    if (!limit.ok()) return FromStatus(limit.status());
    return Answer(rt, [&](const plant::State& st) { return plant::Recall(st, id, static_cast<size_t>(*limit)); });
  }
  if (Status s = OnlyParams(q, {}); !s.ok()) return FromStatus(s);
  return Answer(rt, [&](const plant::State& st) { return plant::AsBuilt(st, id); });
}

std::optional<LotAction> ParseLotAction(std::string_view a) {
  if (a == "move") return LotAction::kMove;
  if (a == "count") return LotAction::kCount;
  if (a == "scrap") return LotAction::kScrap;
  if (a == "ship") return LotAction::kShip;
  if (a == "adjust") return LotAction::kAdjust;
  if (a == "status") return LotAction::kSetStatus;
  return std::nullopt;
}

std::string LastSegment(const std::string& path) {
  return path.substr(path.rfind('/') + 1);
}

std::string BodyId(const json::value& body) {
  const json::value* id = body.get_object().if_contains("id");
  return id && id->is_string() ? std::string(id->get_string()) : std::string();
}

}  // namespace

void HandlePlantRoute(runtime::Runtime& rt, const Route& route, const Request& req, const Params& params,
                      const Query& query, const std::string& actor, Reply reply) {
  const std::string& path = route.path;
  std::string id = params.count("id") ? params.at("id") : std::string();
  if (req.method == "GET") {
    if (path == "/api/v1/material-lots") {
      Status s = OnlyParams(query, {"limit", "after", "q", "material", "status", "location", "work_order"});
      auto limit = IntParam(query, "limit", 100, 1, 1000);
      if (!s.ok() || !limit.ok()) return reply(FromStatus(s.ok() ? limit.status() : s));
      plant::inventory::LotFilter f{Param(query, "material"),   Param(query, "status"), Param(query, "location"),
                                    Param(query, "work_order"), Param(query, "q"),      Param(query, "after"),
                                    static_cast<size_t>(*limit)};
      return reply(rt.Read([&](const plant::Plant& p) { return Json(200, plant::inventory::ListLots(p.state(), f)); }));
    }
    if (path == "/api/v1/containments") {
      Status s = OnlyParams(query, {"limit", "after", "status"});
      auto limit = IntParam(query, "limit", 100, 1, 1000);
      if (!s.ok() || !limit.ok()) return reply(FromStatus(s.ok() ? limit.status() : s));
      std::string status = Param(query, "status");
      if (!status.empty() && status != "open" && status != "released")
        return reply(FromStatus(Status::Invalid("expected open or released", "status")));
      return reply(rt.Read([&](const plant::Plant& p) {
        return Json(200, plant::inventory::ListContainments(p.state(), status, Param(query, "after"),
                                                            static_cast<size_t>(*limit)));
      }));
    }
    if (path == "/api/v1/containments/{id}") {
      if (Status s = OnlyParams(query, {}); !s.ok()) return reply(FromStatus(s));
      return reply(Answer(rt, [&](const plant::State& st) { return plant::inventory::GetContainment(st, id); }));
    }
    if (path == "/api/v1/inventory/balances") {
      if (Status s = OnlyParams(query, {"by", "material", "location", "site", "status"}); !s.ok())
        return reply(FromStatus(s));
      plant::inventory::BalanceFilter f{query.count("by") ? Param(query, "by") : "material", Param(query, "material"),
                                        Param(query, "location"), Param(query, "site"), Param(query, "status")};
      return reply(Answer(rt, [&](const plant::State& st) { return plant::inventory::Balances(st, f); }));
    }
    if (path == "/api/v1/material-lots/{id}") {
      if (Status s = OnlyParams(query, {}); !s.ok()) return reply(FromStatus(s));
      return reply(ReadLot(rt, id, 200));
    }
    return reply(LotQuery(rt, LastSegment(path), id, query));
  }

  if (Status s = OnlyParams(query, {}); !s.ok()) return reply(FromStatus(s));
  auto body = Body(req);
  if (!body.ok()) return reply(FromStatus(body.status()));
  if (path == "/api/v1/material-lots") {
    std::string lot = BodyId(*body);
    return rt.Submit(plant::InventoryCommand{LotAction::kReceive, lot, std::move(body).value()}, actor,
                     [&rt, lot, reply = std::move(reply)](const Result<runtime::Committed>& c) {
                       reply(c.ok() ? ReadLot(rt, lot, 201) : FromStatus(c.status()));
                     });
  }
  if (path.starts_with("/api/v1/containments")) {
    bool open = path == "/api/v1/containments";
    plant::ContainmentCommand cmd{open ? plant::ContainmentAction::kOpen : plant::ContainmentAction::kRelease, id,
                                  std::move(body).value()};
    return rt.Submit(std::move(cmd), actor,
                     [&rt, id, open, reply = std::move(reply)](const Result<runtime::Committed>& c) {
                       reply(c.ok() ? ReadCase(rt, *c, id, open ? 201 : 200) : FromStatus(c.status()));
                     });
  }
  if (path.starts_with("/api/v1/material-lots/")) {
    auto action = ParseLotAction(LastSegment(path));
    return rt.Submit(plant::InventoryCommand{*action, id, std::move(body).value()}, actor,
                     [&rt, id, reply = std::move(reply)](const Result<runtime::Committed>& c) {
                       reply(c.ok() ? ReadLot(rt, id, 200) : FromStatus(c.status()));
                     });
  }
}

}  // namespace takt::http
