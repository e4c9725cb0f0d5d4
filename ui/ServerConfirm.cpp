#include "ui/ServerConfirm.h"

#include <QMessageBox>

namespace skein::ui {

ServerConfirm defaultServerConfirm() {
  return [](QWidget* parent, const QString& title, const QString& text) {
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Yes | QMessageBox::Cancel, parent);
    box.setDefaultButton(QMessageBox::Cancel);
    return box.exec() == QMessageBox::Yes;
  };
}

}  // namespace skein::ui
