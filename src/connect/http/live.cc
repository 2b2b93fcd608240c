#include "connect/http/live.h"

#include <atomic>
#include <set>

#include "connect/http/live_events.h"
#include "plant/performance/queries.h"
#include "plant/production/work_order.h"
#include "runtime/runtime.h"

namespace takt::http {

class LiveStream final : public EventStream {
 public:
  LiveStream(std::string equipment, std::vector<std::string> units)
      : equipment_(std::move(equipment)), units_(units.begin(), units.end()) {}

  void Start(std::function<bool(std::string)> send) override {
    std::lock_guard l(mu_);
    send_ = std::move(send);
  }

  // Writes one event, its data as described in live_events.h; false once the client is gone.
  bool Send(std::string_view event, const std::string& data) {
    std::lock_guard l(mu_);
    if (!send_) return alive_;  // headers not out yet: nothing to send to
    std::string text = "event: " + std::string(event) + "\ndata: " + data + "\n\n";
    alive_ = send_(std::move(text));
    return alive_;
  }
  bool Heartbeat() {
    std::lock_guard l(mu_);
    if (send_) alive_ = send_(": heartbeat\n\n");
    return alive_;
  }
  bool Watches(const std::string& unit) const { return units_.count(unit) > 0; }
  const std::string& equipment() const { return equipment_; }

