// The demo plant's machine performance master data: downtime reasons, state models with the
// machines' own stop codes, which state model each machine class uses with its ideal cycle
// time, and the two sites' shift calendars.
#include "app/demo.h"

namespace takt::app {
namespace {

using model::Kind;

constexpr const char* kReasons[] = {
    R"({"id":"MECHANICAL","description":"Mechanical failure"})",
    R"({"id":"JAM","description":"Material jam","parent":"MECHANICAL"})",
    R"({"id":"TOOL-BREAK","description":"Broken or worn tool","parent":"MECHANICAL"})",
    R"({"id":"ELECTRICAL","description":"Electrical or control fault"})",
    R"({"id":"OVERHEAT","description":"Over-temperature alarm","parent":"ELECTRICAL"})",
    R"({"id":"MATERIAL","description":"Waiting for material","loss":"idle","element":"ADOT"})",
    R"({"id":"CHANGEOVER","description":"Changeover to another product","element":"ASUT"})",
    R"({"id":"CLEANING","description":"Planned cleaning","element":"PDOT"})",
    R"({"id":"QUALITY-CHECK","description":"First-article or in-process quality check","element":"ADET"})",
};

// The simple state set, and the machines' alarm codes.
// A breakdown of a quarter of an hour makes the planner move work off the machine, assuming an
// hour's repair from the start of the stop.
constexpr const char* kMachineModel = R"({"id":"ACME-MACHINE","description":"Acme machine states",
  "minor_stop_s":120,"startup_reject_s":300,"replan_after_s":900,"expected_stop_s":3600,"states":[
  {"code":"running","element":"APT"},{"code":"idle","element":"ADOT"},{"code":"starved","element":"ADOT"},
  {"code":"blocked","element":"ADOT"},{"code":"setup","element":"ASUT"},{"code":"planned_stop","element":"PDOT"},
  {"code":"unplanned_stop","element":"ADET","loss":"breakdown"}],
  "reason_codes":[{"code":"E-101","reason":"JAM"},{"code":"E-205","reason":"TOOL-BREAK"},
  {"code":"E-310","reason":"OVERHEAT"}]})";

// PackML states (PackTags numbering) for the packing machines.
constexpr const char* kPackmlModel = R"({"id":"ACME-PACKML","description":"PackML packing machines",
  "minor_stop_s":120,"states":[
  {"code":"2","name":"Stopped","element":"ADOT"},{"code":"4","name":"Idle","element":"ADOT"},
  {"code":"5","name":"Suspended","element":"ADOT"},{"code":"6","name":"Execute","element":"APT"},
  {"code":"9","name":"Aborted","element":"ADET"},{"code":"11","name":"Held","element":"ADET"},
  {"code":"15","name":"Resetting","element":"ASUT"},{"code":"17","name":"Complete","element":"ADOT"}],
  "reason_codes":[{"code":"E-101","reason":"JAM"},{"code":"E-310","reason":"OVERHEAT"}]})";

struct MachineClass {
  const char* id;
  const char* model;
  int ideal_cycle_s;
};
constexpr MachineClass kClasses[] = {
    {"CNC-LATHE", "ACME-MACHINE", 90},    {"CNC-MILL", "ACME-MACHINE", 240},     {"HYD-PRESS", "ACME-MACHINE", 20},
    {"ROBOT-WELDER", "ACME-MACHINE", 60}, {"ASSY-STATION", "ACME-MACHINE", 300}, {"TEST-BENCH", "ACME-MACHINE", 180},
    {"PACK-MACHINE", "ACME-PACKML", 6},   {"INJ-MOULD", "ACME-MACHINE", 35},
};

// Lyon works three shifts every day (so the demo shows live OEE whenever it starts); Greenville
// three shifts on weekdays, and its moulding around the clock.
constexpr const char* kCalendars[] = {
    R"({"id":"LYON-3X8","description":"Lyon: three shifts, every day","scope":"LYON","shifts":[
      {"id":"early","days":[1,2,3,4,5,6,7],"start":"06:00","end":"14:00","breaks":[{"start":"10:00","end":"10:20"}]},
      {"id":"late","days":[1,2,3,4,5,6,7],"start":"14:00","end":"22:00","breaks":[{"start":"18:00","end":"18:20"}]},
      {"id":"night","days":[1,2,3,4,5,6,7],"start":"22:00","end":"06:00","breaks":[{"start":"02:00","end":"02:20"}]}],
      "holidays":["2026-12-25","2027-01-01"]})",
    R"({"id":"GRV-3X8","description":"Greenville: three shifts, Monday to Friday","scope":"GREENVILLE","shifts":[
      {"id":"first","days":[1,2,3,4,5],"start":"07:00","end":"15:00","breaks":[{"start":"11:00","end":"11:30"}]},
      {"id":"second","days":[1,2,3,4,5],"start":"15:00","end":"23:00","breaks":[{"start":"19:00","end":"19:30"}]},
      {"id":"third","days":[1,2,3,4,5],"start":"23:00","end":"07:00","breaks":[{"start":"03:00","end":"03:30"}]}]})",
    R"({"id":"GRV-MOLD-24X7","description":"Moulding runs around the clock","scope":"GRV-MOLD","shifts":[
      {"id":"day","days":[1,2,3,4,5,6,7],"start":"07:00","end":"19:00"},
      {"id":"night","days":[1,2,3,4,5,6,7],"start":"19:00","end":"07:00"}]})",
};

}  // namespace

std::vector<DemoDocument> DemoStateModels() {
  std::vector<DemoDocument> docs;
  for (const char* r : kReasons) docs.push_back({Kind::kDowntimeReason, r});
  docs.push_back({Kind::kStateModel, kMachineModel});
  docs.push_back({Kind::kStateModel, kPackmlModel});
  return docs;
}

std::vector<DemoDocument> DemoCalendars() {
  std::vector<DemoDocument> docs;
  for (const char* c : kCalendars) docs.push_back({Kind::kShiftCalendar, c});
  return docs;
}

std::string WithMachineFields(const std::string& class_doc) {
  auto v = ParseJson(class_doc);
  if (!v.ok()) return class_doc;
  json::object& o = v->as_object();
  for (const auto& c : kClasses) {
    if (o.at("id").as_string() != c.id) continue;
    o["state_model"] = c.model;
    o["properties"].as_array().push_back(json::object{{"id", "ideal_cycle_s"},
                                                      {"type", "number"},
                                                      {"uom", "s"},
                                                      {"value", c.ideal_cycle_s},
                                                      {"description", "ideal cycle time of one part"}});
  }
  return Serialize(*v);
}

}  // namespace takt::app
