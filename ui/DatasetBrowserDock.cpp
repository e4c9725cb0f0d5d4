#include "ui/DatasetBrowserDock.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/client/WkClient.h"
#include "ui/ServerConnection.h"
#include "ui/ServerErrorText.h"
#include "ui/ServerProgress.h"
#include "ui/DatasetBrowserDockModel.h"

namespace skein::ui {

using namespace skein::client;

DatasetBrowserDock::DatasetBrowserDock(ServerConnection* connection, QWidget* parent)
    : QDockWidget(tr("Server datasets"), parent), connection_(connection) {
  setObjectName(QStringLiteral("datasetBrowserDock"));
  auto* body = new QWidget(this);
  auto* layout = new QVBoxLayout(body);
  layout->setContentsMargins(4, 4, 4, 4);

  auto* top = new QHBoxLayout;
  search_ = new QLineEdit(body);
  search_->setObjectName(QStringLiteral("datasetSearch"));
  search_->setPlaceholderText(tr("Search datasets by name"));
  search_->setClearButtonEnabled(true);
  auto* refresh = new QToolButton(body);
  refresh->setObjectName(QStringLiteral("datasetRefresh"));
  refresh->setText(tr("Refresh"));
  top->addWidget(search_, 1);
  top->addWidget(refresh);
  layout->addLayout(top);

  status_ = new QLabel(body);
  status_->setObjectName(QStringLiteral("datasetBrowserStatus"));
  status_->setWordWrap(true);
  status_->setTextFormat(Qt::RichText);
  layout->addWidget(status_);

  model_ = new DatasetListModel(this);
  filter_ = new DatasetFilterModel(model_, this);
  table_ = new QTableView(body);
  table_->setObjectName(QStringLiteral("datasetTable"));
  table_->setModel(filter_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setWordWrap(false);
  table_->verticalHeader()->hide();
  // Fixed row heights and column widths from a few rows: nothing walks all rows of a long list.
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  table_->horizontalHeader()->setResizeContentsPrecision(64);
  table_->horizontalHeader()->setStretchLastSection(true);
  layout->addWidget(table_, 1);

  auto* buttons = new QHBoxLayout;
  open_ = new QPushButton(tr("Open"), body);
  open_->setObjectName(QStringLiteral("openDatasetButton"));
  settings_ = new QPushButton(tr("Settings…"), body);
  settings_->setObjectName(QStringLiteral("datasetSettingsButton"));
  buttons->addWidget(open_);
  buttons->addWidget(settings_);
  buttons->addStretch(1);
  layout->addLayout(buttons);
  progress_ = new ServerProgress(body);
  layout->addWidget(progress_);
  setWidget(body);

  searchDelay_ = new QTimer(this);
  searchDelay_->setSingleShot(true);
  searchDelay_->setInterval(300);
  connect(searchDelay_, &QTimer::timeout, this, &DatasetBrowserDock::reload);
  connect(search_, &QLineEdit::textChanged, searchDelay_, qOverload<>(&QTimer::start));
  connect(search_, &QLineEdit::textChanged, this, [this](const QString& text) { filter_->setFilterWords(text); });
  connect(search_, &QLineEdit::returnPressed, this, &DatasetBrowserDock::reload);
  connect(refresh, &QToolButton::clicked, this, &DatasetBrowserDock::reload);
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DatasetBrowserDock::updateButtons);
  connect(filter_, &QAbstractItemModel::modelReset, this, &DatasetBrowserDock::updateButtons);
  connect(filter_, &QAbstractItemModel::rowsRemoved, this, &DatasetBrowserDock::updateButtons);
  connect(table_, &QTableView::doubleClicked, this, [this] {
    if (auto d = selectedDataset()) emit openRequested(*d);
  });
  connect(open_, &QPushButton::clicked, this, [this] {
    if (auto d = selectedDataset()) emit openRequested(*d);
  });
  connect(settings_, &QPushButton::clicked, this, [this] {
    if (auto d = selectedDataset()) emit settingsRequested(*d);
  });
  connect(connection_, &ServerConnection::changed, this, &DatasetBrowserDock::reload);
  updateButtons();
  reload();
}

QString DatasetBrowserDock::statusText() const { return status_->text(); }

void DatasetBrowserDock::setSearchText(const QString& text) {
  search_->setText(text);
  searchDelay_->stop();
  reload();
}

void DatasetBrowserDock::reload() {
  searchDelay_->stop();
  WkClient* client = connection_->client();
  if (!client) {
    model_->setDatasets({});
    status_->setText(tr("Not connected: choose a server in Server › Accounts…"));
    updateButtons();
    return;
  }
  DatasetQuery query;
  query.isActive = true;
  query.searchQuery = search_->text().trimmed().toStdString();
  const int request = ++request_;
  const QString searched = search_->text().trimmed();
  progress_->run<std::vector<DatasetInfo>>(
      tr("Loading datasets"), [client, query](Callback<std::vector<DatasetInfo>> cb) { client->datasets(query, cb); },
      [this, request, searched](Result<std::vector<DatasetInfo>> r) {
        if (request != request_) return;
        if (!r.ok()) {
          status_->setText(describeServerError(r.error(), tr("Loading the datasets")).toHtml());
          return;
        }
        answeredSearch_ = searched;
        showDatasets(std::move(r).value());
      });
}

void DatasetBrowserDock::showDatasets(std::vector<DatasetInfo> datasets) {
  const bool first = model_->rowCount() == 0;
  model_->setDatasets(std::move(datasets));
  // The answer already matches its search; filter only by what was typed since.
  const QString typed = search_->text().trimmed();
  filter_->setFilterWords(typed == answeredSearch_ ? QString() : typed);
  if (first) table_->resizeColumnsToContents();
  const QString who = connection_->whoText();
  const int n = model_->rowCount();
  status_->setText(answeredSearch_.isEmpty()
                       ? tr("%n dataset(s) — %1", "", n).arg(who.toHtmlEscaped())
                       : tr("%n dataset(s) matching “%1” — %2", "", n).arg(answeredSearch_.toHtmlEscaped(), who.toHtmlEscaped()));
  updateButtons();
  emit loaded();
}

const std::vector<DatasetInfo>& DatasetBrowserDock::datasets() const { return model_->datasets(); }

int DatasetBrowserDock::rowCount() const { return filter_->rowCount(); }

QString DatasetBrowserDock::cellText(int row, int column) const {
  return filter_->index(row, column).data().toString();
}

std::optional<DatasetInfo> DatasetBrowserDock::selectedDataset() const {
  const QModelIndexList rows = table_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return std::nullopt;
  const DatasetInfo* d = model_->datasetAt(filter_->mapToSource(rows.front()).row());
  return d ? std::optional<DatasetInfo>(*d) : std::nullopt;
}

void DatasetBrowserDock::updateButtons() {
  const bool selected = selectedDataset().has_value();
  open_->setEnabled(selected);
  settings_->setEnabled(selected && connection_->loggedIn());
}

}  // namespace skein::ui
