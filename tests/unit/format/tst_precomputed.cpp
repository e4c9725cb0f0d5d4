// Neuroglancer precomputed: info parsing (neuroglancer and webknossos-libs fixtures), sharded
// kvstore test vectors (tensorstore), compressed Morton codes, murmurhash3 sharding, raw / jpeg /
// compressed_segmentation self round trips (unsharded and sharded) and bad-input handling.

#include <QFile>
#include <QtTest>

#include <cstring>
#include <map>

#include <nlohmann/json.hpp>

#include "core/codec/Deflate.h"
#include "core/format/ArrayRegion.h"
#include "core/format/PrecomputedArray.h"
#include "core/format/PrecomputedChunk.h"
#include "core/format/PrecomputedSharded.h"
#include "core/store/FileStore.h"
#include "core/store/MemoryStore.h"
#include "tests/support/TestEnv.h"

using namespace skein;

namespace {

QString formatsFixture(const QString& relative) { return test::fixture("formats/" + relative); }

StorePtr fixtureStore(const QString& relative) {
  return std::make_shared<FileStore>(formatsFixture(relative), FileStore::Mode::ReadOnly);
}

QByteArray readFile(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

nlohmann::json readJson(const QString& relative) {
  return nlohmann::json::parse(readFile(formatsFixture(relative)).toStdString(), nullptr, false);
}

QByteArray bytesOf(std::initializer_list<int> values) {
  QByteArray b;
  for (int v : values) b.append(char(v));
  return b;
}

QByteArray readBox(const ChunkedArray& array, const Shape& offset, const Shape& shape, int threads = 2) {
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

PrecomputedInfo makeInfo(DataType dtype, int channels, const std::string& encoding, Vec3i size, Vec3i chunk,
                         Vec3i offset = {}) {
  PrecomputedInfo info;
  info.type = encoding == "compressed_segmentation" ? "segmentation" : "image";
  info.dtype = dtype;
  info.numChannels = channels;
  PrecomputedScale s;
  s.key = "s0";
  s.size = size;
  s.voxelOffset = offset;
  s.resolution = {4, 4, 40};
  s.chunkSizes = {chunk};
  s.encoding = encoding;
  s.compressedSegmentationBlockSize = {8, 8, 8};
  s.jpegQuality = 95;
  info.scales.push_back(s);
  return info;
}

// A volume [c][z][y][x] of `elementSize`-byte values given by f(c, z, y, x).
template <typename F>
QByteArray makeVolume(const Vec3i& size, int channels, std::size_t elementSize, F f) {
  QByteArray out(static_cast<qsizetype>(size.product() * channels * std::int64_t(elementSize)), '\0');
  std::size_t i = 0;
  for (std::int64_t c = 0; c < channels; ++c)
    for (std::int64_t z = 0; z < size.z; ++z)
      for (std::int64_t y = 0; y < size.y; ++y)
        for (std::int64_t x = 0; x < size.x; ++x, ++i) {
          const std::uint64_t v = f(c, z, y, x);
          std::memcpy(out.data() + i * elementSize, &v, elementSize);  // little-endian host
        }
  return out;
}

// Writes `volume` ([c][z][y][x] over the scale size) chunk by chunk through `writer`.
Status writeVolume(ArrayWriter& writer, const QByteArray& volume) {
  const ArrayMeta& m = writer.meta();
  const Shape grid = m.chunkGridShape();
  const std::size_t es = m.elementSize();
  for (std::int64_t gz = 0; gz < grid[1]; ++gz)
    for (std::int64_t gy = 0; gy < grid[2]; ++gy)
      for (std::int64_t gx = 0; gx < grid[3]; ++gx) {
        const Shape& cs = m.chunkShape;
        QByteArray unit(static_cast<qsizetype>(m.chunkElements() * std::int64_t(es)), '\x11');
        for (std::int64_t c = 0; c < cs[0]; ++c)
          for (std::int64_t z = 0; z < cs[1]; ++z)
            for (std::int64_t y = 0; y < cs[2]; ++y)
              for (std::int64_t x = 0; x < cs[3]; ++x) {
                const std::int64_t vz = gz * cs[1] + z, vy = gy * cs[2] + y, vx = gx * cs[3] + x;
                if (vz >= m.shape[1] || vy >= m.shape[2] || vx >= m.shape[3]) continue;
                const std::int64_t src = ((c * m.shape[1] + vz) * m.shape[2] + vy) * m.shape[3] + vx;
                const std::int64_t dst = ((c * cs[1] + z) * cs[2] + y) * cs[3] + x;
                std::memcpy(unit.data() + dst * std::int64_t(es), volume.constData() + src * std::int64_t(es), es);
              }
        const std::vector<std::int64_t> idx{0, gz, gy, gx};
        SKEIN_TRY(writer.writeUnit(idx, unit));
      }
  return {};
}

// Builds a sharded scale in `store` from a volume, with our shard encoder.
Status writeShardedScale(MemoryStore& store, const PrecomputedInfo& info, const QByteArray& volume) {
  const PrecomputedScale& s = info.scales[0];
  const Vec3i chunk = s.chunkSize();
  const Vec3i grid{ceilDiv(s.size.x, chunk.x), ceilDiv(s.size.y, chunk.y), ceilDiv(s.size.z, chunk.z)};
  const std::size_t es = dataTypeSize(info.dtype);
  PrecomputedChunkFormat format{s.encoding, info.dtype, info.numChannels, s.compressedSegmentationBlockSize,
                                s.jpegQuality};
  std::map<std::uint64_t, std::map<std::uint64_t, QByteArray>> shards;
  for (std::int64_t gz = 0; gz < grid.z; ++gz)
    for (std::int64_t gy = 0; gy < grid.y; ++gy)
      for (std::int64_t gx = 0; gx < grid.x; ++gx) {
        const Vec3i origin{gx * chunk.x, gy * chunk.y, gz * chunk.z};
        const Vec3i e{std::min(chunk.x, s.size.x - origin.x), std::min(chunk.y, s.size.y - origin.y),
                      std::min(chunk.z, s.size.z - origin.z)};
        QByteArray data(static_cast<qsizetype>(e.product() * info.numChannels * std::int64_t(es)), '\0');
        std::int64_t i = 0;
        for (std::int64_t c = 0; c < info.numChannels; ++c)
          for (std::int64_t z = 0; z < e.z; ++z)
            for (std::int64_t y = 0; y < e.y; ++y)
              for (std::int64_t x = 0; x < e.x; ++x, ++i) {
                const std::int64_t src =
                    ((c * s.size.z + origin.z + z) * s.size.y + origin.y + y) * s.size.x + origin.x + x;
                std::memcpy(data.data() + i * std::int64_t(es), volume.constData() + src * std::int64_t(es), es);
              }
        SKEIN_ASSIGN_OR_RETURN(QByteArray encoded, encodePrecomputedChunk(data, format, e));
        const std::uint64_t id = compressedMortonCode({gx, gy, gz}, grid);
        shards[locateShardedChunk(*s.sharding, id).shard][id] = encoded;
      }
  for (const auto& [shard, chunks] : shards) {
    SKEIN_ASSIGN_OR_RETURN(QByteArray bytes, encodePrecomputedShard(*s.sharding, chunks));
    SKEIN_TRY(store.write("vol/s0/" + shardFileName(*s.sharding, shard), bytes));
  }
  return writePrecomputedInfo(store, "vol", info);
}

}  // namespace

class TestPrecomputed : public QObject {
  Q_OBJECT
 private slots:
  void parsesNeuroglancerInfo_data() {
    QTest::addColumn<QString>("dir");
    QTest::addColumn<int>("channels");
    QTest::newRow("one channel") << "one_channel" << 1;
    QTest::newRow("two channels") << "two_channels" << 2;
  }
  void parsesNeuroglancerInfo() {
    QFETCH(QString, dir);
    QFETCH(int, channels);
    auto store = fixtureStore("neuroglancer/precomputed_info/" + dir);
    auto info = readPrecomputedInfo(*store, "");
    QVERIFY2(info.ok(), info.ok() ? "" : info.error().message.c_str());
    QCOMPARE(info->type, std::string("image"));
    QCOMPARE(info->dtype, DataType::UInt16);
    QCOMPARE(info->numChannels, channels);
    QCOMPARE(info->scales.size(), std::size_t{3});
    QCOMPARE(info->scales[0].key, std::string("3_4_5"));
    QCOMPARE(info->scales[0].size, (Vec3i{10, 20, 30}));
    QCOMPARE(info->scales[0].resolution, (Vec3d{3, 4, 5}));
    QCOMPARE(info->scales[1].chunkSize(), (Vec3i{5, 10, 15}));
    QCOMPARE(info->scales[2].key, std::string("12_16_20"));
    QCOMPARE(info->scales[2].chunkSize(), (Vec3i{3, 5, 8}));
    QCOMPARE(info->scales[2].encoding, std::string("raw"));
    QVERIFY(!info->scales[0].sharding);
    // Serialising and parsing again gives the same structure.
    auto again = parsePrecomputedInfo(precomputedInfoToJson(*info));
    QVERIFY(again.ok());
    QCOMPARE(again->scales[1].size, info->scales[1].size);
    QCOMPARE(again->numChannels, channels);

    auto array = openPrecomputedArray(store, "", 2);
    QVERIFY(array.ok());
    const ArrayMeta& m = (*array)->meta();
    QCOMPARE(m.format, std::string("precomputed"));
    QCOMPARE(m.shape, (Shape{channels, 8, 5, 3}));
    QCOMPARE(m.chunkShape, (Shape{channels, 8, 5, 3}));
    QCOMPARE(m.dimensionNames, (std::vector<std::string>{"c", "z", "y", "x"}));
    const std::vector<std::int64_t> idx{0, 0, 0, 0};
    QCOMPARE((*array)->chunkKey(idx), std::string("12_16_20/0-3_0-5_0-8"));
    auto chunk = (*array)->readChunk(idx);  // the fixture has no chunk files
    QVERIFY(chunk.ok() && !chunk->has_value());
    QCOMPARE(openPrecomputedArray(store, "", 3).error().code, ErrorCode::NotFound);
  }

  void pngScaleIsUnsupported() {
    auto store = fixtureStore("webknossos_libs/simple_ng_dataset");
    auto info = readPrecomputedInfo(*store, "color");
    QVERIFY(info.ok());  // the info itself is fine
    QCOMPARE(info->numChannels, 3);
    QCOMPARE(info->scales[0].encoding, std::string("png"));
    auto array = openPrecomputedArray(store, "color", 0);
    QVERIFY(!array.ok());
    QCOMPARE(array.error().code, ErrorCode::Unsupported);
    QVERIFY2(array.error().message.find("'png'") != std::string::npos, array.error().message.c_str());
    QVERIFY2(array.error().message.find("color/1") != std::string::npos, array.error().message.c_str());
  }

  void shardedKvstoreVectors_data() {
    QTest::addColumn<QString>("dir");
    QTest::newRow("raw") << "precomputed_sharded_kvstore_raw";
    QTest::newRow("gzip") << "precomputed_sharded_kvstore_gzip";
  }
  void shardedKvstoreVectors() {
    QFETCH(QString, dir);
    const QString base = "derived_test_vectors/" + dir;
    auto sharding = parsePrecomputedSharding(readJson(base + "/sharding.json"));
    QVERIFY(sharding.ok());
    const auto expected = readJson(base + "/expected.json");
    PrecomputedShardReader reader(fixtureStore(base), "", *sharding);
    for (const auto& [id, values] : expected["entries"].items()) {
      const std::uint64_t chunkId = std::stoull(id);
      QCOMPARE(reader.shardKey(chunkId), std::string("0.shard"));
      QCOMPARE(locateShardedChunk(*sharding, chunkId).minishard, expected["minishard_of"][id].get<std::uint64_t>());
      auto bytes = reader.read(chunkId);
      QVERIFY2(bytes.ok(), bytes.ok() ? "" : bytes.error().message.c_str());
      QVERIFY(bytes->has_value());
      QByteArray want;
      for (const auto& v : values) want.append(char(v.get<int>()));
      QCOMPARE(**bytes, want);
      QCOMPARE(**reader.read(chunkId), want);  // second read: cached minishard index
    }
    for (std::uint64_t absent : {0ull, 1ull, 5ull, 9ull}) {
      auto bytes = reader.read(absent);
      QVERIFY(bytes.ok() && !bytes->has_value());
    }
    // Our encoder reproduces tensorstore's raw shard byte for byte; the gzip one round-trips.
    std::map<std::uint64_t, QByteArray> chunks{{2, bytesOf({1, 2, 3, 4})}, {8, bytesOf({6, 7, 8})}, {3, bytesOf({9, 10})}};
    auto encoded = encodePrecomputedShard(*sharding, chunks);
    QVERIFY(encoded.ok());
    if (!sharding->dataGzip) QCOMPARE(*encoded, readFile(formatsFixture(base + "/0.shard")));
    auto memory = std::make_shared<MemoryStore>();
    QVERIFY(memory->write("0.shard", *encoded).ok());
    PrecomputedShardReader own(memory, "", *sharding);
    for (const auto& [id, bytes] : chunks) QCOMPARE(**own.read(id), bytes);
  }

  void compressedMortonCodes() {
    const auto vectors = readJson("derived_test_vectors/compressed_morton_code.json");
    QVERIFY(vectors["examples"].size() >= 7);
    for (const auto& e : vectors["examples"]) {
      const Vec3i grid{e["grid_size"][0], e["grid_size"][1], e["grid_size"][2]};
      const Vec3i pos{e["grid_pos"][0], e["grid_pos"][1], e["grid_pos"][2]};
      QCOMPARE(compressedMortonCode(pos, grid), e["code"].get<std::uint64_t>());
    }
  }

  void murmurHashSharding() {
    const auto vectors = readJson("derived_test_vectors/murmurhash3_x86_128.json");
    PrecomputedSharding s;
    s.hash = PrecomputedSharding::Hash::MurmurHash3X86_128;
    s.minishardBits = 32;
    s.shardBits = 32;
    int checked = 0;
    for (const auto& v : vectors["vectors"]) {
      if (v["hashed_chunk_id_if_seed_0"].is_null()) continue;
      const std::uint64_t want = std::stoull(v["hashed_chunk_id_if_seed_0"].get<std::string>(), nullptr, 16);
      const ShardLocation loc = locateShardedChunk(s, v["key_uint64"].get<std::uint64_t>());
      QCOMPARE(loc.shard << 32 | loc.minishard, want);
      ++checked;
    }
    QCOMPARE(checked, 3);
    // preshift_bits drop low bits before hashing.
    s.preshiftBits = 3;
    QCOMPARE(locateShardedChunk(s, 42 << 3 | 5).minishard, std::uint64_t{0x5119f47a});
    s.hash = PrecomputedSharding::Hash::Identity;
    s.preshiftBits = 0;
    s.minishardBits = 2;
    s.shardBits = 3;
    QCOMPARE(locateShardedChunk(s, 0b110101).minishard, std::uint64_t{1});
    QCOMPARE(locateShardedChunk(s, 0b110101).shard, std::uint64_t{5});
    QCOMPARE(shardFileName(s, 5), std::string("5.shard"));
    s.shardBits = 9;
    QCOMPARE(shardFileName(s, 0x1a), std::string("01a.shard"));
    s.shardBits = 0;
    QCOMPARE(shardFileName(s, 0), std::string("0.shard"));
  }

  void rawRoundTripWithOffsetAndEdges() {
    auto store = std::make_shared<MemoryStore>();
    const Vec3i size{21, 10, 7};
    const PrecomputedInfo info = makeInfo(DataType::UInt16, 2, "raw", size, {8, 8, 4}, {100, -20, 3});
    auto writer = createPrecomputedArray(store, "vol", info, 0);
    QVERIFY2(writer.ok(), writer.ok() ? "" : writer.error().message.c_str());
    const QByteArray volume = makeVolume(size, 2, 2, [](auto c, auto z, auto y, auto x) { return c * 1000 + z * 100 + y * 10 + x; });
    Status st = writeVolume(**writer, volume);
    QVERIFY2(st.ok(), st.ok() ? "" : st.error().message.c_str());
    // Keys include voxel_offset; edge chunks are truncated: 21 = 8 + 8 + 5 along x.
    auto edge = store->read("vol/s0/116-121_-12--10_7-10");
    QVERIFY(edge.ok() && edge->has_value());
    QCOMPARE((*edge)->size(), qsizetype(5 * 2 * 3 * 2 * 2));
    QVERIFY(store->read("vol/info")->has_value());

    auto array = openPrecomputedArray(store, "vol", 0);
    QVERIFY(array.ok());
    QCOMPARE((*array)->meta().shape, (Shape{2, 7, 10, 21}));
    QCOMPARE(readBox(**array, {0, 0, 0, 0}, {2, 7, 10, 21}), volume);
  }

  void jpegRoundTrip_data() {
    QTest::addColumn<int>("channels");
    QTest::newRow("gray") << 1;
    QTest::newRow("rgb") << 3;
  }
  void jpegRoundTrip() {
    QFETCH(int, channels);
    auto store = std::make_shared<MemoryStore>();
    const Vec3i size{40, 24, 10};
    const PrecomputedInfo info = makeInfo(DataType::UInt8, channels, "jpeg", size, {32, 16, 8});
    auto writer = createPrecomputedArray(store, "vol", info, 0);
    QVERIFY(writer.ok());
    const QByteArray volume =
        makeVolume(size, channels, 1, [](auto c, auto z, auto y, auto x) { return 20 + c * 40 + x + y + z * 2; });
    QVERIFY(writeVolume(**writer, volume).ok());
    auto array = openPrecomputedArray(store, "vol", 0);
    QVERIFY(array.ok());
    const QByteArray back = readBox(**array, {0, 0, 0, 0}, {channels, 10, 24, 40});
    QCOMPARE(back.size(), volume.size());
    int worst = 0;
    double total = 0;
    for (qsizetype i = 0; i < back.size(); ++i) {
      const int d = std::abs(int(std::uint8_t(back[i])) - int(std::uint8_t(volume[i])));
      worst = std::max(worst, d);
      total += d;
    }
    QVERIFY2(worst <= 12, qPrintable(QString("max jpeg error %1").arg(worst)));
    QVERIFY2(total / back.size() < 2.0, qPrintable(QString("mean jpeg error %1").arg(total / back.size())));
  }

  void compressedSegmentationRoundTrip_data() {
    QTest::addColumn<int>("dtype");
    QTest::newRow("uint64 FIB-25") << int(DataType::UInt64);
    QTest::newRow("uint32") << int(DataType::UInt32);
  }
  void compressedSegmentationRoundTrip() {
    QFETCH(int, dtype);
    const QByteArray fib = readFile(formatsFixture("neuroglancer/compressed_segmentation/64x64x64-raw-uint64-segmentation.dat"));
    QCOMPARE(fib.size(), qsizetype(64 * 64 * 64 * 8));
    const auto* labels = reinterpret_cast<const std::uint64_t*>(fib.constData());
    const Vec3i size{60, 50, 45};  // crops the 64³ input so that edge chunks are truncated
    const std::size_t es = dataTypeSize(DataType(dtype));
    const QByteArray volume = makeVolume(size, 1, es, [&](auto, auto z, auto y, auto x) {
      const std::uint64_t v = labels[(z * 64 + y) * 64 + x];
      return es == 8 ? v : (v & 0xFFFFFFFFu);
    });
    auto store = std::make_shared<MemoryStore>();
    const PrecomputedInfo info = makeInfo(DataType(dtype), 1, "compressed_segmentation", size, {32, 32, 32});
    auto writer = createPrecomputedArray(store, "vol", info, 0);
    QVERIFY(writer.ok());
    Status st = writeVolume(**writer, volume);
    QVERIFY2(st.ok(), st.ok() ? "" : st.error().message.c_str());
    auto array = openPrecomputedArray(store, "vol", 0);
    QVERIFY(array.ok());
    QCOMPARE((*array)->meta().codecs["compressed_segmentation_block_size"], nlohmann::json({8, 8, 8}));
    QCOMPARE(readBox(**array, {0, 0, 0, 0}, {1, 45, 50, 60}), volume);
    // Compressed: much smaller than raw.
    auto first = store->read("vol/s0/0-32_0-32_0-32");
    QVERIFY(first.ok() && first->has_value());
    QVERIFY((*first)->size() < qsizetype(32 * 32 * 32 * es / 2));
  }

  void shardedScaleRoundTrip_data() {
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<int>("hash");
    QTest::addColumn<bool>("gzip");           // data_encoding gzip
    QTest::addColumn<bool>("indexGzip");      // minishard_index_encoding gzip
    QTest::addColumn<int>("preshift");
    const int identity = int(PrecomputedSharding::Hash::Identity), murmur = int(PrecomputedSharding::Hash::MurmurHash3X86_128);
    QTest::newRow("raw identity") << "raw" << identity << false << false << 0;
    QTest::newRow("raw murmur gzip") << "raw" << murmur << true << true << 1;
    QTest::newRow("cseg murmur gzip") << "compressed_segmentation" << murmur << true << true << 2;
    QTest::newRow("cseg identity raw") << "compressed_segmentation" << identity << false << false << 0;
    QTest::newRow("raw murmur, gzip index, raw data") << "raw" << murmur << false << true << 1;
    QTest::newRow("raw identity, raw index, gzip data") << "raw" << identity << true << false << 0;
  }
  void shardedScaleRoundTrip() {
    QFETCH(QString, encoding);
    QFETCH(int, hash);
    QFETCH(bool, gzip);
    QFETCH(bool, indexGzip);
    QFETCH(int, preshift);
    const Vec3i size{37, 29, 19};
    PrecomputedInfo info = makeInfo(DataType::UInt64, 1, encoding.toStdString(), size, {8, 8, 8}, {5, 6, 7});
    PrecomputedSharding s;
    s.hash = PrecomputedSharding::Hash(hash);
    s.preshiftBits = preshift;
    s.minishardBits = 2;
    s.shardBits = 2;
    s.dataGzip = gzip;
    s.minishardIndexGzip = indexGzip;
    info.scales[0].sharding = s;
    const QByteArray volume = makeVolume(size, 1, 8, [](auto, auto z, auto y, auto x) {
      return (std::uint64_t(1) << 40) + std::uint64_t(x / 3 + 100 * (y / 5) + 10000 * (z / 4));
    });
    auto store = std::make_shared<MemoryStore>();
    Status st = writeShardedScale(*store, info, volume);
    QVERIFY2(st.ok(), st.ok() ? "" : st.error().message.c_str());
    QVERIFY(store->objectCount() >= 3);  // info + several shards
    const auto written = nlohmann::json::parse((**store->read("vol/info")).toStdString());
    const auto& sharding = written["scales"][0]["sharding"];
    QCOMPARE(sharding.value("data_encoding", "raw"), std::string(gzip ? "gzip" : "raw"));
    QCOMPARE(sharding.value("minishard_index_encoding", "raw"), std::string(indexGzip ? "gzip" : "raw"));
    auto array = openPrecomputedArray(store, "vol", 0);
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    QVERIFY((*array)->meta().codecs.contains("sharding"));
    QCOMPARE(readBox(**array, {0, 0, 0, 0}, {1, 19, 29, 37}, 3), volume);
    QVERIFY(QString::fromStdString((*array)->chunkKey(std::vector<std::int64_t>{0, 1, 1, 1})).endsWith(".shard"));
    QCOMPARE(createPrecomputedArray(store, "vol", info, 0).error().code, ErrorCode::Unsupported);
  }

  void badChunksGiveClearErrors() {
    auto store = std::make_shared<MemoryStore>();
    const PrecomputedInfo info = makeInfo(DataType::UInt16, 1, "raw", {10, 10, 10}, {10, 10, 10});
    QVERIFY(writePrecomputedInfo(*store, "vol", info).ok());
    QVERIFY(store->write("vol/s0/0-10_0-10_0-10", QByteArray(1999, '\0')).ok());
    auto array = openPrecomputedArray(store, "vol", 0);
    QVERIFY(array.ok());
    const std::vector<std::int64_t> idx{0, 0, 0, 0};
    auto chunk = (*array)->readChunk(idx);
    QVERIFY(!chunk.ok());
    QCOMPARE(chunk.error().code, ErrorCode::InvalidData);
    QVERIFY2(chunk.error().message.find("vol/s0/0-10_0-10_0-10") != std::string::npos, chunk.error().message.c_str());
    QVERIFY2(chunk.error().message.find("expected 2000") != std::string::npos, chunk.error().message.c_str());
    const std::vector<std::int64_t> channel{1, 0, 0, 0}, outside{0, 1, 0, 0};
    QCOMPARE((*array)->readChunk(channel).error().code, ErrorCode::InvalidArgument);
    QCOMPARE((*array)->readChunk(outside).error().code, ErrorCode::InvalidArgument);

    // Corrupt jpeg and compressed_segmentation chunks.
    const PrecomputedInfo jpeg = makeInfo(DataType::UInt8, 1, "jpeg", {8, 8, 8}, {8, 8, 8});
    QVERIFY(writePrecomputedInfo(*store, "jpg", jpeg).ok());
    QVERIFY(store->write("jpg/s0/0-8_0-8_0-8", QByteArray("\xff\xd8 not really a jpeg")).ok());
    auto jpegArray = openPrecomputedArray(store, "jpg", 0);
    QVERIFY(jpegArray.ok());
    auto bad = (*jpegArray)->readChunk(idx);
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error().message.find("jpg/s0/0-8_0-8_0-8") != std::string::npos, bad.error().message.c_str());
    const PrecomputedInfo cseg = makeInfo(DataType::UInt32, 1, "compressed_segmentation", {8, 8, 8}, {8, 8, 8});
    QVERIFY(writePrecomputedInfo(*store, "seg", cseg).ok());
    QVERIFY(store->write("seg/s0/0-8_0-8_0-8", QByteArray("\x01\0\0\0\xff\xff\xff\x7f", 8)).ok());
    auto segArray = openPrecomputedArray(store, "seg", 0);
    QVERIFY(segArray.ok());
    bad = (*segArray)->readChunk(idx);
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error().message.find("seg/s0/0-8_0-8_0-8") != std::string::npos, bad.error().message.c_str());
  }

