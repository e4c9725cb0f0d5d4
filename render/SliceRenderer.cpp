#include "render/SliceRenderer.h"

#include <QFile>
#include <QOpenGLShaderProgram>

#include <algorithm>
#include <cmath>
#include <limits>

namespace skein::render {

namespace {

constexpr std::size_t kMaxReportedMissing = 4096;
constexpr std::int64_t kNoEnd = std::numeric_limits<std::int64_t>::max() / 4;

QByteArray shaderSource(const char* name) {
  QFile f(QStringLiteral(":/skein/shaders/%1").arg(QLatin1String(name)));
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Where one mag's brick grid meets the view, along the screen axes u, v and the depth w. All
// coordinates are integers: mag-1 voxels or voxels of the mag.
struct MagSlice {
  std::int64_t mu = 1, mv = 1;        // mag factors along u and v
  std::int64_t ou = 0, ov = 0;        // mag-1 position of the array's voxel 0 along u and v
  std::int64_t bu = 1, bv = 1;        // brick extent along u and v (voxels of the mag)
  std::int64_t endU = kNoEnd, endV = kNoEnd;  // mag-1 end of the array along u and v
  std::int64_t gw = 0, wLocal = 0;    // brick layer cut by the slice, and the slice inside it
  std::int64_t gu0 = 0, gu1 = -1, gv0 = 0, gv1 = -1;  // bricks cutting the view (inclusive)
  bool empty() const { return gu0 > gu1 || gv0 > gv1; }
  std::int64_t brickU0(std::int64_t gu) const { return ou + gu * bu * mu; }  // mag-1 start of a brick
  std::int64_t brickV0(std::int64_t gv) const { return ov + gv * bv * mv; }
  std::int64_t cellU(std::int64_t u) const { return floorDiv(floorDiv(u - ou, mu), bu); }  // brick holding u
  std::int64_t cellV(std::int64_t v) const { return floorDiv(floorDiv(v - ov, mv), bv); }
};

// The mag-1 view rectangle, widened to whole voxels.
struct ViewRect {
  double u0, v0, u1, v1;  // exact
  std::int64_t iu0, iv0, iu1, iv1;  // whole mag-1 voxels touched, [iu0, iu1)
};

MagSlice sliceOfMag(const LayerRenderInput& layer, int m, const ViewRect& r, std::int64_t depth, const PlaneAxes& ax) {
  const auto i = static_cast<std::size_t>(m);
  const Vec3i mag = layer.magFactors[i];
  const Vec3i off = i < layer.magOffsets.size() ? layer.magOffsets[i] : Vec3i{};
  const Vec3i brick = layer.brickExtents[i];
  MagSlice s;
  s.mu = std::max<std::int64_t>(1, mag[ax.u]);
  s.mv = std::max<std::int64_t>(1, mag[ax.v]);
  s.ou = off[ax.u];
  s.ov = off[ax.v];
  s.bu = std::max<std::int64_t>(1, brick[ax.u]);
  s.bv = std::max<std::int64_t>(1, brick[ax.v]);
  const std::int64_t bw = std::max<std::int64_t>(1, brick[ax.w]);
  const std::int64_t wVoxel = floorDiv(depth - off[ax.w], std::max<std::int64_t>(1, mag[ax.w]));
  s.gw = floorDiv(wVoxel, bw);
  s.wLocal = wVoxel - s.gw * bw;
  s.gu0 = s.cellU(r.iu0);
  s.gu1 = s.cellU(r.iu1 - 1);
  s.gv0 = s.cellV(r.iv0);
  s.gv1 = s.cellV(r.iv1 - 1);
  // Only bricks inside the mag's array exist; clip the grid range to it.
  if (i < layer.magShapes.size()) {
    const Vec3i shape = layer.magShapes[i];
    const std::int64_t nu = ceilDiv(shape[ax.u], s.bu), nv = ceilDiv(shape[ax.v], s.bv), nw = ceilDiv(shape[ax.w], bw);
    s.endU = s.ou + shape[ax.u] * s.mu;
    s.endV = s.ov + shape[ax.v] * s.mv;
    if (s.gw < 0 || s.gw >= nw) return MagSlice{};  // empty
    s.gu0 = std::max<std::int64_t>(s.gu0, 0);
    s.gv0 = std::max<std::int64_t>(s.gv0, 0);
    s.gu1 = std::min<std::int64_t>(s.gu1, nu - 1);
    s.gv1 = std::min<std::int64_t>(s.gv1, nv - 1);
  }
  return s;
}

// The fragment shader with `defines` put after its #version line.
std::shared_ptr<QOpenGLShaderProgram> compileSliceProgram(const QByteArray& defines, QString* error) {
  auto program = std::make_shared<QOpenGLShaderProgram>();
  const QByteArray vs = shaderSource("slice.vert");
  QByteArray fs = shaderSource("slice.frag");
  const qsizetype versionEnd = fs.indexOf('\n');
  if (versionEnd >= 0) fs.insert(versionEnd + 1, defines);
  if (vs.isEmpty() || fs.isEmpty()) {
    if (error) *error = QStringLiteral("the slice shaders are missing from the resources");
    return nullptr;
  }
  if (!program->addShaderFromSourceCode(QOpenGLShader::Vertex, vs) ||
      !program->addShaderFromSourceCode(QOpenGLShader::Fragment, fs) || !program->link()) {
    if (error) *error = QStringLiteral("slice shader: %1").arg(program->log());
    return nullptr;
  }
  return program;
}

}  // namespace

struct SliceRenderer::Instance {
  float rect[4];
  float offset[2];
  GLint slot[3];
  GLint extentUVW[3];
  float depth;
  GLint fill;
};

struct SliceRenderer::Uniforms {
  GLint viewport, zoom, axes, axisU, axisV, axisW, page, idPage, magUV, channels, pageSize;
  GLint fillId, hovered, selected, opacity;
  GLint valueScale, min, max, gamma, tint, invert, fillValue;
};

// One compiled variant of the slice shader (see slice.frag) with its uniform locations.
struct SliceRenderer::Program {
  std::shared_ptr<QOpenGLShaderProgram> program;
  Uniforms u{};
};

namespace {

// Variants: colour with the bits kInterpolateBit and kGammaBit, or segmentation.
constexpr int kInterpolateBit = 1, kGammaBit = 2, kSegmentationVariant = 4;

int variantOf(const LayerRenderInput& layer) {
  if (layer.segmentation) return kSegmentationVariant;
  return (layer.interpolate ? kInterpolateBit : 0) | (layer.color.gamma != 1.0 ? kGammaBit : 0);
}

QByteArray definesOf(int variant) {
  if (variant == kSegmentationVariant) return "#define SKEIN_SEGMENTATION 1\n";
  QByteArray d;
  if (variant & kInterpolateBit) d += "#define SKEIN_INTERPOLATE 1\n";
  if (variant & kGammaBit) d += "#define SKEIN_GAMMA 1\n";
  return d;
}

}  // namespace

// Per-frame working memory, kept between frames so that drawing allocates nothing.
struct SliceRenderer::Scratch {
  struct Item {
    int mag;
    int page;  // -1: fill brick (no texture)
    Instance instance;
  };
  std::vector<Item> items;
  std::vector<Instance> batch;
  // Target-mag bricks (cells) of the view not yet covered by a drawn brick, row-major.
  std::vector<std::uint8_t> holes;
  // Every brick the last draw used.
  std::vector<std::pair<GpuBrickCache*, GpuBrickKey>> used;
};

SliceRenderer::SliceRenderer() : scratch_(std::make_unique<Scratch>()) {}
SliceRenderer::~SliceRenderer() = default;

bool SliceRenderer::initialize(QOpenGLFunctions_3_3_Core* gl, QString* error) {
  gl_ = gl;
  // The plain colour variant now, so that a broken shader shows at once; the others when a layer
  // first needs them.
  if (!programFor(0, error)) return false;
  gl_->glGenVertexArrays(1, &vao_);
  gl_->glGenBuffers(1, &instanceBuffer_);
  gl_->glBindVertexArray(vao_);
  gl_->glBindBuffer(GL_ARRAY_BUFFER, instanceBuffer_);
  const GLsizei stride = sizeof(Instance);
  auto floatAttr = [&](GLuint l, GLint n, std::size_t off) {
    gl_->glEnableVertexAttribArray(l);
    gl_->glVertexAttribPointer(l, n, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(off));
    gl_->glVertexAttribDivisor(l, 1);
  };
  auto intAttr = [&](GLuint l, GLint n, std::size_t off) {
    gl_->glEnableVertexAttribArray(l);
    gl_->glVertexAttribIPointer(l, n, GL_INT, stride, reinterpret_cast<const void*>(off));
    gl_->glVertexAttribDivisor(l, 1);
  };
  floatAttr(0, 4, offsetof(Instance, rect));
  floatAttr(1, 2, offsetof(Instance, offset));
  intAttr(2, 3, offsetof(Instance, slot));
  intAttr(3, 3, offsetof(Instance, extentUVW));
  floatAttr(4, 1, offsetof(Instance, depth));
  intAttr(5, 1, offsetof(Instance, fill));
  gl_->glBindVertexArray(0);
  return true;
}

// One program per renderer, not one per share group: Mesa skips a glUniform call whose value the
// (shared) program already holds, so another context's stale uniform upload would survive.
SliceRenderer::Program* SliceRenderer::programFor(int variant, QString* error) {
  auto& slot = programs_[static_cast<std::size_t>(variant)];
  if (slot) return slot.get();
  QString problem;
  auto program = compileSliceProgram(definesOf(variant), &problem);
  if (!program) {
    if (error) *error = problem;
    return nullptr;
  }
  slot = std::make_unique<Program>();
  slot->program = std::move(program);
  auto loc = [&](const char* name) { return slot->program->uniformLocation(name); };
  slot->u = {loc("uViewport"), loc("uZoom"),       loc("uAxes"),     loc("uAxisU"),   loc("uAxisV"),
             loc("uAxisW"),    loc("uPage"),       loc("uIdPage"),   loc("uMagUV"),   loc("uChannels"),
             loc("uPageSize"), loc("uFillId"),     loc("uHovered"),  loc("uSelected"), loc("uOpacity"),
             loc("uValueScale"), loc("uMin"),      loc("uMax"),      loc("uGamma"),   loc("uTint"),
             loc("uInvert"),   loc("uFillValue")};
  return slot.get();
}

// Binds `p` (when another program is bound) with the view's uniforms.
void SliceRenderer::bindProgram(Program* p, const OrthoView& view) {
  if (p == bound_) return;
  bound_ = p;
  p->program->bind();
  const Uniforms& u = p->u;
  gl_->glUniform2f(u.viewport, float(view.width), float(view.height));
  gl_->glUniform1f(u.zoom, float(view.zoom));
  const PlaneAxes ax = planeAxes(view.plane);
  gl_->glUniform3i(u.axes, ax.u, ax.v, ax.w);
  auto unit = [&](GLint location, int axis) { gl_->glUniform3i(location, axis == 0, axis == 1, axis == 2); };
  unit(u.axisU, ax.u);
  unit(u.axisV, ax.v);
  unit(u.axisW, ax.w);
  gl_->glUniform1i(u.page, 0);
  gl_->glUniform1i(u.idPage, 1);
}

void SliceRenderer::releaseGl() {
  if (!gl_) return;
  if (vao_) gl_->glDeleteVertexArrays(1, &vao_);
  if (instanceBuffer_) gl_->glDeleteBuffers(1, &instanceBuffer_);
  vao_ = instanceBuffer_ = 0;
  for (auto& p : programs_) p.reset();
  bound_ = nullptr;
  gl_ = nullptr;
}

SliceDrawStats SliceRenderer::draw(const OrthoView& view, const std::vector<LayerRenderInput>& layers,
                                   std::int64_t frame, const OrthoView* shown) {
  SliceDrawStats stats;
  scratch_->used.clear();
  if (!programs_[0] || view.width <= 0 || view.height <= 0) return stats;
  gl_->glViewport(0, 0, view.width, view.height);
  gl_->glBindVertexArray(vao_);
  const PlaneAxes ax = planeAxes(view.plane);
  bound_ = nullptr;
  gl_->glEnable(GL_BLEND);
  // Colour layers first (additive), then segmentation layers (alpha blended).
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t li = 0; li < layers.size(); ++li) {
      const auto& layer = layers[li];
      if (layer.segmentation != (pass == 1) || !layer.cache || !layer.visible() || layer.magFactors.empty()) continue;
      Program* program = programFor(variantOf(layer), nullptr);
      if (!program) continue;  // cannot happen once the plain variant compiled: same source
      collectBricks(view, shown ? *shown : view, layer, static_cast<int>(li), frame, stats);
      if (scratch_->items.empty()) continue;
      bindProgram(program, view);
      if (layer.segmentation) gl_->glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE);
      else gl_->glBlendFuncSeparate(GL_ONE, GL_ONE, GL_ZERO, GL_ONE);
      drawCollected(layer, ax, stats);
    }
  }
  gl_->glDisable(GL_BLEND);
  gl_->glDisable(GL_DEPTH_TEST);
  gl_->glBindVertexArray(0);
  gl_->glActiveTexture(GL_TEXTURE0);
  if (bound_) bound_->program->release();
  bound_ = nullptr;
  return stats;
}

