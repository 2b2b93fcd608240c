// A small plant ready for production: a storage zone, lathes and an assembly cell, materials,
// a three-operation product with a BOM, and operators with and without qualifications.
#pragma once

#include "unit/plant_fixture.h"

namespace takt::test {

class ProductionFixture : public PlantFixture {
 protected:
  using OrderAction = plant::OrderAction;

  void SetUp() override {
    using model::Kind;
    Seed();
    auto ok = [&](Kind k, const std::string& doc) { ASSERT_TRUE(Create(k, doc).ok()) << doc; };
    ok(Kind::kEquipment, R"({"id":"WH","level":"storage_zone","parent":"SITE"})");
    ok(Kind::kEquipment, R"({"id":"WH2","level":"storage_zone","parent":"SITE"})");
    ok(Kind::kEquipment, R"({"id":"WU2","level":"work_unit","parent":"WC","classes":["LATHE"]})");
    ok(Kind::kEquipment, R"({"id":"WC-ASM","level":"work_center","parent":"AREA"})");
    ok(Kind::kEquipment, R"({"id":"WU-ASM","level":"work_unit","parent":"WC-ASM"})");
    ok(Kind::kQualification, R"({"id":"Q-ASM"})");
    for (const char* m : {R"({"id":"STEEL","uom":"kg"})", R"({"id":"SEAL","uom":"pcs"})",
                          R"({"id":"GREASE","uom":"kg"})", R"({"id":"SHAFT","uom":"pcs"})"})
      ok(Kind::kMaterialDefinition, m);
    ok(Kind::kProductDefinition, R"({"id":"PD-SHAFT","product":"SHAFT",
        "bom":[{"material":"STEEL","quantity":2,"uom":"kg","scrap_allowance":0.1,"operation":"OP10"},
               {"material":"SEAL","quantity":1,"uom":"pcs","operation":"OP30"},
               {"material":"GREASE","quantity":10,"uom":"g","operation":"OP30","backflush":true}],
        "routing":[{"id":"OP10","equipment_class":"LATHE","qualification":"Q-LATHE","setup_time_s":600,
                    "run_time_per_unit_s":60},
                   {"id":"OP20","equipment_class":"LATHE","run_time_per_unit_s":30},
                   {"id":"OP30","work_center":"WC-ASM","qualification":"Q-ASM","run_time_per_unit_s":45}]})");
    // ANA may turn; CARL's lathe test is older than its 365-day validity; DORA assembles.
    ok(Kind::kPerson,
       R"({"id":"ANA","name":"Ana","qualifications":[{"qualification":"Q-LATHE","tested_at":")" + Day(-10) + R"("}]})");
    ok(Kind::kPerson, R"({"id":"BOB","name":"Bob"})");
    ok(Kind::kPerson, R"({"id":"CARL","name":"Carl","qualifications":[{"qualification":"Q-LATHE","tested_at":")" +
                          Day(-400) + R"("}]})");
    ok(Kind::kPerson,
       R"({"id":"DORA","name":"Dora","qualifications":[{"qualification":"Q-ASM","tested_at":")" + Day(-1) + R"("}]})");
  }

  // An ISO time `days` from the fixture's clock.
  std::string Day(int days) const { return FormatIso8601(Timestamp{now_ + days * 86'400'000'000LL}); }

  Status Receive(const std::string& id, const std::string& material, double qty, const std::string& extra = "") {
    return Inv(LotAction::kReceive, "",
               R"({"id":")" + id + R"(","material":")" + material + R"(","quantity":)" + std::to_string(qty) +
                   R"(,"uom":")" + (material == "STEEL" || material == "GREASE" ? "kg" : "pcs") +
                   R"(","location":"WH")" + extra + "}");
  }

  // A released order for `qty` shafts, with its materials in stock.
  void ReleasedOrder(const std::string& id, int qty) {
    ASSERT_TRUE(Prod(OrderAction::kCreate, "", "",
                     R"({"id":")" + id + R"(","product_definition":"PD-SHAFT","quantity":)" + std::to_string(qty) +
                         R"(,"due":")" + Day(3) + R"(","site":"SITE"})")
                    .ok());
    ASSERT_TRUE(Prod(OrderAction::kRelease, id, "", "{}").ok());
  }

  // A released order for `qty` pumps, whose routing has two branches: the housing and the shaft
  // are turned at once (on either lathe) and join at the assembly.
  void PumpOrder(const std::string& id, int qty) {
    if (!plant_.master_data().product_definitions.count("PD-PUMP")) {
      ASSERT_TRUE(Create(model::Kind::kMaterialDefinition, R"({"id":"PUMP","uom":"pcs"})").ok());
      ASSERT_TRUE(Create(model::Kind::kProductDefinition, R"({"id":"PD-PUMP","product":"PUMP",
          "routing":[{"id":"HOUSING","equipment_class":"LATHE","run_time_per_unit_s":60},
                     {"id":"SHAFT","equipment_class":"LATHE","run_time_per_unit_s":30,"predecessors":[]},
                     {"id":"ASSEMBLY","work_center":"WC-ASM","run_time_per_unit_s":45,
                      "predecessors":["HOUSING","SHAFT"]}]})")
                      .ok());
    }
    ASSERT_TRUE(Prod(OrderAction::kCreate, "", "",
                     R"({"id":")" + id + R"(","product_definition":"PD-PUMP","quantity":)" + std::to_string(qty) +
                         R"(,"due":")" + Day(2) + R"(","site":"SITE"})")
                    .ok());
    ASSERT_TRUE(Prod(OrderAction::kRelease, id, "", "{}").ok());
  }

  const plant::production::WorkOrder& Order(const std::string& id) { return *plant_.state().prod.Find(id); }
  const plant::inventory::Lot& Lot(const std::string& id) { return *plant_.state().inv.Find(id); }
  static Quantity Q(double units) { return *Quantity::FromDouble(units); }
};

}  // namespace takt::test
