#include "connect/sparkplug/mqtt_host.h"

#include <mosquitto.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "core/json.h"
#include "metrics/collect.h"
#include "metrics/metrics.h"
#include "plant/performance/queries.h"

namespace takt::sparkplug {
namespace {

Timestamp Now() {
  return Timestamp{
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count()};
}

std::string StateJson(bool online, int64_t ms) {
  return std::string("{\"online\":") + (online ? "true" : "false") + ",\"timestamp\":" + std::to_string(ms) + "}";
}

bool ParseUint(std::string_view s, uint64_t& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// What the writer thread reports back about submitted batches. Shared with the callbacks so
// that a callback running late never touches a destroyed host.
struct Shared {
  std::mutex mu;
  std::condition_variable cv;
  size_t inflight = 0;
  uint64_t batches_failed = 0;
  uint64_t samples_recorded = 0;
  uint64_t samples_invalid = 0;
  uint64_t samples_refused = 0;
  std::string last_error;
  uint64_t errors = 0;  // grows with each new last_error

  // Runs on the writer thread: must not block.
  void Done(const Result<runtime::Committed>& r, size_t n) {
    int64_t accepted = 0, invalid = 0;
    std::string first_error;
    if (r.ok() && !r->summary.empty()) {
      if (auto v = ParseJson(r->summary); v.ok() && v->is_object()) {
        const auto& o = v->as_object();
        if (auto* a = o.if_contains("accepted"); a && a->is_int64()) accepted = a->as_int64();
        if (auto* i = o.if_contains("invalid"); i && i->is_int64()) invalid = i->as_int64();
        if (auto* e = o.if_contains("first_error"); e && e->is_string()) first_error = std::string(e->as_string());
      }
    } else if (r.ok()) {
      invalid = static_cast<int64_t>(n);  // no event: nothing in the batch was new and valid
    }
    std::lock_guard lk(mu);
    --inflight;
    if (!r.ok()) {
      ++batches_failed;
      samples_refused += n;
      last_error = "batch of " + std::to_string(n) + " samples refused: " + r.status().message();
      ++errors;
    } else {
      samples_recorded += static_cast<uint64_t>(accepted);
      samples_invalid += static_cast<uint64_t>(invalid);
      if (!first_error.empty()) {
        last_error = "sample dropped by the plant: " + first_error;
        ++errors;
      }
    }
    cv.notify_all();
  }
};

}  // namespace

Result<MqttOptions> ParseMqttUrl(std::string_view url) {
  auto bad = [&](const std::string& why) {
    return Status::Invalid("--mqtt " + std::string(url) + ": " + why +
                               " (expected mqtt://HOST[:PORT][?host_id=ID&reorder_timeout_ms=N&session_timeout_ms=N])",
                           "mqtt");
  };
  MqttOptions o;
  std::string_view rest = url;
  if (rest.starts_with("mqtt://")) {
    rest.remove_prefix(7);
  } else if (rest.starts_with("tcp://")) {
    rest.remove_prefix(6);
  } else {
    return bad("unsupported scheme");
  }
  std::string_view query;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  std::string_view port_text;
  if (rest.starts_with("[")) {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) return bad("unclosed [");
    o.host = std::string(rest.substr(1, close - 1));
    rest.remove_prefix(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return bad("expected :PORT after ]");
      port_text = rest.substr(1);
    }
  } else {
    size_t colon = rest.find(':');
    o.host = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) port_text = rest.substr(colon + 1);
  }
  if (o.host.empty()) return bad("missing host");
  if (o.host.find('/') != std::string::npos) return bad("a path is not expected");
  if (!port_text.empty() || rest.find(':') != std::string_view::npos) {
    uint64_t port = 0;
    if (!ParseUint(port_text, port) || port == 0 || port > 65535) return bad("invalid port");
    o.port = static_cast<uint16_t>(port);
  }
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view kv = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = kv.find('=');
    if (eq == std::string_view::npos) return bad("expected KEY=VALUE in the query");
    std::string_view key = kv.substr(0, eq), value = kv.substr(eq + 1);
    if (key == "host_id") {
      // The id is a topic level: spBv1.0/STATE/<host_id>.
      if (value.empty() || value.find_first_of("/+#") != std::string_view::npos) return bad("invalid host_id");
      o.session.host_id = std::string(value);
    } else if (key == "reorder_timeout_ms") {
      uint64_t ms = 0;
      if (!ParseUint(value, ms) || ms > 3600000) return bad("invalid reorder_timeout_ms");
      o.session.reorder_timeout_us = static_cast<int64_t>(ms) * 1000;
    } else if (key == "session_timeout_ms") {
      uint64_t ms = 0;
      if (!ParseUint(value, ms) || ms > 86400000) return bad("invalid session_timeout_ms");
      o.session_timeout_us = static_cast<int64_t>(ms) * 1000;
    } else {
      return bad("unknown parameter '" + std::string(key) + "'");
    }
  }
  return o;
}

