// WkClient against the webKnossos-compatible test server (tests/servers/wkserver) on 127.0.0.1:
// response shapes equal the recorded ones, version negotiation, login, two users and visibility,
// read-only access and "copy to my account", Zarr private links with expiry and revoke, sharing
// token revoke, sharing dependencies, the save protocol (409, idempotent retries), fault handling.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QtTest>

#include "core/client/ApiError.h"
#include "core/client/ApiVersion.h"
#include "core/client/SharingDependencies.h"
#include "core/client/UpdateQueue.h"
#include "core/client/WkClient.h"
#include "tests/servers/ServerProcess.h"
#include "tests/servers/WkServerSeed.h"
#include "tests/support/TestEnv.h"

using namespace skein;
using namespace skein::client;
using nlohmann::json;
using skein::test::ServerProcess;

namespace {

using namespace skein::test::wkseed;

WkClientOptions fastOptions() { return fastClientOptions(3000, 3); }

// Same keys (recursively; arrays compare their first elements), ignoring values.
void compareShape(const json& server, const json& recorded, const std::string& where, QStringList& differences) {
  if (recorded.is_object() && server.is_object()) {
    for (const auto& [key, value] : recorded.items()) {
      if (!server.contains(key)) differences << QString::fromStdString(where + "." + key + " missing");
      else compareShape(server[key], value, where + "." + key, differences);
    }
    for (const auto& [key, value] : server.items())
      if (!recorded.contains(key)) differences << QString::fromStdString(where + "." + key + " not recorded");
  } else if (recorded.is_array() && server.is_array() && !recorded.empty() && !server.empty()) {
    compareShape(server[0], recorded[0], where + "[0]", differences);
  }
}

json recordedAnswer(const QString& cassette, const QString& method, const QString& pathPattern) {
  QProcess p;
  p.start("/usr/bin/python3", {skein::test::sourceDir() + "/tests/servers/replay/replay_server.py", "--dump-json",
                               skein::test::fixture("webknossos/cassette__" + cassette + ".yml")});
  p.waitForFinished(30000);
  const QRegularExpression re(pathPattern);
  for (const auto& v : QJsonDocument::fromJson(p.readAllStandardOutput()).array()) {
    const QJsonObject o = v.toObject();
    if (o["method"].toString() == method && re.match(o["path"].toString()).hasMatch())
      return json::parse(QByteArray::fromBase64(o["responseBodyBase64"].toString().toUtf8()).toStdString());
  }
  qFatal("no recorded %s %s in %s", qPrintable(method), qPrintable(pathPattern), qPrintable(cassette));
}

}  // namespace

class TstClientWkServer : public QObject {
  Q_OBJECT

  ServerProcess server_;

  std::unique_ptr<WkClient> client(const std::string& token, const ServerProcess* server = nullptr) {
    auto c = std::make_unique<WkClient>((server ? server : &server_)->url().toStdString(), fastOptions());
    c->setToken(token);
    return c;
  }

  void admin(const QByteArray& method, const QString& path, const json& body = nullptr, const ServerProcess* server = nullptr) {
    WkClient raw((server ? server : &server_)->url().toStdString(), fastOptions());
    HttpRequest request;
    request.method = method;
    request.url = QUrl(path);
    if (!body.is_null()) {
      request.body = QByteArray::fromStdString(body.dump());
      request.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    }
    auto r = awaitResult<HttpResponse>([&](auto cb) { raw.storeCall((server ? server : &server_)->url().toStdString(), request, cb); });
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
  }

  json adminRequests(const ServerProcess& server) {
    WkClient raw(server.url().toStdString(), fastOptions());
    HttpRequest request;
    request.url = QUrl("__admin/requests");
    auto r = awaitResult<HttpResponse>([&](auto cb) { raw.storeCall(server.url().toStdString(), request, cb); });
    return r.ok() ? json::parse(r->body.toStdString()) : json::array();
  }

  std::string newAnnotation(WkClient& c, const std::string& dataset = kPublicDataset) {
    return must(awaitResult<AnnotationInfo>([&](auto cb) { c.createExplorational(dataset, {AnnotationLayerSpec{}}, cb); }),
                "createExplorational")
        .id;
  }

