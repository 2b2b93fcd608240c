#include "runtime/runtime.h"

#include <chrono>
#include <cstdio>
#include <future>

namespace takt::runtime {

namespace {
Timestamp SystemNow() {
  using namespace std::chrono;
  return {duration_cast<microseconds>(system_clock::now().time_since_epoch()).count()};
}
int64_t SteadyUs() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}
}  // namespace

Result<std::unique_ptr<Runtime>> Runtime::Open(Options options) {
  std::unique_ptr<Runtime> rt(new Runtime());
  if (!options.clock) options.clock = SystemNow;
  rt->options_ = std::move(options);
  auto j = journal::Open(rt->options_.db_url, journal::Mode::kReadWrite);
  if (!j.ok()) return j.status();
  rt->journal_ = std::move(j).value();
  TAKT_RETURN_IF_ERROR(rt->Load());
  rt->snapshot_at_us_ = SteadyUs();
  rt->saved_seq_ = rt->open_stats_.snapshot_seq;
  if (rt->options_.metrics)
    rt->metrics_handle_ = rt->options_.metrics->Add([r = rt.get()](metrics::Writer& w) { r->CollectMetrics(w); });
  rt->writer_ = std::thread([r = rt.get()] { r->WriterLoop(); });
  return rt;
}

Status Runtime::Load() {
  auto t0 = std::chrono::steady_clock::now();
  journal::Head head = journal_->head();
  auto snap = journal_->LatestSnapshot();
  if (!snap.ok()) return snap.status();
  plant_ = std::make_unique<plant::Plant>();
  if (snap->has_value() && (*snap)->seq <= head.seq) {
    auto restored = plant::Plant::Restore((*snap)->body);
    if (restored.ok() && restored.value()->last_hash() == (*snap)->hash) {
      plant_ = std::move(restored).value();
      open_stats_.snapshot_seq = (*snap)->seq;
    } else {
      std::fprintf(stderr, "takt: snapshot at event %llu unusable, replaying the whole journal\n",
                   static_cast<unsigned long long>((*snap)->seq));
    }
  } else if (snap->has_value()) {
    return Status::Internal("the journal ends at event " + std::to_string(head.seq) + " but a snapshot exists at " +
                            std::to_string((*snap)->seq) + ": events were removed");
  }
  snapshot_seq_ = plant_->last_seq();
  Status applied;
  Status scan = journal_->Scan(plant_->last_seq(), UINT64_MAX, [&](const Event& e) {
    if (ChainHash(plant_->last_hash(), e) != e.hash) {
      applied = Status::Internal("journal event " + std::to_string(e.seq) + " fails its hash check: run takt verify");
      return false;
    }
    applied = plant_->Apply(e);
    last_time_ = e.time;
    ++open_stats_.replayed;
    return applied.ok();
  });
  TAKT_RETURN_IF_ERROR(scan);
  TAKT_RETURN_IF_ERROR(applied);
  if (plant_->last_seq() != head.seq)
    return Status::Internal("journal head is event " + std::to_string(head.seq) + " but events end at " +
                            std::to_string(plant_->last_seq()));
  plant_->CompactIndexes();
  plant_->SettleIndexes();
  open_stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return Status::Ok();
}

