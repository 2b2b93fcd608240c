// The host session on its own: births, aliases, seq gaps and the reorder timeout, rebirth
// requests, bdSeq and deaths, with the plant's signal mappings given by a plain function.
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "host_fixture.h"

namespace takt::sparkplug {
namespace {

using namespace spbtest;

TEST_F(HostSessionTest, BirthsEmitCurrentValuesThroughTheMappings) {
  auto n = Feed("spBv1.0/G/NBIRTH/N", NBirth());
  ASSERT_EQ(n.samples.size(), 1u);
  EXPECT_EQ(n.samples[0].work_unit, "LINE-1");
  EXPECT_EQ(n.samples[0].state, "6");  // Int32 PackML code as decimal text
  EXPECT_EQ(n.samples[0].time, Ms(kT0));
  EXPECT_EQ(n.samples[0].source, "spb:G/N");
  EXPECT_FALSE(n.samples[0].seq.has_value());

  auto d = Feed("spBv1.0/G/DBIRTH/N/Filler", DBirthFiller());
  // State, total, reject, two process values; not the increment (GoodDelta), not the unmapped.
  EXPECT_EQ(d.samples.size(), 5u);
  const Sample* total = Find(d.samples, "FILLER-1", SampleKind::kTotal);
  ASSERT_TRUE(total);
  EXPECT_EQ(total->count, 5000);
  EXPECT_TRUE(total->cumulative);
  EXPECT_EQ(total->source, "spb:G/N/Filler");
  EXPECT_EQ(total->time, Ms(kT0 + 100));
  EXPECT_EQ(Find(d.samples, "FILLER-1", SampleKind::kGood), nullptr);
  int pvs = 0;
  for (const auto& s : d.samples) {
    if (s.kind != SampleKind::kProcessValue) continue;
    ++pvs;
    if (s.name == "speed") {
      EXPECT_DOUBLE_EQ(s.value, 118.5);
    } else {
      EXPECT_EQ(s.name, "Temp");  // default name: the metric
      EXPECT_DOUBLE_EQ(s.value, -4);
    }
  }
  EXPECT_EQ(pvs, 2);
  EXPECT_EQ(session_->counters().births, 2u);
  EXPECT_EQ(lookups_, 1);  // once per NBIRTH: DBIRTH, DATA and deaths use the node's copy
}

TEST_F(HostSessionTest, DataByAliasBecomesSamplesOfTheMappedUnits) {
  BirthAll();
  int lookups = lookups_;
  auto a = Feed("spBv1.0/G/DDATA/N/Filler", Msg(kT0 + 60000)
                                                .Seq(3)
                                                .Alias(11, uint64_t{5118})
                                                .Alias(12, uint64_t{13}, kT0 + 59000)
                                                .Alias(13, int64_t{2})
                                                .Alias(15, uint64_t{0xFFF6})  // Int16 -10, no datatype
                                                .Bytes());
  ASSERT_EQ(a.samples.size(), 4u);
  EXPECT_TRUE(a.publish.empty());
  const Sample* total = Find(a.samples, "FILLER-1", SampleKind::kTotal);
  EXPECT_EQ(total->count, 5118);
  EXPECT_EQ(total->time, Ms(kT0 + 60000));  // payload time: the metric has none
  const Sample* reject = Find(a.samples, "FILLER-1", SampleKind::kReject);
  EXPECT_EQ(reject->count, 13);
  EXPECT_EQ(reject->time, Ms(kT0 + 59000));  // the metric's own time
  const Sample* good = Find(a.samples, "FILLER-1", SampleKind::kGood);
  EXPECT_EQ(good->count, 2);
  EXPECT_FALSE(good->cumulative);  // an increment
  const Sample* temp = Find(a.samples, "FILLER-1", SampleKind::kProcessValue);
  EXPECT_DOUBLE_EQ(temp->value, -10);  // the birth's Int16 applied

  auto s = Feed("spBv1.0/G/DDATA/N/Filler", Msg(kT0 + 120000).Seq(4).Alias(10, int64_t{11}, kT0 + 119950).Bytes());
  ASSERT_EQ(s.samples.size(), 1u);
  EXPECT_EQ(s.samples[0].kind, SampleKind::kState);
  EXPECT_EQ(s.samples[0].state, "11");
  EXPECT_EQ(s.samples[0].time, Ms(kT0 + 119950));

  auto c = Feed("spBv1.0/G/DDATA/N/Capper", Msg().Seq(5).Alias(20, std::string("Stopped")).Bytes(), Ms(kT0 + 5));
  ASSERT_EQ(c.samples.size(), 1u);
  EXPECT_EQ(c.samples[0].work_unit, "CAPPER-1");
  EXPECT_EQ(c.samples[0].state, "Stopped");

  // Metrics by name work too; nulls are counted, not sampled.
  auto byname =
      Feed("spBv1.0/G/NDATA/N", Msg().Seq(6).Add("Line/State", std::nullopt, std::nullopt, int64_t{5}).Bytes());
  ASSERT_EQ(byname.samples.size(), 1u);
  EXPECT_EQ(byname.samples[0].state, "5");
  auto null = Feed("spBv1.0/G/NDATA/N", Msg().Seq(7).Alias(2, std::monostate{}).Bytes());
  EXPECT_TRUE(null.samples.empty());
  EXPECT_EQ(session_->counters().null_values, 1u);
  EXPECT_EQ(lookups_, lookups);
  EXPECT_EQ(session_->counters().seq_gaps, 0u);
  EXPECT_EQ(session_->counters().rebirths_requested, 0u);
}

TEST_F(HostSessionTest, SeqGapAsksForRebirthAfterTheReorderTimeout) {
  BirthAll();  // seq 0, 1, 2
  Feed("spBv1.0/G/NDATA/N", Msg().Seq(3).Alias(2, int64_t{6}).Bytes(), Ms(kT0));
  auto gap = Feed("spBv1.0/G/NDATA/N", Msg().Seq(5).Alias(2, int64_t{6}).Bytes(), Ms(kT0 + 10));
  EXPECT_TRUE(gap.publish.empty());
  EXPECT_EQ(gap.samples.size(), 1u);  // data after a gap is still used
  EXPECT_EQ(session_->counters().seq_gaps, 1u);
  ASSERT_TRUE(session_->next_deadline().has_value());
  EXPECT_EQ(*session_->next_deadline(), Ms(kT0 + 2010));
  HostActions out;
  session_->Tick(Ms(kT0 + 2000), out);
  EXPECT_TRUE(out.publish.empty());
  session_->Tick(Ms(kT0 + 2010), out);
  ASSERT_EQ(out.publish.size(), 1u);
  EXPECT_TRUE(IsRebirth(out.publish[0], "spBv1.0/G/NCMD/N"));
  EXPECT_EQ(session_->counters().reorder_timeouts, 1u);
  EXPECT_EQ(session_->counters().rebirths_requested, 1u);
  EXPECT_FALSE(session_->next_deadline().has_value());
  // The rebirth: a new NBIRTH resets the seq.
  auto birth = Feed("spBv1.0/G/NBIRTH/N", NBirth(7, 0), Ms(kT0 + 2100));
  EXPECT_EQ(birth.samples.size(), 1u);
  Feed("spBv1.0/G/DBIRTH/N/Filler", DBirthFiller(1), Ms(kT0 + 2100));
  Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(2).Alias(11, uint64_t{1}).Bytes(), Ms(kT0 + 2200));
  EXPECT_EQ(session_->counters().seq_gaps, 1u);
}

TEST_F(HostSessionTest, ExpiredGapIsNoticedByTheNextFeed) {
  BirthAll();
  Feed("spBv1.0/G/NDATA/N", Msg().Seq(9).Bytes(), Ms(kT0));
  auto later = Feed("spBv1.0/G/NDATA/N", Msg().Seq(10).Bytes(), Ms(kT0 + 2500));
  ASSERT_EQ(later.publish.size(), 1u);
  EXPECT_TRUE(IsRebirth(later.publish[0], "spBv1.0/G/NCMD/N"));
}

TEST_F(HostSessionTest, LateMessageFillsTheGapAndStopsTheTimer) {
  BirthAll();
  Feed("spBv1.0/G/NDATA/N", Msg().Seq(4).Bytes(), Ms(kT0));
  Feed("spBv1.0/G/NDATA/N", Msg().Seq(5).Bytes(), Ms(kT0));
  auto late = Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(3).Alias(11, uint64_t{5001}).Bytes(), Ms(kT0 + 500));
  EXPECT_EQ(late.samples.size(), 1u);
  EXPECT_EQ(session_->counters().reordered, 1u);
  EXPECT_FALSE(session_->next_deadline().has_value());
  HostActions out;
  session_->Tick(Ms(kT0 + 5000), out);
  EXPECT_TRUE(out.publish.empty());
  // A repeated seq (real devices do this) is counted and its data still used.
  auto dup = Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(5).Alias(11, uint64_t{5002}).Bytes(), Ms(kT0 + 600));
  EXPECT_EQ(dup.samples.size(), 1u);
  EXPECT_EQ(session_->counters().duplicate_seq, 1u);
}

