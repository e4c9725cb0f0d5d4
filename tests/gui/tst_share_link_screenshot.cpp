// `skein --screenshot FILE --layout xy URL` with webKnossos share links of the test server
// (tests/servers/wkserver --data-dir on a zarr sample): a dataset link with ?token= to a private
// dataset, a short link and an annotation link open at the encoded position and zoom, and the
// pixels equal the pixel contract on the local sample (and a screenshot of the local folder); the
// hash's stateByLayer shows/hides layers. A replaced sharing token fails with a message that does
// not show the token.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include "core/client/WkClient.h"
#include "core/dataset/OpenDataset.h"
#include "core/dataset/ReadBox.h"
#include "core/store/StoreOpener.h"
#include "tests/gui/GuiTestSupport.h"
#include "tests/servers/ServerProcess.h"
#include "tests/servers/WkServerSeed.h"
#include "tests/support/TestEnv.h"

using namespace skein;
using namespace skein::client;

namespace {

using namespace skein::test::wkseed;

constexpr int kW = 96, kH = 64;

struct Shot {
  int exitCode = -1;
  QJsonObject result;  // the JSON line skein prints
  QByteArray err;
  QImage image;
};

WkClientOptions fastOptions() { return fastClientOptions(15000, 2); }

// The expected grey values of an xy screenshot at zoom 1 centred on `p`: pixel (i, j) shows voxel
// (p.x - W/2 + i, p.y - H/2 + j, p.z) of the color layer, mag 1.
QByteArray expectedXy(const QString& sample, Vec3i p) {
  StoreOpener opener;
  auto ds = openDataset(opener, sample.toStdString());
  if (!ds.ok()) return {};
  QByteArray box;
  const Box3i region{{p.x - kW / 2, p.y - kH / 2, p.z}, {kW, kH, 1}};
  if (!readDatasetBox(&opener, ds.value(), "color", {1, 1, 1}, region, box).ok()) return {};
  return box;  // x fastest, then y: exactly row-major pixels
}

int countMismatches(const QImage& image, const QByteArray& expected, QString* first) {
  if (image.width() != kW || image.height() != kH || expected.size() != kW * kH) return kW * kH;
  int bad = 0;
  for (int j = 0; j < kH; ++j)
    for (int i = 0; i < kW; ++i) {
      const QRgb px = image.pixel(i, j);
      const int want = static_cast<unsigned char>(expected[j * kW + i]);
      if ((qRed(px) != want || qGreen(px) != want || qBlue(px) != want) && bad++ == 0 && first)
        *first = QStringLiteral("pixel (%1,%2) is %3, expected grey %4").arg(i).arg(j).arg(qRed(px)).arg(want);
    }
  return bad;
}

}  // namespace