// Picks the bricks of one layer to draw (scratch_->items): every target-mag brick the view cuts,
// then, mag by mag, the coarser bricks that cover a part of the view no finer drawn brick covers.
void SliceRenderer::collectBricks(const OrthoView& view, const OrthoView& shown, const LayerRenderInput& layer,
                                  int layerIndex, std::int64_t frame, SliceDrawStats& stats) {
  Scratch& s = *scratch_;
  s.items.clear();
  GpuBrickCache& cache = *layer.cache;
  const PlaneAxes ax = planeAxes(view.plane);
  const int nMags = static_cast<int>(std::min({layer.magFactors.size(), layer.brickExtents.size()}));
  if (nMags == 0) return;
  const int target = std::clamp(layer.targetMag, 0, nMags - 1);
  ViewRect r;
  r.u0 = view.originU();
  r.v0 = view.originV();
  r.u1 = r.u0 + view.width * view.zoom;
  r.v1 = r.v0 + view.height * view.zoom;
  r.iu0 = static_cast<std::int64_t>(std::floor(r.u0));
  r.iv0 = static_cast<std::int64_t>(std::floor(r.v0));
  r.iu1 = std::max(r.iu0 + 1, static_cast<std::int64_t>(std::ceil(r.u1)));
  r.iv1 = std::max(r.iv0 + 1, static_cast<std::int64_t>(std::ceil(r.v1)));
  const std::int64_t depth = view.depthVoxel();
  // The shown part, for completeness: a target brick outside it is margin.
  const double su0 = shown.originU(), sv0 = shown.originV();
  const double su1 = su0 + shown.width * shown.zoom, sv1 = sv0 + shown.height * shown.zoom;

  // Target-mag cells: holes until a drawn brick covers them (clipped to the view and the array).
  const MagSlice t = sliceOfMag(layer, target, r, depth, ax);
  const bool cellsValid = !t.empty();
  const std::int64_t nCellsU = cellsValid ? t.gu1 - t.gu0 + 1 : 0;
  const std::int64_t nCellsV = cellsValid ? t.gv1 - t.gv0 + 1 : 0;
  s.holes.assign(static_cast<std::size_t>(nCellsU * nCellsV), 1);
  std::int64_t holesLeft = nCellsU * nCellsV;
  auto cellU0 = [&](std::int64_t gu) { return std::max(r.iu0, t.brickU0(gu)); };
  auto cellU1 = [&](std::int64_t gu) { return std::min({r.iu1, t.brickU0(gu + 1), t.endU}); };
  auto cellV0 = [&](std::int64_t gv) { return std::max(r.iv0, t.brickV0(gv)); };
  auto cellV1 = [&](std::int64_t gv) { return std::min({r.iv1, t.brickV0(gv + 1), t.endV}); };
  // Marks the cells that the mag-1 rectangle [u0, u1) × [v0, v1) covers completely; returns
  // whether the rectangle touches any hole at all (`mark` false: only asks).
  auto visitHoles = [&](std::int64_t u0, std::int64_t u1, std::int64_t v0, std::int64_t v1, bool mark) {
    if (!cellsValid) return true;  // the target mag does not cut the view: everything is a hole
    const std::int64_t cu0 = std::max(t.gu0, t.cellU(u0)), cu1 = std::min(t.gu1, t.cellU(u1 - 1));
    const std::int64_t cv0 = std::max(t.gv0, t.cellV(v0)), cv1 = std::min(t.gv1, t.cellV(v1 - 1));
    bool touches = false;
    for (std::int64_t cv = cv0; cv <= cv1; ++cv)
      for (std::int64_t cu = cu0; cu <= cu1; ++cu) {
        std::uint8_t& hole = s.holes[static_cast<std::size_t>((cv - t.gv0) * nCellsU + (cu - t.gu0))];
        if (!hole) continue;
        touches = true;
        if (mark && u0 <= cellU0(cu) && cellU1(cu) <= u1 && v0 <= cellV0(cv) && cellV1(cv) <= v1) {
          hole = 0;
          --holesLeft;
        }
      }
    return touches;
  };

  for (int m = target; m < nMags && (holesLeft > 0 || !cellsValid || m == target); ++m) {
    const MagSlice g = m == target ? t : sliceOfMag(layer, m, r, depth, ax);
    if (g.empty()) continue;
    const float depthValue = float(m - target + 1) / float(nMags - target + 2) * 2.0f - 1.0f;
    for (std::int64_t gv = g.gv0; gv <= g.gv1; ++gv) {
      for (std::int64_t gu = g.gu0; gu <= g.gu1; ++gu) {
        const std::int64_t bu0 = g.brickU0(gu), bv0 = g.brickV0(gv);
        // A coarser brick matters only where the finer mags left a hole.
        if (m != target && !visitHoles(bu0, std::min(g.brickU0(gu + 1), g.endU), bv0,
                                       std::min(g.brickV0(gv + 1), g.endV), false))
          continue;
        Vec3i grid;
        grid[ax.u] = gu;
        grid[ax.v] = gv;
        grid[ax.w] = g.gw;
        const GpuBrickKey key{m, grid};
        const GpuBrickCache::Entry* e = cache.find(key);
        if (m == target) {
          const bool onScreen = double(bu0) < su1 && double(std::min(g.brickU0(gu + 1), g.endU)) > su0 &&
                                double(bv0) < sv1 && double(std::min(g.brickV0(gv + 1), g.endV)) > sv0;
          if (onScreen) {
            ++stats.targetBricksNeeded;
            if (e) ++stats.targetBricksPresent;
          } else if (!e) {
            ++stats.marginBricksMissing;
          }
        }
        if (!e) {
          if (stats.missing.size() < kMaxReportedMissing) stats.missing.emplace_back(layerIndex, key);
          continue;
        }
        cache.touch(key, frame);
        s.used.emplace_back(&cache, key);
        if (!e->fill && g.wLocal >= e->extent[ax.w]) continue;  // the slice passes beyond its valid voxels
        const std::int64_t extU = e->fill ? g.bu : e->extent[ax.u], extV = e->fill ? g.bv : e->extent[ax.v];
        visitHoles(bu0, bu0 + extU * g.mu, bv0, bv0 + extV * g.mv, true);
        Scratch::Item item{};
        item.mag = m;
        item.page = e->fill ? -1 : e->page;
        Instance& inst = item.instance;
        const double x0 = (double(bu0) - r.u0) / view.zoom, y0 = (double(bv0) - r.v0) / view.zoom;
        const double x1 = (double(bu0 + extU * g.mu) - r.u0) / view.zoom;
        const double y1 = (double(bv0 + extV * g.mv) - r.v0) / view.zoom;
        inst.rect[0] = float(std::max(-1.0, x0));
        inst.rect[1] = float(std::max(-1.0, y0));
        inst.rect[2] = float(std::min(view.width + 1.0, x1));
        inst.rect[3] = float(std::min(view.height + 1.0, y1));
        inst.offset[0] = float(double(bu0) - r.u0);
        inst.offset[1] = float(double(bv0) - r.v0);
        inst.slot[0] = GLint(e->slotOffset.x);
        inst.slot[1] = GLint(e->slotOffset.y);
        inst.slot[2] = GLint(e->slotOffset.z);
        inst.extentUVW[0] = GLint(extU);
        inst.extentUVW[1] = GLint(extV);
        inst.extentUVW[2] = GLint(g.wLocal);
        inst.depth = depthValue;
        inst.fill = e->fill ? 1 : 0;
        s.items.push_back(item);
      }
    }
  }
}

