#include "ui/ZarrLinksDialog.h"

#include <QCheckBox>
#include <QClipboard>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

#include "core/client/ApiVersion.h"
#include "core/client/WkClient.h"
#include "ui/ServerErrorText.h"
#include "ui/ServerLinkResolver.h"
#include "ui/ServerProgress.h"

namespace skein::ui {

using namespace skein::client;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

void copyText(const QString& text) {
  if (auto* clipboard = QGuiApplication::clipboard()) clipboard->setText(text);
}

QPushButton* copyButton(const QString& text, QWidget* parent) {
  auto* b = new QPushButton(ZarrLinksDialog::tr("Copy"), parent);
  b->setObjectName(QStringLiteral("copyUrlButton"));
  QObject::connect(b, &QPushButton::clicked, b, [text] { copyText(text); });
  return b;
}

}  // namespace

QDateTime ZarrLinksDialog::defaultExpiry(const QDate& today) {
  return QDateTime(today.addDays(30), QTime(23, 59, 59, 999));
}

bool ZarrLinksDialog::isExpired(const ZarrPrivateLink& link, qint64 nowMs) {
  return link.expirationDateTime && *link.expirationDateTime < nowMs;
}

ZarrLinksDialog::ZarrLinksDialog(WkClient* client, std::string annotationId, ServerConfirm confirm, QWidget* parent)
    : QDialog(parent),
      client_(client),
      annotationId_(std::move(annotationId)),
      confirm_(confirm ? std::move(confirm) : defaultServerConfirm()) {
  setObjectName(QStringLiteral("zarrLinksDialog"));
  setWindowTitle(tr("Zarr links"));
  auto* layout = new QVBoxLayout(this);
  title_ = new QLabel(this);
  title_->setObjectName(QStringLiteral("zarrLinksTitle"));
  title_->setWordWrap(true);
  title_->setTextFormat(Qt::PlainText);
  layout->addWidget(title_);

  auto* linksBox = new QGroupBox(tr("Private links (open the annotation's data without a login)"), this);
  auto* linksLayout = new QVBoxLayout(linksBox);
  linksTable_ = new QTableWidget(0, 3, linksBox);
  linksTable_->setObjectName(QStringLiteral("zarrLinksTable"));
  linksTable_->setHorizontalHeaderLabels({tr("Access token"), tr("Expires"), tr("Status")});
  linksTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
  linksTable_->setSelectionMode(QAbstractItemView::SingleSelection);
  linksTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  linksTable_->verticalHeader()->hide();
  linksTable_->horizontalHeader()->setStretchLastSection(true);
  linksLayout->addWidget(linksTable_);
  layerTable_ = new QTableWidget(0, 3, linksBox);
  layerTable_->setObjectName(QStringLiteral("layerUrlTable"));
  layerTable_->setHorizontalHeaderLabels({tr("Layer"), tr("URL of the selected link"), QString()});
  layerTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  layerTable_->verticalHeader()->hide();
  layerTable_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  linksLayout->addWidget(layerTable_);
  layout->addWidget(linksBox);

  auto* expiryBox = new QGroupBox(tr("Expiry"), this);
  auto* expiryLayout = new QHBoxLayout(expiryBox);
  expiry_ = new QDateTimeEdit(expiryBox);
  expiry_->setObjectName(QStringLiteral("expiryEdit"));
  expiry_->setCalendarPopup(true);
  expiry_->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
  never_ = new QCheckBox(tr("Never expires"), expiryBox);
  never_->setObjectName(QStringLiteral("neverExpires"));
  auto* create = new QPushButton(tr("Create link"), expiryBox);
  create->setObjectName(QStringLiteral("createLinkButton"));
  setExpiry_ = new QPushButton(tr("Set on selected link"), expiryBox);
  setExpiry_->setObjectName(QStringLiteral("setExpiryButton"));
  revoke_ = new QPushButton(tr("Revoke selected link…"), expiryBox);
  revoke_->setObjectName(QStringLiteral("revokeLinkButton"));
  expiryLayout->addWidget(expiry_);
  expiryLayout->addWidget(never_);
  expiryLayout->addStretch(1);
  expiryLayout->addWidget(create);
  expiryLayout->addWidget(setExpiry_);
  expiryLayout->addWidget(revoke_);
  layout->addWidget(expiryBox);

  auto* datasetBox = new QGroupBox(tr("Dataset Zarr URL (needs a login unless the dataset is public)"), this);
  auto* datasetLayout = new QHBoxLayout(datasetBox);
  datasetUrl_ = new QLineEdit(datasetBox);
  datasetUrl_->setObjectName(QStringLiteral("datasetZarrUrl"));
  datasetUrl_->setReadOnly(true);
  auto* copyDataset = new QPushButton(tr("Copy"), datasetBox);
  copyDataset->setObjectName(QStringLiteral("copyDatasetUrlButton"));
  datasetLayout->addWidget(datasetUrl_, 1);
  datasetLayout->addWidget(copyDataset);
  layout->addWidget(datasetBox);

  error_ = new QLabel(this);
  error_->setObjectName(QStringLiteral("errorLabel"));
  error_->setWordWrap(true);
  error_->setTextFormat(Qt::RichText);
  error_->hide();
  layout->addWidget(error_);
  progress_ = new ServerProgress(this);
  layout->addWidget(progress_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  layout->addWidget(buttons);

  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(create, &QPushButton::clicked, this, &ZarrLinksDialog::createLink);
  connect(setExpiry_, &QPushButton::clicked, this, &ZarrLinksDialog::applyExpiryToSelected);
  connect(revoke_, &QPushButton::clicked, this, &ZarrLinksDialog::revokeSelected);
  connect(copyDataset, &QPushButton::clicked, this, [this] { copyText(datasetUrl_->text()); });
  connect(never_, &QCheckBox::toggled, expiry_, &QWidget::setDisabled);
  connect(linksTable_, &QTableWidget::itemSelectionChanged, this, [this] {
    showLayerUrls();
    const int row = selectedRow();
    setExpiry_->setEnabled(row >= 0);
    revoke_->setEnabled(row >= 0);
    if (row >= 0) {
      const auto& expiry = links_[static_cast<std::size_t>(row)].expirationDateTime;
      setChosenExpiry(expiry ? std::optional<QDateTime>(QDateTime::fromMSecsSinceEpoch(*expiry)) : std::nullopt);
    }
  });
  setChosenExpiry(defaultExpiry());
  setExpiry_->setEnabled(false);
  revoke_->setEnabled(false);
  resize(720, 560);
  reload();
}

std::optional<QDateTime> ZarrLinksDialog::chosenExpiry() const {
  if (never_->isChecked()) return std::nullopt;
  return expiry_->dateTime();
}

void ZarrLinksDialog::setChosenExpiry(const std::optional<QDateTime>& expiry) {
  never_->setChecked(!expiry);
  expiry_->setDateTime(expiry ? *expiry : defaultExpiry());
}

QString ZarrLinksDialog::errorText() const { return error_->isVisibleTo(this) ? error_->text() : QString(); }

void ZarrLinksDialog::showError(const QString& html) {
  error_->setText(html);
  error_->setVisible(!html.isEmpty());
}

QString ZarrLinksDialog::datasetZarrUrl() const { return datasetUrl_->text(); }

QStringList ZarrLinksDialog::layerUrls(const ZarrPrivateLink& link) const {
  QStringList urls;
  const std::string store = annotation_ ? annotation_->dataStore.url : std::string();
  for (const std::string& layer : layers_) urls << q(zarrPrivateLinkUrl(store, link.accessToken, layer));
  return urls;
}

void ZarrLinksDialog::reload() {
  showError({});
  WkClient* client = client_;
  const std::string id = annotationId_;
  progress_->run<AnnotationInfo>(
      tr("Loading the annotation"), [client, id](Callback<AnnotationInfo> cb) { client->annotation(id, cb); },
      [this, client](Result<AnnotationInfo> a) {
        if (!a.ok()) return showError(describeServerError(a.error(), tr("Loading the annotation")).toHtml());
        annotation_ = std::move(a).value();
        const std::string datasetId = annotation_->datasetId;
        progress_->run<DatasetInfo>(
            tr("Loading the dataset"), [client, datasetId](Callback<DatasetInfo> cb) { client->dataset(datasetId, "", cb); },
            [this](Result<DatasetInfo> d) {
              if (!d.ok()) return showError(describeServerError(d.error(), tr("Loading the dataset")).toHtml());
              dataset_ = std::move(d).value();
              // Dataset layers, then the annotation's volume layers (which replace same-named ones).
              layers_.clear();
              auto add = [this](const std::string& name) {
                if (std::find(layers_.begin(), layers_.end(), name) == layers_.end()) layers_.push_back(name);
              };
              for (const auto& l : dataset_->layers) add(l.name);
              if (dataset_->layers.empty()) {
                for (const auto& n : dataset_->colorLayerNames) add(n);
                for (const auto& n : dataset_->segmentationLayerNames) add(n);
              }
              for (const auto& l : annotation_->layers)
                if (l.typ == "Volume") add(l.name);
              title_->setText(tr("Annotation “%1” on dataset “%2”")
                                  .arg(q(annotation_->name.empty() ? annotation_->id : annotation_->name),
                                       q(dataset_->name)));
              datasetUrl_->setText(plainDatasetZarrUrl(*dataset_));
              reloadLinks();
            });
      });
}

void ZarrLinksDialog::reloadLinks() {
  WkClient* client = client_;
  const std::string id = annotationId_;
  progress_->run<std::vector<ZarrPrivateLink>>(
      tr("Loading the links"), [client, id](Callback<std::vector<ZarrPrivateLink>> cb) { client->zarrPrivateLinks(id, cb); },
      [this](Result<std::vector<ZarrPrivateLink>> r) {
        if (!r.ok()) return showError(describeServerError(r.error(), tr("Loading the Zarr links")).toHtml());
        links_ = std::move(r).value();
        showLinks();
        const bool first = !loaded_;
        loaded_ = true;
        if (first) emit loadFinished();
        emit linksChanged();
      });
}

void ZarrLinksDialog::showLinks() {
  linksTable_->setRowCount(static_cast<int>(links_.size()));
  const qint64 now = QDateTime::currentMSecsSinceEpoch();
  for (int row = 0; row < linksTable_->rowCount(); ++row) {
    const ZarrPrivateLink& l = links_[static_cast<std::size_t>(row)];
    const bool expired = isExpired(l, now);
    const QString expires = l.expirationDateTime
                                ? QDateTime::fromMSecsSinceEpoch(*l.expirationDateTime).toString("yyyy-MM-dd HH:mm")
                                : tr("never");
    const QStringList cells = {q(l.accessToken), expires, expired ? tr("expired") : tr("active")};
    for (int c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      if (expired) item->setForeground(QColor(0xa0, 0x20, 0x20));
      if (expired && c == 2) item->setToolTip(tr("This link no longer opens; set a new expiry to revive it."));
      linksTable_->setItem(row, c, item);
    }
  }
  linksTable_->resizeColumnsToContents();
  showLayerUrls();
}

int ZarrLinksDialog::selectedRow() const {
  const int row = linksTable_->currentRow();
  if (row < 0 || row >= static_cast<int>(links_.size()) || linksTable_->selectedItems().isEmpty()) return -1;
  return row;
}

bool ZarrLinksDialog::selectLink(const std::string& linkId) {
  for (std::size_t i = 0; i < links_.size(); ++i)
    if (links_[i].id == linkId) {
      linksTable_->selectRow(static_cast<int>(i));
      return true;
    }
  return false;
}

void ZarrLinksDialog::showLayerUrls() {
  const int row = selectedRow();
  if (row < 0) {
    layerTable_->setRowCount(0);
    return;
  }
  const QStringList urls = layerUrls(links_[static_cast<std::size_t>(row)]);
  layerTable_->setRowCount(static_cast<int>(urls.size()));
  for (int i = 0; i < urls.size(); ++i) {
    layerTable_->setItem(i, 0, new QTableWidgetItem(q(layers_[static_cast<std::size_t>(i)])));
    layerTable_->setItem(i, 1, new QTableWidgetItem(urls[i]));
    layerTable_->setCellWidget(i, 2, copyButton(urls[i], layerTable_));
  }
  layerTable_->resizeColumnToContents(0);
}

void ZarrLinksDialog::createLink() {
  showError({});
  WkClient* client = client_;
  const std::string id = annotationId_;
  const auto chosen = chosenExpiry();
  const std::optional<std::int64_t> expiry = chosen ? std::optional<std::int64_t>(chosen->toMSecsSinceEpoch()) : std::nullopt;
  progress_->run<ZarrPrivateLink>(
      tr("Creating a link"),
      [client, id, expiry](Callback<ZarrPrivateLink> cb) { client->createZarrPrivateLink(id, expiry, cb); },
      [this](Result<ZarrPrivateLink> r) {
        if (!r.ok()) return showError(describeServerError(r.error(), tr("Creating the link")).toHtml());
        links_.push_back(std::move(r).value());
        showLinks();
        selectLink(links_.back().id);
        emit linksChanged();
      });
}

void ZarrLinksDialog::applyExpiryToSelected() {
  const int row = selectedRow();
  if (row < 0) return;
  showError({});
  WkClient* client = client_;
  const std::string linkId = links_[static_cast<std::size_t>(row)].id;
  const auto chosen = chosenExpiry();
  const std::optional<std::int64_t> expiry = chosen ? std::optional<std::int64_t>(chosen->toMSecsSinceEpoch()) : std::nullopt;
  progress_->run<ZarrPrivateLink>(
      tr("Changing the expiry"),
      [client, linkId, expiry](Callback<ZarrPrivateLink> cb) { client->setZarrPrivateLinkExpiry(linkId, expiry, cb); },
      [this, linkId](Result<ZarrPrivateLink> r) {
        if (!r.ok()) return showError(describeServerError(r.error(), tr("Changing the expiry")).toHtml());
        for (auto& l : links_)
          if (l.id == linkId) l = r.value();
        showLinks();
        selectLink(linkId);
        emit linksChanged();
      });
}

void ZarrLinksDialog::revokeSelected() {
  const int row = selectedRow();
  if (row < 0) return;
  const ZarrPrivateLink link = links_[static_cast<std::size_t>(row)];
  if (!confirm_(this, tr("Revoke the link?"),
                tr("Everyone who has a URL with the token %1 loses access at once. This cannot be undone; you can "
                   "create a new link afterwards.")
                    .arg(q(link.accessToken))))
    return;
  showError({});
  WkClient* client = client_;
  progress_->runStatus(
      tr("Revoking the link"), [client, link](StatusCallback cb) { client->deleteZarrPrivateLink(link.id, cb); },
      [this](Status s) {
        if (!s.ok()) return showError(describeServerError(s.error(), tr("Revoking the link")).toHtml());
        reloadLinks();
      });
}

}  // namespace skein::ui
