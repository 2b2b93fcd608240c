// The host session's test fixture: terse payload builders, the plant's mappings as a plain
// vector, and a session fed by topic and bytes.
#pragma once

#include <gtest/gtest.h>

#include <map>

#include "connect/sparkplug/host.h"
#include "connect/sparkplug/payload.h"

namespace takt::sparkplug::spbtest {

using plant::performance::kNoDataState;
using plant::performance::Sample;
using plant::performance::SampleKind;

inline constexpr int64_t kT0 = 1700000000000;  // ms
inline Timestamp Ms(int64_t ms) {
  return Timestamp{ms * 1000};
}

// Builds payloads tersely: Msg().Seq(1).Metric("x", 3, DataType::kInt32, int64_t{6}).Bytes().
struct Msg {
  Payload p;
  explicit Msg(std::optional<uint64_t> ts = kT0) { p.timestamp = ts; }
  Msg& Seq(uint64_t s) {
    p.seq = s;
    return *this;
  }
  Msg& Add(std::string name, std::optional<uint64_t> alias, std::optional<DataType> dt, Value v,
           std::optional<uint64_t> ts = std::nullopt) {
    Metric& m = p.metrics.emplace_back();
    m.name = std::move(name);
    m.alias = alias;
    if (dt) m.datatype = static_cast<uint32_t>(*dt);
    m.timestamp = ts;
    m.value = std::move(v);
    m.is_null = std::holds_alternative<std::monostate>(m.value);
    return *this;
  }
  // DATA by alias, no name, no datatype (as the spec recommends).
  Msg& Alias(uint64_t alias, Value v, std::optional<uint64_t> ts = std::nullopt) {
    return Add("", alias, std::nullopt, std::move(v), ts);
  }
  std::string Bytes() const { return EncodePayload(p); }
};

inline model::SignalMapping Map(std::string device, std::string metric, std::string unit, model::Signal signal,
                                bool cumulative = true, std::string name = "") {
  model::SignalMapping m;
  m.meta.id = unit + "-" + metric;
  m.group = "G";
  m.edge_node = "N";
  m.device = std::move(device);
  m.metric = std::move(metric);
  m.work_unit = std::move(unit);
  m.signal = signal;
  m.cumulative = cumulative;
  m.name = std::move(name);
  return m;
}

class HostSessionTest : public ::testing::Test {
 protected:
  HostSessionTest() {
    mappings_ = {
        Map("", "Line/State", "LINE-1", model::Signal::kState),
        Map("Filler", "PackML/StateCurrent", "FILLER-1", model::Signal::kState),
        Map("Filler", "Counters/Produced", "FILLER-1", model::Signal::kTotal),
        Map("Filler", "Counters/Rejected", "FILLER-1", model::Signal::kReject),
        Map("Filler", "Counters/GoodDelta", "FILLER-1", model::Signal::kGood, /*cumulative=*/false),
        Map("Filler", "Speed/Actual", "FILLER-1", model::Signal::kProcessValue, true, "speed"),
        Map("Filler", "Temp", "FILLER-1", model::Signal::kProcessValue),
        Map("Capper", "State", "CAPPER-1", model::Signal::kState),
    };
    Reset();
  }

  // A new session (a restarted host): the plant's view is `plant_units_` and `plant_sessions_`.
  void Reset(HostOptions options = {}) {
    options.host_id = "takt-test";
    PlantView view;
    view.unit = [this](std::string_view unit) -> std::optional<PlantView::Unit> {
      auto it = plant_units_.find(std::string(unit));
      if (it == plant_units_.end()) return std::nullopt;
      return it->second;
    };
    view.session = [this](std::string_view source) -> std::optional<uint64_t> {
      auto it = plant_sessions_.find(std::string(source));
      if (it == plant_sessions_.end()) return std::nullopt;
      return it->second;
    };
    session_ = std::make_unique<HostSession>(
        options,
        [this](std::string_view group, std::string_view node) {
          ++lookups_;
          std::vector<model::SignalMapping> out;
          for (const auto& m : mappings_)
            if (m.group == group && m.edge_node == node) out.push_back(m);
          return out;
        },
        view);
  }

  HostActions Feed(const std::string& topic, const std::string& bytes, Timestamp now = Ms(kT0)) {
    HostActions out;
    session_->Feed(topic, bytes, now, out);
    return out;
  }

  std::string NBirth(uint64_t bdseq = 7, uint64_t seq = 0) {
    return Msg()
        .Seq(seq)
        .Add("bdSeq", std::nullopt, DataType::kInt64, int64_t(bdseq))
        .Add("Node Control/Rebirth", std::nullopt, DataType::kBoolean, false)
        .Add("Line/State", 2, DataType::kInt32, int64_t{6})
        .Bytes();
  }
  std::string DBirthFiller(uint64_t seq = 1) {
    return Msg(kT0 + 100)
        .Seq(seq)
        .Add("PackML/StateCurrent", 10, DataType::kInt32, int64_t{6})
        .Add("Counters/Produced", 11, DataType::kUInt64, uint64_t{5000})
        .Add("Counters/Rejected", 12, DataType::kUInt64, uint64_t{12})
        .Add("Counters/GoodDelta", 13, DataType::kInt32, int64_t{3})
        .Add("Speed/Actual", 14, DataType::kDouble, 118.5)
        .Add("Temp", 15, DataType::kInt16, int64_t{-4})
        .Add("Unmapped", 16, DataType::kString, std::string("x"))
        .Bytes();
  }
  std::string DBirthCapper(uint64_t seq) {
    return Msg().Seq(seq).Add("State", 20, DataType::kString, std::string("Running")).Bytes();
  }
  void BirthAll() {
    Feed("spBv1.0/G/NBIRTH/N", NBirth());
    Feed("spBv1.0/G/DBIRTH/N/Filler", DBirthFiller(1));
    Feed("spBv1.0/G/DBIRTH/N/Capper", DBirthCapper(2));
  }

  std::vector<model::SignalMapping> mappings_;
  std::map<std::string, PlantView::Unit> plant_units_;
  std::map<std::string, uint64_t> plant_sessions_;
  std::unique_ptr<HostSession> session_;
  int lookups_ = 0;
};

inline const Sample* Find(const std::vector<Sample>& v, const std::string& unit, SampleKind kind) {
  for (const auto& s : v)
    if (s.work_unit == unit && s.kind == kind) return &s;
  return nullptr;
}

inline bool IsRebirth(const Outgoing& o, const std::string& topic) {
  if (o.topic != topic) return false;
  auto p = DecodePayload(o.payload);
  return p.ok() && p->metrics.size() == 1 && p->metrics[0].name == "Node Control/Rebirth" && !p->metrics[0].alias &&
         std::get<bool>(p->metrics[0].value) && o.qos == 0 && !o.retain;
}

}  // namespace takt::sparkplug::spbtest
