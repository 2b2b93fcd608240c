// Inventory, containment and genealogy over HTTP: material lots and their movements, holds,
// containment cases, balances, traces, as-built records and recalls. Bodies and queries are
// decoded from their descriptions (plant/inventory/contract.h, plant/genealogy/contract.h) into
// the plant's requests; writes answer with the lot or case as it stands after the commit.
#include "connect/http/route.h"
#include "plant/genealogy/contract.h"
#include "runtime/runtime.h"

namespace takt::http {
namespace {

using P = plant::Permission;
namespace inv = plant::inventory;

Result<inv::LotView> GetLot(runtime::Runtime& rt, const std::string& id) {
  return rt.Read([&](const plant::Plant& p) { return inv::GetLot(p.state(), id); });
}

Result<inv::ContainmentView> GetCase(runtime::Runtime& rt, const std::string& id) {
  return rt.Read([&](const plant::Plant& p) { return inv::GetContainment(p.state(), id); });
}

template <typename T>
Page<T> ToPage(std::vector<T> items, std::optional<std::string> next_after) {
  return Page<T>{std::move(items), std::move(next_after)};
}

// Submits a command on lot `id` and answers the lot as it stands after the commit.
void WriteLot(Call& c, plant::InventoryCommand cmd, std::string id, Answer<inv::LotView> answer) {
  c.rt.Submit(std::move(cmd), c.actor, [&rt = c.rt, id = std::move(id), answer](const Result<runtime::Committed>& r) {
    if (!r.ok()) return answer(r.status());
    answer(GetLot(rt, id));
  });
}

// The id of the case a commit opened (the plant chooses it when the request names none).
Result<std::string> OpenedCase(runtime::Runtime& rt, const runtime::Committed& c) {
  std::string id;
  Status s = rt.journal().Scan(c.first_seq - 1, c.last_seq - c.first_seq + 1, [&](const Event& e) {
    if (e.type != "containment.opened") return true;
    if (auto v = ParseJson(e.payload); v.ok()) id = std::string(v->as_object().at("id").as_string());
    return false;
  });
  if (!s.ok()) return s;
  if (id.empty()) return Status::Internal("no containment.opened event in the commit");
  return id;
}

// A lot's movement history: the plant says which journal events changed the lot; they are read
// here (outside the state's lock), consecutive ones in one scan, and the plant describes each.
Result<inv::LotMovements> ReadMovements(runtime::Runtime& rt, const std::string& id, const inv::MovementQuery& q) {
  auto page = rt.Read([&](const plant::Plant& p) { return inv::LotHistory(p.state(), id, q); });
  if (!page.ok()) return page.status();
  inv::LotMovements out = std::move(page->page);
  const std::vector<uint64_t>& seqs = page->seqs;
  for (size_t i = 0; i < seqs.size();) {
    size_t run = 1;
    while (i + run < seqs.size() && seqs[i + run] == seqs[i] + run) ++run;
    Status s = rt.journal().Scan(seqs[i] - 1, run, [&](const Event& e) {
      auto payload = ParseJson(e.payload);
      if (!payload.ok() || !payload->is_object()) return true;
      out.items.push_back(inv::MovementOf(e, payload->as_object(), out.lot, out.uom));
      return true;
    });
    if (!s.ok()) return s;
    i += run;
  }
  return out;
}

// A lot route that takes a request body: move, count, scrap, ship, adjust, status.
template <typename Req>
Route LotAction(const std::string& path, P permission, std::string summary) {
  return Bind<NoQuery, Req, inv::LotView>({"POST", path, permission, std::move(summary)},
                                          [](Call& c, const NoQuery&, Req body, Answer<inv::LotView> answer) {
                                            std::string id = c.param("id");
                                            WriteLot(c, plant::InventoryCommand{id, std::move(body)}, id, answer);
                                          });
}

}  // namespace

void AddInventoryRoutes(std::vector<Route>& out) {
  const std::string lots = "/api/v1/material-lots", lot = lots + "/{id}";
  const std::string cases = "/api/v1/containments", one_case = cases + "/{id}";
  out.push_back(Bind<inv::LotFilter, NoBody, Page<inv::LotView>>(
      {"GET", lots, P::kReadResources, "list lots by id (filters: material, status, location, work_order, q)"},
      [](Call& c, const inv::LotFilter& q, NoBody, Answer<Page<inv::LotView>> answer) {
        answer(c.rt.Read([&](const plant::Plant& p) {
          auto list = inv::ListLots(p.state(), q);
          return ToPage(std::move(list.items), std::move(list.next_after));
        }));
      }));
  out.push_back(Bind<NoQuery, model::MaterialLot, inv::LotView>(
      {"POST", lots, P::kWriteInventory, "receive a lot from a supplier or ERP into a storage location", 201},
      [](Call& c, const NoQuery&, model::MaterialLot body, Answer<inv::LotView> answer) {
        std::string id = body.id;
        WriteLot(c, plant::InventoryCommand{"", std::move(body)}, id, answer);
      }));
  out.push_back(Bind<NoQuery, NoBody, inv::LotView>(
      {"GET", lot, P::kReadResources, "a lot with its quantity by location, holds and shipments"},
      [](Call& c, const NoQuery&, NoBody, Answer<inv::LotView> answer) { answer(GetLot(c.rt, c.param("id"))); }));
  out.push_back(Bind<inv::MovementQuery, NoBody, inv::LotMovements>(
      {"GET", lot + "/movements", P::kReadResources,
       "a lot's movement history, oldest first: its receipt or production, moves, counts, adjustments, scrap, "
       "shipments, consumptions, holds and containment cases, from the journal"},
      [](Call& c, const inv::MovementQuery& q, NoBody, Answer<inv::LotMovements> answer) {
        answer(ReadMovements(c.rt, c.param("id"), q));
      }));
  out.push_back(
      LotAction<inv::MoveLot>(lot + "/move", P::kWriteInventory, "move quantity of a lot to another storage location"));
  out.push_back(LotAction<inv::CountLot>(lot + "/count", P::kWriteInventory,
                                         "record a cycle count: the location then holds the counted quantity"));
  out.push_back(LotAction<inv::ScrapLot>(lot + "/scrap", P::kWriteInventory, "scrap quantity of a lot with a reason"));
  out.push_back(LotAction<inv::ShipLot>(lot + "/ship", P::kWriteInventory,
                                        "ship quantity of a usable lot against a delivery reference"));
  out.push_back(LotAction<inv::AdjustLot>(lot + "/adjust", P::kControlInventory,
                                          "correct a location's quantity of a lot by a signed delta, with a reason"));
  out.push_back(LotAction<inv::ChangeLotStatus>(
      lot + "/status", P::kControlInventory,
      "place a hold (on_hold, quarantine, expired), open a containment case on the lot (on_hold with "
      "containment), or release a hold (available, naming the hold if several)"));
  out.push_back(Bind<inv::ContainmentFilter, NoBody, Page<inv::ContainmentView>>(
      {"GET", cases, P::kReadResources, "list containment cases by id (filter: status)"},
      [](Call& c, const inv::ContainmentFilter& q, NoBody, Answer<Page<inv::ContainmentView>> answer) {
        answer(c.rt.Read([&](const plant::Plant& p) {
          auto list = inv::ListContainments(p.state(), q);
          return ToPage(std::move(list.items), std::move(list.next_after));
        }));
      }));
  out.push_back(Bind<NoQuery, inv::OpenContainment, inv::ContainmentView>(
      {"POST", cases, P::kControlInventory,
       "open a containment case: hold lots and every lot made from them, now and later", 201},
      [](Call& c, const NoQuery&, inv::OpenContainment body, Answer<inv::ContainmentView> answer) {
        std::string chosen = body.id;
        c.rt.Submit(plant::ContainmentCommand{"", std::move(body)}, c.actor,
                    [&rt = c.rt, chosen, answer](const Result<runtime::Committed>& r) {
                      if (!r.ok()) return answer(r.status());
                      auto id = chosen.empty() ? OpenedCase(rt, *r) : Result<std::string>(chosen);
                      if (!id.ok()) return answer(id.status());
                      answer(GetCase(rt, *id));
                    });
      }));
  out.push_back(Bind<NoQuery, NoBody, inv::ContainmentView>(
      {"GET", one_case, P::kReadResources, "a containment case with the lots it holds, their status and stock"},
      [](Call& c, const NoQuery&, NoBody, Answer<inv::ContainmentView> answer) {
        answer(GetCase(c.rt, c.param("id")));
      }));
  out.push_back(Bind<NoQuery, inv::ReleaseContainment, inv::ContainmentView>(
      {"POST", one_case + "/release", P::kControlInventory,
       "release a containment case: lift every hold it placed, in one event"},
      [](Call& c, const NoQuery&, inv::ReleaseContainment body, Answer<inv::ContainmentView> answer) {
        std::string id = c.param("id");
        c.rt.Submit(plant::ContainmentCommand{id, std::move(body)}, c.actor,
                    [&rt = c.rt, id, answer](const Result<runtime::Committed>& r) {
                      if (!r.ok()) return answer(r.status());
                      answer(GetCase(rt, id));
                    });
      }));
  out.push_back(Bind<plant::TraceQuery, NoBody, plant::LotTrace>(
      {"GET", lot + "/trace", P::kReadResources,
       "backward (what a lot was made from) or forward (where it went) genealogy trace"},
      [](Call& c, const plant::TraceQuery& q, NoBody, Answer<plant::LotTrace> answer) {
        answer(c.rt.Read([&](const plant::Plant& p) {
          return plant::TraceLots(p.state(), c.param("id"), q.direction, static_cast<uint32_t>(q.depth),
                                  static_cast<size_t>(q.limit));
        }));
      }));
  out.push_back(Bind<NoQuery, NoBody, plant::AsBuiltRecord>(
      {"GET", lot + "/as-built", P::kReadResources,
       "how a lot was made: its work order, operations, operators and the input lots consumed into it"},
      [](Call& c, const NoQuery&, NoBody, Answer<plant::AsBuiltRecord> answer) {
        answer(c.rt.Read([&](const plant::Plant& p) { return plant::AsBuilt(p.state(), c.param("id")); }));
      }));
  out.push_back(Bind<plant::RecallQuery, NoBody, plant::RecallImpact>(
      {"GET", lot + "/recall", P::kReadResources,
       "every lot made from a lot, with location, status and every shipment, for a recall"},
      [](Call& c, const plant::RecallQuery& q, NoBody, Answer<plant::RecallImpact> answer) {
        answer(c.rt.Read([&](const plant::Plant& p) {
          return plant::Recall(p.state(), c.param("id"), static_cast<size_t>(q.limit));
        }));
      }));
  out.push_back(Bind<inv::BalanceFilter, NoBody, inv::BalanceReport>(
      {"GET", "/api/v1/inventory/balances", P::kReadResources,
       "stock on hand by material, lot or location, split by lot status (with reservations by material)"},
      [](Call& c, const inv::BalanceFilter& q, NoBody, Answer<inv::BalanceReport> answer) {
        answer(c.rt.Read([&](const plant::Plant& p) { return inv::Balances(p.state(), q); }));
      }));
}

}  // namespace takt::http
