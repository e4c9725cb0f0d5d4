#include "ui/SkeletonUi.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineF>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QMouseEvent>
#include <QPointer>
#include <QStatusBar>
#include <QTimer>
#include <QUrl>

#include <cmath>

#include "render/SkeletonScene3D.h"
#include "ui/ActionRegistry.h"
#include "ui/SkeletonColors.h"
#include "ui/SkeletonCommentPanel.h"
#include "ui/SkeletonNodePanel.h"
#include "ui/SkeletonOverlay.h"
#include "ui/SkeletonRecovery.h"
#include "ui/SkeletonSession.h"
#include "ui/SkeletonTool.h"
#include "ui/SkeletonTreePanel.h"
#include "ui/SliceViewport.h"
#include "ui/ViewerSession.h"
#include "ui/Viewport3D.h"

namespace skein::ui {

namespace sk = skein::skeleton;

namespace {
constexpr int kMessageMs = 8000;
const QString kFileFilter = QObject::tr("Annotations (*.nml *.zip);;NML files (*.nml);;Annotation zips (*.zip)");

bool isAnnotationFile(const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  return suffix == QLatin1String("nml") || suffix == QLatin1String("zip");
}

// The local annotation files a drop carries (empty when anything else is in it).
QStringList droppedAnnotations(const QMimeData* mime) {
  QStringList out;
  if (!mime || !mime->hasUrls()) return out;
  for (const QUrl& url : mime->urls()) {
    if (!url.isLocalFile() || !isAnnotationFile(url.toLocalFile()) || QFileInfo(url.toLocalFile()).isDir()) return {};
    out << url.toLocalFile();
  }
  return out;
}

QList<QKeySequence> keys(std::initializer_list<const char*> list) {
  QList<QKeySequence> out;
  for (const char* k : list) out << QKeySequence(QString::fromLatin1(k), QKeySequence::PortableText);
  return out;
}

QMenu* findMenu(QMenuBar* bar, const QString& title) {
  for (QAction* a : bar->actions())
    if (a->menu() && a->text() == title) return a->menu();
  return nullptr;
}
}  // namespace

SkeletonUi::SkeletonUi(QMainWindow* window, ViewerSession* session, std::array<SliceViewport*, 3> viewports)
    : QObject(window), window_(window), viewer_(session), viewports_(viewports) {
  skeleton_ = new SkeletonSession(this);
  overlay_ = new SkeletonOverlay(skeleton_, viewports_, this);
  tool_ = new SkeletonTool(skeleton_, viewer_, overlay_, viewports_, this);
  connect(tool_, &SkeletonTool::message, this, &SkeletonUi::showMessage);
  createActions();
  createDocks();
  placeInMenus();

  window_->setAcceptDrops(true);
  window_->installEventFilter(this);
  if (!window_->windowTitle().contains(QLatin1String("[*]"))) window_->setWindowTitle(window_->windowTitle() + "[*]");
  connect(skeleton_, &SkeletonSession::dirtyChanged, window_, &QWidget::setWindowModified);
  connect(skeleton_, &SkeletonSession::undoStateChanged, this, &SkeletonUi::updateUndoActions);
  connect(skeleton_, &SkeletonSession::remoteChanged, this, &SkeletonUi::updateEditing);
  updateUndoActions();
}

SkeletonUi::~SkeletonUi() = default;

QAction* SkeletonUi::action(const QString& id) const {
  for (const auto& [name, a] : actions_)
    if (name == id) return a;
  return nullptr;
}

void SkeletonUi::createActions() {
  auto* registry = window_->findChild<ActionRegistry*>();
  const QString file = tr("File"), edit = tr("Edit"), skel = tr("Skeleton");
  auto add = [&](const QString& id, const QString& category, const QString& text, const QList<QKeySequence>& k) {
    QAction* a = nullptr;
    if (registry) {
      a = registry->add(id, category, text, k);
    } else {
      a = new QAction(text, this);
      a->setObjectName(id);
      a->setShortcuts(k);
    }
    window_->addAction(a);
    actions_.emplace_back(id, a);
    return a;
  };
  connect(add("annotation.open", file, tr("Open &annotation…"), {}), &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getOpenFileName(window_, tr("Open annotation"), {}, kFileFilter);
    if (!path.isEmpty()) openAnnotation(path);
  });
  connect(add("annotation.save", file, tr("&Save annotation"), keys({"Ctrl+S"})), &QAction::triggered, this,
          [this] { save(); });
  connect(add("annotation.save_as", file, tr("Save annotation &as…"), keys({"Ctrl+Shift+S"})), &QAction::triggered,
          this, [this] {
            const QString path = QFileDialog::getSaveFileName(window_, tr("Save annotation"), skeleton_->filePath(),
                                                              kFileFilter);
            if (!path.isEmpty()) saveAs(path);
          });
  connect(add("annotation.import", file, tr("&Import NML…"), {}), &QAction::triggered, this, [this] {
    const QStringList paths = QFileDialog::getOpenFileNames(window_, tr("Import annotations"), {}, kFileFilter);
    for (const QString& p : paths) importAnnotation(p);
  });
  connect(add("edit.undo", edit, tr("&Undo"), keys({"Ctrl+Z"})), &QAction::triggered, this, [this] {
    if (skeleton_->undoStack().canUndo()) skeleton_->undoStack().undo();
  });
  connect(add("edit.redo", edit, tr("&Redo"), keys({"Ctrl+Shift+Z", "Ctrl+Y"})), &QAction::triggered, this, [this] {
    if (skeleton_->undoStack().canRedo()) skeleton_->undoStack().redo();
  });
  connect(add("skeleton.delete_node", skel, tr("Delete active node"), keys({"Del"})), &QAction::triggered, tool_,
          &SkeletonTool::deleteActiveNode);
  connect(add("skeleton.branch_mark", skel, tr("Mark branch point"), keys({"B"})), &QAction::triggered, tool_,
          &SkeletonTool::markBranchPoint);
  connect(add("skeleton.branch_jump", skel, tr("Jump to last branch point"), keys({"J"})), &QAction::triggered, tool_,
          &SkeletonTool::jumpToBranchPoint);
  connect(add("skeleton.new_tree", skel, tr("New tree"), keys({"C"})), &QAction::triggered, tool_,
          &SkeletonTool::createTree);
  connect(add("skeleton.next_comment", skel, tr("Next comment"), keys({"N"})), &QAction::triggered, tool_,
          [this] { tool_->goToComment(+1); });
  connect(add("skeleton.previous_comment", skel, tr("Previous comment"), keys({"P"})), &QAction::triggered, tool_,
          [this] { tool_->goToComment(-1); });
  connect(add("skeleton.centre", skel, tr("Centre on active node"), keys({"S"})), &QAction::triggered, tool_,
          &SkeletonTool::centreOnActiveNode);
}

