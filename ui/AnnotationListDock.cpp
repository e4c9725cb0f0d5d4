#include "ui/AnnotationListDock.h"

#include <QCheckBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/client/WkClient.h"
#include "ui/ServerConnection.h"
#include "ui/ServerErrorText.h"
#include "ui/ServerProgress.h"

namespace skein::ui {

using namespace skein::client;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

AnnotationListDock::AnnotationListDock(ServerConnection* connection, QWidget* parent)
    : QDockWidget(tr("Server annotations"), parent), connection_(connection) {
  setObjectName(QStringLiteral("annotationListDock"));
  auto* body = new QWidget(this);
  auto* layout = new QVBoxLayout(body);
  layout->setContentsMargins(4, 4, 4, 4);

  auto* top = new QHBoxLayout;
  finished_ = new QCheckBox(tr("Finished"), body);
  finished_->setObjectName(QStringLiteral("showFinished"));
  finished_->setToolTip(tr("Show finished annotations instead of active ones"));
  auto* refresh = new QToolButton(body);
  refresh->setObjectName(QStringLiteral("annotationRefresh"));
  refresh->setText(tr("Refresh"));
  top->addWidget(finished_);
  top->addStretch(1);
  top->addWidget(refresh);
  layout->addLayout(top);

  status_ = new QLabel(body);
  status_->setObjectName(QStringLiteral("annotationListStatus"));
  status_->setWordWrap(true);
  status_->setTextFormat(Qt::RichText);
  layout->addWidget(status_);

  table_ = new QTableWidget(0, 7, body);
  table_->setObjectName(QStringLiteral("annotationTable"));
  table_->setHorizontalHeaderLabels(
      {tr("Name"), tr("Dataset"), tr("Owner"), tr("Visibility"), tr("State"), tr("Modified"), tr("You may")});
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  layout->addWidget(table_, 1);

  auto* buttons = new QHBoxLayout;
  auto button = [&](const QString& text, const char* name) {
    auto* b = new QPushButton(text, body);
    b->setObjectName(QString::fromLatin1(name));
    buttons->addWidget(b);
    return b;
  };
  open_ = button(tr("Open"), "openAnnotationButton");
  share_ = button(tr("Share…"), "shareAnnotationButton");
  zarr_ = button(tr("Zarr links…"), "zarrLinksButton");
  copy_ = button(tr("Copy to my account"), "copyAnnotationButton");
  buttons->addStretch(1);
  layout->addLayout(buttons);
  progress_ = new ServerProgress(body);
  layout->addWidget(progress_);
  setWidget(body);

  auto withSelection = [this](void (AnnotationListDock::*signal)(const AnnotationInfo&)) {
    return [this, signal] {
      if (auto a = selectedAnnotation()) emit(this->*signal)(*a);
    };
  };
  connect(open_, &QPushButton::clicked, this, withSelection(&AnnotationListDock::openRequested));
  connect(share_, &QPushButton::clicked, this, withSelection(&AnnotationListDock::shareRequested));
  connect(zarr_, &QPushButton::clicked, this, withSelection(&AnnotationListDock::zarrLinksRequested));
  connect(copy_, &QPushButton::clicked, this, withSelection(&AnnotationListDock::copyRequested));
  connect(table_, &QTableWidget::cellDoubleClicked, this, withSelection(&AnnotationListDock::openRequested));
  connect(table_, &QTableWidget::itemSelectionChanged, this, &AnnotationListDock::updateButtons);
  connect(refresh, &QToolButton::clicked, this, &AnnotationListDock::reload);
  connect(finished_, &QCheckBox::toggled, this, &AnnotationListDock::reload);
  connect(connection_, &ServerConnection::changed, this, &AnnotationListDock::reload);
  updateButtons();
  reload();
}

QString AnnotationListDock::statusText() const { return status_->text(); }

bool AnnotationListDock::isReadOnly(const AnnotationInfo& a) const {
  const auto& user = connection_->user();
  return !user || a.owner.id != user->id || a.state != "Active";
}

void AnnotationListDock::reload() {
  WkClient* client = connection_->client();
  if (!client || !connection_->loggedIn()) {
    annotations_.clear();
    table_->setRowCount(0);
    status_->setText(tr("Log in (Server › Accounts…) to see your annotations and those shared with your teams."));
    updateButtons();
    return;
  }
  const bool finished = finished_->isChecked();
  const int request = ++request_;
  progress_->run<std::vector<AnnotationInfo>>(
      tr("Loading annotations"),
      [client, finished](Callback<std::vector<AnnotationInfo>> cb) { client->readableAnnotations(finished, cb); },
      [this, request](Result<std::vector<AnnotationInfo>> r) {
        if (request != request_) return;
        if (!r.ok()) {
          status_->setText(describeServerError(r.error(), tr("Loading the annotations")).toHtml());
          return;
        }
        showAnnotations(std::move(r).value());
      });
}

void AnnotationListDock::showAnnotations(std::vector<AnnotationInfo> annotations) {
  const auto previous = selectedAnnotation();
  annotations_ = std::move(annotations);
  table_->setRowCount(static_cast<int>(annotations_.size()));
  for (int row = 0; row < table_->rowCount(); ++row) {
    const AnnotationInfo& a = annotations_[static_cast<std::size_t>(row)];
    const QString owner = q(a.owner.firstName + " " + a.owner.lastName).trimmed();
    const QString modified = a.modified > 0 ? QDateTime::fromMSecsSinceEpoch(a.modified).toString("yyyy-MM-dd hh:mm")
                                            : QString();
    const QStringList cells = {q(a.name.empty() ? a.id : a.name), q(a.datasetName), owner,
                               QString::fromLatin1(visibilityName(a.visibility)), q(a.state), modified,
                               isReadOnly(a) ? tr("view only") : tr("edit")};
    for (int c = 0; c < cells.size(); ++c) table_->setItem(row, c, new QTableWidgetItem(cells[c]));
  }
  table_->resizeColumnsToContents();
  status_->setText(tr("%n annotation(s) — %1", "", table_->rowCount()).arg(connection_->whoText().toHtmlEscaped()));
  if (previous) selectAnnotation(previous->id);
  updateButtons();
  emit loaded();
}

std::optional<AnnotationInfo> AnnotationListDock::selectedAnnotation() const {
  const int row = table_->currentRow();
  if (row < 0 || row >= static_cast<int>(annotations_.size()) || table_->selectedItems().isEmpty()) return std::nullopt;
  return annotations_[static_cast<std::size_t>(row)];
}

bool AnnotationListDock::selectAnnotation(const std::string& id) {
  for (std::size_t i = 0; i < annotations_.size(); ++i)
    if (annotations_[i].id == id) {
      table_->selectRow(static_cast<int>(i));
      return true;
    }
  return false;
}

void AnnotationListDock::updateButtons() {
  const auto a = selectedAnnotation();
  const bool owned = a && !isReadOnly(*a);
  open_->setEnabled(a.has_value());
  share_->setEnabled(a && connection_->user() && a->owner.id == connection_->user()->id);
  zarr_->setEnabled(owned);
  copy_->setEnabled(a.has_value());
}

}  // namespace skein::ui
