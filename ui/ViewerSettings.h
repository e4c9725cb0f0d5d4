#pragma once
// What the viewer keeps in QSettings between runs: streaming budgets and viewer preferences, and
// the list of recently opened datasets. (Shortcuts: ActionRegistry; window layout: MainWindow.)

#include <QStringList>

#include "core/stream/StreamTypes.h"

class QSettings;

namespace skein::ui {

struct ViewerPreferences;

// Reads the saved values over the given defaults (missing or invalid keys keep the default).
void loadStreamSettings(const QSettings& settings, StreamSettings& stream);
void saveStreamSettings(QSettings& settings, const StreamSettings& stream);
void loadViewerPreferences(const QSettings& settings, ViewerPreferences& prefs);
void saveViewerPreferences(QSettings& settings, const ViewerPreferences& prefs);

inline constexpr int kMaxRecentDatasets = 10;
QStringList recentDatasets(const QSettings& settings);
// Moves `location` to the front of the list (most recent first), keeping at most kMaxRecentDatasets.
// URLs with a query or user info (they may carry a token) are not remembered.
void addRecentDataset(QSettings& settings, const QString& location);
void clearRecentDatasets(QSettings& settings);

}  // namespace skein::ui
