// The demo plant's master data: Acme Pumps & Valves, with a pump plant in Lyon and a valve and
// moulding plant in Greenville. The data is written as tables and raw JSON, in dependency order:
// a resource appears after everything it references.
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "app/demo.h"

namespace takt::app {
namespace {

using model::Kind;

// A JSON string. The demo data holds no control characters; quotes and backslashes are escaped anyway.
std::string Str(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

// A JSON array of ids from a comma-separated list: "A,B" gives ["A","B"], "" gives [].
std::string IdArray(std::string_view csv) {
  std::string out = "[";
  while (!csv.empty()) {
    size_t comma = csv.find(',');
    if (out.size() > 1) out += ',';
    out += Str(csv.substr(0, comma));
    csv = comma == std::string_view::npos ? std::string_view() : csv.substr(comma + 1);
  }
  out += ']';
  return out;
}

// The opening of a resource document: {"id":...,"description":... (the caller closes it).
std::string Head(std::string_view id, std::string_view description) {
  return "{\"id\":" + Str(id) + ",\"description\":" + Str(description);
}

// ---- units -------------------------------------------------------------------------------------

struct UnitRow {
  const char* id;
  const char* description;
  const char* dimension;
  const char* factor;  // base units of the dimension in one of this unit, as JSON number text
};

constexpr UnitRow kUnits[] = {
    {"kg", "kilogram", "mass", "1"},         {"g", "gram", "mass", "0.001"},
    {"t", "tonne", "mass", "1000"},          {"pcs", "pieces", "count", "1"},
    {"m", "metre", "length", "1"},           {"mm", "millimetre", "length", "0.001"},
    {"l", "litre", "volume", "1"},           {"ml", "millilitre", "volume", "0.001"},
    {"m3", "cubic metre", "volume", "1000"}, {"s", "second", "time", "1"},
    {"min", "minute", "time", "60"},         {"h", "hour", "time", "3600"},
    {"m2", "square metre", "area", "1"},
};

// ---- equipment ---------------------------------------------------------------------------------

// Changing the lathes between bar stock and billets means new jaws or collets and a new bar
// feeder set-up: the planner groups work by the stock it needs.
constexpr const char* kLatheChangeovers =
    R"({"id":"SM-CNC-LATHE","description":"Lathe changeovers between bar and billet stock","rules":[
      {"from":"*","to":"BAR-D20","setup_time_s":1500},
      {"from":"*","to":"BAR-D40","setup_time_s":1800},
      {"from":"*","to":"BILLET-ALU-80","setup_time_s":2400}]})";

constexpr const char* kEquipmentClasses[] = {
    R"({"id":"CNC-LATHE","description":"CNC turning centre","setup_matrix":"SM-CNC-LATHE","properties":[
      {"id":"max_rpm","type":"number","description":"maximum spindle speed in rpm"},
      {"id":"max_turning_diameter","type":"number","uom":"mm","description":"largest diameter that can be turned"},
      {"id":"bar_feeder","type":"boolean","value":false,"description":"fitted with an automatic bar feeder"}]})",
    R"({"id":"CNC-MILL","description":"CNC machining centre for milling and drilling","properties":[
      {"id":"max_rpm","type":"number","description":"maximum spindle speed in rpm"},
      {"id":"axes","type":"integer","value":3,"description":"number of simultaneous axes"},
      {"id":"table_length","type":"number","uom":"mm","description":"usable table length"}]})",
    R"({"id":"HYD-PRESS","description":"Hydraulic press for press-fitting and forming","properties":[
      {"id":"max_force_kn","type":"number","description":"nominal force in kN"},
      {"id":"stroke","type":"number","uom":"mm","description":"maximum ram stroke"},
      {"id":"light_curtain","type":"boolean","value":true,"description":"guarded by a safety light curtain"}]})",
    R"({"id":"ROBOT-WELDER","description":"Robotic arc welding cell","properties":[
      {"id":"process","type":"string","value":"MIG","description":"welding process"},
      {"id":"reach","type":"number","uom":"mm","description":"robot reach"},
      {"id":"wire_diameter","type":"number","uom":"mm","description":"filler wire diameter"}]})",
    R"({"id":"ASSY-STATION","description":"Manual assembly station","properties":[
      {"id":"torque_controlled","type":"boolean","value":true,"description":"screwdriver with torque control and traceability"},
      {"id":"operator_count","type":"integer","value":1,"description":"operators working at the station"}]})",
    R"({"id":"TEST-BENCH","description":"Hydraulic / pneumatic test bench","properties":[
      {"id":"max_pressure_bar","type":"number","description":"maximum test pressure in bar"},
      {"id":"test_medium","type":"string","value":"water","description":"test medium: water or air"},
      {"id":"test_duration","type":"number","uom":"s","value":120,"description":"default test duration"}]})",
    R"({"id":"PACK-MACHINE","description":"Case erecting and packing machine","properties":[
      {"id":"cycles_per_min","type":"number","description":"boxes per minute"},
      {"id":"max_box_length","type":"number","uom":"mm","description":"longest box the machine can erect"}]})",
    R"({"id":"INJ-MOULD","description":"Injection moulding machine","properties":[
      {"id":"clamp_force_kn","type":"number","description":"clamping force in kN"},
      {"id":"shot_volume","type":"number","uom":"ml","description":"maximum shot volume"},
      {"id":"mould_id","type":"string","description":"mould currently mounted"}]})",
};

