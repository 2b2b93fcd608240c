// Reference checks shared by the master data rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "plant/masterdata/store.h"

namespace takt::plant {

// A reference must name an existing, active resource of table `t`.
template <typename T>
Status Ref(const Table<T>& t, const std::string& id, const std::string& field, std::string_view what) {
  auto it = t.find(id);
  if (it == t.end()) return Status::Unprocessable("unknown " + std::string(what) + " '" + id + "'", field);
  if (it->second.meta.retired) return Status::Unprocessable(std::string(what) + " '" + id + "' is retired", field);
  return Status::Ok();
}

template <typename T>
Status Refs(const Table<T>& t, const std::vector<std::string>& ids, const std::string& field, std::string_view what) {
  for (size_t i = 0; i < ids.size(); ++i)
    TAKT_RETURN_IF_ERROR(Ref(t, ids[i], field + "[" + std::to_string(i) + "]", what));
  return Status::Ok();
}

}  // namespace takt::plant
