#include "ui/GlRenderContext.h"

namespace skein::ui {

GlRenderContext::~GlRenderContext() {
  if (created_ && QOpenGLContext::currentContext() == &context_) context_.doneCurrent();
}

QSurfaceFormat GlRenderContext::format() const {
  return created_ ? context_.format() : QSurfaceFormat::defaultFormat();
}

bool GlRenderContext::create() {
  if (created_) return true;
  if (failed_) return false;
  context_.setFormat(QSurfaceFormat::defaultFormat());
  // Widgets of other contexts (and the 3D view's captures) read these frames: one share group.
  context_.setShareContext(QOpenGLContext::globalShareContext());
  if (!context_.create()) {
    failed_ = true;
    return false;
  }
  surface_.setFormat(context_.format());
  surface_.create();
  if (!surface_.isValid()) {
    failed_ = true;
    return false;
  }
  created_ = true;
  return true;
}

bool GlRenderContext::makeCurrent() { return create() && context_.makeCurrent(&surface_); }

void GlRenderContext::doneCurrent() {
  if (created_) context_.doneCurrent();
}

}  // namespace skein::ui
