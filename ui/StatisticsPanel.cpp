#include "ui/StatisticsPanel.h"

#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

#include "ui/SliceViewport.h"
#include "ui/ViewerSession.h"

namespace skein::ui {

namespace {

QString bytes(std::int64_t b) { return QString::fromStdString(formatBytes(b)); }

// Sets the bar and returns "1.4 MiB / 2.0 GiB".
QString setUsage(QProgressBar* bar, std::int64_t used, std::int64_t budget) {
  const int percent = budget > 0 ? static_cast<int>(std::min<std::int64_t>(100, used * 100 / budget)) : 0;
  bar->setValue(percent);
  bar->setToolTip(QStringLiteral("%1 %").arg(percent));
  return QStringLiteral("%1 / %2").arg(bytes(used), bytes(budget));
}

}  // namespace

StatisticsPanel::StatisticsPanel(ViewerSession* session, std::vector<SliceViewport*> viewports, QWidget* parent)
    : QWidget(parent), session_(session), viewports_(std::move(viewports)) {
  setObjectName(QStringLiteral("statisticsPanel"));
  setMinimumWidth(280);
  auto* layout = new QVBoxLayout(this);
  warning_ = new QLabel(this);
  warning_->setObjectName(QStringLiteral("statisticsWarning"));
  warning_->setWordWrap(true);
  warning_->setStyleSheet(QStringLiteral("QLabel { color: white; background: #b03a2e; padding: 4px; }"));
  warning_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  warning_->hide();
  layout->addWidget(warning_);

  auto* form = new QFormLayout;
  ram_ = new QProgressBar(this);
  ram_->setObjectName(QStringLiteral("ramUsage"));
  gpu_ = new QProgressBar(this);
  gpu_->setObjectName(QStringLiteral("gpuUsage"));
  for (auto* bar : {ram_, gpu_}) bar->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
  for (auto* bar : {ram_, gpu_}) bar->setTextVisible(false);
  addValue(form, tr("RAM:"), QStringLiteral("ram"));
  form->addRow(ram_);
  addValue(form, tr("GPU:"), QStringLiteral("gpu"));
  form->addRow(gpu_);
  addValue(form, tr("Queued chunks:"), QStringLiteral("queued"));
  addValue(form, tr("Requests in flight:"), QStringLiteral("loading"));
  addValue(form, tr("Chunks in RAM:"), QStringLiteral("decoded"));
  addValue(form, tr("Absent chunks:"), QStringLiteral("missing"));
  addValue(form, tr("Failed chunks:"), QStringLiteral("failed"));
  addValue(form, tr("Visible ready:"), QStringLiteral("visible"));
  addValue(form, tr("Chunks loaded:"), QStringLiteral("loaded"));
  addValue(form, tr("Bytes loaded:"), QStringLiteral("bytes"));
  addValue(form, tr("Retries:"), QStringLiteral("retries"));
  addValue(form, tr("Cancelled / dropped:"), QStringLiteral("cancelled"));
  addValue(form, tr("Evicted:"), QStringLiteral("evicted"));
  addValue(form, tr("GPU uploads:"), QStringLiteral("uploads"));
  addValue(form, tr("Frame time:"), QStringLiteral("frame"));
  QLabel* error = addValue(form, tr("Last error:"), QStringLiteral("error"));
  error->setWordWrap(true);
  layout->addLayout(form);
  layout->addStretch(1);

  timer_.setInterval(250);
  connect(&timer_, &QTimer::timeout, this, [this] {
    if (isVisible()) refresh();
  });
  timer_.start();
  refresh();
}

QLabel* StatisticsPanel::addValue(QFormLayout* form, const QString& label, const QString& key) {
  auto* value = new QLabel(this);
  value->setObjectName(QStringLiteral("stat_%1").arg(key));
  value->setTextInteractionFlags(Qt::TextSelectableByMouse);
  // Changing numbers must not resize the dock (and so the viewports) four times a second.
  value->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  form->addRow(label, value);
  values_[key] = value;
  return value;
}

QString StatisticsPanel::valueText(const QString& key) const {
  if (key == QLatin1String("warning")) return warning_->isHidden() ? QString() : warning_->text();
  auto it = values_.find(key);
  return it == values_.end() ? QString() : it->second->text();
}

void StatisticsPanel::refresh() {
  stats_ = session_->engine().stats();
  const StreamStats& s = stats_;
  const LoadCounters& counters = session_->counters();
  auto set = [this](const char* key, const QString& text) { values_[QLatin1String(key)]->setText(text); };
  set("ram", setUsage(ram_, s.ramBytesUsed + s.ramBytesReserved, s.ramBudgetBytes));
  set("gpu", setUsage(gpu_, session_->gpuBytes(), s.gpuBudgetBytes));
  set("queued", QString::number(s.queued));
  set("loading", QString::number(s.loading));
  set("decoded", QString::number(s.decoded));
  set("missing", QString::number(s.missing));
  set("failed", QString::number(s.failed));
  set("visible", QStringLiteral("%1 of %2").arg(s.visibleReady).arg(s.visibleWanted));
  set("loaded", QString::number(s.loadedTotal));
  set("bytes", bytes(s.bytesLoadedTotal));
  set("retries", QString::number(s.retriesTotal));
  set("cancelled", QStringLiteral("%1 / %2").arg(s.cancelledTotal).arg(s.droppedTotal));
  set("evicted", QString::number(s.evictedTotal));
  set("uploads", tr("%1 (%2)").arg(counters.bricksUploaded).arg(bytes(counters.bytesUploaded)) +
                     (counters.uploadsRefused > 0 ? tr(", %1 refused").arg(counters.uploadsRefused) : QString()));
  QStringList frames;
  for (auto* v : viewports_) {
    const ViewportFrameInfo& info = v->frameInfo();
    frames << QStringLiteral("%1 %2 ms%3")
                  .arg(QString::fromLatin1(render::planeName(v->plane())).toUpper())
                  .arg(info.frameMs, 0, 'f', 1)
                  .arg(info.complete || !session_->hasDataset() ? QString() : tr(" (loading)"));
  }
  set("frame", frames.join(QLatin1Char('\n')));
  set("error", s.lastError.empty() ? tr("none") : QString::fromStdString(s.lastError));

  QStringList warnings;
  if (s.budgetStalled)
    warnings << tr("RAM budget full (%1 of %2): loading is stalled. Raise it in Edit › Preferences.")
                    .arg(bytes(s.ramBytesUsed), bytes(s.ramBudgetBytes));
  if (counters.uploadsRefused > lastRefused_) sinceRefused_.start();
  lastRefused_ = counters.uploadsRefused;
  if (sinceRefused_.isValid() && sinceRefused_.elapsed() < 3000)
    warnings << tr("GPU budget full: some chunks on screen cannot be uploaded. Raise it in Edit › Preferences.");
  warning_->setText(warnings.join(QLatin1Char('\n')));
  warning_->setVisible(!warnings.isEmpty());
}

}  // namespace skein::ui
