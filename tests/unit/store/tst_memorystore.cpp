#include <QtTest>

#include <thread>

#include "core/store/MemoryStore.h"

using namespace skein;

class TestMemoryStore : public QObject {
  Q_OBJECT
 private slots:
  void readWriteRangesAndAbsence() {
    MemoryStore store;
    QVERIFY(store.writable());
    QVERIFY(!store.read("x")->has_value());
    QVERIFY(store.write("a/b/c", "0123456789").ok());
    QCOMPARE(**store.read("a/b/c"), QByteArray("0123456789"));
    QCOMPARE(**store.read("a//b/c/"), QByteArray("0123456789"));  // keys are normalised
    QCOMPARE(**store.read("a/b/c", ByteRange{2, 3}), QByteArray("234"));
    QCOMPARE(**store.read("a/b/c", ByteRange::suffix(4)), QByteArray("6789"));
    QCOMPARE(**store.size("a/b/c"), 10);
    auto beyond = store.read("a/b/c", ByteRange{11, 1});
    QVERIFY(!beyond.ok());
    QCOMPARE(beyond.error().code, ErrorCode::InvalidData);
    QVERIFY(store.remove("a/b/c").ok());
    QVERIFY(!store.read("a/b/c")->has_value());
    QVERIFY(!store.size("a/b/c")->has_value());
  }

  void listsChildren() {
    MemoryStore store;
    for (const char* k : {"z", "a/1", "a/0/x", "a/0/y", "ab"}) QVERIFY(store.write(k, "1").ok());
    QCOMPARE(*store.list(""), (std::vector<std::string>{"a", "ab", "z"}));
    QCOMPARE(*store.list("a"), (std::vector<std::string>{"0", "1"}));
    QCOMPARE(*store.list("a/0/"), (std::vector<std::string>{"x", "y"}));
    QVERIFY(store.list("q")->empty());
  }

  void concurrentWritersAndReaders() {
    MemoryStore store;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&store, t] {
        for (int i = 0; i < 500; ++i) {
          const std::string key = "t" + std::to_string(t) + "/" + std::to_string(i);
          (void)store.write(key, QByteArray::number(i));
          (void)store.read(key);
          if (i % 100 == 0) (void)store.list("");
        }
      });
    }
    for (auto& th : threads) th.join();
    QCOMPARE(store.objectCount(), std::size_t{2000});
    QCOMPARE(**store.read("t3/499"), QByteArray("499"));
  }
};

QTEST_GUILESS_MAIN(TestMemoryStore)
#include "tst_memorystore.moc"
