// WKW reading against webknossos-libs fixtures (raw multi-channel, LZ4HC with jump table), WKW
// write → read round trips (raw, LZ4, LZ4HC; multi-channel, uint64) and bad-input handling.

#include <QCryptographicHash>
#include <QtTest>

#include <cstring>

#include "core/codec/Lz4.h"
#include "core/format/ArrayRegion.h"
#include "core/format/WkwArray.h"
#include "core/format/WkwFile.h"
#include "core/store/FileStore.h"
#include "core/store/MemoryStore.h"
#include "tests/support/TestEnv.h"

using namespace skein;

namespace {

StorePtr fixtureStore(const QString& relative) {
  return std::make_shared<FileStore>(test::fixture("formats/webknossos_libs/" + relative), FileStore::Mode::ReadOnly);
}

QByteArray readBox(const ChunkedArray& array, const Shape& offset, const Shape& shape, int threads = 1) {
  std::int64_t n = static_cast<std::int64_t>(array.meta().elementSize());
  for (auto s : shape) n *= s;
  QByteArray out(static_cast<qsizetype>(n), Qt::Uninitialized);
  RegionReadOptions options;
  options.threads = threads;
  Status st = readRegion(array, offset, shape, out.data(), options);
  if (!st.ok()) {
    qWarning("readRegion: %s", st.error().message.c_str());
    return {};
  }
  return out;
}

std::int64_t byteSum(const QByteArray& b) {
  std::int64_t sum = 0;
  for (char c : b) sum += static_cast<std::uint8_t>(c);
  return sum;
}

QByteArray header(std::uint8_t version, std::uint8_t perDimLog2, std::uint8_t blockType, std::uint8_t voxelType,
                  std::uint8_t voxelSize, std::uint64_t dataOffset, const char* magic = "WKW") {
  QByteArray h(16, '\0');
  std::memcpy(h.data(), magic, 3);
  h[3] = char(version);
  h[4] = char(perDimLog2);
  h[5] = char(blockType);
  h[6] = char(voxelType);
  h[7] = char(voxelSize);
  for (int i = 0; i < 8; ++i) h[8 + i] = char(dataOffset >> (8 * i));
  return h;
}

QByteArray le64(std::uint64_t v) {
  QByteArray b(8, '\0');
  for (int i = 0; i < 8; ++i) b[i] = char(v >> (8 * i));
  return b;
}

// A store that cannot list (like plain HTTP).
class UnlistableStore final : public Store {
 public:
  explicit UnlistableStore(StorePtr base) : base_(std::move(base)) {}
  Result<std::optional<QByteArray>> read(const std::string& key, std::optional<ByteRange> range,
                                         const CancelToken& cancel) override {
    return base_->read(key, range, cancel);
  }
  Result<std::optional<std::int64_t>> size(const std::string& key, const CancelToken& cancel) override {
    return base_->size(key, cancel);
  }
  Result<std::vector<std::string>> list(const std::string&) override {
    return makeError(ErrorCode::Unsupported, "this store cannot list");
  }
  std::string describe(const std::string& key) const override { return "unlistable:" + key; }

 private:
  StorePtr base_;
};

// A tiny LZ4 mag: 2³-voxel blocks, 1 block per file (header.wkw + z0/y0/x0.wkw written by the test).
std::shared_ptr<MemoryStore> lz4Mag(const QByteArray& file) {
  auto store = std::make_shared<MemoryStore>();
  (void)store->write("m/header.wkw", header(1, 0x01, 2, 1, 1, 0));
  (void)store->write("m/z0/y0/x0.wkw", file);
  return store;
}

Error blockError(const StorePtr& store, const std::string& key = "m") {
  auto array = openWkwArray(store, key, Shape{2, 2, 2, 1});
  if (!array.ok()) return array.error();
  const std::vector<std::int64_t> idx{0, 0, 0, 0};
  auto r = (*array)->readChunk(idx);
  return r.ok() ? Error{ErrorCode::Internal, ""} : r.error();
}

}  // namespace

