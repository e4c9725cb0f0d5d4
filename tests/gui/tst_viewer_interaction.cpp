// Interaction with the real main window (xvfb in CI; without a display this test fails): slice
// keys, panning and zoom keys, a click moving the other planes, wheel zoom around the cursor, the
// position field (typed and pasted), Go to position, the value under the mouse, and opening data by
// drag and drop (with a clear error for a bad location).
#include <QtTest>

#include "tests/gui/GuiTestSupport.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QStatusBar>

#include "core/dataset/ReadBox.h"
#include "core/sample/SampleDataset.h"
#include "core/store/FileStore.h"
#include "render/GlSupport.h"
#include "ui/ActionRegistry.h"
#include "ui/GoToPositionDialog.h"
#include "ui/MainWindow.h"
#include "ui/NavigationToolBar.h"
#include "ui/SliceViewport.h"
#include "ui/ViewerSession.h"
#include "ui/ViewerStatusBar.h"

using namespace skein;

namespace {

// Waits until the viewport drew a frame after `framesBefore` with every visible brick present and
// nothing left to load or upload.
bool settle(ui::ViewerSession& session, ui::SliceViewport* v, std::int64_t framesBefore) {
  return QTest::qWaitFor(
      [&] {
        const StreamStats s = session.engine().stats();
        if (v->frameInfo().frames > framesBefore && v->frameInfo().complete && session.engine().readyCount() == 0 &&
            s.queued + s.loading == 0)
          return true;
        v->requestFrame();
        return false;
      },
      20000);
}

// The raw value of one voxel of a layer at mag 1, read from the store (independent of the viewer).
std::uint64_t storedValue(ui::ViewerSession& session, const std::string& layerName, const Vec3i& voxel) {
  const Dataset* ds = session.dataset();
  const Layer* layer = ds ? ds->findLayer(layerName) : nullptr;
  if (!layer) return ~0ull;
  QByteArray out;
  if (!readBox(*layer, layer->mags.front(), {voxel, {1, 1, 1}}, out).ok() || out.isEmpty()) return ~0ull;
  std::uint64_t v = 0;
  std::memcpy(&v, out.constData(), std::min<std::size_t>(sizeof v, static_cast<std::size_t>(out.size())));
  return v;
}

// The image pixel that shows mag-1 voxel `voxel` in a viewport (device pixels).
QPoint pixelOfVoxel(ui::ViewerSession& session, render::Plane plane, const Vec3i& voxel) {
  const auto px = session.orthoView(plane).pixelAtWorld({voxel.x + 0.5, voxel.y + 0.5, voxel.z + 0.5});
  return {static_cast<int>(std::floor(px[0])), static_cast<int>(std::floor(px[1]))};
}

// Whether image pixel `px` of a plane shows the stored grey value of the voxel under its centre.
// With an odd viewport size at zoom 1 the centre lies on a voxel boundary: either side counts.
bool pixelShowsStoredVoxel(ui::ViewerSession& session, render::Plane plane, const QImage& image, QPoint px,
                           QString* why) {
  const render::OrthoView view = session.orthoView(plane);
  const render::PlaneAxes ax = render::planeAxes(plane);
  const Vec3d c = view.worldAtPixel(px.x(), px.y());
  auto candidates = [](double w) {
    const double f = std::floor(w);
    std::vector<std::int64_t> out{static_cast<std::int64_t>(f)};
    if (std::abs(w - f) < 1e-6) out.push_back(static_cast<std::int64_t>(f) - 1);
    return out;
  };
  const int shown = qRed(image.pixel(px));
  QStringList stored;
  for (std::int64_t u : candidates(c[ax.u]))
    for (std::int64_t v : candidates(c[ax.v])) {
      Vec3i voxel;
      voxel[ax.u] = u;
      voxel[ax.v] = v;
      voxel[ax.w] = view.depthVoxel();
      const auto want = storedValue(session, "color", voxel);
      if (static_cast<std::uint64_t>(shown) == want) return true;
      stored << QStringLiteral("%1 at %2").arg(want).arg(QString::fromStdString(voxel.toString()));
    }
  *why = QStringLiteral("pixel %1,%2 shows %3; stored %4").arg(px.x()).arg(px.y()).arg(shown).arg(stored.join(", "));
  return false;
}

Vec3i floorVec(const Vec3d& p) {
  return {static_cast<std::int64_t>(std::floor(p.x)), static_cast<std::int64_t>(std::floor(p.y)),
          static_cast<std::int64_t>(std::floor(p.z))};
}

}  // namespace

