#include "ui/DatasetUploadDialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <vector>

#include "core/client/DatasetUpload.h"
#include "ui/ServerErrorText.h"

namespace skein::ui {

using client::DatasetUploadProgress;
using client::DatasetUploadResult;
using client::DataStoreInfo;

DatasetUploadDialog::DatasetUploadDialog(client::WkClient* client, std::string organization, QWidget* parent)
    : QDialog(parent), client_(client), organization_(std::move(organization)) {
  setWindowTitle(tr("Upload dataset"));
  folder_ = new QLineEdit(this);
  folder_->setObjectName(QStringLiteral("uploadFolder"));
  folder_->setPlaceholderText(tr("Folder with datasource-properties.json"));
  browse_ = new QPushButton(tr("Browse…"), this);
  auto* folderRow = new QHBoxLayout;
  folderRow->addWidget(folder_, 1);
  folderRow->addWidget(browse_);
  name_ = new QLineEdit(this);
  name_->setObjectName(QStringLiteral("uploadName"));
  auto* form = new QFormLayout;
  form->addRow(tr("Folder"), folderRow);
  form->addRow(tr("Dataset name"), name_);

  bar_ = new QProgressBar(this);
  bar_->setObjectName(QStringLiteral("uploadProgress"));
  bar_->setRange(0, 1000);
  bar_->setValue(0);
  bar_->setTextVisible(false);
  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("uploadStatus"));
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* buttons = new QDialogButtonBox(this);
  upload_ = buttons->addButton(tr("Upload"), QDialogButtonBox::AcceptRole);
  resume_ = buttons->addButton(tr("Resume"), QDialogButtonBox::ActionRole);
  cancel_ = buttons->addButton(tr("Cancel upload"), QDialogButtonBox::ActionRole);
  QPushButton* close = buttons->addButton(QDialogButtonBox::Close);
  upload_->setObjectName(QStringLiteral("uploadStart"));
  resume_->setObjectName(QStringLiteral("uploadResume"));
  cancel_->setObjectName(QStringLiteral("uploadCancel"));
  // The buttons act; none of them closes the dialog except Close.
  disconnect(buttons, nullptr, this, nullptr);
  connect(upload_, &QPushButton::clicked, this, &DatasetUploadDialog::startUpload);
  connect(resume_, &QPushButton::clicked, this, &DatasetUploadDialog::resumeUpload);
  connect(cancel_, &QPushButton::clicked, this, &DatasetUploadDialog::cancelUpload);
  connect(close, &QPushButton::clicked, this, &QDialog::reject);
  connect(browse_, &QPushButton::clicked, this, &DatasetUploadDialog::browse);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(bar_);
  layout->addWidget(status_);
  layout->addWidget(buttons);
  setRunning(false);
  resize(560, sizeHint().height());
}

DatasetUploadDialog::~DatasetUploadDialog() { cancelToken_.cancel(); }

void DatasetUploadDialog::setFolder(const QString& folder) {
  folder_->setText(folder);
  if (name_->text().isEmpty()) name_->setText(QFileInfo(folder).fileName());
}

void DatasetUploadDialog::setDatasetName(const QString& name) { name_->setText(name); }

QString DatasetUploadDialog::statusText() const { return status_->text(); }

int DatasetUploadDialog::progressPermille() const { return bar_->value(); }

void DatasetUploadDialog::browse() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Dataset folder"), folder_->text());
  if (!dir.isEmpty()) setFolder(dir);
}

void DatasetUploadDialog::startUpload() { start(false); }

void DatasetUploadDialog::resumeUpload() {
  if (canResume()) start(true);
}

void DatasetUploadDialog::cancelUpload() {
  if (!running_) return;
  cancelToken_.cancel();
  status_->setText(tr("Cancelling after the chunk in flight…"));
}

