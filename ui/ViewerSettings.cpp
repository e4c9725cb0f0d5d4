#include "ui/ViewerSettings.h"

#include <QSettings>
#include <QUrl>

#include "ui/ViewerSession.h"

namespace skein::ui {

namespace {

const QString kRamBudget = QStringLiteral("streaming/ramBudgetMiB");
const QString kGpuBudget = QStringLiteral("streaming/gpuBudgetMiB");
const QString kRequestsPerHost = QStringLiteral("streaming/requestsPerHost");
const QString kInterpolation = QStringLiteral("viewer/interpolation");
const QString kPrefetch = QStringLiteral("viewer/prefetch");
const QString kRecent = QStringLiteral("recent/datasets");
constexpr std::int64_t kMiB = std::int64_t{1} << 20;

// A positive integer setting within [lo, hi], or `fallback`.
std::int64_t readInt(const QSettings& s, const QString& key, std::int64_t lo, std::int64_t hi, std::int64_t fallback) {
  bool ok = false;
  const qlonglong v = s.value(key).toLongLong(&ok);
  return ok && v >= lo && v <= hi ? v : fallback;
}

}  // namespace

void loadStreamSettings(const QSettings& s, StreamSettings& stream) {
  stream.ramBudgetBytes = readInt(s, kRamBudget, 64, 1 << 20, stream.ramBudgetBytes / kMiB) * kMiB;
  stream.gpuBudgetBytes = readInt(s, kGpuBudget, 32, 1 << 18, stream.gpuBudgetBytes / kMiB) * kMiB;
  stream.maxRequestsPerHost = static_cast<int>(readInt(s, kRequestsPerHost, 1, 256, stream.maxRequestsPerHost));
}

void saveStreamSettings(QSettings& s, const StreamSettings& stream) {
  s.setValue(kRamBudget, static_cast<qlonglong>(stream.ramBudgetBytes / kMiB));
  s.setValue(kGpuBudget, static_cast<qlonglong>(stream.gpuBudgetBytes / kMiB));
  s.setValue(kRequestsPerHost, stream.maxRequestsPerHost);
}

void loadViewerPreferences(const QSettings& s, ViewerPreferences& prefs) {
  prefs.interpolation = s.value(kInterpolation, prefs.interpolation).toBool();
  prefs.prefetch = s.value(kPrefetch, prefs.prefetch).toBool();
}

void saveViewerPreferences(QSettings& s, const ViewerPreferences& prefs) {
  s.setValue(kInterpolation, prefs.interpolation);
  s.setValue(kPrefetch, prefs.prefetch);
}

QStringList recentDatasets(const QSettings& s) {
  QStringList list = s.value(kRecent).toStringList();
  list.removeAll(QString());
  while (list.size() > kMaxRecentDatasets) list.removeLast();
  return list;
}

void addRecentDataset(QSettings& s, const QString& location) {
  // A query (?token=…) or user info may carry credentials, which never go into a settings file.
  const QUrl url(location);
  if (url.hasQuery() || !url.userInfo().isEmpty()) return;
  QStringList list = recentDatasets(s);
  list.removeAll(location);
  list.prepend(location);
  while (list.size() > kMaxRecentDatasets) list.removeLast();
  s.setValue(kRecent, list);
}

void clearRecentDatasets(QSettings& s) { s.remove(kRecent); }

}  // namespace skein::ui
