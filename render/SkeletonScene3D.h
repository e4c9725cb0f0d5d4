#pragma once
// The whole skeleton in the 3D view (a Scene3D layer): nodes as round points and edges as lines,
// in their tree's colour; hidden trees are left out. Call update() after the skeleton changed
// (the owner coalesces bursts of edits). nodeAtDisplay() finds the node drawn nearest to a display
// pixel, by projecting the nodes with the camera (no GL context, no rendering needed).

#include <functional>
#include <memory>
#include <optional>

#include "core/skeleton/Skeleton.h"
#include "render/Scene3D.h"

namespace skein::render {

class SkeletonScene3D : public SceneLayer {
 public:
  // The colour (RGB, 0..1) a tree is drawn with.
  using TreeColor = std::function<std::array<double, 3>(const skeleton::Tree&)>;

  SkeletonScene3D(const skeleton::Skeleton& skeleton, TreeColor color);
  ~SkeletonScene3D() override;

  void attach(vtkRenderer* renderer, const Vec3d& voxelSize) override;
  void detach(vtkRenderer* renderer) override;
  void voxelSizeChanged(const Vec3d& voxelSize) override;

  void update();  // rebuilds the geometry from the skeleton
  std::size_t pointCount() const;
  std::size_t lineCount() const;

  // The visible node whose projection lies nearest to display pixel (x, y) (origin bottom-left,
  // viewport of width × height pixels), within `tolerancePx`.
  std::optional<skeleton::NodeId> nodeAtDisplay(vtkRenderer* renderer, int width, int height, double x, double y,
                                                double tolerancePx = 8) const;

 private:
  struct Parts;
  const skeleton::Skeleton& skeleton_;
  TreeColor color_;
  std::unique_ptr<Parts> parts_;
  Vec3d voxelSize_{1, 1, 1};
};

}  // namespace skein::render
