// skeinctl annotations list | annotation show|set|duplicate|download|upload
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>

#include "ClientCli.h"
#include "ClientSession.h"
#include "core/client/ApiJson.h"
#include "core/client/SharingDependencies.h"

namespace skein::cli {

using namespace skein::client;

namespace {

constexpr const char* kListHelp = "skeinctl annotations list [--server URL] [--json] [--finished]";
constexpr const char* kHelp =
    "skeinctl annotation show ID [--json]\n"
    "       skeinctl annotation set ID [--visibility private|internal|public] [--teams A,B] [--name N]\n"
    "       skeinctl annotation duplicate ID\n"
    "       skeinctl annotation download ID -o FILE [--skip-volume-data]\n"
    "       skeinctl annotation upload FILE... [--dataset ID] [--group-per-file]";

QString describe(const AnnotationInfo& a) {
  QStringList layers;
  for (const auto& l : a.layers) layers << QString::fromStdString(l.name);
  return QStringLiteral("%1  %2  %3  %4  %5  [%6]  %7 %8")
      .arg(QString::fromStdString(a.id), QString::fromStdString(a.name.empty() ? "(unnamed)" : a.name),
           QString::fromLatin1(visibilityName(a.visibility)), QString::fromStdString(a.state),
           QString::fromStdString(a.datasetName), layers.join(", "), QString::fromStdString(a.owner.firstName),
           QString::fromStdString(a.owner.lastName));
}

int show(const ParsedArgs& a, WkClient& client, const std::string& id) {
  auto info = wait<AnnotationInfo>([&](auto cb) { client.annotation(id, cb); });
  if (!info.ok()) return reportError(info.error());
  if (a.has("--json")) {
    printJson(info->raw);
    return kOk;
  }
  printLine(describe(info.value()));
  QStringList teams;
  for (const auto& t : info->teams) teams << QString::fromStdString(t.name);
  printLine("shared with teams: " + (teams.isEmpty() ? QStringLiteral("none") : teams.join(", ")));
  printLine(QStringLiteral("you may %1").arg(info->restrictions.allowUpdate ? "edit it" : "only view it"));
  return kOk;
}

// Warns (stderr) when the people it is shared with could not open it (DESIGN.md §5).
void warnAboutDependencies(WkClient& client, const AnnotationInfo& info) {
  if (info.datasetId.empty()) return;
  auto dataset = wait<DatasetInfo>([&](auto cb) { client.dataset(info.datasetId, "", cb); });
  if (!dataset.ok()) return;
  SharingPlan plan;
  plan.visibility = info.visibility;
  for (const auto& t : info.teams) plan.sharedTeamIds.push_back(t.id);
  for (const auto& issue : checkSharingDependencies(plan, dataset.value())) {
    std::fprintf(stderr, "warning: %s\n", issue.message.c_str());
    for (const auto& fix : issue.fixes) std::fprintf(stderr, "  fix: %s\n", fix.c_str());
  }
}

int set(const ParsedArgs& a, WkClient& client, const std::string& id) {
  AnnotationEdit edit;
  if (a.has("--visibility")) {
    edit.visibility = visibilityFromName(a.value("--visibility").toStdString());
    if (!edit.visibility) return usageError("--visibility is private, internal or public", kHelp);
  }
  if (a.has("--name")) edit.name = a.value("--name").toStdString();
  if (edit.empty() && !a.has("--teams")) return usageError("nothing to set", kHelp);
  auto info = wait<AnnotationInfo>([&](auto cb) { client.annotation(id, cb); });
  if (!info.ok()) return reportError(info.error());
  Status edited = awaitStatus([&](auto cb) { client.editAnnotation(id, info->typ, edit, cb); });
  if (!edited.ok()) return reportError(edited.error());
  if (a.has("--teams")) {
    auto ids = resolveTeams(client, a.value("--teams"));
    if (!ids.ok()) return reportError(ids.error());
    auto r = wait<std::vector<std::string>>([&](auto cb) { client.setAnnotationSharedTeams(id, info->typ, ids.value(), cb); });
    if (!r.ok()) return reportError(r.error());
  }
  auto updated = wait<AnnotationInfo>([&](auto cb) { client.annotation(id, cb); });
  if (!updated.ok()) return reportError(updated.error());
  printLine(describe(updated.value()));
  warnAboutDependencies(client, updated.value());
  return kOk;
}

int duplicate(WkClient& client, const std::string& id) {
  auto copy = wait<AnnotationInfo>([&](auto cb) { client.duplicateAnnotation(id, "", cb); });
  if (!copy.ok()) return reportError(copy.error());
  printLine(QString::fromStdString(copy->id));
  return kOk;
}

int download(const ParsedArgs& a, WkClient& client, const std::string& id) {
  const QString out = a.value("--output");
  if (out.isEmpty()) return usageError("download needs -o FILE", kHelp);
  DownloadOptions options;
  options.skipVolumeData = a.has("--skip-volume-data");
  auto file = wait<DownloadedFile>([&](auto cb) { client.downloadAnnotation(id, options, cb); });
  if (!file.ok()) return reportError(file.error());
  QSaveFile f(out);
  if (!f.open(QIODevice::WriteOnly) || f.write(file->data) != file->data.size() || !f.commit())
    return reportError(makeError(ErrorCode::Io, "cannot write " + out.toStdString()));
  printLine(QStringLiteral("%1 (%2, %3 bytes)").arg(out, QString::fromStdString(file->contentType)).arg(file->data.size()));
  return kOk;
}

int upload(const ParsedArgs& a, WkClient& client) {
  std::vector<UploadFile> files;
  for (const QString& path : a.positional.mid(1)) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return reportError(makeError(ErrorCode::Io, "cannot read " + path.toStdString()));
    files.push_back({QFileInfo(path).fileName().toStdString(), f.readAll()});
  }
  if (files.empty()) return usageError("upload needs at least one .nml or .zip file", kHelp);
  UploadOptions options;
  options.datasetId = a.value("--dataset").toStdString();
  options.createGroupForEachFile = a.has("--group-per-file");
  auto ref = wait<AnnotationRef>([&](auto cb) { client.uploadAnnotations(files, options, cb); });
  if (!ref.ok()) return reportError(ref.error());
  if (a.has("--json")) printJson({{"id", ref->id}, {"typ", ref->typ}});
  else printLine(QString::fromStdString(ref->id));
  return kOk;
}

}  // namespace

