#include <QtTest>

#include "core/codec/CompressedSegmentation.h"
#include "tests/unit/codec/CodecTestUtil.h"

using namespace skein;
using namespace skein::codec;

namespace {

const QString kVectorDir = "formats/derived_test_vectors/compressed_segmentation/";
const QString kSegmentation = "formats/neuroglancer/compressed_segmentation/64x64x64-raw-uint64-segmentation.dat";

QByteArray labelsToBytes(const std::vector<std::uint64_t>& values, int elementSize) {
  QByteArray out(qsizetype(values.size()) * elementSize, '\0');
  for (std::size_t i = 0; i < values.size(); ++i)
    for (int b = 0; b < elementSize; ++b) out[qsizetype(i) * elementSize + b] = char(values[i] >> (8 * b));
  return out;
}

Extent3 extent(const nlohmann::json& j) { return {j.at(0).get<std::int64_t>(), j.at(1).get<std::int64_t>(), j.at(2).get<std::int64_t>()}; }

// Copies the sub-box [0,size) of a 64^3 uint64 volume, optionally narrowing labels to uint32.
QByteArray subVolume(const QByteArray& full, const Extent3& size, int elementSize) {
  QByteArray out(qsizetype(size[0] * size[1] * size[2]) * elementSize, '\0');
  qsizetype o = 0;
  for (std::int64_t z = 0; z < size[2]; ++z)
    for (std::int64_t y = 0; y < size[1]; ++y)
      for (std::int64_t x = 0; x < size[0]; ++x) {
        const qsizetype src = 8 * qsizetype(x + 64 * (y + 64 * z));
        out.replace(o, elementSize, full.constData() + src, elementSize);
        o += elementSize;
      }
  return out;
}

void setLe32(QByteArray& b, qsizetype at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = char(v >> (8 * i));
}

}  // namespace

class TestCodecCompressedSegmentation : public QObject {
  Q_OBJECT
 private slots:
  void tensorstoreVectors() {
    const auto j = test::readFixtureJson(kVectorDir + "vectors.json");
    QVERIFY(j.is_object());
    int cases = 0;
    for (const auto& c : j.at("cases")) {
      const QString name = QString::fromStdString(c.at("name").get<std::string>());
      const int elementSize = c.at("data_type") == "uint32" ? 4 : 8;
      const Extent3 volume = extent(c.at("volume_size_xyz"));
      const Extent3 block = extent(c.at("block_size_xyz"));
      const QByteArray input = labelsToBytes(c.at("decoded_values_x_fastest").get<std::vector<std::uint64_t>>(), elementSize);

      if (c.contains("channel_file")) {
        const QByteArray expected = test::readFixture(kVectorDir + QString::fromStdString(c.at("channel_file")));
        QVERIFY2(!expected.isEmpty(), qPrintable(name));
        auto enc = compressedSegmentationEncodeChannel(view(input), volume, block, elementSize);
        QVERIFY(enc.ok());
        QVERIFY2(*enc == expected, qPrintable(name + ": channel encoding differs from tensorstore's: " +
                                              enc->toHex() + " vs " + expected.toHex()));
        auto dec = compressedSegmentationDecodeChannel(view(expected), volume, block, elementSize);
        QVERIFY2(dec.ok(), dec.ok() ? "" : dec.error().message.c_str());
        QCOMPARE(*dec, input);
      }
      const QByteArray chunk = test::readFixture(kVectorDir + QString::fromStdString(c.at("chunk_file_with_1ch_header")));
      QVERIFY2(!chunk.isEmpty(), qPrintable(name));
      auto enc = compressedSegmentationEncode(view(input), volume, 1, block, elementSize);
      QVERIFY(enc.ok());
      QVERIFY2(*enc == chunk, qPrintable(name + ": chunk encoding differs: " + enc->toHex() + " vs " + chunk.toHex()));
      auto dec = compressedSegmentationDecode(view(chunk), volume, 1, block, elementSize);
      QVERIFY2(dec.ok(), dec.ok() ? "" : dec.error().message.c_str());
      QCOMPARE(*dec, input);
      ++cases;
    }
    QCOMPARE(cases, 5);
  }

