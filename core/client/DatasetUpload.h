#pragma once
// Uploads a local webKnossos dataset directory (datasource-properties.json plus its layers, e.g.
// from `skeinctl sample create DIR --format zarr`) to a datastore with the resumable protocol that
// webKnossos' frontend and webknossos-libs use (resumable.js; webknossos-api.md §6, v11+):
// reserveUpload → every file in chunks (POST <ds>/data/datasets, multipart) → finishUpload.
//
// Resuming: a chunk whose connection drops (or that gets a 5xx) is retried with backoff; before
// sending it again the client asks the datastore whether it already arrived (GET
// <ds>/data/datasets?resumableChunkNumber=…&resumableIdentifier=…: 200 = stored, 204 = not),
// so a chunk the server stored before the answer was lost is not sent twice. A failed upload can
// be resumed later by passing its uploadId: every chunk is tested first and only the missing ones
// are sent.

#include <QString>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/base/CancelToken.h"
#include "core/client/Callbacks.h"

namespace skein::client {

class WkClient;

struct DatasetUploadOptions {
  std::string name;          // the dataset's directory name on the server
  std::string organization;  // the uploader's organization
  std::vector<std::string> initialTeams;
  std::optional<std::string> folderId;
  std::string uploadId;  // empty: a new upload; the id of an earlier, unfinished upload resumes it
  std::int64_t chunkSize = 8 << 20;
  int attemptsPerChunk = 6;  // tries per chunk after network failures and 5xx answers
  int initialBackoffMs = 200;
  // Checked before every chunk: a cancelled upload stops after the chunk in flight and fails with
  // ErrorCode::Cancelled; its uploadId resumes it later.
  CancelToken cancel;
};

struct DatasetUploadProgress {
  std::string uploadId;  // what resumes this upload (DatasetUploadOptions::uploadId)
  std::int64_t totalBytes = 0;
  std::int64_t doneBytes = 0;  // sent or found on the server already
  int totalChunks = 0;
  int chunksSent = 0;
  int chunksSkipped = 0;  // already on the server (resume)
  int retries = 0;        // chunk attempts repeated after a failure
};

struct DatasetUploadResult {
  std::string datasetId;
  std::string uploadId;
  DatasetUploadProgress progress;
};

struct DataStoreInfo {
  std::string name;
  std::string url;
  bool allowsUpload = false;
};

// GET /api/datastores: the server's datastores (no login needed).
void listDatastores(WkClient& client, Callback<std::vector<DataStoreInfo>> done);

// A new upload id in webknossos-libs' form ("2026-02-02T15-51-23__<uuid>").
std::string newUploadId();

// Uploads `directory` to the datastore at `datastoreUrl` with `client`'s login. On failure the
// error says which file and chunk failed and the upload id to resume with. `progress` (optional)
// is called after every chunk.
void uploadDataset(WkClient& client, const std::string& datastoreUrl, const QString& directory,
                   DatasetUploadOptions options, std::function<void(const DatasetUploadProgress&)> progress,
                   Callback<DatasetUploadResult> done);

}  // namespace skein::client
