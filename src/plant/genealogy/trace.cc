#include "plant/genealogy/trace.h"

#include <algorithm>

#include "plant/inventory/inventory.h"

namespace takt::plant {
namespace {

using genealogy::Direction;

const inventory::Lot* LotOf(const State& st, genealogy::NodeId n) {
  return st.inv.Find(st.graph.IdOf(n));
}

json::array Shipments(const inventory::Lot& lot) {
  json::array out;
  for (const auto& s : lot.shipments)
    out.push_back(json::object{{"reference", s.reference},
                               {"quantity", ToJson(s.quantity)},
                               {"uom", lot.uom},
                               {"location", s.location},
                               {"at", FormatIso8601(s.at)},
                               {"actor", s.actor}});
  return out;
}

json::object Brief(const inventory::Lot& lot) {
  json::array where;
  for (const auto& [loc, q] : lot.on_hand) where.push_back(json::object{{"location", loc}, {"quantity", ToJson(q)}});
  return {{"lot", lot.id},
          {"material", lot.material},
          {"status", inventory::StatusName(lot)},
          {"serial", lot.serial},
          {"work_order", lot.work_order},
          {"supplier_lot", lot.supplier_lot},
          {"quantity", ToJson(lot.total())},
          {"uom", lot.uom},
          {"locations", std::move(where)},
          {"shipped", ToJson(lot.shipped)},
          {"last_shipment", lot.shipments.empty() ? "" : lot.shipments.back().reference}};
}

Status NoLot(const std::string& id) {
  return Status::NotFound("no material lot '" + id + "'", "id");
}

// Hits sorted by depth, then lot id, so answers do not depend on link order.
std::vector<genealogy::Hit> Sorted(const State& st, std::vector<genealogy::Hit> hits) {
  std::sort(hits.begin(), hits.end(), [&](const auto& a, const auto& b) {
    return a.depth != b.depth ? a.depth < b.depth : st.graph.IdOf(a.node) < st.graph.IdOf(b.node);
  });
  return hits;
}

}  // namespace

Result<json::object> TraceLots(const State& st, const std::string& id, Direction dir, uint32_t max_depth,
                               size_t limit) {
  if (!st.inv.Find(id)) return NoLot(id);
  json::array items;
  bool truncated = false;
  if (auto node = st.graph.Find(id)) {
    auto r = st.graph.Trace(*node, dir, max_depth, limit == SIZE_MAX ? limit : limit + 1);
    truncated = r.hits.size() > limit;
    if (truncated) {
      // Which lots of the last level make the cut must not depend on link order: take every
      // level up to the one the limit falls in, whole, then sort and cut.
      r = st.graph.Trace(*node, dir, r.hits[limit].depth);
      r.hits = Sorted(st, std::move(r.hits));
      r.hits.resize(limit);
    }
    for (const auto& h : Sorted(st, std::move(r.hits))) {
      json::object o = Brief(*LotOf(st, h.node));
      o["depth"] = static_cast<int64_t>(h.depth);
      items.push_back(std::move(o));
    }
  }
  return json::object{{"lot", id},
                      {"direction", dir == Direction::kBackward ? "backward" : "forward"},
                      {"depth", max_depth == 0 ? json::value(nullptr) : json::value(max_depth)},
                      {"count", static_cast<int64_t>(items.size())},
                      {"truncated", truncated},
                      {"lots", std::move(items)}};
}

Result<json::object> AsBuilt(const State& st, const std::string& id) {
  const inventory::Lot* lot = st.inv.Find(id);
  if (!lot) return NoLot(id);
  json::object out = Brief(*lot);
  out["created_at"] = FormatIso8601(lot->created_at);
  out["created_by"] = lot->created_by;
  const production::WorkOrder* wo = st.prod.Find(lot->work_order);
  if (!wo) {
    out["origin"] = "received";
    out["supplier"] = lot->supplier;
    return out;
  }
  out["origin"] = "produced";
  out["order"] = json::object{{"id", wo->id},
                              {"product_definition", wo->product_definition},
                              {"status", production::OrderStatusName(wo->status)},
                              {"quantity", ToJson(wo->quantity)},
                              {"site", wo->site}};
  json::array ops, inputs;
  for (const auto& op : wo->operations) {
    json::array operators;
    for (const auto& p : op.operators) operators.emplace_back(p);
    ops.push_back(json::object{
        {"operation", op.id},
        {"description", op.description},
        {"status", production::OpStatusName(op.status)},
        {"work_unit", op.work_unit},
        {"operators", std::move(operators)},
        {"started_at", op.started_at ? json::value(FormatIso8601(*op.started_at)) : json::value(nullptr)},
        {"completed_at", op.completed_at ? json::value(FormatIso8601(*op.completed_at)) : json::value(nullptr)}});
    for (const auto& c : op.consumed) {
      if (!c.output.empty() && c.output != id) continue;
      const inventory::Lot* in = st.inv.Find(c.lot);
      inputs.push_back(json::object{{"lot", c.lot},
                                    {"material", c.material},
                                    {"quantity", ToJson(c.quantity)},
                                    {"uom", in ? in->uom : ""},
                                    {"operation", op.id},
                                    {"level", c.output.empty() ? "order" : "unit"},
                                    {"supplier_lot", in ? in->supplier_lot : ""},
                                    {"backflush", c.backflush},
                                    {"at", FormatIso8601(c.at)}});
    }
  }
  out["operations"] = std::move(ops);
  out["inputs"] = std::move(inputs);
  return out;
}

Result<json::object> Recall(const State& st, const std::string& id, size_t limit) {
  const inventory::Lot* root = st.inv.Find(id);
  if (!root) return NoLot(id);
  json::array items, shipments;
  size_t affected = 0, end_items = 0, shipped = 0;
  // Every shipment of the recalled lot and of each listed lot, for the letters to customers.
  auto ship = [&](const inventory::Lot& lot) {
    for (const auto& s : lot.shipments)
      shipments.push_back(json::object{{"lot", lot.id},
                                       {"reference", s.reference},
                                       {"quantity", ToJson(s.quantity)},
                                       {"uom", lot.uom},
                                       {"at", FormatIso8601(s.at)},
                                       {"actor", s.actor}});
  };
  ship(*root);
  if (auto node = st.graph.Find(id)) {
    auto hits = Sorted(st, st.graph.Trace(*node, Direction::kForward).hits);
    affected = hits.size();
    for (const auto& h : hits) {
      bool leaf = true;
      st.graph.ForEachChild(h.node, [&](genealogy::NodeId) { leaf = false; });
      end_items += leaf;
      const inventory::Lot& lot = *LotOf(st, h.node);
      shipped += !lot.shipments.empty();
      if (items.size() < limit) {
        json::object o = Brief(lot);
        o["depth"] = static_cast<int64_t>(h.depth);
        o["end_item"] = leaf;
        o["shipments"] = Shipments(lot);
        items.push_back(std::move(o));
        ship(lot);
      }
    }
  }
  return json::object{{"lot", id},
                      {"affected_lots", static_cast<int64_t>(affected)},
                      {"end_items", static_cast<int64_t>(end_items)},
                      {"shipped_lots", static_cast<int64_t>(shipped)},
                      {"truncated", items.size() < affected},
                      {"shipments", std::move(shipments)},
                      {"lots", std::move(items)}};
}

}  // namespace takt::plant
