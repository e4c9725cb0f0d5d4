#pragma once
// Scripted rendering (`skein --screenshot`): lays out the viewports, waits until every chunk
// visible at the target mag is drawn — and, when the 3D view is shown, until its planes show those
// complete images — (or a timeout), writes the PNG and reports the timings as one JSON line.

#include <QElapsedTimer>
#include <QObject>
#include <QSize>
#include <QString>
#include <QTimer>
#include <QWidget>

#include <vector>

namespace skein::ui {

class ViewerSession;
class SliceViewport;
class Viewport3D;

struct ScreenshotResult {
  double firstFrameMs = -1;     // first frame that drew data
  double completeFrameMs = -1;  // every viewport complete (3D planes included)
  double openedMs = -1;         // the dataset was open (takeScreenshot was called)
  double shownMs = -1;          // the window was shown (GL contexts initialised)
  bool complete = false;
  bool written = false;
  QString error;
};

struct ScreenshotOptions {
  QString file;
  QString layout = QStringLiteral("all");  // xy, yz, xz (one bare viewport of exactly `size`), 3d or all
  QSize size{1280, 1024};
  bool overlays = false;  // crosshair, bounding box, scale bar and labels
  int timeoutMs = 30000;
};

// The whole screenshot mode for a session whose dataset is open: builds the layout, runs a local
// event loop until the runner finishes, and returns its result (`json` receives resultJson()).
// `clock` started at process start.
ScreenshotResult takeScreenshot(ViewerSession& session, const ScreenshotOptions& options, const QElapsedTimer& clock,
                                QString* json = nullptr);

class ScreenshotRunner : public QObject {
  Q_OBJECT
 public:
  // `target` is grabbed (a viewport grabs its framebuffer; any other widget grabs itself with its
  // viewports). `viewports` are the slice viewports whose completeness is awaited; `view3d`, when
  // given and visible, must show their complete images too. `clock` started at process start.
  ScreenshotRunner(ViewerSession* session, QWidget* target, std::vector<SliceViewport*> viewports, Viewport3D* view3d,
                   QString file, int timeoutMs, QElapsedTimer clock, QObject* parent = nullptr);
  void start();
  const ScreenshotResult& result() const { return result_; }
  void setPhases(double openedMs, double shownMs);
  // {"first_frame_ms":…, "complete_frame_ms":…, "open_ms":…, "shown_ms":…, "chunks_loaded":…,
  //  "bytes_loaded":…, "complete":…, "file":…}
  QString resultJson() const;

 signals:
  void finished();

 private:
  void poll();
  void finish(bool complete);

  ViewerSession* session_;
  QWidget* target_;
  std::vector<SliceViewport*> viewports_;
  Viewport3D* view3d_;
  QString file_;
  int timeoutMs_;
  QElapsedTimer clock_;
  QTimer timer_;
  ScreenshotResult result_;
};

}  // namespace skein::ui