  void roundTripRealSegmentation_data() {
    QTest::addColumn<int>("elementSize");
    QTest::addColumn<Extent3>("volume");
    QTest::addColumn<Extent3>("block");
    const Extent3 full{64, 64, 64};
    for (int es : {8, 4}) {
      QTest::addRow("u%d 64^3 block 8^3", es * 8) << es << full << Extent3{8, 8, 8};
      QTest::addRow("u%d 64^3 block 4^3", es * 8) << es << full << Extent3{4, 4, 4};
      QTest::addRow("u%d 64^3 block 16x8x4", es * 8) << es << full << Extent3{16, 8, 4};
      QTest::addRow("u%d 64^3 block 64^3", es * 8) << es << full << Extent3{64, 64, 64};
      if (es == 8) QTest::addRow("u%d 64^3 block 1^3", es * 8) << es << full << Extent3{1, 1, 1};
      QTest::addRow("u%d 50x37x21 block 8^3 (partial blocks)", es * 8) << es << Extent3{50, 37, 21} << Extent3{8, 8, 8};
      QTest::addRow("u%d 64^3 block 3x5x7 (partial blocks)", es * 8) << es << full << Extent3{3, 5, 7};
    }
  }
  void roundTripRealSegmentation() {
    QFETCH(int, elementSize);
    QFETCH(Extent3, volume);
    QFETCH(Extent3, block);
    const QByteArray full = test::readFixture(kSegmentation);
    QCOMPARE(full.size(), qsizetype(64 * 64 * 64 * 8));
    const QByteArray input = subVolume(full, volume, elementSize);
    auto channel = compressedSegmentationEncodeChannel(view(input), volume, block, elementSize);
    QVERIFY2(channel.ok(), channel.ok() ? "" : channel.error().message.c_str());
    if (block[0] * block[1] * block[2] > 1) QVERIFY(channel->size() < input.size() / 2);  // segmentation compresses well
    auto decoded = compressedSegmentationDecodeChannel(view(*channel), volume, block, elementSize);
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().message.c_str());
    QVERIFY(*decoded == input);

