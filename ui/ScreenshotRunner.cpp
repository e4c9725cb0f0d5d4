#include "ui/ScreenshotRunner.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "ui/SliceViewport.h"
#include "ui/ViewerSession.h"

namespace skein::ui {

ScreenshotRunner::ScreenshotRunner(ViewerSession* session, QWidget* target, std::vector<SliceViewport*> viewports,
                                   QString file, int timeoutMs, QElapsedTimer clock, QObject* parent)
    : QObject(parent),
      session_(session),
      target_(target),
      viewports_(std::move(viewports)),
      file_(std::move(file)),
      timeoutMs_(timeoutMs),
      clock_(clock) {
  timer_.setInterval(2);
  connect(&timer_, &QTimer::timeout, this, &ScreenshotRunner::poll);
}

void ScreenshotRunner::start() { timer_.start(); }

void ScreenshotRunner::poll() {
  bool allComplete = !viewports_.empty();
  for (auto* v : viewports_) {
    const auto& info = v->frameInfo();
    if (result_.firstFrameMs < 0 && info.bricksDrawn > 0) result_.firstFrameMs = clock_.nsecsElapsed() / 1e6;
    allComplete = allComplete && info.frames > 0 && info.complete;
  }
  if (allComplete && session_->engine().readyCount() == 0) return finish(true);
  if (clock_.elapsed() > timeoutMs_) return finish(false);
}

void ScreenshotRunner::finish(bool complete) {
  timer_.stop();
  result_.complete = complete;
  if (complete) result_.completeFrameMs = clock_.nsecsElapsed() / 1e6;
  QImage image;
  if (auto* gl = qobject_cast<SliceViewport*>(target_)) image = gl->grabFramebuffer();
  else image = target_->grab().toImage();
  result_.written = !image.isNull() && image.save(file_, "PNG");
  if (!result_.written) result_.error = QStringLiteral("could not write the screenshot to %1").arg(file_);
  emit finished();
}

QString ScreenshotRunner::resultJson() const {
  QJsonObject o;
  o["first_frame_ms"] = result_.firstFrameMs;
  o["complete_frame_ms"] = result_.completeFrameMs;
  o["chunks_loaded"] = static_cast<double>(session_->counters().bricksUploaded);
  o["bytes_loaded"] = static_cast<double>(session_->counters().bytesUploaded);
  o["complete"] = result_.complete;
  o["file"] = file_;
  return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

}  // namespace skein::ui
