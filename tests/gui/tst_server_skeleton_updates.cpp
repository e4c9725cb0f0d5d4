// What Save sends for a server annotation: skeletonUpdateActions() between two skeletons edited
// through the real SkeletonEditor — the actions, their values (§8.3) and their order (deletions
// first, so a node moved to another tree is deleted before it is created again).
#include <QtTest>

#include "core/annotation/SkeletonEditor.h"
#include "core/annotation/UndoStack.h"
#include "ui/ServerUiSkeletonUpdates.h"

using namespace skein;
namespace sk = skein::skeleton;
using client::UpdateAction;

namespace {

const std::string kTracing = "skeleton-tracing-id";

QStringList names(const std::vector<UpdateAction>& actions) {
  QStringList out;
  for (const auto& a : actions) out << QString::fromStdString(a.name);
  return out;
}

const UpdateAction* find(const std::vector<UpdateAction>& actions, const std::string& name) {
  for (const auto& a : actions)
    if (a.name == name) return &a;
  return nullptr;
}

// A skeleton with an editor that owns its undo stack.
struct Edited {
  sk::Skeleton skeleton;
  annotation::UndoStack stack;
  annotation::SkeletonEditor editor{skeleton, stack, [] { return std::int64_t(1000); }};
};

}  // namespace

class TstServerSkeletonUpdates : public QObject {
  Q_OBJECT
 private slots:
  void nothingChangedSendsNothing() {
    Edited e;
    QVERIFY(e.editor.createNode({1, 2, 3}).ok());
    QVERIFY(ui::skeletonUpdateActions(e.skeleton, e.skeleton, kTracing, 5).empty());
  }

  void newTreeNodesAndEdges() {
    Edited e;
    const sk::Skeleton before = e.skeleton;
    auto a = e.editor.createNode({10, 20, 30});
    auto b = e.editor.createNode({11, 21, 31});
    QVERIFY(a.ok() && b.ok());
    const auto actions = ui::skeletonUpdateActions(before, e.skeleton, kTracing, 5);
    const QStringList n = names(actions);
    QVERIFY2(n.indexOf("createTree") >= 0 && n.indexOf("createTree") < n.indexOf("createNode"), qPrintable(n.join(",")));
    QCOMPARE(n.count("createNode"), 2);
    QVERIFY2(n.indexOf("createEdge") > n.lastIndexOf("createNode"), qPrintable(n.join(",")));
    const UpdateAction* node = find(actions, "createNode");
    QCOMPARE(node->value["actionTracingId"].get<std::string>(), kTracing);
    QCOMPARE(node->value["position"], (nlohmann::json{10.0, 20.0, 30.0}));
    QCOMPARE(node->value["treeId"].get<int>(), e.skeleton.node(*a)->treeId);
    QCOMPARE(node->value["resolution"].get<int>(), 1);
    const UpdateAction* edge = find(actions, "createEdge");
    QCOMPARE(edge->value["source"].get<int>(), *a);
    QCOMPARE(edge->value["target"].get<int>(), *b);
    QVERIFY(n.contains("updateActiveNode"));
  }

  void movedRenamedCommentedAndDeleted() {
    Edited e;
    auto a = e.editor.createNode({1, 1, 1});
    auto b = e.editor.createNode({2, 2, 2});
    auto tree2 = e.editor.createTree();
    QVERIFY(tree2.ok());
    auto c = e.editor.createNode({3, 3, 3});
    QVERIFY(a.ok() && b.ok() && c.ok());
    const sk::Skeleton before = e.skeleton;
    const sk::TreeId firstTree = e.skeleton.node(*a)->treeId;

    QVERIFY(e.editor.moveNode(*a, {5, 5, 5}).ok());
    QVERIFY(e.editor.mergeTrees(*b, *c).ok());  // c's tree joins b's: c is deleted there, created here
    const auto actions = ui::skeletonUpdateActions(before, e.skeleton, kTracing, 5);
    const QStringList n = names(actions);
    QVERIFY2(n.contains("updateNode") && n.contains("deleteTree"), qPrintable(n.join(",")));
    QCOMPARE(find(actions, "updateNode")->value["position"], (nlohmann::json{5.0, 5.0, 5.0}));
    // Every deletion comes before every creation.
    int lastDeletion = -1, firstCreation = int(n.size());
    for (int i = 0; i < n.size(); ++i) {
      if (n[i].startsWith("delete")) lastDeletion = i;
      if (n[i].startsWith("create") && firstCreation == int(n.size())) firstCreation = i;
    }
    QVERIFY2(lastDeletion < firstCreation, qPrintable(n.join(",")));
    const UpdateAction* moved = nullptr;
    for (const auto& x : actions)
      if (x.name == "createNode" && x.value["id"] == *c) moved = &x;
    QVERIFY(moved);
    QCOMPARE(moved->value["treeId"].get<int>(), firstTree);

    // Tree properties and comments: one updateTree with the tree's comments.
    const sk::Skeleton merged = e.skeleton;
    sk::TreeProperties props = e.skeleton.tree(firstTree)->props;
    props.name = "renamed";
    QVERIFY(e.editor.setTreeProperties(firstTree, props).ok());
    QVERIFY(e.editor.setComment(*b, "look here").ok());
    const auto second = ui::skeletonUpdateActions(merged, e.skeleton, kTracing, 5);
    QCOMPARE(names(second), QStringList{"updateTree"});
    QCOMPARE(second[0].value["name"].get<std::string>(), std::string("renamed"));
    QCOMPARE(second[0].value["comments"][0]["content"].get<std::string>(), std::string("look here"));

    // Deleting a tree deletes its edges and nodes first.
    const sk::Skeleton commented = e.skeleton;
    QVERIFY(e.editor.deleteTree(firstTree).ok());
    const QStringList third = names(ui::skeletonUpdateActions(commented, e.skeleton, kTracing, 5));
    QCOMPARE(third.count("deleteNode"), 3);
    QCOMPARE(third.count("deleteEdge"), 2);
    QVERIFY2(third.indexOf("deleteTree") > third.lastIndexOf("deleteNode"), qPrintable(third.join(",")));
  }
};

QTEST_GUILESS_MAIN(TstServerSkeletonUpdates)
#include "tst_server_skeleton_updates.moc"
