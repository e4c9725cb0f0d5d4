// bench_client: parse a dataset list of N entries (default 10000) in the shape of the recorded
// v12 answer (bench_client_list.h, ≈28 MB for 10,000) — text to DatasetInfo values, as
// WkClient::datasets does (parseDatasetList: projection, then the DOM of what is left), and, for
// comparison, the whole answer through the nlohmann DOM (parseJsonText + parseDatasets).
// "Parsed and shown" (≤ 300 ms) is measured by bench_viewer_dataset_list (the browser dock).
// Prints one JSON line: {"bench":"client_dataset_list","entries":…,"bytes":…,"ms":…,"dom_ms":…}
// with the median of the runs (default 5).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/client/ApiJson.h"
#include "tests/bench/bench_client_list.h"

namespace {

template <typename F>
double medianMs(int runs, F&& f) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    if (!f()) {
      std::fprintf(stderr, "bench_client: parse failed\n");
      std::exit(1);
    }
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  const std::string text = skein::bench::datasetListText(n);
  const auto count = static_cast<std::size_t>(n);

  const double fast = medianMs(runs, [&] {
    auto list = skein::client::parseDatasetList(text);
    return list.ok() && list->size() == count;
  });
  const double dom = medianMs(runs, [&] {
    auto parsed = skein::client::parseJsonText(text, "dataset list");
    if (!parsed.ok()) return false;
    auto list = skein::client::parseDatasets(parsed.value());
    return list.ok() && list->size() == count;
  });
  std::printf("{\"bench\":\"client_dataset_list\",\"entries\":%d,\"bytes\":%zu,\"runs\":%d,\"ms\":%.1f,\"dom_ms\":%.1f,"
              "\"target_ms\":300}\n",
              n, text.size(), runs, fast, dom);
  return 0;
}
