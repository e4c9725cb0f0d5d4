// skeinctl dataset info | read
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/skeinctl/CliArgs.h"
#include "app/skeinctl/CliOutput.h"
#include "app/skeinctl/CommonOpen.h"
#include "app/skeinctl/Commands.h"
#include "core/dataset/OpenDataset.h"
#include "core/dataset/ReadBox.h"
#include "core/dataset/WebknossosProperties.h"

namespace skeinctl {

using nlohmann::json;

namespace {

const HelpText kDatasetHelp{
    "skeinctl dataset <info|read> URL [options]",
    "Describe a dataset or read voxels from it. URL is a local path or http(s)/s3/gs location of a\n"
    "webKnossos dataset (datasource-properties.json), an OME-NGFF 0.4/0.5 image or group of images, an\n"
    "N5 multiscale group, a Neuroglancer precomputed volume or a single array.\n"
    "\n"
    "subcommands:\n"
    "  info URL [--json]                                          layers, mags, bounding boxes, voxel size\n"
    "  read URL --layer L --mag M --box x,y,z,w,h,d [-o FILE]     raw voxels of a box\n"
    "\n"
    "on a server (docs/cli-server.md): show ID, set ID, sharing-token ID, upload DIR\n"};

const HelpText kInfoHelp{
    "skeinctl dataset info URL [--json]",
    "Prints the dataset's name, kind, voxel size with unit and, per layer: category, data type,\n"
    "channels, format, bounding box (mag-1 voxels) and mags.\n"
    "\n"
    "options:\n"
    "  --json   print a JSON object instead of text\n"};

const HelpText kReadHelp{
    "skeinctl dataset read URL --layer L --mag M --box x,y,z,w,h,d [-o FILE]",
    "Writes the voxels of a box exactly as the webKnossos datastore data endpoint returns them: x,y,z\n"
    "is the top-left corner in mag-1 voxels, w,h,d the size in voxels of mag M; the output is raw\n"
    "little-endian, channel fastest, then x, then y, then z (numpy: reshape(c, w, h, d, order='F')).\n"
    "Voxels outside the data read as the fill value (usually 0).\n"
    "\n"
    "options:\n"
    "  --layer L           layer name\n"
    "  --mag M             mag as 1, 2-2-1 or 2,2,1\n"
    "  --box x,y,z,w,h,d   position (mag 1) and size (mag M); sizes must be positive\n"
    "  -o, --output FILE   write to FILE instead of standard output\n"};

json datasetJson(const skein::Dataset& ds) {
  json layers = json::array();
  for (const skein::Layer& l : ds.layers) {
    json mags = json::array();
    for (const skein::Mag& m : l.mags)
      mags.push_back({{"mag", {m.factor.x, m.factor.y, m.factor.z}}, {"path", m.path}});
    json layer = {{"name", l.name},
                  {"category", skein::layerCategoryName(l.category)},
                  {"dtype", std::string(skein::dataTypeName(l.dtype))},
                  {"elementClass", skein::elementClassName(l.dtype, l.channels)},
                  {"channels", l.channels},
                  {"dataFormat", l.dataFormat},
                  {"boundingBox",
                   {{"topLeft", {l.boundingBox.min.x, l.boundingBox.min.y, l.boundingBox.min.z}},
                    {"width", l.boundingBox.size.x},
                    {"height", l.boundingBox.size.y},
                    {"depth", l.boundingBox.size.z}}},
                  {"mags", mags}};
    layer["largestSegmentId"] = l.largestSegmentId ? json(*l.largestSegmentId) : json(nullptr);
    layers.push_back(std::move(layer));
  }
  return {{"name", ds.name},
          {"location", ds.location},
          {"kind", ds.sourceKind},
          {"voxelSize", {{"factor", {ds.voxelSize.factor.x, ds.voxelSize.factor.y, ds.voxelSize.factor.z}},
                         {"unit", ds.voxelSize.unit}}},
          {"layers", layers}};
}

std::string number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

std::string datasetText(const skein::Dataset& ds) {
  std::ostringstream s;
  s << "dataset " << ds.name << " (" << ds.sourceKind << ")\n";
  s << "location " << ds.location << "\n";
  s << "voxel size " << number(ds.voxelSize.factor.x) << " x " << number(ds.voxelSize.factor.y) << " x "
    << number(ds.voxelSize.factor.z) << (ds.voxelSize.unit.empty() ? "" : " " + ds.voxelSize.unit) << "\n";
  for (const skein::Layer& l : ds.layers) {
    const skein::Box3i& b = l.boundingBox;
    s << "\nlayer " << l.name << "\n";
    s << "  category      " << skein::layerCategoryName(l.category) << "\n";
    s << "  data type     " << skein::dataTypeName(l.dtype) << (l.channels > 1 ? " x " + std::to_string(l.channels) + " channels" : "")
      << "\n";
    s << "  format        " << l.dataFormat << "\n";
    s << "  bounding box  " << b.min.toString() << " size " << b.size.x << " x " << b.size.y << " x " << b.size.z << "\n";
    s << "  mags         ";
    for (const skein::Mag& m : l.mags) s << " " << skein::magToString(m.factor);
    s << "\n";
    if (l.largestSegmentId) s << "  largest segment id " << *l.largestSegmentId << "\n";
  }
  return s.str();
}

int runInfo(const Args& args) {
  ParsedArgs p;
  std::string error;
  if (!parseArgs(args, {{"--json", "", false}}, p, error)) return usageError(kInfoHelp, error);
  if (p.help) return printHelp(kInfoHelp);
  if (p.positionals.size() != 1) return usageError(kInfoHelp, "expected exactly one URL");
  skein::StoreOpener opener;
  auto ds = skein::openDataset(opener, p.positionals[0]);
  if (!ds.ok()) return reportError(ds.error());
  printText(p.has("--json") ? datasetJson(*ds).dump(2) + "\n" : datasetText(*ds));
  return kExitOk;
}

int runRead(const Args& args) {
  ParsedArgs p;
  std::string error;
  if (!parseArgs(args, {{"--layer", "", true}, {"--mag", "", true}, {"--box", "", true}, {"--output", "-o", true}}, p,
                 error))
    return usageError(kReadHelp, error);
  if (p.help) return printHelp(kReadHelp);
  if (p.positionals.size() != 1) return usageError(kReadHelp, "expected exactly one URL");
  const auto layer = p.value("--layer");
  if (!layer || layer->empty()) return usageError(kReadHelp, "--layer is required");
  const auto magText = p.value("--mag").value_or("1");
  const auto mag = skein::parseMagString(magText);
  if (!mag) return usageError(kReadHelp, "--mag '" + magText + "' is not a mag such as 1, 2-2-1 or 2,2,1");
  const auto boxText = p.value("--box");
  if (!boxText) return usageError(kReadHelp, "--box is required");
  const auto box = parseBox(*boxText);
  if (!box) return usageError(kReadHelp, "--box '" + *boxText + "' must be six integers x,y,z,w,h,d with positive w,h,d");

  skein::StoreOpener opener;
  auto ds = skein::openDataset(opener, p.positionals[0]);
  if (!ds.ok()) return reportError(ds.error());
  QByteArray data;
  skein::ReadBoxOptions options;
  options.threads = defaultThreads();
  if (auto s = skein::readDatasetBox(&opener, *ds, *layer, *mag, *box, data, options); !s.ok())
    return reportError(s.error());
  BinaryOutput out;
  if (auto s = out.open(p.value("--output").value_or("")); !s.ok()) return reportError(s.error());
  if (auto s = out.write(data.constData(), static_cast<std::size_t>(data.size())); !s.ok()) return reportError(s.error());
  if (auto s = out.close(); !s.ok()) return reportError(s.error());
  return kExitOk;
}

}  // namespace

int runDatasetCommand(const Args& args) {
  if (args.empty()) return usageError(kDatasetHelp, "missing subcommand");
  const std::string& sub = args[0];
  const Args rest(args.begin() + 1, args.end());
  if (sub == "--help" || sub == "-h" || sub == "help") return printHelp(kDatasetHelp);
  if (sub == "info") return runInfo(rest);
  if (sub == "read") return runRead(rest);
  // Server-side dataset management (show, set, sharing-token, upload) lives with the client commands.
  if (sub == "show" || sub == "set" || sub == "sharing-token" || sub == "upload") return runServerDatasetCommand(args);
  return usageError(kDatasetHelp, "unknown dataset subcommand '" + sub + "'");
}

}  // namespace skeinctl
