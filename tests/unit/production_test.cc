// Work orders, execution, material and genealogy in the domain, without I/O.
#include "plant/production/production.h"

#include "plant/genealogy/trace.h"
#include "plant/production/contract.h"
#include "plant/production/queries.h"
#include "unit/production_fixture.h"

namespace takt::test {
namespace {

using plant::production::OpStatus;
using plant::production::OrderStatus;

class Production : public ProductionFixture {};

TEST_F(Production, OrderInstantiatesRoutingAndBom) {
  ASSERT_TRUE(Prod(OrderAction::kCreate, "", "",
                   R"({"id":"WO1","product_definition":"PD-SHAFT","quantity":10,"due":")" + Day(2) +
                       R"(","site":"SITE","priority":100})")
                  .ok());
  const auto& wo = Order("WO1");
  EXPECT_EQ(wo.status, OrderStatus::kCreated);
  ASSERT_EQ(wo.operations.size(), 3u);
  EXPECT_EQ(wo.operations[2].work_center, "WC-ASM");
  ASSERT_EQ(wo.materials.size(), 3u);
  EXPECT_EQ(wo.materials[0].required, Q(22));   // 2 kg x 10 x 1.1
  EXPECT_EQ(wo.materials[2].required, Q(0.1));  // 10 g = 0.01 kg x 10
  EXPECT_EQ(wo.materials[2].operation, "OP30");
  // Bad references and values are refused with their field.
  Status s = Prod(OrderAction::kCreate, "", "",
                  R"({"id":"WO2","product_definition":"NOPE","quantity":1,"due":"2026-12-01","site":"SITE"})");
  EXPECT_EQ(s.field(), "product_definition");
  s = Prod(OrderAction::kCreate, "", "",
           R"({"id":"WO2","product_definition":"PD-SHAFT","quantity":1,"due":"2026-12-01","site":"WC"})");
  EXPECT_EQ(s.field(), "site");
  s = Prod(OrderAction::kCreate, "", "",
           R"({"id":"WO2","product_definition":"PD-SHAFT","quantity":-1,"due":"2026-12-01","site":"SITE"})");
  EXPECT_EQ(s.field(), "quantity");
  s = Prod(OrderAction::kCreate, "", "",
           R"({"id":"WO1","product_definition":"PD-SHAFT","quantity":1,"due":"2026-12-01","site":"SITE"})");
  EXPECT_EQ(s.code(), Code::kConflict);
}

