#include "core/base/PageBuffer.h"

#include <sys/mman.h>
#include <unistd.h>

#include <new>
#include <utility>

namespace skein {

std::optional<PageBuffer> PageBuffer::allocate(std::size_t bytes) {
  PageBuffer b;
  if (bytes == 0) return b;
  if (bytes < kMappedFrom) {
    b.data_ = static_cast<std::uint8_t*>(::operator new(bytes, std::nothrow));
    if (!b.data_) return std::nullopt;
    b.reserved_ = bytes;
  } else {
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t length = (bytes + page - 1) / page * page;
    void* p = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return std::nullopt;
    b.data_ = static_cast<std::uint8_t*>(p);
    b.reserved_ = length;
    b.mapped_ = true;
  }
  b.size_ = bytes;
  return b;
}

PageBuffer::~PageBuffer() { release(); }

PageBuffer::PageBuffer(PageBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      reserved_(std::exchange(other.reserved_, 0)),
      mapped_(std::exchange(other.mapped_, false)) {}

PageBuffer& PageBuffer::operator=(PageBuffer&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    reserved_ = std::exchange(other.reserved_, 0);
    mapped_ = std::exchange(other.mapped_, false);
  }
  return *this;
}

QByteArray PageBuffer::rawView() const {
  return QByteArray::fromRawData(reinterpret_cast<const char*>(data_), static_cast<qsizetype>(size_));
}

void PageBuffer::release() {
  if (!data_) return;
  if (mapped_) ::munmap(data_, reserved_);
  else ::operator delete(data_);
  data_ = nullptr;
  size_ = reserved_ = 0;
  mapped_ = false;
}

}  // namespace skein
