#include "plant/genealogy/lot_graph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace takt::genealogy {
namespace {

using Hits = std::vector<Hit>;

// Hits ordered by (depth, node): the order within one depth is unspecified.
Hits Sorted(Hits hits) {
  std::sort(hits.begin(), hits.end(),
            [](const Hit& a, const Hit& b) { return std::pair(a.depth, a.node) < std::pair(b.depth, b.node); });
  return hits;
}

bool DepthsAscend(const Hits& hits) {
  return std::is_sorted(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.depth < b.depth; });
}

// The reference: a plain BFS over an adjacency list of sets.
Hits NaiveTrace(const std::vector<std::vector<NodeId>>& adj, NodeId start, uint32_t max_depth) {
  std::vector<int64_t> depth(adj.size(), -1);
  depth[start] = 0;
  std::vector<NodeId> frontier{start};
  Hits out;
  for (uint32_t d = 1; !frontier.empty() && (max_depth == 0 || d <= max_depth); ++d) {
    std::vector<NodeId> next;
    for (NodeId u : frontier) {
      for (NodeId v : adj[u]) {
        if (depth[v] >= 0) continue;
        depth[v] = d;
        next.push_back(v);
        out.push_back({v, d});
      }
    }
    frontier = std::move(next);
  }
  return Sorted(out);
}

std::vector<NodeId> Parents(const LotGraph& g, NodeId n) {
  std::vector<NodeId> out;
  g.ForEachParent(n, [&](NodeId p) { out.push_back(p); });
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<NodeId> Children(const LotGraph& g, NodeId n) {
  std::vector<NodeId> out;
  g.ForEachChild(n, [&](NodeId c) { out.push_back(c); });
  std::sort(out.begin(), out.end());
  return out;
}

TEST(LotGraph, InternsIds) {
  LotGraph g;
  EXPECT_EQ(g.node_count(), 0u);
  EXPECT_FALSE(g.Find("RESIN-1"));
  NodeId a = g.Intern("RESIN-1");
  NodeId b = g.Intern("PART-7");
  NodeId e = g.Intern("");
  EXPECT_EQ(g.Intern("RESIN-1"), a);
  EXPECT_NE(a, b);
  EXPECT_EQ(g.node_count(), 3u);
  EXPECT_EQ(g.Find("PART-7"), b);
  EXPECT_EQ(g.Find(""), e);
  EXPECT_FALSE(g.Find("PART-"));
  EXPECT_FALSE(g.Find("PART-77"));
  EXPECT_EQ(g.IdOf(a), "RESIN-1");
  EXPECT_EQ(g.IdOf(b), "PART-7");
  EXPECT_EQ(g.IdOf(e), "");
}

TEST(LotGraph, InternsManyIdsAcrossRehashes) {
  LotGraph g;
  for (int i = 0; i < 50000; ++i) ASSERT_EQ(g.Intern("LOT-" + std::to_string(i)), static_cast<NodeId>(i));
  for (int i = 0; i < 50000; ++i) {
    ASSERT_EQ(g.Find("LOT-" + std::to_string(i)), static_cast<NodeId>(i));
    ASSERT_EQ(g.IdOf(i), "LOT-" + std::to_string(i));
  }
  EXPECT_FALSE(g.Find("LOT-50000"));
  EXPECT_EQ(g.node_count(), 50000u);
}

TEST(LotGraph, RefusesDuplicateAndSelfLinks) {
  LotGraph g;
  NodeId a = g.Intern("A"), b = g.Intern("B");
  EXPECT_TRUE(g.AddLink(a, b));
  EXPECT_FALSE(g.AddLink(a, b));
  EXPECT_FALSE(g.AddLink(a, a));
  EXPECT_EQ(g.link_count(), 1u);
  EXPECT_TRUE(g.AddLink(b, a));  // the reverse is another link (a cycle; the plant refuses those)
  EXPECT_EQ(g.link_count(), 2u);
  g.Compact();
  EXPECT_FALSE(g.AddLink(a, b));  // also once merged into the CSR
  EXPECT_FALSE(g.AddLink(b, a));
  EXPECT_EQ(g.link_count(), 2u);
}

TEST(LotGraph, RefusesDuplicatesFromEitherSideOfAHub) {
  LotGraph g;
  NodeId hub = g.Intern("HUB");
  std::vector<NodeId> kids;
  for (int i = 0; i < 3000; ++i) kids.push_back(g.Intern("K" + std::to_string(i)));
  for (NodeId k : kids) ASSERT_TRUE(g.AddLink(hub, k));
  NodeId many_parents = kids[0];
  for (int i = 1; i < 3000; ++i) ASSERT_TRUE(g.AddLink(kids[i], many_parents));
  for (NodeId k : kids) EXPECT_FALSE(g.AddLink(hub, k));
  for (int i = 1; i < 3000; ++i) EXPECT_FALSE(g.AddLink(kids[i], many_parents));
  EXPECT_EQ(g.link_count(), 3000u + 2999u);
}

// A node with more recent links than one overlay block holds, below the first merge threshold.
TEST(LotGraph, KeepsManyRecentLinksOfOneNode) {
  LotGraph g;
  NodeId coil = g.Intern("COIL");
  Hits expect;
  for (int i = 0; i < 50; ++i) {
    NodeId part = g.Intern("PART-" + std::to_string(i));
    ASSERT_TRUE(g.AddLink(coil, part));
    expect.push_back({part, 1});
  }
  for (int i = 0; i < 50; ++i) EXPECT_FALSE(g.AddLink(coil, *g.Find("PART-" + std::to_string(i))));
  EXPECT_EQ(g.link_count(), 50u);
  EXPECT_EQ(Sorted(g.Trace(coil, Direction::kForward).hits), Sorted(expect));
  EXPECT_EQ(Children(g, coil).size(), 50u);
  auto truncated = g.Trace(coil, Direction::kForward, 0, 13);
  EXPECT_TRUE(truncated.truncated);
  EXPECT_EQ(truncated.hits.size(), 13u);
  g.Compact();
  EXPECT_EQ(Sorted(g.Trace(coil, Direction::kForward).hits), Sorted(expect));
  EXPECT_FALSE(g.AddLink(coil, *g.Find("PART-7")));
}

// resin -> pellet -> {cap, body} -> bottle, and a label straight into the bottle:
//
//   resin   pellet   cap    bottle
//     R ----> P ---> C ----> B
//              \---> D ---/  ^
//   label L -----------------/
class Diamond : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* id : {"R", "P", "C", "D", "B", "L"}) g.Intern(id);
    ASSERT_TRUE(g.AddLink(Id("R"), Id("P")));
    ASSERT_TRUE(g.AddLink(Id("P"), Id("C")));
    ASSERT_TRUE(g.AddLink(Id("P"), Id("D")));
    ASSERT_TRUE(g.AddLink(Id("C"), Id("B")));
    ASSERT_TRUE(g.AddLink(Id("D"), Id("B")));
    ASSERT_TRUE(g.AddLink(Id("L"), Id("B")));
  }
  NodeId Id(const char* s) const { return *g.Find(s); }
  LotGraph g;
};

