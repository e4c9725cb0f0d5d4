// Conversion of chunks in any axis order into x-fastest bricks (core/stream/BrickReader).

#include <QtTest>

#include <cstring>

#include "FakeArray.h"
#include "core/stream/BrickReader.h"

using namespace skein;
using namespace skein::test;

namespace {

// The value every test array stores at (c, x, y, z): unique per voxel and channel.
std::uint64_t code(std::int64_t c, std::int64_t x, std::int64_t y, std::int64_t z) {
  return static_cast<std::uint64_t>(x + 100 * y + 10000 * z + 1000000 * c);
}

// A value function for an array whose dimensions map to x, y, z, c as `axes` says.
FakeArray::ValueFn valuesFor(AxisMap axes) {
  return [axes](const Index& e) { return code(axes.c >= 0 ? e[axes.c] : 0, e[axes.x], e[axes.y], e[axes.z]); };
}

std::uint64_t element(const Brick& b, int c, std::int64_t x, std::int64_t y, std::int64_t z) {
  const std::size_t es = dataTypeSize(b.dtype);
  const std::int64_t i = ((c * b.extent.z + z) * b.extent.y + y) * b.extent.x + x;
  std::uint64_t v = 0;
  std::memcpy(&v, b.data.constData() + i * static_cast<std::int64_t>(es), es);
  return v;
}

// Every voxel of the brick holds code(c, global x, y, z) inside the array and 0 (fill) outside.
bool brickMatches(const Brick& b, std::uint64_t mask, QString* why) {
  for (int c = 0; c < b.channels; ++c)
    for (std::int64_t z = 0; z < b.extent.z; ++z)
      for (std::int64_t y = 0; y < b.extent.y; ++y)
        for (std::int64_t x = 0; x < b.extent.x; ++x) {
          const bool inside = x < b.validExtent.x && y < b.validExtent.y && z < b.validExtent.z;
          const std::uint64_t want =
              inside ? code(c, b.origin.x + x, b.origin.y + y, b.origin.z + z) & mask : 0;
          const std::uint64_t got = element(b, c, x, y, z);
          if (got != want) {
            *why = QString("c=%1 x=%2 y=%3 z=%4: got %5, want %6").arg(c).arg(x).arg(y).arg(z).arg(got).arg(want);
            return false;
          }
        }
  return true;
}

BrickPtr read(const FakeArray& array, AxisMap axes, Vec3i grid) {
  auto r = readBrick(array, axes, BrickKey{"layer", 0, grid});
  if (!r.ok()) qWarning() << QString::fromStdString(r.error().message);
  return r.ok() ? *r : nullptr;
}

}  // namespace

class TestBrick : public QObject {
  Q_OBJECT
 private slots:
  void webknossosZarrCxyz() {
    // webKnossos Zarr: [c, x, y, z], z fastest in memory; 2 channels in one chunk.
    const AxisMap axes{1, 2, 3, 0};
    FakeArray a(makeMeta({2, 40, 30, 20}, {2, 16, 8, 4}, DataType::UInt32));
    a.setValues(valuesFor(axes));
    BrickPtr b = read(a, axes, {1, 2, 3});
    QVERIFY(b);
    QCOMPARE(b->extent, (Vec3i{16, 8, 4}));
    QCOMPARE(b->origin, (Vec3i{16, 16, 12}));
    QCOMPARE(b->validExtent, (Vec3i{16, 8, 4}));
    QCOMPARE(b->channels, 2);
    QCOMPARE(b->data.size(), 2 * 16 * 8 * 4 * 4);
    QString why;
    QVERIFY2(brickMatches(*b, 0xffffffffu, &why), qPrintable(why));
    QCOMPARE(a.log().size(), std::size_t{1});
  }

  void wkwZyxc() {
    // WKW: [z, y, x, c], channels interleaved per voxel (uint24 RGB = 3 × uint8).
    const AxisMap axes{2, 1, 0, 3};
    FakeArray a(makeMeta({8, 8, 8, 3}, {8, 8, 8, 3}, DataType::UInt8));
    a.setValues(valuesFor(axes));
    BrickPtr b = read(a, axes, {0, 0, 0});
    QVERIFY(b);
    QCOMPARE(b->channels, 3);
    QString why;
    QVERIFY2(brickMatches(*b, 0xff, &why), qPrintable(why));
  }

