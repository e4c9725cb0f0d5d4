// Import: merging another skeleton into the open one with id remapping (webKnossos "import NML").

#include <algorithm>
#include <limits>

#include "core/annotation/SkeletonOps.h"

namespace skein::annotation::ops {

using namespace skein::skeleton;

namespace {

// The offset that moves ids [minSource, maxSource] above maxTarget (0 when nothing collides
// because the target is empty).
Result<std::int64_t> idOffset(std::int64_t maxTarget, std::int64_t minSource, std::int64_t maxSource, const char* what) {
  if (maxTarget < 0 || maxSource < 0) return std::int64_t{0};
  std::int64_t offset = maxTarget + 1 - minSource;
  if (offset < 0) offset = 0;
  if (maxSource + offset > std::numeric_limits<std::int32_t>::max())
    return makeError(ErrorCode::InvalidArgument, std::string("importing would need ") + what + " ids beyond 2^31-1");
  return offset;
}

}  // namespace

Result<ImportResult> importSkeleton(ChangeRecorder& r, const Skeleton& other, const ImportOptions& options) {
  const Skeleton& s = r.skeleton();
  ImportResult result;
  auto minOf = [](auto&& range, auto key) {
    std::int64_t m = std::numeric_limits<std::int64_t>::max();
    for (const auto& x : range) m = std::min<std::int64_t>(m, key(x));
    return m;
  };
  SKEIN_ASSIGN_OR_RETURN(result.nodeIdOffset,
                         idOffset(s.maxNodeId(), minOf(other.nodes(), [](const Node& n) { return n.id; }), other.maxNodeId(), "node"));
  SKEIN_ASSIGN_OR_RETURN(result.treeIdOffset,
                         idOffset(s.maxTreeId(), minOf(other.trees(), [](const Tree& t) { return t.id; }), other.maxTreeId(), "tree"));
  std::int64_t maxGroupTarget = s.maxGroupId();
  std::optional<GroupId> wrapper;
  if (options.createGroup) {
    wrapper = static_cast<GroupId>(std::max<std::int64_t>(maxGroupTarget, 0) + 1);
    maxGroupTarget = *wrapper;
  }
  SKEIN_ASSIGN_OR_RETURN(result.groupIdOffset,
                         idOffset(maxGroupTarget, minOf(other.groups, [](const TreeGroup& g) { return g.id; }),
                                  other.maxGroupId(), "group"));
  const auto nodeId = [&](NodeId id) { return static_cast<NodeId>(id + result.nodeIdOffset); };
  const auto groupId = [&](GroupId id) {
    if (id == kNoGroup) return wrapper.value_or(kNoGroup);
    return static_cast<GroupId>(id + result.groupIdOffset);
  };

  if (wrapper) {
    std::string name = options.groupName.empty() ? "Imported" : options.groupName;
    SKEIN_TRY(r.apply(change::InsertGroup{s.groups.size(), TreeGroup{*wrapper, name, kNoGroup, true, {}}}));
    result.group = wrapper;
  }
  for (TreeGroup g : other.groups) {
    g.id = groupId(g.id);
    g.parent = groupId(g.parent);
    SKEIN_TRY(r.apply(change::InsertGroup{s.groups.size(), std::move(g)}));
  }
  for (const Tree& t : other.trees()) {
    TreeProperties props = t.props;
    props.groupId = groupId(props.groupId);
    auto id = static_cast<TreeId>(t.id + result.treeIdOffset);
    SKEIN_TRY(r.apply(change::AddTree{s.trees().size(), id, std::move(props)}));
  }
  for (const Node& n : other.nodes()) {
    Node copy = n;
    copy.id = nodeId(n.id);
    copy.treeId = static_cast<TreeId>(n.treeId + result.treeIdOffset);
    const AttributeList* extra = other.nodeExtraAttributes(n.id);
    SKEIN_TRY(r.apply(change::AddNode{copy, extra ? *extra : AttributeList{}}));
  }
  for (const Tree& t : other.trees()) {
    std::vector<Edge> edges;
    edges.reserve(t.edges.size());
    for (const Edge& e : t.edges) edges.push_back({nodeId(e.source), nodeId(e.target)});
    SKEIN_TRY(r.apply(change::SetEdges{static_cast<TreeId>(t.id + result.treeIdOffset), {}, std::move(edges)}));
  }
  for (Comment c : other.comments) {
    c.node = nodeId(c.node);
    SKEIN_TRY(r.apply(change::InsertComment{s.comments.size(), std::move(c)}));
  }
  for (BranchPoint b : other.branchPoints) {
    b.node = nodeId(b.node);
    SKEIN_TRY(r.apply(change::InsertBranchPoint{s.branchPoints.size(), std::move(b)}));
  }
  result.trees = other.trees().size();
  result.nodes = other.nodeCount();
  return result;
}

}  // namespace skein::annotation::ops
