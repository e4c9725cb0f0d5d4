// The streaming engine: priorities, cancellation, missing/failed bookkeeping, retries, per-host
// limits, RAM budget and the ready queue (core/stream/StreamingEngine), driven by in-memory arrays
// whose reads the tests control.

#include <QtTest>

#include <algorithm>
#include <atomic>
#include <thread>

#include "FakeArray.h"
#include "core/dataset/Dataset.h"
#include "core/stream/SlicePlanner.h"
#include "core/stream/StreamingEngine.h"

using namespace skein;
using namespace skein::test;
using namespace std::chrono_literals;

namespace {

const AxisMap kZyx{2, 1, 0, -1};
constexpr auto kWait = 20s;  // generous: sanitizer builds on a busy machine are slow

// 64³ uint8 in 4³ chunks at mag index `m` (mag 1 is half the size); a brick costs 64 + 256 bytes.
std::shared_ptr<FakeArray> makeArray(const std::string& name, int m = 0, std::string location = "/data/fake") {
  const std::int64_t n = 64 >> m;
  auto a = std::make_shared<FakeArray>(makeMeta({n, n, n}, {4, 4, 4}, DataType::UInt8, std::move(location)), name);
  a->setValues([](const Index& e) { return static_cast<std::uint64_t>(e[0] + e[1] + e[2]); });
  return a;
}

constexpr std::int64_t kBrickBytes = 64 + Brick::kOverheadBytes;

BrickKey key(int mag, std::int64_t x, std::int64_t y = 0, std::int64_t z = 0, const std::string& layer = "img") {
  return BrickKey{layer, mag, {x, y, z}};
}
Index chunkOf(const BrickKey& k) { return {k.grid.z, k.grid.y, k.grid.x}; }

StreamSettings singleWorker() {
  StreamSettings s;
  s.maxConcurrentJobs = 1;
  return s;
}

FakeArray::Handler failWith(ErrorCode code, std::string message) {
  return [code, message](const Index&, const CancelToken&) -> std::optional<FakeArray::Read> {
    return FakeArray::Read(makeError(code, message));
  };
}

}  // namespace

class TestEngine : public QObject {
  Q_OBJECT
 private slots:
  void visibleBeforePrefetchCoarseBeforeFine() {
    auto log = std::make_shared<CallLog>();
    auto fine = std::make_shared<FakeArray>(makeArray("fine")->meta(), "fine", log);
    auto coarse = std::make_shared<FakeArray>(makeArray("coarse", 1)->meta(), "coarse", log);
    StreamingEngine engine(singleWorker());
    QVERIFY(engine.addSource("img", 0, fine, kZyx).ok());
    QVERIFY(engine.addSource("img", 1, coarse, kZyx).ok());
    QVERIFY(engine.setRequests(1, {{key(0, 1), PriorityTier::Visible, 5},
                                   {key(0, 3), PriorityTier::Recent, 0},
                                   {key(1, 1), PriorityTier::Prefetch, 1e9},
                                   {key(1, 0), PriorityTier::Visible, 1e9 + 1},
                                   {key(0, 2), PriorityTier::Prefetch, 7},
                                   {key(0, 0), PriorityTier::Visible, 9}}));
    QVERIFY(engine.waitForIdle(kWait));
    const std::vector<std::pair<std::string, Index>> expected{
        {"coarse", {0, 0, 0}}, {"fine", {0, 0, 0}}, {"fine", {0, 0, 1}},
        {"coarse", {0, 0, 1}}, {"fine", {0, 0, 2}}, {"fine", {0, 0, 3}}};
    QCOMPARE(log->snapshot(), expected);
    QCOMPARE(engine.stats().decoded, std::int64_t{6});
  }

