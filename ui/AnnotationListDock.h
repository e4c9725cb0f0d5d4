#pragma once
// The annotation list dock: the logged-in user's annotations and those shared with their teams
// (GET /api/annotations/readable), with visibility, state and whether the user may change them.
// Open shows the annotation (its dataset, and its skeleton in the skeleton tools; see ServerUi);
// Share…, Zarr links… and Copy to my account act on the selected annotation.

#include <QDockWidget>

#include <optional>
#include <vector>

#include "core/client/ApiTypes.h"

class QCheckBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace skein::ui {

class ServerConnection;
class ServerProgress;

class AnnotationListDock : public QDockWidget {
  Q_OBJECT
 public:
  explicit AnnotationListDock(ServerConnection* connection, QWidget* parent = nullptr);

  const std::vector<client::AnnotationInfo>& annotations() const { return annotations_; }
  std::optional<client::AnnotationInfo> selectedAnnotation() const;
  bool selectAnnotation(const std::string& id);
  QTableWidget* table() const { return table_; }
  QString statusText() const;
  ServerProgress* progress() const { return progress_; }
  // Owned by someone else: the list form carries no restrictions, so ownership decides.
  bool isReadOnly(const client::AnnotationInfo& annotation) const;

 public slots:
  void reload();

 signals:
  void openRequested(const client::AnnotationInfo& annotation);
  void shareRequested(const client::AnnotationInfo& annotation);
  void zarrLinksRequested(const client::AnnotationInfo& annotation);
  void copyRequested(const client::AnnotationInfo& annotation);
  void loaded();

 private:
  void showAnnotations(std::vector<client::AnnotationInfo> annotations);
  void updateButtons();

  ServerConnection* connection_;
  QCheckBox* finished_;
  QLabel* status_;
  QTableWidget* table_;
  QPushButton* open_;
  QPushButton* share_;
  QPushButton* zarr_;
  QPushButton* copy_;
  ServerProgress* progress_;
  std::vector<client::AnnotationInfo> annotations_;
  int request_ = 0;
};

}  // namespace skein::ui
