// The skeleton tables, the id map and the spatial index.

#include <QtTest>

#include <algorithm>
#include <random>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/skeleton/FlatIdMap.h"
#include "core/skeleton/Skeleton.h"
#include "core/skeleton/SkeletonStats.h"

using namespace skein;
using namespace skein::skeleton;

namespace {

Node makeNode(NodeId id, TreeId tree, Vec3d p) {
  Node n;
  n.id = id;
  n.treeId = tree;
  n.position = p;
  return n;
}

}  // namespace

class TestSkeletonModel : public QObject {
  Q_OBJECT
 private slots:
  void nodeRecordIsCompact() { QVERIFY(sizeof(Node) <= 64); }

  void flatIdMapMatchesStdMap() {
    FlatIdMap map;
    std::unordered_map<std::int32_t, std::uint32_t> reference;
    std::mt19937 rng(7);
    for (int i = 0; i < 200000; ++i) {
      auto key = static_cast<std::int32_t>(rng() % 5000);
      switch (rng() % 3) {
        case 0: {
          bool inserted = map.insert(key, std::uint32_t(i));
          QCOMPARE(inserted, reference.emplace(key, std::uint32_t(i)).second);
          break;
        }
        case 1:
          QCOMPARE(map.erase(key), reference.erase(key) == 1);
          break;
        default: {
          auto it = reference.find(key);
          QCOMPARE(map.find(key), it == reference.end() ? FlatIdMap::kAbsent : it->second);
        }
      }
    }
    QCOMPARE(map.size(), reference.size());
    for (auto [k, v] : reference) QCOMPARE(map.find(k), v);
    QCOMPARE(map.find(-5), FlatIdMap::kAbsent);
  }

  void mutatorsKeepInvariants() {
    Skeleton s;
    QVERIFY(s.addTree(1, {}).ok());
    QVERIFY(!s.addTree(1, {}).ok());
    QVERIFY(!s.addTree(-2, {}).ok());
    QVERIFY(s.addNode(makeNode(1, 1, {0, 0, 0})).ok());
    QVERIFY(s.addNode(makeNode(2, 1, {10, 0, 0})).ok());
    QVERIFY(!s.addNode(makeNode(2, 1, {10, 0, 0})).ok());        // duplicate id
    QVERIFY(!s.addNode(makeNode(3, 9, {10, 0, 0})).ok());        // missing tree
    QVERIFY(!s.addNode(makeNode(3, 1, {std::nan(""), 0, 0})).ok());
    QVERIFY(!s.addNode(makeNode(3, 1, {1e12, 0, 0})).ok());
    QVERIFY(s.addEdge(1, {1, 2}).ok());
    QVERIFY(!s.addEdge(1, {2, 1}).ok());  // duplicate in the other direction
    QVERIFY(!s.addEdge(1, {1, 1}).ok());
    QVERIFY(!s.removeEmptyTree(1).ok());
    QCOMPARE(s.tree(1)->nodeCount, std::size_t(2));
    QVERIFY(s.checkInvariants().ok());
    QVERIFY(s.addTree(2, {}, 0).ok());
    QCOMPARE(s.trees()[0].id, 2);
    QCOMPARE(*s.treePosition(1), std::size_t(1));
    QVERIFY(s.setTreeEdges(1, {}).ok());
    QVERIFY(s.reassignNodes(std::vector<NodeId>{2}, 2).ok());
    QCOMPARE(s.tree(2)->nodeCount, std::size_t(1));
    QVERIFY(!s.setTreeEdges(1, {{1, 2}}).ok());  // 2 is in another tree now
    QVERIFY(s.removeNode(1).ok());
    QVERIFY(s.removeEmptyTree(1).ok());
    QVERIFY(s.checkInvariants().ok());
    QCOMPARE(s.nodeCount(), std::size_t(1));
    QCOMPARE(s.maxNodeId(), 2);
  }

