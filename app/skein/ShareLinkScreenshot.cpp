#include "ShareLinkScreenshot.h"

#include "core/client/Callbacks.h"
#include "core/client/ShareLink.h"
#include "ui/ServerConnection.h"
#include "ui/ServerLinkResolver.h"
#include "ui/ServerUi.h"
#include "ui/ViewerSession.h"

namespace skein::app {

std::optional<Result<LinkedView>> resolveLinkForScreenshot(const QString& text) {
  if (!ui::ServerUi::isServerLink(text)) return std::nullopt;
  auto link = client::parseShareLink(text.trimmed().toStdString());
  if (!link.ok()) return Result<LinkedView>(link.error());
  // A screenshot never asks questions: no keychain prompt fallback, saved accounts are used as is.
  ui::ServerConnectionOptions options;
  options.configDir = ui::defaultServerConfigDir();
  ui::ServerConnection connection(options);
  auto target = client::awaitResult<ui::ServerTarget>(
      [&](client::Callback<ui::ServerTarget> cb) { ui::resolveShareLink(connection, link.value(), cb); });
  if (!target.ok()) return Result<LinkedView>(target.error().withContext("resolving the share link"));
  LinkedView view;
  view.location = target->zarrUrl;
  view.locationForDisplay = target->zarrUrlForDisplay;
  view.position = target->link.view.position;
  if (target->link.view.zoomStep && *target->link.view.zoomStep > 0) view.zoom = target->link.view.zoomStep;
  for (const auto& [name, state] : target->link.view.layers)
    if (state.isDisabled) view.layerVisible[name] = !*state.isDisabled;
  return Result<LinkedView>(std::move(view));
}

void applyLayerVisibility(ui::ViewerSession& session, const LinkedView& view) {
  for (auto& layer : session.layers()) {
    const auto it = view.layerVisible.find(layer.name);
    if (it == view.layerVisible.end()) continue;
    (layer.segmentation ? layer.segments.visible : layer.color.visible) = it->second;
  }
}

}  // namespace skein::app