std::string FormatStats(const MqttStats& s) {
  const HostCounters& c = s.session;
  std::string out;
  auto add = [&](const char* name, uint64_t v) {
    if (!out.empty()) out += ' ';
    out += name;
    out += ' ';
    out += std::to_string(v);
  };
  add("messages", c.messages);
  add("births", c.births);
  add("data", c.data_messages);
  add("deaths", c.deaths);
  add("samples", c.samples);
  add("recorded", s.samples_recorded);
  add("invalid", s.samples_invalid);
  add("rebirths_requested", c.rebirths_requested);
  add("decode_errors", c.decode_errors);
  add("seq_gaps", c.seq_gaps);
  add("data_before_birth", c.data_before_birth);
  add("unknown_metrics", c.unknown_metrics);
  add("stale_deaths", c.stale_deaths);
  add("expired_units", c.expired_units);
  add("batches_failed", s.batches_failed);
  add("refused", s.samples_refused);
  add("connects", s.connects);
  return out;
}

struct MqttHost::Impl {
  MqttOptions options;
  runtime::Runtime* rt;
  HostSession session;
  mosquitto* mosq = nullptr;
  std::string state_topic;
  std::shared_ptr<Shared> shared = std::make_shared<Shared>();

  std::thread thread;
  std::mutex stop_mu;  // one Stop() at a time
  std::atomic<bool> stopping{false};
  std::mutex sleep_mu;
  std::condition_variable sleep_cv;

  // Network thread only.
  HostActions actions;
  std::vector<plant::performance::Sample> batch;
  std::vector<plant::performance::SourceSession> batch_sessions;
  Timestamp started;
  bool expired = false;  // the session timeout after the start passed
  Timestamp batch_started;
  int64_t state_ts_ms = 0;  // the timestamp of this connection's Will and STATE messages
  int sub_mid = -1;
  int offline_mid = -1;
  bool offline_acked = false;
  bool online = false;
  bool was_connected = false;
  bool attempted = false;
  int64_t backoff_ms = 100;
  Timestamp last_connect_log{INT64_MIN / 2};
  Timestamp last_stats_log;
  Timestamp last_snapshot;
  Timestamp last_remap_check;
  std::pair<size_t, int64_t> mappings_seen;  // MappingsFingerprint() at the last check
  uint64_t logged_errors = 0;
  uint64_t logged_decode_errors = 0;
  Timestamp last_error_log{INT64_MIN / 2};
  uint64_t logged_messages = 0;
  MqttStats mine;  // the network thread's counters

  mutable std::mutex stats_mu;
  MqttStats snapshot;                       // `mine` as of the last copy
  std::vector<NodeCounters> node_snapshot;  // per node, as of the last copy (under stats_mu)
  bool node_metrics = true;                 // false: more nodes than max_metric_nodes
  uint64_t nodes_copied = UINT64_MAX;       // node_counters_version() at the last copy
  Timestamp last_node_copy{INT64_MIN / 2};
  std::shared_ptr<void> metrics_handle;

