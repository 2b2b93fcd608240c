// The genealogy index: which material lots were consumed into which lots.
//
// A link parent -> child means "lot `parent` was consumed into lot `child`". The plant keeps this
// graph as an in-memory projection of its journal: links only ever arrive (append-only), and the
// questions are traces, "every lot this one came from" (backward) and "every lot this one went
// into" (forward), which must stay fast at tens of millions of links.
//
// Design, and why:
// - Lots are interned to dense NodeIds (0, 1, 2, ...). Id text lives in one char arena with an end
//   offset per node; lookup is an open-addressing table of NodeIds (linear probing, load <= 0.7)
//   whose spare high bits carry a hash tag. At 10M lots that is ~15 bytes per lot plus the text,
//   against ~80 for unordered_map<string, NodeId> (a heap node with a std::string, and a bucket).
// - Adjacency is kept in both directions as CSR: per node a uint32 offset into one contiguous
//   uint32 target array. A trace then reads each node's neighbours as one contiguous run.
// - Links arrive one at a time, and CSR cannot take an insert in the middle. New links go to an
//   overlay instead: per direction and node, a chain of 32-byte blocks of up to six targets, newest
//   block first, from a head per node (4 bytes per lot and direction, allocated only while the
//   overlay is not empty; in exchange the write path does no hashing). Most lots gain fewer than
//   six links between merges, so their overlay is one cache line, which a trace prefetches like a
//   CSR run (a list of single entries was measured 2x slower to trace). Bit 31 of a node's CSR
//   offset flags "this node has overlay links", so a trace reads overlay memory only at flagged
//   nodes. When the overlay holds more than 1/8 of (links + lots) it is merged into the CSR in one
//   O(lots + links) pass and its memory is released; the threshold grows with the graph, so this is
//   amortised O(1) per link. Compact() merges on demand (after a bulk load such as a journal
//   replay).
// - Traces are breadth-first over the result vector itself (it is the queue). The visited set is a
//   per-thread bitmap (1 bit per lot, 1.25 MB at 10M lots, mostly cache resident), cleared after
//   each trace through the hits it recorded, so a 100-lot trace does not clear 10M bits. Offsets of
//   newly found lots and target runs a few queue places ahead are prefetched, which keeps several
//   memory reads in flight: traces are bound by cache misses, not by instructions.
// - AddLink finds duplicates by walking the child's parents and the parent's children in lock step
//   until either list ends: O(smaller degree), so a hub raw lot with 500k children costs no more
//   than its newest child's few parents.
//
// Limits (checked; exceeding one aborts, as a broken invariant): about 3 billion lots (the id
// table's 2^32 slots at load 0.7) and fewer than 2^31 links. Cycles are not refused here (the plant
// refuses them); traces terminate.
//
// Threads: any number of threads may call const methods concurrently (Trace keeps its scratch,
// which it leaves allocated, in thread-local storage). Non-const methods need exclusive access (the
// runtime's writer lock).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace takt::genealogy {

using NodeId = uint32_t;

enum class Direction {
  kBackward,  // child -> its parents (the inputs it was made from)
  kForward,   // parent -> its children (where it was used)
};

struct Hit {
  NodeId node;
  uint32_t depth;  // 1 = direct parent/child of the start
  bool operator==(const Hit&) const = default;
};

class LotGraph {
 public:
  LotGraph() = default;
  // Value semantics: a copy is independent of the original (the runtime copies the plant for
  // background snapshots). A moved-from graph is empty.
  LotGraph(const LotGraph&) = default;
  LotGraph& operator=(const LotGraph&) = default;
  LotGraph(LotGraph&& other) noexcept;
  LotGraph& operator=(LotGraph&& other) noexcept;

  // The node for `lot_id`, created (with no links) if the id is new. Ids are compared bytewise.
  NodeId Intern(std::string_view lot_id);
  std::optional<NodeId> Find(std::string_view lot_id) const;
  // REQUIRES: n < node_count(). The view is valid until the next non-const call.
  std::string_view IdOf(NodeId n) const;

  size_t node_count() const { return id_ends_.size(); }
  size_t link_count() const { return adj_[kFwd].targets.size() + adj_[kFwd].overlay_links; }

  // Records that `parent` was consumed into `child`. Returns false (and changes nothing) if that
  // link exists already or parent == child. REQUIRES: both < node_count().
  bool AddLink(NodeId parent, NodeId child);

