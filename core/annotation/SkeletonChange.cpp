#include "core/annotation/SkeletonChange.h"

#include <type_traits>

namespace skein::annotation {

namespace {

using namespace skein::skeleton;

Error outOfRange(const char* table, std::size_t position) {
  return makeError(ErrorCode::Internal, std::string("no ") + table + " entry at position " + std::to_string(position));
}

template <typename T>
Status insertAt(std::vector<T>& table, std::size_t position, const T& value, const char* name) {
  if (position > table.size()) return outOfRange(name, position);
  table.insert(table.begin() + static_cast<std::ptrdiff_t>(position), value);
  return {};
}

template <typename T>
Status eraseAt(std::vector<T>& table, std::size_t position, const char* name) {
  if (position >= table.size()) return outOfRange(name, position);
  table.erase(table.begin() + static_cast<std::ptrdiff_t>(position));
  return {};
}

template <typename T>
Status assignAt(std::vector<T>& table, std::size_t position, const T& value, const char* name) {
  if (position >= table.size()) return outOfRange(name, position);
  table[position] = value;
  return {};
}

Status addNode(Skeleton& s, const Node& n, const AttributeList& extras) { return s.addNode(n, extras); }

Status addEdge(Skeleton& s, TreeId tree, std::size_t position, const Edge& e, const AttributeList& extras) {
  return s.addEdge(tree, e, position, extras);
}

}  // namespace

Status applyChange(Skeleton& s, const SkeletonChange& change, bool forward) {
  return std::visit(
      [&](const auto& c) -> Status {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, change::AddTree>) {
          return forward ? s.addTree(c.id, c.props, c.position) : s.removeEmptyTree(c.id);
        } else if constexpr (std::is_same_v<T, change::RemoveTree>) {
          return forward ? s.removeEmptyTree(c.id) : s.addTree(c.id, c.props, c.position);
        } else if constexpr (std::is_same_v<T, change::SetTreeProps>) {
          return s.setTreeProperties(c.id, forward ? c.after : c.before);
        } else if constexpr (std::is_same_v<T, change::AddNode>) {
          return forward ? addNode(s, c.node, c.extras) : s.removeNode(c.node.id);
        } else if constexpr (std::is_same_v<T, change::RemoveNode>) {
          return forward ? s.removeNode(c.node.id) : addNode(s, c.node, c.extras);
        } else if constexpr (std::is_same_v<T, change::UpdateNode>) {
          return s.updateNode(forward ? c.after : c.before);
        } else if constexpr (std::is_same_v<T, change::ReassignNodes>) {
          return s.reassignNodes(c.ids, forward ? c.to : c.from);
        } else if constexpr (std::is_same_v<T, change::AddEdge>) {
          return forward ? addEdge(s, c.tree, c.position, c.edge, c.extras) : s.removeEdge(c.tree, c.position);
        } else if constexpr (std::is_same_v<T, change::RemoveEdge>) {
          return forward ? s.removeEdge(c.tree, c.position) : addEdge(s, c.tree, c.position, c.edge, c.extras);
        } else if constexpr (std::is_same_v<T, change::SetEdges>) {
          return s.setTreeEdges(c.tree, forward ? c.after : c.before);
        } else if constexpr (std::is_same_v<T, change::InsertComment>) {
          return forward ? insertAt(s.comments, c.position, c.comment, "comment")
                         : eraseAt(s.comments, c.position, "comment");
        } else if constexpr (std::is_same_v<T, change::RemoveComment>) {
          return forward ? eraseAt(s.comments, c.position, "comment")
                         : insertAt(s.comments, c.position, c.comment, "comment");
        } else if constexpr (std::is_same_v<T, change::SetComment>) {
          return assignAt(s.comments, c.position, forward ? c.after : c.before, "comment");
        } else if constexpr (std::is_same_v<T, change::InsertBranchPoint>) {
          return forward ? insertAt(s.branchPoints, c.position, c.branchPoint, "branch point")
                         : eraseAt(s.branchPoints, c.position, "branch point");
        } else if constexpr (std::is_same_v<T, change::RemoveBranchPoint>) {
          return forward ? eraseAt(s.branchPoints, c.position, "branch point")
                         : insertAt(s.branchPoints, c.position, c.branchPoint, "branch point");
        } else if constexpr (std::is_same_v<T, change::InsertGroup>) {
          return forward ? insertAt(s.groups, c.position, c.group, "group") : eraseAt(s.groups, c.position, "group");
        } else if constexpr (std::is_same_v<T, change::RemoveGroup>) {
          return forward ? eraseAt(s.groups, c.position, "group") : insertAt(s.groups, c.position, c.group, "group");
        } else if constexpr (std::is_same_v<T, change::SetGroup>) {
          return assignAt(s.groups, c.position, forward ? c.after : c.before, "group");
        } else {
          static_assert(std::is_same_v<T, change::SetActive>);
          s.activeNode = forward ? c.nodeAfter : c.nodeBefore;
          s.activeTree = forward ? c.treeAfter : c.treeBefore;
          return {};
        }
      },
      change);
}

Status ChangeRecorder::apply(SkeletonChange change) {
  SKEIN_TRY(applyChange(skeleton_, change, true));
  log_.push_back(std::move(change));
  return {};
}

void ChangeRecorder::rollback() {
  for (auto it = log_.rbegin(); it != log_.rend(); ++it) (void)applyChange(skeleton_, *it, false);
  log_.clear();
}

}  // namespace skein::annotation