class TestViewerInteraction : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir dir_;
  QString sample_;
  std::unique_ptr<ui::ViewerSession> session_;
  std::unique_ptr<ui::MainWindow> window_;

  ui::SliceViewport* view(int i) const { return window_->sliceViewports()[static_cast<std::size_t>(i)]; }

  // Every XY pixel near the centre shows the stored grey value of its voxel.
  void verifyXyShowsStoredVoxels() {
    const QImage image = view(0)->grabFramebuffer();
    const QPoint centre = pixelOfVoxel(*session_, render::Plane::XY, floorVec(session_->position()));
    for (int dy = -6; dy <= 6; dy += 3)
      for (int dx = -6; dx <= 6; dx += 3) {
        const QPoint px = centre + QPoint(dx, dy);
        QVERIFY(image.rect().contains(px));
        QString why;
        QVERIFY2(pixelShowsStoredVoxel(*session_, render::Plane::XY, image, px, &why), qPrintable(why));
      }
  }

 private slots:
  void initTestCase() {
    const QString problem = test::prepareGlAndSample(dir_, 64, 3, &sample_);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

  void init() {
    session_ = std::make_unique<ui::ViewerSession>();
    window_ = std::make_unique<ui::MainWindow>(session_.get());
    window_->resize(1100, 800);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->activateWindow();  // shortcuts need the active window (xvfb has no window manager)
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
    QVERIFY(window_->openLocation(sample_));
    // Plain pixels: no crosshair or scale bar, no segmentation blended over the grey values.
    window_->actionRegistry()->action("view.overlays")->setChecked(false);
    for (auto& layer : session_->layers())
      if (layer.segmentation) layer.segments.visible = false;
    session_->notifyAppearanceChanged();
    QVERIFY(settle(*session_, view(0), 0));
  }

  void cleanup() {
    window_.reset();
    session_.reset();
  }

  void sliceKeysMoveTheFocusedPlane() {
    auto* xy = view(0);
    xy->setFocus();
    QTRY_COMPARE(window_->activeViewport(), 0);
    const Vec3d p0 = session_->position();
    verifyXyShowsStoredVoxels();
    const QImage before = xy->grabFramebuffer();

    std::int64_t frames = xy->frameInfo().frames;
    QTest::keyClick(xy, Qt::Key_F);
    QCOMPARE(session_->position(), (Vec3d{p0.x, p0.y, p0.z + 1}));
    QVERIFY(settle(*session_, xy, frames));
    QVERIFY2(xy->grabFramebuffer() != before, "the XY image did not change with the slice");
    verifyXyShowsStoredVoxels();  // … and it shows the new slice's voxels

    frames = xy->frameInfo().frames;
    QTest::keyClick(xy, Qt::Key_F, Qt::ShiftModifier);
    QCOMPARE(session_->position().z, p0.z + 11);
    QVERIFY(settle(*session_, xy, frames));
    verifyXyShowsStoredVoxels();

    QTest::keyClick(xy, Qt::Key_D, Qt::ShiftModifier);
    QCOMPARE(session_->position().z, p0.z + 1);
    QTest::keyClick(xy, Qt::Key_PageUp);
    QCOMPARE(session_->position().z, p0.z);
    QTest::keyClick(xy, Qt::Key_PageDown);
    QTest::keyClick(xy, Qt::Key_D);
    QCOMPARE(session_->position(), p0);
    frames = xy->frameInfo().frames;
    xy->requestFrame();
    QVERIFY(settle(*session_, xy, frames));
    QCOMPARE(xy->grabFramebuffer(), before);  // back on the first slice: the same image

    // The YZ plane's depth axis is x, XZ's is y.
    view(1)->setFocus();
    QTRY_COMPARE(window_->activeViewport(), 1);
    QTest::keyClick(view(1), Qt::Key_F);
    QCOMPARE(session_->position(), (Vec3d{p0.x + 1, p0.y, p0.z}));
    view(2)->setFocus();
    QTRY_COMPARE(window_->activeViewport(), 2);
    QTest::keyClick(view(2), Qt::Key_PageDown, Qt::ShiftModifier);
    QCOMPARE(session_->position(), (Vec3d{p0.x + 1, p0.y + 10, p0.z}));
  }

  void arrowKeysPanAndPlusMinusZoom() {
    auto* xy = view(0);
    xy->setFocus();
    QTRY_COMPARE(window_->activeViewport(), 0);
    const Vec3d p0 = session_->position();
    const double z0 = session_->zoom();
    QTest::keyClick(xy, Qt::Key_Left);
    QCOMPARE(session_->position().x, p0.x - 64 * z0);
    QTest::keyClick(xy, Qt::Key_Down);
    QCOMPARE(session_->position().y, p0.y + 64 * z0);
    QCOMPARE(session_->position().z, p0.z);
    QTest::keyClick(xy, Qt::Key_Plus);
    QCOMPARE(session_->zoom(), z0 / 1.25);
    QTest::keyClick(xy, Qt::Key_Minus);
    QTest::keyClick(xy, Qt::Key_Minus);
    QCOMPARE(session_->zoom(), z0 * 1.25);
    QTest::keyClick(xy, Qt::Key_Equal);
    QCOMPARE(session_->zoom(), z0);
  }

  void clickInXyMovesTheOtherPlanes() {
    auto* xy = view(0);
    const Vec3d p0 = session_->position();
    const Vec3i target{static_cast<std::int64_t>(p0.x) - 11, static_cast<std::int64_t>(p0.y) + 7,
                       static_cast<std::int64_t>(p0.z)};
    const qreal dpr = xy->devicePixelRatioF();
    const QPoint devicePx = pixelOfVoxel(*session_, render::Plane::XY, target);
    const QPoint widgetPt(static_cast<int>(devicePx.x() / dpr), static_cast<int>(devicePx.y() / dpr));
    const Vec3i clicked = xy->voxelAt(widgetPt);
    QVERIFY(std::abs(clicked.x - target.x) <= 1 && std::abs(clicked.y - target.y) <= 1);

    const std::int64_t yzFrames = view(1)->frameInfo().frames, xzFrames = view(2)->frameInfo().frames;
    QTest::mouseClick(xy, Qt::LeftButton, Qt::NoModifier, widgetPt);
    QCOMPARE(session_->position(), (Vec3d{double(clicked.x), double(clicked.y), p0.z}));
    // YZ now cuts x = clicked.x, XZ cuts y = clicked.y, and both show the clicked voxel at their crosshair.
    QCOMPARE(session_->orthoView(render::Plane::YZ).depthVoxel(), clicked.x);
    QCOMPARE(session_->orthoView(render::Plane::XZ).depthVoxel(), clicked.y);
    QVERIFY(settle(*session_, view(1), yzFrames));
    QVERIFY(settle(*session_, view(2), xzFrames));
    for (int i = 1; i <= 2; ++i) {
      const auto plane = view(i)->plane();
      const QImage image = view(i)->grabFramebuffer();
      const QPoint px = pixelOfVoxel(*session_, plane, {clicked.x, clicked.y, static_cast<std::int64_t>(p0.z)});
      QVERIFY(image.rect().contains(px));
      QString why;
      QVERIFY2(pixelShowsStoredVoxel(*session_, plane, image, px, &why), qPrintable(why));
    }
  }

  void wheelZoomKeepsThePointUnderTheCursor() {
    auto* xy = view(0);
    const QPointF cursor(xy->width() / 2.0 + 37, xy->height() / 2.0 - 23);
    const qreal dpr = xy->devicePixelRatioF();
    for (int delta : {120, 120, -120, -360}) {
      const double zoomBefore = session_->zoom();
      const Vec3i voxelBefore = xy->voxelAt(cursor);
      const Vec3d worldBefore =
          session_->orthoView(render::Plane::XY).worldAtPixel(cursor.x() * dpr - 0.5, cursor.y() * dpr - 0.5);
      QWheelEvent wheel(cursor, xy->mapToGlobal(cursor), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
                        Qt::NoScrollPhase, false);
      QApplication::sendEvent(xy, &wheel);
      QVERIFY(session_->zoom() != zoomBefore);
      QCOMPARE(session_->zoom() < zoomBefore, delta > 0);  // wheel forward zooms in
      const Vec3d worldAfter =
          session_->orthoView(render::Plane::XY).worldAtPixel(cursor.x() * dpr - 0.5, cursor.y() * dpr - 0.5);
      QVERIFY(std::abs(worldAfter.x - worldBefore.x) < 1e-6 && std::abs(worldAfter.y - worldBefore.y) < 1e-6);
      QCOMPARE(xy->voxelAt(cursor), voxelBefore);
    }
  }

  void positionFieldAcceptsTypedAndPastedPositions() {
    auto* edit = window_->navigationToolBar()->positionEdit();
    QCOMPARE(edit->text(), QStringLiteral("32, 32, 32"));
    for (const QString& pasted : {QStringLiteral("10,20,30"), QStringLiteral("(11, 21, 31)"), QStringLiteral("12 22 32")}) {
      QApplication::clipboard()->setText(pasted);
      edit->setFocus();
      edit->selectAll();
      QTest::keySequence(edit, QKeySequence::Paste);
      const auto parsed = pasted.split(QRegularExpression("[^0-9]+"), Qt::SkipEmptyParts);
      QCOMPARE(session_->position(), (Vec3d{parsed[0].toDouble(), parsed[1].toDouble(), parsed[2].toDouble()}));
    }
    // Typed text applies on Enter; the field then shows the position in its own format.
    edit->selectAll();
    QTest::keyClicks(edit, "5 6 7");
    QCOMPARE(session_->position(), (Vec3d{12, 22, 32}));  // not before Enter
    QTest::keyClick(edit, Qt::Key_Return);
    QCOMPARE(session_->position(), (Vec3d{5, 6, 7}));
    QCOMPARE(edit->text(), QStringLiteral("5, 6, 7"));
    // Garbage leaves the position and says why in the status bar.
    edit->selectAll();
    QTest::keyClicks(edit, "north");
    QTest::keyClick(edit, Qt::Key_Return);
    QCOMPARE(session_->position(), (Vec3d{5, 6, 7}));
    QVERIFY(window_->statusBar()->currentMessage().contains("not a position"));
    // The field follows the session when the view moves.
    view(0)->setFocus();
    QTest::keyClick(view(0), Qt::Key_F);
    QCOMPARE(edit->text(), QStringLiteral("5, 6, 8"));
  }

  void goToPositionDialog() {
    view(0)->setFocus();
    QTest::keyClick(view(0), Qt::Key_G, Qt::ControlModifier);
    ui::GoToPositionDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = window_->findChild<ui::GoToPositionDialog*>()) != nullptr);
    auto* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    dialog->field()->setText("1 2");
    QVERIFY(!ok->isEnabled());
    dialog->field()->setText("[40; 41; 42]");
    QVERIFY(ok->isEnabled());
    ok->click();
    QCOMPARE(session_->position(), (Vec3d{40, 41, 42}));
  }

  void statusBarShowsTheValuesUnderTheMouse() {
    auto* xy = view(0);
    for (auto& layer : session_->layers()) layer.segments.visible = true;  // list the segment id too
    session_->notifyAppearanceChanged();
    QVERIFY(settle(*session_, xy, xy->frameInfo().frames));
    const QPointF pt(xy->width() / 2.0 + 9, xy->height() / 2.0 + 5);
    QMouseEvent move(QEvent::MouseMove, pt, xy->mapToGlobal(pt), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(xy, &move);
    const Vec3i v = xy->voxelAt(pt);
    const QString text = window_->viewerStatusBar()->hoverLabel()->text();
    const QString color = QStringLiteral("color %1").arg(storedValue(*session_, "color", v));
    const QString segment = QStringLiteral("segmentation %1").arg(storedValue(*session_, "segmentation", v));
    QVERIFY2(text.contains(QStringLiteral("%1, %2, %3").arg(v.x).arg(v.y).arg(v.z)), qPrintable(text));
    QVERIFY2(text.contains(color), qPrintable(text + " lacks " + color));
    QVERIFY2(text.contains(segment), qPrintable(text + " lacks " + segment));
    QTRY_COMPARE(window_->viewerStatusBar()->loadingLabel()->text(), QStringLiteral("Loaded"));
    QVERIFY(window_->viewerStatusBar()->positionLabel()->text().contains("32, 32, 32"));
  }

  void dropFolderOpensItAndBadDropShowsAnError() {
    ui::ViewerSession session;
    ui::MainWindow window(&session);
    window.resize(900, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!session.hasDataset());

    QMimeData folder;
    folder.setUrls({QUrl::fromLocalFile(sample_)});
    QDragEnterEvent enter(QPoint(100, 100), Qt::CopyAction, &folder, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(100, 100), Qt::CopyAction, &folder, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QTRY_VERIFY(session.hasDataset());
    QCOMPARE(QString::fromStdString(session.dataset()->location), sample_);
    QVERIFY2(window.windowTitle().startsWith("skein_sample"), qPrintable(window.windowTitle()));

    QMimeData bad;
    bad.setText(dir_.filePath("no-such-dataset"));
    QDragEnterEvent badEnter(QPoint(100, 100), Qt::CopyAction, &bad, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &badEnter);
    QVERIFY(badEnter.isAccepted());
    QDropEvent badDrop(QPointF(100, 100), Qt::CopyAction, &bad, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &badDrop);
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = window.findChild<QMessageBox*>("errorMessage")) != nullptr && box->isVisible());
    QVERIFY2(box->text().contains("no-such-dataset"), qPrintable(box->text()));
    QVERIFY(window.statusBar()->currentMessage().contains("no-such-dataset"));
    box->accept();
    // The open dataset is still there and still draws.
    QCOMPARE(QString::fromStdString(session.dataset()->location), sample_);
    QVERIFY(settle(session, window.sliceViewports()[0], window.sliceViewports()[0]->frameInfo().frames));
  }
};

int main(int argc, char** argv) { return skein::test::runGuiTest<TestViewerInteraction>(argc, argv, "tst_viewer_interaction", true); }
#include "tst_viewer_interaction.moc"
