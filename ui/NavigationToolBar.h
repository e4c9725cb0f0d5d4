#pragma once
// The navigation toolbar: an editable position field ("x, y, z"; pasting "x,y,z", "x y z" or
// "(x, y, z)" jumps there at once, Enter applies what was typed) and the zoom (mag-1 voxels per
// screen pixel). Both follow the session while the user is not editing them.

#include <QLineEdit>
#include <QToolBar>

class QDoubleSpinBox;

namespace skein::ui {

class ViewerSession;

// A line edit that reports a complete position as soon as one is pasted.
class PositionEdit : public QLineEdit {
  Q_OBJECT
 public:
  using QLineEdit::QLineEdit;
 signals:
  void pasted();

 protected:
  void keyPressEvent(QKeyEvent* event) override;
  void contextMenuEvent(QContextMenuEvent* event) override;
};

class NavigationToolBar : public QToolBar {
  Q_OBJECT
 public:
  explicit NavigationToolBar(ViewerSession* session, QWidget* parent = nullptr);
  PositionEdit* positionEdit() const { return position_; }
  QDoubleSpinBox* zoomBox() const { return zoom_; }

 signals:
  void message(const QString& text);  // e.g. a position that does not parse

 private:
  bool applyPosition();  // true when the text was a position
  void showSession();

  ViewerSession* session_;
  PositionEdit* position_;
  QDoubleSpinBox* zoom_;
};

}  // namespace skein::ui