struct EquipmentRow {
  const char* id;
  const char* level;
  const char* parent;  // "" for the enterprise
  const char* description;
  const char* classes = "";        // comma-separated equipment class ids
  const char* serial_number = "";  // written as the string property serial_number when given
  const char* properties = "";     // further property objects, comma separated JSON
  const char* time_zone = "";      // sites only
};

// Rows give the fields in declaration order; trailing fields may be left out. Parents come before
// their children.
constexpr EquipmentRow kEquipment[] = {
    {"ACME", "enterprise", "", "Acme Pumps & Valves"},
    {"LYON", "site", "ACME", "Lyon plant (pumps), France", "", "", "", "Europe/Paris"},
    {"GREENVILLE", "site", "ACME", "Greenville plant (valves, moulding), SC, USA", "", "", "", "America/New_York"},
    // Areas.
    {"LYON-MACH", "area", "LYON", "Lyon machining"},
    {"LYON-ASSY", "area", "LYON", "Lyon assembly and test"},
    {"GRV-MOLD", "area", "GREENVILLE", "Greenville injection moulding"},
    {"GRV-ASSY", "area", "GREENVILLE", "Greenville valve assembly"},
    {"GRV-PACK", "area", "GREENVILLE", "Greenville packing and shipping"},
    // Work centers: lines and cells.
    {"LYON-MACH-TURN", "work_center", "LYON-MACH", "Turning cell"},
    {"LYON-MACH-MILL", "work_center", "LYON-MACH", "Milling cell"},
    {"LYON-MACH-FAB", "work_center", "LYON-MACH", "Press and welding cell"},
    {"LYON-ASSY-L1", "work_center", "LYON-ASSY", "Pump assembly line 1", "", "",
     R"({"id":"takt_time","type":"number","uom":"s","value":600})"},
    {"LYON-ASSY-TEST", "work_center", "LYON-ASSY", "Pump test cell"},
    {"GRV-MOLD-C1", "work_center", "GRV-MOLD", "Moulding cell 1"},
    {"GRV-ASSY-L1", "work_center", "GRV-ASSY", "Valve assembly line 1", "", "",
     R"({"id":"takt_time","type":"number","uom":"s","value":240})"},
    {"GRV-PACK-L1", "work_center", "GRV-PACK", "Packing line 1"},
    // Work units: the machines.
    {"LYON-LATHE-01", "work_unit", "LYON-MACH-TURN", "CNC lathe Okuma LB3000 #1", "CNC-LATHE", "OKU-LB3000-11872",
     R"({"id":"max_rpm","type":"number","value":4500},{"id":"bar_feeder","type":"boolean","value":true})"},
    {"LYON-LATHE-02", "work_unit", "LYON-MACH-TURN", "CNC lathe Okuma LB3000 #2", "CNC-LATHE", "OKU-LB3000-11873",
     R"({"id":"max_rpm","type":"number","value":4500})"},
    {"LYON-LATHE-03", "work_unit", "LYON-MACH-TURN", "CNC lathe DMG CLX 450", "CNC-LATHE", "DMG-CLX450-3391",
     R"({"id":"max_rpm","type":"number","value":4000},{"id":"max_turning_diameter","type":"number","uom":"mm","value":400})"},
    {"LYON-MILL-01", "work_unit", "LYON-MACH-MILL", "5-axis machining centre DMG DMU 50", "CNC-MILL", "DMG-DMU50-0771",
     R"({"id":"axes","type":"integer","value":5},{"id":"max_rpm","type":"number","value":14000})"},
    {"LYON-MILL-02", "work_unit", "LYON-MACH-MILL", "Vertical machining centre Haas VF-2", "CNC-MILL", "HAAS-VF2-2210",
     R"({"id":"axes","type":"integer","value":3},{"id":"max_rpm","type":"number","value":8100})"},
    {"LYON-PRESS-01", "work_unit", "LYON-MACH-FAB", "Hydraulic press 100 t", "HYD-PRESS", "SCH-HP100-0052",
     R"({"id":"max_force_kn","type":"number","value":1000},{"id":"stroke","type":"number","uom":"mm","value":400})"},
    {"LYON-WELD-01", "work_unit", "LYON-MACH-FAB", "Robot welding cell Fanuc ARC Mate", "ROBOT-WELDER", "FAN-ARC-7781",
     R"({"id":"process","type":"string","value":"MIG"},{"id":"reach","type":"number","uom":"mm","value":1420})"},
    {"LYON-ASSY-ST1", "work_unit", "LYON-ASSY-L1", "Pump assembly station 1", "ASSY-STATION", "ACME-AS-L1-01",
     R"({"id":"torque_controlled","type":"boolean","value":true})"},
    {"LYON-ASSY-ST2", "work_unit", "LYON-ASSY-L1", "Pump assembly station 2", "ASSY-STATION", "ACME-AS-L1-02",
     R"({"id":"operator_count","type":"integer","value":2})"},
    {"LYON-PACK-01", "work_unit", "LYON-ASSY-L1", "End-of-line packing machine", "PACK-MACHINE", "SMI-LSK-1043",
     R"({"id":"cycles_per_min","type":"number","value":6},{"id":"max_box_length","type":"number","uom":"mm","value":600})"},
    {"LYON-TEST-01", "work_unit", "LYON-ASSY-TEST", "Pump performance test bench 1", "TEST-BENCH", "HYD-TB40-0193",
     R"({"id":"max_pressure_bar","type":"number","value":40})"},
    {"LYON-TEST-02", "work_unit", "LYON-ASSY-TEST", "Pump leak test bench 2", "TEST-BENCH", "HYD-TB40-0194",
     R"({"id":"max_pressure_bar","type":"number","value":40},{"id":"test_medium","type":"string","value":"air"})"},
    {"GRV-IMM-01", "work_unit", "GRV-MOLD-C1", "Injection moulding machine Engel victory 200", "INJ-MOULD",
     "ENG-VIC200-6621",
     R"({"id":"clamp_force_kn","type":"number","value":2000},{"id":"mould_id","type":"string","value":"M-IMP100-A"})"},
    {"GRV-IMM-02", "work_unit", "GRV-MOLD-C1", "Injection moulding machine Engel victory 200", "INJ-MOULD",
     "ENG-VIC200-6622",
     R"({"id":"clamp_force_kn","type":"number","value":2000},{"id":"mould_id","type":"string","value":"M-IMP100-B"})"},
    {"GRV-IMM-03", "work_unit", "GRV-MOLD-C1", "Injection moulding machine Arburg 570", "INJ-MOULD", "ARB-570-1187",
     R"({"id":"clamp_force_kn","type":"number","value":2200},{"id":"shot_volume","type":"number","uom":"ml","value":450})"},
    {"GRV-ASSY-ST1", "work_unit", "GRV-ASSY-L1", "Valve assembly station 1", "ASSY-STATION", "ACME-AS-G1-01",
     R"({"id":"torque_controlled","type":"boolean","value":true})"},
    {"GRV-PRESS-01", "work_unit", "GRV-ASSY-L1", "Seat press-fit press 25 t", "HYD-PRESS", "BEC-HP25-0418",
     R"({"id":"max_force_kn","type":"number","value":250})"},
    {"GRV-TEST-01", "work_unit", "GRV-ASSY-L1", "Valve pressure test bench", "TEST-BENCH", "HYD-TB16-0312",
     R"({"id":"max_pressure_bar","type":"number","value":60},{"id":"test_medium","type":"string","value":"air"})"},
    {"GRV-PACK-01", "work_unit", "GRV-PACK-L1", "Packing machine Bosch PK20 #1", "PACK-MACHINE", "BOS-PK20-5530",
     R"({"id":"cycles_per_min","type":"number","value":12})"},
    {"GRV-PACK-02", "work_unit", "GRV-PACK-L1", "Packing machine Bosch PK20 #2", "PACK-MACHINE", "BOS-PK20-5531",
     R"({"id":"cycles_per_min","type":"number","value":12})"},
    // Storage: zones, then their locations.
    {"LYON-WH", "storage_zone", "LYON", "Lyon raw material warehouse"},
    {"LYON-FG", "storage_zone", "LYON-ASSY", "Lyon finished goods buffer"},
    {"GRV-WH", "storage_zone", "GREENVILLE", "Greenville raw material warehouse"},
    {"GRV-FG", "storage_zone", "GRV-PACK", "Greenville shipping dock"},
    {"LYON-WH-R01", "storage_unit", "LYON-WH", "Rack 01, bar stock", "", "",
     R"({"id":"max_load","type":"number","uom":"kg","value":3000})"},
    {"LYON-WH-R02", "storage_unit", "LYON-WH", "Rack 02, billets", "", "",
     R"({"id":"max_load","type":"number","uom":"kg","value":2000})"},
    {"LYON-WH-B01", "storage_unit", "LYON-WH", "Bin 01, seals, screws, grease", "", "",
     R"({"id":"max_load","type":"number","uom":"kg","value":200})"},
    {"LYON-FG-01", "storage_unit", "LYON-FG", "Finished goods lane 1"},
    {"GRV-WH-SILO1", "storage_unit", "GRV-WH", "Resin silo 1", "", "",
     R"({"id":"max_load","type":"number","uom":"kg","value":5000})"},
    {"GRV-WH-R01", "storage_unit", "GRV-WH", "Rack 01, packaging"},
    {"GRV-WH-B01", "storage_unit", "GRV-WH", "Bin 01, seals and screws", "", "",
     R"({"id":"max_load","type":"number","uom":"kg","value":150})"},
    {"GRV-FG-01", "storage_unit", "GRV-FG", "Shipping lane 1"},
};

