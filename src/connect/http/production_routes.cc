// Production over HTTP: work orders, their operations and the dispatch list. Bodies and replies
// are the plant's requests and views (plant/production/contract.h describes them); a route
// decodes, submits and answers, nothing more. Writes answer with the order as it stands after
// the commit.
#include <set>

#include "connect/http/route.h"
#include "plant/inventory/contract.h"
#include "plant/inventory/inventory.h"
#include "plant/production/contract.h"
#include "runtime/runtime.h"

namespace takt::http {

// The reply of a production step: the new lots, the containment cases they were born held under,
// and the order after the step.
struct ProducedLots {
  std::vector<plant::inventory::LotView> lots;
  std::vector<std::string> containments;
  plant::production::WorkOrderView work_order;
};

}  // namespace takt::http

namespace takt::contract {

template <>
struct Describe<http::ProducedLots> {
  static constexpr std::string_view kName = "ProducedLots";
  static constexpr auto kFields = std::tuple{
      Field("lots", &http::ProducedLots::lots, kRequired,
            "the new material lots, each as GET /api/v1/material-lots/{id} shows it"),
      Field("containments", &http::ProducedLots::containments, kRequired,
            "open containment cases the new lots were born held under (their inputs descend from a contained lot)"),
      Field("work_order", &http::ProducedLots::work_order, kRequired, "the order after the step")};
};

}  // namespace takt::contract

