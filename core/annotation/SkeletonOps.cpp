#include "core/annotation/SkeletonOps.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

namespace skein::annotation::ops {

using namespace skein::skeleton;

namespace {

Error notFound(const std::string& what) { return makeError(ErrorCode::NotFound, what + " does not exist"); }
Error invalid(const std::string& what) { return makeError(ErrorCode::InvalidArgument, what); }
std::string nodeName(NodeId id) { return "node " + std::to_string(id); }
std::string treeName(TreeId id) { return "tree " + std::to_string(id); }

// New ids continue after the largest one in use; like webKnossos, they start at 1.
Result<std::int32_t> nextId(std::int32_t maxInUse, const char* what) {
  if (maxInUse == std::numeric_limits<std::int32_t>::max()) return invalid(std::string("no ") + what + " id is left");
  return std::max(maxInUse, 0) + 1;
}
Result<NodeId> nextNodeId(const Skeleton& s) { return nextId(s.maxNodeId(), "node"); }
Result<TreeId> nextTreeId(const Skeleton& s) { return nextId(s.maxTreeId(), "tree"); }

std::optional<std::size_t> edgePosition(const Tree& t, NodeId a, NodeId b) {
  for (std::size_t i = 0; i < t.edges.size(); ++i) {
    const Edge& e = t.edges[i];
    if ((e.source == a && e.target == b) || (e.source == b && e.target == a)) return i;
  }
  return std::nullopt;
}

Status setActive(ChangeRecorder& r, std::optional<NodeId> node, std::optional<TreeId> tree) {
  const Skeleton& s = r.skeleton();
  if (s.activeNode == node && s.activeTree == tree) return {};
  return r.apply(change::SetActive{s.activeNode, node, s.activeTree, tree});
}

// Connected components of a tree's nodes, each in node-table order; components ordered by their
// first node in that order.
std::vector<std::vector<NodeId>> components(const Skeleton& s, TreeId tree) {
  std::vector<NodeId> nodes = s.nodesOfTree(tree);
  std::unordered_map<NodeId, std::uint32_t> local;
  local.reserve(nodes.size());
  for (std::uint32_t i = 0; i < nodes.size(); ++i) local.emplace(nodes[i], i);
  std::vector<std::uint32_t> parent(nodes.size());
  std::iota(parent.begin(), parent.end(), 0u);
  auto find = [&](std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const Edge& e : s.tree(tree)->edges) {
    std::uint32_t a = find(local.at(e.source)), b = find(local.at(e.target));
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  std::vector<std::vector<NodeId>> out;
  std::unordered_map<std::uint32_t, std::size_t> slot;
  for (std::uint32_t i = 0; i < nodes.size(); ++i) {
    auto [it, fresh] = slot.emplace(find(i), out.size());
    if (fresh) out.emplace_back();
    out[it->second].push_back(nodes[i]);
  }
  return out;
}

}  // namespace

// ---- nodes ----

Result<NodeId> createNode(ChangeRecorder& r, const Vec3d& position, const NewNodeAttributes& a, std::int64_t now) {
  const Skeleton& s = r.skeleton();
  std::optional<TreeId> tree;
  std::optional<NodeId> connectTo;
  if (s.activeNode) {
    connectTo = s.activeNode;
    tree = s.node(*s.activeNode)->treeId;
  } else if (s.activeTree && s.tree(*s.activeTree)) {
    tree = s.activeTree;
  }
  if (!tree) {
    SKEIN_ASSIGN_OR_RETURN(TreeId created, createTree(r, {}));
    tree = created;
  }
  SKEIN_ASSIGN_OR_RETURN(NodeId id, nextNodeId(s));
  Node n;
  n.id = id;
  n.treeId = *tree;
  n.position = position;
  n.radius = a.radius;
  n.rotation = a.rotation;
  n.mag = a.mag;
  n.viewport = a.viewport;
  n.bitDepth = a.bitDepth;
  n.interpolation = a.interpolation;
  n.time = a.time.value_or(now);
  SKEIN_TRY(r.apply(change::AddNode{n, {}}));
  if (connectTo) SKEIN_TRY(r.apply(change::AddEdge{*tree, s.tree(*tree)->edges.size(), Edge{*connectTo, id}, {}}));
  SKEIN_TRY(setActive(r, id, *tree));
  return id;
}

Status moveNode(ChangeRecorder& r, NodeId id, const Vec3d& position) {
  const Node* n = r.skeleton().node(id);
  if (!n) return notFound(nodeName(id));
  Node moved = *n;
  moved.position = position;
  return r.apply(change::UpdateNode{*n, moved});
}

Status setRadius(ChangeRecorder& r, NodeId id, float radius) {
  const Node* n = r.skeleton().node(id);
  if (!n) return notFound(nodeName(id));
  if (!std::isfinite(radius) || radius < 0) return invalid("a node radius must be a finite number >= 0");
  Node changed = *n;
  changed.radius = radius;
  return r.apply(change::UpdateNode{*n, changed});
}

Status setActiveNode(ChangeRecorder& r, std::optional<NodeId> id) {
  const Skeleton& s = r.skeleton();
  if (!id) return setActive(r, std::nullopt, s.activeTree);
  const Node* n = s.node(*id);
  if (!n) return notFound(nodeName(*id));
  return setActive(r, *id, n->treeId);
}

Status deleteNode(ChangeRecorder& r, NodeId id) {
  const Skeleton& s = r.skeleton();
  const Node* found = s.node(id);
  if (!found) return notFound(nodeName(id));
  const Node node = *found;
  const TreeId tree = node.treeId;
  std::optional<NodeId> neighbour;
  std::vector<std::size_t> incident = s.incidentEdgePositions(tree, id);
  for (auto it = incident.rbegin(); it != incident.rend(); ++it) {
    Edge e = s.tree(tree)->edges[*it];
    neighbour = e.source == id ? e.target : e.source;
    const AttributeList* extra = s.edgeExtraAttributes(e);
    SKEIN_TRY(r.apply(change::RemoveEdge{tree, *it, e, extra ? *extra : AttributeList{}}));
  }
  for (std::size_t i = s.comments.size(); i-- > 0;)
    if (s.comments[i].node == id) SKEIN_TRY(r.apply(change::RemoveComment{i, s.comments[i]}));
  for (std::size_t i = s.branchPoints.size(); i-- > 0;)
    if (s.branchPoints[i].node == id) SKEIN_TRY(r.apply(change::RemoveBranchPoint{i, s.branchPoints[i]}));
  if (s.activeNode == id) SKEIN_TRY(setActive(r, neighbour, tree));
  const AttributeList* extra = s.nodeExtraAttributes(id);
  SKEIN_TRY(r.apply(change::RemoveNode{node, extra ? *extra : AttributeList{}}));
  if (incident.size() > 1) SKEIN_TRY(splitIntoComponents(r, tree, s.activeNode));
  return {};
}

// ---- edges ----

Status createEdge(ChangeRecorder& r, NodeId a, NodeId b) {
  const Skeleton& s = r.skeleton();
  const Node* na = s.node(a);
  const Node* nb = s.node(b);
  if (!na) return notFound(nodeName(a));
  if (!nb) return notFound(nodeName(b));
  if (a == b) return invalid("an edge must join two different nodes");
  if (na->treeId != nb->treeId) return mergeTrees(r, a, b);
  const Tree* t = s.tree(na->treeId);
  if (edgePosition(*t, a, b)) return invalid("nodes " + std::to_string(a) + " and " + std::to_string(b) + " are already joined");
  return r.apply(change::AddEdge{t->id, t->edges.size(), Edge{a, b}, {}});
}

Status deleteEdge(ChangeRecorder& r, NodeId a, NodeId b) {
  const Skeleton& s = r.skeleton();
  const Node* na = s.node(a);
  if (!na) return notFound(nodeName(a));
  const TreeId tree = na->treeId;
  auto position = edgePosition(*s.tree(tree), a, b);
  if (!position) return notFound("an edge between nodes " + std::to_string(a) + " and " + std::to_string(b));
  Edge e = s.tree(tree)->edges[*position];
  const AttributeList* extra = s.edgeExtraAttributes(e);
  SKEIN_TRY(r.apply(change::RemoveEdge{tree, *position, e, extra ? *extra : AttributeList{}}));
  std::optional<NodeId> keep = s.activeNode && s.node(*s.activeNode)->treeId == tree ? s.activeNode : std::optional(a);
  return splitIntoComponents(r, tree, keep);
}

Status mergeTrees(ChangeRecorder& r, NodeId a, NodeId b) {
  const Skeleton& s = r.skeleton();
  const Node* na = s.node(a);
  const Node* nb = s.node(b);
  if (!na) return notFound(nodeName(a));
  if (!nb) return notFound(nodeName(b));
  const TreeId keep = na->treeId, gone = nb->treeId;
  if (keep == gone) return invalid("nodes " + std::to_string(a) + " and " + std::to_string(b) + " are in the same tree");
  const Tree* goneTree = s.tree(gone);
  std::vector<Edge> goneEdges = goneTree->edges;
  sk::TreeProperties goneProps = goneTree->props;
  std::size_t gonePosition = *s.treePosition(gone);
  std::vector<Edge> keptEdges = s.tree(keep)->edges;
  std::vector<Edge> merged = keptEdges;
  merged.insert(merged.end(), goneEdges.begin(), goneEdges.end());
  merged.push_back({a, b});
  SKEIN_TRY(r.apply(change::SetEdges{gone, goneEdges, {}}));
  SKEIN_TRY(r.apply(change::ReassignNodes{s.nodesOfTree(gone), gone, keep}));
  SKEIN_TRY(r.apply(change::SetEdges{keep, keptEdges, merged}));
  if (s.activeTree == gone) SKEIN_TRY(setActive(r, s.activeNode, keep));
  return r.apply(change::RemoveTree{gonePosition, gone, goneProps});
}

Status splitIntoComponents(ChangeRecorder& r, TreeId tree, std::optional<NodeId> keep) {
  const Skeleton& s = r.skeleton();
  std::vector<std::vector<NodeId>> parts = components(s, tree);
  if (parts.size() <= 1) return {};
  std::size_t kept = 0;
  if (keep && s.hasNode(*keep) && s.node(*keep)->treeId == tree)
    for (std::size_t i = 0; i < parts.size(); ++i)
      if (std::find(parts[i].begin(), parts[i].end(), *keep) != parts[i].end()) kept = i;

  // Which component each node belongs to, to route the edges.
  std::unordered_map<NodeId, std::size_t> owner;
  for (std::size_t i = 0; i < parts.size(); ++i)
    for (NodeId id : parts[i]) owner.emplace(id, i);
  const Tree& original = *s.tree(tree);
  std::vector<std::vector<Edge>> edgesOf(parts.size());
  for (const Edge& e : original.edges) edgesOf[owner.at(e.source)].push_back(e);
  const std::vector<Edge> before = original.edges;
  const sk::TreeProperties props = original.props;
  std::size_t position = *s.treePosition(tree);

  SKEIN_TRY(r.apply(change::SetEdges{tree, before, edgesOf[kept]}));
  int suffix = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i == kept) continue;
    SKEIN_ASSIGN_OR_RETURN(TreeId id, nextTreeId(s));
    sk::TreeProperties piece = props;
    piece.name = props.name + "_" + std::to_string(++suffix);
    SKEIN_TRY(r.apply(change::AddTree{position + static_cast<std::size_t>(suffix), id, piece}));
    SKEIN_TRY(r.apply(change::ReassignNodes{parts[i], tree, id}));
    SKEIN_TRY(r.apply(change::SetEdges{id, {}, edgesOf[i]}));
  }
  if (s.activeNode) SKEIN_TRY(setActive(r, s.activeNode, s.node(*s.activeNode)->treeId));
  return {};
}

