#include "connect/sparkplug/host.h"

#include <algorithm>
#include <bitset>
#include <cmath>
#include <cstdio>
#include <limits>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "connect/sparkplug/payload.h"
#include "core/json.h"

namespace takt::sparkplug {

std::string SourceLabel(std::string_view group, std::string_view node, std::string_view device) {
  std::string s = "spb:";
  s.append(group).append("/").append(node);
  if (!device.empty()) s.append("/").append(device);
  if (s.size() <= kMaxSourceLength) return s;
  uint64_t h = 14695981039346656037ull;  // FNV-1a 64
  for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ull;
  char hex[18];
  std::snprintf(hex, sizeof hex, "~%016llx", static_cast<unsigned long long>(h));
  size_t cut = kMaxSourceLength - 17;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  s.resize(cut);
  return s + hex;
}

namespace {

using plant::performance::Sample;
using plant::performance::SampleKind;

// Hash for unordered maps keyed by std::string that are searched with string_views.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

enum class MessageType { kNBirth, kNDeath, kDBirth, kDDeath, kNData, kDData, kNCmd, kDCmd, kState };

struct Topic {
  MessageType type = MessageType::kNData;
  std::string_view group, edge_node, device, host_id;
};

// spBv1.0/<group>/<TYPE>/<edge_node>[/<device>] or spBv1.0/STATE/<host_id> (spec 4.1).
bool ParseTopic(std::string_view topic, Topic& t) {
  constexpr std::string_view kNamespace = "spBv1.0/";
  if (!topic.starts_with(kNamespace)) return false;
  topic.remove_prefix(kNamespace.size());
  std::string_view parts[4];
  size_t n = 0;
  while (true) {
    if (n == 4) return false;
    size_t slash = topic.find('/');
    parts[n++] = topic.substr(0, slash);
    if (parts[n - 1].empty()) return false;
    if (slash == std::string_view::npos) break;
    topic.remove_prefix(slash + 1);
  }
  if (parts[0] == "STATE") {
    if (n != 2) return false;
    t.type = MessageType::kState;
    t.host_id = parts[1];
    return true;
  }
  if (n < 3) return false;
  static constexpr std::pair<std::string_view, MessageType> kTypes[] = {
      {"NBIRTH", MessageType::kNBirth}, {"NDEATH", MessageType::kNDeath}, {"DBIRTH", MessageType::kDBirth},
      {"DDEATH", MessageType::kDDeath}, {"NDATA", MessageType::kNData},   {"DDATA", MessageType::kDData},
      {"NCMD", MessageType::kNCmd},     {"DCMD", MessageType::kDCmd}};
  bool found = false;
  for (const auto& [name, type] : kTypes) {
    if (parts[1] == name) {
      t.type = type;
      found = true;
      break;
    }
  }
  if (!found) return false;
  bool device_message = parts[1][0] == 'D';
  if (n != (device_message ? 4u : 3u)) return false;
  t.group = parts[0];
  t.edge_node = parts[2];
  t.device = device_message ? parts[3] : std::string_view();
  return true;
}

// A host's STATE payload says offline: 3.0 JSON {"online":false,...} or 2.x text "OFFLINE".
bool SaysOffline(std::string_view payload) {
  if (payload == "OFFLINE") return true;
  auto v = ParseJson(payload);
  if (!v.ok() || !v->is_object()) return false;
  const auto* online = v->as_object().if_contains("online");
  return online && online->is_bool() && !online->as_bool();
}

std::optional<Timestamp> FromMillis(std::optional<uint64_t> ms) {
  constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max() / 1000);
  if (!ms || *ms > kMax) return std::nullopt;
  return Timestamp{static_cast<int64_t>(*ms) * 1000};
}

// The time a reading stands for: the metric's, else the message's, else arrival.
Timestamp SampleTime(const Metric& m, const Payload& p, Timestamp now) {
  if (auto t = FromMillis(m.timestamp)) return *t;
  if (auto t = FromMillis(p.timestamp)) return *t;
  return now;
}

std::optional<uint64_t> AsUnsigned(const Value& v) {
  if (auto* u = std::get_if<uint64_t>(&v)) return *u;
  if (auto* i = std::get_if<int64_t>(&v); i && *i >= 0) return static_cast<uint64_t>(*i);
  return std::nullopt;
}

std::optional<uint64_t> BdSeq(const Payload& p) {
  for (const Metric& m : p.metrics) {
    if (m.name == kBdSeqMetric) return AsUnsigned(m.value);
  }
  return std::nullopt;
}

// State codes are text: integer codes (PackML "6") in decimal, booleans as true/false.
std::optional<std::string> StateText(const Value& v) {
  if (auto* s = std::get_if<std::string>(&v)) {
    if (s->empty()) return std::nullopt;
    return *s;
  }
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* u = std::get_if<uint64_t>(&v)) return std::to_string(*u);
  if (auto* b = std::get_if<bool>(&v)) return std::string(*b ? "true" : "false");
  if (auto* d = std::get_if<double>(&v); d && std::isfinite(*d) && std::trunc(*d) == *d && std::fabs(*d) < 9e15) {
    return std::to_string(static_cast<int64_t>(*d));
  }
  return std::nullopt;
}