  void badShardsGiveClearErrors() {
    PrecomputedSharding s;
    s.minishardBits = 1;
    const QByteArray good = *encodePrecomputedShard(s, {{2, bytesOf({1, 2, 3, 4})}, {3, bytesOf({9, 10})}});
    auto readWith = [&](const QByteArray& shard, std::uint64_t id) {
      auto store = std::make_shared<MemoryStore>();
      (void)store->write("scale/0.shard", shard);
      PrecomputedShardReader reader(store, "scale", s);
      return reader.read(id);
    };
    QVERIFY(readWith(good, 2).ok());
    auto le64 = [](std::uint64_t v) {
      QByteArray b(8, '\0');
      for (int i = 0; i < 8; ++i) b[i] = char(v >> (8 * i));
      return b;
    };
    struct Case {
      const char* name;
      QByteArray shard;
      const char* phrase;
    };
    const Case cases[] = {
        {"index beyond the file", le64(0) + le64(5000) + good.mid(16), "outside the shard file"},
        {"index end before start", le64(40) + le64(8) + good.mid(16), "invalid range"},
        {"minishard index not 24n", le64(0) + le64(5) + good.mid(16), "multiple of 24"},
        {"shard shorter than its index", good.left(10), "too short"},
    };
    for (const Case& c : cases) {
      auto r = readWith(c.shard, 2);
      QVERIFY2(!r.ok() || !r->has_value() || **r != bytesOf({1, 2, 3, 4}), c.name);
      if (r.ok()) continue;
      QVERIFY2(r.error().message.find("scale/0.shard") != std::string::npos, (std::string(c.name) + ": " + r.error().message).c_str());
      QVERIFY2(r.error().message.find(c.phrase) != std::string::npos, (std::string(c.name) + ": " + r.error().message).c_str());
    }
    // A minishard index that points chunk data beyond the end of the file.
    QByteArray minishard = le64(2) + le64(0) + le64(1000);  // id 2, offset 0, size 1000
    QByteArray shard = le64(0) + le64(24) + le64(24) + le64(24) + minishard;
    auto r = readWith(shard, 2);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("outside the shard file") != std::string::npos, r.error().message.c_str());
    // Gzip encodings with corrupt bytes.
    s.minishardIndexGzip = true;
    r = readWith(le64(0) + le64(8) + le64(8) + le64(8) + QByteArray("garbage!"), 2);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("scale/0.shard") != std::string::npos, r.error().message.c_str());
  }

  void badInfoGivesClearErrors_data() {
    QTest::addColumn<QByteArray>("info");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("phrase");
    auto scale = [](nlohmann::json extra) {
      nlohmann::json s{{"key", "s0"}, {"size", {8, 8, 8}}, {"resolution", {1, 1, 1}}, {"chunk_sizes", {{8, 8, 8}}},
                       {"encoding", "raw"}};
      if (extra.is_object()) s.update(extra);
      return s;
    };
    auto info = [&](nlohmann::json s, nlohmann::json top = nlohmann::json::object()) {
      nlohmann::json j{{"@type", "neuroglancer_multiscale_volume"}, {"type", "image"}, {"data_type", "uint8"},
                       {"num_channels", 1}, {"scales", {s}}};
      if (top.is_object()) j.update(top);
      return QByteArray::fromStdString(j.dump());
    };
    QTest::newRow("not json") << QByteArray("[1,") << int(ErrorCode::InvalidData) << "JSON";
    QTest::newRow("no scales") << info(scale({}), {{"scales", nlohmann::json::array()}}) << int(ErrorCode::InvalidData) << "scales";
    QTest::newRow("bad data type") << info(scale({}), {{"data_type", "complex64"}}) << int(ErrorCode::Unsupported) << "data_type";
    QTest::newRow("zero channels") << info(scale({}), {{"num_channels", 0}}) << int(ErrorCode::InvalidData) << "num_channels";
    QTest::newRow("zero chunk") << info(scale({{"chunk_sizes", {{8, 0, 8}}}})) << int(ErrorCode::InvalidData) << "chunk_sizes";
    QTest::newRow("huge chunks") << info(scale({{"chunk_sizes", {{1024, 1024, 1024}}}}), {{"data_type", "uint64"}})
                                 << int(ErrorCode::InvalidData) << "larger than 2 GiB";
    QTest::newRow("size rank") << info(scale({{"size", {8, 8}}})) << int(ErrorCode::InvalidData) << "size";
    QTest::newRow("no key") << info(scale({{"key", ""}})) << int(ErrorCode::InvalidData) << "key";
    QTest::newRow("cseg without block") << info(scale({{"encoding", "compressed_segmentation"}}))
                                        << int(ErrorCode::InvalidData) << "compressed_segmentation_block_size";
    QTest::newRow("sharding type") << info(scale({{"sharding", {{"@type", "zarr"}}}})) << int(ErrorCode::Unsupported)
                                   << "neuroglancer_uint64_sharded_v1";
    QTest::newRow("sharding hash")
        << info(scale({{"sharding", {{"@type", "neuroglancer_uint64_sharded_v1"}, {"preshift_bits", 0}, {"hash", "md5"},
                                     {"minishard_bits", 1}, {"shard_bits", 0}}}}))
        << int(ErrorCode::Unsupported) << "md5";
    QTest::newRow("sharding bits")
        << info(scale({{"sharding", {{"@type", "neuroglancer_uint64_sharded_v1"}, {"preshift_bits", 0},
                                     {"hash", "identity"}, {"minishard_bits", 40}, {"shard_bits", 0}}}}))
        << int(ErrorCode::InvalidData) << "minishard_bits";
    QTest::newRow("sharded with two chunk sizes")
        << info(scale({{"chunk_sizes", {{8, 8, 8}, {4, 4, 4}}},
                       {"sharding", {{"@type", "neuroglancer_uint64_sharded_v1"}, {"preshift_bits", 0},
                                     {"hash", "identity"}, {"minishard_bits", 1}, {"shard_bits", 0}}}}))
        << int(ErrorCode::InvalidData) << "exactly one chunk size";
    QTest::newRow("jpeg uint16") << info(scale({{"encoding", "jpeg"}}), {{"data_type", "uint16"}})
                                 << int(ErrorCode::Unsupported) << "jpeg";
    QTest::newRow("compresso") << info(scale({{"encoding", "compresso"}})) << int(ErrorCode::Unsupported) << "compresso";
  }
  void badInfoGivesClearErrors() {
    QFETCH(QByteArray, info);
    QFETCH(int, code);
    QFETCH(QString, phrase);
    auto store = std::make_shared<MemoryStore>();
    QVERIFY(store->write("ds/info", info).ok());
    auto array = openPrecomputedArray(store, "ds", 0);
    QVERIFY(!array.ok());
    QCOMPARE(int(array.error().code), code);
    QVERIFY2(array.error().message.find("ds/") != std::string::npos, array.error().message.c_str());
    QVERIFY2(array.error().message.find(phrase.toStdString()) != std::string::npos, array.error().message.c_str());
    QCOMPARE(openPrecomputedArray(store, "missing", 0).error().code, ErrorCode::NotFound);
  }
};

QTEST_GUILESS_MAIN(TestPrecomputed)
#include "tst_precomputed.moc"