 private:
  std::string equipment_;
  std::set<std::string, std::less<>> units_;
  std::mutex mu_;
  std::function<bool(std::string)> send_;
  bool alive_ = true;
};

LiveHub::LiveHub(runtime::Runtime& rt, std::chrono::milliseconds kpi_every) : rt_(rt), kpi_every_(kpi_every) {
  rt_.SetCommitListener([this](const std::vector<Event>& events) { OnCommit(events); });
  ticker_ = std::thread([this] { Tick(); });
}

LiveHub::~LiveHub() {
  rt_.SetCommitListener(nullptr);
  {
    std::lock_guard l(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  ticker_.join();
}

Result<std::shared_ptr<EventStream>> LiveHub::Open(const std::string& equipment) {
  auto units = rt_.Read([&](const plant::Plant& p) -> Result<std::vector<std::string>> {
    if (!p.master_data().equipment.count(equipment))
      return Status::NotFound("no equipment '" + equipment + "'", "equipment");
    return plant::performance::UnitsUnder(p.master_data(), equipment);
  });
  if (!units.ok()) return units.status();
  auto s = std::make_shared<LiveStream>(equipment, std::move(units).value());
  std::lock_guard l(mu_);
  streams_.push_back(s);
  cv_.notify_all();  // a new stream gets its first KPIs at once
  return std::shared_ptr<EventStream>(s);
}

std::vector<std::shared_ptr<LiveStream>> LiveHub::Streams() {
  std::lock_guard l(mu_);
  std::vector<std::shared_ptr<LiveStream>> out;
  std::erase_if(streams_, [&](const std::weak_ptr<LiveStream>& w) {
    auto s = w.lock();
    if (!s) return true;  // its connection closed
    out.push_back(std::move(s));
    return false;
  });
  return out;
}

namespace {

bool IsOperationEvent(std::string_view type) {
  return type == "operation.started" || type == "operation.paused" || type == "operation.resumed" ||
         type == "operation.reported" || type == "operation.completed";
}

// The operation events of a committed group, as the plant stands after it (the writer calls the
// listener before its next group, so what the events changed is what a read sees).
std::vector<LiveOperation> OperationEvents(runtime::Runtime& rt, const std::vector<Event>& events) {
  std::vector<std::pair<const Event*, json::value>> ops;
  for (const Event& e : events) {
    if (!IsOperationEvent(e.type)) continue;
    auto p = ParseJson(e.payload);
    if (p.ok() && p->is_object()) ops.emplace_back(&e, std::move(p).value());
  }
  if (ops.empty()) return {};
  return rt.Read([&](const plant::Plant& plant) {
    std::vector<LiveOperation> out;
    for (const auto& [e, payload] : ops) {
      const json::object& o = payload.get_object();
      LiveOperation m{.order = std::string(o.at("order").as_string()),
                      .operation = std::string(o.at("operation").as_string()),
                      .event = e->type.substr(e->type.find('.') + 1),
                      .time = e->time};
      const plant::production::WorkOrder* wo = plant.state().prod.Find(m.order);
      if (!wo) continue;
      auto i = plant::production::OperationIndex(*wo, m.operation);
      if (!i) continue;
      const auto& op = wo->operations[*i];
      m.work_unit = op.work_unit;
      // The status this event left (a later event of the group may have moved it on).
      m.status = m.event == "paused" ? "paused" : m.event == "completed" ? "completed" : "running";
      if (m.event == "reported") m.status = plant::production::OpStatusName(op.status);
      m.product = wo->product;
      m.quantity = wo->quantity.ToDouble();
      m.uom = wo->uom;
      m.good = op.good.ToDouble();
      m.scrap = op.scrap.ToDouble();
      out.push_back(std::move(m));
    }
    return out;
  });
}

}  // namespace

void LiveHub::OnCommit(const std::vector<Event>& events) {
  std::vector<std::shared_ptr<LiveStream>> streams;
  bool operations = false;
  for (const Event& e : events) {
    if (IsOperationEvent(e.type)) operations = true;
    if (e.type != "machine_data.recorded" && e.type != "stop.classified") continue;
    if (streams.empty()) streams = Streams();
    if (streams.empty()) return;  // nobody listens: no parsing on the writer thread
    auto p = ParseJson(e.payload);
    if (!p.ok() || !p->is_object()) continue;
    const json::object& o = p->get_object();
    auto str = [](const json::value& v) { return std::string(v.as_string()); };
    if (e.type == "stop.classified") {
      LiveStopClassified msg{str(o.at("work_unit")), *ParseIso8601(o.at("start").as_string()), str(o.at("reason")),
                             str(o.at("comment"))};
      std::string data = Serialize(contract::Encode(msg));
      for (auto& s : streams)
        if (s->Watches(msg.work_unit)) s->Send("stop_classified", data);
      continue;
    }
    const json::array& units = o.at("units").as_array();
    const json::array& strings = o.at("strings").as_array();
    for (const json::value& row : o.at("samples").as_array()) {
      const json::array& a = row.as_array();
      if (a.at(2).as_int64() != static_cast<int64_t>(plant::performance::SampleKind::kState)) continue;
      LiveState msg{str(units.at(a.at(0).as_int64())), Timestamp{a.at(1).as_int64()},
                    str(strings.at(a.at(3).as_int64()))};
      int64_t reason = a.at(4).as_int64();
      if (reason >= 0) msg.machine_code = str(strings.at(reason));
      std::string data = Serialize(contract::Encode(msg));
      for (auto& s : streams)
        if (s->Watches(msg.work_unit)) s->Send("state", data);
    }
  }
  if (!operations) return;
  if (streams.empty()) streams = Streams();
  if (streams.empty()) return;
  for (const LiveOperation& msg : OperationEvents(rt_, events)) {
    std::string data = Serialize(contract::Encode(msg));
    for (auto& s : streams)
      if (s->Watches(msg.work_unit)) s->Send("operation", data);
  }
}

void LiveHub::Tick() {
  std::unique_lock l(mu_);
  size_t seen = 0;
  while (!stopping_) {
    // Wake on the period, or early when a stream opens, so it need not wait for its first KPIs.
    cv_.wait_for(l, kpi_every_, [&] { return stopping_ || streams_.size() != seen; });
    if (stopping_) break;
    l.unlock();
    auto streams = Streams();
    Timestamp now = Now();
    for (auto& s : streams) {
      if (!s->Heartbeat()) continue;
      auto kpi = rt_.Read([&](const plant::Plant& p) -> Result<LiveKpi> {
        auto w = plant::performance::NamedWindow(p.state(), s->equipment(), "shift", now);
        if (!w.ok()) w = plant::performance::NamedWindow(p.state(), s->equipment(), "day", now);
        if (!w.ok()) return w.status();
        auto k = plant::performance::Kpi(p.state(), s->equipment(), w->first, w->second, now);
        if (!k.ok()) return k.status();
        return LiveKpi{s->equipment(), k->window, std::move(k->kpi), k->time_s, k->counts};
      });
      if (kpi.ok()) s->Send("kpi", Serialize(contract::Encode(*kpi)));
    }
    l.lock();
    seen = streams_.size();
  }
}

}  // namespace takt::http
