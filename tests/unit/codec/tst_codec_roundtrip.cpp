// Round trips through every compressor, plus byte-exact known outputs where we have them.
#include <QtTest>

#include <blosc.h>

#include "core/codec/Blosc.h"
#include "core/codec/Deflate.h"
#include "core/codec/Lz4.h"
#include "core/codec/XxHash32.h"
#include "core/codec/Zstd.h"
#include "tests/unit/codec/CodecTestUtil.h"

using namespace skein;
using namespace skein::codec;

namespace {

const qsizetype kSizes[] = {0, 1, 100, 4096, 262147};

QByteArray fromHex(const char* hex) { return QByteArray::fromHex(hex); }

}  // namespace

class TestCodecRoundTrip : public QObject {
  Q_OBJECT
 private slots:
  void gzipAndZlib_data() {
    QTest::addColumn<qsizetype>("size");
    for (qsizetype s : kSizes) QTest::addRow("%lld", qlonglong(s)) << s;
  }
  void gzipAndZlib() {
    QFETCH(qsizetype, size);
    const QByteArray in = test::patternedBytes(size);
    auto gz = gzipEncode(view(in));
    QVERIFY(gz.ok());
    QCOMPARE(std::uint8_t(gz->at(0)), std::uint8_t(0x1f));  // gzip magic
    QCOMPARE(std::uint8_t(gz->at(1)), std::uint8_t(0x8b));
    auto zl = zlibEncode(view(in), 9);
    QVERIFY(zl.ok());
    QCOMPARE(std::uint8_t(zl->at(0)) & 0x0F, 8);  // CM = deflate
    for (const QByteArray& enc : {*gz, *zl}) {
      auto unknown = inflateAny(view(enc));
      QVERIFY2(unknown.ok(), unknown.ok() ? "" : unknown.error().message.c_str());
      QCOMPARE(*unknown, in);
      auto exact = inflateAny(view(enc), size);
      QVERIFY(exact.ok());
      QCOMPARE(*exact, in);
    }
    if (size > 1000) QVERIFY(gz->size() < size / 2);
  }

  void concatenatedGzipMembers() {
    const QByteArray a = test::patternedBytes(5000, 1), b = test::patternedBytes(3000, 2);
    const QByteArray joined = *gzipEncode(view(a)) + *gzipEncode(view(b));
    auto out = inflateAny(view(joined));
    QVERIFY(out.ok());
    QCOMPARE(*out, a + b);
  }

  void zstd_data() {
    QTest::addColumn<qsizetype>("size");
    for (qsizetype s : kSizes) QTest::addRow("%lld", qlonglong(s)) << s;
  }
  void zstd() {
    QFETCH(qsizetype, size);
    const QByteArray in = test::patternedBytes(size);
    for (bool checksum : {false, true}) {
      auto enc = zstdEncode(view(in), 3, checksum);
      QVERIFY(enc.ok());
      auto dec = zstdDecode(view(*enc));
      QVERIFY2(dec.ok(), dec.ok() ? "" : dec.error().message.c_str());
      QCOMPARE(*dec, in);
      auto exact = zstdDecode(view(*enc), size);
      QVERIFY(exact.ok());
      QCOMPARE(*exact, in);
    }
  }

  void zstdConcatenatedFrames() {
    const QByteArray a = test::patternedBytes(7000, 3), b = test::patternedBytes(9000, 4);
    const QByteArray joined = *zstdEncode(view(a)) + *zstdEncode(view(b), 19);
    auto out = zstdDecode(view(joined), a.size() + b.size());
    QVERIFY(out.ok());
    QCOMPARE(*out, a + b);
  }

  void zstdFrameWithoutContentSize() {
    // A hand-made frame without the content-size field: magic, FHD=0 (no FCS, window descriptor
    // follows), window descriptor, then one last raw block of 5 bytes "hello".
    const QByteArray frame = fromHex("28b52ffd" "00" "58" "290000" "68656c6c6f");
    auto unknown = zstdDecode(view(frame));
    QVERIFY2(unknown.ok(), unknown.ok() ? "" : unknown.error().message.c_str());
    QCOMPARE(*unknown, QByteArray("hello"));
    auto exact = zstdDecode(view(frame), 5);
    QVERIFY(exact.ok());
    QCOMPARE(*exact, QByteArray("hello"));
    auto wrong = zstdDecode(view(frame), 4);
    QVERIFY(!wrong.ok());
    QVERIFY(wrong.error().message.find("more than the expected") != std::string::npos);
  }

