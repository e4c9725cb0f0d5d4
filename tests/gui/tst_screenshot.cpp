// Screenshot mode (`skein --screenshot`, ui::takeScreenshot) in a real window (xvfb in CI; without
// an X display with OpenGL this test fails on purpose): the `all` layout waits until the 3D view's
// planes show the complete slice images (no black plane copied from an early frame), and
// `--overlays` shows the crosshair in every slice viewport of the `all` layout.
#include <QtTest>

#include "tests/gui/GuiTestSupport.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "render/GlSupport.h"
#include "ui/ScreenshotRunner.h"
#include "ui/ViewerSession.h"

using namespace skein;

namespace {

// The crosshair colours of SliceViewport: XY red, YZ blue, XZ green (exact: no antialiasing).
const QRgb kRed = qRgb(230, 70, 70), kBlue = qRgb(70, 110, 240), kGreen = qRgb(70, 200, 90);

int countColour(const QImage& image, const QRect& area, QRgb colour) {
  int n = 0;
  for (int y = area.top(); y <= area.bottom(); ++y)
    for (int x = area.left(); x <= area.right(); ++x) n += (image.pixel(x, y) & 0xFFFFFF) == (colour & 0xFFFFFF);
  return n;
}

// Pixels darker than any voxel of the sample (its membranes are dark grey, never black).
int countBlack(const QImage& image, const QRect& area) {
  int n = 0;
  for (int y = area.top(); y <= area.bottom(); ++y)
    for (int x = area.left(); x <= area.right(); ++x) {
      const QRgb c = image.pixel(x, y);
      n += qRed(c) < 6 && qGreen(c) < 6 && qBlue(c) < 6;
    }
  return n;
}

}  // namespace

class TestScreenshot : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir dir_;
  QString sample_;

  QImage shoot(const QString& layout, bool overlays, ui::ScreenshotResult* result, QString* json) {
    ui::ViewerSession session;
    const Status opened = session.open(sample_);
    if (!opened.ok()) return {};
    for (auto& l : session.layers())
      if (l.segmentation) l.segments.visible = false;
    session.setZoom(0.5);  // 128 voxels over 256 pixels: the data fills every viewport
    ui::ScreenshotOptions options;
    options.file = dir_.filePath(layout + ".png");
    options.layout = layout;
    options.size = {420, 360};
    options.overlays = overlays;
    options.timeoutMs = 20000;
    QElapsedTimer clock;
    clock.start();
    *result = ui::takeScreenshot(session, options, clock, json);
    return QImage(options.file).convertToFormat(QImage::Format_RGB32);
  }

 private slots:
  void initTestCase() {
    const QString problem = test::prepareGlAndSample(dir_, 128, 5, &sample_);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

  void allLayoutShowsCompletePlanesIn3d() {
    ui::ScreenshotResult result;
    QString json;
    const QImage image = shoot(QStringLiteral("all"), false, &result, &json);
    QVERIFY2(result.complete && result.written, qPrintable(json));
    QCOMPARE(image.size(), QSize(420, 360));
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    for (const char* key : {"first_frame_ms", "complete_frame_ms", "open_ms", "shown_ms"})
      QVERIFY2(o.value(QLatin1String(key)).toDouble() > 0, key);
    QVERIFY(o.value("complete_frame_ms").toDouble() >= o.value("first_frame_ms").toDouble());
    // The bottom-right quadrant is the 3D view: background, box outline and the three textured
    // planes. A plane copied from a frame drawn before its data arrived is black.
    const QRect view3d(image.width() / 2 + 8, image.height() / 2 + 16, image.width() / 2 - 16, image.height() / 2 - 24);
    const int black = countBlack(image, view3d);
    QVERIFY2(black < view3d.width() * view3d.height() / 100, qPrintable(QStringLiteral("%1 black pixels in the 3D view").arg(black)));
    // …and the planes do show data (grey pixels, not only background).
    int grey = 0;
    for (int y = view3d.top(); y <= view3d.bottom(); ++y)
      for (int x = view3d.left(); x <= view3d.right(); ++x) {
        const QRgb c = image.pixel(x, y);
        grey += qRed(c) == qGreen(c) && qGreen(c) == qBlue(c) && qRed(c) > 40;
      }
    QVERIFY2(grey > view3d.width() * view3d.height() / 20, qPrintable(QStringLiteral("%1 grey pixels in the 3D view").arg(grey)));
    // Without --overlays no crosshair.
    const QRect xy(0, 0, image.width() / 2, image.height() / 2);
    QCOMPARE(countColour(image, xy, kBlue), 0);
  }

  void overlaysShowTheCrosshairInTheAllLayout() {
    ui::ScreenshotResult result;
    QString json;
    const QImage image = shoot(QStringLiteral("all"), true, &result, &json);
    QVERIFY2(result.complete && result.written, qPrintable(json));
    const int w = image.width() / 2, h = image.height() / 2;
    // XY (top left): a vertical YZ-blue line and a horizontal XZ-green line across the viewport.
    const QRect xy(0, 24, w - 4, h - 30), yz(w + 4, 24, w - 8, h - 30), xz(0, h + 4, w - 4, h - 8);
    QVERIFY2(countColour(image, xy, kBlue) > xy.height() * 3 / 4, "no vertical crosshair line in XY");
    QVERIFY2(countColour(image, xy, kGreen) > xy.width() * 3 / 4, "no horizontal crosshair line in XY");
    // YZ (top right): screen i is z, so the vertical line is the XY plane (red), the horizontal XZ.
    QVERIFY2(countColour(image, yz, kRed) > yz.height() * 3 / 4, "no vertical crosshair line in YZ");
    QVERIFY2(countColour(image, yz, kGreen) > yz.width() * 3 / 4, "no horizontal crosshair line in YZ");
    // XZ (bottom left): vertical YZ (blue), horizontal XY (red).
    QVERIFY2(countColour(image, xz, kBlue) > xz.height() * 3 / 4, "no vertical crosshair line in XZ");
    QVERIFY2(countColour(image, xz, kRed) > xz.width() * 3 / 4, "no horizontal crosshair line in XZ");
  }

  void singleViewportKeepsItsExactSize() {
    ui::ScreenshotResult result;
    QString json;
    const QImage image = shoot(QStringLiteral("xz"), true, &result, &json);
    QVERIFY2(result.complete && result.written, qPrintable(json));
    QCOMPARE(image.size(), QSize(420, 360));
    // XZ: the vertical line is the YZ plane (blue), the horizontal one the XY plane (red).
    QVERIFY(countColour(image, image.rect(), kBlue) > image.height() * 3 / 4);
    QVERIFY(countColour(image, image.rect(), kRed) > image.width() * 3 / 4);
  }
};

int main(int argc, char** argv) { return skein::test::runGuiTest<TestScreenshot>(argc, argv, "tst_screenshot", true); }
#include "tst_screenshot.moc"
