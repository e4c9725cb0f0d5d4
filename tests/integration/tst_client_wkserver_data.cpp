// Voxel data through the webKnossos-compatible test server (tests/servers/wkserver started with
// --data-dir on a `skeinctl sample create --format zarr` folder), end to end with skein's own
// readers: the datastore's Zarr streaming answers the sample's bytes; private datasets need a
// token; a Zarr private link reads without login until it is revoked (then 404); a dataset
// sharing token grants anonymous reads until it is replaced; a resumable dataset upload survives
// dropped connections (and resumes a failed upload by its id) and reads back byte-identical; short
// links resolve to their long link and its position (WkClient and `skeinctl link shorten|resolve`).
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "core/client/DatasetUpload.h"
#include "core/client/ShareLink.h"
#include "core/client/WkClient.h"
#include "core/dataset/OpenDataset.h"
#include "core/dataset/ReadBox.h"
#include "core/store/StoreOpener.h"
#include "tests/integration/SkeinctlRun.h"
#include "tests/servers/ServerProcess.h"
#include "tests/servers/WkServerSeed.h"
#include "tests/support/TestEnv.h"

using namespace skein;
using namespace skein::client;
using nlohmann::json;
using skein::test::ServerProcess;

namespace {

using namespace skein::test::wkseed;

WkClientOptions fastOptions() { return fastClientOptions(15000, 2); }

// Reads a box of a layer through skein's dataset reader (local folder or URL).
Result<QByteArray> readBoxAt(const std::string& location, const std::string& layer, Vec3i mag, Box3i box) {
  StoreOpener opener;
  auto dataset = openDataset(opener, location);
  if (!dataset.ok()) return dataset.error();
  QByteArray out;
  if (Status s = readDatasetBox(&opener, dataset.value(), layer, mag, box, out); !s.ok()) return s.error();
  return out;
}

QByteArray fileBytes(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Every chunk file of a mag folder ("0/1/0/1" with "/" separators) as its datastore key "0.1.0.1".
QStringList chunkKeys(const QString& magDir) {
  QStringList keys;
  QDirIterator it(magDir, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QString rel = QDir(magDir).relativeFilePath(it.next());
    if (!rel.startsWith('.')) keys << QString(rel).replace('/', '.');
  }
  keys.sort();
  return keys;
}

}  // namespace

class TstClientWkServerData : public QObject {
  Q_OBJECT

  QTemporaryDir work_;
  QString sampleDir_;
  ServerProcess server_;

  std::string url() const { return server_.url().toStdString(); }

  std::unique_ptr<WkClient> client(const std::string& token) {
    auto c = std::make_unique<WkClient>(url(), fastOptions());
    if (!token.empty()) c->setToken(token);
    return c;
  }

  // GET of an absolute URL without any token.
  Result<HttpResponse> anonymousGet(const std::string& absoluteUrl) {
    WkClient anonymous(url(), fastOptions());
    HttpRequest request;
    request.url = QUrl(QString::fromStdString(absoluteUrl));
    return awaitResult<HttpResponse>([&](auto cb) { anonymous.storeCall(url(), request, cb); });
  }

  void admin(const QByteArray& method, const QString& path, const json& body = nullptr) {
    WkClient raw(url(), fastOptions());
    HttpRequest request;
    request.method = method;
    request.url = QUrl(path);
    if (!body.is_null()) {
      request.body = QByteArray::fromStdString(body.dump());
      request.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    }
    auto r = awaitResult<HttpResponse>([&](auto cb) { raw.storeCall(url(), request, cb); });
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
  }

  int countRequests(const std::string& method, const std::string& path) {
    WkClient raw(url(), fastOptions());
    HttpRequest request;
    request.url = QUrl("__admin/requests");
    auto r = awaitResult<HttpResponse>([&](auto cb) { raw.storeCall(url(), request, cb); });
    int n = 0;
    if (r.ok())
      for (const json& e : json::parse(r->body.toStdString()))
        n += e.value("method", "") == method && e.value("path", "") == path;
    return n;
  }

