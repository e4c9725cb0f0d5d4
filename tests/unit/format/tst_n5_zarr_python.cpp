// Interoperability: N5 datasets written by Skein (every compression zarr-python supports, truncated
// edge blocks, several data types) must read identically with zarr-python's N5Store
// (/usr/bin/python3 with python3-zarr). lz4 is left out: zarr-python maps N5 "lz4" to numcodecs'
// framing, not the lz4-java LZ4Block framing N5 uses, so it cannot read N5 lz4 from any writer.

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

#include "core/format/N5Array.h"
#include "core/store/FileStore.h"
#include "tests/support/TestEnv.h"

using namespace skein;

namespace {

constexpr const char* kPython = "/usr/bin/python3";

// The closed form both sides compute: value at logical [z][y][x] (before the cast to the dtype).
std::int64_t valueAt(std::int64_t z, std::int64_t y, std::int64_t x) { return x * x + 3 * y * y + 7 * z * z + x * y * z - 500; }

template <typename T>
Status writeArray(const StorePtr& store, const std::string& key, DataType dtype, const N5Compression& compression) {
  N5CreateOptions options;
  options.shape = {11, 17, 23};
  options.chunkShape = {4, 8, 8};
  options.dtype = dtype;
  options.compression = compression;
  SKEIN_ASSIGN_OR_RETURN(auto writer, createN5Array(store, key, options));
  const Shape grid = writer->meta().chunkGridShape();
  for (std::int64_t gz = 0; gz < grid[0]; ++gz)
    for (std::int64_t gy = 0; gy < grid[1]; ++gy)
      for (std::int64_t gx = 0; gx < grid[2]; ++gx) {
        QByteArray unit(4 * 8 * 8 * static_cast<qsizetype>(sizeof(T)), '\0');
        auto* p = reinterpret_cast<T*>(unit.data());
        for (int z = 0; z < 4; ++z)
          for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 8; ++x) p[(z * 8 + y) * 8 + x] = static_cast<T>(valueAt(gz * 4 + z, gy * 8 + y, gx * 8 + x));
        const std::vector<std::int64_t> idx{gz, gy, gx};
        SKEIN_TRY(writer->writeUnit(idx, unit));
      }
  return {};
}

const char* kScript = R"PY(
import sys, warnings
import numpy as np
import zarr
warnings.simplefilter("ignore")
store = zarr.N5Store(sys.argv[1])
root = zarr.open_group(store, mode="r")
z, y, x = np.meshgrid(np.arange(11), np.arange(17), np.arange(23), indexing="ij")
value = x * x + 3 * y * y + 7 * z * z + x * y * z - 500
for name in sys.argv[2:]:
    a = root[name]
    expected = value.astype(a.dtype)
    if a.shape != (11, 17, 23) or a.chunks != (4, 8, 8):
        print("BAD-SHAPE", name, a.shape, a.chunks); sys.exit(1)
    got = a[...]
    if not np.array_equal(got, expected):
        print("MISMATCH", name, int(np.count_nonzero(got != expected))); sys.exit(1)
    part = a[3:9, 5:16, 20:23]
    if not np.array_equal(part, expected[3:9, 5:16, 20:23]):
        print("MISMATCH-PART", name); sys.exit(1)
    print("OK", name, a.dtype)
)PY";

}  // namespace

class TestN5ZarrPython : public QObject {
  Q_OBJECT
 private slots:
  void zarrPythonReadsOurN5() {
    QProcess probe;
    probe.start(kPython, {"-c", "import zarr, numpy; print(zarr.__version__)"});
    const bool available = probe.waitForFinished(60000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
    if (!available) {
      QFAIL("/usr/bin/python3 with python3-zarr and python3-numpy is required (scripts/install-deps.sh)");
    }

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.path() + "/ours.n5";
    auto store = std::make_shared<FileStore>(root, FileStore::Mode::ReadWrite);
    QStringList names;
    auto add = [&](const char* name, Status st) {
      QVERIFY2(st.ok(), st.ok() ? name : st.error().message.c_str());
      names << name;
    };
    add("u16_raw", writeArray<std::uint16_t>(store, "u16_raw", DataType::UInt16, N5Compression::raw()));
    add("u16_gzip", writeArray<std::uint16_t>(store, "u16_gzip", DataType::UInt16, N5Compression::gzip(5)));
    add("u16_zlib", writeArray<std::uint16_t>(store, "u16_zlib", DataType::UInt16, N5Compression::gzip(5, true)));
    add("u16_blosc", writeArray<std::uint16_t>(store, "u16_blosc", DataType::UInt16,
                                               N5Compression::bloscWith({"lz4", 5, codec::BloscShuffle::Byte, 2, 0})));
    add("u16_zstd", writeArray<std::uint16_t>(store, "u16_zstd", DataType::UInt16, N5Compression::zstd(3)));
    add("i32_gzip", writeArray<std::int32_t>(store, "nested/i32_gzip", DataType::Int32, N5Compression::gzip()));
    add("u64_blosc", writeArray<std::uint64_t>(store, "u64_blosc", DataType::UInt64,
                                               N5Compression::bloscWith({"zstd", 3, codec::BloscShuffle::Bit, 8, 0})));
    add("f32_raw", writeArray<float>(store, "f32_raw", DataType::Float32, N5Compression::raw()));
    add("f64_zstd", writeArray<double>(store, "f64_zstd", DataType::Float64, N5Compression::zstd(5)));
    names.replaceInStrings("i32_gzip", "nested/i32_gzip");

    QProcess python;
    python.setProcessChannelMode(QProcess::MergedChannels);
    python.start(kPython, QStringList{"-c", kScript, root} + names);
    QVERIFY(python.waitForFinished(120000));
    const QString output = QString::fromUtf8(python.readAll());
    QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0, qPrintable(output));
    QCOMPARE(output.count("OK "), names.size());
  }
};

QTEST_GUILESS_MAIN(TestN5ZarrPython)
#include "tst_n5_zarr_python.moc"
