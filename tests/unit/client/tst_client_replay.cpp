// WkClient against the recorded traffic of a real webKnossos server (Proxay tapes in
// ../shared/fixtures/webknossos/, replayed by tests/servers/replay/replay_server.py on 127.0.0.1).
// Checks that every recorded answer parses, and — with body checking on — that the client sends
// exactly the request bodies the recording has (JSON, PATCH team arrays, multipart uploads).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

#include "core/client/ApiError.h"
#include "core/client/ApiJson.h"
#include "core/client/WkClient.h"
#include "tests/servers/ServerProcess.h"
#include "tests/support/TestEnv.h"

using namespace skein;
using namespace skein::client;
using skein::test::ServerProcess;

namespace {

QString cassette(const QString& name) { return skein::test::fixture("webknossos/cassette__" + name + ".yml"); }

const QString kBuildInfo = cassette("test_api_client__test_build_info");
const QString kDatasetInfo = cassette("test_api_client__test_dataset_info");
const QString kAnnotationInfo = cassette("test_api_client__test_annotation_info");
const QString kAnnotationList = cassette("test_annotation__test_remote_annotation_list");
const QString kBoundingBox = cassette("test_annotation__test_bounding_box_roundtrip");
const QString kFoldersTeams = cassette("test_remote_dataset__test_folders_and_teams");
const QString kAccessMetadata = cassette("test_dataset__test_remote_dataset_access_metadata");
const QString kRemoteDataset = cassette("test_remote_dataset__test_remote_dataset__json_only_DERIVED");

WkClientOptions fastOptions() {
  WkClientOptions o;
  o.http.timeoutMs = 10000;
  o.http.maxRetries = 1;
  o.http.initialBackoffMs = 10;
  return o;
}

// The recorded interactions as JSON (the replay server's --dump-json), for recorded bodies.
QJsonArray dumpCassettes(const QStringList& cassettes) {
  QProcess p;
  p.start("/usr/bin/python3", QStringList{skein::test::sourceDir() + "/tests/servers/replay/replay_server.py",
                                          "--dump-json"} + cassettes);
  if (!p.waitForFinished(30000) || p.exitCode() != 0) qFatal("--dump-json failed: %s", p.readAllStandardError().constData());
  return QJsonDocument::fromJson(p.readAllStandardOutput()).array();
}

// The content of the multipart part called `name` in a recorded body.
QByteArray multipartPart(const QByteArray& body, const QByteArray& contentType, const QByteArray& name) {
  const QByteArray boundary = "--" + contentType.mid(contentType.indexOf("boundary=") + 9);
  qsizetype pos = 0;
  while ((pos = body.indexOf(boundary, pos)) >= 0) {
    const qsizetype headerEnd = body.indexOf("\r\n\r\n", pos);
    const qsizetype next = body.indexOf(boundary, pos + boundary.size());
    if (headerEnd < 0 || next < 0) break;
    const QByteArray header = body.mid(pos, headerEnd - pos);
    if (header.contains("name=\"" + name + "\"")) return body.mid(headerEnd + 4, next - 2 - (headerEnd + 4));
    pos = next;
  }
  return {};
}

}  // namespace

class TstClientReplay : public QObject {
  Q_OBJECT

  std::unique_ptr<ServerProcess> startReplay(const QStringList& cassettes, const QStringList& args = {"--check-bodies"}) {
    auto server = std::make_unique<ServerProcess>();
    if (!server->startReplay(cassettes, args)) qFatal("%s", qPrintable(server->error()));
    return server;
  }

  std::unique_ptr<WkClient> clientFor(const ServerProcess& server, const std::string& token = "test-token") {
    auto client = std::make_unique<WkClient>(server.url().toStdString(), fastOptions());
    client->setToken(token);
    return client;
  }

