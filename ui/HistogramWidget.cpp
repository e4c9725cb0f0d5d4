#include "ui/HistogramWidget.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace skein::ui {

HistogramWidget::HistogramWidget(QWidget* parent) : QWidget(parent) {
  setMinimumHeight(56);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  setToolTip(tr("Histogram of the loaded data (a coarse resolution) with the display range"));
}

void HistogramWidget::setHistogram(Histogram histogram) {
  histogram_ = std::move(histogram);
  update();
}

void HistogramWidget::setDisplayRange(double min, double max, double gamma, bool invert, const QColor& tint) {
  min_ = min;
  max_ = max;
  gamma_ = gamma;
  invert_ = invert;
  tint_ = tint;
  update();
}

double HistogramWidget::xOf(double value) const {
  // The axis spans the histogram and the display range, whichever is wider.
  const double lo = histogram_.empty() ? std::min(min_, max_) : std::min({histogram_.lo, min_, max_});
  const double hi = histogram_.empty() ? std::max(min_, max_) : std::max({histogram_.hi, min_, max_});
  if (hi <= lo) return 0;
  return (value - lo) / (hi - lo) * (width() - 1);
}

void HistogramWidget::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), QColor(30, 30, 34));
  const int h = height();
  if (histogram_.empty()) {
    p.setPen(QColor(160, 160, 160));
    p.drawText(rect(), Qt::AlignCenter, tr("No data loaded yet"));
  } else {
    const auto maxCount = *std::max_element(histogram_.counts.begin(), histogram_.counts.end());
    const double scale = maxCount > 0 ? (h - 2) / std::log1p(static_cast<double>(maxCount)) : 0;
    const double bw = histogram_.binWidth();
    for (std::size_t i = 0; i < histogram_.counts.size(); ++i) {
      if (histogram_.counts[i] == 0) continue;
      const double x0 = xOf(histogram_.lo + bw * static_cast<double>(i));
      const double x1 = std::max(x0 + 1, xOf(histogram_.lo + bw * static_cast<double>(i + 1)));
      const double barH = std::log1p(static_cast<double>(histogram_.counts[i])) * scale;
      p.fillRect(QRectF(x0, h - barH, x1 - x0, barH), QColor(150, 150, 160));
    }
  }
  // Shade what the range clips, then draw the range and the transfer curve.
  const double xMin = xOf(std::min(min_, max_)), xMax = xOf(std::max(min_, max_));
  p.fillRect(QRectF(0, 0, xMin, h), QColor(0, 0, 0, 110));
  p.fillRect(QRectF(xMax, 0, width() - xMax, h), QColor(0, 0, 0, 110));
  QColor line = tint_;
  line.setAlpha(230);
  p.setPen(QPen(line, 1));
  p.drawLine(QPointF(xOf(min_), 0), QPointF(xOf(min_), h));
  p.drawLine(QPointF(xOf(max_), 0), QPointF(xOf(max_), h));
  if (max_ != min_) {
    QPainterPath curve;
    const int steps = 48;
    for (int s = 0; s <= steps; ++s) {
      const double t = static_cast<double>(s) / steps;
      const double v = std::pow(invert_ ? 1 - t : t, gamma_ > 0 ? gamma_ : 1.0);  // as the shader does
      const QPointF pt(xOf(min_ + t * (max_ - min_)), (h - 1) - v * (h - 2));
      if (s == 0) curve.moveTo(pt);
      else curve.lineTo(pt);
    }
    p.setRenderHint(QPainter::Antialiasing);
    p.drawPath(curve);
  }
}

}  // namespace skein::ui
