// MainWindow's commands: every action is registered once in the ActionRegistry (id, category,
// default keys) and then placed in the menus and the toolbar.
#include <QApplication>
#include <QDockWidget>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>
#include <QToolBar>

#include "ui/ActionRegistry.h"
#include "ui/MainWindow.h"
#include "ui/NavigationToolBar.h"
#include "ui/SliceViewport.h"
#include "ui/ViewNavigation.h"
#include "ui/ViewerSession.h"

namespace skein::ui {

namespace {
constexpr double kPanPx = 64;  // one arrow key press, screen pixels

QList<QKeySequence> keys(std::initializer_list<const char*> list) {
  QList<QKeySequence> out;
  for (const char* k : list) out << QKeySequence(QString::fromLatin1(k), QKeySequence::PortableText);
  return out;
}
}  // namespace

void MainWindow::createActions() {
  actions_ = new ActionRegistry(this);
  ActionRegistry& r = *actions_;
  const QString file = tr("File"), edit = tr("Edit"), nav = tr("Navigation"), view = tr("View"), help = tr("Help");

  connect(r.add("file.open_folder", file, tr("Open &folder…"), keys({"Ctrl+O"})), &QAction::triggered, this,
          &MainWindow::openFolderDialog);
  connect(r.add("file.open_url", file, tr("Open &URL…"), keys({"Ctrl+Shift+O", "Ctrl+L"})), &QAction::triggered, this,
          &MainWindow::openUrlDialog);
  connect(r.add("file.quit", file, tr("&Quit"), keys({"Ctrl+Q"})), &QAction::triggered, this, &QWidget::close);
  connect(r.add("edit.preferences", edit, tr("&Preferences…"), keys({"Ctrl+,"})), &QAction::triggered, this,
          &MainWindow::showPreferencesDialog);

  auto plane = [this] { return slices_[static_cast<std::size_t>(active_)]->plane(); };
  auto slice = [&](const char* id, const QString& text, std::initializer_list<const char*> k, double step) {
    connect(r.add(id, nav, text, keys(k)), &QAction::triggered, this, [this, plane, step] {
      moveSlice(*session_, plane(), step);
    });
  };
  slice("navigate.slice_forward", tr("Next slice"), {"F", "PgDown"}, 1);
  slice("navigate.slice_back", tr("Previous slice"), {"D", "PgUp"}, -1);
  slice("navigate.slice_forward_10", tr("10 slices forward"), {"Shift+F", "Shift+PgDown"}, 10);
  slice("navigate.slice_back_10", tr("10 slices back"), {"Shift+D", "Shift+PgUp"}, -10);
  auto pan = [&](const char* id, const QString& text, const char* k, double dx, double dy) {
    connect(r.add(id, nav, text, keys({k})), &QAction::triggered, this, [this, plane, dx, dy] {
      panView(*session_, plane(), dx, dy);
    });
  };
  pan("navigate.pan_left", tr("Pan left"), "Left", -kPanPx, 0);
  pan("navigate.pan_right", tr("Pan right"), "Right", kPanPx, 0);
  pan("navigate.pan_up", tr("Pan up"), "Up", 0, -kPanPx);
  pan("navigate.pan_down", tr("Pan down"), "Down", 0, kPanPx);
  QAction* zoomIn = r.add("navigate.zoom_in", nav, tr("Zoom in"), keys({"+", "="}));
  connect(zoomIn, &QAction::triggered, this, [this] { zoomView(*session_, 1.0 / kZoomStep); });
  QAction* zoomOut = r.add("navigate.zoom_out", nav, tr("Zoom out"), keys({"-"}));
  connect(zoomOut, &QAction::triggered, this, [this] { zoomView(*session_, kZoomStep); });
  connect(r.add("navigate.zoom_reset", nav, tr("Zoom to one voxel per pixel"), keys({"Ctrl+0"})), &QAction::triggered,
          this, [this] { session_->setZoom(1.0); });
  connect(r.add("navigate.centre", nav, tr("Centre on the dataset"), keys({"Home"})), &QAction::triggered, this, [this] {
    const Dataset* ds = session_->dataset();
    if (!ds || ds->layers.empty()) return;
    const Box3i b = ds->layers.front().boundingBox;
    session_->setPosition({double(b.min.x + b.size.x / 2), double(b.min.y + b.size.y / 2), double(b.min.z + b.size.z / 2)});
  });
  connect(r.add("navigate.go_to", nav, tr("&Go to position…"), keys({"Ctrl+G"})), &QAction::triggered, this,
          &MainWindow::showGoToPositionDialog);

  connect(r.add("view.maximize", view, tr("Maximise viewport under the cursor"), keys({"."})), &QAction::triggered,
          this, &MainWindow::toggleMaximizeUnderCursor);
  QAction* overlays = r.add("view.overlays", view, tr("Show crosshair, bounding box and scale bar"), keys({"Ctrl+H"}));
  overlays->setCheckable(true);
  overlays->setChecked(true);
  connect(overlays, &QAction::toggled, this, [this](bool on) {
    for (auto* v : slices_) v->setOverlaysVisible(on);
  });

  connect(r.add("help.shortcuts", help, tr("&Keyboard shortcuts"), keys({"F1", "Ctrl+/"})), &QAction::triggered, this,
          &MainWindow::showShortcutsDialog);
  connect(r.add("help.about", help, tr("&About Skein")), &QAction::triggered, this, [this] {
    QMessageBox::about(this, tr("About Skein"),
                       tr("<b>Skein %1</b><p>Viewer and annotation client for large 3D microscopy volumes.</p>")
                           .arg(QApplication::applicationVersion()));
  });

  // Shortcuts work wherever the focus is in the window (text fields keep the keys they type), also
  // for actions other parts of the UI register later.
  addActions(r.actions());
  connect(actions_, &ActionRegistry::actionAdded, this, [this](QAction* a) { addAction(a); });
  navBar_->addSeparator();
  navBar_->addAction(zoomOut);
  navBar_->addAction(zoomIn);
}

void MainWindow::buildMenus() {
  const ActionRegistry& r = *actions_;
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(r.action("file.open_folder"));
  file->addAction(r.action("file.open_url"));
  recentMenu_ = file->addMenu(tr("Open &recent"));
  recentMenu_->setObjectName(QStringLiteral("recentMenu"));
  connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
  rebuildRecentMenu();
  file->addSeparator();
  file->addAction(r.action("file.quit"));

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->addAction(r.action("edit.preferences"));

  QMenu* nav = menuBar()->addMenu(tr("&Navigate"));
  for (const auto& e : r.entries())
    if (e.id.startsWith(QLatin1String("navigate."))) {
      if (e.id == QLatin1String("navigate.pan_left") || e.id == QLatin1String("navigate.zoom_in") ||
          e.id == QLatin1String("navigate.centre"))
        nav->addSeparator();
      nav->addAction(e.action);
    }

  viewMenu_ = menuBar()->addMenu(tr("&View"));
  viewMenu_->addAction(r.action("view.maximize"));
  viewMenu_->addAction(r.action("view.overlays"));
  viewMenu_->addSeparator();
  for (auto* dock : findChildren<QDockWidget*>()) viewMenu_->addAction(dock->toggleViewAction());
  viewMenu_->addAction(navBar_->toggleViewAction());

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(r.action("help.shortcuts"));
  help->addAction(r.action("help.about"));
}

}  // namespace skein::ui
