#include "render/SliceImageCache.h"

#include <cmath>

namespace skein::render {

SliceContent sliceContentOf(const std::vector<LayerRenderInput>& layers) {
  SliceContent c;
  c.layers.reserve(layers.size());
  for (const LayerRenderInput& in : layers)
    c.layers.push_back({in.cache, in.cache ? in.cache->contentVersion() : 0, in.segmentation, in.interpolate,
                        in.targetMag, in.fillValue, in.fillId, in.color, in.segments});
  return c;
}

std::optional<std::array<int, 2>> SliceImageCache::slide(const OrthoView& view, const SliceContent& content) const {
  if (!last_) return std::nullopt;
  const OrthoView& l = *last_;
  if (l.plane != view.plane || l.width != view.width || l.height != view.height || l.zoom != view.zoom ||
      l.depthVoxel() != view.depthVoxel() || !(lastContent_ == content))
    return std::nullopt;
  const double du = (view.originU() - l.originU()) / view.zoom;
  const double dv = (view.originV() - l.originV()) / view.zoom;
  const double ru = std::round(du), rv = std::round(dv);
  // Only whole-pixel slides keep every pixel's voxel (else the sampling grid moved).
  if (std::abs(du - ru) > 1e-6 || std::abs(dv - rv) > 1e-6) return std::nullopt;
  if (std::abs(ru) > 1e6 || std::abs(rv) > 1e6) return std::nullopt;
  return std::array<int, 2>{static_cast<int>(ru), static_cast<int>(rv)};
}

SliceImageCache::Plan SliceImageCache::plan(const OrthoView& view, const SliceContent& content) const {
  const auto s = slide(view, content);
  if (!s) return Plan::RenderDirect;
  if (kept_ && std::abs((*s)[0]) <= kMarginPx && std::abs((*s)[1]) <= kMarginPx) return Plan::Reuse;
  return marginIncomplete_ ? Plan::RenderDirect : Plan::RenderWithMargin;
}

std::optional<OrthoView> SliceImageCache::beginMarginRender(QOpenGLFunctions_3_3_Core* gl, const OrthoView& view) {
  OrthoView wide = view;
  wide.width = view.width + 2 * kMarginPx;
  wide.height = view.height + 2 * kMarginPx;
  kept_ = false;
  if (!fbo_ || fboWidth_ != wide.width || fboHeight_ != wide.height) {
    releaseGl(gl);
    gl->glGenTextures(1, &color_);
    gl->glBindTexture(GL_TEXTURE_2D, color_);
    gl->glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, wide.width, wide.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    gl->glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    gl->glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    gl->glBindTexture(GL_TEXTURE_2D, 0);
    gl->glGenRenderbuffers(1, &depth_);
    gl->glBindRenderbuffer(GL_RENDERBUFFER, depth_);
    gl->glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, wide.width, wide.height);
    gl->glBindRenderbuffer(GL_RENDERBUFFER, 0);
    gl->glGenFramebuffers(1, &fbo_);
    gl->glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    gl->glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color_, 0);
    gl->glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, depth_);
    if (gl->glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
      releaseGl(gl);
      return std::nullopt;
    }
    fboWidth_ = wide.width;
    fboHeight_ = wide.height;
  }
  gl->glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  gl->glViewport(0, 0, wide.width, wide.height);
  gl->glClearColor(0, 0, 0, 1);
  gl->glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  return wide;
}

void SliceImageCache::endMarginRender(const OrthoView& wideView, SliceContent content, const SliceDrawStats& stats) {
  OrthoView view = wideView;
  view.width -= 2 * kMarginPx;
  view.height -= 2 * kMarginPx;
  last_ = view;
  lastContent_ = std::move(content);
  stats_ = stats;
  stats_.missing.clear();
  kept_ = stats.complete() && stats.marginBricksMissing == 0 && stats.missing.empty();
  marginIncomplete_ = stats.complete() && !kept_;
}

void SliceImageCache::noteDirectRender(const OrthoView& view, SliceContent content) {
  last_ = view;
  if (!(content == lastContent_)) marginIncomplete_ = false;  // something arrived: try again
  lastContent_ = std::move(content);
  kept_ = false;
}

void SliceImageCache::blitTo(QOpenGLFunctions_3_3_Core* gl, const OrthoView& view, GLuint target) const {
  const auto s = slide(view, lastContent_);
  if (!fbo_ || !s) return;
  // GL rows count from the bottom; screen rows (and the slide along v) from the top.
  const int x0 = kMarginPx + (*s)[0], y0 = kMarginPx - (*s)[1];
  gl->glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_);
  gl->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target);
  gl->glBlitFramebuffer(x0, y0, x0 + view.width, y0 + view.height, 0, 0, view.width, view.height,
                        GL_COLOR_BUFFER_BIT, GL_NEAREST);
  gl->glBindFramebuffer(GL_FRAMEBUFFER, target);
}

void SliceImageCache::releaseGl(QOpenGLFunctions_3_3_Core* gl) {
  if (fbo_) gl->glDeleteFramebuffers(1, &fbo_);
  if (color_) gl->glDeleteTextures(1, &color_);
  if (depth_) gl->glDeleteRenderbuffers(1, &depth_);
  fbo_ = color_ = depth_ = 0;
  fboWidth_ = fboHeight_ = 0;
  kept_ = false;
}

}  // namespace skein::render