std::optional<int64_t> CountOf(const Value& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return *i;
  if (auto* u = std::get_if<uint64_t>(&v); u && *u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return static_cast<int64_t>(*u);
  }
  if (auto* d = std::get_if<double>(&v); d && std::isfinite(*d) && std::trunc(*d) == *d && std::fabs(*d) < 9e18) {
    return static_cast<int64_t>(*d);
  }
  return std::nullopt;
}

std::optional<double> NumberOf(const Value& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (auto* u = std::get_if<uint64_t>(&v)) return static_cast<double>(*u);
  if (auto* d = std::get_if<double>(&v); d && std::isfinite(*d)) return *d;
  if (auto* b = std::get_if<bool>(&v)) return *b ? 1.0 : 0.0;
  return std::nullopt;
}

SampleKind KindOf(model::Signal s) {
  switch (s) {
    case model::Signal::kState:
      return SampleKind::kState;
    case model::Signal::kGood:
      return SampleKind::kGood;
    case model::Signal::kReject:
      return SampleKind::kReject;
    case model::Signal::kTotal:
      return SampleKind::kTotal;
    case model::Signal::kProcessValue:
      break;
  }
  return SampleKind::kProcessValue;
}

constexpr Timestamp kNever{std::numeric_limits<int64_t>::min() / 2};

Timestamp Later(Timestamp a, Timestamp b) {
  return a < b ? b : a;
}

// What this session emitted for one work unit.
struct UnitTrack {
  Timestamp newest = kNever;   // the latest time of a sample emitted for it
  Timestamp dead_at = kNever;  // the time of its last no_data
};

// What one metric means for one work unit (a resolved SignalMapping).
struct Meaning {
  std::string work_unit;
  UnitTrack* track = nullptr;  // never null once resolved; stable (a node of Impl::tracks)
  SampleKind kind = SampleKind::kState;
  bool cumulative = true;
  std::string name;  // process values
};

// One metric of a birth: its declared datatype and what it means (nothing when unmapped).
struct Binding {
  uint32_t datatype = 0;
  std::vector<Meaning> meanings;
};

// The edge node itself (device empty) or one of its devices.
struct Source {
  std::string device;
  std::string label;  // Sample::source
  bool born = false;
  Timestamp newest = kNever;      // the latest time of a sample emitted for it
  StringMap<Binding> by_name;     // pointers into it stay valid until the next birth
  std::vector<uint64_t> aliases;  // the aliases this source's birth defined
};

struct AliasEntry {
  Source* source = nullptr;
  const Binding* binding = nullptr;  // null: two metrics claimed the alias
};

struct Node {
  std::string group, name;
  bool born = false;
  bool ended = false;  // died (or the broker was lost) in this run, and no NBIRTH since
  std::optional<uint64_t> bdseq;
  std::optional<uint64_t> recorded;  // the bdSeq handed out as a SourceSession in this run
  NodeCounters counts;
  // seq tracking (spec 5.x "Reorder Timeout"): `missing` are the seq values skipped over.
  int expected = -1;  // -1: unknown until the next message with a seq
  std::bitset<256> missing;
  bool lost = false;  // a missing value was passed again by the wrap: the gap cannot close
  bool gap_open = false;
  Timestamp deadline;
  std::optional<Timestamp> last_rebirth;
  bool mapped = false;  // `mappings` was looked up
  std::vector<model::SignalMapping> mappings;
  Source self;
  StringMap<Source> devices;
  std::unordered_map<uint64_t, AliasEntry> aliases;
};

}  // namespace

