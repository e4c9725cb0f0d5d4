// Malformed input must give clear errors, never crashes or out-of-bounds access (this suite is
// also run under AddressSanitizer/UBSan).
#include <QtTest>

#include "core/codec/Blosc.h"
#include "core/codec/Deflate.h"
#include "core/codec/Lz4.h"
#include "core/codec/Zstd.h"
#include "tests/unit/codec/CodecTestUtil.h"

using namespace skein;
using namespace skein::codec;

namespace {

void setLe32(QByteArray& b, qsizetype at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = char(v >> (8 * i));
}

bool mentions(const Error& e, const char* text) { return e.message.find(text) != std::string::npos; }

#define EXPECT_ERROR(expr, text)                                                                  \
  do {                                                                                            \
    auto r_ = (expr);                                                                             \
    QVERIFY2(!r_.ok(), "expected an error from " #expr);                                          \
    QVERIFY2(mentions(r_.error(), text), ("unexpected message: " + r_.error().message).c_str());  \
  } while (0)

// Every prefix and a few corruptions of a valid encoding must be handled without crashing.
template <typename Decode>
void fuzzTruncationsAndFlips(const QByteArray& valid, const QByteArray& original, Decode decode) {
  for (qsizetype n = 0; n < valid.size(); n += std::max<qsizetype>(1, valid.size() / 300)) {
    auto r = decode(view(valid.left(n)));
    if (r.ok()) QVERIFY2(*r != original || n == valid.size(), "a truncated stream decoded to the full data");
  }
  std::mt19937 rng(11);
  for (int i = 0; i < 300; ++i) {
    QByteArray bad = valid;
    const int flips = 1 + int(rng() % 4);
    for (int f = 0; f < flips; ++f) bad[qsizetype(rng() % std::uint32_t(bad.size()))] = char(rng());
    (void)decode(view(bad));  // may succeed (e.g. flipped literal), must not crash
  }
}

}  // namespace

class TestCodecBadInput : public QObject {
  Q_OBJECT
 private slots:
  void inflateErrors() {
    const QByteArray data = test::patternedBytes(50000);
    const QByteArray gz = *gzipEncode(view(data));
    EXPECT_ERROR(inflateAny(ByteView{}), "empty");
    EXPECT_ERROR(inflateAny(view(gz.left(gz.size() / 2))), "truncated");
    EXPECT_ERROR(inflateAny(view(test::randomBytes(1000))), "corrupt");
    EXPECT_ERROR(inflateAny(view(gz), data.size() - 1), "more than the expected");
    EXPECT_ERROR(inflateAny(view(gz), data.size() + 1), "decodes to 50000 bytes, expected 50001");
    EXPECT_ERROR(inflateAny(view(gz), -1, 1000), "more than the limit");
    EXPECT_ERROR(inflateAny(view(gz + "junk")), "4 more bytes follow");
    fuzzTruncationsAndFlips(gz, data, [](ByteView v) { return inflateAny(v); });
    fuzzTruncationsAndFlips(*zlibEncode(view(data)), data, [&](ByteView v) { return inflateAny(v, data.size()); });
  }

  void zstdErrors() {
    const QByteArray data = test::patternedBytes(50000);
    const QByteArray z = *zstdEncode(view(data), 3, true);
    EXPECT_ERROR(zstdDecode(ByteView{}), "empty");
    EXPECT_ERROR(zstdDecode(view(z.left(z.size() - 3))), "truncated");
    EXPECT_ERROR(zstdDecode(view(test::randomBytes(1000))), "invalid");
    EXPECT_ERROR(zstdDecode(view(z), 49999), "declare 50000 bytes but 49999 bytes were expected");
    EXPECT_ERROR(zstdDecode(view(z), -1, 1000), "more than the limit");
    QByteArray flipped = z;
    flipped[flipped.size() / 2] = char(flipped[flipped.size() / 2] ^ 0x55);
    QVERIFY(!zstdDecode(view(flipped)).ok());  // content checksum or structure catches it
    // A frame header claiming 1 TiB of content is rejected before allocating.
    QByteArray huge = QByteArray::fromHex("28b52ffd" "e0" "0000000000010000" "010000");
    EXPECT_ERROR(zstdDecode(view(huge)), "zstd");
    fuzzTruncationsAndFlips(z, data, [](ByteView v) { return zstdDecode(v); });
  }

