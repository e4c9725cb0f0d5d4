// The skeleton annotation UI in the real main window (xvfb in CI; without a display this test
// fails): placing nodes with right clicks, undo/redo through the Edit actions, selecting and
// deleting a node (the tree splits), dragging a node (one undo step), save and reopen, the overlay
// drawing nodes in their tree colour, the unsaved-changes mark in the title, closing with unsaved
// changes, dropping an NML on the window, the recovery file and its offer at the next start.
#include <QtTest>

#include "tests/gui/GuiTestSupport.h"

#include <QAbstractButton>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QTreeWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QTreeWidgetItem>

#include "core/annotation/AnnotationFile.h"
#include "core/sample/SampleDataset.h"
#include "core/store/FileStore.h"
#include "render/GlSupport.h"
#include "ui/MainWindow.h"
#include "ui/SkeletonCommentPanel.h"
#include "ui/SkeletonNodePanel.h"
#include "ui/SkeletonOverlay.h"
#include "ui/SkeletonRecovery.h"
#include "ui/SkeletonSession.h"
#include "ui/SkeletonTool.h"
#include "ui/SkeletonTreePanel.h"
#include "ui/SkeletonUi.h"
#include "ui/SliceViewport.h"
#include "ui/ViewerSession.h"
#include "ui/Viewport3D.h"
#include "render/SkeletonScene3D.h"

#include <vtkRenderer.h>

using namespace skein;
namespace sk = skein::skeleton;

namespace {

Vec3d toVec3d(const Vec3i& v) { return {double(v.x), double(v.y), double(v.z)}; }

// Clicks the button with `text` of the modal message box named `name` once it shows.
void answerMessageBox(const QString& name, QMessageBox::StandardButton button) {
  QTimer::singleShot(0, [name, button] {
    QTRY_VERIFY_WITH_TIMEOUT(QApplication::activeModalWidget() &&
                                 QApplication::activeModalWidget()->objectName() == name,
                             10000);
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    QVERIFY(box);
    box->button(button)->click();
  });
}

}  // namespace