// ---- material ----------------------------------------------------------------------------------

constexpr const char* kMaterialClasses[] = {
    R"({"id":"RAW-METAL","description":"Metal stock: bars, billets","properties":[
      {"id":"grade","type":"string","description":"material grade"},
      {"id":"certificate_required","type":"boolean","value":true,"description":"3.1 mill certificate required"}]})",
    R"({"id":"POLYMER","description":"Plastic resins and granulates","properties":[
      {"id":"grade","type":"string","description":"resin grade"},
      {"id":"drying_time","type":"number","uom":"h","description":"drying before moulding"}]})",
    R"({"id":"FASTENER","description":"Screws, nuts and washers","properties":[
      {"id":"thread","type":"string"},{"id":"length","type":"number","uom":"mm"}]})",
    R"({"id":"SEAL","description":"O-rings and gaskets","properties":[{"id":"compound","type":"string"}]})",
    R"({"id":"CONSUMABLE","description":"Greases, oils and other consumables","properties":[
      {"id":"shelf_life_days","type":"integer"}]})",
    R"({"id":"PACKAGING","description":"Boxes and packing material","properties":[
      {"id":"recyclable","type":"boolean","value":true}]})",
    R"({"id":"MACHINED-PART","description":"Parts machined in house","properties":[
      {"id":"drawing","type":"string"},{"id":"revision","type":"string"}]})",
    R"({"id":"MOULDED-PART","description":"Injection moulded parts","properties":[
      {"id":"drawing","type":"string"},{"id":"shot_weight","type":"number","uom":"g"}]})",
    R"({"id":"ASSEMBLY","description":"Assembled products","properties":[
      {"id":"drawing","type":"string"},{"id":"revision","type":"string"}]})",
    R"({"id":"FINISHED-GOOD","description":"Products sold to customers","properties":[
      {"id":"warranty_months","type":"integer","value":24},{"id":"serialized","type":"boolean","value":true}]})",
};

