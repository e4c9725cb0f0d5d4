#pragma once
// Byte buffers. Encoded and decoded bytes are QByteArray everywhere (implicitly shared, so a
// buffer handed from a store to a decoder is not copied); ByteView is a read-only
// window for codecs that do not need ownership.

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <span>

namespace skein {

using ByteView = std::span<const std::uint8_t>;

inline ByteView view(const QByteArray& b) {
  return {reinterpret_cast<const std::uint8_t*>(b.constData()), static_cast<std::size_t>(b.size())};
}

// A QByteArray of `size` bytes whose contents are not initialised (avoids a zero fill).
inline QByteArray uninitializedBytes(qsizetype size) { return QByteArray(size, Qt::Uninitialized); }

inline std::uint8_t* mutableData(QByteArray& b) { return reinterpret_cast<std::uint8_t*>(b.data()); }

}  // namespace skein
