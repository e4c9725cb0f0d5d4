// WkClient: construction, version negotiation, the request helpers and the session calls.
#include "core/client/WkClient.h"

#include <QNetworkCookie>

#include "core/client/ApiError.h"
#include "core/client/ApiJson.h"
#include "core/client/ApiVersion.h"
#include "core/client/Logging.h"
#include "core/client/Redact.h"

namespace skein::client {

using nlohmann::json;

WkClient::WkClient(std::string serverUrl, WkClientOptions options, QObject* parent)
    : QObject(parent), serverUrl_(std::move(serverUrl)), options_(std::move(options)), transport_(options_.http) {
  while (!serverUrl_.empty() && serverUrl_.back() == '/') serverUrl_.pop_back();
}

WkClient::~WkClient() = default;

void WkClient::setToken(std::string token) {
  token_ = std::move(token);
  storeToken_.clear();
}

void WkClient::clearToken() {
  std::fill(token_.begin(), token_.end(), '\0');
  std::fill(storeToken_.begin(), storeToken_.end(), '\0');
  token_.clear();
  storeToken_.clear();
}

std::string WkClient::scrub(std::string text) const { return scrubSecrets(std::move(text), {token_, storeToken_}); }

Result<HttpResponse> WkClient::checkResponse(const HttpRequest& request, HttpResponse response) const {
  const std::string where = request.method.toStdString() + " " + redactUrl(request.url).toStdString();
  if (response.networkError) {
    Error e = makeError(ErrorCode::Network, "could not reach the server: " + response.errorText + " (" + where + ")");
    return Error{e.code, scrub(e.message), 0};
  }
  if (response.status < 200 || response.status >= 300) {
    Error e = httpStatusError(response.status, response.body, where);
    e.message = scrub(e.message);
    return e;
  }
  return response;
}

// --- Requests ---

void WkClient::call(ApiCall c, Callback<HttpResponse> done) {
  auto send = [this, c = std::move(c), done](Status versionStatus) mutable {
    if (!versionStatus.ok()) return done(versionStatus.error());
    HttpRequest request;
    request.method = c.method;
    const std::string prefix = c.versioned ? "/api/v" + std::to_string(apiVersion_) : "/api";
    QUrl url(QString::fromStdString(serverUrl_ + prefix + c.path));
    if (!c.query.empty()) {
      QByteArray query;
      for (const auto& [key, value] : c.query) {
        if (!query.isEmpty()) query += '&';
        query += QUrl::toPercentEncoding(QString::fromStdString(key)) + '=' +
                 QUrl::toPercentEncoding(QString::fromStdString(value));
      }
      url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    }
    request.url = url;
    request.body = std::move(c.body);
    request.headers = std::move(c.headers);
    request.idempotent = c.idempotent;
    if (!c.contentType.isEmpty()) request.headers.append({"Content-Type", c.contentType});
    if (c.sendToken && !token_.empty()) request.headers.append({"X-Auth-Token", QByteArray::fromStdString(token_)});
    transport_.send(request, [this, request, done](HttpResponse response) {
      done(checkResponse(request, std::move(response)));
    });
  };
  if (c.versioned) withVersion(std::move(send));
  else send(Status::success());
}

void WkClient::callJson(ApiCall c, Callback<json> done) {
  const std::string what = c.method.toStdString() + " " + c.path;
  call(std::move(c), [done, what](Result<HttpResponse> r) {
    if (!r.ok()) return done(r.error());
    if (r->body.isEmpty()) return done(json(nullptr));
    done(parseJsonText(r->body.toStdString(), "answer to " + what));
  });
}

// --- Version negotiation ---

void WkClient::withVersion(StatusCallback then) {
  if (apiVersion_ > 0) return then(Status::success());
  versionWaiters_.push_back(std::move(then));
  if (negotiating_) return;
  negotiating_ = true;
  negotiate([](Result<BuildInfo>) {});
}

void WkClient::negotiate(Callback<BuildInfo> done) {
  ApiCall c;
  c.path = "/buildinfo";
  c.versioned = false;
  c.sendToken = false;
  callJson(std::move(c), [this, done](Result<json> r) {
    Result<BuildInfo> info = r.ok() ? parseBuildInfo(r.value()) : Result<BuildInfo>(r.error());
    if (!info.ok()) info = info.error().withContext("version negotiation with " + serverUrl_);
    const Status status = finishNegotiation(info);
    done(status.ok() ? std::move(info) : Result<BuildInfo>(status.error()));
  });
}

Status WkClient::finishNegotiation(const Result<BuildInfo>& result) {
  Status status;
  if (result.ok()) {
    buildInfo_ = result.value();
    auto version = negotiateApiVersion(result->currentApiVersion, result->oldestSupportedApiVersion,
                                       options_.oldestApiVersion, options_.newestApiVersion);
    if (version.ok()) {
      apiVersion_ = version.value();
      qCInfo(lcClient) << "server speaks API v" << result->oldestSupportedApiVersion << "…v"
                       << result->currentApiVersion << ", using v" << apiVersion_;
    } else {
      status = version.error();
    }
  } else {
    status = result.error();
  }
  negotiating_ = false;
  auto waiters = std::move(versionWaiters_);
  versionWaiters_.clear();
  for (auto& waiter : waiters) waiter(status);
  return status;
}

// --- Session ---

void WkClient::login(const std::string& email, const std::string& password, Callback<std::string> done) {
  ApiCall c;
  c.method = "POST";
  c.path = "/auth/login";
  c.body = QByteArray::fromStdString(json{{"email", email}, {"password", password}}.dump());
  c.contentType = "application/json";
  c.sendToken = false;
  call(std::move(c), [this, done](Result<HttpResponse> r) {
    if (!r.ok()) return done(r.error().withContext("login"));
    QByteArray session;
    for (const auto& [name, value] : r->headers) {
      if (name.compare("Set-Cookie", Qt::CaseInsensitive) != 0) continue;
      for (const QNetworkCookie& cookie : QNetworkCookie::parseCookies(value))
        if (cookie.name() == "id") session = cookie.value();
    }
    if (session.isEmpty())
      return done(makeError(ErrorCode::Auth, "login: the server accepted the login but sent no session cookie"));
    ApiCall tokenCall;
    tokenCall.path = "/auth/token";
    tokenCall.sendToken = false;
    tokenCall.headers.append({"Cookie", "id=" + session});
    callJson(std::move(tokenCall), [this, done](Result<json> t) {
      if (!t.ok()) return done(t.error().withContext("login"));
      if (!t->is_object() || !t->contains("token") || !(*t)["token"].is_string())
        return done(makeError(ErrorCode::InvalidData, "login: /api/auth/token did not answer {\"token\": …}"));
      setToken((*t)["token"].get<std::string>());
      done(token_);
    });
  });
}

void WkClient::logout(StatusCallback done) {
  if (token_.empty()) return done(Status::success());
  ApiCall c;
  c.method = "POST";
  c.path = "/auth/logout";
  call(std::move(c), [this, done](Result<HttpResponse> r) {
    clearToken();
    // A token the server no longer knows is logged out already.
    if (!r.ok() && classify(r.error()) != ErrorKind::Auth) return done(r.error().withContext("logout"));
    done(Status::success());
  });
}

void WkClient::currentUser(Callback<User> done) {
  ApiCall c;
  c.path = "/user";
  callJson(std::move(c), [done](Result<json> r) { done(r.ok() ? parseUser(r.value()) : Result<User>(r.error())); });
}

// --- Store token and store requests ---

void WkClient::storeToken(bool refresh, Callback<std::string> done) {
  if (!refresh && !storeToken_.empty()) return done(storeToken_);
  ApiCall c;
  c.method = "POST";
  c.path = "/userToken/generate";
  callJson(std::move(c), [this, done](Result<json> r) {
    if (!r.ok()) return done(r.error().withContext("getting a datastore token"));
    if (!r->is_object() || !r->contains("token") || !(*r)["token"].is_string())
      return done(makeError(ErrorCode::InvalidData, "/api/userToken/generate did not answer {\"token\": …}"));
    storeToken_ = (*r)["token"].get<std::string>();
    qCDebug(lcClient) << "received a short-lived store token";
    done(storeToken_);
  });
}

void WkClient::storeCall(const std::string& storeUrl, HttpRequest request, Callback<HttpResponse> done) {
  // Relative request URLs resolve below the store URL, which may carry a path prefix.
  std::string base = storeUrl;
  while (!base.empty() && base.back() == '/') base.pop_back();
  request.url = QUrl(QString::fromStdString(base + "/")).resolved(request.url);
  storeAttempt(base, std::move(request), 0, std::move(done));
}

void WkClient::storeAttempt(const std::string& storeUrl, HttpRequest request, int attempt,
                            Callback<HttpResponse> done) {
  auto send = [this, storeUrl, request, attempt, done](Result<std::string> token) mutable {
    if (!token.ok()) return done(token.error());
    HttpRequest r = request;
    if (!token->empty()) r.headers.append({"X-Auth-Token", QByteArray::fromStdString(token.value())});
    transport_.send(r, [this, storeUrl, request, attempt, done, r](HttpResponse response) {
      // The short-lived token may have expired: refresh it and try again (the frontend does 3 tries).
      if (!response.networkError && response.status == 403 && !token_.empty() && attempt < 2) {
        qCInfo(lcClient) << "store answered 403; refreshing the store token";
        storeToken_.clear();
        return storeAttempt(storeUrl, request, attempt + 1, done);
      }
      done(checkResponse(r, std::move(response)));
    });
  };
  if (token_.empty()) return send(std::string());
  storeToken(attempt > 0, std::move(send));
}

}  // namespace skein::client