    auto chunk = compressedSegmentationEncode(view(input), volume, 1, block, elementSize);
    QVERIFY(chunk.ok());
    QCOMPARE(chunk->left(4), QByteArray("\x01\x00\x00\x00", 4));
    QVERIFY(chunk->mid(4) == *channel);
  }

  void multiChannelChunk() {
    const QByteArray full = test::readFixture(kSegmentation);
    QVERIFY(!full.isEmpty());
    const Extent3 volume{20, 30, 10}, block{8, 8, 8};
    const QByteArray a = subVolume(full, volume, 8);
    QByteArray b = a;
    for (qsizetype i = 0; i < b.size(); i += 8) b[i] = char(b[i] ^ 0x5A);  // a different labelling
    const QByteArray c(a.size(), '\0');                                      // a constant channel
    const QByteArray input = a + b + c;
    auto enc = compressedSegmentationEncode(view(input), volume, 3, block, 8);
    QVERIFY(enc.ok());
    // Header: three offsets in words from the chunk start, the first right after the header.
    QCOMPARE(std::uint8_t(enc->at(0)), std::uint8_t(3));
    const QByteArray channelA = *compressedSegmentationEncodeChannel(view(a), volume, block, 8);
    QVERIFY(enc->mid(12, channelA.size()) == channelA);
    auto dec = compressedSegmentationDecode(view(*enc), volume, 3, block, 8);
    QVERIFY2(dec.ok(), dec.ok() ? "" : dec.error().message.c_str());
    QVERIFY(*dec == input);
  }

  void badInputIsAnError() {
    const QByteArray full = test::readFixture(kSegmentation);
    const Extent3 volume{16, 16, 16}, block{8, 8, 8};
    const QByteArray input = subVolume(full, volume, 8);
    const QByteArray good = *compressedSegmentationEncodeChannel(view(input), volume, block, 8);
    QVERIFY(compressedSegmentationDecodeChannel(view(good), volume, block, 8).ok());
    auto expectError = [&](const QByteArray& bad, const char* text) {
      auto r = compressedSegmentationDecodeChannel(view(bad), volume, block, 8);
      QVERIFY2(!r.ok(), text);
      QVERIFY2(r.error().message.find(text) != std::string::npos, r.error().message.c_str());
    };
    expectError(good.left(30), "block headers need 16");
    QByteArray valuesOutside = good;
    setLe32(valuesOutside, 4, 0x7FFFFFFF);
    expectError(valuesOutside, "outside the channel's");
    QByteArray tableOutside = good;
    setLe32(tableOutside, 0, (std::uint32_t(std::uint8_t(good[3])) << 24) | 0xFFFFFF);
    expectError(tableOutside, "lookup table at word 16777215");
    QByteArray badBits = good;
    badBits[3] = char(3);
    expectError(badBits, "invalid encoded bits 3");
    // Table pointing at the last label of the data: indices above 0 do not fit.
    QByteArray shortTable = good;
    const std::uint32_t words = std::uint32_t(good.size() / 4);
    std::uint32_t h0 = std::uint32_t(std::uint8_t(good[0])) | std::uint32_t(std::uint8_t(good[1])) << 8 |
                       std::uint32_t(std::uint8_t(good[2])) << 16 | std::uint32_t(std::uint8_t(good[3])) << 24;
    QVERIFY((h0 >> 24) > 0);  // block 0 has several labels
    setLe32(shortTable, 0, (h0 & 0xFF000000u) | (words - 2));
    expectError(shortTable, "only 1 entries fit");

    // Chunk form: channel offsets outside the data.
    QByteArray chunk = *compressedSegmentationEncode(view(input), volume, 1, block, 8);
    setLe32(chunk, 0, 0x40000000);
    auto r = compressedSegmentationDecode(view(chunk), volume, 1, block, 8);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("channel 0 starts at byte") != std::string::npos, r.error().message.c_str());
    QVERIFY(!compressedSegmentationDecode(view(chunk.left(3)), volume, 1, block, 8).ok());
    QVERIFY(!compressedSegmentationDecode(view(chunk), volume, 2, block, 8).ok());

    // Geometry and encoder argument checks.
    QVERIFY(!compressedSegmentationDecodeChannel(view(good), volume, {0, 8, 8}, 8).ok());
    QVERIFY(!compressedSegmentationDecodeChannel(view(good), volume, block, 2).ok());
    QVERIFY(!compressedSegmentationDecodeChannel(view(good), {1 << 20, 1 << 20, 1 << 20}, block, 8).ok());
    QVERIFY(!compressedSegmentationEncodeChannel(view(input.left(100)), volume, block, 8).ok());
    QVERIFY(!compressedSegmentationEncode(view(input), volume, 0, block, 8).ok());

    // Random corruption and truncation: errors or (wrong) labels, never out-of-bounds access.
    std::mt19937 rng(3);
    for (int i = 0; i < 500; ++i) {
      QByteArray bad = good;
      for (int f = 0; f < 2; ++f) bad[qsizetype(rng() % std::uint32_t(bad.size()))] = char(rng());
      (void)compressedSegmentationDecodeChannel(view(bad), volume, block, 8);
      (void)compressedSegmentationDecodeChannel(view(good.left(qsizetype(rng() % std::uint32_t(good.size())))), volume,
                                                block, 8);
    }
  }
};

QTEST_GUILESS_MAIN(TestCodecCompressedSegmentation)
#include "tst_codec_compressed_segmentation.moc"
