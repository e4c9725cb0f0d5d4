#pragma once
// The webKnossos server parts of the viewer window, in one object the window owner creates:
//   - docks: Server datasets (browser with search) and Server annotations (list);
//   - File › Open link… (paste a webKnossos link; opens the dataset's Zarr at the link's view);
//   - Server › Accounts…, Share…, Zarr links…, Dataset settings…;
//   - a read-only banner for annotations the user may only view, with "Copy to my account";
//   - opening an annotation (link, list) also loads its skeleton into the window's SkeletonUi (when it
//     has one), bound to the server so that Save goes through the save protocol;
//   - webKnossos links dropped on a MainWindow open like File › Open link (MainWindow::setLinkHandler).
// Integration (MainWindow stays unaware of the server), after MainWindow and before restoreSettings()
// so that the saved layout and shortcuts apply to the docks and commands:
//     skein::ui::ServerUiConfig serverConfig;
//     serverConfig.actions = window.actionRegistry();
//     auto* serverUi = new skein::ui::ServerUi(&window, &session, serverConfig);  // owned by the window
// "Current" is what was last opened through the server (link, browser or list); the dialogs act
// on it, else on the selection in the docks.

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/base/Result.h"
#include "core/client/ShareLink.h"
#include "ui/ServerConfirm.h"
#include "ui/ServerConnection.h"
#include "ui/ServerLinkResolver.h"

class QAction;
class QMainWindow;
class QMenu;
class QToolBar;

namespace skein::ui {

class AccountDialog;
class ActionRegistry;
class AnnotationListDock;
class DatasetBrowserDock;
class DatasetSettingsDialog;
class DatasetUploadDialog;
class ServerOpenLinkDialog;
class ServerReadOnlyBanner;
class ServerProgress;
class ShareDialog;
class ViewerSession;
class ZarrLinksDialog;

struct ServerUiConfig {
  ServerConnectionOptions connection;  // empty configDir: defaultServerConfigDir()
  // When given, the commands are registered there (ids "file.open_link", "server.*") so their
  // shortcuts show in Help › Keyboard shortcuts.
  ActionRegistry* actions = nullptr;
  // Opens a dataset location in the viewer; default: ViewerSession::open. (MainWindow::openLocation
  // is not used on purpose: it would put the tokened URL into File › Recent.)
  std::function<Status(const QString& location)> openLocation;
  ServerConfirm confirm;  // default: a message box
  bool restoreDefaultAccount = true;
};

class ServerUi : public QObject {
  Q_OBJECT
 public:
  ServerUi(QMainWindow* window, ViewerSession* session, ServerUiConfig config = {});
  ~ServerUi() override;

  ServerConnection* connection() const { return connection_; }
  DatasetBrowserDock* datasetBrowser() const { return browser_; }
  AnnotationListDock* annotationList() const { return annotations_; }
  ServerReadOnlyBanner* readOnlyBanner() const { return banner_; }
  QAction* action(const QString& id) const;  // "file.open_link", "server.accounts", "server.share", …
  QMenu* serverMenu() const { return menu_; }

  // Whether `text` is a webKnossos link (for `skein <link>` and drops); see openLink().
  static bool isServerLink(const QString& text);
  // Resolves and opens a link without the dialog (command line); errors show in a message box.
  void openLink(const QString& link);

  const std::optional<ServerTarget>& current() const { return current_; }
  // Opens what a link resolved to: the Zarr URL in the viewer, then the link's position and zoom;
  // for an annotation, then downloads its skeleton (annotationLoaded() when it is in the viewer).
  Status openTarget(const ServerTarget& target);
  // The viewer's position and zoom as a link hash.
  client::ViewState currentView() const;

  // Non-modal dialogs, deleted when closed; nullptr (and a status message) when there is nothing to act on.
  ServerOpenLinkDialog* showOpenLinkDialog(const QString& link = {});
  AccountDialog* showAccountDialog();
  ShareDialog* showShareDialog();
  ZarrLinksDialog* showZarrLinksDialog();
  DatasetSettingsDialog* showDatasetSettingsDialog();
  ShareDialog* showShareDialog(const client::AnnotationInfo& annotation);
  ZarrLinksDialog* showZarrLinksDialog(const client::AnnotationInfo& annotation);
  DatasetSettingsDialog* showDatasetSettingsDialog(const client::DatasetInfo& dataset);
  // Server › Upload dataset… (needs a login); `folder` pre-fills the dialog.
  DatasetUploadDialog* showDatasetUploadDialog(const QString& folder = {});

  // "Copy to my account" for an annotation (the current one from the banner, or from the list).
  void copyToMyAccount(const client::AnnotationInfo& annotation);

 signals:
  void targetOpened(const QString& description);
  void annotationCopied(const QString& newAnnotationId);
  void annotationLoaded(const QString& annotationId);  // its skeleton is in the skeleton tools
  void message(const QString& text);  // also shown in the window's status bar

 private:
  void createActions();
  void buildMenus();
  void buildDocks();
  void resolveAndOpen(const client::ShareLink& link, ServerProgress* progress);
  void loadAnnotationSkeleton(const ServerTarget& target);  // ServerUiAnnotationLoad.cpp
  void rebindSkeletonTo(const client::AnnotationInfo& copy);
  void updateBanner();
  void updateActions();
  void showMessage(const QString& text);
  void showError(const QString& html);
  client::WkClient* clientForCurrent();

  QMainWindow* window_;
  ViewerSession* session_;
  ServerUiConfig config_;
  ServerConnection* connection_;
  DatasetBrowserDock* browser_ = nullptr;
  AnnotationListDock* annotations_ = nullptr;
  QToolBar* bannerBar_ = nullptr;
  ServerReadOnlyBanner* banner_ = nullptr;
  QMenu* menu_ = nullptr;
  std::optional<ServerTarget> current_;
  struct Actions;
  std::unique_ptr<Actions> actions_;
};

}  // namespace skein::ui
