#pragma once
// The VTK scene of the 3D view: the dataset bounding box and the three slice planes, textured with
// what the 2D viewports show, in physical units (mag-1 voxel coordinates × voxel size). Later scene
// parts (skeletons, meshes) plug in as SceneLayers. No GL context needed to build or change the
// scene; a host (ui/Viewport3D) renders scene.renderer() in its render window.
//
// VTK headers stay out of this header (compile time): only forward declarations.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/base/Vec3.h"
#include "render/ViewGeometry.h"

class vtkProp;
class vtkRenderer;

namespace skein::render {

// A part of the 3D scene owned elsewhere (skeleton tracing, meshes, …). Its props are in physical
// units: scale voxel coordinates by the voxel size (e.g. vtkProp3D::SetScale(voxelSize)).
class SceneLayer {
 public:
  virtual ~SceneLayer() = default;
  virtual void attach(vtkRenderer* renderer, const Vec3d& voxelSize) = 0;  // add the props
  virtual void detach(vtkRenderer* renderer) = 0;                          // remove them
  virtual void voxelSizeChanged(const Vec3d& voxelSize) { (void)voxelSize; }
};

struct CameraState {
  Vec3d position;
  Vec3d focalPoint;
  Vec3d viewUp{0, -1, 0};
  bool parallel = false;
  double parallelScale = 1;  // half the view height in world units (parallel projection)
  double viewAngle = 30;     // degrees (perspective)
};

struct ScenePick {
  Vec3d world;         // physical units
  Vec3d voxel;         // mag-1 voxel coordinates (continuous)
  vtkProp* prop = nullptr;  // what was hit: a slice plane or a layer's prop
  std::optional<Plane> slicePlane;  // set when the hit is a slice plane
};

class Scene3D {
 public:
  Scene3D();
  ~Scene3D();
  Scene3D(const Scene3D&) = delete;
  Scene3D& operator=(const Scene3D&) = delete;

  vtkRenderer* renderer() const;

  // The dataset box (mag-1 voxels, [min, max)) and the size of one voxel. An empty box hides the
  // outline and the planes.
  void setDataset(const Box3i& bounds, const Vec3d& voxelSize);
  Vec3d voxelSize() const { return voxelSize_; }
  Box3i bounds() const { return bounds_; }

  // One slice viewport's image: RGBA8, `height` rows of `width` pixels, bottom row first (as
  // glReadPixels returns it), showing `view`. The plane spans the view's visible region clipped to
  // the dataset box, at the depth view.position[w]; hidden when that misses the box.
  void setSliceImage(Plane plane, const OrthoView& view, int width, int height, const std::uint8_t* rgbaBottomUp);
  void setSliceVisible(Plane plane, bool visible);
  bool sliceHasImage(Plane plane) const;
  // The plane's corners in physical units (origin = (u min, v max), the u max end, the v min end).
  std::array<Vec3d, 3> slicePlaneCorners(Plane plane) const;

  // Default camera: an oblique view of the dataset box, y pointing down as in the XY viewport.
  void resetCamera();
  CameraState camera() const;
  void setCamera(const CameraState& state);

  // Later scene parts. The scene keeps the layer alive until removed.
  void addLayer(std::shared_ptr<SceneLayer> layer);
  void removeLayer(const std::shared_ptr<SceneLayer>& layer);
  std::size_t layerCount() const { return layers_.size(); }

  // The nearest prop surface under display pixel (x, y) (device pixels, origin bottom-left), by
  // ray casting (vtkCellPicker: no rendering, no GL context needed). The renderer must have a size.
  std::optional<ScenePick> pick(double displayX, double displayY) const;

  // Called whenever the scene changed and should be drawn again (the host schedules a repaint).
  void setChangedCallback(std::function<void()> callback) { changed_ = std::move(callback); }
  void notifyChanged() const;

 private:
  void updatePlaneVisibility(Plane plane);

  struct Parts;
  std::unique_ptr<Parts> parts_;
  Box3i bounds_;
  Vec3d voxelSize_{1, 1, 1};
  std::vector<std::shared_ptr<SceneLayer>> layers_;
  std::function<void()> changed_;
};

}  // namespace skein::render
