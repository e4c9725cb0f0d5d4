#include "ui/DatasetBrowserDock.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/client/WkClient.h"
#include "ui/ServerConnection.h"
#include "ui/ServerErrorText.h"
#include "ui/ServerProgress.h"
#include "ui/ShareSummary.h"

namespace skein::ui {

using namespace skein::client;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QString accessText(const DatasetInfo& d) {
  if (d.isPublic) return DatasetBrowserDock::tr("Public");
  if (d.allowedTeams.empty()) return DatasetBrowserDock::tr("Organization managers");
  return DatasetBrowserDock::tr("Teams: %1").arg(teamNames(d.allowedTeams));
}

QString layerText(const DatasetInfo& d) {
  QStringList names;
  if (!d.layers.empty()) {
    for (const auto& l : d.layers) names << q(l.name);
  } else {
    for (const auto& n : d.colorLayerNames) names << q(n);
    for (const auto& n : d.segmentationLayerNames) names << q(n);
  }
  return names.join(QStringLiteral(", "));
}

}  // namespace

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

  table_ = new QTableWidget(0, 5, body);
  table_->setObjectName(QStringLiteral("datasetTable"));
  table_->setHorizontalHeaderLabels({tr("Name"), tr("Organization"), tr("Access"), tr("Tags"), tr("Layers")});
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
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
  connect(search_, &QLineEdit::returnPressed, this, &DatasetBrowserDock::reload);
  connect(refresh, &QToolButton::clicked, this, &DatasetBrowserDock::reload);
  connect(table_, &QTableWidget::itemSelectionChanged, this, &DatasetBrowserDock::updateButtons);
  connect(table_, &QTableWidget::cellDoubleClicked, this, [this] {
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
    datasets_.clear();
    table_->setRowCount(0);
    status_->setText(tr("Not connected: choose a server in Server › Accounts…"));
    updateButtons();
    return;
  }
  DatasetQuery query;
  query.isActive = true;
  query.searchQuery = search_->text().trimmed().toStdString();
  const int request = ++request_;
  progress_->run<std::vector<DatasetInfo>>(
      tr("Loading datasets"), [client, query](Callback<std::vector<DatasetInfo>> cb) { client->datasets(query, cb); },
      [this, request](Result<std::vector<DatasetInfo>> r) {
        if (request != request_) return;
        if (!r.ok()) {
          status_->setText(describeServerError(r.error(), tr("Loading the datasets")).toHtml());
          return;
        }
        showDatasets(std::move(r).value());
      });
}

void DatasetBrowserDock::showDatasets(std::vector<DatasetInfo> datasets) {
  datasets_ = std::move(datasets);
  table_->setRowCount(static_cast<int>(datasets_.size()));
  for (int row = 0; row < table_->rowCount(); ++row) {
    const DatasetInfo& d = datasets_[static_cast<std::size_t>(row)];
    QStringList tags;
    for (const auto& t : d.tags) tags << q(t);
    const QStringList cells = {q(d.name.empty() ? d.id : d.name), q(d.owningOrganization), accessText(d),
                               tags.join(QStringLiteral(", ")), layerText(d)};
    for (int c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      if (c == 0 && d.description) item->setToolTip(q(*d.description));
      table_->setItem(row, c, item);
    }
  }
  table_->resizeColumnsToContents();
  const QString who = connection_->whoText();
  const QString search = search_->text().trimmed();
  const int n = table_->rowCount();
  status_->setText(search.isEmpty()
                       ? tr("%n dataset(s) — %1", "", n).arg(who.toHtmlEscaped())
                       : tr("%n dataset(s) matching “%1” — %2", "", n).arg(search.toHtmlEscaped(), who.toHtmlEscaped()));
  updateButtons();
  emit loaded();
}

std::optional<DatasetInfo> DatasetBrowserDock::selectedDataset() const {
  const int row = table_->currentRow();
  if (row < 0 || row >= static_cast<int>(datasets_.size()) || table_->selectedItems().isEmpty()) return std::nullopt;
  return datasets_[static_cast<std::size_t>(row)];
}

void DatasetBrowserDock::updateButtons() {
  const bool selected = selectedDataset().has_value();
  open_->setEnabled(selected);
  settings_->setEnabled(selected && connection_->loggedIn());
}

}  // namespace skein::ui
