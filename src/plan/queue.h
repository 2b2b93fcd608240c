// Plans and repairs off the callers' threads. A plant has one active schedule (one Takt per
// site), and two solves of it at once waste one of them: the later activation makes the earlier
// one stale. So the queue runs one job at a time, on a planning thread of its own at a low CPU
// priority, while the HTTP threads go on serving; repairs and the breakdown watcher's looks go
// before waiting plans, and a plan waits at most for the job running and those ahead of it.
//
//   PlanQueue plans(rt);
//   Status s = plans.Submit("user:ann", request, [](Result<PlanResult> r) { ... });  // not blocking
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "plan/planner.h"

namespace takt::plan {

struct PlanQueueOptions {
  size_t max_waiting_plans = 1;    // plans waiting behind the running job; one more is refused
  size_t max_waiting_repairs = 8;  // likewise for repairs
  int nice = 10;                   // added to the planning thread's nice value (its solver threads inherit it)
};

class PlanQueue {
 public:
  using Options = PlanQueueOptions;
  using Done = std::function<void(Result<PlanResult>)>;

  // Starts the planning thread. REQUIRES: `rt` outlives the queue.
  explicit PlanQueue(runtime::Runtime& rt, Options options = {});
  // Stops the running solve at once (nothing is activated), answers every waiting job with
  // kUnavailable, and joins the planning thread.
  ~PlanQueue();
  PlanQueue(const PlanQueue&) = delete;
  PlanQueue& operator=(const PlanQueue&) = delete;

  // Queues a plan or a repair (request.repair) by `actor`: PlanAndActivate from the wall clock's
  // whole second when it starts. `done` receives the result on the planning thread. Refused at
  // once (and `done` never called) with kConflict, field "schedule", when the job running and
  // `max_waiting_*` jobs of its kind waiting leave no room, or kUnavailable once the queue stops.
  // Threads: any.
  Status Submit(std::string actor, PlanRequest request, Done done);

  // Runs `job` on the planning thread, before waiting plans: the breakdown watcher's look and
  // repair, which then sees the schedule no plan is changing. False (not queued) when a posted
  // job waits already or the queue stops. Threads: any.
  bool Post(std::function<void()> job);

  struct Load {
    bool running = false;  // a job runs now
    size_t waiting = 0;    // jobs queued behind it
  };
  Load load() const;

 private:
  struct Job {
    bool plan = false;  // a plan (else a repair, or a posted job)
    bool posted = false;
    std::function<void()> run;
    std::function<void()> refuse;  // answers the job when the queue stops before it ran
  };
  void Loop();

  runtime::Runtime& rt_;
  Options options_;
  std::atomic<bool> stopping_{false};  // also the engine's cancel flag
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> urgent_;  // repairs and posted jobs, first come first served
  std::deque<Job> plans_;
  bool running_ = false;
  std::thread thread_;  // last: starts once the rest is built
};

}  // namespace takt::plan
