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

  // A birth's state comes after its unit's last no_data (the node's death, 60 s ahead), and a
  // DDEATH whose own time is before its unit's newest sample moves after it.
  Feed("spBv1.0/G/NBIRTH/N", NBirth(2), Ms(kT0 + 2000));
  auto born = Feed("spBv1.0/G/DBIRTH/N/Filler", DBirthFiller(1), Ms(kT0 + 2000));
  ASSERT_NE(Find(born.samples, "FILLER-1", SampleKind::kState), nullptr);
  EXPECT_EQ(Find(born.samples, "FILLER-1", SampleKind::kState)->time, Timestamp{Ms(kT0 + 60000).micros + 2});
  Feed("spBv1.0/G/DDATA/N/Filler", Msg(kT0 + 9000).Seq(2).Alias(10, int64_t{11}).Bytes(), Ms(kT0 + 3000));
  auto dd = Feed("spBv1.0/G/DDEATH/N/Filler", Msg(kT0 + 4000).Seq(3).Bytes(), Ms(kT0 + 4000));
  ASSERT_EQ(dd.samples.size(), 1u);
  EXPECT_EQ(dd.samples[0].time, Timestamp{Ms(kT0 + 60000).micros + 3});

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

// ---- across restarts of the host ----

// After a restart the host has not seen the node born; DATA asks for a rebirth that does not
// come before the node dies. Its NDEATH counts when its bdSeq is the one the plant recorded (or
// newer), not when it is an older connection's Will; a second one is a repeat.
TEST_F(HostSessionTest, AfterARestartADeathOfTheRecordedSessionCounts) {
  plant_sessions_["spb:G/N"] = 7;
  plant_units_["LINE-1"] = {Ms(kT0 - 500), std::nullopt};
  plant_units_["FILLER-1"] = {Ms(kT0 + 2000), std::nullopt};  // its clock runs ahead
  Reset();
  auto before = Feed("spBv1.0/G/DDATA/N/Filler", Msg().Seq(9).Alias(11, uint64_t{7}).Bytes(), Ms(kT0));
  EXPECT_TRUE(before.samples.empty());
  EXPECT_EQ(before.publish.size(), 1u);  // a rebirth request, not answered
  auto stale = Feed("spBv1.0/G/NDEATH/N", NDeath(6), Ms(kT0 + 100));
  EXPECT_TRUE(stale.samples.empty());
  EXPECT_EQ(session_->counters().stale_deaths, 1u);
  auto death = Feed("spBv1.0/G/NDEATH/N", NDeath(7), Ms(kT0 + 200));
  EXPECT_EQ(NoDataUnits(death), (std::set<std::string>{"LINE-1", "FILLER-1", "CAPPER-1"}));
  for (const auto& s : death.samples)
    EXPECT_EQ(s.time, s.work_unit == "FILLER-1" ? Timestamp{Ms(kT0 + 2000).micros + 1} : Ms(kT0 + 200)) << s.work_unit;
  EXPECT_TRUE(Feed("spBv1.0/G/NDEATH/N", NDeath(7), Ms(kT0 + 300)).samples.empty());
  EXPECT_EQ(session_->counters().stale_deaths, 2u);
  // A newer session the host never saw (the edge reconnected while Takt was down) counts too.
  plant_sessions_["spb:G/N"] = 250;
  Reset();
  EXPECT_EQ(NoDataUnits(Feed("spBv1.0/G/NDEATH/N", NDeath(3), Ms(kT0 + 400))).size(), 3u);
  // So does a device's death.
  Reset();
  EXPECT_EQ(NoDataUnits(Feed("spBv1.0/G/DDEATH/N/Capper", Msg(kT0 + 500).Seq(10).Bytes(), Ms(kT0 + 500))),
            (std::set<std::string>{"CAPPER-1"}));
}

// Births record the node's session (bdSeq) once per change, before their samples.
TEST_F(HostSessionTest, BirthsRecordTheNodesSession) {
  auto first = Feed("spBv1.0/G/NBIRTH/N", NBirth(7));
  ASSERT_EQ(first.sessions.size(), 1u);
  EXPECT_EQ(first.sessions[0].source, "spb:G/N");
  EXPECT_EQ(first.sessions[0].session, 7u);
  EXPECT_TRUE(Feed("spBv1.0/G/NBIRTH/N", NBirth(7)).sessions.empty());  // a rebirth: same session
  EXPECT_EQ(Feed("spBv1.0/G/NBIRTH/N", NBirth(8)).sessions.size(), 1u);
}

