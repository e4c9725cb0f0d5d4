#include "core/skeleton/NmlReader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <thread>
#include <unordered_set>

#include "core/skeleton/NmlHandler.h"

namespace skein::skeleton {

namespace {

using nml::NmlHandler;
using nml::ParsedPart;
using nml::PendingCheck;

constexpr std::size_t kParallelThreshold = 8u << 20;  // smaller inputs parse fast enough on one core
constexpr std::size_t kFeedChunk = 64u << 20;          // XML_Parse takes an int length
constexpr std::size_t kBytesPerNodeEstimate = 120;
constexpr std::string_view kSyntheticRoot = "<things>";

struct ParserDeleter {
  void operator()(XML_ParserStruct* p) const { XML_ParserFree(p); }
};
using ParserPtr = std::unique_ptr<XML_ParserStruct, ParserDeleter>;

std::string sourceLabel(const NmlReadOptions& o) { return o.sourceName.empty() ? "NML" : o.sourceName; }

bool feed(XML_Parser p, std::string_view bytes, bool isFinal) {
  do {
    std::size_t n = std::min(bytes.size(), kFeedChunk);
    bool last = n == bytes.size();
    if (XML_Parse(p, bytes.data(), static_cast<int>(n), isFinal && last) != XML_STATUS_OK) return false;
    bytes.remove_prefix(n);
  } while (!bytes.empty());
  return true;
}

// Parses `slice` (optionally after a synthetic root start tag) into a ParsedPart.
void parsePart(std::string_view slice, bool syntheticRoot, bool isFinal, const std::string& source, ParsedPart& part) {
  ParserPtr parser(XML_ParserCreate(nullptr));
  if (!parser) {
    part.error = makeError(ErrorCode::Internal, "cannot create an XML parser");
    return;
  }
  NmlHandler handler(parser.get(), source, part, slice.size() / kBytesPerNodeEstimate);
  handler.attach();
  bool ok = (!syntheticRoot || feed(parser.get(), kSyntheticRoot, false)) && feed(parser.get(), slice, isFinal);
  if (!ok) handler.recordExpatError();
}

bool isXmlSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Parallel parsing only handles UTF-8 (the slices after the first are parsed without the prolog).
bool declaresUtf8(std::string_view bytes) {
  if (bytes.size() >= 2 && (static_cast<unsigned char>(bytes[0]) >= 0xFE || bytes[0] == 0 || bytes[1] == 0)) return false;
  if (bytes.substr(0, 5) != "<?xml") return true;
  std::string_view decl = bytes.substr(0, bytes.find("?>"));
  auto at = decl.find("encoding");
  if (at == std::string_view::npos) return true;
  std::string value;
  for (char c : decl.substr(at + 8)) {
    if (c == '=' || c == '"' || c == '\'' || isXmlSpace(c)) {
      if (!value.empty()) break;
      continue;
    }
    value += static_cast<char>(c | 0x20);
  }
  return value == "utf-8" || value == "utf8" || value == "us-ascii";
}

// Candidate split points: the start of a "<thing" tag near each of the `parts` - 1 equal cuts.
std::vector<std::size_t> findSplits(std::string_view bytes, std::size_t parts) {
  std::vector<std::size_t> splits{0};
  for (std::size_t i = 1; i < parts; ++i) {
    std::size_t from = std::max(splits.back() + 1, bytes.size() * i / parts);
    for (std::size_t at = bytes.find("<thing", from); at != std::string_view::npos; at = bytes.find("<thing", at + 1)) {
      char next = at + 6 < bytes.size() ? bytes[at + 6] : '\0';
      if (isXmlSpace(next) || next == '>' || next == '/') {
        splits.push_back(at);
        break;
      }
    }
    if (splits.size() != i + 1) break;
  }
  return splits;
}

// Appends a later slice's model to the first one's. False when the slices conflict (duplicate
// ids, parameters in both): the caller then re-parses sequentially for an exact error.
bool absorb(ParsedPart& base, ParsedPart&& part) {
  Skeleton& a = base.skeleton;
  Skeleton& b = part.skeleton;
  if (part.sawParameters) {
    if (base.sawParameters) return false;
    a.parameters = std::move(b.parameters);
    a.activeNode = b.activeNode;
    a.userBoundingBoxes = std::move(b.userBoundingBoxes);
    base.sawParameters = true;
  }
  for (PendingCheck c : part.pending) {
    if (c.kind == PendingCheck::Kind::CommentNode) c.index += a.comments.size();
    if (c.kind == PendingCheck::Kind::BranchPointNode) c.index += a.branchPoints.size();
    if (c.kind == PendingCheck::Kind::TreeGroup) c.index += a.trees().size();
    base.pending.push_back(c);
  }
  for (const Tree& t : b.trees())
    if (!a.addTree(t.id, t.props).ok()) return false;
  a.reserveNodes(a.nodeCount() + b.nodeCount());
  for (const Node& n : b.nodes()) {
    const AttributeList* extra = b.nodeExtraAttributes(n.id);
    if (!a.addNode(n, extra ? *extra : AttributeList{}).ok()) return false;
  }
  for (const Tree& t : b.trees()) a.adoptTreeEdges(t.id, t.edges);
  for (const auto& [edge, attrs] : b.allEdgeExtraAttributes()) a.setEdgeExtraAttributes(edge, attrs);
  std::unordered_set<GroupId> groupIds;
  for (const TreeGroup& g : a.groups) groupIds.insert(g.id);
  for (TreeGroup& g : b.groups)
    if (!groupIds.insert(g.id).second) return false;
  auto append = [](auto& to, auto& from) { to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end())); };
  append(a.groups, b.groups);
  append(a.comments, b.comments);
  append(a.branchPoints, b.branchPoints);
  append(a.meta, b.meta);
  append(a.volumes, b.volumes);
  append(a.extraElements, b.extraElements);
  append(base.warnings, part.warnings);
  base.sawKnossosMarker |= part.sawKnossosMarker;
  base.zeroBasedFlag |= part.zeroBasedFlag;
  return true;
}