  // The counters as of the last copy (at most 20 ms old), for /metrics: the network thread
  // counts in plain integers and copies them, so a message costs the scrape nothing.
  void CollectMetrics(metrics::Families& out) const {
    MqttStats s = stats();
    const HostCounters& c = s.session;
    auto counter = [&](const char* name, const char* help, uint64_t v) {
      metrics::AddCounter(out, name, help, static_cast<double>(v));
    };
    counter("takt_sparkplug_messages_total", "MQTT messages received", c.messages);
    counter("takt_sparkplug_births_total", "NBIRTH and DBIRTH messages", c.births);
    counter("takt_sparkplug_deaths_total", "NDEATH and DDEATH messages that counted", c.deaths);
    counter("takt_sparkplug_stale_deaths_total", "Deaths of an older session or of a node already dead",
            c.stale_deaths);
    counter("takt_sparkplug_data_messages_total", "NDATA and DDATA messages", c.data_messages);
    counter("takt_sparkplug_seq_gaps_total", "Messages that arrived ahead of the expected seq", c.seq_gaps);
    counter("takt_sparkplug_reorder_timeouts_total", "Seq gaps not filled within the reorder timeout",
            c.reorder_timeouts);
    counter("takt_sparkplug_rebirth_requests_total", "NCMD rebirth requests sent", c.rebirths_requested);
    counter("takt_sparkplug_rebirths_suppressed_total", "Rebirth requests held back by the rate limit",
            c.rebirths_suppressed);
    counter("takt_sparkplug_data_before_birth_total", "DATA or DDEATH from a node or device with no birth",
            c.data_before_birth);
    counter("takt_sparkplug_unknown_metrics_total", "Metrics (alias or name) not in the births", c.unknown_metrics);
    counter("takt_sparkplug_decode_errors_total", "Payloads that did not decode", c.decode_errors);
    counter("takt_sparkplug_expired_units_total", "Units marked no_data: not reborn after the start, or stopping",
            c.expired_units);
    counter("takt_sparkplug_samples_total", "Samples emitted for the plant", c.samples);
    counter("takt_sparkplug_samples_recorded_total", "Samples accepted by the plant and durable", s.samples_recorded);
    auto& dropped = metrics::AddFamily(out, "takt_sparkplug_samples_dropped_total",
                                       "Samples the plant did not record, by why", prometheus::MetricType::Counter);
    metrics::AddSample(dropped, static_cast<double>(s.samples_invalid), {{"reason", "invalid"}});
    metrics::AddSample(dropped, static_cast<double>(s.samples_refused), {{"reason", "refused"}});
    counter("takt_sparkplug_connects_total", "MQTT sessions established", s.connects);
    counter("takt_sparkplug_connection_losses_total", "MQTT connections lost", s.connection_losses);
    metrics::AddGauge(out, "takt_sparkplug_online", "1 while subscribed with STATE online", s.online ? 1 : 0);
    std::lock_guard lk(stats_mu);
    if (!node_metrics) return;
    static constexpr std::pair<const char*, uint64_t NodeCounters::*> kPerNode[] = {
        {"takt_sparkplug_node_births_total", &NodeCounters::births},
        {"takt_sparkplug_node_deaths_total", &NodeCounters::deaths},
        {"takt_sparkplug_node_seq_gaps_total", &NodeCounters::seq_gaps},
        {"takt_sparkplug_node_rebirth_requests_total", &NodeCounters::rebirths_requested},
        {"takt_sparkplug_node_data_before_birth_total", &NodeCounters::data_before_birth}};
    for (const auto& [name, field] : kPerNode) {
      auto& f = metrics::AddFamily(out, name, "Per edge node (while at most max_metric_nodes are tracked)",
                                   prometheus::MetricType::Counter);
      f.metric.reserve(node_snapshot.size());
      for (const auto& n : node_snapshot)
        metrics::AddSample(f, static_cast<double>(n.*field), {{"group", n.group}, {"node", n.node}});
    }
  }

  Impl(MqttOptions o, runtime::Runtime& r)
      : options(std::move(o)), rt(&r), session(options.session, MakeLookup(r), MakeView(r)), started(Now()) {
    state_topic = "spBv1.0/STATE/" + options.session.host_id;
    if (options.client_id.empty()) options.client_id = "takt-" + options.session.host_id;
    if (!options.log)
      options.log = [](const std::string& line) { std::fprintf(stderr, "takt: mqtt: %s\n", line.c_str()); };
    batch.reserve(options.batch_samples);
    last_stats_log = Now();
    last_remap_check = last_stats_log;
    mappings_seen = MappingsFingerprint();
  }

