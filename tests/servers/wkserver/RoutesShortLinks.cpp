// Short links (webknossos-api.md §10): POST /api/shortLinks with the long link as a JSON string
// → {_id, key, longLink}; GET /api/shortLinks/byKey/:key → the same. No login needed.
#include "tests/servers/wkserver/Model.h"
#include "tests/servers/wkserver/WkServer.h"

namespace wk {

void registerShortLinkRoutes(WkServer& s) {
  s.route("POST /api/shortLinks", [](WkServer& server, Request& r) {
    const json body = r.jsonBody();
    if (!body.is_string() || body.get<std::string>().rfind("http", 0) != 0)
      return Response::error(400, "Expected the long link as a JSON string.");
    json link = {{"_id", newObjectId()}, {"key", randomToken(12)}, {"longLink", body}};
    server.store().put("shortLinks", link["key"], link);
    return Response::ofJson(link);
  });

  s.route("GET /api/shortLinks/byKey/:key", [](WkServer& server, Request& r) {
    auto link = server.store().get("shortLinks", r.param("key"));
    return link ? Response::ofJson(*link) : Response::error(404, "Short link not found.");
  });
}

}  // namespace wk