// ---- trees ----

Result<TreeId> createTree(ChangeRecorder& r, sk::TreeProperties props) {
  const Skeleton& s = r.skeleton();
  if (props.groupId != kNoGroup && !s.group(props.groupId)) return notFound("group " + std::to_string(props.groupId));
  SKEIN_ASSIGN_OR_RETURN(TreeId id, nextTreeId(s));
  if (props.name.empty()) props.name = "tree" + std::to_string(id);
  SKEIN_TRY(r.apply(change::AddTree{s.trees().size(), id, std::move(props)}));
  SKEIN_TRY(setActive(r, std::nullopt, id));
  return id;
}

Status deleteTree(ChangeRecorder& r, TreeId id) {
  const Skeleton& s = r.skeleton();
  const Tree* t = s.tree(id);
  if (!t) return notFound(treeName(id));
  std::vector<NodeId> nodes = s.nodesOfTree(id);
  auto inTree = [&](NodeId n) { return s.hasNode(n) && s.node(n)->treeId == id; };
  for (std::size_t i = s.comments.size(); i-- > 0;)
    if (inTree(s.comments[i].node)) SKEIN_TRY(r.apply(change::RemoveComment{i, s.comments[i]}));
  for (std::size_t i = s.branchPoints.size(); i-- > 0;)
    if (inTree(s.branchPoints[i].node)) SKEIN_TRY(r.apply(change::RemoveBranchPoint{i, s.branchPoints[i]}));
  bool activeInside = (s.activeNode && inTree(*s.activeNode)) || s.activeTree == id;
  if (activeInside) SKEIN_TRY(setActive(r, std::nullopt, std::nullopt));
  // Edge extras travel with RemoveEdge records; plain edges are dropped in one step.
  for (std::size_t i = t->edges.size(); i-- > 0;)
    if (const AttributeList* extra = s.edgeExtraAttributes(t->edges[i]))
      SKEIN_TRY(r.apply(change::RemoveEdge{id, i, t->edges[i], *extra}));
  SKEIN_TRY(r.apply(change::SetEdges{id, t->edges, {}}));
  for (NodeId n : nodes) {
    const AttributeList* extra = s.nodeExtraAttributes(n);
    SKEIN_TRY(r.apply(change::RemoveNode{*s.node(n), extra ? *extra : AttributeList{}}));
  }
  return r.apply(change::RemoveTree{*s.treePosition(id), id, s.tree(id)->props});
}

