#include "tests/servers/wkserver/WkServer.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

namespace wk {

namespace {

QByteArray methodName(QHttpServerRequest::Method m) {
  switch (m) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    default: return "UNKNOWN";
  }
}

const char* reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 409: return "Conflict";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
  }
}

std::vector<std::string> splitPath(const QString& path) {
  std::vector<std::string> out;
  for (const QString& s : path.split('/', Qt::SkipEmptyParts)) out.push_back(s.toStdString());
  return out;
}

}  // namespace

std::string Request::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

std::string Request::queryValue(const QString& key) const {
  return query.queryItemValue(key, QUrl::FullyDecoded).toStdString();
}

QByteArray Request::header(const QByteArray& lowerName) const {
  auto it = headers.find(lowerName);
  return it == headers.end() ? QByteArray() : it->second;
}

json Request::jsonBody() const { return json::parse(body.isEmpty() ? QByteArray("null") : body); }

Response Response::ofJson(const json& j, int status) {
  Response r;
  r.status = status;
  r.body = QByteArray::fromStdString(j.dump());
  return r;
}

Response Response::error(int status, const std::string& message) {
  return ofJson({{"messages", json::array({{{"error", message}},
                                           {{"chain", "[Server Time " + QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString() + "] <~ " + message}}})}},
                status);
}

WkServer::WkServer(Options options) : options_(std::move(options)), store_(options_.dbPath) {
  registerSessionRoutes(*this);
  registerDatasetRoutes(*this);
  registerAnnotationRoutes(*this);
  registerStoreRoutes(*this);
  registerDatastoreRoutes(*this);
  registerUploadRoutes(*this);
  registerShortLinkRoutes(*this);
}

std::string WkServer::baseUrl() const {
  const auto ports = const_cast<WkServer*>(this)->serverPorts();
  return "http://127.0.0.1:" + std::to_string(ports.isEmpty() ? 0 : ports.first());
}

void WkServer::route(const std::string& pattern, Handler handler) {
  const auto space = pattern.find(' ');
  routes_.push_back({QByteArray::fromStdString(pattern.substr(0, space)),
                     splitPath(QString::fromStdString(pattern.substr(space + 1))), std::move(handler)});
}

void WkServer::authenticate(Request& r) {
  const bool storeRoute = r.path.startsWith("/data/") || r.path.startsWith("/tracings/");
  std::string token = r.header("x-auth-token").toStdString();
  if (token.empty() && storeRoute) token = r.queryValue("token");
  if (!token.empty()) {
    for (const json& u : store_.all("users"))
      if (u.value("token", "") == token) {
        r.user = u;
        r.tokenUsed = token;
        return;
      }
    if (auto st = store_.get("storeTokens", token)) {
      if (st->value("expires", 0LL) > QDateTime::currentMSecsSinceEpoch()) {
        r.user = store_.get("users", st->value("userId", ""));
        r.tokenUsed = token;
        return;
      }
    }
    r.tokenUsed = token;  // unknown: other routes may accept it (sharing token, private link)
  }
  const QByteArray cookie = r.header("cookie");
  static const QRegularExpression sessionCookie(QStringLiteral("(?:^|;\\s*)id=([^;]+)"));
  if (auto m = sessionCookie.match(QString::fromLatin1(cookie)); m.hasMatch()) {
    if (auto session = store_.get("sessions", m.captured(1).toStdString()))
      r.user = store_.get("users", session->value("userId", ""));
  }
}