class TestWkw : public QObject {
  Q_OBJECT
 private slots:
  void simpleWkwDatasetRawThreeChannels() {
    auto store = fixtureStore("simple_wkw_dataset");
    auto headerBytes = store->read("color/1/header.wkw");
    QVERIFY(headerBytes.ok() && headerBytes->has_value());
    auto h = parseWkwHeader(view(**headerBytes), "header.wkw");
    QVERIFY(h.ok());
    QCOMPARE(h->blockLen(), 8);
    QCOMPARE(h->fileLenBlocks(), 4);
    QCOMPARE(h->blockType, WkwBlockType::Raw);
    QCOMPARE(h->dtype, DataType::UInt8);
    QCOMPARE(h->numChannels, 3);
    QCOMPARE(h->dataOffset, std::uint64_t{0});

    auto array = openWkwArray(store, "color/1");  // shape from the files present: one 32³ file
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    const ArrayMeta& m = (*array)->meta();
    QCOMPARE(m.format, std::string("wkw"));
    QCOMPARE(m.shape, (Shape{32, 32, 32, 3}));
    QCOMPARE(m.chunkShape, (Shape{8, 8, 8, 3}));
    QCOMPARE(m.dimensionNames, (std::vector<std::string>{"z", "y", "x", "c"}));
    const QByteArray box = readBox(**array, {0, 0, 0, 0}, {24, 24, 24, 3}, 2);
    QCOMPARE(box.size(), qsizetype(3 * 24 * 24 * 24));
    QCOMPARE(byteSum(box), std::int64_t{0});
    // expected.json checksum of the all-zero [3,24,24,24] buffer.
    QCOMPARE(QCryptographicHash::hash(box, QCryptographicHash::Sha256).toHex(),
             QByteArray("7bc2e3a66be154befef21a91a6fad85db1263898b0fb66a90c12de285c76e411"));
    const std::vector<std::int64_t> idx{1, 2, 3, 0};
    QCOMPARE((*array)->chunkKey(idx), std::string("color/1/z0/y0/x0.wkw"));
    auto chunk = (*array)->readChunk(idx);
    QVERIFY(chunk.ok() && chunk->has_value());
    QCOMPARE((*chunk)->size(), qsizetype(8 * 8 * 8 * 3));
  }

  void oldWkwHeaders() {
    auto store = fixtureStore("old_wkw_dataset");
    auto one = openWkwArray(store, "color/1", Shape{64, 64, 64, 1});
    QVERIFY(one.ok());
    QCOMPARE((*one)->meta().chunkShape, (Shape{32, 32, 32, 1}));
    QCOMPARE((*one)->meta().codecs["fileLen"], nlohmann::json(32));
    auto two = openWkwArray(store, "color/2", Shape{64, 64, 64, 1});
    QVERIFY(two.ok());
    QCOMPARE((*two)->meta().codecs["fileLen"], nlohmann::json(16));
    // No data files: everything reads as 0, chunks are absent.
    const std::vector<std::int64_t> idx{0, 0, 0, 0};
    auto chunk = (*two)->readChunk(idx);
    QVERIFY(chunk.ok() && !chunk->has_value());
    QCOMPARE(openWkwArray(store, "color/1", Shape{64, 64, 64, 3}).error().code, ErrorCode::InvalidArgument);
    QCOMPARE(openWkwArray(store, "color/9").error().code, ErrorCode::NotFound);
  }