struct HostSession::Impl {
  HostOptions options;
  MappingLookup lookup;
  PlantView plant;
  HostCounters& c;
  StringMap<Node> nodes;        // key: group + "/" + edge_node ('/' cannot occur in either)
  StringMap<UnitTrack> tracks;  // by work unit: nodes are never erased, so pointers stay valid
  std::string key;              // reused buffer for lookups
  size_t open_gaps = 0;
  uint64_t node_version = 0;  // bumped by every change of a node's counters

  void Count(Node* n, uint64_t NodeCounters::*field) {
    if (!n) return;
    ++(n->counts.*field);
    ++node_version;
  }
  Timestamp earliest_deadline{std::numeric_limits<int64_t>::max()};

  Impl(HostOptions o, MappingLookup l, PlantView v, HostCounters& counters)
      : options(std::move(o)), lookup(std::move(l)), plant(std::move(v)), c(counters) {}

  UnitTrack* Track(std::string_view unit) {
    auto it = tracks.find(unit);
    if (it == tracks.end()) it = tracks.emplace(std::string(unit), UnitTrack{}).first;
    return &it->second;
  }

  std::optional<PlantView::Unit> PlantUnit(std::string_view unit) const {
    return plant.unit ? plant.unit(unit) : std::nullopt;
  }

  Node* FindNode(std::string_view group, std::string_view node) {
    key.assign(group).append("/").append(node);
    auto it = nodes.find(std::string_view(key));
    return it == nodes.end() ? nullptr : &it->second;
  }

  Node* GetNode(std::string_view group, std::string_view node) {
    if (Node* n = FindNode(group, node)) return n;
    if (nodes.size() >= options.max_edge_nodes) {
      ++c.over_limits;
      return nullptr;
    }
    Node& n = nodes[key];
    n.group = std::string(group);
    n.name = std::string(node);
    n.counts.group = n.group;
    n.counts.node = n.name;
    ++node_version;
    n.self.label = SourceLabel(group, node, {});
    return &n;
  }

  void LookUp(Node& n) {
    n.mappings = lookup ? lookup(n.group, n.name) : std::vector<model::SignalMapping>{};
    n.mapped = true;
  }

  // The node's copy of its mappings (looked up at its NBIRTH, or now if never).
  const std::vector<model::SignalMapping>& Mappings(Node& n) {
    if (!n.mapped) LookUp(n);
    return n.mappings;
  }

  // ---- rebirth and seq ----

  bool RateLimited(const Node& n, Timestamp now) const {
    return n.last_rebirth && now.micros - n.last_rebirth->micros < options.rebirth_interval_us;
  }

  void RequestRebirth(Node* n, Timestamp now, HostActions& out) {
    if (!n || RateLimited(*n, now)) {
      ++c.rebirths_suppressed;
      return;
    }
    n->last_rebirth = now;
    uint64_t ms = now.micros > 0 ? static_cast<uint64_t>(now.micros / 1000) : 0;
    out.publish.push_back({"spBv1.0/" + n->group + "/NCMD/" + n->name, EncodeRebirthRequest(ms), 0, false});
    ++c.rebirths_requested;
    Count(n, &NodeCounters::rebirths_requested);
  }

  void CloseGap(Node& n) {
    if (n.gap_open) --open_gaps;
    n.gap_open = false;
    n.missing.reset();
    n.lost = false;
  }

  void ResetSeq(Node& n, std::optional<uint64_t> seq) {
    CloseGap(n);
    n.expected = seq && *seq <= 255 ? static_cast<int>((*seq + 1) & 255) : -1;
  }

  void CheckSeq(Node& n, std::optional<uint64_t> seq, Timestamp now) {
    if (!seq || *seq > 255) {
      ++c.bad_seq;
      return;
    }
    int s = static_cast<int>(*seq);
    if (n.expected < 0 || s == n.expected) {
      if (n.expected >= 0 && n.missing.test(s)) {  // a full wrap passed while this was missing
        n.missing.reset(s);
        n.lost = true;
      }
      n.expected = (s + 1) & 255;
      return;
    }
    int ahead = (s - n.expected) & 255;
    if (ahead < 128) {
      ++c.seq_gaps;
      Count(&n, &NodeCounters::seq_gaps);
      for (int k = n.expected; k != s; k = (k + 1) & 255) {
        if (n.missing.test(k)) n.lost = true;
        n.missing.set(k);
      }
      n.expected = (s + 1) & 255;
      if (!n.gap_open) {
        n.gap_open = true;
        n.deadline = Timestamp{now.micros + options.reorder_timeout_us};
        ++open_gaps;
        if (n.deadline < earliest_deadline) earliest_deadline = n.deadline;
      }
      return;
    }
    // Behind the expected value: a late message, or a repeat.
    if (n.missing.test(s)) {
      n.missing.reset(s);
      ++c.reordered;
      if (n.missing.none() && !n.lost) CloseGap(n);
    } else {
      ++c.duplicate_seq;
    }
  }

