#pragma once
// Draws a layer's value histogram (log-scaled counts) with the display range on top: the part
// outside [min, max] is shaded, min and max are lines in the layer's tint, and the transfer curve
// (range mapping, gamma, invert) runs from black to full tint.

#include <QColor>
#include <QWidget>

#include "ui/LayerHistogram.h"

namespace skein::ui {

class HistogramWidget : public QWidget {
  Q_OBJECT
 public:
  explicit HistogramWidget(QWidget* parent = nullptr);
  void setHistogram(Histogram histogram);
  const Histogram& histogram() const { return histogram_; }
  void setDisplayRange(double min, double max, double gamma, bool invert, const QColor& tint);
  QSize sizeHint() const override { return {220, 72}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  double xOf(double value) const;  // widget x of a data value

  Histogram histogram_;
  double min_ = 0, max_ = 255, gamma_ = 1;
  bool invert_ = false;
  QColor tint_ = Qt::white;
};

}  // namespace skein::ui
