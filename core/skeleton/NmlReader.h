#pragma once
// Reading NML files (webKnossos and KNOSSOS flavours) into a Skeleton.
//
// The parser streams (expat, SAX-style: no DOM of the document is built), parses into a fresh
// model and hands it over only when the whole document is valid: a broken file never leaves a
// half-loaded annotation. Errors name the source, line and column and what was expected.
// DTDs and entity declarations are rejected, so neither "billion laughs" expansion nor external
// entities can happen. Large inputs are parsed by two threads that split the document at a
// <thing> boundary; any doubt about the split (or any error) re-parses sequentially, so the
// result and the error message are the same as a sequential parse.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/Result.h"
#include "core/skeleton/NmlFlavor.h"
#include "core/skeleton/Skeleton.h"

namespace skein::skeleton {

struct NmlReadOptions {
  std::optional<NmlFlavor> flavor;  // empty: detect (KNOSSOS parameter elements => Knossos)
  std::string sourceName;           // used in error messages (usually the file path)
  bool allowParallel = true;        // use two threads for large inputs
};

struct NmlDocument {
  Skeleton skeleton;
  NmlFlavor flavor = NmlFlavor::WebKnossos;
  bool coordinatesShifted = false;    // KNOSSOS 1-based coordinates were converted to 0-based
  std::vector<std::string> warnings;  // tolerated oddities (e.g. an active node that is missing)
};

Result<NmlDocument> readNml(std::string_view bytes, const NmlReadOptions& options = {});

// Reads a file (memory-mapped); sourceName defaults to the path.
Result<NmlDocument> readNmlFile(const std::string& path, NmlReadOptions options = {});

}  // namespace skein::skeleton
