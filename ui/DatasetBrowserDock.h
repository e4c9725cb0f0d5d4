#pragma once
// The dataset browser dock: the active server's datasets (public ones when not logged in) with a
// server-side name search, their access (public / teams) and layers; Open streams the dataset's
// Zarr into the viewer, Settings… opens the dataset settings. The rows are a model over the parsed
// list (DatasetBrowserDockModel.h), so 10,000 datasets show as fast as 10; while the server search
// is on its way, the rows already shown are filtered locally.

#include <QDockWidget>

#include <optional>
#include <vector>

#include "core/client/ApiTypes.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace skein::ui {

class DatasetFilterModel;
class DatasetListModel;
class ServerConnection;
class ServerProgress;

class DatasetBrowserDock : public QDockWidget {
  Q_OBJECT
 public:
  explicit DatasetBrowserDock(ServerConnection* connection, QWidget* parent = nullptr);

  const std::vector<client::DatasetInfo>& datasets() const;  // the server's last answer
  std::optional<client::DatasetInfo> selectedDataset() const;
  QTableView* table() const { return table_; }
  int rowCount() const;                          // rows shown (after the local filter)
  QString cellText(int row, int column) const;  // of a shown row; columns: Name, Organization, Access, Tags, Layers
  QLineEdit* searchField() const { return search_; }
  QString statusText() const;
  ServerProgress* progress() const { return progress_; }

 public slots:
  void reload();
  void setSearchText(const QString& text);  // also reloads at once
  // Replaces the rows with a list (normally the server's answer to the current search).
  void showDatasets(std::vector<client::DatasetInfo> datasets);

 signals:
  void openRequested(const client::DatasetInfo& dataset);
  void settingsRequested(const client::DatasetInfo& dataset);
  void loaded();  // the list was replaced by the server's answer

 private:
  void updateButtons();

  ServerConnection* connection_;
  QLineEdit* search_;
  QLabel* status_;
  QTableView* table_;
  DatasetListModel* model_;
  DatasetFilterModel* filter_;
  QPushButton* open_;
  QPushButton* settings_;
  ServerProgress* progress_;
  QTimer* searchDelay_;
  QString answeredSearch_;  // the search text of the rows shown
  int request_ = 0;  // answers to older searches are dropped
};

}  // namespace skein::ui
