// skeinctl datasets list | dataset show|set|sharing-token|upload
#include <QFileInfo>

#include <cstdio>

#include "ClientCli.h"
#include "ClientSession.h"
#include "core/client/ApiJson.h"
#include "core/client/DatasetUpload.h"

namespace skein::cli {

using namespace skein::client;

namespace {

constexpr const char* kListHelp =
    "skeinctl datasets list [--server URL] [--json] [--search TEXT] [--folder ID] [--organization ORG] [--active]";
constexpr const char* kHelp =
    "skeinctl dataset show ID [--json]\n"
    "       skeinctl dataset set ID [--public on|off] [--teams A,B] [--name N] [--description D]\n"
    "       skeinctl dataset sharing-token ID [--revoke]\n"
    "       skeinctl dataset upload DIR [--name N] [--teams A,B] [--folder ID] [--datastore URL] [--resume UPLOAD_ID]";

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

// The --datastore option, else the first datastore of the server that accepts uploads.
Result<std::string> uploadDatastore(const ParsedArgs& a, WkClient& client) {
  if (a.has("--datastore")) return a.value("--datastore").toStdString();
  auto stores = wait<std::vector<DataStoreInfo>>([&](auto cb) { listDatastores(client, cb); });
  if (!stores.ok()) return stores.error().withContext("listing the server's datastores");
  for (const DataStoreInfo& s : stores.value())
    if (s.allowsUpload) return s.url;
  return makeError(ErrorCode::NotFound, "the server has no datastore that accepts uploads");
}

int upload(const ParsedArgs& a, WkClient& client, const QString& directory) {
  DatasetUploadOptions options;
  options.name = a.value("--name", QFileInfo(directory).fileName()).toStdString();
  options.uploadId = a.value("--resume").toStdString();
  if (a.has("--folder")) options.folderId = a.value("--folder").toStdString();
  auto user = wait<User>([&](auto cb) { client.currentUser(cb); });
  if (!user.ok()) return reportError(user.error());
  options.organization = user->organization;
  if (a.has("--teams")) {
    auto ids = resolveTeams(client, a.value("--teams"));
    if (!ids.ok()) return reportError(ids.error());
    options.initialTeams = ids.value();
  }
  auto datastore = uploadDatastore(a, client);
  if (!datastore.ok()) return reportError(datastore.error());
  // Progress on stderr, one line per tenth, so stdout stays the result alone.
  int lastTenth = -1;
  auto progress = [&lastTenth](const DatasetUploadProgress& p) {
    const int tenth = p.totalBytes > 0 ? static_cast<int>(p.doneBytes * 10 / p.totalBytes) : 10;
    if (tenth == lastTenth) return;
    lastTenth = tenth;
    std::fprintf(stderr, "uploaded %lld of %lld bytes (%d of %d chunks, %d already there, %d retried)\n",
                 static_cast<long long>(p.doneBytes), static_cast<long long>(p.totalBytes),
                 p.chunksSent + p.chunksSkipped, p.totalChunks, p.chunksSkipped, p.retries);
  };
  auto result = wait<DatasetUploadResult>(
      [&](auto cb) { uploadDataset(client, datastore.value(), directory, options, progress, cb); });
  if (!result.ok()) return reportError(result.error());
  if (a.has("--json")) {
    printJson({{"datasetId", result->datasetId},
               {"uploadId", result->uploadId},
               {"bytes", result->progress.totalBytes},
               {"chunksSent", result->progress.chunksSent},
               {"chunksSkipped", result->progress.chunksSkipped},
               {"retries", result->progress.retries}});
  } else {
    printLine(QString::fromStdString(result->datasetId));
  }
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
  auto a = parseArgs(args, {"--public", "--teams", "--name", "--description", "--folder", "--datastore", "--resume"},
                     {"--revoke"});
  if (!a.ok()) return usageError(QString::fromStdString(a.error().message), kHelp);
  const QString sub = a->positional.value(0);
  const std::string id = a->positional.value(1).toStdString();
  if (id.empty()) return usageError(sub == "upload" ? "missing dataset folder" : "missing dataset id", kHelp);
  auto session = openSession(*a, sub != "show");
  if (!session.ok()) return reportError(session.error());
  if (sub == "upload") return upload(*a, *session->client, QString::fromStdString(id));
  if (sub == "show") return show(*a, *session->client, id);
  if (sub == "set") return set(*a, *session->client, id);
  if (sub == "sharing-token") return sharingToken(*a, *session->client, id);
  return usageError("unknown subcommand " + sub, kHelp);
}

}  // namespace skein::cli
