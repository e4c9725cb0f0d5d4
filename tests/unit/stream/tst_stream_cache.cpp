// RAM brick cache: byte budget, LRU order, tier protection (core/stream/ChunkCache).

#include <QtTest>

#include <algorithm>

#include "core/stream/ChunkCache.h"

using namespace skein;

namespace {

BrickKey key(int i) { return BrickKey{"l", 0, {i, 0, 0}}; }

// A brick of byteSize() == 1000 bytes (or the bare overhead when absent).
BrickPtr brick(int i, bool absent = false) {
  auto b = std::make_shared<Brick>();
  b->key = key(i);
  b->absent = absent;
  if (!absent) {
    b->data = std::move(*PageBuffer::allocate(1000 - Brick::kOverheadBytes));
    std::fill(b->data.data(), b->data.data() + b->data.size(), std::uint8_t{1});
  }
  return b;
}

}  // namespace

class TestCache : public QObject {
  Q_OBJECT
 private slots:
  void insertFindAndAccounting() {
    ChunkCache cache(10'000);
    cache.insert(brick(1));
    cache.insert(brick(2, true));
    QCOMPARE(cache.size(), std::size_t{2});
    QCOMPARE(cache.absentCount(), std::size_t{1});
    QCOMPARE(cache.used(), 1000 + Brick::kOverheadBytes);
    QVERIFY(cache.find(key(1)));
    QVERIFY(cache.find(key(2))->absent);
    QVERIFY(!cache.find(key(3)));
    cache.insert(brick(2));  // replacing updates the accounting
    QCOMPARE(cache.used(), std::int64_t{2000});
    QCOMPARE(cache.absentCount(), std::size_t{0});
    QVERIFY(cache.erase(key(1)));
    QVERIFY(!cache.erase(key(1)));
    QCOMPARE(cache.used(), std::int64_t{1000});
    cache.clear();
    QCOMPARE(cache.used(), std::int64_t{0});
    QCOMPARE(cache.size(), std::size_t{0});
  }

  void evictsLeastRecentlyUsed() {
    ChunkCache cache(3000);
    for (int i = 1; i <= 3; ++i) cache.insert(brick(i));
    QVERIFY(cache.touch(key(1)));  // 1 becomes the most recently used: 2 is now the oldest
    std::vector<BrickKey> evicted;
    QVERIFY(cache.makeRoom(1000, PriorityTier::Recent, &evicted));
    QCOMPARE(evicted.size(), std::size_t{1});
    QCOMPARE(evicted[0], key(2));
    cache.insert(brick(4));
    QVERIFY(cache.makeRoom(2000, PriorityTier::Recent, &evicted));
    QCOMPARE(evicted.size(), std::size_t{3});
    QCOMPARE(evicted[1], key(3));
    QCOMPARE(evicted[2], key(1));
    QCOMPARE(cache.evictedTotal(), std::int64_t{3});
    QVERIFY(cache.contains(key(4)));
  }

  void visibleBricksArePinned() {
    ChunkCache cache(3000);
    cache.insert(brick(1), PriorityTier::Visible);
    cache.insert(brick(2), PriorityTier::Visible);
    cache.insert(brick(3), PriorityTier::Recent);
    std::vector<BrickKey> evicted;
    // Room for two more: only the recent brick can go, so it does not fit.
    QVERIFY(!cache.makeRoom(2000, PriorityTier::Visible, &evicted));
    QCOMPARE(evicted, std::vector<BrickKey>{key(3)});
    QVERIFY(cache.contains(key(1)) && cache.contains(key(2)));
    // Over budget through pinned bricks: trim() says so and keeps them.
    cache.insert(brick(4), PriorityTier::Visible);
    cache.insert(brick(5), PriorityTier::Visible);
    QVERIFY(!cache.trim());
    QCOMPARE(cache.size(), std::size_t{4});
    // Unpinning makes them evictable again, oldest first.
    cache.unprotectAll();
    QCOMPARE(cache.tierOf(key(1)), PriorityTier::Recent);
    evicted.clear();
    QVERIFY(cache.trim(&evicted));
    QCOMPARE(evicted, std::vector<BrickKey>{key(1)});
  }

  void prefetchGivesWayOnlyToVisible() {
    ChunkCache cache(2000);
    cache.insert(brick(1), PriorityTier::Prefetch);
    cache.insert(brick(2), PriorityTier::Prefetch);
    QVERIFY(!cache.makeRoom(1000, PriorityTier::Prefetch));
    QVERIFY(!cache.makeRoom(1000, PriorityTier::Recent));
    QCOMPARE(cache.size(), std::size_t{2});
    std::vector<BrickKey> evicted;
    QVERIFY(cache.makeRoom(1000, PriorityTier::Visible, &evicted));
    QCOMPARE(evicted, std::vector<BrickKey>{key(1)});
    // Recent bricks go before prefetch ones, whatever their age.
    cache.insert(brick(3), PriorityTier::Recent);
    cache.protect(key(2), PriorityTier::Prefetch);
    evicted.clear();
    QVERIFY(cache.makeRoom(1000, PriorityTier::Visible, &evicted));
    QCOMPARE(evicted, std::vector<BrickKey>{key(3)});
  }

  void protectMovesTiers() {
    ChunkCache cache(10'000);
    cache.insert(brick(1));
    QVERIFY(cache.protect(key(1), PriorityTier::Visible));
    QVERIFY(!cache.protect(key(9), PriorityTier::Visible));
    QCOMPARE(cache.tierOf(key(1)), PriorityTier::Visible);
    cache.setBudget(500);
    QVERIFY(!cache.trim());
    QVERIFY(cache.contains(key(1)));
    cache.unprotectAll();
    QVERIFY(cache.trim());
    QVERIFY(!cache.contains(key(1)));
  }
};

QTEST_GUILESS_MAIN(TestCache)
#include "tst_stream_cache.moc"
