// Each editing operation: its effect, and that one undo step restores the exact previous model.

#include <QtTest>

#include "core/annotation/SkeletonEditor.h"

using namespace skein;
using namespace skein::skeleton;
using namespace skein::annotation;

namespace {

QString diff(const Skeleton& a, const Skeleton& b) { return QString::fromStdString(describeDifference(a, b)); }

struct Fixture {
  Skeleton skeleton;
  UndoStack stack;
  std::int64_t now = 1000;
  SkeletonEditor editor{skeleton, stack, [this] { return now++; }};

  // A chain 1-2-3-4 in tree 1 (node 4 active).
  void chain(int n = 4) {
    for (int i = 0; i < n; ++i) QVERIFY(editor.createNode({double(i) * 10, 0, 0}).ok());
  }
};

}  // namespace

class TestSkeletonEditor : public QObject {
  Q_OBJECT
 private slots:
  void createNodeConnectsToActiveNode() {
    Fixture f;
    auto a = f.editor.createNode({1, 2, 3});
    QVERIFY(a.ok());
    QCOMPARE(*a, 1);
    QCOMPARE(f.skeleton.trees().size(), std::size_t(1));  // a tree was created for it
    Skeleton afterFirst = f.skeleton;
    auto b = f.editor.createNode({4, 5, 6});
    QCOMPARE(*b, 2);
    QCOMPARE(f.skeleton.activeNode, std::optional<NodeId>(2));
    QCOMPARE(f.skeleton.tree(1)->edges, (std::vector<Edge>{{1, 2}}));
    QCOMPARE(f.skeleton.node(2)->time, std::int64_t(1001));
    QCOMPARE(f.stack.count(), std::size_t(2));
    f.stack.undo();
    QCOMPARE(diff(f.skeleton, afterFirst), QString());
    QCOMPARE(f.skeleton.activeNode, std::optional<NodeId>(1));
    f.stack.redo();
    QCOMPARE(f.skeleton.activeNode, std::optional<NodeId>(2));
    QVERIFY(f.skeleton.checkInvariants().ok());
  }

  void deleteNodeSplitsTheTree() {
    Fixture f;
    f.chain();
    QVERIFY(f.editor.setComment(2, "gone soon").ok());
    QVERIFY(f.editor.pushBranchPoint(2).ok());
    Skeleton before = f.skeleton;
    QVERIFY(f.editor.deleteNode(2).ok());
    QVERIFY(f.skeleton.checkInvariants().ok());
    QVERIFY(!f.skeleton.hasNode(2));
    QCOMPARE(f.skeleton.trees().size(), std::size_t(2));
    // The active node (4) keeps the tree; the other piece is a new tree.
    QCOMPARE(f.skeleton.node(4)->treeId, 1);
    QCOMPARE(f.skeleton.node(3)->treeId, 1);
    QCOMPARE(f.skeleton.node(1)->treeId, 2);
    QCOMPARE(f.skeleton.tree(2)->props.name, f.skeleton.tree(1)->props.name + "_1");
    QVERIFY(f.skeleton.comments.empty());
    QVERIFY(f.skeleton.branchPoints.empty());
    f.stack.undo();
    QCOMPARE(diff(f.skeleton, before), QString());
    QVERIFY(!f.editor.deleteNode(77).ok());
    QCOMPARE(f.stack.index(), std::size_t(6));  // a failed edit leaves no step
  }

  void deletingTheActiveNodeActivatesANeighbour() {
    Fixture f;
    f.chain(3);
    QVERIFY(f.editor.deleteNode(3).ok());
    QCOMPARE(f.skeleton.activeNode, std::optional<NodeId>(2));
  }

