#include "core/stream/ChunkCache.h"

namespace skein {

ChunkCache::ChunkCache(std::int64_t budgetBytes) : budget_(budgetBytes) {}

BrickPtr ChunkCache::find(const BrickKey& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : it->second.brick;
}

BrickPtr ChunkCache::touch(const BrickKey& key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  Lru& list = lru(it->second.tier);
  list.splice(list.end(), list, it->second.position);
  return it->second.brick;
}

PriorityTier ChunkCache::tierOf(const BrickKey& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? PriorityTier::Recent : it->second.tier;
}

std::vector<BrickKey> ChunkCache::keys() const {
  std::vector<BrickKey> out;
  out.reserve(entries_.size());
  for (const auto& [key, entry] : entries_) out.push_back(key);
  return out;
}

void ChunkCache::insert(BrickPtr brick, PriorityTier tier) {
  if (!brick) return;
  erase(brick->key);
  Lru& list = lru(tier);
  Entry entry{brick, brick->byteSize(), tier, list.insert(list.end(), brick->key)};
  used_ += entry.bytes;
  if (brick->absent) ++absent_;
  entries_.emplace(brick->key, std::move(entry));
}

bool ChunkCache::protect(const BrickKey& key, PriorityTier tier) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  Entry& e = it->second;
  Lru& to = lru(tier);
  to.splice(to.end(), lru(e.tier), e.position);
  e.tier = tier;
  return true;
}

void ChunkCache::unprotectAll() {
  for (PriorityTier tier : {PriorityTier::Visible, PriorityTier::Prefetch}) {
    Lru& from = lru(tier);
    for (const BrickKey& key : from) entries_.find(key)->second.tier = PriorityTier::Recent;
    Lru& recent = lru(PriorityTier::Recent);
    recent.splice(recent.end(), from);  // iterators stay valid across splice
  }
}

bool ChunkCache::makeRoom(std::int64_t extraBytes, PriorityTier incoming, std::vector<BrickKey>* evicted) {
  // Cheapest first: Recent, then Prefetch when a visible brick needs the room.
  for (PriorityTier victim : {PriorityTier::Recent, PriorityTier::Prefetch}) {
    if (victim != PriorityTier::Recent && victim <= incoming) break;
    Lru& list = lru(victim);
    while (used_ + extraBytes > budget_ && !list.empty()) {
      BrickKey key = list.front();
      evict(key);
      if (evicted) evicted->push_back(std::move(key));
    }
  }
  return used_ + extraBytes <= budget_;
}

void ChunkCache::evict(const BrickKey& key) {
  if (erase(key)) ++evictedTotal_;
}

bool ChunkCache::erase(const BrickKey& key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  used_ -= it->second.bytes;
  if (it->second.brick->absent) --absent_;
  lru(it->second.tier).erase(it->second.position);
  entries_.erase(it);
  return true;
}

void ChunkCache::clear() {
  entries_.clear();
  for (auto& list : lru_) list.clear();
  used_ = 0;
  absent_ = 0;
}

}  // namespace skein
