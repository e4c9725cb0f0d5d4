#include "render/GpuBrickCache.h"

#include <algorithm>
#include <cmath>

namespace skein::render {

namespace {
constexpr std::int64_t kTargetPageBytes = 16ll << 20;
constexpr std::int64_t kMaxTextureSide = 2048;  // GL_MAX_3D_TEXTURE_SIZE on llvmpipe
}  // namespace

GpuBrickCache::GpuBrickCache(const TextureFormat& format, Vec3i slotExtent, std::int64_t byteBudget)
    : format_(format), slotExtent_(slotExtent), budget_(byteBudget) {
  const std::int64_t slotBytes = slotExtent.product() * format.bytesPerVoxel;
  std::int64_t perPage = std::max<std::int64_t>(1, kTargetPageBytes / std::max<std::int64_t>(1, slotBytes));
  std::int64_t side = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::cbrt(static_cast<double>(perPage))));
  for (int d = 0; d < 3; ++d) {
    std::int64_t n = side;
    while (n > 1 && n * slotExtent[d] > kMaxTextureSide) --n;
    slotsPerPage_[d] = n;
    pageExtent_[d] = n * slotExtent[d];
  }
  pageBytes_ = pageExtent_.product() * format.bytesPerVoxel;
}

void GpuBrickCache::releaseGl(QOpenGLFunctions_3_3_Core* gl) {
  if (!pages_.empty()) gl->glDeleteTextures(static_cast<GLsizei>(pages_.size()), pages_.data());
  pages_.clear();
  freeSlots_.clear();
  entries_.clear();
  lru_.clear();
  ++contentVersion_;
}

std::int64_t GpuBrickCache::bytesAllocated() const { return static_cast<std::int64_t>(pages_.size()) * pageBytes_; }

void GpuBrickCache::addPage(QOpenGLFunctions_3_3_Core* gl) {
  GLuint tex = 0;
  gl->glGenTextures(1, &tex);
  gl->glBindTexture(GL_TEXTURE_3D, tex);
  const GLint filter = format_.integer ? GL_NEAREST : GL_NEAREST;  // linear is switched on per draw
  gl->glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MIN_FILTER, filter);
  gl->glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MAG_FILTER, filter);
  gl->glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  gl->glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  gl->glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_WRAP_R, GL_CLAMP_TO_EDGE);
  gl->glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MAX_LEVEL, 0);
  gl->glTexImage3D(GL_TEXTURE_3D, 0, static_cast<GLint>(format_.internalFormat), static_cast<GLsizei>(pageExtent_.x),
                   static_cast<GLsizei>(pageExtent_.y), static_cast<GLsizei>(pageExtent_.z), 0, format_.format,
                   format_.type, nullptr);
  const int page = static_cast<int>(pages_.size());
  pages_.push_back(tex);
  for (std::int64_t z = slotsPerPage_.z - 1; z >= 0; --z)
    for (std::int64_t y = slotsPerPage_.y - 1; y >= 0; --y)
      for (std::int64_t x = slotsPerPage_.x - 1; x >= 0; --x)
        freeSlots_.push_back({page, Vec3i{x, y, z} * slotExtent_});
}

bool GpuBrickCache::evictOne(std::int64_t frame) {
  // The back of the LRU list is the least recently used; bricks used in this frame stay.
  while (!lru_.empty()) {
    auto node = entries_.find(lru_.back());
    if (node->second.entry.lastUsedFrame >= frame) return false;
    const Entry e = node->second.entry;
    lru_.pop_back();
    entries_.erase(node);
    ++evictions_;
    ++contentVersion_;
    if (!e.fill) {
      freeSlots_.push_back({e.page, e.slotOffset});
      return true;
    }
  }
  return false;
}

bool GpuBrickCache::acquireSlot(QOpenGLFunctions_3_3_Core* gl, std::int64_t frame, Slot& out) {
  if (freeSlots_.empty()) {
    if (bytesAllocated() + pageBytes_ <= budget_ || pages_.empty()) addPage(gl);
    else if (!evictOne(frame)) return false;
  }
  if (freeSlots_.empty()) return false;
  out = freeSlots_.back();
  freeSlots_.pop_back();
  return true;
}

bool GpuBrickCache::upload(QOpenGLFunctions_3_3_Core* gl, const GpuBrickKey& key, const QByteArray& textureData,
                           Vec3i extent, std::int64_t frame) {
  if (extent.x > slotExtent_.x || extent.y > slotExtent_.y || extent.z > slotExtent_.z) return false;
  if (textureData.size() < extent.product() * format_.bytesPerVoxel) return false;
  Slot slot{};
  auto existing = entries_.find(key);
  if (existing != entries_.end() && !existing->second.entry.fill) {
    slot = {existing->second.entry.page, existing->second.entry.slotOffset};
  } else {
    if (existing != entries_.end()) {  // replace a fill marker
      lru_.erase(existing->second.lruPos);
      entries_.erase(existing);
    }
    if (!acquireSlot(gl, frame, slot)) return false;
  }
  gl->glBindTexture(GL_TEXTURE_3D, pages_[static_cast<std::size_t>(slot.page)]);
  gl->glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  gl->glTexSubImage3D(GL_TEXTURE_3D, 0, static_cast<GLint>(slot.offset.x), static_cast<GLint>(slot.offset.y),
                      static_cast<GLint>(slot.offset.z), static_cast<GLsizei>(extent.x),
                      static_cast<GLsizei>(extent.y), static_cast<GLsizei>(extent.z), format_.format, format_.type,
                      textureData.constData());
  gl->glPixelStorei(GL_UNPACK_ALIGNMENT, 4);  // restore the GL default for other texture users (QPainter)
  Entry e;
  e.page = slot.page;
  e.slotOffset = slot.offset;
  e.extent = extent;
  e.lastUsedFrame = frame;
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    lru_.erase(it->second.lruPos);
    entries_.erase(it);
  }
  lru_.push_front(key);
  entries_.emplace(key, Node{e, lru_.begin()});
  ++contentVersion_;
  return true;
}

void GpuBrickCache::markFill(const GpuBrickKey& key, std::int64_t frame) {
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    if (!it->second.entry.fill) freeSlots_.push_back({it->second.entry.page, it->second.entry.slotOffset});
    lru_.erase(it->second.lruPos);
    entries_.erase(it);
  }
  Entry e;
  e.fill = true;
  e.lastUsedFrame = frame;
  lru_.push_front(key);
  entries_.emplace(key, Node{e, lru_.begin()});
  ++contentVersion_;
}

const GpuBrickCache::Entry* GpuBrickCache::find(const GpuBrickKey& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second.entry;
}

void GpuBrickCache::touch(const GpuBrickKey& key, std::int64_t frame) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  it->second.entry.lastUsedFrame = frame;
  lru_.splice(lru_.begin(), lru_, it->second.lruPos);
}

void GpuBrickCache::clear() {
  for (auto& [key, node] : entries_)
    if (!node.entry.fill) freeSlots_.push_back({node.entry.page, node.entry.slotOffset});
  entries_.clear();
  lru_.clear();
  ++contentVersion_;
}

}  // namespace skein::render
