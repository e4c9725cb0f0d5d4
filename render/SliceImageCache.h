#pragma once
// Keeps a slice viewport's last image while the view only slides within its plane. Moving the
// position along one axis changes the depth of one plane (which must be drawn anew) but only
// scrolls the other two by whole pixels: those are drawn once with a margin around the view, then
// shown by copying the shifted part of that image (a blit, no brick sampling) until the view
// slides past the margin or anything it shows changes — a brick arrives or leaves a GPU cache, a
// layer setting changes, the zoom, size or depth changes.

#include <QOpenGLFunctions_3_3_Core>

#include <cstdint>
#include <optional>
#include <vector>

#include "render/LayerAppearance.h"
#include "render/SliceRenderer.h"
#include "render/ViewGeometry.h"

namespace skein::render {

// Everything besides the view window that decides what a slice image shows.
struct SliceContent {
  struct Layer {
    const GpuBrickCache* cache = nullptr;
    std::uint64_t cacheVersion = 0;
    bool segmentation = false;
    bool interpolate = false;
    int targetMag = 0;
    double fillValue = 0.0;
    std::uint64_t fillId = 0;
    ColorAppearance color;
    SegmentationAppearance segments;
    bool operator==(const Layer&) const = default;
  };
  std::vector<Layer> layers;
  bool operator==(const SliceContent&) const = default;
};
SliceContent sliceContentOf(const std::vector<LayerRenderInput>& layers);

class SliceImageCache {
 public:
  static constexpr int kMarginPx = 64;

  enum class Plan {
    Reuse,             // show the kept image, shifted
    RenderWithMargin,  // only the window moved, but the kept image does not cover it: draw a wider one
    RenderDirect,      // the content or depth changed: draw the view itself, keep nothing
  };
  Plan plan(const OrthoView& view, const SliceContent& content) const;

  // RenderWithMargin: binds (allocating when needed) the image's framebuffer, cleared to opaque
  // black, and returns the wider view to draw into it; nullopt when no framebuffer can be made.
  std::optional<OrthoView> beginMarginRender(QOpenGLFunctions_3_3_Core* gl, const OrthoView& view);
  // After the margin render: keeps the image when it is complete, margin included. When only the
  // margin is incomplete (its bricks are not loaded), slides are drawn directly until the content
  // changes (a brick arrives), rather than drawing the wider view every frame for nothing.
  void endMarginRender(const OrthoView& wideView, SliceContent content, const SliceDrawStats& stats);
  // After a direct render: remembers the view, so that a following slide is recognised.
  void noteDirectRender(const OrthoView& view, SliceContent content);

  // Copies the part of the kept image that `view` shows into framebuffer `target` (size of view).
  void blitTo(QOpenGLFunctions_3_3_Core* gl, const OrthoView& view, GLuint target) const;
  // The statistics of the draw that made the kept image.
  const SliceDrawStats& keptStats() const { return stats_; }
  void releaseGl(QOpenGLFunctions_3_3_Core* gl);

 private:
  // Whole-pixel shift of `view` against the last drawn view, if it only slid within the plane.
  std::optional<std::array<int, 2>> slide(const OrthoView& view, const SliceContent& content) const;

  std::optional<OrthoView> last_;  // the view (not widened) last drawn
  SliceContent lastContent_;
  bool kept_ = false;  // the framebuffer holds last_ widened by the margin, complete
  bool marginIncomplete_ = false;  // the last margin render lacked margin bricks (same content)
  SliceDrawStats stats_;
  GLuint fbo_ = 0, color_ = 0, depth_ = 0;
  int fboWidth_ = 0, fboHeight_ = 0;
};

}  // namespace skein::render