  void edgesMergeAndSplitTrees() {
    Fixture f;
    f.chain(2);
    QVERIFY(f.editor.createTree().ok());
    QVERIFY(f.editor.createNode({100, 0, 0}).ok());  // node 3 in tree 2
    QVERIFY(f.editor.createNode({110, 0, 0}).ok());  // node 4 in tree 2
    QVERIFY(f.editor.setComment(3, "in tree 2").ok());
    Skeleton separate = f.skeleton;
    QVERIFY(f.editor.createEdge(2, 3).ok());  // joins the trees
    QCOMPARE(f.skeleton.trees().size(), std::size_t(1));
    QCOMPARE(f.skeleton.node(4)->treeId, 1);
    QCOMPARE(f.skeleton.tree(1)->edges.size(), std::size_t(3));
    QCOMPARE(f.skeleton.activeTree, std::optional<TreeId>(1));
    QVERIFY(f.skeleton.checkInvariants().ok());
    Skeleton merged = f.skeleton;
    QVERIFY(f.editor.splitTreeAtEdge(2, 3).ok());
    QCOMPARE(f.skeleton.trees().size(), std::size_t(2));
    QVERIFY(f.skeleton.node(1)->treeId != f.skeleton.node(4)->treeId);
    QVERIFY(f.skeleton.checkInvariants().ok());
    f.stack.undo();
    QCOMPARE(diff(f.skeleton, merged), QString());
    f.stack.undo();
    QCOMPARE(diff(f.skeleton, separate), QString());
    QVERIFY(!f.editor.createEdge(3, 4).ok());  // already joined
    QVERIFY(!f.editor.createEdge(3, 3).ok());
    QVERIFY(f.editor.createEdge(1, 4).ok() && f.editor.createEdge(1, 3).ok());  // merge, then a cycle
    QVERIFY(f.editor.deleteEdge(1, 3).ok());  // the cycle is cut: still one tree
    QCOMPARE(f.skeleton.trees().size(), std::size_t(1));
  }

  void treesAndGroups() {
    Fixture f;
    auto g = f.editor.createGroup("cells");
    auto sub = f.editor.createGroup("axons", *g);
    QVERIFY(g.ok() && sub.ok());
    auto t1 = f.editor.createTree();
    auto t2 = f.editor.createTree();
    QVERIFY(f.editor.moveTreesToGroup({*t1, *t2}, *sub).ok());
    QCOMPARE(f.skeleton.tree(*t2)->props.groupId, *sub);
    QVERIFY(!f.editor.moveTreesToGroup({*t1}, 99).ok());
    QVERIFY(f.editor.renameTree(*t1, "first").ok());
    QVERIFY(f.editor.setTreeColor(*t1, Rgba{0, 1, 0, 1}).ok());
    QVERIFY(f.editor.renameGroup(*sub, "dendrites").ok());
    QCOMPARE(f.skeleton.group(*sub)->name, std::string("dendrites"));
    Skeleton before = f.skeleton;
    QVERIFY(f.editor.deleteGroup(*sub).ok());  // its trees move to the parent group
    QCOMPARE(f.skeleton.tree(*t1)->props.groupId, *g);
    QVERIFY(f.skeleton.checkInvariants().ok());
    f.stack.undo();
    QCOMPARE(diff(f.skeleton, before), QString());
    QVERIFY(f.editor.deleteGroup(*g).ok());
    QCOMPARE(f.skeleton.group(*sub)->parent, kNoGroup);
  }

  void deleteTreeRemovesItsNodesCommentsAndBranchPoints() {
    Fixture f;
    f.chain(3);
    QVERIFY(f.editor.setComment(1, "a").ok());
    QVERIFY(f.editor.pushBranchPoint(3).ok());
    Skeleton before = f.skeleton;
    QVERIFY(f.editor.deleteTree(1).ok());
    QCOMPARE(f.skeleton.nodeCount(), std::size_t(0));
    QVERIFY(f.skeleton.comments.empty() && f.skeleton.branchPoints.empty());
    QVERIFY(!f.skeleton.activeNode && !f.skeleton.activeTree);
    f.stack.undo();
    QCOMPARE(diff(f.skeleton, before), QString());
  }

