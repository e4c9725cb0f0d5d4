// ChunkedArray::readChunkInto (the fast decode-into path, and the default it falls back to) must
// give exactly the bytes of readChunk() copied into the box, for every fixture format: Zarr v2
// (every compressor, C and F order, big-endian), Zarr v3 (sharding, transpose), N5, WKW and
// precomputed written here). Also checks the block copy helpers against a naive per-element copy.
#include <QtTest>

#include <array>
#include <cstring>
#include <random>
#include <vector>

#include "core/format/ArrayRegion.h"
#include "core/format/BoxCopy.h"
#include "core/format/OpenArray.h"
#include "core/format/PrecomputedArray.h"
#include "core/format/PrecomputedInfo.h"
#include "core/store/FileStore.h"
#include "core/store/MemoryStore.h"
#include "tests/support/TestEnv.h"

using namespace skein;

namespace {

constexpr char kSentinel = char(0x5A);
constexpr std::size_t kMaxChunksPerArray = 48;

StorePtr formatStore(const QString& relative) {
  return std::make_shared<FileStore>(test::fixture("formats/" + relative), FileStore::Mode::ReadOnly);
}

std::int64_t product(const Shape& s) {
  std::int64_t n = 1;
  for (auto v : s) n *= v;
  return n;
}

Shape extentOf(const Shape& lo, const Shape& hi) {
  Shape s(lo.size());
  for (std::size_t d = 0; d < lo.size(); ++d) s[d] = hi[d] - lo[d];
  return s;
}

// C-order index of `at` in a block at `origin` of `shape`; -1 when outside.
std::int64_t indexIn(const Shape& at, const Shape& origin, const Shape& shape) {
  std::int64_t i = 0;
  for (std::size_t d = 0; d < at.size(); ++d) {
    const std::int64_t rel = at[d] - origin[d];
    if (rel < 0 || rel >= shape[d]) return -1;
    i = i * shape[d] + rel;
  }
  return i;
}

// Calls f(coordinate) for every element of the box [origin, origin + shape).
template <typename F>
void forEachElement(const Shape& origin, const Shape& shape, F&& f) {
  if (product(shape) <= 0) return;
  Shape at = origin;
  while (true) {
    f(at);
    std::size_t d = at.size();
    while (d > 0) {
      --d;
      if (++at[d] < origin[d] + shape[d]) break;
      at[d] = origin[d];
      if (d == 0) return;
    }
    if (at.empty()) return;
  }
}

// Copies, one element at a time, the elements of a decoded chunk that lie inside both the box and
// the array into the box.
void copyNaively(const ArrayMeta& m, const Shape& chunkOrigin, const QByteArray& chunk, const Shape& boxOrigin,
                 const Shape& boxShape, QByteArray& box) {
  const auto es = static_cast<std::int64_t>(m.elementSize());
  forEachElement(boxOrigin, boxShape, [&](const Shape& at) {
    for (std::size_t d = 0; d < at.size(); ++d)
      if (at[d] < 0 || at[d] >= m.shape[d]) return;
    const std::int64_t ci = indexIn(at, chunkOrigin, m.chunkShape);
    if (ci < 0) return;
    std::memcpy(box.data() + indexIn(at, boxOrigin, boxShape) * es, chunk.constData() + ci * es,
                static_cast<std::size_t>(es));
  });
}

// Checks readChunkInto against readChunk for (up to kMaxChunksPerArray) chunks of `array`, into
// the chunk's own box (whole chunks decode straight into it) and into one reaching one element
// beyond the chunk on every side (clipped at the array's edges). Returns the number of present
// chunks checked.
std::size_t checkChunkInto(const ChunkedArray& array) {
  const ArrayMeta& m = array.meta();
  const std::size_t nd = m.shape.size();
  const auto es = static_cast<qsizetype>(m.elementSize());
  ChunkScratch scratch;
  std::size_t present = 0, checked = 0;
  forEachElement(Shape(nd, 0), m.chunkGridShape(), [&](const Shape& idx) {
    if (checked >= kMaxChunksPerArray || QTest::currentTestFailed()) return;
    ++checked;
    auto chunk = array.readChunk(idx);
    QVERIFY2(chunk.ok(), chunk.ok() ? "" : chunk.error().message.c_str());
    Shape origin(nd), grown(nd), grownShape(nd);
    for (std::size_t d = 0; d < nd; ++d) {
      origin[d] = idx[d] * m.chunkShape[d];
      grown[d] = origin[d] - 1;
      grownShape[d] = m.chunkShape[d] + 2;
    }
    for (const auto& [boxOrigin, boxShape] : {std::pair{origin, m.chunkShape}, std::pair{grown, grownShape}}) {
      QByteArray box(static_cast<qsizetype>(product(boxShape)) * es, kSentinel);
      auto written = array.readChunkInto(idx, {mutableData(box), boxOrigin, boxShape}, scratch);
      QVERIFY2(written.ok(), written.ok() ? "" : written.error().message.c_str());
      QCOMPARE(*written, chunk->has_value());
      QByteArray expected(box.size(), kSentinel);
      if (chunk->has_value()) copyNaively(m, origin, **chunk, boxOrigin, boxShape, expected);
      QVERIFY2(box == expected, array.chunkKey(idx).c_str());
    }
    if (chunk->has_value()) ++present;
  });
  return present;
}

}  // namespace