void DatasetUploadDialog::start(bool resume) {
  if (running_) return;
  const QString folder = folder_->text().trimmed();
  if (!QFileInfo(folder + QStringLiteral("/datasource-properties.json")).isFile()) {
    status_->setText(tr("%1 is not a webKnossos dataset folder: it has no datasource-properties.json.").arg(folder));
    return;
  }
  client::DatasetUploadOptions options;
  options.name = name_->text().trimmed().toStdString();
  if (options.name.empty()) {
    status_->setText(tr("Enter a name for the dataset."));
    return;
  }
  options.organization = organization_;
  if (!resume) resumeId_.clear();  // a new upload: the old one can no longer be resumed from here
  options.uploadId = resumeId_;
  cancelToken_ = CancelToken::make();
  options.cancel = cancelToken_;
  uploadedId_.clear();
  chunksSkipped_ = 0;
  if (!resume) bar_->setValue(0);
  setRunning(true);
  status_->setText(resume ? tr("Checking which chunks the server already has…") : tr("Finding the upload datastore…"));

  QPointer<DatasetUploadDialog> self(this);
  client::WkClient* client = client_;
  client::listDatastores(*client, [self, client, folder, options](Result<std::vector<DataStoreInfo>> stores) mutable {
    if (!self) return;
    if (!stores.ok()) return self->finished(stores.error().withContext("listing the server's datastores"));
    std::string url;
    for (const DataStoreInfo& s : stores.value())
      if (s.allowsUpload && url.empty()) url = s.url;
    if (url.empty()) return self->finished(makeError(ErrorCode::NotFound, "the server has no datastore that accepts uploads"));
    client::uploadDataset(
        *client, url, folder, std::move(options),
        [self](const DatasetUploadProgress& p) {
          if (self) self->showProgress(p);
        },
        [self](Result<DatasetUploadResult> r) {
          if (self) self->finished(std::move(r));
        });
  });
}

void DatasetUploadDialog::showProgress(const DatasetUploadProgress& p) {
  resumeId_ = p.uploadId;
  chunksSkipped_ = p.chunksSkipped;
  if (p.totalBytes > 0) bar_->setValue(static_cast<int>(p.doneBytes * 1000 / p.totalBytes));
  if (cancelToken_.isCancelled()) return;  // keep "Cancelling…" visible
  const QLocale locale;
  QString text = tr("%1 of %2 — %3 of %4 chunks")
                     .arg(locale.formattedDataSize(p.doneBytes), locale.formattedDataSize(p.totalBytes))
                     .arg(p.chunksSent + p.chunksSkipped)
                     .arg(p.totalChunks);
  if (p.chunksSkipped > 0) text += tr(", %1 already on the server").arg(p.chunksSkipped);
  if (p.retries > 0) text += tr(", %1 sent again after connection problems").arg(p.retries);
  status_->setText(text);
}

void DatasetUploadDialog::finished(Result<DatasetUploadResult> result) {
  if (result.ok()) {
    resumeId_.clear();
    uploadedId_ = QString::fromStdString(result->datasetId);
    bar_->setValue(1000);
    status_->setText(tr("Uploaded as dataset %1.").arg(uploadedId_));
    setRunning(false);  // after resumeId_ is cleared: hides Resume
    emit uploaded(uploadedId_);
    return;
  }
  if (result.error().code == ErrorCode::Cancelled) {
    status_->setText(tr("Upload cancelled. Resume sends only what the server does not have yet."));
  } else {
    QString text = describeServerError(result.error(), tr("Uploading the dataset")).toPlainText();
    if (!resumeId_.empty()) text += QLatin1Char('\n') + tr("Resume continues where the upload stopped.");
    status_->setText(text);
  }
  setRunning(false);
}

void DatasetUploadDialog::setRunning(bool running) {
  running_ = running;
  folder_->setEnabled(!running);
  name_->setEnabled(!running);
  browse_->setEnabled(!running);
  upload_->setEnabled(!running);
  cancel_->setEnabled(running);
  resume_->setVisible(!running && !resumeId_.empty());
}

}  // namespace skein::ui
