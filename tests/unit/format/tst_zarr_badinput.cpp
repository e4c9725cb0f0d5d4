// Malformed Zarr metadata and corrupt chunks/shards: clear errors that name the key, never a
// crash (this test also runs under ASan+UBSan).

#include <QRandomGenerator>
#include <QtTest>

#include "core/format/Zarr2Array.h"
#include "core/format/Zarr2Writer.h"
#include "core/format/Zarr3Array.h"
#include "core/format/Zarr3ShardIndex.h"
#include "core/format/Zarr3Writer.h"
#include "tests/unit/format/ZarrTestUtil.h"

using namespace skein;
using namespace skein::test;

namespace {

QString text(const Error& e) { return QString::fromStdString(e.message); }

nlohmann::json validZarrJson() {
  return {{"zarr_format", 3},
          {"node_type", "array"},
          {"shape", {4, 4}},
          {"data_type", "uint16"},
          {"chunk_grid", {{"name", "regular"}, {"configuration", {{"chunk_shape", {2, 2}}}}}},
          {"chunk_key_encoding", {{"name", "default"}}},
          {"fill_value", 0},
          {"codecs", {{{"name", "bytes"}, {"configuration", {{"endian", "little"}}}}}}};
}

Result<std::shared_ptr<ChunkedArray>> openV3(const nlohmann::json& doc) {
  auto store = std::make_shared<MemoryStore>();
  (void)store->write("a/zarr.json", QByteArray::fromStdString(doc.dump()));
  return openZarr3Array(store, "a");
}

nlohmann::json validZarray() {
  return {{"zarr_format", 2}, {"shape", {4, 4}}, {"chunks", {2, 2}}, {"dtype", "<u2"},
          {"compressor", nullptr}, {"fill_value", 0}, {"order", "C"}, {"filters", nullptr}};
}

// A 4x4 uint16 array with every chunk written, in a memory store.
std::shared_ptr<MemoryStore> writeV3(const Zarr3CreateOptions& o) {
  auto store = std::make_shared<MemoryStore>();
  auto writer = createZarr3Array(store, "a", o);
  if (!writer.ok()) return nullptr;
  const Shape unit = (*writer)->writeUnitShape();
  QByteArray data(static_cast<qsizetype>(unit[0] * unit[1] * 2), '\x11');
  for (std::int64_t i = 0; i < 4 / unit[0]; ++i)
    for (std::int64_t j = 0; j < 4 / unit[1]; ++j)
      if (!(*writer)->writeUnit(Shape{i, j}, data).ok()) return nullptr;
  return store;
}

Zarr3CreateOptions shardedOptions() {
  Zarr3CreateOptions o;
  o.shape = {4, 4};
  o.dtype = DataType::UInt16;
  o.chunkShape = {1, 2};
  o.shardShape = {2, 4};
  o.compression = Zarr3CreateOptions::Compression::Gzip;
  return o;
}

}  // namespace

