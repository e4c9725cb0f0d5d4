#include "core/skeleton/Skeleton.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_set>

namespace skein::skeleton {

static_assert(sizeof(Node) <= 64, "Node must stay compact: millions of them are loaded at once");

namespace {

Error invalid(std::string message) { return makeError(ErrorCode::InvalidArgument, std::move(message)); }

bool positionIsSane(const Vec3d& p) {
  for (int i = 0; i < 3; ++i)
    if (!std::isfinite(p[i]) || std::abs(p[i]) > Skeleton::kMaxCoordinate) return false;
  return true;
}

std::string edgeText(const Edge& e) { return std::to_string(e.source) + "-" + std::to_string(e.target); }

}  // namespace

// ---- Lookups ----

const Node* Skeleton::node(NodeId id) const {
  std::uint32_t i = nodeIndex_.find(id);
  return i == FlatIdMap::kAbsent ? nullptr : &nodes_[i];
}

const AttributeList* Skeleton::nodeExtraAttributes(NodeId id) const {
  auto it = nodeExtras_.find(id);
  return it == nodeExtras_.end() ? nullptr : &it->second;
}

std::vector<NodeId> Skeleton::nodesOfTree(TreeId tree) const {
  std::vector<NodeId> out;
  if (const Tree* t = this->tree(tree)) out.reserve(t->nodeCount);
  for (const Node& n : nodes_)
    if (n.treeId == tree) out.push_back(n.id);
  return out;
}

NodeId Skeleton::maxNodeId() const {
  NodeId m = -1;
  for (const Node& n : nodes_) m = std::max(m, n.id);
  return m;
}

const Tree* Skeleton::tree(TreeId id) const {
  auto it = treeIndex_.find(id);
  return it == treeIndex_.end() ? nullptr : &trees_[it->second];
}

Tree* Skeleton::mutableTree(TreeId id) {
  if (lastTree_ < trees_.size() && trees_[lastTree_].id == id) return &trees_[lastTree_];
  auto it = treeIndex_.find(id);
  if (it == treeIndex_.end()) return nullptr;
  lastTree_ = it->second;
  return &trees_[it->second];
}

std::optional<std::size_t> Skeleton::treePosition(TreeId id) const {
  auto it = treeIndex_.find(id);
  if (it == treeIndex_.end()) return std::nullopt;
  return it->second;
}

TreeId Skeleton::maxTreeId() const {
  TreeId m = -1;
  for (const Tree& t : trees_) m = std::max(m, t.id);
  return m;
}

std::size_t Skeleton::edgeCount() const {
  std::size_t n = 0;
  for (const Tree& t : trees_) n += t.edges.size();
  return n;
}

std::vector<std::size_t> Skeleton::incidentEdgePositions(TreeId tree, NodeId node) const {
  std::vector<std::size_t> out;
  if (const Tree* t = this->tree(tree))
    for (std::size_t i = 0; i < t->edges.size(); ++i)
      if (t->edges[i].source == node || t->edges[i].target == node) out.push_back(i);
  return out;
}

const AttributeList* Skeleton::edgeExtraAttributes(const Edge& e) const {
  for (const auto& [edge, attrs] : edgeExtras_)
    if (edge == e) return &attrs;
  return nullptr;
}

const TreeGroup* Skeleton::group(GroupId id) const {
  for (const TreeGroup& g : groups)
    if (g.id == id) return &g;
  return nullptr;
}

GroupId Skeleton::maxGroupId() const {
  GroupId m = -1;
  for (const TreeGroup& g : groups) m = std::max(m, g.id);
  return m;
}

// ---- Spatial queries ----

std::vector<NodeId> Skeleton::nodesInBox(const Aabb& box) const {
  std::vector<NodeId> candidates;
  index_.candidateNodes(box, candidates);
  std::erase_if(candidates, [&](NodeId id) { return !box.contains(node(id)->position); });
  return candidates;
}

std::vector<Edge> Skeleton::edgesInBox(const Aabb& box) const {
  std::vector<Edge> candidates;
  index_.candidateEdges(box, candidates);
  std::erase_if(candidates, [&](const Edge& e) {
    return !box.intersectsSegment(node(e.source)->position, node(e.target)->position);
  });
  return candidates;
}

// ---- Trees ----

Status Skeleton::addTree(TreeId id, TreeProperties props, std::optional<std::size_t> position) {
  if (id < 0) return invalid("tree id " + std::to_string(id) + " is negative");
  if (treeIndex_.count(id)) return invalid("tree id " + std::to_string(id) + " is already in use");
  std::size_t at = std::min(position.value_or(trees_.size()), trees_.size());
  Tree t;
  t.id = id;
  t.props = std::move(props);
  trees_.insert(trees_.begin() + static_cast<std::ptrdiff_t>(at), std::move(t));
  reindexTreesFrom(at);
  return {};
}

Status Skeleton::removeEmptyTree(TreeId id) {
  auto it = treeIndex_.find(id);
  if (it == treeIndex_.end()) return invalid("tree " + std::to_string(id) + " does not exist");
  std::size_t at = it->second;
  if (trees_[at].nodeCount != 0 || !trees_[at].edges.empty())
    return invalid("tree " + std::to_string(id) + " still has nodes or edges");
  treeIndex_.erase(it);
  trees_.erase(trees_.begin() + static_cast<std::ptrdiff_t>(at));
  reindexTreesFrom(at);
  return {};
}

void Skeleton::reindexTreesFrom(std::size_t position) {
  for (std::size_t i = position; i < trees_.size(); ++i) treeIndex_[trees_[i].id] = i;
}

Status Skeleton::setTreeProperties(TreeId id, TreeProperties props) {
  Tree* t = mutableTree(id);
  if (!t) return invalid("tree " + std::to_string(id) + " does not exist");
  t->props = std::move(props);
  return {};
}

// ---- Nodes ----

Status Skeleton::addNode(const Node& n, AttributeList extraAttributes) {
  if (n.id < 0) return invalid("node id " + std::to_string(n.id) + " is negative");
  if (!positionIsSane(n.position))
    return invalid("node " + std::to_string(n.id) + " has a non-finite or out-of-range position");
  if (!std::isfinite(n.radius)) return invalid("node " + std::to_string(n.id) + " has a non-finite radius");
  Tree* t = mutableTree(n.treeId);
  if (!t) return invalid("node " + std::to_string(n.id) + " refers to missing tree " + std::to_string(n.treeId));
  if (nodes_.size() >= FlatIdMap::kAbsent) return invalid("too many nodes");
  if (!nodeIndex_.insert(n.id, static_cast<std::uint32_t>(nodes_.size())))
    return invalid("node id " + std::to_string(n.id) + " is already in use");
  nodes_.push_back(n);
  ++t->nodeCount;
  if (!extraAttributes.empty()) nodeExtras_[n.id] = std::move(extraAttributes);
  if (indexLive_) index_.insertNode(n.id, n.position);
  return {};
}

Status Skeleton::removeNode(NodeId id) {
  std::uint32_t i = nodeIndex_.find(id);
  if (i == FlatIdMap::kAbsent) return invalid("node " + std::to_string(id) + " does not exist");
  const Node n = nodes_[i];
  if (Tree* t = mutableTree(n.treeId)) --t->nodeCount;
  if (indexLive_) index_.removeNode(id, n.position);
  nodeIndex_.erase(id);
  if (i + 1 != nodes_.size()) {
    nodes_[i] = nodes_.back();
    nodeIndex_.assign(nodes_[i].id, i);
  }
  nodes_.pop_back();
  nodeExtras_.erase(id);
  return {};
}

Status Skeleton::updateNode(const Node& n) {
  std::uint32_t i = nodeIndex_.find(n.id);
  if (i == FlatIdMap::kAbsent) return invalid("node " + std::to_string(n.id) + " does not exist");
  if (nodes_[i].treeId != n.treeId) return invalid("updating node " + std::to_string(n.id) + " must not change its tree");
  if (!positionIsSane(n.position))
    return invalid("node " + std::to_string(n.id) + " would get a non-finite or out-of-range position");
  if (!std::isfinite(n.radius)) return invalid("node " + std::to_string(n.id) + " would get a non-finite radius");
  const Node old = nodes_[i];
  bool moved = !(old.position == n.position);
  std::vector<std::size_t> incident;
  const Tree* t = tree(n.treeId);
  if (moved && indexLive_) {
    incident = incidentEdgePositions(n.treeId, n.id);
    for (std::size_t e : incident) {
      const Edge& edge = t->edges[e];
      index_.removeEdge(edge, node(edge.source)->position, node(edge.target)->position);
    }
    index_.removeNode(n.id, old.position);
  }
  nodes_[i] = n;
  if (moved && indexLive_) {
    index_.insertNode(n.id, n.position);
    for (std::size_t e : incident) {
      const Edge& edge = t->edges[e];
      index_.insertEdge(edge, node(edge.source)->position, node(edge.target)->position);
    }
  }
  return {};
}

Status Skeleton::reassignNodes(std::span<const NodeId> ids, TreeId to) {
  Tree* target = mutableTree(to);
  if (!target) return invalid("tree " + std::to_string(to) + " does not exist");
  for (NodeId id : ids)
    if (!hasNode(id)) return invalid("node " + std::to_string(id) + " does not exist");
  for (NodeId id : ids) {
    Node& n = nodes_[nodeIndex_.find(id)];
    if (n.treeId == to) continue;
    if (Tree* from = mutableTree(n.treeId)) --from->nodeCount;
    n.treeId = to;
    ++mutableTree(to)->nodeCount;
  }
  return {};
}

// ---- Edges ----

Status Skeleton::addEdge(TreeId treeId, const Edge& e, std::optional<std::size_t> position,
                         AttributeList extraAttributes) {
  Tree* t = mutableTree(treeId);
  if (!t) return invalid("tree " + std::to_string(treeId) + " does not exist");
  const Node* a = node(e.source);
  const Node* b = node(e.target);
  if (!a || !b || a->treeId != treeId || b->treeId != treeId)
    return invalid("edge " + edgeText(e) + " does not join two nodes of tree " + std::to_string(treeId));
  if (e.source == e.target) return invalid("edge " + edgeText(e) + " joins a node to itself");
  for (const Edge& other : t->edges)
    if ((other.source == e.source && other.target == e.target) ||
        (other.source == e.target && other.target == e.source))
      return invalid("edge " + edgeText(e) + " already exists");
  std::size_t at = std::min(position.value_or(t->edges.size()), t->edges.size());
  t->edges.insert(t->edges.begin() + static_cast<std::ptrdiff_t>(at), e);
  if (!extraAttributes.empty()) setEdgeExtraAttributes(e, std::move(extraAttributes));
  if (indexLive_) index_.insertEdge(e, a->position, b->position);
  return {};
}

Status Skeleton::removeEdge(TreeId treeId, std::size_t position) {
  Tree* t = mutableTree(treeId);
  if (!t) return invalid("tree " + std::to_string(treeId) + " does not exist");
  if (position >= t->edges.size())
    return invalid("tree " + std::to_string(treeId) + " has no edge at position " + std::to_string(position));
  Edge e = t->edges[position];
  if (indexLive_) index_.removeEdge(e, node(e.source)->position, node(e.target)->position);
  t->edges.erase(t->edges.begin() + static_cast<std::ptrdiff_t>(position));
  setEdgeExtraAttributes(e, {});
  return {};
}

Status Skeleton::setTreeEdges(TreeId treeId, std::vector<Edge> edges) {
  Tree* t = mutableTree(treeId);
  if (!t) return invalid("tree " + std::to_string(treeId) + " does not exist");
  for (const Edge& e : edges) {
    const Node* a = node(e.source);
    const Node* b = node(e.target);
    if (!a || !b || a->treeId != treeId || b->treeId != treeId || e.source == e.target)
      return invalid("edge " + edgeText(e) + " does not join two distinct nodes of tree " + std::to_string(treeId));
  }
  adoptTreeEdges(treeId, std::move(edges));
  return {};
}

void Skeleton::adoptTreeEdges(TreeId treeId, std::vector<Edge> edges) {
  Tree* t = mutableTree(treeId);
  if (!t) return;
  if (indexLive_) indexEdges(*t, false);
  t->edges = std::move(edges);
  if (indexLive_) indexEdges(*t, true);
}

void Skeleton::indexEdges(const Tree& t, bool insert) {
  for (const Edge& e : t.edges) {
    const Node* a = node(e.source);
    const Node* b = node(e.target);
    if (!a || !b) continue;
    if (insert)
      index_.insertEdge(e, a->position, b->position);
    else
      index_.removeEdge(e, a->position, b->position);
  }
}

void Skeleton::setNodeExtraAttributes(NodeId id, AttributeList attributes) {
  if (attributes.empty())
    nodeExtras_.erase(id);
  else
    nodeExtras_[id] = std::move(attributes);
}

void Skeleton::setEdgeExtraAttributes(const Edge& edge, AttributeList attributes) {
  auto it = std::find_if(edgeExtras_.begin(), edgeExtras_.end(), [&](const auto& p) { return p.first == edge; });
  if (attributes.empty()) {
    if (it != edgeExtras_.end()) edgeExtras_.erase(it);
  } else if (it != edgeExtras_.end()) {
    it->second = std::move(attributes);
  } else {
    edgeExtras_.emplace_back(edge, std::move(attributes));
  }
}

// ---- Bulk loading ----

void Skeleton::suspendSpatialIndex() {
  indexLive_ = false;
  index_.clear();
}

void Skeleton::rebuildSpatialIndex() {
  index_.clear();
  for (const Node& n : nodes_) index_.insertNode(n.id, n.position);
  for (const Tree& t : trees_) indexEdges(t, true);
  index_.shrinkToFit();
  indexLive_ = true;
}

void Skeleton::reserveNodes(std::size_t count) {
  nodes_.reserve(count);
  nodeIndex_.reserve(count);
}

void Skeleton::translateNodes(const Vec3d& delta) {
  for (Node& n : nodes_) n.position = {n.position.x + delta.x, n.position.y + delta.y, n.position.z + delta.z};
  if (indexLive_) rebuildSpatialIndex();
}

void Skeleton::shrinkToFit() {
  nodes_.shrink_to_fit();
  nodeIndex_.shrinkToFit();
  for (Tree& t : trees_) t.edges.shrink_to_fit();
  index_.shrinkToFit();
}

// ---- Consistency ----

Status Skeleton::checkInvariants() const {
  auto broken = [](std::string what) { return makeError(ErrorCode::Internal, "skeleton invariant broken: " + what); };
  if (nodeIndex_.size() != nodes_.size()) return broken("node index size differs from the node table");
  std::unordered_map<TreeId, std::size_t> counts;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    if (nodeIndex_.find(n.id) != i) return broken("node " + std::to_string(n.id) + " is not indexed at its slot");
    if (!tree(n.treeId)) return broken("node " + std::to_string(n.id) + " refers to missing tree");
    ++counts[n.treeId];
  }
  if (treeIndex_.size() != trees_.size()) return broken("tree index size differs from the tree table");
  std::size_t indexedEdges = 0;
  for (std::size_t i = 0; i < trees_.size(); ++i) {
    const Tree& t = trees_[i];
    auto it = treeIndex_.find(t.id);
    if (it == treeIndex_.end() || it->second != i) return broken("tree " + std::to_string(t.id) + " is not indexed");
    if (t.nodeCount != counts[t.id]) return broken("tree " + std::to_string(t.id) + " has a wrong node count");
    std::unordered_set<std::uint64_t> seen;
    for (const Edge& e : t.edges) {
      const Node* a = node(e.source);
      const Node* b = node(e.target);
      if (!a || !b || a->treeId != t.id || b->treeId != t.id || e.source == e.target)
        return broken("edge " + edgeText(e) + " of tree " + std::to_string(t.id) + " is dangling");
      auto lo = static_cast<std::uint32_t>(std::min(e.source, e.target));
      auto hi = static_cast<std::uint32_t>(std::max(e.source, e.target));
      if (!seen.insert((std::uint64_t(lo) << 32) | hi).second)
        return broken("edge " + edgeText(e) + " of tree " + std::to_string(t.id) + " is duplicated");
    }
    indexedEdges += t.edges.size();
  }
  for (const auto& [id, attrs] : nodeExtras_)
    if (!hasNode(id)) return broken("extra attributes of missing node " + std::to_string(id));
  for (const Comment& c : comments)
    if (!hasNode(c.node)) return broken("comment on missing node " + std::to_string(c.node));
  for (const BranchPoint& b : branchPoints)
    if (!hasNode(b.node)) return broken("branch point on missing node " + std::to_string(b.node));
  for (const TreeGroup& g : groups)
    if (g.parent != kNoGroup && !group(g.parent)) return broken("group " + std::to_string(g.id) + " has a missing parent");
  for (const Tree& t : trees_)
    if (t.props.groupId != kNoGroup && !group(t.props.groupId))
      return broken("tree " + std::to_string(t.id) + " is in missing group");
  if (activeNode && !hasNode(*activeNode)) return broken("active node is missing");
  if (activeTree && !tree(*activeTree)) return broken("active tree is missing");
  if (indexLive_) {
    Aabb everything{{-kMaxCoordinate, -kMaxCoordinate, -kMaxCoordinate}, {kMaxCoordinate, kMaxCoordinate, kMaxCoordinate}};
    if (nodesInBox(everything).size() != nodes_.size()) return broken("spatial index misses nodes");
    if (edgesInBox(everything).size() != indexedEdges) return broken("spatial index misses edges");
  }
  return {};
}

}  // namespace skein::skeleton
