#include "runtime/runtime.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <chrono>
#include <cstdio>
#include <future>

#include "metrics/collect.h"
#include "metrics/metrics.h"

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

// What the writer counts, once per group commit; kept whether or not a metrics::Registry scrapes it.
struct Runtime::WriterMetrics {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& commands = prometheus::BuildCounter()
                                                          .Name("takt_commands_total")
                                                          .Help("Commands the writer executed, by outcome")
                                                          .Register(*registry);
  prometheus::Counter& accepted = commands.Add({{"outcome", "accepted"}});
  prometheus::Counter& refused = commands.Add({{"outcome", "refused"}});
  prometheus::Counter& events = prometheus::BuildCounter()
                                    .Name("takt_events_total")
                                    .Help("Events appended by this process")
                                    .Register(*registry)
                                    .Add({});
  prometheus::Histogram& group_commands = prometheus::BuildHistogram()
                                              .Name("takt_group_commit_commands")
                                              .Help("Commands per group commit")
                                              .Register(*registry)
                                              .Add({}, metrics::SizeBounds());
  prometheus::Histogram& group_events = prometheus::BuildHistogram()
                                            .Name("takt_group_commit_events")
                                            .Help("Events per group commit")
                                            .Register(*registry)
                                            .Add({}, metrics::SizeBounds());
  prometheus::Histogram& commit_seconds = prometheus::BuildHistogram()
                                              .Name("takt_commit_seconds")
                                              .Help("Time to append a group durably (one transaction and its fsync)")
                                              .Register(*registry)
                                              .Add({}, metrics::LatencyBounds());
  std::shared_ptr<void> counted_handle, gauges_handle;
};

Result<std::unique_ptr<Runtime>> Runtime::Open(Options options) {
  std::unique_ptr<Runtime> rt(new Runtime());
  if (!options.clock) options.clock = SystemNow;
  rt->options_ = std::move(options);
  auto j = journal::Open(rt->options_.db_url, {journal::Mode::kReadWrite, rt->options_.key_file});
  if (!j.ok()) return j.status();
  rt->journal_ = std::move(j).value();
  TAKT_RETURN_IF_ERROR(rt->Load());
  rt->RecordHighWater();
  rt->snapshot_at_us_ = SteadyUs();
  rt->saved_seq_ = rt->open_stats_.snapshot_seq;
  rt->metrics_ = std::make_unique<WriterMetrics>();
  if (metrics::Registry* registry = rt->options_.metrics) {
    rt->metrics_->counted_handle = registry->Add(rt->metrics_->registry);
    rt->metrics_->gauges_handle =
        registry->Add(std::make_shared<metrics::Computed>([r = rt.get()](metrics::Families& out) { r->Gauges(out); }));
  }
  rt->writer_ = std::thread([r = rt.get()] { r->WriterLoop(); });
  if (rt->options_.verify) rt->verifier_ = std::thread([r = rt.get()] { r->VerifyLoop(); });
  rt->opened_ = true;
  return rt;
}

namespace {

Status Damaged(const std::string& url, const std::string& what) {
  return Status::Internal("the journal " + url + " is damaged, so takt does not open it: " + what +
                          " (run takt verify for a full report)");
}

}  // namespace

