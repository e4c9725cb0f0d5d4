#include "ui/ViewerSession.h"

#include <QMetaObject>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/dataset/MagArray.h"
#include "core/dataset/OpenDataset.h"
#include "core/stream/MemoryTuning.h"
#include "render/TextureFormat.h"

namespace skein::ui {

namespace {

// The fill value of an array as a double (colour layers draw absent bricks with it).
double fillAsDouble(const ArrayMeta& meta) {
  const QByteArray& f = meta.fillValue;
  if (f.size() != static_cast<qsizetype>(meta.elementSize())) return 0.0;
  auto get = [&](auto v) {
    std::memcpy(&v, f.constData(), sizeof(v));
    return static_cast<double>(v);
  };
  switch (meta.dtype) {
    case DataType::Bool: case DataType::UInt8: return get(std::uint8_t{});
    case DataType::Int8: return get(std::int8_t{});
    case DataType::UInt16: return get(std::uint16_t{});
    case DataType::Int16: return get(std::int16_t{});
    case DataType::UInt32: return get(std::uint32_t{});
    case DataType::Int32: return get(std::int32_t{});
    case DataType::UInt64: return get(std::uint64_t{});
    case DataType::Int64: return get(std::int64_t{});
    case DataType::Float32: return get(float{});
    case DataType::Float64: return get(double{});
    case DataType::Float16: return 0.0;
  }
  return 0.0;
}

render::ColorAppearance defaultColorAppearance(DataType dtype) {
  render::ColorAppearance c;
  switch (dtype) {
    case DataType::UInt8: case DataType::Bool: c.max = 255; break;
    case DataType::Int8: c.min = -128; c.max = 127; break;
    case DataType::UInt16: c.max = 65535; break;
    case DataType::Int16: c.min = -32768; c.max = 32767; break;
    case DataType::Float16: case DataType::Float32: case DataType::Float64: c.max = 1.0; break;
    default: c.max = 65535; break;
  }
  return c;
}

// Brick data is planar per channel; textures want channels interleaved per voxel.
QByteArray interleaveChannels(const QByteArray& planar, std::int64_t voxels, int channels, std::size_t es) {
  if (channels <= 1) return planar;
  QByteArray out(planar.size(), Qt::Uninitialized);
  for (int c = 0; c < channels; ++c) {
    const char* src = planar.constData() + c * voxels * static_cast<std::int64_t>(es);
    for (std::int64_t v = 0; v < voxels; ++v)
      std::memcpy(out.data() + (v * channels + c) * static_cast<std::int64_t>(es), src + v * static_cast<std::int64_t>(es), es);
  }
  return out;
}

SliceView planeSliceView(render::Plane plane, const render::OrthoView& ov) {
  const render::PlaneAxes a = render::planeAxes(plane);
  SliceView v;
  Vec3d origin = ov.position;
  double o[3] = {origin.x, origin.y, origin.z};
  o[a.u] = ov.originU();
  o[a.v] = ov.originV();
  v.origin = {o[0], o[1], o[2]};
  double u[3] = {0, 0, 0}, w[3] = {0, 0, 0};
  u[a.u] = 1;
  w[a.v] = 1;
  v.u = {u[0], u[1], u[2]};
  v.v = {w[0], w[1], w[2]};
  v.width = ov.width * ov.zoom;
  v.height = ov.height * ov.zoom;
  return v;
}

// Appends what decides a viewport's brick set: the brick grid range its visible box covers at
// every mag. Equal keys mean equal plans (up to priorities inside the tiers).
void appendPlanKey(std::vector<std::int64_t>& key, const std::vector<MagGeometry>& mags, const render::OrthoView& view) {
  const Box3i box = view.visibleBox();
  for (const MagGeometry& g : mags)
    for (int i = 0; i < 3; ++i) {
      const std::int64_t f = std::max<std::int64_t>(1, g.factor[i]), b = std::max<std::int64_t>(1, g.brickSize[i]);
      key.push_back(floorDiv(floorDiv(box.min[i] - g.offset[i], f), b));
      key.push_back(floorDiv(floorDiv(box.min[i] + box.size[i] - 1 - g.offset[i], f), b));
    }
}

int motionSign(double d) { return d > 0 ? 1 : (d < 0 ? -1 : 0); }

}  // namespace

ViewerSession::ViewerSession(QObject* parent) : QObject(parent), engine_(std::make_unique<StreamingEngine>()) {
  returnLargeBuffersToTheOs();  // else freed bricks linger in malloc arenas, above the RAM budget
}

ViewerSession::~ViewerSession() { engine_.reset(); }

Status ViewerSession::open(const QString& location) {
  auto opened = openDataset(opener_, location.toStdString());
  if (!opened.ok()) return opened.error();
  auto ds = std::make_unique<Dataset>(std::move(opened).value());
  SKEIN_TRY(openAllMagArrays(&opener_, *ds));

  // Build the new engine aside, so that a failure leaves the open dataset working.
  auto engine = std::make_unique<StreamingEngine>(engine_->settings());
  engine->setReadyCallback([this] {
    QMetaObject::invokeMethod(this, [this] { emit bricksArrived(); }, Qt::QueuedConnection);
  });
  std::vector<LayerUiState> layers;
  for (const Layer& layer : ds->layers) {
    if (layer.mags.empty()) continue;
    SKEIN_TRY(engine->addLayer(layer));
    auto geometry = layerGeometry(layer);
    if (!geometry.ok()) return geometry.error();
    LayerUiState ui;
    ui.name = layer.name;
    ui.segmentation = layer.category == LayerCategory::Segmentation;
    ui.dtype = layer.dtype;
    ui.channels = layer.channels;
    ui.color = defaultColorAppearance(layer.dtype);
    ui.mags = std::move(geometry).value();
    ui.fillValue = fillAsDouble(layer.mags.front().array->meta());
    layers.push_back(std::move(ui));
  }
  if (layers.empty()) return makeError(ErrorCode::InvalidData, location.toStdString() + " holds no layer with data");
  for (auto& old : layers_)
    if (old.gpu) retiredGpu_.push_back(std::move(old.gpu));
  layers_ = std::move(layers);
  engine_ = std::move(engine);
  dataset_ = std::move(ds);
  counters_ = {};
  planKey_.clear();
  const Box3i box = dataset_->layers.front().boundingBox;
  position_ = {double(box.min.x + box.size.x / 2), double(box.min.y + box.size.y / 2),
               double(box.min.z + box.size.z / 2)};
  lastPlannedPosition_ = position_;
  zoom_ = 1.0;
  emit datasetChanged();
  emit viewChanged();
  updateRequests();
  return {};
}

void ViewerSession::setStreamSettings(const StreamSettings& settings) {
  const bool gpuBudgetChanged = settings.gpuBudgetBytes != engine_->settings().gpuBudgetBytes;
  engine_->setSettings(settings);
  if (gpuBudgetChanged) {
    // New (empty) GPU caches under the new budget; the next frames upload again from the RAM cache.
    for (auto& layer : layers_)
      if (layer.gpu) {
        retiredGpu_.push_back(std::move(layer.gpu));
        layer.gpu = makeGpuCache(layer);
      }
    emit appearanceChanged();
  }
  updateRequests();
}

void ViewerSession::setPreferences(const ViewerPreferences& prefs) {
  prefs_ = prefs;
  updateRequests();
  emit appearanceChanged();
}

void ViewerSession::setPosition(const Vec3d& position) {
  if (position == position_) return;
  position_ = position;
  emit viewChanged();
  updateRequests();
}

void ViewerSession::setZoom(double zoom) {
  zoom = std::clamp(zoom, 1.0 / 64.0, 4096.0);
  if (zoom == zoom_) return;
  zoom_ = zoom;
  emit viewChanged();
  updateRequests();
}

void ViewerSession::notifyAppearanceChanged() {
  updateRequests();  // visibility changes what must load
  emit appearanceChanged();
}

void ViewerSession::setViewportSize(render::Plane plane, int widthPx, int heightPx) {
  auto& s = viewportSizes_[plane];
  if (s == std::make_pair(widthPx, heightPx)) return;
  s = {widthPx, heightPx};
  updateRequests();
}

render::OrthoView ViewerSession::orthoView(render::Plane plane) const {
  render::OrthoView v;
  v.plane = plane;
  v.position = position_;
  v.zoom = zoom_;
  auto it = viewportSizes_.find(plane);
  if (it != viewportSizes_.end()) {
    v.width = it->second.first;
    v.height = it->second.second;
  }
  return v;
}

int ViewerSession::targetMag(const LayerUiState& layer, render::Plane plane) const {
  return chooseTargetMag(layer.mags, planeSliceView(plane, orthoView(plane)), zoom_);
}

void ViewerSession::updateRequests() {
  if (!dataset_) return;
  const Vec3d motion{position_.x - lastPlannedPosition_.x, position_.y - lastPlannedPosition_.y,
                     position_.z - lastPlannedPosition_.z};
  // Moving one slice at a time mostly keeps every viewport inside the same bricks: then the plan
  // (and the engine's bookkeeping over the whole cache) would come out the same; skip it.
  std::vector<std::int64_t>& key = nextPlanKey_;
  key.clear();
  key.push_back(prefs_.prefetch);
  key.push_back(motionSign(motion.x));
  key.push_back(motionSign(motion.y));
  key.push_back(motionSign(motion.z));
  for (const auto& layer : layers_) {
    key.push_back(layer.segmentation ? layer.segments.visible : layer.color.visible);
    for (const auto& [plane, size] : viewportSizes_) {
      key.push_back(targetMag(layer, plane));
      appendPlanKey(key, layer.mags, orthoView(plane));
    }
  }
  if (key == planKey_) return;
  std::swap(planKey_, nextPlanKey_);
  lastPlannedPosition_ = position_;
  PlanOptions options;
  options.prefetchWhenStill = prefs_.prefetch;
  if (!prefs_.prefetch) options.prefetchLayers = 0;
  std::vector<BrickRequest> all;
  for (const auto& layer : layers_) {
    const bool visible = layer.segmentation ? layer.segments.visible : layer.color.visible;
    if (!visible) continue;
    for (const auto& [plane, size] : viewportSizes_) {
      if (size.first <= 0 || size.second <= 0) continue;
      SliceView view = planeSliceView(plane, orthoView(plane));
      view.targetMag = targetMag(layer, plane);
      view.motion = motion;
      auto requests = planSliceRequests(layer.name, layer.mags, view, options);
      all.insert(all.end(), std::make_move_iterator(requests.begin()), std::make_move_iterator(requests.end()));
    }
  }
  engine_->setRequests(++generation_, mergeRequests(std::move(all)));
}

std::unique_ptr<render::GpuBrickCache> ViewerSession::makeGpuCache(const LayerUiState& layer) const {
  Vec3i slot{1, 1, 1};
  for (const auto& m : layer.mags)
    slot = {std::max(slot.x, m.brickSize.x), std::max(slot.y, m.brickSize.y), std::max(slot.z, m.brickSize.z)};
  const std::int64_t budget =
      engine_->settings().gpuBudgetBytes / std::max<std::int64_t>(1, static_cast<std::int64_t>(layers_.size()));
  return std::make_unique<render::GpuBrickCache>(
      render::textureFormatFor(layer.dtype, layer.channels, layer.segmentation), slot, budget);
}

bool ViewerSession::uploadBrick(QOpenGLFunctions_3_3_Core* gl, LayerUiState& layer, const BrickKey& brickKey,
                                const BrickPtr& brick, bool missing, std::int64_t frame) {
  if (!layer.gpu) layer.gpu = makeGpuCache(layer);
  const render::GpuBrickKey key{brickKey.mag, brickKey.grid};
  if (missing || !brick || brick->absent) {
    layer.gpu->markFill(key, frame);
    return true;
  }
  const Brick& b = *brick;
  const QByteArray interleaved = interleaveChannels(b.data.rawView(), b.voxelsPerChannel(), b.channels, dataTypeSize(b.dtype));
  const QByteArray tex =
      render::convertForTexture(interleaved, b.voxelsPerChannel(), b.dtype, b.channels, layer.gpu->format());
  if (!layer.gpu->upload(gl, key, tex, b.extent, frame)) {
    ++counters_.uploadsRefused;
    return false;
  }
  ++counters_.bricksUploaded;
  counters_.bytesUploaded += b.data.size();
  return true;
}

LayerUiState* ViewerSession::findLayer(const std::string& name) {
  auto it = std::find_if(layers_.begin(), layers_.end(), [&](const LayerUiState& l) { return l.name == name; });
  return it == layers_.end() ? nullptr : &*it;
}

bool ViewerSession::uploadReady(QOpenGLFunctions_3_3_Core* gl, std::int64_t frame) {
  for (auto& retired : retiredGpu_) retired->releaseGl(gl);
  retiredGpu_.clear();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(prefs_.uploadBudgetNs);
  engine_->drainReadyUntil(deadline, [&](ReadyBrick&& ready) {
    LayerUiState* layer = findLayer(ready.key.layer);
    if (!layer || ready.state == BrickState::Failed) return;
    uploadBrick(gl, *layer, ready.key, ready.brick, ready.state == BrickState::Missing, frame);
  });
  engine_->setGpuUsage(gpuBytes());
  return engine_->readyCount() > 0;
}

bool ViewerSession::uploadFromRam(QOpenGLFunctions_3_3_Core* gl,
                                  const std::vector<std::pair<int, render::GpuBrickKey>>& missing, std::int64_t frame) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(prefs_.uploadBudgetNs);
  bool uploaded = false;
  for (const auto& [layerIndex, key] : missing) {
    if (std::chrono::steady_clock::now() > deadline) return true;
    if (layerIndex < 0 || layerIndex >= static_cast<int>(layers_.size())) continue;
    LayerUiState& layer = layers_[static_cast<std::size_t>(layerIndex)];
    const BrickKey brickKey{layer.name, key.mag, key.grid};
    BrickPtr brick = engine_->lookup(brickKey);
    if (!brick) continue;  // not in RAM: the engine loads it (it is requested)
    uploaded |= uploadBrick(gl, layer, brickKey, brick, false, frame);
  }
  if (uploaded) engine_->setGpuUsage(gpuBytes());
  return uploaded;
}

