#include "core/client/DatasetUpload.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

#include <algorithm>
#include <memory>

#include <nlohmann/json.hpp>

#include "core/client/Multipart.h"
#include "core/client/WkClient.h"

namespace skein::client {

using nlohmann::json;

namespace {

// Newer servers moved the upload routes (v14 "upload domain"); their versioned routes keep the
// v12 protocol, so the client asks for v12 whenever the server speaks it.
constexpr int kUploadApiVersion = 12;

struct UploadFile {
  QString absolutePath;
  std::string relativePath;  // "/"-separated, below the dataset directory
  std::int64_t size = 0;
  int chunks = 1;
};

Result<std::vector<UploadFile>> listFiles(const QString& directory, std::int64_t chunkSize) {
  const QDir root(directory);
  if (!root.exists()) return makeError(ErrorCode::NotFound, "dataset folder " + directory.toStdString() + " does not exist");
  if (!root.exists(QStringLiteral("datasource-properties.json")))
    return makeError(ErrorCode::InvalidArgument,
                     directory.toStdString() + " has no datasource-properties.json (expected a webKnossos dataset folder)");
  std::vector<UploadFile> files;
  QDirIterator it(directory, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QFileInfo info(it.next());
    UploadFile f;
    f.absolutePath = info.absoluteFilePath();
    f.relativePath = root.relativeFilePath(info.absoluteFilePath()).toStdString();
    f.size = info.size();
    f.chunks = static_cast<int>(std::max<std::int64_t>(1, (f.size + chunkSize - 1) / chunkSize));
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(), [](const UploadFile& a, const UploadFile& b) { return a.relativePath < b.relativePath; });
  return files;
}

bool transient(const Error& e) { return e.code == ErrorCode::Network || e.httpStatus >= 500; }

// One upload from reserve to finish; keeps itself alive through the callbacks it hands out.
class UploadJob : public std::enable_shared_from_this<UploadJob> {
 public:
  UploadJob(WkClient& client, std::string datastoreUrl, DatasetUploadOptions options, std::vector<UploadFile> files,
            std::function<void(const DatasetUploadProgress&)> progress, Callback<DatasetUploadResult> done)
      : client_(client), datastore_(std::move(datastoreUrl)), options_(std::move(options)), files_(std::move(files)),
        progressFn_(std::move(progress)), done_(std::move(done)) {
    resuming_ = !options_.uploadId.empty();
    if (!resuming_) options_.uploadId = newUploadId();
    progress_.uploadId = options_.uploadId;
    for (const UploadFile& f : files_) {
      progress_.totalBytes += f.size;
      progress_.totalChunks += f.chunks;
    }
  }

  void start() {
    auto self = shared_from_this();
    if (client_.apiVersion() > 0) return resuming_ ? nextChunk() : reserve();
    client_.negotiate([self](Result<BuildInfo> info) {
      if (!info.ok()) return self->fail(info.error());
      self->resuming_ ? self->nextChunk() : self->reserve();
    });
  }

 private:
  std::string versioned(const std::string& path) const {
    return "data/v" + std::to_string(std::min(client_.apiVersion(), kUploadApiVersion)) + path;
  }

  void reserve() {
    std::int64_t total = 0;
    for (const UploadFile& f : files_) total += f.size;
    json body = {{"uploadId", options_.uploadId}, {"name", options_.name}, {"organization", options_.organization},
                 {"totalFileCount", files_.size()}, {"totalFileSizeInBytes", total},
                 {"initialTeams", options_.initialTeams}, {"layersToLink", json::array()},
                 {"folderId", options_.folderId ? json(*options_.folderId) : json(nullptr)}};
    HttpRequest request;
    request.method = "POST";
    request.url = QUrl(QString::fromStdString(versioned("/datasets/reserveUpload")));
    request.body = QByteArray::fromStdString(body.dump());
    request.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    auto self = shared_from_this();
    client_.storeCall(datastore_, std::move(request), [self](Result<HttpResponse> r) {
      if (!r.ok()) return self->fail(r.error().withContext("reserving the upload"));
      self->nextChunk();
    });
  }

