// skeinctl array info | cat
#include <algorithm>
#include <cmath>
#include <cstring>

#include <nlohmann/json.hpp>

#include "app/skeinctl/CliArgs.h"
#include "app/skeinctl/CliOutput.h"
#include "app/skeinctl/CommonOpen.h"
#include "app/skeinctl/Commands.h"
#include "core/format/ArrayRegion.h"
#include "core/format/SlabStream.h"

namespace skeinctl {

using nlohmann::json;

namespace {

const HelpText kArrayHelp{
    "skeinctl array <info|cat> URL [options]",
    "Inspect or dump a single chunked array. URL is a local path, file://, http(s)://, s3:// or gs:// location\n"
    "of the array folder (Zarr v3 zarr.json, Zarr v2 .zarray, N5 attributes.json, WKW header.wkw, or a\n"
    "precomputed volume's first scale).\n"
    "\n"
    "subcommands:\n"
    "  info URL            print the array's metadata as JSON\n"
    "  cat URL [-o FILE]   write all values as raw little-endian elements in C order\n"};

const HelpText kInfoHelp{
    "skeinctl array info URL",
    "Prints a JSON object with the array's format, shape, dtype, chunk_shape, shard_shape (null when not\n"
    "sharded), codecs, fill_value, dimension_names (null when unnamed) and location. Shapes are in the\n"
    "logical C order that zarr-python shows (N5: dimensions reversed; WKW: [z, y, x, c];\n"
    "precomputed: [c, z, y, x]).\n"};

const HelpText kCatHelp{
    "skeinctl array cat URL [-o FILE]",
    "Writes every element of the array as raw little-endian values in C order over the logical shape\n"
    "(the order zarr-python exposes; N5 dimensions reversed) to FILE or standard output. Absent chunks\n"
    "read as the fill value. The array is streamed one row of chunks (along the first dimension longer\n"
    "than 1) at a time, read on all cores (16 requests in flight for http(s) locations) while the\n"
    "previous row is written, so memory stays bounded by about two chunk rows.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE   write to FILE instead of standard output\n"};

json elementToJson(const QByteArray& bytes, skein::DataType t) {
  if (bytes.size() != static_cast<qsizetype>(skein::dataTypeSize(t))) return nullptr;
  auto get = [&](auto v) {
    std::memcpy(&v, bytes.constData(), sizeof(v));
    return v;
  };
  auto floating = [](double d) -> json {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    return d;
  };
  switch (t) {
    case skein::DataType::Bool: return get(std::uint8_t{}) != 0;
    case skein::DataType::Int8: return get(std::int8_t{});
    case skein::DataType::Int16: return get(std::int16_t{});
    case skein::DataType::Int32: return get(std::int32_t{});
    case skein::DataType::Int64: return get(std::int64_t{});
    case skein::DataType::UInt8: return get(std::uint8_t{});
    case skein::DataType::UInt16: return get(std::uint16_t{});
    case skein::DataType::UInt32: return get(std::uint32_t{});
    case skein::DataType::UInt64: return get(std::uint64_t{});
    case skein::DataType::Float32: return floating(get(float{}));
    case skein::DataType::Float64: return floating(get(double{}));
    case skein::DataType::Float16: return "0x" + bytes.toHex().toStdString();
  }
  return nullptr;
}

json arrayInfoJson(const skein::ArrayMeta& m) {
  json names = nullptr;
  if (!m.dimensionNames.empty()) {
    names = json::array();
    for (const auto& n : m.dimensionNames) names.push_back(n.empty() ? json(nullptr) : json(n));
  }
  return {{"format", m.format},
          {"location", m.location},
          {"shape", m.shape},
          {"dtype", std::string(skein::dataTypeName(m.dtype))},
          {"chunk_shape", m.chunkShape},
          {"shard_shape", m.shardShape.empty() ? json(nullptr) : json(m.shardShape)},
          {"codecs", m.codecs},
          {"fill_value", elementToJson(m.fillValue, m.dtype)},
          {"dimension_names", names}};
}

int runInfo(const Args& args) {
  ParsedArgs p;
  std::string error;
  if (!parseArgs(args, {}, p, error)) return usageError(kInfoHelp, error);
  if (p.help) return printHelp(kInfoHelp);
  if (p.positionals.size() != 1) return usageError(kInfoHelp, "expected exactly one URL");
  skein::StoreOpener opener;
  auto array = openArrayAt(opener, p.positionals[0]);
  if (!array.ok()) return reportError(array.error());
  printText(arrayInfoJson((*array)->meta()).dump(2) + "\n");
  return kExitOk;
}

// Rows of dimension `dim` per step: one row of chunks, fewer when that would exceed the budget.
std::int64_t rowsPerStep(const skein::ArrayMeta& m, std::size_t dim, std::int64_t bytesPerRow) {
  constexpr std::int64_t kStepBudget = std::int64_t{96} << 20;
  const std::int64_t chunkRows = std::max<std::int64_t>(1, dim < m.chunkShape.size() ? m.chunkShape[dim] : 1);
  if (bytesPerRow <= 0) return chunkRows;
  if (chunkRows * bytesPerRow <= kStepBudget) return chunkRows;
  return std::max<std::int64_t>(1, kStepBudget / bytesPerRow);
}

// Reader threads: one per core for local files; remote chunks spend most of their time in flight,
// so many more requests are kept going (bounded by the HTTP client's per-host limit).
int catThreads(const std::string& location) {
  constexpr int kRemoteRequestsInFlight = 16;
  auto parsed = skein::parseLocation(location);
  const bool remote = parsed.ok() && parsed->kind == skein::ParsedLocation::Kind::Http;
  return remote ? std::max(kRemoteRequestsInFlight, defaultThreads()) : defaultThreads();
}

skein::Status catArray(const skein::ChunkedArray& array, BinaryOutput& out, int threads) {
  const skein::ArrayMeta& m = array.meta();
  const std::size_t nd = m.shape.size();
  const std::int64_t es = static_cast<std::int64_t>(m.elementSize());
  skein::RegionReadOptions options;
  options.threads = threads;
  if (nd == 0) {
    QByteArray one = skein::uninitializedBytes(static_cast<qsizetype>(es));
    SKEIN_TRY(skein::readRegion(array, {}, {}, one.data(), options));
    return out.write(one.constData(), static_cast<std::size_t>(es));
  }
  for (std::int64_t s : m.shape)
    if (s == 0) return {};
  // Stream along the first dimension longer than 1: leading dimensions of size 1 (a channel axis
  // of 1, say) do not change the C order, so each slab is still one contiguous piece of output.
  skein::SlabStreamOptions slabs;
  while (slabs.dim + 1 < nd && m.shape[slabs.dim] == 1) ++slabs.dim;
  std::int64_t bytesPerRow = es;
  for (std::size_t d = slabs.dim + 1; d < nd; ++d) bytesPerRow *= m.shape[d];
  slabs.rowsPerSlab = rowsPerStep(m, slabs.dim, bytesPerRow);
  slabs.threads = threads;
  // The next slab is read while this one is written out.
  return skein::streamSlabs(array, slabs, [&out](const std::uint8_t* data, std::size_t bytes) {
    return out.write(data, bytes);
  });
}

int runCat(const Args& args) {
  ParsedArgs p;
  std::string error;
  if (!parseArgs(args, {{"--output", "-o", true}}, p, error)) return usageError(kCatHelp, error);
  if (p.help) return printHelp(kCatHelp);
  if (p.positionals.size() != 1) return usageError(kCatHelp, "expected exactly one URL");
  skein::StoreOpener opener;
  auto array = openArrayAt(opener, p.positionals[0]);
  if (!array.ok()) return reportError(array.error());
  BinaryOutput out;
  if (auto s = out.open(p.value("--output").value_or("")); !s.ok()) return reportError(s.error());
  if (auto s = catArray(**array, out, catThreads(p.positionals[0])); !s.ok()) return reportError(s.error());
  if (auto s = out.close(); !s.ok()) return reportError(s.error());
  return kExitOk;
}

}  // namespace

int runArrayCommand(const Args& args) {
  if (args.empty()) return usageError(kArrayHelp, "missing subcommand");
  const std::string& sub = args[0];
  const Args rest(args.begin() + 1, args.end());
  if (sub == "--help" || sub == "-h" || sub == "help") return printHelp(kArrayHelp);
  if (sub == "info") return runInfo(rest);
  if (sub == "cat") return runCat(rest);
  return usageError(kArrayHelp, "unknown array subcommand '" + sub + "'");
}

}  // namespace skeinctl
