#include "app/simulator.h"

#include <cmath>
#include <cstdio>
#include <optional>

#include "plant/calendar/shift_calendar.h"
#include "plant/performance/setup.h"

namespace takt::app {

using plant::performance::Sample;
using plant::performance::SampleKind;

// One machine: its state until `until`, and what it has made so far.
struct MachineSimulator::Unit {
  std::string id;
  bool packml = false;
  double cycle_s = 60;
  double speed = 1.1;                            // its real cycle is this much slower than the ideal
  std::optional<model::ShiftCalendar> calendar;  // a copy: the writer may replace the plant's
  std::string time_zone;
  int64_t t = 0;      // simulated up to here (microseconds)
  int64_t until = 0;  // the current state lasts until here
  std::string state;
  bool running = false;
  double made = 0;  // parts of the current run not yet counted
  int64_t good = 0, reject = 0;
};

namespace {

constexpr int64_t kSecond = 1'000'000;

const char* Code(bool packml, const char* simple) {
  if (!packml) return simple;
  std::string_view s = simple;
  if (s == "running") return "6";
  if (s == "unplanned_stop") return "11";
  if (s == "setup") return "15";
  if (s == "starved" || s == "blocked") return "5";
  return "4";  // idle, off shift
}

bool Working(const std::optional<model::ShiftCalendar>& cal, const std::string& tz, int64_t t) {
  if (!cal) return true;
  auto segs = plant::calendar::Expand(*cal, tz, {t}, {t + 1});
  return segs.ok() && !segs->empty() && segs->front().kind == plant::calendar::Planned::kWorking;
}

}  // namespace

MachineSimulator::MachineSimulator(runtime::Runtime& rt, uint64_t seed) : rt_(rt), rng_(seed) {
  rt_.Read([&](const plant::Plant& p) {
    for (const auto& [id, e] : p.master_data().equipment) {
      if (e.level != model::EquipmentLevel::kWorkUnit || e.meta.retired) continue;
      auto setup = plant::performance::SetupOf(p.state(), id);
      Unit u;
      u.id = id;
      u.packml = setup.model->meta.id.find("PACKML") != std::string::npos;
      u.cycle_s = setup.default_cycle_us > 0 ? setup.default_cycle_us / 1e6 : 60;
      if (setup.calendar) u.calendar = *setup.calendar;
      u.time_zone = setup.time_zone;
      u.speed = 1.03 + std::uniform_real_distribution<double>(0, 0.2)(rng_);
      auto d = p.state().perf.units.find(id);
      if (d != p.state().perf.units.end() && d->second.watermark != INT64_MIN) u.t = u.until = d->second.watermark;
      units_.push_back(std::move(u));
    }
  });
}

MachineSimulator::~MachineSimulator() {
  {
    std::lock_guard l(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status MachineSimulator::Start(Timestamp now, std::chrono::seconds history, std::chrono::milliseconds tick) {
  int64_t from = now.micros - history.count() * kSecond;
  for (auto& u : units_)
    if (u.t < from) u.t = u.until = from;
  TAKT_RETURN_IF_ERROR(Advance(now));
  thread_ = std::thread([this, tick] { Loop(tick); });
  return Status::Ok();
}

// Simulates every unit up to `to` and submits what they reported, in batches.
Status MachineSimulator::Advance(Timestamp to) {
  plant::MachineDataCommand cmd;
  cmd.skip_invalid = true;
  auto state = [&](Unit& u, const char* s, const char* code = "") {
    Sample x;
    x.work_unit = u.id;
    x.time = Timestamp{u.t};
    x.state = Code(u.packml, s);
    x.reason = code;
    if (x.state == u.state && !*code) return;
    u.state = x.state;
    cmd.samples.push_back(std::move(x));
  };
  auto count = [&](Unit& u) {
    for (auto [kind, value] : {std::pair{SampleKind::kGood, u.good}, std::pair{SampleKind::kReject, u.reject}}) {
      Sample x;
      x.work_unit = u.id;
      x.time = Timestamp{u.t};
      x.kind = kind;
      x.count = value;
      x.cumulative = true;
      cmd.samples.push_back(std::move(x));
    }
  };
  std::uniform_real_distribution<double> uni(0, 1);
  for (auto& u : units_) {
    while (u.until <= to.micros) {
      u.t = u.until;
      if (u.running) {  // a run ends: count its parts
        int64_t parts = static_cast<int64_t>(u.made);
        u.made -= static_cast<double>(parts);
        int64_t bad = static_cast<int64_t>(std::floor(parts * 0.02 + uni(rng_)));
        u.reject += std::min(bad, parts);
        u.good += parts - std::min(bad, parts);
        count(u);
      }
      bool was_running = u.running;
      double r = uni(rng_);
      int64_t len;
      u.running = false;
      if (!Working(u.calendar, u.time_zone, u.t)) {
        state(u, "idle");
        len = 10 * 60 * kSecond;  // look at the calendar again in ten minutes
      } else if (!was_running && r < 0.85) {
        state(u, "running");
        u.running = true;
        len = static_cast<int64_t>(std::exponential_distribution<double>(1.0 / 900)(rng_) * kSecond) + 60 * kSecond;
        u.made += (len / 1e6) / (u.cycle_s * u.speed);
      } else if ((r = uni(rng_)) < 0.6) {
        state(u, uni(rng_) < 0.5 ? "starved" : "idle");
        len = static_cast<int64_t>(20 + uni(rng_) * 100) * kSecond;  // mostly minor stops
      } else if (r < 0.8) {
        static const char* kAlarms[] = {"E-101", "E-205", "E-310"};
        state(u, "unplanned_stop", kAlarms[rng_() % 3]);
        len = static_cast<int64_t>(180 + uni(rng_) * 900) * kSecond;
      } else if (r < 0.86) {
        state(u, "setup");
        len = static_cast<int64_t>(300 + uni(rng_) * 600) * kSecond;
      } else {
        state(u, "blocked");
        len = static_cast<int64_t>(60 + uni(rng_) * 240) * kSecond;
      }
      u.until = u.t + len;
    }
  }
  if (cmd.samples.empty()) return Status::Ok();
  std::stable_sort(cmd.samples.begin(), cmd.samples.end(),
                   [](const Sample& a, const Sample& b) { return a.time < b.time; });
  readings_ += cmd.samples.size();
  auto r = rt_.Execute(std::move(cmd), "system:simulator");
  return r.ok() ? Status::Ok() : r.status();
}

void MachineSimulator::Loop(std::chrono::milliseconds tick) {
  std::unique_lock l(mu_);
  while (!cv_.wait_for(l, tick, [&] { return stopping_; })) {
    l.unlock();
    auto now =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch());
    if (Status s = Advance(Timestamp{now.count()}); !s.ok())
      std::fprintf(stderr, "takt: simulator: %s\n", s.message().c_str());
    l.lock();
  }
}

}  // namespace takt::app
