#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

#include "core/store/FileStore.h"
#include "tests/support/TestFiles.h"

using namespace skein;

namespace {

QByteArray pattern(int n, int seed = 0) {
  QByteArray b(n, Qt::Uninitialized);
  for (int i = 0; i < n; ++i) b[i] = char((i * 31 + seed) & 0xff);
  return b;
}

QStringList allFiles(const QString& root) {
  QStringList out;
  QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
  while (it.hasNext()) out << QDir(root).relativeFilePath(it.next());
  out.sort();
  return out;
}

}  // namespace

class TestFileStore : public QObject {
  Q_OBJECT
 private slots:
  void readIntoReusesTheCallersBuffer() {
    QTemporaryDir dir;
    const QByteArray big = pattern(300000, 1), small = pattern(1000, 2);
    QVERIFY(test::writeTestFile(dir.filePath("c/big"), big));
    QVERIFY(test::writeTestFile(dir.filePath("c/small"), small));
    QVERIFY(test::writeTestFile(dir.filePath("c/empty"), QByteArray()));
    FileStore store(dir.path());
    QByteArray buffer;
    auto r = store.readInto("c/big", buffer);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QVERIFY(*r);
    QCOMPARE(buffer, big);
    const char* storage = buffer.constData();
    QVERIFY(*store.readInto("c/small", buffer));
    QCOMPARE(buffer, small);
    QCOMPARE(buffer.constData(), storage);  // no new allocation for a smaller object
    QVERIFY(*store.readInto("c/big", buffer));
    QCOMPARE(buffer, big);
    QCOMPARE(buffer.constData(), storage);
    QVERIFY(*store.readInto("c/empty", buffer));
    QCOMPARE(buffer.size(), 0);
    // A buffer shared with someone else is never written into.
    QVERIFY(*store.readInto("c/small", buffer));
    const QByteArray shared = buffer;
    QVERIFY(*store.readInto("c/big", buffer));
    QCOMPARE(shared, small);
    QCOMPARE(buffer, big);
    // Absent keys and directories are absent; bad keys are errors like read()'s.
    auto missing = store.readInto("c/none", buffer);
    QVERIFY(missing.ok());
    QVERIFY(!*missing);
    QVERIFY(!*store.readInto("c", buffer));
    QVERIFY(!*store.readInto("c/big/below", buffer));
    QCOMPARE(store.readInto("../escape", buffer).error().code, store.read("../escape").error().code);
  }

  void readsWholeFilesAndRanges() {
    QTemporaryDir dir;
    const QByteArray data = pattern(1000);
    QVERIFY(test::writeTestFile(dir.filePath("a/b/chunk"), data));
    FileStore store(dir.path());
    auto all = store.read("a/b/chunk");
    QVERIFY(all.ok());
    QVERIFY(all->has_value());
    QCOMPARE(**all, data);
    auto mid = store.read("a/b/chunk", ByteRange{100, 50});
    QVERIFY(mid.ok());
    QCOMPARE(**mid, data.mid(100, 50));
    auto tail = store.read("a/b/chunk", ByteRange::suffix(10));
    QCOMPARE(**tail, data.right(10));
    auto bigSuffix = store.read("a/b/chunk", ByteRange::suffix(5000));
    QCOMPARE(**bigSuffix, data);
    auto toEnd = store.read("a/b/chunk", ByteRange{990, -1});
    QCOMPARE(**toEnd, data.mid(990));
    auto clipped = store.read("a/b/chunk", ByteRange{995, 100});
    QCOMPARE(**clipped, data.mid(995));
    auto atEnd = store.read("a/b/chunk", ByteRange{1000, 10});
    QVERIFY(atEnd.ok());
    QCOMPARE((*atEnd)->size(), 0);
    auto beyond = store.read("a/b/chunk", ByteRange{1001, 1});
    QVERIFY(!beyond.ok());
    QCOMPARE(beyond.error().code, ErrorCode::InvalidData);
    QVERIFY(QString::fromStdString(beyond.error().message).contains("a/b/chunk"));
    auto size = store.size("a/b/chunk");
    QVERIFY(size.ok());
    QCOMPARE(**size, 1000);
  }

