// N5 reading against third-party fixtures (tensorstore, N5 Java backward-compatibility data,
// zarr-python 2.13, webknossos-libs), N5 write → read round trips and bad-input handling.

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

#include <nlohmann/json.hpp>

#include "core/format/ArrayRegion.h"
#include "core/format/N5Array.h"
#include "core/store/FileStore.h"
#include "core/store/MemoryStore.h"
#include "tests/support/TestEnv.h"

using namespace skein;

namespace {

StorePtr fixtureStore(const QString& relative) {
  return std::make_shared<FileStore>(test::fixture("formats/" + relative), FileStore::Mode::ReadOnly);
}

template <typename T>
std::vector<T> readAll(const ChunkedArray& array, int threads = 1) {
  std::int64_t n = 1;
  for (auto s : array.meta().shape) n *= s;
  std::vector<T> out(static_cast<std::size_t>(n));
  Shape offset(array.meta().shape.size(), 0);
  RegionReadOptions options;
  options.threads = threads;
  Status st = readRegion(array, offset, array.meta().shape, out.data(), options);
  if (!st.ok()) qWarning("readRegion: %s", st.error().message.c_str());
  return st.ok() ? out : std::vector<T>{};
}

std::uint16_t u16Value(std::int64_t z, std::int64_t y, std::int64_t x) {
  return static_cast<std::uint16_t>((x * x + 3 * y * y + 7 * z * z + x * y * z) & 0xFFFF);
}

std::uint64_t u64Label(std::int64_t z, std::int64_t y, std::int64_t x) {
  return static_cast<std::uint64_t>(x / 5 + 10 * (y / 7) + 100 * (z / 3)) + (std::uint64_t(1) << 40);
}

nlohmann::json readJsonFixture(const QString& relative) {
  QFile file(test::fixture("formats/" + relative));
  if (!file.open(QIODevice::ReadOnly)) return {};
  return nlohmann::json::parse(file.readAll().toStdString(), nullptr, false);
}

QByteArray jsonBytes(const nlohmann::json& j) { return QByteArray::fromStdString(j.dump()); }

// A big-endian N5 block header followed by `payload`.
QByteArray blockBytes(std::uint16_t mode, std::vector<std::uint32_t> dims, const QByteArray& payload) {
  QByteArray out;
  auto be16 = [&](std::uint16_t v) { out.append(char(v >> 8)).append(char(v)); };
  auto be32 = [&](std::uint32_t v) { out.append(char(v >> 24)).append(char(v >> 16)).append(char(v >> 8)).append(char(v)); };
  be16(mode);
  be16(static_cast<std::uint16_t>(dims.size()));
  for (auto d : dims) be32(d);
  out.append(payload);
  return out;
}

// The error of reading chunk `index` (empty message if the read succeeded).
Error chunkError(const ChunkedArray& array, std::vector<std::int64_t> index) {
  auto r = array.readChunk(index);
  return r.ok() ? Error{ErrorCode::Internal, ""} : r.error();
}

std::shared_ptr<MemoryStore> badStore(const QByteArray& block) {
  auto store = std::make_shared<MemoryStore>();
  (void)store->write("d/attributes.json",
                     jsonBytes({{"dimensions", {4, 3}}, {"blockSize", {2, 2}}, {"dataType", "uint16"},
                                {"compression", {{"type", "raw"}}}}));
  (void)store->write("d/0/0", block);
  return store;
}

}  // namespace

