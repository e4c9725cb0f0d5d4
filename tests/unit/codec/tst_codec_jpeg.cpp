#include <QtTest>

#include <cmath>

#include "core/codec/Jpeg.h"
#include "tests/unit/codec/CodecTestUtil.h"

using namespace skein;
using namespace skein::codec;

namespace {

// A smooth image (JPEG's favourite kind) so that the error bound below is meaningful.
JpegImage smoothImage(int width, int height, int channels) {
  JpegImage img;
  img.width = width;
  img.height = height;
  img.channels = channels;
  img.pixels.resize(qsizetype(width) * height * channels);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < channels; ++c) {
        const double v = 128 + 100 * std::sin(x / 11.0 + c) * std::cos(y / 17.0 - c);
        img.pixels[(qsizetype(y) * width + x) * channels + c] = char(std::lround(v));
      }
  return img;
}

struct ErrorStats {
  int maxAbs = 0;
  double mean = 0;
};

ErrorStats compare(const QByteArray& a, const QByteArray& b) {
  ErrorStats s;
  double sum = 0;
  for (qsizetype i = 0; i < a.size(); ++i) {
    const int d = std::abs(int(std::uint8_t(a[i])) - int(std::uint8_t(b[i])));
    s.maxAbs = std::max(s.maxAbs, d);
    sum += d;
  }
  s.mean = a.isEmpty() ? 0 : sum / double(a.size());
  return s;
}

qsizetype findSof0(const QByteArray& jpeg) {
  for (qsizetype i = 2; i + 1 < jpeg.size(); ++i)
    if (std::uint8_t(jpeg[i]) == 0xFF && std::uint8_t(jpeg[i + 1]) == 0xC0) return i;
  return -1;
}

}  // namespace

class TestCodecJpeg : public QObject {
  Q_OBJECT
 private slots:
  void roundTrip_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("quality");
    QTest::newRow("gray 64x4096 q90") << 64 << 4096 << 1 << 90;  // a 64^3 chunk as width x, height y*z
    QTest::newRow("gray 33x17 q95") << 33 << 17 << 1 << 95;       // partial MCUs
    QTest::newRow("rgb 48x40 q90") << 48 << 40 << 3 << 90;
    QTest::newRow("rgb 24x576 q75") << 24 << 576 << 3 << 75;
    QTest::newRow("gray 1x1 q90") << 1 << 1 << 1 << 90;
  }
  void roundTrip() {
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, channels);
    QFETCH(int, quality);
    const JpegImage in = smoothImage(width, height, channels);
    auto enc = jpegEncode(in, quality);
    QVERIFY2(enc.ok(), enc.ok() ? "" : enc.error().message.c_str());
    QVERIFY(enc->startsWith("\xFF\xD8"));
    auto dec = jpegDecode(view(*enc));
    QVERIFY2(dec.ok(), dec.ok() ? "" : dec.error().message.c_str());
    QCOMPARE(dec->width, width);
    QCOMPARE(dec->height, height);
    QCOMPARE(dec->channels, channels);
    QCOMPARE(dec->pixels.size(), in.pixels.size());
    const ErrorStats e = compare(in.pixels, dec->pixels);
    QVERIFY2(e.maxAbs <= (channels == 1 ? 12 : 40), qPrintable(QString("max error %1").arg(e.maxAbs)));
    QVERIFY2(e.mean <= (channels == 1 ? 2.0 : 6.0), qPrintable(QString("mean error %1").arg(e.mean)));
    if (width * height >= 1000) QVERIFY(enc->size() < in.pixels.size() / 2);
  }

  void rejectsTooManyPixelsBeforeDecoding() {
    const JpegImage in = smoothImage(64, 64, 1);
    const QByteArray enc = *jpegEncode(in);
    auto r = jpegDecode(view(enc), 64 * 64 - 1);
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.find("exceeds the limit") != std::string::npos);
    // A header claiming 65000 x 65000 pixels.
    QByteArray huge = enc;
    const qsizetype sof = findSof0(huge);
    QVERIFY(sof > 0);
    huge[sof + 5] = char(0xFD);
    huge[sof + 6] = char(0xE8);
    huge[sof + 7] = char(0xFD);
    huge[sof + 8] = char(0xE8);
    auto h = jpegDecode(view(huge));
    QVERIFY(!h.ok());
    QVERIFY2(h.error().message.find("65000x65000") != std::string::npos, h.error().message.c_str());
  }

  void garbageIsAnError() {
    QVERIFY(!jpegDecode(ByteView{}).ok());
    QVERIFY(!jpegDecode(view(test::randomBytes(500))).ok());
    QVERIFY(!jpegDecode(view(QByteArray("\xFF\xD8\xFF\xE0") + test::randomBytes(500))).ok());
    const QByteArray enc = *jpegEncode(smoothImage(64, 256, 3));
    auto truncated = jpegDecode(view(enc.left(enc.size() / 2)));
    QVERIFY(!truncated.ok());
    QVERIFY2(truncated.error().message.find("corrupt JPEG data") == 0, truncated.error().message.c_str());
    for (qsizetype n = 0; n < enc.size(); n += 97) (void)jpegDecode(view(enc.left(n)));
    std::mt19937 rng(5);
    for (int i = 0; i < 200; ++i) {
      QByteArray bad = enc;
      for (int f = 0; f < 3; ++f) bad[2 + qsizetype(rng() % std::uint32_t(bad.size() - 2))] = char(rng());
      auto r = jpegDecode(view(bad));  // must not crash; if it decodes, the geometry is sane
      if (r.ok()) QCOMPARE(r->pixels.size(), qsizetype(r->width) * r->height * r->channels);
    }
  }

  void encoderValidatesItsInput() {
    JpegImage img = smoothImage(8, 8, 1);
    img.channels = 2;
    QVERIFY(!jpegEncode(img).ok());
    img = smoothImage(8, 8, 3);
    img.pixels.chop(1);
    QVERIFY(!jpegEncode(img).ok());
    QVERIFY(!jpegEncode(smoothImage(8, 8, 1), 0).ok());
    JpegImage tall = smoothImage(1, 1, 1);
    tall.height = 70000;
    tall.pixels.resize(70000);
    QVERIFY(!jpegEncode(tall).ok());
  }
};

QTEST_GUILESS_MAIN(TestCodecJpeg)
#include "tst_codec_jpeg.moc"