  // Mappings are read at births and deaths, under the runtime's shared lock.
  static MappingLookup MakeLookup(runtime::Runtime& r) {
    return [rt = &r](std::string_view group, std::string_view node) {
      return rt->Read([&](const plant::Plant& p) {
        std::vector<model::SignalMapping> out;
        for (const auto& [id, m] : p.master_data().signal_mappings) {
          if (!m.meta.retired && m.group == group && m.edge_node == node) out.push_back(m);
        }
        return out;
      });
    };
  }

  // What the plant holds of units and sessions, for judging deaths and births across restarts.
  static PlantView MakeView(runtime::Runtime& r) {
    PlantView v;
    v.unit = [rt = &r](std::string_view unit) {
      return rt->Read([&](const plant::Plant& p) -> std::optional<PlantView::Unit> {
        auto u = plant::performance::ReadingsOf(p.state(), unit);
        if (!u) return std::nullopt;
        return PlantView::Unit{u->newest, u->no_data_since};
      });
    };
    v.session = [rt = &r](std::string_view source) {
      return rt->Read([&](const plant::Plant& p) { return plant::performance::SessionOf(p.state(), source); });
    };
    return v;
  }

  // Every signal mapping of the plant (not retired).
  std::vector<model::SignalMapping> AllMappings() const {
    return rt->Read([](const plant::Plant& p) {
      std::vector<model::SignalMapping> out;
      for (const auto& [id, m] : p.master_data().signal_mappings)
        if (!m.meta.retired) out.push_back(m);
      return out;
    });
  }

  // Cheap and changed by any create, update or retire: the count and the sum of versions.
  std::pair<size_t, int64_t> MappingsFingerprint() const {
    return rt->Read([](const plant::Plant& p) {
      std::pair<size_t, int64_t> f{0, 0};
      for (const auto& [id, m] : p.master_data().signal_mappings) {
        ++f.first;
        f.second += m.meta.version;
      }
      return f;
    });
  }

  void Log(const std::string& line) { options.log(line); }

  void Publish(const std::string& topic, const std::string& payload, int qos, bool retain, int* mid = nullptr) {
    int rc = mosquitto_publish(mosq, mid, topic.c_str(), static_cast<int>(payload.size()), payload.data(), qos, retain);
    if (rc == MOSQ_ERR_SUCCESS) ++mine.published;
  }

  void PublishState(bool up, int* mid = nullptr) { Publish(state_topic, StateJson(up, state_ts_ms), 1, true, mid); }

  // ---- callbacks (network thread, inside mosquitto_loop) ----

  static void OnConnect(mosquitto*, void* self, int rc) { static_cast<Impl*>(self)->Connected(rc); }
  static void OnDisconnect(mosquitto*, void* self, int) { static_cast<Impl*>(self)->online = false; }
  static void OnSubscribe(mosquitto*, void* self, int mid, int, const int*) {
    auto* me = static_cast<Impl*>(self);
    if (mid != me->sub_mid) return;
    // Subscribed first, then online (tck-id-message-flow-phid-sparkplug-subscription).
    me->PublishState(true);
    me->online = true;
    // Nodes that are not born (a restart, a reconnection) are asked to show they are alive.
    Timestamp now = Now();
    me->session.Online(me->AllMappings(), now, me->actions);
    me->Carry(now);
    me->Log("online as Sparkplug host '" + me->options.session.host_id + "' on " + me->options.host + ":" +
            std::to_string(me->options.port));
  }
  static void OnPublish(mosquitto*, void* self, int mid) {
    auto* me = static_cast<Impl*>(self);
    if (mid == me->offline_mid) me->offline_acked = true;
  }
  static void OnMessage(mosquitto*, void* self, const mosquitto_message* m) {
    auto* me = static_cast<Impl*>(self);
    Timestamp now = Now();
    std::string_view payload(static_cast<const char*>(m->payload), m->payload ? static_cast<size_t>(m->payloadlen) : 0);
    me->session.Feed(m->topic ? std::string_view(m->topic) : std::string_view(), payload, now, me->actions);
    me->Carry(now);
  }

