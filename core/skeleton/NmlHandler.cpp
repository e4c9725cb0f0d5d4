#include "core/skeleton/NmlHandler.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/skeleton/NmlElementUtil.h"
#include "core/skeleton/NmlFlavor.h"

namespace skein::skeleton::nml {

NmlHandler::NmlHandler(XML_Parser parser, std::string sourceName, ParsedPart& out, std::size_t expectedNodes)
    : parser_(parser), source_(std::move(sourceName)), out_(out), sk_(out.skeleton) {
  sk_.suspendSpatialIndex();
  sk_.reserveNodes(expectedNodes);
  stack_.reserve(16);
}

void NmlHandler::attach() {
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, &NmlHandler::onStart, &NmlHandler::onEnd);
  // Entities: no DTD is accepted at all, parameter entities are never parsed and expansion is
  // capped, so neither "billion laughs" nor external entities (XXE) can be used.
  XML_SetStartDoctypeDeclHandler(parser_, &NmlHandler::onDoctype);
  XML_SetEntityDeclHandler(parser_, &NmlHandler::onEntityDecl);
  XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
#if XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 4)  // added in 2.4.0
  XML_SetBillionLaughsAttackProtectionMaximumAmplification(parser_, 10.0f);
  XML_SetBillionLaughsAttackProtectionActivationThreshold(parser_, 1u << 20);
#endif
}

// ---- expat trampolines ----

void XMLCALL NmlHandler::onStart(void* self, const XML_Char* name, const XML_Char** attrs) {
  auto* h = static_cast<NmlHandler*>(self);
  if (h->out_.error) return;
  h->start(name, attrs);
  h->noteEventEnd();
}

void XMLCALL NmlHandler::onEnd(void* self, const XML_Char*) {
  auto* h = static_cast<NmlHandler*>(self);
  if (h->out_.error) return;
  h->end();
  h->noteEventEnd();
}

void XMLCALL NmlHandler::onText(void* self, const XML_Char* text, int length) {
  auto* h = static_cast<NmlHandler*>(self);
  if (h->out_.error || h->raw_.empty()) return;
  h->raw_.back().text.append(text, static_cast<std::size_t>(length));
}

void XMLCALL NmlHandler::onDoctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<NmlHandler*>(self)->fail("document type declarations (<!DOCTYPE ...>) are not allowed in NML");
}

void XMLCALL NmlHandler::onEntityDecl(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                                      const XML_Char*, const XML_Char*, const XML_Char*) {
  static_cast<NmlHandler*>(self)->fail("entity declarations are not allowed in NML");
}

void NmlHandler::noteEventEnd() {
  auto index = XML_GetCurrentByteIndex(parser_);
  if (index < 0) return;
  out_.lastEventEnd = std::max<std::uint64_t>(out_.lastEventEnd,
                                              static_cast<std::uint64_t>(index + XML_GetCurrentByteCount(parser_)));
  out_.openDepth = depth();
}

// ---- errors ----

SourcePosition NmlHandler::here() const {
  return {static_cast<std::uint64_t>(XML_GetCurrentLineNumber(parser_)),
          static_cast<std::uint64_t>(XML_GetCurrentColumnNumber(parser_)) + 1};
}

void NmlHandler::fail(std::string message) {
  if (out_.error) return;
  SourcePosition p = here();
  out_.error = makeError(ErrorCode::InvalidData, (source_.empty() ? std::string("NML") : source_) + ":" +
                                                     std::to_string(p.line) + ":" + std::to_string(p.column) + ": " +
                                                     message);
  XML_StopParser(parser_, XML_FALSE);
}

void NmlHandler::recordExpatError() {
  if (out_.error) return;
  SourcePosition p = here();
  out_.error = makeError(ErrorCode::InvalidData,
                         (source_.empty() ? std::string("NML") : source_) + ":" + std::to_string(p.line) + ":" +
                             std::to_string(p.column) + ": malformed XML: " + XML_ErrorString(XML_GetErrorCode(parser_)));
}

bool NmlHandler::integer(const char* element, const char* attr, const char* value, std::int64_t& out,
                         std::int64_t lo, std::int64_t hi) {
  if (parseIntegerZ(value, out, lo, hi)) return true;
  fail(tag(element) + " attribute " + attr + " must be an integer in [" +
       std::to_string(lo) + ", " + std::to_string(hi) + "], got " + quoted(value));
  return false;
}

bool NmlHandler::real(const char* element, const char* attr, const char* value, double& out, double limit) {
  if (parseDoubleZ(value, out) && std::isfinite(out) && std::abs(out) <= limit) return true;
  fail(tag(element) + " attribute " + attr + " must be a finite number of magnitude <= " +
       std::to_string(static_cast<std::int64_t>(std::min(limit, 9.2e18))) + ", got " + quoted(value));
  return false;
}

bool NmlHandler::boolean(const char* element, const char* attr, const char* value, bool& out) {
  if (parseBool(value, out)) return true;
  fail(tag(element) + " attribute " + attr + " must be true or false, got " + quoted(value));
  return false;
}