Status setTreeProperties(ChangeRecorder& r, TreeId id, sk::TreeProperties props) {
  const Skeleton& s = r.skeleton();
  const Tree* t = s.tree(id);
  if (!t) return notFound(treeName(id));
  if (props.groupId != kNoGroup && !s.group(props.groupId)) return notFound("group " + std::to_string(props.groupId));
  if (t->props == props) return {};
  return r.apply(change::SetTreeProps{id, t->props, std::move(props)});
}

Status moveTreesToGroup(ChangeRecorder& r, const std::vector<TreeId>& trees, GroupId group) {
  const Skeleton& s = r.skeleton();
  if (group != kNoGroup && !s.group(group)) return notFound("group " + std::to_string(group));
  for (TreeId id : trees) {
    const Tree* t = s.tree(id);
    if (!t) return notFound(treeName(id));
    sk::TreeProperties props = t->props;
    props.groupId = group;
    SKEIN_TRY(setTreeProperties(r, id, std::move(props)));
  }
  return {};
}

// ---- groups ----

Result<GroupId> createGroup(ChangeRecorder& r, std::string name, GroupId parent) {
  const Skeleton& s = r.skeleton();
  if (parent != kNoGroup && !s.group(parent)) return notFound("group " + std::to_string(parent));
  SKEIN_ASSIGN_OR_RETURN(GroupId id, nextId(s.maxGroupId(), "group"));
  TreeGroup g{id, std::move(name), parent, true, {}};
  SKEIN_TRY(r.apply(change::InsertGroup{s.groups.size(), g}));
  return g.id;
}