  // Every node reachable from `start` in `dir`, each once, start excluded, in breadth-first order
  // (by depth; the order within one depth is unspecified). Nodes at depth `max_depth` are reported
  // but not expanded (0 = no limit). At most `limit` hits are collected; truncated is true if and
  // only if more nodes were reachable (within max_depth) than `limit`. REQUIRES: start < node_count().
  struct TraceResult {
    std::vector<Hit> hits;
    bool truncated = false;
  };
  TraceResult Trace(NodeId start, Direction dir, uint32_t max_depth = 0, size_t limit = SIZE_MAX) const;

  // Direct neighbours (for as-built records): calls f(NodeId) once for each parent / child of n,
  // in unspecified order. REQUIRES: n < node_count(); f must not modify the graph.
  template <typename F>
  void ForEachParent(NodeId n, F&& f) const {
    adj_[kBwd].ForEach(n, f);
  }
  template <typename F>
  void ForEachChild(NodeId n, F&& f) const {
    adj_[kFwd].ForEach(n, f);
  }

  // Merges the overlay into the CSR and releases spare capacity. Never needed for correctness, and
  // traces are nearly as fast without it; worth calling once after a bulk load (journal replay) for
  // the memory (10M lots, 33M links: 826 MiB as replayed, 566 MiB compacted). O(lots + links).
  void Compact();

  // Heap bytes held (vector capacities), for memory-per-link figures.
  size_t MemoryBytes() const;

 private:
  static constexpr size_t kBwd = static_cast<size_t>(Direction::kBackward);
  static constexpr size_t kFwd = static_cast<size_t>(Direction::kForward);
  static constexpr NodeId kNone = UINT32_MAX;
  static constexpr uint32_t kOverlayFlag = 1u << 31;
  static constexpr uint32_t kOffsetMask = kOverlayFlag - 1;

  // Up to six overlay links of one node, in arrival order; 32 bytes, so one cache line holds it.
  struct alignas(32) OverlayBlock {
    static constexpr uint32_t kCapacity = 6;
    uint32_t next;  // the node's previous (older) block, or kNone
    uint32_t count;
    NodeId targets[kCapacity];
  };

  // One direction: for each node, its neighbours in that direction.
  struct Adjacency {
    // node_count() + 1 entries once a node exists: node v's base run is targets[off[v] & kOffsetMask,
    // off[v + 1] & kOffsetMask). Bit 31 of off[v] is set when v has overlay links.
    std::vector<uint32_t> off;
    std::vector<NodeId> targets;
    // The overlay, links not yet merged into the CSR: node v's newest block is blocks[heads[v]].
    // Both vectors are empty (no memory) while the overlay is empty.
    std::vector<OverlayBlock> blocks;
    std::vector<uint32_t> heads;
    size_t overlay_links = 0;

    void AddNode();
    void Append(NodeId n, NodeId target);
    void Merge();  // the overlay into the CSR
    size_t MemoryBytes() const;

    template <typename F>
    void ForEach(NodeId n, F& f) const {
      const uint32_t o = off[n];
      for (uint32_t i = o & kOffsetMask, e = off[n + 1] & kOffsetMask; i < e; ++i) f(targets[i]);
      if (o & kOverlayFlag) {
        for (uint32_t b = heads[n]; b != kNone; b = blocks[b].next) {
          for (uint32_t i = 0; i < blocks[b].count; ++i) f(blocks[b].targets[i]);
        }
      }
    }
  };

  // Walks one node's neighbours (base run, then overlay list) one at a time.
  class Cursor {
   public:
    Cursor(const Adjacency& a, NodeId n);
    bool Done() const { return p_ == end_ && block_ == kNone; }
    NodeId Next();  // REQUIRES: !Done()

   private:
    const Adjacency& a_;
    const NodeId* p_;
    const NodeId* end_;
    uint32_t block_;  // the overlay block being read, or kNone
    uint32_t i_ = 0;  // the next target in it
  };

  void Swap(LotGraph& other) noexcept;
  void Rehash(size_t capacity);
  size_t Probe(std::string_view lot_id, size_t hash) const;  // the id's slot, or the free slot for it

  std::vector<char> chars_;        // id text, back to back
  std::vector<uint64_t> id_ends_;  // id n is chars_[n ? id_ends_[n - 1] : 0, id_ends_[n])
  // Open addressing over NodeIds, empty or a power of two (2^k) in size, kNone = free. A slot holds
  // the NodeId in its low k bits (ids are < 0.7 * 2^k) and the top 32 - k bits of the id's hash in
  // the rest, so most probes that miss are settled without reading the id text.
  std::vector<uint32_t> id_slots_;
  Adjacency adj_[2];  // indexed by Direction
};

}  // namespace takt::genealogy
