#include "ui/ViewerStatusBar.h"

#include <QLabel>
#include <QStatusBar>
#include <QStringList>

#include <utility>

#include "ui/PositionText.h"
#include "ui/ViewerSession.h"

namespace skein::ui {

ViewerStatusBar::ViewerStatusBar(ViewerSession* session, QStatusBar* bar) : QObject(bar), session_(session) {
  hover_ = new QLabel(bar);
  hover_->setObjectName(QStringLiteral("statusHover"));
  position_ = new QLabel(bar);
  position_->setObjectName(QStringLiteral("statusPosition"));
  loading_ = new QLabel(bar);
  loading_->setObjectName(QStringLiteral("statusLoading"));
  loading_->setTextFormat(Qt::RichText);
  // Text that changes with every mouse move must not resize the window: fixed bounds, shrinkable.
  for (const auto& [label, maxWidth] : {std::pair{hover_, 480}, std::pair{position_, 320}, std::pair{loading_, 360}}) {
    label->setMinimumWidth(40);
    label->setMaximumWidth(maxWidth);
  }
  bar->addPermanentWidget(hover_);
  bar->addPermanentWidget(position_);
  bar->addPermanentWidget(loading_);
  connect(session_, &ViewerSession::viewChanged, this, &ViewerStatusBar::updatePosition);
  connect(session_, &ViewerSession::datasetChanged, this, &ViewerStatusBar::refresh);
  // Hover values fill in as bricks arrive; the loading counts change without any signal.
  connect(session_, &ViewerSession::bricksArrived, this, &ViewerStatusBar::updateHover);
  timer_.setInterval(250);
  connect(&timer_, &QTimer::timeout, this, &ViewerStatusBar::updateLoading);
  timer_.start();
  refresh();
}

void ViewerStatusBar::setHoveredVoxel(std::optional<Vec3i> voxel) {
  hovered_ = voxel;
  updateHover();
}

void ViewerStatusBar::refresh() {
  updatePosition();
  updateHover();
  updateLoading();
}

void ViewerStatusBar::updatePosition() {
  if (!session_->hasDataset()) return position_->clear();
  position_->setText(tr("Position %1 · zoom %2").arg(formatPosition(session_->position())).arg(session_->zoom(), 0, 'g', 3));
}

void ViewerStatusBar::updateHover() {
  if (!hovered_ || !session_->hasDataset()) return hover_->clear();
  const Vec3i v = *hovered_;
  QStringList parts{QStringLiteral("%1, %2, %3").arg(v.x).arg(v.y).arg(v.z)};
  const auto& layers = session_->layers();
  for (int i = 0; i < static_cast<int>(layers.size()); ++i) {
    const LayerUiState& layer = layers[static_cast<std::size_t>(i)];
    if (!(layer.segmentation ? layer.segments.visible : layer.color.visible)) continue;
    const auto value = session_->valueAt(i, v);
    QString text = value ? formatVoxelValue(*value, layer.dtype, layer.segmentation) : QStringLiteral("–");
    if (value && value->mag > 0) text += tr(" (mag %1)").arg(value->mag);
    parts << QStringLiteral("%1 %2").arg(QString::fromStdString(layer.name), text);
  }
  hover_->setText(parts.join(QStringLiteral(" · ")));
}

void ViewerStatusBar::updateLoading() {
  if (!session_->hasDataset()) return loading_->clear();
  const StreamStats s = session_->engine().stats();
  QString text = s.queued + s.loading > 0 ? tr("Loading %1 chunks (%2 in flight)").arg(s.queued + s.loading).arg(s.loading)
                                          : tr("Loaded");
  if (s.failed > 0) text += QStringLiteral(" · <span style=\"color:#d9534f\">%1</span>").arg(tr("%n failed", nullptr, static_cast<int>(s.failed)));
  if (s.budgetStalled) text += QStringLiteral(" · <span style=\"color:#d9534f\">%1</span>").arg(tr("RAM budget full"));
  loading_->setText(text);
  loading_->setToolTip(QString::fromStdString(describeStreamStatus(s)));
}

}  // namespace skein::ui