  void plainZyxAndEdgeBrick() {
    // [z, y, x] with a partial edge chunk: validExtent is clipped, the rest is fill.
    const AxisMap axes{2, 1, 0, -1};
    FakeArray a(makeMeta({10, 20, 37}, {4, 8, 16}, DataType::UInt16));
    a.setValues([axes](const Index& e) {
      // The array has no data outside its shape: the format delivers the fill value there.
      if (e[0] >= 10 || e[1] >= 20 || e[2] >= 37) return std::uint64_t{0};
      return code(0, e[axes.x], e[axes.y], e[axes.z]);
    });
    BrickPtr b = read(a, axes, {2, 2, 2});
    QVERIFY(b);
    QCOMPARE(b->channels, 1);
    QCOMPARE(b->origin, (Vec3i{32, 16, 8}));
    QCOMPARE(b->validExtent, (Vec3i{5, 4, 2}));
    QString why;
    QVERIFY2(brickMatches(*b, 0xffff, &why), qPrintable(why));
  }

  void multiChannelSplitAcrossChunks() {
    // OME-NGFF style [c, z, y, x] with one channel per chunk: a brick gathers 3 chunks.
    const AxisMap axes{3, 2, 1, 0};
    FakeArray a(makeMeta({3, 8, 8, 8}, {1, 4, 4, 4}, DataType::UInt32));
    a.setValues(valuesFor(axes));
    BrickPtr b = read(a, axes, {1, 0, 1});
    QVERIFY(b);
    QCOMPARE(b->channels, 3);
    QCOMPARE(a.log().size(), std::size_t{3});
    QString why;
    QVERIFY2(brickMatches(*b, 0xffffffffu, &why), qPrintable(why));
    QVERIFY(b->channelData(2) != nullptr);
    QVERIFY(b->channelData(3) == nullptr);
  }

  void timeAxisReadAtZero() {
    // [t, c, z, y, x]: time is read at index 0.
    const AxisMap axes{4, 3, 2, 1};
    FakeArray a(makeMeta({5, 2, 4, 4, 4}, {1, 2, 4, 4, 4}, DataType::UInt32));
    a.setValues([axes](const Index& e) { return e[0] == 0 ? code(e[1], e[4], e[3], e[2]) : std::uint64_t{7}; });
    BrickPtr b = read(a, axes, {0, 0, 0});
    QVERIFY(b);
    QCOMPARE(a.log().snapshot().front().second, (Index{0, 0, 0, 0, 0}));
    QString why;
    QVERIFY2(brickMatches(*b, 0xffffffffu, &why), qPrintable(why));
  }

  void absentChunks() {
    const AxisMap axes{3, 2, 1, 0};
    FakeArray a(makeMeta({2, 4, 4, 4}, {1, 4, 4, 4}, DataType::UInt8));
    a.setValues(valuesFor(axes));
    // Channel 1 absent: filled with the fill value, the brick itself is present.
    a.setHandler([](const Index& idx, const CancelToken&) -> std::optional<FakeArray::Read> {
      if (idx[0] == 1) return FakeArray::Read(std::optional<QByteArray>());
      return std::nullopt;
    });
    BrickPtr partial = read(a, axes, {0, 0, 0});
    QVERIFY(partial);
    QVERIFY(!partial->absent);
    QCOMPARE(element(*partial, 1, 3, 2, 1), std::uint64_t{0});
    QCOMPARE(element(*partial, 0, 3, 2, 1), code(0, 3, 2, 1) & 0xff);

    FakeArray none(makeMeta({4, 4, 4}, {4, 4, 4}, DataType::UInt8));
    none.setHandler([](const Index&, const CancelToken&) -> std::optional<FakeArray::Read> {
      return FakeArray::Read(std::optional<QByteArray>());
    });
    BrickPtr absent = read(none, {2, 1, 0, -1}, {0, 0, 0});
    QVERIFY(absent);
    QVERIFY(absent->absent);
    QVERIFY(absent->data.isEmpty());
    QCOMPARE(absent->byteSize(), Brick::kOverheadBytes);
    QVERIFY(absent->channelData(0) == nullptr);
  }

