// bench_viewer_dataset_list: "a dataset list of 10,000 entries parsed and shown ≤ 300 ms". Times,
// per run, from the answer's bytes to the dataset browser dock showing its rows: parseDatasetList
// (as WkClient::datasets does), DatasetBrowserDock::showDatasets (model reset, status line), and
// one synchronous paint of the table. Needs a display: run it with
//   xvfb-run -a -s "-screen 0 1280x1024x24" build/…/tests/bench/bench_viewer_dataset_list [N] [runs]
// Prints one JSON line with the median (and min, max) of the runs (default 5), the medians of its
// parts (parse_ms: bytes to values; show_ms: model, status line and the paint) and the median
// process CPU time of a run (cpu_ms: what the run costs, whatever else the machine does).
#include <QApplication>
#include <QElapsedTimer>
#include <QMainWindow>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include "core/client/ApiJson.h"
#include "tests/bench/bench_client_list.h"
#include "ui/DatasetBrowserDock.h"
#include "ui/ServerConnection.h"

namespace {

// Counts paints of the table's viewport, to prove that rows were painted.
class PaintCounter : public QObject {
 public:
  int paints = 0;
  bool eventFilter(QObject*, QEvent* e) override {
    if (e->type() == QEvent::Paint) ++paints;
    return false;
  }
};

double cpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  const int n = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  const std::string text = skein::bench::datasetListText(n);

  QTemporaryDir config;
  skein::ui::ServerConnectionOptions options;
  options.configDir = config.path();
  options.useKeychain = false;
  skein::ui::ServerConnection connection(options);
  QMainWindow window;
  auto* dock = new skein::ui::DatasetBrowserDock(&connection, &window);
  window.addDockWidget(Qt::LeftDockWidgetArea, dock);
  window.resize(1100, 800);
  window.show();
  if (!QTest::qWaitForWindowExposed(&window)) {
    std::fprintf(stderr, "bench_viewer_dataset_list: the window was not shown (no display?)\n");
    return 1;
  }
  PaintCounter counter;
  dock->table()->viewport()->installEventFilter(&counter);

  std::vector<double> ms, parseMs, showMs, cpu;
  for (int run = 0; run < runs; ++run) {
    dock->showDatasets({});
    QApplication::processEvents();
    const int paintsBefore = counter.paints;
    QElapsedTimer timer;
    const double cpu0 = cpuMs();
    timer.start();
    auto list = skein::client::parseDatasetList(text);
    const double parsed = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    if (!list.ok()) {
      std::fprintf(stderr, "bench_viewer_dataset_list: %s\n", list.error().message.c_str());
      return 1;
    }
    dock->showDatasets(std::move(list).value());
    dock->table()->viewport()->repaint();
    const double elapsed = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    cpu.push_back(cpuMs() - cpu0);
    parseMs.push_back(parsed);
    showMs.push_back(elapsed - parsed);
    if (dock->rowCount() != n || counter.paints == paintsBefore || dock->cellText(n - 1, 0).isEmpty()) {
      std::fprintf(stderr, "bench_viewer_dataset_list: the rows were not shown\n");
      return 1;
    }
    ms.push_back(elapsed);
  }
  std::sort(ms.begin(), ms.end());
  std::printf("{\"bench\":\"client_dataset_list_shown\",\"entries\":%d,\"bytes\":%zu,\"runs\":%d,\"median_ms\":%.1f,"
              "\"min_ms\":%.1f,\"max_ms\":%.1f,\"parse_ms\":%.1f,\"show_ms\":%.1f,\"cpu_ms\":%.1f,\"target_ms\":300}\n",
              n, text.size(), runs, ms[ms.size() / 2], ms.front(), ms.back(), median(parseMs), median(showMs), median(cpu));
  return 0;
}
