#pragma once
// Internal to the NML reader: the expat callbacks that turn a stream of elements into a Skeleton.
// One handler parses one document, or one slice of a document that was split at <thing>
// boundaries for parallel parsing (NmlReader.cpp merges the slices).

// Debian's expat is built with DTD support; declaring it exposes the billion-laughs limits.
#ifndef XML_DTD
#define XML_DTD
#endif
#include <expat.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/base/Result.h"
#include "core/skeleton/Skeleton.h"

namespace skein::skeleton::nml {

struct SourcePosition {
  std::uint64_t line = 0;
  std::uint64_t column = 0;
};

// A cross-reference that could not be checked when it was read (its target may come later).
struct PendingCheck {
  enum class Kind { CommentNode, BranchPointNode, TreeGroup } kind;
  std::size_t index;  // into comments / branchPoints / trees / groups
  SourcePosition where;
};

// What one parse (of a document or a slice) produced.
struct ParsedPart {
  Skeleton skeleton;
  std::vector<PendingCheck> pending;
  std::vector<std::string> warnings;
  bool sawParameters = false;
  bool sawKnossosMarker = false;  // KNOSSOS-only parameter elements (createdin, MovementArea, ...)
  bool zeroBasedFlag = false;     // <nodes_0_based/>
  std::optional<Error> error;
  // For slices: the byte offset just after the last element event, and the open element depth.
  std::uint64_t lastEventEnd = 0;
  std::size_t openDepth = 0;
};

class NmlHandler {
 public:
  NmlHandler(XML_Parser parser, std::string sourceName, ParsedPart& out, std::size_t expectedNodes);

  // Registers the callbacks and the security settings on the parser.
  void attach();
  // Records an expat error (syntax or a refused DTD) as the part's error.
  void recordExpatError();

  std::size_t depth() const { return stack_.size() + raw_.size(); }

 private:
  enum class Ctx : std::uint8_t {
    Things, Parameters, Thing, Nodes, Edges, Metadata, BranchPoints, Comments, Groups, Group, Volume, Leaf
  };

  static void XMLCALL onStart(void* self, const XML_Char* name, const XML_Char** attrs);
  static void XMLCALL onEnd(void* self, const XML_Char* name);
  static void XMLCALL onText(void* self, const XML_Char* text, int length);
  static void XMLCALL onDoctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int);
  static void XMLCALL onEntityDecl(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                                   const XML_Char*, const XML_Char*, const XML_Char*);

  void start(std::string_view name, const char** attrs);
  void end();
  void noteEventEnd();

  void startInThings(std::string_view name, const char** attrs);
  void startParameter(std::string_view name, const char** attrs);
  void startThing(const char** attrs);
  void endThing();
  void readNode(const char** attrs);
  void readEdge(const char** attrs);
  void readMetadataEntry(const char** attrs);
  void readComment(const char** attrs);
  void readBranchPoint(const char** attrs);
  void readGroup(const char** attrs);
  void readMeta(const char** attrs);
  void readUserBoundingBox(const char** attrs);
  void startVolume(const char** attrs);

  void startRaw(std::string_view name, const char** attrs);
  void endRaw();
  std::vector<XmlElement>* rawSink();

  // Attribute helpers: each reports an error (and returns false) for a malformed value.
  // (Names are NUL-terminated C strings so that the hot path never measures them.)
  bool integer(const char* element, const char* attr, const char* value, std::int64_t& out, std::int64_t lo,
               std::int64_t hi);
  bool real(const char* element, const char* attr, const char* value, double& out, double limit);
  bool boolean(const char* element, const char* attr, const char* value, bool& out);
  bool box(std::string_view element, const char** attrs, Box3i& out, AttributeList* extra);

  void fail(std::string message);
  SourcePosition here() const;

  XML_Parser parser_;
  std::string source_;
  ParsedPart& out_;
  Skeleton& sk_;
  std::vector<Ctx> stack_;
  std::vector<XmlElement> raw_;            // unknown subtree being captured
  std::vector<XmlElement>* rawTarget_ = nullptr;
  std::vector<GroupId> groupParents_;
  std::unordered_set<GroupId> groupIds_;

  // The <thing> being read.
  TreeId tree_ = 0;
  TreeProperties treeProps_;
  std::vector<Edge> edges_;
  std::vector<std::pair<Edge, AttributeList>> edgeExtras_;
  std::vector<NodeId> thingNodes_;  // ids of this thing's nodes: edges are checked against them
  std::vector<std::uint64_t> scratch_;
};

}  // namespace skein::skeleton::nml
