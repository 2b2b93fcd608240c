#include "plant/inventory/queries.h"

#include "plant/inventory/inventory.h"

namespace takt::plant::inventory {

json::object ListLots(const State& st, const LotFilter& f) {
  json::array items;
  std::string last;
  bool more = false;
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
  if (!f.status.empty() && !IsLotStatus(f.status))
    return Status::Invalid("expected available, on_hold, quarantine, expired, consumed, shipped, scrapped or depleted",
                           "status");
  // Rows of one material stay within its stock, which commands bound; the sums are wide anyway,
  // so a journal from before the bounds cannot wrap them.
  struct Row {
    std::string material, uom;
    QuantitySum total;
    std::map<std::string, QuantitySum> by_status;
  };
  std::map<std::pair<std::string, std::string>, Row> rows;  // (group key, material)
  std::map<std::string, std::string> site_of;               // location -> site, memoised
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
      QuantitySum reserved;  // over sites: each is bounded, their sum need not be
      for (const auto& [k, q] : st.inv.reserved)
        if (k.second == row.material && (f.site.empty() || k.first == f.site)) reserved += q;
      o["reserved"] = ToJson(reserved);
    }
    items.push_back(std::move(o));
  }
  return json::object{{"by", f.by}, {"items", std::move(items)}};
}

}  // namespace takt::plant::inventory

namespace takt::plant::inventory {

json::object ListContainments(const State& st, const std::string& status, const std::string& after, size_t limit) {
  json::array items;
  std::string last;
  bool more = false;
  const auto& cases = st.inv.containments;
  for (auto it = after.empty() ? cases.begin() : cases.upper_bound(after); it != cases.end(); ++it) {
    if (!status.empty() && status != (it->second.open ? "open" : "released")) continue;
    if (items.size() == limit) {
      more = true;
      break;
    }
    last = it->first;
    items.push_back(Encode(it->second, &st.inv));
  }
  json::object out{{"items", std::move(items)}};
  out["next_after"] = more ? json::value(last) : json::value(nullptr);
  return out;
}

Result<json::object> GetContainment(const State& st, const std::string& id) {
  auto it = st.inv.containments.find(id);
  if (it == st.inv.containments.end()) return Status::NotFound("no containment case '" + id + "'", "id");
  return Encode(it->second, &st.inv);
}

}  // namespace takt::plant::inventory
