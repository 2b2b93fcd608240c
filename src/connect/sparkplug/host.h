// The Sparkplug B host application's session logic (spec chapter 5), with no I/O and no clock:
// the MQTT side (mqtt_host.h) feeds it every message it receives, with the time of arrival, and
// carries out what it returns. It turns births and DATA into plant samples through the plant's
// signal mappings, keeps each edge node's seq, bdSeq and aliases, and asks for rebirths.
//
// Decisions (why):
// - Out-of-order and repeated seq values are processed, not dropped: each sample carries its own
//   time, the plant orders per unit, and real devices repeat seq (spec: a time-series host "may
//   want to insert all data that arrives regardless of the message order").
// - Samples carry `source` = SourceLabel(group, node, device) and no `seq`. Sparkplug DATA is
//   QoS 0 (no redelivery), and a counter derived from seq wraps could not be rebuilt after this
//   host restarts (it would restart below what the plant has seen and make it skip fresh data).
// - Births emit their current values (state, counter readings, process values) but not the
//   value of an increment metric (`cumulative` false), which would count twice.
// - A death marks `no_data` every work unit that has any mapping on the dead node or device, so
//   is the loss of the broker (ConnectionLost: every born node), and so is a new NBIRTH without
//   an NDEATH (another bdSeq: the Will was lost) for the devices of the previous session.
// - Death times: an NDEATH's own timestamp is the edge's CONNECT time (the Will is fixed then),
//   so it uses the arrival time; a DDEATH uses its payload time. Each unit's no_data is moved
//   after its newest sample, emitted here or held by the plant (+1 µs; capped at `max_ahead_us`
//   past arrival, which the plant would refuse), so an edge clock running ahead never leaves a
//   dead unit "running". A birth's states are put after the unit's last no_data (+1 µs; this
//   run's or the plant's), so a rebirth that reports when values last changed is never ordered
//   before the death.
// - What survives a restart of Takt is the plant: the units' newest readings and current states,
//   and the bdSeq of each node's last NBIRTH (recorded as a SourceSession when it changes). So:
//   an NDEATH for a node not born since this host started counts unless its bdSeq is older than
//   the recorded one (a stale Will); a DDEATH for it counts. Units whose node or device is not
//   born within a timeout after the start (Expire), and at a graceful stop (Stop) every unit still
//   live, are marked no_data: after their newest reading where this run never heard of them.
// - Going online (Online) asks every mapped node that is not born, and was born before, for a
//   rebirth, so quiet nodes are confirmed alive well within the timeout.
// - Mappings are looked up per edge node at its NBIRTH (or its first death) and by Remap();
//   DBIRTH, DATA and deaths all use that node's copy, so they always agree.
// - A seq gap that the reorder timeout does not close asks for a rebirth; inside the per-node
//   rate limit the gap stays open and asks again when the limit allows.
// - Historical metrics (store and forward) are ingested like live ones, at their own times; the
//   plant refuses what is older than its late window.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "model/machine.h"
#include "plant/performance/sample.h"

