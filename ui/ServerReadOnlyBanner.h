#pragma once
// The banner above the viewports for a server annotation the user may only view: whose it is, that
// changes cannot be saved, and a "Copy to my account" button (POST …/duplicate).

#include <QWidget>

class QLabel;
class QPushButton;

namespace skein::ui {

class ServerReadOnlyBanner : public QWidget {
  Q_OBJECT
 public:
  explicit ServerReadOnlyBanner(QWidget* parent = nullptr);

  // `canCopy`: the user is logged in (copying needs an account).
  void showFor(const QString& annotationName, const QString& ownerName, bool canCopy);
  QString text() const;

 signals:
  void copyRequested();

 private:
  QLabel* label_;
  QPushButton* copy_;
};

}  // namespace skein::ui