class TestChunkInto : public QObject {
  Q_OBJECT
 private slots:
  void matchesReadChunk_data() {
    QTest::addColumn<QString>("dir");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("format");
    const char* zp = "zarr_python_2.13_debian/v2.zarr";
    for (const char* name : {"u16_blosc_lz4_shuffle", "u16_blosc_lz4_bitshuffle", "u16_blosc_zstd_noshuffle",
                             "u16_blosc_zlib_shuffle", "u16_blosc_lz4_orderF", "u16_raw", "u16_raw_bigendian",
                             "u16_gzip", "u16_zlib", "u16_lz4", "u16_zstd", "u16_sparse_fill42",
                             "u16_nested_blosc_lz4", "f32_blosc_lz4_shuffle", "u64_labels_gzip"})
      QTest::newRow(name) << zp << name << "zarr2";
    const char* v2 = "zarrita_js/v2/data.zarr";
    for (const char* name : {"1d.chunked.ragged.i2", "2d.chunked.ragged.i2", "3d.chunked.mixed.i2.C",
                             "3d.chunked.mixed.i2.F", "1d.contiguous.u1", "1d.contiguous.f4.be", "1d.contiguous.blosc.i2"})
      QTest::newRow((std::string("v2 ") + name).c_str()) << v2 << name << "zarr2";
    const char* v3 = "zarrita_js/v3/data.zarr";
    for (const char* name : {"3d.chunked.compressed.sharded.i2", "3d.chunked.mixed.compressed.sharded.i2",
                             "2d.chunked.ragged.compressed.sharded.i2", "1d.chunked.filled.compressed.sharded.i2",
                             "3d.chunked.mixed.i2.F", "3d.chunked.i2", "1d.contiguous.f4.be"})
      QTest::newRow((std::string("v3 ") + name).c_str()) << v3 << name << "zarr3";
    for (const char* name : {"u16_blosc_lz4", "u16_gzip", "u16_raw", "u64_labels_gzip"})
      QTest::newRow((std::string("n5 ") + name).c_str()) << "zarr_python_2.13_debian/n5.n5" << name << "n5";
    QTest::newRow("n5 tensorstore raw") << "tensorstore_n5" << "raw" << "n5";
    QTest::newRow("wkw") << "webknossos_libs/simple_wkw_dataset" << "color/1" << "wkw";
  }

  void matchesReadChunk() {
    QFETCH(QString, dir);
    QFETCH(QString, key);
    QFETCH(QString, format);
    OpenArrayOptions options;
    options.formatHint = format.toStdString();
    auto opened = openArray(formatStore(dir), key.toStdString(), options);
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
    QCOMPARE((*opened)->meta().format, format.toStdString());
    const std::size_t present = checkChunkInto(**opened);
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY(present > 0);  // every fixture holds data, so the decode path was exercised
  }

