#pragma once
// webKnossos share links: parse the links users paste (dataset view, legacy org/name view,
// annotation, short link, ?token=, JSON or legacy CSV hash) and build links that reopen a view
// (position, zoom, rotation, active node, layer visibility). Pure functions, no network.
//
// Formats follow webKnossos' router.tsx and url_manager.ts (specs/webknossos-api.md §10).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/base/Result.h"
#include "core/base/Vec3.h"

namespace skein::client {

// Viewer modes in the order of the legacy CSV hash's mode index.
enum class ViewMode { Orthogonal, Flight, Oblique };
const char* viewModeName(ViewMode mode);               // "orthogonal", "flight", "oblique"
std::optional<ViewMode> viewModeFromName(const std::string& name);

struct AdditionalCoordinate {
  std::string name;
  double value = 0;
  friend bool operator==(const AdditionalCoordinate&, const AdditionalCoordinate&) = default;
};

// Per-layer state of the JSON hash ("stateByLayer"); only visibility is interpreted, the rest of
// a layer's object (meshes, mappings, intensity range …) is carried verbatim as JSON text.
struct LayerViewState {
  std::optional<bool> isDisabled;
  std::string otherJson;  // the layer object without "isDisabled", "" or "{}" when nothing else
  friend bool operator==(const LayerViewState&, const LayerViewState&) = default;
};

// What the hash after '#' says about the view. Every field is optional: a link may set only some.
struct ViewState {
  std::optional<Vec3d> position;  // mag-1 voxels
  std::optional<ViewMode> mode;
  std::optional<double> zoomStep;
  std::optional<Vec3d> rotation;  // degrees
  std::optional<std::int64_t> activeNode;
  std::vector<AdditionalCoordinate> additionalCoordinates;
  std::map<std::string, LayerViewState> layers;
  bool empty() const;
  friend bool operator==(const ViewState&, const ViewState&) = default;
};

enum class ShareLinkKind {
  Dataset,        // /datasets/<name>-<id>/view (the name part is cosmetic)
  LegacyDataset,  // /datasets/<organization>/<name>/view (resolve with disambiguate/…/toId)
  Annotation,     // /annotations/<id> or /annotations/<type>/<id>
  ShortLink,      // /links/<key> (resolve with /api/shortLinks/byKey/<key>)
};
const char* shareLinkKindName(ShareLinkKind kind);  // "dataset", "legacyDataset", …

struct ShareLink {
  std::string serverUrl;  // scheme://host[:port][/prefix], without a trailing slash
  ShareLinkKind kind = ShareLinkKind::Dataset;
  std::string datasetId;       // Dataset
  std::string datasetName;     // Dataset (cosmetic, may be empty), LegacyDataset
  std::string organization;    // LegacyDataset
  std::string annotationId;    // Annotation
  std::string annotationType;  // Annotation, only when the link names it ("Explorational", …)
  std::string shortLinkKey;    // ShortLink
  std::string sharingToken;    // ?token=, grants read access to a non-public dataset
  ViewState view;
  friend bool operator==(const ShareLink&, const ShareLink&) = default;
};

// Parses an absolute http(s) link. Unknown query parameters are ignored; a malformed hash is an
// error (a link that silently opens somewhere else is worse than a clear message).
Result<ShareLink> parseShareLink(const std::string& url);

// Parses the (already URI-decoded) text after '#': JSON, "key=value" comment links or legacy CSV.
Result<ViewState> parseViewHash(const std::string& decodedHash);

enum class HashFormat { Json, Csv };

// The hash text (without '#') as webKnossos writes it: JSON encoded like encodeURIComponent but
// with $&+,;=:@/? kept literal, or the legacy CSV form (which cannot carry layer state).
std::string formatViewHash(const ViewState& view, HashFormat format = HashFormat::Json);

// Builds the full link; the hash is omitted when the view is empty.
std::string formatShareLink(const ShareLink& link, HashFormat format = HashFormat::Json);

// Canonical JSON description of a parsed link (skeinctl `link parse`).
std::string shareLinkToJson(const ShareLink& link);

bool isObjectId(const std::string& text);  // 24 hex characters

}  // namespace skein::client
