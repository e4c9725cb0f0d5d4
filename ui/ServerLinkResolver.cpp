#include "ui/ServerLinkResolver.h"

#include <QCoreApplication>
#include <QUrl>

#include "core/client/ApiVersion.h"
#include "core/client/WkClient.h"
#include "ui/ServerConnection.h"

namespace skein::ui {

using namespace skein::client;
using nlohmann::json;

namespace {

QString tr(const char* text) { return QCoreApplication::translate("ServerLinkResolver", text); }
QString q(const std::string& s) { return QString::fromStdString(s); }

QString storeBase(const DatasetInfo& d, const std::string& fallbackServer) {
  std::string base = d.dataStore.url.empty() ? fallbackServer : d.dataStore.url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return q(base);
}

QString viewText(const ViewState& view) {
  QStringList parts;
  if (view.position)
    parts << tr("position %1, %2, %3").arg(view.position->x).arg(view.position->y).arg(view.position->z);
  if (view.zoomStep) parts << tr("zoom %1").arg(*view.zoomStep);
  if (view.mode) parts << tr("%1 mode").arg(QString::fromLatin1(viewModeName(*view.mode)));
  if (view.activeNode) parts << tr("active node %1").arg(*view.activeNode);
  return parts.join(QStringLiteral(", "));
}

// The short-lived datastore token (POST /api/userToken/generate).
void storeToken(WkClient& client, Callback<std::string> done) {
  WkClient::ApiCall c;
  c.method = "POST";
  c.path = "/userToken/generate";
  client.callJson(std::move(c), [done](Result<json> r) {
    if (!r.ok()) return done(r.error().withContext("getting a datastore token"));
    if (!r->is_object() || !r->contains("token") || !(*r)["token"].is_string())
      return done(makeError(ErrorCode::InvalidData, "/api/userToken/generate did not answer {\"token\": …}"));
    done((*r)["token"].get<std::string>());
  });
}

void finish(ServerTarget target, Callback<ServerTarget> done) {
  WkClient& client = *target.client;
  const QString base = datasetZarrUrl(target.dataset, client.apiVersion());
  auto withToken = [target, base, done](const std::string& token) mutable {
    target.zarrUrl = base;
    target.zarrUrlForDisplay = base;
    if (!token.empty()) {
      target.zarrUrl += "?token=" + QString::fromLatin1(QUrl::toPercentEncoding(q(token)));
      target.zarrUrlForDisplay += QStringLiteral("?token=…");
    }
    done(std::move(target));
  };
  if (!target.link.sharingToken.empty()) return withToken(target.link.sharingToken);
  if (target.dataset.isPublic || !client.hasToken()) return withToken({});
  storeToken(client, [withToken, done](Result<std::string> token) mutable {
    if (!token.ok()) return done(token.error());
    withToken(token.value());
  });
}

void resolveDataset(ServerTarget target, const std::string& id, Callback<ServerTarget> done) {
  WkClient* client = target.client;
  client->dataset(id, target.link.sharingToken, [target, done](Result<DatasetInfo> d) mutable {
    if (!d.ok()) return done(d.error().withContext("loading the dataset"));
    target.dataset = std::move(d).value();
    finish(std::move(target), done);
  });
}

void resolveByName(ServerTarget target, const std::string& organization, const std::string& name,
                   Callback<ServerTarget> done) {
  WkClient* client = target.client;
  client->resolveDataset(organization, name, target.link.sharingToken,
                         [target, done](Result<DatasetIdentity> id) mutable {
                           if (!id.ok()) return done(id.error().withContext("finding the dataset"));
                           const std::string datasetId = id->id;
                           resolveDataset(std::move(target), datasetId, done);
                         });
}

void resolveParsed(ServerConnection& connection, const ShareLink& link, bool allowShortLink,
                   Callback<ServerTarget> done) {
  ServerTarget target;
  target.link = link;
  target.client = connection.clientFor(q(link.serverUrl));
  if (!target.client)
    return done(makeError(ErrorCode::InvalidArgument, "\"" + link.serverUrl + "\" is not a server address"));
  switch (link.kind) {
    case ShareLinkKind::Dataset: return resolveDataset(std::move(target), link.datasetId, done);
    case ShareLinkKind::LegacyDataset:
      return resolveByName(std::move(target), link.organization, link.datasetName, done);
    case ShareLinkKind::Annotation: {
      WkClient* client = target.client;
      client->annotation(link.annotationId, [target, done](Result<AnnotationInfo> a) mutable {
        if (!a.ok()) return done(a.error().withContext("loading the annotation"));
        target.annotation = std::move(a).value();
        // Copies: `target` is moved below.
        const std::string datasetId = target.annotation->datasetId;
        const std::string organization = target.annotation->organization, name = target.annotation->datasetName;
        if (!datasetId.empty()) return resolveDataset(std::move(target), datasetId, done);
        resolveByName(std::move(target), organization, name, done);
      });
      return;
    }
    case ShareLinkKind::ShortLink: {
      if (!allowShortLink)
        return done(makeError(ErrorCode::InvalidData, "a short link points to another short link"));
      target.client->shortLink(link.shortLinkKey, [&connection, done](Result<ShortLinkInfo> r) {
        if (!r.ok()) return done(r.error().withContext("resolving the short link"));
        auto parsed = parseShareLink(r->longLink);
        if (!parsed.ok()) return done(parsed.error().withContext("the short link's target"));
        resolveParsed(connection, parsed.value(), false, done);
      });
      return;
    }
  }
}

}  // namespace

QString datasetZarrUrl(const DatasetInfo& d, int apiVersion) {
  const int version = apiVersion > 0 ? apiVersion : kNewestClientApiVersion;
  return storeBase(d, {}) + q(datastoreZarrPath(version, {d.id, d.owningOrganization, d.directoryName}));
}

QString plainDatasetZarrUrl(const DatasetInfo& d) {
  return storeBase(d, {}) + QStringLiteral("/data/zarr/") + q(urlSegment(d.id));
}

QString describeShareLink(const ShareLink& link) {
  QString what;
  switch (link.kind) {
    case ShareLinkKind::Dataset:
      what = link.datasetName.empty() ? tr("Dataset %1").arg(q(link.datasetId))
                                      : tr("Dataset “%1” (%2)").arg(q(link.datasetName), q(link.datasetId));
      break;
    case ShareLinkKind::LegacyDataset:
      what = tr("Dataset “%1” of %2").arg(q(link.datasetName), q(link.organization));
      break;
    case ShareLinkKind::Annotation: what = tr("Annotation %1").arg(q(link.annotationId)); break;
    case ShareLinkKind::ShortLink: what = tr("Short link “%1”").arg(q(link.shortLinkKey)); break;
  }
  QString text = tr("%1 on %2").arg(what, q(link.serverUrl));
  if (const QString view = viewText(link.view); !view.isEmpty()) text += ", " + view;
  if (!link.sharingToken.empty()) text += ", " + tr("with a sharing token");
  return text;
}

QString ServerTarget::describe() const {
  const QString datasetText =
      tr("dataset “%1” (%2)").arg(q(dataset.name.empty() ? dataset.id : dataset.name), q(dataset.owningOrganization));
  QString text;
  if (annotation) {
    const std::string owner = annotation->owner.firstName + " " + annotation->owner.lastName;
    text = tr("Annotation “%1” by %2 on %3").arg(q(annotation->name.empty() ? annotation->id : annotation->name),
                                                  q(owner).trimmed(), datasetText);
  } else {
    text = datasetText;
    text[0] = text[0].toUpper();
  }
  if (const QString view = viewText(link.view); !view.isEmpty()) text += ", " + view;
  return text;
}

void resolveShareLink(ServerConnection& connection, const ShareLink& link, Callback<ServerTarget> done) {
  resolveParsed(connection, link, true, std::move(done));
}

}  // namespace skein::ui
