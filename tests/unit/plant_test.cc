// Domain rules of the resource model: hierarchy, references, cycles, versions, retirement.
#include "plant/masterdata/rules.h"
#include "unit/plant_fixture.h"

namespace takt::test {
namespace {

using model::Kind;

class PlantRules : public PlantFixture {
 protected:
  void SetUp() override { Seed(); }
};

TEST_F(PlantRules, HierarchyLevelsAreEnforced) {
  Status s = Create(Kind::kEquipment, R"({"id":"WU2","level":"work_unit","parent":"AREA"})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  EXPECT_EQ(s.field(), "parent");
  EXPECT_EQ(
      s.message(),
      "a work_unit cannot belong to an area (the ISA-95 hierarchy: enterprise, site, area, work_center, work_unit; "
      "storage_zone under a site or area, storage_unit under a storage_zone)");
  s = Create(Kind::kEquipment, R"({"id":"WU2","level":"work_unit","parent":"NOPE"})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  s = Create(Kind::kEquipment, R"({"id":"WU2","level":"work_unit"})");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(s.message(), "a work_unit needs a parent");
  s = Create(Kind::kEquipment, R"({"id":"E2","level":"enterprise","parent":"ENT"})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  s = Create(Kind::kEquipment, R"({"id":"S2","level":"site","parent":"ENT"})");
  EXPECT_EQ(s.field(), "time_zone");
  EXPECT_TRUE(Create(Kind::kEquipment, R"({"id":"WH","level":"storage_zone","parent":"SITE"})").ok());
  EXPECT_TRUE(Create(Kind::kEquipment, R"({"id":"BIN-1","level":"storage_unit","parent":"WH"})").ok());
}

TEST_F(PlantRules, DuplicateIdsConflict) {
  Status s = Create(Kind::kEquipment, R"({"id":"WU","level":"work_unit","parent":"WC"})");
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_EQ(s.field(), "id");
}

TEST_F(PlantRules, UpdatesNeedTheCurrentVersion) {
  EXPECT_EQ(Update(Kind::kEquipment, "WU", R"({"level":"work_unit","parent":"WC"})").code(), Code::kInvalidArgument);
  EXPECT_EQ(Update(Kind::kEquipment, "WU", R"({"version":7,"level":"work_unit","parent":"WC"})").code(),
            Code::kConflict);
  ASSERT_TRUE(
      Update(Kind::kEquipment, "WU", R"({"version":1,"description":"lathe 1","level":"work_unit","parent":"WC"})")
          .ok());
  const auto& wu = plant_.master_data().equipment.at("WU");
  EXPECT_EQ(wu.meta.version, 2);
  EXPECT_EQ(wu.meta.description, "lathe 1");
  EXPECT_LT(wu.meta.created_at, wu.meta.updated_at);
  // A stale writer loses.
  EXPECT_EQ(Update(Kind::kEquipment, "WU", R"({"version":1,"level":"work_unit","parent":"WC"})").code(),
            Code::kConflict);
  EXPECT_EQ(Update(Kind::kEquipment, "NOPE", R"({"version":1,"level":"work_unit","parent":"WC"})").code(),
            Code::kNotFound);
  EXPECT_EQ(Update(Kind::kEquipment, "WU", R"({"id":"OTHER","version":2,"level":"work_unit","parent":"WC"})").field(),
            "id");
}

TEST_F(PlantRules, CyclesInTheHierarchyAreRefused) {
  ASSERT_TRUE(Create(Kind::kEquipment, R"({"id":"Z1","level":"storage_zone","parent":"AREA"})").ok());
  // An area cannot move under its own descendant, whatever the level rules say.
  Status s = Update(Kind::kEquipment, "AREA", R"({"version":1,"level":"area","parent":"AREA"})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  EXPECT_EQ(s.field(), "parent");
  // Changing a level that would orphan children is refused too.
  s = Update(Kind::kEquipment, "WC", R"({"version":1,"level":"area","parent":"SITE"})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);
}

TEST_F(PlantRules, RetiredResourcesCannotBeReferencedOrChanged) {
  EXPECT_EQ(Run(plant::RetireResource{Kind::kEquipment, "WC", std::nullopt}).code(), Code::kConflict);  // has WU
  ASSERT_TRUE(Run(plant::RetireResource{Kind::kEquipment, "WU", 1}).ok());
  EXPECT_TRUE(plant_.master_data().equipment.at("WU").meta.retired);
  EXPECT_EQ(plant_.master_data().equipment.at("WU").meta.version, 2);
  EXPECT_EQ(Run(plant::RetireResource{Kind::kEquipment, "WU", std::nullopt}).code(), Code::kConflict);
  EXPECT_EQ(Update(Kind::kEquipment, "WU", R"({"version":2,"level":"work_unit","parent":"WC"})").code(),
            Code::kConflict);
  ASSERT_TRUE(Run(plant::RetireResource{Kind::kEquipment, "WC", std::nullopt}).ok());
  Status s = Create(Kind::kEquipment, R"({"id":"WU9","level":"work_unit","parent":"WC"})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  EXPECT_NE(s.message().find("retired"), std::string::npos);
}

TEST_F(PlantRules, PropertiesKeepTheirDeclaredType) {
  Status s = Create(Kind::kEquipment, R"({"id":"WU2","level":"work_unit","parent":"WC","classes":["LATHE"],
      "properties":[{"id":"max_rpm","type":"string","value":"fast"}]})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  EXPECT_EQ(s.field(), "properties[0].type");
  EXPECT_TRUE(Create(Kind::kEquipment, R"({"id":"WU2","level":"work_unit","parent":"WC","classes":["LATHE"],
      "properties":[{"id":"max_rpm","type":"number","value":3000}]})")
                  .ok());
  EXPECT_EQ(Create(Kind::kEquipment, R"({"id":"WU3","level":"work_unit","parent":"WC","classes":["MILL"]})").field(),
            "classes[0]");
}

class ProductRules : public PlantRules {
 protected:
  void SetUp() override {
    PlantRules::SetUp();
    for (const char* m :
         {R"({"id":"STEEL","uom":"kg"})", R"({"id":"BAR","uom":"pcs","conversions":[{"uom":"kg","factor":2}]})",
          R"({"id":"SHAFT","uom":"pcs"})", R"({"id":"PUMP","uom":"pcs"})"})
      ASSERT_TRUE(Create(Kind::kMaterialDefinition, m).ok());
  }
};

TEST_F(ProductRules, ReferencesMustExist) {
  Status s = Create(Kind::kProductDefinition, R"({"id":"PD","product":"SHAFT",
      "routing":[{"id":"OP10","equipment_class":"MILL"}]})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  EXPECT_EQ(s.field(), "routing[0].equipment_class");
  s = Create(Kind::kProductDefinition, R"({"id":"PD","product":"SHAFT","routing":[{"id":"OP10","work_center":"WU"}]})");
  EXPECT_EQ(s.field(), "routing[0].work_center");  // a work unit is not a work center
  s = Create(Kind::kProductDefinition,
             R"({"id":"PD","product":"SHAFT","routing":[{"id":"OP10","work_center":"WC","qualification":"Q-X"}]})");
  EXPECT_EQ(s.field(), "routing[0].qualification");
  s = Create(Kind::kProductDefinition,
             R"({"id":"PD","product":"SHAFT","bom":[{"material":"STEEL","quantity":2,"uom":"m"}]})");
  EXPECT_EQ(s.field(), "bom[0].uom");  // length is not mass
  EXPECT_TRUE(Create(Kind::kProductDefinition, R"({"id":"PD-SHAFT","product":"SHAFT",
      "routing":[{"id":"OP10","equipment_class":"LATHE","setup_time_s":600,"run_time_per_unit_s":90,"qualification":"Q-LATHE"}],
      "bom":[{"material":"STEEL","quantity":800,"uom":"g","scrap_allowance":0.05,"operation":"OP10"}]})")
                  .ok());
}

// Branches that join at an assembly; every step but the last must lead on, and a predecessor
// must be an earlier step. Without `predecessors`, a step follows the one before it.
TEST_F(ProductRules, RoutingBranchesJoinBeforeTheLastStep) {
  auto pd = [](const std::string& routing) { return R"({"id":"PD","product":"PUMP","routing":[)" + routing + "]}"; };
  Status s = Create(Kind::kProductDefinition, pd(R"({"id":"A","work_center":"WC"},
      {"id":"B","work_center":"WC","predecessors":["C"]},{"id":"C","work_center":"WC"})"));
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  EXPECT_EQ(s.field(), "routing[1].predecessors[0]");  // C comes later
  s = Create(Kind::kProductDefinition, pd(R"({"id":"A","work_center":"WC"},
      {"id":"B","work_center":"WC","predecessors":["A","A"]})"));
  EXPECT_EQ(s.field(), "routing[1].predecessors[1]");  // duplicate
  s = Create(Kind::kProductDefinition, pd(R"({"id":"A","work_center":"WC"},
      {"id":"B","work_center":"WC","predecessors":[]},{"id":"C","work_center":"WC","predecessors":["B"]})"));
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  EXPECT_EQ(s.field(), "routing[0].id");  // A never joins
  ASSERT_TRUE(Create(Kind::kProductDefinition, pd(R"({"id":"HOUSING","work_center":"WC"},
      {"id":"SHAFT","work_center":"WC","predecessors":[]},{"id":"BALANCE","work_center":"WC"},
      {"id":"ASSEMBLY","work_center":"WC","predecessors":["HOUSING","BALANCE"]})"))
                  .ok());
  const auto& routing = plant_.master_data().product_definitions.at("PD").routing;
  EXPECT_TRUE(routing[0].predecessors.empty());
  EXPECT_TRUE(routing[1].predecessors.empty());
  EXPECT_EQ(routing[2].predecessors, std::vector<std::string>{"SHAFT"});  // implied: the step before
  EXPECT_EQ(routing[3].predecessors, (std::vector<std::string>{"HOUSING", "BALANCE"}));
  // Documents show predecessors only where the routing branches (so a step can be inserted into
  // a chain without rewriting the next), and null reads as absent.
  json::object doc = model::Encode(plant_.master_data().product_definitions.at("PD"));
  const auto& steps = doc.at("routing").as_array();
  EXPECT_EQ(steps[1].at("predecessors").as_array().size(), 0u);
  EXPECT_FALSE(steps[2].as_object().contains("predecessors"));
  EXPECT_EQ(steps[3].at("predecessors").as_array().size(), 2u);
  EXPECT_TRUE(Create(Kind::kProductDefinition, R"({"id":"PD2","product":"PUMP","routing":[
      {"id":"A","work_center":"WC"},{"id":"B","work_center":"WC","predecessors":null}]})")
                  .ok());
  EXPECT_EQ(plant_.master_data().product_definitions.at("PD2").routing[1].predecessors, std::vector<std::string>{"A"});
}

// Setup matrices: rules between families ("*" for any), referenced by equipment classes.
TEST_F(ProductRules, SetupMatricesAreCheckedAndReferenced) {
  auto matrix = [&](const std::string& rules) {
    return Create(Kind::kSetupMatrix, R"({"id":"SM","rules":[)" + rules + "]}");
  };
  Status s = matrix(R"({"from":"red paint","to":"*","setup_time_s":60})");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(s.field(), "rules[0].from");
  s = matrix(R"({"from":"RED","to":"*","setup_time_s":-1})");
  EXPECT_EQ(s.field(), "rules[0].setup_time_s");
  s = matrix(R"({"from":"RED","to":"*","setup_time_s":60},{"from":"RED","to":"*","setup_time_s":90})");
  EXPECT_EQ(s.field(), "rules[1].to");  // the same pair twice
  s = matrix(R"({"from":"RED","to":"*","setup_time_s":60,"colour":"red"})");
  EXPECT_EQ(s.field(), "rules[0].colour");
  EXPECT_EQ(Create(Kind::kEquipmentClass, R"({"id":"PAINT","setup_matrix":"SM"})").field(), "setup_matrix");
  ASSERT_TRUE(
      matrix(R"({"from":"*","to":"WHITE","setup_time_s":1800},{"from":"RED","to":"RED","setup_time_s":0})").ok());
  ASSERT_TRUE(Create(Kind::kEquipmentClass, R"({"id":"PAINT","setup_matrix":"SM"})").ok());
  EXPECT_EQ(plant_.master_data().setup_matrices.at("SM").rules[0].setup_time_s, 1800);
  EXPECT_EQ(plant_.master_data().equipment_classes.at("PAINT").setup_matrix, "SM");
}

TEST_F(ProductRules, BomCyclesAreRefused) {
  ASSERT_TRUE(Create(Kind::kProductDefinition,
                     R"({"id":"PD-PUMP","product":"PUMP","bom":[{"material":"SHAFT","quantity":1,"uom":"pcs"}]})")
                  .ok());
  Status s = Create(Kind::kProductDefinition,
                    R"({"id":"PD-SHAFT","product":"SHAFT","bom":[{"material":"PUMP","quantity":1,"uom":"pcs"}]})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  EXPECT_EQ(s.field(), "bom[0].material");
  s = Create(Kind::kProductDefinition,
             R"({"id":"PD-SELF","product":"PUMP","bom":[{"material":"PUMP","quantity":1,"uom":"pcs"}]})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);
}

TEST_F(ProductRules, UnitConversions) {
  const auto& md = plant_.master_data();
  const auto& steel = md.material_definitions.at("STEEL");
  EXPECT_DOUBLE_EQ(*plant::Convert(md, steel, 1500, "g", "kg"), 1.5);
  const auto& bar = md.material_definitions.at("BAR");
  EXPECT_DOUBLE_EQ(*plant::Convert(md, bar, 3, "kg", "pcs"), 6);  // 1 kg is 2 bars
  EXPECT_DOUBLE_EQ(*plant::Convert(md, bar, 4, "pcs", "kg"), 2);
  EXPECT_DOUBLE_EQ(*plant::Convert(md, bar, 500, "g", "pcs"), 1);  // through the mass dimension
  EXPECT_FALSE(plant::Convert(md, steel, 1, "m", "kg").ok());
}

TEST_F(ProductRules, MaterialLotsAreReceivedIntoStorage) {
  ASSERT_TRUE(Create(Kind::kEquipment, R"({"id":"WH","level":"storage_zone","parent":"SITE"})").ok());
  Status s =
      Inv(LotAction::kReceive, "", R"({"id":"L1","material":"STEEL","quantity":100,"uom":"kg","location":"WC"})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  EXPECT_EQ(s.field(), "location");  // a work center is not a storage location
  s = Inv(LotAction::kReceive, "", R"({"id":"L1","material":"STEEL","quantity":100,"uom":"pcs","location":"WH"})");
  EXPECT_EQ(s.field(), "uom");  // pieces of an unconverted mass material
  s = Inv(LotAction::kReceive, "",
          R"({"id":"L1","material":"STEEL","quantity":100,"uom":"kg","location":"WH","status":"lost"})");
  EXPECT_EQ(s.field(), "status");
  s = Inv(LotAction::kReceive, "",
          R"({"id":"L1","material":"STEEL","quantity":100,"uom":"kg","location":"WH","status":"consumed"})");
  EXPECT_EQ(s.field(), "status");
  EXPECT_TRUE(events_.empty() || events_.back().type != "lot.received");
  ASSERT_TRUE(Inv(LotAction::kReceive, "", R"({"id":"L1","material":"STEEL","quantity":1500,"uom":"g","location":"WH",
      "supplier":"Acier SA","supplier_lot":"A-1","expires_at":"2030-01-01","status":"quarantine"})")
                  .ok());
  const auto& lot = *plant_.state().inv.Find("L1");
  EXPECT_STREQ(plant::inventory::StatusName(lot), "quarantine");
  EXPECT_EQ(lot.uom, "kg");  // kept in the material's own unit
  EXPECT_EQ(lot.total(), Quantity::FromMicros(1'500'000));
  EXPECT_EQ(
      Inv(LotAction::kReceive, "", R"({"id":"L1","material":"STEEL","quantity":1,"uom":"kg","location":"WH"})").code(),
      Code::kConflict);
}

// The receipt document is journalled as it always was: old and new lot.received events read alike.
TEST_F(ProductRules, LotReceivedPayloadKeepsItsShape) {
  ASSERT_TRUE(Create(Kind::kEquipment, R"({"id":"WH","level":"storage_zone","parent":"SITE"})").ok());
  ASSERT_TRUE(Inv(LotAction::kReceive, "", R"({"id":"L1","material":"STEEL","quantity":1500,"uom":"g",
      "location":"WH","supplier":"Acier SA","supplier_lot":"A-1","expires_at":"2030-01-01","status":"quarantine",
      "properties":[{"id":"heat","type":"string","value":"H-7"}]})")
                  .ok());
  ASSERT_TRUE(Inv(LotAction::kReceive, "", R"({"id":"L2","material":"STEEL","quantity":2.5,"location":"WH"})").ok());
  ASSERT_GE(events_.size(), 2u);
  EXPECT_EQ(events_[events_.size() - 2].type, "lot.received");
  EXPECT_EQ(events_[events_.size() - 2].payload,
            R"({"doc":{"id":"L1","description":"","material":"STEEL","quantity":1500,"uom":"g","location":"WH",)"
            R"("status":"quarantine","supplier":"Acier SA","supplier_lot":"A-1","expires_at":"2030-01-01T00:00:00Z",)"
            R"("properties":[{"id":"heat","type":"string","value":"H-7"}]},"quantity":1.5})");
  // Without a unit, the material's is written down.
  EXPECT_EQ(
      events_.back().payload,
      R"({"doc":{"id":"L2","description":"","material":"STEEL","quantity":2.5,"uom":"kg","location":"WH",)"
      R"("status":"available","supplier":"","supplier_lot":"","expires_at":null,"properties":[]},"quantity":2.5})");
}

// Journals written before lots moved into inventory held them as resources; they still replay.
TEST_F(ProductRules, FoundationEraLotResourcesReplayAsReceipts) {
  ASSERT_TRUE(Create(Kind::kEquipment, R"({"id":"WH","level":"storage_zone","parent":"SITE"})").ok());
  auto legacy = [&](const std::string& type, const std::string& payload) {
    Event e{plant_.last_seq() + 1, Timestamp{now_}, "user:old", type, 1, payload, {}};
    e.hash = ChainHash(plant_.last_hash(), e);
    return plant_.Apply(e);
  };
  ASSERT_TRUE(legacy("resource.created", R"({"kind":"material_lot","doc":{"id":"OLD","description":"",
      "material":"STEEL","quantity":2000,"uom":"g","location":"WH","status":"quarantine","supplier":"",
      "supplier_lot":"S-9","expires_at":null,"properties":[]}})")
                  .ok());
  ASSERT_TRUE(legacy("resource.updated", R"({"kind":"material_lot","version":2,"doc":{"id":"OLD","description":"",
      "material":"STEEL","quantity":2000,"uom":"g","location":"WH","status":"available","supplier":"",
      "supplier_lot":"S-9","expires_at":null,"properties":[]}})")
                  .ok());
  const auto& lot = *plant_.state().inv.Find("OLD");
  EXPECT_EQ(lot.total(), Quantity::FromMicros(2'000'000));  // 2000 g = 2 kg
  EXPECT_STREQ(plant::inventory::StatusName(lot), "available");
  EXPECT_EQ(lot.supplier_lot, "S-9");
}

TEST_F(PlantRules, ActorsAndTimesAreRecorded) {
  ASSERT_TRUE(Run(plant::AddUser{"ana", plant::Role::kSupervisor, "h1"}, "system:cli").ok());
  EXPECT_EQ(events_.back().actor, "system:cli");
  EXPECT_EQ(plant_.FindUserByTokenHash("h1")->name, "ana");
  ASSERT_TRUE(Run(plant::IssueToken{"ana", "h2"}).ok());
  EXPECT_EQ(plant_.FindUserByTokenHash("h1"), nullptr);  // the old token is revoked
  EXPECT_EQ(plant_.FindUserByTokenHash("h2")->role, plant::Role::kSupervisor);
  EXPECT_EQ(Run(plant::AddUser{"ana", plant::Role::kAdmin, "h3"}).code(), Code::kConflict);
  EXPECT_EQ(plant_.master_data().equipment.at("WU").meta.updated_by, "user:test");
}

// Users can be disabled, enabled and given another role, but the plant never loses its last
// enabled admin; each change is an event, so replay and snapshots keep it.
TEST_F(PlantRules, UsersAreDisabledEnabledAndRecastButNeverTheLastAdmin) {
  using plant::ChangeUser;
  using plant::Role;
  using plant::UserAction;
  ASSERT_TRUE(Run(plant::AddUser{"root", Role::kAdmin, "h-root"}).ok());
  ASSERT_TRUE(Run(plant::AddUser{"ana", Role::kOperator, "h-ana"}).ok());
  EXPECT_EQ(Run(ChangeUser{UserAction::kDisable, "root", {}, "leaving"}).code(), Code::kConflict);
  EXPECT_EQ(Run(ChangeUser{UserAction::kChangeRole, "root", Role::kViewer}).field(), "role");
  EXPECT_EQ(Run(ChangeUser{UserAction::kDisable, "ana", {}, ""}).field(), "reason");
  EXPECT_EQ(Run(ChangeUser{UserAction::kDisable, "nobody", {}, "x"}).code(), Code::kNotFound);
  EXPECT_EQ(Run(ChangeUser{UserAction::kEnable, "ana"}).code(), Code::kConflict);  // not disabled

  ASSERT_TRUE(Run(ChangeUser{UserAction::kDisable, "ana", {}, "badge lost"}).ok());
  EXPECT_TRUE(plant_.FindUserByTokenHash("h-ana")->disabled);
  EXPECT_EQ(plant_.FindUser("ana")->disabled_reason, "badge lost");
  ASSERT_TRUE(Run(ChangeUser{UserAction::kChangeRole, "ana", Role::kAdmin}).ok());
  // A disabled admin does not count: root is still the last enabled one.
  EXPECT_EQ(Run(ChangeUser{UserAction::kDisable, "root", {}, "x"}).code(), Code::kConflict);
  ASSERT_TRUE(Run(ChangeUser{UserAction::kEnable, "ana", {}, "badge found"}).ok());
  ASSERT_TRUE(Run(ChangeUser{UserAction::kChangeRole, "root", Role::kSupervisor}).ok());
  EXPECT_EQ(Run(ChangeUser{UserAction::kDisable, "ana", {}, "x"}).code(), Code::kConflict);  // now the last

  auto restored = plant::Plant::Restore(plant_.Snapshot());
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  plant::Plant replayed;
  for (const auto& e : events_) ASSERT_TRUE(replayed.Apply(e).ok());
  for (const plant::Plant* p : {&plant_, restored->get(), &replayed}) {
    EXPECT_EQ(p->FindUser("root")->role, Role::kSupervisor);
    EXPECT_EQ(p->FindUser("ana")->role, Role::kAdmin);
    EXPECT_FALSE(p->FindUser("ana")->disabled);
  }
  EXPECT_EQ(replayed.Snapshot(), plant_.Snapshot());
}

TEST_F(PlantRules, RefusedCommandsChangeNothing) {
  std::string before = plant_.Snapshot();
  EXPECT_FALSE(Create(Kind::kEquipment, R"({"id":"WU2","level":"work_unit","parent":"AREA"})").ok());
  EXPECT_FALSE(Update(Kind::kEquipment, "WU", R"({"version":9,"level":"work_unit","parent":"WC"})").ok());
  EXPECT_EQ(plant_.Snapshot(), before);
}

// Same journal in, same state out: replay from zero and restore from a mid-way snapshot agree.
TEST_F(PlantRules, ReplayAndSnapshotGiveTheSameState) {
  ASSERT_TRUE(
      Update(Kind::kEquipment, "WU", R"({"version":1,"description":"x","level":"work_unit","parent":"WC"})").ok());
  ASSERT_TRUE(Run(plant::AddUser{"ana", plant::Role::kAdmin, "h1"}).ok());
  ASSERT_TRUE(
      Create(Kind::kPerson,
             R"({"id":"P1","name":"Ana","qualifications":[{"qualification":"Q-LATHE","tested_at":"2026-01-01"}]})")
          .ok());
  plant::Plant replayed;
  std::unique_ptr<plant::Plant> restored;
  for (size_t i = 0; i < events_.size(); ++i) {
    ASSERT_TRUE(replayed.Apply(events_[i]).ok());
    if (i == events_.size() / 2) {
      auto r = plant::Plant::Restore(replayed.Snapshot());
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      restored = std::move(r).value();
    } else if (restored) {
      ASSERT_TRUE(restored->Apply(events_[i]).ok());
    }
  }
  EXPECT_EQ(replayed.Snapshot(), plant_.Snapshot());
  EXPECT_EQ(restored->Snapshot(), plant_.Snapshot());
  // An event out of sequence is a broken invariant.
  EXPECT_EQ(replayed.Apply(events_.front()).code(), Code::kInternal);
}

}  // namespace
}  // namespace takt::test
