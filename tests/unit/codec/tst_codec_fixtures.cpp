// Decodes real chunks written by other implementations and checks digests/hashes against the
// published test vectors in fixtures/formats/derived_test_vectors.
#include <QtTest>

#include <QDir>

#include "core/codec/Blosc.h"
#include "core/codec/Crc32c.h"
#include "core/codec/Deflate.h"
#include "core/codec/Lz4.h"
#include "core/codec/Murmur3.h"
#include "core/codec/Zstd.h"
#include "tests/unit/codec/CodecTestUtil.h"

using namespace skein;
using namespace skein::codec;

namespace {

// zarr_python_2.13_debian: shape (z,y,x) = (20,30,40), chunks (8,16,16), C order.
constexpr int kShape[3] = {20, 30, 40};
constexpr int kChunk[3] = {8, 16, 16};
constexpr qsizetype kChunkElements = 8 * 16 * 16;

std::uint16_t u16Value(std::int64_t x, std::int64_t y, std::int64_t z) {
  return std::uint16_t((x * x + 3 * y * y + 7 * z * z + x * y * z) & 0xFFFF);
}
std::uint64_t u64LabelValue(std::int64_t x, std::int64_t y, std::int64_t z) {
  return std::uint64_t(x / 5 + 10 * (y / 7) + 100 * (z / 3)) + (std::uint64_t(1) << 40);
}

template <typename T>
T loadLe(const char* p) {
  T v = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) v |= T(std::uint8_t(p[i])) << (8 * i);
  return v;
}

Result<QByteArray> decodeZarrChunk(const QString& array, ByteView in, qsizetype expected) {
  if (array.contains("blosc")) return bloscDecode(in, expected);
  if (array.endsWith("gzip") || array.endsWith("zlib")) return inflateAny(in, expected);
  if (array.endsWith("zstd")) return zstdDecode(in, expected);
  if (array.endsWith("lz4")) return lz4NumcodecsDecode(in);
  return makeError(ErrorCode::Unsupported, "no codec for " + array.toStdString());
}

// Compares every in-bounds element of chunk (cz,cy,cx); returns the number checked.
template <typename T, typename F>
qsizetype compareChunk(const QByteArray& decoded, int cz, int cy, int cx, F expected, QString* mismatch) {
  qsizetype checked = 0;
  for (int z = 0; z < kChunk[0]; ++z)
    for (int y = 0; y < kChunk[1]; ++y)
      for (int x = 0; x < kChunk[2]; ++x) {
        const std::int64_t gz = cz * kChunk[0] + z, gy = cy * kChunk[1] + y, gx = cx * kChunk[2] + x;
        if (gz >= kShape[0] || gy >= kShape[1] || gx >= kShape[2]) continue;
        const qsizetype i = (qsizetype(z) * kChunk[1] + y) * kChunk[2] + x;
        const T got = loadLe<T>(decoded.constData() + i * qsizetype(sizeof(T)));
        if (got != T(expected(gx, gy, gz))) {
          *mismatch = QString("element (x=%1,y=%2,z=%3): got %4").arg(gx).arg(gy).arg(gz).arg(qulonglong(got));
          return -1;
        }
        ++checked;
      }
  return checked;
}

std::uint32_t parseHex32(const std::string& s) { return std::uint32_t(std::stoul(s, nullptr, 16)); }

}  // namespace

class TestCodecFixtures : public QObject {
  Q_OBJECT
 private slots:
  void expectedJsonStillDescribesOurFormulas() {
    const auto j = test::readFixtureJson("formats/zarr_python_2.13_debian/expected.json");
    QVERIFY(j.is_object());
    QCOMPARE(QString::fromStdString(j.at("u16").get<std::string>()),
             QString("(x*x + 3*y*y + 7*z*z + x*y*z) & 0xFFFF  (uint16) at zarr index [z][y][x]"));
    QCOMPARE(QString::fromStdString(j.at("u64_labels").get<std::string>()),
             QString("(x//5) + 10*(y//7) + 100*(z//3) + 2**40  (uint64)"));
    QCOMPARE(j.at("chunks"), nlohmann::json({8, 16, 16}));
  }

