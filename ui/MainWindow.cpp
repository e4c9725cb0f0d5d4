#include "ui/MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QUrl>

#include "ui/ActionRegistry.h"
#include "ui/DatasetInfoPanel.h"
#include "ui/GlRenderContext.h"
#include "ui/GoToPositionDialog.h"
#include "ui/LayersPanel.h"
#include "ui/NavigationToolBar.h"
#include "ui/PreferencesDialog.h"
#include "ui/ShortcutsDialog.h"
#include "ui/SliceViewport.h"
#include "ui/StatisticsPanel.h"
#include "ui/ViewerSession.h"
#include "ui/ViewerSettings.h"
#include "ui/ViewerStatusBar.h"
#include "ui/Viewport3D.h"

namespace skein::ui {

namespace {
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
constexpr int kMessageMs = 8000;

// The dataset location a drop carries: a local folder's path or a URL (or URL text).
QString droppedLocation(const QMimeData* mime) {
  if (!mime) return {};
  if (mime->hasUrls() && !mime->urls().isEmpty()) {
    const QUrl url = mime->urls().front();
    return url.isLocalFile() ? url.toLocalFile() : url.toString();
  }
  if (mime->hasText()) return mime->text().trimmed().section(QLatin1Char('\n'), 0, 0).trimmed();
  return {};
}
}  // namespace

MainWindow::MainWindow(ViewerSession* session, QWidget* parent) : QMainWindow(parent), session_(session) {
  setWindowTitle(tr("Skein"));
  setAcceptDrops(true);
  auto* central = new QWidget(this);
  auto* grid = new QGridLayout(central);
  grid->setContentsMargins(2, 2, 2, 2);
  grid->setSpacing(2);
  const render::Plane planes[3] = {render::Plane::XY, render::Plane::YZ, render::Plane::XZ};
  // One GL context for the four viewports: each context compiles its own shaders (see GlRenderContext).
  const auto gl = std::make_shared<GlRenderContext>();
  for (int i = 0; i < 3; ++i) {
    slices_[i] = new SliceViewport(planes[i], session_, central, gl);
    slices_[i]->installEventFilter(this);
    grid->addWidget(slices_[i], i / 2, i % 2);
  }
  view3d_ = new Viewport3D(session_, slices_, central, gl);
  grid->addWidget(view3d_, 1, 1);
  setCentralWidget(central);

  navBar_ = new NavigationToolBar(session_, this);
  addToolBar(Qt::TopToolBarArea, navBar_);
  status_ = new ViewerStatusBar(session_, statusBar());
  connect(navBar_, &NavigationToolBar::message, this, [this](const QString& m) { statusBar()->showMessage(m, kMessageMs); });
  for (auto* v : slices_)
    connect(v, &SliceViewport::hovered, status_, [this](const Vec3i& voxel) { status_->setHoveredVoxel(voxel); });
  buildDocks();
  createActions();
  buildMenus();
  QSettings settings;
  actions_->loadShortcuts(settings);

  connect(session_, &ViewerSession::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, kMessageMs); });
  connect(session_, &ViewerSession::datasetChanged, this, [this] {
    if (const Dataset* ds = session_->dataset()) setWindowTitle(tr("%1 — Skein").arg(QString::fromStdString(ds->name)));
  });
}

MainWindow::~MainWindow() {
  for (auto* v : slices_) v->removeEventFilter(this);
}

void MainWindow::buildDocks() {
  setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
  auto dock = [this](QWidget* content, const QString& title, const char* name) {
    auto* d = new QDockWidget(title, this);
    d->setObjectName(QLatin1String(name));
    d->setWidget(content);
    d->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::RightDockWidgetArea, d);
    return d;
  };
  layersPanel_ = new LayersPanel(session_, this);
  infoPanel_ = new DatasetInfoPanel(session_, this);
  statsPanel_ = new StatisticsPanel(session_, std::vector<SliceViewport*>(slices_.begin(), slices_.end()), this);
  QDockWidget* layers = dock(layersPanel_, tr("Layers"), "layersDock");
  QDockWidget* info = dock(infoPanel_, tr("Dataset info"), "datasetInfoDock");
  auto* statsScroll = new QScrollArea(this);  // the dock may be shorter than the list
  statsScroll->setWidget(statsPanel_);
  statsScroll->setWidgetResizable(true);
  statsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  statsScroll->setFrameShape(QFrame::NoFrame);
  QDockWidget* stats = dock(statsScroll, tr("Statistics"), "statisticsDock");
  tabifyDockWidget(info, stats);
  info->raise();
  // Most of the column for the layers, a wide enough one for their controls.
  resizeDocks({layers}, {330}, Qt::Horizontal);
  resizeDocks({layers, info}, {620, 260}, Qt::Vertical);
}

void MainWindow::setChromeVisible(bool visible) {
  navBar_->setVisible(visible);
  statusBar()->setVisible(visible);
  for (auto* d : findChildren<QDockWidget*>()) d->setVisible(visible);
}

