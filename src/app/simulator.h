// The demo's machine simulator: every work unit of the demo plant reports states, counts and
// stops through the same ingestion path a gateway uses (MachineDataCommand), so live OEE
// shows at once. Machines follow their site's shift calendar: off shift and on breaks they
// stand still; on shift they run, with minor stops, breakdowns with alarm codes, changeovers,
// starvation, speed losses and rejects.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "runtime/runtime.h"

namespace takt::app {

class MachineSimulator {
 public:
  // Requires the demo plant in `rt`. Threads: construct, Start and destroy from one thread.
  MachineSimulator(runtime::Runtime& rt, uint64_t seed);
  ~MachineSimulator();  // stops the thread

  // Backfills `history` before `now` (units that already have readings keep theirs), then
  // reports every `tick` of wall-clock time on a thread of its own.
  Status Start(Timestamp now, std::chrono::seconds history, std::chrono::milliseconds tick = std::chrono::seconds(1));

  uint64_t readings() const { return readings_; }

 private:
  struct Unit;
  Status Advance(Timestamp to);
  void Loop(std::chrono::milliseconds tick);

  runtime::Runtime& rt_;
  std::mt19937_64 rng_;
  std::vector<Unit> units_;
  std::atomic<uint64_t> readings_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace takt::app
