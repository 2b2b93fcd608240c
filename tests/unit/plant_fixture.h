// Drives a Plant the way the runtime does (execute, stamp, chain, apply) without I/O.
#pragma once

#include <gtest/gtest.h>

#include "plant/inventory/contract.h"
#include "plant/plant.h"
#include "plant/production/production.h"

namespace takt::test {

// The lot routes, for tests that drive inventory with the API's JSON bodies.
enum class LotAction { kReceive, kMove, kAdjust, kCount, kScrap, kShip, kSetStatus };

template <typename R>
Result<plant::Command> Decoded(const std::string& lot, const json::value& body) {
  auto r = contract::Decode<R>(body);
  if (!r.ok()) return r.status();
  return plant::Command{plant::InventoryCommand{lot, std::move(r).value()}};
}

// The command a lot route makes of `body` on `lot`, decoded as the route decodes it; or the
// route's refusal.
inline Result<plant::Command> LotCommand(LotAction a, const std::string& lot, const json::value& body) {
  namespace inv = plant::inventory;
  switch (a) {
    case LotAction::kReceive:
      return Decoded<model::MaterialLot>(lot, body);
    case LotAction::kMove:
      return Decoded<inv::MoveLot>(lot, body);
    case LotAction::kAdjust:
      return Decoded<inv::AdjustLot>(lot, body);
    case LotAction::kCount:
      return Decoded<inv::CountLot>(lot, body);
    case LotAction::kScrap:
      return Decoded<inv::ScrapLot>(lot, body);
    case LotAction::kShip:
      return Decoded<inv::ShipLot>(lot, body);
    case LotAction::kSetStatus:
      return Decoded<inv::ChangeLotStatus>(lot, body);
  }
  return Status::Internal("unknown lot action");
}

class PlantFixture : public ::testing::Test {
 protected:
  // Executes a command and applies its events; returns the refusal, if any.
  Status Run(const plant::Command& cmd, std::string actor = "user:test") {
    auto drafts = plant_.Execute(cmd, {Timestamp{now_}, actor});
    if (!drafts.ok()) return drafts.status();
    for (auto& d : *drafts) {
      Event e{plant_.last_seq() + 1, Timestamp{now_}, actor, d.type, d.version, d.payload, {}};
      e.hash = ChainHash(plant_.last_hash(), e);
      Status s = plant_.Apply(e);
      if (!s.ok()) return s;
      events_.push_back(e);
    }
    now_ += 1000000;
    return Status::Ok();
  }

  Status Create(model::Kind k, const std::string& doc) {
    auto v = ParseJson(doc);
    EXPECT_TRUE(v.ok()) << doc;
    return Run(plant::CreateResource{k, *v});
  }

  Status Inv(LotAction a, const std::string& lot, const std::string& doc) {
    auto v = ParseJson(doc);
    EXPECT_TRUE(v.ok()) << doc;
    auto cmd = LotCommand(a, lot, *v);
    return cmd.ok() ? Run(*cmd) : cmd.status();
  }

  // A production request given as JSON, decoded by its description: a body the description
  // refuses is refused here too, with its field.
  Status Prod(plant::OrderAction a, const std::string& order, const std::string& op, const std::string& doc) {
    auto v = ParseJson(doc);
    EXPECT_TRUE(v.ok()) << doc;
    auto cmd = plant::production::DecodeCommand(a, order, op, *v);
    if (!cmd.ok()) return cmd.status();
    return Run(std::move(cmd).value());
  }

  Status Update(model::Kind k, const std::string& id, const std::string& doc) {
    auto v = ParseJson(doc);
    EXPECT_TRUE(v.ok()) << doc;
    return Run(plant::UpdateResource{k, id, *v});
  }

  // A small plant: units, an enterprise with one site, area, work center and unit.
  void Seed() {
    using model::Kind;
    for (const char* u : {R"({"id":"kg","dimension":"mass"})", R"({"id":"g","dimension":"mass","factor":0.001})",
                          R"({"id":"pcs","dimension":"count"})", R"({"id":"m","dimension":"length"})"})
      ASSERT_TRUE(Create(Kind::kUnit, u).ok());
    ASSERT_TRUE(
        Create(Kind::kEquipmentClass, R"({"id":"LATHE","properties":[{"id":"max_rpm","type":"number","uom":null}]})")
            .ok());
    ASSERT_TRUE(Create(Kind::kEquipment, R"({"id":"ENT","level":"enterprise"})").ok());
    ASSERT_TRUE(
        Create(Kind::kEquipment, R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Paris"})").ok());
    ASSERT_TRUE(Create(Kind::kEquipment, R"({"id":"AREA","level":"area","parent":"SITE"})").ok());
    ASSERT_TRUE(Create(Kind::kEquipment, R"({"id":"WC","level":"work_center","parent":"AREA"})").ok());
    ASSERT_TRUE(Create(Kind::kEquipment, R"({"id":"WU","level":"work_unit","parent":"WC","classes":["LATHE"]})").ok());
    ASSERT_TRUE(Create(Kind::kQualification, R"({"id":"Q-LATHE","validity_days":365})").ok());
  }

  plant::Plant plant_;
  std::vector<Event> events_;
  int64_t now_ = 1790000000000000;
};

}  // namespace takt::test
