#pragma once
// OpenGL context requirements and the start-up check: the viewer needs OpenGL 3.3 core. Without a
// GL-capable platform (Qt 6.4's offscreen platform, no X display) the viewports cannot draw (and a
// QOpenGLWidget would even crash Qt), so the application checks first and reports a clear message.

#include <QString>

class QSurfaceFormat;

namespace skein::render {

// The format requested for every context; set it before QApplication is constructed.
QSurfaceFormat requiredSurfaceFormat();

// Configures Qt for GL before QApplication exists: default surface format, shared contexts, GLX
// integration on xcb (Debian's VTK uses GLEW for GLX).
void prepareOpenGlBeforeApplication();

struct GlProbe {
  bool ok = false;
  QString renderer;   // GL_RENDERER / GL_VERSION when ok
  QString problem;    // one sentence when not ok
};

// Creates a throw-away context on an offscreen surface and checks for 3.3 core.
// Requires a QGuiApplication.
GlProbe probeOpenGl();

}  // namespace skein::render