 private slots:
  void negotiatesFromRecordedBuildInfo() {
    auto server = startReplay({kBuildInfo});
    auto client = clientFor(*server);
    auto info = awaitResult<BuildInfo>([&](auto cb) { client->negotiate(cb); });
    QVERIFY2(info.ok(), info.ok() ? "" : info.error().message.c_str());
    QCOMPARE(info->currentApiVersion, 12);
    QCOMPARE(info->oldestSupportedApiVersion, 5);
    QCOMPARE(info->commitHash, std::string("1b4f2402e8bc2a3a9e7e1584b1e5dc9b3bb0813c"));
    QCOMPARE(info->schemaVersion, 145);
    QVERIFY(info->localDataStoreEnabled);
    QCOMPARE(client->apiVersion(), 12);
  }

  void datasetInfoAndLegacyResolve() {
    auto server = startReplay({kBuildInfo, kDatasetInfo});
    auto client = clientFor(*server);
    auto identity = awaitResult<DatasetIdentity>(
        [&](auto cb) { client->resolveDataset("Organization_X", "l4_sample", "", cb); });
    QVERIFY2(identity.ok(), identity.ok() ? "" : identity.error().message.c_str());
    QCOMPARE(identity->id, std::string("59e9cfbdba632ac2ab8b23b5"));
    auto ds = awaitResult<DatasetInfo>([&](auto cb) { client->dataset(identity->id, "", cb); });
    QVERIFY2(ds.ok(), ds.ok() ? "" : ds.error().message.c_str());
    QCOMPARE(ds->name, std::string("l4_sample"));
    QCOMPARE(ds->owningOrganization, std::string("Organization_X"));
    QVERIFY(ds->isPublic && ds->isActive && ds->isEditable);
    QCOMPARE(*ds->description, std::string("This is a test description"));
    QCOMPARE(ds->layers.size(), std::size_t(2));
    QCOMPARE(ds->layers[0].name, std::string("color"));
    QCOMPARE(ds->layers[0].elementClass, std::string("uint8"));
    QCOMPARE(ds->layers[0].dataFormat, std::string("wkw"));
    QCOMPARE(ds->layers[0].mags.size(), std::size_t(5));
    QCOMPARE(ds->layers[0].mags[3], (Vec3i{8, 8, 2}));
    QCOMPARE(ds->layers[1].boundingBox, (Box3i{{3072, 3072, 512}, {1024, 1024, 1024}}));
    QCOMPARE(ds->segmentationLayerNames, std::vector<std::string>{"segmentation"});
    QCOMPARE(ds->voxelSize.z, 28.0);
    QCOMPARE(ds->voxelUnit, std::string("nanometer"));
    QCOMPARE(ds->allowedTeams.size(), std::size_t(1));
    QCOMPARE(ds->allowedTeams[0].name, std::string("team_X1"));
    // The recorded localhost:9000 store URL is rewritten to the replay server.
    QCOMPARE(QString::fromStdString(ds->dataStore.url), server->url());
    QVERIFY(ds->raw.contains("metadata"));
  }

  void annotationInfoAndReadableList() {
    auto server = startReplay({kBuildInfo, kAnnotationInfo, kAnnotationList});
    auto client = clientFor(*server);
    auto a = awaitResult<AnnotationInfo>([&](auto cb) { client->annotation("570ba0092a7c0e980056fe9b", cb); });
    QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
    QCOMPARE(a->typ, std::string("Explorational"));
    QCOMPARE(a->visibility, Visibility::Internal);
    QCOMPARE(a->datasetId, std::string("570b9f4e4bb848d0885ee711"));
    QCOMPARE(a->datasetName, std::string("2012-06-28_Cortex"));
    QCOMPARE(a->layers.size(), std::size_t(1));
    QCOMPARE(a->layers[0].tracingId, std::string("ae417175-f7bb-4a34-8187-d9c3b50143ae"));
    QCOMPARE(a->owner.email, std::string("user_a@scalableminds.com"));
    QVERIFY(a->restrictions.allowUpdate && a->restrictions.allowDownload);
    QCOMPARE(QString::fromStdString(a->tracingStore.url), server->url());
    QCOMPARE(a->tags, (std::vector<std::string>{"2012-06-28_Cortex", "skeleton"}));

    auto list = awaitResult<std::vector<AnnotationInfo>>([&](auto cb) { client->readableAnnotations(false, cb); });
    QVERIFY2(list.ok(), list.ok() ? "" : list.error().message.c_str());
    QCOMPARE(list->size(), std::size_t(5));
    QCOMPARE(list->at(0).visibility, Visibility::Public);
    QVERIFY(list->at(0).othersMayEdit);
    QCOMPARE(list->at(1).layers.size(), std::size_t(2));
    QCOMPARE(list->at(1).layers[1].typ, std::string("Volume"));
    QCOMPARE(list->at(1).owner.firstName, std::string("user_A"));

    auto user = awaitResult<User>([&](auto cb) { client->currentUser(cb); });
    QVERIFY(user.ok());
    QCOMPARE(user->teams.size(), std::size_t(3));
    QVERIFY(user->teams[0].isTeamManager);
    QCOMPARE(user->organization, std::string("Organization_X"));
  }