  void plannerRequestsLoadInPriorityOrder() {
    auto log = std::make_shared<CallLog>();
    auto fine = std::make_shared<FakeArray>(makeArray("fine")->meta(), "fine", log);
    auto coarse = std::make_shared<FakeArray>(makeArray("coarse", 1)->meta(), "coarse", log);
    std::vector<MagGeometry> mags(2);
    for (int m = 0; m < 2; ++m) {
      mags[m].factor = {1 << m, 1 << m, 1 << m};
      mags[m].brickSize = {4, 4, 4};
      mags[m].shape = {64 >> m, 64 >> m, 64 >> m};
    }
    SliceView view;
    view.origin = {0, 0, 6.5};
    view.width = view.height = 16;
    view.motion = {0, 0, 2};  // moving +z
    const auto requests = planSliceRequests("img", mags, view);
    QCOMPARE(requests.size(), std::size_t{16 + 4 + 32 + 8});

    StreamingEngine engine(singleWorker());
    QVERIFY(engine.addSource("img", 0, fine, kZyx).ok());
    QVERIFY(engine.addSource("img", 1, coarse, kZyx).ok());
    QVERIFY(engine.setRequests(1, requests));
    QVERIFY(engine.waitForIdle(kWait));
    const auto calls = log->snapshot();
    QCOMPARE(calls.size(), requests.size());
    // Map each call back to its request: the sequence must never go up in importance.
    auto requestOf = [&](const std::pair<std::string, Index>& call) {
      const int m = call.first == "coarse" ? 1 : 0;
      const BrickKey k{"img", m, {call.second[2], call.second[1], call.second[0]}};
      return *std::find_if(requests.begin(), requests.end(), [&](const BrickRequest& r) { return r.key == k; });
    };
    for (std::size_t i = 0; i < 4; ++i) QCOMPARE(calls[i].first, std::string("coarse"));  // coarse image first
    for (std::size_t i = 1; i < calls.size(); ++i) {
      const BrickRequest a = requestOf(calls[i - 1]), b = requestOf(calls[i]);
      QVERIFY(a.tier < b.tier || (a.tier == b.tier && a.priority >= b.priority));
    }
    // Prefetch reads only go ahead in +z: fine z layers 2 and 3 (voxels 8..15), coarse layers 1, 2.
    for (std::size_t i = 20; i < calls.size(); ++i) {
      const BrickRequest r = requestOf(calls[i]);
      QCOMPARE(r.tier, PriorityTier::Prefetch);
      QVERIFY(r.key.grid.z > (r.key.mag == 0 ? 1 : 0));
    }
  }

  void staleGenerationsAreDroppedAndCancelled() {
    Gate never;
    std::atomic<bool> started{false}, sawCancel{false};
    auto a = makeArray("a");
    a->setHandler([&](const Index& idx, const CancelToken& cancel) -> std::optional<FakeArray::Read> {
      if (idx != Index{0, 0, 0}) return std::nullopt;
      started = true;
      if (!never.wait(cancel)) {
        sawCancel = cancel.isCancelled();
        return FakeArray::Read(makeError(ErrorCode::Cancelled, "aborted"));
      }
      return std::nullopt;
    });
    StreamingEngine engine(singleWorker());
    QVERIFY(engine.addSource("img", 0, a, kZyx).ok());
    QVERIFY(engine.setRequests(1, {{key(0, 0), PriorityTier::Visible, 10},
                                   {key(0, 1), PriorityTier::Visible, 5},
                                   {key(0, 2), PriorityTier::Prefetch, 5}}));
    QTRY_VERIFY_WITH_TIMEOUT(started, 10000);
    QCOMPARE(engine.state(key(0, 0)), BrickState::Loading);
    QCOMPARE(engine.state(key(0, 1)), BrickState::Queued);
    QVERIFY(engine.setRequests(2, {{key(0, 3), PriorityTier::Visible, 1}}));
    QVERIFY(!engine.setRequests(1, {{key(0, 1), PriorityTier::Visible, 1}}));  // older: ignored
    QVERIFY(engine.waitForIdle(kWait));
    QVERIFY(sawCancel);
    QCOMPARE(a->log().count("a", chunkOf(key(0, 1))), 0);
    QCOMPARE(a->log().count("a", chunkOf(key(0, 2))), 0);
    QCOMPARE(a->log().count("a", chunkOf(key(0, 3))), 1);
    QCOMPARE(engine.state(key(0, 0)), BrickState::Unknown);
    QCOMPARE(engine.state(key(0, 1)), BrickState::Unknown);
    QCOMPARE(engine.state(key(0, 3)), BrickState::Decoded);
    const StreamStats s = engine.stats();
    QCOMPARE(s.generation, std::uint64_t{2});
    QCOMPARE(s.cancelledTotal, std::int64_t{1});
    QCOMPARE(s.droppedTotal, std::int64_t{2});
    QCOMPARE(s.failuresTotal, std::int64_t{0});
    QCOMPARE(s.retriesTotal, std::int64_t{0});
  }

