#pragma once
// Crash-safe file replacement: write a temporary file beside the target, fsync it, rename it over
// the target and fsync the directory. Readers see either the old or the new file, never a mix.

#include <span>
#include <string>
#include <string_view>

#include "core/base/Result.h"

namespace skein::skeleton {

Status writeFileAtomically(const std::string& path, std::string_view bytes);
// The same for content produced in pieces (written one after the other).
Status writeFileAtomically(const std::string& path, std::span<const std::string_view> pieces);

}  // namespace skein::skeleton