Status renameGroup(ChangeRecorder& r, GroupId id, std::string name) {
  const Skeleton& s = r.skeleton();
  for (std::size_t i = 0; i < s.groups.size(); ++i)
    if (s.groups[i].id == id) {
      TreeGroup renamed = s.groups[i];
      renamed.name = std::move(name);
      return r.apply(change::SetGroup{i, s.groups[i], renamed});
    }
  return notFound("group " + std::to_string(id));
}

Status deleteGroup(ChangeRecorder& r, GroupId id) {
  const Skeleton& s = r.skeleton();
  const TreeGroup* g = s.group(id);
  if (!g) return notFound("group " + std::to_string(id));
  const GroupId parent = g->parent;
  for (const Tree& t : s.trees())
    if (t.props.groupId == id) {
      sk::TreeProperties props = t.props;
      props.groupId = parent;
      SKEIN_TRY(r.apply(change::SetTreeProps{t.id, t.props, props}));
    }
  for (std::size_t i = 0; i < s.groups.size(); ++i)
    if (s.groups[i].parent == id) {
      TreeGroup moved = s.groups[i];
      moved.parent = parent;
      SKEIN_TRY(r.apply(change::SetGroup{i, s.groups[i], moved}));
    }
  for (std::size_t i = 0; i < s.groups.size(); ++i)
    if (s.groups[i].id == id) return r.apply(change::RemoveGroup{i, s.groups[i]});
  return {};
}

