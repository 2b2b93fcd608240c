#include "plant/genealogy/lot_graph.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <utility>

namespace takt::genealogy {
namespace {

// A broken precondition or limit: stop rather than corrupt the index.
inline void Check(bool ok, const char* what) {
  if (__builtin_expect(!ok, 0)) {
    std::fprintf(stderr, "genealogy::LotGraph: %s\n", what);
    std::abort();
  }
}

inline size_t HashId(std::string_view id) {
  return std::hash<std::string_view>{}(id);
}

// The id table's tag for a table of 2^k slots: the hash's top 32 - k bits, placed above the NodeId.
// The slot index comes from the low bits of the same hash, so the tag adds information.
inline uint64_t IdTag(size_t hash, int k) {
  return k >= 32 ? 0 : (static_cast<uint64_t>(hash) >> (32 + k)) << k;
}

// Visited bits for Trace, one per node; all zero between traces. Shared by every graph traced on
// this thread, grown on demand.
thread_local std::vector<uint64_t> tls_seen;

// Overlay budget: merge when it holds more than this many links.
inline size_t MergeThreshold(size_t base_links, size_t nodes) {
  return std::max<size_t>(64, (base_links + nodes) / 8);
}

constexpr size_t kPrefetchAhead = 8;
constexpr size_t kLongQueue = 4096;

// Grows by half rather than doubling: at 10M lots the slack of doubling is ~100 MB.
template <typename T>
void MakeRoom(std::vector<T>& v, size_t more) {
  if (v.size() + more > v.capacity()) v.reserve(std::max(v.size() + more, v.capacity() + v.capacity() / 2 + 16));
}

}  // namespace

// ---- value semantics

LotGraph::LotGraph(LotGraph&& other) noexcept {
  Swap(other);
}

LotGraph& LotGraph::operator=(LotGraph&& other) noexcept {
  LotGraph taken(std::move(other));
  Swap(taken);
  return *this;
}

void LotGraph::Swap(LotGraph& other) noexcept {
  chars_.swap(other.chars_);
  id_ends_.swap(other.id_ends_);
  id_slots_.swap(other.id_slots_);
  std::swap(adj_[0], other.adj_[0]);
  std::swap(adj_[1], other.adj_[1]);
}

// ---- ids

std::string_view LotGraph::IdOf(NodeId n) const {
  Check(n < node_count(), "IdOf: unknown node");
  const uint64_t begin = n ? id_ends_[n - 1] : 0;
  return {chars_.data() + begin, static_cast<size_t>(id_ends_[n] - begin)};
}

size_t LotGraph::Probe(std::string_view lot_id, size_t hash) const {
  const int k = std::countr_zero(id_slots_.size());
  const uint64_t id_mask = (uint64_t{1} << k) - 1;
  const uint64_t tag = IdTag(hash, k);
  const size_t mask = id_slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const uint32_t s = id_slots_[i];
    if (s == kNone) return i;
    if ((s & ~id_mask) == tag && IdOf(static_cast<NodeId>(s & id_mask)) == lot_id) return i;
  }
}

std::optional<NodeId> LotGraph::Find(std::string_view lot_id) const {
  if (id_slots_.empty()) return std::nullopt;
  const uint32_t s = id_slots_[Probe(lot_id, HashId(lot_id))];
  if (s == kNone) return std::nullopt;
  return static_cast<NodeId>(s & ((uint64_t{1} << std::countr_zero(id_slots_.size())) - 1));
}

void LotGraph::Rehash(size_t capacity) {
  Check(capacity <= (uint64_t{1} << 32), "Intern: too many lots");
  std::vector<uint32_t> slots(capacity, kNone);
  const int k = std::countr_zero(capacity);
  const size_t mask = capacity - 1;
  for (NodeId n = 0; n < node_count(); ++n) {
    const size_t h = HashId(IdOf(n));
    size_t i = h & mask;
    while (slots[i] != kNone) i = (i + 1) & mask;
    slots[i] = static_cast<uint32_t>(IdTag(h, k) | n);
  }
  id_slots_.swap(slots);
}