  void bloscErrors() {
    const QByteArray data = test::patternedBytes(100000);
    BloscParams p;
    p.cname = "zstd";
    p.typesize = 4;
    const QByteArray b = *bloscEncode(view(data), p);
    EXPECT_ERROR(bloscDecode(view(b.left(10))), "fewer than its 16-byte header");
    // Header says the frame is longer than the input.
    {
      QByteArray cut = b.left(120);
      auto r = bloscDecode(view(cut));
      QVERIFY(!r.ok());
      const std::string want = "blosc header says " + std::to_string(b.size()) + " bytes but the input has 120 bytes";
      QVERIFY2(r.error().message.find(want) == 0, r.error().message.c_str());
    }
    EXPECT_ERROR(bloscDecode(view(b), 99999), "were expected");
    QByteArray badVersion = b;
    badVersion[0] = char(9);
    EXPECT_ERROR(bloscDecode(view(badVersion)), "format version 9");
    QByteArray hugeNbytes = b;
    setLe32(hugeNbytes, 4, 0xFFFFFFF0u);
    EXPECT_ERROR(bloscDecode(view(hugeNbytes)), "more than Blosc 1 allows");
    QByteArray badBlock = b;
    setLe32(badBlock, 8, 0);
    EXPECT_ERROR(bloscDecode(view(badBlock)), "block size 0");
    QByteArray tinyCbytes = b;
    setLe32(tinyCbytes, 12, 8);
    EXPECT_ERROR(bloscDecode(view(tinyCbytes)), "fewer than its own 16-byte header");
    QByteArray noTable = b.left(20);
    setLe32(noTable, 8, 16);  // 100000 / 16 blocks need 25000 bytes of offsets
    setLe32(noTable, 12, 20);
    EXPECT_ERROR(bloscDecode(view(noTable)), "too short for its table");
    // Memcpyed frame whose payload does not match nbytes.
    QByteArray memcpyed = QByteArray::fromHex("02011301") + QByteArray(12, '\0') + QByteArray(8, 'x');
    setLe32(memcpyed, 4, 100);
    setLe32(memcpyed, 8, 100);
    setLe32(memcpyed, 12, 24);
    EXPECT_ERROR(bloscDecode(view(memcpyed)), "memcpyed");
    // Corrupt block offsets / payload: libblosc's own checks report them.
    QByteArray badStart = b;
    setLe32(badStart, 16, 0x7FFFFFF0u);
    EXPECT_ERROR(bloscDecode(view(badStart)), "corrupt blosc frame");
    QVERIFY(!bloscDecode(view(test::randomBytes(64))).ok());
    fuzzTruncationsAndFlips(b, data, [](ByteView v) { return bloscDecode(v); });
  }

  void lz4BlockErrors() {
    const QByteArray data = test::patternedBytes(20000);
    const QByteArray block = *lz4BlockEncode(view(data));
    EXPECT_ERROR(lz4BlockDecode(view(block), 19999), "LZ4 block");
    EXPECT_ERROR(lz4BlockDecode(view(block), 20001), "decodes to");
    EXPECT_ERROR(lz4BlockDecode(view(block.left(block.size() - 5)), 20000), "LZ4 block");
    EXPECT_ERROR(lz4BlockDecode(view(block), qsizetype(1) << 40), "decoded size must be");
    EXPECT_ERROR(lz4BlockDecode(view(block.left(10)), 1 << 30), "cannot decode to the expected");
    EXPECT_ERROR(lz4BlockDecode(ByteView{}, 10), "empty");
    fuzzTruncationsAndFlips(block, data, [](ByteView v) { return lz4BlockDecode(v, 20000); });
  }