  void inFlightReadStillWantedIsKept() {
    Gate gate;
    std::atomic<bool> started{false};
    auto a = makeArray("a");
    a->setHandler([&](const Index& idx, const CancelToken& cancel) -> std::optional<FakeArray::Read> {
      if (idx == Index{0, 0, 0}) {
        started = true;
        if (!gate.wait(cancel)) return FakeArray::Read(makeError(ErrorCode::Cancelled, "aborted"));
      }
      return std::nullopt;
    });
    StreamingEngine engine(singleWorker());
    QVERIFY(engine.addSource("img", 0, a, kZyx).ok());
    QVERIFY(engine.setRequests(1, {{key(0, 0), PriorityTier::Visible, 1}}));
    QTRY_VERIFY_WITH_TIMEOUT(started, 10000);
    QVERIFY(engine.setRequests(2, {{key(0, 0), PriorityTier::Prefetch, 1}, {key(0, 5), PriorityTier::Visible, 1}}));
    gate.open();
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(engine.state(key(0, 0)), BrickState::Decoded);
    QCOMPARE(engine.state(key(0, 5)), BrickState::Decoded);
    QCOMPARE(a->log().count("a", chunkOf(key(0, 0))), 1);
    QCOMPARE(engine.stats().cancelledTotal, std::int64_t{0});
  }

  void cancelledThenWantedAgainIsRequeued() {
    Gate afterCancel;
    std::atomic<int> calls{0};
    std::atomic<bool> cancelled{false};
    auto a = makeArray("a");
    a->setHandler([&](const Index&, const CancelToken& cancel) -> std::optional<FakeArray::Read> {
      if (++calls > 1) return std::nullopt;  // the second read succeeds
      Gate never;
      never.wait(cancel);
      cancelled = cancel.isCancelled();
      afterCancel.wait({});  // hold the cancelled read until the test has re-requested the brick
      return FakeArray::Read(makeError(ErrorCode::Cancelled, "aborted"));
    });
    StreamingEngine engine(singleWorker());
    QVERIFY(engine.addSource("img", 0, a, kZyx).ok());
    QVERIFY(engine.setRequests(1, {{key(0, 0), PriorityTier::Visible, 1}}));
    QTRY_VERIFY_WITH_TIMEOUT(calls == 1, 10000);
    QVERIFY(engine.setRequests(2, {}));
    QTRY_VERIFY_WITH_TIMEOUT(cancelled, 10000);
    QVERIFY(engine.setRequests(3, {{key(0, 0), PriorityTier::Visible, 1}}));
    afterCancel.open();
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(calls.load(), 2);
    QCOMPARE(engine.state(key(0, 0)), BrickState::Decoded);
    QCOMPARE(engine.stats().cancelledTotal, std::int64_t{1});
  }

