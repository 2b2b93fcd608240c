// Helpers shared by the model's codec files. Internal to takt_model.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "model/meta.h"

namespace takt::model::codec {

// Reads "id" and "description", and accepts the read-only bookkeeping fields clients echo back.
void DecodeHead(FieldReader& r, Meta& m);
json::object Head(const Meta& m);
std::string ElementPath(const FieldReader& r, std::string_view key, size_t i);
// An array of ids, refusing duplicates.
std::vector<std::string> DecodeIds(FieldReader& r, std::string_view key);
json::array EncodeIds(const std::vector<std::string>& ids);
std::optional<Timestamp> ReadTime(FieldReader& r, std::string_view key, FieldReader::Need need);

// Decodes the body of one kind, then refuses unknown fields.
template <typename F>
Status Run(FieldReader& r, F&& body) {
  body();
  return r.Finish();
}

}  // namespace takt::model::codec
