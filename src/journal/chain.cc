#include "journal/chain.h"

namespace takt::journal {
namespace {

// Subkey ids under the context "taktjrnl"; never reuse a number for another purpose.
constexpr char kContext[] = "taktjrnl";
constexpr uint64_t kEventKey = 1, kSnapshotKey = 2, kMetaKey = 3;

}  // namespace

Chain::Chain(const Key& master, uint64_t keyed_from, const Digest& anchor)
    : keyed_(true),
      keyed_from_(keyed_from),
      anchor_(anchor),
      event_key_(DeriveKey(master, kEventKey, kContext)),
      snapshot_key_(DeriveKey(master, kSnapshotKey, kContext)),
      meta_key_(DeriveKey(master, kMetaKey, kContext)) {}

Digest Chain::Hash(const Digest& prev, const Event& e) const {
  if (!keyed_ || e.seq < keyed_from_) return ChainHash(prev, e);
  Hasher h(event_key_);
  return HashEvent(h, prev, e);
}

Digest Chain::SnapshotMac(uint64_t seq, const Digest& hash, std::string_view body) const {
  Hasher h = keyed_ ? Hasher(snapshot_key_) : Hasher();
  return h.UpdateField("takt.snapshot").UpdateU64(seq).Update(hash).UpdateField(body).Finish();
}

Digest Chain::MetaMac(std::string_view bytes) const {
  return Hasher(meta_key_).Update(bytes).Finish();
}

}  // namespace takt::journal