struct MaterialRow {
  const char* id;
  const char* description;
  const char* uom;
  const char* classes;           // comma-separated material class ids
  const char* properties;        // property objects, comma separated JSON
  const char* conversions = "";  // conversion objects, comma separated JSON
};

constexpr MaterialRow kMaterials[] = {
    // Raw materials.
    {"STEEL-BAR-40", "Steel round bar D40 mm, 42CrMo4", "kg", "RAW-METAL",
     R"({"id":"grade","type":"string","value":"42CrMo4"})", R"({"uom":"m","factor":9.86})"},
    {"STEEL-BAR-20", "Stainless round bar D20 mm, X20Cr13", "kg", "RAW-METAL",
     R"({"id":"grade","type":"string","value":"X20Cr13"})", R"({"uom":"m","factor":2.47})"},
    {"ALU-BILLET-80", "Aluminium billet D80 x 300 mm, EN AW-6082 T6", "kg", "RAW-METAL",
     R"({"id":"grade","type":"string","value":"EN AW-6082 T6"})", R"({"uom":"pcs","factor":4.07})"},
    {"PA66-GF30", "Polyamide 66 resin, 30% glass fibre, 25 kg bags", "kg", "POLYMER",
     R"({"id":"grade","type":"string","value":"PA66-GF30"},{"id":"drying_time","type":"number","uom":"h","value":4})"},
    {"ORING-32", "O-ring 32 x 3 mm, NBR 70", "pcs", "SEAL", R"({"id":"compound","type":"string","value":"NBR70"})"},
    {"ORING-20", "O-ring 20 x 2 mm, FKM 75", "pcs", "SEAL", R"({"id":"compound","type":"string","value":"FKM75"})"},
    {"SCREW-M6X20", "Socket head screw M6 x 20, A2-70", "pcs", "FASTENER",
     R"({"id":"thread","type":"string","value":"M6"},{"id":"length","type":"number","uom":"mm","value":20})"},
    {"GREASE-LI2", "Lithium grease NLGI 2, 1 kg cartridges", "kg", "CONSUMABLE",
     R"({"id":"shelf_life_days","type":"integer","value":1095})"},
    {"BOX-PUMP", "Cardboard box 400 x 300 x 300 mm", "pcs", "PACKAGING", ""},
    {"BOX-VALVE", "Cardboard box 200 x 150 x 150 mm", "pcs", "PACKAGING", ""},
    // Intermediates.
    {"HOUSING-MACH", "Machined pump housing, PUMP-100", "pcs", "MACHINED-PART",
     R"({"id":"drawing","type":"string","value":"DRW-1001"},{"id":"revision","type":"string","value":"C"})"},
    {"SHAFT-20", "Pump shaft D20, PUMP-100", "pcs", "MACHINED-PART",
     R"({"id":"drawing","type":"string","value":"DRW-1002"},{"id":"revision","type":"string","value":"B"})"},
    {"IMPELLER-100", "Moulded impeller PA66-GF30, PUMP-100", "pcs", "MOULDED-PART",
     R"({"id":"drawing","type":"string","value":"DRW-1003"},{"id":"shot_weight","type":"number","uom":"g","value":185})"},
    {"VALVE-BODY-25", "Machined valve body DN25", "pcs", "MACHINED-PART",
     R"({"id":"drawing","type":"string","value":"DRW-2001"},{"id":"revision","type":"string","value":"A"})"},
    // Finished products.
    {"PUMP-100", "Centrifugal pump PUMP-100, 1.5 kW", "pcs", "ASSEMBLY,FINISHED-GOOD",
     R"({"id":"drawing","type":"string","value":"DRW-1000"},{"id":"revision","type":"string","value":"D"},)"
     R"({"id":"warranty_months","type":"integer","value":24})"},
    {"V-25", "Ball valve V-25, DN25 PN40", "pcs", "FINISHED-GOOD",
     R"({"id":"warranty_months","type":"integer","value":36})"},
};

