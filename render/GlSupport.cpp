#include "render/GlSupport.h"

#include <QGuiApplication>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QSurfaceFormat>

namespace skein::render {

QSurfaceFormat requiredSurfaceFormat() {
  QSurfaceFormat f;
  f.setRenderableType(QSurfaceFormat::OpenGL);
  f.setVersion(3, 3);
  f.setProfile(QSurfaceFormat::CoreProfile);
  f.setDepthBufferSize(24);
  f.setStencilBufferSize(8);
  return f;
}

void prepareOpenGlBeforeApplication() {
  if (qEnvironmentVariableIsEmpty("QT_XCB_GL_INTEGRATION")) qputenv("QT_XCB_GL_INTEGRATION", "xcb_glx");
  QSurfaceFormat::setDefaultFormat(requiredSurfaceFormat());
  QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
}

GlProbe probeOpenGl() {
  GlProbe probe;
  const QString platform = QGuiApplication::platformName();
  if (platform == "offscreen" || platform == "minimal") {
    probe.problem = QStringLiteral("the Qt platform '%1' has no OpenGL; run under an X display "
                                   "(for example xvfb-run) to use the viewer").arg(platform);
    return probe;
  }
  QOpenGLContext context;
  context.setFormat(requiredSurfaceFormat());
  if (!context.create()) {
    probe.problem = QStringLiteral("no OpenGL context could be created on platform '%1'").arg(platform);
    return probe;
  }
  QOffscreenSurface surface;
  surface.setFormat(context.format());
  surface.create();
  if (!context.makeCurrent(&surface)) {
    probe.problem = QStringLiteral("an OpenGL context was created but could not be made current");
    return probe;
  }
  const QSurfaceFormat got = context.format();
  auto* gl = context.functions();
  probe.renderer = QStringLiteral("%1 | %2")
                       .arg(reinterpret_cast<const char*>(gl->glGetString(GL_RENDERER)),
                            reinterpret_cast<const char*>(gl->glGetString(GL_VERSION)));
  context.doneCurrent();
  if (got.majorVersion() < 3 || (got.majorVersion() == 3 && got.minorVersion() < 3)) {
    probe.problem = QStringLiteral("OpenGL 3.3 is required but only %1.%2 is available (%3)")
                        .arg(got.majorVersion()).arg(got.minorVersion()).arg(probe.renderer);
    return probe;
  }
  probe.ok = true;
  return probe;
}

}  // namespace skein::render
