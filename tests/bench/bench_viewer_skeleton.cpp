// 2D viewport frame time with a large skeleton loaded (real window: run under xvfb-run).
//   bench_viewer_skeleton DATASET NML [--frames N]
// Opens DATASET and the annotation NML in a 1280×1024 main window, centres the view on a node,
// waits until the slices are complete, then repaints the XY viewport N times (glFinish included)
// with the skeleton overlay and once more N times with the skeleton's trees hidden from the
// overlay by moving far away from every node (baseline). Prints one JSON line.
#include <QApplication>
#include <QElapsedTimer>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QtTest/QTest>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "render/GlSupport.h"
#include "ui/MainWindow.h"
#include "ui/SkeletonSession.h"
#include "ui/SkeletonUi.h"
#include "ui/SliceViewport.h"
#include "ui/ViewerSession.h"

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}
double p95(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<std::size_t>(0.95 * (v.size() - 1) + 0.5))];
}

std::vector<double> timeFrames(skein::ui::SliceViewport* view, int frames) {
  std::vector<double> out;
  for (int i = 0; i < frames; ++i) {
    QElapsedTimer t;
    t.start();
    const std::int64_t before = view->frameInfo().frames;
    view->requestFrame();
    while (view->frameInfo().frames == before && t.elapsed() < 5000) QApplication::processEvents();
    view->makeCurrent();
    view->context()->functions()->glFinish();
    view->doneCurrent();
    out.push_back(t.nsecsElapsed() / 1e6);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  skein::render::prepareOpenGlBeforeApplication();
  QApplication app(argc, argv);
  const QStringList args = app.arguments();
  if (args.size() < 3) {
    std::fprintf(stderr, "usage: bench_viewer_skeleton DATASET NML [--frames N]\n");
    return 2;
  }
  const int fi = args.indexOf("--frames");
  const int frames = fi > 0 && fi + 1 < args.size() ? args[fi + 1].toInt() : 100;
  skein::ui::ViewerSession session;
  if (auto s = session.open(args[1]); !s.ok()) {
    std::fprintf(stderr, "bench_viewer_skeleton: %s\n", s.error().message.c_str());
    return 1;
  }
  skein::ui::MainWindow window(&session);
  auto* skeletonUi = new skein::ui::SkeletonUi(&window, &session, window.sliceViewports());
  window.resize(1280, 1024);
  window.show();
  if (!QTest::qWaitForWindowExposed(&window)) return 1;
  QElapsedTimer load;
  load.start();
  if (auto s = skeletonUi->skeletonSession()->open(args[2]); !s.ok()) {
    std::fprintf(stderr, "bench_viewer_skeleton: %s\n", s.error().message.c_str());
    return 1;
  }
  const double loadMs = load.nsecsElapsed() / 1e6;
  const auto& nodes = skeletonUi->skeletonSession()->skeleton().nodes();
  if (nodes.empty()) return 1;
  const auto& p = nodes[nodes.size() / 2].position;
  skein::ui::SliceViewport* xy = window.sliceViewports()[0];
  session.setPosition({p.x, p.y, p.z});
  QTest::qWait(500);
  for (int i = 0; i < 200 && !(xy->frameInfo().complete && session.engine().readyCount() == 0); ++i) QTest::qWait(20);
  const std::int64_t framesBefore = xy->frameInfo().frames;
  const std::vector<double> with = timeFrames(xy, frames);
  if (xy->frameInfo().frames - framesBefore < frames) {
    std::fprintf(stderr, "bench_viewer_skeleton: the XY viewport did not repaint (visible=%d, %dx%d)\n",
                 int(xy->isVisible()), xy->width(), xy->height());
    return 1;
  }
  session.setPosition({-1e7, -1e7, -1e7});  // no node near: the overlay draws nothing
  QTest::qWait(200);
  const std::vector<double> without = timeFrames(xy, frames);
  std::printf("{\"bench\":\"viewer_skeleton\",\"nodes\":%zu,\"load_ms\":%.0f,\"frames\":%d,"
              "\"xy_frame_median_ms\":%.2f,\"xy_frame_p95_ms\":%.2f,\"baseline_median_ms\":%.2f}\n",
              nodes.size(), loadMs, frames, median(with), p95(with), median(without));
  return 0;
}
