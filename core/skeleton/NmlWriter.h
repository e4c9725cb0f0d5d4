#pragma once
// Writing a Skeleton as NML (webKnossos flavour by default).
//
// webKnossos flavour: everything in the model, in the order webKnossos writes it; unknown
// attributes and elements are written back. Node attributes whose value equals the parsers'
// documented default (rotation 0, inVp 0, inMag 0, bitDepth 0, interpolation false, time 0) are
// omitted unless writeDefaultNodeAttributes; radius is always written.
// KNOSSOS flavour: 1-based coordinates, tree name in thing@comment, colour -1 for "default",
// comments before branch points; what KNOSSOS cannot represent (groups, metadata, bounding boxes,
// volumes, node rotation/bitDepth/interpolation) is not written.

#include <string>

#include "core/base/Result.h"
#include "core/skeleton/NmlFlavor.h"
#include "core/skeleton/Skeleton.h"

namespace skein::skeleton {

struct NmlWriteOptions {
  NmlFlavor flavor = NmlFlavor::WebKnossos;
  bool writeDefaultNodeAttributes = false;
};

std::string writeNml(const Skeleton& skeleton, const NmlWriteOptions& options = {});

// Writes atomically (temporary file, fsync, rename).
Status writeNmlFile(const std::string& path, const Skeleton& skeleton, const NmlWriteOptions& options = {});

}  // namespace skein::skeleton
