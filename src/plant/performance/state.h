// The performance projection: per work unit, its state changes, counts and process values as
// the machines reported them, and day tallies of the ISO 22400 time elements kept up to date
// as readings arrive, so KPIs over long windows read a few hundred tallies per unit.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/machine.h"

namespace takt::plant::performance {

// The time categories of a window; they partition it (their sum is the window's length).
enum Category : uint8_t { kNotScheduled, kPlannedDown, kProduction, kSetup, kDelay, kDown, kNoData, kCategories };
const char* CategoryName(Category c);

enum CountKind : uint8_t { kGood, kReject, kTotal, kStartupReject, kCountKinds };  // startup: a subset of rejects
inline constexpr int kLosses = 7;                                                  // model::Loss values

inline constexpr int64_t kDayUs = 86'400'000'000;
inline int64_t DayOf(int64_t t) {
  return t >= 0 ? t / kDayUs : (t - kDayUs + 1) / kDayUs;
}
// Counts and states meet windows differently: a state interval counts in [s, e), but a count
// stamped t reports what was made in the time up to t, so it counts in the window (s, e] that
// ends at t. CountDayOf gives the UTC day (d, d + 1] a count at t belongs to.
inline int64_t CountDayOf(int64_t t) {
  return DayOf(t - 1);
}
inline constexpr int64_t kBlockDays = 32;
inline int64_t BlockOf(int64_t day) {
  return day >= 0 ? day / kBlockDays : (day - kBlockDays + 1) / kBlockDays;
}

// Interned strings (state codes, reason codes, stop keys) so records stay small.
class Interner {
 public:
  int32_t Intern(const std::string& s);
  int32_t Find(const std::string& s) const;  // -1 when absent
  const std::string& Get(int32_t id) const { return strings_[id]; }
  size_t size() const { return strings_.size(); }

 private:
  std::vector<std::string> strings_;
  std::unordered_map<std::string, int32_t> ids_;
};

struct StateChange {
  int64_t t;
  int32_t code;    // interned state code; the state lasts until the next change
  int32_t reason;  // interned machine stop code, -1 when none
};

struct CountRecord {
  int64_t t;
  int64_t ideal_us;  // delta times the ideal cycle time at t (0 when none is known)
  int32_t delta;     // may be negative: a late counter reading corrects the next one's delta
  uint8_t kind;      // CountKind
  uint8_t startup;   // a reject within the state model's startup window
};

inline constexpr size_t kMaxStopKeys = 256;  // distinct stop keys one tally keeps
inline constexpr int32_t kOtherStops = -2;   // the key of the rest

struct StopTally {
  int32_t key;  // interned "reason:ID", "code:CODE" or "state:CODE"
  int64_t us = 0;
  int64_t n = 0;  // stops starting in the tallied time
};

// Sums over some stretch of time of one work unit (or of many, when added up).
struct Tally {
  std::array<int64_t, kCategories> time{};
  std::array<int64_t, kLosses> loss{};  // stop time in planned busy categories, by model::Loss
  std::array<int64_t, kCountKinds> count{};
  std::array<int64_t, kCountKinds> ideal_us{};
  int64_t uncycled = 0;  // parts counted with no ideal cycle time known
  int64_t failures = 0;  // breakdowns (not minor stops) starting here
  int64_t setups = 0;
  std::vector<StopTally> stops;

  void AddStop(int32_t key, int64_t us, int64_t n);
  void Add(const Tally& o, int sign = 1);
  bool Empty() const;
};

struct ProcessValue {
  int64_t t = 0;
  double value = 0;
};

struct UnitData {
  std::vector<StateChange> changes;       // by time
  std::vector<CountRecord> counts;        // by time
  std::map<int64_t, int32_t> classified;  // stop start -> interned downtime reason (an operator's)
  std::map<int64_t, Tally> days;          // closed intervals and counts by UTC day
  std::map<int64_t, Tally> blocks;        // the same by block of kBlockDays days
  int64_t watermark = INT64_MIN;          // the newest reading's time
  struct Reading {
    int64_t t;
    int64_t value;
  };
  std::array<std::vector<Reading>, 3> readings;     // recent cumulative counter readings by CountKind
  std::vector<std::pair<int64_t, int64_t>> cycles;  // (from, ideal cycle us of the running operation; 0: none)
  std::map<std::string, ProcessValue, std::less<>> values;
  std::array<bool, 3> reported{};  // which counts (CountKind) the unit has ever reported
};

// Sequence numbers seen from one source: the newest and a window of 4096 before it.
struct SourceSeen {
  uint64_t high = 0;
  bool any = false;
  std::bitset<4096> bits;
  bool Seen(uint64_t seq) const;
  void Mark(uint64_t seq);
};

class PlanCache;  // tally.h

struct Performance {
  Interner strings;
  std::unordered_map<std::string, UnitData> units;
  std::unordered_map<std::string, SourceSeen> sources;
  std::unordered_map<std::string, uint64_t> sessions;  // the session each source began last
  // Master data that classification depends on changed: these units' tallies (or all, after a
  // restore) must be rebuilt (Settle); until then queries compute theirs from the records.
  bool stale = false;
  std::set<std::string, std::less<>> stale_units;
  bool Stale(std::string_view unit) const { return stale || stale_units.count(unit) > 0; }
  uint64_t samples = 0;  // readings applied
  // The writer's cache of shift calendar days. Shared by copies of the state, which only
  // serialise themselves and never touch it.
  std::shared_ptr<PlanCache> cache;
};

}  // namespace takt::plant::performance