TEST_F(HostSessionTest, SeqWrapsFrom255ToZero) {
  Feed("spBv1.0/G/NBIRTH/N", NBirth(7, 254));
  Feed("spBv1.0/G/NDATA/N", Msg().Seq(255).Bytes());
  Feed("spBv1.0/G/NDATA/N", Msg().Seq(0).Bytes());
  Feed("spBv1.0/G/NDATA/N", Msg().Seq(1).Bytes());
  EXPECT_EQ(session_->counters().seq_gaps, 0u);
  EXPECT_FALSE(session_->next_deadline().has_value());
  // Long runs keep wrapping without a gap.
  for (int i = 0; i < 1000; ++i) Feed("spBv1.0/G/NDATA/N", Msg().Seq((2 + i) % 256).Bytes());
  EXPECT_EQ(session_->counters().seq_gaps, 0u);
}

TEST_F(HostSessionTest, DataBeforeBirthAsksForRebirthRateLimited) {
  auto first = Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(4).Alias(11, uint64_t{1}).Bytes(), Ms(kT0));
  EXPECT_TRUE(first.samples.empty());
  ASSERT_EQ(first.publish.size(), 1u);
  EXPECT_TRUE(IsRebirth(first.publish[0], "spBv1.0/G/NCMD/N"));
  auto again = Feed("spBv1.0/G/NDATA/N", Msg().Seq(5).Bytes(), Ms(kT0 + 1000));
  EXPECT_TRUE(again.publish.empty());
  EXPECT_EQ(session_->counters().rebirths_suppressed, 1u);
  auto later = Feed("spBv1.0/G/NDATA/N", Msg().Seq(6).Bytes(), Ms(kT0 + 5000));
  EXPECT_EQ(later.publish.size(), 1u);
  EXPECT_EQ(session_->counters().data_before_birth, 3u);
  // A device's DATA before its DBIRTH (node born) also asks.
  Feed("spBv1.0/G/NBIRTH/N", NBirth(), Ms(kT0 + 20000));
  auto dev = Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(1).Alias(11, uint64_t{1}).Bytes(), Ms(kT0 + 20001));
  EXPECT_EQ(dev.publish.size(), 1u);
}

