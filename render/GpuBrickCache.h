#pragma once
// The GPU side of the brick cache for one layer: 3D texture atlas pages holding fixed-size brick
// slots, plus the page table (brick key → slot) for every mag, with LRU eviction under a byte budget.
//
// Why pages instead of one big atlas texture: allocating a 3D texture costs a zero fill (about
// 350 MB/s on Mesa llvmpipe, i.e. ~3 s for 1 GiB, see specs/toolchain.md §2), so the atlas is
// allocated in pages of ~16 MiB as bricks arrive, up to the budget, and never reallocated.
// All methods run on the GL thread with a context of the shared group current.

#include <QOpenGLFunctions_3_3_Core>

#include <chrono>

#include <cstdint>
#include <list>
#include <unordered_map>
#include <vector>

#include "core/base/Vec3.h"
#include "render/TextureFormat.h"

namespace skein::render {

struct GpuBrickKey {
  int mag = 0;  // index into the layer's mags
  Vec3i grid;   // brick grid position at that mag
  friend bool operator==(const GpuBrickKey&, const GpuBrickKey&) = default;
};

struct GpuBrickKeyHash {
  std::size_t operator()(const GpuBrickKey& k) const noexcept {
    std::uint64_t h = static_cast<std::uint64_t>(k.mag) * 0x9E3779B97F4A7C15ull;
    for (std::int64_t v : {k.grid.x, k.grid.y, k.grid.z}) h = (h ^ static_cast<std::uint64_t>(v)) * 0x100000001B3ull;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

class GpuBrickCache {
 public:
  struct Entry {
    bool fill = false;  // known absent: draw the fill value, no texture
    int page = -1;
    Vec3i slotOffset;   // voxel offset of the slot inside the page texture
    Vec3i extent;       // valid voxels of the brick (≤ slot extent)
    std::int64_t lastUsedFrame = 0;
  };

  GpuBrickCache(const TextureFormat& format, Vec3i slotExtent, std::int64_t byteBudget);
  GpuBrickCache(const GpuBrickCache&) = delete;
  GpuBrickCache& operator=(const GpuBrickCache&) = delete;

  // Deletes the textures; call with a context of the share group current.
  void releaseGl(QOpenGLFunctions_3_3_Core* gl);

  // Uploads a converted brick (x fastest, `extent` voxels). Evicts least recently used bricks not
  // used in `frame` when the budget is full; returns false when nothing can be evicted.
  bool upload(QOpenGLFunctions_3_3_Core* gl, const GpuBrickKey& key, const QByteArray& textureData, Vec3i extent,
              std::int64_t frame);
  // Records a brick that is known to be absent (renders as the fill value).
  void markFill(const GpuBrickKey& key, std::int64_t frame);
  const Entry* find(const GpuBrickKey& key) const;
  void touch(const GpuBrickKey& key, std::int64_t frame);
  void clear();  // forget every brick (textures are kept for reuse)

  const TextureFormat& format() const { return format_; }
  Vec3i slotExtent() const { return slotExtent_; }
  Vec3i pageExtent() const { return pageExtent_; }
  GLuint pageTexture(int page) const { return pages_[static_cast<std::size_t>(page)]; }
  std::int64_t bytesAllocated() const;
  std::int64_t byteBudget() const { return budget_; }
  std::size_t brickCount() const { return entries_.size(); }
  std::int64_t evictions() const { return evictions_; }
  // Changes whenever a brick is added, replaced or dropped: an image drawn from this cache is still
  // what the cache would draw as long as this number is the same (see SliceImageCache).
  std::uint64_t contentVersion() const { return contentVersion_; }

 private:
  struct Slot { int page; Vec3i offset; };
  bool acquireSlot(QOpenGLFunctions_3_3_Core* gl, std::int64_t frame, Slot& out);
  bool evictOne(std::int64_t frame);
  void addPage(QOpenGLFunctions_3_3_Core* gl);

  TextureFormat format_;
  Vec3i slotExtent_;
  Vec3i slotsPerPage_;
  Vec3i pageExtent_;
  std::int64_t budget_;
  std::int64_t pageBytes_ = 0;
  std::vector<GLuint> pages_;
  std::vector<Slot> freeSlots_;
  // LRU order: most recently used at the front.
  std::list<GpuBrickKey> lru_;
  struct Node { Entry entry; std::list<GpuBrickKey>::iterator lruPos; };
  std::unordered_map<GpuBrickKey, Node, GpuBrickKeyHash> entries_;
  std::int64_t evictions_ = 0;
  // Seeded from the clock, so that a cache made later at the same address never repeats the
  // numbers of one that is gone.
  std::uint64_t contentVersion_ = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
};

}  // namespace skein::render
