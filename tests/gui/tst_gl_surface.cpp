// GlSurfaceWidget in a real window (xvfb in CI; without an X display with OpenGL this test fails on
// purpose): frames reach the screen upright and the grab matches them, overlays are painted over the
// frame (not into its framebuffer object), requests coalesce, one
// context can serve several widgets and never leaves its offscreen surface, resizes reach resizeGL,
// a hidden widget paints once shown, and no native window stands between input and the widget.
#include <QtTest>

#include "tests/gui/GuiTestSupport.h"

#include <QHBoxLayout>
#include <QMouseEvent>
#include <QOpenGLFunctions>
#include <QPainter>
#include <QScreen>
#include <QWindow>

#include <memory>

#include "ui/GlRenderContext.h"
#include "ui/GlSurfaceWidget.h"

using namespace skein;

namespace {

// Paints its upper half in one colour and its lower half in another.
class TwoColourSurface : public ui::GlSurfaceWidget {
 public:
  TwoColourSurface(QColor top, QColor bottom, QWidget* parent = nullptr, std::shared_ptr<ui::GlRenderContext> context = {})
      : GlSurfaceWidget(parent, std::move(context)), top_(top), bottom_(bottom) {
    setMinimumSize(32, 32);
  }
  int paints = 0;
  int presses = 0;
  int initializations = 0;
  QSize lastResize;
  QSurface* surfaceAtPaint = nullptr;
  QColor overlay;  // when valid, a 10×10 square of it at (4, 4) is painted over the frame

 protected:
  void initializeGL() override { ++initializations; }
  void resizeGL(int w, int h) override { lastResize = QSize(w, h); }
  void paintGL() override {
    ++paints;
    surfaceAtPaint = QOpenGLContext::currentContext()->surface();
    QOpenGLFunctions* f = context()->functions();
    const QSize size = this->size() * devicePixelRatio();
    const int half = size.height() / 2;
    f->glEnable(GL_SCISSOR_TEST);
    // GL rows run bottom-up: the upper half of the widget is the upper half of the framebuffer.
    f->glScissor(0, half, size.width(), size.height() - half);
    f->glClearColor(top_.redF(), top_.greenF(), top_.blueF(), 1);
    f->glClear(GL_COLOR_BUFFER_BIT);
    f->glScissor(0, 0, size.width(), half);
    f->glClearColor(bottom_.redF(), bottom_.greenF(), bottom_.blueF(), 1);
    f->glClear(GL_COLOR_BUFFER_BIT);
    // Left scissored on purpose: presenting the frame must not depend on paintGL's GL state.
  }
  void paintOverlay(QPainter& painter) override {
    if (overlay.isValid()) painter.fillRect(QRect(4, 4, 10, 10), overlay);
  }
  void mousePressEvent(QMouseEvent* event) override {
    ++presses;
    event->accept();
  }

 private:
  QColor top_, bottom_;
};

bool near(QRgb c, QColor expected) {
  return std::abs(qRed(c) - expected.red()) <= 2 && std::abs(qGreen(c) - expected.green()) <= 2 &&
         std::abs(qBlue(c) - expected.blue()) <= 2;
}

// A red-over-blue surface filling a plain top-level widget of `size` (not shown yet).
struct SurfaceInWindow {
  QWidget top;
  TwoColourSurface* surface;
  explicit SurfaceInWindow(QSize size) {
    auto* layout = new QHBoxLayout(&top);
    layout->setContentsMargins(0, 0, 0, 0);
    surface = new TwoColourSurface(Qt::red, Qt::blue, &top);
    layout->addWidget(surface);
    top.resize(size);
  }
};

// Waits for the widget's next presented frame.
bool waitSwap(ui::GlSurfaceWidget* w) {
  QSignalSpy swapped(w, &ui::GlSurfaceWidget::frameSwapped);
  return swapped.wait(5000);
}

}  // namespace

