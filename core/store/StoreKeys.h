#pragma once
// Small helpers shared by the store implementations: key validation and byte-range arithmetic.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/base/Result.h"
#include "core/store/Store.h"

namespace skein {

// A key must be a relative path without "." or ".." segments, backslashes or NUL bytes, so that no
// key (which may come from untrusted metadata) can escape the store's root.
Status checkKey(const std::string& key);

// Splits a key on '/', dropping empty parts.
std::vector<std::string> splitKey(const std::string& key);

// Resolves `range` against an object of `size` bytes into [begin, end). A range starting beyond
// the end is InvalidData (the message names `where`); one ending beyond it is clipped.
Result<std::pair<std::int64_t, std::int64_t>> resolveRange(const std::optional<ByteRange>& range,
                                                           std::int64_t size, const std::string& where);

// Largest single read a store performs; bigger objects are rejected instead of exhausting memory.
inline constexpr std::int64_t kMaxReadBytes = std::int64_t{4} << 30;

// Direct children of `prefix` among `keys` (full keys, '/'-separated), sorted and unique.
std::vector<std::string> childrenOf(const std::vector<std::string>& keys, const std::string& prefix);

}  // namespace skein