  // resumable.js' fields for the current chunk (also the query of the test request).
  std::vector<std::pair<QString, QString>> chunkFields(std::int64_t currentSize) const {
    const UploadFile& f = files_[file_];
    const QString path = QString::fromStdString(f.relativePath);
    return {{"resumableChunkNumber", QString::number(chunk_)},
            {"resumableChunkSize", QString::number(options_.chunkSize)},
            {"resumableCurrentChunkSize", QString::number(currentSize)},
            {"resumableTotalSize", QString::number(f.size)},
            {"resumableType", QString()},
            {"resumableIdentifier", QString::fromStdString(options_.uploadId) + "/" + path},
            {"resumableFilename", QFileInfo(path).fileName()},
            {"resumableRelativePath", path},
            {"resumableTotalChunks", QString::number(f.chunks)}};
  }

  std::int64_t currentChunkSize() const {
    const UploadFile& f = files_[file_];
    const std::int64_t offset = (chunk_ - 1) * options_.chunkSize;
    return chunk_ == f.chunks ? f.size - offset : options_.chunkSize;
  }

  void nextChunk() {
    if (options_.cancel.isCancelled()) return fail(makeError(ErrorCode::Cancelled, "cancelled"));
    if (file_ >= files_.size()) return finish();
    attempt_ = 0;
    if (resuming_) return testChunk();
    sendChunk();
  }

  void advance(bool sent) {
    (sent ? progress_.chunksSent : progress_.chunksSkipped)++;
    progress_.doneBytes += currentChunkSize();
    if (progressFn_) progressFn_(progress_);
    if (++chunk_ > files_[file_].chunks) {
      chunk_ = 1;
      ++file_;
    }
    nextChunk();
  }

  void testChunk() {
    QUrlQuery query;
    for (const auto& [key, value] : chunkFields(currentChunkSize())) query.addQueryItem(key, value);
    HttpRequest request;
    QUrl url(QStringLiteral("data/datasets"));
    url.setQuery(query);
    request.url = url;
    auto self = shared_from_this();
    client_.storeCall(datastore_, std::move(request), [self](Result<HttpResponse> r) {
      if (!r.ok()) return self->retryOrFail(r.error(), "asking whether a chunk arrived");
      if (r->status == 200) return self->advance(false);
      self->sendChunk();
    });
  }

  void sendChunk() {
    const UploadFile& f = files_[file_];
    QFile in(f.absolutePath);
    const std::int64_t size = currentChunkSize();
    if (!in.open(QIODevice::ReadOnly) || !in.seek((chunk_ - 1) * options_.chunkSize))
      return fail(makeError(ErrorCode::Io, "cannot read " + f.absolutePath.toStdString()));
    const QByteArray data = in.read(size);
    if (data.size() != size)
      return fail(makeError(ErrorCode::Io, f.absolutePath.toStdString() + " changed while it was uploaded"));
    std::vector<MultipartPart> parts;
    for (const auto& [key, value] : chunkFields(size)) parts.push_back({key.toStdString(), {}, {}, value.toUtf8()});
    parts.push_back({"file", QFileInfo(f.absolutePath).fileName().toStdString(), "application/octet-stream", data});
    const MultipartBody body = buildMultipart(parts);
    HttpRequest request;
    request.method = "POST";
    request.url = QUrl(QStringLiteral("data/datasets"));
    request.body = body.body;
    request.headers.append(qMakePair(QByteArray("Content-Type"), body.contentType));
    request.idempotent = false;  // retried here, after asking whether the chunk arrived
    auto self = shared_from_this();
    client_.storeCall(datastore_, std::move(request), [self](Result<HttpResponse> r) {
      if (!r.ok()) return self->retryOrFail(r.error(), "sending a chunk");
      self->advance(true);
    });
  }

