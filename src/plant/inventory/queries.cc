#include "plant/inventory/queries.h"

#include "plant/inventory/inventory.h"

namespace takt::plant::inventory {

json::object ListLots(const State& st, const LotFilter& f) {
  json::array items;
  std::string last;
  bool more = false;
  auto keep = [&](const Lot& lot) {
    if (!f.material.empty() && lot.material != f.material) return false;
    if (!f.status.empty() && f.status != model::LotStatusName(lot.status)) return false;
    if (!f.location.empty() && !lot.on_hand.count(f.location)) return false;
    if (!f.work_order.empty() && lot.work_order != f.work_order) return false;
    if (!f.text.empty() && lot.id.find(f.text) == std::string::npos &&
        lot.supplier_lot.find(f.text) == std::string::npos)
      return false;
    return true;
  };
  auto emit = [&](const Lot& lot) {
    if (items.size() == f.limit) {
      more = true;
      return false;
    }
    last = lot.id;
    items.push_back(Encode(lot));
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
  json::object out{{"items", std::move(items)}};
  out["next_after"] = more ? json::value(last) : json::value(nullptr);
  return out;
}

Result<json::object> Balances(const State& st, const BalanceFilter& f) {
  if (f.by != "material" && f.by != "lot" && f.by != "location")
    return Status::Invalid("expected material, lot or location", "by");
  if (!f.status.empty() && !model::ParseLotStatus(f.status))
    return Status::Invalid("expected available, quarantine, on_hold, expired or consumed", "status");
  struct Row {
    std::string material, uom;
    Quantity total;
    std::map<std::string, Quantity> by_status;
  };
  std::map<std::pair<std::string, std::string>, Row> rows;  // (group key, material)
  std::map<std::string, std::string> site_of;               // location -> site, memoised
  for (const auto& [id, lot] : st.inv.lots) {
    if (!f.material.empty() && lot.material != f.material) continue;
    const char* status = model::LotStatusName(lot.status);
    if (!f.status.empty() && f.status != status) continue;
    for (const auto& [loc, q] : lot.on_hand) {
      if (!f.location.empty() && loc != f.location) continue;
      if (!f.site.empty()) {
        auto [it, fresh] = site_of.try_emplace(loc);
        if (fresh) it->second = SiteOf(st.md, loc);
        if (it->second != f.site) continue;
      }
      std::string key = f.by == "lot" ? id : f.by == "location" ? loc : lot.material;
      Row& row = rows[{key, lot.material}];
      row.material = lot.material;
      row.uom = lot.uom;
      row.total += q;
      row.by_status[status] += q;
    }
  }
  json::array items;
  for (const auto& [key, row] : rows) {
    json::object o;
    if (f.by != "material") o[f.by] = key.first;
    o["material"] = row.material;
    o["quantity"] = ToJson(row.total);
    o["uom"] = row.uom;
    json::object statuses;
    for (const auto& [s, q] : row.by_status) statuses[s] = ToJson(q);
    o["by_status"] = std::move(statuses);
    if (f.by == "material") {
      Quantity reserved;
      for (const auto& [k, q] : st.inv.reserved)
        if (k.second == row.material && (f.site.empty() || k.first == f.site)) reserved += q;
      o["reserved"] = ToJson(reserved);
    }
    items.push_back(std::move(o));
  }
  return json::object{{"by", f.by}, {"items", std::move(items)}};
}

}  // namespace takt::plant::inventory
