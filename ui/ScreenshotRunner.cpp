#include "ui/ScreenshotRunner.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>

#include <memory>

#include "ui/MainWindow.h"
#include "ui/SliceViewport.h"
#include "ui/ViewerSession.h"
#include "ui/Viewport3D.h"

namespace skein::ui {

ScreenshotResult takeScreenshot(ViewerSession& session, const ScreenshotOptions& options, const QElapsedTimer& clock,
                                QString* json) {
  const double openedMs = clock.nsecsElapsed() / 1e6;
  // One still frame: bricks beside the planes would only compete with the visible ones for the
  // CPU (reading, decoding) on the way to the complete frame.
  ViewerPreferences prefs = session.preferences();
  prefs.prefetch = false;
  session.setPreferences(prefs);
  MainWindow window(&session);
  window.setChromeVisible(false);  // screenshots show the viewports alone, whatever the user's layout
  std::unique_ptr<SliceViewport> single;
  QWidget* target = &window;
  std::vector<SliceViewport*> awaited(window.sliceViewports().begin(), window.sliceViewports().end());
  Viewport3D* view3d = nullptr;
  const QString& layout = options.layout;
  if (layout == QLatin1String("xy") || layout == QLatin1String("yz") || layout == QLatin1String("xz")) {
    // A bare viewport of exactly W×H device pixels: pixel (i, j) is the voxel of the pixel contract.
    const render::Plane plane = layout == QLatin1String("xy")   ? render::Plane::XY
                                : layout == QLatin1String("yz") ? render::Plane::YZ
                                                                : render::Plane::XZ;
    single = std::make_unique<SliceViewport>(plane, &session);
    single->setOverlaysVisible(options.overlays);
    single->resize(options.size);
    single->announceSize();  // chunk requests start now, while the GL context initialises
    single->show();
    target = single.get();
    awaited = {single.get()};
  } else {
    for (auto* v : window.sliceViewports()) v->setOverlaysVisible(options.overlays);
    if (layout == QLatin1String("3d")) window.maximizeViewport(3);
    window.resize(options.size);
    window.announceViewportSizes();
    window.show();
    view3d = window.view3d();
  }
  ScreenshotRunner runner(&session, target, awaited, view3d, options.file, options.timeoutMs, clock);
  runner.setPhases(openedMs, clock.nsecsElapsed() / 1e6);
  QEventLoop loop;
  QObject::connect(&runner, &ScreenshotRunner::finished, &loop, &QEventLoop::quit, Qt::QueuedConnection);
  runner.start();
  loop.exec();
  if (json) *json = runner.resultJson();
  return runner.result();
}

ScreenshotRunner::ScreenshotRunner(ViewerSession* session, QWidget* target, std::vector<SliceViewport*> viewports,
                                   Viewport3D* view3d, QString file, int timeoutMs, QElapsedTimer clock,
                                   QObject* parent)
    : QObject(parent),
      session_(session),
      target_(target),
      viewports_(std::move(viewports)),
      view3d_(view3d),
      file_(std::move(file)),
      timeoutMs_(timeoutMs),
      clock_(clock) {
  timer_.setInterval(2);
  connect(&timer_, &QTimer::timeout, this, &ScreenshotRunner::poll);
}

void ScreenshotRunner::start() { timer_.start(); }

void ScreenshotRunner::setPhases(double openedMs, double shownMs) {
  result_.openedMs = openedMs;
  result_.shownMs = shownMs;
}

void ScreenshotRunner::poll() {
  bool allComplete = !viewports_.empty();
  for (auto* v : viewports_) {
    const auto& info = v->frameInfo();
    if (result_.firstFrameMs < 0 && info.bricksDrawn > 0) result_.firstFrameMs = clock_.nsecsElapsed() / 1e6;
    allComplete = allComplete && info.frames > 0 && info.complete;
  }
  if (allComplete && session_->engine().readyCount() == 0) {
    // The 3D view copies the slice images at most every 100 ms: fetch the complete ones now and
    // finish once a 3D frame shows them.
    if (!view3d_ || !view3d_->isVisible() || !view3d_->glReady() || view3d_->planesUpToDate()) return finish(true);
    view3d_->captureNow();
  }
  if (clock_.elapsed() > timeoutMs_) return finish(false);
}

void ScreenshotRunner::finish(bool complete) {
  timer_.stop();
  result_.complete = complete;
  if (complete) result_.completeFrameMs = clock_.nsecsElapsed() / 1e6;
  QImage image;
  // The viewports paint their frames through the window like any widget: grab() has them.
  if (auto* gl = qobject_cast<SliceViewport*>(target_)) image = gl->grabFramebuffer();
  else image = target_->grab().toImage().convertToFormat(QImage::Format_RGB32);
  result_.written = !image.isNull() && image.save(file_, "PNG");
  if (!result_.written) result_.error = QStringLiteral("could not write the screenshot to %1").arg(file_);
  emit finished();
}

QString ScreenshotRunner::resultJson() const {
  QJsonObject o;
  o["first_frame_ms"] = result_.firstFrameMs;
  o["complete_frame_ms"] = result_.completeFrameMs;
  o["open_ms"] = result_.openedMs;
  o["shown_ms"] = result_.shownMs;
  o["chunks_loaded"] = static_cast<double>(session_->counters().bricksUploaded);
  o["bytes_loaded"] = static_cast<double>(session_->counters().bytesUploaded);
  o["complete"] = result_.complete;
  o["file"] = file_;
  return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

}  // namespace skein::ui
