#include "render/Scene3D.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCellPicker.h>
#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkOutlineSource.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkTexture.h>

#include <algorithm>
#include <cmath>

namespace skein::render {

namespace {

constexpr double kBackground[3] = {0.10, 0.10, 0.14};
constexpr double kOutlineColor[3] = {1.0, 0.78, 0.20};  // amber: stands out from grey EM and the plane colours
// The plane colours of the 2D viewports' labels and crosshairs (XY, YZ, XZ).
constexpr double kPlaneColors[3][3] = {{0.90, 0.27, 0.27}, {0.27, 0.43, 0.94}, {0.27, 0.78, 0.35}};
// Default view direction (from the focal point towards the camera): in front of the XY plane
// (−z), a little from −x and −y, so that all three planes are seen at an angle.
constexpr double kDefaultDirection[3] = {-0.45, -0.35, -1.0};

// A slice plane: a textured quad (corners 0..3: (u0, v1), (u1, v1), (u1, v0), (u0, v0), so that
// texture row 0, the bottom screen row, lies at the largest v) and its border in the plane's colour.
struct SlicePlane {
  vtkNew<vtkPolyData> quad;
  vtkNew<vtkPoints> corners;
  vtkNew<vtkFloatArray> texCoords;
  vtkNew<vtkImageData> image;
  vtkNew<vtkTexture> texture;
  vtkNew<vtkActor> actor;
  vtkNew<vtkActor> border;
  bool hasImage = false;
  bool inside = false;  // the view's region meets the dataset box
  bool visible = true;
};

}  // namespace

struct Scene3D::Parts {
  vtkNew<vtkRenderer> renderer;
  vtkNew<vtkOutlineSource> outline;
  vtkNew<vtkActor> outlineActor;
  std::array<SlicePlane, 3> planes;
  vtkNew<vtkCellPicker> picker;
};

Scene3D::Scene3D() : parts_(std::make_unique<Parts>()) {
  Parts& p = *parts_;
  p.renderer->SetBackground(kBackground[0], kBackground[1], kBackground[2]);

  vtkNew<vtkPolyDataMapper> outlineMapper;
  outlineMapper->SetInputConnection(p.outline->GetOutputPort());
  p.outlineActor->SetMapper(outlineMapper);
  p.outlineActor->GetProperty()->SetColor(kOutlineColor[0], kOutlineColor[1], kOutlineColor[2]);
  p.outlineActor->GetProperty()->LightingOff();
  p.outlineActor->PickableOff();
  p.outlineActor->VisibilityOff();
  p.renderer->AddActor(p.outlineActor);

  for (int i = 0; i < 3; ++i) {
    SlicePlane& s = p.planes[static_cast<std::size_t>(i)];
    s.corners->SetNumberOfPoints(4);
    for (vtkIdType k = 0; k < 4; ++k) s.corners->SetPoint(k, 0, 0, 0);
    s.texCoords->SetNumberOfComponents(2);
    s.texCoords->SetNumberOfTuples(4);
    vtkNew<vtkCellArray> cell;
    const vtkIdType ids[4] = {0, 1, 2, 3};
    cell->InsertNextCell(4, ids);
    s.quad->SetPoints(s.corners);
    s.quad->SetPolys(cell);
    s.quad->GetPointData()->SetTCoords(s.texCoords);
    s.image->SetDimensions(1, 1, 1);
    s.image->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
    s.texture->SetInputData(s.image);
    s.texture->InterpolateOn();
    s.texture->EdgeClampOn();
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputData(s.quad);
    s.actor->SetMapper(mapper);
    s.actor->SetTexture(s.texture);
    // Unlit: the plane shows the 2D viewport's pixels unchanged, whatever the camera angle.
    s.actor->GetProperty()->LightingOff();
    s.actor->VisibilityOff();
    // The border draws the same quad as lines; VTK's coincident-topology offset keeps it in front.
    vtkNew<vtkPolyDataMapper> borderMapper;
    borderMapper->SetInputData(s.quad);
    s.border->SetMapper(borderMapper);
    s.border->GetProperty()->SetRepresentationToWireframe();
    s.border->GetProperty()->SetColor(kPlaneColors[i][0], kPlaneColors[i][1], kPlaneColors[i][2]);
    s.border->GetProperty()->LightingOff();
    s.border->PickableOff();
    s.border->VisibilityOff();
    p.renderer->AddActor(s.actor);
    p.renderer->AddActor(s.border);
  }
  p.picker->SetTolerance(0.0005);
  resetCamera();
}

Scene3D::~Scene3D() {
  for (auto& layer : layers_) layer->detach(parts_->renderer);
}

vtkRenderer* Scene3D::renderer() const { return parts_->renderer; }

void Scene3D::notifyChanged() const {
  if (changed_) changed_();
}

void Scene3D::setDataset(const Box3i& bounds, const Vec3d& voxelSize) {
  // A missing or broken voxel size (0, negative, NaN) falls back to 1 along that axis.
  auto sane = [](double f) { return std::isfinite(f) && f > 0 ? f : 1.0; };
  const Vec3d size{sane(voxelSize.x), sane(voxelSize.y), sane(voxelSize.z)};
  const bool voxelSizeChanged = !(size == voxelSize_);
  bounds_ = bounds;
  voxelSize_ = size;
  Parts& p = *parts_;
  if (!bounds.empty()) {
    const Vec3i hi = bounds.max();
    p.outline->SetBounds(double(bounds.min.x) * size.x, double(hi.x) * size.x, double(bounds.min.y) * size.y,
                         double(hi.y) * size.y, double(bounds.min.z) * size.z, double(hi.z) * size.z);
  }
  p.outlineActor->SetVisibility(!bounds.empty());
  // Images of the previous dataset no longer apply.
  for (auto& s : p.planes) {
    s.hasImage = false;
    s.actor->VisibilityOff();
    s.border->VisibilityOff();
  }
  if (voxelSizeChanged)
    for (auto& layer : layers_) layer->voxelSizeChanged(voxelSize_);
  resetCamera();
}

void Scene3D::setSliceImage(Plane plane, const OrthoView& view, int width, int height,
                            const std::uint8_t* rgbaBottomUp) {
  constexpr int kMaxSide = 16384;  // GL_MAX_TEXTURE_SIZE of llvmpipe; larger is no viewport image
  if (width <= 0 || height <= 0 || width > kMaxSide || height > kMaxSide || rgbaBottomUp == nullptr) return;
  if (!(view.zoom > 0) || view.width <= 0 || view.height <= 0) return;
  SlicePlane& s = parts_->planes[static_cast<std::size_t>(plane)];
  int* dims = s.image->GetDimensions();
  if (dims[0] != width || dims[1] != height) {
    s.image->SetDimensions(width, height, 1);
    s.image->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
  }
  // RGB only: an alpha channel below 1 would make VTK treat the plane as translucent.
  auto* dst = static_cast<std::uint8_t*>(s.image->GetScalarPointer());
  const std::size_t pixels = std::size_t(width) * std::size_t(height);
  for (std::size_t i = 0; i < pixels; ++i, dst += 3, rgbaBottomUp += 4) {
    dst[0] = rgbaBottomUp[0];
    dst[1] = rgbaBottomUp[1];
    dst[2] = rgbaBottomUp[2];
  }
  s.image->Modified();

  // The quad covers the view's visible region clipped to the dataset box (outside it the slice is
  // empty), with texture coordinates for that part of the image.
  const PlaneAxes ax = planeAxes(plane);
  const double u0 = view.originU(), u1 = u0 + view.width * view.zoom;
  const double v0 = view.originV(), v1 = v0 + view.height * view.zoom;
  const Vec3i lo = bounds_.min, hi = bounds_.max();
  const double cu0 = std::max(u0, double(lo[ax.u])), cu1 = std::min(u1, double(hi[ax.u]));
  const double cv0 = std::max(v0, double(lo[ax.v])), cv1 = std::min(v1, double(hi[ax.v]));
  const double w = view.position[ax.w];
  s.inside = cu0 < cu1 && cv0 < cv1 && w >= double(lo[ax.w]) && w <= double(hi[ax.w]);
  const double corners[4][2] = {{cu0, cv1}, {cu1, cv1}, {cu1, cv0}, {cu0, cv0}};
  for (vtkIdType k = 0; k < 4; ++k) {
    double c[3];
    c[ax.u] = corners[k][0];
    c[ax.v] = corners[k][1];
    c[ax.w] = w;
    s.corners->SetPoint(k, c[0] * voxelSize_.x, c[1] * voxelSize_.y, c[2] * voxelSize_.z);
    s.texCoords->SetTuple2(k, (corners[k][0] - u0) / (u1 - u0), (v1 - corners[k][1]) / (v1 - v0));
  }
  s.corners->Modified();
  s.texCoords->Modified();
  s.quad->Modified();
  s.hasImage = true;
  updatePlaneVisibility(plane);
  notifyChanged();
}

void Scene3D::setSliceVisible(Plane plane, bool visible) {
  parts_->planes[static_cast<std::size_t>(plane)].visible = visible;
  updatePlaneVisibility(plane);
  notifyChanged();
}

void Scene3D::updatePlaneVisibility(Plane plane) {
  SlicePlane& s = parts_->planes[static_cast<std::size_t>(plane)];
  const bool shown = s.visible && s.hasImage && s.inside && !bounds_.empty();
  s.actor->SetVisibility(shown);
  s.border->SetVisibility(shown);
}

bool Scene3D::sliceHasImage(Plane plane) const { return parts_->planes[static_cast<std::size_t>(plane)].hasImage; }

std::array<Vec3d, 3> Scene3D::slicePlaneCorners(Plane plane) const {
  vtkPoints* points = parts_->planes[static_cast<std::size_t>(plane)].corners;
  auto corner = [&](vtkIdType k) {
    double c[3];
    points->GetPoint(k, c);
    return Vec3d{c[0], c[1], c[2]};
  };
  return {corner(0), corner(1), corner(3)};
}

void Scene3D::resetCamera() {
  vtkCamera* cam = parts_->renderer->GetActiveCamera();
  double bounds[6] = {0, 1, 0, 1, 0, 1};
  if (!bounds_.empty()) {
    const Vec3i hi = bounds_.max();
    const double b[6] = {double(bounds_.min.x) * voxelSize_.x, double(hi.x) * voxelSize_.x,
                         double(bounds_.min.y) * voxelSize_.y, double(hi.y) * voxelSize_.y,
                         double(bounds_.min.z) * voxelSize_.z, double(hi.z) * voxelSize_.z};
    std::copy(b, b + 6, bounds);
  }
  const double centre[3] = {(bounds[0] + bounds[1]) / 2, (bounds[2] + bounds[3]) / 2, (bounds[4] + bounds[5]) / 2};
  cam->SetParallelProjection(false);
  cam->SetViewAngle(30);
  cam->SetFocalPoint(centre);
  cam->SetPosition(centre[0] + kDefaultDirection[0], centre[1] + kDefaultDirection[1],
                   centre[2] + kDefaultDirection[2]);
  cam->SetViewUp(0, -1, 0);  // y down, as in the XY viewport
  cam->OrthogonalizeViewUp();
  parts_->renderer->ResetCamera(bounds);  // keeps the direction, fits the box
  parts_->renderer->ResetCameraClippingRange();
  notifyChanged();
}

CameraState Scene3D::camera() const {
  vtkCamera* cam = parts_->renderer->GetActiveCamera();
  CameraState s;
  const double* p = cam->GetPosition();
  const double* f = cam->GetFocalPoint();
  const double* up = cam->GetViewUp();
  s.position = {p[0], p[1], p[2]};
  s.focalPoint = {f[0], f[1], f[2]};
  s.viewUp = {up[0], up[1], up[2]};
  s.parallel = cam->GetParallelProjection() != 0;
  s.parallelScale = cam->GetParallelScale();
  s.viewAngle = cam->GetViewAngle();
  return s;
}

void Scene3D::setCamera(const CameraState& s) {
  vtkCamera* cam = parts_->renderer->GetActiveCamera();
  cam->SetPosition(s.position.x, s.position.y, s.position.z);
  cam->SetFocalPoint(s.focalPoint.x, s.focalPoint.y, s.focalPoint.z);
  cam->SetViewUp(s.viewUp.x, s.viewUp.y, s.viewUp.z);
  cam->OrthogonalizeViewUp();
  cam->SetParallelProjection(s.parallel);
  cam->SetParallelScale(s.parallelScale);
  cam->SetViewAngle(s.viewAngle);
  parts_->renderer->ResetCameraClippingRange();
  notifyChanged();
}

void Scene3D::addLayer(std::shared_ptr<SceneLayer> layer) {
  if (!layer || std::find(layers_.begin(), layers_.end(), layer) != layers_.end()) return;
  layer->attach(parts_->renderer, voxelSize_);
  layers_.push_back(std::move(layer));
  notifyChanged();
}

void Scene3D::removeLayer(const std::shared_ptr<SceneLayer>& layer) {
  const auto it = std::find(layers_.begin(), layers_.end(), layer);
  if (it == layers_.end()) return;
  (*it)->detach(parts_->renderer);
  layers_.erase(it);
  notifyChanged();
}

std::optional<ScenePick> Scene3D::pick(double displayX, double displayY) const {
  vtkCellPicker* picker = parts_->picker;
  if (!picker->Pick(displayX, displayY, 0, parts_->renderer)) return std::nullopt;
  const double* w = picker->GetPickPosition();
  ScenePick hit;
  hit.world = {w[0], w[1], w[2]};
  hit.voxel = {w[0] / voxelSize_.x, w[1] / voxelSize_.y, w[2] / voxelSize_.z};
  hit.prop = picker->GetViewProp();
  for (int i = 0; i < 3; ++i)
    if (hit.prop == parts_->planes[static_cast<std::size_t>(i)].actor.GetPointer()) hit.slicePlane = static_cast<Plane>(i);
  return hit;
}

}  // namespace skein::render
