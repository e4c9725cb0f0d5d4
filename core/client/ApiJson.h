#pragma once
// JSON ⇄ API values. Parsers accept the shapes of every API version the client speaks (v9…v16):
// missing optional keys take defaults, a wrong type or a missing id is a clear error naming the key.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/Result.h"
#include "core/client/ApiTypes.h"

namespace skein::client {

// Parses text into JSON without throwing; `what` names the payload in the error ("dataset list").
Result<nlohmann::json> parseJsonText(const std::string& text, const std::string& what);

Result<BuildInfo> parseBuildInfo(const nlohmann::json& j);
Result<User> parseUser(const nlohmann::json& j);
Result<Team> parseTeam(const nlohmann::json& j);
Result<std::vector<Team>> parseTeams(const nlohmann::json& j);
Result<Folder> parseFolder(const nlohmann::json& j);
Result<std::vector<Folder>> parseFolders(const nlohmann::json& j);
Result<DatasetInfo> parseDataset(const nlohmann::json& j);  // full or compact form; keeps raw
Result<DatasetInfo> parseDatasetSummary(const nlohmann::json& j);  // a list entry: no layers, no raw
Result<std::vector<DatasetInfo>> parseDatasets(const nlohmann::json& j);
// The dataset list straight from the answer's text, reading only what parseDatasets keeps (layer
// names and categories, not their mags): fast for lists of many thousand full-form entries.
Result<std::vector<DatasetInfo>> parseDatasetList(std::string_view text);
Result<DatasetIdentity> parseDatasetIdentity(const nlohmann::json& j);
Result<AnnotationInfo> parseAnnotation(const nlohmann::json& j);  // full or compact form
Result<std::vector<AnnotationInfo>> parseAnnotations(const nlohmann::json& j);
Result<AnnotationRef> parseUploadAnswer(const nlohmann::json& j);
Result<ZarrPrivateLink> parseZarrPrivateLink(const nlohmann::json& j);
Result<std::vector<ZarrPrivateLink>> parseZarrPrivateLinks(const nlohmann::json& j);
Result<std::vector<std::string>> parseStringArray(const nlohmann::json& j, const std::string& what);

// Canonical, lean JSON for printing (skeinctl --json). Never contains the user's auth token (a private
// link's accessToken is its address and is printed).
nlohmann::json toJson(const User& u);
nlohmann::json toJson(const Team& t);
nlohmann::json toJson(const Folder& f);
nlohmann::json toJson(const DatasetInfo& d);
nlohmann::json toJson(const AnnotationInfo& a);
nlohmann::json toJson(const ZarrPrivateLink& l);

}  // namespace skein::client
