#pragma once
// Internal to core/annotation: the editing operations, written against a ChangeRecorder so that
// each one becomes a list of reversible primitive changes. SkeletonEditor wraps them in commands.

#include <optional>
#include <string>
#include <vector>

#include "core/annotation/SkeletonChange.h"
#include "core/annotation/SkeletonEditor.h"

namespace skein::annotation::ops {

Result<sk::NodeId> createNode(ChangeRecorder& r, const Vec3d& position, const NewNodeAttributes& a, std::int64_t now);
Status moveNode(ChangeRecorder& r, sk::NodeId id, const Vec3d& position);
Status setRadius(ChangeRecorder& r, sk::NodeId id, float radius);
Status deleteNode(ChangeRecorder& r, sk::NodeId id);
Status setActiveNode(ChangeRecorder& r, std::optional<sk::NodeId> id);

Status createEdge(ChangeRecorder& r, sk::NodeId a, sk::NodeId b);
Status deleteEdge(ChangeRecorder& r, sk::NodeId a, sk::NodeId b);
Status mergeTrees(ChangeRecorder& r, sk::NodeId a, sk::NodeId b);

Result<sk::TreeId> createTree(ChangeRecorder& r, sk::TreeProperties props);
Status deleteTree(ChangeRecorder& r, sk::TreeId id);
Status setTreeProperties(ChangeRecorder& r, sk::TreeId id, sk::TreeProperties props);
Status moveTreesToGroup(ChangeRecorder& r, const std::vector<sk::TreeId>& trees, sk::GroupId group);

Result<sk::GroupId> createGroup(ChangeRecorder& r, std::string name, sk::GroupId parent);
Status renameGroup(ChangeRecorder& r, sk::GroupId id, std::string name);
Status deleteGroup(ChangeRecorder& r, sk::GroupId id);

Status setComment(ChangeRecorder& r, sk::NodeId node, std::string text);
Status clearComment(ChangeRecorder& r, sk::NodeId node);
Status pushBranchPoint(ChangeRecorder& r, sk::NodeId node, std::int64_t now);
Result<sk::NodeId> popBranchPoint(ChangeRecorder& r);

Result<ImportResult> importSkeleton(ChangeRecorder& r, const sk::Skeleton& other, const ImportOptions& options);

// Splits `tree` into one tree per connected component; the component holding `keep` (or the
// first one) stays in `tree`.
Status splitIntoComponents(ChangeRecorder& r, sk::TreeId tree, std::optional<sk::NodeId> keep);

}  // namespace skein::annotation::ops