  void uploadSendsTheRecordedMultipartAndDownloads() {
    const QJsonArray recorded = dumpCassettes({kBoundingBox});
    QByteArray zip, contentType;
    for (const auto& v : recorded) {
      const QJsonObject o = v.toObject();
      if (o["method"].toString() != "POST") continue;
      contentType = o["requestContentType"].toString().toUtf8();
      zip = multipartPart(QByteArray::fromBase64(o["requestBodyBase64"].toString().toUtf8()), contentType,
                          "test_bounding_box_roundtrip.zip");
    }
    QVERIFY(zip.startsWith("PK"));

    auto server = startReplay({kBuildInfo, kBoundingBox});
    auto client = clientFor(*server);
    UploadOptions options;
    options.createGroupForEachFile = false;
    auto ref = awaitResult<AnnotationRef>(
        [&](auto cb) { client->uploadAnnotations({{"test_bounding_box_roundtrip.zip", zip}}, options, cb); });
    QVERIFY2(ref.ok(), ref.ok() ? "" : ref.error().message.c_str());
    QCOMPARE(ref->id, std::string("69270ba2010000ca00110a9a"));
    QCOMPARE(ref->typ, std::string("Explorational"));

    DownloadOptions d;
    d.skipVolumeData = true;
    auto file = awaitResult<DownloadedFile>([&](auto cb) { client->downloadAnnotation(ref->id, d, cb); });
    QVERIFY2(file.ok(), file.ok() ? "" : file.error().message.c_str());
    QCOMPARE(file->fileName, std::string("test_bounding_box_roundtrip.nml"));
    QCOMPARE(file->contentType, std::string("application/xml"));
    QVERIFY(file->data.startsWith("<things>"));
    QVERIFY(file->data.contains("userBoundingBox"));

    // A different file is not what was recorded: the replay server rejects it.
    auto other = awaitResult<AnnotationRef>(
        [&](auto cb) { client->uploadAnnotations({{"test_bounding_box_roundtrip.zip", zip + "x"}}, options, cb); });
    QVERIFY(!other.ok());
    QCOMPARE(other.error().httpStatus, 400);
    QVERIFY(QString::fromStdString(other.error().message).contains("differs"));
  }

  void teamsAndFolders() {
    auto server = startReplay({kBuildInfo, kFoldersTeams});
    auto client = clientFor(*server);
    auto teams = awaitResult<std::vector<Team>>([&](auto cb) { client->teams(cb); });
    QVERIFY2(teams.ok(), teams.ok() ? "" : teams.error().message.c_str());
    QCOMPARE(teams->size(), std::size_t(5));
    QVERIFY(teams->at(0).isOrganizationTeam);
    QCOMPARE(teams->at(4).name, std::string("test_team"));
    auto tree = awaitResult<std::vector<Folder>>([&](auto cb) { client->folderTree(cb); });
    QVERIFY2(tree.ok(), tree.ok() ? "" : tree.error().message.c_str());
    QCOMPARE(tree->size(), std::size_t(5));
    QVERIFY(!tree->back().parent.has_value());
    QCOMPARE(*tree->at(3).parent, std::string("6981f8bace00002675ee2487"));
  }

