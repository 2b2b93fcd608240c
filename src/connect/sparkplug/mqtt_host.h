// The Sparkplug B host application over MQTT (libmosquitto, MQTT 3.1.1, clean session): it
// registers its STATE Will, says online, subscribes to spBv1.0/#, feeds every message to a
// HostSession on its network thread, publishes the session's rebirth requests, and hands the
// samples to the runtime as plant::MachineDataCommand batches (actor "sparkplug").
//
// Delivery: Sparkplug DATA is QoS 0, so what the broker drops (a slow host, a disconnect) is
// lost; the seq check notices and asks for a rebirth, which restores states and counter
// readings. Batches are bounded in flight: when the writer falls behind, the network thread
// stops reading and TCP pushes back on the broker. Losing the broker marks every unit of a born
// node no_data (HostSession::ConnectionLost); the rebirths after reconnecting restore them.
//
// Mapping changes: every `remap_interval_us` the network thread compares a fingerprint of the
// plant's signal mappings (count, sum of versions) and, when it changed, re-resolves every
// node's births (HostSession::Remap).
//
// Liveness across restarts: online, it asks every mapped node that is not born for a rebirth;
// `session_timeout_us` after the start, units whose node or device is still not born go no_data
// after their newest reading (HostSession::Expire: a node that died while Takt was down, or
// while it was killed); Stop() marks every mapped unit no_data (HostSession::Stop).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "connect/sparkplug/host.h"
#include "core/status.h"
#include "runtime/runtime.h"

namespace takt::sparkplug {

struct MqttOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 1883;
  std::string client_id;  // default "takt-" + host_id
  int keepalive_s = 30;
  HostOptions session;                     // host_id (default "takt"), reorder timeout, rebirth rate limit
  size_t batch_samples = 4096;             // a batch is submitted when it holds this many samples...
  int64_t flush_interval_us = 5000;        // ...or when its oldest sample waited this long
  size_t max_inflight_batches = 16;        // submitted and not yet durable; beyond, reading pauses
  int64_t stats_interval_us = 60000000;    // a counters line in the log this often when busy (0: never)
  int64_t remap_interval_us = 2000000;     // how often the signal mappings are checked for changes
  int64_t session_timeout_us = 120000000;  // nodes not born this long after the start are dead (0: never)
  std::string actor = "sparkplug";
  std::function<void(const std::string&)> log;  // default: one line to stderr
  metrics::Registry* metrics = nullptr;         // where its counters are scraped; must outlive the host
  size_t max_metric_nodes = 1000;               // counters per edge node up to this many nodes, else totals only
};

// "mqtt://HOST[:PORT][?host_id=ID&reorder_timeout_ms=N&session_timeout_ms=N]" (also tcp://;
// HOST may be [v6]).
// kInvalidArgument with field "mqtt" when malformed. A host_id may not contain / + or #.
Result<MqttOptions> ParseMqttUrl(std::string_view url);

struct MqttStats {
  HostCounters session;
  uint64_t connects = 0;  // MQTT sessions established (CONNACK accepted)
  uint64_t connection_losses = 0;
  uint64_t published = 0;  // NCMDs and STATE messages sent
  uint64_t batches_submitted = 0;
  uint64_t batches_failed = 0;  // refused as a whole by the runtime
  uint64_t samples_submitted = 0;
  uint64_t samples_recorded = 0;  // accepted by the plant and durable
  uint64_t samples_invalid = 0;   // dropped by the plant (skip_invalid): unknown unit, state...
  uint64_t samples_refused = 0;   // in batches refused as a whole (all invalid, or a failed write)
  bool online = false;            // subscribed and STATE online published
  std::string last_error;         // newest decode, batch or connection error
};

class MqttHost {
 public:
  // Starts the network thread, which connects (retrying with backoff while the broker is
  // unreachable). Requires: `rt` outlives the MqttHost.
  static Result<std::unique_ptr<MqttHost>> Start(MqttOptions options, runtime::Runtime& rt);

  // Stop()s.
  ~MqttHost();

  // Publishes STATE online=false (QoS 1, retained) and disconnects, submits every sample read
  // until then, and waits (bounded) for the batches in flight. Returns within about 2 s plus
  // that wait, even while a connection attempt is unanswered. Threads: any, also several at
  // once (the others wait until it is stopped); idempotent. Not from the log callback.
  void Stop();

  // A consistent copy of the counters. Threads: any.
  MqttStats stats() const;

  struct Impl;

 private:
  explicit MqttHost(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// "messages 12 samples 30 recorded 30 invalid 0 rebirths 1 decode_errors 0 ...": for logs.
std::string FormatStats(const MqttStats& s);

}  // namespace takt::sparkplug