 private slots:
  void initTestCase() {
    QVERIFY2(QFile::exists(ServerProcess::wkServerPath()), qPrintable("missing " + ServerProcess::wkServerPath()));
    QVERIFY2(server_.startWkServer(), qPrintable(server_.error()));
  }

  void responseShapesMatchTheRecordings() {
    auto a = client(kTokenA);
    auto call = [&](const std::string& path, bool versioned = true) {
      WkClient::ApiCall c;
      c.path = path;
      c.versioned = versioned;
      return must(awaitResult<json>([&](auto cb) { a->callJson(c, cb); }), path.c_str());
    };
    const std::string annotationId = newAnnotation(*a);
    struct Case {
      std::string path;
      QString cassette, method, recordedPath;
    };
    const std::vector<Case> cases = {
        {"/user", "test_annotation__test_remote_annotation_list", "GET", "/user$"},
        {"/datasets/" + kPublicDataset, "test_dataset__test_remote_dataset_access_metadata", "GET", "/datasets/59e9"},
        {"/datasets?isActive=true", "test_dataset__test_remote_dataset_access_metadata", "GET", "/datasets$"},
        {"/annotations/" + annotationId + "/info", "test_api_client__test_annotation_info", "GET", "/info$"},
        {"/annotations/readable", "test_annotation__test_remote_annotation_list", "GET", "/readable$"},
        {"/teams", "test_remote_dataset__test_folders_and_teams", "GET", "/teams$"},
        {"/folders/tree", "test_remote_dataset__test_folders_and_teams", "GET", "/folders/tree$"},
        {"/folders/root", "test_remote_dataset__test_folders_and_teams", "GET", "/folders/root$"},
        {"/datasets/" + kPublicDataset + "/sharingToken", "test_remote_dataset__test_remote_dataset__json_only_DERIVED",
         "GET", "/sharingToken$"},
    };
    QStringList differences;
    compareShape(call("/buildinfo", false),
                 recordedAnswer("test_api_client__test_build_info", "GET", "/buildinfo$"), "buildinfo", differences);
    for (const Case& c : cases) {
      std::string path = c.path;
      json answer;
      if (auto q = path.find('?'); q != std::string::npos) {
        WkClient::ApiCall call;
        call.path = path.substr(0, q);
        call.query.emplace_back("isActive", "true");
        answer = must(awaitResult<json>([&](auto cb) { a->callJson(call, cb); }), path.c_str());
      } else {
        answer = call(path);
      }
      compareShape(answer, recordedAnswer(c.cassette, c.method, c.recordedPath), path, differences);
    }
    QVERIFY2(differences.isEmpty(), qPrintable(differences.join("\n")));
  }

  void negotiatesVersions() {
    auto a = client(kTokenA);
    auto info = must(awaitResult<BuildInfo>([&](auto cb) { a->negotiate(cb); }), "negotiate");
    QCOMPARE(info.currentApiVersion, 12);
    QCOMPARE(a->apiVersion(), 12);

    ServerProcess newer;
    QVERIFY2(newer.startWkServer({"--api-version", "18", "--oldest-api-version", "10"}), qPrintable(newer.error()));
    auto n = client(kTokenA, &newer);
    QVERIFY(awaitResult<User>([&](auto cb) { n->currentUser(cb); }).ok());  // negotiates on first use
    QCOMPARE(n->apiVersion(), 16);

    ServerProcess tooNew;
    QVERIFY(tooNew.startWkServer({"--api-version", "20", "--oldest-api-version", "17"}));
    auto t = client(kTokenA, &tooNew);
    auto refused = awaitResult<User>([&](auto cb) { t->currentUser(cb); });
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::Unsupported);
    QVERIFY(QString::fromStdString(refused.error().message).contains("v17…v20"));