class TestN5 : public QObject {
  Q_OBJECT
 private slots:
  void tensorstoreFixtures_data() {
    QTest::addColumn<QString>("name");
    for (const char* n : {"raw", "gzip", "blosc"}) QTest::newRow(n) << QString(n);
  }
  void tensorstoreFixtures() {
    QFETCH(QString, name);
    auto array = openN5Array(fixtureStore("tensorstore_n5"), name.toStdString());
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    const ArrayMeta& m = (*array)->meta();
    QCOMPARE(m.format, std::string("n5"));
    QCOMPARE(m.shape, (Shape{4, 5}));  // N5 dimensions [5, 4] reversed
    QCOMPARE(m.chunkShape, (Shape{2, 3}));
    QCOMPARE(m.dtype, DataType::UInt16);
    QVERIFY(m.dimensionNames.empty());
    auto values = readAll<std::uint16_t>(**array);
    QCOMPARE(values.size(), std::size_t{20});
    // Element at N5 position (x, y) = 4x + y; logical index [y][x].
    for (int y = 0; y < 4; ++y)
      for (int x = 0; x < 5; ++x) QCOMPARE(int(values[std::size_t(y * 5 + x)]), 4 * x + y);
    // Padded edge block: the key names N5 order (x/y).
    const std::vector<std::int64_t> edge{1, 1};
    QCOMPARE((*array)->chunkKey(edge), name.toStdString() + "/1/1");
  }

