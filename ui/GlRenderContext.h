#pragma once
// The OpenGL context that GL widgets draw with, together with the one offscreen surface it is
// always made current on. Widgets draw into framebuffer objects, never into a window, so the context
// never moves between drawables. That matters with Mesa's GLX: a window drawable that no context is
// bound to any more is destroyed, and binding it again allocates its colour and depth buffers anew.
// One context moved across four viewport windows did that on every frame; the churn of ~1 MiB
// buffers fragmented the heap by 70–120 MiB during the viewer's memory sweep (docs/benchmarks.md).
//
// Widgets given the same GlRenderContext share it; with llvmpipe every context compiles its own
// shaders (30–40 ms per program), so one context for all viewports pays that once.

#include <QOffscreenSurface>
#include <QOpenGLContext>

namespace skein::ui {

class GlRenderContext {
 public:
  GlRenderContext() = default;
  ~GlRenderContext();
  GlRenderContext(const GlRenderContext&) = delete;
  GlRenderContext& operator=(const GlRenderContext&) = delete;

  // Creates the context (in the global share group) and its surface on first use, then makes it
  // current; false when OpenGL is not available.
  bool makeCurrent();
  void doneCurrent();
  // Null until created.
  QOpenGLContext* context() { return created_ ? &context_ : nullptr; }
  QSurfaceFormat format() const;

 private:
  bool create();

  // Declared first, destroyed last: slots on the context's aboutToBeDestroyed may still make it
  // current on its surface.
  QOffscreenSurface surface_;
  QOpenGLContext context_;
  bool created_ = false;
  bool failed_ = false;
};

}  // namespace skein::ui