  // No precomputed fixture holds chunks Skein decodes (the one with data is PNG), so write raw and
  // compressed_segmentation volumes with ragged edge chunks.
  void matchesReadChunkForPrecomputed_data() {
    QTest::addColumn<QString>("encoding");
    QTest::newRow("raw") << "raw";
    QTest::newRow("compressed_segmentation") << "compressed_segmentation";
  }
  void matchesReadChunkForPrecomputed() {
    QFETCH(QString, encoding);
    PrecomputedInfo info;
    info.type = encoding == "raw" ? "image" : "segmentation";
    info.dtype = DataType::UInt32;
    info.numChannels = 2;
    PrecomputedScale scale;
    scale.key = "s0";
    scale.size = {13, 11, 7};
    scale.resolution = {4, 4, 40};
    scale.chunkSizes = {Vec3i{5, 4, 3}};
    scale.encoding = encoding.toStdString();
    scale.compressedSegmentationBlockSize = {4, 4, 2};
    info.scales.push_back(scale);
    auto store = std::make_shared<MemoryStore>();
    auto writer = createPrecomputedArray(store, "vol", info, 0);
    QVERIFY2(writer.ok(), writer.ok() ? "" : writer.error().message.c_str());
    const ArrayMeta& wm = (*writer)->meta();
    std::uint32_t value = 1;
    forEachElement(Shape(wm.shape.size(), 0), wm.chunkGridShape(), [&](const Shape& idx) {
      if (idx[0] != 0 || (idx[1] + idx[2] + idx[3]) % 4 == 3) return;  // leave some chunks absent
      QByteArray unit(static_cast<qsizetype>(wm.chunkElements() * 4), Qt::Uninitialized);
      for (qsizetype i = 0; i < unit.size(); i += 4, value = value * 1103515245u + 12345u) {
        const std::uint32_t v = value >> 20;  // few distinct labels, as compressed_segmentation expects
        std::memcpy(unit.data() + i, &v, 4);
      }
      QVERIFY((*writer)->writeUnit(idx, unit).ok());
    });
    auto opened = openPrecomputedArray(store, "vol", 0);
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
    const std::size_t present = checkChunkInto(**opened);
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY(present > 0);
  }

  // readRegion (which uses readChunkInto) against readChunk assembled by hand, for a box that
  // sticks out of the array on both sides, on several threads.
  void regionMatchesChunks() {
    auto opened = openArray(formatStore("zarr_python_2.13_debian/v2.zarr"), "u16_blosc_lz4_shuffle");
    QVERIFY(opened.ok());
    const ChunkedArray& array = **opened;
    const ArrayMeta& m = array.meta();
    const std::size_t nd = m.shape.size();
    Shape offset(nd), shape(nd);
    for (std::size_t d = 0; d < nd; ++d) {
      offset[d] = -2;
      shape[d] = m.shape[d] + 3;
    }
    const auto es = static_cast<qsizetype>(m.elementSize());
    QByteArray viaRegion(static_cast<qsizetype>(product(shape)) * es, kSentinel);
    RegionReadOptions options;
    options.threads = 3;
    QVERIFY(readRegion(array, offset, shape, viaRegion.data(), options).ok());
    QByteArray expected(viaRegion.size(), Qt::Uninitialized);
    fillElements(expected.data(), product(shape), m.fillValue);
    forEachElement(Shape(nd, 0), m.chunkGridShape(), [&](const Shape& idx) {
      auto chunk = array.readChunk(idx);
      QVERIFY(chunk.ok());
      if (!chunk->has_value()) return;
      Shape origin(nd);
      for (std::size_t d = 0; d < nd; ++d) origin[d] = idx[d] * m.chunkShape[d];
      copyNaively(m, origin, **chunk, offset, shape, expected);
    });
    QVERIFY(viaRegion == expected);
  }