  void Sweep(Timestamp now, HostActions& out) {
    earliest_deadline = Timestamp{std::numeric_limits<int64_t>::max()};
    if (open_gaps == 0) return;
    for (auto& [k, n] : nodes) {
      if (!n.gap_open) continue;
      if (n.deadline <= now) {
        if (RateLimited(n, now)) {  // keep the gap: ask when the rate limit allows
          ++c.rebirths_suppressed;
          n.deadline = Timestamp{n.last_rebirth->micros + options.rebirth_interval_us};
        } else {
          ++c.reorder_timeouts;
          CloseGap(n);
          RequestRebirth(&n, now, out);
          continue;
        }
      }
      if (n.deadline < earliest_deadline) {
        earliest_deadline = n.deadline;
      }
    }
  }

  // ---- births ----

  void RemoveAliases(Node& n, Source& s) {
    for (uint64_t a : s.aliases) {
      auto it = n.aliases.find(a);
      if (it != n.aliases.end() && it->second.source == &s) n.aliases.erase(it);
    }
    s.aliases.clear();
  }

  void AddAlias(Node& n, Source& s, uint64_t alias, const Binding* b) {
    auto [it, inserted] = n.aliases.try_emplace(alias, AliasEntry{&s, b});
    if (inserted) {
      s.aliases.push_back(alias);
      return;
    }
    if (it->second.binding == b) return;
    // Aliases are unique across the edge node (spec 6.4.x); a conflict makes both metrics
    // unreadable by alias rather than guessing which one DATA means.
    if (it->second.binding) ++c.alias_conflicts;
    it->second.binding = nullptr;
  }

  // The mappings of one source (node or device), by metric name.
  using ByMetric = std::unordered_map<std::string_view, std::vector<const model::SignalMapping*>>;
  static ByMetric Index(const std::vector<model::SignalMapping>& mappings, std::string_view device) {
    ByMetric by_metric;
    for (const auto& m : mappings) {
      if (!m.meta.retired && m.device == device) by_metric[m.metric].push_back(&m);
    }
    return by_metric;
  }

  void Resolve(Binding& b, std::string_view metric, const ByMetric& by_metric) {
    b.meanings.clear();
    auto it = by_metric.find(metric);
    if (it == by_metric.end()) return;
    for (const auto* mp : it->second) {
      b.meanings.push_back({mp->work_unit, Track(mp->work_unit), KindOf(mp->signal), mp->cumulative,
                            mp->name.empty() ? mp->metric : mp->name});
    }
  }

  void Birth(Node& n, Source& s, const Payload& p, Timestamp now, HostActions& out) {
    RemoveAliases(n, s);
    s.by_name.clear();
    s.born = true;
    ByMetric by_metric = Index(Mappings(n), s.device);
    for (const Metric& m : p.metrics) {
      if (m.name.empty()) {  // births must name every metric
        ++c.unknown_metrics;
        continue;
      }
      Binding& b = s.by_name[m.name];
      b.datatype = m.datatype.value_or(0);
      Resolve(b, m.name, by_metric);
      if (m.alias) AddAlias(n, s, *m.alias, &b);
      if (!b.meanings.empty()) Emit(b, s, m, m.value, SampleTime(m, p, now), /*birth=*/true, out);
    }
  }

  // ---- samples ----