void SkeletonUi::createDocks() {
  auto dock = [this](QWidget* content, const QString& title, const char* name) {
    auto* d = new QDockWidget(title, window_);
    d->setObjectName(QLatin1String(name));
    d->setWidget(content);
    d->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    window_->addDockWidget(Qt::LeftDockWidgetArea, d);
    return d;
  };
  auto jump = [this](sk::NodeId node) { jumpTo(node); };
  treePanel_ = new SkeletonTreePanel(skeleton_, jump, window_);
  commentPanel_ = new SkeletonCommentPanel(skeleton_, jump, window_);
  nodePanel_ = new SkeletonNodePanel(skeleton_, window_);
  QDockWidget* trees = dock(treePanel_, tr("Trees"), "skeletonTreesDock");
  QDockWidget* comments = dock(commentPanel_, tr("Comments"), "skeletonCommentsDock");
  dock(nodePanel_, tr("Node"), "skeletonNodeDock");
  window_->tabifyDockWidget(trees, comments);
  trees->raise();
}

void SkeletonUi::placeInMenus() {
  QMenuBar* bar = window_->menuBar();
  QMenu* file = findMenu(bar, tr("&File"));
  if (!file) file = bar->addMenu(tr("&File"));
  const QList<QAction*> fileActions{action("annotation.open"), action("annotation.save"), action("annotation.save_as"),
                                    action("annotation.import")};
  // Before the separator that precedes Quit, when there is one.
  QAction* before = nullptr;
  const QList<QAction*> existing = file->actions();
  for (int i = 0; i < existing.size(); ++i)
    if (existing[i]->objectName() == QLatin1String("file.quit"))
      before = (i > 0 && existing[i - 1]->isSeparator()) ? existing[i - 1] : existing[i];
  file->insertActions(before, fileActions);
  file->insertSeparator(fileActions.front());

  QMenu* edit = findMenu(bar, tr("&Edit"));
  if (!edit) edit = bar->addMenu(tr("&Edit"));
  QAction* first = edit->actions().isEmpty() ? nullptr : edit->actions().front();
  edit->insertActions(first, {action("edit.undo"), action("edit.redo")});
  if (first) edit->insertSeparator(first);

  auto* skel = new QMenu(tr("S&keleton"), window_);
  skel->setObjectName(QStringLiteral("skeletonMenu"));
  for (const auto& [id, a] : actions_)
    if (id.startsWith(QLatin1String("skeleton."))) skel->addAction(a);
  QMenu* view = findMenu(bar, tr("&View"));
  bar->insertMenu(view ? view->menuAction() : nullptr, skel);
  if (view) {
    view->addSeparator();
    for (const char* name : {"skeletonTreesDock", "skeletonCommentsDock", "skeletonNodeDock"})
      if (auto* d = window_->findChild<QDockWidget*>(QLatin1String(name))) view->addAction(d->toggleViewAction());
  }
}