TEST_F(HostSessionTest, UnknownAliasAsksForRebirth) {
  BirthAll();
  auto u = Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(3).Alias(11, uint64_t{7}).Alias(99, uint64_t{1}).Bytes());
  EXPECT_EQ(u.samples.size(), 1u);  // the known alias still counts
  ASSERT_EQ(u.publish.size(), 1u);
  EXPECT_EQ(session_->counters().unknown_metrics, 1u);
  // An alias of another device is not this device's.
  auto other = Feed("spBv1.0/G/DDATA/N/Capper", Msg().Seq(4).Alias(11, uint64_t{7}).Bytes(), Ms(kT0 + 10000));
  EXPECT_TRUE(other.samples.empty());
  EXPECT_EQ(other.publish.size(), 1u);
}

TEST_F(HostSessionTest, StaleNDeathIsIgnored) {
  Feed("spBv1.0/G/NBIRTH/N", NBirth(8));
  Feed("spBv1.0/G/DBIRTH/N/Filler", DBirthFiller(1));
  auto stale = Feed("spBv1.0/G/NDEATH/N", Msg().Add("bdSeq", std::nullopt, DataType::kInt64, int64_t{7}).Bytes());
  EXPECT_TRUE(stale.samples.empty());
  EXPECT_EQ(session_->counters().stale_deaths, 1u);
  // Still alive: DATA flows.
  EXPECT_EQ(Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(2).Alias(11, uint64_t{5001}).Bytes()).samples.size(), 1u);
  auto death = Feed("spBv1.0/G/NDEATH/N", Msg(kT0).Add("bdSeq", std::nullopt, DataType::kInt64, int64_t{8}).Bytes(),
                    Ms(kT0 + 90000));
  // Every unit mapped to the node or any of its devices, at the arrival time (the Will's own
  // timestamp is the CONNECT time).
  ASSERT_EQ(death.samples.size(), 3u);
  for (const auto& s : death.samples) {
    EXPECT_EQ(s.kind, SampleKind::kState);
    EXPECT_EQ(s.state, kNoDataState);
    EXPECT_EQ(s.time, Ms(kT0 + 90000));
  }
  EXPECT_TRUE(Find(death.samples, "LINE-1", SampleKind::kState));
  EXPECT_TRUE(Find(death.samples, "FILLER-1", SampleKind::kState));
  EXPECT_TRUE(Find(death.samples, "CAPPER-1", SampleKind::kState));
  // A repeated Will, and DATA after death (asks for a rebirth, yields nothing).
  EXPECT_TRUE(Feed("spBv1.0/G/NDEATH/N", Msg().Add("bdSeq", std::nullopt, DataType::kInt64, int64_t{8}).Bytes())
                  .samples.empty());
  auto after = Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(3).Alias(11, uint64_t{5002}).Bytes(), Ms(kT0 + 90001));
  EXPECT_TRUE(after.samples.empty());
  EXPECT_EQ(after.publish.size(), 1u);
}

