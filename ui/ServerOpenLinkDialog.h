#pragma once
// File › Open link…: paste a webKnossos link (dataset view, legacy org/name view, annotation,
// short link, ?token=, JSON or CSV hash). The dialog says what the link points to as soon as it
// parses, resolves it through the server (with progress and Cancel), shows the target, and hands
// it to the opener, which streams the dataset's Zarr into the viewer at the link's position/zoom.

#include <QDialog>

#include <functional>
#include <optional>

#include "core/base/Result.h"
#include "ui/ServerLinkResolver.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace skein::ui {

class ServerConnection;
class ServerProgress;

class ServerOpenLinkDialog : public QDialog {
  Q_OBJECT
 public:
  using Opener = std::function<Status(const ServerTarget&)>;
  ServerOpenLinkDialog(ServerConnection* connection, Opener opener, QWidget* parent = nullptr);

  void setLinkText(const QString& text);
  QString parsedText() const;  // the link in words, or why it does not parse
  QString targetText() const;  // what the server resolved it to
  QString errorText() const;
  const std::optional<ServerTarget>& target() const { return target_; }
  ServerProgress* progress() const { return progress_; }

 public slots:
  void openLink();

 signals:
  void resolved(const QString& description);
  void opened(const QString& description);

 private:
  void updateParsed();
  void showError(const QString& html);

  ServerConnection* connection_;
  Opener opener_;
  std::optional<ServerTarget> target_;
  QLineEdit* link_;
  QLabel* parsed_;
  QLabel* targetLabel_;
  QLabel* error_;
  QPushButton* open_;
  ServerProgress* progress_;
};

}  // namespace skein::ui