  void commentsBranchPointsRadius() {
    Fixture f;
    f.chain(3);
    QVERIFY(f.editor.setComment(2, "first").ok());
    QVERIFY(f.editor.setComment(2, "second").ok());
    QCOMPARE(f.skeleton.comments.size(), std::size_t(1));
    QCOMPARE(f.skeleton.comments[0].content, std::string("second"));
    QVERIFY(f.editor.clearComment(2).ok());
    QVERIFY(f.skeleton.comments.empty());
    QVERIFY(f.editor.pushBranchPoint(1).ok());
    QVERIFY(f.editor.pushBranchPoint(2).ok());
    auto popped = f.editor.popBranchPoint();
    QCOMPARE(*popped, 2);
    QCOMPARE(f.skeleton.activeNode, std::optional<NodeId>(2));
    QCOMPARE(f.skeleton.branchPoints.size(), std::size_t(1));
    f.stack.undo();
    QCOMPARE(f.skeleton.activeNode, std::optional<NodeId>(3));
    QCOMPARE(f.skeleton.branchPoints.back().node, 2);
    QVERIFY(f.editor.setRadius(1, 4.5f).ok());
    QCOMPARE(f.skeleton.node(1)->radius, 4.5f);
    QVERIFY(!f.editor.setRadius(1, -1).ok());
    QVERIFY(f.editor.moveNode(1, {7, 8, 9}).ok());
    QCOMPARE(f.skeleton.nodesInBox({{7, 8, 9}, {7, 8, 9}}), (std::vector<NodeId>{1}));
    f.stack.undo();
    QVERIFY(f.skeleton.nodesInBox({{7, 8, 9}, {7, 8, 9}}).empty());
    QVERIFY(!f.editor.moveNode(1, {1e20, 0, 0}).ok());
  }

  void gestureIsOneUndoStep() {
    Fixture f;
    Skeleton empty = f.skeleton;
    f.editor.beginGesture("trace");
    f.chain(5);
    f.editor.endGesture();
    QCOMPARE(f.stack.count(), std::size_t(1));
    QCOMPARE(f.stack.undoText(), std::string("trace"));
    f.stack.undo();
    QCOMPARE(diff(f.skeleton, empty), QString());
    f.stack.redo();
    QCOMPARE(f.skeleton.nodeCount(), std::size_t(5));
  }

  void importRemapsIds() {
    Fixture f;
    f.chain(3);
    Skeleton other;
    other.groups.push_back({1, "g", kNoGroup, true, {}});
    TreeProperties props;
    props.groupId = 1;
    QVERIFY(other.addTree(1, props).ok());
    Node n;
    n.id = 1;
    n.treeId = 1;
    QVERIFY(other.addNode(n).ok());
    n.id = 2;
    QVERIFY(other.addNode(n).ok());
    QVERIFY(other.addEdge(1, {1, 2}).ok());
    other.comments.push_back({2, "imported", {}});
    Skeleton before = f.skeleton;
    auto result = f.editor.importSkeleton(other, {true, "file.nml"});
    QVERIFY(result.ok());
    QCOMPARE(result->nodeIdOffset, std::int64_t(3));
    QCOMPARE(f.skeleton.nodeCount(), std::size_t(5));
    QVERIFY(f.skeleton.hasNode(5));
    QCOMPARE(f.skeleton.comments.back().node, 5);
    QCOMPARE(f.skeleton.group(*result->group)->name, std::string("file.nml"));
    const TreeGroup* imported = f.skeleton.group(static_cast<GroupId>(1 + result->groupIdOffset));
    QVERIFY(imported);
    QCOMPARE(imported->parent, *result->group);
    QVERIFY(f.skeleton.checkInvariants().ok());
    QCOMPARE(f.stack.undoText(), std::string("Import skeleton"));
    f.stack.undo();
    QCOMPARE(diff(f.skeleton, before), QString());
  }
};

QTEST_GUILESS_MAIN(TestSkeletonEditor)
#include "tst_skeleton_editor.moc"
