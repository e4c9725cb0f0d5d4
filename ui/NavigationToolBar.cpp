#include "ui/NavigationToolBar.h"

#include <QContextMenuEvent>
#include <QDoubleSpinBox>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>

#include "ui/PositionText.h"
#include "ui/ViewerSession.h"

namespace skein::ui {

void PositionEdit::keyPressEvent(QKeyEvent* event) {
  QLineEdit::keyPressEvent(event);
  if (event->matches(QKeySequence::Paste)) emit pasted();
}

void PositionEdit::contextMenuEvent(QContextMenuEvent* event) {
  QMenu* menu = createStandardContextMenu();
  for (QAction* a : menu->actions())
    if (a->objectName() == QLatin1String("edit-paste")) connect(a, &QAction::triggered, this, &PositionEdit::pasted, Qt::QueuedConnection);
  menu->exec(event->globalPos());
  delete menu;
}

NavigationToolBar::NavigationToolBar(ViewerSession* session, QWidget* parent)
    : QToolBar(tr("Navigation"), parent), session_(session) {
  setObjectName(QStringLiteral("navigationToolBar"));
  addWidget(new QLabel(tr(" Position "), this));
  position_ = new PositionEdit(this);
  position_->setObjectName(QStringLiteral("positionEdit"));
  position_->setPlaceholderText(tr("x, y, z"));
  position_->setToolTip(tr("Position in mag-1 voxels. Type or paste \"x, y, z\" and press Enter."));
  position_->setMinimumWidth(180);
  position_->setMaximumWidth(260);
  addWidget(position_);
  connect(position_, &QLineEdit::returnPressed, this, [this] {
    if (!applyPosition())
      emit message(tr("\"%1\" is not a position: expected three numbers such as 1024, 512, 77").arg(position_->text()));
  });
  connect(position_, &PositionEdit::pasted, this, [this] { applyPosition(); });
  connect(position_, &QLineEdit::editingFinished, this, [this] {
    if (!position_->hasFocus()) showSession();  // focus left: show the real position again
  });

  addWidget(new QLabel(tr("  Zoom "), this));
  zoom_ = new QDoubleSpinBox(this);
  zoom_->setObjectName(QStringLiteral("zoomBox"));
  zoom_->setRange(1.0 / 64.0, 4096.0);
  zoom_->setDecimals(3);
  zoom_->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
  zoom_->setKeyboardTracking(false);
  zoom_->setToolTip(tr("Mag-1 voxels per screen pixel (1: one voxel per pixel; larger: zoomed out)"));
  addWidget(zoom_);
  connect(zoom_, &QDoubleSpinBox::valueChanged, this, [this](double z) {
    if (session_->hasDataset()) session_->setZoom(z);
  });

  connect(session_, &ViewerSession::viewChanged, this, &NavigationToolBar::showSession);
  connect(session_, &ViewerSession::datasetChanged, this, &NavigationToolBar::showSession);
  showSession();
}

bool NavigationToolBar::applyPosition() {
  const auto p = parsePosition(position_->text());
  if (!p) return false;
  if (session_->hasDataset()) session_->setPosition(*p);
  position_->setText(formatPosition(session_->position()));
  return true;
}

void NavigationToolBar::showSession() {
  setEnabled(session_->hasDataset());
  if (!position_->hasFocus() || !position_->isModified()) {
    position_->setText(session_->hasDataset() ? formatPosition(session_->position()) : QString());
    position_->setModified(false);
  }
  const QSignalBlocker block(zoom_);
  zoom_->setValue(session_->zoom());
}

}  // namespace skein::ui
