#pragma once
// Navigate › Go to position (Ctrl+G): one field that takes "x, y, z" (also "x y z", "(x, y, z)");
// OK stays disabled until the text is a position.

#include <QDialog>

#include <optional>

#include "core/base/Vec3.h"

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace skein::ui {

class GoToPositionDialog : public QDialog {
  Q_OBJECT
 public:
  GoToPositionDialog(const Vec3d& current, QWidget* parent = nullptr);
  QLineEdit* field() const { return field_; }
  std::optional<Vec3d> position() const;

 private:
  void validate();
  QLineEdit* field_;
  QLabel* hint_;
  QDialogButtonBox* buttons_;
};

}  // namespace skein::ui
