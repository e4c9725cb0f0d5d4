// Zarr v2/v3 writers: write -> read back identically (several codec chains, ragged edges, shard
// index at start/end), sharded reads by byte ranges, nested shards, and python3-zarr reading
// what the v2 writer wrote.

#include <QCryptographicHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>
#include <thread>

#include "core/codec/Blosc.h"
#include "core/format/Zarr2Array.h"
#include "core/format/Zarr2Writer.h"
#include "core/format/Zarr3Array.h"
#include "core/format/Zarr3ShardIndex.h"
#include "core/format/Zarr3Writer.h"
#include "core/format/ZarrLayout.h"
#include "tests/unit/format/ZarrTestUtil.h"

using namespace skein;
using namespace skein::test;

namespace {

// Deterministic content with large fill-valued regions (so that empty chunks and shards occur).
QByteArray makeContent(const Shape& shape, DataType type, const QByteArray& fill) {
  const std::int64_t n = zarr::shapeProduct(shape);
  const std::size_t es = dataTypeSize(type);
  QByteArray out(static_cast<qsizetype>(n * static_cast<std::int64_t>(es)), Qt::Uninitialized);
  for (std::int64_t i = 0; i < n; ++i) {
    char* p = out.data() + i * static_cast<std::int64_t>(es);
    if ((i / 37) % 3 == 0 || i >= n - n / 4) {  // fill runs, and the whole last quarter
      std::memcpy(p, fill.constData(), es);
      continue;
    }
    const std::uint64_t v = (static_cast<std::uint64_t>(i) * 2654435761u) ^ (static_cast<std::uint64_t>(i) << 40);
    switch (type) {
      case DataType::Float32: { float f = static_cast<float>(i) * 0.5f - 100.f; std::memcpy(p, &f, 4); break; }
      case DataType::Float64: { double d = static_cast<double>(i) / 3.0; std::memcpy(p, &d, 8); break; }
      case DataType::Bool: { std::uint8_t b = i % 2; std::memcpy(p, &b, 1); break; }
      default: std::memcpy(p, &v, es);
    }
  }
  return out;
}

// Writes every write unit of `writer` from `content` (C order over the array shape); parts of a
// unit outside the array get garbage, which the writer must ignore. Units go out on 3 threads.
Status writeAll(ArrayWriter& writer, const QByteArray& content) {
  const ArrayMeta& m = writer.meta();
  const Shape unit = writer.writeUnitShape();
  const Shape grid = zarr::chunkGrid(m.shape, unit);
  const std::size_t es = m.elementSize();
  std::vector<Shape> units;
  Shape idx(grid.size(), 0);
  for (std::int64_t i = 0; i < zarr::shapeProduct(grid); ++i) {
    units.push_back(idx);
    for (std::size_t d = grid.size(); d-- > 0;) {
      if (++idx[d] < grid[d]) break;
      idx[d] = 0;
    }
  }
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  Status result;
  auto worker = [&] {
    for (std::size_t i; (i = next++) < units.size();) {
      QByteArray buffer(static_cast<qsizetype>(zarr::shapeProduct(unit) * static_cast<std::int64_t>(es)), '\xAB');
      Shape start(unit.size()), extent(unit.size());
      for (std::size_t d = 0; d < unit.size(); ++d) {
        start[d] = units[i][d] * unit[d];
        extent[d] = std::min(unit[d], m.shape[d] - start[d]);
      }
      zarr::copyBox(reinterpret_cast<const std::uint8_t*>(content.constData()), m.shape, start,
                    reinterpret_cast<std::uint8_t*>(buffer.data()), unit, Shape(unit.size(), 0), extent, es);
      Status s = writer.writeUnit(units[i], buffer);
      if (!s.ok()) {
        std::lock_guard lock(mutex);
        result = s;
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < 3; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  return result;
}

template <typename T>
QByteArray element(T v) {
  return QByteArray(reinterpret_cast<const char*>(&v), sizeof v);
}

QString errorText(const Error& e) { return QString::fromStdString(e.message); }

}  // namespace

class TestZarrRoundTrip : public QObject {
  Q_OBJECT
 private slots:
  void zarr3_data() {
    QTest::addColumn<int>("dtype");
    QTest::addColumn<int>("compression");
    QTest::addColumn<bool>("sharded");
    QTest::addColumn<bool>("indexAtStart");
    QTest::addColumn<bool>("indexCrc");
    QTest::addColumn<bool>("chunkCrc");
    QTest::addColumn<bool>("bigEndian");
    using C = Zarr3CreateOptions::Compression;
    QTest::newRow("u16 raw sharded end crc") << int(DataType::UInt16) << int(C::None) << true << false << true << false << false;
    QTest::newRow("u16 gzip sharded start crc") << int(DataType::UInt16) << int(C::Gzip) << true << true << true << false << false;
    QTest::newRow("u64 zstd sharded start nocrc") << int(DataType::UInt64) << int(C::Zstd) << true << true << false << true << false;
    QTest::newRow("f32 blosc sharded end nocrc") << int(DataType::Float32) << int(C::Blosc) << true << false << false << false << true;
    QTest::newRow("i8 gzip+crc sharded") << int(DataType::Int8) << int(C::Gzip) << true << false << true << true << false;
    QTest::newRow("f64 blosc unsharded") << int(DataType::Float64) << int(C::Blosc) << false << false << false << false << false;
    QTest::newRow("u32 zstd unsharded big-endian crc") << int(DataType::UInt32) << int(C::Zstd) << false << false << false << true << true;
    QTest::newRow("bool raw unsharded") << int(DataType::Bool) << int(C::None) << false << false << false << false << false;
  }
  void zarr3() {
    QFETCH(int, dtype);
    QFETCH(int, compression);
    QFETCH(bool, sharded);
    QFETCH(bool, indexAtStart);
    QFETCH(bool, indexCrc);
    QFETCH(bool, chunkCrc);
    QFETCH(bool, bigEndian);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto store = std::make_shared<FileStore>(dir.path(), FileStore::Mode::ReadWrite);
    Zarr3CreateOptions o;
    o.shape = {13, 10, 7};  // ragged in every dimension
    o.dtype = static_cast<DataType>(dtype);
    o.chunkShape = {2, 3, 4};
    if (sharded) o.shardShape = {4, 6, 4};
    o.compression = static_cast<Zarr3CreateOptions::Compression>(compression);
    o.indexAtStart = indexAtStart;
    o.indexCrc32c = indexCrc;
    o.chunkCrc32c = chunkCrc;
    o.bigEndian = bigEndian;
    o.fillValue = o.dtype == DataType::Bool ? element<std::uint8_t>(0) : QByteArray(int(dataTypeSize(o.dtype)), '\x07');
    o.dimensionNames = {"z", "", "x"};
    o.attributes = {{"note", "round trip"}};
    auto writer = createZarr3Array(store, "group/array", o);
    QVERIFY2(writer.ok(), writer.ok() ? "" : writer.error().message.c_str());
    QCOMPARE((*writer)->writeUnitShape(), sharded ? o.shardShape : o.chunkShape);
    const QByteArray content = makeContent(o.shape, o.dtype, (*writer)->meta().fillValue);
    Status s = writeAll(**writer, content);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());

    auto array = openZarr3Array(store, "group/array");
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    QCOMPARE((*array)->meta().chunkShape, o.chunkShape);
    QCOMPARE((*array)->meta().shardShape, sharded ? o.shardShape : Shape{});
    QCOMPARE((*array)->meta().dimensionNames, o.dimensionNames);
    QCOMPARE((*array)->meta().fillValue, (*writer)->meta().fillValue);
    auto data = readWholeArray(**array, 2);
    QVERIFY2(data.ok(), data.ok() ? "" : data.error().message.c_str());
    QVERIFY(*data == content);
    // The last quarter is fill: its last write unit must not exist in the store.
    const std::string lastKey = sharded ? "group/array/c/3/1/1" : "group/array/c/6/3/1";
    auto last = store->read(lastKey);
    QVERIFY(last.ok());
    QVERIFY(!last->has_value());
  }

  void zarr3EmptyInnerChunksAreEmptyEntries() {
    auto store = std::make_shared<MemoryStore>();
    Zarr3CreateOptions o;
    o.shape = {4, 4};
    o.dtype = DataType::UInt16;
    o.chunkShape = {2, 2};
    o.shardShape = {4, 4};
    auto writer = createZarr3Array(store, "", o);
    QVERIFY(writer.ok());
    QByteArray unit(32, '\0');
    unit[0] = 5;  // only inner chunk 0 holds data
    QVERIFY((*writer)->writeUnit(Shape{0, 0}, unit).ok());
    auto shard = store->read("c/0/0");
    QVERIFY(shard.ok() && shard->has_value());
    QCOMPARE((*shard)->size(), qsizetype(8 + 4 * 16 + 4));
    zarr::ShardingConfig cfg;
    cfg.indexCrc32c = true;
    auto index = zarr::decodeShardIndex((*shard)->right(68), 4, cfg);
    QVERIFY(index.ok());
    QCOMPARE(index->offset(0), std::uint64_t(0));
    QCOMPARE(index->nbytes(0), std::uint64_t(8));
    for (std::size_t i = 1; i < 4; ++i) QVERIFY(index->isEmpty(i));
    // Writing all-fill removes the shard again.
    QVERIFY((*writer)->writeUnit(Shape{0, 0}, QByteArray(32, '\0')).ok());
    auto removed = store->read("c/0/0");
    QVERIFY(removed.ok() && !removed->has_value());
  }

  void shardedReadsUseByteRanges_data() {
    QTest::addColumn<bool>("indexAtStart");
    QTest::newRow("index at end") << false;
    QTest::newRow("index at start") << true;
  }
  void shardedReadsUseByteRanges() {
    QFETCH(bool, indexAtStart);
    auto memory = std::make_shared<MemoryStore>();
    Zarr3CreateOptions o;
    o.shape = {8, 8};
    o.dtype = DataType::UInt32;
    o.chunkShape = {2, 4};
    o.shardShape = {8, 8};
    o.compression = Zarr3CreateOptions::Compression::Gzip;
    o.indexAtStart = indexAtStart;
    auto writer = createZarr3Array(memory, "a", o);
    QVERIFY(writer.ok());
    QByteArray unit(8 * 8 * 4, Qt::Uninitialized);
    for (int i = 0; i < 64; ++i) {
      const std::uint32_t v = 1000 + i;
      std::memcpy(unit.data() + 4 * i, &v, 4);
    }
    QVERIFY((*writer)->writeUnit(Shape{0, 0}, unit).ok());
    auto counting = std::make_shared<CountingStore>(memory);
    auto array = openZarr3Array(counting, "a");
    QVERIFY(array.ok());
    counting->clear();
    auto data = readWholeArray(**array);
    QVERIFY(data.ok());
    QCOMPARE(*data, unit);
    const auto reads = counting->reads();
    QCOMPARE(reads.size(), std::size_t(1 + 8));  // the index once, then each of the 8 inner chunks
    const std::int64_t indexSize = 8 * 16 + 4;
    QVERIFY(reads[0].range.has_value());
    if (indexAtStart) {
      QCOMPARE(reads[0].range->offset, std::int64_t(0));
      QCOMPARE(reads[0].range->length, indexSize);
    } else {
      QCOMPARE(reads[0].range->offset, -indexSize);
      QCOMPARE(reads[0].range->length, std::int64_t(-1));
    }
    auto shardSize = memory->size("a/c/0/0");
    QVERIFY(shardSize.ok() && shardSize->has_value());
    std::int64_t total = 0;
    for (std::size_t i = 1; i < reads.size(); ++i) {
      QCOMPARE(reads[i].key, std::string("a/c/0/0"));
      QVERIFY(reads[i].range.has_value());
      QVERIFY(reads[i].range->offset >= 0);
      QVERIFY(reads[i].range->length > 0);
      total += reads[i].range->length;
    }
    QCOMPARE(total + indexSize, **shardSize);  // only the chunk bytes were read
    // A single chunk read later needs no second index read.
    counting->clear();
    auto one = (*array)->readChunk(Shape{3, 1});
    QVERIFY(one.ok() && one->has_value());
    QCOMPARE(counting->reads().size(), std::size_t(1));
  }

  void nestedSharding_data() {
    QTest::addColumn<bool>("outerIndexAtStart");
    QTest::newRow("outer index at start") << true;
    QTest::newRow("outer index at end") << false;  // the first nested shard starts at byte 0
  }
  void nestedSharding() {
    QFETCH(bool, outerIndexAtStart);
    // shape [8] uint16: outer shard [8] of middle chunks [4], each a shard of inner chunks [2].
    auto store = std::make_shared<MemoryStore>();
    const nlohmann::json index = nlohmann::json::array({{{"name", "bytes"}, {"configuration", {{"endian", "little"}}}},
                                                        {{"name", "crc32c"}}});
    const nlohmann::json inner = {{"name", "sharding_indexed"},
                                  {"configuration",
                                   {{"chunk_shape", {2}},
                                    {"codecs", {{{"name", "bytes"}, {"configuration", {{"endian", "little"}}}}}},
                                    {"index_codecs", index}}}};
    const nlohmann::json doc = {{"zarr_format", 3},
                                {"node_type", "array"},
                                {"shape", {8}},
                                {"data_type", "uint16"},
                                {"chunk_grid", {{"name", "regular"}, {"configuration", {{"chunk_shape", {8}}}}}},
                                {"chunk_key_encoding", {{"name", "default"}}},
                                {"fill_value", 9},
                                {"codecs",
                                 {{{"name", "sharding_indexed"},
                                   {"configuration",
                                    {{"chunk_shape", {4}},
                                     {"codecs", {inner}},
                                     {"index_codecs", index},
                                     {"index_location", outerIndexAtStart ? "start" : "end"}}}}}}};
    zarr::ShardingConfig cfg;
    cfg.indexCrc32c = true;
    auto u16s = [](std::initializer_list<std::uint16_t> v) {
      QByteArray b;
      for (auto x : v) b.append(reinterpret_cast<const char*>(&x), 2);
      return b;
    };
    auto indexOf = [&](std::vector<std::uint64_t> entries) {
      zarr::ShardIndex i;
      i.entries = std::move(entries);
      return zarr::encodeShardIndex(i, cfg);
    };
    const std::uint64_t E = zarr::ShardIndex::kEmpty;
    // Middle 0: inner chunks [1,2] and [3,4], stored out of order. Middle 1: inner 0 empty, [7,8].
    const QByteArray middle0 = u16s({3, 4}) + u16s({1, 2}) + indexOf({4, 4, 0, 4});
    const QByteArray middle1 = u16s({7, 8}) + indexOf({E, E, 0, 4});
    const std::uint64_t outerIndexSize = 2 * 16 + 4;
    const std::uint64_t base = outerIndexAtStart ? outerIndexSize : 0;
    const QByteArray outerIndex =
        indexOf({base, std::uint64_t(middle0.size()), base + middle0.size(), std::uint64_t(middle1.size())});
    const QByteArray outer = outerIndexAtStart ? outerIndex + middle0 + middle1 : middle0 + middle1 + outerIndex;
    const std::string text = doc.dump();
    QVERIFY(store->write("n/zarr.json", QByteArray::fromStdString(text)).ok());
    QVERIFY(store->write("n/c/0", outer).ok());
    auto array = openZarr3Array(store, "n");
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    QCOMPARE((*array)->meta().chunkShape, Shape{2});
    QCOMPARE((*array)->meta().shardShape, Shape{8});
    auto data = readWholeArray(**array);
    QVERIFY2(data.ok(), data.ok() ? "" : data.error().message.c_str());
    QCOMPARE(*data, u16s({1, 2, 3, 4, 9, 9, 7, 8}));
    // A corrupt nested index names the nested shard.
    QByteArray bad = outer;
    bad[int(base + middle0.size() - 10)] ^= 0x01;
    QVERIFY(store->write("n/c/0", bad).ok());
    auto reopened = openZarr3Array(store, "n");
    QVERIFY(reopened.ok());
    auto broken = (*reopened)->readChunk(Shape{0});
    QVERIFY(!broken.ok());
    QVERIFY2(errorText(broken.error()).contains("nested shard"), qPrintable(errorText(broken.error())));
    QVERIFY2(errorText(broken.error()).contains("crc32c mismatch"), qPrintable(errorText(broken.error())));
  }

  // Missing chunks read as the fill value, also when it is NaN or ±Infinity (JSON spells them as
  // strings; Zarr v3 also allows the raw bits in hex).
  void nonFiniteFillValues_data() {
    QTest::addColumn<int>("version");
    QTest::addColumn<QString>("dtype");
    QTest::addColumn<QString>("fill");
    QTest::addColumn<double>("expected");
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    QTest::newRow("v2 <f4 NaN") << 2 << "<f4" << "\"NaN\"" << nan;
    QTest::newRow("v2 <f8 -Infinity") << 2 << "<f8" << "\"-Infinity\"" << -inf;
    QTest::newRow("v2 >f4 Infinity") << 2 << ">f4" << "\"Infinity\"" << inf;
    QTest::newRow("v2 <f2 NaN") << 2 << "<f2" << "\"NaN\"" << nan;
    QTest::newRow("v3 float32 NaN") << 3 << "float32" << "\"NaN\"" << nan;
    QTest::newRow("v3 float64 -Infinity") << 3 << "float64" << "\"-Infinity\"" << -inf;
    QTest::newRow("v3 float32 hex +inf") << 3 << "float32" << "\"0x7f800000\"" << inf;
    QTest::newRow("v3 float16 hex NaN") << 3 << "float16" << "\"0x7e00\"" << nan;
  }
  void nonFiniteFillValues() {
    QFETCH(int, version);
    QFETCH(QString, dtype);
    QFETCH(QString, fill);
    QFETCH(double, expected);
    auto store = std::make_shared<MemoryStore>();
    const nlohmann::json fillValue = nlohmann::json::parse(fill.toStdString());
    const nlohmann::json meta =
        version == 2
            ? nlohmann::json{{"zarr_format", 2}, {"shape", {3, 5}}, {"chunks", {2, 2}}, {"dtype", dtype.toStdString()},
                             {"compressor", nullptr}, {"fill_value", fillValue}, {"order", "C"}, {"filters", nullptr}}
            : nlohmann::json{{"zarr_format", 3},
                             {"node_type", "array"},
                             {"shape", {3, 5}},
                             {"data_type", dtype.toStdString()},
                             {"chunk_grid", {{"name", "regular"}, {"configuration", {{"chunk_shape", {2, 2}}}}}},
                             {"chunk_key_encoding", {{"name", "default"}}},
                             {"fill_value", fillValue},
                             {"codecs", {{{"name", "bytes"}, {"configuration", {{"endian", "little"}}}}}}};
    const std::string text = meta.dump();
    QVERIFY(store->write(version == 2 ? "a/.zarray" : "a/zarr.json", QByteArray::fromStdString(text)).ok());
    auto array = version == 2 ? openZarr2Array(store, "a") : openZarr3Array(store, "a");
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    auto data = readWholeArray(**array);  // every chunk is missing
    QVERIFY2(data.ok(), data.ok() ? "" : data.error().message.c_str());
    const DataType type = (*array)->meta().dtype;
    QCOMPARE(data->size(), qsizetype(15 * dataTypeSize(type)));
    for (std::int64_t i = 0; i < 15; ++i) {
      const double v = elementAsDouble(*data, i, type);
      if (std::isnan(expected)) QVERIFY2(std::isnan(v), qPrintable(QString::number(v)));
      else QCOMPARE(v, expected);
    }
  }

  // Zarr v3 arrays with the "v2" chunk key encoding ("0.1" or "0/1"; "0" for a 0-d array).
  void zarr3V2ChunkKeyEncoding_data() {
    QTest::addColumn<QString>("separator");
    QTest::addColumn<QString>("key");
    QTest::newRow("dot (default)") << "" << "1.0";
    QTest::newRow("dot") << "." << "1.0";
    QTest::newRow("slash") << "/" << "1/0";
  }
  void zarr3V2ChunkKeyEncoding() {
    QFETCH(QString, separator);
    QFETCH(QString, key);
    auto store = std::make_shared<MemoryStore>();
    nlohmann::json encoding = {{"name", "v2"}};
    if (!separator.isEmpty()) encoding["configuration"] = {{"separator", separator.toStdString()}};
    const nlohmann::json meta = {{"zarr_format", 3},
                                 {"node_type", "array"},
                                 {"shape", {4, 2}},
                                 {"data_type", "uint16"},
                                 {"chunk_grid", {{"name", "regular"}, {"configuration", {{"chunk_shape", {2, 2}}}}}},
                                 {"chunk_key_encoding", encoding},
                                 {"fill_value", 7},
                                 {"codecs", {{{"name", "bytes"}, {"configuration", {{"endian", "little"}}}}}}};
    const std::string text = meta.dump();
    QVERIFY(store->write("a/zarr.json", QByteArray::fromStdString(text)).ok());
    const std::uint16_t chunk[4] = {100, 101, 102, 103};
    QVERIFY(store->write("a/" + key.toStdString(), QByteArray(reinterpret_cast<const char*>(chunk), 8)).ok());
    auto array = openZarr3Array(store, "a");
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    auto data = readWholeArray(**array);
    QVERIFY2(data.ok(), data.ok() ? "" : data.error().message.c_str());
    const std::vector<std::uint16_t> expected = {7, 7, 7, 7, 100, 101, 102, 103};  // chunk (0,0) missing
    for (std::int64_t i = 0; i < 8; ++i) QCOMPARE(elementAt<std::uint16_t>(*data, i), expected[std::size_t(i)]);
  }

  void zarr2_data() {
    QTest::addColumn<int>("compressor");
    QTest::addColumn<QString>("cname");
    QTest::addColumn<int>("dtype");
    QTest::addColumn<char>("separator");
    using C = Zarr2CreateOptions::Compressor;
    QTest::newRow("blosc lz4 u16") << int(C::Blosc) << "lz4" << int(DataType::UInt16) << '.';
    QTest::newRow("blosc zstd u64 nested") << int(C::Blosc) << "zstd" << int(DataType::UInt64) << '/';
    QTest::newRow("gzip i32") << int(C::Gzip) << "" << int(DataType::Int32) << '.';
    QTest::newRow("zlib f32") << int(C::Zlib) << "" << int(DataType::Float32) << '/';
    QTest::newRow("zstd u8") << int(C::Zstd) << "" << int(DataType::UInt8) << '.';
    QTest::newRow("lz4 i16") << int(C::Lz4) << "" << int(DataType::Int16) << '.';
    QTest::newRow("raw f64") << int(C::None) << "" << int(DataType::Float64) << '.';
  }
  void zarr2() {
    QFETCH(int, compressor);
    QFETCH(QString, cname);
    QFETCH(int, dtype);
    QFETCH(char, separator);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto store = std::make_shared<FileStore>(dir.path(), FileStore::Mode::ReadWrite);
    Zarr2CreateOptions o;
    o.shape = {11, 9, 20};
    o.chunks = {4, 4, 8};
    o.dtype = static_cast<DataType>(dtype);
    o.compressor = static_cast<Zarr2CreateOptions::Compressor>(compressor);
    if (!cname.isEmpty()) o.bloscCname = cname.toStdString();
    o.dimensionSeparator = separator;
    o.fillValue = QByteArray(int(dataTypeSize(o.dtype)), '\x2a');
    o.dimensionNames = {"z", "y", "x"};
    auto writer = createZarr2Array(store, "arr", o);
    QVERIFY2(writer.ok(), writer.ok() ? "" : writer.error().message.c_str());
    const QByteArray content = makeContent(o.shape, o.dtype, (*writer)->meta().fillValue);
    Status s = writeAll(**writer, content);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
    auto array = openZarr2Array(store, "arr");
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    QCOMPARE((*array)->meta().dimensionNames, o.dimensionNames);
    auto data = readWholeArray(**array, 2);
    QVERIFY2(data.ok(), data.ok() ? "" : data.error().message.c_str());
    QVERIFY(*data == content);
    const std::string sep(1, separator);
    auto lastChunk = store->read("arr/2" + sep + "2" + sep + "2");
    QVERIFY(lastChunk.ok());
    QVERIFY(!lastChunk->has_value());  // all fill: skipped
    auto firstChunk = store->read("arr/0" + sep + "0" + sep + "0");
    QVERIFY(firstChunk.ok() && firstChunk->has_value());
  }

  void zarr2ReadByPythonZarr() {
    const QString python = "/usr/bin/python3";
    QProcess probe;
    probe.start(python, {"-c", "import zarr, numpy"});
    const bool havePython = probe.waitForFinished(60000) && probe.exitCode() == 0;
    QVERIFY2(havePython, "python3-zarr (/usr/bin/python3 with zarr and numpy) is required in CI");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto store = std::make_shared<FileStore>(dir.path(), FileStore::Mode::ReadWrite);
    struct Case {
      const char* name;
      Zarr2CreateOptions::Compressor compressor;
      DataType type;
      char separator;
    };
    const Case cases[] = {{"blosc", Zarr2CreateOptions::Compressor::Blosc, DataType::UInt16, '.'},
                          {"gzip", Zarr2CreateOptions::Compressor::Gzip, DataType::UInt64, '/'},
                          {"zlib", Zarr2CreateOptions::Compressor::Zlib, DataType::Float32, '.'},
                          {"zstd", Zarr2CreateOptions::Compressor::Zstd, DataType::Int8, '.'},
                          {"lz4", Zarr2CreateOptions::Compressor::Lz4, DataType::Int32, '.'},
                          {"raw", Zarr2CreateOptions::Compressor::None, DataType::UInt8, '/'}};
    QStringList expected;
    for (const Case& c : cases) {
      Zarr2CreateOptions o;
      o.shape = {9, 10, 11};
      o.chunks = {4, 5, 8};
      o.dtype = c.type;
      o.compressor = c.compressor;
      o.dimensionSeparator = c.separator;
      o.fillValue = QByteArray(int(dataTypeSize(c.type)), '\x03');
      auto writer = createZarr2Array(store, std::string("g/") + c.name, o);
      QVERIFY(writer.ok());
      const QByteArray content = makeContent(o.shape, o.dtype, (*writer)->meta().fillValue);
      QVERIFY(writeAll(**writer, content).ok());
      expected << QString("%1 %2").arg(c.name, QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
    }
    const QString script =
        "import sys, hashlib, zarr\n"
        "for name in sys.argv[2:]:\n"
        "    a = zarr.open_array(sys.argv[1] + '/g/' + name, mode='r')\n"
        "    print(name, hashlib.sha256(a[...].astype(a.dtype.newbyteorder('<')).tobytes()).hexdigest())\n";
    QStringList args{"-c", script, dir.path()};
    for (const Case& c : cases) args << c.name;
    QProcess p;
    p.start(python, args);
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    const QStringList got = QString::fromUtf8(p.readAllStandardOutput()).trimmed().split('\n');
    QCOMPARE(got, expected);
  }
};

QTEST_GUILESS_MAIN(TestZarrRoundTrip)
#include "tst_zarr_roundtrip.moc"
