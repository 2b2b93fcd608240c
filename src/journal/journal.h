// The journal: the append-only event log that is the single source of truth, plus the
// snapshots that make restarts fast. One interface, one file per storage backend. The on-disk
// format is written down in docs/journal_format.md.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "journal/chain.h"

namespace takt::journal {

struct Head {
  uint64_t seq = 0;  // 0 for an empty journal
  Digest hash{};
};

struct Snapshot {
  uint64_t seq = 0;
  Digest hash{};     // hash of event `seq`, to check the tail chains onto it
  std::string body;  // opaque to the journal
  Digest mac{};      // as stored: chain().SnapshotMac(seq, hash, body) when intact. SaveSnapshot computes it.
};

class Journal {
 public:
  virtual ~Journal() = default;

  // The scheme this journal's hashes were written with. Threads: any.
  virtual const Chain& chain() const = 0;

  // Appends events in one transaction and returns only once they are durable (fsync).
  // Requires: events[i].seq == head().seq + 1 + i and each hash is chain().Hash(predecessor's
  // hash, event). Guarantees: on error nothing was appended. Threads: one appender at a time.
  virtual Status Append(std::span<const Event> events) = 0;

  // The last durable event: the recorded head row as read at open, then as Append moves it.
  // Threads: any.
  virtual Head head() const = 0;

  // Calls `fn` for each event with seq > after, in order, until it returns false or `limit`
  // events were visited. Threads: any, concurrently with Append; sees only committed events.
  virtual Status Scan(uint64_t after, uint64_t limit, const std::function<bool(const Event&)>& fn) const = 0;

  // Stores a snapshot of the state after event `seq` with its check (chain().SnapshotMac; s.mac
  // is not read); keeps only the newest two. Threads: any, concurrently with Append (one
  // SaveSnapshot at a time).
  virtual Status SaveSnapshot(const Snapshot& s) = 0;

  // The newest stored snapshot with seq <= at_most, as stored: nothing is checked here
  // (CheckSnapshot does). Snapshots stored without a check (before checks existed) are skipped.
  // Threads: any.
  virtual Result<std::optional<Snapshot>> NewestSnapshot(uint64_t at_most) const = 0;

  // The checks start-up affords, a few indexed reads in one consistent view: the head row's MAC
  // (format 3), the head row against the newest event row and nothing after it (removed, added or
  // edited newest events, an edited head, or both cut back together), an upgraded journal's anchor
  // against its last unkeyed event, and the high-water record beside the key (a head this journal
  // reached: the head must not be below it, and its event must still be there). Damage is
  // kConflict. Threads: any, also while another process appends (`takt verify` beside a server).
  virtual Status CheckEnds() const = 0;

  // Records head() in the high-water record beside the key file (keyed journals; nothing for
  // unkeyed ones), so that a later start below it is refused. Never lowers the record, nor
  // replaces one that fails its MAC. An fsync and a rename: call it now and then (start,
  // snapshots, stop), not per append, and only on a journal that passed CheckEnds. Requires:
  // kReadWrite. Threads: any.
  virtual Status RecordHighWater() = 0;

  // A failed verification, recorded beside the key file so that a restart does not forget it
  // (empty `why` clears it), and the one recorded (nullopt if none). Requires: kReadWrite to
  // record. Threads: any.
  virtual Status RecordFailure(const std::string& why) = 0;
  virtual Result<std::optional<std::string>> RecordedFailure() const = 0;

  // The storage's own consistency check of its file (SQLite: PRAGMA quick_check); reads all of
  // it, about 0.4 s per GB. Damage found is kConflict; kInternal if it could not run. Stops with
  // kUnavailable soon after `cancel` (optional) becomes true. Threads: any, concurrently with Append.
  virtual Status CheckStorage(const std::atomic<bool>* cancel) const = 0;
};

enum class Mode { kReadWrite, kReadOnly };

struct OpenOptions {
  Mode mode = Mode::kReadWrite;
  std::string key_file;  // the chain key's file; empty: PATH.key beside the database
};

// Opens the journal named by `url`, `sqlite:PATH` (relative to the working directory) or
// `sqlite:///ABS/PATH`, and checks what it is (on a read-only connection that changes nothing)
// before anything else reads or configures it:
// - kReadWrite where neither PATH nor its key file exists: creates a keyed journal (format 3),
//   mode 0600. The key is made aside (KEY.pending), the database built aside and renamed into
//   place, and only then the key moved to KEY, so that a crash leaves nothing, a pending key
//   (discarded by the next creation), or a journal whose pending key the next open moves in.
// - kNotFound: kReadOnly where no file exists; kReadWrite where PATH is missing but its key file
//   exists (a deleted database or an unmounted volume: takt never makes a journal under a key it
//   did not just create). kConflict: another read-write opener holds it.
// - kInvalidArgument, changing nothing: a malformed URL; a file that is empty, not SQLite, or
//   SQLite without a Takt journal's tables; a keyed journal whose key file is missing, a symbolic
//   link, not a regular file, owned by another user, open to group or others, not 32 bytes, or
//   another journal's key; an unkeyed journal beside an existing key file (its key record was
//   stripped).
// - kInternal: a meta record that fails its MAC or was removed, or storage that cannot be read.
// A format-2 journal (keyed, before head MACs) is moved to format 3 by a read-write open: its head
// gets its MAC then. An unkeyed journal (written before keyed chains) opens with chain().keyed()
// false.
Result<std::unique_ptr<Journal>> Open(std::string_view url, const OpenOptions& options);

// Moves an unkeyed journal to a keyed chain from its next event on: checks it (Verify) and
// refuses if anything is wrong; creates a new key (never adopts an existing key file: refused
// with kInvalidArgument); records the keyed chain with the current head as its anchor, so that
// the key also seals the history before, and drops the snapshots (their checks are unkeyed). The
// key waits at KEY.pending until that commit, so an interrupted upgrade is either undone (the
// journal unkeyed, the pending key discarded by the next try) or finished by the next open.
// kConflict if the journal is keyed already or in use; kInternal if it is damaged.
Status UpgradeToKeyed(std::string_view url, const std::string& key_file);

// Whole-journal integrity, up to j.head() when called: events 1..head without gaps, each hash
// chained to its predecessor's by chain() (an upgraded journal's last unkeyed event equal to its
// anchor), the last equal to the head, the ends (CheckEnds), every stored snapshot's check
// (CheckSnapshot), and the storage's own (CheckStorage). Reports the first damage found as
// kConflict naming it (a damaged file too); kInternal when the journal could not be read to the
// end (out of memory or descriptors, I/O errors: nothing is proven either way). Threads: any,
// concurrently with Append (reads in chunks over their own connections). Stops with kUnavailable
// once `cancel` (optional) is true.
struct VerifyReport {
  uint64_t events = 0;     // good events from the first on
  uint64_t snapshots = 0;  // snapshots whose check passed
  Status status;
};
VerifyReport Verify(const Journal& j, const std::atomic<bool>* cancel = nullptr);

// A snapshot's check against its contents, and its hash against event `s.seq` in the log.
// Threads: any.
Status CheckSnapshot(const Journal& j, const Snapshot& s);

}  // namespace takt::journal
