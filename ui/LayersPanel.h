#pragma once
// The Layers dock: one LayerControls group per layer of the open dataset, rebuilt when a dataset
// opens. Histograms refresh about once a second while the panel is visible.

#include <QScrollArea>
#include <QTimer>

#include <vector>

namespace skein::ui {

class LayerControls;
class ViewerSession;

class LayersPanel : public QScrollArea {
  Q_OBJECT
 public:
  explicit LayersPanel(ViewerSession* session, QWidget* parent = nullptr);
  const std::vector<LayerControls*>& layerControls() const { return controls_; }
  void refreshHistograms();

 private:
  void rebuild();

  ViewerSession* session_;
  std::vector<LayerControls*> controls_;
  QTimer histogramTimer_;
};

}  // namespace skein::ui
