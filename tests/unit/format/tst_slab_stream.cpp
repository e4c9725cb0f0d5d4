// streamSlabs: the slabs, concatenated, are the whole array in C order for any slab height and
// thread count; absent chunks read as the fill value; errors and cancellation stop the stream.
#include <QtTest>

#include <atomic>

#include "core/format/ArrayRegion.h"
#include "core/format/OpenArray.h"
#include "core/format/SlabStream.h"
#include "core/store/FileStore.h"
#include "tests/support/TestEnv.h"

using namespace skein;

namespace {

ArrayPtr openFixture(const std::string& name) {
  auto store = std::make_shared<FileStore>(test::fixture("formats/zarr_python_2.13_debian/v2.zarr"),
                                           FileStore::Mode::ReadOnly);
  auto array = openArray(store, name);
  return array.ok() ? *array : nullptr;
}

QByteArray wholeArray(const ChunkedArray& array) {
  const ArrayMeta& m = array.meta();
  std::int64_t n = static_cast<std::int64_t>(m.elementSize());
  for (auto s : m.shape) n *= s;
  QByteArray out(static_cast<qsizetype>(n), Qt::Uninitialized);
  const Shape offset(m.shape.size(), 0);
  return readRegion(array, offset, m.shape, out.data()).ok() ? out : QByteArray();
}

}  // namespace

class TestSlabStream : public QObject {
  Q_OBJECT
 private slots:
  void slabsConcatenateToTheArray_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("threads");
    for (const char* name : {"u16_blosc_lz4_shuffle", "u16_sparse_fill42", "u16_blosc_lz4_orderF"})
      for (int rows : {1, 3, 1000})
        for (int threads : {1, 4})
          QTest::newRow(qPrintable(QString("%1 rows %2 threads %3").arg(name).arg(rows).arg(threads)))
              << name << rows << threads;
  }
  void slabsConcatenateToTheArray() {
    QFETCH(QString, name);
    QFETCH(int, rows);
    QFETCH(int, threads);
    ArrayPtr array = openFixture(name.toStdString());
    QVERIFY(array);
    const QByteArray expected = wholeArray(*array);
    QVERIFY(!expected.isEmpty());
    SlabStreamOptions options;
    options.rowsPerSlab = rows;
    options.threads = threads;
    QByteArray streamed;
    int slabs = 0;
    Status s = streamSlabs(*array, options, [&](const std::uint8_t* data, std::size_t bytes) {
      streamed.append(reinterpret_cast<const char*>(data), static_cast<qsizetype>(bytes));
      ++slabs;
      return Status::success();
    });
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
    QCOMPARE(streamed.size(), expected.size());
    QVERIFY(streamed == expected);
    QCOMPARE(slabs, static_cast<int>((array->meta().shape[0] + rows - 1) / rows));
  }

  void consumerErrorsAndCancellationStopTheStream() {
    ArrayPtr array = openFixture("u16_blosc_lz4_shuffle");
    QVERIFY(array);
    SlabStreamOptions options;
    options.threads = 3;
    int calls = 0;
    Status s = streamSlabs(*array, options, [&](const std::uint8_t*, std::size_t) -> Status {
      ++calls;
      return makeError(ErrorCode::Io, "disk full");
    });
    QVERIFY(!s.ok());
    QCOMPARE(s.error().message, std::string("disk full"));
    QCOMPARE(calls, 1);

    options.cancel = CancelToken::make();
    options.cancel.cancel();
    s = streamSlabs(*array, options, [](const std::uint8_t*, std::size_t) { return Status::success(); });
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, ErrorCode::Cancelled);

    options.cancel = {};
    options.dim = 1;  // dimension 0 is longer than 1: slabs along 1 would not be contiguous
    s = streamSlabs(*array, options, [](const std::uint8_t*, std::size_t) { return Status::success(); });
    QCOMPARE(s.error().code, ErrorCode::InvalidArgument);
  }
};

QTEST_GUILESS_MAIN(TestSlabStream)
#include "tst_slab_stream.moc"
