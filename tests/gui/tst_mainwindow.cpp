// The main window in a real window (needs an X display with OpenGL: xvfb-run in CI). Without one
// this test fails on purpose: GL coverage must never be skipped silently.
#include <QtTest>

#include "render/GlSupport.h"
#include "ui/MainWindow.h"
#include "ui/SliceViewport.h"
#include "ui/ViewerSession.h"
#include "ui/Viewport3D.h"

using namespace skein;

class TestMainWindow : public QObject {
  Q_OBJECT
 private slots:
  void openGlIsAvailable() {
    const auto probe = render::probeOpenGl();
    QVERIFY2(probe.ok, qPrintable(probe.problem));
  }
  void showsFourViewportsThatDraw() {
    ui::ViewerSession session;
    ui::MainWindow w(&session);
    w.resize(800, 600);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    for (auto* v : w.sliceViewports()) {
      QTRY_VERIFY_WITH_TIMEOUT(v->frameInfo().frames > 0, 5000);
      QVERIFY2(v->glReady(), qPrintable(v->glError()));
    }
    QTRY_VERIFY_WITH_TIMEOUT(w.view3d()->framesDrawn() > 0, 5000);
    // 2×2 layout: XY top-left, YZ top-right, XZ bottom-left, 3D bottom-right.
    const auto& vp = w.sliceViewports();
    QCOMPARE(vp[0]->plane(), render::Plane::XY);
    QVERIFY(vp[1]->x() > vp[0]->x());
    QVERIFY(vp[2]->y() > vp[0]->y());
    QVERIFY(w.view3d()->x() > vp[2]->x() && w.view3d()->y() > vp[1]->y());
    // Maximising one viewport hides the others; toggling back shows all four.
    w.maximizeViewport(1);
    QVERIFY(vp[1]->isVisible() && !vp[0]->isVisible() && !w.view3d()->isVisible());
    w.maximizeViewport(-1);
    QVERIFY(vp[0]->isVisible() && vp[2]->isVisible() && w.view3d()->isVisible());
  }
};

int main(int argc, char** argv) {
  render::prepareOpenGlBeforeApplication();
  QApplication app(argc, argv);
  TestMainWindow t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_mainwindow.moc"
