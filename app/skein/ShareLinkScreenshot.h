#pragma once
// `skein --screenshot FILE … URL` with a webKnossos share link (dataset, legacy org/name,
// annotation, short link, ?token=): resolves it with the GUI's resolver (ui/ServerLinkResolver,
// saved accounts included) into the Zarr location to open and the view the link encodes.

#include <QString>

#include <map>
#include <optional>
#include <string>

#include "core/base/Result.h"
#include "core/base/Vec3.h"

namespace skein::ui {
class ViewerSession;
}

namespace skein::app {

struct LinkedView {
  QString location;                // what ViewerSession::open() gets (may carry ?token=)
  QString locationForDisplay;      // the same with the token hidden
  std::optional<Vec3d> position;   // mag-1 voxels
  std::optional<double> zoom;      // webKnossos zoomStep = the viewer's zoom
  std::map<std::string, bool> layerVisible;  // from the hash's stateByLayer.<layer>.isDisabled
};

// nullopt when `text` is no server link (a folder or data URL: open it as it is); otherwise the
// resolved view or why it could not be resolved (tokens never appear in the message).
std::optional<Result<LinkedView>> resolveLinkForScreenshot(const QString& text);

// Shows or hides the session's layers as the link says (layers it does not name keep their state).
void applyLayerVisibility(ui::ViewerSession& session, const LinkedView& view);

}  // namespace skein::app
