#include "core/skeleton/NmlWriter.h"

#include <algorithm>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/skeleton/AtomicFile.h"
#include "core/skeleton/NmlNumbers.h"

namespace skein::skeleton {

namespace {

using nml::appendDouble;
using nml::appendFloat;
using nml::appendInt;

// Appends indented XML with escaped attribute values to a string.
class XmlOut {
 public:
  explicit XmlOut(std::string& out) : out_(out) {}

  void open(int depth, std::string_view name) {
    out_.append(static_cast<std::size_t>(2 * depth), ' ');
    out_ += '<';
    out_ += name;
  }
  void attr(std::string_view name, std::string_view value) {
    begin(name);
    escape(value);
    out_ += '"';
  }
  void attrInt(std::string_view name, std::int64_t v) {
    begin(name);
    appendInt(out_, v);
    out_ += '"';
  }
  void attrReal(std::string_view name, double v, bool forceFraction = true) {
    begin(name);
    appendDouble(out_, v, forceFraction);
    out_ += '"';
  }
  void attrFloat(std::string_view name, float v) {
    begin(name);
    appendFloat(out_, v);
    out_ += '"';
  }
  void attrBool(std::string_view name, bool v) { attr(name, v ? "true" : "false"); }
  void attrs(const AttributeList& list) {
    for (const Attribute& a : list) attr(a.name, a.value);
  }
  void endEmpty() { out_ += "/>\n"; }
  void endOpen() { out_ += ">\n"; }
  void close(int depth, std::string_view name) {
    out_.append(static_cast<std::size_t>(2 * depth), ' ');
    out_ += "</";
    out_ += name;
    out_ += ">\n";
  }
  void emptyContainer(int depth, std::string_view name) {
    open(depth, name);
    endEmpty();
  }

  void element(int depth, const XmlElement& e) {
    open(depth, e.name);
    attrs(e.attributes);
    if (e.children.empty() && e.text.empty()) {
      endEmpty();
      return;
    }
    out_ += '>';
    escape(e.text);
    if (!e.children.empty()) {
      out_ += '\n';
      for (const XmlElement& c : e.children) element(depth + 1, c);
      out_.append(static_cast<std::size_t>(2 * depth), ' ');
    }
    out_ += "</";
    out_ += e.name;
    out_ += ">\n";
  }

 private:
  void begin(std::string_view name) {
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
  }
  void escape(std::string_view s) {
    for (char c : s) {
      switch (c) {
        case '&': out_ += "&amp;"; break;
        case '<': out_ += "&lt;"; break;
        case '>': out_ += "&gt;"; break;
        case '"': out_ += "&quot;"; break;
        case '\n': out_ += "&#xa;"; break;
        case '\r': out_ += "&#xd;"; break;
        case '\t': out_ += "&#x9;"; break;
        default: out_ += c;
      }
    }
  }

  std::string& out_;
};

const AttributeList* parameterExtras(const AnnotationParameters& p, std::string_view element) {
  for (const auto& [name, list] : p.extraAttributes)
    if (name == element) return &list;
  return nullptr;
}

// The node table grouped by tree (a counting sort: the table itself is unordered).
struct NodesByTree {
  std::vector<const Node*> ordered;
  std::vector<std::size_t> start;  // nodes of tree position i: ordered[start[i] .. start[i + 1])

  explicit NodesByTree(const Skeleton& sk) : ordered(sk.nodeCount()), start(sk.trees().size() + 1, 0) {
    const auto& trees = sk.trees();
    std::unordered_map<TreeId, std::size_t> position;
    position.reserve(trees.size());
    for (std::size_t i = 0; i < trees.size(); ++i) {
      position.emplace(trees[i].id, i);
      start[i + 1] = start[i] + trees[i].nodeCount;
    }
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (const Node& n : sk.nodes()) ordered[fill[position.at(n.treeId)]++] = &n;
  }
};

class NmlSerializer {
 public:
  NmlSerializer(const Skeleton& sk, const NmlWriteOptions& options, std::string& out)
      : sk_(sk), opt_(options), knossos_(options.flavor == NmlFlavor::Knossos), x_(out), out_(out) {}