class TestZarrBadInput : public QObject {
  Q_OBJECT
 private slots:
  void v3MetadataErrors_data() {
    QTest::addColumn<QString>("mutation");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const int invalid = int(ErrorCode::InvalidData), unsupported = int(ErrorCode::Unsupported);
    QTest::newRow("rank") << "rank" << invalid << "chunk_shape has 3 dimensions but shape has 2";
    QTest::newRow("shard divisibility") << "shard" << invalid << "is not divisible by the inner chunk shape";
    QTest::newRow("unknown codec") << "codec" << unsupported << "the codec \"fancy\" is not supported";
    QTest::newRow("complex dtype") << "complex" << unsupported << "complex64";
    QTest::newRow("string dtype") << "string" << unsupported << "\"string\"";
    QTest::newRow("missing endian") << "endian" << invalid << "needs \"endian\"";
    QTest::newRow("zarr_format") << "format" << invalid << "zarr_format must be 3";
    QTest::newRow("group") << "group" << int(ErrorCode::InvalidArgument) << "not an array";
    QTest::newRow("unknown field") << "field" << unsupported << "\"extra\"";
    QTest::newRow("storage transformer") << "transformer" << unsupported << "storage_transformers";
    QTest::newRow("fill range") << "fill" << invalid << "does not fit uint16";
    QTest::newRow("transpose perm") << "transpose" << invalid << "not a permutation";
    QTest::newRow("codec order") << "order" << invalid << "out of order";
    QTest::newRow("no array to bytes") << "noarraytobytes" << invalid << "no array to bytes codec";
    QTest::newRow("dimension names") << "dimnames" << invalid << "dimension_names has 1 entries";
    QTest::newRow("missing fill") << "nofill" << invalid << "\"fill_value\" is missing";
    QTest::newRow("negative shape") << "negative" << invalid << "shape has the element -4";
    QTest::newRow("index codec") << "indexcodec" << unsupported << "index codec \"gzip\"";
    QTest::newRow("key encoding") << "keyenc" << unsupported << "chunk_key_encoding \"weird\"";
    QTest::newRow("huge chunk") << "hugechunk" << unsupported << "larger than the limit";
    QTest::newRow("huge shard") << "hugeshard" << unsupported << "exceed the limit";
  }
  void v3MetadataErrors() {
    QFETCH(QString, mutation);
    QFETCH(int, code);
    QFETCH(QString, message);
    nlohmann::json doc = validZarrJson();
    const nlohmann::json sharding = {{"name", "sharding_indexed"},
                                     {"configuration",
                                      {{"chunk_shape", {2, 2}},
                                       {"codecs", {{{"name", "bytes"}, {"configuration", {{"endian", "little"}}}}}},
                                       {"index_codecs", {{{"name", "bytes"}, {"configuration", {{"endian", "little"}}}}}}}}};
    if (mutation == "rank") doc["chunk_grid"]["configuration"]["chunk_shape"] = {2, 2, 2};
    if (mutation == "shard") {
      doc["codecs"] = {sharding};
      doc["chunk_grid"]["configuration"]["chunk_shape"] = {3, 4};
    }
    if (mutation == "codec") doc["codecs"].push_back({{"name", "fancy"}});
    if (mutation == "complex") doc["data_type"] = "complex64";
    if (mutation == "string") doc["data_type"] = "string";
    if (mutation == "endian") doc["codecs"] = {{{"name", "bytes"}}};
    if (mutation == "format") doc["zarr_format"] = 2;
    if (mutation == "group") doc["node_type"] = "group";
    if (mutation == "field") doc["extra"] = 1;
    if (mutation == "transformer") doc["storage_transformers"] = {{{"name", "x"}}};
    if (mutation == "fill") doc["fill_value"] = 70000;
    if (mutation == "transpose") doc["codecs"].insert(doc["codecs"].begin(), nlohmann::json::object({{"name", "transpose"}, {"configuration", {{"order", {0, 0}}}}}));
    if (mutation == "order") doc["codecs"].insert(doc["codecs"].begin(), nlohmann::json::object({{"name", "gzip"}}));
    if (mutation == "noarraytobytes")
      doc["codecs"] = nlohmann::json::array({{{"name", "transpose"}, {"configuration", {{"order", {1, 0}}}}}});
    if (mutation == "dimnames") doc["dimension_names"] = {"x"};
    if (mutation == "nofill") doc.erase("fill_value");
    if (mutation == "negative") doc["shape"] = {-4, 4};
    if (mutation == "indexcodec") {
      nlohmann::json s = sharding;
      s["configuration"]["index_codecs"] = {{{"name", "gzip"}}};
      doc["codecs"] = {s};
    }
    if (mutation == "keyenc") doc["chunk_key_encoding"] = {{"name", "weird"}};
    if (mutation == "hugechunk") doc["chunk_grid"]["configuration"]["chunk_shape"] = {std::int64_t(1) << 40, std::int64_t(1) << 40};
    if (mutation == "hugeshard") {
      nlohmann::json s = sharding;
      s["configuration"]["chunk_shape"] = {1, 1};
      doc["codecs"] = {s};
      doc["chunk_grid"]["configuration"]["chunk_shape"] = {std::int64_t(1) << 40, std::int64_t(1) << 40};
    }
    auto r = openV3(doc);
    QVERIFY(!r.ok());
    QCOMPARE(int(r.error().code), code);
    QVERIFY2(text(r.error()).contains(message), qPrintable(text(r.error())));
    QVERIFY2(text(r.error()).contains("a/zarr.json"), qPrintable(text(r.error())));
  }

  void v3LenientMetadata() {
    nlohmann::json doc = validZarrJson();
    doc["codecs"].push_back({{"name", "fancy"}, {"must_understand", false}});
    doc["extension"] = {{"must_understand", false}};
    doc["dimension_names"] = nullptr;
    doc["fill_value"] = "0x0007";
    doc["data_type"] = "float16";
    auto r = openV3(doc);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE((*r)->meta().fillValue, QByteArray("\x07\x00", 2));
    QVERIFY((*r)->meta().dimensionNames.empty());
  }

