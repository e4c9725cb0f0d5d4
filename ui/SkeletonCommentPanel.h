#pragma once
// The comments of the skeleton: node id, tree and text, sortable by any column. Double click on
// a comment makes its node active and centres the view on it.

#include <QWidget>

#include <functional>

#include "core/skeleton/SkeletonTypes.h"

class QTreeWidget;
class QTimer;

namespace skein::ui {

class SkeletonSession;

class SkeletonCommentPanel : public QWidget {
  Q_OBJECT
 public:
  SkeletonCommentPanel(SkeletonSession* session, std::function<void(skeleton::NodeId)> jumpTo,
                       QWidget* parent = nullptr);
  QTreeWidget* list() const { return list_; }
  void rebuild();

 private:
  SkeletonSession* session_;
  std::function<void(skeleton::NodeId)> jumpTo_;
  QTreeWidget* list_ = nullptr;
  QTimer* rebuildTimer_ = nullptr;
};

}  // namespace skein::ui
