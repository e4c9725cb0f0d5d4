// The main window in a real window (needs an X display with OpenGL: xvfb-run in CI). Without one
// this test fails on purpose: GL coverage must never be skipped silently.
#include <QtTest>

#include "render/GlSupport.h"
#include "ui/MainWindow.h"
#include "ui/ViewportWidget.h"

using namespace skein;

class TestMainWindow : public QObject {
  Q_OBJECT
 private slots:
  void openGlIsAvailable() {
    const auto probe = render::probeOpenGl();
    QVERIFY2(probe.ok, qPrintable(probe.problem));
  }
  void showsFourViewportsThatDraw() {
    ui::MainWindow w;
    w.resize(800, 600);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    for (auto* v : w.viewports()) {
      QVERIFY(v != nullptr);
      QTRY_VERIFY_WITH_TIMEOUT(v->framesDrawn() > 0, 5000);
      QVERIFY(v->glReady());
      const QImage img = v->grabFramebuffer();
      QVERIFY(!img.isNull());
      // The cleared background (0.08, 0.08, 0.10) in the centre of the viewport.
      const QColor c = img.pixelColor(img.width() / 2, img.height() / 2);
      QVERIFY2(qAbs(c.red() - 20) <= 2 && qAbs(c.blue() - 26) <= 2,
               qPrintable(QStringLiteral("unexpected clear colour %1").arg(c.name())));
    }
    // 2×2 layout: XY top-left, YZ top-right, XZ bottom-left, 3D bottom-right.
    const auto& vp = w.viewports();
    QCOMPARE(vp[0]->kind(), ui::ViewportKind::XY);
    QVERIFY(vp[1]->x() > vp[0]->x());
    QVERIFY(vp[2]->y() > vp[0]->y());
    QVERIFY(vp[3]->x() > vp[2]->x() && vp[3]->y() > vp[1]->y());
  }
};

int main(int argc, char** argv) {
  render::prepareOpenGlBeforeApplication();
  QApplication app(argc, argv);
  TestMainWindow t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_mainwindow.moc"
