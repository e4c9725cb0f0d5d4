#include "ui/GoToPositionDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/PositionText.h"

namespace skein::ui {

GoToPositionDialog::GoToPositionDialog(const Vec3d& current, QWidget* parent) : QDialog(parent) {
  setObjectName(QStringLiteral("goToPositionDialog"));
  setWindowTitle(tr("Go to position"));
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(tr("Position in mag-1 voxels (x, y, z):"), this));
  field_ = new QLineEdit(formatPosition(current), this);
  field_->setObjectName(QStringLiteral("positionField"));
  field_->selectAll();
  layout->addWidget(field_);
  hint_ = new QLabel(this);
  hint_->setStyleSheet(QStringLiteral("color: #c0392b"));
  layout->addWidget(hint_);
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons_);
  connect(field_, &QLineEdit::textChanged, this, &GoToPositionDialog::validate);
  validate();
}

std::optional<Vec3d> GoToPositionDialog::position() const { return parsePosition(field_->text()); }

void GoToPositionDialog::validate() {
  const bool ok = position().has_value();
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(ok);
  hint_->setText(ok ? QString() : tr("Expected three numbers, e.g. 1024, 512, 77"));
}

}  // namespace skein::ui
