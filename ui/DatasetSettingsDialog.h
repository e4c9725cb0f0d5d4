#pragma once
// Dataset settings…: sharing and permissions (public flag, allowed teams, the sharing link with
// its token — get, copy, revoke; revoking makes a new token and every old link stops working) and
// metadata (display name, description, tags). Saving asks before a dataset becomes public and
// lists what becomes visible. Read-only for users who may not edit the dataset.

#include <QDialog>

#include <optional>
#include <string>
#include <vector>

#include "core/client/ApiTypes.h"
#include "ui/ServerConfirm.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace skein::client {
class WkClient;
}

namespace skein::ui {

class ServerProgress;

class DatasetSettingsDialog : public QDialog {
  Q_OBJECT
 public:
  DatasetSettingsDialog(client::WkClient* client, std::string datasetId, ServerConfirm confirm,
                        QWidget* parent = nullptr);

  bool isLoaded() const { return dataset_.has_value(); }
  const std::optional<client::DatasetInfo>& dataset() const { return dataset_; }
  QString sharingLink() const;
  QString summaryText() const;
  QString noticeText() const;
  QString errorText() const;
  ServerProgress* progress() const { return progress_; }

  // Form access (tests and keyboard users).
  void setPublic(bool isPublic);
  void setTeamSelected(const std::string& teamId, bool selected);
  void setDisplayName(const QString& name);
  void setDescription(const QString& text);
  void setTags(const QString& commaSeparated);

 public slots:
  void reload();
  void save();
  void fetchSharingLink();
  void revokeSharingToken();
  void copySharingLink();

 signals:
  void loadFinished();
  void saved(const client::DatasetInfo& dataset);
  void sharingLinkChanged(const QString& link);

 private:
  void showDataset();
  void showSharingLink();
  void showError(const QString& html);
  void updateSummary();
  std::vector<std::string> selectedTeamIds() const;

  client::WkClient* client_;
  std::string datasetId_;
  ServerConfirm confirm_;
  std::optional<client::DatasetInfo> dataset_;
  std::vector<client::Team> teams_;
  std::string sharingToken_;

  QLabel* title_;
  QCheckBox* public_;
  QListWidget* teamList_;
  QLineEdit* link_;
  QPushButton* getLink_;
  QPushButton* revoke_;
  QLabel* summary_;
  QLabel* notice_;
  QLineEdit* name_;
  QPlainTextEdit* description_;
  QLineEdit* tags_;
  QPushButton* saveButton_;
  QLabel* error_;
  ServerProgress* progress_;
};

}  // namespace skein::ui