  // The consumer uploads visible bricks at once and leaves prefetched ones in the RAM cache: each
  // delivery says how its brick was requested.
  void readyBricksCarryTheirTier() {
    auto a = makeArray("a");
    StreamingEngine engine;
    QVERIFY(engine.addSource("img", 0, a, kZyx).ok());
    QVERIFY(engine.setRequests(1, {{key(0, 0), PriorityTier::Visible, 1}, {key(0, 1), PriorityTier::Prefetch, 1}}));
    QVERIFY(engine.waitForIdle(kWait));
    const auto ready = engine.drainReady();
    QCOMPARE(ready.size(), std::size_t{2});
    for (const ReadyBrick& r : ready)
      QCOMPARE(r.tier, r.key == key(0, 0) ? PriorityTier::Visible : PriorityTier::Prefetch);
  }

  void absentChunksAreRemembered() {
    auto a = makeArray("a");
    a->setHandler([](const Index& idx, const CancelToken&) -> std::optional<FakeArray::Read> {
      if (idx == Index{0, 0, 1}) return FakeArray::Read(std::optional<QByteArray>());
      return std::nullopt;
    });
    StreamingEngine engine;
    QVERIFY(engine.addSource("img", 0, a, kZyx).ok());
    QVERIFY(engine.setRequests(1, {{key(0, 1), PriorityTier::Visible, 1}, {key(0, 0), PriorityTier::Visible, 0}}));
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(engine.state(key(0, 1)), BrickState::Missing);
    BrickPtr b = engine.lookup(key(0, 1));
    QVERIFY(b && b->absent);
    auto ready = engine.drainReady();
    QCOMPARE(ready.size(), std::size_t{2});
    const auto missing = std::find_if(ready.begin(), ready.end(), [](const ReadyBrick& r) { return r.key == key(0, 1); });
    QCOMPARE(missing->state, BrickState::Missing);
    // Asked again (even after the view moved away and back): never read again.
    QVERIFY(engine.setRequests(2, {}));
    QVERIFY(engine.setRequests(3, {{key(0, 1), PriorityTier::Visible, 1}}));
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(a->log().count("a", chunkOf(key(0, 1))), 1);
    const StreamStats s = engine.stats();
    QCOMPARE(s.missing, std::int64_t{1});
    QCOMPARE(s.missingTotal, std::int64_t{1});
    QCOMPARE(s.decoded, std::int64_t{1});
    QVERIFY(QString::fromStdString(describeStreamStatus(s)).contains("absent"));
  }

  void failuresAreRetriedWithBackoff() {
    StreamSettings settings = singleWorker();
    settings.maxRetries = 3;
    settings.initialBackoffMs = 20;
    std::mutex timesMutex;
    std::vector<std::chrono::steady_clock::time_point> times;
    std::atomic<int> attempts{0};
    auto a = makeArray("a");
    a->setHandler([&](const Index&, const CancelToken&) -> std::optional<FakeArray::Read> {
      {
        std::lock_guard lock(timesMutex);
        times.push_back(std::chrono::steady_clock::now());
      }
      if (++attempts <= 2) return FakeArray::Read(makeError(ErrorCode::Network, "GET http://h/a/0 failed: 503"));
      return std::nullopt;
    });
    StreamingEngine engine(settings);
    QVERIFY(engine.addSource("img", 0, a, kZyx).ok());
    QVERIFY(engine.setRequests(1, {{key(0, 0), PriorityTier::Visible, 1}}));
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(engine.state(key(0, 0)), BrickState::Decoded);
    QCOMPARE(attempts.load(), 3);
    QVERIFY(times[1] - times[0] >= 20ms);  // back-off doubles: 20 ms, then 40 ms
    QVERIFY(times[2] - times[1] >= 40ms);
    const StreamStats s = engine.stats();
    QCOMPARE(s.retriesTotal, std::int64_t{2});
    QCOMPARE(s.failuresTotal, std::int64_t{0});
    QCOMPARE(s.failed, std::int64_t{0});
  }

