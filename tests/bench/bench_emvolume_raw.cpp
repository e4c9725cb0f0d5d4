// Writes the sample generator's EM-like uint8 volume (size^3, C order, x fastest) as a raw file,
// slab by slab on all cores: the input of the I/O benchmark's python3-zarr writer.
//   bench_emvolume_raw OUT_FILE [SIZE] [SEED]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "core/sample/EmVolume.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_emvolume_raw OUT_FILE [SIZE] [SEED]\n");
    return 2;
  }
  const std::int64_t size = argc > 2 ? std::atoll(argv[2]) : 1024;
  const std::uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
  skein::sample::EmVolumeParams params;
  params.seed = seed;
  params.size = {size, size, size};
  const skein::sample::EmVolume volume(params);
  std::FILE* out = std::fopen(argv[1], "wb");
  if (!out) {
    std::fprintf(stderr, "bench_emvolume_raw: cannot write %s\n", argv[1]);
    return 1;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const std::int64_t slab = 32;
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::uint8_t> buffer(static_cast<std::size_t>(size * size * slab));
  for (std::int64_t z0 = 0; z0 < size; z0 += slab) {
    const std::int64_t d = std::min(slab, size - z0);
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        for (std::int64_t z = static_cast<std::int64_t>(t); z < d; z += threads)
          volume.fill({{0, 0, z0 + z}, {size, size, 1}}, buffer.data() + z * size * size, nullptr);
      });
    for (auto& th : pool) th.join();
    if (std::fwrite(buffer.data(), 1, static_cast<std::size_t>(d * size * size), out) !=
        static_cast<std::size_t>(d * size * size)) {
      std::fprintf(stderr, "bench_emvolume_raw: write failed\n");
      return 1;
    }
  }
  std::fclose(out);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("{\"bench\":\"emvolume_raw\",\"size\":%lld,\"seconds\":%.2f}\n", static_cast<long long>(size), s);
  return 0;
}