std::vector<render::LayerRenderInput> ViewerSession::layerInputs(render::Plane plane) {
  std::vector<render::LayerRenderInput> out;
  for (auto& layer : layers_) {
    render::LayerRenderInput in;
    // Made here, not at the first upload: a layer without a cache would be skipped by the renderer,
    // and a view that needs no bricks would count as complete before any brick has arrived.
    if (!layer.gpu) layer.gpu = makeGpuCache(layer);
    in.cache = layer.gpu.get();
    in.segmentation = layer.segmentation;
    in.dtype = layer.dtype;
    in.channels = layer.channels;
    for (const auto& m : layer.mags) {
      in.magFactors.push_back(m.factor);
      in.magOffsets.push_back(m.offset);
      in.brickExtents.push_back(m.brickSize);
      in.magShapes.push_back(m.shape);
    }
    in.targetMag = targetMag(layer, plane);
    in.fillValue = layer.fillValue;
    in.interpolate = prefs_.interpolation;
    in.color = layer.color;
    in.segments = layer.segments;
    out.push_back(std::move(in));
  }
  return out;
}

void ViewerSession::releaseGl(QOpenGLFunctions_3_3_Core* gl) {
  for (auto& retired : retiredGpu_) retired->releaseGl(gl);
  retiredGpu_.clear();
  for (auto& layer : layers_)
    if (layer.gpu) layer.gpu->releaseGl(gl);
}

