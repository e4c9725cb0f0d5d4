#pragma once
// A compact hash map from non-negative int32 ids to uint32 table indices: open addressing with
// linear probing and backward-shift deletion (no tombstones). 8 bytes per slot, at most 3/4 full,
// which is 3-4x less memory than std::unordered_map for millions of node ids.
//
// Ids are hashed in blocks of 16: consecutive ids (the common case in NML files) land in
// consecutive slots, so loading and looking up a traced neurite touches few cache lines, while the
// blocks themselves are scattered by a salted multiplicative hash.

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace skein::skeleton {

class FlatIdMap {
 public:
  static constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t memoryBytes() const { return slots_.capacity() * sizeof(Slot); }

  // Rehashes into the smallest table that holds the current ids.
  void shrinkToFit() {
    std::size_t want = 16;
    while (want * 3 < size_ * 4) want *= 2;
    if (want < slots_.size()) rehash(want);
    slots_.shrink_to_fit();
  }

  void clear() {
    slots_.clear();
    slots_.shrink_to_fit();
    size_ = 0;
    shift_ = 64;
  }

  // Makes room for `count` ids without rehashing.
  void reserve(std::size_t count) {
    std::size_t want = 16;
    while (want * 3 < count * 4) want *= 2;
    if (want > slots_.size()) rehash(want);
  }

  // The value of `key`, or kAbsent.
  std::uint32_t find(std::int32_t key) const {
    if (slots_.empty() || key < 0) return kAbsent;
    for (std::size_t i = slotOf(key);; i = (i + 1) & mask()) {
      const Slot& s = slots_[i];
      if (s.key == key) return s.value;
      if (s.key == kEmpty) return kAbsent;
    }
  }
  bool contains(std::int32_t key) const { return find(key) != kAbsent; }

  // Inserts key -> value; returns false (and changes nothing) when the key is present.
  bool insert(std::int32_t key, std::uint32_t value) {
    if ((size_ + 1) * 4 > slots_.size() * 3) rehash(slots_.empty() ? 16 : slots_.size() * 2);
    for (std::size_t i = slotOf(key);; i = (i + 1) & mask()) {
      Slot& s = slots_[i];
      if (s.key == key) return false;
      if (s.key == kEmpty) {
        s = {key, value};
        ++size_;
        return true;
      }
    }
  }

  // Changes the value of a present key.
  void assign(std::int32_t key, std::uint32_t value) {
    if (slots_.empty()) return;
    for (std::size_t i = slotOf(key);; i = (i + 1) & mask()) {
      if (slots_[i].key == key) {
        slots_[i].value = value;
        return;
      }
      if (slots_[i].key == kEmpty) return;
    }
  }

  bool erase(std::int32_t key) {
    if (slots_.empty()) return false;
    std::size_t i = slotOf(key);
    while (slots_[i].key != key) {
      if (slots_[i].key == kEmpty) return false;
      i = (i + 1) & mask();
    }
    // Backward-shift: move later members of the probe run into the hole.
    for (std::size_t j = (i + 1) & mask();; j = (j + 1) & mask()) {
      if (slots_[j].key == kEmpty) break;
      std::size_t home = slotOf(slots_[j].key);
      bool movable = (i <= j) ? (home <= i || home > j) : (home <= i && home > j);
      if (movable) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i].key = kEmpty;
    --size_;
    return true;
  }

 private:
  static constexpr std::int32_t kEmpty = std::numeric_limits<std::int32_t>::min();
  struct Slot {
    std::int32_t key = kEmpty;
    std::uint32_t value = 0;
  };

  std::size_t mask() const { return slots_.size() - 1; }
  std::size_t slotOf(std::int32_t key) const {
    auto k = static_cast<std::uint32_t>(key);
    std::uint64_t block = ((k >> 4) ^ salt_) * 0x9E3779B97F4A7C15ull;
    std::size_t blockIndex = shift_ >= 64 ? 0 : static_cast<std::size_t>(block >> shift_);
    std::size_t slot = blockIndex * 16 + (k & 15);
    return slot & mask();
  }
  void rehash(std::size_t newSize) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(newSize, Slot{});
    shift_ = 64;
    for (std::size_t n = newSize / 16; n > 1; n >>= 1) --shift_;
    size_ = 0;
    for (const Slot& s : old)
      if (s.key != kEmpty) insert(s.key, s.value);
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
  int shift_ = 64;
  // A per-map salt keeps crafted id sets from colliding on purpose.
  std::uint64_t salt_ = std::random_device{}();
};

}  // namespace skein::skeleton
