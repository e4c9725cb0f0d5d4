// WkClient: Zarr private links (§6.4) and the tracingstore save endpoints (§8.2).
#include "core/client/ApiJson.h"
#include "core/client/ApiVersion.h"
#include "core/client/WkClient.h"

#include <algorithm>

namespace skein::client {

using nlohmann::json;

namespace {
json expiryJson(std::optional<std::int64_t> expiry) { return expiry ? json(*expiry) : json(nullptr); }
}  // namespace

void WkClient::zarrPrivateLinks(const std::string& annotationId, Callback<std::vector<ZarrPrivateLink>> done) {
  ApiCall c;
  c.path = annotationId.empty() ? "/zarrPrivateLinks" : "/zarrPrivateLinks/byAnnotation/" + urlSegment(annotationId);
  callJson(std::move(c), mapResult<std::vector<ZarrPrivateLink>, json>(parseZarrPrivateLinks, std::move(done)));
}

void WkClient::createZarrPrivateLink(const std::string& annotationId, std::optional<std::int64_t> expiry,
                                     Callback<ZarrPrivateLink> done) {
  ApiCall c;
  c.method = "POST";
  c.path = "/zarrPrivateLinks";
  c.body = QByteArray::fromStdString(json{{"annotation", annotationId}, {"expirationDateTime", expiryJson(expiry)}}.dump());
  c.contentType = "application/json";
  callJson(std::move(c), mapResult<ZarrPrivateLink, json>(parseZarrPrivateLink, std::move(done)));
}

void WkClient::setZarrPrivateLinkExpiry(const std::string& linkId, std::optional<std::int64_t> expiry,
                                        Callback<ZarrPrivateLink> done) {
  // PUT takes the whole link (as the frontend sends it). GET /zarrPrivateLinks/:id answers 404 for
  // an expired link, so the link is looked up in the caller's list instead.
  zarrPrivateLinks("", [this, linkId, expiry, done](Result<std::vector<ZarrPrivateLink>> links) {
    if (!links.ok()) return done(links.error());
    auto it = std::find_if(links->begin(), links->end(), [&](const ZarrPrivateLink& l) { return l.id == linkId; });
    if (it == links->end())
      return done(makeError(ErrorCode::NotFound, "no Zarr private link " + linkId + " among your links"));
    ApiCall put;
    put.method = "PUT";
    put.path = "/zarrPrivateLinks/" + urlSegment(linkId);
    put.body = QByteArray::fromStdString(
        json{{"id", it->id}, {"annotation", it->annotation}, {"expirationDateTime", expiryJson(expiry)}}.dump());
    put.contentType = "application/json";
    callJson(std::move(put), mapResult<ZarrPrivateLink, json>(parseZarrPrivateLink, done));
  });
}

void WkClient::deleteZarrPrivateLink(const std::string& linkId, StatusCallback done) {
  ApiCall c;
  c.method = "DELETE";
  c.path = "/zarrPrivateLinks/" + urlSegment(linkId);
  call(std::move(c), [done](Result<HttpResponse> r) { done(r.ok() ? Status::success() : Status(r.error())); });
}

void WkClient::newestVersion(const std::string& tracingStoreUrl, const std::string& annotationId,
                             Callback<std::int64_t> done) {
  HttpRequest request;
  request.url = QUrl(QString::fromStdString("tracings/annotation/" + urlSegment(annotationId) + "/newestVersion"));
  storeCall(tracingStoreUrl, std::move(request), [done](Result<HttpResponse> r) {
    if (!r.ok()) return done(r.error());
    auto j = parseJsonText(r->body.toStdString(), "newestVersion answer");
    if (!j.ok()) return done(j.error());
    if (!j->is_object() || !j->contains("version") || !(*j)["version"].is_number_integer())
      return done(makeError(ErrorCode::InvalidData, "newestVersion answer: expected {\"version\": <integer>}"));
    done((*j)["version"].get<std::int64_t>());
  });
}

void WkClient::postUpdateGroups(const std::string& tracingStoreUrl, const std::string& annotationId,
                                const json& groups, StatusCallback done) {
  HttpRequest request;
  request.method = "POST";
  request.url = QUrl(QString::fromStdString("tracings/annotation/" + urlSegment(annotationId) + "/update"));
  request.body = QByteArray::fromStdString(groups.dump());
  request.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
  request.idempotent = false;  // the UpdateQueue resends the same transaction itself
  storeCall(tracingStoreUrl, std::move(request),
            [done](Result<HttpResponse> r) { done(r.ok() ? Status::success() : Status(r.error())); });
}

}  // namespace skein::client
