#pragma once
// The tree list of the skeleton: nested groups and trees with their node counts, a visibility
// check box and a colour swatch per tree, a name filter, and buttons for new tree / new group /
// colour / delete. Trees can be dragged onto another group (or the empty area: top level).
// Double click on a tree activates its newest node and centres on it; F2 renames. Every change is
// an undoable command through the session's editor.

#include <QWidget>

#include <functional>
#include <set>

#include "core/skeleton/SkeletonTypes.h"

class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;
class QTimer;

namespace skein::ui {

class SkeletonSession;

class SkeletonTreePanel : public QWidget {
  Q_OBJECT
 public:
  enum Role { KindRole = Qt::UserRole + 1, IdRole };
  enum Kind { GroupItem = 1, TreeItem = 2 };

  SkeletonTreePanel(SkeletonSession* session, std::function<void(skeleton::NodeId)> jumpTo, QWidget* parent = nullptr);

  QTreeWidget* treeWidget() const { return tree_; }
  QLineEdit* filterField() const { return filter_; }
  QTreeWidgetItem* itemForTree(skeleton::TreeId id) const;
  void rebuild();  // normally deferred: runs once after a burst of changes
  void moveSelectedTreesTo(skeleton::GroupId group);

 private:
  void scheduleRebuild();
  void applyFilter();
  void onItemChanged(QTreeWidgetItem* item, int column);
  void onDoubleClicked(QTreeWidgetItem* item);
  std::vector<skeleton::TreeId> selectedTrees() const;
  void chooseColor();
  void deleteSelected();
  void createGroup();

  SkeletonSession* session_;
  std::function<void(skeleton::NodeId)> jumpTo_;
  QLineEdit* filter_ = nullptr;
  QTreeWidget* tree_ = nullptr;
  QTimer* rebuildTimer_ = nullptr;
  std::set<skeleton::GroupId> collapsed_;
  bool rebuilding_ = false;
};

}  // namespace skein::ui
