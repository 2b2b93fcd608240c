// Property: random sequences of movements and executions never create or lose material, and a
// plant rebuilt from its journal (or restored from its snapshot) equals the live one.
#include <map>
#include <random>

#include "plant/genealogy/contract.h"
#include "unit/production_fixture.h"

namespace takt::test {
namespace {

// A trace as the API answers it.
std::string Trace(const plant::Plant& p, const std::string& lot, genealogy::Direction dir, size_t limit) {
  auto t = plant::TraceLots(p.state(), lot, dir, 0, limit);
  return t.ok() ? Serialize(contract::Encode(*t)) : t.status().ToString();
}

class MassBalance : public ProductionFixture, public ::testing::WithParamInterface<int> {
 protected:
  std::mt19937 rng_{static_cast<uint32_t>(GetParam())};

  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::string Amount() { return std::to_string(1 + Pick(1500)) + "e-2"; }  // 0.01 .. 15
  template <typename C>
  const std::string& Any(const C& ids) {
    return ids[Pick(static_cast<int>(ids.size()))];
  }

  // Independent ledger from the journal: per material, what came in and what went out.
  std::map<std::string, Quantity> LedgerOnHand() {
    std::map<std::string, Quantity> net;
    std::map<std::string, std::string> material_of;
    for (const Event& e : events_) {
      const auto p = ParseJson(e.payload)->as_object();
      auto q = [&](const char* k) { return *Quantity::FromDouble(p.at(k).to_number<double>()); };
      auto mat = [&](const char* k) { return material_of.at(std::string(p.at(k).as_string())); };
      if (e.type == "lot.received") {
        const auto& d = p.at("doc").as_object();
        material_of[std::string(d.at("id").as_string())] = std::string(d.at("material").as_string());
        net[std::string(d.at("material").as_string())] += q("quantity");
      } else if (e.type == "material.produced") {
        for (const auto& l : p.at("lots").as_array()) {
          material_of[std::string(l.at("id").as_string())] = std::string(p.at("material").as_string());
          net[std::string(p.at("material").as_string())] += *Quantity::FromDouble(l.at("quantity").to_number<double>());
        }
      } else if (e.type == "lot.adjusted") {
        net[mat("lot")] += q("delta");
      } else if (e.type == "lot.scrapped" || e.type == "lot.shipped" || e.type == "material.consumed") {
        net[mat("lot")] -= q("quantity");
      }
    }
    return net;
  }
};

TEST_P(MassBalance, RandomOperationsKeepEveryGram) {
  std::vector<std::string> lots, orders;
  const std::vector<std::string> locations = {"WH", "WH2"};
  const std::vector<std::string> ops = {"OP10", "OP20", "OP30"};
  const std::vector<std::string> people = {"ANA", "BOB", "DORA"};
  const std::vector<std::string> units = {"WU", "WU2", "WU-ASM"};
  int accepted = 0, refused = 0, produced_lots = 0;
  for (int step = 0; step < 2500; ++step) {
    std::string lot = lots.empty() ? "none" : Any(lots);
    std::string order = orders.empty() ? "none" : Any(orders);
    std::vector<std::string> busy;  // orders under way: execution steps mostly go there
    for (const auto& [unit, order] : plant_.state().prod.busy_units) busy.push_back(order);
    if (!busy.empty() && Pick(3)) order = Any(busy);
    // Mostly the order's current operation, so that execution gets somewhere.
    std::string op = Any(ops);
    if (const auto* wo = plant_.state().prod.Find(order); wo && Pick(5)) {
      for (const auto& o : wo->operations)
        if (o.status != plant::production::OpStatus::kCompleted) {
          op = o.id;
          break;
        }
    }
    Status s;
    switch (Pick(14)) {
      case 0: {
        std::string id = "L" + std::to_string(step);
        const char* mats[] = {"STEEL", "SEAL", "GREASE"};
        s = Receive(id, mats[Pick(3)], 1 + Pick(200));
        if (s.ok()) lots.push_back(id);
        break;
      }
      case 1:
        s = Inv(LotAction::kMove, lot, R"({"to":")" + Any(locations) + R"(","quantity":)" + Amount() + "}");
        break;
      case 2:
        s = Inv(LotAction::kAdjust, lot,
                R"({"location":")" + Any(locations) + R"(","delta":)" + (Pick(2) ? "-" : "") + Amount() +
                    R"(,"reason":"found"})");
        break;
      case 3:
        s = Inv(LotAction::kCount, lot, R"({"location":")" + Any(locations) + R"(","counted":)" + Amount() + "}");
        break;
      case 4:
        s = Inv(Pick(2) ? LotAction::kScrap : LotAction::kShip, lot,
                R"({"quantity":)" + Amount() + R"(,"reason":"r","reference":"DN"})");
        if (!s.ok()) {  // each takes only one of reason / reference
          s = Inv(LotAction::kScrap, lot, R"({"quantity":)" + Amount() + R"(,"reason":"dropped"})");
        }
        break;
      case 5:
        s = Inv(LotAction::kSetStatus, lot,
                std::string(R"({"status":")") + (Pick(3) ? "available" : "on_hold") + R"(","reason":"qa"})");
        break;
      case 6: {
        std::string id = "WO" + std::to_string(step);
        s = Prod(OrderAction::kCreate, "", "",
                 R"({"id":")" + id + R"(","product_definition":"PD-SHAFT","quantity":)" + std::to_string(1 + Pick(20)) +
                     R"(,"due":")" + Day(5) + R"(","site":"SITE","tolerance":0.1})");
        if (s.ok()) orders.push_back(id);
        if (s.ok() && Pick(4)) s = Prod(OrderAction::kRelease, id, "", "{}");
        break;
      }
      case 7: {  // usually a unit and an operator that fit, sometimes any
        bool fit = Pick(4) > 0;
        std::string unit = !fit ? Any(units) : op == "OP30" ? "WU-ASM" : Pick(2) ? "WU" : "WU2";
        std::string who = !fit ? Any(people) : op == "OP30" ? "DORA" : "ANA";
        s = Prod(OrderAction::kStart, order, op, R"({"work_unit":")" + unit + R"(","operators":[")" + who + R"("]})");
      } break;
      case 8:
        s = Prod(OrderAction::kReport, order, op, R"({"good":)" + std::to_string(1 + Pick(8)) + "}");
        break;
      case 9:
      case 10:
        s = Prod(OrderAction::kConsume, order, op,
                 R"({"lot":")" + lot + R"(","quantity":)" + Amount() + R"(,"deviation_reason":"test"})");
        break;
      case 11:
        s = Prod(OrderAction::kProduce, order, op,
                 R"({"outputs":[{"quantity":)" + std::to_string(1 + Pick(3)) + R"(,"location":")" + Any(locations) +
                     R"("}]})");
        if (s.ok()) {
          lots.push_back(Order(order).outputs.back());
          ++produced_lots;
        }
        break;
      case 12:
        s = Prod(OrderAction::kComplete, order, op, "{}");
        break;
      default:
        s = Prod(Pick(2) ? OrderAction::kPause : OrderAction::kResumeOperation, order, op, "{}");
        break;
    }
    (s.ok() ? accepted : refused)++;
  }
  // The random walk must exercise both sides, or it proves nothing.
  EXPECT_GT(accepted, 500);
  EXPECT_GT(refused, 200);
  EXPECT_GT(produced_lots, 5);

  // Per material: the lots' balance sheets, the on-hand sums and the journal's ledger agree.
  std::map<std::string, Quantity> on_hand, sheet;
  for (const auto& [id, l] : plant_.state().inv.lots) {
    for (const auto& [loc, q] : l.on_hand) {
      EXPECT_TRUE(q.positive()) << id << " at " << loc;
      on_hand[l.material] += q;
    }
    sheet[l.material] += l.initial + l.adjusted - l.consumed - l.scrapped - l.shipped;
  }
  EXPECT_EQ(on_hand, sheet);
  EXPECT_EQ(on_hand, LedgerOnHand());

  // Rebuilt from the journal, and restored from a snapshot: the same plant.
  plant::Plant rebuilt;
  for (const Event& e : events_) ASSERT_TRUE(rebuilt.Apply(e).ok()) << e.seq << " " << e.type;
  EXPECT_EQ(rebuilt.Snapshot(), plant_.Snapshot());
  auto restored = plant::Plant::Restore(plant_.Snapshot());
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_EQ((*restored)->Snapshot(), plant_.Snapshot());
  // The projections a snapshot does not store, rebuilt on restore, must match too.
  for (const plant::Plant* other : {&rebuilt, restored->get()}) {
    EXPECT_EQ(other->state().prod.busy_units, plant_.state().prod.busy_units);
    EXPECT_EQ(other->state().inv.reserved, plant_.state().inv.reserved);
    EXPECT_EQ(other->state().graph.link_count(), plant_.state().graph.link_count());
  }
  for (const auto& id : lots) {
    // A truncated trace cuts the same lots however the links were built.
    auto cut = Trace(plant_, id, genealogy::Direction::kForward, 1);
    EXPECT_EQ(cut, Trace(**restored, id, genealogy::Direction::kForward, 1));
    for (auto dir : {genealogy::Direction::kBackward, genealogy::Direction::kForward}) {
      auto live = Trace(plant_, id, dir, 100000);
      EXPECT_EQ(live, Trace(rebuilt, id, dir, 100000));
      EXPECT_EQ(live, Trace(**restored, id, dir, 100000));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, MassBalance, ::testing::Values(1, 2, 3, 4, 5));

}  // namespace
}  // namespace takt::test