class TestSkeletonUi : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir dir_;
  QString sample_;
  QString recovery_;
  std::unique_ptr<ui::ViewerSession> session_;
  std::unique_ptr<ui::MainWindow> window_;
  ui::SkeletonUi* ui_ = nullptr;

  ui::SliceViewport* xy() const { return window_->sliceViewports()[0]; }
  ui::SkeletonSession& skel() const { return *ui_->skeletonSession(); }
  const sk::Skeleton& model() const { return skel().skeleton(); }

  // Logical widget positions around the XY centre, away from the crosshair lines.
  QPoint at(int dx, int dy) const { return QPoint(xy()->width() / 2 + dx, xy()->height() / 2 + dy); }

  std::vector<Vec3d> placeNodes(const std::vector<QPoint>& clicks) {
    std::vector<Vec3d> voxels;
    for (const QPoint& p : clicks) {
      voxels.push_back(toVec3d(xy()->voxelAt(p)));
      QTest::mouseClick(xy(), Qt::RightButton, Qt::NoModifier, p);
    }
    return voxels;
  }

  // Where a node shows in the XY viewport (logical pixels).
  QPoint nodePixel(sk::NodeId id) const {
    const render::OrthoView view = session_->orthoView(render::Plane::XY);
    return ui::nodeScreenPosition(view, model().node(id)->position, xy()->devicePixelRatioF()).toPoint();
  }

  std::vector<sk::NodeId> sortedNodeIds() const {
    std::vector<sk::NodeId> ids;
    for (const auto& n : model().nodes()) ids.push_back(n.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

 private slots:
  void initTestCase() {
    const QString problem = test::prepareGlAndSample(dir_, 64, 5, &sample_);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    recovery_ = dir_.filePath("recovery");
  }

  void init() {
    session_ = std::make_unique<ui::ViewerSession>();
    window_ = std::make_unique<ui::MainWindow>(session_.get());
    ui_ = new ui::SkeletonUi(window_.get(), session_.get(), window_->sliceViewports());
    skel().setRecoveryDirectory(recovery_);
    window_->resize(1100, 800);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->activateWindow();  // shortcuts need the active window (xvfb has no window manager)
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
    QVERIFY(window_->openLocation(sample_));
    xy()->setFocus();
  }

  void cleanup() {
    skel().newAnnotation();  // nothing unsaved: closing does not ask
    window_.reset();
    session_.reset();
    QDir(recovery_).removeRecursively();
  }

  void rightClicksPlaceAChainOfNodes() {
    const std::vector<Vec3d> voxels = placeNodes({at(-60, -40), at(30, 50), at(70, -30)});
    QCOMPARE(model().trees().size(), std::size_t(1));
    QCOMPARE(model().nodeCount(), std::size_t(3));
    const std::vector<sk::NodeId> ids = sortedNodeIds();
    for (std::size_t i = 0; i < 3; ++i) {
      QCOMPARE(model().node(ids[i])->position, voxels[i]);
      QCOMPARE(double(model().node(ids[i])->position.z), std::floor(session_->position().z));
    }
    const sk::Tree& tree = model().trees().front();
    QCOMPARE(tree.edges.size(), std::size_t(2));
    QCOMPARE(tree.edges[0], (sk::Edge{ids[0], ids[1]}));
    QCOMPARE(tree.edges[1], (sk::Edge{ids[1], ids[2]}));
    QCOMPARE(model().activeNode, std::optional<sk::NodeId>(ids[2]));
    QVERIFY(model().checkInvariants().ok());
    // The tree list shows the tree with its node count.
    QTRY_VERIFY(ui_->treePanel()->itemForTree(tree.id) != nullptr);
    QCOMPARE(ui_->treePanel()->itemForTree(tree.id)->text(1), QStringLiteral("3"));
  }

  void undoAndRedoThroughTheEditShortcuts() {
    placeNodes({at(-50, -50), at(40, 40)});
    QCOMPARE(model().nodeCount(), std::size_t(2));
    const auto ids = sortedNodeIds();
    QTest::keyClick(xy(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(model().nodeCount(), std::size_t(1));
    QVERIFY(model().hasNode(ids[0]));
    QVERIFY(!model().hasNode(ids[1]));
    QCOMPARE(model().trees().front().edges.size(), std::size_t(0));
    QTest::keyClick(xy(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(model().nodeCount(), std::size_t(2));
    QCOMPARE(model().trees().front().edges.size(), std::size_t(1));
    QCOMPARE(model().activeNode, std::optional<sk::NodeId>(ids[1]));
    // The menu actions do the same.
    ui_->action("edit.undo")->trigger();
    QCOMPARE(model().nodeCount(), std::size_t(1));
    ui_->action("edit.redo")->trigger();
    QCOMPARE(model().nodeCount(), std::size_t(2));
  }

  void selectingAndDeletingANodeSplitsTheTree() {
    placeNodes({at(-60, -40), at(0, 50), at(60, -40)});
    const auto ids = sortedNodeIds();
    const Vec3d before = session_->position();
    QTest::mouseClick(xy(), Qt::LeftButton, Qt::NoModifier, nodePixel(ids[1]));
    QCOMPARE(model().activeNode, std::optional<sk::NodeId>(ids[1]));
    QCOMPARE(session_->position(), before);  // a click on a node selects; it does not navigate
    QTest::keyClick(xy(), Qt::Key_Delete);
    QCOMPARE(model().nodeCount(), std::size_t(2));
    QCOMPARE(model().trees().size(), std::size_t(2));
    QVERIFY(model().node(ids[0])->treeId != model().node(ids[2])->treeId);
    QVERIFY(model().checkInvariants().ok());
    QTest::keyClick(xy(), Qt::Key_Z, Qt::ControlModifier);  // one step brings the node and the tree back
    QCOMPARE(model().nodeCount(), std::size_t(3));
    QCOMPARE(model().trees().size(), std::size_t(1));
  }

  void draggingANodeMovesItInOneUndoStep() {
    placeNodes({at(-40, -40), at(40, 40)});
    const auto ids = sortedNodeIds();
    const Vec3d start = model().node(ids[0])->position;
    const QPoint from = nodePixel(ids[0]);
    const QPoint to = from + QPoint(25, 15);
    const Vec3d expected = toVec3d(xy()->voxelAt(to));
    const std::size_t steps = skel().undoStack().index();
    QTest::mousePress(xy(), Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(xy(), from + QPoint(10, 5));
    QTest::mouseMove(xy(), to);
    QTest::mouseRelease(xy(), Qt::LeftButton, Qt::NoModifier, to);
    QCOMPARE(model().node(ids[0])->position, expected);
    QCOMPARE(skel().undoStack().index(), steps + 1);
    QVERIFY(ui_->action("edit.undo")->isEnabled());
    QTest::keyClick(xy(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(model().node(ids[0])->position, start);
  }

  void shiftClickMergesTreesAndKeysEdit() {
    placeNodes({at(-60, -40)});
    QTest::keyClick(xy(), Qt::Key_C);  // new tree
    QCOMPARE(model().trees().size(), std::size_t(2));
    placeNodes({at(60, 40)});
    QCOMPARE(model().trees().size(), std::size_t(2));
    auto ids = sortedNodeIds();
    QTest::keyClick(xy(), Qt::Key_B);  // branch point on the active node
    QCOMPARE(model().branchPoints.size(), std::size_t(1));
    QTest::mouseClick(xy(), Qt::LeftButton, Qt::ShiftModifier, nodePixel(ids[0]));
    QCOMPARE(model().trees().size(), std::size_t(1));
    QCOMPARE(model().edgeCount(), std::size_t(1));
    QTest::mouseClick(xy(), Qt::LeftButton, Qt::NoModifier, nodePixel(ids[0]));
    QTest::keyClick(xy(), Qt::Key_J);  // back to the branch point: active and centred
    QCOMPARE(model().activeNode, std::optional<sk::NodeId>(ids[1]));
    QCOMPARE(session_->position(), model().node(ids[1])->position);
    // Radius by shift + wheel.
    const float r0 = model().node(ids[1])->radius;
    QWheelEvent wheel(QPointF(at(0, 0)), xy()->mapToGlobal(QPointF(at(0, 0))), {}, {0, 120}, Qt::NoButton,
                      Qt::ShiftModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(xy(), &wheel);
    QVERIFY(model().node(ids[1])->radius > r0);
  }

  void saveThenReopenGivesTheSameSkeleton() {
    placeNodes({at(-60, -40), at(0, 50), at(60, -40)});
    QVERIFY(skel().editor().setComment(sortedNodeIds()[1], "synapse").ok());
    QVERIFY(skel().editor().pushBranchPoint(sortedNodeIds()[0]).ok());
    for (const QString& name : {QStringLiteral("saved.nml"), QStringLiteral("saved.zip")}) {
      const QString path = dir_.filePath(name);
      QVERIFY(ui_->saveAs(path));
      auto reread = annotation::readAnnotationFile(path.toStdString());
      QVERIFY2(reread.ok(), reread.ok() ? "" : reread.error().message.c_str());
      const std::string diff = sk::describeDifference(model(), reread->nml.skeleton);
      QVERIFY2(diff.empty(), diff.c_str());
    }
    // Reopening through the UI replaces the annotation with the file's.
    const sk::Skeleton saved = model();
    skel().newAnnotation();
    QCOMPARE(model().nodeCount(), std::size_t(0));
    QVERIFY(ui_->openAnnotation(dir_.filePath("saved.nml")));
    QCOMPARE(sk::describeDifference(model(), saved), std::string());
    QVERIFY(!window_->isWindowModified());
  }

  void overlayDrawsNodesInTheTreeColour() {
    placeNodes({at(-50, -45), at(45, 40)});
    const sk::TreeId tree = model().trees().front().id;
    QVERIFY(skel().editor().setTreeColor(tree, sk::Rgba{0, 1, 0, 1}).ok());
    const qreal dpr = xy()->devicePixelRatioF();
    for (const sk::NodeId id : sortedNodeIds()) {
      const QImage image = xy()->grabFramebuffer();
      const QPoint c = (QPointF(nodePixel(id)) * dpr).toPoint();
      bool found = false;
      for (int dy = -2; dy <= 2 && !found; ++dy)
        for (int dx = -2; dx <= 2 && !found; ++dx) {
          const QColor px = image.pixelColor(c + QPoint(dx, dy));
          found = px.green() > 220 && px.red() < 40 && px.blue() < 40;
        }
      QVERIFY2(found, qPrintable(QStringLiteral("no green node at %1,%2").arg(c.x()).arg(c.y())));
    }
    // A hidden tree is not drawn.
    sk::TreeProperties props = model().trees().front().props;
    props.visible = false;
    QVERIFY(skel().editor().setTreeProperties(tree, props).ok());
    const QImage hidden = xy()->grabFramebuffer();
    const QPoint c = (QPointF(nodePixel(sortedNodeIds()[0])) * dpr).toPoint();
    const QColor px = hidden.pixelColor(c);
    QVERIFY(!(px.green() > 220 && px.red() < 40 && px.blue() < 40));
  }

  void titleMarksUnsavedChangesUntilSaved() {
    QVERIFY(window_->windowTitle().contains(QLatin1String("[*]")));
    QVERIFY(!window_->isWindowModified());
    placeNodes({at(-30, -30)});
    QVERIFY(window_->isWindowModified());
    QVERIFY(ui_->saveAs(dir_.filePath("title.nml")));
    QVERIFY(!window_->isWindowModified());
    placeNodes({at(30, 30)});
    QVERIFY(window_->isWindowModified());
    QTest::keyClick(xy(), Qt::Key_Z, Qt::ControlModifier);  // back at the saved state
    QVERIFY(!window_->isWindowModified());
    QTest::keyClick(xy(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTest::keyClick(xy(), Qt::Key_S, Qt::ControlModifier);  // Save to the same file
    QVERIFY(!window_->isWindowModified());
    auto reread = annotation::readAnnotationFile(dir_.filePath("title.nml").toStdString());
    QVERIFY(reread.ok());
    QCOMPARE(reread->nml.skeleton.nodeCount(), std::size_t(2));
  }

  void closingWithUnsavedChangesAsks() {
    placeNodes({at(-30, -30)});
    answerMessageBox(QStringLiteral("unsavedChangesQuestion"), QMessageBox::Cancel);
    QVERIFY(!window_->close());
    QVERIFY(window_->isVisible());
    answerMessageBox(QStringLiteral("unsavedChangesQuestion"), QMessageBox::Discard);
    QVERIFY(window_->close());
  }

  void droppingAnNmlOpensIt() {
    placeNodes({at(-30, -30), at(30, 30)});
    const QString path = dir_.filePath("dropped.nml");
    QVERIFY(ui_->saveAs(path));
    const sk::Skeleton saved = model();
    skel().newAnnotation();
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    QDragEnterEvent enter(QPoint(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window_.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window_.get(), &drop);
    QTRY_COMPARE(model().nodeCount(), std::size_t(2));
    QCOMPARE(sk::describeDifference(model(), saved), std::string());
    QCOMPARE(skel().filePath(), path);
    QCOMPARE(QString::fromStdString(session_->dataset()->location), sample_);  // the dataset stays
  }

  void treePanelShowsGroupsTogglesVisibilityAndFilters() {
    placeNodes({at(-40, -40)});
    QTest::keyClick(xy(), Qt::Key_C);
    placeNodes({at(40, 40), at(60, 20)});
    const sk::TreeId first = model().trees()[0].id, second = model().trees()[1].id;
    QVERIFY(skel().editor().renameTree(first, "axon").ok());
    QVERIFY(skel().editor().renameTree(second, "dendrite").ok());
    const auto group = skel().editor().createGroup("cell 1");
    QVERIFY(group.ok());
    auto* panel = ui_->treePanel();
    QTRY_VERIFY(panel->itemForTree(second) && panel->itemForTree(second)->text(1) == "2");
    // Moving a tree into a group (what a drop on the group does) is one undoable command.
    panel->itemForTree(second)->setSelected(true);
    panel->moveSelectedTreesTo(*group);
    QCOMPARE(model().tree(second)->props.groupId, *group);
    QTRY_VERIFY(panel->itemForTree(second) && panel->itemForTree(second)->parent() &&
                panel->itemForTree(second)->parent()->text(0) == "cell 1");
    // The check box hides the tree (undoable).
    panel->itemForTree(first)->setCheckState(0, Qt::Unchecked);
    QVERIFY(!model().tree(first)->props.visible);
    QTest::keyClick(xy(), Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(model().tree(first)->props.visible);
    // The filter hides trees whose name does not match (and keeps the groups of those that do).
    QTRY_VERIFY(panel->itemForTree(first) && panel->itemForTree(first)->checkState(0) == Qt::Checked);
    panel->filterField()->setText("dend");
    QVERIFY(panel->itemForTree(first)->isHidden());
    QVERIFY(!panel->itemForTree(second)->isHidden());
    QVERIFY(!panel->itemForTree(second)->parent()->isHidden());
  }

  void commentListSortsAndJumps() {
    placeNodes({at(-60, -40), at(0, 50), at(60, -40)});
    const auto ids = sortedNodeIds();
    QVERIFY(skel().editor().setComment(ids[0], "zeta").ok());
    QVERIFY(skel().editor().setComment(ids[2], "alpha").ok());
    QTreeWidget* list = ui_->commentPanel()->list();
    QTRY_COMPARE(list->topLevelItemCount(), 2);
    list->sortByColumn(2, Qt::AscendingOrder);
    QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("alpha"));
    list->sortByColumn(0, Qt::AscendingOrder);
    QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("zeta"));
    emit list->itemDoubleClicked(list->topLevelItem(1), 0);
    QCOMPARE(model().activeNode, std::optional<sk::NodeId>(ids[2]));
    QCOMPARE(session_->position(), model().node(ids[2])->position);
    // N / P walk through the comments.
    QTest::keyClick(xy(), Qt::Key_N);
    QCOMPARE(model().activeNode, std::optional<sk::NodeId>(ids[0]));
    QTest::keyClick(xy(), Qt::Key_P);
    QCOMPARE(model().activeNode, std::optional<sk::NodeId>(ids[2]));
  }

  void nodePanelEditsRadiusAndComment() {
    placeNodes({at(-30, -30), at(30, 30)});
    const sk::NodeId active = *model().activeNode;
    auto* panel = ui_->nodePanel();
    const Vec3d p = model().node(active)->position;
    QCOMPARE(panel->positionLabel()->text(), QStringLiteral("%1, %2, %3").arg(p.x).arg(p.y).arg(p.z));
    panel->radiusField()->setValue(7.5);
    emit panel->radiusField()->editingFinished();
    QCOMPARE(model().node(active)->radius, 7.5f);
    panel->commentField()->setText("soma");
    emit panel->commentField()->editingFinished();
    QCOMPARE(model().comments.size(), std::size_t(1));
    QCOMPARE(model().comments.front().content, std::string("soma"));
    QTest::keyClick(xy(), Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(model().comments.empty());
    QTRY_COMPARE(panel->commentField()->text(), QString());
  }

  void view3dShowsTheSkeletonAndAClickSelectsANode() {
    placeNodes({at(-20, -15), at(15, 10), at(25, -20)});  // inside the 64³ dataset
    const auto ids = sortedNodeIds();
    ui::Viewport3D view(session_.get(), window_->sliceViewports());
    view.resize(500, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    ui_->attach3D(&view);
    QTRY_COMPARE(ui_->scene3D()->pointCount(), std::size_t(3));
    QCOMPARE(ui_->scene3D()->lineCount(), std::size_t(2));
    QTRY_VERIFY(view.glReady() && view.framesDrawn() > 0);
    // Where VTK itself draws the first node (display pixels, origin bottom-left).
    vtkRenderer* renderer = view.scene().renderer();
    const Vec3d voxelSize = view.scene().voxelSize();
    const Vec3d p = model().node(ids[0])->position;
    renderer->SetWorldPoint((p.x + 0.5) * voxelSize.x, (p.y + 0.5) * voxelSize.y, (p.z + 0.5) * voxelSize.z, 1);
    renderer->WorldToDisplay();
    const double* d = renderer->GetDisplayPoint();
    const qreal dpr = view.devicePixelRatioF();
    const QPoint click(int(std::lround(d[0] / dpr)), int(std::lround((view.height() * dpr - d[1] - 1) / dpr)));
    QVERIFY(view.rect().contains(click));
    QCOMPARE(model().activeNode, std::optional<sk::NodeId>(ids[2]));
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, click);
    QCOMPARE(model().activeNode, std::optional<sk::NodeId>(ids[0]));
    // Edits show in 3D: deleting a node leaves two points and one line.
    QTest::keyClick(xy(), Qt::Key_Delete);
    QTRY_COMPARE(ui_->scene3D()->pointCount(), std::size_t(2));
    QCOMPARE(ui_->scene3D()->lineCount(), std::size_t(1));
  }

  void recoveryFileIsWrittenAndOfferedAtTheNextStart() {
    skel().setAutosaveInterval(100);
    placeNodes({at(-30, -30), at(30, 30), at(50, -20)});
    const QString file = skel().recoveryFilePath();
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(file), 5000);
    auto recovered = annotation::readAnnotationFile(file.toStdString());
    QVERIFY(recovered.ok());
    QCOMPARE(sk::describeDifference(recovered->nml.skeleton, model()), std::string());

    // A later start (another process id) finds it: pretend by renaming it.
    const QString crashed = recovery_ + "/skein-recovery-999999.nml";
    QVERIFY(QFile::copy(file, crashed));
    const sk::Skeleton unsaved = model();
    QVERIFY(ui_->saveAs(dir_.filePath("recovery-test.nml")));  // saving removes the own recovery file
    QVERIFY(!QFile::exists(file));
    QCOMPARE(ui::findRecoveryFiles(recovery_).size(), std::size_t(1));
    skel().newAnnotation();
    QTimer::singleShot(0, [] {
      QTRY_VERIFY_WITH_TIMEOUT(QApplication::activeModalWidget() &&
                                   QApplication::activeModalWidget()->objectName() == "recoveryQuestion",
                               10000);
      auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
      for (QAbstractButton* b : box->buttons())
        if (b->text() == QLatin1String("Restore")) b->click();
    });
    QVERIFY(ui_->offerRecovery());
    QCOMPARE(sk::describeDifference(model(), unsaved), std::string());
    QVERIFY(window_->isWindowModified());  // restored changes are unsaved
    QVERIFY(ui::findRecoveryFiles(recovery_).empty());
  }
};

int main(int argc, char** argv) { return skein::test::runGuiTest<TestSkeletonUi>(argc, argv, "tst_skeleton_ui", true); }
#include "tst_skeleton_ui.moc"