// ---- personnel ---------------------------------------------------------------------------------

constexpr const char* kPersonnelClasses[] = {
    R"({"id":"OPERATOR","description":"Production operator","properties":[
      {"id":"shift","type":"string","description":"shift team"}]})",
    R"({"id":"SETTER","description":"Machine setter: changeovers and first-off parts","properties":[
      {"id":"shift","type":"string","description":"shift team"}]})",
    R"({"id":"INSPECTOR","description":"Quality inspector","properties":[]})",
    R"({"id":"MAINT-TECH","description":"Maintenance technician","properties":[
      {"id":"on_call","type":"boolean","value":false,"description":"on the on-call rota"}]})",
    R"({"id":"SUPERVISOR","description":"Production supervisor","properties":[]})",
};

struct QualificationRow {
  const char* id;
  const char* description;
  int validity_days;  // 0: does not expire
};

constexpr QualificationRow kQualifications[] = {
    {"CNC-OPERATION", "CNC machine operation", 365},
    {"PRESS-SAFETY", "Hydraulic press safety", 730},
    {"WELDING-CERT", "Welding certificate (ISO 9606-1)", 1095},
    {"FINAL-TEST", "Final product testing", 365},
    {"FORKLIFT", "Forklift licence", 1825},
    {"INJECTION-MOULDING", "Injection moulding operation", 365},
    {"ASSEMBLY-BASICS", "Assembly basics and torque control", 0},
};

// One qualification result of a person; dates are YYYY-MM-DD, tested at 08:00 UTC, `expires` "" for no expiry.
std::string Qual(std::string_view qualification, std::string_view result, std::string_view tested,
                 std::string_view expires = "") {
  std::string s = "{\"qualification\":" + Str(qualification) + ",\"result\":" + Str(result) +
                  ",\"tested_at\":" + Str(std::string(tested) + "T08:00:00Z");
  if (!expires.empty()) s += ",\"expires_at\":" + Str(std::string(expires) + "T08:00:00Z");
  return s + "}";
}

std::string MakePerson(std::string_view id, std::string_view name, std::string_view description,
                       std::string_view classes, std::string_view site, std::string_view shift,
                       std::initializer_list<std::string> results) {
  std::string s = Head(id, description) + ",\"name\":" + Str(name) + ",\"classes\":" + IdArray(classes) +
                  ",\"properties\":[{\"id\":\"site\",\"type\":\"string\",\"value\":" + Str(site) +
                  "},{\"id\":\"shift\",\"type\":\"string\",\"value\":" + Str(shift) + "}],\"qualifications\":[";
  bool first = true;
  for (const auto& r : results) {
    if (!first) s += ',';
    s += r;
    first = false;
  }
  return s + "]}";
}