  void l4SampleLz4hc() {
    auto store = fixtureStore("l4_sample_snipped");
    auto array = openWkwArray(store, "color/1");
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    QCOMPARE((*array)->meta().shape, (Shape{3 * 512, 7 * 512, 7 * 512, 1}));
    QCOMPARE((*array)->meta().codecs["blockType"], nlohmann::json("lz4hc"));
    // bbox (3164, 3212, 1017) + 10³: C order over [z][y][x] = Fortran order over (x, y, z).
    const QByteArray box = readBox(**array, {1017, 3212, 3164, 0}, {10, 10, 10, 1}, 2);
    QCOMPARE(box.size(), qsizetype(1000));
    QCOMPARE(QCryptographicHash::hash(box, QCryptographicHash::Sha256).toHex(),
             QByteArray("751f6507906f09611f7fe4212107ac20608436d4f6e31d2a07cab33fefa41235"));
    QCOMPARE(byteSum(box), std::int64_t{120697});
    auto at = [&](int x, int y, int z) { return int(std::uint8_t(box[((z - 1017) * 10 + (y - 3212)) * 10 + (x - 3164)])); };
    QCOMPARE(at(3164, 3212, 1017), 104);
    QCOMPARE(at(3173, 3221, 1026), 113);
    QCOMPARE(at(3164, 3212, 1024), 151);
    const int row[10] = {104, 111, 108, 113, 95, 90, 118, 111, 119, 101};
    for (int i = 0; i < 10; ++i) QCOMPARE(at(3164 + i, 3212, 1017), row[i]);
    // A larger box around it crosses blocks and both files; everything else is 0.
    const QByteArray around = readBox(**array, {1000, 3200, 3150, 0}, {40, 40, 40, 1}, 2);
    QCOMPARE(byteSum(around), std::int64_t{120697});
    // Each data file starts with its header and 4096-entry jump table.
    auto file = store->read("color/1/z1/y6/x6.wkw", ByteRange::prefix(16));
    QVERIFY(file.ok() && file->has_value());
    QCOMPARE(parseWkwHeader(view(**file), "x6.wkw")->dataOffset, std::uint64_t{32784});
  }

  void mortonOrder() {
    QCOMPARE(wkwMortonEncode(1, 0, 0), std::uint64_t{1});
    QCOMPARE(wkwMortonEncode(0, 1, 0), std::uint64_t{2});
    QCOMPARE(wkwMortonEncode(0, 0, 1), std::uint64_t{4});
    QCOMPARE(wkwMortonEncode(2, 0, 0), std::uint64_t{8});
    QCOMPARE(wkwMortonEncode(3, 3, 3), std::uint64_t{63});
    for (std::uint64_t m : {0ull, 5ull, 77ull, 4095ull, 123456ull}) {
      std::uint32_t x, y, z;
      wkwMortonDecode(m, x, y, z);
      QCOMPARE(wkwMortonEncode(x, y, z), m);
    }
  }

