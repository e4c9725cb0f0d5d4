#pragma once
// The Statistics dock, refreshed about four times a second: RAM and GPU use against their budgets,
// chunks queued / loading / decoded / missing / failed, requests in flight, totals, the frame time
// of each viewport, and a clear warning when a budget stalls loading.

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <map>
#include <vector>

#include "core/stream/StreamStats.h"

class QFormLayout;
class QLabel;
class QProgressBar;

namespace skein::ui {

class SliceViewport;
class ViewerSession;

class StatisticsPanel : public QWidget {
  Q_OBJECT
 public:
  StatisticsPanel(ViewerSession* session, std::vector<SliceViewport*> viewports, QWidget* parent = nullptr);
  void refresh();
  const StreamStats& lastStats() const { return stats_; }
  // The text of one value label: "ram", "gpu", "queued", "loading", "decoded", "missing", "failed",
  // "visible", "loaded", "bytes", "retries", "cancelled", "evicted", "uploads", "frame", "error",
  // and "warning" (empty while none is shown).
  QString valueText(const QString& key) const;

 private:
  QLabel* addValue(QFormLayout* form, const QString& label, const QString& key);

  ViewerSession* session_;
  std::vector<SliceViewport*> viewports_;
  std::map<QString, QLabel*> values_;
  QProgressBar* ram_;
  QProgressBar* gpu_;
  QLabel* warning_;
  QTimer timer_;
  StreamStats stats_;
  std::int64_t lastRefused_ = 0;
  QElapsedTimer sinceRefused_;  // started when GPU uploads were last refused
};

}  // namespace skein::ui