  // <?xml?>, <things>, <meta>, <parameters>
  void head() {
    out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<things>\n";
    if (!knossos_)
      for (const MetaEntry& m : sk_.meta) {
        x_.open(1, "meta");
        x_.attr("name", m.name);
        x_.attr("content", m.content);
        x_.endEmpty();
      }
    parameters();
  }

  // The <thing>s at tree positions [first, end).
  void things(const NodesByTree& nodes, std::size_t first, std::size_t end) {
    for (std::size_t i = first; i < end; ++i) thing(sk_.trees()[i], nodes, i);
  }

  // Everything after the trees, and </things>.
  void tail() {
    if (knossos_) {
      comments();
      branchPoints();
    } else {
      branchPoints();
      comments();
      groups();
      for (const VolumeLayerRef& v : sk_.volumes) volume(v);
    }
    for (const XmlElement& e : sk_.extraElements) x_.element(1, e);
    out_ += "</things>\n";
  }

 private:
  void extras(std::string_view element) {
    if (const AttributeList* list = parameterExtras(sk_.parameters, element)) x_.attrs(*list);
  }

  void vec3(std::string_view element, const Vec3d& v, double shift, std::string_view nx = "x", std::string_view ny = "y",
            std::string_view nz = "z", bool forceFraction = false) {
    x_.open(2, element);
    x_.attrReal(nx, v.x + shift, forceFraction);
    x_.attrReal(ny, v.y + shift, forceFraction);
    x_.attrReal(nz, v.z + shift, forceFraction);
    extras(element);
    x_.endEmpty();
  }

  void boxAttrs(const Box3i& b) {
    x_.attrInt("topLeftX", b.min.x);
    x_.attrInt("topLeftY", b.min.y);
    x_.attrInt("topLeftZ", b.min.z);
    x_.attrInt("width", b.size.x);
    x_.attrInt("height", b.size.y);
    x_.attrInt("depth", b.size.z);
  }

  void color(const std::optional<Rgba>& c) {
    if (c) {
      x_.attrReal("color.r", c->r);
      x_.attrReal("color.g", c->g);
      x_.attrReal("color.b", c->b);
      x_.attrReal("color.a", c->a);
    } else if (knossos_) {
      x_.attr("color.r", "-1.");
      x_.attr("color.g", "-1.");
      x_.attr("color.b", "-1.");
      x_.attr("color.a", "1.");
    }
  }

