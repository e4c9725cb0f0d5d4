// skeinctl datasets list | dataset show|set|sharing-token
#include <cstdio>

#include "ClientCli.h"
#include "ClientSession.h"
#include "core/client/ApiJson.h"

namespace skein::cli {

using namespace skein::client;

namespace {

constexpr const char* kListHelp =
    "skeinctl datasets list [--server URL] [--json] [--search TEXT] [--folder ID] [--organization ORG] [--active]";
constexpr const char* kHelp =
    "skeinctl dataset show ID [--json]\n"
    "       skeinctl dataset set ID [--public on|off] [--teams A,B] [--name N] [--description D]\n"
    "       skeinctl dataset sharing-token ID [--revoke]";

QString describe(const DatasetInfo& d) {
  QStringList layers;
  for (const auto& n : d.colorLayerNames) layers << QString::fromStdString(n);
  for (const auto& n : d.segmentationLayerNames) layers << QString::fromStdString(n) + "*";
  return QStringLiteral("%1  %2  %3  %4  [%5]")
      .arg(QString::fromStdString(d.id), QString::fromStdString(d.name), d.isPublic ? "public " : "private",
           QString::fromStdString(d.owningOrganization), layers.join(", "));
}

int show(const ParsedArgs& a, WkClient& client, const std::string& id) {
  auto d = wait<DatasetInfo>([&](auto cb) { client.dataset(id, "", cb); });
  if (!d.ok()) return reportError(d.error());
  if (a.has("--json")) {
    printJson(d->raw);
    return kOk;
  }
  printLine(describe(d.value()));
  if (d->description) printLine("description: " + QString::fromStdString(*d->description));
  QStringList teams;
  for (const auto& t : d->allowedTeams) teams << QString::fromStdString(t.name);
  printLine("teams: " + (teams.isEmpty() ? QStringLiteral("none") : teams.join(", ")));
  for (const auto& l : d->layers)
    printLine(QStringLiteral("layer %1: %2 %3, %4 mags, box %5")
                  .arg(QString::fromStdString(l.name), QString::fromStdString(l.category),
                       QString::fromStdString(l.elementClass))
                  .arg(l.mags.size())
                  .arg(QString::fromStdString(l.boundingBox.toString())));
  return kOk;
}

int set(const ParsedArgs& a, WkClient& client, const std::string& id) {
  DatasetUpdate update;
  if (a.has("--public")) {
    const QString v = a.value("--public");
    if (v != "on" && v != "off") return usageError("--public is on or off", kHelp);
    update.isPublic = v == "on";
  }
  if (a.has("--name")) update.name = a.value("--name").toStdString();
  if (a.has("--description")) update.description = std::optional<std::string>(a.value("--description").toStdString());
  if (update.empty() && !a.has("--teams")) return usageError("nothing to set", kHelp);
  if (!update.empty()) {
    auto r = wait<DatasetInfo>([&](auto cb) { client.updateDataset(id, update, cb); });
    if (!r.ok()) return reportError(r.error());
    if (update.isPublic && *update.isPublic) printLine("dataset " + QString::fromStdString(id) + " is now public");
  }
  if (a.has("--teams")) {
    auto ids = resolveTeams(client, a.value("--teams"));
    if (!ids.ok()) return reportError(ids.error());
    auto r = wait<std::vector<std::string>>([&](auto cb) { client.setDatasetTeams(id, ids.value(), cb); });
    if (!r.ok()) return reportError(r.error());
  }
  return show(a, client, id);
}

int sharingToken(const ParsedArgs& a, WkClient& client, const std::string& id) {
  if (a.has("--revoke")) {
    Status s = awaitStatus([&](auto cb) { client.revokeDatasetSharingToken(id, cb); });
    if (!s.ok()) return reportError(s.error());
    printLine("sharing token revoked; links with the old token no longer open the dataset");
    return kOk;
  }
  auto token = wait<std::string>([&](auto cb) { client.datasetSharingToken(id, cb); });
  if (!token.ok()) return reportError(token.error());
  if (a.has("--json")) printJson({{"sharingToken", token.value()}});
  else printLine(QString::fromStdString(token.value()));
  return kOk;
}

}  // namespace

int runDatasetsCommand(const QStringList& args) {
  auto a = parseArgs(args, {"--search", "--folder", "--organization"}, {"--active"});
  if (!a.ok()) return usageError(QString::fromStdString(a.error().message), kListHelp);
  if (a->positional.value(0) != "list") return usageError("expected `datasets list`", kListHelp);
  auto session = openSession(*a, false);  // public datasets need no login
  if (!session.ok()) return reportError(session.error());
  DatasetQuery q;
  q.searchQuery = a->value("--search").toStdString();
  q.folderId = a->value("--folder").toStdString();
  q.organizationId = a->value("--organization").toStdString();
  if (a->has("--active")) q.isActive = true;
  auto list = wait<std::vector<DatasetInfo>>([&](auto cb) { session->client->datasets(q, cb); });
  if (!list.ok()) return reportError(list.error());
  if (a->has("--json")) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : list.value()) out.push_back(toJson(d));
    printJson(out);
  } else {
    for (const auto& d : list.value()) printLine(describe(d));
  }
  return kOk;
}

int runDatasetCommand(const QStringList& args) {
  auto a = parseArgs(args, {"--public", "--teams", "--name", "--description"}, {"--revoke"});
  if (!a.ok()) return usageError(QString::fromStdString(a.error().message), kHelp);
  const QString sub = a->positional.value(0);
  const std::string id = a->positional.value(1).toStdString();
  if (id.empty()) return usageError("missing dataset id", kHelp);
  auto session = openSession(*a, sub != "show");
  if (!session.ok()) return reportError(session.error());
  if (sub == "show") return show(*a, *session->client, id);
  if (sub == "set") return set(*a, *session->client, id);
  if (sub == "sharing-token") return sharingToken(*a, *session->client, id);
  return usageError("unknown subcommand " + sub, kHelp);
}

}  // namespace skein::cli