TEST_F(Diamond, TracesBackward) {
  auto r = g.Trace(Id("B"), Direction::kBackward);
  EXPECT_FALSE(r.truncated);
  EXPECT_TRUE(DepthsAscend(r.hits));
  EXPECT_EQ(Sorted(r.hits), Sorted({{Id("C"), 1}, {Id("D"), 1}, {Id("L"), 1}, {Id("P"), 2}, {Id("R"), 3}}));
  EXPECT_EQ(g.Trace(Id("C"), Direction::kBackward).hits, Hits({{Id("P"), 1}, {Id("R"), 2}}));
  EXPECT_TRUE(g.Trace(Id("R"), Direction::kBackward).hits.empty());
}

TEST_F(Diamond, TracesForward) {
  auto r = g.Trace(Id("R"), Direction::kForward);
  EXPECT_FALSE(r.truncated);
  EXPECT_TRUE(DepthsAscend(r.hits));
  EXPECT_EQ(Sorted(r.hits), Sorted({{Id("P"), 1}, {Id("C"), 2}, {Id("D"), 2}, {Id("B"), 3}}));
  EXPECT_EQ(g.Trace(Id("L"), Direction::kForward).hits, Hits({{Id("B"), 1}}));
  EXPECT_TRUE(g.Trace(Id("B"), Direction::kForward).hits.empty());
}

TEST_F(Diamond, SameAnswersAfterCompaction) {
  auto before_b = Sorted(g.Trace(Id("B"), Direction::kBackward).hits);
  auto before_f = Sorted(g.Trace(Id("R"), Direction::kForward).hits);
  g.Compact();
  EXPECT_EQ(Sorted(g.Trace(Id("B"), Direction::kBackward).hits), before_b);
  EXPECT_EQ(Sorted(g.Trace(Id("R"), Direction::kForward).hits), before_f);
}

TEST_F(Diamond, ListsDirectNeighbours) {
  EXPECT_EQ(Parents(g, Id("B")), (std::vector<NodeId>{Id("C"), Id("D"), Id("L")}));
  EXPECT_EQ(Children(g, Id("P")), (std::vector<NodeId>{Id("C"), Id("D")}));
  EXPECT_TRUE(Parents(g, Id("R")).empty());
  EXPECT_TRUE(Children(g, Id("B")).empty());
  g.Compact();
  EXPECT_EQ(Parents(g, Id("B")), (std::vector<NodeId>{Id("C"), Id("D"), Id("L")}));
}