TEST_F(HostSessionTest, DDeathMarksOnlyTheDevicesUnits) {
  BirthAll();
  auto d = Feed("spBv1.0/G/DDEATH/N/Filler", Msg(kT0 + 240000).Seq(3).Bytes(), Ms(kT0 + 240500));
  ASSERT_EQ(d.samples.size(), 1u);
  EXPECT_EQ(d.samples[0].work_unit, "FILLER-1");
  EXPECT_EQ(d.samples[0].state, kNoDataState);
  EXPECT_EQ(d.samples[0].time, Ms(kT0 + 240000));  // the DDEATH's own time
  EXPECT_EQ(d.samples[0].source, "spb:G/N/Filler");
  // The dead device's DATA is refused until it is born again; the other device goes on.
  EXPECT_TRUE(Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(4).Alias(11, uint64_t{1}).Bytes()).samples.empty());
  EXPECT_EQ(Feed("spBv1.0/G/DDATA/N/Capper", Msg().Seq(5).Alias(20, std::string("Idle")).Bytes()).samples.size(), 1u);
  Feed("spBv1.0/G/DBIRTH/N/Filler", DBirthFiller(6));
  EXPECT_EQ(Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(7).Alias(11, uint64_t{9}).Bytes()).samples.size(), 1u);
}

TEST_F(HostSessionTest, DeathOfANodeNeverSeenBornStillMarksItsUnits) {
  // This host started after the birth: the death cannot be checked against a bdSeq, so the
  // units are marked and a rebirth asked (a live node would restore its states).
  auto d = Feed("spBv1.0/G/NDEATH/N", Msg().Add("bdSeq", std::nullopt, DataType::kInt64, int64_t{3}).Bytes());
  EXPECT_EQ(d.samples.size(), 3u);
  EXPECT_EQ(d.publish.size(), 1u);
}

TEST_F(HostSessionTest, CumulativeCountersAndIncrements) {
  BirthAll();
  auto a = Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(3).Alias(11, uint64_t{5010}).Alias(13, int64_t{4}).Bytes());
  const Sample* total = Find(a.samples, "FILLER-1", SampleKind::kTotal);
  const Sample* good = Find(a.samples, "FILLER-1", SampleKind::kGood);
  ASSERT_TRUE(total && good);
  EXPECT_TRUE(total->cumulative);
  EXPECT_EQ(total->count, 5010);  // the counter's reading: the plant takes the difference
  EXPECT_FALSE(good->cumulative);
  EXPECT_EQ(good->count, 4);
  // A count that is not a whole number is refused, not rounded.
  auto bad = Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(4).Alias(11, 1.5).Bytes());
  EXPECT_TRUE(bad.samples.empty());
  EXPECT_EQ(session_->counters().bad_values, 1u);
}