  void Emit(const Binding& b, Source& s, const Metric& m, const Value& v, Timestamp t, bool birth, HostActions& out) {
    if (m.is_null || std::holds_alternative<std::monostate>(v)) {
      ++c.null_values;
      return;
    }
    for (const Meaning& mn : b.meanings) {
      Sample sample;
      Timestamp at = t;
      sample.kind = mn.kind;
      switch (mn.kind) {
        case SampleKind::kState: {
          auto text = StateText(v);
          if (!text) {
            ++c.bad_values;
            continue;
          }
          sample.state = std::move(*text);
          // A birth's state after the unit's last no_data, whatever the edge says it is.
          if (birth) {
            if (mn.track->dead_at != kNever) at = Later(at, Timestamp{mn.track->dead_at.micros + 1});
            if (auto u = PlantUnit(mn.work_unit); u && u->no_data_since)
              at = Later(at, Timestamp{u->no_data_since->micros + 1});
          }
          break;
        }
        case SampleKind::kGood:
        case SampleKind::kReject:
        case SampleKind::kTotal: {
          if (birth && !mn.cumulative) continue;  // a birth repeats the last increment
          auto count = CountOf(v);
          if (!count) {
            ++c.bad_values;
            continue;
          }
          sample.count = *count;
          sample.cumulative = mn.cumulative;
          break;
        }
        case SampleKind::kProcessValue: {
          auto x = NumberOf(v);
          if (!x) {
            ++c.bad_values;
            continue;
          }
          sample.value = *x;
          sample.name = mn.name;
          break;
        }
      }
      sample.work_unit = mn.work_unit;
      sample.time = at;
      s.newest = Later(s.newest, at);
      mn.track->newest = Later(mn.track->newest, at);
      sample.source = s.label;
      out.samples.push_back(std::move(sample));
      ++c.samples;
    }
  }

  // When a death that happened at `when` (arrival at `now`) is recorded for sources whose newest
  // sample is `newest`: not before that sample, nor beyond what the plant accepts.
  Timestamp DeathTime(Timestamp when, Timestamp newest, Timestamp now) const {
    if (newest == kNever) return when;
    int64_t cap = now.micros + options.max_ahead_us;
    return Later(when, Timestamp{std::min(newest.micros + 1, cap)});
  }

  // A no_data sample for `unit` at `t`, noted as its last death.
  void NoData(const std::string& unit, UnitTrack* track, Timestamp t, const std::string& label, HostActions& out) {
    Sample s;
    s.work_unit = unit;
    s.time = t;
    s.kind = SampleKind::kState;
    s.state = plant::performance::kNoDataState;
    s.source = label;
    out.samples.push_back(std::move(s));
    ++c.samples;
    track->dead_at = Later(track->dead_at, t);
    track->newest = Later(track->newest, t);
  }

  // Every work unit mapped to the node (device empty and all_devices) or to one device, dead at
  // `t` (arrival `now`): each one's no_data after its newest sample, ours or the plant's.
  void EmitNoData(Node& n, std::string_view device, bool all_devices, const std::string& label, Timestamp t,
                  Timestamp now, HostActions& out) {
    std::unordered_set<std::string_view> done;
    for (const auto& m : Mappings(n)) {
      if (m.meta.retired || (!all_devices && m.device != device)) continue;
      if (!done.insert(m.work_unit).second) continue;
      UnitTrack* track = Track(m.work_unit);
      Timestamp newest = track->newest;
      if (auto u = PlantUnit(m.work_unit)) newest = Later(newest, u->newest);
      NoData(m.work_unit, track, DeathTime(t, newest, now), label, out);
    }
  }

  // ---- messages ----

  // The node and its devices are dead at `now` (arrival): their units are marked no_data and
  // the node forgets its session.
  void Kill(Node& n, Timestamp now, HostActions& out) {
    Timestamp newest = n.self.newest;
    for (auto& [name, d] : n.devices) newest = Later(newest, d.newest);
    Timestamp t = DeathTime(now, newest, now);
    EmitNoData(n, {}, /*all_devices=*/true, n.self.label, t, now, out);
    n.born = false;
    n.ended = true;
    ResetSeq(n, std::nullopt);
    n.aliases.clear();
    for (Source* s : Sources(n)) {
      s->born = false;
      s->aliases.clear();
      s->newest = Later(s->newest, t);
    }
  }

  static std::vector<Source*> Sources(Node& n) {
    std::vector<Source*> out{&n.self};
    for (auto& [name, d] : n.devices) out.push_back(&d);
    return out;
  }

