#include "plan/queue.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

namespace takt::plan {

namespace {

Timestamp WallClock() {
  using namespace std::chrono;
  return Timestamp{duration_cast<microseconds>(system_clock::now().time_since_epoch()).count()};
}

// Linux keeps a nice value per thread, and threads the solver starts inherit it: the engine then
// yields the CPU to the HTTP threads, and takes what they leave.
void LowerPriority(int nice) {
  if (nice <= 0) return;
  const id_t tid = static_cast<id_t>(gettid());
  errno = 0;
  const int now = getpriority(PRIO_PROCESS, tid);
  if (errno == 0) setpriority(PRIO_PROCESS, tid, std::min(19, now + nice));
}

}  // namespace

PlanQueue::PlanQueue(runtime::Runtime& rt, Options options) : rt_(rt), options_(options), thread_([this] { Loop(); }) {}

PlanQueue::~PlanQueue() {
  {
    std::lock_guard l(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

Status PlanQueue::Submit(std::string actor, PlanRequest request, Done done) {
  request.options.cancel = &stopping_;
  auto answer = std::make_shared<Done>(std::move(done));
  Job job{.plan = !request.repair};
  job.run = [this, actor = std::move(actor), request = std::move(request), answer] {
    (*answer)(PlanAndActivate(rt_, actor, WallClock(), request));
  };
  job.refuse = [answer] { (*answer)(Status(Code::kUnavailable, "the server is stopping: nothing was planned")); };
  std::lock_guard l(mu_);
  if (stopping_) return Status(Code::kUnavailable, "the server is stopping: nothing was planned");
  if (job.plan) {
    // With nothing running or ahead of it, the first plan queued is about to run, not waiting.
    const bool idle = !running_ && urgent_.empty();
    if (plans_.size() >= options_.max_waiting_plans + (idle ? 1 : 0))
      return Status::Conflict(
          "a plan is being computed and another waits for it already: retry when one of them has finished", "schedule");
    plans_.push_back(std::move(job));
  } else {
    size_t repairs = std::count_if(urgent_.begin(), urgent_.end(), [](const Job& j) { return !j.posted; });
    if (repairs >= options_.max_waiting_repairs)
      return Status::Conflict(std::to_string(repairs) + " repairs wait already: retry when one has finished",
                              "schedule");
    urgent_.push_back(std::move(job));
  }
  cv_.notify_all();
  return Status::Ok();
}

bool PlanQueue::Post(std::function<void()> run) {
  std::lock_guard l(mu_);
  if (stopping_ || std::any_of(urgent_.begin(), urgent_.end(), [](const Job& j) { return j.posted; })) return false;
  urgent_.push_back(Job{.posted = true, .run = std::move(run)});
  cv_.notify_all();
  return true;
}

PlanQueue::Load PlanQueue::load() const {
  std::lock_guard l(mu_);
  return {running_, urgent_.size() + plans_.size()};
}

void PlanQueue::Loop() {
  LowerPriority(options_.nice);
  std::unique_lock l(mu_);
  while (true) {
    cv_.wait(l, [&] { return stopping_ || !urgent_.empty() || !plans_.empty(); });
    if (stopping_) break;
    auto& from = !urgent_.empty() ? urgent_ : plans_;
    Job job = std::move(from.front());
    from.pop_front();
    running_ = true;
    l.unlock();
    job.run();
    l.lock();
    running_ = false;
  }
  std::deque<Job> left = std::move(urgent_);
  for (auto& j : plans_) left.push_back(std::move(j));
  plans_.clear();
  l.unlock();
  for (auto& j : left)
    if (j.refuse) j.refuse();
}

}  // namespace takt::plan
