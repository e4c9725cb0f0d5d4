#pragma once
#include <QMainWindow>
#include <array>
#include <functional>

class QMenu;

namespace skein::ui {

class ActionRegistry;
class DatasetInfoPanel;
class GoToPositionDialog;
class LayersPanel;
class NavigationToolBar;
class PreferencesDialog;
class ShortcutsDialog;
class SliceViewport;
class StatisticsPanel;
class ViewerSession;
class ViewerStatusBar;
class Viewport3D;

// The viewer window: XY, YZ, XZ and 3D viewports in a 2×2 grid (one can be maximised), the
// Layers / Dataset info / Statistics docks, the navigation toolbar (position field, zoom), the
// status bar (position, value under the mouse, loading), and the menus. Every command is a QAction
// of the ActionRegistry, whose shortcuts the user can change (Help › Keyboard shortcuts).
// Datasets open from File › Open folder / Open URL / Recent, the command line, or by dropping a
// folder or URL on the window; errors show as a message, never a crash.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(ViewerSession* session, QWidget* parent = nullptr);
  ~MainWindow() override;
  ViewerSession* session() const { return session_; }
  const std::array<SliceViewport*, 3>& sliceViewports() const { return slices_; }
  Viewport3D* view3d() const { return view3d_; }
  // Shows only one viewport (0..2 = XY, YZ, XZ, 3 = 3D), or all four with -1.
  void maximizeViewport(int index);
  int maximizedViewport() const { return maximized_; }

  ActionRegistry* actionRegistry() const { return actions_; }
  LayersPanel* layersPanel() const { return layersPanel_; }
  DatasetInfoPanel* datasetInfoPanel() const { return infoPanel_; }
  StatisticsPanel* statisticsPanel() const { return statsPanel_; }
  NavigationToolBar* navigationToolBar() const { return navBar_; }
  ViewerStatusBar* viewerStatusBar() const { return status_; }

  // Opens a local folder or URL. On failure the current dataset stays, and the error shows in a
  // (non-blocking) message box and the status bar. Successful locations go to File › Recent.
  bool openLocation(const QString& location);
  // Dropped text or URLs go to this hook first (e.g. ServerUi installs one for webKnossos links);
  // it returns true when it took the drop, else the drop opens as a dataset location.
  using LinkHandler = std::function<bool(const QString& link)>;
  void setLinkHandler(LinkHandler handler) { linkHandler_ = std::move(handler); }
  // The interactive application's saved state: budgets and preferences, shortcuts (also of actions
  // registered after construction), window layout (also of docks added by other parts). Not used
  // for screenshots, whose pixels must not depend on a user's settings.
  void restoreSettings();
  // Toolbar, docks and status bar (hidden for screenshots: the grid alone, as before).
  void setChromeVisible(bool visible);
  // Lays the window out now (also before it is shown) and tells the session the slice viewports'
  // sizes, so that chunk requests start while the window and its GL contexts initialise.
  void announceViewportSizes();

  // The slice viewport (0..2) that keyboard navigation moves: the one last hovered or focused.
  int activeViewport() const { return active_; }
  void setActiveViewport(int index);

  // Non-blocking dialogs (deleted when closed).
  ShortcutsDialog* showShortcutsDialog();
  PreferencesDialog* showPreferencesDialog();
  GoToPositionDialog* showGoToPositionDialog();

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void createActions();  // MainWindowActions.cpp
  void buildMenus();     // MainWindowActions.cpp
  void buildDocks();
  void openFolderDialog();
  void openUrlDialog();
  void rebuildRecentMenu();
  void showError(const QString& title, const QString& message);
  void toggleMaximizeUnderCursor();

  ViewerSession* session_;
  ActionRegistry* actions_ = nullptr;
  std::array<SliceViewport*, 3> slices_{};
  Viewport3D* view3d_ = nullptr;
  LayersPanel* layersPanel_ = nullptr;
  DatasetInfoPanel* infoPanel_ = nullptr;
  StatisticsPanel* statsPanel_ = nullptr;
  NavigationToolBar* navBar_ = nullptr;
  ViewerStatusBar* status_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  QMenu* viewMenu_ = nullptr;
  int maximized_ = -1;
  int active_ = 0;
  bool saveLayoutOnClose_ = false;
  LinkHandler linkHandler_;
};

}  // namespace skein::ui
