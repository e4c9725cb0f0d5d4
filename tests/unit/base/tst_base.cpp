#include <QtTest>

#include "core/base/DataType.h"
#include "core/base/PageBuffer.h"
#include "core/base/Result.h"
#include "core/base/Vec3.h"

using namespace skein;

class TestBase : public QObject {
  Q_OBJECT
 private slots:
  void floorAndCeilDivision() {
    QCOMPARE(floorDiv(7, 2), 3);
    QCOMPARE(floorDiv(-7, 2), -4);
    QCOMPARE(floorDiv(-8, 2), -4);
    QCOMPARE(ceilDiv(7, 2), 4);
    QCOMPARE(ceilDiv(-7, 2), -3);
    QCOMPARE(ceilDiv(8, 2), 4);
  }
  void boxIntersection() {
    Box3i a{{0, 0, 0}, {10, 10, 10}};
    Box3i b{{5, -5, 8}, {10, 10, 10}};
    Box3i i = a.intersect(b);
    QCOMPARE(i, (Box3i{{5, 0, 8}, {5, 5, 2}}));
    QCOMPARE(i.volume(), 50);
    QVERIFY(a.intersect(Box3i{{20, 0, 0}, {1, 1, 1}}).empty());
    QVERIFY(a.contains({9, 9, 9}));
    QVERIFY(!a.contains({10, 9, 9}));
  }
  void dataTypes() {
    QCOMPARE(dataTypeSize(DataType::UInt64), std::size_t(8));
    QCOMPARE(dataTypeSize(DataType::Float16), std::size_t(2));
    QCOMPARE(dataTypeFromName("uint32"), std::optional<DataType>(DataType::UInt32));
    QVERIFY(!dataTypeFromName("complex64").has_value());
    QVERIFY(isSignedInt(DataType::Int8));
    QVERIFY(!isSignedInt(DataType::UInt8));
    QVERIFY(isFloat(DataType::Float64));
  }
  void resultCarriesValueOrError() {
    Result<int> good = 5;
    QVERIFY(good.ok());
    QCOMPARE(*good, 5);
    Result<int> bad = makeError(ErrorCode::InvalidData, "chunk c/0/0 is truncated");
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, ErrorCode::InvalidData);
    QCOMPARE(QString::fromStdString(bad.error().withContext("reading x").message),
             QStringLiteral("reading x: chunk c/0/0 is truncated"));
  }

  // PageBuffer: heap below kMappedFrom, whole pages above; moves hand the memory over; the raw
  // view sees the bytes without copying them.
  void pageBuffer() {
    auto small = PageBuffer::allocate(100);
    QVERIFY(small);
    QCOMPARE(small->size(), qsizetype(100));
    QCOMPARE(small->footprint(), std::int64_t(100));
    auto large = PageBuffer::allocate(PageBuffer::kMappedFrom + 1);
    QVERIFY(large);
    QCOMPARE(large->size(), qsizetype(PageBuffer::kMappedFrom + 1));
    QVERIFY(large->footprint() >= large->size());
    QCOMPARE(large->footprint() % 4096, std::int64_t(0));
    for (qsizetype i = 0; i < large->size(); ++i) large->data()[i] = std::uint8_t(i * 7);
    const QByteArray raw = large->rawView();
    QCOMPARE(static_cast<const void*>(raw.constData()), static_cast<const void*>(large->constData()));
    QCOMPARE(std::uint8_t(raw[5000]), std::uint8_t(5000 * 7));
    const std::uint8_t* where = large->constData();
    PageBuffer moved = std::move(*large);
    QVERIFY(large->isEmpty());
    QCOMPARE(moved.constData(), where);
    moved = std::move(*small);  // the mapped pages go back; the heap block moves in
    QCOMPARE(moved.size(), qsizetype(100));
    auto none = PageBuffer::allocate(0);
    QVERIFY(none && none->isEmpty() && none->footprint() == 0);
  }
};

QTEST_GUILESS_MAIN(TestBase)
#include "tst_base.moc"
