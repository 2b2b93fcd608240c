// Integrity checks over the Journal interface: the whole journal (Verify), and a snapshot's
// (CheckSnapshot).
#include "journal/journal.h"
#include "journal/key_file.h"

namespace takt::journal {
namespace {

// Events read per Scan: each chunk is its own read transaction, so a long verification never
// holds the write-ahead log back from its checkpoints for long.
constexpr uint64_t kChunk = 65536;

Status Damage(std::string message) {
  return Status(Code::kConflict, std::move(message));
}

// The event `seq`, or nullopt if the log has none.
Result<std::optional<Event>> EventAt(const Journal& j, uint64_t seq) {
  std::optional<Event> found;
  Status s = j.Scan(seq - 1, 1, [&](const Event& e) {
    if (e.seq == seq) found = e;
    return false;
  });
  if (!s.ok()) return s;
  return found;
}

}  // namespace

VerifyReport Verify(const Journal& j, const std::atomic<bool>* cancel) {
  VerifyReport r;
  if (FailPointOnce("verify-io")) {  // tests of a pass that could not finish (tests/api/journal_integrity_test.cc)
    r.status = Status::Internal("cannot read the journal: simulated I/O error (TAKT_FAIL_POINT=verify-io)");
    return r;
  }
  const Head head = j.head();
  const Chain& chain = j.chain();
  Digest prev{};
  uint64_t expect = 1;
  while (r.status.ok() && expect <= head.seq) {
    uint64_t before = expect;
    Status scan = j.Scan(expect - 1, std::min(kChunk, head.seq - expect + 1), [&](const Event& e) {
      if (e.seq != expect) {
        r.status = Damage("event " + std::to_string(expect) + " is missing (next is " + std::to_string(e.seq) + ")");
        return false;
      }
      if (!SameDigest(chain.Hash(prev, e), e.hash)) {
        r.status = Damage("event " + std::to_string(e.seq) + " was altered: its hash does not match");
        return false;
      }
      if (chain.keyed() && e.seq + 1 == chain.keyed_from() && !SameDigest(e.hash, chain.anchor())) {
        r.status = Damage("event " + std::to_string(e.seq) + " differs from the anchor of the keyed chain");
        return false;
      }
      prev = e.hash;
      ++expect;
      ++r.events;
      return true;
    });
    if (!scan.ok()) r.status = scan;
    if (r.status.ok() && cancel && cancel->load()) r.status = Status(Code::kUnavailable, "verification stopped");
    if (r.status.ok() && expect == before)
      r.status = Damage("journal ends at event " + std::to_string(r.events) + " but its recorded head is event " +
                        std::to_string(head.seq) + ": events were removed");
  }
  if (!r.status.ok()) return r;
  if (!SameDigest(prev, head.hash)) {
    r.status = Damage("event " + std::to_string(head.seq) + " differs from the recorded head: events were replaced");
    return r;
  }
  r.status = j.CheckEnds();
  for (uint64_t at_most = UINT64_MAX; r.status.ok();) {
    auto snap = j.NewestSnapshot(at_most);
    if (!snap.ok()) r.status = snap.status();
    if (!r.status.ok() || !snap->has_value()) break;
    r.status = CheckSnapshot(j, **snap);
    if (r.status.ok()) ++r.snapshots;
    if ((*snap)->seq == 0) break;
    at_most = (*snap)->seq - 1;
  }
  if (r.status.ok()) r.status = j.CheckStorage(cancel);
  return r;
}

Status CheckSnapshot(const Journal& j, const Snapshot& s) {
  const std::string name = "the snapshot at event " + std::to_string(s.seq);
  if (!SameDigest(j.chain().SnapshotMac(s.seq, s.hash, s.body), s.mac))
    return Damage(name + " fails its check: its contents were altered");
  if (s.seq == 0) return SameDigest(s.hash, Digest{}) ? Status::Ok() : Damage(name + " has a hash but no event");
  auto e = EventAt(j, s.seq);
  if (!e.ok()) return e.status();
  if (!e->has_value()) return Damage(name + " follows an event the journal does not hold");
  if (!SameDigest((*e)->hash, s.hash)) return Damage(name + " does not match event " + std::to_string(s.seq));
  return Status::Ok();
}

}  // namespace takt::journal