TEST_F(HostSessionTest, ConflictingAliasesAreIgnored) {
  Feed("spBv1.0/G/NBIRTH/N", Msg()
                                 .Seq(0)
                                 .Add("bdSeq", 1, DataType::kUInt64, uint64_t{1})
                                 .Add("Line/State", 1, DataType::kInt32, int64_t{6})
                                 .Bytes());
  EXPECT_EQ(session_->counters().alias_conflicts, 1u);
  auto d = Feed("spBv1.0/G/NDATA/N", Msg().Seq(1).Alias(1, int64_t{5}).Bytes());
  EXPECT_TRUE(d.samples.empty());
  EXPECT_TRUE(d.publish.empty());  // a rebirth would bring the same conflict
}

TEST_F(HostSessionTest, OwnStateOfflineIsRepublishedOthersIgnored) {
  EXPECT_TRUE(Feed("spBv1.0/STATE/takt-test", R"({"online":false,"timestamp":1})").republish_online);
  EXPECT_FALSE(Feed("spBv1.0/STATE/takt-test", R"({"online":true,"timestamp":1})").republish_online);
  EXPECT_FALSE(Feed("spBv1.0/STATE/other", R"({"online":false,"timestamp":1})").republish_online);
  EXPECT_EQ(session_->counters().states, 3u);
}

TEST_F(HostSessionTest, NonSparkplugTopicsAndBadPayloadsAreCounted) {
  for (const char* t : {"spBv1.0/G/NBIRTH", "spBv1.0/G/DDATA/N", "spBv1.0/G/NDATA/N/D", "spBv1.0/G/XDATA/N",
                        "spBv1.0//NDATA/N", "spBv1.0/G/DDATA/N/D/E", "other/topic", "spBv1.0/G/NDATA/N/"})
    Feed(t, "");
  EXPECT_EQ(session_->counters().bad_topics, 8u);
  Feed("spBv1.0/G/NBIRTH/N", "\x12\xff\xff\xff\x0f");
  EXPECT_EQ(session_->counters().decode_errors, 1u);
  EXPECT_NE(session_->last_error().find("runs past the end"), std::string::npos);
  Feed("spBv1.0/G/NCMD/N", EncodeRebirthRequest(1));  // our own command echoed back
  EXPECT_EQ(session_->counters().commands, 1u);
  EXPECT_EQ(session_->counters().messages, 10u);
}

TEST_F(HostSessionTest, NodesAndDevicesAreBounded) {
  HostOptions o;
  o.max_edge_nodes = 2;
  o.max_devices_per_node = 1;
  Reset(o);
  for (const char* node : {"A", "B", "C"}) Feed(std::string("spBv1.0/G/NBIRTH/") + node, NBirth());
  EXPECT_EQ(session_->counters().births, 2u);
  Feed("spBv1.0/G/DBIRTH/A/D1", DBirthCapper(1));
  Feed("spBv1.0/G/DBIRTH/A/D2", DBirthCapper(2));
  Feed("spBv1.0/G/DBIRTH/A/D1", DBirthCapper(3));  // a known device is born again
  EXPECT_EQ(session_->counters().births, 4u);
  EXPECT_EQ(session_->counters().over_limits, 2u);
}