TEST_F(Diamond, StopsAtMaxDepth) {
  EXPECT_EQ(Sorted(g.Trace(Id("B"), Direction::kBackward, 1).hits), Sorted({{Id("C"), 1}, {Id("D"), 1}, {Id("L"), 1}}));
  EXPECT_EQ(Sorted(g.Trace(Id("R"), Direction::kForward, 2).hits), Sorted({{Id("P"), 1}, {Id("C"), 2}, {Id("D"), 2}}));
  EXPECT_FALSE(g.Trace(Id("R"), Direction::kForward, 2).truncated);
  EXPECT_EQ(g.Trace(Id("R"), Direction::kForward, 3).hits.size(), 4u);
}

TEST_F(Diamond, TruncatesAtLimit) {
  auto r = g.Trace(Id("B"), Direction::kBackward, 0, 4);
  EXPECT_TRUE(r.truncated);
  ASSERT_EQ(r.hits.size(), 4u);
  EXPECT_EQ(Sorted({r.hits.begin(), r.hits.begin() + 3}), Sorted({{Id("C"), 1}, {Id("D"), 1}, {Id("L"), 1}}));
  EXPECT_EQ(r.hits[3], (Hit{Id("P"), 2}));
  // Exactly as many as reachable is not truncated; one fewer is.
  EXPECT_FALSE(g.Trace(Id("B"), Direction::kBackward, 0, 5).truncated);
  EXPECT_TRUE(g.Trace(Id("B"), Direction::kBackward, 0, 0).truncated);
  EXPECT_TRUE(g.Trace(Id("B"), Direction::kBackward, 0, 0).hits.empty());
  // The limit counts only what max_depth lets through.
  EXPECT_FALSE(g.Trace(Id("B"), Direction::kBackward, 1, 3).truncated);
  // A truncated trace leaves no state behind: the next one is complete.
  EXPECT_EQ(g.Trace(Id("B"), Direction::kBackward).hits.size(), 5u);
}

TEST(LotGraph, CyclesTerminate) {
  LotGraph g;
  NodeId a = g.Intern("A"), b = g.Intern("B"), c = g.Intern("C");
  ASSERT_TRUE(g.AddLink(a, b));
  ASSERT_TRUE(g.AddLink(b, c));
  ASSERT_TRUE(g.AddLink(c, a));
  EXPECT_EQ(g.Trace(a, Direction::kForward).hits, Hits({{b, 1}, {c, 2}}));
  EXPECT_EQ(g.Trace(a, Direction::kBackward).hits, Hits({{c, 1}, {b, 2}}));
  g.Compact();
  EXPECT_EQ(g.Trace(b, Direction::kForward).hits, Hits({{c, 1}, {a, 2}}));
}

// Random graphs against the naive BFS, with traces interleaved with AddLink so that the
// comparison happens before, during and after automatic merges of the overlay.
TEST(LotGraph, MatchesNaiveBfsAcrossMerges) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    std::mt19937 rng(seed);
    const NodeId nodes = 3000;
    LotGraph g;
    std::vector<std::vector<NodeId>> fwd(nodes), bwd(nodes);
    for (NodeId i = 0; i < nodes; ++i) ASSERT_EQ(g.Intern("L" + std::to_string(i)), i);
    std::uniform_int_distribution<NodeId> any(0, nodes - 1);
    size_t links = 0, compared = 0;
    for (int step = 0; step < 9000; ++step) {
      // Mostly "older into newer" like real genealogy, with some arbitrary links (cycles included).
      NodeId p = any(rng), c = any(rng);
      if (step % 7 != 0 && p > c) std::swap(p, c);
      const bool fresh = p != c && std::find(fwd[p].begin(), fwd[p].end(), c) == fwd[p].end();
      ASSERT_EQ(g.AddLink(p, c), fresh);
      if (fresh) {
        fwd[p].push_back(c);
        bwd[c].push_back(p);
        ++links;
      }
      ASSERT_EQ(g.link_count(), links);
      if (step % 97 == 0) {
        NodeId s = any(rng);
        for (uint32_t max_depth : {0u, 2u}) {
          auto f = g.Trace(s, Direction::kForward, max_depth);
          auto b = g.Trace(s, Direction::kBackward, max_depth);
          ASSERT_TRUE(DepthsAscend(f.hits) && DepthsAscend(b.hits));
          ASSERT_EQ(Sorted(f.hits), NaiveTrace(fwd, s, max_depth)) << "seed " << seed << " step " << step;
          ASSERT_EQ(Sorted(b.hits), NaiveTrace(bwd, s, max_depth)) << "seed " << seed << " step " << step;
          ++compared;
        }
        std::vector<NodeId> expect = fwd[s];
        std::sort(expect.begin(), expect.end());
        ASSERT_EQ(Children(g, s), expect);
        expect = bwd[s];
        std::sort(expect.begin(), expect.end());
        ASSERT_EQ(Parents(g, s), expect);
      }
    }
    EXPECT_GT(compared, 100u);
    g.Compact();
    for (NodeId s = 0; s < nodes; s += 37) {
      ASSERT_EQ(Sorted(g.Trace(s, Direction::kForward).hits), NaiveTrace(fwd, s, 0));
      ASSERT_EQ(Sorted(g.Trace(s, Direction::kBackward).hits), NaiveTrace(bwd, s, 0));
    }
  }
}