  // Ten RLE blocks of 100000 bytes each and no content size: the output must grow from a small
  // first guess to 1 MB, and the caller's limits must still apply.
  void zstdUnknownSizeGrowsOutput() {
    QByteArray frame = fromHex("28b52ffd" "00" "58");
    for (int i = 0; i < 10; ++i) {
      const std::uint32_t header = (i == 9 ? 1u : 0u) | (1u << 1) | (100000u << 3);
      frame += char(header & 0xFF);
      frame += char((header >> 8) & 0xFF);
      frame += char((header >> 16) & 0xFF);
      frame += char('a' + i);
    }
    auto out = zstdDecode(view(frame));
    QVERIFY2(out.ok(), out.ok() ? "" : out.error().message.c_str());
    QCOMPARE(out->size(), qsizetype(1000000));
    QCOMPARE(out->at(0), 'a');
    QCOMPARE(out->at(999999), 'j');
    QCOMPARE(zstdDecode(view(frame), 1000000)->size(), qsizetype(1000000));
    QVERIFY(!zstdDecode(view(frame), -1, 999999).ok());
    QVERIFY(!zstdDecode(view(frame), 1000001).ok());
  }

  void lz4Block_data() {
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<int>("hcLevel");
    for (qsizetype s : kSizes) {
      QTest::addRow("fast-%lld", qlonglong(s)) << s << 0;
      QTest::addRow("hc9-%lld", qlonglong(s)) << s << 9;
    }
  }
  void lz4Block() {
    QFETCH(qsizetype, size);
    QFETCH(int, hcLevel);
    const QByteArray in = test::patternedBytes(size);
    auto enc = lz4BlockEncode(view(in), hcLevel);
    QVERIFY(enc.ok());
    auto dec = lz4BlockDecode(view(*enc), size);
    QVERIFY2(dec.ok(), dec.ok() ? "" : dec.error().message.c_str());
    QCOMPARE(*dec, in);

    auto nc = lz4NumcodecsEncode(view(in));
    QVERIFY(nc.ok());
    QCOMPARE(qsizetype(std::uint8_t(nc->at(0)) | std::uint8_t(nc->at(1)) << 8 | std::uint8_t(nc->at(2)) << 16), size);
    auto ncDec = lz4NumcodecsDecode(view(*nc));
    QVERIFY(ncDec.ok());
    QCOMPARE(*ncDec, in);
  }

  void lz4Java_data() {
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<int>("blockSize");
    for (qsizetype s : kSizes) {
      QTest::addRow("64KiB-%lld", qlonglong(s)) << s << 65536;
      QTest::addRow("100B-%lld", qlonglong(s)) << s << 100;
    }
    QTest::addRow("random-incompressible") << qsizetype(-1) << 65536;
  }
  void lz4Java() {
    QFETCH(qsizetype, size);
    QFETCH(int, blockSize);
    const QByteArray in = size < 0 ? test::randomBytes(150000) : test::patternedBytes(size);
    auto enc = lz4JavaEncode(view(in), blockSize);
    QVERIFY(enc.ok());
    QVERIFY(enc->startsWith("LZ4Block"));
    QVERIFY(enc->endsWith(QByteArray("LZ4Block", 8) + QByteArray(1, char((enc->at(8) & 0x0F) | 0x10)) +
                          QByteArray(12, '\0')));
    auto dec = lz4JavaDecode(view(*enc));
    QVERIFY2(dec.ok(), dec.ok() ? "" : dec.error().message.c_str());
    QCOMPARE(*dec, in);
    if (size < 0) QCOMPARE(enc->at(8) & 0xF0, 0x10);  // incompressible blocks are stored raw
  }

  // Bytes written by lz4-java's LZ4BlockOutputStream (blockSize 4096, so level nibble 2) for the
  // strings "" and "abc", as published in a Java project's unit test of that stream. Checks our
  // framing, the raw-block choice and the masked XXH32 checksum byte for byte.
  void lz4JavaMatchesJavaOutput() {
    const QByteArray empty = fromHex("4c5a34426c6f636b12000000000000000000000000");
    const QByteArray abc = fromHex("4c5a34426c6f636b12030000000300000022b24c0d616263"
                                   "4c5a34426c6f636b12000000000000000000000000");
    QCOMPARE(*lz4JavaEncode(ByteView{}, 4096), empty);
    QCOMPARE(*lz4JavaEncode(test::bytesOf("abc", 3), 4096), abc);
    QCOMPARE(*lz4JavaDecode(view(abc)), QByteArray("abc"));
    QCOMPARE(lz4JavaDecode(view(empty))->size(), qsizetype(0));
  }