void MainWindow::announceViewportSizes() {
  if (layout()) layout()->activate();
  if (centralWidget() && centralWidget()->layout()) centralWidget()->layout()->activate();
  for (auto* v : slices_)
    if (!v->isHidden()) v->announceSize();
}

bool MainWindow::openLocation(const QString& rawLocation) {
  const QString location = rawLocation.trimmed();
  if (location.isEmpty()) return false;
  statusBar()->showMessage(tr("Opening %1…").arg(location));
  QApplication::setOverrideCursor(Qt::WaitCursor);
  const Status opened = session_->open(location);
  QApplication::restoreOverrideCursor();
  if (!opened.ok()) {
    showError(tr("Cannot open dataset"), QString::fromStdString(opened.error().message));
    return false;
  }
  QSettings settings;
  addRecentDataset(settings, location);
  statusBar()->showMessage(tr("Opened %1").arg(location), kMessageMs);
  return true;
}

void MainWindow::showError(const QString& title, const QString& message) {
  statusBar()->showMessage(message, kMessageMs * 2);
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("errorMessage"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::openFolderDialog() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Open dataset folder"));
  if (!dir.isEmpty()) openLocation(dir);
}

void MainWindow::openUrlDialog() {
  const QStringList recent = recentDatasets(QSettings());
  QStringList urls;
  for (const auto& r : recent)
    if (r.contains(QLatin1String("://"))) urls << r;
  bool ok = false;
  const QString url = QInputDialog::getItem(this, tr("Open URL"),
                                            tr("Dataset URL (Zarr, N5, precomputed, webKnossos datasource):"), urls,
                                            0, true, &ok);
  if (ok && !url.trimmed().isEmpty()) openLocation(url);
}

void MainWindow::rebuildRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = recentDatasets(QSettings());
  for (const QString& location : recent)
    recentMenu_->addAction(location, this, [this, location] { openLocation(location); });
  if (recent.isEmpty()) recentMenu_->addAction(tr("No recent datasets"))->setEnabled(false);
  recentMenu_->addSeparator();
  recentMenu_->addAction(tr("Clear recent datasets"), this, [] {
    QSettings settings;
    clearRecentDatasets(settings);
  })->setEnabled(!recent.isEmpty());
}

void MainWindow::restoreSettings() {
  QSettings settings;
  actions_->loadShortcuts(settings);  // again: parts built after the window registered actions since
  StreamSettings stream = session_->streamSettings();
  loadStreamSettings(settings, stream);
  session_->setStreamSettings(stream);
  ViewerPreferences prefs = session_->preferences();
  loadViewerPreferences(settings, prefs);
  session_->setPreferences(prefs);
  restoreGeometry(settings.value(kGeometryKey).toByteArray());
  restoreState(settings.value(kStateKey).toByteArray());
  saveLayoutOnClose_ = true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (saveLayoutOnClose_) {
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
  }
  QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (!droppedLocation(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QString location = droppedLocation(event->mimeData());
  if (location.isEmpty()) return;
  event->acceptProposedAction();
  // Open after the drop returns, so the drag source is not kept waiting for the dataset to open.
  QMetaObject::invokeMethod(
      this, [this, location] {
        if (!linkHandler_ || !linkHandler_(location)) openLocation(location);
      },
      Qt::QueuedConnection);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
  for (int i = 0; i < 3; ++i) {
    if (watched != slices_[i]) continue;
    if (event->type() == QEvent::Enter || event->type() == QEvent::FocusIn) setActiveViewport(i);
    if (event->type() == QEvent::Leave) status_->setHoveredVoxel(std::nullopt);
  }
  return QMainWindow::eventFilter(watched, event);
}

void MainWindow::setActiveViewport(int index) {
  if (index >= 0 && index < 3) active_ = index;
}

void MainWindow::maximizeViewport(int index) {
  maximized_ = index;
  for (int i = 0; i < 3; ++i) slices_[i]->setVisible(index < 0 || index == i);
  view3d_->setVisible(index < 0 || index == 3);
  if (index >= 0 && index < 3) active_ = index;
}

void MainWindow::toggleMaximizeUnderCursor() {
  if (maximized_ >= 0) return maximizeViewport(-1);
  for (int i = 0; i < 3; ++i)
    if (slices_[i]->underMouse() || slices_[i]->hasFocus()) return maximizeViewport(i);
  maximizeViewport(view3d_->underMouse() ? 3 : active_);
}

ShortcutsDialog* MainWindow::showShortcutsDialog() {
  auto* dialog = new ShortcutsDialog(actions_, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->open();
  return dialog;
}

PreferencesDialog* MainWindow::showPreferencesDialog() {
  auto* dialog = new PreferencesDialog(session_, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->open();
  return dialog;
}

GoToPositionDialog* MainWindow::showGoToPositionDialog() {
  auto* dialog = new GoToPositionDialog(session_->position(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    if (const auto p = dialog->position(); p && session_->hasDataset()) session_->setPosition(*p);
  });
  dialog->open();
  return dialog;
}

}  // namespace skein::ui
