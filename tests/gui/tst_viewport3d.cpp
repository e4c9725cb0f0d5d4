// The 3D viewport in a real window (xvfb in CI; without an X display with OpenGL this test fails on
// purpose): VTK renders the dataset box and the three slice planes textured with the 2D viewports'
// images, the camera orbits/pans/zooms with the mouse and resets with R, picking hits the planes,
// the widget survives destruction and re-creation, and no GL error occurs.
#include <QtTest>

#include "tests/gui/GuiTestSupport.h"

#include <QAction>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include <cmath>
#include <memory>

#include "core/sample/SampleDataset.h"
#include "core/store/FileStore.h"
#include "render/GlSupport.h"
#include "ui/SliceViewport.h"
#include "ui/Viewport3D.h"
#include "ui/ViewerSession.h"

using namespace skein;

namespace {

constexpr int kSlicePx = 128;            // the 2D viewports: 128×128 at zoom 1
constexpr int k3dW = 640, k3dH = 512;    // the 3D viewport (the size the render time is measured at)
constexpr Vec3d kPosition{32, 32, 32};   // the centre of the 64³ sample
constexpr double kVoxelNm = 8;           // sample::kSampleVoxelSize

bool isBackground(QRgb c) { return std::abs(qRed(c) - 26) <= 3 && std::abs(qGreen(c) - 26) <= 3 && std::abs(qBlue(c) - 36) <= 3; }
bool isOutline(QRgb c) { return qRed(c) > 220 && qGreen(c) > 170 && qGreen(c) < 225 && qBlue(c) < 80; }

double distance(const Vec3d& a, const Vec3d& b) {
  return std::sqrt((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y) + (a.z - b.z) * (a.z - b.z));
}

// Three slice viewports beside a 3D viewport in one window, on a session with the sample open.
struct Rig {
  QWidget window;
  std::array<ui::SliceViewport*, 3> slices{};
  ui::Viewport3D* view3d = nullptr;

  explicit Rig(ui::ViewerSession* session) {
    auto* row = new QHBoxLayout(&window);
    row->setContentsMargins(0, 0, 0, 0);
    auto* column = new QVBoxLayout;
    const render::Plane planes[3] = {render::Plane::XY, render::Plane::YZ, render::Plane::XZ};
    for (int i = 0; i < 3; ++i) {
      slices[static_cast<std::size_t>(i)] = new ui::SliceViewport(planes[i], session, &window);
      slices[static_cast<std::size_t>(i)]->setFixedSize(kSlicePx, kSlicePx);
      column->addWidget(slices[static_cast<std::size_t>(i)]);
    }
    row->addLayout(column);
    view3d = new ui::Viewport3D(session, slices, &window);
    view3d->setFixedSize(k3dW, k3dH);
    row->addWidget(view3d);
  }
  bool showAndSettle() {
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) return false;
    const bool complete = QTest::qWaitFor(
        [&] {
          for (auto* s : slices)
            if (!s->frameInfo().complete) return false;
          return view3d->framesDrawn() > 0;
        },
        10000);
    QTest::qWait(300);  // the throttled capture of the last (complete) slice frames
    if (!complete)
      for (auto* s : slices)
        qWarning("%s: frames %lld, complete %d, bricks drawn %d", render::planeName(s->plane()),
                 static_cast<long long>(s->frameInfo().frames), s->frameInfo().complete, s->frameInfo().bricksDrawn);
    return complete;
  }
  QImage grab3d() {
    QImage image = view3d->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    // SKEIN_TEST_SAVE=<dir> keeps the images for a look.
    static int saved = 0;
    if (qEnvironmentVariableIsSet("SKEIN_TEST_SAVE"))
      image.save(qEnvironmentVariable("SKEIN_TEST_SAVE") + QStringLiteral("/view3d-%1.png").arg(++saved));
    return image;
  }
};

// Looks at the XY plane face on (from −z, y down as in the 2D view), parallel projection, with each
// voxel covering 4×4 screen pixels: the 128-voxel-high plane fills the 512-pixel-high view.
render::CameraState faceOnXy() {
  render::CameraState c;
  const Vec3d centre{kPosition.x * kVoxelNm, kPosition.y * kVoxelNm, kPosition.z * kVoxelNm};
  c.focalPoint = centre;
  c.position = {centre.x, centre.y, centre.z - 2000};
  c.viewUp = {0, -1, 0};
  c.parallel = true;
  c.parallelScale = k3dH / 2.0 * (kVoxelNm / 4);
  return c;
}

}  // namespace

