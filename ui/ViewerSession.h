#pragma once
// Everything one open dataset needs in the viewer, shared by the viewports: the dataset, the
// streaming engine, the GPU brick caches (one per layer, in the shared GL context group), the view
// state (position and zoom shared by the three planes) and the layers' appearance.
//
// The viewports ask for what they show (updateRequests), upload what arrived within a per-frame
// deadline (uploadReady, GL thread), and draw with layerInputs().

#include <QObject>
#include <QOpenGLFunctions_3_3_Core>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "core/dataset/Dataset.h"
#include "core/store/StoreOpener.h"
#include "core/stream/SlicePlanner.h"
#include "core/stream/StreamingEngine.h"
#include "render/GpuBrickCache.h"
#include "render/SliceRenderer.h"
#include "render/ViewGeometry.h"
#include "ui/VoxelValue.h"

namespace skein::ui {

struct LayerUiState {
  std::string name;
  bool segmentation = false;
  DataType dtype = DataType::UInt8;
  int channels = 1;
  render::ColorAppearance color;
  render::SegmentationAppearance segments;
  std::vector<MagGeometry> mags;
  double fillValue = 0;
  std::unique_ptr<render::GpuBrickCache> gpu;  // created on the GL thread at the first upload
};

struct ViewerPreferences {
  bool interpolation = false;
  bool prefetch = true;
  std::int64_t uploadBudgetNs = 8'000'000;  // GPU uploads per frame (≈8 ms keeps 60 Hz)
};

struct LoadCounters {
  std::int64_t bricksUploaded = 0;
  std::int64_t bytesUploaded = 0;
  std::int64_t uploadsRefused = 0;  // GPU budget full of bricks needed by the current frame
};

class ViewerSession : public QObject {
  Q_OBJECT
 public:
  explicit ViewerSession(QObject* parent = nullptr);
  ~ViewerSession() override;

  // Opens a local folder or URL (any format open() detects). Replaces the current dataset.
  Status open(const QString& location);
  bool hasDataset() const { return dataset_ != nullptr; }
  const Dataset* dataset() const { return dataset_.get(); }
  StreamingEngine& engine() { return *engine_; }
  StreamSettings streamSettings() const { return engine_->settings(); }
  void setStreamSettings(const StreamSettings& settings);
  const ViewerPreferences& preferences() const { return prefs_; }
  void setPreferences(const ViewerPreferences& prefs);

  // View state shared by the three planes.
  Vec3d position() const { return position_; }
  double zoom() const { return zoom_; }
  void setPosition(const Vec3d& position);
  void setZoom(double zoom);  // mag-1 voxels per screen pixel, clamped to a sane range

  std::vector<LayerUiState>& layers() { return layers_; }
  const std::vector<LayerUiState>& layers() const { return layers_; }
  void notifyAppearanceChanged();
  int layerIndex(const std::string& name) const;  // -1 when there is none

  // The value of mag-1 voxel `voxel` in a layer, read from the finest mag whose brick is in the
  // engine's RAM cache; nullopt when none is (or the voxel is outside the data). Never reads the
  // store, so it is safe on the GUI thread.
  std::optional<VoxelValue> valueAt(int layerIndex, const Vec3i& voxel);
  // Decoded bricks in the RAM cache for the layer's histogram, all of one mag: the coarsest mag
  // whose cached bricks hold at least `minVoxels` voxels (else the mag with the most). Looks at
  // most `maxBricks` bricks per mag (those around the position when the grid is larger).
  std::vector<BrickPtr> cachedCoarseBricks(int layerIndex, std::int64_t minVoxels = std::int64_t{1} << 16,
                                           std::int64_t maxBricks = 512);

  // Viewports report their size; the session plans requests for all of them at once.
  void setViewportSize(render::Plane plane, int widthPx, int heightPx);
  render::OrthoView orthoView(render::Plane plane) const;
  void updateRequests();

  // GL thread: uploads arrived bricks until the deadline; returns true when more are waiting.
  bool uploadReady(QOpenGLFunctions_3_3_Core* gl, std::int64_t frame);
  // GL thread: uploads bricks a draw found missing on the GPU but still cached in RAM (e.g. evicted
  // from the GPU earlier). Returns true when anything was uploaded (draw again).
  bool uploadFromRam(QOpenGLFunctions_3_3_Core* gl, const std::vector<std::pair<int, render::GpuBrickKey>>& missing,
                     std::int64_t frame);
  std::vector<render::LayerRenderInput> layerInputs(render::Plane plane);
  void releaseGl(QOpenGLFunctions_3_3_Core* gl);

  std::int64_t gpuBytes() const;
  const LoadCounters& counters() const { return counters_; }
  std::int64_t nextFrame() { return ++frame_; }

 signals:
  void datasetChanged();
  void viewChanged();           // position or zoom
  void appearanceChanged();
  void bricksArrived();         // queued: some bricks wait for upload
  void statusMessage(const QString& text);

 private:
  int targetMag(const LayerUiState& layer, render::Plane plane) const;
  LayerUiState* findLayer(const std::string& name);
  std::unique_ptr<render::GpuBrickCache> makeGpuCache(const LayerUiState& layer) const;
  std::vector<BrickPtr> cachedBricksOfMag(const LayerUiState& layer, int mag, std::int64_t maxBricks);
  bool uploadBrick(QOpenGLFunctions_3_3_Core* gl, LayerUiState& layer, const BrickKey& key, const BrickPtr& brick,
                   bool missing, std::int64_t frame);

  StoreOpener opener_;
  std::unique_ptr<StreamingEngine> engine_;
  std::unique_ptr<Dataset> dataset_;
  std::vector<LayerUiState> layers_;
  // GPU caches of a replaced dataset or GPU budget, released at the next upload (GL context current).
  std::vector<std::unique_ptr<render::GpuBrickCache>> retiredGpu_;
  ViewerPreferences prefs_;
  Vec3d position_;
  Vec3d lastPlannedPosition_;
  double zoom_ = 1.0;
  std::map<render::Plane, std::pair<int, int>> viewportSizes_;
  std::vector<std::int64_t> planKey_, nextPlanKey_;  // what the last plan was made for (see updateRequests)
  std::uint64_t generation_ = 0;
  std::int64_t frame_ = 0;
  LoadCounters counters_;
};

}  // namespace skein::ui