  void Connected(int rc) {
    if (rc != 0) {
      Log(std::string("broker refused the connection: ") + mosquitto_connack_string(rc));
      return;
    }
    ++mine.connects;
    was_connected = true;
    backoff_ms = 100;
    mosquitto_subscribe(mosq, &sub_mid, "spBv1.0/#", 1);
  }

  // Carries out what the session asked for.
  void Carry(Timestamp now) {
    if (!actions.samples.empty() || !actions.sessions.empty()) {
      if (batch.empty() && batch_sessions.empty()) batch_started = now;
      for (auto& s : actions.sessions) batch_sessions.push_back(std::move(s));
      for (auto& s : actions.samples) batch.push_back(std::move(s));
      if (batch.size() >= options.batch_samples) Flush();
    }
    for (const Outgoing& o : actions.publish) Publish(o.topic, o.payload, o.qos, o.retain);
    if (actions.republish_online && online) PublishState(true);
    actions.clear();
  }

  // Submits the batch; waits while too many batches are in flight (the backpressure).
  void Flush() {
    if (batch.empty() && batch_sessions.empty()) return;
    {
      std::unique_lock lk(shared->mu);
      shared->cv.wait(lk, [&] { return shared->inflight < options.max_inflight_batches; });
      ++shared->inflight;
    }
    size_t n = batch.size();
    plant::MachineDataCommand cmd;
    cmd.samples = std::move(batch);
    cmd.skip_invalid = true;  // nobody to tell over MQTT: drop the bad sample, keep the rest
    cmd.sessions = std::move(batch_sessions);
    batch_sessions = {};
    batch = {};
    batch.reserve(options.batch_samples);
    ++mine.batches_submitted;
    mine.samples_submitted += n;
    rt->Submit(std::move(cmd), options.actor,
               [sh = shared, n](const Result<runtime::Committed>& r) { sh->Done(r, n); });
  }

  // Clean session (MQTT 3.1.1): a host keeps no broker-side state between connections.
  void Configure() {
    mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_connect_callback_set(mosq, &Impl::OnConnect);
    mosquitto_disconnect_callback_set(mosq, &Impl::OnDisconnect);
    mosquitto_subscribe_callback_set(mosq, &Impl::OnSubscribe);
    mosquitto_publish_callback_set(mosq, &Impl::OnPublish);
    mosquitto_message_callback_set(mosq, &Impl::OnMessage);
  }

  // ---- the loop ----

  int TimeoutMs(Timestamp now) const {
    int64_t us = 100000;
    if (!batch.empty() || !batch_sessions.empty())
      us = std::min(us, batch_started.micros + options.flush_interval_us - now.micros);
    if (auto d = session.next_deadline()) us = std::min(us, d->micros - now.micros);
    return static_cast<int>(std::clamp<int64_t>(us / 1000, 1, 100));
  }

  void Sleep(int64_t ms) {
    std::unique_lock lk(sleep_mu);
    sleep_cv.wait_for(lk, std::chrono::milliseconds(ms), [&] { return stopping.load(); });
  }

  void LostConnection(int rc, Timestamp now) {
    online = false;
    if (was_connected) {
      // What the edges said meanwhile is unknown: every unit goes no_data until rebirths.
      session.ConnectionLost(now, actions);
      Carry(now);
      ++mine.connection_losses;
      Log(std::string("connection lost: ") + mosquitto_strerror(rc) + "; reconnecting");
      was_connected = false;
      last_connect_log = now;
    } else if (now.micros - last_connect_log.micros > 30000000) {
      Log("cannot reach " + options.host + ":" + std::to_string(options.port) + ": " + mosquitto_strerror(rc) +
          "; retrying");
      last_connect_log = now;
    }
    mine.last_error = mosquitto_strerror(rc);
    Sleep(backoff_ms);
    backoff_ms = std::min<int64_t>(backoff_ms * 2, 10000);
  }

