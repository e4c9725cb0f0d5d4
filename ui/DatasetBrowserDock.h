#pragma once
// The dataset browser dock: the active server's datasets (public ones when not logged in) with a
// server-side name search, their access (public / teams) and layers; Open streams the dataset's
// Zarr into the viewer, Settings… opens the dataset settings.

#include <QDockWidget>

#include <optional>
#include <vector>

#include "core/client/ApiTypes.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTimer;

namespace skein::ui {

class ServerConnection;
class ServerProgress;

class DatasetBrowserDock : public QDockWidget {
  Q_OBJECT
 public:
  explicit DatasetBrowserDock(ServerConnection* connection, QWidget* parent = nullptr);

  const std::vector<client::DatasetInfo>& datasets() const { return datasets_; }
  std::optional<client::DatasetInfo> selectedDataset() const;
  QTableWidget* table() const { return table_; }
  QLineEdit* searchField() const { return search_; }
  QString statusText() const;
  ServerProgress* progress() const { return progress_; }

 public slots:
  void reload();
  void setSearchText(const QString& text);  // also reloads at once

 signals:
  void openRequested(const client::DatasetInfo& dataset);
  void settingsRequested(const client::DatasetInfo& dataset);
  void loaded();  // the list was replaced by the server's answer

 private:
  void showDatasets(std::vector<client::DatasetInfo> datasets);
  void updateButtons();

  ServerConnection* connection_;
  QLineEdit* search_;
  QLabel* status_;
  QTableWidget* table_;
  QPushButton* open_;
  QPushButton* settings_;
  ServerProgress* progress_;
  QTimer* searchDelay_;
  std::vector<client::DatasetInfo> datasets_;
  int request_ = 0;  // answers to older searches are dropped
};

}  // namespace skein::ui
