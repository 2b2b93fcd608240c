// Helpers of the hand-written lot receipt codec (lot_codec.cc). Internal to takt_model.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"
#include "model/meta.h"

namespace takt::model::codec {

// Reads "id" and "description", and accepts the read-only bookkeeping fields clients echo back.
void DecodeHead(FieldReader& r, Meta& m);
json::object Head(const Meta& m);
std::optional<Timestamp> ReadTime(FieldReader& r, std::string_view key, FieldReader::Need need);

// Decodes the body of one kind, then refuses unknown fields.
template <typename F>
Status Run(FieldReader& r, F&& body) {
  body();
  return r.Finish();
}

}  // namespace takt::model::codec