Status Runtime::Load() {
  auto t0 = std::chrono::steady_clock::now();
  if (Status s = journal_->CheckEnds(); !s.ok())
    return s.code() == Code::kConflict ? Damaged(options_.db_url, s.message()) : s;
  const journal::Head head = journal_->head();
  plant_ = std::make_unique<plant::Plant>();
  Status bad_snapshot;
  TAKT_RETURN_IF_ERROR(RestoreNewestSnapshot(head, &bad_snapshot));
  snapshot_seq_ = plant_->last_seq();
  const journal::Chain& chain = journal_->chain();
  Status applied;
  Status scan = journal_->Scan(plant_->last_seq(), UINT64_MAX, [&](const Event& e) {
    if (e.seq != plant_->last_seq() + 1) {
      applied = Damaged(options_.db_url, "event " + std::to_string(plant_->last_seq() + 1) + " is missing");
      return false;
    }
    if (!SameDigest(chain.Hash(plant_->last_hash(), e), e.hash)) {
      applied = Damaged(options_.db_url, "journal event " + std::to_string(e.seq) + " fails its hash check");
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
    return Damaged(options_.db_url, "journal head is event " + std::to_string(head.seq) + " but events end at " +
                                        std::to_string(plant_->last_seq()));
  if (!bad_snapshot.ok()) StopWrites(bad_snapshot.message());  // the events are intact: serve them, read only
  // A failure recorded before this start keeps writes stopped until a full verification passes.
  auto recorded = journal_->RecordedFailure();
  if (!recorded.ok()) return recorded.status();
  if (*recorded && bad_snapshot.ok()) {
    StopWrites("recorded before this start: " + **recorded, /*record=*/false);
    std::lock_guard l(verify_mu_);
    stopped_by_record_ = true;
  }
  plant_->CompactIndexes();
  plant_->SettleIndexes();
  open_stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return Status::Ok();
}

Status Runtime::RestoreNewestSnapshot(const journal::Head& head, Status* bad_snapshot) {
  auto snap = journal_->NewestSnapshot(UINT64_MAX);
  if (!snap.ok()) {
    std::fprintf(stderr, "takt: cannot read the newest snapshot (%s): replaying the whole journal\n",
                 snap.status().message().c_str());
    return Status::Ok();
  }
  if (!snap->has_value()) return Status::Ok();
  const journal::Snapshot& s = **snap;
  // Its check first: a snapshot that fails it is not used, wherever it claims to be (the events
  // decide); one that passes it beyond the head proves that events were removed.
  Status check;
  if (!SameDigest(journal_->chain().SnapshotMac(s.seq, s.hash, s.body), s.mac))
    check = Status(Code::kConflict,
                   "the snapshot at event " + std::to_string(s.seq) + " fails its check: its contents were altered");
  else if (s.seq > head.seq)
    return Damaged(options_.db_url, "the journal ends at event " + std::to_string(head.seq) +
                                        " but a snapshot exists at " + std::to_string(s.seq) + ": events were removed");
  if (check.ok()) check = journal::CheckSnapshot(*journal_, s);
  if (!check.ok()) {
    // The events are the truth: replaying them all checks each one, and refuses if one is bad.
    std::fprintf(stderr, "takt: the journal is damaged: %s; replaying the whole journal instead\n",
                 check.message().c_str());
    *bad_snapshot = check;
    return Status::Ok();
  }
  auto restored = plant::Plant::Restore(s.body);
  if (restored.ok() && restored.value()->last_seq() == s.seq && restored.value()->last_hash() == s.hash) {
    plant_ = std::move(restored).value();
    open_stats_.snapshot_seq = s.seq;
  } else {
    std::fprintf(stderr, "takt: snapshot at event %llu unusable (%s), replaying the whole journal\n",
                 static_cast<unsigned long long>(s.seq),
                 restored.ok() ? "it is of another state" : restored.status().message().c_str());
  }
  return Status::Ok();
}

void Runtime::Stop() {
  {
    std::lock_guard l(verify_mu_);
    stop_verifier_ = true;
  }
  verify_cv_.notify_all();
  if (verifier_.joinable()) verifier_.join();
  {
    std::lock_guard l(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

Runtime::~Runtime() {
  if (metrics_) {  // no scrape reads this runtime from here on
    metrics_->counted_handle.reset();
    metrics_->gauges_handle.reset();
  }
  Stop();
  JoinBackgroundSnapshot();
  // A journal that failed its checks at open gets neither: a snapshot of a state half replayed,
  // nor a high-water mark lowered to the head of a rolled-back copy.
  if (!opened_) return;
  if (plant_->last_seq() > snapshot_seq_ && !writes_stopped_) {
    Status s = WriteSnapshot();
    if (!s.ok()) std::fprintf(stderr, "takt: snapshot on shutdown failed: %s\n", s.ToString().c_str());
  }
  RecordHighWater();
}

Verification Runtime::last_verification() const {
  std::lock_guard l(verify_mu_);
  return verification_;
}

std::string Runtime::writes_stopped() const {
  std::lock_guard l(verify_mu_);
  return stopped_why_;
}

void Runtime::StopWrites(const std::string& why, bool record) {
  {
    std::lock_guard l(verify_mu_);
    if (!stopped_why_.empty() && !stopped_by_record_) return;
    stopped_by_record_ = false;
    stopped_why_ = "the journal failed verification (" + why +
                   "): writes are refused until it is restored from a backup and a full verification passes";
  }
  writes_stopped_ = true;
  // Beside the key, so that a restart keeps writes stopped until a full verification passes.
  if (record) {
    if (Status s = journal_->RecordFailure(why); !s.ok())
      std::fprintf(stderr, "takt: cannot record the failed verification (%s): a restart would accept writes again\n",
                   s.message().c_str());
  }
  std::fprintf(stderr, "takt: ALERT: the journal %s failed verification: %s. WRITES ARE STOPPED; reads go on.\n",
               options_.db_url.c_str(), why.c_str());
  std::fflush(stderr);
}

void Runtime::VerifyLoop() {
  // A pass that could not finish (out of memory or descriptors, an I/O error) proves nothing:
  // it is tried again, sooner each time up to a limit, with an alert, and writes go on.
  std::chrono::seconds retry{1};
  for (;;) {
    journal::VerifyReport r = journal::Verify(*journal_, &stop_verifier_);
    if (stop_verifier_) return;
    std::chrono::seconds wait = options_.verify_every;
    if (r.status.ok() || r.status.code() == Code::kConflict) {
      // Once the outcome is published, writes have resumed after a pass; after damage they stop
      // right after (whoever sees them stopped sees the failed verification too).
      if (r.status.ok()) ResumeWritesStoppedByRecord();
      {
        std::lock_guard l(verify_mu_);
        verification_ = {true, r.status.ok(), options_.clock(), r.events, r.status.ok() ? "" : r.status.message()};
      }
      if (!r.status.ok()) {  // damage found
        StopWrites(r.status.message());
        return;
      }
      retry = std::chrono::seconds(1);
      RecordHighWater();
      if (options_.verify_every.count() == 0) return;
    } else {
      std::fprintf(stderr,
                   "takt: ALERT: the verification of the journal %s could not finish: %s. Tried again in %llu s; "
                   "writes go on.\n",
                   options_.db_url.c_str(), r.status.message().c_str(), static_cast<unsigned long long>(retry.count()));
      std::fflush(stderr);
      wait = retry;
      retry = std::min(retry * 2, std::chrono::seconds(300));
    }
    std::unique_lock l(verify_mu_);
    if (verify_cv_.wait_for(l, wait, [&] { return stop_verifier_.load(); })) return;
  }
}

void Runtime::ResumeWritesStoppedByRecord() {
  {
    std::lock_guard l(verify_mu_);
    if (!stopped_by_record_) return;
    stopped_by_record_ = false;
    stopped_why_.clear();
  }
  if (Status s = journal_->RecordFailure(""); !s.ok())
    std::fprintf(stderr, "takt: cannot clear the recorded failure: %s\n", s.message().c_str());
  writes_stopped_ = false;
  std::fprintf(stderr,
               "takt: the journal passed a full verification: the failure recorded before is cleared and "
               "writes are accepted again\n");
  std::fflush(stderr);
}

void Runtime::RecordHighWater() {
  Status s = journal_->RecordHighWater();
  if (s.ok() || high_water_warned_.exchange(true)) return;
  std::fprintf(stderr,
               "takt: WARNING: cannot record the journal's high-water mark (%s): a rollback of the whole "
               "file to an older copy would go unnoticed\n",
               s.message().c_str());
  std::fflush(stderr);
}

void Runtime::Submit(plant::Command cmd, std::string actor, Done done) {
  {
    std::lock_guard l(queue_mu_);
    if (!stopping_) {
      queue_.push_back({std::move(cmd), std::move(actor), std::move(done), {}});
      queue_cv_.notify_one();
      return;
    }
  }
  done(Status(Code::kUnavailable, "takt is stopping"));
}

Result<Committed> Runtime::Execute(plant::Command cmd, std::string actor) {
  std::promise<Result<Committed>> p;
  auto f = p.get_future();
  Submit(std::move(cmd), std::move(actor), [&p](const Result<Committed>& r) { p.set_value(r); });
  return f.get();
}

Status Runtime::SnapshotNow() {
  if (writes_stopped_) return Status(Code::kUnavailable, writes_stopped());
  std::promise<Status> p;
  auto f = p.get_future();
  {
    std::lock_guard l(queue_mu_);
    if (stopping_) return Status(Code::kUnavailable, "takt is stopping");
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
  if (writes_stopped_) {
    Status refused(Code::kUnavailable, writes_stopped());
    for (Pending& p : group) p.done(refused);
    return;
  }
  Timestamp now = options_.clock();
  if (now < last_time_) now = last_time_;  // keep journal time non-decreasing
  last_time_ = now;
  std::vector<Event> events;
  std::vector<Result<Committed>> outcomes;
  outcomes.reserve(group.size());
  size_t refused = 0;
  {
    std::unique_lock l(state_mu_);
    for (Pending& p : group) {
      auto drafts = plant_->Execute(p.cmd, plant::Context{now, p.actor});
      if (!drafts.ok()) {
        outcomes.emplace_back(drafts.status());
        ++refused;
        continue;
      }
      Committed c{plant_->last_seq() + 1, plant_->last_seq() + drafts->size()};
      for (auto& d : *drafts) {
        if (!d.summary.empty()) c.summary = std::move(d.summary);
        Event e{plant_->last_seq() + 1, now, p.actor, std::move(d.type), d.version, std::move(d.payload), {}};
        e.hash = journal_->chain().Hash(plant_->last_hash(), e);
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
  metrics_->commit_seconds.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  metrics_->group_commands.Observe(static_cast<double>(group.size()));
  metrics_->group_events.Observe(static_cast<double>(events.size()));
  if (group.size() > refused) metrics_->accepted.Increment(static_cast<double>(group.size() - refused));
  if (refused > 0) metrics_->refused.Increment(static_cast<double>(refused));
  metrics_->events.Increment(static_cast<double>(events.size()));
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
      RecordHighWater();
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
  RecordHighWater();
  return Status::Ok();
}

void Runtime::Gauges(metrics::Families& out) {
  size_t depth;
  {
    std::lock_guard l(queue_mu_);
    depth = queue_.size();
  }
  const uint64_t head = journal_->head().seq;
  const uint64_t saved = saved_seq_.load();
  metrics::AddGauge(out, "takt_journal_head_seq", "Sequence number of the newest durable event",
                    static_cast<double>(head));
  metrics::AddGauge(out, "takt_writer_queue_depth", "Commands queued for the writer", static_cast<double>(depth));
  metrics::AddGauge(out, "takt_snapshot_seq",
                    "Event the newest snapshot follows (saved or restored by this process; 0: none)",
                    static_cast<double>(saved));
  metrics::AddGauge(out, "takt_snapshot_age_seconds",
                    "Seconds since this process saved a snapshot (or started, if it saved none)",
                    static_cast<double>(SteadyUs() - snapshot_at_us_.load()) / 1e6);
  metrics::AddGauge(out, "takt_events_since_snapshot", "Events after the newest snapshot",
                    static_cast<double>(head - std::min(head, saved)));
}

void Runtime::Fatal(const std::string& what) {
  // The in-memory state may now be ahead of the journal: stop before anyone relies on it.
  std::fprintf(stderr, "takt: FATAL: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace takt::runtime