  void writeReadRoundTrip_data() {
    QTest::addColumn<int>("blockType");
    QTest::addColumn<int>("dtype");
    QTest::addColumn<int>("channels");
    QTest::newRow("raw uint8 x3") << int(WkwBlockType::Raw) << int(DataType::UInt8) << 3;
    QTest::newRow("lz4 uint64") << int(WkwBlockType::Lz4) << int(DataType::UInt64) << 1;
    QTest::newRow("lz4hc uint16 x2") << int(WkwBlockType::Lz4hc) << int(DataType::UInt16) << 2;
    QTest::newRow("raw float32") << int(WkwBlockType::Raw) << int(DataType::Float32) << 1;
  }
  void writeReadRoundTrip() {
    QFETCH(int, blockType);
    QFETCH(int, dtype);
    QFETCH(int, channels);
    auto store = std::make_shared<MemoryStore>();
    WkwCreateOptions options;
    options.shape = {9, 14, 20, channels};  // not a multiple of the 8³ file cube
    options.dtype = DataType(dtype);
    options.blockType = WkwBlockType(blockType);
    options.blockLenLog2 = 2;  // 4³ blocks
    options.fileLenLog2 = 1;   // 2³ blocks per file
    auto writer = createWkwArray(store, "layer/1", options);
    QVERIFY2(writer.ok(), writer.ok() ? "" : writer.error().message.c_str());
    QCOMPARE((*writer)->writeUnitShape(), (Shape{8, 8, 8, channels}));
    const std::size_t es = dataTypeSize(options.dtype);
    const std::int64_t vs = static_cast<std::int64_t>(es) * channels;

    // Source values: a deterministic function of (z, y, x, c, byte).
    auto byteAt = [&](std::int64_t z, std::int64_t y, std::int64_t x, std::int64_t b) {
      return char((z * 31 + y * 7 + x * 3 + b * 11 + (x * y) % 5) & 0xFF);
    };
    for (std::int64_t fz = 0; fz < 2; ++fz)
      for (std::int64_t fy = 0; fy < 2; ++fy)
        for (std::int64_t fx = 0; fx < 3; ++fx) {
          QByteArray cube(8 * 8 * 8 * vs, '\x55');
          for (std::int64_t z = 0; z < 8; ++z)
            for (std::int64_t y = 0; y < 8; ++y)
              for (std::int64_t x = 0; x < 8; ++x)
                for (std::int64_t b = 0; b < vs; ++b)
                  cube[qsizetype(((z * 8 + y) * 8 + x) * vs + b)] = byteAt(fz * 8 + z, fy * 8 + y, fx * 8 + x, b);
          const std::vector<std::int64_t> unit{fz, fy, fx, 0};
          Status st = (*writer)->writeUnit(unit, cube);
          QVERIFY2(st.ok(), st.ok() ? "" : st.error().message.c_str());
        }
    const std::vector<std::int64_t> outside{2, 0, 0, 0};
    QCOMPARE((*writer)->writeUnit(outside, QByteArray(8 * 8 * 8 * vs, '\0')).error().code, ErrorCode::InvalidArgument);

    auto hdr = parseWkwHeader(view(**store->read("layer/1/header.wkw")), "header.wkw");
    QVERIFY(hdr.ok());
    QCOMPARE(hdr->dataOffset, std::uint64_t{0});
    QCOMPARE(int(hdr->blockType), blockType);
    QCOMPARE(hdr->numChannels, channels);
    const QByteArray file = **store->read("layer/1/z1/y1/x2.wkw");
    auto fileHeader = parseWkwHeader(view(file), "x2.wkw");
    QVERIFY(fileHeader.ok());
    if (blockType == int(WkwBlockType::Raw)) {
      QCOMPARE(fileHeader->dataOffset, std::uint64_t{16});
      QCOMPARE(file.size(), qsizetype(16 + 8 * 64 * vs));
    } else {
      QCOMPARE(fileHeader->dataOffset, std::uint64_t{16 + 8 * 8});
      QVERIFY(file.size() < qsizetype(16 + 64 + 8 * 64 * vs));  // compressible data, and the jump table ends the file
      QCOMPARE(QByteArray(file.constData() + 16 + 7 * 8, 8), le64(std::uint64_t(file.size())));
    }

    // Read back through a fresh array (shape from listing the store = whole file cubes).
    auto listed = openWkwArray(store, "layer/1");
    QVERIFY(listed.ok());
    QCOMPARE((*listed)->meta().shape, (Shape{16, 16, 24, channels}));
    auto array = openWkwArray(store, "layer/1", options.shape);
    QVERIFY(array.ok());
    QCOMPARE((*array)->meta().dtype, options.dtype);
    const QByteArray box = readBox(**array, {0, 0, 0, 0}, options.shape, 3);
    QCOMPARE(box.size(), qsizetype(9 * 14 * 20 * vs));
    for (std::int64_t z = 0; z < 9; ++z)
      for (std::int64_t y = 0; y < 14; ++y)
        for (std::int64_t x = 0; x < 20; ++x)
          for (std::int64_t b = 0; b < vs; ++b)
            if (box[qsizetype(((z * 14 + y) * 20 + x) * vs + b)] != byteAt(z, y, x, b))
              QFAIL(qPrintable(QString("mismatch at z=%1 y=%2 x=%3 byte=%4").arg(z).arg(y).arg(x).arg(b)));
    // Voxels beyond the array end were written as 0 (the writer ignores the caller's 0x55 there).
    const QByteArray beyond = readBox(**listed, {9, 14, 20, 0}, {7, 2, 4, channels});
    QCOMPARE(byteSum(beyond), std::int64_t{0});
  }

