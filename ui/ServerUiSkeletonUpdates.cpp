#include "ui/ServerUiSkeletonUpdates.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace skein::ui {

namespace sk = skein::skeleton;
using client::UpdateAction;
using nlohmann::json;

namespace {

struct TreeView {
  std::vector<const sk::Node*> nodes;
  std::set<std::pair<sk::NodeId, sk::NodeId>> edges;
};

// Nodes and edges of each tree, from one pass over the node table.
std::unordered_map<sk::TreeId, TreeView> byTree(const sk::Skeleton& s) {
  std::unordered_map<sk::TreeId, TreeView> out;
  for (const sk::Tree& t : s.trees()) {
    TreeView& v = out[t.id];
    for (const sk::Edge& e : t.edges) v.edges.insert({e.source, e.target});
  }
  for (const sk::Node& n : s.nodes()) out[n.treeId].nodes.push_back(&n);
  return out;
}

json colorJson(const std::optional<sk::Rgba>& c) {
  return c ? json{c->r, c->g, c->b, c->a} : json(nullptr);
}

json metadataJson(const std::vector<sk::MetadataEntry>& entries) {
  json out = json::array();
  for (const auto& e : entries) {
    json j = {{"key", e.key}};
    if (const auto* s = std::get_if<std::string>(&e.value)) j["stringValue"] = *s;
    else if (const auto* d = std::get_if<double>(&e.value)) j["numberValue"] = *d;
    else if (const auto* b = std::get_if<bool>(&e.value)) j["boolValue"] = *b;
    else if (const auto* l = std::get_if<std::vector<std::string>>(&e.value)) j["stringListValue"] = *l;
    out.push_back(std::move(j));
  }
  return out;
}

// The comments and branch points of one tree's nodes, as updateTree/createTree carry them.
std::pair<json, json> treeAnnotations(const sk::Skeleton& s, sk::TreeId tree) {
  json comments = json::array(), branchPoints = json::array();
  for (const sk::Comment& c : s.comments)
    if (const sk::Node* n = s.node(c.node); n && n->treeId == tree) comments.push_back({{"nodeId", c.node}, {"content", c.content}});
  for (const sk::BranchPoint& b : s.branchPoints)
    if (const sk::Node* n = s.node(b.node); n && n->treeId == tree)
      branchPoints.push_back({{"nodeId", b.node}, {"timestamp", b.time}});
  return {comments, branchPoints};
}

json treeValue(const sk::Skeleton& s, const sk::Tree& t, const std::string& tracingId, std::int64_t now) {
  auto [comments, branchPoints] = treeAnnotations(s, t.id);
  return {{"actionTracingId", tracingId},
          {"id", t.id},
          {"color", colorJson(t.props.color)},
          {"name", t.props.name},
          {"timestamp", now},
          {"comments", comments},
          {"branchPoints", branchPoints},
          {"groupId", t.props.groupId == sk::kNoGroup ? json(nullptr) : json(t.props.groupId)},
          {"isVisible", t.props.visible},
          {"type", t.props.type.empty() ? std::string("DEFAULT") : t.props.type},
          {"edgesAreVisible", t.props.edgesVisible},
          {"metadata", metadataJson(t.props.metadata)}};
}

json nodeValue(const sk::Node& n, const std::string& tracingId) {
  // The server reads "resolution", the frontend's updateNode sends "mag": send both.
  return {{"actionTracingId", tracingId},
          {"id", n.id},
          {"treeId", n.treeId},
          {"position", {n.position.x, n.position.y, n.position.z}},
          {"rotation", {n.rotation[0], n.rotation[1], n.rotation[2]}},
          {"radius", n.radius},
          {"viewport", n.viewport},
          {"resolution", n.mag},
          {"mag", n.mag},
          {"bitDepth", n.bitDepth},
          {"interpolation", n.interpolation},
          {"timestamp", n.time},
          {"additionalCoordinates", nullptr}};
}

json groupsJson(const sk::Skeleton& s, sk::GroupId parent) {
  json out = json::array();
  for (const sk::TreeGroup& g : s.groups)
    if (g.parent == parent)
      out.push_back({{"name", g.name}, {"groupId", g.id}, {"children", groupsJson(s, g.id)}, {"isExpanded", g.expanded}});
  return out;
}

bool sameTreeAnnotations(const sk::Skeleton& a, const sk::Skeleton& b, sk::TreeId tree) {
  return treeAnnotations(a, tree) == treeAnnotations(b, tree);
}

}  // namespace

