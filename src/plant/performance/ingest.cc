// Machine data batches: validation (Execute) and the projection (Apply).
#include <charconv>
#include <cmath>
#include <unordered_set>

#include "plant/performance/contract.h"
#include "plant/performance/performance.h"
#include "plant/performance/tally.h"

namespace takt::plant::performance {
namespace {

constexpr int64_t kMaxAheadUs = 300'000'000;  // clocks may run ahead of the server this much
// History older than this is not machine data but an import: it would bloat every tally.
constexpr int64_t kMaxAgeUs = 400LL * 86'400'000'000;
constexpr size_t kMaxSources = 100'000;  // each keeps a deduplication window
constexpr int64_t kMaxIncrement = 1'000'000'000;

// Appends JSON without a DOM: a batch of 10,000 readings is written in well under a millisecond.
struct Writer {
  std::string out;
  void Int(int64_t v) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  }
  void UInt(uint64_t v) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  }
  void Double(double v) {
    char buf[32];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  }
  void Strings(const std::vector<std::string>& v) {
    out += '[';
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) out += ',';
      out += Serialize(json::value(v[i]));
    }
    out += ']';
  }
};

// Strings of one batch by index, for the compact payload.
struct Table {
  std::vector<std::string> list;
  std::unordered_map<std::string, int64_t> ids;
  int64_t Of(const std::string& s) {
    auto [it, added] = ids.try_emplace(s, static_cast<int64_t>(list.size()));
    if (added) list.push_back(s);
    return it->second;
  }
};

std::string Field(size_t i, std::string_view key) {
  return "events[" + std::to_string(i) + "]." + std::string(key);
}

struct UnitCheck {
  const model::StateModel* model = nullptr;
  int64_t watermark = INT64_MIN;
};

// Why sample i cannot be applied, or Ok.
Status CheckSample(const State& st, const performance::Sample& s, size_t i, const Context& ctx,
                   std::unordered_map<std::string, UnitCheck>& units, std::string& code) {
  auto it = units.find(s.work_unit);
  if (it == units.end()) {
    auto e = st.md.equipment.find(s.work_unit);
    if (e == st.md.equipment.end() || e->second.meta.retired)
      return Status::Unprocessable("unknown work unit '" + s.work_unit + "'", Field(i, "work_unit"));
    if (e->second.level != model::EquipmentLevel::kWorkUnit)
      return Status::Unprocessable("'" + s.work_unit + "' is not a work unit", Field(i, "work_unit"));
    UnitCheck c{SetupOf(st, s.work_unit).model};
    if (auto d = st.perf.units.find(s.work_unit); d != st.perf.units.end()) c.watermark = d->second.watermark;
    it = units.emplace(s.work_unit, c).first;
  }
  UnitCheck& u = it->second;
  int64_t t = s.time.micros;
  if (t > ctx.now.micros + kMaxAheadUs)
    return Status::Unprocessable("time is more than 5 minutes ahead of the server's clock", Field(i, "time"));
  if (t < ctx.now.micros - kMaxAgeUs)
    return Status::Unprocessable("time is more than 400 days before the server's clock", Field(i, "time"));
  if (u.watermark != INT64_MIN && t < u.watermark - u.model->late_window_s * 1'000'000)
    return Status::Unprocessable("too late: more than " + std::to_string(u.model->late_window_s) +
                                     " s before the unit's newest reading (" + FormatIso8601({u.watermark}) + ")",
                                 Field(i, "time"));
  switch (s.kind) {
    case SampleKind::kState: {
      if (s.state == kNoDataState) {
        code = s.state;
      } else if (const model::MachineState* m = FindState(*u.model, s.state)) {
        code = m->code;
      } else {
        return Status::Unprocessable("state '" + s.state + "' is not in state model '" + u.model->meta.id + "'",
                                     Field(i, "state"));
      }
      if (s.reason.size() > 64) return Status::Invalid("a reason code has at most 64 characters", Field(i, "reason"));
      break;
    }
    case SampleKind::kGood:
    case SampleKind::kReject:
    case SampleKind::kTotal:
      if (s.count < 0 || (!s.cumulative && s.count > kMaxIncrement))
        return Status::Invalid(
            s.cumulative ? "a counter reading cannot be negative" : "an increment is between 0 and 1000000000",
            Field(i, s.kind == SampleKind::kGood     ? "good"
                     : s.kind == SampleKind::kReject ? "reject"
                                                     : "total"));
      break;
    case SampleKind::kProcessValue:
      if (!std::isfinite(s.value)) return Status::Invalid("a process value must be finite", Field(i, "value"));
      if (s.name.empty() || s.name.size() > 64)
        return Status::Invalid("a process value needs a name of 1 to 64 characters", Field(i, "name"));
      break;
  }
  if (s.source.size() > 128) return Status::Invalid("a source has at most 128 characters", Field(i, "source"));
  if (!s.source.empty() && s.seq && st.perf.sources.size() >= kMaxSources && !st.perf.sources.count(s.source))
    return Status::Unprocessable("too many sources: at most 100000 distinct sources deduplicate", Field(i, "source"));
  u.watermark = std::max(u.watermark, t);
  return Status::Ok();
}

}  // namespace