TEST_F(Production, OnlyLegalTransitions) {
  ASSERT_TRUE(Prod(OrderAction::kCreate, "", "",
                   R"({"id":"WO1","product_definition":"PD-SHAFT","quantity":1,"due":"2026-12-01","site":"SITE"})")
                  .ok());
  size_t before = events_.size();
  EXPECT_EQ(Prod(OrderAction::kClose, "WO1", "", "{}").code(), Code::kConflict);
  EXPECT_EQ(Prod(OrderAction::kResume, "WO1", "", "{}").code(), Code::kConflict);
  EXPECT_EQ(Prod(OrderAction::kHold, "WO1", "", "{}").field(), "reason");
  EXPECT_EQ(Prod(OrderAction::kStart, "WO1", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").code(),
            Code::kConflict);  // not released
  EXPECT_EQ(events_.size(), before);
  ASSERT_TRUE(Prod(OrderAction::kHold, "WO1", "", R"({"reason":"drawing revision"})").ok());
  EXPECT_EQ(Order("WO1").status, OrderStatus::kOnHold);
  EXPECT_EQ(Prod(OrderAction::kRelease, "WO1", "", "{}").code(), Code::kConflict);
  ASSERT_TRUE(Prod(OrderAction::kResume, "WO1", "", "{}").ok());
  EXPECT_EQ(Order("WO1").status, OrderStatus::kCreated);
  ASSERT_TRUE(Prod(OrderAction::kCancel, "WO1", "", R"({"reason":"customer cancelled"})").ok());
  EXPECT_EQ(Prod(OrderAction::kRelease, "WO1", "", "{}").code(), Code::kConflict);
  EXPECT_EQ(Prod(OrderAction::kRelease, "NOPE", "", "{}").code(), Code::kNotFound);
}

TEST_F(Production, ReleaseReservesAndReportsShortagesByMaterial) {
  ASSERT_TRUE(Receive("S1", "STEEL", 30).ok());
  ASSERT_TRUE(Receive("SEAL1", "SEAL", 4).ok());
  ASSERT_TRUE(Prod(OrderAction::kCreate, "", "",
                   R"({"id":"WO1","product_definition":"PD-SHAFT","quantity":10,"due":"2026-12-01","site":"SITE"})")
                  .ok());
  Status strict = Prod(OrderAction::kRelease, "WO1", "", R"({"allow_shortage":false})");
  EXPECT_EQ(strict.code(), Code::kConflict);
  EXPECT_NE(strict.message().find("SEAL short by 6"), std::string::npos) << strict.message();
  EXPECT_NE(strict.message().find("GREASE short by 0.1"), std::string::npos) << strict.message();
  ASSERT_TRUE(Prod(OrderAction::kRelease, "WO1", "", "{}").ok());
  const auto& wo = Order("WO1");
  EXPECT_EQ(wo.materials[0].reserved, Q(22));
  EXPECT_EQ(wo.materials[1].reserved, Q(4));
  EXPECT_EQ(events_.back().payload.find("\"shortages\":[{\"material\":\"SEAL\"") != std::string::npos, true);
  // A second order sees only what is not reserved: 30 - 22 = 8 kg of steel.
  ASSERT_TRUE(Prod(OrderAction::kCreate, "", "",
                   R"({"id":"WO2","product_definition":"PD-SHAFT","quantity":10,"due":"2026-12-01","site":"SITE"})")
                  .ok());
  ASSERT_TRUE(Prod(OrderAction::kRelease, "WO2", "", "{}").ok());
  EXPECT_EQ(Order("WO2").materials[0].reserved, Q(8));
  // Cancelling frees the reservation.
  ASSERT_TRUE(Prod(OrderAction::kCancel, "WO1", "", R"({"reason":"replanned"})").ok());
  EXPECT_EQ(plant_.state().inv.reserved.at({"SITE", "STEEL"}), Q(8));
}

TEST_F(Production, OperatorsNeedAValidQualificationToStart) {
  ReleasedOrder("WO1", 5);
  auto start = [&](const std::string& body) { return Prod(OrderAction::kStart, "WO1", "OP10", body); };
  Status s = start(R"({"work_unit":"WU","operators":["BOB"]})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  EXPECT_EQ(s.field(), "operators[0]");
  EXPECT_NE(s.message().find("does not hold qualification 'Q-LATHE'"), std::string::npos) << s.message();
  s = start(R"({"work_unit":"WU","operators":["CARL"]})");
  EXPECT_NE(s.message().find("expired"), std::string::npos) << s.message();
  s = start(R"({"work_unit":"WU","operators":["ANA","BOB"]})");
  EXPECT_EQ(s.field(), "operators[1]");
  EXPECT_EQ(start(R"({"work_unit":"WU-ASM","operators":["ANA"]})").field(), "work_unit");  // not a lathe
  EXPECT_EQ(Prod(OrderAction::kStart, "WO1", "OP20", R"({"work_unit":"WU2","operators":["BOB"]})").code(),
            Code::kConflict);  // OP10 must complete first
  ASSERT_TRUE(start(R"({"work_unit":"WU","operators":["ANA"]})").ok());
  EXPECT_EQ(Order("WO1").status, OrderStatus::kInProgress);
  // The lathe is busy now.
  ReleasedOrder("WO2", 1);
  EXPECT_EQ(Prod(OrderAction::kStart, "WO2", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").field(), "work_unit");
}

TEST_F(Production, ReportingIsBoundedByOrderAndPredecessor) {
  ReleasedOrder("WO1", 10);
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  EXPECT_EQ(Prod(OrderAction::kReport, "WO1", "OP10", R"({"good":11})").code(), Code::kConflict);
  EXPECT_EQ(Prod(OrderAction::kReport, "WO1", "OP10", R"({"scrap":1})").field(), "scrap_reason");
  ASSERT_TRUE(Prod(OrderAction::kReport, "WO1", "OP10", R"({"good":8,"scrap":2,"scrap_reason":"chatter"})").ok());
  EXPECT_EQ(Prod(OrderAction::kReport, "WO1", "OP10", R"({"good":1})").code(), Code::kConflict);
  ASSERT_TRUE(Prod(OrderAction::kComplete, "WO1", "OP10", "{}").ok());
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "OP20", R"({"work_unit":"WU2","operators":["BOB"]})").ok());
  Status s = Prod(OrderAction::kReport, "WO1", "OP20", R"({"good":9})");  // only 8 came from OP10
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_NE(s.message().find("previous operation"), std::string::npos);
  EXPECT_TRUE(Prod(OrderAction::kReport, "WO1", "OP20", R"({"good":8})").ok());
  EXPECT_EQ(Order("WO1").operations[0].scrap_by_reason.at("chatter"), Q(2));
}

TEST_F(Production, MachineAndLabourTimeFollowPausesAndCrew) {
  ReleasedOrder("WO1", 2);
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "OP20", R"({"work_unit":"WU","operators":["ANA"]})").code() ==
              Code::kConflict);
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());  // t=0
  ASSERT_TRUE(Prod(OrderAction::kPause, "WO1", "OP10", R"({"reason":"break"})").ok());                      // t=1
  EXPECT_EQ(Prod(OrderAction::kPause, "WO1", "OP10", "{}").code(), Code::kConflict);                        // t=2
  Status s = Prod(OrderAction::kResumeOperation, "WO1", "OP10", R"({"operators":["ANA","CARL"]})");
  EXPECT_EQ(s.code(), Code::kUnprocessable) << s.ToString();                                                    // t=2
  now_ += 5'000'000;                                                                                            // t=7
  ASSERT_TRUE(Prod(OrderAction::kResumeOperation, "WO1", "OP10", R"({"operators":["ANA"]})").ok());             // t=7
  ASSERT_TRUE(Prod(OrderAction::kComplete, "WO1", "OP10", R"({"nothing_produced":{"reason":"trial"}})").ok());  // t=8
  const auto& op = Order("WO1").operations[0];
  EXPECT_EQ(op.status, OpStatus::kCompleted);
  EXPECT_EQ(op.machine_us, 2'000'000);  // running 0-1 and 7-8
  EXPECT_EQ(op.labour_us, 2'000'000);
}