  void Housekeeping(Timestamp now) {
    if (now.micros - last_remap_check.micros >= options.remap_interval_us) {
      last_remap_check = now;
      auto seen = MappingsFingerprint();
      if (seen != mappings_seen) {
        mappings_seen = seen;
        session.Remap();
      }
    }
    session.Tick(now, actions);
    if (!expired && options.session_timeout_us > 0 && now.micros - started.micros >= options.session_timeout_us) {
      expired = true;
      uint64_t before = session.counters().expired_units;
      session.Expire(AllMappings(), now, actions);
      if (uint64_t n = session.counters().expired_units - before; n > 0)
        Log(std::to_string(n) +
            " work units no_data after their last reading: their edge node or device was not born "
            "within " +
            std::to_string(options.session_timeout_us / 1000000) + " s of the start");
    }
    Carry(now);
    if ((!batch.empty() || !batch_sessions.empty()) && now.micros - batch_started.micros >= options.flush_interval_us)
      Flush();
    if (now.micros - last_snapshot.micros >= 20000) Snapshot(now);
    if (options.stats_interval_us > 0 && now.micros - last_stats_log.micros >= options.stats_interval_us &&
        session.counters().messages != logged_messages) {
      last_stats_log = now;
      logged_messages = session.counters().messages;
      Log(FormatStats(stats()));
    }
  }

  void Snapshot(Timestamp now) {
    last_snapshot = now;
    mine.session = session.counters();
    mine.online = online;
    if (!session.last_error().empty()) mine.last_error = session.last_error();
    // Per node: only when a node's counter changed, at most once a second (births, deaths and
    // gaps are rare; a flood of DATA before birth is not copied more often).
    bool copy_nodes = session.node_counters_version() != nodes_copied && now.micros - last_node_copy.micros >= 1000000;
    std::vector<NodeCounters> nodes;
    bool nodes_ok = true;
    if (copy_nodes) {
      nodes_ok = session.CopyNodeCounters(nodes, options.max_metric_nodes);
      nodes_copied = session.node_counters_version();
      last_node_copy = now;
    }
    {
      std::lock_guard lk(stats_mu);
      snapshot = mine;
      if (copy_nodes) {
        node_snapshot = std::move(nodes);
        node_metrics = nodes_ok;
      }
    }
    // New errors reach the log at most every 10 s.
    if (now.micros - last_error_log.micros < 10000000) return;
    std::string error;
    uint64_t errors = 0;
    {
      std::lock_guard lk(shared->mu);
      errors = shared->errors;
      error = shared->last_error;
    }
    uint64_t decode_errors = session.counters().decode_errors;
    if (decode_errors != logged_decode_errors) Log(session.last_error());
    if (errors != logged_errors) Log(error);
    if (decode_errors != logged_decode_errors || errors != logged_errors) last_error_log = now;
    logged_decode_errors = decode_errors;
    logged_errors = errors;
  }

  // mosquitto_loop reads one packet per call, after a select(). While messages keep coming,
  // read on without the select (a third of the system calls per message); a read that brings
  // no message (nothing pending, or a control packet) hands back to mosquitto_loop, which also
  // writes and keeps the connection alive. A read error closes the socket, and the next
  // mosquitto_loop reports it.
  void ReadBurst() {
    for (int i = 0; i < 256 && !stopping.load(std::memory_order_relaxed); ++i) {
      uint64_t before = session.counters().messages;
      if (mosquitto_loop_read(mosq, 1) != MOSQ_ERR_SUCCESS) return;
      if (session.counters().messages == before) return;
    }
  }

  void Run() {
    bool need_connect = true;
    while (!stopping.load()) {
      Timestamp now = Now();
      if (need_connect) {
        // A fresh client for each connection: libmosquitto would otherwise resend the QoS 1
        // messages the old connection left unacknowledged, such as a STATE with the old
        // connection's timestamp.
        if (attempted) {
          mosquitto_reinitialise(mosq, options.client_id.c_str(), true, this);
          Configure();
        }
        attempted = true;
        // A new timestamp for each connection, in the Will and in the STATE that follows.
        state_ts_ms = now.micros / 1000;
        std::string will = StateJson(false, state_ts_ms);
        mosquitto_will_set(mosq, state_topic.c_str(), static_cast<int>(will.size()), will.data(), 1, true);
        // Asynchronous: the TCP handshake completes inside mosquitto_loop, so a broker that
        // does not answer never keeps this thread from seeing `stopping`.
        int rc = mosquitto_connect_async(mosq, options.host.c_str(), options.port, options.keepalive_s);
        if (rc != MOSQ_ERR_SUCCESS) {
          LostConnection(rc, now);
          Housekeeping(Now());
          continue;
        }
        need_connect = false;
      }
      int rc = mosquitto_loop(mosq, TimeoutMs(now), 1);
      if (rc == MOSQ_ERR_SUCCESS) ReadBurst();
      if (rc != MOSQ_ERR_SUCCESS) {
        need_connect = true;
        LostConnection(rc, Now());
      }
      Housekeeping(Now());
    }
    Shutdown();
  }

