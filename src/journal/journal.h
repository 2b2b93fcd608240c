// The journal: the append-only event log that is the single source of truth, plus the
// snapshots that make restarts fast. One interface, one file per storage backend.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/status.h"

namespace takt::journal {

struct Head {
  uint64_t seq = 0;  // 0 for an empty journal
  Digest hash{};
};

struct Snapshot {
  uint64_t seq = 0;
  Digest hash{};     // hash of event `seq`, to check the tail chains onto it
  std::string body;  // opaque to the journal
};

class Journal {
 public:
  virtual ~Journal() = default;

  // Appends events in one transaction and returns only once they are durable (fsync).
  // Requires: events[i].seq == head().seq + 1 + i and each hash chained to its predecessor.
  // Guarantees: on error nothing was appended. Threads: one appender at a time.
  virtual Status Append(std::span<const Event> events) = 0;

  // The last durable event. Threads: any.
  virtual Head head() const = 0;

  // Calls `fn` for each event with seq > after, in order, until it returns false or `limit`
  // events were visited. Threads: any, concurrently with Append; sees only committed events.
  virtual Status Scan(uint64_t after, uint64_t limit, const std::function<bool(const Event&)>& fn) const = 0;

  // Stores a snapshot of the state after event `seq`; keeps only the newest two.
  // Threads: any, concurrently with Append (one SaveSnapshot at a time).
  virtual Status SaveSnapshot(const Snapshot& s) = 0;
  virtual Result<std::optional<Snapshot>> LatestSnapshot() const = 0;
};

enum class Mode { kReadWrite, kReadOnly };

// Opens the journal named by `url`:
//   sqlite:PATH            (PATH relative to the working directory; created if missing in kReadWrite)
//   sqlite:///ABS/PATH
// kInvalidArgument for a malformed or unsupported URL; kInternal when storage cannot be opened.
// A read-write journal is locked against other read-write openers (kConflict if taken).
Result<std::unique_ptr<Journal>> Open(std::string_view url, Mode mode);

// Whole-journal integrity: sequence without gaps, every hash chained to its predecessor,
// and the recorded head matching the last event. Reports the first bad sequence number.
struct VerifyReport {
  uint64_t events = 0;
  Status status;
};
VerifyReport Verify(const Journal& j);

}  // namespace takt::journal