void SliceRenderer::touchLastDrawn(std::int64_t frame) {
  for (const auto& [cache, key] : scratch_->used) cache->touch(key, frame);
}

void SliceRenderer::setLayerUniforms(const LayerRenderInput& layer) {
  const TextureFormat& fmt = layer.cache->format();
  gl_->glUniform1i(bound_->u.channels, fmt.integer ? 1 : fmt.components);
  const Vec3i page = layer.cache->pageExtent();
  gl_->glUniform3f(bound_->u.pageSize, float(page.x), float(page.y), float(page.z));
  if (layer.segmentation) {
    const auto& sg = layer.segments;
    auto setId = [&](GLint location, std::uint64_t id) {
      gl_->glUniform2ui(location, static_cast<GLuint>(id), static_cast<GLuint>(id >> 32));
    };
    setId(bound_->u.fillId, layer.fillId);
    setId(bound_->u.hovered, sg.hoveredId ? sg.hoveredId : ~0ull);
    setId(bound_->u.selected, sg.selectedId ? sg.selectedId : ~0ull);
    gl_->glUniform1f(bound_->u.opacity, float(sg.opacity));
  } else {
    const auto& c = layer.color;
    gl_->glUniform1f(bound_->u.valueScale, float(fmt.valueScale));
    gl_->glUniform1f(bound_->u.min, float(c.min));
    gl_->glUniform1f(bound_->u.max, float(c.max));
    gl_->glUniform1f(bound_->u.gamma, float(c.gamma));
    gl_->glUniform1f(bound_->u.opacity, float(c.opacity));
    gl_->glUniform3f(bound_->u.tint, float(c.tint.redF()), float(c.tint.greenF()), float(c.tint.blueF()));
    gl_->glUniform1i(bound_->u.invert, c.invert ? 1 : 0);
    const float fv = float(layer.fillValue);
    gl_->glUniform4f(bound_->u.fillValue, fv, fv, fv, fv);
  }
}

