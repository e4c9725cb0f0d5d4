// Viewer frame-time and memory benchmark (real window: run under xvfb-run).
//   bench_viewer_frames DATASET [--frames N] [--ram-mib M] [--gpu-mib G] [--sweep] [--sweep-only]
//                              [--sweep-step S] [--hide-segmentation]
// 1. Opens DATASET in a 1280×1024 main window (four viewports) and waits until complete.
// 2. Moves one slice per frame through N slices once to load them, then again, timing what a user
//    sees: the time between consecutive presented frames (a frame is presented when all three slice
//    viewports have swapped a frame drawn after the move) while the position moves one slice per
//    presented frame. All four viewports take part: the three slices repaint every frame and the 3D
//    view whenever its planes are refreshed. Median, p95, max.
// 3. --sweep: moves steadily through the whole dataset (z, then x; S voxels a frame, waiting at
//    most 200 ms for each view to complete) with the given budgets, sampling the resident memory
//    (RSS) and the caches' byte counts every frame. Reports peak RSS minus the RSS before the
//    dataset was opened, against RAM + GPU budget (llvmpipe keeps textures in process memory).
// Prints JSON lines.
#include <QApplication>
#include <QElapsedTimer>
#include <QtTest/QTest>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>
#include <malloc.h>

#include "core/stream/MemoryTuning.h"
#include "render/GlSupport.h"
#include "ui/MainWindow.h"
#include "ui/SliceViewport.h"
#include "ui/ViewerSession.h"
#include "ui/Viewport3D.h"

namespace {

// CPU time of the whole process (all threads, llvmpipe's included), in ms: a frame's cost that
// does not depend on how busy the shared machine is.
double cpuMs() {
  std::ifstream stat("/proc/self/stat");
  std::string field;
  long long utime = 0, stime = 0;
  for (int i = 1; i <= 15 && stat >> field; ++i) {
    if (i == 14) utime = std::stoll(field);
    if (i == 15) stime = std::stoll(field);
  }
  return (utime + stime) * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double rssMiB() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * 4096.0 / (1 << 20);
}

bool viewsComplete(skein::ui::MainWindow& w) {
  for (auto* v : w.sliceViewports())
    if (!v->frameInfo().complete) return false;
  return w.session()->engine().readyCount() == 0;
}

bool waitComplete(skein::ui::MainWindow& w, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < timeoutMs) {
    QApplication::processEvents(QEventLoop::AllEvents, 5);
    if (viewsComplete(w)) return true;
  }
  return false;
}

