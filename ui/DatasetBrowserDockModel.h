#pragma once
// The rows of the dataset browser: a table model over the parsed list (no per-row widgets or
// items; cell text is made only for the rows a view paints) and a filter proxy that matches the
// search text against lowercase keys computed once per list.

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include <string>
#include <vector>

#include "core/client/ApiTypes.h"

namespace skein::ui {

class DatasetListModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Name, Organization, Access, Tags, Layers, ColumnCount };

  explicit DatasetListModel(QObject* parent = nullptr);

  void setDatasets(std::vector<client::DatasetInfo> datasets);
  const std::vector<client::DatasetInfo>& datasets() const { return datasets_; }
  const client::DatasetInfo* datasetAt(int row) const;
  // Lowercase name, directory name, organization and tags of a row (for filtering).
  const std::string& searchKey(int row) const { return keys_[static_cast<std::size_t>(row)]; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  std::vector<client::DatasetInfo> datasets_;
  std::vector<std::string> keys_;
};

// Rows whose search key contains every word of the filter text (case-insensitive).
class DatasetFilterModel : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit DatasetFilterModel(DatasetListModel* source, QObject* parent = nullptr);
  void setFilterWords(const QString& text);

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  DatasetListModel* source_;
  std::vector<std::string> words_;
};

}  // namespace skein::ui