  void OnNBirth(const Topic& t, const Payload& p, Timestamp now, HostActions& out) {
    Node* n = GetNode(t.group, t.edge_node);
    if (!n) return;
    ++c.births;
    Count(n, &NodeCounters::births);
    auto bdseq = BdSeq(p);
    if (n->born && bdseq != n->bdseq) {
      // A new session without an NDEATH (the Will was lost): the previous session's devices
      // are dead until their DBIRTHs, with the mappings their DATA was read with.
      for (auto& [name, d] : n->devices) {
        if (!d.born) continue;
        Timestamp when = DeathTime(now, d.newest, now);
        EmitNoData(*n, d.device, /*all_devices=*/false, d.label, when, now, out);
        d.newest = Later(d.newest, when);
      }
    }
    n->born = true;
    n->ended = false;
    n->bdseq = bdseq;
    // The session goes to the journal (when it changed), so that a restarted host can judge
    // this session's death.
    if (bdseq && bdseq != n->recorded) {
      out.sessions.push_back({n->self.label, *bdseq});
      n->recorded = bdseq;
    }
    ResetSeq(*n, p.seq);
    LookUp(*n);
    // A new NBIRTH starts the node's session over: devices must be born again (spec 5.x).
    n->aliases.clear();
    for (auto& [name, d] : n->devices) {
      d.born = false;
      d.by_name.clear();
      d.aliases.clear();
    }
    n->self.aliases.clear();
    Birth(*n, n->self, p, now, out);
  }

  void OnDBirth(const Topic& t, const Payload& p, Timestamp now, HostActions& out) {
    Node* n = FindNode(t.group, t.edge_node);
    if (!n || !n->born) {
      ++c.data_before_birth;
      if (!n) n = GetNode(t.group, t.edge_node);
      Count(n, &NodeCounters::data_before_birth);
      RequestRebirth(n, now, out);
      return;
    }
    CheckSeq(*n, p.seq, now);
    if (n->devices.size() >= options.max_devices_per_node && n->devices.find(t.device) == n->devices.end()) {
      ++c.over_limits;
      return;
    }
    ++c.births;
    Count(n, &NodeCounters::births);
    auto [it, inserted] = n->devices.try_emplace(std::string(t.device));
    Source& d = it->second;
    if (inserted) {
      d.device = std::string(t.device);
      d.label = SourceLabel(t.group, t.edge_node, t.device);
    }
    Birth(*n, d, p, now, out);
  }

  void OnData(const Topic& t, const Payload& p, Timestamp now, HostActions& out) {
    ++c.data_messages;
    Node* n = FindNode(t.group, t.edge_node);
    if (!n || !n->born) {
      ++c.data_before_birth;
      if (!n) n = GetNode(t.group, t.edge_node);
      Count(n, &NodeCounters::data_before_birth);
      RequestRebirth(n, now, out);
      return;
    }
    CheckSeq(*n, p.seq, now);
    Source* s = &n->self;
    if (!t.device.empty()) {
      auto it = n->devices.find(t.device);
      s = it == n->devices.end() ? nullptr : &it->second;
    }
    if (!s || !s->born) {
      ++c.data_before_birth;
      Count(n, &NodeCounters::data_before_birth);
      RequestRebirth(n, now, out);
      return;
    }
    bool unknown = false;
    for (const Metric& m : p.metrics) {
      const Binding* b = nullptr;
      if (m.alias) {
        auto it = n->aliases.find(*m.alias);
        if (it == n->aliases.end() || it->second.source != s) {
          unknown = true;
          ++c.unknown_metrics;
          continue;
        }
        if (!it->second.binding) continue;  // conflicting alias, counted at birth
        b = it->second.binding;
      } else {
        auto it = s->by_name.find(std::string_view(m.name));
        if (it == s->by_name.end()) {
          unknown = true;
          ++c.unknown_metrics;
          continue;
        }
        b = &it->second;
      }
      if (b->meanings.empty()) continue;
      // DATA need not repeat the datatype: the birth's says how to read the integer.
      if (!m.datatype && std::holds_alternative<uint64_t>(m.value)) {
        Emit(*b, *s, m, Reinterpret(m.value, b->datatype), SampleTime(m, p, now), /*birth=*/false, out);
      } else {
        Emit(*b, *s, m, m.value, SampleTime(m, p, now), /*birth=*/false, out);
      }
    }
    if (unknown) RequestRebirth(n, now, out);
  }

  // Whether bdSeq `a` is older than `b` (bdSeq counts up by one per connection, mod 256).
  static bool Older(uint64_t a, uint64_t b) {
    uint64_t behind = (b - a) & 255;
    return a != b && behind > 0 && behind < 128;
  }

