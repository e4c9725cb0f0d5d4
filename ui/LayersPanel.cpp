#include "ui/LayersPanel.h"

#include <QLabel>
#include <QVBoxLayout>

#include "ui/LayerControls.h"
#include "ui/ViewerSession.h"

namespace skein::ui {

LayersPanel::LayersPanel(ViewerSession* session, QWidget* parent) : QScrollArea(parent), session_(session) {
  setObjectName(QStringLiteral("layersPanel"));
  setWidgetResizable(true);
  setMinimumWidth(300);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  connect(session_, &ViewerSession::datasetChanged, this, &LayersPanel::rebuild);
  connect(session_, &ViewerSession::appearanceChanged, this, [this] {
    for (auto* c : controls_) c->syncFromState();
  });
  histogramTimer_.setInterval(1000);
  connect(&histogramTimer_, &QTimer::timeout, this, [this] {
    if (isVisible()) refreshHistograms();
  });
  histogramTimer_.start();
  rebuild();
}

void LayersPanel::refreshHistograms() {
  for (auto* c : controls_) c->refreshHistogram();
}

void LayersPanel::rebuild() {
  controls_.clear();
  auto* content = new QWidget;
  auto* layout = new QVBoxLayout(content);
  layout->setContentsMargins(4, 4, 4, 4);
  if (!session_->hasDataset()) {
    auto* empty = new QLabel(tr("No dataset open.\nUse File › Open folder or File › Open URL, or drop a folder here."),
                             content);
    empty->setWordWrap(true);
    layout->addWidget(empty);
  }
  for (int i = 0; i < static_cast<int>(session_->layers().size()); ++i) {
    auto* c = new LayerControls(session_, i, content);
    controls_.push_back(c);
    layout->addWidget(c);
  }
  layout->addStretch(1);
  setWidget(content);  // deletes the previous content and its controls
  refreshHistograms();
}

}  // namespace skein::ui