  // A dropped connection may have delivered the chunk: ask before sending it again.
  void retryOrFail(const Error& error, const char* what) {
    if (!transient(error) || ++attempt_ >= options_.attemptsPerChunk) return fail(error.withContext(what));
    ++progress_.retries;
    const int delay = std::min(options_.initialBackoffMs << std::min(attempt_ - 1, 6), 10000);
    auto self = shared_from_this();
    QTimer::singleShot(delay, &client_, [self] { self->testChunk(); });
  }

  void finish() {
    HttpRequest request;
    request.method = "POST";
    request.url = QUrl(QString::fromStdString(versioned("/datasets/finishUpload")));
    request.body = QByteArray::fromStdString(json{{"uploadId", options_.uploadId}}.dump());
    request.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    auto self = shared_from_this();
    client_.storeCall(datastore_, std::move(request), [self](Result<HttpResponse> r) {
      if (!r.ok()) return self->fail(r.error().withContext("finishing the upload"));
      const json answer = json::parse(r->body.toStdString(), nullptr, false);
      if (!answer.is_object() || !answer.contains("newDatasetId") || !answer["newDatasetId"].is_string())
        return self->fail(makeError(ErrorCode::InvalidData, "finishUpload did not answer {\"newDatasetId\": …}"));
      self->done_(DatasetUploadResult{answer["newDatasetId"].get<std::string>(), self->options_.uploadId, self->progress_});
    });
  }

  void fail(const Error& error) {
    Error e = error;
    if (file_ < files_.size())
      e = e.withContext(files_[file_].relativePath + " chunk " + std::to_string(chunk_) + " of " +
                        std::to_string(files_[file_].chunks));
    e.message = "upload " + options_.uploadId + " (resume with this id): " + e.message;
    done_(e);
  }

  WkClient& client_;
  std::string datastore_;
  DatasetUploadOptions options_;
  std::vector<UploadFile> files_;
  std::function<void(const DatasetUploadProgress&)> progressFn_;
  Callback<DatasetUploadResult> done_;
  DatasetUploadProgress progress_;
  bool resuming_ = false;
  std::size_t file_ = 0;
  int chunk_ = 1;
  int attempt_ = 0;
};

}  // namespace

void listDatastores(WkClient& client, Callback<std::vector<DataStoreInfo>> done) {
  WkClient::ApiCall call;
  call.path = "/datastores";
  client.callJson(std::move(call), [done = std::move(done)](Result<json> r) {
    if (!r.ok()) return done(r.error());
    if (!r->is_array()) return done(makeError(ErrorCode::InvalidData, "/api/datastores did not answer a JSON array"));
    std::vector<DataStoreInfo> stores;
    for (const json& s : *r) {
      if (!s.is_object() || !s.contains("url") || !s["url"].is_string()) continue;
      DataStoreInfo info;
      if (s.contains("name") && s["name"].is_string()) info.name = s["name"].get<std::string>();
      info.url = s["url"].get<std::string>();
      info.allowsUpload = s.contains("allowsUpload") && s["allowsUpload"].is_boolean() && s["allowsUpload"].get<bool>();
      stores.push_back(std::move(info));
    }
    done(std::move(stores));
  });
}

std::string newUploadId() {
  return QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-ddTHH-mm-ss")).toStdString() + "__" +
         QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

void uploadDataset(WkClient& client, const std::string& datastoreUrl, const QString& directory,
                   DatasetUploadOptions options, std::function<void(const DatasetUploadProgress&)> progress,
                   Callback<DatasetUploadResult> done) {
  if (options.name.empty()) return done(makeError(ErrorCode::InvalidArgument, "a dataset upload needs a name"));
  if (options.chunkSize < 1024 || options.chunkSize > (std::int64_t{1} << 30))
    return done(makeError(ErrorCode::InvalidArgument, "upload chunk size must be between 1 KiB and 1 GiB"));
  auto files = listFiles(directory, options.chunkSize);
  if (!files.ok()) return done(files.error());
  auto job = std::make_shared<UploadJob>(client, datastoreUrl, std::move(options), std::move(files).value(),
                                         std::move(progress), std::move(done));
  job->start();
}

}  // namespace skein::client