  void persistentFailureEndsAsFailedAndIsCounted() {
    StreamSettings settings = singleWorker();
    settings.maxRetries = 2;
    settings.initialBackoffMs = 1;
    auto a = makeArray("a");
    a->setHandler(failWith(ErrorCode::Http, "GET http://h/a/0 answered 500"));
    StreamingEngine engine(settings);
    QVERIFY(engine.addSource("img", 0, a, kZyx).ok());
    QVERIFY(engine.setRequests(1, {{key(0, 0), PriorityTier::Visible, 1}}));
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(a->log().size(), std::size_t{3});  // one try + two retries
    QCOMPARE(engine.state(key(0, 0)), BrickState::Failed);
    QVERIFY(QString::fromStdString(engine.failureOf(key(0, 0))).contains("answered 500"));
    auto ready = engine.drainReady();
    QCOMPARE(ready.size(), std::size_t{1});
    QCOMPARE(ready[0].state, BrickState::Failed);
    QVERIFY(!ready[0].brick);
    StreamStats s = engine.stats();
    QCOMPARE(s.failed, std::int64_t{1});
    QCOMPARE(s.failuresTotal, std::int64_t{1});
    QCOMPARE(s.retriesTotal, std::int64_t{2});
    QVERIFY(QString::fromStdString(s.lastError).contains("answered 500"));
    QVERIFY(QString::fromStdString(describeStreamStatus(s)).contains("1 chunk failed"));
    // Remembered: a new generation does not hammer the server again…
    QVERIFY(engine.setRequests(2, {{key(0, 0), PriorityTier::Visible, 1}}));
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(a->log().size(), std::size_t{3});
    // …until the user asks to retry.
    engine.retryFailed();
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(a->log().size(), std::size_t{6});
    QCOMPARE(engine.stats().failuresTotal, std::int64_t{2});
  }

  void concurrencyPerHostIsBounded() {
    Gate gate;
    auto a = makeArray("a", 0, "http://host-a/data/color/1");
    auto b = makeArray("b", 0, "https://user@host-b:8443/zarr/color/1");
    for (auto* arr : {a.get(), b.get()})
      arr->setHandler([&gate](const Index&, const CancelToken& c) -> std::optional<FakeArray::Read> {
        gate.wait(c);
        return std::nullopt;
      });
    StreamSettings settings;
    settings.maxRequestsPerHost = 2;
    settings.maxConcurrentJobs = 8;
    StreamingEngine engine(settings);
    QVERIFY(engine.addSource("a", 0, a, kZyx).ok());
    QVERIFY(engine.addSource("b", 0, b, kZyx).ok());
    std::vector<BrickRequest> requests;
    for (int i = 0; i < 10; ++i) {
      requests.push_back({key(0, i, 0, 0, "a"), PriorityTier::Visible, 0});
      requests.push_back({key(0, i, 0, 0, "b"), PriorityTier::Visible, 0});
    }
    QVERIFY(engine.setRequests(1, requests));
    QTRY_VERIFY_WITH_TIMEOUT(a->log().active == 2 && b->log().active == 2, 10000);
    QCOMPARE(engine.stats().loading, std::int64_t{4});
    QTest::qWait(100);  // nothing else may start while the four reads hang
    QCOMPARE(a->log().size() + b->log().size(), std::size_t{4});
    gate.open();
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(engine.stats().decoded, std::int64_t{20});
    QCOMPARE(a->log().maxActive.load(), 2);
    QCOMPARE(b->log().maxActive.load(), 2);
  }

  void hostKeys() {
    QCOMPARE(hostKeyOf("/data/x.zarr"), std::string("local"));
    QCOMPARE(hostKeyOf("file:///data/x.zarr"), std::string("local"));
    QCOMPARE(hostKeyOf("https://data.example.org/zarr/a"), std::string("https://data.example.org"));
    QCOMPARE(hostKeyOf("http://u:p@h:8080/a"), std::string("http://h:8080"));
    QCOMPARE(hostKeyOf("https://h"), std::string("https://h"));
  }