// Births and DATA with bytes flipped, on every topic shape, in any order: counted, never a crash.
TEST_F(HostSessionTest, MutatedStreamNeverCrashes) {
  std::vector<std::string> payloads = {NBirth(), DBirthFiller(1), DBirthCapper(2),
                                       Msg().Seq(3).Alias(11, uint64_t{1}).Alias(10, int64_t{4}).Bytes(),
                                       Msg().Add("bdSeq", std::nullopt, DataType::kInt64, int64_t{7}).Bytes()};
  std::vector<std::string> topics = {
      "spBv1.0/G/NBIRTH/N", "spBv1.0/G/DBIRTH/N/Filler", "spBv1.0/G/DBIRTH/N/Capper", "spBv1.0/G/DDATA/N/Filler",
      "spBv1.0/G/NDATA/N",  "spBv1.0/G/NDEATH/N",        "spBv1.0/G/DDEATH/N/Capper", "spBv1.0/STATE/takt-test"};
  std::mt19937 rng(11);
  HostActions out;
  for (int i = 0; i < 20000; ++i) {
    std::string s = payloads[rng() % payloads.size()];
    if (i % 2) s[rng() % s.size()] ^= static_cast<char>(1u << (rng() % 8));
    session_->Feed(topics[rng() % topics.size()], s, Ms(kT0 + i), out);
    if (i % 100 == 0) session_->Tick(Ms(kT0 + i), out);
    out.clear();
  }
  EXPECT_EQ(session_->counters().messages, 20000u);
  EXPECT_GT(session_->counters().decode_errors, 0u);
}

// The benthos-umh robustness vectors as one stream: birth, data, a gap, a wrap, data before
// birth, a stale death (bdSeq 0 against the birth's 88), and a large birth with duplicate aliases.
TEST_F(HostSessionTest, BenthosVectorsAsAStream) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(TAKT_SHARED_DATA) / "sparkplug/test-vectors/benthos-umh/bin";
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " not found";
  auto read = [&](const char* name) {
    std::ifstream in(dir / name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
  model::SignalMapping temp = Map("", "Temperature", "OVEN-1", model::Signal::kProcessValue);
  temp.group = "benthos";
  temp.edge_node = "node1";
  mappings_.push_back(temp);
  Reset();
  Timestamp now = Ms(1750855643474);
  auto before = Feed("spBv1.0/benthos/NDATA/node1", read("NDATA_BEFORE_BIRTH.pb"), now);
  EXPECT_TRUE(before.samples.empty());
  EXPECT_EQ(before.publish.size(), 1u);
  auto birth = Feed("spBv1.0/benthos/NBIRTH/node1", read("NBIRTH_V1.pb"), now);
  ASSERT_EQ(birth.samples.size(), 1u);
  EXPECT_DOUBLE_EQ(birth.samples[0].value, 21.5);
  EXPECT_EQ(birth.samples[0].name, "Temperature");
  auto data = Feed("spBv1.0/benthos/NDATA/node1", read("NDATA_V1.pb"), now);
  ASSERT_EQ(data.samples.size(), 1u);
  EXPECT_DOUBLE_EQ(data.samples[0].value, 22.5);
  auto gap = Feed("spBv1.0/benthos/NDATA/node1", read("NDATA_GAP.pb"), now);  // seq 5 after 1
  EXPECT_EQ(gap.samples.size(), 1u);
  EXPECT_EQ(session_->counters().seq_gaps, 1u);
  auto stale = Feed("spBv1.0/benthos/NDEATH/node1", read("NDEATH_V1.pb"), now);
  EXPECT_TRUE(stale.samples.empty());
  EXPECT_EQ(session_->counters().stale_deaths, 1u);
  auto wrap = Feed("spBv1.0/benthos/NDATA/node1", read("NDATA_WRAPAROUND.pb"), now);  // seq 0 after 5
  EXPECT_EQ(wrap.samples.size(), 1u);
  // The gap was never filled; the rebirth asked before the birth (at `now`) rate-limits the
  // request at the reorder timeout, which waits for the limit instead of being dropped.
  HostActions out;
  session_->Tick(Timestamp{now.micros + 2000000}, out);
  EXPECT_TRUE(out.publish.empty());
  EXPECT_EQ(session_->next_deadline(), Timestamp{now.micros + 5000000});
  session_->Tick(Timestamp{now.micros + 5000000}, out);
  EXPECT_EQ(out.publish.size(), 1u);
  Feed("spBv1.0/benthos/NBIRTH/node1", read("NBIRTH_LARGE.pb"), now);
  EXPECT_GT(session_->counters().alias_conflicts, 0u);  // bdSeq and Metric_1 both claim alias 1
  EXPECT_EQ(session_->counters().decode_errors, 0u);
}

}  // namespace
}  // namespace takt::sparkplug