  void spatialQueriesMatchBruteForce() {
    Skeleton s;
    QVERIFY(s.addTree(1, {}).ok());
    std::mt19937 rng(99);
    std::uniform_real_distribution<double> coord(-3000, 3000);
    std::vector<Edge> edges;
    for (NodeId id = 1; id <= 3000; ++id) {
      QVERIFY(s.addNode(makeNode(id, 1, {coord(rng), coord(rng), coord(rng) / 10})).ok());
      if (id > 1) edges.push_back({id - 1, id});  // many of these are long (random jumps)
    }
    QVERIFY(s.setTreeEdges(1, edges).ok());
    // Move and delete some nodes so the incremental updates are exercised too.
    for (NodeId id = 1; id <= 300; ++id) {
      Node n = *s.node(id * 7);
      n.position = {coord(rng), coord(rng), 0};
      QVERIFY(s.updateNode(n).ok());
    }
    QVERIFY(s.checkInvariants().ok());
    for (int q = 0; q < 200; ++q) {
      Vec3d a{coord(rng), coord(rng), coord(rng) / 10}, b{coord(rng), coord(rng), coord(rng) / 10};
      Aabb box{{std::min(a.x, b.x), std::min(a.y, b.y), std::min(a.z, b.z)},
               {std::max(a.x, b.x), std::max(a.y, b.y), std::max(a.z, b.z)}};
      std::vector<NodeId> got = s.nodesInBox(box);
      std::set<NodeId> expected;
      for (const Node& n : s.nodes())
        if (box.contains(n.position)) expected.insert(n.id);
      QCOMPARE(std::set<NodeId>(got.begin(), got.end()), expected);
      QCOMPARE(got.size(), expected.size());
      std::vector<Edge> gotEdges = s.edgesInBox(box);
      std::size_t expectedEdges = 0;
      for (const Edge& e : s.tree(1)->edges)
        if (box.intersectsSegment(s.node(e.source)->position, s.node(e.target)->position)) ++expectedEdges;
      QCOMPARE(gotEdges.size(), expectedEdges);
    }
    // An edge crossing a box with both ends outside it is found.
    Skeleton t;
    QVERIFY(t.addTree(1, {}).ok());
    QVERIFY(t.addNode(makeNode(1, 1, {-100, 5, 5})).ok());
    QVERIFY(t.addNode(makeNode(2, 1, {100, 5, 5})).ok());
    QVERIFY(t.addEdge(1, {1, 2}).ok());
    Aabb slab{{0, 0, 0}, {10, 10, 10}};
    QCOMPARE(t.nodesInBox(slab).size(), std::size_t(0));
    QCOMPARE(t.edgesInBox(slab).size(), std::size_t(1));
  }

  void statsSummariseTheModel() {
    Skeleton s;
    QVERIFY(s.addTree(1, {}).ok());
    QVERIFY(s.addNode(makeNode(1, 1, {1, 2, 3})).ok());
    QVERIFY(s.addNode(makeNode(2, 1, {-4, 8, 0.5})).ok());
    QVERIFY(s.addEdge(1, {1, 2}).ok());
    s.comments.push_back({1, "c", {}});
    nlohmann::json j = statsToJson(computeStats(s));
    QCOMPARE(j["trees"].get<int>(), 1);
    QCOMPARE(j["nodes"].get<int>(), 2);
    QCOMPARE(j["edges"].get<int>(), 1);
    QCOMPARE(j["comments"].get<int>(), 1);
    QCOMPARE(j["boundingBox"]["min"][0].get<double>(), -4.0);
    QCOMPARE(j["boundingBox"]["max"][1].get<double>(), 8.0);
    QVERIFY(statsToJson(computeStats(Skeleton{}))["boundingBox"].is_null());
  }
};

QTEST_GUILESS_MAIN(TestSkeletonModel)
#include "tst_skeleton_model.moc"
