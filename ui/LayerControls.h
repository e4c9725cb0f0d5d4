#pragma once
// The Layers panel's controls for one layer, a checkable group (checked = visible):
//  colour layers: histogram with the range, min/max (and "Auto" from the histogram), gamma, tint,
//                 opacity, invert;
//  segmentation layers: opacity and the selected segment id.
// Edits go straight into the session's LayerUiState; syncFromState() shows changes made elsewhere.
// Child widgets are named "<layer>.<control>" (e.g. "color.invert") for tests and scripting.

#include <QFutureWatcher>
#include <QGroupBox>

#include "ui/LayerHistogram.h"

class QCheckBox;
class QDoubleSpinBox;
class QLineEdit;
class QSlider;
class QToolButton;

namespace skein::ui {

class HistogramWidget;
class ViewerSession;

class LayerControls : public QGroupBox {
  Q_OBJECT
 public:
  LayerControls(ViewerSession* session, int layerIndex, QWidget* parent = nullptr);
  int layerIndex() const { return index_; }
  HistogramWidget* histogram() const { return histogram_; }

  void syncFromState();
  // Recomputes the histogram on a worker thread when the cached coarse bricks changed.
  void refreshHistogram();

 private:
  void buildColorControls();
  void buildSegmentationControls();
  void changed();  // tells the session; redraws the viewports
  void autoRange();
  void pickTint();
  QString childName(const char* control) const;

  ViewerSession* session_;
  int index_;
  HistogramWidget* histogram_ = nullptr;
  QDoubleSpinBox* min_ = nullptr;
  QDoubleSpinBox* max_ = nullptr;
  QDoubleSpinBox* gamma_ = nullptr;
  QToolButton* tint_ = nullptr;
  QSlider* opacity_ = nullptr;
  QCheckBox* invert_ = nullptr;
  QLineEdit* selectedId_ = nullptr;
  QFutureWatcher<Histogram> watcher_;
  std::size_t histogramSignature_ = 0;
};

}  // namespace skein::ui