namespace takt::sparkplug {

// Every (not retired) mapping of one edge node: its own metrics (device empty) and its
// devices'. Called at NBIRTH, at the first death of a node never born, and by Remap(); never
// per DATA message.
using MappingLookup =
    std::function<std::vector<model::SignalMapping>(std::string_view group, std::string_view edge_node)>;

struct HostOptions {
  std::string host_id = "takt";           // this host's STATE id
  int64_t reorder_timeout_us = 2000000;   // spec "Reorder Timeout": a seq gap older than this asks a rebirth
  int64_t rebirth_interval_us = 5000000;  // at most one rebirth request per edge node per interval
  size_t max_edge_nodes = 100000;         // nodes tracked; beyond, unknown nodes are counted, not kept
  size_t max_devices_per_node = 10000;    // devices per node; beyond, their DBIRTHs are counted, not kept
  int64_t max_ahead_us = 300000000;       // the plant refuses readings this far ahead of arrival
};

// Sample::source for a node (device empty) or a device: "spb:group/node[/device]" when it has
// at most kMaxSourceLength bytes (the plant's limit), else a prefix of it (cut on a UTF-8
// character boundary), '~' and 16 hex digits of a 64-bit FNV-1a hash of the whole label.
inline constexpr size_t kMaxSourceLength = 128;
std::string SourceLabel(std::string_view group, std::string_view node, std::string_view device);

struct Outgoing {
  std::string topic;
  std::string payload;
  int qos = 0;
  bool retain = false;
};

struct HostActions {
  std::vector<plant::performance::Sample> samples;          // for plant::MachineDataCommand
  std::vector<plant::performance::SourceSession> sessions;  // NBIRTH bdSeqs, recorded before the samples
  std::vector<Outgoing> publish;                            // NCMD rebirth requests
  bool republish_online = false;                            // our own STATE was seen offline: publish online again
  void clear() {
    samples.clear();
    sessions.clear();
    publish.clear();
    republish_online = false;
  }
};

// What the plant holds, for judging what happened while this host was not running. Either
// function may be empty (nothing is known). Called on the session's thread, at births, deaths,
// Expire and Stop; never per DATA message.
struct PlantView {
  struct Unit {
    Timestamp newest;                        // its newest reading of any kind
    std::optional<Timestamp> no_data_since;  // set while its state is no_data
  };
  std::function<std::optional<Unit>(std::string_view work_unit)> unit;
  std::function<std::optional<uint64_t>(std::string_view source)> session;  // the last recorded bdSeq
};

struct HostCounters {
  uint64_t messages = 0;       // every message fed
  uint64_t decode_errors = 0;  // payloads refused by DecodePayload
  uint64_t bad_topics = 0;     // not spBv1.0/group/TYPE/node[/device]
  uint64_t over_limits = 0;    // nodes or devices beyond the HostOptions limits, ignored
  uint64_t births = 0;         // NBIRTH and DBIRTH
  uint64_t data_messages = 0;  // NDATA and DDATA
  uint64_t deaths = 0;         // valid NDEATH and DDEATH
  uint64_t stale_deaths = 0;   // NDEATH with another bdSeq than the node's birth, or for a dead node
  uint64_t samples = 0;        // samples emitted
  uint64_t rebirths_requested = 0;
  uint64_t rebirths_suppressed = 0;  // wanted but inside the rate limit
  uint64_t seq_gaps = 0;             // messages that arrived ahead of the expected seq
  uint64_t reorder_timeouts = 0;     // gaps not filled in time
  uint64_t reordered = 0;            // late messages that filled a gap
  uint64_t duplicate_seq = 0;        // a seq seen again that no gap was waiting for
  uint64_t bad_seq = 0;              // missing or above 255 where required
  uint64_t data_before_birth = 0;    // DATA (or DDEATH) from a node or device with no birth on record
  uint64_t unknown_metrics = 0;      // alias or name not in the births
  uint64_t alias_conflicts = 0;      // one alias for two metrics in births; that alias is ignored
  uint64_t null_values = 0;
  uint64_t bad_values = 0;         // a mapped metric whose value cannot mean its signal (a text count)
  uint64_t commands = 0;           // NCMD/DCMD seen (ours and other hosts')
  uint64_t states = 0;             // STATE messages seen
  uint64_t connection_losses = 0;  // ConnectionLost calls
  uint64_t remaps = 0;             // Remap calls
  uint64_t expired_units = 0;      // marked no_data by Expire or Stop (not born since the start, or stopping)
};

// The counters of one edge node (metrics per node).
struct NodeCounters {
  std::string group, node;
  uint64_t births = 0;  // its NBIRTHs and DBIRTHs
  uint64_t deaths = 0;  // NDEATHs and DDEATHs that counted
  uint64_t seq_gaps = 0;
  uint64_t rebirths_requested = 0;
  uint64_t data_before_birth = 0;
};

// Threads: none of its own; one thread at a time (the MQTT network thread).
class HostSession {
 public:
  HostSession(HostOptions options, MappingLookup lookup, PlantView plant = {});
  ~HostSession();
  HostSession(const HostSession&) = delete;
  HostSession& operator=(const HostSession&) = delete;

  // Handles one MQTT message that arrived at `now`; appends what it yields to `out`. Any bytes
  // on any topic are accepted: what is not Sparkplug is counted and ignored. Also runs the
  // reorder timeouts that expired by `now`.
  void Feed(std::string_view topic, std::string_view payload, Timestamp now, HostActions& out);

  // Runs the reorder timeouts that expired by `now`. Call it every few hundred ms when idle.
  void Tick(Timestamp now, HostActions& out);

  // The MQTT connection to the broker is lost at `now`: whatever the edges said meanwhile is
  // unknown. Every born node and device is marked `no_data` (as by a death) and every node is
  // reset (unborn, seq unknown, aliases cleared, rate limit cleared), so the first DATA after
  // resubscribing asks for a rebirth.
  void ConnectionLost(Timestamp now, HostActions& out);

  // The plant's signal mappings changed: looks them up again for every node seen born and
  // re-resolves its births' metrics (by name). Emits nothing; the next DATA uses them.
  void Remap();

  // Subscribed and online at `now`: asks every node that `mappings` (all of the plant's) name,
  // that is not born and that the plant saw born before (a recorded session) for a rebirth
  // (within the rate limit).
  void Online(const std::vector<model::SignalMapping>& mappings, Timestamp now, HostActions& out);

  // The timeout after the start passed: every work unit with a mapping on a node or device not
  // born since, of which this session emitted nothing, is marked no_data just after its newest
  // reading in the plant (if it has one and is not no_data already).
  void Expire(const std::vector<model::SignalMapping>& mappings, Timestamp now, HostActions& out);

  // Takt stops at `now`: every born node dies (as by an NDEATH), then Expire. Leaves every
  // mapped unit no_data; the session is of no further use.
  void Stop(const std::vector<model::SignalMapping>& mappings, Timestamp now, HostActions& out);

  // The earliest pending reorder (or rate-limited rebirth) deadline, for the caller's wait; nullopt when none.
  std::optional<Timestamp> next_deadline() const;

  const HostCounters& counters() const { return counters_; }

  // Every tracked node's counters, ordered by group and node, if at most `limit` nodes are
  // tracked; otherwise false and `out` is cleared. node_counters_version() changes whenever
  // one of those counters does (copy only then).
  bool CopyNodeCounters(std::vector<NodeCounters>& out, size_t limit) const;
  uint64_t node_counters_version() const;
  // The newest decode error with its topic, for logs; empty when none.
  const std::string& last_error() const { return last_error_; }

 private:
  struct Impl;
  HostCounters counters_;
  std::string last_error_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace takt::sparkplug
