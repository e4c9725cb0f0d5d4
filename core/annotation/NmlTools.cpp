#include "core/annotation/NmlTools.h"

#include <numeric>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/annotation/SkeletonOps.h"
#include "core/skeleton/SkeletonStats.h"

namespace skein::annotation {

namespace {

using namespace skein::skeleton;

std::string baseName(const std::string& path) {
  auto slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  auto dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

// Number of connected components of each tree with more than one.
std::vector<std::pair<TreeId, std::size_t>> disconnectedTrees(const Skeleton& s) {
  std::unordered_map<NodeId, std::uint32_t> local;
  local.reserve(s.nodeCount());
  std::vector<std::uint32_t> parent(s.nodeCount());
  std::iota(parent.begin(), parent.end(), 0u);
  for (std::uint32_t i = 0; i < s.nodes().size(); ++i) local.emplace(s.nodes()[i].id, i);
  auto find = [&](std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const Tree& t : s.trees())
    for (const Edge& e : t.edges) {
      std::uint32_t a = find(local.at(e.source)), b = find(local.at(e.target));
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  std::unordered_map<TreeId, std::size_t> roots;
  for (std::uint32_t i = 0; i < s.nodes().size(); ++i)
    if (find(i) == i) ++roots[s.nodes()[i].treeId];
  std::vector<std::pair<TreeId, std::size_t>> out;
  for (const Tree& t : s.trees())
    if (roots[t.id] > 1) out.emplace_back(t.id, roots[t.id]);
  return out;
}

}  // namespace

Result<nlohmann::json> nmlStats(const std::string& path) {
  SKEIN_ASSIGN_OR_RETURN(AnnotationFile file, readAnnotationFile(path));
  nlohmann::json j = statsToJson(computeStats(file.nml.skeleton));
  j["flavor"] = file.nml.flavor == NmlFlavor::Knossos ? "knossos" : "webknossos";
  return j;
}

Status convertAnnotation(const std::string& input, const std::string& output, const NmlWriteOptions& options) {
  SKEIN_ASSIGN_OR_RETURN(AnnotationFile file, readAnnotationFile(input));
  if (!file.fromZip) file.nmlName = baseName(output) + ".nml";  // a new zip is named after itself
  return writeAnnotationFile(output, file, options);
}

Result<AnnotationFile> mergeAnnotationFiles(const std::vector<std::string>& inputs, bool groupPerFile) {
  if (inputs.empty()) return makeError(ErrorCode::InvalidArgument, "nothing to merge: no input files");
  AnnotationFile merged;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    SKEIN_ASSIGN_OR_RETURN(AnnotationFile file, readAnnotationFile(inputs[i]));
    if (i == 0) {
      Skeleton& target = merged.nml.skeleton;
      target.parameters = file.nml.skeleton.parameters;
      target.meta = file.nml.skeleton.meta;
      target.volumes = file.nml.skeleton.volumes;
      target.userBoundingBoxes = file.nml.skeleton.userBoundingBoxes;
      target.extraElements = file.nml.skeleton.extraElements;
      merged.volumeData = std::move(file.volumeData);
      merged.otherFiles = std::move(file.otherFiles);
      merged.nmlName = file.nmlName;
      merged.nml.flavor = file.nml.flavor;
    } else if (!file.nml.skeleton.volumes.empty()) {
      merged.nml.warnings.push_back(inputs[i] + ": volume layers are not merged; only the first file's are kept");
    }
    ChangeRecorder recorder(merged.nml.skeleton);
    ImportOptions options{groupPerFile, baseName(inputs[i])};
    Result<ImportResult> imported = ops::importSkeleton(recorder, file.nml.skeleton, options);
    if (!imported.ok()) return imported.error().withContext("merging " + inputs[i]);
    if (i == 0 && file.nml.skeleton.activeNode)
      merged.nml.skeleton.activeNode = static_cast<NodeId>(*file.nml.skeleton.activeNode + imported->nodeIdOffset);
    for (std::string& w : file.nml.warnings) merged.nml.warnings.push_back(inputs[i] + ": " + w);
  }
  Skeleton& s = merged.nml.skeleton;
  if (s.activeNode) s.activeTree = s.node(*s.activeNode)->treeId;
  return merged;
}

ValidationReport validateAnnotation(const std::string& path) {
  ValidationReport report;
  Result<AnnotationFile> file = readAnnotationFile(path);
  if (!file.ok()) {
    report.status = file.error();
    return report;
  }
  report.warnings = file->nml.warnings;
  const Skeleton& s = file->nml.skeleton;
  if (Status invariants = s.checkInvariants(); !invariants.ok()) {
    report.status = invariants.error();
    return report;
  }
  for (auto [tree, pieces] : disconnectedTrees(s))
    report.warnings.push_back("tree " + std::to_string(tree) + " is not connected (" + std::to_string(pieces) +
                              " pieces); webKnossos splits such trees on upload");
  if (file->nml.coordinatesShifted)
    report.warnings.push_back("KNOSSOS file with 1-based coordinates: positions were converted to 0-based");
  return report;
}

}  // namespace skein::annotation