std::int64_t ViewerSession::gpuBytes() const {
  std::int64_t total = 0;
  for (const auto& layer : layers_)
    if (layer.gpu) total += layer.gpu->bytesAllocated();
  return total;
}

int ViewerSession::layerIndex(const std::string& name) const {
  for (std::size_t i = 0; i < layers_.size(); ++i)
    if (layers_[i].name == name) return static_cast<int>(i);
  return -1;
}

std::optional<VoxelValue> ViewerSession::valueAt(int layerIndex, const Vec3i& voxel) {
  if (!dataset_ || layerIndex < 0 || layerIndex >= static_cast<int>(layers_.size())) return std::nullopt;
  const LayerUiState& layer = layers_[static_cast<std::size_t>(layerIndex)];
  for (std::size_t m = 0; m < layer.mags.size(); ++m) {
    const MagGeometry& g = layer.mags[m];
    Vec3i magVoxel, grid;
    bool inside = true;
    for (int i = 0; i < 3; ++i) {
      if (g.factor[i] <= 0 || g.brickSize[i] <= 0) return std::nullopt;
      magVoxel[i] = floorDiv(voxel[i] - g.offset[i], g.factor[i]);
      inside = inside && magVoxel[i] >= 0 && magVoxel[i] < g.shape[i];
      grid[i] = floorDiv(magVoxel[i], g.brickSize[i]);
    }
    if (!inside) continue;
    const BrickPtr brick = engine_->lookup(BrickKey{layer.name, static_cast<int>(m), grid});
    if (!brick) continue;
    auto value = readBrickVoxel(*brick, magVoxel);
    if (!value) continue;
    value->mag = static_cast<int>(m);
    return value;
  }
  return std::nullopt;
}