std::vector<std::string> Persons() {
  return {
      // Lyon.
      MakePerson("P-1001", "Camille Martin", "CNC operator, turning cell", "OPERATOR", "LYON", "A",
                 {Qual("CNC-OPERATION", "pass", "2026-03-01", "2027-03-01")}),
      MakePerson("P-1002", "Julien Bernard", "Setter, machining", "SETTER", "LYON", "A",
                 {Qual("CNC-OPERATION", "pass", "2025-12-15", "2026-12-15"),
                  Qual("PRESS-SAFETY", "pass", "2024-06-01", "2026-06-01")}),  // expired
      MakePerson("P-1003", "Léa Dubois", "CNC operator, milling cell", "OPERATOR", "LYON", "B",
                 {Qual("CNC-OPERATION", "pass", "2026-02-10", "2027-02-10"),
                  Qual("FORKLIFT", "pass", "2025-04-07", "2030-04-06")}),
      MakePerson("P-1004", "Thomas Moreau", "Quality inspector", "INSPECTOR", "LYON", "day",
                 {Qual("FINAL-TEST", "pass", "2026-05-04", "2027-05-04")}),
      MakePerson("P-1005", "Chloé Laurent", "Assembly operator, pump line 1", "OPERATOR", "LYON", "A",
                 {Qual("ASSEMBLY-BASICS", "pass", "2025-10-01"), Qual("FINAL-TEST", "fail", "2026-09-14")}),  // failed
      MakePerson("P-1006", "Nicolas Petit", "Maintenance technician", "MAINT-TECH", "LYON", "day",
                 {Qual("PRESS-SAFETY", "pass", "2026-01-20", "2028-01-20"),
                  Qual("WELDING-CERT", "pass", "2025-03-03", "2028-03-02"),
                  Qual("FORKLIFT", "pass", "2024-02-12", "2029-02-10")}),
      MakePerson(
          "P-1007", "Sophie Girard", "Production supervisor, Lyon", "SUPERVISOR", "LYON", "day",
          {Qual("ASSEMBLY-BASICS", "pass", "2024-09-02"), Qual("CNC-OPERATION", "pass", "2026-01-05", "2027-01-05")}),
      // Greenville.
      MakePerson("P-2001", "Emily Johnson", "Moulding operator", "OPERATOR", "GREENVILLE", "1st",
                 {Qual("INJECTION-MOULDING", "pass", "2026-04-13", "2027-04-13")}),
      MakePerson("P-2002", "Michael Smith", "Mould setter", "SETTER", "GREENVILLE", "1st",
                 {Qual("INJECTION-MOULDING", "pass", "2026-01-12", "2027-01-12"),
                  Qual("PRESS-SAFETY", "pass", "2025-08-18", "2027-08-18")}),
      MakePerson(
          "P-2003", "Ashley Williams", "Assembly operator, valve line", "OPERATOR", "GREENVILLE", "2nd",
          {Qual("ASSEMBLY-BASICS", "pass", "2025-11-03"), Qual("PRESS-SAFETY", "pass", "2026-02-02", "2028-02-02"),
           Qual("FINAL-TEST", "pass", "2026-02-16", "2027-02-16")}),
      MakePerson("P-2004", "James Brown", "Maintenance technician", "MAINT-TECH", "GREENVILLE", "1st",
                 {Qual("FORKLIFT", "pass", "2021-05-10", "2026-05-09"),  // expired
                  Qual("WELDING-CERT", "pass", "2024-10-21", "2027-10-21")}),
      MakePerson("P-2005", "Jessica Davis", "Quality inspector", "INSPECTOR", "GREENVILLE", "1st",
                 {Qual("FINAL-TEST", "pass", "2026-07-06", "2027-07-06")}),
      MakePerson("P-2006", "Robert Miller", "Shift supervisor, Greenville", "SUPERVISOR", "GREENVILLE", "2nd",
                 {Qual("ASSEMBLY-BASICS", "pass", "2023-03-01"), Qual("FORKLIFT", "pass", "2023-03-01", "2028-02-28")}),
  };
}

// ---- product definitions: intermediates first, then finished products -----------------------------

// Raw material received from suppliers, some in quarantine awaiting incoming inspection.
constexpr const char* kReceivedLots[] = {
    R"({"id":"L-STEEL40-2611-001","material":"STEEL-BAR-40","quantity":1250,"uom":"kg","location":"LYON-WH-R01",
        "supplier":"Aciers du Rhone","supplier_lot":"AR-88412","status":"available"})",
    R"({"id":"L-STEEL20-2611-001","material":"STEEL-BAR-20","quantity":480,"uom":"kg","location":"LYON-WH-R01",
        "supplier":"Aciers du Rhone","supplier_lot":"AR-88460","status":"available"})",
    R"({"id":"L-ALU80-2611-001","material":"ALU-BILLET-80","quantity":900,"uom":"kg","location":"LYON-WH-R02",
        "supplier":"Alu Savoie","supplier_lot":"AS-2026-1187","status":"available"})",
    R"({"id":"L-ALU80-2611-002","material":"ALU-BILLET-80","quantity":600,"uom":"kg","location":"LYON-WH-R02",
        "supplier":"Alu Savoie","supplier_lot":"AS-2026-1203","status":"quarantine"})",
    R"({"id":"L-ORING32-2611-001","material":"ORING-32","quantity":5000,"uom":"pcs","location":"LYON-WH-B01",
        "supplier":"Joints Industrie","supplier_lot":"JI-55120","expires_at":"2031-11-01"})",
    R"({"id":"L-SCREW-2611-001","material":"SCREW-M6X20","quantity":20000,"uom":"pcs","location":"LYON-WH-B01",
        "supplier":"Visserie Lyonnaise","supplier_lot":"VL-7781"})",
    R"({"id":"L-GREASE-2611-001","material":"GREASE-LI2","quantity":40,"uom":"kg","location":"LYON-WH-B01",
        "supplier":"Lubrifiants SA","supplier_lot":"LS-3304","expires_at":"2028-05-31"})",
    R"({"id":"L-PA66-2611-001","material":"PA66-GF30","quantity":2000,"uom":"kg","location":"GRV-WH-SILO1",
        "supplier":"Carolina Polymers","supplier_lot":"CP-440219","expires_at":"2027-11-15"})",
    R"({"id":"L-ORING20-2611-001","material":"ORING-20","quantity":8000,"uom":"pcs","location":"GRV-WH-B01",
        "supplier":"Palmetto Seals","supplier_lot":"PS-10982","expires_at":"2031-10-01"})",
    R"({"id":"L-BOXV-2611-001","material":"BOX-VALVE","quantity":1500,"uom":"pcs","location":"GRV-WH-R01",
        "supplier":"Upstate Packaging","supplier_lot":"UP-7734"})",
};

