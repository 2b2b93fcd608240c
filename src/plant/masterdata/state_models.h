// The state models Takt ships (`simple`, `packml`): configuration in the same form a plant
// would POST to /api/v1/state-models, listed with the resources and read only. A state model
// resource with a built-in's id exists only in journals from before built-ins were read only:
// it still replays, and replaces the built-in.
#pragma once

#include <string_view>
#include <vector>

#include "plant/masterdata/store.h"

namespace takt::plant {

// The built-in models, ordered by id. Immutable; lives for the whole process.
const std::vector<model::StateModel>& BuiltinStateModels();

// The built-in model with this id, else nullptr.
const model::StateModel* FindBuiltinStateModel(std::string_view id);

// The state model with this id: an active resource, else a built-in; nullptr if none.
const model::StateModel* FindStateModel(const MasterData& md, std::string_view id);

// Whether `id` names a built-in that no resource replaces: it may be read, not created,
// updated or retired (kConflict, with a message that says so, for writes).
bool IsBuiltinStateModel(const MasterData& md, std::string_view id);
Status BuiltinIsReadOnly(std::string_view id);

}  // namespace takt::plant