  void lruEvictionUnderTheBudget() {
    StreamSettings settings = singleWorker();
    settings.ramBudgetBytes = 3 * kBrickBytes;
    auto a = makeArray("a");
    StreamingEngine engine(settings);
    QVERIFY(engine.addSource("img", 0, a, kZyx).ok());
    const BrickKey A = key(0, 0), B = key(0, 1), C = key(0, 2), D = key(0, 3), E = key(0, 4);
    QVERIFY(engine.setRequests(1, {{A, PriorityTier::Visible, 3}, {B, PriorityTier::Visible, 2},
                                   {C, PriorityTier::Visible, 1}}));
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(engine.stats().ramBytesUsed, 3 * kBrickBytes);
    // D needs room: A is the least recently used brick that is no longer visible.
    QVERIFY(engine.setRequests(2, {{D, PriorityTier::Visible, 1}}));
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(engine.state(A), BrickState::Unknown);
    QCOMPARE(engine.state(D), BrickState::Decoded);
    // B and D visible again (pinned), E new: C is the one to go.
    QVERIFY(engine.setRequests(3, {{B, PriorityTier::Visible, 3}, {D, PriorityTier::Visible, 2},
                                   {E, PriorityTier::Visible, 1}}));
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(engine.state(C), BrickState::Unknown);
    for (const BrickKey& k : {B, D, E}) QCOMPARE(engine.state(k), BrickState::Decoded);
    const StreamStats s = engine.stats();
    QCOMPARE(s.evictedTotal, std::int64_t{2});
    QCOMPARE(s.ramBytesUsed, 3 * kBrickBytes);
    QVERIFY(!s.budgetStalled);
    QCOMPARE(s.visibleWanted, std::int64_t{3});
    QCOMPARE(s.visibleReady, std::int64_t{3});
    QCOMPARE(a->log().size(), std::size_t{5});
    // A lookup marks a brick used: after it, B outlives D when space runs out.
    QVERIFY(engine.setRequests(4, {}));
    QVERIFY(engine.lookup(B));
    QVERIFY(engine.setRequests(5, {{A, PriorityTier::Visible, 1}, {C, PriorityTier::Visible, 0}}));
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(engine.state(B), BrickState::Decoded);
    QCOMPARE(engine.state(D), BrickState::Unknown);
    QCOMPARE(engine.state(E), BrickState::Unknown);
  }

  void pinnedVisibleBricksStallInsteadOfThrashing() {
    StreamSettings settings = singleWorker();
    settings.ramBudgetBytes = 2 * kBrickBytes;
    auto a = makeArray("a");
    StreamingEngine engine(settings);
    QVERIFY(engine.addSource("img", 0, a, kZyx).ok());
    QVERIFY(engine.setRequests(1, {{key(0, 0), PriorityTier::Visible, 3}, {key(0, 1), PriorityTier::Visible, 2},
                                   {key(0, 2), PriorityTier::Visible, 1}}));
    QVERIFY(engine.waitForIdle(kWait));  // idle: what is left cannot start
    QCOMPARE(engine.state(key(0, 0)), BrickState::Decoded);
    QCOMPARE(engine.state(key(0, 1)), BrickState::Decoded);
    QCOMPARE(engine.state(key(0, 2)), BrickState::Queued);
    StreamStats s = engine.stats();
    QVERIFY(s.budgetStalled);
    QCOMPARE(s.queued, std::int64_t{1});
    QVERIFY(s.ramBytesUsed <= s.ramBudgetBytes);
    QVERIFY(QString::fromStdString(describeStreamStatus(s)).contains("RAM budget full"));
    // Raising the budget (a setting) resumes loading at once.
    settings.ramBudgetBytes = 3 * kBrickBytes;
    engine.setSettings(settings);
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(engine.state(key(0, 2)), BrickState::Decoded);
    QVERIFY(!engine.stats().budgetStalled);
    // Lowering it evicts what is not visible any more, at once.
    QVERIFY(engine.setRequests(2, {{key(0, 2), PriorityTier::Visible, 1}}));
    settings.ramBudgetBytes = kBrickBytes;
    engine.setSettings(settings);
    s = engine.stats();
    QCOMPARE(s.ramBytesUsed, kBrickBytes);
    QCOMPARE(engine.state(key(0, 2)), BrickState::Decoded);
  }