class TestShareLinkScreenshot : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString sample_;
  test::ServerProcess server_;
  int shots_ = 0;

  std::string url() const { return server_.url().toStdString(); }

  // A complete frame of a remote dataset must have loaded chunks: a layer whose bricks were not
  // known yet once made the first frame count as complete (a black image).
  Shot shoot(const QStringList& extra, const QString& location) { return shootOnce(extra, location); }

  Shot shootOnce(const QStringList& extra, const QString& location) {
    Shot shot;
    const QString png = dir_.filePath(QStringLiteral("shot-%1.png").arg(++shots_));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("SKEIN_CONFIG_DIR", dir_.filePath("config"));  // no saved accounts: anonymous access only
    p.setProcessEnvironment(env);
    p.start(test::binaryDir() + "/app/skein/skein",
            QStringList{"--screenshot", png, "--layout", "xy", "--size", QStringLiteral("%1x%2").arg(kW).arg(kH)} + extra
                << location);
    if (!p.waitForFinished(60000)) return shot;
    shot.exitCode = p.exitCode();
    shot.err = p.readAllStandardError();
    shot.result = QJsonDocument::fromJson(p.readAllStandardOutput().trimmed()).object();
    shot.image = QImage(png).convertToFormat(QImage::Format_RGB888);
    return shot;
  }

  void verifyContract(const Shot& shot, Vec3i position) {
    QVERIFY2(shot.exitCode == 0, shot.err.constData());
    QVERIFY(shot.result.value("complete").toBool());
    QVERIFY(shot.result.value("chunks_loaded").toDouble() > 0);
    QString first;
    const int bad = countMismatches(shot.image, expectedXy(sample_, position), &first);
    QVERIFY2(bad == 0, qPrintable(QStringLiteral("%1 pixels differ; %2").arg(bad).arg(first)));
  }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    QVERIFY2(QFile::exists(test::ServerProcess::wkServerPath()), "build the skein-wkserver target");
    sample_ = dir_.filePath("sample");
    sample::SampleDatasetOptions options;
    options.size = {128, 128, 128};
    options.format = "zarr";
    options.seed = 3;
    const Status made = sample::createSampleDataset(std::make_shared<FileStore>(sample_, FileStore::Mode::ReadWrite), options);
    QVERIFY2(made.ok(), made.ok() ? "" : made.error().message.c_str());
    QVERIFY2(server_.startWkServer({"--data-dir", sample_}), qPrintable(server_.error()));
  }

  void datasetLinkWithSharingToken() {
    WkClient a(url(), fastOptions());
    a.setToken(kTokenA);
    auto token = awaitResult<std::string>([&](auto cb) { a.datasetSharingToken(kSamplePrivate, cb); });
    QVERIFY(token.ok());
    const QString link = QString::fromStdString(url() + "/datasets/sample_private-" + kSamplePrivate + "/view?token=" +
                                                token.value() + "#{\"position\":[64,60,70],\"mode\":\"orthogonal\",\"zoomStep\":1}");
    const Shot viaLink = shoot({}, link);
    verifyContract(viaLink, {64, 60, 70});
    QVERIFY(viaLink.result.value("complete_frame_ms").toDouble() > 0);
    // The same view of the local folder gives the same image.
    const Shot local = shoot({"--position", "64,60,70", "--zoom", "1"}, sample_);
    QVERIFY2(local.exitCode == 0, local.err.constData());
    QCOMPARE(viaLink.image, local.image);

    // A replaced token no longer opens the dataset, and the message does not show it.
    QVERIFY(awaitStatus([&](auto cb) { a.revokeDatasetSharingToken(kSamplePrivate, cb); }).ok());
    const Shot denied = shoot({}, link);
    QCOMPARE(denied.exitCode, 1);
    QVERIFY(!denied.err.isEmpty());
    QVERIFY2(!denied.err.contains(QByteArray::fromStdString(token.value())), denied.err.constData());
  }

  void shortLinkOpensAtItsPosition() {
    WkClient anonymous(url(), fastOptions());
    const std::string longLink = url() + "/datasets/sample_public-" + kSamplePublic +
                                 "/view#{\"position\":[40,90,12],\"mode\":\"orthogonal\",\"zoomStep\":1}";
    auto created = awaitResult<ShortLinkInfo>([&](auto cb) { anonymous.createShortLink(longLink, cb); });
    QVERIFY(created.ok());
    verifyContract(shoot({}, QString::fromStdString(url() + "/links/" + created->key)), {40, 90, 12});
  }

  void layerStateFromTheLink() {
    // stateByLayer: colour off, segmentation on → coloured segments, no grey EM.
    const QString link = QString::fromStdString(url() + "/datasets/sample_public-" + kSamplePublic +
                                                "/view#{\"position\":[64,64,64],\"zoomStep\":1,\"stateByLayer\":"
                                                "{\"color\":{\"isDisabled\":true},\"segmentation\":{\"isDisabled\":false}}}");
    const Shot shot = shoot({}, link);
    QVERIFY2(shot.exitCode == 0, shot.err.constData());
    int coloured = 0;
    for (int j = 0; j < kH; ++j)
      for (int i = 0; i < kW; ++i) {
        const QRgb px = shot.image.pixel(i, j);
        coloured += qRed(px) != qGreen(px) || qGreen(px) != qBlue(px);
      }
    QVERIFY2(coloured > kW * kH / 2, qPrintable(QString::number(coloured)));
    QVERIFY(countMismatches(shot.image, expectedXy(sample_, {64, 64, 64}), nullptr) > kW * kH / 2);
  }

  void annotationLinkOpensItsDataset() {
    WkClient a(url(), fastOptions());
    a.setToken(kTokenA);
    auto annotation = awaitResult<AnnotationInfo>([&](auto cb) { a.createExplorational(kSamplePublic, {AnnotationLayerSpec{}}, cb); });
    QVERIFY(annotation.ok());
    QVERIFY(awaitStatus([&](auto cb) {
              AnnotationEdit edit;
              edit.visibility = Visibility::Public;
              a.editAnnotation(annotation->id, "Explorational", edit, cb);
            }).ok());
    // Legacy CSV hash: x,y,z,mode,zoom.
    verifyContract(shoot({}, QString::fromStdString(url() + "/annotations/" + annotation->id + "#100,20,99,0,1")), {100, 20, 99});
  }
};

int main(int argc, char** argv) {
  return skein::test::runGuiTest<TestShareLinkScreenshot>(argc, argv, "tst_share_link_screenshot", true);
}
#include "tst_share_link_screenshot.moc"
