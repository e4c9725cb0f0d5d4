// skein: the desktop viewer. Thin main(): parse options, check OpenGL, then either show the window
// (opening PATH_OR_URL when given) or render a screenshot and exit (see `skein --help`).

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QSettings>
#include <QStatusBar>
#include <cstdio>

#include "core/store/HttpUrl.h"
#include "ShareLinkScreenshot.h"
#include "render/GlSupport.h"
#include "ui/MainWindow.h"
#include "ui/ServerUi.h"
#include "ui/SkeletonUi.h"
#include "ui/ScreenshotRunner.h"
#include "ui/SliceViewport.h"
#include "ui/ViewerSession.h"

namespace {
constexpr int kExitUsage = 2;
constexpr int kExitNoOpenGl = 3;
constexpr int kExitScreenshotFailed = 4;
constexpr int kExitIncomplete = 5;
constexpr int kExitOpenFailed = 1;

bool parseVec3(const QString& text, skein::Vec3d& out) {
  const QStringList parts = text.split(',');
  if (parts.size() != 3) return false;
  bool ok[3];
  out = {parts[0].trimmed().toDouble(&ok[0]), parts[1].trimmed().toDouble(&ok[1]), parts[2].trimmed().toDouble(&ok[2])};
  return ok[0] && ok[1] && ok[2];
}

int fail(int code, const QString& message) {
  std::fprintf(stderr, "skein: %s\n", qPrintable(message));
  return code;
}

// Without any display Qt's xcb platform aborts; say why instead (--help and --version still work).
bool noDisplay(int argc, char** argv) {
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
  if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY") ||
      !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
    return false;
  for (int i = 1; i < argc; ++i) {
    const QByteArray arg(argv[i]);
    if (arg == "--help" || arg == "-h" || arg == "--version" || arg == "-v") {
      qputenv("QT_QPA_PLATFORM", "offscreen");
      return false;
    }
  }
  return true;
#else
  Q_UNUSED(argc);
  Q_UNUSED(argv);
  return false;
#endif
}

}  // namespace