  void v3MalformedJson() {
    auto store = std::make_shared<MemoryStore>();
    QVERIFY(store->write("a/zarr.json", "{\"zarr_format\": 3,").ok());
    auto r = openZarr3Array(store, "a");
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::InvalidData);
    QVERIFY2(text(r.error()).contains("a/zarr.json") && text(r.error()).contains("not valid JSON"),
             qPrintable(text(r.error())));
    auto missing = openZarr3Array(store, "b");
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
  }

  void v3UnsupportedFixtures_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("message");
    QTest::newRow("vlen string") << "1d.contiguous.string.vlen" << "\"string\"";
    QTest::newRow("delta") << "1d.contiguous.delta.i4" << "delta";
  }
  void v3UnsupportedFixtures() {
    QFETCH(QString, key);
    QFETCH(QString, message);
    auto r = openZarr3Array(fixtureStore("formats/zarrita_js/v3/data.zarr"), key.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Unsupported);
    QVERIFY2(text(r.error()).contains(message), qPrintable(text(r.error())));
  }

  void v2MetadataErrors_data() {
    QTest::addColumn<QString>("mutation");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const int invalid = int(ErrorCode::InvalidData), unsupported = int(ErrorCode::Unsupported);
    QTest::newRow("rank") << "rank" << invalid << "chunks has 1 dimensions but shape has 2";
    QTest::newRow("complex") << "complex" << unsupported << "\"<c8\" (complex)";
    QTest::newRow("structured") << "structured" << unsupported << "structured";
    QTest::newRow("compressor") << "compressor" << unsupported << "compressor \"bz2\"";
    QTest::newRow("filters") << "filters" << unsupported << "filters (delta)";
    QTest::newRow("order") << "order" << invalid << "order must be";
    QTest::newRow("fill") << "fill" << invalid << "fill_value \"NaN\" is not a valid uint16";
    QTest::newRow("dtype") << "dtype" << invalid << "not a NumPy typestr";
    QTest::newRow("huge chunk") << "hugechunk" << unsupported << "larger than the limit";
    QTest::newRow("float128") << "f16" << unsupported << "float of 16 bytes";
  }
  void v2MetadataErrors() {
    QFETCH(QString, mutation);
    QFETCH(int, code);
    QFETCH(QString, message);
    nlohmann::json z = validZarray();
    if (mutation == "rank") z["chunks"] = {2};
    if (mutation == "complex") z["dtype"] = "<c8";
    if (mutation == "structured") z["dtype"] = nlohmann::json::array({nlohmann::json::array({"a", "<u2"})});
    if (mutation == "compressor") z["compressor"] = {{"id", "bz2"}};
    if (mutation == "filters") z["filters"] = {{{"id", "delta"}, {"dtype", "<u2"}}};
    if (mutation == "order") z["order"] = "K";
    if (mutation == "fill") z["fill_value"] = "NaN";
    if (mutation == "dtype") z["dtype"] = "uint16";
    if (mutation == "hugechunk") z["chunks"] = {std::int64_t(1) << 62, 4};
    if (mutation == "f16") z["dtype"] = "<f16";
    auto store = std::make_shared<MemoryStore>();
    QVERIFY(store->write("x/.zarray", QByteArray::fromStdString(z.dump())).ok());
    auto r = openZarr2Array(store, "x");
    QVERIFY(!r.ok());
    QCOMPARE(int(r.error().code), code);
    QVERIFY2(text(r.error()).contains(message), qPrintable(text(r.error())));
    QVERIFY2(text(r.error()).contains("x/.zarray"), qPrintable(text(r.error())));
  }

  void v2UnsupportedFixtureDtypes_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("dtype");
    QTest::newRow("S7") << "1d.contiguous.S7" << "|S7";
    QTest::newRow("U13") << "1d.contiguous.U13.be" << ">U13";
    QTest::newRow("O") << "3d.chunked.O" << "|O";
  }
  void v2UnsupportedFixtureDtypes() {
    QFETCH(QString, key);
    QFETCH(QString, dtype);
    auto r = openZarr2Array(fixtureStore("formats/zarrita_js/v2/data.zarr"), key.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Unsupported);
    QVERIFY2(text(r.error()).contains(dtype), qPrintable(text(r.error())));
  }

  void v2CorruptChunks() {
    auto store = std::make_shared<MemoryStore>();
    Zarr2CreateOptions o;
    o.shape = {4, 4};
    o.chunks = {2, 2};
    o.dtype = DataType::UInt16;
    auto writer = createZarr2Array(store, "b", o);
    QVERIFY(writer.ok());
    QVERIFY((*writer)->writeUnit(Shape{0, 1}, QByteArray(8, '\x05')).ok());
    auto array = openZarr2Array(store, "b");
    QVERIFY(array.ok());
    auto good = store->read("b/0.1");
    QVERIFY(good.ok() && good->has_value());
    // Truncated blosc frame.
    QVERIFY(store->write("b/0.1", (*good)->left((*good)->size() - 3)).ok());
    auto r = (*array)->readChunk(Shape{0, 1});
    QVERIFY(!r.ok());
    QVERIFY2(text(r.error()).contains("b/0.1"), qPrintable(text(r.error())));
    // Random garbage.
    QVERIFY(store->write("b/0.1", QByteArray("not a blosc frame at all")).ok());
    r = (*array)->readChunk(Shape{0, 1});
    QVERIFY(!r.ok());
    QVERIFY2(text(r.error()).contains("b/0.1"), qPrintable(text(r.error())));
    // Raw chunk of the wrong size.
    nlohmann::json z = validZarray();
    QVERIFY(store->write("raw/.zarray", QByteArray::fromStdString(z.dump())).ok());
    QVERIFY(store->write("raw/1.1", QByteArray(7, '\0')).ok());
    auto raw = openZarr2Array(store, "raw");
    QVERIFY(raw.ok());
    r = (*raw)->readChunk(Shape{1, 1});
    QVERIFY(!r.ok());
    QVERIFY2(text(r.error()).contains("raw/1.1") && text(r.error()).contains("7 bytes, expected 8"),
             qPrintable(text(r.error())));
  }

  void v3ChunkCrcMismatch() {
    Zarr3CreateOptions o;
    o.shape = {4, 4};
    o.dtype = DataType::UInt16;
    o.chunkShape = {2, 2};
    o.chunkCrc32c = true;
    auto store = writeV3(o);
    QVERIFY(store);
    auto chunk = store->read("a/c/0/1");
    QVERIFY(chunk.ok() && chunk->has_value());
    QByteArray bad = **chunk;
    bad[0] = char(bad[0] ^ 0x40);
    QVERIFY(store->write("a/c/0/1", bad).ok());
    auto array = openZarr3Array(store, "a");
    QVERIFY(array.ok());
    auto r = (*array)->readChunk(Shape{0, 1});
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::InvalidData);
    QVERIFY2(text(r.error()).startsWith("memory:a/c/0/1: crc32c mismatch"), qPrintable(text(r.error())));
    QVERIFY2(text(r.error()).contains("crc32c mismatch"), qPrintable(text(r.error())));
    // Truncated below the checksum size.
    QVERIFY(store->write("a/c/0/1", QByteArray(2, '\0')).ok());
    r = (*array)->readChunk(Shape{0, 1});
    QVERIFY(!r.ok());
  }

  void shardIndexOutsideShard() {
    auto store = writeV3(shardedOptions());
    QVERIFY(store);
    auto shard = store->read("a/c/0/0");
    QVERIFY(shard.ok() && shard->has_value());
    // 4 inner chunks; replace entry 3 with (9000, 100) and fix up the crc.
    const qsizetype indexSize = 4 * 16 + 4;
    const QByteArray body = (*shard)->left((*shard)->size() - indexSize);
    zarr::ShardingConfig cfg;
    cfg.indexCrc32c = true;
    auto index = zarr::decodeShardIndex((*shard)->right(indexSize), 4, cfg);
    QVERIFY(index.ok());
    index->entries[6] = 9000;
    index->entries[7] = 100;
    const QByteArray badShard = body + zarr::encodeShardIndex(*index, cfg);
    QVERIFY(store->write("a/c/0/0", badShard).ok());
    auto array = openZarr3Array(store, "a");
    QVERIFY(array.ok());
    auto ok = (*array)->readChunk(Shape{0, 0});  // entry 0 is still fine
    QVERIFY(ok.ok() && ok->has_value());
    auto r = (*array)->readChunk(Shape{1, 1});  // entry 3
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::InvalidData);
    const QString expected = QString("shard memory:a/c/0/0 index entry 3 points to bytes 9000-9100 beyond the shard size %1")
                                 .arg(badShard.size());
    QVERIFY2(text(r.error()).contains(expected), qPrintable(text(r.error())));
  }

  void shardIndexTruncatedOrCorrupt() {
    auto store = writeV3(shardedOptions());
    QVERIFY(store);
    auto shard = store->read("a/c/0/0");
    QVERIFY(shard.ok() && shard->has_value());
    // Shorter than its index.
    QVERIFY(store->write("a/c/0/0", (*shard)->right(20)).ok());
    auto array = openZarr3Array(store, "a");
    QVERIFY(array.ok());
    auto r = (*array)->readChunk(Shape{0, 0});
    QVERIFY(!r.ok());
    QVERIFY2(text(r.error()).contains("shard memory:a/c/0/0 index is truncated: expected 68 bytes"), qPrintable(text(r.error())));
    // Index bytes flipped: crc mismatch.
    QByteArray flipped = **shard;
    flipped[flipped.size() - 10] = char(flipped[flipped.size() - 10] ^ 1);
    QVERIFY(store->write("a/c/0/0", flipped).ok());
    array = openZarr3Array(store, "a");
    QVERIFY(array.ok());
    r = (*array)->readChunk(Shape{0, 0});
    QVERIFY(!r.ok());
    QVERIFY2(text(r.error()).contains("a/c/0/0") && text(r.error()).contains("crc32c mismatch"),
             qPrintable(text(r.error())));
    // Inner chunk bytes corrupted: gzip error naming the inner chunk.
    QByteArray corruptChunk = **shard;
    for (int i = 0; i < 8; ++i) corruptChunk[i] = 'X';
    QVERIFY(store->write("a/c/0/0", corruptChunk).ok());
    array = openZarr3Array(store, "a");
    QVERIFY(array.ok());
    r = (*array)->readChunk(Shape{0, 0});
    QVERIFY(!r.ok());
    QVERIFY2(text(r.error()).contains("shard memory:a/c/0/0, inner chunk 0"), qPrintable(text(r.error())));
  }

  void shardHalfEmptyEntry() {
    auto store = writeV3(shardedOptions());
    QVERIFY(store);
    auto shard = store->read("a/c/1/0");
    QVERIFY(shard.ok() && shard->has_value());
    zarr::ShardingConfig cfg;
    cfg.indexCrc32c = true;
    auto index = zarr::decodeShardIndex((*shard)->right(68), 4, cfg);
    QVERIFY(index.ok());
    index->entries[0] = zarr::ShardIndex::kEmpty;
    QVERIFY(store->write("a/c/1/0", (*shard)->left((*shard)->size() - 68) + zarr::encodeShardIndex(*index, cfg)).ok());
    auto array = openZarr3Array(store, "a");
    QVERIFY(array.ok());
    auto r = (*array)->readChunk(Shape{2, 0});
    QVERIFY(!r.ok());
    QVERIFY2(text(r.error()).contains("half empty"), qPrintable(text(r.error())));
  }

  // Random corruption of shards and chunks must give errors or data, never a crash.
  void randomCorruptionNeverCrashes() {
    QRandomGenerator rng(1234);
    for (bool sharded : {true, false}) {
      Zarr3CreateOptions o = shardedOptions();
      o.compression = Zarr3CreateOptions::Compression::Zstd;
      if (!sharded) o.shardShape.clear();
      auto store = writeV3(o);
      QVERIFY(store);
      const std::string key = "a/c/0/0";
      auto original = store->read(key);
      QVERIFY(original.ok() && original->has_value());
      int errors = 0;
      for (int round = 0; round < 300; ++round) {
        QByteArray bytes = **original;
        const int flips = 1 + int(rng.bounded(4));
        for (int f = 0; f < flips; ++f) bytes[int(rng.bounded(bytes.size()))] = char(rng.bounded(256));
        if (round % 5 == 0) bytes.truncate(int(rng.bounded(bytes.size())));
        QVERIFY(store->write(key, bytes).ok());
        auto array = openZarr3Array(store, "a");
        QVERIFY(array.ok());
        auto data = readWholeArray(**array);
        if (!data.ok()) ++errors;
      }
      QVERIFY(errors > 0);
    }
  }
};

QTEST_GUILESS_MAIN(TestZarrBadInput)
#include "tst_zarr_badinput.moc"
