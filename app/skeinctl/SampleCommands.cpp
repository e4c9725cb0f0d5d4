// skeinctl sample create
#include <chrono>
#include <cstdio>

#include <QDir>
#include <QString>

#include "app/skeinctl/CliArgs.h"
#include "app/skeinctl/CliOutput.h"
#include "app/skeinctl/CommonOpen.h"
#include "app/skeinctl/Commands.h"
#include "core/sample/SampleDataset.h"
#include "core/store/FileStore.h"

namespace skeinctl {

namespace {

const HelpText kSampleHelp{
    "skeinctl sample create DIR [options]",
    "Creates synthetic data.\n"
    "\n"
    "subcommands:\n"
    "  create DIR [--size N] [--format zarr3|zarr|wkw|n5] [--seed S]   write a sample EM dataset\n"};

const HelpText kCreateHelp{
    "skeinctl sample create DIR [--size N] [--format zarr3|zarr|wkw|n5] [--seed S] [--threads T] [--force]",
    "Writes a deterministic synthetic EM dataset to DIR (created if needed): a `color` uint8 layer\n"
    "(cells = 3D Voronoi regions with dark membranes, darker mitochondria-like organelles, smooth\n"
    "intensity variation and noise) and a `segmentation` uint32 layer whose ids are the cells, each\n"
    "with mags 1, 2-2-2, 4-4-4, ... (at least 4, more while the coarsest side stays >= 32 voxels),\n"
    "plus a webKnossos datasource-properties.json (voxel size 8 x 8 x 8 nanometer). The same seed\n"
    "and size always give the same voxels.\n"
    "\n"
    "options:\n"
    "  --size N       edge length in voxels of the cube (default 256; 16 to 8192)\n"
    "  --format F     zarr3 (default; sharded 256^3 shards of 32^3 chunks, blosc lz4), zarr (v2, 64^3\n"
    "                 chunks, blosc lz4), wkw (LZ4 blocks) or n5 (64^3 blocks, blosc lz4)\n"
    "  --seed S       unsigned integer seed (default 1)\n"
    "  --threads T    worker threads (default: one per core)\n"
    "  --force        write into DIR even when it is not empty\n"};

int runCreate(const Args& args) {
  ParsedArgs p;
  std::string error;
  if (!parseArgs(args,
                 {{"--size", "", true}, {"--format", "", true}, {"--seed", "", true}, {"--threads", "", true},
                  {"--force", "", false}},
                 p, error))
    return usageError(kCreateHelp, error);
  if (p.help) return printHelp(kCreateHelp);
  if (p.positionals.size() != 1) return usageError(kCreateHelp, "expected exactly one target directory");

  skein::sample::SampleDatasetOptions options;
  if (auto s = p.value("--size")) {
    auto n = parseInteger(*s);
    if (!n || *n < skein::sample::kSampleMinSize || *n > skein::sample::kSampleMaxSize)
      return usageError(kCreateHelp, "--size must be an integer from 16 to 8192");
    options.size = {*n, *n, *n};
  }
  options.format = p.value("--format").value_or("zarr3");
  if (!skein::sample::isSampleFormat(options.format))
    return usageError(kCreateHelp, "--format must be zarr3, zarr, wkw or n5, not '" + options.format + "'");
  if (auto s = p.value("--seed")) {
    auto seed = parseUnsigned(*s);
    if (!seed) return usageError(kCreateHelp, "--seed must be an unsigned integer");
    options.seed = *seed;
  }
  if (auto s = p.value("--threads")) {
    auto t = parseInteger(*s);
    if (!t || *t < 1 || *t > 1024) return usageError(kCreateHelp, "--threads must be an integer from 1 to 1024");
    options.threads = static_cast<int>(*t);
  }

  const QString dir = QString::fromStdString(p.positionals[0]);
  QDir d(dir);
  if (d.exists() && !d.isEmpty() && !p.has("--force"))
    return reportError(p.positionals[0] + " is not empty (use --force to write into it anyway)", kExitFailure);
  if (!d.mkpath("."))
    return reportError("cannot create directory " + p.positionals[0], kExitFailure);
  auto store = std::make_shared<skein::FileStore>(dir, skein::FileStore::Mode::ReadWrite);
  const auto start = std::chrono::steady_clock::now();
  if (auto s = skein::sample::createSampleDataset(store, options); !s.ok()) return reportError(s.error());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "skeinctl: wrote %lld^3 %s sample to %s in %.2f s\n", static_cast<long long>(options.size.x),
               options.format.c_str(), store->root().toStdString().c_str(), seconds);
  return kExitOk;
}

}  // namespace

int runSampleCommand(const Args& args) {
  if (args.empty()) return usageError(kSampleHelp, "missing subcommand");
  const std::string& sub = args[0];
  const Args rest(args.begin() + 1, args.end());
  if (sub == "--help" || sub == "-h" || sub == "help") return printHelp(kSampleHelp);
  if (sub == "create") return runCreate(rest);
  return usageError(kSampleHelp, "unknown sample subcommand '" + sub + "'");
}

}  // namespace skeinctl