NodeId LotGraph::Intern(std::string_view lot_id) {
  const size_t h = HashId(lot_id);
  size_t i = 0;
  if (!id_slots_.empty()) {
    i = Probe(lot_id, h);
    const uint32_t s = id_slots_[i];
    if (s != kNone) return static_cast<NodeId>(s & ((uint64_t{1} << std::countr_zero(id_slots_.size())) - 1));
  }
  Check(node_count() < kNone - 1, "Intern: more than 2^32 - 2 lots");
  if ((node_count() + 1) * 10 > id_slots_.size() * 7) {
    Rehash(std::max<size_t>(16, id_slots_.size() * 2));
    i = Probe(lot_id, h);
  }
  const NodeId n = static_cast<NodeId>(node_count());
  MakeRoom(chars_, lot_id.size());
  chars_.insert(chars_.end(), lot_id.begin(), lot_id.end());
  MakeRoom(id_ends_, 1);
  id_ends_.push_back(chars_.size());
  id_slots_[i] = static_cast<uint32_t>(IdTag(h, std::countr_zero(id_slots_.size())) | n);
  for (Adjacency& a : adj_) a.AddNode();
  return n;
}

// ---- links

void LotGraph::Adjacency::AddNode() {
  if (off.empty()) off.push_back(0);
  MakeRoom(off, 1);
  off.push_back(static_cast<uint32_t>(targets.size()));  // an empty base run: the new end sentinel
  if (!heads.empty()) heads.push_back(kNone);
}

void LotGraph::Adjacency::Append(NodeId n, NodeId target) {
  if (heads.empty()) heads.assign(off.size() - 1, kNone);
  uint32_t h = heads[n];
  if (h == kNone || blocks[h].count == OverlayBlock::kCapacity) {
    Check(blocks.size() < kNone, "overlay too large");
    blocks.push_back({h, 0, {}});
    h = heads[n] = static_cast<uint32_t>(blocks.size() - 1);
  }
  blocks[h].targets[blocks[h].count++] = target;
  ++overlay_links;
  off[n] |= kOverlayFlag;
}

void LotGraph::Adjacency::Merge() {
  if (overlay_links == 0) return;
  const size_t total = targets.size() + overlay_links;
  Check(total <= kOffsetMask, "more than 2^31 - 1 links");
  std::vector<NodeId> merged(total);
  const size_t nodes = off.size() - 1;
  uint32_t pos = 0;
  for (size_t v = 0; v < nodes; ++v) {
    // off[v + 1] is still the old value: offsets are rewritten in order. The new value has no flag.
    const uint32_t o = off[v];
    const uint32_t begin = o & kOffsetMask, end = off[v + 1] & kOffsetMask;
    off[v] = pos;
    std::copy(targets.begin() + begin, targets.begin() + end, merged.begin() + pos);
    pos += end - begin;
    if (o & kOverlayFlag) {
      for (uint32_t b = heads[v]; b != kNone; b = blocks[b].next) pos += blocks[b].count;
      uint32_t at = pos;  // blocks run newest first: fill backwards to keep arrival order
      for (uint32_t b = heads[v]; b != kNone; b = blocks[b].next) {
        for (uint32_t i = blocks[b].count; i-- > 0;) merged[--at] = blocks[b].targets[i];
      }
    }
  }
  off[nodes] = pos;
  targets.swap(merged);
  std::vector<OverlayBlock>().swap(blocks);
  std::vector<uint32_t>().swap(heads);
  overlay_links = 0;
}

size_t LotGraph::Adjacency::MemoryBytes() const {
  return off.capacity() * sizeof(uint32_t) + targets.capacity() * sizeof(NodeId) +
         blocks.capacity() * sizeof(OverlayBlock) + heads.capacity() * sizeof(uint32_t);
}

LotGraph::Cursor::Cursor(const Adjacency& a, NodeId n)
    : a_(a),
      p_(a.targets.data() + (a.off[n] & kOffsetMask)),
      end_(a.targets.data() + (a.off[n + 1] & kOffsetMask)),
      block_(a.off[n] & kOverlayFlag ? a.heads[n] : kNone) {}

NodeId LotGraph::Cursor::Next() {
  if (p_ != end_) return *p_++;
  const OverlayBlock& b = a_.blocks[block_];
  const NodeId t = b.targets[i_++];
  if (i_ == b.count) block_ = b.next, i_ = 0;
  return t;
}

bool LotGraph::AddLink(NodeId parent, NodeId child) {
  Check(parent < node_count() && child < node_count(), "AddLink: unknown node");
  if (parent == child) return false;
  Adjacency& up = adj_[kBwd];    // child -> parents
  Adjacency& down = adj_[kFwd];  // parent -> children
  // Lock step: whichever list ends first has been searched completely.
  for (Cursor parents(up, child), children(down, parent);;) {
    if (parents.Done()) break;
    if (parents.Next() == parent) return false;
    if (children.Done()) break;
    if (children.Next() == child) return false;
  }
  Check(link_count() < kOffsetMask, "AddLink: more than 2^31 - 1 links");
  down.Append(parent, child);
  up.Append(child, parent);
  if (down.overlay_links > MergeThreshold(down.targets.size(), node_count())) {
    down.Merge();
    up.Merge();
  }
  return true;
}

