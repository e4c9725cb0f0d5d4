#pragma once
// The open skeleton annotation of the viewer: the annotation file (skeleton plus any volume data
// carried through), its undo stack and editor, the file path, the unsaved-changes state and the
// automatic recovery file (written every autosaveInterval while there are unsaved changes).
//
// Every edit goes through editor() (one undoable command per call; gestures group several).
// skeletonChanged() fires after every change of the model: edit, undo, redo, open.
//
// An annotation opened from a server is bound to a SkeletonRemote instead of a file: Save sends
// the changes there (saveToRemote), and a read-only remote means no edits at all.

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

#include "core/annotation/AnnotationFile.h"
#include "core/annotation/SkeletonEditor.h"
#include "core/annotation/UndoStack.h"

class QTimer;

namespace skein::ui {

// Where a server annotation's changes go (ServerUi implements it; the session knows no HTTP).
class SkeletonRemote {
 public:
  virtual ~SkeletonRemote() = default;
  virtual QString displayName() const = 0;  // e.g. "“my tracing” on https://…"
  virtual bool readOnly() const = 0;
  // Sends what changed since the last save (or the download) up to `current`; done() once the
  // server has acknowledged it, or with the reason it did not.
  virtual void save(const skeleton::Skeleton& current, std::function<void(Status)> done) = 0;
};

class SkeletonSession : public QObject {
  Q_OBJECT
 public:
  static constexpr int kDefaultAutosaveMs = 30'000;

  explicit SkeletonSession(QObject* parent = nullptr);
  ~SkeletonSession() override;

  const skeleton::Skeleton& skeleton() const { return file_.nml.skeleton; }
  // Annotation-level data that is not part of the undoable model (parameters, e.g. the dataset).
  skeleton::Skeleton& mutableSkeletonParameters() { return file_.nml.skeleton; }
  annotation::SkeletonEditor& editor() { return *editor_; }
  annotation::UndoStack& undoStack() { return stack_; }
  // One user gesture = one undo step. Use these rather than the editor's, so that observers of
  // the undo state hear when a gesture ends.
  void beginGesture(const std::string& text) { editor_->beginGesture(text); }
  void endGesture();

  QString filePath() const { return path_; }
  bool isDirty() const { return forcedDirty_ || !stack_.isClean(); }

  // Replaces the annotation (the undo history is cleared). On error nothing changes.
  Status open(const QString& path);
  // Replaces the annotation with one downloaded from a server, bound to `remote` (no file path).
  void openRemote(annotation::AnnotationFile file, std::shared_ptr<SkeletonRemote> remote);
  SkeletonRemote* remote() const { return remote_.get(); }
  // Binds the annotation as it is to another remote (e.g. the user's copy of a read-only one).
  void bindRemote(std::shared_ptr<SkeletonRemote> remote) { setRemote(std::move(remote)); }
  bool isReadOnly() const { return remote_ && remote_->readOnly(); }
  // Save of a bound annotation: the state now becomes the saved one; if the server does not take
  // it, the annotation is marked unsaved again. done() may run after this returns.
  void saveToRemote(std::function<void(Status)> done);
  void newAnnotation();
  Status save();  // to filePath(); an error when there is none
  Status saveAs(const QString& path);
  // Merges a file's trees into the annotation as one undo step (in a new group named after it).
  Result<annotation::ImportResult> importFile(const QString& path);

  // Recovery. The file is <recoveryDirectory>/skein-recovery-<pid>.nml (or .zip with volume data),
  // next to a ".source" file naming the annotation's own path.
  void setAutosaveInterval(int ms);
  int autosaveInterval() const;
  void setRecoveryDirectory(const QString& dir);
  QString recoveryDirectory() const { return recoveryDir_; }
  QString recoveryFilePath() const;
  Status writeRecoveryFile();
  void removeRecoveryFile();
  // Opens a recovery file as an unsaved annotation whose path is `originalPath` (may be empty).
  Status restoreRecovery(const QString& recoveryFile, const QString& originalPath);

 signals:
  void skeletonChanged();
  void undoStateChanged();  // what can be undone or redone may have changed
  void dirtyChanged(bool dirty);
  void filePathChanged(const QString& path);
  void remoteChanged();  // bound to a server annotation, or no longer
  void recoveryWritten(const QString& path);

 private:
  void onStackChanged();
  void replaceFile(annotation::AnnotationFile file, const QString& path, bool dirty);
  void setRemote(std::shared_ptr<SkeletonRemote> remote);
  void updateDirty();

  annotation::AnnotationFile file_;
  annotation::UndoStack stack_;
  std::unique_ptr<annotation::SkeletonEditor> editor_;
  QString path_;
  bool forcedDirty_ = false;
  bool lastDirty_ = false;
  QTimer* autosave_ = nullptr;
  QString recoveryDir_;
  QString lastRecoveryFile_;
  std::shared_ptr<SkeletonRemote> remote_;
};

}  // namespace skein::ui