  void lz4NumcodecsErrors() {
    const QByteArray data = test::patternedBytes(20000);
    const QByteArray nc = *lz4NumcodecsEncode(view(data));
    EXPECT_ERROR(lz4NumcodecsDecode(view(nc.left(3))), "fewer than its 4-byte size prefix");
    QByteArray wrongSize = nc;
    setLe32(wrongSize, 0, 20001);
    EXPECT_ERROR(lz4NumcodecsDecode(view(wrongSize)), "numcodecs LZ4");
    QByteArray hugeSize = nc;
    setLe32(hugeSize, 0, 0xFFFFFFFFu);
    EXPECT_ERROR(lz4NumcodecsDecode(view(hugeSize)), "more than the limit");
    EXPECT_ERROR(lz4NumcodecsDecode(view(nc), 1000), "more than the limit");
    fuzzTruncationsAndFlips(nc, data, [](ByteView v) { return lz4NumcodecsDecode(v); });
  }

  void lz4JavaErrors() {
    const QByteArray data = test::patternedBytes(200000);
    const QByteArray s = *lz4JavaEncode(view(data));
    EXPECT_ERROR(lz4JavaDecode(view(s.left(15))), "lz4-java block at byte 0 is truncated");
    EXPECT_ERROR(lz4JavaDecode(view("LZ4Blocc" + s.mid(8))), "magic");
    EXPECT_ERROR(lz4JavaDecode(view(s), 100000), "more than the limit");
    // A block header claiming 1 GiB (level nibble 15 allows up to 32 MiB).
    QByteArray huge = s;
    huge[8] = char(0x2F);
    setLe32(huge, 13, 1u << 30);
    EXPECT_ERROR(lz4JavaDecode(view(huge)), "lz4-java block at byte 0 claims 1073741824 bytes (1.0 GiB)");
    QByteArray longCompressed = s;
    setLe32(longCompressed, 9, 1u << 24);
    EXPECT_ERROR(lz4JavaDecode(view(longCompressed)), "of compressed data but only");
    QByteArray wrongDecoded = s;
    setLe32(wrongDecoded, 13, 65535);
    EXPECT_ERROR(lz4JavaDecode(view(wrongDecoded)), "lz4-java block at byte 0");
    QByteArray badChecksum = s;
    badChecksum[17] = char(badChecksum[17] ^ 1);
    EXPECT_ERROR(lz4JavaDecode(view(badChecksum)), "checksum");
    QByteArray badMethod = s;
    badMethod[8] = char(0x36);
    EXPECT_ERROR(lz4JavaDecode(view(badMethod)), "unknown compression method 0x30");
    QByteArray negative = s;
    setLe32(negative, 9, 0x80000000u);
    EXPECT_ERROR(lz4JavaDecode(view(negative)), "negative length");
    EXPECT_ERROR(lz4JavaDecode(view(s + "garbage-after-the-end-marker")), "magic");
    fuzzTruncationsAndFlips(s, data, [](ByteView v) { return lz4JavaDecode(v); });
  }

  void encodersRejectBadParameters() {
    QVERIFY(!gzipEncode(test::bytesOf("a", 1), 12).ok());
    QVERIFY(!zstdEncode(test::bytesOf("a", 1), 99).ok());
    QVERIFY(!lz4JavaEncode(test::bytesOf("a", 1), 10).ok());
    BloscParams p;
    p.typesize = 0;
    QVERIFY(!bloscEncode(test::bytesOf("a", 1), p).ok());
    p.typesize = 1;
    p.clevel = 10;
    QVERIFY(!bloscEncode(test::bytesOf("a", 1), p).ok());
  }
};

QTEST_GUILESS_MAIN(TestCodecBadInput)
#include "tst_codec_badinput.moc"
