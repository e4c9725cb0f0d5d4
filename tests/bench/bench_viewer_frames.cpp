// Viewer frame-time and memory benchmark (real window: run under xvfb-run).
//   bench_viewer_frames DATASET [--frames N] [--ram-mib M] [--gpu-mib G] [--sweep]
// 1. Opens DATASET in a 1280×1024 main window (four viewports) and waits until complete.
// 2. Moves one slice per frame through N slices once to load them, then again, timing every
//    frame (all three slice viewports repainted synchronously, glFinish included): median, p95.
// 3. --sweep: moves steadily through the whole dataset (z, then x) with the given budgets and
//    samples the resident memory (RSS) every frame.
// Prints JSON lines.
#include <QApplication>
#include <QElapsedTimer>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QtTest/QTest>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <vector>

#include "render/GlSupport.h"
#include "ui/MainWindow.h"
#include "ui/SliceViewport.h"
#include "ui/ViewerSession.h"

namespace {

double rssMiB() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * 4096.0 / (1 << 20);
}

bool waitComplete(skein::ui::MainWindow& w, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < timeoutMs) {
    QApplication::processEvents(QEventLoop::AllEvents, 5);
    bool all = true;
    for (auto* v : w.sliceViewports()) all = all && v->frameInfo().complete;
    if (all && w.session()->engine().readyCount() == 0) return true;
  }
  return false;
}

double paintAll(skein::ui::MainWindow& w) {
  QElapsedTimer t;
  t.start();
  for (auto* v : w.sliceViewports()) {
    v->repaint();
    v->makeCurrent();
    v->context()->functions()->glFinish();
    v->doneCurrent();
  }
  return t.nsecsElapsed() / 1e6;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(std::min<double>(v.size() - 1, p * (v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  skein::render::prepareOpenGlBeforeApplication();
  QApplication app(argc, argv);
  QStringList args = app.arguments();
  if (args.size() < 2) {
    std::fprintf(stderr, "usage: bench_viewer_frames DATASET [--frames N] [--ram-mib M] [--gpu-mib G] [--sweep]\n");
    return 2;
  }
  auto intArg = [&](const char* name, int def) {
    const int i = args.indexOf(name);
    return i > 0 && i + 1 < args.size() ? args[i + 1].toInt() : def;
  };
  const int frames = intArg("--frames", 300);
  skein::ui::ViewerSession session;
  skein::StreamSettings settings = session.streamSettings();
  settings.ramBudgetBytes = std::int64_t(intArg("--ram-mib", 2048)) << 20;
  settings.gpuBudgetBytes = std::int64_t(intArg("--gpu-mib", 1024)) << 20;
  session.setStreamSettings(settings);
  const double rssBefore = rssMiB();
  if (auto s = session.open(args[1]); !s.ok()) {
    std::fprintf(stderr, "bench_viewer_frames: %s\n", s.error().message.c_str());
    return 1;
  }
  skein::ui::MainWindow window(&session);
  window.resize(1280, 1024);
  window.show();
  if (!QTest::qWaitForWindowExposed(&window) || !waitComplete(window, 60000)) {
    std::fprintf(stderr, "bench_viewer_frames: the first view did not complete\n");
    return 1;
  }
  const skein::Box3i box = session.dataset()->layers.front().boundingBox;
  skein::Vec3d p = session.position();
  const double z0 = std::max<double>(box.min.z, p.z - frames / 2);
  // Pass 1 loads the slices; pass 2 measures frames through cached data.
  for (int i = 0; i < frames; ++i) {
    session.setPosition({p.x, p.y, z0 + i});
    waitComplete(window, 10000);
  }
  std::vector<double> times;
  for (int i = 0; i < frames; ++i) {
    session.setPosition({p.x, p.y, z0 + i});
    QApplication::processEvents();
    times.push_back(paintAll(window));
  }
  std::printf("{\"bench\":\"viewer_frames\",\"frames\":%d,\"median_ms\":%.2f,\"p95_ms\":%.2f,\"max_ms\":%.2f}\n",
              frames, percentile(times, 0.5), percentile(times, 0.95), percentile(times, 1.0));
  std::fflush(stdout);

  if (args.contains("--sweep")) {
    double peak = 0;
    int steps = 0;
    for (double z = box.min.z; z < box.max().z; z += 2, ++steps) {
      session.setPosition({p.x, p.y, z});
      waitComplete(window, 5000);
      peak = std::max(peak, rssMiB());
    }
    for (double x = box.min.x; x < box.max().x; x += 2, ++steps) {
      session.setPosition({x, p.y, p.z});
      waitComplete(window, 5000);
      peak = std::max(peak, rssMiB());
    }
    const double budget = (settings.ramBudgetBytes + settings.gpuBudgetBytes) / double(1 << 20);
    std::printf("{\"bench\":\"viewer_memory_sweep\",\"steps\":%d,\"rss_before_open_mib\":%.1f,\"peak_rss_mib\":%.1f,"
                "\"ram_plus_gpu_budget_mib\":%.1f,\"peak_minus_baseline_mib\":%.1f,\"within_budget_plus_10pct\":%s}\n",
                steps, rssBefore, peak, budget, peak - rssBefore,
                (peak - rssBefore) <= budget * 1.1 ? "true" : "false");
  }
  return 0;
}