TEST_F(Production, ConsumptionChecksStatusStockUnitsAndBom) {
  ASSERT_TRUE(Receive("S1", "STEEL", 50).ok());
  ASSERT_TRUE(Receive("SQ", "STEEL", 50, R"(,"status":"quarantine")").ok());
  ASSERT_TRUE(Receive("SX", "STEEL", 50, R"(,"expires_at":")" + Day(1) + R"(")").ok());
  ASSERT_TRUE(Receive("SEAL1", "SEAL", 10).ok());
  ReleasedOrder("WO1", 10);
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  auto consume = [&](const std::string& body) { return Prod(OrderAction::kConsume, "WO1", "OP10", body); };
  Status s = consume(R"({"lot":"SQ","quantity":1})");
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_NE(s.message().find("quarantine"), std::string::npos);
  now_ += 2 * 86'400'000'000LL;
  s = consume(R"({"lot":"SX","quantity":1})");
  EXPECT_NE(s.message().find("expired"), std::string::npos) << s.message();
  EXPECT_EQ(consume(R"({"lot":"S1","quantity":51})").code(), Code::kConflict);  // more than the lot holds
  s = consume(R"({"lot":"SEAL1","quantity":1})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);  // seals belong to OP30
  EXPECT_NE(s.message().find("deviation_reason"), std::string::npos);
  EXPECT_EQ(consume(R"({"lot":"S1","quantity":23})").field(), "quantity");  // BOM needs 22
  ASSERT_TRUE(consume(R"({"lot":"S1","quantity":20000,"uom":"g"})").ok());  // 20 kg
  EXPECT_EQ(Lot("S1").total(), Q(30));
  ASSERT_TRUE(consume(R"({"lot":"S1","quantity":5,"deviation_reason":"bar end too short"})").ok());
  EXPECT_EQ(Order("WO1").materials[0].consumed, Q(25));
  EXPECT_TRUE(consume(R"({"lot":"SEAL1","quantity":1,"deviation_reason":"trial fit"})").ok());
}

TEST_F(Production, ProducedLotsLinkBackToEveryInputOfTheOrder) {
  ASSERT_TRUE(Receive("S1", "STEEL", 50, R"(,"supplier_lot":"MILL-7")").ok());
  ASSERT_TRUE(Receive("S2", "STEEL", 50).ok());
  ReleasedOrder("WO1", 4);
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kConsume, "WO1", "OP10", R"({"lot":"S1","quantity":4})").ok());
  ASSERT_TRUE(Prod(OrderAction::kProduce, "WO1", "OP10",
                   R"({"outputs":[{"quantity":2,"location":"WH"},{"id":"SH-X","quantity":1,"location":"WH2"}]})")
                  .ok());
  ASSERT_TRUE(Prod(OrderAction::kConsume, "WO1", "OP10", R"({"lot":"S2","quantity":4})").ok());  // after output
  EXPECT_EQ(Prod(OrderAction::kProduce, "WO1", "OP10", R"({"outputs":[{"quantity":2,"location":"WH"}]})").code(),
            Code::kConflict);  // 5 > 4
  EXPECT_EQ(Prod(OrderAction::kConsume, "WO1", "OP10", R"({"lot":"SH-X","quantity":1,"deviation_reason":"x"})").field(),
            "lot");  // its own output: a loop
  const auto& wo = Order("WO1");
  ASSERT_EQ(wo.outputs.size(), 2u);
  EXPECT_EQ(wo.outputs[0], "WO1-0001");
  EXPECT_EQ(Lot("WO1-0001").total(), Q(2));
  for (const auto& out : wo.outputs) {
    auto back = plant::TraceLots(plant_.state(), out, genealogy::Direction::kBackward, 0, 100);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->count, 2) << out;  // S1 and S2, whichever came first
  }
  auto built = plant::AsBuilt(plant_.state(), "SH-X");
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->order->id, "WO1");
  ASSERT_EQ(built->inputs->size(), 2u);
  EXPECT_EQ((*built->inputs)[0].supplier_lot, "MILL-7");
}

