#pragma once
// Turns a parsed webKnossos link (ShareLink: dataset, legacy org/name, annotation, short link,
// ?token=) into what the viewer opens: the dataset (and annotation) from the server and the
// dataset's Zarr streaming URL on its datastore (webknossos-api.md §6.2). The URL carries the
// link's sharing token, or — for a logged-in user on a dataset that is not public — a short-lived
// datastore token (§3), never the personal token.

#include <QString>

#include <optional>
#include <string>

#include "core/client/ApiTypes.h"
#include "core/client/Callbacks.h"
#include "core/client/ShareLink.h"

namespace skein::client {
class WkClient;
}

namespace skein::ui {

class ServerConnection;

struct ServerTarget {
  client::ShareLink link;  // after a short link: the long link it stands for
  client::DatasetInfo dataset;
  std::optional<client::AnnotationInfo> annotation;
  QString zarrUrl;            // what the viewer opens; may carry ?token=
  QString zarrUrlForDisplay;  // the same with the token's value hidden
  client::WkClient* client = nullptr;  // the client that resolved it (owned by ServerConnection)
  // One sentence: what opens, where, at which position and zoom.
  QString describe() const;
};

// The dataset's Zarr URL on its datastore without any token ("<ds>/data/vN/zarr/<id>").
QString datasetZarrUrl(const client::DatasetInfo& dataset, int apiVersion);
// "<ds>/data/zarr/<id>": the plain address to give to other tools (with login or for public data).
QString plainDatasetZarrUrl(const client::DatasetInfo& dataset);
// The parsed link in words, before it is resolved ("Annotation 6a0… on http://…, position …").
QString describeShareLink(const client::ShareLink& link);

void resolveShareLink(ServerConnection& connection, const client::ShareLink& link,
                      client::Callback<ServerTarget> done);

}  // namespace skein::ui