  void absentKeysAreNotErrors() {
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath("folder"));
    FileStore store(dir.path());
    auto missing = store.read("nope/chunk");
    QVERIFY(missing.ok());
    QVERIFY(!missing->has_value());
    auto folder = store.read("folder");
    QVERIFY(folder.ok());
    QVERIFY(!folder->has_value());
    auto size = store.size("nope");
    QVERIFY(size.ok());
    QVERIFY(!size->has_value());
  }

  void rejectsKeysThatEscapeTheRoot() {
    QTemporaryDir dir;
    QVERIFY(test::writeTestFile(dir.filePath("inside/x"), "secret"));
    FileStore store(dir.filePath("inside"));
    for (const char* key : {"../inside/x", "a/../../x", "/etc/passwd", "a\\b"}) {
      auto r = store.read(key);
      QVERIFY2(!r.ok(), key);
      QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
    }
  }

  void listsDirectChildrenSorted() {
    QTemporaryDir dir;
    QVERIFY(test::writeTestFile(dir.filePath("b/1"), "x"));
    QVERIFY(test::writeTestFile(dir.filePath("a"), "x"));
    QVERIFY(test::writeTestFile(dir.filePath("b/0/z"), "x"));
    FileStore store(dir.path());
    auto root = store.list("");
    QVERIFY(root.ok());
    QCOMPARE(*root, (std::vector<std::string>{"a", "b"}));
    auto b = store.list("b/");
    QCOMPARE(*b, (std::vector<std::string>{"0", "1"}));
    auto none = store.list("missing");
    QVERIFY(none.ok());
    QVERIFY(none->empty());
  }

  void readOnlyStoreRefusesWrites() {
    QTemporaryDir dir;
    FileStore store(dir.path());
    QVERIFY(!store.writable());
    Status s = store.write("x", "1");
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, ErrorCode::Unsupported);
    QVERIFY(!QFile::exists(dir.filePath("x")));
  }

  void writeIsAtomicAndCreatesFolders() {
    QTemporaryDir dir;
    FileStore store(dir.path(), FileStore::Mode::ReadWrite);
    QVERIFY(store.writable());
    QVERIFY(store.write("deep/er/key", "first").ok());
    QCOMPARE(**store.read("deep/er/key"), QByteArray("first"));
    QVERIFY(store.write("deep/er/key", "second, longer").ok());
    QCOMPARE(**store.read("deep/er/key"), QByteArray("second, longer"));
    QCOMPARE(allFiles(dir.path()), QStringList{"deep/er/key"});  // no temporary files left behind
    QVERIFY(store.remove("deep/er/key").ok());
    QVERIFY(!store.read("deep/er/key")->has_value());
    QVERIFY(store.remove("deep/er/key").ok());  // removing an absent key is fine
  }

  void concurrentReadersNeverSeeAPartialWrite() {
    QTemporaryDir dir;
    FileStore store(dir.path(), FileStore::Mode::ReadWrite);
    const QByteArray a = pattern(256 * 1024, 1), b = pattern(256 * 1024, 2);
    QVERIFY(store.write("k", a).ok());
    std::atomic<bool> stop{false};
    std::atomic<int> bad{0}, reads{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 3; ++t) {
      readers.emplace_back([&] {
        while (!stop) {
          auto r = store.read("k");
          if (!r.ok() || !r->has_value() || (**r != a && **r != b)) ++bad;
          ++reads;
        }
      });
    }
    for (int i = 0; i < 40; ++i) QVERIFY(store.write("k", i % 2 ? a : b).ok());
    stop = true;
    for (auto& t : readers) t.join();
    QCOMPARE(bad.load(), 0);
    QVERIFY(reads.load() > 0);
    QCOMPARE(allFiles(dir.path()), QStringList{"k"});
  }

  void cancelledReadReportsCancelled() {
    QTemporaryDir dir;
    QVERIFY(test::writeTestFile(dir.filePath("x"), "abc"));
    FileStore store(dir.path());
    CancelToken token = CancelToken::make();
    token.cancel();
    auto r = store.read("x", std::nullopt, token);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Cancelled);
  }

  void subStorePrefixesKeys() {
    QTemporaryDir dir;
    QVERIFY(test::writeTestFile(dir.filePath("layer/mag1/c/0"), "chunk"));
    auto base = std::make_shared<FileStore>(dir.path(), FileStore::Mode::ReadWrite);
    StorePtr sub = subStore(base, "layer/");
    QCOMPARE(**sub->read("mag1/c/0"), QByteArray("chunk"));
    QCOMPARE(*sub->list("mag1"), std::vector<std::string>{"c"});
    QVERIFY(sub->writable());
    QVERIFY(sub->write("mag2/x", "y").ok());
    QVERIFY(QFile::exists(dir.filePath("layer/mag2/x")));
    QVERIFY(QString::fromStdString(sub->describe("mag1/c/0")).endsWith("layer/mag1/c/0"));
    auto escape = sub->read("../x");
    QVERIFY(!escape.ok());
    QCOMPARE(subStore(base, "").get(), static_cast<Store*>(base.get()));
    QCOMPARE(**subStore(subStore(base, "layer"), "mag1")->read("c/0"), QByteArray("chunk"));
  }

  void joinKeyNormalises() {
    QCOMPARE(joinKey("a", "b"), std::string("a/b"));
    QCOMPARE(joinKey("a/", "/b"), std::string("a/b"));
    QCOMPARE(joinKey("", "b"), std::string("b"));
    QCOMPARE(joinKey("a//x/", ""), std::string("a/x"));
    QCOMPARE(joinKey("", ""), std::string());
  }
};

QTEST_GUILESS_MAIN(TestFileStore)
#include "tst_filestore.moc"
