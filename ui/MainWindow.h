#pragma once
#include <QMainWindow>
#include <array>

namespace skein::ui {

class ViewportWidget;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  const std::array<ViewportWidget*, 4>& viewports() const { return viewports_; }

 private:
  std::array<ViewportWidget*, 4> viewports_{};
};

}  // namespace skein::ui
