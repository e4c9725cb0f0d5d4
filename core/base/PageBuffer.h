#pragma once
// A byte buffer with pages of its own, handed back to the OS the moment it is freed. For large
// buffers that come and go in great numbers and must not outlive their budget: decoded bricks in
// the streaming engine's RAM cache. malloc keeps freed blocks for reuse, and large requests are
// served from that free space too, so bricks of 32 KiB – 4 MiB churning through a bounded cache
// left 150–190 MiB of free heap resident on top of the cache budgets (viewer memory sweep,
// docs/benchmarks.md). Small buffers (below kMappedFrom) come from the heap as usual. Move-only.

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace skein {

class PageBuffer {
 public:
  static constexpr std::size_t kMappedFrom = 16 * 1024;

  PageBuffer() = default;
  // `bytes` uninitialised bytes (mapped pages start zeroed); nullopt when the memory is refused.
  static std::optional<PageBuffer> allocate(std::size_t bytes);
  ~PageBuffer();
  PageBuffer(PageBuffer&& other) noexcept;
  PageBuffer& operator=(PageBuffer&& other) noexcept;
  PageBuffer(const PageBuffer&) = delete;
  PageBuffer& operator=(const PageBuffer&) = delete;

  std::uint8_t* data() { return data_; }
  const std::uint8_t* constData() const { return data_; }
  qsizetype size() const { return static_cast<qsizetype>(size_); }
  bool isEmpty() const { return size_ == 0; }
  std::span<std::uint8_t> span() { return {data_, size_}; }
  // Bytes of memory this buffer holds (whole pages when mapped).
  std::int64_t footprint() const { return static_cast<std::int64_t>(reserved_); }
  // A QByteArray over these bytes without a copy (QByteArray::fromRawData): valid while this
  // buffer lives and is not moved from.
  QByteArray rawView() const;

 private:
  void release();

  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t reserved_ = 0;  // mapped length (mapped_) or allocated bytes
  bool mapped_ = false;
};

}  // namespace skein
