// <comments>, <branchpoints>, <groups> and <volume>.

#include <algorithm>
#include <charconv>
#include <limits>

#include "core/skeleton/NmlElementUtil.h"
#include "core/skeleton/NmlHandler.h"

namespace skein::skeleton::nml {

// ---- comments, branch points, groups ----

void NmlHandler::readComment(const char** a) {
  Comment c;
  bool hasNode = false;
  for (; *a; a += 2) {
    std::string_view k(a[0]);
    if (k == "node") {
      std::int64_t id = 0;
      if (!integer("comment", k.data(), a[1], id, 0, kInt32Max)) return;
      c.node = static_cast<NodeId>(id);
      hasNode = true;
    } else if (k == "content") {
      c.content = a[1];
    } else {
      c.extraAttributes.push_back({a[0], a[1]});
    }
  }
  if (!hasNode) {
    fail("<comment> is missing the required attribute node");
    return;
  }
  if (!sk_.hasNode(c.node)) out_.pending.push_back({PendingCheck::Kind::CommentNode, sk_.comments.size(), here()});
  sk_.comments.push_back(std::move(c));
}

void NmlHandler::readBranchPoint(const char** a) {
  BranchPoint b;
  bool hasId = false;
  for (; *a; a += 2) {
    std::string_view k(a[0]);
    if (k == "id") {
      std::int64_t id = 0;
      if (!integer("branchpoint", k.data(), a[1], id, 0, kInt32Max)) return;
      b.node = static_cast<NodeId>(id);
      hasId = true;
    } else if (k == "time") {
      if (!integer("branchpoint", k.data(), a[1], b.time, kInt64Min, kInt64Max)) return;
    } else {
      b.extraAttributes.push_back({a[0], a[1]});
    }
  }
  if (!hasId) {
    fail("<branchpoint> is missing the required attribute id");
    return;
  }
  if (!sk_.hasNode(b.node)) out_.pending.push_back({PendingCheck::Kind::BranchPointNode, sk_.branchPoints.size(), here()});
  sk_.branchPoints.push_back(std::move(b));
}

void NmlHandler::readGroup(const char** a) {
  TreeGroup g;
  g.parent = groupParents_.empty() ? kNoGroup : groupParents_.back();
  bool hasId = false;
  for (; *a; a += 2) {
    std::string_view k(a[0]);
    if (k == "id") {
      std::int64_t id = 0;
      if (!integer("group", k.data(), a[1], id, 0, kInt32Max)) return;
      g.id = static_cast<GroupId>(id);
      hasId = true;
    } else if (k == "name") {
      g.name = a[1];
    } else if (k == "isExpanded") {
      if (!boolean("group", k.data(), a[1], g.expanded)) return;
    } else {
      g.extraAttributes.push_back({a[0], a[1]});
    }
  }
  if (!hasId) {
    fail("<group> is missing the required attribute id");
    return;
  }
  if (!groupIds_.insert(g.id).second) {
    fail("duplicate group id " + std::to_string(g.id));
    return;
  }
  groupParents_.push_back(g.id);
  sk_.groups.push_back(std::move(g));
}

// ---- <volume> ----

void NmlHandler::startVolume(const char** a) {
  VolumeLayerRef v;
  for (; *a; a += 2) {
    std::string_view k(a[0]);
    if (k == "id") {
      std::int64_t id = 0;
      if (!integer("volume", k.data(), a[1], id, 0, kInt32Max)) return;
      v.id = static_cast<std::int32_t>(id);
    } else if (k == "name") {
      v.name = a[1];
    } else if (k == "location") {
      v.location = a[1];
    } else if (k == "format") {
      v.format = a[1];
    } else if (k == "fallbackLayer") {
      v.fallbackLayer = a[1];
    } else if (k == "largestSegmentId") {
      std::string_view s = trimmed(a[1]);
      std::uint64_t id = 0;
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
      if (ec != std::errc() || end != s.data() + s.size() || s.empty()) {
        fail("<volume> attribute largestSegmentId must be an unsigned 64-bit integer, got " + quoted(a[1]));
        return;
      }
      v.largestSegmentId = id;
    } else {
      v.extraAttributes.push_back({a[0], a[1]});
    }
  }
  sk_.volumes.push_back(std::move(v));
}

}  // namespace skein::skeleton::nml
