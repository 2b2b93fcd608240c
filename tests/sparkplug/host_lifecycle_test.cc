// The host session across the edges' lifecycles: losing the broker, rate-limited rebirths,
// the order of death and birth times, sessions replaced without a death, mapping changes in
// session, and source labels the plant accepts.
#include <set>

#include "host_fixture.h"

namespace takt::sparkplug {
namespace {

using namespace spbtest;

std::string NDeath(uint64_t bdseq) {
  return Msg().Add("bdSeq", std::nullopt, DataType::kInt64, int64_t(bdseq)).Bytes();
}

std::set<std::string> NoDataUnits(const HostActions& a) {
  std::set<std::string> out;
  for (const auto& s : a.samples)
    if (s.kind == SampleKind::kState && s.state == kNoDataState) out.insert(s.work_unit);
  return out;
}

TEST_F(HostSessionTest, ConnectionLossMarksEveryBornUnitAndForgetsTheSessions) {
  BirthAll();
  // An unknown alias asked a rebirth just before: the loss clears the rate limit too.
  ASSERT_EQ(Feed("spBv1.0/G/NDATA/N", Msg().Seq(3).Alias(99, int64_t{1}).Bytes(), Ms(kT0 + 1)).publish.size(), 1u);
  HostActions lost;
  session_->ConnectionLost(Ms(kT0 + 1000), lost);
  EXPECT_EQ(NoDataUnits(lost), (std::set<std::string>{"LINE-1", "FILLER-1", "CAPPER-1"}));
  for (const auto& s : lost.samples) EXPECT_EQ(s.time, Ms(kT0 + 1000));
  EXPECT_EQ(session_->counters().connection_losses, 1u);
  // After resubscribing: the first DATA (whatever its seq and aliases) asks for a rebirth.
  auto data = Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(2).Alias(11, 1450.0).Bytes(), Ms(kT0 + 2000));
  EXPECT_TRUE(data.samples.empty());
  ASSERT_EQ(data.publish.size(), 1u);
  EXPECT_TRUE(IsRebirth(data.publish[0], "spBv1.0/G/NCMD/N"));
  // A second loss with nothing born emits nothing.
  HostActions again;
  session_->ConnectionLost(Ms(kT0 + 3000), again);
  EXPECT_TRUE(again.samples.empty());
  // The rebirth restores the states, after the no_data.
  Feed("spBv1.0/G/NBIRTH/N", NBirth(7, 0), Ms(kT0 + 4000));
  auto d = Feed("spBv1.0/G/DBIRTH/N/Capper", DBirthCapper(1), Ms(kT0 + 4000));
  ASSERT_EQ(d.samples.size(), 1u);
  EXPECT_EQ(d.samples[0].state, "Running");
  EXPECT_GT(d.samples[0].time, Ms(kT0 + 1000));
}

TEST_F(HostSessionTest, GapInsideTheRateLimitAsksWhenTheLimitAllows) {
  auto before = Feed("spBv1.0/G/NDATA/N", Msg().Seq(9).Bytes(), Ms(kT0));  // started late: asks
  ASSERT_EQ(before.publish.size(), 1u);
  Feed("spBv1.0/G/NBIRTH/N", NBirth(1), Ms(kT0 + 100));
  Feed("spBv1.0/G/NDATA/N", Msg().Seq(1).Bytes(), Ms(kT0 + 200));
  Feed("spBv1.0/G/NDATA/N", Msg().Seq(4).Bytes(), Ms(kT0 + 300));  // 2 and 3 lost
  HostActions out;
  session_->Tick(Ms(kT0 + 2300), out);  // the reorder timeout, inside the 5 s limit
  EXPECT_TRUE(out.publish.empty());
  EXPECT_EQ(session_->next_deadline(), Ms(kT0 + 5000));
  session_->Tick(Ms(kT0 + 4999), out);
  EXPECT_TRUE(out.publish.empty());
  session_->Tick(Ms(kT0 + 5000), out);
  ASSERT_EQ(out.publish.size(), 1u);
  EXPECT_TRUE(IsRebirth(out.publish[0], "spBv1.0/G/NCMD/N"));
  EXPECT_EQ(session_->counters().reorder_timeouts, 1u);
  EXPECT_FALSE(session_->next_deadline().has_value());
}

TEST_F(HostSessionTest, DeathsComeAfterTheNewestSampleEvenWithAnEdgeClockAhead) {
  // The edge's clock runs 60 s ahead: its states are later than the host's arrival times.
  Feed("spBv1.0/G/NBIRTH/N", NBirth(1), Ms(kT0));
  Feed("spBv1.0/G/DBIRTH/N/Capper",
       Msg(kT0 + 60000).Seq(1).Add("State", 20, DataType::kString, std::string("Running"), kT0 + 60000).Bytes(),
       Ms(kT0));
  auto d = Feed("spBv1.0/G/NDEATH/N", NDeath(1), Ms(kT0 + 1000));
  ASSERT_EQ(NoDataUnits(d).size(), 3u);
  for (const auto& s : d.samples) EXPECT_EQ(s.time, Timestamp{Ms(kT0 + 60000).micros + 1});

  // A DDEATH whose own time is before its device's newest sample moves after it.
  Feed("spBv1.0/G/NBIRTH/N", NBirth(2), Ms(kT0 + 2000));
  Feed("spBv1.0/G/DBIRTH/N/Filler", DBirthFiller(1), Ms(kT0 + 2000));
  Feed("spBv1.0/G/DDATA/N/Filler", Msg(kT0 + 9000).Seq(2).Alias(10, int64_t{11}).Bytes(), Ms(kT0 + 3000));
  auto dd = Feed("spBv1.0/G/DDEATH/N/Filler", Msg(kT0 + 4000).Seq(3).Bytes(), Ms(kT0 + 4000));
  ASSERT_EQ(dd.samples.size(), 1u);
  EXPECT_EQ(dd.samples[0].time, Timestamp{Ms(kT0 + 9000).micros + 1});

  // Never beyond what the plant accepts (5 minutes ahead of arrival).
  Feed("spBv1.0/G/DBIRTH/N/Capper",
       Msg().Seq(4).Add("State", 20, DataType::kString, std::string("Running"), kT0 + 3600000).Bytes(), Ms(kT0 + 5000));
  auto far = Feed("spBv1.0/G/DDEATH/N/Capper", Msg(kT0 + 5000).Seq(5).Bytes(), Ms(kT0 + 5000));
  ASSERT_EQ(far.samples.size(), 1u);
  EXPECT_EQ(far.samples[0].time, Ms(kT0 + 5000 + 300000));
}

TEST_F(HostSessionTest, RebirthStatesComeAfterTheDeath) {
  // Births that report when each value last changed (an hour ago), around a death.
  auto old_state = [](uint64_t seq) {
    return Msg(kT0 + 11000).Seq(seq).Add("State", 20, DataType::kString, std::string("Running"), kT0 - 3600000).Bytes();
  };
  Feed("spBv1.0/G/NBIRTH/N", NBirth(1), Ms(kT0));
  auto first = Feed("spBv1.0/G/DBIRTH/N/Capper", old_state(1), Ms(kT0));
  ASSERT_EQ(first.samples.size(), 1u);
  EXPECT_EQ(first.samples[0].time, Ms(kT0 - 3600000));  // no death yet: its own time
  auto d = Feed("spBv1.0/G/NDEATH/N", NDeath(1), Ms(kT0 + 10000));
  ASSERT_FALSE(d.samples.empty());
  EXPECT_EQ(d.samples[0].time, Ms(kT0 + 10000));
  auto nb = Feed("spBv1.0/G/NBIRTH/N", NBirth(2), Ms(kT0 + 11000));
  ASSERT_EQ(nb.samples.size(), 1u);  // LINE-1: the node's own state, after the death too
  EXPECT_EQ(nb.samples[0].time, Timestamp{Ms(kT0 + 10000).micros + 1});
  auto b = Feed("spBv1.0/G/DBIRTH/N/Capper", old_state(1), Ms(kT0 + 11000));
  ASSERT_EQ(b.samples.size(), 1u);
  EXPECT_EQ(b.samples[0].time, Timestamp{Ms(kT0 + 10000).micros + 1});
}

TEST_F(HostSessionTest, NewSessionWithoutADeathMarksThePreviousDevices) {
  Feed("spBv1.0/G/NBIRTH/N", NBirth(1), Ms(kT0));
  Feed("spBv1.0/G/DBIRTH/N/Capper", DBirthCapper(1), Ms(kT0));
  Feed("spBv1.0/G/DBIRTH/N/Filler", DBirthFiller(2), Ms(kT0));
  // A rebirth in the same session (same bdSeq): the DBIRTHs follow, nothing is marked.
  EXPECT_TRUE(NoDataUnits(Feed("spBv1.0/G/NBIRTH/N", NBirth(1), Ms(kT0 + 1000))).empty());
  Feed("spBv1.0/G/DBIRTH/N/Capper", DBirthCapper(1), Ms(kT0 + 1000));
  // The Will was lost: a new bdSeq. The Capper of the last session is dead until its DBIRTH;
  // the Filler, not born in that session, was already left by the rebirth.
  auto nb = Feed("spBv1.0/G/NBIRTH/N", NBirth(2), Ms(kT0 + 5000));
  EXPECT_EQ(NoDataUnits(nb), (std::set<std::string>{"CAPPER-1"}));
  for (const auto& s : nb.samples) {
    if (s.work_unit == "CAPPER-1") {
      EXPECT_EQ(s.time, Ms(kT0 + 5000));
    }
  }
  auto db = Feed("spBv1.0/G/DBIRTH/N/Capper", DBirthCapper(1), Ms(kT0 + 5000));
  ASSERT_EQ(db.samples.size(), 1u);
  EXPECT_EQ(db.samples[0].time, Timestamp{Ms(kT0 + 5000).micros + 1});
}

TEST_F(HostSessionTest, RemapAppliesChangedMappingsInSession) {
  BirthAll();
  mappings_.push_back(Map("Filler", "Unmapped", "FILLER-1", model::Signal::kState));
  mappings_.push_back(Map("Capper", "State", "CAPPER-2", model::Signal::kState));
  // Until Remap, DATA and deaths use the mappings of the birth.
  auto before = Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(3).Alias(16, std::string("Held")).Bytes());
  EXPECT_TRUE(before.samples.empty());
  session_->Remap();
  EXPECT_EQ(session_->counters().remaps, 1u);
  auto after = Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(4).Alias(16, std::string("Held")).Bytes());
  ASSERT_EQ(after.samples.size(), 1u);
  EXPECT_EQ(after.samples[0].state, "Held");
  auto capper = Feed("spBv1.0/G/DDATA/N/Capper", Msg().Seq(5).Alias(20, std::string("Idle")).Bytes());
  EXPECT_EQ(capper.samples.size(), 2u);  // CAPPER-1 and CAPPER-2
  // A retired mapping stops at once, in DATA and deaths alike.
  mappings_.back().meta.retired = true;
  session_->Remap();
  EXPECT_EQ(Feed("spBv1.0/G/DDATA/N/Capper", Msg().Seq(6).Alias(20, std::string("Idle")).Bytes()).samples.size(), 1u);
  auto death = Feed("spBv1.0/G/DDEATH/N/Capper", Msg().Seq(7).Bytes());
  EXPECT_EQ(NoDataUnits(death), (std::set<std::string>{"CAPPER-1"}));
  // A mapping added without Remap is not used by a death either: DATA never used it.
  mappings_.push_back(Map("Filler", "Temp", "FILLER-2", model::Signal::kProcessValue));
  auto ddeath = Feed("spBv1.0/G/DDEATH/N/Filler", Msg().Seq(8).Bytes());
  EXPECT_EQ(NoDataUnits(ddeath), (std::set<std::string>{"FILLER-1"}));
}