Result<std::vector<EventDraft>> Execute(const State& st, const MachineDataCommand& cmd, const Context& ctx) {
  std::unordered_map<std::string, UnitCheck> units;
  std::unordered_map<std::string, std::unordered_set<uint64_t>> batch_seen;
  Table unit_ids, strings;
  Writer w;
  w.out.reserve(cmd.samples.size() * 40 + 256);
  w.out += "{\"samples\":[";
  int64_t accepted = 0, duplicates = 0, invalid = 0;
  Status first_error;
  for (size_t i = 0; i < cmd.samples.size(); ++i) {
    const Sample& s = cmd.samples[i];
    if (!s.source.empty() && s.seq) {
      auto src = st.perf.sources.find(s.source);
      bool seen = src != st.perf.sources.end() && src->second.Seen(*s.seq);
      if (seen || !batch_seen[s.source].insert(*s.seq).second) {
        ++duplicates;
        continue;
      }
    }
    std::string code;
    if (Status bad = CheckSample(st, s, i, ctx, units, code); !bad.ok()) {
      if (!cmd.skip_invalid) return bad;
      if (first_error.ok()) first_error = bad;
      ++invalid;
      continue;
    }
    if (accepted++) w.out += ',';
    w.out += '[';
    w.Int(unit_ids.Of(s.work_unit));
    w.out += ',';
    w.Int(s.time.micros);
    w.out += ',';
    w.Int(static_cast<int>(s.kind));
    w.out += ',';
    switch (s.kind) {
      case SampleKind::kState:
        w.Int(strings.Of(code));
        w.out += ',';
        w.Int(s.reason.empty() ? -1 : strings.Of(s.reason));
        break;
      case SampleKind::kProcessValue:
        w.Int(strings.Of(s.name));
        w.out += ',';
        w.Double(s.value);
        break;
      default:
        w.Int(s.count);
        w.out += ',';
        w.Int(s.cumulative ? 1 : 0);
    }
    if (!s.source.empty()) {
      w.out += ',';
      w.Int(strings.Of(s.source));
      if (s.seq) {
        w.out += ',';
        w.UInt(*s.seq);
      }
    }
    w.out += ']';
  }
  w.out += "],\"units\":";
  w.Strings(unit_ids.list);
  w.out += ",\"strings\":";
  w.Strings(strings.list);
  w.out += '}';
  BatchSummary summary{accepted, duplicates};
  std::vector<EventDraft> out;
  for (size_t i = 0; i < cmd.sessions.size(); ++i) {
    const SourceSession& s = cmd.sessions[i];
    if (s.source.empty() || s.source.size() > 128)
      return Status::Invalid("a source has 1 to 128 characters", "sessions[" + std::to_string(i) + "].source");
    auto known = st.perf.sessions.find(s.source);
    if (known != st.perf.sessions.end() && known->second == s.session) continue;
    if (known == st.perf.sessions.end() && st.perf.sessions.size() >= kMaxSources)
      return Status::Unprocessable("too many sources: at most 100000 keep sessions",
                                   "sessions[" + std::to_string(i) + "].source");
    out.push_back({"machine_data.session", 1, Serialize(json::object{{"source", s.source}, {"session", s.session}})});
  }
  // Nothing to record and something was wrong: say what, rather than nothing.
  if (accepted == 0 && !first_error.ok() && out.empty()) return first_error;
  if (cmd.skip_invalid) {
    summary.invalid = invalid;
    if (!first_error.ok()) summary.first_error = first_error.message();
  }
  if (accepted > 0) out.push_back({"machine_data.recorded", 1, std::move(w.out)});
  if (out.empty()) return out;
  out.back().summary = Serialize(contract::Encode(summary));
  return out;
}

}  // namespace takt::plant::performance
