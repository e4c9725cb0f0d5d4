#include "ui/LayerControls.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>
#include <limits>

#include "ui/HistogramWidget.h"
#include "ui/ViewerSession.h"

namespace skein::ui {

namespace {

// The raw value range a layer's element type can hold (floats: a generous finite range).
std::pair<double, double> dtypeRange(DataType t) {
  switch (t) {
    case DataType::Bool: case DataType::UInt8: return {0, 255};
    case DataType::Int8: return {-128, 127};
    case DataType::UInt16: return {0, 65535};
    case DataType::Int16: return {-32768, 32767};
    case DataType::UInt32: return {0, 4294967295.0};
    case DataType::Int32: return {-2147483648.0, 2147483647.0};
    case DataType::UInt64: return {0, 1.8e19};
    case DataType::Int64: return {-9.2e18, 9.2e18};
    default: return {-1e30, 1e30};
  }
}

QIcon swatch(const QColor& c) {
  QPixmap pm(16, 16);
  pm.fill(c);
  return QIcon(pm);
}

}  // namespace

LayerControls::LayerControls(ViewerSession* session, int layerIndex, QWidget* parent)
    : QGroupBox(parent), session_(session), index_(layerIndex) {
  const LayerUiState& layer = session_->layers()[static_cast<std::size_t>(index_)];
  setTitle(QStringLiteral("%1 (%2%3)")
               .arg(QString::fromStdString(layer.name),
                    layer.segmentation ? tr("segmentation, ") : QString(),
                    QString::fromLatin1(dataTypeName(layer.dtype).data(),
                                        static_cast<qsizetype>(dataTypeName(layer.dtype).size()))));
  setObjectName(childName("group"));
  setCheckable(true);
  setToolTip(tr("Uncheck to hide the layer"));
  connect(this, &QGroupBox::toggled, this, [this](bool on) {
    auto& l = session_->layers()[static_cast<std::size_t>(index_)];
    (l.segmentation ? l.segments.visible : l.color.visible) = on;
    changed();
  });
  if (layer.segmentation) buildSegmentationControls();
  else buildColorControls();
  syncFromState();
  connect(&watcher_, &QFutureWatcher<Histogram>::finished, this, [this] {
    histogram_->setHistogram(watcher_.result());
  });
}

QString LayerControls::childName(const char* control) const {
  return QStringLiteral("%1.%2").arg(QString::fromStdString(session_->layers()[static_cast<std::size_t>(index_)].name),
                                     QLatin1String(control));
}

void LayerControls::buildColorControls() {
  const LayerUiState& layer = session_->layers()[static_cast<std::size_t>(index_)];
  const auto [lo, hi] = dtypeRange(layer.dtype);
  const int decimals = isFloat(layer.dtype) ? 4 : 0;
  auto* form = new QFormLayout(this);
  histogram_ = new HistogramWidget(this);
  histogram_->setObjectName(childName("histogram"));
  form->addRow(histogram_);

  auto spin = [&](const char* name, double from, double to, int dec) {
    auto* s = new QDoubleSpinBox(this);
    s->setObjectName(childName(name));
    s->setRange(from, to);
    s->setDecimals(dec);
    s->setKeyboardTracking(false);
    return s;
  };
  min_ = spin("min", lo, hi, decimals);
  max_ = spin("max", lo, hi, decimals);
  auto* autoButton = new QPushButton(tr("Auto"), this);
  autoButton->setObjectName(childName("auto"));
  autoButton->setToolTip(tr("Set the range to the 0.5 %–99.5 % percentiles of the histogram"));
  connect(autoButton, &QPushButton::clicked, this, &LayerControls::autoRange);
  auto* range = new QHBoxLayout;
  range->addWidget(min_);
  range->addWidget(max_);
  range->addWidget(autoButton);
  form->addRow(tr("Range:"), range);
  auto applyRange = [this] {
    auto& c = session_->layers()[static_cast<std::size_t>(index_)].color;
    c.min = min_->value();
    c.max = max_->value();
    changed();
  };
  connect(min_, &QDoubleSpinBox::valueChanged, this, applyRange);
  connect(max_, &QDoubleSpinBox::valueChanged, this, applyRange);

  gamma_ = spin("gamma", 0.05, 20.0, 2);
  gamma_->setSingleStep(0.1);
  connect(gamma_, &QDoubleSpinBox::valueChanged, this, [this](double g) {
    session_->layers()[static_cast<std::size_t>(index_)].color.gamma = g;
    changed();
  });
  tint_ = new QToolButton(this);
  tint_->setObjectName(childName("tint"));
  tint_->setToolTip(tr("Tint colour"));
  connect(tint_, &QToolButton::clicked, this, &LayerControls::pickTint);
  auto* gammaTint = new QHBoxLayout;
  gammaTint->addWidget(gamma_, 1);
  gammaTint->addWidget(tint_);
  form->addRow(tr("Gamma:"), gammaTint);

  opacity_ = new QSlider(Qt::Horizontal, this);
  opacity_->setObjectName(childName("opacity"));
  opacity_->setRange(0, 100);
  connect(opacity_, &QSlider::valueChanged, this, [this](int v) {
    session_->layers()[static_cast<std::size_t>(index_)].color.opacity = v / 100.0;
    changed();
  });
  form->addRow(tr("Opacity:"), opacity_);
  invert_ = new QCheckBox(tr("Invert"), this);
  invert_->setObjectName(childName("invert"));
  connect(invert_, &QCheckBox::toggled, this, [this](bool on) {
    session_->layers()[static_cast<std::size_t>(index_)].color.invert = on;
    changed();
  });
  form->addRow(invert_);
}

void LayerControls::buildSegmentationControls() {
  auto* form = new QFormLayout(this);
  opacity_ = new QSlider(Qt::Horizontal, this);
  opacity_->setObjectName(childName("opacity"));
  opacity_->setRange(0, 100);
  connect(opacity_, &QSlider::valueChanged, this, [this](int v) {
    session_->layers()[static_cast<std::size_t>(index_)].segments.opacity = v / 100.0;
    changed();
  });
  form->addRow(tr("Opacity:"), opacity_);
  selectedId_ = new QLineEdit(this);
  selectedId_->setObjectName(childName("selectedId"));
  selectedId_->setPlaceholderText(tr("none"));
  selectedId_->setClearButtonEnabled(true);
  selectedId_->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,20}")), selectedId_));
  selectedId_->setToolTip(tr("Segment id to highlight (empty or 0: none)"));
  connect(selectedId_, &QLineEdit::editingFinished, this, [this] {
    bool ok = false;
    const qulonglong id = selectedId_->text().toULongLong(&ok);
    session_->layers()[static_cast<std::size_t>(index_)].segments.selectedId = ok ? id : 0;
    changed();
  });
  form->addRow(tr("Selected id:"), selectedId_);
}

