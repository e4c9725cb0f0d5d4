// skeinctl zarr-links list|create|set-expiry|revoke | link parse|resolve|shorten URL
#include <QDateTime>

#include "ClientCli.h"
#include "ClientSession.h"
#include "core/client/ApiJson.h"
#include "core/client/ApiVersion.h"
#include "core/client/ShareLink.h"

namespace skein::cli {

using namespace skein::client;

namespace {

constexpr const char* kHelp =
    "skeinctl zarr-links list ANNOTATION [--json]\n"
    "       skeinctl zarr-links create ANNOTATION [--expires DATE|never]\n"
    "       skeinctl zarr-links set-expiry LINK DATE|never\n"
    "       skeinctl zarr-links revoke LINK";
constexpr const char* kLinkHelp =
    "skeinctl link parse URL      the link's parts as JSON (no network)\n"
    "       skeinctl link resolve URL    the same, after following a short link (/links/<key>) to its long link\n"
    "       skeinctl link shorten URL    creates a short link on the link's server and prints it";

QString expiryText(const ZarrPrivateLink& l) {
  return l.expirationDateTime ? QDateTime::fromMSecsSinceEpoch(*l.expirationDateTime, Qt::UTC).toString(Qt::ISODate)
                              : QStringLiteral("never");
}

// The addresses users hand out: one per layer of the annotation.
nlohmann::json linkJson(const ZarrPrivateLink& l, const AnnotationInfo* annotation) {
  nlohmann::json j = toJson(l);
  if (annotation && !annotation->dataStore.url.empty()) {
    nlohmann::json urls = nlohmann::json::array();
    for (const auto& layer : annotation->layers)
      if (layer.typ == "Volume") urls.push_back(zarrPrivateLinkUrl(annotation->dataStore.url, l.accessToken, layer.name));
    if (urls.empty()) urls.push_back(zarrPrivateLinkUrl(annotation->dataStore.url, l.accessToken, ""));
    j["urls"] = urls;
  }
  return j;
}

void printLink(const ParsedArgs& a, const ZarrPrivateLink& l, const AnnotationInfo* annotation) {
  const nlohmann::json j = linkJson(l, annotation);
  if (a.has("--json")) {
    printJson(j);
    return;
  }
  printLine(QStringLiteral("%1  expires %2").arg(QString::fromStdString(l.id), expiryText(l)));
  if (j.contains("urls"))
    for (const auto& u : j["urls"]) printLine("  " + QString::fromStdString(u.get<std::string>()));
}

}  // namespace

int runZarrLinksCommand(const QStringList& args) {
  auto a = parseArgs(args, {"--expires"}, {});
  if (!a.ok()) return usageError(QString::fromStdString(a.error().message), kHelp);
  const QString sub = a->positional.value(0);
  const std::string target = a->positional.value(1).toStdString();
  if (target.empty()) return usageError("missing annotation or link id", kHelp);
  auto session = openSession(*a, true);
  if (!session.ok()) return reportError(session.error());
  WkClient& client = *session->client;

  if (sub == "list" || sub == "create") {
    auto annotation = wait<AnnotationInfo>([&](auto cb) { client.annotation(target, cb); });
    if (!annotation.ok()) return reportError(annotation.error());
    if (sub == "list") {
      auto links = wait<std::vector<ZarrPrivateLink>>([&](auto cb) { client.zarrPrivateLinks(target, cb); });
      if (!links.ok()) return reportError(links.error());
      if (a->has("--json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& l : links.value()) out.push_back(linkJson(l, &annotation.value()));
        printJson(out);
      } else {
        for (const auto& l : links.value()) printLink(*a, l, &annotation.value());
      }
      return kOk;
    }
    auto expiry = parseExpiry(a->value("--expires", "never"));
    if (!expiry.ok()) return usageError(QString::fromStdString(expiry.error().message), kHelp);
    auto link = wait<ZarrPrivateLink>([&](auto cb) { client.createZarrPrivateLink(target, expiry.value(), cb); });
    if (!link.ok()) return reportError(link.error());
    printLink(*a, link.value(), &annotation.value());
    return kOk;
  }
  if (sub == "set-expiry") {
    auto expiry = parseExpiry(a->positional.value(2));
    if (a->positional.size() < 3 || !expiry.ok())
      return usageError(expiry.ok() ? "set-expiry needs a DATE or never" : QString::fromStdString(expiry.error().message), kHelp);
    auto link = wait<ZarrPrivateLink>([&](auto cb) { client.setZarrPrivateLinkExpiry(target, expiry.value(), cb); });
    if (!link.ok()) return reportError(link.error());
    printLink(*a, link.value(), nullptr);
    return kOk;
  }
  if (sub == "revoke") {
    Status s = awaitStatus([&](auto cb) { client.deleteZarrPrivateLink(target, cb); });
    if (!s.ok()) return reportError(s.error());
    printLine("link " + QString::fromStdString(target) + " revoked");
    return kOk;
  }
  return usageError("unknown subcommand " + sub, kHelp);
}

int runLinkCommand(const QStringList& args) {
  auto a = parseArgs(args, {"--server", "--config-dir"}, {});
  if (!a.ok()) return usageError(QString::fromStdString(a.error().message), kLinkHelp);
  const QString sub = a->positional.value(0);
  if (a->positional.size() != 2 || (sub != "parse" && sub != "resolve" && sub != "shorten"))
    return usageError("expected `link parse|resolve|shorten URL`", kLinkHelp);
  auto link = parseShareLink(a->positional[1].toStdString());
  if (!link.ok()) return reportError(link.error());
  const bool isShort = link->kind == ShareLinkKind::ShortLink;
  if (sub == "parse" || (sub == "resolve" && !isShort)) {
    printLine(QString::fromStdString(shareLinkToJson(link.value())));
    return kOk;
  }
  // The link's own server, with the saved account for it when there is one.
  ParsedArgs sessionArgs = a.value();
  sessionArgs.options["--server"] = QString::fromStdString(link->serverUrl);
  auto session = openSession(sessionArgs, false);
  if (!session.ok()) return reportError(session.error());
  WkClient& client = *session->client;
  if (sub == "resolve") {
    auto target = wait<ShortLinkInfo>([&](auto cb) { client.shortLink(link->shortLinkKey, cb); });
    if (!target.ok()) return reportError(target.error().withContext("resolving short link " + link->shortLinkKey));
    auto longLink = parseShareLink(target->longLink);
    if (!longLink.ok()) return reportError(longLink.error().withContext("the short link's target"));
    printLine(QString::fromStdString(shareLinkToJson(longLink.value())));
    return kOk;
  }
  if (isShort) return usageError("the link is a short link already", kLinkHelp);
  auto created = wait<ShortLinkInfo>([&](auto cb) { client.createShortLink(a->positional[1].toStdString(), cb); });
  if (!created.ok()) return reportError(created.error());
  printLine(QString::fromStdString(link->serverUrl + "/links/" + created->key));
  return kOk;
}

}  // namespace skein::cli
