#pragma once
// Edit › Preferences: memory budgets, requests per host, interpolation and prefetching. OK applies
// them to the session at once and stores them in QSettings (MainWindow::restoreSettings loads
// them at start).

#include <QDialog>

class QCheckBox;
class QSpinBox;

namespace skein::ui {

class ViewerSession;

class PreferencesDialog : public QDialog {
  Q_OBJECT
 public:
  explicit PreferencesDialog(ViewerSession* session, QWidget* parent = nullptr);

  QSpinBox* ramBudgetMiB() const { return ram_; }
  QSpinBox* gpuBudgetMiB() const { return gpu_; }
  QSpinBox* requestsPerHost() const { return requests_; }
  QCheckBox* interpolation() const { return interpolation_; }
  QCheckBox* prefetch() const { return prefetch_; }

  void accept() override;

 private:
  ViewerSession* session_;
  QSpinBox* ram_;
  QSpinBox* gpu_;
  QSpinBox* requests_;
  QCheckBox* interpolation_;
  QCheckBox* prefetch_;
};

}  // namespace skein::ui
