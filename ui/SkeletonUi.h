#pragma once
// The skeleton annotation UI in one place. Construct it once after the main window's menus exist:
//
//   new SkeletonUi(window, session, window->sliceViewports());   // owned by the window
//
// It adds the docks (Trees, Comments, Node), the actions (File › Open annotation…, Save annotation,
// Save annotation as…, Import NML…; Edit › Undo / Redo; the Skeleton menu with the tool commands),
// the skeleton tool and overlay on the three slice viewports, unsaved-changes handling (the
// window's title shows "*", closing asks), the automatic recovery file, and opening .nml / .zip
// files dropped on the window. Actions go into the window's ActionRegistry when it has one (so
// their shortcuts are editable), else they are plain window actions.

#include <QObject>
#include <QPointF>
#include <QString>

#include <array>
#include <memory>

#include "core/skeleton/SkeletonTypes.h"

namespace skein::annotation {
struct AnnotationFile;
}

class QAction;
class QMainWindow;
class QTimer;

namespace skein::render {
class SkeletonScene3D;
}

namespace skein::ui {

class SkeletonCommentPanel;
class SkeletonNodePanel;
class SkeletonOverlay;
class SkeletonRemote;
class SkeletonSession;
class SkeletonTool;
class SkeletonTreePanel;
class SliceViewport;
class ViewerSession;
class Viewport3D;

class SkeletonUi : public QObject {
  Q_OBJECT
 public:
  SkeletonUi(QMainWindow* window, ViewerSession* session, std::array<SliceViewport*, 3> viewports);
  ~SkeletonUi() override;

  SkeletonSession* skeletonSession() const { return skeleton_; }
  SkeletonTool* tool() const { return tool_; }
  SkeletonOverlay* overlay() const { return overlay_; }
  SkeletonTreePanel* treePanel() const { return treePanel_; }
  SkeletonCommentPanel* commentPanel() const { return commentPanel_; }
  SkeletonNodePanel* nodePanel() const { return nodePanel_; }
  // Actions by id: "annotation.open", "annotation.save", "annotation.save_as", "annotation.import",
  // "edit.undo", "edit.redo", "skeleton.delete_node", "skeleton.branch_mark", "skeleton.branch_jump",
  // "skeleton.new_tree", "skeleton.next_comment", "skeleton.previous_comment", "skeleton.centre".
  QAction* action(const QString& id) const;

  // File commands; errors show in a message box and the status bar. They return success.
  bool openAnnotation(const QString& path);  // asks first when there are unsaved changes
  // An annotation downloaded from a server, bound to it (Save goes to the server); a read-only
  // remote disables every edit. Asks first when there are unsaved changes.
  bool openServerAnnotation(annotation::AnnotationFile file, std::shared_ptr<SkeletonRemote> remote);
  bool editingEnabled() const { return editable_; }
  bool importAnnotation(const QString& path);
  bool save();  // to the server for a bound annotation; else the file (Save As when there is none)
  bool saveAs(const QString& path);
  // Asks whether to save unsaved changes: true when it is fine to go on (saved or discarded).
  bool confirmDiscardChanges();
  // Call once at start (after the window is shown): offers to restore a recovery file left behind.
  bool offerRecovery();
  // Shows the skeleton in a 3D view too; a left click (without dragging) on a node there selects it.
  void attach3D(Viewport3D* view);
  render::SkeletonScene3D* scene3D() const { return scene3d_.get(); }

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void createActions();
  void placeInMenus();
  void createDocks();
  void updateUndoActions();
  void updateEditing();  // read-only server annotations: no tool, no edit commands, panels disabled
  void updateParametersBeforeSave();
  void showError(const QString& title, const QString& message);
  void showMessage(const QString& text);
  void jumpTo(skeleton::NodeId node);

  QMainWindow* window_;
  ViewerSession* viewer_;
  std::array<SliceViewport*, 3> viewports_;
  SkeletonSession* skeleton_ = nullptr;
  SkeletonOverlay* overlay_ = nullptr;
  SkeletonTool* tool_ = nullptr;
  SkeletonTreePanel* treePanel_ = nullptr;
  SkeletonCommentPanel* commentPanel_ = nullptr;
  SkeletonNodePanel* nodePanel_ = nullptr;
  std::vector<std::pair<QString, QAction*>> actions_;
  bool closing_ = false;
  bool editable_ = true;
  Viewport3D* view3d_ = nullptr;
  std::shared_ptr<render::SkeletonScene3D> scene3d_;
  QTimer* scene3dTimer_ = nullptr;
  QPointF press3d_;
};

}  // namespace skein::ui
