#pragma once
// The skeleton annotation model: flat, id-indexed tables (no linked lists, no back-pointers).
//
//   nodes      one table of tight 64-byte records, looked up through a compact id -> index map;
//              a node names its tree (node.treeId). Table order is not meaningful.
//   trees      ordered table; each tree owns its edge list and knows how many nodes it has.
//   groups, comments, branch points, user bounding boxes: ordered tables of plain records.
//
// Invariants kept by the mutators below: node ids are unique and >= 0; every node's tree exists;
// every edge joins two distinct nodes of the tree that holds it; the spatial index covers all
// nodes and edges. The low-level mutators are the building blocks of the undoable commands in
// core/annotation and of the NML reader; applications edit through those commands.

#include <optional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/base/Result.h"
#include "core/skeleton/FlatIdMap.h"
#include "core/skeleton/SkeletonTypes.h"
#include "core/skeleton/SpatialIndex.h"

namespace skein::skeleton {

class Skeleton {
 public:
  // Coordinates farther than this from the origin are rejected as absurd.
  static constexpr double kMaxCoordinate = 2147483647.0;

  Skeleton() = default;

  // ---- Plain annotation-level data (no cross-references to keep consistent) ----
  AnnotationParameters parameters;
  std::vector<MetaEntry> meta;
  std::vector<UserBoundingBox> userBoundingBoxes;
  std::vector<VolumeLayerRef> volumes;
  std::vector<XmlElement> extraElements;  // unknown children of <things>

  // ---- Tables that reference nodes or trees: edit them through annotation commands ----
  std::vector<TreeGroup> groups;
  std::vector<Comment> comments;
  std::vector<BranchPoint> branchPoints;  // a stack: back() is the newest
  std::optional<NodeId> activeNode;
  std::optional<TreeId> activeTree;

  // ---- Nodes ----
  std::size_t nodeCount() const { return nodes_.size(); }
  const std::vector<Node>& nodes() const { return nodes_; }  // unordered
  const Node* node(NodeId id) const;
  bool hasNode(NodeId id) const { return nodeIndex_.contains(id); }
  const AttributeList* nodeExtraAttributes(NodeId id) const;
  const std::unordered_map<NodeId, AttributeList>& allNodeExtraAttributes() const { return nodeExtras_; }
  std::vector<NodeId> nodesOfTree(TreeId tree) const;  // in table order; O(total nodes)
  NodeId maxNodeId() const;                             // -1 when there are no nodes

  // ---- Trees and edges ----
  const std::vector<Tree>& trees() const { return trees_; }
  const Tree* tree(TreeId id) const;
  std::optional<std::size_t> treePosition(TreeId id) const;
  TreeId maxTreeId() const;  // -1 when there are no trees
  std::size_t edgeCount() const;
  // Edges of `tree` that touch `node`, as positions in tree.edges.
  std::vector<std::size_t> incidentEdgePositions(TreeId tree, NodeId node) const;
  const AttributeList* edgeExtraAttributes(const Edge& e) const;
  const std::vector<std::pair<Edge, AttributeList>>& allEdgeExtraAttributes() const { return edgeExtras_; }

  // ---- Lookups on the other tables ----
  const TreeGroup* group(GroupId id) const;
  GroupId maxGroupId() const;  // -1 when there are no groups

  // ---- Spatial queries (closed box) ----
  std::vector<NodeId> nodesInBox(const Aabb& box) const;
  std::vector<Edge> edgesInBox(const Aabb& box) const;
  const SpatialIndex& spatialIndex() const { return index_; }

  // ---- Low-level mutators (each checks its own preconditions) ----
  Status addTree(TreeId id, TreeProperties props, std::optional<std::size_t> position = std::nullopt);
  Status removeEmptyTree(TreeId id);  // the tree must have no nodes and no edges
  Status setTreeProperties(TreeId id, TreeProperties props);

  Status addNode(const Node& node, AttributeList extraAttributes = {});
  // Removes a node and its extra attributes. Its edges must have been removed first.
  Status removeNode(NodeId id);
  // Replaces a node's data (position, radius, ...); id and tree stay.
  Status updateNode(const Node& node);
  // Moves nodes to another tree. Their edges must not be in the old tree's edge list any more.
  Status reassignNodes(std::span<const NodeId> ids, TreeId to);

  // Inserts an edge (both nodes in `tree`, distinct, not yet joined) at `position` (default: end).
  Status addEdge(TreeId tree, const Edge& edge, std::optional<std::size_t> position = std::nullopt,
                 AttributeList extraAttributes = {});
  Status removeEdge(TreeId tree, std::size_t position);  // also drops the edge's extra attributes
  // Replaces a tree's whole edge list (checked: every edge joins two nodes of this tree).
  Status setTreeEdges(TreeId tree, std::vector<Edge> edges);

  void setNodeExtraAttributes(NodeId id, AttributeList attributes);
  void setEdgeExtraAttributes(const Edge& edge, AttributeList attributes);

  // ---- Bulk loading (NML reader) ----
  // While suspended, node and edge mutators skip the spatial index; rebuild re-enables it.
  void suspendSpatialIndex();
  void rebuildSpatialIndex();
  // Installs a checked edge list without re-checking it (the reader validated it while parsing).
  void adoptTreeEdges(TreeId tree, std::vector<Edge> edges);
  void reserveNodes(std::size_t count);
  // Moves every node by `delta` (KNOSSOS 1-based -> 0-based conversion).
  void translateNodes(const Vec3d& delta);
  void shrinkToFit();

  // Full consistency check (tests, debugging): an error names the first broken invariant.
  Status checkInvariants() const;

 private:
  Tree* mutableTree(TreeId id);
  void indexEdges(const Tree& t, bool insert);
  void reindexTreesFrom(std::size_t position);

  std::vector<Node> nodes_;
  FlatIdMap nodeIndex_;
  std::vector<Tree> trees_;
  std::unordered_map<TreeId, std::size_t> treeIndex_;
  std::unordered_map<NodeId, AttributeList> nodeExtras_;
  std::vector<std::pair<Edge, AttributeList>> edgeExtras_;  // sparse; edges are rarely annotated
  SpatialIndex index_;
  bool indexLive_ = true;
  std::size_t lastTree_ = 0;  // position of the tree looked up last (nodes arrive tree by tree)
};

// A canonical comparison (node table order is ignored, everything else is compared as stored).
// Returns an empty string when equal, else a description of the first difference.
std::string describeDifference(const Skeleton& a, const Skeleton& b);

}  // namespace skein::skeleton
