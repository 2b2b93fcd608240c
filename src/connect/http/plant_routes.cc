// Inventory, genealogy and production over HTTP: parse the route into a plant command or a
// query, nothing more. Writes answer with the lot or order as it stands after the commit.
#include <chrono>
#include <set>

#include "connect/http/util.h"
#include "plant/inventory/inventory.h"
#include "plant/production/production.h"
#include "plant/production/queries.h"
#include "runtime/runtime.h"

namespace takt::http {
namespace {

using plant::OrderAction;

std::string Param(const Query& q, std::string_view key) {
  auto it = q.find(key);
  return it == q.end() ? std::string() : it->second;
}

Response ReadOrder(runtime::Runtime& rt, const std::string& id, int status) {
  return rt.Read([&](const plant::Plant& p) {
    const auto* wo = p.state().prod.Find(id);
    return wo ? Json(status, plant::production::Encode(*wo))
              : ErrorResponse(404, "not_found", "no work order '" + id + "'", "id");
  });
}

// The lots a material.produced event created, read back after the commit.
Response ProducedLots(runtime::Runtime& rt, const runtime::Committed& c, const std::string& order) {
  std::vector<std::string> ids;
  Status s = rt.journal().Scan(c.first_seq - 1, c.last_seq - c.first_seq + 1, [&](const Event& e) {
    if (e.type != "material.produced") return true;
    auto v = ParseJson(e.payload);
    if (v.ok())
      for (const auto& l : v->as_object().at("lots").as_array()) ids.emplace_back(l.as_object().at("id").as_string());
    return true;
  });
  if (!s.ok()) return FromStatus(s);
  return rt.Read([&](const plant::Plant& p) {
    json::array lots, cases;
    std::set<std::string> seen;
    for (const auto& id : ids)
      if (const auto* lot = p.state().inv.Find(id)) {
        lots.push_back(plant::inventory::Encode(*lot));
        for (const auto& h : lot->holds)  // born held under an open containment case
          if (!h.case_id.empty() && seen.insert(h.case_id).second) cases.emplace_back(h.case_id);
      }
    json::object out{{"lots", std::move(lots)}, {"containments", std::move(cases)}};
    if (const auto* wo = p.state().prod.Find(order)) out["work_order"] = plant::production::Encode(*wo);
    return Json(201, out);
  });
}

template <typename F>
Response Answer(runtime::Runtime& rt, F&& f) {
  return rt.Read([&](const plant::Plant& p) -> Response {
    Result<json::object> r = f(p.state());
    return r.ok() ? Json(200, *r) : FromStatus(r.status());
  });
}

Response OrderQuery(runtime::Runtime& rt, const std::string& what, const std::string& id, const Query& q) {
  if (what == "picks") {
    if (Status s = OnlyParams(q, {"strategy"}); !s.ok()) return FromStatus(s);
    std::string strategy = q.count("strategy") ? Param(q, "strategy") : "fefo";
    if (strategy != "fefo" && strategy != "fifo")
      return FromStatus(Status::Invalid("expected fefo or fifo", "strategy"));
    Timestamp now = Now();
    return Answer(rt,
                  [&](const plant::State& st) { return plant::production::PickList(st, id, strategy == "fefo", now); });
  }
  if (Status s = OnlyParams(q, {}); !s.ok()) return FromStatus(s);
  return Answer(rt, [&](const plant::State& st) { return plant::production::Performance(st, id); });
}

std::optional<OrderAction> ParseOrderAction(std::string_view a, bool operation) {
  if (!operation) {
    if (a == "release") return OrderAction::kRelease;
    if (a == "hold") return OrderAction::kHold;
    if (a == "resume") return OrderAction::kResume;
    if (a == "cancel") return OrderAction::kCancel;
    if (a == "close") return OrderAction::kClose;
    if (a == "reschedule") return OrderAction::kReschedule;
    return std::nullopt;
  }
  if (a == "start") return OrderAction::kStart;
  if (a == "pause") return OrderAction::kPause;
  if (a == "resume") return OrderAction::kResumeOperation;
  if (a == "report") return OrderAction::kReport;
  if (a == "complete") return OrderAction::kComplete;
  if (a == "consume") return OrderAction::kConsume;
  if (a == "produce") return OrderAction::kProduce;
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
    if (path == "/api/v1/work-orders") {
      Status s = OnlyParams(query, {"limit", "after", "status", "site", "product_definition"});
      auto limit = IntParam(query, "limit", 100, 1, 1000);
      if (!s.ok() || !limit.ok()) return reply(FromStatus(s.ok() ? limit.status() : s));
      plant::production::OrderFilter f{Param(query, "status"), Param(query, "site"), Param(query, "product_definition"),
                                       Param(query, "after"), static_cast<size_t>(*limit)};
      return reply(
          rt.Read([&](const plant::Plant& p) { return Json(200, plant::production::ListOrders(p.state(), f)); }));
    }
    if (path == "/api/v1/dispatch") {
      if (Status s = OnlyParams(query, {"work_center", "work_unit"}); !s.ok()) return reply(FromStatus(s));
      return reply(Answer(rt, [&](const plant::State& st) {
        return plant::production::DispatchList(st, Param(query, "work_center"), Param(query, "work_unit"));
      }));
    }
    if (path == "/api/v1/work-orders/{id}") {
      if (Status s = OnlyParams(query, {}); !s.ok()) return reply(FromStatus(s));
      return reply(ReadOrder(rt, id, 200));
    }
    return reply(OrderQuery(rt, LastSegment(path), id, query));
  }

  if (Status s = OnlyParams(query, {}); !s.ok()) return reply(FromStatus(s));
  auto body = Body(req);
  if (!body.ok()) return reply(FromStatus(body.status()));
  if (path == "/api/v1/work-orders") {
    std::string order = BodyId(*body);
    return rt.Submit(plant::ProductionCommand{OrderAction::kCreate, "", "", std::move(body).value()}, actor,
                     [&rt, order, reply = std::move(reply)](const Result<runtime::Committed>& c) {
                       reply(c.ok() ? ReadOrder(rt, order, 201) : FromStatus(c.status()));
                     });
  }
  bool on_operation = params.count("operation") > 0;
  auto action = ParseOrderAction(LastSegment(path), on_operation);
  std::string op = on_operation ? params.at("operation") : std::string();
  bool produce = action == OrderAction::kProduce;
  rt.Submit(plant::ProductionCommand{*action, id, op, std::move(body).value()}, actor,
            [&rt, id, produce, reply = std::move(reply)](const Result<runtime::Committed>& c) {
              if (!c.ok()) return reply(FromStatus(c.status()));
              reply(produce ? ProducedLots(rt, *c, id) : ReadOrder(rt, id, 200));
            });
}

}  // namespace takt::http
