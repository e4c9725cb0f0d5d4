// WkClient: short links (webknossos-api.md §10). POST /api/shortLinks takes the long link as a
// JSON string; GET /api/shortLinks/byKey/<key> answers {_id, key, longLink}.
#include "core/client/ApiJson.h"
#include "core/client/ApiVersion.h"
#include "core/client/WkClient.h"

namespace skein::client {

using nlohmann::json;

namespace {

Result<ShortLinkInfo> parseShortLink(const json& j) {
  if (!j.is_object() || !j.contains("key") || !j["key"].is_string() || !j.contains("longLink") ||
      !j["longLink"].is_string())
    return makeError(ErrorCode::InvalidData, "short link answer: expected {\"key\": …, \"longLink\": …}");
  ShortLinkInfo link;
  link.key = j["key"].get<std::string>();
  link.longLink = j["longLink"].get<std::string>();
  if (j.contains("_id") && j["_id"].is_string()) link.id = j["_id"].get<std::string>();
  return link;
}

}  // namespace

void WkClient::createShortLink(const std::string& longLink, Callback<ShortLinkInfo> done) {
  ApiCall c;
  c.method = "POST";
  c.path = "/shortLinks";
  c.versioned = false;
  c.body = QByteArray::fromStdString(json(longLink).dump());
  c.contentType = "application/json";
  callJson(std::move(c), mapResult<ShortLinkInfo, json>(parseShortLink, std::move(done)));
}

void WkClient::shortLink(const std::string& key, Callback<ShortLinkInfo> done) {
  ApiCall c;
  c.path = "/shortLinks/byKey/" + urlSegment(key);
  c.versioned = false;
  callJson(std::move(c), mapResult<ShortLinkInfo, json>(parseShortLink, std::move(done)));
}

}  // namespace skein::client