  // The uploaded dataset equals the local sample: every chunk of every layer and mag, byte for byte.
  void verifyUploaded(const std::string& datasetId) {
    const std::string root = url() + "/data/v12/zarr/" + datasetId;
    QVERIFY(!anonymousGet(root + "/datasource-properties.json").ok());  // uploads are private
    int compared = 0;
    for (const QString& layer : {QStringLiteral("color"), QStringLiteral("segmentation")})
      for (const QString& mag : QDir(sampleDir_ + "/" + layer).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        for (const QString& key : chunkKeys(sampleDir_ + "/" + layer + "/" + mag)) {
          auto r = anonymousGet(root + "/" + (layer + "/" + mag + "/" + key).toStdString() + "?token=" + kTokenA);
          QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
          QCOMPARE(r->body, fileBytes(sampleDir_ + "/" + layer + "/" + mag + "/" + QString(key).replace('.', '/')));
          ++compared;
        }
      }
    QVERIFY(compared >= 8);
    const Box3i box{{0, 0, 0}, {128, 128, 128}};
    auto remote = readBoxAt(root + "?token=" + kTokenA, "segmentation", {1, 1, 1}, box);
    QVERIFY2(remote.ok(), remote.ok() ? "" : remote.error().message.c_str());
    QCOMPARE(remote.value(), must(readBoxAt(sampleDir_.toStdString(), "segmentation", {1, 1, 1}, box), "local read"));
  }

 private slots:
  void initTestCase() {
    QVERIFY(work_.isValid());
    sampleDir_ = work_.path() + "/sample";
    const auto made = skein::test::runSkeinctl({"sample", "create", sampleDir_, "--format", "zarr", "--size", "128"});
    QVERIFY2(made.exitCode == 0, made.err.constData());
    QVERIFY2(server_.startWkServer({"--data-dir", sampleDir_}), qPrintable(server_.error()));
  }

  void datastoreServesTheSample() {
    const std::string root = url() + "/data/v12/zarr/" + kSamplePublic;
    // Chunks come as stored, under the datastore's dotted keys.
    auto chunk = anonymousGet(root + "/color/1/0.1.0.1");
    QVERIFY2(chunk.ok(), chunk.ok() ? "" : chunk.error().message.c_str());
    QCOMPARE(chunk->body, fileBytes(sampleDir_ + "/color/1/0/1/0/1"));
    auto zarray = json::parse(must(anonymousGet(root + "/color/2/.zarray"), ".zarray").body.toStdString());
    QCOMPARE(zarray["dimension_separator"].get<std::string>(), std::string("."));
    auto missing = anonymousGet(root + "/color/1/0.9.9.9");
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().httpStatus, 404);
    QCOMPARE(anonymousGet(root + "/color/1/..%2F..%2F.zarray").error().httpStatus, 404);

    // Skein's reader gets the same voxels from the server as from the folder, v12 and v9 addressing.
    const Box3i box{{17, 40, 63}, {90, 70, 33}};
    const QByteArray local = must(readBoxAt(sampleDir_.toStdString(), "color", {1, 1, 1}, box), "local read");
    QCOMPARE(must(readBoxAt(root, "color", {1, 1, 1}, box), "remote read"), local);
    QCOMPARE(must(readBoxAt(url() + "/data/v9/zarr/Organization_X/sample_public", "color", {1, 1, 1}, box), "v9 read"), local);
    const Box3i coarse{{0, 0, 0}, {32, 32, 32}};
    QCOMPARE(must(readBoxAt(root, "segmentation", {4, 4, 4}, coarse), "remote mag 4"),
             must(readBoxAt(sampleDir_.toStdString(), "segmentation", {4, 4, 4}, coarse), "local mag 4"));
  }

