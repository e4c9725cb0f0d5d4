#pragma once
// Details of the active node: id, tree, position, and its radius and comment, which can be edited
// here (each edit one undoable command).

#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;

namespace skein::ui {

class SkeletonSession;

class SkeletonNodePanel : public QWidget {
  Q_OBJECT
 public:
  explicit SkeletonNodePanel(SkeletonSession* session, QWidget* parent = nullptr);
  QLabel* positionLabel() const { return position_; }
  QDoubleSpinBox* radiusField() const { return radius_; }
  QLineEdit* commentField() const { return comment_; }
  void refresh();

 private:
  void commitRadius();
  void commitComment();

  SkeletonSession* session_;
  QLabel* node_ = nullptr;
  QLabel* tree_ = nullptr;
  QLabel* position_ = nullptr;
  QDoubleSpinBox* radius_ = nullptr;
  QLineEdit* comment_ = nullptr;
};

}  // namespace skein::ui
