#pragma once
// Draws the layers of one orthogonal viewport from the GPU brick caches, one instanced draw per
// (mag, texture page). Each pixel shows the finest cached mag: the bricks of the target mag are
// drawn, and a coarser mag's brick only where no finer brick covers the view yet (a "hole"), so
// the common case — the target mag complete — is a single pass per layer with no overdraw, and the
// image is never black where any mag is cached. Colour layers add up; segmentation layers blend on
// top; hidden layers cost nothing.

#include <QOpenGLFunctions_3_3_Core>

#include <array>
#include <memory>
#include <vector>

#include "core/base/DataType.h"
#include "render/GpuBrickCache.h"
#include "render/LayerAppearance.h"
#include "render/ViewGeometry.h"

class QOpenGLShaderProgram;

namespace skein::render {

struct LayerRenderInput {
  GpuBrickCache* cache = nullptr;
  bool segmentation = false;
  DataType dtype = DataType::UInt8;
  int channels = 1;
  std::vector<Vec3i> magFactors;    // finest first
  std::vector<Vec3i> magOffsets;    // mag-1 position of each mag's array voxel (0,0,0)
  std::vector<Vec3i> brickExtents;  // brick (chunk) extent in voxels of each mag, x/y/z
  std::vector<Vec3i> magShapes;     // array size of each mag along x/y/z (voxels of that mag)
  int targetMag = 0;                // finest mag to draw (chosen by the view's zoom)
  double fillValue = 0.0;           // colour layers: raw fill value
  std::uint64_t fillId = 0;         // segmentation layers
  bool interpolate = false;
  ColorAppearance color;
  SegmentationAppearance segments;
  bool visible() const { return segmentation ? segments.visible : color.visible; }
};

struct SliceDrawStats {
  int bricksDrawn = 0;
  // Bricks the view needs that are not on the GPU, per layer index (capped), so that the caller can
  // upload them from the RAM cache or request them: target-mag bricks, and coarser ones where no
  // finer brick covers the view.
  std::vector<std::pair<int, GpuBrickKey>> missing;
  int targetBricksNeeded = 0;   // bricks of the target mag that intersect the view (the shown part)
  int targetBricksPresent = 0;  // … of which are cached (or known absent)
  int marginBricksMissing = 0;  // target-mag bricks missing outside the shown part (margin renders)
  bool complete() const { return targetBricksPresent == targetBricksNeeded; }
};

class SliceRenderer {
 public:
  SliceRenderer();
  ~SliceRenderer();
  // Compiles the shaders; the context must be current. Returns false with a message on failure.
  bool initialize(QOpenGLFunctions_3_3_Core* gl, QString* error);
  void releaseGl();

  // Draws into the currently bound framebuffer (cleared by the caller). `frame` marks the bricks
  // used for LRU eviction.
  // `shown`, when given, is the part of `view` that is on screen (SliceImageCache draws a wider
  // view): completeness counts only the bricks it needs.
  SliceDrawStats draw(const OrthoView& view, const std::vector<LayerRenderInput>& layers, std::int64_t frame,
                      const OrthoView* shown = nullptr);
  // Marks the bricks of the last draw as used in `frame`, when its image is shown again without
  // drawing (SliceImageCache), so that they are not evicted from under it.
  void touchLastDrawn(std::int64_t frame);

 private:
  struct Instance;
  struct Uniforms;
  struct Program;
  struct Scratch;
  static constexpr std::size_t kProgramVariants = 5;
  Program* programFor(int variant, QString* error);
  void bindProgram(Program* program, const OrthoView& view);
  void setLayerUniforms(const LayerRenderInput& layer);
  void collectBricks(const OrthoView& view, const OrthoView& shown, const LayerRenderInput& layer, int layerIndex,
                     std::int64_t frame, SliceDrawStats& stats);
  void drawCollected(const LayerRenderInput& layer, const PlaneAxes& axes, SliceDrawStats& stats);

  QOpenGLFunctions_3_3_Core* gl_ = nullptr;
  std::array<std::unique_ptr<Program>, kProgramVariants> programs_;
  Program* bound_ = nullptr;  // during draw()
  std::unique_ptr<Scratch> scratch_;  // reused every frame: no per-frame allocations
  GLuint vao_ = 0;
  GLuint instanceBuffer_ = 0;
};

}  // namespace skein::render
