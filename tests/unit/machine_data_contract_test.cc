// The machine readings' contract: the batch's fast reader and the generic decoder read the one
// description (Describe<Sample>) alike, field for field and refusal for refusal.
#include <gtest/gtest.h>

#include "plant/performance/contract.h"

namespace takt::plant::performance {
namespace {

Result<MachineDataBatch> Batch(const std::string& text) {
  auto v = ParseJson(text);
  if (!v.ok()) return v.status();
  return contract::Decode<MachineDataBatch>(*v);
}

// One reading through the batch's reader, as the plant takes it, or its refusal (paths relative
// to the reading).
Result<Sample> ThroughBatch(const std::string& reading) {
  auto b = Batch(R"({"events":[)" + reading + "]}");
  if (b.ok()) return b->events.at(0);
  std::string field = b.status().field();
  field = field == "events[0]" ? "" : field.starts_with("events[0].") ? field.substr(10) : "not the reading: " + field;
  return Status(b.status().code(), b.status().message(), field);
}

TEST(MachineDataContract, TheBatchReaderAndTheGenericDecoderAgree) {
  for (const char* reading : {
           R"({"work_unit":"U1","time":"2026-06-08T04:00:00Z","state":"running","reason":"J-7"})",
           R"({"work_unit":"U1","time":"2026-06-08T04:00:00.250+02:00","good":12})",
           R"({"work_unit":"U1","time":"2026-06-08T04:00:00Z","reject":3,"cumulative":true,"source":"plc","seq":9})",
           R"({"work_unit":"U1","time":"2026-06-08T04:00:00Z","total":0,"seq":null,"source":"s"})",
           R"({"work_unit":"U1","time":"2026-06-08","value":-71.5,"name":"temperature"})",
           R"({"work_unit":"U1","time":"2026-06-08T04:00:00Z","state":""})",
           R"({"work_unit":"U1","time":"2026-06-08T04:00:00Z"})",
           R"({"work_unit":"U1","time":"2026-06-08T04:00:00Z","state":"a","good":1})",
           R"({"work_unit":"U1","time":"2026-06-08T04:00:00Z","good":-1})",
           R"({"work_unit":"U1","time":"2026-06-08T04:00:00Z","good":"1"})",
           R"({"work_unit":"U1","time":"2026-06-08T04:00:00Z","value":"hot"})",
           R"({"work_unit":"U1","time":"2026-06-08T04:00:00Z","state":"a","speed":3})",
           R"({"work_unit":"U1","time":"yesterday","state":"a"})",
           R"({"work_unit":"not an id","time":"2026-06-08T04:00:00Z","state":"a"})",
           R"({"time":"2026-06-08T04:00:00Z","state":"a"})",
           R"({"work_unit":"U1","state":"a"})",
           R"({"work_unit":"U1","time":"2026-06-08T04:00:00Z","state":"a","seq":-2,"source":"s"})",
           R"({"work_unit":"U1","time":"2026-06-08T04:00:00Z","state":"a","cumulative":1})",
           R"([])",
       }) {
    auto generic = contract::Decode<Sample>(*ParseJson(reading));
    auto fast = ThroughBatch(reading);
    ASSERT_EQ(generic.ok(), fast.ok()) << reading << ": " << generic.status().ToString() << " / "
                                       << fast.status().ToString();
    if (!generic.ok()) {
      EXPECT_EQ(generic.status().code(), fast.status().code()) << reading;
      EXPECT_EQ(generic.status().field(), fast.status().field()) << reading;
      EXPECT_EQ(generic.status().message(), fast.status().message()) << reading;
      continue;
    }
    EXPECT_EQ(Serialize(contract::Encode(*generic)), Serialize(contract::Encode(*fast))) << reading;
    EXPECT_EQ(generic->kind, fast->kind) << reading;
    // And back: a reading encodes as it was given (only its kind's field), and decodes the same.
    auto again = contract::Decode<Sample>(contract::Encode(*fast));
    ASSERT_TRUE(again.ok()) << reading << ": " << again.status().ToString();
    EXPECT_EQ(Serialize(contract::Encode(*again)), Serialize(contract::Encode(*fast))) << reading;
  }
}

TEST(MachineDataContract, ABatchNamesItsReadingsAndLendsThemItsSource) {
  auto b = Batch(R"({"source":"plc-7","events":[
      {"work_unit":"U1","time":"2026-06-08T04:00:00Z","state":"running","seq":1},
      {"work_unit":"U2","time":"2026-06-08T04:00:01Z","good":5,"seq":2,"source":"plc-8"},
      {"work_unit":"U2","time":"2026-06-08T04:00:02Z","value":3.5,"name":"bar"}]})");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_EQ(b->events.size(), 3u);
  EXPECT_EQ(b->events[0].kind, SampleKind::kState);
  EXPECT_EQ(b->events[0].state, "running");
  EXPECT_EQ(b->events[0].source, "plc-7");
  EXPECT_EQ(b->events[1].kind, SampleKind::kGood);
  EXPECT_EQ(b->events[1].count, 5);
  EXPECT_EQ(b->events[1].source, "plc-8");
  EXPECT_EQ(b->events[2].kind, SampleKind::kProcessValue);
  EXPECT_EQ(b->events[2].value, 3.5);

  auto refused = [](const std::string& text) { return Batch(text).status().field(); };
  EXPECT_EQ(refused(R"({"events":[{"work_unit":"U1","time":"2026-06-08T04:00:00Z","good":1},
                                  {"work_unit":"U1","time":"2026-06-08T04:00:00Z","good":1,"seq":4}]})"),
            "events[1].source");
  EXPECT_EQ(refused(R"({"events":[{"work_unit":"U1","time":"2026-06-08T04:00:00Z","good":1},
                                  {"work_unit":"U1","time":"2026-06-08T04:00:00Z","good":1,"zone":4}]})"),
            "events[1].zone");
  EXPECT_EQ(refused(R"({"events":{}})"), "events");
  EXPECT_EQ(refused(R"({"source":"x"})"), "events");
  EXPECT_EQ(refused(R"({"readings":[]})"), "readings");
  EXPECT_TRUE(Batch(R"({"events":[]})").ok());
}

TEST(MachineDataContract, TheSchemaSaysWhatTheReaderChecks) {
  contract::SchemaRegistry r;
  r.Ref<MachineDataBatch>();
  const auto& batch = r.components().at("MachineDataBatch").as_object();
  EXPECT_EQ(batch.at("required"), json::array{"events"});
  const auto& events = batch.at("properties").at("events");
  EXPECT_EQ(events.at("maxItems"), 100000);
  EXPECT_EQ(events.at("items").at("$ref"), "#/components/schemas/MachineReading");
  const auto& reading = r.components().at("MachineReading").as_object();
  EXPECT_EQ(reading.at("required"), (json::array{"work_unit", "time"}));
  EXPECT_EQ(reading.at("oneOf").as_array().size(), 5u);
  EXPECT_EQ(reading.at("additionalProperties"), false);
  EXPECT_EQ(reading.at("properties").at("good").at("minimum"), 0);
  EXPECT_TRUE(reading.at("properties").at("work_unit").as_object().contains("pattern"));
}

}  // namespace
}  // namespace takt::plant::performance
