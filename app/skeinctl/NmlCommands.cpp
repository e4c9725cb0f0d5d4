// skeinctl nml stats | convert | merge | validate (library functions in core/annotation/NmlTools.h)
#include <nlohmann/json.hpp>

#include <cstdio>

#include "app/skeinctl/CliArgs.h"
#include "app/skeinctl/CliOutput.h"
#include "app/skeinctl/CommonOpen.h"
#include "app/skeinctl/Commands.h"
#include "core/annotation/NmlTools.h"

namespace skeinctl {

namespace {

const HelpText kNmlHelp{
    "skeinctl nml <stats|convert|merge|validate> ...",
    "Skeleton annotations in NML files (webKnossos and KNOSSOS flavours) and annotation zips.\n"
    "\n"
    "subcommands:\n"
    "  stats FILE                       JSON: trees, nodes, edges, branchpoints, comments, groups,\n"
    "                                   user bounding boxes, bounding box of the nodes, flavour\n"
    "  convert IN OUT [--knossos]       .nml <-> .zip by OUT's extension; normalises (webKnossos\n"
    "                                   flavour unless --knossos)\n"
    "  merge A B... -o OUT [--group-per-file]\n"
    "                                   one annotation with every file's trees (ids remapped)\n"
    "  validate FILE                    exit 0 when valid; else 1 with FILE:LINE:COLUMN and what was\n"
    "                                   expected; warnings go to stderr\n"};

int runStats(const Args& args) {
  ParsedArgs p;
  std::string error;
  if (!parseArgs(args, {}, p, error)) return usageError(kNmlHelp, error);
  if (p.help) return printHelp(kNmlHelp);
  if (p.positionals.size() != 1) return usageError(kNmlHelp, "nml stats expects exactly one FILE");
  auto stats = skein::annotation::nmlStats(p.positionals[0]);
  if (!stats.ok()) return reportError(stats.error());
  printText(stats->dump(2) + "\n");
  return kExitOk;
}

int runConvert(const Args& args) {
  ParsedArgs p;
  std::string error;
  if (!parseArgs(args, {{"--knossos", "", false}}, p, error)) return usageError(kNmlHelp, error);
  if (p.help) return printHelp(kNmlHelp);
  if (p.positionals.size() != 2) return usageError(kNmlHelp, "nml convert expects IN and OUT");
  skein::skeleton::NmlWriteOptions options;
  if (p.has("--knossos")) options.flavor = skein::skeleton::NmlFlavor::Knossos;
  if (auto s = skein::annotation::convertAnnotation(p.positionals[0], p.positionals[1], options); !s.ok())
    return reportError(s.error());
  return kExitOk;
}

int runMerge(const Args& args) {
  ParsedArgs p;
  std::string error;
  if (!parseArgs(args, {{"--output", "-o", true}, {"--group-per-file", "", false}}, p, error))
    return usageError(kNmlHelp, error);
  if (p.help) return printHelp(kNmlHelp);
  if (p.positionals.empty()) return usageError(kNmlHelp, "nml merge expects at least one input file");
  const auto out = p.value("--output");
  if (!out) return usageError(kNmlHelp, "nml merge needs -o OUT");
  auto merged = skein::annotation::mergeAnnotationFiles(p.positionals, p.has("--group-per-file"));
  if (!merged.ok()) return reportError(merged.error());
  if (auto s = skein::annotation::writeAnnotationFile(*out, *merged); !s.ok()) return reportError(s.error());
  return kExitOk;
}

int runValidate(const Args& args) {
  ParsedArgs p;
  std::string error;
  if (!parseArgs(args, {}, p, error)) return usageError(kNmlHelp, error);
  if (p.help) return printHelp(kNmlHelp);
  if (p.positionals.size() != 1) return usageError(kNmlHelp, "nml validate expects exactly one FILE");
  const auto report = skein::annotation::validateAnnotation(p.positionals[0]);
  for (const auto& w : report.warnings) std::fprintf(stderr, "skeinctl: warning: %s\n", w.c_str());
  if (!report.status.ok()) return reportError(report.status.error().message, kExitFailure);
  printText(p.positionals[0] + ": valid\n");
  return kExitOk;
}

}  // namespace

int runNmlCommand(const Args& args) {
  if (args.empty()) return usageError(kNmlHelp, "missing subcommand");
  const std::string& sub = args[0];
  const Args rest(args.begin() + 1, args.end());
  if (sub == "--help" || sub == "-h" || sub == "help") return printHelp(kNmlHelp);
  if (sub == "stats") return runStats(rest);
  if (sub == "convert") return runConvert(rest);
  if (sub == "merge") return runMerge(rest);
  if (sub == "validate") return runValidate(rest);
  return usageError(kNmlHelp, "unknown nml subcommand '" + sub + "'");
}

}  // namespace skeinctl