// A unit the plant holds as no_data (a death or a stop before the restart) comes back with the
// birth, whatever time the edge gives its state.
TEST_F(HostSessionTest, BirthStatesComeAfterTheNoDataThePlantHolds) {
  plant_units_["FILLER-1"] = {Ms(kT0 + 5000), Ms(kT0 + 5000)};
  Reset();
  Feed("spBv1.0/G/NBIRTH/N", NBirth(7));
  auto born = Feed("spBv1.0/G/DBIRTH/N/Filler", DBirthFiller(1));
  ASSERT_NE(Find(born.samples, "FILLER-1", SampleKind::kState), nullptr);
  EXPECT_EQ(Find(born.samples, "FILLER-1", SampleKind::kState)->time, Timestamp{Ms(kT0 + 5000).micros + 1});
}

// The timeout after the start: units whose node or device was not born since go no_data just
// after their newest reading; units with nothing recorded, or no_data already, are left alone.
TEST_F(HostSessionTest, ExpireMarksUnitsNotRebornAfterTheirNewestReading) {
  mappings_.push_back(Map("Labeler", "State", "LABELER-1", model::Signal::kState));
  plant_units_["LINE-1"] = {Ms(kT0 - 9000), std::nullopt};
  plant_units_["FILLER-1"] = {Ms(kT0 - 7000), std::nullopt};
  plant_units_["CAPPER-1"] = {Ms(kT0 - 5000), Ms(kT0 - 6000)};  // no_data already
  Reset();
  Feed("spBv1.0/G/NBIRTH/N", NBirth(7), Ms(kT0));               // LINE-1 is alive
  Feed("spBv1.0/G/DBIRTH/N/Filler", DBirthFiller(1), Ms(kT0));  // and so is FILLER-1
  HostActions out;
  session_->Expire(mappings_, Ms(kT0 + 120000), out);
  EXPECT_TRUE(out.samples.empty());  // LABELER-1 has no readings, CAPPER-1 is no_data
  plant_units_["LABELER-1"] = {Ms(kT0 - 3000), std::nullopt};
  Reset();  // a restart in which no node comes back
  session_->Expire(mappings_, Ms(kT0 + 120000), out);
  EXPECT_EQ(NoDataUnits(out), (std::set<std::string>{"LINE-1", "FILLER-1", "LABELER-1"}));
  for (const auto& s : out.samples) {
    EXPECT_EQ(s.time.micros, plant_units_[s.work_unit].newest.micros + 1) << s.work_unit;
    EXPECT_EQ(s.source, s.work_unit == "LINE-1"     ? "spb:G/N"
                        : s.work_unit == "FILLER-1" ? "spb:G/N/Filler"
                                                    : "spb:G/N/Labeler");
  }
  EXPECT_EQ(session_->counters().expired_units, 3u);
}

// Stopping: born nodes die now (after their newest sample), the others after their readings.
TEST_F(HostSessionTest, StopMarksEveryMappedUnitNoData) {
  auto other = Map("", "State", "PRESS-1", model::Signal::kState);
  other.edge_node = "M";
  mappings_.push_back(other);
  plant_units_["PRESS-1"] = {Ms(kT0 - 60000), std::nullopt};
  Reset();
  BirthAll();
  HostActions out;
  session_->Stop(mappings_, Ms(kT0 + 30000), out);
  EXPECT_EQ(NoDataUnits(out), (std::set<std::string>{"LINE-1", "FILLER-1", "CAPPER-1", "PRESS-1"}));
  for (const auto& s : out.samples)
    EXPECT_EQ(s.time, s.work_unit == "PRESS-1" ? Timestamp{Ms(kT0 - 60000).micros + 1} : Ms(kT0 + 30000));
}

// Online asks every mapped node that is not born, and that the plant saw born, for a rebirth,
// once within the rate limit.
TEST_F(HostSessionTest, OnlineAsksNodesThatAreNotBornForARebirth) {
  auto other = Map("", "State", "PRESS-1", model::Signal::kState);
  other.edge_node = "M";
  mappings_.push_back(other);
  auto never = Map("", "State", "PRESS-2", model::Signal::kState);
  never.edge_node = "NEW";  // no recorded session: it will birth by itself
  mappings_.push_back(never);
  plant_sessions_["spb:G/M"] = 3;
  plant_sessions_["spb:G/N"] = 7;
  Reset();
  Feed("spBv1.0/G/NBIRTH/N", NBirth(7));
  HostActions out;
  session_->Online(mappings_, Ms(kT0), out);
  ASSERT_EQ(out.publish.size(), 1u);
  EXPECT_TRUE(IsRebirth(out.publish[0], "spBv1.0/G/NCMD/M"));
  out.clear();
  session_->Online(mappings_, Ms(kT0 + 1000), out);
  EXPECT_TRUE(out.publish.empty());
}

}  // namespace
}  // namespace takt::sparkplug