void SkeletonUi::updateUndoActions() {
  const annotation::UndoStack& stack = skeleton_->undoStack();
  QAction* undo = action("edit.undo");
  QAction* redo = action("edit.redo");
  undo->setEnabled(editable_ && stack.canUndo());
  redo->setEnabled(editable_ && stack.canRedo());
  undo->setText(stack.canUndo() ? tr("&Undo %1").arg(QString::fromStdString(stack.undoText())) : tr("&Undo"));
  redo->setText(stack.canRedo() ? tr("&Redo %1").arg(QString::fromStdString(stack.redoText())) : tr("&Redo"));
}

void SkeletonUi::showError(const QString& title, const QString& message) {
  showMessage(message);
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, window_);
  box->setObjectName(QStringLiteral("skeletonError"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void SkeletonUi::showMessage(const QString& text) { window_->statusBar()->showMessage(text, kMessageMs); }

void SkeletonUi::jumpTo(sk::NodeId node) { tool_->centreOn(node); }

bool SkeletonUi::openAnnotation(const QString& path) {
  if (!confirmDiscardChanges()) return false;
  const Status opened = skeleton_->open(path);
  if (!opened.ok()) {
    showError(tr("Cannot open annotation"), QString::fromStdString(opened.error().message));
    return false;
  }
  const sk::Skeleton& s = skeleton_->skeleton();
  if (viewer_->hasDataset()) {
    if (s.activeNode && s.hasNode(*s.activeNode)) tool_->centreOn(*s.activeNode);
    else if (s.parameters.editPosition != Vec3d{}) viewer_->setPosition(s.parameters.editPosition);
  }
  showMessage(tr("Opened annotation %1 (%2 trees, %3 nodes)").arg(path).arg(s.trees().size()).arg(s.nodeCount()));
  return true;
}

bool SkeletonUi::openServerAnnotation(annotation::AnnotationFile file, std::shared_ptr<SkeletonRemote> remote) {
  if (!confirmDiscardChanges()) return false;
  const QString name = remote ? remote->displayName() : QString();
  skeleton_->openRemote(std::move(file), std::move(remote));
  const sk::Skeleton& s = skeleton_->skeleton();
  showMessage(tr("Opened %1 (%2 trees, %3 nodes%4)")
                  .arg(name)
                  .arg(s.trees().size())
                  .arg(s.nodeCount())
                  .arg(skeleton_->isReadOnly() ? tr(", read-only") : QString()));
  return true;
}

void SkeletonUi::updateEditing() {
  const bool editable = !skeleton_->isReadOnly();
  if (editable == editable_) return;
  editable_ = editable;
  for (SliceViewport* v : viewports_) {
    if (!v) continue;
    v->removeEventFilter(tool_);  // never twice
    if (editable) v->installEventFilter(tool_);
  }
  for (const char* id : {"skeleton.delete_node", "skeleton.branch_mark", "skeleton.new_tree", "annotation.import"})
    action(QLatin1String(id))->setEnabled(editable);
  for (QWidget* panel : {static_cast<QWidget*>(treePanel_), static_cast<QWidget*>(commentPanel_),
                         static_cast<QWidget*>(nodePanel_)})
    panel->setEnabled(editable);
  updateUndoActions();
}

bool SkeletonUi::importAnnotation(const QString& path) {
  if (!editable_) {
    showError(tr("Cannot import annotation"), tr("The open server annotation is read-only."));
    return false;
  }
  const auto imported = skeleton_->importFile(path);
  if (!imported.ok()) {
    showError(tr("Cannot import annotation"), QString::fromStdString(imported.error().message));
    return false;
  }
  showMessage(tr("Imported %1 trees, %2 nodes from %3").arg(imported->trees).arg(imported->nodes).arg(path));
  return true;
}

void SkeletonUi::updateParametersBeforeSave() {
  sk::Skeleton& s = skeleton_->mutableSkeletonParameters();
  s.parameters.editPosition = viewer_->position();
  if (const Dataset* ds = viewer_->dataset()) {
    if (s.parameters.datasetName.empty()) s.parameters.datasetName = ds->name;
    if (!s.parameters.voxelSize) {
      s.parameters.voxelSize = ds->voxelSize.factor;
      s.parameters.voxelUnit = ds->voxelSize.unit;
    }
  }
}

bool SkeletonUi::save() {
  if (SkeletonRemote* remote = skeleton_->remote()) {
    if (remote->readOnly()) {
      showError(tr("Cannot save annotation"),
                tr("%1 is read-only for you. Use “Copy to my account” to edit your own copy, or Save As to keep a "
                   "local file.")
                    .arg(remote->displayName()));
      return false;
    }
    updateParametersBeforeSave();
    const QString name = remote->displayName();
    showMessage(tr("Saving %1…").arg(name));
    QPointer<SkeletonUi> self(this);
    skeleton_->saveToRemote([self, name](Status s) {
      if (!self) return;
      if (s.ok()) self->showMessage(tr("Saved %1").arg(name));
      else self->showError(tr("Cannot save annotation"), QString::fromStdString(s.error().message));
    });
    return true;
  }
  if (skeleton_->filePath().isEmpty()) {
    const QString path = QFileDialog::getSaveFileName(window_, tr("Save annotation"), {}, kFileFilter);
    return !path.isEmpty() && saveAs(path);
  }
  return saveAs(skeleton_->filePath());
}

bool SkeletonUi::saveAs(const QString& path) {
  updateParametersBeforeSave();
  const Status saved = skeleton_->saveAs(path);
  if (!saved.ok()) {
    showError(tr("Cannot save annotation"), QString::fromStdString(saved.error().message));
    return false;
  }
  showMessage(tr("Saved annotation %1").arg(path));
  return true;
}

bool SkeletonUi::confirmDiscardChanges() {
  if (!skeleton_->isDirty()) return true;
  QMessageBox box(QMessageBox::Question, tr("Unsaved annotation"),
                  tr("The annotation has unsaved changes. Save them?"),
                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, window_);
  box.setObjectName(QStringLiteral("unsavedChangesQuestion"));
  box.setDefaultButton(QMessageBox::Save);
  const int answer = box.exec();
  if (answer == QMessageBox::Save) return save();
  if (answer == QMessageBox::Discard) {
    skeleton_->removeRecoveryFile();
    return true;
  }
  return false;
}

bool SkeletonUi::offerRecovery() { return ui::offerRecovery(window_, *skeleton_); }

void SkeletonUi::attach3D(Viewport3D* view) {
  if (!view || view3d_) return;
  view3d_ = view;
  scene3d_ = std::make_shared<render::SkeletonScene3D>(skeleton_->skeleton(), [](const sk::Tree& t) {
    const QColor c = treeDisplayColor(t);
    return std::array<double, 3>{c.redF(), c.greenF(), c.blueF()};
  });
  view->scene().addLayer(scene3d_);
  // Rebuilding the 3D geometry touches every node: once per burst of edits (e.g. a drag).
  scene3dTimer_ = new QTimer(this);
  scene3dTimer_->setSingleShot(true);
  scene3dTimer_->setInterval(30);
  connect(scene3dTimer_, &QTimer::timeout, this, [this] {
    if (!view3d_) return;
    scene3d_->update();
    view3d_->scene().notifyChanged();
  });
  connect(skeleton_, &SkeletonSession::skeletonChanged, scene3dTimer_, qOverload<>(&QTimer::start));
  connect(view, &QObject::destroyed, this, [this] { view3d_ = nullptr; });
  view->installEventFilter(this);
}

bool SkeletonUi::eventFilter(QObject* watched, QEvent* event) {
  if (view3d_ && watched == view3d_) {
    // Observe only: the view itself orbits and zooms. A click without dragging selects a node.
    if (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::MouseButtonRelease) {
      auto* e = static_cast<QMouseEvent*>(event);
      if (e->button() != Qt::LeftButton || e->modifiers() != Qt::NoModifier) return false;
      if (event->type() == QEvent::MouseButtonPress) {
        press3d_ = e->position();
      } else if (QLineF(press3d_, e->position()).length() < 4) {
        const qreal dpr = view3d_->devicePixelRatioF();
        const int w = int(std::lround(view3d_->width() * dpr)), h = int(std::lround(view3d_->height() * dpr));
        const auto hit = scene3d_->nodeAtDisplay(view3d_->scene().renderer(), w, h, e->position().x() * dpr,
                                                 h - e->position().y() * dpr - 1);
        if (hit) (void)skeleton_->editor().setActiveNode(*hit);
      }
    }
    return false;
  }
  if (watched != window_) return QObject::eventFilter(watched, event);
  switch (event->type()) {
    case QEvent::Close: {
      if (closing_) return false;
      closing_ = true;
      const bool ok = confirmDiscardChanges();
      closing_ = false;
      if (ok) {
        skeleton_->removeRecoveryFile();
        return false;  // the window's own close handling goes on
      }
      event->ignore();
      return true;
    }
    case QEvent::WindowTitleChange:
      if (!window_->windowTitle().contains(QLatin1String("[*]")))
        window_->setWindowTitle(window_->windowTitle() + QStringLiteral("[*]"));
      return false;
    case QEvent::DragEnter: {
      auto* e = static_cast<QDragEnterEvent*>(event);
      if (droppedAnnotations(e->mimeData()).isEmpty()) return false;
      e->acceptProposedAction();
      return true;
    }
    case QEvent::Drop: {
      auto* e = static_cast<QDropEvent*>(event);
      const QStringList files = droppedAnnotations(e->mimeData());
      if (files.isEmpty()) return false;
      e->acceptProposedAction();
      // After the drop returns (the drag source must not wait for a question or a big file).
      QMetaObject::invokeMethod(
          this,
          [this, files] {
            if (!openAnnotation(files.front())) return;
            for (int i = 1; i < files.size(); ++i) importAnnotation(files[i]);
          },
          Qt::QueuedConnection);
      return true;
    }
    default:
      return QObject::eventFilter(watched, event);
  }
}

}  // namespace skein::ui
