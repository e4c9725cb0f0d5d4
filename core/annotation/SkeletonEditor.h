#pragma once
// Every skeleton edit as an undoable command. Each call is one undo step (wrap several calls in
// beginGesture/endGesture to make them one step); a call that fails changes nothing and leaves
// no step. Undo and redo restore the exact previous state, ids and the active node included.
//
// Behaviour follows webKnossos: a new node joins the active node's tree, is connected to it and
// becomes active; a tree that falls apart (deleting a node or an edge) is split, the piece that
// keeps the active node (or the first piece) keeps the tree and every other piece becomes a new
// tree named "<name>_<k>"; an edge between two trees merges them; deleting a group moves its trees
// and subgroups to its parent.

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/annotation/UndoStack.h"
#include "core/base/Result.h"
#include "core/skeleton/Skeleton.h"

namespace skein::annotation {

namespace sk = skein::skeleton;

class ChangeRecorder;

struct NewNodeAttributes {
  float radius = 1.0f;
  std::array<float, 3> rotation{};
  std::int16_t mag = 1;
  std::int8_t viewport = 0;
  std::uint8_t bitDepth = 8;
  bool interpolation = false;
  std::optional<std::int64_t> time;  // empty: the editor's clock
};

struct ImportOptions {
  bool createGroup = false;  // put the imported trees (and groups) into one new group
  std::string groupName;     // its name (e.g. the file name)
};

struct ImportResult {
  std::size_t trees = 0;
  std::size_t nodes = 0;
  std::optional<sk::GroupId> group;  // the created group
  std::int64_t nodeIdOffset = 0;     // imported node id = original id + offset
  std::int64_t treeIdOffset = 0;
  std::int64_t groupIdOffset = 0;
};

class SkeletonEditor {
 public:
  // Milliseconds since the epoch; injectable for deterministic tests.
  using Clock = std::function<std::int64_t()>;

  SkeletonEditor(sk::Skeleton& skeleton, UndoStack& stack, Clock clock = {});

  const sk::Skeleton& skeleton() const { return skeleton_; }
  UndoStack& undoStack() { return stack_; }

  void beginGesture(std::string text) { stack_.beginMacro(std::move(text)); }
  void endGesture() { stack_.endMacro(); }

  // Nodes
  Result<sk::NodeId> createNode(const Vec3d& position, const NewNodeAttributes& attributes = {});
  Status moveNode(sk::NodeId id, const Vec3d& position);
  Status setRadius(sk::NodeId id, float radius);
  Status deleteNode(sk::NodeId id);
  Status setActiveNode(std::optional<sk::NodeId> id);

  // Edges
  Status createEdge(sk::NodeId a, sk::NodeId b);  // nodes of two trees: merges them
  Status deleteEdge(sk::NodeId a, sk::NodeId b);  // splits the tree when it falls apart
  Status mergeTrees(sk::NodeId a, sk::NodeId b);  // b's tree joins a's tree via the edge a-b
  Status splitTreeAtEdge(sk::NodeId a, sk::NodeId b) { return deleteEdge(a, b); }

  // Trees
  Result<sk::TreeId> createTree(sk::TreeProperties properties = {});
  Status deleteTree(sk::TreeId id);
  Status renameTree(sk::TreeId id, std::string name);
  Status setTreeColor(sk::TreeId id, std::optional<sk::Rgba> color);
  Status setTreeProperties(sk::TreeId id, sk::TreeProperties properties);
  Status moveTreesToGroup(const std::vector<sk::TreeId>& trees, sk::GroupId group);

  // Groups
  Result<sk::GroupId> createGroup(std::string name, sk::GroupId parent = sk::kNoGroup);
  Status renameGroup(sk::GroupId id, std::string name);
  Status deleteGroup(sk::GroupId id);

  // Comments and branch points
  Status setComment(sk::NodeId node, std::string text);
  Status clearComment(sk::NodeId node);
  Status pushBranchPoint(sk::NodeId node);
  Result<sk::NodeId> popBranchPoint();  // the popped node becomes active

  // Merges another skeleton into this one, remapping ids so that nothing collides.
  Result<ImportResult> importSkeleton(const sk::Skeleton& other, const ImportOptions& options = {});

 private:
  template <typename Op>
  auto run(std::string text, Op&& op) -> decltype(op(std::declval<ChangeRecorder&>()));

  sk::Skeleton& skeleton_;
  UndoStack& stack_;
  Clock clock_;
};

}  // namespace skein::annotation
