// The demo plant: a realistic enterprise to explore Takt with, created once per journal.
#pragma once

#include <string>
#include <vector>

#include "model/kinds.h"
#include "runtime/runtime.h"

namespace takt::app {

struct DemoDocument {
  model::Kind kind;
  std::string json;
};

// The demo plant's resource documents, in dependency order.
std::vector<DemoDocument> DemoPlantDocuments();

// Receipts of the demo plant's purchased lots (POST /api/v1/material-lots bodies).
std::vector<std::string> DemoLotReceipts();

// Creates the demo plant unless the journal already holds it. Returns the number of resources created.
Result<size_t> EnsureDemoPlant(runtime::Runtime& rt);

}  // namespace takt::app