  void privateDatasetNeedsAccess() {
    const std::string root = url() + "/data/v12/zarr/" + kSamplePrivate;
    auto anonymous = anonymousGet(root + "/color/1/0.0.0.0");
    QVERIFY(!anonymous.ok());
    QCOMPARE(anonymous.error().httpStatus, 403);
    auto refused = readBoxAt(root, "color", {1, 1, 1}, {{0, 0, 0}, {8, 8, 8}});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::Auth);
    // User B is in none of the dataset's teams; user A (dataset manager) reads with any of her tokens.
    QCOMPARE(anonymousGet(root + "/color/1/0.0.0.0?token=" + kTokenB).error().httpStatus, 403);
    QVERIFY(anonymousGet(root + "/color/1/0.0.0.0?token=" + kTokenA).ok());
    auto a = client(kTokenA);
    HttpRequest viaStoreToken;
    viaStoreToken.url = QUrl(QString::fromStdString("data/v12/zarr/" + kSamplePrivate + "/color/1/0.0.0.0"));
    auto r = awaitResult<HttpResponse>([&](auto cb) { a->storeCall(url(), viaStoreToken, cb); });
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r->body, fileBytes(sampleDir_ + "/color/1/0/0/0/0"));
  }

  void zarrPrivateLinkReadsWithoutTokenUntilRevoked() {
    auto a = client(kTokenA);
    // An annotation on the private sample: the link alone must open it.
    const std::string annotation =
        must(awaitResult<AnnotationInfo>([&](auto cb) { a->createExplorational(kSamplePrivate, {AnnotationLayerSpec{}}, cb); }),
             "createExplorational")
            .id;
    const ZarrPrivateLink link =
        must(awaitResult<ZarrPrivateLink>([&](auto cb) { a->createZarrPrivateLink(annotation, std::nullopt, cb); }), "create link");
    const std::string root = url() + "/data/annotations/zarr/" + link.accessToken;
    auto chunk = anonymousGet(root + "/segmentation/1/0.1.1.0");
    QVERIFY2(chunk.ok(), chunk.ok() ? "" : chunk.error().message.c_str());
    QCOMPARE(chunk->body, fileBytes(sampleDir_ + "/segmentation/1/0/1/1/0"));
    const Box3i box{{5, 6, 7}, {60, 50, 40}};
    auto viaLink = readBoxAt(root, "color", {1, 1, 1}, box);
    QVERIFY2(viaLink.ok(), viaLink.ok() ? "" : viaLink.error().message.c_str());
    QCOMPARE(viaLink.value(), must(readBoxAt(sampleDir_.toStdString(), "color", {1, 1, 1}, box), "local read"));

    QVERIFY(awaitStatus([&](auto cb) { a->deleteZarrPrivateLink(link.id, cb); }).ok());
    auto revoked = anonymousGet(root + "/segmentation/1/0.1.1.0");
    QVERIFY(!revoked.ok());
    QCOMPARE(revoked.error().httpStatus, 404);
    auto reopen = readBoxAt(root, "color", {1, 1, 1}, box);
    QVERIFY(!reopen.ok());
  }

  void sharingTokenGrantsAnonymousReadsUntilReplaced() {
    auto a = client(kTokenA);
    const std::string root = url() + "/data/v12/zarr/" + kSamplePrivate;
    const std::string first = must(awaitResult<std::string>([&](auto cb) { a->datasetSharingToken(kSamplePrivate, cb); }), "token");
    const Box3i box{{64, 0, 100}, {64, 128, 28}};
    const QByteArray local = must(readBoxAt(sampleDir_.toStdString(), "color", {1, 1, 1}, box), "local read");
    auto shared = readBoxAt(root + "?token=" + first, "color", {1, 1, 1}, box);
    QVERIFY2(shared.ok(), shared.ok() ? "" : shared.error().message.c_str());
    QCOMPARE(shared.value(), local);
    // The API accepts it as sharingToken= too (what a share link's ?token= becomes).
    auto anonymous = client("");
    QVERIFY(awaitResult<DatasetInfo>([&](auto cb) { anonymous->dataset(kSamplePrivate, first, cb); }).ok());

    QVERIFY(awaitStatus([&](auto cb) { a->revokeDatasetSharingToken(kSamplePrivate, cb); }).ok());
    const std::string second = must(awaitResult<std::string>([&](auto cb) { a->datasetSharingToken(kSamplePrivate, cb); }), "new token");
    QVERIFY(second != first);
    auto denied = readBoxAt(root + "?token=" + first, "color", {1, 1, 1}, box);
    QVERIFY(!denied.ok());
    QCOMPARE(denied.error().code, ErrorCode::Auth);
    QCOMPARE(anonymousGet(root + "/color/1/0.0.0.0?token=" + first).error().httpStatus, 403);
    QVERIFY(!awaitResult<DatasetInfo>([&](auto cb) { anonymous->dataset(kSamplePrivate, first, cb); }).ok());
    QCOMPARE(must(readBoxAt(root + "?token=" + second, "color", {1, 1, 1}, box), "new token read"), local);
  }

  void uploadSurvivesDroppedConnections() {
    auto a = client(kTokenA);
    // From the 4th chunk on, two connections drop before the server handles them; from the 10th on,
    // two chunks are stored but their answers are lost. (Qt itself may resend a request once when
    // a kept-alive connection drops, hence two of each.) The client retries, asks the datastore
    // whether a chunk arrived before resending it, and never starts over.
    admin("POST", "__admin/faults",
          {{"rules", {{{"method", "POST"}, {"path", "^/data/datasets$"}, {"action", "drop"}, {"after", 3}, {"times", 2}},
                      {{"method", "POST"}, {"path", "^/data/datasets$"}, {"action", "dropAfterHandling"}, {"after", 10}, {"times", 2}}}}});
    const int postsBefore = countRequests("POST", "/data/datasets");
    DatasetUploadOptions options;
    options.name = "uploaded_sample";
    options.organization = "Organization_X";
    options.chunkSize = 64 * 1024;
    options.initialBackoffMs = 20;
    int progressCalls = 0;
    auto result = awaitResult<DatasetUploadResult>([&](auto cb) {
      uploadDataset(*a, url(), sampleDir_, options, [&](const DatasetUploadProgress&) { ++progressCalls; }, cb);
    });
    admin("DELETE", "__admin/faults");
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
    const DatasetUploadProgress& p = result->progress;
    QVERIFY2(p.retries >= 2, qPrintable(QString::number(p.retries)));
    QVERIFY(p.chunksSkipped >= 1);  // stored by the server although its answer was lost
    QCOMPARE(p.chunksSent + p.chunksSkipped, p.totalChunks);
    QCOMPARE(p.doneBytes, p.totalBytes);
    QCOMPARE(progressCalls, p.totalChunks);
    QVERIFY(p.totalChunks > 20);
    // No restart from scratch: each chunk was posted once, plus the few resends around the faults.
    const int posts = countRequests("POST", "/data/datasets") - postsBefore;
    QVERIFY2(posts >= p.chunksSent + 2 && posts <= p.totalChunks + 4, qPrintable(QString::number(posts)));
    verifyUploaded(result->datasetId);
  }

  void failedUploadResumesByItsId() {
    auto a = client(kTokenA);
    // Chunk 6 on: every connection drops, so the upload gives up after its attempts.
    admin("POST", "__admin/faults",
          {{"rules", {{{"method", "POST"}, {"path", "^/data/datasets$"}, {"action", "drop"}, {"after", 5}, {"times", -1}}}}});
    DatasetUploadOptions options;
    options.name = "resumed_sample";
    options.organization = "Organization_X";
    options.chunkSize = 64 * 1024;
    options.attemptsPerChunk = 2;
    options.initialBackoffMs = 10;
    auto failed = awaitResult<DatasetUploadResult>([&](auto cb) { uploadDataset(*a, url(), sampleDir_, options, {}, cb); });
    admin("DELETE", "__admin/faults");
    QVERIFY(!failed.ok());
    const QString message = QString::fromStdString(failed.error().message);
    const QRegularExpression idRe(QStringLiteral("upload (\\S+) \\(resume with this id\\)"));
    const auto m = idRe.match(message);
    QVERIFY2(m.hasMatch(), qPrintable(message));

    options.uploadId = m.captured(1).toStdString();
    const int postsBefore = countRequests("POST", "/data/datasets");
    auto resumed = awaitResult<DatasetUploadResult>([&](auto cb) { uploadDataset(*a, url(), sampleDir_, options, {}, cb); });
    QVERIFY2(resumed.ok(), resumed.ok() ? "" : resumed.error().message.c_str());
    QCOMPARE(resumed->uploadId, options.uploadId);
    QCOMPARE(resumed->progress.chunksSkipped, 5);  // what arrived before the failure is not sent again
    QCOMPARE(countRequests("POST", "/data/datasets") - postsBefore, resumed->progress.totalChunks - 5);
    verifyUploaded(resumed->datasetId);
  }

  void uploadNeedsLoginAndADataset() {
    auto anonymous = client("");
    DatasetUploadOptions options;
    options.name = "anonymous_upload";
    auto refused = awaitResult<DatasetUploadResult>([&](auto cb) { uploadDataset(*anonymous, url(), sampleDir_, options, {}, cb); });
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::Auth);
    auto a = client(kTokenA);
    auto notADataset = awaitResult<DatasetUploadResult>([&](auto cb) { uploadDataset(*a, url(), work_.path() + "/nothing", options, {}, cb); });
    QVERIFY(!notADataset.ok());
    QCOMPARE(notADataset.error().code, ErrorCode::NotFound);
  }

  void shortLinksResolveToTheirLongLink() {
    auto anonymous = client("");
    const std::string longLink = url() + "/datasets/sample_public-" + kSamplePublic +
                                 "/view#{\"position\":[40,50,60],\"mode\":\"orthogonal\",\"zoomStep\":0.5}";
    const ShortLinkInfo created = must(awaitResult<ShortLinkInfo>([&](auto cb) { anonymous->createShortLink(longLink, cb); }), "create");
    QCOMPARE(created.longLink, longLink);
    QVERIFY(!created.key.empty());

    const ShareLink shortLink = must(parseShareLink(url() + "/links/" + created.key), "parse short link");
    QCOMPARE(shortLink.kind, ShareLinkKind::ShortLink);
    QCOMPARE(shortLink.shortLinkKey, created.key);
    const ShortLinkInfo resolved = must(awaitResult<ShortLinkInfo>([&](auto cb) { anonymous->shortLink(shortLink.shortLinkKey, cb); }), "byKey");
    QCOMPARE(resolved.longLink, longLink);
    const ShareLink target = must(parseShareLink(resolved.longLink), "parse long link");
    QCOMPARE(target.datasetId, kSamplePublic);
    QVERIFY(target.view.position.has_value());
    QCOMPARE(target.view.position->x, 40.0);
    QCOMPARE(target.view.position->z, 60.0);
    QCOMPARE(*target.view.zoomStep, 0.5);

    auto unknown = awaitResult<ShortLinkInfo>([&](auto cb) { anonymous->shortLink("no-such-key", cb); });
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code, ErrorCode::NotFound);
  }

  void skeinctlShortensAndResolvesLinks() {
    const QString config = work_.path() + "/skeinctl-config";  // no saved accounts
    const QString longLink = QString::fromStdString(url() + "/datasets/sample_public-" + kSamplePublic +
                                                    "/view#{\"position\":[7,8,9],\"zoomStep\":2}");
    const auto shortened = skein::test::runSkeinctl({"link", "shorten", longLink, "--config-dir", config});
    QVERIFY2(shortened.exitCode == 0, shortened.err.constData());
    const QString shortLink = QString::fromUtf8(shortened.out).trimmed();
    QVERIFY2(shortLink.startsWith(server_.url() + "/links/"), qPrintable(shortLink));

    const auto parsed = skein::test::runSkeinctl({"link", "parse", shortLink});
    QCOMPARE(json::parse(parsed.out.toStdString())["kind"].get<std::string>(), std::string("shortLink"));
    const auto resolved = skein::test::runSkeinctl({"link", "resolve", shortLink, "--config-dir", config});
    QVERIFY2(resolved.exitCode == 0, resolved.err.constData());
    const json j = json::parse(resolved.out.toStdString());
    QCOMPARE(j["kind"].get<std::string>(), std::string("dataset"));
    QCOMPARE(j["datasetId"].get<std::string>(), kSamplePublic);
    QCOMPARE(j["view"]["position"], json({7, 8, 9}));
    QCOMPARE(j["view"]["zoomStep"].get<double>(), 2.0);

    const auto unknown = skein::test::runSkeinctl({"link", "resolve", server_.url() + "/links/nope", "--config-dir", config});
    QCOMPARE(unknown.exitCode, 4);  // not found
    QVERIFY(skein::test::isOneErrorLine(unknown.err));
  }
};

QTEST_GUILESS_MAIN(TstClientWkServerData)
#include "tst_client_wkserver_data.moc"