class TestGlSurface : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    const auto probe = render::probeOpenGl();
    QVERIFY2(probe.ok, qPrintable(probe.problem));
  }

  void framesReachTheWindowUpright() {
    SurfaceInWindow w(QSize(160, 120));
    QWidget& top = w.top;
    TwoColourSurface* surface = w.surface;
    QSignalSpy swapped(surface, &ui::GlSurfaceWidget::frameSwapped);
    top.show();
    QVERIFY(QTest::qWaitForWindowExposed(&top));
    QTRY_VERIFY_WITH_TIMEOUT(swapped.count() > 0, 5000);
    QCOMPARE(surface->initializations, 1);
    QVERIFY(surface->isValid());

    // What the X server shows: read back from the screen, the GL window included.
    QApplication::processEvents();
    const QPoint origin = surface->mapTo(&top, QPoint(0, 0));
    const QImage shown =
        top.screen()->grabWindow(top.winId(), origin.x(), origin.y(), surface->width(), surface->height()).toImage();
    QCOMPARE(shown.size(), surface->size());
    QVERIFY2(near(shown.pixel(shown.width() / 2, 2), Qt::red), "the upper half on screen is not red");
    QVERIFY2(near(shown.pixel(shown.width() / 2, shown.height() - 3), Qt::blue), "the lower half on screen is not blue");

    // The grab paints anew and reads the same picture, upright, without presenting it.
    const int paints = surface->paints;
    const QImage grabbed = surface->grabFramebuffer();
    QCOMPARE(surface->paints, paints + 1);
    QCOMPARE(grabbed.size(), surface->size());
    QVERIFY(near(grabbed.pixel(3, 1), Qt::red));
    QVERIFY(near(grabbed.pixel(3, grabbed.height() - 2), Qt::blue));
    QCOMPARE(qAlpha(grabbed.pixel(3, 1)), 255);
  }

  void overlayIsPaintedOverTheFrameNotIntoIt() {
    SurfaceInWindow w(QSize(120, 90));
    QWidget& top = w.top;
    TwoColourSurface* surface = w.surface;
    surface->overlay = Qt::green;
    top.show();
    QVERIFY(QTest::qWaitForWindowExposed(&top));
    QTRY_VERIFY_WITH_TIMEOUT(surface->paints > 0, 5000);
    auto onScreen = [&](QPoint p) {
      const QPoint at = surface->mapTo(&top, p);
      return top.screen()->grabWindow(top.winId(), at.x(), at.y(), 1, 1).toImage().pixel(0, 0);
    };
    QVERIFY2(near(onScreen({8, 8}), Qt::green), "the overlay is not on screen");
    QVERIFY(near(onScreen({30, 8}), Qt::red));
    const QImage grabbed = surface->grabFramebuffer();
    QVERIFY2(near(grabbed.pixel(8, 8), Qt::green), "the grab lacks the overlay");
    // The framebuffer object holds the GL frame alone (what the 3D view's plane capture reads).
    surface->makeCurrent();
    std::uint8_t rgba[4] = {};
    QOpenGLFunctions* f = surface->context()->functions();
    f->glReadPixels(8, surface->height() - 1 - 8, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    surface->doneCurrent();
    QVERIFY2(near(qRgb(rgba[0], rgba[1], rgba[2]), Qt::red), "the overlay went into the framebuffer object");
    // An overlay change shows with a repaint; GL does not draw again.
    const int paints = surface->paints;
    surface->overlay = Qt::yellow;
    surface->update();
    QTRY_VERIFY_WITH_TIMEOUT(near(onScreen({8, 8}), Qt::yellow), 5000);
    QCOMPARE(surface->paints, paints);
  }

  void requestsCoalesceIntoOneFrame() {
    TwoColourSurface surface(Qt::green, Qt::black);
    surface.resize(64, 64);
    surface.show();
    QVERIFY(QTest::qWaitForWindowExposed(&surface));
    QTRY_VERIFY_WITH_TIMEOUT(surface.paints > 0, 5000);
    QTest::qWait(50);  // the expose-time frames are done
    const int paints = surface.paints;
    QSignalSpy swapped(&surface, &ui::GlSurfaceWidget::frameSwapped);
    for (int i = 0; i < 5; ++i) surface.requestFrame();
    QVERIFY(swapped.wait(5000));
    QTest::qWait(50);
    QCOMPARE(surface.paints, paints + 1);
    QCOMPARE(swapped.count(), 1);
  }

  void oneContextServesSeveralWidgets() {
    QWidget top;
    auto* layout = new QHBoxLayout(&top);
    const auto shared = std::make_shared<ui::GlRenderContext>();
    auto* a = new TwoColourSurface(Qt::yellow, Qt::yellow, &top, shared);
    auto* b = new TwoColourSurface(Qt::cyan, Qt::cyan, &top, shared);
    auto* own = new TwoColourSurface(Qt::magenta, Qt::magenta, &top);
    layout->addWidget(a);
    layout->addWidget(b);
    layout->addWidget(own);
    top.resize(300, 100);
    top.show();
    QVERIFY(QTest::qWaitForWindowExposed(&top));
    QTRY_VERIFY_WITH_TIMEOUT(a->paints > 0 && b->paints > 0 && own->paints > 0, 5000);
    QCOMPARE(a->context(), shared->context());
    QCOMPARE(b->context(), shared->context());
    QVERIFY(own->context() != shared->context());
    // The context draws on one offscreen surface for every widget: it never moves between windows.
    QVERIFY(a->surfaceAtPaint != nullptr);
    QCOMPARE(a->surfaceAtPaint->surfaceClass(), QSurface::Offscreen);
    QCOMPARE(b->surfaceAtPaint, a->surfaceAtPaint);
    QVERIFY(own->surfaceAtPaint != a->surfaceAtPaint);
    // Each widget keeps its own frame, whoever drew last with the shared context.
    QVERIFY(near(a->grabFramebuffer().pixel(5, 5), Qt::yellow));
    QVERIFY(near(b->grabFramebuffer().pixel(5, 5), Qt::cyan));
    QVERIFY(near(own->grabFramebuffer().pixel(5, 5), Qt::magenta));
    QVERIFY(near(a->grabFramebuffer().pixel(5, 5), Qt::yellow));
  }

  void resizesReachResizeGL() {
    TwoColourSurface surface(Qt::red, Qt::blue);
    surface.resize(100, 80);
    surface.show();
    QVERIFY(QTest::qWaitForWindowExposed(&surface));
    QTRY_COMPARE_WITH_TIMEOUT(surface.lastResize, QSize(100, 80), 5000);
    surface.resize(150, 90);
    QTRY_COMPARE_WITH_TIMEOUT(surface.lastResize, QSize(150, 90), 5000);
    const QImage grabbed = surface.grabFramebuffer();
    QCOMPARE(grabbed.size(), QSize(150, 90) * surface.devicePixelRatio());
    QVERIFY(near(grabbed.pixel(149, 0), Qt::red));
    QVERIFY(near(grabbed.pixel(149, 89), Qt::blue));
  }

  void hiddenWidgetPaintsWhenShown() {
    QWidget top;
    auto* layout = new QHBoxLayout(&top);
    auto* surface = new TwoColourSurface(Qt::red, Qt::red, &top);
    layout->addWidget(surface);
    surface->hide();
    top.resize(120, 80);
    top.show();
    QVERIFY(QTest::qWaitForWindowExposed(&top));
    surface->requestFrame();
    QTest::qWait(100);
    QCOMPARE(surface->paints, 0);
    surface->show();
    QVERIFY(waitSwap(surface));
    QVERIFY(surface->paints > 0);
  }

  void inputReachesTheWidgetWithoutNativeWindows() {
    SurfaceInWindow w(QSize(120, 80));
    QWidget& top = w.top;
    TwoColourSurface* surface = w.surface;
    top.show();
    QVERIFY(QTest::qWaitForWindowExposed(&top));
    QTRY_VERIFY_WITH_TIMEOUT(surface->paints > 0, 5000);
    // Frames are painted through the top-level window's backing store: no native child window
    // (which would take input, or need flags to pass it on) and no native surface widget.
    QVERIFY(top.windowHandle()->findChildren<QWindow*>().isEmpty());
    QVERIFY(!surface->testAttribute(Qt::WA_NativeWindow));
    QTest::mouseClick(top.windowHandle(), Qt::LeftButton, {}, surface->mapTo(&top, QPoint(30, 30)));
    QCOMPARE(surface->presses, 1);
  }
};

int main(int argc, char** argv) { return skein::test::runGuiTest<TestGlSurface>(argc, argv, "tst_gl_surface", false); }
#include "tst_gl_surface.moc"
