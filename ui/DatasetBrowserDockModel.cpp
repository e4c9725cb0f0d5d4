#include "ui/DatasetBrowserDockModel.h"

#include <algorithm>
#include <cctype>

#include "ui/ShareSummary.h"

namespace skein::ui {

using namespace skein::client;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

void appendLower(std::string& key, const std::string& s) {
  if (!key.empty()) key += '\n';  // never part of a word, so words do not match across fields
  for (char c : s) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

QString joined(const std::vector<std::string>& a, const std::vector<std::string>& b = {}) {
  QStringList out;
  for (const auto& s : a) out << q(s);
  for (const auto& s : b) out << q(s);
  return out.join(QStringLiteral(", "));
}

QString accessText(const DatasetInfo& d) {
  if (d.isPublic) return DatasetListModel::tr("Public");
  if (d.allowedTeams.empty()) return DatasetListModel::tr("Organization managers");
  return DatasetListModel::tr("Teams: %1").arg(teamNames(d.allowedTeams));
}

QString layerText(const DatasetInfo& d) {
  if (d.layers.empty()) return joined(d.colorLayerNames, d.segmentationLayerNames);
  QStringList names;
  for (const auto& l : d.layers) names << q(l.name);
  return names.join(QStringLiteral(", "));
}

}  // namespace

DatasetListModel::DatasetListModel(QObject* parent) : QAbstractTableModel(parent) {}

void DatasetListModel::setDatasets(std::vector<DatasetInfo> datasets) {
  beginResetModel();
  datasets_ = std::move(datasets);
  keys_.clear();
  keys_.reserve(datasets_.size());
  for (const DatasetInfo& d : datasets_) {
    std::string key;
    appendLower(key, d.name);
    appendLower(key, d.directoryName);
    appendLower(key, d.owningOrganization);
    for (const auto& t : d.tags) appendLower(key, t);
    keys_.push_back(std::move(key));
  }
  endResetModel();
}

const DatasetInfo* DatasetListModel::datasetAt(int row) const {
  return row >= 0 && row < rowCount() ? &datasets_[static_cast<std::size_t>(row)] : nullptr;
}

int DatasetListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(datasets_.size());
}

int DatasetListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant DatasetListModel::data(const QModelIndex& index, int role) const {
  const DatasetInfo* d = datasetAt(index.row());
  if (!d) return {};
  if (role == Qt::ToolTipRole && index.column() == Name && d->description) return q(*d->description);
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Name: return q(d->name.empty() ? d->id : d->name);
    case Organization: return q(d->owningOrganization);
    case Access: return accessText(*d);
    case Tags: return joined(d->tags);
    case Layers: return layerText(*d);
    default: return {};
  }
}

QVariant DatasetListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Name: return tr("Name");
    case Organization: return tr("Organization");
    case Access: return tr("Access");
    case Tags: return tr("Tags");
    case Layers: return tr("Layers");
    default: return {};
  }
}

DatasetFilterModel::DatasetFilterModel(DatasetListModel* source, QObject* parent)
    : QSortFilterProxyModel(parent), source_(source) {
  setSourceModel(source);
}

void DatasetFilterModel::setFilterWords(const QString& text) {
  std::vector<std::string> words;
  for (const QString& w : text.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts)) words.push_back(w.toStdString());
  if (words == words_) return;
  words_ = std::move(words);
  invalidateRowsFilter();
}

bool DatasetFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
  if (words_.empty()) return true;
  const std::string& key = source_->searchKey(sourceRow);
  return std::all_of(words_.begin(), words_.end(), [&](const std::string& w) { return key.find(w) != std::string::npos; });
}

}  // namespace skein::ui