  void datasetListWithFilters() {
    auto server = startReplay({kBuildInfo, kAccessMetadata});
    auto client = clientFor(*server);
    DatasetQuery q;
    q.isActive = true;
    q.organizationId = "Organization_X";
    q.searchQuery = "l4_sample";
    auto list = awaitResult<std::vector<DatasetInfo>>([&](auto cb) { client->datasets(q, cb); });
    QVERIFY2(list.ok(), list.ok() ? "" : list.error().message.c_str());
    QCOMPARE(list->size(), std::size_t(1));
    QCOMPARE(list->at(0).id, std::string("59e9cfbdba632ac2ab8b23b5"));
    QCOMPARE(list->at(0).colorLayerNames, std::vector<std::string>{"color"});
    QVERIFY(!list->at(0).description.has_value());
    QVERIFY(list->at(0).raw.is_null());  // lists stay lean

    // Another filter was not recorded: a clear not-found error with the replay server's message.
    q.searchQuery = "other";
    auto none = awaitResult<std::vector<DatasetInfo>>([&](auto cb) { client->datasets(q, cb); });
    QVERIFY(!none.ok());
    QCOMPARE(classify(none.error()), ErrorKind::NotFound);
    QVERIFY(QString::fromStdString(none.error().message).contains("no recorded interaction"));
  }

  void datasetUpdatesSendRecordedBodies() {
    auto server = startReplay({kBuildInfo, kRemoteDataset});
    auto client = clientFor(*server);
    const std::string id = "6980c7fbd10000c2de2cc07c";

    DatasetUpdate describe;
    describe.description = std::optional<std::string>("My awesome test description");
    auto r = awaitResult<DatasetInfo>([&](auto cb) { client->updateDataset(id, describe, cb); });
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(*r->description, std::string("My awesome test description"));

    DatasetUpdate clear;
    clear.description = std::optional<std::string>();  // {"description": null}
    r = awaitResult<DatasetInfo>([&](auto cb) { client->updateDataset(id, clear, cb); });
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QVERIFY(!r->description.has_value());

    DatasetUpdate makePublic;
    makePublic.isPublic = true;
    QVERIFY(awaitResult<DatasetInfo>([&](auto cb) { client->updateDataset(id, makePublic, cb); }).ok());

    DatasetUpdate tags;
    tags.tags = std::vector<std::string>{"category 0", "category 1"};
    r = awaitResult<DatasetInfo>([&](auto cb) { client->updateDataset(id, tags, cb); });
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r->tags, (std::vector<std::string>{"category 0", "category 1"}));