// Time stamps of the frames the slice viewports present (each swaps its own native window).
struct SwapClock {
  QElapsedTimer clock;
  std::int64_t swaps[3] = {0, 0, 0};
  double swapMs[3] = {0, 0, 0};
  double lastMs = 0;  // when the last complete frame (all three planes presented anew) was shown
  explicit SwapClock(skein::ui::MainWindow& w) {
    clock.start();
    for (int i = 0; i < 3; ++i) {
      auto* v = w.sliceViewports()[static_cast<std::size_t>(i)];
      QObject::connect(v, &skein::ui::GlSurfaceWidget::frameSwapped, v, [this, i] {
        ++swaps[i];
        swapMs[i] = clock.nsecsElapsed() / 1e6;
      });
    }
  }
  // Processes events until every slice viewport has presented a frame it drew after this call.
  bool waitFrame(skein::ui::MainWindow& w, int timeoutMs = 5000) {
    std::int64_t drawn[3], swapped[3];
    for (int i = 0; i < 3; ++i) {
      drawn[i] = w.sliceViewports()[static_cast<std::size_t>(i)]->frameInfo().frames;
      swapped[i] = swaps[i];
    }
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
      QApplication::processEvents(QEventLoop::AllEvents, 5);
      bool all = true;
      for (int i = 0; i < 3; ++i)
        all = all && swaps[i] > swapped[i] && w.sliceViewports()[static_cast<std::size_t>(i)]->frameInfo().frames > drawn[i];
      if (all) {
        lastMs = std::max({swapMs[0], swapMs[1], swapMs[2]});
        return true;
      }
    }
    return false;
  }
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(std::min<double>(v.size() - 1, p * (v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  skein::returnLargeBuffersToTheOs();  // as early as possible, before Qt and Mesa allocate
  skein::render::prepareOpenGlBeforeApplication();
  QApplication app(argc, argv);
  QStringList args = app.arguments();
  if (args.size() < 2) {
    std::fprintf(stderr,
                 "usage: bench_viewer_frames DATASET [--frames N] [--ram-mib M] [--gpu-mib G] [--sweep] [--sweep-only] "
                 "[--hide-segmentation]\n");
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
  // The baseline is the shown, empty viewer (GL contexts and VTK initialised), before any data.
  skein::ui::MainWindow window(&session);
  window.resize(1280, 1024);
  window.show();
  if (!QTest::qWaitForWindowExposed(&window)) return 1;
  QTest::qWait(200);
  const double rssBefore = rssMiB();
  if (auto s = session.open(args[1]); !s.ok()) {
    std::fprintf(stderr, "bench_viewer_frames: %s\n", s.error().message.c_str());
    return 1;
  }
  if (args.contains("--hide-segmentation")) {
    for (auto& layer : session.layers())
      if (layer.segmentation) layer.segments.visible = false;
    session.notifyAppearanceChanged();
  }
  if (!waitComplete(window, 60000)) {
    std::fprintf(stderr, "bench_viewer_frames: the first view did not complete\n");
    return 1;
  }
  const skein::Box3i box = session.dataset()->layers.front().boundingBox;
  const skein::Vec3d p = session.position();
  SwapClock swaps(window);

  if (!args.contains("--sweep-only")) {
    const double z0 = std::max<double>(box.min.z, p.z - frames / 2);
    // Pass 1 loads the slices; pass 2 measures frames through cached data.
    for (int i = 0; i < frames; ++i) {
      session.setPosition({p.x, p.y, z0 + i});
      waitComplete(window, 10000);
    }
    session.setPosition({p.x, p.y, z0});
    swaps.waitFrame(window);
    std::vector<double> times;
    const int captures0 = int(window.view3d()->stats().captures), frames3d0 = window.view3d()->framesDrawn();
    std::int64_t reused0 = 0;
    for (auto* v : window.sliceViewports()) reused0 += v->frameInfo().reusedFrames;
    double last = swaps.lastMs;
    const double cpu0 = cpuMs(), wall0 = swaps.lastMs;
    int incomplete = 0;
    for (int i = 1; i <= frames; ++i) {
      session.setPosition({p.x, p.y, z0 + i % frames});
      if (!swaps.waitFrame(window)) {
        std::fprintf(stderr, "bench_viewer_frames: no frame presented within 5 s\n");
        return 1;
      }
      times.push_back(swaps.lastMs - last);
      last = swaps.lastMs;
      if (!viewsComplete(window)) ++incomplete;
    }
    const double cpuPerFrame = (cpuMs() - cpu0) / frames, wallPerFrame = (swaps.lastMs - wall0) / frames;
    const auto& s3d = window.view3d()->stats();
    std::int64_t reused = -reused0;  // slice frames shown as shifted copies (SliceImageCache)
    for (auto* v : window.sliceViewports()) reused += v->frameInfo().reusedFrames;
    std::printf("{\"bench\":\"viewer_frames\",\"frames\":%d,\"median_ms\":%.2f,\"p95_ms\":%.2f,\"max_ms\":%.2f,"
                "\"mean_ms\":%.2f,\"cpu_ms_per_frame\":%.2f,\"frames_3d\":%d,\"captures_3d\":%d,"
                "\"last_3d_render_ms\":%.2f,\"last_3d_capture_ms\":%.2f,\"incomplete_frames\":%d,"
                "\"slice_frames_reused\":%lld}\n",
                frames, percentile(times, 0.5), percentile(times, 0.95), percentile(times, 1.0), wallPerFrame,
                cpuPerFrame, window.view3d()->framesDrawn() - frames3d0, int(s3d.captures) - captures0,
                s3d.lastRenderMs, s3d.lastCaptureMs, incomplete, static_cast<long long>(reused));
    std::fflush(stdout);
  }

  if (args.contains("--sweep") || args.contains("--sweep-only")) {
    double peak = 0;
    struct mallinfo2 heapAtPeak {};
    std::int64_t peakRam = 0, peakGpu = 0;
    int steps = 0, completeSteps = 0;
    auto step = [&](const skein::Vec3d& at) {
      session.setPosition(at);
      QElapsedTimer t;
      t.start();
      swaps.waitFrame(window, 1000);
      while (!viewsComplete(window) && t.elapsed() < 200) QApplication::processEvents(QEventLoop::AllEvents, 5);
      completeSteps += viewsComplete(window) ? 1 : 0;
      ++steps;
      if (const double rss = rssMiB(); rss > peak) {
        peak = rss;
        heapAtPeak = mallinfo2();  // what malloc held at the peak: in use, free but resident, mapped
      }
      const skein::StreamStats s = session.engine().stats();
      peakRam = std::max(peakRam, s.ramBytesUsed);
      peakGpu = std::max(peakGpu, session.gpuBytes());
    };
    const int stride = std::max(1, intArg("--sweep-step", 4));
    for (double z = box.min.z; z < box.max().z; z += stride) step({p.x, p.y, z});
    for (double x = box.min.x; x < box.max().x; x += stride) step({x, p.y, p.z});
    const double budget = (settings.ramBudgetBytes + settings.gpuBudgetBytes) / double(1 << 20);
    std::printf("{\"bench\":\"viewer_memory_sweep\",\"steps\":%d,\"complete_steps\":%d,\"rss_before_open_mib\":%.1f,"
                "\"peak_rss_mib\":%.1f,\"peak_ram_cache_mib\":%.1f,\"peak_gpu_cache_mib\":%.1f,"
                "\"ram_budget_mib\":%lld,\"gpu_budget_mib\":%lld,\"peak_minus_baseline_mib\":%.1f,"
                "\"heap_in_use_mib\":%.1f,\"heap_free_mib\":%.1f,\"malloc_mapped_mib\":%.1f,"
                "\"within_budget_plus_10pct\":%s}\n",
                steps, completeSteps, rssBefore, peak, peakRam / double(1 << 20), peakGpu / double(1 << 20),
                static_cast<long long>(settings.ramBudgetBytes >> 20),
                static_cast<long long>(settings.gpuBudgetBytes >> 20), peak - rssBefore,
                heapAtPeak.uordblks / double(1 << 20), heapAtPeak.fordblks / double(1 << 20),
                heapAtPeak.hblkhd / double(1 << 20),
                (peak - rssBefore) <= budget * 1.1 ? "true" : "false");
  }
  return 0;
}
