#pragma once
// Library functions behind `skeinctl nml stats|convert|merge|validate`. Inputs may be .nml files
// or annotation zips.

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/annotation/AnnotationFile.h"
#include "core/base/Result.h"

namespace skein::annotation {

// Counts and the bounding box of the nodes, as JSON (see skeleton::statsToJson), plus "flavor".
Result<nlohmann::json> nmlStats(const std::string& path);

// Reads `input` and writes it to `output` (.zip or .nml by the output's extension), normalised:
// webKnossos element order and formatting, KNOSSOS coordinates converted unless writing the
// KNOSSOS flavour.
Status convertAnnotation(const std::string& input, const std::string& output,
                         const skeleton::NmlWriteOptions& options = {});

// Merges several files: the first one's parameters, meta and volumes are kept; every file's
// trees, groups, comments and branch points are imported with fresh ids (optionally one new
// group per file, named after the file).
Result<AnnotationFile> mergeAnnotationFiles(const std::vector<std::string>& inputs, bool groupPerFile);

struct ValidationReport {
  Status status;                      // error: "<file>:<line>:<column>: what was expected"
  std::vector<std::string> warnings;  // valid but noteworthy (e.g. a disconnected tree)
};
ValidationReport validateAnnotation(const std::string& path);

}  // namespace skein::annotation