    ServerProcess tooOld;
    QVERIFY(tooOld.startWkServer({"--api-version", "8", "--oldest-api-version", "5"}));
    auto o = client(kTokenA, &tooOld);
    auto old = awaitResult<BuildInfo>([&](auto cb) { o->negotiate(cb); });
    QVERIFY(!old.ok());
    QVERIFY(QString::fromStdString(old.error().message).contains("update the server"));
    QCOMPARE(o->apiVersion(), 0);
  }

  void loginWhoamiLogout() {
    WkClient c(server_.url().toStdString(), fastOptions());
    auto bad = awaitResult<std::string>([&](auto cb) { c.login("user_b@example.org", "wrong", cb); });
    QVERIFY(!bad.ok());
    QVERIFY(!c.hasToken());
    auto token = must(awaitResult<std::string>([&](auto cb) { c.login("user_b@example.org", "secret", cb); }), "login");
    QCOMPARE(token, kTokenB);
    auto me = must(awaitResult<User>([&](auto cb) { c.currentUser(cb); }), "whoami");
    QCOMPARE(me.email, std::string("user_b@example.org"));
    QCOMPARE(me.teams.size(), std::size_t(2));
    QVERIFY(awaitStatus([&](auto cb) { c.logout(cb); }).ok());
    QVERIFY(!c.hasToken());
    auto anonymous = awaitResult<User>([&](auto cb) { c.currentUser(cb); });
    QCOMPARE(classify(anonymous.error()), ErrorKind::Auth);
  }

  void datasetsAndPermissions() {
    auto a = client(kTokenA), b = client(kTokenB), anon = client("");
    QCOMPARE(must(awaitResult<std::vector<DatasetInfo>>([&](auto cb) { a->datasets({}, cb); }), "list A").size(), std::size_t(2));
    QCOMPARE(must(awaitResult<std::vector<DatasetInfo>>([&](auto cb) { b->datasets({}, cb); }), "list B").size(), std::size_t(1));
    auto pub = must(awaitResult<std::vector<DatasetInfo>>([&](auto cb) { anon->datasets({}, cb); }), "list anonymous");
    QCOMPARE(pub.size(), std::size_t(1));
    QCOMPARE(pub[0].id, kPublicDataset);
    DatasetQuery q;
    q.searchQuery = "private";
    QCOMPARE(must(awaitResult<std::vector<DatasetInfo>>([&](auto cb) { a->datasets(q, cb); }), "search").size(), std::size_t(1));

    auto denied = awaitResult<DatasetInfo>([&](auto cb) { b->dataset(kPrivateDataset, "", cb); });
    QCOMPARE(classify(denied.error()), ErrorKind::NotFound);
    DatasetUpdate u;
    u.description = std::optional<std::string>("new text");
    u.tags = std::vector<std::string>{"x"};
    auto updated = must(awaitResult<DatasetInfo>([&](auto cb) { a->updateDataset(kPublicDataset, u, cb); }), "update");
    QCOMPARE(*updated.description, std::string("new text"));
    auto forbidden = awaitResult<DatasetInfo>([&](auto cb) { b->updateDataset(kPublicDataset, u, cb); });
    QCOMPARE(classify(forbidden.error()), ErrorKind::Auth);
    QCOMPARE(forbidden.error().httpStatus, 403);
    QVERIFY(QString::fromStdString(forbidden.error().message).contains("not allowed to edit"));

    // Giving team_X3 access lets B (a member) see the private dataset.
    auto teams = must(awaitResult<std::vector<std::string>>(
                          [&](auto cb) { a->setDatasetTeams(kPrivateDataset, {"570b9f4b2a7c0e3b008da6ec", kTeamX3}, cb); }),
                      "teams");
    QCOMPARE(teams.size(), std::size_t(2));
    QVERIFY(awaitResult<DatasetInfo>([&](auto cb) { b->dataset(kPrivateDataset, "", cb); }).ok());
    QVERIFY(awaitResult<std::vector<std::string>>(
                [&](auto cb) { a->setDatasetTeams(kPrivateDataset, {"570b9f4b2a7c0e3b008da6ec"}, cb); })
                .ok());
    QVERIFY(!awaitResult<DatasetInfo>([&](auto cb) { b->dataset(kPrivateDataset, "", cb); }).ok());
  }

  void twoUsersVisibilityReadOnlyAndCopy() {
    auto a = client(kTokenA), b = client(kTokenB), anon = client("");
    const std::string id = newAnnotation(*a);
    auto readableB = [&] {
      auto list = must(awaitResult<std::vector<AnnotationInfo>>([&](auto cb) { b->readableAnnotations(false, cb); }), "readable");
      return std::any_of(list.begin(), list.end(), [&](const AnnotationInfo& x) { return x.id == id; });
    };
    QVERIFY(!readableB());

    // Internal + shared with team_X3: B lists it and opens it read-only.
    QVERIFY(awaitResult<std::vector<std::string>>([&](auto cb) { a->setAnnotationSharedTeams(id, "", {kTeamX3}, cb); }).ok());
    QVERIFY(readableB());
    auto asB = must(awaitResult<AnnotationInfo>([&](auto cb) { b->annotation(id, cb); }), "info as B");
    QVERIFY(asB.restrictions.allowAccess);
    QVERIFY(!asB.restrictions.allowUpdate);
    QCOMPARE(asB.teams.size(), std::size_t(1));
    AnnotationEdit rename;
    rename.name = "mine now";
    auto refused = awaitStatus([&](auto cb) { b->editAnnotation(id, "Explorational", rename, cb); });
    QCOMPARE(classify(refused.error()), ErrorKind::Auth);

    // Copy to my account: B owns the copy and may edit it.
    auto copy = must(awaitResult<AnnotationInfo>([&](auto cb) { b->duplicateAnnotation(id, "", cb); }), "duplicate");
    QVERIFY(copy.id != id);
    QCOMPARE(copy.owner.email, std::string("user_b@example.org"));
    QVERIFY(copy.restrictions.allowUpdate);
    QVERIFY(awaitStatus([&](auto cb) { b->editAnnotation(copy.id, "", rename, cb); }).ok());

    // Private hides it from B (and drops the shared teams); Public opens it even without login.
    AnnotationEdit makePrivate;
    makePrivate.visibility = Visibility::Private;
    QVERIFY(awaitStatus([&](auto cb) { a->editAnnotation(id, "", makePrivate, cb); }).ok());
    QVERIFY(!readableB());
    QCOMPARE(classify(awaitResult<AnnotationInfo>([&](auto cb) { b->annotation(id, cb); }).error()), ErrorKind::NotFound);
    QVERIFY(must(awaitResult<std::vector<Team>>([&](auto cb) { a->annotationSharedTeams(id, "", cb); }), "teams").empty());
    AnnotationEdit makePublic;
    makePublic.visibility = Visibility::Public;
    QVERIFY(awaitStatus([&](auto cb) { a->editAnnotation(id, "", makePublic, cb); }).ok());
    auto seen = must(awaitResult<AnnotationInfo>([&](auto cb) { anon->annotation(id, cb); }), "anonymous info");
    QCOMPARE(seen.visibility, Visibility::Public);
    QVERIFY(!seen.restrictions.allowUpdate);

    // Finish and reopen.
    QCOMPARE(must(awaitResult<AnnotationInfo>([&](auto cb) { a->finishAnnotation(id, "", cb); }), "finish").state,
             std::string("Finished"));
    QCOMPARE(must(awaitResult<AnnotationInfo>([&](auto cb) { a->reopenAnnotation(id, "", cb); }), "reopen").state,
             std::string("Active"));
  }

  void uploadAndDownloadRoundTrip() {
    auto a = client(kTokenA);
    QFile f(skein::test::fixture("webknossos/nml__testdata_nmls__test_a.nml"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray nml = f.readAll();
    UploadOptions options;
    options.datasetId = kPublicDataset;
    auto ref = must(awaitResult<AnnotationRef>([&](auto cb) { a->uploadAnnotations({{"test_a.nml", nml}}, options, cb); }),
                    "upload");
    auto file = must(awaitResult<DownloadedFile>([&](auto cb) { a->downloadAnnotation(ref.id, {}, cb); }), "download");
    QCOMPARE(file.data, nml);
    QCOMPARE(file.fileName, std::string("test_a.nml"));
    QCOMPARE(file.contentType, std::string("application/xml"));
    auto bad = awaitResult<AnnotationRef>([&](auto cb) { a->uploadAnnotations({{"x.nml", "not xml"}}, options, cb); });
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().httpStatus, 400);
    QVERIFY(QString::fromStdString(bad.error().message).contains("neither an NML nor a zip"));
  }

  void zarrPrivateLinksCreateExpireRevoke() {
    auto a = client(kTokenA), b = client(kTokenB), anon = client("");
    const std::string id = newAnnotation(*a, kPrivateDataset);
    auto link = must(awaitResult<ZarrPrivateLink>([&](auto cb) { a->createZarrPrivateLink(id, std::nullopt, cb); }), "create");
    QVERIFY(!link.accessToken.empty());
    QVERIFY(!link.expirationDateTime);
    auto links = must(awaitResult<std::vector<ZarrPrivateLink>>([&](auto cb) { a->zarrPrivateLinks(id, cb); }), "list");
    QCOMPARE(links.size(), std::size_t(1));

    // The link opens the (private) dataset's data for anyone who has it.
    const std::string url = zarrPrivateLinkUrl(server_.url().toStdString(), link.accessToken, "") + "/datasource-properties.json";
    auto open = [&] {
      HttpRequest r;
      r.url = QUrl(QString::fromStdString(url));
      return awaitResult<HttpResponse>([&](auto cb) { anon->storeCall(server_.url().toStdString(), r, cb); });
    };
    QVERIFY(open().ok());

    auto expired = must(awaitResult<ZarrPrivateLink>([&](auto cb) { a->setZarrPrivateLinkExpiry(link.id, 1000, cb); }), "expire");
    QCOMPARE(*expired.expirationDateTime, std::int64_t(1000));
    auto gone = open();
    QVERIFY(!gone.ok());
    QVERIFY(QString::fromStdString(gone.error().message).contains("Token expired"));
    QVERIFY(awaitResult<ZarrPrivateLink>([&](auto cb) { a->setZarrPrivateLinkExpiry(link.id, std::nullopt, cb); }).ok());
    QVERIFY(open().ok());

    QCOMPARE(classify(awaitResult<ZarrPrivateLink>([&](auto cb) { b->createZarrPrivateLink(id, std::nullopt, cb); }).error()),
             ErrorKind::Auth);
    QVERIFY(awaitStatus([&](auto cb) { a->deleteZarrPrivateLink(link.id, cb); }).ok());
    QCOMPARE(classify(open().error()), ErrorKind::NotFound);
  }

  void sharingTokenGrantsAndRevokeDenies() {
    auto a = client(kTokenA), anon = client("");
    const std::string token = must(awaitResult<std::string>([&](auto cb) { a->datasetSharingToken(kPrivateDataset, cb); }), "token");
    QCOMPARE(must(awaitResult<std::string>([&](auto cb) { a->datasetSharingToken(kPrivateDataset, cb); }), "again"), token);
    QVERIFY(awaitResult<DatasetInfo>([&](auto cb) { anon->dataset(kPrivateDataset, token, cb); }).ok());
    auto datasource = [&] {
      HttpRequest r;
      r.url = QUrl(QString::fromStdString(datastoreZarrPath(12, {kPrivateDataset, "", ""}) + "/datasource-properties.json?token=" + token));
      return awaitResult<HttpResponse>([&](auto cb) { anon->storeCall(server_.url().toStdString(), r, cb); });
    };
    QVERIFY(datasource().ok());
    QVERIFY(awaitStatus([&](auto cb) { a->revokeDatasetSharingToken(kPrivateDataset, cb); }).ok());
    QCOMPARE(classify(awaitResult<DatasetInfo>([&](auto cb) { anon->dataset(kPrivateDataset, token, cb); }).error()),
             ErrorKind::NotFound);
    QCOMPARE(classify(datasource().error()), ErrorKind::Auth);
  }

  void publicAnnotationOnPrivateDatasetWarns() {
    auto a = client(kTokenA);
    auto ds = must(awaitResult<DatasetInfo>([&](auto cb) { a->dataset(kPrivateDataset, "", cb); }), "dataset");
    SharingPlan plan;
    plan.visibility = Visibility::Public;
    auto issues = checkSharingDependencies(plan, ds);
    QCOMPARE(issues.size(), std::size_t(1));
    QCOMPARE(issues[0].kind, SharingIssue::Kind::DatasetNotPublic);
    QCOMPARE(issues[0].fixes.size(), std::size_t(2));
    plan.linkIncludesSharingToken = true;
    QVERIFY(checkSharingDependencies(plan, ds).empty());
    auto pub = must(awaitResult<DatasetInfo>([&](auto cb) { a->dataset(kPublicDataset, "", cb); }), "public dataset");
    plan.linkIncludesSharingToken = false;
    QVERIFY(checkSharingDependencies(plan, pub).empty());
    // Shared with a team that cannot see the private dataset.
    plan.visibility = Visibility::Internal;
    plan.sharedTeamIds = {kTeamX3};
    issues = checkSharingDependencies(plan, ds);
    QCOMPARE(issues.size(), std::size_t(1));
    QCOMPARE(issues[0].kind, SharingIssue::Kind::TeamCannotSeeDataset);
  }

  void saveProtocolWithConflictAndIdempotentRetry() {
    auto a = client(kTokenA);
    const std::string id = newAnnotation(*a);
    const std::string ts = server_.url().toStdString();
    QCOMPARE(must(awaitResult<std::int64_t>([&](auto cb) { a->newestVersion(ts, id, cb); }), "newest"), std::int64_t(0));

    UpdateQueue::Options options;
    options.initialRetryMs = 20;
    options.maxActionsPerGroup = 2;
    UpdateQueue queue([&](const json& groups, StatusCallback done) { a->postUpdateGroups(ts, id, groups, done); },
                      "570b9f4d2a7c0e4d008da6ef", 0, options);
    auto waitIdle = [&] {
      QTRY_VERIFY_WITH_TIMEOUT(queue.state() != UpdateQueue::State::Sending &&
                                   queue.state() != UpdateQueue::State::WaitingToRetry,
                               10000);
    };
    auto node = [](int n) { return UpdateAction{"createNode", {{"id", n}, {"treeId", 1}, {"position", {n, n, n}}}}; };
    queue.push({node(1), node(2), node(3)});  // one transaction in two groups
    queue.push({node(4)});
    waitIdle();
    QCOMPARE(queue.state(), UpdateQueue::State::Idle);
    QCOMPARE(queue.acknowledgedVersion(), std::int64_t(2));
    QCOMPARE(must(awaitResult<std::int64_t>([&](auto cb) { a->newestVersion(ts, id, cb); }), "newest"), std::int64_t(2));

    // The server applies the request but the answer is lost (three times, more than Qt's own
    // resends on a dropped keep-alive connection): the queue resends the same
    // transaction, the server ignores the replay, and the version moves by one only.
    admin("POST", "__admin/faults", {{"rules", {{{"method", "POST"}, {"path", "/update$"}, {"action", "dropAfterHandling"}, {"times", 3}}}}});
    QSignalSpy retrying(&queue, &UpdateQueue::retrying);
    queue.push({node(5)});
    waitIdle();
    QCOMPARE(queue.state(), UpdateQueue::State::Idle);
    QVERIFY(retrying.count() >= 1);
    QCOMPARE(queue.acknowledgedVersion(), std::int64_t(3));
    QCOMPARE(must(awaitResult<std::int64_t>([&](auto cb) { a->newestVersion(ts, id, cb); }), "newest"), std::int64_t(3));

    // 503 twice: retried automatically.
    admin("POST", "__admin/faults", {{"rules", {{{"method", "POST"}, {"path", "/update$"}, {"action", "status"}, {"status", 503}, {"times", 2}}}}});
    queue.push({node(6)});
    waitIdle();
    QCOMPARE(queue.acknowledgedVersion(), std::int64_t(4));

    // Someone else saved version 5: our next transaction conflicts and is kept, not forced.
    const json other = json::array({{{"version", 5}, {"timestamp", 1}, {"authorId", "x"}, {"actions", json::array()},
                                     {"transactionId", "other-session"}, {"transactionGroupCount", 1},
                                     {"transactionGroupIndex", 0}}});
    QVERIFY(awaitStatus([&](auto cb) { a->postUpdateGroups(ts, id, other, cb); }).ok());
    QSignalSpy conflicts(&queue, &UpdateQueue::conflict);
    queue.push({node(7)});
    waitIdle();
    QCOMPARE(queue.state(), UpdateQueue::State::Conflict);
    QCOMPARE(conflicts.count(), 1);
    QVERIFY(conflicts.at(0).at(0).toString().contains("Incorrect version"));
    QCOMPARE(queue.pendingCount(), std::size_t(1));
    queue.push({node(8)});  // still queued, nothing sent while in conflict
    QCOMPARE(queue.pendingCount(), std::size_t(2));
    QCOMPARE(queue.state(), UpdateQueue::State::Conflict);

    // The user chooses to replay on top of the server's version.
    const auto newest = must(awaitResult<std::int64_t>([&](auto cb) { a->newestVersion(ts, id, cb); }), "newest");
    QCOMPARE(newest, std::int64_t(5));
    queue.rebase(newest);
    waitIdle();
    QCOMPARE(queue.state(), UpdateQueue::State::Idle);
    QCOMPARE(queue.acknowledgedVersion(), std::int64_t(7));

    // A reader cannot save (403 → stopped, changes kept).
    auto b = client(kTokenB);
    AnnotationEdit share;
    share.visibility = Visibility::Public;
    QVERIFY(awaitStatus([&](auto cb) { a->editAnnotation(id, "", share, cb); }).ok());
    UpdateQueue readerQueue([&](const json& g, StatusCallback done) { b->postUpdateGroups(ts, id, g, done); }, "b", 7);
    readerQueue.push({node(9)});
    QTRY_COMPARE_WITH_TIMEOUT(readerQueue.state(), UpdateQueue::State::Stopped, 10000);
    QCOMPARE(readerQueue.pendingCount(), std::size_t(1));
    QCOMPARE(classify(*readerQueue.lastError()), ErrorKind::Auth);
  }

  void storeTokenIsRefreshedOn403() {
    auto a = client(kTokenA);
    const std::string id = newAnnotation(*a);
    QVERIFY(awaitResult<std::int64_t>([&](auto cb) { a->newestVersion(server_.url().toStdString(), id, cb); }).ok());
    admin("POST", "__admin/expireStoreTokens");
    QVERIFY(awaitResult<std::int64_t>([&](auto cb) { a->newestVersion(server_.url().toStdString(), id, cb); }).ok());
  }

  void faultsRetriesAndTimeouts() {
    auto a = client(kTokenA);
    QVERIFY(awaitResult<User>([&](auto cb) { a->currentUser(cb); }).ok());
    admin("POST", "__admin/faults", {{"rules", {{{"method", "GET"}, {"path", "^/api/v12/teams$"}, {"action", "status"}, {"status", 503}, {"times", 2}}}}});
    QVERIFY(awaitResult<std::vector<Team>>([&](auto cb) { a->teams(cb); }).ok());  // two retries

    admin("POST", "__admin/faults", {{"rules", {{{"method", "GET"}, {"path", "^/api/v12/teams$"}, {"action", "drop"}, {"times", 1}}}}});
    QVERIFY(awaitResult<std::vector<Team>>([&](auto cb) { a->teams(cb); }).ok());  // dropped once, retried

    admin("POST", "__admin/faults", {{"rules", {{{"method", "GET"}, {"path", "^/api/v12/teams$"}, {"action", "status"}, {"status", 500}, {"times", 1}}}}});
    auto e500 = awaitResult<std::vector<Team>>([&](auto cb) { a->teams(cb); });  // not transient: no retry
    QCOMPARE(classify(e500.error()), ErrorKind::Server);
    QCOMPARE(e500.error().httpStatus, 500);

    admin("POST", "__admin/faults", {{"rules", {{{"method", "POST"}, {"path", "/createExplorational$"}, {"action", "status"}, {"status", 503}, {"times", 1}}}}});
    auto post = awaitResult<AnnotationInfo>([&](auto cb) { a->createExplorational(kPublicDataset, {AnnotationLayerSpec{}}, cb); });
    QCOMPARE(post.error().httpStatus, 503);  // POST is not idempotent: not retried

    admin("POST", "__admin/faults", {{"rules", {{{"method", "GET"}, {"path", "^/api/v12/user$"}, {"action", "status"}, {"status", 401}, {"times", 1}}}}});
    auto midSession = awaitResult<User>([&](auto cb) { a->currentUser(cb); });
    QCOMPARE(classify(midSession.error()), ErrorKind::Auth);

    WkClientOptions slow = fastOptions();
    slow.http.timeoutMs = 300;
    slow.http.maxRetries = 1;
    WkClient impatient(server_.url().toStdString(), slow);
    impatient.setToken(kTokenA);
    admin("POST", "__admin/faults", {{"rules", {{{"method", "GET"}, {"path", "^/api/v12/folders/tree$"}, {"action", "delay"}, {"delayMs", 1500}, {"times", 2}}}}});
    auto late = awaitResult<std::vector<Folder>>([&](auto cb) { impatient.folderTree(cb); });
    QCOMPARE(classify(late.error()), ErrorKind::Network);
    QVERIFY(QString::fromStdString(late.error().message).contains("timed out"));
    admin("DELETE", "__admin/faults");
  }
};

QTEST_GUILESS_MAIN(TstClientWkServer)
#include "tst_client_wkserver.moc"