void LotGraph::Compact() {
  for (Adjacency& a : adj_) {
    a.Merge();
    a.off.shrink_to_fit();
    a.targets.shrink_to_fit();
  }
  chars_.shrink_to_fit();
  id_ends_.shrink_to_fit();
}

size_t LotGraph::MemoryBytes() const {
  return chars_.capacity() + id_ends_.capacity() * sizeof(uint64_t) + id_slots_.capacity() * sizeof(uint32_t) +
         adj_[0].MemoryBytes() + adj_[1].MemoryBytes();
}

// ---- traces

LotGraph::TraceResult LotGraph::Trace(NodeId start, Direction dir, uint32_t max_depth, size_t limit) const {
  Check(start < node_count(), "Trace: unknown node");
  const Adjacency& a = adj_[static_cast<size_t>(dir)];
  const uint32_t* off = a.off.data();
  const NodeId* targets = a.targets.data();
  std::vector<uint64_t>& seen = tls_seen;
  if (seen.size() * 64 < node_count()) seen.resize((node_count() + 63) / 64);

  TraceResult r;
  std::vector<Hit>& hits = r.hits;
  try {
    hits.reserve(std::min<size_t>(limit, 64));
    seen[start >> 6] |= uint64_t{1} << (start & 63);
    // Records v (reached at `depth`) unless seen; false when the limit stops the trace.
    auto visit = [&](NodeId v, uint32_t depth) __attribute__((always_inline)) {
      uint64_t& word = seen[v >> 6];
      const uint64_t bit = uint64_t{1} << (v & 63);
      if (word & bit) return true;
      if (hits.size() == limit) {
        r.truncated = true;
        return false;
      }
      hits.push_back({v, depth});
      word |= bit;
      __builtin_prefetch(off + v);
      return true;
    };
    // Expands node u (at depth d); false when the limit stops the trace.
    auto expand = [&](NodeId u, uint32_t d) __attribute__((always_inline)) {
      const uint32_t o = off[u];
      for (uint32_t i = o & kOffsetMask, e = off[u + 1] & kOffsetMask; i < e; ++i) {
        if (!visit(targets[i], d + 1)) return false;
      }
      if (o & kOverlayFlag) {
        for (uint32_t b = a.heads[u]; b != kNone; b = a.blocks[b].next) {
          for (uint32_t i = 0; i < a.blocks[b].count; ++i) {
            if (!visit(a.blocks[b].targets[i], d + 1)) return false;
          }
        }
      }
      return true;
    };
    if (expand(start, 0)) {
      for (size_t q = 0; q < hits.size(); ++q) {
        const Hit h = hits[q];
        if (max_depth != 0 && h.depth >= max_depth) break;  // breadth first: the rest are as deep
        // A pipeline of prefetches, each stage using what the previous one fetched: the offsets of
        // a node far ahead (in a long queue, the line fetched when the node was found has been
        // evicted by now), then its base run and overlay head, then its newest overlay block.
        if (q + kLongQueue < hits.size()) __builtin_prefetch(off + hits[q + 2 * kPrefetchAhead].node);
        if (q + kPrefetchAhead < hits.size()) {
          const NodeId ahead = hits[q + kPrefetchAhead].node;
          const uint32_t o = off[ahead];
          __builtin_prefetch(targets + (o & kOffsetMask));
          if (o & kOverlayFlag) __builtin_prefetch(a.heads.data() + ahead);
        }
        if (q + kPrefetchAhead / 2 < hits.size()) {
          const NodeId near = hits[q + kPrefetchAhead / 2].node;
          if (off[near] & kOverlayFlag) __builtin_prefetch(a.blocks.data() + a.heads[near]);
        }
        if (!expand(h.node, h.depth)) break;
      }
    }
  } catch (...) {
    std::fill(seen.begin(), seen.end(), 0);
    throw;
  }

  // Leave the bitmap all zero: through the touched nodes when few, wholesale when many.
  if (hits.size() * 8 > seen.size()) {
    std::fill(seen.begin(), seen.end(), 0);
  } else {
    seen[start >> 6] = 0;
    for (const Hit& h : hits) seen[h.node >> 6] = 0;
  }
  return r;
}

}  // namespace takt::genealogy
