#include "plant/genealogy/trace.h"

#include <algorithm>
#include <tuple>

#include "plant/inventory/inventory.h"

namespace takt::plant {
namespace {

using genealogy::Direction;

const inventory::Lot* LotOf(const State& st, genealogy::NodeId n) {
  return st.inv.Find(st.graph.IdOf(n));
}

std::vector<LotShipment> Shipments(const inventory::Lot& lot) {
  std::vector<LotShipment> out;
  for (const auto& s : lot.shipments) out.push_back({s.reference, s.quantity, lot.uom, s.location, s.at, s.actor});
  return out;
}

LotBrief Brief(const inventory::Lot& lot) {
  LotBrief b{lot.id,
             lot.material,
             inventory::StatusName(lot),
             lot.serial,
             lot.work_order,
             lot.supplier_lot,
             lot.total(),
             lot.uom,
             {},
             lot.shipped,
             ""};
  for (const auto& [loc, q] : lot.on_hand) b.locations.push_back({loc, q});
  if (!lot.shipments.empty()) b.last_shipment = lot.shipments.back().reference;
  return b;
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

// The links among `nodes` (a trace's start and hits): each node's neighbours in the trace's
// direction that are among them, sorted by (from, to).
std::vector<TraceLink> Links(const State& st, std::vector<genealogy::NodeId> nodes, Direction dir) {
  std::vector<genealogy::NodeId> among = nodes;
  std::sort(among.begin(), among.end());
  std::vector<TraceLink> out;
  for (genealogy::NodeId n : nodes) {
    auto add = [&](genealogy::NodeId m) {
      if (!std::binary_search(among.begin(), among.end(), m)) return;
      if (dir == Direction::kBackward)
        out.push_back({std::string(st.graph.IdOf(m)), std::string(st.graph.IdOf(n))});
      else
        out.push_back({std::string(st.graph.IdOf(n)), std::string(st.graph.IdOf(m))});
    };
    if (dir == Direction::kBackward)
      st.graph.ForEachParent(n, add);
    else
      st.graph.ForEachChild(n, add);
  }
  std::sort(out.begin(), out.end(),
            [](const TraceLink& a, const TraceLink& b) { return std::tie(a.from, a.to) < std::tie(b.from, b.to); });
  return out;
}

}  // namespace

Result<LotTrace> TraceLots(const State& st, const std::string& id, Direction dir, uint32_t max_depth, size_t limit) {
  if (!st.inv.Find(id)) return NoLot(id);
  LotTrace out;
  out.lot = id;
  out.direction = dir;
  if (max_depth != 0) out.depth = max_depth;
  if (auto node = st.graph.Find(id)) {
    auto r = st.graph.Trace(*node, dir, max_depth, limit == SIZE_MAX ? limit : limit + 1);
    out.truncated = r.hits.size() > limit;
    if (out.truncated) {
      // Which lots of the last level make the cut must not depend on link order: take every
      // level up to the one the limit falls in, whole, then sort and cut.
      r = st.graph.Trace(*node, dir, r.hits[limit].depth);
      r.hits = Sorted(st, std::move(r.hits));
      r.hits.resize(limit);
    }
    std::vector<genealogy::NodeId> drawn{*node};
    for (const auto& h : Sorted(st, std::move(r.hits))) {
      out.lots.push_back({Brief(*LotOf(st, h.node)), h.depth});
      drawn.push_back(h.node);
    }
    out.links = Links(st, std::move(drawn), dir);
  }
  out.count = static_cast<int64_t>(out.lots.size());
  return out;
}

Result<AsBuiltRecord> AsBuilt(const State& st, const std::string& id) {
  const inventory::Lot* lot = st.inv.Find(id);
  if (!lot) return NoLot(id);
  AsBuiltRecord out;
  out.brief = Brief(*lot);
  out.created_at = lot->created_at;
  out.created_by = lot->created_by;
  const production::WorkOrder* wo = st.prod.Find(lot->work_order);
  if (!wo) {
    out.origin = "received";
    out.supplier = lot->supplier;
    return out;
  }
  out.origin = "produced";
  out.order =
      AsBuiltOrder{wo->id, wo->product_definition, production::OrderStatusName(wo->status), wo->quantity, wo->site};
  out.operations.emplace();
  out.inputs.emplace();
  for (const auto& op : wo->operations) {
    out.operations->push_back({op.id, op.description, production::OpStatusName(op.status), op.work_unit,
                               std::vector<std::string>(op.operators.begin(), op.operators.end()), op.started_at,
                               op.completed_at});
    for (const auto& c : op.consumed) {
      if (!c.output.empty() && c.output != id) continue;
      const inventory::Lot* in = st.inv.Find(c.lot);
      out.inputs->push_back({c.lot, c.material, c.quantity, in ? in->uom : "", op.id,
                             c.output.empty() ? "order" : "unit", in ? in->supplier_lot : "", c.backflush, c.at});
    }
  }
  return out;
}

Result<RecallImpact> Recall(const State& st, const std::string& id, size_t limit) {
  const inventory::Lot* root = st.inv.Find(id);
  if (!root) return NoLot(id);
  RecallImpact out;
  out.lot = id;
  // Every shipment of the recalled lot and of each listed lot, for the letters to customers.
  auto ship = [&](const inventory::Lot& lot) {
    for (const auto& s : lot.shipments)
      out.shipments.push_back({lot.id, s.reference, s.quantity, lot.uom, s.at, s.actor});
  };
  ship(*root);
  if (auto node = st.graph.Find(id)) {
    auto hits = Sorted(st, st.graph.Trace(*node, Direction::kForward).hits);
    out.affected_lots = static_cast<int64_t>(hits.size());
    for (const auto& h : hits) {
      bool leaf = true;
      st.graph.ForEachChild(h.node, [&](genealogy::NodeId) { leaf = false; });
      out.end_items += leaf;
      const inventory::Lot& lot = *LotOf(st, h.node);
      out.shipped_lots += !lot.shipments.empty();
      if (out.lots.size() < limit) {
        out.lots.push_back({Brief(lot), h.depth, leaf, Shipments(lot)});
        ship(lot);
      }
    }
  }
  out.truncated = static_cast<int64_t>(out.lots.size()) < out.affected_lots;
  return out;
}

}  // namespace takt::plant