TEST_F(Production, SerialsLinkUnitLevelAndContainmentHoldsDownstream) {
  ASSERT_TRUE(Receive("S1", "STEEL", 50).ok());
  ASSERT_TRUE(Receive("SEAL-A", "SEAL", 1).ok());
  ASSERT_TRUE(Receive("SEAL-B", "SEAL", 1).ok());
  ReleasedOrder("WO1", 2);
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kConsume, "WO1", "OP10", R"({"lot":"S1","quantity":4})").ok());
  ASSERT_TRUE(Prod(OrderAction::kProduce, "WO1", "OP10",
                   R"({"serial":true,"outputs":[{"id":"SN1","quantity":1,"location":"WH"},
                                                {"id":"SN2","quantity":1,"location":"WH"}]})")
                  .ok());
  ASSERT_TRUE(Prod(OrderAction::kConsume, "WO1", "OP10",
                   R"({"lot":"SEAL-A","quantity":1,"output":"SN1","deviation_reason":"unit-level fit"})")
                  .ok());
  ASSERT_TRUE(Prod(OrderAction::kConsume, "WO1", "OP10",
                   R"({"lot":"SEAL-B","quantity":1,"output":"SN2","deviation_reason":"unit-level fit"})")
                  .ok());
  auto back = plant::TraceLots(plant_.state(), "SN1", genealogy::Direction::kBackward, 0, 100);
  ASSERT_EQ(back->count, 2);  // S1 and SEAL-A, not SEAL-B
  EXPECT_EQ(back->lots[0].brief.lot, "S1");
  EXPECT_EQ(back->lots[1].brief.lot, "SEAL-A");
  EXPECT_STREQ(plant::inventory::StatusName(Lot("SEAL-A")), "consumed");
  // Holding the steel with containment holds both serials in the same command: one case.
  size_t before = events_.size();
  ASSERT_TRUE(
      Inv(LotAction::kSetStatus, "S1", R"({"status":"on_hold","reason":"mill cert missing","containment":true})").ok());
  EXPECT_EQ(events_.size(), before + 1);
  EXPECT_EQ(events_.back().type, "containment.opened");
  const auto& c = plant_.state().inv.containments.at("C-0001");
  EXPECT_EQ(c.held.size(), 3u);  // S1, SN1, SN2
  EXPECT_STREQ(plant::inventory::StatusName(Lot("S1")), "on_hold");
  EXPECT_STREQ(plant::inventory::StatusName(Lot("SN1")), "on_hold");
  EXPECT_STREQ(plant::inventory::StatusName(Lot("SN2")), "on_hold");
  auto recall = plant::Recall(plant_.state(), "SEAL-B", 100);
  EXPECT_EQ(recall->affected_lots, 1);
  EXPECT_EQ(recall->lots[0].brief.lot, "SN2");
}

