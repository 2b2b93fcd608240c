// Codecs: what a client may send, and that encode/decode round-trips.
#include <gtest/gtest.h>

#include "model/kinds.h"

namespace takt::model {
namespace {

// Each call starts from a fresh object.
template <typename T>
Status DecodeText(const std::string& text, T& out) {
  out = T{};
  auto v = ParseJson(text);
  EXPECT_TRUE(v.ok());
  return Decode(*v, out);
}

TEST(Codec, EquipmentRoundTrips) {
  Equipment e;
  ASSERT_TRUE(DecodeText(R"({"id":"WU-1","description":"lathe","level":"work_unit","parent":"WC",
      "classes":["LATHE"],"properties":[{"id":"serial","type":"string","value":"S-1"},
      {"id":"rpm","type":"number","value":4500.5,"uom":"rpm"},{"id":"axes","type":"integer","value":3},
      {"id":"cnc","type":"boolean","value":true}]})",
                         e)
                  .ok());
  EXPECT_EQ(e.level, EquipmentLevel::kWorkUnit);
  ASSERT_EQ(e.properties.size(), 4u);
  EXPECT_EQ(std::get<int64_t>(e.properties[2].value), 3);
  Equipment back;
  ASSERT_TRUE(DecodeText(Serialize(Encode(e)), back).ok());  // meta fields are read-only, ignored
  EXPECT_EQ(Serialize(Encode(back)), Serialize(Encode(e)));
}

TEST(Codec, RefusesWrongTypesWithFieldPath) {
  Equipment e;
  Status s = DecodeText(R"({"id":"X","level":"work_unit","properties":[{"id":"p","type":"integer","value":"3"}]})", e);
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(s.field(), "properties[0].value");
  s = DecodeText(R"({"id":"X","level":"shop"})", e);
  EXPECT_EQ(s.field(), "level");
  s = DecodeText(R"({"id":"bad id","level":"site"})", e);
  EXPECT_EQ(s.field(), "id");
  s = DecodeText(R"({"id":"X","level":"site","colour":"red"})", e);
  EXPECT_EQ(s.field(), "colour");
  s = DecodeText(R"({"id":"X","level":"site","classes":["A","A"]})", e);
  EXPECT_EQ(s.field(), "classes[1]");
}

TEST(Codec, ProductDefinitionChecksItsOwnStructure) {
  ProductDefinition pd;
  Status s =
      DecodeText(R"({"id":"PD","product":"P","routing":[{"id":"OP10","equipment_class":"A","work_center":"B"}]})", pd);
  EXPECT_EQ(s.field(), "routing[0].equipment_class");
  s = DecodeText(
      R"({"id":"PD","product":"P","routing":[{"id":"OP10","equipment_class":"A"},{"id":"OP10","equipment_class":"A"}]})",
      pd);
  EXPECT_EQ(s.field(), "routing[1].id");
  s = DecodeText(R"({"id":"PD","product":"P","routing":[{"id":"OP10","equipment_class":"A"}],
                     "bom":[{"material":"M","quantity":1,"uom":"kg","operation":"OP99"}]})",
                 pd);
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  EXPECT_EQ(s.field(), "bom[0].operation");
  s = DecodeText(R"({"id":"PD","product":"P","bom":[{"material":"M","quantity":-1,"uom":"kg"}]})", pd);
  EXPECT_EQ(s.field(), "bom[0].quantity");
}

TEST(Codec, PersonQualificationDates) {
  Person p;
  Status s = DecodeText(R"({"id":"P1","name":"Ana","qualifications":[{"qualification":"Q","tested_at":"2026-01-01",
                            "expires_at":"2025-01-01"}]})",
                        p);
  EXPECT_EQ(s.field(), "qualifications[0].expires_at");
  s = DecodeText(R"({"id":"P1","name":"Ana","qualifications":[{"qualification":"Q","tested_at":"yesterday"}]})", p);
  EXPECT_EQ(s.field(), "qualifications[0].tested_at");
  ASSERT_TRUE(DecodeText(R"({"id":"P1","name":"Ana","qualifications":[{"qualification":"Q","result":"fail",
                             "tested_at":"2026-01-01T10:00:00Z"}]})",
                         p)
                  .ok());
  EXPECT_FALSE(p.qualifications[0].passed);
}

}  // namespace
}  // namespace takt::model