std::optional<ParsedPart> parseParallel(std::string_view bytes, const std::vector<std::size_t>& splits,
                                        const std::string& source) {
  std::size_t n = splits.size();
  std::vector<ParsedPart> parts(n);
  auto sliceOf = [&](std::size_t i) {
    std::size_t end = i + 1 < n ? splits[i + 1] : bytes.size();
    return bytes.substr(splits[i], end - splits[i]);
  };
  std::vector<std::thread> workers;
  for (std::size_t i = 1; i < n; ++i)
    workers.emplace_back([&, i] { parsePart(sliceOf(i), true, i + 1 == n, source, parts[i]); });
  parsePart(sliceOf(0), false, false, source, parts[0]);
  for (std::thread& w : workers) w.join();

  for (std::size_t i = 0; i < n; ++i) {
    if (parts[i].error) return std::nullopt;
    if (i + 1 == n) break;
    // A slice must end inside <things> right after a complete element, followed only by space;
    // then the next slice really starts with a top-level <thing>.
    std::uint64_t prefix = i == 0 ? 0 : kSyntheticRoot.size();
    std::string_view slice = sliceOf(i);
    if (parts[i].openDepth != 1 || parts[i].lastEventEnd < prefix || parts[i].lastEventEnd - prefix > slice.size())
      return std::nullopt;
    std::string_view tail = slice.substr(parts[i].lastEventEnd - prefix);
    if (!std::all_of(tail.begin(), tail.end(), isXmlSpace)) return std::nullopt;
  }
  for (std::size_t i = 1; i < n; ++i)
    if (!absorb(parts[0], std::move(parts[i]))) return std::nullopt;
  return std::move(parts[0]);
}

Error errorAt(const std::string& source, const nml::SourcePosition& p, const std::string& message) {
  return makeError(ErrorCode::InvalidData,
                   source + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + message);
}

// Cross-reference checks, flavour handling and index building on the complete model.
Result<NmlDocument> finish(ParsedPart&& part, const NmlReadOptions& options) {
  Skeleton& sk = part.skeleton;
  std::string source = sourceLabel(options);
  for (const PendingCheck& c : part.pending) {
    switch (c.kind) {
      case PendingCheck::Kind::CommentNode:
        if (!sk.hasNode(sk.comments[c.index].node))
          return errorAt(source, c.where, "comment refers to missing node " + std::to_string(sk.comments[c.index].node));
        break;
      case PendingCheck::Kind::BranchPointNode:
        if (!sk.hasNode(sk.branchPoints[c.index].node))
          return errorAt(source, c.where,
                         "branchpoint refers to missing node " + std::to_string(sk.branchPoints[c.index].node));
        break;
      case PendingCheck::Kind::TreeGroup: {
        const Tree& t = sk.trees()[c.index];
        if (!sk.group(t.props.groupId))
          return errorAt(source, c.where,
                         "thing " + std::to_string(t.id) + " refers to missing group " + std::to_string(t.props.groupId));
        break;
      }
    }
  }
  NmlDocument doc;
  doc.warnings = std::move(part.warnings);
  if (sk.activeNode && !sk.hasNode(*sk.activeNode)) {
    doc.warnings.push_back("the active node " + std::to_string(*sk.activeNode) + " does not exist; ignored");
    sk.activeNode.reset();
  }
  if (sk.activeNode) sk.activeTree = sk.node(*sk.activeNode)->treeId;
  doc.flavor = options.flavor.value_or(part.sawKnossosMarker ? NmlFlavor::Knossos : NmlFlavor::WebKnossos);
  if (doc.flavor == NmlFlavor::Knossos && !part.zeroBasedFlag) {
    sk.translateNodes({-1, -1, -1});
    Vec3d& e = sk.parameters.editPosition;
    e = {e.x - 1, e.y - 1, e.z - 1};
    doc.coordinatesShifted = true;
  }
  sk.rebuildSpatialIndex();
  sk.shrinkToFit();
  doc.skeleton = std::move(sk);
  return doc;
}

}  // namespace

Result<NmlDocument> readNml(std::string_view bytes, const NmlReadOptions& options) {
  std::string source = sourceLabel(options);
  if (options.allowParallel && bytes.size() >= kParallelThreshold && declaresUtf8(bytes)) {
    std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
    std::vector<std::size_t> splits = findSplits(bytes, threads);
    if (splits.size() > 1)
      if (std::optional<ParsedPart> merged = parseParallel(bytes, splits, source))
        return finish(std::move(*merged), options);
  }
  ParsedPart part;
  parsePart(bytes, false, true, source, part);
  if (part.error) return *part.error;
  return finish(std::move(part), options);
}

Result<NmlDocument> readNmlFile(const std::string& path, NmlReadOptions options) {
  if (options.sourceName.empty()) options.sourceName = path;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return makeError(ErrorCode::Io, "cannot open " + path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return makeError(ErrorCode::Io, "cannot read " + path + ": not a regular file");
  }
  auto size = static_cast<std::size_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    return readNml({}, options);
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return makeError(ErrorCode::Io, "cannot map " + path + ": " + std::strerror(errno));
  ::madvise(map, size, MADV_SEQUENTIAL);
  Result<NmlDocument> result = readNml({static_cast<const char*>(map), size}, options);
  ::munmap(map, size);
  return result;
}

}  // namespace skein::skeleton
