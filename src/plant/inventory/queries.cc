#include "plant/inventory/queries.h"

#include "plant/inventory/inventory.h"

namespace takt::plant::inventory {

LotView View(const Lot& lot) {
  LotView v;
  v.id = lot.id;
  v.material = lot.material;
  v.uom = lot.uom;
  v.status = StatusName(lot);
  for (const Hold& h : lot.holds) v.status_reason += (v.status_reason.empty() ? "" : "; ") + h.reason;
  v.serial = lot.serial;
  v.supplier = lot.supplier;
  v.supplier_lot = lot.supplier_lot;
  v.expires_at = lot.expires_at;
  v.properties = lot.properties;
  v.work_order = lot.work_order;
  v.operation = lot.operation;
  v.quantity = lot.total();
  v.initial = lot.initial;
  v.consumed = lot.consumed;
  v.scrapped = lot.scrapped;
  v.shipped = lot.shipped;
  v.adjusted = lot.adjusted;
  if (!lot.shipments.empty()) v.last_shipment = lot.shipments.back().reference;
  v.created_at = lot.created_at;
  v.created_by = lot.created_by;
  v.updated_at = lot.updated_at;
  for (const auto& [loc, q] : lot.on_hand) v.locations.push_back({loc, q});
  v.holds = lot.holds;
  v.shipments = lot.shipments;
  return v;
}

LotList ListLots(const State& st, const LotFilter& f) {
  LotList out;
  auto keep = [&](const Lot& lot) {
    if (!f.material.empty() && lot.material != f.material) return false;
    if (!f.status.empty() && f.status != StatusName(lot)) return false;
    if (!f.location.empty() && !lot.on_hand.count(f.location)) return false;
    if (!f.work_order.empty() && lot.work_order != f.work_order) return false;
    if (!f.text.empty() && lot.id.find(f.text) == std::string::npos &&
        lot.supplier_lot.find(f.text) == std::string::npos)
      return false;
    return true;
  };
  auto emit = [&](const Lot& lot) {
    if (static_cast<int64_t>(out.items.size()) == f.limit) {
      out.next_after = out.items.back().id;
      return false;
    }
    out.items.push_back(View(lot));
    return true;
  };
  if (!f.material.empty()) {  // the material index avoids a pass over every lot
    auto ids = st.inv.lots_by_material.find(f.material);
    if (ids != st.inv.lots_by_material.end())
      for (auto it = f.after.empty() ? ids->second.begin() : ids->second.upper_bound(f.after); it != ids->second.end();
           ++it) {
        const Lot& lot = st.inv.lots.find(*it)->second;
        if (keep(lot) && !emit(lot)) break;
      }
  } else {
    for (auto it = f.after.empty() ? st.inv.lots.begin() : st.inv.lots.upper_bound(f.after); it != st.inv.lots.end();
         ++it)
      if (keep(it->second) && !emit(it->second)) break;
  }
  return out;
}

Result<LotView> GetLot(const State& st, const std::string& id) {
  const Lot* lot = st.inv.Find(id);
  if (!lot) return Status::NotFound("no material lot '" + id + "'", "id");
  return View(*lot);
}

namespace {

std::optional<QuantitySum>* ByStatus(StatusQuantities& s, std::string_view status) {
  if (status == "available") return &s.available;
  if (status == "on_hold") return &s.on_hold;
  if (status == "quarantine") return &s.quarantine;
  if (status == "expired") return &s.expired;
  if (status == "consumed") return &s.consumed;
  if (status == "shipped") return &s.shipped;
  if (status == "scrapped") return &s.scrapped;
  return &s.depleted;
}

}  // namespace

BalanceReport Balances(const State& st, const BalanceFilter& f) {
  // Rows of one material stay within its stock, which commands bound; the sums are wide anyway,
  // so a journal from before the bounds cannot wrap them.
  std::map<std::pair<std::string, std::string>, BalanceRow> rows;  // (group key, material)
  std::map<std::string, std::string> site_of;                      // location -> site, memoised
  for (const auto& [id, lot] : st.inv.lots) {
    if (!f.material.empty() && lot.material != f.material) continue;
    const char* status = StatusName(lot);
    if (!f.status.empty() && f.status != status) continue;
    for (const auto& [loc, q] : lot.on_hand) {
      if (!f.location.empty() && loc != f.location) continue;
      if (!f.site.empty()) {
        auto [it, fresh] = site_of.try_emplace(loc);
        if (fresh) it->second = SiteOf(st.md, loc);
        if (it->second != f.site) continue;
      }
      const std::string& key = f.by == BalanceGrouping::kLot        ? id
                               : f.by == BalanceGrouping::kLocation ? loc
                                                                    : lot.material;
      BalanceRow& row = rows[{key, lot.material}];
      if (f.by == BalanceGrouping::kLot) row.lot = id;
      if (f.by == BalanceGrouping::kLocation) row.location = loc;
      row.material = lot.material;
      row.uom = lot.uom;
      row.quantity += q;
      auto& by = *ByStatus(row.by_status, status);
      if (!by) by.emplace();
      *by += q;
    }
  }
  BalanceReport out{f.by, {}};
  for (auto& [key, row] : rows) {
    if (f.by == BalanceGrouping::kMaterial) {
      QuantitySum reserved;  // over sites: each is bounded, their sum need not be
      for (const auto& [k, q] : st.inv.reserved)
        if (k.second == row.material && (f.site.empty() || k.first == f.site)) reserved += q;
      row.reserved = reserved;
    }
    out.items.push_back(std::move(row));
  }
  return out;
}

}  // namespace takt::plant::inventory

namespace takt::plant::inventory {
namespace {

ContainmentView View(const Containment& c, const Inventory& inv) {
  ContainmentView v;
  v.id = c.id;
  v.status = c.open ? CaseStatus::kOpen : CaseStatus::kReleased;
  v.reason = c.reason;
  v.sources = c.sources;
  for (const auto& [id, source] : c.held) {
    HeldLot h{id, source, "", Quantity(), ""};
    if (const Lot* lot = inv.Find(id)) {  // lots are never removed
      h.status = StatusName(*lot);
      h.quantity = lot->total();
      h.uom = lot->uom;
    }
    v.held.push_back(std::move(h));
  }
  v.opened_at = c.opened_at;
  v.opened_by = c.opened_by;
  v.released_at = c.released_at;
  v.released_by = c.released_by;
  v.release_reason = c.release_reason;
  v.held_count = static_cast<int64_t>(c.held.size());
  return v;
}

}  // namespace

ContainmentList ListContainments(const State& st, const ContainmentFilter& f) {
  ContainmentList out;
  const auto& cases = st.inv.containments;
  for (auto it = f.after.empty() ? cases.begin() : cases.upper_bound(f.after); it != cases.end(); ++it) {
    if (f.status && *f.status != (it->second.open ? CaseStatus::kOpen : CaseStatus::kReleased)) continue;
    if (static_cast<int64_t>(out.items.size()) == f.limit) {
      out.next_after = out.items.back().id;
      break;
    }
    out.items.push_back(View(it->second, st.inv));
  }
  return out;
}

Result<ContainmentView> GetContainment(const State& st, const std::string& id) {
  auto it = st.inv.containments.find(id);
  if (it == st.inv.containments.end()) return Status::NotFound("no containment case '" + id + "'", "id");
  return View(it->second, st.inv);
}

}  // namespace takt::plant::inventory