std::vector<BrickPtr> ViewerSession::cachedBricksOfMag(const LayerUiState& layer, int mag,
                                                      std::int64_t maxBricks) {
  std::vector<BrickPtr> out;
  const MagGeometry& g = layer.mags[static_cast<std::size_t>(mag)];
  const Vec3i grid = g.gridShape();
  if (grid.x <= 0 || grid.y <= 0 || grid.z <= 0 || maxBricks <= 0) return out;
  // A window of bricks around the position when the whole grid is too large.
  const auto side = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::cbrt(static_cast<double>(maxBricks))));
  Vec3i lo{0, 0, 0}, hi = grid;
  if (grid.product() > maxBricks) {
    const double p[3] = {position_.x, position_.y, position_.z};
    for (int i = 0; i < 3; ++i) {
      const std::int64_t magVoxel = floorDiv(static_cast<std::int64_t>(std::floor(p[i])) - g.offset[i],
                                             std::max<std::int64_t>(1, g.factor[i]));
      const std::int64_t centre = floorDiv(magVoxel, std::max<std::int64_t>(1, g.brickSize[i]));
      lo[i] = std::clamp<std::int64_t>(centre - side / 2, 0, std::max<std::int64_t>(0, grid[i] - side));
      hi[i] = std::min(grid[i], lo[i] + side);
    }
  }
  for (std::int64_t z = lo.z; z < hi.z; ++z)
    for (std::int64_t y = lo.y; y < hi.y; ++y)
      for (std::int64_t x = lo.x; x < hi.x; ++x)
        if (BrickPtr b = engine_->lookup(BrickKey{layer.name, mag, {x, y, z}}); b && !b->absent) out.push_back(b);
  return out;
}

std::vector<BrickPtr> ViewerSession::cachedCoarseBricks(int layerIndex, std::int64_t minVoxels,
                                                        std::int64_t maxBricks) {
  if (!dataset_ || layerIndex < 0 || layerIndex >= static_cast<int>(layers_.size())) return {};
  const LayerUiState& layer = layers_[static_cast<std::size_t>(layerIndex)];
  std::vector<BrickPtr> best;
  std::int64_t bestVoxels = 0;
  for (int mag = static_cast<int>(layer.mags.size()) - 1; mag >= 0; --mag) {
    std::vector<BrickPtr> bricks = cachedBricksOfMag(layer, mag, maxBricks);
    std::int64_t voxels = 0;
    for (const auto& b : bricks) voxels += b->validExtent.product();
    if (voxels >= minVoxels) return bricks;
    if (voxels > bestVoxels) {
      bestVoxels = voxels;
      best = std::move(bricks);
    }
  }
  return best;
}

}  // namespace skein::ui
