#pragma once
// The Dataset info dock: name, source URL or path, format, voxel size and unit, bounding box, and
// per layer its category, element type, bounding box and mags (with their chunk size).

#include <QTreeWidget>

namespace skein::ui {

class ViewerSession;

class DatasetInfoPanel : public QTreeWidget {
  Q_OBJECT
 public:
  explicit DatasetInfoPanel(ViewerSession* session, QWidget* parent = nullptr);
  // The value of a top-level row ("Source", "Voxel size", …); empty when absent.
  QString value(const QString& property) const;

 private:
  void rebuild();
  ViewerSession* session_;
};

}  // namespace skein::ui