  void zarrV2Chunks_data() {
    QTest::addColumn<QString>("array");
    const char* arrays[] = {"u16_blosc_blosclz_noshuffle", "u16_blosc_blosclz_shuffle", "u16_blosc_blosclz_bitshuffle",
                            "u16_blosc_lz4_noshuffle",     "u16_blosc_lz4_shuffle",     "u16_blosc_lz4_bitshuffle",
                            "u16_blosc_lz4hc_noshuffle",   "u16_blosc_lz4hc_shuffle",   "u16_blosc_lz4hc_bitshuffle",
                            "u16_blosc_zlib_noshuffle",    "u16_blosc_zlib_shuffle",    "u16_blosc_zlib_bitshuffle",
                            "u16_blosc_zstd_noshuffle",    "u16_blosc_zstd_shuffle",    "u16_blosc_zstd_bitshuffle",
                            "u16_gzip",                    "u16_zlib",                  "u16_zstd",
                            "u16_lz4",                     "u64_labels_blosc_zstd_bitshuffle", "u64_labels_gzip"};
    for (const char* a : arrays) QTest::newRow(a) << QString(a);
  }
  void zarrV2Chunks() {
    QFETCH(QString, array);
    const bool u64 = array.startsWith("u64");
    const qsizetype elementSize = u64 ? 8 : 2;
    int chunksDecoded = 0;
    qsizetype elementsChecked = 0;
    for (int cz = 0; cz < 3; ++cz)
      for (int cy = 0; cy < 2; ++cy)
        for (int cx = 0; cx < 3; ++cx) {
          const QString key = QString("formats/zarr_python_2.13_debian/v2.zarr/%1/%2.%3.%4").arg(array).arg(cz).arg(cy).arg(cx);
          const QByteArray raw = test::readFixture(key);
          QVERIFY2(!raw.isEmpty(), qPrintable("missing fixture " + key));
          auto decoded = decodeZarrChunk(array, view(raw), kChunkElements * elementSize);
          QVERIFY2(decoded.ok(), decoded.ok() ? "" : (key.toStdString() + ": " + decoded.error().message).c_str());
          QCOMPARE(decoded->size(), kChunkElements * elementSize);
          QString mismatch;
          const qsizetype n = u64 ? compareChunk<std::uint64_t>(*decoded, cz, cy, cx, u64LabelValue, &mismatch)
                                  : compareChunk<std::uint16_t>(*decoded, cz, cy, cx, u16Value, &mismatch);
          QVERIFY2(n > 0, qPrintable(key + ": " + mismatch));
          elementsChecked += n;
          ++chunksDecoded;
        }
    QCOMPARE(chunksDecoded, 18);
    QCOMPARE(elementsChecked, qsizetype(20 * 30 * 40));
  }

  // The chunk the task names explicitly: blosc zstd + bitshuffle, typesize 2.
  void bloscZstdBitshuffleHeader() {
    const QByteArray raw = test::readFixture("formats/zarr_python_2.13_debian/v2.zarr/u16_blosc_zstd_bitshuffle/0.0.0");
    QVERIFY(raw.size() > 16);
    QCOMPARE(std::uint8_t(raw[3]), std::uint8_t(2));          // typesize
    QCOMPARE(std::uint8_t(raw[2]) & 0x04, 0x04);              // bit-shuffle
    QCOMPARE(std::uint8_t(raw[2]) >> 5, 4);                   // zstd
    QVERIFY(raw.size() < 8 * 16 * 16 * 2);                    // really compressed
    auto decoded = bloscDecode(view(raw), 8 * 16 * 16 * 2);
    QVERIFY(decoded.ok());
    QCOMPARE(loadLe<std::uint16_t>(decoded->constData() + 2 * (5 + 16 * (3 + 16 * 2))), u16Value(5, 3, 2));
  }