  void parameters() {
    const AnnotationParameters& p = sk_.parameters;
    double shift = knossos_ ? 1 : 0;
    x_.open(1, "parameters");
    x_.endOpen();
    x_.open(2, "experiment");
    x_.attr("name", p.datasetName);
    if (!knossos_) {
      if (!p.organization.empty()) x_.attr("organization", p.organization);
      if (!p.datasetId.empty()) x_.attr("datasetId", p.datasetId);
      x_.attr("description", p.description);
      if (!p.wkUrl.empty()) x_.attr("wkUrl", p.wkUrl);
    }
    extras("experiment");
    x_.endEmpty();
    if (knossos_ && !hasKnossosMarker()) {
      // Without any KNOSSOS element a reader would not know that the coordinates are 1-based.
      x_.open(2, "lastsavedin");
      x_.attr("version", "Skein");
      x_.endEmpty();
    }
    if (!knossos_ && hasKnossosMarker()) {
      // The KNOSSOS elements are kept, so say that these coordinates are 0-based.
      x_.emptyContainer(2, "nodes_0_based");
    }
    if (p.voxelSize) {
      x_.open(2, "scale");
      x_.attrReal("x", p.voxelSize->x);
      x_.attrReal("y", p.voxelSize->y);
      x_.attrReal("z", p.voxelSize->z);
      if (!p.voxelUnit.empty() && !knossos_) x_.attr("unit", p.voxelUnit);
      extras("scale");
      x_.endEmpty();
    }
    if (!knossos_) vec3("offset", p.offset, 0);
    x_.open(2, "time");
    x_.attrInt("ms", p.timeMs);
    extras("time");
    x_.endEmpty();
    vec3("editPosition", p.editPosition, shift);
    if (!knossos_) {
      vec3("editRotation", p.editRotation, 0, "xRot", "yRot", "zRot", true);
      x_.open(2, "zoomLevel");
      x_.attrReal("zoom", p.zoomLevel);
      extras("zoomLevel");
      x_.endEmpty();
    }
    if (sk_.activeNode) {
      x_.open(2, "activeNode");
      x_.attrInt("id", *sk_.activeNode);
      extras("activeNode");
      x_.endEmpty();
    }
    if (!knossos_) {
      for (const UserBoundingBox& b : sk_.userBoundingBoxes) {
        x_.open(2, "userBoundingBox");
        x_.attrInt("id", b.id);
        x_.attr("name", b.name);
        x_.attrBool("isVisible", b.visible);
        color(b.color);
        boxAttrs(b.box);
        x_.attrs(b.extraAttributes);
        x_.endEmpty();
      }
      if (p.taskBoundingBox) {
        x_.open(2, "taskBoundingBox");
        boxAttrs(*p.taskBoundingBox);
        extras("taskBoundingBox");
        x_.endEmpty();
      }
    }
    for (const XmlElement& e : p.extraElements) x_.element(2, e);
    x_.close(1, "parameters");
  }

  bool hasKnossosMarker() const {
    for (const XmlElement& e : sk_.parameters.extraElements)
      if (isKnossosParameterElement(e.name)) return true;
    return false;
  }

  void thing(const Tree& t, const NodesByTree& nodes, std::size_t i) {
    {
      thingStart(t);
      if (t.nodeCount == 0) {
        x_.emptyContainer(2, "nodes");
      } else {
        x_.open(2, "nodes");
        x_.endOpen();
        for (std::size_t k = nodes.start[i]; k < nodes.start[i + 1]; ++k) node(*nodes.ordered[k]);
        x_.close(2, "nodes");
      }
      if (t.edges.empty()) {
        x_.emptyContainer(2, "edges");
      } else {
        x_.open(2, "edges");
        x_.endOpen();
        for (const Edge& e : t.edges) {
          x_.open(3, "edge");
          x_.attrInt("source", e.source);
          x_.attrInt("target", e.target);
          if (!sk_.allEdgeExtraAttributes().empty())
            if (const AttributeList* extra = sk_.edgeExtraAttributes(e)) x_.attrs(*extra);
          x_.endEmpty();
        }
        x_.close(2, "edges");
      }
      if (!knossos_ && !t.props.metadata.empty()) metadata(t.props.metadata);
      for (const XmlElement& e : t.props.extraElements) x_.element(2, e);
      x_.close(1, "thing");
    }
  }

  void thingStart(const Tree& t) {
    const TreeProperties& p = t.props;
    x_.open(1, "thing");
    x_.attrInt("id", t.id);
    color(p.color);
    if (knossos_) {
      x_.attrInt("visible", p.visible ? 1 : 0);
      x_.attr("comment", p.name);
    } else {
      x_.attr("name", p.name);
      if (p.groupId != kNoGroup) x_.attrInt("groupId", p.groupId);
      if (!p.type.empty()) x_.attr("type", p.type);
      x_.attrBool("isVisible", p.visible);
      if (!p.edgesVisible) x_.attrBool("edgesAreVisible", false);
    }
    for (const Attribute& a : p.extraAttributes)
      if (!(knossos_ && a.name == "comment")) x_.attr(a.name, a.value);  // KNOSSOS uses comment for the name
    x_.endOpen();
  }