  // An LZ4-compressed lz4-java block (token 0x26: LZ4, 64 KiB blocks) from another project's
  // fixture; decoding verifies LZ4 payload handling and the checksum of a compressed block.
  void lz4JavaDecodesCompressedJavaBlock() {
    const QByteArray stream = fromHex(
        "4c5a34426c6f636b262100000026000000dfba8406c10a00000300047a506f7300000b0013780b00d008000570726f626500"
        "026f6b004c5a34426c6f636b16000000000000000000000000");
    auto dec = lz4JavaDecode(view(stream));
    QVERIFY2(dec.ok(), dec.ok() ? "" : dec.error().message.c_str());
    QCOMPARE(dec->size(), qsizetype(38));
    QVERIFY(dec->contains("zPos"));
    QVERIFY(dec->contains("probe"));
    QCOMPARE(*lz4JavaEncode(view(*dec)), stream);  // same compressor, same bytes
  }

  void xxHash32KnownVectors() {
    QCOMPARE(xxHash32(ByteView{}, 0), 0x02CC5D05u);
    QCOMPARE(xxHash32(test::bytesOf("a", 1), 0), 0x550D7456u);
    QCOMPARE(xxHash32(test::bytesOf("abc", 3), 0), 0x32D153FFu);
    QCOMPARE(xxHash32(test::bytesOf("abcdefghijklmnop", 16), 0), 0x9D2D8B62u);
    QCOMPARE(xxHash32(test::bytesOf("abcdefghijklmnopqrstuvwxyz", 26), 0), 0x63A14D5Fu);
    const char* spam = "Nobody inspects the spammish repetition";
    QCOMPARE(xxHash32(test::bytesOf(spam, std::strlen(spam)), 0), 0xE2293B2Fu);
  }

  void blosc_data() {
    QTest::addColumn<QString>("cname");
    QTest::addColumn<int>("shuffle");
    QTest::addColumn<int>("typesize");
    const QString available = QString::fromLatin1(blosc_list_compressors());
    QStringList cnames{"blosclz", "lz4", "lz4hc", "zlib", "zstd"};
    // Every Blosc build has these five; snappy is optional (Debian's libblosc has it).
    for (const QString& c : cnames) QVERIFY2(available.split(',').contains(c), qPrintable(available));
    if (available.split(',').contains("snappy")) cnames << "snappy";
    for (const QString& c : cnames)
      for (int shuffle : {0, 1, 2})
        for (int typesize : {1, 2, 3, 4, 5, 8, 16})  // "any typesize": odd ones too
          QTest::addRow("%s-shuffle%d-ts%d", qPrintable(c), shuffle, typesize) << c << shuffle << typesize;
  }
  void blosc() {
    QFETCH(QString, cname);
    QFETCH(int, shuffle);
    QFETCH(int, typesize);
    BloscParams p;
    p.cname = cname.toStdString();
    p.shuffle = BloscShuffle(shuffle);
    p.typesize = typesize;
    for (qsizetype size : {qsizetype(0), qsizetype(1), qsizetype(100), qsizetype(262147)}) {
      const QByteArray in = test::patternedBytes(size, std::uint32_t(size));
      auto enc = bloscEncode(view(in), p);
      QVERIFY2(enc.ok(), enc.ok() ? "" : enc.error().message.c_str());
      QVERIFY(enc->size() >= 16);
      QCOMPARE(std::uint8_t(enc->at(3)), std::uint8_t(typesize));
      if (size == 262147) {
        const std::uint8_t flags = std::uint8_t(enc->at(2));
        QCOMPARE(bool(flags & 0x01), shuffle == 1);
        QCOMPARE(bool(flags & 0x04), shuffle == 2);
        // The pattern's period suits power-of-two element sizes; shuffled into 3-, 5- or 16-byte
        // elements it need not compress, but it must round-trip.
        if (typesize == 1 || typesize == 2 || typesize == 4 || typesize == 8)
          QVERIFY2(enc->size() < size / 2, "patterned data must really compress");
      }
      auto dec = bloscDecode(view(*enc));
      QVERIFY2(dec.ok(), dec.ok() ? "" : dec.error().message.c_str());
      QCOMPARE(*dec, in);
      auto exact = bloscDecode(view(*enc), size);
      QVERIFY(exact.ok());
      QVERIFY(!bloscDecode(view(*enc), size + 1).ok());
    }
  }

  void bloscRejectsUnknownCompressor() {
    BloscParams p;
    p.cname = "brotli";
    auto r = bloscEncode(test::bytesOf("abc", 3), p);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Unsupported);
  }
};

QTEST_GUILESS_MAIN(TestCodecRoundTrip)
#include "tst_codec_roundtrip.moc"