TEST_F(Production, CompletionBackflushesFefoOrRefusesOnShortage) {
  ASSERT_TRUE(Receive("S1", "STEEL", 50).ok());
  ASSERT_TRUE(Receive("SEAL1", "SEAL", 10).ok());
  ASSERT_TRUE(Receive("G-LATE", "GREASE", 1, R"(,"expires_at":")" + Day(300) + R"(")").ok());
  ASSERT_TRUE(Receive("G-SOON", "GREASE", 0.005, R"(,"expires_at":")" + Day(30) + R"(")").ok());
  ReleasedOrder("WO1", 2);
  for (const char* op : {"OP10", "OP20"}) {
    ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", op, R"({"work_unit":"WU","operators":["ANA"]})").ok());
    ASSERT_TRUE(Prod(OrderAction::kReport, "WO1", op, R"({"good":2})").ok());
    ASSERT_TRUE(Prod(OrderAction::kComplete, "WO1", op, "{}").ok());
  }
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "OP30", R"({"work_unit":"WU-ASM","operators":["DORA"]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kReport, "WO1", "OP30", R"({"good":2})").ok());
  ASSERT_TRUE(Prod(OrderAction::kComplete, "WO1", "OP30", "{}").ok());
  // 2 x 10 g = 0.02 kg: 0.005 from the lot expiring first, 0.015 from the other.
  EXPECT_STREQ(plant::inventory::StatusName(Lot("G-SOON")), "consumed");
  EXPECT_EQ(Lot("G-LATE").total(), Q(0.985));
  EXPECT_EQ(Order("WO1").status, OrderStatus::kCompleted);
  EXPECT_TRUE(plant_.state().inv.reserved.empty());  // completion frees what was left
  ASSERT_TRUE(Prod(OrderAction::kClose, "WO1", "", "{}").ok());

  ReleasedOrder("WO2", 100);  // needs 1 kg of grease; 0.985 is left
  for (const char* op : {"OP10", "OP20"}) {
    ASSERT_TRUE(Prod(OrderAction::kStart, "WO2", op, R"({"work_unit":"WU","operators":["ANA"]})").ok());
    ASSERT_TRUE(Prod(OrderAction::kReport, "WO2", op, R"({"good":100})").ok());
    ASSERT_TRUE(Prod(OrderAction::kComplete, "WO2", op, "{}").ok());
  }
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO2", "OP30", R"({"work_unit":"WU-ASM","operators":["DORA"]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kReport, "WO2", "OP30", R"({"good":100})").ok());
  Status s = Prod(OrderAction::kComplete, "WO2", "OP30", "{}");
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_NE(s.message().find("backflush of 'GREASE' is short by 0.015"), std::string::npos) << s.message();
  EXPECT_EQ(Order("WO2").operations[2].status, OpStatus::kRunning);
  EXPECT_EQ(Lot("G-LATE").total(), Q(0.985));
}

TEST_F(Production, InventoryMovementsNeverGoNegative) {
  ASSERT_TRUE(Receive("S1", "STEEL", 10).ok());
  EXPECT_EQ(Inv(LotAction::kMove, "S1", R"({"to":"WH2","quantity":11})").code(), Code::kConflict);
  EXPECT_EQ(Inv(LotAction::kMove, "S1", R"({"to":"WC","quantity":1})").field(), "to");
  ASSERT_TRUE(Inv(LotAction::kMove, "S1", R"({"to":"WH2","quantity":4})").ok());
  EXPECT_EQ(Inv(LotAction::kScrap, "S1", R"({"quantity":1,"reason":"rust"})").field(), "location");  // two places
  ASSERT_TRUE(Inv(LotAction::kScrap, "S1", R"({"location":"WH2","quantity":1,"reason":"rust"})").ok());
  EXPECT_EQ(Inv(LotAction::kAdjust, "S1", R"({"location":"WH","delta":-7,"reason":"x"})").code(), Code::kConflict);
  EXPECT_EQ(Inv(LotAction::kAdjust, "S1", R"({"location":"WH","delta":-1})").field(), "reason");
  ASSERT_TRUE(Inv(LotAction::kCount, "S1", R"({"location":"WH","counted":5.5})").ok());
  EXPECT_EQ(Lot("S1").on_hand.at("WH"), Q(5.5));
  EXPECT_EQ(Lot("S1").adjusted, Q(-0.5));
  ASSERT_TRUE(Inv(LotAction::kSetStatus, "S1", R"({"status":"on_hold","reason":"audit"})").ok());
  Status s = Inv(LotAction::kShip, "S1", R"({"location":"WH","quantity":1,"reference":"DN-1"})");
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_NE(s.message().find("on_hold (audit)"), std::string::npos);
  ASSERT_TRUE(Inv(LotAction::kSetStatus, "S1", R"({"status":"available","reason":"audit passed"})").ok());
  ASSERT_TRUE(Inv(LotAction::kShip, "S1", R"({"location":"WH","quantity":5.5,"reference":"DN-1"})").ok());
  EXPECT_EQ(Lot("S1").total(), Q(3));
  EXPECT_EQ(Lot("S1").shipped, Q(5.5));
}

// Regressions from review: each of these once broke the writer or the restored state.
TEST_F(Production, AggregatesAbove1e9StillSnapshotAndCountsStayBounded) {
  ASSERT_TRUE(Receive("BIG", "STEEL", 1e9).ok());
  ASSERT_TRUE(Inv(LotAction::kAdjust, "BIG", R"({"location":"WH","delta":5e8,"reason":"second silo"})").ok());
  EXPECT_EQ(Lot("BIG").total(), Q(1e9) + Q(5e8));
  Status s = Inv(LotAction::kCount, "BIG", R"({"location":"WH","counted":0})");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);  // a step of 1.5e9 is refused, not applied and then fatal
  EXPECT_EQ(s.field(), "counted");
  ASSERT_TRUE(Inv(LotAction::kCount, "BIG", R"({"location":"WH","counted":1e9})").ok());
  ASSERT_TRUE(Inv(LotAction::kAdjust, "BIG", R"({"location":"WH","delta":1e9,"reason":"top up"})").ok());
  auto restored = plant::Plant::Restore(plant_.Snapshot());
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_EQ((*restored)->state().inv.Find("BIG")->total(), Q(1e9) + Q(1e9));
}