// ---- comments, branch points ----

Status setComment(ChangeRecorder& r, NodeId node, std::string text) {
  const Skeleton& s = r.skeleton();
  if (!s.hasNode(node)) return notFound(nodeName(node));
  for (std::size_t i = 0; i < s.comments.size(); ++i)
    if (s.comments[i].node == node) {
      if (s.comments[i].content == text) return {};
      Comment changed = s.comments[i];
      changed.content = std::move(text);
      return r.apply(change::SetComment{i, s.comments[i], changed});
    }
  return r.apply(change::InsertComment{s.comments.size(), Comment{node, std::move(text), {}}});
}

Status clearComment(ChangeRecorder& r, NodeId node) {
  const Skeleton& s = r.skeleton();
  if (!s.hasNode(node)) return notFound(nodeName(node));
  for (std::size_t i = s.comments.size(); i-- > 0;)
    if (s.comments[i].node == node) SKEIN_TRY(r.apply(change::RemoveComment{i, s.comments[i]}));
  return {};
}

Status pushBranchPoint(ChangeRecorder& r, NodeId node, std::int64_t now) {
  const Skeleton& s = r.skeleton();
  if (!s.hasNode(node)) return notFound(nodeName(node));
  return r.apply(change::InsertBranchPoint{s.branchPoints.size(), BranchPoint{node, now, {}}});
}

Result<NodeId> popBranchPoint(ChangeRecorder& r) {
  const Skeleton& s = r.skeleton();
  if (s.branchPoints.empty()) return makeError(ErrorCode::NotFound, "there are no branch points to pop");
  BranchPoint top = s.branchPoints.back();
  SKEIN_TRY(r.apply(change::RemoveBranchPoint{s.branchPoints.size() - 1, top}));
  SKEIN_TRY(setActive(r, top.node, s.node(top.node)->treeId));
  return top.node;
}

}  // namespace skein::annotation::ops