Response WkServer::dispatch(Request& r) {
  // /api/v12/… → version 12 and path /api/…; no version means the current one.
  static const QRegularExpression versioned(QStringLiteral("^/(api|data|tracings)/v(\\d+)(/.*)?$"));
  r.apiVersion = options_.currentApiVersion;
  if (auto m = versioned.match(r.path); m.hasMatch()) {
    r.apiVersion = m.captured(2).toInt();
    r.path = "/" + m.captured(1) + m.captured(3);
    if (r.apiVersion < options_.oldestApiVersion || r.apiVersion > options_.currentApiVersion)
      return Response::error(400, "This WEBKNOSSOS instance does not support the requested HTTP API version. Client requested " +
                                      std::to_string(r.apiVersion) + " but must be at least " +
                                      std::to_string(options_.oldestApiVersion) + " and at most " +
                                      std::to_string(options_.currentApiVersion) + ".");
  }
  authenticate(r);
  const auto segments = splitPath(r.path);
  for (const Route& route : routes_) {
    if (route.method != r.method && !(route.method == "GET" && r.method == "HEAD")) continue;
    // A last segment "*name" captures the rest of the path (at least one segment).
    const bool rest = !route.segments.empty() && route.segments.back().rfind('*', 0) == 0;
    if (rest ? segments.size() < route.segments.size() : route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool match = true;
    for (std::size_t i = 0; i < route.segments.size() && match; ++i) {
      if (rest && i + 1 == route.segments.size()) {
        std::string tail;
        for (std::size_t j = i; j < segments.size(); ++j) tail += (j > i ? "/" : "") + segments[j];
        params[route.segments[i].substr(1)] = QUrl::fromPercentEncoding(QByteArray::fromStdString(tail)).toStdString();
      } else if (!route.segments[i].empty() && route.segments[i][0] == ':')
        params[route.segments[i].substr(1)] = QUrl::fromPercentEncoding(QByteArray::fromStdString(segments[i])).toStdString();
      else
        match = route.segments[i] == segments[i];
    }
    if (!match) continue;
    r.params = std::move(params);
    try {
      return route.handler(*this, r);
    } catch (const json::exception& e) {
      return Response::error(400, std::string("Invalid JSON: ") + e.what());
    }
  }
  return Response::error(404, "No route for " + r.method.toStdString() + " " + r.path.toStdString());
}

Response WkServer::admin(Request& r) {
  if (r.path == "/__admin/faults" && r.method == "POST") {
    json body = r.jsonBody();
    for (const json& rule : body.value("rules", json::array())) {
      std::string error;
      auto parsed = parseFaultRule(rule, error);
      if (!parsed) return Response::error(400, error);
      faults_.add(*parsed);
    }
    return Response::ofJson({{"messages", {{{"success", "faults added"}}}}});
  }
  if (r.path == "/__admin/faults" && r.method == "DELETE") {
    faults_.clear();
    return Response::ofJson({{"messages", {{{"success", "faults cleared"}}}}});
  }
  if (r.path == "/__admin/requests") return Response::ofJson(requestLog_);
  if (r.path == "/__admin/expireStoreTokens") {
    for (const json& t : store_.all("storeTokens")) store_.remove("storeTokens", t.value("token", ""));
    return Response::ofJson({{"messages", {{{"success", "store tokens expired"}}}}});
  }
  return Response::error(404, "unknown admin route");
}

bool WkServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) {
  Request r;
  r.method = methodName(request.method());
  r.path = request.url().path();
  r.query = request.query();
  for (const auto& [name, value] : request.headers()) r.headers[name.toLower()] = value;
  r.body = request.body();
  const bool head = r.method == "HEAD";

  if (r.path.startsWith("/__admin/")) {
    write(socket, admin(r), head);
    return true;
  }
  requestLog_.push_back({{"method", r.method.toStdString()},
                         {"path", r.path.toStdString()},
                         {"hasAuthHeader", !r.header("x-auth-token").isEmpty()},
                         {"hasCookie", !r.header("cookie").isEmpty()},
                         {"hasQueryToken", r.query.hasQueryItem("token")}});

  const auto fault = faults_.fire(r.method, r.path);
  if (fault && fault->action == "drop") {
    socket->abort();
    return true;
  }
  if (fault && fault->action == "status") {
    write(socket, Response::error(fault->status, "injected fault: HTTP " + std::to_string(fault->status)), head);
    return true;
  }
  if (fault && fault->action == "redirect") {
    Response redirect = Response::ofJson(json::object(), fault->status);
    redirect.headers.push_back({"Location", QByteArray::fromStdString(fault->location)});
    write(socket, redirect, head);
    return true;
  }
  Response response = dispatch(r);
  if (fault && fault->action == "dropAfterHandling") {
    socket->abort();
    return true;
  }
  if (fault && fault->action == "delay") {
    QPointer<QTcpSocket> guarded(socket);
    QTimer::singleShot(fault->delayMs, this, [guarded, response, head] {
      if (guarded && guarded->state() == QAbstractSocket::ConnectedState) write(guarded, response, head);
    });
    return true;
  }
  write(socket, response, head);
  return true;
}

void WkServer::missingHandler(const QHttpServerRequest&, QTcpSocket* socket) {
  write(socket, Response::error(404, "not found"), false);
}

void WkServer::write(QTcpSocket* socket, const Response& response, bool head) {
  QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + " " + reason(response.status) + "\r\n";
  if (!response.contentType.isEmpty()) out += "Content-Type: " + response.contentType + "\r\n";
  out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
  for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
  out += "\r\n";
  if (!head) out += response.body;
  socket->write(out);
}

}  // namespace wk