// ---- element dispatch ----

void NmlHandler::start(std::string_view name, const char** attrs) {
  if (!raw_.empty()) {
    startRaw(name, attrs);
    return;
  }
  if (stack_.empty()) {
    if (name != "things") {
      fail("expected the root element <things>, found <" + std::string(name) + ">");
      return;
    }
    stack_.push_back(Ctx::Things);
    return;
  }
  switch (stack_.back()) {
    case Ctx::Things:
      startInThings(name, attrs);
      return;
    case Ctx::Parameters:
      startParameter(name, attrs);
      return;
    case Ctx::Thing:
      if (name == "nodes") {
        stack_.push_back(Ctx::Nodes);
      } else if (name == "edges") {
        stack_.push_back(Ctx::Edges);
      } else if (name == "metadata") {
        stack_.push_back(Ctx::Metadata);
      } else {
        startRaw(name, attrs);
      }
      return;
    case Ctx::Nodes:
      if (name == "node") {
        stack_.push_back(Ctx::Leaf);
        readNode(attrs);
      } else {
        startRaw(name, attrs);
      }
      return;
    case Ctx::Edges:
      if (name == "edge") {
        stack_.push_back(Ctx::Leaf);
        readEdge(attrs);
      } else {
        startRaw(name, attrs);
      }
      return;
    case Ctx::Metadata:
      if (name == "metadataEntry") {
        stack_.push_back(Ctx::Leaf);
        readMetadataEntry(attrs);
      } else {
        startRaw(name, attrs);
      }
      return;
    case Ctx::Comments:
      if (name == "comment") {
        stack_.push_back(Ctx::Leaf);
        readComment(attrs);
      } else {
        startRaw(name, attrs);
      }
      return;
    case Ctx::BranchPoints:
      if (name == "branchpoint") {
        stack_.push_back(Ctx::Leaf);
        readBranchPoint(attrs);
      } else {
        startRaw(name, attrs);
      }
      return;
    case Ctx::Groups:
    case Ctx::Group:
      if (name == "group") {
        readGroup(attrs);
        stack_.push_back(Ctx::Group);
      } else {
        startRaw(name, attrs);
      }
      return;
    case Ctx::Volume:
    case Ctx::Leaf:
      startRaw(name, attrs);
      return;
  }
}

void NmlHandler::end() {
  if (!raw_.empty()) {
    endRaw();
    return;
  }
  if (stack_.empty()) return;
  Ctx closing = stack_.back();
  stack_.pop_back();
  if (closing == Ctx::Thing) endThing();
  if (closing == Ctx::Group && !groupParents_.empty()) groupParents_.pop_back();
}

void NmlHandler::startInThings(std::string_view name, const char** attrs) {
  if (name == "thing") {
    stack_.push_back(Ctx::Thing);
    startThing(attrs);
  } else if (name == "parameters") {
    out_.sawParameters = true;
    stack_.push_back(Ctx::Parameters);
  } else if (name == "comments") {
    stack_.push_back(Ctx::Comments);
  } else if (name == "branchpoints") {
    stack_.push_back(Ctx::BranchPoints);
  } else if (name == "groups") {
    stack_.push_back(Ctx::Groups);
  } else if (name == "meta") {
    stack_.push_back(Ctx::Leaf);
    readMeta(attrs);
  } else if (name == "volume") {
    stack_.push_back(Ctx::Volume);
    startVolume(attrs);
  } else {
    if (name == "properties") out_.sawKnossosMarker = true;
    startRaw(name, attrs);
  }
}

// ---- unknown elements ----

std::vector<XmlElement>* NmlHandler::rawSink() {
  for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
    switch (*it) {
      case Ctx::Thing: return &treeProps_.extraElements;
      case Ctx::Volume: return &sk_.volumes.back().children;
      case Ctx::Parameters: return &sk_.parameters.extraElements;
      case Ctx::Things: return &sk_.extraElements;
      default: break;
    }
  }
  return &sk_.extraElements;
}

void NmlHandler::startRaw(std::string_view name, const char** attrs) {
  if (raw_.empty()) {
    rawTarget_ = rawSink();
    XML_SetCharacterDataHandler(parser_, &NmlHandler::onText);
  }
  XmlElement e;
  e.name = std::string(name);
  for (; *attrs; attrs += 2) e.attributes.push_back({attrs[0], attrs[1]});
  raw_.push_back(std::move(e));
}

void NmlHandler::endRaw() {
  XmlElement e = std::move(raw_.back());
  raw_.pop_back();
  if (std::all_of(e.text.begin(), e.text.end(), [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }))
    e.text.clear();
  if (!raw_.empty()) {
    raw_.back().children.push_back(std::move(e));
    return;
  }
  rawTarget_->push_back(std::move(e));
  XML_SetCharacterDataHandler(parser_, nullptr);
}

}  // namespace skein::skeleton::nml
