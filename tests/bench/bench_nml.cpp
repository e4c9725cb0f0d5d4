// NML benchmark: generates a skeleton of 1,000,000 nodes and edges in 1,000 trees (with
// comments and branch points), writes it as NML, then parses it back in a fresh process and
// reports wall times and the resident memory per node after loading, as one JSON object.
//
//   bench_nml [--nodes N] [--trees T] [--file PATH] [--keep]   generate, write, parse (child)
//   bench_nml parse PATH                                        parse only (used as the child)
//
// Targets (issue 4): parse <= 1.5 s, write <= 1.5 s, <= 150 bytes/node resident after loading.
// tests/bench/nml_vs_etree.py runs this and times Python's xml.etree on the same file.

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "core/skeleton/AtomicFile.h"
#include "core/skeleton/NmlReader.h"
#include "core/skeleton/NmlWriter.h"

using namespace skein::skeleton;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// CPU seconds of this process (all threads): the machine is shared, so wall time alone can mislead.
double cpuSeconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double loadAverage() {
  std::ifstream f("/proc/loadavg");
  double load = 0;
  f >> load;
  return load;
}

std::size_t residentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

Skeleton generate(int nodeCount, int treeCount) {
  Skeleton sk;
  sk.parameters.datasetName = "bench_dataset";
  sk.parameters.organization = "bench_org";
  sk.parameters.voxelSize = skein::Vec3d{11.24, 11.24, 28};
  sk.parameters.voxelUnit = "nanometer";
  sk.parameters.timeMs = 1700000000000;
  sk.groups.push_back({1, "all neurons", kNoGroup, true, {}});
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> step(-20, 20), stepZ(-2, 2), start(1000, 90000), vp(0, 2);
  int perTree = nodeCount / treeCount;
  NodeId nextId = 1;
  std::int64_t time = 1700000000000;
  sk.suspendSpatialIndex();
  sk.reserveNodes(static_cast<std::size_t>(nodeCount));
  for (int t = 0; t < treeCount; ++t) {
    TreeId treeId = t + 1;
    TreeProperties props;
    props.name = "neuron_" + std::to_string(t);
    props.color = Rgba{0.2, 0.5 + (t % 5) * 0.1, 0.9, 1.0};
    props.groupId = 1;
    props.type = "DEFAULT";
    (void)sk.addTree(treeId, props);
    double x = start(rng), y = start(rng), z = start(rng) % 5000;
    std::vector<Edge> edges;
    NodeId first = nextId;
    for (int i = 0; i < perTree; ++i) {
      x += step(rng);
      y += step(rng);
      z += stepZ(rng);
      Node n;
      n.id = nextId++;
      n.treeId = treeId;
      n.position = {x, y, z};
      n.radius = 1.5f;
      n.viewport = static_cast<std::int8_t>(vp(rng));
      n.mag = 1;
      n.bitDepth = 8;
      n.time = time++;
      (void)sk.addNode(n);
      // A chain with a side branch every 100 nodes: still one connected tree.
      if (i > 0) edges.push_back({i % 100 == 0 && i >= 200 ? n.id - 150 : n.id - 1, n.id});
      if (i % 50 == 0) sk.comments.push_back({n.id, "checked & ok <" + std::to_string(i) + ">", {}});
      if (i % 100 == 0) sk.branchPoints.push_back({n.id, time, {}});
    }
    (void)first;
    sk.adoptTreeEdges(treeId, std::move(edges));
  }
  sk.activeNode = nextId - 1;
  sk.rebuildSpatialIndex();
  return sk;
}

int parseOnly(const std::string& path) {
  std::size_t before = residentBytes();
  double cpu0 = cpuSeconds();
  auto t0 = Clock::now();
  auto doc = readNmlFile(path);
  double parseSeconds = secondsSince(t0);
  double parseCpu = cpuSeconds() - cpu0;
  if (!doc.ok()) {
    std::fprintf(stderr, "%s\n", doc.error().message.c_str());
    return 1;
  }
  std::size_t after = residentBytes();
  const Skeleton& sk = doc->skeleton;
  nlohmann::json j;
  j["parse_s"] = parseSeconds;
  j["parse_cpu_s"] = parseCpu;
  j["nodes"] = sk.nodeCount();
  j["edges"] = sk.edgeCount();
  j["trees"] = sk.trees().size();
  j["comments"] = sk.comments.size();
  j["branchpoints"] = sk.branchPoints.size();
  j["rss_before_bytes"] = before;
  j["rss_after_bytes"] = after;
  j["bytes_per_node"] = sk.nodeCount() ? double(after - before) / double(sk.nodeCount()) : 0.0;
  j["spatial_index_bytes"] = sk.spatialIndex().memoryBytes();
  std::printf("%s\n", j.dump().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "parse") == 0) return parseOnly(argv[2]);
  int nodes = 1000000, trees = 1000;
  bool keep = false;
  std::string file = (std::filesystem::temp_directory_path() / ("bench_nml_" + std::to_string(::getpid()) + ".nml")).string();
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--nodes" && i + 1 < argc) nodes = std::atoi(argv[++i]);
    else if (a == "--trees" && i + 1 < argc) trees = std::atoi(argv[++i]);
    else if (a == "--file" && i + 1 < argc) file = argv[++i];
    else if (a == "--keep") keep = true;
    else {
      std::fprintf(stderr, "usage: bench_nml [--nodes N] [--trees T] [--file PATH] [--keep] | parse PATH\n");
      return 2;
    }
  }
  nlohmann::json result;
  {
    Skeleton sk = generate(nodes, trees);
    double cpu0 = cpuSeconds();
    auto t0 = Clock::now();
    std::string text = writeNml(sk);
    double serialize = secondsSince(t0);
    double serializeCpu = cpuSeconds() - cpu0;
    text.clear();
    text.shrink_to_fit();
    // The timed write: serialise + temporary file + fsync + rename, as an application saves.
    auto t1 = Clock::now();
    if (auto s = writeNmlFile(file, sk); !s.ok()) {
      std::fprintf(stderr, "%s\n", s.error().message.c_str());
      return 1;
    }
    result["write_s"] = secondsSince(t1);
    result["file"] = file;
    result["file_bytes"] = std::filesystem::file_size(file);
    result["serialize_only_s"] = serialize;
    result["serialize_cpu_s"] = serializeCpu;
  }
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  std::string command = "'" + self + "' parse '" + file + "'";
  FILE* child = ::popen(command.c_str(), "r");
  std::string output;
  char buf[4096];
  while (child && std::fgets(buf, sizeof buf, child)) output += buf;
  int status = child ? ::pclose(child) : -1;
  if (status != 0) {
    std::fprintf(stderr, "parse child failed\n");
    return 1;
  }
  nlohmann::json parsed = nlohmann::json::parse(output, nullptr, false);
  result.update(parsed);
  result["load_average"] = loadAverage();
  result["targets"] = {{"parse_s", 1.5}, {"write_s", 1.5}, {"bytes_per_node", 150}};
  result["pass"] = parsed.value("parse_s", 1e9) <= 1.5 && result["write_s"].get<double>() <= 1.5 &&
                   parsed.value("bytes_per_node", 1e9) <= 150 && parsed.value("nodes", 0) == nodes;
  if (!keep) std::filesystem::remove(file);
  std::printf("%s\n", result.dump(2).c_str());
  return 0;
}
