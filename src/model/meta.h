// Resource bookkeeping.
#pragma once

#include <cstdint>
#include <string>

#include "core/time.h"

namespace takt::model {

// Bookkeeping shared by every resource. `version` starts at 1 and grows by one per update;
// resources are retired, never deleted, so references stay resolvable for history.
struct Meta {
  std::string id;
  std::string description;
  int64_t version = 0;
  bool retired = false;
  Timestamp created_at;
  Timestamp updated_at;
  std::string updated_by;
};

}  // namespace takt::model