constexpr const char* kProductDefinitions[] = {
    R"({"id":"PD-HOUSING-MACH","description":"Machine the PUMP-100 housing from an aluminium billet",
      "product":"HOUSING-MACH","routing":[
      {"id":"OP10","description":"Turn bore and faces","equipment_class":"CNC-LATHE","setup_family":"BILLET-ALU-80",
       "setup_time_s":2700,"run_time_per_unit_s":420,"qualification":"CNC-OPERATION"},
      {"id":"OP20","description":"Mill flanges, drill and tap bolt holes","equipment_class":"CNC-MILL",
       "setup_time_s":3600,"run_time_per_unit_s":540,"qualification":"CNC-OPERATION"},
      {"id":"OP30","description":"Deburr and dimensional check","work_center":"LYON-MACH-MILL",
       "setup_time_s":0,"run_time_per_unit_s":120}],"bom":[
      {"material":"ALU-BILLET-80","quantity":1,"uom":"pcs","scrap_allowance":0.02,"operation":"OP10","backflush":false}]})",
    R"({"id":"PD-SHAFT-20","description":"Turn and mill the PUMP-100 shaft from stainless bar","product":"SHAFT-20",
      "routing":[
      {"id":"OP10","description":"Cut off and turn","equipment_class":"CNC-LATHE","setup_family":"BAR-D20",
       "setup_time_s":1800,"run_time_per_unit_s":180,"qualification":"CNC-OPERATION"},
      {"id":"OP20","description":"Mill keyway","equipment_class":"CNC-MILL",
       "setup_time_s":1200,"run_time_per_unit_s":90,"qualification":"CNC-OPERATION"}],"bom":[
      {"material":"STEEL-BAR-20","quantity":0.32,"uom":"m","scrap_allowance":0.03,"operation":"OP10","backflush":false}]})",
    R"({"id":"PD-IMPELLER-100","description":"Mould the PUMP-100 impeller","product":"IMPELLER-100","routing":[
      {"id":"OP10","description":"Injection moulding","equipment_class":"INJ-MOULD",
       "setup_time_s":5400,"run_time_per_unit_s":45,"qualification":"INJECTION-MOULDING"},
      {"id":"OP20","description":"Degate and visual inspection","work_center":"GRV-MOLD-C1",
       "setup_time_s":0,"run_time_per_unit_s":20}],"bom":[
      {"material":"PA66-GF30","quantity":185,"uom":"g","scrap_allowance":0.04,"operation":"OP10","backflush":true}]})",
    R"({"id":"PD-VALVE-BODY-25","description":"Machine and weld the V-25 valve body","product":"VALVE-BODY-25",
      "routing":[
      {"id":"OP10","description":"Turn body and bore","equipment_class":"CNC-LATHE","setup_family":"BAR-D40",
       "setup_time_s":2400,"run_time_per_unit_s":300,"qualification":"CNC-OPERATION"},
      {"id":"OP15","description":"Cut and face mounting boss, a branch made while the body is machined",
       "equipment_class":"CNC-LATHE","setup_family":"BAR-D20","setup_time_s":600,"run_time_per_unit_s":60,
       "qualification":"CNC-OPERATION","predecessors":[]},
      {"id":"OP20","description":"Mill ports and stem bore","equipment_class":"CNC-MILL",
       "setup_time_s":3000,"run_time_per_unit_s":360,"qualification":"CNC-OPERATION","predecessors":["OP10"]},
      {"id":"OP30","description":"Weld mounting boss onto the body","equipment_class":"ROBOT-WELDER",
       "setup_time_s":900,"run_time_per_unit_s":150,"qualification":"WELDING-CERT","predecessors":["OP20","OP15"]}],
      "bom":[
      {"material":"STEEL-BAR-40","quantity":1.8,"uom":"kg","scrap_allowance":0.05,"operation":"OP10","backflush":false},
      {"material":"STEEL-BAR-20","quantity":0.04,"uom":"m","scrap_allowance":0.05,"operation":"OP15","backflush":true}]})",
    R"({"id":"PD-PUMP-100","description":"Assemble, test and pack the PUMP-100 centrifugal pump","product":"PUMP-100",
      "routing":[
      {"id":"OP10","description":"Assemble pump","work_center":"LYON-ASSY-L1",
       "setup_time_s":900,"run_time_per_unit_s":600,"qualification":"ASSEMBLY-BASICS"},
      {"id":"OP20","description":"Performance and leak test","equipment_class":"TEST-BENCH",
       "setup_time_s":600,"run_time_per_unit_s":300,"qualification":"FINAL-TEST"},
      {"id":"OP30","description":"Pack","equipment_class":"PACK-MACHINE",
       "setup_time_s":300,"run_time_per_unit_s":60}],"bom":[
      {"material":"HOUSING-MACH","quantity":1,"uom":"pcs","scrap_allowance":0.0,"operation":"OP10","backflush":false},
      {"material":"SHAFT-20","quantity":1,"uom":"pcs","scrap_allowance":0.0,"operation":"OP10","backflush":false},
      {"material":"IMPELLER-100","quantity":1,"uom":"pcs","scrap_allowance":0.0,"operation":"OP10","backflush":false},
      {"material":"ORING-32","quantity":2,"uom":"pcs","scrap_allowance":0.01,"operation":"OP10","backflush":true},
      {"material":"SCREW-M6X20","quantity":8,"uom":"pcs","scrap_allowance":0.02,"operation":"OP10","backflush":true},
      {"material":"GREASE-LI2","quantity":15,"uom":"g","scrap_allowance":0.1,"operation":"OP10","backflush":true},
      {"material":"BOX-PUMP","quantity":1,"uom":"pcs","scrap_allowance":0.0,"operation":"OP30","backflush":true}]})",
    R"({"id":"PD-V-25","description":"Assemble, test and pack the V-25 ball valve","product":"V-25","routing":[
      {"id":"OP10","description":"Press-fit seats and assemble valve","work_center":"GRV-ASSY-L1",
       "setup_time_s":600,"run_time_per_unit_s":210,"qualification":"PRESS-SAFETY"},
      {"id":"OP20","description":"Shell and seat pressure test","equipment_class":"TEST-BENCH",
       "setup_time_s":300,"run_time_per_unit_s":120,"qualification":"FINAL-TEST"},
      {"id":"OP30","description":"Pack","work_center":"GRV-PACK-L1",
       "setup_time_s":300,"run_time_per_unit_s":30}],"bom":[
      {"material":"VALVE-BODY-25","quantity":1,"uom":"pcs","scrap_allowance":0.0,"operation":"OP10","backflush":false},
      {"material":"ORING-20","quantity":2,"uom":"pcs","scrap_allowance":0.01,"operation":"OP10","backflush":true},
      {"material":"SCREW-M6X20","quantity":4,"uom":"pcs","scrap_allowance":0.02,"operation":"OP10","backflush":true},
      {"material":"GREASE-LI2","quantity":5,"uom":"g","scrap_allowance":0.1,"operation":"OP10","backflush":true},
      {"material":"BOX-VALVE","quantity":1,"uom":"pcs","scrap_allowance":0.0,"operation":"OP30","backflush":true}]})",
};

}  // namespace

