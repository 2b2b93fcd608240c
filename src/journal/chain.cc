#include "journal/chain.h"

#include <cstring>

namespace takt::journal {
namespace {

// Subkey ids under the context "taktjrnl"; never reuse a number for another purpose.
constexpr char kContext[] = "taktjrnl";
constexpr uint64_t kEventKey = 1, kSnapshotKey = 2, kMetaKey = 3, kHeadKey = 4;

// The key the subkeys come from: the journal's own (format 3) or the master key (format 2).
Key SubkeyRoot(const Key& master, std::string_view journal_id) {
  if (journal_id.empty()) return master;
  Digest d = Hasher(master).UpdateField("takt.journal").UpdateField(journal_id).Finish();
  Key k;
  std::memcpy(k.bytes.data(), d.data(), k.bytes.size());
  return k;
}

}  // namespace

Chain::Chain(const Key& master, std::string_view journal_id, uint64_t keyed_from, const Digest& anchor)
    : keyed_(true), keyed_from_(keyed_from), anchor_(anchor) {
  const Key root = SubkeyRoot(master, journal_id);
  event_key_ = DeriveKey(root, kEventKey, kContext);
  snapshot_key_ = DeriveKey(root, kSnapshotKey, kContext);
  meta_key_ = DeriveKey(root, kMetaKey, kContext);
  head_key_ = DeriveKey(root, kHeadKey, kContext);
}

Digest Chain::Hash(const Digest& prev, const Event& e) const {
  if (!keyed_ || e.seq < keyed_from_) return ChainHash(prev, e);
  Hasher h(event_key_);
  return HashEvent(h, prev, e);
}

Digest Chain::SnapshotMac(uint64_t seq, const Digest& hash, std::string_view body) const {
  Hasher h = keyed_ ? Hasher(snapshot_key_) : Hasher();
  return h.UpdateField("takt.snapshot").UpdateU64(seq).Update(hash).UpdateField(body).Finish();
}

Digest Chain::HeadMac(uint64_t seq, const Digest& hash) const {
  return Hasher(head_key_).UpdateField("takt.head").UpdateU64(seq).Update(hash).Finish();
}

Digest Chain::HighWaterMac(std::string_view journal_id, uint64_t seq, const Digest& hash) const {
  return Hasher(head_key_).UpdateField("takt.high_water").UpdateField(journal_id).UpdateU64(seq).Update(hash).Finish();
}

Digest Chain::MetaMac(std::string_view bytes) const {
  return Hasher(meta_key_).Update(bytes).Finish();
}

}  // namespace takt::journal
