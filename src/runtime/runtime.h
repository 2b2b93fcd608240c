// The runtime owns the plant state and its journal: one writer thread validates commands,
// applies their events, and makes each group of them durable in one transaction (group
// commit) before any caller hears back. Readers share a lock with the writer's apply step.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <thread>

#include "journal/journal.h"
#include "plant/plant.h"
#include "runtime/rw_lock.h"

namespace prometheus {
struct MetricFamily;
}  // namespace prometheus
namespace takt::metrics {
class Registry;
}  // namespace takt::metrics

namespace takt::runtime {

struct Options {
  std::string db_url = "sqlite:takt.db";
  std::string key_file;                  // the journal's chain key; empty: beside the database (PATH.key)
  uint64_t snapshot_every = 100000;      // events between automatic snapshots
  size_t max_group = 4096;               // commands per group commit
  std::function<Timestamp()> clock;      // defaults to the system clock
  metrics::Registry* metrics = nullptr;  // where the writer's metrics are scraped; must outlive the runtime
  // A full verification of the journal (journal::Verify) runs on a background thread right after
  // Open, then every `verify_every` (zero: only once). `verify` false: none (benchmarks).
  bool verify = true;
  std::chrono::seconds verify_every{std::chrono::hours(24)};
};

// The events one accepted command produced.
struct Committed {
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  std::string summary;  // from the command's events (EventDraft::summary), may be empty
};

// The last full verification of the journal that finished.
struct Verification {
  bool finished = false;  // false while the first is running (or none runs)
  bool passed = false;
  Timestamp finished_at;  // the runtime's clock
  uint64_t events = 0;    // good events, from the first on
  std::string error;      // the damage found, when not passed
};

struct OpenStats {
  uint64_t snapshot_seq = 0;  // 0 when no snapshot was used
  uint64_t replayed = 0;      // events applied after the snapshot
  double seconds = 0;
};

class Runtime {
 public:
  using Done = std::function<void(const Result<Committed>&)>;

  // Opens the journal and rebuilds the state from the newest snapshot plus the journal tail, after
  // the checks start-up affords (Journal::CheckEnds, then the snapshot's check and CheckSnapshot,
  // and the chain of every event replayed); refuses to open on any damage to the events (a
  // snapshot that passes its check beyond the head included). A snapshot that fails its check is
  // not used: the whole journal is replayed (which checks every event) and writes are stopped, as
  // they are when a failure was recorded before this start. Then records the high-water mark
  // (again after each snapshot, passed verification and at stop) and starts the background
  // verification (Options::verify).
  static Result<std::unique_ptr<Runtime>> Open(Options options);

  // Stops taking commands: those already queued are committed and answered, then the writer
  // and the verification stop; a later Submit is refused at once with kUnavailable. Call it
  // before destroying what the commands' callbacks reach (an HTTP server and its sessions), so
  // that no callback runs after them. Idempotent. Threads: any but the writer.
  void Stop();

  // Stop(), then writes a snapshot if the state moved since the last one (not once writes are
  // stopped), records the high-water mark.
  ~Runtime();

  // Queues a command. Threads: any. `done` runs on the writer thread, after the command's
  // events are durable or with the reason it was refused; it must not block. Once writes are
  // stopped (writes_stopped()), or the runtime is stopping, every command is refused with
  // kUnavailable.
  void Submit(plant::Command cmd, std::string actor, Done done);

  // Submit and wait for the outcome.
  Result<Committed> Execute(plant::Command cmd, std::string actor);

  // Runs `f(const Plant&)` under a shared lock. Threads: any. Keep `f` short: it holds off the
  // writer's apply step. A read may see events whose group commit is still in flight (at most
  // one group, a few ms); a failed commit stops the process, so no reply ever depends on them.
  template <typename F>
  decltype(auto) Read(F&& f) const {
    std::shared_lock lock(state_mu_);
    return f(static_cast<const plant::Plant&>(*plant_));
  }

  const journal::Journal& journal() const { return *journal_; }
  const OpenStats& open_stats() const { return open_stats_; }

  // The last full verification that finished. Threads: any.
  Verification last_verification() const;
  // Why writes are refused: empty while they are accepted. Writes stop when the journal fails a
  // check (a snapshot at start, or damage found by a background verification; not a pass that
  // could not finish, which is retried). The failure is recorded beside the key: after a restart
  // writes stay stopped until a full verification passes. Threads: any.
  std::string writes_stopped() const;

  // Writes a snapshot now (from the writer thread). For tests, benchmarks and shutdown.
  Status SnapshotNow();

  // Calls `f` on the writer thread with each group's events once they are durable, before any
  // caller hears back. `f` must be quick and must not call back into the runtime; empty clears.
  // Threads: any.
  using CommitListener = std::function<void(const std::vector<Event>&)>;
  void SetCommitListener(CommitListener f);

 private:
  struct Pending {
    plant::Command cmd;
    std::string actor;
    Done done;
    std::function<void()> task;  // when set, run on the writer thread instead of a command
  };

  Runtime() = default;
  Status Load();
  // Sets plant_ from the newest snapshot if it passes its checks and reads back; else leaves it
  // empty (full replay), with the failed check in `*bad_snapshot` if that was the reason.
  Status RestoreNewestSnapshot(const journal::Head& head, Status* bad_snapshot);
  void WriterLoop();
  void CommitGroup(std::deque<Pending>& group);
  Status WriteSnapshot();
  // Copies the state (fast) and serialises and stores the copy on a background thread.
  void StartBackgroundSnapshot();
  void JoinBackgroundSnapshot();
  void VerifyLoop();
  // Refuses every later write with `why`, says so loudly, and records it beside the key unless
  // `record` is false.
  void StopWrites(const std::string& why, bool record = true);
  // Accepts writes again if they were stopped only by a failure recorded before this start (a
  // full verification just passed), and clears the record.
  void ResumeWritesStoppedByRecord();
  // journal_->RecordHighWater(), warning once if it cannot.
  void RecordHighWater();
  [[noreturn]] void Fatal(const std::string& what);

  Options options_;
  bool opened_ = false;  // Open succeeded: the journal passed its checks
  std::unique_ptr<journal::Journal> journal_;
  std::unique_ptr<plant::Plant> plant_;
  mutable WriterPreferringMutex state_mu_;
  OpenStats open_stats_;
  uint64_t snapshot_seq_ = 0;
  std::thread snapshotter_;
  Timestamp last_time_;

  mutable std::mutex verify_mu_;
  Verification verification_;       // guarded by verify_mu_
  std::string stopped_why_;         // guarded by verify_mu_
  bool stopped_by_record_ = false;  // guarded by verify_mu_: the stop came from a record of a past run
  std::atomic<bool> high_water_warned_{false};
  std::atomic<bool> writes_stopped_{false};
  std::atomic<bool> stop_verifier_{false};
  std::condition_variable verify_cv_;
  std::thread verifier_;

  std::mutex listener_mu_;
  CommitListener listener_;

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Pending> queue_;
  bool stopping_ = false;

  // Metrics of the writer (docs/PERFORMANCE.md lists them): counted per group by the writer,
  // gauges read at scrape time (runtime.cc).
  struct WriterMetrics;
  void Gauges(std::vector<prometheus::MetricFamily>& out);
  std::unique_ptr<WriterMetrics> metrics_;
  std::atomic<int64_t> snapshot_at_us_{0};  // steady clock: the newest snapshot saved, or the start
  std::atomic<uint64_t> saved_seq_{0};      // the newest snapshot saved (or restored)
  std::thread writer_;
};

}  // namespace takt::runtime
