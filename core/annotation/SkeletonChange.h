#pragma once
// Reversible primitive edits of a Skeleton. Every editing operation is recorded as a list of
// these; undo applies the inverses in reverse order. Each record carries what is needed to
// restore the exact previous state (positions in ordered tables, full node data, old values),
// so undo/redo reproduce ids, order and the active node exactly.

#include <variant>
#include <vector>

#include "core/base/Result.h"
#include "core/skeleton/Skeleton.h"

namespace skein::annotation {

namespace sk = skein::skeleton;

namespace change {

struct AddTree { std::size_t position; sk::TreeId id; sk::TreeProperties props; };
struct RemoveTree { std::size_t position; sk::TreeId id; sk::TreeProperties props; };  // tree is empty
struct SetTreeProps { sk::TreeId id; sk::TreeProperties before, after; };
struct AddNode { sk::Node node; sk::AttributeList extras; };
struct RemoveNode { sk::Node node; sk::AttributeList extras; };  // its edges are already gone
struct UpdateNode { sk::Node before, after; };
struct ReassignNodes { std::vector<sk::NodeId> ids; sk::TreeId from, to; };
struct AddEdge { sk::TreeId tree; std::size_t position; sk::Edge edge; sk::AttributeList extras; };
struct RemoveEdge { sk::TreeId tree; std::size_t position; sk::Edge edge; sk::AttributeList extras; };
struct SetEdges { sk::TreeId tree; std::vector<sk::Edge> before, after; };
struct InsertComment { std::size_t position; sk::Comment comment; };
struct RemoveComment { std::size_t position; sk::Comment comment; };
struct SetComment { std::size_t position; sk::Comment before, after; };
struct InsertBranchPoint { std::size_t position; sk::BranchPoint branchPoint; };
struct RemoveBranchPoint { std::size_t position; sk::BranchPoint branchPoint; };
struct InsertGroup { std::size_t position; sk::TreeGroup group; };
struct RemoveGroup { std::size_t position; sk::TreeGroup group; };
struct SetGroup { std::size_t position; sk::TreeGroup before, after; };
struct SetActive {
  std::optional<sk::NodeId> nodeBefore, nodeAfter;
  std::optional<sk::TreeId> treeBefore, treeAfter;
};

}  // namespace change

using SkeletonChange =
    std::variant<change::AddTree, change::RemoveTree, change::SetTreeProps, change::AddNode, change::RemoveNode,
                 change::UpdateNode, change::ReassignNodes, change::AddEdge, change::RemoveEdge, change::SetEdges,
                 change::InsertComment, change::RemoveComment, change::SetComment, change::InsertBranchPoint,
                 change::RemoveBranchPoint, change::InsertGroup, change::RemoveGroup, change::SetGroup,
                 change::SetActive>;

// Applies a change (forward = true) or its inverse.
Status applyChange(sk::Skeleton& skeleton, const SkeletonChange& change, bool forward);

// Applies primitive changes to a skeleton while logging them, so that a whole operation can be
// undone (take()) or abandoned half-way (rollback()).
class ChangeRecorder {
 public:
  explicit ChangeRecorder(sk::Skeleton& skeleton) : skeleton_(skeleton) {}
  ChangeRecorder(const ChangeRecorder&) = delete;
  ChangeRecorder& operator=(const ChangeRecorder&) = delete;

  Status apply(SkeletonChange change);
  void rollback();
  std::vector<SkeletonChange> take() { return std::move(log_); }
  bool empty() const { return log_.empty(); }
  sk::Skeleton& skeleton() { return skeleton_; }

 private:
  sk::Skeleton& skeleton_;
  std::vector<SkeletonChange> log_;
};

}  // namespace skein::annotation