TEST_F(Production, DispatchForARetiredUnitIsNotFound) {
  ReleasedOrder("WO1", 1);
  ASSERT_TRUE(Run(plant::RetireResource{model::Kind::kEquipment, "WU2", std::nullopt}).ok());
  auto r = plant::production::Dispatch(plant_.state(), {"", "WU2"});
  EXPECT_EQ(r.status().code(), Code::kNotFound);
  auto ok = plant::production::Dispatch(plant_.state(), {"", "WU"});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->items.size(), 1u);
}

TEST_F(Production, CancelledOrdersReleaseTheirUnitsAfterRestoreToo) {
  ReleasedOrder("WO1", 1);
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kPause, "WO1", "OP10", "{}").ok());
  ASSERT_TRUE(Prod(OrderAction::kCancel, "WO1", "", R"({"reason":"scrapped the batch"})").ok());
  EXPECT_TRUE(plant_.state().prod.busy_units.empty());
  auto restored = plant::Plant::Restore(plant_.Snapshot());
  ASSERT_TRUE(restored.ok());
  EXPECT_TRUE((*restored)->state().prod.busy_units.empty());
}

TEST_F(Production, BackflushNeverPicksALotMadeFromTheOrdersOwnOutput) {
  ASSERT_TRUE(Create(model::Kind::kProductDefinition,
                     R"({"id":"PD-GREASE","product":"GREASE","routing":[{"id":"MIX","equipment_class":"LATHE"}]})")
                  .ok());
  ASSERT_TRUE(Receive("S1", "STEEL", 50).ok());
  ASSERT_TRUE(Receive("SEAL1", "SEAL", 10).ok());
  ReleasedOrder("WO1", 2);
  for (const char* op : {"OP10", "OP20"}) {
    ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", op, R"({"work_unit":"WU","operators":["ANA"]})").ok());
    ASSERT_TRUE(Prod(OrderAction::kReport, "WO1", op, R"({"good":2})").ok());
    if (std::string(op) == "OP20") {
      ASSERT_TRUE(
          Prod(OrderAction::kProduce, "WO1", op, R"({"outputs":[{"id":"O1","quantity":1,"location":"WH"}]})").ok());
    }
    ASSERT_TRUE(Prod(OrderAction::kComplete, "WO1", op, "{}").ok());
  }
  // Grease made from WO1's own output: a second order turns O1 into grease lot G1.
  ASSERT_TRUE(Prod(OrderAction::kCreate, "", "",
                   R"({"id":"WG","product_definition":"PD-GREASE","quantity":1,"due":"2026-12-01","site":"SITE"})")
                  .ok());
  ASSERT_TRUE(Prod(OrderAction::kRelease, "WG", "", "{}").ok());
  ASSERT_TRUE(Prod(OrderAction::kStart, "WG", "MIX", R"({"work_unit":"WU2","operators":["ANA"]})").ok());
  ASSERT_TRUE(
      Prod(OrderAction::kConsume, "WG", "MIX", R"({"lot":"O1","quantity":1,"deviation_reason":"rework"})").ok());
  ASSERT_TRUE(
      Prod(OrderAction::kProduce, "WG", "MIX", R"({"outputs":[{"id":"G1","quantity":1,"location":"WH"}]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "OP30", R"({"work_unit":"WU-ASM","operators":["DORA"]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kReport, "WO1", "OP30", R"({"good":2})").ok());
  Status s = Prod(OrderAction::kComplete, "WO1", "OP30", "{}");
  EXPECT_EQ(s.code(), Code::kConflict);  // G1 is the only grease, and it may not go back into WO1
  EXPECT_NE(s.message().find("GREASE"), std::string::npos) << s.message();
  ASSERT_TRUE(Receive("G2", "GREASE", 1).ok());
  ASSERT_TRUE(Prod(OrderAction::kComplete, "WO1", "OP30", "{}").ok());
  EXPECT_EQ(Lot("G1").total(), Q(1));
  EXPECT_EQ(Lot("G2").total(), Q(0.98));
}

TEST_F(Production, AFailedRetestWithdrawsAnEarlierPass) {
  ASSERT_TRUE(Create(model::Kind::kPerson, R"({"id":"EVE","name":"Eve","qualifications":[
      {"qualification":"Q-LATHE","tested_at":")" +
                                               Day(-100) + R"("},
      {"qualification":"Q-LATHE","tested_at":")" +
                                               Day(-1) + R"(","result":"fail"}]})")
                  .ok());
  ReleasedOrder("WO1", 1);
  Status s = Prod(OrderAction::kStart, "WO1", "OP10", R"({"work_unit":"WU","operators":["EVE"]})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  EXPECT_NE(s.message().find("failed"), std::string::npos) << s.message();
}

TEST_F(Production, OneBomLinePerMaterialAndOperation) {
  Status s = Create(model::Kind::kProductDefinition, R"({"id":"PD-2","product":"SHAFT",
      "bom":[{"material":"STEEL","quantity":1,"uom":"kg","operation":"OP10"},
             {"material":"STEEL","quantity":2,"uom":"kg"}],
      "routing":[{"id":"OP10","equipment_class":"LATHE"}]})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  EXPECT_EQ(s.field(), "bom[1].material");
}

