// Everything the journal builds: master data, inventory, production and the lot graph.
// Domain functions read a const State to validate a command and change a State only when
// applying a journalled event.
#pragma once

#include "plant/genealogy/lot_graph.h"
#include "plant/inventory/lot.h"
#include "plant/masterdata/store.h"
#include "plant/production/work_order.h"

namespace takt::plant {

struct State {
  MasterData md;
  inventory::Inventory inv;
  production::Production prod;
  genealogy::LotGraph graph;  // parent lot -> child lot, written at execution time
};

// The site an equipment element belongs to (itself if a site); empty if none.
std::string SiteOf(const MasterData& md, std::string_view equipment);
// Whether `id` is an active storage zone or storage unit.
bool IsStorage(const MasterData& md, std::string_view id);

}  // namespace takt::plant
