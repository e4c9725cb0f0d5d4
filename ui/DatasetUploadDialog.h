#pragma once
// Server › Upload dataset…: sends a local webKnossos dataset folder (WKW or Zarr layers plus
// datasource-properties.json) to the server's upload datastore with the resumable protocol
// (core/client/DatasetUpload.h). Shows bytes and chunks done; Cancel stops after the chunk in
// flight; after a cancel or a failure, Resume sends only the chunks the server does not have yet.

#include <QDialog>
#include <QString>

#include <string>

#include "core/base/CancelToken.h"
#include "core/base/Result.h"

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace skein::client {
class WkClient;
struct DatasetUploadProgress;
struct DatasetUploadResult;
}  // namespace skein::client

namespace skein::ui {

class DatasetUploadDialog : public QDialog {
  Q_OBJECT
 public:
  // `client` must outlive the dialog; `organization` is the uploader's (from /api/user).
  DatasetUploadDialog(client::WkClient* client, std::string organization, QWidget* parent = nullptr);
  ~DatasetUploadDialog() override;  // cancels a running upload

  void setFolder(const QString& folder);  // also proposes the folder's name as the dataset name
  void setDatasetName(const QString& name);

  bool running() const { return running_; }
  bool canResume() const { return !running_ && !resumeId_.empty(); }
  QString statusText() const;
  int progressPermille() const;
  QString uploadedDatasetId() const { return uploadedId_; }
  int chunksAlreadyOnServer() const { return chunksSkipped_; }  // of the last (resumed) run

 public slots:
  void startUpload();
  void cancelUpload();
  void resumeUpload();

 signals:
  void uploaded(const QString& datasetId);

 private:
  void start(bool resume);
  void browse();
  void showProgress(const client::DatasetUploadProgress& progress);
  void finished(Result<client::DatasetUploadResult> result);
  void setRunning(bool running);

  client::WkClient* client_;
  std::string organization_;
  QLineEdit* folder_;
  QLineEdit* name_;
  QProgressBar* bar_;
  QLabel* status_;
  QPushButton* browse_;
  QPushButton* upload_;
  QPushButton* cancel_;
  QPushButton* resume_;
  CancelToken cancelToken_;
  std::string resumeId_;  // the upload to resume after a cancel or failure
  QString uploadedId_;
  int chunksSkipped_ = 0;
  bool running_ = false;
};

}  // namespace skein::ui
