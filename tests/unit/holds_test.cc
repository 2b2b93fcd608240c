// Containment that cannot leak, in the domain: holds stack, a containment is a standing case
// that holds what is made later, releasing names what it releases, and journals from before
// holds stacked still replay.
#include "plant/genealogy/trace.h"
#include "plant/inventory/inventory.h"
#include "plant/inventory/queries.h"
#include "plant/production/queries.h"
#include "unit/production_fixture.h"

namespace takt::test {
namespace {

using plant::ContainmentCommand;

class Holds : public ProductionFixture {
 protected:
  std::string StatusOf(const std::string& lot) { return plant::inventory::StatusName(Lot(lot)); }
  // Opens a case with the body of POST /api/v1/containments.
  Status Contain(const std::string& body) {
    auto open = contract::Decode<plant::inventory::OpenContainment>(*ParseJson(body));
    return open.ok() ? Run(ContainmentCommand{"", *open}) : open.status();
  }
  Status ReleaseCase(const std::string& id) {
    return Run(ContainmentCommand{id, plant::inventory::ReleaseContainment{"cleared"}});
  }
  Status SetStatus(const std::string& lot, const std::string& body) { return Inv(LotAction::kSetStatus, lot, body); }
  // The lot as a restored and as a replayed plant see it: all three agree.
  void ExpectSameAfterRestart() {
    auto restored = plant::Plant::Restore(plant_.Snapshot());
    ASSERT_TRUE(restored.ok()) << restored.status().ToString();
    EXPECT_EQ((*restored)->Snapshot(), plant_.Snapshot());
    plant::Plant replayed;
    for (const Event& e : events_) ASSERT_TRUE(replayed.Apply(e).ok()) << e.type;
    EXPECT_EQ(replayed.Snapshot(), plant_.Snapshot());
  }
};

TEST_F(Holds, HoldsStackAndEachReleaseNamesOne) {
  ASSERT_TRUE(Receive("S1", "STEEL", 10).ok());
  ASSERT_TRUE(SetStatus("S1", R"({"status":"quarantine","reason":"incoming inspection"})").ok());
  ASSERT_TRUE(SetStatus("S1", R"({"status":"on_hold","reason":"audit"})").ok());
  EXPECT_EQ(StatusOf("S1"), "on_hold");
  ASSERT_EQ(Lot("S1").holds.size(), 2u);
  // The same hold twice is a mistake; another reason is another hold.
  EXPECT_EQ(SetStatus("S1", R"({"status":"on_hold","reason":"audit"})").code(), Code::kConflict);
  // Two holds the route may release: it must be told which.
  Status s = SetStatus("S1", R"({"status":"available","reason":"done"})");
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_EQ(s.field(), "hold");
  EXPECT_EQ(SetStatus("S1", R"({"status":"available","reason":"done","hold":"H9"})").field(), "hold");
  ASSERT_TRUE(SetStatus("S1", R"({"status":"available","reason":"audit passed","hold":"H2"})").ok());
  EXPECT_EQ(StatusOf("S1"), "quarantine");  // the inspection still holds it
  EXPECT_EQ(Inv(LotAction::kShip, "S1", R"({"quantity":1,"reference":"SO-1"})").code(), Code::kConflict);
  ASSERT_TRUE(SetStatus("S1", R"({"status":"available","reason":"inspected"})").ok());  // the only one left
  EXPECT_EQ(StatusOf("S1"), "available");
  EXPECT_EQ(SetStatus("S1", R"({"status":"available","reason":"again"})").code(), Code::kConflict);
  ExpectSameAfterRestart();
}

// R is consumed into A's output X; X into B before the containment; B produces afterwards.
TEST_F(Holds, LotsMadeLaterFromAContainedAncestorAreBornHeld) {
  ASSERT_TRUE(Receive("R", "STEEL", 50).ok());
  ASSERT_TRUE(Receive("OTHER", "STEEL", 50).ok());
  ReleasedOrder("A", 4);
  ASSERT_TRUE(Prod(OrderAction::kStart, "A", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kConsume, "A", "OP10", R"({"lot":"R","quantity":8})").ok());
  ASSERT_TRUE(
      Prod(OrderAction::kProduce, "A", "OP10", R"({"outputs":[{"id":"X","quantity":2,"location":"WH"}]})").ok());
  ReleasedOrder("B", 4);
  ASSERT_TRUE(Prod(OrderAction::kStart, "B", "OP10", R"({"work_unit":"WU2","operators":["ANA"]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kConsume, "B", "OP10", R"({"lot":"X","quantity":2,"deviation_reason":"rework"})").ok());
  ASSERT_TRUE(
      Prod(OrderAction::kProduce, "B", "OP10", R"({"outputs":[{"id":"Y1","quantity":1,"location":"WH"}]})").ok());

  ASSERT_TRUE(Contain(R"({"lots":["R"],"reason":"mill certificate wrong"})").ok());
  const auto& c = plant_.state().inv.containments.at("C-0001");
  ASSERT_EQ(c.held.size(), 3u);  // R, X, Y1
  for (const char* lot : {"R", "Y1"}) EXPECT_EQ(StatusOf(lot), "on_hold") << lot;
  EXPECT_EQ(StatusOf("X"), "consumed");  // all of it went into B; held all the same
  ASSERT_EQ(Lot("X").holds.size(), 1u);
  EXPECT_EQ(Lot("X").holds[0].source, "R");
  EXPECT_EQ(StatusOf("OTHER"), "available");

  // A second case on OTHER, which goes into B too.
  ASSERT_TRUE(Prod(OrderAction::kConsume, "B", "OP10", R"({"lot":"OTHER","quantity":1,"deviation_reason":"x"})").ok());
  ASSERT_TRUE(Contain(R"({"id":"CASE-OTHER","lots":["OTHER"],"reason":"supplier alert"})").ok());
  // Made afterwards by B: from X (whose ancestor R is contained) and from OTHER: held by both.
  ASSERT_TRUE(
      Prod(OrderAction::kProduce, "B", "OP10", R"({"outputs":[{"id":"Y2","quantity":1,"location":"WH"}]})").ok());
  EXPECT_EQ(events_.back().version, 2);
  std::map<std::string, std::string> cases;  // case -> the contained lot Y2 descends from
  for (const auto& h : Lot("Y2").holds) cases[h.case_id] = h.source;
  EXPECT_EQ(cases, (std::map<std::string, std::string>{{"C-0001", "R"}, {"CASE-OTHER", "OTHER"}}));
  EXPECT_EQ(c.held.back().first, "Y2");
  // Made by A afterwards (it consumed R before the case): held too.
  ASSERT_TRUE(
      Prod(OrderAction::kProduce, "A", "OP10", R"({"outputs":[{"id":"X2","quantity":1,"location":"WH"}]})").ok());
  EXPECT_EQ(StatusOf("X2"), "on_hold");
  EXPECT_EQ(Inv(LotAction::kShip, "X2", R"({"quantity":1,"reference":"SO-9"})").code(), Code::kConflict);
  // The status route cannot lift a case's hold.
  Status s = SetStatus("X2", R"({"status":"available","reason":"looks fine"})");
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_NE(s.message().find("C-0001"), std::string::npos) << s.message();
  ExpectSameAfterRestart();

  // Releasing the first case lifts its holds in one event; the second case still holds Y2.
  size_t before = events_.size();
  ASSERT_TRUE(ReleaseCase("C-0001").ok());
  EXPECT_EQ(events_.size(), before + 1);
  for (const char* lot : {"R", "X", "Y1", "Y2", "X2"})
    for (const auto& h : Lot(lot).holds) EXPECT_NE(h.case_id, "C-0001") << lot;
  EXPECT_EQ(StatusOf("R"), "available");
  EXPECT_EQ(StatusOf("X2"), "available");
  // Y1 and Y2 took OTHER too (B consumed it at order level): the second case still holds them.
  EXPECT_EQ(StatusOf("Y1"), "on_hold");
  EXPECT_EQ(StatusOf("Y2"), "on_hold");
  EXPECT_EQ(ReleaseCase("C-0001").code(), Code::kConflict);
  ASSERT_TRUE(Inv(LotAction::kShip, "X2", R"({"quantity":1,"reference":"SO-9"})").ok());
  // After the release, new lots are no longer born held under it.
  ASSERT_TRUE(
      Prod(OrderAction::kProduce, "A", "OP10", R"({"outputs":[{"id":"X3","quantity":1,"location":"WH"}]})").ok());
  EXPECT_EQ(StatusOf("X3"), "available");
  ExpectSameAfterRestart();
}

TEST_F(Holds, EmptiedLotsSayHowAndCountsBringThemBack) {
  ASSERT_TRUE(Receive("S1", "STEEL", 10).ok());
  ASSERT_TRUE(Inv(LotAction::kShip, "S1", R"({"quantity":4,"reference":"SO-1004"})").ok());
  ASSERT_TRUE(Inv(LotAction::kShip, "S1", R"({"quantity":6,"reference":"SO-1006"})").ok());
  EXPECT_EQ(StatusOf("S1"), "shipped");
  ASSERT_EQ(Lot("S1").shipments.size(), 2u);
  EXPECT_EQ(Lot("S1").shipments[0].reference, "SO-1004");
  // Found again by a count: it has stock, so it is available (or held, if a hold is active).
  ASSERT_TRUE(SetStatus("S1", R"({"status":"on_hold","reason":"customer complaint"})").ok());
  EXPECT_EQ(StatusOf("S1"), "shipped");
  ASSERT_TRUE(Inv(LotAction::kCount, "S1", R"({"location":"WH","counted":1})").ok());
  EXPECT_EQ(StatusOf("S1"), "on_hold");
  ASSERT_TRUE(Inv(LotAction::kScrap, "S1", R"({"quantity":1,"reason":"dented"})").ok());
  EXPECT_EQ(StatusOf("S1"), "scrapped");
  ASSERT_TRUE(Receive("S2", "STEEL", 3).ok());
  ASSERT_TRUE(Inv(LotAction::kCount, "S2", R"({"location":"WH","counted":0})").ok());
  EXPECT_EQ(StatusOf("S2"), "depleted");
  auto balances = plant::inventory::Balances(plant_.state(), {.status = "shipped"});
  EXPECT_TRUE(balances.items.empty());  // nothing on hand
  ExpectSameAfterRestart();
}

// Journals written before holds stacked: lot.status_changed replaced the lot's one status, and a
// containment wrote one per downstream lot with contained_from. They replay into holds.
TEST_F(Holds, OldStatusChangedEventsReplayIntoHolds) {
  ASSERT_TRUE(Receive("S1", "STEEL", 10).ok());
  ASSERT_TRUE(Receive("S2", "STEEL", 10).ok());
  auto legacy = [&](const std::string& payload) {
    Event e{plant_.last_seq() + 1, Timestamp{now_}, "user:old", "lot.status_changed", 1, payload, {}};
    e.hash = ChainHash(plant_.last_hash(), e);
    events_.push_back(e);
    return plant_.Apply(e);
  };
  ASSERT_TRUE(legacy(R"({"lot":"S1","status":"on_hold","reason":"mill cert missing","contained_from":null})").ok());
  ASSERT_TRUE(legacy(R"({"lot":"S2","status":"on_hold","reason":"mill cert missing","contained_from":"S1"})").ok());
  EXPECT_EQ(StatusOf("S1"), "on_hold");
  ASSERT_EQ(Lot("S2").holds.size(), 1u);
  EXPECT_EQ(Lot("S2").holds[0].kind, plant::inventory::HoldKind::kContainment);
  EXPECT_EQ(Lot("S2").holds[0].source, "S1");
  EXPECT_EQ(Lot("S2").holds[0].origin, "containment");
  // Then a quarantine overwrote the hold, and "available" cleared it: as the old build did.
  ASSERT_TRUE(legacy(R"({"lot":"S1","status":"quarantine","reason":"retest","contained_from":null})").ok());
  ASSERT_EQ(Lot("S1").holds.size(), 1u);
  EXPECT_EQ(StatusOf("S1"), "quarantine");
  ASSERT_TRUE(legacy(R"({"lot":"S1","status":"available","reason":"ok","contained_from":null})").ok());
  EXPECT_EQ(StatusOf("S1"), "available");
  // An old containment has no case: the status route releases its hold.
  ASSERT_TRUE(SetStatus("S2", R"({"status":"available","reason":"cert found"})").ok());
  EXPECT_EQ(StatusOf("S2"), "available");
  ExpectSameAfterRestart();
}

TEST_F(Holds, ContainmentCasesCheckTheirInput) {
  ASSERT_TRUE(Receive("S1", "STEEL", 10).ok());
  EXPECT_EQ(Contain(R"({"lots":[],"reason":"x"})").field(), "lots");
  EXPECT_EQ(Contain(R"({"lots":["NOPE"],"reason":"x"})").field(), "lots[0]");
  EXPECT_EQ(Contain(R"({"lots":["S1","S1"],"reason":"x"})").field(), "lots[1]");
  EXPECT_EQ(Contain(R"({"lots":["S1"],"reason":""})").field(), "reason");
  ASSERT_TRUE(Contain(R"({"id":"K1","lots":["S1"],"reason":"x"})").ok());
  EXPECT_EQ(Contain(R"({"id":"K1","lots":["S1"],"reason":"x"})").code(), Code::kConflict);
  EXPECT_EQ(ReleaseCase("NOPE").code(), Code::kNotFound);
  EXPECT_EQ(SetStatus("S1", R"({"status":"quarantine","reason":"x","hold":"H1"})").field(), "hold");
}

// A chosen case id at the top of the int64 range must not overflow the sequence of generated ids
// (it did: signed overflow, then ids such as C--9223372036854775808).
TEST_F(Holds, AChosenCaseIdCannotOverflowTheSequence) {
  ASSERT_TRUE(Receive("S1", "STEEL", 10).ok());
  ASSERT_TRUE(Receive("S2", "STEEL", 10).ok());
  ASSERT_TRUE(Contain(R"({"id":"C-9223372036854775807","lots":["S1"],"reason":"x"})").ok());
  ASSERT_TRUE(Contain(R"({"lots":["S2"],"reason":"y"})").ok());
  for (const auto& [id, c] : plant_.state().inv.containments) EXPECT_EQ(id.find("C--"), std::string::npos) << id;
  EXPECT_TRUE(plant_.state().inv.containments.count("C-0001"));
}

// A lot's history lists every event that changed it, oldest first, and says what each did; a
// restored plant keeps it (the snapshot carries it) and a replayed one rebuilds it.
TEST_F(Holds, ALotsHistoryListsEveryEventThatChangedIt) {
  using plant::inventory::MovementKind;
  ASSERT_TRUE(Receive("R", "STEEL", 50, R"(,"supplier_lot":"AR-1")").ok());
  ASSERT_TRUE(Receive("OTHER", "STEEL", 5).ok());
  ASSERT_TRUE(Inv(LotAction::kMove, "R", R"({"to":"WH2","quantity":10})").ok());
  ASSERT_TRUE(SetStatus("R", R"({"status":"quarantine","reason":"inspection"})").ok());
  ASSERT_TRUE(SetStatus("R", R"({"status":"available","reason":"inspected"})").ok());
  ReleasedOrder("A", 4);
  ASSERT_TRUE(Prod(OrderAction::kStart, "A", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kConsume, "A", "OP10", R"({"lot":"R","location":"WH","quantity":8})").ok());
  ASSERT_TRUE(
      Prod(OrderAction::kProduce, "A", "OP10", R"({"outputs":[{"id":"X","quantity":2,"location":"WH"}]})").ok());
  ASSERT_TRUE(Inv(LotAction::kCount, "R", R"({"location":"WH2","counted":9})").ok());
  ASSERT_TRUE(Inv(LotAction::kScrap, "R", R"({"location":"WH2","quantity":1,"reason":"rust"})").ok());
  ASSERT_TRUE(Contain(R"({"lots":["R"],"reason":"mill certificate wrong"})").ok());
  ASSERT_TRUE(ReleaseCase("C-0001").ok());
  ExpectSameAfterRestart();

  // Every event naming R, and only those, in order.
  auto movements = [&](const std::string& lot) {
    const auto& h = Lot(lot).history;
    std::vector<plant::inventory::LotMovement> out;
    for (const Event& e : events_)
      if (std::binary_search(h.begin(), h.end(), e.seq))
        out.push_back(plant::inventory::MovementOf(e, ParseJson(e.payload)->as_object(), lot, Lot(lot).uom));
    EXPECT_EQ(out.size(), h.size()) << lot;
    return out;
  };
  auto r = movements("R");
  std::vector<MovementKind> kinds;
  for (const auto& m : r) kinds.push_back(m.kind);
  EXPECT_EQ(kinds, (std::vector<MovementKind>{MovementKind::kReceived, MovementKind::kMoved, MovementKind::kHeld,
                                              MovementKind::kReleased, MovementKind::kConsumed, MovementKind::kCounted,
                                              MovementKind::kScrapped, MovementKind::kContained,
                                              MovementKind::kContainmentReleased}));
  ASSERT_EQ(r.size(), 9u);
  EXPECT_EQ(r[0].quantity, Q(50));
  EXPECT_EQ(r[0].location, "WH");
  EXPECT_EQ(r[0].reference, "AR-1");
  EXPECT_EQ(r[1].quantity, Q(10));  // moved: the stock stays
  EXPECT_EQ(r[1].location, "WH");
  EXPECT_EQ(r[1].to, "WH2");
  EXPECT_EQ(r[2].hold, "quarantine");
  EXPECT_EQ(r[2].reason, "inspection");
  EXPECT_EQ(r[3].hold, "H1");
  EXPECT_EQ(r[4].quantity, Q(-8));
  EXPECT_EQ(r[4].work_order, "A");
  EXPECT_EQ(r[4].operation, "OP10");
  EXPECT_EQ(r[5].quantity, Q(-1));  // counted 9 of 10
  EXPECT_EQ(r[6].quantity, Q(-1));
  EXPECT_EQ(r[6].reason, "rust");
  EXPECT_EQ(r[7].case_id, "C-0001");
  EXPECT_EQ(r[8].case_id, "C-0001");
  EXPECT_EQ(r.back().actor, "user:test");
  // The movements sum to the lot's stock.
  Quantity sum;
  for (const auto& m : r)
    if (m.quantity && m.kind != MovementKind::kMoved) sum += *m.quantity;
  EXPECT_EQ(sum, Lot("R").total());
  auto x = movements("X");
  ASSERT_EQ(x.size(), 3u);
  EXPECT_EQ(x[0].kind, MovementKind::kProduced);
  EXPECT_EQ(x[0].quantity, Q(2));
  EXPECT_EQ(x[0].work_order, "A");
  EXPECT_EQ(x[1].kind, MovementKind::kContained);
  EXPECT_EQ(movements("OTHER").size(), 1u);
}

}  // namespace
}  // namespace takt::test
