#pragma once
// Key-value byte stores. A format never opens files or sockets itself: the same Zarr/N5/WKW code
// reads from disk, HTTP(S), a zip or memory through this interface (tensorstore kvstore,
// Neuroglancer kvstore).
//
// Keys are relative paths with '/' separators ("color/1/c/0/0/0"). All methods are thread-safe
// and blocking; call them from worker threads, never from the GUI thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/Bytes.h"
#include "core/base/CancelToken.h"
#include "core/base/Result.h"

namespace skein {

// A byte range of an object. offset >= 0: [offset, offset + length), length -1 = to the end.
// Suffix form (offset < 0, length -1): the last -offset bytes (HTTP "bytes=-N").
struct ByteRange {
  std::int64_t offset = 0;
  std::int64_t length = -1;
  static ByteRange suffix(std::int64_t n) { return {-n, -1}; }
  static ByteRange prefix(std::int64_t n) { return {0, n}; }
};

class Store {
 public:
  virtual ~Store() = default;

  // The bytes of `key` (or of a range of it). An absent key is std::nullopt, not an error.
  // A range that starts beyond the end of the object is an InvalidData error; one that ends beyond
  // it returns the available bytes.
  virtual Result<std::optional<QByteArray>> read(const std::string& key,
                                                 std::optional<ByteRange> range = std::nullopt,
                                                 const CancelToken& cancel = {}) = 0;

  // The whole object into `buffer`, reusing its capacity (a reader thread keeps one buffer for all
  // its chunks instead of allocating, and faulting in, a fresh one per chunk). False when absent;
  // errors as read(). The default calls read().
  virtual Result<bool> readInto(const std::string& key, QByteArray& buffer, const CancelToken& cancel = {});

  // Object size in bytes, or nullopt when absent.
  virtual Result<std::optional<std::int64_t>> size(const std::string& key, const CancelToken& cancel = {}) = 0;

  // Direct children of a prefix ("" = root), names only, sorted; prefixes end without '/'.
  // Stores that cannot list (plain HTTP) return Unsupported.
  virtual Result<std::vector<std::string>> list(const std::string& prefix) = 0;

  virtual bool writable() const { return false; }
  // Atomic replace (file stores: temp file, fsync, rename). Read-only stores return Unsupported.
  virtual Status write(const std::string& key, const QByteArray& bytes);
  virtual Status remove(const std::string& key);

  // A human-readable location of a key for error messages: a path or a URL without credentials
  // or tokens.
  virtual std::string describe(const std::string& key) const = 0;
};

using StorePtr = std::shared_ptr<Store>;

// A view of `base` with every key prefixed by `prefix/`.
StorePtr subStore(StorePtr base, const std::string& prefix);

// Joins key parts with '/', dropping empty parts and duplicate slashes.
std::string joinKey(const std::string& a, const std::string& b);

}  // namespace skein
