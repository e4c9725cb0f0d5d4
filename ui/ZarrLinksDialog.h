#pragma once
// Zarr links… for an annotation: its private links (webknossos-api.md §6.4) in a table with their
// expiry and whether they have expired; per link the layer URLs other tools open without a login,
// each with a copy button; an expiry editor (default: end of today + 30 days, or never) for new
// links and for the selected one; revoke. Also the plain dataset Zarr URL (needs a login unless the
// dataset is public).

#include <QDateTime>
#include <QDialog>

#include <optional>
#include <string>
#include <vector>

#include "core/client/ApiTypes.h"
#include "ui/ServerConfirm.h"

class QCheckBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace skein::client {
class WkClient;
}

namespace skein::ui {

class ServerProgress;

class ZarrLinksDialog : public QDialog {
  Q_OBJECT
 public:
  ZarrLinksDialog(client::WkClient* client, std::string annotationId, ServerConfirm confirm, QWidget* parent = nullptr);

  // End of today (local time) plus 30 days, as webKnossos proposes.
  static QDateTime defaultExpiry(const QDate& today = QDate::currentDate());
  static bool isExpired(const client::ZarrPrivateLink& link, qint64 nowMs = QDateTime::currentMSecsSinceEpoch());

  bool isLoaded() const { return loaded_; }
  const std::vector<client::ZarrPrivateLink>& links() const { return links_; }
  std::vector<std::string> layerNames() const { return layers_; }
  // The URLs of one link's layers, in layerNames() order.
  QStringList layerUrls(const client::ZarrPrivateLink& link) const;
  QString datasetZarrUrl() const;
  QTableWidget* linksTable() const { return linksTable_; }
  QTableWidget* layerTable() const { return layerTable_; }
  // nullopt: never expires.
  std::optional<QDateTime> chosenExpiry() const;
  void setChosenExpiry(const std::optional<QDateTime>& expiry);
  bool selectLink(const std::string& linkId);
  QString errorText() const;
  ServerProgress* progress() const { return progress_; }

 public slots:
  void reload();
  void createLink();
  void applyExpiryToSelected();
  void revokeSelected();

 signals:
  void loadFinished();
  void linksChanged();

 private:
  void reloadLinks();
  void showLinks();
  void showLayerUrls();
  int selectedRow() const;
  void showError(const QString& html);

  client::WkClient* client_;
  std::string annotationId_;
  ServerConfirm confirm_;
  std::optional<client::AnnotationInfo> annotation_;
  std::optional<client::DatasetInfo> dataset_;
  std::vector<std::string> layers_;
  std::vector<client::ZarrPrivateLink> links_;
  bool loaded_ = false;

  QLabel* title_;
  QTableWidget* linksTable_;
  QTableWidget* layerTable_;
  QLineEdit* datasetUrl_;
  QDateTimeEdit* expiry_;
  QCheckBox* never_;
  QPushButton* setExpiry_;
  QPushButton* revoke_;
  QLabel* error_;
  ServerProgress* progress_;
};

}  // namespace skein::ui