  void node(const Node& n) {
    bool all = opt_.writeDefaultNodeAttributes;
    double shift = knossos_ ? 1 : 0;
    x_.open(3, "node");
    x_.attrInt("id", n.id);
    x_.attrFloat("radius", n.radius);
    x_.attrReal("x", n.position.x + shift, false);
    x_.attrReal("y", n.position.y + shift, false);
    x_.attrReal("z", n.position.z + shift, false);
    if (!knossos_) {
      static constexpr std::string_view kRot[3] = {"rotX", "rotY", "rotZ"};
      for (std::size_t i = 0; i < 3; ++i)
        if (all || n.rotation[i] != 0) x_.attrFloat(kRot[i], n.rotation[i]);
    }
    if (all || knossos_ || n.viewport != 0) x_.attrInt("inVp", n.viewport);
    if (all || knossos_ || n.mag != 0) x_.attrInt("inMag", n.mag);
    if (!knossos_) {
      if (all || n.bitDepth != 0) x_.attrInt("bitDepth", n.bitDepth);
      if (all || n.interpolation) x_.attrBool("interpolation", n.interpolation);
    }
    if (all || knossos_ || n.time != 0) x_.attrInt("time", n.time);
    if (!sk_.allNodeExtraAttributes().empty())
      if (const AttributeList* extra = sk_.nodeExtraAttributes(n.id)) x_.attrs(*extra);
    x_.endEmpty();
  }

  void metadata(const std::vector<MetadataEntry>& entries) {
    x_.open(2, "metadata");
    x_.endOpen();
    for (const MetadataEntry& m : entries) {
      x_.open(3, "metadataEntry");
      x_.attr("key", m.key);
      if (const auto* s = std::get_if<std::string>(&m.value)) x_.attr("stringValue", *s);
      if (const auto* d = std::get_if<double>(&m.value)) x_.attrReal("numberValue", *d, false);
      if (const auto* b = std::get_if<bool>(&m.value)) x_.attrBool("boolValue", *b);
      if (const auto* list = std::get_if<std::vector<std::string>>(&m.value))
        for (std::size_t i = 0; i < list->size(); ++i) x_.attr("stringListValue-" + std::to_string(i), (*list)[i]);
      x_.endEmpty();
    }
    x_.close(2, "metadata");
  }

  void branchPoints() {
    if (sk_.branchPoints.empty()) return x_.emptyContainer(1, "branchpoints");
    x_.open(1, "branchpoints");
    x_.endOpen();
    for (const BranchPoint& b : sk_.branchPoints) {
      x_.open(2, "branchpoint");
      x_.attrInt("id", b.node);
      if (!knossos_) x_.attrInt("time", b.time);
      x_.attrs(b.extraAttributes);
      x_.endEmpty();
    }
    x_.close(1, "branchpoints");
  }

  void comments() {
    if (sk_.comments.empty()) return x_.emptyContainer(1, "comments");
    x_.open(1, "comments");
    x_.endOpen();
    for (const Comment& c : sk_.comments) {
      x_.open(2, "comment");
      x_.attrInt("node", c.node);
      x_.attr("content", c.content);
      x_.attrs(c.extraAttributes);
      x_.endEmpty();
    }
    x_.close(1, "comments");
  }

  void groups() {
    if (sk_.groups.empty()) return x_.emptyContainer(1, "groups");
    x_.open(1, "groups");
    x_.endOpen();
    std::unordered_map<GroupId, std::vector<const TreeGroup*>> children;
    for (const TreeGroup& g : sk_.groups) children[g.parent].push_back(&g);
    for (const TreeGroup* g : children[kNoGroup]) group(*g, children, 2);
    x_.close(1, "groups");
  }