  void OnNDeath(const Topic& t, const Payload& p, Timestamp now, HostActions& out) {
    Node* n = FindNode(t.group, t.edge_node);
    auto bd = BdSeq(p);
    if (n && n->born) {
      if (bd && n->bdseq && *bd != *n->bdseq) {  // the Will of an older connection
        ++c.stale_deaths;
        return;
      }
    } else if (n && n->ended) {  // already dead in this run: a repeated Will or a stale one
      ++c.stale_deaths;
      return;
    } else {
      // Not born since this host started: the plant's record of the node's last NBIRTH tells an
      // older connection's Will from the death of the session this host saw before it restarted.
      std::optional<uint64_t> recorded =
          plant.session ? plant.session(SourceLabel(t.group, t.edge_node, {})) : std::nullopt;
      if (bd && recorded && Older(*bd, *recorded)) {
        ++c.stale_deaths;
        return;
      }
    }
    if (!n) n = GetNode(t.group, t.edge_node);
    if (!n) return;
    ++c.deaths;
    Count(n, &NodeCounters::deaths);
    bool known = n->born;
    Kill(*n, now, out);
    // A death of a node this host never saw born cannot be checked against the bdSeq of its
    // birth: if it was stale after all, the rebirth restores the live node's states.
    if (!known) RequestRebirth(n, now, out);
  }

  void ConnectionLost(Timestamp now, HostActions& out) {
    for (auto& [key, n] : nodes) {
      if (n.born) Kill(n, now, out);
      n.born = false;
      ResetSeq(n, std::nullopt);
      n.aliases.clear();
      for (Source* s : Sources(n)) {
        s->born = false;
        s->aliases.clear();
      }
      n.last_rebirth.reset();
    }
  }

  void Remap() {
    for (auto& [key, n] : nodes) {
      if (!n.mapped) continue;
      LookUp(n);
      for (Source* s : Sources(n)) {
        if (s->by_name.empty()) continue;
        ByMetric by_metric = Index(n.mappings, s->device);
        for (auto& [name, b] : s->by_name) Resolve(b, name, by_metric);
      }
    }
  }

  void OnDDeath(const Topic& t, const Payload& p, Timestamp now, HostActions& out) {
    Node* n = FindNode(t.group, t.edge_node);
    if (n && !n->born && n->ended) {  // the node's death already marked its devices
      ++c.stale_deaths;
      return;
    }
    // A node not born since this host started (or never seen) is taken at its word: its device
    // died, and the rebirth requested below restores what still runs.
    bool born = n && n->born;
    if (!n) n = GetNode(t.group, t.edge_node);
    if (!n) return;
    if (born) CheckSeq(*n, p.seq, now);
    ++c.deaths;
    Count(n, &NodeCounters::deaths);
    Timestamp when = FromMillis(p.timestamp).value_or(now);
    auto it = n->devices.find(t.device);
    if (it == n->devices.end()) {
      EmitNoData(*n, t.device, /*all_devices=*/false, SourceLabel(t.group, t.edge_node, t.device), when, now, out);
    } else {
      Source& d = it->second;
      RemoveAliases(*n, d);
      d.born = false;
      when = DeathTime(when, d.newest, now);
      EmitNoData(*n, t.device, /*all_devices=*/false, d.label, when, now, out);
      d.newest = Later(d.newest, when);
    }
    if (!born) RequestRebirth(n, now, out);
  }

  // ---- liveness across restarts ----

  bool SourceBorn(const model::SignalMapping& m) {
    Node* n = FindNode(m.group, m.edge_node);
    if (!n || !n->born) return false;
    if (m.device.empty()) return true;
    auto it = n->devices.find(std::string_view(m.device));
    return it != n->devices.end() && it->second.born;
  }

  void Online(const std::vector<model::SignalMapping>& mappings, Timestamp now, HostActions& out) {
    for (const auto& m : mappings) {
      if (m.meta.retired) continue;
      Node* n = FindNode(m.group, m.edge_node);
      if (n && (n->born || (n->last_rebirth && RateLimited(*n, now)))) continue;
      // Only nodes the plant saw born (a recorded session): a new one births by itself.
      if (!plant.session || !plant.session(SourceLabel(m.group, m.edge_node, {}))) continue;
      if (!n) n = GetNode(m.group, m.edge_node);
      if (n) RequestRebirth(n, now, out);
    }
  }