TEST(LotGraph, CopiesAreIndependent) {
  LotGraph g;
  NodeId a = g.Intern("A"), b = g.Intern("B");
  ASSERT_TRUE(g.AddLink(a, b));
  LotGraph copy = g;
  NodeId c = copy.Intern("C");
  ASSERT_TRUE(copy.AddLink(b, c));
  ASSERT_TRUE(g.AddLink(b, g.Intern("D")));
  EXPECT_EQ(copy.node_count(), 3u);
  EXPECT_EQ(g.node_count(), 3u);
  EXPECT_EQ(copy.IdOf(2), "C");
  EXPECT_EQ(g.IdOf(2), "D");
  EXPECT_FALSE(g.Find("C"));
  EXPECT_EQ(copy.Trace(a, Direction::kForward).hits, Hits({{b, 1}, {c, 2}}));
  EXPECT_EQ(g.Trace(a, Direction::kForward).hits, Hits({{b, 1}, {*g.Find("D"), 2}}));

  LotGraph assigned;
  assigned = copy;
  copy.Compact();
  EXPECT_TRUE(copy.AddLink(a, c));
  EXPECT_EQ(assigned.link_count(), 2u);
  EXPECT_EQ(copy.link_count(), 3u);
}

TEST(LotGraph, MovesLeaveTheSourceEmptyAndUsable) {
  LotGraph g;
  NodeId a = g.Intern("A"), b = g.Intern("B");
  ASSERT_TRUE(g.AddLink(a, b));
  LotGraph moved = std::move(g);
  EXPECT_EQ(moved.link_count(), 1u);
  EXPECT_EQ(moved.Trace(a, Direction::kForward).hits, Hits({{b, 1}}));
  EXPECT_EQ(g.node_count(), 0u);  // NOLINT(bugprone-use-after-move): documented state
  EXPECT_EQ(g.link_count(), 0u);
  NodeId x = g.Intern("X"), y = g.Intern("Y");
  EXPECT_TRUE(g.AddLink(x, y));
  EXPECT_EQ(g.Trace(y, Direction::kBackward).hits, Hits({{x, 1}}));
  g = std::move(moved);
  EXPECT_EQ(g.IdOf(a), "A");
  EXPECT_EQ(moved.node_count(), 0u);  // NOLINT(bugprone-use-after-move)
}

TEST(LotGraph, ConcurrentTracesAgree) {
  std::mt19937 rng(7);
  const NodeId nodes = 20000;
  LotGraph g;
  for (NodeId i = 0; i < nodes; ++i) g.Intern("L" + std::to_string(i));
  for (int i = 0; i < 60000; ++i) {
    NodeId p = rng() % nodes, c = rng() % nodes;
    if (p > c) std::swap(p, c);
    g.AddLink(p, c);
  }
  std::vector<NodeId> starts;
  for (int i = 0; i < 200; ++i) starts.push_back(rng() % nodes);
  std::vector<Hits> expect;
  for (NodeId s : starts) expect.push_back(Sorted(g.Trace(s, Direction::kForward, 4).hits));

  std::vector<std::vector<Hits>> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 3; ++round) {
        got[t].clear();
        for (NodeId s : starts) got[t].push_back(Sorted(g.Trace(s, Direction::kForward, 4).hits));
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& answers : got) EXPECT_EQ(answers, expect);
}

TEST(LotGraph, CompactKeepsEverythingAndShrinks) {
  LotGraph g;
  for (int i = 0; i < 1000; ++i) g.Intern("L" + std::to_string(i));
  for (NodeId i = 1; i < 1000; ++i) ASSERT_TRUE(g.AddLink(i / 2, i));
  auto before = Sorted(g.Trace(0, Direction::kForward).hits);
  ASSERT_EQ(before.size(), 999u);
  g.Compact();
  EXPECT_EQ(Sorted(g.Trace(0, Direction::kForward).hits), before);
  EXPECT_EQ(g.Trace(999, Direction::kBackward).hits.size(), 10u);  // 499, 249, ..., 1, 0
  EXPECT_GT(g.MemoryBytes(), 999u * 2 * sizeof(NodeId));
  EXPECT_LT(g.MemoryBytes(), 64u * 1024);
}

}  // namespace
}  // namespace takt::genealogy