int main(int argc, char** argv) {
  QElapsedTimer clock;
  clock.start();
  if (noDisplay(argc, argv))
    return fail(kExitNoOpenGl, QStringLiteral("cannot start the viewer: no display (DISPLAY is not set); run it in a "
                                              "desktop session or under xvfb-run."));
  skein::render::prepareOpenGlBeforeApplication();
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Skein"));
  QApplication::setOrganizationName(QStringLiteral("Skein"));
  QApplication::setApplicationVersion(QStringLiteral(SKEIN_VERSION_STRING));

  QCommandLineParser cli;
  cli.setApplicationDescription(QStringLiteral(
      "Skein: viewer and annotation client for large 3D microscopy volumes.\n"
      "Opens a dataset folder or URL (webKnossos datasource, OME-Zarr, Zarr, N5, WKW, precomputed)."));
  cli.addHelpOption();
  cli.addVersionOption();
  cli.addPositionalArgument(QStringLiteral("location"), QStringLiteral("Dataset folder or URL to open."),
                            QStringLiteral("[PATH_OR_URL]"));
  const QCommandLineOption screenshot("screenshot", "Render, write the PNG to FILE, print one JSON line, exit.", "FILE");
  const QCommandLineOption layout("layout", "Screenshot layout: xy, yz, xz, 3d or all (default all).", "LAYOUT", "all");
  const QCommandLineOption size("size", "Window (or viewport) size in pixels, e.g. 1280x1024.", "WxH", "1280x1024");
  const QCommandLineOption position("position", "Centre position in mag-1 voxels, x,y,z.", "x,y,z");
  const QCommandLineOption zoom("zoom", "Zoom in mag-1 voxels per screen pixel (1 = one voxel per pixel).", "Z");
  const QCommandLineOption timeout("timeout-ms", "Screenshot: give up waiting for data after T ms.", "T", "30000");
  const QCommandLineOption showSeg("show-segmentation", "Screenshot: show segmentation layers (hidden by default).");
  const QCommandLineOption overlays("overlays", "Screenshot: draw crosshair, scale bar and labels (off by default).");
  for (const auto& o : {screenshot, layout, size, position, zoom, timeout, showSeg, overlays}) cli.addOption(o);
  cli.process(app);

  int w = 0, h = 0;
  {
    const QStringList wh = cli.value(size).split('x');
    if (wh.size() == 2) {
      w = wh[0].toInt();
      h = wh[1].toInt();
    }
    if (w <= 0 || h <= 0) return fail(kExitUsage, QStringLiteral("--size must look like 1280x1024"));
  }
  const QString layoutName = cli.value(layout);
  if (!QStringList{"xy", "yz", "xz", "3d", "all"}.contains(layoutName))
    return fail(kExitUsage, QStringLiteral("--layout must be one of xy, yz, xz, 3d, all"));
  skein::Vec3d pos;
  if (cli.isSet(position) && !parseVec3(cli.value(position), pos))
    return fail(kExitUsage, QStringLiteral("--position must look like x,y,z"));
  bool zoomOk = true;
  const double zoomValue = cli.isSet(zoom) ? cli.value(zoom).toDouble(&zoomOk) : 1.0;
  if (!zoomOk || zoomValue <= 0) return fail(kExitUsage, QStringLiteral("--zoom must be a positive number"));
  const bool shooting = cli.isSet(screenshot);
  const QStringList locations = cli.positionalArguments();
  if (shooting && locations.isEmpty()) return fail(kExitUsage, QStringLiteral("--screenshot needs a dataset location"));

  const auto probe = skein::render::probeOpenGl();
  if (!probe.ok) return fail(kExitNoOpenGl, QStringLiteral("cannot start the viewer: %1.").arg(probe.problem));

  skein::ui::ViewerSession session;
  if (!shooting) {
    // Interactive: saved preferences and layout apply; open errors show in the window.
    skein::ui::MainWindow window(&session);
    // Server, sharing and skeleton tools install their docks, menus and commands into the window
    // (owned by it) before the saved layout and shortcuts are restored.
    skein::ui::ServerUiConfig serverConfig;
    serverConfig.actions = window.actionRegistry();
    auto* serverUi = new skein::ui::ServerUi(&window, &session, serverConfig);
    auto* skeletonUi = new skein::ui::SkeletonUi(&window, &session, window.sliceViewports());
    skeletonUi->attach3D(window.view3d());
    window.restoreSettings();
    if (cli.isSet(size) || !QSettings().contains(QStringLiteral("window/geometry"))) window.resize(w, h);
    window.show();
    skeletonUi->offerRecovery();
    if (!locations.isEmpty() && skein::ui::ServerUi::isServerLink(locations.front())) {
      serverUi->openLink(locations.front());
    } else if (!locations.isEmpty()) {
      if (window.openLocation(locations.front())) {
        if (cli.isSet(position)) session.setPosition(pos);
        if (cli.isSet(zoom)) session.setZoom(zoomValue);
      } else {
        // A URL's query may hold a token: never print it.
        const QUrl url(locations.front());
        const QString shown = url.hasQuery() || !url.userInfo().isEmpty()
                                  ? QString::fromStdString(skein::redactUrl(url))
                                  : locations.front();
        std::fprintf(stderr, "skein: cannot open %s\n", qPrintable(shown));
      }
    }
    return QApplication::exec();
  }

  // A share link resolves (timed from process start) to a Zarr location and the view it encodes.
  const auto linked = skein::app::resolveLinkForScreenshot(locations.front());
  if (linked && !linked->ok()) return fail(kExitOpenFailed, QString::fromStdString(linked->error().message));
  const skein::Status opened = session.open(linked ? linked->value().location : locations.front());
  if (!opened.ok()) {
    QString message = QString::fromStdString(opened.error().message);
    if (linked) message.replace(linked->value().location, linked->value().locationForDisplay);  // hide ?token=
    return fail(kExitOpenFailed, message);
  }
  if (!cli.isSet(showSeg))
    for (auto& layer : session.layers())
      if (layer.segmentation) layer.segments.visible = false;
  if (linked) skein::app::applyLayerVisibility(session, linked->value());
  if (cli.isSet(position)) session.setPosition(pos);
  else if (linked && linked->value().position) session.setPosition(*linked->value().position);
  session.setZoom(!cli.isSet(zoom) && linked && linked->value().zoom ? *linked->value().zoom : zoomValue);

  skein::ui::ScreenshotOptions shot;
  shot.file = cli.value(screenshot);
  shot.layout = layoutName;
  shot.size = {w, h};
  shot.overlays = cli.isSet(overlays);
  shot.timeoutMs = cli.value(timeout).toInt();
  QString json;
  const skein::ui::ScreenshotResult r = skein::ui::takeScreenshot(session, shot, clock, &json);
  std::printf("%s\n", qPrintable(json));
  std::fflush(stdout);
  if (!r.written) return fail(kExitScreenshotFailed, r.error);
  return r.complete ? 0 : kExitIncomplete;
}
