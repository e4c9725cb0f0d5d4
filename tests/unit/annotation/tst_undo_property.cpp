// Property test: seeded random sequences of thousands of edits (with random undo/redo and
// gestures in between). Undoing everything must give back the starting model exactly and
// redoing everything the final one; the invariants must hold after every step.

#include <QtTest>

#include <random>

#include "core/annotation/SkeletonEditor.h"
#include "core/skeleton/NmlReader.h"
#include "tests/support/TestEnv.h"

using namespace skein;
using namespace skein::skeleton;
using namespace skein::annotation;

namespace {

QString diff(const Skeleton& a, const Skeleton& b) { return QString::fromStdString(describeDifference(a, b)); }

class RandomEditor {
 public:
  RandomEditor(SkeletonEditor& editor, std::uint64_t seed) : editor_(editor), rng_(seed) {}

  // A node id that exists most of the time (sometimes a missing one, to exercise failures).
  NodeId anyNode() {
    const Skeleton& s = editor_.skeleton();
    if (s.nodeCount() == 0 || pick(20) == 0) return NodeId(pick(500));
    return s.nodes()[pick(s.nodeCount())].id;
  }
  TreeId anyTree() {
    const Skeleton& s = editor_.skeleton();
    if (s.trees().empty() || pick(20) == 0) return TreeId(pick(100));
    return s.trees()[pick(s.trees().size())].id;
  }
  GroupId anyGroup() {
    const Skeleton& s = editor_.skeleton();
    if (s.groups.empty() || pick(5) == 0) return kNoGroup;
    return s.groups[pick(s.groups.size())].id;
  }
  Vec3d anyPosition() { return {double(pick(2000)), double(pick(2000)), double(pick(100)) + 0.25 * double(pick(4))}; }
  std::size_t pick(std::size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

  // One random operation; returns whether it succeeded.
  bool step() {
    switch (pick(20)) {
      case 0: case 1: case 2: case 3: case 4:
        return editor_.createNode(anyPosition()).ok();
      case 5: return editor_.moveNode(anyNode(), anyPosition()).ok();
      case 6: return editor_.deleteNode(anyNode()).ok();
      case 7: return editor_.createEdge(anyNode(), anyNode()).ok();
      case 8: {
        const Skeleton& s = editor_.skeleton();
        const Tree* t = s.trees().empty() ? nullptr : &s.trees()[pick(s.trees().size())];
        if (!t || t->edges.empty()) return editor_.deleteEdge(anyNode(), anyNode()).ok();
        Edge e = t->edges[pick(t->edges.size())];
        return editor_.deleteEdge(e.source, e.target).ok();
      }
      case 9: return editor_.mergeTrees(anyNode(), anyNode()).ok();
      case 10: return pick(3) == 0 ? editor_.deleteTree(anyTree()).ok() : editor_.createTree().ok();
      case 11: return editor_.renameTree(anyTree(), "t" + std::to_string(pick(50))).ok();
      case 12: return editor_.setTreeColor(anyTree(), Rgba{double(pick(10)) / 10, 0.5, 0.25, 1}).ok();
      case 13: return editor_.moveTreesToGroup({anyTree(), anyTree()}, anyGroup()).ok();
      case 14: {
        switch (pick(3)) {
          case 0: return editor_.createGroup("g" + std::to_string(pick(9)), anyGroup()).ok();
          case 1: return editor_.renameGroup(anyGroup(), "renamed").ok();
          default: return editor_.deleteGroup(anyGroup()).ok();
        }
      }
      case 15: return pick(3) == 0 ? editor_.clearComment(anyNode()).ok()
                                   : editor_.setComment(anyNode(), "c" + std::to_string(pick(30))).ok();
      case 16: return pick(2) == 0 ? editor_.pushBranchPoint(anyNode()).ok() : editor_.popBranchPoint().ok();
      case 17: return editor_.setRadius(anyNode(), float(pick(8)) / 2).ok();
      case 18: return editor_.setActiveNode(pick(6) == 0 ? std::nullopt : std::optional(anyNode())).ok();
      default: {
        // A gesture of several edits is one step.
        editor_.beginGesture("gesture");
        bool any = false;
        for (std::size_t i = 0, n = 2 + pick(4); i < n; ++i) any |= editor_.createNode(anyPosition()).ok();
        any |= editor_.deleteNode(anyNode()).ok();
        editor_.endGesture();
        return any;
      }
    }
  }

 private:
  SkeletonEditor& editor_;
  std::mt19937_64 rng_;
};

void runSequence(Skeleton start, std::uint64_t seed, int steps) {
  Skeleton skeleton = start;
  UndoStack stack;
  std::int64_t clock = 1;
  SkeletonEditor editor(skeleton, stack, [&] { return clock++; });
  RandomEditor random(editor, seed);
  int succeeded = 0;
  for (int i = 0; i < steps; ++i) {
    std::size_t roll = random.pick(100);
    if (roll < 8) {
      stack.undo();
    } else if (roll < 12) {
      stack.redo();
    } else {
      succeeded += random.step() ? 1 : 0;
    }
    if (i % 97 == 0) {
      Status ok = skeleton.checkInvariants();
      if (!ok.ok()) QFAIL(qPrintable(QString("step %1 (seed %2): %3").arg(i).arg(seed).arg(ok.error().message.c_str())));
    }
  }
  QVERIFY2(succeeded > steps / 3, qPrintable(QString("only %1 edits succeeded").arg(succeeded)));
  while (stack.canRedo()) stack.redo();
  QVERIFY(skeleton.checkInvariants().ok());
  const Skeleton finalModel = skeleton;
  std::size_t applied = stack.index();
  while (stack.canUndo()) stack.undo();
  QVERIFY2(diff(skeleton, start).isEmpty(), qPrintable("undo all (seed " + QString::number(seed) + "): " + diff(skeleton, start)));
  QVERIFY(skeleton.checkInvariants().ok());
  while (stack.canRedo()) stack.redo();
  QCOMPARE(stack.index(), applied);
  QVERIFY2(diff(skeleton, finalModel).isEmpty(), qPrintable("redo all (seed " + QString::number(seed) + "): " + diff(skeleton, finalModel)));
}

}  // namespace

class TestUndoProperty : public QObject {
  Q_OBJECT
 private slots:
  void fromEmptyModel_data() {
    QTest::addColumn<quint64>("seed");
    for (quint64 seed : {1ull, 2ull, 3ull, 4ull, 5ull}) QTest::newRow(qPrintable(QString::number(seed))) << seed;
  }
  void fromEmptyModel() {
    QFETCH(quint64, seed);
    runSequence(Skeleton{}, seed, 3000);
  }

  void fromLoadedFixture() {
    auto doc = readNmlFile(skein::test::fixture("webknossos/nml__testdata_nmls__test_a.nml").toStdString());
    QVERIFY(doc.ok());
    runSequence(doc->skeleton, 42, 4000);
  }
};

QTEST_GUILESS_MAIN(TestUndoProperty)
#include "tst_undo_property.moc"
