#pragma once
// Plain records of the skeleton model (webKnossos/KNOSSOS NML vocabulary). The tables that hold
// them, and keep ids and the spatial index consistent, live in Skeleton.h.
//
// Node is deliberately tight (64 bytes): a traced annotation can hold millions of nodes.
// Rarely used data (unknown attributes of a node or edge) is stored sparsely in Skeleton.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/base/Vec3.h"

namespace skein::skeleton {

using NodeId = std::int32_t;
using TreeId = std::int32_t;
using GroupId = std::int32_t;
inline constexpr GroupId kNoGroup = -1;

// An XML attribute kept verbatim because the model has no field for it.
struct Attribute {
  std::string name;
  std::string value;
  friend bool operator==(const Attribute&, const Attribute&) = default;
};
using AttributeList = std::vector<Attribute>;

// An XML element the model does not understand, kept verbatim (with its subtree) so that a
// read -> write round trip loses nothing. Comments and processing instructions are not kept.
struct XmlElement {
  std::string name;
  AttributeList attributes;
  std::vector<XmlElement> children;
  std::string text;  // concatenated character data, whitespace-only text dropped
  friend bool operator==(const XmlElement&, const XmlElement&) = default;
};

struct Rgba {
  double r = 1, g = 0, b = 0, a = 1;
  friend bool operator==(const Rgba&, const Rgba&) = default;
};

struct Node {
  Vec3d position;                       // mag-1 voxels, 0-based (fractional values are kept)
  std::int64_t time = 0;                // creation time, ms since the epoch
  NodeId id = 0;
  TreeId treeId = 0;
  float radius = 1.0f;
  std::array<float, 3> rotation{};      // degrees (rotX, rotY, rotZ)
  std::int16_t mag = 0;                 // inMag: magnification (zoom step) when created
  std::int8_t viewport = 0;             // inVp: viewport in which it was created
  std::uint8_t bitDepth = 0;
  bool interpolation = false;
  friend bool operator==(const Node&, const Node&) = default;
};

struct Edge {
  NodeId source = 0;
  NodeId target = 0;
  friend bool operator==(const Edge&, const Edge&) = default;
};

// Typed tree metadata (webKnossos <metadataEntry>): exactly one of string, number, bool or list.
using MetadataValue = std::variant<std::string, double, bool, std::vector<std::string>>;
struct MetadataEntry {
  std::string key;
  MetadataValue value;
  friend bool operator==(const MetadataEntry&, const MetadataEntry&) = default;
};

// The editable properties of a tree, without its nodes and edges.
struct TreeProperties {
  std::string name;
  std::optional<Rgba> color;            // empty: the application's default colour
  GroupId groupId = kNoGroup;
  std::string type;                     // "DEFAULT", "AGGLOMERATE" or empty (not written)
  bool visible = true;
  bool edgesVisible = true;
  std::vector<MetadataEntry> metadata;
  AttributeList extraAttributes;
  std::vector<XmlElement> extraElements;
  friend bool operator==(const TreeProperties&, const TreeProperties&) = default;
};

struct Tree {
  TreeId id = 0;
  TreeProperties props;
  std::vector<Edge> edges;     // both ends belong to this tree
  std::size_t nodeCount = 0;   // the nodes are those whose treeId is this tree's id
  friend bool operator==(const Tree&, const Tree&) = default;
};

// Tree groups form a forest; stored flat. Children keep the relative order of the table.
struct TreeGroup {
  GroupId id = 0;
  std::string name;
  GroupId parent = kNoGroup;
  bool expanded = true;
  AttributeList extraAttributes;
  friend bool operator==(const TreeGroup&, const TreeGroup&) = default;
};

struct Comment {
  NodeId node = 0;
  std::string content;
  AttributeList extraAttributes;
  friend bool operator==(const Comment&, const Comment&) = default;
};

struct BranchPoint {
  NodeId node = 0;
  std::int64_t time = 0;
  AttributeList extraAttributes;
  friend bool operator==(const BranchPoint&, const BranchPoint&) = default;
};

struct UserBoundingBox {
  std::int32_t id = 0;
  std::string name;
  bool visible = true;
  std::optional<Rgba> color;
  Box3i box;  // mag-1 voxels: topLeft and width/height/depth
  AttributeList extraAttributes;
  friend bool operator==(const UserBoundingBox&, const UserBoundingBox&) = default;
};

struct MetaEntry {  // <meta name content/>
  std::string name;
  std::string content;
  friend bool operator==(const MetaEntry&, const MetaEntry&) = default;
};

// A reference to a volume annotation layer (<volume>): the data itself lives in a data zip inside
// the annotation zip. Segments and segment groups are kept verbatim in `children`.
struct VolumeLayerRef {
  std::int32_t id = 0;
  std::string name;
  std::string location;       // data zip file name inside the annotation zip
  std::string format;         // "wkw", "zarr3" or empty
  std::string fallbackLayer;
  std::optional<std::uint64_t> largestSegmentId;
  AttributeList extraAttributes;  // mappingName, mappingIsLocked and anything unknown
  std::vector<XmlElement> children;
  friend bool operator==(const VolumeLayerRef&, const VolumeLayerRef&) = default;
};

// <parameters>: where the annotation lives and how it was last viewed.
struct AnnotationParameters {
  std::string datasetName;        // experiment@name
  std::string organization;
  std::string datasetId;
  std::string description;
  std::string wkUrl;
  std::optional<Vec3d> voxelSize;  // scale x/y/z; absent when unknown
  std::string voxelUnit;           // scale@unit, e.g. "nanometer"
  Vec3d offset;
  std::int64_t timeMs = 0;
  Vec3d editPosition;
  Vec3d editRotation;
  double zoomLevel = 1.0;
  std::optional<Box3i> taskBoundingBox;
  // Unknown attributes of known parameter elements, keyed by element name ("time" -> checksum).
  std::vector<std::pair<std::string, AttributeList>> extraAttributes;
  // Unknown children of <parameters> (KNOSSOS extras, additionalAxes, transform, ...).
  std::vector<XmlElement> extraElements;
  friend bool operator==(const AnnotationParameters&, const AnnotationParameters&) = default;
};

}  // namespace skein::skeleton