  void prefetchGivesWayToVisible() {
    StreamSettings settings = singleWorker();
    settings.ramBudgetBytes = 2 * kBrickBytes;
    auto a = makeArray("a");
    StreamingEngine engine(settings);
    QVERIFY(engine.addSource("img", 0, a, kZyx).ok());
    const BrickKey A = key(0, 0), B = key(0, 1), P = key(0, 9);
    QVERIFY(engine.setRequests(1, {{A, PriorityTier::Visible, 1}, {P, PriorityTier::Prefetch, 1}}));
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(engine.state(P), BrickState::Decoded);
    QVERIFY(engine.setRequests(2, {{A, PriorityTier::Visible, 2}, {B, PriorityTier::Visible, 1},
                                   {P, PriorityTier::Prefetch, 1}}));
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(engine.state(B), BrickState::Decoded);
    QCOMPARE(engine.state(P), BrickState::Unknown);
    // Wanted again, the prefetch brick waits rather than evicting visible ones; not a user-facing stall.
    QVERIFY(engine.setRequests(3, {{A, PriorityTier::Visible, 2}, {B, PriorityTier::Visible, 1},
                                   {P, PriorityTier::Prefetch, 1}}));
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(engine.state(P), BrickState::Queued);
    QVERIFY(!engine.stats().budgetStalled);
    QCOMPARE(a->log().count("a", chunkOf(P)), 1);
  }

  void readyQueueAndCallback() {
    std::atomic<int> notified{0};
    auto a = makeArray("a");
    StreamingEngine engine(singleWorker());
    engine.setReadyCallback([&notified] { ++notified; });
    QVERIFY(engine.addSource("img", 0, a, kZyx).ok());
    std::vector<BrickRequest> requests;
    for (int i = 0; i < 5; ++i) requests.push_back({key(0, i), PriorityTier::Visible, double(-i)});
    QVERIFY(engine.setRequests(1, requests));
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(engine.readyCount(), std::size_t{5});
    QTRY_VERIFY_WITH_TIMEOUT(notified >= 1, 10000);
    QVERIFY(notified <= 5);  // only when the queue turns non-empty
    auto first = engine.drainReady(2);
    QCOMPARE(first.size(), std::size_t{2});
    QCOMPARE(first[0].key, key(0, 0));  // delivered in completion order
    QCOMPARE(first[0].state, BrickState::Decoded);
    QVERIFY(first[0].brick);
    // Brick contents came through the conversion: value = x + y + z (uint8).
    const Brick& b = *first[1].brick;
    QCOMPARE(b.origin, (Vec3i{4, 0, 0}));
    QCOMPARE(static_cast<int>(static_cast<std::uint8_t>(b.data.constData()[((3 * 4) + 2) * 4 + 1])), 4 + 1 + 2 + 3);
    // A deadline in the past still consumes one brick (progress guaranteed).
    std::size_t consumed = engine.drainReadyUntil(std::chrono::steady_clock::now() - 1s,
                                                  [](ReadyBrick&& r) { QVERIFY(r.brick); });
    QCOMPARE(consumed, std::size_t{1});
    consumed = engine.drainReadyUntil(std::chrono::steady_clock::now() + 10s, [](ReadyBrick&&) {});
    QCOMPARE(consumed, std::size_t{2});
    QCOMPARE(engine.readyCount(), std::size_t{0});
    const int before = notified;
    QVERIFY(engine.setRequests(2, {{key(0, 7), PriorityTier::Visible, 0}}));
    QVERIFY(engine.waitForIdle(kWait));
    QTRY_COMPARE_WITH_TIMEOUT(notified.load(), before + 1, 10000);  // the callback runs just after the brick is queued
  }