  void Shutdown() {
    Flush();
    if (online) {
      // Offline with this connection's timestamp, before DISCONNECT (which cancels the Will).
      // `online` goes first, so our own offline STATE coming back is not answered.
      online = false;
      offline_acked = false;
      PublishState(false, &offline_mid);
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
      while (!offline_acked && std::chrono::steady_clock::now() < deadline) {
        if (mosquitto_loop(mosq, 50, 1) != MOSQ_ERR_SUCCESS) break;
      }
    }
    mosquitto_disconnect(mosq);
    mosquitto_loop(mosq, 10, 1);
    // The loops above may have read more messages: their samples go too. Then no edge is
    // watched any more: every mapped unit goes no_data (the next start's rebirths restore them).
    Carry(Now());
    Timestamp now = Now();
    session.Stop(AllMappings(), now, actions);
    Carry(now);
    Flush();
    // The runtime finishes every queued command; bounded anyway, so shutdown cannot hang.
    {
      std::unique_lock lk(shared->mu);
      if (!shared->cv.wait_for(lk, std::chrono::seconds(30), [&] { return shared->inflight == 0; }))
        Log("gave up waiting for " + std::to_string(shared->inflight) + " batches");
    }
    Snapshot(Now());
    Log("stopped: " + FormatStats(stats()));
  }

  MqttStats stats() const {
    MqttStats s;
    {
      std::lock_guard lk(stats_mu);
      s = snapshot;
    }
    std::lock_guard lk(shared->mu);
    s.batches_failed = shared->batches_failed;
    s.samples_recorded = shared->samples_recorded;
    s.samples_invalid = shared->samples_invalid;
    s.samples_refused = shared->samples_refused;
    if (!shared->last_error.empty() && s.last_error.empty()) s.last_error = shared->last_error;
    return s;
  }
};

MqttHost::MqttHost(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<MqttHost>> MqttHost::Start(MqttOptions options, runtime::Runtime& rt) {
  static std::once_flag init;
  std::call_once(init, [] { mosquitto_lib_init(); });
  if (options.session.host_id.empty() || options.session.host_id.find_first_of("/+#") != std::string::npos)
    return Status::Invalid("invalid Sparkplug host id '" + options.session.host_id + "'", "mqtt");
  if (options.batch_samples == 0 || options.max_inflight_batches == 0)
    return Status::Invalid("batch size and batches in flight must be positive", "mqtt");
  auto impl = std::make_unique<Impl>(std::move(options), rt);
  impl->mosq = mosquitto_new(impl->options.client_id.c_str(), true, impl.get());
  if (!impl->mosq) return Status::Internal("mosquitto_new failed");
  impl->Configure();
  Impl* raw = impl.get();
  if (raw->options.metrics)
    raw->metrics_handle = raw->options.metrics->Add(
        std::make_shared<metrics::Computed>([raw](metrics::Families& out) { raw->CollectMetrics(out); }));
  raw->thread = std::thread([raw] { raw->Run(); });
  return std::unique_ptr<MqttHost>(new MqttHost(std::move(impl)));
}

void MqttHost::Stop() {
  if (!impl_) return;
  std::lock_guard stop(impl_->stop_mu);
  if (!impl_->thread.joinable()) return;
  {
    std::lock_guard lk(impl_->sleep_mu);
    impl_->stopping = true;
  }
  impl_->sleep_cv.notify_all();
  impl_->thread.join();
}

MqttHost::~MqttHost() {
  if (impl_) impl_->metrics_handle.reset();
  Stop();
  if (impl_ && impl_->mosq) mosquitto_destroy(impl_->mosq);
}

MqttStats MqttHost::stats() const {
  return impl_->stats();
}

}  // namespace takt::sparkplug