  // copyBlock and fillBlock against per-element loops on random boxes of 1 to 4 dimensions.
  void blockCopyMatchesNaiveCopy() {
    std::mt19937 rng(7);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    for (int round = 0; round < 300; ++round) {
      const std::size_t nd = static_cast<std::size_t>(pick(1, 4));
      const std::size_t es = static_cast<std::size_t>(std::array{1, 2, 4, 8}[static_cast<std::size_t>(pick(0, 3))]);
      Shape srcOrigin(nd), srcShape(nd), dstOrigin(nd), dstShape(nd), lo(nd), hi(nd);
      for (std::size_t d = 0; d < nd; ++d) {
        srcOrigin[d] = pick(-3, 3);
        srcShape[d] = pick(1, 6);
        dstOrigin[d] = pick(-3, 3);
        dstShape[d] = pick(1, 6);
      }
      if (!intersectBoxes(srcOrigin, srcShape, dstOrigin, dstShape, lo, hi)) continue;
      QByteArray src(static_cast<qsizetype>(product(srcShape) * static_cast<std::int64_t>(es)), Qt::Uninitialized);
      for (qsizetype i = 0; i < src.size(); ++i) src[i] = char(pick(0, 255));
      QByteArray dst(static_cast<qsizetype>(product(dstShape) * static_cast<std::int64_t>(es)), kSentinel);
      QByteArray expected = dst;
      forEachElement(lo, extentOf(lo, hi), [&](const Shape& at) {
        std::memcpy(expected.data() + indexIn(at, dstOrigin, dstShape) * static_cast<std::int64_t>(es),
                    src.constData() + indexIn(at, srcOrigin, srcShape) * static_cast<std::int64_t>(es), es);
      });
      copyBlock({reinterpret_cast<const std::uint8_t*>(src.constData()), srcOrigin, srcShape},
                {mutableData(dst), dstOrigin, dstShape}, lo, hi, es);
      QVERIFY2(dst == expected, qPrintable(QString("round %1").arg(round)));

      QByteArray fill(static_cast<qsizetype>(es), Qt::Uninitialized);
      for (qsizetype i = 0; i < fill.size(); ++i) fill[i] = char(pick(0, 255));
      QByteArray filled(dst.size(), kSentinel), fillExpected = filled;
      forEachElement(lo, extentOf(lo, hi), [&](const Shape& at) {
        std::memcpy(fillExpected.data() + indexIn(at, dstOrigin, dstShape) * static_cast<std::int64_t>(es),
                    fill.constData(), es);
      });
      fillBlock({mutableData(filled), dstOrigin, dstShape}, lo, hi, fill);
      QVERIFY2(filled == fillExpected, qPrintable(QString("fill round %1").arg(round)));
    }
  }

  // Streaming (non-temporal) stores give the same bytes as cached ones: whole cache-line runs at
  // line-aligned destinations (the streaming path), and runs or offsets that fall back to memcpy.
  void streamingCopyMatchesCachedCopy() {
    std::mt19937 rng(11);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    for (int round = 0; round < 200; ++round) {
      const std::int64_t rowElements = std::array<std::int64_t, 5>{64, 128, 192, 96, 17}[static_cast<std::size_t>(pick(0, 4))];
      const Shape srcOrigin{0, 0, 0}, srcShape{pick(1, 5), pick(1, 5), rowElements};
      const Shape dstOrigin{-pick(0, 2), -pick(0, 2), -64 * pick(0, 2) - pick(0, 1)};
      const Shape dstShape{srcShape[0] + 3, srcShape[1] + 3, rowElements + 192};
      Shape lo(3), hi(3);
      QVERIFY(intersectBoxes(srcOrigin, srcShape, dstOrigin, dstShape, lo, hi));
      QByteArray src(static_cast<qsizetype>(product(srcShape)), Qt::Uninitialized);
      for (qsizetype i = 0; i < src.size(); ++i) src[i] = char(pick(0, 255));
      const auto dstBytes = static_cast<std::size_t>(product(dstShape));
      std::vector<std::uint8_t> cachedStorage(dstBytes + 64, 0xA5), streamedStorage(dstBytes + 64, 0xA5);
      auto lineAligned = [](std::vector<std::uint8_t>& v) {
        return v.data() + ((64 - reinterpret_cast<std::uintptr_t>(v.data()) % 64) % 64);
      };
      const ConstBlock from{reinterpret_cast<const std::uint8_t*>(src.constData()), srcOrigin, srcShape};
      copyBlock(from, {lineAligned(cachedStorage), dstOrigin, dstShape}, lo, hi, 1, CopyStores::Cached);
      copyBlock(from, {lineAligned(streamedStorage), dstOrigin, dstShape}, lo, hi, 1, CopyStores::Streaming);
      QVERIFY2(std::memcmp(lineAligned(cachedStorage), lineAligned(streamedStorage), dstBytes) == 0,
               qPrintable(QString("round %1").arg(round)));
      QVERIFY(std::memcmp(lineAligned(streamedStorage) + byteOffsetIn(dstOrigin, dstShape, lo, 1),
                          src.constData(), static_cast<std::size_t>(hi[2] - lo[2])) == 0);
    }
  }
};

QTEST_GUILESS_MAIN(TestChunkInto)
#include "tst_chunk_into.moc"