  void unsupportedCompressionsFailOnOpen_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("bzip2") << "bzip2";
    QTest::newRow("xz") << "xz";
  }
  void unsupportedCompressionsFailOnOpen() {
    QFETCH(QString, name);
    auto array = openN5Array(fixtureStore("tensorstore_n5"), name.toStdString());
    QVERIFY(!array.ok());
    QCOMPARE(array.error().code, ErrorCode::Unsupported);
    QVERIFY(array.error().message.find(name.toStdString()) != std::string::npos);
    QVERIFY(array.error().message.find("attributes.json") != std::string::npos);
  }

  void javaBackwardCompatibility_data() {
    QTest::addColumn<QString>("version");
    for (const char* v : {"1.5.0", "2.5.1", "3.1.3"}) QTest::newRow(v) << QString(v);
  }
  void javaBackwardCompatibility() {
    QFETCH(QString, version);
    auto store = fixtureStore("n5_java_backward/data-" + version + ".n5");
    auto array = openN5Array(store, "raw");
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    QCOMPARE((*array)->meta().shape, (Shape{5, 7}));
    QCOMPARE((*array)->meta().dtype, DataType::UInt8);
    const auto expected = readJsonFixture("n5_expected.json");
    const auto& rows = expected["n5_java_backward"]["c_order_view_shape_[5][7]"];
    auto values = readAll<std::uint8_t>(**array);
    QCOMPARE(values.size(), std::size_t{35});
    for (int r = 0; r < 5; ++r)
      for (int c = 0; c < 7; ++c) QCOMPARE(int(values[std::size_t(r * 7 + c)]), rows[r][c].get<int>());
    // Truncated edge block 1/0 (2×4 of 1) decodes to a full chunk padded with 0.
    const std::vector<std::int64_t> edge{0, 1};
    auto chunk = (*array)->readChunk(edge);
    QVERIFY(chunk.ok() && chunk->has_value());
    QCOMPARE((*chunk)->size(), qsizetype(20));
    QCOMPARE(int((**chunk)[0]), 1);
    QCOMPARE(int((**chunk)[2]), 0);  // column 2 of the 4×5 chunk lies outside the 2-wide block
  }

  void zarrPythonN5_data() {
    QTest::addColumn<QString>("name");
    for (const char* n : {"u16_raw", "u16_gzip", "u16_blosc_lz4", "u16_blosc_zstd", "u64_labels_gzip"})
      QTest::newRow(n) << QString(n);
  }
  void zarrPythonN5() {
    QFETCH(QString, name);
    auto array = openN5Array(fixtureStore("zarr_python_2.13_debian/n5.n5"), name.toStdString());
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    QCOMPARE((*array)->meta().shape, (Shape{20, 30, 40}));
    QCOMPARE((*array)->meta().chunkShape, (Shape{8, 16, 16}));
    if (name.startsWith("u64")) {
      QCOMPARE((*array)->meta().dtype, DataType::UInt64);
      auto v = readAll<std::uint64_t>(**array, 3);
      QCOMPARE(v.size(), std::size_t{24000});
      for (int z = 0; z < 20; ++z)
        for (int y = 0; y < 30; ++y)
          for (int x = 0; x < 40; ++x)
            if (v[std::size_t((z * 30 + y) * 40 + x)] != u64Label(z, y, x)) QFAIL(qPrintable(QString("u64 mismatch at %1,%2,%3").arg(z).arg(y).arg(x)));
    } else {
      auto v = readAll<std::uint16_t>(**array, 3);
      QCOMPARE(v.size(), std::size_t{24000});
      for (int z = 0; z < 20; ++z)
        for (int y = 0; y < 30; ++y)
          for (int x = 0; x < 40; ++x)
            if (v[std::size_t((z * 30 + y) * 40 + x)] != u16Value(z, y, x)) QFAIL(qPrintable(QString("u16 mismatch at %1,%2,%3").arg(z).arg(y).arg(x)));
    }
  }

  void webknossosSimpleN5() {
    auto array = openN5Array(fixtureStore("webknossos_libs/simple_n5_dataset"), "color/1");
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    QCOMPARE((*array)->meta().shape, (Shape{24, 24, 24, 3}));  // [z][y][x][c]
    QCOMPARE((*array)->meta().dtype, DataType::UInt32);
    auto v = readAll<std::uint32_t>(**array);
    QCOMPARE(v.size(), std::size_t{3 * 24 * 24 * 24});
    // Checksum convention of expected.json: uint8 buffer in C order over [c][x][y][z].
    QByteArray cxyz(3 * 24 * 24 * 24, '\0');
    for (int z = 0; z < 24; ++z)
      for (int y = 0; y < 24; ++y)
        for (int x = 0; x < 24; ++x)
          for (int c = 0; c < 3; ++c) {
            const std::uint32_t value = v[std::size_t(((z * 24 + y) * 24 + x) * 3 + c)];
            QCOMPARE(value, std::uint32_t((576 * x + 24 * y + z) % 256));
            cxyz[((c * 24 + x) * 24 + y) * 24 + z] = char(value);
          }
    QCOMPARE(QCryptographicHash::hash(cxyz, QCryptographicHash::Sha256).toHex(),
             QByteArray("d7b8109d508a4b15c8e9ff4145b346f5516dd9b06662515831b7dee0927286b7"));
    std::int64_t sum = 0;
    for (char c : cxyz) sum += static_cast<std::uint8_t>(c);
    QCOMPARE(sum, std::int64_t{5287680});
  }

  void axesBecomeReversedDimensionNames() {
    auto store = std::make_shared<MemoryStore>();
    QVERIFY(store->write("a/attributes.json",
                         jsonBytes({{"dimensions", {4, 3, 2}}, {"blockSize", {2, 2, 2}}, {"dataType", "int16"},
                                    {"axes", {"x", "y", "z"}}}))
                .ok());
    auto array = openN5Array(store, "a");
    QVERIFY(array.ok());
    QCOMPARE((*array)->meta().dimensionNames, (std::vector<std::string>{"z", "y", "x"}));
    QCOMPARE((*array)->meta().codecs["type"], nlohmann::json("raw"));  // no compression = raw
    const std::vector<std::int64_t> absent{0, 0, 0};
    auto chunk = (*array)->readChunk(absent);
    QVERIFY(chunk.ok() && !chunk->has_value());
  }

  void writeReadRoundTrip_data() {
    QTest::addColumn<int>("compression");
    QTest::newRow("raw") << 0;
    QTest::newRow("gzip") << 1;
    QTest::newRow("zlib") << 2;
    QTest::newRow("blosc") << 3;
    QTest::newRow("zstd") << 4;
    QTest::newRow("lz4") << 5;
  }
  void writeReadRoundTrip() {
    QFETCH(int, compression);
    const N5Compression compressions[] = {N5Compression::raw(), N5Compression::gzip(5), N5Compression::gzip(-1, true),
                                          N5Compression::bloscWith({"zstd", 5, codec::BloscShuffle::Bit, 1, 0}),
                                          N5Compression::zstd(3), N5Compression::lz4(1024)};
    auto store = std::make_shared<MemoryStore>();
    N5CreateOptions options;
    options.shape = {5, 13, 22};
    options.chunkShape = {4, 8, 8};
    options.dtype = DataType::UInt16;
    options.compression = compressions[compression];
    options.dimensionNames = {"z", "y", "x"};
    auto writer = createN5Array(store, "group/data", options);
    QVERIFY2(writer.ok(), writer.ok() ? "" : writer.error().message.c_str());
    QCOMPARE((*writer)->writeUnitShape(), (Shape{4, 8, 8}));

    const Shape grid = (*writer)->meta().chunkGridShape();
    QCOMPARE(grid, (Shape{2, 2, 3}));
    for (std::int64_t gz = 0; gz < grid[0]; ++gz)
      for (std::int64_t gy = 0; gy < grid[1]; ++gy)
        for (std::int64_t gx = 0; gx < grid[2]; ++gx) {
          QByteArray unit(4 * 8 * 8 * 2, '\x7f');  // outside the array: ignored
          auto* p = reinterpret_cast<std::uint16_t*>(unit.data());
          for (int z = 0; z < 4; ++z)
            for (int y = 0; y < 8; ++y)
              for (int x = 0; x < 8; ++x) p[(z * 8 + y) * 8 + x] = u16Value(gz * 4 + z, gy * 8 + y, gx * 8 + x);
          const std::vector<std::int64_t> idx{gz, gy, gx};
          Status st = (*writer)->writeUnit(idx, unit);
          QVERIFY2(st.ok(), st.ok() ? "" : st.error().message.c_str());
        }

    // Root attributes and dataset attributes in N5 order.
    auto root = store->read("attributes.json");
    QVERIFY(root.ok() && root->has_value());
    QCOMPARE(nlohmann::json::parse((*root)->toStdString())["n5"], nlohmann::json("4.0.0"));
    auto attrs = nlohmann::json::parse((**store->read("group/data/attributes.json")).toStdString());
    QCOMPARE(attrs["dimensions"], nlohmann::json({22, 13, 5}));
    QCOMPARE(attrs["blockSize"], nlohmann::json({8, 8, 4}));
    QCOMPARE(attrs["axes"], nlohmann::json({"x", "y", "z"}));
    // The edge block x=2, y=1, z=1 is truncated to 6×5×1 (N5 order) like N5 Java writes it.
    auto edge = **store->read("group/data/2/1/1");
    QCOMPARE(edge.left(16).toHex(), QByteArray("00000003000000060000000500000001"));

    auto array = openN5Array(store, "group/data");
    QVERIFY(array.ok());
    QCOMPARE((*array)->meta().dimensionNames, (std::vector<std::string>{"z", "y", "x"}));
    auto v = readAll<std::uint16_t>(**array, 2);
    QCOMPARE(v.size(), std::size_t{5 * 13 * 22});
    for (int z = 0; z < 5; ++z)
      for (int y = 0; y < 13; ++y)
        for (int x = 0; x < 22; ++x) QCOMPARE(v[std::size_t((z * 13 + y) * 22 + x)], u16Value(z, y, x));
  }

  void writerKeepsOtherAttributesAndExistingRoot() {
    auto store = std::make_shared<MemoryStore>();
    QVERIFY(store->write("attributes.json", jsonBytes({{"n5", "2.0.0"}})).ok());
    QVERIFY(store->write("s0/attributes.json", jsonBytes({{"resolution", {4, 4, 40}}})).ok());
    N5CreateOptions options;
    options.shape = {2, 2};
    options.chunkShape = {2, 2};
    options.dtype = DataType::Float64;
    auto writer = createN5Array(store, "s0", options);
    QVERIFY(writer.ok());
    QCOMPARE(nlohmann::json::parse((**store->read("attributes.json")).toStdString())["n5"], nlohmann::json("2.0.0"));
    auto attrs = nlohmann::json::parse((**store->read("s0/attributes.json")).toStdString());
    QCOMPARE(attrs["resolution"], nlohmann::json({4, 4, 40}));
    QCOMPARE(attrs["dataType"], nlohmann::json("float64"));
    QByteArray unit(4 * 8, '\0');
    const double values[4] = {1.5, -2.25, 1e300, 0.0};
    std::memcpy(unit.data(), values, sizeof(values));
    const std::vector<std::int64_t> idx{0, 0};
    QVERIFY((*writer)->writeUnit(idx, unit).ok());
    auto array = openN5Array(store, "s0");
    QVERIFY(array.ok());
    auto v = readAll<double>(**array);
    QCOMPARE(v, (std::vector<double>{1.5, -2.25, 1e300, 0.0}));
    // Big-endian on disk: the first element 1.5 = 0x3FF8000000000000.
    QCOMPARE((**store->read("s0/0/0")).mid(12, 8).toHex(), QByteArray("3ff8000000000000"));
  }

  void writerRejectsBadOptions() {
    auto store = std::make_shared<MemoryStore>();
    N5CreateOptions options;
    options.shape = {4, 4};
    options.chunkShape = {2};
    QCOMPARE(createN5Array(store, "x", options).error().code, ErrorCode::InvalidArgument);
    options.chunkShape = {2, 0};
    QCOMPARE(createN5Array(store, "x", options).error().code, ErrorCode::InvalidArgument);
    options.chunkShape = {2, 2};
    options.dtype = DataType::Bool;
    QCOMPARE(createN5Array(store, "x", options).error().code, ErrorCode::Unsupported);
    options.dtype = DataType::UInt8;
    auto writer = createN5Array(store, "x", options);
    QVERIFY(writer.ok());
    const std::vector<std::int64_t> outside{2, 0};
    QCOMPARE((*writer)->writeUnit(outside, QByteArray(4, '\0')).error().code, ErrorCode::InvalidArgument);
    const std::vector<std::int64_t> inside{1, 1};
    QCOMPARE((*writer)->writeUnit(inside, QByteArray(3, '\0')).error().code, ErrorCode::InvalidArgument);
    auto readOnly = fixtureStore("tensorstore_n5");
    QCOMPARE(createN5Array(readOnly, "new", options).error().code, ErrorCode::InvalidArgument);
  }

  void badBlocksGiveClearErrors_data() {
    QTest::addColumn<QByteArray>("block");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("phrase");
    const QByteArray payload(2 * 2 * 2, '\1');
    QTest::newRow("dims larger than blockSize") << blockBytes(0, {3, 2}, QByteArray(12, '\1'))
                                                << int(ErrorCode::InvalidData) << "larger than the dataset blockSize";
    QTest::newRow("varlength mode") << blockBytes(1, {2, 2}, payload) << int(ErrorCode::Unsupported) << "varlength";
    QTest::newRow("object mode") << blockBytes(2, {2, 2}, payload) << int(ErrorCode::Unsupported) << "object";
    QTest::newRow("unknown mode") << blockBytes(9, {2, 2}, payload) << int(ErrorCode::InvalidData) << "mode 9";
    QTest::newRow("wrong ndim") << blockBytes(0, {2, 2, 1}, payload) << int(ErrorCode::InvalidData) << "3 dimensions";
    QTest::newRow("short header") << QByteArray("\0\0\0\2\0\0", 6) << int(ErrorCode::InvalidData) << "header";
    QTest::newRow("tiny") << QByteArray("\0", 1) << int(ErrorCode::InvalidData) << "header";
    QTest::newRow("short payload") << blockBytes(0, {2, 2}, QByteArray(5, '\1')) << int(ErrorCode::InvalidData)
                                   << "expected 8";
  }
  void badBlocksGiveClearErrors() {
    QFETCH(QByteArray, block);
    QFETCH(int, code);
    QFETCH(QString, phrase);
    auto array = openN5Array(badStore(block), "d");
    QVERIFY(array.ok());
    const Error e = chunkError(**array, {0, 0});
    QCOMPARE(int(e.code), code);
    QVERIFY2(e.message.find("d/0/0") != std::string::npos, e.message.c_str());
    QVERIFY2(e.message.find(phrase.toStdString()) != std::string::npos, e.message.c_str());
  }

  void corruptCompressedPayloadIsAnError() {
    auto store = badStore({});
    QVERIFY(store->write("d/attributes.json", jsonBytes({{"dimensions", {4, 3}}, {"blockSize", {2, 2}},
                                                          {"dataType", "uint16"},
                                                          {"compression", {{"type", "gzip"}}}}))
                .ok());
    QVERIFY(store->write("d/0/0", blockBytes(0, {2, 2}, QByteArray("not gzip at all"))).ok());
    auto array = openN5Array(store, "d");
    QVERIFY(array.ok());
    const Error e = chunkError(**array, {0, 0});
    QVERIFY(!e.message.empty());
    QVERIFY2(e.message.find("d/0/0") != std::string::npos, e.message.c_str());
    QVERIFY(chunkError(**array, {5, 0}).code == ErrorCode::InvalidArgument);  // outside the grid
    QVERIFY(chunkError(**array, {0}).code == ErrorCode::InvalidArgument);
  }

  void badAttributesGiveClearErrors_data() {
    QTest::addColumn<QByteArray>("attributes");
    QTest::addColumn<int>("code");
    QTest::newRow("not json") << QByteArray("{nope") << int(ErrorCode::InvalidData);
    QTest::newRow("group") << jsonBytes({{"n5", "4.0.0"}}) << int(ErrorCode::NotFound);
    QTest::newRow("no dataType") << jsonBytes({{"dimensions", {4}}, {"blockSize", {2}}}) << int(ErrorCode::InvalidData);
    QTest::newRow("object dataType") << jsonBytes({{"dimensions", {4}}, {"blockSize", {2}}, {"dataType", "object"}})
                                     << int(ErrorCode::Unsupported);
    QTest::newRow("blockSize rank") << jsonBytes({{"dimensions", {4, 4}}, {"blockSize", {2}}, {"dataType", "uint8"}})
                                    << int(ErrorCode::InvalidData);
    QTest::newRow("zero blockSize") << jsonBytes({{"dimensions", {4}}, {"blockSize", {0}}, {"dataType", "uint8"}})
                                    << int(ErrorCode::InvalidData);
    QTest::newRow("negative dimension") << jsonBytes({{"dimensions", {-4}}, {"blockSize", {2}}, {"dataType", "uint8"}})
                                        << int(ErrorCode::InvalidData);
    QTest::newRow("huge blocks") << jsonBytes({{"dimensions", {4, 4}}, {"blockSize", {100000, 100000}}, {"dataType", "uint8"}})
                                 << int(ErrorCode::InvalidData);
    QTest::newRow("unknown compression")
        << jsonBytes({{"dimensions", {4}}, {"blockSize", {2}}, {"dataType", "uint8"}, {"compression", {{"type", "snappy"}}}})
        << int(ErrorCode::Unsupported);
    QTest::newRow("legacy bzip2") << jsonBytes({{"dimensions", {4}}, {"blockSize", {2}}, {"dataType", "uint8"},
                                                {"compressionType", "bzip2"}})
                                  << int(ErrorCode::Unsupported);
  }
  void badAttributesGiveClearErrors() {
    QFETCH(QByteArray, attributes);
    QFETCH(int, code);
    auto store = std::make_shared<MemoryStore>();
    QVERIFY(store->write("bad/attributes.json", attributes).ok());
    auto array = openN5Array(store, "bad");
    QVERIFY(!array.ok());
    QCOMPARE(int(array.error().code), code);
    QVERIFY2(array.error().message.find("bad/attributes.json") != std::string::npos, array.error().message.c_str());
    QCOMPARE(openN5Array(store, "missing").error().code, ErrorCode::NotFound);
  }
};

QTEST_GUILESS_MAIN(TestN5)
#include "tst_n5.moc"