namespace takt::http {
namespace {

namespace prod = plant::production;
using P = plant::Permission;

Result<prod::WorkOrderView> GetOrder(runtime::Runtime& rt, const std::string& id) {
  return rt.Read([&](const plant::Plant& p) { return prod::GetOrder(p.state(), id); });
}

// Submits a request for the order (and operation) and answers the order after the commit.
void Submit(Call& c, std::string order, std::string operation, prod::Request req, Answer<prod::WorkOrderView> answer) {
  c.rt.Submit(plant::ProductionCommand{order, std::move(operation), std::move(req)}, c.actor,
              [&rt = c.rt, order, answer](const Result<runtime::Committed>& r) {
                if (!r.ok()) return answer(r.status());
                answer(GetOrder(rt, order));
              });
}

// The lots a material.produced event created, read back after the commit.
Result<ProducedLots> ReadProduced(runtime::Runtime& rt, const runtime::Committed& c, const std::string& order) {
  std::vector<std::string> ids;
  Status s = rt.journal().Scan(c.first_seq - 1, c.last_seq - c.first_seq + 1, [&](const Event& e) {
    if (e.type != "material.produced") return true;
    auto v = ParseJson(e.payload);
    if (v.ok())
      for (const auto& l : v->as_object().at("lots").as_array()) ids.emplace_back(l.as_object().at("id").as_string());
    return true;
  });
  if (!s.ok()) return s;
  return rt.Read([&](const plant::Plant& p) -> Result<ProducedLots> {
    auto wo = prod::GetOrder(p.state(), order);
    if (!wo.ok()) return wo.status();
    ProducedLots out{{}, {}, std::move(wo).value()};
    std::set<std::string> seen;
    for (const auto& id : ids)
      if (const auto* lot = p.state().inv.Find(id)) {
        out.lots.push_back(plant::inventory::View(*lot));
        for (const auto& h : lot->holds)  // born held under an open containment case
          if (!h.case_id.empty() && seen.insert(h.case_id).second) out.containments.push_back(h.case_id);
      }
    return out;
  });
}

// POST /api/v1/work-orders/{id}/ACTION with body Req, answering the order.
template <typename Req>
void AddOrderChange(std::vector<Route>& out, std::string path, std::string summary) {
  out.push_back(Bind<NoQuery, Req, prod::WorkOrderView>(
      {"POST", std::move(path), P::kPlanProduction, std::move(summary)},
      [](Call& c, const NoQuery&, Req body, Answer<prod::WorkOrderView> answer) {
        Submit(c, c.param("id"), "", std::move(body), answer);
      }));
}

// POST /api/v1/work-orders/{id}/operations/{operation}/ACTION with body Req, answering the order.
template <typename Req>
void AddOperationStep(std::vector<Route>& out, std::string path, std::string summary) {
  out.push_back(Bind<NoQuery, Req, prod::WorkOrderView>(
      {"POST", std::move(path), P::kExecuteProduction, std::move(summary)},
      [](Call& c, const NoQuery&, Req body, Answer<prod::WorkOrderView> answer) {
        Submit(c, c.param("id"), c.param("operation"), std::move(body), answer);
      }));
}

}  // namespace

void AddProductionRoutes(std::vector<Route>& out) {
  const std::string orders = "/api/v1/work-orders", order_path = orders + "/{id}",
                    step_path = order_path + "/operations/{operation}";
  out.push_back(Bind<prod::OrderFilter, NoBody, prod::WorkOrderPage>(
      {"GET", orders, P::kReadResources,
       "list work orders by id (filters: status, site, product_definition, due date range, text in the id or "
       "description)"},
      [](Call& c, const prod::OrderFilter& q, NoBody, Answer<prod::WorkOrderPage> answer) {
        answer(c.rt.Read([&](const plant::Plant& p) { return prod::ListOrders(p.state(), q); }));
      }));
  out.push_back(Bind<NoQuery, prod::CreateWorkOrder, prod::WorkOrderView>(
      {"POST", orders, P::kPlanProduction,
       "create a work order from a product definition (its routing and BOM are copied into the order)", 201},
      [](Call& c, const NoQuery&, prod::CreateWorkOrder body, Answer<prod::WorkOrderView> answer) {
        std::string id = body.id;
        Submit(c, std::move(id), "", std::move(body), answer);
      }));
  out.push_back(Bind<NoQuery, NoBody, prod::WorkOrderView>(
      {"GET", order_path, P::kReadResources, "a work order with its operations, materials and inputs"},
      [](Call& c, const NoQuery&, NoBody, Answer<prod::WorkOrderView> answer) {
        answer(GetOrder(c.rt, c.param("id")));
      }));
  out.push_back(Bind<prod::PickQuery, NoBody, prod::PickList>(
      {"GET", order_path + "/picks", P::kReadResources,
       "lots to pick (FEFO or FIFO) for the order's open needs that are not backflushed, with any shortfall"},
      [](Call& c, const prod::PickQuery& q, NoBody, Answer<prod::PickList> answer) {
        Timestamp now = Now();
        answer(
            c.rt.Read([&](const plant::Plant& p) { return prod::Picks(p.state(), c.param("id"), q.strategy, now); }));
      }));
  out.push_back(Bind<NoQuery, NoBody, prod::OrderPerformance>(
      {"GET", order_path + "/performance", P::kReadResources,
       "planned versus actual, per order and operation: quantities, times, material usage"},
      [](Call& c, const NoQuery&, NoBody, Answer<prod::OrderPerformance> answer) {
        answer(c.rt.Read([&](const plant::Plant& p) { return prod::Performance(p.state(), c.param("id")); }));
      }));
  out.push_back(Bind<prod::DispatchQuery, NoBody, prod::DispatchList>(
      {"GET", "/api/v1/dispatch", P::kReadResources,
       "operations that may start now on a work center or work unit, planned ones first"},
      [](Call& c, const prod::DispatchQuery& q, NoBody, Answer<prod::DispatchList> answer) {
        answer(c.rt.Read([&](const plant::Plant& p) { return prod::Dispatch(p.state(), q); }));
      }));

  AddOrderChange<prod::ReleaseWorkOrder>(
      out, order_path + "/release", "release the order: reserve its materials at its site, recording any shortage");
  AddOrderChange<prod::HoldWorkOrder>(out, order_path + "/hold",
                                      "put the order on hold with a reason (no operation of it may be running)");
  AddOrderChange<prod::ResumeWorkOrder>(out, order_path + "/resume",
                                        "take the order off hold, back to the status it was held from");
  AddOrderChange<prod::CancelWorkOrder>(
      out, order_path + "/cancel",
      "cancel the order with a reason, freeing its reservations (no operation may be running)");
  AddOrderChange<prod::CloseWorkOrder>(out, order_path + "/close", "close a completed order");
  AddOrderChange<prod::RescheduleWorkOrder>(
      out, order_path + "/reschedule",
      "new earliest start (late material), due date or priority; the next plan or repair takes them up");

  AddOperationStep<prod::StartOperation>(out, step_path + "/start", "start an operation on a work unit with a crew");
  AddOperationStep<prod::PauseOperation>(out, step_path + "/pause", "pause a running operation (its clocks stop)");
  AddOperationStep<prod::ResumeOperation>(out, step_path + "/resume",
                                          "resume a paused operation, with the same crew or another");
  AddOperationStep<prod::ReportOperation>(out, step_path + "/report",
                                          "report good and scrap quantities made since the last report");
  AddOperationStep<prod::CompleteOperation>(
      out, step_path + "/complete",
      "complete an operation (backflushing its flagged materials); the last one completes the order");
  AddOperationStep<prod::ConsumeMaterial>(out, step_path + "/consume",
                                          "consume a quantity of a lot into the operation (genealogy: lot to order)");
  out.push_back(Bind<NoQuery, prod::ProduceMaterial, ProducedLots>(
      {"POST", step_path + "/produce", P::kExecuteProduction,
       "produce output lots of the order's product at the operation (genealogy: the order's inputs to them)", 201},
      [](Call& c, const NoQuery&, prod::ProduceMaterial body, Answer<ProducedLots> answer) {
        std::string order = c.param("id");
        c.rt.Submit(plant::ProductionCommand{order, c.param("operation"), std::move(body)}, c.actor,
                    [&rt = c.rt, order, answer](const Result<runtime::Committed>& r) {
                      if (!r.ok()) return answer(r.status());
                      answer(ReadProduced(rt, *r, order));
                    });
      }));
}

}  // namespace takt::http