int runAnnotationsCommand(const QStringList& args) {
  auto a = parseArgs(args, {}, {"--finished"});
  if (!a.ok()) return usageError(QString::fromStdString(a.error().message), kListHelp);
  if (a->positional.value(0) != "list") return usageError("expected `annotations list`", kListHelp);
  auto session = openSession(*a, true);
  if (!session.ok()) return reportError(session.error());
  auto list = wait<std::vector<AnnotationInfo>>(
      [&](auto cb) { session->client->readableAnnotations(a->has("--finished"), cb); });
  if (!list.ok()) return reportError(list.error());
  if (a->has("--json")) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& x : list.value()) out.push_back(toJson(x));
    printJson(out);
  } else {
    for (const auto& x : list.value()) printLine(describe(x));
  }
  return kOk;
}

int runAnnotationCommand(const QStringList& args) {
  QStringList normalized = args;  // "-o FILE" is the one short option
  for (QString& arg : normalized)
    if (arg == "-o") arg = "--output";
  auto a = parseArgs(normalized, {"--visibility", "--teams", "--name", "--output", "--dataset"},
                     {"--skip-volume-data", "--group-per-file"});
  if (!a.ok()) return usageError(QString::fromStdString(a.error().message), kHelp);
  const QString sub = a->positional.value(0);
  auto session = openSession(*a, sub != "show");
  if (!session.ok()) return reportError(session.error());
  WkClient& client = *session->client;
  if (sub == "upload") return upload(*a, client);
  const std::string id = a->positional.value(1).toStdString();
  if (id.empty()) return usageError("missing annotation id", kHelp);
  if (sub == "show") return show(*a, client, id);
  if (sub == "set") return set(*a, client, id);
  if (sub == "duplicate") return duplicate(client, id);
  if (sub == "download") return download(*a, client, id);
  return usageError("unknown subcommand " + sub, kHelp);
}

}  // namespace skein::cli