// Draws scratch_->items: one instanced draw per (mag, page). Only when coarser bricks fill holes
// does the layer need the depth test (finer mags nearer, so coarse data never covers fine data).
void SliceRenderer::drawCollected(const LayerRenderInput& layer, const PlaneAxes& axes, SliceDrawStats& stats) {
  Scratch& s = *scratch_;
  std::sort(s.items.begin(), s.items.end(),
            [](const Scratch::Item& a, const Scratch::Item& b) { return a.mag != b.mag ? a.mag < b.mag : a.page < b.page; });
  const bool layered = s.items.front().mag != s.items.back().mag;
  if (layered) {
    gl_->glEnable(GL_DEPTH_TEST);
    gl_->glDepthFunc(GL_LESS);
    gl_->glClear(GL_DEPTH_BUFFER_BIT);
  } else {
    gl_->glDisable(GL_DEPTH_TEST);
  }
  setLayerUniforms(layer);
  const TextureFormat& fmt = layer.cache->format();
  const GLint filter = (!fmt.integer && layer.interpolate) ? GL_LINEAR : GL_NEAREST;
  gl_->glActiveTexture(fmt.integer ? GL_TEXTURE1 : GL_TEXTURE0);
  gl_->glBindBuffer(GL_ARRAY_BUFFER, instanceBuffer_);
  int boundMag = -1;
  for (std::size_t begin = 0; begin < s.items.size();) {
    const int mag = s.items[begin].mag, page = s.items[begin].page;
    s.batch.clear();
    std::size_t end = begin;
    for (; end < s.items.size() && s.items[end].mag == mag && s.items[end].page == page; ++end)
      s.batch.push_back(s.items[end].instance);
    if (mag != boundMag) {
      const Vec3i f = layer.magFactors[static_cast<std::size_t>(mag)];
      gl_->glUniform2f(bound_->u.magUV, float(f[axes.u]), float(f[axes.v]));
      boundMag = mag;
    }
    if (page >= 0) {
      gl_->glBindTexture(GL_TEXTURE_3D, layer.cache->pageTexture(page));
      gl_->glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MIN_FILTER, filter);
      gl_->glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MAG_FILTER, filter);
    }
    gl_->glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(s.batch.size() * sizeof(Instance)), s.batch.data(),
                      GL_STREAM_DRAW);
    gl_->glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(s.batch.size()));
    stats.bricksDrawn += static_cast<int>(s.batch.size());
    begin = end;
  }
}

}  // namespace skein::render
