// skein: the desktop viewer. Thin main(): parse options, check OpenGL, show the main window.

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>

#include "render/GlSupport.h"
#include "ui/MainWindow.h"
#include "ui/ViewportWidget.h"

namespace {
constexpr int kExitNoOpenGl = 3;
constexpr int kExitScreenshotFailed = 4;
}  // namespace

int main(int argc, char** argv) {
  skein::render::prepareOpenGlBeforeApplication();
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Skein"));
  QApplication::setOrganizationName(QStringLiteral("Skein"));
  QApplication::setApplicationVersion(QStringLiteral(SKEIN_VERSION_STRING));

  QCommandLineParser cli;
  cli.setApplicationDescription(QStringLiteral("Skein: viewer and annotation client for large 3D microscopy volumes."));
  cli.addHelpOption();
  cli.addVersionOption();
  QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                QStringLiteral("Render the window, write it to FILE (PNG) and exit."),
                                QStringLiteral("FILE"));
  QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size, e.g. 1280x1024."),
                          QStringLiteral("WxH"), QStringLiteral("1280x1024"));
  cli.addOption(screenshot);
  cli.addOption(size);
  cli.process(app);

  const auto probe = skein::render::probeOpenGl();
  if (!probe.ok) {
    std::fprintf(stderr, "skein: cannot start the viewer: %s.\n", qPrintable(probe.problem));
    return kExitNoOpenGl;
  }

  skein::ui::MainWindow window;
  const QStringList wh = cli.value(size).split('x');
  if (wh.size() == 2 && wh[0].toInt() > 0 && wh[1].toInt() > 0) window.resize(wh[0].toInt(), wh[1].toInt());
  window.show();

  if (cli.isSet(screenshot)) {
    const QString file = cli.value(screenshot);
    int exitCode = 0;
    // Wait until every viewport has drawn a frame, then grab the whole window.
    auto* poll = new QTimer(&window);
    QObject::connect(poll, &QTimer::timeout, [&] {
      for (auto* v : window.viewports())
        if (v->framesDrawn() == 0) return;
      poll->stop();
      if (!window.grab().save(file, "PNG")) {
        std::fprintf(stderr, "skein: could not write the screenshot to %s.\n", qPrintable(file));
        exitCode = kExitScreenshotFailed;
      } else {
        std::printf("screenshot written to %s\n", qPrintable(file));
      }
      QApplication::exit(exitCode);
    });
    poll->start(20);
  }
  return QApplication::exec();
}
