#pragma once
// Scripted rendering (`skein --screenshot`): waits until every chunk visible at the target mag is
// drawn (or a timeout), writes the PNG and prints one JSON line with the timings.

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QWidget>

#include <vector>

namespace skein::ui {

class ViewerSession;
class SliceViewport;

struct ScreenshotResult {
  double firstFrameMs = -1;
  double completeFrameMs = -1;
  bool complete = false;
  bool written = false;
  QString error;
};

class ScreenshotRunner : public QObject {
  Q_OBJECT
 public:
  // `target` is grabbed (a viewport grabs its framebuffer; any other widget grabs itself).
  // `viewports` are the slice viewports whose completeness is awaited. `clock` started at open.
  ScreenshotRunner(ViewerSession* session, QWidget* target, std::vector<SliceViewport*> viewports, QString file,
                   int timeoutMs, QElapsedTimer clock, QObject* parent = nullptr);
  void start();
  const ScreenshotResult& result() const { return result_; }
  // {"first_frame_ms":…, "complete_frame_ms":…, "chunks_loaded":…, "bytes_loaded":…, "complete":…}
  QString resultJson() const;

 signals:
  void finished();

 private:
  void poll();
  void finish(bool complete);

  ViewerSession* session_;
  QWidget* target_;
  std::vector<SliceViewport*> viewports_;
  QString file_;
  int timeoutMs_;
  QElapsedTimer clock_;
  QTimer timer_;
  ScreenshotResult result_;
};

}  // namespace skein::ui
