#include "journal/journal.h"

namespace takt::journal {

VerifyReport Verify(const Journal& j) {
  VerifyReport r;
  Digest prev{};
  uint64_t expect = 1;
  Status scan = j.Scan(0, UINT64_MAX, [&](const Event& e) {
    if (e.seq != expect) {
      r.status = Status(Code::kConflict,
                        "event " + std::to_string(expect) + " is missing (next is " + std::to_string(e.seq) + ")");
      return false;
    }
    if (ChainHash(prev, e) != e.hash) {
      r.status = Status(Code::kConflict, "event " + std::to_string(e.seq) + " was altered: its hash does not match");
      return false;
    }
    prev = e.hash;
    ++expect;
    ++r.events;
    return true;
  });
  if (!scan.ok()) r.status = scan;
  if (!r.status.ok()) return r;
  Head h = j.head();
  if (h.seq != r.events || h.hash != prev)
    r.status = Status(Code::kConflict, "journal ends at event " + std::to_string(r.events) +
                                           " but its recorded head is event " + std::to_string(h.seq) +
                                           ": events were removed or added");
  return r;
}

}  // namespace takt::journal
