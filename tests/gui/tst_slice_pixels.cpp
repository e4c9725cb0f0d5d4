// The pixel contract of the slice viewports, in a real window (xvfb in CI): at zoom 1 with default
// settings, pixel (i, j) shows exactly the voxel the contract names — compared with readBox of the
// same region (the bytes `skeinctl dataset read` prints). Also: coarse fallback when the finest
// mag cannot load, and HTTP streaming through nginx rendering the same pixels as the disk.
#include <QtTest>

#include "tests/gui/GuiTestSupport.h"

#include <QDirIterator>

#include "core/dataset/MagArray.h"
#include "core/dataset/OpenDataset.h"
#include "core/dataset/ReadBox.h"
#include "core/sample/SampleDataset.h"
#include "core/store/FileStore.h"
#include "core/store/StoreOpener.h"
#include "render/GlSupport.h"
#include "tests/support/NginxServer.h"
#include "ui/SliceViewport.h"
#include "ui/ViewerSession.h"

using namespace skein;

namespace {

constexpr int kW = 96, kH = 64;

// Renders one plane at `pos` (zoom 1) until complete (or all bricks settled) and returns the image.
QImage renderPlane(ui::ViewerSession& session, render::Plane plane, Vec3d pos, bool requireComplete = true,
                   QSize size = {kW, kH}, double zoom = 1.0) {
  for (auto& l : session.layers())
    if (l.segmentation) l.segments.visible = false;
  session.setZoom(zoom);
  session.setPosition(pos);
  ui::SliceViewport view(plane, &session);
  view.setOverlaysVisible(false);
  view.resize(size);
  view.show();
  if (!QTest::qWaitForWindowExposed(&view)) return {};
  if (requireComplete) {
    if (!QTest::qWaitFor([&] { return view.frameInfo().complete && session.engine().readyCount() == 0; }, 20000))
      return {};
  } else {
    session.engine().waitForIdle(std::chrono::milliseconds(20000));
    QTest::qWait(200);  // let the last arrivals be uploaded and drawn
    for (int i = 0; i < 5; ++i) {
      view.requestFrame();
      QTest::qWait(30);
    }
  }
  return view.grabFramebuffer().convertToFormat(QImage::Format_RGB888);
}

// Expected grey values of the plane image, from readBox at mag index `magIndex`: pixel (i, j) at an
// integer `zoom` shows the voxel of that mag holding its centre, p - W/2·zoom + (i + ½)·zoom along
// u (W/2 rounded down; likewise along v); a centre exactly on a voxel boundary belongs to the voxel
// that starts there.
QByteArray expectedPlane(StoreOpener& opener, render::Plane plane, Vec3i p, int magIndex, const QString& location,
                         QSize viewSize = {kW, kH}, int zoom = 1) {
  const int w = viewSize.width(), h = viewSize.height();
  // Twice the mag-1 coordinate of pixel k's centre along an axis of size n: integers throughout.
  auto centre2 = [zoom](std::int64_t pos, int n, int k) { return 2 * pos - 2 * std::int64_t(n / 2) * zoom + (2 * k + 1) * zoom; };
  auto ds = openDataset(opener, location.toStdString());
  if (!ds.ok()) return {};
  Dataset dataset = std::move(ds).value();
  Layer& layer = dataset.layers[0];
  Mag& mag = layer.mags[static_cast<std::size_t>(magIndex)];
  if (!openMagArray(&opener, dataset, layer, mag).ok()) return {};
  const Vec3i f = mag.factor;
  const render::PlaneAxes ax = render::planeAxes(plane);
  Vec3i lo = p;
  lo[ax.u] = floorDiv(centre2(p[ax.u], w, 0), 2);
  lo[ax.v] = floorDiv(centre2(p[ax.v], h, 0), 2);
  Vec3i hi = p;
  hi[ax.u] = floorDiv(centre2(p[ax.u], w, w - 1), 2) + 1;
  hi[ax.v] = floorDiv(centre2(p[ax.v], h, h - 1), 2) + 1;
  hi[ax.w] += 1;
  Vec3i magLo{floorDiv(lo.x, f.x), floorDiv(lo.y, f.y), floorDiv(lo.z, f.z)};
  Vec3i magHi{ceilDiv(hi.x, f.x), ceilDiv(hi.y, f.y), ceilDiv(hi.z, f.z)};
  Vec3i size = magHi - magLo;
  QByteArray box;
  if (!readBox(layer, mag, {magLo * f, size}, box).ok()) return {};
  QByteArray out(w * h, 0);
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) {
      Vec3i at = p;
      at[ax.u] = floorDiv(centre2(p[ax.u], w, i), 2);
      at[ax.v] = floorDiv(centre2(p[ax.v], h, j), 2);
      const Vec3i m{floorDiv(at.x, f.x) - magLo.x, floorDiv(at.y, f.y) - magLo.y, floorDiv(at.z, f.z) - magLo.z};
      out[j * w + i] = box[static_cast<qsizetype>(m.x + size.x * (m.y + size.y * m.z))];
    }
  return out;
}