  void Expire(const std::vector<model::SignalMapping>& mappings, Timestamp now, HostActions& out) {
    StringMap<std::string> silent;  // work unit -> the label of a source not born
    for (const auto& m : mappings)
      if (!m.meta.retired && !SourceBorn(m))
        silent.try_emplace(m.work_unit, SourceLabel(m.group, m.edge_node, m.device));
    for (const auto& [unit, label] : silent) {
      UnitTrack* track = Track(unit);
      if (track->newest != kNever) continue;  // heard of in this run: its deaths cover it
      auto u = PlantUnit(unit);
      if (!u || u->no_data_since) continue;  // no readings, or no_data already
      NoData(unit, track, DeathTime(u->newest, u->newest, now), label, out);
      ++c.expired_units;
    }
  }

  void Stop(const std::vector<model::SignalMapping>& mappings, Timestamp now, HostActions& out) {
    for (auto& [key, n] : nodes)
      if (n.born) {
        uint64_t before = out.samples.size();
        Kill(n, now, out);
        c.expired_units += out.samples.size() - before;
      }
    Expire(mappings, now, out);
  }
};

HostSession::HostSession(HostOptions options, MappingLookup lookup, PlantView plant)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(lookup), std::move(plant), counters_)) {}

HostSession::~HostSession() = default;

void HostSession::Feed(std::string_view topic, std::string_view payload, Timestamp now, HostActions& out) {
  ++counters_.messages;
  if (impl_->open_gaps > 0 && now >= impl_->earliest_deadline) impl_->Sweep(now, out);
  Topic t;
  if (!ParseTopic(topic, t)) {
    ++counters_.bad_topics;
    return;
  }
  switch (t.type) {
    case MessageType::kState:
      ++counters_.states;
      // Our own Will (or a stale retained one) says we are offline: say online again (spec
      // tck-id-message-flow-hid-sparkplug-state-message-delivered). Other hosts: not ours.
      if (t.host_id == impl_->options.host_id && SaysOffline(payload)) out.republish_online = true;
      return;
    case MessageType::kNCmd:
    case MessageType::kDCmd:
      ++counters_.commands;
      return;
    default:
      break;
  }
  auto p = DecodePayload(payload);
  if (!p.ok()) {
    ++counters_.decode_errors;
    last_error_ = std::string(topic) + ": " + p.status().message();
    return;
  }
  switch (t.type) {
    case MessageType::kNBirth:
      impl_->OnNBirth(t, *p, now, out);
      break;
    case MessageType::kDBirth:
      impl_->OnDBirth(t, *p, now, out);
      break;
    case MessageType::kNData:
    case MessageType::kDData:
      impl_->OnData(t, *p, now, out);
      break;
    case MessageType::kNDeath:
      impl_->OnNDeath(t, *p, now, out);
      break;
    case MessageType::kDDeath:
      impl_->OnDDeath(t, *p, now, out);
      break;
    default:
      break;
  }
}

void HostSession::ConnectionLost(Timestamp now, HostActions& out) {
  ++counters_.connection_losses;
  impl_->ConnectionLost(now, out);
}

void HostSession::Remap() {
  ++counters_.remaps;
  impl_->Remap();
}

void HostSession::Online(const std::vector<model::SignalMapping>& mappings, Timestamp now, HostActions& out) {
  impl_->Online(mappings, now, out);
}

void HostSession::Expire(const std::vector<model::SignalMapping>& mappings, Timestamp now, HostActions& out) {
  impl_->Expire(mappings, now, out);
}

void HostSession::Stop(const std::vector<model::SignalMapping>& mappings, Timestamp now, HostActions& out) {
  impl_->Stop(mappings, now, out);
}

void HostSession::Tick(Timestamp now, HostActions& out) {
  if (impl_->open_gaps > 0 && now >= impl_->earliest_deadline) impl_->Sweep(now, out);
}

bool HostSession::CopyNodeCounters(std::vector<NodeCounters>& out, size_t limit) const {
  out.clear();
  if (impl_->nodes.size() > limit) return false;
  for (const auto& [key, n] : impl_->nodes) out.push_back(n.counts);
  std::sort(out.begin(), out.end(), [](const NodeCounters& a, const NodeCounters& b) {
    return std::tie(a.group, a.node) < std::tie(b.group, b.node);
  });
  return true;
}

uint64_t HostSession::node_counters_version() const {
  return impl_->node_version;
}

std::optional<Timestamp> HostSession::next_deadline() const {
  if (impl_->open_gaps == 0) return std::nullopt;
  return impl_->earliest_deadline;
}

}  // namespace takt::sparkplug