TEST_F(Production, ACountFindingStockRevivesAConsumedLot) {
  ASSERT_TRUE(Receive("S1", "STEEL", 5).ok());
  ReleasedOrder("WO1", 2);
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kConsume, "WO1", "OP10", R"({"lot":"S1","quantity":4.4})").ok());
  ASSERT_TRUE(Prod(OrderAction::kConsume, "WO1", "OP10", R"({"lot":"S1","quantity":0.6,"deviation_reason":"x"})").ok());
  EXPECT_STREQ(plant::inventory::StatusName(Lot("S1")), "consumed");
  ASSERT_TRUE(Inv(LotAction::kCount, "S1", R"({"location":"WH","counted":0.5})").ok());
  EXPECT_STREQ(plant::inventory::StatusName(Lot("S1")), "available");
}

// A pump: the housing is turned on one lathe while the shaft is turned on the other, and the
// assembly waits for both and takes no more than the smaller of the two.
TEST_F(Production, RoutingBranchesRunInParallelAndJoinAtTheAssembly) {
  PumpOrder("WO1", 10);
  auto ready = [&](const std::string& unit) {
    std::vector<std::string> ops;
    auto list = plant::production::Dispatch(plant_.state(), {"", unit});
    EXPECT_TRUE(list.ok());
    if (list.ok())
      for (const auto& item : list->items) ops.push_back(item.operation);
    return ops;
  };
  EXPECT_EQ(ready("WU"), (std::vector<std::string>{"HOUSING", "SHAFT"}));  // both branches are ready
  EXPECT_TRUE(ready("WU-ASM").empty());
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "HOUSING", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "SHAFT", R"({"work_unit":"WU2","operators":["BOB"]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kReport, "WO1", "HOUSING", R"({"good":10})").ok());
  ASSERT_TRUE(Prod(OrderAction::kComplete, "WO1", "HOUSING", "{}").ok());
  size_t before = events_.size();
  Status s = Prod(OrderAction::kStart, "WO1", "ASSEMBLY", R"({"work_unit":"WU-ASM","operators":["DORA"]})");
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_NE(s.message().find("'SHAFT' must be completed first"), std::string::npos) << s.message();
  EXPECT_EQ(events_.size(), before);
  ASSERT_TRUE(Prod(OrderAction::kReport, "WO1", "SHAFT", R"({"good":8,"scrap":2,"scrap_reason":"chatter"})").ok());
  ASSERT_TRUE(Prod(OrderAction::kComplete, "WO1", "SHAFT", "{}").ok());
  EXPECT_EQ(ready("WU-ASM"), std::vector<std::string>{"ASSEMBLY"});
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "ASSEMBLY", R"({"work_unit":"WU-ASM","operators":["DORA"]})").ok());
  // Eight shafts make at most eight pumps (no tolerance on this order).
  EXPECT_EQ(Prod(OrderAction::kReport, "WO1", "ASSEMBLY", R"({"good":9})").code(), Code::kConflict);
  ASSERT_TRUE(Prod(OrderAction::kReport, "WO1", "ASSEMBLY", R"({"good":8})").ok());
  auto perf = plant::production::Performance(plant_.state(), "WO1");
  ASSERT_TRUE(perf.ok());
  EXPECT_EQ(perf->operations[1].planned_time_s, 300);  // 10 x 30 s: a branch start
  // Replay from the journal and restore from a snapshot both keep the branches.
  auto restored = plant::Plant::Restore(plant_.Snapshot());
  ASSERT_TRUE(restored.ok());
  plant::Plant replayed;
  for (const Event& e : events_) ASSERT_TRUE(replayed.Apply(e).ok()) << e.type;
  for (const plant::Plant* p : {restored->get(), &replayed}) {
    const auto& ops = p->state().prod.Find("WO1")->operations;
    EXPECT_TRUE(ops[1].predecessors.empty());
    EXPECT_EQ(ops[2].predecessors, (std::vector<std::string>{"HOUSING", "SHAFT"}));
  }
}

