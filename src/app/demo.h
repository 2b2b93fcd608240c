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

// Machine performance master data (demo_machines.cc): reasons and state models (before the
// equipment classes), the shift calendars (after the sites), and a class document with its
// state model and ideal cycle time added.
std::vector<DemoDocument> DemoStateModels();
std::vector<DemoDocument> DemoCalendars();
std::string WithMachineFields(const std::string& class_doc);

// Receipts of the demo plant's purchased lots (POST /api/v1/material-lots bodies).
std::vector<std::string> DemoLotReceipts();

// Creates the demo plant unless the journal already holds it. Returns the number of resources created.
Result<size_t> EnsureDemoPlant(runtime::Runtime& rt);

// Work orders for the demo plant, once per journal: one under way on a lathe (steel consumed, parts
// reported), one released, one created; then a first schedule of the released ones. Due dates are relative to `now`.
// Steps the plant refuses (a demo operator's qualification has expired by the date the demo runs) are reported on
// stderr and skipped, so the demo still starts. Returns the number of orders created.
Result<size_t> EnsureDemoOrders(runtime::Runtime& rt, Timestamp now);

}  // namespace takt::app