TEST(SourceLabel, ShortKeptLongShortenedDeterministically) {
  EXPECT_EQ(SourceLabel("G", "N", ""), "spb:G/N");
  EXPECT_EQ(SourceLabel("G", "N", "D"), "spb:G/N/D");
  std::string at_limit(kMaxSourceLength - 8, 'd');
  EXPECT_EQ(SourceLabel("G", "N", at_limit).size(), kMaxSourceLength);
  std::string a(200, 'x'), b = a;
  b.back() = 'y';
  std::string la = SourceLabel("Group", "Node", a), lb = SourceLabel("Group", "Node", b);
  EXPECT_EQ(la.size(), kMaxSourceLength);
  EXPECT_TRUE(la.starts_with("spb:Group/Node/xxx"));
  EXPECT_NE(la, lb);
  EXPECT_EQ(la, SourceLabel("Group", "Node", a));
  // Never cut inside a UTF-8 character.
  std::string accents;
  for (int i = 0; i < 100; ++i) accents += "\xc3\xa9";  // é
  std::string lc = SourceLabel("G", "N", accents);
  EXPECT_LE(lc.size(), kMaxSourceLength);
  size_t tilde = lc.rfind('~');
  ASSERT_NE(tilde, std::string::npos);
  EXPECT_EQ((lc.size() - tilde), 17u);
  EXPECT_EQ((tilde - 8) % 2, 0u);  // "spb:G/N/" then whole two-byte characters
}

TEST_F(HostSessionTest, LongDeviceNamesGiveLabelsThePlantAccepts) {
  std::string device(150, 'F');
  mappings_.push_back(Map(device, "State", "LONG-1", model::Signal::kState));
  Feed("spBv1.0/G/NBIRTH/N", NBirth());
  auto b = Feed("spBv1.0/G/DBIRTH/N/" + device, DBirthCapper(1));
  ASSERT_EQ(b.samples.size(), 1u);
  EXPECT_LE(b.samples[0].source.size(), kMaxSourceLength);
  EXPECT_EQ(b.samples[0].source, SourceLabel("G", "N", device));
}

}  // namespace
}  // namespace takt::sparkplug