int countMismatches(const QImage& image, const QByteArray& expected, QString* first) {
  int bad = 0;
  const int w = image.width(), h = image.height();
  if (expected.size() != qsizetype(w) * h) return w * h;
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) {
      const QRgb px = image.pixel(i, j);
      const int want = static_cast<unsigned char>(expected[j * w + i]);
      if (qRed(px) != want || qGreen(px) != want || qBlue(px) != want) {
        if (bad++ == 0 && first)
          *first = QStringLiteral("pixel (%1,%2) is %3,%4,%5, expected grey %6")
                       .arg(i).arg(j).arg(qRed(px)).arg(qGreen(px)).arg(qBlue(px)).arg(want);
      }
    }
  return bad;
}

}  // namespace

class TestSlicePixels : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir dir_;
  QString sample_;

  // Renders `plane` at `p` and integer `zoom` in a fresh session and compares every pixel with the
  // voxels of mag index `magIndex` (expectedPlane); empty when all match, else what went wrong.
  QString planeMismatch(render::Plane plane, Vec3i p, QSize size, int zoom, int magIndex) {
    ui::ViewerSession session;
    const Status opened = session.open(sample_);
    if (!opened.ok()) return QString::fromStdString(opened.error().message);
    const QImage image = renderPlane(session, plane, {double(p.x), double(p.y), double(p.z)}, true, size, zoom);
    if (image.isNull()) return QStringLiteral("the view did not complete within 20 s");
    if (image.size() != size) return QStringLiteral("the image is %1×%2").arg(image.width()).arg(image.height());
    StoreOpener opener;
    const QByteArray expected = expectedPlane(opener, plane, p, magIndex, sample_, size, zoom);
    if (expected.isEmpty()) return QStringLiteral("the expected voxels could not be read");
    QString first;
    const int bad = countMismatches(image, expected, &first);
    return bad == 0 ? QString() : QStringLiteral("%1 mismatching pixels; %2").arg(bad).arg(first);
  }

 private slots:
  void initTestCase() {
    const QString problem = test::prepareGlAndSample(dir_, 128, 7, &sample_);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

  void pixelContract_data() {
    QTest::addColumn<int>("plane");
    QTest::addColumn<int>("x");
    QTest::addColumn<int>("y");
    QTest::addColumn<int>("z");
    QTest::addColumn<QSize>("size");
    for (int plane = 0; plane < 3; ++plane) {
      const char* name = render::planeName(static_cast<render::Plane>(plane));
      QTest::addRow("%s-centre", name) << plane << 64 << 64 << 64 << QSize(kW, kH);
      QTest::addRow("%s-offcentre", name) << plane << 50 << 70 << 33 << QSize(kW, kH);
      QTest::addRow("%s-chunk-edges", name) << plane << 63 << 32 << 95 << QSize(kW, kH);
      // Odd sizes, as the main window's grid often gives: W/2 and H/2 round down, and every pixel
      // still shows exactly one voxel (no brick drawn a pixel off its neighbours).
      QTest::addRow("%s-odd-size", name) << plane << 63 << 32 << 95 << QSize(kW + 1, kH + 1);
      QTest::addRow("%s-odd-width", name) << plane << 64 << 64 << 64 << QSize(kW + 1, kH);
    }
  }

  void pixelContract() {
    QFETCH(int, plane);
    QFETCH(int, x);
    QFETCH(int, y);
    QFETCH(int, z);
    QFETCH(QSize, size);
    const QString problem = planeMismatch(static_cast<render::Plane>(plane), {x, y, z}, size, 1, 0);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

  // Zoom 2 draws mag 2, one of its voxels per pixel. At an odd position every pixel centre lies on
  // a voxel boundary; each must still pick the voxel starting there, in every brick (no seams).
  void zoomTwoShowsOneVoxelPerPixel_data() {
    QTest::addColumn<int>("plane");
    QTest::addColumn<int>("at");
    for (int plane = 0; plane < 3; ++plane) {
      const char* name = render::planeName(static_cast<render::Plane>(plane));
      QTest::addRow("%s-even", name) << plane << 64;
      QTest::addRow("%s-odd", name) << plane << 63;
    }
  }

  void zoomTwoShowsOneVoxelPerPixel() {
    QFETCH(int, plane);
    QFETCH(int, at);
    const QSize size(64, 64);  // 128 mag-1 voxels: the whole sample, centres inside it
    const QString problem = planeMismatch(static_cast<render::Plane>(plane), {at, at, at}, size, 2, 1);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

  // Sliding a view within its plane shows the kept image shifted (SliceImageCache) — and the
  // pixel contract still holds exactly after every slide: within the margin, past it, after a
  // change of depth.
  void slidingViewKeepsThePixelContract_data() {
    QTest::addColumn<int>("plane");
    for (int plane = 0; plane < 3; ++plane) QTest::addRow("%s", render::planeName(static_cast<render::Plane>(plane))) << plane;
  }

  void slidingViewKeepsThePixelContract() {
    QFETCH(int, plane);
    const auto pl = static_cast<render::Plane>(plane);
    ui::ViewerSession session;
    const Status opened = session.open(sample_);
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
    Vec3i p{64, 64, 64};
    for (auto& l : session.layers())
      if (l.segmentation) l.segments.visible = false;
    session.setZoom(1.0);
    session.setPosition({64.0, 64.0, 64.0});
    ui::SliceViewport view(pl, &session);
    view.setOverlaysVisible(false);
    view.resize(kW, kH);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(QTest::qWaitFor([&] { return view.frameInfo().complete; }, 20000));
    const render::PlaneAxes ax = render::planeAxes(pl);
    struct Step {
      int du, dv, dw;
    };
    const Step steps[] = {{1, 0, 0}, {0, -3, 0}, {5, 7, 0}, {70, 0, 0}, {-1, 0, 0}, {0, 0, 1}, {-2, 0, 0}, {0, 2, 0}};
    StoreOpener opener;
    for (const Step& s : steps) {
      p[ax.u] += s.du;
      p[ax.v] += s.dv;
      p[ax.w] += s.dw;
      const std::int64_t before = view.frameInfo().frames;
      session.setPosition({double(p.x), double(p.y), double(p.z)});
      QVERIFY(QTest::qWaitFor([&] {
        return view.frameInfo().frames > before && view.frameInfo().complete && session.engine().readyCount() == 0;
      }, 20000));
      const QImage image = view.grabFramebuffer().convertToFormat(QImage::Format_RGB888);
      const QByteArray expected = expectedPlane(opener, pl, p, 0, sample_);
      QVERIFY(!expected.isEmpty());
      QString first;
      const int bad = countMismatches(image, expected, &first);
      QVERIFY2(bad == 0, qPrintable(QStringLiteral("at %1: %2 mismatching pixels; %3")
                                        .arg(QString::fromStdString(p.toString())).arg(bad).arg(first)));
    }
    // The slides within the margin were shown as copies of the kept image.
    QVERIFY2(view.frameInfo().reusedFrames >= 3, qPrintable(QString::number(view.frameInfo().reusedFrames)));
  }

  // With the finest mag unreadable, the view shows the next coarser mag (never black).
  void coarseFallbackWhenFinestMagFails() {
    QTemporaryDir copyDir;
    const QString broken = copyDir.filePath("broken");
    QVERIFY(QProcess::execute("cp", {"-r", sample_, broken}) == 0);
    int corrupted = 0;
    QDirIterator it(broken + "/color/1", QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
      const QString f = it.next();
      if (f.endsWith("zarr.json") || f.endsWith(".json")) continue;
      QFile file(f);
      QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
      file.write(QByteArray(100, '\x5a'));  // garbage: every mag-1 chunk fails to decode
      ++corrupted;
    }
    QVERIFY(corrupted > 0);
    ui::ViewerSession session;
    const Status opened = session.open(broken);
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
    StreamSettings settings = session.streamSettings();
    settings.maxRetries = 0;
    session.setStreamSettings(settings);
    const Vec3i p{64, 64, 64};
    const QImage image = renderPlane(session, render::Plane::XY, {64, 64, 64}, false);
    QVERIFY(!image.isNull());
    QVERIFY(session.engine().stats().failed > 0);
    StoreOpener opener;
    const QByteArray expected = expectedPlane(opener, render::Plane::XY, p, 1, sample_);
    QString first;
    const int bad = countMismatches(image, expected, &first);
    QVERIFY2(bad == 0, qPrintable(QStringLiteral("%1 pixels differ from mag 2; %2").arg(bad).arg(first)));
  }

  // The same dataset streamed over HTTP from nginx on 127.0.0.1 renders the same pixels.
  void httpStreamingMatchesDisk() {
    test::NginxServer nginx(sample_);
    QString error;
    QVERIFY2(nginx.start(&error), qPrintable(error));
    const Vec3d pos{50, 60, 70};
    ui::ViewerSession disk, http;
    QVERIFY(disk.open(sample_).ok());
    const Status opened = http.open(nginx.baseUrl() + "/");
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
    const QImage a = renderPlane(disk, render::Plane::XY, pos);
    const QImage b = renderPlane(http, render::Plane::XY, pos);
    QVERIFY(!a.isNull() && !b.isNull());
    QCOMPARE(a, b);
    QVERIFY(nginx.accessLog().size() > 1);
  }
};

int main(int argc, char** argv) { return skein::test::runGuiTest<TestSlicePixels>(argc, argv, "tst_slice_pixels", false); }
#include "tst_slice_pixels.moc"