  void group(const TreeGroup& g, std::unordered_map<GroupId, std::vector<const TreeGroup*>>& children, int depth) {
    x_.open(depth, "group");
    x_.attr("name", g.name);
    x_.attrInt("id", g.id);
    x_.attrBool("isExpanded", g.expanded);
    x_.attrs(g.extraAttributes);
    auto it = children.find(g.id);
    if (it == children.end() || it->second.empty() || depth > 1000) {
      x_.endEmpty();
      return;
    }
    x_.endOpen();
    for (const TreeGroup* c : it->second) group(*c, children, depth + 1);
    x_.close(depth, "group");
  }

  void volume(const VolumeLayerRef& v) {
    x_.open(1, "volume");
    x_.attrInt("id", v.id);
    x_.attr("name", v.name);
    if (!v.location.empty()) x_.attr("location", v.location);
    if (!v.format.empty()) x_.attr("format", v.format);
    if (!v.fallbackLayer.empty()) x_.attr("fallbackLayer", v.fallbackLayer);
    if (v.largestSegmentId) x_.attr("largestSegmentId", std::to_string(*v.largestSegmentId));
    x_.attrs(v.extraAttributes);
    if (v.children.empty()) {
      x_.endEmpty();
      return;
    }
    x_.endOpen();
    for (const XmlElement& e : v.children) x_.element(2, e);
    x_.close(1, "volume");
  }

  const Skeleton& sk_;
  const NmlWriteOptions& opt_;
  bool knossos_;
  XmlOut x_;
  std::string& out_;
};

// The document in pieces: head, the trees split into ranges serialised in parallel, tail.
std::vector<std::string> serialize(const Skeleton& sk, const NmlWriteOptions& options) {
  constexpr std::size_t kParallelNodes = 200000;
  NodesByTree nodes(sk);
  std::size_t threads = sk.nodeCount() < kParallelNodes ? 1 : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
  // Tree ranges of about equal size.
  std::vector<std::size_t> bounds{0};
  std::size_t total = sk.nodeCount() + sk.edgeCount(), done = 0;
  for (std::size_t i = 0; i < sk.trees().size(); ++i) {
    done += sk.trees()[i].nodeCount + sk.trees()[i].edges.size();
    if (bounds.size() < threads && done * threads >= total * bounds.size()) bounds.push_back(i + 1);
  }
  if (bounds.back() != sk.trees().size()) bounds.push_back(sk.trees().size());
  std::size_t ranges = bounds.size() - 1;
  std::vector<std::string> pieces(ranges + 2);
  NmlSerializer(sk, options, pieces.front()).head();
  auto serializeRange = [&](std::size_t r) {
    std::size_t n = nodes.start[bounds[r + 1]] - nodes.start[bounds[r]];
    std::size_t e = 0;
    for (std::size_t i = bounds[r]; i < bounds[r + 1]; ++i) e += sk.trees()[i].edges.size();
    std::string& out = pieces[r + 1];
    out.reserve(256 * (bounds[r + 1] - bounds[r]) + 140 * n + 56 * e);
    NmlSerializer(sk, options, out).things(nodes, bounds[r], bounds[r + 1]);
  };
  std::vector<std::thread> workers;
  for (std::size_t r = 1; r < ranges; ++r) workers.emplace_back(serializeRange, r);
  if (ranges > 0) serializeRange(0);
  for (std::thread& w : workers) w.join();
  NmlSerializer(sk, options, pieces.back()).tail();
  return pieces;
}

}  // namespace

std::string writeNml(const Skeleton& skeleton, const NmlWriteOptions& options) {
  std::vector<std::string> pieces = serialize(skeleton, options);
  std::size_t size = 0;
  for (const std::string& p : pieces) size += p.size();
  std::string out;
  out.reserve(size);
  for (const std::string& p : pieces) out += p;
  return out;
}

Status writeNmlFile(const std::string& path, const Skeleton& skeleton, const NmlWriteOptions& options) {
  std::vector<std::string> pieces = serialize(skeleton, options);
  std::vector<std::string_view> views(pieces.begin(), pieces.end());
  return writeFileAtomically(path, views);
}

}  // namespace skein::skeleton
