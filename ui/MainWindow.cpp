#include "ui/MainWindow.h"

#include <QGridLayout>
#include <QMenuBar>

#include "ui/SliceViewport.h"
#include "ui/ViewerSession.h"
#include "ui/ViewportWidget.h"

namespace skein::ui {

MainWindow::MainWindow(ViewerSession* session, QWidget* parent) : QMainWindow(parent), session_(session) {
  setWindowTitle(tr("Skein"));
  auto* central = new QWidget(this);
  auto* grid = new QGridLayout(central);
  grid->setContentsMargins(2, 2, 2, 2);
  grid->setSpacing(2);
  const render::Plane planes[3] = {render::Plane::XY, render::Plane::YZ, render::Plane::XZ};
  for (int i = 0; i < 3; ++i) {
    slices_[i] = new SliceViewport(planes[i], session_, central);
    grid->addWidget(slices_[i], i / 2, i % 2);
  }
  view3d_ = new ViewportWidget(ViewportKind::View3D, central);
  grid->addWidget(view3d_, 1, 1);
  setCentralWidget(central);
  buildMenus();
  connect(session_, &ViewerSession::datasetChanged, this, [this] {
    if (const Dataset* ds = session_->dataset()) setWindowTitle(tr("%1 — Skein").arg(QString::fromStdString(ds->name)));
  });
}

void MainWindow::buildMenus() {
  auto* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
  auto* view = menuBar()->addMenu(tr("&View"));
  auto* maximize = view->addAction(tr("Maximise viewport under the cursor"));
  maximize->setShortcut(QKeySequence(Qt::Key_Period));
  connect(maximize, &QAction::triggered, this, [this] {
    if (maximized_ >= 0) return maximizeViewport(-1);
    for (int i = 0; i < 3; ++i)
      if (slices_[i]->underMouse() || slices_[i]->hasFocus()) return maximizeViewport(i);
    maximizeViewport(view3d_->underMouse() ? 3 : 0);
  });
}

void MainWindow::maximizeViewport(int index) {
  maximized_ = index;
  for (int i = 0; i < 3; ++i) slices_[i]->setVisible(index < 0 || index == i);
  view3d_->setVisible(index < 0 || index == 3);
}

}  // namespace skein::ui