    DatasetUpdate folder;
    folder.folderId = "570b9f4e4bb848d08880712a";
    r = awaitResult<DatasetInfo>([&](auto cb) { client->updateDataset(id, folder, cb); });
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r->folderId, std::string("570b9f4e4bb848d08880712a"));

    // A body that was never recorded is refused by the replay server (400, the server's message).
    DatasetUpdate unrecorded;
    unrecorded.name = "renamed";
    auto bad = awaitResult<DatasetInfo>([&](auto cb) { client->updateDataset(id, unrecorded, cb); });
    QVERIFY(!bad.ok());
    QCOMPARE(classify(bad.error()), ErrorKind::Server);
    QVERIFY(QString::fromStdString(bad.error().message).contains("JSON body differs"));

    auto teams = awaitResult<std::vector<std::string>>(
        [&](auto cb) { client->setDatasetTeams(id, {"570b9f4b2a7c0e3b008da6ec"}, cb); });
    QVERIFY2(teams.ok(), teams.ok() ? "" : teams.error().message.c_str());
    QCOMPARE(*teams, std::vector<std::string>{"570b9f4b2a7c0e3b008da6ec"});

    auto sharing = awaitResult<std::string>([&](auto cb) { client->datasetSharingToken(id, cb); });
    QVERIFY2(sharing.ok(), sharing.ok() ? "" : sharing.error().message.c_str());
    QCOMPARE(*sharing, std::string("DbVgc6U3IksnvSwD7plsRA"));
  }

  void tokenIsSentAndRequired() {
    auto server = startReplay({kBuildInfo, kAnnotationInfo}, {"--require-token", "s3cret-token-value"});
    auto good = clientFor(*server, "s3cret-token-value");
    QVERIFY(awaitResult<AnnotationInfo>([&](auto cb) { good->annotation("570ba0092a7c0e980056fe9b", cb); }).ok());
    auto anonymous = clientFor(*server, "");
    auto denied = awaitResult<AnnotationInfo>([&](auto cb) { anonymous->annotation("570ba0092a7c0e980056fe9b", cb); });
    QVERIFY(!denied.ok());
    QCOMPARE(classify(denied.error()), ErrorKind::Auth);
    QCOMPARE(denied.error().httpStatus, 401);
  }

  // Every JSON answer in every cassette parses with the parser for its endpoint.
  void everyRecordedJsonAnswerParses() {
    const QJsonArray all = dumpCassettes({kBuildInfo, kDatasetInfo, kAnnotationInfo, kAnnotationList, kBoundingBox,
                                          kFoldersTeams, kAccessMetadata, kRemoteDataset});
    QVERIFY(all.size() > 100);
    const QRegularExpression id("/[0-9a-f]{24}");
    int parsed = 0;
    for (const auto& v : all) {
      const QJsonObject o = v.toObject();
      if (!o["responseContentType"].toString().startsWith("application/json")) continue;
      const QByteArray body = QByteArray::fromBase64(o["responseBodyBase64"].toString().toUtf8());
      if (body.isEmpty() || o["status"].toInt() != 200) continue;
      const QString method = o["method"].toString();
      QString path = o["path"].toString();
      path.replace(QRegularExpression("^/(api|data)/v\\d+"), "").replace(id, "/:id");
      auto j = parseJsonText(body.toStdString(), path.toStdString());
      QVERIFY(j.ok());
      Status s;
      auto check = [&s](const auto& r) { s = r.ok() ? Status() : Status(r.error()); };
      if (path == "/buildinfo") check(parseBuildInfo(*j));
      else if (path == "/user") check(parseUser(*j));
      else if (path == "/datasets") {
        check(parseDatasets(*j));
        // The fast list parser reads the same recorded answers to the same summaries.
        auto fast = parseDatasetList(body.toStdString());
        QVERIFY2(fast.ok(), fast.ok() ? "" : fast.error().message.c_str());
        auto dom = parseDatasets(*j);
        QCOMPARE(fast->size(), dom->size());
        for (std::size_t i = 0; i < fast->size(); ++i) {
          QCOMPARE(fast->at(i).id, dom->at(i).id);
          QCOMPARE(fast->at(i).colorLayerNames, dom->at(i).colorLayerNames);
          QCOMPARE(fast->at(i).allowedTeams.size(), dom->at(i).allowedTeams.size());
        }
      }
      else if (path == "/datasets/:id" || path == "/datasets/:id/updatePartial") check(parseDataset(*j));
      else if (path == "/datasets/:id/teams") check(parseStringArray(*j, "teams"));
      else if (path == "/datasets/disambiguate/Organization_X/l4_sample/toId") check(parseDatasetIdentity(*j));
      else if (path == "/annotations/readable") check(parseAnnotations(*j));
      else if (path == "/annotations/:id/info") check(parseAnnotation(*j));
      else if (path == "/annotations/upload") check(parseUploadAnswer(*j));
      else if (path == "/teams" && method == "GET") check(parseTeams(*j));
      else if (path == "/teams" && method == "POST") check(parseTeam(*j));
      else if (path == "/folders/tree") check(parseFolders(*j));
      else if (path.startsWith("/folders/") && method != "DELETE") check(parseFolder(*j));
      else continue;
      QVERIFY2(s.ok(), qPrintable(path + ": " + QString::fromStdString(s.ok() ? "" : s.error().message)));
      ++parsed;
    }
    QVERIFY2(parsed >= 80, qPrintable(QString::number(parsed)));
  }
};

QTEST_GUILESS_MAIN(TstClientReplay)
#include "tst_client_replay.moc"