  void errorsAreValues() {
    FakeArray a(makeMeta({8, 8, 8}, {4, 4, 4}, DataType::UInt8));
    // Axis map that names a dimension twice or does not fit.
    QVERIFY(!readBrick(a, {0, 0, 1, -1}, BrickKey{"l", 0, {0, 0, 0}}).ok());
    QVERIFY(!readBrick(a, {0, 1, 5, -1}, BrickKey{"l", 0, {0, 0, 0}}).ok());
    // Outside the chunk grid.
    auto outside = readBrick(a, {2, 1, 0, -1}, BrickKey{"l", 0, {2, 0, 0}});
    QVERIFY(!outside.ok());
    QVERIFY(outside.error().message.find("outside the chunk grid") != std::string::npos);
    // A chunk shape with a zero channel extent.
    FakeArray zero(makeMeta({2, 8, 8, 8}, {0, 4, 4, 4}, DataType::UInt8));
    QVERIFY(!readBrick(zero, {3, 2, 1, 0}, BrickKey{"l", 0, {0, 0, 0}}).ok());
    // A decoder that returns the wrong number of bytes.
    a.setHandler([](const Index&, const CancelToken&) -> std::optional<FakeArray::Read> {
      return FakeArray::Read(std::optional<QByteArray>(QByteArray(5, 'x')));
    });
    auto wrong = readBrick(a, {2, 1, 0, -1}, BrickKey{"l", 0, {0, 0, 0}});
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().code, ErrorCode::InvalidData);
    // A read error passes through with its message.
    a.setHandler([](const Index&, const CancelToken&) -> std::optional<FakeArray::Read> {
      return FakeArray::Read(makeError(ErrorCode::Network, "GET http://h/x failed"));
    });
    auto failed = readBrick(a, {2, 1, 0, -1}, BrickKey{"l", 0, {0, 0, 0}});
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, ErrorCode::Network);
    // A cancelled token stops before reading.
    CancelToken cancel = CancelToken::make();
    cancel.cancel();
    auto cancelled = readBrick(a, {2, 1, 0, -1}, BrickKey{"l", 0, {0, 0, 0}}, cancel);
    QVERIFY(!cancelled.ok());
    QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
  }

  void copyChunkIntoBrickDirect() {
    // [x, y, z] (x slowest): a pure transpose, with 8-byte elements.
    const Shape chunkShape{2, 3, 4};
    QByteArray chunk(2 * 3 * 4 * 8, '\0');
    for (std::int64_t x = 0; x < 2; ++x)
      for (std::int64_t y = 0; y < 3; ++y)
        for (std::int64_t z = 0; z < 4; ++z) {
          const std::uint64_t v = code(0, x, y, z);
          std::memcpy(chunk.data() + ((x * 3 + y) * 4 + z) * 8, &v, 8);
        }
    Brick b;
    b.data = std::move(*PageBuffer::allocate(2 * 3 * 4 * 8));
    QVERIFY(copyChunkIntoBrick(chunk, chunkShape, 8, {0, 1, 2, -1}, 0, 1, {2, 3, 4}, b.data.span()).ok());
    b.dtype = DataType::UInt64;
    b.extent = {2, 3, 4};
    b.validExtent = b.extent;
    QString why;
    QVERIFY2(brickMatches(b, ~std::uint64_t{0}, &why), qPrintable(why));
    std::uint8_t tooSmall[7] = {};
    QVERIFY(!copyChunkIntoBrick(chunk, chunkShape, 8, {0, 1, 2, -1}, 0, 1, {2, 3, 4}, tooSmall).ok());
  }

  void payloadEstimate() {
    const ArrayMeta m = makeMeta({3, 100, 100, 100}, {1, 32, 32, 32}, DataType::UInt16);
    QCOMPARE(brickPayloadBytes(m, {3, 2, 1, 0}), std::int64_t{3} * 32 * 32 * 32 * 2);
    QCOMPARE(brickExtent(m, {3, 2, 1, 0}), (Vec3i{32, 32, 32}));
    QCOMPARE(brickPayloadBytes(m, {3, 3, 1, 0}), std::int64_t{0});
  }
};

QTEST_GUILESS_MAIN(TestBrick)
#include "tst_stream_brick.moc"