void LayerControls::syncFromState() {
  const LayerUiState& layer = session_->layers()[static_cast<std::size_t>(index_)];
  {
    const QSignalBlocker block(this);
    setChecked(layer.segmentation ? layer.segments.visible : layer.color.visible);
  }
  if (layer.segmentation) {
    const QSignalBlocker b1(opacity_), b2(selectedId_);
    opacity_->setValue(static_cast<int>(std::lround(layer.segments.opacity * 100)));
    if (!selectedId_->hasFocus())
      selectedId_->setText(layer.segments.selectedId ? QString::number(layer.segments.selectedId) : QString());
    return;
  }
  const auto& c = layer.color;
  const QSignalBlocker b1(min_), b2(max_), b3(gamma_), b4(opacity_), b5(invert_);
  min_->setValue(c.min);
  max_->setValue(c.max);
  gamma_->setValue(c.gamma);
  opacity_->setValue(static_cast<int>(std::lround(c.opacity * 100)));
  invert_->setChecked(c.invert);
  tint_->setIcon(swatch(c.tint));
  histogram_->setDisplayRange(c.min, c.max, c.gamma, c.invert, c.tint);
}

void LayerControls::changed() {
  session_->notifyAppearanceChanged();  // the panel's appearanceChanged handler re-syncs the controls
}

void LayerControls::autoRange() {
  const Histogram& h = histogram_->histogram();
  if (h.empty()) return;
  auto& c = session_->layers()[static_cast<std::size_t>(index_)].color;
  const double lo = h.percentile(0.005), hi = h.percentile(0.995) + h.binWidth();
  if (hi <= lo) return;
  c.min = lo;
  c.max = hi;
  changed();
}

void LayerControls::pickTint() {
  auto& c = session_->layers()[static_cast<std::size_t>(index_)].color;
  const QColor picked = QColorDialog::getColor(c.tint, this, tr("Tint of %1").arg(title()));
  if (!picked.isValid()) return;
  c.tint = picked;
  changed();
}

void LayerControls::refreshHistogram() {
  if (!histogram_ || watcher_.isRunning()) return;
  std::vector<BrickPtr> bricks = session_->cachedCoarseBricks(index_);
  // Recompute only when the set of cached bricks changed.
  std::size_t signature = bricks.size();
  for (const auto& b : bricks) signature = signature * 31 + std::hash<const void*>{}(b.get());
  if (signature == histogramSignature_ && !histogram_->histogram().empty()) return;
  histogramSignature_ = signature;
  if (bricks.empty()) return histogram_->setHistogram({});
  watcher_.setFuture(QtConcurrent::run([bricks = std::move(bricks)] { return computeHistogram(bricks); }));
}

}  // namespace skein::ui