std::vector<UpdateAction> skeletonUpdateActions(const sk::Skeleton& before, const sk::Skeleton& after,
                                                const std::string& tracingId, std::int64_t nowMs) {
  std::vector<UpdateAction> deletions, creations, updates;
  const auto old = byTree(before), now = byTree(after);
  auto edgeAction = [&](const char* name, sk::TreeId tree, const std::pair<sk::NodeId, sk::NodeId>& e) {
    return UpdateAction{name, {{"actionTracingId", tracingId}, {"treeId", tree}, {"source", e.first}, {"target", e.second}}};
  };

  // Removed edges and nodes (also of removed trees), then the removed trees.
  for (const sk::Tree& t : before.trees()) {
    const TreeView& was = old.at(t.id);
    const auto it = now.find(t.id);
    const bool treeGone = !after.tree(t.id);
    for (const auto& e : was.edges)
      if (treeGone || !it->second.edges.count(e)) deletions.push_back(edgeAction("deleteEdge", t.id, e));
    for (const sk::Node* n : was.nodes) {
      const sk::Node* m = after.node(n->id);
      if (!m || m->treeId != t.id)
        deletions.push_back({"deleteNode", {{"actionTracingId", tracingId}, {"treeId", t.id}, {"nodeId", n->id}}});
    }
  }
  for (const sk::Tree& t : before.trees())
    if (!after.tree(t.id)) deletions.push_back({"deleteTree", {{"actionTracingId", tracingId}, {"id", t.id}}});

  // New trees; new and changed nodes; new edges; changed tree properties.
  for (const sk::Tree& t : after.trees()) {
    const sk::Tree* was = before.tree(t.id);
    if (!was) creations.push_back({"createTree", treeValue(after, t, tracingId, nowMs)});
    else if (!(was->props == t.props) || !sameTreeAnnotations(before, after, t.id))
      updates.push_back({"updateTree", treeValue(after, t, tracingId, nowMs)});
  }
  std::vector<UpdateAction> nodes, edges;
  for (const sk::Tree& t : after.trees()) {
    const TreeView& is = now.at(t.id);
    const auto it = old.find(t.id);
    const bool treeNew = !before.tree(t.id);
    for (const sk::Node* n : is.nodes) {
      const sk::Node* m = before.node(n->id);
      if (!m || m->treeId != t.id) nodes.push_back({"createNode", nodeValue(*n, tracingId)});
      else if (!(*m == *n)) nodes.push_back({"updateNode", nodeValue(*n, tracingId)});
    }
    for (const auto& e : is.edges)
      if (treeNew || it == old.end() || !it->second.edges.count(e)) edges.push_back(edgeAction("createEdge", t.id, e));
  }
  if (!(before.groups == after.groups))
    updates.push_back({"updateTreeGroups", {{"actionTracingId", tracingId}, {"treeGroups", groupsJson(after, sk::kNoGroup)}}});
  if (before.activeNode != after.activeNode)
    updates.push_back({"updateActiveNode", {{"actionTracingId", tracingId},
                                            {"activeNode", after.activeNode ? json(*after.activeNode) : json(nullptr)}}});

  std::vector<UpdateAction> out = std::move(deletions);
  for (auto* part : {&creations, &nodes, &edges, &updates})
    for (auto& a : *part) out.push_back(std::move(a));
  return out;
}

}  // namespace skein::ui
