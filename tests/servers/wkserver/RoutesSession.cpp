// Build info, login/logout/tokens, the current user, teams and folders.
#include <QNetworkCookie>
#include <QUrlQuery>

#include "tests/servers/wkserver/Model.h"
#include "tests/servers/wkserver/WkServer.h"

namespace wk {

namespace {

Response needLogin() { return Response::error(401, "Not logged in. Please log in (token or session)."); }

}  // namespace

void registerSessionRoutes(WkServer& s) {
  s.route("GET /api/buildinfo", [](WkServer& server, Request&) {
    return Response::ofJson(
        {{"webknossos", {{"name", "webknossos"}, {"ciTag", ""}, {"commitHash", "skein-wkserver"}, {"ciBuild", "0"},
                         {"scalaVersion", "2.13.16"}, {"version", "skein-test"}, {"sbtVersion", "1.11.7"},
                         {"commitDate", "Thu Jan 1 00:00:00 1970 +0000"}}},
         {"schemaVersion", 145},
         {"httpApiVersioning", {{"currentApiVersion", server.options().currentApiVersion},
                                {"oldestSupportedApiVersion", server.options().oldestApiVersion}}},
         {"localDataStoreEnabled", true},
         {"localTracingStoreEnabled", true}});
  });

  s.route("POST /api/auth/login", [](WkServer& server, Request& r) {
    std::string email, password;
    if (r.header("content-type").startsWith("application/json")) {
      const json body = r.jsonBody();
      email = body.value("email", "");
      password = body.value("password", "");
    } else {
      const QUrlQuery form(QString::fromUtf8(r.body));
      email = form.queryItemValue("email", QUrl::FullyDecoded).toStdString();
      password = form.queryItemValue("password", QUrl::FullyDecoded).toStdString();
    }
    for (const json& u : server.store().all("users")) {
      if (u.value("email", "") != email || u.value("password", "") != password) continue;
      const std::string session = randomToken(24);
      server.store().put("sessions", session, {{"id", session}, {"userId", u["id"]}});
      Response ok = Response::ofJson(userJson(server.store(), u));
      ok.headers.push_back({"Set-Cookie", QByteArray::fromStdString("id=" + session + "; Path=/; HttpOnly")});
      return ok;
    }
    return Response::error(400, "auth.invalidCredentials");
  });

  s.route("POST /api/auth/logout", [](WkServer& server, Request& r) {
    QByteArray cookie = r.header("cookie");
    for (const QNetworkCookie& c : QNetworkCookie::parseCookies(cookie.replace("; ", "\n")))
      if (c.name() == "id") server.store().remove("sessions", c.value().toStdString());
    return Response::ofJson("/");
  });

  s.route("GET /api/auth/token", [](WkServer&, Request& r) {
    if (!r.user) return needLogin();
    return Response::ofJson({{"token", (*r.user)["token"]}});
  });

  s.route("DELETE /api/auth/token", [](WkServer& server, Request& r) {
    if (!r.user) return needLogin();
    json user = *r.user;
    user["token"] = randomToken(32);  // the old one stops working
    server.store().put("users", user["id"], user);
    return Response::ofJson({{"messages", {{{"success", "Token revoked"}}}}});
  });

  s.route("GET /api/user", [](WkServer& server, Request& r) {
    if (!r.user) return needLogin();
    return Response::ofJson(userJson(server.store(), *r.user));
  });

  s.route("POST /api/userToken/generate", [](WkServer& server, Request& r) {
    if (!r.user) return needLogin();
    const std::string token = randomToken(16);
    server.store().put("storeTokens", token,
                       {{"token", token}, {"userId", (*r.user)["id"]},
                        {"expires", nowMs() + 1000LL * server.options().storeTokenTtlSeconds}});
    return Response::ofJson({{"token", token}});
  });

  s.route("GET /api/teams", [](WkServer& server, Request& r) {
    if (!r.user) return needLogin();
    json out = json::array();
    for (const json& t : server.store().all("teams")) out.push_back(teamJson(t));
    return Response::ofJson(out);
  });

  s.route("GET /api/folders/tree", [](WkServer& server, Request& r) {
    if (!r.user) return needLogin();
    json out = json::array();
    for (const json& f : server.store().all("folders")) out.push_back(folderTreeEntry(f));
    return Response::ofJson(out);
  });

  s.route("GET /api/folders/root", [](WkServer& server, Request& r) {
    if (!r.user) return needLogin();
    for (const json& f : server.store().all("folders"))
      if (f["parent"].is_null()) return Response::ofJson(folderJson(server.store(), f));
    return Response::error(404, "folder.notFound");
  });

  s.route("GET /api/folders/:id", [](WkServer& server, Request& r) {
    if (!r.user) return needLogin();
    auto f = server.store().get("folders", r.param("id"));
    if (!f) return Response::error(404, "folder.notFound");
    return Response::ofJson(folderJson(server.store(), *f));
  });
}

}  // namespace wk