  void unknownLayersFailClearly() {
    StreamingEngine engine;
    QVERIFY(engine.setRequests(1, {{key(0, 0, 0, 0, "nope"), PriorityTier::Visible, 0}}));
    QCOMPARE(engine.state(key(0, 0, 0, 0, "nope")), BrickState::Failed);
    QVERIFY(QString::fromStdString(engine.failureOf(key(0, 0, 0, 0, "nope"))).contains("no array is registered"));
    QVERIFY(!engine.addSource("x", 0, nullptr, kZyx).ok());
    QVERIFY(!engine.addSource("x", 0, makeArray("a"), AxisMap{0, 0, 1, -1}).ok());
  }

  void addLayerAndRemoveLayerWhileLoading() {
    Gate gate;
    std::atomic<bool> started{false};
    auto a = makeArray("a");
    a->setHandler([&](const Index&, const CancelToken& cancel) -> std::optional<FakeArray::Read> {
      started = true;
      if (!gate.wait(cancel)) return FakeArray::Read(makeError(ErrorCode::Cancelled, "aborted"));
      return std::nullopt;
    });
    Layer layer;
    layer.name = "img";
    Mag mag;
    mag.axes = kZyx;
    mag.array = a;
    layer.mags = {mag};
    StreamingEngine engine;
    QVERIFY(engine.addLayer(layer).ok());
    QVERIFY(engine.setRequests(1, {{key(0, 0), PriorityTier::Visible, 0}}));
    QTRY_VERIFY_WITH_TIMEOUT(started, 10000);
    engine.removeLayer("img");
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(engine.state(key(0, 0)), BrickState::Unknown);
    QCOMPARE(engine.stats().decoded, std::int64_t{0});
    // Registered again with a healthy array: the same request loads.
    layer.mags[0].array = makeArray("b");
    QVERIFY(engine.addLayer(layer).ok());
    QVERIFY(engine.setRequests(2, {{key(0, 0), PriorityTier::Visible, 0}}));
    QVERIFY(engine.waitForIdle(kWait));
    QCOMPARE(engine.state(key(0, 0)), BrickState::Decoded);
    layer.mags[0].array = nullptr;
    QVERIFY(!engine.addLayer(layer).ok());
  }

  void destructionCancelsReadsInFlight() {
    Gate never;
    std::atomic<int> started{0};
    std::atomic<int> sawCancel{0};
    auto a = makeArray("a");
    a->setHandler([&](const Index&, const CancelToken& cancel) -> std::optional<FakeArray::Read> {
      ++started;
      never.wait(cancel);
      if (cancel.isCancelled()) ++sawCancel;
      return FakeArray::Read(makeError(ErrorCode::Cancelled, "aborted"));
    });
    const auto t0 = std::chrono::steady_clock::now();
    {
      StreamSettings settings;
      settings.maxRequestsPerHost = 3;
      StreamingEngine engine(settings);
      QVERIFY(engine.addSource("img", 0, a, kZyx).ok());
      std::vector<BrickRequest> requests;
      for (int i = 0; i < 10; ++i) requests.push_back({key(0, i), PriorityTier::Visible, 0});
      QVERIFY(engine.setRequests(1, requests));
      QTRY_VERIFY_WITH_TIMEOUT(started == 3, 10000);
    }
    QCOMPARE(sawCancel.load(), 3);
    QCOMPARE(started.load(), 3);  // queued work never started after shutdown began
    QVERIFY(std::chrono::steady_clock::now() - t0 < 9s);
  }

  void statusLine() {
    StreamStats s;
    QCOMPARE(describeStreamStatus(s), std::string());
    s.queued = 3;
    s.loading = 2;
    s.failed = 2;
    QCOMPARE(describeStreamStatus(s),
             std::string("Loading 5 chunks (2 in flight); 2 chunks failed to load and show as missing"));
    QCOMPARE(formatBytes(512), std::string("512 B"));
    QCOMPARE(formatBytes(std::int64_t{3} << 29), std::string("1.5 GiB"));
    QCOMPARE(std::string(brickStateName(BrickState::Missing)), std::string("missing"));
  }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_stream_engine.moc"
