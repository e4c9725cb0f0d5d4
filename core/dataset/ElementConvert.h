#pragma once
// Converting element buffers between data types (static_cast semantics per element: integer
// narrowing keeps the low bits, float → integer truncates). Float16 is not supported.

#include <cstdint>

#include "core/base/DataType.h"
#include "core/base/Result.h"

namespace skein {

Status convertElements(const void* src, DataType from, void* dst, DataType to, std::int64_t count);

}  // namespace skein