  void unlistableStoreNeedsAShape() {
    auto base = fixtureStore("simple_wkw_dataset");
    auto store = std::make_shared<UnlistableStore>(base);
    auto array = openWkwArray(store, "color/1");
    QVERIFY(!array.ok());
    QVERIFY2(array.error().message.find("listable") != std::string::npos, array.error().message.c_str());
    QVERIFY(openWkwArray(store, "color/1", Shape{32, 32, 32, 3}).ok());
  }

  void badHeadersGiveClearErrors_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("phrase");
    QTest::newRow("magic") << header(1, 0x23, 1, 1, 3, 0, "WKX") << int(ErrorCode::InvalidData) << "magic";
    QTest::newRow("version") << header(2, 0x23, 1, 1, 3, 0) << int(ErrorCode::Unsupported) << "version 2";
    QTest::newRow("block type") << header(1, 0x23, 4, 1, 3, 0) << int(ErrorCode::InvalidData) << "block type 4";
    QTest::newRow("voxel type") << header(1, 0x23, 1, 42, 3, 0) << int(ErrorCode::InvalidData) << "voxel type 42";
    QTest::newRow("voxel size") << header(1, 0x23, 1, 2, 3, 0) << int(ErrorCode::InvalidData) << "voxel size 3";
    QTest::newRow("zero voxel size") << header(1, 0x23, 1, 1, 0, 0) << int(ErrorCode::InvalidData) << "voxel size 0";
    QTest::newRow("huge blocks") << header(1, 0x0F, 1, 1, 1, 0) << int(ErrorCode::InvalidData) << "out of range";
    QTest::newRow("short") << QByteArray("WKW\1") << int(ErrorCode::InvalidData) << "expected 16";
  }
  void badHeadersGiveClearErrors() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, code);
    QFETCH(QString, phrase);
    auto store = std::make_shared<MemoryStore>();
    QVERIFY(store->write("mag/header.wkw", bytes).ok());
    auto array = openWkwArray(store, "mag", Shape{8, 8, 8, 3});
    QVERIFY(!array.ok());
    QCOMPARE(int(array.error().code), code);
    QVERIFY2(array.error().message.find("mag/header.wkw") != std::string::npos, array.error().message.c_str());
    QVERIFY2(array.error().message.find(phrase.toStdString()) != std::string::npos, array.error().message.c_str());
  }

  void badDataFilesGiveClearErrors() {
    auto lz4 = [](const QByteArray& raw) { return *codec::lz4BlockEncode(view(raw)); };
    const QByteArray block(8, '\7');
    const QByteArray packed = lz4(block);
    const std::uint64_t dataOffset = 16 + 8;
    const QByteArray goodHeader = header(1, 0x01, 2, 1, 1, dataOffset);

    // A valid file reads.
    {
      auto store = lz4Mag(goodHeader + le64(dataOffset + packed.size()) + packed);
      auto array = openWkwArray(store, "m", Shape{2, 2, 2, 1});
      QVERIFY(array.ok());
      const std::vector<std::int64_t> idx{0, 0, 0, 0};
      auto chunk = (*array)->readChunk(idx);
      QVERIFY2(chunk.ok(), chunk.ok() ? "" : chunk.error().message.c_str());
      QCOMPARE(**chunk, block);
    }
    struct Case {
      const char* name;
      QByteArray file;
      const char* phrase;
    };
    const Case cases[] = {
        {"jump table beyond the file", goodHeader + le64(dataOffset + packed.size() + 10) + packed, "beyond the end"},
        {"jump table decreasing", goodHeader + le64(dataOffset - 4) + packed, "not increasing"},
        {"jump table implausible", goodHeader + le64(dataOffset + 100000) + packed, "more than LZ4"},
        {"LZ4 decodes to the wrong size", goodHeader + le64(dataOffset + lz4(QByteArray(5, '\1')).size()) +
                                              lz4(QByteArray(5, '\1')),
         ""},
        {"LZ4 garbage", goodHeader + le64(dataOffset + 6) + QByteArray("\xff\xff\xff\xff\xff\xff", 6), ""},
        {"file shorter than its jump table", goodHeader + QByteArray(3, '\0'), "shorter than"},
        {"file header disagrees", header(1, 0x02, 2, 1, 1, dataOffset) + le64(dataOffset) + packed, "disagrees"},
        {"data offset inside the table", header(1, 0x01, 2, 1, 1, 16) + le64(dataOffset + packed.size()) + packed,
         "inside the jump table"},
        {"wrong magic", header(1, 0x01, 2, 1, 1, dataOffset, "XYZ") + le64(dataOffset) + packed, "magic"},
    };
    for (const Case& c : cases) {
      const Error e = blockError(lz4Mag(c.file));
      QVERIFY2(!e.message.empty(), c.name);
      QVERIFY2(e.message.find("m/z0/y0/x0.wkw") != std::string::npos, (std::string(c.name) + ": " + e.message).c_str());
      QVERIFY2(e.message.find(c.phrase) != std::string::npos, (std::string(c.name) + ": " + e.message).c_str());
    }
    // A raw file too short for its blocks.
    auto store = std::make_shared<MemoryStore>();
    QVERIFY(store->write("m/header.wkw", header(1, 0x01, 1, 1, 1, 0)).ok());
    QVERIFY(store->write("m/z0/y0/x0.wkw", header(1, 0x01, 1, 1, 1, 16) + QByteArray(5, '\0')).ok());
    const Error e = blockError(store);
    QVERIFY2(e.message.find("m/z0/y0/x0.wkw") != std::string::npos, e.message.c_str());
    // Chunk indexes outside the grid.
    auto array = openWkwArray(store, "m", Shape{2, 2, 2, 1});
    QVERIFY(array.ok());
    const std::vector<std::int64_t> bad{0, 0, 1, 0}, badRank{0, 0, 0};
    QCOMPARE((*array)->readChunk(bad).error().code, ErrorCode::InvalidArgument);
    QCOMPARE((*array)->readChunk(badRank).error().code, ErrorCode::InvalidArgument);
  }

  void writerRejectsBadOptions() {
    auto store = std::make_shared<MemoryStore>();
    WkwCreateOptions options;
    options.shape = {8, 8, 8};
    QCOMPARE(createWkwArray(store, "x", options).error().code, ErrorCode::InvalidArgument);
    options.shape = {8, 8, 8, 1};
    options.dtype = DataType::Float16;
    QCOMPARE(createWkwArray(store, "x", options).error().code, ErrorCode::Unsupported);
    options.dtype = DataType::UInt64;
    options.shape = {8, 8, 8, 40};  // 320-byte voxels
    QCOMPARE(createWkwArray(store, "x", options).error().code, ErrorCode::InvalidArgument);
    options.shape = {8, 8, 8, 1};
    options.blockLenLog2 = 11;
    QCOMPARE(createWkwArray(store, "x", options).error().code, ErrorCode::InvalidArgument);
    QCOMPARE(createWkwArray(fixtureStore("simple_wkw_dataset"), "x", WkwCreateOptions{{8, 8, 8, 1}}).error().code,
             ErrorCode::InvalidArgument);
  }
};

QTEST_GUILESS_MAIN(TestWkw)
#include "tst_wkw.moc"
