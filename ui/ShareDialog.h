#pragma once
// Share… for an annotation: visibility (Private / Internal / Public), the teams it is shared with,
// the link (with the current view) and a copy button, the sharing-dependency warnings with their
// fixes (put the dataset's sharing token into the link, or make the dataset public after a
// confirmation that lists what becomes visible, or allow the teams on the dataset), and a plain
// "who can see this" summary. Changes go to the server on Apply; the summary and warnings follow
// the choices before that, so the user sees the consequences first.

#include <QDialog>

#include <optional>
#include <string>
#include <vector>

#include "core/client/ApiTypes.h"
#include "core/client/ShareLink.h"
#include "ui/ServerConfirm.h"

class QButtonGroup;
class QCheckBox;
class QFrame;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace skein::client {
class WkClient;
}

namespace skein::ui {

class ServerProgress;

class ShareDialog : public QDialog {
  Q_OBJECT
 public:
  ShareDialog(client::WkClient* client, std::string annotationId, client::ViewState view, ServerConfirm confirm,
              QWidget* parent = nullptr);

  bool isLoaded() const { return annotation_.has_value() && dataset_.has_value(); }
  const std::optional<client::AnnotationInfo>& annotation() const { return annotation_; }
  const std::optional<client::DatasetInfo>& dataset() const { return dataset_; }
  client::Visibility visibility() const;  // as chosen in the dialog
  void setVisibility(client::Visibility visibility);
  std::vector<std::string> selectedTeamIds() const;
  void setTeamSelected(const std::string& teamId, bool selected);
  bool includesSharingToken() const;
  QString linkText() const;
  QString summaryText() const;
  QString warningText() const;  // empty when nothing blocks the chosen sharing
  QString errorText() const;
  ServerProgress* progress() const { return progress_; }

 public slots:
  void reload();
  void includeSharingToken();  // fix: the link carries ?token=<dataset sharing token>
  void makeDatasetPublic();    // fix: after a confirmation listing what becomes visible
  void allowTeamsOnDataset();  // fix: add the shared teams to the dataset's allowed teams
  void apply();
  void copyLink();

 signals:
  void loadFinished();
  void applied();
  void datasetChanged(const client::DatasetInfo& dataset);

 private:
  void showAnnotation();
  void setLinkToken(bool include);
  void updateDerived();  // link, warnings, summary
  void showError(const QString& html);
  std::vector<client::Team> selectedTeams() const;

  client::WkClient* client_;
  std::string annotationId_;
  client::ViewState view_;
  ServerConfirm confirm_;
  std::optional<client::AnnotationInfo> annotation_;
  std::optional<client::DatasetInfo> dataset_;
  std::vector<client::Team> teams_;
  std::string sharingToken_;

  QLabel* title_;
  QButtonGroup* visibility_;
  QListWidget* teamList_;
  QLabel* teamNote_;
  QLineEdit* link_;
  QCheckBox* withToken_;
  QFrame* warnings_;
  QLabel* warningLabel_;
  QPushButton* fixToken_;
  QPushButton* fixPublic_;
  QPushButton* fixTeams_;
  QLabel* summary_;
  QLabel* error_;
  QPushButton* applyButton_;
  ServerProgress* progress_;
  bool updating_ = false;
};

}  // namespace skein::ui
