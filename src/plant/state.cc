#include "plant/state.h"

namespace takt::plant {

std::string SiteOf(const MasterData& md, std::string_view equipment) {
  std::string_view id = equipment;
  for (int depth = 0; depth < 32; ++depth) {  // the hierarchy is acyclic; the bound is a guard
    auto it = md.equipment.find(id);
    if (it == md.equipment.end()) return {};
    if (it->second.level == model::EquipmentLevel::kSite) return it->first;
    id = it->second.parent;
  }
  return {};
}

bool IsStorage(const MasterData& md, std::string_view id) {
  auto it = md.equipment.find(id);
  return it != md.equipment.end() && !it->second.meta.retired &&
         (it->second.level == model::EquipmentLevel::kStorageZone ||
          it->second.level == model::EquipmentLevel::kStorageUnit);
}

}  // namespace takt::plant