// Late material or a new customer date: an open order gets a new earliest start, due date or
// priority; bad requests and finished orders are refused and change nothing.
TEST_F(Production, RescheduleMovesDatesOfOpenOrders) {
  ReleasedOrder("WO1", 2);
  size_t before = events_.size();
  EXPECT_EQ(Prod(OrderAction::kReschedule, "WO1", "", R"({"reason":"late steel"})").field(), "earliest_start");
  EXPECT_EQ(Prod(OrderAction::kReschedule, "WO1", "", R"({"earliest_start":"soon","reason":"x"})").field(),
            "earliest_start");
  EXPECT_EQ(Prod(OrderAction::kReschedule, "WO1", "", R"({"priority":0,"reason":"x"})").field(), "priority");
  EXPECT_EQ(Prod(OrderAction::kReschedule, "WO1", "", R"({"priority":5})").field(), "reason");
  EXPECT_EQ(events_.size(), before);
  const std::string tomorrow = Day(1);
  ASSERT_TRUE(
      Prod(OrderAction::kReschedule, "WO1", "", R"({"earliest_start":")" + tomorrow + R"(","reason":"late steel"})")
          .ok());
  EXPECT_EQ(FormatIso8601(*Order("WO1").earliest_start), tomorrow);
  const Timestamp due = Order("WO1").due;
  ASSERT_TRUE(Prod(OrderAction::kReschedule, "WO1", "", R"({"priority":7,"reason":"customer escalation"})").ok());
  EXPECT_EQ(Order("WO1").priority, 7);
  EXPECT_TRUE(Order("WO1").earliest_start.has_value());  // kept
  EXPECT_EQ(Order("WO1").due, due);
  ASSERT_TRUE(Prod(OrderAction::kReschedule, "WO1", "", R"({"earliest_start":null,"reason":"steel arrived"})").ok());
  EXPECT_FALSE(Order("WO1").earliest_start.has_value());
  auto restored = plant::Plant::Restore(plant_.Snapshot());
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ((*restored)->state().prod.Find("WO1")->priority, 7);
  ASSERT_TRUE(Prod(OrderAction::kCancel, "WO1", "", R"({"reason":"obsolete"})").ok());
  EXPECT_EQ(Prod(OrderAction::kReschedule, "WO1", "", R"({"priority":5,"reason":"x"})").code(), Code::kConflict);
}

// Orders journalled before routings had branches carry no predecessors: they replay as chains.
TEST_F(Production, OrdersWithoutPredecessorsReplayAsPlainRoutings) {
  ReleasedOrder("WO1", 2);
  json::value doc = plant::production::Encode(Order("WO1"));
  for (auto& op : doc.as_object().at("operations").as_array()) op.as_object().erase("predecessors");
  auto wo = plant::production::DecodeOrder(doc);
  ASSERT_TRUE(wo.ok()) << wo.status().ToString();
  EXPECT_TRUE(wo->operations[0].predecessors.empty());
  EXPECT_EQ(wo->operations[1].predecessors, std::vector<std::string>{"OP10"});
  EXPECT_EQ(wo->operations[2].predecessors, std::vector<std::string>{"OP20"});
}

// Replies show an order through its view (views.h), described in contract.h; before, they showed
// the stored form. The view keeps every field and shape the stored form has: an order through
// execution (consumption, scrap by reason, an output, a paused operation, one never started)
// reads the same either way.
TEST_F(Production, TheViewShowsAnOrderAsTheStoredFormDoes) {
  ASSERT_TRUE(Receive("S1", "STEEL", 30).ok());
  ReleasedOrder("WO1", 2);
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kConsume, "WO1", "OP10", R"({"lot":"S1","quantity":2.5})").ok());
  ASSERT_TRUE(Prod(OrderAction::kReport, "WO1", "OP10", R"({"good":1.5,"scrap":0.5,"scrap_reason":"chatter"})").ok());
  ASSERT_TRUE(Prod(OrderAction::kProduce, "WO1", "OP10", R"({"outputs":[{"quantity":1,"location":"WH"}]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kPause, "WO1", "OP10", R"({"reason":"break"})").ok());
  const auto& wo = Order("WO1");
  json::value view = contract::Encode(plant::production::View(wo));
  EXPECT_EQ(view, json::value(plant::production::Encode(wo))) << Serialize(view);
  EXPECT_EQ(view.at("materials").as_array()[0].at("short"), 0);
  EXPECT_EQ(view.at("operations").as_array()[0].at("scrap_by_reason").at("chatter"), 0.5);
  // Replies write the view as text field by field: the same text.
  EXPECT_EQ(contract::EncodeText(plant::production::View(wo)), Serialize(view));
}

}  // namespace
}  // namespace takt::test
