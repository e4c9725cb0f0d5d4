#include "render/SkeletonScene3D.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>

#include <cmath>
#include <limits>
#include <unordered_map>

namespace skein::render {

namespace sk = skein::skeleton;

struct SkeletonScene3D::Parts {
  vtkNew<vtkPolyData> nodes;
  vtkNew<vtkPolyDataMapper> nodeMapper;
  vtkNew<vtkActor> nodeActor;
  vtkNew<vtkPolyData> edges;
  vtkNew<vtkPolyDataMapper> edgeMapper;
  vtkNew<vtkActor> edgeActor;
};

SkeletonScene3D::SkeletonScene3D(const sk::Skeleton& skeleton, TreeColor color)
    : skeleton_(skeleton), color_(std::move(color)), parts_(std::make_unique<Parts>()) {
  Parts& p = *parts_;
  p.nodeMapper->SetInputData(p.nodes);
  p.nodeActor->SetMapper(p.nodeMapper);
  p.nodeActor->GetProperty()->SetPointSize(6);
  p.nodeActor->GetProperty()->SetRenderPointsAsSpheres(true);
  p.edgeMapper->SetInputData(p.edges);
  p.edgeActor->SetMapper(p.edgeMapper);
  p.edgeActor->GetProperty()->SetLineWidth(2);
  p.nodeActor->PickableOff();  // nodes are picked by projection (nodeAtDisplay)
  p.edgeActor->PickableOff();
  update();
}

SkeletonScene3D::~SkeletonScene3D() = default;

void SkeletonScene3D::attach(vtkRenderer* renderer, const Vec3d& voxelSize) {
  voxelSizeChanged(voxelSize);
  renderer->AddActor(parts_->edgeActor);
  renderer->AddActor(parts_->nodeActor);
}

void SkeletonScene3D::detach(vtkRenderer* renderer) {
  renderer->RemoveActor(parts_->edgeActor);
  renderer->RemoveActor(parts_->nodeActor);
}

void SkeletonScene3D::voxelSizeChanged(const Vec3d& voxelSize) {
  voxelSize_ = voxelSize;
  parts_->nodeActor->SetScale(voxelSize.x, voxelSize.y, voxelSize.z);
  parts_->edgeActor->SetScale(voxelSize.x, voxelSize.y, voxelSize.z);
}

void SkeletonScene3D::update() {
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> vertices;
  vtkNew<vtkCellArray> lines;
  vtkNew<vtkUnsignedCharArray> colors;
  colors->SetNumberOfComponents(3);
  colors->SetName("colors");
  std::unordered_map<sk::NodeId, vtkIdType> pointOf;
  pointOf.reserve(skeleton_.nodeCount());
  std::unordered_map<sk::TreeId, std::array<unsigned char, 3>> treeColors;
  for (const sk::Tree& t : skeleton_.trees()) {
    if (!t.props.visible) continue;
    const auto c = color_(t);
    treeColors[t.id] = {static_cast<unsigned char>(std::lround(c[0] * 255)),
                        static_cast<unsigned char>(std::lround(c[1] * 255)),
                        static_cast<unsigned char>(std::lround(c[2] * 255))};
  }
  for (const sk::Node& n : skeleton_.nodes()) {
    const auto color = treeColors.find(n.treeId);
    if (color == treeColors.end()) continue;
    // Voxel centres, as in the 2D views.
    const vtkIdType id = points->InsertNextPoint(n.position.x + 0.5, n.position.y + 0.5, n.position.z + 0.5);
    vertices->InsertNextCell(1, &id);
    colors->InsertNextTypedTuple(color->second.data());
    pointOf.emplace(n.id, id);
  }
  for (const sk::Tree& t : skeleton_.trees()) {
    if (!t.props.visible || !t.props.edgesVisible) continue;
    for (const sk::Edge& e : t.edges) {
      auto a = pointOf.find(e.source), b = pointOf.find(e.target);
      if (a == pointOf.end() || b == pointOf.end()) continue;
      const vtkIdType ids[2] = {a->second, b->second};
      lines->InsertNextCell(2, ids);
    }
  }
  Parts& p = *parts_;
  p.nodes->SetPoints(points);
  p.nodes->SetVerts(vertices);
  p.nodes->GetPointData()->SetScalars(colors);
  p.edges->SetPoints(points);
  p.edges->SetLines(lines);
  p.edges->GetPointData()->SetScalars(colors);
  p.nodes->Modified();
  p.edges->Modified();
}

std::size_t SkeletonScene3D::pointCount() const { return static_cast<std::size_t>(parts_->nodes->GetNumberOfPoints()); }
std::size_t SkeletonScene3D::lineCount() const { return static_cast<std::size_t>(parts_->edges->GetNumberOfLines()); }

std::optional<sk::NodeId> SkeletonScene3D::nodeAtDisplay(vtkRenderer* renderer, int width, int height, double x,
                                                         double y, double tolerancePx) const {
  if (!renderer || width <= 0 || height <= 0) return std::nullopt;
  vtkCamera* camera = renderer->GetActiveCamera();
  vtkMatrix4x4* m = camera->GetCompositeProjectionTransformMatrix(double(width) / height, -1, 1);
  std::optional<sk::NodeId> best;
  double bestDepth = std::numeric_limits<double>::max();
  for (const sk::Node& n : skeleton_.nodes()) {
    const sk::Tree* t = skeleton_.tree(n.treeId);
    if (!t || !t->props.visible) continue;
    const double in[4] = {(n.position.x + 0.5) * voxelSize_.x, (n.position.y + 0.5) * voxelSize_.y,
                          (n.position.z + 0.5) * voxelSize_.z, 1.0};
    double out[4];
    m->MultiplyPoint(in, out);
    if (out[3] <= 0) continue;  // behind the camera
    const double nx = out[0] / out[3], ny = out[1] / out[3], nz = out[2] / out[3];
    const double px = (nx + 1) / 2 * width, py = (ny + 1) / 2 * height;
    if (std::hypot(px - x, py - y) > tolerancePx) continue;
    if (nz < bestDepth) {  // the nearest to the camera among those under the cursor
      bestDepth = nz;
      best = n.id;
    }
  }
  return best;
}

}  // namespace skein::render