Runtime::~Runtime() {
  metrics_handle_.reset();
  {
    std::lock_guard l(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
  JoinBackgroundSnapshot();
  if (plant_ && journal_ && plant_->last_seq() > snapshot_seq_) {
    Status s = WriteSnapshot();
    if (!s.ok()) std::fprintf(stderr, "takt: snapshot on shutdown failed: %s\n", s.ToString().c_str());
  }
}

void Runtime::Submit(plant::Command cmd, std::string actor, Done done) {
  {
    std::lock_guard l(queue_mu_);
    queue_.push_back({std::move(cmd), std::move(actor), std::move(done), {}});
  }
  queue_cv_.notify_one();
}

Result<Committed> Runtime::Execute(plant::Command cmd, std::string actor) {
  std::promise<Result<Committed>> p;
  auto f = p.get_future();
  Submit(std::move(cmd), std::move(actor), [&p](const Result<Committed>& r) { p.set_value(r); });
  return f.get();
}

Status Runtime::SnapshotNow() {
  std::promise<Status> p;
  auto f = p.get_future();
  {
    std::lock_guard l(queue_mu_);
    queue_.push_back({plant::IssueToken{}, {}, {}, [&] { p.set_value(WriteSnapshot()); }});
  }
  queue_cv_.notify_one();
  return f.get();
}

void Runtime::WriterLoop() {
  std::deque<Pending> group;
  for (;;) {
    {
      std::unique_lock l(queue_mu_);
      queue_cv_.wait(l, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      // A group ends at max_group commands or at a task, which runs after the group commits.
      while (!queue_.empty() && group.size() < options_.max_group) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
        if (group.back().task) break;
      }
    }
    std::function<void()> task;
    if (group.back().task) {
      task = std::move(group.back().task);
      group.pop_back();
    }
    if (!group.empty()) CommitGroup(group);
    group.clear();
    if (task) task();
    if (plant_->last_seq() - snapshot_seq_ >= options_.snapshot_every) StartBackgroundSnapshot();
  }
}

void Runtime::SetCommitListener(CommitListener f) {
  std::lock_guard l(listener_mu_);
  listener_ = std::move(f);
}

void Runtime::CommitGroup(std::deque<Pending>& group) {
  Timestamp now = options_.clock();
  if (now < last_time_) now = last_time_;  // keep journal time non-decreasing
  last_time_ = now;
  std::vector<Event> events;
  std::vector<Result<Committed>> outcomes;
  outcomes.reserve(group.size());
  {
    std::unique_lock l(state_mu_);
    for (Pending& p : group) {
      auto drafts = plant_->Execute(p.cmd, plant::Context{now, p.actor});
      if (!drafts.ok()) {
        outcomes.emplace_back(drafts.status());
        refused_.Add();
        continue;
      }
      accepted_.Add();
      Committed c{plant_->last_seq() + 1, plant_->last_seq() + drafts->size()};
      for (auto& d : *drafts) {
        if (!d.summary.empty()) c.summary = std::move(d.summary);
        Event e{plant_->last_seq() + 1, now, p.actor, std::move(d.type), d.version, std::move(d.payload), {}};
        e.hash = ChainHash(plant_->last_hash(), e);
        Status s = plant_->Apply(e);
        if (!s.ok()) Fatal("a validated event did not apply: " + s.ToString());
        events.push_back(std::move(e));
      }
      outcomes.emplace_back(std::move(c));
    }
    plant_->SettleIndexes();
  }
  auto t0 = std::chrono::steady_clock::now();
  Status s = journal_->Append(events);
  if (!s.ok()) Fatal("journal append failed: " + s.ToString());
  commit_seconds_.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  group_commands_.Observe(static_cast<double>(group.size()));
  group_events_.Observe(static_cast<double>(events.size()));
  events_.Add(events.size());
  if (!events.empty()) {
    std::lock_guard l(listener_mu_);
    if (listener_) listener_(events);
  }
  for (size_t i = 0; i < group.size(); ++i) group[i].done(outcomes[i]);
}

void Runtime::StartBackgroundSnapshot() {
  JoinBackgroundSnapshot();  // at most one in flight; the previous one had snapshot_every events to finish
  auto copy = std::make_shared<const plant::Plant>(*plant_);
  snapshot_seq_ = copy->last_seq();
  snapshotter_ = std::thread([this, copy] {
    Status s = journal_->SaveSnapshot({copy->last_seq(), copy->last_hash(), copy->Snapshot()});
    if (s.ok()) {
      snapshot_at_us_ = SteadyUs();
      saved_seq_ = copy->last_seq();
    }
    if (!s.ok())
      std::fprintf(stderr, "takt: snapshot at event %llu failed: %s\n",
                   static_cast<unsigned long long>(copy->last_seq()), s.ToString().c_str());
  });
}

void Runtime::JoinBackgroundSnapshot() {
  if (snapshotter_.joinable()) snapshotter_.join();
}

Status Runtime::WriteSnapshot() {
  JoinBackgroundSnapshot();
  journal::Snapshot snap{plant_->last_seq(), plant_->last_hash(), plant_->Snapshot()};
  TAKT_RETURN_IF_ERROR(journal_->SaveSnapshot(snap));
  snapshot_seq_ = snap.seq;
  snapshot_at_us_ = SteadyUs();
  saved_seq_ = snap.seq;
  return Status::Ok();
}

void Runtime::CollectMetrics(metrics::Writer& w) {
  size_t depth;
  {
    std::lock_guard l(queue_mu_);
    depth = queue_.size();
  }
  uint64_t head = journal_->head().seq;
  w.Gauge("takt_journal_head_seq", "Sequence number of the newest durable event", static_cast<double>(head));
  w.Gauge("takt_writer_queue_depth", "Commands queued for the writer", static_cast<double>(depth));
  w.Family("takt_commands_total", "counter", "Commands the writer executed, by outcome");
  w.Sample("takt_commands_total", {{"outcome", "accepted"}}, static_cast<double>(accepted_.value()));
  w.Sample("takt_commands_total", {{"outcome", "refused"}}, static_cast<double>(refused_.value()));
  w.CounterValue("takt_events_total", "Events appended by this process", events_.value());
  w.Family("takt_group_commit_commands", "histogram", "Commands per group commit");
  w.Histogram("takt_group_commit_commands", {}, group_commands_);
  w.Family("takt_group_commit_events", "histogram", "Events per group commit");
  w.Histogram("takt_group_commit_events", {}, group_events_);
  w.Family("takt_commit_seconds", "histogram", "Time to append a group durably (one transaction and its fsync)");
  w.Histogram("takt_commit_seconds", {}, commit_seconds_);
  w.Gauge("takt_snapshot_seq", "Event the newest snapshot follows (saved or restored by this process; 0: none)",
          static_cast<double>(saved_seq_.load()));
  w.Gauge("takt_snapshot_age_seconds", "Seconds since this process saved a snapshot (or started, if it saved none)",
          static_cast<double>(SteadyUs() - snapshot_at_us_.load()) / 1e6);
  w.Gauge("takt_events_since_snapshot", "Events after the newest snapshot",
          static_cast<double>(head - std::min(head, saved_seq_.load())));
}

void Runtime::Fatal(const std::string& what) {
  // The in-memory state may now be ahead of the journal: stop before anyone relies on it.
  std::fprintf(stderr, "takt: FATAL: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace takt::runtime