  // N5 blocks from zarr's N5Store: big-endian header (mode, ndim, dims) + compressed big-endian data.
  void n5Blocks_data() {
    QTest::addColumn<QString>("array");
    QTest::newRow("blosc lz4") << "u16_blosc_lz4";
    QTest::newRow("blosc zstd") << "u16_blosc_zstd";
    QTest::newRow("gzip") << "u16_gzip";
  }
  void n5Blocks() {
    QFETCH(QString, array);
    const QByteArray raw = test::readFixture("formats/zarr_python_2.13_debian/n5.n5/" + array + "/1/1/0");
    QVERIFY(raw.size() > 16);
    const int ndim = (std::uint8_t(raw[2]) << 8) | std::uint8_t(raw[3]);
    QCOMPARE(ndim, 3);
    ByteView payload = view(raw).subspan(4 + 4 * ndim);
    const qsizetype bytes = 16 * 16 * 8 * 2;
    auto decoded = array.contains("blosc") ? bloscDecode(payload, bytes) : inflateAny(payload, bytes);
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().message.c_str());
    // Block (1,1,0) covers x 16..31, y 16..29 (padded to 32), z 0..7; values are big-endian.
    for (int z = 0; z < 8; ++z)
      for (int y = 0; y < 14; ++y)
        for (int x = 0; x < 16; ++x) {
          const qsizetype i = 2 * (x + 16 * (y + 16 * z));
          const std::uint16_t v = std::uint16_t(std::uint8_t(decoded->at(i)) << 8 | std::uint8_t(decoded->at(i + 1)));
          QCOMPARE(v, u16Value(16 + x, 16 + y, z));
        }
  }

  // WKW LZ4HC files (webknossos-libs l4_sample_snipped): a 16-byte header, a jump table of 4096
  // uint64 block end offsets, then raw LZ4 blocks of 32^3 uint8 voxels each. All voxels outside a
  // 10^3 box are 0: the box's voxel sum is 120697 (expected.json), 700 + 300 of them nonzero.
  void wkwLz4hcBlocks() {
    const auto expected = test::readFixtureJson("formats/webknossos_libs/expected.json");
    QVERIFY(expected.is_object());
    const auto& l4 = expected.at("l4_sample_snipped");
    std::uint64_t sum = 0, nonzero = 0;
    int blocks = 0;
    const QByteArray zeroBlock(32 * 32 * 32, '\0');
    for (const auto& file : l4.at("files")) {
      const QByteArray wkw = test::readFixture("formats/webknossos_libs/l4_sample_snipped/" +
                                               QString::fromStdString(file.get<std::string>()));
      QVERIFY(wkw.startsWith("WKW"));
      QCOMPARE(int(wkw[5]), 3);  // blockType LZ4HC
      std::uint64_t start = loadLe<std::uint64_t>(wkw.constData() + 8);
      QCOMPARE(start, std::uint64_t(16 + 4096 * 8));
      for (int b = 0; b < 4096; ++b) {
        const std::uint64_t end = loadLe<std::uint64_t>(wkw.constData() + 16 + 8 * b);
        QVERIFY(end > start && end <= std::uint64_t(wkw.size()));
        auto block = lz4BlockDecode(view(wkw).subspan(start, end - start), 32 * 32 * 32);
        QVERIFY2(block.ok(), block.ok() ? "" : block.error().message.c_str());
        ++blocks;
        start = end;
        if (*block == zeroBlock) continue;  // memcmp: keeps the Debug/ASan run fast
        for (char v : *block) {
          sum += std::uint8_t(v);
          nonzero += v != 0;
        }
      }
    }
    QCOMPARE(blocks, 2 * 4096);
    QCOMPARE(sum, l4.at("bbox_checksum_fortran_xyz").at("sum").get<std::uint64_t>());
    QCOMPARE(nonzero, std::uint64_t(1000));
  }

  void crc32cCheckValue() {
    const auto j = test::readFixtureJson("formats/derived_test_vectors/crc32c.json");
    QVERIFY(j.is_object());
    QCOMPARE(crc32c(test::bytesOf("123456789", 9)), parseHex32(j.at("crc32c('123456789')").get<std::string>()));
    QCOMPARE(crc32c(test::bytesOf("123456789", 9)), 0xE3069283u);
    QCOMPARE(crc32c(ByteView{}), parseHex32(j.at("crc32c(b'')").get<std::string>()));
  }

  void crc32cExtendMatchesWhole() {
    const QByteArray data = test::randomBytes(10007);
    const std::uint32_t whole = crc32c(view(data));
    for (qsizetype split : {qsizetype(0), qsizetype(1), qsizetype(7), qsizetype(8), qsizetype(4099), data.size()}) {
      const std::uint32_t a = crc32c(view(data).first(std::size_t(split)));
      QCOMPARE(crc32cExtend(a, view(data).subspan(std::size_t(split))), whole);
    }
    // Bytewise reference (reflected Castagnoli) against the sliced implementation.
    std::uint32_t c = 0xFFFFFFFFu;
    for (char ch : data) {
      c ^= std::uint8_t(ch);
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    }
    QCOMPARE(~c, whole);
  }

  void murmurHash3Vectors() {
    const auto j = test::readFixtureJson("formats/derived_test_vectors/murmurhash3_x86_128.json");
    QVERIFY(j.is_object());
    int checked = 0, chunkIds = 0;
    for (const auto& v : j.at("vectors")) {
      const std::uint64_t key = v.at("key_uint64").get<std::uint64_t>();
      const std::uint32_t seed = v.at("seed").get<std::uint32_t>();
      std::uint8_t bytes[8];
      for (int i = 0; i < 8; ++i) bytes[i] = std::uint8_t(key >> (8 * i));
      const auto h = murmurHash3X86_128(ByteView(bytes, 8), seed);
      for (int i = 0; i < 4; ++i) QCOMPARE(h[i], parseHex32(v.at("h").at(i).get<std::string>()));
      if (!v.at("hashed_chunk_id_if_seed_0").is_null()) {
        const std::uint64_t want = std::stoull(v.at("hashed_chunk_id_if_seed_0").get<std::string>(), nullptr, 16);
        QCOMPARE(murmurHash3X86_128Low64(key), want);
        ++chunkIds;
      }
      ++checked;
    }
    QCOMPARE(checked, 9);
    QCOMPARE(chunkIds, 3);
  }

  // Published MurmurHash3_x86_128 results for other lengths exercise the tail and block paths.
  void murmurHash3OtherLengths() {
    QCOMPARE(murmurHash3X86_128(ByteView{}, 0), (std::array<std::uint32_t, 4>{0, 0, 0, 0}));
    // smhasher's verification value for MurmurHash3_x86_128: hash keys {0}, {0,1}, ... {0..254}
    // with seed 256-n, hash the concatenated 128-bit results with seed 0, take the first 4 bytes.
    std::vector<std::uint8_t> key(256), hashes(256 * 16);
    for (int i = 0; i < 256; ++i) {
      key[std::size_t(i)] = std::uint8_t(i);
      const auto h = murmurHash3X86_128(ByteView(key.data(), std::size_t(i)), std::uint32_t(256 - i));
      for (int w = 0; w < 4; ++w)
        for (int b = 0; b < 4; ++b) hashes[std::size_t(i * 16 + w * 4 + b)] = std::uint8_t(h[std::size_t(w)] >> (8 * b));
    }
    const auto final = murmurHash3X86_128(ByteView(hashes.data(), hashes.size()), 0);
    QCOMPARE(final[0], 0xB3ECE62Au);
  }
};

QTEST_GUILESS_MAIN(TestCodecFixtures)
#include "tst_codec_fixtures.moc"
