#include "ui/PreferencesDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/ViewerSession.h"
#include "ui/ViewerSettings.h"

namespace skein::ui {

namespace {
constexpr std::int64_t kMiB = std::int64_t{1} << 20;

QSpinBox* makeSpin(QWidget* parent, const char* name, int lo, int hi, const QString& suffix, std::int64_t value) {
  auto* spin = new QSpinBox(parent);
  spin->setObjectName(QLatin1String(name));
  spin->setRange(lo, hi);
  spin->setSuffix(suffix);
  spin->setValue(static_cast<int>(value));
  return spin;
}
}  // namespace

PreferencesDialog::PreferencesDialog(ViewerSession* session, QWidget* parent) : QDialog(parent), session_(session) {
  setObjectName(QStringLiteral("preferencesDialog"));
  setWindowTitle(tr("Preferences"));
  const StreamSettings stream = session_->streamSettings();
  const ViewerPreferences& prefs = session_->preferences();
  ram_ = makeSpin(this, "ramBudget", 64, 1 << 20, tr(" MiB"), stream.ramBudgetBytes / kMiB);
  ram_->setSingleStep(256);
  ram_->setToolTip(tr("Decoded chunks kept in memory. When the chunks on screen fill it, loading stalls."));
  gpu_ = makeSpin(this, "gpuBudget", 32, 1 << 18, tr(" MiB"), stream.gpuBudgetBytes / kMiB);
  gpu_->setSingleStep(128);
  gpu_->setToolTip(tr("Texture memory for chunks on the graphics card, shared by the layers."));
  requests_ = makeSpin(this, "requestsPerHost", 1, 256, QString(), stream.maxRequestsPerHost);
  requests_->setToolTip(tr("Chunk reads running at the same time against one server (or the local disk)."));
  interpolation_ = new QCheckBox(tr("Smooth (linear) interpolation of colour layers"), this);
  interpolation_->setObjectName(QStringLiteral("interpolation"));
  interpolation_->setChecked(prefs.interpolation);
  prefetch_ = new QCheckBox(tr("Prefetch chunks ahead of the slice"), this);
  prefetch_->setObjectName(QStringLiteral("prefetch"));
  prefetch_->setChecked(prefs.prefetch);

  auto* form = new QFormLayout;
  form->addRow(tr("RAM budget:"), ram_);
  form->addRow(tr("GPU budget:"), gpu_);
  form->addRow(tr("Concurrent requests per host:"), requests_);
  form->addRow(interpolation_);
  form->addRow(prefetch_);
  auto* note = new QLabel(tr("Budgets take effect at once: a smaller RAM budget evicts chunks, a new GPU budget "
                             "uploads the chunks on screen again."), this);
  note->setWordWrap(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(note);
  layout->addWidget(buttons);
}

void PreferencesDialog::accept() {
  StreamSettings stream = session_->streamSettings();
  stream.ramBudgetBytes = ram_->value() * kMiB;
  stream.gpuBudgetBytes = gpu_->value() * kMiB;
  stream.maxRequestsPerHost = requests_->value();
  ViewerPreferences prefs = session_->preferences();
  prefs.interpolation = interpolation_->isChecked();
  prefs.prefetch = prefetch_->isChecked();
  session_->setStreamSettings(stream);
  session_->setPreferences(prefs);
  QSettings settings;
  saveStreamSettings(settings, stream);
  saveViewerPreferences(settings, prefs);
  QDialog::accept();
}

}  // namespace skein::ui