std::vector<DemoDocument> DemoPlantDocuments() {
  std::vector<DemoDocument> docs;
  auto add = [&](Kind kind, std::string json) { docs.push_back(DemoDocument{kind, std::move(json)}); };

  for (const auto& u : kUnits)
    add(Kind::kUnit,
        Head(u.id, u.description) + ",\"dimension\":" + Str(u.dimension) + ",\"factor\":" + u.factor + "}");

  for (auto& d : DemoStateModels()) docs.push_back(std::move(d));
  add(Kind::kSetupMatrix, kLatheChangeovers);
  for (const char* c : kEquipmentClasses) add(Kind::kEquipmentClass, WithMachineFields(c));

  for (const auto& e : kEquipment) {
    std::string props;
    if (*e.serial_number)
      props = "{\"id\":\"serial_number\",\"type\":\"string\",\"value\":" + Str(e.serial_number) + "}";
    if (*e.properties) {
      if (!props.empty()) props += ',';
      props += e.properties;
    }
    std::string s = Head(e.id, e.description) + ",\"level\":" + Str(e.level);
    if (*e.parent) s += ",\"parent\":" + Str(e.parent);
    s += ",\"classes\":" + IdArray(e.classes) + ",\"properties\":[" + props + "]";
    if (*e.time_zone) s += ",\"time_zone\":" + Str(e.time_zone);
    add(Kind::kEquipment, s + "}");
  }

  for (auto& d : DemoCalendars()) docs.push_back(std::move(d));

  for (const char* c : kMaterialClasses) add(Kind::kMaterialClass, c);

  for (const auto& m : kMaterials)
    add(Kind::kMaterialDefinition, Head(m.id, m.description) + ",\"uom\":" + Str(m.uom) +
                                       ",\"classes\":" + IdArray(m.classes) + ",\"properties\":[" + m.properties +
                                       "],\"conversions\":[" + m.conversions + "]}");

  for (const char* c : kPersonnelClasses) add(Kind::kPersonnelClass, c);

  for (const auto& q : kQualifications) {
    std::string s = Head(q.id, q.description);
    if (q.validity_days > 0) s += ",\"validity_days\":" + std::to_string(q.validity_days);
    add(Kind::kQualification, s + "}");
  }

  for (auto& p : Persons()) add(Kind::kPerson, std::move(p));

  for (const char* c : kProductDefinitions) add(Kind::kProductDefinition, c);

  return docs;
}

std::vector<std::string> DemoLotReceipts() {
  return {std::begin(kReceivedLots), std::end(kReceivedLots)};
}

}  // namespace takt::app
