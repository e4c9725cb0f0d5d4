#pragma once
// RAM cache of decoded bricks with a byte budget and LRU eviction.
//
// Each cached brick carries a protection tier taken from the current request set: Visible bricks
// are pinned (never evicted), Prefetch bricks give way only to visible ones, and Recent bricks
// (no longer requested) are evicted first, least recently used first. Not thread-safe: the
// streaming engine guards it with its own mutex.

#include <cstdint>
#include <list>
#include <unordered_map>
#include <vector>

#include "core/stream/StreamTypes.h"

namespace skein {

class ChunkCache {
 public:
  explicit ChunkCache(std::int64_t budgetBytes = std::int64_t{2} << 30);

  void setBudget(std::int64_t bytes) { budget_ = bytes; }
  std::int64_t budget() const { return budget_; }
  std::int64_t used() const { return used_; }
  std::size_t size() const { return entries_.size(); }
  std::size_t absentCount() const { return absent_; }
  std::int64_t evictedTotal() const { return evictedTotal_; }

  bool contains(const BrickKey& key) const { return entries_.count(key) != 0; }
  BrickPtr find(const BrickKey& key) const;  // does not change the LRU order
  BrickPtr touch(const BrickKey& key);       // marks it most recently used
  PriorityTier tierOf(const BrickKey& key) const;
  std::vector<BrickKey> keys() const;

  // Inserts (or replaces) a brick as the most recently used one with protection `tier`. Does not
  // evict: call makeRoom() before, or trim() after.
  void insert(BrickPtr brick, PriorityTier tier = PriorityTier::Recent);
  // Sets the protection of a cached brick and marks it most recently used; false when not cached.
  bool protect(const BrickKey& key, PriorityTier tier);
  // Every brick becomes Recent (keeping their order), before a new request set is applied.
  void unprotectAll();

  // Evicts least recently used bricks that a brick of tier `incoming` outranks (Recent ones always,
  // Prefetch ones for a Visible newcomer, Visible ones never) until `extraBytes` more fit within the
  // budget. Returns whether they fit; evicted keys are appended to `evicted` when given.
  bool makeRoom(std::int64_t extraBytes, PriorityTier incoming, std::vector<BrickKey>* evicted = nullptr);
  // Evicts Recent bricks until the cache is within budget; returns whether it is.
  bool trim(std::vector<BrickKey>* evicted = nullptr) { return makeRoom(0, PriorityTier::Recent, evicted); }

  bool erase(const BrickKey& key);
  void clear();

 private:
  using Lru = std::list<BrickKey>;  // front = least recently used
  struct Entry {
    BrickPtr brick;
    std::int64_t bytes = 0;
    PriorityTier tier = PriorityTier::Recent;
    Lru::iterator position;
  };
  Lru& lru(PriorityTier tier) { return lru_[static_cast<int>(tier)]; }
  void evict(const BrickKey& key);

  std::int64_t budget_;
  std::int64_t used_ = 0;
  std::size_t absent_ = 0;
  std::int64_t evictedTotal_ = 0;
  std::unordered_map<BrickKey, Entry, BrickKeyHash> entries_;
  Lru lru_[3];  // one list per tier
};

}  // namespace skein
