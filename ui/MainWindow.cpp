#include "ui/MainWindow.h"

#include <QGridLayout>
#include <QMenuBar>

#include "ui/ViewportWidget.h"

namespace skein::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("Skein"));
  auto* central = new QWidget(this);
  auto* grid = new QGridLayout(central);
  grid->setContentsMargins(2, 2, 2, 2);
  grid->setSpacing(2);
  const ViewportKind kinds[4] = {ViewportKind::XY, ViewportKind::YZ, ViewportKind::XZ, ViewportKind::View3D};
  for (int i = 0; i < 4; ++i) {
    viewports_[i] = new ViewportWidget(kinds[i], central);
    grid->addWidget(viewports_[i], i / 2, i % 2);
  }
  setCentralWidget(central);
  auto* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
}

}  // namespace skein::ui
