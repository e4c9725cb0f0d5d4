#include "render/SliceRenderer.h"

#include <QFile>
#include <QOpenGLShaderProgram>

#include <algorithm>
#include <cmath>
#include <map>

namespace skein::render {

struct SliceRenderer::Instance {
  float rect[4];
  float offset[2];
  GLint slot[3];
  GLint extentUVW[3];
  float depth;
  GLint fill;
};

namespace {

constexpr std::size_t kMaxReportedMissing = 4096;

QByteArray shaderSource(const char* name) {
  QFile f(QStringLiteral(":/skein/shaders/%1").arg(QLatin1String(name)));
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

SliceRenderer::SliceRenderer() = default;
SliceRenderer::~SliceRenderer() = default;

bool SliceRenderer::initialize(QOpenGLFunctions_3_3_Core* gl, QString* error) {
  gl_ = gl;
  program_ = std::make_unique<QOpenGLShaderProgram>();
  const QByteArray vs = shaderSource("slice.vert"), fs = shaderSource("slice.frag");
  if (vs.isEmpty() || fs.isEmpty()) {
    if (error) *error = QStringLiteral("the slice shaders are missing from the resources");
    return false;
  }
  if (!program_->addShaderFromSourceCode(QOpenGLShader::Vertex, vs) ||
      !program_->addShaderFromSourceCode(QOpenGLShader::Fragment, fs) || !program_->link()) {
    if (error) *error = QStringLiteral("slice shader: %1").arg(program_->log());
    return false;
  }
  gl_->glGenVertexArrays(1, &vao_);
  gl_->glGenBuffers(1, &instanceBuffer_);
  gl_->glBindVertexArray(vao_);
  gl_->glBindBuffer(GL_ARRAY_BUFFER, instanceBuffer_);
  const GLsizei stride = sizeof(Instance);
  auto floatAttr = [&](GLuint loc, GLint n, std::size_t off) {
    gl_->glEnableVertexAttribArray(loc);
    gl_->glVertexAttribPointer(loc, n, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(off));
    gl_->glVertexAttribDivisor(loc, 1);
  };
  auto intAttr = [&](GLuint loc, GLint n, std::size_t off) {
    gl_->glEnableVertexAttribArray(loc);
    gl_->glVertexAttribIPointer(loc, n, GL_INT, stride, reinterpret_cast<const void*>(off));
    gl_->glVertexAttribDivisor(loc, 1);
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

void SliceRenderer::releaseGl() {
  if (!gl_) return;
  if (vao_) gl_->glDeleteVertexArrays(1, &vao_);
  if (instanceBuffer_) gl_->glDeleteBuffers(1, &instanceBuffer_);
  vao_ = instanceBuffer_ = 0;
  program_.reset();
  gl_ = nullptr;
}

SliceDrawStats SliceRenderer::draw(const OrthoView& view, const std::vector<LayerRenderInput>& layers,
                                   std::int64_t frame) {
  SliceDrawStats stats;
  if (!program_ || view.width <= 0 || view.height <= 0) return stats;
  gl_->glViewport(0, 0, view.width, view.height);
  program_->bind();
  gl_->glBindVertexArray(vao_);
  program_->setUniformValue("uViewport", QVector2D(float(view.width), float(view.height)));
  program_->setUniformValue("uZoom", float(view.zoom));
  const PlaneAxes ax = planeAxes(view.plane);
  gl_->glUniform3i(program_->uniformLocation("uAxes"), ax.u, ax.v, ax.w);
  program_->setUniformValue("uPage", 0);
  program_->setUniformValue("uIdPage", 1);
  gl_->glEnable(GL_DEPTH_TEST);
  gl_->glDepthFunc(GL_LESS);
  gl_->glEnable(GL_BLEND);
  // Colour layers first (additive), then segmentation layers (alpha blended).
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t li = 0; li < layers.size(); ++li) {
      const auto& layer = layers[li];
      if (layer.segmentation != (pass == 1) || !layer.cache) continue;
      if (layer.segmentation ? !layer.segments.visible : !layer.color.visible) continue;
      gl_->glClear(GL_DEPTH_BUFFER_BIT);
      if (layer.segmentation) gl_->glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE);
      else gl_->glBlendFuncSeparate(GL_ONE, GL_ONE, GL_ZERO, GL_ONE);
      drawLayer(view, layer, static_cast<int>(li), frame, stats);
    }
  }
  gl_->glDisable(GL_BLEND);
  gl_->glDisable(GL_DEPTH_TEST);
  gl_->glBindVertexArray(0);
  program_->release();
  return stats;
}

void SliceRenderer::drawLayer(const OrthoView& view, const LayerRenderInput& layer, int layerIndex,
                              std::int64_t frame, SliceDrawStats& stats) {
  GpuBrickCache& cache = *layer.cache;
  const TextureFormat& fmt = cache.format();
  const PlaneAxes ax = planeAxes(view.plane);
  const int nMags = static_cast<int>(layer.magFactors.size());
  if (nMags == 0) return;
  const int target = std::clamp(layer.targetMag, 0, nMags - 1);

  program_->setUniformValue("uMode", layer.segmentation ? 1 : 0);
  program_->setUniformValue("uChannels", fmt.integer ? 1 : fmt.components);
  const Vec3i page = cache.pageExtent();
  program_->setUniformValue("uPageSize", QVector3D(float(page.x), float(page.y), float(page.z)));
  if (layer.segmentation) {
    const auto& s = layer.segments;
    auto setId = [&](const char* name, std::uint64_t id) {
      gl_->glUniform2ui(program_->uniformLocation(name), static_cast<GLuint>(id), static_cast<GLuint>(id >> 32));
    };
    setId("uFillId", layer.fillId);
    setId("uHovered", s.hoveredId ? s.hoveredId : ~0ull);
    setId("uSelected", s.selectedId ? s.selectedId : ~0ull);
    program_->setUniformValue("uOpacity", float(s.opacity));
  } else {
    const auto& c = layer.color;
    program_->setUniformValue("uValueScale", float(fmt.valueScale));
    program_->setUniformValue("uMin", float(c.min));
    program_->setUniformValue("uMax", float(c.max));
    program_->setUniformValue("uGamma", float(c.gamma));
    program_->setUniformValue("uOpacity", float(c.opacity));
    program_->setUniformValue("uTint", QVector3D(float(c.tint.redF()), float(c.tint.greenF()), float(c.tint.blueF())));
    program_->setUniformValue("uInvert", c.invert ? 1 : 0);
    program_->setUniformValue("uInterpolate", layer.interpolate ? 1 : 0);
    const float fv = float(layer.fillValue);
    program_->setUniformValue("uFillValue", QVector4D(fv, fv, fv, fv));
  }

  const double u0 = view.originU(), v0 = view.originV();
  const double u1 = u0 + view.width * view.zoom, v1 = v0 + view.height * view.zoom;
  const std::int64_t depth = view.depthVoxel();

  for (int m = target; m < nMags; ++m) {
    const Vec3i mag = layer.magFactors[static_cast<std::size_t>(m)];
    const Vec3i magOffset = m < static_cast<int>(layer.magOffsets.size()) ? layer.magOffsets[static_cast<std::size_t>(m)] : Vec3i{};
    const Vec3i brick = layer.brickExtents[static_cast<std::size_t>(m)];
    const double mu = double(mag[ax.u]), mv = double(mag[ax.v]);
    const std::int64_t bu = brick[ax.u], bv = brick[ax.v], bw = brick[ax.w];
    const std::int64_t wVoxel = floorDiv(depth - magOffset[ax.w], mag[ax.w]);
    const std::int64_t gw = floorDiv(wVoxel, bw);
    const std::int64_t wLocal = wVoxel - gw * bw;
    const double ou = double(magOffset[ax.u]), ov = double(magOffset[ax.v]);
    std::int64_t gu0 = floorDiv(static_cast<std::int64_t>(std::floor((u0 - ou) / mu)), bu);
    std::int64_t gu1 = floorDiv(static_cast<std::int64_t>(std::ceil((u1 - ou) / mu)) - 1, bu);
    std::int64_t gv0 = floorDiv(static_cast<std::int64_t>(std::floor((v0 - ov) / mv)), bv);
    std::int64_t gv1 = floorDiv(static_cast<std::int64_t>(std::ceil((v1 - ov) / mv)) - 1, bv);
    // Only bricks inside the mag's array exist; clip the grid range to it.
    if (m < static_cast<int>(layer.magShapes.size())) {
      const Vec3i shape = layer.magShapes[static_cast<std::size_t>(m)];
      const std::int64_t nu = ceilDiv(shape[ax.u], bu), nv = ceilDiv(shape[ax.v], bv), nw = ceilDiv(shape[ax.w], bw);
      if (gw < 0 || gw >= nw) continue;
      gu0 = std::max<std::int64_t>(gu0, 0);
      gv0 = std::max<std::int64_t>(gv0, 0);
      gu1 = std::min<std::int64_t>(gu1, nu - 1);
      gv1 = std::min<std::int64_t>(gv1, nv - 1);
    }
    const float depthValue = float(m - target + 1) / float(nMags - target + 2) * 2.0f - 1.0f;

    std::map<int, std::vector<Instance>> byPage;  // page -1 = fill bricks
    for (std::int64_t gv = gv0; gv <= gv1; ++gv) {
      for (std::int64_t gu = gu0; gu <= gu1; ++gu) {
        Vec3i grid;
        grid[ax.u] = gu;
        grid[ax.v] = gv;
        grid[ax.w] = gw;
        const GpuBrickKey key{m, grid};
        const GpuBrickCache::Entry* e = cache.find(key);
        if (m == target) {
          ++stats.targetBricksNeeded;
          if (e) ++stats.targetBricksPresent;
        }
        if (!e) {
          if (stats.missing.size() < kMaxReportedMissing) stats.missing.emplace_back(layerIndex, key);
          continue;
        }
        cache.touch(key, frame);
        const double originU = ou + double(gu * bu) * mu, originV = ov + double(gv * bv) * mv;  // mag-1 voxels
        const double extU = double(e->fill ? bu : e->extent[ax.u]), extV = double(e->fill ? bv : e->extent[ax.v]);
        if (!e->fill && wLocal >= e->extent[ax.w]) continue;
        Instance inst{};
        const double x0 = (originU - u0) / view.zoom, y0 = (originV - v0) / view.zoom;
        const double x1 = (originU + extU * mu - u0) / view.zoom, y1 = (originV + extV * mv - v0) / view.zoom;
        inst.rect[0] = float(std::max(-1.0, x0));
        inst.rect[1] = float(std::max(-1.0, y0));
        inst.rect[2] = float(std::min(view.width + 1.0, x1));
        inst.rect[3] = float(std::min(view.height + 1.0, y1));
        inst.offset[0] = float(originU - u0);
        inst.offset[1] = float(originV - v0);
        inst.slot[0] = GLint(e->slotOffset.x);
        inst.slot[1] = GLint(e->slotOffset.y);
        inst.slot[2] = GLint(e->slotOffset.z);
        inst.extentUVW[0] = GLint(extU);
        inst.extentUVW[1] = GLint(extV);
        inst.extentUVW[2] = GLint(wLocal);
        inst.depth = depthValue;
        inst.fill = e->fill ? 1 : 0;
        byPage[e->fill ? -1 : e->page].push_back(inst);
      }
    }
    program_->setUniformValue("uMagUV", QVector2D(float(mu), float(mv)));
    for (auto& [pageIndex, instances] : byPage) {
      if (pageIndex >= 0) {
        gl_->glActiveTexture(fmt.integer ? GL_TEXTURE1 : GL_TEXTURE0);
        gl_->glBindTexture(GL_TEXTURE_3D, cache.pageTexture(pageIndex));
        const GLint filter = (!fmt.integer && layer.interpolate) ? GL_LINEAR : GL_NEAREST;
        gl_->glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MIN_FILTER, filter);
        gl_->glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MAG_FILTER, filter);
      }
      gl_->glBindBuffer(GL_ARRAY_BUFFER, instanceBuffer_);
      gl_->glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(instances.size() * sizeof(Instance)),
                        instances.data(), GL_STREAM_DRAW);
      gl_->glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(instances.size()));
      stats.bricksDrawn += static_cast<int>(instances.size());
    }
  }
  gl_->glActiveTexture(GL_TEXTURE0);
}

}  // namespace skein::render
