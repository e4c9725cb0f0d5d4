#pragma once
// skein-wkserver: a webKnossos-compatible server for the client's integration tests.
//
// It implements what the Skein client uses, with the JSON shapes of the recorded traffic
// (../shared/fixtures/webknossos; tst_client_wkserver compares the shapes so they cannot drift):
// buildinfo and API versions (/api/vN/, /data/vN/, /tracings/vN/), token and cookie login, users in
// teams, teams, folders, datasets (metadata; datasource-properties on the datastore routes),
// sharing tokens, annotations (visibility, shared teams, readable list, duplicate, finish/reopen,
// upload/download, createExplorational), Zarr private links with expiry, the short-lived store
// token, the tracingstore save protocol (versions, transactions, 409, idempotent replays), short
// links, the datastore's Zarr v2 streaming of voxel data for datasets and annotations (access as
// on webKnossos: user token, dataset sharing token, private-link token; DataTree.h) and dataset
// upload with the resumable protocol (RoutesUpload.cpp).
//
// Seed data (Seed.cpp): organization Organization_X; users A and B (password "secret"); teams
// team_X1, team_X2, team_X3; a public and a private dataset (metadata only). With --data-dir DIR
// (from `skeinctl sample create DIR --format zarr`) also "sample_public" and "sample_private"
// (team_X1), whose voxels are DIR's (SeedSample.cpp).
//
// Test hooks (never on a real server): POST /__admin/faults {"rules":[…]} (see Faults.h),
// DELETE /__admin/faults, GET /__admin/requests (method, path, whether X-Auth-Token / Cookie
// came), POST /__admin/expireStoreTokens.
//
// Binds 127.0.0.1 only, prints "PORT <n>", exits when stdin closes or after --timeout seconds.

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHash>
#include <QString>
#include <QUrlQuery>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/servers/wkserver/Faults.h"
#include "tests/servers/wkserver/Store.h"

namespace wk {

struct Request {
  QByteArray method;
  QString path;  // without the query
  QUrlQuery query;
  std::map<QByteArray, QByteArray> headers;  // lower-case names
  QByteArray body;
  int apiVersion = 0;
  std::map<std::string, std::string> params;  // ":name" path captures
  std::optional<json> user;                    // the authenticated user, if any
  std::string tokenUsed;                       // the token that authenticated (any kind)

  std::string param(const std::string& name) const;
  std::string queryValue(const QString& key) const;
  QByteArray header(const QByteArray& lowerName) const;
  json jsonBody() const;  // throws on invalid JSON (answered 400)
};

struct Response {
  int status = 200;
  QByteArray contentType = "application/json";
  QByteArray body;
  std::vector<std::pair<QByteArray, QByteArray>> headers;

  static Response ofJson(const json& j, int status = 200);
  static Response error(int status, const std::string& message);
};

struct Options {
  int currentApiVersion = 12;
  int oldestApiVersion = 5;
  QString dbPath = QStringLiteral(":memory:");
  int storeTokenTtlSeconds = 3600;
  QString uploadDir;  // where finished uploads are written (main: a temporary directory)
};

// The datasets --data-dir adds.
inline constexpr const char* kSamplePublicDatasetId = "5a3e7e1a0000000000000001";
inline constexpr const char* kSamplePrivateDatasetId = "5a3e7e1a0000000000000002";

class WkServer : public QAbstractHttpServer {
 public:
  explicit WkServer(Options options);

  Store& store() { return store_; }
  const Options& options() const { return options_; }
  std::string baseUrl() const;  // http://127.0.0.1:<port>
  void addFault(const FaultRule& rule) { faults_.add(rule); }

  using Handler = std::function<Response(WkServer&, Request&)>;
  // "GET /api/datasets/:id" (prefix /api, /data or /tracings; the version prefix is implicit).
  void route(const std::string& pattern, Handler handler);

 protected:
  bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
  void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

 private:
  struct Route {
    QByteArray method;
    std::vector<std::string> segments;
    Handler handler;
  };
  Response dispatch(Request& request);
  Response admin(Request& request);
  void authenticate(Request& request);
  static void write(QTcpSocket* socket, const Response& response, bool head);

  Options options_;
  Store store_;
  Faults faults_;
  std::vector<Route> routes_;
  json requestLog_ = json::array();
};

// Route registration, one function per area (Routes*.cpp).
void registerSessionRoutes(WkServer& server);
void registerDatasetRoutes(WkServer& server);
void registerAnnotationRoutes(WkServer& server);
void registerStoreRoutes(WkServer& server);
void registerDatastoreRoutes(WkServer& server);
void registerUploadRoutes(WkServer& server);
void registerShortLinkRoutes(WkServer& server);
void seed(Store& store, const std::string& baseUrl);
// Adds the datasets backed by `dataDir`; false (and `error`) when it holds no datasource.
bool seedSampleDatasets(Store& store, const QString& dataDir, std::string& error);

}  // namespace wk