class TestViewport3D : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir dir_;
  QString sample_;

 private slots:
  void initTestCase() {
    const QString problem = test::prepareGlAndSample(dir_, 64, 3, &sample_);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

  void emptySceneShowsBackground() {
    ui::ViewerSession session;
    ui::Viewport3D view(&session, {nullptr, nullptr, nullptr});
    view.resize(200, 150);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY_WITH_TIMEOUT(view.framesDrawn() > 0, 5000);
    QVERIFY2(view.glReady(), qPrintable(view.glError()));
    const QImage image = view.grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    QCOMPARE(image.size(), QSize(200, 150));
    for (const QPoint p : {QPoint(0, 0), QPoint(100, 75), QPoint(199, 149)})
      QVERIFY2(isBackground(image.pixel(p)), qPrintable(QStringLiteral("pixel %1,%2 is %3").arg(p.x()).arg(p.y()).arg(image.pixel(p), 8, 16)));
    QCOMPARE(view.stats().glErrors, 0);
  }

  void rendersOutlineAndTexturedPlanes() {
    ui::ViewerSession session;
    const Status opened = session.open(sample_);
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
    session.setZoom(1);
    session.setPosition(kPosition);
    Rig rig(&session);
    QVERIFY2(rig.showAndSettle(), "the slice viewports did not complete within 10 s");
    QVERIFY2(rig.view3d->glReady(), qPrintable(rig.view3d->glError()));
    for (int i = 0; i < 3; ++i) QVERIFY(rig.view3d->scene().sliceHasImage(static_cast<render::Plane>(i)));
    QVERIFY(rig.view3d->stats().captures >= 3);

    // The planes sit where the 2D views are: the XY plane at z = 32 voxels, spanning the visible
    // 128×128 voxels (−32..96) clipped to the 64³ dataset box.
    const auto corners = rig.view3d->scene().slicePlaneCorners(render::Plane::XY);
    QCOMPARE(corners[0].z, 32 * kVoxelNm);
    QCOMPARE(corners[0].x, 0.0);              // origin: (u min, v max)
    QCOMPARE(corners[0].y, 64 * kVoxelNm);
    QCOMPARE(corners[1].x, 64 * kVoxelNm);
    QCOMPARE(corners[2].y, 0.0);
    const auto yz = rig.view3d->scene().slicePlaneCorners(render::Plane::YZ);  // u = z, v = y, depth x
    QCOMPARE(yz[0].x, 32 * kVoxelNm);
    QCOMPARE(yz[1].z, 64 * kVoxelNm);

    // Default (oblique) view: background in the corner, the amber box outline, many other colours.
    const QImage image = rig.grab3d();
    QCOMPARE(image.size(), QSize(k3dW, k3dH));
    QVERIFY(isBackground(image.pixel(0, 0)));
    int outline = 0, content = 0;
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); ++y)
      for (int x = 0; x < image.width(); ++x) {
        const QRgb c = image.pixel(x, y);
        if (isOutline(c)) ++outline;
        else if (!isBackground(c)) ++content, colours.insert(c);
      }
    QVERIFY2(outline > 100, qPrintable(QStringLiteral("%1 outline pixels").arg(outline)));
    QVERIFY2(content > image.width() * image.height() / 8, qPrintable(QStringLiteral("%1 content pixels").arg(content)));
    QVERIFY2(colours.size() > 100, qPrintable(QStringLiteral("%1 colours").arg(colours.size())));
    QCOMPARE(rig.view3d->stats().glErrors, 0);
  }

  void xyPlaneMatchesTheXyViewport() {
    ui::ViewerSession session;
    const Status opened = session.open(sample_);
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
    session.setZoom(1);
    session.setPosition(kPosition);
    Rig rig(&session);
    QVERIFY2(rig.showAndSettle(), "the slice viewports did not complete within 10 s");
    const QImage slice = rig.slices[0]->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    QCOMPARE(slice.size(), QSize(kSlicePx, kSlicePx));
    QSet<QRgb> sliceColours;
    for (int j = 0; j < kSlicePx; ++j)
      for (int i = 0; i < kSlicePx; ++i) sliceColours.insert(slice.pixel(i, j));
    QVERIFY2(sliceColours.size() > 50, "the XY viewport shows too little structure for a meaningful comparison");
    QTest::qWait(300);  // the grab drew a frame: let its capture land
    rig.view3d->scene().setCamera(faceOnXy());
    const QImage image = rig.grab3d();
    // Voxel (i, j) of the slice covers screen [64 + 4i, 68 + 4i) × [4j, 4j + 4). Pixel centres sit
    // between texel centres, so with linear filtering a pixel lies within its 2×2 texel neighbourhood.
    // Only the dataset box (slice pixels 32..95) is drawn; outside it is background.
    QVERIFY(isBackground(image.pixel(64 + 4 * 10, 4 * 10)));
    int bad = 0;
    QString first;
    for (int j = 32; j < 95; ++j)
      for (int i = 32; i < 95; ++i) {
        const QRgb got = image.pixel(64 + 4 * i + 2, 4 * j + 2);
        bool ok = true;
        for (int ch = 0; ch < 3 && ok; ++ch) {
          auto channel = [ch](QRgb c) { return ch == 0 ? qRed(c) : ch == 1 ? qGreen(c) : qBlue(c); };
          int lo = 255, hi = 0;
          for (int dj = 0; dj < 2; ++dj)
            for (int di = 0; di < 2; ++di) {
              const int v = channel(slice.pixel(i + di, j + dj));
              lo = std::min(lo, v);
              hi = std::max(hi, v);
            }
          ok = channel(got) >= lo - 3 && channel(got) <= hi + 3;
        }
        if (!ok && bad++ == 0)
          first = QStringLiteral("voxel %1,%2: 3D pixel %3, slice %4").arg(i).arg(j).arg(got, 8, 16).arg(slice.pixel(i, j), 8, 16);
      }
    // Edge-on YZ/XZ planes and the box outline cross the XY plane as a few lines of pixels.
    QVERIFY2(bad < 63 * 63 / 20, qPrintable(QStringLiteral("%1 mismatches; first: %2").arg(bad).arg(first)));

    // Picking hits the XY plane where the voxel is: screen (320 + 4 dx, 256 + 4 dy) shows voxel
    // (32 + dx, 32 + dy, 32). (Not the centre: the YZ and XZ planes are edge-on there.)
    const auto hit = rig.view3d->pickAt(QPointF(k3dW / 2.0 + 40, k3dH / 2.0 + 60));
    QVERIFY(hit.has_value());
    QVERIFY(hit->slicePlane == render::Plane::XY);
    QVERIFY2(distance(hit->voxel, Vec3d{42, 47, 32}) < 0.5,
             qPrintable(QStringLiteral("picked %1,%2,%3").arg(hit->voxel.x).arg(hit->voxel.y).arg(hit->voxel.z)));
    QVERIFY(!rig.view3d->pickAt(QPointF(5, 5)).has_value());  // background outside the plane
    QCOMPARE(rig.view3d->stats().glErrors, 0);
  }

  void mouseOrbitsPansZoomsAndRReset() {
    ui::ViewerSession session;
    QVERIFY(session.open(sample_).ok());
    session.setPosition(kPosition);
    Rig rig(&session);
    QVERIFY(rig.showAndSettle());
    ui::Viewport3D* v = rig.view3d;
    const render::CameraState home = v->scene().camera();
    const QPoint centre(k3dW / 2, k3dH / 2);

    // Left drag orbits: the camera moves around the fixed focal point, at the same distance.
    const int before = v->framesDrawn();
    QTest::mousePress(v, Qt::LeftButton, {}, centre);
    QTest::mouseMove(v, centre + QPoint(40, 10));
    QTest::mouseMove(v, centre + QPoint(90, 25));
    QTest::mouseRelease(v, Qt::LeftButton, {}, centre + QPoint(90, 25));
    const render::CameraState orbited = v->scene().camera();
    const double moved = distance(orbited.position, home.position);
    QVERIFY2(moved > 50, qPrintable(QStringLiteral("the camera moved %1 nm").arg(moved)));
    QVERIFY(distance(orbited.focalPoint, home.focalPoint) < 1e-6);
    QVERIFY(std::abs(distance(orbited.position, orbited.focalPoint) - distance(home.position, home.focalPoint)) < 1e-3);
    QTRY_VERIFY(v->framesDrawn() > before);  // the drag repainted

    // Middle drag pans: the focal point moves.
    QTest::mousePress(v, Qt::MiddleButton, {}, centre);
    QTest::mouseMove(v, centre + QPoint(30, -20));
    QTest::mouseRelease(v, Qt::MiddleButton, {}, centre + QPoint(30, -20));
    QVERIFY(distance(v->scene().camera().focalPoint, orbited.focalPoint) > 10);

    // The wheel zooms: the camera gets closer to the focal point.
    const render::CameraState panned = v->scene().camera();
    QWheelEvent wheel(QPointF(centre), v->mapToGlobal(QPointF(centre)), QPoint(), QPoint(0, 240), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(v, &wheel);
    const render::CameraState zoomed = v->scene().camera();
    QVERIFY(distance(zoomed.position, zoomed.focalPoint) < distance(panned.position, panned.focalPoint) * 0.95);

    // R (with the 3D view focused) resets the camera.
    QCOMPARE(v->resetCameraAction()->shortcut(), QKeySequence(Qt::Key_R));
    rig.window.activateWindow();
    QApplication::setActiveWindow(&rig.window);  // no window manager under xvfb
    v->setFocus();
    QTRY_VERIFY(v->hasFocus());
    QTest::keyClick(v, Qt::Key_R);
    const render::CameraState reset = v->scene().camera();
    QVERIFY2(distance(reset.position, home.position) < 1e-6 * distance(home.position, home.focalPoint),
             qPrintable(QStringLiteral("%1 nm from the home position").arg(distance(reset.position, home.position))));
    QVERIFY(distance(reset.focalPoint, home.focalPoint) < 1e-6);
    QCOMPARE(v->stats().glErrors, 0);
  }

  void survivesDestructionAndRecreation() {
    ui::ViewerSession session;
    QVERIFY(session.open(sample_).ok());
    for (int round = 0; round < 3; ++round) {
      auto rig = std::make_unique<Rig>(&session);
      QVERIFY(rig->showAndSettle());
      QVERIFY2(rig->view3d->glReady(), qPrintable(rig->view3d->glError()));
      QCOMPARE(rig->view3d->stats().glErrors, 0);
      if (round == 1) {
        // A source viewport going away first leaves the 3D view working.
        delete rig->slices[0];
        rig->slices[0] = nullptr;
        session.setPosition({20, 30, 40});
        QTest::qWait(250);
        const int frames = rig->view3d->framesDrawn();
        rig->view3d->requestFrame();
        QTRY_VERIFY(rig->view3d->framesDrawn() > frames);
      }
      if (round == 2) {
        // Reparenting recreates the GL context: VTK releases and re-initialises.
        auto* view = rig->view3d;
        view->setParent(nullptr);
        view->resize(320, 256);
        view->show();
        QVERIFY(QTest::qWaitForWindowExposed(view));
        const int frames = view->framesDrawn();
        view->requestFrame();
        QTRY_VERIFY(view->framesDrawn() > frames);
        QVERIFY(view->glReady());
        const QImage image = view->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
        int outline = 0;
        for (int y = 0; y < image.height(); ++y)
          for (int x = 0; x < image.width(); ++x) outline += isOutline(image.pixel(x, y));
        QVERIFY2(outline > 50, qPrintable(QStringLiteral("%1 outline pixels after reparenting").arg(outline)));
        QCOMPARE(view->stats().glErrors, 0);
        delete view;
      }
    }
    // A fresh, bare 3D view after all that still draws.
    ui::Viewport3D view(&session, {nullptr, nullptr, nullptr});
    view.resize(160, 120);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(view.framesDrawn() > 0);
    QVERIFY(view.glReady());
  }

  void renderTimeAt640x512() {
    ui::ViewerSession session;
    QVERIFY(session.open(sample_).ok());
    session.setPosition(kPosition);
    Rig rig(&session);
    QVERIFY(rig.showAndSettle());
    ui::Viewport3D* v = rig.view3d;
    constexpr int kFrames = 30;
    double sumRender = 0;
    for (int i = 0; i < kFrames; ++i) {
      const int before = v->framesDrawn();
      v->requestFrame();
      QVERIFY(QTest::qWaitFor([&] { return v->framesDrawn() > before; }, 2000));
      sumRender += v->stats().lastRenderMs;
    }
    // A grab runs paintGL synchronously and reads the result back: an upper bound per frame.
    QElapsedTimer wall;
    wall.start();
    for (int i = 0; i < kFrames; ++i) v->grabFramebuffer();
    const double grabMs = wall.nsecsElapsed() / 1e6 / kFrames;
    qInfo("3D view %dx%d (box + 3 textured planes): paintGL (VTK render + blit) %.2f ms/frame, "
          "grabFramebuffer %.2f ms/frame, %d frames each", k3dW, k3dH, sumRender / kFrames, grabMs, kFrames);
    QVERIFY(sumRender / kFrames < 1000);  // sanity: llvmpipe renders this scene in a few ms
    QCOMPARE(v->stats().glErrors, 0);

    // The texture path for a full-size 2D viewport: a 640×512 XY view's frame read back and
    // copied into the plane's texture image (the upload itself happens in the next 3D frame).
    ui::SliceViewport xy(render::Plane::XY, &session);
    xy.resize(k3dW, k3dH);
    ui::Viewport3D bare(&session, {&xy, nullptr, nullptr});
    bare.resize(160, 120);
    xy.show();
    bare.show();
    QVERIFY(QTest::qWaitForWindowExposed(&xy) && QTest::qWaitForWindowExposed(&bare));
    QTRY_VERIFY(xy.frameInfo().complete && bare.stats().captures > 0);
    QTRY_VERIFY(bare.scene().sliceHasImage(render::Plane::XY));
    qInfo("slice capture (glReadPixels + copy) of a %dx%d viewport: %.2f ms", k3dW, k3dH, bare.stats().lastCaptureMs);
    QCOMPARE(bare.stats().glErrors, 0);
  }
};

int main(int argc, char** argv) {
  render::prepareOpenGlBeforeApplication();
  QApplication app(argc, argv);
  TestViewport3D t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_viewport3d.moc"
